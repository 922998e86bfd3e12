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
 *  5. the round is chosen to fit the time: one exercise for each area asked,
 *     the strength and control work the programme's stage calls for, then
 *     as many more distinct exercises as fit, those done longest ago (or a
 *     sport's muscles, after a workout) first; the rest wait for another
 *     day; whole rounds are repeated (at most three, or the dose table's
 *     limit) only when every exercise that fits is already in;
 *  6. the round is put in an order that keeps getting down and up from the
 *     floor to a minimum, and ends resting in child's pose where it is used.
 * See docs/planner.md.
 */
#include <string.h>

#include "i18n.h"
#include "internal.h"
#include "limber/limber.h"
#include "util.h"

#define PLAN_MAX_ROUNDS 3
/* The plan may run this much over or under the minutes asked, in percent. */
#define PLAN_SLACK_PCT 10

/*
 * What a desk allows: sitting in the chair or standing beside it, and
 * nothing that needs the floor or a free wall.
 */
#define DESK_FORBIDDEN \
	((unsigned)(LIMBER_NEED_FLOOR | LIMBER_NEED_KNEELING | \
	    LIMBER_NEED_LYING | LIMBER_NEED_LYING_FRONT | LIMBER_NEED_WALL))
/* A desk break takes this many minutes, whatever was asked. */
#define DESK_MIN_MINUTES 2
#define DESK_MAX_MINUTES 5

/*
 * The share of a round's distinct exercises that strength and motor-control
 * work may take at each stage, as num/den (docs/planner.md).
 */
static const struct {
	int num, den;
} stage_share[] = {
	[LIMBER_STAGE_GENTLE] = { 0, 1 },
	[LIMBER_STAGE_BUILDING] = { 1, 3 },
	[LIMBER_STAGE_STRONGER] = { 1, 2 },
};

struct candidate {
	struct limber_plan_item item;
	int group; /* ordering: 0 upright, 2 floor, 3 lying, 4 kneeling, 5 rest */
	bool upper;
	int64_t ago;	/* seconds since last done; -1: never */
	unsigned sport; /* the muscles it shares with the sport */
	bool picked;
};

static bool
is_work(enum limber_kind k)
{
	return k == LIMBER_KIND_STRENGTH || k == LIMBER_KIND_MOTOR_CONTROL;
}

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

/*
 * A kneeling forward fold (child's pose) is a rest: it ends the round, in
 * whichever version it is done.
 */
static bool
rest_pose(const struct limber_stretch *st)
{
	return (st->needs & LIMBER_NEED_KNEELING) &&
	    (st->moves & LIMBER_MOVE_FORWARD_BEND);
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

/* Two sentences, one after the other. Malloc'd. */
static char *
sentences(const char *a, const char *b)
{
	/* TRANSLATORS: two sentences, one after the other. */
	return xasprintf(_("%s %s"), a, b);
}

/* a, then the sentence b: a freed, NULL for none. Malloc'd. */
static char *
sentence_add(char *a, const char *b)
{
	char *t = a != NULL ? sentences(a, b) : xstrdup(b);

	free(a);
	return t;
}

/* Why a set of needs is not possible today, in words. */
static char *
blocked_needs(unsigned needs, unsigned forbidden, bool desk)
{
	unsigned bad = needs & forbidden;

	if (desk)
		/* TRANSLATORS: why a stretch is left out of today's plan;
		   shown after its name. So are the "needs ..." texts. */
		return xstrdup(_("cannot be done sitting in a chair at a "
				 "desk"));
	if (bad & LIMBER_NEED_KNEELING)
		return xstrdup(_("needs kneeling, which you cannot do today"));
	if (bad & LIMBER_NEED_LYING)
		return xstrdup(_("needs lying on your back, which you cannot "
				 "do today"));
	if (bad & LIMBER_NEED_FLOOR)
		return xstrdup(_("needs getting down to the floor, which you "
				 "cannot do today"));
	return xstrdup(_("needs what you cannot do today"));
}

/* Why a stretch is left out of a plan for another context, per context. */
static const char *const not_suited[LIMBER_CONTEXT_COUNT] = {
	[LIMBER_CONTEXT_GENERAL] = N_("not suited to a general session"),
	[LIMBER_CONTEXT_AFTER_WORKOUT] =
	    N_("not suited to a cool-down after a workout"),
	[LIMBER_CONTEXT_DESK] = N_("not suited to a desk break"),
};

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
	return e ? sentences(_(e->why), _(e->instead)) : NULL;
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
		*why = xstrdup(desk ?
			_("the version your screening answers "
			  "call for cannot be done in a chair at "
			  "a desk") :
			_("the version your screening answers "
			  "call for needs what you cannot do "
			  "today"));
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
		/* TRANSLATORS: as in "Chosen for your neck and upper
		   back." */
		return _("your neck and upper back");
	case LIMBER_AREA_LOWER:
		return _("your lower back");
	default:
		return _("your neck and upper and lower back");
	}
}

