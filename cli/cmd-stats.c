/*
 * cmd-stats.c - `limber stats`: is this helping, and is it a habit?
 *
 * The numbers are the library's (limber_journal_stats, which reads only
 * what they need from the journal; docs/journal.md); this file puts them
 * in words and a small table. A change in the weekly mean pain of 2
 * points or 30% from the starting week is marked, because a change that
 * size is one people notice; smaller moves are shown but not called
 * better or worse.
 */
#include <limber/remind.h>

#include "cli.h"
#include "utf8.h"
#include "util.h"

/* Columns of a bar for pain 10: two a point, in eighths with UTF-8. */
#define BAR_COLS 20

static const struct cli_opt stats_opts[] = {
	{ "json", NULL, "print the statistics as JSON", CLI_KEY_JSON, NULL },
	{ 0 },
};

static int
stats_option(void *data, int key, const char *arg)
{
	bool *json = data;

	(void)arg;
	if (key != CLI_KEY_JSON)
		return CLI_NOT_MINE;
	*json = true;
	return CLI_CONTINUE;
}

static const char *
plural(int n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void
day_text(char *buf, size_t size, int64_t day, bool year)
{
	int y, m, d;

	limber_civil_from_days(day, &y, &m, &d);
	if (year)
		snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
	else
		snprintf(buf, size, "%02d-%02d", m, d);
}

static void
print_week(const struct limber_stats *s, int w)
{
	const struct limber_stats_week *wk = &s->weeks[w];
	char from[16], to[16], mean[16], change[16];
	const char *note = "";

	day_text(from, sizeof from, wk->first_day, true);
	day_text(to, sizeof to, wk->last_day, false);
	if (wk->npain > 0)
		snprintf(mean, sizeof mean, "%.1f", wk->mean_pain);
	else
		snprintf(mean, sizeof mean, "-");
	if (w == s->start_week)
		snprintf(change, sizeof change, "start");
	else if (wk->has_change)
		snprintf(change, sizeof change, "%+.1f", wk->change);
	else
		snprintf(change, sizeof change, "-");
	if (wk->mark == LIMBER_CHANGE_BETTER)
		note = "  * better";
	else if (wk->mark == LIMBER_CHANGE_WORSE)
		note = "  * worse";
	printf("  %s to %s  %8d  %6d  %4s  %6s%s\n", from, to, wk->sessions,
	    wk->npain, mean, change, note);
}

/*
 * One bar of cells for a mean pain of v (0..10): full blocks and an
 * eighth block for what is left over, or '#' and '=' (a half) in ASCII.
 */
static void
print_bar(double v, bool utf8)
{
	static const char *const eighths[] = { "", "\u258f", "\u258e",
	    "\u258d", "\u258c", "\u258b", "\u258a", "\u2589" };
	int units = (int)(v / 10 * BAR_COLS * 8 + 0.5), cols = 0;

	if (units > BAR_COLS * 8)
		units = BAR_COLS * 8;
	for (; units >= 8; units -= 8, cols++)
		fputs(utf8 ? "\u2588" : "#", stdout);
	if (units > 0) {
		fputs(utf8 ? eighths[units] : units >= 4 ? "=" : "", stdout);
		cols += utf8 || units >= 4;
	}
	printf("%*s", BAR_COLS + 1 - cols, "");
}

/* The weeks' mean pain as bars, a picture of the table above. */
static void
print_chart(const struct limber_stats *s)
{
	bool utf8 = util_utf8_terminal();

	fputc('\n', stdout);
	cli_print_wrapped(stdout, "", 0, "Mean pain by week, on a bar for 0 "
	    "to 10:");
	for (int w = 0; w < LIMBER_STATS_WEEKS; w++) {
		const struct limber_stats_week *wk = &s->weeks[w];
		char from[16];

		day_text(from, sizeof from, wk->first_day, false);
		printf("  %s  ", from);
		if (wk->npain == 0) {
			printf("%-*s  -\n", BAR_COLS, "(no scores)");
			continue;
		}
		print_bar(wk->mean_pain, utf8);
		printf(" %4.1f%s\n", wk->mean_pain,
		    wk->mark == LIMBER_CHANGE_BETTER ? "  * better" :
		    wk->mark == LIMBER_CHANGE_WORSE ? "  * worse" : "");
	}
}

static void
print_stats(const struct limber_stats *s)
{
	char *text;
	bool marked = false;

	text = xasprintf("%d %s in all", s->sessions,
	    plural(s->sessions, "session", "sessions"));
	if (s->per_week_weeks > 0) {
		char *more = xasprintf("%s; %.1f a week over the last %d %s",
		    text, s->per_week, s->per_week_weeks,
		    plural(s->per_week_weeks, "week", "weeks"));

		free(text);
		text = more;
	}
	cli_print_wrapped(stdout, "Sessions:    ", 13, text);
	free(text);

	if (s->finished > 0) {
		text = xasprintf("%d of %d finished %s went to the end (%.0f%%); "
		    "%d stopped early, %d interrupted", s->done, s->finished,
		    plural(s->finished, "session", "sessions"),
		    s->completion * 100, s->stopped, s->interrupted);
		cli_print_wrapped(stdout, "Completed:   ", 13, text);
		free(text);
	}
	if (s->nchange > 0) {
		double c = s->mean_change, a = c < 0 ? -c : c;

		if (a >= 0.05)
			text = xasprintf("%.1f %s %s after a session than before, "
			    "on average (%d %s with both scores)", a,
			    a >= 0.95 && a < 1.05 ? "point" : "points",
			    c < 0 ? "lower" : "higher", s->nchange,
			    plural(s->nchange, "session", "sessions"));
		else
			text = xasprintf("about the same after a session as "
			    "before, on average (%d %s with both scores)",
			    s->nchange, plural(s->nchange, "session",
			    "sessions"));
		cli_print_wrapped(stdout, "Pain:        ", 13, text);
		free(text);
	}
	text = xasprintf("%d %s in a row with a session", s->streak,
	    plural(s->streak, "day", "days"));
	cli_print_wrapped(stdout, "Streak:      ", 13, text);
	free(text);

	fputc('\n', stdout);
	cli_print_wrapped(stdout, "", 0, "Pain week by week, the last 4 weeks "
	    "(the mean of the scores before and after sessions, at the "
	    "next-day check and logged by hand):");
	printf("  %-18s  %8s  %6s  %4s  %6s\n", "week", "sessions", "scores",
	    "mean", "change");
	for (int w = 0; w < LIMBER_STATS_WEEKS; w++) {
		print_week(s, w);
		marked |= s->weeks[w].mark != LIMBER_CHANGE_NONE;
	}
	if (s->start_week < 0)
		cli_print_wrapped(stdout, "", 0, "No pain scores in these weeks "
		    "yet.");
	else if (marked)
		cli_print_wrapped(stdout, "", 0, "* a change of 2 points or 30% "
		    "or more from the start: a change people notice.");
	if (s->start_week >= 0)
		print_chart(s);
}

/* How reminders (`limber remind`) were answered, in the last 4 weeks. */
static void
print_adherence(const struct limber_adherence *a)
{
	char *text;

	if (a->shown == 0)
		return;
	text = xasprintf("%d %s in the last 4 weeks: %d started, %d "
	    "snoozed, %d skipped, %d not answered", a->shown,
	    plural(a->shown, "prompt", "prompts"), a->started, a->snoozed,
	    a->skipped, a->unanswered);
	fputc('\n', stdout);
	cli_print_wrapped(stdout, "Reminders:   ", 13, text);
	free(text);
}

static int
stats_run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct limber_journal_data none;
	struct limber_stats s;
	struct limber_adherence adh = { 0 };
	bool json = false;
	char *cause = NULL;
	int rc, first;

	rc = cli_parse(ctx, argc, argv, stats_option, &json, &first);
	if (rc != CLI_CONTINUE)
		return rc;
	if (first < argc)
		return cli_usage_error(ctx, "stats takes no arguments, not '%s'",
		    argv[first]);
	if (ctx->journal == NULL) {
		/* No journal yet: the statistics of nothing. */
		memset(&none, 0, sizeof none);
		limber_stats_compute(&none, ctx->now, &s);
	} else if (limber_journal_stats(ctx->journal, ctx->now, &s, &cause) !=
	    LIMBER_OK) {
		rc = cli_error("%s", cause != NULL ? cause : "the journal "
		    "could not be read");
		free(cause);
		return rc;
	}

	/* The reminders of the last 4 weeks (28 days to now). */
	if (ctx->journal != NULL && limber_journal_adherence(ctx->journal,
	    ctx->now - (int64_t)LIMBER_STATS_WEEKS * 7 * 86400, INT64_MAX,
	    &adh, &cause) != LIMBER_OK) {
		rc = cli_error("%s", cause != NULL ? cause : "the journal "
		    "could not be read");
		free(cause);
		return rc;
	}
	if (json) {
		json_t *o = limber_stats_to_json(&s);

		if (o != NULL)
			json_object_set_new(o, "reminders",
			    limber_adherence_to_json(&adh));
		return cli_print_json(o);
	}
	if (s.empty && adh.shown > 0) {
		print_adherence(&adh);
		return CLI_EXIT_OK;
	}
	if (s.empty) {
		cli_print_wrapped(stdout, "", 0, "Nothing recorded yet: no "
		    "sessions and no pain scores. Statistics appear after your "
		    "first session, or once you record pain with 'limber log "
		    "--pain N'.");
		return CLI_EXIT_OK;
	}
	print_stats(&s);
	print_adherence(&adh);
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_stats = {
	.name = "stats",
	.summary = "show how it is going: sessions, completion, pain trend",
	.usage = "limber stats [--json]",
	.description =
	    "Sums up the journal: sessions in all and a week, how many went\n"
	    "to the end, how pain changed from before to after a session on\n"
	    "average, the days in a row with a session, and the mean pain of\n"
	    "each of the last 4 weeks. A week whose mean differs from the\n"
	    "first week with scores by 2 points or 30% or more is marked\n"
	    "better or worse.",
	.opts = stats_opts,
	.flags = CMD_READS_JOURNAL | CMD_ONLY_READS,
	.run = stats_run,
};
