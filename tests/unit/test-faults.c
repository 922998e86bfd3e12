/*
 * test-faults.c - the journal when the machine fails under it.
 *
 * A shim over SQLite's own file layer (a VFS that wraps the default one)
 * fails the Nth write or sync with an I/O error, or makes the disk full
 * from the Nth write on; SQLite's allocator hook fails its Nth allocation;
 * jansson's does the same for the JSON a session's plan is stored as.
 * For every N, until a run goes through with no fault, a script of
 * records is written as the coach and the server write them: a check, a
 * session with its scores, stretch and end, a score by hand, a note, a
 * clearance; then an import of a file of every kind of record. Then,
 * with the faults gone, the journal must open, pass SQLite's integrity
 * check and hold every record whose call said it was written, and the
 * import's records all or none; every call that failed must have said so
 * with a message that names the journal.
 *
 * The journal lives in /dev/shm when there is one, so that the thousands
 * of syncs cost little.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "limber/limber.h"
#include "util.h"

#define T0 ((int64_t)1793577600)

/*
 * The imported file's records, each of a kind, all at T0 + 100 or later
 * (the script's are before), so that a half-done import shows.
 */
#define IMPORTED (T0 + 100)
static const char import_text[] =
    "{\"limber_journal\": 2,"
    " \"screenings\": [{\"at\": \"2026-11-02T00:01:40Z\", \"pain\": 5,"
    "  \"area\": \"both\", \"yes\": [\"knee-problem\"],"
    "  \"verdict\": \"caution\"}],"
    " \"sessions\": [{\"started\": \"2026-11-02T00:01:41Z\","
    "  \"ended\": \"2026-11-02T00:01:45Z\", \"state\": \"done\","
    "  \"reason\": null, \"last_step\": 0, \"next_day\": null,"
    "  \"screening\": 0, \"plan\": {\"area\": \"both\", \"items\":"
    "  [{\"stretch\": \"neck-rolls\", \"name\": \"Neck rolls\"}]},"
    "  \"stretches\": [{\"at\": \"2026-11-02T00:01:42Z\","
    "   \"stretch\": \"neck-rolls\", \"variant\": null, \"reps\": 2,"
    "   \"sides\": 1, \"skipped\": false}],"
    "  \"pain\": [{\"at\": \"2026-11-02T00:01:41Z\", \"kind\": \"before\","
    "   \"value\": 6, \"area\": null, \"note\": null}],"
    "  \"notes\": [{\"at\": \"2026-11-02T00:01:42Z\", \"text\": \"in\"}]}],"
    " \"pain\": [{\"at\": \"2026-11-02T00:01:50Z\", \"kind\": \"logged\","
    "  \"value\": 7, \"area\": \"upper\", \"note\": null}],"
    " \"notes\": [{\"at\": \"2026-11-02T00:01:51Z\", \"text\": \"out\"}],"
    " \"clearances\": [{\"at\": \"2026-11-02T00:01:52Z\", \"note\": null}],"
    " \"doses\": [{\"stretch\": \"imported\", \"reps\": 2, \"streak\": 0}],"
    " \"reminders\": [{\"at\": \"2026-11-02T00:01:53Z\","
    "  \"schedule\": \"desk\", \"kind\": \"every\", \"late\": false,"
    "  \"answer\": null, \"answered\": null}]}";

/* ------------------------------------------------------------------ */
/* The faults.                                                         */

enum fault_mode {
	FAULT_NONE,
	FAULT_IOERR,		/* the Nth write or sync fails, once */
	FAULT_FULL,		/* every write from the Nth on: disk full */
	FAULT_SQLITE_MALLOC,	/* SQLite's Nth allocation fails, once */
	FAULT_JSON_MALLOC,	/* jansson's Nth allocation fails, once */
};

static enum fault_mode mode;
static long fault_at;		/* N */
static long fault_count;	/* events of the mode's kind so far */
static long faults_hit;		/* faults given in this run */

/* The mode of the run being checked, for messages. */
static enum fault_mode m_now;
/*
 * Sessions stored with a plan that is not JSON. jansson's json_dumps
 * ignores a failed allocation while it writes an object's key and goes
 * on, so it can give text with the key missing; the program makes
 * jansson abort on out of memory (cli/main.c) for that reason, and this
 * counts what the library alone would store.
 */
