/*
 * screen.c - answers to a verdict: may this person stretch today?
 *
 * A pure function of the answers and the catalog. Each "yes" raises the
 * verdict to its question's level; severe pain raises it to see-clinician
 * (project policy, docs/safety.md); the verdict is the worst of them, and
 * the reasons come worst first so a front end can say the most important
 * thing first. Caution answers also say which stretches are left out or
 * changed, from each stretch's own screening rules.
 */
#include <string.h>

#include "i18n.h"
#include "internal.h"
#include "limber/limber.h"
#include "util.h"

/*
 * The reasons that come from the pain score or the journal, not from a
 * question, each with its level and its sign for the safety box.
 */
struct screen_rule {
	const char *id;
	enum limber_level level;
	const char *advice;
	const char *sign;
};

/* The sign says the numbers: keep it true if the mark or the scale moves. */
_Static_assert(LIMBER_SEVERE_PAIN == 6, "the severe-pain sign says 6");
_Static_assert(LIMBER_PAIN_MAX == 10, "the severe-pain sign says 10");

static const struct screen_rule severe_pain = {
	.id = "severe-pain",
	.level = LIMBER_LEVEL_SEE_CLINICIAN,
	.advice = N_("Pain this strong is a reason to see a doctor or "
		     "physiotherapist before stretching. Rest in whatever "
		     "position eases it, and book an appointment."),
	.sign = N_("pain of 6 or more out of 10 before you start"),
};

static const struct screen_rule worse_after = {
	.id = "worse-after-sessions",
	.level = LIMBER_LEVEL_SEE_CLINICIAN,
	/* TRANSLATORS: 'limber log --cleared' is a command: keep it as it
	   is. */
	.advice = N_("Twice within a week a session left your pain worse or "
		     "stopped on a warning sign (sharp pain, numbness or "
		     "tingling, dizziness). Please have a doctor or "
		     "physiotherapist look at it before you stretch again. "
		     "When they have cleared you, record it with 'limber log "
		     "--cleared'."),
	.sign = N_("pain worse after your sessions twice within a week"),
};

/*
 * Answers that together mean more than each alone (docs/safety.md,
 * "Combinations"). Every member question of a combination that reaches
 * emergency must be asked before any urgent question, since an urgent
 * "yes" ends the questions (tests/unit/test-screen.c checks it).
 */
/* clang-format off */
static const struct limber_combination combinations[] = {
	{ .id = "cancer-nerve-signs", .level = LIMBER_LEVEL_EMERGENCY,
	  .all = { "cancer-history" },
	  .any = { "progressive-weakness", "cord-signs" },
	  .advice = N_("Call your local emergency number now and tell them you "
	    "have had cancer: with new weakness, numbness or tingling, the "
	    "spinal cord needs checking at once. Do not stretch."),
	  .sign = N_("if you have ever had cancer: new weakness, numbness or "
	    "tingling in an arm or leg, or in both hands") },
	{ .id = "cancer-new-pain", .level = LIMBER_LEVEL_URGENT,
	  .all = { "cancer-history", "new-pain" },
	  .advice = N_("Please contact your cancer team or a doctor today and tell "
	    "them about this new pain: after cancer, new pain in the spine "
	    "should be checked within a day. If you cannot reach anyone "
	    "today, call your local emergency number. Do not stretch until "
	    "you have been checked."),
	  .sign = N_("if you have ever had cancer: new pain in your back or "
	    "neck, unlike the pain you have had") },
	{ .id = "fever-infection-risk", .level = LIMBER_LEVEL_URGENT,
	  .all = { "fever", "infection-risk" },
	  .advice = N_("Please see a doctor today: a fever when infections come "
	    "more easily to you can mean an infection near the spine. If you "
	    "cannot reach one today, call your local emergency number. Do not "
	    "stretch."),
	  .sign = N_("a fever, if infections come easily to you (a weak immune "
	    "system, steroid medicine, injecting drugs)") },
	{ .id = "age-new-pain", .level = LIMBER_LEVEL_SEE_CLINICIAN,
	  .all = { "age-risk", "new-pain" },
	  .advice = N_("New back or neck pain at your age is best checked once by "
	    "a doctor or physiotherapist. Book an appointment, and do not "
	    "start a stretching routine until they have seen you.") },
	{ .id = NULL },
};
/* clang-format on */

