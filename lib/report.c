/*
 * report.c - the progress report's contents, gathered from a loaded
 * journal: the pain points with their start level, marks and trend line,
 * the sessions and how they ended, the weeks, the stretches done and
 * skipped, the stops and the screenings (report.h, docs/report.md).
 *
 * A pure function of the data, "now" and the number of weeks, so a test
 * can build a small journal and check every number; the renderer draws
 * what is here and decides nothing. The marks use the threshold the
 * statistics use (2 points, or 30% of the start level) so that the report
 * and `limber stats` never disagree about what counts as a change.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "limber/report.h"
#include "util.h"

/* Differences this small are rounding, not change. */
#define EPSILON 1e-9

enum limber_change_mark
limber_report_mark(double start, double v)
{
	double diff = v - start, size = fabs(diff);

	if (size < EPSILON)
		return LIMBER_CHANGE_NONE;
	if (size >= 2 - EPSILON || size >= 0.3 * start - EPSILON)
		return diff < 0 ? LIMBER_CHANGE_BETTER : LIMBER_CHANGE_WORSE;
	return LIMBER_CHANGE_NONE;
}

/* Local midnight at the start of a local day number. */
static int64_t
local_midnight(int64_t day)
{
	struct tm tm;
	int y, m, d;
	time_t t;

	limber_civil_from_days(day, &y, &m, &d);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1)
		return day * LIMBER_DAY_S;
	return (int64_t)t;
}

static bool
counts_for_trend(enum limber_score_kind k)
{
	return k == LIMBER_SCORE_BEFORE || k == LIMBER_SCORE_AFTER ||
	    k == LIMBER_SCORE_NEXT_DAY || k == LIMBER_SCORE_LOGGED;
}

struct build {
	struct limber_report *r;
	size_t cap_points, cap_stretches;
};

static void
add_point(struct build *b, const struct limber_journal_pain *p, int session)
{
	struct limber_report *r = b->r;
	int64_t day = limber_local_day(p->at);

	if (!counts_for_trend(p->kind) || day < r->first_day ||
	    day > r->last_day)
		return;
	if (r->npoints == b->cap_points) {
		b->cap_points = b->cap_points ? 2 * b->cap_points : 16;
		r->points = xreallocarray(r->points, b->cap_points,
		    sizeof *r->points);
	}
	r->points[r->npoints++] = (struct limber_report_point){
		.at = p->at, .value = p->value, .kind = p->kind,
		.session = session, .mark = LIMBER_CHANGE_NONE,
	};
}

/*
 * One stretch done or skipped: an entry each, merged by id once all are in
 * (merge_stretches). Looking each up among those seen made a report of
 * 100,000 stretches of different names take 20 s (docs/reliability.md).
 * The id is borrowed from the journal data until the merge copies it.
 */
static void
count_stretch(struct build *b, const struct limber_journal_stretch *s)
{
	struct limber_report *r = b->r;
	/* The journal keeps an id for each; be sure anyway. */
	const char *id = s->stretch != NULL ? s->stretch : "unnamed";

	if (r->nstretches == b->cap_stretches) {
		b->cap_stretches = b->cap_stretches ? 2 * b->cap_stretches : 8;
		r->stretches = xreallocarray(r->stretches, b->cap_stretches,
		    sizeof *r->stretches);
	}
	r->stretches[r->nstretches++] = (struct limber_report_stretch){
		.stretch = (char *)id,
		.done = !s->skipped,
		.skipped = s->skipped,
	};
}

/* Points in time order; at one time, in the order they were added. */
static int
point_cmp(const void *a, const void *b)
{
	const struct limber_report_point *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->session != y->session)
		return x->session < y->session ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

static int
stretch_cmp(const void *a, const void *b)
{
	const struct limber_report_stretch *x = a, *y = b;

	return strcmp(x->stretch, y->stretch);
}

