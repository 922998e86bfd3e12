/*
 * test-catalog.c - the stretch catalog (lib/catalog.c, lib/jsonpos.c).
 *
 * Covers: the built-in catalog and what its stretches must say (docs/
 * safety.md); a good file's fields; every kind of bad file, each with its
 * exact message, line and column included (tests/data/catalog/bad/EXPECTED);
 * the user's folder of stretches (add, replace, skip, all or nothing); file
 * reading limits; step timing; the JSON round trip; and the area names
 * (lib/names.c). The last section holds faults found in lib/ while writing
 * these tests; its tests fail until the library is fixed.
 *
 * Needs LIMBER_TEST_DATA set to the absolute path of tests/data.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"
#include "limber/limber.h"
#include "i18n.h"
#include "util.h"

#define MAX_FILE (256 * 1024)

/* ------------------------------------------------------------------ */
/* Helpers.                                                            */

static char *
data_path(const char *rel)
{
	const char *dir = getenv("LIMBER_TEST_DATA");

	if (dir == NULL || *dir == '\0')
		fail_msg("LIMBER_TEST_DATA is not set; point it at tests/data");
	return xasprintf("%s/%s", dir, rel);
}

/* The whole of a file under tests/data; *len gets its length. */
static char *
read_data(const char *rel, size_t *len)
{
	char *path = data_path(rel), *err = NULL, *text;

	text = util_read_file(path, 4 * MAX_FILE, len, &err);
	if (text == NULL)
		fail_msg("cannot read %s: %s", path, err);
	free(path);
	return text;
}

static struct limber_catalog *
builtin(void)
{
	struct limber_catalog *cat = NULL;
	char *cause = NULL;

	assert_int_equal(limber_catalog_builtin(&cat, &cause), LIMBER_OK);
	assert_null(cause);
	assert_non_null(cat);
	return cat;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The ids of the files of data/stretches in the source tree, which the
 * build compiles in, sorted; *n gets how many. tests/data is beside it.
 */
static char **
builtin_file_ids(size_t *n)
{
	char *dir = data_path("../../data/stretches");
	DIR *d = opendir(dir);
	struct dirent *e;
	char **ids = NULL;

	if (d == NULL)
		fail_msg("cannot open %s", dir);
	*n = 0;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' || len <= 5 ||
		    strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		ids = xreallocarray(ids, *n + 1, sizeof(*ids));
		ids[(*n)++] = xasprintf("%.*s", (int)(len - 5), e->d_name);
	}
	closedir(d);
	free(dir);
	if (*n > 0)
		qsort(ids, *n, sizeof(*ids), by_name);
	return ids;
}

static void
free_ids(char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

static const struct limber_stretch *
must_find(const struct limber_catalog *cat, const char *id)
{
	const struct limber_stretch *st = limber_catalog_find(cat, id);

	if (st == NULL)
		fail_msg("no stretch \"%s\" in the catalog", id);
	return st;
}

/* Parse a file under tests/data with its bare name as the name. */
static enum limber_status
parse_data(const char *rel, struct limber_stretch **out, char **cause)
{
	const char *base = strrchr(rel, '/');
	enum limber_status rc;
	size_t len;
	char *text = read_data(rel, &len);

	rc = limber_stretch_parse(base ? base + 1 : rel, text, len, out, cause);
	free(text);
	return rc;
}

static bool
contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		size_t i;

		for (i = 0; i < n; i++) {
			char a = hay[i], b = needle[i];

			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (a != b)
				break;
		}
		if (i == n)
			return true;
	}
	return false;
}

static size_t
count_holds(const struct limber_step *steps, size_t n)
{
	size_t holds = 0;

	for (size_t i = 0; i < n; i++)
		holds += steps[i].hold;
	return holds;
}

static char *
dump(const struct limber_stretch *st)
{
	json_t *j = limber_stretch_to_json(st);
	char *s;

	assert_non_null(j);
	s = json_dumps(j, JSON_INDENT(2));
	json_decref(j);
	assert_non_null(s);
	return s;
}

/* ------------------------------------------------------------------ */
/* The built-in catalog.                                               */

/* The built-in catalog is every file of data/stretches, sorted by id. */
static void
test_builtin_has_every_file_of_data_stretches_sorted(void **state)
{
	size_t n;
	char **ids = builtin_file_ids(&n);
	struct limber_catalog *cat = builtin();

	(void)state;
	assert_true(n > 0); /* an empty folder would prove nothing */
	assert_int_equal(cat->n, n);
	for (size_t i = 0; i < n; i++) {
		char *source = xasprintf("built-in:%s.json", ids[i]);

		assert_string_equal(cat->stretches[i]->id, ids[i]);
		assert_ptr_equal(limber_catalog_find(cat, ids[i]),
		    cat->stretches[i]);
		assert_string_equal(cat->stretches[i]->source, source);
		free(source);
	}
	assert_null(limber_catalog_find(cat, "cobra"));
	assert_null(limber_catalog_find(cat, ""));
	free_ids(ids, n);
	limber_catalog_free(cat);
}

static void
test_builtin_every_stretch_and_variant_has_a_hold_step(void **state)
{
	struct limber_catalog *cat = builtin();

	(void)state;
	for (size_t i = 0; i < cat->n; i++) {
		const struct limber_stretch *st = cat->stretches[i];

		if (count_holds(st->steps, st->nsteps) == 0)
			fail_msg("%s has no hold step", st->id);
		for (size_t j = 0; j < st->nvariants; j++) {
			const struct limber_variant *v = &st->variants[j];

			if (count_holds(v->steps, v->nsteps) == 0)
				fail_msg("%s variant %s has no hold step",
				    st->id, v->id);
		}
	}
	limber_catalog_free(cat);
}

/*
 * docs/safety.md: the head moves through the front half-circle only and is
 * never tipped backwards; the movement stops on dizziness.
 */
static void
test_builtin_neck_rolls_never_tip_the_head_back_and_stop_on_dizziness(
    void **state)
{
	static const char *const backwards[] = {
		"head back", "tip your head back", "tilt your head back",
		"backward", "look up", "ceiling", "chin up", "full circle",
		"whole circle",
	};
	struct limber_catalog *cat = builtin();
	const struct limber_stretch *st = must_find(cat, "neck-rolls");
	bool dizzy = false, never_back = false;

	(void)state;
	for (size_t i = 0; i < st->nsteps; i++) {
		for (size_t k = 0; k < nitems(backwards); k++) {
			if (contains_ci(st->steps[i].text, backwards[k]))
				fail_msg("neck-rolls step %zu says \"%s\": %s",
				    i, backwards[k], st->steps[i].text);
		}
	}
	for (size_t i = 0; i < st->ncautions; i++)
		dizzy |= contains_ci(st->cautions[i], "dizz");
	for (size_t i = 0; i < st->ncues; i++)
		never_back |= contains_ci(st->cues[i], "never tips back");
	assert_true(dizzy);
	assert_true(never_back);
	/* No variant could bring the backward tilt in by another door. */
	assert_int_equal(st->nvariants, 0);
	limber_catalog_free(cat);
}

