/*
 * progress.h - the journal's vocabularies and its rules as pure functions
 * (lib/progress.c): how a session ended and when a score was given, by
 * name; what a session says about the dose, how the dose moves, and when
 * worse sessions or pain that does not improve send the user to a
 * clinician (docs/journal.md, docs/safety.md).
 *
 * Each rule is a function of its arguments, so that it is tested on its
 * own; the journal (journal.h) gathers the facts from its file and stores
 * what the rules say.
 */
#ifndef LIMBER_PROGRESS_H
#define LIMBER_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * No other limber header: journal.h takes its enums by value, so this one
 * must be whole whichever is included first.
 */
struct limber_range;

/* ------------------------------------------------------------------ */
/* Vocabularies, stored by name (the names are a stable interface).    */

/* How a session ended, or that it has not. */
enum limber_record_state {
	LIMBER_RECORD_RUNNING,	   /* "running": under way, or its owner died */
	LIMBER_RECORD_DONE,	   /* "done": every step gone through */
	LIMBER_RECORD_STOPPED,	   /* "stopped": ended early, with a reason */
	LIMBER_RECORD_INTERRUPTED, /* "interrupted": its process went away */
	LIMBER_RECORD_STATE_COUNT,
};

/*
 * When a pain score was given. The first three have the values of
 * session.h's enum limber_pain_kind, so a session's scores convert as they are.
 */
enum limber_score_kind {
	LIMBER_SCORE_BEFORE,   /* "before": just before a session */
	LIMBER_SCORE_DURING,   /* "during": after a stretch of a session */
	LIMBER_SCORE_AFTER,    /* "after": at the end of a session */
	LIMBER_SCORE_NEXT_DAY, /* "next-day": the next-day check of a session */
	LIMBER_SCORE_LOGGED,   /* "logged": by hand, outside any session */
	LIMBER_SCORE_KIND_COUNT,
};

/* The answer to the next-day check of a session. */
enum limber_next_day {
	LIMBER_NEXT_DAY_UNASKED,   /* null: not answered */
	LIMBER_NEXT_DAY_SETTLED,   /* "settled": back to its usual level */
	LIMBER_NEXT_DAY_UNSETTLED, /* "not-settled": counts as worse */
	LIMBER_NEXT_DAY_COUNT,
};

/* Name <-> value; parsers return -1 for an unknown name. */
const char *limber_record_state_name(enum limber_record_state s);
int limber_record_state_parse(const char *name);
const char *limber_score_kind_name(enum limber_score_kind k);
int limber_score_kind_parse(const char *name);
/* NULL for LIMBER_NEXT_DAY_UNASKED. */
const char *limber_next_day_name(enum limber_next_day n);
int limber_next_day_parse(const char *name);

/* ------------------------------------------------------------------ */
/* Progression and the worse-after-sessions rule: pure functions.      */

/*
 * A pain score that was not given, where one may be missing: a session's
 * before or after score below, the pain at the next-day check. Any other
 * score is on the scale, LIMBER_PAIN_MIN to LIMBER_PAIN_MAX (limber.h).
 */
#define LIMBER_PAIN_NOT_GIVEN (-1)

/* What a session says about the dose (docs/journal.md, "Progression"). */
enum limber_effect {
	LIMBER_EFFECT_NEUTRAL,	   /* says nothing: not completed, no scores */
	LIMBER_EFFECT_COMFORTABLE, /* completed, pain after no higher than before */
	LIMBER_EFFECT_WORSE, /* pain higher after than before, or not settled next day */
	LIMBER_EFFECT_COUNT,
};

const char *limber_effect_name(enum limber_effect o);

/*
 * The effect of one session on the pain. before and after are its pain
 * scores (-1 when not given; after is the "after" score, or for a session
 * without one the last "during" score). Worse: after > before, or next day not settled.
 * Comfortable: done, both scores given, after <= before, and not worse.
 * Anything else (running, interrupted, stopped without worse pain, missing
 * scores) is neutral.
 */
enum limber_effect limber_session_effect(enum limber_record_state state,
    int before, int after, enum limber_next_day next_day);

/* Better than before: both scores given and after < before, not worse. */
bool limber_session_better(enum limber_record_state state, int before,
    int after, enum limber_next_day next_day);

/* Comfortable sessions in a row that earn one more repetition. */
#define LIMBER_PROGRESS_SESSIONS 3

