/*
 * test-plan.c - the planner (lib/plan.c), against docs/planner.md.
 *
 * The tests of the planner's rules plan from a fixed catalog, the four
 * first exercises as tests/data/catalog/four holds them, so that they test
 * the rules and not what the shipped catalog holds today; the walks of the
 * exclusion table and the tests of variety and progression use the
 * built-in catalog (all of it).
 *
 * Covers: the default plan (stretches, order, starting doses, item times
 * worked out here from the catalog); areas; the desk context; body limits;
 * screening verdicts (left out, variants, blocked); fitting the time for
 * every minute from 1 to 120, and what waits for another day; progressed
 * doses; the smaller dose after a lifting strain; bad requests; the plan's
 * JSON; empty plans; on the shipped catalog, variety (seven days of plans,
 * test_seven_days_are_not_all_the_same), the stage rule and a month of
 * comfortable sessions (test_a_month_of_comfortable_sessions_progresses),
 * desk plans, a sport's muscles, a sport or stage that is not allowed,
 * distinct exercises before a round repeats and the later stages' strength
 * and control work; and a fault found while writing these tests (child's
 * pose ends the round). Needs LIMBER_TEST_DATA (tests/data) for the
 * catalog folders.
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
#include "util.h"

/*
 * What a desk allows: sitting in the chair or standing beside it, nothing
 * else (docs/planner.md).
 */
#define DESK_FORBIDDEN \
	(LIMBER_NEED_FLOOR | LIMBER_NEED_KNEELING | LIMBER_NEED_LYING | \
	    LIMBER_NEED_LYING_FRONT | LIMBER_NEED_WALL)
#define ALL_LIMITS (LIMBER_NEED_FLOOR | LIMBER_NEED_KNEELING | \
    LIMBER_NEED_LYING)

/* ------------------------------------------------------------------ */
/* Helpers.                                                            */

/*
 * The shipped catalog, for the tests about what it holds; *state is the
 * fixture catalog of tests/data/catalog/four (the four first exercises as
 * they are in data/stretches), so that the tests of the planner's rules do
 * not change each time an exercise joins the catalog.
 */
static struct limber_catalog *builtin;

/* A catalog of the exercises in tests/data/catalog/SUB, on base (or none). */
static struct limber_catalog *
catalog_with(struct limber_catalog *base, const char *sub)
{
	const char *data = getenv("LIMBER_TEST_DATA");
	struct limber_catalog *cat = base;
	char *dir, *cause = NULL;

	if (data == NULL)
		fail_msg("LIMBER_TEST_DATA is not set; point it at tests/data");
	if (cat == NULL)
		cat = xcalloc(1, sizeof *cat);
	dir = xasprintf("%s/catalog/%s", data, sub);
	if (limber_catalog_add_dir(cat, dir, &cause) != LIMBER_OK)
		fail_msg("%s", cause);
	free(dir);
	return cat;
}

static struct limber_catalog *
four_catalog(void)
{
	struct limber_catalog *cat = catalog_with(NULL, "four");

	assert_int_equal(cat->n, 4);
	return cat;
}

static int
setup(void **state)
{
	char *cause = NULL;

	if (limber_catalog_builtin(&builtin, &cause) != LIMBER_OK) {
		print_error("built-in catalog: %s\n", cause);
		free(cause);
		return -1;
	}
	*state = four_catalog();
	return 0;
}

static int
teardown(void **state)
{
	limber_catalog_free(*state);
	limber_catalog_free(builtin);
	return 0;
}

static struct limber_request
request(unsigned area, int minutes, enum limber_context ctx, unsigned limits)
{
	return (struct limber_request){
		.area = area, .minutes = minutes, .context = ctx,
		.limits = limits, .verdict = NULL,
	};
}

static struct limber_plan *
build_with(const struct limber_catalog *cat, const struct limber_request *req)
{
	struct limber_plan *p = NULL;
	char *cause = NULL;

	if (limber_plan_build(cat, req, &p, &cause) != LIMBER_OK)
		fail_msg("plan failed: %s", cause ? cause : "(no message)");
	assert_null(cause);
	assert_non_null(p);
	return p;
}

static struct limber_plan *
build(void **state, const struct limber_request *req)
{
	return build_with(*state, req);
}

static struct limber_verdict *
screen_with(const struct limber_catalog *cat, const char **yes, size_t nyes)
{
	struct limber_answers ans = {
		.pain = 2, .area = LIMBER_AREA_BOTH, .yes = yes, .nyes = nyes,
	};
	struct limber_verdict *v = NULL;

	assert_int_equal(limber_screen(cat, &ans, &v, NULL), LIMBER_OK);
	return v;
}

/* An item's time worked out here from the catalog (docs/planner.md 3). */
static int
seconds_at(const struct limber_stretch *st, const struct limber_variant *v,
    int reps)
{
	const struct limber_step *steps = v ? v->steps : st->steps;
	size_t n = v ? v->nsteps : st->nsteps;
	int rep = 0, sets = (st->sides ? 2 : 1) * reps;

	for (size_t i = 0; i < n; i++)
		rep += steps[i].hold ? st->hold_s.start : steps[i].seconds;
	return sets * rep + (sets - 1) * st->rest_s.start;
}

static int
expected_seconds(const struct limber_stretch *st,
    const struct limber_variant *v)
{
	return seconds_at(st, v, st->reps.start);
}

/* The repetitions a request's doses give a stretch, clamped to its range. */
static int
expected_reps(const struct limber_stretch *st,
    const struct limber_request *req)
{
	for (size_t i = 0; req != NULL && i < req->ndoses; i++) {
		const struct limber_dose *d = &req->doses[i];

		if (d->stretch == NULL || strcmp(d->stretch, st->id) != 0)
			continue;
		return d->reps < st->reps.min ? st->reps.min :
		    d->reps > st->reps.max ? st->reps.max : d->reps;
	}
	return st->reps.start;
}

static unsigned
item_needs(const struct limber_plan_item *it)
{
	return it->variant ? it->variant->needs : it->stretch->needs;
}

static const struct limber_plan_item *
find_item(const struct limber_plan *p, const char *id)
{
	for (size_t i = 0; i < p->nitems; i++) {
		if (strcmp(p->items[i].stretch->id, id) == 0)
			return &p->items[i];
	}
	return NULL;
}

static const struct limber_plan_item *
must_item(const struct limber_plan *p, const char *id)
{
	const struct limber_plan_item *it = find_item(p, id);

	if (it == NULL)
		fail_msg("%s is not in the plan", id);
	return it;
}

static const struct limber_left_out *
find_left(const struct limber_plan *p, const char *id)
{
	for (size_t i = 0; i < p->nleft_out; i++) {
		if (strcmp(p->left_out[i].stretch, id) == 0)
			return &p->left_out[i];
	}
	return NULL;
}

static void
assert_variant(const struct limber_plan_item *it, const char *variant)
{
	if (variant == NULL) {
		if (it->variant != NULL)
			fail_msg("%s: variant %s, want the stretch as written",
			    it->stretch->id, it->variant->id);
		return;
	}
	if (it->variant == NULL)
		fail_msg("%s: as written, want variant %s", it->stretch->id,
		    variant);
	assert_string_equal(it->variant->id, variant);
	/* The variant is the catalog's own. */
	assert_ptr_equal(it->variant, limber_stretch_variant(it->stretch,
	    variant));
}

static void
assert_order(const struct limber_plan *p, const char *const *ids, size_t n)
{
	if (p->nitems != n) {
		for (size_t i = 0; i < p->nitems; i++)
			print_error("item %zu: %s\n", i, p->items[i].stretch->id);
		fail_msg("%zu items, want %zu", p->nitems, n);
	}
	for (size_t i = 0; i < n; i++)
		assert_string_equal(p->items[i].stretch->id, ids[i]);
}

static bool
within_slack(const struct limber_plan *p)
{
	int target = p->minutes * 60, slack = target / 10;

	return p->seconds >= target - slack && p->seconds <= target + slack;
}

/*
 * What holds for every plan made for req: starting doses (or the request's
 * repetitions), item times as worked out here, the total as rounds of the
 * round, at most three rounds, and a note whenever the time is more than
 * 10 % off.
 */
static void
assert_sound_for(const struct limber_plan *p, const struct limber_request *req)
{
	int round = 0;

	for (size_t i = 0; i < p->nitems; i++) {
		const struct limber_plan_item *it = &p->items[i];
		const struct limber_stretch *st = it->stretch;
		int reps = expected_reps(st, req);

		assert_int_equal(it->sides, st->sides ? 2 : 1);
		assert_int_equal(it->reps, reps);
		assert_int_equal(it->hold_s, st->hold_s.start);
		assert_int_equal(it->rest_s, st->rest_s.start);
		if (it->seconds != seconds_at(st, it->variant, reps))
			fail_msg("%s: %d seconds, want %d", st->id,
			    it->seconds, seconds_at(st, it->variant, reps));
		assert_non_null(it->why);
		assert_true(*it->why != '\0');
		assert_null(find_left(p, st->id));
		round += it->seconds;
	}
	for (size_t i = 0; i < p->nleft_out; i++) {
		assert_non_null(p->left_out[i].why);
		assert_true(*p->left_out[i].why != '\0');
	}
	if (p->nitems == 0) {
		assert_non_null(p->note);
		return;
	}
	assert_true(p->rounds >= 1 && p->rounds <= 3);
	assert_int_equal(p->seconds, p->rounds * round);
	if (!within_slack(p) && p->note == NULL)
		fail_msg("%d minutes: %d seconds and no note", p->minutes,
		    p->seconds);
}

static void
assert_sound(const struct limber_plan *p)
{
	assert_sound_for(p, NULL);
}

/* ------------------------------------------------------------------ */
/* The default plan, areas.                                            */

