/*
 * test-report.c - the progress report's contents (lib/report.c), the FHIR
 * Bundle (lib/fhir.c) and, with cairo, the report's chart pixels
 * (render/report.c).
 *
 * Covers: the period is whole local days ending today, in the process's
 * time zone; the start level is the first week with scores and points 2
 * points or 30% away from it are marked, the start week's own never; the
 * trend is the least-squares line; scores given during a session are left
 * out; weeks count sessions by how they ended; stretches are counted done
 * and skipped; stops come in time order with their reasons; an empty
 * period says so; the FHIR Bundle has an Observation per pain score coded
 * LOINC 72514-3 and a Procedure per session; and a PNG of the report is
 * dark where the data puts a score and light where it puts none.
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
	/* Week 0: before 6, after 4 (start level 5); week 1: nothing. */
	add_session(d, T0 + DAY, LIMBER_RECORD_DONE, NULL, 6, 4);
	/* Week 2: 4 (1 point from 5, under 30%: not marked) and 3 (better). */
	add_session(d, T0 + 15 * DAY, LIMBER_RECORD_DONE, NULL, 4, 3);
	/* Week 3: a logged 7 (worse by 2). */
	add_logged(d, T0 + 22 * DAY, 7);
	r = limber_report_build(d, NOW, 4);
	assert_int_equal(r->npoints, 5);	/* the "during" 9s are left out */
	for (size_t i = 0; i < r->npoints; i++)
		assert_int_not_equal(r->points[i].kind, LIMBER_SCORE_DURING);
	assert_true(r->has_start);
	assert_int_equal(r->start_week, 0);
	assert_true(fabs(r->start_level - 5.0) < 1e-9);
	/* The start week's own 6 and 4 are the level, not changes from it. */
	assert_int_equal(r->points[0].mark, LIMBER_CHANGE_NONE);
	assert_int_equal(r->points[1].mark, LIMBER_CHANGE_NONE);
	assert_int_equal(r->points[2].mark, LIMBER_CHANGE_NONE);
	assert_int_equal(r->points[3].mark, LIMBER_CHANGE_BETTER);
	assert_int_equal(r->points[4].mark, LIMBER_CHANGE_WORSE);
	assert_int_equal(r->points[4].session, -1);
	assert_int_equal(r->week[1].npain, 0);
	assert_true(fabs(r->week[2].mean_pain - 3.5) < 1e-9);

	/* The least-squares line through the five points, by hand. */
	{
		double x[5], y[5] = { 6, 4, 4, 3, 7 }, sx = 0, sy = 0, sxx = 0,
		    sxy = 0, slope;
		int64_t at[5] = { T0 + DAY, T0 + DAY + 600, T0 + 15 * DAY,
		    T0 + 15 * DAY + 600, T0 + 22 * DAY };

		for (int i = 0; i < 5; i++) {
			x[i] = (double)(at[i] - T0) / DAY;
			sx += x[i];
			sy += y[i];
			sxx += x[i] * x[i];
			sxy += x[i] * y[i];
		}
		slope = (5 * sxy - sx * sy) / (5 * sxx - sx * sx);
		assert_true(r->has_trend);
		assert_true(fabs(r->trend_per_week - 7 * slope) < 1e-9);
		assert_true(fabs(r->trend_at_from - (sy - slope * sx) / 5) <
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
 * The chart: filled "after" squares and a logged cross are dark exactly
 * where time and value put them on the plot that render_report_plot_area
 * names, and the plot is light where no score is.
 */
static void
test_png_chart_is_dark_where_the_scores_are(void **state)
{
	struct limber_journal_data *d = data_new();
	struct limber_report *r;
	cairo_surface_t *png;
	double px, py, pw, ph, k = RENDER_REPORT_PNG_SCALE;
	char dir[] = "/tmp/limber-report-XXXXXX", *path, *cause = NULL;
	int64_t at[3] = { T0 + 3 * DAY + 600, T0 + 17 * DAY + 600,
	    T0 + 24 * DAY };
	int value[3] = { 2, 1, 3 };

	(void)state;
	use_tz("UTC");
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/report.png", dir);
	add_session(d, T0 + 3 * DAY, LIMBER_RECORD_DONE, NULL, 3, 2);
	add_session(d, T0 + 17 * DAY, LIMBER_RECORD_DONE, NULL, 2, 1);
	add_logged(d, T0 + 24 * DAY, 3);
	r = limber_report_build(d, NOW, 4);
	assert_true(render_report_plot_area(r, &px, &py, &pw, &ph));
	assert_int_equal(render_report(path, RENDER_REPORT_PNG, r, NULL,
	    &cause), LIMBER_OK);
	png = cairo_image_surface_create_from_png(path);
	assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
	assert_int_equal(cairo_image_surface_get_width(png),
	    (int)ceil(595.28 * k));
	for (int i = 0; i < 3; i++) {
		double x = px + (double)(at[i] - T0) / (28.0 * DAY) * pw;
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
		cmocka_unit_test(test_mark_threshold_is_two_points_or_thirty_percent),
		cmocka_unit_test(test_weeks_stretches_stops_and_screenings),
		cmocka_unit_test(test_report_of_nothing_is_empty),
		cmocka_unit_test(test_fhir_bundle_has_a_resource_per_score_and_session),
#ifdef HAVE_CAIRO
		cmocka_unit_test(test_png_chart_is_dark_where_the_scores_are),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