/* The tilt is learnt and held first, then the hips are lifted from it. */
static void
test_builtin_pelvic_tilt_holds_the_tilt_before_the_lift(void **state)
{
	struct limber_catalog *cat = builtin();
	const struct limber_stretch *st = must_find(cat, "pelvic-tilt");
	size_t tilt = SIZE_MAX, hold = SIZE_MAX, lift = SIZE_MAX;
	size_t hold_after_lift = SIZE_MAX;

	(void)state;
	for (size_t i = 0; i < st->nsteps; i++) {
		const char *t = st->steps[i].text;

		if (tilt == SIZE_MAX && (contains_ci(t, "tip your pelvis") ||
		    contains_ci(t, "tilt")))
			tilt = i;
		if (hold == SIZE_MAX && st->steps[i].hold)
			hold = i;
		if (lift == SIZE_MAX && contains_ci(t, "lift"))
			lift = i;
		if (lift != SIZE_MAX && i > lift && st->steps[i].hold &&
		    hold_after_lift == SIZE_MAX)
			hold_after_lift = i;
	}
	assert_true(tilt != SIZE_MAX);
	assert_true(hold != SIZE_MAX);
	assert_true(lift != SIZE_MAX);
	assert_true(tilt < hold);
	assert_true(hold < lift);
	assert_true(hold_after_lift != SIZE_MAX);
	assert_true(contains_ci(st->steps[hold].text, "tilt"));
	limber_catalog_free(cat);
}

