/*
 * cmd-handout.c - `limber handout`: today's routine as a printable PDF.
 *
 * The same plan as `limber plan` with the same options (the plan options
 * and the screening answers, from options.c), drawn by render/handout.c for
 * someone to print or to hand to a patient: the rules for stopping and the
 * signs to get help for (the screening's own, for the plan's area) first,
 * then each stretch with its figures beside its steps. A blocked screening
 * gives no handout, only the verdict (status 3). The file is written whole
 * or not at all.
 */
#include <time.h>

#include "cli.h"
#include "limber/render.h"
#include "util.h"

static const struct cli_opt handout_opts[] = {
	{ .include = cli_opts_routine },
	{ .include = cli_opts_answers },
	{ "out", "FILE", N_("write the handout to FILE, a PDF (required)"),
	    CLI_KEY_OUT, NULL },
	{ "paper", "SIZE", N_("the paper size: a4 (the default) or letter"),
	    CLI_KEY_PAPER, NULL },
	{ "name", "NAME",
	    N_("the patient's name, printed on its line (else the "
	       "line is left blank)"),
	    CLI_KEY_NAME, NULL },
	{ 0 },
};

struct handout_opts {
	struct cli_answers answers;
	struct cli_routine routine;
	const char *out;
	const char *name;
	enum render_paper paper;
};

/* A name fills one line of the sheet: about 40 letters fit it. */
#define NAME_MAX_CHARS 40

/*
 * Whether s is a name to print: UTF-8, no control characters (a line
 * break or a tab would leave the line), 1 to NAME_MAX_CHARS characters and
 * not only spaces.
 */
