/*
 * render.h - figures, pictures and printed routines from the pose model.
 *
 * The renderers are a library of their own (render/, `limber_render`),
 * apart from the limber library: the library never draws and never depends
 * on cairo. Every picture starts from one scene (render_scene_build): the
 * figure of a pose as a short list of shapes, with the floor and any props,
 * in the pose model's centimetres. The SVG writer, cairo (PNG and PDF) and
 * the terminal's character cells each draw that list, so the figures agree
 * everywhere. docs/figures.md describes the model and the drawings.
 *
 * Pictures that go to files are written to a temporary name in the same
 * folder and renamed into place: a failed write leaves nothing behind.
 * Functions that can fail return enum limber_status and set *cause (when
 * not NULL) to a malloc'd message that names the file: "cannot write
 * /nonexistent/x.png: No such file or directory".
 */
#ifndef LIMBER_RENDER_H
#define LIMBER_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "limber/limber.h"

/* ------------------------------------------------------------------ */
/* The scene: a pose as shapes.                                        */

enum render_kind {
	RENDER_LINE,	/* pts[0] to pts[1], width wide, round ends */
	RENDER_CIRCLE,	/* filled, centre pts[0], radius width / 2 */
	RENDER_POLY,	/* filled polygon of npts points, corners rounded
			   by a stroke of width (0: sharp) */
};

/* What a shape is; colours come from it, and the terminal uses it. */
enum render_role {
	RENDER_FLOOR,	/* the floor line: drawn across the whole picture */
	RENDER_PROP,	/* a chair, a cushion, a blanket, a wall */
	RENDER_HALO,	/* a gap of background round a limb in front */
	RENDER_FAR,	/* the limbs on the far side, in a lighter tone */
	RENDER_BODY,	/* the body */
	RENDER_EYE,	/* an eye, in the background colour */
};

struct render_shape {
	enum render_kind kind;
	enum render_role role;
	uint32_t rgb;		/* 0xRRGGBB */
	double width;
	double opacity;		/* 0: hidden (a prop not used), 1: shown */
	int npts;
	struct limber_point pts[4];
};

#define RENDER_MAX_SHAPES 64
#define RENDER_BACKGROUND 0xffffffu

/*
 * The same pose always gives the same shapes in the same order (hidden
 * ones included), and two poses of one view and facing give lists of the
 * same length and kinds, so a figure can be animated shape by shape.
 */
struct render_scene {
	struct render_shape shapes[RENDER_MAX_SHAPES];
	size_t n;
	double minx, miny, maxx, maxy;	/* what is shown, floor excluded */
};

void render_scene_build(struct render_scene *sc, const struct limber_pose *p);

/*
 * Where a scene goes in a picture: device x = x0 + x * scale, device
 * y = y0 - y * scale (devices count y downward). render_fit puts the box
 * minx..maxx, 0..maxy in a width x height picture with the floor near the
 * bottom, centred, keeping proportions.
 */
struct render_fit {
	double scale, x0, y0;
};

void render_fit_box(double minx, double maxx, double maxy, double width,
    double height, struct render_fit *f);
void render_fit_scene(const struct render_scene *sc, double width,
    double height, struct render_fit *f);
void render_fit_point(const struct render_fit *f, struct limber_point p,
    double *x, double *y);

/*
 * The poses of a run of steps, for one side (1 or 2), with the seconds
 * each step takes at a hold of hold_s. Steps without a pose are skipped.
 * Returns how many poses were put in poses/seconds (each of n entries).
 */
size_t render_step_poses(const struct limber_step *steps, size_t n, int side,
    int hold_s, struct limber_pose *poses, double *seconds, bool *holds);

/* ------------------------------------------------------------------ */
/* SVG (svg.c): deterministic text, no clock, no locale.               */

/* One figure as a complete SVG document; malloc'd. */
char *render_svg(const struct limber_pose *p, int width, int height);

/*
 * The figure moving through n poses in a loop: each pose is reached over
 * the first part of its step (all of a movement step, the first 2 s of a
 * hold) and kept for the rest. seconds[i] is step i's length; holds[i]
 * says whether it is a hold. Returns NULL when n is 0.
 */
char *render_svg_animated(const struct limber_pose *poses,
    const double *seconds, const bool *holds, size_t n, int width,
    int height);

