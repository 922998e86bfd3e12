/*
 * test-journal.c - the journal (lib/journal.c), its rules (lib/progress.c)
 * and its statistics (lib/stats.c).
 *
 * Covers: making a journal (modes, folders, WAL, schema version) and
 * reopening it; refusing, byte for byte untouched, a journal from a newer
 * limber, a text file, a damaged database and another program's database;
 * a busy journal; recovering sessions whose process died; the progression
 * rules, pure and through sessions; what the planner reads (the stage
 * replayed in the order sessions started, when each exercise was last
 * done); the worse-after-sessions flag and what
 * ends it; the next-day check; the last screening; export and import (a
 * round trip that loses nothing, and bad imports that change nothing,
 * each naming its field); CSV; and the statistics of a small known journal.
 *
 * Every test works in its own mkdtemp folder, removed at the end. Local
 * days are computed in UTC (TZ=UTC is set in main).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "limber/limber.h"
#include "limber/record.h"
#include "limber/remind.h"
#include "util.h"

#define DAY 86400
/* 2026-11-02 00:00:00 UTC, a Monday: the tests' day 0. */
#define T0 ((int64_t)1793577600)
/* A now after every record the tests write, unless they say otherwise. */
#define LATER (T0 + 3650 * (int64_t)DAY)

/* ------------------------------------------------------------------ */
/* Helpers.                                                            */

struct fixture {
	char *dir;
	char *path;			/* dir/journal.db */
	struct limber_journal *j;
	struct limber_catalog *cat;
	struct limber_plan *plan;
};

static void
rm_rf(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;

	if (lstat(path, &sb) == -1)
		return;
	if (S_ISDIR(sb.st_mode) && (d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			char *sub;

			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			sub = xasprintf("%s/%s", path, e->d_name);
			rm_rf(sub);
			free(sub);
		}
		closedir(d);
		rmdir(path);
	} else
		unlink(path);
}

static char *
temp_dir(void)
{
	char *dir = xstrdup("/tmp/limber-journal-XXXXXX");

	if (mkdtemp(dir) == NULL)
		fail_msg("mkdtemp: %s", strerror(errno));
	return dir;
}