static long bad_plans;

static bool
fault_now(enum fault_mode kind)
{
	if (mode != kind)
		return false;
	fault_count++;
	if (kind == FAULT_FULL ? fault_count >= fault_at :
	    fault_count == fault_at) {
		faults_hit++;
		return true;
	}
	return false;
}

struct ffile {
	sqlite3_file base;
	sqlite3_file *real;
};

static sqlite3_vfs *real_vfs;
static sqlite3_vfs faulty_vfs;

#define REAL(f) (((struct ffile *)(f))->real)

static int
f_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

static int
f_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

static int
f_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	if (fault_now(FAULT_IOERR))
		return SQLITE_IOERR_WRITE;
	if (fault_now(FAULT_FULL))
		return SQLITE_FULL;
	return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}

static int
f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (fault_now(FAULT_IOERR))
		return SQLITE_IOERR_TRUNCATE;
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int
f_sync(sqlite3_file *f, int flags)
{
	if (fault_now(FAULT_IOERR))
		return SQLITE_IOERR_FSYNC;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int
f_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int
f_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}

static int
f_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}

static int
f_check_lock(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int
f_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int
f_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int
f_device(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int
f_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, pp);
}

static int
f_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}

static void
f_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int
f_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

/* Version 2: WAL's shared memory; no memory-mapped reads (version 3). */
static const sqlite3_io_methods f_methods = {
	2, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock,
	f_unlock, f_check_lock, f_control, f_sector, f_device, f_shm_map,
	f_shm_lock, f_shm_barrier, f_shm_unmap, NULL, NULL,
};

static int
f_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
    int *out)
{
	struct ffile *p = (struct ffile *)f;
	int rc;

	(void)vfs;
	p->real = (sqlite3_file *)(p + 1);
	rc = real_vfs->xOpen(real_vfs, name, p->real, flags, out);
	p->base.pMethods = p->real->pMethods != NULL ? &f_methods : NULL;
	return rc;
}

static sqlite3_mem_methods real_mem;

static void *
m_malloc(int n)
{
	return fault_now(FAULT_SQLITE_MALLOC) ? NULL : real_mem.xMalloc(n);
}

static void *
m_realloc(void *p, int n)
{
	return fault_now(FAULT_SQLITE_MALLOC) ? NULL : real_mem.xRealloc(p, n);
}

static void *
j_malloc(size_t n)
{
	return fault_now(FAULT_JSON_MALLOC) ? NULL : malloc(n);
}

static void
install_faults(void)
{
	sqlite3_mem_methods m;

	/* Before SQLite starts: the allocator can be set only then. */
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK)
		abort();
	m = real_mem;
	m.xMalloc = m_malloc;
	m.xRealloc = m_realloc;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK)
		abort();
	json_set_alloc_funcs(j_malloc, free);
	real_vfs = sqlite3_vfs_find(NULL);
	faulty_vfs = *real_vfs;
	faulty_vfs.zName = "limber-faults";
	faulty_vfs.szOsFile = (int)sizeof(struct ffile) + real_vfs->szOsFile;
	faulty_vfs.xOpen = f_open;
	faulty_vfs.pNext = NULL;
	if (sqlite3_vfs_register(&faulty_vfs, 1) != SQLITE_OK)
		abort();
}

/* ------------------------------------------------------------------ */
/* The script and its check.                                           */

static void
rm_rf(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char *sub;

		if (e->d_name[0] == '.')
			continue;
		sub = xasprintf("%s/%s", path, e->d_name);
		unlink(sub);
		free(sub);
	}
	closedir(d);
	rmdir(path);
}

/* What each call of the script said. */
struct outcome {
	bool open;
	bool screening, begin, before, progress, stretch, after, end;
	bool logged, note, clearance, screening2;
	bool measures; /* a PEG and a PSFS asking, in one go */
	bool imported;
	int failures;
};

struct script {
	const char *path;
	struct limber_catalog *cat;
	struct limber_plan *plan;
};

