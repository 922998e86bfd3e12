/*
 * handout.c - a printable routine as PDF, for a clinician to hand over.
 *
 * The first page starts with a title and the date, a line for the
 * patient's name and one for the clinician's, when to stop (the rules the
 * session keeps) and when to get help (the red flags of the plan's area,
 * from the screening's own table, at its levels, in two columns). Then each
 * stretch of the plan is one block: its name with a week of boxes to tick,
 * its dose, a grid of figures two wide at the left with the numbered steps
 * beside them and running on under them, then its cautions at the same
 * size as the steps. A hold is not a figure of its own: it is the position
 * of the step before it, so that figure carries a "hold N s" mark and the
 * hold's words join that step's.
 *
 * A block never breaks across pages: it is measured first (the same code
 * lays it out without drawing) and goes to a new page when it does not
 * fit. The whole sheet is set at one text size, the largest of a short
 * list that puts two stretches to a page (one page for one or two); the
 * figures keep their width whatever the size. Text is laid out by pango in
 * DejaVu Sans, which cairo embeds in the PDF, so the handout prints the
 * same anywhere.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "cairo-draw.h"
#include "limber/render.h"
#include "i18n.h"
#include "util.h"

#define SIDE 28.0     /* the page's margins, points (10 mm) */
#define FOOT 14.0     /* the band under the content that holds the footer */
#define FIG_W 130.0   /* a figure's width: 45.9 mm, whatever the text size */
#define TALLEST 400.0 /* taller than any frame: a figure's full height */
#define FIG_GAP 5.0   /* between figures in the grid */
#define COL_GAP 10.0  /* between the figures and the text beside them */
#define BOX_PAD 5.5   /* inside a box, round its text */
#define INK 0x1d2733u
#define GREY 0x5f6b78u
#define WARN 0x9a2a1au
#define FRAME 0xc3cad3u
#define HOLD_TINT 0xfbe3b4u
/* A space no line breaks at: "Hold 10 s:" and "(5 s)" stay whole. */

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* The text says the scale's and the stop rules' numbers: keep it true. */
_Static_assert(LIMBER_PAIN_MIN == 0 && LIMBER_PAIN_MAX == 10,
    "the handout's stop text says 0 to 10");
_Static_assert(LIMBER_PAIN_STOP_RISE == 2 && LIMBER_PAIN_STOP_ABOVE == 5,
    "the handout's stop text says 2 points or more, or above 5");

/* TRANSLATORS: the handout's "When to stop" box; keep its numbers. */
static const char stop_text[] = N_(
    "Stretch only to a gentle pull, never into pain. Stop at once if you "
    "feel sharp or shooting pain, pain that spreads into an arm or a leg, "
    "numbness or tingling, or dizziness. Stop too if your pain rises 2 "
    "points or more above where it was when you started (on a scale from 0 "
    "to 10), or goes above 5.");

/*
 * When to get help comes from the screening's own tables (limber_signs), so
 * each sign is printed at the level the screening gives the same answer,
 * and only the signs asked for the plan's area are listed.
 */
static const char help_order[] =
    N_("If a sign is in more than one list, do what the first list says.");

/* TRANSLATORS: the days of the week, short, above boxes to tick. */
static const char *const days[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
	N_("Fri"), N_("Sat"), N_("Sun") };

/*
 * One text size for the steps, the cautions, the stop rules and the signs
 * (body), and the figures' height; the sheet takes the first that keeps to
 * two stretches a page. DejaVu Sans is large for its size (7.5 points
 * read as most fonts' 8.5); below that a patient would struggle, so a
 * longer plan takes more pages rather than smaller type. The last sizes
 * are only for a single stretch too long for a page.
 */
static const struct {
	double body, fig_h;
} sizes[] = {
	{ 11, 86 },
	{ 10.5, 82 },
	{ 10, 78 },
	{ 9.5, 74 },
	{ 9, 70 },
	{ 8.5, 62 },
	{ 8, 58 },
	{ 7.5, 54 },
	{ 7, 50 },
	{ 6, 44 },
};
#define READABLE 8 /* sizes[] up to here are for the whole sheet */

struct doc {
	cairo_t *cr;
	const struct render_handout *o;
	bool draw;		/* false: measure only */
	double w, h;		/* the page */
	double x, cw;		/* the content's left and width */
	double top, bottom;	/* the content's band */
	double y;		/* where the next block starts */
	int page, pages;
	double body, fig_h;
	struct {
		const struct limber_step *step;
		double h; /* natural_height() */
	} known[64];
	size_t nknown;
};

/* Where a paragraph's lines go: beside the figures until below them. */
struct flow {
	double x, w; /* the block, across */
	/*
	 * Regions down the figures' side: a line starting above bottom[i]
	 * (and below those before) starts at left[i]; below all, at x.
	 */
	double bottom[2], left[2];
	size_t n;
};

