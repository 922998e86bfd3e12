/*
 * test-screen.c - safety screening (lib/screen.c, lib/questions.c).
 *
 * Covers: the pain rule and bad answers; the question table against
 * docs/safety.md (ids, order, levels, areas, emergency advice); each answer
 * alone; precedence of levels in every combination, reasons worst first;
 * duplicate answers; the journal's worse-after-sessions flag; the caution
 * effects the catalog's rules and docs/safety.md's exclusion table give
 * (left out, changed), computed from the catalog; the verdict's
 * JSON; and the safety box's signs, at the screening's levels.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "limber/limber.h"
#include "strbuf.h"
#include "util.h"

/* docs/safety.md, "The questions": in the order they are asked. */
static const struct {
	const char *id;
	enum limber_level level;
	const char *area;
} safety_md[] = {
	{ "bladder-bowel", LIMBER_LEVEL_EMERGENCY, NULL },
	{ "saddle-numbness", LIMBER_LEVEL_EMERGENCY, NULL },
	{ "both-legs", LIMBER_LEVEL_EMERGENCY, NULL },
	{ "sexual-function", LIMBER_LEVEL_EMERGENCY, NULL },
	{ "major-trauma", LIMBER_LEVEL_EMERGENCY, NULL },
	{ "new-chest-pain", LIMBER_LEVEL_EMERGENCY, NULL },
	{ "neck-vascular", LIMBER_LEVEL_EMERGENCY, "upper" },
	{ "fever-stiff-neck", LIMBER_LEVEL_EMERGENCY, "upper" },
	{ "neck-stroke-signs", LIMBER_LEVEL_EMERGENCY, "upper" },
	{ "neck-dizzy-unsteady", LIMBER_LEVEL_EMERGENCY, "upper" },
	{ "sudden-headache", LIMBER_LEVEL_EMERGENCY, "upper" },
	{ "cancer-history", LIMBER_LEVEL_SEE_CLINICIAN, NULL },
	{ "progressive-weakness", LIMBER_LEVEL_URGENT, NULL },
	{ "cord-signs", LIMBER_LEVEL_URGENT, NULL },
	{ "pregnancy-warning", LIMBER_LEVEL_URGENT, NULL },
	{ "fever", LIMBER_LEVEL_SEE_CLINICIAN, NULL },
	{ "weight-loss", LIMBER_LEVEL_SEE_CLINICIAN, NULL },
	{ "night-pain", LIMBER_LEVEL_SEE_CLINICIAN, NULL },
	{ "infection-risk", LIMBER_LEVEL_SEE_CLINICIAN, NULL },
	{ "fracture-risk", LIMBER_LEVEL_SEE_CLINICIAN, NULL },
	{ "recent-knock", LIMBER_LEVEL_SEE_CLINICIAN, NULL },
	{ "recent-spine-surgery", LIMBER_LEVEL_SEE_CLINICIAN, NULL },
	{ "neck-dizziness", LIMBER_LEVEL_SEE_CLINICIAN, "upper" },
	{ "unstable-neck", LIMBER_LEVEL_SEE_CLINICIAN, "upper" },
	{ "mid-back-pain", LIMBER_LEVEL_SEE_CLINICIAN, NULL },
	{ "back-lump", LIMBER_LEVEL_SEE_CLINICIAN, NULL },
	{ "morning-stiffness", LIMBER_LEVEL_SEE_CLINICIAN, NULL },
	{ "new-pain", LIMBER_LEVEL_GO, NULL },
	{ "age-risk", LIMBER_LEVEL_GO, NULL },
	{ "lifting-strain", LIMBER_LEVEL_CAUTION, NULL },
	{ "knee-problem", LIMBER_LEVEL_CAUTION, NULL },
	{ "pregnancy", LIMBER_LEVEL_CAUTION, NULL },
	{ "osteoporosis", LIMBER_LEVEL_CAUTION, NULL },
	{ "spinal-fracture", LIMBER_LEVEL_CAUTION, NULL },
	{ "hypermobility", LIMBER_LEVEL_CAUTION, NULL },
	{ "stenosis", LIMBER_LEVEL_CAUTION, NULL },
	{ "spondylolisthesis", LIMBER_LEVEL_CAUTION, NULL },
	{ "hip-replacement", LIMBER_LEVEL_CAUTION, NULL },
};

/* ------------------------------------------------------------------ */
/* Helpers.                                                            */

static int
setup(void **state)
{
	struct limber_catalog *cat = NULL;
	char *cause = NULL;

	if (limber_catalog_builtin(&cat, &cause) != LIMBER_OK) {
		print_error("built-in catalog: %s\n", cause);
		free(cause);
		return -1;
	}
	*state = cat;
	return 0;
}

static int
teardown(void **state)
{
	limber_catalog_free(*state);
	return 0;
}

/* Screen answers that must be valid; the verdict is the caller's. */
static struct limber_verdict *
screen(void **state, int pain, unsigned area, const char **yes, size_t nyes)
{
	struct limber_answers ans = {
		.pain = pain, .area = area, .yes = yes, .nyes = nyes,
	};
	struct limber_verdict *v = NULL;
	char *cause = NULL;

	if (limber_screen(*state, &ans, &v, &cause) != LIMBER_OK)
		fail_msg("screening failed: %s", cause ? cause : "(no message)");
	assert_null(cause);
	assert_non_null(v);
	return v;
}

/* Screen answers that must be refused; returns the message. */
static char *
screen_invalid(void **state, int pain, unsigned area, const char **yes,
    size_t nyes)
{
	struct limber_answers ans = {
		.pain = pain, .area = area, .yes = yes, .nyes = nyes,
	};
	struct limber_verdict *v = (struct limber_verdict *)1;
	char *cause = NULL;

	assert_int_equal(limber_screen(*state, &ans, &v, &cause),
	    LIMBER_ERR_INVALID);
	assert_null(v);
	assert_non_null(cause);
	assert_true(*cause != '\0');
	return cause;
}

static void
assert_worst_first(const struct limber_verdict *v)
{
	for (size_t i = 1; i < v->nreasons; i++)
		assert_true(v->reasons[i - 1].level >= v->reasons[i].level);
	if (v->nreasons > 0)
		assert_int_equal(v->level, v->reasons[0].level);
	else
		assert_int_equal(v->level, LIMBER_LEVEL_GO);
}

static bool
excluded(const struct limber_verdict *v, const char *stretch)
{
	for (size_t i = 0; i < v->nexcluded; i++) {
		if (strcmp(v->excluded[i], stretch) == 0)
			return true;
	}
	return false;
}

static const struct limber_change *
changed(const struct limber_verdict *v, const char *stretch)
{
	const struct limber_change *found = NULL;

	for (size_t i = 0; i < v->nchanged; i++) {
		if (strcmp(v->changed[i].stretch, stretch) == 0) {
			if (found != NULL)
				fail_msg("%s is changed twice", stretch);
			found = &v->changed[i];
		}
	}
	return found;
}

static const struct limber_screen_rule *
rule_for(const struct limber_stretch *st, const char *question)
{
	for (size_t i = 0; i < st->nscreening; i++) {
		if (strcmp(st->screening[i].question, question) == 0)
			return &st->screening[i];
	}
	return NULL;
}

/*
 * docs/safety.md, "What the plan leaves out": what a "yes" rules out of
 * every version of every exercise, written out here from the document so
 * that the verdicts below are checked against it, not against the
 * library's own table (lib/exclusions.c).
 */
static const struct {
	const char *question;
	unsigned needs, moves;
} leaves_out[] = {
	{ "osteoporosis", 0, LIMBER_MOVE_FORWARD_BEND | LIMBER_MOVE_TWIST },
	{ "spinal-fracture", 0, LIMBER_MOVE_FORWARD_BEND | LIMBER_MOVE_TWIST },
	{ "knee-problem", LIMBER_NEED_KNEELING, 0 },
	{ "pregnancy", LIMBER_NEED_LYING, LIMBER_MOVE_BACK_BEND },
	{ "stenosis", 0, LIMBER_MOVE_BACK_BEND },
	{ "spondylolisthesis", 0, LIMBER_MOVE_BACK_BEND },
	{ "hip-replacement", 0,
	    LIMBER_MOVE_DEEP_HIP_BEND | LIMBER_MOVE_LEG_CROSS },
};

/*
 * Whether a "yes" to question rules out a version of an exercise; one
 * whose file does not say how it moves might do anything.
 */
static bool
version_ruled_out(const char *question, unsigned needs, unsigned moves,
    bool moves_known)
{
	for (size_t i = 0; i < nitems(leaves_out); i++) {
		if (strcmp(leaves_out[i].question, question) != 0)
			continue;
		if ((needs & leaves_out[i].needs) != 0)
			return true;
		if (leaves_out[i].moves != 0 &&
		    (!moves_known || (moves & leaves_out[i].moves) != 0))
			return true;
	}
	return false;
}

