/*
 * cmd-log.c - `limber log`: write down a pain score, a note, that a
 * clinician has cleared you, or the answers on how it is going (PEG-3
 * and the activities' scores, measures.c), outside any session.
 *
 * Each use records one thing in one transaction and says so in one line.
 * A clearance matters to safety: after pain got worse following two
 * sessions within a week, `limber check` sends the user to a clinician
 * until a better session or until the clearance is recorded here.
 */
#include <strings.h>

#include "cli.h"
#include "measures.h"
#include "util.h"

/* The help below says the scale's numbers: keep it true if they move. */
_Static_assert(LIMBER_PAIN_MIN == 0 && LIMBER_PAIN_MAX == 10,
    "log's help says 0 to 10");

/* Keys of log's own options, clear of enum cli_key. */
enum {
	LOG_KEY_PEG = 0x1000,
	LOG_KEY_PSFS,
};

static const struct cli_opt log_opts[] = {
	{ "pain", "N",
	    N_("record how much it hurts now, from 0 (no pain) to 10 "
	       "(the worst you can imagine)"),
	    CLI_KEY_PAIN, NULL },
	{ "area", "AREA",
	    N_("with --pain: where it hurts, upper (neck and upper "
	       "back), lower (lower back) or both"),
	    CLI_KEY_AREA, NULL },
	{ "cleared", NULL,
	    N_("record that a doctor or physiotherapist has "
	       "checked your back and cleared you to stretch again"),
	    CLI_KEY_CLEARED, NULL },
	{ "note", "TEXT",
	    N_("a note to keep, with the pain score or the "
	       "clearance, or on its own"),
	    CLI_KEY_NOTE, NULL },
	{ "peg", "P,E,A",
	    N_("record the three questions on the past week, each "
	       "from 0 to 10: how much it hurt on average, how much the pain got "
	       "in the way of enjoying life, and of your activities"),
	    LOG_KEY_PEG, NULL },
	{ "psfs", "ACTIVITY=SCORE",
	    N_("record how well you can do an activity "
	       "the pain makes hard, from 0 (not at all) to 10 (as well as "
	       "before the pain); up to three, each its own --psfs"),
	    LOG_KEY_PSFS, NULL },
	{ 0 },
};

struct log_opts {
	struct cli_answers answers;	/* --pain and --area */
	bool cleared;
	const char *note;
	bool peg;
	struct limber_peg pegv;
	struct limber_psfs_item psfs[LIMBER_PSFS_MAX];
	size_t npsfs;
};

