/*
 * cmd-export.c - `limber export`: the whole journal as JSON or CSV, for a
 * clinician's system, a spreadsheet or a backup.
 *
 * JSON is the journal's full form (docs/journal.md): 'limber import' reads
 * it back and loses nothing. CSV is one row per record, for reading in a
 * spreadsheet; it cannot be imported. FHIR is an HL7 FHIR R4 Bundle
 * (lib/fhir.c, docs/report.md) for a clinician's system; it cannot be
 * imported either. Times are in UTC. With --out, the
 * file is written under a temporary name beside FILE and renamed into
 * place, so a crash or a full disk never leaves half an export; it is
 * private (0600), as the journal is.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "cli.h"
#include "limber/report.h"
#include "util.h"

enum export_format { EXPORT_JSON, EXPORT_CSV, EXPORT_FHIR };

static const struct cli_opt export_opts[] = {
	{ "format", "FORMAT",
	    N_("json (the default, which 'limber import' "
	       "reads back), csv (a row per record, for spreadsheets) or fhir "
	       "(an HL7 FHIR R4 Bundle, for a clinician's system)"),
	    CLI_KEY_FORMAT, NULL },
	{ "out", "FILE",
	    N_("write to FILE instead of the standard output; FILE "
	       "is replaced whole, only once the export is complete"),
	    CLI_KEY_OUT, NULL },
	{ 0 },
};

struct export_opts {
	enum export_format format;
	const char *out;
};

static int
export_option(void *data, int key, const char *arg)
{
	struct export_opts *o = data;

	switch (key) {
	case CLI_KEY_FORMAT:
		if (strcmp(arg, "json") == 0)
			o->format = EXPORT_JSON;
		else if (strcmp(arg, "csv") == 0)
			o->format = EXPORT_CSV;
		else if (strcmp(arg, "fhir") == 0)
			o->format = EXPORT_FHIR;
		else {
			cli_error(
			    _("--format must be json, csv or fhir, not '%s'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		return CLI_CONTINUE;
	case CLI_KEY_OUT:
		return cli_out_option(arg, &o->out);
	}
	return CLI_NOT_MINE;
}

static bool
write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, s, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		s += n;
		len -= (size_t)n;
	}
	return true;
}

/* Write text to path through a temporary file renamed into place. */
static int
write_file(const char *path, const char *text)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd, rc = CLI_EXIT_OK;

	fd = mkstemp(tmp);
	if (fd == -1) {
		rc = cli_error(_("%s: cannot write the export: %s"), path,
		    strerror(errno));
		free(tmp);
		return rc;
	}
	if (!write_all(fd, text, strlen(text)) || fsync(fd) == -1) {
		rc = cli_error(_("%s: cannot write the export: %s"), path,
		    strerror(errno));
		close(fd);
		unlink(tmp);
	} else if (close(fd) == -1 || rename(tmp, path) == -1) {
		rc = cli_error(_("%s: cannot write the export: %s"), path,
		    strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

static int
export_run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct export_opts o = { .format = EXPORT_JSON, .out = NULL };
	struct limber_journal_data *d = NULL;
	char *cause = NULL, *text = NULL;
	int rc, first;

	rc = cli_parse(ctx, argc, argv, export_option, &o, &first);
	if (rc != CLI_CONTINUE)
		return rc;
	if (first < argc)
		return cli_usage_error(ctx,
		    _("export takes no arguments, not "
		      "'%s'; to write a file, use --out FILE"),
		    argv[first]);
	if (ctx->journal == NULL)
		d = xcalloc(1, sizeof *d);	/* no journal yet: an empty export */
	else if (limber_journal_load(ctx->journal, INT64_MIN, &d, &cause) !=
	    LIMBER_OK) {
		rc = cli_error("%s",
		    cause != NULL ? cause :
				    _("the journal "
				      "could not be read"));
		free(cause);
		return rc;
	}

	if (o.format == EXPORT_CSV)
		text = limber_journal_data_to_csv(d, false);
	else {
		json_t *j = o.format == EXPORT_FHIR ?
		    limber_journal_data_to_fhir(d, ctx->now) :
		    limber_journal_data_to_json(d, false);
		/* 15 digits: a PEG mean of 4.33 is written 4.33, not
		   4.3300000000000001 (the 17 jansson takes by default). */
		char *s = j != NULL ?
		    json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) :
		    NULL;

		json_decref(j);
		if (s != NULL) {
			text = xasprintf("%s\n", s);
			free(s);
		}
	}
	limber_journal_data_free(d);
	if (text == NULL)
		return cli_error(_("the export could not be built"));

	if (o.out != NULL)
		rc = write_file(o.out, text);
	else {
		/* A terminal shows the notes' control characters, never obeys them. */
		cli_print_output(stdout, text);
		rc = CLI_EXIT_OK;
	}
	free(text);
	return rc;
}

const struct cli_cmd cli_cmd_export = {
	.name = "export",
	.summary = N_("write the whole journal as JSON, CSV or FHIR"),
	.usage = "limber export [--format json|csv|fhir] [--out FILE]",
	.description = N_(
	    "Writes every screening, session, stretch, pain score, note,\n"
	    "clearance and dose in the journal, with times in UTC. JSON is the\n"
	    "journal in full, and 'limber import' reads it back without loss.\n"
	    "CSV has one row per record, with a header row, for a\n"
	    "spreadsheet. FHIR is an HL7 FHIR R4 Bundle: each pain score an\n"
	    "Observation (LOINC 72514-3), each session a Procedure, the\n"
	    "current routine a CarePlan, for a clinician's system.\n"
	    "\n"
	    "The export goes to the standard output, or with --out to FILE,\n"
	    "which is replaced only once the export is complete."),
	.opts = export_opts,
	.flags = CMD_READS_JOURNAL | CMD_ONLY_READS,
	.run = export_run,
};
