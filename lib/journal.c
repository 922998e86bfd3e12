/*
 * journal.c - the journal's store: its SQLite file opened safely and
 * migrated, each thing recorded as it happens, and what the coach asks of
 * it before a session (include/limber/journal.h).
 *
 * The shape follows from one promise: a coach killed at any moment (kill
 * -9, a flat battery) leaves a valid journal with nothing earlier lost. So
 * SQLite in WAL mode, each write its own transaction, a session row written
 * when the session starts ("running", with its owner's pid) and every
 * stretch, pain score and completed step committed as it happens; a later
 * run marks sessions whose process has gone as interrupted
 * (limber_journal_recover).
 *
 * The second promise is that limber never damages a file it does not
 * understand: a file that is not an SQLite database, a damaged one, another
 * program's database, or a journal written by a newer limber is refused
 * before anything is written to it.
 *
 * The journal's other parts are files of their own, as the session engine
 * is session.c and record.c: reading it back (journal-read.c), statistics
 * (stats.c), JSON and CSV export (export.c, which never touches SQLite),
 * import (import.c) and the reminders' prompts (remind.c). They reach the
 * file through struct limber_journal and the statement helpers defined
 * here and declared in journal-db.h, so that every failure becomes a cause
 * in one way. The rules the data feeds (progression, the
 * worse-after-sessions flag) are pure functions in progress.c. The schema
 * and the export format are described in docs/journal.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "i18n.h"
#include "internal.h"
#include "journal-db.h"
#include "limber/limber.h"
#include "util.h"

/* PRAGMA application_id of a limber journal: "Lmbr". */
#define JOURNAL_APP_ID 0x4c6d6272

/* ------------------------------------------------------------------ */
/* The schema. Each entry moves the schema from version i to i + 1.    */

/*
 * A session's scores as limber_session_effect takes them (FACTS_COLUMNS
 * in journal-db.h): its first before score, and its last after score or, without
 * one, its last during score. NULL when there is none. These macros are
 * part of migration 2 and, like it, must never change: a new rule is a
 * new migration.
 */
#define SCORE_BEFORE(id) \
	"(SELECT value FROM pain WHERE session = " id " AND kind = 'before'\n" \
	"      ORDER BY at, id LIMIT 1)"
#define SCORE_AFTER(id) \
	"coalesce(\n" \
	"      (SELECT value FROM pain WHERE session = " id " AND kind = 'after'\n" \
	"        ORDER BY at DESC, id DESC LIMIT 1),\n" \
	"      (SELECT value FROM pain WHERE session = " id " AND kind = 'during'\n" \
	"        ORDER BY at DESC, id DESC LIMIT 1))"
/*
 * Trigger steps that set session_score for a session. Upsert only for a
 * score being added (a logged one has no session: WHERE skips it); a
 * score going away only updates, so that a cascade from a session being
 * deleted never makes a row for it again.
 */
#define SCORE_UPSERT(id) \
	"  INSERT INTO session_score (session, pain_before, pain_after)\n" \
	"  SELECT " id ",\n" \
	"    " SCORE_BEFORE(id) ",\n" \
	"    " SCORE_AFTER(id) "\n" \
	"  WHERE " id " IS NOT NULL\n" \
	"  ON CONFLICT (session) DO UPDATE SET\n" \
	"    pain_before = excluded.pain_before,\n" \
	"    pain_after = excluded.pain_after;\n"
#define SCORE_UPDATE(id) \
	"  UPDATE session_score SET\n" \
	"    pain_before = " SCORE_BEFORE(id) ",\n" \
	"    pain_after = " SCORE_AFTER(id) "\n" \
	"  WHERE session = " id ";\n"

/*
 * The SQL is laid out as SQL reads, a line of text a line of code; the
 * formatter would pack the strings and the macros between them.
 */
/* clang-format off */
static const char *const migrations[LIMBER_JOURNAL_VERSION] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE screening (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at INTEGER NOT NULL,\n"
	"  pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),\n"
	"  area TEXT NOT NULL CHECK (area IN ('upper', 'lower', 'both')),\n"
	"  verdict TEXT NOT NULL CHECK (verdict IN ('go', 'caution',\n"
	"    'see-clinician', 'urgent', 'emergency'))\n"
	");\n"
	"CREATE TABLE screening_yes (\n"
	"  screening INTEGER NOT NULL REFERENCES screening(id) ON DELETE CASCADE,\n"
	"  pos INTEGER NOT NULL,\n"
	"  question TEXT NOT NULL,\n"
	"  PRIMARY KEY (screening, pos)\n"
	");\n"
	"CREATE TABLE session (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  screening INTEGER REFERENCES screening(id) ON DELETE SET NULL,\n"
	"  plan TEXT NOT NULL,\n"
	"  started INTEGER NOT NULL,\n"
	"  updated INTEGER NOT NULL,\n"
	"  ended INTEGER,\n"
	"  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'stopped',\n"
	"    'interrupted')),\n"
	"  reason TEXT,\n"
	"  pid INTEGER NOT NULL DEFAULT 0,\n"
	"  last_step INTEGER NOT NULL DEFAULT -1 CHECK (last_step >= -1),\n"
	"  next_day TEXT CHECK (next_day IN ('settled', 'not-settled')),\n"
	"  CHECK ((state = 'running') = (ended IS NULL)),\n"
	"  CHECK (state <> 'stopped' OR reason IS NOT NULL)\n"
	");\n"
	"CREATE INDEX session_started ON session(started);\n"
	"CREATE INDEX session_state ON session(state);\n"
	"CREATE TABLE stretch (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  session INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,\n"
	"  at INTEGER NOT NULL,\n"
	"  stretch TEXT NOT NULL,\n"
	"  variant TEXT,\n"
	"  reps INTEGER NOT NULL CHECK (reps BETWEEN 0 AND 100),\n"
	"  sides INTEGER NOT NULL CHECK (sides BETWEEN 0 AND 2),\n"
	"  skipped INTEGER NOT NULL CHECK (skipped IN (0, 1))\n"
	");\n"
	"CREATE INDEX stretch_session ON stretch(session);\n"
	"CREATE TABLE pain (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at INTEGER NOT NULL,\n"
	"  value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10),\n"
	"  area TEXT CHECK (area IN ('upper', 'lower', 'both')),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('before', 'during', 'after',\n"
	"    'next-day', 'logged')),\n"
	"  session INTEGER REFERENCES session(id) ON DELETE CASCADE,\n"
	"  note TEXT,\n"
	"  CHECK ((kind = 'logged') = (session IS NULL))\n"
	");\n"
	"CREATE INDEX pain_session ON pain(session);\n"
	"CREATE INDEX pain_at ON pain(at);\n"
	"CREATE TABLE note (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at INTEGER NOT NULL,\n"
	"  session INTEGER REFERENCES session(id) ON DELETE CASCADE,\n"
	"  text TEXT NOT NULL CHECK (length(text) > 0)\n"
	");\n"
	"CREATE TABLE clearance (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at INTEGER NOT NULL,\n"
	"  note TEXT\n"
	");\n"
	"CREATE TABLE dose (\n"
	"  stretch TEXT PRIMARY KEY,\n"
	"  reps INTEGER NOT NULL CHECK (reps BETWEEN 1 AND 100),\n"
	"  streak INTEGER NOT NULL DEFAULT 0 CHECK (streak >= 0)\n"
	");\n",

	/*
	 * 1 -> 2: each session's before and after scores kept in
	 * session_score by triggers, so that the statistics sum them without
	 * looking up every session's scores; and the index those look-ups
	 * take (it serves whatever pain_session did, so that goes).
	 */
	"CREATE INDEX pain_session_kind ON pain(session, kind, at);\n"
	"DROP INDEX pain_session;\n"
	"CREATE TABLE session_score (\n"
	"  session INTEGER PRIMARY KEY REFERENCES session(id) ON DELETE CASCADE,\n"
	"  pain_before INTEGER,\n"
	"  pain_after INTEGER\n"
	");\n"
	"INSERT INTO session_score (session, pain_before, pain_after)\n"
	"  SELECT s.id,\n"
	"    " SCORE_BEFORE("s.id") ",\n"
	"    " SCORE_AFTER("s.id") "\n"
	"  FROM session s WHERE EXISTS (SELECT 1 FROM pain WHERE session = s.id\n"
	"    AND kind IN ('before', 'during', 'after'));\n"
	"CREATE TRIGGER pain_score_insert AFTER INSERT ON pain\n"
	"WHEN NEW.kind IN ('before', 'during', 'after') BEGIN\n"
	SCORE_UPSERT("NEW.session")
	"END;\n"
	"CREATE TRIGGER pain_score_delete AFTER DELETE ON pain\n"
	"WHEN OLD.kind IN ('before', 'during', 'after') BEGIN\n"
	SCORE_UPDATE("OLD.session")
	"END;\n"
	"CREATE TRIGGER pain_score_update\n"
	"AFTER UPDATE OF id, at, value, kind, session ON pain BEGIN\n"
	SCORE_UPDATE("OLD.session")
	SCORE_UPSERT("NEW.session")
	"END;\n",

	/*
	 * 2 -> 3: reminders (`limber remind`, docs/remind.md): each prompt
	 * shown and the answer given to it, if any, for adherence.
	 */
	"CREATE TABLE reminder (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at INTEGER NOT NULL,\n"
	"  schedule TEXT NOT NULL CHECK (length(schedule) BETWEEN 1 AND 40),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('every', 'at', 'after-workout')),\n"
	"  late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),\n"
	"  answer TEXT CHECK (answer IN ('started', 'snoozed', 'skipped')),\n"
	"  answered INTEGER,\n"
	"  CHECK ((answer IS NULL) = (answered IS NULL))\n"
	");\n"
	"CREATE INDEX reminder_at ON reminder(at);\n",

	/*
	 * 3 -> 4: the outcome measures (docs/journal.md): each PEG-3 asking
	 * (all three answers null: asked and skipped) and each PSFS asking
	 * with its activities' scores (none: skipped).
	 */
	"CREATE TABLE peg (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at INTEGER NOT NULL,\n"
	"  pain INTEGER CHECK (pain BETWEEN 0 AND 10),\n"
	"  enjoyment INTEGER CHECK (enjoyment BETWEEN 0 AND 10),\n"
	"  activity INTEGER CHECK (activity BETWEEN 0 AND 10),\n"
	"  CHECK ((pain IS NULL) = (enjoyment IS NULL) AND\n"
	"    (pain IS NULL) = (activity IS NULL))\n"
	");\n"
	"CREATE INDEX peg_at ON peg(at);\n"
	"CREATE TABLE psfs (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at INTEGER NOT NULL\n"
	");\n"
	"CREATE INDEX psfs_at ON psfs(at);\n"
	"CREATE TABLE psfs_score (\n"
	"  psfs INTEGER NOT NULL REFERENCES psfs(id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 2),\n"
	"  activity TEXT NOT NULL CHECK (length(activity) > 0),\n"
	"  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),\n"
	"  PRIMARY KEY (psfs, position),\n"
	"  UNIQUE (psfs, activity)\n"
	");\n",
};
/* clang-format on */