static int
log_option(void *data, int key, const char *arg)
{
	struct log_opts *o = data;
	char *why = NULL;

	switch (key) {
	case LOG_KEY_PEG:
		if (o->peg) {
			cli_error(_("--peg is given twice: record one week's "
				    "answers at a time"));
			return CLI_EXIT_USAGE;
		}
		if (!cli_peg_parse(arg, &o->pegv, &why)) {
			cli_error(_("--peg: %s"), why);
			free(why);
			return CLI_EXIT_USAGE;
		}
		o->peg = true;
		return CLI_CONTINUE;
	case LOG_KEY_PSFS:
		if (o->npsfs == LIMBER_PSFS_MAX) {
			cli_error(_("--psfs is given more than %d times: up to "
				    "%d activities"),
			    LIMBER_PSFS_MAX, LIMBER_PSFS_MAX);
			return CLI_EXIT_USAGE;
		}
		if (!cli_psfs_parse(arg, &o->psfs[o->npsfs], &why)) {
			cli_error(_("--psfs: %s"), why);
			free(why);
			return CLI_EXIT_USAGE;
		}
		for (size_t i = 0; i < o->npsfs; i++) {
			if (strcasecmp(o->psfs[i].activity,
				o->psfs[o->npsfs].activity) == 0) {
				cli_error(_("--psfs: '%s' is given twice: each "
					    "activity once"),
				    o->psfs[i].activity);
				free((char *)o->psfs[o->npsfs].activity);
				return CLI_EXIT_USAGE;
			}
		}
		o->npsfs++;
		return CLI_CONTINUE;
	case CLI_KEY_CLEARED:
		o->cleared = true;
		return CLI_CONTINUE;
	case CLI_KEY_NOTE:
		if (arg[0] == '\0' || strlen(arg) > LIMBER_NOTE_MAX) {
			cli_error(
			    _("--note must be text of 1 to %d characters"),
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
	if ((o->peg || o->npsfs > 0) &&
	    (o->answers.pain >= 0 || o->cleared || o->note != NULL ||
		o->answers.area != 0))
		return cli_usage_error(ctx,
		    _("give --peg and --psfs on their "
		      "own, without --pain, --area, --cleared or --note"));
	if (o->peg || o->npsfs > 0)
		return CLI_CONTINUE;
	if (o->answers.pain >= 0 && o->cleared)
		return cli_usage_error(ctx,
		    _("give --pain or --cleared, not both: "
		      "record them one at a time"));
	if (o->answers.area != 0 && o->answers.pain < 0)
		return cli_usage_error(ctx, _("--area goes with --pain"));
	if (o->answers.pain < 0 && !o->cleared && o->note == NULL)
		return cli_usage_error(ctx,
		    _("log needs --pain N, --cleared, "
		      "--note TEXT, --peg P,E,A or --psfs ACTIVITY=SCORE"));
	return CLI_CONTINUE;
}

/*
 * --peg and --psfs: an asking of each, both in one transaction, so that
 * a journal that refuses leaves neither and the same command can be
 * given again. Both were checked whole before the journal was opened.
 */
static int
log_measures(struct cli_ctx *ctx, const struct log_opts *o, const char *when)
{
	char *cause = NULL;
	int rc;

	if (limber_journal_add_measures(ctx->journal, ctx->now, o->peg,
		o->peg ? &o->pegv : NULL, o->npsfs > 0, o->psfs, o->npsfs,
		&cause) != LIMBER_OK) {
		rc = cli_error(_("%s; nothing was recorded"),
		    cause != NULL ? cause :
				    _("the journal could not be written"));
		free(cause);
		return rc;
	}
	if (o->peg) {
		ctx->saved = _("the answers on the past week");
		printf(_("Recorded the past week's answers at %s: pain %d, "
			 "enjoyment of life %d, activity %d.\n"),
		    when, o->pegv.pain, o->pegv.enjoyment, o->pegv.activity);
	}
	if (o->npsfs > 0) {
		ctx->saved = _("the activities' scores");
		printf(_("Recorded how well you can do %s at %s:\n"),
		    P_("an activity", "these activities",
			(unsigned long)o->npsfs),
		    when);
		for (size_t i = 0; i < o->npsfs; i++) {
			fputs("  ", stdout);
			cli_puts(stdout, o->psfs[i].activity);
			printf(_(": %d out of %d\n"), o->psfs[i].score,
			    LIMBER_PAIN_MAX);
		}
	}
	return CLI_EXIT_OK;
}

static int
log_run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct log_opts o = { .cleared = false, .note = NULL, .npsfs = 0 };
	enum limber_status st;
	char when[32], *cause = NULL;
	int rc, first;

	cli_answers_init(&o.answers);
	rc = cli_parse(ctx, argc, argv, log_option, &o, &first);
	if (rc != CLI_CONTINUE)
		goto out;
	if (first < argc) {
		rc = cli_usage_error(ctx,
		    _("log takes no arguments, not '%s'; "
		      "put a note in --note \"...\""),
		    argv[first]);
		goto out;
	}
	/* The journal is made only for a record that is complete. */
	if ((rc = log_check(ctx, &o)) != CLI_CONTINUE ||
	    (rc = cli_journal_open(ctx, true)) != CLI_CONTINUE)
		goto out;
	cli_local_time(when, sizeof when, ctx->now);

	if (o.peg || o.npsfs > 0) {
		rc = log_measures(ctx, &o, when);
		goto out;
	} else if (o.answers.pain >= 0) {
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
		ctx->saved = _("the pain score");
		printf(_("Recorded pain %d/%d%s%s at %s%s.\n"), p.value,
		    LIMBER_PAIN_MAX, area != NULL ? ", " : "",
		    area != NULL ? area : "", when,
		    o.note != NULL ? _(", with the note") : "");
		if (p.value >= LIMBER_SEVERE_PAIN)
			cli_print_wrapped(stdout, "", 0,
			    _("Pain this strong needs "
			      "a doctor or physiotherapist before any stretching: "
			      "please book an appointment."));
	} else if (o.cleared) {
		st = limber_journal_add_clearance(ctx->journal, ctx->now, o.note,
		    &cause);
		if (st != LIMBER_OK)
			goto fail;
		ctx->saved = _("the clearance");
		printf(_("Recorded that a clinician cleared you, at %s%s.\n"),
		    when, o.note != NULL ? _(", with the note") : "");
	} else {
		st = limber_journal_add_note(ctx->journal, ctx->now, 0, o.note,
		    &cause);
		if (st != LIMBER_OK)
			goto fail;
		ctx->saved = _("the note");
		printf(_("Recorded the note at %s.\n"), when);
	}
	rc = CLI_EXIT_OK;
	goto out;
fail:
	rc = cli_error("%s", cause != NULL ? cause : _("nothing was recorded"));
	free(cause);
out:
	for (size_t i = 0; i < o.npsfs; i++)
		free((char *)o.psfs[i].activity);
	cli_answers_release(&o.answers);
	return rc;
}

const struct cli_cmd cli_cmd_log = {
	.name = "log",
	.summary =
	    N_("record a pain score, a note, a clearance, or how it is going"),
	.usage = "limber log --pain N [--area AREA] [--note TEXT]\n"
		 "limber log --cleared [--note TEXT]\n"
		 "limber log --note TEXT\n"
		 "limber log [--peg P,E,A] [--psfs ACTIVITY=SCORE]...",
	.description = N_(
	    "Writes one thing into the journal, outside any session, and\n"
	    "confirms it in one line: a pain score (from 0 to 10, with where it\n"
	    "hurts if you say), that a doctor or physiotherapist has cleared\n"
	    "you to stretch, or a note. The time is now.\n"
	    "\n"
	    "When pain got worse after two sessions within 7 days, 'limber\n"
	    "check' sends you to a clinician. Once one has seen you and said\n"
	    "stretching is fine, record it with 'limber log --cleared'.\n"
	    "\n"
	    "--peg and --psfs record by hand what 'limber start' asks when it\n"
	    "is due: --peg the three questions on the past week (how much it\n"
	    "hurt on average, and how much the pain got in the way of enjoying\n"
	    "life and of your activities, each from 0 to 10), and --psfs, once\n"
	    "for each of up to three activities the pain makes hard, how well\n"
	    "you can do it, from 0 (not at all) to 10 (as well as before the\n"
	    "pain): --psfs \"putting on socks=4\"."),
	.opts = log_opts,
	/* Not CMD_NEEDS_JOURNAL: log_run opens it once the usage is known good. */
	.flags = CMD_USES_JOURNAL,
	.run = log_run,
};
