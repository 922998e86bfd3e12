/*
 * fuzz-import.c - libFuzzer harness for `limber import` and for everything
 * that reads what it took in.
 *
 * `limber import` reads a file a person may have edited by hand; any bytes
 * must give a clean check or an error that names the file, line and
 * column, never a crash, a leak or a read past the end. What the check accepts is then imported,
 * as the real command does, into a fresh journal (a file in a folder the
 * harness makes once), read back, and given to every reader of the
 * journal that a front end calls: the JSON, CSV and FHIR exports, the
 * statistics (from the loaded journal and from SQL) and the report's data
 * with its JSON (the drawing needs cairo and is left to the report tests).
 * None may crash or fail on it, and the JSON export must pass the same
 * check again. A plan without its area passed the check and crashed the
 * FHIR export (docs/reliability.md).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "limber/limber.h"
#include "limber/report.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 2026-12-01 00:00:00 UTC: after every time in the corpus but one's. */
#define FUZZ_NOW ((int64_t)1796083200)

static char *dir, *path;

/* Whether cause places its fault, as "fuzz.json:LINE:COL: ..." does. */
static bool
placed(const char *cause)
{
	const char *p = cause + strlen("fuzz.json");

	if (strncmp(cause, "fuzz.json", strlen("fuzz.json")) != 0)
		return false;
	for (int part = 0; part < 2; part++) {
		if (*p++ != ':' || *p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return p[0] == ':' && p[1] == ' ';
}

static void
remove_journal(void)
{
	static const char *const suffixes[] = { "", "-wal", "-shm",
		"-journal" };
	char *p;

	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		p = xasprintf("%s%s", path, suffixes[i]);
		unlink(p);
		free(p);
	}
}

static void
clean_up(void)
{
	remove_journal();
	rmdir(dir);
	free(path);
	free(dir);
}

/* The folder for the journal, made on the first input, gone at exit. */
static void
make_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	if (dir != NULL)
		return;
	dir = xasprintf("%s/limber-fuzz-import-XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		abort();
	}
	path = xasprintf("%s/journal.db", dir);
	atexit(clean_up);
}

static void
must(enum limber_status st, char *cause)
{
	if (st != LIMBER_OK) {
		fprintf(stderr, "fuzz-import: %s\n",
		    cause ? cause : "(no cause)");
		abort();
	}
}

static void
dump(json_t *j)
{
	char *text;

	if (j == NULL)
		abort();
	text = json_dumps(j, 0);
	if (text == NULL)
		abort();
	free(text);
	json_decref(j);
}

/* The latest time anything in d holds, so the report's weeks reach it. */
static int64_t
latest(const struct limber_journal_data *d)
{
	struct limber_journal_item *t;
	int64_t at = FUZZ_NOW;
	size_t n;

	t = limber_journal_data_items(d, &n);
	if (n > 0)
		at = t[n - 1].at;
	free(t);
	for (size_t i = 0; i < d->nsessions; i++)
		if (d->sessions[i].state != LIMBER_RECORD_RUNNING &&
		    d->sessions[i].ended > at)
			at = d->sessions[i].ended;
	return at;
}

/* Everything that reads the journal, over what import took in. */
static void
read_back(struct limber_journal *j)
{
	struct limber_journal_data *d = NULL;
	struct limber_report *r;
	struct limber_stats stats;
	char *cause = NULL, *text;
	json_t *export;
	int64_t at;

	must(limber_journal_load(j, INT64_MIN, &d, &cause), cause);

	export = limber_journal_data_to_json(d, false);
	text = export != NULL ? json_dumps(export, JSON_INDENT(2)) : NULL;
	json_decref(export);
	if (text == NULL)
		abort();
	/* What limber exports, limber imports: the same check passes. */
	if (limber_journal_import(NULL, "export.json", text, strlen(text),
		FUZZ_NOW, NULL, &cause) != LIMBER_OK) {
		fprintf(stderr, "fuzz-import: the export is refused: %s\n%s\n",
		    cause ? cause : "(no cause)", text);
		abort();
	}
	free(text);
	dump(limber_journal_data_to_json(d, true));
	text = limber_journal_data_to_csv(d, false);
	if (text == NULL)
		abort();
	free(text);
	free(limber_journal_data_to_csv(d, true));
	dump(limber_journal_data_to_fhir(d, FUZZ_NOW));

	limber_stats_compute(d, FUZZ_NOW, &stats);
	dump(limber_stats_to_json(&stats));
	must(limber_journal_stats(j, FUZZ_NOW, &stats, &cause), cause);
	dump(limber_stats_to_json(&stats));

	at = latest(d);
	r = limber_report_build(d, at, LIMBER_REPORT_WEEKS_MAX);
	dump(limber_report_to_json(r));
	limber_report_free(r);
	r = limber_report_build(d, FUZZ_NOW, LIMBER_REPORT_WEEKS_DEFAULT);
	dump(limber_report_to_json(r));
	limber_report_free(r);
	limber_journal_data_free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limber_import_counts counts;
	struct limber_journal *j = NULL;
	char *cause = NULL;

	/* A fixed now: the same bytes always give the same answer. */
	if (limber_journal_import(NULL, "fuzz.json", (const char *)data, size,
		FUZZ_NOW, &counts, &cause) != LIMBER_OK) {
		if (cause == NULL || !placed(cause))
			abort();
		free(cause);
		return 0;
	}

	/* Accepted: into a fresh journal, as `limber import` does, and back. */
	make_dir();
	remove_journal();
	must(limber_journal_open(path, LIMBER_JOURNAL_CREATE, &j, &cause),
	    cause);
	must(limber_journal_import(j, "fuzz.json", (const char *)data, size,
		 FUZZ_NOW, &counts, &cause),
	    cause);
	read_back(j);
	limber_journal_close(j);
	return 0;
}
