/*
 * test-report.c - the progress report's contents (lib/report.c), the FHIR
 * Bundle (lib/fhir.c) and, with cairo, the report's chart pixels
 * (render/report.c).
 *
 * Covers: the period is whole local days ending today, in the process's
 * time zone; the start level is the first week with scores and points 2
 * points or 30% away from it are marked, the start week's own never, an
 * after score never (it is the session's relief); the trend is the
 * least-squares line of the scores but the after ones; scores given
 * during a session are left out; weeks count sessions by how they ended; stretches are counted done
 * and skipped; stops come in time order with their reasons; an empty
 * period says so; the summary's figures are the statistics of the
 * period's records; stops for pain or a warning are safety events, the
 * person's own are not; dose changes and the person's notes are kept; the
 * FHIR Bundle has an Observation per pain score coded LOINC 72514-3 and a
 * Procedure per session; and a PNG of the report is dark where the data
 * puts a score and light where it puts none, from the first record on.
 *
 * The FHIR schema check and the black-box tests (PDF text, time zones,
 * files) are in tests/fhir/ and tests/cli/test_report.py.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#ifdef HAVE_CAIRO
#include <cairo.h>
#endif

#include "limber/render.h"
#include "limber/report.h"
#include "util.h"

#define DAY 86400
/* 2026-11-02 00:00:00 UTC, a Monday. */
#define T0 ((int64_t)1793577600)

static void
use_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static struct limber_journal_data *
data_new(void)
{
	return xcalloc(1, sizeof(struct limber_journal_data));
}

/* A session at start with scores before and after (-1: none). */
static struct limber_journal_session *
add_session(struct limber_journal_data *d, int64_t start,
    enum limber_record_state state, const char *reason, int before,
    int after)
{
	struct limber_journal_session *s;
	size_t n = 0;

	d->sessions = xreallocarray(d->sessions, d->nsessions + 1,
	    sizeof *d->sessions);
	s = &d->sessions[d->nsessions++];
	memset(s, 0, sizeof *s);
	s->id = (int64_t)d->nsessions;
	s->screening = -1;
	s->plan = xstrdup("{\"area\": \"lower\", \"items\": [{\"stretch\": "
	    "\"childs-pose\", \"name\": \"Child's pose\", \"variant_name\": "
	    "null, \"reps\": 2, \"hold_s\": 20, \"sides\": 1}]}");
	s->started = start;
	s->ended = start + 600;
	s->state = state;
	s->reason = reason != NULL ? xstrdup(reason) : NULL;
	s->last_step = 4;
	s->pain = xcalloc(3, sizeof *s->pain);
	if (before >= 0)
		s->pain[n++] = (struct limber_journal_pain){ start, before,
		    LIMBER_AREA_LOWER, LIMBER_SCORE_BEFORE, NULL };
	/* A score during the session, which the report leaves out. */
	s->pain[n++] = (struct limber_journal_pain){ start + 300, 9,
	    LIMBER_AREA_LOWER, LIMBER_SCORE_DURING, NULL };
	if (after >= 0)
		s->pain[n++] = (struct limber_journal_pain){ start + 600, after,
		    LIMBER_AREA_LOWER, LIMBER_SCORE_AFTER, xstrdup("looser") };
	s->npain = n;
	s->before = before;
	s->after = after;
	s->effect = limber_session_effect(state, before, after,
	    LIMBER_NEXT_DAY_UNASKED);
	s->stretches = xcalloc(2, sizeof *s->stretches);
	s->stretches[0] = (struct limber_journal_stretch){ start + 100,
	    xstrdup("childs-pose"), NULL, 2, 1, false };
	s->stretches[1] = (struct limber_journal_stretch){ start + 200,
	    xstrdup("neck-rolls"), NULL, 0, 0, true };
	s->nstretches = 2;
	return s;
}

static void
add_logged(struct limber_journal_data *d, int64_t at, int value)
{
	d->pain = xreallocarray(d->pain, d->npain + 1, sizeof *d->pain);
	d->pain[d->npain++] = (struct limber_journal_pain){ at, value, 0,
	    LIMBER_SCORE_LOGGED, xstrdup("by hand") };
}

