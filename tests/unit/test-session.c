/*
 * test-session.c - the guided session engine (lib/session.c).
 *
 * Every test builds its plan with the planner, as a front end would, from
 * the built-in stretches it was written around, and drives the session in
 * virtual time: a whole session runs in microseconds. Covers: the whole default session and its
 * length; the order of phases and cues of a two-sided stretch and of a
 * one-sided one; countdowns; pause and resume; skip; stop, interrupt and
 * the warning from every phase; the check-in stop rules of docs/safety.md;
 * the final check-in; bad inputs; time going backwards and jumping forward;
 * deadlines; rounds; rests of 0 s; variants; the checklist; the JSON.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n.h"
#include "limber/limber.h"
#include "util.h"

#define T0 1000000		/* the front end's clock at creation, in ms */
#define S(x) ((int64_t)(x) * 1000)

/* ------------------------------------------------------------------ */
/* Plans.                                                              */

static struct limber_catalog *
builtin(void)
{
	struct limber_catalog *cat = NULL;
	char *cause = NULL;

	assert_int_equal(limber_catalog_builtin(&cat, &cause), LIMBER_OK);
	assert_null(cause);
	return cat;
}

static struct limber_plan *
plan_for(const struct limber_catalog *cat, unsigned area, int minutes,
    enum limber_context ctx)
{
	struct limber_request req = {
		.area = area, .minutes = minutes, .context = ctx,
	};
	struct limber_plan *p = NULL;
	char *cause = NULL;

	assert_int_equal(limber_plan_build(cat, &req, &p, &cause), LIMBER_OK);
	assert_null(cause);
	assert_non_null(p);
	return p;
}

/*
 * The tests drive the session, not the planner: each plan is the
 * planner's, over just the built-in stretches the test was written
 * around. Over the whole catalog the planner's choice moves with its
 * ranking, stages and variety (docs/planner.md), and a plan of other
 * stretches would change the times, sides and steps checked here.
 */
static struct limber_plan *
plan_over(const struct limber_catalog *cat, const char *const *ids, size_t nids,
    unsigned area, int minutes, enum limber_context ctx)
{
	struct limber_stretch *v[8];
	struct limber_catalog only = { .stretches = v };

	assert_true(nids <= nitems(v));
	for (size_t i = 0; i < cat->n; i++) {
		for (size_t k = 0; k < nids; k++) {
			if (strcmp(cat->stretches[i]->id, ids[k]) == 0)
				v[only.n++] = cat->stretches[i];
		}
	}
	assert_int_equal(only.n, nids);
	return plan_for(&only, area, minutes, ctx);
}

/* What the planner gives for the requests the tests use. */
static void
assert_item(const struct limber_plan *p, size_t i, const char *stretch,
    const char *variant)
{
	assert_true(i < p->nitems);
	assert_string_equal(p->items[i].stretch->id, stretch);
	if (variant == NULL)
		assert_null(p->items[i].variant);
	else
		assert_string_equal(p->items[i].variant->id, variant);
}

/*
 * Both areas, 12 minutes, over the four stretches of the first catalog:
 * neck rolls, twist, pelvic tilt, child's pose, each once (since their
 * steps got the seconds their words take at 175 words a minute, the four
 * take more than 10).
 */
static struct limber_plan *
default_plan(const struct limber_catalog *cat)
{
	static const char *const ids[] = {
		"childs-pose",
		"neck-rolls",
		"pelvic-tilt",
		"seated-spinal-twist",
	};
	struct limber_plan *p = plan_over(cat, ids, nitems(ids),
	    LIMBER_AREA_BOTH, 12, LIMBER_CONTEXT_GENERAL);

	assert_int_equal(p->nitems, 4);
	assert_int_equal(p->rounds, 1);
	assert_item(p, 0, "neck-rolls", NULL);
	assert_item(p, 1, "seated-spinal-twist", NULL);
	assert_item(p, 2, "pelvic-tilt", NULL);
	assert_item(p, 3, "childs-pose", NULL);
	return p;
}

/* Lower back, 3 minutes at a desk: the twist on a chair, alone. */
static struct limber_plan *
twist_plan(const struct limber_catalog *cat)
{
	static const char *const ids[] = { "seated-spinal-twist" };
	struct limber_plan *p = plan_over(cat, ids, nitems(ids),
	    LIMBER_AREA_LOWER, 3, LIMBER_CONTEXT_DESK);

	assert_int_equal(p->nitems, 1);
	assert_int_equal(p->rounds, 1);
	assert_item(p, 0, "seated-spinal-twist", "chair");
	return p;
}

/* Upper back, 2 minutes: neck rolls, alone, one-sided. */
static struct limber_plan *
neck_plan(const struct limber_catalog *cat)
{
	static const char *const ids[] = { "neck-rolls" };
	struct limber_plan *p = plan_over(cat, ids, nitems(ids),
	    LIMBER_AREA_UPPER, 2, LIMBER_CONTEXT_GENERAL);

	assert_int_equal(p->nitems, 1);
	assert_int_equal(p->rounds, 1);
	assert_item(p, 0, "neck-rolls", NULL);
	assert_int_equal(p->items[0].sides, 1);
	return p;
}

/* The planned length of a session, by docs/session.md's rule. */
static int64_t
planned_ms(const struct limber_plan *p)
{
	int64_t s = p->seconds;
	size_t n = p->nitems * (size_t)p->rounds;

	for (size_t i = 0; i < p->nitems; i++)
		s += (int64_t)p->rounds * (LIMBER_SESSION_INTRO_S +
		    (p->items[i].sides - 1) * LIMBER_SESSION_SWITCH_S);
	s += (int64_t)(n - 1) * LIMBER_SESSION_BETWEEN_S;
	return S(s);
}

/* ------------------------------------------------------------------ */
/* Driving a session and recording its cues.                          */

struct rec {
	enum limber_cue_kind kind;
	int64_t at;
	char *text;
	const char *lang;
	int item, step, round, rep, side, seconds, pain;
	enum limber_pain_kind pain_kind;
	int reps_done, sides_done;
	bool skipped;
	enum limber_stop_reason reason;
};

struct drive {
	struct limber_session *s;
	int64_t now;
	int score;		/* what check-ins are answered with */
	struct rec *v;
	size_t n;
};

/* Take the queued cues into the record; returns how many there were. */
static size_t
drain(struct drive *d)
{
	const struct limber_cue *c;
	size_t n = limber_session_cues(d->s, &c);

	for (size_t i = 0; i < n; i++) {
		struct rec *r;

		d->v = xreallocarray(d->v, d->n + 1, sizeof *d->v);
		r = &d->v[d->n++];
		r->kind = c[i].kind;
		r->at = c[i].at_ms;
		assert_non_null(c[i].text);
		assert_true(c[i].text[0] != '\0');
		r->text = xstrdup(c[i].text);
		r->lang = c[i].lang;
		r->item = c[i].item;
		r->step = c[i].step;
		r->round = c[i].round;
		r->rep = c[i].rep;
		r->side = c[i].side;
		r->seconds = c[i].seconds;
		r->pain = c[i].pain;
		r->pain_kind = c[i].pain_kind;
		r->reps_done = c[i].reps_done;
		r->sides_done = c[i].sides_done;
		r->skipped = c[i].skipped;
		r->reason = c[i].reason;
	}
	return n;
}

static void
drive_start(struct drive *d, const struct limber_plan *p, int before)
{
	char *cause = NULL;

	memset(d, 0, sizeof *d);
	d->now = T0;
	d->score = before;
	assert_int_equal(limber_session_new(p, before, T0, &d->s, &cause),
	    LIMBER_OK);
	assert_null(cause);
	drain(d);
}

static void
drive_end(struct drive *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].text);
	free(d->v);
	limber_session_free(d->s);
}

/* An input that must be accepted, at the drive's time. */
static void
give(struct drive *d, enum limber_input in, int value)
{
	char *cause = NULL;

	if (limber_session_input(d->s, in, value, d->now, &cause) !=
	    LIMBER_OK)
		fail_msg("%s %d refused: %s", limber_input_name(in), value,
		    cause);
	drain(d);
}

/* An input that must be refused; returns its message (caller frees). */
static char *
refused(struct drive *d, enum limber_input in, int value)
{
	char *cause = NULL;

	assert_int_equal(limber_session_input(d->s, in, value, d->now,
	    &cause), LIMBER_ERR_INVALID);
	assert_non_null(cause);
	assert_true(cause[0] != '\0');
	return cause;
}

static void
tick(struct drive *d, int64_t now)
{
	d->now = now;
	limber_session_tick(d->s, now);
	drain(d);
}

static struct limber_session_state
state(const struct drive *d)
{
	struct limber_session_state st;

	limber_session_snapshot(d->s, d->now, &st);
	return st;
}

static enum limber_phase
phase(const struct drive *d)
{
	return state(d).phase;
}

/* One step: to the next deadline, or past a wait with READY or a score. */
static void
step(struct drive *d)
{
	int64_t t = limber_session_deadline(d->s);

	if (t != INT64_MAX) {
		tick(d, t);
		return;
	}
	switch (phase(d)) {
	case LIMBER_PHASE_PREPARE:
		give(d, LIMBER_INPUT_READY, 0);
		break;
	case LIMBER_PHASE_CHECKIN:
		give(d, LIMBER_INPUT_PAIN, d->score);
		break;
	default:
		fail_msg("nothing to do in %s", limber_phase_name(phase(d)));
	}
}

typedef bool want_fn(const struct limber_session_state *);

/* Step until the state is wanted; fails if the session ends first. */
static void
step_until(struct drive *d, want_fn *want)
{
	for (int guard = 0; guard < 5000; guard++) {
		struct limber_session_state st = state(d);

		if (want(&st))
			return;
		if (limber_session_ended(d->s))
			fail_msg("the session ended in %s before the state "
			    "wanted", limber_phase_name(st.phase));
		step(d);
	}
	fail_msg("the state wanted never came");
}

static void
run_to_end(struct drive *d)
{
	for (int guard = 0; guard < 5000; guard++) {
		if (limber_session_ended(d->s))
			return;
		step(d);
	}
	fail_msg("the session never ended");
}

static bool
in_checkin(const struct limber_session_state *st)
{
	return st->phase == LIMBER_PHASE_CHECKIN;
}

static bool
in_intro(const struct limber_session_state *st)
{
	return st->phase == LIMBER_PHASE_INTRO;
}

static bool
in_step(const struct limber_session_state *st)
{
	return st->phase == LIMBER_PHASE_STEP;
}

static bool
in_hold(const struct limber_session_state *st)
{
	return st->phase == LIMBER_PHASE_HOLD;
}

static bool
in_switch(const struct limber_session_state *st)
{
	return st->phase == LIMBER_PHASE_SWITCH;
}

static bool
in_rest_between_reps(const struct limber_session_state *st)
{
	return st->phase == LIMBER_PHASE_REST && st->rep > 0;
}

static bool
in_rest_between_items(const struct limber_session_state *st)
{
	return st->phase == LIMBER_PHASE_REST && st->rep == 0;
}

static bool
in_prepare(const struct limber_session_state *st)
{
	return st->phase == LIMBER_PHASE_PREPARE;
}

static bool
in_second_step_of_item_0(const struct limber_session_state *st)
{
	return st->phase == LIMBER_PHASE_STEP && st->item == 0 &&
	    st->step == 1;
}

static size_t
count_kind(const struct drive *d, enum limber_cue_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += d->v[i].kind == kind;
	return n;
}

/* The last cue of a kind, or fail. */
static const struct rec *
last_of(const struct drive *d, enum limber_cue_kind kind)
{
	for (size_t i = d->n; i-- > 0;) {
		if (d->v[i].kind == kind)
			return &d->v[i];
	}
	fail_msg("no %s cue", limber_cue_kind_name(kind));
	return NULL;
}

