/*
 * measures.c - PEG-3 and the Patient-Specific Functional Scale, asked on
 * a terminal and read from `limber log` (measures.h).
 *
 * The questions are in our own words: each says plainly what the
 * instrument asks, never its published wording (docs/report.md, "Outcome
 * measures"). Each is answered with a number and Enter; "n" at any of
 * them is "not now", recorded as a skip, so that the person is not asked
 * again until the next asking is due (LIMBER_PEG_EVERY_S and
 * LIMBER_PSFS_EVERY_S, the project's policy). An asking is all or
 * nothing: a skip part-way through keeps none of its answers.
 */
#include <ctype.h>
#include <strings.h>
#include <time.h>

#include "ask.h"
#include "cli.h"
#include "measures.h"
#include "util.h"

/*
 * Longer lines are refused whole (cli_ask_line). Well over an activity's
 * longest name, so that a long name is told it is too long, not cut.
 */
#define ANSWER_MAX 512

/* The help and the questions say 0 to 10: keep them true if it moves. */
_Static_assert(LIMBER_PAIN_MIN == 0 && LIMBER_PAIN_MAX == 10,
    "the measures are asked from 0 to 10");
_Static_assert(LIMBER_PSFS_MAX == 3, "the questions say up to three");

enum reply {
	REPLY_VALUE,
	REPLY_NOT_NOW,
	REPLY_EOF,
};

static bool
not_now(const char *s)
{
	return strcasecmp(s, "n") == 0 || strcasecmp(s, "not now") == 0;
}

/* A score from 0 to 10, or "not now". */
static enum reply
ask_score(const char *prompt, int *v)
{
	char buf[ANSWER_MAX];
	enum cli_ask r;
	long n;

	for (;;) {
		cli_print_prompt(stdout, prompt);
		r = cli_ask_line(buf, sizeof buf);
		if (r == CLI_ASK_EOF)
			return REPLY_EOF;
		if (r == CLI_ASK_OK && not_now(buf))
			return REPLY_NOT_NOW;
		if (r == CLI_ASK_OK &&
		    util_parse_int(buf, LIMBER_PAIN_MIN, LIMBER_PAIN_MAX, &n)) {
			*v = (int)n;
			return REPLY_VALUE;
		}
		printf(
		    _("Please type a whole number from %d to %d, or n for not "
		      "now.\n"),
		    LIMBER_PAIN_MIN, LIMBER_PAIN_MAX);
	}
}

static int
cancelled(void)
{
	/* The prompt left the cursor mid-line. */
	fputc('\n', stdout);
	return cli_error(_("start cancelled: the input ended during the "
			   "questions on how it is going"));
}

/*
 * Say how an asking went into the journal: the words only once it holds
 * it (so "noted" is never said of an answer that is not there).
 */
static void
told(struct cli_ctx *ctx, enum limber_status st, char *cause, const char *what,
    const char *words)
{
	char *text;

	if (st == LIMBER_OK) {
		ctx->saved = what;
		cli_print_wrapped(stdout, "", 0, words);
		return;
	}
	text = xasprintf(_("%s could not be written in the journal (%s), so "
			   "they will be asked again next time."),
	    what, cause != NULL ? cause : _("an error"));
	text[0] = (char)toupper((unsigned char)text[0]);
	cli_print_wrapped(stdout, "", 0, text);
	free(text);
	free(cause);
}

/* ------------------------------------------------------------------ */
/* PEG-3.                                                              */