static bool
name_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t chars = 0;
	bool ink = false;

	while (*p != '\0') {
		unsigned c = *p;
		int more = c < 0x80    ? 0 :
		    (c & 0xe0) == 0xc0 ? 1 :
		    (c & 0xf0) == 0xe0 ? 2 :
		    (c & 0xf8) == 0xf0 ? 3 :
					 -1;
		unsigned long cp;

		if (more < 0 || (more == 1 && c < 0xc2) ||
		    (more == 3 && c > 0xf4))
			return false;
		cp = more == 0 ? c : c & (0x3f >> more);
		for (int i = 1; i <= more; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		/* Overlong forms, surrogates and C0, DEL and C1 controls. */
		if ((more == 2 && cp < 0x800) || (more == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
		    cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 ||
		    cp == 0x2029)
			return false;
		ink = ink || cp != ' ';
		p += 1 + more;
		chars++;
	}
	return ink && chars <= NAME_MAX_CHARS;
}

static int
handout_option(void *data, int key, const char *arg)
{
	struct handout_opts *o = data;
	int rc;

	switch (key) {
	case CLI_KEY_OUT:
		return cli_out_option(arg, &o->out);
	case CLI_KEY_PAPER:
		if (strcmp(arg, "a4") == 0)
			o->paper = RENDER_PAPER_A4;
		else if (strcmp(arg, "letter") == 0)
			o->paper = RENDER_PAPER_LETTER;
		else {
			cli_error(_("--paper must be a4 or letter, not '%s'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		return CLI_CONTINUE;
	case CLI_KEY_NAME:
		if (!name_ok(arg)) {
			cli_error(
			    _("--name must be a name of 1 to %d characters "
			      "on one line"),
			    NAME_MAX_CHARS);
			return CLI_EXIT_USAGE;
		}
		o->name = arg;
		return CLI_CONTINUE;
	}
	rc = cli_routine_option(&o->routine, key, arg);
	if (rc != CLI_NOT_MINE)
		return rc;
	return cli_answers_option(&o->answers, key, arg);
}

/* The local date of now, as YYYY-MM-DD. */
static void
local_date(int64_t now, char *buf, size_t size)
{
	time_t t = (time_t)now;
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%d", &tm) == 0)
		snprintf(buf, size, _("today"));
}

static int
print_plan_pdf(struct cli_ctx *ctx, const struct handout_opts *o,
    const struct limber_request *req)
{
	struct limber_plan *p = NULL;
	char *cause = NULL, date[32];
	int rc;

	if ((rc = cli_plan_some(ctx, req, "handout", &p)) != CLI_CONTINUE)
		return rc;
	local_date(ctx->now, date, sizeof date);
	if (render_handout_pdf(o->out, p,
		&(struct render_handout){ .date = date,
		    .name = o->name,
		    .paper = o->paper },
		&cause) != LIMBER_OK) {
		rc = cli_error("%s", cause != NULL ? cause : o->out);
		free(cause);
	} else {
		char *name = util_visible(o->out, NULL);

		/* TRANSLATORS: the file's name and the number of stretches. */
		printf(P_("Wrote %s: %zu stretch.\n",
			   "Wrote %s: %zu stretches.\n", p->nitems),
		    name, p->nitems);
		free(name);
		rc = CLI_EXIT_OK;
	}
	limber_plan_free(p);
	render_shutdown();
	return rc;
}

static int
handout_run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct cli_request rq = { .verdict = NULL };
	struct handout_opts o = { .out = NULL,
		.name = NULL,
		.paper = RENDER_PAPER_A4 };
	int rc, first;

	cli_answers_init(&o.answers);
	cli_routine_init(&o.routine);
	rc = cli_parse(ctx, argc, argv, handout_option, &o, &first);
	if (rc != CLI_CONTINUE)
		goto out;
	if (first < argc) {
		rc = cli_usage_error(ctx,
		    _("handout takes no arguments, not "
		      "'%s'"),
		    argv[first]);
		goto out;
	}
	if (o.out == NULL) {
		rc = cli_usage_error(ctx,
		    _("handout needs --out FILE.pdf, the "
		      "file to write"));
		goto out;
	}
	if (!render_have_cairo()) {
		rc = cli_error(
		    _("cannot write %s: this limber was built without "
		      "cairo and pango, so it makes no PDF"),
		    o.out);
		goto out;
	}
	rc = cli_request_build(ctx, &o.answers, &o.routine, &rq);
	/* Nothing is planned on a held day, screened or not. */
	if (rc == CLI_CONTINUE)
		rc = cli_day_hold(ctx, false);
	if (rc == CLI_CONTINUE)
		rc = print_plan_pdf(ctx, &o, &rq.req);
out:
	cli_request_release(&rq);
	cli_answers_release(&o.answers);
	return rc;
}

const struct cli_cmd cli_cmd_handout = {
	.name = "handout",
	.summary = N_("print today's routine as a PDF, with figures"),
	.usage = "limber handout --out FILE.pdf [--paper a4|letter] "
		 "[--name NAME]\n"
		 "            [--area AREA] [--minutes N] [--context CONTEXT]\n"
		 "            [--no-floor] [--no-kneeling] [--no-lying]\n"
		 "            [--pain N [--yes ID]...]",
	.description = N_(
	    "Writes the routine that 'limber plan' would give, with the same\n"
	    "options, as a PDF to print: lines for the patient's name (--name\n"
	    "fills it) and the clinician's, when to stop, when to get help (the\n"
	    "warning signs the screening asks about for that area, each under\n"
	    "what to do: call now, see a doctor today, or book), then each\n"
	    "stretch with its dose, a week of boxes to tick, its numbered\n"
	    "figures beside its numbered steps (a hold is marked on the figure\n"
	    "of the step before it), and its cautions. A stretch is never split\n"
	    "across two pages, and two go to a page.\n"
	    "\n"
	    "With --pain the answers are screened first; when the verdict rules\n"
	    "out stretching, handout prints the verdict, writes nothing and\n"
	    "exits with status 3. The file is written under a temporary name\n"
	    "and renamed into place, so a failed write leaves nothing behind;\n"
	    "it is private to you (mode 0600), since it names the area that\n"
	    "hurts."),
	.opts = handout_opts,
	.flags = CMD_NEEDS_CATALOG | CMD_NEEDS_FIGURES | CMD_READS_JOURNAL |
	    CMD_ONLY_READS,
	.run = handout_run,
};