static void
test_builtin_has_the_variants_the_caution_rules_need(void **state)
{
	static const struct {
		const char *stretch, *variant;
		unsigned forbidden;	/* needs the variant must not have */
	} want[] = {
		{ "seated-spinal-twist", "chair",
		  LIMBER_NEED_FLOOR | LIMBER_NEED_KNEELING | LIMBER_NEED_LYING },
		{ "childs-pose", "cushioned", LIMBER_NEED_LYING },
		{ "childs-pose", "chair",
		  LIMBER_NEED_FLOOR | LIMBER_NEED_KNEELING | LIMBER_NEED_LYING },
		{ "pelvic-tilt", "standing-wall",
		  LIMBER_NEED_FLOOR | LIMBER_NEED_LYING },
	};
	struct limber_catalog *cat = builtin();

	(void)state;
	for (size_t i = 0; i < nitems(want); i++) {
		const struct limber_stretch *st = must_find(cat,
		    want[i].stretch);
		const struct limber_variant *v = limber_stretch_variant(st,
		    want[i].variant);

		if (v == NULL)
			fail_msg("%s has no variant \"%s\"", want[i].stretch,
			    want[i].variant);
		assert_string_equal(v->id, want[i].variant);
		if (v->needs & want[i].forbidden)
			fail_msg("%s variant %s needs %#x", want[i].stretch,
			    want[i].variant, v->needs & want[i].forbidden);
	}
	/* The chair versions can be done at a desk: a chair and nothing else. */
	assert_int_equal(limber_stretch_variant(must_find(cat,
	    "childs-pose"), "chair")->needs, LIMBER_NEED_CHAIR);
	assert_int_equal(limber_stretch_variant(must_find(cat,
	    "seated-spinal-twist"), "chair")->needs, LIMBER_NEED_CHAIR);
	assert_null(limber_stretch_variant(must_find(cat, "childs-pose"),
	    "standing-wall"));
	limber_catalog_free(cat);
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

/* The caution rules of docs/safety.md, as the built-in files write them. */
static void
test_builtin_screening_rules_follow_safety_md(void **state)
{
	struct limber_catalog *cat = builtin();
	const struct limber_screen_rule *r;

	(void)state;
	r = rule_for(must_find(cat, "seated-spinal-twist"), "osteoporosis");
	assert_non_null(r);
	assert_int_equal(r->action, LIMBER_ACTION_LEAVE_OUT);
	assert_int_equal(r->nvariants, 0);

	r = rule_for(must_find(cat, "childs-pose"), "knee-problem");
	assert_non_null(r);
	assert_int_equal(r->action, LIMBER_ACTION_CHANGE);
	assert_int_equal(r->nvariants, 1);
	assert_string_equal(r->variants[0], "chair");

	r = rule_for(must_find(cat, "pelvic-tilt"), "pregnancy");
	assert_non_null(r);
	assert_int_equal(r->action, LIMBER_ACTION_CHANGE);
	assert_int_equal(r->nvariants, 1);
	assert_string_equal(r->variants[0], "standing-wall");

	/*
	 * Every stretch stops short of the end of the range when hypermobile:
	 * it is changed, never left out, and done as written or in a version
	 * of its own (the neck stretches leave out the hand on the head).
	 */
	for (size_t i = 0; i < cat->n; i++) {
		const struct limber_stretch *st = cat->stretches[i];

		r = rule_for(st, "hypermobility");
		if (r == NULL)
			fail_msg("%s has no hypermobility rule", st->id);
		assert_int_equal(r->action, LIMBER_ACTION_CHANGE);
		for (size_t k = 0; k < r->nvariants; k++)
			assert_non_null(limber_stretch_variant(st,
			    r->variants[k]));
	}
	limber_catalog_free(cat);
}

/* ------------------------------------------------------------------ */
/* Good files.                                                         */

static void
test_minimal_file_loads_with_every_field_right(void **state)
{
	struct limber_stretch *st = NULL;
	char *cause = NULL;
	const struct limber_variant *v;

	(void)state;
	assert_int_equal(parse_data("catalog/good/minimal.json", &st, &cause),
	    LIMBER_OK);
	assert_null(cause);	/* success says nothing, no line or column */
	assert_non_null(st);
	assert_string_equal(st->id, "minimal");
	assert_string_equal(st->name, "Minimal stretch");
	assert_string_equal(st->summary,
	    "A small stretch used by the unit tests.");
	assert_string_equal(st->why, "It holds every required field, one "
	    "variant and one screening rule.");
	assert_int_equal(st->areas, LIMBER_AREA_LOWER);
	assert_int_equal(st->contexts, 1u << LIMBER_CONTEXT_GENERAL);
	assert_string_equal(st->position, "sitting on a chair");
	assert_int_equal(st->needs, LIMBER_NEED_CHAIR);
	assert_true(st->sides);
	assert_int_equal(st->reps.start, 2);
	assert_int_equal(st->reps.min, 1);
	assert_int_equal(st->reps.max, 4);
	assert_int_equal(st->hold_s.start, 15);
	assert_int_equal(st->hold_s.min, 10);
	assert_int_equal(st->hold_s.max, 30);
	assert_int_equal(st->rest_s.start, 5);
	assert_int_equal(st->rest_s.min, 0);
	assert_int_equal(st->rest_s.max, 20);

	assert_int_equal(st->nsteps, 3);
	assert_string_equal(st->steps[0].text, "Sit tall.");
	assert_int_equal(st->steps[0].seconds, 3);
	assert_false(st->steps[0].hold);
	assert_string_equal(st->steps[1].text, "Hold the stretch.");
	assert_true(st->steps[1].hold);
	assert_string_equal(st->steps[2].text, "Let go slowly.");
	assert_int_equal(st->steps[2].seconds, 2);
	assert_false(st->steps[2].hold);

	assert_int_equal(st->ncues, 1);
	assert_string_equal(st->cues[0], "Breathe slowly.");
	assert_int_equal(st->ncautions, 1);
	assert_string_equal(st->cautions[0], "Stop if it hurts.");
	assert_int_equal(st->nbenefits, 1);
	assert_string_equal(st->benefits[0], "Eases the lower back.");

	assert_int_equal(st->nvariants, 1);
	v = limber_stretch_variant(st, "standing");
	assert_ptr_equal(v, &st->variants[0]);
	assert_string_equal(v->name, "Standing version");
	assert_string_equal(v->why, "For when there is no chair.");
	assert_string_equal(v->position, "standing");
	assert_int_equal(v->needs, LIMBER_NEED_STANDING);
	assert_int_equal(v->nsteps, 1);
	assert_string_equal(v->steps[0].text, "Stand tall and hold.");
	assert_true(v->steps[0].hold);
	assert_null(limber_stretch_variant(st, "chair"));

	assert_int_equal(st->nscreening, 1);
	assert_string_equal(st->screening[0].question, "knee-problem");
	assert_int_equal(st->screening[0].action, LIMBER_ACTION_CHANGE);
	assert_int_equal(st->screening[0].nvariants, 1);
	assert_string_equal(st->screening[0].variants[0], "standing");
	assert_string_equal(st->screening[0].why, "Standing spares the knees.");

	assert_int_equal(st->kind, LIMBER_KIND_MOBILITY);
	assert_int_equal(st->muscles, LIMBER_MUSCLE_LOWER_BACK);
	assert_string_equal(st->guidance,
	    "NHS: Exercises for back pain (nhs.uk, 2023)");
	assert_string_equal(st->source, "minimal.json");
	limber_stretch_free(st);
}

/*
 * Parse the JSON of minimal.json less the keys named, as a built-in file
 * when builtin is true and as a user's file otherwise.
 */
static enum limber_status
parse_minimal_without(const char *const *drop, size_t ndrop, bool builtin,
    struct limber_stretch **out, char **cause)
{
	size_t len;
	char *text = read_data("catalog/good/minimal.json", &len), *dumped;
	json_t *j = json_loadb(text, len, 0, NULL);
	enum limber_status rc;

	assert_non_null(j);
	for (size_t i = 0; i < ndrop; i++)
		assert_int_equal(json_object_del(j, drop[i]), 0);
	dumped = json_dumps(j, JSON_INDENT(2));
	rc = builtin ?
	    catalog_parse_builtin("built-in:test.json", dumped, strlen(dumped),
		out, cause) :
	    limber_stretch_parse("test.json", dumped, strlen(dumped), out,
		cause);
	free(dumped);
	json_decref(j);
	free(text);
	return rc;
}

/*
 * Every built-in file says what it trains and names its guidance, and the
 * loader refuses a built-in file without either; a user's file without
 * them loads as a stretch with no source.
 */
static void
test_builtin_files_need_a_kind_and_a_source(void **state)
{
	static const char *const both[] = { "kind", "source" };
	struct limber_catalog *cat = builtin();
	struct limber_stretch *st = NULL;
	char *cause = NULL;

	(void)state;
	for (size_t i = 0; i < cat->n; i++) {
		assert_non_null(cat->stretches[i]->guidance);
		assert_true(strlen(cat->stretches[i]->guidance) >= 10);
	}
	limber_catalog_free(cat);

	assert_int_equal(parse_minimal_without(NULL, 0, true, &st, &cause),
	    LIMBER_OK);
	assert_int_equal(st->kind, LIMBER_KIND_MOBILITY);
	limber_stretch_free(st);

	assert_int_equal(parse_minimal_without(both, 1, true, &st, &cause),
	    LIMBER_ERR_INVALID);
	assert_null(st);
	assert_string_equal(cause,
	    "built-in:test.json:1:1: kind: missing "
	    "(\"stretch\", \"mobility\", \"strength\" or "
	    "\"motor-control\")");
	free(cause);
	cause = NULL;
	assert_int_equal(parse_minimal_without(both + 1, 1, true, &st, &cause),
	    LIMBER_ERR_INVALID);
	assert_null(st);
	assert_string_equal(cause,
	    "built-in:test.json:1:1: source: missing "
	    "(a text of 1 to 300 characters)");
	free(cause);
	cause = NULL;

	assert_int_equal(parse_minimal_without(both, 2, false, &st, &cause),
	    LIMBER_OK);
	assert_null(cause);
	assert_int_equal(st->kind, LIMBER_KIND_STRETCH);
	assert_null(st->guidance);
	limber_stretch_free(st);
}

/*
 * "muscles" (docs/catalog.md): every built-in file names what it works,
 * and the loader refuses a built-in file without it; a user's file may
 * leave it out, and its stretch then works no muscle the planner knows.
 */
static void
test_muscles_are_required_in_a_builtin_file_only(void **state)
{
	static const char *const muscles[] = { "muscles" };
	struct limber_catalog *cat = builtin();
	struct limber_stretch *st = NULL;
	char *cause = NULL;
	json_t *j;

	(void)state;
	for (size_t i = 0; i < cat->n; i++) {
		if (cat->stretches[i]->muscles == 0)
			fail_msg("%s names no muscles", cat->stretches[i]->id);
	}
	limber_catalog_free(cat);

	assert_int_equal(parse_minimal_without(muscles, 1, true, &st, &cause),
	    LIMBER_ERR_INVALID);
	assert_null(st);
	assert_string_equal(cause,
	    "built-in:test.json:1:1: muscles: missing (a list in [ ])");
	free(cause);
	cause = NULL;

	assert_int_equal(parse_minimal_without(muscles, 1, false, &st, &cause),
	    LIMBER_OK);
	assert_null(cause);
	assert_int_equal(st->muscles, 0);
	/* Its JSON has no "muscles" either, rather than an empty list. */
	j = limber_stretch_to_json(st);
	assert_null(json_object_get(j, "muscles"));
	json_decref(j);
	limber_stretch_free(st);
}

/* Every list and text at its largest, every range at its edges. */
static void
test_limits_file_with_every_maximum_loads(void **state)
{
	struct limber_stretch *st = NULL;
	char *cause = NULL;

	(void)state;
	assert_int_equal(parse_data("catalog/good/limits.json", &st, &cause),
	    LIMBER_OK);
	assert_null(cause);
	assert_int_equal(strlen(st->id), 40);
	/* 60 characters, more bytes: lengths count characters. */
	assert_true(strlen(st->name) > 60);
	assert_int_equal(st->areas, LIMBER_AREA_BOTH);
	assert_int_equal(st->contexts, (1u << LIMBER_CONTEXT_COUNT) - 1);
	assert_int_equal(st->needs, (1u << LIMBER_NEED_COUNT) - 1);
	assert_int_equal(st->kind, LIMBER_KIND_MOTOR_CONTROL);
	/* Every muscle there is, each once. */
	assert_int_equal(st->muscles, (1u << LIMBER_MUSCLE_COUNT) - 1);
	assert_int_equal(strlen(st->guidance), 300);
	assert_int_equal(st->reps.start, 10);
	assert_int_equal(st->hold_s.start, 1);
	assert_int_equal(st->hold_s.max, 120);
	assert_int_equal(st->rest_s.start, 0);
	assert_int_equal(st->rest_s.max, 120);
	assert_int_equal(st->nsteps, 20);
	assert_int_equal(strlen(st->steps[0].text), 300);
	assert_int_equal(st->steps[0].seconds, 120);
	assert_int_equal(st->ncues, 10);
	assert_int_equal(st->ncautions, 10);
	assert_int_equal(st->nbenefits, 10);
	assert_int_equal(st->nvariants, 8);
	assert_int_equal(st->nscreening, 21);
	assert_int_equal(st->screening[0].nvariants, 8);
	limber_stretch_free(st);
}

static void
test_bare_file_without_optional_fields_loads(void **state)
{
	struct limber_stretch *st = NULL;
	char *cause = NULL;

	(void)state;
	assert_int_equal(parse_data("catalog/good/bare.json", &st, &cause),
	    LIMBER_OK);
	assert_null(cause);
	assert_int_equal(st->needs, 0);
	assert_int_equal(st->muscles, 0);
	assert_int_equal(st->ncues, 0);
	assert_int_equal(st->ncautions, 0);
	assert_int_equal(st->nbenefits, 0);
	assert_int_equal(st->nvariants, 0);
	assert_int_equal(st->nscreening, 0);
	assert_int_equal(st->nsteps, 1);
	/* A user's file without "kind" and "source": a stretch, no source. */
	assert_int_equal(st->kind, LIMBER_KIND_STRETCH);
	assert_null(st->guidance);
	limber_stretch_free(st);
}

/* ------------------------------------------------------------------ */
/* Bad files, table-driven from tests/data/catalog/bad/EXPECTED.       */

struct expected {
	char *file, *message;
};

/* Read EXPECTED: one "FILE<TAB>message" a line. */
static struct expected *
read_expected(size_t *n)
{
	size_t len;
	char *text = read_data("catalog/bad/EXPECTED", &len), *p = text;
	struct expected *v = NULL;

	*n = 0;
	while (*p != '\0') {
		char *nl = strchr(p, '\n'), *tab;

		if (nl == NULL)
			nl = p + strlen(p);
		tab = memchr(p, '\t', (size_t)(nl - p));
		if (tab == NULL)
			fail_msg("EXPECTED line %zu has no tab", *n + 1);
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[*n].file = xstrndup(p, (size_t)(tab - p));
		v[*n].message = xstrndup(tab + 1, (size_t)(nl - tab - 1));
		(*n)++;
		p = *nl ? nl + 1 : nl;
	}
	free(text);
	return v;
}

static void
free_expected(struct expected *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].file);
		free(v[i].message);
	}
	free(v);
}