/* Whether one of the answers yes rules out a version. */
static bool
version_ruled_out_by(const char *const *yes, size_t nyes, unsigned needs,
    unsigned moves, bool moves_known)
{
	for (size_t k = 0; k < nyes; k++) {
		if (version_ruled_out(yes[k], needs, moves, moves_known))
			return true;
	}
	return false;
}

/*
 * Whether the answers yes, between them, rule out st as written and each
 * of its variants.
 */
static bool
every_version_ruled_out(const struct limber_stretch *st, const char *const *yes,
    size_t nyes)
{
	if (!version_ruled_out_by(yes, nyes, st->needs, st->moves,
		st->moves_known))
		return false;
	for (size_t i = 0; i < st->nvariants; i++) {
		const struct limber_variant *va = &st->variants[i];

		if (!version_ruled_out_by(yes, nyes, va->needs, va->moves,
			va->moves_known))
			return false;
	}
	return true;
}

/* Whether the table rules out st as written or any of its variants. */
static bool
some_version_ruled_out(const struct limber_stretch *st, const char *q)
{
	if (version_ruled_out(q, st->needs, st->moves, st->moves_known))
		return true;
	for (size_t i = 0; i < st->nvariants; i++) {
		const struct limber_variant *va = &st->variants[i];

		if (version_ruled_out(q, va->needs, va->moves, va->moves_known))
			return true;
	}
	return false;
}

/*
 * Whether a "yes" to each of yes leaves st out: a rule of its own that
 * leaves it out, or the table ruling out every version.
 */
static bool
left_out_by(const struct limber_stretch *st, const char *const *yes,
    size_t nyes)
{
	for (size_t k = 0; k < nyes; k++) {
		const struct limber_screen_rule *r = rule_for(st, yes[k]);

		if (r != NULL && r->action == LIMBER_ACTION_LEAVE_OUT)
			return true;
	}
	return every_version_ruled_out(st, yes, nyes);
}

/*
 * The verdict's excluded and changed lists are exactly what the catalog
 * and docs/safety.md say for these answers, for the area given: excluded
 * in catalog order, each once; changed as each rule says, and never a
 * stretch that is left out. Returns how many are left out.
 */
static size_t
assert_effects_follow_the_catalog(const struct limber_catalog *cat,
    const struct limber_verdict *v, unsigned area, const char *const *yes,
    size_t nyes)
{
	size_t nout = 0, nchange = 0;

	for (size_t i = 0; i < cat->n; i++) {
		const struct limber_stretch *st = cat->stretches[i];
		bool out = (st->areas & area) != 0 &&
		    left_out_by(st, yes, nyes);

		if (out) {
			if (nout >= v->nexcluded ||
			    strcmp(v->excluded[nout], st->id) != 0)
				fail_msg("%s is not left out in its place",
				    st->id);
			nout++;
			assert_null(changed(v, st->id));
			continue;
		}
		if (excluded(v, st->id))
			fail_msg("%s is left out", st->id);
		for (size_t k = 0; k < nyes; k++) {
			const struct limber_screen_rule *r = rule_for(st,
			    yes[k]);
			const struct limber_change *c;
			bool seen = false;

			for (size_t e = 0; e < k; e++)
				seen |= strcmp(yes[e], yes[k]) == 0;
			if (seen || (st->areas & area) == 0 || r == NULL ||
			    r->action != LIMBER_ACTION_CHANGE)
				continue;
			nchange++;
			c = NULL;
			for (size_t e = 0; e < v->nchanged; e++) {
				const struct limber_change *ce = &v->changed[e];

				if (!strcmp(ce->stretch, st->id) &&
				    !strcmp(ce->why, r->why))
					c = ce;
			}
			if (c == NULL)
				fail_msg("%s: no change for %s", st->id,
				    yes[k]);
			if (r->nvariants == 0)
				assert_null(c->variant);
			else
				assert_string_equal(c->variant, r->variants[0]);
		}
	}
	assert_int_equal(v->nexcluded, nout);
	assert_int_equal(v->nchanged, nchange);
	return nout;
}

static const struct limber_stretch *
must_find(void **state, const char *id)
{
	const struct limber_stretch *st = limber_catalog_find(*state, id);

	if (st == NULL)
		fail_msg("no stretch \"%s\" in the catalog", id);
	return st;
}

/* ------------------------------------------------------------------ */
/* Pain and bad answers.                                               */

static void
test_no_answers_and_pain_0_to_5_is_go_with_no_reasons(void **state)
{
	for (int pain = 0; pain < LIMBER_SEVERE_PAIN; pain++) {
		struct limber_verdict *v = screen(state, pain,
		    LIMBER_AREA_BOTH, NULL, 0);

		assert_int_equal(v->level, LIMBER_LEVEL_GO);
		assert_int_equal(v->nreasons, 0);
		assert_int_equal(v->nexcluded, 0);
		assert_int_equal(v->nchanged, 0);
		assert_true(limber_level_allows_session(v->level));
		limber_verdict_free(v);
	}
}

static void
test_pain_6_to_10_is_see_clinician_with_severe_pain(void **state)
{
	/* docs/safety.md: the first score the stop rules stop a session on. */
	assert_int_equal(LIMBER_SEVERE_PAIN, 6);
	assert_int_equal(LIMBER_SEVERE_PAIN, LIMBER_PAIN_STOP_ABOVE + 1);
	for (int pain = 6; pain <= 10; pain++) {
		struct limber_verdict *v = screen(state, pain,
		    LIMBER_AREA_LOWER, NULL, 0);

		assert_int_equal(v->level, LIMBER_LEVEL_SEE_CLINICIAN);
		assert_int_equal(v->nreasons, 1);
		assert_string_equal(v->reasons[0].id, "severe-pain");
		assert_int_equal(v->reasons[0].level,
		    LIMBER_LEVEL_SEE_CLINICIAN);
		assert_non_null(v->reasons[0].advice);
		assert_true(*v->reasons[0].advice != '\0');
		assert_false(limber_level_allows_session(v->level));
		limber_verdict_free(v);
	}
}

static void
test_pain_out_of_0_to_10_is_invalid_with_a_message(void **state)
{
	static const int bad[] = { -1, 11, -100, 1000 };

	for (size_t i = 0; i < nitems(bad); i++) {
		char *cause = screen_invalid(state, bad[i], LIMBER_AREA_BOTH,
		    NULL, 0);
		char *num = xasprintf("%d", bad[i]);

		assert_non_null(strstr(cause, "pain"));
		assert_non_null(strstr(cause, num));
		free(num);
		free(cause);
	}
}

static void
test_area_0_or_unknown_bits_is_invalid(void **state)
{
	char *cause = screen_invalid(state, 0, 0, NULL, 0);

	assert_non_null(strstr(cause, "area"));
	free(cause);
	free(screen_invalid(state, 0, 1u << 2, NULL, 0));
	free(screen_invalid(state, 0, LIMBER_AREA_BOTH | 1u << 5, NULL, 0));
}

static void
test_unknown_question_id_is_invalid_and_named(void **state)
{
	const char *yes[] = { "knee-problem", "bad-knees" };
	const char *null_id[] = { NULL };
	char *cause = screen_invalid(state, 2, LIMBER_AREA_BOTH, yes, 2);

	assert_non_null(strstr(cause, "bad-knees"));
	free(cause);
	/* Ids are exact: a different case is a different (unknown) id. */
	yes[1] = "Knee-Problem";
	cause = screen_invalid(state, 2, LIMBER_AREA_BOTH, yes, 2);
	assert_non_null(strstr(cause, "Knee-Problem"));
	free(cause);
	free(screen_invalid(state, 2, LIMBER_AREA_BOTH, null_id, 1));
}

/* ------------------------------------------------------------------ */
/* The question table.                                                 */

static void
test_questions_are_those_of_safety_md_in_its_order(void **state)
{
	const struct limber_question *q = limber_questions();
	size_t n = 0;

	(void)state;
	for (; q[n].id != NULL; n++) {
		if (n >= nitems(safety_md))
			fail_msg("question %s is not in docs/safety.md",
			    q[n].id);
		assert_string_equal(q[n].id, safety_md[n].id);
		if (q[n].level != safety_md[n].level)
			fail_msg("%s: level %s, docs/safety.md says %s",
			    q[n].id, limber_level_name(q[n].level),
			    limber_level_name(safety_md[n].level));
		if (safety_md[n].area == NULL)
			assert_null(q[n].area);
		else
			assert_string_equal(q[n].area, safety_md[n].area);
		assert_non_null(q[n].text);
		assert_true(strlen(q[n].text) > 10);
		assert_non_null(q[n].advice);
		assert_true(strlen(q[n].advice) > 10);
		assert_ptr_equal(limber_question_find(q[n].id), &q[n]);
	}
	assert_int_equal(n, nitems(safety_md));
	assert_null(limber_question_find("bad-knees"));
	assert_null(limber_question_find(""));
	assert_null(limber_question_find(NULL));
}

