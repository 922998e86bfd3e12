/*
 * report.c - the progress report drawn with cairo and pango: a PDF of A4
 * pages to hand to a doctor, or the same page whole as one PNG or SVG.
 *
 * The contents are the library's (struct limber_report); this file only
 * lays them out. The report is a title and a summary, then a table of
 * sections, each a heading and a body of blocks: the pain chart, the
 * sessions a week, the stretches done and skipped, the stops, the safety
 * checks. A block never breaks across pages, and a heading stays with
 * the first block under it. Adding a section is one function and one line
 * in `sections[]`.
 *
 * It must read when printed in black and white: before and after differ
 * by marker shape (a hollow circle, a filled square) and the line that
 * joins them, the trend is dashed, the start level dotted; the weekly
 * bars are solid, hatched or pale by how sessions ended, and every number
 * that matters is also written. Times are local; the names of weekdays
 * and months are the C library's for LC_TIME, which the front end sets.
 *
 * The layout runs twice: once measuring (draw false) and once drawing,
 * so a single-page PNG or SVG knows its height before its surface exists.
 */
#include <errno.h>
#include <math.h>
#include <time.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

#include "cairo-draw.h"
#include "limber/record.h"
#include "limber/render.h"
#include "limber/report.h"
#include "util.h"

#define MARGIN 50.0		/* points */
#define PAGE_W 595.28		/* A4 */
#define PAGE_H 841.89
#define INK 0x1d2733u
#define GREY 0x5f6b78u
#define LIGHT 0xc8ced6u
#define BEFORE_RGB 0x1f4e8cu	/* dark blue: also dark in grey */
#define AFTER_RGB 0xb3541eu	/* dark orange */
#define CHART_H 210.0
#define BARS_H 120.0

struct doc {
	cairo_t *cr;
	const struct limber_report *r;
	const struct limber_catalog *cat;
	bool draw;		/* false: measure only */
	bool paginate;		/* PDF: pages of PAGE_H; else one long page */
	double w, h;		/* the page */
	double y;		/* where the next block starts */
	int page;
	const char *title_dates;	/* "3 Oct 2026 to 28 Nov 2026" */
	/* Where the pain chart's plot went, for render_report_plot_area. */
	double plot_x, plot_y, plot_w, plot_h;
};

/* The width of one line of text. */
static double
text_width(cairo_t *cr, const char *s, double size)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *font = pango_font_description_from_string(RENDER_FONT);
	int w, h;

	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	pango_layout_set_font_description(layout, font);
	pango_layout_set_text(layout, s, -1);
	pango_layout_get_size(layout, &w, &h);
	pango_font_description_free(font);
	g_object_unref(layout);
	return (double)w / PANGO_SCALE;
}

/* A paragraph across the page at d->y; moves d->y past it. */
static void
para(struct doc *d, const char *s, bool bold, double size, uint32_t rgb,
    double after)
{
	d->y += render_cairo_text(d->cr, s, bold, size, MARGIN, d->y,
	    d->w - 2 * MARGIN, rgb, d->draw) + after;
}

static const char *
plural(long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* No space at the start and none doubled: %e pads days below 10. */
static void
squeeze(char *s)
{
	char *out = s;

	for (const char *p = s; *p != '\0'; p++)
		if (*p != ' ' || (out > s && out[-1] != ' '))
			*out++ = *p;
	*out = '\0';
}

/* A stored time as the locale's date (and time) into buf. */
static const char *
when(char *buf, size_t size, int64_t t, bool with_time)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(buf, size, with_time ? "%a %e %b %Y, %H:%M" :
	    "%e %b %Y", &tm) == 0)
		snprintf(buf, size, "?");
	squeeze(buf);
	return buf;
}

/* A local day number as the locale's short date. */
static const char *
day_label(char *buf, size_t size, int64_t day, bool year)
{
	struct tm tm;
	int y, m, dd;

	limber_civil_from_days(day, &y, &m, &dd);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = dd;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	(void)mktime(&tm);	/* fills in the weekday */
	if (strftime(buf, size, year ? "%e %b %Y" : "%e %b", &tm) == 0)
		snprintf(buf, size, "%04d-%02d-%02d", y, m, dd);
	squeeze(buf);
	return buf;
}

static void
footer(struct doc *d)
{
	char *s;

	if (!d->draw)
		return;
	s = xasprintf("limber progress report, %s. Page %d. limber is a "
	    "stretching coach, not a diagnosis.", d->title_dates, d->page);
	render_cairo_text(d->cr, s, false, 8, MARGIN, d->h - MARGIN + 16,
	    d->w - 2 * MARGIN, GREY, true);
	free(s);
}

/* Room for a block h tall, on a new page when paginating and it won't fit. */
static void
need(struct doc *d, double h)
{
	if (!d->paginate || d->y + h <= d->h - MARGIN || d->y <= MARGIN)
		return;
	footer(d);
	if (d->draw)
		cairo_show_page(d->cr);
	d->page++;
	d->y = MARGIN;
}