static int
ask_peg(struct cli_ctx *ctx)
{
	static const char *const questions[3] = {
		N_("Over the past week, how much did it hurt, on average? 0 "
		   "is no pain, 10 the worst pain you can imagine."),
		N_("Over the past week, how much did the pain get in the way "
		   "of enjoying life? 0 is not at all, 10 completely."),
		N_("Over the past week, how much did the pain get in the way "
		   "of the things you do in a day, at home, at work or out? 0 "
		   "is not at all, 10 completely."),
	};
	struct limber_peg p;
	int *v[3] = { &p.pain, &p.enjoyment, &p.activity };
	char first[8], *cause = NULL;
	enum limber_status st;

	fputc('\n', stdout);
	cli_print_wrapped(stdout, "", 0,
	    _("Three questions on the past week, "
	      "asked once a week: your answers show whether the stretching "
	      "is helping (in 'limber stats' and your report). Type a number "
	      "and press Enter, or n for not now."));
	for (size_t i = 0; i < nitems(questions); i++) {
		snprintf(first, sizeof first, "%zu. ", i + 1);
		fputc('\n', stdout);
		cli_print_wrapped(stdout, first, 3, _(questions[i]));
		switch (ask_score(_("   0 to 10, or n: "), v[i])) {
		case REPLY_VALUE:
			continue;
		case REPLY_NOT_NOW:
			st = limber_journal_add_peg(ctx->journal,
			    (int64_t)time(NULL), NULL, &cause);
			told(ctx, st, cause, _("the answer 'not now'"),
			    _("Not now, then: these three are asked again in a "
			      "week."));
			return CLI_CONTINUE;
		case REPLY_EOF:
			return cancelled();
		}
	}
	st = limber_journal_add_peg(ctx->journal, (int64_t)time(NULL), &p,
	    &cause);
	told(ctx, st, cause, _("the answers on the past week"),
	    _("Noted in your journal."));
	return CLI_CONTINUE;
}

/* ------------------------------------------------------------------ */
/* The Patient-Specific Functional Scale.                              */

struct psfs_names {
	char *name[LIMBER_PSFS_MAX];
	size_t n;
};

static void
names_release(struct psfs_names *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->name[i]);
	a->n = 0;
}

/*
 * The activities, named one a line. An empty line ends the list; at the
 * first one, n is not now, and so is an empty line, or with keep, the
 * activities named before, kept. Returns REPLY_VALUE with a->n named (0:
 * keep them), REPLY_NOT_NOW or REPLY_EOF.
 */
static enum reply
name_activities(struct psfs_names *a, bool keep)
{
	char buf[ANSWER_MAX], prompt[32], *why = NULL;
	enum cli_ask r;
	size_t k;

	fputc('\n', stdout);
	cli_print_wrapped(stdout, "", 0,
	    /* TRANSLATORS: n is the key typed for "not now": keep it. */
	    keep ?
		_("Name up to three everyday activities that the pain makes "
		  "hard, one a line, in a few words. An empty line ends the list; "
		  "an empty first line keeps the ones you had, and n means not "
		  "now.") :
		_("Which everyday activities does the pain make hard for you? "
		  "Name up to three, one a line, in a few words (such as putting "
		  "on socks, or carrying the shopping). An empty line ends the "
		  "list; an empty first line, or n, means not now."));
	while (a->n < LIMBER_PSFS_MAX) {
		snprintf(prompt, sizeof prompt, _("Activity %zu: "), a->n + 1);
		cli_print_prompt(stdout, prompt);
		r = cli_ask_line(buf, sizeof buf);
		if (r == CLI_ASK_EOF)
			return REPLY_EOF;
		if (r == CLI_ASK_BAD) {
			printf(
			    _("That is too long: please name it in fewer words "
			      "(at most %d bytes).\n"),
			    LIMBER_PSFS_NAME_MAX);
			continue;
		}
		if (a->n == 0 && not_now(buf))
			return REPLY_NOT_NOW;
		if (buf[0] == '\0')
			return a->n > 0 || keep ? REPLY_VALUE : REPLY_NOT_NOW;
		if (!cli_psfs_name_ok(buf, &why)) {
			cli_print_wrapped(stdout, "", 0, why);
			free(why);
			why = NULL;
			continue;
		}
		for (k = 0; k < a->n && strcasecmp(a->name[k], buf) != 0; k++)
			;
		if (k < a->n) {
			fputs(_("You named that one already: please name "
				"another, or press Enter to end the list.\n"),
			    stdout);
			continue;
		}
		a->name[a->n++] = xstrdup(buf);
	}
	return REPLY_VALUE;
}

