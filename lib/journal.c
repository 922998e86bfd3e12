/*
 * journal.c - the journal's SQLite file: opening it safely, recording as
 * things happen, and reading it back whole for history and export.
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
 * The rules the data feeds (progression, the worse-after-sessions flag)
 * are pure functions in progress.c; the statistics are in stats.c. The
 * schema and the export format are described in docs/journal.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "internal.h"
#include "limber/limber.h"
#include "limber/remind.h"
#include "util.h"

static int remind_kind_parse(const char *s);

/* PRAGMA application_id of a limber journal: "Lmbr". */
#define JOURNAL_APP_ID 0x4c6d6272

/* Imports larger than this are refused (an export of years is far smaller). */
#define IMPORT_MAX_RECORDS 1000000

struct limber_journal {
	sqlite3 *db;
	char *path;
	char *err;	/* the last SQLite message, for causes */
	bool checked;	/* PRAGMA quick_check has passed (check_pages) */
	uint64_t unread;	/* versions that could not be read */
	/* How long a write waits for another program's (busy). */
	int wait_ms;
	/* The last write failed before anything was written. */
	bool retry;
};

/* ------------------------------------------------------------------ */
/* The schema. Each entry moves the schema from version i to i + 1.    */

/*
 * A session's scores as limber_session_effect takes them (FACTS_COLUMNS
 * below): its first before score, and its last after score or, without
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
};

/* ------------------------------------------------------------------ */
/* SQLite helpers.                                                     */

static void
set_err(struct limber_journal *j)
{
	free(j->err);
	j->err = xstrdup(sqlite3_errmsg(j->db));
}

/*
 * Bind the arguments fmt describes, from index 1: 'I' an int64_t, 'i' an
 * int, 's' a const char * (NULL binds null), 'z' an int64_t bound as null
 * when 0 (an optional reference).
 */
static int
bind_args(sqlite3_stmt *st, const char *fmt, va_list ap)
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

static int
db_prepare(struct limber_journal *j, sqlite3_stmt **st, const char *sql,
    const char *fmt, ...)
{
	va_list ap;
	int rc;

	*st = NULL;
	rc = sqlite3_prepare_v2(j->db, sql, -1, st, NULL);
	if (rc != SQLITE_OK) {
		set_err(j);
		return rc;
	}
	va_start(ap, fmt);
	rc = bind_args(*st, fmt, ap);
	va_end(ap);
	if (rc != SQLITE_OK) {
		set_err(j);
		sqlite3_finalize(*st);
		*st = NULL;
	}
	return rc;
}

/* Step; SQLITE_ROW or SQLITE_DONE, else the error (kept in j->err). */
static int
db_step(struct limber_journal *j, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		set_err(j);
	return rc;
}

/* Run one statement to its end; *rowid (when not NULL) gets the new row's id. */
static int
db_run(struct limber_journal *j, int64_t *rowid, const char *sql,
    const char *fmt, ...)
{
	sqlite3_stmt *st = NULL;
	va_list ap;
	int rc;

	rc = sqlite3_prepare_v2(j->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		set_err(j);
		return rc;
	}
	va_start(ap, fmt);
	rc = bind_args(st, fmt, ap);
	va_end(ap);
	if (rc == SQLITE_OK) {
		while ((rc = db_step(j, st)) == SQLITE_ROW)
			;
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	} else
		set_err(j);
	if (rc == SQLITE_OK && rowid != NULL)
		*rowid = sqlite3_last_insert_rowid(j->db);
	sqlite3_finalize(st);
	return rc;
}

/*
 * One integer from a query; SQLITE_OK with *found false when it has no
 * row (found may be NULL when a row is certain).
 */
static int
db_int(struct limber_journal *j, int64_t *out, bool *found, const char *sql,
    const char *fmt, ...)
{
	sqlite3_stmt *st = NULL;
	va_list ap;
	int rc;

	rc = sqlite3_prepare_v2(j->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		set_err(j);
		return rc;
	}
	va_start(ap, fmt);
	rc = bind_args(st, fmt, ap);
	va_end(ap);
	if (rc != SQLITE_OK) {
		set_err(j);
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

static char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

static int check_pages(struct limber_journal *j);

/* A write transaction; the first of an open journal checks it whole first. */
static int
begin(struct limber_journal *j)
{
	int rc;

	j->retry = false;
	if (!j->checked && (rc = check_pages(j)) != SQLITE_OK)
		return rc;
	return db_run(j, NULL, "BEGIN IMMEDIATE", "");
}

static int
commit(struct limber_journal *j)
{
	return db_run(j, NULL, "COMMIT", "");
}

static void
rollback(struct limber_journal *j)
{
	/* No db: sqlite3_open_v2 found no memory for one. */
	if (j->db != NULL && !sqlite3_get_autocommit(j->db))
		sqlite3_exec(j->db, "ROLLBACK", NULL, NULL, NULL);
}

/* A cause for an SQLite failure; rolls back any open transaction. */
static enum limber_status
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
			    "%s: the journal is busy: another "
			    "program (perhaps another limber) is writing to it "
			    "and did not finish within %d seconds; try again "
			    "when it is done",
			    j->path, j->wait_ms / 1000);
		else
			msg = xasprintf(
			    "%s: the journal is busy: another "
			    "program (perhaps another limber, importing) is "
			    "writing to it",
			    j->path);
		break;
	case SQLITE_NOTADB:
		msg = xasprintf("%s: not a limber journal (not an SQLite "
		    "database); it was left untouched", j->path);
		status = LIMBER_ERR_INVALID;
		break;
	case SQLITE_CORRUPT:
		msg = xasprintf("%s: the journal is damaged (%s); it was left "
		    "untouched", j->path, j->err != NULL ? j->err : "corrupt");
		status = LIMBER_ERR_INVALID;
		break;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		msg = xasprintf("%s: the journal cannot be written: %s",
		    j->path, j->err != NULL ? j->err : "permission denied");
		break;
	case SQLITE_FULL:
		msg = xasprintf("%s: the disk is full; nothing was recorded",
		    j->path);
		break;
	case SQLITE_CONSTRAINT:
		msg = xasprintf("%s: the record breaks a rule of the journal "
		    "(%s); nothing was recorded", j->path,
		    j->err != NULL ? j->err : "constraint");
		status = LIMBER_ERR_INVALID;
		break;
	default:
		msg = xasprintf("%s: %s", j->path, j->err != NULL ? j->err :
		    sqlite3_errstr(rc));
		break;
	}
	rollback(j);
	if (cause != NULL)
		*cause = msg;
	else
		free(msg);
	return status;
}