/* A call's result: a failure must say so, naming the journal. */
static bool
said(const struct script *s, enum limber_status rc, char **cause,
    struct outcome *o)
{
	if (rc == LIMBER_OK) {
		assert_null(*cause);
		return true;
	}
	/*
	 * The journal's own failures name it. With jansson out of memory
	 * the library says what it could not do, not always why (the
	 * program never meets that: jansson aborts there, cli/main.c).
	 */
	if (*cause == NULL || **cause == '\0' ||
	    (strncmp(*cause, s->path, strlen(s->path)) != 0 &&
	    mode != FAULT_JSON_MALLOC))
		fail_msg("a failure (N=%ld, mode %d) without a message naming "
		    "the journal: %s", fault_at, (int)mode,
		    *cause != NULL ? *cause : "(none)");
	if (mode == FAULT_FULL && strstr(*cause, "full") == NULL &&
	    strstr(*cause, "disk") == NULL)
		fail_msg("disk full (N=%ld) said as: %s", fault_at, *cause);
	free(*cause);
	*cause = NULL;
	o->failures++;
	return false;
}

static void
run_script(const struct script *s, struct outcome *o)
{
	struct limber_journal *j = NULL;
	const char *yes[] = { "knee-problem" };
	struct limber_answers ans = { .pain = 2, .area = LIMBER_AREA_LOWER };
	struct limber_answers ans2 = { .pain = 3, .area = LIMBER_AREA_UPPER,
	    .yes = yes, .nyes = 1 };
	struct limber_stretch_done sd = { .stretch = "childs-pose", .reps = 3,
	    .sides = 1 };
	struct limber_pain_entry before = { .at = T0 + 3, .value = 3,
	    .area = LIMBER_AREA_LOWER, .kind = LIMBER_SCORE_BEFORE };
	struct limber_pain_entry after = { .at = T0 + 6, .value = 2,
	    .kind = LIMBER_SCORE_AFTER };
	struct limber_pain_entry logged = { .at = T0 + 10, .value = 4,
	    .kind = LIMBER_SCORE_LOGGED, .note = "after gardening" };
	const struct limber_peg peg = { 5, 4, 6 };
	const struct limber_psfs_item psfs[] = { { "gardening", 3 },
		{ "walking to the shop", 6 } };
	int64_t screening = 0, session = 0;
	char *cause = NULL;

	memset(o, 0, sizeof *o);
	o->open = said(s, limber_journal_open(s->path, LIMBER_JOURNAL_CREATE,
	    &j, &cause), &cause, o);
	if (!o->open)
		return;
	o->screening = said(s, limber_journal_add_screening(j, T0 + 1, &ans,
	    LIMBER_LEVEL_GO, &screening, &cause), &cause, o);
	o->begin = said(s, limber_journal_session_begin(j, T0 + 2, s->plan,
	    o->screening ? screening : 0, getpid(), &session, &cause), &cause,
	    o);
	if (o->begin) {
		before.session = session;
		after.session = session;
		o->before = said(s, limber_journal_add_pain(j, &before, NULL,
		    &cause), &cause, o);
		o->progress = said(s, limber_journal_session_progress(j,
		    session, T0 + 4, 0, &cause), &cause, o);
		o->stretch = said(s, limber_journal_add_stretch(j, session,
		    T0 + 5, &sd, &cause), &cause, o);
		o->after = said(s, limber_journal_add_pain(j, &after, NULL,
		    &cause), &cause, o);
		o->end = said(s, limber_journal_session_end(j, session, T0 + 7,
		    LIMBER_RECORD_DONE, NULL, s->cat, &cause), &cause, o);
	}
	o->logged = said(s, limber_journal_add_pain(j, &logged, NULL, &cause),
	    &cause, o);
	o->note = said(s, limber_journal_add_note(j, T0 + 11, 0, "a note",
	    &cause), &cause, o);
	o->clearance = said(s, limber_journal_add_clearance(j, T0 + 12, NULL,
	    &cause), &cause, o);
	o->screening2 = said(s, limber_journal_add_screening(j, T0 + 13,
	    &ans2, LIMBER_LEVEL_CAUTION, NULL, &cause), &cause, o);
	o->measures = said(s,
	    limber_journal_add_measures(j, T0 + 14, true, &peg, true, psfs, 2,
		&cause),
	    &cause, o);
	/*
	 * Not with jansson's allocations failing: its parser (2.14) then
	 * writes past its own buffer, in json_loadb. The program never meets
	 * that (jansson aborts there, cli/main.c); all or none is shown by the
	 * other faults.
	 */
	if (mode != FAULT_JSON_MALLOC)
		o->imported = said(s,
		    limber_journal_import(j, s->path, import_text,
			strlen(import_text), T0 + 1000, NULL, &cause),
		    &cause, o);
	limber_journal_close(j);
}

