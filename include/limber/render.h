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

/*
 * A line is pts[0] to pts[1], width wide with round ends; a circle is
 * filled, centre pts[0], radius width / 2; a polygon of npts points is
 * filled and its edge stroked width wide in the same colour (0: none),
 * with round joins; a path is an open line through npts points, width
 * wide, with round ends and joins.
 */
enum render_kind {
	RENDER_LINE,
	RENDER_CIRCLE,
	RENDER_POLY,
	RENDER_PATH,
};

/* What a shape is; the terminal and the tests use it. */
enum render_role {
	RENDER_FLOOR, /* the floor line: drawn across the whole picture */
	RENDER_MAT,   /* a mat under a pose on the floor */
	RENDER_PROP,  /* a chair, a cushion, a blanket, a wall */
	RENDER_GHOST, /* the previous pose, faint, behind the figure */
	RENDER_ARROW, /* the path of the part that moves most */
	RENDER_FAR,   /* the limbs on the far side, in a lighter tone */
	RENDER_BODY,  /* the body: an outline, then its fill */
	RENDER_HEAD,  /* the head and the nose */
	RENDER_EYE,   /* an eye, in the outline's colour */
};

/*
 * The colours of a figure, each with a light and a dark form. PNG and PDF
 * use the light ones (render_paint_light); the SVG names each paint in a
 * class and switches to the dark ones when the viewer prefers a dark
 * scheme (prefers-color-scheme), so a page in dark mode shows a light
 * figure on a dark ground.
 */
enum render_paint {
	RENDER_PAINT_BACKGROUND,
	RENDER_PAINT_INK,     /* outlines of the near body, eyes */
	RENDER_PAINT_BODY,    /* the near body's fill */
	RENDER_PAINT_FAR_INK, /* outlines of the far limbs */
	RENDER_PAINT_FAR,     /* the far limbs' fill */
	RENDER_PAINT_GHOST_INK,
	RENDER_PAINT_GHOST, /* the previous pose's fill */
	RENDER_PAINT_ARROW,
	RENDER_PAINT_FLOOR,
	RENDER_PAINT_MAT,
	RENDER_PAINT_CHAIR,
	RENDER_PAINT_CUSHION,
	RENDER_PAINT_BLANKET,
	RENDER_PAINT_WALL,
	RENDER_PAINT_WALL_BACK,
	RENDER_PAINT_COUNT,
};

extern const uint32_t render_paint_light[RENDER_PAINT_COUNT]; /* 0xRRGGBB */
extern const uint32_t render_paint_dark[RENDER_PAINT_COUNT];

#define RENDER_MAX_PTS 28

struct render_shape {
	enum render_kind kind;
	enum render_role role;
	enum render_paint paint;
	uint32_t rgb; /* 0xRRGGBB: the paint's light form */
	double width;
	double opacity;		/* 0: hidden (a prop not used), 1: shown */
	int npts;
	struct limber_point pts[RENDER_MAX_PTS];
};

#define RENDER_MAX_SHAPES 128
#define RENDER_BACKGROUND 0xffffffu

/*
 * The same pose always gives the same shapes in the same order (hidden
 * ones included), and two poses of one view and facing give lists of the
 * same length and kinds (with the same limbs in front: render_scene_order),
 * so a figure can be animated shape by shape.
 *
 * The figure is outlined and filled: each part of the body (the trunk, a
 * limb, the head) is drawn as its outline in RENDER_PAINT_INK, then its
 * fill over it, so the parts of one limb merge into one shape. A pose's
 * frame chooses what is shown: the whole body standing on the floor, or
 * (LIMBER_FRAME_HEAD) the head and shoulders, cut by the picture's bottom
 * edge (floor false).
 */
struct render_scene {
	struct render_shape shapes[RENDER_MAX_SHAPES];
	size_t n;
	double minx, miny, maxx, maxy;	/* what is shown, floor excluded */
	bool floor; /* the floor is shown, along the bottom */
};

void render_scene_build(struct render_scene *sc, const struct limber_pose *p);

