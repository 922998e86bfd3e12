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
 * docs/journal.md ("Statistics"). The marks follow the published
 * thresholds for a meaningful change in a 0-10 pain score: 2 points, or
 * 30% of the starting level (LIMBER_CHANGE_POINTS, LIMBER_CHANGE_PERCENT).
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

/* One area's before scores, for struct limber_stats_area. */
struct area_parts {
	int64_t first_at; /* the first score's time; valid when nlast > 0 */
	int nfirst, nlast;
	int64_t sum_first, sum_last;
};

struct stats_parts {
	int64_t now;
	int64_t today; /* the local day of "now" */
	int sessions, done, stopped, interrupted, running;
	int nchange;		    /* finished sessions with both scores */
	int64_t change_sum;	    /* the sum of their after - before */
	int nbetter, nworse, nsame; /* of those, by after against before */
	bool has_first;		    /* a session or score at or before now */
	int64_t first_record;	    /* the first one's time */
	int record_sessions;	    /* sessions started at or before now */
	/* By enum limber_area bits; an area with no score in the last
	 * LIMBER_STATS_SPAN_DAYS local days is not compared: */
	struct area_parts area[LIMBER_STATS_AREAS];
	struct limber_stats_measure peg, psfs; /* all but change */
	int64_t first; /* local day of the first session; INT64_MAX: none */
	int npain;     /* every pain score, of every kind */
	int streak;    /* as limber_stats.streak */
	/* The last STATS_DAYS local days, [0] the oldest, the last today: */
	int day_sessions[STATS_DAYS]; /* sessions started that day */
	int day_scores[STATS_DAYS];   /* scores that count for the trend */
	int64_t day_sum[STATS_DAYS];  /* and their sum */
};

static void stats_finish(const struct stats_parts *p, struct limber_stats *out);
static void area_finish(const struct area_parts *a, int64_t today,
    struct limber_stats_area *out);

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
	p->now = now;
	p->today = limber_local_day(now);
	p->first = INT64_MAX;
}

/* The first local day of the last LIMBER_STATS_SPAN_DAYS, to today. */
static int64_t
stats_last_from(const struct stats_parts *p)
{
	return p->today - (LIMBER_STATS_SPAN_DAYS - 1);
}

/* An area's index in the parts from a score's area bits. */
static int
area_index(unsigned area)
{
	return (int)(area & LIMBER_AREA_BOTH);
}

/* A before score at or before now in the last days, for its area. */
static void
area_add_last(struct stats_parts *p, unsigned area, int64_t at, int value)
{
	struct area_parts *a = &p->area[area_index(area)];

	if (at > p->now || limber_local_day(at) < stats_last_from(p))
		return;
	a->nlast++;
	a->sum_last += value;
}

/* A before score at or before now in its area's first days. */
static void
area_add_first(struct stats_parts *p, unsigned area, int64_t at, int value)
{
	struct area_parts *a = &p->area[area_index(area)];
	int64_t from, day;

	if (a->nlast == 0 || at > p->now)
		return;
	from = limber_local_day(a->first_at);
	day = limber_local_day(at);
	if (day < from || day > from + (LIMBER_STATS_SPAN_DAYS - 1))
		return;
	a->nfirst++;
	a->sum_first += value;
}

/* A finished session's before and after, both given. */
static void
add_change(struct stats_parts *p, int before, int after)
{
	p->change_sum += after - before;
	p->nchange++;
	if (after < before)
		p->nbetter++;
	else if (after > before)
		p->nworse++;
	else
		p->nsame++;
}