/* ------------------------------------------------------------------ */
/* SQLite helpers.                                                     */

void
db_set_err(struct limber_journal *j)
{
	free(j->err);
	j->err = xstrdup(sqlite3_errmsg(j->db));
}

/*
 * Bind the arguments fmt describes, from index 1: 'I' an int64_t, 'i' an
 * int, 's' a const char * (NULL binds null), 'z' an int64_t bound as null
 * when 0 (an optional reference).
 */
int
db_bind_args(sqlite3_stmt *st, const char *fmt, va_list ap)
{
	int rc = SQLITE_OK;

	for (int i = 1; *fmt != '\0' && rc == SQLITE_OK; fmt++, i++) {
		int64_t v;
		const char *s;

		switch (*fmt) {
		case 'I':
			rc = sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
			break;
		case 'i':
			rc = sqlite3_bind_int(st, i, va_arg(ap, int));
			break;
		case 's':
			s = va_arg(ap, const char *);
			rc = s != NULL ? sqlite3_bind_text(st, i, s, -1,
			    SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
			break;
		case 'z':
			v = va_arg(ap, int64_t);
			rc = v != 0 ? sqlite3_bind_int64(st, i, v) :
			    sqlite3_bind_null(st, i);
			break;
		default:
			rc = SQLITE_MISUSE;
			break;
		}
	}
	return rc;
}

int
db_prepare(struct limber_journal *j, sqlite3_stmt **st, const char *sql,
    const char *fmt, ...)
{
	va_list ap;
	int rc;

	*st = NULL;
	rc = sqlite3_prepare_v2(j->db, sql, -1, st, NULL);
	if (rc != SQLITE_OK) {
		db_set_err(j);
		return rc;
	}
	va_start(ap, fmt);
	rc = db_bind_args(*st, fmt, ap);
	va_end(ap);
	if (rc != SQLITE_OK) {
		db_set_err(j);
		sqlite3_finalize(*st);
		*st = NULL;
	}
	return rc;
}

/* Step; SQLITE_ROW or SQLITE_DONE, else the error (kept in j->err). */
int
db_step(struct limber_journal *j, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		db_set_err(j);
	return rc;
}

/*
 * Step to the next row while *rc says all is well (SQLITE_OK after a
 * prepare or a row's work, SQLITE_ROW); false at the end (*rc is then
 * SQLITE_DONE) or on an error (*rc keeps it).
 */
bool
db_next_row(struct limber_journal *j, sqlite3_stmt *st, int *rc)
{
	if (*rc != SQLITE_OK && *rc != SQLITE_ROW)
		return false;
	*rc = db_step(j, st);
	return *rc == SQLITE_ROW;
}

/* Run one statement to its end; *rowid (when not NULL) gets the new row's id. */
int
db_run(struct limber_journal *j, int64_t *rowid, const char *sql,
    const char *fmt, ...)
{
	sqlite3_stmt *st = NULL;
	va_list ap;
	int rc;

	rc = sqlite3_prepare_v2(j->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		db_set_err(j);
		return rc;
	}
	va_start(ap, fmt);
	rc = db_bind_args(st, fmt, ap);
	va_end(ap);
	if (rc == SQLITE_OK) {
		while ((rc = db_step(j, st)) == SQLITE_ROW)
			;
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	} else
		db_set_err(j);
	if (rc == SQLITE_OK && rowid != NULL)
		*rowid = sqlite3_last_insert_rowid(j->db);
	sqlite3_finalize(st);
	return rc;
}

/*
 * One integer from a query; SQLITE_OK with *found false when it has no
 * row (found may be NULL when a row is certain).
 */
int
db_int(struct limber_journal *j, int64_t *out, bool *found, const char *sql,
    const char *fmt, ...)
{
	sqlite3_stmt *st = NULL;
	va_list ap;
	int rc;

	rc = sqlite3_prepare_v2(j->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		db_set_err(j);
		return rc;
	}
	va_start(ap, fmt);
	rc = db_bind_args(st, fmt, ap);
	va_end(ap);
	if (rc != SQLITE_OK) {
		db_set_err(j);
		sqlite3_finalize(st);
		return rc;
	}
	rc = db_step(j, st);
	if (found != NULL)
		*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		*out = 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

char *
db_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

static int check_pages(struct limber_journal *j);

/* A write transaction; the first of an open journal checks it whole first. */
int
db_begin(struct limber_journal *j)
{
	int rc;

	j->retry = false;
	if (!j->checked && (rc = check_pages(j)) != SQLITE_OK)
		return rc;
	return db_run(j, NULL, "BEGIN IMMEDIATE", "");
}

int
db_commit(struct limber_journal *j)
{
	return db_run(j, NULL, "COMMIT", "");
}

void
db_rollback(struct limber_journal *j)
{
	/* No db: sqlite3_open_v2 found no memory for one. */
	if (j->db != NULL && !sqlite3_get_autocommit(j->db))
		sqlite3_exec(j->db, "ROLLBACK", NULL, NULL, NULL);
}

/* A cause for an SQLite failure; rolls back any open transaction. */
enum limber_status
db_fail(struct limber_journal *j, int rc, char **cause)
{
	enum limber_status status = LIMBER_ERR_IO;
	char *msg;

	/* Refused before anything was written: the same write may be made
	   again (limber_journal_may_retry). */
	j->retry = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ||
	    (rc & 0xff) == SQLITE_FULL;
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		if (j->wait_ms >= 1000)
			msg = xasprintf(
			    _("%s: the journal is busy: another "
			      "program (perhaps another limber) is writing to it "
			      "and did not finish within %d seconds; try again "
			      "when it is done"),
			    j->path, j->wait_ms / 1000);
		else
			msg = xasprintf(
			    _("%s: the journal is busy: another "
			      "program (perhaps another limber, importing) is "
			      "writing to it"),
			    j->path);
		break;
	case SQLITE_NOTADB:
		msg = xasprintf(_("%s: not a limber journal (not an SQLite "
				  "database); it was left untouched"),
		    j->path);
		status = LIMBER_ERR_INVALID;
		break;
	case SQLITE_CORRUPT:
		msg = xasprintf(
		    _("%s: the journal is damaged (%s); it was left "
		      "untouched"),
		    j->path, j->err != NULL ? j->err : _("corrupt"));
		status = LIMBER_ERR_INVALID;
		break;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		msg = xasprintf(_("%s: the journal cannot be written: %s"),
		    j->path, j->err != NULL ? j->err : _("permission denied"));
		break;
	case SQLITE_FULL:
		msg = xasprintf(_("%s: the disk is full; nothing was recorded"),
		    j->path);
		break;
	case SQLITE_CONSTRAINT:
		msg = xasprintf(_("%s: the record breaks a rule of the journal "
				  "(%s); nothing was recorded"),
		    j->path, j->err != NULL ? j->err : _("constraint"));
		status = LIMBER_ERR_INVALID;
		break;
	default:
		msg = xasprintf("%s: %s", j->path, j->err != NULL ? j->err :
		    sqlite3_errstr(rc));
		break;
	}
	db_rollback(j);
	if (cause != NULL)
		*cause = msg;
	else
		free(msg);
	return status;
}

enum limber_status journal_fail(char **cause, enum limber_status status,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

enum limber_status
journal_fail(char **cause, enum limber_status status, const char *fmt, ...)
{
	va_list ap;

	if (cause != NULL) {
		va_start(ap, fmt);
		*cause = xvasprintf(fmt, ap);
		va_end(ap);
	}
	return status;
}

/*
 * The journal stores an area by limber_area_name()'s name, and no area (or
 * bits that name none, refused before they are written) as null.
 */
const char *
journal_area_name(unsigned area)
{
	if (area != LIMBER_AREA_UPPER && area != LIMBER_AREA_LOWER &&
	    area != LIMBER_AREA_BOTH)
		return NULL;
	return limber_area_name((enum limber_area)area);
}

unsigned
journal_area_parse(const char *s)
{
	int a = s != NULL ? limber_area_parse(s) : -1;

	return a > 0 ? (unsigned)a : 0;
}

int
journal_level_parse(const char *s)
{
	for (int i = 0; s != NULL && i < LIMBER_LEVEL_COUNT; i++) {
		if (strcmp(limber_level_name((enum limber_level)i), s) == 0)
			return i;
	}
	return -1;
}

/* ------------------------------------------------------------------ */
/* Opening.                                                            */

/* Make the folders above path, each 0700; folders that exist are left alone. */
static enum limber_status
make_parents(const char *path, char **cause)
{
	char *dir = xstrdup(path), *p;
	enum limber_status rc = LIMBER_OK;

	p = strrchr(dir, '/');
	if (p == NULL || p == dir) {
		free(dir);
		return LIMBER_OK;
	}
	*p = '\0';
	for (p = dir + 1; ; p++) {
		bool last = *p == '\0';

		if (*p != '/' && !last)
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			rc = journal_fail(cause, LIMBER_ERR_IO,
			    _("%s: cannot make the folder: %s"), dir,
			    strerror(errno));
			break;
		}
		if (last)
			break;
		*p = '/';
	}
	free(dir);
	return rc;
}

/* Refuse a file that is not empty and not an SQLite database, before SQLite sees it. */
static enum limber_status
probe_header(const char *path, char **cause)
{
	static const char magic[16] = "SQLite format 3";
	char buf[16];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return journal_fail(cause, LIMBER_ERR_IO, "%s: %s", path,
		    strerror(errno));
	do
		n = read(fd, buf, sizeof buf);
	while (n == -1 && errno == EINTR);
	close(fd);
	if (n == -1)
		return journal_fail(cause, LIMBER_ERR_IO, "%s: %s", path,
		    strerror(errno));
	if (n > 0 && ((size_t)n < sizeof buf || memcmp(buf, magic,
	    sizeof magic) != 0))
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("%s: not a limber "
		      "journal (not an SQLite database); it was left untouched"),
		    path);
	return LIMBER_OK;
}