static void
add_screening(struct limber_journal_data *d, int64_t at, int pain)
{
	struct limber_journal_screening *s;

	d->screenings = xreallocarray(d->screenings, d->nscreenings + 1,
	    sizeof *d->screenings);
	s = &d->screenings[d->nscreenings++];
	*s = (struct limber_journal_screening){ .id = (int64_t)d->nscreenings,
	    .at = at, .pain = pain, .area = LIMBER_AREA_LOWER,
	    .verdict = LIMBER_LEVEL_CAUTION, .nyes = 1 };
	s->yes = xcalloc(1, sizeof *s->yes);
	s->yes[0] = xstrdup("knee-problem");
}

/* Four weeks ending on T0 + 27 days (a Sunday), noon of each day. */
#define NOW (T0 + 27 * DAY + 12 * 3600)

static void
test_period_is_whole_local_days_ending_today(void **state)
{
	struct limber_journal_data *d = data_new();
	struct limber_report *r;

	(void)state;
	use_tz("UTC");
	add_session(d, T0 - 60, LIMBER_RECORD_DONE, NULL, 5, 4);	/* before */
	add_session(d, T0 + 60, LIMBER_RECORD_DONE, NULL, 5, 4);	/* first day */
	r = limber_report_build(d, NOW, 4);
	assert_int_equal(r->weeks, 4);
	assert_int_equal(r->last_day - r->first_day, 27);
	assert_int_equal(r->from, T0);
	assert_int_equal(r->nsessions, 1);
	assert_int_equal(r->sessions[0].started, T0 + 60);
	/* A record on the first day: the charts start with the period. */
	assert_int_equal(r->chart_from, r->from);
	assert_int_equal(r->first_week, 0);
	limber_report_free(r);

	/* In Tokyo (UTC+9) both are on the first local day of the period. */
	use_tz("Asia/Tokyo");
	r = limber_report_build(d, NOW, 4);
	assert_int_equal(r->from, T0 - 9 * 3600);
	assert_int_equal(r->nsessions, 2);
	limber_report_free(r);

	/* Weeks are clamped to what a report covers. */
	r = limber_report_build(d, NOW, 1000);
	assert_int_equal(r->weeks, LIMBER_REPORT_WEEKS_MAX);
	limber_report_free(r);
	use_tz("UTC");
	limber_journal_data_free(d);
}

static void
test_start_level_marks_and_trend(void **state)
{
	struct limber_journal_data *d = data_new();
	struct limber_report *r;

	(void)state;
	use_tz("UTC");
	/*
	 * Week 0: before 6 (the start level), after 4, which is the session's
	 * relief and neither in the level nor marked; week 1: nothing.
	 */
	add_session(d, T0 + DAY, LIMBER_RECORD_DONE, NULL, 6, 4);
	/* Week 2: before 4 (better by 2), after 3 (not marked). */
	add_session(d, T0 + 15 * DAY, LIMBER_RECORD_DONE, NULL, 4, 3);
	/* Week 3: a logged 7 (1 point, under 30%: not marked). */
	add_logged(d, T0 + 22 * DAY, 7);
	r = limber_report_build(d, NOW, 4);
	assert_int_equal(r->npoints, 5);	/* the "during" 9s are left out */
	for (size_t i = 0; i < r->npoints; i++)
		assert_int_not_equal(r->points[i].kind, LIMBER_SCORE_DURING);
	assert_true(r->has_start);
	assert_int_equal(r->start_week, 0);
	assert_true(fabs(r->start_level - 6.0) < 1e-9);
	/* The start week's own 6 is the level, not a change from it. */
	assert_int_equal(r->points[0].mark, LIMBER_CHANGE_NONE);
	assert_int_equal(r->points[1].mark, LIMBER_CHANGE_NONE);
	assert_int_equal(r->points[2].mark, LIMBER_CHANGE_BETTER);
	assert_int_equal(r->points[3].kind, LIMBER_SCORE_AFTER);
	assert_int_equal(r->points[3].mark, LIMBER_CHANGE_NONE);
	assert_int_equal(r->points[4].mark, LIMBER_CHANGE_NONE);
	assert_int_equal(r->points[4].session, -1);
	assert_int_equal(r->week[1].npain, 0);
	assert_int_equal(r->week[2].npain, 1);
	assert_true(fabs(r->week[2].mean_pain - 4.0) < 1e-9);

	/* The least-squares line through the three, by hand. */
	{
		double x[3],
		    y[3] = { 6, 4, 7 }, sx = 0, sy = 0, sxx = 0, sxy = 0, slope;
		int64_t at[3] = { T0 + DAY, T0 + 15 * DAY, T0 + 22 * DAY };

		for (int i = 0; i < 3; i++) {
			x[i] = (double)(at[i] - T0) / DAY;
			sx += x[i];
			sy += y[i];
			sxx += x[i] * x[i];
			sxy += x[i] * y[i];
		}
		slope = (3 * sxy - sx * sy) / (3 * sxx - sx * sx);
		assert_true(r->has_trend);
		assert_true(fabs(r->trend_per_week - 7 * slope) < 1e-9);
		assert_true(fabs(r->trend_at_from - (sy - slope * sx) / 3) <
		    1e-9);
	}
	limber_report_free(r);
	limber_journal_data_free(d);
}