/* The earliest record so far, if at is at or before now. */
static void
add_record(struct stats_parts *p, int64_t at)
{
	if (at > p->now)
		return;
	if (!p->has_first || at < p->first_record)
		p->first_record = at;
	p->has_first = true;
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
	add_record(p, s->at);
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

/*
 * The first days of each area with scores in the last days: from the
 * local day of its first before score, as stats_area_first() finds it.
 */
static void
stats_areas(const struct limber_journal_data *d, struct stats_parts *p)
{
	bool seen[LIMBER_STATS_AREAS] = { false };

	for (size_t i = 0; i < d->nsessions; i++) {
		for (size_t k = 0; k < d->sessions[i].npain; k++) {
			const struct limber_journal_pain *x =
			    &d->sessions[i].pain[k];
			struct area_parts *a = &p->area[area_index(x->area)];

			if (x->kind != LIMBER_SCORE_BEFORE || x->at > p->now ||
			    a->nlast == 0)
				continue;
			if (!seen[area_index(x->area)] || x->at < a->first_at)
				a->first_at = x->at;
			seen[area_index(x->area)] = true;
		}
	}
	for (size_t i = 0; i < d->nsessions; i++) {
		for (size_t k = 0; k < d->sessions[i].npain; k++) {
			const struct limber_journal_pain *x =
			    &d->sessions[i].pain[k];

			if (x->kind == LIMBER_SCORE_BEFORE)
				area_add_first(p, x->area, x->at, x->value);
		}
	}
}

/* One PEG asking at or before now, in time order. */
static void
add_peg(struct stats_parts *p, const struct limber_journal_peg *g)
{
	double v;

	if (g->at > p->now)
		return;
	if (g->skipped) {
		p->peg.nskipped++;
		return;
	}
	v = (g->pain + g->enjoyment + g->activity) / 3.0;
	if (p->peg.n++ == 0) {
		p->peg.first_at = g->at;
		p->peg.first = v;
	}
	p->peg.last_at = g->at;
	p->peg.last = v;
}

/* Whether two PSFS askings scored the same activities, in any order. */
static bool
psfs_same(const struct limber_journal_psfs *a,
    const struct limber_journal_psfs *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		bool found = false;

		for (size_t k = 0; k < b->n && !found; k++)
			found = strcmp(a->activity[i], b->activity[k]) == 0;
		if (!found)
			return false;
	}
	return true;
}

/* The mean of a PSFS asking's scores; n > 0. */
static double
psfs_mean(const struct limber_journal_psfs *x)
{
	int sum = 0;

	for (size_t i = 0; i < x->n; i++)
		sum += x->score[i];
	return (double)sum / (double)x->n;
}

/*
 * PSFS askings at or before now, in time order, into the parts. The
 * first and last answered ones are kept in *first and *last (NULL: none
 * yet).
 */
static void
add_psfs(struct stats_parts *p, const struct limber_journal_psfs *x,
    const struct limber_journal_psfs **first,
    const struct limber_journal_psfs **last)
{
	if (x->at > p->now)
		return;
	if (x->n == 0) {
		p->psfs.nskipped++;
		return;
	}
	if (p->psfs.n++ == 0) {
		*first = x;
		p->psfs.first_at = x->at;
		p->psfs.first = psfs_mean(x);
	}
	*last = x;
	p->psfs.last_at = x->at;
	p->psfs.last = psfs_mean(x);
	p->psfs.same_activities = psfs_same(*first, *last);
}