static void
test_every_bad_file_gives_its_exact_message(void **state)
{
	size_t n, failed = 0;
	struct expected *v = read_expected(&n);

	(void)state;
	assert_true(n >= 40);
	for (size_t i = 0; i < n; i++) {
		char *rel = xasprintf("catalog/bad/%s", v[i].file);
		struct limber_stretch *st = (struct limber_stretch *)1;
		char *cause = NULL;
		enum limber_status rc = parse_data(rel, &st, &cause);

		if (rc != LIMBER_ERR_INVALID || st != NULL || cause == NULL ||
		    strcmp(cause, v[i].message) != 0) {
			print_error("%s: status %d, stretch %s\n"
			    "  want: %s\n  got:  %s\n", v[i].file, (int)rc,
			    st ? "set" : "NULL", v[i].message,
			    cause ? cause : "(no message)");
			failed++;
		}
		if (rc == LIMBER_OK)
			limber_stretch_free(st);
		free(cause);
		free(rel);
	}
	free_expected(v, n);
	assert_int_equal(failed, 0);
}

static int
json_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 5 && strcmp(d->d_name + n - 5, ".json") == 0;
}

/* No bad file goes untested, and no entry names a file that is not there. */
static void
test_every_bad_file_is_listed_in_expected_once(void **state)
{
	struct dirent **names;
	char *dir = data_path("catalog/bad");
	size_t n;
	struct expected *v = read_expected(&n);
	int nfiles = scandir(dir, &names, json_name, alphasort);

	(void)state;
	assert_true(nfiles > 0);
	for (int i = 0; i < nfiles; i++) {
		size_t listed = 0;

		for (size_t j = 0; j < n; j++)
			listed += strcmp(v[j].file, names[i]->d_name) == 0;
		if (listed != 1)
			fail_msg("%s is listed %zu times in EXPECTED",
			    names[i]->d_name, listed);
		free(names[i]);
	}
	free(names);
	assert_int_equal(n, (size_t)nfiles);
	free_expected(v, n);
	free(dir);
}

/* Each message is "NAME:LINE:COL: ...", with the name given to the parser. */
static void
test_bad_file_message_uses_the_name_given(void **state)
{
	size_t len;
	char *text = read_data("catalog/bad/reps-start-11.json", &len);
	struct limber_stretch *st = NULL;
	char *cause = NULL;

	(void)state;
	assert_int_equal(limber_stretch_parse("some/where/else.json", text,
	    len, &st, &cause), LIMBER_ERR_INVALID);
	assert_null(st);
	assert_string_equal(cause, "some/where/else.json:13:23: "
	    "dose.reps.start: must be a whole number of repetitions from "
	    "1 to 10");
	free(cause);
	free(text);
}

static void
test_bad_file_without_cause_pointer_still_fails_cleanly(void **state)
{
	struct limber_stretch *st = (struct limber_stretch *)1;

	(void)state;
	assert_int_equal(parse_data("catalog/bad/unknown-field.json", &st,
	    NULL), LIMBER_ERR_INVALID);
	assert_null(st);
	st = (struct limber_stretch *)1;
	assert_int_equal(parse_data("catalog/bad/syntax-missing-comma.json",
	    &st, NULL), LIMBER_ERR_INVALID);
	assert_null(st);
}

/* ------------------------------------------------------------------ */
/* The user's folder: limber_catalog_add_dir.                          */

static void
assert_same_catalog(const struct limber_catalog *cat,
    struct limber_stretch *const *before, char *const *names, size_t n)
{
	assert_int_equal(cat->n, n);
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(cat->stretches[i], before[i]);
		assert_string_equal(cat->stretches[i]->name, names[i]);
	}
}

/* Pointers and names of a catalog, to compare with after a change. */
static void
snapshot(const struct limber_catalog *cat, struct limber_stretch ***ptrs,
    char ***names)
{
	*ptrs = xcalloc(cat->n, sizeof **ptrs);
	*names = xcalloc(cat->n, sizeof **names);
	for (size_t i = 0; i < cat->n; i++) {
		(*ptrs)[i] = cat->stretches[i];
		(*names)[i] = xstrdup(cat->stretches[i]->name);
	}
}

static void
snapshot_free(struct limber_stretch **ptrs, char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(ptrs);
}

static void
test_add_dir_missing_dir_is_fine_and_changes_nothing(void **state)
{
	struct limber_catalog *cat = builtin();
	struct limber_stretch **ptrs;
	char **names, *cause = NULL;
	char *dir = data_path("catalog/no-such-folder");
	size_t n = cat->n;

	(void)state;
	snapshot(cat, &ptrs, &names);
	assert_int_equal(limber_catalog_add_dir(cat, dir, &cause), LIMBER_OK);
	assert_null(cause);
	assert_same_catalog(cat, ptrs, names, n);
	snapshot_free(ptrs, names, n);
	free(dir);
	limber_catalog_free(cat);
}

static void
test_add_dir_replaces_a_builtin_id_and_adds_a_new_one(void **state)
{
	struct limber_catalog *cat = builtin();
	char *dir = data_path("catalog/override"), *cause = NULL, *source;
	const struct limber_stretch *st;
	size_t n = cat->n;

	(void)state;
	assert_null(limber_catalog_find(cat, "cat-cow"));
	assert_int_equal(limber_catalog_add_dir(cat, dir, &cause), LIMBER_OK);
	assert_null(cause);
	/*
	 * One more: cat-cow; neck-rolls replaced in place. README.txt,
	 * .hidden.json and old.json.bak are not read.
	 */
	assert_int_equal(cat->n, n + 1);
	for (size_t i = 1; i < cat->n; i++)
		assert_true(strcmp(cat->stretches[i - 1]->id,
				cat->stretches[i]->id) < 0);

	st = must_find(cat, "neck-rolls");
	assert_string_equal(st->name, "Neck rolls from your own folder");
	source = xasprintf("%s/neck-rolls.json", dir);
	assert_string_equal(st->source, source);
	free(source);
	/* Replaced completely: nothing of the built-in file is merged in. */
	assert_int_equal(st->nscreening, 0);
	assert_int_equal(st->nsteps, 3);

	/* A new id takes its place in id order (checked above). */
	st = must_find(cat, "cat-cow");
	assert_string_equal(st->name, "Cat and cow");
	/* The others are still the built-in ones. */
	assert_string_equal(must_find(cat, "childs-pose")->source,
	    "built-in:childs-pose.json");

	/* Adding the same folder again changes nothing in the ids. */
	assert_int_equal(limber_catalog_add_dir(cat, dir, &cause), LIMBER_OK);
	assert_int_equal(cat->n, n + 1);
	free(dir);
	limber_catalog_free(cat);
}