static void
test_mark_threshold_is_two_points_or_thirty_percent(void **state)
{
	(void)state;
	assert_int_equal(limber_report_mark(5, 5), LIMBER_CHANGE_NONE);
	assert_int_equal(limber_report_mark(5, 4), LIMBER_CHANGE_NONE);
	assert_int_equal(limber_report_mark(5, 3.5), LIMBER_CHANGE_BETTER);
	assert_int_equal(limber_report_mark(5, 7), LIMBER_CHANGE_WORSE);
	assert_int_equal(limber_report_mark(8, 6.5), LIMBER_CHANGE_NONE);
	assert_int_equal(limber_report_mark(8, 6), LIMBER_CHANGE_BETTER);
	assert_int_equal(limber_report_mark(0, 1), LIMBER_CHANGE_WORSE);
	assert_int_equal(limber_report_mark(0, 0), LIMBER_CHANGE_NONE);
}

static void
test_weeks_stretches_stops_and_screenings(void **state)
{
	struct limber_journal_data *d = data_new();
	struct limber_report *r;

	(void)state;
	use_tz("UTC");
	add_session(d, T0 + 2 * DAY, LIMBER_RECORD_DONE, NULL, 5, 4);
	add_session(d, T0 + 3 * DAY, LIMBER_RECORD_STOPPED,
	    "pain rose by 2 points", 4, -1);
	add_session(d, T0 + 10 * DAY, LIMBER_RECORD_INTERRUPTED, NULL, 4, -1);
	add_session(d, T0 + 27 * DAY, LIMBER_RECORD_RUNNING, NULL, 3, -1);
	add_screening(d, T0 + 2 * DAY - 60, 5);
	r = limber_report_build(d, NOW, 4);
	assert_false(r->empty);
	assert_int_equal(r->nsessions, 4);
	assert_int_equal(r->done, 1);
	assert_int_equal(r->stopped, 1);
	assert_int_equal(r->interrupted, 1);
	assert_int_equal(r->running, 1);
	assert_int_equal(r->week[0].sessions, 2);
	assert_int_equal(r->week[0].done, 1);
	assert_int_equal(r->week[0].stopped, 1);
	assert_int_equal(r->week[1].interrupted, 1);
	assert_int_equal(r->week[3].sessions, 1);
	assert_int_equal(r->nstretches, 2);
	assert_string_equal(r->stretches[0].stretch, "childs-pose");
	assert_int_equal(r->stretches[0].done, 4);
	assert_int_equal(r->stretches[0].skipped, 0);
	assert_string_equal(r->stretches[1].stretch, "neck-rolls");
	assert_int_equal(r->stretches[1].skipped, 4);
	assert_int_equal(r->nstops, 2);
	assert_int_equal(r->stops[0].state, LIMBER_RECORD_STOPPED);
	assert_string_equal(r->stops[0].reason, "pain rose by 2 points");
	assert_int_equal(r->stops[1].state, LIMBER_RECORD_INTERRUPTED);
	assert_null(r->stops[1].reason);
	assert_int_equal(r->nscreenings, 1);
	assert_string_equal(r->screenings[0].yes[0], "knee-problem");
	limber_report_free(r);

	/* A week later than all of it: nothing in the period. */
	r = limber_report_build(d, NOW + 40 * DAY, 1);
	assert_true(r->empty);
	assert_int_equal(r->npoints, 0);
	limber_report_free(r);
	limber_journal_data_free(d);
}

