/*
 * journal-db.h - what the journal's parts share and do not export: the
 * open journal itself and the few helpers every statement goes through.
 *
 * The journal is one SQLite file, and each part that touches it
 * (journal.c, the store; journal-read.c; stats.c; import.c; remind.c for
 * the reminders' prompts) reaches it through struct limber_journal and
 * these helpers, so that every error becomes a cause the same way
 * (db_fail) and every write takes the same lock (db_begin). They are
 * defined in journal.c, which owns the file. export.c never includes
 * this: it works on data already read.
 */
#ifndef LIMBER_JOURNAL_DB_H
#define LIMBER_JOURNAL_DB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "internal.h"
#include "limber/limber.h"
#include "util.h"

struct limber_journal {
	sqlite3 *db;
	char *path;
	char *err;	 /* the last SQLite message, for causes */
	bool checked;	 /* PRAGMA quick_check has passed (check_pages) */
	uint64_t unread; /* versions that could not be read */
	/* How long a write waits for another program's (busy). */
	int wait_ms;
	/* The last write failed before anything was written. */
	bool retry;
};

#define GROW(arr, n) ((arr) = xreallocarray((arr), (n) + 1, sizeof *(arr)))

/* ------------------------------------------------------------------ */
/* Statements (journal.c). SQLite's codes, the message kept in j->err. */

/* Keep SQLite's last message in j->err. */
void db_set_err(struct limber_journal *j);
/*
 * Bind the arguments fmt describes, from index 1: 'I' an int64_t, 'i' an
 * int, 's' a const char * (NULL binds null), 'z' an int64_t bound as null
 * when 0 (an optional reference).
 */
int db_bind_args(sqlite3_stmt *st, const char *fmt, va_list ap);
/* Prepare sql and bind the arguments fmt describes. */
int db_prepare(struct limber_journal *j, sqlite3_stmt **st, const char *sql,
    const char *fmt, ...);
/* Step; SQLITE_ROW or SQLITE_DONE, else the error. */
int db_step(struct limber_journal *j, sqlite3_stmt *st);
/*
 * Step to the next row while *rc says all is well; false at the end (*rc
 * is then SQLITE_DONE) or on an error (*rc keeps it).
 */
bool db_next_row(struct limber_journal *j, sqlite3_stmt *st, int *rc);
/* Run one statement to its end; *rowid (when not NULL) gets the new row's id. */
int db_run(struct limber_journal *j, int64_t *rowid, const char *sql,
    const char *fmt, ...);
/* One integer from a query; *found false when it has no row. */
int db_int(struct limber_journal *j, int64_t *out, bool *found, const char *sql,
    const char *fmt, ...);
/* Column i as a malloc'd string; NULL for null. */
char *db_text(sqlite3_stmt *st, int i);

/* A write transaction; the first of an open journal checks it whole first. */
int db_begin(struct limber_journal *j);
int db_commit(struct limber_journal *j);
void db_rollback(struct limber_journal *j);
/* A cause for an SQLite failure; rolls back any open transaction. */
enum limber_status db_fail(struct limber_journal *j, int rc, char **cause);
/* Set *cause (when not NULL) to the message; returns status. */
enum limber_status journal_fail(char **cause, enum limber_status status,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ------------------------------------------------------------------ */
/* Sessions' facts, as the rules take them (journal.c).                */

struct session_facts {
	int64_t id, started, ended;
	enum limber_record_state state;
	enum limber_next_day next_day;
	int before, after;
	bool warning; /* stopped by a warning: LIMBER_WARNING_STOP_REASON */
};

#define FACTS_COLUMNS \
	"SELECT s.id, s.started, coalesce(s.ended, s.updated), s.state, " \
	"s.next_day, " \
	"(SELECT value FROM pain WHERE session = s.id AND kind = 'before' " \
	"  ORDER BY at, id LIMIT 1), " \
	"(SELECT value FROM pain WHERE session = s.id AND kind = 'after' " \
	"  ORDER BY at DESC, id DESC LIMIT 1), " \
	"(SELECT value FROM pain WHERE session = s.id AND kind = 'during' " \
	"  ORDER BY at DESC, id DESC LIMIT 1), " \
	"(s.state = 'stopped' AND substr(s.reason, 1, " \
	"  length('" LIMBER_WARNING_STOP_REASON \
	"')) = '" LIMBER_WARNING_STOP_REASON "')"

/* A row of FACTS_COLUMNS. */
void journal_read_facts(sqlite3_stmt *st, struct session_facts *f);
/* The effect of a session on the pain; a warning stop is worse. */
enum limber_effect journal_facts_effect(const struct session_facts *f);

/* A verdict's level from its stored name; -1 for NULL or unknown. */
int journal_level_parse(const char *s);

/*
 * The rules for a PSFS asking's activities (journal.c), which import
 * follows too: one name, and a whole asking.
 */
enum limber_status journal_psfs_name_check(const char *name, char **cause);
enum limber_status journal_psfs_check(const struct limber_psfs_item *v,
    size_t n, char **cause);

/* A reminder's kind from its stored name; -1 if unknown (remind.c). */
int journal_remind_kind_parse(const char *s);

#endif /* LIMBER_JOURNAL_DB_H */