static void
test_add_dir_with_one_bad_file_leaves_catalog_as_it_was(void **state)
{
	struct limber_catalog *cat = builtin();
	struct limber_stretch **ptrs;
	char **names, *cause = NULL, *want;
	char *dir = data_path("catalog/mixed");
	size_t n = cat->n;

	(void)state;
	snapshot(cat, &ptrs, &names);
	assert_int_equal(limber_catalog_add_dir(cat, dir, &cause),
	    LIMBER_ERR_INVALID);
	want = xasprintf("%s/b-bad.json:26:14: dose.hold_s.max: must be a "
	    "whole number of seconds from 1 to 120", dir);
	assert_non_null(cause);
	assert_string_equal(cause, want);
	/* a-neck-rolls.json (good, read first) did not replace neck-rolls,
	 * and c-new.json (good, read after) was not added. */
	assert_same_catalog(cat, ptrs, names, n);
	assert_string_equal(must_find(cat, "neck-rolls")->source,
	    "built-in:neck-rolls.json");
	assert_null(limber_catalog_find(cat, "mixed-new"));
	snapshot_free(ptrs, names, n);
	free(want);
	free(cause);
	free(dir);
	limber_catalog_free(cat);
}

static void
test_add_dir_two_files_with_one_id_is_an_error_naming_both(void **state)
{
	struct limber_catalog *cat = builtin();
	struct limber_stretch **ptrs;
	char **names, *cause = NULL, *want;
	char *dir = data_path("catalog/dupe");
	size_t n = cat->n;

	(void)state;
	snapshot(cat, &ptrs, &names);
	assert_int_equal(limber_catalog_add_dir(cat, dir, &cause),
	    LIMBER_ERR_INVALID);
	want = xasprintf("%s/two.json: stretch \"same-id\" is already "
	    "defined in %s/one.json", dir, dir);
	assert_non_null(cause);
	assert_string_equal(cause, want);
	assert_same_catalog(cat, ptrs, names, n);
	assert_null(limber_catalog_find(cat, "same-id"));
	snapshot_free(ptrs, names, n);
	free(want);
	free(cause);
	free(dir);
	limber_catalog_free(cat);
}

static void
test_add_dir_that_is_a_file_is_an_io_error_naming_it(void **state)
{
	struct limber_catalog *cat = builtin();
	char *path = data_path("catalog/good/minimal.json"), *cause = NULL;
	size_t n = cat->n;

	(void)state;
	assert_int_equal(limber_catalog_add_dir(cat, path, &cause),
	    LIMBER_ERR_IO);
	assert_non_null(cause);
	assert_int_equal(strncmp(cause, path, strlen(path)), 0);
	assert_int_equal(cat->n, n);
	free(cause);
	free(path);
	limber_catalog_free(cat);
}

/* ------------------------------------------------------------------ */
/* limber_stretch_load_file.                                           */

static void
test_load_file_missing_is_an_io_error_naming_the_path(void **state)
{
	char *path = data_path("catalog/good/no-such-file.json"), *cause = NULL;
	struct limber_stretch *st = (struct limber_stretch *)1;

	(void)state;
	assert_int_equal(limber_stretch_load_file(path, &st, &cause),
	    LIMBER_ERR_IO);
	assert_null(st);
	assert_non_null(cause);
	assert_int_equal(strncmp(cause, path, strlen(path)), 0);
	assert_non_null(strstr(cause, strerror(ENOENT)));
	free(cause);
	free(path);
}

static void
test_load_file_directory_is_an_io_error_naming_the_path(void **state)
{
	char *path = data_path("catalog/good"), *cause = NULL;
	struct limber_stretch *st = (struct limber_stretch *)1;

	(void)state;
	assert_int_equal(limber_stretch_load_file(path, &st, &cause),
	    LIMBER_ERR_IO);
	assert_null(st);
	assert_non_null(cause);
	assert_int_equal(strncmp(cause, path, strlen(path)), 0);
	free(cause);
	free(path);
}

static void
test_load_file_good_file_takes_its_path_as_source(void **state)
{
	char *path = data_path("catalog/good/minimal.json"), *cause = NULL;
	struct limber_stretch *st = NULL;

	(void)state;
	assert_int_equal(limber_stretch_load_file(path, &st, &cause),
	    LIMBER_OK);
	assert_null(cause);
	assert_string_equal(st->id, "minimal");
	assert_string_equal(st->source, path);
	limber_stretch_free(st);
	free(path);
}

static void
test_load_file_bad_file_names_the_path(void **state)
{
	char *path = data_path("catalog/bad/unknown-field.json"), *cause = NULL;
	char *want = xasprintf("%s:23:15: cautoins: unknown field", path);
	struct limber_stretch *st = NULL;

	(void)state;
	assert_int_equal(limber_stretch_load_file(path, &st, &cause),
	    LIMBER_ERR_INVALID);
	assert_null(st);
	assert_string_equal(cause, want);
	free(cause);
	free(want);
	free(path);
}

/*
 * Write minimal.json padded with trailing spaces (still valid JSON) to a
 * temporary file of size bytes, load it, remove it.
 */
static enum limber_status
load_padded(size_t size, char **path_out, struct limber_stretch **st,
    char **cause)
{
	char tmpl[] = "/tmp/limber-test-XXXXXX";
	size_t len;
	char *text = read_data("catalog/good/minimal.json", &len), *buf;
	enum limber_status rc;
	int fd;

	assert_true(len <= size);
	buf = xmalloc(size);
	memcpy(buf, text, len);
	memset(buf + len, ' ', size - len);
	free(text);
	fd = mkstemp(tmpl);
	assert_true(fd != -1);
	for (size_t off = 0; off < size;) {
		ssize_t w = write(fd, buf + off, size - off);

		if (w <= 0) {
			close(fd);
			unlink(tmpl);
			fail_msg("cannot write %s: %s", tmpl, strerror(errno));
		}
		off += (size_t)w;
	}
	close(fd);
	free(buf);
	rc = limber_stretch_load_file(tmpl, st, cause);
	unlink(tmpl);
	*path_out = xstrdup(tmpl);
	return rc;
}

static void
test_load_file_of_exactly_256_kib_loads(void **state)
{
	struct limber_stretch *st = NULL;
	char *path, *cause = NULL;

	(void)state;
	assert_int_equal(load_padded(MAX_FILE, &path, &st, &cause), LIMBER_OK);
	assert_null(cause);
	assert_string_equal(st->id, "minimal");
	limber_stretch_free(st);
	free(path);
}

static void
test_load_file_over_256_kib_is_refused_naming_the_path(void **state)
{
	struct limber_stretch *st = (struct limber_stretch *)1;
	char *path, *cause = NULL;
	enum limber_status rc;

	(void)state;
	rc = load_padded(MAX_FILE + 1, &path, &st, &cause);
	assert_true(rc == LIMBER_ERR_IO || rc == LIMBER_ERR_INVALID);
	assert_null(st);
	assert_non_null(cause);
	assert_int_equal(strncmp(cause, path, strlen(path)), 0);
	free(cause);
	free(path);
}

/* ------------------------------------------------------------------ */
/* Step timing and JSON.                                               */