static void
test_report_of_nothing_is_empty(void **state)
{
	struct limber_journal_data *d = data_new();
	struct limber_report *r;
	json_t *j;

	(void)state;
	r = limber_report_build(d, NOW, LIMBER_REPORT_WEEKS_DEFAULT);
	assert_true(r->empty);
	assert_false(r->has_start);
	assert_false(r->has_trend);
	j = limber_report_to_json(r);
	assert_true(json_is_true(json_object_get(j, "empty")));
	assert_int_equal(json_array_size(json_object_get(j, "week")),
	    LIMBER_REPORT_WEEKS_DEFAULT);
	json_decref(j);
	limber_report_free(r);
	limber_journal_data_free(d);
}

/* A note on its own, or about session s (NULL). */
static void
add_note(struct limber_journal_data *d, struct limber_journal_session *s,
    int64_t at, const char *text)
{
	struct limber_journal_note **v = s != NULL ? &s->notes : &d->notes;
	size_t *n = s != NULL ? &s->nnotes : &d->nnotes;

	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = (struct limber_journal_note){ at, xstrdup(text) };
}

/*
 * The summary's figures are the statistics of the period's records:
 * limber_stats_compute() on a journal of only those gives the same.
 */
static void
test_summary_is_the_statistics_of_the_period(void **state)
{
	struct limber_journal_data *d = data_new(), *only = data_new();
	struct limber_report *r;
	struct limber_stats want;

	(void)state;
	use_tz("UTC");
	/* Before the period: not in the summary. */
	add_session(d, T0 - 10 * DAY, LIMBER_RECORD_DONE, NULL, 9, 2);
	for (int i = 0; i < 2; i++) {
		struct limber_journal_data *x = i == 0 ? d : only;

		add_session(x, T0 + 9 * DAY, LIMBER_RECORD_DONE, NULL, 6, 4);
		add_session(x, T0 + 12 * DAY, LIMBER_RECORD_DONE, NULL, 5, 5);
		add_session(x, T0 + 20 * DAY, LIMBER_RECORD_STOPPED,
		    "pain-rise: pain rose by 2 points", 4, -1);
		add_session(x, T0 + 26 * DAY, LIMBER_RECORD_DONE, NULL, 3, 4);
	}
	r = limber_report_build(d, NOW, 4);
	limber_stats_compute(only, NOW, &want);
	assert_true(r->stats.has_first_record);
	assert_int_equal(r->stats.first_record, T0 + 9 * DAY);
	assert_int_equal(r->stats.record_sessions, want.record_sessions);
	assert_int_equal(r->stats.record_sessions, 4);
	assert_true(fabs(r->stats.record_per_week - want.record_per_week) <
	    1e-9);
	assert_int_equal(r->stats.nbetter, want.nbetter);
	assert_int_equal(r->stats.nworse, want.nworse);
	assert_int_equal(r->stats.nsame, want.nsame);
	assert_int_equal(r->stats.nchange, want.nchange);
	assert_true(fabs(r->stats.mean_change - want.mean_change) < 1e-9);
	for (int a = 0; a < LIMBER_STATS_AREAS; a++) {
		assert_int_equal(r->stats.areas[a].nfirst,
		    want.areas[a].nfirst);
		assert_int_equal(r->stats.areas[a].nlast, want.areas[a].nlast);
	}
	/* The charts start at the first record's day, in its week. */
	assert_int_equal(r->first_record, T0 + 9 * DAY);
	assert_int_equal(r->chart_from, T0 + 9 * DAY);
	assert_int_equal(r->first_week, 1);
	limber_report_free(r);
	limber_journal_data_free(d);
	limber_journal_data_free(only);
}

