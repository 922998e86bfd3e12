/*
 * session.h - the guided session: a plan, played out in time.
 *
 * The session engine is a pure state machine over a plan. It never prints,
 * never sleeps and never reads the clock: every call takes now_ms, a
 * monotonic time in milliseconds chosen by the front end (the terminal
 * coach, the web page, the voice export, a test). It emits cues - what to
 * show or say, and when - that the front end drains and presents, so every
 * front end coaches the same session with the same words and timing, and a
 * test runs a 20-minute session in microseconds of virtual time.
 *
 * A front end's loop, in short:
 *
 *	limber_session_new(plan, pain, now, &s, &cause);
 *	for (;;) {
 *		n = limber_session_cues(s, &cues);   // show or speak them
 *		if (limber_session_ended(s)) break;
 *		sleep until limber_session_deadline(s) or user input;
 *		now = monotonic ms;
 *		limber_session_tick(s, now);  or  limber_session_input(s, ...);
 *	}
 *	limber_session_result(s);  // for the journal
 *	limber_session_free(s);
 *
 * Phases, timings, cue texts and the stop rules are described in
 * docs/session.md; the stop rules themselves in docs/safety.md.
 */
#ifndef LIMBER_SESSION_H
#define LIMBER_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "limber/limber.h"

/* Timings the engine adds to the plan's own, in seconds (docs/session.md). */
#define LIMBER_SESSION_INTRO_S 5	/* a stretch is introduced */
#define LIMBER_SESSION_SWITCH_S 5	/* changing to the other side */
#define LIMBER_SESSION_BETWEEN_S 10	/* rest from one stretch to the next */
/*
 * A paced session (limber_session_new_paced): after a phase's words end,
 * the time left to do what they said before anything else is said. Words
 * describe a movement; a person listening with eyes closed starts it as
 * the words end, and needs a moment to settle into it before the next
 * words or a count (docs/session.md, "A paced session").
 */
#define LIMBER_SESSION_MOVE_MS 1500
/*
 * A paced hold: after its words, the time before its first count. A hold's
 * words say to stay where you are, with nothing to move, so a short breath
 * will do; with LIMBER_SESSION_MOVE_MS a hold of a few seconds, whose first
 * count comes a second or two into it, grew by more than it lasts.
 */
#define LIMBER_SESSION_COUNT_GAP_MS 500

/* The session's states, in the order a session goes through them. */
enum limber_phase {
	LIMBER_PHASE_PREPARE,	/* the checklist is shown; waits for READY */
	LIMBER_PHASE_INTRO,	/* a stretch is introduced; timed, INTRO_S */
	LIMBER_PHASE_STEP,	/* a movement step; timed by its seconds */
	LIMBER_PHASE_HOLD,	/* the hold step; timed by hold_s, counted down */
	LIMBER_PHASE_SWITCH,	/* change to the other side; timed, SWITCH_S */
	LIMBER_PHASE_REST,	/* between repetitions or sides (rest_s), or
				   between stretches (BETWEEN_S); timed */
	LIMBER_PHASE_CHECKIN,	/* after a stretch: waits for a pain score
				   or SKIP; the last one is the final one */
	LIMBER_PHASE_DONE,	/* the whole plan was gone through; ended */
	LIMBER_PHASE_STOPPED,	/* stopped early, with a reason; ended */
	LIMBER_PHASE_COUNT,
};

/* What the person (or the front end) tells the session. */
enum limber_input {
	LIMBER_INPUT_READY,	/* PREPARE only: the space is ready, start */
	LIMBER_INPUT_PAUSE,	/* timed phases: freeze every timer */
	LIMBER_INPUT_RESUME,	/* when paused: go on where it was */
	LIMBER_INPUT_SKIP,	/* in a stretch: leave the rest of it and go to
				   its check-in; at a check-in: go on without
				   a score */
	LIMBER_INPUT_STOP,	/* the person stops the session */
	LIMBER_INPUT_WARNING,	/* sharp pain, numbness, dizziness: value is
				   an enum limber_warning; stops at once */
	LIMBER_INPUT_PAIN,	/* value is a pain score, 0..10 */
	LIMBER_INPUT_INTERRUPT,	/* the front end lost the person (window
				   closed, signal): ends the session */
	LIMBER_INPUT_COUNT,
};

