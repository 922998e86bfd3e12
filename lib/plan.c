/*
 * plan.c - a request (where it hurts, how long, where, what the body can do
 * today, the screening verdict) to a routine.
 *
 * The steps, in order:
 *  1. a verdict that does not allow a session blocks the plan;
 *  2. stretches are chosen by area and context;
 *  3. for each, screening rules and body limits pick the stretch as written
 *     or one of its variants, or leave it out, always with a reason;
 *  4. each takes its starting dose: the planner never invents a dose; a
 *     caution answer in the dose table (limber_dose_cuts) makes it smaller,
 *     within the catalog's ranges;
 *  5. the round is put in an order that keeps getting down and up from the
 *     floor to a minimum, and ends resting in child's pose where it is used;
 *  6. the round is fitted to the time: stretches are left out when it is too
 *     long, whole rounds repeated (at most three, or the dose table's limit)
 *     when it is short.
 * See docs/planner.md.
 */
#include <string.h>

#include "internal.h"
#include "limber/limber.h"
#include "util.h"

#define PLAN_MAX_ROUNDS 3
/* The plan may run this much over or under the minutes asked, in percent. */
#define PLAN_SLACK_PCT 10

/* What a desk allows: a chair, and nothing that needs the floor or a wall. */
#define DESK_FORBIDDEN \
	((unsigned)(LIMBER_NEED_FLOOR | LIMBER_NEED_KNEELING | \
	    LIMBER_NEED_LYING | LIMBER_NEED_LYING_FRONT | \
	    LIMBER_NEED_STANDING | LIMBER_NEED_WALL))

struct candidate {
	struct limber_plan_item item;
	int group;	/* ordering: 0 upright, 2 floor, 3 lying, 4 kneeling */
	bool upper;
};

static int
position_group(unsigned needs)
{
	if (needs & LIMBER_NEED_KNEELING)
		return 4;
	if (needs & (LIMBER_NEED_LYING | LIMBER_NEED_LYING_FRONT))
		return 3;
	if (needs & LIMBER_NEED_FLOOR)
		return 2;
	return 0;
}

static int
cmp_candidate(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->group != y->group)
		return x->group - y->group;
	if (x->upper != y->upper)
		return x->upper ? -1 : 1;
	return strcmp(x->item.stretch->id, y->item.stretch->id);
}

/* Why a set of needs is not possible today, in words. */
static char *
blocked_needs(unsigned needs, unsigned forbidden, bool desk)
{
	unsigned bad = needs & forbidden;

	if (desk)
		return xstrdup("cannot be done sitting in a chair at a desk");
	if (bad & LIMBER_NEED_KNEELING)
		return xstrdup("needs kneeling, which you cannot do today");
	if (bad & LIMBER_NEED_LYING)
		return xstrdup("needs lying on your back, which you cannot do "
		    "today");
	if (bad & LIMBER_NEED_FLOOR)
		return xstrdup("needs getting down to the floor, which you "
		    "cannot do today");
	return xstrdup("needs what you cannot do today");
}

static void
left_out_add(struct limber_plan *p, const char *stretch, char *why)
{
	p->left_out = xreallocarray(p->left_out, p->nleft_out + 1,
	    sizeof *p->left_out);
	p->left_out[p->nleft_out].stretch = xstrdup(stretch);
	p->left_out[p->nleft_out].why = why;
	p->nleft_out++;
}

/* What the answers' exclusion table entries forbid, with the body limits. */
struct forbid {
	unsigned needs; /* body limits, the desk and the table's needs */
	const char *const *yes; /* the answers, for limber_exclusions */
	size_t nyes;
};

static bool
version_ok(const struct forbid *f, unsigned needs, unsigned moves,
    bool moves_known)
{
	return (needs & f->needs) == 0 &&
	    limber_exclusion_blocking(f->yes, f->nyes, needs, moves,
		moves_known) == NULL;
}

static bool
variant_allowed(const struct limber_variant *v, const struct forbid *f)
{
	return version_ok(f, v->needs, v->moves, v->moves_known);
}

