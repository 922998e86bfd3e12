/*
 * cmd-history.c - `limber history`: everything the journal holds.
 *
 * Times are stored in UTC and shown in local time. The text form is for
 * reading: one entry a line, with a session's stretches, pain scores and
 * notes indented below it, in words a person would use. On a terminal the
 * newest entry comes first, as someone asking "what did I do lately?"
 * wants it; piped or redirected the entries stay oldest first, as they
 * always were, so a file or a script reads them in time order. --json is
 * the export format (with local times and their offsets) and --csv the
 * export's CSV; --since and --last limit all three. Reading the journal
 * never makes one: with no journal there is nothing recorded yet, which
 * is not an error.
 */
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "limber/record.h"
#include "util.h"

static const struct cli_opt history_opts[] = {
	{ "since", "DATE",
	    N_("only what was recorded on or after DATE "
	       "(YYYY-MM-DD, local time)"),
	    CLI_KEY_SINCE, NULL },
	{ "last", "N", N_("only the N newest entries"), CLI_KEY_LAST, NULL },
	{ "json", NULL,
	    N_("print the records as JSON, in the export format "
	       "with local times"),
	    CLI_KEY_JSON, NULL },
	{ "csv", NULL,
	    N_("print the records as CSV, one row each, with local "
	       "times"),
	    CLI_KEY_CSV, NULL },
	{ 0 },
};

/* The most --last takes: more than any journal holds. */
#define LAST_MAX 1000000

struct history_opts {
	int64_t since;
	const char *since_arg;
	long last; /* 0: all */
	bool json, csv;
};

const char *
cli_local_time(char *buf, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, size, "?");
	return buf;
}

/* Local midnight at the start of a YYYY-MM-DD date. */
static bool
parse_date(const char *s, int64_t *out)
{
	long y, m, d;
	struct tm tm;
	time_t t;
	char part[8];

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	memcpy(part, s, 4);
	part[4] = '\0';
	if (!util_parse_int(part, 1970, 9999, &y))
		return false;
	memcpy(part, s + 5, 2);
	part[2] = '\0';
	if (!util_parse_int(part, 1, 12, &m))
		return false;
	memcpy(part, s + 8, 2);
	if (!util_parse_int(part, 1, 31, &d))
		return false;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = (int)y - 1900;
	tm.tm_mon = (int)m - 1;
	tm.tm_mday = (int)d;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	/* mktime moves 31 February on to March: refuse dates that do not exist. */
	if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != m - 1)
		return false;
	*out = (int64_t)t;
	return true;
}