/*
 * limber's stops for pain or a warning are safety events, the person's
 * own stop and an interruption are not; screenings that found nothing
 * needing a clinician are counted for their one line.
 */
static void
test_safety_events_doses_and_notes(void **state)
{
	struct limber_journal_data *d = data_new();
	struct limber_journal_session *s;
	struct limber_report *r;
	json_t *j, *sum;

	(void)state;
	use_tz("UTC");
	add_screening(d, T0 + DAY - 60, 5);
	add_screening(d, T0 + 2 * DAY - 60, 5);
	d->screenings[1].verdict = LIMBER_LEVEL_SEE_CLINICIAN;
	add_screening(d, T0 + 3 * DAY - 60, 5);
	d->screenings[2].verdict = LIMBER_LEVEL_GO;
	add_session(d, T0 + DAY, LIMBER_RECORD_STOPPED,
	    "pain-rise: pain rose by 2 points", 5, -1);
	add_session(d, T0 + 3 * DAY, LIMBER_RECORD_STOPPED,
	    "user: you stopped it", 5, -1);
	s = add_session(d, T0 + 4 * DAY, LIMBER_RECORD_STOPPED,
	    LIMBER_WARNING_STOP_REASON " numbness in the leg", 5, -1);
	add_note(d, s, T0 + 4 * DAY + 60,
	    LIMBER_WARNING_STOP_REASON " numbness in the leg");
	add_session(d, T0 + 5 * DAY, LIMBER_RECORD_INTERRUPTED, NULL, 5, -1);
	/* Child's pose at 2, 2, 2, 2, then 3: one change. */
	s = add_session(d, T0 + 8 * DAY, LIMBER_RECORD_DONE, NULL, 5, 3);
	s->stretches[0].reps = 3;
	add_note(d, s, T0 + 8 * DAY + 700, "easier today");
	add_note(d, s, T0 + 8 * DAY + 800, LIMBER_MISTAKE_NOTE);
	add_note(d, NULL, T0 + 6 * DAY, "slept badly");
	r = limber_report_build(d, NOW, 4);
	assert_int_equal(r->safety_stops, 2);
	assert_true(r->sessions[0].safety_stop);
	assert_false(r->sessions[1].safety_stop);
	assert_true(r->sessions[2].safety_stop);
	assert_false(r->sessions[3].safety_stop);
	assert_int_equal(r->nscreenings, 3);
	assert_int_equal(r->nscreenings_clear, 2);
	assert_int_equal(r->ndoses, 1);
	assert_string_equal(r->doses[0].stretch, "childs-pose");
	assert_int_equal(r->doses[0].from, 2);
	assert_int_equal(r->doses[0].to, 3);
	assert_int_equal(r->doses[0].session, 4);
	/* The person's notes, by time; the warning's and the mistake's not. */
	assert_int_equal(r->nnotes, 3);
	assert_string_equal(r->notes[0].text, "slept badly");
	assert_int_equal(r->notes[0].session, -1);
	/* The after score's note, then the session's. */
	assert_string_equal(r->notes[1].text, "looser");
	assert_int_equal(r->notes[1].session, 4);
	assert_string_equal(r->notes[2].text, "easier today");
	j = limber_report_to_json(r);
	sum = json_object_get(j, "summary");
	assert_int_equal(
	    json_integer_value(json_object_get(sum, "safety_stops")), 2);
	assert_int_equal(
	    json_integer_value(json_object_get(sum, "screenings_clear")), 2);
	assert_int_equal(
	    json_integer_value(json_object_get(sum, "screenings_flagged")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "doses")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "notes")), 3);
	json_decref(j);
	limber_report_free(r);
	limber_journal_data_free(d);
}