static struct limber_journal *
must_open(const char *path)
{
	struct limber_journal *j = NULL;
	char *cause = NULL;

	if (limber_journal_open(path, LIMBER_JOURNAL_CREATE, &j, &cause) !=
	    LIMBER_OK)
		fail_msg("open %s: %s", path, cause);
	assert_null(cause);
	return j;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	struct limber_request req = {
		.area = LIMBER_AREA_BOTH,
		.minutes = 10,
		.context = LIMBER_CONTEXT_GENERAL,
	};
	char *cause = NULL;

	f->dir = temp_dir();
	f->path = xasprintf("%s/journal.db", f->dir);
	f->j = must_open(f->path);
	assert_int_equal(limber_catalog_builtin(&f->cat, &cause), LIMBER_OK);
	assert_int_equal(limber_plan_build(f->cat, &req, &f->plan, &cause),
	    LIMBER_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	limber_journal_close(f->j);
	limber_plan_free(f->plan);
	limber_catalog_free(f->cat);
	rm_rf(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

#define OK(call) do {							\
	char *cause_ = NULL;						\
	enum limber_status st_ = (call);				\
	if (st_ != LIMBER_OK)						\
		fail_msg("%s: %s", #call, cause_ ? cause_ : "?");	\
	(void)cause_;							\
} while (0)

/* A call that must fail with status, its message containing text. */
static void
expect_fail(enum limber_status got, enum limber_status want, char *cause,
    const char *text)
{
	if (got != want)
		fail_msg("status %d, want %d (%s)", got, want,
		    cause ? cause : "no message");
	if (cause == NULL || strstr(cause, text) == NULL)
		fail_msg("message %s does not say \"%s\"",
		    cause ? cause : "(none)", text);
	free(cause);
}

/* call (which sets cause) must fail with want, its message saying text. */
#define EXPECT_FAIL(call, want, text) do {				\
	enum limber_status s_;						\
	cause = NULL;							\
	s_ = (call);							\
	expect_fail(s_, (want), cause, (text));				\
} while (0)

static char *
slurp(const char *path, size_t *len)
{
	char *cause = NULL, *s = util_read_file(path, 64 << 20, len, &cause);

	if (s == NULL)
		fail_msg("%s", cause);
	return s;
}

static void
spit(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void
assert_same_bytes(const char *path, const char *was, size_t was_len)
{
	size_t len;
	char *now = slurp(path, &len);

	assert_int_equal(len, was_len);
	assert_memory_equal(now, was, len);
	free(now);
}

static int64_t
sql_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void
sql_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *err = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

static void
add_pain(struct limber_journal *j, int64_t session, int64_t at,
    enum limber_score_kind kind, int value)
{
	struct limber_pain_entry p = {
		.at = at, .value = value, .area = LIMBER_AREA_LOWER,
		.kind = kind, .session = session, .note = NULL,
	};
	char *cause = NULL;

	if (limber_journal_add_pain(j, &p, NULL, &cause) != LIMBER_OK)
		fail_msg("add_pain: %s", cause);
}

static void
add_stretch(struct limber_journal *j, int64_t session, int64_t at,
    const char *id, bool skipped)
{
	struct limber_stretch_done sd = {
		.stretch = id, .variant = NULL, .reps = 2, .sides = 1,
		.skipped = skipped,
	};
	char *cause = NULL;

	if (limber_journal_add_stretch(j, session, at, &sd, &cause) != LIMBER_OK)
		fail_msg("add_stretch: %s", cause);
}

/*
 * A whole session at start: a before score, neck-rolls and childs-pose
 * done, an after score (when after >= 0), then the end.
 */
static int64_t
session(struct fixture *f, int64_t start, int before, int after,
    enum limber_record_state end)
{
	int64_t id = 0;
	char *cause = NULL;

	if (limber_journal_session_begin(f->j, start, f->plan, 0, 1, &id,
	    &cause) != LIMBER_OK)
		fail_msg("begin: %s", cause);
	if (before >= 0)
		add_pain(f->j, id, start, LIMBER_SCORE_BEFORE, before);
	add_stretch(f->j, id, start + 60, "neck-rolls", false);
	add_stretch(f->j, id, start + 120, "childs-pose", false);
	if (after >= 0)
		add_pain(f->j, id, start + 600, LIMBER_SCORE_AFTER, after);
	if (limber_journal_session_end(f->j, id, start + 600, end,
	    end == LIMBER_RECORD_STOPPED ? "pain rose by 2 points" : NULL,
	    f->cat, &cause) != LIMBER_OK)
		fail_msg("end: %s", cause);
	return id;
}

static int
dose_of(struct limber_journal *j, const char *id)
{
	struct limber_dose *d = NULL;
	size_t n = 0;
	char *cause = NULL;
	int reps = -1;

	if (limber_journal_doses(j, &d, &n, &cause) != LIMBER_OK)
		fail_msg("doses: %s", cause);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(d[i].stretch, id) == 0)
			reps = d[i].reps;
	}
	limber_doses_free(d, n);
	return reps;
}

static bool
worse_flag(struct limber_journal *j)
{
	bool flag = true;
	char *cause = NULL;

	if (limber_journal_worse_flag(j, LATER, &flag, &cause) != LIMBER_OK)
		fail_msg("worse_flag: %s", cause);
	return flag;
}

static struct limber_journal_data *
load(struct limber_journal *j)
{
	struct limber_journal_data *d = NULL;
	char *cause = NULL;

	if (limber_journal_load(j, INT64_MIN, &d, &cause) != LIMBER_OK)
		fail_msg("load: %s", cause);
	return d;
}

/* The journal's JSON export as text. */
static char *
export_text(struct limber_journal *j)
{
	struct limber_journal_data *d = load(j);
	json_t *o = limber_journal_data_to_json(d, false);
	char *s = json_dumps(o, JSON_INDENT(2));

	json_decref(o);
	limber_journal_data_free(d);
	assert_non_null(s);
	return s;
}

/* ------------------------------------------------------------------ */
/* Opening, modes, schema.                                             */

static void
test_open_makes_file_0600_in_new_folders_0700_and_leaves_others(void **state)
{
	char *dir = temp_dir(), *user, *path, *sub;
	struct limber_journal *j;
	struct stat sb;

	(void)state;
	user = xasprintf("%s/user", dir);
	assert_int_equal(mkdir(user, 0755), 0);
	assert_int_equal(chmod(user, 0755), 0);
	sub = xasprintf("%s/new/deeper", user);
	path = xasprintf("%s/journal.db", sub);
	j = must_open(path);
	limber_journal_close(j);

	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(sub, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	free(sub);
	sub = xasprintf("%s/new", user);
	assert_int_equal(stat(sub, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	/* A folder the user made keeps its mode. */
	assert_int_equal(stat(user, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0755);

	assert_int_equal(sql_int(path, "PRAGMA user_version"),
	    LIMBER_JOURNAL_VERSION);
	assert_int_equal(sql_int(path, "PRAGMA application_id"), 0x4c6d6272);
	rm_rf(dir);
	free(dir);
	free(user);
	free(sub);
	free(path);
}

static void
test_open_runs_in_wal_mode_with_foreign_keys(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);

	/* A note on a session that does not exist breaks a foreign key. */
	char *cause = NULL;
	EXPECT_FAIL(limber_journal_add_note(f->j, T0, 999, "x", &cause),
	    LIMBER_ERR_INVALID, "breaks a rule");
}

static void
test_open_missing_without_create_is_not_found_and_makes_nothing(void **state)
{
	char *dir = temp_dir(), *path = xasprintf("%s/sub/journal.db", dir);
	struct limber_journal *j = NULL;
	char *cause = NULL;
	struct stat sb;

	(void)state;
	EXPECT_FAIL(limber_journal_open(path, 0, &j, &cause),
	    LIMBER_ERR_NOT_FOUND, "no journal yet");
	assert_null(j);
	assert_int_equal(stat(path, &sb), -1);
	free(path);
	path = xasprintf("%s/sub", dir);
	assert_int_equal(stat(path, &sb), -1);
	rm_rf(dir);
	free(dir);
	free(path);
}

static void
test_reopen_keeps_everything_and_migrates_nothing(void **state)
{
	struct fixture *f = *state;
	struct limber_journal_data *d;

	add_pain(f->j, 0, T0, LIMBER_SCORE_LOGGED, 4);
	limber_journal_close(f->j);
	f->j = must_open(f->path);
	d = load(f->j);
	assert_int_equal(d->npain, 1);
	assert_int_equal(d->pain[0].value, 4);
	assert_int_equal(d->pain[0].at, T0);
	limber_journal_data_free(d);
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"),
	    LIMBER_JOURNAL_VERSION);
}

static void
test_newer_journal_is_refused_and_left_byte_for_byte(void **state)
{
	struct fixture *f = *state;
	struct limber_journal *j = NULL;
	char *bytes, *cause = NULL, *sql, *want;
	size_t len;

	limber_journal_close(f->j);
	f->j = NULL;
	sql_exec(f->path, "PRAGMA journal_mode = DELETE; "
	    "PRAGMA user_version = 99");
	bytes = slurp(f->path, &len);
	EXPECT_FAIL(limber_journal_open(f->path, LIMBER_JOURNAL_CREATE, &j,
	    &cause), LIMBER_ERR_INVALID, "newer limber");
	assert_null(j);
	assert_same_bytes(f->path, bytes, len);
	/* The message names the versions. */
	limber_journal_open(f->path, 0, &j, &cause);
	assert_non_null(strstr(cause, "version 99"));
	free(cause);
	assert_same_bytes(f->path, bytes, len);
	free(bytes);

	/* The very next version is newer too. */
	sql = xasprintf("PRAGMA user_version = %d", LIMBER_JOURNAL_VERSION + 1);
	want = xasprintf("journal version %d; this limber knows up to version "
	    "%d", LIMBER_JOURNAL_VERSION + 1, LIMBER_JOURNAL_VERSION);
	sql_exec(f->path, sql);
	bytes = slurp(f->path, &len);
	EXPECT_FAIL(limber_journal_open(f->path, LIMBER_JOURNAL_CREATE, &j,
	    &cause), LIMBER_ERR_INVALID, want);
	assert_null(j);
	assert_same_bytes(f->path, bytes, len);
	free(bytes);
	free(sql);
	free(want);
}

static void
test_text_file_is_refused_and_left_byte_for_byte(void **state)
{
	char *dir = temp_dir(), *path = xasprintf("%s/journal.db", dir);
	static const char text[] = "my notes about my back\nnot a database\n";
	struct limber_journal *j = NULL;
	char *cause = NULL;

	(void)state;
	spit(path, text, sizeof text - 1);
	EXPECT_FAIL(limber_journal_open(path, LIMBER_JOURNAL_CREATE, &j,
	    &cause), LIMBER_ERR_INVALID, "not an SQLite database");
	assert_null(j);
	assert_same_bytes(path, text, sizeof text - 1);
	/* Shorter than the header, too. */
	spit(path, "SQL", 3);
	EXPECT_FAIL(limber_journal_open(path, LIMBER_JOURNAL_CREATE, &j,
	    &cause), LIMBER_ERR_INVALID, "left untouched");
	assert_same_bytes(path, "SQL", 3);
	rm_rf(dir);
	free(dir);
	free(path);
}

/* A journal with some records, closed, in rollback mode, as bytes. */
static char *
filled_journal(struct fixture *f, size_t *len)
{
	for (int i = 0; i < 40; i++)
		session(f, T0 + i * 3600, 3, 2, LIMBER_RECORD_DONE);
	limber_journal_close(f->j);
	f->j = NULL;
	sql_exec(f->path, "PRAGMA journal_mode = DELETE");
	return slurp(f->path, len);
}

static void
test_garbled_journal_is_refused_and_left_byte_for_byte(void **state)
{
	struct fixture *f = *state;
	struct limber_journal *j = NULL;
	char *bytes, *cause = NULL;
	size_t len;

	bytes = filled_journal(f, &len);
	assert_true(len > 3 * 4096);
	/* Garbage over the second page: a b-tree page SQLite must read. */
	for (size_t i = 4096; i < 2 * 4096; i++)
		bytes[i] = (char)(i * 7 + 13);
	spit(f->path, bytes, len);
	EXPECT_FAIL(limber_journal_open(f->path, LIMBER_JOURNAL_CREATE, &j,
	    &cause), LIMBER_ERR_INVALID, "damaged");
	assert_null(j);
	assert_same_bytes(f->path, bytes, len);
	free(bytes);
}

/*
 * A journal already in WAL mode and up to date is not read whole when it
 * opens (that takes long on a journal of years); a damaged page is found
 * before the first write, which refuses, leaving the file as it was.
 */
static void
test_damaged_wal_journal_refuses_the_first_write(void **state)
{
	struct fixture *f = *state;
	struct limber_journal *j = NULL;
	char *bytes, *cause = NULL;
	size_t len, page;

	for (int i = 0; i < 40; i++)
		session(f, T0 + i * 3600, 3, 2, LIMBER_RECORD_DONE);
	limber_journal_close(f->j);
	f->j = NULL;
	bytes = slurp(f->path, &len);
	assert_true(len > 8 * 4096);
	/* Garbage over a page in the middle, among the sessions' plans. */
	page = len / 4096 / 2;
	for (size_t i = page * 4096; i < (page + 1) * 4096; i++)
		bytes[i] = (char)(i * 7 + 13);
	spit(f->path, bytes, len);

	j = must_open(f->path);
	EXPECT_FAIL(limber_journal_add_note(j, T0, 0, "x", &cause),
	    LIMBER_ERR_INVALID, "damaged");
	EXPECT_FAIL(limber_journal_add_clearance(j, T0, NULL, &cause),
	    LIMBER_ERR_INVALID, "left untouched");
	limber_journal_close(j);
	assert_same_bytes(f->path, bytes, len);
	free(bytes);
}

static void
test_truncated_journal_is_refused_and_left_byte_for_byte(void **state)
{
	struct fixture *f = *state;
	struct limber_journal *j = NULL;
	char *bytes, *cause = NULL;
	size_t len;

	bytes = filled_journal(f, &len);
	/* Cut in the middle of a page, and at a page boundary. */
	for (size_t cut = len / 2 + 100; cut > 0; cut = cut == len / 2 + 100 ?
	    4096 * 2 : 0) {
		spit(f->path, bytes, cut);
		EXPECT_FAIL(limber_journal_open(f->path, LIMBER_JOURNAL_CREATE,
		    &j, &cause), LIMBER_ERR_INVALID, "left untouched");
		assert_null(j);
		assert_same_bytes(f->path, bytes, cut);
	}
	free(bytes);
}

static void
test_other_programs_database_is_refused_and_left_byte_for_byte(void **state)
{
	char *dir = temp_dir(), *path = xasprintf("%s/other.db", dir), *bytes;
	struct limber_journal *j = NULL;
	char *cause = NULL;
	size_t len;

	(void)state;
	sql_exec(path, "CREATE TABLE recipes (name TEXT)");
	bytes = slurp(path, &len);
	EXPECT_FAIL(limber_journal_open(path, LIMBER_JOURNAL_CREATE, &j,
	    &cause), LIMBER_ERR_INVALID, "another program");
	assert_same_bytes(path, bytes, len);
	sql_exec(path, "PRAGMA application_id = 42");
	free(bytes);
	bytes = slurp(path, &len);
	EXPECT_FAIL(limber_journal_open(path, LIMBER_JOURNAL_CREATE, &j,
	    &cause), LIMBER_ERR_INVALID, "another program");
	assert_same_bytes(path, bytes, len);
	free(bytes);
	rm_rf(dir);
	free(dir);
	free(path);
}

static void
test_busy_journal_waits_then_fails_clearly(void **state)
{
	struct fixture *f = *state;
	struct limber_pain_entry p = {
		.at = T0, .value = 3, .kind = LIMBER_SCORE_LOGGED,
	};
	struct timespec a, b;
	sqlite3 *db;
	char *cause = NULL;
	double waited;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	    SQLITE_OK);
	clock_gettime(CLOCK_MONOTONIC, &a);
	EXPECT_FAIL(limber_journal_add_pain(f->j, &p, NULL, &cause),
	    LIMBER_ERR_IO, "busy");
	clock_gettime(CLOCK_MONOTONIC, &b);
	waited = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	assert_true(waited > 2.5 && waited < 10);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	/* Free again, the same call works. */
	OK(limber_journal_add_pain(f->j, &p, NULL, &cause_));
}

static void
test_default_path_follows_xdg_and_home(void **state)
{
	char *p;

	(void)state;
	p = limber_journal_default_path("/x/data", "/home/a");
	assert_string_equal(p, "/x/data/limber/journal.db");
	free(p);
	p = limber_journal_default_path("relative", "/home/a");
	assert_string_equal(p, "/home/a/.local/share/limber/journal.db");
	free(p);
	p = limber_journal_default_path("", "/home/a");
	assert_string_equal(p, "/home/a/.local/share/limber/journal.db");
	free(p);
	p = limber_journal_default_path(NULL, "/home/a");
	assert_string_equal(p, "/home/a/.local/share/limber/journal.db");
	free(p);
	assert_null(limber_journal_default_path(NULL, NULL));
	assert_null(limber_journal_default_path("rel", "also-rel"));
}

/* ------------------------------------------------------------------ */
/* Recording and recovering.                                           */

static int64_t alive_pid;

static bool
alive(int pid)
{
	return pid == alive_pid;
}

static void
test_recover_marks_dead_sessions_interrupted_and_keeps_their_rows(void **state)
{
	struct fixture *f = *state;
	struct limber_journal_data *d;
	int64_t dead = 0, live = 0;
	int count = -1;
	char *cause = NULL;

	OK(limber_journal_session_begin(f->j, T0, f->plan, 0, 4001, &dead,
	    &cause_));
	add_pain(f->j, dead, T0, LIMBER_SCORE_BEFORE, 3);
	add_stretch(f->j, dead, T0 + 100, "neck-rolls", false);
	OK(limber_journal_session_progress(f->j, dead, T0 + 130, 4, &cause_));
	add_pain(f->j, dead, T0 + 140, LIMBER_SCORE_DURING, 4);
	OK(limber_journal_session_begin(f->j, T0 + 500, f->plan, 0, 4002,
	    &live, &cause_));

	alive_pid = 4002;
	OK(limber_journal_recover(f->j, alive, &count, &cause_));
	assert_int_equal(count, 1);
	d = load(f->j);
	assert_int_equal(d->nsessions, 2);
	assert_int_equal(d->sessions[0].state, LIMBER_RECORD_INTERRUPTED);
	assert_int_equal(d->sessions[0].last_step, 4);
	assert_int_equal(d->sessions[0].ended, T0 + 140);
	assert_int_equal(d->sessions[0].nstretches, 1);
	assert_string_equal(d->sessions[0].stretches[0].stretch, "neck-rolls");
	assert_int_equal(d->sessions[0].npain, 2);
	/* Its last score (4, during) was above the one before (3). */
	assert_int_equal(d->sessions[0].effect, LIMBER_EFFECT_WORSE);
	assert_int_equal(d->sessions[1].state, LIMBER_RECORD_RUNNING);
	limber_journal_data_free(d);

	/* An interrupted session is over: nothing more goes into it. */
	struct limber_stretch_done sd = { .stretch = "neck-rolls", .reps = 1,
	    .sides = 1 };
	EXPECT_FAIL(limber_journal_add_stretch(f->j, dead, T0 + 900, &sd,
	    &cause), LIMBER_ERR_INVALID, "not running");
	/* A second recover finds nothing more; the live one ends normally. */
	OK(limber_journal_recover(f->j, alive, &count, &cause_));
	assert_int_equal(count, 0);
	OK(limber_journal_session_end(f->j, live, T0 + 900, LIMBER_RECORD_DONE,
	    NULL, f->cat, &cause_));
	alive_pid = 0;
}

static void
test_recover_after_reopen_like_a_killed_coach(void **state)
{
	struct fixture *f = *state;
	struct limber_journal_data *d;
	int64_t id = 0;
	int count = 0;

	OK(limber_journal_session_begin(f->j, T0, f->plan, 0, 4003, &id,
	    &cause_));
	add_stretch(f->j, id, T0 + 50, "neck-rolls", false);
	OK(limber_journal_session_progress(f->j, id, T0 + 60, 2, &cause_));
	/* The coach dies without closing: another process opens the file. */
	struct limber_journal *other = must_open(f->path);
	OK(limber_journal_recover(other, alive, &count, &cause_));
	assert_int_equal(count, 1);
	d = load(other);
	assert_int_equal(d->sessions[0].state, LIMBER_RECORD_INTERRUPTED);
	assert_int_equal(d->sessions[0].last_step, 2);
	assert_int_equal(d->sessions[0].ended, T0 + 60);
	limber_journal_data_free(d);
	limber_journal_close(other);
}

static void
test_recording_refuses_bad_input_and_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct limber_pain_entry p = { .at = T0, .value = 11,
	    .kind = LIMBER_SCORE_LOGGED };
	struct limber_answers ans = { .pain = 3, .area = LIMBER_AREA_LOWER };
	const char *yes[] = { "not-a-question" };
	struct limber_journal_data *d;
	int64_t id = 0;
	char *cause = NULL;

	EXPECT_FAIL(limber_journal_add_pain(f->j, &p, NULL, &cause),
	    LIMBER_ERR_INVALID, "from 0 to 10");
	p.value = 3;
	p.session = 5;
	EXPECT_FAIL(limber_journal_add_pain(f->j, &p, NULL, &cause),
	    LIMBER_ERR_INVALID, "belongs to no session");
	p.session = 0;
	p.kind = LIMBER_SCORE_BEFORE;
	EXPECT_FAIL(limber_journal_add_pain(f->j, &p, NULL, &cause),
	    LIMBER_ERR_INVALID, "every other kind");
	p.kind = LIMBER_SCORE_LOGGED;
	p.note = "\xff\xfe";
	EXPECT_FAIL(limber_journal_add_pain(f->j, &p, NULL, &cause),
	    LIMBER_ERR_INVALID, "UTF-8");
	EXPECT_FAIL(limber_journal_add_note(f->j, T0, 0, "", &cause),
	    LIMBER_ERR_INVALID, "not empty");
	ans.yes = yes;
	ans.nyes = 1;
	EXPECT_FAIL(limber_journal_add_screening(f->j, T0, &ans,
	    LIMBER_LEVEL_GO, NULL, &cause), LIMBER_ERR_INVALID,
	    "not-a-question");
	ans.nyes = 0;
	ans.pain = -1;
	EXPECT_FAIL(limber_journal_add_screening(f->j, T0, &ans,
	    LIMBER_LEVEL_GO, NULL, &cause), LIMBER_ERR_INVALID,
	    "pain");

	OK(limber_journal_session_begin(f->j, T0, f->plan, 0, 1, &id, &cause_));
	EXPECT_FAIL(limber_journal_session_end(f->j, id, T0 + 5,
	    LIMBER_RECORD_STOPPED, NULL, f->cat, &cause), LIMBER_ERR_INVALID, "reason");
	EXPECT_FAIL(limber_journal_session_end(f->j, id, T0 + 5,
	    LIMBER_RECORD_RUNNING, NULL, f->cat, &cause), LIMBER_ERR_INVALID, "done, stopped or interrupted");
	EXPECT_FAIL(limber_journal_session_progress(f->j, id, T0, -2, &cause),
	    LIMBER_ERR_INVALID, "-1 or more");
	EXPECT_FAIL(limber_journal_session_begin(f->j, T0, f->plan, 77, 1,
	    NULL, &cause), LIMBER_ERR_INVALID, "breaks a rule");
	OK(limber_journal_session_end(f->j, id, T0 + 5, LIMBER_RECORD_DONE,
	    NULL, f->cat, &cause_));
	EXPECT_FAIL(limber_journal_session_end(f->j, id, T0 + 6,
	    LIMBER_RECORD_DONE, NULL, f->cat, &cause), LIMBER_ERR_INVALID, "not running");
	p.kind = LIMBER_SCORE_AFTER;
	p.session = id;
	p.note = NULL;
	EXPECT_FAIL(limber_journal_add_pain(f->j, &p, NULL, &cause),
	    LIMBER_ERR_INVALID, "not running");

	d = load(f->j);
	assert_int_equal(d->nscreenings, 0);
	assert_int_equal(d->npain, 0);
	assert_int_equal(d->nnotes, 0);
	assert_int_equal(d->nsessions, 1);
	assert_int_equal(d->sessions[0].npain, 0);
	limber_journal_data_free(d);
}

/*
 * The journal's own limit on notes (LIMBER_NOTE_MAX), whichever way a note
 * comes: on its own, with a pain score or with a clearance. The front ends
 * refuse a longer one first; the library must not rely on them.
 */
static void
test_notes_longer_than_the_limit_are_refused(void **state)
{
	struct fixture *f = *state;
	char *longest = xmalloc(LIMBER_NOTE_MAX + 2);
	struct limber_pain_entry p = {
		.at = T0,
		.value = 3,
		.kind = LIMBER_SCORE_LOGGED,
	};
	struct limber_journal_data *d;
	char *cause = NULL;

	memset(longest, 'a', LIMBER_NOTE_MAX + 1);
	longest[LIMBER_NOTE_MAX + 1] = '\0';
	p.note = longest;
	EXPECT_FAIL(limber_journal_add_note(f->j, T0, 0, longest, &cause),
	    LIMBER_ERR_INVALID, "at most 2000 bytes long, not 2001");
	EXPECT_FAIL(limber_journal_add_pain(f->j, &p, NULL, &cause),
	    LIMBER_ERR_INVALID, "at most 2000 bytes");
	EXPECT_FAIL(limber_journal_add_clearance(f->j, T0, longest, &cause),
	    LIMBER_ERR_INVALID, "at most 2000 bytes");
	d = load(f->j);
	assert_true(limber_journal_data_empty(d));
	limber_journal_data_free(d);

	/* One byte less is the longest note taken, each way. */
	longest[LIMBER_NOTE_MAX] = '\0';
	OK(limber_journal_add_note(f->j, T0, 0, longest, &cause_));
	OK(limber_journal_add_pain(f->j, &p, NULL, &cause_));
	OK(limber_journal_add_clearance(f->j, T0, longest, &cause_));
	d = load(f->j);
	assert_int_equal(d->nnotes, 1);
	assert_int_equal(strlen(d->notes[0].text), LIMBER_NOTE_MAX);
	assert_int_equal(d->npain, 1);
	assert_int_equal(strlen(d->pain[0].note), LIMBER_NOTE_MAX);
	assert_int_equal(d->nclearances, 1);
	assert_int_equal(strlen(d->clearances[0].note), LIMBER_NOTE_MAX);
	limber_journal_data_free(d);
	free(longest);
}

static void
test_session_keeps_its_plan_screening_and_every_part(void **state)
{
	struct fixture *f = *state;
	struct limber_answers ans = { .pain = 3, .area = LIMBER_AREA_LOWER };
	const char *yes[] = { "knee-problem", "pregnancy" };
	struct limber_journal_data *d;
	struct limber_last_screening last;
	int64_t sid = 0, id = 0;
	json_t *plan, *want;

	ans.yes = yes;
	ans.nyes = 2;
	OK(limber_journal_add_screening(f->j, T0, &ans, LIMBER_LEVEL_CAUTION,
	    &sid, &cause_));
	OK(limber_journal_session_begin(f->j, T0 + 60, f->plan, sid, 1, &id,
	    &cause_));
	add_pain(f->j, id, T0 + 60, LIMBER_SCORE_BEFORE, 3);
	add_stretch(f->j, id, T0 + 120, "childs-pose", true);
	OK(limber_journal_add_note(f->j, T0 + 130, id, "felt fine", &cause_));
	add_pain(f->j, id, T0 + 200, LIMBER_SCORE_AFTER, 4);
	OK(limber_journal_session_end(f->j, id, T0 + 210,
	    LIMBER_RECORD_STOPPED, "I had to go", f->cat, &cause_));

	d = load(f->j);
	assert_int_equal(d->nscreenings, 1);
	assert_int_equal(d->screenings[0].nyes, 2);
	assert_string_equal(d->screenings[0].yes[1], "pregnancy");
	assert_int_equal(d->screenings[0].verdict, LIMBER_LEVEL_CAUTION);
	assert_int_equal(d->nsessions, 1);
	assert_int_equal(d->sessions[0].screening, 0);
	assert_string_equal(d->sessions[0].reason, "I had to go");
	assert_true(d->sessions[0].stretches[0].skipped);
	assert_string_equal(d->sessions[0].notes[0].text, "felt fine");
	assert_int_equal(d->sessions[0].effect, LIMBER_EFFECT_WORSE);
	plan = json_loads(d->sessions[0].plan, 0, NULL);
	want = limber_plan_to_json(f->plan);
	assert_true(json_equal(plan, want));
	json_decref(plan);
	json_decref(want);
	limber_journal_data_free(d);

	OK(limber_journal_last_screening(f->j, LATER, &last, &cause_));
	assert_true(last.found);
	assert_int_equal(last.at, T0);
	assert_int_equal(last.verdict, LIMBER_LEVEL_CAUTION);
	assert_true(limber_screening_fresh(&last, T0 + 12 * 3600));
	assert_false(limber_screening_fresh(&last, T0 + 12 * 3600 + 1));
	last.verdict = LIMBER_LEVEL_SEE_CLINICIAN;
	assert_false(limber_screening_fresh(&last, T0 + 60));
}

static void
test_last_screening_of_empty_journal_is_not_found(void **state)
{
	struct fixture *f = *state;
	struct limber_last_screening last;

	OK(limber_journal_last_screening(f->j, LATER, &last, &cause_));
	assert_false(last.found);
	assert_false(limber_screening_fresh(&last, T0));
}

/* ------------------------------------------------------------------ */
/* The rules, pure.                                                    */

static void
test_effect_of_a_session(void **state)
{
	(void)state;
	assert_int_equal(limber_session_effect(LIMBER_RECORD_DONE, 3, 3,
	    LIMBER_NEXT_DAY_UNASKED), LIMBER_EFFECT_COMFORTABLE);
	assert_int_equal(limber_session_effect(LIMBER_RECORD_DONE, 3, 2,
	    LIMBER_NEXT_DAY_SETTLED), LIMBER_EFFECT_COMFORTABLE);
	assert_int_equal(limber_session_effect(LIMBER_RECORD_DONE, 3, 4,
	    LIMBER_NEXT_DAY_UNASKED), LIMBER_EFFECT_WORSE);
	assert_int_equal(limber_session_effect(LIMBER_RECORD_STOPPED, 3, 5,
	    LIMBER_NEXT_DAY_UNASKED), LIMBER_EFFECT_WORSE);
	assert_int_equal(limber_session_effect(LIMBER_RECORD_STOPPED, 3, 3,
	    LIMBER_NEXT_DAY_UNASKED), LIMBER_EFFECT_NEUTRAL);
	assert_int_equal(limber_session_effect(LIMBER_RECORD_DONE, 3, 2,
	    LIMBER_NEXT_DAY_UNSETTLED), LIMBER_EFFECT_WORSE);
	assert_int_equal(limber_session_effect(LIMBER_RECORD_DONE, -1, 2,
	    LIMBER_NEXT_DAY_UNASKED), LIMBER_EFFECT_NEUTRAL);
	assert_int_equal(limber_session_effect(LIMBER_RECORD_DONE, 2, -1,
	    LIMBER_NEXT_DAY_UNASKED), LIMBER_EFFECT_NEUTRAL);
	assert_int_equal(limber_session_effect(LIMBER_RECORD_INTERRUPTED, 2, 2,
	    LIMBER_NEXT_DAY_UNASKED), LIMBER_EFFECT_NEUTRAL);
	assert_int_equal(limber_session_effect(LIMBER_RECORD_RUNNING, 2, 5,
	    LIMBER_NEXT_DAY_UNASKED), LIMBER_EFFECT_NEUTRAL);
	assert_true(limber_session_better(LIMBER_RECORD_DONE, 4, 3,
	    LIMBER_NEXT_DAY_UNASKED));
	assert_false(limber_session_better(LIMBER_RECORD_DONE, 3, 3,
	    LIMBER_NEXT_DAY_UNASKED));
	assert_false(limber_session_better(LIMBER_RECORD_DONE, 4, 3,
	    LIMBER_NEXT_DAY_UNSETTLED));
}

static void
test_progress_three_comfortable_add_one_up_to_max(void **state)
{
	struct limber_range r = { .start = 2, .min = 1, .max = 4 };
	struct limber_progress p = { .reps = 2, .streak = 0 };

	(void)state;
	p = limber_progress_next(p, LIMBER_EFFECT_COMFORTABLE, &r);
	p = limber_progress_next(p, LIMBER_EFFECT_COMFORTABLE, &r);
	assert_int_equal(p.reps, 2);
	assert_int_equal(p.streak, 2);
	p = limber_progress_next(p, LIMBER_EFFECT_COMFORTABLE, &r);
	assert_int_equal(p.reps, 3);
	assert_int_equal(p.streak, 0);
	for (int i = 0; i < 3; i++)
		p = limber_progress_next(p, LIMBER_EFFECT_COMFORTABLE, &r);
	assert_int_equal(p.reps, 4);
	for (int i = 0; i < 9; i++)
		p = limber_progress_next(p, LIMBER_EFFECT_COMFORTABLE, &r);
	assert_int_equal(p.reps, 4);	/* never past max */
}

static void
test_progress_worse_takes_one_off_down_to_min_and_neutral_resets(void **state)
{
	struct limber_range r = { .start = 2, .min = 1, .max = 4 };
	struct limber_progress p = { .reps = 2, .streak = 2 };

	(void)state;
	p = limber_progress_next(p, LIMBER_EFFECT_WORSE, &r);
	assert_int_equal(p.reps, 1);
	assert_int_equal(p.streak, 0);
	p = limber_progress_next(p, LIMBER_EFFECT_WORSE, &r);
	assert_int_equal(p.reps, 1);	/* never below min */
	/* Two comfortable, a neutral, then two more: no rise yet. */
	p = limber_progress_next(p, LIMBER_EFFECT_COMFORTABLE, &r);
	p = limber_progress_next(p, LIMBER_EFFECT_COMFORTABLE, &r);
	p = limber_progress_next(p, LIMBER_EFFECT_NEUTRAL, &r);
	assert_int_equal(p.streak, 0);
	p = limber_progress_next(p, LIMBER_EFFECT_COMFORTABLE, &r);
	p = limber_progress_next(p, LIMBER_EFFECT_COMFORTABLE, &r);
	assert_int_equal(p.reps, 1);
	p = limber_progress_next(p, LIMBER_EFFECT_COMFORTABLE, &r);
	assert_int_equal(p.reps, 2);
}

static void
test_progress_clamps_a_dose_outside_the_range_first(void **state)
{
	struct limber_range r = { .start = 3, .min = 2, .max = 5 };
	struct limber_progress p = { .reps = 9, .streak = 0 };

	(void)state;
	p = limber_progress_next(p, LIMBER_EFFECT_WORSE, &r);
	assert_int_equal(p.reps, 4);	/* 9 -> 5 (max) -> 4 */
	p.reps = 0;
	p = limber_progress_next(p, LIMBER_EFFECT_NEUTRAL, &r);
	assert_int_equal(p.reps, 2);
	p.reps = 7;
	p.streak = 2;
	p = limber_progress_next(p, LIMBER_EFFECT_COMFORTABLE, &r);
	assert_int_equal(p.reps, 5);
}

static void
test_worse_rule_two_within_seven_days_until_better_or_cleared(void **state)
{
	struct limber_course_event ev[4];

	(void)state;
	ev[0] = (struct limber_course_event){ T0, LIMBER_COURSE_WORSE };
	assert_false(limber_worse_after_sessions(ev, 1));
	ev[1] = (struct limber_course_event){ T0 + 7 * DAY, LIMBER_COURSE_WORSE };
	assert_true(limber_worse_after_sessions(ev, 2));
	ev[1].at = T0 + 7 * DAY + 1;
	assert_false(limber_worse_after_sessions(ev, 2));
	/* Order does not matter; the flag does not wear off with time. */
	ev[1] = ev[0];
	ev[0] = (struct limber_course_event){ T0 + 3 * DAY, LIMBER_COURSE_WORSE };
	assert_true(limber_worse_after_sessions(ev, 2));
	ev[2] = (struct limber_course_event){ T0 + 4 * DAY, LIMBER_COURSE_BETTER };
	assert_false(limber_worse_after_sessions(ev, 3));
	ev[2].kind = LIMBER_COURSE_CLEARED;
	assert_false(limber_worse_after_sessions(ev, 3));
	/* A clearance between the two worse ones: they do not pair. */
	ev[2].at = T0 + DAY;
	assert_false(limber_worse_after_sessions(ev, 3));
	/* At the same second, worse counts after the clearance. */
	ev[2].at = T0 + 3 * DAY;
	ev[3] = (struct limber_course_event){ T0 + 5 * DAY, LIMBER_COURSE_WORSE };
	assert_true(limber_worse_after_sessions(ev, 4));
	assert_false(limber_worse_after_sessions(NULL, 0));
}

/* ------------------------------------------------------------------ */
/* The rules through the journal.                                      */

static void
test_three_comfortable_sessions_add_a_repetition_then_worse_removes_it(void **state)
{
	struct fixture *f = *state;
	const struct limber_stretch *nr = limber_catalog_find(f->cat,
	    "neck-rolls");

	assert_int_equal(dose_of(f->j, "neck-rolls"), -1);
	session(f, T0, 3, 3, LIMBER_RECORD_DONE);
	session(f, T0 + DAY, 3, 2, LIMBER_RECORD_DONE);
	assert_int_equal(dose_of(f->j, "neck-rolls"), nr->reps.start);
	session(f, T0 + 2 * DAY, 3, 3, LIMBER_RECORD_DONE);
	assert_int_equal(dose_of(f->j, "neck-rolls"), nr->reps.start + 1);
	session(f, T0 + 3 * DAY, 3, 4, LIMBER_RECORD_DONE);
	assert_int_equal(dose_of(f->j, "neck-rolls"), nr->reps.start);
	/* A stopped session that was not worse resets the count. */
	session(f, T0 + 4 * DAY, 3, 3, LIMBER_RECORD_DONE);
	session(f, T0 + 5 * DAY, 3, 3, LIMBER_RECORD_DONE);
	session(f, T0 + 6 * DAY, 3, 3, LIMBER_RECORD_STOPPED);
	session(f, T0 + 7 * DAY, 3, 3, LIMBER_RECORD_DONE);
	assert_int_equal(dose_of(f->j, "neck-rolls"), nr->reps.start);
}

static void
test_doses_go_no_higher_than_the_catalog_max_and_feed_the_planner(void **state)
{
	struct fixture *f = *state;
	const struct limber_stretch *cp = limber_catalog_find(f->cat,
	    "childs-pose");
	struct limber_request req = {
		.area = LIMBER_AREA_BOTH, .minutes = 30,
		.context = LIMBER_CONTEXT_GENERAL,
	};
	struct limber_plan *p = NULL;
	struct limber_dose *d = NULL;
	size_t n = 0;
	char *cause = NULL;

	for (int i = 0; i < 3 * 10; i++)
		session(f, T0 + i * DAY, 2, 2, LIMBER_RECORD_DONE);
	assert_int_equal(dose_of(f->j, "childs-pose"), cp->reps.max);
	OK(limber_journal_doses(f->j, &d, &n, &cause_));
	req.doses = d;
	req.ndoses = n;
	assert_int_equal(limber_plan_build(f->cat, &req, &p, &cause), LIMBER_OK);
	for (size_t i = 0; i < p->nitems; i++) {
		if (strcmp(p->items[i].stretch->id, "childs-pose") == 0)
			assert_int_equal(p->items[i].reps, cp->reps.max);
	}
	limber_plan_free(p);
	limber_doses_free(d, n);
	/* Worse, many times: down to the minimum and no further. */
	for (int i = 0; i < 10; i++)
		session(f, T0 + (40 + i) * DAY, 2, 5, LIMBER_RECORD_DONE);
	assert_int_equal(dose_of(f->j, "childs-pose"), cp->reps.min);
}

/* The journal's plan history (docs/planner.md, "Variety", "Progression"). */

static struct limber_plan_history
history_at(struct fixture *f, int64_t now)
{
	struct limber_plan_history h;

	OK(limber_journal_plan_history(f->j, now, &h, &cause_));
	return h;
}

/* Seconds ago the history says id was done; -1: not listed. */
static int64_t
ago_of(const struct limber_plan_history *h, const char *id)
{
	for (size_t i = 0; i < h->nrecent; i++) {
		if (strcmp(h->recent[i].stretch, id) == 0)
			return h->recent[i].ago_s;
	}
	return -1;
}

/* A done session with these scores, one stretch at start + 60. */
static void
one_stretch_session(struct fixture *f, int64_t start, int before, int after,
    const char *id, bool skipped)
{
	int64_t sid = 0;

	OK(limber_journal_session_begin(f->j, start, f->plan, 0, 1, &sid,
	    &cause_));
	add_pain(f->j, sid, start, LIMBER_SCORE_BEFORE, before);
	add_stretch(f->j, sid, start + 60, id, skipped);
	add_pain(f->j, sid, start + 300, LIMBER_SCORE_AFTER, after);
	OK(limber_journal_session_end(f->j, sid, start + 600,
	    LIMBER_RECORD_DONE, NULL, f->cat, &cause_));
}

/*
 * The stage is replayed over the sessions in the order they started, not
 * the order they were written: the last of eight comfortable daily
 * sessions written first still makes the eighth day the one the stage
 * rises on (written order would see the week run backwards and keep it
 * gentle). A worse session takes it back a stage.
 */
static void
test_plan_history_replays_the_stage_in_the_order_sessions_started(void **state)
{
	struct fixture *f = *state;
	struct limber_plan_history h = history_at(f, LATER);
	struct limber_stage s = { .level = 0 };

	/* An empty journal: gentle, nothing done. */
	assert_int_equal(h.stage, LIMBER_STAGE_GENTLE);
	assert_int_equal(h.nrecent, 0);
	limber_plan_history_release(&h);

	session(f, T0 + 7 * DAY, 3, 3, LIMBER_RECORD_DONE);
	for (int d = 0; d < 7; d++) {
		session(f, T0 + d * DAY, 3, 2, LIMBER_RECORD_DONE);
		/* The rule over days 0..d and 7, in the order they started. */
		s = (struct limber_stage){ .level = 0 };
		for (int k = 0; k <= d; k++)
			s = limber_stage_next(s, LIMBER_EFFECT_COMFORTABLE,
			    T0 + k * DAY);
		s = limber_stage_next(s, LIMBER_EFFECT_COMFORTABLE,
		    T0 + 7 * DAY);
		h = history_at(f, LATER);
		assert_int_equal(h.stage, s.level);
		limber_plan_history_release(&h);
	}
	/* Eight comfortable days in a row: the building stage. */
	assert_int_equal(s.level, LIMBER_STAGE_BUILDING);

	/* Stopped without worse pain: neutral, nothing changes. */
	session(f, T0 + 8 * DAY, 3, 3, LIMBER_RECORD_STOPPED);
	h = history_at(f, LATER);
	assert_int_equal(h.stage, LIMBER_STAGE_BUILDING);
	limber_plan_history_release(&h);

	/* Worse: back to gentle. */
	session(f, T0 + 9 * DAY, 3, 5, LIMBER_RECORD_DONE);
	h = history_at(f, LATER);
	assert_int_equal(h.stage, LIMBER_STAGE_GENTLE);
	limber_plan_history_release(&h);
}

/*
 * When each exercise was last done: the latest record not skipped, counted
 * back from now; a skipped one does not count, an exercise only ever
 * skipped is not listed, and a record dated after now (a clock put back)
 * counts as just done, never as a time to come.
 */
static void
test_plan_history_says_when_each_exercise_was_last_done(void **state)
{
	struct fixture *f = *state;
	struct limber_plan_history h;
	int64_t now = T0 + 10 * DAY;

	one_stretch_session(f, T0, 3, 3, "pelvic-tilt", false);
	one_stretch_session(f, T0 + 2 * DAY, 3, 3, "neck-rolls", false);
	/* Later, but skipped: the tilt was last done on day 0. */
	one_stretch_session(f, T0 + 3 * DAY, 3, 3, "pelvic-tilt", true);
	one_stretch_session(f, T0 + 4 * DAY, 3, 3, "chin-tuck", true);
	/* Written last, done earlier: the neck rolls stay at day 2. */
	one_stretch_session(f, T0 + DAY, 3, 3, "neck-rolls", false);

	h = history_at(f, now);
	assert_int_equal(h.nrecent, 2);
	assert_true(ago_of(&h, "pelvic-tilt") == now - (T0 + 60));
	assert_true(ago_of(&h, "neck-rolls") == now - (T0 + 2 * DAY + 60));
	assert_true(ago_of(&h, "chin-tuck") == -1);
	limber_plan_history_release(&h);

	/* A day later, each a day longer ago. */
	h = history_at(f, now + DAY);
	assert_true(ago_of(&h, "pelvic-tilt") == now + DAY - (T0 + 60));
	assert_true(ago_of(&h, "neck-rolls") ==
	    now + DAY - (T0 + 2 * DAY + 60));
	limber_plan_history_release(&h);

	/* now before the neck rolls' record: 0, not a negative time. */
	h = history_at(f, T0 + DAY);
	assert_true(ago_of(&h, "neck-rolls") == 0);
	assert_true(ago_of(&h, "pelvic-tilt") == DAY - 60);
	for (size_t i = 0; i < h.nrecent; i++)
		assert_true(h.recent[i].ago_s >= 0);
	limber_plan_history_release(&h);
	/* Released twice is harmless: it is emptied. */
	limber_plan_history_release(&h);
	assert_int_equal(h.nrecent, 0);
}

static void
test_skipped_stretches_keep_their_dose(void **state)
{
	struct fixture *f = *state;
	int64_t id = 0;

	for (int i = 0; i < 3; i++) {
		OK(limber_journal_session_begin(f->j, T0 + i * DAY, f->plan, 0,
		    1, &id, &cause_));
		add_pain(f->j, id, T0 + i * DAY, LIMBER_SCORE_BEFORE, 3);
		add_stretch(f->j, id, T0 + i * DAY + 5, "neck-rolls", false);
		add_stretch(f->j, id, T0 + i * DAY + 6, "pelvic-tilt", true);
		add_pain(f->j, id, T0 + i * DAY + 9, LIMBER_SCORE_AFTER, 1);
		OK(limber_journal_session_end(f->j, id, T0 + i * DAY + 10,
		    LIMBER_RECORD_DONE, NULL, f->cat, &cause_));
	}
	assert_int_equal(dose_of(f->j, "neck-rolls"), 3);
	assert_int_equal(dose_of(f->j, "pelvic-tilt"), -1);
}

static void
test_two_worse_sessions_within_a_week_raise_the_flag_and_check_says_clinician(void **state)
{
	struct fixture *f = *state;
	struct limber_answers ans = { .pain = 2, .area = LIMBER_AREA_LOWER };
	struct limber_verdict *v = NULL;
	char *cause = NULL;

	session(f, T0, 3, 5, LIMBER_RECORD_DONE);
	assert_false(worse_flag(f->j));
	session(f, T0 + 8 * DAY, 3, 5, LIMBER_RECORD_DONE);
	assert_false(worse_flag(f->j));	/* 8 days apart */
	session(f, T0 + 10 * DAY, 3, 4, LIMBER_RECORD_STOPPED);
	assert_true(worse_flag(f->j));

	OK(limber_journal_worse_flag(f->j, LATER, &ans.worse_after_sessions,
	    &cause_));
	assert_int_equal(limber_screen(f->cat, &ans, &v, &cause), LIMBER_OK);
	assert_int_equal(v->level, LIMBER_LEVEL_SEE_CLINICIAN);
	assert_string_equal(v->reasons[0].id, "worse-after-sessions");
	limber_verdict_free(v);

	/* It does not wear off: weeks later, still set. */
	session(f, T0 + 40 * DAY, 3, 3, LIMBER_RECORD_DONE);
	assert_true(worse_flag(f->j));	/* comfortable is not better */
	session(f, T0 + 41 * DAY, 3, 2, LIMBER_RECORD_DONE);
	assert_false(worse_flag(f->j));	/* a better session ends it */
}

/* A session stopped with no scores after, by a warning or by the person. */
static int64_t
stopped_session(struct fixture *f, int64_t start, int before,
    const char *reason)
{
	int64_t id = 0;
	char *cause = NULL;

	if (limber_journal_session_begin(f->j, start, f->plan, 0, 1, &id,
		&cause) != LIMBER_OK)
		fail_msg("begin: %s", cause);
	add_pain(f->j, id, start, LIMBER_SCORE_BEFORE, before);
	if (limber_journal_session_end(f->j, id, start + 30,
		LIMBER_RECORD_STOPPED, reason, f->cat, &cause) != LIMBER_OK)
		fail_msg("end: %s", cause);
	return id;
}

/*
 * docs/safety.md: a warning stop counts as a worse session, whatever the
 * scores (none after here): two within 7 days raise the flag, alone or
 * with one session that left the pain worse. A stop by the person does not.
 */
static void
test_warning_stops_count_as_worse_sessions(void **state)
{
	struct fixture *f = *state;
	struct limber_journal_data *d = NULL;

	stopped_session(f, T0, 2, "user: you stopped the session");
	stopped_session(f, T0 + DAY, 2, "user: you stopped the session");
	assert_false(worse_flag(f->j));
	stopped_session(f, T0 + 2 * DAY, 2,
	    LIMBER_WARNING_STOP_REASON " dizziness");
	assert_false(worse_flag(f->j));
	stopped_session(f, T0 + 8 * DAY, 2,
	    LIMBER_WARNING_STOP_REASON " new numbness or tingling");
	assert_true(worse_flag(f->j));
	OK(limber_journal_load(f->j, 0, &d, &cause_));
	assert_int_equal(d->nsessions, 4);
	assert_int_equal(d->sessions[0].effect, LIMBER_EFFECT_NEUTRAL);
	assert_int_equal(d->sessions[2].effect, LIMBER_EFFECT_WORSE);
	assert_int_equal(d->sessions[3].effect, LIMBER_EFFECT_WORSE);
	limber_journal_data_free(d);

	OK(limber_journal_add_clearance(f->j, T0 + 9 * DAY, "physio: fine",
	    &cause_));
	assert_false(worse_flag(f->j));
	/* One warning stop and one worse session within 7 days. */
	session(f, T0 + 10 * DAY, 3, 5, LIMBER_RECORD_DONE);
	assert_false(worse_flag(f->j));
	stopped_session(f, T0 + 12 * DAY, 3,
	    LIMBER_WARNING_STOP_REASON " sharp, shooting or electric pain");
	assert_true(worse_flag(f->j));
}

/*
 * The history a page at a time: sessions and scores logged by hand
 * together, newest first by time, kind and id, so that pages of 2 give
 * each item once, in order, even among items of the same second, and
 * nothing before since.
 */
static void
test_history_pages_give_each_item_once(void **state)
{
	struct fixture *f = *state;
	struct limber_history_cursor next, *before = NULL;
	struct limber_journal_data *d;
	int64_t s1, s2, s3;
	bool more = true;
	/* Per page: its sessions' ids and its scores' values. */
	int64_t want_sessions[4][2], got;
	int want_scores[4][2];
	int page = 0;

	s1 = session(f, T0 + 100, 2, 2, LIMBER_RECORD_DONE);
	s2 = session(f, T0 + 100, 2, 2, LIMBER_RECORD_DONE);
	s3 = session(f, T0 + 400, 2, 2, LIMBER_RECORD_DONE);
	add_pain(f->j, 0, T0 + 100, LIMBER_SCORE_LOGGED, 1);
	add_pain(f->j, 0, T0 + 150, LIMBER_SCORE_LOGGED, 2);
	add_pain(f->j, 0, T0 + 150, LIMBER_SCORE_LOGGED, 3);
	add_pain(f->j, 0, T0 + 300, LIMBER_SCORE_LOGGED, 4);
	add_pain(f->j, 0, T0 - 1000, LIMBER_SCORE_LOGGED, 9);
	/* s3 and 4; 3 and 2; 1 and s2 (a score after a session at one time);
	   s1. 0: none. */
	memcpy(want_sessions,
	    (int64_t[4][2]){ { s3, 0 }, { 0, 0 }, { s2, 0 }, { s1, 0 } },
	    sizeof want_sessions);
	memcpy(want_scores,
	    (int[4][2]){ { 4, -1 }, { 2, 3 }, { 1, -1 }, { -1, -1 } },
	    sizeof want_scores);
	while (more) {
		assert_true(page < 4);
		OK(limber_journal_load_page(f->j, T0, before, 2, &d, &next,
		    &more, &cause_));
		assert_int_equal(d->nsessions + d->npain, page < 3 ? 2 : 1);
		for (size_t i = 0; i < 2; i++) {
			got = i < d->nsessions ? d->sessions[i].id : 0;
			assert_int_equal(got, want_sessions[page][i]);
			got = i < d->npain ? d->pain[i].value : -1;
			assert_int_equal(got, want_scores[page][i]);
		}
		/* Whole sessions, as limber_journal_load gives them. */
		for (size_t i = 0; i < d->nsessions; i++)
			assert_int_equal(d->sessions[i].nstretches, 2);
		assert_int_equal(d->nscreenings + d->nnotes, 0);
		limber_journal_data_free(d);
		before = &next;
		page++;
	}
	assert_int_equal(page, 4);
	/* All at once: the same seven. */
	OK(limber_journal_load_page(f->j, T0, NULL, 500, &d, &next, &more,
	    &cause_));
	assert_false(more);
	assert_int_equal(d->nsessions, 3);
	assert_int_equal(d->npain, 4);
	limber_journal_data_free(d);
}

/* Every cue queued by s, to r at wall time at; *given counts them. */
static void
record_cues(struct limber_recorder *r, struct limber_session *s, int64_t at,
    size_t *given)
{
	const struct limber_cue *cues;
	size_t n = limber_session_cues(s, &cues);

	for (size_t i = 0; i < n; i++)
		limber_recorder_cue(r, s, &cues[i], at);
	*given += n;
}

/*
 * A session recorded while another program holds the journal (an import):
 * nothing is said saved until it is in, each record waits in order with
 * the time it happened, and after the release the journal holds the
 * session, its scores and its end, as if the lock had never been there.
 */
static void
test_records_refused_by_a_busy_journal_wait_and_go_in(void **state)
{
	struct fixture *f = *state;
	struct limber_session *s = NULL;
	struct limber_recorder *r;
	struct limber_journal_data *d = NULL;
	const struct limber_journal_session *js;
	sqlite3 *db;
	size_t given = 0, before;

	OK(limber_session_new(f->plan, 2, 0, &s, &cause_));
	r = limber_recorder_new(f->j, f->cat, f->plan, 2, LIMBER_AREA_LOWER, 0,
	    1);
	limber_recorder_defer(r, true);
	limber_journal_set_wait(f->j, 0);
	record_cues(r, s, T0, &given);
	before = given;
	OK(limber_recorder_flush(r));

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	    SQLITE_OK);
	OK(limber_session_input(s, LIMBER_INPUT_READY, 0, 1000, &cause_));
	limber_recorder_begin(r, T0 + 1);
	record_cues(r, s, T0 + 1, &given);
	OK(limber_session_input(s, LIMBER_INPUT_PAIN, 3, 2000, &cause_));
	record_cues(r, s, T0 + 2, &given);
	OK(limber_session_input(s, LIMBER_INPUT_STOP, 0, 3000, &cause_));
	record_cues(r, s, T0 + 3, &given);
	/* Queued, not tried yet (deferred): not refused. */
	assert_false(limber_recorder_refused(r));
	/* Refused, and kept: none of it is said saved. */
	assert_int_equal(limber_recorder_flush(r), LIMBER_ERR_IO);
	assert_true(limber_recorder_refused(r));
	assert_int_equal(limber_recorder_flush(r), LIMBER_ERR_IO);
	assert_true(limber_recorder_pending(r) >= 4);
	assert_int_equal(limber_recorder_saved(r), before);
	assert_int_equal(limber_recorder_session(r), 0);
	assert_non_null(limber_recorder_error(r));
	assert_non_null(strstr(limber_recorder_error(r), "busy"));
	assert_null(limber_recorder_lost(r));

	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	OK(limber_recorder_flush(r));
	assert_int_equal(limber_recorder_pending(r), 0);
	assert_int_equal(limber_recorder_saved(r), given);
	assert_true(limber_recorder_session(r) > 0);
	assert_null(limber_recorder_error(r));
	limber_recorder_free(r);
	limber_session_free(s);

	OK(limber_journal_load(f->j, 0, &d, &cause_));
	assert_int_equal(d->nsessions, 1);
	js = &d->sessions[0];
	assert_int_equal(js->state, LIMBER_RECORD_STOPPED);
	assert_int_equal(js->started, T0 + 1);
	assert_int_equal(js->ended, T0 + 3);
	assert_int_equal(js->before, 2);
	assert_int_equal(js->npain, 2);
	assert_int_equal(js->pain[1].value, 3);
	assert_int_equal(js->pain[1].at, T0 + 2);
	limber_journal_data_free(d);
}

