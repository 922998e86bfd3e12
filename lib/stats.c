/*
 * stats.c - what the journal says about the course of the pain and the
 * habit: sessions a week, completion, change from before to after, the
 * weekly trend with clinically meaningful changes marked, and the streak.
 *
 * A pure function of the loaded journal and "now", so a test can build a
 * small journal and check every number. What counts, and why, is in
 * docs/journal.md ("Statistics"). The marks follow the usual threshold for
 * a meaningful change in a 0-10 pain score: 2 points, or 30% of the
 * starting level.
 */
#include <stdint.h>
#include <string.h>

#include "limber/limber.h"
#include "util.h"

/* Differences this small are rounding, not change. */
#define EPSILON 1e-9

/* Whether a score of this kind goes into the weekly mean. */
static bool
trend_kind(enum limber_score_kind k)
{
	return k == LIMBER_SCORE_BEFORE || k == LIMBER_SCORE_AFTER ||
	    k == LIMBER_SCORE_NEXT_DAY || k == LIMBER_SCORE_LOGGED;
}

/* The week (0 oldest .. 3 this one) of a local day, or -1 outside. */
static int
week_of(int64_t today, int64_t day)
{
	int64_t back = today - day;

	if (back < 0 || back >= 7 * LIMBER_STATS_WEEKS)
		return -1;
	return LIMBER_STATS_WEEKS - 1 - (int)(back / 7);
}

static void
add_score(struct limber_stats *out, double *sums, int64_t today,
    const struct limber_journal_pain *p)
{
	int w;

	out->npain++;
	if (!trend_kind(p->kind))
		return;
	w = week_of(today, limber_local_day(p->at));
	if (w < 0)
		return;
	out->weeks[w].npain++;
	sums[w] += p->value;
}

static int
day_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Days in a row with a session, ending today or yesterday. */
static int
streak(const struct limber_journal_data *d, int64_t today)
{
	int64_t *days, want;
	size_t n = d->nsessions;
	int count = 0;

	if (n == 0)
		return 0;
	days = xcalloc(n, sizeof *days);
	for (size_t i = 0; i < n; i++)
		days[i] = limber_local_day(d->sessions[i].started);
	qsort(days, n, sizeof *days, day_cmp);
	want = days[n - 1] == today ? today : today - 1;
	for (size_t i = n; i-- > 0;) {
		if (days[i] == want) {
			count++;
			want--;
		} else if (days[i] < want)
			break;
	}
	free(days);
	return count;
}

void
limber_stats_compute(const struct limber_journal_data *d, int64_t now,
    struct limber_stats *out)
{
	double sums[LIMBER_STATS_WEEKS] = { 0 }, change_sum = 0;
	int64_t today = limber_local_day(now), first = INT64_MAX;
	int recent = 0, span;

	memset(out, 0, sizeof *out);
	out->start_week = -1;
	for (int w = 0; w < LIMBER_STATS_WEEKS; w++) {
		out->weeks[w].first_day = today - 7 * (LIMBER_STATS_WEEKS - w) + 1;
		out->weeks[w].last_day = out->weeks[w].first_day + 6;
	}

	for (size_t i = 0; i < d->nsessions; i++) {
		const struct limber_journal_session *s = &d->sessions[i];
		int64_t day = limber_local_day(s->started);
		int w = week_of(today, day);

		out->sessions++;
		switch (s->state) {
		case LIMBER_RECORD_DONE:
			out->done++;
			break;
		case LIMBER_RECORD_STOPPED:
			out->stopped++;
			break;
		case LIMBER_RECORD_INTERRUPTED:
			out->interrupted++;
			break;
		default:
			out->running++;
			break;
		}
		if (w >= 0)
			out->weeks[w].sessions++;
		if (day < first)
			first = day;
		if (s->state != LIMBER_RECORD_RUNNING && s->before >= 0 &&
		    s->after >= 0) {
			change_sum += s->after - s->before;
			out->nchange++;
		}
		for (size_t k = 0; k < s->npain; k++)
			add_score(out, sums, today, &s->pain[k]);
	}
	for (size_t i = 0; i < d->npain; i++)
		add_score(out, sums, today, &d->pain[i]);

	out->finished = out->done + out->stopped + out->interrupted;
	if (out->finished > 0)
		out->completion = (double)out->done / out->finished;
	if (out->nchange > 0)
		out->mean_change = change_sum / out->nchange;

