/*
 * cairo-draw.h - drawing shared by cairo.c, handout.c and report.c.
 */
#ifndef LIMBER_RENDER_CAIRO_DRAW_H
#define LIMBER_RENDER_CAIRO_DRAW_H

#include <stdbool.h>
#include <stdint.h>

#include <cairo.h>

#include "limber/render.h"

/* Draw a scene placed by f; the floor runs from x_from to x_to. */
void render_cairo_scene(cairo_t *cr, const struct render_scene *sc,
    const struct render_fit *f, double x_from, double x_to);
/*
 * Draw a pose's figure fitted into the box at x, y of width x height, and
 * clipped to it. The motion form adds the ghost of prev (may be NULL) and
 * the arrow of the movement (render_scene_build_motion).
 */
void render_cairo_figure(cairo_t *cr, const struct limber_pose *p, double x,
    double y, double width, double height);
void render_cairo_figure_motion(cairo_t *cr, const struct limber_pose *p,
    const struct limber_pose *prev, double x, double y, double width,
    double height);

/* The font of the handout and the report: embedded in every PDF. */
#define RENDER_FONT "DejaVu Sans"

/* Set the source colour from 0xRRGGBB. */
void render_cairo_ink(cairo_t *cr, uint32_t rgb);
/*
 * Lay out text in a column width wide at x, y, in RENDER_FONT of size
 * points (bold or not); draw it in rgb when draw is true. Returns its
 * height, so a layout can measure first and draw after. Ligatures are
 * off, so that a PDF's text reads back letter for letter (pdftotext,
 * screen readers, search).
 */
double render_cairo_text(cairo_t *cr, const char *s, bool bold, double size,
    double x, double y, double width, uint32_t rgb, bool draw);

#endif