const struct limber_combination *
limber_combinations(void)
{
	return combinations;
}

bool
limber_question_asked_in_severe_pain(const char *id)
{
	const struct limber_question *q = limber_question_find(id);

	if (q == NULL)
		return false;
	if (q->level > LIMBER_LEVEL_SEE_CLINICIAN)
		return true;
	for (const struct limber_combination *c = combinations; c->id != NULL;
	     c++) {
		if (c->level <= LIMBER_LEVEL_SEE_CLINICIAN)
			continue;
		for (size_t i = 0; i < LIMBER_COMBO_MAX; i++) {
			const char *all = c->all[i], *any = c->any[i];

			if ((all != NULL && strcmp(all, q->id) == 0) ||
			    (any != NULL && strcmp(any, q->id) == 0))
				return true;
		}
	}
	return false;
}

static void
sign_add(struct limber_sign *out, size_t *n, const char *id,
    enum limber_level level, const char *text)
{
	if (text == NULL || level < LIMBER_LEVEL_SEE_CLINICIAN)
		return;
	out[(*n)++] = (struct limber_sign){
		.id = id,
		.level = level,
		.text = text,
	};
}

/*
 * Everything comes from the tables the screening itself reads, so a sign
 * cannot be listed at a level other than the one its answer gives.
 */
struct limber_sign *
limber_signs(unsigned area, size_t *n)
{
	const struct limber_question *q;
	const struct limber_combination *c;
	struct limber_sign *out;
	size_t max = 2, k = 0;

	for (q = limber_questions(); q->id != NULL; q++)
		max++;
	for (c = combinations; c->id != NULL; c++)
		max++;
	out = xcalloc(max, sizeof *out);
	for (q = limber_questions(); q->id != NULL; q++)
		if (limber_question_applies(q, area))
			sign_add(out, &k, q->id, q->level,
			    limber_question_sign(q));
	for (c = combinations; c->id != NULL; c++)
		sign_add(out, &k, c->id, c->level,
		    c->sign != NULL ? _(c->sign) : NULL);
	sign_add(out, &k, severe_pain.id, severe_pain.level,
	    _(severe_pain.sign));
	sign_add(out, &k, worse_after.id, worse_after.level,
	    _(worse_after.sign));
	/* Worst first; insertion sort keeps the order of asking in a level. */
	for (size_t i = 1; i < k; i++) {
		struct limber_sign x = out[i];
		size_t j = i;

		while (j > 0 && out[j - 1].level < x.level) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = x;
	}
	*n = k;
	return out;
}

const char *
limber_level_help(enum limber_level level)
{
	switch (level) {
	case LIMBER_LEVEL_EMERGENCY:
		/* TRANSLATORS: heads a list of signs to watch for. */
		return _("Call your local emergency number now if you have "
			 "any of these:");
	case LIMBER_LEVEL_URGENT:
		/* TRANSLATORS: heads a list of signs to watch for. */
		return _("See a doctor today if you have any of these; if you "
			 "cannot reach one today, call your local emergency "
			 "number:");
	case LIMBER_LEVEL_SEE_CLINICIAN:
		/* TRANSLATORS: heads a list of signs to watch for. */
		return _("Stop stretching and book a doctor or "
			 "physiotherapist if you have any of these:");
	default:
		return NULL;
	}
}

/* The stop rules' words, marked here: po/make-pot.py reads lib/, not
   include/ (tests/unit/test-screen.c checks they are the macro's). */
const char *
limber_stop_rules_text(void)
{
	return _("Stretch only to a gentle pull, never into pain. Stop at "
		 "once if you feel sharp or shooting pain, numbness, tingling "
		 "or dizziness.");
}

static const char *
no_improvement_advice(void)
{
	return _("Your pain is no better after several weeks of regular "
		 "sessions. Please see a GP or physiotherapist to check the "
		 "plan; gentle stretching may go on meanwhile.");
}

bool
screen_said_yes(const char *const *yes, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(yes[i], id) == 0)
			return true;
	}
	return false;
}