/*
 * The whole check for damage: PRAGMA quick_check, which reads every page.
 * SQLITE_OK, or SQLITE_CORRUPT with what it found in j->err, or the error
 * that stopped it. Nothing is written.
 */
static int
check_pages(struct limber_journal *j)
{
	sqlite3_stmt *st = NULL;
	char *result = NULL;
	int rc;

	rc = db_prepare(j, &st, "PRAGMA quick_check(1)", "");
	if (rc == SQLITE_OK && (rc = db_step(j, st)) == SQLITE_ROW) {
		result = db_text(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		return rc;
	if (result == NULL || strcmp(result, "ok") != 0) {
		free(j->err);
		j->err = result != NULL ?
		    result :
		    xstrdup(_("no answer to a "
			      "check"));
		return SQLITE_CORRUPT;
	}
	free(result);
	j->checked = true;
	return SQLITE_OK;
}

/* Read-only checks: owner and version. Nothing is written. */
static enum limber_status
check_file(struct limber_journal *j, int64_t *version, char **cause)
{
	int64_t app = 0, tables = 0;
	int rc;

	if ((rc = db_int(j, &app, NULL, "PRAGMA application_id", "")) != SQLITE_OK ||
	    (rc = db_int(j, version, NULL, "PRAGMA user_version", "")) != SQLITE_OK ||
	    (rc = db_int(j, &tables, NULL, "SELECT count(*) FROM sqlite_master",
	    "")) != SQLITE_OK)
		return db_fail(j, rc, cause);

	if ((app != 0 && app != JOURNAL_APP_ID) ||
	    (*version > 0 && app != JOURNAL_APP_ID) ||
	    (*version == 0 && tables > 0))
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("%s: an SQLite database "
		      "of another program, not a limber journal; it was left "
		      "untouched"),
		    j->path);
	if (*version > LIMBER_JOURNAL_VERSION)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("%s: this journal was "
		      "written by a newer limber (journal version %lld; this "
		      "limber knows up to version %d); it was left untouched: "
		      "update limber to use it"),
		    j->path, (long long)*version, LIMBER_JOURNAL_VERSION);
	return LIMBER_OK;
}

/* Bring the schema up to date from version (as check_file read it). */
static enum limber_status
migrate(struct limber_journal *j, int64_t version, char **cause)
{
	int rc;

	/* Most opens find nothing to do: no need to take the write lock. */
	if (version >= LIMBER_JOURNAL_VERSION)
		return LIMBER_OK;
	for (;;) {
		char *sql;

		if ((rc = db_begin(j)) != SQLITE_OK)
			return db_fail(j, rc, cause);
		/* Read again inside the lock: another limber may have just done it. */
		if ((rc = db_int(j, &version, NULL, "PRAGMA user_version",
		    "")) != SQLITE_OK)
			return db_fail(j, rc, cause);
		if (version >= LIMBER_JOURNAL_VERSION) {
			db_rollback(j);
			return LIMBER_OK;
		}
		rc = sqlite3_exec(j->db, migrations[version], NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			db_set_err(j);
			return db_fail(j, rc, cause);
		}
		sql = xasprintf("PRAGMA user_version = %lld; "
		    "PRAGMA application_id = %d", (long long)version + 1,
		    JOURNAL_APP_ID);
		rc = sqlite3_exec(j->db, sql, NULL, NULL, NULL);
		free(sql);
		if (rc != SQLITE_OK) {
			db_set_err(j);
			return db_fail(j, rc, cause);
		}
		if ((rc = db_commit(j)) != SQLITE_OK)
			return db_fail(j, rc, cause);
	}
}

/*
 * A "file:" URI for path, for sqlite3_open_v2 with SQLITE_OPEN_URI: each
 * byte but letters, digits and "/._-~" as %XX, so that a ? or # in a
 * folder's name is not read as the URI's query.
 */
static char *
file_uri(const char *path, const char *query)
{
	size_t n = 0;
	char *uri = xmalloc(strlen(path) * 3 + strlen(query) + 8);

	n += (size_t)snprintf(uri, 6, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p) != NULL)
			uri[n++] = (char)*p;
		else
			n += (size_t)snprintf(uri + n, 4, "%%%02X", *p);
	}
	snprintf(uri + n, strlen(query) + 2, "?%s", query);
	return uri;
}

/*
 * Open a journal for reading only. SQLite reads a WAL journal only when
 * it can make the -shm file beside it, or when told the file is
 * immutable, which it is while nobody can write its folder. A -wal file
 * left beside it (a writer that stopped short) holds records that an
 * immutable open would not see, so then it is opened plainly.
 */
