/*
 * journal-read.h - the journal read back (lib/journal-read.c): all of it
 * since a time, for the history, the statistics and the exports, or a page
 * of the history at a time.
 *
 * What is read is plain data (struct limber_journal_data), owned by the
 * caller; export.h turns it into JSON or CSV and stats.h into statistics,
 * neither of which touches the file.
 */
#ifndef LIMBER_JOURNAL_READ_H
#define LIMBER_JOURNAL_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "limber/journal.h"
#include "limber/progress.h"

struct limber_journal;

struct limber_journal_screening {
	int64_t id;
	int64_t at;
	int pain;
	unsigned area;
	char **yes; /* question ids answered yes */
	size_t nyes;
	enum limber_level verdict;
};

struct limber_journal_stretch {
	int64_t at;
	char *stretch;
	char *variant; /* NULL: the stretch as written */
	int reps, sides;
	bool skipped;
};

struct limber_journal_pain {
	int64_t at;
	int value;
	unsigned area; /* 0: not said */
	enum limber_score_kind kind;
	char *note; /* NULL: none */
};

struct limber_journal_note {
	int64_t at;
	char *text;
};

struct limber_journal_session {
	int64_t id;
	int64_t screening; /* index in data->screenings; -1: none */
	char *plan;	   /* the plan as JSON text */
	int64_t started;
	int64_t ended; /* meaningless while running */
	enum limber_record_state state;
	char *reason; /* why it stopped; NULL otherwise */
	int last_step;
	enum limber_next_day next_day;
	struct limber_journal_stretch *stretches;
	size_t nstretches;
	struct limber_journal_pain *pain; /* in time order */
	size_t npain;
	struct limber_journal_note *notes;
	size_t nnotes;
	/* Derived, for readers: */
	int before, after; /* as limber_session_effect takes them */
	enum limber_effect effect;
};

struct limber_journal_clearance {
	int64_t at;
	char *note; /* NULL: none */
};

/* A reminder's prompt (`limber remind`, schema 3) and its answer. */
struct limber_journal_prompt {
	int64_t at;	  /* when it was shown */
	char *schedule;	  /* the config section's name */
	int kind;	  /* enum limber_remind_kind */
	bool late;	  /* shown late, after a suspend */
	int answer;	  /* enum limber_remind_answer; 0: none */
	int64_t answered; /* when; 0 when answer is none */
};

/* A PEG asking (schema 4): skipped, or its three answers. */
struct limber_journal_peg {
	int64_t at;
	bool skipped;
	int pain, enjoyment, activity; /* -1 when skipped */
};

/* A PSFS asking (schema 4): its activities and their scores. */
struct limber_journal_psfs {
	int64_t at;
	size_t n; /* 0: skipped */
	char *activity[LIMBER_PSFS_MAX];
	int score[LIMBER_PSFS_MAX];
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
	struct limber_journal_pain *pain; /* logged by hand */
	size_t npain;
	struct limber_journal_note *notes; /* on their own */
	size_t nnotes;
	struct limber_journal_clearance *clearances;
	size_t nclearances;
	struct limber_journal_dose *doses; /* by stretch id */
	size_t ndoses;
	struct limber_journal_prompt *prompts; /* reminders, by time */
	size_t nprompts;
	struct limber_journal_peg *pegs; /* PEG askings, by time */
	size_t npegs;
	struct limber_journal_psfs *psfs; /* PSFS askings, by time */
	size_t npsfs;
};

/*
 * Read the journal: every record at or after since (sessions by their
 * start, with all they contain; INT64_MIN for all). Free with
 * limber_journal_data_free.
 */
enum limber_status limber_journal_load(struct limber_journal *j, int64_t since,
    struct limber_journal_data **out, char **cause);
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

#endif /* LIMBER_JOURNAL_READ_H */