/*
 * A record that can never go in (its session was ended by another
 * program) is given up and said, not retried for ever, and what comes
 * after it still goes in.
 */
static void
test_a_record_that_cannot_go_in_is_given_up(void **state)
{
	struct fixture *f = *state;
	struct limber_session *s = NULL;
	struct limber_recorder *r;
	size_t given = 0;

	OK(limber_session_new(f->plan, 2, 0, &s, &cause_));
	r = limber_recorder_new(f->j, f->cat, f->plan, 2, LIMBER_AREA_LOWER, 0,
	    1);
	limber_recorder_defer(r, true);
	record_cues(r, s, T0, &given);
	OK(limber_session_input(s, LIMBER_INPUT_READY, 0, 1000, &cause_));
	limber_recorder_begin(r, T0 + 1);
	record_cues(r, s, T0 + 1, &given);
	OK(limber_recorder_flush(r));
	sql_exec(f->path, "UPDATE session SET state = 'done', ended = updated");
	OK(limber_session_input(s, LIMBER_INPUT_PAIN, 3, 2000, &cause_));
	record_cues(r, s, T0 + 2, &given);
	OK(limber_recorder_flush(r));
	assert_int_equal(limber_recorder_pending(r), 0);
	assert_int_equal(limber_recorder_saved(r), given);
	assert_non_null(limber_recorder_lost(r));
	assert_non_null(strstr(limber_recorder_error(r), "not running"));
	limber_recorder_free(r);
	limber_session_free(s);
}