static int
open_read_only(struct limber_journal *j, const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	char *wal = xasprintf("%s-wal", path), *uri;
	bool immutable;
	int rc;

	if (slash == NULL) {
		dir[0] = '.';
		dir[1] = '\0';
	} else if (slash == dir) {
		slash[1] = '\0'; /* the root folder */
	} else
		*slash = '\0';
	immutable = access(dir, W_OK) != 0 && access(wal, F_OK) != 0;
	if (immutable) {
		uri = file_uri(path, "immutable=1");
		rc = sqlite3_open_v2(uri, &j->db,
		    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
		free(uri);
	} else
		rc = sqlite3_open_v2(path, &j->db, SQLITE_OPEN_READONLY, NULL);
	free(dir);
	free(wal);
	return rc;
}

enum limber_status
limber_journal_open(const char *path, unsigned flags,
    struct limber_journal **out, char **cause)
{
	struct limber_journal *j;
	enum limber_status status;
	struct stat sb;
	int64_t version = 0;
	char *mode = NULL;
	sqlite3_stmt *st = NULL;
	int rc, fd;

	*out = NULL;
	if (cause != NULL)
		*cause = NULL;
	if (path == NULL || *path == '\0')
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("no journal path given"));

	if (stat(path, &sb) == -1) {
		if (errno != ENOENT)
			return journal_fail(cause, LIMBER_ERR_IO, "%s: %s",
			    path, strerror(errno));
		if (!(flags & LIMBER_JOURNAL_CREATE))
			return journal_fail(cause, LIMBER_ERR_NOT_FOUND,
			    _("%s: no journal yet"), path);
		if ((status = make_parents(path, cause)) != LIMBER_OK)
			return status;
		/* Made here, so that it is private from its first byte. */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd == -1 && errno != EEXIST)
			return journal_fail(cause, LIMBER_ERR_IO,
			    _("%s: cannot make the journal: %s"), path,
			    strerror(errno));
		if (fd != -1)
			close(fd);
	} else if (!S_ISREG(sb.st_mode))
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("%s: not a regular file"), path);
	if ((status = probe_header(path, cause)) != LIMBER_OK)
		return status;

	j = xcalloc(1, sizeof *j);
	j->path = xstrdup(path);
	if (flags & LIMBER_JOURNAL_READ_ONLY)
		rc = open_read_only(j, path);
	else
		rc = sqlite3_open_v2(path, &j->db, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		if (j->db != NULL)
			db_set_err(j);
		status = db_fail(j, rc, cause);
		goto fail;
	}
	limber_journal_set_wait(j, LIMBER_JOURNAL_BUSY_MS);

	if ((status = check_file(j, &version, cause)) != LIMBER_OK)
		goto fail;
	/*
	 * The whole check reads every page: hundreds of milliseconds on a
	 * journal of years. When opening writes (a new or older journal, or
	 * one not in WAL mode), it comes first; otherwise before the first
	 * write (db_begin), so that a command that only reads need not read it
	 * all. Reading, SQLite checks each page it reads all the same.
	 */
	rc = db_prepare(j, &st, "PRAGMA journal_mode", "");
	if (rc == SQLITE_OK && (rc = db_step(j, st)) == SQLITE_ROW) {
		mode = db_text(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_OK && (version < LIMBER_JOURNAL_VERSION ||
	    mode == NULL || strcmp(mode, "wal") != 0))
		rc = check_pages(j);
	free(mode);
	mode = NULL;
	if (rc != SQLITE_OK) {
		status = db_fail(j, rc, cause);
		goto fail;
	}

	/* Read only: nothing below may be written, and reads need none of it. */
	if (flags & LIMBER_JOURNAL_READ_ONLY) {
		if (version < LIMBER_JOURNAL_VERSION) {
			status = journal_fail(cause, LIMBER_ERR_INVALID,
			    _("%s: this journal was written by an older limber "
			      "and cannot be brought up to date where it cannot "
			      "be written; open it once where it can"),
			    path);
			goto fail;
		}
		*out = j;
		return LIMBER_OK;
	}
	/* Only now, with the file known to be ours, is anything written. */
	rc = db_prepare(j, &st, "PRAGMA journal_mode = WAL", "");
	if (rc == SQLITE_OK && (rc = db_step(j, st)) == SQLITE_ROW) {
		mode = db_text(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK) {
		status = db_fail(j, rc, cause);
		goto fail;
	}
	if (mode == NULL || strcmp(mode, "wal") != 0) {
		status = journal_fail(cause, LIMBER_ERR_IO,
		    _("%s: the journal cannot be "
		      "put in WAL mode (it is in %s mode)"),
		    path, mode != NULL ? mode : "an unknown");
		free(mode);
		goto fail;
	}
	free(mode);
	/* FULL: a commit survives a power cut, not only a killed process. */
	if ((rc = db_run(j, NULL, "PRAGMA foreign_keys = ON", "")) != SQLITE_OK ||
	    (rc = db_run(j, NULL, "PRAGMA synchronous = FULL", "")) != SQLITE_OK) {
		status = db_fail(j, rc, cause);
		goto fail;
	}
	if ((status = migrate(j, version, cause)) != LIMBER_OK)
		goto fail;
	*out = j;
	return LIMBER_OK;
fail:
	limber_journal_close(j);
	return status;
}

enum limber_status
limber_journal_open_reader(const struct limber_journal *j,
    struct limber_journal **out, char **cause)
{
	struct limber_journal *r;
	enum limber_status status;
	int rc;

	*out = NULL;
	if (cause != NULL)
		*cause = NULL;
	r = xcalloc(1, sizeof *r);
	r->path = xstrdup(j->path);
	/*
	 * Through SQLite alone, with no probe: an open() and close() of the
	 * file by this process would drop every lock the process holds on
	 * it, j's included (POSIX locks belong to the process), and another
	 * program closing the journal last would then delete the WAL under
	 * j, with what j writes after.
	 */
	rc = sqlite3_open_v2(r->path, &r->db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		if (r->db != NULL)
			db_set_err(r);
		status = db_fail(r, rc, cause);
		limber_journal_close(r);
		return status;
	}
	limber_journal_set_wait(r, LIMBER_JOURNAL_BUSY_MS);
	*out = r;
	return LIMBER_OK;
}

void
limber_journal_close(struct limber_journal *j)
{
	if (j == NULL)
		return;
	sqlite3_close(j->db);
	free(j->path);
	free(j->err);
	free(j);
}

const char *
limber_journal_path(const struct limber_journal *j)
{
	return j->path;
}

void
limber_journal_set_wait(struct limber_journal *j, int ms)
{
	j->wait_ms = ms > 0 ? ms : 0;
	sqlite3_busy_timeout(j->db, j->wait_ms);
}

bool
limber_journal_may_retry(const struct limber_journal *j)
{
	return j->retry;
}

uint64_t
limber_journal_change_count(struct limber_journal *j)
{
	sqlite3_stmt *st = NULL;
	uint64_t other = 0;
	bool ok = false;

	/* data_version moves with other connections' commits, total_changes
	   with this one's; neither reads a table. */
	if (sqlite3_prepare_v2(j->db, "PRAGMA data_version", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		other = (uint64_t)sqlite3_column_int64(st, 0);
		ok = true;
	}
	sqlite3_finalize(st);
	/* Never the same twice when it cannot be read: the top bit set. */
	if (!ok)
		return (UINT64_C(1) << 63) | ++j->unread;
	return ((other & 0x7fffffffu) << 32) ^
	    ((uint64_t)sqlite3_total_changes64(j->db) & 0xffffffffu);
}

/* ------------------------------------------------------------------ */
/* Sessions' facts, as the rules take them.                            */

static const char facts_sql[] = FACTS_COLUMNS " FROM session s ";

void
journal_read_facts(sqlite3_stmt *st, struct session_facts *f)
{
	char *s;

	f->id = sqlite3_column_int64(st, 0);
	f->started = sqlite3_column_int64(st, 1);
	f->ended = sqlite3_column_int64(st, 2);
	s = db_text(st, 3);
	f->state = (enum limber_record_state)limber_record_state_parse(s);
	free(s);
	s = db_text(st, 4);
	f->next_day = s != NULL ?
	    (enum limber_next_day)limber_next_day_parse(s) :
	    LIMBER_NEXT_DAY_UNASKED;
	free(s);
	f->before = sqlite3_column_type(st, 5) != SQLITE_NULL ?
	    sqlite3_column_int(st, 5) : -1;
	f->after = sqlite3_column_type(st, 6) != SQLITE_NULL ?
	    sqlite3_column_int(st, 6) : sqlite3_column_type(st, 7) !=
	    SQLITE_NULL ? sqlite3_column_int(st, 7) : -1;
	f->warning = sqlite3_column_int(st, 8) != 0;
}

static int
session_facts(struct limber_journal *j, int64_t id, struct session_facts *f,
    bool *found)
{
	sqlite3_stmt *st = NULL;
	char *sql = xasprintf("%s WHERE s.id = ?", facts_sql);
	int rc;

	rc = db_prepare(j, &st, sql, "I", id);
	free(sql);
	if (rc != SQLITE_OK)
		return rc;
	rc = db_step(j, st);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		journal_read_facts(st, f);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	return rc;
}

enum limber_effect
journal_facts_effect(const struct session_facts *f)
{
	if (f->warning)
		return LIMBER_EFFECT_WORSE;
	return limber_session_effect(f->state, f->before, f->after,
	    f->next_day);
}

/*
 * Move the dose of each stretch done (not skipped) in a session by its
 * effect. Inside the caller's transaction. With no catalog only the
 * streaks can move (neutral): that is all recover needs.
 */
static int
apply_progress(struct limber_journal *j, int64_t session,
    enum limber_effect effect, const struct limber_catalog *cat)
{
	const struct limber_stretch **ids = NULL;
	struct limber_progress *ps = NULL;
	sqlite3_stmt *st = NULL;
	size_t n = 0;
	int rc;

	if (effect == LIMBER_EFFECT_NEUTRAL || cat == NULL)
		return db_run(j, NULL, "UPDATE dose SET streak = 0 WHERE "
		    "stretch IN (SELECT stretch FROM stretch WHERE session = ? "
		    "AND skipped = 0)", "I", session);

	rc = db_prepare(j, &st, "SELECT DISTINCT s.stretch, d.reps, d.streak "
	    "FROM stretch s LEFT JOIN dose d ON d.stretch = s.stretch "
	    "WHERE s.session = ? AND s.skipped = 0 ORDER BY s.stretch", "I",
	    session);
	if (rc != SQLITE_OK)
		return rc;
	/* Read them all first: the dose table changes below. */
	while ((rc = db_step(j, st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const struct limber_stretch *sp = limber_catalog_find(cat, id);

		if (sp == NULL)
			continue;
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ps = xreallocarray(ps, n + 1, sizeof *ps);
		ids[n] = sp;
		if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
			ps[n].reps = sqlite3_column_int(st, 1);
			ps[n].streak = sqlite3_column_int(st, 2);
		} else {
			ps[n].reps = sp->reps.start;
			ps[n].streak = 0;
		}
		n++;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		struct limber_progress p;

		p = limber_progress_next(ps[i], effect, &ids[i]->reps);
		rc = db_run(j, NULL, "INSERT INTO dose (stretch, reps, streak) "
		    "VALUES (?, ?, ?) ON CONFLICT (stretch) DO UPDATE SET "
		    "reps = excluded.reps, streak = excluded.streak", "sii",
		    ids[i]->id, p.reps, p.streak);
	}
	free(ids);
	free(ps);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Recover.                                                            */

enum limber_status
limber_journal_recover(struct limber_journal *j, bool (*alive)(int pid),
    int *count, char **cause)
{
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc, marked = 0;

	if (count != NULL)
		*count = 0;
	/*
	 * The sessions whose owner is gone, found without the write lock:
	 * most opens find none, and a session under way (the server's, or
	 * another terminal's) is no reason to wait for a writer, which
	 * would make `limber history` fail while an import runs.
	 */
	rc = db_prepare(j, &st, "SELECT id, pid FROM session WHERE state = "
	    "'running' ORDER BY id", "");
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	while ((rc = db_step(j, st)) == SQLITE_ROW) {
		int pid = sqlite3_column_int(st, 1);

		if (pid > 0 && alive != NULL && alive(pid))
			continue;
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return db_fail(j, rc, cause);
	}
	if (n == 0)
		return LIMBER_OK;
	if ((rc = db_begin(j)) != SQLITE_OK) {
		free(ids);
		return db_fail(j, rc, cause);
	}
	/* Still running: the UPDATE below checks it inside the lock. */
	for (size_t i = 0; i < n; i++) {
		rc = db_run(j, NULL, "UPDATE session SET state = 'interrupted', "
		    "ended = updated, pid = 0 WHERE id = ? AND state = "
		    "'running'", "I", ids[i]);
		/* Ended by its owner since it was read: nothing to do. */
		if (rc == SQLITE_OK && sqlite3_changes(j->db) == 0)
			continue;
		if (rc == SQLITE_OK)
			rc = apply_progress(j, ids[i], LIMBER_EFFECT_NEUTRAL,
			    NULL);
		if (rc != SQLITE_OK) {
			free(ids);
			return db_fail(j, rc, cause);
		}
		marked++;
	}
	free(ids);
	if ((rc = db_commit(j)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	if (count != NULL)
		*count = marked;
	return LIMBER_OK;
}

/* ------------------------------------------------------------------ */
/* Recording.                                                          */

/* Text that is not empty and is valid UTF-8 (JSON and CSV need it). */
static bool
text_ok(const char *s)
{
	json_t *t;

	if (s == NULL || *s == '\0')
		return false;
	t = json_string(s);
	json_decref(t);
	return t != NULL;
}

/*
 * A note the journal takes, the one rule for every note it is given:
 * text (text_ok) of at most LIMBER_NOTE_MAX bytes.
 */
static enum limber_status
note_check(const char *note, char **cause)
{
	size_t len;

	if (!text_ok(note))
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("a note must be text that is not empty (UTF-8)"));
	if ((len = strlen(note)) > LIMBER_NOTE_MAX)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("a note must be at most %d bytes long, not %zu"),
		    LIMBER_NOTE_MAX, len);
	return LIMBER_OK;
}

enum limber_status
limber_journal_add_screening(struct limber_journal *j, int64_t at,
    const struct limber_answers *ans, enum limber_level verdict,
    int64_t *id, char **cause)
{
	int64_t sid = 0;
	int rc;

	if (ans->pain < LIMBER_PAIN_MIN || ans->pain > LIMBER_PAIN_MAX)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("screening: pain must be a whole number from %d to %d, "
		      "not %d"),
		    LIMBER_PAIN_MIN, LIMBER_PAIN_MAX, ans->pain);
	if (journal_area_name(ans->area) == NULL)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("screening: the area must be upper, lower or both"));
	if ((unsigned)verdict >= LIMBER_LEVEL_COUNT)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("screening: unknown verdict %d"), (int)verdict);
	for (size_t i = 0; i < ans->nyes; i++) {
		if (ans->yes[i] == NULL || limber_question_find(ans->yes[i]) == NULL)
			return journal_fail(cause, LIMBER_ERR_INVALID,
			    _("screening: no question '%s'"),
			    ans->yes[i] != NULL ? ans->yes[i] : "(null)");
	}

	if ((rc = db_begin(j)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	rc = db_run(j, &sid,
	    "INSERT INTO screening (at, pain, area, verdict) "
	    "VALUES (?, ?, ?, ?)",
	    "Iiss", at, ans->pain, journal_area_name(ans->area),
	    limber_level_name(verdict));
	for (size_t i = 0; rc == SQLITE_OK && i < ans->nyes; i++)
		rc = db_run(j, NULL, "INSERT INTO screening_yes (screening, "
		    "pos, question) VALUES (?, ?, ?)", "Iis", sid, (int)i,
		    ans->yes[i]);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	if (id != NULL)
		*id = sid;
	return LIMBER_OK;
}

enum limber_status
limber_journal_session_begin(struct limber_journal *j, int64_t at,
    const struct limber_plan *plan, int64_t screening, int pid, int64_t *id,
    char **cause)
{
	json_t *pj;
	char *text;
	int64_t sid = 0;
	int rc;

	if (plan == NULL)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("a session needs a plan"));
	pj = limber_plan_to_json(plan);
	text = pj != NULL ? json_dumps(pj, JSON_COMPACT) : NULL;
	json_decref(pj);
	if (text == NULL)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("the plan could not be turned into JSON"));

	if ((rc = db_begin(j)) == SQLITE_OK)
		rc = db_run(j, &sid, "INSERT INTO session (screening, plan, "
		    "started, updated, state, pid) VALUES (?, ?, ?, ?, "
		    "'running', ?)", "zsIIi", screening, text, at, at, pid);
	free(text);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	if (id != NULL)
		*id = sid;
	return LIMBER_OK;
}

/* Inside a transaction: fail unless session is running. */
static enum limber_status
need_running(struct limber_journal *j, int64_t session, char **cause)
{
	int64_t v = 0;
	bool found = false;
	int rc;

	rc = db_int(j, &v, &found, "SELECT state = 'running' FROM session "
	    "WHERE id = ?", "I", session);
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	if (found && v)
		return LIMBER_OK;
	db_rollback(j);
	if (found)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("session %lld is not running: it has ended"),
		    (long long)session);
	return journal_fail(cause, LIMBER_ERR_INVALID,
	    _("session %lld is not running: there is no such session"),
	    (long long)session);
}