/*
 * When the exclusion table is what rules out a stretch, its why and what to
 * do instead; NULL when only body limits do.
 */
static char *
excluded_why(const struct limber_stretch *st, const struct forbid *f)
{
	const struct limber_exclusion *e = limber_exclusion_blocking(f->yes,
	    f->nyes, st->needs, st->moves, st->moves_known);

	for (size_t i = 0; e == NULL && i < st->nvariants; i++)
		e = limber_exclusion_blocking(f->yes, f->nyes,
		    st->variants[i].needs, st->variants[i].moves,
		    st->variants[i].moves_known);
	return e ? xasprintf("%s %s", e->why, e->instead) : NULL;
}

/* Whether a change rule allows variant id; one that names none allows any. */
static bool
rule_allows(const struct limber_screen_rule *r, const char *id)
{
	if (r->nvariants == 0)
		return true;
	for (size_t i = 0; i < r->nvariants; i++) {
		if (strcmp(r->variants[i], id) == 0)
			return true;
	}
	return false;
}

/*
 * Choose how to do one stretch. Returns false with *why set when it must be
 * left out. A change rule that names variants restricts the choice to them,
 * in its order of preference; every such rule must allow the choice.
 */
static bool
choose(const struct limber_stretch *st,
    const struct limber_screen_rule **changes, size_t nchanges,
    const struct forbid *f, bool desk, const struct limber_variant **out,
    char **why)
{
	const struct limber_screen_rule *lead = NULL;

	*out = NULL;
	for (size_t i = 0; i < nchanges; i++) {
		if (changes[i]->nvariants > 0) {
			lead = changes[i];
			break;
		}
	}
	if (lead != NULL) {
		for (size_t i = 0; i < lead->nvariants; i++) {
			const struct limber_variant *v =
			    limber_stretch_variant(st, lead->variants[i]);
			bool ok = v != NULL && variant_allowed(v, f);

			for (size_t j = 0; ok && j < nchanges; j++) {
				if (!rule_allows(changes[j], v->id))
					ok = false;
			}
			if (ok) {
				*out = v;
				return true;
			}
		}
		if ((*why = excluded_why(st, f)) != NULL)
			return false;
		*why = xstrdup(desk ? "the version your screening answers call "
		    "for cannot be done in a chair at a desk" : "the version your "
		    "screening answers call for needs what you cannot do today");
		return false;
	}
	if (version_ok(f, st->needs, st->moves, st->moves_known))
		return true;
	for (size_t i = 0; i < st->nvariants; i++) {
		if (variant_allowed(&st->variants[i], f)) {
			*out = &st->variants[i];
			return true;
		}
	}
	if ((*why = excluded_why(st, f)) != NULL)
		return false;
	*why = blocked_needs(st->needs, f->needs, desk);
	return false;
}

static const char *
area_words(unsigned areas)
{
	switch (areas & LIMBER_AREA_BOTH) {
	case LIMBER_AREA_UPPER:
		return "your neck and upper back";
	case LIMBER_AREA_LOWER:
		return "your lower back";
	default:
		return "your neck and upper and lower back";
	}
}

static char *
item_why(const struct limber_stretch *st, const struct limber_variant *v,
    const struct limber_screen_rule **changes, size_t nchanges,
    const struct limber_request *req)
{
	char *why, *next;

	if (req->context == LIMBER_CONTEXT_AFTER_WORKOUT)
		why = xasprintf("%s A cool-down for %s.", st->summary,
		    area_words(st->areas & req->area));
	else if (req->context == LIMBER_CONTEXT_DESK)
		why = xasprintf("%s A break at the desk for %s.", st->summary,
		    area_words(st->areas & req->area));
	else
		why = xasprintf("%s Chosen for %s.", st->summary,
		    area_words(st->areas & req->area));
	if (v != NULL) {
		next = xasprintf("%s %s", why, v->why);
		free(why);
		why = next;
	}
	for (size_t i = 0; i < nchanges; i++) {
		next = xasprintf("%s %s", why, changes[i]->why);
		free(why);
		why = next;
	}
	return why;
}