const struct limber_screen_rule *
screen_rules_apply(const struct limber_stretch *st, const char *const *yes,
    size_t nyes, const struct limber_screen_rule **changes, size_t *nchanges)
{
	const struct limber_screen_rule *leave = NULL;

	*nchanges = 0;
	for (size_t i = 0; i < st->nscreening; i++) {
		const struct limber_screen_rule *r = &st->screening[i];

		if (!screen_said_yes(yes, nyes, r->question))
			continue;
		if (r->action == LIMBER_ACTION_LEAVE_OUT) {
			if (leave == NULL)
				leave = r;
		} else
			changes[(*nchanges)++] = r;
	}
	return leave;
}

/* Whether the yes answers make up combination c. */
static bool
combination_met(const struct limber_combination *c, const char *const *yes,
    size_t nyes)
{
	bool any = c->any[0] == NULL;

	for (size_t i = 0; i < nitems(c->all) && c->all[i] != NULL; i++)
		if (!screen_said_yes(yes, nyes, c->all[i]))
			return false;
	for (size_t i = 0; i < nitems(c->any) && c->any[i] != NULL; i++)
		any = any || screen_said_yes(yes, nyes, c->any[i]);
	return any;
}

static int
cmp_reason(const void *a, const void *b)
{
	const struct limber_reason *x = a, *y = b;

	/* Worst first; the question order breaks ties (qsort is not stable). */
	if (x->level != y->level)
		return x->level > y->level ? -1 : 1;
	return 0;
}

void
limber_verdict_free(struct limber_verdict *v)
{
	if (v == NULL)
		return;
	free(v->reasons);
	for (size_t i = 0; i < v->nexcluded; i++)
		free(v->excluded[i]);
	free(v->excluded);
	for (size_t i = 0; i < v->nchanged; i++) {
		free(v->changed[i].stretch);
		free(v->changed[i].variant);
		free(v->changed[i].why);
	}
	free(v->changed);
	free(v);
}

/* Whether the exclusion table rules out every version of a stretch. */
static bool
table_leaves_out(const struct limber_stretch *st, const char *const *yes,
    size_t nyes)
{
	if (limber_exclusion_blocking(yes, nyes, st->needs, st->moves,
		st->moves_known) == NULL)
		return false;
	for (size_t i = 0; i < st->nvariants; i++) {
		const struct limber_variant *va = &st->variants[i];

		if (limber_exclusion_blocking(yes, nyes, va->needs, va->moves,
			va->moves_known) == NULL)
			return false;
	}
	return true;
}

static void
add_stretch_effects(struct limber_verdict *v, const struct limber_stretch *st,
    const char *const *yes, size_t nyes)
{
	const struct limber_screen_rule **changes, *leave;
	size_t nchanges;

	changes = xcalloc(st->nscreening, sizeof *changes);
	leave = screen_rules_apply(st, yes, nyes, changes, &nchanges);
	if (leave != NULL || table_leaves_out(st, yes, nyes)) {
		v->excluded = xreallocarray(v->excluded, v->nexcluded + 1,
		    sizeof *v->excluded);
		v->excluded[v->nexcluded++] = xstrdup(st->id);
		nchanges = 0;
	}
	for (size_t i = 0; i < nchanges; i++) {
		struct limber_change *c;

		v->changed = xreallocarray(v->changed, v->nchanged + 1,
		    sizeof *v->changed);
		c = &v->changed[v->nchanged++];
		c->stretch = xstrdup(st->id);
		c->variant = changes[i]->nvariants ?
		    xstrdup(changes[i]->variants[0]) : NULL;
		c->why = xstrdup(limber_stretch_text(st, changes[i]->why));
	}
	free(changes);
}

