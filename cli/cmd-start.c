/*
 * cmd-start.c - `limber start` (and `limber` alone): the day's whole job,
 * from the safety check to the end of a guided session.
 *
 * In order: the next-day check of the last session, when it is due (pain
 * that has not settled counts as worse, which the screening then sees);
 * the safety check, before every session (when one that allowed
 * stretching was made earlier the same day, its slow-changing answers are
 * carried over and not asked again; the rest are); on a terminal, the
 * questions on how it is going when they are due (measures.c); the plan,
 * with the doses the journal has grown or shrunk; and the guided session
 * itself (coach.c), which begins with the checklist of the space. Each
 * answer, score and step goes into the journal as it happens.
 *
 * Answers come from a terminal when there is one. Scripts give them as
 * options (--pain, --area, --yes, --settled), as for `limber check`, and
 * drive the session with words on stdin (docs/coach.md).
 */
#include <ctype.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "ask.h"
#include "cli.h"
#include "coach.h"
#include "limber/voice.h"
#include "measures.h"
#include "utf8.h"
#include "util.h"

/* Longer answers are refused; nobody types 200 characters for "yes". */
#define ANSWER_MAX 200

/* Keys of start's own options, clear of enum cli_key. */
enum {
	START_KEY_PLAIN = 0x1000,
	START_KEY_BELL,
	START_KEY_NO_BELL,
	START_KEY_SETTLED,
	START_KEY_VOICE,
	START_KEY_NO_VOICE,
};

static const struct cli_opt start_opts[] = {
	{ .include = cli_opts_routine },
	{ .include = cli_opts_answers },
	{ "settled", "ANSWER",
	    N_("the answer to the next-day check, when it is "
	       "asked: yes if the pain after your last session has settled, no "
	       "if not"),
	    START_KEY_SETTLED, NULL },
	{ "plain", NULL,
	    N_("one line per cue with its time, no screen drawing "
	       "and no escape codes; keys come as lines on stdin"),
	    START_KEY_PLAIN, NULL },
	{ "bell", NULL,
	    N_("ring the bell as each step begins, in plain mode "
	       "too"),
	    START_KEY_BELL, NULL },
	{ "no-bell", NULL, N_("never ring the bell"), START_KEY_NO_BELL, NULL },
	{ "voice", NULL,
	    N_("speak the cues, in plain mode too (on by default "
	       "on the full screen, where sound works)"),
	    START_KEY_VOICE, NULL },
	{ "no-voice", NULL, N_("never speak"), START_KEY_NO_VOICE, NULL },
	{ "rate", "WPM",
	    N_("the voice's speech rate in words a minute, 80 to "
	       "450 (175); steps last as long as their words"),
	    CLI_KEY_RATE, NULL },
	{ 0 },
};

struct start_opts {
	struct cli_answers answers;
	struct cli_routine routine;
	int settled;		/* -1: not given, else 0 or 1 */
	bool plain;
	int bell;		/* -1: the mode's default */
	int voice;		/* -1: the mode's default */
	int rate;		/* 0: the default */
};

