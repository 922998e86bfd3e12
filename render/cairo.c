/*
 * cairo.c - figures drawn with cairo: PNG files, and the drawing the PDF
 * handout uses.
 *
 * cairo draws the same scene as the SVG writer, shape by shape, so a PNG
 * and an SVG of one pose match. PNG data goes through render/file.c's
 * temporary file, so a failed write never leaves a broken picture.
 */
#include <errno.h>
#include <math.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "cairo-draw.h"
#include "limber/render.h"
#include "i18n.h"
#include "util.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

bool
render_have_cairo(void)
{
	return true;
}

static void
source_rgb(cairo_t *cr, uint32_t rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0,
	    ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

void
render_cairo_scene(cairo_t *cr, const struct render_scene *sc,
    const struct render_fit *f, double x_from, double x_to)
{
	cairo_save(cr);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	for (size_t i = 0; i < sc->n; i++) {
		const struct render_shape *s = &sc->shapes[i];
		double xy[2 * RENDER_MAX_PTS];

		if (s->opacity <= 0)
			continue;
		for (int k = 0; k < s->npts; k++)
			render_fit_point(f, s->pts[k], &xy[2 * k],
			    &xy[2 * k + 1]);
		if (s->role == RENDER_FLOOR) {
			xy[0] = x_from;
			xy[2] = x_to;
		}
		source_rgb(cr, s->rgb);
		switch (s->kind) {
		case RENDER_LINE:
			cairo_set_line_width(cr, s->width * f->scale);
			cairo_move_to(cr, xy[0], xy[1]);
			cairo_line_to(cr, xy[2], xy[3]);
			cairo_stroke(cr);
			break;
		case RENDER_CIRCLE:
			cairo_new_path(cr);
			cairo_arc(cr, xy[0], xy[1], s->width * f->scale / 2, 0,
			    2 * M_PI);
			cairo_fill(cr);
			break;
		case RENDER_POLY:
			cairo_move_to(cr, xy[0], xy[1]);
			for (int k = 1; k < s->npts; k++)
				cairo_line_to(cr, xy[2 * k], xy[2 * k + 1]);
			cairo_close_path(cr);
			if (s->width > 0) {
				cairo_fill_preserve(cr);
				cairo_set_line_width(cr, s->width * f->scale);
				cairo_stroke(cr);
			} else
				cairo_fill(cr);
			break;
		case RENDER_PATH:
			cairo_set_line_width(cr, s->width * f->scale);
			cairo_move_to(cr, xy[0], xy[1]);
			for (int k = 1; k < s->npts; k++)
				cairo_line_to(cr, xy[2 * k], xy[2 * k + 1]);
			cairo_stroke(cr);
			break;
		}
	}
	cairo_restore(cr);
}

void
render_cairo_figure_motion(cairo_t *cr, const struct limber_pose *p,
    const struct limber_pose *prev, double x, double y, double width,
    double height)
{
	struct render_scene *sc = xmalloc(sizeof *sc);
	struct render_fit f;

	render_scene_build_motion(sc, p, prev);
	render_fit_scene(sc, width, height, &f);
	f.x0 += x;
	f.y0 += y;
	/* A head-and-shoulders figure runs off its box: keep it inside. */
	cairo_save(cr);
	cairo_rectangle(cr, x, y, width, height);
	cairo_clip(cr);
	render_cairo_scene(cr, sc, &f, x, x + width);
	cairo_restore(cr);
	free(sc);
}

void
render_cairo_figure(cairo_t *cr, const struct limber_pose *p, double x,
    double y, double width, double height)
{
	render_cairo_figure_motion(cr, p, NULL, x, y, width, height);
}

static cairo_status_t
write_fp(void *closure, const unsigned char *data, unsigned int length)
{
	FILE *fp = closure;

	return fwrite(data, 1, length, fp) == length ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

/* Write a finished image surface to path as PNG; the surface is kept. */
static enum limber_status
save_png(cairo_surface_t *surface, const char *path, char **cause)
{
	struct render_file *rf;
	enum limber_status rc;
	FILE *fp;

	cairo_surface_flush(surface);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		if (cause != NULL)
			*cause = xasprintf(_("cannot draw %s: %s"), path,
			    cairo_status_to_string(
				cairo_surface_status(surface)));
		return LIMBER_ERR_IO;
	}
	rc = render_file_open(path, &rf, &fp, cause);
	if (rc != LIMBER_OK)
		return rc;
	errno = 0;
	if (cairo_surface_write_to_png_stream(surface, write_fp, fp) !=
	    CAIRO_STATUS_SUCCESS) {
		int err = errno != 0 ? errno : EIO;

		render_file_abort(rf);
		if (cause != NULL)
			*cause = xasprintf(_("cannot write %s: %s"), path,
			    strerror(err));
		return LIMBER_ERR_IO;
	}
	return render_file_commit(rf, cause);
}

static cairo_t *
white_canvas(int width, int height, cairo_surface_t **surface)
{
	cairo_t *cr;

	*surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width,
	    height);
	cr = cairo_create(*surface);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	return cr;
}