enum limber_status
limber_screen(const struct limber_catalog *cat,
    const struct limber_answers *ans, struct limber_verdict **out,
    char **cause)
{
	const struct limber_question *q;
	struct limber_verdict *v;
	const char **yes;
	size_t nyes = 0;

	*out = NULL;
	if (ans->pain < LIMBER_PAIN_MIN || ans->pain > LIMBER_PAIN_MAX) {
		if (cause != NULL)
			*cause = xasprintf(_("pain must be a whole number "
					     "from %d to %d, not %d"),
			    LIMBER_PAIN_MIN, LIMBER_PAIN_MAX, ans->pain);
		return LIMBER_ERR_INVALID;
	}
	if (ans->area == 0 || (ans->area & ~(unsigned)LIMBER_AREA_BOTH) != 0) {
		if (cause != NULL)
			/* TRANSLATORS: upper, lower and both are the program's
			   words for the areas: keep them as they are. */
			*cause = xstrdup(_("the pain area must be upper, "
					   "lower or both"));
		return LIMBER_ERR_INVALID;
	}
	/* Known ids only, each once: a typo must never read as "no". */
	yes = xcalloc(ans->nyes, sizeof *yes);
	for (size_t i = 0; i < ans->nyes; i++) {
		if (ans->yes[i] == NULL ||
		    (q = limber_question_find(ans->yes[i])) == NULL) {
			if (cause != NULL)
				/* TRANSLATORS: 'limber check --list' is a
				   command: keep it as it is. */
				*cause = xasprintf(_("unknown question id "
						     "'%s'; 'limber check "
						     "--list' lists them"),
				    ans->yes[i] ? ans->yes[i] : "");
			free(yes);
			return LIMBER_ERR_INVALID;
		}
		if (!screen_said_yes(yes, nyes, q->id))
			yes[nyes++] = q->id;
	}

	v = xcalloc(1, sizeof *v);
	v->reasons = xcalloc(nyes + nitems(combinations) + 3,
	    sizeof *v->reasons);
	/* The questions asked, in their order, then the retired ones. */
	for (int t = 0; t < 2; t++) {
		q = t == 0 ? limber_questions() : limber_questions_retired();
		for (; q->id != NULL; q++) {
			/* A fact (level go) counts only in a combination. */
			if (q->level == LIMBER_LEVEL_GO ||
			    !screen_said_yes(yes, nyes, q->id))
				continue;
			v->reasons[v->nreasons++] = (struct limber_reason){
				.id = q->id,
				.level = q->level,
				.advice = limber_question_advice(q),
			};
		}
	}
	for (const struct limber_combination *c = combinations; c->id != NULL;
	     c++) {
		if (!combination_met(c, yes, nyes))
			continue;
		v->reasons[v->nreasons++] = (struct limber_reason){
			.id = c->id,
			.level = c->level,
			.advice = _(c->advice),
		};
	}
	if (ans->no_improvement) {
		v->reasons[v->nreasons++] = (struct limber_reason){
			.id = "no-improvement",
			.level = LIMBER_LEVEL_CAUTION,
			.advice = no_improvement_advice(),
		};
	}
	if (ans->worse_after_sessions) {
		v->reasons[v->nreasons++] = (struct limber_reason){
			.id = worse_after.id,
			.level = worse_after.level,
			.advice = _(worse_after.advice),
		};
	}
	if (ans->pain >= LIMBER_SEVERE_PAIN) {
		v->reasons[v->nreasons++] = (struct limber_reason){
			.id = severe_pain.id,
			.level = severe_pain.level,
			.advice = _(severe_pain.advice),
		};
	}
	/* Insertion sort: stable, so equal levels keep the question order. */
	for (size_t i = 1; i < v->nreasons; i++) {
		struct limber_reason r = v->reasons[i];
		size_t j = i;

		while (j > 0 && cmp_reason(&v->reasons[j - 1], &r) > 0) {
			v->reasons[j] = v->reasons[j - 1];
			j--;
		}
		v->reasons[j] = r;
	}
	v->level = v->nreasons ? v->reasons[0].level : LIMBER_LEVEL_GO;

	/* Left out and changed matter only when a session may go ahead. */
	if (limber_level_allows_session(v->level)) {
		for (size_t i = 0; i < cat->n; i++) {
			/* Only the stretches a plan for this pain could use. */
			if (cat->stretches[i]->areas & ans->area)
				add_stretch_effects(v, cat->stretches[i], yes,
				    nyes);
		}
	}
	free(yes);
	*out = v;
	return LIMBER_OK;
}