/* A deep copy of a snapshot, to compare after the session has moved. */
struct snap {
	struct limber_session_state st;
	char *text, *next;
	int64_t deadline;
	size_t npains, nitems;
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static struct snap
snap_take(const struct drive *d)
{
	struct snap sn;
	const struct limber_session_result *r = limber_session_result(d->s);

	sn.st = state(d);
	sn.text = dup_or_null(sn.st.text);
	sn.next = dup_or_null(sn.st.next);
	sn.st.text = sn.st.next = NULL;
	sn.deadline = limber_session_deadline(d->s);
	sn.npains = r->npains;
	sn.nitems = r->nitems;
	return sn;
}

static void
snap_free(struct snap *sn)
{
	free(sn->text);
	free(sn->next);
}

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static void
assert_snap_equal(const struct snap *a, const struct snap *b)
{
	assert_int_equal(a->st.phase, b->st.phase);
	assert_int_equal(a->st.paused, b->st.paused);
	assert_int_equal(a->st.item, b->st.item);
	assert_int_equal(a->st.round, b->st.round);
	assert_int_equal(a->st.rep, b->st.rep);
	assert_int_equal(a->st.side, b->st.side);
	assert_int_equal(a->st.step, b->st.step);
	assert_int_equal(a->st.left_ms, b->st.left_ms);
	assert_int_equal(a->st.phase_ms, b->st.phase_ms);
	assert_int_equal(a->st.elapsed_ms, b->st.elapsed_ms);
	assert_int_equal(a->st.total_ms, b->st.total_ms);
	assert_int_equal(a->st.pain_last, b->st.pain_last);
	assert_int_equal(a->st.pain_after, b->st.pain_after);
	assert_int_equal(a->st.reason, b->st.reason);
	assert_true(same_str(a->text, b->text));
	assert_true(same_str(a->next, b->next));
	assert_int_equal(a->deadline, b->deadline);
	assert_int_equal(a->npains, b->npains);
	assert_int_equal(a->nitems, b->nitems);
}

/* ------------------------------------------------------------------ */
/* The whole session.                                                  */

static void
test_default_session_runs_from_ready_to_done_in_plan_time_plus_extras(
    void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	const struct limber_session_result *r;
	struct limber_session_state st;
	struct drive d;

	(void)state_;
	drive_start(&d, p, 2);
	assert_int_equal(phase(&d), LIMBER_PHASE_PREPARE);
	run_to_end(&d);

	/* Check-ins answered at once: the time is the plan's and extras. */
	assert_int_equal(d.v[d.n - 1].kind, LIMBER_CUE_DONE);
	assert_int_equal(d.v[d.n - 1].at, T0 + planned_ms(p));
	assert_int_equal(planned_ms(p), S(787 + 4 * 5 + 5 + 3 * 10));
	st = state(&d);
	assert_int_equal(st.phase, LIMBER_PHASE_DONE);
	assert_int_equal(st.total_ms, planned_ms(p));
	assert_int_equal(st.elapsed_ms, st.total_ms);
	assert_int_equal(limber_session_deadline(d.s), INT64_MAX);

	/* Cues come in due-time order. */
	for (size_t i = 1; i < d.n; i++)
		assert_true(d.v[i - 1].at <= d.v[i].at);
	assert_int_equal(count_kind(&d, LIMBER_CUE_INTRO), 4);
	assert_int_equal(count_kind(&d, LIMBER_CUE_STRETCH_DONE), 4);
	assert_int_equal(count_kind(&d, LIMBER_CUE_CHECKIN), 4);
	assert_int_equal(count_kind(&d, LIMBER_CUE_SWITCH), 1);
	assert_int_equal(count_kind(&d, LIMBER_CUE_DONE), 1);
	assert_int_equal(count_kind(&d, LIMBER_CUE_STOPPED), 0);

	r = limber_session_result(d.s);
	assert_int_equal(r->outcome, LIMBER_OUTCOME_DONE);
	assert_int_equal(r->reason, LIMBER_STOP_NONE);
	assert_int_equal(r->feel, LIMBER_FEEL_COMFORTABLE);
	assert_int_equal(r->created_ms, T0);
	assert_int_equal(r->started_ms, T0);
	assert_int_equal(r->ended_ms, T0 + planned_ms(p));
	assert_int_equal(r->nitems, 4);
	for (size_t i = 0; i < r->nitems; i++) {
		assert_int_equal(r->items[i].item, (int)i);
		assert_int_equal(r->items[i].round, 1);
		assert_string_equal(r->items[i].stretch,
		    p->items[i].stretch->id);
		assert_int_equal(r->items[i].reps_done, p->items[i].reps);
		assert_int_equal(r->items[i].sides_done, p->items[i].sides);
		assert_false(r->items[i].skipped);
		assert_false(r->items[i].stopped);
	}
	/* Before, three during (after items 1-3), and after. */
	assert_int_equal(r->npains, 5);
	assert_int_equal(r->pains[0].kind, LIMBER_PAIN_BEFORE);
	for (size_t i = 1; i < 4; i++) {
		assert_int_equal(r->pains[i].kind, LIMBER_PAIN_DURING);
		assert_int_equal(r->pains[i].item, (int)i - 1);
	}
	assert_int_equal(r->pains[4].kind, LIMBER_PAIN_AFTER);
	assert_int_equal(r->pains[4].item, 3);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

/*
 * The twist on a chair: steps of 11, 11 and 7 s, the hold, then 6 s; two
 * repetitions on each side with rests of 10 s. One repetition's cues.
 */
struct want_cue {
	enum limber_cue_kind kind;
	int at_s;	/* from READY */
	int side, rep, seconds;
};

static size_t
want_set(struct want_cue *w, size_t n, int t, int side, int rep)
{
	static const int counts[] = { 15, 10, 5, 4, 3, 2, 1 };
	struct want_cue c = { LIMBER_CUE_STEP, t, side, rep, 11 };

	w[n++] = c;
	c.at_s = t + 11;
	w[n++] = c;
	c.at_s = t + 22;
	c.seconds = 7;
	w[n++] = c;
	c.kind = LIMBER_CUE_HOLD_START;
	c.at_s = t + 29;
	c.seconds = 20;
	w[n++] = c;
	for (size_t i = 0; i < nitems(counts); i++) {
		c.kind = LIMBER_CUE_COUNTDOWN;
		c.at_s = t + 49 - counts[i];
		c.seconds = counts[i];
		w[n++] = c;
	}
	c.kind = LIMBER_CUE_HOLD_END;
	c.at_s = t + 49;
	c.seconds = 0;
	w[n++] = c;
	c.kind = LIMBER_CUE_STEP;
	c.seconds = 6;
	w[n++] = c;
	return n;
}

static size_t
want_rest(struct want_cue *w, size_t n, int t, int side, int rep)
{
	struct want_cue c = { LIMBER_CUE_REST, t, side, rep, 10 };

	/* No "Next:" between repetitions and sides: the next step says it. */
	w[n++] = c;
	return n;
}

static void
test_two_sided_stretch_switches_sides_and_rests_between_reps_in_order(
    void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = twist_plan(cat);
	const struct limber_plan_item *it = &p->items[0];
	struct want_cue w[128];
	size_t n = 0, first;
	struct drive d;
	static const enum limber_phase phases[] = {
		LIMBER_PHASE_PREPARE, LIMBER_PHASE_INTRO,
		LIMBER_PHASE_STEP, LIMBER_PHASE_STEP, LIMBER_PHASE_STEP,
		LIMBER_PHASE_HOLD, LIMBER_PHASE_STEP, LIMBER_PHASE_REST,
		LIMBER_PHASE_STEP, LIMBER_PHASE_STEP, LIMBER_PHASE_STEP,
		LIMBER_PHASE_HOLD, LIMBER_PHASE_STEP, LIMBER_PHASE_REST,
		LIMBER_PHASE_SWITCH,
		LIMBER_PHASE_STEP, LIMBER_PHASE_STEP, LIMBER_PHASE_STEP,
		LIMBER_PHASE_HOLD, LIMBER_PHASE_STEP, LIMBER_PHASE_REST,
		LIMBER_PHASE_STEP, LIMBER_PHASE_STEP, LIMBER_PHASE_STEP,
		LIMBER_PHASE_HOLD, LIMBER_PHASE_STEP,
		LIMBER_PHASE_CHECKIN, LIMBER_PHASE_DONE,
	};
	enum limber_phase seen[64];
	struct limber_session_state prev;
	size_t nseen = 0;

	(void)state_;
	/* The numbers the expected timeline is built on. */
	assert_int_equal(it->sides, 2);
	assert_int_equal(it->reps, 2);
	assert_int_equal(it->hold_s, 20);
	assert_int_equal(it->rest_s, 10);
	assert_int_equal(it->variant->nsteps, 5);
	assert_true(it->variant->steps[3].hold);

	w[n++] = (struct want_cue){ LIMBER_CUE_INTRO, 0, 0, 0, 5 };
	n = want_set(w, n, 5, 1, 1);
	n = want_rest(w, n, 60, 1, 1);
	n = want_set(w, n, 70, 1, 2);
	n = want_rest(w, n, 125, 1, 2);
	w[n++] = (struct want_cue){ LIMBER_CUE_SWITCH, 135, 2, 0, 5 };
	n = want_set(w, n, 140, 2, 1);
	n = want_rest(w, n, 195, 2, 1);
	n = want_set(w, n, 205, 2, 2);
	w[n++] = (struct want_cue){ LIMBER_CUE_STRETCH_DONE, 260, 2, 2, 0 };
	w[n++] = (struct want_cue){ LIMBER_CUE_CHECKIN, 260, 0, 0, 0 };

	drive_start(&d, p, 2);
	prev = state(&d);
	seen[nseen++] = prev.phase;
	first = d.n;
	while (!limber_session_ended(d.s)) {
		struct limber_session_state st;

		step(&d);
		st = state(&d);
		/* A new phase, or the next step within the same phase. */
		if (st.phase != prev.phase || st.step != prev.step ||
		    st.side != prev.side || st.rep != prev.rep) {
			assert_true(nseen < nitems(seen));
			seen[nseen++] = st.phase;
		}
		prev = st;
	}
	assert_int_equal(nseen, nitems(phases));
	for (size_t i = 0; i < nseen; i++) {
		if (seen[i] != phases[i])
			fail_msg("phase %zu: want %s, got %s", i,
			    limber_phase_name(phases[i]),
			    limber_phase_name(seen[i]));
	}

	/* Up to the check-in, then the score and DONE. */
	assert_true(d.n - first >= n);
	for (size_t i = 0; i < n; i++) {
		const struct rec *c = &d.v[first + i];

		if (c->kind != w[i].kind || c->at != T0 + S(w[i].at_s))
			fail_msg("cue %zu: want %s at %d s, got %s at %lld ms",
			    i, limber_cue_kind_name(w[i].kind), w[i].at_s,
			    limber_cue_kind_name(c->kind),
			    (long long)(c->at - T0));
		assert_int_equal(c->item, 0);
		assert_int_equal(c->round, 1);
		assert_int_equal(c->side, w[i].side);
		assert_int_equal(c->rep, w[i].rep);
		assert_int_equal(c->seconds, w[i].seconds);
	}
	assert_int_equal(d.v[first + n - 2].reps_done, 2);
	assert_int_equal(d.v[first + n - 2].sides_done, 2);
	assert_int_equal(d.v[first + n].kind, LIMBER_CUE_PAIN);
	assert_int_equal(d.v[first + n].pain_kind, LIMBER_PAIN_AFTER);
	assert_int_equal(d.v[first + n + 1].kind, LIMBER_CUE_DONE);
	assert_int_equal(d.n, first + n + 2);
	/* The rests say no number of seconds, which pacing could make
	 * untrue. */
	assert_string_equal(d.v[first + 14].text, "Rest.");
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_one_sided_stretch_has_no_switch(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = neck_plan(cat);
	struct drive d;

	(void)state_;
	drive_start(&d, p, 2);
	run_to_end(&d);
	assert_int_equal(count_kind(&d, LIMBER_CUE_SWITCH), 0);
	for (size_t i = 0; i < d.n; i++)
		assert_true(d.v[i].side == 0 || d.v[i].side == 1);
	/* Two repetitions: one rest between them, none after. */
	assert_int_equal(count_kind(&d, LIMBER_CUE_REST), 1);
	assert_int_equal(count_kind(&d, LIMBER_CUE_HOLD_START), 6);
	assert_int_equal(last_of(&d, LIMBER_CUE_DONE)->at,
	    T0 + planned_ms(p));
	assert_int_equal(planned_ms(p), S(2 * 72 + 10 + 5));
	assert_int_equal(limber_session_result(d.s)->items[0].sides_done, 1);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_rounds_repeat_every_item_in_order(void **state_)
{
	/* Pelvic tilt and child's pose, 5:39 a round: two fit in 13 min. */
	static const char *const ids[] = { "childs-pose", "pelvic-tilt" };
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = plan_over(cat, ids, nitems(ids),
	    LIMBER_AREA_LOWER, 13, LIMBER_CONTEXT_GENERAL);
	const struct limber_session_result *r;
	const struct rec *intro2 = NULL;
	struct drive d;
	size_t intros = 0;

	(void)state_;
	assert_int_equal(p->rounds, 2);
	assert_int_equal(p->nitems, 2);
	drive_start(&d, p, 2);
	run_to_end(&d);
	r = limber_session_result(d.s);
	assert_int_equal(r->outcome, LIMBER_OUTCOME_DONE);
	assert_int_equal(r->nitems, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(r->items[i].round, (int)i / 2 + 1);
		assert_int_equal(r->items[i].item, (int)i % 2);
		assert_int_equal(r->items[i].reps_done, p->items[i % 2].reps);
	}
	for (size_t i = 0; i < d.n; i++) {
		if (d.v[i].kind == LIMBER_CUE_INTRO && ++intros == 3)
			intro2 = &d.v[i];
	}
	assert_non_null(intro2);
	assert_int_equal(intro2->round, 2);
	assert_int_equal(intro2->item, 0);
	assert_true(strncmp(intro2->text, "Round 2 of 2. ", 14) == 0);
	/* One check-in per item and round; only the last is "after". */
	assert_int_equal(count_kind(&d, LIMBER_CUE_CHECKIN), 4);
	assert_int_equal(r->npains, 5);
	assert_int_equal(r->pains[3].kind, LIMBER_PAIN_DURING);
	assert_int_equal(r->pains[3].round, 2);
	assert_int_equal(r->pains[4].kind, LIMBER_PAIN_AFTER);
	assert_int_equal(last_of(&d, LIMBER_CUE_DONE)->at,
	    T0 + planned_ms(p));
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_variant_steps_are_used_when_the_plan_names_a_variant(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = twist_plan(cat);
	const struct limber_variant *v = p->items[0].variant;
	size_t k = 0;
	struct drive d;

	(void)state_;
	drive_start(&d, p, 2);
	run_to_end(&d);
	for (size_t i = 0; i < d.n; i++) {
		if (d.v[i].kind != LIMBER_CUE_STEP &&
		    d.v[i].kind != LIMBER_CUE_HOLD_START)
			continue;
		/* The variant's words; the first side's first is named. */
		if (d.v[i].side == 1 && d.v[i].rep == 1 && d.v[i].step == 0)
			assert_true(strncmp(d.v[i].text, "First side. ", 12) ==
			    0);
		assert_string_equal(d.v[i].text + strlen(d.v[i].text) -
			strlen(v->steps[k % v->nsteps].text),
		    v->steps[k % v->nsteps].text);
		assert_int_equal(d.v[i].step, (int)(k % v->nsteps));
		k++;
	}
	assert_int_equal(k, 4 * v->nsteps);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_rest_of_0_s_is_left_out_between_reps_and_sides(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = twist_plan(cat), copy = *p;
	struct limber_plan_item item = p->items[0];
	struct drive d;

	(void)state_;
	item.rest_s = 0;
	copy.items = &item;
	drive_start(&d, &copy, 2);
	run_to_end(&d);
	assert_int_equal(count_kind(&d, LIMBER_CUE_REST), 0);
	assert_int_equal(count_kind(&d, LIMBER_CUE_SWITCH), 1);
	/* 4 sets of 55 s, the intro and the switch. */
	assert_int_equal(last_of(&d, LIMBER_CUE_DONE)->at,
	    T0 + S(4 * 55 + 5 + 5));
	assert_int_equal(state(&d).total_ms, S(4 * 55 + 5 + 5));
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

/* ------------------------------------------------------------------ */
/* Countdowns.                                                         */

/* The countdowns of the first hold, as seconds after its start. */
static size_t
first_hold_counts(const struct limber_plan *p, int64_t *after, int *left,
    size_t max)
{
	struct drive d;
	const struct rec *start;
	size_t n = 0, i;

	drive_start(&d, p, 2);
	step_until(&d, in_hold);
	while (phase(&d) == LIMBER_PHASE_HOLD)
		step(&d);
	start = last_of(&d, LIMBER_CUE_HOLD_START);
	for (i = (size_t)(start - d.v) + 1; d.v[i].kind ==
	    LIMBER_CUE_COUNTDOWN; i++) {
		assert_true(n < max);
		after[n] = d.v[i].at - start->at;
		left[n++] = d.v[i].seconds;
	}
	assert_int_equal(d.v[i].kind, LIMBER_CUE_HOLD_END);
	assert_int_equal(d.v[i].at - start->at, S(start->seconds));
	drive_end(&d);
	return n;
}

static void
test_hold_countdowns_every_5_s_then_each_of_the_last_5(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *twist = twist_plan(cat), *neck = neck_plan(cat);
	int64_t after[32];
	int left[32];
	size_t n;

	(void)state_;
	/* 20 s: 15, 10, 5, 4, 3, 2, 1 seconds before the end. */
	assert_int_equal(twist->items[0].hold_s, 20);
	n = first_hold_counts(twist, after, left, nitems(after));
	assert_int_equal(n, 7);
	{
		static const int want[] = { 15, 10, 5, 4, 3, 2, 1 };

		for (size_t i = 0; i < n; i++) {
			assert_int_equal(left[i], want[i]);
			assert_int_equal(after[i], S(20 - want[i]));
		}
	}
	/* 10 s: 5, 4, 3, 2, 1. */
	assert_int_equal(neck->items[0].hold_s, 10);
	n = first_hold_counts(neck, after, left, nitems(after));
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(left[i], 5 - (int)i);
		assert_int_equal(after[i], S(5 + (int)i));
	}
	limber_plan_free(twist);
	limber_plan_free(neck);
	limber_catalog_free(cat);
}

static void
test_holds_under_10_s_count_down_3_2_1_and_1_s_holds_not_at_all(
    void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = neck_plan(cat), copy = *p;
	struct limber_plan_item item = p->items[0];
	int64_t after[32];
	int left[32];
	size_t n;

	(void)state_;
	copy.items = &item;
	item.hold_s = 9;
	n = first_hold_counts(&copy, after, left, nitems(after));
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(left[i], 3 - (int)i);
		assert_int_equal(after[i], S(6 + (int)i));
	}
	item.hold_s = 1;
	n = first_hold_counts(&copy, after, left, nitems(after));
	assert_int_equal(n, 0);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

/* ------------------------------------------------------------------ */
/* Pause, skip, stop, warning, interrupt.                              */

static void
test_pause_freezes_timers_for_ten_minutes_and_resume_continues(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = twist_plan(cat);
	struct snap a, b;
	int64_t hold_end, deadline;
	struct drive d;
	size_t before;

	(void)state_;
	drive_start(&d, p, 2);
	step_until(&d, in_hold);
	hold_end = d.now + S(20);
	tick(&d, d.now + 7000);	/* 13 s left; the 15 s countdown is past */
	deadline = limber_session_deadline(d.s);
	assert_int_equal(deadline, hold_end - S(10));
	give(&d, LIMBER_INPUT_PAUSE, 0);
	assert_int_equal(d.v[d.n - 1].kind, LIMBER_CUE_PAUSED);
	assert_true(state(&d).paused);
	assert_int_equal(limber_session_deadline(d.s), INT64_MAX);

	a = snap_take(&d);
	before = d.n;
	tick(&d, d.now + S(600));
	b = snap_take(&d);
	assert_int_equal(d.n, before);
	assert_snap_equal(&a, &b);
	assert_int_equal(b.st.left_ms, S(13));
	snap_free(&a);
	snap_free(&b);

	give(&d, LIMBER_INPUT_RESUME, 0);
	assert_int_equal(d.v[d.n - 1].kind, LIMBER_CUE_RESUMED);
	assert_int_equal(d.v[d.n - 1].seconds, 13);
	assert_false(state(&d).paused);
	assert_int_equal(state(&d).left_ms, S(13));
	assert_int_equal(limber_session_deadline(d.s), deadline + S(600));
	while (phase(&d) == LIMBER_PHASE_HOLD)
		step(&d);
	assert_int_equal(last_of(&d, LIMBER_CUE_HOLD_END)->at,
	    hold_end + S(600));
	/* The pause is not counted in the session's planned time. */
	run_to_end(&d);
	assert_int_equal(last_of(&d, LIMBER_CUE_DONE)->at,
	    T0 + planned_ms(p) + S(600));
	assert_int_equal(state(&d).elapsed_ms, planned_ms(p));
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_skip_goes_to_the_checkin_and_marks_the_stretch_skipped(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	const struct limber_session_result *r;
	struct limber_session_state st;
	struct drive d;
	int64_t at;

	(void)state_;
	drive_start(&d, p, 2);
	step_until(&d, in_second_step_of_item_0);
	tick(&d, d.now + 1500);
	at = d.now;
	give(&d, LIMBER_INPUT_SKIP, 0);
	assert_int_equal(d.v[d.n - 3].kind, LIMBER_CUE_SKIPPED);
	assert_int_equal(d.v[d.n - 2].kind, LIMBER_CUE_STRETCH_DONE);
	assert_true(d.v[d.n - 2].skipped);
	assert_int_equal(d.v[d.n - 2].reps_done, 0);
	assert_int_equal(d.v[d.n - 2].sides_done, 0);
	assert_int_equal(d.v[d.n - 1].kind, LIMBER_CUE_CHECKIN);
	assert_int_equal(d.v[d.n - 1].at, at);
	st = state(&d);
	assert_int_equal(st.phase, LIMBER_PHASE_CHECKIN);
	assert_int_equal(st.item, 0);
	/* Progress jumps to the end of the stretch. */
	assert_int_equal(st.elapsed_ms, S(LIMBER_SESSION_INTRO_S +
	    p->items[0].seconds));
	r = limber_session_result(d.s);
	assert_true(r->items[0].skipped);
	assert_false(r->items[0].stopped);
	/* The session goes on, and ends on time less what was skipped. */
	run_to_end(&d);
	r = limber_session_result(d.s);
	assert_int_equal(r->outcome, LIMBER_OUTCOME_DONE);
	assert_false(r->items[1].skipped);
	assert_int_equal(state(&d).elapsed_ms, planned_ms(p));
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_skip_counts_the_repetitions_and_sides_done_before_it(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = twist_plan(cat);
	const struct limber_session_result *r;
	struct drive d;

	(void)state_;
	/* In the first side's second repetition: 1 rep, no side. */
	drive_start(&d, p, 2);
	step_until(&d, in_rest_between_reps);
	step(&d);
	give(&d, LIMBER_INPUT_SKIP, 0);
	r = limber_session_result(d.s);
	assert_int_equal(r->items[0].reps_done, 1);
	assert_int_equal(r->items[0].sides_done, 0);
	drive_end(&d);
	/* Changing sides: the first side is done. */
	drive_start(&d, p, 2);
	step_until(&d, in_switch);
	give(&d, LIMBER_INPUT_SKIP, 0);
	r = limber_session_result(d.s);
	assert_int_equal(r->items[0].reps_done, 2);
	assert_int_equal(r->items[0].sides_done, 1);
	assert_true(r->items[0].skipped);
	assert_int_equal(d.v[d.n - 2].sides_done, 1);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_skip_at_a_checkin_goes_on_without_a_score(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	struct drive d;
	size_t npains;

	(void)state_;
	drive_start(&d, p, 2);
	step_until(&d, in_checkin);
	npains = limber_session_result(d.s)->npains;
	give(&d, LIMBER_INPUT_SKIP, 0);
	assert_int_equal(phase(&d), LIMBER_PHASE_REST);
	assert_int_equal(state(&d).rep, 0);
	assert_int_equal(limber_session_result(d.s)->npains, npains);
	assert_int_equal(count_kind(&d, LIMBER_CUE_PAIN), 1);
	assert_int_equal(d.v[d.n - 1].kind, LIMBER_CUE_NEXT);
	/* Skipping the final one ends the session, comfort unknown. */
	while (!limber_session_ended(d.s)) {
		if (phase(&d) == LIMBER_PHASE_CHECKIN)
			give(&d, LIMBER_INPUT_SKIP, 0);
		else
			step(&d);
	}
	assert_int_equal(limber_session_result(d.s)->outcome,
	    LIMBER_OUTCOME_DONE);
	assert_int_equal(limber_session_result(d.s)->feel, LIMBER_FEEL_UNKNOWN);
	assert_int_equal(state(&d).pain_after, -1);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_stop_ends_the_session_as_stopped_by_the_user(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	const struct limber_session_result *r;
	struct drive d;
	char *cause;

	(void)state_;
	drive_start(&d, p, 2);
	step_until(&d, in_hold);
	tick(&d, d.now + 2000);
	give(&d, LIMBER_INPUT_STOP, 0);
	assert_int_equal(d.v[d.n - 1].kind, LIMBER_CUE_STOPPED);
	assert_int_equal(d.v[d.n - 1].reason, LIMBER_STOP_USER);
	assert_int_equal(d.v[d.n - 1].at, d.now);
	assert_int_equal(phase(&d), LIMBER_PHASE_STOPPED);
	assert_true(limber_session_ended(d.s));
	assert_int_equal(limber_session_deadline(d.s), INT64_MAX);
	r = limber_session_result(d.s);
	assert_int_equal(r->outcome, LIMBER_OUTCOME_STOPPED);
	assert_int_equal(r->reason, LIMBER_STOP_USER);
	assert_int_equal(r->ended_ms, d.now);
	assert_int_equal(r->nitems, 1);
	assert_true(r->items[0].stopped);
	assert_false(r->items[0].skipped);
	assert_string_equal(r->advice, d.v[d.n - 1].text);
	/*
	 * A stop the person chose is not a stop for pain: its words say so,
	 * and give none of the pain stops' advice to rest.
	 */
	assert_non_null(strstr(r->advice, "You stopped"));
	assert_null(strstr(r->advice, "Rest"));
	assert_null(strstr(r->advice, "rest"));
	/* Nothing moves after the end, and no input is taken. */
	tick(&d, d.now + S(3600));
	assert_int_equal(d.v[d.n - 1].kind, LIMBER_CUE_STOPPED);
	free(refused(&d, LIMBER_INPUT_STOP, 0));
	cause = refused(&d, LIMBER_INPUT_RESUME, 0);
	assert_non_null(strstr(cause, "ended"));
	free(cause);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_interrupt_ends_the_session_as_interrupted(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	struct drive d;

	(void)state_;
	drive_start(&d, p, 2);
	step_until(&d, in_step);
	give(&d, LIMBER_INPUT_INTERRUPT, 0);
	assert_int_equal(phase(&d), LIMBER_PHASE_STOPPED);
	assert_int_equal(limber_session_result(d.s)->reason,
	    LIMBER_STOP_INTERRUPTED);
	assert_int_equal(d.v[d.n - 1].reason, LIMBER_STOP_INTERRUPTED);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static bool
in_paused_hold(const struct limber_session_state *st)
{
	return st->phase == LIMBER_PHASE_HOLD && st->paused;
}

static void
test_warning_stops_at_once_from_every_phase_with_advice(void **state_)
{
	static const struct {
		const char *name;
		want_fn *want;
		bool pause;
		enum limber_warning warning;
		const char *says;	/* in the advice */
	} cases[] = {
		{ "prepare", in_prepare, false, LIMBER_WARNING_DIZZINESS,
		  "cannot fall" },
		{ "intro", in_intro, false, LIMBER_WARNING_SHARP_PAIN,
		  "slowly" },
		{ "step", in_step, false, LIMBER_WARNING_NUMBNESS, "slowly" },
		{ "hold", in_hold, false, LIMBER_WARNING_UNSPECIFIED,
		  "slowly" },
		{ "paused hold", in_paused_hold, true,
		  LIMBER_WARNING_DIZZINESS, "cannot fall" },
		{ "switch", in_switch, false, LIMBER_WARNING_SHARP_PAIN,
		  "slowly" },
		{ "rest between reps", in_rest_between_reps, false,
		  LIMBER_WARNING_NUMBNESS, "slowly" },
		{ "rest between stretches", in_rest_between_items, false,
		  LIMBER_WARNING_DIZZINESS, "cannot fall" },
		{ "check-in", in_checkin, false, LIMBER_WARNING_SHARP_PAIN,
		  "slowly" },
	};
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	bool covered[LIMBER_PHASE_COUNT] = { false };

	(void)state_;
	for (size_t i = 0; i < nitems(cases); i++) {
		const struct limber_session_result *r;
		struct drive d;
		const struct rec *c;

		drive_start(&d, p, 2);
		if (cases[i].pause) {
			step_until(&d, in_hold);
			give(&d, LIMBER_INPUT_PAUSE, 0);
		}
		step_until(&d, cases[i].want);
		covered[phase(&d)] = true;
		tick(&d, d.now + 500);
		give(&d, LIMBER_INPUT_WARNING, (int)cases[i].warning);
		c = &d.v[d.n - 1];
		if (c->kind != LIMBER_CUE_STOPPED || c->at != d.now)
			fail_msg("%s: no STOPPED cue at once", cases[i].name);
		assert_int_equal(c->reason, LIMBER_STOP_WARNING);
		assert_int_equal(phase(&d), LIMBER_PHASE_STOPPED);
		assert_false(state(&d).paused);
		assert_int_equal(limber_session_deadline(d.s), INT64_MAX);
		r = limber_session_result(d.s);
		assert_int_equal(r->reason, LIMBER_STOP_WARNING);
		assert_int_equal(r->warning, cases[i].warning);
		if (strstr(c->text, cases[i].says) == NULL ||
		    strstr(c->text, "Stop now.") != c->text ||
		    strstr(c->text, "doctor or physiotherapist") == NULL ||
		    strstr(c->text, "local emergency number") == NULL)
			fail_msg("%s: advice lacks what it must say: %s",
			    cases[i].name, c->text);
		assert_string_equal(state(&d).text, c->text);
		/* Time after the stop changes nothing. */
		tick(&d, d.now + S(60));
		assert_int_equal(d.v[d.n - 1].kind, LIMBER_CUE_STOPPED);
		drive_end(&d);
	}
	for (int ph = 0; ph < LIMBER_PHASE_COUNT; ph++) {
		if (ph != LIMBER_PHASE_DONE && ph != LIMBER_PHASE_STOPPED &&
		    !covered[ph])
			fail_msg("phase %s not covered",
			    limber_phase_name((enum limber_phase)ph));
	}
	limber_plan_free(p);
	limber_catalog_free(cat);
}

/* ------------------------------------------------------------------ */
/* Pain.                                                               */

/* The first check-in of the default plan, answered with score. */
static void
first_checkin(struct drive *d, const struct limber_plan *p, int before,
    int score)
{
	drive_start(d, p, before);
	step_until(d, in_checkin);
	assert_int_equal(state(d).item, 0);
	give(d, LIMBER_INPUT_PAIN, score);
}

static void
assert_goes_on(struct drive *d, int score)
{
	const struct rec *pain = last_of(d, LIMBER_CUE_PAIN);

	assert_int_equal(pain->pain, score);
	assert_int_equal(pain->pain_kind, LIMBER_PAIN_DURING);
	assert_int_equal(phase(d), LIMBER_PHASE_REST);
	assert_int_equal(state(d).pain_last, score);
	assert_int_equal(count_kind(d, LIMBER_CUE_STOPPED), 0);
	assert_int_equal(d->v[d->n - 1].kind, LIMBER_CUE_NEXT);
}

static void
assert_stopped_for(struct drive *d, enum limber_stop_reason reason,
    int score)
{
	const struct limber_session_result *r = limber_session_result(d->s);

	assert_int_equal(phase(d), LIMBER_PHASE_STOPPED);
	assert_int_equal(r->reason, reason);
	assert_int_equal(d->v[d->n - 2].kind, LIMBER_CUE_PAIN);
	assert_int_equal(d->v[d->n - 2].pain, score);
	assert_int_equal(d->v[d->n - 1].kind, LIMBER_CUE_STOPPED);
	assert_int_equal(d->v[d->n - 1].reason, reason);
	assert_non_null(strstr(r->advice, "smaller dose"));
	assert_non_null(strstr(r->advice, "doctor or physiotherapist"));
	assert_int_equal(r->pains[r->npains - 1].value, score);
	assert_int_equal(r->pains[r->npains - 1].kind, LIMBER_PAIN_DURING);
}

/*
 * A rise of exactly 2 stops (docs/safety.md: "2 or more points above"),
 * so from 3 a score of 5 stops and 4 goes on.
 */
static void
test_checkin_before_3_score_4_goes_on_and_score_5_stops_as_a_rise_of_2(
    void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	struct drive d;

	(void)state_;
	first_checkin(&d, p, 3, 4);
	assert_goes_on(&d, 4);
	drive_end(&d);
	first_checkin(&d, p, 3, 5);
	assert_stopped_for(&d, LIMBER_STOP_PAIN_RISE, 5);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_checkin_score_6_stops_as_above_5(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	struct drive d;

	(void)state_;
	first_checkin(&d, p, 5, 6);
	assert_stopped_for(&d, LIMBER_STOP_PAIN_HIGH, 6);
	drive_end(&d);
	/* Above 5 wins when the rise is 2 or more as well. */
	first_checkin(&d, p, 3, 6);
	assert_stopped_for(&d, LIMBER_STOP_PAIN_HIGH, 6);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_checkin_before_1_score_3_stops_as_a_rise_of_2(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	struct drive d;

	(void)state_;
	first_checkin(&d, p, 1, 3);
	assert_stopped_for(&d, LIMBER_STOP_PAIN_RISE, 3);
	drive_end(&d);
	/* A rise of 1 goes on. */
	first_checkin(&d, p, 1, 2);
	assert_goes_on(&d, 2);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_checkin_before_4_score_5_goes_on(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	struct drive d;

	(void)state_;
	first_checkin(&d, p, 4, 5);
	assert_goes_on(&d, 5);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_pain_given_during_a_stretch_is_recorded_and_can_stop_it(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	struct limber_session_state st;
	struct drive d;
	int64_t deadline;

	(void)state_;
	drive_start(&d, p, 3);
	step_until(&d, in_hold);
	deadline = limber_session_deadline(d.s);
	give(&d, LIMBER_INPUT_PAIN, 4);
	st = state(&d);
	assert_int_equal(st.phase, LIMBER_PHASE_HOLD);
	assert_int_equal(st.pain_last, 4);
	assert_int_equal(limber_session_deadline(d.s), deadline);
	assert_int_equal(d.v[d.n - 1].kind, LIMBER_CUE_PAIN);
	assert_int_equal(d.v[d.n - 1].pain_kind, LIMBER_PAIN_DURING);
	assert_int_equal(limber_session_result(d.s)->pains[1].item, 0);
	give(&d, LIMBER_INPUT_PAIN, 5);
	assert_stopped_for(&d, LIMBER_STOP_PAIN_RISE, 5);
	assert_true(limber_session_result(d.s)->items[0].stopped);
	assert_int_equal(limber_session_result(d.s)->feel, LIMBER_FEEL_WORSE);
	drive_end(&d);
	/* Above 5 in a step stops too, with a rise of only 1. */
	drive_start(&d, p, 5);
	step_until(&d, in_step);
	give(&d, LIMBER_INPUT_PAIN, 6);
	assert_stopped_for(&d, LIMBER_STOP_PAIN_HIGH, 6);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_final_checkin_higher_than_before_gives_rest_advice_and_worse(
    void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = neck_plan(cat);
	const struct limber_session_result *r;
	struct drive d;

	(void)state_;
	drive_start(&d, p, 2);
	step_until(&d, in_checkin);
	give(&d, LIMBER_INPUT_PAIN, 3);
	r = limber_session_result(d.s);
	assert_int_equal(phase(&d), LIMBER_PHASE_DONE);
	assert_int_equal(r->outcome, LIMBER_OUTCOME_DONE);
	assert_int_equal(r->feel, LIMBER_FEEL_WORSE);
	assert_int_equal(r->pains[r->npains - 1].kind, LIMBER_PAIN_AFTER);
	assert_int_equal(r->pains[r->npains - 1].value, 3);
	assert_int_equal(state(&d).pain_after, 3);
	assert_non_null(strstr(r->advice, "Rest"));
	assert_non_null(strstr(r->advice, "smaller dose"));
	assert_int_equal(d.v[d.n - 2].kind, LIMBER_CUE_PAIN);
	assert_int_equal(d.v[d.n - 2].pain_kind, LIMBER_PAIN_AFTER);
	assert_int_equal(d.v[d.n - 1].kind, LIMBER_CUE_DONE);
	assert_string_equal(d.v[d.n - 1].text, r->advice);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_final_checkin_no_higher_than_before_is_comfortable(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = neck_plan(cat);
	const struct limber_session_result *r;
	struct drive d;

	(void)state_;
	drive_start(&d, p, 3);
	step_until(&d, in_checkin);
	give(&d, LIMBER_INPUT_PAIN, 3);
	r = limber_session_result(d.s);
	assert_int_equal(r->outcome, LIMBER_OUTCOME_DONE);
	assert_int_equal(r->feel, LIMBER_FEEL_COMFORTABLE);
	assert_null(strstr(r->advice, "smaller dose"));
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

/*
 * docs/safety.md: a final score the stop rules would stop on (above 5, or
 * 2 or more above the start) ends the routine with the stop rules' advice,
 * not only a smaller dose next time.
 */
static void
test_final_checkin_of_6_or_a_rise_of_2_gets_the_stop_rule_advice(void **state_)
{
	static const struct {
		int before, after;
		const char *words; /* NULL: the gentler advice */
	} cases[] = {
		{ 2, 6, "Above 5" },
		{ 5, 6, "Above 5" },
		{ 0, 10, "Above 5" },
		{ 2, 4, "A rise of 2" },
		{ 3, 5, "A rise of 2" },
		{ 2, 3, NULL },
		{ 5, 5, NULL },
	};
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = neck_plan(cat);

	(void)state_;
	for (size_t i = 0; i < nitems(cases); i++) {
		const struct limber_session_result *r;
		struct drive d;

		drive_start(&d, p, cases[i].before);
		step_until(&d, in_checkin);
		give(&d, LIMBER_INPUT_PAIN, cases[i].after);
		r = limber_session_result(d.s);
		assert_int_equal(r->outcome, LIMBER_OUTCOME_DONE);
		if (cases[i].words != NULL) {
			assert_non_null(strstr(r->advice, cases[i].words));
			assert_non_null(strstr(r->advice,
			    "Do not stretch "
			    "again today"));
			assert_non_null(strstr(r->advice,
			    "doctor or "
			    "physiotherapist"));
		} else {
			assert_null(strstr(r->advice, "Do not stretch again"));
		}
		assert_string_equal(d.v[d.n - 1].text, r->advice);
		drive_end(&d);
	}
	limber_plan_free(p);
	limber_catalog_free(cat);
}

/* The stop rules as one function, and the start agreeing with them. */
static void
test_stop_rule_and_severe_pain_agree(void **state_)
{
	(void)state_;
	assert_int_equal(LIMBER_PAIN_STOP_ABOVE, 5);
	assert_int_equal(LIMBER_PAIN_STOP_RISE, 2);
	for (int before = 0; before <= 10; before++) {
		for (int score = 0; score <= 10; score++) {
			enum limber_stop_reason want = score > 5 ?
			    LIMBER_STOP_PAIN_HIGH :
			    score >= before + 2 ?
			    LIMBER_STOP_PAIN_RISE :
			    LIMBER_STOP_NONE;

			assert_int_equal(
			    limber_session_stop_rule(before, score), want);
		}
	}
	/*
	 * No session starts at a score its first check-in would stop at,
	 * unchanged: the severe mark is the first score the rules stop on.
	 */
	assert_int_equal(LIMBER_SEVERE_PAIN, 6);
	for (int pain = 0; pain <= 10; pain++)
		assert_int_equal(pain >= LIMBER_SEVERE_PAIN,
		    limber_session_stop_rule(pain, pain) != LIMBER_STOP_NONE);
}

/* ------------------------------------------------------------------ */
/* Bad input, time.                                                    */

static void
test_bad_inputs_are_refused_with_a_message_and_nothing_changes(void **state_)
{
	static const struct {
		want_fn *where;
		bool pause;
		enum limber_input input;
		int value;
	} cases[] = {
		{ in_prepare, false, LIMBER_INPUT_PAUSE, 0 },
		{ in_prepare, false, LIMBER_INPUT_RESUME, 0 },
		{ in_prepare, false, LIMBER_INPUT_SKIP, 0 },
		{ in_prepare, false, LIMBER_INPUT_PAIN, 2 },
		{ in_prepare, false, LIMBER_INPUT_WARNING, -1 },
		{ in_prepare, false, (enum limber_input)99, 0 },
		{ in_step, false, LIMBER_INPUT_READY, 0 },
		{ in_step, false, LIMBER_INPUT_RESUME, 0 },
		{ in_step, false, LIMBER_INPUT_PAIN, 11 },
		{ in_step, false, LIMBER_INPUT_PAIN, -1 },
		{ in_step, false, LIMBER_INPUT_WARNING, LIMBER_WARNING_COUNT },
		{ in_hold, true, LIMBER_INPUT_PAUSE, 0 },
		{ in_hold, true, LIMBER_INPUT_READY, 0 },
		{ in_checkin, false, LIMBER_INPUT_PAUSE, 0 },
		{ in_checkin, false, LIMBER_INPUT_RESUME, 0 },
		{ in_checkin, false, LIMBER_INPUT_PAIN, 11 },
		{ in_rest_between_items, false, LIMBER_INPUT_SKIP, 0 },
		{ in_rest_between_items, false, LIMBER_INPUT_READY, 0 },
	};
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);

	(void)state_;
	for (size_t i = 0; i < nitems(cases); i++) {
		struct snap a, b;
		struct drive d;
		size_t n;

		drive_start(&d, p, 2);
		if (cases[i].pause) {
			step_until(&d, cases[i].where);
			give(&d, LIMBER_INPUT_PAUSE, 0);
		}
		step_until(&d, cases[i].where);
		a = snap_take(&d);
		n = d.n;
		free(refused(&d, cases[i].input, cases[i].value));
		b = snap_take(&d);
		if (drain(&d) != 0 || d.n != n)
			fail_msg("case %zu queued a cue", i);
		assert_snap_equal(&a, &b);
		snap_free(&a);
		snap_free(&b);
		/* The session still works. */
		give(&d, LIMBER_INPUT_STOP, 0);
		drive_end(&d);
	}
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_refusals_say_what_is_wrong(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	struct drive d;
	char *cause;

	(void)state_;
	drive_start(&d, p, 2);
	step_until(&d, in_step);
	cause = refused(&d, LIMBER_INPUT_PAIN, 11);
	assert_string_equal(cause, "a pain score is a whole number from 0 to "
	    "10, not 11");
	free(cause);
	cause = refused(&d, LIMBER_INPUT_RESUME, 0);
	assert_string_equal(cause, "the session is not paused");
	free(cause);
	cause = refused(&d, LIMBER_INPUT_READY, 0);
	assert_string_equal(cause, "the session has already started (step)");
	free(cause);
	/* No cause pointer: still refused, nothing leaks. */
	assert_int_equal(limber_session_input(d.s, LIMBER_INPUT_RESUME, 0,
	    d.now, NULL), LIMBER_ERR_INVALID);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_time_going_backwards_counts_as_no_time(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	struct limber_session_state st;
	struct snap a, b;
	struct drive d;
	int64_t deadline, late;
	size_t n;

	(void)state_;
	drive_start(&d, p, 2);
	step_until(&d, in_step);
	tick(&d, d.now + 2000);
	late = d.now;
	deadline = limber_session_deadline(d.s);
	a = snap_take(&d);
	n = d.n;
	limber_session_tick(d.s, late - S(3600));
	limber_session_tick(d.s, INT64_MIN);
	assert_int_equal(drain(&d), 0);
	b = snap_take(&d);
	assert_snap_equal(&a, &b);
	snap_free(&a);
	snap_free(&b);
	/* A snapshot asked for at an earlier time shows the latest one. */
	limber_session_snapshot(d.s, late - S(100), &st);
	assert_int_equal(st.left_ms, deadline - late);
	/* An input stamped earlier applies at the latest time seen. */
	assert_int_equal(limber_session_input(d.s, LIMBER_INPUT_PAUSE, 0,
	    late - S(100), NULL), LIMBER_OK);
	assert_int_equal(drain(&d), 1);
	assert_int_equal(d.v[n].kind, LIMBER_CUE_PAUSED);
	assert_int_equal(d.v[n].at, late);
	d.now = late + 1000;
	give(&d, LIMBER_INPUT_RESUME, 0);
	assert_int_equal(limber_session_deadline(d.s), deadline + 1000);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_a_big_time_jump_replays_the_phases_in_order_with_their_own_times(
    void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	struct drive a, b;

	(void)state_;
	/* a: tick by tick to the first check-in; b: one tick an hour on. */
	drive_start(&a, p, 2);
	step_until(&a, in_checkin);
	drive_start(&b, p, 2);
	give(&b, LIMBER_INPUT_READY, 0);
	tick(&b, T0 + S(3600));
	assert_int_equal(phase(&b), LIMBER_PHASE_CHECKIN);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		assert_int_equal(a.v[i].kind, b.v[i].kind);
		assert_int_equal(a.v[i].at, b.v[i].at);
		assert_string_equal(a.v[i].text, b.v[i].text);
		assert_int_equal(a.v[i].seconds, b.v[i].seconds);
	}
	/* The check-in waited: the rest after it starts when answered. */
	give(&b, LIMBER_INPUT_PAIN, 2);
	assert_int_equal(last_of(&b, LIMBER_CUE_REST)->at, T0 + S(3600));
	assert_int_equal(limber_session_deadline(b.s),
	    T0 + S(3600 + LIMBER_SESSION_BETWEEN_S));
	drive_end(&a);
	drive_end(&b);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_deadline_is_int64_max_while_waiting_and_the_next_boundary_otherwise(
    void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = neck_plan(cat);
	struct drive d;
	int64_t t;
	size_t n;

	(void)state_;
	drive_start(&d, p, 2);
	assert_int_equal(limber_session_deadline(d.s), INT64_MAX);
	tick(&d, T0 + S(3600));
	assert_int_equal(phase(&d), LIMBER_PHASE_PREPARE);
	give(&d, LIMBER_INPUT_READY, 0);
	assert_int_equal(limber_session_deadline(d.s),
	    d.now + S(LIMBER_SESSION_INTRO_S));
	/* Just before it, nothing happens; at it, the first step starts. */
	t = limber_session_deadline(d.s);
	n = d.n;
	tick(&d, t - 1);
	assert_int_equal(d.n, n);
	assert_int_equal(phase(&d), LIMBER_PHASE_INTRO);
	tick(&d, t);
	assert_int_equal(phase(&d), LIMBER_PHASE_STEP);
	assert_int_equal(limber_session_deadline(d.s),
	    t + S(p->items[0].stretch->steps[0].seconds));
	/* In a 10 s hold: the 5 s countdown first. */
	step_until(&d, in_hold);
	assert_int_equal(limber_session_deadline(d.s), d.now + S(5));
	give(&d, LIMBER_INPUT_PAUSE, 0);
	assert_int_equal(limber_session_deadline(d.s), INT64_MAX);
	give(&d, LIMBER_INPUT_RESUME, 0);
	assert_int_equal(limber_session_deadline(d.s), d.now + S(5));
	step_until(&d, in_checkin);
	assert_int_equal(limber_session_deadline(d.s), INT64_MAX);
	give(&d, LIMBER_INPUT_PAIN, 2);
	assert_int_equal(phase(&d), LIMBER_PHASE_DONE);
	assert_int_equal(limber_session_deadline(d.s), INT64_MAX);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

/* ------------------------------------------------------------------ */
/* Creation, checklist, cues, JSON.                                    */

static void
test_new_refuses_bad_scores_severe_pain_and_untimeable_plans(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = neck_plan(cat), copy = *p;
	struct limber_plan_item item = p->items[0];
	static char dummy;
	struct limber_session *s = (struct limber_session *)(void *)&dummy;
	char *cause = NULL;

	(void)state_;
	assert_int_equal(limber_session_new(p, 11, T0, &s, &cause),
	    LIMBER_ERR_INVALID);
	assert_null(s);
	assert_string_equal(cause, "a pain score is a whole number from 0 to "
	    "10, not 11");
	free(cause);
	cause = NULL;
	assert_int_equal(limber_session_new(p, -1, T0, &s, &cause),
	    LIMBER_ERR_INVALID);
	free(cause);
	cause = NULL;
	/* Screening sends 6 and more to a clinician: no session either. */
	assert_int_equal(limber_session_new(p, LIMBER_SEVERE_PAIN, T0, &s,
	    &cause), LIMBER_ERR_BLOCKED);
	assert_null(s);
	assert_non_null(strstr(cause, "doctor or physiotherapist"));
	free(cause);
	cause = NULL;
	assert_int_equal(limber_session_new(p, LIMBER_SEVERE_PAIN - 1, T0,
	    &s, NULL), LIMBER_OK);
	limber_session_free(s);

	copy.nitems = 0;
	assert_int_equal(limber_session_new(&copy, 2, T0, &s, &cause),
	    LIMBER_ERR_INVALID);
	assert_non_null(strstr(cause, "no stretches"));
	free(cause);
	cause = NULL;
	copy.nitems = 1;
	copy.items = &item;
	item.hold_s = 0;
	assert_int_equal(limber_session_new(&copy, 2, T0, &s, &cause),
	    LIMBER_ERR_INVALID);
	assert_string_equal(cause, "plan item 1 (neck-rolls): hold_s must be "
	    "1 to 3600 seconds, not 0");
	free(cause);
	cause = NULL;
	item.hold_s = 10;
	copy.rounds = 0;
	assert_int_equal(limber_session_new(&copy, 2, T0, &s, NULL),
	    LIMBER_ERR_INVALID);
	assert_null(s);
	limber_session_free(NULL);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

/* Whether the checklist (the CHECKLIST cues) mentions each word. */
static void
checklist_says(const struct limber_plan *p, bool floor, bool chair)
{
	struct drive d;
	bool has_floor = false, has_chair = false, has_trip = false;

	drive_start(&d, p, 2);
	assert_int_equal(d.v[0].kind, LIMBER_CUE_PAIN);
	assert_int_equal(d.v[0].pain_kind, LIMBER_PAIN_BEFORE);
	for (size_t i = 1; i < d.n; i++) {
		assert_int_equal(d.v[i].kind, LIMBER_CUE_CHECKLIST);
		assert_int_equal(d.v[i].at, T0);
		has_floor |= strstr(d.v[i].text, "floor") != NULL;
		has_chair |= strstr(d.v[i].text, "chair") != NULL;
		has_trip |= strstr(d.v[i].text, "trip") != NULL;
		/* The PREPARE text holds every item. */
		assert_non_null(strstr(state(&d).text, d.v[i].text));
	}
	assert_int_equal(has_floor, floor);
	assert_int_equal(has_chair, chair);
	assert_true(has_trip);
	drive_end(&d);
}

static void
test_checklist_asks_for_floor_or_chair_only_when_a_stretch_needs_it(
    void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *all = default_plan(cat), *desk = twist_plan(cat);
	struct limber_plan *neck = neck_plan(cat);

	(void)state_;
	checklist_says(all, true, false);
	checklist_says(desk, false, true);
	checklist_says(neck, false, false);
	limber_plan_free(all);
	limber_plan_free(desk);
	limber_plan_free(neck);
	limber_catalog_free(cat);
}

/* Whether any checklist cue of a new session over p holds word. */
static bool
checklist_has(const struct limber_plan *p, const char *word)
{
	struct drive d;
	bool has = false;

	drive_start(&d, p, 2);
	for (size_t i = 0; i < d.n; i++)
		has |= d.v[i].kind == LIMBER_CUE_CHECKLIST &&
		    strstr(d.v[i].text, word) != NULL;
	drive_end(&d);
	return has;
}

static void
test_checklist_floor_space_fits_what_is_done_on_the_floor(void **state_)
{
	static const char *const sit[] = { "seated-spinal-twist" };
	static const char *const kneel[] = { "childs-pose" };
	struct limber_catalog *cat = builtin();
	struct limber_plan *all = default_plan(cat);
	struct limber_plan *sits = plan_over(cat, sit, nitems(sit),
	    LIMBER_AREA_LOWER, 3, LIMBER_CONTEXT_GENERAL);
	struct limber_plan *kneels = plan_over(cat, kneel, nitems(kneel),
	    LIMBER_AREA_LOWER, 3, LIMBER_CONTEXT_GENERAL);

	(void)state_;
	/* The plans' needs, as chosen: the twist on the floor, no lying. */
	assert_item(sits, 0, "seated-spinal-twist", NULL);
	assert_int_equal(sits->items[0].stretch->needs, LIMBER_NEED_FLOOR);
	assert_item(kneels, 0, "childs-pose", NULL);
	assert_false(kneels->items[0].stretch->needs & LIMBER_NEED_LYING);
	/* The pelvic tilt lies on the back: room to lie down. */
	assert_true(checklist_has(all, "lie down"));
	assert_true(checklist_has(sits, "floor"));
	assert_false(checklist_has(sits, "lie down"));
	assert_false(checklist_has(sits, "kneel"));
	assert_true(checklist_has(kneels, "floor"));
	assert_true(checklist_has(kneels, "kneel"));
	assert_false(checklist_has(kneels, "lie down"));
	limber_plan_free(all);
	limber_plan_free(sits);
	limber_plan_free(kneels);
	limber_catalog_free(cat);
}

/* The stop rules are said once, before anything else is done. */
static void
stop_rules_said_once_first(const struct limber_plan *p)
{
	struct drive d;
	size_t said = 0, first = SIZE_MAX, intro = SIZE_MAX;

	drive_start(&d, p, 2);
	run_to_end(&d);
	for (size_t i = 0; i < d.n; i++) {
		if (strstr(d.v[i].text, LIMBER_STOP_RULES_TEXT) != NULL) {
			said++;
			first = i < first ? i : first;
		}
		if (d.v[i].kind == LIMBER_CUE_INTRO && intro == SIZE_MAX)
			intro = i;
	}
	assert_int_equal(said, 1);
	assert_true(first < intro);
	drive_end(&d);
}

static void
test_stop_rules_are_said_once_at_the_start(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *all = default_plan(cat), *desk = twist_plan(cat);
	struct limber_plan *neck = neck_plan(cat);

	(void)state_;
	stop_rules_said_once_first(all);
	stop_rules_said_once_first(desk);
	stop_rules_said_once_first(neck);
	limber_plan_free(all);
	limber_plan_free(desk);
	limber_plan_free(neck);
	limber_catalog_free(cat);
}

static void
test_first_side_is_named_as_it_starts(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = twist_plan(cat), *neck = neck_plan(cat);
	struct drive d;
	size_t named = 0;

	(void)state_;
	assert_int_equal(p->items[0].sides, 2);
	drive_start(&d, p, 2);
	run_to_end(&d);
	for (size_t i = 0; i < d.n; i++) {
		bool first = strstr(d.v[i].text, "First side") != NULL;

		if (!first)
			continue;
		named++;
		/* On the first cue of the first side, with its step. */
		assert_true(d.v[i].kind == LIMBER_CUE_STEP ||
		    d.v[i].kind == LIMBER_CUE_HOLD_START);
		assert_int_equal(d.v[i].side, 1);
		assert_int_equal(d.v[i].rep, 1);
		assert_int_equal(d.v[i].step, 0);
		assert_non_null(strstr(d.v[i].text,
		    p->items[0].variant->steps[0].text));
		assert_int_equal(d.v[i - 1].kind, LIMBER_CUE_INTRO);
	}
	assert_int_equal(named, (size_t)p->rounds);
	drive_end(&d);
	/* A one-sided stretch has no sides to name. */
	drive_start(&d, neck, 2);
	run_to_end(&d);
	for (size_t i = 0; i < d.n; i++)
		assert_null(strstr(d.v[i].text, "side."));
	drive_end(&d);
	limber_plan_free(p);
	limber_plan_free(neck);
	limber_catalog_free(cat);
}

/* Every question about pain in a session over p names where, as words. */
static void
questions_name(const struct limber_plan *p, const char *words)
{
	struct drive d;
	char *where = xasprintf("your %s", words);
	size_t asked = 0;

	drive_start(&d, p, 2);
	run_to_end(&d);
	for (size_t i = 0; i < d.n; i++) {
		if (d.v[i].kind != LIMBER_CUE_CHECKIN &&
		    !(d.v[i].kind == LIMBER_CUE_NEXT &&
			strstr(d.v[i].text, "check") != NULL))
			continue;
		asked++;
		assert_non_null(strstr(d.v[i].text, where));
	}
	assert_true(asked >= p->nitems);
	free(where);
	drive_end(&d);
}

static void
test_checkins_ask_about_the_area_worked(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *all = default_plan(cat), *desk = twist_plan(cat);
	struct limber_plan *neck = neck_plan(cat);

	(void)state_;
	assert_string_equal(limber_session_area_words(neck),
	    limber_area_words(LIMBER_AREA_UPPER));
	questions_name(neck, "neck and upper back");
	questions_name(desk, "lower back");
	questions_name(all, "back");
	/* Neither neck nor lower back when the plan works both. */
	assert_string_equal(limber_session_area_words(all), "back");
	limber_plan_free(all);
	limber_plan_free(desk);
	limber_plan_free(neck);
	limber_catalog_free(cat);
}

static void
test_cues_are_handed_out_once(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = neck_plan(cat);
	struct limber_session *s = NULL;
	const struct limber_cue *c = NULL;

	(void)state_;
	assert_int_equal(limber_session_new(p, 2, T0, &s, NULL), LIMBER_OK);
	/* The pain score, the room, and the stop rules, last. */
	assert_int_equal(limber_session_cues(s, &c), 3);
	assert_int_equal(c[0].kind, LIMBER_CUE_PAIN);
	assert_int_equal(c[2].kind, LIMBER_CUE_CHECKLIST);
	assert_string_equal(c[2].text, LIMBER_STOP_RULES_TEXT);
	assert_int_equal(limber_session_cues(s, &c), 0);
	assert_null(c);
	assert_int_equal(limber_session_input(s, LIMBER_INPUT_READY, 0, T0,
	    NULL), LIMBER_OK);
	assert_int_equal(limber_session_cues(s, &c), 1);
	assert_int_equal(c[0].kind, LIMBER_CUE_INTRO);
	assert_int_equal(c[0].item, 0);
	assert_int_equal(c[0].step, -1);
	/* The name and how many times; what it is for is on the plan. */
	assert_null(strstr(c[0].text, p->items[0].stretch->summary));
	assert_non_null(strstr(c[0].text, p->items[0].stretch->name));
	/* Undrained cues are freed with the session. */
	limber_session_tick(s, T0 + S(30));
	limber_session_free(s);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_cue_state_and_result_json_carry_the_documented_fields(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = twist_plan(cat);
	struct limber_session_state st;
	const struct limber_cue *c;
	bool found = false;
	struct drive d;
	json_t *j;
	size_t n;

	(void)state_;
	drive_start(&d, p, 2);
	step_until(&d, in_hold);
	tick(&d, d.now + 5000);
	limber_session_snapshot(d.s, d.now, &st);
	j = limber_session_state_to_json(&st);
	assert_string_equal(json_string_value(json_object_get(j, "phase")),
	    "hold");
	assert_true(json_is_false(json_object_get(j, "paused")));
	assert_int_equal(json_integer_value(json_object_get(j, "item")), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "step")), 3);
	assert_int_equal(json_integer_value(json_object_get(j, "side")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "sides")), 2);
	assert_int_equal(json_integer_value(json_object_get(j, "left_ms")),
	    S(15));
	assert_int_equal(json_integer_value(json_object_get(j, "phase_ms")),
	    S(20));
	assert_string_equal(json_string_value(json_object_get(j, "variant")),
	    "chair");
	assert_true(json_is_null(json_object_get(j, "pain_after")));
	assert_true(json_is_null(json_object_get(j, "reason")));
	assert_int_equal(json_object_size(j), 24);
	json_decref(j);

	n = limber_session_cues(d.s, &c);
	assert_int_equal(n, 0);	/* drain() took them already */
	for (size_t i = 0; i < d.n; i++) {
		if (d.v[i].kind == LIMBER_CUE_COUNTDOWN) {
			struct limber_cue cue = {
				.kind = d.v[i].kind, .at_ms = d.v[i].at,
				.text = d.v[i].text, .item = d.v[i].item,
				.step = d.v[i].step, .round = d.v[i].round,
				.rep = d.v[i].rep, .side = d.v[i].side,
				.seconds = d.v[i].seconds, .pain = -1,
			};

			j = limber_cue_to_json(&cue);
			assert_string_equal(json_string_value(json_object_get(
			    j, "kind")), "countdown");
			assert_int_equal(json_integer_value(json_object_get(j,
			    "seconds")), 15);
			assert_int_equal(json_integer_value(json_object_get(j,
			    "at_ms")), d.v[i].at);
			assert_null(json_object_get(j, "pain"));
			json_decref(j);
			found = true;
			break;
		}
	}
	assert_true(found);

	give(&d, LIMBER_INPUT_WARNING, LIMBER_WARNING_DIZZINESS);
	j = limber_session_result_to_json(limber_session_result(d.s));
	assert_string_equal(json_string_value(json_object_get(j, "outcome")),
	    "stopped");
	assert_string_equal(json_string_value(json_object_get(j, "reason")),
	    "warning");
	assert_string_equal(json_string_value(json_object_get(j, "warning")),
	    "dizziness");
	assert_string_equal(json_string_value(json_object_get(j, "feel")),
	    "unknown");
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_true(json_is_true(json_object_get(json_array_get(
	    json_object_get(j, "items"), 0), "stopped")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "pains"), 0), "kind")), "before");
	json_decref(j);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_every_enum_value_has_a_name(void **state_)
{
	(void)state_;
	for (int i = 0; i < LIMBER_PHASE_COUNT; i++)
		assert_non_null(limber_phase_name((enum limber_phase)i));
	for (int i = 0; i < LIMBER_CUE_KIND_COUNT; i++)
		assert_non_null(limber_cue_kind_name((enum limber_cue_kind)i));
	for (int i = 0; i < LIMBER_INPUT_COUNT; i++)
		assert_non_null(limber_input_name((enum limber_input)i));
	for (int i = 0; i < LIMBER_STOP_COUNT; i++)
		assert_non_null(limber_stop_reason_name(
		    (enum limber_stop_reason)i));
	assert_null(limber_phase_name(LIMBER_PHASE_COUNT));
	assert_null(limber_cue_kind_name(LIMBER_CUE_KIND_COUNT));
	assert_string_equal(limber_cue_kind_name(LIMBER_CUE_STRETCH_DONE),
	    "stretch-done");
	assert_string_equal(limber_stop_reason_name(LIMBER_STOP_PAIN_RISE),
	    "pain-rise");
}

/* ------------------------------------------------------------------ */
/* A paced session (docs/session.md, "A paced session").              */

/* A fake voice: each character of a cue's text takes per_char ms. */
struct fake_voice {
	int per_char;
	bool silent_checklist;
	int calls;
};

static int64_t
fake_sound_ms(void *ctx, const struct limber_cue *cue)
{
	struct fake_voice *v = ctx;

	v->calls++;
	if (cue->kind == LIMBER_CUE_PAIN ||
	    cue->kind == LIMBER_CUE_STRETCH_DONE ||
	    (v->silent_checklist && cue->kind == LIMBER_CUE_CHECKLIST))
		return 0;
	return (int64_t)strlen(cue->text) * v->per_char;
}

static int64_t
fake_ms(const struct fake_voice *v, const struct rec *r)
{
	struct limber_cue c = { .kind = r->kind, .text = r->text };
	struct fake_voice copy = *v;

	return fake_sound_ms(&copy, &c);
}

static void
drive_start_paced(struct drive *d, const struct limber_plan *p, int before,
    struct fake_voice *v)
{
	struct limber_session_pace pace = { fake_sound_ms, v, 0 };
	char *cause = NULL;

	memset(d, 0, sizeof *d);
	d->now = T0;
	d->score = before;
	assert_int_equal(limber_session_new_paced(p, before, T0,
			     v != NULL ? &pace : NULL, &d->s, &cause),
	    LIMBER_OK);
	assert_null(cause);
	drain(d);
}

/*
 * Run a whole session, answering each check-in at once; *bounds gets the
 * time each timed phase ended and what it was, in order.
 */
struct bound {
	int64_t at;
	enum limber_phase phase;
	size_t cues; /* cues recorded before it ended */
};

static size_t
run_whole(struct drive *d, struct bound *bounds, size_t max)
{
	size_t nb = 0;

	while (!limber_session_ended(d->s)) {
		struct limber_session_state before = state(d);
		int64_t t = limber_session_deadline(d->s);
		size_t n = d->n;

		step(d);
		if (t != INT64_MAX &&
		    (phase(d) != before.phase || state(d).step != before.step ||
			state(d).rep != before.rep ||
			state(d).side != before.side ||
			state(d).item != before.item)) {
			assert_true(nb < max);
			bounds[nb++] = (struct bound){ t, before.phase, n };
		}
	}
	return nb;
}

static void
test_unpaced_sessions_are_as_before_and_silent_pacing_changes_nothing(
    void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	struct fake_voice quiet = { .per_char = 0 };
	struct drive a, b, c;
	struct bound ba[200], bb[200], bc[200];

	(void)state_;
	drive_start(&a, p, 3);
	drive_start_paced(&b, p, 3, NULL);
	drive_start_paced(&c, p, 3, &quiet);
	run_whole(&a, ba, nitems(ba));
	run_whole(&b, bb, nitems(bb));
	run_whole(&c, bc, nitems(bc));
	assert_true(quiet.calls > 0);
	assert_int_equal(a.n, b.n);
	assert_int_equal(a.n, c.n);
	for (size_t i = 0; i < a.n; i++) {
		for (const struct drive *o = &b; o != NULL;
		     o = o == &b ? &c : NULL) {
			assert_int_equal(a.v[i].kind, o->v[i].kind);
			assert_int_equal(a.v[i].at, o->v[i].at);
			assert_int_equal(a.v[i].seconds, o->v[i].seconds);
			assert_string_equal(a.v[i].text, o->v[i].text);
		}
	}
	assert_int_equal(state(&c).total_ms, planned_ms(p));
	drive_end(&a);
	drive_end(&b);
	drive_end(&c);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_paced_phases_last_their_words_and_time_to_move_and_nothing_overlaps(
    void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	/* About 80 words a minute: slower than any step was written for. */
	struct fake_voice v = { .per_char = 140 };
	struct drive u, d;
	struct bound bu[200], bd[200];
	size_t nb, nu, counts = 0, first_counts = 0;
	int64_t free_at = T0, grown = 0;
	const struct limber_session_result *r;

	(void)state_;
	drive_start(&u, p, 3);
	nu = run_whole(&u, bu, nitems(bu));
	drive_start_paced(&d, p, 3, &v);
	nb = run_whole(&d, bd, nitems(bd));

	/* The same cues, with the same words: nothing dropped, none cut. */
	assert_int_equal(d.n, u.n);
	for (size_t i = 0; i < d.n; i++) {
		assert_int_equal(d.v[i].kind, u.v[i].kind);
		assert_string_equal(d.v[i].text, u.v[i].text);
	}
	/*
	 * Each cue's words start when those before have ended, never
	 * before; a count keeps its time and finds the voice free.
	 */
	for (size_t i = 0; i < d.n; i++) {
		int64_t ms = fake_ms(&v, &d.v[i]);

		if (ms == 0)
			continue;
		assert_true(d.v[i].at >= free_at);
		/* A phase says how long it lasts, never less than planned. */
		assert_true(d.v[i].seconds >= u.v[i].seconds);
		free_at = d.v[i].at + ms;
		if (d.v[i].kind == LIMBER_CUE_COUNTDOWN) {
			const struct rec *end = &d.v[i];

			counts++;
			/* "N seconds to go" is N seconds before the end. */
			while (end->kind != LIMBER_CUE_HOLD_END)
				end++;
			assert_int_equal(end->at - d.v[i].at,
			    S(d.v[i].seconds));
			/* The first comes only after the hold's words. */
			if (d.v[i - 1].kind == LIMBER_CUE_HOLD_START) {
				assert_true(d.v[i].at >= d.v[i - 1].at +
					fake_ms(&v, &d.v[i - 1]) +
					LIMBER_SESSION_COUNT_GAP_MS);
				first_counts++;
			}
		}
	}
	assert_true(counts > 0);
	assert_true(first_counts > 0);
	/*
	 * Every timed phase but a hold (whose last count is a second before
	 * its end) ends no sooner than the words said up to it, and time to
	 * move after them.
	 */
	for (size_t k = 0; k < nb; k++) {
		int64_t words = T0;

		for (size_t i = 0; i < bd[k].cues; i++) {
			if (fake_ms(&v, &d.v[i]) > 0 &&
			    d.v[i].at + fake_ms(&v, &d.v[i]) > words)
				words = d.v[i].at + fake_ms(&v, &d.v[i]);
		}
		if (bd[k].phase != LIMBER_PHASE_HOLD)
			assert_true(bd[k].at >= words + LIMBER_SESSION_MOVE_MS);
	}
	/* No phase is shorter than planned; the session is longer. */
	assert_int_equal(nb, nu);
	r = limber_session_result(d.s);
	grown = state(&d).total_ms - planned_ms(p);
	assert_true(grown > 0);
	/* Answered at once, the check-ins take no time: total is all. */
	assert_int_equal(r->ended_ms - r->started_ms, state(&d).total_ms);
	assert_int_equal(state(&d).elapsed_ms, state(&d).total_ms);
	drive_end(&u);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_paced_checklist_words_delay_the_first_words_and_a_step_grows_to_fit(
    void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = twist_plan(cat);
	struct fake_voice v = { .per_char = 100 };
	struct limber_session_state st;
	struct drive d;
	int64_t said = T0, words, planned;
	size_t i;

	(void)state_;
	drive_start_paced(&d, p, 2, &v);
	/* The checklist, stop rules last, said one after another from T0. */
	for (i = 0; i < d.n; i++) {
		if (d.v[i].kind != LIMBER_CUE_CHECKLIST)
			continue;
		assert_int_equal(d.v[i].at, said);
		said += fake_ms(&v, &d.v[i]);
	}
	assert_true(said > T0 + S(10));
	/* READY at once: the introduction waits for them, nothing is cut. */
	give(&d, LIMBER_INPUT_READY, 0);
	assert_int_equal(d.v[d.n - 1].kind, LIMBER_CUE_INTRO);
	assert_int_equal(d.v[d.n - 1].at, said);
	st = state(&d);
	words = said + fake_ms(&v, &d.v[d.n - 1]);
	assert_int_equal(st.phase_ms, words + LIMBER_SESSION_MOVE_MS - T0);
	assert_int_equal(d.v[d.n - 1].seconds, (st.phase_ms + 999) / 1000);
	assert_int_equal(st.total_ms,
	    planned_ms(p) + st.phase_ms - S(LIMBER_SESSION_INTRO_S));
	/* The first step: as long as its words and time to move. */
	tick(&d, limber_session_deadline(d.s));
	st = state(&d);
	assert_int_equal(st.phase, LIMBER_PHASE_STEP);
	planned = S(p->items[0].variant->steps[0].seconds);
	words = fake_ms(&v, &d.v[d.n - 1]);
	assert_true(words + LIMBER_SESSION_MOVE_MS > planned);
	assert_int_equal(st.phase_ms, words + LIMBER_SESSION_MOVE_MS);
	assert_int_equal(st.left_ms, st.phase_ms);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_paced_hold_counts_only_after_its_words_and_pause_cuts_the_voice(
    void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = neck_plan(cat);
	struct fake_voice v = { .per_char = 120, .silent_checklist = true };
	struct limber_session_state st;
	struct drive d;
	const struct rec *hs;
	int hold_s = p->items[0].hold_s;
	int64_t start, free_at;

	(void)state_;
	drive_start_paced(&d, p, 2, &v);
	give(&d, LIMBER_INPUT_READY, 0);
	while (d.v[d.n - 1].kind != LIMBER_CUE_HOLD_START)
		step(&d);
	hs = &d.v[d.n - 1];
	start = d.now;
	st = state(&d);
	/* Longer than planned, by what the words took. */
	free_at = hs->at + fake_ms(&v, hs);
	assert_true(st.phase_ms > S(hold_s));
	step(&d);
	assert_int_equal(d.v[d.n - 1].kind, LIMBER_CUE_COUNTDOWN);
	assert_int_equal(d.v[d.n - 1].at,
	    free_at + LIMBER_SESSION_COUNT_GAP_MS);
	/* The count still says the seconds left. */
	assert_int_equal(start + st.phase_ms - d.v[d.n - 1].at,
	    S(d.v[d.n - 1].seconds));
	/* A pause cuts the voice: its words come at once. */
	d.now += 10;
	give(&d, LIMBER_INPUT_PAUSE, 0);
	assert_int_equal(d.v[d.n - 1].kind, LIMBER_CUE_PAUSED);
	assert_int_equal(d.v[d.n - 1].at, d.now);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

/* ------------------------------------------------------------------ */
/* What comes next (limber_session_coming).                           */

struct where {
	enum limber_phase phase;
	int item, step, rep, side, round;
};

static struct where
where(const struct drive *d)
{
	struct limber_session_state st = state(d);

	return (struct where){ st.phase, st.item, st.step, st.rep, st.side,
		st.round };
}

static bool
same_where(struct where a, struct where b)
{
	return a.phase == b.phase && a.item == b.item && a.step == b.step &&
	    a.rep == b.rep && a.side == b.side && a.round == b.round;
}

/*
 * At every place of a whole session, what limber_session_coming() says
 * is what is then made: a timed phase's counts and end, to the next
 * place; READY's words; a check-in answered no higher than before (the
 * score, not said, aside). The paced session may move a cue later, to
 * when the voice is free, never earlier.
 */
static void
coming_is_what_comes(const struct limber_plan *p, struct fake_voice *v)
{
	struct drive d;
	size_t places = 0, ahead = 0;

	if (v != NULL)
		drive_start_paced(&d, p, 3, v);
	else
		drive_start(&d, p, 3);
	while (!limber_session_ended(d.s)) {
		struct limber_cue *c;
		size_t n = limber_session_coming(d.s, &c), n0 = d.n, k = 0;
		bool timed = limber_session_deadline(d.s) != INT64_MAX;
		struct where w = where(&d);

		assert_true(n > 0);
		if (timed) {
			do {
				step(&d);
			} while (!limber_session_ended(d.s) &&
			    same_where(w, where(&d)));
		} else
			step(&d);
		for (size_t i = n0; i < d.n; i++) {
			if (d.v[i].kind == LIMBER_CUE_PAIN)
				continue;
			assert_true(k < n);
			assert_int_equal(d.v[i].kind, c[k].kind);
			assert_string_equal(d.v[i].text, c[k].text);
			if (!timed)
				assert_int_equal(c[k].at_ms, -1);
			else if (v == NULL ||
			    d.v[i].kind == LIMBER_CUE_COUNTDOWN)
				assert_int_equal(d.v[i].at, c[k].at_ms);
			else
				assert_true(d.v[i].at >= c[k].at_ms);
			k++;
		}
		assert_int_equal(k, n);
		limber_cues_free(c, n);
		places++;
		ahead += n;
	}
	/* Nothing comes after the end. */
	{
		struct limber_cue none, *c = &none;

		assert_int_equal(limber_session_coming(d.s, &c), 0);
		assert_null(c);
	}
	assert_true(places > 20);
	assert_true(ahead > places);
	drive_end(&d);
}

static void
test_what_comes_next_is_what_is_then_said(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	struct limber_plan *twist = twist_plan(cat);
	struct limber_plan *whole = plan_for(cat, LIMBER_AREA_BOTH, 30,
	    LIMBER_CONTEXT_GENERAL);
	struct fake_voice v = { .per_char = 90 };

	(void)state_;
	coming_is_what_comes(p, NULL);
	coming_is_what_comes(p, &v);
	coming_is_what_comes(twist, &v);
	coming_is_what_comes(whole, NULL);
	coming_is_what_comes(whole, &v);
	limber_plan_free(whole);
	limber_plan_free(twist);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

/* Paused, what comes is "carrying on"; a pause changes nothing after. */
static void
test_paused_what_comes_is_carrying_on(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = neck_plan(cat);
	struct limber_cue *c, *before;
	struct drive d;
	size_t n, nb;

	(void)state_;
	drive_start(&d, p, 2);
	give(&d, LIMBER_INPUT_READY, 0);
	nb = limber_session_coming(d.s, &before);
	d.now += 500;
	give(&d, LIMBER_INPUT_PAUSE, 0);
	n = limber_session_coming(d.s, &c);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].kind, LIMBER_CUE_RESUMED);
	limber_cues_free(c, n);
	d.now += 5000;
	give(&d, LIMBER_INPUT_RESUME, 0);
	assert_int_equal(d.v[d.n - 1].kind, LIMBER_CUE_RESUMED);
	assert_string_equal(d.v[d.n - 1].text, "Carrying on.");
	n = limber_session_coming(d.s, &c);
	assert_int_equal(n, nb);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(c[i].text, before[i].text);
		/* The phase ends later by the pause. */
		assert_int_equal(c[i].at_ms, before[i].at_ms + 5000);
	}
	limber_cues_free(c, n);
	limber_cues_free(before, nb);
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

/*
 * In English (no i18n_use(): a thread speaks English until a front end
 * sets its language), every cue, made or coming, says its words are
 * English, so the voice reads them with an English voice.
 */
static void
assert_coming_english(const struct drive *d)
{
	struct limber_cue *c;
	size_t n = limber_session_coming(d->s, &c);

	for (size_t i = 0; i < n; i++) {
		assert_non_null(c[i].lang);
		assert_string_equal(c[i].lang, "en");
	}
	limber_cues_free(c, n);
}

static void
test_every_cue_in_english_is_in_en(void **state_)
{
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	struct drive d;

	(void)state_;
	/* A whole session, what comes at every place included. */
	drive_start(&d, p, 3);
	while (!limber_session_ended(d.s)) {
		assert_coming_english(&d);
		step(&d);
	}
	for (size_t i = 0; i < d.n; i++) {
		assert_non_null(d.v[i].lang);
		assert_string_equal(d.v[i].lang, "en");
	}
	drive_end(&d);

	/* Pause, resume, skip, a score during a stretch and a warning. */
	drive_start(&d, p, 2);
	give(&d, LIMBER_INPUT_READY, 0);
	d.now += 500;
	give(&d, LIMBER_INPUT_PAUSE, 0);
	assert_coming_english(&d);
	give(&d, LIMBER_INPUT_RESUME, 0);
	give(&d, LIMBER_INPUT_SKIP, 0);
	give(&d, LIMBER_INPUT_PAIN, 3);
	step_until(&d, in_hold);
	give(&d, LIMBER_INPUT_PAIN, 3);
	give(&d, LIMBER_INPUT_WARNING, LIMBER_WARNING_DIZZINESS);
	for (size_t i = 0; i < d.n; i++)
		assert_string_equal(d.v[i].lang, "en");
	drive_end(&d);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

/* A little-endian word of a .mo file. */
static void
mo_word(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/*
 * A .mo file of n texts and their translations, msgids sorted as the
 * lookups need (msgfmt's layout, without the hash table), in mo; returns
 * its length. Static, as i18n_lang_add() keeps it for the program's life.
 */
static size_t
mo_make(const char *const (*texts)[2], uint32_t n, unsigned char *mo,
    size_t max)
{
	size_t size = 28 + 16 * (size_t)n, at;

	for (uint32_t i = 0; i < n; i++)
		size += strlen(texts[i][0]) + strlen(texts[i][1]) + 2;
	assert_true(size <= max);
	memset(mo, 0, size);
	mo_word(mo, 0x950412de);
	mo_word(mo + 8, n);
	mo_word(mo + 12, 28);
	mo_word(mo + 16, 28 + 8 * n);
	at = 28 + 16 * (size_t)n;
	for (int k = 0; k < 2; k++) {
		for (uint32_t i = 0; i < n; i++) {
			size_t l = strlen(texts[i][k]);

			mo_word(mo + 28 + 8 * n * k + 8 * i, (uint32_t)l);
			mo_word(mo + 28 + 8 * n * k + 8 * i + 4, (uint32_t)at);
			memcpy(mo + at, texts[i][k], l + 1);
			at += l + 1;
		}
	}
	return size;
}

/*
 * In a language that has only some of the session's words, a cue whose
 * words were all found says that language, and one that fell back to
 * English, even in part, says "en": the voice reads each with the voice
 * of the language it is in.
 */
static void
test_a_cue_whose_words_fell_back_to_english_is_in_en(void **state_)
{
	static const char *const texts[][2] = {
		{ "",
		    "Content-Type: text/plain; charset=UTF-8\n"
		    "Plural-Forms: nplurals=2; plural=(n != 1);\n" },
		{ "And ease off.", "Und locker lassen." },
	};
	struct limber_catalog *cat = builtin();
	struct limber_plan *p = default_plan(cat);
	static unsigned char mo[512];
	const struct i18n_lang *qx;
	size_t len, ends = 0, coming = 0;
	struct drive d;

	(void)state_;
	len = mo_make(texts, nitems(texts), mo, sizeof mo);
	qx = i18n_lang_add("qx", mo, len);
	assert_non_null(qx);
	i18n_use(qx);
	drive_start(&d, p, 3);
	while (!limber_session_ended(d.s)) {
		struct limber_cue *c;
		size_t n = limber_session_coming(d.s, &c);

		for (size_t i = 0; i < n; i++) {
			bool ours = strcmp(c[i].text, "Und locker lassen.") ==
			    0;

			assert_string_equal(c[i].lang, ours ? "qx" : "en");
			coming += ours;
		}
		limber_cues_free(c, n);
		step(&d);
	}
	for (size_t i = 0; i < d.n; i++) {
		if (d.v[i].kind == LIMBER_CUE_HOLD_END) {
			assert_string_equal(d.v[i].text, "Und locker lassen.");
			assert_string_equal(d.v[i].lang, "qx");
			ends++;
		} else
			assert_string_equal(d.v[i].lang, "en");
	}
	assert_true(ends > 0);
	assert_true(coming > 0);
	drive_end(&d);
	i18n_use(NULL);
	limber_plan_free(p);
	limber_catalog_free(cat);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_default_session_runs_from_ready_to_done_in_plan_time_plus_extras),
		cmocka_unit_test(
		    test_two_sided_stretch_switches_sides_and_rests_between_reps_in_order),
		cmocka_unit_test(test_one_sided_stretch_has_no_switch),
		cmocka_unit_test(test_rounds_repeat_every_item_in_order),
		cmocka_unit_test(
		    test_variant_steps_are_used_when_the_plan_names_a_variant),
		cmocka_unit_test(
		    test_rest_of_0_s_is_left_out_between_reps_and_sides),
		cmocka_unit_test(
		    test_hold_countdowns_every_5_s_then_each_of_the_last_5),
		cmocka_unit_test(
		    test_holds_under_10_s_count_down_3_2_1_and_1_s_holds_not_at_all),
		cmocka_unit_test(
		    test_pause_freezes_timers_for_ten_minutes_and_resume_continues),
		cmocka_unit_test(
		    test_skip_goes_to_the_checkin_and_marks_the_stretch_skipped),
		cmocka_unit_test(
		    test_skip_counts_the_repetitions_and_sides_done_before_it),
		cmocka_unit_test(
		    test_skip_at_a_checkin_goes_on_without_a_score),
		cmocka_unit_test(
		    test_stop_ends_the_session_as_stopped_by_the_user),
		cmocka_unit_test(
		    test_interrupt_ends_the_session_as_interrupted),
		cmocka_unit_test(
		    test_warning_stops_at_once_from_every_phase_with_advice),
		cmocka_unit_test(
		    test_checkin_before_3_score_4_goes_on_and_score_5_stops_as_a_rise_of_2),
		cmocka_unit_test(test_checkin_score_6_stops_as_above_5),
		cmocka_unit_test(
		    test_checkin_before_1_score_3_stops_as_a_rise_of_2),
		cmocka_unit_test(test_checkin_before_4_score_5_goes_on),
		cmocka_unit_test(
		    test_pain_given_during_a_stretch_is_recorded_and_can_stop_it),
		cmocka_unit_test(
		    test_final_checkin_higher_than_before_gives_rest_advice_and_worse),
		cmocka_unit_test(
		    test_final_checkin_no_higher_than_before_is_comfortable),
		cmocka_unit_test(
		    test_final_checkin_of_6_or_a_rise_of_2_gets_the_stop_rule_advice),
		cmocka_unit_test(test_stop_rule_and_severe_pain_agree),
		cmocka_unit_test(
		    test_bad_inputs_are_refused_with_a_message_and_nothing_changes),
		cmocka_unit_test(test_refusals_say_what_is_wrong),
		cmocka_unit_test(test_time_going_backwards_counts_as_no_time),
		cmocka_unit_test(
		    test_a_big_time_jump_replays_the_phases_in_order_with_their_own_times),
		cmocka_unit_test(
		    test_deadline_is_int64_max_while_waiting_and_the_next_boundary_otherwise),
		cmocka_unit_test(
		    test_new_refuses_bad_scores_severe_pain_and_untimeable_plans),
		cmocka_unit_test(
		    test_checklist_asks_for_floor_or_chair_only_when_a_stretch_needs_it),
		cmocka_unit_test(
		    test_checklist_floor_space_fits_what_is_done_on_the_floor),
		cmocka_unit_test(test_stop_rules_are_said_once_at_the_start),
		cmocka_unit_test(test_first_side_is_named_as_it_starts),
		cmocka_unit_test(test_checkins_ask_about_the_area_worked),
		cmocka_unit_test(test_cues_are_handed_out_once),
		cmocka_unit_test(
		    test_cue_state_and_result_json_carry_the_documented_fields),
		cmocka_unit_test(test_every_enum_value_has_a_name),
		cmocka_unit_test(
		    test_unpaced_sessions_are_as_before_and_silent_pacing_changes_nothing),
		cmocka_unit_test(
		    test_paced_phases_last_their_words_and_time_to_move_and_nothing_overlaps),
		cmocka_unit_test(
		    test_paced_checklist_words_delay_the_first_words_and_a_step_grows_to_fit),
		cmocka_unit_test(
		    test_paced_hold_counts_only_after_its_words_and_pause_cuts_the_voice),
		cmocka_unit_test(test_what_comes_next_is_what_is_then_said),
		cmocka_unit_test(test_paused_what_comes_is_carrying_on),
		cmocka_unit_test(test_every_cue_in_english_is_in_en),
		cmocka_unit_test(
		    test_a_cue_whose_words_fell_back_to_english_is_in_en),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