static void
test_steps_seconds_counts_each_hold_as_hold_s(void **state)
{
	struct limber_step steps[] = {
		{ .text = (char *)"move", .seconds = 5 },
		{ .text = (char *)"hold", .hold = true },
		{ .text = (char *)"move", .seconds = 3 },
		/* A hold's own seconds never count, only hold_s. */
		{ .text = (char *)"hold", .seconds = 99, .hold = true },
	};
	struct limber_catalog *cat = builtin();
	const struct limber_stretch *st = must_find(cat, "neck-rolls");
	int want = 0;

	(void)state;
	assert_int_equal(limber_steps_seconds(steps, nitems(steps), 20),
	    5 + 20 + 3 + 20);
	assert_int_equal(limber_steps_seconds(steps, nitems(steps), 1),
	    5 + 1 + 3 + 1);
	assert_int_equal(limber_steps_seconds(steps, 1, 20), 5);
	assert_int_equal(limber_steps_seconds(steps, 0, 20), 0);
	/* neck-rolls: three holds among its steps. */
	for (size_t i = 0; i < st->nsteps; i++)
		want += st->steps[i].hold ? 7 : st->steps[i].seconds;
	assert_int_equal(count_holds(st->steps, st->nsteps), 3);
	assert_int_equal(limber_steps_seconds(st->steps, st->nsteps, 7), want);
	limber_catalog_free(cat);
}

static void
assert_round_trips(const struct limber_stretch *st)
{
	char *first = dump(st), *second, *cause = NULL;
	struct limber_stretch *again = NULL;

	if (limber_stretch_parse("round-trip.json", first, strlen(first),
	    &again, &cause) != LIMBER_OK)
		fail_msg("%s does not parse back: %s", st->id, cause);
	assert_null(cause);
	second = dump(again);
	assert_string_equal(first, second);
	free(first);
	free(second);
	limber_stretch_free(again);
}

static void
test_stretch_to_json_round_trips_every_builtin(void **state)
{
	struct limber_catalog *cat = builtin();

	(void)state;
	for (size_t i = 0; i < cat->n; i++)
		assert_round_trips(cat->stretches[i]);
	limber_catalog_free(cat);
}

static void
test_stretch_to_json_round_trips_the_good_files(void **state)
{
	static const char *const files[] = {
		"catalog/good/minimal.json",
		"catalog/good/limits.json",
		"catalog/good/bare.json",
		"catalog/good/translated.json",
	};

	(void)state;
	for (size_t i = 0; i < nitems(files); i++) {
		struct limber_stretch *st = NULL;

		assert_int_equal(parse_data(files[i], &st, NULL), LIMBER_OK);
		assert_round_trips(st);
		limber_stretch_free(st);
	}
}

/* The JSON of a stretch is the catalog file it came from, field for field. */
static void
test_stretch_to_json_gives_back_the_file(void **state)
{
	static const char *const files[] = {
		"catalog/good/minimal.json",
		"catalog/good/limits.json",
		"catalog/good/translated.json",
	};

	(void)state;
	for (size_t i = 0; i < nitems(files); i++) {
		struct limber_stretch *st = NULL;
		size_t len;
		char *text = read_data(files[i], &len);
		json_t *file = json_loadb(text, len, 0, NULL), *out;

		assert_non_null(file);
		assert_int_equal(parse_data(files[i], &st, NULL), LIMBER_OK);
		out = limber_stretch_to_json(st);
		if (!json_equal(file, out))
			fail_msg("%s: the JSON of the stretch differs from "
			    "the file", files[i]);
		json_decref(out);
		json_decref(file);
		limber_stretch_free(st);
		free(text);
	}
}

/*
 * The JSON of a stretch names its muscles in the order of enum
 * limber_muscle, each once, and parses back, as a built-in file, to the
 * same bits. (The round trips above compare two dumps, which would agree
 * if both lost the muscles.)
 */
/* Drop every step's "pose" from a stretch's JSON, in its variants too. */
static void
strip_poses(json_t *st)
{
	json_t *vars = json_object_get(st, "variants"), *v, *step;
	size_t i, k;

	json_array_foreach(json_object_get(st, "steps"), k, step)
		json_object_del(step, "pose");
	json_array_foreach(vars, i, v) {
		json_array_foreach(json_object_get(v, "steps"), k, step)
			json_object_del(step, "pose");
	}
}

/*
 * Commands that draw nothing read the built-in catalog without its poses
 * (limber_catalog_builtin_text): it must be the same catalog in every
 * other field, and hold no pose, while the whole one has a pose on every
 * step.
 */
static void
test_builtin_text_is_the_catalog_without_its_poses(void **state)
{
	struct limber_catalog *full = builtin(), *text = NULL;
	char *cause = NULL;

	(void)state;
	assert_int_equal(limber_catalog_builtin_text(&text, &cause), LIMBER_OK);
	assert_null(cause);
	assert_int_equal(text->n, full->n);
	for (size_t i = 0; i < full->n; i++) {
		const struct limber_stretch *f = full->stretches[i];
		const struct limber_stretch *t = text->stretches[i];
		json_t *fj = limber_stretch_to_json(f),
		       *tj = limber_stretch_to_json(t);

		assert_string_equal(t->id, f->id);
		for (size_t k = 0; k < f->nsteps; k++) {
			assert_non_null(f->steps[k].pose);
			assert_null(t->steps[k].pose);
		}
		for (size_t v = 0; v < t->nvariants; v++) {
			for (size_t k = 0; k < t->variants[v].nsteps; k++)
				assert_null(t->variants[v].steps[k].pose);
		}
		strip_poses(fj);
		if (!json_equal(fj, tj))
			fail_msg("%s differs without its poses", f->id);
		json_decref(fj);
		json_decref(tj);
	}
	limber_catalog_free(text);
	limber_catalog_free(full);
}

static void
test_stretch_to_json_keeps_the_muscles(void **state)
{
	struct limber_catalog *cat = builtin();

	(void)state;
	for (size_t i = 0; i < cat->n; i++) {
		const struct limber_stretch *b = cat->stretches[i];
		json_t *j = limber_stretch_to_json(b), *v;
		json_t *names = json_object_get(j, "muscles");
		struct limber_stretch *again = NULL;
		char *text = json_dumps(j, 0), *cause = NULL;
		unsigned bits = 0;
		int last = -1;
		size_t k;

		assert_true(json_is_array(names));
		json_array_foreach(names, k, v) {
			int bit = limber_muscle_parse(json_string_value(v));
			int at = 0;

			if (bit <= 0)
				fail_msg("%s: muscles[%zu] does not parse",
				    b->id, k);
			while ((1 << at) != bit)
				at++;
			assert_true(at > last); /* in order, each once */
			last = at;
			bits |= (unsigned)bit;
		}
		if (bits != b->muscles)
			fail_msg("%s: the JSON's muscles are %#x, not %#x",
			    b->id, bits, b->muscles);
		assert_non_null(text);
		if (catalog_parse_builtin("built-in:again.json", text,
			strlen(text), &again, &cause) != LIMBER_OK)
			fail_msg("%s does not parse back: %s", b->id, cause);
		assert_int_equal(again->muscles, b->muscles);
		limber_stretch_free(again);
		free(text);
		json_decref(j);
	}
	limber_catalog_free(cat);
}

/* ------------------------------------------------------------------ */
/* Area names (lib/names.c).                                           */

/*
 * The names a stretch file, an option, JSON and the journal use for an
 * area, the number a typed menu shows beside each, and the words a
 * sentence says it in: each way back to the same area, and nothing else
 * taken for one (the terminal once kept its own copy of these).
 */
