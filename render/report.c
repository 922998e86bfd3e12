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
#include <stdarg.h>
#include <time.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

#include "cairo-draw.h"
#include "limber/record.h"
#include "limber/render.h"
#include "limber/report.h"
#include "strbuf.h"
#include "i18n.h"
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
	int64_t plot_t0, plot_t1;
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

/*
 * v with decimals digits after the decimal mark of the person's language
 * (a translated text, not LC_NUMERIC, which would change how every
 * number is written, JSON's too), into buf; sign: "+" before a rise.
 */
static const char *
num(char *buf, size_t size, double v, int decimals, bool sign)
{
	/* TRANSLATORS: the mark between a number's whole part and its
	   decimals in the report and the handout: "." in English, ","
	   in German. */
	const char *mark = C_("decimal separator", ".");
	size_t ml = strlen(mark), n = 0;
	char tmp[64];

	snprintf(tmp, sizeof tmp, sign ? "%+.*f" : "%.*f", decimals, v);
	for (const char *c = tmp; *c != '\0'; c++) {
		if (*c == '.' && n + ml < size) {
			memcpy(buf + n, mark, ml);
			n += ml;
		} else if (*c != '.' && n + 1 < size)
			buf[n++] = *c;
	}
	buf[n] = '\0';
	return buf;
}

/* A text of ours in the person's language; "" stays "" (a blank head). */
static const char *
tr(const char *english)
{
	return english[0] != '\0' ? _(english) : english;
}

static void
footer(struct doc *d)
{
	char *s;

	if (!d->draw)
		return;
	/* TRANSLATORS: the report's footer: its dates, then the page. */
	s = xasprintf(_("limber progress report, %s. Page %d. limber is a "
			"stretching coach, not a diagnosis."),
	    d->title_dates, d->page);
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
	/* From the first record: weeks before it would look like a gap. */
	p->t0 = r->chart_from;
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
	for (int w = r->first_week; w <= r->weeks; w++) {
		int64_t at = r->from + (int64_t)w * 7 * LIMBER_DAY_S;
		double x = plot_x(p, at > p->t0 ? at : p->t0);

		/* Over half a year, a line per week would be a grey wash. */
		if (r->weeks > 26 && w % every != 0 && w != r->weeks)
			continue;
		render_cairo_ink(cr, 0xe2e6ebu);
		cairo_set_line_width(cr, 0.6);
		cairo_move_to(cr, x, p->y);
		cairo_line_to(cr, x, p->y + p->h + 3);
		cairo_stroke(cr);
		if (w < r->weeks && w % every == 0) {
			/* The first week is labelled with the first record's day. */
			int64_t day = w == r->first_week ?
			    limber_local_day(p->t0) :
			    r->week[w].first_day;
			const char *s = day_label(buf, sizeof buf, day, false);

			render_cairo_text(cr, s, false, 8, x + 2, p->y + p->h + 3, 60,
			    GREY, true);
		}
	}
	/* TRANSLATORS: a chart's scale: "pain (0-10)". */
	snprintf(buf, sizeof buf, _("pain (%d-%d)"), LIMBER_PAIN_MIN,
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
		{ MARK_BEFORE, N_("before a session") },
		{ MARK_NEXT_DAY, N_("next day") },
		{ MARK_LOGGED, N_("logged by hand") },
	};
	cairo_t *cr = d->cr;
	double x = MARGIN;

	for (size_t i = 0; i < nitems(keys); i++) {
		marker(cr, keys[i].m, x + 4, y + 6);
		render_cairo_text(cr, _(keys[i].label), false, 8.5, x + 11, y,
		    120, INK, true);
		x += 18 + text_width(cr, _(keys[i].label), 8.5);
	}
	ring(cr, x + 7, y + 6);
	/* xgettext:no-c-format */
	render_cairo_text(cr, _("2 points or 30% from the start level"), false,
	    8.5, x + 18, y, 220, INK, true);
	x = MARGIN;
	y += 13;
	cairo_set_line_width(cr, 1.6);
	render_cairo_ink(cr, INK);
	dash(cr, 6, 3);
	cairo_move_to(cr, x, y + 6);
	cairo_line_to(cr, x + 22, y + 6);
	cairo_stroke(cr);
	render_cairo_text(cr, C_("chart key", "trend"), false, 8.5, x + 26, y,
	    60, INK, true);
	x += 60;
	cairo_set_line_width(cr, 1.0);
	render_cairo_ink(cr, GREY);
	dash(cr, 1.5, 2.5);
	cairo_move_to(cr, x, y + 6);
	cairo_line_to(cr, x + 22, y + 6);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	render_cairo_text(cr, _("start level"), false, 8.5, x + 26, y, 80, INK,
	    true);
}

/*
 * More scores than can be told apart on a page (two years of sessions
 * three a day): each week then shows the means of its scores instead.
 */
#define CHART_MAX_POINTS 240

/* The scores of the trend chart: all but after (report.h). */
static size_t
trend_points(const struct limber_report *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->npoints; i++)
		n += r->points[i].kind != LIMBER_SCORE_AFTER;
	return n;
}

static bool
chart_weekly(const struct limber_report *r)
{
	return trend_points(r) > CHART_MAX_POINTS;
}

static void
trend_draw(cairo_t *cr, const struct limber_report *r, const struct plot *p)
{
	int64_t a = INT64_MAX, b = INT64_MIN;
	double v0, v1;

	if (!r->has_trend)
		return;
	/* Only across the scores it is drawn from: no guessing beyond. */
	for (size_t i = 0; i < r->npoints; i++) {
		if (r->points[i].kind == LIMBER_SCORE_AFTER)
			continue;
		if (r->points[i].at < a)
			a = r->points[i].at;
		if (r->points[i].at > b)
			b = r->points[i].at;
	}
	v0 = r->trend_at_from +
	    r->trend_per_week / 7 * (double)(a - r->from) / LIMBER_DAY_S;
	v1 = r->trend_at_from +
	    r->trend_per_week / 7 * (double)(b - r->from) / LIMBER_DAY_S;
	render_cairo_ink(cr, INK);
	cairo_set_line_width(cr, 1.8);
	dash(cr, 6, 3);
	cairo_move_to(cr, plot_x(p, a), plot_y(p, v0));
	cairo_line_to(cr, plot_x(p, b), plot_y(p, v1));
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
}