enum limber_status
limber_journal_session_progress(struct limber_journal *j, int64_t session,
    int64_t at, int last_step, char **cause)
{
	enum limber_status status;
	int rc;

	if (last_step < -1)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("the last step must be -1 or more, not %d"), last_step);
	if ((rc = db_begin(j)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	if ((status = need_running(j, session, cause)) != LIMBER_OK)
		return status;
	rc = db_run(j, NULL, "UPDATE session SET last_step = ?, updated = "
	    "max(updated, ?) WHERE id = ?", "iII", last_step, at, session);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

enum limber_status
limber_journal_add_stretch(struct limber_journal *j, int64_t session,
    int64_t at, const struct limber_stretch_done *sd, char **cause)
{
	enum limber_status status;
	int rc;

	if (!text_ok(sd->stretch) || (sd->variant != NULL &&
	    !text_ok(sd->variant)))
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("a stretch needs its id, and a variant's id is not empty"));
	if (sd->reps < 0 || sd->reps > 100)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("%s: repetitions must be from 0 to 100, not %d"),
		    sd->stretch, sd->reps);
	if (sd->sides < 0 || sd->sides > 2)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("%s: sides must be 0, 1 or 2, not %d"), sd->stretch,
		    sd->sides);
	if ((rc = db_begin(j)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	if ((status = need_running(j, session, cause)) != LIMBER_OK)
		return status;
	rc = db_run(j, NULL, "INSERT INTO stretch (session, at, stretch, "
	    "variant, reps, sides, skipped) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    "IIssiii", session, at, sd->stretch, sd->variant, sd->reps,
	    sd->sides, sd->skipped ? 1 : 0);
	if (rc == SQLITE_OK)
		rc = db_run(j, NULL, "UPDATE session SET updated = max(updated, "
		    "?) WHERE id = ?", "II", at, session);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

enum limber_status
limber_journal_add_pain(struct limber_journal *j,
    const struct limber_pain_entry *p, int64_t *id, char **cause)
{
	enum limber_status status;
	int64_t pid = 0, finished = 0;
	bool found = false;
	int rc;

	if (p->value < LIMBER_PAIN_MIN || p->value > LIMBER_PAIN_MAX)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("pain must be a whole number from %d to %d, not %d"),
		    LIMBER_PAIN_MIN, LIMBER_PAIN_MAX, p->value);
	if (p->area != 0 && journal_area_name(p->area) == NULL)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("the area must be upper, lower or both"));
	if ((unsigned)p->kind >= LIMBER_SCORE_KIND_COUNT)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("unknown kind of pain score %d"), (int)p->kind);
	if ((p->kind == LIMBER_SCORE_LOGGED) != (p->session == 0))
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("a pain score logged by "
		      "hand belongs to no session, and every other kind to one"));
	if (p->note != NULL &&
	    (status = note_check(p->note, cause)) != LIMBER_OK)
		return status;

	if ((rc = db_begin(j)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	if (p->kind == LIMBER_SCORE_NEXT_DAY) {
		rc = db_int(j, &finished, &found, "SELECT state IN ('done', "
		    "'stopped') FROM session WHERE id = ?", "I", p->session);
		if (rc != SQLITE_OK)
			return db_fail(j, rc, cause);
		if (!found || !finished) {
			db_rollback(j);
			return journal_fail(cause, LIMBER_ERR_INVALID,
			    _("a next-day score "
			      "needs a session that is done or stopped"));
		}
	} else if (p->kind != LIMBER_SCORE_LOGGED &&
	    (status = need_running(j, p->session, cause)) != LIMBER_OK)
		return status;
	rc = db_run(j, &pid,
	    "INSERT INTO pain (at, value, area, kind, session, "
	    "note) VALUES (?, ?, ?, ?, ?, ?)",
	    "Iissz"
	    "s",
	    p->at, p->value, journal_area_name(p->area),
	    limber_score_kind_name(p->kind), p->session, p->note);
	if (rc == SQLITE_OK && p->kind != LIMBER_SCORE_LOGGED &&
	    p->kind != LIMBER_SCORE_NEXT_DAY)
		rc = db_run(j, NULL, "UPDATE session SET updated = max(updated, "
		    "?) WHERE id = ?", "II", p->at, p->session);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	if (id != NULL)
		*id = pid;
	return LIMBER_OK;
}

enum limber_status
limber_journal_session_end(struct limber_journal *j, int64_t session,
    int64_t at, enum limber_record_state state, const char *reason,
    const struct limber_catalog *cat, char **cause)
{
	struct session_facts f;
	enum limber_status status;
	bool found = false;
	int rc;

	if (state != LIMBER_RECORD_DONE && state != LIMBER_RECORD_STOPPED &&
	    state != LIMBER_RECORD_INTERRUPTED)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("a session ends done, stopped or interrupted"));
	if (state == LIMBER_RECORD_STOPPED && !text_ok(reason))
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("a stopped session needs the reason it stopped"));
	if (cat == NULL)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("ending a session needs "
		      "the catalog, for the dose of its stretches"));

	if ((rc = db_begin(j)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	if ((status = need_running(j, session, cause)) != LIMBER_OK)
		return status;
	rc = db_run(j, NULL, "UPDATE session SET state = ?, reason = ?, "
	    "ended = max(updated, ?), updated = max(updated, ?), pid = 0 "
	    "WHERE id = ?", "ssIII", limber_record_state_name(state),
	    text_ok(reason) ? reason : NULL, at, at, session);
	if (rc == SQLITE_OK)
		rc = session_facts(j, session, &f, &found);
	if (rc == SQLITE_OK)
		rc = apply_progress(j, session, journal_facts_effect(&f), cat);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

enum limber_status
limber_journal_late_warning(struct limber_journal *j, int64_t session,
    int64_t at, const char *reason, const struct limber_catalog *cat,
    char **cause)
{
	static const char prefix[] = LIMBER_WARNING_STOP_REASON;
	sqlite3_stmt *st = NULL;
	struct session_facts f;
	char *state = NULL, *was = NULL;
	bool found = false, open, done;
	int rc;

	if (!text_ok(reason) || strncmp(reason, prefix, strlen(prefix)) != 0)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("a warning's reason begins with \"%s\""), prefix);
	if (cat == NULL)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("ending a session needs the catalog, for its doses"));
	if ((rc = db_begin(j)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	if (session > 0)
		rc = db_prepare(j, &st,
		    "SELECT state, coalesce(reason, '') FROM session "
		    "WHERE id = ?",
		    "I", session);
	if (st != NULL && db_next_row(j, st, &rc)) {
		state = db_text(st, 0);
		was = db_text(st, 1);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		rc = SQLITE_OK;
	/* Stopped on a warning already; or cut short, so it stops on this. */
	done = state != NULL && strcmp(state, "stopped") == 0 &&
	    strncmp(was, prefix, strlen(prefix)) == 0;
	open = state != NULL &&
	    (strcmp(state, "running") == 0 ||
		strcmp(state, "interrupted") == 0);
	if (rc == SQLITE_OK && open) {
		rc = db_run(j, NULL,
		    "UPDATE session SET state = 'stopped', reason = ?, "
		    "ended = max(updated, ?), updated = max(updated, ?), "
		    "pid = 0 WHERE id = ?",
		    "sIII", reason, at, at, session);
		if (rc == SQLITE_OK)
			rc = session_facts(j, session, &f, &found);
		if (rc == SQLITE_OK)
			rc = apply_progress(j, session,
			    journal_facts_effect(&f), cat);
	} else if (rc == SQLITE_OK && !done) {
		rc = db_run(j, NULL,
		    "INSERT INTO note (at, session, text) VALUES (?, ?, ?)",
		    "Izs", at, state != NULL ? session : 0, reason);
	}
	free(state);
	free(was);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

enum limber_status
limber_journal_add_note(struct limber_journal *j, int64_t at,
    int64_t session, const char *text, char **cause)
{
	enum limber_status status;
	int rc;

	if ((status = note_check(text, cause)) != LIMBER_OK)
		return status;
	if ((rc = db_begin(j)) == SQLITE_OK)
		rc = db_run(j, NULL, "INSERT INTO note (at, session, text) "
		    "VALUES (?, ?, ?)", "Izs", at, session, text);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

enum limber_status
limber_journal_add_clearance(struct limber_journal *j, int64_t at,
    const char *note, char **cause)
{
	enum limber_status status;
	int rc;

	if (note != NULL && (status = note_check(note, cause)) != LIMBER_OK)
		return status;
	if ((rc = db_begin(j)) == SQLITE_OK)
		rc = db_run(j, NULL, "INSERT INTO clearance (at, note) VALUES "
		    "(?, ?)", "Is", at, note);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

/* ------------------------------------------------------------------ */
/* Outcome measures.                                                   */

static enum limber_status
measure_value(const char *what, int v, char **cause)
{
	if (v < LIMBER_PAIN_MIN || v > LIMBER_PAIN_MAX)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("%s must be a whole number from %d to %d, not %d"), what,
		    LIMBER_PAIN_MIN, LIMBER_PAIN_MAX, v);
	return LIMBER_OK;
}

enum limber_status
limber_journal_add_peg(struct limber_journal *j, int64_t at,
    const struct limber_peg *p, char **cause)
{
	return limber_journal_add_measures(j, at, true, p, false, NULL, 0,
	    cause);
}

static enum limber_status
peg_check(const struct limber_peg *p, char **cause)
{
	enum limber_status status;

	if (p == NULL)
		return LIMBER_OK;
	/* TRANSLATORS: the PEG's three questions by name, in "%s must be a
	   whole number from %d to %d, not %d". */
	if ((status = measure_value(_("PEG: pain"), p->pain, cause)) !=
	    LIMBER_OK)
		return status;
	if ((status = measure_value(_("PEG: enjoyment"), p->enjoyment,
		 cause)) != LIMBER_OK)
		return status;
	return measure_value(_("PEG: activity"), p->activity, cause);
}

/* The rows of one PEG asking, in the transaction open. */
static int
peg_insert(struct limber_journal *j, int64_t at, const struct limber_peg *p)
{
	if (p == NULL)
		return db_run(j, NULL, "INSERT INTO peg (at) VALUES (?)", "I",
		    at);
	return db_run(j, NULL,
	    "INSERT INTO peg (at, pain, enjoyment, activity) "
	    "VALUES (?, ?, ?, ?)",
	    "Iiii", at, p->pain, p->enjoyment, p->activity);
}

/* The rows of one PSFS asking, in the transaction open. */
static int
psfs_insert(struct limber_journal *j, int64_t at,
    const struct limber_psfs_item *v, size_t n)
{
	int64_t id = 0;
	int rc = db_run(j, &id, "INSERT INTO psfs (at) VALUES (?)", "I", at);

	for (size_t i = 0; rc == SQLITE_OK && i < n; i++)
		rc = db_run(j, NULL,
		    "INSERT INTO psfs_score (psfs, position, "
		    "activity, score) VALUES (?, ?, ?, ?)",
		    "Iisi", id, (int)i, v[i].activity, v[i].score);
	return rc;
}

enum limber_status
limber_journal_add_measures(struct limber_journal *j, int64_t at,
    bool peg_asked, const struct limber_peg *peg, bool psfs_asked,
    const struct limber_psfs_item *v, size_t n, char **cause)
{
	enum limber_status status;
	int rc;

	if (!peg_asked && !psfs_asked)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("no asking to record: neither PEG nor PSFS"));
	if (peg_asked && (status = peg_check(peg, cause)) != LIMBER_OK)
		return status;
	if (psfs_asked &&
	    (status = journal_psfs_check(v, n, cause)) != LIMBER_OK)
		return status;
	/* One transaction: both askings go in, or neither does. */
	rc = db_begin(j);
	if (rc == SQLITE_OK && peg_asked)
		rc = peg_insert(j, at, peg);
	if (rc == SQLITE_OK && psfs_asked)
		rc = psfs_insert(j, at, v, n);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

enum limber_status
journal_psfs_name_check(const char *name, char **cause)
{
	const unsigned char *c;
	size_t len;

	if (!text_ok(name))
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("an activity's name must be text that is not empty "
		      "(UTF-8)"));
	if ((len = strlen(name)) > LIMBER_PSFS_NAME_MAX)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("an activity's name must be at most %d bytes long, not "
		      "%zu"),
		    LIMBER_PSFS_NAME_MAX, len);
	/* One line of plain text for every front end, the CSV too: no C0
	   or C1 control characters, no DEL. */
	for (c = (const unsigned char *)name; *c != '\0'; c++) {
		if (*c < 0x20 || *c == 0x7f ||
		    (c[0] == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f))
			return journal_fail(cause, LIMBER_ERR_INVALID,
			    _("an activity's name must not hold control "
			      "characters (such as a line break)"));
	}
	for (c = (const unsigned char *)name; *c == ' '; c++)
		;
	if (*c == '\0')
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("an activity's name must not be only spaces"));
	return LIMBER_OK;
}

enum limber_status
journal_psfs_check(const struct limber_psfs_item *v, size_t n, char **cause)
{
	enum limber_status status;

	if (n > LIMBER_PSFS_MAX)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("PSFS: at most %d activities, not %zu"), LIMBER_PSFS_MAX,
		    n);
	for (size_t i = 0; i < n; i++) {
		char *why = NULL;

		if (journal_psfs_name_check(v[i].activity, &why) != LIMBER_OK) {
			status = journal_fail(cause, LIMBER_ERR_INVALID,
			    _("PSFS: activity %zu: %s"), i + 1, why);
			free(why);
			return status;
		}
		if (v[i].score < LIMBER_PAIN_MIN ||
		    v[i].score > LIMBER_PAIN_MAX)
			return journal_fail(cause, LIMBER_ERR_INVALID,
			    _("PSFS: the score of \"%s\" must be a whole number "
			      "from %d to %d, not %d"),
			    v[i].activity, LIMBER_PAIN_MIN, LIMBER_PAIN_MAX,
			    v[i].score);
		for (size_t k = 0; k < i; k++) {
			if (strcmp(v[k].activity, v[i].activity) == 0)
				return journal_fail(cause, LIMBER_ERR_INVALID,
				    _("PSFS: \"%s\" is named twice"),
				    v[i].activity);
		}
	}
	return LIMBER_OK;
}

enum limber_status
limber_journal_add_psfs(struct limber_journal *j, int64_t at,
    const struct limber_psfs_item *v, size_t n, char **cause)
{
	return limber_journal_add_measures(j, at, false, NULL, true, v, n,
	    cause);
}

void
limber_measures_due_free(struct limber_measures_due *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->nactivity; i++)
		free(d->activity[i]);
	d->nactivity = 0;
}

