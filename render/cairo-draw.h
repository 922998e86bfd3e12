/*
 * cairo-draw.h - figure drawing shared by cairo.c and handout.c.
 */
#ifndef LIMBER_RENDER_CAIRO_DRAW_H
#define LIMBER_RENDER_CAIRO_DRAW_H

#include <cairo.h>

#include "limber/render.h"

/* Draw a scene placed by f; the floor runs from x_from to x_to. */
void render_cairo_scene(cairo_t *cr, const struct render_scene *sc,
    const struct render_fit *f, double x_from, double x_to);
/* Draw a pose's figure fitted into the box at x, y of width x height. */
void render_cairo_figure(cairo_t *cr, const struct limber_pose *p, double x,
    double y, double width, double height);

#endif