/*
 * The warning is journalled in every phase, the checklist included: a
 * session stopped there, before READY, is recorded as stopped with its
 * warning, and counts as worse.
 */
static void
test_a_warning_at_the_checklist_is_journalled(void **state)
{
	struct fixture *f = *state;
	struct limber_session *s = NULL;
	struct limber_recorder *r;
	struct limber_journal_data *d = NULL;
	const struct limber_cue *cues;
	size_t n;

	OK(limber_session_new(f->plan, 2, 0, &s, &cause_));
	r = limber_recorder_new(f->j, f->cat, f->plan, 2, LIMBER_AREA_LOWER, 0,
	    1);
	n = limber_session_cues(s, &cues);
	for (size_t i = 0; i < n; i++)
		limber_recorder_cue(r, s, &cues[i], T0);
	assert_int_equal(limber_recorder_session(r), 0);
	OK(limber_session_input(s, LIMBER_INPUT_WARNING,
	    LIMBER_WARNING_DIZZINESS, 1000, &cause_));
	n = limber_session_cues(s, &cues);
	for (size_t i = 0; i < n; i++)
		limber_recorder_cue(r, s, &cues[i], T0 + 1);
	assert_true(limber_recorder_session(r) > 0);
	assert_null(limber_recorder_error(r));
	limber_recorder_free(r);
	limber_session_free(s);

	OK(limber_journal_load(f->j, 0, &d, &cause_));
	assert_int_equal(d->nsessions, 1);
	assert_int_equal(d->sessions[0].state, LIMBER_RECORD_STOPPED);
	assert_string_equal(d->sessions[0].reason,
	    LIMBER_WARNING_STOP_REASON " dizziness");
	assert_int_equal(d->sessions[0].effect, LIMBER_EFFECT_WORSE);
	assert_int_equal(d->sessions[0].before, 2);
	limber_journal_data_free(d);
}

static struct limber_day_hold
hold_at(struct fixture *f, int64_t now)
{
	struct limber_day_hold h;

	OK(limber_journal_day_hold(f->j, now, &h, &cause_));
	return h;
}

static void
screened(struct fixture *f, int64_t at, const char *yes,
    enum limber_level level)
{
	const char *ids[] = { yes };
	struct limber_answers ans = {
		.pain = 2,
		.area = LIMBER_AREA_LOWER,
		.yes = ids,
		.nyes = 1,
	};
	int64_t id;

	OK(limber_journal_add_screening(f->j, at, &ans, level, &id, &cause_));
}

/*
 * docs/safety.md, "The rest of the day": an urgent or emergency verdict
 * holds the rest of its local day, until a later note calls it a mistake;
 * a warning stop holds it whatever is noted; see-clinician does not hold;
 * the next local day is free. The words say what was answered and what
 * to do.
 */
static void
test_day_hold_after_urgent_emergency_or_a_warning_stop(void **state)
{
	struct fixture *f = *state;
	int64_t noon = T0 + 12 * 3600, day = limber_local_day(noon);
	struct limber_day_hold h;
	char *text;

	/* A time with two hours of its local day either side, in any zone. */
	while (limber_local_day(noon - 7200) != limber_local_day(noon + 7200))
		noon += 3 * 3600;
	day = limber_local_day(noon);
	assert_int_equal(limber_local_day(noon - 3600), day);
	assert_int_equal(limber_local_day(noon + 3600), day);
	h = hold_at(f, noon);
	assert_false(h.held);
	screened(f, noon - 3600, "fever", LIMBER_LEVEL_SEE_CLINICIAN);
	h = hold_at(f, noon);
	assert_false(h.held);
	screened(f, noon - 1800, "progressive-weakness", LIMBER_LEVEL_URGENT);
	h = hold_at(f, noon);
	assert_true(h.held);
	assert_false(h.warning);
	assert_int_equal(h.level, LIMBER_LEVEL_URGENT);
	assert_int_equal(h.nyes, 1);
	assert_string_equal(h.yes[0], "progressive-weakness");
	text = limber_day_hold_text(&h, "11:30");
	assert_non_null(strstr(text, "At 11:30 today"));
	assert_non_null(strstr(text, "verdict urgent"));
	assert_non_null(strstr(text,
	    limber_question_find("progressive-weakness")->text));
	assert_non_null(strstr(text,
	    limber_question_find("progressive-weakness")->advice));
	free(text);
	limber_day_hold_release(&h);
	/* The next local day is free. */
	h = hold_at(f, noon + DAY);
	assert_false(h.held);
	/* A note that it was a mistake, after it, lifts it; one before not. */
	OK(limber_journal_add_note(f->j, noon - 1700, 0,
	    LIMBER_MISTAKE_NOTE ": wrong button", &cause_));
	h = hold_at(f, noon);
	assert_false(h.held);
	screened(f, noon - 1600, "bladder-bowel", LIMBER_LEVEL_EMERGENCY);
	h = hold_at(f, noon);
	assert_true(h.held);
	assert_int_equal(h.level, LIMBER_LEVEL_EMERGENCY);
	limber_day_hold_release(&h);
	OK(limber_journal_add_note(f->j, noon - 1500, 0, LIMBER_MISTAKE_NOTE,
	    &cause_));
	h = hold_at(f, noon);
	assert_false(h.held);
	/* A warning stop: nothing lifts it. */
	stopped_session(f, noon - 1200, 2,
	    LIMBER_WARNING_STOP_REASON " dizziness");
	OK(limber_journal_add_note(f->j, noon - 600, 0, LIMBER_MISTAKE_NOTE,
	    &cause_));
	h = hold_at(f, noon);
	assert_true(h.held);
	assert_true(h.warning);
	text = limber_day_hold_text(&h, "11:40");
	assert_non_null(strstr(text, "(dizziness)"));
	assert_non_null(strstr(text, "No new session starts today"));
	assert_non_null(strstr(text, "local emergency number"));
	free(text);
	limber_day_hold_release(&h);
	h = hold_at(f, noon + DAY);
	assert_false(h.held);
}

/*
 * A warning the page could not send while its session ran
 * (limber_journal_late_warning): an interrupted session becomes a warning
 * stop, which holds the day and counts as worse; given again, nothing
 * changes; for a session that ended otherwise, or none, a note holds the
 * day instead.
 */
/*
 * The reasons a session is journalled with, as a person reads them: the
 * engine's name before the colon is for programs (issue 19: "user: you
 * stopped the session" on the page).
 */
static void
test_stop_reasons_are_said_in_words(void **state)
{
	char *warning = limber_warning_reason(LIMBER_WARNING_DIZZINESS);
	const char *const cases[][2] = {
		{ "user: you stopped the session", "You stopped it." },
		{ warning, "Stopped for dizziness." },
		{ "pain-rise: pain rose from 2 to 4 out of 10",
		    "Stopped because pain rose from 2 to 4 out of 10." },
		{ "pain-high: pain of 6 out of 10, above 5",
		    "Stopped for pain of 6 out of 10, above 5." },
		{ "interrupted: Ctrl-C (SIGINT)",
		    "Cut short: Ctrl-C (SIGINT)." },
		/* Not of the engine's form: as it is. */
		{ "pain rose by 2 points", "pain rose by 2 points" },
		{ "later: something new", "later: something new" },
	};

	(void)state;
	for (size_t i = 0; i < nitems(cases); i++) {
		char *words = limber_stop_reason_words(cases[i][0]);

		assert_string_equal(words, cases[i][1]);
		free(words);
	}
	free(warning);
}

static void
test_a_late_warning_stops_the_session_or_is_kept_as_a_note(void **state)
{
	struct fixture *f = *state;
	struct limber_journal_data *d;
	struct limber_day_hold h;
	int64_t noon = T0 + 12 * 3600, id = 0, done;
	char *reason = limber_warning_reason(LIMBER_WARNING_UNSPECIFIED);
	char *cause = NULL;
	int count;

	while (limber_local_day(noon - 7200) != limber_local_day(noon + 7200))
		noon += 3 * 3600;
	assert_string_equal(reason,
	    LIMBER_WARNING_STOP_REASON " sharp pain, numbness or dizziness");
	/* The server died in the middle; started again, it recovered it. */
	OK(limber_journal_session_begin(f->j, noon - 600, f->plan, 0, 4001, &id,
	    &cause_));
	add_pain(f->j, id, noon - 600, LIMBER_SCORE_BEFORE, 3);
	add_stretch(f->j, id, noon - 500, "neck-rolls", false);
	alive_pid = 0;
	OK(limber_journal_recover(f->j, alive, &count, &cause_));
	assert_int_equal(count, 1);
	h = hold_at(f, noon);
	assert_false(h.held);
	OK(limber_journal_late_warning(f->j, id, noon - 400, reason, f->cat,
	    &cause_));
	OK(limber_journal_late_warning(f->j, id, noon - 300, reason, f->cat,
	    &cause_));
	d = load(f->j);
	assert_int_equal(d->nsessions, 1);
	assert_int_equal(d->sessions[0].state, LIMBER_RECORD_STOPPED);
	assert_string_equal(d->sessions[0].reason, reason);
	assert_int_equal(d->sessions[0].ended, noon - 400);
	assert_int_equal(d->sessions[0].effect, LIMBER_EFFECT_WORSE);
	assert_int_equal(d->nnotes, 0);
	limber_journal_data_free(d);
	h = hold_at(f, noon);
	assert_true(h.held);
	assert_true(h.warning);
	limber_day_hold_release(&h);
	/* A session done the next day, and no session at all: a note. */
	done = session(f, noon + DAY, 2, 2, LIMBER_RECORD_DONE);
	OK(limber_journal_late_warning(f->j, done, noon + DAY + 700, reason,
	    f->cat, &cause_));
	OK(limber_journal_late_warning(f->j, 0, noon + 2 * DAY, reason, f->cat,
	    &cause_));
	d = load(f->j);
	assert_int_equal(d->sessions[1].id, done);
	assert_int_equal(d->sessions[1].state, LIMBER_RECORD_DONE);
	assert_int_equal(d->sessions[1].nnotes, 1);
	assert_string_equal(d->sessions[1].notes[0].text, reason);
	assert_int_equal(d->nnotes, 1);
	assert_string_equal(d->notes[0].text, reason);
	limber_journal_data_free(d);
	h = hold_at(f, noon + DAY + 800);
	assert_true(h.held);
	assert_true(h.warning);
	limber_day_hold_release(&h);
	h = hold_at(f, noon + 2 * DAY + 60);
	assert_true(h.held);
	limber_day_hold_release(&h);
	/* Only a warning's reason, and only with the catalog. */
	assert_int_equal(limber_journal_late_warning(f->j, 0, noon, "tired",
			     f->cat, &cause),
	    LIMBER_ERR_INVALID);
	assert_non_null(strstr(cause, LIMBER_WARNING_STOP_REASON));
	free(cause);
	cause = NULL;
	assert_int_equal(limber_journal_late_warning(f->j, 0, noon, reason,
			     NULL, &cause),
	    LIMBER_ERR_INVALID);
	free(cause);
	free(reason);
}

static void
test_clearance_ends_the_flag_until_two_more_worse_sessions(void **state)
{
	struct fixture *f = *state;

	session(f, T0, 3, 5, LIMBER_RECORD_DONE);
	session(f, T0 + DAY, 3, 5, LIMBER_RECORD_DONE);
	assert_true(worse_flag(f->j));
	OK(limber_journal_add_clearance(f->j, T0 + 3 * DAY, "physio: fine",
	    &cause_));
	assert_false(worse_flag(f->j));
	session(f, T0 + 4 * DAY, 3, 5, LIMBER_RECORD_DONE);
	assert_false(worse_flag(f->j));
	session(f, T0 + 5 * DAY, 3, 5, LIMBER_RECORD_DONE);
	assert_true(worse_flag(f->j));
}

/* ------------------------------------------------------------------ */
/* When the clock was wrong (docs/safety.md): records after now.       */

static bool
worse_flag_at(struct limber_journal *j, int64_t now)
{
	bool flag = true;

	OK(limber_journal_worse_flag(j, now, &flag, &cause_));
	return flag;
}

/*
 * A better session and a clearance written while the clock was a month
 * ahead neither end the flag of two worse sessions since, nor does a worse
 * one raise it, until now reaches them.
 */
static void
test_worse_flag_counts_only_what_ended_by_now(void **state)
{
	struct fixture *f = *state;
	int64_t now = T0 + 7 * DAY;

	session(f, T0 + 40 * DAY, 4, 2, LIMBER_RECORD_DONE); /* better */
	OK(limber_journal_add_clearance(f->j, T0 + 30 * DAY, NULL, &cause_));
	session(f, T0 + 5 * DAY, 2, 4, LIMBER_RECORD_DONE);
	assert_false(worse_flag_at(f->j, now));
	session(f, T0 + 6 * DAY, 2, 4, LIMBER_RECORD_DONE);
	assert_true(worse_flag_at(f->j, now));
	/* Once the clock reaches them, they count as any other. */
	assert_false(worse_flag_at(f->j, T0 + 30 * DAY));
	/* Worse sessions dated ahead do not raise it before their time. */
	session(f, T0 + 50 * DAY, 2, 4, LIMBER_RECORD_DONE);
	session(f, T0 + 51 * DAY, 2, 4, LIMBER_RECORD_DONE);
	assert_false(worse_flag_at(f->j, T0 + 45 * DAY));
	assert_true(worse_flag_at(f->j, T0 + 52 * DAY));
}

/*
 * A check dated ahead is not the last one (so a new check holds), and a
 * session dated ahead does not hide the next-day check of the last one.
 */
static void
test_last_check_and_next_day_check_leave_out_what_is_after_now(void **state)
{
	struct fixture *f = *state;
	struct limber_last_screening last;
	struct limber_next_day_check c;
	struct limber_journal_future fut;
	int64_t id;

	screened(f, T0 + 30 * DAY, "fever", LIMBER_LEVEL_SEE_CLINICIAN);
	OK(limber_journal_last_screening(f->j, T0, &last, &cause_));
	assert_false(last.found);
	screened(f, T0, "knee-problem", LIMBER_LEVEL_CAUTION);
	OK(limber_journal_last_screening(f->j, T0 + 60, &last, &cause_));
	assert_true(last.found);
	assert_int_equal(last.at, T0);
	assert_true(limber_screening_fresh(&last, T0 + 60));
	OK(limber_journal_last_screening(f->j, T0 + 30 * DAY, &last, &cause_));
	assert_int_equal(last.at, T0 + 30 * DAY);

	id = session(f, T0 + 2 * DAY, 3, 3, LIMBER_RECORD_DONE);
	session(f, T0 + 20 * DAY, 3, 3, LIMBER_RECORD_DONE);
	OK(limber_journal_next_day_due(f->j, T0 + 3 * DAY, &c, &cause_));
	assert_true(c.due);
	assert_int_equal(c.session, id);

	/* What the front ends say: 2 records after now, the first at +20. */
	OK(limber_journal_future(f->j, T0 + 3 * DAY, &fut, &cause_));
	assert_int_equal(fut.count, 2);
	assert_int_equal(fut.first, T0 + 20 * DAY);
	OK(limber_journal_future(f->j, T0 + 20 * DAY + 300, &fut, &cause_));
	assert_int_equal(fut.count, 2); /* its end is still ahead */
	assert_int_equal(fut.first, T0 + 20 * DAY + 600);
	OK(limber_journal_future(f->j, LATER, &fut, &cause_));
	assert_int_equal(fut.count, 0);
	assert_true(fut.first == INT64_MAX);
}

/*
 * The rest of the day: a mistake note dated later today does not lift a
 * verdict before its time, nor does a verdict dated later today hold yet
 * (the questions are asked again before any session); a warning stop
 * dated later today holds at once, as nothing lifts it.
 */
static void
test_day_hold_waits_for_now_except_a_warning_stop(void **state)
{
	struct fixture *f = *state;
	int64_t noon = T0 + 12 * 3600;
	struct limber_day_hold h;

	while (limber_local_day(noon - 7200) != limber_local_day(noon + 7200))
		noon += 3 * 3600;
	screened(f, noon - 1800, "progressive-weakness", LIMBER_LEVEL_URGENT);
	OK(limber_journal_add_note(f->j, noon + 1800, 0, LIMBER_MISTAKE_NOTE,
	    &cause_));
	h = hold_at(f, noon);
	assert_true(h.held);
	assert_int_equal(h.level, LIMBER_LEVEL_URGENT);
	limber_day_hold_release(&h);
	h = hold_at(f, noon + 1800);
	assert_false(h.held);
	screened(f, noon + 3600, "bladder-bowel", LIMBER_LEVEL_EMERGENCY);
	h = hold_at(f, noon + 1800);
	assert_false(h.held);
	h = hold_at(f, noon + 3600);
	assert_true(h.held);
	assert_int_equal(h.level, LIMBER_LEVEL_EMERGENCY);
	limber_day_hold_release(&h);

	/* Lifted again; then a warning stop dated later today holds now. */
	OK(limber_journal_add_note(f->j, noon + 3700, 0, LIMBER_MISTAKE_NOTE,
	    &cause_));
	h = hold_at(f, noon + 3800);
	assert_false(h.held);
	stopped_session(f, noon + 5400, 2,
	    LIMBER_WARNING_STOP_REASON " dizziness");
	h = hold_at(f, noon + 3800);
	assert_true(h.held);
	assert_true(h.warning);
	limber_day_hold_release(&h);
}

/*
 * Import: a time more than a day after now is refused, naming it, and
 * nothing goes in; up to a day ahead is taken.
 */
static void
test_import_refuses_times_more_than_a_day_ahead(void **state)
{
	struct fixture *f = *state;
	char *dir = temp_dir(), *path = xasprintf("%s/second.db", dir);
	struct limber_journal *second;
	struct limber_import_counts c;
	char *text, *cause = NULL;

	session(f, T0, 3, 2, LIMBER_RECORD_DONE);
	text = export_text(f->j);
	second = must_open(path);
	/* The session ends at T0 + 600. */
	EXPECT_FAIL(limber_journal_import(second, "x.json", text, strlen(text),
			T0 + 600 - LIMBER_IMPORT_AHEAD_S - 1, &c, &cause),
	    LIMBER_ERR_INVALID,
	    "x.json:7:16: sessions[0].ended: "
	    "2026-11-02T00:10:00Z is in the future (more than a day after now)");
	assert_int_equal(sql_int(path, "SELECT count(*) FROM session"), 0);
	OK(limber_journal_import(second, "x.json", text, strlen(text),
	    T0 + 600 - LIMBER_IMPORT_AHEAD_S, &c, &cause_));
	assert_int_equal(c.sessions, 1);
	limber_journal_close(second);
	free(text);
	rm_rf(dir);
	free(dir);
	free(path);
}