static void
integrity_ok(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1,
	    &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
		fail_msg("N=%ld mode %d: integrity_check: %s", fault_at,
		    (int)mode, sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

enum import_kind { IMPORT_PAIN, IMPORT_NOTE, IMPORT_CLEARANCE };

/* The script's own loose records of a kind (not the import's). */
static size_t
script_count(const struct limber_journal_data *d, enum import_kind k)
{
	size_t n = 0;

	for (size_t i = 0; k == IMPORT_PAIN && i < d->npain; i++)
		n += d->pain[i].at < IMPORTED;
	for (size_t i = 0; k == IMPORT_NOTE && i < d->nnotes; i++)
		n += d->notes[i].at < IMPORTED;
	for (size_t i = 0; k == IMPORT_CLEARANCE && i < d->nclearances; i++)
		n += d->clearances[i].at < IMPORTED;
	return n;
}

/*
 * The import's ten records (a screening with its answer, a session with
 * its stretch, score and note, a score, a note, a clearance, a dose, a
 * prompt) are all there when it said so, and none when it failed.
 */
static void
imported_all_or_none(const struct limber_journal_data *d,
    const struct outcome *o)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nscreenings; i++)
		n += d->screenings[i].at >= IMPORTED &&
		    d->screenings[i].nyes == 1;
	for (size_t i = 0; i < d->nsessions; i++) {
		const struct limber_journal_session *s = &d->sessions[i];

		if (s->started >= IMPORTED)
			n += 1 + s->nstretches + s->npain + s->nnotes;
	}
	for (size_t i = 0; i < d->npain; i++)
		n += d->pain[i].at >= IMPORTED;
	for (size_t i = 0; i < d->nnotes; i++)
		n += d->notes[i].at >= IMPORTED;
	for (size_t i = 0; i < d->nclearances; i++)
		n += d->clearances[i].at >= IMPORTED;
	for (size_t i = 0; i < d->ndoses; i++)
		n += strcmp(d->doses[i].stretch, "imported") == 0;
	for (size_t i = 0; i < d->nprompts; i++)
		n += d->prompts[i].at >= IMPORTED;
	if (n != (o->imported ? 10 : 0)) {
		const char *said = o->imported ? "said it was done" : "failed";

		fail_msg("N=%ld mode %d: the import %s, and the journal holds "
			 "%zu of its 10 records",
		    fault_at, (int)m_now, said, n);
	}
}

/*
 * The PEG and the PSFS of one sitting (limber_journal_add_measures) are
 * both there, whole, when it said so, and neither when it failed.
 */
static void
measures_all_or_none(const struct limber_journal_data *d,
    const struct outcome *o)
{
	size_t npeg = 0, npsfs = 0;

	for (size_t i = 0; i < d->npegs; i++) {
		if (d->pegs[i].at != T0 + 14)
			continue;
		npeg++;
		if (d->pegs[i].skipped || d->pegs[i].pain != 5 ||
		    d->pegs[i].enjoyment != 4 || d->pegs[i].activity != 6)
			fail_msg("N=%ld mode %d: the PEG is not as written",
			    fault_at, (int)mode);
	}
	for (size_t i = 0; i < d->npsfs; i++) {
		if (d->psfs[i].at != T0 + 14)
			continue;
		npsfs++;
		if (d->psfs[i].n != 2 || d->psfs[i].score[0] != 3 ||
		    d->psfs[i].score[1] != 6 ||
		    strcmp(d->psfs[i].activity[1], "walking to the shop") != 0)
			fail_msg("N=%ld mode %d: the PSFS is not whole",
			    fault_at, (int)mode);
	}
	if (npeg != (o->measures ? 1u : 0u) || npsfs != npeg)
		fail_msg("N=%ld mode %d: %zu PEG and %zu PSFS askings when the "
			 "call said %s",
		    fault_at, (int)mode, npeg, npsfs,
		    o->measures ? "written" : "not written");
}