/* What a WARNING input reports. Every one stops the session at once. */
enum limber_warning {
	LIMBER_WARNING_UNSPECIFIED,	/* one of the below, not said which */
	LIMBER_WARNING_SHARP_PAIN,	/* sharp, shooting or electric pain */
	LIMBER_WARNING_NUMBNESS,	/* new numbness or tingling */
	LIMBER_WARNING_DIZZINESS,	/* dizziness */
	LIMBER_WARNING_COUNT,
};

/* Why a session stopped early. */
enum limber_stop_reason {
	LIMBER_STOP_NONE,      /* not stopped (running or done) */
	LIMBER_STOP_USER,      /* the person chose to stop */
	LIMBER_STOP_WARNING,   /* a WARNING input */
	LIMBER_STOP_PAIN_RISE, /* LIMBER_PAIN_STOP_RISE or more above before */
	LIMBER_STOP_PAIN_HIGH, /* a score above LIMBER_PAIN_STOP_ABOVE */
	LIMBER_STOP_INTERRUPTED, /* the front end ended it */
	LIMBER_STOP_COUNT,
};

/* When a pain score was taken. */
enum limber_pain_kind {
	LIMBER_PAIN_BEFORE,	/* given to limber_session_new() */
	LIMBER_PAIN_DURING,	/* at a check-in, or any time in the session */
	LIMBER_PAIN_AFTER,	/* at the final check-in */
	LIMBER_PAIN_KIND_COUNT,
};

enum limber_outcome {
	LIMBER_OUTCOME_RUNNING,	/* not ended yet */
	LIMBER_OUTCOME_DONE,	/* went through the whole plan */
	LIMBER_OUTCOME_STOPPED,	/* ended early; see the reason */
	LIMBER_OUTCOME_COUNT,
};

/* How the back was at the end, compared with before. */
enum limber_feel {
	LIMBER_FEEL_UNKNOWN,	/* no score to compare */
	LIMBER_FEEL_COMFORTABLE,	/* final score no higher than before */
	LIMBER_FEEL_WORSE,	/* the last score was higher than before */
	LIMBER_FEEL_COUNT,
};

enum limber_cue_kind {
	LIMBER_CUE_CHECKLIST,	/* one item of the environment checklist */
	LIMBER_CUE_INTRO,	/* a stretch begins: its name, what it is for */
	LIMBER_CUE_STEP,	/* a movement step: its text and seconds */
	LIMBER_CUE_HOLD_START,	/* the hold begins: its text and seconds */
	LIMBER_CUE_COUNTDOWN,	/* seconds left in a hold */
	LIMBER_CUE_HOLD_END,	/* the hold is over */
	LIMBER_CUE_SWITCH,	/* change to the other side */
	LIMBER_CUE_REST,	/* a rest begins: its seconds */
	LIMBER_CUE_NEXT,	/* during a rest: what comes after it */
	LIMBER_CUE_CHECKIN,	/* asks for a pain score */
	LIMBER_CUE_PAUSED,	/* the session is paused */
	LIMBER_CUE_RESUMED,	/* the session goes on */
	LIMBER_CUE_SKIPPED,	/* the rest of a stretch was skipped */
	LIMBER_CUE_STRETCH_DONE,	/* a stretch finished or was skipped */
	LIMBER_CUE_PAIN,	/* a pain score was taken */
	LIMBER_CUE_STOPPED,	/* the session stopped: why, and advice */
	LIMBER_CUE_DONE,	/* the session is over: how it went, advice */
	LIMBER_CUE_KIND_COUNT,
};

/*
 * One thing to show or say. Indices are 0-based (item into plan->items,
 * step into that item's steps) and -1 where they do not apply; round, rep
 * and side count from 1 and are 0 where they do not apply.
 */