/* A PSFS asking of n activities (names and scores in turn). */
static void
add_psfs(struct limber_journal_data *d, int64_t at, size_t n, ...)
{
	struct limber_journal_psfs *p;
	va_list ap;

	d->psfs = xreallocarray(d->psfs, d->npsfs + 1, sizeof *d->psfs);
	p = &d->psfs[d->npsfs++];
	memset(p, 0, sizeof *p);
	p->at = at;
	p->n = n;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		p->activity[i] = xstrdup(va_arg(ap, const char *));
		p->score[i] = va_arg(ap, int);
	}
	va_end(ap);
}

/*
 * The summary names each activity of the first PSFS answers the
 * statistics compare, with its score then and in the last answers (none
 * when the last did not score it); a skipped asking is not an answer.
 */
static void
test_psfs_activities_first_and_last(void **state)
{
	struct limber_journal_data *d = data_new();
	struct limber_report *r;

	(void)state;
	use_tz("UTC");
	add_session(d, T0 + DAY, LIMBER_RECORD_DONE, NULL, 5, 4);
	add_psfs(d, T0 + DAY, 2, "gardening", 2, "lifting", 4);
	add_psfs(d, T0 + 10 * DAY, 2, "gardening", 3, "lifting", 5);
	add_psfs(d, T0 + 20 * DAY, 2, "gardening", 6, "cycling", 7);
	add_psfs(d, T0 + 25 * DAY, 0);
	r = limber_report_build(d, NOW, 4);
	assert_int_equal(r->stats.psfs.n, 3);
	assert_int_equal(r->nactivities, 2);
	assert_string_equal(r->activities[0].activity, "gardening");
	assert_int_equal(r->activities[0].first, 2);
	assert_int_equal(r->activities[0].last, 6);
	assert_string_equal(r->activities[1].activity, "lifting");
	assert_int_equal(r->activities[1].first, 4);
	assert_int_equal(r->activities[1].last, -1);
	limber_report_free(r);
	limber_journal_data_free(d);
}

static size_t
count_type(json_t *bundle, const char *type)
{
	json_t *e;
	size_t i, n = 0;

	json_array_foreach(json_object_get(bundle, "entry"), i, e) {
		const char *t = json_string_value(json_object_get(
		    json_object_get(e, "resource"), "resourceType"));

		n += t != NULL && strcmp(t, type) == 0;
	}
	return n;
}

static void
test_fhir_bundle_has_a_resource_per_score_and_session(void **state)
{
	struct limber_journal_data *d = data_new();
	json_t *b, *e, *res;
	size_t i;
	int loinc = 0;

	(void)state;
	add_screening(d, T0 + DAY - 60, 5);
	add_session(d, T0 + DAY, LIMBER_RECORD_DONE, NULL, 6, 4);
	add_session(d, T0 + 2 * DAY, LIMBER_RECORD_STOPPED, "pain rose", 5, -1);
	add_logged(d, T0 + 3 * DAY, 7);
	b = limber_journal_data_to_fhir(d, NOW);
	assert_string_equal(json_string_value(json_object_get(b,
	    "resourceType")), "Bundle");
	assert_string_equal(json_string_value(json_object_get(b, "type")),
	    "collection");
	assert_int_equal(count_type(b, "Patient"), 1);
	/* 1 screening + 3 + 2 session scores (during included) + 1 logged. */
	assert_int_equal(count_type(b, "Observation"), 7);
	assert_int_equal(count_type(b, "Procedure"), 2);
	assert_int_equal(count_type(b, "CarePlan"), 1);
	json_array_foreach(json_object_get(b, "entry"), i, e) {
		res = json_object_get(e, "resource");
		if (strcmp(json_string_value(json_object_get(res,
		    "resourceType")), "Observation") != 0)
			continue;
		loinc += strcmp(json_string_value(json_object_get(
		    json_array_get(json_object_get(json_object_get(res, "code"),
		    "coding"), 0), "code")), LIMBER_LOINC_PAIN) == 0;
		assert_true(json_is_integer(json_object_get(res,
		    "valueInteger")));
		assert_non_null(strstr(json_string_value(json_object_get(e,
		    "fullUrl")), "urn:uuid:"));
	}
	assert_int_equal(loinc, 7);
	json_decref(b);
	limber_journal_data_free(d);
}

