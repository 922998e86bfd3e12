/*
 * draw-module.h - the drawing module's table (limber-draw.so).
 *
 * cairo and pango come into `limber` only through this module, loaded
 * when a PNG, a PDF or the report is first drawn (util/module.h says
 * why). draw-module.c, in the module, fills the table with cairo.c's,
 * handout.c's and report.c's functions; draw-proxy.c, in the program,
 * defines render.h's names for them and forwards each call.
 */
#ifndef LIMBER_DRAW_MODULE_H
#define LIMBER_DRAW_MODULE_H

#include "limber/render.h"

struct render_draw_module {
	enum limber_status (*png)(const char *path, const struct limber_pose *p,
	    const struct limber_pose *prev, int width, int height,
	    char **cause);
	enum limber_status (*png_strip)(const char *path,
	    const struct limber_pose *poses, size_t n, int cell, char **cause);
	enum limber_status (*handout_pdf)(const char *path,
	    const struct limber_plan *plan, const struct render_handout *o,
	    char **cause);
	enum limber_status (*report)(const char *path,
	    enum render_report_format format, const struct limber_report *r,
	    const struct limber_catalog *cat, char **cause);
	bool (*report_plot_area)(const struct limber_report *r, double *x,
	    double *y, double *w, double *h, int64_t *t0, int64_t *t1);
	void (*shutdown)(void);
};

/* The module's one exported symbol. */
#define RENDER_DRAW_ENTRY "limber_draw_module"
__attribute__((visibility("default"))) const void *limber_draw_module(void);

#endif /* LIMBER_DRAW_MODULE_H */
