/*
 * cmd-check.c - `limber check`: is stretching safe today?
 *
 * On a terminal, with no answers given as options, it asks: pain first,
 * then where it hurts, then the screening questions in the library's order
 * (worst first). The first emergency or urgent "yes" ends the questions at
 * once: someone who should be calling for help must not be kept answering.
 * Elsewhere (scripts, tests, pipes) the answers come as options, and a
 * missing answer is an error rather than a guess.
 */
#include <ctype.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "ask.h"
#include "cli.h"
#include "util.h"

/* Longer answers are refused; nobody types 200 characters for "yes". */
#define ANSWER_MAX 200

static const struct cli_opt check_opts[] = {
	{ .include = cli_opts_answers },
	{ "list", NULL,
	    N_("list the screening questions instead: id, level and "
	       "question"),
	    CLI_KEY_LIST, NULL },
	{ "json", NULL, N_("print the verdict, or the list, as JSON"),
	    CLI_KEY_JSON, NULL },
	{ 0 },
};

struct check_opts {
	struct cli_answers answers;
	bool list;
	bool json;
};

static int
check_option(void *data, int key, const char *arg)
{
	struct check_opts *o = data;

	switch (key) {
	case CLI_KEY_LIST:
		o->list = true;
		return CLI_CONTINUE;
	case CLI_KEY_JSON:
		o->json = true;
		return CLI_CONTINUE;
	}
	return cli_answers_option(&o->answers, key, arg);
}

/* ------------------------------------------------------------------ */
/* Asking on the terminal.                                             */

static int
cancelled(void)
{
	/* The prompt left the cursor mid-line. */
	fputc('\n', stdout);
	fflush(stdout);
	return cli_error(_("check cancelled"));
}

static int
ask_pain(int *pain)
{
	char buf[ANSWER_MAX];
	enum cli_ask r;
	long v;
	char *ask;

	ask = xasprintf(
	    _("How much does your back hurt right now? %d "
	      "means no pain at all, %d the worst pain you can imagine."),
	    LIMBER_PAIN_MIN, LIMBER_PAIN_MAX);

	cli_print_wrapped(stdout, "", 0, ask);
	free(ask);
	for (;;) {
		printf(_("Pain (%d-%d): "), LIMBER_PAIN_MIN, LIMBER_PAIN_MAX);
		r = cli_ask_line(buf, sizeof buf);
		if (r == CLI_ASK_EOF)
			return cancelled();
		if (r == CLI_ASK_OK &&
		    util_parse_int(buf, LIMBER_PAIN_MIN, LIMBER_PAIN_MAX, &v)) {
			*pain = (int)v;
			return CLI_CONTINUE;
		}
		printf(_("Please type one whole number from %d to %d, such as "
			 "3.\n"),
		    LIMBER_PAIN_MIN, LIMBER_PAIN_MAX);
	}
}

