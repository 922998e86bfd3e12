/*
 * handout.c - a printable routine as PDF, for a patient to take home.
 *
 * One page or more: a title and the date, when to stop and when to get
 * help (the red flags of the plan's area, from the screening's own table,
 * at its levels), then each stretch of the
 * plan as one block: its name, its dose, and one row per step with the
 * step's figure beside its number and text in large type, then its
 * cautions. A block never breaks across pages: it is measured first (the
 * same code lays it out without drawing), and goes to a new page when it
 * does not fit; a block too tall for any page is set smaller until it
 * fits. Text is laid out by pango in DejaVu Sans, which cairo embeds in
 * the PDF, so the handout prints the same anywhere.
 */
#include <errno.h>
#include <math.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "cairo-draw.h"
#include "limber/render.h"
#include "util.h"

#define MARGIN 50.0		/* points */
#define INK 0x1d2733u
#define GREY 0x5f6b78u
#define WARN 0x9a2a1au
#define BOX_PAD 7.0    /* inside a box, round its text */
#define BOX_TITLE 17.0 /* a box's title and the gap under it */

/* The text says the scale's and the stop rules' numbers: keep it true. */
_Static_assert(LIMBER_PAIN_MIN == 0 && LIMBER_PAIN_MAX == 10,
    "the handout's stop text says 0 to 10");
_Static_assert(LIMBER_PAIN_STOP_RISE == 2 && LIMBER_PAIN_STOP_ABOVE == 5,
    "the handout's stop text says 2 points or more, or above 5");

static const char stop_text[] =
    "Stretch only to a gentle pull, never into pain. Stop at once if you "
    "feel sharp or shooting pain, pain that spreads into an arm or a leg, "
    "numbness or tingling, or dizziness. Stop too if your pain rises 2 "
    "points or more above where it was when you started (on a scale from 0 "
    "to 10), or goes above 5.";

/*
 * When to get help comes from the screening's own tables (limber_signs), so
 * each sign is printed at the level the screening gives the same answer,
 * and only the signs asked for the plan's area are listed.
 */
static const char help_order[] =
    "If a sign is in more than one list, do what the first list says.";

/* Sizes in points; a block that will not fit a page is set smaller. */
struct style {
	double head, step, body, small;
	double fig_w, fig_h;
	double gap;
};

static void
style_scaled(struct style *s, double k)
{
	s->head = 17 * k;
	s->step = 14 * k;
	s->body = 11.5 * k;
	s->small = 10.5 * k;
	s->fig_w = 78 * k;
	s->fig_h = 58 * k;
	s->gap = 8 * k;
}

struct doc {
	cairo_t *cr;
	double w, h;
	double y;		/* where the next block starts */
	int page;
	const char *date;
};

static void
rule(cairo_t *cr, double x0, double x1, double y)
{
	render_cairo_ink(cr, 0xc8ced6u);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, x0, y);
	cairo_line_to(cr, x1, y);
	cairo_stroke(cr);
}

static void
footer(struct doc *d)
{
	char *s = xasprintf("limber — stretching routine of %s — page %d",
	    d->date, d->page);

	render_cairo_text(d->cr, s, false, 8.5, MARGIN, d->h - MARGIN + 14,
	    d->w - 2 * MARGIN, GREY, true);
	free(s);
}