/*
 * The flow both front ends follow: which questions an area asks (the neck's
 * only when the neck or both hurt), and which "yes" ends the asking (an
 * emergency or urgent one, never a lower level).
 */
static void
test_question_flow_by_area_and_level(void **state)
{
	static const unsigned areas[] = { LIMBER_AREA_UPPER, LIMBER_AREA_LOWER,
		LIMBER_AREA_BOTH };
	size_t asked[3] = { 0 }, n = 0;

	(void)state;
	for (const struct limber_question *q = limber_questions();
	     q->id != NULL; q++, n++) {
		bool neck = q->area != NULL && strcmp(q->area, "upper") == 0;

		for (size_t i = 0; i < nitems(areas); i++) {
			bool applies = limber_question_applies(q, areas[i]);

			if (applies != !(neck && areas[i] == LIMBER_AREA_LOWER))
				fail_msg("%s: applies to area %u is %d", q->id,
				    areas[i], applies);
			asked[i] += applies;
		}
		if (limber_question_ends_asking(q) !=
		    (q->level == LIMBER_LEVEL_EMERGENCY ||
			q->level == LIMBER_LEVEL_URGENT))
			fail_msg("%s: ends asking is wrong for level %s", q->id,
			    limber_level_name(q->level));
	}
	/* Both areas ask everything; the lower back alone fewer. */
	assert_int_equal(asked[2], n);
	assert_int_equal(asked[0], n);
	assert_true(asked[1] < n);
	assert_true(limber_question_applies(
	    limber_question_find("bladder-bowel"), LIMBER_AREA_LOWER));
	assert_false(limber_question_applies(
	    limber_question_find("neck-vascular"), LIMBER_AREA_LOWER));
	assert_true(limber_question_ends_asking(
	    limber_question_find("progressive-weakness")));
	assert_false(limber_question_ends_asking(
	    limber_question_find("cancer-history")));
}

/*
 * The built-in catalog with tests/data/catalog/movements: exercises that
 * arch the back, bend a hip past a right angle and cross the legs.
 */
static struct limber_catalog *
movements_catalog(void)
{
	const char *data = getenv("LIMBER_TEST_DATA");
	struct limber_catalog *cat = NULL;
	char *dir, *cause = NULL;

	if (data == NULL)
		fail_msg("LIMBER_TEST_DATA is not set; point it at tests/data");
	dir = xasprintf("%s/catalog/movements", data);
	assert_int_equal(limber_catalog_builtin(&cat, NULL), LIMBER_OK);
	if (limber_catalog_add_dir(cat, dir, &cause) != LIMBER_OK)
		fail_msg("%s", cause);
	free(dir);
	return cat;
}

/* The ids cat asks for area, in order, joined by spaces. */
static char *
asked_ids(const struct limber_catalog *cat, unsigned area)
{
	struct strbuf b = { 0 };

	for (const struct limber_question *q = limber_questions();
	     q->id != NULL; q++) {
		if (limber_question_asked(q, area, cat))
			strbuf_printf(&b, "%s%s", b.len ? " " : "", q->id);
	}
	return strbuf_take(&b);
}

/* Whether id is one of the space-separated words of list. */
static bool
has_word(const char *list, const char *id)
{
	size_t n = strlen(id);

	for (const char *p = list; (p = strstr(p, id)) != NULL; p += n) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	}
	return false;
}

/*
 * The questions only_if_affected (stenosis, spondylolisthesis,
 * hip-replacement) are asked only when some version of an exercise for the
 * area does what their exclusion-table entries forbid, computed here from
 * the catalog's movements. As docs/safety.md says of the built-in catalog,
 * exercises for the neck and upper back and for the lower back arch the
 * back, so stenosis and spondylolisthesis are asked for every area, and
 * only those for the lower back bend the hips past a right angle or cross
 * the legs, so hip-replacement is asked for the lower back and both
 * areas, not for the neck. With exercises that arch the back (for both
 * areas) and bend or cross the hips (for the lower back only), they are
 * asked exactly where those are.
 */
static void
test_conditional_questions_are_asked_only_when_a_plan_could_need_them(
    void **state)
{
	static const unsigned areas[] = { LIMBER_AREA_UPPER, LIMBER_AREA_LOWER,
		LIMBER_AREA_BOTH };
	static const char *const conditional[] = { "stenosis",
		"spondylolisthesis", "hip-replacement" };
	struct limber_catalog *builtin = *state, *moves = movements_catalog();

	for (size_t i = 0; i < nitems(conditional); i++)
		assert_true(
		    limber_question_find(conditional[i])->only_if_affected);
	for (size_t a = 0; a < nitems(areas); a++) {
		char *b = asked_ids(builtin, areas[a]);
		char *m = asked_ids(moves, areas[a]);
		char *all = asked_ids(NULL, areas[a]);

		/* The built-in catalog: every other question, as before. */
		for (const struct limber_question *q = limber_questions();
		     q->id != NULL; q++) {
			bool was = limber_question_applies(q, areas[a]);
			bool affected = false;

			for (size_t i = 0; i < builtin->n; i++) {
				const struct limber_stretch *st =
				    builtin->stretches[i];

				affected |= (st->areas & areas[a]) != 0 &&
				    some_version_ruled_out(st, q->id);
			}
			if (has_word(b, q->id) !=
			    (was && (!q->only_if_affected || affected)))
				fail_msg("%s: asked %d with the built-in "
					 "catalog for area %u",
				    q->id, has_word(b, q->id), areas[a]);
			if (has_word(all, q->id) != was)
				fail_msg("%s: asked %d with no catalog", q->id,
				    has_word(all, q->id));
		}
		/* What docs/safety.md says of the built-in catalog. */
		assert_true(has_word(b, "stenosis"));
		assert_true(has_word(b, "spondylolisthesis"));
		assert_int_equal(has_word(b, "hip-replacement"),
		    areas[a] != LIMBER_AREA_UPPER);

		assert_true(has_word(m, "stenosis"));
		assert_true(has_word(m, "spondylolisthesis"));
		assert_int_equal(has_word(m, "hip-replacement"),
		    areas[a] != LIMBER_AREA_UPPER);
		free(b);
		free(m);
		free(all);
	}
	limber_catalog_free(moves);
}

/* docs/safety.md: emergency advice never names a country's number. */
static void
test_emergency_advice_says_local_emergency_number_and_no_digits(void **state)
{
	(void)state;
	for (const struct limber_question *q = limber_questions();
	    q->id != NULL; q++) {
		if (q->level != LIMBER_LEVEL_EMERGENCY)
			continue;
		if (strstr(q->advice, "local emergency number") == NULL)
			fail_msg("%s: advice does not say \"local emergency "
			    "number\"", q->id);
		if (strpbrk(q->advice, "0123456789") != NULL)
			fail_msg("%s: advice names a number: %s", q->id,
			    q->advice);
	}
}

/* Each question answered alone gives exactly its level and its advice. */
static void
test_each_question_alone_gives_exactly_its_level(void **state)
{
	for (const struct limber_question *q = limber_questions();
	    q->id != NULL; q++) {
		const char *yes[] = { q->id };
		struct limber_verdict *v = screen(state, 0, LIMBER_AREA_BOTH,
		    yes, 1);

		if (v->level != q->level)
			fail_msg("%s alone: verdict %s, want %s", q->id,
			    limber_level_name(v->level),
			    limber_level_name(q->level));
		/* A fact (level go) gives no reason on its own. */
		if (q->level == LIMBER_LEVEL_GO) {
			assert_int_equal(v->nreasons, 0);
			limber_verdict_free(v);
			continue;
		}
		assert_int_equal(v->nreasons, 1);
		assert_string_equal(v->reasons[0].id, q->id);
		assert_int_equal(v->reasons[0].level, q->level);
		assert_string_equal(v->reasons[0].advice, q->advice);
		assert_int_equal(limber_level_allows_session(v->level),
		    q->level <= LIMBER_LEVEL_CAUTION);
		limber_verdict_free(v);
	}
}

/* The same, from docs/safety.md's side: every id it lists, its level. */
static void
test_each_id_of_safety_md_alone_gives_the_level_it_lists(void **state)
{
	for (size_t i = 0; i < nitems(safety_md); i++) {
		const char *yes[] = { safety_md[i].id };
		struct limber_verdict *v = screen(state, 0, LIMBER_AREA_BOTH,
		    yes, 1);

		if (v->level != safety_md[i].level)
			fail_msg("%s alone: verdict %s, docs/safety.md says %s",
			    safety_md[i].id, limber_level_name(v->level),
			    limber_level_name(safety_md[i].level));
		limber_verdict_free(v);
	}
}