#ifdef HAVE_CAIRO
/* Luma of the pixel at x, y of an RGB24 or ARGB32 surface. */
static int
luma(cairo_surface_t *s, double x, double y)
{
	int stride = cairo_image_surface_get_stride(s);
	unsigned char *data = cairo_image_surface_get_data(s);
	uint32_t px = *(uint32_t *)(void *)(data + (int)y * stride +
	    (int)x * 4);

	return (int)(0.3 * ((px >> 16) & 0xff) + 0.59 * ((px >> 8) & 0xff) +
	    0.11 * (px & 0xff));
}

/*
 * The chart of pain over the weeks: the rings of before scores and a
 * logged cross are dark exactly where time and value put them on the plot
 * that render_report_plot_area names, which starts at the first record's
 * day; and the plot is light where no score is.
 */
static void
test_png_chart_is_dark_where_the_scores_are(void **state)
{
	struct limber_journal_data *d = data_new();
	struct limber_report *r;
	cairo_surface_t *png;
	double px, py, pw, ph, k = RENDER_REPORT_PNG_SCALE;
	char dir[] = "/tmp/limber-report-XXXXXX", *path, *cause = NULL;
	int64_t t0, t1;
	/* Two before scores (hollow circles: their ring) and a logged cross. */
	int64_t at[3] = { T0 + 3 * DAY, T0 + 17 * DAY, T0 + 24 * DAY };
	int value[3] = { 3, 2, 3 };
	double dx[3] = { 3.6, 3.6, 0 };

	(void)state;
	use_tz("UTC");
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/report.png", dir);
	add_session(d, T0 + 3 * DAY, LIMBER_RECORD_DONE, NULL, 3, 2);
	add_session(d, T0 + 17 * DAY, LIMBER_RECORD_DONE, NULL, 2, 1);
	add_logged(d, T0 + 24 * DAY, 3);
	r = limber_report_build(d, NOW, 4);
	assert_true(render_report_plot_area(r, &px, &py, &pw, &ph, &t0, &t1));
	/* The chart starts at the first record's day, not the period's. */
	assert_int_equal(t0, T0 + 3 * DAY);
	assert_int_equal(t1, T0 + 28 * DAY);
	assert_int_equal(render_report(path, RENDER_REPORT_PNG, r, NULL,
	    &cause), LIMBER_OK);
	png = cairo_image_surface_create_from_png(path);
	assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
	assert_int_equal(cairo_image_surface_get_width(png),
	    (int)ceil(595.28 * k));
	for (int i = 0; i < 3; i++) {
		double x = px + (double)(at[i] - t0) / (double)(t1 - t0) * pw +
		    dx[i];
		double y = py + (10 - value[i]) / 10.0 * ph;

		assert_in_range(luma(png, x * k, y * k), 0, 140);
	}
	/* High on the plot, where no score, trend or start level is. */
	for (int i = 0; i < 4; i++) {
		double x = px + pw * (0.1 + 0.25 * i) + 3;
		double y = py + ph * 0.12;

		assert_in_range(luma(png, x * k, y * k), 200, 255);
	}
	cairo_surface_destroy(png);
	limber_report_free(r);
	limber_journal_data_free(d);
	unlink(path);
	free(path);
	rmdir(dir);
	render_shutdown();
}
#endif

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_is_whole_local_days_ending_today),
		cmocka_unit_test(test_start_level_marks_and_trend),
		cmocka_unit_test(
		    test_mark_threshold_is_two_points_or_thirty_percent),
		cmocka_unit_test(test_weeks_stretches_stops_and_screenings),
		cmocka_unit_test(test_report_of_nothing_is_empty),
		cmocka_unit_test(test_summary_is_the_statistics_of_the_period),
		cmocka_unit_test(test_safety_events_doses_and_notes),
		cmocka_unit_test(test_psfs_activities_first_and_last),
		cmocka_unit_test(
		    test_fhir_bundle_has_a_resource_per_score_and_session),
#ifdef HAVE_CAIRO
		cmocka_unit_test(test_png_chart_is_dark_where_the_scores_are),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