static int
start_option(void *data, int key, const char *arg)
{
	struct start_opts *o = data;
	long v;
	int rc;

	switch (key) {
	case START_KEY_PLAIN:
		o->plain = true;
		return CLI_CONTINUE;
	case START_KEY_BELL:
		o->bell = 1;
		return CLI_CONTINUE;
	case START_KEY_NO_BELL:
		o->bell = 0;
		return CLI_CONTINUE;
	case START_KEY_VOICE:
		o->voice = 1;
		return CLI_CONTINUE;
	case START_KEY_NO_VOICE:
		o->voice = 0;
		return CLI_CONTINUE;
	case CLI_KEY_RATE:
		if (!util_parse_int(arg, VOICE_RATE_MIN, VOICE_RATE_MAX, &v)) {
			cli_error(_("--rate must be a whole number of words a "
				    "minute from %d to %d, not '%s'"),
			    VOICE_RATE_MIN, VOICE_RATE_MAX, arg);
			return CLI_EXIT_USAGE;
		}
		o->rate = (int)v;
		return CLI_CONTINUE;
	case START_KEY_SETTLED:
		if (strcasecmp(arg, "yes") == 0 || strcasecmp(arg, "y") == 0)
			o->settled = 1;
		else if (strcasecmp(arg, "no") == 0 ||
		    strcasecmp(arg, "n") == 0)
			o->settled = 0;
		else {
			cli_error(_("--settled must be yes or no, not '%s'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		return CLI_CONTINUE;
	}
	rc = cli_routine_option(&o->routine, key, arg);
	if (rc != CLI_NOT_MINE)
		return rc;
	return cli_answers_option(&o->answers, key, arg);
}

/* ------------------------------------------------------------------ */
/* Asking, line by line, on a terminal or from stdin.                  */

/* Print prompt and read one answer, lower-cased and without blanks. */
static enum cli_ask
ask(const char *prompt, char *buf, size_t size)
{
	enum cli_ask r;

	cli_print_prompt(stdout, prompt);
	r = cli_ask_line(buf, size);
	for (char *p = buf; r == CLI_ASK_OK && *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return r;
}

/* ------------------------------------------------------------------ */
/* The next-day check.                                                 */

static int
next_day_check(struct cli_ctx *ctx, const struct start_opts *o)
{
	struct limber_next_day_check nd;
	char *cause = NULL, *text, when[32], buf[ANSWER_MAX];
	enum cli_ask r;
	bool settled;
	int rc;

	if (ctx->journal == NULL)
		return CLI_CONTINUE;
	if (limber_journal_next_day_due(ctx->journal, ctx->now, &nd,
	    &cause) != LIMBER_OK) {
		rc = cli_error("%s", cause);
		free(cause);
		return rc;
	}
	if (!nd.due)
		return CLI_CONTINUE;

	cli_local_time(when, sizeof when, nd.ended);
	if (nd.before >= 0 && nd.after >= 0)
		text = xasprintf(
		    _("Your last session ended on %s. Your back "
		      "hurt %d out of %d before it and %d after it."),
		    when, nd.before, LIMBER_PAIN_MAX, nd.after);
	else
		text = xasprintf(_("Your last session ended on %s."), when);
	cli_print_wrapped(stdout, "", 0, text);
	free(text);

	if (o->settled >= 0) {
		settled = o->settled == 1;
		/* TRANSLATORS: %s is the --settled value given, yes or no,
		 * as typed. */
		printf(_("Has the pain settled back to how it was before that "
			 "session? %s (from --settled)\n"),
		    settled ? "yes" : "no");
	} else {
		for (;;) {
			/* TRANSLATORS: y and n are the keys read: keep them. */
			r = ask(_("Has the pain settled back to how it was "
				  "before that session? (y/n): "),
			    buf, sizeof buf);
			if (r == CLI_ASK_EOF) {
				fputc('\n', stdout);
				return cli_error(_(
				    "start cancelled: the "
				    "next-day check was not answered (type y "
				    "or n, or give --settled yes or no)"));
			}
			if (r == CLI_ASK_OK &&
			    (strcmp(buf, "y") == 0 ||
				strcmp(buf, "yes") == 0)) {
				settled = true;
				break;
			}
			if (r == CLI_ASK_OK &&
			    (strcmp(buf, "n") == 0 || strcmp(buf, "no") == 0)) {
				settled = false;
				break;
			}
			fputs(_("Please answer y (yes) or n (no).\n"), stdout);
		}
	}
	if (limber_journal_next_day_answer(ctx->journal, nd.session,
	    (int64_t)time(NULL), -1, settled, ctx->catalog, &cause) !=
	    LIMBER_OK) {
		rc = cli_error("%s", cause);
		free(cause);
		return rc;
	}
	if (settled)
		cli_print_wrapped(stdout, "", 0,
		    _("Good. That session suited "
		      "your back."));
	else
		cli_print_wrapped(stdout, "", 0,
		    _("Thank you. That session "
		      "counts as one that made your back worse, so today's "
		      "stretches have fewer repetitions. If it keeps happening, "
		      "the check will send you to a doctor or physiotherapist."));
	fputc('\n', stdout);
	return CLI_CONTINUE;
}

/* ------------------------------------------------------------------ */
/* The safety check, or the one made earlier today.                    */

struct check {
	struct cli_answers answers;	/* what the verdict was made from */
	struct limber_verdict *verdict;
	int64_t screening;		/* its journal id; 0 for none */
	bool reused;			/* found: a check made earlier today */
	int64_t reused_at;
};

/*
 * A check that still holds: go or caution, at most 12 hours old, and
 * asked for at least the area wanted (neck questions are left out of a
 * check for the lower back alone). Its yes answers go into c->answers.
 */
static int
recent_check(struct cli_ctx *ctx, unsigned want, struct check *c,
    bool *found)
{
	struct limber_last_screening last;
	struct limber_journal_data *d = NULL;
	const struct limber_journal_screening *js = NULL;
	char *cause = NULL;
	int rc;

	*found = false;
	if (ctx->journal == NULL)
		return CLI_CONTINUE;
	if (limber_journal_last_screening(ctx->journal, ctx->now, &last,
		&cause) != LIMBER_OK)
		goto fail;
	if (!last.found || !limber_screening_fresh(&last, ctx->now))
		return CLI_CONTINUE;
	/* Its id and yes answers are only in the full record. */
	if (limber_journal_load(ctx->journal, last.at, &d, &cause) !=
	    LIMBER_OK)
		goto fail;
	for (size_t i = d->nscreenings; i-- > 0;) {
		if (d->screenings[i].at == last.at) {
			js = &d->screenings[i];
			break;
		}
	}
	if (js != NULL && (want & ~js->area) == 0) {
		*found = true;
		c->screening = js->id;
		c->reused = true;
		c->reused_at = js->at;
		c->answers.area = want != 0 ? want : js->area;
		for (size_t i = 0; i < js->nyes; i++) {
			const struct limber_question *q =
			    limber_question_find(js->yes[i]);

			if (q != NULL)
				cli_answers_add_yes(&c->answers, q->id);
		}
	}
	limber_journal_data_free(d);
	return CLI_CONTINUE;
fail:
	rc = cli_error("%s",
	    cause != NULL ? cause :
			    _("the journal could not "
			      "be read"));
	free(cause);
	return rc;
}

static int
record_check(struct cli_ctx *ctx, struct check *c)
{
	struct limber_answers ans = {
		.pain = c->answers.pain,
		.area = c->answers.area,
		.yes = c->answers.yes,
		.nyes = c->answers.nyes,
	};
	char *cause = NULL;
	int rc;

	if (ctx->journal == NULL)
		return CLI_CONTINUE;
	if (limber_journal_add_screening(ctx->journal, (int64_t)time(NULL),
	    &ans, c->verdict->level, &c->screening, &cause) != LIMBER_OK) {
		rc = cli_error("%s", cause);
		free(cause);
		return rc;
	}
	return CLI_CONTINUE;
}

/*
 * The verdict for today, in c, printed. Returns CLI_CONTINUE when a session
 * may go ahead, else an exit status.
 */
static int
check(struct cli_ctx *ctx, const struct start_opts *o, bool can_ask,
    struct check *c)
{
	struct cli_answers earlier;
	bool found = false;
	char when[32];
	int rc;

	cli_answers_init(&c->answers);
	rc = recent_check(ctx, o->answers.area, c, &found);
	if (rc != CLI_CONTINUE)
		return rc;
	/*
	 * The questions are asked before every session; only the slow-changing
	 * answers of a check made earlier the same day are carried over
	 * (docs/safety.md, "Asked before every session").
	 */
	if (found &&
	    limber_local_day(c->reused_at) != limber_local_day(ctx->now))
		found = false;
	earlier = c->answers;
	cli_answers_init(&c->answers);
	if (found) {
		cli_local_time(when, sizeof when, c->reused_at);
		printf(
		    _("You answered the safety questions at %s today. Your "
		      "answers on a knee problem, pregnancy, osteoporosis and "
		      "joint flexibility still hold; the other questions are "
		      "asked before every session.\n\n"),
		    when + 11);
	}

	if (o->answers.pain >= 0) {
		/* Answers given as options, as for `limber check`. */
		c->answers.pain = o->answers.pain;
		c->answers.area = o->answers.area;
		if (c->answers.area == 0)
			c->answers.area = found && earlier.area != 0 ?
			    earlier.area :
			    LIMBER_AREA_BOTH;
		for (size_t i = 0; i < o->answers.nyes; i++)
			cli_answers_add_yes(&c->answers, o->answers.yes[i]);
		for (size_t i = 0; found && i < earlier.nyes; i++)
			if (limber_question_reusable(earlier.yes[i]))
				cli_answers_add_yes(&c->answers,
				    earlier.yes[i]);
		rc = cli_answers_screen(ctx, &c->answers, &c->verdict);
		if (rc == CLI_CONTINUE)
			rc = record_check(ctx, c);
	} else if (can_ask) {
		cli_answers_release(&c->answers);
		rc = cli_check_ask_again(ctx, &c->verdict, &c->answers,
		    found ? &earlier : NULL);
		if (rc == CLI_CONTINUE)
			rc = record_check(ctx, c);
	} else
		rc = cli_usage_error(ctx,
		    _("start needs a terminal to ask the "
		      "safety questions, which are asked before every session; "
		      "from a script, give --pain and --area (and --yes ID for "
		      "each question answered yes)"));
	cli_answers_release(&earlier);
	if (rc != CLI_CONTINUE)
		return rc;

	cli_print_verdict(stdout, ctx->catalog, c->verdict);
	return cli_verdict_status(c->verdict) == CLI_EXIT_OK ? CLI_CONTINUE :
	    CLI_EXIT_BLOCKED;
}

/* ------------------------------------------------------------------ */

/* The terminal, when a full screen can be drawn on it. */
static bool
full_screen(const struct start_opts *o)
{
	const char *term = getenv("TERM");

	return !o->plain && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) &&
	    term != NULL && *term != '\0' && strcmp(term, "dumb") != 0;
}

/* On a terminal: read the plan, then go on. Returns CLI_CONTINUE to go. */
static int
ask_go_on(void)
{
	char buf[ANSWER_MAX];
	enum cli_ask r;

	fputc('\n', stdout);
	for (;;) {
		/* TRANSLATORS: q is the key read: keep it. */
		r = ask(
		    _("Press Enter to go on to the guided session, or type q "
		      "and Enter to stop here: "),
		    buf, sizeof buf);
		if (r == CLI_ASK_EOF) {
			fputc('\n', stdout);
			return CLI_EXIT_OK;
		}
		if (r == CLI_ASK_OK && buf[0] == '\0')
			return CLI_CONTINUE;
		if (r == CLI_ASK_OK &&
		    (strcmp(buf, "q") == 0 || strcmp(buf, "quit") == 0 ||
			strcmp(buf, "stop") == 0))
			return CLI_EXIT_OK;
	}
}

static int
start_run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct start_opts o = { .settled = -1, .bell = -1, .voice = -1 };
	struct check c = { .verdict = NULL };
	struct limber_request req;
	struct limber_plan *plan = NULL;
	struct limber_dose *doses = NULL;
	struct limber_plan_history history = { .stage = 0 };
	struct coach_opts copts;
	const char *nc;
	size_t ndoses = 0;
	char *cause = NULL;
	bool screen, can_ask;
	int rc, first;

	cli_answers_init(&o.answers);
	cli_answers_init(&c.answers);
	cli_routine_init(&o.routine);
	rc = cli_parse(ctx, argc, argv, start_option, &o, &first);
	if (rc != CLI_CONTINUE)
		goto out;
	if (first < argc) {
		rc = cli_usage_error(ctx,
		    _("start takes no arguments, not '%s'"), argv[first]);
		goto out;
	}
	if (o.answers.nyes > 0 && o.answers.pain < 0) {
		rc = cli_usage_error(ctx,
		    _("--yes needs --pain too, so that the "
		      "screening knows how much it hurts"));
		goto out;
	}
	if ((rc = cli_routine_check(ctx, &o.routine)) != CLI_CONTINUE)
		goto out;
	/*
	 * The questions read stdin with stdio and the session with read():
	 * unbuffered, stdio never takes a line meant for the session.
	 */
	setvbuf(stdin, NULL, _IONBF, 0);
	screen = full_screen(&o);
	can_ask = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);

	if ((rc = next_day_check(ctx, &o)) != CLI_CONTINUE)
		goto out;
	/* A held day is said before any question (docs/safety.md). */
	if ((rc = cli_day_hold(ctx, false)) != CLI_CONTINUE)
		goto out;
	if ((rc = check(ctx, &o, can_ask, &c)) != CLI_CONTINUE)
		goto out;
	/*
	 * How it is going (PEG-3, the activities' scores), when due: after
	 * a check that allows a session, before its plan. Only a person at
	 * a terminal is asked; a script's stdin is the session's words.
	 */
	if (can_ask && (rc = cli_measures_ask(ctx)) != CLI_CONTINUE)
		goto out;

	if ((rc = cli_plan_facts(ctx, &doses, &ndoses, &history)) !=
	    CLI_CONTINUE)
		goto out;
	req = (struct limber_request){
		.area = c.answers.area,
		.minutes = o.routine.minutes,
		.context = o.routine.context,
		.limits = o.routine.limits,
		.verdict = c.verdict,
		.doses = doses,
		.ndoses = ndoses,
		.sport = o.routine.sport,
		.stage = history.stage,
		.recent = history.recent,
		.nrecent = history.nrecent,
	};
	if (limber_plan_build(ctx->catalog, &req, &plan, &cause) !=
	    LIMBER_OK) {
		rc = cli_error("%s",
		    cause != NULL ? cause : _("the plan could not be made"));
		free(cause);
		goto out;
	}
	/* The same request again, for the words: the planner is a pure function. */
	fputc('\n', stdout);
	if ((rc = cli_plan_show(ctx, &req, false)) != CLI_EXIT_OK)
		goto out;
	if (plan->nitems == 0) {
		rc = CLI_EXIT_BLOCKED;
		goto out;
	}
	if (screen && (rc = ask_go_on()) != CLI_CONTINUE)
		goto out;

	nc = getenv("NO_COLOR");
	copts = (struct coach_opts){
		.plain = !screen,
		.bell = o.bell >= 0 ? o.bell == 1 : screen,
		.color = screen && (nc == NULL || *nc == '\0'),
		.utf8 = util_utf8_terminal(),
		/* Plain mode is for scripts and screen readers: quiet. */
		.voice = o.voice >= 0 ? o.voice == 1 : screen,
		.rate = o.rate,
	};
	if (!screen)
		fputc('\n', stdout);
	rc = coach_run(ctx, plan, c.answers.pain, c.answers.area, c.screening,
	    &copts);
out:
	limber_plan_free(plan);
	limber_doses_free(doses, ndoses);
	limber_plan_history_release(&history);
	limber_verdict_free(c.verdict);
	cli_answers_release(&c.answers);
	cli_answers_release(&o.answers);
	return rc;
}

/* The description says the stop rules' numbers: keep it true if they move. */
_Static_assert(LIMBER_PAIN_STOP_RISE == 2 && LIMBER_PAIN_STOP_ABOVE == 5,
    "start's description says 2 or more, or above 5");
_Static_assert(LIMBER_PAIN_MAX == 10, "start's description says 10");

const struct cli_cmd cli_cmd_start = {
	.name = "start",
	.summary = N_("the check, the plan and a guided session, step by step"),
	.usage =
	    "limber start [--area AREA] [--minutes N] [--context CONTEXT]\n"
	    "             [--no-floor] [--no-kneeling] [--no-lying]\n"
	    "             [--pain N [--yes ID]...] [--settled yes|no]\n"
	    "             [--plain] [--bell | --no-bell] [--voice | --no-voice]\n"
	    "             [--rate WPM]",
	.description = N_(
	    "Does the day's whole job, as 'limber' alone does: asks the safety\n"
	    "questions (before every session; a knee problem, pregnancy,\n"
	    "osteoporosis and joint flexibility are not asked again the same\n"
	    "day), shows the plan, and\n"
	    "guides you through it step by step, with a countdown for each hold,\n"
	    "rests, and a check on your pain after each stretch. The session\n"
	    "stops at once on sharp pain, numbness or dizziness (the ! key), and\n"
	    "when your pain rises by 2 or more, or above 5. Everything is\n"
	    "recorded in the journal as it happens.\n"
	    "\n"
	    "On a terminal, before the plan, it asks how it is going when that\n"
	    "is due: three questions on the past week, once a week, and every\n"
	    "two weeks how well you can do up to three activities the pain\n"
	    "makes hard, which you name the first time. n answers 'not now',\n"
	    "which is recorded, so they wait until they are due again. From a\n"
	    "script they are not asked: 'limber log --peg' and '--psfs' record\n"
	    "them.\n"
	    "\n"
	    "On a terminal the session fills the screen. Keys: space pauses and\n"
	    "carries on, n skips a stretch, q stops, ! reports sharp pain,\n"
	    "numbness or dizziness, and 0 to 9 (or 1 then 0 for 10) give your\n"
	    "pain at a check-in. Elsewhere, or with --plain or TERM=dumb, it\n"
	    "prints one line per cue with its time, and reads the same keys as\n"
	    "words on lines of stdin (go, p, n, q, !, or a number); when stdin\n"
	    "ends, the session stops at its next check-in, since nobody can\n"
	    "answer it.\n"
	    "\n"
	    "On the full screen the cues are spoken too (espeak-ng), with a\n"
	    "count in the last seconds of each hold and a tone as a hold starts,\n"
	    "as it ends and as you change sides; --no-voice keeps it quiet and\n"
	    "--voice speaks in plain mode too. With the voice on, each step\n"
	    "lasts as long as its words take at --rate, and a moment to move,\n"
	    "so nothing is cut or said late. Without a sound device the\n"
	    "session goes on silently, after one notice.\n"
	    "\n"
	    "Exit status: 0 when the session went through to its end, 3 when\n"
	    "the check rules out stretching today, 4 when the session stopped\n"
	    "early or never started, and 128 + N when signal N ended it (130\n"
	    "for Ctrl-C, 143 for SIGTERM)."),
	.opts = start_opts,
	.flags = CMD_NEEDS_CATALOG | CMD_NEEDS_FIGURES | CMD_NEEDS_JOURNAL,
	.run = start_run,
};