static char *
escape(const char *s)
{
	char *g = g_markup_escape_text(s, -1), *r = xstrdup(g);

	g_free(g);
	return r;
}

/*
 * A text of ours in the person's language, made safe for pango's markup
 * (a translation may hold an '&'). Kept here until the next call with
 * the same slot, so that a caller need not free it: slots are few and
 * each call site uses one. A handout is made by one thread at a time
 * (limber handout; the server makes none).
 */
enum { TR_TITLE, TR_BODY, TR_LABEL, TR_SLOTS };

static const char *
tr(int slot, const char *english)
{
	static char *kept[TR_SLOTS];

	free(kept[slot]);
	kept[slot] = escape(_(english));
	return kept[slot];
}

/*
 * A layout of markup in RENDER_FONT at size points, width wide. Ligatures
 * are off, as in render_cairo_text, so the text reads back letter for
 * letter.
 */
static PangoLayout *
layout_new(cairo_t *cr, const char *markup, bool bold, double size,
    double width)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *font =
	    pango_font_description_from_string(RENDER_FONT);
	PangoAttrList *attrs;

	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, font);
	pango_font_description_free(font);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_markup(l, markup, -1);
	attrs = pango_layout_get_attributes(l);
	attrs = attrs != NULL ?
	    pango_attr_list_copy(attrs) :
	    pango_attr_list_new();
	pango_attr_list_insert(attrs,
	    pango_attr_font_features_new("liga=0, clig=0"));
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	return l;
}