/* What the dose table asks of today's plan (docs/safety.md). */
struct cut {
	int fewer_reps;
	bool shortest_hold;
	int max_rounds;
	char *why; /* the entries' reasons, joined; NULL: no cut */
};

static void
cut_for(const char *const *yes, size_t nyes, struct cut *c)
{
	*c = (struct cut){ .max_rounds = PLAN_MAX_ROUNDS };
	for (const struct limber_dose_cut *e = limber_dose_cuts();
	     e->question != NULL; e++) {
		char *why;

		if (!screen_said_yes(yes, nyes, e->question))
			continue;
		/* Several answers: the smallest dose of them all. */
		if (e->fewer_reps > c->fewer_reps)
			c->fewer_reps = e->fewer_reps;
		c->shortest_hold = c->shortest_hold || e->shortest_hold;
		if (e->max_rounds >= 1 && e->max_rounds < c->max_rounds)
			c->max_rounds = e->max_rounds;
		why = c->why ? xasprintf("%s %s", c->why, e->why) :
			       xstrdup(e->why);
		free(c->why);
		c->why = why;
	}
}

/* The journal's repetitions for a stretch, within the catalog's range. */
static int
start_reps(const struct limber_stretch *st, const struct limber_request *req)
{
	for (size_t i = 0; i < req->ndoses; i++) {
		const struct limber_dose *d = &req->doses[i];

		if (d->stretch == NULL || strcmp(d->stretch, st->id) != 0)
			continue;
		if (d->reps < st->reps.min)
			return st->reps.min;
		if (d->reps > st->reps.max)
			return st->reps.max;
		return d->reps;
	}
	return st->reps.start;
}

static int
item_seconds(const struct limber_plan_item *it)
{
	const struct limber_step *steps = it->variant ? it->variant->steps :
	    it->stretch->steps;
	size_t n = it->variant ? it->variant->nsteps : it->stretch->nsteps;
	int sets = it->sides * it->reps;

	return sets * limber_steps_seconds(steps, n, it->hold_s) +
	    (sets - 1) * it->rest_s;
}

static void
item_release(struct limber_plan_item *it)
{
	free(it->why);
}

void
limber_plan_free(struct limber_plan *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nitems; i++)
		item_release(&p->items[i]);
	free(p->items);
	for (size_t i = 0; i < p->nleft_out; i++) {
		free(p->left_out[i].stretch);
		free(p->left_out[i].why);
	}
	free(p->left_out);
	free(p->note);
	free(p->smaller_dose);
	free(p);
}

static char *
mmss(int s)
{
	return xasprintf("%d:%02d", s / 60, s % 60);
}

/*
 * Which stretches to keep when the round is too long: the set that covers
 * the most of the areas asked, then fills the most time without running
 * over; then the one with more stretches. A round has few stretches, so
 * every set is tried; past PLAN_MAX_SEARCH the longest are left out one by
 * one instead. Returns a bit mask of the items to keep.
 */
#define PLAN_MAX_SEARCH 12

static unsigned long
best_subset(const struct limber_plan *p, int hi)
{
	unsigned long best = 0, all = (1ul << p->nitems) - 1;
	int best_cover = -1, best_total = -1, best_n = -1;

	for (unsigned long m = 1; m <= all; m++) {
		int total = 0, cover, n = 0;
		unsigned areas = 0;

		for (size_t i = 0; i < p->nitems; i++) {
			if (m & (1ul << i)) {
				total += p->items[i].seconds;
				areas |= p->items[i].stretch->areas & p->area;
				n++;
			}
		}
		if (total > hi)
			continue;
		cover = __builtin_popcount(areas);
		if (cover > best_cover || (cover == best_cover &&
		    (total > best_total || (total == best_total &&
		    n > best_n)))) {
			best = m;
			best_cover = cover;
			best_total = total;
			best_n = n;
		}
	}
	if (best == 0) {
		/* Nothing fits: keep the shortest stretch alone. */
		size_t shortest = 0;

		for (size_t i = 1; i < p->nitems; i++) {
			if (p->items[i].seconds < p->items[shortest].seconds)
				shortest = i;
		}
		best = 1ul << shortest;
	}
	return best;
}