struct limber_cue {
	enum limber_cue_kind kind;
	int64_t at_ms;		/* when it is due, in the front end's clock */
	const char *text;	/* plain and short, to show or speak */
	/*
	 * The tag of the language text is in: i18n_lang_tag(i18n_current())
	 * on the thread that made it (the one that ticks the session; a
	 * front end chooses it with i18n_use(), the library never does), or
	 * "en" when any lookup made for this cue's words found no
	 * translation and gave the English (i18n_misses()), so that the
	 * voice never reads English words with a foreign voice. Static: a
	 * tag lives as long as the program.
	 */
	const char *lang;
	int item, step;
	int round, rep, side;
	/*
	 * INTRO, STEP, HOLD_START, SWITCH, REST: the phase's length;
	 * COUNTDOWN: the seconds left; RESUMED: seconds left in the phase.
	 * 0 otherwise.
	 */
	int seconds;
	/* PAIN: the score and when it was taken; pain is -1 otherwise. */
	int pain;
	enum limber_pain_kind pain_kind;
	/* STRETCH_DONE: as in struct limber_session_item. */
	int reps_done, sides_done;
	bool skipped;
	/* STOPPED: why. LIMBER_STOP_NONE otherwise. */
	enum limber_stop_reason reason;
};

/* A snapshot of the session, for display. Texts are owned by the session. */
struct limber_session_state {
	enum limber_phase phase;
	bool paused;
	int item, nitems;	/* 0-based item; -1 before the first */
	int round, rounds;	/* 1-based, 0 before the first */
	int rep, reps;		/* 1-based, 0 outside a repetition */
	int side, sides;	/* 1-based, 0 outside a side */
	int step, nsteps;	/* 0-based step; -1 outside a step */
	const char *stretch;	/* the item's stretch id, or NULL */
	const char *variant;	/* its variant id, or NULL */
	const char *text;	/* what the phase shows: a step, a question */
	const char *next;	/* what comes next, or NULL */
	int64_t left_ms;	/* time left in a timed phase; 0 otherwise */
	int64_t phase_ms;	/* the timed phase's length; 0 otherwise */
	int64_t elapsed_ms;	/* planned time gone through so far */
	int64_t total_ms;	/* planned time of the whole session; a paced
				   session's grows as its phases lengthen */
	int pain_before;
	int pain_last;		/* the latest score of any kind */
	int pain_after;		/* -1 until the final check-in */
	enum limber_stop_reason reason;
};

/* One stretch as it was done: one entry per item and round begun. */
struct limber_session_item {
	int item, round;	/* 0-based item, 1-based round */
	const char *stretch;	/* stretch id */
	const char *variant;	/* variant id, or NULL */
	int reps, sides;	/* as planned */
	int reps_done;		/* repetitions completed on the first side */
	int sides_done;		/* sides with every repetition completed */
	bool skipped;		/* SKIP left part of it out */
	bool stopped;		/* the session stopped during it */
};

struct limber_pain_score {
	enum limber_pain_kind kind;
	int value;		/* 0..10 */
	int64_t at_ms;
	int item, round;	/* where it was taken; -1 and 0 for before */
};

/* What the journal records. Owned by the session. */
struct limber_session_result {
	enum limber_outcome outcome;
	enum limber_stop_reason reason;
	enum limber_warning warning;	/* for LIMBER_STOP_WARNING */
	enum limber_feel feel;
	const char *advice;		/* the DONE or STOPPED text; NULL running */
	int64_t created_ms;		/* limber_session_new() */
	int64_t started_ms;		/* READY; -1 if never */
	int64_t ended_ms;		/* DONE or STOPPED; -1 while running */
	const struct limber_session_item *items;	/* in the order begun */
	size_t nitems;
	const struct limber_pain_score *pains;	/* in the order taken */
	size_t npains;
};

struct limber_session;

/*
 * How a front end that speaks the cues paces the session: sound_ms(ctx,
 * cue) says how long the cue's sound lasts (its tone, the gap after it
 * and its words, as the front end makes them), 0 for a cue it does not
 * say. It is called once per cue as the cue is made, with the cue's kind,
 * text, place and time set (seconds not yet), and must not call back into
 * the session. The engine never makes sound and never reads a clock: the
 * lengths are the front end's (voice.h, voice_pace_sound_ms).
 *
 * lead_ms: how long after the session is made its first words can start,
 * for a front end that must fetch and decode them first (the page); the
 * first cues are due then, and every cue after them keeps its room.
 */
