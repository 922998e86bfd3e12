/*
 * stats.c - what the journal says about the course of the pain and the
 * habit: sessions a week, completion, change from before to after, the
 * weekly trend with clinically meaningful changes marked, and the streak.
 *
 * limber_stats_compute() is a pure function of the loaded journal and
 * "now", so a test can build a small journal and check every number.
 * limber_journal_stats() (journal.c) gathers the same parts (struct
 * stats_parts, internal.h) with a few queries instead of loading it all,
 * and both end in stats_finish() here, so they cannot differ in how the
 * parts become numbers. What counts, and why, is in
 * docs/journal.md ("Statistics"). The marks follow the usual threshold for
 * a meaningful change in a 0-10 pain score: 2 points, or 30% of the
 * starting level.
 */
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "limber/limber.h"
#include "util.h"

/* Differences this small are rounding, not change. */
#define EPSILON 1e-9

bool
stats_trend_kind(enum limber_score_kind k)
{
	return k == LIMBER_SCORE_BEFORE || k == LIMBER_SCORE_AFTER ||
	    k == LIMBER_SCORE_NEXT_DAY || k == LIMBER_SCORE_LOGGED;
}

void
stats_parts_init(struct stats_parts *p, int64_t now)
{
	memset(p, 0, sizeof *p);
	p->today = limber_local_day(now);
	p->first = INT64_MAX;
}

int
stats_day_index(const struct stats_parts *p, int64_t day)
{
	int64_t back = p->today - day;

	if (back < 0 || back >= STATS_DAYS)
		return -1;
	return STATS_DAYS - 1 - (int)back;
}

static void
add_score(struct stats_parts *p, const struct limber_journal_pain *s)
{
	int i;

	p->npain++;
	if (!stats_trend_kind(s->kind))
		return;
	i = stats_day_index(p, limber_local_day(s->at));
	if (i < 0)
		return;
	p->day_scores[i]++;
	p->day_sum[i] += s->value;
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
	struct stats_parts p;

	stats_parts_init(&p, now);
	for (size_t i = 0; i < d->nsessions; i++) {
		const struct limber_journal_session *s = &d->sessions[i];
		int64_t day = limber_local_day(s->started);
		int k = stats_day_index(&p, day);

		p.sessions++;
		switch (s->state) {
		case LIMBER_RECORD_DONE:
			p.done++;
			break;
		case LIMBER_RECORD_STOPPED:
			p.stopped++;
			break;
		case LIMBER_RECORD_INTERRUPTED:
			p.interrupted++;
			break;
		default:
			p.running++;
			break;
		}
		if (k >= 0)
			p.day_sessions[k]++;
		if (day < p.first)
			p.first = day;
		if (s->state != LIMBER_RECORD_RUNNING && s->before >= 0 &&
		    s->after >= 0) {
			p.change_sum += s->after - s->before;
			p.nchange++;
		}
		for (size_t k2 = 0; k2 < s->npain; k2++)
			add_score(&p, &s->pain[k2]);
	}
	for (size_t i = 0; i < d->npain; i++)
		add_score(&p, &d->pain[i]);
	p.streak = streak(d, p.today);
	stats_finish(&p, out);
}

void
stats_finish(const struct stats_parts *p, struct limber_stats *out)
{
	int64_t today = p->today;
	int recent = 0, span;

	memset(out, 0, sizeof *out);
	out->start_week = -1;
	out->sessions = p->sessions;
	out->done = p->done;
	out->stopped = p->stopped;
	out->interrupted = p->interrupted;
	out->running = p->running;
	out->nchange = p->nchange;
	out->npain = p->npain;
	out->streak = p->streak;
	for (int w = 0; w < LIMBER_STATS_WEEKS; w++) {
		out->weeks[w].first_day = today - 7 * (LIMBER_STATS_WEEKS - w) + 1;
		out->weeks[w].last_day = out->weeks[w].first_day + 6;
	}

	out->finished = out->done + out->stopped + out->interrupted;
	if (out->finished > 0)
		out->completion = (double)out->done / out->finished;
	if (out->nchange > 0)
		out->mean_change = (double)p->change_sum / out->nchange;

	/* Over the weeks since the first session, up to four. */
	if (out->sessions > 0 && p->first <= today) {
		span = (int)((today - p->first) / 7 + 1);
		if (span > LIMBER_STATS_WEEKS)
			span = LIMBER_STATS_WEEKS;
		for (int i = STATS_DAYS - 7 * span; i < STATS_DAYS; i++)
			recent += p->day_sessions[i];
		out->per_week = (double)recent / span;
		out->per_week_weeks = span;
	}

	for (int w = 0; w < LIMBER_STATS_WEEKS; w++) {
		struct limber_stats_week *wk = &out->weeks[w];
		int64_t sum = 0;
		double diff;

		for (int i = 7 * w; i < 7 * (w + 1); i++) {
			wk->sessions += p->day_sessions[i];
			wk->npain += p->day_scores[i];
			sum += p->day_sum[i];
		}
		if (wk->npain == 0)
			continue;
		wk->mean_pain = (double)sum / wk->npain;
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
