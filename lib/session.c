/*
 * session.c - the guided session: a state machine that plays a plan out in
 * time and applies the stop rules of docs/safety.md.
 *
 * The session is a position in the plan (phase, round, item, side,
 * repetition, step) and the time its timed phase ends. next_pos() is the
 * one place that knows the order of phases; the timeline, the total planned
 * time, what a skip leaves out and "what comes next" are all walks over it,
 * so they cannot disagree. Time only moves forward: the session keeps the
 * latest now_ms it has seen, and a pause moves the end of the current phase
 * later by as long as it lasted. Each phase starts at the time the one
 * before it ended, not at the time tick() was called, so a late tick (a
 * suspended laptop) replays the phases it missed with their own times.
 *
 * Cues are queued with malloc'd texts and handed out in batches; a batch
 * lives until the next batch is taken. See docs/session.md.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "limber/limber.h"
#include "limber/session.h"
#include "i18n.h"
#include "util.h"

#define MS_PER_S 1000
/* Limits that keep every time sum far from overflow. */
#define MAX_PHASE_S 3600
#define MAX_REPS 100

/* What a rest leads to. */
enum rest_kind {
	REST_NONE,
	REST_REP,	/* the next repetition on the same side */
	REST_SIDE,	/* then SWITCH to the other side */
	REST_ITEM,	/* the next stretch */
};

/*
 * A place in the session. round, side and rep count from 1 and are 0 when
 * they do not apply; item and step are indices, -1 when they do not apply.
 */
struct pos {
	enum limber_phase phase;
	int round, item, side, rep, step;
	enum rest_kind rest;
};

struct cue_queue {
	struct limber_cue *v;
	size_t n, cap;
};

struct limber_session {
	const struct limber_plan *plan;
	struct pos pos;
	bool paused;
	int64_t now;		/* the latest time seen */
	int64_t phase_end;	/* a timed phase's end, pauses included */
	int64_t phase_ms;	/* its length, as paced (phase_len unpaced) */
	int64_t paused_at;
	int next_count;		/* in a hold: the next countdown, 0 for none */
	int64_t done_ms;	/* planned time of the phases gone through */
	int64_t total_ms;
	struct limber_session_pace pace; /* sound_ms NULL: unpaced */
	int64_t voice_free; /* paced: when the words said so far end */
	char *text, *next;
	char **checklist;
	const char **checklist_lang; /* each item's cue's language */
	size_t nchecklist;
	struct cue_queue pending, handed;
	int pain_before, pain_last, pain_after;
	bool open_item;		/* items[nitems - 1] is under way */
	struct limber_session_item *items;
	size_t nitems;
	struct limber_pain_score *pains;
	size_t npains;
	char *advice;
	struct limber_session_result result;
};

/* ------------------------------------------------------------------ */
/* Names.                                                              */

static const char *const phase_names[LIMBER_PHASE_COUNT] = {
	"prepare", "intro", "step", "hold", "switch", "rest", "checkin",
	"done", "stopped",
};
static const char *const input_names[LIMBER_INPUT_COUNT] = {
	"ready", "pause", "resume", "skip", "stop", "warning", "pain",
	"interrupt",
};
static const char *const warning_names[LIMBER_WARNING_COUNT] = {
	"unspecified", "sharp-pain", "numbness", "dizziness",
};
static const char *const reason_names[LIMBER_STOP_COUNT] = {
	"none", "user", "warning", "pain-rise", "pain-high", "interrupted",
};
static const char *const pain_kind_names[LIMBER_PAIN_KIND_COUNT] = {
	"before", "during", "after",
};
static const char *const outcome_names[LIMBER_OUTCOME_COUNT] = {
	"running", "done", "stopped",
};
static const char *const feel_names[LIMBER_FEEL_COUNT] = {
	"unknown", "comfortable", "worse",
};
static const char *const cue_kind_names[LIMBER_CUE_KIND_COUNT] = {
	"checklist", "intro", "step", "hold-start", "countdown", "hold-end",
	"switch", "rest", "next", "checkin", "paused", "resumed", "skipped",
	"stretch-done", "pain", "stopped", "done",
};

#define NAME_OF(table, v, count) \
	((unsigned)(v) < (unsigned)(count) ? (table)[(v)] : NULL)

const char *
limber_phase_name(enum limber_phase phase)
{
	return NAME_OF(phase_names, phase, LIMBER_PHASE_COUNT);
}

bool
limber_phase_timed(enum limber_phase phase)
{
	return phase >= LIMBER_PHASE_INTRO && phase <= LIMBER_PHASE_REST;
}

const char *
limber_input_name(enum limber_input input)
{
	return NAME_OF(input_names, input, LIMBER_INPUT_COUNT);
}

const char *
limber_warning_name(enum limber_warning warning)
{
	return NAME_OF(warning_names, warning, LIMBER_WARNING_COUNT);
}

const char *
limber_stop_reason_name(enum limber_stop_reason reason)
{
	return NAME_OF(reason_names, reason, LIMBER_STOP_COUNT);
}

const char *
limber_pain_kind_name(enum limber_pain_kind kind)
{
	return NAME_OF(pain_kind_names, kind, LIMBER_PAIN_KIND_COUNT);
}

const char *
limber_outcome_name(enum limber_outcome outcome)
{
	return NAME_OF(outcome_names, outcome, LIMBER_OUTCOME_COUNT);
}

const char *
limber_feel_name(enum limber_feel feel)
{
	return NAME_OF(feel_names, feel, LIMBER_FEEL_COUNT);
}

const char *
limber_cue_kind_name(enum limber_cue_kind kind)
{
	return NAME_OF(cue_kind_names, kind, LIMBER_CUE_KIND_COUNT);
}

/* ------------------------------------------------------------------ */
/* The plan, as the session reads it.                                  */

static const struct limber_plan_item *
plan_item(const struct limber_session *s, int item)
{
	return &s->plan->items[item];
}

static const struct limber_step *
item_steps(const struct limber_plan_item *it, size_t *n)
{
	if (it->variant != NULL) {
		*n = it->variant->nsteps;
		return it->variant->steps;
	}
	*n = it->stretch->nsteps;
	return it->stretch->steps;
}

/* The item's name, in the calling thread's language. */
static const char *
item_name(const struct limber_plan_item *it)
{
	return limber_stretch_text(it->stretch,
	    it->variant != NULL ? it->variant->name : it->stretch->name);
}

/* A step's words, in the calling thread's language. */
static const char *
step_text(const struct limber_plan_item *it, const struct limber_step *step)
{
	return limber_stretch_text(it->stretch, step->text);
}

static unsigned
item_needs(const struct limber_plan_item *it)
{
	return it->variant != NULL ? it->variant->needs : it->stretch->needs;
}

const char *
limber_session_area_words(const struct limber_plan *plan)
{
	/* Both areas, or none named, are the whole back. */
	if (plan->area == LIMBER_AREA_UPPER || plan->area == LIMBER_AREA_LOWER)
		return limber_area_words((enum limber_area)plan->area);
	/* TRANSLATORS: the whole back, neck to low back, as in "How much
	   does it hurt in your back now?" */
	return C_("body", "back");
}

static bool
is_last_item(const struct limber_session *s, const struct pos *p)
{
	return p->round == s->plan->rounds &&
	    p->item == (int)s->plan->nitems - 1;
}

static int64_t
phase_len(const struct limber_session *s, const struct pos *p)
{
	const struct limber_plan_item *it;
	const struct limber_step *steps;
	size_t n;

	switch (p->phase) {
	case LIMBER_PHASE_INTRO:
		return LIMBER_SESSION_INTRO_S * MS_PER_S;
	case LIMBER_PHASE_SWITCH:
		return LIMBER_SESSION_SWITCH_S * MS_PER_S;
	case LIMBER_PHASE_STEP:
		steps = item_steps(plan_item(s, p->item), &n);
		return (int64_t)steps[p->step].seconds * MS_PER_S;
	case LIMBER_PHASE_HOLD:
		return (int64_t)plan_item(s, p->item)->hold_s * MS_PER_S;
	case LIMBER_PHASE_REST:
		if (p->rest == REST_ITEM)
			return LIMBER_SESSION_BETWEEN_S * MS_PER_S;
		it = plan_item(s, p->item);
		return (int64_t)it->rest_s * MS_PER_S;
	default:
		return 0;
	}
}

