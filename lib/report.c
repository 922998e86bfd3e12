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
#include <stddef.h>
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

/* The scores drawn: all but those during a session (for the stop rules). */
static bool
counts_for_chart(enum limber_score_kind k)
{
	return k == LIMBER_SCORE_BEFORE || k == LIMBER_SCORE_AFTER ||
	    k == LIMBER_SCORE_NEXT_DAY || k == LIMBER_SCORE_LOGGED;
}

/*
 * The scores of the trend, the weekly means and the start level: not the
 * after scores, which are each session's relief and have their own
 * chart (report.h).
 */
static bool
counts_for_trend(enum limber_score_kind k)
{
	return counts_for_chart(k) && k != LIMBER_SCORE_AFTER;
}

struct build {
	struct limber_report *r;
	size_t cap_points, cap_stretches, cap_doses, cap_notes;
	/* The repetitions each stretch was last done at, by id (borrowed). */
	struct limber_journal_dose *last;
	size_t nlast, cap_last;
};

static bool
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A note the person wrote, kept for the table of doses and notes. */
static void
add_note(struct build *b, int64_t at, int session, const char *text)
{
	struct limber_report *r = b->r;

	/*
	 * A mistake note takes back an answer, and a warning's note repeats
	 * the stop's reason, which the report gives already: neither is the
	 * person's own word on how things went.
	 */
	if (text == NULL || text[0] == '\0' ||
	    starts_with(text, LIMBER_MISTAKE_NOTE) ||
	    starts_with(text, LIMBER_WARNING_STOP_REASON))
		return;
	if (r->nnotes == b->cap_notes) {
		b->cap_notes = b->cap_notes ? 2 * b->cap_notes : 8;
		r->notes = xreallocarray(r->notes, b->cap_notes,
		    sizeof *r->notes);
	}
	r->notes[r->nnotes++] = (struct limber_report_note){
		.at = at,
		.session = session,
		.text = xstrdup(text),
	};
}

/*
 * A stretch done at a number of repetitions: a dose change when it was
 * done at another number last time in the period. Linear in the
 * stretches seen, which are a routine's few.
 */
static void
note_dose(struct build *b, const struct limber_journal_stretch *st, int64_t at,
    int session)
{
	struct limber_report *r = b->r;
	size_t i;

	if (st->skipped || st->stretch == NULL)
		return;
	for (i = 0; i < b->nlast; i++)
		if (strcmp(b->last[i].stretch, st->stretch) == 0)
			break;
	if (i == b->nlast) {
		if (b->nlast == b->cap_last) {
			b->cap_last = b->cap_last ? 2 * b->cap_last : 8;
			b->last = xreallocarray(b->last, b->cap_last,
			    sizeof *b->last);
		}
		b->last[b->nlast++] = (struct limber_journal_dose){
			.stretch = st->stretch,
			.reps = st->reps,
		};
		return;
	}
	if (b->last[i].reps == st->reps)
		return;
	if (r->ndoses == b->cap_doses) {
		b->cap_doses = b->cap_doses ? 2 * b->cap_doses : 8;
		r->doses = xreallocarray(r->doses, b->cap_doses,
		    sizeof *r->doses);
	}
	r->doses[r->ndoses++] = (struct limber_report_dose){
		.at = at,
		.session = session,
		.stretch = xstrdup(st->stretch),
		.from = b->last[i].reps,
		.to = st->reps,
	};
	b->last[i].reps = st->reps;
}

/* Stopped by limber for pain or a warning sign: "user: ..." is the person. */
static bool
is_safety_stop(const struct limber_journal_session *s)
{
	return s->state == LIMBER_RECORD_STOPPED &&
	    (s->reason == NULL || strncmp(s->reason, "user:", 5) != 0);
}

static void
add_point(struct build *b, const struct limber_journal_pain *p, int session)
{
	struct limber_report *r = b->r;
	int64_t day = limber_local_day(p->at);

	if (!counts_for_chart(p->kind) || day < r->first_day ||
	    day > r->last_day)
		return;
	if (p->note != NULL)
		add_note(b, p->at, session, p->note);
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

/* Notes by time; at one time, a session's before one on its own. */
static int
note_cmp(const void *a, const void *b)
{
	const struct limber_report_note *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->session > y->session ? -1 : x->session < y->session;
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
		.started = s->started,
		.ended = s->ended,
		.state = s->state,
		.reason = s->reason != NULL ? xstrdup(s->reason) : NULL,
		.before = s->before,
		.after = s->after,
		.effect = s->effect,
		.safety_stop = is_safety_stop(s),
	};
	r->nsessions++;
	r->safety_stops += rs->safety_stop;
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
		note_dose(b, &s->stretches[i], s->started, index);
	}
	for (size_t i = 0; i < s->nnotes; i++)
		add_note(b, s->notes[i].at, index, s->notes[i].text);
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

		if (!counts_for_trend(p->kind))
			continue;
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

		if (!counts_for_trend(p->kind))
			continue;
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

