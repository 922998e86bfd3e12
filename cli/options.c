/*
 * options.c - command options, parsed from the same tables that print help.
 *
 * A command lists its options once, in a table of struct cli_opt. From it
 * cli_parse() builds the getopt_long array, and help.c prints the help,
 * so an option cannot be parsed without being documented. Options that more
 * than one command takes are table fragments here, with the one function
 * that parses each: the screening answers (--pain, --area, --yes) and the
 * shape of a routine (--minutes, --context, --no-floor, ...).
 */
#include <getopt.h>

#include "cli.h"
#include "util.h"

static const struct cli_opt *
find_key(const struct cli_opt **opts, size_t n, int key)
{
	for (size_t i = 0; i < n; i++) {
		if (opts[i]->key == key)
			return opts[i];
	}
	return NULL;
}

/* Why getopt_long refused an option: unknown, ambiguous, or a flag given a value. */
static int
bad_option(const struct cli_ctx *ctx, const struct cli_opt **opts, size_t n,
    const char *word)
{
	const struct cli_opt *o;
	size_t len, matches = 0;

	if (optopt != 0 && optopt < 256)
		return cli_usage_error(ctx, _("unknown option '-%c'"), optopt);
	o = find_key(opts, n, optopt);
	if (o != NULL)
		return cli_usage_error(ctx, _("--%s takes no value"), o->name);
	if (word == NULL || strncmp(word, "--", 2) != 0)
		return cli_usage_error(ctx, _("unknown option '%s'"),
		    word != NULL ? word : "?");
	len = strcspn(word + 2, "=");
	for (size_t i = 0; i < n; i++) {
		if (len > 0 && strncmp(opts[i]->name, word + 2, len) == 0)
			matches++;
	}
	if (matches > 1)
		return cli_usage_error(ctx, _("option '%.*s' is ambiguous"),
		    (int)len + 2, word);
	return cli_usage_error(ctx, _("unknown option '%.*s'"), (int)len + 2,
	    word);
}