static void
test_default_plan_is_all_four_in_order_at_their_starting_dose(void **state)
{
	static const char *const order[] = {
		"neck-rolls", "seated-spinal-twist", "pelvic-tilt",
		"childs-pose",
	};
	struct limber_request req = request(LIMBER_AREA_BOTH, 10,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *p = build(state, &req);

	assert_order(p, order, nitems(order));
	for (size_t i = 0; i < p->nitems; i++) {
		const struct limber_plan_item *it = &p->items[i];

		assert_null(it->variant);
		assert_ptr_equal(it->stretch, limber_catalog_find(*state,
		    order[i]));
		assert_int_equal(it->sides,
		    strcmp(order[i], "seated-spinal-twist") == 0 ? 2 : 1);
	}
	assert_sound(p);
	assert_int_equal(p->nleft_out, 0);
	assert_int_equal(p->context, LIMBER_CONTEXT_GENERAL);
	assert_int_equal(p->area, LIMBER_AREA_BOTH);
	assert_int_equal(p->minutes, 10);
	assert_int_equal(p->level, LIMBER_LEVEL_GO);
	assert_true(within_slack(p) || p->note != NULL);
	limber_plan_free(p);
}

static void
test_area_upper_is_only_neck_rolls(void **state)
{
	static const char *const order[] = { "neck-rolls" };
	struct limber_request req = request(LIMBER_AREA_UPPER, 10,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *p = build(state, &req);

	assert_order(p, order, nitems(order));
	/* Stretches for another area are not candidates, not "left out". */
	assert_int_equal(p->nleft_out, 0);
	assert_sound(p);
	limber_plan_free(p);
}

static void
test_area_lower_is_the_three_lower_back_stretches(void **state)
{
	static const char *const order[] = {
		"seated-spinal-twist", "pelvic-tilt", "childs-pose",
	};
	struct limber_request req = request(LIMBER_AREA_LOWER, 10,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *p = build(state, &req);

	assert_order(p, order, nitems(order));
	assert_int_equal(p->nleft_out, 0);
	assert_sound(p);
	limber_plan_free(p);
}

static void
test_after_workout_takes_all_four(void **state)
{
	struct limber_request req = request(LIMBER_AREA_BOTH, 10,
	    LIMBER_CONTEXT_AFTER_WORKOUT, 0);
	struct limber_plan *p = build(state, &req);

	assert_int_equal(p->nitems, 4);
	assert_int_equal(p->context, LIMBER_CONTEXT_AFTER_WORKOUT);
	assert_sound(p);
	limber_plan_free(p);
}

/* ------------------------------------------------------------------ */
/* Desk and body limits.                                               */

/* Whether plan p keeps exercise id for another day. */
static bool
in_later(const struct limber_plan *p, const char *id)
{
	for (size_t i = 0; i < p->nlater; i++) {
		if (strcmp(p->later[i], id) == 0)
			return true;
	}
	return false;
}

/*
 * At a desk: the chair versions, the pelvic tilt left out (its standing
 * version needs a wall), and ten minutes asked planned as five with a
 * note; what does not fit in five waits for another day.
 */
static void
test_desk_uses_chair_versions_and_leaves_out_pelvic_tilt(void **state)
{
	struct limber_request req = request(LIMBER_AREA_BOTH, 10,
	    LIMBER_CONTEXT_DESK, 0);
	struct limber_plan *p = build(state, &req);
	const struct limber_left_out *lo;

	for (size_t i = 0; i < p->nitems; i++) {
		if (item_needs(&p->items[i]) & DESK_FORBIDDEN)
			fail_msg("%s needs %#x at a desk",
			    p->items[i].stretch->id,
			    item_needs(&p->items[i]) & DESK_FORBIDDEN);
	}
	assert_int_equal(p->minutes, 5);
	assert_non_null(p->note);
	assert_non_null(strstr(p->note, "desk"));
	assert_int_equal(p->nitems + p->nlater, 3);
	assert_true(p->nitems >= 2);
	assert_variant(must_item(p, "neck-rolls"), NULL);
	/* All upright: neck and upper back first within the group. */
	assert_string_equal(p->items[0].stretch->id, "neck-rolls");
	if (find_item(p, "childs-pose") != NULL)
		assert_variant(must_item(p, "childs-pose"), "chair");
	else
		assert_true(in_later(p, "childs-pose"));
	if (find_item(p, "seated-spinal-twist") != NULL)
		assert_variant(must_item(p, "seated-spinal-twist"), "chair");
	else
		assert_true(in_later(p, "seated-spinal-twist"));
	assert_null(find_item(p, "pelvic-tilt"));
	assert_false(in_later(p, "pelvic-tilt"));
	lo = find_left(p, "pelvic-tilt");
	assert_non_null(lo);
	assert_non_null(strstr(lo->why, "desk"));
	assert_int_equal(p->nleft_out, 1);
	assert_sound(p);
	limber_plan_free(p);

	/* The lower back alone: both fit in five minutes, on the chair. */
	req.area = LIMBER_AREA_LOWER;
	p = build(state, &req);
	assert_int_equal(p->nitems, 2);
	assert_variant(must_item(p, "childs-pose"), "chair");
	assert_variant(must_item(p, "seated-spinal-twist"), "chair");
	assert_sound(p);
	limber_plan_free(p);
}

static void
test_no_floor_uses_the_chair_and_wall_versions(void **state)
{
	struct limber_request req = request(LIMBER_AREA_BOTH, 10,
	    LIMBER_CONTEXT_GENERAL, LIMBER_NEED_FLOOR);
	struct limber_plan *p = build(state, &req);

	assert_int_equal(p->nitems, 4);
	assert_variant(must_item(p, "neck-rolls"), NULL);
	assert_string_equal(p->items[0].stretch->id, "neck-rolls");
	assert_variant(must_item(p, "childs-pose"), "chair");
	assert_variant(must_item(p, "seated-spinal-twist"), "chair");
	assert_variant(must_item(p, "pelvic-tilt"), "standing-wall");
	for (size_t i = 0; i < p->nitems; i++)
		assert_int_equal(item_needs(&p->items[i]) & LIMBER_NEED_FLOOR,
		    0);
	assert_sound(p);
	limber_plan_free(p);
}

static void
test_no_kneeling_uses_childs_pose_on_a_chair(void **state)
{
	struct limber_request req = request(LIMBER_AREA_BOTH, 10,
	    LIMBER_CONTEXT_GENERAL, LIMBER_NEED_KNEELING);
	struct limber_plan *p = build(state, &req);

	assert_int_equal(p->nitems, 4);
	assert_variant(must_item(p, "childs-pose"), "chair");
	assert_variant(must_item(p, "seated-spinal-twist"), NULL);
	assert_variant(must_item(p, "pelvic-tilt"), NULL);
	assert_variant(must_item(p, "neck-rolls"), NULL);
	assert_sound(p);
	limber_plan_free(p);
}

static void
test_no_lying_uses_the_standing_pelvic_tilt(void **state)
{
	struct limber_request req = request(LIMBER_AREA_BOTH, 10,
	    LIMBER_CONTEXT_GENERAL, LIMBER_NEED_LYING);
	struct limber_plan *p = build(state, &req);

	assert_int_equal(p->nitems, 4);
	assert_variant(must_item(p, "pelvic-tilt"), "standing-wall");
	assert_variant(must_item(p, "childs-pose"), NULL);
	assert_variant(must_item(p, "seated-spinal-twist"), NULL);
	assert_sound(p);
	limber_plan_free(p);
}

static void
test_all_three_limits_leave_nothing_that_needs_them(void **state)
{
	static const enum limber_context ctxs[] = {
		LIMBER_CONTEXT_GENERAL, LIMBER_CONTEXT_AFTER_WORKOUT,
		LIMBER_CONTEXT_DESK,
	};

	for (size_t c = 0; c < nitems(ctxs); c++) {
		struct limber_request req = request(LIMBER_AREA_BOTH, 10,
		    ctxs[c], ALL_LIMITS);
		struct limber_plan *p = build(state, &req);

		/* At a desk, five minutes: one may wait for another day. */
		assert_true(p->nitems >= 2);
		assert_true(p->nitems + p->nlater >= 3);
		for (size_t i = 0; i < p->nitems; i++) {
			if (item_needs(&p->items[i]) & ALL_LIMITS)
				fail_msg("%s needs %#x", p->items[i].stretch->id,
				    item_needs(&p->items[i]) & ALL_LIMITS);
		}
		assert_sound(p);
		limber_plan_free(p);
	}
}

/* Upright first, then floor, then lying, then kneeling. */
static void
test_items_go_upright_then_floor_then_lying_then_kneeling(void **state)
{
	static const unsigned limits[] = {
		0, LIMBER_NEED_LYING, LIMBER_NEED_KNEELING, LIMBER_NEED_FLOOR,
	};

	for (size_t c = 0; c < nitems(limits); c++) {
		struct limber_request req = request(LIMBER_AREA_BOTH, 10,
		    LIMBER_CONTEXT_GENERAL, limits[c]);
		struct limber_plan *p = build(state, &req);
		int last = -1;

		for (size_t i = 0; i < p->nitems; i++) {
			unsigned n = item_needs(&p->items[i]);
			int group;

			/* A kneeling rest pose ends the round in any version. */
			if (p->items[i].stretch->needs & LIMBER_NEED_KNEELING)
				continue;
			group = n & LIMBER_NEED_KNEELING ? 3 :
			    n & LIMBER_NEED_LYING ? 2 :
			    n & LIMBER_NEED_FLOOR ? 1 : 0;

			if (group < last)
				fail_msg("limits %#x: %s comes too late",
				    limits[c], p->items[i].stretch->id);
			last = group;
		}
		limber_plan_free(p);
	}
}

/* ------------------------------------------------------------------ */
/* Screening through a verdict.                                        */

static struct limber_plan *
build_screened(void **state, const char **yes, size_t nyes, unsigned limits,
    enum limber_context ctx, struct limber_verdict **vout)
{
	struct limber_verdict *v = screen_with(*state, yes, nyes);
	struct limber_request req = request(LIMBER_AREA_BOTH, 10, ctx, limits);
	struct limber_plan *p;

	assert_int_equal(v->level, LIMBER_LEVEL_CAUTION);
	req.verdict = v;
	p = build(state, &req);
	assert_int_equal(p->level, LIMBER_LEVEL_CAUTION);
	assert_sound(p);
	*vout = v;
	return p;
}

static const struct limber_screen_rule *
rule_for(const struct limber_stretch *st, const char *question)
{
	for (size_t i = 0; i < st->nscreening; i++) {
		if (strcmp(st->screening[i].question, question) == 0)
			return &st->screening[i];
	}
	fail_msg("%s has no rule for %s", st->id, question);
	return NULL;
}

/*
 * Osteoporosis and a past spinal fracture: no twist (the catalog's own rule
 * says why) and no forward fold in any version, child's pose on a chair
 * included (the exclusion table says why and what to do instead).
 */
static void
test_osteoporosis_leaves_out_every_forward_fold_and_twist(void **state)
{
	const char *ids[] = { "osteoporosis", "spinal-fracture" };

	for (size_t i = 0; i < nitems(ids); i++) {
		struct limber_verdict *v;
		struct limber_plan *p = build_screened(state, &ids[i], 1, 0,
		    LIMBER_CONTEXT_GENERAL, &v);
		const struct limber_left_out *lo;

		assert_null(find_item(p, "seated-spinal-twist"));
		assert_null(find_item(p, "childs-pose"));
		lo = find_left(p, "childs-pose");
		assert_non_null(lo);
		assert_non_null(strstr(lo->why, "folded forward"));
		assert_non_null(strstr(lo->why, "stay in your plan"));
		assert_non_null(find_left(p, "seated-spinal-twist"));
		if (i == 0)
			assert_string_equal(
			    find_left(p, "seated-spinal-twist")->why,
			    rule_for(limber_catalog_find(*state,
					 "seated-spinal-twist"),
				"osteoporosis")
				->why);
		/* What fits instead stays: the pelvic tilt, the neck rolls. */
		assert_int_equal(p->nitems, 2);
		must_item(p, "pelvic-tilt");
		must_item(p, "neck-rolls");
		limber_plan_free(p);
		limber_verdict_free(v);
	}
}

static void
test_pregnancy_uses_the_standing_pelvic_tilt(void **state)
{
	const char *yes[] = { "pregnancy" };
	struct limber_verdict *v;
	struct limber_plan *p = build_screened(state, yes, 1, 0,
	    LIMBER_CONTEXT_GENERAL, &v);
	const struct limber_plan_item *it = must_item(p, "pelvic-tilt");

	assert_variant(it, "standing-wall");
	/* The rule's reason is part of the item's reason. */
	assert_non_null(strstr(it->why, rule_for(it->stretch,
	    "pregnancy")->why));
	/* Nothing lying flat on the back. */
	for (size_t i = 0; i < p->nitems; i++)
		assert_int_equal(item_needs(&p->items[i]) & LIMBER_NEED_LYING,
		    0);
	/* The twist's rule names its chair version, even though the floor
	 * version would fit today's limits. */
	assert_variant(must_item(p, "seated-spinal-twist"), "chair");
	limber_plan_free(p);
	limber_verdict_free(v);
}

/* A knee problem: no kneeling at all, cushions or not; the chair first. */
static void
test_knee_problem_alone_uses_childs_pose_on_a_chair(void **state)
{
	const char *yes[] = { "knee-problem" };
	struct limber_verdict *v;
	struct limber_plan *p = build_screened(state, yes, 1, 0,
	    LIMBER_CONTEXT_GENERAL, &v);
	const struct limber_plan_item *it = must_item(p, "childs-pose");

	assert_variant(it, "chair");
	for (size_t i = 0; i < p->nitems; i++)
		assert_int_equal(item_needs(&p->items[i]) &
			LIMBER_NEED_KNEELING,
		    0);
	assert_non_null(strstr(it->why, rule_for(it->stretch,
	    "knee-problem")->why));
	limber_plan_free(p);
	limber_verdict_free(v);
}

static void
test_knee_problem_and_no_kneeling_uses_childs_pose_on_a_chair(void **state)
{
	const char *yes[] = { "knee-problem" };
	struct limber_verdict *v;
	struct limber_plan *p = build_screened(state, yes, 1,
	    LIMBER_NEED_KNEELING, LIMBER_CONTEXT_GENERAL, &v);

	assert_variant(must_item(p, "childs-pose"), "chair");
	limber_plan_free(p);
	limber_verdict_free(v);
	p = build_screened(state, yes, 1, 0, LIMBER_CONTEXT_DESK, &v);
	assert_variant(must_item(p, "childs-pose"), "chair");
	limber_plan_free(p);
	limber_verdict_free(v);
}

static void
test_hypermobility_keeps_every_stretch_and_adds_its_advice(void **state)
{
	const char *yes[] = { "hypermobility" };
	struct limber_verdict *v;
	struct limber_plan *p = build_screened(state, yes, 1, 0,
	    LIMBER_CONTEXT_GENERAL, &v);

	assert_int_equal(p->nitems, 4);
	for (size_t i = 0; i < p->nitems; i++) {
		const struct limber_plan_item *it = &p->items[i];

		assert_null(it->variant);
		assert_non_null(strstr(it->why, rule_for(it->stretch,
		    "hypermobility")->why));
	}
	limber_plan_free(p);
	limber_verdict_free(v);
}

static void
assert_blocked(void **state, const struct limber_verdict *v,
    const char *level)
{
	struct limber_request req = request(LIMBER_AREA_BOTH, 10,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *p = (struct limber_plan *)1;
	char *cause = NULL;

	req.verdict = v;
	assert_int_equal(limber_plan_build(*state, &req, &p, &cause),
	    LIMBER_ERR_BLOCKED);
	assert_null(p);
	assert_non_null(cause);
	if (strstr(cause, level) == NULL)
		fail_msg("message does not name %s: %s", level, cause);
	free(cause);
}

static void
test_blocking_verdict_gives_no_plan_and_names_the_verdict(void **state)
{
	const char *bladder[] = { "bladder-bowel", "knee-problem" };
	const char *weak[] = { "progressive-weakness" };
	const char *fever[] = { "fever" };
	struct limber_verdict *v;

	v = screen_with(*state, bladder, 2);
	assert_blocked(state, v, "emergency");
	limber_verdict_free(v);
	v = screen_with(*state, weak, 1);
	assert_blocked(state, v, "urgent");
	limber_verdict_free(v);
	v = screen_with(*state, fever, 1);
	assert_blocked(state, v, "see-clinician");
	limber_verdict_free(v);
}

static void
test_severe_pain_blocks_the_plan(void **state)
{
	struct limber_answers ans = { .pain = 7, .area = LIMBER_AREA_LOWER };
	struct limber_verdict *v = NULL;

	assert_int_equal(limber_screen(*state, &ans, &v, NULL), LIMBER_OK);
	assert_blocked(state, v, "see-clinician");
	limber_verdict_free(v);
}

static void
test_go_verdict_plans_like_no_verdict(void **state)
{
	struct limber_verdict *v = screen_with(*state, NULL, 0);
	struct limber_request req = request(LIMBER_AREA_BOTH, 10,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *a, *b;

	assert_int_equal(v->level, LIMBER_LEVEL_GO);
	a = build(state, &req);
	req.verdict = v;
	b = build(state, &req);
	assert_int_equal(b->level, LIMBER_LEVEL_GO);
	assert_int_equal(a->nitems, b->nitems);
	assert_int_equal(a->seconds, b->seconds);
	for (size_t i = 0; i < a->nitems; i++) {
		assert_ptr_equal(a->items[i].stretch, b->items[i].stretch);
		assert_ptr_equal(a->items[i].variant, b->items[i].variant);
		assert_string_equal(a->items[i].why, b->items[i].why);
	}
	limber_plan_free(a);
	limber_plan_free(b);
	limber_verdict_free(v);
}

/* ------------------------------------------------------------------ */
/* Fitting the time.                                                   */

/*
 * For every minute from 1 to 120 with the default request: the total is
 * within 10 % or there is a note; what is left out is left out for time,
 * says "does not fit" and takes longer than the whole time; what waits for
 * another day would not have fitted beside the round (so a round repeats
 * only when no more distinct exercises fit); at most three rounds; areas
 * covered when they can be.
 */
static void
test_every_minute_from_1_to_120_fits_or_has_a_note(void **state)
{
	const struct limber_catalog *cat = *state;
	int shortest_upper = 0, shortest_lower = 0;

	for (size_t i = 0; i < cat->n; i++) {
		int s = expected_seconds(cat->stretches[i], NULL);
		int *m = cat->stretches[i]->areas & LIMBER_AREA_UPPER ?
		    &shortest_upper : &shortest_lower;

		if (*m == 0 || s < *m)
			*m = s;
	}
	for (int minutes = 1; minutes <= 120; minutes++) {
		struct limber_request req = request(LIMBER_AREA_BOTH, minutes,
		    LIMBER_CONTEXT_GENERAL, 0);
		struct limber_plan *p = build(state, &req);
		int hi = minutes * 60 + minutes * 6, round = 0;
		unsigned areas = 0;

		assert_sound(p);
		assert_true(p->nitems >= 1);
		assert_true(p->rounds <= 3);
		if (!within_slack(p) && p->note == NULL)
			fail_msg("%d minutes: %d s, no note", minutes,
			    p->seconds);
		assert_int_equal(p->nitems + p->nleft_out + p->nlater, 4);
		for (size_t i = 0; i < p->nitems; i++) {
			round += p->items[i].seconds;
			areas |= p->items[i].stretch->areas;
		}
		if (shortest_upper + shortest_lower <= hi &&
		    areas != LIMBER_AREA_BOTH)
			fail_msg("%d minutes: both areas fit, plan covers %#x",
			    minutes, areas);
		for (size_t i = 0; i < p->nleft_out; i++) {
			const struct limber_left_out *lo = &p->left_out[i];
			int s = expected_seconds(limber_catalog_find(cat,
			    lo->stretch), NULL);
			char *want = xasprintf("does not fit in %d minute%s "
			    "(it takes %d:%02d)", minutes, minutes == 1 ? "" :
			    "s", s / 60, s % 60);

			if (strstr(lo->why, "does not fit") == NULL)
				fail_msg("%d minutes: %s left out: %s",
				    minutes, lo->stretch, lo->why);
			assert_string_equal(lo->why, want);
			free(want);
			/* Only what takes longer than the whole time. */
			if (s <= hi)
				fail_msg("%d minutes: %s (%d s) left out but "
					 "fits in %d s",
				    minutes, lo->stretch, s, hi);
		}
		for (size_t i = 0; i < p->nlater; i++) {
			int s = expected_seconds(
			    limber_catalog_find(cat, p->later[i]), NULL);

			assert_null(find_item(p, p->later[i]));
			assert_null(find_left(p, p->later[i]));
			/* It waits because it would have run over. */
			if (round + s <= hi || s > hi)
				fail_msg("%d minutes: %s (%d s) waits beside "
					 "%d s of %d",
				    minutes, p->later[i], s, round, hi);
		}
		limber_plan_free(p);
	}
}

/*
 * Five minutes: the seated twist (3:34) fits on its own but not beside the
 * others, so it waits for another day and is not left out; in three
 * minutes it takes longer than the whole time and is left out with its
 * length, in the words docs/planner.md gives.
 */
static void
test_five_minutes_leaves_out_what_does_not_fit(void **state)
{
	struct limber_request req = request(LIMBER_AREA_BOTH, 5,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *p = build(state, &req);
	const struct limber_left_out *lo;
	int twist = expected_seconds(
	    limber_catalog_find(*state, "seated-spinal-twist"), NULL);

	assert_int_equal(twist, 3 * 60 + 34);
	assert_sound(p);
	assert_int_equal(p->nleft_out, 0);
	assert_true(within_slack(p) || p->note != NULL);
	assert_null(find_item(p, "seated-spinal-twist"));
	assert_true(in_later(p, "seated-spinal-twist"));
	limber_plan_free(p);

	req.minutes = 3;
	p = build(state, &req);
	assert_sound(p);
	assert_false(in_later(p, "seated-spinal-twist"));
	lo = find_left(p, "seated-spinal-twist");
	assert_non_null(lo);
	assert_string_equal(lo->why,
	    "does not fit in 3 minutes (it takes "
	    "3:34)");
	limber_plan_free(p);
}

static void
test_one_minute_when_nothing_fits_keeps_the_shortest_with_a_note(void **state)
{
	const struct limber_catalog *cat = *state;
	struct limber_request req = request(LIMBER_AREA_BOTH, 1,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *p = build(state, &req);
	const struct limber_stretch *shortest = NULL;

	for (size_t i = 0; i < cat->n; i++) {
		if (shortest == NULL || expected_seconds(cat->stretches[i],
		    NULL) < expected_seconds(shortest, NULL))
			shortest = cat->stretches[i];
	}
	/* Nothing in the catalog fits in 66 seconds (1 minute + 10 %). */
	assert_true(expected_seconds(shortest, NULL) > 66);
	assert_sound(p);
	assert_int_equal(p->nitems, 1);
	assert_ptr_equal(p->items[0].stretch, shortest);
	assert_int_equal(p->rounds, 1);
	assert_int_equal(p->seconds, expected_seconds(shortest, NULL));
	assert_non_null(p->note);
	limber_plan_free(p);
}

static void
test_thirty_minutes_repeats_whole_rounds(void **state)
{
	struct limber_request req = request(LIMBER_AREA_BOTH, 30,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *p = build(state, &req);

	assert_sound(p);
	assert_int_equal(p->nitems, 4);
	assert_true(p->rounds >= 2);
	assert_true(p->rounds <= 3);
	assert_true(within_slack(p) || p->note != NULL);
	limber_plan_free(p);
}

static void
test_long_sessions_stop_at_three_rounds_with_a_note(void **state)
{
	struct limber_request req = request(LIMBER_AREA_UPPER, 120,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *p = build(state, &req);

	assert_sound(p);
	assert_int_equal(p->rounds, 3);
	assert_false(within_slack(p));
	assert_non_null(p->note);
	limber_plan_free(p);
}

/* ------------------------------------------------------------------ */
/* Progressed doses.                                                   */

static void
test_doses_replace_the_starting_reps_clamped_to_the_range(void **state)
{
	const struct limber_catalog *cat = *state;
	const struct limber_dose doses[] = {
		{ "childs-pose", 3 },		/* within 1..4 */
		{ "pelvic-tilt", 99 },		/* above 2..8: max */
		{ "seated-spinal-twist", 0 },	/* below 1..4: min */
		{ "no-such-stretch", 5 },
		{ NULL, 5 },
	};
	struct limber_request req = request(LIMBER_AREA_BOTH, 30,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *p;

	req.doses = doses;
	req.ndoses = nitems(doses);
	p = build(state, &req);
	assert_int_equal(p->nitems, 4);
	assert_int_equal(must_item(p, "childs-pose")->reps, 3);
	assert_int_equal(must_item(p, "pelvic-tilt")->reps,
	    limber_catalog_find(cat, "pelvic-tilt")->reps.max);
	assert_int_equal(must_item(p, "seated-spinal-twist")->reps,
	    limber_catalog_find(cat, "seated-spinal-twist")->reps.min);
	assert_int_equal(must_item(p, "neck-rolls")->reps,
	    limber_catalog_find(cat, "neck-rolls")->reps.start);
	assert_int_equal(must_item(p, "childs-pose")->seconds,
	    seconds_at(limber_catalog_find(cat, "childs-pose"), NULL, 3));
	assert_sound_for(p, &req);
	limber_plan_free(p);
}

static void
test_doses_never_go_outside_the_catalogs_range(void **state)
{
	const struct limber_catalog *cat = *state;

	for (size_t i = 0; i < cat->n; i++) {
		const struct limber_stretch *st = cat->stretches[i];

		for (int reps = -2; reps <= 12; reps++) {
			struct limber_dose d = { st->id, reps };
			struct limber_request req = request(LIMBER_AREA_BOTH,
			    120, LIMBER_CONTEXT_GENERAL, 0);
			struct limber_plan *p;
			const struct limber_plan_item *it;

			req.doses = &d;
			req.ndoses = 1;
			p = build(state, &req);
			it = must_item(p, st->id);
			assert_true(it->reps >= st->reps.min);
			assert_true(it->reps <= st->reps.max);
			assert_sound_for(p, &req);
			limber_plan_free(p);
		}
	}
}

/* ------------------------------------------------------------------ */
/* A smaller dose (docs/safety.md, "A smaller dose").                   */

/* An item's time at a hold and repetitions, worked out here. */
static int
seconds_held(const struct limber_stretch *st, const struct limber_variant *v,
    int reps, int hold_s)
{
	const struct limber_step *steps = v ? v->steps : st->steps;
	size_t n = v ? v->nsteps : st->nsteps;
	int rep = 0, sets = (st->sides ? 2 : 1) * reps;

	for (size_t i = 0; i < n; i++)
		rep += steps[i].hold ? hold_s : steps[i].seconds;
	return sets * rep + (sets - 1) * st->rest_s.start;
}

/* The table holds the rule docs/safety.md gives, for caution answers. */
static void
test_dose_cut_table_holds_the_documented_rule(void **state)
{
	const struct limber_dose_cut *e = limber_dose_cuts();
	size_t n = 0;

	(void)state;
	for (; e->question != NULL; e++, n++) {
		const struct limber_question *q =
		    limber_question_find(e->question);

		assert_non_null(q);
		assert_int_equal(q->level, LIMBER_LEVEL_CAUTION);
		assert_true(e->fewer_reps >= 0);
		assert_true(e->max_rounds >= 1);
		assert_non_null(e->why);
	}
	assert_int_equal(n, 1);
	e = limber_dose_cuts();
	assert_string_equal(e->question, "lifting-strain");
	assert_int_equal(e->fewer_reps, 1);
	assert_true(e->shortest_hold);
	assert_int_equal(e->max_rounds, 1);
}

/*
 * After a lifting strain every stretch has one repetition fewer (never
 * below the catalog's minimum) and the catalog's shortest hold, the round
 * is gone through once, the plan says why, and each stretch takes less
 * time than without the strain; for every area, context and a range of
 * minutes, from the starting doses and from progressed ones.
 */
static void
test_lifting_strain_gives_a_smaller_dose(void **state)
{
	static const int minutes[] = { 1, 3, 5, 10, 20, 30, 60, 120 };
	static const unsigned areas[] = {
		LIMBER_AREA_UPPER,
		LIMBER_AREA_LOWER,
		LIMBER_AREA_BOTH,
	};
	static const struct limber_dose doses[] = {
		{ "childs-pose", 4 },
		{ "pelvic-tilt", 2 },
		{ "neck-rolls", 1 },
		{ "seated-spinal-twist", 3 },
	};
	const char *strain[] = { "lifting-strain" };
	struct limber_verdict *cut = screen_with(*state, strain, 1);
	struct limber_verdict *go = screen_with(*state, NULL, 0);

	assert_int_equal(cut->level, LIMBER_LEVEL_CAUTION);
	for (size_t a = 0; a < nitems(areas); a++)
		for (int ctx = 0; ctx < LIMBER_CONTEXT_COUNT; ctx++)
			for (size_t t = 0; t < nitems(minutes); t++)
				for (int d = 0; d < 2; d++) {
					struct limber_request req =
					    request(areas[a], minutes[t],
						(enum limber_context)ctx, 0);
					struct limber_plan *p, *q;

					if (d) {
						req.doses = doses;
						req.ndoses = nitems(doses);
					}
					req.verdict = go;
					q = build(state, &req);
					req.verdict = cut;
					p = build(state, &req);
					assert_null(q->smaller_dose);
					if (p->nitems == 0) {
						limber_plan_free(p);
						limber_plan_free(q);
						continue;
					}
					assert_non_null(p->smaller_dose);
					assert_string_equal(p->smaller_dose,
					    limber_dose_cuts()->why);
					assert_int_equal(p->rounds, 1);
					/*
					 * Smaller items may leave room for one
					 * more stretch in the time asked, so
					 * the stretches are compared, not the
					 * totals.
					 */
					for (size_t i = 0; i < p->nitems; i++) {
						const struct limber_plan_item
						    *b = find_item(q,
							p->items[i]
							    .stretch->id);

						assert_true(b == NULL ||
						    p->items[i].seconds <
							b->seconds);
					}
					for (size_t i = 0; i < p->nitems; i++) {
						const struct limber_plan_item
						    *it = &p->items[i];
						const struct limber_stretch
						    *st = it->stretch;
						int reps = expected_reps(st,
							       &req) -
						    1;

						if (reps < st->reps.min)
							reps = st->reps.min;
						assert_int_equal(it->reps,
						    reps);
						assert_int_equal(it->hold_s,
						    st->hold_s.min);
						assert_int_equal(it->seconds,
						    seconds_held(st,
							it->variant, reps,
							st->hold_s.min));
					}
					limber_plan_free(p);
					limber_plan_free(q);
				}
	limber_verdict_free(cut);
	limber_verdict_free(go);
}

/* Shorter than asked because of the smaller dose: the note says so. */
static void
test_smaller_dose_note_says_why_the_routine_is_short(void **state)
{
	const char *strain[] = { "lifting-strain" };
	struct limber_verdict *v = screen_with(*state, strain, 1);
	struct limber_request req = request(LIMBER_AREA_BOTH, 30,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *p;

	req.verdict = v;
	p = build(state, &req);
	assert_int_equal(p->rounds, 1);
	assert_non_null(p->note);
	if (strstr(p->note, "smaller dose") == NULL ||
	    strstr(p->note, "once") == NULL)
		fail_msg("note: %s", p->note);
	limber_plan_free(p);
	limber_verdict_free(v);
}

/* ------------------------------------------------------------------ */
/* Bad requests.                                                       */

static void
test_bad_requests_are_invalid(void **state)
{
	static const struct {
		unsigned area;
		int minutes;
		int ctx;
	} bad[] = {
		{ 0, 10, LIMBER_CONTEXT_GENERAL },
		{ 1u << 2, 10, LIMBER_CONTEXT_GENERAL },
		{ LIMBER_AREA_BOTH, 0, LIMBER_CONTEXT_GENERAL },
		{ LIMBER_AREA_BOTH, 121, LIMBER_CONTEXT_GENERAL },
		{ LIMBER_AREA_BOTH, -5, LIMBER_CONTEXT_GENERAL },
		{ LIMBER_AREA_BOTH, 10, LIMBER_CONTEXT_COUNT },
	};

	for (size_t i = 0; i < nitems(bad); i++) {
		struct limber_request req = request(bad[i].area,
		    bad[i].minutes, (enum limber_context)bad[i].ctx, 0);
		struct limber_plan *p = (struct limber_plan *)1;
		char *cause = NULL;

		if (limber_plan_build(*state, &req, &p, &cause) !=
		    LIMBER_ERR_INVALID)
			fail_msg("request %zu was not refused", i);
		assert_null(p);
		assert_non_null(cause);
		free(cause);
	}
}

static void
test_one_and_120_minutes_are_allowed(void **state)
{
	struct limber_request req = request(LIMBER_AREA_BOTH, 1,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *p = build(state, &req);

	limber_plan_free(p);
	req.minutes = 120;
	p = build(state, &req);
	limber_plan_free(p);
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
test_plan_to_json_items_carry_dose_time_and_steps(void **state)
{
	static const char *const top[] = {
		"context",
		"area",
		"minutes",
		"rounds",
		"seconds",
		"session_seconds",
		"level",
		"items",
		"left_out",
		"note",
		"smaller_dose",
		"sport",
		"stage",
		"later",
	};
	static const char *const item[] = {
		"stretch",
		"name",
		"kind",
		"variant",
		"variant_name",
		"position",
		"sides",
		"reps",
		"hold_s",
		"rest_s",
		"seconds",
		"why",
		"steps",
		"cautions",
	};
	struct limber_request req = request(LIMBER_AREA_BOTH, 10,
	    LIMBER_CONTEXT_GENERAL, LIMBER_NEED_FLOOR);
	struct limber_plan *p = build(state, &req);
	json_t *j = limber_plan_to_json(p), *items, *e;
	size_t i;

	assert_keys(j, top, nitems(top));
	assert_string_equal(json_string_value(json_object_get(j, "context")),
	    "general");
	assert_string_equal(json_string_value(json_object_get(j, "area")),
	    "both");
	assert_int_equal(json_integer_value(json_object_get(j, "seconds")),
	    p->seconds);
	assert_int_equal(json_integer_value(json_object_get(j,
			     "session_seconds")),
	    limber_plan_session_seconds(p));
	assert_int_equal(json_integer_value(json_object_get(j, "rounds")),
	    p->rounds);
	assert_string_equal(json_string_value(json_object_get(j, "level")),
	    "go");
	assert_true(json_is_null(json_object_get(j, "sport")));
	assert_int_equal(json_integer_value(json_object_get(j, "stage")),
	    p->stage);
	assert_int_equal(p->stage, LIMBER_STAGE_GENTLE);
	assert_int_equal(json_array_size(json_object_get(j, "later")),
	    p->nlater);
	for (size_t k = 0; k < p->nlater; k++)
		assert_string_equal(json_string_value(json_array_get(
					json_object_get(j, "later"), k)),
		    p->later[k]);
	if (p->note == NULL)
		assert_true(json_is_null(json_object_get(j, "note")));
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), p->nitems);
	json_array_foreach(items, i, e) {
		const struct limber_plan_item *it = &p->items[i];
		const struct limber_step *steps = it->variant ?
		    it->variant->steps : it->stretch->steps;
		size_t nsteps = it->variant ? it->variant->nsteps :
		    it->stretch->nsteps;
		json_t *js = json_object_get(e, "steps"), *s, *var;
		int sets = it->sides * it->reps, rep = 0;
		size_t k;

		assert_keys(e, item, nitems(item));
		assert_string_equal(json_string_value(json_object_get(e,
		    "stretch")), it->stretch->id);
		assert_string_equal(json_string_value(json_object_get(e,
					"kind")),
		    limber_kind_name(it->stretch->kind));
		var = json_object_get(e, "variant");
		if (it->variant == NULL)
			assert_true(json_is_null(var));
		else
			assert_string_equal(json_string_value(var),
			    it->variant->id);
		assert_int_equal(json_integer_value(json_object_get(e,
		    "sides")), it->sides);
		assert_int_equal(json_integer_value(json_object_get(e,
		    "reps")), it->reps);
		assert_int_equal(json_integer_value(json_object_get(e,
		    "hold_s")), it->hold_s);
		assert_int_equal(json_integer_value(json_object_get(e,
		    "rest_s")), it->rest_s);
		assert_int_equal(json_integer_value(json_object_get(e,
		    "seconds")), it->seconds);
		assert_string_equal(json_string_value(json_object_get(e,
		    "why")), it->why);
		assert_int_equal(json_array_size(js), nsteps);
		json_array_foreach(js, k, s) {
			json_t *hold = json_object_get(s, "hold");
			int secs = (int)json_integer_value(json_object_get(s,
			    "seconds"));

			assert_string_equal(json_string_value(json_object_get(s,
			    "text")), steps[k].text);
			assert_true(json_is_integer(json_object_get(s,
			    "seconds")));
			if (steps[k].hold) {
				assert_true(json_is_true(hold));
				assert_int_equal(secs, it->hold_s);
				assert_int_equal(json_object_size(s), 3);
			} else {
				assert_null(hold);
				assert_int_equal(secs, steps[k].seconds);
				assert_int_equal(json_object_size(s), 2);
			}
			rep += secs;
		}
		/* The JSON alone is enough to work out the item's time. */
		assert_int_equal(sets * rep + (sets - 1) * it->rest_s,
		    it->seconds);
	}
	assert_true(json_is_array(json_object_get(j, "left_out")));
	json_decref(j);
	limber_plan_free(p);

	/* What waits for another day, by id, in the plan's order. */
	req = request(LIMBER_AREA_BOTH, 5, LIMBER_CONTEXT_GENERAL, 0);
	p = build(state, &req);
	j = limber_plan_to_json(p);
	assert_true(p->nlater > 0);
	assert_int_equal(json_array_size(json_object_get(j, "later")),
	    p->nlater);
	for (size_t k = 0; k < p->nlater; k++)
		assert_string_equal(json_string_value(json_array_get(
					json_object_get(j, "later"), k)),
		    p->later[k]);
	json_decref(j);
	limber_plan_free(p);
}

static void
test_plan_to_json_lists_left_out_with_reasons(void **state)
{
	static const char *const keys[] = { "stretch", "why" };
	struct limber_request req = request(LIMBER_AREA_BOTH, 10,
	    LIMBER_CONTEXT_DESK, 0);
	struct limber_plan *p = build(state, &req);
	json_t *j = limber_plan_to_json(p), *left, *e;
	size_t i;

	left = json_object_get(j, "left_out");
	assert_int_equal(json_array_size(left), p->nleft_out);
	assert_true(p->nleft_out > 0);
	json_array_foreach(left, i, e) {
		assert_keys(e, keys, nitems(keys));
		assert_string_equal(json_string_value(json_object_get(e,
		    "stretch")), p->left_out[i].stretch);
		assert_string_equal(json_string_value(json_object_get(e,
		    "why")), p->left_out[i].why);
	}
	assert_string_equal(json_string_value(json_object_get(j, "context")),
	    "desk");
	json_decref(j);
	limber_plan_free(p);
}

/* ------------------------------------------------------------------ */
/* The exclusion table (docs/safety.md, "What the plan leaves out").   */

/*
 * The stretches of tests/data/catalog/exclusions on the built-in catalog
 * (for the walk) or on the four of the fixture (so that a 30-minute plan
 * holds them all).
 */
static struct limber_catalog *
exclusions_catalog(bool shipped)
{
	struct limber_catalog *cat = NULL;

	if (shipped)
		assert_int_equal(limber_catalog_builtin(&cat, NULL), LIMBER_OK);
	else
		cat = four_catalog();
	cat = catalog_with(cat, "exclusions");
	assert_non_null(limber_catalog_find(cat, "test-undeclared"));
	return cat;
}

static const struct limber_exclusion *
exclusion_for(const char *question)
{
	for (const struct limber_exclusion *e = limber_exclusions();
	     e->question != NULL; e++) {
		if (strcmp(e->question, question) == 0)
			return e;
	}
	return NULL;
}

/* What every line of the table for question forbids, together. */
static void
table_for(const char *question, unsigned *needs, unsigned *moves)
{
	*needs = *moves = 0;
	for (const struct limber_exclusion *e = limber_exclusions();
	     e->question != NULL; e++) {
		if (strcmp(e->question, question) == 0) {
			*needs |= e->needs;
			*moves |= e->moves;
		}
	}
}

/*
 * The movements docs/safety.md ("What the plan leaves out") rules out
 * after each answer, written here apart from the table so that a line
 * missing from it is caught.
 */
static const struct {
	const char *question;
	unsigned moves;
} documented_moves[] = {
	{ "osteoporosis", LIMBER_MOVE_FORWARD_BEND | LIMBER_MOVE_TWIST },
	{ "spinal-fracture", LIMBER_MOVE_FORWARD_BEND | LIMBER_MOVE_TWIST },
	{ "pregnancy", LIMBER_MOVE_BACK_BEND },
	{ "stenosis", LIMBER_MOVE_BACK_BEND },
	{ "spondylolisthesis", LIMBER_MOVE_BACK_BEND },
	{ "hip-replacement",
	    LIMBER_MOVE_DEEP_HIP_BEND | LIMBER_MOVE_LEG_CROSS },
};

/* The table holds the rules docs/safety.md gives, for caution answers. */
static void
test_exclusion_table_holds_the_documented_rules(void **state)
{
	const unsigned spine = LIMBER_MOVE_FORWARD_BEND | LIMBER_MOVE_TWIST;
	const struct limber_exclusion *e;

	(void)state;
	e = exclusion_for("osteoporosis");
	assert_non_null(e);
	assert_int_equal(e->moves & spine, spine);
	e = exclusion_for("spinal-fracture");
	assert_non_null(e);
	assert_int_equal(e->moves & spine, spine);
	e = exclusion_for("knee-problem");
	assert_non_null(e);
	assert_int_equal(e->needs & LIMBER_NEED_KNEELING, LIMBER_NEED_KNEELING);
	e = exclusion_for("pregnancy");
	assert_non_null(e);
	assert_int_equal(e->needs & LIMBER_NEED_LYING, LIMBER_NEED_LYING);
	for (size_t i = 0; i < nitems(documented_moves); i++) {
		unsigned needs, moves;

		table_for(documented_moves[i].question, &needs, &moves);
		if ((moves & documented_moves[i].moves) !=
		    documented_moves[i].moves)
			fail_msg("%s: the table forbids movements %#x, "
				 "docs/safety.md %#x",
			    documented_moves[i].question, moves,
			    documented_moves[i].moves);
	}
	for (e = limber_exclusions(); e->question != NULL; e++) {
		const struct limber_question *q =
		    limber_question_find(e->question);

		assert_non_null(q);
		assert_int_equal(q->level, LIMBER_LEVEL_CAUTION);
		assert_true(e->why != NULL && *e->why != '\0');
		assert_true(e->instead != NULL && *e->instead != '\0');
	}
}

/* Every version a plan uses obeys every table entry the answers touch. */
static void
assert_plan_obeys(const struct limber_plan *p, const char **yes, size_t nyes,
    unsigned limits)
{
	for (size_t i = 0; i < p->nitems; i++) {
		const struct limber_plan_item *it = &p->items[i];
		const struct limber_variant *va = it->variant;
		unsigned needs = va ? va->needs : it->stretch->needs;
		unsigned moves = va ? va->moves : it->stretch->moves;
		bool known = va ? va->moves_known : it->stretch->moves_known;

		if ((needs & limits) != 0)
			fail_msg("%s needs a limit", it->stretch->id);
		for (size_t k = 0; k < nyes; k++) {
			/* A lifting strain: the shortest hold, once through. */
			if (strcmp(yes[k], "lifting-strain") == 0 &&
			    (it->hold_s != it->stretch->hold_s.min ||
				p->rounds != 1))
				fail_msg("%s: hold %d s, %d rounds after a "
					 "lifting strain",
				    it->stretch->id, it->hold_s, p->rounds);

			/* Every line of the table for the answer. */
			for (const struct limber_exclusion *e =
				 limber_exclusions();
			     e->question != NULL; e++) {
				if (strcmp(e->question, yes[k]) != 0)
					continue;
				if ((needs & e->needs) != 0 ||
				    (e->moves != 0 &&
					(!known || (moves & e->moves) != 0)))
					fail_msg("%s (%s) breaks the %s "
						 "exclusion",
					    it->stretch->id,
					    va ? va->id : "as written", yes[k]);
			}
		}
	}
}

/*
 * Every combination of caution answers, areas, contexts, minutes and body
 * limits, on the built-in catalog and on one with a person's own stretches
 * (one of them declaring no movements): no plan holds an excluded version.
 */
static void
test_no_plan_holds_what_the_answers_exclude(void **state)
{
	static const int minutes[] = { 1, 2, 3, 4, 5, 7, 10, 15, 20, 30, 60,
		120 };
	static const unsigned areas[] = {
		LIMBER_AREA_UPPER,
		LIMBER_AREA_LOWER,
		LIMBER_AREA_BOTH,
	};
	struct limber_catalog *cats[3] = { builtin, exclusions_catalog(true),
		exclusions_catalog(false) };
	const char *caution[16];
	size_t ncaution = 0, nplans = 0;

	/*
	 * The questions asked only when they matter change nothing in these
	 * catalogs but the undeclared stretch; the test below walks every
	 * answer, at fewer lengths, so that this one stays quick.
	 */
	for (const struct limber_question *q = limber_questions(); q->id; q++) {
		if (q->level == LIMBER_LEVEL_CAUTION && !q->only_if_affected) {
			assert_true(ncaution < nitems(caution));
			caution[ncaution++] = q->id;
		}
	}
	assert_true(ncaution >= 5);
	for (size_t c = 0; c < nitems(cats); c++)
		for (unsigned long m = 0; m < 1ul << ncaution; m++) {
			const char *yes[16];
			size_t nyes = 0;
			struct limber_verdict *v;

			for (size_t k = 0; k < ncaution; k++) {
				if (m & (1ul << k))
					yes[nyes++] = caution[k];
			}
			v = screen_with(cats[c], yes, nyes);
			assert_true(limber_level_allows_session(v->level));
			for (size_t a = 0; a < nitems(areas); a++)
				for (int ctx = 0; ctx < LIMBER_CONTEXT_COUNT;
				     ctx++)
					for (unsigned lim = 0;
					     lim <= ALL_LIMITS; lim++) {
						if ((lim &
							~(unsigned)
							    ALL_LIMITS) != 0)
							continue;
						for (size_t t = 0;
						     t < nitems(minutes); t++) {
							struct limber_request
							    req = request(
								areas[a],
								minutes[t],
								(enum limber_context)
								    ctx,
								lim);
							struct limber_plan *p;

							req.verdict = v;
							p = build_with(cats[c],
							    &req);
							assert_plan_obeys(p,
							    yes, nyes, lim);
							limber_plan_free(p);
							nplans++;
						}
					}
			limber_verdict_free(v);
		}
	assert_true(nplans > 10000);
	limber_catalog_free(cats[1]);
	limber_catalog_free(cats[2]);
}

/*
 * The whole built-in catalog and the exercises of
 * tests/data/catalog/movements: exercises that arch the back, bend a hip
 * past a right angle or cross the legs, with variants that do and do not.
 */
static struct limber_catalog *
movements_catalog(void)
{
	struct limber_catalog *cat = NULL;

	assert_int_equal(limber_catalog_builtin(&cat, NULL), LIMBER_OK);
	assert_int_equal(cat->n, builtin->n);
	cat = catalog_with(cat, "movements");
	assert_non_null(limber_catalog_find(cat, "test-press-up"));
	return cat;
}

/* No version a plan uses does a movement docs/safety.md forbids. */
static void
assert_plan_obeys_docs(const struct limber_plan *p, const char **yes,
    size_t nyes)
{
	for (size_t i = 0; i < p->nitems; i++) {
		const struct limber_plan_item *it = &p->items[i];
		const struct limber_variant *va = it->variant;
		unsigned moves = va ? va->moves : it->stretch->moves;
		bool known = va ? va->moves_known : it->stretch->moves_known;

		for (size_t k = 0; k < nyes; k++)
			for (size_t d = 0; d < nitems(documented_moves); d++) {
				if (strcmp(documented_moves[d].question,
					yes[k]) != 0)
					continue;
				if (!known ||
				    (moves & documented_moves[d].moves) != 0)
					fail_msg("%s (%s) does what %s rules "
						 "out",
					    it->stretch->id,
					    va ? va->id : "as written", yes[k]);
			}
	}
}

/*
 * Issue 18's "done when": every combination of answers to the caution
 * questions (the others allow no session), areas, contexts and body limits
 * gives no plan that holds a version the answers exclude, walking whatever
 * exercises the catalog holds. The test exercises show up (so the check is
 * not empty), and a variant without the excluded movement is still used:
 * the press-up's lying version after stenosis, the knee hug holding behind
 * the thigh after a hip replacement.
 */
/* What the walk below saw, so that it is known not to be empty. */
struct walk_seen {
	size_t plans, test_items;
	bool prone_rest; /* the press-up's lying version, after stenosis */
	bool thigh_hold; /* the knee hug's gentler version, after a new hip */
};

/* Whether the one answer in yes is id. */
static bool
only_answer(const char **yes, size_t nyes, const char *id)
{
	return nyes == 1 && strcmp(yes[0], id) == 0;
}

/* Whether plan p uses stretch id in variant vid. */
static bool
uses_variant(const struct limber_plan *p, const char *id, const char *vid)
{
	const struct limber_plan_item *it = find_item(p, id);

	return it != NULL && it->variant != NULL &&
	    strcmp(it->variant->id, vid) == 0;
}

/* One plan of the walk, checked against the table and the docs. */
static void
walk_one(const struct limber_catalog *cat, struct limber_request *req,
    const char **yes, size_t nyes, struct walk_seen *seen)
{
	struct limber_plan *p = build_with(cat, req);

	assert_plan_obeys(p, yes, nyes, req->limits);
	assert_plan_obeys_docs(p, yes, nyes);
	for (size_t i = 0; i < p->nitems; i++)
		seen->test_items += strncmp(p->items[i].stretch->id, "test-",
					5) == 0;
	if (only_answer(yes, nyes, "stenosis") &&
	    uses_variant(p, "test-press-up", "prone-rest"))
		seen->prone_rest = true;
	if (only_answer(yes, nyes, "hip-replacement") &&
	    uses_variant(p, "test-knee-hug", "thigh-hold"))
		seen->thigh_hold = true;
	seen->plans++;
	limber_plan_free(p);
}

/*
 * Issue 18's "done when": every combination of answers to the caution
 * questions (the others allow no session), areas, contexts and body limits
 * gives no plan that holds a version the answers exclude, walking whatever
 * exercises the catalog holds. The test exercises show up (so the check is
 * not empty), and a variant without the excluded movement is still used:
 * the press-up's lying version after stenosis, the knee hug holding behind
 * the thigh after a hip replacement.
 */
static void
test_no_plan_holds_an_exercise_the_answers_exclude(void **state)
{
	static const int minutes[] = { 5, 30 };
	static const unsigned areas[] = {
		LIMBER_AREA_UPPER,
		LIMBER_AREA_LOWER,
		LIMBER_AREA_BOTH,
	};
	struct limber_catalog *cat = movements_catalog();
	struct walk_seen seen = { 0 };
	const char *caution[16];
	size_t ncaution = 0;

	(void)state;
	for (const struct limber_question *q = limber_questions(); q->id; q++) {
		if (q->level == LIMBER_LEVEL_CAUTION) {
			assert_true(ncaution < nitems(caution));
			caution[ncaution++] = q->id;
		}
	}
	assert_non_null(limber_question_find("hip-replacement"));
	for (unsigned long m = 0; m < 1ul << ncaution; m++) {
		const char *yes[16];
		size_t nyes = 0;
		struct limber_verdict *v;

		for (size_t k = 0; k < ncaution; k++) {
			if (m & (1ul << k))
				yes[nyes++] = caution[k];
		}
		v = screen_with(cat, yes, nyes);
		assert_true(limber_level_allows_session(v->level));
		for (size_t a = 0; a < nitems(areas); a++)
			for (int ctx = 0; ctx < LIMBER_CONTEXT_COUNT; ctx++)
				for (unsigned lim = 0; lim <= ALL_LIMITS;
				     lim++) {
					if ((lim & ~(unsigned)ALL_LIMITS) != 0)
						continue;
					for (size_t t = 0; t < nitems(minutes);
					     t++) {
						struct limber_request req =
						    request(areas[a],
							minutes[t],
							(enum limber_context)
							    ctx,
							lim);

						req.verdict = v;
						walk_one(cat, &req, yes, nyes,
						    &seen);
					}
				}
		limber_verdict_free(v);
	}
	assert_true(seen.plans > 40000);
	assert_true(seen.test_items > 1000);
	assert_true(seen.prone_rest);
	assert_true(seen.thigh_hold);
	limber_catalog_free(cat);
}

/*
 * A person's own stretches: a kneeling fold goes to its upright chair
 * version for osteoporosis and a knee problem alike; one that does not say
 * how it moves is left out for osteoporosis, saying why, and kept for a
 * knee problem; a catalog rule naming only a forbidden variant leaves the
 * stretch out.
 */
static void
test_exclusions_hold_for_a_persons_own_stretches(void **state)
{
	struct limber_catalog *cat = exclusions_catalog(false);
	const char *osteo[] = { "osteoporosis" }, *knee[] = { "knee-problem" };
	struct limber_verdict *v = screen_with(cat, osteo, 1);
	struct limber_request req = request(LIMBER_AREA_BOTH, 30,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *p;
	const struct limber_left_out *lo;

	(void)state;
	req.verdict = v;
	p = build_with(cat, &req);
	assert_variant(must_item(p, "test-kneeling-fold"), "chair-upright");
	assert_null(find_item(p, "test-undeclared"));
	lo = find_left(p, "test-undeclared");
	assert_non_null(lo);
	assert_non_null(strstr(lo->why, "osteoporosis"));
	assert_null(find_item(p, "test-lying-twist"));
	limber_plan_free(p);
	limber_verdict_free(v);

	v = screen_with(cat, knee, 1);
	req.verdict = v;
	p = build_with(cat, &req);
	assert_variant(must_item(p, "test-kneeling-fold"), "chair-fold");
	must_item(p, "test-undeclared");
	assert_variant(must_item(p, "test-lying-twist"), "standing-twist");
	limber_plan_free(p);
	limber_verdict_free(v);

	/* The twist's rule names only a twist: osteoporosis leaves it out. */
	{
		const char *both[] = { "knee-problem", "osteoporosis" };

		v = screen_with(cat, both, 2);
		req.verdict = v;
		p = build_with(cat, &req);
		assert_null(find_item(p, "test-lying-twist"));
		assert_non_null(strstr(find_left(p, "test-lying-twist")->why,
		    "twisting"));
		limber_plan_free(p);
		limber_verdict_free(v);
	}
	limber_catalog_free(cat);
}

/* ------------------------------------------------------------------ */
/* Empty plans.                                                        */

/*
 * The four of the fixture with neck-rolls replaced by a version that needs
 * the floor, has no variant and is left out for osteoporosis
 * (tests/data/catalog/empty-plan/): the only upper-back exercise.
 */
static struct limber_catalog *
empty_plan_catalog(void)
{
	struct limber_catalog *cat = catalog_with(four_catalog(), "empty-plan");

	assert_non_null(limber_catalog_find(cat, "neck-rolls"));
	assert_int_equal(limber_catalog_find(cat, "neck-rolls")->needs,
	    LIMBER_NEED_FLOOR);
	return cat;
}

static void
assert_empty(const struct limber_plan *p, const char *stretch,
    const char *why)
{
	const struct limber_left_out *lo = find_left(p, stretch);

	assert_int_equal(p->nitems, 0);
	assert_non_null(p->note);
	assert_true(*p->note != '\0');
	assert_int_equal(p->seconds, 0);
	assert_non_null(lo);
	if (why != NULL)
		assert_string_equal(lo->why, why);
}

static void
test_empty_plan_from_a_verdict_has_no_items_and_a_note(void **state)
{
	struct limber_catalog *cat = empty_plan_catalog();
	const char *yes[] = { "osteoporosis" };
	struct limber_verdict *v = screen_with(cat, yes, 1);
	struct limber_request req = request(LIMBER_AREA_UPPER, 10,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *p;
	json_t *j;

	(void)state;
	assert_int_equal(v->level, LIMBER_LEVEL_CAUTION);
	req.verdict = v;
	p = build_with(cat, &req);
	assert_empty(p, "neck-rolls",
	    "This test version is left out for osteoporosis.");
	j = limber_plan_to_json(p);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	assert_string_equal(json_string_value(json_object_get(j, "note")),
	    p->note);
	json_decref(j);
	limber_plan_free(p);
	limber_verdict_free(v);
	limber_catalog_free(cat);
}

static void
test_empty_plan_from_desk_or_limits_has_no_items_and_a_note(void **state)
{
	struct limber_catalog *cat = empty_plan_catalog();
	struct limber_request req = request(LIMBER_AREA_UPPER, 10,
	    LIMBER_CONTEXT_DESK, 0);
	struct limber_plan *p = build_with(cat, &req);

	(void)state;
	assert_empty(p, "neck-rolls", NULL);
	assert_non_null(strstr(find_left(p, "neck-rolls")->why, "desk"));
	limber_plan_free(p);
	req = request(LIMBER_AREA_UPPER, 10, LIMBER_CONTEXT_GENERAL,
	    LIMBER_NEED_FLOOR);
	p = build_with(cat, &req);
	assert_empty(p, "neck-rolls", NULL);
	assert_non_null(strstr(find_left(p, "neck-rolls")->why, "floor"));
	limber_plan_free(p);
	limber_catalog_free(cat);
}

static void
test_empty_plan_when_no_stretch_has_the_area(void **state)
{
	const struct limber_catalog *all = *state;
	struct limber_stretch *lower[4];
	struct limber_catalog cat = { .stretches = lower, .n = 0 };
	struct limber_request req = request(LIMBER_AREA_UPPER, 10,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *p;

	for (size_t i = 0; i < all->n && cat.n < nitems(lower); i++) {
		if (!(all->stretches[i]->areas & LIMBER_AREA_UPPER))
			lower[cat.n++] = all->stretches[i];
	}
	assert_int_equal(cat.n, 3);
	p = build_with(&cat, &req);
	assert_int_equal(p->nitems, 0);
	assert_int_equal(p->nleft_out, 0);
	assert_non_null(p->note);
	limber_plan_free(p);
	limber_plan_free(NULL);
}

/* ------------------------------------------------------------------ */
/* The shipped catalog: variety, stages, sports, the desk, the time    */
/* (docs/planner.md, "Choosing the round", "Variety", "Progression").  */

#define DAY_S ((int64_t)86400)
/* A Monday at 08:00 UTC; any fixed time does. */
#define T0 ((int64_t)1767600000)

static bool
is_work_kind(enum limber_kind k)
{
	return k == LIMBER_KIND_STRENGTH || k == LIMBER_KIND_MOTOR_CONTROL;
}

static size_t
count_kind(const struct limber_plan *p, enum limber_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nitems; i++)
		n += p->items[i].stretch->kind == k;
	return n;
}

/* The share of a round strength and control may take (docs/planner.md). */
static void
stage_share(int stage, int *num, int *den, int *forced)
{
	*num = stage >= LIMBER_STAGE_STRONGER ? 1 : stage >= 2 ? 1 : 0;
	*den = stage >= LIMBER_STAGE_STRONGER ? 2 : 3;
	*forced = stage >= LIMBER_STAGE_STRONGER ? 2 : stage >= 2 ? 1 : 0;
}

/*
 * Strength and control never take more than the stage's share of the
 * round beyond the ones the stage asks for, and none at the gentle stage.
 */
static void
assert_share(const struct limber_plan *p)
{
	int num, den, forced;
	int work = (int)(count_kind(p, LIMBER_KIND_STRENGTH) +
	    count_kind(p, LIMBER_KIND_MOTOR_CONTROL));

	stage_share(p->stage, &num, &den, &forced);
	if (num == 0) {
		assert_int_equal(work, 0);
		return;
	}
	if (work > forced && work * den > (int)p->nitems * num)
		fail_msg("stage %d: %d of %zu items are strength or control",
		    p->stage, work, p->nitems);
}

/* Whether two plans hold the same exercises in the same versions. */
static bool
same_plan(const struct limber_plan *a, const struct limber_plan *b)
{
	if (a->nitems != b->nitems || a->rounds != b->rounds)
		return false;
	for (size_t i = 0; i < a->nitems; i++) {
		if (a->items[i].stretch != b->items[i].stretch ||
		    a->items[i].variant != b->items[i].variant ||
		    a->items[i].reps != b->items[i].reps)
			return false;
	}
	return true;
}

/* When each exercise was last done, as the journal would say at now. */
struct history {
	const char *ids[64];
	int64_t at[64];
	size_t n;
	struct limber_recent recent[64];
};

static void
history_done(struct history *h, const char *id, int64_t at)
{
	for (size_t i = 0; i < h->n; i++) {
		if (strcmp(h->ids[i], id) == 0) {
			h->at[i] = at;
			return;
		}
	}
	assert_true(h->n < nitems(h->ids));
	h->ids[h->n] = id;
	h->at[h->n++] = at;
}

static void
history_request(struct history *h, struct limber_request *req, int64_t now)
{
	for (size_t i = 0; i < h->n; i++)
		h->recent[i] = (struct limber_recent){ h->ids[i],
			now - h->at[i] };
	req->recent = h->recent;
	req->nrecent = h->n;
}

/*
 * docs/planner.md, "Variety": a person who does the plan every day meets
 * the exercises that fit in turn. Seven consecutive days, each planned
 * after the last one was done: the plans are not all the same, and more
 * distinct exercises are met in the week than fit in any one day's plan.
 * Without history the same request always gives the same plan.
 */
static void
test_seven_days_are_not_all_the_same(void **state)
{
	static const unsigned areas[] = { LIMBER_AREA_BOTH, LIMBER_AREA_LOWER,
		LIMBER_AREA_UPPER };

	(void)state;
	for (size_t a = 0; a < nitems(areas); a++) {
		struct limber_request req = request(areas[a], 10,
		    LIMBER_CONTEXT_GENERAL, 0);
		struct limber_plan *days[7], *again;
		struct history h = { .n = 0 };
		const char *met[64];
		size_t nmet = 0, most = 0, differ = 0;

		days[0] = build_with(builtin, &req);
		again = build_with(builtin, &req);
		assert_true(same_plan(days[0], again));
		for (size_t i = 0; i < again->nitems; i++)
			assert_string_equal(days[0]->items[i].why,
			    again->items[i].why);
		limber_plan_free(again);
		limber_plan_free(days[0]);

		for (int d = 0; d < 7; d++) {
			int64_t now = T0 + d * DAY_S;
			struct limber_plan *p;

			history_request(&h, &req, now);
			p = days[d] = build_with(builtin, &req);
			assert_sound(p);
			assert_true(p->nitems >= 1);
			if (p->nitems > most)
				most = p->nitems;
			for (size_t i = 0; i < p->nitems; i++) {
				const char *id = p->items[i].stretch->id;
				size_t k = 0;

				/* The why says what the journal saw. */
				if (d > 0 &&
				    strstr(p->items[i].why, "New to you") ==
					NULL &&
				    strstr(p->items[i].why, "Last done") ==
					NULL)
					fail_msg("day %d: %s: %s", d + 1, id,
					    p->items[i].why);
				while (k < nmet && strcmp(met[k], id) != 0)
					k++;
				if (k == nmet) {
					assert_true(nmet < nitems(met));
					met[nmet++] = id;
				}
				/* Done a few minutes after it was planned. */
				history_done(&h, id, now + 600 + (int64_t)i);
			}
			if (d > 0 && !same_plan(days[d - 1], p))
				differ++;
		}
		if (differ == 0)
			fail_msg("area %#x: the same plan seven days running",
			    areas[a]);
		if (nmet <= most)
			fail_msg("area %#x: %zu exercises met in a week, %zu "
				 "in one day",
			    areas[a], nmet, most);
		for (int d = 0; d < 7; d++)
			limber_plan_free(days[d]);
	}
}

/* limber_stage_next alone (docs/planner.md, "Progression"). */
static void
test_stage_rises_after_six_comfortable_sessions_over_a_week(void **state)
{
	struct limber_stage s = { .level = 0 }, t;

	(void)state;
	/* The first session sets when the stage began. */
	s = limber_stage_next(s, LIMBER_EFFECT_COMFORTABLE, T0);
	assert_int_equal(s.level, LIMBER_STAGE_GENTLE);
	assert_int_equal(s.streak, 1);
	assert_true(s.since == T0);
	/* Six and more in six days: not a week yet. */
	for (int d = 1; d < LIMBER_STAGE_DAYS; d++) {
		s = limber_stage_next(s, LIMBER_EFFECT_COMFORTABLE,
		    T0 + d * DAY_S);
		assert_int_equal(s.level, LIMBER_STAGE_GENTLE);
	}
	assert_int_equal(s.streak, LIMBER_STAGE_DAYS);
	/* A week after it began: up one, and the count starts again. */
	s = limber_stage_next(s, LIMBER_EFFECT_COMFORTABLE,
	    T0 + LIMBER_STAGE_DAYS * DAY_S);
	assert_int_equal(s.level, LIMBER_STAGE_BUILDING);
	assert_int_equal(s.streak, 0);
	assert_true(s.since == T0 + LIMBER_STAGE_DAYS * DAY_S);

	/* Every other day: five over ten days are not enough, six are. */
	s = (struct limber_stage){ .level = 0 };
	for (int k = 1; k <= LIMBER_STAGE_SESSIONS; k++) {
		s = limber_stage_next(s, LIMBER_EFFECT_COMFORTABLE,
		    T0 + (k - 1) * 2 * DAY_S);
		assert_int_equal(s.level,
		    k < LIMBER_STAGE_SESSIONS ? LIMBER_STAGE_GENTLE :
						LIMBER_STAGE_BUILDING);
	}

	/* Neutral changes nothing at all. */
	t = limber_stage_next(s, LIMBER_EFFECT_NEUTRAL, T0 + 30 * DAY_S);
	assert_int_equal(t.level, s.level);
	assert_int_equal(t.streak, s.streak);
	assert_true(t.since == s.since);

	/* A neutral session neither counts nor breaks the run. */
	s = (struct limber_stage){ .level = 0 };
	for (int d = 0; d <= LIMBER_STAGE_DAYS; d++) {
		s = limber_stage_next(s, LIMBER_EFFECT_COMFORTABLE,
		    T0 + d * DAY_S);
		t = limber_stage_next(s, LIMBER_EFFECT_NEUTRAL,
		    T0 + d * DAY_S + 3600);
		assert_int_equal(t.streak, s.streak);
		s = t;
	}
	assert_int_equal(s.level, LIMBER_STAGE_BUILDING);

	/* Worse: down one, the count and the week start again. */
	s = limber_stage_next(s, LIMBER_EFFECT_COMFORTABLE, T0 + 9 * DAY_S);
	assert_int_equal(s.streak, 1);
	s = limber_stage_next(s, LIMBER_EFFECT_WORSE, T0 + 10 * DAY_S);
	assert_int_equal(s.level, LIMBER_STAGE_GENTLE);
	assert_int_equal(s.streak, 0);
	assert_true(s.since == T0 + 10 * DAY_S);
	/* Never below gentle. */
	s = limber_stage_next(s, LIMBER_EFFECT_WORSE, T0 + 11 * DAY_S);
	assert_int_equal(s.level, LIMBER_STAGE_GENTLE);

	/* Never above stronger, however many comfortable sessions. */
	s = (struct limber_stage){ .level = 0 };
	for (int d = 0; d < 120; d++) {
		s = limber_stage_next(s, LIMBER_EFFECT_COMFORTABLE,
		    T0 + d * DAY_S);
		assert_true(s.level >= LIMBER_STAGE_GENTLE &&
		    s.level <= LIMBER_STAGE_STRONGER);
	}
	assert_int_equal(s.level, LIMBER_STAGE_STRONGER);
	/* One worse session moves it back one level, not to the start. */
	s = limber_stage_next(s, LIMBER_EFFECT_WORSE, T0 + 121 * DAY_S);
	assert_int_equal(s.level, LIMBER_STAGE_BUILDING);
}

/*
 * docs/planner.md, "Progression": 30 days of one comfortable session a
 * day, each planned with the stage, the doses and the history the journal
 * would give. The stage rises on day 8 and on day 15 (the plans of the
 * next days show it); no strength or control work before; strength from
 * the building stage, and both strength and control at the stronger
 * stage; the share holds; repetitions grow and never pass their maximum;
 * and one worse session moves the stage back one level.
 */
static void
test_a_month_of_comfortable_sessions_progresses(void **state)
{
	const struct limber_catalog *cat = builtin;
	struct limber_progress prog[64];
	struct limber_dose doses[64];
	struct limber_stage s = { .level = 0 };
	struct history h = { .n = 0 };
	struct limber_request req = request(LIMBER_AREA_BOTH, 20,
	    LIMBER_CONTEXT_GENERAL, 0);
	struct limber_plan *p;
	bool grew = false;

	(void)state;
	assert_true(cat->n <= nitems(prog));
	for (size_t i = 0; i < cat->n; i++) {
		prog[i] = (struct limber_progress){
			cat->stretches[i]->reps.start, 0
		};
		doses[i] = (struct limber_dose){ cat->stretches[i]->id,
			prog[i].reps };
	}
	req.doses = doses;
	req.ndoses = cat->n;
	for (int day = 1; day <= 30; day++) {
		int64_t at = T0 + (day - 1) * DAY_S;
		int want = day <= 8 ? LIMBER_STAGE_GENTLE :
		    day <= 15	    ? LIMBER_STAGE_BUILDING :
				      LIMBER_STAGE_STRONGER;

		req.stage = s.level;
		history_request(&h, &req, at);
		p = build_with(cat, &req);
		if (p->stage != want)
			fail_msg("day %d: stage %d, want %d", day, p->stage,
			    want);
		assert_share(p);
		assert_sound_for(p, &req);
		switch (p->stage) {
		case LIMBER_STAGE_GENTLE:
			assert_int_equal(count_kind(p, LIMBER_KIND_STRENGTH) +
				count_kind(p, LIMBER_KIND_MOTOR_CONTROL),
			    0);
			/* Left out, saying when it comes; not "later". */
			for (size_t i = 0; i < cat->n; i++) {
				const struct limber_stretch *st =
				    cat->stretches[i];
				const struct limber_left_out *lo;

				if (!is_work_kind(st->kind) ||
				    !(st->contexts &
					(1u << LIMBER_CONTEXT_GENERAL)))
					continue;
				lo = find_left(p, st->id);
				assert_false(in_later(p, st->id));
				if (lo == NULL ||
				    strstr(lo->why, "work comes later") == NULL)
					fail_msg("day %d: %s: %s", day, st->id,
					    lo ? lo->why : "not left out");
			}
			break;
		case LIMBER_STAGE_BUILDING:
			if (count_kind(p, LIMBER_KIND_STRENGTH) == 0)
				fail_msg("day %d: no strength work", day);
			break;
		default:
			if (count_kind(p, LIMBER_KIND_STRENGTH) == 0 ||
			    count_kind(p, LIMBER_KIND_MOTOR_CONTROL) == 0)
				fail_msg("day %d: %zu strength, %zu control",
				    day, count_kind(p, LIMBER_KIND_STRENGTH),
				    count_kind(p, LIMBER_KIND_MOTOR_CONTROL));
		}
		/* The session: comfortable, every item done. */
		for (size_t i = 0; i < p->nitems; i++) {
			const struct limber_plan_item *it = &p->items[i];
			size_t k = 0;

			while (cat->stretches[k] != it->stretch)
				k++;
			assert_int_equal(it->reps, prog[k].reps);
			assert_true(it->reps <= it->stretch->reps.max);
			prog[k] = limber_progress_next(prog[k],
			    LIMBER_EFFECT_COMFORTABLE, &it->stretch->reps);
			assert_true(prog[k].reps <= it->stretch->reps.max);
			grew = grew || prog[k].reps > it->stretch->reps.start;
			doses[k].reps = prog[k].reps;
			history_done(&h, it->stretch->id, at + 600);
		}
		s = limber_stage_next(s, LIMBER_EFFECT_COMFORTABLE, at);
		limber_plan_free(p);
	}
	assert_true(grew);
	assert_int_equal(s.level, LIMBER_STAGE_STRONGER);
	/* One worse session: back one stage, and the plan with it. */
	s = limber_stage_next(s, LIMBER_EFFECT_WORSE, T0 + 30 * DAY_S);
	assert_int_equal(s.level, LIMBER_STAGE_BUILDING);
	req.stage = s.level;
	history_request(&h, &req, T0 + 31 * DAY_S);
	p = build_with(cat, &req);
	assert_int_equal(p->stage, LIMBER_STAGE_BUILDING);
	assert_share(p);
	assert_true(count_kind(p, LIMBER_KIND_STRENGTH) >= 1);
	limber_plan_free(p);
}

/*
 * At a desk, on the shipped catalog, for every area and length: only
 * versions done sitting in the chair or standing beside it, some of them
 * standing; and the time is 2 to 5 minutes, with a note when more or less
 * was asked.
 */
static void
test_desk_plans_sit_or_stand_for_two_to_five_minutes(void **state)
{
	static const unsigned areas[] = { LIMBER_AREA_UPPER, LIMBER_AREA_LOWER,
		LIMBER_AREA_BOTH };
	bool standing = false;

	(void)state;
	for (size_t a = 0; a < nitems(areas); a++)
		for (int m = 1; m <= 120; m++) {
			struct limber_request req = request(areas[a], m,
			    LIMBER_CONTEXT_DESK, 0);
			struct limber_plan *p = build_with(builtin, &req);
			int want = m < 2 ? 2 : m > 5 ? 5 : m;

			assert_int_equal(p->minutes, want);
			if (want != m) {
				char *n = xasprintf("planned for %d", want);

				if (p->note == NULL ||
				    strstr(p->note, n) == NULL)
					fail_msg("%d minutes at a desk: %s", m,
					    p->note ? p->note : "no note");
				free(n);
			} else if (p->note != NULL)
				assert_null(strstr(p->note, "at the desk"));
			assert_true(p->nitems >= 1);
			for (size_t i = 0; i < p->nitems; i++) {
				unsigned n = item_needs(&p->items[i]);

				if (n & DESK_FORBIDDEN)
					fail_msg("%s needs %#x at a desk",
					    p->items[i].stretch->id,
					    n & DESK_FORBIDDEN);
				standing = standing ||
				    (n & LIMBER_NEED_STANDING);
			}
			limber_plan_free(p);
		}
	assert_true(standing);
}

/* Whether an exercise works a muscle the sport uses most. */
static bool
for_sport(const struct limber_stretch *st, enum limber_sport sport)
{
	return (st->muscles & limber_sport_muscles(sport)) != 0;
}

/*
 * After a workout with a sport: the exercises that work the sport's
 * muscles come first, so the plan holds more of them than without the
 * sport, each area's first pick is one of them when one fits, and each
 * says which muscles in its why.
 */
static void
test_a_sports_muscles_come_first(void **state)
{
	(void)state;
	for (int sp = LIMBER_SPORT_NONE + 1; sp < LIMBER_SPORT_COUNT; sp++) {
		struct limber_request req = request(LIMBER_AREA_BOTH, 10,
		    LIMBER_CONTEXT_AFTER_WORKOUT, 0);
		struct limber_plan *with, *without;
		size_t nwith = 0, nwithout = 0;
		char *says;

		without = build_with(builtin, &req);
		req.sport = (enum limber_sport)sp;
		with = build_with(builtin, &req);
		assert_int_equal(with->sport, sp);
		assert_int_equal(with->context, LIMBER_CONTEXT_AFTER_WORKOUT);
		says = xasprintf("Muscles used in %s:",
		    limber_sport_words((enum limber_sport)sp));
		for (size_t i = 0; i < with->nitems; i++) {
			const struct limber_plan_item *it = &with->items[i];

			if (!for_sport(it->stretch, (enum limber_sport)sp)) {
				assert_null(strstr(it->why, "Muscles used"));
				continue;
			}
			nwith++;
			if (strstr(it->why, says) == NULL)
				fail_msg("%s: %s", it->stretch->id, it->why);
			/* Each muscle it shares with the sport, in words. */
			for (int b = 0; b < LIMBER_MUSCLE_COUNT; b++) {
				unsigned m = 1u << b;

				if ((it->stretch->muscles & m) &&
				    (limber_sport_muscles(
					 (enum limber_sport)sp) &
					m) &&
				    strstr(it->why,
					limber_muscle_words(
					    (enum limber_muscle)m)) == NULL)
					fail_msg("%s: %s not named: %s",
					    it->stretch->id,
					    limber_muscle_name(
						(enum limber_muscle)m),
					    it->why);
			}
		}
		for (size_t i = 0; i < without->nitems; i++)
			nwithout += for_sport(without->items[i].stretch,
			    (enum limber_sport)sp);
		if (nwith <= nwithout)
			fail_msg("%s: %zu exercises for its muscles, %zu "
				 "without the sport",
			    limber_sport_name((enum limber_sport)sp), nwith,
			    nwithout);
		/*
		 * The one exercise for each area is for the sport's muscles
		 * whenever the area has one that fits in the time.
		 */
		for (unsigned area = LIMBER_AREA_UPPER;
		     area <= LIMBER_AREA_LOWER; area <<= 1) {
			bool fits = false, holds = false;

			for (size_t i = 0; i < builtin->n; i++) {
				const struct limber_stretch *st =
				    builtin->stretches[i];

				if ((st->areas & area) &&
				    (st->contexts &
					(1u << LIMBER_CONTEXT_AFTER_WORKOUT)) &&
				    for_sport(st, (enum limber_sport)sp) &&
				    expected_seconds(st, NULL) <= 10 * 66)
					fits = true;
			}
			for (size_t i = 0; i < with->nitems; i++)
				holds = holds ||
				    ((with->items[i].stretch->areas & area) &&
					for_sport(with->items[i].stretch,
					    (enum limber_sport)sp));
			if (fits && !holds)
				fail_msg("%s: none for its muscles in area %#x",
				    limber_sport_name((enum limber_sport)sp),
				    area);
		}
		free(says);
		limber_plan_free(with);
		limber_plan_free(without);
	}
}

/* A sport is for a workout; a stage is 0 (a first plan) to 3. */
static void
test_a_sport_without_a_workout_and_a_bad_stage_are_invalid(void **state)
{
	static const enum limber_context other[] = { LIMBER_CONTEXT_GENERAL,
		LIMBER_CONTEXT_DESK };
	static const int bad_stage[] = { -1, 4, 100 };

	for (size_t c = 0; c < nitems(other); c++) {
		struct limber_request req = request(LIMBER_AREA_BOTH, 10,
		    other[c], 0);
		struct limber_plan *p = (struct limber_plan *)1;
		char *cause = NULL;

		req.sport = LIMBER_SPORT_RUNNING;
		assert_int_equal(limber_plan_build(*state, &req, &p, &cause),
		    LIMBER_ERR_INVALID);
		assert_null(p);
		assert_non_null(cause);
		free(cause);
	}
	for (size_t k = 0; k < nitems(bad_stage); k++) {
		struct limber_request req = request(LIMBER_AREA_BOTH, 10,
		    LIMBER_CONTEXT_GENERAL, 0);
		struct limber_plan *p = (struct limber_plan *)1;
		char *cause = NULL;

		req.stage = bad_stage[k];
		assert_int_equal(limber_plan_build(*state, &req, &p, &cause),
		    LIMBER_ERR_INVALID);
		assert_null(p);
		assert_non_null(cause);
		free(cause);
	}
	for (int st = 0; st <= LIMBER_STAGE_STRONGER; st++) {
		struct limber_request req = request(LIMBER_AREA_BOTH, 10,
		    LIMBER_CONTEXT_GENERAL, 0);
		struct limber_plan *p;

		req.stage = st;
		p = build(state, &req);
		assert_int_equal(p->stage, st == 0 ? LIMBER_STAGE_GENTLE : st);
		limber_plan_free(p);
	}
}

/*
 * Every length from 1 to 120 minutes, every area, context and stage, on
 * the shipped catalog: the plan is within 10 % or has a note; its
 * exercises are distinct; and nothing waits for another day that could
 * have joined the round without running past the minutes + 10 %, unless
 * it is strength or control work the stage's share keeps out. So a round
 * repeats only when every distinct exercise that fits is in.
 */
static void
test_distinct_exercises_fill_the_time_before_a_round_repeats(void **state)
{
	static const unsigned areas[] = { LIMBER_AREA_UPPER, LIMBER_AREA_LOWER,
		LIMBER_AREA_BOTH };
	size_t repeated = 0, waited = 0;

	(void)state;
	for (int stage = 1; stage <= LIMBER_STAGE_STRONGER; stage++)
		for (size_t a = 0; a < nitems(areas); a++)
			for (int ctx = 0; ctx < LIMBER_CONTEXT_COUNT; ctx++)
				for (int m = 1; m <= 120; m++) {
					struct limber_request req =
					    request(areas[a], m,
						(enum limber_context)ctx, 0);
					struct limber_plan *p;
					int round = 0, hi, num, den, forced;
					int work = 0;

					req.stage = stage;
					p = build_with(builtin, &req);
					assert_sound(p);
					assert_share(p);
					hi = p->minutes * 66;
					stage_share(stage, &num, &den, &forced);
					for (size_t i = 0; i < p->nitems; i++) {
						round += p->items[i].seconds;
						work += is_work_kind(
						    p->items[i].stretch->kind);
						for (size_t k = 0; k < i; k++)
							assert_ptr_not_equal(
							    p->items[k].stretch,
							    p->items[i]
								.stretch);
					}
					repeated += p->rounds > 1;
					waited += p->nlater > 0;
					for (size_t i = 0; i < p->nlater; i++) {
						const struct limber_stretch
						    *st = limber_catalog_find(
							builtin, p->later[i]);
						int s = expected_seconds(st,
						    NULL);

						if (round + s > hi)
							continue;
						/* Only the share may keep it. */
						if (is_work_kind(st->kind) &&
						    (work + 1) * den >
							((int)p->nitems + 1) *
							    num)
							continue;
						fail_msg("stage %d, %#x, %s, "
							 "%d min: %s (%d s) "
							 "waits beside %d s",
						    stage, areas[a],
						    limber_context_name(
							(enum limber_context)
							    ctx),
						    m, p->later[i], s, round);
					}
					limber_plan_free(p);
				}
	/* The walk saw both. */
	assert_true(repeated > 0);
	assert_true(waited > 0);
}

/*
 * A general plan at the building stage holds a strength exercise, and at
 * the stronger stage one of strength and one of control, whenever one fits
 * beside the shortest exercise of each area asked; always within the
 * stage's share.
 */
static void
test_later_stages_hold_strength_and_control_when_they_fit(void **state)
{
	static const unsigned areas[] = { LIMBER_AREA_UPPER, LIMBER_AREA_LOWER,
		LIMBER_AREA_BOTH };
	size_t checked = 0;

	(void)state;
	for (size_t a = 0; a < nitems(areas); a++) {
		int shortest[2] = { 0, 0 }, strength = 0, control = 0;
		int area_s;

		/* The catalog's shortest of each kind, in what is asked. */
		for (size_t i = 0; i < builtin->n; i++) {
			const struct limber_stretch *st = builtin->stretches[i];
			int s = expected_seconds(st, NULL);
			int *m;

			if (!(st->areas & areas[a]) ||
			    !(st->contexts & (1u << LIMBER_CONTEXT_GENERAL)))
				continue;
			m = st->kind == LIMBER_KIND_STRENGTH	  ? &strength :
			    st->kind == LIMBER_KIND_MOTOR_CONTROL ? &control :
			    st->areas & LIMBER_AREA_UPPER ? &shortest[0] :
							    &shortest[1];
			if (*m == 0 || s < *m)
				*m = s;
		}
		area_s = shortest[0] + shortest[1];
		assert_true(strength > 0 && control > 0);
		for (int m = 1; m <= 120; m++) {
			int hi = m * 66;

			for (int stage = LIMBER_STAGE_BUILDING;
			     stage <= LIMBER_STAGE_STRONGER; stage++) {
				struct limber_request req = request(areas[a], m,
				    LIMBER_CONTEXT_GENERAL, 0);
				struct limber_plan *p;

				req.stage = stage;
				p = build_with(builtin, &req);
				assert_share(p);
				if (area_s + strength <= hi &&
				    count_kind(p, LIMBER_KIND_STRENGTH) == 0)
					fail_msg("%#x, %d min, stage %d: no "
						 "strength",
					    areas[a], m, stage);
				if (stage == LIMBER_STAGE_STRONGER &&
				    area_s + strength + control <= hi &&
				    count_kind(p, LIMBER_KIND_MOTOR_CONTROL) ==
					0)
					fail_msg("%#x, %d min: no control",
					    areas[a], m);
				checked += count_kind(p, LIMBER_KIND_STRENGTH) >
				    0;
				limber_plan_free(p);
			}
		}
	}
	assert_true(checked > 100);
}

/* ------------------------------------------------------------------ */
/* Faults found in lib/ while writing these tests: they fail until     */
/* the library (or docs/planner.md) is fixed.                          */

/*
 * docs/planner.md, "4. The order": "... so a person gets down to the floor
 * once and ends resting in child's pose when it is used." lib/plan.c only
 * orders by position group, then upper back first, then id; that ends in
 * child's pose only while it is done kneeling. Its chair version is in the
 * upright group and sorts before "seated-spinal-twist", so at a desk, with
 * --no-floor or with --no-kneeling child's pose comes second, and with
 * --no-kneeling the floor twist and the pelvic tilt follow it.
 */
static void
test_childs_pose_ends_the_round_whenever_it_is_used(void **state)
{
	static const struct {
		enum limber_context ctx;
		unsigned limits;
	} cases[] = {
		{ LIMBER_CONTEXT_GENERAL, 0 },
		{ LIMBER_CONTEXT_AFTER_WORKOUT, 0 },
		{ LIMBER_CONTEXT_GENERAL, LIMBER_NEED_LYING },
		{ LIMBER_CONTEXT_GENERAL, LIMBER_NEED_KNEELING },
		{ LIMBER_CONTEXT_GENERAL, LIMBER_NEED_FLOOR },
		{ LIMBER_CONTEXT_DESK, 0 },
	};
	size_t bad = 0;

	for (size_t c = 0; c < nitems(cases); c++) {
		struct limber_request req = request(LIMBER_AREA_BOTH, 10,
		    cases[c].ctx, cases[c].limits);
		struct limber_plan *p = build(state, &req);
		const struct limber_plan_item *it = find_item(p, "childs-pose");

		assert_non_null(it);
		if (it != &p->items[p->nitems - 1]) {
			print_error("%s, limits %#x: child's pose (%s) is item "
			    "%td of %zu\n", limber_context_name(cases[c].ctx),
			    cases[c].limits, it->variant ? it->variant->id :
			    "as written", it - p->items + 1, p->nitems);
			bad++;
		}
		limber_plan_free(p);
	}
	assert_int_equal(bad, 0);
}

/*
 * The length a plan shows is the length its session takes: for plans of
 * every area, context and many lengths (rounds and two-sided stretches
 * among them), an unpaced session's total_ms is the plan's session
 * seconds.
 */
static void
test_a_plans_session_seconds_are_its_sessions_total(void **state)
{
	static const unsigned areas[] = { LIMBER_AREA_UPPER, LIMBER_AREA_LOWER,
		LIMBER_AREA_BOTH };
	static const int minutes[] = { 1, 3, 5, 10, 20, 45 };
	int plans = 0, rounds = 0, sides = 0;

	for (size_t a = 0; a < nitems(areas); a++) {
		for (size_t m = 0; m < nitems(minutes); m++) {
			for (int c = 0; c < LIMBER_CONTEXT_COUNT; c++) {
				struct limber_request req = request(areas[a],
				    minutes[m], (enum limber_context)c, 0);
				struct limber_plan *p = build(state, &req);
				struct limber_session *s = NULL;
				struct limber_session_state st;
				char *cause = NULL;

				if (p->nitems == 0) {
					limber_plan_free(p);
					continue;
				}
				assert_int_equal(limber_session_new(p, 2, 1000,
						     &s, &cause),
				    LIMBER_OK);
				limber_session_snapshot(s, 1000, &st);
				assert_int_equal(st.total_ms,
				    (int64_t)limber_plan_session_seconds(p) *
					1000);
				assert_true(limber_plan_session_seconds(p) >
				    p->seconds);
				plans++;
				rounds += p->rounds > 1;
				for (size_t i = 0; i < p->nitems; i++)
					sides += p->items[i].sides == 2;
				limber_session_free(s);
				limber_plan_free(p);
			}
		}
	}
	/* The cases the sum has terms for were among them. */
	assert_true(plans >= 30);
	assert_true(rounds > 0);
	assert_true(sides > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_default_plan_is_all_four_in_order_at_their_starting_dose),
		cmocka_unit_test(test_area_upper_is_only_neck_rolls),
		cmocka_unit_test(
		    test_area_lower_is_the_three_lower_back_stretches),
		cmocka_unit_test(test_after_workout_takes_all_four),
		cmocka_unit_test(
		    test_desk_uses_chair_versions_and_leaves_out_pelvic_tilt),
		cmocka_unit_test(
		    test_no_floor_uses_the_chair_and_wall_versions),
		cmocka_unit_test(test_no_kneeling_uses_childs_pose_on_a_chair),
		cmocka_unit_test(test_no_lying_uses_the_standing_pelvic_tilt),
		cmocka_unit_test(
		    test_all_three_limits_leave_nothing_that_needs_them),
		cmocka_unit_test(
		    test_items_go_upright_then_floor_then_lying_then_kneeling),
		cmocka_unit_test(
		    test_osteoporosis_leaves_out_every_forward_fold_and_twist),
		cmocka_unit_test(test_pregnancy_uses_the_standing_pelvic_tilt),
		cmocka_unit_test(
		    test_knee_problem_alone_uses_childs_pose_on_a_chair),
		cmocka_unit_test(
		    test_knee_problem_and_no_kneeling_uses_childs_pose_on_a_chair),
		cmocka_unit_test(
		    test_hypermobility_keeps_every_stretch_and_adds_its_advice),
		cmocka_unit_test(
		    test_blocking_verdict_gives_no_plan_and_names_the_verdict),
		cmocka_unit_test(test_severe_pain_blocks_the_plan),
		cmocka_unit_test(test_go_verdict_plans_like_no_verdict),
		cmocka_unit_test(
		    test_every_minute_from_1_to_120_fits_or_has_a_note),
		cmocka_unit_test(
		    test_five_minutes_leaves_out_what_does_not_fit),
		cmocka_unit_test(
		    test_one_minute_when_nothing_fits_keeps_the_shortest_with_a_note),
		cmocka_unit_test(test_thirty_minutes_repeats_whole_rounds),
		cmocka_unit_test(
		    test_long_sessions_stop_at_three_rounds_with_a_note),
		cmocka_unit_test(
		    test_doses_replace_the_starting_reps_clamped_to_the_range),
		cmocka_unit_test(
		    test_doses_never_go_outside_the_catalogs_range),
		cmocka_unit_test(test_dose_cut_table_holds_the_documented_rule),
		cmocka_unit_test(test_lifting_strain_gives_a_smaller_dose),
		cmocka_unit_test(
		    test_smaller_dose_note_says_why_the_routine_is_short),
		cmocka_unit_test(test_bad_requests_are_invalid),
		cmocka_unit_test(test_one_and_120_minutes_are_allowed),
		cmocka_unit_test(
		    test_plan_to_json_items_carry_dose_time_and_steps),
		cmocka_unit_test(test_plan_to_json_lists_left_out_with_reasons),
		cmocka_unit_test(
		    test_exclusion_table_holds_the_documented_rules),
		cmocka_unit_test(test_no_plan_holds_what_the_answers_exclude),
		cmocka_unit_test(
		    test_exclusions_hold_for_a_persons_own_stretches),
		cmocka_unit_test(
		    test_no_plan_holds_an_exercise_the_answers_exclude),
		cmocka_unit_test(
		    test_empty_plan_from_a_verdict_has_no_items_and_a_note),
		cmocka_unit_test(
		    test_empty_plan_from_desk_or_limits_has_no_items_and_a_note),
		cmocka_unit_test(test_empty_plan_when_no_stretch_has_the_area),
		cmocka_unit_test(test_seven_days_are_not_all_the_same),
		cmocka_unit_test(
		    test_stage_rises_after_six_comfortable_sessions_over_a_week),
		cmocka_unit_test(
		    test_a_month_of_comfortable_sessions_progresses),
		cmocka_unit_test(
		    test_desk_plans_sit_or_stand_for_two_to_five_minutes),
		cmocka_unit_test(test_a_sports_muscles_come_first),
		cmocka_unit_test(
		    test_a_sport_without_a_workout_and_a_bad_stage_are_invalid),
		cmocka_unit_test(
		    test_distinct_exercises_fill_the_time_before_a_round_repeats),
		cmocka_unit_test(
		    test_later_stages_hold_strength_and_control_when_they_fit),
		cmocka_unit_test(
		    test_childs_pose_ends_the_round_whenever_it_is_used),
		cmocka_unit_test(
		    test_a_plans_session_seconds_are_its_sessions_total),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