static void
new_page(struct doc *d)
{
	footer(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = MARGIN;
}

static const char *
plural(int n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/*
 * Room for a block h high at d->y: a new page when it does not fit what is
 * left of this one (a block at the top of a page stays there).
 */
static void
make_room(struct doc *d, double h)
{
	if (d->y > MARGIN && d->y + h > d->h - MARGIN)
		new_page(d);
}

/* A box's tint and its title, at d->y across the page, h high. */
static void
box(struct doc *d, const char *title, uint32_t tint, uint32_t ink, double h)
{
	double w = d->w - 2 * MARGIN;

	render_cairo_ink(d->cr, tint);
	cairo_rectangle(d->cr, MARGIN, d->y, w, h);
	cairo_fill(d->cr);
	render_cairo_text(d->cr, title, true, 12, MARGIN + BOX_PAD,
	    d->y + BOX_PAD, w - 2 * BOX_PAD, ink, true);
}

/* When to stop, across the page. */
static void
stop_box(struct doc *d)
{
	double w = d->w - 2 * MARGIN - 2 * BOX_PAD, h;

	h = render_cairo_text(d->cr, stop_text, false, 10, 0, 0, w, INK, false);
	h += 2 * BOX_PAD + BOX_TITLE;
	make_room(d, h);
	box(d, "When to stop", 0xfbeae7u, WARN, h);
	render_cairo_text(d->cr, stop_text, false, 10, MARGIN + BOX_PAD,
	    d->y + BOX_PAD + BOX_TITLE, w, INK, true);
	d->y += h + 8;
}

/*
 * The signs under their levels' headings, worst first, at x, y in a column
 * w wide; returns the height. With draw false nothing is drawn.
 */
static double
help_lines(struct doc *d, const struct limber_sign *sg, size_t n, double x,
    double y, double w, bool draw)
{
	const double bullet = 11;
	cairo_t *cr = d->cr;
	double y0 = y;

	y += render_cairo_text(cr, help_order, false, 9.5, x, y, w, GREY, draw);
	y += 4;
	for (size_t i = 0; i < n; i++) {
		enum limber_level lv = sg[i].level;
		const char *head = limber_level_help(lv);

		if (i == 0 || lv != sg[i - 1].level) {
			/* The worst level stands out in the warning colour. */
			uint32_t ink = INK;

			if (lv == LIMBER_LEVEL_EMERGENCY)
				ink = WARN;
			y += i > 0 ? 4 : 0;
			y += render_cairo_text(cr, head, true, 10, x, y, w, ink,
			    draw);
			y += 2;
		}
		render_cairo_text(cr, "•", false, 10, x, y, bullet, INK, draw);
		y += render_cairo_text(cr, sg[i].text, false, 10, x + bullet, y,
		    w - bullet, INK, draw);
		y += 1;
	}
	return y - y0;
}

/* When to get help with a plan for area, across the page. */
static void
help_box(struct doc *d, unsigned area)
{
	double w = d->w - 2 * MARGIN - 2 * BOX_PAD, h;
	struct limber_sign *sg;
	size_t n;

	sg = limber_signs(area, &n);
	h = help_lines(d, sg, n, 0, 0, w, false) + 2 * BOX_PAD + BOX_TITLE;
	make_room(d, h);
	box(d, "When to get help", 0xeef3f8u, INK, h);
	help_lines(d, sg, n, MARGIN + BOX_PAD, d->y + BOX_PAD + BOX_TITLE, w,
	    true);
	free(sg);
	d->y += h + 8;
}

/* A paragraph across the page, under a title when title is not NULL. */
static void
paragraph(struct doc *d, const char *title, const char *text)
{
	double w = d->w - 2 * MARGIN, h = 0, th = 0;

	if (title != NULL)
		th = 2 +
		    render_cairo_text(d->cr, title, true, 12, 0, 0, w, INK,
			false);
	h = th + render_cairo_text(d->cr, text, false, 11, 0, 0, w, INK, false);
	make_room(d, h);
	if (title != NULL)
		render_cairo_text(d->cr, title, true, 12, MARGIN, d->y, w, INK,
		    true);
	render_cairo_text(d->cr, text, false, 11, MARGIN, d->y + th, w, INK,
	    true);
	d->y += h + 8;
}

/*
 * The top of the first page: title, date, the rules for stopping and for
 * getting help, and why the dose is smaller or the routine short. Each
 * block goes to a new page when it does not fit.
 */
static void
intro(struct doc *d, const struct limber_plan *plan)
{
	double x = MARGIN, w = d->w - 2 * MARGIN;
	char *line, times[32];
	int minutes = (plan->seconds + 59) / 60;

	d->y += 1 +
	    render_cairo_text(d->cr, "Your stretching routine", true, 21, x,
		d->y, w, INK, true);
	if (plan->rounds == 1)
		snprintf(times, sizeof times, "once");
	else
		snprintf(times, sizeof times, "%d times", plan->rounds);
	line = xasprintf("Made on %s. About %d %s in all: %zu %s, gone "
			 "through %s.",
	    d->date, minutes, plural(minutes, "minute", "minutes"),
	    plan->nitems, plural((int)plan->nitems, "stretch", "stretches"),
	    times);
	d->y += 8 +
	    render_cairo_text(d->cr, line, false, 11, x, d->y, w, GREY, true);
	free(line);

	stop_box(d);
	help_box(d, plan->area);
	if (plan->smaller_dose != NULL)
		paragraph(d, "A smaller dose today", plan->smaller_dose);
	if (plan->note != NULL)
		paragraph(d, NULL, plan->note);
	d->y += 6;
}

static void
dose_text(const struct limber_plan_item *it, char *buf, size_t size)
{
	char rest[64];
	int m = it->seconds / 60, s = it->seconds % 60;

	if (it->rest_s > 0)
		snprintf(rest, sizeof rest, ", rest %d s between", it->rest_s);
	else
		rest[0] = '\0';
	snprintf(buf, size, "%d %s%s, hold %d s%s. About %d:%02d in all.",
	    it->reps, plural(it->reps, "repetition", "repetitions"),
	    it->sides == 2 ? " on each side, left then right" : "",
	    it->hold_s, rest, m, s);
}

/*
 * One stretch of the plan at d->y (when draw), in style st. Returns the
 * block's height; with draw false nothing is drawn.
 */
static double
item(struct doc *d, size_t number, const struct limber_plan_item *it,
    const struct style *st, bool draw)
{
	const struct limber_step *steps = it->variant != NULL ?
	    it->variant->steps : it->stretch->steps;
	size_t nsteps = it->variant != NULL ? it->variant->nsteps :
	    it->stretch->nsteps;
	double x = MARGIN, w = d->w - 2 * MARGIN, y = d->y;
	double tx = x + st->fig_w + 12, num_w = st->step * 1.6;
	char *s, dose[200];

	s = xasprintf("%zu. %s", number, it->stretch->name);
	y += render_cairo_text(d->cr, s, true, st->head, x, y, w, INK, draw) + 2;
	free(s);
	if (it->variant != NULL) {
		s = xasprintf("Done as: %s", it->variant->name);
		y += render_cairo_text(d->cr, s, true, st->body, x, y, w, GREY, draw) + 2;
		free(s);
	}
	dose_text(it, dose, sizeof dose);
	y += render_cairo_text(d->cr, dose, false, st->body, x, y, w, INK, draw) + 2;
	s = xasprintf("Start: %s.%s", it->variant != NULL ?
	    it->variant->position : it->stretch->position, it->sides == 2 ?
	    " The figures show the left side; the right side is its mirror "
	    "image." : "");
	y += render_cairo_text(d->cr, s, false, st->body, x, y, w, GREY,
	    draw) + st->gap;
	free(s);

	for (size_t i = 0; i < nsteps; i++) {
		const struct limber_step *sp = &steps[i];
		struct limber_pose pose;
		double th, row;
		char num[24];

		if (sp->hold)
			s = xasprintf("%s (hold %d s)", sp->text, it->hold_s);
		else
			s = xasprintf("%s (%d s)", sp->text, sp->seconds);
		snprintf(num, sizeof num, "%zu.", i + 1);
		th = render_cairo_text(d->cr, s, false, st->step, tx + num_w, y,
		    x + w - tx - num_w, INK, draw);
		row = th > st->fig_h ? th : st->fig_h;
		if (draw) {
			render_cairo_text(d->cr, num, true, st->step, tx, y, num_w, INK,
			    true);
			if (limber_step_pose(sp, 1, &pose)) {
				render_cairo_ink(d->cr, 0xdfe3e8u);
				cairo_set_line_width(d->cr, 0.6);
				cairo_rectangle(d->cr, x + 0.3, y + 0.3,
				    st->fig_w - 0.6, st->fig_h - 0.6);
				cairo_stroke(d->cr);
				render_cairo_figure(d->cr, &pose, x + 2, y + 2,
				    st->fig_w - 4, st->fig_h - 4);
			}
		}
		free(s);
		y += row + st->gap * 0.75;
	}

	if (it->stretch->ncautions > 0) {
		y += 2;
		y += render_cairo_text(d->cr, "Take care", true, st->body, x, y, w, WARN,
		    draw) + 2;
		for (size_t i = 0; i < it->stretch->ncautions; i++) {
			render_cairo_text(d->cr, "•", false, st->small, x, y, 10, INK, draw);
			y += render_cairo_text(d->cr, it->stretch->cautions[i], false,
			    st->small, x + 12, y, w - 12, INK, draw) + 2;
		}
	}
	y += st->gap;
	if (draw)
		rule(d->cr, x, x + w, y);
	y += st->gap + 4;
	return y - d->y;
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
    const char *date, enum render_paper paper, char **cause)
{
	static const double scales[] = { 1.0, 0.9, 0.8, 0.72, 0.64, 0.56 };
	struct render_file *rf;
	cairo_surface_t *surface;
	cairo_status_t status;
	enum limber_status rc;
	struct doc d = { .page = 1, .date = date };
	FILE *fp;

	d.w = paper == RENDER_PAPER_LETTER ? 612 : 595.28;
	d.h = paper == RENDER_PAPER_LETTER ? 792 : 841.89;
	/* The area that hurts and what the answers changed: the owner's. */
	rc = render_file_open_private(path, &rf, &fp, cause);
	if (rc != LIMBER_OK)
		return rc;
	errno = 0;
	surface = cairo_pdf_surface_create_for_stream(write_fp, fp, d.w, d.h);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
	    "Your stretching routine");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
	    "limber " LIMBER_VERSION);
	d.cr = cairo_create(surface);
	d.y = MARGIN;
	intro(&d, plan);
	for (size_t i = 0; i < plan->nitems; i++) {
		double h = 0;
		struct style st;
		bool fits = false;

		/* Slightly smaller type on this page rather than a new page... */
		for (size_t k = 0; k < nitems(scales) && scales[k] >= 0.8; k++) {
			style_scaled(&st, scales[k]);
			h = item(&d, i + 1, &plan->items[i], &st, false);
			if ((fits = d.y + h <= d.h - MARGIN))
				break;
		}
		/* ...else a new page, and as large as fits a whole page. */
		if (!fits) {
			if (d.y > MARGIN)
				new_page(&d);
			for (size_t k = 0; k < nitems(scales); k++) {
				style_scaled(&st, scales[k]);
				h = item(&d, i + 1, &plan->items[i], &st, false);
				if (h <= d.h - 2 * MARGIN)
					break;
			}
		}
		item(&d, i + 1, &plan->items[i], &st, true);
		d.y += h;
	}
	footer(&d);
	cairo_destroy(d.cr);
	cairo_surface_finish(surface);
	status = cairo_surface_status(surface);
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