/* The stretches by id, one entry each, with ids of their own. */
static void
merge_stretches(struct limber_report *r)
{
	size_t n = 0;

	if (r->nstretches > 1)
		qsort(r->stretches, r->nstretches, sizeof *r->stretches,
		    stretch_cmp);
	for (size_t i = 0; i < r->nstretches; i++) {
		const struct limber_report_stretch *st = &r->stretches[i];

		if (n > 0 &&
		    strcmp(r->stretches[n - 1].stretch, st->stretch) == 0) {
			r->stretches[n - 1].done += st->done;
			r->stretches[n - 1].skipped += st->skipped;
		} else
			r->stretches[n++] = *st;
	}
	r->nstretches = n;
	for (size_t i = 0; i < n; i++)
		r->stretches[i].stretch = xstrdup(r->stretches[i].stretch);
}

static int
stop_cmp(const void *a, const void *b)
{
	const struct limber_report_stop *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->session - y->session;
}

static void
add_session(struct build *b, const struct limber_journal_session *s)
{
	struct limber_report *r = b->r;
	struct limber_report_session *rs = &r->sessions[r->nsessions];
	int index = (int)r->nsessions;
	int64_t day = limber_local_day(s->started);
	struct limber_report_week *wk = &r->week[(day - r->first_day) / 7];

	*rs = (struct limber_report_session){
		.started = s->started, .ended = s->ended, .state = s->state,
		.reason = s->reason != NULL ? xstrdup(s->reason) : NULL,
		.before = s->before, .after = s->after, .effect = s->effect,
	};
	r->nsessions++;
	wk->sessions++;
	switch (s->state) {
	case LIMBER_RECORD_DONE:
		r->done++;
		wk->done++;
		break;
	case LIMBER_RECORD_STOPPED:
		r->stopped++;
		wk->stopped++;
		break;
	case LIMBER_RECORD_INTERRUPTED:
		r->interrupted++;
		wk->interrupted++;
		break;
	default:
		r->running++;
		break;
	}
	for (size_t i = 0; i < s->nstretches; i++) {
		if (s->stretches[i].skipped)
			rs->stretches_skipped++;
		else
			rs->stretches_done++;
		count_stretch(b, &s->stretches[i]);
	}
	for (size_t i = 0; i < s->npain; i++)
		add_point(b, &s->pain[i], index);
	if (s->state == LIMBER_RECORD_STOPPED ||
	    s->state == LIMBER_RECORD_INTERRUPTED) {
		r->stops[r->nstops++] = (struct limber_report_stop){
			.at = s->ended, .session = index, .state = s->state,
			.reason = rs->reason,
		};
	}
}

static bool
in_period(const struct limber_report *r, int64_t t)
{
	int64_t day = limber_local_day(t);

	return day >= r->first_day && day <= r->last_day;
}

/* The start level, the weekly means, the marks and the trend line. */
static void
finish_points(struct limber_report *r)
{
	double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;

	if (r->npoints > 1)
		qsort(r->points, r->npoints, sizeof *r->points, point_cmp);
	for (size_t i = 0; i < r->npoints; i++) {
		const struct limber_report_point *p = &r->points[i];
		int64_t w = (limber_local_day(p->at) - r->first_day) / 7;

		r->week[w].npain++;
		r->week[w].mean_pain += p->value;
	}
	for (int w = 0; w < r->weeks; w++) {
		if (r->week[w].npain == 0)
			continue;
		r->week[w].mean_pain /= r->week[w].npain;
		if (!r->has_start) {
			r->has_start = true;
			r->start_level = r->week[w].mean_pain;
			r->start_week = w;
		}
	}
	for (size_t i = 0; i < r->npoints; i++) {
		struct limber_report_point *p = &r->points[i];
		double x = (double)(p->at - r->from) / LIMBER_DAY_S;

		/* The start week's own scores make the level; they are not
		 * changes from it. */
		if (r->has_start && (limber_local_day(p->at) - r->first_day) /
		    7 > r->start_week)
			p->mark = limber_report_mark(r->start_level, p->value);
		n++;
		sx += x;
		sy += p->value;
		sxx += x * x;
		sxy += x * p->value;
	}
	if (n >= 2 && n * sxx - sx * sx > EPSILON * n * n) {
		double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);

		r->has_trend = true;
		r->trend_per_week = slope * 7;
		r->trend_at_from = (sy - slope * sx) / n;
	}
}