/* Everything the script was told was written is there. */
static void
check_kept(const struct script *s, const struct outcome *o)
{
	struct limber_journal *j = NULL;
	struct limber_journal_data *d = NULL;
	const struct limber_journal_session *ses = NULL;
	bool first = false, second = false, before = false, after = false;
	char *cause = NULL;

	integrity_ok(s->path);
	if (limber_journal_open(s->path, 0, &j, &cause) != LIMBER_OK)
		fail_msg("N=%ld mode %d: the journal does not open after the "
		    "fault: %s", fault_at, (int)mode, cause);
	if (limber_journal_load(j, INT64_MIN, &d, &cause) != LIMBER_OK)
		fail_msg("N=%ld mode %d: the journal cannot be read after the "
		    "fault: %s", fault_at, (int)mode, cause);
	for (size_t i = 0; i < d->nscreenings; i++) {
		first |= d->screenings[i].at == T0 + 1 &&
		    d->screenings[i].pain == 2;
		second |= d->screenings[i].at == T0 + 13 &&
		    d->screenings[i].nyes == 1 &&
		    strcmp(d->screenings[i].yes[0], "knee-problem") == 0;
	}
	if ((o->screening && !first) || (o->screening2 && !second))
		fail_msg("N=%ld mode %d: a check said written is missing",
		    fault_at, (int)mode);
	for (size_t i = 0; i < d->nsessions; i++) {
		if (d->sessions[i].started == T0 + 2)
			ses = &d->sessions[i];
	}
	if (o->begin && ses == NULL)
		fail_msg("N=%ld mode %d: the session is missing", fault_at,
		    (int)mode);
	if (ses != NULL) {
		for (size_t i = 0; i < ses->npain; i++) {
			before |= ses->pain[i].kind == LIMBER_SCORE_BEFORE &&
			    ses->pain[i].value == 3;
			after |= ses->pain[i].kind == LIMBER_SCORE_AFTER &&
			    ses->pain[i].value == 2;
		}
		if ((o->before && !before) || (o->after && !after) ||
		    (o->stretch && ses->nstretches != 1) ||
		    (o->progress && ses->last_step < 0) ||
		    (o->end && ses->state != LIMBER_RECORD_DONE))
			fail_msg("N=%ld mode %d: part of the session said "
			    "written is missing", fault_at, (int)mode);
		/* The plan is kept whole, or the session is not there. */
		json_error_t err;
		json_t *plan = json_loads(ses->plan, 0, &err);
		if (plan == NULL && m_now == FAULT_JSON_MALLOC)
			bad_plans++;
		else if (plan == NULL)
			fail_msg("N=%ld mode %d: the session's plan is not "
			    "JSON (%s): %.300s", fault_at, (int)m_now, err.text,
			    ses->plan);
		json_decref(plan);
	}
	if (o->logged &&
	    (script_count(d, IMPORT_PAIN) != 1 || d->pain[0].value != 4 ||
		d->pain[0].note == NULL ||
		strcmp(d->pain[0].note, "after gardening") != 0))
		fail_msg("N=%ld mode %d: the logged score is missing", fault_at,
		    (int)mode);
	if (o->note &&
	    (script_count(d, IMPORT_NOTE) != 1 ||
		strcmp(d->notes[0].text, "a note") != 0))
		fail_msg("N=%ld mode %d: the note is missing", fault_at,
		    (int)mode);
	if (o->clearance && script_count(d, IMPORT_CLEARANCE) != 1)
		fail_msg("N=%ld mode %d: the clearance is missing", fault_at,
		    (int)mode);
	measures_all_or_none(d, o);
	imported_all_or_none(d, o);
	limber_journal_data_free(d);
	limber_journal_close(j);
}

/*
 * Every N from 1 until a run meets no fault. Returns the number of runs
 * in which a fault was given.
 */