static void
test_area_names_digits_and_words_round_trip(void **state)
{
	static const struct {
		enum limber_area area;
		const char *name, *digit, *words;
	} want[] = {
		{ LIMBER_AREA_UPPER, "upper", "1", "neck and upper back" },
		{ LIMBER_AREA_LOWER, "lower", "2", "lower back" },
		{ LIMBER_AREA_BOTH, "both", "3", "upper and lower back" },
	};
	static const char *const not_areas[] = { "", "none", "Upper", "upper ",
		"0", "4", "01", "neck" };

	(void)state;
	for (size_t i = 0; i < nitems(want); i++) {
		assert_string_equal(limber_area_name(want[i].area),
		    want[i].name);
		assert_int_equal(limber_area_parse(want[i].name), want[i].area);
		assert_int_equal(limber_area_parse_answer(want[i].name),
		    want[i].area);
		assert_int_equal(limber_area_parse_answer(want[i].digit),
		    want[i].area);
		/* A digit is an answer to a menu, never a name in a file. */
		assert_int_equal(limber_area_parse(want[i].digit), -1);
		assert_string_equal(limber_area_words(want[i].area),
		    want[i].words);
	}
	for (size_t i = 0; i < nitems(not_areas); i++) {
		assert_int_equal(limber_area_parse(not_areas[i]), -1);
		assert_int_equal(limber_area_parse_answer(not_areas[i]), -1);
	}
	assert_string_equal(limber_area_name((enum limber_area)0), "none");
	assert_null(limber_area_words((enum limber_area)0));
}

/* ------------------------------------------------------------------ */
/* Faults found in lib/ while writing these tests: they fail until     */
/* the library is fixed (see the comment on each).                     */

/* text with the one occurrence of old replaced by new. */
static char *
replace_once(const char *text, const char *old, const char *new)
{
	const char *at = strstr(text, old);
	size_t lt = strlen(text), lo = strlen(old), ln = strlen(new);
	char *out;

	if (at == NULL || strstr(at + 1, old) != NULL)
		fail_msg("\"%s\" is not in the text exactly once", old);
	out = xmalloc(lt - lo + ln + 1);
	memcpy(out, text, (size_t)(at - text));
	memcpy(out + (at - text), new, ln);
	memcpy(out + (at - text) + ln, at + lo, lt - (size_t)(at - text) - lo + 1);
	return out;
}

/* Parse text as "test.json"; the message, or NULL when it loads. */
static char *
parse_text(const char *text)
{
	struct limber_stretch *st = NULL;
	char *cause = NULL;

	if (limber_stretch_parse("test.json", text, strlen(text), &st,
	    &cause) == LIMBER_OK) {
		limber_stretch_free(st);
		free(cause);
		return NULL;
	}
	return cause != NULL ? cause : xstrdup("(no message)");
}

/*
 * Parse minimal.json with prefix before it and old replaced by new (old
 * NULL: unchanged); 0 when the outcome is want (NULL: loads), else 1 with
 * the difference printed. Frees all it allocates before returning, so a
 * failing check leaks nothing.
 */
static int
check_variant(const char *prefix, const char *old, const char *new,
    const char *want)
{
	size_t len;
	char *text = read_data("catalog/good/minimal.json", &len);
	char *full = xasprintf("%s%s", prefix, text), *t, *cause;
	int bad;

	t = old != NULL ? replace_once(full, old, new) : xstrdup(full);
	cause = parse_text(t);
	bad = want == NULL ? cause != NULL : cause == NULL ||
	    strcmp(cause, want) != 0;
	if (bad)
		print_error("with %s:\n  want: %s\n  got:  %s\n",
		    old != NULL ? new : "a prefix", want ? want : "loads",
		    cause ? cause : "loads");
	free(cause);
	free(t);
	free(full);
	free(text);
	return bad;
}

/*
 * lib/jsonpos.c skips a UTF-8 byte order mark so that "the first line's
 * columns" stay right, but lib/catalog.c hands the text to jansson with the
 * mark, and jansson refuses it: "test.json:1:1: '[' or '{' expected near
 * '<the three invisible bytes>'". A file saved by an editor that writes the
 * mark cannot be loaded, and the message does not say why.
 */
static void
test_file_starting_with_a_utf8_bom_loads(void **state)
{
	int failed = 0;

	(void)state;
	failed += check_variant("\xef\xbb\xbf", NULL, NULL, NULL);
	failed += check_variant("\xef\xbb\xbf", "{\"start\": 2, \"min\": 1",
	    "{\"start\": 11, \"min\": 1", "test.json:13:23: dose.reps.start: "
	    "must be a whole number of repetitions from 1 to 10");
	assert_int_equal(failed, 0);
}

/*
 * lib/jsonpos.c records keys as written, escapes and all, while jansson
 * decodes them; a fault under a key written with an escape ("r\u0065ps" is
 * "reps") is then reported at the nearest parent whose key has no escape,
 * or at 1:1, not at the value (docs/catalog.md: "The line and column point
 * at the value at fault").
 */
static void
test_position_of_a_value_under_an_escaped_key_is_the_value(void **state)
{
	int failed = 0;

	(void)state;
	failed += check_variant("", "\"reps\": {\"start\": 2,",
	    "\"r\\u0065ps\": {\"start\": 11,", "test.json:13:28: "
	    "dose.reps.start: must be a whole number of repetitions from "
	    "1 to 10");
	failed += check_variant("", "\"cautions\": [", "\"caut\\u006fins\": [",
	    "test.json:23:20: cautoins: unknown field");
	assert_int_equal(failed, 0);
}

/*
 * docs/catalog.md: texts are single lines with no control characters, in
 * Unicode as in ASCII: U+0085 (NEXT LINE, a C1 control), U+009B (CSI, which
 * a terminal may take as the start of an escape sequence), U+2028 (LINE
 * SEPARATOR), U+2029 (PARAGRAPH SEPARATOR) and the direction overrides
 * U+202E and U+2066 are refused.
 */
static void
test_text_with_unicode_line_breaks_or_c1_controls_is_refused(void **state)
{
	static const char *const bad[] = {
		"\"Breathe\\u0085 slowly.\"", "\"Breathe\\u009b slowly.\"",
		"\"Breathe\\u2028 slowly.\"", "\"Breathe\\u2029 slowly.\"",
		"\"Breathe\\u202e slowly.\"", "\"Breathe\\u2066 slowly.\"",
	};
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < nitems(bad); i++)
		failed += check_variant("", "\"Breathe slowly.\"", bad[i],
		    "test.json:22:12: cues[0]: must not contain control "
		    "characters, line breaks or direction overrides");
	/* The check itself: a tab in a text is refused this way today. */
	assert_int_equal(check_variant("", "\"Breathe slowly.\"",
	    "\"Breathe\\t slowly.\"", "test.json:22:12: cues[0]: must not "
	    "contain control characters, line breaks or direction "
	    "overrides"), 0);
	assert_int_equal(failed, 0);
}

/*
 * A .mo file with no texts: a language of the tests' own (util/i18n.h),
 * so that a stretch file's own translations are all there is to find.
 */
static const unsigned char empty_mo[28] = {
	0xde,
	0x12,
	0x04,
	0x95,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	28,
	0,
	0,
	0,
	28,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	28,
	0,
	0,
	0,
};

/*
 * A user's stretch file carries its own words in other languages: each
 * text is given in the thread's language when the file has it ("pt"
 * serves pt_BR), else in English; a variant's words too. English itself
 * is always the file's English.
 */