/* ------------------------------------------------------------------ */
/* The terminal (term.c).                                              */

/*
 * Draw a pose into a grid of cols x rows character cells: rows malloc'd
 * strings, each exactly cols columns wide (braille patterns and spaces when
 * utf8, else ASCII), the floor along the bottom row. Free with
 * render_lines_free(lines, rows). cols and rows are at least 1.
 */
char **render_term_lines(const struct limber_pose *p, int cols, int rows,
    bool utf8);
void render_lines_free(char **lines, int rows);

/* ------------------------------------------------------------------ */
/* Files (file.c): a temporary name, then rename.                      */

struct render_file;

/*
 * Open a temporary file beside path; *fp writes to it. The file will be
 * as readable as any new file (0666 less the umask): figures, sound.
 */
enum limber_status render_file_open(const char *path, struct render_file **out,
    FILE **fp, char **cause);
/* The same for health data: the owner's only (0600), whatever the umask. */
enum limber_status render_file_open_private(const char *path,
    struct render_file **out, FILE **fp, char **cause);
/* Close, check every write went through, rename into place; frees f. */
enum limber_status render_file_commit(struct render_file *f, char **cause);
/* Close and remove the temporary file; frees f. Accepts NULL. */
void render_file_abort(struct render_file *f);
/* The whole of data into path, through the above. */
enum limber_status render_write_file(const char *path, const char *data,
    size_t len, char **cause);
enum limber_status render_write_file_private(const char *path, const char *data,
    size_t len, char **cause);

/* ------------------------------------------------------------------ */
/* cairo: PNG and PDF (cairo.c, handout.c). Only when built with cairo. */

/* True when this build has cairo and pango: PNG and PDF work. */
bool render_have_cairo(void);

/* One figure as a width x height PNG. */
enum limber_status render_png(const char *path, const struct limber_pose *p,
    int width, int height, char **cause);

/* n figures in a row, each cell x cell pixels, numbered 1 to n. */
enum limber_status render_png_strip(const char *path,
    const struct limber_pose *poses, size_t n, int cell, char **cause);

enum render_paper {
	RENDER_PAPER_A4,
	RENDER_PAPER_LETTER,
};

/*
 * A printable routine as PDF: a title, the date (as given, e.g.
 * "2025-03-14"), when to stop and when to see a clinician, then each item
 * of the plan with a figure beside each numbered step, its dose and its
 * cautions. An item never breaks across pages. Fonts are embedded.
 */
enum limber_status render_handout_pdf(const char *path,
    const struct limber_plan *plan, const char *date,
    enum render_paper paper, char **cause);

/* ------------------------------------------------------------------ */
/* The progress report (report.c), from limber_report_build().         */

struct limber_report;

enum render_report_format {
	RENDER_REPORT_PDF,	/* A4 pages, to print */
	RENDER_REPORT_PNG,	/* one long page, RENDER_REPORT_PNG_SCALE pixels a point */
	RENDER_REPORT_SVG,	/* one long page, in points */
};

#define RENDER_REPORT_PNG_SCALE 2

/*
 * The progress report as a file: a title, then the pain chart (before and
 * after each session, the trend, the start level, the changes people
 * notice ringed), the sessions of each week and how they ended, the
 * stretches done and skipped, the sessions that stopped and why, and the
 * safety checks. Stretch names come from cat (may be NULL: ids are
 * shown). Times are local; weekday and month names follow LC_TIME. The
 * report should not be empty (r->empty): the front end says so instead.
 */
enum limber_status render_report(const char *path,
    enum render_report_format format, const struct limber_report *r,
    const struct limber_catalog *cat, char **cause);

/*
 * Where render_report puts the pain chart's plotting area on the first
 * page, in points from the top left: time r->from to r->from + weeks
 * weeks runs from x to x + w, pain 10 to 0 from y to y + h. False when
 * there is no chart (no pain points, or no cairo).
 */
bool render_report_plot_area(const struct limber_report *r, double *x,
    double *y, double *w, double *h);

/*
 * Free the fonts pango keeps for the life of the process, so that leak
 * checkers see a clean exit (fontconfig's own caches stay: tests/lsan.supp).
 * Call once, at exit, after the last drawing.
 */
void render_shutdown(void);

#endif /* LIMBER_RENDER_H */