static struct pos
at_item(enum limber_phase phase, int round, int item)
{
	struct pos p = {
		.phase = phase, .round = round, .item = item, .step = -1,
		.rest = REST_NONE,
	};

	return p;
}

static struct pos
first_step(const struct limber_session *s, const struct pos *p, int side,
    int rep)
{
	size_t n;
	const struct limber_step *steps = item_steps(plan_item(s, p->item), &n);
	struct pos q = at_item(steps[0].hold ? LIMBER_PHASE_HOLD :
	    LIMBER_PHASE_STEP, p->round, p->item);

	q.side = side;
	q.rep = rep;
	q.step = 0;
	return q;
}

/* The place after p: the whole order of a session is here. */
static struct pos
next_pos(const struct limber_session *s, const struct pos *p)
{
	const struct limber_plan_item *it;
	const struct limber_step *steps;
	struct pos q;
	size_t n;

	switch (p->phase) {
	case LIMBER_PHASE_PREPARE:
		return at_item(LIMBER_PHASE_INTRO, 1, 0);
	case LIMBER_PHASE_INTRO:
		return first_step(s, p, 1, 1);
	case LIMBER_PHASE_STEP:
	case LIMBER_PHASE_HOLD:
		it = plan_item(s, p->item);
		steps = item_steps(it, &n);
		if ((size_t)p->step + 1 < n) {
			q = *p;
			q.step++;
			q.phase = steps[q.step].hold ? LIMBER_PHASE_HOLD :
			    LIMBER_PHASE_STEP;
			return q;
		}
		if (p->rep < it->reps || p->side < it->sides) {
			if (it->rest_s > 0) {
				q = at_item(LIMBER_PHASE_REST, p->round,
				    p->item);
				q.side = p->side;
				q.rep = p->rep;
				q.rest = p->rep < it->reps ? REST_REP :
				    REST_SIDE;
				return q;
			}
			if (p->rep < it->reps)
				return first_step(s, p, p->side, p->rep + 1);
			q = at_item(LIMBER_PHASE_SWITCH, p->round, p->item);
			q.side = p->side + 1;
			return q;
		}
		return at_item(LIMBER_PHASE_CHECKIN, p->round, p->item);
	case LIMBER_PHASE_REST:
		if (p->rest == REST_REP)
			return first_step(s, p, p->side, p->rep + 1);
		if (p->rest == REST_SIDE) {
			q = at_item(LIMBER_PHASE_SWITCH, p->round, p->item);
			q.side = p->side + 1;
			return q;
		}
		if ((size_t)p->item + 1 < s->plan->nitems)
			return at_item(LIMBER_PHASE_INTRO, p->round,
			    p->item + 1);
		return at_item(LIMBER_PHASE_INTRO, p->round + 1, 0);
	case LIMBER_PHASE_SWITCH:
		return first_step(s, p, p->side, 1);
	case LIMBER_PHASE_CHECKIN:
		if (is_last_item(s, p))
			return at_item(LIMBER_PHASE_DONE, p->round, p->item);
		q = at_item(LIMBER_PHASE_REST, p->round, p->item);
		q.rest = REST_ITEM;
		return q;
	default:
		return *p;
	}
}

/* Planned time from the start of p up to (not including) the phase stop. */
static int64_t
planned_until(const struct limber_session *s, struct pos p,
    enum limber_phase stop)
{
	int64_t ms = 0;

	while (p.phase != stop && p.phase != LIMBER_PHASE_DONE) {
		ms += phase_len(s, &p);
		p = next_pos(s, &p);
	}
	return ms;
}

/* Countdowns: docs/session.md, "Countdowns". */
static bool
is_countdown(int hold_s, int left)
{
	if (left < 1 || left >= hold_s)
		return false;
	if (hold_s >= 10)
		return left % 5 == 0 || left <= 5;
	return left <= 3;
}

