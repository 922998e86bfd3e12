/*
 * cmd-report.c - `limber report`: is this helping? A progress report to
 * keep or to hand to a doctor, as PDF, PNG or SVG.
 *
 * The library gathers the report from the journal (limber_report_build,
 * docs/report.md) and render/report.c draws it; this file picks the
 * format from the file's name, sets the locale's time format for the
 * dates, and writes the file whole or not at all. A journal with nothing
 * in the weeks asked for gives a plain sentence and no file: a chart of
 * nothing would look like a report and say nothing.
 */
#include <locale.h>
#include <strings.h>

#include "cli.h"
#include "limber/render.h"
#include "limber/report.h"
#include "utf8.h"
#include "util.h"

static const struct cli_opt report_opts[] = {
	{ "out", "FILE",
	    N_("write the report to FILE: .pdf (A4 pages to print), "
	       ".png or .svg (one long page)"),
	    CLI_KEY_OUT, NULL },
	{ "weeks", "N",
	    N_("the weeks the report covers, ending today: 1 to 104 "
	       "(default 8)"),
	    CLI_KEY_WEEKS, NULL },
	{ "json", NULL,
	    N_("print what the report shows as JSON instead of "
	       "drawing it"),
	    CLI_KEY_JSON, NULL },
	{ 0 },
};

struct report_opts {
	const char *out;
	int weeks;
	bool json;
};

static int
report_option(void *data, int key, const char *arg)
{
	struct report_opts *o = data;
	long v;

	switch (key) {
	case CLI_KEY_OUT:
		return cli_out_option(arg, &o->out);
	case CLI_KEY_WEEKS:
		if (!util_parse_int(arg, LIMBER_REPORT_WEEKS_MIN,
		    LIMBER_REPORT_WEEKS_MAX, &v)) {
			cli_error(
			    _("--weeks must be a whole number from %d to %d, "
			      "not '%s'"),
			    LIMBER_REPORT_WEEKS_MIN, LIMBER_REPORT_WEEKS_MAX,
			    arg);
			return CLI_EXIT_USAGE;
		}
		o->weeks = (int)v;
		return CLI_CONTINUE;
	case CLI_KEY_JSON:
		o->json = true;
		return CLI_CONTINUE;
	}
	return CLI_NOT_MINE;
}

/* The format a file name asks for; -1 for none we make. */
static int
format_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');

	if (dot == NULL || (slash != NULL && dot < slash))
		return -1;
	if (strcasecmp(dot, ".pdf") == 0)
		return RENDER_REPORT_PDF;
	if (strcasecmp(dot, ".png") == 0)
		return RENDER_REPORT_PNG;
	if (strcasecmp(dot, ".svg") == 0)
		return RENDER_REPORT_SVG;
	return -1;
}

/* The journal's records since then into *d; an empty one with none. */
static int
load(struct cli_ctx *ctx, int64_t since, struct limber_journal_data **d)
{
	char *cause = NULL;
	int rc;

	if (ctx->journal == NULL) {
		*d = xcalloc(1, sizeof **d);
		return CLI_CONTINUE;
	}
	if (limber_journal_load(ctx->journal, since, d, &cause) == LIMBER_OK)
		return CLI_CONTINUE;
	rc = cli_error("%s",
	    cause != NULL ? cause :
			    _("the journal could not "
			      "be read"));
	free(cause);
	return rc;
}

