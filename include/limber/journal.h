/*
 * journal.h - the journal: what was screened, stretched and felt, kept in
 * one SQLite file that belongs to its user (docs/journal.md).
 *
 * The journal is the memory of the coach. Every screening, session,
 * stretch, pain score, note and clinician's clearance is written the moment
 * it happens, each write in its own transaction, so that a coach killed at
 * any moment leaves a valid journal with nothing earlier lost. From it come
 * the history, the statistics, the exports, the dose each stretch has grown
 * (or shrunk) to, and the one fact screening takes from the past: pain that
 * got worse after two sessions within 7 days (docs/safety.md).
 *
 * As everywhere in the library, nothing here prints, exits or reads the
 * clock: a function that records something takes its time (UTC seconds
 * since 1970) from the caller, and a function that judges "today" takes
 * "now". Local days (for the next-day check, streaks and weeks) follow the
 * process's time zone (TZ), as localtime_r() does.
 *
 * A record dated after now was written while the clock was ahead, or came
 * in an export from such a clock: its time says nothing about when it
 * happened beside the others. So it takes no part in any rule that reads
 * the past (the worse-after-sessions flag, no improvement, the last
 * screening, the next-day check, the rest of the day) until now reaches
 * it; the one exception only makes the coach more careful: a warning stop
 * dated later on today's local date holds today (docs/safety.md, "When the
 * clock was wrong"). limber_journal_future() counts such records, so that
 * front ends can say so.
 *
 * Errors follow limber.h: an enum limber_status, and on failure *cause (when
 * not NULL) is set to a malloc'd, lower-case message naming the journal's
 * path and what is wrong. The caller frees it.
 */
#ifndef LIMBER_JOURNAL_H
#define LIMBER_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "limber/limber.h"

/* The schema version this build writes and the newest it can read. */
#define LIMBER_JOURNAL_VERSION 3
/*
 * The version of the JSON export format ("limber_journal" in the file)
 * this build writes; import reads it and every older one down to
 * LIMBER_EXPORT_OLDEST. Format 2 added "reminders".
 */
#define LIMBER_EXPORT_VERSION 2
#define LIMBER_EXPORT_OLDEST 1
/* How long a write waits for another limber holding the journal. */
#define LIMBER_JOURNAL_BUSY_MS 3000

/* ------------------------------------------------------------------ */
/* Vocabularies, stored by name (the names are a stable interface).    */

/* How a session ended, or that it has not. */
enum limber_record_state {
	LIMBER_RECORD_RUNNING,		/* "running": under way, or its owner died */
	LIMBER_RECORD_DONE,		/* "done": every step gone through */
	LIMBER_RECORD_STOPPED,		/* "stopped": ended early, with a reason */
	LIMBER_RECORD_INTERRUPTED,	/* "interrupted": its process went away */
	LIMBER_RECORD_STATE_COUNT,
};

/*
 * When a pain score was given. The first three have the values of
 * session.h's enum limber_pain_kind, so a session's scores convert as they are.
 */
enum limber_score_kind {
	LIMBER_SCORE_BEFORE,	/* "before": just before a session */
	LIMBER_SCORE_DURING,	/* "during": after a stretch of a session */
	LIMBER_SCORE_AFTER,	/* "after": at the end of a session */
	LIMBER_SCORE_NEXT_DAY,	/* "next-day": the next-day check of a session */
	LIMBER_SCORE_LOGGED,	/* "logged": by hand, outside any session */
	LIMBER_SCORE_KIND_COUNT,
};