static int
countdown_below(int hold_s, int left)
{
	while (--left >= 1) {
		if (is_countdown(hold_s, left))
			return left;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Texts.                                                              */

/*
 * The language of a cue's words: this thread's, or English when a lookup
 * made for them since `since` (i18n_misses() before they were made) found
 * no translation and gave the English, so that the voice never reads
 * English words with a foreign voice. Tags live as long as the program.
 */
static const char *
words_lang(unsigned long since)
{
	return i18n_misses() != since ? "en" : i18n_lang_tag(i18n_current());
}

/* Words said in more than one place: as a cue, and ahead of it. */
static char *
hold_end_text(void)
{
	/* TRANSLATORS: said as a hold ends: come out of the stretch. */
	return xstrdup(_("And ease off."));
}

static char *
resumed_text(void)
{
	/* TRANSLATORS: said when a paused session goes on. */
	return xstrdup(_("Carrying on."));
}

static char *
times_words(int n, bool sides)
{
	if (sides) {
		if (n == 1)
			return xstrdup(_("Once on each side."));
		if (n == 2)
			return xstrdup(_("Twice on each side."));
		/* TRANSLATORS: how many times a stretch is done; n >= 3. */
		return xasprintf(P_("%d time on each side.",
				     "%d times on each side.",
				     (unsigned long)n),
		    n);
	}
	if (n == 1)
		return xstrdup(_("Once."));
	if (n == 2)
		return xstrdup(_("Twice."));
	/* TRANSLATORS: how many times a stretch is done; n >= 3. */
	return xasprintf(P_("%d time.", "%d times.", (unsigned long)n), n);
}

static char *
intro_text(const struct limber_session *s, const struct pos *p)
{
	const struct limber_plan_item *it = plan_item(s, p->item);
	char *times = times_words(it->reps, it->sides == 2), *text;

	/*
	 * The name and how many times, no more: said at 175 words a minute
	 * it fits LIMBER_SESSION_INTRO_S with time to get into place, so a
	 * paced session does not grow here. What the stretch is for is in
	 * the plan and on the stretch's page (tests/cli/test_catalog_fit.py).
	 */
	if (s->plan->rounds > 1 && p->item == 0)
		/* TRANSLATORS: a stretch begins: the round, of how many, the
		   stretch's name, and how many times ("Twice on each
		   side."). */
		text = xasprintf(_("Round %d of %d. %s. %s"), p->round,
		    s->plan->rounds, item_name(it), times);
	else
		/* TRANSLATORS: a stretch begins: its name, and how many
		   times ("Twice on each side."). */
		text = xasprintf(_("%s. %s"), item_name(it), times);
	free(times);
	return text;
}

/* "Next: ..." for the place p leads to; NULL when nothing follows. */
static char *
next_text(const struct limber_session *s, const struct pos *p)
{
	struct pos q;
	const struct limber_plan_item *it;
	const struct limber_step *steps;
	size_t n;

	if (p->phase == LIMBER_PHASE_DONE || p->phase == LIMBER_PHASE_STOPPED)
		return NULL;
	q = next_pos(s, p);
	/* From a check-in, the short rest is not worth naming. */
	if (q.phase == LIMBER_PHASE_REST && q.rest == REST_ITEM)
		q = next_pos(s, &q);
	switch (q.phase) {
	case LIMBER_PHASE_INTRO:
		it = plan_item(s, q.item);
		if (q.round > 1 && q.item == 0)
			/* TRANSLATORS: the round, of how many, and the name
			   of its first stretch. */
			return xasprintf(_("Next: round %d of %d, starting "
					   "with %s."),
			    q.round, s->plan->rounds, item_name(it));
		/* TRANSLATORS: %s is a stretch's name. */
		return xasprintf(_("Next: %s."), item_name(it));
	case LIMBER_PHASE_STEP:
	case LIMBER_PHASE_HOLD:
		it = plan_item(s, q.item);
		if (q.step == 0 && q.rep > 1)
			return xasprintf(_("Next: repetition %d of %d."), q.rep,
			    it->reps);
		if (q.step == 0 && q.side > 1)
			return xstrdup(_("Next: the same on the other side."));
		steps = item_steps(it, &n);
		/* TRANSLATORS: %s is a step's words, a whole sentence. */
		return xasprintf(_("Next: %s"), step_text(it, &steps[q.step]));
	case LIMBER_PHASE_SWITCH:
		return xstrdup(_("Next: the other side."));
	case LIMBER_PHASE_REST:
		return xstrdup(_("Next: a short rest."));
	case LIMBER_PHASE_CHECKIN:
		/* TRANSLATORS: %s is where it hurts: "lower back", "neck and
		   upper back" or "back". */
		return xasprintf(_("Next: a quick check on your %s."),
		    limber_session_area_words(s->plan));
	case LIMBER_PHASE_DONE:
		return xstrdup(_("Next: the end of the session."));
	default:
		return NULL;
	}
}

static char *
countdown_text(int left)
{
	if (left > 5)
		/* TRANSLATORS: the seconds left in a hold; more than 5. */
		return xasprintf(P_("%d second to go.", "%d seconds to go.",
				     (unsigned long)left),
		    left);
	/* TRANSLATORS: the last seconds of a hold, counted: "3." */
	return xasprintf(_("%d."), left);
}

static const char *
warning_first_aid(enum limber_warning w)
{
	switch (w) {
	case LIMBER_WARNING_DIZZINESS:
		return _("Stop now. Sit or lie down where you cannot fall, and "
			 "keep your head still until the dizziness passes.");
	case LIMBER_WARNING_NUMBNESS:
		return _("Stop now. Come out of the stretch slowly and rest in "
			 "a position that feels easy.");
	default:
		return _("Stop now. Come out of the stretch slowly, without "
			 "any sudden movement, and rest in a position that "
			 "feels easy.");
	}
}

char *
limber_warning_stop_text(enum limber_warning w)
{
	/* TRANSLATORS: safety advice after sharp pain, numbness or
	   dizziness; %s is what to do first ("Stop now. ..."). */
	return xasprintf(_("%s Do not carry on with the routine today. If it "
			   "does not settle with rest, see a doctor or "
			   "physiotherapist before you stretch again. If it "
			   "is severe, or comes with weakness, numbness "
			   "between your legs, or trouble controlling your "
			   "bladder or bowels, get help now: call your local "
			   "emergency number."),
	    warning_first_aid(w));
}

static char *
stop_text(const struct limber_session *s, enum limber_stop_reason reason,
    enum limber_warning w)
{
	switch (reason) {
	case LIMBER_STOP_WARNING:
		return limber_warning_stop_text(w);
	case LIMBER_STOP_PAIN_HIGH:
		/* TRANSLATORS: a stop rule: the score, the top of the scale,
		   and the highest score a session goes on at. */
		return xasprintf(_("Your pain is %d out of %d. Above %d is "
				   "more than stretching should cause, so the "
				   "session stops here. Rest, and next time "
				   "take a smaller dose. If it has not settled "
				   "by tomorrow, see a doctor or "
				   "physiotherapist before you stretch "
				   "again."),
		    s->pain_last, LIMBER_PAIN_MAX, LIMBER_PAIN_STOP_ABOVE);
	case LIMBER_STOP_PAIN_RISE:
		/* TRANSLATORS: a stop rule: the score, the top of the scale,
		   the score before the session, and the rise that stops
		   it. */
		return xasprintf(_("Your pain is %d out of %d, up from %d when "
				   "you started. A rise of %d or more means "
				   "the session stops here. Rest, and next "
				   "time take a smaller dose. If it has not "
				   "settled by tomorrow, see a doctor or "
				   "physiotherapist before you stretch "
				   "again."),
		    s->pain_last, LIMBER_PAIN_MAX, s->pain_before,
		    LIMBER_PAIN_STOP_RISE);
	case LIMBER_STOP_INTERRUPTED:
		return xstrdup(_("The session ended before the routine was "
				 "finished."));
	default:
		/*
		 * Chosen, not forced by pain: nothing to treat, so no advice
		 * to rest (docs/session.md, "Stop rules").
		 */
		return xstrdup(_("You stopped the session, and that is fine. "
				 "The routine will be here another time."));
	}
}

static char *
done_text(const struct limber_session *s, enum limber_feel feel)
{
	enum limber_stop_reason rule = limber_session_stop_rule(s->pain_before,
	    s->pain_last);

	/* A final score the stop rules would stop on gets their advice. */
	if (s->pain_after >= 0 && rule != LIMBER_STOP_NONE) {
		char *stop = stop_text(s, rule, LIMBER_WARNING_UNSPECIFIED);
		/* TRANSLATORS: %s is the stop rule's advice ("Your pain is
		   7 out of 10. ..."). */
		char *text = xasprintf(_("That is the end of the routine. %s "
					 "Do not stretch again today."),
		    stop);

		free(stop);
		return text;
	}
	if (feel == LIMBER_FEEL_WORSE)
		/* TRANSLATORS: the score at the end, the top of the scale,
		   and the score before. */
		return xasprintf(_("That is the end of the routine. Your pain "
				   "is %d out of %d, higher than the %d you "
				   "started with. Rest today, and next time "
				   "take a smaller dose, with fewer "
				   "repetitions. If it has not settled by "
				   "tomorrow, see a doctor or "
				   "physiotherapist."),
		    s->pain_last, LIMBER_PAIN_MAX, s->pain_before);
	if (feel == LIMBER_FEEL_COMFORTABLE)
		return xstrdup(_("That is the end of the routine, and your "
				 "pain is no higher than when you started. "
				 "Well done."));
	/* TRANSLATORS: %s is where it hurts: "lower back", "neck and upper
	   back" or "back". */
	return xasprintf(_("That is the end of the routine. Notice how it "
			   "feels in your %s later today and tomorrow."),
	    limber_session_area_words(s->plan));
}

/* ------------------------------------------------------------------ */
/* Pace: docs/session.md, "A paced session".                           */

/* A cue with sound waits for the voice, then keeps it busy. */
static void
voice_take(struct limber_session *s, struct limber_cue *c)
{
	int64_t ms;

	if (s->pace.sound_ms == NULL)
		return;
	ms = s->pace.sound_ms(s->pace.ctx, c);
	if (ms <= 0)
		return;
	/* A count keeps its time: "three" means three seconds left. */
	if (c->kind != LIMBER_CUE_COUNTDOWN && c->at_ms < s->voice_free)
		c->at_ms = s->voice_free;
	s->voice_free = (c->at_ms > s->voice_free ? c->at_ms : s->voice_free) +
	    ms;
}

/* The front end stops what it is saying (pause, skip, stop, warning). */
static void
voice_cut(struct limber_session *s)
{
	if (s->voice_free > s->now)
		s->voice_free = s->now;
}

/*
 * The timed phase lasts until its words end, and LIMBER_SESSION_MOVE_MS
 * more; a hold's next count comes LIMBER_SESSION_COUNT_GAP_MS after them.
 * The phase, and with it the session, grows by what is missing.
 */
static void
pace_fit(struct limber_session *s)
{
	int64_t need;

	if (s->pace.sound_ms == NULL || !limber_phase_timed(s->pos.phase))
		return;
	need = s->voice_free + LIMBER_SESSION_MOVE_MS;
	if (s->pos.phase == LIMBER_PHASE_HOLD)
		need = s->voice_free + LIMBER_SESSION_COUNT_GAP_MS +
		    (int64_t)s->next_count * MS_PER_S;
	if (need <= s->phase_end)
		return;
	s->phase_ms += need - s->phase_end;
	s->total_ms += need - s->phase_end;
	s->phase_end = need;
}

/* ------------------------------------------------------------------ */
/* Cues.                                                               */

/*
 * Append a cue of this kind, time and words (owned by the queue), in the
 * language lang (words_lang()), to q. Who it belongs to (item, step,
 * side) is the caller's to fill in.
 */
static struct limber_cue *
queue_push(struct cue_queue *q, enum limber_cue_kind kind, int64_t at,
    char *text, const char *lang)
{
	struct limber_cue *c;

	if (q->n == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 16;
		q->v = xreallocarray(q->v, q->cap, sizeof *q->v);
	}
	c = &q->v[q->n++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->at_ms = at;
	c->text = text;
	c->lang = lang;
	c->item = -1;
	c->step = -1;
	c->pain = -1;
	c->reason = LIMBER_STOP_NONE;
	return c;
}

static struct limber_cue *
cue_add_lang(struct limber_session *s, enum limber_cue_kind kind, int64_t at,
    char *text, const char *lang)
{
	struct limber_cue *c = queue_push(&s->pending, kind, at, text, lang);

	c->item = s->pos.item;
	c->step = s->pos.step;
	c->round = s->pos.round;
	c->rep = s->pos.rep;
	c->side = s->pos.side;
	voice_take(s, c);
	return c;
}

/*
 * A cue whose words were made since `since`, i18n_misses() before them:
 * read here, once its text argument has been made.
 */
static struct limber_cue *
cue_add(struct limber_session *s, enum limber_cue_kind kind, int64_t at,
    char *text, unsigned long since)
{
	return cue_add_lang(s, kind, at, text, words_lang(since));
}

static void
queue_release(struct cue_queue *q)
{
	for (size_t i = 0; i < q->n; i++)
		free((char *)q->v[i].text);
	q->n = 0;
}

/* ------------------------------------------------------------------ */
/* The record.                                                         */

static void
result_sync(struct limber_session *s)
{
	s->result.items = s->items;
	s->result.nitems = s->nitems;
	s->result.pains = s->pains;
	s->result.npains = s->npains;
	s->result.advice = s->advice;
}

static struct limber_session_item *
current_item(struct limber_session *s)
{
	return s->open_item ? &s->items[s->nitems - 1] : NULL;
}

static void
item_begin(struct limber_session *s, const struct pos *p)
{
	const struct limber_plan_item *it = plan_item(s, p->item);
	struct limber_session_item *r;

	s->items = xreallocarray(s->items, s->nitems + 1, sizeof *s->items);
	r = &s->items[s->nitems++];
	memset(r, 0, sizeof *r);
	r->item = p->item;
	r->round = p->round;
	r->stretch = it->stretch->id;
	r->variant = it->variant ? it->variant->id : NULL;
	r->reps = it->reps;
	r->sides = it->sides;
	s->open_item = true;
	result_sync(s);
}

static char *
item_done_text(const struct limber_plan_item *it, bool skipped)
{
	if (skipped)
		/* TRANSLATORS: %s is a stretch's name. */
		return xasprintf(_("%s: skipped."), item_name(it));
	/* TRANSLATORS: %s is a stretch's name. */
	return xasprintf(_("%s: finished."), item_name(it));
}

/* The item's last repetition has been done, or the rest was skipped. */
static void
item_finish(struct limber_session *s, int64_t at, bool skipped)
{
	struct limber_session_item *r = current_item(s);
	struct limber_cue *c;
	unsigned long since = i18n_misses();

	if (r == NULL)
		return;
	r->skipped = skipped;
	s->open_item = false;
	c = cue_add(s, LIMBER_CUE_STRETCH_DONE, at,
	    item_done_text(plan_item(s, r->item), skipped), since);
	c->reps_done = r->reps_done;
	c->sides_done = r->sides_done;
	c->skipped = skipped;
}

/* text: the PAIN cue's words, made since `since` (cue_add()). */
static void
pain_record(struct limber_session *s, enum limber_pain_kind kind, int value,
    int64_t at, char *text, unsigned long since)
{
	struct limber_pain_score *p;
	struct limber_cue *c;

	s->pains = xreallocarray(s->pains, s->npains + 1, sizeof *s->pains);
	p = &s->pains[s->npains++];
	p->kind = kind;
	p->value = value;
	p->at_ms = at;
	p->item = kind == LIMBER_PAIN_BEFORE ? -1 : s->pos.item;
	p->round = kind == LIMBER_PAIN_BEFORE ? 0 : s->pos.round;
	s->pain_last = value;
	if (kind == LIMBER_PAIN_AFTER)
		s->pain_after = value;
	result_sync(s);
	c = cue_add(s, LIMBER_CUE_PAIN, at, text, since);
	c->pain = value;
	c->pain_kind = kind;
}

static enum limber_feel
feel_now(const struct limber_session *s)
{
	if (s->pain_after >= 0)
		return s->pain_after > s->pain_before ? LIMBER_FEEL_WORSE :
		    LIMBER_FEEL_COMFORTABLE;
	if (s->npains > 1 && s->pain_last > s->pain_before)
		return LIMBER_FEEL_WORSE;
	return LIMBER_FEEL_UNKNOWN;
}

/* ------------------------------------------------------------------ */
/* Moving through the phases.                                          */

static void
set_texts(struct limber_session *s, char *text, char *next)
{
	free(s->text);
	free(s->next);
	s->text = text;
	s->next = next;
}

/* A cue's kind and words, before it is made, and their language. */
struct said {
	enum limber_cue_kind kind;
	char *text;
	const char *lang;
};

/*
 * The words phase p begins with: its cue, and for a rest between stretches
 * what comes next. Written once for enter() and limber_session_coming(),
 * so that what a front end makes ahead is what is then said.
 */
static size_t
phase_words(const struct limber_session *s, const struct pos *p,
    struct said out[2])
{
	const struct limber_plan_item *it = p->item >= 0 ?
	    plan_item(s, p->item) :
	    NULL;
	const struct limber_step *steps;
	unsigned long since = i18n_misses();
	size_t n;

	switch (p->phase) {
	case LIMBER_PHASE_INTRO:
		out[0] = (struct said){ LIMBER_CUE_INTRO, intro_text(s, p),
			NULL };
		break;
	case LIMBER_PHASE_STEP:
	case LIMBER_PHASE_HOLD:
		steps = item_steps(it, &n);
		out[0].kind = p->phase == LIMBER_PHASE_HOLD ?
		    LIMBER_CUE_HOLD_START :
		    LIMBER_CUE_STEP;
		/*
		 * The other side is named as it comes (SWITCH); heard without
		 * a screen, the first needs its name too.
		 */
		if (it->sides == 2 && p->side == 1 && p->rep == 1 &&
		    p->step == 0)
			/* TRANSLATORS: %s is the first step's words, a whole
			   sentence. */
			out[0].text = xasprintf(_("First side. %s"),
			    step_text(it, &steps[p->step]));
		else
			out[0].text = xstrdup(step_text(it, &steps[p->step]));
		break;
	case LIMBER_PHASE_SWITCH:
		out[0] = (struct said){ LIMBER_CUE_SWITCH,
			xstrdup(_("Change sides, and do the same again on "
				  "your other side.")),
			NULL };
		break;
	case LIMBER_PHASE_REST:
		/*
		 * No number of seconds: a paced rest lasts until its words
		 * end and LIMBER_SESSION_MOVE_MS more, so "10 seconds" could
		 * be untrue; the screen counts the rest down. Short, so that
		 * a rest of a few seconds between repetitions is a rest.
		 */
		out[0] = (struct said){ LIMBER_CUE_REST,
			xstrdup(p->rest == REST_ITEM ?
				_("Well done. Rest, and breathe easily.") :
				_("Rest.")),
			NULL };
		out[0].lang = words_lang(since);
		/*
		 * What comes is said only between stretches: a rest of a few
		 * seconds between repetitions or sides has no room for it (the
		 * screen shows it), and the step or switch after it says it.
		 */
		if (p->rest != REST_ITEM)
			return 1;
		since = i18n_misses();
		out[1] = (struct said){ LIMBER_CUE_NEXT, next_text(s, p),
			NULL };
		out[1].lang = words_lang(since);
		return 2;
	case LIMBER_PHASE_CHECKIN:
		out[0].kind = LIMBER_CUE_CHECKIN;
		if (is_last_item(s, p))
			/* TRANSLATORS: %s is where it hurts: "lower back",
			   "neck and upper back" or "back"; then the ends of
			   the pain scale. */
			out[0].text = xasprintf(_("That was the last stretch. "
						  "How much does it hurt in "
						  "your %s now, from %d (not "
						  "at all) to %d (the worst "
						  "you can imagine)?"),
			    limber_session_area_words(s->plan), LIMBER_PAIN_MIN,
			    LIMBER_PAIN_MAX);
		else
			/* TRANSLATORS: %s is where it hurts: "lower back",
			   "neck and upper back" or "back"; then the ends of
			   the pain scale. */
			out[0].text = xasprintf(_("How much does it hurt in "
						  "your %s now, from %d (not "
						  "at all) to %d (the worst "
						  "you can imagine)?"),
			    limber_session_area_words(s->plan), LIMBER_PAIN_MIN,
			    LIMBER_PAIN_MAX);
		break;
	default:
		return 0;
	}
	out[0].lang = words_lang(since);
	return 1;
}

static void
enter(struct limber_session *s, struct pos p, int64_t at)
{
	const struct limber_plan_item *it = p.item >= 0 ?
	    plan_item(s, p.item) :
	    NULL;
	struct limber_cue *c;
	struct said w[2];
	int64_t len;
	size_t n, first = s->pending.n;

	s->pos = p;
	len = phase_len(s, &p);
	s->phase_end = at + len;
	s->phase_ms = len;
	s->next_count = 0;
	if (p.phase == LIMBER_PHASE_INTRO)
		item_begin(s, &p);
	n = phase_words(s, &p, w);
	if (n == 0)
		return;
	set_texts(s, w[0].text, next_text(s, &p));
	c = cue_add_lang(s, w[0].kind, at, xstrdup(s->text), w[0].lang);
	switch (p.phase) {
	case LIMBER_PHASE_INTRO:
		c->seconds = LIMBER_SESSION_INTRO_S;
		break;
	case LIMBER_PHASE_SWITCH:
		c->seconds = LIMBER_SESSION_SWITCH_S;
		break;
	case LIMBER_PHASE_STEP:
	case LIMBER_PHASE_REST:
		c->seconds = (int)(len / MS_PER_S);
		break;
	case LIMBER_PHASE_HOLD:
		c->seconds = (int)(len / MS_PER_S);
		s->next_count = countdown_below(it->hold_s, it->hold_s);
		break;
	default:
		break;
	}
	if (n == 2)
		cue_add_lang(s, w[1].kind, at, w[1].text, w[1].lang);
	/* Paced: the phase's cue says how long it now lasts. */
	if (s->pace.sound_ms != NULL && limber_phase_timed(p.phase)) {
		pace_fit(s);
		s->pending.v[first].seconds =
		    (int)((s->phase_ms + MS_PER_S - 1) / MS_PER_S);
	}
}

/* The current timed phase has run its course at time at. */
static void
leave(struct limber_session *s, int64_t at)
{
	const struct pos cur = s->pos;
	const struct limber_plan_item *it = plan_item(s, cur.item);
	struct limber_session_item *r = current_item(s);
	struct pos nx = next_pos(s, &cur);
	size_t n;
	unsigned long since = i18n_misses();

	s->done_ms += s->phase_ms;
	if (cur.phase == LIMBER_PHASE_HOLD)
		cue_add(s, LIMBER_CUE_HOLD_END, at, hold_end_text(), since);
	item_steps(it, &n);
	if ((cur.phase == LIMBER_PHASE_STEP || cur.phase == LIMBER_PHASE_HOLD)
	    && (size_t)cur.step + 1 == n && r != NULL) {
		if (cur.side == 1)
			r->reps_done = cur.rep;
		if (cur.rep == it->reps)
			r->sides_done = cur.side;
	}
	if (nx.phase == LIMBER_PHASE_CHECKIN)
		item_finish(s, at, false);
	enter(s, nx, at);
}

/* End the session: DONE or STOPPED. */
static void
finish(struct limber_session *s, enum limber_stop_reason reason,
    enum limber_warning w, int64_t at)
{
	struct limber_session_item *r = current_item(s);
	enum limber_feel feel = feel_now(s);
	struct limber_cue *c;
	unsigned long since = i18n_misses();

	if (r != NULL)
		r->stopped = true;
	s->open_item = false;
	s->paused = false;
	s->advice = reason == LIMBER_STOP_NONE ? done_text(s, feel) :
	    stop_text(s, reason, w);
	s->result.outcome = reason == LIMBER_STOP_NONE ?
	    LIMBER_OUTCOME_DONE : LIMBER_OUTCOME_STOPPED;
	s->result.reason = reason;
	s->result.warning = w;
	s->result.feel = feel;
	s->result.ended_ms = at;
	result_sync(s);
	s->pos.phase = reason == LIMBER_STOP_NONE ? LIMBER_PHASE_DONE :
	    LIMBER_PHASE_STOPPED;
	set_texts(s, xstrdup(s->advice), NULL);
	c = cue_add(s,
	    reason == LIMBER_STOP_NONE ? LIMBER_CUE_DONE : LIMBER_CUE_STOPPED,
	    at, xstrdup(s->advice), since);
	c->reason = reason;
}

/* ------------------------------------------------------------------ */
/* The public functions.                                               */

static char *
check_item(const struct limber_plan_item *it, size_t i)
{
	const struct limber_step *steps;
	size_t n;

	if (it->stretch == NULL)
		return xasprintf("plan item %zu has no stretch", i + 1);
	steps = item_steps(it, &n);
	if (n == 0)
		return xasprintf("plan item %zu (%s) has no steps", i + 1,
		    it->stretch->id);
	if (it->sides != 1 && it->sides != 2)
		return xasprintf("plan item %zu (%s): sides must be 1 or 2, "
		    "not %d", i + 1, it->stretch->id, it->sides);
	if (it->reps < 1 || it->reps > MAX_REPS)
		return xasprintf("plan item %zu (%s): reps must be 1 to %d, "
		    "not %d", i + 1, it->stretch->id, MAX_REPS, it->reps);
	if (it->hold_s < 1 || it->hold_s > MAX_PHASE_S)
		return xasprintf("plan item %zu (%s): hold_s must be 1 to %d "
		    "seconds, not %d", i + 1, it->stretch->id, MAX_PHASE_S,
		    it->hold_s);
	if (it->rest_s < 0 || it->rest_s > MAX_PHASE_S)
		return xasprintf("plan item %zu (%s): rest_s must be 0 to %d "
		    "seconds, not %d", i + 1, it->stretch->id, MAX_PHASE_S,
		    it->rest_s);
	for (size_t k = 0; k < n; k++) {
		if (steps[k].text == NULL)
			return xasprintf("plan item %zu (%s): step %zu has no "
			    "text", i + 1, it->stretch->id, k + 1);
		if (!steps[k].hold && (steps[k].seconds < 1 ||
		    steps[k].seconds > MAX_PHASE_S))
			return xasprintf("plan item %zu (%s): step %zu must "
			    "last 1 to %d seconds, not %d", i + 1,
			    it->stretch->id, k + 1, MAX_PHASE_S,
			    steps[k].seconds);
	}
	return NULL;
}

/* An item of the checklist, its words made since `since` (cue_add()). */
static void
checklist_add(struct limber_session *s, const char *text, unsigned long since)
{
	s->checklist = xreallocarray(s->checklist, s->nchecklist + 1,
	    sizeof *s->checklist);
	s->checklist_lang = xreallocarray(s->checklist_lang, s->nchecklist + 1,
	    sizeof *s->checklist_lang);
	s->checklist[s->nchecklist] = xstrdup(text);
	s->checklist_lang[s->nchecklist++] = words_lang(since);
}

/* What the room needs, from what the plan's items need. */
static void
checklist_build(struct limber_session *s)
{
	const unsigned lying = LIMBER_NEED_LYING | LIMBER_NEED_LYING_FRONT;
	unsigned needs = 0;
	unsigned long since;
	char *text, *more;

	for (size_t i = 0; i < s->plan->nitems; i++)
		needs |= item_needs(&s->plan->items[i]);
	/* Floor space as big as the largest thing done on it. */
	since = i18n_misses();
	if (needs & lying)
		checklist_add(s,
		    _("Clear a patch of floor big enough to lie down on, and "
		      "lay a mat or rug on it."),
		    since);
	else if (needs & LIMBER_NEED_KNEELING)
		checklist_add(s,
		    _("Clear a patch of floor to kneel on, with a mat or "
		      "folded blanket under your knees."),
		    since);
	else if (needs & LIMBER_NEED_FLOOR)
		checklist_add(s,
		    _("Clear a patch of floor big enough to sit on with your "
		      "legs out, and lay a mat or rug on it."),
		    since);
	since = i18n_misses();
	if (needs & LIMBER_NEED_CHAIR)
		checklist_add(s,
		    _("Set out a sturdy chair without wheels, where it cannot "
		      "slide."),
		    since);
	since = i18n_misses();
	if (needs & LIMBER_NEED_WALL)
		checklist_add(s,
		    _("Find a bare stretch of wall you can stand with your "
		      "back against."),
		    since);
	since = i18n_misses();
	checklist_add(s,
	    _("Move anything you might trip over, and anything that could "
	      "be knocked down onto you."),
	    since);
	/* The stop rules come before any stretching, in every front end. */
	since = i18n_misses();
	checklist_add(s, limber_stop_rules_text(), since);
	/* TRANSLATORS: the first words of the checklist read before a
	   session; its items follow. */
	text = xstrdup(_("Get your space ready."));
	for (size_t i = 0; i < s->nchecklist; i++) {
		/* TRANSLATORS: two sentences, one after the other. */
		more = xasprintf(_("%s %s"), text, s->checklist[i]);
		free(text);
		text = more;
	}
	/* TRANSLATORS: the checklist so far, then its last sentence. */
	more = xasprintf(_("%s Then start when you are ready."), text);
	free(text);
	set_texts(s, more, next_text(s, &s->pos));
}

enum limber_status
limber_session_new(const struct limber_plan *plan, int pain_before,
    int64_t now_ms, struct limber_session **out, char **cause)
{
	return limber_session_new_paced(plan, pain_before, now_ms, NULL, out,
	    cause);
}

enum limber_status
limber_session_new_paced(const struct limber_plan *plan, int pain_before,
    int64_t now_ms, const struct limber_session_pace *pace,
    struct limber_session **out, char **cause)
{
	struct limber_session *s;
	char *err = NULL;
	unsigned long since;

	*out = NULL;
	if (plan == NULL || plan->nitems == 0 || plan->items == NULL)
		err = xstrdup(_("the plan has no stretches, so there is no "
				"session to guide"));
	else if (plan->rounds < 1 || plan->rounds > MAX_REPS)
		err = xasprintf("the plan's rounds must be 1 to %d, not %d",
		    MAX_REPS, plan->rounds);
	else if (pain_before < LIMBER_PAIN_MIN || pain_before > LIMBER_PAIN_MAX)
		err = xasprintf(_("a pain score is a whole number from %d to "
				  "%d, not %d"),
		    LIMBER_PAIN_MIN, LIMBER_PAIN_MAX, pain_before);
	for (size_t i = 0; err == NULL && i < plan->nitems; i++)
		err = check_item(&plan->items[i], i);
	if (err != NULL) {
		if (cause != NULL)
			*cause = err;
		else
			free(err);
		return LIMBER_ERR_INVALID;
	}
	if (pain_before >= LIMBER_SEVERE_PAIN) {
		if (cause != NULL)
			/* TRANSLATORS: the score before, and the top of the
			   scale. */
			*cause = xasprintf(_("pain of %d out of %d is too "
					     "much to start stretching: see a "
					     "doctor or physiotherapist "
					     "first"),
			    pain_before, LIMBER_PAIN_MAX);
		return LIMBER_ERR_BLOCKED;
	}

	s = xcalloc(1, sizeof *s);
	s->plan = plan;
	s->pos = at_item(LIMBER_PHASE_PREPARE, 0, -1);
	s->now = now_ms;
	if (pace != NULL)
		s->pace = *pace;
	s->voice_free = now_ms;
	if (s->pace.sound_ms != NULL && s->pace.lead_ms > 0)
		s->voice_free += s->pace.lead_ms;
	s->pain_before = pain_before;
	s->pain_last = pain_before;
	s->pain_after = -1;
	s->total_ms = planned_until(s, s->pos, LIMBER_PHASE_DONE);
	s->result.outcome = LIMBER_OUTCOME_RUNNING;
	s->result.created_ms = now_ms;
	s->result.started_ms = -1;
	s->result.ended_ms = -1;
	since = i18n_misses();
	pain_record(s, LIMBER_PAIN_BEFORE, pain_before, now_ms,
	    /* TRANSLATORS: the pain score given before the session, and the
	       top of the scale. */
	    xasprintf(_("Pain before you start: %d out of %d."), pain_before,
		LIMBER_PAIN_MAX),
	    since);
	checklist_build(s);
	for (size_t i = 0; i < s->nchecklist; i++)
		cue_add_lang(s, LIMBER_CUE_CHECKLIST, now_ms,
		    xstrdup(s->checklist[i]), s->checklist_lang[i]);
	*out = s;
	return LIMBER_OK;
}

void
limber_session_free(struct limber_session *s)
{
	if (s == NULL)
		return;
	queue_release(&s->pending);
	queue_release(&s->handed);
	free(s->pending.v);
	free(s->handed.v);
	for (size_t i = 0; i < s->nchecklist; i++)
		free(s->checklist[i]);
	free(s->checklist);
	free(s->checklist_lang);
	free(s->text);
	free(s->next);
	free(s->items);
	free(s->pains);
	free(s->advice);
	free(s);
}

int64_t
limber_session_deadline(const struct limber_session *s)
{
	int64_t t;

	if (s->paused || !limber_phase_timed(s->pos.phase))
		return INT64_MAX;
	t = s->phase_end;
	if (s->next_count > 0)
		t -= (int64_t)s->next_count * MS_PER_S;
	return t;
}

static void
coming_phase(const struct limber_session *s, const struct pos *p, int64_t at,
    struct cue_queue *q)
{
	struct said w[2];
	size_t n = phase_words(s, p, w);

	for (size_t i = 0; i < n; i++)
		(void)queue_push(q, w[i].kind, at, w[i].text, w[i].lang);
}

size_t
limber_session_coming(const struct limber_session *s, struct limber_cue **out)
{
	struct cue_queue q = { NULL, 0, 0 };
	const struct pos *p = &s->pos;
	struct limber_session t;
	struct pos nx;
	unsigned long since = i18n_misses();
	char *text;

	*out = NULL;
	if (limber_session_ended(s))
		return 0;
	if (s->paused) {
		text = resumed_text();
		(void)queue_push(&q, LIMBER_CUE_RESUMED, -1, text,
		    words_lang(since));
	} else if (p->phase == LIMBER_PHASE_PREPARE) {
		nx = next_pos(s, p);
		coming_phase(s, &nx, -1, &q);
	} else if (p->phase == LIMBER_PHASE_CHECKIN && !is_last_item(s, p)) {
		nx = next_pos(s, p);
		coming_phase(s, &nx, -1, &q);
	} else if (p->phase == LIMBER_PHASE_CHECKIN) {
		/* The end's words for a last score no higher than before. */
		t = *s;
		t.pain_after = t.pain_last = s->pain_before;
		text = done_text(&t, LIMBER_FEEL_COMFORTABLE);
		(void)queue_push(&q, LIMBER_CUE_DONE, -1, text,
		    words_lang(since));
	} else {
		/* As tick() and leave() will make them at the phase's end. */
		const struct limber_plan_item *it = plan_item(s, p->item);
		const struct limber_session_item *r = s->open_item ?
		    &s->items[s->nitems - 1] :
		    NULL;

		for (int k = s->next_count; k > 0;
		     k = countdown_below(it->hold_s, k)) {
			since = i18n_misses();
			text = countdown_text(k);
			(void)queue_push(&q, LIMBER_CUE_COUNTDOWN,
			    s->phase_end - (int64_t)k * MS_PER_S, text,
			    words_lang(since));
		}
		if (p->phase == LIMBER_PHASE_HOLD) {
			since = i18n_misses();
			text = hold_end_text();
			(void)queue_push(&q, LIMBER_CUE_HOLD_END, s->phase_end,
			    text, words_lang(since));
		}
		nx = next_pos(s, p);
		if (nx.phase == LIMBER_PHASE_CHECKIN && r != NULL) {
			since = i18n_misses();
			text = item_done_text(plan_item(s, r->item), false);
			(void)queue_push(&q, LIMBER_CUE_STRETCH_DONE,
			    s->phase_end, text, words_lang(since));
		}
		coming_phase(s, &nx, s->phase_end, &q);
	}
	*out = q.v;
	return q.n;
}

void
limber_cues_free(struct limber_cue *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)v[i].text);
	free(v);
}

bool
limber_session_ended(const struct limber_session *s)
{
	return s->pos.phase == LIMBER_PHASE_DONE ||
	    s->pos.phase == LIMBER_PHASE_STOPPED;
}

void
limber_session_tick(struct limber_session *s, int64_t now_ms)
{
	if (now_ms > s->now)
		s->now = now_ms;
	for (;;) {
		int64_t t = limber_session_deadline(s);

		if (t == INT64_MAX || t > s->now)
			break;
		if (t < s->phase_end) {
			const struct limber_plan_item *it =
			    plan_item(s, s->pos.item);
			unsigned long since = i18n_misses();
			struct limber_cue *c = cue_add(s, LIMBER_CUE_COUNTDOWN,
			    t, countdown_text(s->next_count), since);

			c->seconds = s->next_count;
			s->next_count = countdown_below(it->hold_s,
			    s->next_count);
		} else
			leave(s, t);
	}
}

static enum limber_status
refuse(char **cause, char *msg)
{
	if (cause != NULL)
		*cause = msg;
	else
		free(msg);
	return LIMBER_ERR_INVALID;
}

/* SKIP in a stretch: on to its check-in, the rest counted as gone by. */
static void
skip_item(struct limber_session *s)
{
	struct pos p = s->pos;
	unsigned long since;

	/* The current phase as it was paced, the rest as planned. */
	s->done_ms += planned_until(s, p, LIMBER_PHASE_CHECKIN) + s->phase_ms -
	    phase_len(s, &p);
	s->paused = false;
	voice_cut(s);
	since = i18n_misses();
	cue_add(s, LIMBER_CUE_SKIPPED, s->now,
	    xstrdup(_("Skipping the rest of this stretch.")), since);
	item_finish(s, s->now, true);
	while (p.phase != LIMBER_PHASE_CHECKIN)
		p = next_pos(s, &p);
	enter(s, p, s->now);
}

enum limber_stop_reason
limber_session_stop_rule(int before, int score)
{
	if (score > LIMBER_PAIN_STOP_ABOVE)
		return LIMBER_STOP_PAIN_HIGH;
	if (score >= before + LIMBER_PAIN_STOP_RISE)
		return LIMBER_STOP_PAIN_RISE;
	return LIMBER_STOP_NONE;
}

/* A score on the pain scale at a check-in or during a stretch. */
static void
pain_input(struct limber_session *s, int value)
{
	bool checkin = s->pos.phase == LIMBER_PHASE_CHECKIN;
	bool final = checkin && is_last_item(s, &s->pos);
	unsigned long since = i18n_misses();
	char *text;

	if (final) {
		pain_record(s, LIMBER_PAIN_AFTER, value, s->now,
		    /* TRANSLATORS: the score at the end, and the top of the
		       scale. */
		    xasprintf(_("Pain after the session: %d out of %d."), value,
			LIMBER_PAIN_MAX),
		    since);
		finish(s, LIMBER_STOP_NONE, LIMBER_WARNING_UNSPECIFIED,
		    s->now);
		return;
	}
	if (value > s->pain_before && value <= LIMBER_PAIN_STOP_ABOVE &&
	    value < s->pain_before + LIMBER_PAIN_STOP_RISE)
		/* TRANSLATORS: the score given, and the top of the scale. */
		text = xasprintf(_("Pain %d out of %d, noted. Go gently, and "
				   "ease off before anything hurts."),
		    value, LIMBER_PAIN_MAX);
	else
		/* TRANSLATORS: the score given, and the top of the scale. */
		text = xasprintf(_("Pain %d out of %d, noted."), value,
		    LIMBER_PAIN_MAX);
	pain_record(s, LIMBER_PAIN_DURING, value, s->now, text, since);
	if (limber_session_stop_rule(s->pain_before, value) != LIMBER_STOP_NONE)
		finish(s, limber_session_stop_rule(s->pain_before, value),
		    LIMBER_WARNING_UNSPECIFIED, s->now);
	else if (checkin)
		enter(s, next_pos(s, &s->pos), s->now);
}

enum limber_status
limber_session_input(struct limber_session *s, enum limber_input input,
    int value, int64_t now_ms, char **cause)
{
	enum limber_phase ph;
	struct limber_cue *c;
	unsigned long since;

	if ((unsigned)input >= LIMBER_INPUT_COUNT)
		return refuse(cause, xasprintf("unknown input %d",
		    (int)input));
	if (limber_session_ended(s))
		return refuse(cause,
		    /* TRANSLATORS: %s is the phase's name in the program's
		       JSON ("done", "stopped"). */
		    xasprintf(_("the session has ended (%s): "
				"no more input"),
			limber_phase_name(s->pos.phase)));
	if (input == LIMBER_INPUT_PAIN &&
	    (value < LIMBER_PAIN_MIN || value > LIMBER_PAIN_MAX))
		return refuse(cause,
		    xasprintf(_("a pain score is a whole number from %d to "
				"%d, not %d"),
			LIMBER_PAIN_MIN, LIMBER_PAIN_MAX, value));
	if (input == LIMBER_INPUT_WARNING &&
	    (value < 0 || value >= LIMBER_WARNING_COUNT))
		return refuse(cause, xasprintf("unknown warning %d", value));

	limber_session_tick(s, now_ms);
	ph = s->pos.phase;
	switch (input) {
	case LIMBER_INPUT_READY:
		if (ph != LIMBER_PHASE_PREPARE)
			return refuse(cause,
			    /* TRANSLATORS: %s is the phase's name in the
			       program's JSON ("step", "hold"). */
			    xasprintf(_("the session has "
					"already started "
					"(%s)"),
				limber_phase_name(ph)));
		s->result.started_ms = s->now;
		enter(s, next_pos(s, &s->pos), s->now);
		break;
	case LIMBER_INPUT_PAUSE:
		if (!limber_phase_timed(ph))
			return refuse(cause,
			    /* TRANSLATORS: %s is the phase's name in the
			       program's JSON ("checkin"). */
			    xasprintf(_("nothing to pause: "
					"the session is "
					"waiting for you "
					"(%s)"),
				limber_phase_name(ph)));
		if (s->paused)
			return refuse(cause,
			    xstrdup(_("the session is "
				      "already paused")));
		s->paused = true;
		s->paused_at = s->now;
		voice_cut(s);
		since = i18n_misses();
		cue_add(s, LIMBER_CUE_PAUSED, s->now,
		    xstrdup(_("Paused. Take your time, and carry on when you "
			      "are ready.")),
		    since);
		break;
	case LIMBER_INPUT_RESUME:
		if (!s->paused)
			return refuse(cause,
			    xstrdup(_("the session is not "
				      "paused")));
		s->paused = false;
		s->phase_end += s->now - s->paused_at;
		since = i18n_misses();
		c = cue_add(s, LIMBER_CUE_RESUMED, s->now, resumed_text(),
		    since);
		pace_fit(s);
		c->seconds = (int)((s->phase_end - s->now + MS_PER_S - 1) /
		    MS_PER_S);
		break;
	case LIMBER_INPUT_SKIP:
		if (ph == LIMBER_PHASE_CHECKIN) {
			if (is_last_item(s, &s->pos))
				finish(s, LIMBER_STOP_NONE,
				    LIMBER_WARNING_UNSPECIFIED, s->now);
			else
				enter(s, next_pos(s, &s->pos), s->now);
			break;
		}
		if (ph == LIMBER_PHASE_PREPARE)
			return refuse(cause,
			    xstrdup(_("nothing to skip: the "
				      "session has not "
				      "started")));
		if (ph == LIMBER_PHASE_REST && s->pos.rest == REST_ITEM)
			return refuse(cause,
			    xstrdup(_("nothing to skip: this "
				      "stretch is finished, "
				      "and the next one "
				      "starts when the rest "
				      "is over")));
		skip_item(s);
		break;
	case LIMBER_INPUT_STOP:
		voice_cut(s);
		finish(s, LIMBER_STOP_USER, LIMBER_WARNING_UNSPECIFIED,
		    s->now);
		break;
	case LIMBER_INPUT_WARNING:
		voice_cut(s);
		finish(s, LIMBER_STOP_WARNING, (enum limber_warning)value,
		    s->now);
		break;
	case LIMBER_INPUT_INTERRUPT:
		voice_cut(s);
		finish(s, LIMBER_STOP_INTERRUPTED, LIMBER_WARNING_UNSPECIFIED,
		    s->now);
		break;
	case LIMBER_INPUT_PAIN:
		if (ph == LIMBER_PHASE_PREPARE)
			return refuse(cause,
			    xstrdup(_("the session has not "
				      "started: the score "
				      "before it was given "
				      "when it was made")));
		pain_input(s, value);
		break;
	default:
		break;
	}
	return LIMBER_OK;
}

size_t
limber_session_cues(struct limber_session *s, const struct limber_cue **out)
{
	struct cue_queue t;

	queue_release(&s->handed);
	t = s->handed;
	s->handed = s->pending;
	s->pending = t;
	*out = s->handed.n ? s->handed.v : NULL;
	return s->handed.n;
}

void
limber_session_snapshot(const struct limber_session *s, int64_t now_ms,
    struct limber_session_state *out)
{
	const struct pos *p = &s->pos;
	const struct limber_plan_item *it = p->item >= 0 ?
	    plan_item(s, p->item) : NULL;
	int64_t ref = s->paused ? s->paused_at :
	    (now_ms > s->now ? now_ms : s->now);
	size_t n = 0;

	memset(out, 0, sizeof *out);
	out->phase = p->phase;
	out->paused = s->paused;
	out->item = p->item;
	out->nitems = (int)s->plan->nitems;
	out->round = p->round;
	out->rounds = s->plan->rounds;
	out->rep = p->rep;
	out->side = p->side;
	out->step = p->step;
	if (it != NULL) {
		item_steps(it, &n);
		out->reps = it->reps;
		out->sides = it->sides;
		out->nsteps = (int)n;
		out->stretch = it->stretch->id;
		out->variant = it->variant ? it->variant->id : NULL;
	}
	out->text = s->text;
	out->next = s->next;
	out->elapsed_ms = s->done_ms;
	if (limber_phase_timed(p->phase)) {
		out->phase_ms = s->phase_ms;
		out->left_ms = s->phase_end - ref;
		if (out->left_ms < 0)
			out->left_ms = 0;
		if (out->left_ms > out->phase_ms)
			out->left_ms = out->phase_ms;
		out->elapsed_ms += out->phase_ms - out->left_ms;
	}
	out->total_ms = s->total_ms;
	out->pain_before = s->pain_before;
	out->pain_last = s->pain_last;
	out->pain_after = s->pain_after;
	out->reason = s->result.reason;
}

const struct limber_session_result *
limber_session_result(const struct limber_session *s)
{
	return &s->result;
}

/* ------------------------------------------------------------------ */
/* JSON (docs/session.md, "JSON").                                     */

static json_t *
index_json(int v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

static json_t *
count_json(int v)
{
	return v > 0 ? json_integer(v) : json_null();
}

static json_t *
str_json(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

json_t *
limber_cue_to_json(const struct limber_cue *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "kind", json_string(
	    limber_cue_kind_name(c->kind)));
	json_object_set_new(o, "at_ms", json_integer(c->at_ms));
	json_object_set_new(o, "text", str_json(c->text));
	if (c->item >= 0)
		json_object_set_new(o, "item", json_integer(c->item));
	if (c->round > 0)
		json_object_set_new(o, "round", json_integer(c->round));
	if (c->side > 0)
		json_object_set_new(o, "side", json_integer(c->side));
	if (c->rep > 0)
		json_object_set_new(o, "rep", json_integer(c->rep));
	if (c->step >= 0)
		json_object_set_new(o, "step", json_integer(c->step));
	if (c->seconds > 0)
		json_object_set_new(o, "seconds", json_integer(c->seconds));
	if (c->kind == LIMBER_CUE_PAIN) {
		json_object_set_new(o, "pain", json_integer(c->pain));
		json_object_set_new(o, "pain_kind", json_string(
		    limber_pain_kind_name(c->pain_kind)));
	}
	if (c->kind == LIMBER_CUE_STRETCH_DONE) {
		json_object_set_new(o, "reps_done", json_integer(c->reps_done));
		json_object_set_new(o, "sides_done",
		    json_integer(c->sides_done));
		json_object_set_new(o, "skipped", json_boolean(c->skipped));
	}
	if (c->kind == LIMBER_CUE_STOPPED)
		json_object_set_new(o, "reason", json_string(
		    limber_stop_reason_name(c->reason)));
	return o;
}

json_t *
limber_session_state_to_json(const struct limber_session_state *st)
{
	json_t *o = json_object();

	json_object_set_new(o, "phase", json_string(
	    limber_phase_name(st->phase)));
	json_object_set_new(o, "paused", json_boolean(st->paused));
	json_object_set_new(o, "item", index_json(st->item));
	json_object_set_new(o, "nitems", json_integer(st->nitems));
	json_object_set_new(o, "round", count_json(st->round));
	json_object_set_new(o, "rounds", json_integer(st->rounds));
	json_object_set_new(o, "rep", count_json(st->rep));
	json_object_set_new(o, "reps", count_json(st->reps));
	json_object_set_new(o, "side", count_json(st->side));
	json_object_set_new(o, "sides", count_json(st->sides));
	json_object_set_new(o, "step", index_json(st->step));
	json_object_set_new(o, "nsteps", count_json(st->nsteps));
	json_object_set_new(o, "stretch", str_json(st->stretch));
	json_object_set_new(o, "variant", str_json(st->variant));
	json_object_set_new(o, "text", str_json(st->text));
	json_object_set_new(o, "next", str_json(st->next));
	json_object_set_new(o, "left_ms", json_integer(st->left_ms));
	json_object_set_new(o, "phase_ms", json_integer(st->phase_ms));
	json_object_set_new(o, "elapsed_ms", json_integer(st->elapsed_ms));
	json_object_set_new(o, "total_ms", json_integer(st->total_ms));
	json_object_set_new(o, "pain_before", json_integer(st->pain_before));
	json_object_set_new(o, "pain_last", json_integer(st->pain_last));
	json_object_set_new(o, "pain_after", index_json(st->pain_after));
	json_object_set_new(o, "reason", st->reason == LIMBER_STOP_NONE ?
	    json_null() : json_string(limber_stop_reason_name(st->reason)));
	return o;
}

static json_t *
ms_or_null(int64_t ms)
{
	return ms >= 0 ? json_integer(ms) : json_null();
}

json_t *
limber_session_result_to_json(const struct limber_session_result *r)
{
	json_t *o = json_object(), *items = json_array(), *pains = json_array();

	json_object_set_new(o, "outcome", json_string(
	    limber_outcome_name(r->outcome)));
	json_object_set_new(o, "reason", r->reason == LIMBER_STOP_NONE ?
	    json_null() : json_string(limber_stop_reason_name(r->reason)));
	json_object_set_new(o, "warning", r->reason == LIMBER_STOP_WARNING ?
	    json_string(limber_warning_name(r->warning)) : json_null());
	json_object_set_new(o, "feel", json_string(limber_feel_name(r->feel)));
	json_object_set_new(o, "advice", str_json(r->advice));
	json_object_set_new(o, "created_ms", json_integer(r->created_ms));
	json_object_set_new(o, "started_ms", ms_or_null(r->started_ms));
	json_object_set_new(o, "ended_ms", ms_or_null(r->ended_ms));
	for (size_t i = 0; i < r->nitems; i++) {
		const struct limber_session_item *it = &r->items[i];

		json_array_append_new(items, json_pack("{s:i, s:i, s:s, s:o, "
		    "s:i, s:i, s:i, s:i, s:b, s:b}", "item", it->item, "round",
		    it->round, "stretch", it->stretch, "variant",
		    str_json(it->variant), "reps", it->reps, "sides",
		    it->sides, "reps_done", it->reps_done, "sides_done",
		    it->sides_done, "skipped", it->skipped, "stopped",
		    it->stopped));
	}
	json_object_set_new(o, "items", items);
	for (size_t i = 0; i < r->npains; i++) {
		const struct limber_pain_score *p = &r->pains[i];

		json_array_append_new(pains, json_pack("{s:s, s:i, s:I, s:o, "
		    "s:o}", "kind", limber_pain_kind_name(p->kind), "value",
		    p->value, "at_ms", (json_int_t)p->at_ms, "item",
		    index_json(p->item), "round", count_json(p->round)));
	}
	json_object_set_new(o, "pains", pains);
	return o;
}