static void
test_next_day_check_is_due_on_a_later_day_only_once(void **state)
{
	struct fixture *f = *state;
	struct limber_next_day_check c;
	int64_t id;
	const struct limber_stretch *nr = limber_catalog_find(f->cat,
	    "neck-rolls");
	struct limber_journal_data *d;
	char *cause = NULL;

	OK(limber_journal_next_day_due(f->j, T0, &c, &cause_));
	assert_false(c.due);
	id = session(f, T0 + 10 * 3600, 3, 3, LIMBER_RECORD_DONE);
	/* The same local day: not yet. */
	OK(limber_journal_next_day_due(f->j, T0 + 23 * 3600, &c, &cause_));
	assert_false(c.due);
	OK(limber_journal_next_day_due(f->j, T0 + DAY + 60, &c, &cause_));
	assert_true(c.due);
	assert_int_equal(c.session, id);
	assert_int_equal(c.before, 3);
	assert_int_equal(c.after, 3);
	assert_int_equal(c.area, LIMBER_AREA_LOWER);
	assert_false(c.worse);
	/* Long after, it is no longer asked. */
	OK(limber_journal_next_day_due(f->j, T0 + 9 * DAY, &c, &cause_));
	assert_false(c.due);

	/* Not settled: a next-day score, the session worse, a repetition off. */
	OK(limber_journal_next_day_answer(f->j, id, T0 + DAY + 90, 5, false,
	    f->cat, &cause_));
	OK(limber_journal_next_day_due(f->j, T0 + DAY + 120, &c, &cause_));
	assert_false(c.due);
	d = load(f->j);
	assert_int_equal(d->sessions[0].next_day, LIMBER_NEXT_DAY_UNSETTLED);
	assert_int_equal(d->sessions[0].effect, LIMBER_EFFECT_WORSE);
	assert_int_equal(d->sessions[0].npain, 3);
	assert_int_equal(d->sessions[0].pain[2].kind, LIMBER_SCORE_NEXT_DAY);
	assert_int_equal(d->sessions[0].pain[2].value, 5);
	limber_journal_data_free(d);
	assert_int_equal(dose_of(f->j, "neck-rolls"), nr->reps.start - 1);
	EXPECT_FAIL(limber_journal_next_day_answer(f->j, id, T0 + DAY + 99, 5,
	    false, f->cat, &cause), LIMBER_ERR_INVALID,
	    "already answered");

	/* A second unsettled session within the week raises the flag. */
	id = session(f, T0 + 2 * DAY, 3, 3, LIMBER_RECORD_DONE);
	assert_false(worse_flag(f->j));
	OK(limber_journal_next_day_due(f->j, T0 + 3 * DAY, &c, &cause_));
	assert_true(c.due);
	OK(limber_journal_next_day_answer(f->j, id, T0 + 3 * DAY, -1, false,
	    f->cat, &cause_));
	assert_true(worse_flag(f->j));
}

static void
test_next_day_settled_keeps_the_dose_and_a_later_session_cancels_it(void **state)
{
	struct fixture *f = *state;
	struct limber_next_day_check c;
	int64_t id;

	id = session(f, T0, 3, 5, LIMBER_RECORD_DONE);
	OK(limber_journal_next_day_due(f->j, T0 + DAY, &c, &cause_));
	assert_true(c.due);
	assert_true(c.worse);
	OK(limber_journal_next_day_answer(f->j, id, T0 + DAY, 3, true, f->cat,
	    &cause_));
	assert_int_equal(dose_of(f->j, "neck-rolls"), 1);	/* one off, once */

	/* A session started since: no question about the one before. */
	session(f, T0 + 2 * DAY, 3, 3, LIMBER_RECORD_DONE);
	int64_t run = 0;
	OK(limber_journal_session_begin(f->j, T0 + 3 * DAY, f->plan, 0, 1,
	    &run, &cause_));
	OK(limber_journal_next_day_due(f->j, T0 + 3 * DAY + 5, &c, &cause_));
	assert_false(c.due);
}

/* ------------------------------------------------------------------ */
/* Export and import.                                                  */

/* A journal with one of everything, edge cases included. */
/*
 * The outcome measures: a PEG asking answered and one skipped, a PSFS
 * asking of three activities (one a CSV must quote, one not ASCII, one a
 * spreadsheet would take for a formula) and one skipped.
 */
static void
fill_measures(struct fixture *f)
{
	const struct limber_peg peg = { .pain = 6,
		.enjoyment = 3,
		.activity = 4 };
	const struct limber_psfs_item items[] = {
		{ "walking the dog", 4 },
		{ "lifting, \"gently\", a child", 0 },
		{ "-gärtnern", 10 },
	};

	OK(limber_journal_add_peg(f->j, T0 + 10 * DAY, &peg, &cause_));
	OK(limber_journal_add_psfs(f->j, T0 + 10 * DAY + 60, items, 3,
	    &cause_));
	OK(limber_journal_add_peg(f->j, T0 + 17 * DAY, NULL, &cause_));
	OK(limber_journal_add_psfs(f->j, T0 + 24 * DAY, NULL, 0, &cause_));
}

static void
fill_everything(struct fixture *f)
{
	struct limber_answers ans = { .pain = 4, .area = LIMBER_AREA_BOTH };
	const char *yes[] = { "hypermobility" };
	struct limber_stretch_done sd = {
		.stretch = "childs-pose", .variant = "cushioned", .reps = 3,
		.sides = 1, .skipped = false,
	};
	struct limber_pain_entry p = {
		.at = T0 + 50, .value = 6, .area = 0, .kind = LIMBER_SCORE_LOGGED,
		.note = "after lifting, \"heavy\" box, a, b\nsecond line",
	};
	int64_t sid = 0, id = 0, run = 0;

	ans.yes = yes;
	ans.nyes = 1;
	OK(limber_journal_add_screening(f->j, T0, &ans, LIMBER_LEVEL_CAUTION,
	    &sid, &cause_));
	OK(limber_journal_add_pain(f->j, &p, NULL, &cause_));
	OK(limber_journal_session_begin(f->j, T0 + 100, f->plan, sid, 1, &id,
	    &cause_));
	add_pain(f->j, id, T0 + 100, LIMBER_SCORE_BEFORE, 4);
	OK(limber_journal_add_stretch(f->j, id, T0 + 150, &sd, &cause_));
	add_stretch(f->j, id, T0 + 160, "neck-rolls", true);
	add_pain(f->j, id, T0 + 170, LIMBER_SCORE_DURING, 5);
	OK(limber_journal_session_progress(f->j, id, T0 + 171, 7, &cause_));
	OK(limber_journal_add_note(f->j, T0 + 172, id, "ü and 痛", &cause_));
	add_pain(f->j, id, T0 + 200, LIMBER_SCORE_AFTER, 3);
	OK(limber_journal_session_end(f->j, id, T0 + 210, LIMBER_RECORD_STOPPED,
	    "pain rose", f->cat, &cause_));
	OK(limber_journal_next_day_answer(f->j, id, T0 + DAY, 2, true, f->cat,
	    &cause_));
	session(f, T0 + 2 * DAY, 3, 2, LIMBER_RECORD_DONE);
	OK(limber_journal_session_begin(f->j, T0 + 3 * DAY, f->plan, 0, 0,
	    &run, &cause_));
	OK(limber_journal_recover(f->j, alive, NULL, &cause_));
	OK(limber_journal_session_begin(f->j, T0 + 4 * DAY, f->plan, 0, 0,
	    &run, &cause_));	/* left running, as an export during a session */
	OK(limber_journal_add_note(f->j, T0 + 5 * DAY, 0, "a free note", &cause_));
	OK(limber_journal_add_clearance(f->j, T0 + 6 * DAY, NULL, &cause_));
	OK(limber_journal_add_clearance(f->j, T0 + 7 * DAY, "GP said go on",
	    &cause_));
	/* Two reminder prompts, one answered, one shown late and not. */
	OK(limber_journal_add_prompt(f->j, T0 + 8 * DAY, "desk",
	    LIMBER_REMIND_EVERY, false, &id, &cause_));
	OK(limber_journal_answer_prompt(f->j, id, T0 + 8 * DAY + 30,
	    LIMBER_ANSWER_SKIPPED, &cause_));
	OK(limber_journal_add_prompt(f->j, T0 + 9 * DAY, "cool-down",
	    LIMBER_REMIND_WORKOUT, true, NULL, &cause_));
	fill_measures(f);
}

static void
test_export_import_export_is_identical(void **state)
{
	struct fixture *f = *state;
	char *dir = temp_dir(), *path = xasprintf("%s/second.db", dir);
	struct limber_import_counts c;
	struct limber_journal *second;
	char *a, *b;

	fill_everything(f);
	a = export_text(f->j);
	second = must_open(path);
	OK(limber_journal_import(second, "export.json", a, strlen(a), LATER, &c,
	    &cause_));
	assert_int_equal(c.screenings, 1);
	assert_int_equal(c.sessions, 4);
	assert_int_equal(c.pain, 1);
	assert_int_equal(c.notes, 1);
	assert_int_equal(c.clearances, 2);
	assert_int_equal(c.doses, 2);
	assert_int_equal(c.prompts, 2);
	assert_int_equal(c.pegs, 2);
	assert_int_equal(c.psfs, 2);
	assert_int_equal(c.skipped, 0);
	b = export_text(second);
	assert_string_equal(a, b);
	free(b);

	/* Again: everything is there already, nothing changes. */
	OK(limber_journal_import(second, "export.json", a, strlen(a), LATER, &c,
	    &cause_));
	assert_int_equal(c.sessions + c.screenings + c.pain + c.notes +
		c.clearances + c.doses + c.prompts + c.pegs + c.psfs,
	    0);
	assert_int_equal(c.skipped, 17);
	b = export_text(second);
	assert_string_equal(a, b);
	free(b);
	limber_journal_close(second);
	free(a);
	rm_rf(dir);
	free(dir);
	free(path);
}

struct bad_import {
	const char *find, *replace;	/* one change to a good export */
	const char *message;		/* what the error must say */
};

/*
 * Whether cause begins with want, where a "*" in want stands for the
 * "LINE:COL" of the fault's place. The places themselves are checked in
 * journal-cli, on files written for it; here that each fault has one.
 */
static bool
begins_with(const char *cause, const char *want)
{
	for (; *want != '\0'; want++) {
		if (*want != '*') {
			if (*cause++ != *want)
				return false;
			continue;
		}
		for (int part = 0; part < 2; part++) {
			if (part == 1 && *cause++ != ':')
				return false;
			if (!isdigit((unsigned char)*cause))
				return false;
			while (isdigit((unsigned char)*cause))
				cause++;
		}
	}
	return true;
}

static char *
replace_once(const char *s, const char *find, const char *with)
{
	const char *at = strstr(s, find);

	if (at == NULL) {
		/* The return keeps gcc from following a NULL past fail_msg. */
		fail_msg("'%s' is not in the export", find);
		return xstrdup(s);
	}
	return xasprintf("%.*s%s%s", (int)(at - s), s, with, at + strlen(find));
}

static void
test_bad_import_names_the_field_and_changes_nothing(void **state)
{
	static const struct bad_import cases[] = {
		{ "\"value\": 3,\n", "\"value\": 11,\n",
		    "x.json:*: sessions[0].pain[2].value: must be a whole number "
		    "from 0 to 10" },
		{ "\"limber_journal\": 3", "\"limber_journal\": 4",
		    "x.json:*: limber_journal: this export is from a newer limber" },
		{ "\"limber_journal\": 3", "\"limber_jornal\": 3",
		    "x.json:*: not a limber export" },
		{ "\"limber_journal\": 3", "\"limber_journal\": 1",
		    "x.json:*: reminders: is not in format 1" },
		{ "\"limber_journal\": 3", "\"limber_journal\": 2",
		    "x.json:*: peg: is not in format 2" },
		{ "\"enjoyment\": 3", "\"enjoyment\": 11",
		    "x.json:*: peg[0].enjoyment: must be a whole number from 0 "
		    "to 10" },
		{ "\"enjoyment\": 3", "\"enjoyment\": null",
		    "x.json:*: peg[0].enjoyment: must be a whole number" },
		{ "\"activity\": 4", "\"skipped\": true, \"activity\": 4",
		    "x.json:*: peg[0].pain: must be left out: a skipped asking "
		    "has no answers" },
		{ "\"score\": 10", "\"score\": -1",
		    "x.json:*: psfs[0].activities[2].score: must be a whole "
		    "number from 0 to 10" },
		{ "\"activity\": \"walking the dog\"",
		    "\"activity\": \"walking\\nthe dog\"",
		    "x.json:*: psfs[0].activities[0].activity: an activity's "
		    "name must not hold control characters" },
		{ "\"activity\": \"-gärtnern\"",
		    "\"activity\": \"walking the dog\"",
		    "x.json:*: psfs[0].activities[2].activity: \"walking the "
		    "dog\" is named twice" },
		{ "\"activity\": \"walking the dog\"",
		    "\"activity\": \"walking the dog, a small one, every "
		    "morning and every evening, whatever the weather, as far as "
		    "the pond\"",
		    "x.json:*: psfs[0].activities[0].activity: an activity's "
		    "name must be at most 100 bytes long" },
		{ "\"activities\": [",
		    "\"skipped\": false, \"activities\": [], "
		    "\"x\": [",
		    "x.json:*: psfs[0].x: unknown field" },
		{ "\"at\": \"2026-11-26T00:00:00Z\",\n      \"skipped\": true",
		    "\"at\": \"2026-11-26T00:00:00Z\",\n      \"activities\": []",
		    "x.json:*: psfs[1].activities: must hold 1 to 3 activities" },
		{ "\"at\": \"2026-11-26T00:00:00Z\",\n      \"skipped\": true",
		    "\"at\": \"2026-11-26T00:00:00Z\",\n      \"skipped\": 1",
		    "x.json:*: psfs[1].skipped: must be true or false" },
		{ "\"at\": \"2026-11-26T00:00:00Z\"",
		    "\"at\": \"2026-12-26T00:00:00Z\"",
		    "x.json:*: psfs[1].at: 2026-12-26T00:00:00Z is in the future" },
		{ "\"kind\": \"after-workout\"", "\"kind\": \"weekly\"",
		    "x.json:*: reminders[1].kind: must be every, at or "
		    "after-workout" },
		{ "\"answer\": \"skipped\"", "\"answer\": null",
		    "x.json:*: reminders[0].answered: must be null exactly when" },
		{ "\"schedule\": \"desk\"", "\"schedule\": \"\"",
		    "x.json:*: reminders[0].schedule: must be text that is not "
		    "empty" },
		{ "\"kind\": \"during\"", "\"kind\": \"sometimes\"",
		    "x.json:*: sessions[0].pain[1].kind: must be before, during, "
		    "after or next-day" },
		{ "\"state\": \"stopped\"", "\"state\": \"paused\"",
		    "x.json:*: sessions[0].state: must be running" },
		{ "\"hypermobility\"", "\"hyper\"",
		    "x.json:*: screenings[0].yes[0]: must be the id of a screening "
		    "question" },
		{ "\"started\": \"", "\"colour\": 1, \"started\": \"",
		    "x.json:*: sessions[0].colour: unknown field" },
		{ "\"cushioned\",\n          \"reps\": 3",
		    "\"cushioned\",\n          \"reps\": -1",
		    "x.json:*: sessions[0].stretches[0].reps: must be a whole "
		    "number from 0 to 100" },
		{ "\"skipped\": true", "\"skipped\": \"yes\"",
		    "x.json:*: sessions[0].stretches[1].skipped: must be true or "
		    "false" },
		{ "\"screening\": 0", "\"screening\": 5",
		    "x.json:*: sessions[0].screening: must be null or the index" },
		{ "\"reason\": \"pain rose\"", "\"reason\": null",
		    "x.json:*: sessions[0].reason: a stopped session needs" },
		{ "\"kind\": \"logged\"", "\"kind\": \"before\"",
		    "x.json:*: pain[0].kind: must be logged" },
		{ "\"text\": \"a free note\"", "\"text\": \"\"",
		    "x.json:*: notes[0].text: must be text that is not empty" },
		{ "\"at\": \"2026-11-02T00:00:00Z\"",
		    "\"at\": \"2026-02-30T00:00:00Z\"",
		    "x.json:*: screenings[0].at: must be a time" },
		{ "\"doses\": [", "\"doses\": 3, \"x\": [",
		    "x.json:*: x: unknown field" },
		{ "{\n  \"limber_journal\"", "{\n  ,\"limber_journal\"",
		    "x.json:2:3: " },
		/* More than a day after now (T0 + 30 days here). */
		{ "\"at\": \"2026-11-02T00:00:00Z\"",
		    "\"at\": \"2026-12-03T01:00:01+01:00\"",
		    "x.json:*: screenings[0].at: 2026-12-03T00:00:01Z is in the "
		    "future (more than a day after now)" },
	};
	struct fixture *f = *state;
	char *dir = temp_dir(), *path = xasprintf("%s/second.db", dir);
	struct limber_journal *second;
	char *good, *before, *after, *bytes;
	size_t len;

	fill_everything(f);
	good = export_text(f->j);
	second = must_open(path);
	OK(limber_journal_add_note(second, T0, 0, "already here", &cause_));
	before = export_text(second);
	limber_journal_close(second);
	bytes = slurp(path, &len);
	second = must_open(path);

	for (size_t i = 0; i < nitems(cases); i++) {
		char *bad = replace_once(good, cases[i].find, cases[i].replace);
		char *cause = NULL;
		struct limber_import_counts c = { .sessions = 99 };

		if (limber_journal_import(second, "x.json", bad, strlen(bad),
			T0 + 30 * DAY, &c, &cause) != LIMBER_ERR_INVALID)
			fail_msg("case %zu was imported", i);
		if (cause == NULL || !begins_with(cause, cases[i].message))
			fail_msg("case %zu: got \"%s\", want \"%s...\"", i,
			    cause ? cause : "(none)", cases[i].message);
		assert_int_equal(c.sessions, 0);
		free(cause);
		/* Only checking, with no journal, says the same. */
		cause = NULL;
		assert_int_equal(limber_journal_import(NULL, "x.json", bad,
				     strlen(bad), T0 + 30 * DAY, NULL, &cause),
		    LIMBER_ERR_INVALID);
		assert_true(begins_with(cause, cases[i].message));
		free(cause);
		free(bad);
	}
	after = export_text(second);
	assert_string_equal(before, after);
	limber_journal_close(second);
	assert_same_bytes(path, bytes, len);

	free(bytes);
	free(good);
	free(before);
	free(after);
	rm_rf(dir);
	free(dir);
	free(path);
}