enum limber_status
render_png(const char *path, const struct limber_pose *p,
    const struct limber_pose *prev, int width, int height, char **cause)
{
	cairo_surface_t *surface;
	enum limber_status rc;
	cairo_t *cr;

	cr = white_canvas(width, height, &surface);
	render_cairo_figure_motion(cr, p, prev, 0, 0, width, height);
	cairo_destroy(cr);
	rc = save_png(surface, path, cause);
	cairo_surface_destroy(surface);
	return rc;
}

enum limber_status
render_png_strip(const char *path, const struct limber_pose *poses, size_t n,
    int cell, char **cause)
{
	cairo_surface_t *surface;
	enum limber_status rc;
	PangoFontDescription *font;
	cairo_t *cr;

	if (n == 0) {
		if (cause != NULL)
			*cause = xasprintf(
			    _("cannot write %s: no figures to draw"), path);
		return LIMBER_ERR_INVALID;
	}
	cr = white_canvas(cell * (int)n, cell, &surface);
	font = pango_font_description_from_string("DejaVu Sans Bold");
	pango_font_description_set_absolute_size(font, cell * 0.075 *
	    PANGO_SCALE);
	for (size_t i = 0; i < n; i++) {
		PangoLayout *layout = pango_cairo_create_layout(cr);
		char *num = xasprintf("%zu", i + 1);

		render_cairo_figure_motion(cr, &poses[i],
		    i > 0 ? &poses[i - 1] : NULL, (double)i * cell, cell * 0.06,
		    cell, cell * 0.94);
		pango_layout_set_font_description(layout, font);
		pango_layout_set_text(layout, num, -1);
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		cairo_move_to(cr, (double)i * cell + cell * 0.05, cell * 0.03);
		pango_cairo_show_layout(cr, layout);
		if (i > 0) {
			cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
			cairo_set_line_width(cr, 1);
			cairo_move_to(cr, (double)i * cell + 0.5, cell * 0.05);
			cairo_line_to(cr, (double)i * cell + 0.5, cell * 0.95);
			cairo_stroke(cr);
		}
		free(num);
		g_object_unref(layout);
	}
	pango_font_description_free(font);
	cairo_destroy(cr);
	rc = save_png(surface, path, cause);
	cairo_surface_destroy(surface);
	return rc;
}

void
render_shutdown(void)
{
	/*
	 * pango caches fonts for the life of the process; let them go so
	 * that a leak checker sees only limber's own memory. fontconfig's
	 * own caches stay: FcFini() asserts when any cache entry is still
	 * referenced, which pango does not promise (tests/lsan.supp).
	 */
	pango_cairo_font_map_set_default(NULL);
}

/* ------------------------------------------------------------------ */
/* Text and colour, for the handout and the report.                    */

void
render_cairo_ink(cairo_t *cr, uint32_t rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0,
	    ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

double
render_cairo_text(cairo_t *cr, const char *s, bool bold, double size,
    double x, double y, double width, uint32_t rgb, bool draw)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *font =
	    pango_font_description_from_string(RENDER_FONT);
	PangoAttrList *attrs = pango_attr_list_new();
	int w, h;

	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(layout, font);
	pango_attr_list_insert(attrs,
	    pango_attr_font_features_new("liga=0, clig=0"));
	pango_layout_set_attributes(layout, attrs);
	pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(layout, s, -1);
	pango_layout_get_size(layout, &w, &h);
	if (draw) {
		render_cairo_ink(cr, rgb);
		cairo_move_to(cr, x, y);
		pango_cairo_show_layout(cr, layout);
	}
	pango_attr_list_unref(attrs);
	pango_font_description_free(font);
	g_object_unref(layout);
	return (double)h / PANGO_SCALE;
}