struct limber_session_pace {
	int64_t (*sound_ms)(void *ctx, const struct limber_cue *cue);
	void *ctx;
	int64_t lead_ms;
};

/*
 * Start a session over plan at now_ms, in PREPARE. The plan must outlive
 * the session; the session never changes it. pain_before is the score
 * given before starting, 0..10.
 *
 * Fails with LIMBER_ERR_INVALID for a pain score off the scale
 * (LIMBER_PAIN_MIN to LIMBER_PAIN_MAX), a plan with no items or no rounds,
 * or an item whose dose or steps cannot be timed (every step and hold must
 * last at least 1 s; rests may be 0 s); with
 * LIMBER_ERR_BLOCKED for a score of LIMBER_SEVERE_PAIN or more, which
 * screening sends to a clinician first. On failure *out is NULL and *cause
 * (when cause is not NULL) is set to a malloc'd message the caller frees.
 *
 * On success the first cues are queued: the PAIN cue of the score before,
 * then one CHECKLIST cue per item of the checklist.
 */
enum limber_status limber_session_new(const struct limber_plan *plan,
    int pain_before, int64_t now_ms, struct limber_session **out,
    char **cause);

/*
 * The same, paced by the sound of its words (pace is copied; NULL, or a
 * NULL sound_ms, is limber_session_new()). The engine keeps when the
 * voice is free: a cue with sound is due when its time comes and the
 * words before it have ended, whichever is later (its at_ms says so), but
 * a count keeps its time. Each timed phase lasts at least until its words
 * end plus LIMBER_SESSION_MOVE_MS; a hold's first count comes
 * LIMBER_SESSION_COUNT_GAP_MS after the hold's words, the hold growing by
 * the shortfall, so that each count still says the seconds left; words said as a hold ends (and the
 * checklist's, before READY) delay the next phase's words, and that phase
 * accounts for them. Nothing is ever cut to fit: the session grows longer
 * instead, and its total_ms grows as each phase is lengthened. PAUSE,
 * SKIP in a stretch, STOP, WARNING and INTERRUPT cut what is being said
 * (a front end hushes its voice on their cues). docs/session.md, "A paced
 * session".
 */
enum limber_status limber_session_new_paced(const struct limber_plan *plan,
    int pain_before, int64_t now_ms, const struct limber_session_pace *pace,
    struct limber_session **out, char **cause);

/* Release a session, its cues and its result. Accepts NULL. */
void limber_session_free(struct limber_session *s);

/*
 * Let time pass up to now_ms. Every phase boundary and countdown due by
 * then is processed in order, each cue carrying its own due time, until a
 * phase that waits for input (a check-in) or the session ends; time after
 * that is not counted. A now_ms earlier than the latest time the session
 * has seen counts as no time passing. Nothing happens while paused, while
 * waiting for input or after the end.
 */
void limber_session_tick(struct limber_session *s, int64_t now_ms);

/*
 * Apply an input at now_ms. Time is first let pass up to now_ms, exactly
 * as limber_session_tick() does, so the input applies to the phase the
 * session is in at now_ms. value is the score for LIMBER_INPUT_PAIN and an
 * enum limber_warning for LIMBER_INPUT_WARNING; it is ignored otherwise.
 *
 * An input that makes no sense now (RESUME when not paused, READY outside
 * PREPARE, a score of 11, anything after the end; the full table is in
 * docs/session.md) returns LIMBER_ERR_INVALID, sets *cause, queues no cue
 * and changes nothing. STOP, WARNING and INTERRUPT work in every phase
 * until the end, paused or not.
 */
enum limber_status limber_session_input(struct limber_session *s,
    enum limber_input input, int value, int64_t now_ms, char **cause);

/*
 * The cues queued since the last call, oldest first, in due-time order.
 * *out points at an array owned by the session, valid (texts included)
 * until the next call of limber_session_cues() or limber_session_free().
 * Returns their number; 0 (and *out NULL) when there are none.
 */