	/* Over the weeks since the first session, up to four. */
	if (out->sessions > 0 && first <= today) {
		span = (int)((today - first) / 7 + 1);
		if (span > LIMBER_STATS_WEEKS)
			span = LIMBER_STATS_WEEKS;
		for (size_t i = 0; i < d->nsessions; i++) {
			int64_t day = limber_local_day(d->sessions[i].started);

			if (day <= today && today - day < 7 * span)
				recent++;
		}
		out->per_week = (double)recent / span;
		out->per_week_weeks = span;
	}

	for (int w = 0; w < LIMBER_STATS_WEEKS; w++) {
		struct limber_stats_week *wk = &out->weeks[w];
		double diff;

		if (wk->npain == 0)
			continue;
		wk->mean_pain = sums[w] / wk->npain;
		if (out->start_week < 0) {
			out->start_week = w;
			out->start_level = wk->mean_pain;
			continue;
		}
		wk->has_change = true;
		wk->change = wk->mean_pain - out->start_level;
		diff = wk->change < 0 ? -wk->change : wk->change;
		if (diff > EPSILON && (diff >= 2 - EPSILON ||
		    diff >= 0.3 * out->start_level - EPSILON))
			wk->mark = wk->change < 0 ? LIMBER_CHANGE_BETTER :
			    LIMBER_CHANGE_WORSE;
	}
	out->streak = streak(d, today);
	out->empty = out->sessions == 0 && out->npain == 0;
}

/* Two decimals, so JSON output is stable and readable. */
static json_t *
num(double x)
{
	int64_t v = (int64_t)(x * 100 + (x >= 0 ? 0.5 : -0.5));

	return json_real((double)v / 100);
}

static json_t *
day_json(int64_t day)
{
	int y, m, dd;
	char buf[16];

	limber_civil_from_days(day, &y, &m, &dd);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, dd);
	return json_string(buf);
}

static const char *
mark_name(enum limber_change_mark m)
{
	switch (m) {
	case LIMBER_CHANGE_BETTER:
		return "better";
	case LIMBER_CHANGE_WORSE:
		return "worse";
	default:
		return NULL;
	}
}

json_t *
limber_stats_to_json(const struct limber_stats *s)
{
	json_t *o = json_object(), *weeks = json_array();

	json_object_set_new(o, "sessions", json_integer(s->sessions));
	json_object_set_new(o, "done", json_integer(s->done));
	json_object_set_new(o, "stopped", json_integer(s->stopped));
	json_object_set_new(o, "interrupted", json_integer(s->interrupted));
	json_object_set_new(o, "running", json_integer(s->running));
	json_object_set_new(o, "sessions_per_week", s->per_week_weeks > 0 ?
	    num(s->per_week) : json_null());
	json_object_set_new(o, "per_week_over_weeks",
	    json_integer(s->per_week_weeks));
	json_object_set_new(o, "completion_rate", s->finished > 0 ?
	    num(s->completion) : json_null());
	json_object_set_new(o, "mean_change", s->nchange > 0 ?
	    num(s->mean_change) : json_null());
	json_object_set_new(o, "changes_counted", json_integer(s->nchange));
	json_object_set_new(o, "start_level", s->start_week >= 0 ?
	    num(s->start_level) : json_null());
	for (int w = 0; w < LIMBER_STATS_WEEKS; w++) {
		const struct limber_stats_week *wk = &s->weeks[w];
		const char *mark = mark_name(wk->mark);

		json_array_append_new(weeks, json_pack("{s:o, s:o, s:i, s:i, "
		    "s:o, s:o, s:o}", "from", day_json(wk->first_day), "to",
		    day_json(wk->last_day), "sessions", wk->sessions,
		    "pain_scores", wk->npain, "mean_pain", wk->npain > 0 ?
		    num(wk->mean_pain) : json_null(), "change",
		    wk->has_change ? num(wk->change) : json_null(),
		    "meaningful", mark != NULL ? json_string(mark) :
		    json_null()));
	}
	json_object_set_new(o, "weeks", weeks);
	json_object_set_new(o, "streak_days", json_integer(s->streak));
	json_object_set_new(o, "pain_scores", json_integer(s->npain));
	json_object_set_new(o, "empty", json_boolean(s->empty));
	return o;
}