static double
layout_height(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double
layout_width(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

/* Markup at x, y in a column width wide (0: one line); returns its height. */
static double
text(struct doc *d, const char *markup, bool bold, double size, double x,
    double y, double width, uint32_t rgb)
{
	PangoLayout *l = layout_new(d->cr, markup, bold, size, width);
	double h = layout_height(l);

	if (d->draw) {
		render_cairo_ink(d->cr, rgb);
		cairo_move_to(d->cr, x, y);
		pango_cairo_show_layout(d->cr, l);
	}
	g_object_unref(l);
	return h;
}

/* The width of one line of markup. */
static double
text_width(struct doc *d, const char *markup, bool bold, double size)
{
	PangoLayout *l = layout_new(d->cr, markup, bold, size, 0);
	double w = layout_width(l);

	g_object_unref(l);
	return w;
}

/*
 * A paragraph at y in f: each line starts at the left of the region it
 * starts in (beside two figures, beside the last one alone, or across the
 * block), so no room is left empty under short figures or beside long
 * text. lead (a number or a bullet, or NULL) hangs in the first indent
 * points. Returns the y under it.
 */
static double
flow(struct doc *d, const struct flow *f, double y, const char *lead,
    double indent, const char *markup, double size, uint32_t rgb)
{
	PangoLayout *l = NULL;
	const char *rest = markup;
	PangoAttrList *attrs = NULL;
	bool first = true;

	for (;;) {
		size_t r = 0;
		double x, bottom;
		PangoLayoutIter *it;
		int split = -1;
		double split_y = y;

		while (r < f->n && y >= f->bottom[r])
			r++;
		x = r < f->n ? f->left[r] : f->x;
		bottom = r < f->n ? f->bottom[r] : INFINITY;
		if (first) {
			if (lead != NULL)
				text(d, lead, true, size, x, y, indent, rgb);
			l = layout_new(d->cr, markup, false, size,
			    f->x + f->w - x - indent);
			first = false;
		} else {
			/* The rest of the text, in the same styles. */
			PangoLayout *next = layout_new(d->cr, "", false, size,
			    f->x + f->w - x - indent);

			pango_layout_set_text(next, rest, -1);
			pango_layout_set_attributes(next, attrs);
			g_object_unref(l);
			l = next;
		}
		it = pango_layout_get_iter(l);
		do {
			PangoLayoutLine *line =
			    pango_layout_iter_get_line_readonly(it);
			PangoRectangle e;
			double top;

			pango_layout_iter_get_line_extents(it, NULL, &e);
			top = y + (double)e.y / PANGO_SCALE;
			/* A last line stays in line with the rest. */
			if (top >= bottom && line->start_index > 0 &&
			    !pango_layout_iter_at_last_line(it)) {
				split = line->start_index;
				split_y = top;
				break;
			}
			if (d->draw) {
				int base = pango_layout_iter_get_baseline(it);

				cairo_move_to(d->cr,
				    x + indent + (double)e.x / PANGO_SCALE,
				    y + (double)base / PANGO_SCALE);
				render_cairo_ink(d->cr, rgb);
				pango_cairo_show_layout_line(d->cr, line);
			}
		} while (pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
		if (split < 0) {
			y += layout_height(l);
			break;
		}
		if (attrs != NULL)
			pango_attr_list_unref(attrs);
		attrs = pango_attr_list_copy(pango_layout_get_attributes(l));
		pango_attr_list_update(attrs, 0, split, 0);
		rest = pango_layout_get_text(l) + split;
		y = split_y;
	}
	if (attrs != NULL)
		pango_attr_list_unref(attrs);
	g_object_unref(l);
	return y;
}

static void
stroke_line(cairo_t *cr, uint32_t rgb, double width, double x0, double y0,
    double x1, double y1)
{
	render_cairo_ink(cr, rgb);
	cairo_set_line_width(cr, width);
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x1, y1);
	cairo_stroke(cr);
}

static void
rounded(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
	cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
}

static void
footer(struct doc *d)
{
	char *s;

	if (!d->draw)
		return;
	/* TRANSLATORS: the handout's footer: the date, then page numbers. */
	s = xasprintf(_("limber — stretching routine of %s — page %d of %d"),
	    d->o->date, d->page, d->pages);
	text(d, s, false, 7.5, d->x, d->h - SIDE - 8, d->cw, GREY);
	free(s);
}

static void
new_page(struct doc *d)
{
	footer(d);
	if (d->draw)
		cairo_show_page(d->cr);
	d->page++;
	d->y = d->top;
}

/*
 * Room for a block h high at d->y: a new page when it does not fit what is
 * left of this one (a block at the top of a page stays there).
 */
static void
make_room(struct doc *d, double h)
{
	if (d->y > d->top && d->y + h > d->bottom)
		new_page(d);
}

/* ------------------------------------------------------------------ */
/* The first page's head: title, who it is for, when to stop and get help */

/* A label and a line to write on, x to x + w; the name above the line. */
static void
write_line(struct doc *d, const char *label, const char *filled, double x,
    double y, double w, double h)
{
	double lw = text_width(d, label, true, d->body) + 6;

	if (!d->draw)
		return;
	text(d, label, true, d->body, x, y + h - d->body * 1.45, 0, INK);
	stroke_line(d->cr, GREY, 0.7, x + lw, y + h - 1, x + w, y + h - 1);
	if (filled != NULL) {
		/* One line on the line: a long name is set smaller to fit. */
		char *s = escape(filled);
		double size = d->body * 1.15, room = w - lw - 8;
		double tw = text_width(d, s, false, size);

		if (tw > room)
			size *= room / tw;
		text(d, s, false, size, x + lw + 4, y + h - 2 - size * 1.2, 0,
		    INK);
		free(s);
	}
}

static void
head(struct doc *d, const struct limber_plan *plan)
{
	double h, half = (d->cw - 24) / 2;
	char *line;
	/* The plan's one length, as limber plan and the session give it. */
	int minutes = (limber_plan_session_seconds(plan) + 59) / 60;

	d->y += 1 +
	    text(d, tr(TR_TITLE, N_("Your stretching routine")), true,
		d->body * 1.7, d->x, d->y, d->cw, INK);
	{
		char *n = xasprintf(P_("%zu stretch", "%zu stretches",
					plan->nitems),
		    plan->nitems);
		char *t = plan->rounds == 1 ?
		    /* TRANSLATORS: how often the whole plan is gone
		       through, when it is one time. */
		    xstrdup(C_("how often", "once")) :
		    xasprintf(P_("%d time", "%d times",
				  (unsigned long)plan->rounds),
			plan->rounds);

		/* TRANSLATORS: under the handout's title: the date, the
		   minutes, "4 stretches" and "once" or "2 times". */
		line = xasprintf(P_("Made on %s. About %d minute in all: %s, "
				    "gone through %s.",
				     "Made on %s. About %d minutes in all: %s, "
				     "gone through %s.",
				     (unsigned long)minutes),
		    d->o->date, minutes, n, t);
		free(n);
		free(t);
	}
	{
		char *e = escape(line);

		d->y += text(d, e, false, d->body, d->x, d->y, d->cw, GREY);
		free(e);
	}
	free(line);
	/* Lines to write on, tall enough for a pen. */
	h = d->body * 2.4;
	write_line(d, tr(TR_LABEL, N_("Patient")), d->o->name, d->x, d->y, half,
	    h);
	write_line(d, tr(TR_LABEL, N_("Clinician")), NULL, d->x + half + 24,
	    d->y, half, h);
	d->y += h + d->body;
}

/* A tinted box with a title and a bar at its left, at d->y, h high. */
static void
box(struct doc *d, const char *title, uint32_t tint, uint32_t ink, double h)
{
	if (!d->draw)
		return;
	render_cairo_ink(d->cr, tint);
	cairo_rectangle(d->cr, d->x, d->y, d->cw, h);
	cairo_fill(d->cr);
	render_cairo_ink(d->cr, ink);
	cairo_rectangle(d->cr, d->x, d->y, 3, h);
	cairo_fill(d->cr);
	text(d, title, true, d->body * 1.2, d->x + BOX_PAD + 3, d->y + BOX_PAD,
	    d->cw - 2 * BOX_PAD, ink);
}

static double
box_title(struct doc *d)
{
	return d->body * 1.2 * 1.3 + 3;
}

/* When to stop, across the page, at the steps' size. */
static void
stop_box(struct doc *d)
{
	double x = d->x + BOX_PAD + 3, w = d->cw - 2 * BOX_PAD - 3, h;
	bool draw = d->draw;

	d->draw = false;
	h = text(d, tr(TR_BODY, stop_text), false, d->body, x, 0, w, INK);
	d->draw = draw;
	h += 2 * BOX_PAD + box_title(d);
	make_room(d, h);
	box(d, tr(TR_TITLE, N_("When to stop")), 0xfbeae7u, WARN, h);
	text(d, tr(TR_BODY, stop_text), false, d->body, x,
	    d->y + BOX_PAD + box_title(d), w, INK);
	d->y += h + d->body * 0.6;
}

/*
 * Sign i of sg in a column w wide at x, y, under its level's heading when
 * it is the first of its level (with room above unless first in its
 * column); returns its height.
 */
static double
sign_entry(struct doc *d, const struct limber_sign *sg, size_t i, bool top,
    double x, double y, double w)
{
	const double bullet = d->body * 1.1;
	double y0 = y;

	if (i == 0 || sg[i].level != sg[i - 1].level) {
		/* The worst level stands out in the warning colour. */
		uint32_t ink = sg[i].level == LIMBER_LEVEL_EMERGENCY ?
		    WARN :
		    INK;
		char *s = escape(limber_level_help(sg[i].level));

		y += top ? 0 : d->body * 0.4;
		y += text(d, s, true, d->body, x, y, w, ink) + 1;
		free(s);
	}
	text(d, "•", false, d->body, x, y, bullet, INK);
	{
		char *s = escape(sg[i].text);

		y += text(d, s, false, d->body, x + bullet, y, w - bullet, INK);
		free(s);
	}
	return y - y0 + 1;
}

/*
 * When to get help with a plan for area, across the page: the signs in two
 * columns, split where the columns come out most even.
 */
static void
help_box(struct doc *d, unsigned area)
{
	double x = d->x + BOX_PAD + 3, w = d->cw - 2 * BOX_PAD - 3;
	double cw = (w - 16) / 2, order_h, *eh, total = 0, best = -1, h, y;
	double col_y = 0, order_x;
	struct limber_sign *sg;
	bool draw = d->draw;
	size_t n, split = 0;

	sg = limber_signs(area, &n);
	eh = xcalloc(n + 1, sizeof *eh);
	d->draw = false;
	/* Which list comes first: beside the title when there is room. */
	order_x = x +
	    text_width(d, tr(TR_TITLE, N_("When to get help")), true,
		d->body * 1.2) +
	    d->body;
	if (order_x + text_width(d, tr(TR_BODY, help_order), false, d->body) <=
	    x + w)
		order_h = 0;
	else {
		order_x = x;
		order_h = text(d, tr(TR_BODY, help_order), false, d->body, x, 0,
			      w, GREY) +
		    d->body * 0.4;
	}
	for (size_t i = 0; i < n; i++)
		total += eh[i] = sign_entry(d, sg, i, i == 0, x, 0, cw);
	/* Column two starts with the entry after split, at its top. */
	for (size_t k = 1; k < n; k++) {
		double a = 0, b;

		for (size_t i = 0; i < k; i++)
			a += eh[i];
		b = sign_entry(d, sg, k, true, x, 0, cw);
		for (size_t i = k + 1; i < n; i++)
			b += eh[i];
		if (best < 0 || fmax(a, b) < best) {
			best = fmax(a, b);
			split = k;
		}
	}
	if (n < 2) {
		best = total;
		split = n;
	}
	d->draw = draw;
	h = 2 * BOX_PAD + box_title(d) + order_h + best;
	make_room(d, h);
	box(d, tr(TR_TITLE, N_("When to get help")), 0xeef3f8u, INK, h);
	y = d->y + BOX_PAD + box_title(d);
	text(d, tr(TR_BODY, help_order), false, d->body, order_x,
	    order_h > 0 ? y : d->y + BOX_PAD + d->body * 0.2 * 1.17,
	    x + w - order_x, GREY);
	y += order_h;
	for (size_t i = 0; i < n; i++) {
		double cx = i < split ? x : x + cw + 16;

		if (i == 0 || i == split)
			col_y = y;
		col_y += sign_entry(d, sg, i, i == 0 || i == split, cx, col_y,
		    cw);
	}
	free(eh);
	free(sg);
	d->y += h + d->body * 0.6;
}

/* A paragraph across the page, under a title when title is not NULL. */
static void
paragraph(struct doc *d, const char *title, const char *body)
{
	double h = 0, th = 0;
	bool draw = d->draw;
	char *s = escape(body);

	d->draw = false;
	if (title != NULL)
		th = 2 +
		    text(d, title, true, d->body * 1.1, d->x, 0, d->cw, INK);
	h = th + text(d, s, false, d->body, d->x, 0, d->cw, INK);
	d->draw = draw;
	make_room(d, h);
	if (title != NULL)
		text(d, title, true, d->body * 1.1, d->x, d->y, d->cw, INK);
	text(d, s, false, d->body, d->x, d->y + th, d->cw, INK);
	free(s);
	d->y += h + d->body * 0.6;
}

/* ------------------------------------------------------------------ */
/* A stretch                                                            */

static void
dose_text(const struct limber_plan_item *it, char *buf, size_t size)
{
	char reps[96], hold[96];
	int m = it->seconds / 60, s = it->seconds % 60;

	/* Whole sentences' parts, each a format of its own (docs/i18n.md). */
	if (it->sides == 2)
		snprintf(reps, sizeof reps,
		    P_("%d repetition on each side, left then right",
			"%d repetitions on each side, left then right",
			(unsigned long)it->reps),
		    it->reps);
	else
		snprintf(reps, sizeof reps,
		    P_("%d repetition", "%d repetitions",
			(unsigned long)it->reps),
		    it->reps);
	if (it->rest_s > 0)
		/* TRANSLATORS: a stretch's hold and rest, in seconds. */
		snprintf(hold, sizeof hold, _("hold %d s, rest %d s between"),
		    it->hold_s, it->rest_s);
	else
		snprintf(hold, sizeof hold, _("hold %d s"), it->hold_s);
	/* TRANSLATORS: "3 repetitions, hold 20 s. About 2:30 in all.": the
	   repetitions, the hold, then minutes and seconds. */
	snprintf(buf, size, _("%s, %s. About %d:%02d in all."), reps, hold, m,
	    s);
}

/* The days of a week with a box to tick after each; returns its width. */
static double
week(struct doc *d, double x, double y)
{
	const double label = d->body * 0.85, sq = d->body * 1.3;
	double x0 = x;

	for (size_t i = 0; i < nitems(days); i++) {
		const char *day = tr(TR_LABEL, days[i]);
		double dw = text_width(d, day, false, label);

		x += dw + 2;
		if (d->draw) {
			text(d, day, false, label, x - dw - 2,
			    y + (sq - label * 1.17) / 2, 0, GREY);
			render_cairo_ink(d->cr, INK);
			cairo_set_line_width(d->cr, 0.8);
			cairo_rectangle(d->cr, x, y, sq, sq);
			cairo_stroke(d->cr);
		}
		x += sq + (i + 1 < nitems(days) ? d->body * 0.7 : 0);
	}
	return x - x0;
}

/*
 * Whether step i is drawn: every step but a hold that follows another
 * step, which shows the same position and is marked on that step's figure.
 */
static bool
has_figure(const struct limber_step *steps, size_t i)
{
	return i == 0 || !steps[i].hold;
}

/* The strip at the top of a figure's frame for its number and its hold. */
static double
band(const struct doc *d)
{
	return d->body * 1.5;
}

/*
 * The figure of a step: its pose, and the pose of the step before it to
 * show the movement from (a ghost and an arrow), or none for the first
 * step or when a step has no pose.
 */
static bool
step_poses(const struct limber_step *steps, size_t i, struct limber_pose *p,
    struct limber_pose *prev, bool *has_prev)
{
	*has_prev = i > 0 && limber_step_pose(&steps[i - 1], 1, prev);
	return limber_step_pose(&steps[i], 1, p);
}

/*
 * The height the figure of step i needs at FIG_W wide: the least at which
 * it is as large as its width allows. A figure lying on the floor needs
 * little; a standing one more than any frame gives it.
 */
static double
natural_height(const struct limber_step *steps, size_t i)
{
	struct render_scene *sc = xcalloc(1, sizeof *sc);
	struct limber_pose pose, prev;
	struct render_fit f;
	double lo = 0, hi = TALLEST, full;
	bool has_prev;

	if (!step_poses(steps, i, &pose, &prev, &has_prev)) {
		free(sc);
		return 0;
	}
	render_scene_build_motion(sc, &pose, has_prev ? &prev : NULL);
	render_fit_scene(sc, FIG_W - 6, hi - 3, &f);
	full = f.scale;
	/* The least height that keeps the scale, to half a point. */
	while (hi - lo > 0.5) {
		double mid = (lo + hi) / 2;

		render_fit_scene(sc, FIG_W - 6, mid - 3, &f);
		if (f.scale >= full * 0.995)
			hi = mid;
		else
			lo = mid;
	}
	free(sc);
	return hi;
}

/*
 * The height the figure of step i needs, up to most. The sheet is laid
 * out at several sizes and each block more than once, so each figure's
 * natural height is found once (a figure is drawn from the contact
 * solver's placements, which take time) and kept in d.
 */
static double
drawing_height(struct doc *d, const struct limber_step *steps, size_t i,
    double most)
{
	size_t k;

	for (k = 0; k < d->nknown; k++)
		if (d->known[k].step == &steps[i])
			return fmin(d->known[k].h, most);
	if (k == nitems(d->known))
		return fmin(natural_height(steps, i), most);
	d->known[k].step = &steps[i];
	d->known[k].h = natural_height(steps, i);
	d->nknown++;
	return fmin(d->known[k].h, most);
}

/*
 * The figure of step i in a frame h high: its number and its hold in the
 * strip at the top, the figure under them, moving from the step before.
 */
static void
figure(struct doc *d, const struct limber_step *steps, size_t i, int number,
    int hold_s, double x, double y, double h)
{
	struct limber_pose pose, prev;
	bool has_prev;
	char num[16];

	render_cairo_ink(d->cr, FRAME);
	cairo_set_line_width(d->cr, 0.7);
	cairo_rectangle(d->cr, x, y, FIG_W, h);
	cairo_stroke(d->cr);
	if (step_poses(steps, i, &pose, &prev, &has_prev))
		render_cairo_figure_motion(d->cr, &pose,
		    has_prev ? &prev : NULL, x + 3, y + band(d), FIG_W - 6,
		    h - band(d) - 3);
	snprintf(num, sizeof num, "%d", number);
	text(d, num, true, d->body, x + 4, y + 1.5, 0, INK);
	if (hold_s > 0) {
		/* TRANSLATORS: a mark on a figure: how long it is held. */
		char *s = xasprintf(_("hold %d s"), hold_s);
		double tw = text_width(d, s, true, d->body), th = d->body * 1.3;
		double bx = x + FIG_W - tw - 9, by = y + 2;

		render_cairo_ink(d->cr, HOLD_TINT);
		rounded(d->cr, bx, by, tw + 7, th, th / 2);
		cairo_fill(d->cr);
		text(d, s, true, d->body, bx + 3.5,
		    by + (th - d->body * 1.17) / 2, 0, INK);
		free(s);
	}
}

/* "Hold 20 s: " and a step's words (markup), malloc'd. */
static char *
hold_words(int hold_s, const char *step)
{
	/* TRANSLATORS: a held step: its seconds, then its words; the
	   no-break spaces (U+00A0) keep "Hold 20 s:" on one line. */
	return xasprintf(_("<b>Hold\u00a0%d\u00a0s:</b> %s"), hold_s, step);
}

/*
 * One stretch of the plan at y (drawn when d->draw), its figures at most
 * most points tall. Returns the block's height.
 */
static double
item_at(struct doc *d, size_t number, const struct limber_plan_item *it,
    double y0, double most)
{
	const struct limber_step *steps = it->variant != NULL ?
	    it->variant->steps : it->stretch->steps;
	size_t nsteps = it->variant != NULL ? it->variant->nsteps :
	    it->stretch->nsteps;
	const double b = d->body, para = b * 0.25, num_w = b * 1.6;
	double y = y0, ww, grid_h, cell_h, bottom;
	struct flow f;
	char *s, *n, *v, *p, dose[200];
	size_t nfig = 0;
	int k;

	/* The name, and the week to tick at the right of it. */
	{
		bool draw = d->draw;

		d->draw = false;
		ww = week(d, 0, 0);
		d->draw = draw;
	}
	n = escape(limber_stretch_text(it->stretch, it->stretch->name));
	s = xasprintf("%zu. %s", number, n);
	free(n);
	{
		double th = text(d, s, true, b * 1.35, d->x, y, d->cw - ww - 16,
		    INK);

		week(d, d->x + d->cw - ww, y + (b * 1.35 * 1.17 - b * 1.3) / 2);
		y += th + 2;
	}
	free(s);

	/* The dose and where to start, across. */
	dose_text(it, dose, sizeof dose);
	v = it->variant != NULL ?
	    escape(limber_stretch_text(it->stretch, it->variant->name)) :
	    NULL;
	p = escape(limber_stretch_text(it->stretch,
	    it->variant != NULL ? it->variant->position :
				  it->stretch->position));
	{
		char *done = NULL, *start, *e = escape(dose);

		if (v != NULL)
			/* TRANSLATORS: a variant's name, in bold. */
			done = xasprintf(_("<b>Done as: %s.</b> "), v);
		/* TRANSLATORS: %s is where the stretch starts ("On your
		   back, knees bent"). */
		start = xasprintf(_("Start: %s."), p);
		s = xasprintf("%s%s <span foreground=\"#5f6b78\">%s%s%s"
			      "</span>",
		    done != NULL ? done : "", e, start,
		    it->sides == 2 ? " " : "",
		    it->sides == 2 ?
			tr(TR_BODY,
			    N_("The figures show the left side; the "
			       "right side is its mirror image.")) :
			"");
		free(done);
		free(start);
		free(e);
	}
	y += text(d, s, false, b, d->x, y, d->cw, INK) + b * 0.6;
	free(s);
	free(v);
	free(p);

	/* The figures, two wide, at the left. */
	for (size_t i = 0; i < nsteps; i++)
		nfig += has_figure(steps, i);
	/* One height for the stretch's frames: what its tallest needs. */
	cell_h = 0;
	for (size_t i = 0; i < nsteps; i++)
		if (has_figure(steps, i))
			cell_h = fmax(cell_h,
			    drawing_height(d, steps, i, most));
	cell_h += band(d);
	grid_h = nfig == 0 ?
	    0 :
	    (double)((nfig + 1) / 2) * (cell_h + FIG_GAP) - FIG_GAP;
	f.x = d->x;
	f.w = d->cw;
	f.n = 0;
	if (nfig > 1) {
		/* The rows of two, then the last figure alone. */
		f.left[f.n] = d->x + 2 * FIG_W + FIG_GAP + COL_GAP;
		f.bottom[f.n++] = y + (double)(nfig / 2) * (cell_h + FIG_GAP) -
		    FIG_GAP + b * 0.3;
	}
	if (nfig % 2 == 1) {
		f.left[f.n] = d->x + FIG_W + COL_GAP;
		f.bottom[f.n++] = y + grid_h + b * 0.3;
	}
	k = 0;
	for (size_t i = 0; i < nsteps; i++) {
		int hold = 0;

		if (!has_figure(steps, i))
			continue;
		for (size_t j = i + 1; j < nsteps && steps[j].hold; j++)
			hold = it->hold_s;
		if (steps[i].hold)
			hold = it->hold_s;
		if (d->draw)
			figure(d, steps, i, k + 1, hold,
			    d->x + (k % 2) * (FIG_W + FIG_GAP),
			    y + (k / 2) * (cell_h + FIG_GAP), cell_h);
		k++;
	}

	/* The steps, one paragraph a figure, its hold joined to it. */
	k = 0;
	for (size_t i = 0; i < nsteps; i++) {
		char *t, *num, *joined;

		if (!has_figure(steps, i))
			continue;
		t = escape(limber_stretch_text(it->stretch, steps[i].text));
		if (steps[i].hold)
			joined = hold_words(it->hold_s, t);
		else
			/* TRANSLATORS: a step, then its length in seconds;
			   the no-break space (U+00A0) keeps "(5 s)" on one
			   line. */
			joined = xasprintf(_("%s <span foreground=\"#5f6b78\">"
					     "(%d\u00a0s)</span>"),
			    t, steps[i].seconds);
		free(t);
		for (size_t j = i + 1; j < nsteps && steps[j].hold; j++) {
			char *more;

			char *h;

			t = escape(limber_stretch_text(it->stretch,
			    steps[j].text));
			h = hold_words(it->hold_s, t);
			more = xasprintf("%s %s", joined, h);
			free(h);
			free(t);
			free(joined);
			joined = more;
		}
		num = xasprintf("%d.", ++k);
		y = flow(d, &f, y, num, num_w, joined, b, INK) + para;
		free(num);
		free(joined);
	}

	/* Its cautions, at the steps' size. */
	if (it->stretch->ncautions > 0) {
		char *tc = xasprintf("<b>%s</b>",
		    tr(TR_TITLE, N_("Take care")));

		y += para;
		y = flow(d, &f, y, NULL, 0, tc, b, WARN) + 1;
		free(tc);
		for (size_t i = 0; i < it->stretch->ncautions; i++) {
			char *t = escape(limber_stretch_text(it->stretch,
			    it->stretch->cautions[i]));

			y = flow(d, &f, y, "•", b * 1.1, t, b, INK) + 1;
			free(t);
		}
	}
	bottom = fmax(y, f.n > 0 ? f.bottom[f.n - 1] : y);
	return bottom - y0;
}

/*
 * One stretch of the plan at y (drawn when d->draw). Its figures are at
 * most d->fig_h tall, or up to half as tall again when that costs no
 * room: a standing figure beside steps that run further down anyway is
 * not drawn small for nothing. Returns the block's height.
 */
static double
item(struct doc *d, size_t number, const struct limber_plan_item *it, double y0)
{
	const struct limber_step *steps = it->variant != NULL ?
	    it->variant->steps :
	    it->stretch->steps;
	size_t nsteps = it->variant != NULL ?
	    it->variant->nsteps :
	    it->stretch->nsteps;
	bool draw = d->draw, taller = false;
	double h, most = d->fig_h;

	/* Only a figure that would be larger in a taller frame asks for one. */
	for (size_t i = 0; i < nsteps; i++)
		if (has_figure(steps, i) &&
		    drawing_height(d, steps, i, TALLEST) > d->fig_h + 1)
			taller = true;
	d->draw = false;
	h = item_at(d, number, it, y0, most);
	for (double m = d->fig_h * 1.5; taller && m > d->fig_h + 1;
	     m -= d->fig_h * 0.1)
		if (item_at(d, number, it, y0, m) <= h + 0.5) {
			most = m;
			break;
		}
	d->draw = draw;
	return draw || most != d->fig_h ? item_at(d, number, it, y0, most) : h;
}

/* ------------------------------------------------------------------ */

static void
set_size(struct doc *d, size_t k)
{
	d->body = sizes[k].body;
	d->fig_h = sizes[k].fig_h;
}

/* Lay out (or draw) the whole sheet at size k; returns its pages. */
static int
sheet(struct doc *d, const struct limber_plan *plan, size_t k)
{
	d->page = 1;
	d->y = d->top;
	set_size(d, k);
	head(d, plan);
	stop_box(d);
	help_box(d, plan->area);
	if (plan->smaller_dose != NULL)
		paragraph(d, tr(TR_TITLE, N_("A smaller dose today")),
		    plan->smaller_dose);
	if (plan->note != NULL)
		paragraph(d, NULL, plan->note);
	d->y += d->body * 0.4;
	for (size_t i = 0; i < plan->nitems; i++) {
		bool draw = d->draw;
		double h;
		size_t j = k;

		d->draw = false;
		h = item(d, i + 1, &plan->items[i], d->y);
		/* A stretch too long for any page is set smaller, alone. */
		while (h > d->bottom - d->top && j + 1 < nitems(sizes)) {
			set_size(d, ++j);
			h = item(d, i + 1, &plan->items[i], d->y);
		}
		d->draw = draw;
		make_room(d, h);
		if (d->draw)
			item(d, i + 1, &plan->items[i], d->y);
		d->y += h;
		if (i + 1 < plan->nitems) {
			if (d->draw)
				stroke_line(d->cr, 0xd5dae1u, 0.8, d->x,
				    d->y + d->body * 0.5, d->x + d->cw,
				    d->y + d->body * 0.5);
			d->y += d->body * 1.1;
		}
		set_size(d, k);
	}
	footer(d);
	return d->page;
}

static cairo_status_t
write_fp(void *closure, const unsigned char *data, unsigned int length)
{
	FILE *fp = closure;

	return fwrite(data, 1, length, fp) == length ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

enum limber_status
render_handout_pdf(const char *path, const struct limber_plan *plan,
    const struct render_handout *o, char **cause)
{
	struct render_file *rf;
	cairo_surface_t *surface;
	cairo_status_t status;
	enum limber_status rc;
	struct doc d = { .o = o };
	int goal, fewest = 0, pages[nitems(sizes)] = { 0 };
	size_t pick = READABLE - 1;
	FILE *fp;

	d.w = o->paper == RENDER_PAPER_LETTER ? 612 : 595.28;
	d.h = o->paper == RENDER_PAPER_LETTER ? 792 : 841.89;
	d.x = SIDE;
	d.cw = d.w - 2 * SIDE;
	d.top = SIDE;
	d.bottom = d.h - SIDE - FOOT;
	/* The area that hurts and what the answers changed: the owner's. */
	rc = render_file_open_private(path, &rf, &fp, cause);
	if (rc != LIMBER_OK)
		return rc;
	errno = 0;
	surface = cairo_pdf_surface_create_for_stream(write_fp, fp, d.w, d.h);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
	    _("Your stretching routine"));
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
	    "limber " LIMBER_VERSION);
	d.cr = cairo_create(surface);

	/*
	 * Two stretches to a page, the first page's head included: the
	 * largest size that does it, else the largest that takes as few
	 * pages as any readable size can.
	 */
	goal = plan->nitems > 2 ? (int)(plan->nitems + 1) / 2 : 1;
	for (size_t k = 0; k < READABLE; k++) {
		pages[k] = sheet(&d, plan, k);
		if (fewest == 0 || pages[k] < fewest)
			fewest = pages[k];
		if (pages[k] <= goal)
			break;
	}
	for (size_t k = 0; k < READABLE; k++)
		if (pages[k] > 0 &&
		    pages[k] <= (goal > fewest ? goal : fewest)) {
			pick = k;
			break;
		}
	d.pages = pages[pick];
	d.draw = true;
	sheet(&d, plan, pick);

	cairo_destroy(d.cr);
	cairo_surface_finish(surface);
	status = cairo_surface_status(surface);
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