static void
test_a_file_s_own_translations_are_its_words_in_that_language(void **state)
{
	const struct i18n_lang *qd, *qp;
	struct limber_stretch *st = NULL;
	const struct limber_variant *va;

	(void)state;
	qd = i18n_lang_add("qd", empty_mo, sizeof empty_mo);
	qp = i18n_lang_add("pt_QQ", empty_mo, sizeof empty_mo);
	assert_non_null(qd);
	assert_non_null(qp);
	assert_int_equal(parse_data("catalog/good/translated.json", &st, NULL),
	    LIMBER_OK);
	va = limber_stretch_variant(st, "standing");
	assert_non_null(va);

	i18n_use(qd);
	assert_string_equal(limber_stretch_text(st, st->name),
	    "Übersetzte Dehnung");
	assert_string_equal(limber_stretch_text(st, st->steps[2].text),
	    "Lassen Sie langsam los.");
	assert_string_equal(limber_stretch_text(st, st->cautions[0]),
	    "Brechen Sie ab, wenn es schmerzt.");
	assert_string_equal(limber_stretch_text(st, va->name), "Im Stehen");
	/* What the file leaves out is the English, and counted as such. */
	unsigned long misses = i18n_misses();
	assert_string_equal(limber_stretch_text(st, st->summary), st->summary);
	assert_string_equal(limber_stretch_text(st, va->steps[0].text),
	    va->steps[0].text);
	assert_int_equal(i18n_misses(), misses + 2);

	i18n_use(qp);
	assert_string_equal(limber_stretch_text(st, st->name),
	    "Alongamento traduzido");
	assert_string_equal(limber_stretch_text(st, st->position),
	    st->position);

	i18n_use(NULL);
	assert_string_equal(limber_stretch_text(st, st->name),
	    "Translated stretch");
	assert_string_equal(limber_stretch_text(st, st->steps[2].text),
	    "Let go slowly.");
	limber_stretch_free(st);
}

/* A translation that does not fit the file is refused, where it is wrong. */
static void
test_a_translation_that_does_not_fit_is_refused_where_it_is(void **state)
{
	static const struct {
		const char *json, *where;
	} bad[] = {
		{ "[]", "translations: must be an object of translations" },
		{ "{\"Deutsch\": {}}", "translations.Deutsch: not a language" },
		{ "{\"de\": []}", "translations.de: must be an object" },
		{ "{\"de\": {\"nom\": \"x\"}}",
		    "translations.de.nom: unknown" },
		{ "{\"de\": {\"name\": \"\"}}",
		    "translations.de.name: must be 1" },
		{ "{\"de\": {\"steps\": [\"a\", \"b\"]}}",
		    "translations.de.steps: must be a list of 3 texts" },
		{ "{\"de\": {\"steps\": [\"a\", \"b\", 3]}}",
		    "translations.de.steps[2]: must be a text" },
		{ "{\"de\": {\"cues\": [\"a\\u202eb\"]}}",
		    "translations.de.cues[0]: must not contain control" },
		{ "{\"de\": {\"variants\": {\"sitting\": {}}}}",
		    "translations.de.variants.sitting: no variant" },
		{ "{\"de\": {\"variants\": {\"standing\": {\"id\": \"x\"}}}}",
		    "translations.de.variants.standing.id: unknown" },
	};
	size_t len;
	char *text = read_data("catalog/good/minimal.json", &len);

	(void)state;
	for (size_t i = 0; i < nitems(bad); i++) {
		json_t *j = json_loadb(text, len, 0, NULL);
		struct limber_stretch *st = NULL;
		char *dumped, *cause = NULL;

		assert_non_null(j);
		json_object_set_new(j, "translations",
		    json_loads(bad[i].json, 0, NULL));
		dumped = json_dumps(j, JSON_INDENT(2));
		assert_int_equal(limber_stretch_parse("test.json", dumped,
				     strlen(dumped), &st, &cause),
		    LIMBER_ERR_INVALID);
		assert_null(st);
		if (strstr(cause, bad[i].where) == NULL)
			fail_msg("%s: %s, not %s", bad[i].json, cause,
			    bad[i].where);
		free(cause);
		free(dumped);
		json_decref(j);
	}
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_builtin_has_every_file_of_data_stretches_sorted),
		cmocka_unit_test(
		    test_builtin_every_stretch_and_variant_has_a_hold_step),
		cmocka_unit_test(
		    test_builtin_neck_rolls_never_tip_the_head_back_and_stop_on_dizziness),
		cmocka_unit_test(
		    test_builtin_pelvic_tilt_holds_the_tilt_before_the_lift),
		cmocka_unit_test(
		    test_builtin_has_the_variants_the_caution_rules_need),
		cmocka_unit_test(test_builtin_screening_rules_follow_safety_md),
		cmocka_unit_test(
		    test_minimal_file_loads_with_every_field_right),
		cmocka_unit_test(test_limits_file_with_every_maximum_loads),
		cmocka_unit_test(test_bare_file_without_optional_fields_loads),
		cmocka_unit_test(test_builtin_files_need_a_kind_and_a_source),
		cmocka_unit_test(
		    test_muscles_are_required_in_a_builtin_file_only),
		cmocka_unit_test(test_every_bad_file_gives_its_exact_message),
		cmocka_unit_test(
		    test_every_bad_file_is_listed_in_expected_once),
		cmocka_unit_test(test_bad_file_message_uses_the_name_given),
		cmocka_unit_test(
		    test_bad_file_without_cause_pointer_still_fails_cleanly),
		cmocka_unit_test(
		    test_add_dir_missing_dir_is_fine_and_changes_nothing),
		cmocka_unit_test(
		    test_add_dir_replaces_a_builtin_id_and_adds_a_new_one),
		cmocka_unit_test(
		    test_add_dir_with_one_bad_file_leaves_catalog_as_it_was),
		cmocka_unit_test(
		    test_add_dir_two_files_with_one_id_is_an_error_naming_both),
		cmocka_unit_test(
		    test_add_dir_that_is_a_file_is_an_io_error_naming_it),
		cmocka_unit_test(
		    test_load_file_missing_is_an_io_error_naming_the_path),
		cmocka_unit_test(
		    test_load_file_directory_is_an_io_error_naming_the_path),
		cmocka_unit_test(
		    test_load_file_good_file_takes_its_path_as_source),
		cmocka_unit_test(test_load_file_bad_file_names_the_path),
		cmocka_unit_test(test_load_file_of_exactly_256_kib_loads),
		cmocka_unit_test(
		    test_load_file_over_256_kib_is_refused_naming_the_path),
		cmocka_unit_test(test_steps_seconds_counts_each_hold_as_hold_s),
		cmocka_unit_test(
		    test_stretch_to_json_round_trips_every_builtin),
		cmocka_unit_test(
		    test_stretch_to_json_round_trips_the_good_files),
		cmocka_unit_test(test_stretch_to_json_gives_back_the_file),
		cmocka_unit_test(test_stretch_to_json_keeps_the_muscles),
		cmocka_unit_test(
		    test_builtin_text_is_the_catalog_without_its_poses),
		cmocka_unit_test(test_area_names_digits_and_words_round_trip),
		cmocka_unit_test(test_file_starting_with_a_utf8_bom_loads),
		cmocka_unit_test(
		    test_position_of_a_value_under_an_escaped_key_is_the_value),
		cmocka_unit_test(
		    test_text_with_unicode_line_breaks_or_c1_controls_is_refused),
		cmocka_unit_test(
		    test_a_file_s_own_translations_are_its_words_in_that_language),
		cmocka_unit_test(
		    test_a_translation_that_does_not_fit_is_refused_where_it_is),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