static void
test_csv_has_a_row_per_record_and_quotes_what_it_must(void **state)
{
	struct fixture *f = *state;
	struct limber_journal_data *d;
	char *csv;

	fill_everything(f);
	d = load(f->j);
	csv = limber_journal_data_to_csv(d, false);
	limber_journal_data_free(d);
	assert_non_null(strstr(csv,
	    "record,time,session,pain,area,kind,verdict,"
	    "answers,state,reason,last_step,next_day,stretch,variant,reps,"
	    "sides,skipped,note,enjoyment,general_activity,activity,score\r\n"));
	assert_ptr_equal(strstr(csv, "record,"), csv);
	assert_non_null(strstr(csv, "\r\nscreening,2026-11-02T00:00:00Z,,4,"
	    "both,,caution,hypermobility,"));
	assert_non_null(strstr(csv,
	    ",logged,,,,,,,,,,,,\"after lifting, "
	    "\"\"heavy\"\" box, a, b\nsecond line\",,,,\r\n"));
	assert_non_null(strstr(csv,
	    "\r\nstretch,2026-11-02T00:02:30Z,1,,,,,,,,"
	    ",,childs-pose,cushioned,3,1,no,,,,,\r\n"));
	/* The outcome measures: PEG on a row, PSFS a row per activity. */
	assert_non_null(strstr(csv,
	    "\r\npeg,2026-11-12T00:00:00Z,,6,,,,,,,,,"
	    ",,,,no,,3,4,,\r\n"));
	assert_non_null(strstr(csv,
	    "\r\npeg,2026-11-19T00:00:00Z,,,,,,,,,,,"
	    ",,,,yes,,,,,\r\n"));
	assert_non_null(strstr(csv,
	    "\r\npsfs,2026-11-12T00:01:00Z,,,,,,,,,,,"
	    ",,,,no,,,,walking the dog,4\r\npsfs,2026-11-12T00:01:00Z,,,,,,,,,"
	    ",,,,,,no,,,,\"lifting, \"\"gently\"\", a child\",0\r\n"
	    "psfs,2026-11-12T00:01:00Z,,,,,,,,,,,,,,,no,,,,'-gärtnern,10\r\n"));
	assert_non_null(strstr(csv,
	    "\r\npsfs,2026-11-26T00:00:00Z,,,,,,,,,,,"
	    ",,,,yes,,,,,\r\n"));
	assert_non_null(strstr(csv, "\r\nsession,2026-11-02T00:01:40Z,1,,,,,,"
	    "stopped,pain rose,7,settled,"));
	free(csv);
}

/* ------------------------------------------------------------------ */
/* Statistics.                                                         */

static void
test_stats_of_an_empty_journal(void **state)
{
	struct fixture *f = *state;
	struct limber_journal_data *d = load(f->j);
	struct limber_stats s;

	limber_stats_compute(d, T0, &s);
	assert_true(s.empty);
	assert_int_equal(s.sessions, 0);
	assert_int_equal(s.streak, 0);
	assert_int_equal(s.start_week, -1);
	assert_int_equal(s.per_week_weeks, 0);
	limber_journal_data_free(d);
}

static void
test_stats_of_a_small_known_journal(void **state)
{
	struct fixture *f = *state;
	struct limber_journal_data *d;
	struct limber_stats s;
	/* "now": the last day of the fourth week. */
	int64_t now = T0 + 27 * DAY + 20 * 3600;
	int64_t id;
	json_t *js;

	/* Week 1 (days 0-6): mean 6 from two sessions 6->6 and 6->6. */
	session(f, T0 + 1 * DAY, 6, 6, LIMBER_RECORD_DONE);
	session(f, T0 + 2 * DAY, 6, 6, LIMBER_RECORD_DONE);
	/* Week 2: mean 5 (a change of -1: 17%, not marked). */
	session(f, T0 + 8 * DAY, 5, 5, LIMBER_RECORD_DONE);
	/* Week 3: mean 4.2 (-1.8, 30%: marked better). */
	session(f, T0 + 15 * DAY, 5, 4, LIMBER_RECORD_STOPPED);
	add_pain(f->j, 0, T0 + 16 * DAY, LIMBER_SCORE_LOGGED, 4);
	add_pain(f->j, 0, T0 + 16 * DAY + 1, LIMBER_SCORE_LOGGED, 4);
	add_pain(f->j, 0, T0 + 16 * DAY + 2, LIMBER_SCORE_LOGGED, 4);
	/* Week 4: days 25, 26, 27 in a row; mean 8 (+2: marked worse). */
	session(f, T0 + 25 * DAY, 8, 8, LIMBER_RECORD_DONE);
	session(f, T0 + 26 * DAY, 8, 8, LIMBER_RECORD_DONE);
	OK(limber_journal_session_begin(f->j, T0 + 27 * DAY, f->plan, 0, 0,
	    &id, &cause_));
	add_pain(f->j, id, T0 + 27 * DAY, LIMBER_SCORE_BEFORE, 8);
	add_pain(f->j, id, T0 + 27 * DAY + 5, LIMBER_SCORE_DURING, 0);
	OK(limber_journal_recover(f->j, alive, NULL, &cause_));

	d = load(f->j);
	limber_stats_compute(d, now, &s);
	limber_journal_data_free(d);
	assert_false(s.empty);
	assert_int_equal(s.sessions, 7);
	assert_int_equal(s.done, 5);
	assert_int_equal(s.stopped, 1);
	assert_int_equal(s.interrupted, 1);
	assert_int_equal(s.finished, 7);
	assert_true(s.completion > 5.0 / 7 - 1e-9 && s.completion < 5.0 / 7 + 1e-9);
	assert_int_equal(s.per_week_weeks, 4);
	assert_true(s.per_week > 1.75 - 1e-9 && s.per_week < 1.75 + 1e-9);
	/* Changes: 0, 0, 0, -1, 0, 0 and the interrupted one's 8 -> 0. */
	assert_int_equal(s.nchange, 7);
	assert_true(s.mean_change > -9.0 / 7 - 1e-9 &&
	    s.mean_change < -9.0 / 7 + 1e-9);
	assert_int_equal(s.streak, 3);
	assert_int_equal(s.start_week, 0);
	assert_true(s.start_level > 6 - 1e-9 && s.start_level < 6 + 1e-9);
	assert_int_equal(s.weeks[0].npain, 4);
	assert_int_equal(s.weeks[0].sessions, 2);
	assert_int_equal(s.weeks[1].mark, LIMBER_CHANGE_NONE);
	assert_true(s.weeks[2].mean_pain > 4.2 - 1e-9 &&
	    s.weeks[2].mean_pain < 4.2 + 1e-9);
	assert_int_equal(s.weeks[2].npain, 5);
	assert_int_equal(s.weeks[2].mark, LIMBER_CHANGE_BETTER);
	assert_int_equal(s.weeks[3].npain, 5);	/* during scores not counted */
	assert_int_equal(s.weeks[3].mark, LIMBER_CHANGE_WORSE);
	assert_int_equal(s.npain, 17);

	js = limber_stats_to_json(&s);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(js, "weeks"), 2), "meaningful")), "better");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(js, "weeks"), 0), "from")), "2026-11-02");
	assert_true(json_real_value(json_object_get(js, "completion_rate")) ==
	    0.71);
	json_decref(js);

	/* The streak counts to yesterday too, and breaks after a gap. */
	d = load(f->j);
	limber_stats_compute(d, now + DAY, &s);
	assert_int_equal(s.streak, 3);
	limber_stats_compute(d, now + 2 * DAY, &s);
	assert_int_equal(s.streak, 0);
	limber_journal_data_free(d);
}

static void
test_stats_marks_thirty_percent_of_a_low_start(void **state)
{
	struct fixture *f = *state;
	struct limber_journal_data *d;
	struct limber_stats s;

	/* Start 3, then 2.1 (-0.9 = 30%): marked; 2.2 would not be. */
	for (int i = 0; i < 10; i++)
		add_pain(f->j, 0, T0 + i, LIMBER_SCORE_LOGGED, 3);
	for (int i = 0; i < 10; i++)
		add_pain(f->j, 0, T0 + 7 * DAY + i, LIMBER_SCORE_LOGGED,
		    i < 9 ? 2 : 3);
	for (int i = 0; i < 10; i++)
		add_pain(f->j, 0, T0 + 14 * DAY + i, LIMBER_SCORE_LOGGED,
		    i < 8 ? 2 : 3);
	d = load(f->j);
	limber_stats_compute(d, T0 + 27 * DAY, &s);
	limber_journal_data_free(d);
	assert_true(s.empty == false && s.sessions == 0);
	assert_int_equal(s.weeks[1].mark, LIMBER_CHANGE_BETTER);
	assert_int_equal(s.weeks[2].mark, LIMBER_CHANGE_NONE);
	assert_false(s.weeks[3].has_change);
}

/*
 * A journal of every kind of session and score the statistics treat
 * differently: done, stopped, interrupted and running sessions; scores
 * missing before, after or both; a stop with only during scores (the last
 * counts); two before scores (the first counts) and two after scores at
 * one second (the last recorded counts); next-day scores; logged scores
 * before, between and after the sessions; days in a row and gaps; and
 * sessions around midnight and the time-zone changes of TZ_SHIFTY. With
 * check, the statistics are compared (stats_agree) at stages on the way,
 * as each stage ends with a different last session.
 */
static int stats_agree(struct limber_journal *j);

static void
mixed_journal(struct fixture *f, bool check)
{
	int64_t id, t;

	add_pain(f->j, 0, T0 - 3 * DAY, LIMBER_SCORE_LOGGED, 7);
	session(f, T0 + 9 * 3600, 5, 3, LIMBER_RECORD_DONE);
	session(f, T0 + DAY + 23 * 3600 + 1800, 6, -1, LIMBER_RECORD_DONE);
	session(f, T0 + 2 * DAY + 1800, -1, 4, LIMBER_RECORD_DONE);
	session(f, T0 + 3 * DAY + 12 * 3600, -1, -1, LIMBER_RECORD_DONE);

	/* Stopped with during scores only: the last recorded counts. */
	t = T0 + 4 * DAY + 8 * 3600;
	OK(limber_journal_session_begin(f->j, t, f->plan, 0, 1, &id, &cause_));
	add_pain(f->j, id, t, LIMBER_SCORE_BEFORE, 3);
	add_pain(f->j, id, t + 60, LIMBER_SCORE_DURING, 4);
	add_pain(f->j, id, t + 120, LIMBER_SCORE_DURING, 5);
	add_pain(f->j, id, t + 120, LIMBER_SCORE_DURING, 6);
	OK(limber_journal_session_end(f->j, id, t + 130,
	    LIMBER_RECORD_STOPPED, "pain rose by 2 points", f->cat, &cause_));

	/* Two before and two after scores; not settled the next day. */
	t = T0 + 5 * DAY + 20 * 3600;
	OK(limber_journal_session_begin(f->j, t, f->plan, 0, 1, &id, &cause_));
	add_pain(f->j, id, t, LIMBER_SCORE_BEFORE, 7);
	add_pain(f->j, id, t + 10, LIMBER_SCORE_BEFORE, 2);
	add_pain(f->j, id, t + 600, LIMBER_SCORE_AFTER, 3);
	add_pain(f->j, id, t + 600, LIMBER_SCORE_AFTER, 5);
	OK(limber_journal_session_end(f->j, id, t + 600, LIMBER_RECORD_DONE,
	    NULL, f->cat, &cause_));
	OK(limber_journal_next_day_answer(f->j, id, t + DAY, 4, false, f->cat,
	    &cause_));
	if (check)
		stats_agree(f->j);

	/* Either side of TZ_SHIFTY's spring forward, at midnight. */
	session(f, T0 + 6 * DAY + 3 * 3600 + 1800, 4, 4, LIMBER_RECORD_DONE);
	session(f, T0 + 6 * DAY + 4 * 3600 + 1800, 4, 3, LIMBER_RECORD_DONE);
	add_pain(f->j, 0, T0 + 7 * DAY + 5, LIMBER_SCORE_LOGGED, 2);

	/* Days 8 to 12 in a row, two on day 10; settled after day 12. */
	for (int d = 8; d <= 12; d++)
		id = session(f, T0 + d * DAY + 7 * 3600, 6, 5,
		    LIMBER_RECORD_DONE);
	session(f, T0 + 10 * DAY + 19 * 3600, 6, 7, LIMBER_RECORD_STOPPED);
	OK(limber_journal_next_day_answer(f->j, id, T0 + 13 * DAY + 3600, 1,
	    true, f->cat, &cause_));
	if (check)
		stats_agree(f->j);

	/* Interrupted after a during score. */
	t = T0 + 14 * DAY + 6 * 3600;
	OK(limber_journal_session_begin(f->j, t, f->plan, 0, 999999, &id,
	    &cause_));
	add_pain(f->j, id, t, LIMBER_SCORE_BEFORE, 5);
	add_pain(f->j, id, t + 60, LIMBER_SCORE_DURING, 2);
	alive_pid = 0;
	OK(limber_journal_recover(f->j, alive, NULL, &cause_));
	for (int i = 0; i < 4; i++)
		add_pain(f->j, 0, T0 + 15 * DAY + i * 3600, LIMBER_SCORE_LOGGED,
		    3 + i);

	/*
	 * Around TZ_SHIFTY's fall back at 00:30 (03:30 UTC): 23:59 on the
	 * 22nd, 00:10 on the 23rd, then 23:40 on the 22nd again, so the last
	 * session is not on the last day; then 00:10 on the 23rd again.
	 */
	session(f, T0 + 21 * DAY + 2 * 3600 + 59 * 60, 5, 4, LIMBER_RECORD_DONE);
	session(f, T0 + 21 * DAY + 3 * 3600 + 10 * 60, 5, 4, LIMBER_RECORD_DONE);
	session(f, T0 + 21 * DAY + 3 * 3600 + 40 * 60, 8, 2, LIMBER_RECORD_DONE);
	if (check)
		stats_agree(f->j);
	session(f, T0 + 21 * DAY + 4 * 3600 + 10 * 60, 2, 8,
	    LIMBER_RECORD_INTERRUPTED);

	for (int d = 24; d <= 27; d++)
		session(f, T0 + d * DAY + 23 * 3600 + 59 * 60, d % 5, d % 3,
		    LIMBER_RECORD_DONE);

	/* Still running: its scores count as scores, not as a change. */
	t = T0 + 28 * DAY + 12 * 3600;
	alive_pid = 4242;
	OK(limber_journal_session_begin(f->j, t, f->plan, 0, 4242, &id,
	    &cause_));
	add_pain(f->j, id, t, LIMBER_SCORE_BEFORE, 9);
	add_pain(f->j, id, t + 60, LIMBER_SCORE_AFTER, 1);
	OK(limber_journal_recover(f->j, alive, NULL, &cause_));

	session(f, T0 + 34 * DAY + 3600, 3, 3, LIMBER_RECORD_DONE);
	add_pain(f->j, 0, T0 + 38 * DAY, LIMBER_SCORE_LOGGED, 1);
	if (check)
		stats_agree(f->j);
}

/*
 * A zone that springs forward at midnight on 2026-11-08 and falls back at
 * 00:30 on 2026-11-23, to 23:30 of the day before: a later time can be on
 * an earlier local day.
 */
#define TZ_SHIFTY "<-04>4<-03>,M11.2.0/0,M11.4.0/24:30"

static const char *const stats_zones[] = {
	"UTC", TZ_SHIFTY, "EST5EDT,M3.2.0,M11.1.0", "<+14>-14", "<-12>12",
	"<+0530>-5:30",
};

static void
assert_same_stats(const struct limber_stats *a, const struct limber_stats *b,
    const char *zone, int64_t now)
{
	char *ja, *jb;
	json_t *o;

#define SAME(field) do {						\
	if (a->field != b->field)					\
		fail_msg("TZ %s, now %lld: " #field " differs", zone,	\
		    (long long)now);					\
} while (0)
	SAME(sessions); SAME(done); SAME(stopped); SAME(interrupted);
	SAME(running); SAME(per_week); SAME(per_week_weeks); SAME(completion);
	SAME(finished); SAME(mean_change); SAME(nchange); SAME(start_week);
	SAME(start_level); SAME(streak); SAME(npain); SAME(empty);
	for (int w = 0; w < LIMBER_STATS_WEEKS; w++) {
		SAME(weeks[w].first_day); SAME(weeks[w].last_day);
		SAME(weeks[w].sessions); SAME(weeks[w].npain);
		SAME(weeks[w].mean_pain); SAME(weeks[w].change);
		SAME(weeks[w].has_change); SAME(weeks[w].mark);
	}
	SAME(nbetter);
	SAME(nworse);
	SAME(nsame);
	SAME(has_first_record);
	SAME(first_record);
	SAME(first_record_day);
	SAME(record_sessions);
	SAME(record_weeks);
	SAME(record_per_week);
	for (int i = 0; i < LIMBER_STATS_AREAS; i++) {
		SAME(areas[i].first_from);
		SAME(areas[i].first_to);
		SAME(areas[i].last_from);
		SAME(areas[i].last_to);
		SAME(areas[i].nfirst);
		SAME(areas[i].nlast);
		SAME(areas[i].first_mean);
		SAME(areas[i].last_mean);
		SAME(areas[i].has_change);
		SAME(areas[i].change);
		SAME(areas[i].percent);
		SAME(areas[i].points);
		SAME(areas[i].percent_met);
	}
	SAME(peg.n);
	SAME(peg.nskipped);
	SAME(peg.first_at);
	SAME(peg.last_at);
	SAME(peg.first);
	SAME(peg.last);
	SAME(peg.change);
	SAME(psfs.n);
	SAME(psfs.nskipped);
	SAME(psfs.first_at);
	SAME(psfs.last_at);
	SAME(psfs.first);
	SAME(psfs.last);
	SAME(psfs.change);
	SAME(psfs.same_activities);
#undef SAME
	/* And so `limber stats --json` prints the same. */
	o = limber_stats_to_json(a);
	ja = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	o = limber_stats_to_json(b);
	jb = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	assert_string_equal(ja, jb);
	free(ja);
	free(jb);
}

/*
 * limber_journal_stats against limber_stats_compute on the loaded journal,
 * in every zone of stats_zones, at several times of each day from before
 * the first record to after the last. Returns how many times the sweep
 * went through.
 *
 * Under valgrind, test.sh sets LIMBER_TEST_STRIDE: every stride-th time of
 * the sweep is compared (a different one on each call), which runs every
 * code path many times over at a tenth of the cost; the other builds
 * compare them all.
 */
static int
stats_agree(struct limber_journal *j)
{
	static long turn;
	struct limber_journal_data *d = load(j);
	long stride = 1;
	int swept = 0;

	if (!util_parse_int(getenv("LIMBER_TEST_STRIDE"), 1, 1000, &stride))
		stride = 1;

	for (size_t z = 0; z < sizeof stats_zones / sizeof *stats_zones; z++) {
		setenv("TZ", stats_zones[z], 1);
		tzset();
		for (int day = -5; day <= 42; day++) {
			static const int at[] = { 0, 1800, 4 * 3600 + 1, 13 * 3600,
			    23 * 3600 + 1799 };

			for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
				int64_t now = T0 + day * DAY + at[k];
				struct limber_stats slow, fast;

				swept++;
				if (turn++ % stride != 0)
					continue;
				limber_stats_compute(d, now, &slow);
				OK(limber_journal_stats(j, now, &fast, &cause_));
				assert_same_stats(&slow, &fast, stats_zones[z], now);
			}
		}
	}
	setenv("TZ", "UTC", 1);
	tzset();
	limber_journal_data_free(d);
	return swept;
}

static void
test_stats_from_the_journal_agree_with_the_loaded_ones(void **state)
{
	struct fixture *f = *state;
	struct limber_stats s;

	/* Empty. */
	stats_agree(f->j);
	OK(limber_journal_stats(f->j, T0, &s, &cause_));
	assert_true(s.empty);

	mixed_journal(f, true);
	assert_int_equal(stats_agree(f->j), 6 * 48 * 5);

	/* A few numbers by hand, so agreeing is not agreeing on nonsense. */
	OK(limber_journal_stats(f->j, T0 + 34 * DAY + 12 * 3600, &s, &cause_));
	assert_int_equal(s.sessions, 25);
	assert_int_equal(s.done, 20);
	assert_int_equal(s.stopped, 2);
	assert_int_equal(s.interrupted, 2);
	assert_int_equal(s.running, 1);
	/*
	 * Changes: 5->3, stopped 3->6, 2->5, 4->4, 4->3, five of 6->5,
	 * stopped 6->7, interrupted 5->2, 5->4, 5->4, 8->2, interrupted
	 * 2->8, days 24-27 4->0, 0->1, 1->2, 2->0, and 3->3: 21 sessions,
	 * -15 in all. The running one and those missing a score do not count.
	 */
	assert_int_equal(s.nchange, 21);
	assert_true(s.mean_change > -15.0 / 21 - 1e-9 &&
	    s.mean_change < -15.0 / 21 + 1e-9);
	assert_int_equal(s.npain, 59);
	assert_int_equal(s.streak, 1);
	assert_int_equal(s.weeks[3].sessions, 2);	/* the running one, and day 34 */
	assert_int_equal(s.weeks[0].sessions, 6);	/* days 8 to 12, two on day 10 */
}