/* Neck questions are accepted whatever the area (docs/safety.md). */
static void
test_upper_questions_count_when_only_the_lower_back_hurts(void **state)
{
	const char *yes[] = { "neck-dizziness" };
	struct limber_verdict *v = screen(state, 0, LIMBER_AREA_LOWER, yes, 1);

	assert_int_equal(v->level, LIMBER_LEVEL_SEE_CLINICIAN);
	limber_verdict_free(v);
}

static void
test_level_names_and_which_allow_a_session(void **state)
{
	static const char *const names[] = {
		"go", "caution", "see-clinician", "urgent", "emergency",
	};

	(void)state;
	for (int l = 0; l < LIMBER_LEVEL_COUNT; l++) {
		assert_string_equal(limber_level_name((enum limber_level)l),
		    names[l]);
		assert_int_equal(limber_level_allows_session(
		    (enum limber_level)l), l <= LIMBER_LEVEL_CAUTION);
	}
}

/* ------------------------------------------------------------------ */
/* Precedence.                                                         */

/*
 * Every combination of one answer from each of caution, see-clinician,
 * urgent and emergency, given in both orders, with pain low or severe: the
 * verdict is the worst, the reasons come worst first, one per answer.
 */
static void
test_worst_level_wins_in_every_combination(void **state)
{
	static const char *const by_level[LIMBER_LEVEL_COUNT] = {
		NULL, "hypermobility", "night-pain", "progressive-weakness",
		"saddle-numbness",
	};

	for (unsigned mask = 0; mask < 16; mask++) {
		for (int severe = 0; severe <= 1; severe++) {
			for (int reverse = 0; reverse <= 1; reverse++) {
				const char *yes[4];
				size_t n = 0;
				enum limber_level want = LIMBER_LEVEL_GO;
				struct limber_verdict *v;

				for (int b = 0; b < 4; b++) {
					int l = reverse ? 4 - b : 1 + b;

					if (mask & (1u << (l - 1))) {
						yes[n++] = by_level[l];
						if ((enum limber_level)l > want)
							want = (enum limber_level)l;
					}
				}
				if (severe && want < LIMBER_LEVEL_SEE_CLINICIAN)
					want = LIMBER_LEVEL_SEE_CLINICIAN;
				v = screen(state, severe ? 8 : 3,
				    LIMBER_AREA_BOTH, yes, n);
				if (v->level != want)
					fail_msg("mask %#x severe %d: verdict "
					    "%s, want %s", mask, severe,
					    limber_level_name(v->level),
					    limber_level_name(want));
				assert_int_equal(v->nreasons, n + (size_t)severe);
				assert_worst_first(v);
				if (want > LIMBER_LEVEL_SEE_CLINICIAN ||
				    (want == LIMBER_LEVEL_SEE_CLINICIAN &&
				    !severe) || want == LIMBER_LEVEL_CAUTION)
					assert_string_equal(v->reasons[0].id,
					    by_level[want]);
				if (!limber_level_allows_session(v->level)) {
					assert_int_equal(v->nexcluded, 0);
					assert_int_equal(v->nchanged, 0);
				}
				limber_verdict_free(v);
			}
		}
	}
}

static void
test_caution_and_emergency_is_emergency_reason_first(void **state)
{
	const char *yes[] = { "knee-problem", "bladder-bowel" };
	struct limber_verdict *v = screen(state, 2, LIMBER_AREA_BOTH, yes, 2);

	assert_int_equal(v->level, LIMBER_LEVEL_EMERGENCY);
	assert_int_equal(v->nreasons, 2);
	assert_string_equal(v->reasons[0].id, "bladder-bowel");
	assert_int_equal(v->reasons[0].level, LIMBER_LEVEL_EMERGENCY);
	assert_string_equal(v->reasons[1].id, "knee-problem");
	assert_int_equal(v->reasons[1].level, LIMBER_LEVEL_CAUTION);
	assert_int_equal(v->nexcluded, 0);
	assert_int_equal(v->nchanged, 0);
	limber_verdict_free(v);
}

static void
test_severe_pain_and_caution_is_see_clinician(void **state)
{
	const char *yes[] = { "osteoporosis" };
	struct limber_verdict *v = screen(state, 7, LIMBER_AREA_BOTH, yes, 1);

	assert_int_equal(v->level, LIMBER_LEVEL_SEE_CLINICIAN);
	assert_int_equal(v->nreasons, 2);
	assert_string_equal(v->reasons[0].id, "severe-pain");
	assert_string_equal(v->reasons[1].id, "osteoporosis");
	/* A verdict that blocks the session changes no stretch. */
	assert_int_equal(v->nexcluded, 0);
	assert_int_equal(v->nchanged, 0);
	limber_verdict_free(v);
}

static void
test_severe_pain_comes_after_an_emergency(void **state)
{
	const char *yes[] = { "chest-pain" };
	struct limber_verdict *v = screen(state, 9, LIMBER_AREA_BOTH, yes, 1);

	assert_int_equal(v->level, LIMBER_LEVEL_EMERGENCY);
	assert_int_equal(v->nreasons, 2);
	assert_string_equal(v->reasons[0].id, "chest-pain");
	assert_string_equal(v->reasons[1].id, "severe-pain");
	limber_verdict_free(v);
}

/* Reasons of one level keep the order the questions are asked in. */
static void
test_equal_levels_keep_the_order_of_asking(void **state)
{
	const char *yes[] = {
		"hypermobility", "neck-dizziness", "knee-problem", "fever",
		"both-legs", "bladder-bowel",
	};
	static const char *const want[] = {
		"bladder-bowel", "both-legs", "fever", "neck-dizziness",
		"knee-problem", "hypermobility",
	};
	struct limber_verdict *v = screen(state, 0, LIMBER_AREA_BOTH, yes,
	    nitems(yes));

	assert_int_equal(v->nreasons, nitems(want));
	for (size_t i = 0; i < nitems(want); i++)
		assert_string_equal(v->reasons[i].id, want[i]);
	limber_verdict_free(v);
}

static void
test_every_question_at_once_is_emergency_worst_first(void **state)
{
	const char *yes[nitems(safety_md)];
	struct limber_verdict *v;
	size_t want = 1; /* severe pain */

	for (size_t i = 0; i < nitems(safety_md); i++) {
		yes[nitems(safety_md) - 1 - i] = safety_md[i].id;
		want += safety_md[i].level != LIMBER_LEVEL_GO;
	}
	/* With every answer yes, every combination is met too. */
	for (const struct limber_combination *c = limber_combinations();
	     c->id != NULL; c++)
		want++;
	v = screen(state, 10, LIMBER_AREA_BOTH, yes, nitems(yes));
	assert_int_equal(v->level, LIMBER_LEVEL_EMERGENCY);
	assert_int_equal(v->nreasons, want);
	assert_worst_first(v);
	assert_string_equal(v->reasons[0].id, "bladder-bowel");
	limber_verdict_free(v);
}

/* ------------------------------------------------------------------ */
/* Combinations (docs/safety.md, "Combinations").                      */

/* docs/safety.md's combinations: id, level, and one set of answers. */
static const struct {
	const char *id;
	enum limber_level level;
	const char *yes[3];
} combos_md[] = {
	{ "cancer-nerve-signs", LIMBER_LEVEL_EMERGENCY,
	    { "cancer-history", "progressive-weakness" } },
	{ "cancer-nerve-signs", LIMBER_LEVEL_EMERGENCY,
	    { "cancer-history", "cord-signs" } },
	{ "cancer-new-pain", LIMBER_LEVEL_URGENT,
	    { "cancer-history", "new-pain" } },
	{ "fever-infection-risk", LIMBER_LEVEL_URGENT,
	    { "fever", "infection-risk" } },
	{ "age-new-pain", LIMBER_LEVEL_SEE_CLINICIAN,
	    { "age-risk", "new-pain" } },
};

static bool
has_reason(const struct limber_verdict *v, const char *id)
{
	for (size_t i = 0; i < v->nreasons; i++) {
		if (strcmp(v->reasons[i].id, id) == 0)
			return true;
	}
	return false;
}

static void
test_each_combination_gives_its_level_and_only_when_whole(void **state)
{
	for (size_t i = 0; i < nitems(combos_md); i++) {
		const char *const *yes = combos_md[i].yes;
		size_t n = 0;
		struct limber_verdict *v;

		while (n < nitems(combos_md[i].yes) && yes[n] != NULL)
			n++;
		v = screen(state, 2, LIMBER_AREA_BOTH, (const char **)yes, n);
		if (v->level != combos_md[i].level)
			fail_msg("%s: verdict %s, want %s", combos_md[i].id,
			    limber_level_name(v->level),
			    limber_level_name(combos_md[i].level));
		assert_string_equal(v->reasons[0].id, combos_md[i].id);
		assert_worst_first(v);
		limber_verdict_free(v);
		/* Any one answer left out: no combination reason. */
		for (size_t drop = 0; drop < n; drop++) {
			const char *part[3];
			size_t k = 0;

			for (size_t j = 0; j < n; j++)
				if (j != drop)
					part[k++] = yes[j];
			v = screen(state, 2, LIMBER_AREA_BOTH, part, k);
			assert_false(has_reason(v, combos_md[i].id));
			limber_verdict_free(v);
		}
	}
}