size_t limber_session_cues(struct limber_session *s,
    const struct limber_cue **out);

/*
 * The cues that come next if the person does only what the session waits
 * for: the rest of a timed phase and its end (counts included, each with
 * its due time), or, with at_ms -1, what READY makes in PREPARE, RESUME
 * while paused, or an answer at a check-in that does not stop the
 * session (at the last, the end's words for a score no higher than
 * before). So that a front end can make their sound ahead of time (the
 * page's voice, docs/voice.md); what then comes is made as always, by
 * limber_session_tick() and limber_session_input(). Only kind, at_ms, text
 * and lang are set. *out is a malloc'd array, NULL when there is none; free
 * it with limber_cues_free().
 */
size_t limber_session_coming(const struct limber_session *s,
    struct limber_cue **out);
void limber_cues_free(struct limber_cue *v, size_t n);

/*
 * The next time limber_session_tick() has something to do: the end of the
 * current timed phase or the next countdown, whichever is first. INT64_MAX
 * while waiting for input (PREPARE, CHECKIN), while paused and after the
 * end, so a front end can sleep until input comes.
 */
int64_t limber_session_deadline(const struct limber_session *s);

/* True once the session is DONE or STOPPED. */
bool limber_session_ended(const struct limber_session *s);

/*
 * Fill *out with the session as it is at now_ms (for the time left in the
 * phase; now_ms does not advance the session). Its texts belong to the
 * session and stay valid until the next tick, input or free.
 */
void limber_session_snapshot(const struct limber_session *s, int64_t now_ms,
    struct limber_session_state *out);

/*
 * The result so far (final once the session has ended), owned by the
 * session and valid until the next tick, input or free.
 */
const struct limber_session_result *limber_session_result(
    const struct limber_session *s);

/* Names used in JSON and messages ("hold", "pain-rise"); NULL if unknown. */
const char *limber_phase_name(enum limber_phase phase);
/*
 * Whether a phase runs on a clock: INTRO to REST count down, can be paused
 * and have a deadline; PREPARE and CHECKIN wait for the person, DONE and
 * STOPPED are ended. Front ends ask this rather than compare phases.
 */
bool limber_phase_timed(enum limber_phase phase);
const char *limber_input_name(enum limber_input input);
/*
 * The stop rules for one pain score against the score before the session
 * (docs/safety.md): PAIN_HIGH above LIMBER_PAIN_STOP_ABOVE, PAIN_RISE at
 * LIMBER_PAIN_STOP_RISE or more above before, else NONE. A score during the
 * session stops it; a final score that breaks them ends the session with
 * the same advice.
 */
enum limber_stop_reason limber_session_stop_rule(int before, int score);

/*
 * Where the plan works, in the words the session's questions use ("neck
 * and upper back", "lower back", or "back" for both): a front end that
 * asks in its own words asks about the same place. Static.
 */
const char *limber_session_area_words(const struct limber_plan *plan);

const char *limber_warning_name(enum limber_warning warning);
/*
 * What a warning stop says, the words the STOPPED cue of a WARNING input
 * carries: stop, rest, when to see a clinician, and when to call the local
 * emergency number. A front end that may lose its server (the page) shows
 * them at once, before the input has reached the engine. Malloc'd.
 */
char *limber_warning_stop_text(enum limber_warning warning);
const char *limber_stop_reason_name(enum limber_stop_reason reason);
const char *limber_pain_kind_name(enum limber_pain_kind kind);
const char *limber_outcome_name(enum limber_outcome outcome);
const char *limber_feel_name(enum limber_feel feel);
const char *limber_cue_kind_name(enum limber_cue_kind kind);

/* New JSON objects (the caller owns the reference); fields in docs/session.md. */
json_t *limber_cue_to_json(const struct limber_cue *cue);
json_t *limber_session_state_to_json(const struct limber_session_state *st);
json_t *limber_session_result_to_json(const struct limber_session_result *r);

#endif /* LIMBER_SESSION_H */