/* The answer to the next-day check of a session. */
enum limber_next_day {
	LIMBER_NEXT_DAY_UNASKED,	/* null: not answered */
	LIMBER_NEXT_DAY_SETTLED,	/* "settled": back to its usual level */
	LIMBER_NEXT_DAY_UNSETTLED,	/* "not-settled": counts as worse */
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

/* What a session says about the dose (docs/journal.md, "Progression"). */
enum limber_effect {
	LIMBER_EFFECT_NEUTRAL,		/* says nothing: not completed, no scores */
	LIMBER_EFFECT_COMFORTABLE,	/* completed, pain after no higher than before */
	LIMBER_EFFECT_WORSE,		/* pain higher after than before, or not settled next day */
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
	int reps;	/* current repetitions */
	int streak;	/* comfortable sessions in a row since the last change */
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
 * journal knows it by its stop reason, which begins with this.
 */
#define LIMBER_WARNING_STOP_REASON "warning:"

/* One fact for the worse-after-sessions rule, in time order. */
enum limber_course_kind {
	LIMBER_COURSE_WORSE,	/* a session whose effect was worse, at its end */
	LIMBER_COURSE_BETTER,	/* a session with pain lower after than before */
	LIMBER_COURSE_CLEARED,	/* a clinician cleared the user */
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

/* ------------------------------------------------------------------ */
/* Time, for the journal's stored UTC seconds.                         */

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
int64_t limber_days_from_civil(int y, int m, int d);
/* The civil date of a day number. */
void limber_civil_from_days(int64_t days, int *y, int *m, int *d);
/* The local day number of a time (days_from_civil of its local date). */
int64_t limber_local_day(int64_t t);
/*
 * "2026-11-25T16:01:28Z" (utc) or "2026-11-25T17:01:28+01:00" (local) into
 * buf, which should hold 32 bytes. Returns buf.
 */
const char *limber_time_iso(int64_t t, bool local, char *buf, size_t size);
/*
 * Parse "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM"/"-HH:MM", into
 * UTC seconds. Returns false for anything else, or a date that does not
 * exist.
 */
bool limber_time_parse(const char *s, int64_t *out);

/* ------------------------------------------------------------------ */
/* Opening.                                                            */

struct limber_journal;

/*
 * The journal's usual path: $XDG_DATA_HOME/limber/journal.db when
 * xdg_data_home is an absolute path, else $HOME/.local/share/limber/
 * journal.db. The values are passed in (the library reads no environment);
 * NULL when neither is usable. The caller frees the result.
 */
char *limber_journal_default_path(const char *xdg_data_home,
    const char *home);

/* Flags for limber_journal_open. */
#define LIMBER_JOURNAL_CREATE (1u << 0)	/* make it (and its folders) if missing */
/*
 * Open it for reading only, as a journal on read-only media (a read-only
 * mount, a folder the user may not write) must be: nothing is written,
 * not even the WAL index beside it, so no migration either (an older
 * journal gives LIMBER_ERR_INVALID, saying to open it once where it can
 * be written). Every write then fails.
 */
#define LIMBER_JOURNAL_READ_ONLY (1u << 1)

/*
 * Open the journal at path. With LIMBER_JOURNAL_CREATE, missing folders are
 * made 0700 (folders that exist are left as they are) and the file 0600.
 * Without it, a missing file gives LIMBER_ERR_NOT_FOUND and nothing is made.
 *
 * Before anything is written, the file is checked: a file that is not an
 * SQLite database, a damaged database, a database of another program, or a
 * journal from a newer limber (its schema version above
 * LIMBER_JOURNAL_VERSION) gives LIMBER_ERR_INVALID and is left exactly as
 * it was. An older schema is migrated, in one transaction. The journal runs
 * in WAL mode with foreign keys on. When another process holds the
 * journal, writes wait up to LIMBER_JOURNAL_BUSY_MS, then fail with
 * LIMBER_ERR_IO ("... is busy").
 *
 * The check for damage reads the whole file. It runs here when opening
 * writes (a new or older journal, or one not in WAL mode); for a journal
 * that is up to date and in WAL mode it runs before the first write
 * instead, which then fails with LIMBER_ERR_INVALID ("... is damaged"),
 * so that reading a large journal need not read all of it. Reads meet
 * damage only in the pages they read, and fail the same way.
 */
enum limber_status limber_journal_open(const char *path, unsigned flags,
    struct limber_journal **out, char **cause);
/*
 * Another connection to j's journal, read-only, for a thread that reads
 * while j writes (the web server's history): in WAL mode its reads see
 * the last commit and never wait for a writer. It never touches the file
 * but through SQLite: a journal already open in this process must never
 * be opened again with limber_journal_open, whose check of the file
 * would release this process's locks on it.
 */
enum limber_status limber_journal_open_reader(const struct limber_journal *j,
    struct limber_journal **out, char **cause);
/* Close; accepts NULL. */
void limber_journal_close(struct limber_journal *j);
const char *limber_journal_path(const struct limber_journal *j);

/*
 * A number that changes whenever what the journal holds may have changed,
 * by this process or another, so that a front end can keep what it read
 * until then (the web server does, for the check and the doses). It reads
 * no table; an error gives a number that matches no other.
 */
uint64_t limber_journal_version(struct limber_journal *j);

/*
 * How long this connection's writes wait for another program's to end
 * before they fail as busy, in milliseconds: LIMBER_JOURNAL_BUSY_MS from
 * opening. A server that must answer at once waits little and tries again
 * later (limber_recorder_flush). Reads in WAL mode do not wait for
 * writers.
 */
void limber_journal_set_wait(struct limber_journal *j, int ms);

/*
 * After a write that failed: true when the journal refused it before
 * anything was written (another program held it, or the disk was full),
 * so that the same write may be made again without being made twice.
 * False after any other failure (a damaged file; an I/O error, after
 * which the write may or may not be in).
 */
bool limber_journal_may_retry(const struct limber_journal *j);

/*
 * Mark every running session whose owner is gone as interrupted: its end
 * is the time of its last recorded progress, and its stretches, pain
 * scores and last completed step are kept. alive(pid) says whether a
 * process is still there (a front end uses kill(pid, 0)); a pid of 0 or
 * less (an imported session) is never alive. *count (when not NULL) gets
 * the number of sessions marked. Interrupted sessions are neutral for
 * progression: the streak of each stretch done in them starts again.
 */
enum limber_status limber_journal_recover(struct limber_journal *j,
    bool (*alive)(int pid), int *count, char **cause);

/* ------------------------------------------------------------------ */
/* Recording. Each call is one transaction: all of it, or nothing.     */

/*
 * A screening: the answers (pain, area, yes ids) and the verdict's level.
 * *id (when not NULL) gets its id, which a session may name.
 */
enum limber_status limber_journal_add_screening(struct limber_journal *j,
    int64_t at, const struct limber_answers *ans, enum limber_level verdict,
    int64_t *id, char **cause);

/*
 * A session starts: its plan (stored as limber_plan_to_json's text), the
 * screening it follows (0: none) and the pid of the process that runs it.
 * The session is "running" from now on, until session_end, or until a
 * recover after its process is gone. *id gets its id.
 */
enum limber_status limber_journal_session_begin(struct limber_journal *j,
    int64_t at, const struct limber_plan *plan, int64_t screening, int pid,
    int64_t *id, char **cause);

/*
 * The session has completed step last_step (the session engine's step
 * numbering, from 0; -1 before any). Call it as each step completes: a
 * session cut short is recorded as interrupted at this step.
 */
enum limber_status limber_journal_session_progress(struct limber_journal *j,
    int64_t session, int64_t at, int last_step, char **cause);

/* One stretch of a session, done or skipped. */
struct limber_stretch_done {
	const char *stretch;	/* stretch id */
	const char *variant;	/* variant id; NULL for the stretch as written */
	int reps;		/* repetitions done, 0..100 */
	int sides;		/* sides done, 0..2 */
	bool skipped;
};

enum limber_status limber_journal_add_stretch(struct limber_journal *j,
    int64_t session, int64_t at, const struct limber_stretch_done *sd,
    char **cause);

/* A pain score. */
struct limber_pain_entry {
	int64_t at;
	int value;			/* 0..10 */
	unsigned area;			/* enum limber_area bits; 0: not said */
	enum limber_score_kind kind;
	int64_t session;		/* 0 for LIMBER_SCORE_LOGGED, else the session */
	const char *note;		/* NULL: none */
};

/*
 * Record a pain score. A logged score belongs to no session; every other
 * kind belongs to one (LIMBER_ERR_INVALID otherwise). *id may be NULL.
 */
enum limber_status limber_journal_add_pain(struct limber_journal *j,
    const struct limber_pain_entry *p, int64_t *id, char **cause);

/*
 * The session ends: done, or stopped with a reason (required, such as
 * "pain rose by 2 points"), or interrupted. Its effect then moves the
 * dose of each stretch done in it (limber_progress_next, with the
 * catalog's ranges; stretches the catalog no longer has are left alone).
 * Ending a session that is not running is LIMBER_ERR_INVALID.
 */
enum limber_status limber_journal_session_end(struct limber_journal *j,
    int64_t session, int64_t at, enum limber_record_state state,
    const char *reason, const struct limber_catalog *cat, char **cause);

/*
 * A warning stop that reached the journal late: the front end showed the
 * stop at once but could not record it while the session ran (the page
 * lost its server, which was then started again). reason is the one the
 * stop is recorded with (it begins with LIMBER_WARNING_STOP_REASON). A
 * session that is running or was marked interrupted becomes stopped with
 * it, ended at `at` (or its last record, if later), and its doses move as
 * a stopped session's do. One stopped on a warning already is left as it
 * is. Any other (done, or stopped for another reason), and session 0 (the
 * warning came before the session was recorded), keep what they hold, and
 * the warning is kept as a note that begins with reason, which holds the
 * day as a warning stop does (limber_journal_day_hold).
 */
enum limber_status limber_journal_late_warning(struct limber_journal *j,
    int64_t session, int64_t at, const char *reason,
    const struct limber_catalog *cat, char **cause);

/* A note, on its own (session 0) or about a session. */
enum limber_status limber_journal_add_note(struct limber_journal *j,
    int64_t at, int64_t session, const char *text, char **cause);

/*
 * A clinician has cleared the user (`limber log --cleared`): the
 * worse-after-sessions rule starts again from here. note may be NULL.
 */
enum limber_status limber_journal_add_clearance(struct limber_journal *j,
    int64_t at, const char *note, char **cause);

/* ------------------------------------------------------------------ */
/* What the coach asks the journal.                                    */

/*
 * The rest of the day after a warning stop or an urgent or emergency
 * verdict (docs/safety.md, "The rest of the day"): no new session starts
 * until the next local day. Verdicts at LIMBER_HOLD_LEVEL or worse hold;
 * a note that begins with LIMBER_MISTAKE_NOTE, written after such a
 * verdict the same day, says that answer was a mistake and lifts it. A
 * warning stop is what the body did, not an answer: nothing lifts it. A
 * note that begins with LIMBER_WARNING_STOP_REASON (a warning that came
 * late, limber_journal_late_warning) holds as a warning stop does.
 */
#define LIMBER_HOLD_LEVEL LIMBER_LEVEL_URGENT
#define LIMBER_MISTAKE_NOTE "that answer was a mistake"
/*
 * A mistake note counts up to this many seconds before its time: taking
 * back an answer given in the same second, the page dates its note the
 * next second (the journal keeps whole seconds), a second ahead of the
 * clock. Any later note waits for its time (docs/safety.md, "When the
 * clock was wrong").
 */
#define LIMBER_MISTAKE_AHEAD_S 1

struct limber_day_hold {
	bool held;    /* no session may start today */
	bool warning; /* held by a warning stop (else a verdict) */
	int64_t at;   /* the warning stop's end, or the verdict's time */
	enum limber_level level; /* the verdict's level; GO for a warning */
	char *reason;		 /* the warning stop's reason; NULL otherwise */
	char **yes;		 /* the held verdict's yes answers */
	size_t nyes;
};

/*
 * Whether anything holds sessions back on now's local day. A verdict or a
 * mistake note counts only once now has reached it (a mistake note up to
 * LIMBER_MISTAKE_AHEAD_S before); a warning stop (or a warning kept as a
 * note) dated later today holds today all the same.
 */
enum limber_status limber_journal_day_hold(struct limber_journal *j,
    int64_t now, struct limber_day_hold *out, char **cause);
void limber_day_hold_release(struct limber_day_hold *h);

/*
 * What a held day means, in plain words for every front end: what happened
 * and when (when: the local time, given by the caller), what to do, and
 * for a verdict the questions answered yes and the worst one's advice.
 * Malloc'd; the caller frees it. Saying that the answer was a mistake is
 * the front end's to offer (a note that begins with LIMBER_MISTAKE_NOTE).
 */
char *limber_day_hold_text(const struct limber_day_hold *h, const char *when);

/*
 * Pain was worse after two sessions within 7 days (limber_answers), as
 * limber_worse_after_sessions() judges the sessions and clearances that
 * ended at or before now: one dated later can neither raise the flag nor
 * end it until now reaches it.
 */
enum limber_status limber_journal_worse_flag(struct limber_journal *j,
    int64_t now, bool *out, char **cause);

/* Pain no better after weeks of sessions (limber_no_improvement), now. */
enum limber_status limber_journal_no_improvement(struct limber_journal *j,
    int64_t now, bool *out, char **cause);

/*
 * The repetitions progression has set, one per stretch, for
 * limber_request.doses. Each session moved them as it ended, in the order
 * the sessions ended, whatever their dates say, so no time is read here.
 * The array and its strings are the caller's: free them with
 * limber_doses_free.
 */
enum limber_status limber_journal_doses(struct limber_journal *j,
    struct limber_dose **out, size_t *n, char **cause);
void limber_doses_free(struct limber_dose *d, size_t n);

/* The last screening, so the coach need not ask again too soon. */
struct limber_last_screening {
	bool found;		/* false: never screened; the rest is unset */
	int64_t at;
	enum limber_level verdict;
	int pain;
	unsigned area;
	bool used; /* a session has begun under it */
};

/* Within this many seconds of a go or caution, the coach may skip asking. */
#define LIMBER_SCREENING_FRESH_S (12 * 3600)

/* The screening with the latest time at or before now. */
enum limber_status limber_journal_last_screening(struct limber_journal *j,
    int64_t now, struct limber_last_screening *out, char **cause);
/* True when s was go or caution and at most LIMBER_SCREENING_FRESH_S old. */
bool limber_screening_fresh(const struct limber_last_screening *s,
    int64_t now);

/*
 * The next-day check. On the first run on a later local day than the end
 * of the last finished (done or stopped) session, if no session has
 * started since and its check is unanswered, the coach asks whether the
 * pain has settled back to where it was before that session. "Last" and
 * "since" count the sessions started at or before now.
 */
struct limber_next_day_check {
	bool due;		/* false: nothing to ask; the rest is unset */
	int64_t session;
	int64_t ended;
	int before, after;	/* the session's scores; -1 when not given */
	unsigned area;		/* of its before score; 0 when not said */
	bool worse;		/* the session already counts as worse */
};

enum limber_status limber_journal_next_day_due(struct limber_journal *j,
    int64_t now, struct limber_next_day_check *out, char **cause);

/*
 * The answer: pain now (0..10, recorded as a next-day score of the
 * session; -1 when not given) and whether it settled. Not settled makes
 * the session worse: its stretches lose a repetition as progression says
 * (with the catalog's ranges), and it counts for the worse-after-sessions
 * rule. A session can be answered once.
 */
enum limber_status limber_journal_next_day_answer(struct limber_journal *j,
    int64_t session, int64_t at, int pain, bool settled,
    const struct limber_catalog *cat, char **cause);

/*
 * Records dated after now, which the rules leave out until now reaches
 * them: the screenings, sessions (started or ended after now), pain scores
 * logged by hand, notes on their own and clearances, counted as the
 * history lists them. first is the earliest time after now that any of
 * them holds (a session's start or end): when now reaches it, what the
 * rules say may change with no write to the journal.
 */
struct limber_journal_future {
	size_t count;
	int64_t first; /* INT64_MAX when count is 0 */
};

enum limber_status limber_journal_future(struct limber_journal *j, int64_t now,
    struct limber_journal_future *out, char **cause);

/*
 * What a front end says when count > 0, in plain words: "The journal holds
 * 1 record dated after now (...)". Malloc'd; the caller frees it.
 */
char *limber_journal_future_text(size_t count);

/* ------------------------------------------------------------------ */
/* Reading the whole journal: history, statistics, export.             */

struct limber_journal_screening {
	int64_t id;
	int64_t at;
	int pain;
	unsigned area;
	char **yes;		/* question ids answered yes */
	size_t nyes;
	enum limber_level verdict;
};

struct limber_journal_stretch {
	int64_t at;
	char *stretch;
	char *variant;		/* NULL: the stretch as written */
	int reps, sides;
	bool skipped;
};

struct limber_journal_pain {
	int64_t at;
	int value;
	unsigned area;		/* 0: not said */
	enum limber_score_kind kind;
	char *note;		/* NULL: none */
};

struct limber_journal_note {
	int64_t at;
	char *text;
};

struct limber_journal_session {
	int64_t id;
	int64_t screening;	/* index in data->screenings; -1: none */
	char *plan;		/* the plan as JSON text */
	int64_t started;
	int64_t ended;		/* meaningless while running */
	enum limber_record_state state;
	char *reason;		/* why it stopped; NULL otherwise */
	int last_step;
	enum limber_next_day next_day;
	struct limber_journal_stretch *stretches;
	size_t nstretches;
	struct limber_journal_pain *pain;	/* in time order */
	size_t npain;
	struct limber_journal_note *notes;
	size_t nnotes;
	/* Derived, for readers: */
	int before, after;	/* as limber_session_effect takes them */
	enum limber_effect effect;
};

struct limber_journal_clearance {
	int64_t at;
	char *note;		/* NULL: none */
};

/* A reminder's prompt (`limber remind`, schema 3) and its answer. */
struct limber_journal_prompt {
	int64_t at;		/* when it was shown */
	char *schedule;		/* the config section's name */
	int kind;		/* enum limber_remind_kind */
	bool late;		/* shown late, after a suspend */
	int answer;		/* enum limber_remind_answer; 0: none */
	int64_t answered;	/* when; 0 when answer is none */
};

struct limber_journal_dose {
	char *stretch;
	int reps;
	int streak;
};

/* Everything in time order (ties in the order recorded). */
struct limber_journal_data {
	struct limber_journal_screening *screenings;
	size_t nscreenings;
	struct limber_journal_session *sessions;
	size_t nsessions;
	struct limber_journal_pain *pain;	/* logged by hand */
	size_t npain;
	struct limber_journal_note *notes;	/* on their own */
	size_t nnotes;
	struct limber_journal_clearance *clearances;
	size_t nclearances;
	struct limber_journal_dose *doses;	/* by stretch id */
	size_t ndoses;
	struct limber_journal_prompt *prompts;	/* reminders, by time */
	size_t nprompts;
};

/*
 * Read the journal: every record at or after since (sessions by their
 * start, with all they contain; INT64_MIN for all). Free with
 * limber_journal_data_free.
 */
enum limber_status limber_journal_load(struct limber_journal *j,
    int64_t since, struct limber_journal_data **out, char **cause);
void limber_journal_data_free(struct limber_journal_data *d);

/*
 * Where a page of the history ends: the oldest item it gave, by its time
 * (a session's start, a score's), its kind and its id. The history's
 * items are ordered newest first by all three.
 */
enum limber_history_kind {
	LIMBER_HISTORY_SESSION,
	/* A pain score logged by hand. */
	LIMBER_HISTORY_SCORE,
	LIMBER_HISTORY_KINDS,
};

/* kind: an enum limber_history_kind. */
struct limber_history_cursor {
	int64_t at;
	int kind;
	int64_t id;
};

/*
 * A page of the history, for a reader that must not load years at once
 * (the web server's History): of the sessions (with all they contain) and
 * the pain scores logged by hand at or after since, the latest limit
 * items taken together, older than before (NULL: from the newest), in
 * *out as limber_journal_load gives them (oldest first; no screenings,
 * notes on their own, clearances, doses or prompts). *more tells whether
 * older items remain; *next (set when the page holds any) is the cursor
 * to give as before for them. One read transaction. Free with
 * limber_journal_data_free.
 */
enum limber_status limber_journal_load_page(struct limber_journal *j,
    int64_t since, const struct limber_history_cursor *before, size_t limit,
    struct limber_journal_data **out, struct limber_history_cursor *next,
    bool *more, char **cause);
/* True when nothing at all is recorded. */
bool limber_journal_data_empty(const struct limber_journal_data *d);

/*
 * The export format (docs/journal.md): an object with "limber_journal":
 * LIMBER_EXPORT_VERSION and the arrays "screenings", "sessions", "pain",
 * "notes", "clearances", "doses" and "reminders". Times are ISO 8601
 * strings, in UTC
 * ("Z") or, with local, in local time with its offset.
 */
json_t *limber_journal_data_to_json(const struct limber_journal_data *d,
    bool local);

/* The kinds of a journal's top-level records, in their order at a tie. */
enum limber_journal_item_kind {
	LIMBER_ITEM_SCREENING,
	LIMBER_ITEM_SESSION,
	LIMBER_ITEM_PAIN,	/* a score logged by hand */
	LIMBER_ITEM_NOTE,
	LIMBER_ITEM_CLEARANCE,
	LIMBER_ITEM_KIND_COUNT,
};

struct limber_journal_item {
	int64_t at;				/* a session's start */
	enum limber_journal_item_kind kind;
	size_t i;				/* index in its array of d */
};

/*
 * The top-level records of d in time order (screenings first at a tie),
 * for front ends that list them: a malloc'd array of *n items that the
 * caller frees.
 */
struct limber_journal_item *limber_journal_data_items(
    const struct limber_journal_data *d, size_t *n);

/*
 * The same records as CSV (RFC 4180, header line first), one row per
 * screening, session, stretch, pain score, note and clearance, in time
 * order. A malloc'd string.
 */
char *limber_journal_data_to_csv(const struct limber_journal_data *d,
    bool local);

/*
 * How far after now an imported time may be: a day, for an export written
 * in another time zone or by a clock a little fast. Anything later is
 * refused (docs/safety.md, "When the clock was wrong").
 */
#define LIMBER_IMPORT_AHEAD_S 86400

/* What an import added, and what it found already there. */
struct limber_import_counts {
	size_t screenings, sessions, pain, notes, clearances, doses, prompts;
	size_t skipped;		/* records the journal already had */
};

/*
 * Add an export (JSON text) to the journal, in one transaction: either all
 * of it goes in or nothing does. name is used in messages. Every field is
 * checked; the first fault is named by its JSON path and, for syntax errors,
 * line and column: "FILE: sessions[3].pain[0].value: must be a whole number
 * from 0 to 10". Records the journal already holds (same times and values)
 * are skipped, so importing a file twice adds nothing. A dose is taken only
 * for a stretch the journal has no dose for. A time more than
 * LIMBER_IMPORT_AHEAD_S after now is a fault too: "FILE: sessions[3].started:
 * 2031-01-01T00:00:00Z is in the future (more than a day after now)".
 * counts may be NULL. With j NULL the text is only checked, so a front end
 * can refuse a bad file before it opens (or makes) a journal.
 */
enum limber_status limber_journal_import(struct limber_journal *j,
    const char *name, const char *text, size_t len, int64_t now,
    struct limber_import_counts *counts, char **cause);

/* ------------------------------------------------------------------ */
/* Statistics (lib/stats.c), a pure function of the data and "now".    */

#define LIMBER_STATS_WEEKS 4

/* Marks on a week whose mean moved 2 points or 30% from the start. */
enum limber_change_mark {
	LIMBER_CHANGE_NONE,
	LIMBER_CHANGE_BETTER,
	LIMBER_CHANGE_WORSE,
};

struct limber_stats_week {
	int64_t first_day, last_day;	/* local day numbers, 7 days */
	int sessions;			/* sessions started in the week */
	int npain;			/* pain scores counted */
	double mean_pain;		/* valid when npain > 0 */
	double change;			/* mean - start level; valid when marked or has_change */
	bool has_change;		/* has scores, and a start level before it */
	enum limber_change_mark mark;
};

struct limber_stats {
	int sessions;		/* all sessions */
	int done, stopped, interrupted, running;
	double per_week;	/* sessions a week over the last weeks (see docs) */
	int per_week_weeks;	/* how many weeks that mean covers; 0: none */
	double completion;	/* done / finished; valid when finished > 0 */
	int finished;		/* done + stopped + interrupted */
	double mean_change;	/* mean of after - before; valid when nchange > 0 */
	int nchange;
	struct limber_stats_week weeks[LIMBER_STATS_WEEKS];	/* oldest first */
	int start_week;		/* index of the start level's week; -1: none */
	double start_level;
	int streak;		/* local days in a row with a session, to today or yesterday */
	int npain;		/* all pain scores */
	bool empty;		/* no sessions and no pain scores */
};

/*
 * Compute the statistics at now. Weeks are the last 28 local days, as four
 * blocks of 7 ending today. Weekly mean pain counts the scores given before
 * and after sessions, at the next-day check and by hand (not those during a
 * session, which the stop rules judge). The start level is the first of
 * those weeks with scores; a later week whose mean differs from it by 2
 * points or more, or by 30% of it or more, is marked better or worse.
 */
void limber_stats_compute(const struct limber_journal_data *d, int64_t now,
    struct limber_stats *out);

/*
 * The same statistics as limber_stats_compute() on the whole journal
 * (limber_journal_load() since INT64_MIN), read straight from it: counts
 * and sums in SQL, and only the sessions and scores of the last weeks and
 * of the streak. So it takes milliseconds however long the journal, where
 * loading it all takes seconds on a journal of years. On failure *out is
 * zeroed.
 */
enum limber_status limber_journal_stats(struct limber_journal *j,
    int64_t now, struct limber_stats *out, char **cause);
json_t *limber_stats_to_json(const struct limber_stats *s);

#endif /* LIMBER_JOURNAL_H */