/* Every combination is in docs/safety.md's list, with its level. */
static void
test_combinations_are_those_of_safety_md(void **state)
{
	const struct limber_combination *c;
	size_t n = 0;

	(void)state;
	for (c = limber_combinations(); c->id != NULL; c++, n++) {
		bool found = false;

		for (size_t i = 0; i < nitems(combos_md); i++) {
			if (strcmp(combos_md[i].id, c->id) == 0) {
				found = true;
				assert_int_equal(combos_md[i].level, c->level);
			}
		}
		if (!found)
			fail_msg("combination %s is not in docs/safety.md",
			    c->id);
		assert_null(limber_question_find(c->id));
		for (size_t i = 0; i < LIMBER_COMBO_MAX && c->all[i]; i++)
			assert_non_null(limber_question_find(c->all[i]));
		for (size_t i = 0; i < LIMBER_COMBO_MAX && c->any[i]; i++)
			assert_non_null(limber_question_find(c->any[i]));
		if (c->level == LIMBER_LEVEL_EMERGENCY)
			assert_non_null(strstr(c->advice,
			    "local emergency number"));
	}
	assert_int_equal(n, 4);
}

static size_t
asked_at(const char *id)
{
	const struct limber_question *q = limber_questions();

	for (size_t i = 0; q[i].id != NULL; i++) {
		if (strcmp(q[i].id, id) == 0)
			return i;
	}
	fail_msg("no question %s", id);
	return 0;
}

/*
 * An urgent or emergency "yes" ends the questions (terminal and page), so
 * a combination worse than its members' own levels must have every member
 * below that level asked before the first question that ends them.
 */
static void
test_combination_members_are_asked_before_an_answer_ends_the_questions(
    void **state)
{
	const struct limber_question *q = limber_questions();

	(void)state;
	for (const struct limber_combination *c = limber_combinations();
	     c->id != NULL; c++) {
		if (c->level < LIMBER_LEVEL_EMERGENCY)
			continue; /* an urgent stop is already urgent */
		for (size_t i = 0; i < LIMBER_COMBO_MAX && c->all[i]; i++) {
			size_t at = asked_at(c->all[i]);

			for (size_t k = 0; k < at; k++) {
				if (q[k].level < LIMBER_LEVEL_URGENT ||
				    q[k].level >= c->level)
					continue;
				for (size_t j = 0;
				     j < LIMBER_COMBO_MAX && c->any[j] != NULL;
				     j++)
					if (strcmp(q[k].id, c->any[j]) == 0)
						fail_msg("%s is asked after "
							 "%s, which ends the "
							 "questions",
						    c->all[i], q[k].id);
			}
		}
	}
}

/*
 * With severe pain the page asks only the questions that can still make the
 * verdict urgent or an emergency (docs/safety.md, "The severe-pain rule"):
 * leaving out the others never changes the level, alone or beside any other
 * answer.
 */
static void
test_severe_pain_asks_only_what_can_change_the_level(void **state)
{
	const struct limber_question *q = limber_questions();
	size_t kept = 0, n = 0;

	for (size_t a = 0; q[a].id != NULL; a++, n++) {
		bool keep = limber_question_asked_in_severe_pain(q[a].id);

		kept += keep;
		if (q[a].level >= LIMBER_LEVEL_URGENT)
			assert_true(keep);
		for (size_t b = 0; !keep && q[b].id != NULL; b++) {
			const char *one[] = { q[b].id };
			const char *two[] = { q[b].id, q[a].id };
			struct limber_verdict *v1, *v2;

			if (a == b)
				continue;
			v1 = screen(state, LIMBER_SEVERE_PAIN, LIMBER_AREA_BOTH,
			    one, 1);
			v2 = screen(state, LIMBER_SEVERE_PAIN, LIMBER_AREA_BOTH,
			    two, 2);
			if (v1->level != v2->level)
				fail_msg("%s left out with severe pain changes "
					 "the level beside %s",
				    q[a].id, q[b].id);
			limber_verdict_free(v1);
			limber_verdict_free(v2);
		}
	}
	for (const struct limber_combination *c = limber_combinations();
	     c->id != NULL; c++) {
		if (c->level < LIMBER_LEVEL_URGENT)
			continue;
		for (size_t i = 0; i < LIMBER_COMBO_MAX; i++) {
			const char *all = c->all[i], *any = c->any[i];

			assert_true(!all ||
			    limber_question_asked_in_severe_pain(all));
			assert_true(!any ||
			    limber_question_asked_in_severe_pain(any));
		}
	}
	/* Fewer questions, and the emergency ones among them. */
	assert_true(kept < n);
	assert_true(limber_question_asked_in_severe_pain("bladder-bowel"));
	assert_true(limber_question_asked_in_severe_pain("cancer-history"));
	assert_false(limber_question_asked_in_severe_pain("weight-loss"));
	assert_false(limber_question_asked_in_severe_pain("knee-problem"));
	assert_false(limber_question_asked_in_severe_pain("no-such-id"));
}

/*
 * Retired questions (docs/safety.md): not asked any more, still accepted at
 * their old level, never loosened.
 */
static void
test_retired_questions_keep_their_level_and_are_not_asked(void **state)
{
	static const struct {
		const char *id;
		enum limber_level level;
	} want[] = {
		{ "chest-pain", LIMBER_LEVEL_EMERGENCY },
		{ "recent-injury", LIMBER_LEVEL_SEE_CLINICIAN },
	};
	const struct limber_question *r = limber_questions_retired();
	size_t n = 0;

	for (; r[n].id != NULL; n++) {
		assert_string_equal(r[n].id, want[n].id);
		assert_int_equal(r[n].level, want[n].level);
		assert_ptr_equal(limber_question_find(r[n].id), &r[n]);
		for (const struct limber_question *q = limber_questions();
		     q->id != NULL; q++)
			assert_string_not_equal(q->id, r[n].id);
	}
	assert_int_equal(n, nitems(want));
	for (size_t i = 0; i < nitems(want); i++) {
		const char *yes[] = { want[i].id };
		struct limber_verdict *v = screen(state, 2, LIMBER_AREA_BOTH,
		    yes, 1);

		assert_int_equal(v->level, want[i].level);
		assert_string_equal(v->reasons[0].id, want[i].id);
		limber_verdict_free(v);
	}
}

/* A simple lifting strain lets a session go ahead (NICE NG59). */
static void
test_lifting_strain_is_caution(void **state)
{
	const char *yes[] = { "lifting-strain" };
	struct limber_verdict *v = screen(state, 3, LIMBER_AREA_LOWER, yes, 1);

	assert_int_equal(v->level, LIMBER_LEVEL_CAUTION);
	assert_true(limber_level_allows_session(v->level));
	limber_verdict_free(v);
}

/*
 * No improvement over time (docs/safety.md): sessions every week for four
 * weeks or more, pain before them no better by 2 points or 30%.
 */
static void
test_no_improvement_needs_regular_weeks_and_no_better_pain(void **state)
{
	const int64_t day = 86400, now = 1800000000;
	struct limber_pain_point p[12];
	size_t n = 0;

	(void)state;
	/* Two sessions a week for 5 weeks, pain 5 before each. */
	for (int w = 0; w < 5; w++)
		for (int k = 0; k < 2; k++)
			p[n++] = (struct limber_pain_point){
				.at = now - (int64_t)(w * 7 + 1 + k * 3) * day,
				.before = 5,
			};
	assert_true(limber_no_improvement(p, n, now));
	/* Down from 5 to 3 (2 points): better. */
	p[0].before = p[1].before = 3;
	assert_false(limber_no_improvement(p, n, now));
	/* Down from 5 to 4 in the last week only: not 2 points, not 30%. */
	p[0].before = p[1].before = 4;
	assert_true(limber_no_improvement(p, n, now));
	/* From 10 to 7: 3 points, better. */
	for (size_t i = 0; i < n; i++)
		p[i].before = 10;
	p[0].before = p[1].before = 7;
	assert_false(limber_no_improvement(p, n, now));
	/* A week with no session: not regular. */
	for (size_t i = 0; i < n; i++)
		p[i].before = 5;
	p[2].at = p[3].at = now - 60 * day;
	assert_false(limber_no_improvement(p, n, now));
	/* Only three weeks of sessions: too soon to say. */
	assert_false(limber_no_improvement(p, 6, now));
	/* No pain left: nothing to refer. */
	for (size_t i = 0; i < n; i++)
		p[i] = (struct limber_pain_point){
			.at = now - (int64_t)(i * 3 + 1) * day,
			.before = 0,
		};
	assert_false(limber_no_improvement(p, n, now));
}