enum limber_status
limber_journal_measures_due(struct limber_journal *j, int64_t now,
    struct limber_measures_due *out, char **cause)
{
	sqlite3_stmt *st = NULL;
	bool found;
	int64_t v;
	int rc;

	memset(out, 0, sizeof *out);
	/* An asking dated after now takes no part until now reaches it, as
	   for every rule that reads the past (journal.h). */
	rc = db_int(j, &v, &found,
	    "SELECT 1 FROM peg WHERE at <= ? AND "
	    "at > ? LIMIT 1",
	    "II", now, now - (int64_t)LIMBER_PEG_EVERY_S);
	if (rc == SQLITE_OK) {
		out->peg = !found;
		rc = db_int(j, &v, &found,
		    "SELECT 1 FROM psfs WHERE at <= ? "
		    "AND at > ? LIMIT 1",
		    "II", now, now - (int64_t)LIMBER_PSFS_EVERY_S);
	}
	if (rc == SQLITE_OK) {
		out->psfs = !found;
		rc = db_prepare(j, &st,
		    "SELECT activity FROM psfs_score "
		    "WHERE psfs = (SELECT p.id FROM psfs p WHERE p.at <= ? AND "
		    "EXISTS (SELECT 1 FROM psfs_score WHERE psfs = p.id) "
		    "ORDER BY p.at DESC, p.id DESC LIMIT 1) ORDER BY position",
		    "I", now);
	}
	while (db_next_row(j, st, &rc)) {
		if (out->nactivity < LIMBER_PSFS_MAX)
			out->activity[out->nactivity++] = db_text(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		limber_measures_due_free(out);
		return db_fail(j, rc, cause);
	}
	return LIMBER_OK;
}

/* ------------------------------------------------------------------ */
/* What the coach asks.                                                */

void
limber_day_hold_release(struct limber_day_hold *h)
{
	if (h == NULL)
		return;
	free(h->reason);
	for (size_t i = 0; i < h->nyes; i++)
		free(h->yes[i]);
	free(h->yes);
	memset(h, 0, sizeof *h);
}

/*
 * A screening's verdict as a person reads it in a held day's words: the
 * level's own name is the journal's and the --json output's.
 */
static const char *
verdict_said(enum limber_level level)
{
	switch (level) {
	case LIMBER_LEVEL_GO:
		return C_("screening verdict", "go");
	case LIMBER_LEVEL_CAUTION:
		return C_("screening verdict", "caution");
	case LIMBER_LEVEL_SEE_CLINICIAN:
		return C_("screening verdict", "see-clinician");
	case LIMBER_LEVEL_URGENT:
		return C_("screening verdict", "urgent");
	case LIMBER_LEVEL_EMERGENCY:
		return C_("screening verdict", "emergency");
	default:
		return limber_level_name(level);
	}
}

/*
 * A warning sign as a stored reason names it (in English, record.c's
 * words), in the person's language; words of another kind as they are.
 */
static const char *
warning_said(const char *words)
{
	static const char *const signs[] = {
		/* TRANSLATORS: warning signs that stop a session, shown in
		   "a session stopped on a warning sign (%s)". */
		N_("sharp, shooting or electric pain"),
		N_("new numbness or tingling"),
		N_("dizziness"),
		N_("sharp pain, numbness or dizziness"),
	};

	for (size_t i = 0; i < nitems(signs); i++) {
		if (strcmp(words, signs[i]) == 0)
			return _(signs[i]);
	}
	return words;
}

char *
limber_day_hold_text(const struct limber_day_hold *h, const char *when)
{
	const char *advice = NULL, *colon;
	char *text, *next;

	if (!h->held)
		return xstrdup("");
	if (h->warning) {
		colon = h->reason != NULL ? strchr(h->reason, ':') : NULL;
		/*
		 * TRANSLATORS: a safety text. The first %s is a time of day
		 * ("11:30"), the second the warning sign ("dizziness").
		 */
		return xasprintf(
		    _("At %s today a session stopped on a warning "
		      "sign (%s). No new session starts today: "
		      "rest, and let it settle. If it has not "
		      "settled by tomorrow, see a doctor or "
		      "physiotherapist before you stretch again. "
		      "If it is severe, or comes with weakness, "
		      "numbness between your legs, or trouble "
		      "controlling your bladder or bowels, call "
		      "your local emergency number now."),
		    when,
		    warning_said(colon != NULL && colon[1] == ' ' ?
			    colon + 2 :
			    "sharp pain, numbness or dizziness"));
	}
	/*
	 * TRANSLATORS: the first %s is a time of day ("11:30"), the second
	 * the screening's verdict ("urgent"); the questions answered yes
	 * follow.
	 */
	text = xasprintf(_("At %s today your answers gave the verdict %s, so "
			   "no session starts for the rest of today. You "
			   "answered yes to:"),
	    when, verdict_said(h->level));
	for (size_t i = 0; i < h->nyes; i++) {
		const struct limber_question *q =
		    limber_question_find(h->yes[i]);
		const char *asked = q != NULL ?
		    limber_question_text(q) :
		    h->yes[i];

		if (i == 0)
			/*
			 * TRANSLATORS: the text so far ("... You answered
			 * yes to:") and the first question answered yes.
			 */
			next = xasprintf(_("%s \"%s\""), text, asked);
		else
			/*
			 * TRANSLATORS: the text so far and one more question
			 * answered yes.
			 */
			next = xasprintf(_("%s; \"%s\""), text, asked);
		free(text);
		text = next;
		if (advice == NULL && q != NULL && q->level == h->level)
			advice = limber_question_advice(q);
	}
	/*
	 * TRANSLATORS: the text so far (the questions answered yes) and the
	 * advice of the verdict.
	 */
	next = xasprintf(_("%s. %s"), text,
	    advice != NULL ? advice :
			     _("Please do what that verdict's advice says "
			       "first."));
	free(text);
	return next;
}

/* The yes answers of screening id into h. */
static int
hold_answers(struct limber_journal *j, int64_t id, struct limber_day_hold *h)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = db_prepare(j, &st,
	    "SELECT question FROM screening_yes WHERE "
	    "screening = ? ORDER BY pos",
	    "I", id);
	while (db_next_row(j, st, &rc)) {
		h->yes = xreallocarray(h->yes, h->nyes + 1, sizeof *h->yes);
		h->yes[h->nyes++] = db_text(st, 0);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_OK ? SQLITE_OK : rc;
}

enum limber_status
limber_journal_day_hold(struct limber_journal *j, int64_t now,
    struct limber_day_hold *out, char **cause)
{
	int64_t today = limber_local_day(now), since = now - 2 * 86400;
	int64_t mistake = INT64_MIN, verdict_id = 0;
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	/*
	 * The last "mistake" note today, up to now (and the page's, dated a
	 * second after an answer of this second): one dated later (a clock
	 * that was ahead) must not lift a verdict given since. A warning stop
	 * dated later today still holds below, since nothing can lift it and
	 * holding only makes the coach more careful (docs/safety.md, "When
	 * the clock was wrong"); a verdict waits for now, as the questions
	 * are asked again before any session.
	 */
	rc = db_prepare(j, &st,
	    "SELECT at FROM note WHERE at >= ? AND at <= ? AND "
	    "substr(text, 1, length(?)) = ? ORDER BY at",
	    "IIss", since, now + LIMBER_MISTAKE_AHEAD_S, LIMBER_MISTAKE_NOTE,
	    LIMBER_MISTAKE_NOTE);
	while (db_next_row(j, st, &rc)) {
		int64_t at = sqlite3_column_int64(st, 0);

		if (limber_local_day(at) == today)
			mistake = at;
	}
	sqlite3_finalize(st);
	st = NULL;
	/*
	 * A warning stop today holds, whatever was said after it: a session
	 * stopped on one, or a warning that came after its session had ended,
	 * kept as a note. The latest of today's is the one told.
	 */
	if (rc == SQLITE_DONE || rc == SQLITE_OK)
		rc = db_prepare(j, &st,
		    "SELECT coalesce(ended, updated) AS w, reason FROM session "
		    "WHERE state = 'stopped' AND coalesce(ended, updated) >= ? "
		    "AND substr(reason, 1, length(?)) = ? "
		    "UNION ALL SELECT at AS w, text FROM note WHERE at >= ? AND "
		    "substr(text, 1, length(?)) = ? ORDER BY w",
		    "IssIss", since, LIMBER_WARNING_STOP_REASON,
		    LIMBER_WARNING_STOP_REASON, since,
		    LIMBER_WARNING_STOP_REASON, LIMBER_WARNING_STOP_REASON);
	while (st != NULL && db_next_row(j, st, &rc)) {
		int64_t at = sqlite3_column_int64(st, 0);

		if (limber_local_day(at) != today)
			continue;
		free(out->reason);
		out->held = out->warning = true;
		out->at = at;
		out->level = LIMBER_LEVEL_GO;
		out->reason = db_text(st, 1);
	}
	sqlite3_finalize(st);
	st = NULL;
	/* Else an urgent or emergency verdict today, not called a mistake. */
	if (!out->held && (rc == SQLITE_DONE || rc == SQLITE_OK))
		rc = db_prepare(j, &st,
		    "SELECT id, at, verdict FROM screening "
		    "WHERE at >= ? AND at <= ? ORDER BY at, id",
		    "II", since, now);
	while (!out->held && db_next_row(j, st, &rc)) {
		int64_t at = sqlite3_column_int64(st, 1);
		char *v = db_text(st, 2);
		int level = journal_level_parse(v);

		free(v);
		if (limber_local_day(at) != today || level < 0 ||
		    level < (int)LIMBER_HOLD_LEVEL || mistake > at)
			continue;
		verdict_id = sqlite3_column_int64(st, 0);
		out->at = at;
		out->level = (enum limber_level)level;
	}
	if (!out->held && verdict_id != 0) {
		out->held = true;
		sqlite3_finalize(st);
		st = NULL;
		rc = hold_answers(j, verdict_id, out);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_OK) {
		limber_day_hold_release(out);
		return db_fail(j, rc, cause);
	}
	return LIMBER_OK;
}

enum limber_status
limber_journal_worse_flag(struct limber_journal *j, int64_t now, bool *out,
    char **cause)
{
	struct limber_course_event *ev = NULL;
	sqlite3_stmt *st = NULL;
	char *sql;
	size_t n = 0;
	int rc;

	*out = false;
	/*
	 * Only what ended by now: a better session or a clearance dated later
	 * (the clock was ahead) would otherwise end the flag of every worse
	 * session before its date (docs/safety.md, "When the clock was
	 * wrong").
	 */
	sql = xasprintf("%s WHERE coalesce(s.ended, s.updated) <= ?",
	    facts_sql);
	rc = db_prepare(j, &st, sql, "I", now);
	free(sql);
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	while ((rc = db_step(j, st)) == SQLITE_ROW) {
		struct session_facts f;
		enum limber_effect e;

		journal_read_facts(st, &f);
		e = journal_facts_effect(&f);
		if (e != LIMBER_EFFECT_WORSE &&
		    !limber_session_better(f.state, f.before, f.after,
			f.next_day))
			continue;
		ev = xreallocarray(ev, n + 1, sizeof *ev);
		ev[n].at = f.ended;
		ev[n++].kind = e == LIMBER_EFFECT_WORSE ?
		    LIMBER_COURSE_WORSE :
		    LIMBER_COURSE_BETTER;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		rc = db_prepare(j, &st,
		    "SELECT at FROM clearance WHERE at <= ?", "I", now);
	if (rc == SQLITE_OK) {
		while ((rc = db_step(j, st)) == SQLITE_ROW) {
			ev = xreallocarray(ev, n + 1, sizeof *ev);
			ev[n].at = sqlite3_column_int64(st, 0);
			ev[n++].kind = LIMBER_COURSE_CLEARED;
		}
		sqlite3_finalize(st);
	}
	if (rc != SQLITE_DONE) {
		free(ev);
		return db_fail(j, rc, cause);
	}
	*out = limber_worse_after_sessions(ev, n);
	free(ev);
	return LIMBER_OK;
}

enum limber_status
limber_journal_no_improvement(struct limber_journal *j, int64_t now, bool *out,
    char **cause)
{
	struct limber_pain_point *p = NULL;
	sqlite3_stmt *st = NULL;
	size_t n = 0;
	int rc;

	*out = false;
	rc = db_prepare(j, &st, facts_sql, "");
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	while ((rc = db_step(j, st)) == SQLITE_ROW) {
		struct session_facts f;

		journal_read_facts(st, &f);
		p = xreallocarray(p, n + 1, sizeof *p);
		p[n].at = f.started;
		p[n++].before = f.before;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(p);
		return db_fail(j, rc, cause);
	}
	*out = limber_no_improvement(p, n, now);
	free(p);
	return LIMBER_OK;
}

enum limber_status
limber_journal_doses(struct limber_journal *j, struct limber_dose **out,
    size_t *n, char **cause)
{
	sqlite3_stmt *st = NULL;
	struct limber_dose *d = NULL;
	size_t have = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = db_prepare(j, &st,
	    "SELECT stretch, reps FROM dose ORDER BY "
	    "stretch",
	    "");
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	while ((rc = db_step(j, st)) == SQLITE_ROW) {
		d = xreallocarray(d, have + 1, sizeof *d);
		d[have].stretch = db_text(st, 0);
		d[have++].reps = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		limber_doses_free(d, have);
		return db_fail(j, rc, cause);
	}
	*out = d;
	*n = have;
	return LIMBER_OK;
}

enum limber_status
limber_journal_plan_history(struct limber_journal *j, int64_t now,
    struct limber_plan_history *out, char **cause)
{
	struct limber_stage stage = { .level = 0 };
	sqlite3_stmt *st = NULL;
	char *sql = xasprintf("%s ORDER BY s.started, s.id", facts_sql);
	int rc;

	memset(out, 0, sizeof *out);
	rc = db_prepare(j, &st, sql, "");
	free(sql);
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	while ((rc = db_step(j, st)) == SQLITE_ROW) {
		struct session_facts f;

		journal_read_facts(st, &f);
		/* A session dated after now (a clock put back) waits for now. */
		if (f.started > now)
			continue;
		stage = limber_stage_next(stage, journal_facts_effect(&f),
		    f.started);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(j, rc, cause);
	out->stage = stage.level < LIMBER_STAGE_GENTLE ?
	    LIMBER_STAGE_GENTLE :
	    stage.level;

	rc = db_prepare(j, &st,
	    "SELECT stretch, max(at) FROM stretch WHERE "
	    "skipped = 0 GROUP BY stretch ORDER BY stretch",
	    "");
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	while ((rc = db_step(j, st)) == SQLITE_ROW) {
		struct limber_recent *r;
		int64_t at = sqlite3_column_int64(st, 1);

		out->recent = xreallocarray(out->recent, out->nrecent + 1,
		    sizeof *out->recent);
		r = &out->recent[out->nrecent++];
		r->stretch = db_text(st, 0);
		/* A record dated after now (a clock put back) counts as now. */
		r->ago_s = now > at ? now - at : 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		limber_plan_history_release(out);
		return db_fail(j, rc, cause);
	}
	return LIMBER_OK;
}

void
limber_plan_history_release(struct limber_plan_history *h)
{
	for (size_t i = 0; i < h->nrecent; i++)
		free((char *)h->recent[i].stretch);
	free(h->recent);
	memset(h, 0, sizeof *h);
}

void
limber_doses_free(struct limber_dose *d, size_t n)
{
	for (size_t i = 0; d != NULL && i < n; i++)
		free((char *)d[i].stretch);
	free(d);
}

enum limber_status
limber_journal_last_screening(struct limber_journal *j, int64_t now,
    struct limber_last_screening *out, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	/*
	 * "used": a check is for one session (docs/safety.md). One dated
	 * after now is not the last: it would never be fresh, and so would
	 * ask for a new check that could never come to be the last.
	 */
	rc = db_prepare(j, &st,
	    "SELECT at, verdict, pain, area, EXISTS ("
	    "SELECT 1 FROM session WHERE started >= screening.at AND "
	    "session.screening = screening.id) FROM screening "
	    "WHERE at <= ? ORDER BY at DESC, id DESC LIMIT 1",
	    "I", now);
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	rc = db_step(j, st);
	if (rc == SQLITE_ROW) {
		char *v = db_text(st, 1), *a = db_text(st, 3);
		int level = journal_level_parse(v);

		out->found = level >= 0;
		out->at = sqlite3_column_int64(st, 0);
		out->verdict = level >= 0 ?
		    (enum limber_level)level :
		    LIMBER_LEVEL_EMERGENCY;
		out->pain = sqlite3_column_int(st, 2);
		out->area = journal_area_parse(a);
		out->used = sqlite3_column_int(st, 4) != 0;
		free(v);
		free(a);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? LIMBER_OK : db_fail(j, rc, cause);
}

enum limber_status
limber_journal_next_day_due(struct limber_journal *j, int64_t now,
    struct limber_next_day_check *out, char **cause)
{
	struct session_facts f;
	sqlite3_stmt *st = NULL;
	char *sql, *area = NULL;
	int64_t days;
	bool found = false;
	int rc;

	memset(out, 0, sizeof *out);
	/* A session dated after now must not hide the last one's check. */
	sql = xasprintf(
	    "%s WHERE s.started <= ? ORDER BY s.started DESC, s.id DESC LIMIT 1",
	    facts_sql);
	rc = db_prepare(j, &st, sql, "I", now);
	free(sql);
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	rc = db_step(j, st);
	if (rc == SQLITE_ROW) {
		journal_read_facts(st, &f);
		found = true;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(j, rc, cause);
	if (!found ||
	    (f.state != LIMBER_RECORD_DONE &&
		f.state != LIMBER_RECORD_STOPPED) ||
	    f.next_day != LIMBER_NEXT_DAY_UNASKED)
		return LIMBER_OK;
	days = limber_local_day(now) - limber_local_day(f.ended);
	if (days < 1 || days > LIMBER_WORSE_DAYS)
		return LIMBER_OK;

	rc = db_prepare(j, &st,
	    "SELECT area FROM pain WHERE session = ? AND "
	    "kind = 'before' ORDER BY at, id LIMIT 1",
	    "I", f.id);
	if (rc == SQLITE_OK && (rc = db_step(j, st)) == SQLITE_ROW) {
		area = db_text(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	out->due = true;
	out->session = f.id;
	out->ended = f.ended;
	out->before = f.before;
	out->after = f.after;
	out->area = journal_area_parse(area);
	out->worse = journal_facts_effect(&f) == LIMBER_EFFECT_WORSE;
	free(area);
	return LIMBER_OK;
}

enum limber_status
limber_journal_next_day_answer(struct limber_journal *j, int64_t session,
    int64_t at, int pain, bool settled, const struct limber_catalog *cat,
    char **cause)
{
	struct session_facts f;
	enum limber_effect was;
	char *area = NULL;
	bool found = false;
	sqlite3_stmt *st = NULL;
	int rc;

	if (pain != LIMBER_PAIN_NOT_GIVEN &&
	    (pain < LIMBER_PAIN_MIN || pain > LIMBER_PAIN_MAX))
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("pain must be a whole number from %d to %d, not %d"),
		    LIMBER_PAIN_MIN, LIMBER_PAIN_MAX, pain);
	if (cat == NULL && !settled)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("the next-day check needs "
		      "the catalog, for the dose of the session's stretches"));
	if ((rc = db_begin(j)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	if ((rc = session_facts(j, session, &f, &found)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	if (!found ||
	    (f.state != LIMBER_RECORD_DONE &&
		f.state != LIMBER_RECORD_STOPPED)) {
		db_rollback(j);
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("session %lld has not ended, so it has no next-day check"),
		    (long long)session);
	}
	if (f.next_day != LIMBER_NEXT_DAY_UNASKED) {
		db_rollback(j);
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("the next-day check of session %lld is already answered"),
		    (long long)session);
	}
	was = journal_facts_effect(&f);

	rc = db_prepare(j, &st,
	    "SELECT area FROM pain WHERE session = ? AND "
	    "kind = 'before' ORDER BY at, id LIMIT 1",
	    "I", session);
	if (rc == SQLITE_OK && (rc = db_step(j, st)) == SQLITE_ROW) {
		area = db_text(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	if (rc == SQLITE_OK && pain != LIMBER_PAIN_NOT_GIVEN)
		rc = db_run(j, NULL,
		    "INSERT INTO pain (at, value, area, kind, "
		    "session) VALUES (?, ?, ?, 'next-day', ?)",
		    "IisI", at, pain, area, session);
	free(area);
	if (rc == SQLITE_OK)
		rc = db_run(j, NULL,
		    "UPDATE session SET next_day = ? WHERE "
		    "id = ?",
		    "sI",
		    limber_next_day_name(settled ? LIMBER_NEXT_DAY_SETTLED :
						   LIMBER_NEXT_DAY_UNSETTLED),
		    session);
	/* A session already worse has already lost its repetition. */
	if (rc == SQLITE_OK && !settled && was != LIMBER_EFFECT_WORSE)
		rc = apply_progress(j, session, LIMBER_EFFECT_WORSE, cat);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

/*
 * Records dated after now. A session counts by its start or, when only
 * that is past, its end (or, running, its last record).
 */
enum limber_status
limber_journal_future(struct limber_journal *j, int64_t now,
    struct limber_journal_future *out, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc;

	out->count = 0;
	out->first = INT64_MAX;
	rc = db_prepare(j, &st,
	    "SELECT count(*), min(t) FROM ("
	    "SELECT at AS t FROM screening WHERE at > ?1 "
	    "UNION ALL SELECT CASE WHEN started > ?1 THEN started "
	    "ELSE coalesce(ended, updated) END FROM session "
	    "WHERE started > ?1 OR coalesce(ended, updated) > ?1 "
	    "UNION ALL SELECT at FROM pain WHERE session IS NULL AND at > ?1 "
	    "UNION ALL SELECT at FROM note WHERE session IS NULL AND at > ?1 "
	    "UNION ALL SELECT at FROM clearance WHERE at > ?1 "
	    "UNION ALL SELECT at FROM peg WHERE at > ?1 "
	    "UNION ALL SELECT at FROM psfs WHERE at > ?1)",
	    "I", now);
	if (rc == SQLITE_OK && (rc = db_step(j, st)) == SQLITE_ROW) {
		out->count = (size_t)sqlite3_column_int64(st, 0);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			out->first = sqlite3_column_int64(st, 1);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

char *
limber_journal_future_text(size_t count)
{
	bool one = count == 1;

	return xasprintf(
	    "The journal holds %zu %s dated after now (the clock "
	    "was probably ahead when %s written); %s no part in the safety "
	    "rules until then.",
	    count, one ? "record" : "records", one ? "it was" : "they were",
	    one ? "it takes" : "they take");
}