/* In TZ_SHIFTY the first session is on a later day than the second. */
static void
test_stats_agree_when_the_first_session_is_not_on_the_first_day(void **state)
{
	struct fixture *f = *state;

	session(f, T0 + 21 * DAY + 3 * 3600 + 10 * 60, 5, 4, LIMBER_RECORD_DONE);
	session(f, T0 + 21 * DAY + 3 * 3600 + 40 * 60, 5, 4, LIMBER_RECORD_DONE);
	stats_agree(f->j);
}

/* A session begun at `at` in area with only a before score, done. */
static void
before_in(struct fixture *f, int64_t at, unsigned area, int before, int after)
{
	struct limber_pain_entry p = {
		.at = at,
		.value = before,
		.area = area,
		.kind = LIMBER_SCORE_BEFORE,
		.note = NULL,
	};
	int64_t id;

	OK(limber_journal_session_begin(f->j, at, f->plan, 0, 1, &id, &cause_));
	p.session = id;
	OK(limber_journal_add_pain(f->j, &p, NULL, &cause_));
	if (after >= 0) {
		p.at = at + 600;
		p.value = after;
		p.kind = LIMBER_SCORE_AFTER;
		OK(limber_journal_add_pain(f->j, &p, NULL, &cause_));
	}
	OK(limber_journal_session_end(f->j, id, at + 600, LIMBER_RECORD_DONE,
	    NULL, f->cat, &cause_));
}

static bool
near(double a, double b)
{
	return a > b - 1e-9 && a < b + 1e-9;
}

/*
 * The pain before sessions, per area, from the first two weeks to the
 * last two: each threshold on its own, both, neither, an area that
 * stopped (not compared) and weeks too few to compare.
 */
static void
test_stats_pain_change_by_area_against_both_thresholds(void **state)
{
	struct fixture *f = *state;
	struct limber_journal_data *d;
	struct limber_stats s;
	int64_t now = T0 + 41 * DAY + 20 * 3600;
	const struct limber_stats_area *lo, *up, *bo, *none;

	for (int day = 0; day < 42; day++) {
		int64_t at = T0 + day * DAY + 9 * 3600;
		bool first = day < 14, last = day >= 28;

		/* Lower: 6 to 4, -2 and -33%: both thresholds. */
		if (first || last)
			before_in(f, at, LIMBER_AREA_LOWER, first ? 6 : 4, -1);
		/* Upper: 9 to 7 and 7 (mean 7), -22%: 2 points only. */
		if (day % 2 == 0 && (first || last))
			before_in(f, at + 3600, LIMBER_AREA_UPPER,
			    first ? 9 : 7, -1);
		/* Not said: 3 to 2, -1 point but -33%: 30% only. */
		if (day % 7 == 3 && (first || last))
			before_in(f, at + 7200, 0, first ? 3 : 2, -1);
		/* Both: days 1 to 20 only, so not compared. */
		if (day >= 1 && day <= 20)
			before_in(f, at + 3 * 3600, LIMBER_AREA_BOTH, 5, -1);
	}
	/* A logged score and one after now count for nothing here. */
	add_pain(f->j, 0, T0 + 40 * DAY, LIMBER_SCORE_LOGGED, 10);
	before_in(f, now + 60, LIMBER_AREA_LOWER, 10, -1);

	d = load(f->j);
	limber_stats_compute(d, now, &s);
	lo = &s.areas[LIMBER_AREA_LOWER];
	up = &s.areas[LIMBER_AREA_UPPER];
	bo = &s.areas[LIMBER_AREA_BOTH];
	none = &s.areas[0];
	assert_int_equal(lo->nfirst, 14);
	assert_int_equal(lo->nlast, 14);
	assert_int_equal(lo->first_from, limber_local_day(T0));
	assert_int_equal(lo->first_to, limber_local_day(T0) + 13);
	assert_int_equal(lo->last_to, limber_local_day(now));
	assert_int_equal(lo->last_from, limber_local_day(now) - 13);
	assert_true(lo->has_change && near(lo->change, -2) &&
	    near(lo->percent, -100.0 / 3));
	assert_true(lo->points && lo->percent_met);
	assert_int_equal(limber_stats_area_mark(lo), LIMBER_CHANGE_BETTER);

	assert_int_equal(up->nfirst, 7);
	assert_true(near(up->first_mean, 9) && near(up->last_mean, 7));
	assert_true(up->points && !up->percent_met);
	assert_int_equal(limber_stats_area_mark(up), LIMBER_CHANGE_BETTER);

	assert_int_equal(none->nfirst, 2);
	assert_int_equal(none->nlast, 2);
	assert_true(near(none->change, -1) && !none->points &&
	    none->percent_met);
	assert_int_equal(limber_stats_area_mark(none), LIMBER_CHANGE_BETTER);

	assert_int_equal(bo->nlast, 0);
	assert_false(bo->has_change);
	assert_int_equal(limber_stats_area_mark(bo), LIMBER_CHANGE_NONE);

	/* Three weeks in, the two spans overlap: no change yet. */
	limber_stats_compute(d, T0 + 20 * DAY + 12 * 3600, &s);
	assert_true(s.areas[LIMBER_AREA_BOTH].nlast > 0);
	assert_false(s.areas[LIMBER_AREA_BOTH].has_change);
	assert_int_equal(limber_stats_area_mark(&s.areas[LIMBER_AREA_BOTH]),
	    LIMBER_CHANGE_NONE);
	limber_journal_data_free(d);
	stats_agree(f->j);
}

/* Worse by as little as 1 point in 4, less than 2 points: 25%, neither. */
static void
test_stats_a_small_rise_meets_neither_threshold(void **state)
{
	struct fixture *f = *state;
	struct limber_stats s;

	for (int day = 0; day < 42; day++) {
		if (day < 14 || day >= 28)
			before_in(f, T0 + day * DAY + 9 * 3600,
			    LIMBER_AREA_LOWER, day < 14 ? 4 : 5, -1);
	}
	OK(limber_journal_stats(f->j, T0 + 41 * DAY + 20 * 3600, &s, &cause_));
	assert_true(s.areas[LIMBER_AREA_LOWER].has_change);
	assert_true(near(s.areas[LIMBER_AREA_LOWER].change, 1));
	assert_true(near(s.areas[LIMBER_AREA_LOWER].percent, 25));
	assert_false(s.areas[LIMBER_AREA_LOWER].points ||
	    s.areas[LIMBER_AREA_LOWER].percent_met);
	assert_int_equal(limber_stats_area_mark(&s.areas[LIMBER_AREA_LOWER]),
	    LIMBER_CHANGE_NONE);
}

/* Of the sessions with both scores, how many ended lower, higher, level. */
static void
test_stats_sessions_ended_better_worse_or_the_same(void **state)
{
	struct fixture *f = *state;
	struct limber_stats s;
	int64_t id;

	session(f, T0, 5, 3, LIMBER_RECORD_DONE);
	session(f, T0 + DAY, 4, 4, LIMBER_RECORD_DONE);
	session(f, T0 + 2 * DAY, 4, 6, LIMBER_RECORD_STOPPED);
	session(f, T0 + 3 * DAY, 3, 2, LIMBER_RECORD_DONE);
	session(f, T0 + 4 * DAY, 3, -1, LIMBER_RECORD_DONE);
	/* Running: its scores are not a change yet. */
	alive_pid = 4242;
	OK(limber_journal_session_begin(f->j, T0 + 5 * DAY, f->plan, 0, 4242,
	    &id, &cause_));
	add_pain(f->j, id, T0 + 5 * DAY, LIMBER_SCORE_BEFORE, 9);
	add_pain(f->j, id, T0 + 5 * DAY + 60, LIMBER_SCORE_AFTER, 1);
	OK(limber_journal_recover(f->j, alive, NULL, &cause_));

	OK(limber_journal_stats(f->j, T0 + 6 * DAY, &s, &cause_));
	assert_int_equal(s.nchange, 4);
	assert_int_equal(s.nbetter, 2);
	assert_int_equal(s.nworse, 1);
	assert_int_equal(s.nsame, 1);
	stats_agree(f->j);
}

/* Sessions a week count from the first record to now, not before it. */
static void
test_stats_sessions_a_week_from_the_first_record(void **state)
{
	struct fixture *f = *state;
	struct limber_journal_data *d;
	struct limber_stats s;

	/* Nothing yet: no rate. */
	d = load(f->j);
	limber_stats_compute(d, T0, &s);
	limber_journal_data_free(d);
	assert_false(s.has_first_record);

	add_pain(f->j, 0, T0 + 2 * DAY + 3600, LIMBER_SCORE_LOGGED, 4);
	for (int day = 10; day <= 15; day++)
		session(f, T0 + day * DAY + 8 * 3600, 4, 3, LIMBER_RECORD_DONE);
	/* After now: not counted. */
	session(f, T0 + 40 * DAY, 4, 3, LIMBER_RECORD_DONE);

	d = load(f->j);
	/* Day 2 to day 22: 21 days, 3 weeks, 6 sessions. */
	limber_stats_compute(d, T0 + 22 * DAY + 12 * 3600, &s);
	assert_true(s.has_first_record);
	assert_int_equal(s.first_record, T0 + 2 * DAY + 3600);
	assert_int_equal(s.first_record_day, limber_local_day(T0) + 2);
	assert_int_equal(s.record_sessions, 6);
	assert_true(near(s.record_weeks, 3));
	assert_true(near(s.record_per_week, 2));
	/* Day 2 to day 15: 14 days, 2 weeks; and a week at least. */
	limber_stats_compute(d, T0 + 15 * DAY + 20 * 3600, &s);
	assert_true(near(s.record_per_week, 6.0 / (14.0 / 7)));
	limber_stats_compute(d, T0 + 4 * DAY, &s);
	assert_true(near(s.record_weeks, 1));
	assert_int_equal(s.record_sessions, 0);
	limber_journal_data_free(d);
	stats_agree(f->j);
}

/* PEG and PSFS: the first answered asking against the last. */
static void
test_stats_peg_and_psfs_first_against_last(void **state)
{
	struct fixture *f = *state;
	struct limber_journal_data *d;
	struct limber_stats s;
	struct limber_peg p1 = { 6, 7, 8 }, p2 = { 5, 5, 5 }, p3 = { 3, 4, 5 },
			  p4 = { 0, 0, 0 };
	struct limber_psfs_item
	    v1[] = { { "lifting my son", 2 }, { "gardening", 4 } },
	    v2[] = { { "gardening", 7 }, { "lifting my son", 5 } },
	    v3[] = { { "running", 9 } };
	int64_t now = T0 + 30 * DAY;

	OK(limber_journal_add_peg(f->j, T0, NULL, &cause_));
	OK(limber_journal_add_peg(f->j, T0 + 7 * DAY, &p1, &cause_));
	OK(limber_journal_add_peg(f->j, T0 + 14 * DAY, &p2, &cause_));
	OK(limber_journal_add_peg(f->j, T0 + 21 * DAY, NULL, &cause_));
	OK(limber_journal_add_peg(f->j, T0 + 28 * DAY, &p3, &cause_));
	OK(limber_journal_add_peg(f->j, now + 1, &p4, &cause_));
	OK(limber_journal_add_psfs(f->j, T0 + DAY, v1, 2, &cause_));
	OK(limber_journal_add_psfs(f->j, T0 + 15 * DAY, NULL, 0, &cause_));
	OK(limber_journal_add_psfs(f->j, T0 + 29 * DAY, v2, 2, &cause_));

	d = load(f->j);
	limber_stats_compute(d, now, &s);
	/* Answers alone are something to show. */
	assert_false(s.empty);
	assert_int_equal(s.peg.n, 3);
	assert_int_equal(s.peg.nskipped, 2);
	assert_int_equal(s.peg.first_at, T0 + 7 * DAY);
	assert_int_equal(s.peg.last_at, T0 + 28 * DAY);
	assert_true(near(s.peg.first, 7) && near(s.peg.last, 4) &&
	    near(s.peg.change, -3));
	assert_int_equal(s.psfs.n, 2);
	assert_int_equal(s.psfs.nskipped, 1);
	assert_true(near(s.psfs.first, 3) && near(s.psfs.last, 6) &&
	    near(s.psfs.change, 3));
	assert_true(s.psfs.same_activities);
	/* Before the second PEG: one answer, no change. */
	limber_stats_compute(d, T0 + 10 * DAY, &s);
	assert_int_equal(s.peg.n, 1);
	assert_true(near(s.peg.change, 0));
	limber_journal_data_free(d);
	stats_agree(f->j);

	/* New activities: the two are not the same measure. */
	OK(limber_journal_add_psfs(f->j, now, v3, 1, &cause_));
	OK(limber_journal_stats(f->j, now, &s, &cause_));
	assert_int_equal(s.psfs.n, 3);
	assert_true(near(s.psfs.last, 9));
	assert_false(s.psfs.same_activities);
	stats_agree(f->j);
}

/* Version 1 of the schema, as migrations[0] made it, from the current one. */
static void
downgrade_to_version_1(const char *path)
{
	sql_exec(path,
	    "DROP TABLE psfs_score; DROP TABLE psfs; DROP TABLE peg; "
	    "DROP TABLE reminder; DROP TRIGGER pain_score_insert; "
	    "DROP TRIGGER pain_score_delete; DROP TRIGGER pain_score_update; "
	    "DROP TABLE session_score; DROP INDEX pain_session_kind; "
	    "CREATE INDEX pain_session ON pain(session); "
	    "PRAGMA user_version = 1");
}

static void
test_version_1_journal_is_upgraded_and_its_stats_agree(void **state)
{
	struct fixture *f = *state;
	char *before, *after;

	assert_int_equal(LIMBER_JOURNAL_VERSION, 4);
	mixed_journal(f, false);
	before = export_text(f->j);
	limber_journal_close(f->j);
	f->j = NULL;
	downgrade_to_version_1(f->path);
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"), 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_master "
	    "WHERE name = 'session_score'"), 0);

	f->j = must_open(f->path);
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"),
	    LIMBER_JOURNAL_VERSION);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'trigger'"), 3);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_master "
	    "WHERE name = 'pain_session'"), 0);
	/* Every session with a before, during or after score has its row. */
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM session_score"),
	    24);
	after = export_text(f->j);
	assert_string_equal(before, after);
	stats_agree(f->j);

	/* Once upgraded, the triggers keep it: more sessions, still agreed. */
	session(f, T0 + 40 * DAY, 2, 1, LIMBER_RECORD_DONE);
	session(f, T0 + 41 * DAY, 1, -1, LIMBER_RECORD_STOPPED);
	stats_agree(f->j);
	limber_journal_close(f->j);
	f->j = must_open(f->path);
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"),
	    LIMBER_JOURNAL_VERSION);
	free(before);
	free(after);
}

/* Whatever writes to the pain table, session_score follows. */
static void
test_session_scores_follow_every_change_to_the_pain_table(void **state)
{
	struct fixture *f = *state;
	int64_t id;

	id = session(f, T0, 5, 3, LIMBER_RECORD_DONE);
	session(f, T0 + DAY, 4, 4, LIMBER_RECORD_DONE);
	assert_int_equal(sql_int(f->path, "SELECT pain_after - pain_before "
	    "FROM session_score WHERE session = 1"), -2);
	(void)id;
	/* As another program might: change, move and delete scores. */
	sql_exec(f->path, "UPDATE pain SET value = 9 WHERE kind = 'after' AND "
	    "session = 1");
	assert_int_equal(sql_int(f->path, "SELECT pain_after FROM session_score "
	    "WHERE session = 1"), 9);
	stats_agree(f->j);
	sql_exec(f->path, "UPDATE pain SET session = 2 WHERE kind = 'after' AND "
	    "session = 1");
	assert_int_equal(sql_int(f->path, "SELECT pain_after IS NULL FROM "
	    "session_score WHERE session = 1"), 1);
	stats_agree(f->j);
	sql_exec(f->path, "DELETE FROM pain WHERE kind = 'before' AND "
	    "session = 2");
	assert_int_equal(sql_int(f->path, "SELECT pain_before IS NULL FROM "
	    "session_score WHERE session = 2"), 1);
	stats_agree(f->j);
	/* A session deleted takes its row along. */
	sql_exec(f->path, "PRAGMA foreign_keys = ON; DELETE FROM session "
	    "WHERE id = 2");
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM session_score"),
	    1);
	stats_agree(f->j);
}

/* ------------------------------------------------------------------ */
/* Time.                                                               */

static void
test_times_format_and_parse_both_ways(void **state)
{
	char buf[40];
	int64_t t;
	int y, m, d;

	(void)state;
	assert_string_equal(limber_time_iso(T0 + 3661, false, buf, sizeof buf),
	    "2026-11-02T01:01:01Z");
	assert_true(limber_time_parse("2026-11-02T01:01:01Z", &t));
	assert_int_equal(t, T0 + 3661);
	assert_true(limber_time_parse("2026-11-02T02:31:01+01:30", &t));
	assert_int_equal(t, T0 + 3661);
	assert_true(limber_time_parse("2026-11-01T20:01:01-05:00", &t));
	assert_int_equal(t, T0 + 3661);
	assert_false(limber_time_parse("2026-11-02 01:01:01Z", &t));
	assert_false(limber_time_parse("2026-11-02T01:01:01", &t));
	assert_false(limber_time_parse("2025-02-29T00:00:00Z", &t));
	assert_true(limber_time_parse("2024-02-29T00:00:00Z", &t));
	assert_false(limber_time_parse("2026-11-02T24:00:00Z", &t));
	assert_false(limber_time_parse("2026-11-02T01:01:01Z ", &t));
	assert_int_equal(limber_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(limber_days_from_civil(2026, 11, 2) * DAY, T0);
	limber_civil_from_days(limber_days_from_civil(2000, 2, 29), &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20000229);
	assert_int_equal(limber_local_day(T0 + DAY - 1), T0 / DAY);
	/* Local times carry their offset. */
	setenv("TZ", "EST5", 1);
	tzset();
	assert_string_equal(limber_time_iso(T0, true, buf, sizeof buf),
	    "2026-11-01T19:00:00-05:00");
	setenv("TZ", "UTC", 1);
	tzset();
}

/* Reminders (schema 3): prompts, one answer each, adherence by time. */
static void
test_prompts_and_answers_give_adherence(void **state)
{
	struct fixture *f = *state;
	struct limber_adherence a;
	int64_t id[4];
	char *cause = NULL;

	for (int i = 0; i < 4; i++)
		assert_int_equal(limber_journal_add_prompt(f->j, T0 + i * 3600,
		    "desk", LIMBER_REMIND_EVERY, i == 3, &id[i], NULL),
		    LIMBER_OK);
	assert_int_equal(limber_journal_answer_prompt(f->j, id[0], T0 + 10,
	    LIMBER_ANSWER_STARTED, NULL), LIMBER_OK);
	assert_int_equal(limber_journal_answer_prompt(f->j, id[1], T0 + 3610,
	    LIMBER_ANSWER_SNOOZED, NULL), LIMBER_OK);
	assert_int_equal(limber_journal_answer_prompt(f->j, id[2], T0 + 7210,
	    LIMBER_ANSWER_SKIPPED, NULL), LIMBER_OK);
	/* Answered once only; an unknown prompt is not found. */
	assert_int_equal(limber_journal_answer_prompt(f->j, id[0], T0 + 20,
	    LIMBER_ANSWER_SKIPPED, &cause), LIMBER_ERR_INVALID);
	assert_non_null(strstr(cause, "is already answered"));
	free(cause);
	assert_int_equal(limber_journal_answer_prompt(f->j, 999, T0,
	    LIMBER_ANSWER_SKIPPED, NULL), LIMBER_ERR_NOT_FOUND);
	assert_int_equal(limber_journal_add_prompt(f->j, T0, "",
	    LIMBER_REMIND_AT, false, NULL, NULL), LIMBER_ERR_INVALID);

	assert_int_equal(limber_journal_adherence(f->j, INT64_MIN, INT64_MAX,
	    &a, NULL), LIMBER_OK);
	assert_int_equal(a.shown, 4);
	assert_int_equal(a.started, 1);
	assert_int_equal(a.snoozed, 1);
	assert_int_equal(a.skipped, 1);
	assert_int_equal(a.unanswered, 1);
	assert_int_equal(a.late, 1);
	assert_int_equal(limber_journal_adherence(f->j, T0 + 3600, T0 + 7200,
	    &a, NULL), LIMBER_OK);
	assert_int_equal(a.shown, 1);
	assert_int_equal(a.snoozed, 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM reminder WHERE "
	    "answer = 'started' AND answered = 1"), 0);
}