static void
test_no_improvement_is_caution_with_advice_to_see_a_gp(void **state)
{
	struct limber_answers ans = {
		.pain = 3,
		.area = LIMBER_AREA_LOWER,
		.no_improvement = true,
	};
	struct limber_verdict *v = NULL;

	assert_int_equal(limber_screen(*state, &ans, &v, NULL), LIMBER_OK);
	assert_int_equal(v->level, LIMBER_LEVEL_CAUTION);
	assert_int_equal(v->nreasons, 1);
	assert_string_equal(v->reasons[0].id, "no-improvement");
	assert_non_null(strstr(v->reasons[0].advice, "GP or physiotherapist"));
	limber_verdict_free(v);
}

static void
test_facts_alone_are_go(void **state)
{
	const char *yes[] = { "new-pain", "age-risk" };
	struct limber_verdict *v = screen(state, 3, LIMBER_AREA_BOTH, yes, 1);

	assert_int_equal(v->level, LIMBER_LEVEL_GO);
	assert_int_equal(v->nreasons, 0);
	limber_verdict_free(v);
	v = screen(state, 3, LIMBER_AREA_BOTH, yes + 1, 1);
	assert_int_equal(v->level, LIMBER_LEVEL_GO);
	limber_verdict_free(v);
}

static void
test_duplicate_yes_ids_count_once(void **state)
{
	const char *yes[] = {
		"knee-problem", "osteoporosis", "knee-problem", "osteoporosis",
		"knee-problem",
	};
	struct limber_verdict *v = screen(state, 1, LIMBER_AREA_BOTH, yes,
	    nitems(yes));

	assert_int_equal(v->level, LIMBER_LEVEL_CAUTION);
	assert_int_equal(v->nreasons, 2);
	assert_string_equal(v->reasons[0].id, "knee-problem");
	assert_string_equal(v->reasons[1].id, "osteoporosis");
	/* Each left out and each change once, as for the two answers. */
	assert_effects_follow_the_catalog(*state, v, LIMBER_AREA_BOTH, yes, 2);
	/* Child's pose folds forward in every version: left out whole. */
	assert_true(excluded(v, "childs-pose"));
	assert_true(excluded(v, "seated-spinal-twist"));
	limber_verdict_free(v);
}

/* ------------------------------------------------------------------ */
/* Pain worse after sessions, from the journal (docs/safety.md).       */

static struct limber_verdict *
screen_worse(void **state, int pain, const char **yes, size_t nyes)
{
	struct limber_answers ans = {
		.pain = pain, .area = LIMBER_AREA_BOTH, .yes = yes,
		.nyes = nyes, .worse_after_sessions = true,
	};
	struct limber_verdict *v = NULL;
	char *cause = NULL;

	if (limber_screen(*state, &ans, &v, &cause) != LIMBER_OK)
		fail_msg("screening failed: %s", cause ? cause : "(no message)");
	assert_non_null(v);
	return v;
}

static void
test_worse_after_sessions_is_see_clinician(void **state)
{
	struct limber_verdict *v = screen_worse(state, 1, NULL, 0);

	assert_int_equal(v->level, LIMBER_LEVEL_SEE_CLINICIAN);
	assert_int_equal(v->nreasons, 1);
	assert_string_equal(v->reasons[0].id, "worse-after-sessions");
	assert_int_equal(v->reasons[0].level, LIMBER_LEVEL_SEE_CLINICIAN);
	assert_non_null(v->reasons[0].advice);
	assert_true(*v->reasons[0].advice != '\0');
	assert_false(limber_level_allows_session(v->level));
	limber_verdict_free(v);
}

static void
test_worse_after_sessions_outranks_caution_and_yields_to_emergency(
    void **state)
{
	const char *caution[] = { "osteoporosis", "knee-problem" };
	const char *emergency[] = { "hypermobility", "both-legs" };
	struct limber_verdict *v = screen_worse(state, 8, caution, 2);

	assert_int_equal(v->level, LIMBER_LEVEL_SEE_CLINICIAN);
	assert_int_equal(v->nreasons, 4);
	assert_worst_first(v);
	assert_int_equal(v->reasons[0].level, LIMBER_LEVEL_SEE_CLINICIAN);
	assert_int_equal(v->reasons[1].level, LIMBER_LEVEL_SEE_CLINICIAN);
	assert_int_equal(v->nexcluded, 0);
	assert_int_equal(v->nchanged, 0);
	limber_verdict_free(v);

	v = screen_worse(state, 0, emergency, 2);
	assert_int_equal(v->level, LIMBER_LEVEL_EMERGENCY);
	assert_int_equal(v->nreasons, 3);
	assert_string_equal(v->reasons[0].id, "both-legs");
	assert_string_equal(v->reasons[1].id, "worse-after-sessions");
	assert_string_equal(v->reasons[2].id, "hypermobility");
	limber_verdict_free(v);
}

/* ------------------------------------------------------------------ */
/* Caution effects.                                                    */

/* The exclusion table: no forward fold (any version) and no twist. */
static void
test_osteoporosis_leaves_out_folds_twists(void **state)
{
	const char *ids[] = { "osteoporosis", "spinal-fracture" };

	for (size_t i = 0; i < nitems(ids); i++) {
		struct limber_verdict *v = screen(state, 3, LIMBER_AREA_BOTH,
		    &ids[i], 1);

		assert_int_equal(v->level, LIMBER_LEVEL_CAUTION);
		assert_effects_follow_the_catalog(*state, v, LIMBER_AREA_BOTH,
		    &ids[i], 1);
		assert_true(excluded(v, "childs-pose"));
		assert_true(excluded(v, "seated-spinal-twist"));
		limber_verdict_free(v);
	}
}

/*
 * Each answer of the exclusion table, alone, for each area: left out and
 * changed exactly as docs/safety.md and the catalog's rules say.
 */
static void
test_each_answer_of_the_table_leaves_out_what_docs_say(void **state)
{
	static const unsigned areas[] = { LIMBER_AREA_UPPER, LIMBER_AREA_LOWER,
		LIMBER_AREA_BOTH };

	for (size_t i = 0; i < nitems(leaves_out); i++) {
		size_t nout = 0;

		for (size_t a = 0; a < nitems(areas); a++) {
			const char *yes[] = { leaves_out[i].question };
			struct limber_verdict *v = screen(state, 3, areas[a],
			    yes, 1);

			assert_int_equal(v->level, LIMBER_LEVEL_CAUTION);
			nout += assert_effects_follow_the_catalog(*state, v,
			    areas[a], yes, 1);
			limber_verdict_free(v);
		}
		/* Each answer leaves something out of the built-in catalog. */
		if (nout == 0)
			fail_msg("%s leaves nothing out",
			    leaves_out[i].question);
	}
}

static void
test_knee_problem_uses_the_chair(void **state)
{
	const char *yes[] = { "knee-problem" };
	struct limber_verdict *v = screen(state, 3, LIMBER_AREA_BOTH, yes, 1);
	const struct limber_change *c = changed(v, "childs-pose");

	assert_int_equal(v->level, LIMBER_LEVEL_CAUTION);
	assert_effects_follow_the_catalog(*state, v, LIMBER_AREA_BOTH, yes, 1);
	assert_non_null(c);
	assert_non_null(c->variant);
	assert_string_equal(c->variant, "chair");
	assert_string_equal(c->why, rule_for(must_find(state, "childs-pose"),
	    "knee-problem")->why);
	limber_verdict_free(v);
}

static void
test_pregnancy_changes_pelvic_tilt_to_standing_wall(void **state)
{
	const struct limber_catalog *cat = *state;
	const char *yes[] = { "pregnancy" };
	struct limber_verdict *v = screen(state, 3, LIMBER_AREA_BOTH, yes, 1);
	const struct limber_change *c = changed(v, "pelvic-tilt");
	size_t rules = 0;

	assert_int_equal(v->level, LIMBER_LEVEL_CAUTION);
	assert_non_null(c);
	assert_non_null(c->variant);
	assert_string_equal(c->variant, "standing-wall");
	assert_string_equal(c->why, rule_for(must_find(state, "pelvic-tilt"),
	    "pregnancy")->why);
	/*
	 * One change per catalog rule for pregnancy, each as the rule says,
	 * except where the stretch is left out (a rule of its own, or the
	 * table: lying flat on the back, arching the back, in every version).
	 */
	for (size_t i = 0; i < cat->n; i++) {
		const struct limber_screen_rule *r = rule_for(cat->stretches[i],
		    "pregnancy");

		rules += r != NULL && r->action == LIMBER_ACTION_CHANGE &&
		    !excluded(v, cat->stretches[i]->id);
	}
	assert_effects_follow_the_catalog(cat, v, LIMBER_AREA_BOTH, yes, 1);
	assert_int_equal(v->nchanged, rules);
	limber_verdict_free(v);
}

