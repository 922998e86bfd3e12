/*
 * cmd-stats.c - `limber stats`: is this helping, and is it a habit?
 *
 * The numbers are the library's (limber_journal_stats, which reads only
 * what they need from the journal; docs/journal.md); this file puts them
 * in words and a small table. A change in the weekly mean pain of 2
 * points or 30% from the starting week is marked, because a change that
 * size is one people notice; smaller moves are shown but not called
 * better or worse. The pain change by area says which of the two
 * thresholds it meets, since each is published on its own and a reader
 * (or their clinician) may hold to one.
 */
#include <limber/remind.h>

#include "cli.h"
#include "utf8.h"
#include "util.h"

/* Columns of a bar for pain 10: two a point, in eighths with UTF-8. */
#define BAR_COLS 20

static const struct cli_opt stats_opts[] = {
	{ "json", NULL, N_("print the statistics as JSON"), CLI_KEY_JSON,
	    NULL },
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

/* A week's mark: a change people notice, against the start. */
static const char *
mark_words(enum limber_change_mark mark)
{
	if (mark == LIMBER_CHANGE_BETTER)
		return _("  * better");
	if (mark == LIMBER_CHANGE_WORSE)
		return _("  * worse");
	return "";
}

static void
print_week(const struct limber_stats *s, int w)
{
	const struct limber_stats_week *wk = &s->weeks[w];
	char from[16], to[16], mean[16], change[16];

	day_text(from, sizeof from, wk->first_day, true);
	day_text(to, sizeof to, wk->last_day, false);
	if (wk->npain > 0)
		snprintf(mean, sizeof mean, "%.1f", wk->mean_pain);
	else
		snprintf(mean, sizeof mean, "-");
	if (w == s->start_week)
		snprintf(change, sizeof change, _("start"));
	else if (wk->has_change)
		snprintf(change, sizeof change, "%+.1f", wk->change);
	else
		snprintf(change, sizeof change, "-");
	printf(_("  %s to %s  %8d  %6d  %4s  %6s%s\n"), from, to, wk->sessions,
	    wk->npain, mean, change, mark_words(wk->mark));
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
	cli_print_wrapped(stdout, "", 0,
	    _("Mean pain by week, on a bar for 0 "
	      "to 10:"));
	for (int w = 0; w < LIMBER_STATS_WEEKS; w++) {
		const struct limber_stats_week *wk = &s->weeks[w];
		char from[16];

		day_text(from, sizeof from, wk->first_day, false);
		printf("  %s  ", from);
		if (wk->npain == 0) {
			cli_print_padded(stdout, _("(no scores)"), BAR_COLS);
			fputs("  -\n", stdout);
			continue;
		}
		print_bar(wk->mean_pain, utf8);
		printf(" %4.1f%s\n", wk->mean_pain, mark_words(wk->mark));
	}
}

/* n of all as a whole percent. */
static int
percent(int n, int all)
{
	return (int)(100.0 * n / all + 0.5);
}

/* How the sessions with both scores ended, against how they began. */
static void
print_ended(const struct limber_stats *s)
{
	char *text;

	text = xasprintf(
	    P_("%d of %d session with both scores ended with less pain "
	       "than it began with (%d%%), %d with more (%d%%) and %d the "
	       "same (%d%%)",
		"%d of %d sessions with both scores ended with less pain "
		"than they began with (%d%%), %d with more (%d%%) and %d the "
		"same (%d%%)",
		(unsigned long)s->nchange),
	    s->nbetter, s->nchange, percent(s->nbetter, s->nchange), s->nworse,
	    percent(s->nworse, s->nchange), s->nsame,
	    percent(s->nsame, s->nchange));
	cli_print_wrapped(stdout, _("Ended:       "), 13, text);
	free(text);
}

/* "2.5 points" or "1 point". */
static char *
points_text(double v)
{
	double a = v < 0 ? -v : v;

	return xasprintf(
	    a >= 0.95 && a < 1.05 ? _("%.1f point") : _("%.1f points"), a);
}

/* One area's before scores: the first two weeks against the last two. */
static void
print_area(const struct limber_stats_area *a, int i)
{
	const char *area = i != 0 ?
	    limber_area_words((enum limber_area)i) :
	    NULL;
	char ff[16], ft[16], lf[16], lt[16], *text, *how, *pts, *change;

	day_text(ff, sizeof ff, a->first_from, false);
	day_text(ft, sizeof ft, a->first_to, false);
	day_text(lf, sizeof lf, a->last_from, false);
	day_text(lt, sizeof lt, a->last_to, false);
	if (!a->has_change)
		how = xasprintf(
		    P_("a mean of %.1f in the last two weeks (%d score); "
		       "a comparison with the first two weeks needs four "
		       "weeks of scores",
			"a mean of %.1f in the last two weeks (%d scores); "
			"a comparison with the first two weeks needs four "
			"weeks of scores",
			(unsigned long)a->nlast),
		    a->last_mean, a->nlast);
	else {
		const char *verdict;
		char pct[32] = "", *nfirst, *nlast;

		if (a->points && a->percent_met)
			verdict =
			    _("2 points or more and 30% or more: a change "
			      "people notice");
		else if (a->points)
			verdict = _("2 points or more (but less than 30%): a "
				    "change people notice");
		else if (a->percent_met)
			verdict = _("30% or more (but less than 2 points): a "
				    "change people notice");
		else
			verdict = _("less than 2 points and less than 30%: not "
				    "a change people notice yet");
		if (a->first_mean > 0)
			snprintf(pct, sizeof pct, " (%.0f%%)",
			    a->percent < 0 ? -a->percent : a->percent);
		pts = points_text(a->change);
		if (a->change > -0.05 && a->change < 0.05)
			change = xasprintf(_("about the same"));
		else
			/* TRANSLATORS: "1.5 points lower (20%)". */
			change = xasprintf(a->change < 0 ? _("%s lower%s") :
							   _("%s higher%s"),
			    pts, pct);
		nfirst = xasprintf(P_("%d score", "%d scores",
				       (unsigned long)a->nfirst),
		    a->nfirst);
		nlast = xasprintf(P_("%d score", "%d scores",
				      (unsigned long)a->nlast),
		    a->nlast);
		/* TRANSLATORS: the first two weeks' mean, from, to, "5
		   scores"; the last two weeks' the same; the change; what
		   the change means. */
		how = xasprintf(_("%.1f from %s to %s (%s), %.1f from %s to %s "
				  "(%s): %s. That is %s."),
		    a->first_mean, ff, ft, nfirst, a->last_mean, lf, lt, nlast,
		    change, verdict);
		free(nfirst);
		free(nlast);
		free(change);
		free(pts);
	}
	text = xasprintf("%s: %s", area != NULL ? area : _("area not said"),
	    how);
	cli_print_wrapped(stdout, "  ", 4, text);
	free(text);
	free(how);
}

/* The areas with before scores in the last two weeks. */
static void
print_areas(const struct limber_stats *s)
{
	bool any = false;

	for (int i = 0; i < LIMBER_STATS_AREAS; i++)
		any |= s->areas[i].nlast > 0;
	if (!any)
		return;
	fputc('\n', stdout);
	cli_print_wrapped(stdout, "", 0,
	    _("Pain before sessions, the first two "
	      "weeks of scores against the last two weeks:"));
	for (int i = 0; i < LIMBER_STATS_AREAS; i++) {
		if (s->areas[i].nlast > 0)
			print_area(&s->areas[i], i);
	}
}

/* The local date of a time. */
static const char *
date_text(char *buf, size_t size, int64_t t)
{
	cli_local_time(buf, size, t);
	if (strlen(buf) > 10)
		buf[10] = '\0';
	return buf;
}

/* PEG or PSFS, first against last. */
static void
print_measure(const char *label, const char *what,
    const struct limber_stats_measure *m, bool psfs)
{
	char first[32], last[32], *text, *skips, *pts, *after = NULL;

	if (m->n == 0 && m->nskipped == 0)
		return;
	skips = m->nskipped > 0 ?
	    xasprintf(P_("; skipped %d time", "; skipped %d times",
			  (unsigned long)m->nskipped),
		m->nskipped) :
	    xstrdup("");
	date_text(first, sizeof first, m->first_at);
	date_text(last, sizeof last, m->last_at);
	if (m->n == 0)
		text = xasprintf(_("%s. Not answered yet%s."), what, skips);
	else if (m->n == 1)
		text = xasprintf(_("%s. %.1f on %s, the only answer so far%s."),
		    what, m->first, first, skips);
	else {
		double a = m->change < 0 ? -m->change : m->change;

		pts = points_text(m->change);
		if (a < 0.05)
			after = xasprintf(_("about the same"));
		else
			after = xasprintf(m->change < 0 ? _("%s lower") :
							  _("%s higher"),
			    pts);
		/* TRANSLATORS: what is measured, the first answer and its
		   day, the last and its day, the change, the number of
		   answers, "; skipped 2 times", and a sentence or nothing. */
		text = xasprintf(P_("%s. %.1f on %s, %.1f on %s: %s (%d "
				    "answer%s).%s",
				     "%s. %.1f on %s, %.1f on %s: %s (%d "
				     "answers%s).%s",
				     (unsigned long)m->n),
		    what, m->first, first, m->last, last, after, m->n, skips,
		    !psfs ? "" :
			!m->same_activities ?
			    _(" The activities scored changed "
			      "in between, so the two are not "
			      "quite the same measure.") :
			a >= LIMBER_PSFS_CHANGE_POINTS - 0.005 ?
			    _(" That is 2 points or more: a "
			      "change people notice.") :
			    "");
		free(pts);
		free(after);
	}
	fputc('\n', stdout);
	cli_print_wrapped(stdout, label, 13, text);
	free(text);
	free(skips);
}

static void
print_stats(const struct limber_stats *s)
{
	char *text;
	bool marked = false;

	text = xasprintf(P_("%d session in all", "%d sessions in all",
			     (unsigned long)s->sessions),
	    s->sessions);
	if (s->has_first_record) {
		char day[16], *more;

		day_text(day, sizeof day, s->first_record_day, true);
		more =
		    xasprintf(_("%s; %.1f a week since the first record on %s"),
			text, s->record_per_week, day);
		free(text);
		text = more;
	}
	if (s->per_week_weeks > 0) {
		char *more = xasprintf(
		    P_("%s; %.1f a week over the last %d week",
			"%s; %.1f a week over the last %d weeks",
			(unsigned long)s->per_week_weeks),
		    text, s->per_week, s->per_week_weeks);

		free(text);
		text = more;
	}
	cli_print_wrapped(stdout, _("Sessions:    "), 13, text);
	free(text);

	if (s->finished > 0) {
		text = xasprintf(
		    P_("%d of %d finished session went to the end (%.0f%%); "
		       "%d stopped early, %d interrupted",
			"%d of %d finished sessions went to the end (%.0f%%); "
			"%d stopped early, %d interrupted",
			(unsigned long)s->finished),
		    s->done, s->finished, s->completion * 100, s->stopped,
		    s->interrupted);
		cli_print_wrapped(stdout, _("Completed:   "), 13, text);
		free(text);
	}
	if (s->nchange > 0) {
		double c = s->mean_change, a = c < 0 ? -c : c;

		if (a >= 0.05) {
			char *pts = points_text(a);

			/* TRANSLATORS: "1.5 points", then the number of
			 * sessions. */
			text = xasprintf(c < 0 ?
				P_("%s lower after a session than before, "
				   "on average (%d session with both scores)",
				    "%s lower after a session than before, "
				    "on average (%d sessions with both scores)",
				    (unsigned long)s->nchange) :
				P_("%s higher after a session than before, "
				   "on average (%d session with both scores)",
				    "%s higher after a session than before, "
				    "on average (%d sessions with both scores)",
				    (unsigned long)s->nchange),
			    pts, s->nchange);
			free(pts);
		} else
			text = xasprintf(
			    P_("about the same after a session as before, on "
			       "average (%d session with both scores)",
				"about the same after a session as before, on "
				"average (%d sessions with both scores)",
				(unsigned long)s->nchange),
			    s->nchange);
		cli_print_wrapped(stdout, _("Pain:        "), 13, text);
		free(text);
		print_ended(s);
	}
	text = xasprintf(P_("%d day in a row with a session",
			     "%d days in a row with a session",
			     (unsigned long)s->streak),
	    s->streak);
	cli_print_wrapped(stdout, _("Streak:      "), 13, text);
	free(text);
	print_areas(s);
	print_measure(_("PEG:         "),
	    _("Pain, and how much it got in the way "
	      "of enjoying life and of general activity, in the past week: the "
	      "mean of three 0 to 10 answers, lower is better"),
	    &s->peg, false);
	print_measure(_("Activities:  "),
	    _("The activities you chose, each "
	      "scored from 0 (cannot do it) to 10 (as well as before the "
	      "problem): the mean, higher is better"),
	    &s->psfs, true);

	fputc('\n', stdout);
	cli_print_wrapped(stdout, "", 0,
	    _("Pain week by week, the last 4 weeks "
	      "(the mean of the scores before and after sessions, at the "
	      "next-day check and logged by hand):"));
	/* TRANSLATORS: the weekly table's heading; keep each word over its
	   column: the week is as wide as a row's "2026-11-02 to 11-08" (19
	   columns in English), then two spaces, the sessions 8, the scores
	   6, the mean 4 and the change 6. */
	fputs(_("  week                 sessions  scores  mean  change\n"),
	    stdout);
	for (int w = 0; w < LIMBER_STATS_WEEKS; w++) {
		print_week(s, w);
		marked |= s->weeks[w].mark != LIMBER_CHANGE_NONE;
	}
	if (s->start_week < 0)
		cli_print_wrapped(stdout, "", 0,
		    _("No pain scores in these weeks "
		      "yet."));
	else if (marked)
		cli_print_wrapped(stdout, "", 0,
		    _("* a change of 2 points or 30% "
		      "or more from the start: a change people notice."));
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
	text = xasprintf(P_("%d prompt in the last 4 weeks: %d started, %d "
			    "snoozed, %d skipped, %d not answered",
			     "%d prompts in the last 4 weeks: %d started, %d "
			     "snoozed, %d skipped, %d not answered",
			     (unsigned long)a->shown),
	    a->shown, a->started, a->snoozed, a->skipped, a->unanswered);
	fputc('\n', stdout);
	cli_print_wrapped(stdout, _("Reminders:   "), 13, text);
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
		return cli_usage_error(ctx,
		    _("stats takes no arguments, not '%s'"), argv[first]);
	if (ctx->journal == NULL) {
		/* No journal yet: the statistics of nothing. */
		memset(&none, 0, sizeof none);
		limber_stats_compute(&none, ctx->now, &s);
	} else if (limber_journal_stats(ctx->journal, ctx->now, &s, &cause) !=
	    LIMBER_OK) {
		rc = cli_error("%s",
		    cause != NULL ? cause :
				    _("the journal "
				      "could not be read"));
		free(cause);
		return rc;
	}

	/* The reminders of the last 4 weeks (28 days to now). */
	if (ctx->journal != NULL && limber_journal_adherence(ctx->journal,
	    ctx->now - (int64_t)LIMBER_STATS_WEEKS * 7 * 86400, INT64_MAX,
	    &adh, &cause) != LIMBER_OK) {
		rc = cli_error("%s",
		    cause != NULL ? cause :
				    _("the journal "
				      "could not be read"));
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
		cli_print_wrapped(stdout, "", 0,
		    _("Nothing recorded yet: no "
		      "sessions and no pain scores. Statistics appear after your "
		      "first session, or once you record pain with 'limber log "
		      "--pain N'."));
		return CLI_EXIT_OK;
	}
	print_stats(&s);
	print_adherence(&adh);
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_stats = {
	.name = "stats",
	.summary = N_("show how it is going: sessions, completion, pain trend"),
	.usage = "limber stats [--json]",
	.description = N_(
	    "Sums up the journal: sessions in all and a week (since the first\n"
	    "record, and over the last 4 weeks), how many went to the end, how\n"
	    "pain changed from before to after a session on average and how\n"
	    "many sessions ended with less pain, more or the same, the days in\n"
	    "a row with a session, and the mean pain of each of the last 4\n"
	    "weeks. A week whose mean differs from the first week with scores\n"
	    "by 2 points or 30% or more is marked better or worse.\n"
	    "\n"
	    "For each area, the pain before sessions in the first two weeks of\n"
	    "scores against the last two weeks, said against both thresholds\n"
	    "for a change people notice: 2 points, and 30%. Then the first and\n"
	    "last answers to the weekly pain questions (PEG) and to the\n"
	    "activities you chose (PSFS)."),
	.opts = stats_opts,
	.flags = CMD_READS_JOURNAL | CMD_ONLY_READS,
	.run = stats_run,
};
