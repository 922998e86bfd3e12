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
 * This header is the store (lib/journal.c): opening the file, recording,
 * and what the coach asks of it before a session. The journal's other
 * parts each have their own header, named after the file that defines
 * it: progress.h (the names of its records and the rules they feed),
 * calendar.h (days and times), journal-read.h (reading it back),
 * export.h, import.h, stats.h, and remind.h for the reminders' prompts.
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
 * path and what is wrong, in the calling thread's language (what SQLite
 * itself says stays English). The caller frees it. What the journal
 * stores (states, kinds, a stop's reason) is English for every language.
 */
#ifndef LIMBER_JOURNAL_H
#define LIMBER_JOURNAL_H

/*
 * The Patient-Specific Functional Scale's activities at one asking, and
 * the bytes of an activity's name. Before the includes: limber.h, included
 * below, includes journal-read.h, whose records are sized by them.
 */
#define LIMBER_PSFS_MAX 3
#define LIMBER_PSFS_NAME_MAX 100 /* bytes of an activity's name */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "limber/calendar.h"
#include "limber/limber.h"
#include "limber/progress.h"

/* The schema version this build writes and the newest it can read. */
#define LIMBER_JOURNAL_VERSION 4
/* How long a write waits for another limber holding the journal. */
#define LIMBER_JOURNAL_BUSY_MS 3000

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
 * A count of the journal's changes: a number that changes whenever what
 * the journal holds may have changed, by this process or another, so that
 * a front end can keep what it read until then (the web server does, for
 * the check and the doses). It is not the schema's version
 * (LIMBER_JOURNAL_VERSION) and says nothing on its own: only whether it
 * moved. It reads no table; an error gives a number that matches no other.
 */
uint64_t limber_journal_change_count(struct limber_journal *j);

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

/*
 * The longest note the journal takes, in bytes, wherever a note is given
 * (a note, a pain score's, a clearance's): a longer one is refused with
 * LIMBER_ERR_INVALID. The journal is not a diary. Front ends refuse one
 * before it gets here, in their own words.
 */
#define LIMBER_NOTE_MAX 2000

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
/* Outcome measures (docs/report.md, "Outcome measures").              */

/*
 * How often each is asked at the start of a session: project policy, not
 * part of either instrument. A skip counts as an asking, so a person who
 * says "not now" is not asked again until the time has passed.
 */
#define LIMBER_PEG_EVERY_S (7 * LIMBER_DAY_S)	/* policy */
#define LIMBER_PSFS_EVERY_S (14 * LIMBER_DAY_S) /* policy */
/* LIMBER_PSFS_MAX and LIMBER_PSFS_NAME_MAX: at the top of this header. */

/* PEG-3 (Krebs et al. 2009): three answers, 0..10 each. */
struct limber_peg {
	int pain, enjoyment, activity;
};

/* One activity of the PSFS and its score, 0 (cannot) .. 10 (as before). */
struct limber_psfs_item {
	const char *activity;
	int score;
};

/*
 * A PEG asking at `at`: p NULL records it as asked and skipped. A value
 * outside 0..10 is LIMBER_ERR_INVALID, naming it.
 */
enum limber_status limber_journal_add_peg(struct limber_journal *j, int64_t at,
    const struct limber_peg *p, char **cause);

/*
 * A PSFS asking at `at`: n 1..LIMBER_PSFS_MAX activities scored; n 0:
 * asked and skipped. Names: non-empty UTF-8, at most LIMBER_PSFS_NAME_MAX
 * bytes, no control characters, distinct; scores 0..10. Anything else is
 * LIMBER_ERR_INVALID, naming what is wrong, and nothing is recorded.
 */
enum limber_status limber_journal_add_psfs(struct limber_journal *j, int64_t at,
    const struct limber_psfs_item *v, size_t n, char **cause);

/*
 * The askings of one sitting, in one transaction: the PEG when peg_asked
 * (peg NULL: skipped) and the PSFS when psfs_asked (n 0: skipped), each
 * checked as above first. Both go in, or neither does (a journal that
 * refuses the second write leaves no first).
 */
enum limber_status limber_journal_add_measures(struct limber_journal *j,
    int64_t at, bool peg_asked, const struct limber_peg *peg, bool psfs_asked,
    const struct limber_psfs_item *v, size_t n, char **cause);

/*
 * Which measures are due at now: PEG when no PEG asking (answered or
 * skipped) lies within LIMBER_PEG_EVERY_S before now, PSFS likewise with
 * LIMBER_PSFS_EVERY_S. An asking dated after now does not count (as for
 * the other rules). activity holds the activities of the last PSFS asking
 * that was answered, to score again. Free with limber_measures_due_free.
 */
struct limber_measures_due {
	bool peg, psfs;			 /* due now */
	char *activity[LIMBER_PSFS_MAX]; /* the last asking's activities */
	size_t nactivity; /* 0: none yet, ask the person to name them */
};

enum limber_status limber_journal_measures_due(struct limber_journal *j,
    int64_t now, struct limber_measures_due *out, char **cause);
void limber_measures_due_free(struct limber_measures_due *d);

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
 * for a verdict the questions answered yes and the worst one's advice,
 * in the calling thread's language. Malloc'd; the caller frees it.
 * Saying that the answer was a mistake is the front end's to offer (a
 * note that begins with LIMBER_MISTAKE_NOTE).
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

/*
 * What the planner reads of the journal besides the doses: the
 * programme's stage, replayed over every session in the order they started
 * (limber_stage_next), leaving out any that starts after now; and when each
 * exercise was last done, not skipped (limber_request.recent, ago_s counted
 * back from now). Free with limber_plan_history_release.
 */
struct limber_plan_history {
	int stage;
	struct limber_recent *recent;
	size_t nrecent;
};

enum limber_status limber_journal_plan_history(struct limber_journal *j,
    int64_t now, struct limber_plan_history *out, char **cause);
void limber_plan_history_release(struct limber_plan_history *h);

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
 * The answer: pain now (LIMBER_PAIN_MIN to LIMBER_PAIN_MAX, recorded as
 * a next-day score of the session; LIMBER_PAIN_NOT_GIVEN when not given)
 * and whether it settled. Not settled makes the session worse: its
 * stretches lose a repetition as progression says (with the catalog's
 * ranges), and it counts for the worse-after-sessions rule. A session can
 * be answered once.
 */
enum limber_status limber_journal_next_day_answer(struct limber_journal *j,
    int64_t session, int64_t at, int pain, bool settled,
    const struct limber_catalog *cat, char **cause);

/*
 * Records dated after now, which the rules leave out until now reaches
 * them: the screenings, sessions (started or ended after now), pain scores
 * logged by hand, notes on their own, clearances and the outcome
 * measures' askings (limber_journal_measures_due leaves them out), counted
 * as the history lists them. first is the earliest time after now that any of
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

#endif /* LIMBER_JOURNAL_H */