/* How many of the first n records, each size bytes, begin before day. */
static size_t
skip_before(const void *base, size_t n, size_t size, size_t at_offset,
    int64_t day)
{
	size_t k = 0;

	while (k < n) {
		int64_t at;

		memcpy(&at, (const char *)base + k * size + at_offset,
		    sizeof at);
		if (limber_local_day(at) >= day)
			break;
		k++;
	}
	return k;
}

/* Drop the records of v->arr (of type T) before the period. */
#define SKIP(v, T, field, arr, count) \
	do { \
		size_t k_ = skip_before((v)->arr, (v)->count, sizeof(T), \
		    offsetof(T, field), r->first_day); \
		(v)->arr += k_; \
		(v)->count -= k_; \
	} while (0)

/*
 * The statistics of the period's records: the journal's arrays are in
 * time order, so the period's records are the end of each, and a view of
 * those ends (sharing d's memory) is what limber_stats_compute() reads.
 * A session's screening is an index into the whole array, which the
 * statistics do not follow.
 */
static void
period_stats(struct limber_report *r, const struct limber_journal_data *d)
{
	struct limber_journal_data v = *d;

	SKIP(&v, struct limber_journal_screening, at, screenings, nscreenings);
	SKIP(&v, struct limber_journal_session, started, sessions, nsessions);
	SKIP(&v, struct limber_journal_pain, at, pain, npain);
	SKIP(&v, struct limber_journal_note, at, notes, nnotes);
	SKIP(&v, struct limber_journal_clearance, at, clearances, nclearances);
	SKIP(&v, struct limber_journal_prompt, at, prompts, nprompts);
	SKIP(&v, struct limber_journal_peg, at, pegs, npegs);
	SKIP(&v, struct limber_journal_psfs, at, psfs, npsfs);
	limber_stats_compute(&v, r->now, &r->stats);
}

/* The askings at these times, answered (the statistics chose them). */
static const struct limber_journal_psfs *
psfs_at(const struct limber_journal_data *d, int64_t at)
{
	for (size_t i = 0; i < d->npsfs; i++)
		if (d->psfs[i].at == at && d->psfs[i].n > 0)
			return &d->psfs[i];
	return NULL;
}

/*
 * Each activity of the first PSFS answers the summary compares, with its
 * score in the last: the mean says whether things are easier, the
 * activities say which.
 */