static int
ask_area(unsigned *area)
{
	char buf[ANSWER_MAX];
	enum cli_ask r;
	int v;

	fputs(_("\nWhere does it hurt?\n"
		"  1  upper: the neck and upper back\n"
		"  2  lower: the lower back\n"
		"  3  both\n"),
	    stdout);
	for (;;) {
		/* TRANSLATORS: upper, lower and both are what is typed (or
		 * 1, 2, 3): keep them as they are. */
		fputs(_("Area (upper, lower or both): "), stdout);
		r = cli_ask_line(buf, sizeof buf);
		if (r == CLI_ASK_EOF)
			return cancelled();
		for (char *p = buf; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		if (r == CLI_ASK_OK &&
		    (v = limber_area_parse_answer(buf)) > 0) {
			*area = (unsigned)v;
			return CLI_CONTINUE;
		}
		fputs(_("Please type upper, lower or both (or 1, 2 or 3).\n"),
		    stdout);
	}
}

static int
ask_yes_no(const char *question, int number, bool *yes)
{
	char buf[ANSWER_MAX], first[16];
	enum cli_ask r;

	snprintf(first, sizeof first, "%2d. ", number);
	fputc('\n', stdout);
	cli_print_wrapped(stdout, first, 4, question);
	for (;;) {
		/* TRANSLATORS: y and n (and yes, no) are what is typed:
		 * keep them as they are. */
		fputs(_("    Yes or no (y/n): "), stdout);
		r = cli_ask_line(buf, sizeof buf);
		if (r == CLI_ASK_EOF)
			return cancelled();
		if (r == CLI_ASK_OK &&
		    (strcasecmp(buf, "y") == 0 ||
			strcasecmp(buf, "yes") == 0)) {
			*yes = true;
			return CLI_CONTINUE;
		}
		if (r == CLI_ASK_OK &&
		    (strcasecmp(buf, "n") == 0 || strcasecmp(buf, "no") == 0)) {
			*yes = false;
			return CLI_CONTINUE;
		}
		fputs(_("    Please answer y (yes) or n (no).\n"), stdout);
	}
}

int
cli_check_ask_answers(struct cli_ctx *ctx, struct limber_verdict **out,
    struct cli_answers *answers)
{
	return cli_check_ask_again(ctx, out, answers, NULL);
}

int
cli_check_ask_again(struct cli_ctx *ctx, struct limber_verdict **out,
    struct cli_answers *answers, const struct cli_answers *earlier)
{
	const struct limber_question *q;
	struct cli_answers a;
	int rc, number = 0;
	bool yes = false;

	*out = NULL;
	cli_answers_init(&a);
	cli_print_wrapped(stdout, "", 0,
	    _("A few questions first, to make sure "
	      "stretching is safe for you today."));
	fputc('\n', stdout);
	if ((rc = ask_pain(&a.pain)) != CLI_CONTINUE)
		goto out;
	if ((rc = ask_area(&a.area)) != CLI_CONTINUE)
		goto out;

	fputc('\n', stdout);
	/*
	 * Severe pain already means a clinician today; only the questions
	 * that can make it more urgent are asked (docs/safety.md, "The
	 * severe-pain rule"), as the page does.
	 */
	if (a.pain >= LIMBER_SEVERE_PAIN)
		cli_print_wrapped(stdout, "", 0,
		    _("Pain this strong needs a doctor or "
		      "physiotherapist to see you, so there will be no stretching "
		      "today. A few yes-or-no questions now, to check whether you "
		      "need help sooner."));
	else
		cli_print_wrapped(stdout, "", 0,
		    _("Now some questions to answer "
		      "with yes or no."));
	if (earlier != NULL) {
		for (size_t i = 0; i < earlier->nyes; i++)
			if (limber_question_reusable(earlier->yes[i]))
				cli_answers_add_yes(&a, earlier->yes[i]);
	}
	for (q = limber_questions(); q->id != NULL; q++) {
		if (!limber_question_asked(q, a.area, ctx->catalog))
			continue;
		/* Answered earlier today, and slow to change. */
		if (earlier != NULL && limber_question_reusable(q->id))
			continue;
		if (a.pain >= LIMBER_SEVERE_PAIN &&
		    !limber_question_asked_in_severe_pain(q->id))
			continue;
		if ((rc = ask_yes_no(limber_question_text(q), ++number,
			 &yes)) != CLI_CONTINUE)
			goto out;
		if (!yes)
			continue;
		cli_answers_add_yes(&a, q->id);
		if (limber_question_ends_asking(q))
			break;
	}
	fputc('\n', stdout);

	rc = cli_answers_screen(ctx, &a, out);
out:
	*answers = a;
	return rc;
}

/* ------------------------------------------------------------------ */

static int
list_questions(bool json)
{
	const struct limber_question *q;
	int idw = 0, levelw = 0;

	if (json) {
		json_t *arr = json_array();

		for (q = limber_questions(); q->id != NULL; q++) {
			json_t *area = q->area != NULL ?
			    json_string(q->area) :
			    json_null();
			bool severe =
			    limber_question_asked_in_severe_pain(q->id);

			json_array_append_new(arr,
			    json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:b}",
				"id", q->id, "level",
				limber_level_name(q->level), "text", q->text,
				"advice", q->advice, "area", area, "severe",
				severe, "only_if_affected",
				q->only_if_affected));
		}
		return cli_print_json(arr);
	}

	for (q = limber_questions(); q->id != NULL; q++) {
		int w = (int)strlen(q->id);
		int lw = cli_width(cli_level_words(q->level));

		idw = w > idw ? w : idw;
		levelw = lw > levelw ? lw : levelw;
	}
	/* One line a question, unwrapped, so that grep and cut work on it. */
	for (q = limber_questions(); q->id != NULL; q++) {
		printf("%-*s  ", idw, q->id);
		cli_print_padded(stdout, cli_level_words(q->level), levelw);
		printf("  %s\n", limber_question_text(q));
	}
	return CLI_EXIT_OK;
}

static int
record_screening(struct cli_ctx *ctx, const struct cli_answers *a,
    const struct limber_verdict *v)
{
	struct limber_answers ans = {
		.pain = a->pain, .area = a->area, .yes = a->yes, .nyes = a->nyes,
	};
	char *cause = NULL;
	int rc;

	if ((rc = cli_journal_open(ctx, true)) != CLI_CONTINUE)
		return rc;
	if (limber_journal_add_screening(ctx->journal, (int64_t)time(NULL),
	    &ans, v->level, NULL, &cause) != LIMBER_OK) {
		rc = cli_error("%s", cause);
		free(cause);
		return rc;
	}
	return CLI_CONTINUE;
}