static enum limber_status
fail(char **cause, enum limber_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum limber_status
fail(char **cause, enum limber_status status, const char *fmt, ...)
{
	va_list ap;

	if (cause != NULL) {
		va_start(ap, fmt);
		*cause = xvasprintf(fmt, ap);
		va_end(ap);
	}
	return status;
}

static const char *
area_name(unsigned area)
{
	switch (area) {
	case LIMBER_AREA_UPPER:
		return "upper";
	case LIMBER_AREA_LOWER:
		return "lower";
	case LIMBER_AREA_BOTH:
		return "both";
	}
	return NULL;
}

static unsigned
area_parse(const char *s)
{
	int a = s != NULL ? limber_area_parse(s) : -1;

	return a > 0 ? (unsigned)a : 0;
}

static int
level_parse(const char *s)
{
	for (int i = 0; s != NULL && i < LIMBER_LEVEL_COUNT; i++) {
		if (strcmp(limber_level_name((enum limber_level)i), s) == 0)
			return i;
	}
	return -1;
}

/* ------------------------------------------------------------------ */
/* Opening.                                                            */

char *
limber_journal_default_path(const char *xdg_data_home, const char *home)
{
	/* The XDG spec says to ignore a relative path. */
	if (xdg_data_home != NULL && xdg_data_home[0] == '/')
		return xasprintf("%s/limber/journal.db", xdg_data_home);
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/.local/share/limber/journal.db", home);
	return NULL;
}

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
			rc = fail(cause, LIMBER_ERR_IO, "%s: cannot make the "
			    "folder: %s", dir, strerror(errno));
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
		return fail(cause, LIMBER_ERR_IO, "%s: %s", path,
		    strerror(errno));
	do
		n = read(fd, buf, sizeof buf);
	while (n == -1 && errno == EINTR);
	close(fd);
	if (n == -1)
		return fail(cause, LIMBER_ERR_IO, "%s: %s", path,
		    strerror(errno));
	if (n > 0 && ((size_t)n < sizeof buf || memcmp(buf, magic,
	    sizeof magic) != 0))
		return fail(cause, LIMBER_ERR_INVALID, "%s: not a limber "
		    "journal (not an SQLite database); it was left untouched",
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
		result = col_text(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		return rc;
	if (result == NULL || strcmp(result, "ok") != 0) {
		free(j->err);
		j->err = result != NULL ? result : xstrdup("no answer to a "
		    "check");
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
		return fail(cause, LIMBER_ERR_INVALID, "%s: an SQLite database "
		    "of another program, not a limber journal; it was left "
		    "untouched", j->path);
	if (*version > LIMBER_JOURNAL_VERSION)
		return fail(cause, LIMBER_ERR_INVALID, "%s: this journal was "
		    "written by a newer limber (journal version %lld; this "
		    "limber knows up to version %d); it was left untouched: "
		    "update limber to use it", j->path, (long long)*version,
		    LIMBER_JOURNAL_VERSION);
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

		if ((rc = begin(j)) != SQLITE_OK)
			return db_fail(j, rc, cause);
		/* Read again inside the lock: another limber may have just done it. */
		if ((rc = db_int(j, &version, NULL, "PRAGMA user_version",
		    "")) != SQLITE_OK)
			return db_fail(j, rc, cause);
		if (version >= LIMBER_JOURNAL_VERSION) {
			rollback(j);
			return LIMBER_OK;
		}
		rc = sqlite3_exec(j->db, migrations[version], NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			set_err(j);
			return db_fail(j, rc, cause);
		}
		sql = xasprintf("PRAGMA user_version = %lld; "
		    "PRAGMA application_id = %d", (long long)version + 1,
		    JOURNAL_APP_ID);
		rc = sqlite3_exec(j->db, sql, NULL, NULL, NULL);
		free(sql);
		if (rc != SQLITE_OK) {
			set_err(j);
			return db_fail(j, rc, cause);
		}
		if ((rc = commit(j)) != SQLITE_OK)
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
		return fail(cause, LIMBER_ERR_INVALID, "no journal path given");

	if (stat(path, &sb) == -1) {
		if (errno != ENOENT)
			return fail(cause, LIMBER_ERR_IO, "%s: %s", path,
			    strerror(errno));
		if (!(flags & LIMBER_JOURNAL_CREATE))
			return fail(cause, LIMBER_ERR_NOT_FOUND, "%s: no journal "
			    "yet", path);
		if ((status = make_parents(path, cause)) != LIMBER_OK)
			return status;
		/* Made here, so that it is private from its first byte. */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd == -1 && errno != EEXIST)
			return fail(cause, LIMBER_ERR_IO, "%s: cannot make the "
			    "journal: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
	} else if (!S_ISREG(sb.st_mode))
		return fail(cause, LIMBER_ERR_INVALID, "%s: not a regular file",
		    path);
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
			set_err(j);
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
	 * write (begin), so that a command that only reads need not read it
	 * all. Reading, SQLite checks each page it reads all the same.
	 */
	rc = db_prepare(j, &st, "PRAGMA journal_mode", "");
	if (rc == SQLITE_OK && (rc = db_step(j, st)) == SQLITE_ROW) {
		mode = col_text(st, 0);
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
			status = fail(cause, LIMBER_ERR_INVALID,
			    "%s: this journal was written by an older limber "
			    "and cannot be brought up to date where it cannot "
			    "be written; open it once where it can",
			    path);
			goto fail;
		}
		*out = j;
		return LIMBER_OK;
	}
	/* Only now, with the file known to be ours, is anything written. */
	rc = db_prepare(j, &st, "PRAGMA journal_mode = WAL", "");
	if (rc == SQLITE_OK && (rc = db_step(j, st)) == SQLITE_ROW) {
		mode = col_text(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK) {
		status = db_fail(j, rc, cause);
		goto fail;
	}
	if (mode == NULL || strcmp(mode, "wal") != 0) {
		status = fail(cause, LIMBER_ERR_IO, "%s: the journal cannot be "
		    "put in WAL mode (it is in %s mode)", path,
		    mode != NULL ? mode : "an unknown");
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
			set_err(r);
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
limber_journal_version(struct limber_journal *j)
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

static const char facts_sql[] = FACTS_COLUMNS " FROM session s ";

static void
read_facts(sqlite3_stmt *st, struct session_facts *f)
{
	char *s;

	f->id = sqlite3_column_int64(st, 0);
	f->started = sqlite3_column_int64(st, 1);
	f->ended = sqlite3_column_int64(st, 2);
	s = col_text(st, 3);
	f->state = (enum limber_record_state)limber_record_state_parse(s);
	free(s);
	s = col_text(st, 4);
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
		read_facts(st, f);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	return rc;
}

static enum limber_effect
facts_effect(const struct session_facts *f)
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
	if ((rc = begin(j)) != SQLITE_OK) {
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
	if ((rc = commit(j)) != SQLITE_OK)
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

enum limber_status
limber_journal_add_screening(struct limber_journal *j, int64_t at,
    const struct limber_answers *ans, enum limber_level verdict,
    int64_t *id, char **cause)
{
	int64_t sid = 0;
	int rc;

	if (ans->pain < 0 || ans->pain > 10)
		return fail(cause, LIMBER_ERR_INVALID, "screening: pain must "
		    "be a whole number from 0 to 10, not %d", ans->pain);
	if (area_name(ans->area) == NULL)
		return fail(cause, LIMBER_ERR_INVALID, "screening: the area "
		    "must be upper, lower or both");
	if ((unsigned)verdict >= LIMBER_LEVEL_COUNT)
		return fail(cause, LIMBER_ERR_INVALID, "screening: unknown "
		    "verdict %d", (int)verdict);
	for (size_t i = 0; i < ans->nyes; i++) {
		if (ans->yes[i] == NULL || limber_question_find(ans->yes[i]) == NULL)
			return fail(cause, LIMBER_ERR_INVALID, "screening: no "
			    "question '%s'", ans->yes[i] != NULL ?
			    ans->yes[i] : "(null)");
	}

	if ((rc = begin(j)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	rc = db_run(j, &sid, "INSERT INTO screening (at, pain, area, verdict) "
	    "VALUES (?, ?, ?, ?)", "Iiss", at, ans->pain, area_name(ans->area),
	    limber_level_name(verdict));
	for (size_t i = 0; rc == SQLITE_OK && i < ans->nyes; i++)
		rc = db_run(j, NULL, "INSERT INTO screening_yes (screening, "
		    "pos, question) VALUES (?, ?, ?)", "Iis", sid, (int)i,
		    ans->yes[i]);
	if (rc == SQLITE_OK)
		rc = commit(j);
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
		return fail(cause, LIMBER_ERR_INVALID, "a session needs a plan");
	pj = limber_plan_to_json(plan);
	text = pj != NULL ? json_dumps(pj, JSON_COMPACT) : NULL;
	json_decref(pj);
	if (text == NULL)
		return fail(cause, LIMBER_ERR_INVALID, "the plan could not be "
		    "turned into JSON");

	if ((rc = begin(j)) == SQLITE_OK)
		rc = db_run(j, &sid, "INSERT INTO session (screening, plan, "
		    "started, updated, state, pid) VALUES (?, ?, ?, ?, "
		    "'running', ?)", "zsIIi", screening, text, at, at, pid);
	free(text);
	if (rc == SQLITE_OK)
		rc = commit(j);
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
	char *state;
	int rc;

	rc = db_int(j, &v, &found, "SELECT state = 'running' FROM session "
	    "WHERE id = ?", "I", session);
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	if (found && v)
		return LIMBER_OK;
	rollback(j);
	state = found ? xstrdup("it has ended") : xstrdup("there is no such "
	    "session");
	fail(cause, LIMBER_ERR_INVALID, "session %lld is not running: %s",
	    (long long)session, state);
	free(state);
	return LIMBER_ERR_INVALID;
}

enum limber_status
limber_journal_session_progress(struct limber_journal *j, int64_t session,
    int64_t at, int last_step, char **cause)
{
	enum limber_status status;
	int rc;

	if (last_step < -1)
		return fail(cause, LIMBER_ERR_INVALID, "the last step must be "
		    "-1 or more, not %d", last_step);
	if ((rc = begin(j)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	if ((status = need_running(j, session, cause)) != LIMBER_OK)
		return status;
	rc = db_run(j, NULL, "UPDATE session SET last_step = ?, updated = "
	    "max(updated, ?) WHERE id = ?", "iII", last_step, at, session);
	if (rc == SQLITE_OK)
		rc = commit(j);
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
		return fail(cause, LIMBER_ERR_INVALID, "a stretch needs its id, "
		    "and a variant's id is not empty");
	if (sd->reps < 0 || sd->reps > 100)
		return fail(cause, LIMBER_ERR_INVALID, "%s: repetitions must be "
		    "from 0 to 100, not %d", sd->stretch, sd->reps);
	if (sd->sides < 0 || sd->sides > 2)
		return fail(cause, LIMBER_ERR_INVALID, "%s: sides must be 0, 1 "
		    "or 2, not %d", sd->stretch, sd->sides);
	if ((rc = begin(j)) != SQLITE_OK)
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
		rc = commit(j);
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

	if (p->value < 0 || p->value > 10)
		return fail(cause, LIMBER_ERR_INVALID, "pain must be a whole "
		    "number from 0 to 10, not %d", p->value);
	if (p->area != 0 && area_name(p->area) == NULL)
		return fail(cause, LIMBER_ERR_INVALID, "the area must be upper, "
		    "lower or both");
	if ((unsigned)p->kind >= LIMBER_SCORE_KIND_COUNT)
		return fail(cause, LIMBER_ERR_INVALID, "unknown kind of pain "
		    "score %d", (int)p->kind);
	if ((p->kind == LIMBER_SCORE_LOGGED) != (p->session == 0))
		return fail(cause, LIMBER_ERR_INVALID, "a pain score logged by "
		    "hand belongs to no session, and every other kind to one");
	if (p->note != NULL && !text_ok(p->note))
		return fail(cause, LIMBER_ERR_INVALID, "a note must be text that "
		    "is not empty (UTF-8)");

	if ((rc = begin(j)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	if (p->kind == LIMBER_SCORE_NEXT_DAY) {
		rc = db_int(j, &finished, &found, "SELECT state IN ('done', "
		    "'stopped') FROM session WHERE id = ?", "I", p->session);
		if (rc != SQLITE_OK)
			return db_fail(j, rc, cause);
		if (!found || !finished) {
			rollback(j);
			return fail(cause, LIMBER_ERR_INVALID, "a next-day score "
			    "needs a session that is done or stopped");
		}
	} else if (p->kind != LIMBER_SCORE_LOGGED &&
	    (status = need_running(j, p->session, cause)) != LIMBER_OK)
		return status;
	rc = db_run(j, &pid, "INSERT INTO pain (at, value, area, kind, session, "
	    "note) VALUES (?, ?, ?, ?, ?, ?)", "Iissz" "s", p->at, p->value,
	    area_name(p->area), limber_score_kind_name(p->kind), p->session,
	    p->note);
	if (rc == SQLITE_OK && p->kind != LIMBER_SCORE_LOGGED &&
	    p->kind != LIMBER_SCORE_NEXT_DAY)
		rc = db_run(j, NULL, "UPDATE session SET updated = max(updated, "
		    "?) WHERE id = ?", "II", p->at, p->session);
	if (rc == SQLITE_OK)
		rc = commit(j);
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
		return fail(cause, LIMBER_ERR_INVALID, "a session ends done, "
		    "stopped or interrupted");
	if (state == LIMBER_RECORD_STOPPED && !text_ok(reason))
		return fail(cause, LIMBER_ERR_INVALID, "a stopped session needs "
		    "the reason it stopped");
	if (cat == NULL)
		return fail(cause, LIMBER_ERR_INVALID, "ending a session needs "
		    "the catalog, for the dose of its stretches");

	if ((rc = begin(j)) != SQLITE_OK)
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
		rc = apply_progress(j, session, facts_effect(&f), cat);
	if (rc == SQLITE_OK)
		rc = commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

static bool next_row(struct limber_journal *j, sqlite3_stmt *st, int *rc);

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
		return fail(cause, LIMBER_ERR_INVALID,
		    "a warning's reason begins with \"%s\"", prefix);
	if (cat == NULL)
		return fail(cause, LIMBER_ERR_INVALID,
		    "ending a session needs the catalog, for its doses");
	if ((rc = begin(j)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	if (session > 0)
		rc = db_prepare(j, &st,
		    "SELECT state, coalesce(reason, '') FROM session "
		    "WHERE id = ?",
		    "I", session);
	if (st != NULL && next_row(j, st, &rc)) {
		state = col_text(st, 0);
		was = col_text(st, 1);
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
			rc = apply_progress(j, session, facts_effect(&f), cat);
	} else if (rc == SQLITE_OK && !done) {
		rc = db_run(j, NULL,
		    "INSERT INTO note (at, session, text) VALUES (?, ?, ?)",
		    "Izs", at, state != NULL ? session : 0, reason);
	}
	free(state);
	free(was);
	if (rc == SQLITE_OK)
		rc = commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

enum limber_status
limber_journal_add_note(struct limber_journal *j, int64_t at,
    int64_t session, const char *text, char **cause)
{
	int rc;

	if (!text_ok(text))
		return fail(cause, LIMBER_ERR_INVALID, "a note must be text that "
		    "is not empty (UTF-8)");
	if ((rc = begin(j)) == SQLITE_OK)
		rc = db_run(j, NULL, "INSERT INTO note (at, session, text) "
		    "VALUES (?, ?, ?)", "Izs", at, session, text);
	if (rc == SQLITE_OK)
		rc = commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

enum limber_status
limber_journal_add_clearance(struct limber_journal *j, int64_t at,
    const char *note, char **cause)
{
	int rc;

	if (note != NULL && !text_ok(note))
		return fail(cause, LIMBER_ERR_INVALID, "a note must be text that "
		    "is not empty (UTF-8)");
	if ((rc = begin(j)) == SQLITE_OK)
		rc = db_run(j, NULL, "INSERT INTO clearance (at, note) VALUES "
		    "(?, ?)", "Is", at, note);
	if (rc == SQLITE_OK)
		rc = commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
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

char *
limber_day_hold_text(const struct limber_day_hold *h, const char *when)
{
	const char *advice = NULL, *colon;
	char *text, *next;

	if (!h->held)
		return xstrdup("");
	if (h->warning) {
		colon = h->reason != NULL ? strchr(h->reason, ':') : NULL;
		return xasprintf(
		    "At %s today a session stopped on a warning "
		    "sign (%s). No new session starts today: rest, and let it "
		    "settle. If it has not settled by tomorrow, see a doctor or "
		    "physiotherapist before you stretch again. If it is "
		    "severe, or comes with weakness, numbness between your "
		    "legs, or trouble controlling your bladder or bowels, call "
		    "your local emergency number now.",
		    when,
		    colon != NULL && colon[1] == ' ' ?
			colon + 2 :
			"sharp pain, numbness or "
			"dizziness");
	}
	text = xasprintf(
	    "At %s today your answers gave the verdict %s, so no "
	    "session starts for the rest of today. You answered yes to:",
	    when, limber_level_name(h->level));
	for (size_t i = 0; i < h->nyes; i++) {
		const struct limber_question *q =
		    limber_question_find(h->yes[i]);

		next = xasprintf("%s%s \"%s\"", text, i ? ";" : "",
		    q != NULL ? q->text : h->yes[i]);
		free(text);
		text = next;
		if (advice == NULL && q != NULL && q->level == h->level)
			advice = q->advice;
	}
	next = xasprintf("%s. %s", text,
	    advice != NULL ? advice :
			     "Please do "
			     "what that verdict's advice says first.");
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
	while (next_row(j, st, &rc)) {
		h->yes = xreallocarray(h->yes, h->nyes + 1, sizeof *h->yes);
		h->yes[h->nyes++] = col_text(st, 0);
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
	while (next_row(j, st, &rc)) {
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
	while (st != NULL && next_row(j, st, &rc)) {
		int64_t at = sqlite3_column_int64(st, 0);

		if (limber_local_day(at) != today)
			continue;
		free(out->reason);
		out->held = out->warning = true;
		out->at = at;
		out->level = LIMBER_LEVEL_GO;
		out->reason = col_text(st, 1);
	}
	sqlite3_finalize(st);
	st = NULL;
	/* Else an urgent or emergency verdict today, not called a mistake. */
	if (!out->held && (rc == SQLITE_DONE || rc == SQLITE_OK))
		rc = db_prepare(j, &st,
		    "SELECT id, at, verdict FROM screening "
		    "WHERE at >= ? AND at <= ? ORDER BY at, id",
		    "II", since, now);
	while (!out->held && next_row(j, st, &rc)) {
		int64_t at = sqlite3_column_int64(st, 1);
		char *v = col_text(st, 2);
		int level = level_parse(v);

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

		read_facts(st, &f);
		e = facts_effect(&f);
		if (e != LIMBER_EFFECT_WORSE && !limber_session_better(f.state,
		    f.before, f.after, f.next_day))
			continue;
		ev = xreallocarray(ev, n + 1, sizeof *ev);
		ev[n].at = f.ended;
		ev[n++].kind = e == LIMBER_EFFECT_WORSE ? LIMBER_COURSE_WORSE :
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

		read_facts(st, &f);
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
	rc = db_prepare(j, &st, "SELECT stretch, reps FROM dose ORDER BY "
	    "stretch", "");
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	while ((rc = db_step(j, st)) == SQLITE_ROW) {
		d = xreallocarray(d, have + 1, sizeof *d);
		d[have].stretch = col_text(st, 0);
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
		char *v = col_text(st, 1), *a = col_text(st, 3);
		int level = level_parse(v);

		out->found = level >= 0;
		out->at = sqlite3_column_int64(st, 0);
		out->verdict = level >= 0 ? (enum limber_level)level :
		    LIMBER_LEVEL_EMERGENCY;
		out->pain = sqlite3_column_int(st, 2);
		out->area = area_parse(a);
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
		read_facts(st, &f);
		found = true;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(j, rc, cause);
	if (!found || (f.state != LIMBER_RECORD_DONE &&
	    f.state != LIMBER_RECORD_STOPPED) ||
	    f.next_day != LIMBER_NEXT_DAY_UNASKED)
		return LIMBER_OK;
	days = limber_local_day(now) - limber_local_day(f.ended);
	if (days < 1 || days > LIMBER_WORSE_DAYS)
		return LIMBER_OK;

	rc = db_prepare(j, &st, "SELECT area FROM pain WHERE session = ? AND "
	    "kind = 'before' ORDER BY at, id LIMIT 1", "I", f.id);
	if (rc == SQLITE_OK && (rc = db_step(j, st)) == SQLITE_ROW) {
		area = col_text(st, 0);
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
	out->area = area_parse(area);
	out->worse = facts_effect(&f) == LIMBER_EFFECT_WORSE;
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

	if (pain < -1 || pain > 10)
		return fail(cause, LIMBER_ERR_INVALID, "pain must be a whole "
		    "number from 0 to 10, not %d", pain);
	if (cat == NULL && !settled)
		return fail(cause, LIMBER_ERR_INVALID, "the next-day check needs "
		    "the catalog, for the dose of the session's stretches");
	if ((rc = begin(j)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	if ((rc = session_facts(j, session, &f, &found)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	if (!found || (f.state != LIMBER_RECORD_DONE &&
	    f.state != LIMBER_RECORD_STOPPED)) {
		rollback(j);
		return fail(cause, LIMBER_ERR_INVALID, "session %lld has not "
		    "ended, so it has no next-day check", (long long)session);
	}
	if (f.next_day != LIMBER_NEXT_DAY_UNASKED) {
		rollback(j);
		return fail(cause, LIMBER_ERR_INVALID, "the next-day check of "
		    "session %lld is already answered", (long long)session);
	}
	was = facts_effect(&f);

	rc = db_prepare(j, &st, "SELECT area FROM pain WHERE session = ? AND "
	    "kind = 'before' ORDER BY at, id LIMIT 1", "I", session);
	if (rc == SQLITE_OK && (rc = db_step(j, st)) == SQLITE_ROW) {
		area = col_text(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	if (rc == SQLITE_OK && pain >= 0)
		rc = db_run(j, NULL, "INSERT INTO pain (at, value, area, kind, "
		    "session) VALUES (?, ?, ?, 'next-day', ?)", "IisI", at,
		    pain, area, session);
	free(area);
	if (rc == SQLITE_OK)
		rc = db_run(j, NULL, "UPDATE session SET next_day = ? WHERE "
		    "id = ?", "sI", limber_next_day_name(settled ?
		    LIMBER_NEXT_DAY_SETTLED : LIMBER_NEXT_DAY_UNSETTLED),
		    session);
	/* A session already worse has already lost its repetition. */
	if (rc == SQLITE_OK && !settled && was != LIMBER_EFFECT_WORSE)
		rc = apply_progress(j, session, LIMBER_EFFECT_WORSE, cat);
	if (rc == SQLITE_OK)
		rc = commit(j);
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
	    "UNION ALL SELECT at FROM clearance WHERE at > ?1)",
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

/* ------------------------------------------------------------------ */
/* Reading it all back.                                                */

#define GROW(arr, n) ((arr) = xreallocarray((arr), (n) + 1, sizeof *(arr)))

/*
 * Step to the next row while *rc says all is well (SQLITE_OK after a
 * prepare or a row's work, SQLITE_ROW); false at the end (*rc is then
 * SQLITE_DONE) or on an error (*rc keeps it).
 */
static bool
next_row(struct limber_journal *j, sqlite3_stmt *st, int *rc)
{
	if (*rc != SQLITE_OK && *rc != SQLITE_ROW)
		return false;
	*rc = db_step(j, st);
	return *rc == SQLITE_ROW;
}

static void
read_pain(sqlite3_stmt *st, int first, struct limber_journal_pain *p)
{
	char *s;

	p->at = sqlite3_column_int64(st, first);
	p->value = sqlite3_column_int(st, first + 1);
	s = col_text(st, first + 2);
	p->area = area_parse(s);
	free(s);
	s = col_text(st, first + 3);
	p->kind = (enum limber_score_kind)limber_score_kind_parse(s);
	free(s);
	p->note = col_text(st, first + 4);
}

static int
load_screenings(struct limber_journal *j, int64_t since,
    struct limber_journal_data *d)
{
	sqlite3_stmt *st = NULL, *ys = NULL;
	int rc;

	rc = db_prepare(j, &st, "SELECT id, at, pain, area, verdict FROM "
	    "screening WHERE at >= ? ORDER BY at, id", "I", since);
	if (rc != SQLITE_OK)
		return rc;
	rc = db_prepare(j, &ys, "SELECT question FROM screening_yes WHERE "
	    "screening = ? ORDER BY pos", "");
	while (next_row(j, st, &rc)) {
		struct limber_journal_screening *s;
		char *t;
		int level;

		GROW(d->screenings, d->nscreenings);
		s = &d->screenings[d->nscreenings++];
		memset(s, 0, sizeof *s);
		s->id = sqlite3_column_int64(st, 0);
		s->at = sqlite3_column_int64(st, 1);
		s->pain = sqlite3_column_int(st, 2);
		t = col_text(st, 3);
		s->area = area_parse(t);
		free(t);
		t = col_text(st, 4);
		level = level_parse(t);
		s->verdict = level >= 0 ? (enum limber_level)level :
		    LIMBER_LEVEL_EMERGENCY;
		free(t);
		sqlite3_reset(ys);
		sqlite3_bind_int64(ys, 1, s->id);
		while ((rc = db_step(j, ys)) == SQLITE_ROW) {
			GROW(s->yes, s->nyes);
			s->yes[s->nyes++] = col_text(ys, 0);
		}
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	sqlite3_finalize(ys);
	return rc;
}

static int64_t
screening_index(const struct limber_journal_data *d, int64_t id)
{
	for (size_t i = 0; i < d->nscreenings; i++) {
		if (d->screenings[i].id == id)
			return (int64_t)i;
	}
	return -1;
}

static int
load_session_parts(struct limber_journal *j, struct limber_journal_session *s)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = db_prepare(j, &st, "SELECT at, stretch, variant, reps, sides, "
	    "skipped FROM stretch WHERE session = ? ORDER BY at, id", "I",
	    s->id);
	while (next_row(j, st, &rc)) {
		struct limber_journal_stretch *x;

		GROW(s->stretches, s->nstretches);
		x = &s->stretches[s->nstretches++];
		x->at = sqlite3_column_int64(st, 0);
		x->stretch = col_text(st, 1);
		x->variant = col_text(st, 2);
		x->reps = sqlite3_column_int(st, 3);
		x->sides = sqlite3_column_int(st, 4);
		x->skipped = sqlite3_column_int(st, 5) != 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	rc = db_prepare(j, &st, "SELECT at, value, area, kind, note FROM pain "
	    "WHERE session = ? ORDER BY at, id", "I", s->id);
	while (next_row(j, st, &rc)) {
		GROW(s->pain, s->npain);
		read_pain(st, 0, &s->pain[s->npain++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	rc = db_prepare(j, &st, "SELECT at, text FROM note WHERE session = ? "
	    "ORDER BY at, id", "I", s->id);
	while (next_row(j, st, &rc)) {
		GROW(s->notes, s->nnotes);
		s->notes[s->nnotes].at = sqlite3_column_int64(st, 0);
		s->notes[s->nnotes++].text = col_text(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* A session's row, as SESSION_COLUMNS give it, with its parts, into d. */
#define SESSION_COLUMNS \
	FACTS_COLUMNS ", s.screening, s.plan, s.reason, s.last_step FROM " \
		      "session s "

static int
session_row(struct limber_journal *j, sqlite3_stmt *st,
    struct limber_journal_data *d)
{
	struct limber_journal_session *s;
	struct session_facts f;

	read_facts(st, &f);
	GROW(d->sessions, d->nsessions);
	s = &d->sessions[d->nsessions++];
	memset(s, 0, sizeof *s);
	s->id = f.id;
	s->started = f.started;
	s->ended = f.ended;
	s->state = f.state;
	s->next_day = f.next_day;
	s->before = f.before;
	s->after = f.after;
	s->effect = facts_effect(&f);
	s->screening = sqlite3_column_type(st, 9) != SQLITE_NULL ?
	    screening_index(d, sqlite3_column_int64(st, 9)) :
	    -1;
	s->plan = col_text(st, 10);
	s->reason = col_text(st, 11);
	s->last_step = sqlite3_column_int(st, 12);
	return load_session_parts(j, s);
}

static int
load_sessions(struct limber_journal *j, int64_t since,
    struct limber_journal_data *d)
{
	sqlite3_stmt *st = NULL;
	const char *sql;
	int rc;

	sql = SESSION_COLUMNS "WHERE s.started >= ? ORDER BY s.started, s.id";
	rc = db_prepare(j, &st, sql, "I", since);
	while (next_row(j, st, &rc))
		rc = session_row(j, st, d);
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	return rc;
}

static int
load_loose(struct limber_journal *j, int64_t since,
    struct limber_journal_data *d)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = db_prepare(j, &st, "SELECT at, value, area, kind, note FROM pain "
	    "WHERE session IS NULL AND at >= ? ORDER BY at, id", "I", since);
	while (next_row(j, st, &rc)) {
		GROW(d->pain, d->npain);
		read_pain(st, 0, &d->pain[d->npain++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	rc = db_prepare(j, &st, "SELECT at, text FROM note WHERE session IS "
	    "NULL AND at >= ? ORDER BY at, id", "I", since);
	while (next_row(j, st, &rc)) {
		GROW(d->notes, d->nnotes);
		d->notes[d->nnotes].at = sqlite3_column_int64(st, 0);
		d->notes[d->nnotes++].text = col_text(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	rc = db_prepare(j, &st, "SELECT at, note FROM clearance WHERE at >= ? "
	    "ORDER BY at, id", "I", since);
	while (next_row(j, st, &rc)) {
		GROW(d->clearances, d->nclearances);
		d->clearances[d->nclearances].at = sqlite3_column_int64(st, 0);
		d->clearances[d->nclearances++].note = col_text(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	rc = db_prepare(j, &st, "SELECT at, schedule, kind, late, answer, "
	    "answered FROM reminder WHERE at >= ? ORDER BY at, id", "I", since);
	while (next_row(j, st, &rc)) {
		struct limber_journal_prompt *p;
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		const char *answer = (const char *)sqlite3_column_text(st, 4);

		GROW(d->prompts, d->nprompts);
		p = &d->prompts[d->nprompts++];
		p->at = sqlite3_column_int64(st, 0);
		p->schedule = col_text(st, 1);
		p->kind = kind != NULL ? remind_kind_parse(kind) : -1;
		p->late = sqlite3_column_int(st, 3) != 0;
		p->answer = answer != NULL ?
		    limber_remind_answer_parse(answer) : LIMBER_ANSWER_NONE;
		p->answered = sqlite3_column_int64(st, 5);
		/* The schema's checks keep both in range; be sure anyway. */
		if (p->kind < 0)
			p->kind = LIMBER_REMIND_EVERY;
		if (p->answer < 0)
			p->answer = LIMBER_ANSWER_NONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	rc = db_prepare(j, &st, "SELECT stretch, reps, streak FROM dose ORDER "
	    "BY stretch", "");
	while (next_row(j, st, &rc)) {
		GROW(d->doses, d->ndoses);
		d->doses[d->ndoses].stretch = col_text(st, 0);
		d->doses[d->ndoses].reps = sqlite3_column_int(st, 1);
		d->doses[d->ndoses++].streak = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

enum limber_status
limber_journal_load(struct limber_journal *j, int64_t since,
    struct limber_journal_data **out, char **cause)
{
	struct limber_journal_data *d = xcalloc(1, sizeof *d);
	int rc;

	*out = NULL;
	/* One read transaction, so the parts agree with each other. */
	rc = db_run(j, NULL, "BEGIN", "");
	if (rc == SQLITE_OK)
		rc = load_screenings(j, since, d);
	if (rc == SQLITE_OK)
		rc = load_sessions(j, since, d);
	if (rc == SQLITE_OK)
		rc = load_loose(j, since, d);
	if (rc == SQLITE_OK)
		rc = commit(j);
	if (rc != SQLITE_OK) {
		limber_journal_data_free(d);
		return db_fail(j, rc, cause);
	}
	*out = d;
	return LIMBER_OK;
}

/* One item of a page of the history, newest first by (at, kind, id). */
struct page_item {
	struct limber_history_cursor key;
	/* A score's. */
	struct limber_journal_pain pain;
};

static int
page_cmp(const struct limber_history_cursor *a,
    const struct limber_history_cursor *b)
{
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/*
 * Up to n of kind's items before b, newest first, into *items. The
 * sessions' parts are read later, for those kept.
 */
static int
page_read(struct limber_journal *j, int kind, int64_t since,
    const struct limber_history_cursor *b, size_t n, struct page_item **items,
    size_t *nitems)
{
	sqlite3_stmt *st = NULL;
	const char *sql;
	int64_t id;
	int rc;

	/* (at, kind, id) < b: at the same time, by kind, then by id. */
	if (b->kind > kind)
		id = INT64_MAX;
	else if (b->kind == kind)
		id = b->id;
	else
		id = INT64_MIN;
	/* Scores by time (pain_at, +session), not every one sorted. */
	sql = kind == LIMBER_HISTORY_SESSION ?
	    "SELECT id, started FROM session WHERE started >= ?1 AND "
	    "(started < ?2 OR (started = ?2 AND id < ?3)) ORDER BY started "
	    "DESC, id DESC LIMIT ?4" :
	    "SELECT id, at, value, area, kind, note FROM pain WHERE +session "
	    "IS NULL AND at >= ?1 AND (at < ?2 OR (at = ?2 AND id < ?3)) "
	    "ORDER BY at DESC, id DESC LIMIT ?4";
	rc = db_prepare(j, &st, sql, "IIII", since, b->at, id, (int64_t)n);
	while (next_row(j, st, &rc)) {
		struct page_item *it;

		GROW(*items, *nitems);
		it = &(*items)[(*nitems)++];
		memset(it, 0, sizeof *it);
		it->key.id = sqlite3_column_int64(st, 0);
		it->key.at = sqlite3_column_int64(st, 1);
		it->key.kind = kind;
		if (kind == LIMBER_HISTORY_SCORE)
			read_pain(st, 1, &it->pain);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
page_item_newest_first(const void *a, const void *b)
{
	return page_cmp(&((const struct page_item *)b)->key,
	    &((const struct page_item *)a)->key);
}

enum limber_status
limber_journal_load_page(struct limber_journal *j, int64_t since,
    const struct limber_history_cursor *before, size_t limit,
    struct limber_journal_data **out, struct limber_history_cursor *next,
    bool *more, char **cause)
{
	struct limber_history_cursor from = { INT64_MAX, LIMBER_HISTORY_KINDS,
		0 };
	struct limber_journal_data *d = xcalloc(1, sizeof *d);
	struct page_item *items = NULL;
	sqlite3_stmt *st = NULL;
	size_t n = 0, keep;
	int rc;

	*out = NULL;
	*more = false;
	if (before != NULL)
		from = *before;
	/* One read transaction, so the parts agree with each other. */
	rc = db_run(j, NULL, "BEGIN", "");
	/* One more than asked of each: whether older ones remain. */
	if (rc == SQLITE_OK)
		rc = page_read(j, LIMBER_HISTORY_SESSION, since, &from,
		    limit + 1, &items, &n);
	if (rc == SQLITE_OK)
		rc = page_read(j, LIMBER_HISTORY_SCORE, since, &from, limit + 1,
		    &items, &n);
	if (n > 0)
		qsort(items, n, sizeof *items, page_item_newest_first);
	keep = n < limit ? n : limit;
	*more = n > limit;
	if (keep > 0)
		*next = items[keep - 1].key;
	/* Oldest first, as limber_journal_load gives them. */
	if (rc == SQLITE_OK)
		rc = db_prepare(j, &st, SESSION_COLUMNS "WHERE s.id = ?", "");
	for (size_t i = keep; rc == SQLITE_OK && i-- > 0;) {
		if (items[i].key.kind == LIMBER_HISTORY_SCORE) {
			GROW(d->pain, d->npain);
			d->pain[d->npain++] = items[i].pain;
			items[i].pain.note = NULL;
			continue;
		}
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, items[i].key.id);
		if ((rc = db_step(j, st)) == SQLITE_ROW)
			rc = session_row(j, st, d);
		else if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < n; i++)
		free(items[i].pain.note);
	free(items);
	if (rc == SQLITE_OK)
		rc = commit(j);
	if (rc != SQLITE_OK) {
		limber_journal_data_free(d);
		return db_fail(j, rc, cause);
	}
	*out = d;
	return LIMBER_OK;
}

static void
pain_free(struct limber_journal_pain *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].note);
	free(p);
}

static void
notes_free(struct limber_journal_note *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].text);
	free(p);
}

static void
session_release(struct limber_journal_session *s)
{
	free(s->plan);
	free(s->reason);
	for (size_t k = 0; k < s->nstretches; k++) {
		free(s->stretches[k].stretch);
		free(s->stretches[k].variant);
	}
	free(s->stretches);
	pain_free(s->pain, s->npain);
	notes_free(s->notes, s->nnotes);
}

void
limber_journal_data_free(struct limber_journal_data *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->nscreenings; i++) {
		for (size_t k = 0; k < d->screenings[i].nyes; k++)
			free(d->screenings[i].yes[k]);
		free(d->screenings[i].yes);
	}
	free(d->screenings);
	for (size_t i = 0; i < d->nsessions; i++)
		session_release(&d->sessions[i]);
	free(d->sessions);
	pain_free(d->pain, d->npain);
	notes_free(d->notes, d->nnotes);
	for (size_t i = 0; i < d->nclearances; i++)
		free(d->clearances[i].note);
	free(d->clearances);
	for (size_t i = 0; i < d->ndoses; i++)
		free(d->doses[i].stretch);
	free(d->doses);
	for (size_t i = 0; i < d->nprompts; i++)
		free(d->prompts[i].schedule);
	free(d->prompts);
	free(d);
}

bool
limber_journal_data_empty(const struct limber_journal_data *d)
{
	return d->nscreenings == 0 && d->nsessions == 0 && d->npain == 0 &&
	    d->nnotes == 0 && d->nclearances == 0 && d->ndoses == 0 &&
	    d->nprompts == 0;
}

/* ------------------------------------------------------------------ */
/* Statistics straight from the journal.                               */

/*
 * limber_stats_compute() needs every session and score only for counts
 * and sums, which SQL gives (session_score holds each session's before
 * and after); local days for the last weeks, the first session and the
 * streak are found from the sessions and scores near them. A local day
 * is within one day of the UTC day (an offset from UTC is less than a
 * day), so a range of UTC days two wider on each side holds every record
 * that could fall on the local days asked for, and limber_local_day()
 * sorts them out exactly, as limber_stats_compute() does.
 */

#define DAY_S 86400
/* Days added on each side of a range of local days to find its records. */
#define DAY_MARGIN 2

/* The UTC day of a time (rounded down). */
static int64_t
utc_day(int64_t t)
{
	return t >= 0 ? t / DAY_S : -((-(t + 1)) / DAY_S) - 1;
}

/* The first second of a UTC day, kept within int64_t. */
static int64_t
day_start(int64_t day)
{
	if (day >= INT64_MAX / DAY_S)
		return INT64_MAX;
	if (day <= INT64_MIN / DAY_S)
		return INT64_MIN;
	return day * DAY_S;
}

/* Counts and sums over the whole journal. */
static int
stats_totals(struct limber_journal *j, struct stats_parts *p)
{
	sqlite3_stmt *st = NULL;
	int64_t v = 0;
	int rc;

	if ((rc = db_int(j, &v, NULL, "SELECT count(*) FROM session", "")) !=
	    SQLITE_OK)
		return rc;
	p->sessions = (int)v;
	if ((rc = db_int(j, &v, NULL, "SELECT count(*) FROM pain", "")) !=
	    SQLITE_OK)
		return rc;
	p->npain = (int)v;

	/* Done is what the others leave: they are few, and indexed. */
	p->done = p->sessions;
	rc = db_prepare(j, &st, "SELECT state, count(*) FROM session WHERE "
	    "state IN ('running', 'stopped', 'interrupted') GROUP BY state", "");
	while (next_row(j, st, &rc)) {
		const char *state = (const char *)sqlite3_column_text(st, 0);
		int n = sqlite3_column_int(st, 1);

		switch (state != NULL ? limber_record_state_parse(state) : -1) {
		case LIMBER_RECORD_STOPPED:
			p->stopped = n;
			break;
		case LIMBER_RECORD_INTERRUPTED:
			p->interrupted = n;
			break;
		default:
			p->running = n;
			break;
		}
		p->done -= n;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	/* Every session with both scores, less the running ones (few). */
	rc = db_prepare(j, &st, "SELECT a.n - r.n, a.change - r.change FROM "
	    "(SELECT count(*) AS n, coalesce(sum(pain_after - pain_before), "
	    "0) AS change FROM session_score WHERE pain_before IS NOT NULL "
	    "AND pain_after IS NOT NULL) AS a, "
	    "(SELECT count(*) AS n, coalesce(sum(f.pain_after - "
	    "f.pain_before), 0) AS change FROM session s JOIN session_score f "
	    "ON f.session = s.id WHERE s.state = 'running' AND f.pain_before "
	    "IS NOT NULL AND f.pain_after IS NOT NULL) AS r", "");
	if (rc == SQLITE_OK && (rc = db_step(j, st)) == SQLITE_ROW) {
		p->nchange = sqlite3_column_int(st, 0);
		p->change_sum = sqlite3_column_int64(st, 1);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Sessions and trend scores of the last weeks, by local day. */
static int
stats_recent(struct limber_journal *j, struct stats_parts *p)
{
	int64_t from = day_start(p->today - (STATS_DAYS - 1) - DAY_MARGIN);
	int64_t to = day_start(p->today + 1 + DAY_MARGIN);
	sqlite3_stmt *st = NULL;
	int rc, i;

	rc = db_prepare(j, &st, "SELECT started FROM session WHERE started >= ? "
	    "AND started < ?", "II", from, to);
	while (next_row(j, st, &rc)) {
		i = stats_day_index(p, limber_local_day(sqlite3_column_int64(st,
		    0)));
		if (i >= 0)
			p->day_sessions[i]++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	rc = db_prepare(j, &st, "SELECT at, value, kind FROM pain WHERE at >= ? "
	    "AND at < ?", "II", from, to);
	while (next_row(j, st, &rc)) {
		const char *kind = (const char *)sqlite3_column_text(st, 2);

		if (kind == NULL || !stats_trend_kind((enum limber_score_kind)
		    limber_score_kind_parse(kind)))
			continue;
		i = stats_day_index(p, limber_local_day(sqlite3_column_int64(st,
		    0)));
		if (i < 0)
			continue;
		p->day_scores[i]++;
		p->day_sum[i] += sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * The least (or, with last, the greatest) local day of a session: among
 * the sessions within DAY_MARGIN UTC days of the first (last) start.
 */
static int
stats_end_day(struct limber_journal *j, bool last, int64_t *day, bool *found)
{
	sqlite3_stmt *st = NULL;
	int64_t t = 0;
	int rc;

	rc = db_int(j, &t, found, last ? "SELECT started FROM session ORDER BY "
	    "started DESC LIMIT 1" : "SELECT started FROM session ORDER BY "
	    "started LIMIT 1", "");
	if (rc != SQLITE_OK || !*found)
		return rc;
	if (last)
		rc = db_prepare(j, &st, "SELECT started FROM session WHERE "
		    "started >= ?", "I", day_start(utc_day(t) - DAY_MARGIN));
	else
		rc = db_prepare(j, &st, "SELECT started FROM session WHERE "
		    "started < ?", "I", day_start(utc_day(t) + 1 + DAY_MARGIN));
	*day = limber_local_day(t);
	while (next_row(j, st, &rc)) {
		int64_t d = limber_local_day(sqlite3_column_int64(st, 0));

		if (last ? d > *day : d < *day)
			*day = d;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * Local days in a row with a session, from today, or from yesterday when
 * no session is on today (or the last is after it), as stats.c's streak()
 * counts them over every session; here only the sessions back to the
 * first day missing are read, newest first.
 */
static int
stats_streak(struct limber_journal *j, struct stats_parts *p)
{
	sqlite3_stmt *st = NULL;
	unsigned char *seen = NULL;	/* seen[k]: a session on day want - k */
	size_t nseen = 0, count = 0;
	int64_t last = 0, want;
	bool found = false;
	int rc;

	rc = stats_end_day(j, true, &last, &found);
	if (rc != SQLITE_OK || !found)
		return rc;
	want = last == p->today ? p->today : p->today - 1;
	rc = db_prepare(j, &st, "SELECT started FROM session WHERE started < ? "
	    "ORDER BY started DESC", "I", day_start(want + 1 + DAY_MARGIN));
	while (next_row(j, st, &rc)) {
		int64_t t = sqlite3_column_int64(st, 0), day, k;

		/* From here on every session is on a day before want - count. */
		if (utc_day(t) + DAY_MARGIN < want - (int64_t)count)
			break;
		day = limber_local_day(t);
		if (day > want)
			continue;
		k = want - day;
		if ((size_t)k >= nseen) {
			size_t n = (size_t)k + 1 > 2 * nseen ? (size_t)k + 1 :
			    2 * nseen;

			seen = xreallocarray(seen, n, 1);
			memset(seen + nseen, 0, n - nseen);
			nseen = n;
		}
		seen[k] = 1;
		while (count < nseen && seen[count])
			count++;
	}
	sqlite3_finalize(st);
	free(seen);
	p->streak = (int)count;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

enum limber_status
limber_journal_stats(struct limber_journal *j, int64_t now,
    struct limber_stats *out, char **cause)
{
	struct stats_parts p;
	bool found = false;	/* without sessions, p.first stays INT64_MAX */
	int rc;

	stats_parts_init(&p, now);
	/* One read transaction, so the parts agree with each other. */
	rc = db_run(j, NULL, "BEGIN", "");
	if (rc == SQLITE_OK)
		rc = stats_totals(j, &p);
	if (rc == SQLITE_OK)
		rc = stats_recent(j, &p);
	if (rc == SQLITE_OK)
		rc = stats_end_day(j, false, &p.first, &found);
	if (rc == SQLITE_OK)
		rc = stats_streak(j, &p);
	if (rc == SQLITE_OK)
		rc = commit(j);
	if (rc != SQLITE_OK) {
		memset(out, 0, sizeof *out);
		return db_fail(j, rc, cause);
	}
	stats_finish(&p, out);
	return LIMBER_OK;
}

/* ------------------------------------------------------------------ */
/* JSON and CSV.                                                       */

static json_t *
time_json(int64_t t, bool local)
{
	char buf[40];

	return json_string(limber_time_iso(t, local, buf, sizeof buf));
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
pain_json(const struct limber_journal_pain *p, bool local)
{
	json_t *o = json_object();

	json_object_set_new(o, "at", time_json(p->at, local));
	json_object_set_new(o, "kind", json_string(limber_score_kind_name(p->kind)));
	json_object_set_new(o, "value", json_integer(p->value));
	json_object_set_new(o, "area", str_or_null(area_name(p->area)));
	json_object_set_new(o, "note", str_or_null(p->note));
	return o;
}

static json_t *
note_json(const struct limber_journal_note *n, bool local)
{
	/* s?: a text the journal lost (it never should) is null, not a dropped record. */
	return json_pack("{s:o, s:s?}", "at", time_json(n->at, local), "text",
	    n->text);
}

static json_t *
session_json(const struct limber_journal_session *s, bool local)
{
	json_t *o = json_object(), *a, *plan;

	json_object_set_new(o, "started", time_json(s->started, local));
	json_object_set_new(o, "ended", s->state == LIMBER_RECORD_RUNNING ?
	    json_null() : time_json(s->ended, local));
	json_object_set_new(o, "state",
	    json_string(limber_record_state_name(s->state)));
	json_object_set_new(o, "reason", str_or_null(s->reason));
	json_object_set_new(o, "last_step", json_integer(s->last_step));
	json_object_set_new(o, "next_day",
	    str_or_null(limber_next_day_name(s->next_day)));
	json_object_set_new(o, "screening", s->screening >= 0 ?
	    json_integer(s->screening) : json_null());
	plan = s->plan != NULL ? json_loads(s->plan, 0, NULL) : NULL;
	json_object_set_new(o, "plan", plan != NULL ? plan : json_object());
	a = json_array();
	for (size_t i = 0; i < s->nstretches; i++) {
		const struct limber_journal_stretch *x = &s->stretches[i];

		json_array_append_new(a,
		    json_pack("{s:o, s:s?, s:o, s:i, s:i, s:b}", "at",
			time_json(x->at, local), "stretch", x->stretch,
			"variant", str_or_null(x->variant), "reps", x->reps,
			"sides", x->sides, "skipped", x->skipped));
	}
	json_object_set_new(o, "stretches", a);
	a = json_array();
	for (size_t i = 0; i < s->npain; i++)
		json_array_append_new(a, pain_json(&s->pain[i], local));
	json_object_set_new(o, "pain", a);
	a = json_array();
	for (size_t i = 0; i < s->nnotes; i++)
		json_array_append_new(a, note_json(&s->notes[i], local));
	json_object_set_new(o, "notes", a);
	return o;
}

json_t *
limber_journal_data_to_json(const struct limber_journal_data *d, bool local)
{
	json_t *o = json_object(), *a;

	json_object_set_new(o, "limber_journal",
	    json_integer(LIMBER_EXPORT_VERSION));
	a = json_array();
	for (size_t i = 0; i < d->nscreenings; i++) {
		const struct limber_journal_screening *s = &d->screenings[i];
		json_t *yes = json_array();

		for (size_t k = 0; k < s->nyes; k++)
			json_array_append_new(yes, json_string(s->yes[k]));
		json_array_append_new(a, json_pack("{s:o, s:i, s:s, s:o, s:s}",
		    "at", time_json(s->at, local), "pain", s->pain, "area",
		    area_name(s->area) != NULL ? area_name(s->area) : "both",
		    "yes", yes, "verdict", limber_level_name(s->verdict)));
	}
	json_object_set_new(o, "screenings", a);
	a = json_array();
	for (size_t i = 0; i < d->nsessions; i++)
		json_array_append_new(a, session_json(&d->sessions[i], local));
	json_object_set_new(o, "sessions", a);
	a = json_array();
	for (size_t i = 0; i < d->npain; i++)
		json_array_append_new(a, pain_json(&d->pain[i], local));
	json_object_set_new(o, "pain", a);
	a = json_array();
	for (size_t i = 0; i < d->nnotes; i++)
		json_array_append_new(a, note_json(&d->notes[i], local));
	json_object_set_new(o, "notes", a);
	a = json_array();
	for (size_t i = 0; i < d->nclearances; i++)
		json_array_append_new(a, json_pack("{s:o, s:o}", "at",
		    time_json(d->clearances[i].at, local), "note",
		    str_or_null(d->clearances[i].note)));
	json_object_set_new(o, "clearances", a);
	a = json_array();
	for (size_t i = 0; i < d->ndoses; i++)
		json_array_append_new(a,
		    json_pack("{s:s?, s:i, s:i}", "stretch",
			d->doses[i].stretch, "reps", d->doses[i].reps, "streak",
			d->doses[i].streak));
	json_object_set_new(o, "doses", a);
	a = json_array();
	for (size_t i = 0; i < d->nprompts; i++) {
		const struct limber_journal_prompt *p = &d->prompts[i];
		const char *answer = limber_remind_answer_name(
		    (enum limber_remind_answer)p->answer);
		const char *kind =
		    limber_remind_kind_name((enum limber_remind_kind)p->kind);
		json_t *answered = answer != NULL ?
		    time_json(p->answered, local) :
		    json_null();

		json_array_append_new(a,
		    json_pack("{s:o, s:s?, s:s, s:b, s:o, s:o}", "at",
			time_json(p->at, local), "schedule", p->schedule,
			"kind", kind, "late", p->late, "answer",
			str_or_null(answer), "answered", answered));
	}
	json_object_set_new(o, "reminders", a);
	return o;
}

/* A growing string, for CSV. */
struct buf {
	char *s;
	size_t len, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* One CSV field, quoted when it must be (RFC 4180). */
static void
csv_field(struct buf *b, const char *s, bool first)
{
	if (!first)
		buf_add(b, ",", 1);
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_str(b, s);
		return;
	}
	buf_add(b, "\"", 1);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_add(b, "\"", 1);
		buf_add(b, s, 1);
	}
	buf_add(b, "\"", 1);
}

enum csv_col {
	CSV_RECORD, CSV_TIME, CSV_SESSION, CSV_PAIN, CSV_AREA, CSV_KIND,
	CSV_VERDICT, CSV_ANSWERS, CSV_STATE, CSV_REASON, CSV_LAST_STEP,
	CSV_NEXT_DAY, CSV_STRETCH, CSV_VARIANT, CSV_REPS, CSV_SIDES,
	CSV_SKIPPED, CSV_NOTE, CSV_COUNT,
};

static const char *const csv_names[CSV_COUNT] = {
	"record", "time", "session", "pain", "area", "kind", "verdict",
	"answers", "state", "reason", "last_step", "next_day", "stretch",
	"variant", "reps", "sides", "skipped", "note",
};

struct csv_row {
	char *f[CSV_COUNT];
};

static void
csv_set(struct csv_row *r, enum csv_col c, const char *s)
{
	free(r->f[c]);
	r->f[c] = s != NULL ? xstrdup(s) : NULL;
}

/*
 * A cell of free text (a note, a reason, a name from an import): one that
 * starts with =, +, -, @, a tab or a CR is a formula to a spreadsheet,
 * which could run it or reach the network when the file is opened, so it
 * gets a ' in front, as OWASP advises ("CSV injection"). Numbers and the
 * journal's own words go through csv_set and csv_setf, whole: -1 stays a
 * number.
 */
static void
csv_set_text(struct csv_row *r, enum csv_col c, const char *s)
{
	free(r->f[c]);
	r->f[c] = NULL;
	if (s == NULL)
		return;
	if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		r->f[c] = xasprintf("'%s", s);
	else
		r->f[c] = xstrdup(s);
}

static void
csv_setf(struct csv_row *r, enum csv_col c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
csv_setf(struct csv_row *r, enum csv_col c, const char *fmt, ...)
{
	va_list ap;

	free(r->f[c]);
	va_start(ap, fmt);
	r->f[c] = xvasprintf(fmt, ap);
	va_end(ap);
}

static void
csv_emit(struct buf *b, struct csv_row *r)
{
	for (int i = 0; i < CSV_COUNT; i++) {
		csv_field(b, r->f[i], i == 0);
		free(r->f[i]);
		r->f[i] = NULL;
	}
	buf_add(b, "\r\n", 2);
}

static void
csv_time(struct csv_row *r, int64_t t, bool local)
{
	char buf[40];

	csv_set(r, CSV_TIME, limber_time_iso(t, local, buf, sizeof buf));
}

static void
csv_pain(struct buf *b, const struct limber_journal_pain *p, size_t session,
    bool local)
{
	struct csv_row r = { { NULL } };

	csv_set(&r, CSV_RECORD, "pain");
	csv_time(&r, p->at, local);
	if (session > 0)
		csv_setf(&r, CSV_SESSION, "%zu", session);
	csv_setf(&r, CSV_PAIN, "%d", p->value);
	csv_set(&r, CSV_AREA, area_name(p->area));
	csv_set(&r, CSV_KIND, limber_score_kind_name(p->kind));
	csv_set_text(&r, CSV_NOTE, p->note);
	csv_emit(b, &r);
}

static void
csv_note(struct buf *b, const struct limber_journal_note *n, size_t session,
    bool local)
{
	struct csv_row r = { { NULL } };

	csv_set(&r, CSV_RECORD, "note");
	csv_time(&r, n->at, local);
	if (session > 0)
		csv_setf(&r, CSV_SESSION, "%zu", session);
	csv_set_text(&r, CSV_NOTE, n->text);
	csv_emit(b, &r);
}

static void
csv_session(struct buf *b, const struct limber_journal_session *s,
    size_t number, bool local)
{
	struct csv_row r = { { NULL } };

	csv_set(&r, CSV_RECORD, "session");
	csv_time(&r, s->started, local);
	csv_setf(&r, CSV_SESSION, "%zu", number);
	csv_set(&r, CSV_STATE, limber_record_state_name(s->state));
	csv_set_text(&r, CSV_REASON, s->reason);
	csv_setf(&r, CSV_LAST_STEP, "%d", s->last_step);
	csv_set(&r, CSV_NEXT_DAY, limber_next_day_name(s->next_day));
	csv_emit(b, &r);
	for (size_t i = 0; i < s->nstretches; i++) {
		const struct limber_journal_stretch *x = &s->stretches[i];

		csv_set(&r, CSV_RECORD, "stretch");
		csv_time(&r, x->at, local);
		csv_setf(&r, CSV_SESSION, "%zu", number);
		csv_set_text(&r, CSV_STRETCH, x->stretch);
		csv_set_text(&r, CSV_VARIANT, x->variant);
		csv_setf(&r, CSV_REPS, "%d", x->reps);
		csv_setf(&r, CSV_SIDES, "%d", x->sides);
		csv_set(&r, CSV_SKIPPED, x->skipped ? "yes" : "no");
		csv_emit(b, &r);
	}
	for (size_t i = 0; i < s->npain; i++)
		csv_pain(b, &s->pain[i], number, local);
	for (size_t i = 0; i < s->nnotes; i++)
		csv_note(b, &s->notes[i], number, local);
	if (s->state != LIMBER_RECORD_RUNNING) {
		csv_set(&r, CSV_RECORD, "session-end");
		csv_time(&r, s->ended, local);
		csv_setf(&r, CSV_SESSION, "%zu", number);
		csv_set(&r, CSV_STATE, limber_record_state_name(s->state));
		csv_emit(b, &r);
	}
}

static int
item_cmp(const void *a, const void *b)
{
	const struct limber_journal_item *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

struct limber_journal_item *
limber_journal_data_items(const struct limber_journal_data *d, size_t *n)
{
	struct limber_journal_item *t;

	*n = 0;
	t = xcalloc(d->nscreenings + d->nsessions + d->npain + d->nnotes +
	    d->nclearances + 1, sizeof *t);
	for (size_t i = 0; i < d->nscreenings; i++)
		t[(*n)++] = (struct limber_journal_item){ d->screenings[i].at,
		    LIMBER_ITEM_SCREENING, i };
	for (size_t i = 0; i < d->nsessions; i++)
		t[(*n)++] = (struct limber_journal_item){ d->sessions[i].started,
		    LIMBER_ITEM_SESSION, i };
	for (size_t i = 0; i < d->npain; i++)
		t[(*n)++] = (struct limber_journal_item){ d->pain[i].at,
		    LIMBER_ITEM_PAIN, i };
	for (size_t i = 0; i < d->nnotes; i++)
		t[(*n)++] = (struct limber_journal_item){ d->notes[i].at,
		    LIMBER_ITEM_NOTE, i };
	for (size_t i = 0; i < d->nclearances; i++)
		t[(*n)++] = (struct limber_journal_item){ d->clearances[i].at,
		    LIMBER_ITEM_CLEARANCE, i };
	qsort(t, *n, sizeof *t, item_cmp);
	return t;
}

char *
limber_journal_data_to_csv(const struct limber_journal_data *d, bool local)
{
	struct buf b = { NULL, 0, 0 };
	struct limber_journal_item *t;
	size_t n;

	for (int i = 0; i < CSV_COUNT; i++)
		csv_field(&b, csv_names[i], i == 0);
	buf_add(&b, "\r\n", 2);

	t = limber_journal_data_items(d, &n);

	for (size_t k = 0; k < n; k++) {
		struct csv_row r = { { NULL } };
		const struct limber_journal_screening *s;
		struct buf yes = { NULL, 0, 0 };

		switch (t[k].kind) {
		case LIMBER_ITEM_SCREENING:
			s = &d->screenings[t[k].i];
			csv_set(&r, CSV_RECORD, "screening");
			csv_time(&r, s->at, local);
			csv_setf(&r, CSV_PAIN, "%d", s->pain);
			csv_set(&r, CSV_AREA, area_name(s->area));
			csv_set(&r, CSV_VERDICT, limber_level_name(s->verdict));
			buf_str(&yes, "");
			for (size_t i = 0; i < s->nyes; i++) {
				if (i > 0)
					buf_str(&yes, " ");
				buf_str(&yes, s->yes[i]);
			}
			csv_set_text(&r, CSV_ANSWERS, yes.s);
			free(yes.s);
			csv_emit(&b, &r);
			break;
		case LIMBER_ITEM_SESSION:
			csv_session(&b, &d->sessions[t[k].i], t[k].i + 1, local);
			break;
		case LIMBER_ITEM_PAIN:
			csv_pain(&b, &d->pain[t[k].i], 0, local);
			break;
		case LIMBER_ITEM_NOTE:
			csv_note(&b, &d->notes[t[k].i], 0, local);
			break;
		default:
			csv_set(&r, CSV_RECORD, "clearance");
			csv_time(&r, d->clearances[t[k].i].at, local);
			csv_set_text(&r, CSV_NOTE, d->clearances[t[k].i].note);
			csv_emit(&b, &r);
			break;
		}
	}
	free(t);
	return b.s;
}

/* ------------------------------------------------------------------ */
/* Import: check every field first, then add it all in one transaction. */

static bool ifail(char **err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Set *err to "PATH: MESSAGE" once; returns false. */
static bool
ifail(char **err, const char *path, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (*err == NULL)
		*err = path != NULL && *path != '\0' ?
		    xasprintf("%s: %s", path, msg) : xstrdup(msg);
	free(msg);
	return false;
}

static char *
path_key(const char *path, const char *key)
{
	return *path != '\0' ? xasprintf("%s.%s", path, key) : xstrdup(key);
}

static char *
path_index(const char *path, size_t i)
{
	return xasprintf("%s[%zu]", path, i);
}

/* An object with no fields but those in keys (ending with NULL). */
static bool
check_object(json_t *v, const char *path, const char *const *keys,
    char **err)
{
	const char *key;
	json_t *value;

	if (!json_is_object(v))
		return ifail(err, path, "must be an object");
	json_object_foreach(v, key, value) {
		bool known = false;

		(void)value;
		for (size_t i = 0; keys[i] != NULL && !known; i++)
			known = strcmp(keys[i], key) == 0;
		if (!known) {
			char *p = path_key(path, key);

			ifail(err, p, "unknown field");
			free(p);
			return false;
		}
	}
	return true;
}

/* The field, or NULL with *err set when it is missing. */
static json_t *
field(json_t *obj, const char *path, const char *key, char **err)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL) {
		char *p = path_key(path, key);

		ifail(err, p, "missing");
		free(p);
	}
	return v;
}

static bool
get_int(json_t *obj, const char *path, const char *key, long long min,
    long long max, int64_t *out, char **err)
{
	json_t *v = field(obj, path, key, err);
	char *p;

	if (v == NULL)
		return false;
	if (json_is_integer(v) && json_integer_value(v) >= min &&
	    json_integer_value(v) <= max) {
		*out = json_integer_value(v);
		return true;
	}
	p = path_key(path, key);
	ifail(err, p, "must be a whole number from %lld to %lld", min, max);
	free(p);
	return false;
}

static bool
get_small(json_t *obj, const char *path, const char *key, int min, int max,
    int *out, char **err)
{
	int64_t v;

	if (!get_int(obj, path, key, min, max, &v, err))
		return false;
	*out = (int)v;
	return true;
}

/* A time; with nullable, null gives *isnull. */
static bool
get_time(json_t *obj, const char *path, const char *key, bool nullable,
    int64_t *out, bool *isnull, char **err)
{
	json_t *v = field(obj, path, key, err);
	char *p;

	if (v == NULL)
		return false;
	if (isnull != NULL)
		*isnull = false;
	if (nullable && json_is_null(v)) {
		*isnull = true;
		*out = 0;
		return true;
	}
	if (json_is_string(v) && limber_time_parse(json_string_value(v), out))
		return true;
	p = path_key(path, key);
	ifail(err, p, "must be a time such as \"2026-11-25T16:01:28Z\"%s",
	    nullable ? ", or null" : "");
	free(p);
	return false;
}

/* Text that is not empty; with nullable, null gives NULL. */
static bool
get_text(json_t *obj, const char *path, const char *key, bool nullable,
    char **out, char **err)
{
	json_t *v = field(obj, path, key, err);
	char *p;

	*out = NULL;
	if (v == NULL)
		return false;
	if (nullable && json_is_null(v))
		return true;
	if (json_is_string(v) && json_string_length(v) > 0 &&
	    strlen(json_string_value(v)) == json_string_length(v)) {
		*out = xstrdup(json_string_value(v));
		return true;
	}
	p = path_key(path, key);
	ifail(err, p, "must be text that is not empty%s",
	    nullable ? ", or null" : "");
	free(p);
	return false;
}

/* One of names (by parse); "what" lists them for the message. */
static bool
get_name(json_t *obj, const char *path, const char *key, bool nullable,
    int (*parse)(const char *), const char *what, int *out, char **err)
{
	json_t *v = field(obj, path, key, err);
	char *p;

	if (v == NULL)
		return false;
	if (nullable && json_is_null(v)) {
		*out = -1;
		return true;
	}
	if (json_is_string(v) && (*out = parse(json_string_value(v))) >= 0)
		return true;
	p = path_key(path, key);
	ifail(err, p, "must be %s%s", what, nullable ? ", or null" : "");
	free(p);
	return false;
}

static int
parse_area(const char *s)
{
	unsigned a = area_parse(s);

	return a != 0 ? (int)a : -1;
}

static int
parse_session_kind(const char *s)
{
	int k = limber_score_kind_parse(s);

	return k == LIMBER_SCORE_LOGGED ? -1 : k;
}

static int
parse_logged_kind(const char *s)
{
	return strcmp(s, "logged") == 0 ? LIMBER_SCORE_LOGGED : -1;
}

static int
parse_next_day(const char *s)
{
	int n = limber_next_day_parse(s);

	return n > 0 ? n : -1;
}

/* The array at key (missing: empty, when optional), into *arr. */
static bool
get_array(json_t *obj, const char *path, const char *key, bool optional,
    json_t **arr, char **err)
{
	json_t *v = json_object_get(obj, key);
	char *p;

	*arr = NULL;
	if (v == NULL && optional)
		return true;
	if (v == NULL)
		return field(obj, path, key, err) != NULL;
	if (json_is_array(v)) {
		*arr = v;
		return true;
	}
	p = path_key(path, key);
	ifail(err, p, "must be an array");
	free(p);
	return false;
}

/* Text at key when given (it may be left out; null only when nullable). */
static bool
opt_text(json_t *obj, const char *path, const char *key, bool nullable,
    char **err)
{
	char *s = NULL;
	bool ok = json_object_get(obj, key) == NULL ||
	    get_text(obj, path, key, nullable, &s, err);

	free(s);
	return ok;
}

/* A whole number from min to max at key, when given. */
static bool
opt_small(json_t *obj, const char *path, const char *key, int min, int max,
    char **err)
{
	int n;

	return json_object_get(obj, key) == NULL ||
	    get_small(obj, path, key, min, max, &n, err);
}

/*
 * A session's plan holds what the planner wrote, and is kept as it came,
 * so that a plan from a newer limber still imports. What the history, the
 * report and the exports read from it must be there and sound, though:
 * the area (the FHIR export's body site) and each item's stretch, with
 * its name, variant's name and numbers when given (the history's names,
 * the FHIR care plan). A plan without them once made the FHIR export
 * crash (docs/reliability.md).
 */
static bool
import_plan(json_t *plan, const char *path, char **err)
{
	json_t *items, *it;
	char *lp, *ip;
	size_t i;
	bool ok = true;
	int area;

	if (!get_name(plan, path, "area", false, parse_area,
		"upper, lower or both", &area, err) ||
	    !get_array(plan, path, "items", false, &items, err))
		return false;
	lp = path_key(path, "items");
	json_array_foreach(items, i, it) {
		ip = path_index(lp, i);
		if (!json_is_object(it))
			ok = ifail(err, ip, "must be an object: a stretch");
		ok = ok && field(it, ip, "stretch", err) != NULL &&
		    opt_text(it, ip, "stretch", false, err) &&
		    opt_text(it, ip, "name", false, err) &&
		    opt_text(it, ip, "variant", true, err) &&
		    opt_text(it, ip, "variant_name", true, err) &&
		    opt_small(it, ip, "reps", 0, 100, err) &&
		    opt_small(it, ip, "sides", 0, 2, err) &&
		    opt_small(it, ip, "hold_s", 0, 3600, err);
		free(ip);
		if (!ok)
			break;
	}
	free(lp);
	return ok;
}

static bool
import_pain(json_t *v, const char *path, bool in_session,
    struct limber_journal_pain *p, char **err)
{
	static const char *const keys[] = {
		"at", "kind", "value", "area", "note", NULL,
	};
	int kind, area;

	memset(p, 0, sizeof *p);
	if (!check_object(v, path, keys, err) ||
	    !get_time(v, path, "at", false, &p->at, NULL, err) ||
	    !get_name(v, path, "kind", false, in_session ?
	    parse_session_kind : parse_logged_kind, in_session ?
	    "before, during, after or next-day" : "logged (scores of a "
	    "session go in its own \"pain\")", &kind, err) ||
	    !get_small(v, path, "value", 0, 10, &p->value, err) ||
	    !get_name(v, path, "area", true, parse_area, "upper, lower or "
	    "both", &area, err) ||
	    !get_text(v, path, "note", true, &p->note, err))
		return false;
	p->kind = (enum limber_score_kind)kind;
	p->area = area > 0 ? (unsigned)area : 0;
	return true;
}

static bool
import_note(json_t *v, const char *path, struct limber_journal_note *n,
    char **err)
{
	static const char *const keys[] = { "at", "text", NULL };

	memset(n, 0, sizeof *n);
	return check_object(v, path, keys, err) &&
	    get_time(v, path, "at", false, &n->at, NULL, err) &&
	    get_text(v, path, "text", false, &n->text, err);
}

static bool
import_stretch(json_t *v, const char *path,
    struct limber_journal_stretch *x, char **err)
{
	static const char *const keys[] = {
		"at", "stretch", "variant", "reps", "sides", "skipped", NULL,
	};
	json_t *sk;
	char *p;

	memset(x, 0, sizeof *x);
	if (!check_object(v, path, keys, err) ||
	    !get_time(v, path, "at", false, &x->at, NULL, err) ||
	    !get_text(v, path, "stretch", false, &x->stretch, err) ||
	    !get_text(v, path, "variant", true, &x->variant, err) ||
	    !get_small(v, path, "reps", 0, 100, &x->reps, err) ||
	    !get_small(v, path, "sides", 0, 2, &x->sides, err) ||
	    (sk = field(v, path, "skipped", err)) == NULL)
		return false;
	if (!json_is_boolean(sk)) {
		p = path_key(path, "skipped");
		ifail(err, p, "must be true or false");
		free(p);
		return false;
	}
	x->skipped = json_is_true(sk);
	return true;
}

/* Each element of arr through fn, into a new array of n elements. */
#define IMPORT_LIST(arr, path, key, out, n, call) do {			\
	char *lp_ = path_key((path), (key));				\
	size_t i_;							\
	json_t *v_;							\
	bool ok_ = true;						\
	json_array_foreach((arr), i_, v_) {				\
		char *ip_ = path_index(lp_, i_);			\
		GROW((out), (n));					\
		ok_ = call;						\
		(n)++;							\
		free(ip_);						\
		if (!ok_)						\
			break;						\
	}								\
	free(lp_);							\
	if (!ok_)							\
		return false;						\
} while (0)

static bool
import_session(json_t *v, const char *path, size_t nscreenings,
    struct limber_journal_session *s, char **err)
{
	static const char *const keys[] = {
		"started", "ended", "state", "reason", "last_step", "next_day",
		"screening", "plan", "stretches", "pain", "notes", NULL,
	};
	json_t *arr, *plan, *scr;
	bool noend = false, ok;
	int state, next_day;
	char *p;

	memset(s, 0, sizeof *s);
	s->screening = -1;
	if (!check_object(v, path, keys, err) ||
	    !get_time(v, path, "started", false, &s->started, NULL, err) ||
	    !get_time(v, path, "ended", true, &s->ended, &noend, err) ||
	    !get_name(v, path, "state", false, limber_record_state_parse,
	    "running, done, stopped or interrupted", &state, err) ||
	    !get_text(v, path, "reason", true, &s->reason, err) ||
	    !get_small(v, path, "last_step", -1, 1000000, &s->last_step, err) ||
	    !get_name(v, path, "next_day", true, parse_next_day, "settled or "
	    "not-settled", &next_day, err))
		return false;
	s->state = (enum limber_record_state)state;
	s->next_day = next_day > 0 ? (enum limber_next_day)next_day :
	    LIMBER_NEXT_DAY_UNASKED;

	if ((scr = field(v, path, "screening", err)) == NULL)
		return false;
	if (!json_is_null(scr)) {
		if (!json_is_integer(scr) || json_integer_value(scr) < 0 ||
		    (size_t)json_integer_value(scr) >= nscreenings) {
			p = path_key(path, "screening");
			if (nscreenings == 0)
				ifail(err, p, "must be null: there are no "
				    "screenings");
			else
				ifail(err, p, "must be null or the index of a "
				    "screening, from 0 to %zu", nscreenings - 1);
			free(p);
			return false;
		}
		s->screening = json_integer_value(scr);
	}
	if ((plan = field(v, path, "plan", err)) == NULL)
		return false;
	if (!json_is_object(plan)) {
		p = path_key(path, "plan");
		ifail(err, p, "must be an object (the plan, as 'limber plan "
		    "--json' prints it)");
		free(p);
		return false;
	}
	p = path_key(path, "plan");
	ok = import_plan(plan, p, err);
	free(p);
	if (!ok)
		return false;
	s->plan = json_dumps(plan, JSON_COMPACT);

	/* Fields that make sense only together. */
	if (noend != (s->state == LIMBER_RECORD_RUNNING)) {
		p = path_key(path, "ended");
		ifail(err, p, noend ? "must be a time: only a running session "
		    "has no end" : "must be null: a running session has not "
		    "ended");
		free(p);
		return false;
	}
	if (!noend && s->ended < s->started) {
		p = path_key(path, "ended");
		ifail(err, p, "must not be before \"started\"");
		free(p);
		return false;
	}
	if (s->state == LIMBER_RECORD_STOPPED && s->reason == NULL) {
		p = path_key(path, "reason");
		ifail(err, p, "a stopped session needs the reason it stopped");
		free(p);
		return false;
	}
	if (s->next_day != LIMBER_NEXT_DAY_UNASKED &&
	    s->state != LIMBER_RECORD_DONE && s->state != LIMBER_RECORD_STOPPED) {
		p = path_key(path, "next_day");
		ifail(err, p, "must be null: only a session that is done or "
		    "stopped has a next-day check");
		free(p);
		return false;
	}

	if (!get_array(v, path, "stretches", false, &arr, err))
		return false;
	IMPORT_LIST(arr, path, "stretches", s->stretches, s->nstretches,
	    import_stretch(v_, ip_, &s->stretches[s->nstretches], err));
	if (!get_array(v, path, "pain", false, &arr, err))
		return false;
	IMPORT_LIST(arr, path, "pain", s->pain, s->npain,
	    import_pain(v_, ip_, true, &s->pain[s->npain], err));
	if (!get_array(v, path, "notes", false, &arr, err))
		return false;
	IMPORT_LIST(arr, path, "notes", s->notes, s->nnotes,
	    import_note(v_, ip_, &s->notes[s->nnotes], err));
	return true;
}

static bool
import_screening(json_t *v, const char *path,
    struct limber_journal_screening *s, char **err)
{
	static const char *const keys[] = {
		"at", "pain", "area", "yes", "verdict", NULL,
	};
	json_t *yes, *q;
	int area, level;
	size_t i;

	memset(s, 0, sizeof *s);
	if (!check_object(v, path, keys, err) ||
	    !get_time(v, path, "at", false, &s->at, NULL, err) ||
	    !get_small(v, path, "pain", 0, 10, &s->pain, err) ||
	    !get_name(v, path, "area", false, parse_area, "upper, lower or "
	    "both", &area, err) ||
	    !get_name(v, path, "verdict", false, level_parse, "go, caution, "
	    "see-clinician, urgent or emergency", &level, err) ||
	    !get_array(v, path, "yes", false, &yes, err))
		return false;
	s->area = (unsigned)area;
	s->verdict = (enum limber_level)level;
	json_array_foreach(yes, i, q) {
		char *lp = path_key(path, "yes"), *ip = path_index(lp, i);
		const struct limber_question *known = json_is_string(q) ?
		    limber_question_find(json_string_value(q)) : NULL;
		bool ok = known != NULL;

		if (!ok)
			ifail(err, ip, "must be the id of a screening question "
			    "(see 'limber check --list')");
		for (size_t k = 0; ok && k < s->nyes; k++) {
			if (strcmp(s->yes[k], known->id) == 0)
				ok = ifail(err, ip, "'%s' is given twice",
				    known->id);
		}
		free(ip);
		free(lp);
		if (!ok)
			return false;
		GROW(s->yes, s->nyes);
		s->yes[s->nyes++] = xstrdup(known->id);
	}
	return true;
}

static bool
import_dose(json_t *v, const char *path, struct limber_journal_dose *d,
    char **err)
{
	static const char *const keys[] = { "stretch", "reps", "streak", NULL };

	memset(d, 0, sizeof *d);
	return check_object(v, path, keys, err) &&
	    get_text(v, path, "stretch", false, &d->stretch, err) &&
	    get_small(v, path, "reps", 1, 100, &d->reps, err) &&
	    get_small(v, path, "streak", 0, 1000, &d->streak, err);
}

static bool
import_clearance(json_t *v, const char *path,
    struct limber_journal_clearance *c, char **err)
{
	static const char *const keys[] = { "at", "note", NULL };

	memset(c, 0, sizeof *c);
	return check_object(v, path, keys, err) &&
	    get_time(v, path, "at", false, &c->at, NULL, err) &&
	    get_text(v, path, "note", true, &c->note, err);
}

static int
remind_kind_parse(const char *s)
{
	for (int k = 0; k < LIMBER_REMIND_KIND_COUNT; k++) {
		if (strcmp(s, limber_remind_kind_name(
		    (enum limber_remind_kind)k)) == 0)
			return k;
	}
	return -1;
}

static int
parse_answer(const char *s)
{
	return limber_remind_answer_parse(s);
}

static bool
import_prompt(json_t *v, const char *path, struct limber_journal_prompt *r,
    char **err)
{
	static const char *const keys[] = {
		"at", "schedule", "kind", "late", "answer", "answered", NULL,
	};
	bool no_time = true;
	json_t *late;
	char *p;

	memset(r, 0, sizeof *r);
	if (!check_object(v, path, keys, err) ||
	    !get_time(v, path, "at", false, &r->at, NULL, err) ||
	    !get_text(v, path, "schedule", false, &r->schedule, err))
		return false;
	if (strlen(r->schedule) > LIMBER_REMIND_NAME_MAX) {
		p = path_key(path, "schedule");
		ifail(err, p, "must be at most %d characters long",
		    LIMBER_REMIND_NAME_MAX);
		free(p);
		return false;
	}
	if (!get_name(v, path, "kind", false, remind_kind_parse,
	    "every, at or after-workout", &r->kind, err) ||
	    (late = field(v, path, "late", err)) == NULL)
		return false;
	if (!json_is_boolean(late)) {
		p = path_key(path, "late");
		ifail(err, p, "must be true or false");
		free(p);
		return false;
	}
	r->late = json_is_true(late);
	if (!get_name(v, path, "answer", true, parse_answer,
	    "started, snoozed or skipped", &r->answer, err) ||
	    !get_time(v, path, "answered", true, &r->answered, &no_time, err))
		return false;
	if (r->answer < 0)
		r->answer = LIMBER_ANSWER_NONE;
	if (!no_time && r->answered <= 0) {
		p = path_key(path, "answered");
		ifail(err, p, "must be a time after 1970");
		free(p);
		return false;
	}
	if ((r->answer == LIMBER_ANSWER_NONE) != no_time) {
		p = path_key(path, "answered");
		ifail(err, p, "must be null exactly when \"answer\" is null");
		free(p);
		return false;
	}
	return true;
}

static size_t
count_records(json_t *root)
{
	size_t n = 0, i;
	json_t *s;

	n += json_array_size(json_object_get(root, "screenings"));
	n += json_array_size(json_object_get(root, "pain"));
	n += json_array_size(json_object_get(root, "notes"));
	n += json_array_size(json_object_get(root, "clearances"));
	n += json_array_size(json_object_get(root, "doses"));
	n += json_array_size(json_object_get(root, "reminders"));
	json_array_foreach(json_object_get(root, "sessions"), i, s) {
		n += 1 + json_array_size(json_object_get(s, "stretches")) +
		    json_array_size(json_object_get(s, "pain")) +
		    json_array_size(json_object_get(s, "notes"));
	}
	return n;
}

static int
dose_order(const void *a, const void *b)
{
	const struct limber_journal_dose *const *x = a, *const *y = b;
	int c = strcmp((*x)->stretch, (*y)->stretch);

	return c != 0 ? c : (*x > *y) - (*x < *y);
}

/*
 * One dose a stretch. Sorted by stretch, then by place in the file, so that
 * the time grows with n log n (comparing each with each took 48 s for
 * 120,000); the fault named is the first in the file, as before.
 */
static bool
doses_once(const struct limber_journal_data *d, char **err)
{
	const struct limber_journal_dose **by = xcalloc(d->ndoses + 1,
	    sizeof *by);
	size_t first = 0, bad = SIZE_MAX, at = 0;

	for (size_t i = 0; i < d->ndoses; i++)
		by[i] = &d->doses[i];
	qsort(by, d->ndoses, sizeof *by, dose_order);
	for (size_t i = 1; i < d->ndoses; i++) {
		if (strcmp(by[i]->stretch, by[first]->stretch) != 0)
			first = i;
		else if ((size_t)(by[i] - d->doses) < bad) {
			bad = (size_t)(by[i] - d->doses);
			at = (size_t)(by[first] - d->doses);
		}
	}
	free(by);
	if (bad != SIZE_MAX) {
		char *p = xasprintf("doses[%zu].stretch", bad);

		ifail(err, p, "'%s' has a dose already, at doses[%zu]",
		    d->doses[bad].stretch, at);
		free(p);
		return false;
	}
	return true;
}

/* The whole file, checked, into d. */
static bool
import_parse(json_t *root, struct limber_journal_data *d, char **err)
{
	static const char *const keys[] = {
		"limber_journal", "screenings", "sessions", "pain", "notes",
		"clearances", "doses", "reminders", NULL,
	};
	json_t *ver, *arr;
	json_int_t version;

	if (!json_is_object(root))
		return ifail(err, NULL, "not a limber export: it must be a JSON "
		    "object with \"limber_journal\": %d", LIMBER_EXPORT_VERSION);
	ver = json_object_get(root, "limber_journal");
	if (ver == NULL)
		return ifail(err, NULL, "not a limber export: the field "
		    "\"limber_journal\" is missing");
	if (json_is_integer(ver) && json_integer_value(ver) > LIMBER_EXPORT_VERSION)
		return ifail(err, "limber_journal", "this export is from a "
		    "newer limber (format %lld; this limber reads format %d)",
		    (long long)json_integer_value(ver), LIMBER_EXPORT_VERSION);
	if (!json_is_integer(ver) || json_integer_value(ver) <
	    LIMBER_EXPORT_OLDEST)
		return ifail(err, "limber_journal", "must be %d to %d",
		    LIMBER_EXPORT_OLDEST, LIMBER_EXPORT_VERSION);
	version = json_integer_value(ver);
	if (!check_object(root, "", keys, err))
		return false;
	/* Format 1 had no reminders: a file that says 1 and has them is odd. */
	if (version < 2 && json_object_get(root, "reminders") != NULL)
		return ifail(err, "reminders", "is not in format 1: a file "
		    "with reminders says \"limber_journal\": 2");
	if (count_records(root) > IMPORT_MAX_RECORDS)
		return ifail(err, NULL, "too many records (more than %d)",
		    IMPORT_MAX_RECORDS);

	if (!get_array(root, "", "screenings", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "screenings", d->screenings, d->nscreenings,
	    import_screening(v_, ip_, &d->screenings[d->nscreenings], err));
	if (!get_array(root, "", "sessions", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "sessions", d->sessions, d->nsessions,
	    import_session(v_, ip_, d->nscreenings,
	    &d->sessions[d->nsessions], err));
	if (!get_array(root, "", "pain", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "pain", d->pain, d->npain,
	    import_pain(v_, ip_, false, &d->pain[d->npain], err));
	if (!get_array(root, "", "notes", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "notes", d->notes, d->nnotes,
	    import_note(v_, ip_, &d->notes[d->nnotes], err));
	if (!get_array(root, "", "clearances", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "clearances", d->clearances, d->nclearances,
	    import_clearance(v_, ip_, &d->clearances[d->nclearances], err));
	if (!get_array(root, "", "doses", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "doses", d->doses, d->ndoses,
	    import_dose(v_, ip_, &d->doses[d->ndoses], err));
	if (!get_array(root, "", "reminders", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "reminders", d->prompts, d->nprompts,
	    import_prompt(v_, ip_, &d->prompts[d->nprompts], err));
	return doses_once(d, err);
}

/* ------------------------------------------------------------------ */
/* Import: what the journal holds already, then one short write.       */

/*
 * Run st again with new arguments (fmt as bind_args): the import adds its
 * rows with a few statements, each prepared once.
 */
static int
db_again(struct limber_journal *j, sqlite3_stmt *st, int64_t *rowid,
    const char *fmt, ...)
{
	va_list ap;
	int rc;

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	va_start(ap, fmt);
	rc = bind_args(st, fmt, ap);
	va_end(ap);
	if (rc != SQLITE_OK) {
		set_err(j);
		return rc;
	}
	while ((rc = db_step(j, st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		return rc;
	if (rowid != NULL)
		*rowid = sqlite3_last_insert_rowid(j->db);
	return SQLITE_OK;
}

/*
 * What makes a record of the file the same as one the journal holds, as
 * import has always compared them: a time, a number and two texts (NULL
 * equal to NULL). A key is a row of the journal (id > 0) or the file's
 * record i (id 0).
 */
struct import_key {
	int64_t at, n;
	const char *s[2];
	int64_t id;
	size_t i;
};

enum import_kind {
	IMPORT_SCREENING,
	IMPORT_SESSION,
	IMPORT_PAIN,
	IMPORT_NOTE,
	IMPORT_CLEARANCE,
	IMPORT_PROMPT,
	IMPORT_KINDS,
};

/*
 * Where the journal keeps each kind, and its key's columns: id, time,
 * number, texts. The pain scores and notes of a session come with their
 * session and are not compared on their own. The + keeps SQLite off the
 * index by session, which would read every score logged by hand, where
 * the time's index or the row id find only those wanted.
 */
static const struct {
	const char *columns, *table, *where, *at;
} import_tables[IMPORT_KINDS] = {
	{ "id, at, pain, area, verdict", "screening", "", "at" },
	{ "id, started, 0, NULL, NULL", "session", "", "started" },
	{ "id, at, value, area, note", "pain", "+session IS NULL AND", "at" },
	{ "id, at, 0, text, NULL", "note", "session IS NULL AND", "at" },
	{ "id, at, 0, note, NULL", "clearance", "", "at" },
	{ "id, at, 0, schedule, NULL", "reminder", "", "at" },
};

/* One kind of record: the file's, and the journal's that may match them. */
struct import_set {
	struct import_key *file; /* texts borrowed from the data */
	size_t nfile;
	struct import_key *known; /* texts owned */
	size_t nknown, cap;
	int64_t from, to; /* the times of the file's records */
	int64_t seen;	  /* the table's largest id when read */
	/*
	 * For each of the file's records: 0, add it; > 0, the journal's row
	 * of that id has it; < 0, -(k + 1), the file's record k has it.
	 */
	int64_t *dup;
};

static int
text_order(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
key_cmp(const struct import_key *x, const struct import_key *y)
{
	int c;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	c = text_order(x->s[0], y->s[0]);
	return c != 0 ? c : text_order(x->s[1], y->s[1]);
}

/* Equal keys together: the journal's rows first, then the file's in order. */
static int
key_order(const void *a, const void *b)
{
	const struct import_key *x = a, *y = b;
	int c = key_cmp(x, y);

	if (c != 0)
		return c;
	if ((x->id == 0) != (y->id == 0))
		return x->id == 0 ? 1 : -1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

static void
set_file(struct import_set *s, size_t cap, int64_t at, int64_t n,
    const char *s0, const char *s1)
{
	if (s->file == NULL)
		s->file = xcalloc(cap + 1, sizeof *s->file);
	if (s->nfile == 0 || at < s->from)
		s->from = at;
	if (s->nfile == 0 || at > s->to)
		s->to = at;
	s->file[s->nfile] = (struct import_key){ at, n, { s0, s1 }, 0,
		s->nfile };
	s->nfile++;
}

static void
import_sets(const struct limber_journal_data *d, struct import_set *s)
{
	for (size_t i = 0; i < d->nscreenings; i++)
		set_file(&s[IMPORT_SCREENING], d->nscreenings,
		    d->screenings[i].at, d->screenings[i].pain,
		    area_name(d->screenings[i].area),
		    limber_level_name(d->screenings[i].verdict));
	for (size_t i = 0; i < d->nsessions; i++)
		set_file(&s[IMPORT_SESSION], d->nsessions,
		    d->sessions[i].started, 0, NULL, NULL);
	for (size_t i = 0; i < d->npain; i++)
		set_file(&s[IMPORT_PAIN], d->npain, d->pain[i].at,
		    d->pain[i].value, area_name(d->pain[i].area),
		    d->pain[i].note);
	for (size_t i = 0; i < d->nnotes; i++)
		set_file(&s[IMPORT_NOTE], d->nnotes, d->notes[i].at, 0,
		    d->notes[i].text, NULL);
	for (size_t i = 0; i < d->nclearances; i++)
		set_file(&s[IMPORT_CLEARANCE], d->nclearances,
		    d->clearances[i].at, 0, d->clearances[i].note, NULL);
	for (size_t i = 0; i < d->nprompts; i++)
		set_file(&s[IMPORT_PROMPT], d->nprompts, d->prompts[i].at, 0,
		    d->prompts[i].schedule, NULL);
}

/*
 * The journal's rows of kind k in the time range of the file's records,
 * with ids over s->seen, then s->seen moved to the table's largest id.
 * The first read takes the time's index, where there is one; the second,
 * under the write lock, only the rows written since (the journal deletes
 * none of these), by id.
 */
static int
set_load(struct limber_journal *j, struct import_set *s, enum import_kind k,
    bool since)
{
	sqlite3_stmt *st = NULL;
	char *sql;
	int rc;

	if (s->nfile == 0)
		return SQLITE_OK;
	sql = xasprintf("SELECT %s FROM %s WHERE %s %s%s BETWEEN ? AND ? "
			"AND id > ?",
	    import_tables[k].columns, import_tables[k].table,
	    import_tables[k].where, since ? "+" : "", import_tables[k].at);
	rc = db_prepare(j, &st, sql, "III", s->from, s->to, s->seen);
	free(sql);
	while (next_row(j, st, &rc)) {
		struct import_key *key;

		if (s->nknown == s->cap) {
			s->cap = s->cap * 2 + 64;
			s->known = xreallocarray(s->known, s->cap,
			    sizeof *s->known);
		}
		key = &s->known[s->nknown++];
		key->id = sqlite3_column_int64(st, 0);
		key->at = sqlite3_column_int64(st, 1);
		key->n = sqlite3_column_int64(st, 2);
		key->s[0] = col_text(st, 3);
		key->s[1] = col_text(st, 4);
		key->i = 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;
	sql = xasprintf("SELECT coalesce(max(id), 0) FROM %s",
	    import_tables[k].table);
	rc = db_int(j, &s->seen, NULL, sql, "");
	free(sql);
	return rc;
}

/*
 * Which of the file's records to add: all keys sorted together, each run
 * of equal ones led by the journal's row if any, else by the file's first
 * such record, which is added; the others match it. n log n, where asking
 * the journal for each record, on columns with no index, grew with the
 * square of the file (docs/reliability.md).
 */
static void
set_match(struct import_set *s)
{
	size_t n = s->nknown + s->nfile, a, b;
	struct import_key *all;

	free(s->dup);
	s->dup = xcalloc(s->nfile + 1, sizeof *s->dup);
	if (s->nfile == 0)
		return;
	all = xcalloc(n, sizeof *all);
	if (s->nknown > 0)
		memcpy(all, s->known, s->nknown * sizeof *all);
	memcpy(all + s->nknown, s->file, s->nfile * sizeof *all);
	qsort(all, n, sizeof *all, key_order);
	for (a = 0; a < n; a = b) {
		for (b = a + 1; b < n && key_cmp(&all[a], &all[b]) == 0; b++) {
			if (all[b].id == 0)
				s->dup[all[b].i] = all[a].id != 0 ?
				    all[a].id :
				    -(int64_t)all[a].i - 1;
		}
	}
	free(all);
}

static void
set_free(struct import_set *s)
{
	for (size_t i = 0; i < s->nknown; i++) {
		free((char *)s->known[i].s[0]);
		free((char *)s->known[i].s[1]);
	}
	free(s->known);
	free(s->file);
	free(s->dup);
}

/* The statements that add rows, prepared once. */
enum import_stmt {
	ADD_SCREENING,
	ADD_YES,
	ADD_SESSION,
	ADD_STRETCH,
	ADD_PAIN,
	ADD_NOTE,
	ADD_CLEARANCE,
	ADD_DOSE,
	ADD_PROMPT,
	ADD_COUNT,
};

static const char *const import_sql[ADD_COUNT] = {
	"INSERT INTO screening (at, pain, area, verdict) VALUES (?, ?, ?, ?)",
	"INSERT INTO screening_yes (screening, pos, question) VALUES (?, ?, ?)",
	"INSERT INTO session (screening, plan, started, updated, ended, "
	"state, reason, pid, last_step, next_day) VALUES "
	"(?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
	"INSERT INTO stretch (session, at, stretch, variant, reps, sides, "
	"skipped) VALUES (?, ?, ?, ?, ?, ?, ?)",
	"INSERT INTO pain (at, value, area, kind, session, note) VALUES "
	"(?, ?, ?, ?, ?, ?)",
	"INSERT INTO note (at, session, text) VALUES (?, ?, ?)",
	"INSERT INTO clearance (at, note) VALUES (?, ?)",
	"INSERT INTO dose (stretch, reps, streak) VALUES (?, ?, ?) "
	"ON CONFLICT (stretch) DO NOTHING",
	"INSERT INTO reminder (at, schedule, kind, late, answer, answered) "
	"VALUES (?, ?, ?, ?, ?, ?)",
};

static int
add_pain(struct limber_journal *j, sqlite3_stmt **st,
    const struct limber_journal_pain *p, int64_t session)
{
	return db_again(j, st[ADD_PAIN], NULL, "Iisszs", p->at, p->value,
	    area_name(p->area), limber_score_kind_name(p->kind), session,
	    p->note);
}

static int
add_session(struct limber_journal *j, sqlite3_stmt **st,
    const struct limber_journal_session *s, int64_t screening)
{
	int64_t id = 0, updated = s->started;
	int rc;

	/* The last sign of life, as recover takes it: the end, or the latest record. */
	if (s->state != LIMBER_RECORD_RUNNING)
		updated = s->ended;
	for (size_t i = 0; s->state == LIMBER_RECORD_RUNNING &&
	    i < s->nstretches; i++)
		if (s->stretches[i].at > updated)
			updated = s->stretches[i].at;
	for (size_t i = 0; s->state == LIMBER_RECORD_RUNNING && i < s->npain; i++)
		if (s->pain[i].at > updated)
			updated = s->pain[i].at;

	rc = db_again(j, st[ADD_SESSION], &id, "zsIIzssis", screening, s->plan,
	    s->started, updated,
	    s->state != LIMBER_RECORD_RUNNING ? s->ended : (int64_t)0,
	    limber_record_state_name(s->state), s->reason, s->last_step,
	    limber_next_day_name(s->next_day));
	for (size_t i = 0; rc == SQLITE_OK && i < s->nstretches; i++) {
		const struct limber_journal_stretch *x = &s->stretches[i];

		rc = db_again(j, st[ADD_STRETCH], NULL, "IIssiii", id, x->at,
		    x->stretch, x->variant, x->reps, x->sides,
		    x->skipped ? 1 : 0);
	}
	for (size_t i = 0; rc == SQLITE_OK && i < s->npain; i++)
		rc = add_pain(j, st, &s->pain[i], id);
	for (size_t i = 0; rc == SQLITE_OK && i < s->nnotes; i++)
		rc = db_again(j, st[ADD_NOTE], NULL, "Izs", s->notes[i].at, id,
		    s->notes[i].text);
	return rc;
}

/* Add what set (import_sets, set_match) says is new, counting into c. */
static int
insert_data(struct limber_journal *j, const struct limber_journal_data *d,
    const struct import_set *set, struct limber_import_counts *c)
{
	int64_t *sids = xcalloc(d->nscreenings + 1, sizeof *sids), dup;
	sqlite3_stmt *st[ADD_COUNT] = { NULL };
	int rc = SQLITE_OK;

	for (int k = 0; rc == SQLITE_OK && k < ADD_COUNT; k++)
		rc = db_prepare(j, &st[k], import_sql[k], "");
	for (size_t i = 0; rc == SQLITE_OK && i < d->nscreenings; i++) {
		const struct limber_journal_screening *s = &d->screenings[i];

		if ((dup = set[IMPORT_SCREENING].dup[i]) != 0) {
			sids[i] = dup > 0 ? dup : sids[-dup - 1];
			c->skipped++;
			continue;
		}
		rc = db_again(j, st[ADD_SCREENING], &sids[i], "Iiss", s->at,
		    s->pain, area_name(s->area), limber_level_name(s->verdict));
		for (size_t k = 0; rc == SQLITE_OK && k < s->nyes; k++)
			rc = db_again(j, st[ADD_YES], NULL, "Iis", sids[i],
			    (int)k, s->yes[k]);
		c->screenings++;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < d->nsessions; i++) {
		const struct limber_journal_session *s = &d->sessions[i];

		if (set[IMPORT_SESSION].dup[i] != 0) {
			c->skipped++;
			continue;
		}
		rc = add_session(j, st, s,
		    s->screening >= 0 ? sids[s->screening] : (int64_t)0);
		c->sessions++;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < d->npain; i++) {
		if (set[IMPORT_PAIN].dup[i] != 0) {
			c->skipped++;
			continue;
		}
		rc = add_pain(j, st, &d->pain[i], 0);
		c->pain++;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < d->nnotes; i++) {
		if (set[IMPORT_NOTE].dup[i] != 0) {
			c->skipped++;
			continue;
		}
		rc = db_again(j, st[ADD_NOTE], NULL, "Izs", d->notes[i].at,
		    (int64_t)0, d->notes[i].text);
		c->notes++;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < d->nclearances; i++) {
		if (set[IMPORT_CLEARANCE].dup[i] != 0) {
			c->skipped++;
			continue;
		}
		rc = db_again(j, st[ADD_CLEARANCE], NULL, "Is",
		    d->clearances[i].at, d->clearances[i].note);
		c->clearances++;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < d->ndoses; i++) {
		rc = db_again(j, st[ADD_DOSE], NULL, "sii", d->doses[i].stretch,
		    d->doses[i].reps, d->doses[i].streak);
		*(sqlite3_changes(j->db) > 0 ? &c->doses : &c->skipped) += 1;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < d->nprompts; i++) {
		const struct limber_journal_prompt *p = &d->prompts[i];
		const char *answer = limber_remind_answer_name(
		    (enum limber_remind_answer)p->answer);

		if (set[IMPORT_PROMPT].dup[i] != 0) {
			c->skipped++;
			continue;
		}
		rc = db_again(j, st[ADD_PROMPT], NULL, "Issisz", p->at,
		    p->schedule,
		    limber_remind_kind_name((enum limber_remind_kind)p->kind),
		    p->late ? 1 : 0, answer, p->answered);
		c->prompts++;
	}
	for (int k = 0; k < ADD_COUNT; k++)
		sqlite3_finalize(st[k]);
	free(sids);
	return rc;
}

/*
 * Add d to the journal, all or nothing, holding the write lock briefly
 * (docs/journal.md, "Import"). Which records are there already is found
 * first, in a read transaction, which in WAL mode keeps no one waiting;
 * then, in one write transaction, only the rows written since that read
 * are looked at again, and the rest is adding rows.
 */
static int
import_write(struct limber_journal *j, const struct limber_journal_data *d,
    struct limber_import_counts *c)
{
	struct import_set set[IMPORT_KINDS];
	int rc;

	memset(set, 0, sizeof set);
	import_sets(d, set);
	rc = db_run(j, NULL, "BEGIN", "");
	for (int k = 0; rc == SQLITE_OK && k < IMPORT_KINDS; k++)
		rc = set_load(j, &set[k], (enum import_kind)k, false);
	if (rc == SQLITE_OK)
		rc = commit(j);
	for (int k = 0; rc == SQLITE_OK && k < IMPORT_KINDS; k++)
		set_match(&set[k]);
	if (rc == SQLITE_OK)
		rc = begin(j);
	for (int k = 0; rc == SQLITE_OK && k < IMPORT_KINDS; k++) {
		size_t before = set[k].nknown;

		rc = set_load(j, &set[k], (enum import_kind)k, true);
		if (rc == SQLITE_OK && set[k].nknown > before)
			set_match(&set[k]);
	}
	if (rc == SQLITE_OK)
		rc = insert_data(j, d, set, c);
	if (rc == SQLITE_OK)
		rc = commit(j);
	for (int k = 0; k < IMPORT_KINDS; k++)
		set_free(&set[k]);
	return rc;
}

/*
 * Times from the future (docs/safety.md, "When the clock was wrong"): one
 * more than LIMBER_IMPORT_AHEAD_S after now comes from a clock that was
 * ahead, and would stand in the journal beside what happens before its
 * date, so the first one found is a fault, named by its path.
 */
_Static_assert(LIMBER_IMPORT_AHEAD_S == 86400, "the message says a day");

static bool not_ahead(int64_t t, int64_t limit, char **err, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static bool
not_ahead(int64_t t, int64_t limit, char **err, const char *fmt, ...)
{
	char when[32], *path;
	va_list ap;

	if (t <= limit)
		return true;
	va_start(ap, fmt);
	path = xvasprintf(fmt, ap);
	va_end(ap);
	ifail(err, path, "%s is in the future (more than a day after now)",
	    limber_time_iso(t, false, when, sizeof when));
	free(path);
	return false;
}

static bool
import_times_ok(const struct limber_journal_data *d, int64_t now, char **err)
{
	int64_t limit = INT64_MAX;
	bool ok = true;

	if (now <= INT64_MAX - LIMBER_IMPORT_AHEAD_S)
		limit = now + LIMBER_IMPORT_AHEAD_S;
	for (size_t i = 0; ok && i < d->nscreenings; i++)
		ok = not_ahead(d->screenings[i].at, limit, err,
		    "screenings[%zu].at", i);
	for (size_t i = 0; ok && i < d->nsessions; i++) {
		const struct limber_journal_session *s = &d->sessions[i];

		ok = not_ahead(s->started, limit, err, "sessions[%zu].started",
		    i);
		if (ok && s->state != LIMBER_RECORD_RUNNING)
			ok = not_ahead(s->ended, limit, err,
			    "sessions[%zu].ended", i);
		for (size_t k = 0; ok && k < s->nstretches; k++)
			ok = not_ahead(s->stretches[k].at, limit, err,
			    "sessions[%zu].stretches[%zu].at", i, k);
		for (size_t k = 0; ok && k < s->npain; k++)
			ok = not_ahead(s->pain[k].at, limit, err,
			    "sessions[%zu].pain[%zu].at", i, k);
		for (size_t k = 0; ok && k < s->nnotes; k++)
			ok = not_ahead(s->notes[k].at, limit, err,
			    "sessions[%zu].notes[%zu].at", i, k);
	}
	for (size_t i = 0; ok && i < d->npain; i++)
		ok = not_ahead(d->pain[i].at, limit, err, "pain[%zu].at", i);
	for (size_t i = 0; ok && i < d->nnotes; i++)
		ok = not_ahead(d->notes[i].at, limit, err, "notes[%zu].at", i);
	for (size_t i = 0; ok && i < d->nclearances; i++)
		ok = not_ahead(d->clearances[i].at, limit, err,
		    "clearances[%zu].at", i);
	for (size_t i = 0; ok && i < d->nprompts; i++) {
		ok = not_ahead(d->prompts[i].at, limit, err,
		    "reminders[%zu].at", i);
		if (ok && d->prompts[i].answer != LIMBER_ANSWER_NONE)
			ok = not_ahead(d->prompts[i].answered, limit, err,
			    "reminders[%zu].answered", i);
	}
	return ok;
}

enum limber_status
limber_journal_import(struct limber_journal *j, const char *name,
    const char *text, size_t len, int64_t now,
    struct limber_import_counts *counts, char **cause)
{
	struct limber_import_counts c;
	struct limber_journal_data *d;
	json_error_t jerr;
	json_t *root;
	char *err = NULL;
	int rc;

	memset(&c, 0, sizeof c);
	if (counts != NULL)
		memset(counts, 0, sizeof *counts);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return fail(cause, LIMBER_ERR_INVALID, "%s:%d:%d: %s", name,
		    jerr.line, jerr.column, jerr.text);
	d = xcalloc(1, sizeof *d);
	if (!import_parse(root, d, &err) || !import_times_ok(d, now, &err)) {
		json_decref(root);
		limber_journal_data_free(d);
		fail(cause, LIMBER_ERR_INVALID, "%s: %s", name, err);
		free(err);
		return LIMBER_ERR_INVALID;
	}
	json_decref(root);
	if (j == NULL) {
		limber_journal_data_free(d);
		return LIMBER_OK;
	}

	rc = import_write(j, d, &c);
	limber_journal_data_free(d);
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	if (counts != NULL)
		*counts = c;
	return LIMBER_OK;
}

/* ------------------------------------------------------------------ */
/* Reminders (docs/remind.md): prompts, answers and adherence.         */

static const char *const answer_names[LIMBER_ANSWER_COUNT] = {
	NULL, "started", "snoozed", "skipped",
};

const char *
limber_remind_answer_name(enum limber_remind_answer a)
{
	return (unsigned)a < LIMBER_ANSWER_COUNT ? answer_names[a] : NULL;
}

int
limber_remind_answer_parse(const char *name)
{
	for (int i = 1; i < LIMBER_ANSWER_COUNT; i++) {
		if (strcmp(name, answer_names[i]) == 0)
			return i;
	}
	return -1;
}

enum limber_status
limber_journal_add_prompt(struct limber_journal *j, int64_t at,
    const char *schedule, enum limber_remind_kind kind, bool late,
    int64_t *id, char **cause)
{
	int rc;

	if (schedule == NULL || schedule[0] == '\0' ||
	    strlen(schedule) > LIMBER_REMIND_NAME_MAX ||
	    (unsigned)kind >= LIMBER_REMIND_KIND_COUNT)
		return fail(cause, LIMBER_ERR_INVALID, "a prompt needs a "
		    "schedule's name (1 to %d characters) and kind",
		    LIMBER_REMIND_NAME_MAX);
	if ((rc = begin(j)) == SQLITE_OK)
		rc = db_run(j, id, "INSERT INTO reminder (at, schedule, kind, "
		    "late) VALUES (?, ?, ?, ?)", "Issi", at, schedule,
		    limber_remind_kind_name(kind), late ? 1 : 0);
	if (rc == SQLITE_OK)
		rc = commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

enum limber_status
limber_journal_answer_prompt(struct limber_journal *j, int64_t id,
    int64_t at, enum limber_remind_answer answer, char **cause)
{
	int64_t open = 0;
	bool found = false;
	int rc;

	if (answer <= LIMBER_ANSWER_NONE || answer >= LIMBER_ANSWER_COUNT)
		return fail(cause, LIMBER_ERR_INVALID, "an answer must be "
		    "started, snoozed or skipped");
	if ((rc = begin(j)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	rc = db_int(j, &open, &found, "SELECT answer IS NULL FROM reminder "
	    "WHERE id = ?", "I", id);
	if (rc == SQLITE_OK && (!found || !open)) {
		rollback(j);
		return fail(cause, found ? LIMBER_ERR_INVALID :
		    LIMBER_ERR_NOT_FOUND, "%s: prompt %lld %s", j->path,
		    (long long)id, found ? "is already answered" :
		    "is not in the journal");
	}
	if (rc == SQLITE_OK)
		rc = db_run(j, NULL, "UPDATE reminder SET answer = ?, answered "
		    "= ? WHERE id = ?", "sII", limber_remind_answer_name(answer),
		    at, id);
	if (rc == SQLITE_OK)
		rc = commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

enum limber_status
limber_journal_adherence(struct limber_journal *j, int64_t since,
    int64_t until, struct limber_adherence *out, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	rc = db_prepare(j, &st, "SELECT count(*), "
	    "coalesce(sum(answer = 'started'), 0), "
	    "coalesce(sum(answer = 'snoozed'), 0), "
	    "coalesce(sum(answer = 'skipped'), 0), "
	    "coalesce(sum(answer IS NULL), 0), coalesce(sum(late), 0) "
	    "FROM reminder WHERE at >= ? AND at < ?", "II", since, until);
	if (rc == SQLITE_OK && (rc = db_step(j, st)) == SQLITE_ROW) {
		out->shown = sqlite3_column_int(st, 0);
		out->started = sqlite3_column_int(st, 1);
		out->snoozed = sqlite3_column_int(st, 2);
		out->skipped = sqlite3_column_int(st, 3);
		out->unanswered = sqlite3_column_int(st, 4);
		out->late = sqlite3_column_int(st, 5);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK) {
		memset(out, 0, sizeof *out);
		return db_fail(j, rc, cause);
	}
	return LIMBER_OK;
}

json_t *
limber_adherence_to_json(const struct limber_adherence *a)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "shown", a->shown,
	    "started", a->started, "snoozed", a->snoozed, "skipped",
	    a->skipped, "unanswered", a->unanswered, "late", a->late);
}