static int
history_option(void *data, int key, const char *arg)
{
	struct history_opts *o = data;

	switch (key) {
	case CLI_KEY_SINCE:
		if (!parse_date(arg, &o->since)) {
			cli_error(_("--since must be a date such as 2026-11-01 "
				    "(YYYY-MM-DD), not '%s'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		o->since_arg = arg;
		return CLI_CONTINUE;
	case CLI_KEY_LAST:
		if (!util_parse_int(arg, 1, LAST_MAX, &o->last)) {
			cli_error(
			    _("--last must be a whole number from 1 to %d, "
			      "not '%s'"),
			    LAST_MAX, arg);
			return CLI_EXIT_USAGE;
		}
		return CLI_CONTINUE;
	case CLI_KEY_JSON:
		o->json = true;
		return CLI_CONTINUE;
	case CLI_KEY_CSV:
		o->csv = true;
		return CLI_CONTINUE;
	}
	return CLI_NOT_MINE;
}

/* ------------------------------------------------------------------ */
/* The text form.                                                      */

#define INDENT 19	/* "YYYY-MM-DD HH:MM  " and one more */

/* Print "WHEN  WHAT  TEXT", wrapped under TEXT. */
static void
entry(int64_t at, const char *what, const char *text)
{
	char when[32], *first;

	/* Padded by characters, not bytes: a translated kind has accents. */
	what = C_("history", what);
	first = xasprintf("%s  %s%*s ", cli_local_time(when, sizeof when, at),
	    what, cli_width(what) < 10 ? 10 - cli_width(what) : 0, "");
	cli_print_wrapped(stdout, first, INDENT + 10, text);
	free(first);
}

/* A line under an entry. */
static void
detail(const char *text)
{
	char *first = xasprintf("%*s", INDENT + 10, "");

	cli_print_wrapped(stdout, first, INDENT + 12, text);
	free(first);
}

/* The stretch's item in the session's plan; NULL when it has none. */
static json_t *
plan_item(json_t *plan, const char *id)
{
	size_t i;
	json_t *it;

	if (id == NULL)
		return NULL;
	json_array_foreach(json_object_get(plan, "items"), i, it) {
		const char *s = json_string_value(json_object_get(it,
		    "stretch"));

		if (s != NULL && strcmp(s, id) == 0)
			return it;
	}
	return NULL;
}

/* The name a stretch had in the session's plan, else its id. */
static const char *
plan_name(json_t *plan, const char *id)
{
	const char *n = json_string_value(json_object_get(plan_item(plan, id),
	    "name"));

	/* The journal keeps an id for each; be sure anyway (docs/reliability.md). */
	if (id == NULL)
		return _("a stretch");
	return n != NULL ? n : id;
}

/* "1 repetition", "3 repetitions". */
static char *
reps_text(int n)
{
	return xasprintf(
	    P_("%d repetition", "%d repetitions", (unsigned long)n), n);
}

/*
 * What was done of a stretch, as a person would say it: "all 8
 * repetitions", "3 of 5 repetitions on each side", "2 repetitions, on one
 * side only", "skipped". The plan says how many repetitions were asked
 * for and whether the stretch has two sides; without it (an old or
 * imported plan) the journal's counts are said as they are.
 */
static char *
stretch_done_words(json_t *item, const struct limber_journal_stretch *x)
{
	json_t *jr = json_object_get(item, "reps"),
	       *js = json_object_get(item, "sides");
	int planned = json_is_integer(jr) ? (int)json_integer_value(jr) : 0;
	/* Two-sided when the plan says so, or when two sides were done. */
	bool two = json_is_integer(js) ?
	    json_integer_value(js) == 2 :
	    x->sides == 2;
	char *reps, *out;

	if (x->skipped) {
		if (x->reps == 0)
			return xstrdup(_("skipped"));
		reps = reps_text(x->reps);
		out = xasprintf(_("skipped after %s"), reps);
		free(reps);
		return out;
	}
	if (x->reps == 0)
		return xstrdup(_("begun, but no repetition finished"));
	if (planned == x->reps && planned > 1)
		reps = xasprintf(_("all %d repetitions"), planned);
	else if (planned > x->reps)
		reps = xasprintf(_("%d of %d repetitions"), x->reps, planned);
	else
		reps = reps_text(x->reps);
	if (!two || x->sides == 0)
		return reps;
	out = xasprintf("%s%s", reps,
	    x->sides == 2 ? _(" on each side") : _(", on one side only"));
	free(reps);
	return out;
}

/* A session's pain as a person says it: "less pain after (5 to 3)". */
static char *
effect_words(const struct limber_journal_session *s)
{
	bool both = s->before >= 0 && s->after >= 0;

	switch (s->effect) {
	case LIMBER_EFFECT_WORSE:
		if (both && s->after > s->before)
			return xasprintf(_("; more pain after (%d to %d)"),
			    s->before, s->after);
		return xstrdup(_("; the pain had not settled by the next day"));
	case LIMBER_EFFECT_COMFORTABLE:
		if (both && s->after < s->before)
			return xasprintf(_("; less pain after (%d to %d)"),
			    s->before, s->after);
		if (both)
			return xasprintf(_("; pain the same after as before "
					   "(%d)"),
			    s->after);
		return xstrdup("");
	default:
		return xstrdup("");
	}
}

/* A pain score's kind, as a person says it. */
static const char *
score_words(enum limber_score_kind k)
{
	switch (k) {
	case LIMBER_SCORE_BEFORE:
		return _("pain before");
	case LIMBER_SCORE_DURING:
		return _("pain during");
	case LIMBER_SCORE_AFTER:
		return _("pain after");
	case LIMBER_SCORE_NEXT_DAY:
		return _("pain the next day");
	default:
		return _("pain");
	}
}

static void
print_screening(const struct limber_journal_screening *s)
{
	const char *area = limber_area_words((enum limber_area)s->area);
	char *text;

	text = xasprintf(_("pain %d/%d%s%s: %s"), s->pain, LIMBER_PAIN_MAX,
	    area != NULL ? ", " : "", area != NULL ? area : "",
	    cli_level_words(s->verdict));
	entry(s->at, NC_("history", "screening"), text);
	free(text);
	if (s->nyes > 0) {
		size_t len = 0;
		char *yes;

		for (size_t i = 0; i < s->nyes; i++)
			len += strlen(s->yes[i]) + 2;
		yes = xcalloc(len + 1, 1);
		for (size_t i = 0; i < s->nyes; i++) {
			if (i > 0)
				memcpy(yes + strlen(yes), ", ", 3);
			memcpy(yes + strlen(yes), s->yes[i], strlen(s->yes[i]) + 1);
		}
		text = xasprintf(_("answered yes: %s"), yes);
		detail(text);
		free(text);
		free(yes);
	}
}

static char *
session_words(const struct limber_journal_session *s)
{
	char end[32], *why, *out;

	switch (s->state) {
	case LIMBER_RECORD_DONE:
		return xasprintf(_("done, ended %s"),
		    cli_local_time(end, sizeof end, s->ended) + 11);
	case LIMBER_RECORD_STOPPED:
		/* The reason in words; --json keeps it as journalled. */
		why = limber_stop_reason_words(s->reason != NULL ?
			s->reason :
			_("No reason given."));
		out = xasprintf(_("stopped at %s. %s"),
		    cli_local_time(end, sizeof end, s->ended) + 11, why);
		free(why);
		return out;
	case LIMBER_RECORD_INTERRUPTED:
		if (s->last_step < 0)
			return xasprintf(_("interrupted before its first step "
					   "was complete"));
		return xasprintf(
		    P_("interrupted after %d step, last heard "
		       "from at %s",
			"interrupted after %d steps, last heard from "
			"at %s",
			(unsigned long)s->last_step + 1),
		    s->last_step + 1,
		    cli_local_time(end, sizeof end, s->ended) + 11);
	default:
		return xasprintf(
		    _("running now (or its program is still open)"));
	}
}

static void
print_session(const struct limber_journal_session *s)
{
	json_t *plan = s->plan != NULL ? json_loads(s->plan, 0, NULL) : NULL;
	char *text, *words = session_words(s), *effect = effect_words(s);

	text = xasprintf("%s%s", words, effect);
	entry(s->started, NC_("history", "session"), text);
	free(text);
	free(words);
	free(effect);

	for (size_t i = 0; i < s->nstretches; i++) {
		const struct limber_journal_stretch *x = &s->stretches[i];
		char *done = stretch_done_words(plan_item(plan, x->stretch), x);

		text = xasprintf("- %s%s%s%s: %s", plan_name(plan, x->stretch),
		    x->variant != NULL ? " (" : "",
		    x->variant != NULL ? x->variant : "",
		    x->variant != NULL ? ")" : "", done);
		detail(text);
		free(text);
		free(done);
	}
	for (size_t i = 0; i < s->npain; i++) {
		const struct limber_journal_pain *p = &s->pain[i];
		char when[32];

		text = xasprintf(_("%s: %d/%d at %s%s%s"), score_words(p->kind),
		    p->value, LIMBER_PAIN_MAX,
		    cli_local_time(when, sizeof when, p->at) +
			(p->kind == LIMBER_SCORE_NEXT_DAY ? 0 : 11),
		    p->note != NULL ? ": " : "",
		    p->note != NULL ? p->note : "");
		detail(text);
		free(text);
	}
	if (s->next_day != LIMBER_NEXT_DAY_UNASKED)
		detail(s->next_day == LIMBER_NEXT_DAY_SETTLED ?
			_("next day: the pain had settled") :
			_("next day: the pain had not settled"));
	for (size_t i = 0; i < s->nnotes; i++) {
		text = xasprintf(_("note: %s"), s->notes[i].text);
		detail(text);
		free(text);
	}
	json_decref(plan);
}

static void
print_pain(const struct limber_journal_pain *p)
{
	const char *area = limber_area_words((enum limber_area)p->area);
	char *text;

	text = xasprintf("%d/%d%s%s%s%s", p->value, LIMBER_PAIN_MAX,
	    area != NULL ? ", " : "", area != NULL ? area : "",
	    p->note != NULL ? ": " : "", p->note != NULL ? p->note : "");
	entry(p->at, NC_("history", "pain"), text);
	free(text);
}

/* A PEG asking: the three answers on the past week, or skipped. */
static void
print_peg(const struct limber_journal_peg *g)
{
	char *text;

	if (g->skipped)
		text = xstrdup(_("the three questions on the past week: asked, "
				 "and put off"));
	else
		text = xasprintf(
		    _("the past week: pain %d/10 on average, in the "
		      "way of enjoying life %d/10, of general "
		      "activity %d/10 (a mean of %.1f)"),
		    g->pain, g->enjoyment, g->activity,
		    (g->pain + g->enjoyment + g->activity) / 3.0);
	entry(g->at, NC_("history", "PEG"), text);
	free(text);
}

/* A PSFS asking: each activity with its score, or skipped. */
static void
print_psfs(const struct limber_journal_psfs *x)
{
	char *text, *list = xstrdup("");
	int sum = 0;

	if (x->n == 0) {
		entry(x->at, NC_("history", "activities"),
		    _("how well you can do them: asked, and put off"));
		free(list);
		return;
	}
	for (size_t i = 0; i < x->n; i++) {
		char *more = xasprintf("%s%s%s %d/10", list, i > 0 ? "; " : "",
		    x->activity[i], x->score[i]);

		free(list);
		list = more;
		sum += x->score[i];
	}
	text = xasprintf(
	    _("how well you can do them, from 0 (not at all) to 10 "
	      "(as well as before): %s (a mean of %.1f)"),
	    list, (double)sum / (double)x->n);
	entry(x->at, NC_("history", "activities"), text);
	free(text);
	free(list);
}

/*
 * The entries of d, newest first or oldest first; with last > 0, only
 * the last newest of them.
 */
static void
print_text(const struct limber_journal_data *d, bool newest_first, size_t last)
{
	struct limber_journal_item *t;
	size_t n, from = 0;

	t = limber_journal_data_records(d, &n);
	if (last > 0 && n > last)
		from = n - last;

	for (size_t i = 0; i < n - from; i++) {
		size_t k = newest_first ? n - 1 - i : from + i;
		const struct limber_journal_clearance *c;
		char *text;

		switch (t[k].kind) {
		case LIMBER_ITEM_SCREENING:
			print_screening(&d->screenings[t[k].i]);
			break;
		case LIMBER_ITEM_SESSION:
			print_session(&d->sessions[t[k].i]);
			break;
		case LIMBER_ITEM_PAIN:
			print_pain(&d->pain[t[k].i]);
			break;
		case LIMBER_ITEM_NOTE:
			entry(d->notes[t[k].i].at, NC_("history", "note"),
			    d->notes[t[k].i].text);
			break;
		case LIMBER_ITEM_PEG:
			print_peg(&d->pegs[t[k].i]);
			break;
		case LIMBER_ITEM_PSFS:
			print_psfs(&d->psfs[t[k].i]);
			break;
		default:
			c = &d->clearances[t[k].i];
			text = xasprintf(
			    _("a clinician cleared you to stretch%s%s"),
			    c->note != NULL ? ": " : "",
			    c->note != NULL ? c->note : "");
			entry(c->at, NC_("history", "cleared"), text);
			free(text);
			break;
		}
	}
	free(t);
}

int
cli_future_count(const struct cli_ctx *ctx, size_t *count)
{
	struct limber_journal_future f;
	char *cause = NULL;
	int rc;

	*count = 0;
	if (ctx->journal == NULL)
		return CLI_CONTINUE;
	if (limber_journal_future(ctx->journal, ctx->now, &f, &cause) !=
	    LIMBER_OK) {
		rc = cli_error("%s", cause);
		free(cause);
		return rc;
	}
	*count = f.count;
	return CLI_CONTINUE;
}

void
cli_future_say(FILE *fp, size_t count)
{
	char *text;

	if (count == 0)
		return;
	text = limber_journal_future_text(count);
	fputc('\n', fp);
	cli_print_wrapped(fp, "", 0, text);
	free(text);
}

/* *d again, from the time of the oldest of its o->last newest entries. */
static int
load_last(struct cli_ctx *ctx, const struct history_opts *o,
    struct limber_journal_data **d)
{
	struct limber_journal_item *t;
	char *cause = NULL;
	size_t n;
	int64_t cut;
	int rc;

	t = limber_journal_data_records(*d, &n);
	cut = n > (size_t)o->last ? t[n - (size_t)o->last].at : INT64_MIN;
	free(t);
	if (cut <= o->since)
		return CLI_CONTINUE;
	limber_journal_data_free(*d);
	*d = NULL;
	if (limber_journal_load(ctx->journal, cut, d, &cause) != LIMBER_OK) {
		rc = cli_error("%s",
		    cause != NULL ? cause :
				    _("the journal "
				      "could not be read"));
		free(cause);
		return rc;
	}
	return CLI_CONTINUE;
}

static int
history_run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct history_opts o = { .since = INT64_MIN, .since_arg = NULL };
	struct limber_journal_data *d = NULL;
	char *cause = NULL;
	size_t future = 0;
	int rc, first;

	rc = cli_parse(ctx, argc, argv, history_option, &o, &first);
	if (rc != CLI_CONTINUE)
		return rc;
	if (first < argc)
		return cli_usage_error(ctx,
		    _("history takes no arguments, not "
		      "'%s'"),
		    argv[first]);
	if (o.json && o.csv)
		return cli_usage_error(ctx,
		    _("give --json or --csv, not both"));

	if ((rc = cli_future_count(ctx, &future)) != CLI_CONTINUE)
		return rc;
	if (ctx->journal == NULL)
		d = xcalloc(1, sizeof *d);	/* no journal yet: nothing recorded */
	else if (limber_journal_load(ctx->journal, o.since, &d, &cause) !=
	    LIMBER_OK) {
		rc = cli_error("%s",
		    cause != NULL ? cause :
				    _("the journal "
				      "could not be read"));
		free(cause);
		return rc;
	}
	/*
	 * --last for the formats of programs: the records from the time of
	 * the oldest entry kept, as --since would give them (and so any
	 * others of that same second too).
	 */
	if (o.last > 0 && (o.json || o.csv) && ctx->journal != NULL &&
	    (rc = load_last(ctx, &o, &d)) != CLI_CONTINUE) {
		limber_journal_data_free(d);
		return rc;
	}

	rc = CLI_EXIT_OK;
	if (o.json)
		rc = cli_print_json(limber_journal_data_to_json(d, true));
	else if (o.csv) {
		char *csv = limber_journal_data_to_csv(d, true);

		if (csv == NULL)
			rc = cli_error(_("the history is too big for CSV"));
		else
			cli_print_output(stdout, csv);
		free(csv);
	} else if (d->nscreenings == 0 && d->nsessions == 0 && d->npain == 0 &&
	    d->nnotes == 0 && d->nclearances == 0 && d->npegs == 0 &&
	    d->npsfs == 0) {
		if (o.since_arg != NULL)
			printf(_("Nothing recorded since %s.\n"), o.since_arg);
		else
			fputs(
			    _("Nothing recorded yet. Sessions, pain scores "
			      "('limber log --pain N') and notes appear here.\n"),
			    stdout);
	} else
		print_text(d, isatty(STDOUT_FILENO), (size_t)o.last);
	/* The formats for programs stay the export's. */
	if (!o.json && !o.csv)
		cli_future_say(stdout, future);
	limber_journal_data_free(d);
	return rc;
}

const struct cli_cmd cli_cmd_history = {
	.name = "history",
	.summary =
	    N_("show what the journal holds: screenings, sessions, pain"),
	.usage = "limber history [--since DATE] [--last N] [--json | --csv]",
	.description = N_(
	    "Lists the screenings, the sessions (with each stretch done or\n"
	    "skipped, the pain scores and how the session ended), the pain\n"
	    "scores and notes recorded by hand, the answers to the questions\n"
	    "on the past week (PEG) and on the activities you chose (PSFS),\n"
	    "and clinicians' clearances, in local time: on a terminal the\n"
	    "newest first, and piped or redirected to a file the oldest\n"
	    "first.\n"
	    "\n"
	    "--since keeps what was recorded from a day on, and --last the N\n"
	    "newest entries (a session is one entry, with all it holds).\n"
	    "\n"
	    "A session whose program was killed or lost its terminal shows\n"
	    "as interrupted, with how many steps it completed. --json and\n"
	    "--csv print the same records in the formats of 'limber export',\n"
	    "oldest first; with --last, from the time of the oldest entry\n"
	    "kept.\n"
	    "\n"
	    "When the journal holds records dated after now (the clock was\n"
	    "ahead when they were written), the list ends by saying how many:\n"
	    "they take no part in the safety rules until then."),
	.opts = history_opts,
	.flags = CMD_READS_JOURNAL | CMD_ONLY_READS,
	.run = history_run,
};