static void
stats_measures(const struct limber_journal_data *d, struct stats_parts *p)
{
	const struct limber_journal_psfs *first = NULL, *last = NULL;

	for (size_t i = 0; i < d->npegs; i++)
		add_peg(p, &d->pegs[i]);
	for (size_t i = 0; i < d->npsfs; i++)
		add_psfs(p, &d->psfs[i], &first, &last);
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
		if (s->started <= now)
			p.record_sessions++;
		add_record(&p, s->started);
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
		    s->after >= 0)
			add_change(&p, s->before, s->after);
		for (size_t k2 = 0; k2 < s->npain; k2++) {
			const struct limber_journal_pain *x = &s->pain[k2];

			add_score(&p, x);
			if (x->kind == LIMBER_SCORE_BEFORE)
				area_add_last(&p, x->area, x->at, x->value);
		}
	}
	for (size_t i = 0; i < d->npain; i++)
		add_score(&p, &d->pain[i]);
	stats_areas(d, &p);
	stats_measures(d, &p);
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
		double diff, share;

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
		share = LIMBER_CHANGE_PERCENT / 100.0 * out->start_level;
		if (diff > EPSILON &&
		    (diff >= LIMBER_CHANGE_POINTS - EPSILON ||
			diff >= share - EPSILON))
			wk->mark = wk->change < 0 ? LIMBER_CHANGE_BETTER :
			    LIMBER_CHANGE_WORSE;
	}
	out->empty = out->sessions == 0 && out->npain == 0;

	out->nbetter = p->nbetter;
	out->nworse = p->nworse;
	out->nsame = p->nsame;
	if (p->has_first) {
		int64_t days = today - limber_local_day(p->first_record) + 1;

		out->has_first_record = true;
		out->first_record = p->first_record;
		out->first_record_day = limber_local_day(p->first_record);
		out->record_sessions = p->record_sessions;
		out->record_weeks = days < 7 ? 1 : (double)days / 7;
		out->record_per_week = out->record_sessions / out->record_weeks;
	}
	for (int i = 0; i < LIMBER_STATS_AREAS; i++)
		area_finish(&p->area[i], today, &out->areas[i]);
	out->peg = p->peg;
	out->psfs = p->psfs;
	/* Answers on the measures alone are something to show. */
	out->empty = out->empty && p->peg.n + p->peg.nskipped == 0 &&
	    p->psfs.n + p->psfs.nskipped == 0;
	if (out->peg.n >= 2)
		out->peg.change = out->peg.last - out->peg.first;
	if (out->psfs.n >= 2)
		out->psfs.change = out->psfs.last - out->psfs.first;
}

/* An area's comparison from its parts. */
static void
area_finish(const struct area_parts *a, int64_t today,
    struct limber_stats_area *out)
{
	double diff;

	memset(out, 0, sizeof *out);
	if (a->nlast == 0)
		return;
	out->first_from = limber_local_day(a->first_at);
	out->first_to = out->first_from + (LIMBER_STATS_SPAN_DAYS - 1);
	out->last_to = today;
	out->last_from = today - (LIMBER_STATS_SPAN_DAYS - 1);
	out->nfirst = a->nfirst;
	out->nlast = a->nlast;
	/* The first score is in the first days: nfirst > 0. */
	out->first_mean = (double)a->sum_first / a->nfirst;
	out->last_mean = (double)a->sum_last / a->nlast;
	if (out->first_to >= out->last_from)
		return;
	out->has_change = true;
	out->change = out->last_mean - out->first_mean;
	diff = out->change < 0 ? -out->change : out->change;
	if (out->first_mean > EPSILON)
		out->percent = 100 * out->change / out->first_mean;
	if (diff <= EPSILON)
		return;
	out->points = diff >= LIMBER_CHANGE_POINTS - EPSILON;
	out->percent_met = out->first_mean > EPSILON &&
	    diff >= LIMBER_CHANGE_PERCENT / 100.0 * out->first_mean - EPSILON;
}