/* Each week: the mean before sessions (circle) and at other times (cross). */
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

		/* After scores are the relief, in the chart of their own. */
		if (w < 0 || w >= r->weeks || k == AFTER)
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
	trend_draw(cr, r, p);
	for (size_t i = 0; i < r->npoints; i++) {
		const struct limber_report_point *pt = &r->points[i];
		double x = plot_x(p, pt->at), y = plot_y(p, pt->value);

		/* After scores are the relief, in the chart of their own. */
		if (pt->kind == LIMBER_SCORE_AFTER)
			continue;
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
	heading(d, _("Pain over the weeks"), CHART_H + 40);
	if (trend_points(r) == 0) {
		para(d,
		    _("No pain score was given before a session, the next day "
		      "or by hand in these weeks."),
		    false, 10.5, INK, 6);
		return;
	}
	if (r->has_start) {
		char lvl[32], *lower, *higher;

		/* TRANSLATORS: "3 scores were lower", in the sentence "%s
		   and %s than it by 2 points or 30% or more". */
		lower = xasprintf(P_("%d score was lower",
				      "%d scores were lower",
				      (unsigned long)better),
		    better);
		higher = xasprintf(P_("%d was higher", "%d were higher",
				       (unsigned long)worse),
		    worse);
		/* TRANSLATORS: the pain chart's words; %s after "start level
		   is" is a number ("3.5"), the last two "3 scores were lower"
		   and "1 was higher". */
		s = xasprintf(
		    _("Pain from %d (none) to %d before each session, the next "
		      "day and when logged by hand, from the first record on; "
		      "the scores after sessions are the relief, in the next "
		      "chart. The start level is %s, the mean of the first "
		      "week with scores. %s and %s than it by 2 points or 30%% "
		      "or more, a change people notice."),
		    LIMBER_PAIN_MIN, LIMBER_PAIN_MAX,
		    num(lvl, sizeof lvl, r->start_level, 1, false), lower,
		    higher);
		free(lower);
		free(higher);
	} else
		s = xasprintf(_("Scores from %d (no pain) to %d."),
		    LIMBER_PAIN_MIN, LIMBER_PAIN_MAX);
	para(d, s, false, 10, INK, 2);
	free(s);
	if (chart_weekly(r)) {
		s = xasprintf(
		    _("The %zu scores are too many to show one by one: "
		      "each week shows the mean of its scores before sessions "
		      "and at other times, and a ring when that mean is 2 "
		      "points or 30%% from the start level."),
		    trend_points(r));
		para(d, s, false, 10, INK, 2);
		free(s);
	}
	if (r->has_trend) {
		double t = r->trend_per_week;

		char by[32];
		/* One point when it reads "1.0" (English's own plural). */
		unsigned long one = fabs(t) >= 0.95 && fabs(t) < 1.05 ? 1 : 2;

		num(by, sizeof by, fabs(t), 1, false);
		if (fabs(t) < 0.05)
			s = xstrdup(_("Trend: about level over these weeks."));
		else if (t < 0)
			/* TRANSLATORS: %s is a number ("0.5"). */
			s = xasprintf(P_("Trend: down by %s point a week.",
					  "Trend: down by %s points a week.",
					  one),
			    by);
		else
			s = xasprintf(P_("Trend: up by %s point a week.",
					  "Trend: up by %s points a week.",
					  one),
			    by);
		para(d, s, false, 10, INK, 4);
		free(s);
	}
	need(d, CHART_H + 30);
	plot_place(d, d->y + 6, &p);
	d->plot_x = p.x;
	d->plot_y = p.y;
	d->plot_w = p.w;
	d->plot_h = p.h;
	d->plot_t0 = p.t0;
	d->plot_t1 = p.t1;
	if (d->draw)
		chart_draw(d, &p);
	/* The legend's second row runs below CHART_H. */
	d->y += CHART_H + 30;
}

/* ------------------------------------------------------------------ */
/* Relief within each session: before and after, session by session.  */

#define RELIEF_H 190.0