static int
ask_psfs(struct cli_ctx *ctx, const struct limber_measures_due *due)
{
	struct psfs_names a = { .n = 0 };
	struct limber_psfs_item v[LIMBER_PSFS_MAX];
	char buf[ANSWER_MAX], *cause = NULL;
	enum limber_status st;
	enum reply reply = REPLY_VALUE;
	enum cli_ask r;
	int rc = CLI_CONTINUE;

	if (due->nactivity > 0) {
		fputc('\n', stdout);
		cli_print_wrapped(stdout, "", 0,
		    _("Every two weeks: how well "
		      "can you do the activities you named?"));
		for (size_t i = 0; i < due->nactivity; i++) {
			fputs("  - ", stdout);
			cli_puts(stdout, due->activity[i]);
			fputc('\n', stdout);
		}
		for (;;) {
			cli_print_prompt(stdout,
			    _("Press Enter to score them, c to name other "
			      "ones, or n for not now: "));
			r = cli_ask_line(buf, sizeof buf);
			if (r == CLI_ASK_EOF) {
				reply = REPLY_EOF;
				break;
			}
			if (r == CLI_ASK_OK && buf[0] == '\0')
				break;
			if (r == CLI_ASK_OK && not_now(buf)) {
				reply = REPLY_NOT_NOW;
				break;
			}
			if (r == CLI_ASK_OK && strcasecmp(buf, "c") == 0) {
				reply = name_activities(&a, true);
				break;
			}
		}
		/* Kept: the ones named before, scored again. */
		for (size_t i = 0;
		     reply == REPLY_VALUE && a.n == 0 && i < due->nactivity;
		     i++)
			a.name[i] = xstrdup(due->activity[i]);
		if (reply == REPLY_VALUE && a.n == 0)
			a.n = due->nactivity;
	} else
		reply = name_activities(&a, false);

	if (reply == REPLY_VALUE) {
		fputc('\n', stdout);
		cli_print_wrapped(stdout, "", 0,
		    _("How well can you do each "
		      "one now? 0 means you cannot do it at all, 10 that you can "
		      "do it as well as before the pain."));
	}
	for (size_t i = 0; reply == REPLY_VALUE && i < a.n; i++) {
		fputs("  ", stdout);
		cli_puts(stdout, a.name[i]);
		v[i].activity = a.name[i];
		reply = ask_score(_(" (0 to 10, or n): "), &v[i].score);
	}
	switch (reply) {
	case REPLY_VALUE:
		st = limber_journal_add_psfs(ctx->journal, (int64_t)time(NULL),
		    v, a.n, &cause);
		told(ctx, st, cause, _("the activities' scores"),
		    _("Noted in your journal."));
		break;
	case REPLY_NOT_NOW:
		st = limber_journal_add_psfs(ctx->journal, (int64_t)time(NULL),
		    NULL, 0, &cause);
		told(ctx, st, cause, _("the answer 'not now'"),
		    _("Not now, then: the activities are asked about again in "
		      "two weeks."));
		break;
	case REPLY_EOF:
		rc = cancelled();
		break;
	}
	names_release(&a);
	return rc;
}

/* The words above say a week and two weeks: keep them true if they move. */
_Static_assert(LIMBER_PEG_EVERY_S == 7 * LIMBER_DAY_S &&
	LIMBER_PSFS_EVERY_S == 14 * LIMBER_DAY_S,
    "the questions say once a week and every two weeks");

int
cli_measures_ask(struct cli_ctx *ctx)
{
	struct limber_measures_due due;
	char *cause = NULL;
	int rc = CLI_CONTINUE;

	if (ctx->journal == NULL)
		return CLI_CONTINUE;
	memset(&due, 0, sizeof due);
	if (limber_journal_measures_due(ctx->journal, ctx->now, &due, &cause) !=
	    LIMBER_OK) {
		rc = cli_error("%s",
		    cause != NULL ? cause : _("the journal could not be read"));
		free(cause);
		return rc;
	}
	if (due.peg)
		rc = ask_peg(ctx);
	if (rc == CLI_CONTINUE && due.psfs)
		rc = ask_psfs(ctx, &due);
	limber_measures_due_free(&due);
	return rc;
}