enum limber_change_mark
limber_stats_area_mark(const struct limber_stats_area *a)
{
	if (!a->has_change || (!a->points && !a->percent_met))
		return LIMBER_CHANGE_NONE;
	return a->change < 0 ? LIMBER_CHANGE_BETTER : LIMBER_CHANGE_WORSE;
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

/* What limber_change() gathers over sessions with both scores. */
struct change_sums {
	int64_t n, sum, better, worse;
};

/* One session's before and after; either NULL: not counted. */
static void
change_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct change_sums *c = sqlite3_aggregate_context(ctx, sizeof *c);
	int before, after;

	(void)argc;
	if (c == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
	    sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	before = sqlite3_value_int(argv[0]);
	after = sqlite3_value_int(argv[1]);
	c->n++;
	c->sum += after - before;
	c->better += after < before;
	c->worse += after > before;
}

/* The sums as a blob of struct change_sums (all 0 for no rows). */
static void
change_final(sqlite3_context *ctx)
{
	struct change_sums *c = sqlite3_aggregate_context(ctx, 0), none = { 0 };

	sqlite3_result_blob(ctx, c != NULL ? c : &none, sizeof *c,
	    SQLITE_TRANSIENT);
}

static void
change_read(sqlite3_stmt *st, int col, struct change_sums *out)
{
	const void *b = sqlite3_column_blob(st, col);

	memset(out, 0, sizeof *out);
	if (b != NULL && sqlite3_column_bytes(st, col) == (int)sizeof *out)
		memcpy(out, b, sizeof *out);
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

	/*
	 * Every session with both scores, less the running ones (few): how
	 * many, the sum of their changes, and how many ended lower, higher,
	 * in one pass of limber_change() (change_step()). It costs the scan
	 * of session_score less than count(*) and sum() alone did, where
	 * adding the counts in SQL cost it half as much again (100,000
	 * sessions, bench/stats.sh's journal).
	 */
	rc = sqlite3_create_function_v2(j->db, "limber_change", 2,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL, NULL,
	    change_step, change_final, NULL);
	if (rc == SQLITE_OK)
		rc = db_prepare(j, &st,
		    "SELECT (SELECT limber_change(pain_before, pain_after) "
		    "FROM session_score), "
		    "(SELECT limber_change(f.pain_before, f.pain_after) "
		    "FROM session s JOIN session_score f ON f.session = s.id "
		    "WHERE s.state = 'running')",
		    "");
	if (rc == SQLITE_OK && (rc = db_step(j, st)) == SQLITE_ROW) {
		struct change_sums all, running;

		change_read(st, 0, &all);
		change_read(st, 1, &running);
		p->nchange = (int)(all.n - running.n);
		p->change_sum = all.sum - running.sum;
		p->nbetter = (int)(all.better - running.better);
		p->nworse = (int)(all.worse - running.worse);
		p->nsame = p->nchange - p->nbetter - p->nworse;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return rc;

	/* Sessions at or before now: all but the few after it. */
	if ((rc = db_int(j, &v, NULL,
		 "SELECT count(*) FROM session WHERE "
		 "started > ?",
		 "I", p->now)) != SQLITE_OK)
		return rc;
	p->record_sessions = p->sessions - (int)v;
	return SQLITE_OK;
}

/* The first session or pain score at or before now (both indexed). */
static int
stats_first_record(struct limber_journal *j, struct stats_parts *p)
{
	static const char *const sql[] = {
		"SELECT started FROM session WHERE started <= ? "
		"ORDER BY started LIMIT 1",
		"SELECT at FROM pain WHERE at <= ? ORDER BY at LIMIT 1",
	};
	int64_t t = 0;
	bool found = false;
	int rc;

	for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
		if ((rc = db_int(j, &t, &found, sql[i], "I", p->now)) !=
		    SQLITE_OK)
			return rc;
		if (found)
			add_record(p, t);
	}
	return SQLITE_OK;
}

/*
 * Before scores by area: those of the last days (pain_at gives them),
 * then for each area with any, its first score, found in time order
 * (soon, unless an area began long after the journal), and the scores of
 * its first days.
 */
static int
stats_areas_sql(struct limber_journal *j, struct stats_parts *p)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = db_prepare(j, &st,
	    "SELECT at, value, area FROM pain WHERE kind = 'before' AND "
	    "at >= ? AND at <= ?",
	    "II", day_start(stats_last_from(p) - DAY_MARGIN), p->now);
	while (db_next_row(j, st, &rc)) {
		const char *area = (const char *)sqlite3_column_text(st, 2);
		int a = area != NULL ? limber_area_parse(area) : 0;

		area_add_last(p, a > 0 ? (unsigned)a : 0,
		    sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	for (int i = 0; i < LIMBER_STATS_AREAS; i++) {
		struct area_parts *a = &p->area[i];
		const char *name = i != 0 ?
		    limber_area_name((enum limber_area)i) :
		    NULL;
		int64_t from;

		if (a->nlast == 0)
			continue;
		if ((rc = db_int(j, &a->first_at, NULL,
			 "SELECT at FROM pain WHERE kind = 'before' AND area IS ? "
			 "AND at <= ? ORDER BY at LIMIT 1",
			 "sI", name, p->now)) != SQLITE_OK)
			return rc;
		from = limber_local_day(a->first_at);
		rc = db_prepare(j, &st,
		    "SELECT at, value FROM pain WHERE kind = 'before' AND "
		    "area IS ? AND at >= ? AND at < ? AND at <= ?",
		    "sIII", name, day_start(from - DAY_MARGIN),
		    day_start(from + LIMBER_STATS_SPAN_DAYS + DAY_MARGIN),
		    p->now);
		while (db_next_row(j, st, &rc))
			area_add_first(p, (unsigned)i,
			    sqlite3_column_int64(st, 0),
			    sqlite3_column_int(st, 1));
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return rc;
	}
	return SQLITE_OK;
}

/*
 * PEG and PSFS askings at or before now, in time order: a few a month at
 * most (LIMBER_PEG_EVERY_S, LIMBER_PSFS_EVERY_S), so read whole, and
 * counted by the same add_peg() and add_psfs() as the loaded ones.
 */
static int
stats_measures_sql(struct limber_journal *j, struct stats_parts *p)
{
	const struct limber_journal_psfs *first = NULL, *last = NULL;
	struct limber_journal_psfs *v = NULL, *x = NULL;
	sqlite3_stmt *st = NULL;
	size_t n = 0, cap = 0;
	int64_t id = 0;
	int rc;

	rc = db_prepare(j, &st,
	    "SELECT at, pain, enjoyment, activity FROM peg WHERE at <= ? "
	    "ORDER BY at, id",
	    "I", p->now);
	while (db_next_row(j, st, &rc)) {
		struct limber_journal_peg g = {
			.at = sqlite3_column_int64(st, 0),
			.skipped = sqlite3_column_type(st, 1) == SQLITE_NULL,
			.pain = sqlite3_column_int(st, 1),
			.enjoyment = sqlite3_column_int(st, 2),
			.activity = sqlite3_column_int(st, 3),
		};

		add_peg(p, &g);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	/* Each asking, then its scores (none: skipped), one row each. */
	rc = db_prepare(j, &st,
	    "SELECT f.id, f.at, s.activity, s.score FROM psfs f LEFT JOIN "
	    "psfs_score s ON s.psfs = f.id WHERE f.at <= ? "
	    "ORDER BY f.at, f.id, s.position",
	    "I", p->now);
	while (db_next_row(j, st, &rc)) {
		if (x == NULL || sqlite3_column_int64(st, 0) != id) {
			if (n == cap) {
				cap = cap == 0 ? 8 : 2 * cap;
				v = xreallocarray(v, cap, sizeof *v);
			}
			x = &v[n++];
			memset(x, 0, sizeof *x);
			id = sqlite3_column_int64(st, 0);
			x->at = sqlite3_column_int64(st, 1);
		}
		if (sqlite3_column_type(st, 2) != SQLITE_NULL &&
		    x->n < LIMBER_PSFS_MAX) {
			x->activity[x->n] =
			    xstrdup((const char *)sqlite3_column_text(st, 2));
			x->score[x->n++] = sqlite3_column_int(st, 3);
		}
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < n; i++)
		add_psfs(p, &v[i], &first, &last);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < v[i].n; k++)
			free(v[i].activity[k]);
	}
	free(v);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
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
		rc = stats_first_record(j, &p);
	if (rc == SQLITE_OK)
		rc = stats_areas_sql(j, &p);
	if (rc == SQLITE_OK)
		rc = stats_measures_sql(j, &p);
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

/* A UTC time as ISO 8601, as the export writes it. */
static json_t *
time_json(int64_t t)
{
	int y, m, dd;
	int64_t day = utc_day(t), into = t - day * LIMBER_DAY_S;
	char buf[32];

	limber_civil_from_days(day, &y, &m, &dd);
	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, dd,
	    (int)(into / 3600), (int)(into / 60 % 60), (int)(into % 60));
	return json_string(buf);
}

/* One area's comparison; NULL when it has no scores in the last days. */
static json_t *
area_json(const struct limber_stats_area *a)
{
	const char *mark = mark_name(limber_stats_area_mark(a));

	if (a->nlast == 0)
		return NULL;
	return json_pack("{s:{s:o, s:o, s:i, s:o}, s:{s:o, s:o, s:i, s:o}, "
			 "s:o, s:o, s:b, s:b, s:o}",
	    "first", "from", day_json(a->first_from), "to",
	    day_json(a->first_to), "scores", a->nfirst, "mean",
	    num(a->first_mean), "last", "from", day_json(a->last_from), "to",
	    day_json(a->last_to), "scores", a->nlast, "mean", num(a->last_mean),
	    "change", a->has_change ? num(a->change) : json_null(),
	    "change_percent",
	    a->has_change && a->first_mean > EPSILON ?
		num(a->percent) :
		json_null(),
	    "two_points", a->has_change && a->points, "thirty_percent",
	    a->has_change && a->percent_met, "meaningful",
	    mark != NULL ? json_string(mark) : json_null());
}

/* PEG or PSFS, first against last. */
static json_t *
measure_json(const struct limber_stats_measure *m, bool psfs)
{
	json_t *o = json_pack("{s:i, s:i}", "answered", m->n, "skipped",
	    m->nskipped);

	if (m->n > 0) {
		json_object_set_new(o, "first",
		    json_pack("{s:o, s:o}", "at", time_json(m->first_at),
			"mean", num(m->first)));
		json_object_set_new(o, "last",
		    json_pack("{s:o, s:o}", "at", time_json(m->last_at), "mean",
			num(m->last)));
	}
	json_object_set_new(o, "change",
	    m->n >= 2 ? num(m->change) : json_null());
	if (psfs)
		json_object_set_new(o, "same_activities",
		    m->n > 0 ? json_boolean(m->same_activities) : json_null());
	return o;
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

	json_object_set_new(o, "sessions_ended",
	    json_pack("{s:i, s:i, s:i}", "better", s->nbetter, "worse",
		s->nworse, "same", s->nsame));
	json_object_set_new(o, "since_first_record",
	    s->has_first_record ?
		json_pack("{s:o, s:o, s:i, s:o, s:o}", "first_record",
		    time_json(s->first_record), "first_day",
		    day_json(s->first_record_day), "sessions",
		    s->record_sessions, "weeks", num(s->record_weeks),
		    "sessions_per_week", num(s->record_per_week)) :
		json_null());
	{
		json_t *areas = json_object();

		for (int i = 0; i < LIMBER_STATS_AREAS; i++) {
			json_t *a = area_json(&s->areas[i]);

			if (a != NULL)
				json_object_set_new(areas,
				    i == 0 ?
					"not-said" :
					limber_area_name((enum limber_area)i),
				    a);
		}
		json_object_set_new(o, "pain_by_area", areas);
	}
	json_object_set_new(o, "peg", measure_json(&s->peg, false));
	json_object_set_new(o, "psfs", measure_json(&s->psfs, true));
	return o;
}