/* Before and after the same: the before ring round the after square. */
static void
marker_same(cairo_t *cr, double x, double y)
{
	const double r = 6.0, q = 2.6;

	cairo_new_path(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	render_cairo_ink(cr, 0xffffffu);
	cairo_arc(cr, x, y, r, 0, 2 * G_PI);
	cairo_fill_preserve(cr);
	render_cairo_ink(cr, BEFORE_RGB);
	cairo_set_line_width(cr, 1.6);
	cairo_stroke(cr);
	render_cairo_ink(cr, AFTER_RGB);
	cairo_rectangle(cr, x - q, y - q, 2 * q, 2 * q);
	cairo_fill(cr);
}

/*
 * More sessions than can be told apart on a page (three a day for two
 * years): each week then shows the mean before and after of its sessions
 * with both scores.
 */
#define RELIEF_MAX_SESSIONS 120

/* One column of the relief chart: a session, or a week's mean. */
struct relief_col {
	int64_t day;   /* for its date label */
	int64_t week;  /* index in r->week */
	double before; /* < 0: none */
	double after;  /* < 0: none */
};

static bool
relief_weekly(const struct limber_report *r)
{
	return r->nsessions > RELIEF_MAX_SESSIONS;
}

/* The chart's columns, in order, into *out; returns how many. */
static size_t
relief_cols(const struct limber_report *r, struct relief_col **out)
{
	size_t n = 0;

	if (!relief_weekly(r)) {
		*out = xcalloc(r->nsessions + 1, sizeof **out);
		for (size_t i = 0; i < r->nsessions; i++) {
			const struct limber_report_session *s = &r->sessions[i];
			int64_t day = limber_local_day(s->started);

			(*out)[n++] = (struct relief_col){ day,
				(day - r->first_day) / 7, s->before, s->after };
		}
		return n;
	}
	*out = xcalloc((size_t)r->weeks + 1, sizeof **out);
	for (int w = r->first_week; w < r->weeks; w++) {
		struct relief_col *c = &(*out)[n++];
		double sb = 0, sa = 0;
		int k = 0;

		*c = (struct relief_col){ r->week[w].first_day, w, -1, -1 };
		for (size_t i = 0; i < r->nsessions; i++) {
			const struct limber_report_session *s = &r->sessions[i];

			if ((limber_local_day(s->started) - r->first_day) / 7 !=
				w ||
			    s->before < 0 || s->after < 0)
				continue;
			sb += s->before;
			sa += s->after;
			k++;
		}
		if (k > 0) {
			c->before = sb / k;
			c->after = sa / k;
		}
	}
	return n;
}

static void
relief_draw(struct doc *d, double top)
{
	const struct limber_report *r = d->r;
	cairo_t *cr = d->cr;
	struct plot p = {
		.x = MARGIN + 30,
		.y = top + 16,
		.w = d->w - 2 * MARGIN - 36,
		.h = RELIEF_H - 16 - 44,
	};
	struct relief_col *col;
	size_t ncol = relief_cols(r, &col);
	double slot = p.w / (double)(ncol > 0 ? ncol : 1), last_label = -1e9;
	int64_t week = INT64_MIN;
	char buf[64], num[8];
	double x, y;

	cairo_set_dash(cr, NULL, 0, 0);
	for (int v = LIMBER_PAIN_MIN; v <= LIMBER_PAIN_MAX; v += 2) {
		y = plot_y(&p, v);
		render_cairo_ink(cr, v == LIMBER_PAIN_MIN ? GREY : 0xe2e6ebu);
		cairo_set_line_width(cr, v == LIMBER_PAIN_MIN ? 1.0 : 0.6);
		cairo_move_to(cr, p.x, y);
		cairo_line_to(cr, p.x + p.w, y);
		cairo_stroke(cr);
		snprintf(num, sizeof num, "%d", v);
		render_cairo_text(cr, num, false, 8.5,
		    p.x - 8 - text_width(cr, num, 8.5), y - 6, 20, GREY, true);
	}
	/* TRANSLATORS: a chart's scale: "pain (0-10)". */
	snprintf(buf, sizeof buf, _("pain (%d-%d)"), LIMBER_PAIN_MIN,
	    LIMBER_PAIN_MAX);
	render_cairo_text(cr, buf, false, 8, MARGIN, p.y - 20, 80, GREY, true);
	/* A line where each week's sessions begin, with its date. */
	for (size_t i = 0; i < ncol; i++) {
		if (col[i].week == week)
			continue;
		week = col[i].week;
		x = p.x + (double)i * slot;
		render_cairo_ink(cr, 0xe2e6ebu);
		cairo_set_line_width(cr, 0.6);
		cairo_move_to(cr, x, p.y);
		cairo_line_to(cr, x, p.y + p.h + 3);
		cairo_stroke(cr);
		if (x - last_label < 44)
			continue;
		last_label = x;
		render_cairo_text(cr,
		    day_label(buf, sizeof buf, col[i].day, false), false, 8,
		    x + 2, p.y + p.h + 3, 60, GREY, true);
	}
	for (size_t i = 0; i < ncol; i++) {
		const struct relief_col *c = &col[i];

		if (c->before < 0)
			continue;
		x = p.x + ((double)i + 0.5) * slot;
		if (c->after < 0) {
			marker(cr, MARK_BEFORE, x, plot_y(&p, c->before));
			continue;
		}
		/* Equal, or means too close to draw apart: both, one round
		 * the other. */
		if (fabs(c->after - c->before) < 0.05) {
			marker_same(cr, x, plot_y(&p, c->before));
			continue;
		}
		render_cairo_ink(cr, INK);
		cairo_set_line_width(cr, 1.3);
		cairo_move_to(cr, x, plot_y(&p, c->before));
		cairo_line_to(cr, x, plot_y(&p, c->after));
		cairo_stroke(cr);
		marker(cr, MARK_BEFORE, x, plot_y(&p, c->before));
		marker(cr, MARK_AFTER, x, plot_y(&p, c->after));
	}
	free(col);
	/* The key. */
	y = p.y + p.h + 18;
	x = MARGIN;
	marker(cr, MARK_BEFORE, x + 4, y + 6);
	render_cairo_text(cr, _("before the session"), false, 8.5, x + 11, y,
	    120, INK, true);
	x += 18 + text_width(cr, _("before the session"), 8.5);
	marker(cr, MARK_AFTER, x + 4, y + 6);
	render_cairo_text(cr, _("after it"), false, 8.5, x + 11, y, 120, INK,
	    true);
	x += 18 + text_width(cr, _("after it"), 8.5);
	marker_same(cr, x + 6, y + 6);
	render_cairo_text(cr, _("the same before and after"), false, 8.5,
	    x + 15, y, 160, INK, true);
	x += 24 + text_width(cr, _("the same before and after"), 8.5);
	render_cairo_ink(cr, INK);
	cairo_set_line_width(cr, 1.3);
	cairo_move_to(cr, x + 4, y + 1);
	cairo_line_to(cr, x + 4, y + 11);
	cairo_stroke(cr);
	render_cairo_text(cr, _("the change within it"), false, 8.5, x + 11, y,
	    140, INK, true);
}

static void
section_relief(struct doc *d)
{
	const struct limber_report *r = d->r;
	const struct limber_stats *st = &r->stats;
	char *s;

	heading(d, _("Relief within each session"), RELIEF_H + 40);
	if (st->nchange == 0) {
		para(d,
		    _("No session in these weeks has a pain score both before "
		      "and after it."),
		    false, 10.5, INK, 6);
		return;
	}
	{
		char mean[32];

		/* TRANSLATORS: the relief chart's words; the last %s is a
		   change with its sign ("-1.5"). */
		s = xasprintf(
		    P_("Each session in turn, its pain before (circle) and "
		       "after (square; for a session stopped early, the last "
		       "score during it). This is what a session does at the "
		       "time, not the course of the pain, which is the chart "
		       "above. Of %d session with both scores, %d ended with "
		       "less pain, %d with more and %d the same; the mean "
		       "change was %s.",
			"Each session in turn, its pain before (circle) and "
			"after (square; for a session stopped early, the last "
			"score during it). This is what a session does at the "
			"time, not the course of the pain, which is the chart "
			"above. Of %d sessions with both scores, %d ended "
			"with less pain, %d with more and %d the same; the "
			"mean change was %s.",
			(unsigned long)st->nchange),
		    st->nchange, st->nbetter, st->nworse, st->nsame,
		    num(mean, sizeof mean, st->mean_change, 1, true));
	}
	para(d, s, false, 10, INK, 4);
	free(s);
	if (relief_weekly(r)) {
		s = xasprintf(
		    _("The %zu sessions are too many to show one by one: "
		      "each week shows the mean before and after of its "
		      "sessions with both scores."),
		    r->nsessions);
		para(d, s, false, 10, INK, 4);
		free(s);
	}
	need(d, RELIEF_H + 12);
	if (d->draw)
		relief_draw(d, d->y + 6);
	d->y += RELIEF_H + 12;
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
	/* From the week of the first record, as the charts above. */
	int from = r->first_week, shown = r->weeks - from;
	double slot = w / shown, bw = slot * 0.6;
	int most = 1, every = (shown + 11) / 12;
	char buf[64], num[16];

	for (int k = from; k < r->weeks; k++)
		if (r->week[k].sessions > most)
			most = r->week[k].sessions;
	render_cairo_ink(cr, GREY);
	cairo_set_line_width(cr, 1.0);
	cairo_move_to(cr, x0, top + h);
	cairo_line_to(cr, x0 + w, top + h);
	cairo_stroke(cr);
	for (int k = from; k < r->weeks; k++) {
		const struct limber_report_week *wk = &r->week[k];
		double x = x0 + (k - from) * slot + (slot - bw) / 2,
		       y = top + h;
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
		if ((k - from) % every == 0)
			render_cairo_text(cr,
			    day_label(buf, sizeof buf, wk->first_day, false),
			    false, 8, x0 + (k - from) * slot + 1, top + h + 2,
			    60, GREY, true);
	}
	/* The key. */
	{
		static const char *const labels[] = { N_("went to the end"),
			N_("stopped early"), N_("interrupted") };
		double x = MARGIN, y = top + h + 16;

		for (int i = 0; i < 3; i++) {
			bar_part(cr, i, x, y + 1, 12, 9);
			render_cairo_text(cr, _(labels[i]), false, 8.5, x + 16,
			    y, 120, INK, true);
			x += 28 + text_width(cr, _(labels[i]), 8.5);
		}
	}
}

static void
section_sessions(struct doc *d)
{
	const struct limber_report *r = d->r;
	int finished = r->done + r->stopped + r->interrupted;
	char *s, buf[32];

	heading(d, _("Sessions each week"), BARS_H + 20);
	if (r->nsessions == 0) {
		para(d, _("No session in these weeks."), false, 10.5, INK, 6);
		return;
	}
	/* Sessions a week as `limber stats` counts them: from the first record. */
	{
		char week[32];

		/* TRANSLATORS: "12 sessions in these weeks; 2.5 a week from
		   the first record in them, on 3 Mar." */
		s = xasprintf(P_("%zu session in these weeks; %s a week from "
				 "the first record in them, on %s.",
				  "%zu sessions in these weeks; %s a week from "
				  "the first record in them, on %s.",
				  (unsigned long)r->nsessions),
		    r->nsessions,
		    num(week, sizeof week, r->stats.record_per_week, 1, false),
		    when(buf, sizeof buf, r->stats.first_record, false));
	}
	if (finished > 0) {
		/* TRANSLATORS: follows the sentence above; the percent is a
		   whole number. */
		char *end = xasprintf(
		    P_("%d of %d finished session went to "
		       "the end (%.0f%%); %d stopped early, "
		       "%d interrupted.",
			"%d of %d finished sessions went to "
			"the end (%.0f%%); %d stopped early, "
			"%d interrupted.",
			(unsigned long)finished),
		    r->done, finished, 100.0 * r->done / finished, r->stopped,
		    r->interrupted);
		char *more = xasprintf("%s %s", s, end);

		free(end);
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
		heads[i] = tr(cols[i].head);
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
		heads[i] = tr(cols[i].head);
	need(d, row(d, cols, n, heads, true, false) + row(d, cols, n, first,
	    false, false));
	header_row(d, cols, n);
}

static void
section_stretches(struct doc *d)
{
	static const struct column cols[] = {
		{ N_("Stretch"), 0, 230 },
		{ N_("Done"), 230, 70 },
		/* Room for a longer word than "Skipped" ("Übersprungen"). */
		{ N_("Skipped"), 300, 90 },
		{ "", 390, 105 },
	};
	const struct limber_report *r = d->r;

	heading(d, _("Stretches done and skipped"), 40);
	if (r->nstretches == 0) {
		para(d, _("No stretch was done or skipped in these weeks."),
		    false, 10.5, INK, 6);
		return;
	}
	for (size_t i = 0; i < r->nstretches; i++) {
		const struct limber_report_stretch *st = &r->stretches[i];
		const struct limber_stretch *cs = d->cat != NULL ?
		    limber_catalog_find(d->cat, st->stretch) : NULL;
		char done[16], skipped[16];
		const char *cells[4] = { cs != NULL ?
			    limber_stretch_text(cs, cs->name) :
			    st->stretch,
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
		{ N_("When"), 0, 170 },
		{ N_("How it ended"), 170, 90 },
		{ N_("Why"), 260, 235 },
	};
	const struct limber_report *r = d->r;
	char at[64];

	heading(d, _("Sessions that did not go to the end"), 30);
	if (r->nstops == 0) {
		para(d,
		    _("None: every session in these weeks went to the end, or "
		      "is still under way."),
		    false, 10.5, INK, 6);
		return;
	}
	for (size_t i = 0; i < r->nstops; i++) {
		const struct limber_report_stop *st = &r->stops[i];
		/* In words: "You stopped it.", not "user: ...". */
		char *why = limber_stop_reason_words(st->reason != NULL ?
			st->reason :
			"the program ended before the session did");
		const char *state = st->state == LIMBER_RECORD_STOPPED ?
		    C_("session state", "stopped") :
		    C_("session state", "interrupted");
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
		{ N_("Prompts"), 0, 70 },
		{ N_("Started"), 70, 70 },
		{ N_("Snoozed"), 140, 70 },
		{ N_("Skipped"), 210, 70 },
		{ N_("Not answered"), 280, 100 },
		{ N_("Late"), 380, 115 },
	};
	const struct limber_adherence *a = &d->r->adherence;
	char n[6][16], *s;
	const char *cells[6];

	if (!d->r->has_adherence || a->shown == 0)
		return;
	/* The sentence and the two-row table stay together. */
	heading(d, _("Reminders"), 90);
	s = xasprintf(P_("limber's reminders prompted %d time in these weeks; "
			 "%d led to a session started at once (%d%%). Late "
			 "prompts were shown after the computer woke from "
			 "sleep.",
			  "limber's reminders prompted %d times in these "
			  "weeks; %d led to a session started at once "
			  "(%d%%). Late prompts were shown after the "
			  "computer woke from sleep.",
			  (unsigned long)a->shown),
	    a->shown, a->started, (int)(100.0 * a->started / a->shown + 0.5));
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
		return _("go");
	case LIMBER_LEVEL_CAUTION:
		return _("go, with care");
	case LIMBER_LEVEL_SEE_CLINICIAN:
		return _("see a clinician first");
	case LIMBER_LEVEL_URGENT:
		return _("see a doctor today");
	default:
		return _("emergency");
	}
}

/*
 * "7 safety checks found nothing that needs a clinician", with what the
 * cautious ones were cautious about: a screening that found nothing takes
 * no row of its own.
 */
static void
clear_line(struct doc *d)
{
	const struct limber_report *r = d->r;
	struct strbuf why = STRBUF_INIT(0);
	size_t care = 0, flagged = r->nscreenings - r->nscreenings_clear;
	const char *seen[64];
	size_t nseen = 0;
	char *s, *w;

	for (size_t i = 0; i < r->nscreenings; i++) {
		const struct limber_report_screening *sc = &r->screenings[i];

		if (sc->verdict != LIMBER_LEVEL_CAUTION)
			continue;
		care++;
		for (size_t k = 0; k < sc->nyes; k++) {
			/* Each answer once: the questions are a few dozen. */
			size_t j = 0;

			while (j < nseen && strcmp(seen[j], sc->yes[k]) != 0)
				j++;
			if (j < nseen || nseen == nitems(seen))
				continue;
			seen[nseen++] = sc->yes[k];
			strbuf_printf(&why, "%s%s", why.len > 0 ? ", " : "",
			    sc->yes[k]);
		}
	}
	w = strbuf_take(&why);
	if (r->nscreenings_clear == 0)
		s = xasprintf(_("Each of the %zu safety checks found "
				"something that needs a clinician:"),
		    r->nscreenings);
	else if (care > 0)
		/* TRANSLATORS: the checks, those said to go with care, and
		   the questions answered yes (question ids, in English). */
		s = xasprintf(P_("%zu safety check found nothing that needs a "
				 "clinician; %zu of them said to go with care "
				 "(yes to %s).",
				  "%zu safety checks found nothing that needs "
				  "a clinician; %zu of them said to go with "
				  "care (yes to %s).",
				  r->nscreenings_clear),
		    r->nscreenings_clear, care, w);
	else
		s = xasprintf(P_("%zu safety check found nothing that needs a "
				 "clinician.",
				  "%zu safety checks found nothing that needs "
				  "a clinician.",
				  r->nscreenings_clear),
		    r->nscreenings_clear);
	if (flagged > 0 && r->nscreenings_clear > 0) {
		char *more = xasprintf("%s %s", s, _("The others:"));

		free(s);
		s = more;
	}
	para(d, s, false, 10, INK, 4);
	free(s);
	free(w);
}

static void
section_screenings(struct doc *d)
{
	static const struct column cols[] = {
		{ N_("When"), 0, 170 },
		{ N_("Pain"), 170, 40 },
		{ N_("Where"), 210, 60 },
		{ N_("Verdict"), 270, 105 },
		{ N_("Answered yes"), 375, 120 },
	};
	const struct limber_report *r = d->r;
	char at[64], pain[8];

	heading(d, _("Safety checks"), 30);
	if (r->nscreenings == 0)
		para(d, _("No safety check in these weeks."), false, 10.5, INK,
		    6);
	else
		clear_line(d);
	for (size_t i = 0, rows = 0; i < r->nscreenings; i++) {
		const struct limber_report_screening *s = &r->screenings[i];
		char *yes;
		const char *cells[5];

		/* Those that found nothing needing a clinician are a line. */
		if (s->verdict < LIMBER_LEVEL_SEE_CLINICIAN)
			continue;
		/* TRANSLATORS: a safety check's answers: yes to nothing. */
		yes = xstrdup(s->nyes == 0 ? _("nothing") : "");

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
		if (rows++ == 0)
			table_head(d, cols, nitems(cols), cells);
		table_row(d, cols, nitems(cols), cells);
		free(yes);
	}
	if (r->last_clearance != 0) {
		char *s = xasprintf(_("A clinician's clearance was recorded on "
				      "%s."),
		    when(at, sizeof at, r->last_clearance, false));

		d->y += 4;
		para(d, s, false, 10, INK, 4);
		free(s);
	}
	d->y += 6;
}

/* ------------------------------------------------------------------ */
/* Doses and notes: what may explain a change.                         */

static const char *
stretch_name(const struct doc *d, const char *id)
{
	const struct limber_stretch *cs = d->cat != NULL ?
	    limber_catalog_find(d->cat, id) :
	    NULL;

	return cs != NULL ? limber_stretch_text(cs, cs->name) : id;
}

/* The day's sessions, before -> after: "6 -> 4, 5 -> 5". */
static char *
day_pain(const struct limber_report *r, int64_t day)
{
	struct strbuf b = STRBUF_INIT(0);

	for (size_t i = 0; i < r->nsessions; i++) {
		const struct limber_report_session *s = &r->sessions[i];

		if (limber_local_day(s->started) != day || s->before < 0)
			continue;
		if (b.len > 0)
			strbuf_puts(&b, ", ");
		if (s->after >= 0)
			strbuf_printf(&b, "%d \u2192 %d", s->before, s->after);
		else
			strbuf_printf(&b, "%d \u2192 ?", s->before);
	}
	return strbuf_take(&b);
}

static void
section_doses(struct doc *d)
{
	static const struct column cols[] = {
		{ N_("Day"), 0, 80 },
		{ N_("Pain"), 80, 70 },
		{ N_("Repetitions changed"), 150, 150 },
		{ N_("Notes"), 300, 195 },
	};
	const struct limber_report *r = d->r;
	size_t i = 0, k = 0;
	bool first = true;

	heading(d, _("Doses and notes"), 40);
	if (r->ndoses == 0 && r->nnotes == 0) {
		para(d,
		    _("No stretch's repetitions changed and no note was "
		      "written in these weeks."),
		    false, 10.5, INK, 6);
		return;
	}
	para(d,
	    _("The days when a stretch's repetitions changed or a note was "
	      "written, with that day's pain before \u2192 after each session: "
	      "what may explain a change in the charts."),
	    false, 10, INK, 4);
	while (i < r->ndoses || k < r->nnotes) {
		int64_t day = i < r->ndoses &&
			(k == r->nnotes || r->doses[i].at <= r->notes[k].at) ?
		    limber_local_day(r->doses[i].at) :
		    limber_local_day(r->notes[k].at);
		struct strbuf dose = STRBUF_INIT(0), note = STRBUF_INIT(0);
		char date[32], *pain, *dz, *nz;
		const char *cells[4];

		for (; i < r->ndoses && limber_local_day(r->doses[i].at) == day;
		     i++)
			strbuf_printf(&dose, "%s%s %d \u2192 %d",
			    dose.len > 0 ? "; " : "",
			    stretch_name(d, r->doses[i].stretch),
			    r->doses[i].from, r->doses[i].to);
		for (; k < r->nnotes && limber_local_day(r->notes[k].at) == day;
		     k++)
			strbuf_printf(&note, "%s\u201c%s\u201d",
			    note.len > 0 ? " " : "", r->notes[k].text);
		pain = day_pain(r, day);
		dz = strbuf_take(&dose);
		nz = strbuf_take(&note);
		cells[0] = day_label(date, sizeof date, day, false);
		cells[1] = pain;
		cells[2] = dz;
		cells[3] = nz;
		if (first)
			table_head(d, cols, nitems(cols), cells);
		first = false;
		table_row(d, cols, nitems(cols), cells);
		free(pain);
		free(dz);
		free(nz);
	}
	d->y += 6;
}

/* ------------------------------------------------------------------ */
/* The summary: what a reader with half a minute asks.                 */

#define BOX_PAD 10.0
/* Safety lines in the box; the rest are in the sections below. */
#define SAFETY_LINES_MAX 6
#define BOX_LINES_MAX 40

struct lines {
	char *text[BOX_LINES_MAX];
	bool bold[BOX_LINES_MAX];
	size_t n;
};

static void __attribute__((format(printf, 3, 4)))
line(struct lines *l, bool bold, const char *fmt, ...)
{
	va_list ap;

	if (l->n == BOX_LINES_MAX)
		return;
	va_start(ap, fmt);
	l->text[l->n] = xvasprintf(fmt, ap);
	va_end(ap);
	l->bold[l->n++] = bold;
}

static const char *
area_words(unsigned area)
{
	switch (area) {
	case LIMBER_AREA_UPPER:
		return _("Neck and upper back");
	case LIMBER_AREA_LOWER:
		return _("Lower back");
	case LIMBER_AREA_BOTH:
		return _("Neck and back together");
	default:
		return _("Area not said");
	}
}

/* Which of the two published thresholds a change meets, in words. */
static const char *
thresholds_words(const struct limber_stats_area *a)
{
	if (a->points && a->percent_met)
		return _("meets both thresholds");
	if (a->points)
		return _("meets the points threshold, not the percent one");
	if (a->percent_met)
		return _("meets the percent threshold, not the points one");
	return _("meets neither threshold");
}

static void
helping_lines(struct doc *d, struct lines *l)
{
	const struct limber_stats *st = &d->r->stats;
	char a[32], b[32], n1[32], n2[32], n3[32];
	bool any = false;

	line(l, true, "%s", _("Is it helping?"));
	for (unsigned i = 0; i < LIMBER_STATS_AREAS; i++) {
		const struct limber_stats_area *ar = &st->areas[i];
		double size = fabs(ar->change);

		if (ar->nfirst + ar->nlast == 0)
			continue;
		any = true;
		if (!ar->has_change) {
			/* TRANSLATORS: the area ("Lower back"), then a date. */
			line(l, false,
			    _("%s: scores before sessions since %s. The "
			      "first two weeks and the last two overlap until "
			      "there are four weeks of them, so no change is "
			      "stated yet."),
			    area_words(i),
			    day_label(a, sizeof a, ar->first_from, false));
			continue;
		}
		num(n1, sizeof n1, ar->first_mean, 1, false);
		num(n2, sizeof n2, ar->last_mean, 1, false);
		num(n3, sizeof n3, size, 1, false);
		if (size < 0.05)
			/* TRANSLATORS: the area, then two means ("3.5"). */
			line(l, false,
			    _("%s: pain before sessions %s in the "
			      "first two weeks and %s in the last two: no "
			      "change."),
			    area_words(i), n1, n2);
		else if (ar->first_mean > 0) {
			/* One point when it reads "1.0". */
			unsigned long one = size >= 0.95 && size < 1.05 ? 1 : 2;

			/* TRANSLATORS: the area, two means, the change
			   ("1.5"), a whole percent, then one of the
			   "meets ... threshold" texts. */
			if (ar->change < 0)
				line(l, false,
				    P_("%s: pain before sessions %s in the "
				       "first two weeks, %s in the last two: "
				       "%s point lower (%.0f%%), which %s for "
				       "a change people notice (%d points; "
				       "%d%%).",
					"%s: pain before sessions %s in the "
					"first two weeks, %s in the last two: "
					"%s points lower (%.0f%%), which %s "
					"for a change people notice (%d "
					"points; %d%%).",
					one),
				    area_words(i), n1, n2, n3,
				    fabs(ar->percent), thresholds_words(ar),
				    LIMBER_CHANGE_POINTS,
				    LIMBER_CHANGE_PERCENT);
			else
				line(l, false,
				    P_("%s: pain before sessions %s in the "
				       "first two weeks, %s in the last two: "
				       "%s point higher (%.0f%%), which %s for "
				       "a change people notice (%d points; "
				       "%d%%).",
					"%s: pain before sessions %s in the "
					"first two weeks, %s in the last two: "
					"%s points higher (%.0f%%), which %s "
					"for a change people notice (%d "
					"points; %d%%).",
					one),
				    area_words(i), n1, n2, n3,
				    fabs(ar->percent), thresholds_words(ar),
				    LIMBER_CHANGE_POINTS,
				    LIMBER_CHANGE_PERCENT);
		} else
			line(l, false,
			    _("%s: pain before sessions %s in the "
			      "first two weeks, %s in the last two: %s "
			      "higher, which %s for a change people notice "
			      "(%d points; %d%%)."),
			    area_words(i), n1, n2, n3, thresholds_words(ar),
			    LIMBER_CHANGE_POINTS, LIMBER_CHANGE_PERCENT);
	}
	if (!any)
		line(l, false, "%s",
		    _("No pain score was given before a session in "
		      "these weeks."));
	if (st->nchange > 0)
		line(l, false,
		    _("Within sessions: of %d with a score at the start "
		      "and at the end, %d ended with less pain (%d%%), %d "
		      "with more, %d the same."),
		    st->nchange, st->nbetter,
		    (int)(100.0 * st->nbetter / st->nchange + 0.5), st->nworse,
		    st->nsame);
	if (st->peg.n >= 2) {
		/* TRANSLATORS: PEG's first and last mean ("4.3") with their
		   dates, then the change ("1.0"). */
		line(l, false,
		    st->peg.change < 0 ?
			_("PEG (pain and how much it gets in the way of life and "
			  "activity; 0-10, lower is better): %s on %s, %s on %s: "
			  "%s lower.") :
			st->peg.change > 0 ?
			_("PEG (pain and how much it gets in the way of life and "
			  "activity; 0-10, lower is better): %s on %s, %s on %s: "
			  "%s higher.") :
			_("PEG (pain and how much it gets in the way of life and "
			  "activity; 0-10, lower is better): %s on %s, %s on %s: "
			  "%s the same."),
		    num(n1, sizeof n1, st->peg.first, 1, false),
		    when(a, sizeof a, st->peg.first_at, false),
		    num(n2, sizeof n2, st->peg.last, 1, false),
		    when(b, sizeof b, st->peg.last_at, false),
		    num(n3, sizeof n3, fabs(st->peg.change), 1, false));
	} else if (st->peg.n == 1)
		line(l, false,
		    _("PEG (0-10, lower is better): %s on %s, the "
		      "only answer so far."),
		    num(n1, sizeof n1, st->peg.first, 1, false),
		    when(a, sizeof a, st->peg.first_at, false));
	if (st->psfs.n >= 2) {
		char *changed = st->psfs.same_activities ?
		    xstrdup("") :
		    xasprintf(" %s",
			_("The activities changed between the two."));

		/* TRANSLATORS: the first and last mean ("4.5") with their
		   dates, the change ("2.0"), the points that matter; the last
		   %s is empty or " The activities changed between the two." */
		line(l, false,
		    st->psfs.change > 0 ?
			_("Activities the person named (PSFS; 0 cannot do, 10 as "
			  "before the pain): mean %s on %s, %s on %s: %s better; "
			  "%d points is a change that matters.%s") :
			st->psfs.change < 0 ?
			_("Activities the person named (PSFS; 0 cannot do, 10 as "
			  "before the pain): mean %s on %s, %s on %s: %s worse; "
			  "%d points is a change that matters.%s") :
			_("Activities the person named (PSFS; 0 cannot do, 10 as "
			  "before the pain): mean %s on %s, %s on %s: %s points, "
			  "no change; %d points is a change that matters.%s"),
		    num(n1, sizeof n1, st->psfs.first, 1, false),
		    when(a, sizeof a, st->psfs.first_at, false),
		    num(n2, sizeof n2, st->psfs.last, 1, false),
		    when(b, sizeof b, st->psfs.last_at, false),
		    num(n3, sizeof n3, fabs(st->psfs.change), 1, false),
		    LIMBER_PSFS_CHANGE_POINTS, changed);
		free(changed);
	}
	if (d->r->nactivities > 0) {
		struct strbuf acts = STRBUF_INIT(0);
		char *t;

		for (size_t i = 0; i < d->r->nactivities; i++) {
			const struct limber_report_activity *act =
			    &d->r->activities[i];

			strbuf_printf(&acts, "%s%s %d \u2192 ",
			    i > 0 ? "; " : "", act->activity, act->first);
			if (act->last >= 0)
				strbuf_printf(&acts, "%d", act->last);
			else
				strbuf_puts(&acts, _("not scored"));
		}
		t = strbuf_take(&acts);
		/* TRANSLATORS: "gardening 2 -> 6; walking 3 -> 5". */
		line(l, false, _("By activity: %s."), t);
		free(t);
	}
	if (st->psfs.n == 1)
		line(l, false,
		    _("Activities the person named (PSFS; 0-10, higher is "
		      "better): mean %s on %s, the only scoring so far."),
		    num(n1, sizeof n1, st->psfs.first, 1, false),
		    when(a, sizeof a, st->psfs.first_at, false));
}

static void
done_lines(struct doc *d, struct lines *l)
{
	const struct limber_report *r = d->r;
	const struct limber_stats *st = &r->stats;
	char a[32], n1[32], n2[32];

	line(l, true, "%s", _("Is it being done?"));
	if (st->has_first_record)
		/* TRANSLATORS: sessions, a date, sessions a week ("2.5")
		   over weeks ("4.0"), then how the sessions ended. */
		line(l, false,
		    P_("%d session from the first record in these weeks, on "
		       "%s: %s a week over %s weeks. %d went to the end, %d "
		       "stopped early, %d cut short.",
			"%d sessions from the first record in these weeks, on "
			"%s: %s a week over %s weeks. %d went to the end, %d "
			"stopped early, %d cut short.",
			(unsigned long)st->record_sessions),
		    st->record_sessions,
		    when(a, sizeof a, st->first_record, false),
		    num(n1, sizeof n1, st->record_per_week, 1, false),
		    num(n2, sizeof n2, st->record_weeks, 1, false), r->done,
		    r->stopped, r->interrupted);
	if (r->has_adherence && r->adherence.shown > 0)
		line(l, false,
		    P_("Planned: the reminders asked for a session %d time; "
		       "%d of those started one at once.",
			"Planned: the reminders asked for a session %d times; "
			"%d of those started one at once.",
			(unsigned long)r->adherence.shown),
		    r->adherence.shown, r->adherence.started);
	else
		line(l, false, "%s",
		    _("Planned: no reminders were set, so there is no "
		      "schedule to hold these against; the count is of "
		      "sessions started."));
}

static void
unsafe_lines(struct doc *d, struct lines *l)
{
	const struct limber_report *r = d->r;
	size_t flagged = r->nscreenings - r->nscreenings_clear, shown = 0;
	char at[64];

	line(l, true, "%s", _("Was anything unsafe?"));
	if (r->safety_stops == 0 && flagged == 0)
		line(l, false, "%s",
		    _("No session was stopped for pain or a warning "
		      "sign, and no safety check said to see a clinician."));
	for (size_t i = 0; i < r->nsessions; i++) {
		const struct limber_report_session *s = &r->sessions[i];
		char *why;

		if (!s->safety_stop || shown++ >= SAFETY_LINES_MAX)
			continue;
		why = limber_stop_reason_words(s->reason != NULL ?
			s->reason :
			"stopped");
		line(l, false, "%s: %s", when(at, sizeof at, s->ended, true),
		    why);
		free(why);
	}
	for (size_t i = 0; i < r->nscreenings; i++) {
		const struct limber_report_screening *s = &r->screenings[i];
		struct strbuf yes = STRBUF_INIT(0);
		char *y;

		if (s->verdict < LIMBER_LEVEL_SEE_CLINICIAN ||
		    shown++ >= SAFETY_LINES_MAX)
			continue;
		for (size_t k = 0; k < s->nyes; k++)
			strbuf_printf(&yes, "%s%s", k > 0 ? ", " : "",
			    s->yes[k]);
		y = strbuf_take(&yes);
		if (s->nyes > 0)
			/* TRANSLATORS: a date and time, a verdict ("see a
			   clinician first"), the questions answered yes. */
			line(l, false,
			    _("%s: a safety check said %s; yes to "
			      "%s."),
			    when(at, sizeof at, s->at, true),
			    verdict_text(s->verdict), y);
		else
			line(l, false, _("%s: a safety check said %s."),
			    when(at, sizeof at, s->at, true),
			    verdict_text(s->verdict));
		free(y);
	}
	if (shown > SAFETY_LINES_MAX)
		line(l, false, _("And %zu more, in the sections below."),
		    shown - SAFETY_LINES_MAX);
	if (r->nscreenings_clear > 0)
		line(l, false,
		    P_("%zu safety check found nothing that needs a "
		       "clinician.",
			"%zu safety checks found nothing that needs a "
			"clinician.",
			r->nscreenings_clear),
		    r->nscreenings_clear);
}

static void
section_summary(struct doc *d)
{
	struct lines l = { 0 };
	double tw = d->w - 2 * MARGIN - 2 * BOX_PAD, h = 2 * BOX_PAD, top;

	helping_lines(d, &l);
	done_lines(d, &l);
	unsafe_lines(d, &l);
	for (size_t i = 0; i < l.n; i++)
		h += render_cairo_text(d->cr, l.text[i], l.bold[i],
			 l.bold[i] ? 11 : 9.5, 0, 0, tw - (l.bold[i] ? 0 : 10),
			 INK, false) +
		    (l.bold[i] && i > 0 ? 6 : 2);
	need(d, h);
	top = d->y;
	d->y += BOX_PAD;
	for (size_t i = 0; i < l.n; i++) {
		double x = MARGIN + BOX_PAD + (l.bold[i] ? 0 : 10);

		if (l.bold[i] && i > 0)
			d->y += 4;
		d->y += render_cairo_text(d->cr, l.text[i], l.bold[i],
			    l.bold[i] ? 11 : 9.5, x, d->y,
			    tw - (l.bold[i] ? 0 : 10), INK, d->draw) +
		    2;
		free(l.text[i]);
	}
	d->y = top + h;
	if (d->draw) {
		render_cairo_ink(d->cr, INK);
		cairo_set_line_width(d->cr, 1.2);
		cairo_set_dash(d->cr, NULL, 0, 0);
		cairo_rectangle(d->cr, MARGIN, top, d->w - 2 * MARGIN, h);
		cairo_stroke(d->cr);
	}
	d->y += 10;
}

/*
 * The sections in order. To add one, write a function that draws it at
 * d->y through heading(), para(), need() and the table helpers, moving
 * d->y on, and list it here.
 */
static void (*const sections[])(struct doc *d) = {
	section_summary,
	section_pain,
	section_relief,
	section_sessions,
	section_doses,
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

	para(d, _("Is the stretching helping?"), true, 21, INK, 2);
	if (localtime_r(&now, &tm) == NULL || strftime(zone, sizeof zone,
	    "%Z", &tm) == 0)
		snprintf(zone, sizeof zone, "%s", _("local time"));
	/* TRANSLATORS: the report's dates, its weeks, when it was made,
	   then a time zone ("CET", or "local time"). */
	s = xasprintf(P_("A progress report from limber's journal: %s (%d "
			 "week). Made on %s; times are in %s.",
			  "A progress report from limber's journal: %s (%d "
			  "weeks). Made on %s; times are in %s.",
			  (unsigned long)r->weeks),
	    d->title_dates, r->weeks, when(buf, sizeof buf, r->now, true),
	    zone);
	para(d, s, false, 10.5, GREY, 4);
	free(s);
	para(d,
	    _("limber is a stretching coach for back pain. It asks about "
	      "warning signs before each session and stops a session when pain "
	      "rises. It is not a diagnosis."),
	    false, 9.5, GREY, 6);
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
	/* TRANSLATORS: the report's weeks, from its first day to its last. */
	snprintf(dates, size, _("%s to %s"),
	    day_label(a, sizeof a, r->first_day, true),
	    day_label(b, sizeof b, r->last_day, true));
	d->title_dates = dates;
}

bool
render_report_plot_area(const struct limber_report *r, double *x, double *y,
    double *w, double *h, int64_t *t0, int64_t *t1)
{
	struct doc d;
	char dates[80];

	doc_init(&d, r, NULL, dates, sizeof dates);
	(void)measure(&d);
	*x = d.plot_x;
	*y = d.plot_y;
	*w = d.plot_w;
	*h = d.plot_h;
	*t0 = d.plot_t0;
	*t1 = d.plot_t1;
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
		    CAIRO_PDF_METADATA_TITLE,
		    _("Is the stretching helping? A progress report"));
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
			    xasprintf(_("cannot write %s: %s"), path,
				strerror(err)) :
			    xasprintf(_("cannot make %s: %s"), path,
				cairo_status_to_string(status));
		return LIMBER_ERR_IO;
	}
	return render_file_commit(rf, cause);
}
