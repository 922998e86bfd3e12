/*
 * stats.c - what the journal says about the course of the pain and the
 * habit: sessions a week, completion, change from before to after, the
 * weekly trend with clinically meaningful changes marked, and the streak.
 *
 * limber_stats_compute() is a pure function of the loaded journal and
 * "now", so a test can build a small journal and check every number.
 * limber_journal_stats(), below, gathers the same parts (struct
 * stats_parts) straight from the journal with a few queries instead of
 * loading it all, and both end in stats_finish(), so they cannot differ in how the
 * parts become numbers. What counts, and why, is in
 * docs/journal.md ("Statistics"). The marks follow the usual threshold for
 * a meaningful change in a 0-10 pain score: 2 points, or 30% of the
 * starting level.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "internal.h"
#include "journal-db.h"
#include "limber/limber.h"
#include "util.h"

/* Differences this small are rounding, not change. */
#define EPSILON 1e-9

/*
 * What the statistics are made of. limber_stats_compute() gathers it
 * from loaded data, limber_journal_stats() straight from the journal with
 * a few queries, and stats_finish() makes the statistics of either the
 * same way.
 */
#define STATS_DAYS (7 * LIMBER_STATS_WEEKS)

struct stats_parts {
	int64_t today; /* the local day of "now" */
	int sessions, done, stopped, interrupted, running;
	int nchange;	    /* finished sessions with both scores */
	int64_t change_sum; /* the sum of their after - before */
	int64_t first; /* local day of the first session; INT64_MAX: none */
	int npain;     /* every pain score, of every kind */
	int streak;    /* as limber_stats.streak */
	/* The last STATS_DAYS local days, [0] the oldest, the last today: */
	int day_sessions[STATS_DAYS]; /* sessions started that day */
	int day_scores[STATS_DAYS];   /* scores that count for the trend */
	int64_t day_sum[STATS_DAYS];  /* and their sum */
};

static void stats_finish(const struct stats_parts *p, struct limber_stats *out);

/* Whether a score of this kind goes into the weekly mean. */
static bool
stats_trend_kind(enum limber_score_kind k)
{
	return k == LIMBER_SCORE_BEFORE || k == LIMBER_SCORE_AFTER ||
	    k == LIMBER_SCORE_NEXT_DAY || k == LIMBER_SCORE_LOGGED;
}

/* Empty parts for "now". */
static void
stats_parts_init(struct stats_parts *p, int64_t now)
{
	memset(p, 0, sizeof *p);
	p->today = limber_local_day(now);
	p->first = INT64_MAX;
}

/* The index of a local day in the parts' day arrays; -1 outside them. */
static int
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

/* The statistics from their parts, however they were gathered. */
static void
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

/* ------------------------------------------------------------------ */
/* Statistics straight from the journal.                               */

/*
 * limber_stats_compute() needs every session and score only for counts
 * and sums, which SQL gives (session_score holds each session's before
 * and after); local days for the last weeks, the first session and the
 * streak are found from the sessions and scores near them. A local day
 * is within one day of the UTC day (an offset from UTC is less than a
 * day), so a range of UTC days two wider on each side holds every record
 * that could fall on the local days asked for, and limber_local_day()
 * sorts them out exactly, as limber_stats_compute() does.
 */

/* Days added on each side of a range of local days to find its records. */
#define DAY_MARGIN 2

/* The UTC day of a time (rounded down). */
static int64_t
utc_day(int64_t t)
{
	return t >= 0 ? t / LIMBER_DAY_S : -((-(t + 1)) / LIMBER_DAY_S) - 1;
}

/* The first second of a UTC day, kept within int64_t. */
static int64_t
day_start(int64_t day)
{
	if (day >= INT64_MAX / LIMBER_DAY_S)
		return INT64_MAX;
	if (day <= INT64_MIN / LIMBER_DAY_S)
		return INT64_MIN;
	return day * LIMBER_DAY_S;
}

