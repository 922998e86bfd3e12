/*
 * cmd-log.c - `limber log`: write down a pain score, a note, or that a
 * clinician has cleared you, outside any session.
 *
 * Each use records one thing in one transaction and says so in one line.
 * A clearance matters to safety: after pain got worse following two
 * sessions within a week, `limber check` sends the user to a clinician
 * until a better session or until the clearance is recorded here.
 */
#include "cli.h"
#include "util.h"

/* The help below says the scale's numbers: keep it true if they move. */
_Static_assert(LIMBER_PAIN_MIN == 0 && LIMBER_PAIN_MAX == 10,
    "log's help says 0 to 10");

static const struct cli_opt log_opts[] = {
	{ "pain", "N", "record how much it hurts now, from 0 (no pain) to 10 "
	    "(the worst you can imagine)", CLI_KEY_PAIN, NULL },
	{ "area", "AREA", "with --pain: where it hurts, upper (neck and upper "
	    "back), lower (lower back) or both", CLI_KEY_AREA, NULL },
	{ "cleared", NULL, "record that a doctor or physiotherapist has "
	    "checked your back and cleared you to stretch again",
	    CLI_KEY_CLEARED, NULL },
	{ "note", "TEXT", "a note to keep, with the pain score or the "
	    "clearance, or on its own", CLI_KEY_NOTE, NULL },
	{ 0 },
};

struct log_opts {
	struct cli_answers answers;	/* --pain and --area */
	bool cleared;
	const char *note;
};

static int
log_option(void *data, int key, const char *arg)
{
	struct log_opts *o = data;

	switch (key) {
	case CLI_KEY_CLEARED:
		o->cleared = true;
		return CLI_CONTINUE;
	case CLI_KEY_NOTE:
		if (arg[0] == '\0' || strlen(arg) > LIMBER_NOTE_MAX) {
			cli_error("--note must be text of 1 to %d characters",
			    LIMBER_NOTE_MAX);
			return CLI_EXIT_USAGE;
		}
		o->note = arg;
		return CLI_CONTINUE;
	}
	return cli_answers_option(&o->answers, key, arg);
}

/* What must be given, checked before the journal is opened. */
static int
log_check(struct cli_ctx *ctx, const struct log_opts *o)
{
	if (o->answers.pain >= 0 && o->cleared)
		return cli_usage_error(ctx, "give --pain or --cleared, not both: "
		    "record them one at a time");
	if (o->answers.area != 0 && o->answers.pain < 0)
		return cli_usage_error(ctx, "--area goes with --pain");
	if (o->answers.pain < 0 && !o->cleared && o->note == NULL)
		return cli_usage_error(ctx, "log needs --pain N, --cleared or "
		    "--note TEXT");
	return CLI_CONTINUE;
}

static int
log_run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct log_opts o = { .cleared = false, .note = NULL };
	enum limber_status st;
	char when[32], *cause = NULL;
	int rc, first;

	cli_answers_init(&o.answers);
	rc = cli_parse(ctx, argc, argv, log_option, &o, &first);
	if (rc != CLI_CONTINUE)
		goto out;
	if (first < argc) {
		rc = cli_usage_error(ctx, "log takes no arguments, not '%s'; "
		    "put a note in --note \"...\"", argv[first]);
		goto out;
	}
	/* The journal is made only for a record that is complete. */
	if ((rc = log_check(ctx, &o)) != CLI_CONTINUE ||
	    (rc = cli_journal_open(ctx, true)) != CLI_CONTINUE)
		goto out;
	cli_local_time(when, sizeof when, ctx->now);

	if (o.answers.pain >= 0) {
		const char *area =
		    limber_area_words((enum limber_area)o.answers.area);
		struct limber_pain_entry p = {
			.at = ctx->now,
			.value = o.answers.pain,
			.area = o.answers.area,
			.kind = LIMBER_SCORE_LOGGED,
			.session = 0,
			.note = o.note,
		};

		st = limber_journal_add_pain(ctx->journal, &p, NULL, &cause);
		if (st != LIMBER_OK)
			goto fail;
		ctx->saved = "the pain score";
		printf("Recorded pain %d/%d%s%s at %s%s.\n", p.value,
		    LIMBER_PAIN_MAX, area != NULL ? ", " : "",
		    area != NULL ? area : "", when,
		    o.note != NULL ? ", with the note" : "");
		if (p.value >= LIMBER_SEVERE_PAIN)
			cli_print_wrapped(stdout, "", 0, "Pain this strong needs "
			    "a doctor or physiotherapist before any stretching: "
			    "please book an appointment.");
	} else if (o.cleared) {
		st = limber_journal_add_clearance(ctx->journal, ctx->now, o.note,
		    &cause);
		if (st != LIMBER_OK)
			goto fail;
		ctx->saved = "the clearance";
		printf("Recorded that a clinician cleared you, at %s%s.\n", when,
		    o.note != NULL ? ", with the note" : "");
	} else {
		st = limber_journal_add_note(ctx->journal, ctx->now, 0, o.note,
		    &cause);
		if (st != LIMBER_OK)
			goto fail;
		ctx->saved = "the note";
		printf("Recorded the note at %s.\n", when);
	}
	rc = CLI_EXIT_OK;
	goto out;
fail:
	rc = cli_error("%s", cause != NULL ? cause : "nothing was recorded");
	free(cause);
out:
	cli_answers_release(&o.answers);
	return rc;
}

const struct cli_cmd cli_cmd_log = {
	.name = "log",
	.summary = "record a pain score, a note, or a clinician's clearance",
	.usage = "limber log --pain N [--area AREA] [--note TEXT]\n"
		 "limber log --cleared [--note TEXT]\n"
		 "limber log --note TEXT",
	.description =
	    "Writes one thing into the journal, outside any session, and\n"
	    "confirms it in one line: a pain score (from 0 to 10, with where it\n"
	    "hurts if you say), that a doctor or physiotherapist has cleared\n"
	    "you to stretch, or a note. The time is now.\n"
	    "\n"
	    "When pain got worse after two sessions within 7 days, 'limber\n"
	    "check' sends you to a clinician. Once one has seen you and said\n"
	    "stretching is fine, record it with 'limber log --cleared'.",
	.opts = log_opts,
	/* Not CMD_NEEDS_JOURNAL: log_run opens it once the usage is known good. */
	.flags = CMD_USES_JOURNAL,
	.run = log_run,
};