static void
drop_item(struct limber_plan *p, size_t i)
{
	char *t = mmss(p->items[i].seconds);

	left_out_add(p, p->items[i].stretch->id, xasprintf("does not fit in "
	    "%d minute%s (it takes %s)", p->minutes, p->minutes == 1 ? "" :
	    "s", t));
	free(t);
	item_release(&p->items[i]);
	memmove(&p->items[i], &p->items[i + 1],
	    (p->nitems - i - 1) * sizeof *p->items);
	p->nitems--;
}

/*
 * Fit the round to the time asked, going through it at most max_rounds
 * times; see the top of the file.
 */
static void
fit_time(struct limber_plan *p, int max_rounds)
{
	int target = p->minutes * 60;
	int hi = target + target * PLAN_SLACK_PCT / 100;
	int lo = target - target * PLAN_SLACK_PCT / 100;
	int round = 0;
	char *t, *u;

	while (p->nitems > PLAN_MAX_SEARCH) {
		size_t longest = 0;

		for (size_t i = 1; i < p->nitems; i++) {
			if (p->items[i].seconds >= p->items[longest].seconds)
				longest = i;
		}
		drop_item(p, longest);
	}
	for (size_t i = 0; i < p->nitems; i++)
		round += p->items[i].seconds;
	if (round > hi) {
		unsigned long keep = best_subset(p, hi);

		for (size_t i = p->nitems; i-- > 0;) {
			if (!(keep & (1ul << i)))
				drop_item(p, i);
		}
		round = 0;
		for (size_t i = 0; i < p->nitems; i++)
			round += p->items[i].seconds;
	}
	p->rounds = 1;
	while (p->rounds < max_rounds && (p->rounds + 1) * round <= hi)
		p->rounds++;
	p->seconds = p->rounds * round;
	if (p->seconds >= lo && p->seconds <= hi)
		return;
	t = mmss(p->seconds);
	if (p->seconds > hi)
		p->note = xasprintf("The shortest routine limber can offer "
		    "today takes %s, more than the %d minute%s asked.", t,
		    p->minutes, p->minutes == 1 ? "" : "s");
	else if (p->rounds == max_rounds && max_rounds < PLAN_MAX_ROUNDS &&
	    (p->rounds + 1) * round <= hi)
		p->note = xasprintf(
		    "This routine takes %s, less than the %d "
		    "minute%s asked: with today's smaller dose it is gone "
		    "through %s.",
		    t, p->minutes, p->minutes == 1 ? "" : "s",
		    p->rounds == 1 ? "only once" : "fewer times");
	else if (p->rounds == PLAN_MAX_ROUNDS) {
		u = mmss(round);
		p->note = xasprintf("This routine takes %s (%d rounds of %s), "
		    "less than the %d minutes asked: limber does not repeat a "
		    "routine more than %d times in one session.", t, p->rounds,
		    u, p->minutes, PLAN_MAX_ROUNDS);
		free(u);
	} else
		p->note = xasprintf(
		    "This routine takes %s, less than the %d "
		    "minute%s asked: one more round would run over.",
		    t, p->minutes, p->minutes == 1 ? "" : "s");
	free(t);
}