/* Counts and sums over the whole journal. */
static int
stats_totals(struct limber_journal *j, struct stats_parts *p)
{
	sqlite3_stmt *st = NULL;
	int64_t v = 0;
	int rc;

	if ((rc = db_int(j, &v, NULL, "SELECT count(*) FROM session", "")) !=
	    SQLITE_OK)
		return rc;
	p->sessions = (int)v;
	if ((rc = db_int(j, &v, NULL, "SELECT count(*) FROM pain", "")) !=
	    SQLITE_OK)
		return rc;
	p->npain = (int)v;

	/* Done is what the others leave: they are few, and indexed. */
	p->done = p->sessions;
	rc = db_prepare(j, &st,
	    "SELECT state, count(*) FROM session WHERE "
	    "state IN ('running', 'stopped', 'interrupted') GROUP BY state",
	    "");
	while (db_next_row(j, st, &rc)) {
		const char *state = (const char *)sqlite3_column_text(st, 0);
		int n = sqlite3_column_int(st, 1);

		switch (state != NULL ? limber_record_state_parse(state) : -1) {
		case LIMBER_RECORD_STOPPED:
			p->stopped = n;
			break;
		case LIMBER_RECORD_INTERRUPTED:
			p->interrupted = n;
			break;
		default:
			p->running = n;
			break;
		}
		p->done -= n;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	/* Every session with both scores, less the running ones (few). */
	rc = db_prepare(j, &st,
	    "SELECT a.n - r.n, a.change - r.change FROM "
	    "(SELECT count(*) AS n, coalesce(sum(pain_after - pain_before), "
	    "0) AS change FROM session_score WHERE pain_before IS NOT NULL "
	    "AND pain_after IS NOT NULL) AS a, "
	    "(SELECT count(*) AS n, coalesce(sum(f.pain_after - "
	    "f.pain_before), 0) AS change FROM session s JOIN session_score f "
	    "ON f.session = s.id WHERE s.state = 'running' AND f.pain_before "
	    "IS NOT NULL AND f.pain_after IS NOT NULL) AS r",
	    "");
	if (rc == SQLITE_OK && (rc = db_step(j, st)) == SQLITE_ROW) {
		p->nchange = sqlite3_column_int(st, 0);
		p->change_sum = sqlite3_column_int64(st, 1);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Sessions and trend scores of the last weeks, by local day. */
static int
stats_recent(struct limber_journal *j, struct stats_parts *p)
{
	int64_t from = day_start(p->today - (STATS_DAYS - 1) - DAY_MARGIN);
	int64_t to = day_start(p->today + 1 + DAY_MARGIN);
	sqlite3_stmt *st = NULL;
	int rc, i;

	rc = db_prepare(j, &st,
	    "SELECT started FROM session WHERE started >= ? "
	    "AND started < ?",
	    "II", from, to);
	while (db_next_row(j, st, &rc)) {
		i = stats_day_index(p,
		    limber_local_day(sqlite3_column_int64(st, 0)));
		if (i >= 0)
			p->day_sessions[i]++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	rc = db_prepare(j, &st,
	    "SELECT at, value, kind FROM pain WHERE at >= ? "
	    "AND at < ?",
	    "II", from, to);
	while (db_next_row(j, st, &rc)) {
		const char *kind = (const char *)sqlite3_column_text(st, 2);

		if (kind == NULL ||
		    !stats_trend_kind(
			(enum limber_score_kind)limber_score_kind_parse(kind)))
			continue;
		i = stats_day_index(p,
		    limber_local_day(sqlite3_column_int64(st, 0)));
		if (i < 0)
			continue;
		p->day_scores[i]++;
		p->day_sum[i] += sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * The least (or, with last, the greatest) local day of a session: among
 * the sessions within DAY_MARGIN UTC days of the first (last) start.
 */
static int
stats_end_day(struct limber_journal *j, bool last, int64_t *day, bool *found)
{
	sqlite3_stmt *st = NULL;
	int64_t t = 0;
	int rc;

	rc = db_int(j, &t, found,
	    last ? "SELECT started FROM session ORDER BY "
		   "started DESC LIMIT 1" :
		   "SELECT started FROM session ORDER BY "
		   "started LIMIT 1",
	    "");
	if (rc != SQLITE_OK || !*found)
		return rc;
	if (last)
		rc = db_prepare(j, &st,
		    "SELECT started FROM session WHERE "
		    "started >= ?",
		    "I", day_start(utc_day(t) - DAY_MARGIN));
	else
		rc = db_prepare(j, &st,
		    "SELECT started FROM session WHERE "
		    "started < ?",
		    "I", day_start(utc_day(t) + 1 + DAY_MARGIN));
	*day = limber_local_day(t);
	while (db_next_row(j, st, &rc)) {
		int64_t d = limber_local_day(sqlite3_column_int64(st, 0));

		if (last ? d > *day : d < *day)
			*day = d;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * The local day of t, sessions being read newest first: a time from
 * c->lo to the last one looked up is on c->day, so that a journal with
 * many sessions a day asks localtime_r (a tenth of `limber stats` over a
 * long streak, behind libc's lock) twice a day or so, not once a session.
 * c->lo is two hours after the day's start by the wall clock, and is kept
 * only when it has the same offset from UTC and the same local day as
 * the time looked up: then no change of the clock lies between them (a
 * zone changes its offset months apart, never twice in a day), and every
 * time between is on that day too.
 */
struct day_cache {
	int64_t lo; /* INT64_MAX: nothing kept */
	int64_t day;
};

/* The local day of t and its offset from UTC; false if libc cannot say. */
static bool
local_day_offset(int64_t t, int64_t *day, int64_t *into, int64_t *offset)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return false;
	*day = limber_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
	*into = (int64_t)tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	*offset = *day * LIMBER_DAY_S + *into - t;
	return true;
}

static int64_t
cached_local_day(struct day_cache *c, int64_t t)
{
	int64_t day, into, offset, lo, lo_day, lo_into, lo_offset;

	if (t >= c->lo)
		return c->day;
	c->lo = INT64_MAX;
	if (!local_day_offset(t, &day, &into, &offset))
		return limber_local_day(t);
	lo = t - into + 2 * 3600;
	if (lo < t && local_day_offset(lo, &lo_day, &lo_into, &lo_offset) &&
	    lo_day == day && lo_offset == offset) {
		c->lo = lo;
		c->day = day;
	}
	return day;
}

/*
 * Local days in a row with a session, from today, or from yesterday when
 * no session is on today (or the last is after it), as stats.c's streak()
 * counts them over every session; here only the sessions back to the
 * first day missing are read, newest first.
 */
static int
stats_streak(struct limber_journal *j, struct stats_parts *p)
{
	sqlite3_stmt *st = NULL;
	unsigned char *seen = NULL; /* seen[k]: a session on day want - k */
	size_t nseen = 0, count = 0;
	int64_t last = 0, want;
	bool found = false;
	struct day_cache cache = { .lo = INT64_MAX };
	int rc;

	rc = stats_end_day(j, true, &last, &found);
	if (rc != SQLITE_OK || !found)
		return rc;
	want = last == p->today ? p->today : p->today - 1;
	rc = db_prepare(j, &st,
	    "SELECT started FROM session WHERE started < ? "
	    "ORDER BY started DESC",
	    "I", day_start(want + 1 + DAY_MARGIN));
	while (db_next_row(j, st, &rc)) {
		int64_t t = sqlite3_column_int64(st, 0), day, k;

		/* From here on every session is on a day before want - count. */
		if (utc_day(t) + DAY_MARGIN < want - (int64_t)count)
			break;
		day = cached_local_day(&cache, t);
		if (day > want)
			continue;
		k = want - day;
		if ((size_t)k >= nseen) {
			size_t n = (size_t)k + 1 > 2 * nseen ?
			    (size_t)k + 1 :
			    2 * nseen;

			seen = xreallocarray(seen, n, 1);
			memset(seen + nseen, 0, n - nseen);
			nseen = n;
		}
		seen[k] = 1;
		while (count < nseen && seen[count])
			count++;
	}
	sqlite3_finalize(st);
	free(seen);
	p->streak = (int)count;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

enum limber_status
limber_journal_stats(struct limber_journal *j, int64_t now,
    struct limber_stats *out, char **cause)
{
	struct stats_parts p;
	bool found = false; /* without sessions, p.first stays INT64_MAX */
	int rc;

	stats_parts_init(&p, now);
	/* One read transaction, so the parts agree with each other. */
	rc = db_run(j, NULL, "BEGIN", "");
	if (rc == SQLITE_OK)
		rc = stats_totals(j, &p);
	if (rc == SQLITE_OK)
		rc = stats_recent(j, &p);
	if (rc == SQLITE_OK)
		rc = stats_end_day(j, false, &p.first, &found);
	if (rc == SQLITE_OK)
		rc = stats_streak(j, &p);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	if (rc != SQLITE_OK) {
		memset(out, 0, sizeof *out);
		return db_fail(j, rc, cause);
	}
	stats_finish(&p, out);
	return LIMBER_OK;
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