static int
check_run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct limber_verdict *v = NULL;
	struct check_opts o = { .list = false };
	struct limber_day_hold hold = { .held = false };
	const char *missing;
	size_t future = 0;
	bool given;
	int rc, first;

	cli_answers_init(&o.answers);
	rc = cli_parse(ctx, argc, argv, check_option, &o, &first);
	if (rc != CLI_CONTINUE)
		goto out;
	if (first < argc) {
		rc = cli_usage_error(ctx,
		    _("check takes no arguments, not '%s'"), argv[first]);
		goto out;
	}

	given = o.answers.pain >= 0 || o.answers.area != 0 ||
	    o.answers.nyes > 0;
	if (o.list) {
		if (given)
			rc = cli_usage_error(ctx, _("--list takes no answers"));
		else
			rc = list_questions(o.json);
		goto out;
	}

	if (!given && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		cli_answers_release(&o.answers);
		rc = cli_check_ask_answers(ctx, &v, &o.answers);
		if (rc != CLI_CONTINUE)
			goto out;
	} else {
		missing = NULL;
		if (o.answers.pain < 0 && o.answers.area == 0)
			missing = "--pain and --area";
		else if (o.answers.pain < 0)
			missing = "--pain";
		else if (o.answers.area == 0)
			missing = "--area";
		if (missing != NULL) {
			rc = cli_usage_error(ctx,
			    _("missing %s (check needs "
			      "--pain and --area unless it can ask on a "
			      "terminal)"),
			    missing);
			goto out;
		}
		rc = cli_answers_screen(ctx, &o.answers, &v);
		if (rc != CLI_CONTINUE)
			goto out;
	}

	/*
	 * A day held by an earlier warning stop or verdict stays held whatever
	 * is answered now: new answers that would allow stretching are shown
	 * beside the earlier ones, and only "that answer was a mistake",
	 * journalled, lifts it (docs/safety.md, "The rest of the day"). Read
	 * before this check is recorded, which may itself hold the day.
	 */
	if ((rc = cli_day_hold_read(ctx, &hold)) != CLI_CONTINUE)
		goto out;
	if (!limber_level_allows_session(v->level))
		hold.held = false;
	/* Records from a clock that was ahead took no part: say so. */
	if ((rc = cli_future_count(ctx, &future)) != CLI_CONTINUE)
		goto out;

	/*
	 * Every screening goes into the journal, so that `limber start` soon
	 * after need not ask again, and the history shows what was answered.
	 */
	if ((rc = record_screening(ctx, &o.answers, v)) != CLI_CONTINUE)
		goto out;

	if (o.json) {
		json_t *out = limber_verdict_to_json(v);

		if (hold.held)
			json_object_set_new(out, "held",
			    cli_day_hold_json(&hold));
		if (future > 0)
			json_object_set_new(out, "future_records",
			    json_integer((json_int_t)future));
		rc = cli_print_json(out);
		if (rc != CLI_EXIT_OK)
			goto out;
	} else if (hold.held) {
		/* Not the verdict's "go ahead": the day is held. */
		printf(_("These answers on their own would give %s, but today "
			 "stays held.\n\n"),
		    cli_level_words(v->level));
		cli_day_hold_say(stdout, &hold);
	} else {
		cli_print_verdict(stdout, ctx->catalog, v);
		if (limber_level_allows_session(v->level)) {
			fputc('\n', stdout);
			cli_print_stop_rules(stdout);
		}
	}
	if (!o.json)
		cli_future_say(stdout, future);
	rc = hold.held ? CLI_EXIT_BLOCKED : cli_verdict_status(v);
out:
	limber_day_hold_release(&hold);
	limber_verdict_free(v);
	cli_answers_release(&o.answers);
	return rc;
}

/* The description says the scale's numbers: keep it true if they move. */
_Static_assert(LIMBER_PAIN_MIN == 0 && LIMBER_PAIN_MAX == 10,
    "check's description says 0 to 10");

const struct cli_cmd cli_cmd_check = {
	.name = "check",
	.summary = N_("ask the safety questions: is stretching safe today?"),
	.usage = "limber check\n"
		 "limber check --pain N --area AREA [--yes ID]... [--json]\n"
		 "limber check --list [--json]",
	.description = N_(
	    "Screens for signs that your back needs a doctor, not a stretch.\n"
	    "On a terminal, with no answers given, it asks how much it hurts\n"
	    "(0 to 10), where, and a short list of yes-or-no questions, worst\n"
	    "first. An emergency or urgent answer ends the questions at once.\n"
	    "\n"
	    "Elsewhere, give the answers as options: --pain and --area are\n"
	    "needed, and --yes once for each question answered yes (all others\n"
	    "count as no). 'limber check --list' shows the question ids.\n"
	    "\n"
	    "The verdict is one of go, caution, see-clinician, urgent and\n"
	    "emergency. The exit status is 0 for go and caution, 3 for the\n"
	    "others: no stretching today."),
	.opts = check_opts,
	.flags = CMD_NEEDS_CATALOG | CMD_READS_JOURNAL,
	.run = check_run,
};
