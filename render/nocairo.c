/*
 * nocairo.c - the cairo renderers' stand-ins for a build without cairo.
 *
 * meson builds this file instead of cairo.c and handout.c when cairo or
 * pango is missing. SVG and the terminal figure still work; PNG and PDF
 * say plainly that this build cannot make them.
 */
#include "limber/render.h"
#include "i18n.h"
#include "util.h"

static enum limber_status
missing(const char *path, char **cause)
{
	if (cause != NULL)
		*cause = xasprintf(_("cannot write %s: this limber was built "
				     "without cairo and pango, so it makes no "
				     "PNG or PDF"),
		    path);
	return LIMBER_ERR_INVALID;
}

bool
render_have_cairo(void)
{
	return false;
}

enum limber_status
render_png(const char *path, const struct limber_pose *p,
    const struct limber_pose *prev, int width, int height, char **cause)
{
	(void)p;
	(void)prev;
	(void)width;
	(void)height;
	return missing(path, cause);
}

enum limber_status
render_png_strip(const char *path, const struct limber_pose *poses, size_t n,
    int cell, char **cause)
{
	(void)poses;
	(void)n;
	(void)cell;
	return missing(path, cause);
}

enum limber_status
render_handout_pdf(const char *path, const struct limber_plan *plan,
    const struct render_handout *o, char **cause)
{
	(void)plan;
	(void)o;
	return missing(path, cause);
}

enum limber_status
render_report(const char *path, enum render_report_format format,
    const struct limber_report *r, const struct limber_catalog *cat,
    char **cause)
{
	(void)format;
	(void)r;
	(void)cat;
	return missing(path, cause);
}

bool
render_report_plot_area(const struct limber_report *r, double *x, double *y,
    double *w, double *h, int64_t *t0, int64_t *t1)
{
	(void)r;
	*x = *y = *w = *h = 0;
	*t0 = *t1 = 0;
	return false;
}

void
render_shutdown(void)
{
}