static void
psfs_activities(struct limber_report *r, const struct limber_journal_data *d)
{
	const struct limber_journal_psfs *a, *b;

	if (r->stats.psfs.n < 2 ||
	    (a = psfs_at(d, r->stats.psfs.first_at)) == NULL ||
	    (b = psfs_at(d, r->stats.psfs.last_at)) == NULL)
		return;
	for (size_t i = 0; i < a->n && i < LIMBER_PSFS_MAX; i++) {
		struct limber_report_activity *act =
		    &r->activities[r->nactivities++];

		act->activity = xstrdup(a->activity[i]);
		act->first = a->score[i];
		act->last = -1;
		for (size_t k = 0; k < b->n && k < LIMBER_PSFS_MAX; k++)
			if (strcmp(b->activity[k], a->activity[i]) == 0)
				act->last = b->score[k];
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
		r->nscreenings_clear += s->verdict == LIMBER_LEVEL_GO ||
		    s->verdict == LIMBER_LEVEL_CAUTION;
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
	for (size_t i = 0; i < d->nnotes; i++)
		if (in_period(r, d->notes[i].at))
			add_note(&b, d->notes[i].at, -1, d->notes[i].text);
	if (r->nnotes > 1)
		qsort(r->notes, r->nnotes, sizeof *r->notes, note_cmp);
	free(b.last);
	period_stats(r, d);
	psfs_activities(r, d);
	/* The statistics' first record, so the charts start where it does. */
	if (r->stats.has_first_record &&
	    r->stats.first_record_day >= r->first_day &&
	    r->stats.first_record_day <= r->last_day) {
		r->first_record = r->stats.first_record;
		r->first_week =
		    (int)((r->stats.first_record_day - r->first_day) / 7);
		r->chart_from = local_midnight(r->stats.first_record_day);
	}
	if (r->chart_from < r->from)
		r->chart_from = r->from;
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
	for (size_t i = 0; i < r->nactivities; i++)
		free(r->activities[i].activity);
	for (size_t i = 0; i < r->ndoses; i++)
		free(r->doses[i].stretch);
	for (size_t i = 0; i < r->nnotes; i++)
		free(r->notes[i].text);
	free(r->doses);
	free(r->notes);
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

static json_t *
measure_json(const struct limber_stats_measure *m)
{
	if (m->n == 0)
		return json_pack("{s:i, s:i}", "answered", 0, "skipped",
		    m->nskipped);
	return json_pack("{s:i, s:i, s:o, s:o, s:f, s:f, s:o}", "answered",
	    m->n, "skipped", m->nskipped, "first_at", time_json(m->first_at),
	    "last_at", time_json(m->last_at), "first", m->first, "last",
	    m->last, "change", m->n >= 2 ? json_real(m->change) : json_null());
}

/* The summary box's figures: the statistics of the period (report.h). */
static json_t *
summary_json(const struct limber_report *r)
{
	const struct limber_stats *st = &r->stats;
	json_t *o = json_object(), *a = json_array();

	for (unsigned i = 0; i < LIMBER_STATS_AREAS; i++) {
		const struct limber_stats_area *ar = &st->areas[i];
		enum limber_change_mark m;

		if (ar->nfirst + ar->nlast == 0)
			continue;
		m = limber_stats_area_mark(ar);
		json_array_append_new(a,
		    json_pack("{s:o, s:o, s:o, s:i, "
			      "s:i, s:f, s:f, s:o, s:o, s:b, s:b, s:o}",
			"area",
			i == 0 ?
			    json_null() :
			    json_string(limber_area_name((enum limber_area)i)),
			"first_from", day_json(ar->first_from), "last_to",
			day_json(ar->last_to), "first_scores", ar->nfirst,
			"last_scores", ar->nlast, "first_mean", ar->first_mean,
			"last_mean", ar->last_mean, "change",
			ar->has_change ? json_real(ar->change) : json_null(),
			"percent",
			ar->has_change && ar->first_mean > 0 ?
			    json_real(ar->percent) :
			    json_null(),
			"points", ar->has_change && ar->points, "percent_met",
			ar->has_change && ar->percent_met, "mark",
			mark_json(m)));
	}
	json_object_set_new(o, "first_record",
	    r->first_record != 0 ? time_json(r->first_record) : json_null());
	json_object_set_new(o, "sessions",
	    json_integer((json_int_t)r->nsessions));
	json_object_set_new(o, "done", json_integer(r->done));
	/* What "planned" can honestly mean: the reminders' prompts. */
	json_object_set_new(o, "prompted",
	    r->has_adherence && r->adherence.shown > 0 ?
		json_integer(r->adherence.shown) :
		json_null());
	json_object_set_new(o, "per_week",
	    st->has_first_record ? json_real(st->record_per_week) :
				   json_null());
	json_object_set_new(o, "weeks_since_first_record",
	    st->has_first_record ? json_real(st->record_weeks) : json_null());
	json_object_set_new(o, "ended",
	    json_pack("{s:i, s:i, s:i}", "better", st->nbetter, "worse",
		st->nworse, "same", st->nsame));
	json_object_set_new(o, "pain_change", a);
	json_object_set_new(o, "peg", measure_json(&st->peg));
	json_object_set_new(o, "psfs", measure_json(&st->psfs));
	if (r->nactivities > 0) {
		json_t *acts = json_array();

		for (size_t i = 0; i < r->nactivities; i++)
			json_array_append_new(acts,
			    json_pack("{s:s, s:i, s:o}", "activity",
				r->activities[i].activity, "first",
				r->activities[i].first, "last",
				r->activities[i].last < 0 ?
				    json_null() :
				    json_integer(r->activities[i].last)));
		json_object_set_new(json_object_get(o, "psfs"), "activities",
		    acts);
	}
	json_object_set_new(o, "safety_stops", json_integer(r->safety_stops));
	json_object_set_new(o, "screenings_clear",
	    json_integer((json_int_t)r->nscreenings_clear));
	json_object_set_new(o, "screenings_flagged",
	    json_integer((json_int_t)(r->nscreenings - r->nscreenings_clear)));
	return o;
}

json_t *
limber_report_to_json(const struct limber_report *r)
{
	json_t *o = json_object(), *a;

	json_object_set_new(o, "weeks", json_integer(r->weeks));
	json_object_set_new(o, "from", day_json(r->first_day));
	json_object_set_new(o, "to", day_json(r->last_day));
	json_object_set_new(o, "empty", json_boolean(r->empty));
	json_object_set_new(o, "summary", summary_json(r));
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

		json_array_append_new(a,
		    json_pack("{s:o, s:o, s:s, s:o, s:o, "
			      "s:o, s:s, s:i, s:i, s:b}",
			"started", time_json(s->started), "ended",
			s->state == LIMBER_RECORD_RUNNING ? json_null() :
							    time_json(s->ended),
			"state", limber_record_state_name(s->state), "reason",
			s->reason != NULL ? json_string(s->reason) :
					    json_null(),
			"before", score_json(s->before), "after",
			score_json(s->after), "effect",
			limber_effect_name(s->effect), "stretches_done",
			s->stretches_done, "stretches_skipped",
			s->stretches_skipped, "safety_stop", s->safety_stop));
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
	for (size_t i = 0; i < r->ndoses; i++)
		json_array_append_new(a,
		    json_pack("{s:o, s:i, s:s, s:i, s:i}", "at",
			time_json(r->doses[i].at), "session",
			r->doses[i].session, "stretch", r->doses[i].stretch,
			"from", r->doses[i].from, "to", r->doses[i].to));
	json_object_set_new(o, "doses", a);

	a = json_array();
	for (size_t i = 0; i < r->nnotes; i++)
		json_array_append_new(a,
		    json_pack("{s:o, s:o, s:s}", "at",
			time_json(r->notes[i].at), "session",
			r->notes[i].session < 0 ?
			    json_null() :
			    json_integer(r->notes[i].session),
			"text", r->notes[i].text));
	json_object_set_new(o, "notes", a);

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
