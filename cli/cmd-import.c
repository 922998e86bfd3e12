/*
 * cmd-import.c - `limber import FILE`: add a JSON export to the journal.
 *
 * The file is read and checked whole before the journal is opened, and
 * added in one transaction: a bad file changes nothing and the message
 * names the field at fault by its JSON path. Records the journal already
 * has are skipped, so importing the same file twice adds nothing. A time
 * more than a day after now (LIMBER_IMPORT_AHEAD_S) is such a fault: it
 * comes from a clock that was ahead (docs/safety.md, "When the clock was
 * wrong").
 */
#include "cli.h"
#include "util.h"

/* An export of years of daily sessions is a few megabytes. */
#define IMPORT_MAX (64 * 1024 * 1024)

static const struct cli_opt import_opts[] = {
	{ 0 },
};

static int
import_option(void *data, int key, const char *arg)
{
	(void)data;
	(void)key;
	(void)arg;
	return CLI_NOT_MINE;
}

/* "Imported 1 screening, 3 sessions, ... and 0 doses from " */
static void
print_counts(const struct limber_import_counts *c)
{
	char *screenings, *sessions, *pain, *notes, *clearances, *doses;

	screenings = xasprintf(P_("%zu screening", "%zu screenings",
				   (unsigned long)c->screenings),
	    c->screenings);
	sessions = xasprintf(P_("%zu session", "%zu sessions",
				 (unsigned long)c->sessions),
	    c->sessions);
	pain = xasprintf(P_("%zu pain score", "%zu pain scores",
			     (unsigned long)c->pain),
	    c->pain);
	notes = xasprintf(P_("%zu note", "%zu notes", (unsigned long)c->notes),
	    c->notes);
	clearances = xasprintf(P_("%zu clearance", "%zu clearances",
				   (unsigned long)c->clearances),
	    c->clearances);
	doses = xasprintf(P_("%zu dose", "%zu doses", (unsigned long)c->doses),
	    c->doses);
	/* TRANSLATORS: "1 screening", "3 sessions", "12 pain scores", "2
	   notes", "0 clearances" and "5 doses"; the file's name follows. */
	printf(_("Imported %s, %s, %s, %s, %s and %s from "), screenings,
	    sessions, pain, notes, clearances, doses);
	free(screenings);
	free(sessions);
	free(pain);
	free(notes);
	free(clearances);
	free(doses);
}

static int
import_run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct limber_import_counts c;
	const char *path;
	char *text, *cause = NULL;
	size_t len;
	int rc, first;

	rc = cli_parse(ctx, argc, argv, import_option, NULL, &first);
	if (rc != CLI_CONTINUE)
		return rc;
	if (first >= argc)
		return cli_usage_error(ctx,
		    _("import needs the FILE to read, as "
		      "written by 'limber export'"));
	if (argc - first > 1)
		return cli_usage_error(ctx,
		    _("import takes one FILE, not also "
		      "'%s'"),
		    argv[first + 1]);
	path = argv[first];

	text = util_read_file(path, IMPORT_MAX, &len, &cause);
	if (text == NULL) {
		rc = cli_error("%s", cause);
		free(cause);
		return rc;
	}
	/* Checked before the journal is opened, so a bad file makes nothing. */
	if (limber_journal_import(NULL, path, text, len, ctx->now, NULL,
		&cause) != LIMBER_OK ||
	    (rc = cli_journal_open(ctx, true)) != CLI_CONTINUE ||
	    limber_journal_import(ctx->journal, path, text, len, ctx->now, &c,
		&cause) != LIMBER_OK) {
		if (cause != NULL) {
			rc = cli_error(_("%s; nothing was imported"), cause);
			free(cause);
		}
		free(text);
		return rc != CLI_CONTINUE ? rc : CLI_EXIT_ERROR;
	}
	free(text);
	print_counts(&c);
	cli_puts(stdout, path);
	if (c.prompts > 0)
		printf(P_("; %zu reminder prompt", "; %zu reminder prompts",
			   (unsigned long)c.prompts),
		    c.prompts);
	if (c.pegs > 0)
		printf(P_("; %zu PEG asking", "; %zu PEG askings",
			   (unsigned long)c.pegs),
		    c.pegs);
	if (c.psfs > 0)
		printf(P_("; %zu PSFS asking", "; %zu PSFS askings",
			   (unsigned long)c.psfs),
		    c.psfs);
	if (c.skipped > 0)
		printf(P_("; %zu record was already in the journal",
			   "; %zu records were already in the journal",
			   (unsigned long)c.skipped),
		    c.skipped);
	fputs(".\n", stdout);
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_import = {
	.name = "import",
	.summary = N_("add a JSON export to the journal"),
	.usage = "limber import FILE",
	.description = N_(
	    "Reads FILE, a JSON export made by 'limber export', checks every\n"
	    "field, and adds its records to the journal in one go: if\n"
	    "anything in FILE is wrong, nothing is added, and the message\n"
	    "names the field, such as sessions[3].pain[0].value. Records the\n"
	    "journal already has are skipped, so importing a file twice adds\n"
	    "nothing. A stretch's dose is taken only when the journal has\n"
	    "none for it. A time more than a day after now is refused: it\n"
	    "comes from a clock that was ahead, and would keep the safety\n"
	    "rules from seeing what came before it."),
	.opts = import_opts,
	/* Not CMD_NEEDS_JOURNAL: the file is checked before the journal is made. */
	.flags = CMD_USES_JOURNAL,
	.run = import_run,
};