static void
test_hypermobility_changes_every_stretch_as_its_rule_says(void **state)
{
	const struct limber_catalog *cat = *state;
	const char *yes[] = { "hypermobility" };
	struct limber_verdict *v = screen(state, 3, LIMBER_AREA_BOTH, yes, 1);

	assert_int_equal(v->level, LIMBER_LEVEL_CAUTION);
	assert_int_equal(v->nexcluded, 0);
	assert_int_equal(v->nchanged, cat->n);
	/*
	 * Most stay as written; the neck stretches that rest a hand on the
	 * head change to their version without it.
	 */
	for (size_t i = 0; i < v->nchanged; i++) {
		const struct limber_screen_rule *r = rule_for(
		    must_find(state, v->changed[i].stretch), "hypermobility");

		assert_string_equal(v->changed[i].why, r->why);
		if (r->nvariants == 0)
			assert_null(v->changed[i].variant);
		else
			assert_string_equal(v->changed[i].variant,
			    r->variants[0]);
	}
	limber_verdict_free(v);
}

/* A stretch that is left out is not also listed as changed. */
static void
test_left_out_stretch_is_not_also_changed(void **state)
{
	const char *yes[] = { "pregnancy", "osteoporosis", "hypermobility" };
	struct limber_verdict *v = screen(state, 3, LIMBER_AREA_BOTH, yes, 3);

	assert_int_equal(v->level, LIMBER_LEVEL_CAUTION);
	assert_true(excluded(v, "seated-spinal-twist"));
	assert_null(changed(v, "seated-spinal-twist"));
	for (size_t i = 0; i < v->nchanged; i++)
		assert_true(strcmp(v->changed[i].stretch,
		    "seated-spinal-twist") != 0);
	limber_verdict_free(v);
}

static void
test_blocking_verdict_lists_nothing_excluded_or_changed(void **state)
{
	static const char *const blockers[] = {
		"fever", "progressive-weakness", "both-legs",
	};

	for (size_t i = 0; i < nitems(blockers); i++) {
		const char *yes[] = {
			"osteoporosis", "knee-problem", "pregnancy",
			"hypermobility", blockers[i],
		};
		struct limber_verdict *v = screen(state, 1, LIMBER_AREA_BOTH,
		    yes, nitems(yes));

		assert_false(limber_level_allows_session(v->level));
		assert_int_equal(v->nreasons, nitems(yes));
		assert_int_equal(v->nexcluded, 0);
		assert_int_equal(v->nchanged, 0);
		limber_verdict_free(v);
	}
}

/* ------------------------------------------------------------------ */
/* JSON.                                                               */

static void
assert_keys(json_t *o, const char *const *keys, size_t n)
{
	assert_true(json_is_object(o));
	for (size_t i = 0; i < n; i++) {
		if (json_object_get(o, keys[i]) == NULL)
			fail_msg("no key \"%s\"", keys[i]);
	}
	assert_int_equal(json_object_size(o), n);
}

static void
test_verdict_to_json_has_exactly_its_keys(void **state)
{
	static const char *const top[] = {
		"verdict",
		"reasons",
		"excluded",
		"changed",
		"stop_rules",
	};
	static const char *const reason[] = { "id", "level", "advice" };
	static const char *const change[] = { "stretch", "variant", "why" };
	const char *yes[] = {
		"knee-problem",
		"osteoporosis",
		"hypermobility",
		"pregnancy",
	};
	struct limber_verdict *v = screen(state, 2, LIMBER_AREA_BOTH, yes,
	    nitems(yes));
	json_t *j = limber_verdict_to_json(v), *a;
	size_t i, nnull = 0, nvariant = 0;
	json_t *e;

	assert_keys(j, top, nitems(top));
	assert_string_equal(json_string_value(json_object_get(j, "verdict")),
	    "caution");

	a = json_object_get(j, "reasons");
	assert_true(json_is_array(a));
	assert_int_equal(json_array_size(a), v->nreasons);
	json_array_foreach(a, i, e) {
		assert_keys(e, reason, nitems(reason));
		assert_string_equal(json_string_value(json_object_get(e, "id")),
		    v->reasons[i].id);
		assert_string_equal(json_string_value(json_object_get(e,
		    "level")), "caution");
		assert_string_equal(json_string_value(json_object_get(e,
		    "advice")), v->reasons[i].advice);
	}

	a = json_object_get(j, "excluded");
	assert_true(json_is_array(a));
	assert_true(v->nexcluded > 0); /* osteoporosis */
	assert_int_equal(json_array_size(a), v->nexcluded);
	json_array_foreach(a, i, e)
		assert_string_equal(json_string_value(e), v->excluded[i]);

	a = json_object_get(j, "changed");
	assert_true(json_is_array(a));
	assert_int_equal(json_array_size(a), v->nchanged);
	json_array_foreach(a, i, e) {
		json_t *var;

		assert_keys(e, change, nitems(change));
		assert_string_equal(json_string_value(json_object_get(e,
		    "stretch")), v->changed[i].stretch);
		assert_string_equal(json_string_value(json_object_get(e,
		    "why")), v->changed[i].why);
		var = json_object_get(e, "variant");
		if (v->changed[i].variant == NULL) {
			assert_true(json_is_null(var));
			nnull++;
		} else {
			assert_string_equal(json_string_value(var),
			    v->changed[i].variant);
			nvariant++;
		}
	}
	assert_true(nnull > 0);		/* hypermobility */
	assert_true(nvariant > 0);	/* pregnancy: standing-wall */
	assert_int_equal(nnull + nvariant, v->nchanged);
	json_decref(j);
	limber_verdict_free(v);
}

static void
test_verdict_to_json_of_go_has_empty_lists(void **state)
{
	struct limber_verdict *v = screen(state, 0, LIMBER_AREA_UPPER, NULL, 0);
	json_t *j = limber_verdict_to_json(v);
	char *s = json_dumps(j, JSON_COMPACT);

	assert_string_equal(s,
	    "{\"verdict\":\"go\",\"reasons\":[],"
	    "\"excluded\":[],\"changed\":[],\"stop_rules\":\"" LIMBER_STOP_RULES_TEXT
	    "\"}");
	free(s);
	json_decref(j);
	limber_verdict_free(v);
	limber_verdict_free(NULL);
	/* A verdict that rules stretching out gives no rules to stretch by. */
	{
		const char *yes[] = { "fever" };

		v = screen(state, 0, LIMBER_AREA_UPPER, yes, 1);
		j = limber_verdict_to_json(v);
		assert_null(json_object_get(j, "stop_rules"));
		json_decref(j);
		limber_verdict_free(v);
	}
}

/* ------------------------------------------------------------------ */
/* The safety box (docs/safety.md, "The safety box").                  */

static bool
asked_for_area(const struct limber_question *q, unsigned area)
{
	if (q->area == NULL)
		return true;
	return strcmp(q->area, "upper") == 0 ?
	    (area & LIMBER_AREA_UPPER) != 0 :
	    (area & LIMBER_AREA_LOWER) != 0;
}

static const struct limber_sign *
sign_of(const struct limber_sign *sg, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(sg[i].id, id) == 0)
			return &sg[i];
	return NULL;
}

/*
 * For each area: every emergency and urgent question asked for it is a
 * sign; a neck question is a sign only where the neck hurts; the signs are
 * worst first, in the order of asking within a level, with text, and only
 * at levels that send to a clinician.
 */
static void
test_signs_list_every_emergency_and_urgent_question_of_the_area(void **state)
{
	static const unsigned areas[] = {
		LIMBER_AREA_UPPER,
		LIMBER_AREA_LOWER,
		LIMBER_AREA_BOTH,
	};

	(void)state;
	for (size_t a = 0; a < nitems(areas); a++) {
		size_t n;
		struct limber_sign *sg = limber_signs(areas[a], &n);

		assert_true(n > 0);
		for (size_t i = 0; i < n; i++) {
			assert_true(sg[i].level >= LIMBER_LEVEL_SEE_CLINICIAN);
			assert_non_null(sg[i].text);
			assert_true(*sg[i].text != '\0');
			assert_non_null(limber_level_help(sg[i].level));
			if (i > 0)
				assert_true(sg[i - 1].level >= sg[i].level);
		}
		for (const struct limber_question *q = limber_questions();
		     q->id != NULL; q++) {
			const struct limber_sign *x = sign_of(sg, n, q->id);

			if (!asked_for_area(q, areas[a])) {
				if (x != NULL)
					fail_msg("%s listed for area %u", q->id,
					    areas[a]);
				continue;
			}
			if (q->level >= LIMBER_LEVEL_URGENT && x == NULL)
				fail_msg("%s is not listed for area %u", q->id,
				    areas[a]);
			if (x != NULL) {
				assert_int_equal(x->level, q->level);
				assert_ptr_equal(x->text, q->sign);
			}
		}
		free(sg);
	}
	assert_null(limber_level_help(LIMBER_LEVEL_GO));
	assert_null(limber_level_help(LIMBER_LEVEL_CAUTION));
}