static int
report_run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct report_opts o = { .weeks = LIMBER_REPORT_WEEKS_DEFAULT };
	struct limber_journal_data *d = NULL;
	struct limber_report *r = NULL;
	char *cause = NULL;
	int rc, first, format = -1;

	rc = cli_parse(ctx, argc, argv, report_option, &o, &first);
	if (rc != CLI_CONTINUE)
		return rc;
	if (first < argc)
		return cli_usage_error(ctx,
		    _("report takes no arguments, not "
		      "'%s'; to name the file, use --out FILE"),
		    argv[first]);
	if (o.out == NULL && !o.json)
		return cli_usage_error(ctx,
		    _("report needs --out FILE.pdf (or "
		      ".png or .svg), the file to write, or --json"));
	if (o.out != NULL && (format = format_of(o.out)) < 0)
		return cli_usage_error(ctx,
		    _("--out %s: the name must end in "
		      ".pdf, .png or .svg, the format to write"),
		    o.out);
	if (o.out != NULL && !render_have_cairo())
		return cli_error(
		    _("cannot write %s: this limber was built without "
		      "cairo and pango, so it makes no report"),
		    o.out);

	/*
	 * Only the weeks asked for (and two days more: a local day is within
	 * a day of UTC's), so a report on years of journal reads what it
	 * shows. The whole journal is read only to tell "nothing recorded
	 * yet" from "nothing in these weeks".
	 */
	if ((rc = load(ctx, ctx->now - ((int64_t)o.weeks * 7 + 2) * 86400,
	    &d)) != CLI_CONTINUE)
		return rc;
	r = limber_report_build(d, ctx->now, o.weeks);
	/* Reminder prompts are not in the loaded data: ask the journal. */
	if (ctx->journal != NULL) {
		if (limber_journal_adherence(ctx->journal, r->from, INT64_MAX,
		    &r->adherence, &cause) != LIMBER_OK) {
			rc = cli_error("%s",
			    cause != NULL ? cause :
					    _("the "
					      "journal could not be read"));
			free(cause);
			goto out;
		}
		r->has_adherence = true;
	}
	if (r->empty && !o.json) {
		limber_journal_data_free(d);
		d = NULL;
		if ((rc = load(ctx, INT64_MIN, &d)) != CLI_CONTINUE)
			goto out;
	}

	if (o.json) {
		rc = cli_print_json(limber_report_to_json(r));
		goto out;
	}
	if (limber_journal_data_empty(d)) {
		rc = cli_error(
		    _("nothing recorded yet: no sessions, pain scores "
		      "or safety checks, so there is no report to make. Wrote "
		      "nothing to %s."),
		    o.out);
		goto out;
	}
	if (r->empty) {
		rc = cli_error(
		    _("nothing recorded in the last %d %s: no "
		      "sessions, pain scores or safety checks since then. Try "
		      "more weeks with --weeks N. Wrote nothing to %s."),
		    o.weeks, P_("week", "weeks", (unsigned long)o.weeks),
		    o.out);
		goto out;
	}
	/*
	 * Dates in the user's language where the locale's text is UTF-8,
	 * which is what pango takes; any other stays in the C locale's English.
	 */
	(void)util_utf8_locale(LC_TIME);
	if (render_report(o.out, (enum render_report_format)format, r,
	    ctx->catalog, &cause) != LIMBER_OK) {
		rc = cli_error("%s", cause != NULL ? cause : o.out);
		free(cause);
	} else {
		char *name = util_visible(o.out, NULL),
		     *weeks = xasprintf(P_("%d week", "%d weeks",
					    (unsigned long)r->weeks),
			 r->weeks),
		     *sessions = xasprintf(P_("%zu session", "%zu sessions",
					       r->nsessions),
			 r->nsessions),
		     *scores = xasprintf(P_("%zu pain score", "%zu pain scores",
					     r->npoints),
			 r->npoints);

		/* TRANSLATORS: the file's name, "8 weeks", "12 sessions",
		 * "20 pain scores". */
		printf(_("Wrote %s: %s, %s, %s.\n"), name, weeks, sessions,
		    scores);
		free(name);
		free(weeks);
		free(sessions);
		free(scores);
		rc = CLI_EXIT_OK;
	}
	render_shutdown();
out:
	limber_report_free(r);
	limber_journal_data_free(d);
	return rc;
}

const struct cli_cmd cli_cmd_report = {
	.name = "report",
	.summary = N_("draw a progress report: is it helping, done, safe"),
	.usage = "limber report --out FILE.pdf|FILE.png|FILE.svg [--weeks N]\n"
		 "limber report --json [--weeks N]",
	.description = N_(
	    "Draws the last weeks of the journal (8 unless --weeks says) as a\n"
	    "report to keep or to hand to a doctor. The first page opens with a\n"
	    "summary: is it helping (pain before sessions in the first two weeks\n"
	    "against the last two, per area, against 2 points and 30%; sessions\n"
	    "ended better, worse or the same; PEG and PSFS), is it being done\n"
	    "(sessions a week since the first record, as 'limber stats' counts),\n"
	    "and was anything unsafe (stops for pain or a warning, safety checks\n"
	    "that said to see a clinician). Then the pain over the weeks from\n"
	    "the first record, with a trend line and the start level; apart from\n"
	    "it, the relief within each session; sessions each week; the days a\n"
	    "dose changed or a note was written; the stretches; every session\n"
	    "that stopped early and why; and the safety checks. It reads in\n"
	    "black and white: before and after differ in shape, not only colour.\n"
	    "Times are in the local time zone, the names of weekdays and months\n"
	    "in the locale's language.\n"
	    "\n"
	    "The format follows the name: .pdf gives A4 pages to print, .png\n"
	    "and .svg one long page. The file is written under a temporary name\n"
	    "and renamed into place, private to you (mode 0600, as the journal\n"
	    "is), whatever the umask. With nothing recorded in those weeks it\n"
	    "says so, writes nothing and exits with status 1."),
	.opts = report_opts,
	.flags = CMD_NEEDS_CATALOG | CMD_READS_JOURNAL | CMD_ONLY_READS,
	.run = report_run,
};