static char *
item_why(const struct limber_stretch *st, const struct limber_variant *v,
    const struct limber_screen_rule **changes, size_t nchanges,
    const struct limber_request *req)
{
	const char *summary = limber_stretch_text(st, st->summary);
	char *why;

	if (req->context == LIMBER_CONTEXT_AFTER_WORKOUT)
		/* TRANSLATORS: %s is the stretch's summary (one or more
		   sentences), then whose back it is for: "your lower
		   back". */
		why = xasprintf(_("%s A cool-down for %s."), summary,
		    area_words(st->areas & req->area));
	else if (req->context == LIMBER_CONTEXT_DESK)
		/* TRANSLATORS: as "%s A cool-down for %s." */
		why = xasprintf(_("%s A break at the desk for %s."), summary,
		    area_words(st->areas & req->area));
	else
		/* TRANSLATORS: as "%s A cool-down for %s." */
		why = xasprintf(_("%s Chosen for %s."), summary,
		    area_words(st->areas & req->area));
	if (v != NULL)
		why = sentence_add(why, limber_stretch_text(st, v->why));
	for (size_t i = 0; i < nchanges; i++)
		why = sentence_add(why,
		    limber_stretch_text(st, changes[i]->why));
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
		why = sentence_add(c->why, _(e->why));
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

/*
 * The plan's own seconds and what a session adds around them: an intro
 * before every stretch, a switch before every second side, a rest between
 * one stretch and the next (docs/session.md, "The length of a session").
 * It is what an unpaced session's total_ms comes to, so that the plan and
 * the session give one length.
 */
int
limber_plan_session_seconds(const struct limber_plan *p)
{
	int per_round = 0, n = (int)p->nitems;

	if (n == 0)
		return p->seconds;
	for (size_t i = 0; i < p->nitems; i++)
		per_round += LIMBER_SESSION_INTRO_S +
		    (p->items[i].sides - 1) * LIMBER_SESSION_SWITCH_S;
	return p->seconds + p->rounds * per_round +
	    (p->rounds * n - 1) * LIMBER_SESSION_BETWEEN_S;
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
	free(p->later);
	free(p->note);
	free(p->smaller_dose);
	free(p);
}

/*
 * Which candidate comes first when choosing: the sport's muscles after a
 * workout, then the one done longest ago (never done before all), then the
 * shorter, so more distinct exercises fit, then by id.
 */
static int
cmp_pick(const void *a, const void *b)
{
	const struct candidate *x = *(const struct candidate *const *)a;
	const struct candidate *y = *(const struct candidate *const *)b;

	if ((x->sport != 0) != (y->sport != 0))
		return x->sport != 0 ? -1 : 1;
	if (x->ago != y->ago) {
		if (x->ago < 0 || y->ago < 0)
			return x->ago < 0 ? -1 : 1;
		return x->ago > y->ago ? -1 : 1;
	}
	if (x->item.seconds != y->item.seconds)
		return x->item.seconds - y->item.seconds;
	return strcmp(x->item.stretch->id, y->item.stretch->id);
}

struct fill {
	struct candidate **order; /* every candidate, best first */
	size_t n;
	int hi;	   /* the most seconds a round may take */
	int total; /* seconds picked so far */
	int picked,
	    work; /* distinct exercises picked; of them strength and control */
	int share_num, share_den;
	unsigned moves, muscles; /* what the picked ones move and work */
	unsigned kinds;		 /* 1 << enum limber_kind of each picked */
};

/* Whether c moves or works something the round does not yet. */
static bool
adds_something(const struct fill *f, const struct candidate *c)
{
	const struct limber_stretch *st = c->item.stretch;

	return (st->moves & ~f->moves) != 0 || (st->muscles & ~f->muscles) != 0;
}

/*
 * Pick the best unpicked candidate that fits and matches; false if none.
 * With novel, only one that adds a movement or a muscle to the round.
 */
static bool
pick_first(struct fill *f, unsigned area, int kind, bool forced, bool novel)
{
	for (size_t i = 0; i < f->n; i++) {
		struct candidate *c = f->order[i];
		bool work = is_work(c->item.stretch->kind);

		if (c->picked || f->total + c->item.seconds > f->hi)
			continue;
		if (area != 0 && (c->item.stretch->areas & area) == 0)
			continue;
		if (kind >= 0 &&
		    c->item.stretch->kind != (enum limber_kind)kind)
			continue;
		if (work && f->share_num == 0)
			continue;
		/* The share holds once the forced picks are in. */
		if (work && !forced &&
		    (f->work + 1) * f->share_den >
			(f->picked + 1) * f->share_num)
			continue;
		if (novel && !adds_something(f, c))
			continue;
		c->picked = true;
		f->total += c->item.seconds;
		f->picked++;
		f->work += work;
		f->moves |= c->item.stretch->moves;
		f->muscles |= c->item.stretch->muscles;
		f->kinds |= 1u << c->item.stretch->kind;
		return true;
	}
	return false;
}

static char *
mmss(int s)
{
	return xasprintf("%d:%02d", s / 60, s % 60);
}

static char *
minutes_words(int m)
{
	/* TRANSLATORS: as in "less than the 10 minutes asked". */
	return xasprintf(P_("%d minute", "%d minutes", (unsigned long)m), m);
}

/*
 * Choose the round (see the top of the file): returns its seconds. Those
 * that fit but are not chosen wait for another day (p->later); those that
 * do not fit at all are left out with their length.
 */
static int
choose_round(struct limber_plan *p, struct candidate *cand, size_t ncand,
    int hi, int stage)
{
	struct fill f = { .n = ncand,
		.hi = hi,
		.share_num = stage_share[stage].num,
		.share_den = stage_share[stage].den };
	static const unsigned areas[] = { LIMBER_AREA_UPPER,
		LIMBER_AREA_LOWER };

	f.order = xcalloc(ncand, sizeof *f.order);
	for (size_t i = 0; i < ncand; i++)
		f.order[i] = &cand[i];
	qsort(f.order, ncand, sizeof *f.order, cmp_pick);

	/* One for each area asked, as gentle as the stage allows. */
	for (size_t a = 0; a < 2; a++) {
		if (p->area & areas[a])
			(void)pick_first(&f, areas[a], -1, false, false);
	}
	/*
	 * The work the stage calls for. At the stronger stage an area's pick
	 * may already be one kind of work (the share allows it), so each kind
	 * is asked for only while the round lacks it: one of each.
	 */
	if (stage >= LIMBER_STAGE_STRONGER) {
		if (!(f.kinds & 1u << LIMBER_KIND_STRENGTH))
			(void)pick_first(&f, 0, LIMBER_KIND_STRENGTH, true,
			    false);
		if (!(f.kinds & 1u << LIMBER_KIND_MOTOR_CONTROL))
			(void)pick_first(&f, 0, LIMBER_KIND_MOTOR_CONTROL, true,
			    false);
	} else if (stage >= LIMBER_STAGE_BUILDING && f.work == 0 &&
	    !pick_first(&f, 0, LIMBER_KIND_STRENGTH, true, false))
		(void)pick_first(&f, 0, LIMBER_KIND_MOTOR_CONTROL, true, false);
	/*
	 * Then as many more distinct ones as fit: first those that bring a
	 * movement or a muscle the round lacks, so it is balanced, then any.
	 */
	while (pick_first(&f, 0, -1, false, true))
		;
	while (pick_first(&f, 0, -1, false, false))
		;
	if (f.picked == 0 && ncand > 0) {
		/* Nothing fits: the shortest alone. */
		struct candidate *shortest = &cand[0];

		for (size_t i = 1; i < ncand; i++) {
			if (cand[i].item.seconds < shortest->item.seconds)
				shortest = &cand[i];
		}
		shortest->picked = true;
		f.total = shortest->item.seconds;
	}
	for (size_t i = 0; i < ncand; i++) {
		struct candidate *c = f.order[i];

		if (c->picked)
			continue;
		if (c->item.seconds > hi) {
			char *t = mmss(c->item.seconds),
			     *m = minutes_words(p->minutes);

			left_out_add(p, c->item.stretch->id,
			    /* TRANSLATORS: why a stretch is left out: the
			       minutes asked ("10 minutes"), and its own time
			       ("2:30"). */
			    xasprintf(_("does not fit in %s (it takes %s)"), m,
				t));
			free(t);
			free(m);
		} else {
			p->later = xreallocarray(p->later, p->nlater + 1,
			    sizeof *p->later);
			p->later[p->nlater++] = c->item.stretch->id;
		}
	}
	free(f.order);
	return f.total;
}

/*
 * Go through the round as many times as fit, at most max_rounds; a note
 * says why the plan is shorter or longer than asked.
 */
static void
fit_rounds(struct limber_plan *p, int round, int lo, int hi, int max_rounds)
{
	char *t, *u, *m, *note;

	p->rounds = 1;
	while (p->rounds < max_rounds && (p->rounds + 1) * round <= hi)
		p->rounds++;
	p->seconds = p->rounds * round;
	if (p->seconds >= lo && p->seconds <= hi)
		return;
	/*
	 * The exercises' own time, which is what is fitted to the minutes:
	 * the session adds intros and rests to it (its length, as every
	 * front end shows it, is limber_plan_session_seconds()).
	 */
	t = mmss(p->seconds);
	m = minutes_words(p->minutes);
	if (p->seconds > hi)
		/* TRANSLATORS: the exercises' time ("12:30"), then the
		   minutes asked ("10 minutes"); so in the notes after. */
		note = xasprintf(_("The exercises of the shortest routine "
				   "limber can offer today take %s, more than "
				   "the %s asked."),
		    t, m);
	else if (p->rounds == max_rounds && max_rounds < PLAN_MAX_ROUNDS &&
	    (p->rounds + 1) * round <= hi && p->rounds == 1)
		note = xasprintf(_("This routine's exercises take %s, less "
				   "than the %s asked: with today's smaller "
				   "dose it is gone through only once."),
		    t, m);
	else if (p->rounds == max_rounds && max_rounds < PLAN_MAX_ROUNDS &&
	    (p->rounds + 1) * round <= hi)
		note = xasprintf(_("This routine's exercises take %s, less "
				   "than the %s asked: with today's smaller "
				   "dose it is gone through fewer times."),
		    t, m);
	else if (p->rounds == PLAN_MAX_ROUNDS) {
		u = mmss(round);
		/* TRANSLATORS: the exercises' time, the rounds, one round's
		   time, the minutes asked, and the most rounds there are. */
		note = xasprintf(_("This routine's exercises take %s (%d "
				   "rounds of %s), less than the %s asked: "
				   "limber does not repeat a routine more than "
				   "%d times in one session."),
		    t, p->rounds, u, m, PLAN_MAX_ROUNDS);
		free(u);
	} else
		note = xasprintf(_("This routine's exercises take %s, less "
				   "than the %s asked: one more round would "
				   "run over."),
		    t, m);
	free(t);
	free(m);
	p->note = sentence_add(p->note, note);
	free(note);
}

/* Seconds since the journal last saw st done; -1: never. */
static int64_t
last_done(const struct limber_request *req, const char *id)
{
	for (size_t i = 0; i < req->nrecent; i++) {
		if (req->recent[i].stretch != NULL &&
		    strcmp(req->recent[i].stretch, id) == 0)
			return req->recent[i].ago_s < 0 ?
			    0 :
			    req->recent[i].ago_s;
	}
	return -1;
}

/* The muscles in words: "the calves and the backs of the thighs". */
static char *
muscles_words(unsigned m)
{
	char *w = NULL, *t;
	int n = __builtin_popcount(m), k = 0;

	for (int i = 0; i < LIMBER_MUSCLE_COUNT; i++) {
		const char *x;

		if (!(m & (1u << i)))
			continue;
		x = limber_muscle_words((enum limber_muscle)(1u << i));
		k++;
		t = w == NULL ?
		    xstrdup(x) :
		    /* TRANSLATORS: a list of muscles, "the calves, the hips";
		       the last joined by "%s and %s". */
		    k == n ? xasprintf(_("%s and %s"), w, x) :
			     xasprintf(_("%s, %s"), w, x);
		free(w);
		w = t;
	}
	return w;
}

/* Add to an item's why what chose it today (docs/planner.md, "Variety"). */
static void
why_chosen(struct candidate *c, const struct limber_request *req, int stage)
{
	struct limber_plan_item *it = &c->item;
	bool strength = it->stretch->kind == LIMBER_KIND_STRENGTH;
	bool stronger = stage >= LIMBER_STAGE_STRONGER;
	char *add = NULL, *t;

	if (c->sport != 0) {
		char *m = muscles_words(c->sport);

		/* TRANSLATORS: the sport ("running"), then its muscles ("the
		   calves and the hips"). */
		add = xasprintf(_("Muscles used in %s: %s."),
		    limber_sport_words(req->sport), m);
		free(m);
	}
	if (is_work(it->stretch->kind)) {
		if (strength && stronger)
			t = xstrdup(_("Strength work: your sessions have gone "
				      "well, so the plan now builds strength "
				      "and control."));
		else if (strength)
			t = xstrdup(_("Strength work: your sessions have gone "
				      "well, so the plan now builds "
				      "strength."));
		else if (stronger)
			t = xstrdup(_("Control work: your sessions have gone "
				      "well, so the plan now builds strength "
				      "and control."));
		else
			t = xstrdup(_("Control work: your sessions have gone "
				      "well, so the plan now builds "
				      "strength."));
		add = sentence_add(add, t);
		free(t);
	}
	if (req->nrecent > 0) {
		int days = c->ago < 0 ? -1 : (int)(c->ago / 86400);

		if (days < 0)
			t = xstrdup(_("New to you."));
		else if (days == 0)
			t = xstrdup(_("Last done within the past day."));
		else
			t = xasprintf(P_("Last done %d day ago.",
					  "Last done %d days ago.",
					  (unsigned long)days),
			    days);
		add = sentence_add(add, t);
		free(t);
	}
	if (add == NULL)
		return;
	it->why = sentence_add(it->why, add);
	free(add);
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
	int target, round;
	bool desk;

	*out = NULL;
	if (req->area == 0 || (req->area & ~(unsigned)LIMBER_AREA_BOTH) != 0 ||
	    req->minutes < 1 || req->minutes > 120 ||
	    (unsigned)req->context >= LIMBER_CONTEXT_COUNT ||
	    (unsigned)req->sport >= LIMBER_SPORT_COUNT || req->stage < 0 ||
	    req->stage > LIMBER_STAGE_STRONGER) {
		if (cause != NULL)
			*cause = xstrdup(_("a plan needs an area (upper, "
					   "lower or both), 1 to 120 minutes, "
					   "a known context and sport, and a "
					   "stage of 1 to 3"));
		return LIMBER_ERR_INVALID;
	}
	if (req->sport != LIMBER_SPORT_NONE &&
	    req->context != LIMBER_CONTEXT_AFTER_WORKOUT) {
		if (cause != NULL)
			*cause = xstrdup(_("a sport is for a workout's "
					   "cool-down: the workout context"));
		return LIMBER_ERR_INVALID;
	}
	if (req->verdict != NULL &&
	    !limber_level_allows_session(req->verdict->level)) {
		if (cause != NULL)
			/* TRANSLATORS: %s is the verdict's name in the
			   program's JSON ("see-clinician", "urgent"). */
			*cause = xasprintf(_("the screening verdict is %s: no "
					     "stretching routine until that "
					     "is dealt with"),
			    limber_level_name(req->verdict->level));
		return LIMBER_ERR_BLOCKED;
	}

	p = xcalloc(1, sizeof *p);
	p->context = req->context;
	p->area = req->area;
	p->minutes = req->minutes;
	p->level = req->verdict ? req->verdict->level : LIMBER_LEVEL_GO;
	p->sport = req->sport;
	p->stage = req->stage == 0 ? LIMBER_STAGE_GENTLE : req->stage;
	desk = req->context == LIMBER_CONTEXT_DESK;
	if (desk &&
	    (p->minutes < DESK_MIN_MINUTES || p->minutes > DESK_MAX_MINUTES)) {
		p->minutes = p->minutes < DESK_MIN_MINUTES ?
		    DESK_MIN_MINUTES :
		    DESK_MAX_MINUTES;
		p->note = xasprintf(_("A break at the desk takes %d to %d "
				      "minutes, so this one is planned for "
				      "%d."),
		    DESK_MIN_MINUTES, DESK_MAX_MINUTES, p->minutes);
	}
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
			left_out_add(p, st->id,
			    xstrdup(_(not_suited[req->context])));
			continue;
		}
		if (is_work(st->kind) && stage_share[p->stage].num == 0) {
			left_out_add(p, st->id,
			    xasprintf(st->kind == LIMBER_KIND_STRENGTH ?
				    /* TRANSLATORS: %d is how many comfortable
				       sessions come first. */
				    _("strength work comes later: the plan "
				      "starts with gentle movement and "
				      "stretches, and adds it after %d "
				      "comfortable sessions over a week") :
				    _("control work comes later: the plan "
				      "starts with gentle movement and "
				      "stretches, and adds it after %d "
				      "comfortable sessions over a week"),
				LIMBER_STAGE_SESSIONS));
			continue;
		}
		changes = xcalloc(st->nscreening, sizeof *changes);
		leave = screen_rules_apply(st, yes, nyes, changes, &nchanges);
		if (leave != NULL) {
			left_out_add(p, st->id,
			    xstrdup(limber_stretch_text(st, leave->why)));
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
			cand[ncand].ago = last_done(req, st->id);
			cand[ncand].sport = st->muscles &
			    limber_sport_muscles(req->sport);
			/*
			 * Ordered by how it is done today, except that a
			 * kneeling rest pose (child's pose) ends the round in
			 * whichever version it is done.
			 */
			cand[ncand].group = rest_pose(st) ?
			    5 :
			    position_group(v ? v->needs : st->needs);
			cand[ncand].upper = (st->areas & LIMBER_AREA_UPPER) != 0;
			ncand++;
		}
		free(changes);
	}
	free(yes);
	p->smaller_dose = cut.why;
	if (ncand == 0) {
		free(p->note);
		p->note = xstrdup(p->nleft_out ?
			_("No stretch fits today's answers and limits; each "
			  "one left out says why.") :
			_("The catalog has no stretch for this area."));
		free(cand);
		*out = p;
		return LIMBER_OK;
	}
	target = p->minutes * 60;
	round = choose_round(p, cand, ncand,
	    target + target * PLAN_SLACK_PCT / 100, p->stage);
	qsort(cand, ncand, sizeof *cand, cmp_candidate);
	p->items = xcalloc(ncand, sizeof *p->items);
	for (size_t i = 0; i < ncand; i++) {
		if (cand[i].picked) {
			why_chosen(&cand[i], req, p->stage);
			p->items[p->nitems++] = cand[i].item;
		} else
			item_release(&cand[i].item);
	}
	free(cand);
	fit_rounds(p, round, target - target * PLAN_SLACK_PCT / 100,
	    target + target * PLAN_SLACK_PCT / 100, cut.max_rounds);
	*out = p;
	return LIMBER_OK;
}
