/*
 * draw-module.c - the entry of limber-draw.so (draw-module.h).
 *
 * The module is built with hidden symbols: only this function is seen
 * from outside, so the module's calls to its own functions stay inside
 * it, and the names render.h gives them belong to the program's proxies.
 */
#include "draw-module.h"
#include "util.h"

static const struct render_draw_module table = {
	.png = render_png,
	.png_strip = render_png_strip,
	.handout_pdf = render_handout_pdf,
	.report = render_report,
	.report_plot_area = render_report_plot_area,
	.shutdown = render_shutdown,
};

const void *
limber_draw_module(void)
{
	return &table;
}