int
cli_parse(struct cli_ctx *ctx, int argc, char **argv, cli_opt_fn fn,
    void *data, int *first)
{
	const struct cli_opt **opts, *o;
	struct option *longopts;
	size_t n;
	int rc = CLI_CONTINUE, c;

	opts = cli_opts_flatten(ctx->cmd, &n);
	longopts = xcalloc(n + 1, sizeof *longopts);
	for (size_t i = 0; i < n; i++) {
		longopts[i].name = opts[i]->name;
		longopts[i].has_arg = opts[i]->arg != NULL ? required_argument :
		    no_argument;
		longopts[i].flag = NULL;
		longopts[i].val = opts[i]->key;
	}

	/* 0, not 1: glibc then forgets any earlier scan. */
	optind = 0;
	opterr = 0;
	while (rc == CLI_CONTINUE &&
	    (c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case CLI_KEY_HELP:
			cli_help_cmd(stdout, ctx->cmd);
			rc = CLI_EXIT_OK;
			break;
		case ':':
			o = find_key(opts, n, optopt);
			if (o != NULL)
				rc = cli_usage_error(ctx,
				    _("--%s needs a value, as in --%s %s"),
				    o->name, o->name, o->arg);
			else
				rc = cli_usage_error(ctx,
				    _("an option needs a value"));
			break;
		case '?':
			rc = bad_option(ctx, opts, n,
			    optind > 0 && optind <= argc ? argv[optind - 1] : NULL);
			break;
		case CLI_KEY_JOURNAL:
			rc = cli_journal_option(ctx, optarg);
			break;
		default:
			rc = fn(data, c, optarg);
			if (rc == CLI_NOT_MINE)
				rc = cli_error("internal error: option %d of '%s' "
				    "is not handled", c, ctx->cmd->name);
			break;
		}
	}
	*first = optind;
	free(longopts);
	free(opts);
	/* Only now, with the options known to be good, is the journal touched. */
	if (rc == CLI_CONTINUE &&
	    (ctx->cmd->flags & (CMD_NEEDS_JOURNAL | CMD_READS_JOURNAL)))
		rc = cli_journal_open(ctx, ctx->cmd->flags & CMD_NEEDS_JOURNAL);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The screening answers.                                              */

/* The help below says the scale's numbers: keep it true if they move. */
_Static_assert(LIMBER_PAIN_MIN == 0 && LIMBER_PAIN_MAX == 10,
    "--pain's help says 0 to 10");

const struct cli_opt cli_opts_answers[] = {
	{ "pain", "N",
	    N_("how much it hurts right now, from 0 (no pain) to 10 "
	       "(the worst you can imagine)"),
	    CLI_KEY_PAIN, NULL },
	{ "area", "AREA",
	    N_("where it hurts: upper (neck and upper back), lower "
	       "(lower back) or both"),
	    CLI_KEY_AREA, NULL },
	{ "yes", "ID",
	    N_("answer yes to screening question ID; give it once for "
	       "each yes, and leave out the questions answered no"),
	    CLI_KEY_YES, NULL },
	{ 0 },
};

void
cli_answers_init(struct cli_answers *a)
{
	memset(a, 0, sizeof *a);
	a->pain = -1;
}

void
cli_answers_add_yes(struct cli_answers *a, const char *id)
{
	for (size_t i = 0; i < a->nyes; i++) {
		if (strcmp(a->yes[i], id) == 0)
			return;
	}
	a->yes = xreallocarray(a->yes, a->nyes + 1, sizeof *a->yes);
	a->yes[a->nyes++] = id;
}

int
cli_answers_option(struct cli_answers *a, int key, const char *arg)
{
	const struct limber_question *q;
	long v;
	int area;

	switch (key) {
	case CLI_KEY_PAIN:
		if (!util_parse_int(arg, LIMBER_PAIN_MIN, LIMBER_PAIN_MAX,
			&v)) {
			cli_error(
			    _("--pain must be a whole number from %d to %d, "
			      "not '%s'"),
			    LIMBER_PAIN_MIN, LIMBER_PAIN_MAX, arg);
			return CLI_EXIT_USAGE;
		}
		a->pain = (int)v;
		return CLI_CONTINUE;
	case CLI_KEY_AREA:
		if ((area = limber_area_parse(arg)) < 0) {
			cli_error(
			    _("--area must be upper, lower or both, not '%s'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		a->area = (unsigned)area;
		return CLI_CONTINUE;
	case CLI_KEY_YES:
		q = limber_question_find(arg);
		if (q == NULL) {
			cli_error(_("--yes: no screening question '%s'; see "
				    "'limber check --list'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		cli_answers_add_yes(a, q->id);
		return CLI_CONTINUE;
	}
	return CLI_NOT_MINE;
}

void
cli_answers_release(struct cli_answers *a)
{
	free(a->yes);
	a->yes = NULL;
	a->nyes = 0;
}

/*
 * What holds today, read from the journal into h (h->held false when nothing
 * does, or when there is no journal). Returns CLI_CONTINUE or an exit status.
 */
int
cli_day_hold_read(const struct cli_ctx *ctx, struct limber_day_hold *h)
{
	char *cause = NULL;
	int rc;

	memset(h, 0, sizeof *h);
	if (ctx->journal == NULL)
		return CLI_CONTINUE;
	if (limber_journal_day_hold(ctx->journal, ctx->now, h, &cause) !=
	    LIMBER_OK) {
		rc = cli_error("%s", cause);
		free(cause);
		return rc;
	}
	return CLI_CONTINUE;
}

/* The held day's time of day, "HH:MM": it is always today. */
static char *
hold_text(const struct limber_day_hold *h)
{
	char when[32];

	cli_local_time(when, sizeof when, h->at);
	return limber_day_hold_text(h, strlen(when) == 16 ? when + 11 : when);
}

/* The words of a held day: what happened, what to do, and the way out. */
void
cli_day_hold_say(FILE *fp, const struct limber_day_hold *h)
{
	char *text = hold_text(h);

	cli_print_wrapped(fp, "", 0, text);
	free(text);
	if (!h->warning) {
		/* TRANSLATORS: %s is the note to type, which stays in
		 * English: the journal reads it back. */
		text = xasprintf(
		    _("If that answer was a mistake, say so, and "
		      "it is written in your journal: limber log --note \"%s\". "
		      "Then answer the questions again."),
		    LIMBER_MISTAKE_NOTE);
		cli_print_wrapped(fp, "", 0, text);
		free(text);
	}
}

/* The held day as a JSON member, for --json output. */
json_t *
cli_day_hold_json(const struct limber_day_hold *h)
{
	char *text = hold_text(h);
	json_t *o;

	o = json_pack("{s:s, s:s, s:b}", "held",
	    h->warning ? "warning" : limber_level_name(h->level), "message",
	    text, "warning", h->warning);
	free(text);
	return o;
}

/*
 * The rest of the day after a warning stop or an urgent or emergency
 * verdict (docs/safety.md, "The rest of the day"): no session, plan,
 * handout or audio. Prints why and what to do, and returns
 * CLI_EXIT_BLOCKED; CLI_CONTINUE when nothing holds.
 */
int
cli_day_hold(const struct cli_ctx *ctx, bool json)
{
	struct limber_day_hold h;
	int rc;

	if ((rc = cli_day_hold_read(ctx, &h)) != CLI_CONTINUE || !h.held)
		return rc;
	if (json) {
		rc = cli_print_json(cli_day_hold_json(&h));
		limber_day_hold_release(&h);
		return rc != CLI_EXIT_OK ? rc : CLI_EXIT_BLOCKED;
	}
	cli_day_hold_say(stdout, &h);
	limber_day_hold_release(&h);
	return CLI_EXIT_BLOCKED;
}

int
cli_answers_screen(const struct cli_ctx *ctx, const struct cli_answers *a,
    struct limber_verdict **out)
{
	struct limber_answers ans = {
		.pain = a->pain,
		.area = a->area != 0 ? a->area : LIMBER_AREA_BOTH,
		.yes = a->yes,
		.nyes = a->nyes,
	};
	char *cause = NULL;
	int rc;

	*out = NULL;
	/* The facts screening takes from the journal (docs/safety.md). */
	if (ctx->journal != NULL &&
	    limber_journal_worse_flag(ctx->journal, ctx->now,
		&ans.worse_after_sessions, &cause) != LIMBER_OK) {
		rc = cli_error("%s", cause);
		free(cause);
		return rc;
	}
	if (ctx->journal != NULL &&
	    limber_journal_no_improvement(ctx->journal, ctx->now,
		&ans.no_improvement, &cause) != LIMBER_OK) {
		rc = cli_error("%s", cause);
		free(cause);
		return rc;
	}
	if (limber_screen(ctx->catalog, &ans, out, &cause) != LIMBER_OK) {
		rc = cli_error("%s",
		    cause != NULL ? cause :
				    _("the answers could not be screened"));
		free(cause);
		return rc;
	}
	return CLI_CONTINUE;
}

/* ------------------------------------------------------------------ */
/* The shape of a routine.                                             */

const struct cli_opt cli_opts_routine[] = {
	{ "minutes", "N",
	    N_("the time you have, from 1 to 120 minutes "
	       "(default 10)"),
	    CLI_KEY_MINUTES, NULL },
	{ "context", "CONTEXT",
	    N_("when you stretch: general (default), "
	       "workout (a cool-down after exercise) or desk (2 to 5 minutes, "
	       "seated or standing)"),
	    CLI_KEY_CONTEXT, NULL },
	{ "sport", "SPORT",
	    N_("the sport a workout cool-down is for: running, "
	       "cycling, lifting or racket"),
	    CLI_KEY_SPORT, NULL },
	{ "no-floor", NULL,
	    N_("you cannot get down to the floor and up again "
	       "today"),
	    CLI_KEY_NO_FLOOR, NULL },
	{ "no-kneeling", NULL, N_("you cannot put weight on your knees today"),
	    CLI_KEY_NO_KNEELING, NULL },
	{ "no-lying", NULL, N_("you cannot lie flat on your back today"),
	    CLI_KEY_NO_LYING, NULL },
	{ 0 },
};

void
cli_routine_init(struct cli_routine *r)
{
	r->minutes = 10;
	r->context = LIMBER_CONTEXT_GENERAL;
	r->context_given = false;
	r->sport = LIMBER_SPORT_NONE;
	r->limits = 0;
}

static void
bad_context(const char *arg)
{
	fputs(_("limber: --context must be general, workout (or after-workout) "
		"or desk, not '"),
	    stderr);
	cli_puts(stderr, arg);
	fputs("'\n", stderr);
}

int
cli_routine_option(struct cli_routine *r, int key, const char *arg)
{
	long v;
	int ctx;

	switch (key) {
	case CLI_KEY_MINUTES:
		if (!util_parse_int(arg, 1, 120, &v)) {
			cli_error(
			    _("--minutes must be a whole number from 1 to "
			      "120, not '%s'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		r->minutes = (int)v;
		return CLI_CONTINUE;
	case CLI_KEY_CONTEXT:
		ctx = limber_context_parse(arg);
		if (ctx < 0 || ctx >= LIMBER_CONTEXT_COUNT) {
			bad_context(arg);
			return CLI_EXIT_USAGE;
		}
		r->context = (enum limber_context)ctx;
		r->context_given = true;
		return CLI_CONTINUE;
	case CLI_KEY_SPORT:
		ctx = limber_sport_parse(arg);
		if (ctx < 0) {
			fputs(_("limber: --sport must be running, cycling, "
				"lifting or racket, not '"),
			    stderr);
			cli_puts(stderr, arg);
			fputs("'\n", stderr);
			return CLI_EXIT_USAGE;
		}
		r->sport = (enum limber_sport)ctx;
		if (!r->context_given)
			r->context = LIMBER_CONTEXT_AFTER_WORKOUT;
		return CLI_CONTINUE;
	case CLI_KEY_NO_FLOOR:
		r->limits |= LIMBER_NEED_FLOOR;
		return CLI_CONTINUE;
	case CLI_KEY_NO_KNEELING:
		r->limits |= LIMBER_NEED_KNEELING;
		return CLI_CONTINUE;
	case CLI_KEY_NO_LYING:
		r->limits |= LIMBER_NEED_LYING;
		return CLI_CONTINUE;
	}
	return CLI_NOT_MINE;
}

int
cli_routine_check(struct cli_ctx *ctx, const struct cli_routine *r)
{
	if (r->sport != LIMBER_SPORT_NONE &&
	    r->context != LIMBER_CONTEXT_AFTER_WORKOUT)
		return cli_usage_error(ctx,
		    _("--sport is for a cool-down after "
		      "a workout: leave out --context, or give --context "
		      "workout"));
	return CLI_CONTINUE;
}

int
cli_plan_facts(struct cli_ctx *ctx, struct limber_dose **doses, size_t *ndoses,
    struct limber_plan_history *history)
{
	char *cause = NULL;
	int rc;

	*doses = NULL;
	*ndoses = 0;
	memset(history, 0, sizeof *history);
	if (ctx->journal == NULL)
		return CLI_CONTINUE;
	/* The repetitions progression has reached (docs/journal.md). */
	if (limber_journal_doses(ctx->journal, doses, ndoses, &cause) !=
		LIMBER_OK ||
	    limber_journal_plan_history(ctx->journal, ctx->now, history,
		&cause) != LIMBER_OK) {
		rc = cli_error("%s", cause);
		free(cause);
		limber_doses_free(*doses, *ndoses);
		*doses = NULL;
		*ndoses = 0;
		return rc;
	}
	return CLI_CONTINUE;
}

int
cli_request_build(struct cli_ctx *ctx, struct cli_answers *a,
    const struct cli_routine *r, struct cli_request *out)
{
	int rc;

	memset(out, 0, sizeof *out);
	if (a->nyes > 0 && a->pain < 0)
		return cli_usage_error(ctx,
		    _("--yes needs --pain too, so that "
		      "the screening knows how much it hurts"));
	if (a->area == 0)
		a->area = LIMBER_AREA_BOTH;
	if (a->pain >= 0 &&
	    (rc = cli_answers_screen(ctx, a, &out->verdict)) != CLI_CONTINUE)
		return rc;
	if ((rc = cli_routine_check(ctx, r)) != CLI_CONTINUE ||
	    (rc = cli_plan_facts(ctx, &out->doses, &out->ndoses,
		 &out->history)) != CLI_CONTINUE)
		return rc;
	out->req = (struct limber_request){
		.area = a->area,
		.minutes = r->minutes,
		.context = r->context,
		.limits = r->limits,
		.verdict = out->verdict,
		.doses = out->doses,
		.ndoses = out->ndoses,
		.sport = r->sport,
		.stage = out->history.stage,
		.recent = out->history.recent,
		.nrecent = out->history.nrecent,
	};
	return CLI_CONTINUE;
}

void
cli_request_release(struct cli_request *r)
{
	limber_doses_free(r->doses, r->ndoses);
	limber_plan_history_release(&r->history);
	limber_verdict_free(r->verdict);
	memset(r, 0, sizeof *r);
}

int
cli_plan_some(struct cli_ctx *ctx, const struct limber_request *req,
    const char *what, struct limber_plan **out)
{
	struct limber_plan *p = NULL;
	enum limber_status st;
	char *cause = NULL;
	int rc;

	*out = NULL;
	st = limber_plan_build(ctx->catalog, req, &p, &cause);
	if (st == LIMBER_ERR_BLOCKED && req->verdict != NULL) {
		free(cause);
		cli_print_verdict(stdout, ctx->catalog, req->verdict);
		return CLI_EXIT_BLOCKED;
	}
	if (st != LIMBER_OK) {
		rc = cli_error("%s",
		    cause != NULL ? cause : _("the plan could not be made"));
		free(cause);
		limber_plan_free(p);
		return rc;
	}
	if (p->nitems == 0) {
		rc = cli_error(_("no %s: %s"), what,
		    p->note != NULL ? p->note :
				      _("no stretch fits this request"));
		limber_plan_free(p);
		return rc;
	}
	*out = p;
	return CLI_CONTINUE;
}

int
cli_out_option(const char *arg, const char **out)
{
	if (*arg == '\0') {
		cli_error(_("--out needs a file name, not an empty word"));
		return CLI_EXIT_USAGE;
	}
	*out = arg;
	return CLI_CONTINUE;
}