/*
 * The figure of p moving from prev (may be NULL: as render_scene_build):
 * a faint ghost of prev behind it, and an arrow along the path of the part
 * that moves most between the two (the pose model's own path from prev to
 * p, limber_pose_lerp), or a curve round the chest for a twist and round
 * the pelvis for a tilt. No ghost and no arrow when nothing moves more
 * than a few centimetres, as in a hold. docs/figures.md has the rules.
 */
void render_scene_build_motion(struct render_scene *sc,
    const struct limber_pose *p, const struct limber_pose *prev);

/*
 * The order a pose draws its trunk and limbs in (those behind the trunk,
 * the trunk, those in front, by the depth of each limb's middle joint),
 * packed in an unsigned; render_scene_build_ordered draws p in that order
 * whatever its own, so that the frames of an animation keep their shapes
 * in one order.
 */
unsigned render_scene_order(const struct limber_pose *p);
void render_scene_build_ordered(struct render_scene *sc,
    const struct limber_pose *p, unsigned order);

/*
 * Where a scene goes in a picture: device x = x0 + x * scale, device
 * y = y0 - y * scale (devices count y downward). render_fit puts the box
 * minx..maxx, miny..maxy in a width x height picture keeping proportions:
 * centred, the floor near the bottom when the figure is as tall as the
 * picture allows and in the middle when it is as wide (a pose lying on the
 * floor); without the floor (a head and shoulders) the box's bottom is the
 * picture's bottom edge.
 */
struct render_fit {
	double scale, x0, y0;
};

void render_fit_box(double minx, double miny, double maxx, double maxy,
    bool floor, double width, double height, struct render_fit *f);
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

/*
 * One figure as a complete SVG document; malloc'd. prev, the pose of the
 * step before (may be NULL), adds its ghost and the arrow of the movement
 * (render_scene_build_motion).
 */
char *render_svg(const struct limber_pose *p, const struct limber_pose *prev,
    int width, int height);

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

/* One figure as a width x height PNG; prev as for render_svg. */
enum limber_status render_png(const char *path, const struct limber_pose *p,
    const struct limber_pose *prev, int width, int height, char **cause);

/*
 * n figures in a row, each cell x cell pixels, numbered 1 to n; each
 * figure after the first moves from the one before it (its ghost and
 * arrow).
 */
enum limber_status render_png_strip(const char *path,
    const struct limber_pose *poses, size_t n, int cell, char **cause);

enum render_paper {
	RENDER_PAPER_A4,
	RENDER_PAPER_LETTER,
};

/* What a handout says beside the plan. */
struct render_handout {
	const char *date; /* as given, e.g. "2025-03-14" */
	const char *name; /* the patient's, or NULL: a blank line */
	enum render_paper paper;
};

/*
 * A printable routine as PDF, a sheet for a clinician to hand over: a
 * title, the date, lines for the patient's and the clinician's names, when
 * to stop and when to see a clinician, then each item of the plan with its
 * figures (a hold marked on the figure of the step before it), its
 * numbered steps, its dose, its cautions and a week of boxes to tick. An
 * item never breaks across pages; two go to a page. Fonts are embedded.
 */
enum limber_status render_handout_pdf(const char *path,
    const struct limber_plan *plan, const struct render_handout *o,
    char **cause);

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
 * Where render_report puts the chart of pain over the weeks on the first
 * page, in points from the top left: time t0 (r->chart_from, the first
 * record's day or the period's start) to t1 (the period's end) runs from
 * x to x + w, pain 10 to 0 from y to y + h. False when there is no chart
 * (no pain points, or no cairo).
 */
bool render_report_plot_area(const struct limber_report *r, double *x,
    double *y, double *w, double *h, int64_t *t0, int64_t *t1);

/*
 * Free the fonts pango keeps for the life of the process, so that leak
 * checkers see a clean exit (fontconfig's own caches stay: tests/lsan.supp).
 * Call once, at exit, after the last drawing.
 */
void render_shutdown(void);

#endif /* LIMBER_RENDER_H */