struct limber_report *
limber_report_build(const struct limber_journal_data *d, int64_t now,
    int weeks)
{
	struct limber_report *r = xcalloc(1, sizeof *r);
	struct build b = { .r = r };

	if (weeks < LIMBER_REPORT_WEEKS_MIN)
		weeks = LIMBER_REPORT_WEEKS_MIN;
	if (weeks > LIMBER_REPORT_WEEKS_MAX)
		weeks = LIMBER_REPORT_WEEKS_MAX;
	r->now = now;
	r->weeks = weeks;
	r->last_day = limber_local_day(now);
	r->first_day = r->last_day - 7 * weeks + 1;
	r->from = local_midnight(r->first_day);
	r->start_week = -1;
	r->week = xcalloc((size_t)weeks, sizeof *r->week);
	for (int w = 0; w < weeks; w++)
		r->week[w].first_day = r->first_day + 7 * w;

	r->sessions = xcalloc(d->nsessions > 0 ? d->nsessions : 1,
	    sizeof *r->sessions);
	r->stops = xcalloc(d->nsessions > 0 ? d->nsessions : 1,
	    sizeof *r->stops);
	for (size_t i = 0; i < d->nsessions; i++)
		if (in_period(r, d->sessions[i].started))
			add_session(&b, &d->sessions[i]);
	for (size_t i = 0; i < d->npain; i++)
		add_point(&b, &d->pain[i], -1);
	finish_points(r);
	merge_stretches(r);
	if (r->nstops > 1)
		qsort(r->stops, r->nstops, sizeof *r->stops, stop_cmp);

	r->screenings = xcalloc(d->nscreenings > 0 ? d->nscreenings : 1,
	    sizeof *r->screenings);
	for (size_t i = 0; i < d->nscreenings; i++) {
		const struct limber_journal_screening *s = &d->screenings[i];
		struct limber_report_screening *rs;

		if (!in_period(r, s->at))
			continue;
		rs = &r->screenings[r->nscreenings++];
		*rs = (struct limber_report_screening){
			.at = s->at, .pain = s->pain, .area = s->area,
			.verdict = s->verdict, .nyes = s->nyes,
			.yes = xcalloc(s->nyes > 0 ? s->nyes : 1, sizeof(char *)),
		};
		for (size_t k = 0; k < s->nyes; k++)
			rs->yes[k] = xstrdup(s->yes[k]);
	}
	for (size_t i = 0; i < d->nclearances; i++)
		if (in_period(r, d->clearances[i].at))
			r->last_clearance = d->clearances[i].at;
	r->empty = r->nsessions == 0 && r->npoints == 0 &&
	    r->nscreenings == 0 && r->last_clearance == 0;
	return r;
}

void
limber_report_free(struct limber_report *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nsessions; i++)
		free(r->sessions[i].reason);
	for (size_t i = 0; i < r->nstretches; i++)
		free(r->stretches[i].stretch);
	for (size_t i = 0; i < r->nscreenings; i++) {
		for (size_t k = 0; k < r->screenings[i].nyes; k++)
			free(r->screenings[i].yes[k]);
		free(r->screenings[i].yes);
	}
	free(r->points);
	free(r->sessions);
	free(r->week);
	free(r->stretches);
	free(r->stops);
	free(r->screenings);
	free(r);
}

/* ------------------------------------------------------------------ */
/* JSON.                                                               */

static json_t *
time_json(int64_t t)
{
	char buf[32];

	return json_string(limber_time_iso(t, true, buf, sizeof buf));
}

static json_t *
day_json(int64_t day)
{
	char buf[16];
	int y, m, d;

	limber_civil_from_days(day, &y, &m, &d);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	return json_string(buf);
}