static long
every_n(enum fault_mode m, const struct script *base)
{
	const char *shm = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	const char *env = getenv("LIMBER_FAULT_STEP");
	long runs = 0, failed_calls = 0, step = 1;

	/* Under valgrind, every Kth N only (test.sh; docs/reliability.md). */
	if (env != NULL && !util_parse_int(env, 1, 1000, &step))
		fail_msg("LIMBER_FAULT_STEP must be 1 to 1000, not %s", env);
	bad_plans = 0;
	for (long n = 1; n < 100000; n += step) {
		char *dir = xasprintf("%s/limber-faults-XXXXXX", shm);
		struct script s = *base;
		struct outcome o;
		struct limber_journal *j = NULL;
		char *cause = NULL;

		if (mkdtemp(dir) == NULL)
			fail_msg("mkdtemp: %s", strerror(errno));
		s.path = xasprintf("%s/journal.db", dir);
		/* An existing journal, as the user's would be. */
		assert_int_equal(limber_journal_open(s.path,
		    LIMBER_JOURNAL_CREATE, &j, &cause), LIMBER_OK);
		limber_journal_close(j);

		mode = m;
		m_now = m;
		fault_at = n;
		fault_count = 0;
		faults_hit = 0;
		run_script(&s, &o);
		mode = FAULT_NONE;
		if (faults_hit == 0 && o.failures != 0)
			fail_msg("mode %d: %d calls failed with no fault given",
			    (int)m, o.failures);
		check_kept(&s, &o);
		failed_calls += o.failures;
		rm_rf(dir);
		free((char *)s.path);
		free(dir);
		if (faults_hit == 0) {
			print_message("mode %d: %ld points of failure (every "
			    "%ld), %ld calls refused, every record said written "
			    "kept\n", (int)m, runs, step, failed_calls);
			if (bad_plans > 0)
				print_message("mode %d: %ld sessions stored with "
				    "a plan jansson wrote wrong\n", (int)m,
				    bad_plans);
			/* Some fault must have made some call fail. */
			assert_true(runs > 0);
			assert_true(failed_calls > 0);
			return runs;
		}
		runs++;
	}
	fail_msg("mode %d: the script never ran free of faults", (int)m);
	return 0;
}

static int
setup(void **state)
{
	struct script *s = xcalloc(1, sizeof *s);
	struct limber_request req = {
		.area = LIMBER_AREA_LOWER,
		.minutes = 5,
		.context = LIMBER_CONTEXT_GENERAL,
	};
	char *cause = NULL;

	assert_int_equal(limber_catalog_builtin(&s->cat, &cause), LIMBER_OK);
	assert_int_equal(limber_plan_build(s->cat, &req, &s->plan, &cause),
	    LIMBER_OK);
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	struct script *s = *state;

	limber_plan_free(s->plan);
	limber_catalog_free(s->cat);
	free(s);
	return 0;
}

static void
test_io_error_at_every_write_and_sync(void **state)
{
	every_n(FAULT_IOERR, *state);
}

static void
test_disk_full_from_every_write(void **state)
{
	every_n(FAULT_FULL, *state);
}

static void
test_sqlite_allocation_failure_at_every_allocation(void **state)
{
	every_n(FAULT_SQLITE_MALLOC, *state);
}

static void
test_json_allocation_failure_at_every_allocation(void **state)
{
	every_n(FAULT_JSON_MALLOC, *state);
}

/*
 * limber's own allocations (util.h) end the process with a message, by
 * policy (docs/reliability.md): shown here in a child whose allocation
 * cannot be met. Not under ASan, whose allocator reports instead.
 */
static void
test_own_allocation_failure_ends_with_a_message(void **state)
{
#if defined(__SANITIZE_ADDRESS__)
	(void)state;
	skip();
#else
	int fds[2], status;
	char buf[256];
	ssize_t n;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		volatile size_t huge = SIZE_MAX / 2;

		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		(void)xmalloc(huge);
		_exit(0);	/* not reached */
	}
	close(fds[1]);
	n = read(fds[0], buf, sizeof buf - 1);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_non_null(strstr(buf, "limber: out of memory"));
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
#endif
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_io_error_at_every_write_and_sync),
		cmocka_unit_test(test_disk_full_from_every_write),
		cmocka_unit_test(test_sqlite_allocation_failure_at_every_allocation),
		cmocka_unit_test(test_json_allocation_failure_at_every_allocation),
		cmocka_unit_test(test_own_allocation_failure_ends_with_a_message),
	};

	install_faults();
	return cmocka_run_group_tests(tests, setup, teardown);
}