/* A stretch's dose as progression keeps it. */
struct limber_progress {
	int reps;   /* current repetitions */
	int streak; /* comfortable sessions in a row since the last change */
};

/*
 * The dose after one session that included the stretch (and did not skip
 * it), within range->min..max (reps is clamped first). Comfortable: streak
 * + 1, and at LIMBER_PROGRESS_SESSIONS one more repetition (never past max)
 * and streak 0. Worse: one repetition less (never below min), streak 0.
 * Neutral: streak 0, reps kept: "in a row" means with nothing between.
 */
struct limber_progress limber_progress_next(struct limber_progress p,
    enum limber_effect o, const struct limber_range *range);

/* Days within which two worse sessions send the user to a clinician. */
#define LIMBER_WORSE_DAYS 7

/*
 * A session stopped by a warning (sharp or shooting pain, numbness or
 * tingling, dizziness) counts as worse, whatever its scores: for the
 * worse-after-sessions rule and for progression (docs/safety.md). The
 * journal knows it by its stop reason, which begins with this: stored
 * English in every language, never translated.
 */
#define LIMBER_WARNING_STOP_REASON "warning:"

/* One fact for the worse-after-sessions rule, in time order. */
enum limber_course_kind {
	LIMBER_COURSE_WORSE,  /* a session whose effect was worse, at its end */
	LIMBER_COURSE_BETTER, /* a session with pain lower after than before */
	LIMBER_COURSE_CLEARED, /* a clinician cleared the user */
};

struct limber_course_event {
	int64_t at;
	enum limber_course_kind kind;
};

/*
 * True when, after the last better session or clearance, two worse
 * sessions ended within LIMBER_WORSE_DAYS days of each other. The flag
 * does not wear off with time: only a better session or a clearance ends
 * it. events need not be sorted (at the same second, worse counts last).
 */
bool limber_worse_after_sessions(const struct limber_course_event *events,
    size_t n);

/*
 * No improvement over time (docs/safety.md): sessions in each of the last
 * LIMBER_NO_BETTER_WEEKS weeks, and the pain before the sessions of the
 * last week no better than before those of the first week of the last
 * LIMBER_NO_BETTER_SPAN_DAYS days: down by less than 2 points and less
 * than 30%, and still 1 or more.
 */
#define LIMBER_NO_BETTER_WEEKS 4
#define LIMBER_NO_BETTER_SPAN_DAYS 42

/* One session's start and its first "before" score (-1: none). */
struct limber_pain_point {
	int64_t at;
	int before;
};

bool limber_no_improvement(const struct limber_pain_point *p, size_t n,
    int64_t now);

/*
 * The programme's stage (docs/planner.md, "Progression"): what kinds of
 * exercise a plan may hold. A person starts gentle; comfortable sessions
 * over at least a week move them on, a worse session moves them back.
 */
enum limber_stage_level {
	LIMBER_STAGE_GENTLE = 1,   /* mobility and stretches */
	LIMBER_STAGE_BUILDING = 2, /* and strength, up to a third of a round */
	LIMBER_STAGE_STRONGER = 3, /* and motor control, up to half a round */
};

/* Comfortable sessions in a row, and days at a stage, to move up one. */
#define LIMBER_STAGE_SESSIONS 6
#define LIMBER_STAGE_DAYS 7

struct limber_stage {
	int level;     /* enum limber_stage_level */
	int streak;    /* comfortable sessions in a row at this level */
	int64_t since; /* when this level began: its first session's start */
};

/*
 * The stage after one session that started at `at`. The first session sets
 * since. Comfortable: streak + 1, and with LIMBER_STAGE_SESSIONS in a row
 * and LIMBER_STAGE_DAYS since the level began, one level up (never past
 * stronger), streak 0, since = at. Worse: one level down (never below
 * gentle), streak 0, since = at. Neutral: no change at all: a session
 * stopped without worse pain neither counts nor breaks the run.
 */
struct limber_stage limber_stage_next(struct limber_stage s,
    enum limber_effect o, int64_t at);

/* The journal's last screening (journal.h). */
struct limber_last_screening;

/* True when s was go or caution and at most LIMBER_SCREENING_FRESH_S old. */
bool limber_screening_fresh(const struct limber_last_screening *s, int64_t now);

#endif /* LIMBER_PROGRESS_H */