enum limber_status
limber_plan_build(const struct limber_catalog *cat,
    const struct limber_request *req, struct limber_plan **out, char **cause)
{
	const char **yes = NULL;
	size_t nyes = 0, ncand = 0;
	struct candidate *cand;
	struct limber_plan *p;
	unsigned table_needs, table_moves;
	struct forbid forbid;
	struct cut cut;
	bool desk;

	*out = NULL;
	if (req->area == 0 || (req->area & ~(unsigned)LIMBER_AREA_BOTH) != 0 ||
	    req->minutes < 1 || req->minutes > 120 ||
	    (unsigned)req->context >= LIMBER_CONTEXT_COUNT) {
		if (cause != NULL)
			*cause = xstrdup("a plan needs an area (upper, lower or "
			    "both), 1 to 120 minutes and a known context");
		return LIMBER_ERR_INVALID;
	}
	if (req->verdict != NULL &&
	    !limber_level_allows_session(req->verdict->level)) {
		if (cause != NULL)
			*cause = xasprintf("the screening verdict is %s: no "
			    "stretching routine until that is dealt with",
			    limber_level_name(req->verdict->level));
		return LIMBER_ERR_BLOCKED;
	}

	p = xcalloc(1, sizeof *p);
	p->context = req->context;
	p->area = req->area;
	p->minutes = req->minutes;
	p->level = req->verdict ? req->verdict->level : LIMBER_LEVEL_GO;
	desk = req->context == LIMBER_CONTEXT_DESK;
	if (req->verdict != NULL) {
		yes = xcalloc(req->verdict->nreasons, sizeof *yes);
		for (size_t i = 0; i < req->verdict->nreasons; i++)
			yes[nyes++] = req->verdict->reasons[i].id;
	}
	cut_for(yes, nyes, &cut);
	/* The exclusion table's needs join the body limits (docs/safety.md). */
	limber_exclusions_for(yes, nyes, &table_needs, &table_moves);
	forbid = (struct forbid){
		.needs = req->limits | (desk ? DESK_FORBIDDEN : 0) |
		    table_needs,
		.yes = yes,
		.nyes = nyes,
	};

	cand = xcalloc(cat->n, sizeof *cand);
	for (size_t i = 0; i < cat->n; i++) {
		const struct limber_stretch *st = cat->stretches[i];
		const struct limber_screen_rule **changes, *leave;
		const struct limber_variant *v;
		struct limber_plan_item *it;
		size_t nchanges;
		char *why = NULL;

		if ((st->areas & req->area) == 0)
			continue;
		if ((st->contexts & (1u << req->context)) == 0) {
			left_out_add(p, st->id, xasprintf("not suited to the "
			    "%s context", limber_context_name(req->context)));
			continue;
		}
		changes = xcalloc(st->nscreening, sizeof *changes);
		leave = screen_rules_apply(st, yes, nyes, changes, &nchanges);
		if (leave != NULL) {
			left_out_add(p, st->id, xstrdup(leave->why));
		} else if (!choose(st, changes, nchanges, &forbid, desk, &v,
			       &why)) {
			left_out_add(p, st->id, why);
		} else {
			it = &cand[ncand].item;
			it->stretch = st;
			it->variant = v;
			it->sides = st->sides ? 2 : 1;
			it->reps = start_reps(st, req) - cut.fewer_reps;
			if (it->reps < st->reps.min)
				it->reps = st->reps.min;
			it->hold_s = cut.shortest_hold ?
			    st->hold_s.min :
			    st->hold_s.start;
			it->rest_s = st->rest_s.start;
			it->seconds = item_seconds(it);
			it->why = item_why(st, v, changes, nchanges, req);
			/*
			 * Ordered by how it is done today, except that a
			 * kneeling rest pose (child's pose) ends the round in
			 * whichever version it is done.
			 */
			cand[ncand].group = position_group(st->needs) == 4 ?
			    4 : position_group(v ? v->needs : st->needs);
			cand[ncand].upper = (st->areas & LIMBER_AREA_UPPER) != 0;
			ncand++;
		}
		free(changes);
	}
	free(yes);
	qsort(cand, ncand, sizeof *cand, cmp_candidate);
	p->items = xcalloc(ncand, sizeof *p->items);
	for (size_t i = 0; i < ncand; i++)
		p->items[p->nitems++] = cand[i].item;
	free(cand);

	if (p->nitems == 0) {
		p->note = xstrdup(p->nleft_out ? "No stretch fits today's "
		    "answers and limits; each one left out says why." :
		    "The catalog has no stretch for this area.");
		free(cut.why);
		*out = p;
		return LIMBER_OK;
	}
	p->smaller_dose = cut.why;
	fit_time(p, cut.max_rounds);
	*out = p;
	return LIMBER_OK;
}