static json_t *
score_json(int v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static json_t *
mark_json(enum limber_change_mark m)
{
	return m == LIMBER_CHANGE_BETTER ? json_string("better") :
	    m == LIMBER_CHANGE_WORSE ? json_string("worse") : json_null();
}

json_t *
limber_report_to_json(const struct limber_report *r)
{
	json_t *o = json_object(), *a;

	json_object_set_new(o, "weeks", json_integer(r->weeks));
	json_object_set_new(o, "from", day_json(r->first_day));
	json_object_set_new(o, "to", day_json(r->last_day));
	json_object_set_new(o, "empty", json_boolean(r->empty));
	json_object_set_new(o, "start_level", r->has_start ?
	    json_real(r->start_level) : json_null());
	json_object_set_new(o, "trend_per_week", r->has_trend ?
	    json_real(r->trend_per_week) : json_null());

	a = json_array();
	for (size_t i = 0; i < r->npoints; i++) {
		const struct limber_report_point *p = &r->points[i];

		json_array_append_new(a, json_pack("{s:o, s:i, s:s, s:o, s:o}",
		    "at", time_json(p->at), "value", p->value, "kind",
		    limber_score_kind_name(p->kind), "session", p->session < 0 ?
		    json_null() : json_integer(p->session), "mark",
		    mark_json(p->mark)));
	}
	json_object_set_new(o, "pain", a);

	a = json_array();
	for (size_t i = 0; i < r->nsessions; i++) {
		const struct limber_report_session *s = &r->sessions[i];

		json_array_append_new(a, json_pack("{s:o, s:o, s:s, s:o, s:o, "
		    "s:o, s:s, s:i, s:i}", "started", time_json(s->started),
		    "ended", s->state == LIMBER_RECORD_RUNNING ? json_null() :
		    time_json(s->ended), "state",
		    limber_record_state_name(s->state), "reason",
		    s->reason != NULL ? json_string(s->reason) : json_null(),
		    "before", score_json(s->before), "after",
		    score_json(s->after), "effect",
		    limber_effect_name(s->effect), "stretches_done",
		    s->stretches_done, "stretches_skipped",
		    s->stretches_skipped));
	}
	json_object_set_new(o, "sessions", a);
	json_object_set_new(o, "reminders", r->has_adherence ?
	    limber_adherence_to_json(&r->adherence) : json_null());

	a = json_array();
	for (int w = 0; w < r->weeks; w++) {
		const struct limber_report_week *wk = &r->week[w];

		json_array_append_new(a, json_pack("{s:o, s:i, s:i, s:i, s:i, "
		    "s:i, s:o}", "from", day_json(wk->first_day), "sessions",
		    wk->sessions, "done", wk->done, "stopped", wk->stopped,
		    "interrupted", wk->interrupted, "scores", wk->npain,
		    "mean_pain", wk->npain > 0 ? json_real(wk->mean_pain) :
		    json_null()));
	}
	json_object_set_new(o, "week", a);

	a = json_array();
	for (size_t i = 0; i < r->nstretches; i++)
		json_array_append_new(a, json_pack("{s:s, s:i, s:i}", "stretch",
		    r->stretches[i].stretch, "done", r->stretches[i].done,
		    "skipped", r->stretches[i].skipped));
	json_object_set_new(o, "stretches", a);

	a = json_array();
	for (size_t i = 0; i < r->nstops; i++)
		json_array_append_new(a, json_pack("{s:o, s:s, s:o}", "at",
		    time_json(r->stops[i].at), "state",
		    limber_record_state_name(r->stops[i].state), "reason",
		    r->stops[i].reason != NULL ?
		    json_string(r->stops[i].reason) : json_null()));
	json_object_set_new(o, "stops", a);

	a = json_array();
	for (size_t i = 0; i < r->nscreenings; i++) {
		const struct limber_report_screening *s = &r->screenings[i];
		json_t *yes = json_array();

		for (size_t k = 0; k < s->nyes; k++)
			json_array_append_new(yes, json_string(s->yes[k]));
		json_array_append_new(a, json_pack("{s:o, s:i, s:s, s:s, s:o}",
		    "at", time_json(s->at), "pain", s->pain, "area",
		    limber_area_name(s->area), "verdict",
		    limber_level_name(s->verdict), "yes", yes));
	}
	json_object_set_new(o, "screenings", a);
	return o;
}