/* ------------------------------------------------------------------ */
/* By hand: `limber log --peg P,E,A --psfs ACTIVITY=SCORE`.            */

/* s[0..len) without the blanks around it, malloc'd. */
static char *
trimmed(const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	return xstrndup(s, len);
}

bool
cli_peg_parse(const char *s, struct limber_peg *out, char **why)
{
	static const char *const names[3] = { N_("the first number (pain)"),
		N_("the second number (enjoyment of life)"),
		N_("the third number (activity)") };
	int *v[3] = { &out->pain, &out->enjoyment, &out->activity };
	const char *p = s, *comma;
	size_t i;
	long n;

	for (i = 0; i < 3; i++) {
		char *part;
		bool ok;

		comma = strchr(p, ',');
		if (i < 2 && comma == NULL)
			break;
		if (i == 2 && comma != NULL) {
			*why = xasprintf(
			    _("'%s' has more than three numbers: give "
			      "three, as PAIN,ENJOYMENT,ACTIVITY"),
			    s);
			return false;
		}
		part = trimmed(p,
		    comma != NULL ? (size_t)(comma - p) : strlen(p));
		ok = util_parse_int(part, LIMBER_PAIN_MIN, LIMBER_PAIN_MAX, &n);
		if (!ok) {
			*why = xasprintf(
			    _("%s must be a whole number from %d to "
			      "%d, not '%s'"),
			    _(names[i]), LIMBER_PAIN_MIN, LIMBER_PAIN_MAX,
			    part);
			free(part);
			return false;
		}
		free(part);
		*v[i] = (int)n;
		p = comma != NULL ? comma + 1 : p;
	}
	if (i < 3) {
		*why = xasprintf(_("'%s' is not three numbers: give them as "
				   "PAIN,ENJOYMENT,ACTIVITY, such as 4,3,5"),
		    s);
		return false;
	}
	return true;
}

bool
cli_psfs_name_ok(const char *name, char **why)
{
	if (name[0] == '\0') {
		*why = xstrdup(_("the activity's name is missing"));
		return false;
	}
	if (strlen(name) > LIMBER_PSFS_NAME_MAX) {
		*why = xasprintf(
		    _("'%s' is too long for an activity's name: at "
		      "most %d bytes, please"),
		    name, LIMBER_PSFS_NAME_MAX);
		return false;
	}
	if (!util_text_safe(name)) {
		*why = xasprintf(_("'%s' holds a control character or a "
				   "direction override, which an activity's "
				   "name may not"),
		    name);
		return false;
	}
	return true;
}

bool
cli_psfs_parse(const char *s, struct limber_psfs_item *out, char **why)
{
	const char *eq = strrchr(s, '=');
	char *name, *score;
	long n;

	out->activity = NULL;
	if (eq == NULL) {
		*why = xasprintf(_("'%s' has no score: give it as "
				   "ACTIVITY=SCORE, such as \"putting on "
				   "socks=4\""),
		    s);
		return false;
	}
	name = trimmed(s, (size_t)(eq - s));
	if (!cli_psfs_name_ok(name, why)) {
		free(name);
		return false;
	}
	score = trimmed(eq + 1, strlen(eq + 1));
	if (!util_parse_int(score, LIMBER_PAIN_MIN, LIMBER_PAIN_MAX, &n)) {
		*why = xasprintf(
		    _("the score of '%s' must be a whole number "
		      "from %d (cannot do it at all) to %d (as well "
		      "as before the pain), not '%s'"),
		    name, LIMBER_PAIN_MIN, LIMBER_PAIN_MAX, score);
		free(name);
		free(score);
		return false;
	}
	free(score);
	out->activity = name;
	out->score = (int)n;
	return true;
}
