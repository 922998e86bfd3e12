/*
 * make-icon.c - draws the page's icon as a PNG, when limber is built
 * (web/meson.build): the icons a phone's home screen and an installed
 * page use, which browsers want as PNG (Chrome takes no SVG there).
 *
 * The drawing is ui/icon.svg's, on the same 64-unit square, so that the
 * PNGs are made from our own source and never copied in as binaries: a
 * change to one is made to the other. A maskable icon is cut by the
 * phone to a circle or a rounded square of its own, keeping only the
 * middle circle of 80% of the width; so it is the green to the edges and
 * the figure shrunk into that circle.
 *
 * usage: make-icon SIZE any|maskable OUT.png
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

/* icon.svg's colours. */
#define GREEN 0x2f / 255.0, 0x6f / 255.0, 0x62 / 255.0
#define WHITE 1.0, 1.0, 1.0

/* The figure within the maskable icon's safe circle (radius 0.4 of the
   width): its farthest point, a foot with its round cap, is 27.6 units
   from the middle, which 0.8 brings to 22 of the circle's 25.6. */
#define MASKABLE_SCALE 0.8

static void
rounded_square(cairo_t *cr, double size, double r)
{
	const double pi = 3.14159265358979323846;

	cairo_new_sub_path(cr);
	cairo_arc(cr, size - r, r, r, -pi / 2, 0);
	cairo_arc(cr, size - r, size - r, r, 0, pi / 2);
	cairo_arc(cr, r, size - r, r, pi / 2, pi);
	cairo_arc(cr, r, r, r, pi, 3 * pi / 2);
	cairo_close_path(cr);
}

/* The figure: a head, a curved back and leg, a foot and an arm. */
static void
figure(cairo_t *cr)
{
	const double pi = 3.14159265358979323846;

	cairo_set_source_rgb(cr, WHITE);
	cairo_arc(cr, 35, 14, 5, 0, 2 * pi);
	cairo_fill(cr);

	cairo_set_line_width(cr, 5);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_move_to(cr, 33, 22);
	cairo_curve_to(cr, 26, 30, 24, 38, 26, 46);
	cairo_line_to(cr, 20, 54);
	cairo_move_to(cr, 26, 46);
	cairo_line_to(cr, 40, 52);
	cairo_move_to(cr, 31, 28);
	cairo_line_to(cr, 44, 34);
	cairo_stroke(cr);
}

static bool
draw(int size, bool maskable, const char *out)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
	    size, size);
	cairo_t *cr = cairo_create(s);
	cairo_status_t st;

	cairo_scale(cr, size / 64.0, size / 64.0);
	cairo_set_source_rgb(cr, GREEN);
	if (maskable) {
		cairo_paint(cr);
		cairo_translate(cr, 32, 32);
		cairo_scale(cr, MASKABLE_SCALE, MASKABLE_SCALE);
		cairo_translate(cr, -32, -32);
	} else {
		rounded_square(cr, 64, 14);
		cairo_fill(cr);
	}
	figure(cr);
	st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_write_to_png(s, out);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "make-icon: %s: %s\n", out,
		    cairo_status_to_string(st));
		return false;
	}
	return true;
}

int
main(int argc, char **argv)
{
	char *end;
	long size;

	if (argc != 4 ||
	    (strcmp(argv[2], "any") != 0 && strcmp(argv[2], "maskable") != 0)) {
		fprintf(stderr, "usage: make-icon SIZE any|maskable OUT.png\n");
		return 2;
	}
	errno = 0;
	size = strtol(argv[1], &end, 10);
	if (errno != 0 || *end != '\0' || size < 16 || size > 4096) {
		fprintf(stderr, "make-icon: size %s: 16 to 4096\n", argv[1]);
		return 2;
	}
	if (!draw((int)size, strcmp(argv[2], "maskable") == 0, argv[3]))
		return 1;
	return 0;
}