/* A section's heading, kept on the page of the block that follows it. */
static void
heading(struct doc *d, const char *s, double first_block)
{
	double h = render_cairo_text(d->cr, s, true, 14, 0, 0, d->w - 2 * MARGIN, INK,
	    false);

	need(d, h + 6 + first_block);
	d->y += 6;
	para(d, s, true, 14, INK, 4);
}

/* ------------------------------------------------------------------ */
/* Markers: shape tells them apart on paper without colour.            */

enum marker { MARK_BEFORE, MARK_AFTER, MARK_NEXT_DAY, MARK_LOGGED };

static void
marker(cairo_t *cr, enum marker m, double x, double y)
{
	const double r = 3.6;

	cairo_new_path(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	switch (m) {
	case MARK_BEFORE:	/* hollow circle */
		render_cairo_ink(cr, 0xffffffu);
		cairo_arc(cr, x, y, r, 0, 2 * G_PI);
		cairo_fill_preserve(cr);
		render_cairo_ink(cr, BEFORE_RGB);
		cairo_set_line_width(cr, 1.6);
		cairo_stroke(cr);
		break;
	case MARK_AFTER:	/* filled square */
		render_cairo_ink(cr, AFTER_RGB);
		cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
		cairo_fill(cr);
		break;
	case MARK_NEXT_DAY:	/* hollow triangle */
		render_cairo_ink(cr, 0xffffffu);
		cairo_move_to(cr, x, y - r - 0.8);
		cairo_line_to(cr, x + r + 0.6, y + r - 0.4);
		cairo_line_to(cr, x - r - 0.6, y + r - 0.4);
		cairo_close_path(cr);
		cairo_fill_preserve(cr);
		render_cairo_ink(cr, INK);
		cairo_set_line_width(cr, 1.3);
		cairo_stroke(cr);
		break;
	case MARK_LOGGED:	/* a cross */
		render_cairo_ink(cr, INK);
		cairo_set_line_width(cr, 1.5);
		cairo_move_to(cr, x - r, y - r);
		cairo_line_to(cr, x + r, y + r);
		cairo_move_to(cr, x + r, y - r);
		cairo_line_to(cr, x - r, y + r);
		cairo_stroke(cr);
		break;
	}
}

static enum marker
kind_marker(enum limber_score_kind k)
{
	switch (k) {
	case LIMBER_SCORE_BEFORE:
		return MARK_BEFORE;
	case LIMBER_SCORE_AFTER:
		return MARK_AFTER;
	case LIMBER_SCORE_NEXT_DAY:
		return MARK_NEXT_DAY;
	default:
		return MARK_LOGGED;
	}
}

/* A ring round a point whose change from the start level people notice. */
static void
ring(cairo_t *cr, double x, double y)
{
	cairo_new_path(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	render_cairo_ink(cr, INK);
	cairo_set_line_width(cr, 1.0);
	cairo_arc(cr, x, y, 7.5, 0, 2 * G_PI);
	cairo_stroke(cr);
}

static void
dash(cairo_t *cr, double on, double off)
{
	double d[2] = { on, off };

	cairo_set_dash(cr, d, 2, 0);
}

/* ------------------------------------------------------------------ */
/* The pain chart.                                                     */

struct plot {
	double x, y, w, h;
	int64_t t0, t1;
};

static double
plot_x(const struct plot *p, int64_t t)
{
	return p->x + (double)(t - p->t0) / (double)(p->t1 - p->t0) * p->w;
}

static double
plot_y(const struct plot *p, double v)
{
	return p->y +
	    (LIMBER_PAIN_MAX - v) / (LIMBER_PAIN_MAX - LIMBER_PAIN_MIN) * p->h;
}

static void
plot_place(const struct doc *d, double top, struct plot *p)
{
	const struct limber_report *r = d->r;

	p->x = MARGIN + 30;
	p->y = top + 16;
	p->w = d->w - 2 * MARGIN - 36;
	p->h = CHART_H - 16 - 26;
	p->t0 = r->from;
	p->t1 = r->from + (int64_t)r->weeks * 7 * LIMBER_DAY_S;
}

static void
chart_axes(struct doc *d, const struct plot *p)
{
	cairo_t *cr = d->cr;
	const struct limber_report *r = d->r;
	int every = (r->weeks + 11) / 12;	/* at most 12 labels */
	char buf[64], num[8];

	cairo_set_dash(cr, NULL, 0, 0);
	for (int v = LIMBER_PAIN_MIN; v <= LIMBER_PAIN_MAX; v += 2) {
		double y = plot_y(p, v);

		render_cairo_ink(cr, v == LIMBER_PAIN_MIN ? GREY : 0xe2e6ebu);
		cairo_set_line_width(cr, v == LIMBER_PAIN_MIN ? 1.0 : 0.6);
		cairo_move_to(cr, p->x, y);
		cairo_line_to(cr, p->x + p->w, y);
		cairo_stroke(cr);
		snprintf(num, sizeof num, "%d", v);
		render_cairo_text(cr, num, false, 8.5, p->x - 8 - text_width(cr, num,
		    8.5), y - 6, 20, GREY, true);
	}
	for (int w = 0; w <= r->weeks; w++) {
		double x = plot_x(p, r->from + (int64_t)w * 7 * LIMBER_DAY_S);

		/* Over half a year, a line per week would be a grey wash. */
		if (r->weeks > 26 && w % every != 0 && w != r->weeks)
			continue;
		render_cairo_ink(cr, 0xe2e6ebu);
		cairo_set_line_width(cr, 0.6);
		cairo_move_to(cr, x, p->y);
		cairo_line_to(cr, x, p->y + p->h + 3);
		cairo_stroke(cr);
		if (w < r->weeks && w % every == 0) {
			const char *s = day_label(buf, sizeof buf,
			    r->week[w].first_day, false);

			render_cairo_text(cr, s, false, 8, x + 2, p->y + p->h + 3, 60,
			    GREY, true);
		}
	}
	snprintf(buf, sizeof buf, "pain (%d-%d)", LIMBER_PAIN_MIN,
	    LIMBER_PAIN_MAX);
	render_cairo_text(cr, buf, false, 8, MARGIN, p->y - 20, 80, GREY, true);
}

static void
chart_legend(struct doc *d, double y)
{
	static const struct {
		enum marker m;
		const char *label;
	} keys[] = {
		{ MARK_BEFORE, "before a session" },
		{ MARK_AFTER, "after it" },
		{ MARK_NEXT_DAY, "next day" },
		{ MARK_LOGGED, "logged by hand" },
	};
	cairo_t *cr = d->cr;
	double x = MARGIN;

	for (size_t i = 0; i < nitems(keys); i++) {
		marker(cr, keys[i].m, x + 4, y + 6);
		render_cairo_text(cr, keys[i].label, false, 8.5, x + 11, y, 120, INK, true);
		x += 18 + text_width(cr, keys[i].label, 8.5);
	}
	ring(cr, x + 7, y + 6);
	render_cairo_text(cr, "2 points or 30% from the start level", false,
	    8.5, x + 18, y, 220, INK, true);
	x = MARGIN;
	y += 13;
	cairo_set_line_width(cr, 1.6);
	render_cairo_ink(cr, INK);
	dash(cr, 6, 3);
	cairo_move_to(cr, x, y + 6);
	cairo_line_to(cr, x + 22, y + 6);
	cairo_stroke(cr);
	render_cairo_text(cr, "trend", false, 8.5, x + 26, y, 60, INK, true);
	x += 60;
	cairo_set_line_width(cr, 1.0);
	render_cairo_ink(cr, GREY);
	dash(cr, 1.5, 2.5);
	cairo_move_to(cr, x, y + 6);
	cairo_line_to(cr, x + 22, y + 6);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	render_cairo_text(cr, "start level", false, 8.5, x + 26, y, 80, INK, true);
	x += 92;
	render_cairo_ink(cr, GREY);
	cairo_set_line_width(cr, 0.9);
	cairo_move_to(cr, x + 11, y + 1);
	cairo_line_to(cr, x + 11, y + 11);
	cairo_stroke(cr);
	render_cairo_text(cr, "a session's change, before to after", false,
	    8.5, x + 18, y, 240, INK, true);
}

/*
 * More scores than can be told apart on a page (two years of sessions
 * three a day): each week then shows the means of its scores instead.
 */
#define CHART_MAX_POINTS 240

static bool
chart_weekly(const struct limber_report *r)
{
	return r->npoints > CHART_MAX_POINTS;
}

static void
trend_draw(cairo_t *cr, const struct limber_report *r, const struct plot *p)
{
	/* Only across the scores it is drawn from: no guessing beyond. */
	int64_t a = r->points[0].at, b = r->points[r->npoints - 1].at;
	double v0 = r->trend_at_from +
	    r->trend_per_week / 7 * (double)(a - r->from) / LIMBER_DAY_S;
	double v1 = r->trend_at_from +
	    r->trend_per_week / 7 * (double)(b - r->from) / LIMBER_DAY_S;

	if (!r->has_trend)
		return;
	render_cairo_ink(cr, INK);
	cairo_set_line_width(cr, 1.8);
	dash(cr, 6, 3);
	cairo_move_to(cr, plot_x(p, a), plot_y(p, v0));
	cairo_line_to(cr, plot_x(p, b), plot_y(p, v1));
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
}

/* Each week: the mean before (circle) and after (square), joined. */
static void
weekly_draw(struct doc *d, const struct plot *p)
{
	const struct limber_report *r = d->r;
	cairo_t *cr = d->cr;
	enum { BEFORE, AFTER, OTHER, KINDS };
	double *sum = xcalloc((size_t)r->weeks * KINDS, sizeof *sum);
	int *n = xcalloc((size_t)r->weeks * KINDS, sizeof *n);

	for (size_t i = 0; i < r->npoints; i++) {
		const struct limber_report_point *pt = &r->points[i];
		int64_t w = (limber_local_day(pt->at) - r->first_day) / 7;
		int k = pt->kind == LIMBER_SCORE_BEFORE ? BEFORE :
		    pt->kind == LIMBER_SCORE_AFTER ? AFTER : OTHER;

		if (w < 0 || w >= r->weeks)
			continue;
		sum[w * KINDS + k] += pt->value;
		n[w * KINDS + k]++;
	}
	trend_draw(cr, r, p);
	for (int w = 0; w < r->weeks; w++) {
		double x = plot_x(p,
		    r->from + (int64_t)(7 * w) * LIMBER_DAY_S +
			(int64_t)(3.5 * LIMBER_DAY_S));
		double *m = &sum[w * KINDS];
		int *c = &n[w * KINDS];

		for (int k = 0; k < KINDS; k++)
			if (c[k] > 0)
				m[k] /= c[k];
		if (c[BEFORE] > 0 && c[AFTER] > 0) {
			render_cairo_ink(cr, GREY);
			cairo_set_line_width(cr, 0.9);
			cairo_move_to(cr, x, plot_y(p, m[BEFORE]));
			cairo_line_to(cr, x, plot_y(p, m[AFTER]));
			cairo_stroke(cr);
		}
		for (int k = 0; k < KINDS; k++) {
			double y = plot_y(p, m[k]);

			if (c[k] == 0)
				continue;
			marker(cr, k == BEFORE ? MARK_BEFORE : k == AFTER ?
			    MARK_AFTER : MARK_LOGGED, x, y);
			if (r->has_start && w > r->start_week &&
			    limber_report_mark(r->start_level, m[k]) !=
			    LIMBER_CHANGE_NONE)
				ring(cr, x, y);
		}
	}
	free(sum);
	free(n);
}

static void
chart_draw(struct doc *d, const struct plot *p)
{
	const struct limber_report *r = d->r;
	cairo_t *cr = d->cr;

	chart_axes(d, p);
	cairo_save(cr);
	cairo_rectangle(cr, p->x - 10, p->y - 10, p->w + 20, p->h + 20);
	cairo_clip(cr);
	if (r->has_start) {
		render_cairo_ink(cr, GREY);
		cairo_set_line_width(cr, 1.0);
		dash(cr, 1.5, 2.5);
		cairo_move_to(cr, p->x, plot_y(p, r->start_level));
		cairo_line_to(cr, p->x + p->w, plot_y(p, r->start_level));
		cairo_stroke(cr);
	}
	if (chart_weekly(r)) {
		weekly_draw(d, p);
		cairo_restore(cr);
		chart_legend(d, p->y + p->h + 16);
		return;
	}
	/* Each session's before and after, joined. */
	render_cairo_ink(cr, GREY);
	cairo_set_line_width(cr, 0.9);
	cairo_set_dash(cr, NULL, 0, 0);
	for (size_t i = 0; i < r->npoints; i++) {
		const struct limber_report_point *a = &r->points[i];

		if (a->kind != LIMBER_SCORE_BEFORE || a->session < 0)
			continue;
		for (size_t k = i + 1; k < r->npoints; k++) {
			const struct limber_report_point *b = &r->points[k];

			if (b->session == a->session &&
			    b->kind == LIMBER_SCORE_AFTER) {
				cairo_move_to(cr, plot_x(p, a->at),
				    plot_y(p, a->value));
				cairo_line_to(cr, plot_x(p, b->at),
				    plot_y(p, b->value));
				cairo_stroke(cr);
				break;
			}
		}
	}
	trend_draw(cr, r, p);
	for (size_t i = 0; i < r->npoints; i++) {
		const struct limber_report_point *pt = &r->points[i];
		double x = plot_x(p, pt->at), y = plot_y(p, pt->value);

		marker(cr, kind_marker(pt->kind), x, y);
		if (pt->mark != LIMBER_CHANGE_NONE)
			ring(cr, x, y);
	}
	cairo_restore(cr);
	chart_legend(d, p->y + p->h + 16);
}

static void
section_pain(struct doc *d)
{
	const struct limber_report *r = d->r;
	char *s;
	struct plot p;
	int better = 0, worse = 0;

	for (size_t i = 0; i < r->npoints; i++) {
		better += r->points[i].mark == LIMBER_CHANGE_BETTER;
		worse += r->points[i].mark == LIMBER_CHANGE_WORSE;
	}
	heading(d, "Pain before and after each session", CHART_H + 40);
	if (r->npoints == 0) {
		para(d, "No pain score was recorded in these weeks.", false, 10.5,
		    INK, 6);
		return;
	}
	if (r->has_start)
		s = xasprintf(
		    "Scores from %d (no pain) to %d. The start level "
		    "is %.1f, the mean of the first week with scores. %d %s "
		    "lower and %d %s higher than it by 2 points or 30%% or "
		    "more, a change people notice.%s",
		    LIMBER_PAIN_MIN, LIMBER_PAIN_MAX, r->start_level, better,
		    plural(better, "score was", "scores were"), worse,
		    plural(worse, "was", "were"), r->has_trend ? "" : "");
	else
		s = xasprintf("Scores from %d (no pain) to %d.",
		    LIMBER_PAIN_MIN, LIMBER_PAIN_MAX);
	para(d, s, false, 10, INK, 2);
	free(s);
	if (chart_weekly(r)) {
		s = xasprintf("The %zu scores are too many to show one by one: "
		    "each week shows the mean of its scores before sessions, "
		    "after them, and at other times, and a ring when that mean "
		    "is 2 points or 30%% from the start level.", r->npoints);
		para(d, s, false, 10, INK, 2);
		free(s);
	}
	if (r->has_trend) {
		double t = r->trend_per_week;

		if (fabs(t) < 0.05)
			s = xstrdup("Trend: about level over these weeks.");
		else
			s = xasprintf("Trend: %s by %.1f %s a week.", t < 0 ?
			    "down" : "up", fabs(t), fabs(t) >= 0.95 &&
			    fabs(t) < 1.05 ? "point" : "points");
		para(d, s, false, 10, INK, 4);
		free(s);
	}
	need(d, CHART_H + 12);
	plot_place(d, d->y + 6, &p);
	d->plot_x = p.x;
	d->plot_y = p.y;
	d->plot_w = p.w;
	d->plot_h = p.h;
	if (d->draw)
		chart_draw(d, &p);
	d->y += CHART_H + 18;
}

/* ------------------------------------------------------------------ */
/* Sessions a week.                                                    */

/* Diagonal lines across a rectangle: a stopped session on paper. */
static void
hatch(cairo_t *cr, double x, double y, double w, double h)
{
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	render_cairo_ink(cr, INK);
	cairo_set_line_width(cr, 0.9);
	for (double k = -h; k < w; k += 4) {
		cairo_move_to(cr, x + k, y + h);
		cairo_line_to(cr, x + k + h, y);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
	render_cairo_ink(cr, INK);
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, x, y, w, h);
	cairo_stroke(cr);
}

static void
bar_part(cairo_t *cr, int kind, double x, double y, double w, double h)
{
	if (h <= 0)
		return;
	if (kind == 0) {		/* went to the end: solid */
		render_cairo_ink(cr, INK);
		cairo_rectangle(cr, x, y, w, h);
		cairo_fill(cr);
	} else if (kind == 1) {		/* stopped: hatched */
		render_cairo_ink(cr, 0xffffffu);
		cairo_rectangle(cr, x, y, w, h);
		cairo_fill(cr);
		hatch(cr, x, y, w, h);
	} else {			/* interrupted or running: pale, outlined */
		render_cairo_ink(cr, 0xd5dae0u);
		cairo_rectangle(cr, x, y, w, h);
		cairo_fill_preserve(cr);
		render_cairo_ink(cr, INK);
		cairo_set_line_width(cr, 0.8);
		cairo_stroke(cr);
	}
}

static void
bars_draw(struct doc *d, double top)
{
	const struct limber_report *r = d->r;
	cairo_t *cr = d->cr;
	double x0 = MARGIN + 30, w = d->w - 2 * MARGIN - 36, h = BARS_H - 40;
	double slot = w / r->weeks, bw = slot * 0.6;
	int most = 1, every = (r->weeks + 11) / 12;
	char buf[64], num[16];

	for (int k = 0; k < r->weeks; k++)
		if (r->week[k].sessions > most)
			most = r->week[k].sessions;
	render_cairo_ink(cr, GREY);
	cairo_set_line_width(cr, 1.0);
	cairo_move_to(cr, x0, top + h);
	cairo_line_to(cr, x0 + w, top + h);
	cairo_stroke(cr);
	for (int k = 0; k < r->weeks; k++) {
		const struct limber_report_week *wk = &r->week[k];
		double x = x0 + k * slot + (slot - bw) / 2, y = top + h;
		int parts[3] = { wk->done, wk->stopped,
		    wk->sessions - wk->done - wk->stopped };

		for (int i = 0; i < 3; i++) {
			double ph = h * parts[i] / most;

			bar_part(cr, i, x, y - ph, bw, ph);
			y -= ph;
		}
		if (wk->sessions > 0 && slot >= 14) {
			snprintf(num, sizeof num, "%d", wk->sessions);
			render_cairo_text(cr, num, false, 8, x + bw / 2 -
			    text_width(cr, num, 8) / 2, y - 11, 30, INK, true);
		}
		if (k % every == 0)
			render_cairo_text(cr, day_label(buf, sizeof buf, wk->first_day,
			    false), false, 8, x0 + k * slot + 1, top + h + 2, 60,
			    GREY, true);
	}
	/* The key. */
	{
		static const char *const labels[] = { "went to the end",
		    "stopped early", "interrupted" };
		double x = MARGIN, y = top + h + 16;

		for (int i = 0; i < 3; i++) {
			bar_part(cr, i, x, y + 1, 12, 9);
			render_cairo_text(cr, labels[i], false, 8.5, x + 16, y, 120, INK,
			    true);
			x += 28 + text_width(cr, labels[i], 8.5);
		}
	}
}

static void
section_sessions(struct doc *d)
{
	const struct limber_report *r = d->r;
	int finished = r->done + r->stopped + r->interrupted;
	char *s;

	heading(d, "Sessions each week", BARS_H + 20);
	if (r->nsessions == 0) {
		para(d, "No session in these weeks.", false, 10.5, INK, 6);
		return;
	}
	s = xasprintf("%zu %s in %d %s, %.1f a week.", r->nsessions,
	    plural((long)r->nsessions, "session", "sessions"), r->weeks,
	    plural(r->weeks, "week", "weeks"), (double)r->nsessions / r->weeks);
	if (finished > 0) {
		char *more = xasprintf("%s %d of %d finished %s went to the end "
		    "(%.0f%%); %d stopped early, %d interrupted.", s, r->done,
		    finished, plural(finished, "session", "sessions"),
		    100.0 * r->done / finished, r->stopped, r->interrupted);

		free(s);
		s = more;
	}
	para(d, s, false, 10, INK, 6);
	free(s);
	need(d, BARS_H);
	if (d->draw)
		bars_draw(d, d->y + 6);
	d->y += BARS_H;
}

/* ------------------------------------------------------------------ */
/* Tables: stretches, stops, screenings.                               */

struct column {
	const char *head;
	double x, w;		/* from the margin */
};

/* One row of cells at d->y; returns its height (drawn when d->draw). */
static double
row(struct doc *d, const struct column *cols, size_t n,
    const char *const *cells, bool bold, bool draw)
{
	double h = 0;

	for (size_t i = 0; i < n; i++) {
		double ch = render_cairo_text(d->cr, cells[i], bold, 9.5, MARGIN +
		    cols[i].x, d->y, cols[i].w - 6, bold ? GREY : INK, draw);

		if (ch > h)
			h = ch;
	}
	return h + 3;
}

/* The header row of a table, with a rule under it. */
static void
header_row(struct doc *d, const struct column *cols, size_t n)
{
	const char *heads[8];

	for (size_t i = 0; i < n && i < nitems(heads); i++)
		heads[i] = cols[i].head;
	d->y += row(d, cols, n, heads, true, d->draw);
	if (d->draw) {
		render_cairo_ink(d->cr, LIGHT);
		cairo_set_line_width(d->cr, 0.7);
		cairo_move_to(d->cr, MARGIN, d->y - 1);
		cairo_line_to(d->cr, d->w - MARGIN, d->y - 1);
		cairo_stroke(d->cr);
	}
}

/* Add a row, with a new page (and the header again) when it won't fit. */
static void
table_row(struct doc *d, const struct column *cols, size_t n,
    const char *const *cells)
{
	double h = row(d, cols, n, cells, false, false);
	int page = d->page;

	need(d, h);
	if (d->page != page)
		header_row(d, cols, n);
	d->y += row(d, cols, n, cells, false, d->draw);
}

/* The header, kept on the page of the first row. */
static void
table_head(struct doc *d, const struct column *cols, size_t n,
    const char *const *first)
{
	const char *heads[8];

	for (size_t i = 0; i < n && i < nitems(heads); i++)
		heads[i] = cols[i].head;
	need(d, row(d, cols, n, heads, true, false) + row(d, cols, n, first,
	    false, false));
	header_row(d, cols, n);
}

static void
section_stretches(struct doc *d)
{
	static const struct column cols[] = {
		{ "Stretch", 0, 250 }, { "Done", 250, 70 },
		{ "Skipped", 320, 70 }, { "", 390, 105 },
	};
	const struct limber_report *r = d->r;

	heading(d, "Stretches done and skipped", 40);
	if (r->nstretches == 0) {
		para(d, "No stretch was done or skipped in these weeks.", false,
		    10.5, INK, 6);
		return;
	}
	for (size_t i = 0; i < r->nstretches; i++) {
		const struct limber_report_stretch *st = &r->stretches[i];
		const struct limber_stretch *cs = d->cat != NULL ?
		    limber_catalog_find(d->cat, st->stretch) : NULL;
		char done[16], skipped[16];
		const char *cells[4] = { cs != NULL ? cs->name : st->stretch,
		    done, skipped, "" };
		double y, total = st->done + st->skipped;

		snprintf(done, sizeof done, "%d", st->done);
		snprintf(skipped, sizeof skipped, "%d", st->skipped);
		if (i == 0)
			table_head(d, cols, nitems(cols), cells);
		y = d->y;
		table_row(d, cols, nitems(cols), cells);
		if (d->draw && total > 0 && d->y > y) {
			/* Done solid, skipped hatched, as in the bars above. */
			double bx = MARGIN + cols[3].x, bw = cols[3].w - 4;
			double top = d->y - 13;

			bar_part(d->cr, 0, bx, top, bw * st->done / total, 9);
			bar_part(d->cr, 1, bx + bw * st->done / total, top,
			    bw * st->skipped / total, 9);
		}
	}
	d->y += 6;
}

static void
section_stops(struct doc *d)
{
	static const struct column cols[] = {
		{ "When", 0, 170 }, { "How it ended", 170, 90 },
		{ "Why", 260, 235 },
	};
	const struct limber_report *r = d->r;
	char at[64];

	heading(d, "Sessions that did not go to the end", 30);
	if (r->nstops == 0) {
		para(d, "None: every session in these weeks went to the end, or "
		    "is still under way.", false, 10.5, INK, 6);
		return;
	}
	for (size_t i = 0; i < r->nstops; i++) {
		const struct limber_report_stop *st = &r->stops[i];
		/* In words: "You stopped it.", not "user: ...". */
		char *why = limber_stop_reason_words(st->reason != NULL ?
			st->reason :
			"the program ended before the session did");
		const char *state = st->state == LIMBER_RECORD_STOPPED ?
		    "stopped" :
		    "interrupted";
		const char *cells[3] = { when(at, sizeof at, st->at, true),
			state, why };

		if (i == 0)
			table_head(d, cols, nitems(cols), cells);
		table_row(d, cols, nitems(cols), cells);
		free(why);
	}
	d->y += 6;
}

/*
 * How reminder prompts were answered: only when there were any, as most
 * people never set reminders up and an empty section tells a reader
 * nothing.
 */
static void
section_reminders(struct doc *d)
{
	static const struct column cols[] = {
		{ "Prompts", 0, 70 }, { "Started", 70, 70 },
		{ "Snoozed", 140, 70 }, { "Skipped", 210, 70 },
		{ "Not answered", 280, 100 }, { "Late", 380, 115 },
	};
	const struct limber_adherence *a = &d->r->adherence;
	char n[6][16], *s;
	const char *cells[6];

	if (!d->r->has_adherence || a->shown == 0)
		return;
	/* The sentence and the two-row table stay together. */
	heading(d, "Reminders", 90);
	s = xasprintf("limber's reminders prompted %d %s in these weeks; "
	    "%d led to a session started at once (%d%%). Late prompts were "
	    "shown after the computer woke from sleep.", a->shown,
	    plural(a->shown, "time", "times"), a->started,
	    (int)(100.0 * a->started / a->shown + 0.5));
	para(d, s, false, 10.5, INK, 4);
	free(s);
	snprintf(n[0], sizeof n[0], "%d", a->shown);
	snprintf(n[1], sizeof n[1], "%d", a->started);
	snprintf(n[2], sizeof n[2], "%d", a->snoozed);
	snprintf(n[3], sizeof n[3], "%d", a->skipped);
	snprintf(n[4], sizeof n[4], "%d", a->unanswered);
	snprintf(n[5], sizeof n[5], "%d", a->late);
	for (int i = 0; i < 6; i++)
		cells[i] = n[i];
	table_head(d, cols, nitems(cols), cells);
	table_row(d, cols, nitems(cols), cells);
	d->y += 6;
}

static const char *
verdict_text(enum limber_level l)
{
	switch (l) {
	case LIMBER_LEVEL_GO:
		return "go";
	case LIMBER_LEVEL_CAUTION:
		return "go, with care";
	case LIMBER_LEVEL_SEE_CLINICIAN:
		return "see a clinician first";
	case LIMBER_LEVEL_URGENT:
		return "see a doctor today";
	default:
		return "emergency";
	}
}

static void
section_screenings(struct doc *d)
{
	static const struct column cols[] = {
		{ "When", 0, 170 }, { "Pain", 170, 40 }, { "Where", 210, 60 },
		{ "Verdict", 270, 105 }, { "Answered yes", 375, 120 },
	};
	const struct limber_report *r = d->r;
	char at[64], pain[8];

	heading(d, "Safety checks", 30);
	if (r->nscreenings == 0)
		para(d, "No safety check in these weeks.", false, 10.5, INK, 6);
	for (size_t i = 0; i < r->nscreenings; i++) {
		const struct limber_report_screening *s = &r->screenings[i];
		char *yes = xstrdup(s->nyes == 0 ? "nothing" : "");
		const char *cells[5];

		for (size_t k = 0; k < s->nyes; k++) {
			char *more = xasprintf("%s%s%s", yes, k > 0 ? ", " : "",
			    s->yes[k]);

			free(yes);
			yes = more;
		}
		snprintf(pain, sizeof pain, "%d", s->pain);
		cells[0] = when(at, sizeof at, s->at, true);
		cells[1] = pain;
		cells[2] = limber_area_name(s->area);
		cells[3] = verdict_text(s->verdict);
		cells[4] = yes;
		if (i == 0)
			table_head(d, cols, nitems(cols), cells);
		table_row(d, cols, nitems(cols), cells);
		free(yes);
	}
	if (r->last_clearance != 0) {
		char *s = xasprintf("A clinician's clearance was recorded on %s.",
		    when(at, sizeof at, r->last_clearance, false));

		d->y += 4;
		para(d, s, false, 10, INK, 4);
		free(s);
	}
	d->y += 6;
}

/*
 * The sections in order. To add one, write a function that draws it at
 * d->y through heading(), para(), need() and the table helpers, moving
 * d->y on, and list it here.
 */
static void (*const sections[])(struct doc *d) = {
	section_pain,
	section_sessions,
	section_stretches,
	section_stops,
	section_reminders,
	section_screenings,
};

static void
title(struct doc *d)
{
	const struct limber_report *r = d->r;
	char buf[64], zone[32];
	char *s;
	time_t now = (time_t)r->now;
	struct tm tm;

	para(d, "Is the stretching helping?", true, 21, INK, 2);
	if (localtime_r(&now, &tm) == NULL || strftime(zone, sizeof zone,
	    "%Z", &tm) == 0)
		snprintf(zone, sizeof zone, "local time");
	s = xasprintf("A progress report from limber's journal: %s (%d %s). "
	    "Made on %s; times are in %s.", d->title_dates, r->weeks,
	    plural(r->weeks, "week", "weeks"), when(buf, sizeof buf, r->now,
	    true), zone);
	para(d, s, false, 10.5, GREY, 4);
	free(s);
	para(d, "limber is a stretching coach for back pain. It asks about "
	    "warning signs before each session and stops a session when pain "
	    "rises. It is not a diagnosis.", false, 9.5, GREY, 6);
}

static void
layout(struct doc *d)
{
	d->y = MARGIN;
	d->page = 1;
	title(d);
	for (size_t i = 0; i < nitems(sections); i++)
		sections[i](d);
	footer(d);
}

static cairo_status_t
write_fp(void *closure, const unsigned char *data, unsigned int length)
{
	FILE *fp = closure;

	return fwrite(data, 1, length, fp) == length ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

/* The whole page's height, for one-page formats; and where the plot goes. */
static double
measure(struct doc *d)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
	    1, 1);

	d->cr = cairo_create(s);
	d->draw = false;
	d->paginate = false;
	layout(d);
	cairo_destroy(d->cr);
	cairo_surface_destroy(s);
	d->cr = NULL;
	return d->y + MARGIN + 10;
}

static void
doc_init(struct doc *d, const struct limber_report *r,
    const struct limber_catalog *cat, char *dates, size_t size)
{
	char a[32], b[32];

	memset(d, 0, sizeof *d);
	d->r = r;
	d->cat = cat;
	d->w = PAGE_W;
	d->h = PAGE_H;
	snprintf(dates, size, "%s to %s", day_label(a, sizeof a, r->first_day,
	    true), day_label(b, sizeof b, r->last_day, true));
	d->title_dates = dates;
}

bool
render_report_plot_area(const struct limber_report *r, double *x, double *y,
    double *w, double *h)
{
	struct doc d;
	char dates[80];

	doc_init(&d, r, NULL, dates, sizeof dates);
	(void)measure(&d);
	*x = d.plot_x;
	*y = d.plot_y;
	*w = d.plot_w;
	*h = d.plot_h;
	return d.plot_w > 0;
}

enum limber_status
render_report(const char *path, enum render_report_format format,
    const struct limber_report *r, const struct limber_catalog *cat,
    char **cause)
{
	struct render_file *rf;
	cairo_surface_t *surface;
	cairo_status_t status;
	enum limber_status rc;
	struct doc d;
	char dates[80];
	FILE *fp;
	double height;

	doc_init(&d, r, cat, dates, sizeof dates);
	height = measure(&d);
	/* Pain scores and sessions: health data, the owner's only. */
	rc = render_file_open_private(path, &rf, &fp, cause);
	if (rc != LIMBER_OK)
		return rc;
	errno = 0;
	switch (format) {
	case RENDER_REPORT_PDF:
		surface = cairo_pdf_surface_create_for_stream(write_fp, fp,
		    PAGE_W, PAGE_H);
		cairo_pdf_surface_set_metadata(surface,
		    CAIRO_PDF_METADATA_TITLE, "Is the stretching helping? A "
		    "progress report");
		cairo_pdf_surface_set_metadata(surface,
		    CAIRO_PDF_METADATA_CREATOR, "limber " LIMBER_VERSION);
		d.paginate = true;
		break;
	case RENDER_REPORT_SVG:
		surface = cairo_svg_surface_create_for_stream(write_fp, fp,
		    PAGE_W, height);
		d.h = height;
		break;
	default:
		surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
		    (int)ceil(PAGE_W * RENDER_REPORT_PNG_SCALE),
		    (int)ceil(height * RENDER_REPORT_PNG_SCALE));
		d.h = height;
		break;
	}
	d.cr = cairo_create(surface);
	if (format == RENDER_REPORT_PNG)
		cairo_scale(d.cr, RENDER_REPORT_PNG_SCALE,
		    RENDER_REPORT_PNG_SCALE);
	render_cairo_ink(d.cr, 0xffffffu);
	cairo_paint(d.cr);
	d.draw = true;
	layout(&d);
	cairo_destroy(d.cr);
	if (format == RENDER_REPORT_PNG)
		status = cairo_surface_write_to_png_stream(surface, write_fp, fp);
	else {
		cairo_surface_finish(surface);
		status = cairo_surface_status(surface);
	}
	cairo_surface_destroy(surface);
	if (status != CAIRO_STATUS_SUCCESS) {
		int err = errno != 0 ? errno : EIO;

		render_file_abort(rf);
		if (cause != NULL)
			*cause = status == CAIRO_STATUS_WRITE_ERROR ?
			    xasprintf("cannot write %s: %s", path,
			    strerror(err)) : xasprintf("cannot make %s: %s",
			    path, cairo_status_to_string(status));
		return LIMBER_ERR_IO;
	}
	return render_file_commit(rf, cause);
}
