/*
 * draw-proxy.c - render.h's cairo drawing in the program: each call loads
 * limber-draw.so the first time (draw-module.h, util/module.h) and goes
 * on to it, so that only the commands that draw a PNG or a PDF map cairo
 * and pango. A module that cannot be loaded makes the call fail with a
 * message naming the file, as nocairo.c does in a build without cairo.
 */
#include "draw-module.h"
#include "module.h"
#include "i18n.h"
#include "util.h"

static struct util_module draw = {
	.file = "limber-draw.so",
	.entry = RENDER_DRAW_ENTRY,
};

/* The table, or NULL with *cause saying what path could not be written. */
static const struct render_draw_module *
module(const char *path, char **cause)
{
	char *why = NULL;
	const struct render_draw_module *t = util_module_get(&draw, &why);

	if (t == NULL && cause != NULL)
		/* TRANSLATORS: a file's name, then why. */
		*cause = xasprintf(_("cannot write %s: %s"), path, why);
	free(why);
	return t;
}

bool
render_have_cairo(void)
{
	/* Known when built: --version must not load the module to say so. */
	return true;
}

enum limber_status
render_png(const char *path, const struct limber_pose *p,
    const struct limber_pose *prev, int width, int height, char **cause)
{
	const struct render_draw_module *t = module(path, cause);

	if (t == NULL)
		return LIMBER_ERR_IO;
	return t->png(path, p, prev, width, height, cause);
}

enum limber_status
render_png_strip(const char *path, const struct limber_pose *poses, size_t n,
    int cell, char **cause)
{
	const struct render_draw_module *t = module(path, cause);

	if (t == NULL)
		return LIMBER_ERR_IO;
	return t->png_strip(path, poses, n, cell, cause);
}

enum limber_status
render_handout_pdf(const char *path, const struct limber_plan *plan,
    const struct render_handout *o, char **cause)
{
	const struct render_draw_module *t = module(path, cause);

	if (t == NULL)
		return LIMBER_ERR_IO;
	return t->handout_pdf(path, plan, o, cause);
}

enum limber_status
render_report(const char *path, enum render_report_format format,
    const struct limber_report *r, const struct limber_catalog *cat,
    char **cause)
{
	const struct render_draw_module *t = module(path, cause);

	if (t == NULL)
		return LIMBER_ERR_IO;
	return t->report(path, format, r, cat, cause);
}

bool
render_report_plot_area(const struct limber_report *r, double *x, double *y,
    double *w, double *h, int64_t *t0, int64_t *t1)
{
	const struct render_draw_module *t = util_module_get(&draw, NULL);

	if (t == NULL) {
		*x = *y = *w = *h = 0;
		*t0 = *t1 = 0;
		return false;
	}
	return t->report_plot_area(r, x, y, w, h, t0, t1);
}

void
render_shutdown(void)
{
	const struct render_draw_module *t = util_module_loaded(&draw);

	/* Nothing was drawn when the module was never loaded. */
	if (t != NULL)
		t->shutdown();
}