/*
 * What the box says for a sign is what the screening says for the same
 * answer: a "yes" to a sign's question alone (a combination's answers, the
 * pain at the severe mark, the journal's flag) gives the sign's level.
 */
static void
test_each_sign_has_the_level_the_screening_gives_its_answer(void **state)
{
	size_t n, checked = 0;
	struct limber_sign *sg = limber_signs(LIMBER_AREA_BOTH, &n);

	for (size_t i = 0; i < n; i++) {
		const char *yes[LIMBER_COMBO_MAX + 1];
		size_t nyes = 0;
		int pain = 2;
		struct limber_answers ans = { .area = LIMBER_AREA_BOTH };
		struct limber_verdict *v = NULL;

		if (limber_question_find(sg[i].id) != NULL)
			yes[nyes++] = sg[i].id;
		for (const struct limber_combination *c = limber_combinations();
		     c->id != NULL; c++) {
			if (strcmp(c->id, sg[i].id) != 0)
				continue;
			for (size_t k = 0; k < LIMBER_COMBO_MAX && c->all[k];
			     k++)
				yes[nyes++] = c->all[k];
			if (c->any[0] != NULL)
				yes[nyes++] = c->any[0];
			/* A member at a higher level would hide it. */
			for (size_t k = 0; k < nyes; k++)
				assert_true(
				    limber_question_find(yes[k])->level <=
				    c->level);
		}
		if (strcmp(sg[i].id, "severe-pain") == 0)
			pain = LIMBER_SEVERE_PAIN;
		ans.worse_after_sessions = strcmp(sg[i].id,
					       "worse-after-sessions") == 0;
		if (nyes == 0 && pain == 2 && !ans.worse_after_sessions)
			fail_msg("sign %s is no answer the screening knows",
			    sg[i].id);
		ans.pain = pain;
		ans.yes = yes;
		ans.nyes = nyes;
		assert_int_equal(limber_screen(*state, &ans, &v, NULL),
		    LIMBER_OK);
		if (v->level != sg[i].level)
			fail_msg("%s: the box says %s, the screening %s",
			    sg[i].id, limber_level_name(sg[i].level),
			    limber_level_name(v->level));
		limber_verdict_free(v);
		checked++;
	}
	assert_int_equal(checked, n);
	free(sg);
}

/* The grouped JSON: one group a level, worst first, with its help. */
static void
test_signs_to_json_groups_by_level(void **state)
{
	json_t *j = limber_signs_to_json(LIMBER_AREA_LOWER);
	size_t n, total = 0;
	struct limber_sign *sg = limber_signs(LIMBER_AREA_LOWER, &n);

	(void)state;
	assert_int_equal(json_array_size(j), 3);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(j, 0), "level")),
	    "emergency");
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(j, 1), "level")),
	    "urgent");
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(j, 2), "level")),
	    "see-clinician");
	for (size_t g = 0; g < json_array_size(j); g++) {
		json_t *grp = json_array_get(j, g), *signs;

		assert_string_equal(json_string_value(json_object_get(grp,
					"help")),
		    limber_level_help(
			(enum limber_level)(LIMBER_LEVEL_EMERGENCY - (int)g)));
		signs = json_object_get(grp, "signs");
		for (size_t k = 0; k < json_array_size(signs); k++, total++)
			assert_string_equal(
			    json_string_value(json_object_get(
				json_array_get(signs, k), "id")),
			    sg[total].id);
	}
	assert_int_equal(total, n);
	json_decref(j);
	free(sg);
}

/*
 * The texts a front end shows come through the library's accessors, in the
 * calling thread's language: in English they are the tables' own words,
 * and the stop rules' are LIMBER_STOP_RULES_TEXT's.
 */
static void
test_accessors_give_the_english_in_english(void **state)
{
	(void)state;
	assert_string_equal(limber_stop_rules_text(), LIMBER_STOP_RULES_TEXT);
	for (int t = 0; t < 2; t++) {
		const struct limber_question *q = t == 0 ?
		    limber_questions() :
		    limber_questions_retired();

		for (; q->id != NULL; q++) {
			assert_string_equal(limber_question_text(q), q->text);
			assert_string_equal(limber_question_advice(q),
			    q->advice);
			if (q->sign == NULL)
				assert_null(limber_question_sign(q));
			else
				assert_string_equal(limber_question_sign(q),
				    q->sign);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_no_answers_and_pain_0_to_5_is_go_with_no_reasons),
		cmocka_unit_test(
		    test_pain_6_to_10_is_see_clinician_with_severe_pain),
		cmocka_unit_test(
		    test_pain_out_of_0_to_10_is_invalid_with_a_message),
		cmocka_unit_test(test_area_0_or_unknown_bits_is_invalid),
		cmocka_unit_test(test_question_flow_by_area_and_level),
		cmocka_unit_test(
		    test_conditional_questions_are_asked_only_when_a_plan_could_need_them),
		cmocka_unit_test(test_unknown_question_id_is_invalid_and_named),
		cmocka_unit_test(
		    test_questions_are_those_of_safety_md_in_its_order),
		cmocka_unit_test(
		    test_emergency_advice_says_local_emergency_number_and_no_digits),
		cmocka_unit_test(
		    test_each_question_alone_gives_exactly_its_level),
		cmocka_unit_test(
		    test_each_id_of_safety_md_alone_gives_the_level_it_lists),
		cmocka_unit_test(
		    test_upper_questions_count_when_only_the_lower_back_hurts),
		cmocka_unit_test(test_level_names_and_which_allow_a_session),
		cmocka_unit_test(test_worst_level_wins_in_every_combination),
		cmocka_unit_test(
		    test_caution_and_emergency_is_emergency_reason_first),
		cmocka_unit_test(test_severe_pain_and_caution_is_see_clinician),
		cmocka_unit_test(test_severe_pain_comes_after_an_emergency),
		cmocka_unit_test(test_equal_levels_keep_the_order_of_asking),
		cmocka_unit_test(
		    test_every_question_at_once_is_emergency_worst_first),
		cmocka_unit_test(test_duplicate_yes_ids_count_once),
		cmocka_unit_test(test_worse_after_sessions_is_see_clinician),
		cmocka_unit_test(
		    test_worse_after_sessions_outranks_caution_and_yields_to_emergency),
		cmocka_unit_test(test_osteoporosis_leaves_out_folds_twists),
		cmocka_unit_test(
		    test_each_answer_of_the_table_leaves_out_what_docs_say),
		cmocka_unit_test(test_knee_problem_uses_the_chair),
		cmocka_unit_test(
		    test_pregnancy_changes_pelvic_tilt_to_standing_wall),
		cmocka_unit_test(
		    test_hypermobility_changes_every_stretch_as_its_rule_says),
		cmocka_unit_test(test_left_out_stretch_is_not_also_changed),
		cmocka_unit_test(
		    test_blocking_verdict_lists_nothing_excluded_or_changed),
		cmocka_unit_test(test_verdict_to_json_has_exactly_its_keys),
		cmocka_unit_test(test_verdict_to_json_of_go_has_empty_lists),
		cmocka_unit_test(
		    test_signs_list_every_emergency_and_urgent_question_of_the_area),
		cmocka_unit_test(
		    test_each_sign_has_the_level_the_screening_gives_its_answer),
		cmocka_unit_test(test_signs_to_json_groups_by_level),
	};

	/* The combinations and facts (docs/safety.md, "Combinations"). */
	const struct CMUnitTest combination_tests[] = {
		cmocka_unit_test(
		    test_each_combination_gives_its_level_and_only_when_whole),
		cmocka_unit_test(test_combinations_are_those_of_safety_md),
		cmocka_unit_test(
		    test_combination_members_are_asked_before_an_answer_ends_the_questions),
		cmocka_unit_test(test_facts_alone_are_go),
		cmocka_unit_test(
		    test_severe_pain_asks_only_what_can_change_the_level),
		cmocka_unit_test(
		    test_retired_questions_keep_their_level_and_are_not_asked),
		cmocka_unit_test(test_lifting_strain_is_caution),
		cmocka_unit_test(test_accessors_give_the_english_in_english),
		cmocka_unit_test(
		    test_no_improvement_needs_regular_weeks_and_no_better_pain),
		cmocka_unit_test(
		    test_no_improvement_is_caution_with_advice_to_see_a_gp),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);

	return failed +
	    cmocka_run_group_tests(combination_tests, setup, teardown);
}