/* A version-2 journal (before reminders) opens, upgrades and keeps all. */
static void
test_version_2_journal_gains_the_reminder_table(void **state)
{
	struct fixture *f = *state;
	char *before, *after;

	/* A few records are enough: the migration only adds a table. */
	add_pain(f->j, 0, T0 - DAY, LIMBER_SCORE_LOGGED, 4);
	session(f, T0, 5, 3, LIMBER_RECORD_DONE);
	before = export_text(f->j);
	limber_journal_close(f->j);
	f->j = NULL;
	sql_exec(f->path,
	    "DROP TABLE psfs_score; DROP TABLE psfs; "
	    "DROP TABLE peg; DROP TABLE reminder; PRAGMA user_version = 2");
	f->j = must_open(f->path);
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"),
	    LIMBER_JOURNAL_VERSION);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM reminder"), 0);
	after = export_text(f->j);
	assert_string_equal(before, after);
	assert_int_equal(limber_journal_add_prompt(f->j, T0, "desk",
	    LIMBER_REMIND_EVERY, false, NULL, NULL), LIMBER_OK);
	free(before);
	free(after);
}

/* ------------------------------------------------------------------ */
/* Outcome measures (schema 4).                                        */

/* A version-3 journal (before the measures) opens, upgrades and keeps all. */
static void
test_version_3_journal_gains_the_measures_tables(void **state)
{
	struct fixture *f = *state;
	const struct limber_peg peg = { 1, 2, 3 };
	struct limber_journal_data *d;
	char *before, *after;

	add_pain(f->j, 0, T0 - DAY, LIMBER_SCORE_LOGGED, 4);
	session(f, T0, 5, 3, LIMBER_RECORD_DONE);
	OK(limber_journal_add_prompt(f->j, T0, "desk", LIMBER_REMIND_EVERY,
	    false, NULL, &cause_));
	before = export_text(f->j);
	limber_journal_close(f->j);
	f->j = NULL;
	sql_exec(f->path,
	    "DROP TABLE psfs_score; DROP TABLE psfs; "
	    "DROP TABLE peg; PRAGMA user_version = 3");
	f->j = must_open(f->path);
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"), 4);
	assert_int_equal(sql_int(f->path,
			     "SELECT count(*) FROM sqlite_master "
			     "WHERE name IN ('peg', 'psfs', 'psfs_score')"),
	    3);
	after = export_text(f->j);
	assert_string_equal(before, after);
	OK(limber_journal_add_peg(f->j, T0 + DAY, &peg, &cause_));
	d = load(f->j);
	assert_int_equal(d->npegs, 1);
	assert_int_equal(d->pegs[0].activity, 3);
	limber_journal_data_free(d);
	free(before);
	free(after);
}

static void
test_measures_refuse_bad_answers_and_record_nothing(void **state)
{
	struct fixture *f = *state;
	const struct limber_peg bad_peg[] = {
		{ 11, 0, 0 },
		{ 0, -1, 0 },
		{ 0, 0, 12 },
	};
	const char *const peg_says[] = {
		"PEG: pain must be a whole number from 0 to 10, not 11",
		"PEG: enjoyment must be a whole number from 0 to 10, not -1",
		"PEG: activity must be a whole number from 0 to 10, not 12",
	};
	char long_name[LIMBER_PSFS_NAME_MAX + 2];
	struct {
		struct limber_psfs_item v[LIMBER_PSFS_MAX + 1];
		size_t n;
		const char *says;
	} bad[] = {
		{ { { "walking", 11 } }, 1,
		    "PSFS: the score of \"walking\" must be a whole number "
		    "from 0 to 10, not 11" },
		{ { { "walking", -1 } }, 1, "not -1" },
		{ { { "", 3 } }, 1,
		    "PSFS: activity 1: an activity's name "
		    "must be text that is not empty" },
		{ { { NULL, 3 } }, 1, "must be text that is not empty" },
		{ { { "   ", 3 } }, 1, "must not be only spaces" },
		{ { { "a", 1 }, { "walk\ning", 3 } }, 2,
		    "PSFS: activity 2: an "
		    "activity's name must not hold control characters" },
		{ { { "walk\x7f", 3 } }, 1, "control characters" },
		{ { { "walk\xc2\x85", 3 } }, 1, "control characters" },
		{ { { "walk\xff", 3 } }, 1, "(UTF-8)" },
		{ { { "walk\xc3", 3 } }, 1, "(UTF-8)" },
		{ { { long_name, 3 } }, 1, "at most 100 bytes long, not 101" },
		{ { { "sit", 1 }, { "walk", 2 }, { "sit", 3 } }, 3,
		    "PSFS: \"sit\" is named twice" },
		{ { { "a", 1 }, { "b", 2 }, { "c", 3 }, { "d", 4 } }, 4,
		    "PSFS: at most 3 activities, not 4" },
	};
	const struct limber_psfs_item fits[] = { { long_name, 10 } };
	struct limber_journal_data *d;
	char *cause;

	memset(long_name, 'x', sizeof long_name);
	long_name[LIMBER_PSFS_NAME_MAX + 1] = '\0';
	for (size_t i = 0; i < nitems(bad_peg); i++)
		EXPECT_FAIL(limber_journal_add_peg(f->j, T0, &bad_peg[i],
				&cause),
		    LIMBER_ERR_INVALID, peg_says[i]);
	for (size_t i = 0; i < nitems(bad); i++) {
		cause = NULL;
		if (limber_journal_add_psfs(f->j, T0, bad[i].v, bad[i].n,
			&cause) != LIMBER_ERR_INVALID)
			fail_msg("case %zu was taken", i);
		if (cause == NULL || strstr(cause, bad[i].says) == NULL)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i,
			    cause ? cause : "(none)", bad[i].says);
		free(cause);
	}
	assert_int_equal(
	    sql_int(f->path,
		"SELECT (SELECT count(*) FROM peg) + "
		"(SELECT count(*) FROM psfs) + (SELECT count(*) FROM psfs_score)"),
	    0);
	/* At the limits: 0 and 10, a name of exactly LIMBER_PSFS_NAME_MAX. */
	long_name[LIMBER_PSFS_NAME_MAX] = '\0';
	OK(limber_journal_add_peg(f->j, T0, &(struct limber_peg){ 0, 10, 0 },
	    &cause_));
	OK(limber_journal_add_psfs(f->j, T0, fits, 1, &cause_));
	d = load(f->j);
	assert_int_equal(d->npegs, 1);
	assert_false(d->pegs[0].skipped);
	assert_int_equal(d->pegs[0].enjoyment, 10);
	assert_int_equal(d->npsfs, 1);
	assert_int_equal(d->psfs[0].n, 1);
	assert_int_equal(strlen(d->psfs[0].activity[0]), LIMBER_PSFS_NAME_MAX);
	assert_int_equal(d->psfs[0].score[0], 10);
	limber_journal_data_free(d);
}

static struct limber_measures_due
due_at(struct fixture *f, int64_t now)
{
	struct limber_measures_due m;

	OK(limber_journal_measures_due(f->j, now, &m, &cause_));
	return m;
}

static void
test_measures_are_due_weekly_and_fortnightly_and_a_skip_counts(void **state)
{
	struct fixture *f = *state;
	const struct limber_peg peg = { 5, 5, 5 };
	const struct limber_psfs_item first[] = { { "sitting", 3 },
		{ "running", 1 } };
	const struct limber_psfs_item second[] = { { "driving", 6 } };
	struct limber_journal_future fut;
	struct limber_measures_due m;
	struct limber_journal_data *d;

	/* Nothing yet: both due, no activities to score again. */
	m = due_at(f, T0);
	assert_true(m.peg);
	assert_true(m.psfs);
	assert_int_equal(m.nactivity, 0);

	OK(limber_journal_add_peg(f->j, T0, &peg, &cause_));
	OK(limber_journal_add_psfs(f->j, T0, first, 2, &cause_));
	m = due_at(f, T0 + LIMBER_PEG_EVERY_S - 1);
	assert_false(m.peg);
	assert_false(m.psfs);
	assert_int_equal(m.nactivity, 2);
	assert_string_equal(m.activity[0], "sitting");
	assert_string_equal(m.activity[1], "running");
	limber_measures_due_free(&m);
	assert_int_equal(m.nactivity, 0);

	/* A week on, PEG is due; PSFS only after two. */
	m = due_at(f, T0 + LIMBER_PEG_EVERY_S);
	assert_true(m.peg);
	assert_false(m.psfs);
	limber_measures_due_free(&m);
	m = due_at(f, T0 + LIMBER_PSFS_EVERY_S);
	assert_true(m.peg);
	assert_true(m.psfs);
	limber_measures_due_free(&m);

	/* Skipped: not asked again for its time, and the activities stay
	   those of the last asking that was answered. */
	OK(limber_journal_add_peg(f->j, T0 + LIMBER_PSFS_EVERY_S, NULL,
	    &cause_));
	OK(limber_journal_add_psfs(f->j, T0 + LIMBER_PSFS_EVERY_S, NULL, 0,
	    &cause_));
	m = due_at(f, T0 + LIMBER_PSFS_EVERY_S + 60);
	assert_false(m.peg);
	assert_false(m.psfs);
	assert_int_equal(m.nactivity, 2);
	assert_string_equal(m.activity[0], "sitting");
	limber_measures_due_free(&m);

	/* An asking dated after now counts for nothing until now reaches it. */
	OK(limber_journal_add_psfs(f->j, T0 + 40 * DAY, second, 1, &cause_));
	OK(limber_journal_add_peg(f->j, T0 + 40 * DAY, &peg, &cause_));
	m = due_at(f, T0 + 39 * DAY);
	assert_true(m.peg);
	assert_true(m.psfs);
	assert_int_equal(m.nactivity, 2);
	limber_measures_due_free(&m);
	/* So the front ends say they are there: two records after now. */
	OK(limber_journal_future(f->j, T0 + 39 * DAY, &fut, &cause_));
	assert_int_equal(fut.count, 2);
	assert_int_equal(fut.first, T0 + 40 * DAY);
	m = due_at(f, T0 + 40 * DAY);
	assert_false(m.peg);
	assert_false(m.psfs);
	assert_int_equal(m.nactivity, 1);
	assert_string_equal(m.activity[0], "driving");
	limber_measures_due_free(&m);

	/* Loaded in time order, skips as skips. */
	d = load(f->j);
	assert_int_equal(d->npegs, 3);
	assert_false(d->pegs[0].skipped);
	assert_true(d->pegs[1].skipped);
	assert_int_equal(d->pegs[1].pain, -1);
	assert_int_equal(d->npsfs, 3);
	assert_int_equal(d->psfs[0].n, 2);
	assert_int_equal(d->psfs[1].n, 0);
	assert_true(d->psfs[1].at < d->psfs[2].at);
	limber_journal_data_free(d);
	/* Since a time: only what is at or after it. */
	OK(limber_journal_load(f->j, T0 + 20 * DAY, &d, &cause_));
	assert_int_equal(d->npegs, 1);
	assert_int_equal(d->npsfs, 1);
	assert_false(limber_journal_data_empty(d));
	limber_journal_data_free(d);
}

/* The same asking imported twice, or twice in one file, goes in once. */
static void
test_import_skips_measures_the_journal_has(void **state)
{
	struct fixture *f = *state;
	const char *doc =
	    "{\"limber_journal\": 3, \"peg\": ["
	    "{\"at\": \"2026-11-02T00:00:00Z\", \"pain\": 6, \"enjoyment\": 3, "
	    "\"activity\": 4},"
	    "{\"at\": \"2026-11-02T00:00:00Z\", \"pain\": 6, \"enjoyment\": 3, "
	    "\"activity\": 4},"
	    "{\"at\": \"2026-11-02T00:00:00Z\", \"pain\": 6, \"enjoyment\": 3, "
	    "\"activity\": 5},"
	    "{\"at\": \"2026-11-02T00:00:00Z\", \"skipped\": true}],"
	    "\"psfs\": [{\"at\": \"2026-11-02T00:00:00Z\", \"activities\": ["
	    "{\"activity\": \"sitting\", \"score\": 3}]},"
	    "{\"at\": \"2026-11-02T00:00:00Z\", \"activities\": ["
	    "{\"activity\": \"walking\", \"score\": 3}]},"
	    "{\"at\": \"2026-11-02T00:00:00Z\", \"skipped\": true}]}";
	const struct limber_psfs_item sitting[] = { { "sitting", 3 } };
	struct limber_import_counts c;

	OK(limber_journal_add_peg(f->j, T0, &(struct limber_peg){ 6, 3, 4 },
	    &cause_));
	OK(limber_journal_add_psfs(f->j, T0, sitting, 1, &cause_));
	OK(limber_journal_import(f->j, "x.json", doc, strlen(doc), LATER, &c,
	    &cause_));
	assert_int_equal(c.pegs, 2);
	assert_int_equal(c.psfs, 2);
	assert_int_equal(c.skipped, 3);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM peg"), 3);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM psfs"), 3);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM psfs_score"),
	    2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_makes_file_0600_in_new_folders_0700_and_leaves_others),
		cmocka_unit_test_setup_teardown(test_open_runs_in_wal_mode_with_foreign_keys, setup, teardown),
		cmocka_unit_test(test_open_missing_without_create_is_not_found_and_makes_nothing),
		cmocka_unit_test_setup_teardown(test_reopen_keeps_everything_and_migrates_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_journal_is_refused_and_left_byte_for_byte, setup, teardown),
		cmocka_unit_test(test_text_file_is_refused_and_left_byte_for_byte),
		cmocka_unit_test_setup_teardown(test_garbled_journal_is_refused_and_left_byte_for_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_journal_is_refused_and_left_byte_for_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_wal_journal_refuses_the_first_write, setup, teardown),
		cmocka_unit_test(test_other_programs_database_is_refused_and_left_byte_for_byte),
		cmocka_unit_test_setup_teardown(test_busy_journal_waits_then_fails_clearly, setup, teardown),
		cmocka_unit_test(test_default_path_follows_xdg_and_home),
		cmocka_unit_test_setup_teardown(test_recover_marks_dead_sessions_interrupted_and_keeps_their_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recover_after_reopen_like_a_killed_coach, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recording_refuses_bad_input_and_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_keeps_its_plan_screening_and_every_part, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_screening_of_empty_journal_is_not_found, setup, teardown),
		cmocka_unit_test(test_effect_of_a_session),
		cmocka_unit_test(test_progress_three_comfortable_add_one_up_to_max),
		cmocka_unit_test(test_progress_worse_takes_one_off_down_to_min_and_neutral_resets),
		cmocka_unit_test(test_progress_clamps_a_dose_outside_the_range_first),
		cmocka_unit_test(test_worse_rule_two_within_seven_days_until_better_or_cleared),
		cmocka_unit_test_setup_teardown(test_three_comfortable_sessions_add_a_repetition_then_worse_removes_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_doses_go_no_higher_than_the_catalog_max_and_feed_the_planner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skipped_stretches_keep_their_dose, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_worse_sessions_within_a_week_raise_the_flag_and_check_says_clinician, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clearance_ends_the_flag_until_two_more_worse_sessions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_day_check_is_due_on_a_later_day_only_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_day_settled_keeps_the_dose_and_a_later_session_cancels_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_import_export_is_identical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_import_names_the_field_and_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_has_a_row_per_record_and_quotes_what_it_must, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_of_an_empty_journal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_of_a_small_known_journal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_marks_thirty_percent_of_a_low_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_from_the_journal_agree_with_the_loaded_ones, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_agree_when_the_first_session_is_not_on_the_first_day, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_1_journal_is_upgraded_and_its_stats_agree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prompts_and_answers_give_adherence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_2_journal_gains_the_reminder_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_scores_follow_every_change_to_the_pain_table, setup, teardown),
		cmocka_unit_test(test_times_format_and_parse_both_ways),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	/*
	 * test.sh's valgrind pass skips the statistics cross-checks, which
	 * compute statistics a thousand times and take minutes there; the
	 * other builds run them (docs/reliability.md).
	 */
	if (getenv("LIMBER_TEST_SKIP") != NULL &&
	    *getenv("LIMBER_TEST_SKIP") != '\0')
		cmocka_set_skip_filter(getenv("LIMBER_TEST_SKIP"));
	/* One test, or a few by a pattern: LIMBER_TEST_ONLY=test_stats_*. */
	if (getenv("LIMBER_TEST_ONLY") != NULL &&
	    *getenv("LIMBER_TEST_ONLY") != '\0')
		cmocka_set_test_filter(getenv("LIMBER_TEST_ONLY"));
	/* docs/safety.md, "Stop rules during a session": warning stops. */
	const struct CMUnitTest warning_tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_warning_stops_count_as_worse_sessions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_history_pages_give_each_item_once, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_notes_longer_than_the_limit_are_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_records_refused_by_a_busy_journal_wait_and_go_in,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_record_that_cannot_go_in_is_given_up, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_warning_at_the_checklist_is_journalled, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_day_hold_after_urgent_emergency_or_a_warning_stop,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_late_warning_stops_the_session_or_is_kept_as_a_note,
		    setup, teardown),
	};
	/* docs/safety.md, "When the clock was wrong": records after now. */
	const struct CMUnitTest clock_tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_worse_flag_counts_only_what_ended_by_now, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_last_check_and_next_day_check_leave_out_what_is_after_now,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_day_hold_waits_for_now_except_a_warning_stop, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_import_refuses_times_more_than_a_day_ahead, setup,
		    teardown),
	};
	/* docs/planner.md, "Variety" and "Progression": what the plan reads. */
	const struct CMUnitTest plan_tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_plan_history_replays_the_stage_in_the_order_sessions_started,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_plan_history_says_when_each_exercise_was_last_done,
		    setup, teardown),
	};
	/* docs/journal.md, "Outcome measures" (schema 4). */
	const struct CMUnitTest measures_tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_version_3_journal_gains_the_measures_tables, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_measures_refuse_bad_answers_and_record_nothing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_measures_are_due_weekly_and_fortnightly_and_a_skip_counts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_import_skips_measures_the_journal_has, setup,
		    teardown),
	};
	/* docs/journal.md, "Statistics": is it helping, is it being done. */
	const struct CMUnitTest stats_tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_stats_pain_change_by_area_against_both_thresholds,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_stats_a_small_rise_meets_neither_threshold, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_stats_sessions_ended_better_worse_or_the_same, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_stats_sessions_a_week_from_the_first_record, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_stats_peg_and_psfs_first_against_last, setup,
		    teardown),
	};
	const struct CMUnitTest words_tests[] = {
		cmocka_unit_test(test_stop_reasons_are_said_in_words),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	failed += cmocka_run_group_tests(words_tests, NULL, NULL);

	failed += cmocka_run_group_tests(warning_tests, NULL, NULL);
	failed += cmocka_run_group_tests(plan_tests, NULL, NULL);
	failed += cmocka_run_group_tests(measures_tests, NULL, NULL);
	failed += cmocka_run_group_tests(stats_tests, NULL, NULL);
	return failed + cmocka_run_group_tests(clock_tests, NULL, NULL);
}
