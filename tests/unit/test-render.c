/*
 * test-render.c - the renderers (render/): SVG, the terminal figure, files
 * written whole or not at all, and with cairo the PNG's pixels.
 *
 * Covers: SVG is the same bytes every time, and its shapes sit where the
 * pose puts them; the animated SVG loops through its key frames; the
 * terminal grid is exactly the size asked for, in braille or ASCII, with
 * the floor along the bottom; a path that cannot be written gives a clear
 * error and leaves nothing behind; with cairo, a PNG's pixels are dark at
 * the joints the pose model computes and light in a far corner.
 *
 * Black-box tests of the same (XML parsing, PDF text and pages) are in
 * tests/cli/test_figures.py.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#ifdef HAVE_CAIRO
#include <cairo.h>
#endif

#include "limber/render.h"
#include "util.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static struct limber_catalog *
builtin(void)
{
	struct limber_catalog *cat = NULL;
	char *cause = NULL;

	if (limber_catalog_builtin(&cat, &cause) != LIMBER_OK)
		fail_msg("built-in catalog: %s", cause);
	return cat;
}

static char *
temp_dir(void)
{
	char *dir = xstrdup("/tmp/limber-render-XXXXXX");

	if (mkdtemp(dir) == NULL)
		fail_msg("mkdtemp: %s", strerror(errno));
	return dir;
}

static size_t
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return n;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* ------------------------------------------------------------------ */
/* SVG.                                                                */

static void
test_svg_is_the_same_bytes_every_time(void **state)
{
	struct limber_catalog *cat = builtin();
	const struct limber_stretch *st = limber_catalog_find(cat,
	    "childs-pose");
	char *a = render_svg(st->steps[3].pose, NULL, 480, 360);
	char *b = render_svg(st->steps[3].pose, NULL, 480, 360);

	(void)state;
	assert_string_equal(a, b);
	assert_true(strncmp(a, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"480\" "
	    "height=\"360\"", 91) == 0);
	assert_int_equal(count(a, "<svg"), 1);
	assert_int_equal(count(a, "</svg>\n"), 1);
	/* Every element is closed: as many "<" as "/>" plus closing tags. */
	assert_int_equal(count(a, "<"), count(a, "/>") + 2 * count(a, "</") +
	    1);
	/* No locale's decimal comma, no clock. */
	assert_null(strstr(a, "e+"));
	assert_null(strstr(a, "nan"));
	free(a);
	free(b);
	limber_catalog_free(cat);
}

static void
test_svg_head_is_where_the_pose_puts_it(void **state)
{
	struct limber_point pts[LIMBER_JOINT_COUNT];
	struct render_scene sc;
	struct render_fit f;
	struct limber_pose p;
	double x, y;
	char *svg, *want;

	(void)state;
	limber_pose_init(&p, LIMBER_VIEW_SIDE);
	limber_pose_points(&p, pts);
	render_scene_build(&sc, &p);
	render_fit_scene(&sc, 400, 300, &f);
	render_fit_point(&f, pts[LIMBER_JOINT_HEAD], &x, &y);
	svg = render_svg(&p, NULL, 400, 300);
	if (lround(x * 10) % 10 == 0)
		want = xasprintf("<circle cx=\"%ld\"", lround(x * 10) / 10);
	else
		want = xasprintf("<circle cx=\"%ld.%ld\"", lround(x * 10) / 10,
		    lround(x * 10) % 10);
	if (strstr(svg, want) == NULL)
		fail_msg("no %s in\n%s", want, svg);
	/* The figure stands on the floor near the bottom, inside the frame. */
	assert_true(y > 0 && y < 150);
	assert_true(f.y0 > 270 && f.y0 < 300);
	free(want);
	free(svg);
}

static void
test_animated_svg_loops_through_key_frames(void **state)
{
	struct limber_catalog *cat = builtin();
	const struct limber_stretch *st = limber_catalog_find(cat,
	    "pelvic-tilt");
	struct limber_pose poses[20];
	double secs[20], total = 0;
	bool holds[20];
	size_t n;
	char *a, *b, *dur;

	(void)state;
	n = render_step_poses(st->steps, st->nsteps, 1, 10, poses, secs, holds);
	assert_int_equal(n, st->nsteps);
	for (size_t i = 0; i < n; i++)
		total += secs[i];
	a = render_svg_animated(poses, secs, holds, n, 480, 360);
	b = render_svg_animated(poses, secs, holds, n, 480, 360);
	assert_string_equal(a, b);
	assert_true(count(a, "<animate ") > 10);
	assert_true(count(a, "repeatCount=\"indefinite\"") ==
	    count(a, "<animate "));
	/* The loop lasts as long as the steps, at the hold given. */
	dur = xasprintf("dur=\"%gs\"", total);
	assert_non_null(strstr(a, dur));
	assert_non_null(strstr(a, "keyTimes=\"0;"));
	assert_null(render_svg_animated(poses, secs, holds, 0, 480, 360));
	free(dur);
	free(a);
	free(b);
	limber_catalog_free(cat);
}

static void
test_svg_has_a_dark_style_for_every_paint_it_uses(void **state)
{
	struct limber_catalog *cat = builtin();
	const struct limber_stretch *st = limber_catalog_find(cat,
	    "childs-pose");
	char *a = render_svg(st->steps[1].pose, st->steps[0].pose, 480, 360);
	char *b = render_svg(st->steps[1].pose, st->steps[0].pose, 480, 360);
	const char *at;

	(void)state;
	/* The ghost and the arrow keep the bytes the same run to run. */
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "@media (prefers-color-scheme: dark)"));
	assert_non_null(strstr(a, "<polyline ")); /* the arrow */
	/* Each class a shape names has its rule in the dark style. */
	for (at = a; (at = strstr(at, " class=\"")) != NULL; at++) {
		char cls[16], *rule;
		int n = 0;

		at += 8;
		while (at[n] != '"' && at[n] != ' ' && n < 15) {
			cls[n] = at[n];
			n++;
		}
		cls[n] = '\0';
		rule = xasprintf(".%s{", cls);
		if (strstr(a, rule) == NULL)
			fail_msg("no dark rule for class %s", cls);
		free(rule);
	}
	free(a);
	free(b);
	limber_catalog_free(cat);
}

/* The arrow's tip: the first point of its head (the last RENDER_ARROW). */
static bool
arrow_tip(const struct render_scene *sc, struct limber_point *tip)
{
	bool found = false;

	for (size_t i = 0; i < sc->n; i++) {
		const struct render_shape *s = &sc->shapes[i];

		if (s->role == RENDER_ARROW && s->kind == RENDER_POLY &&
		    s->opacity > 0) {
			*tip = s->pts[0];
			found = true;
		}
	}
	return found;
}

/* The direction of the lower back on the picture, in degrees. */
static double
lower_back(const struct limber_point *j)
{
	return atan2(j[LIMBER_JOINT_WAIST].y - j[LIMBER_JOINT_PELVIS].y,
		   j[LIMBER_JOINT_WAIST].x - j[LIMBER_JOINT_PELVIS].x) *
	    180 / M_PI;
}

/*
 * How far the line of the shoulders turns between two poses, in degrees,
 * seen along the upper back (the model's 3-D points).
 */
static double
shoulders_turn(const struct limber_pose *a, const struct limber_pose *b)
{
	struct limber_point3 pa[LIMBER_JOINT_COUNT], pb[LIMBER_JOINT_COUNT];
	double la[3], lb[3], up[3], dot = 0, cross[3], s = 0;

	limber_pose_points3(a, pa);
	limber_pose_points3(b, pb);
	la[0] = pa[LIMBER_JOINT_SHOULDER_LEFT].x -
	    pa[LIMBER_JOINT_SHOULDER_RIGHT].x;
	la[1] = pa[LIMBER_JOINT_SHOULDER_LEFT].y -
	    pa[LIMBER_JOINT_SHOULDER_RIGHT].y;
	la[2] = pa[LIMBER_JOINT_SHOULDER_LEFT].z -
	    pa[LIMBER_JOINT_SHOULDER_RIGHT].z;
	lb[0] = pb[LIMBER_JOINT_SHOULDER_LEFT].x -
	    pb[LIMBER_JOINT_SHOULDER_RIGHT].x;
	lb[1] = pb[LIMBER_JOINT_SHOULDER_LEFT].y -
	    pb[LIMBER_JOINT_SHOULDER_RIGHT].y;
	lb[2] = pb[LIMBER_JOINT_SHOULDER_LEFT].z -
	    pb[LIMBER_JOINT_SHOULDER_RIGHT].z;
	up[0] = pb[LIMBER_JOINT_NECK].x - pb[LIMBER_JOINT_WAIST].x;
	up[1] = pb[LIMBER_JOINT_NECK].y - pb[LIMBER_JOINT_WAIST].y;
	up[2] = pb[LIMBER_JOINT_NECK].z - pb[LIMBER_JOINT_WAIST].z;
	/* The angle between the two lines, about the spine's axis. */
	cross[0] = la[1] * lb[2] - la[2] * lb[1];
	cross[1] = la[2] * lb[0] - la[0] * lb[2];
	cross[2] = la[0] * lb[1] - la[1] * lb[0];
	for (int i = 0; i < 3; i++) {
		dot += la[i] * lb[i];
		s += cross[i] * up[i];
	}
	s /= sqrt(up[0] * up[0] + up[1] * up[1] + up[2] * up[2]);
	return fabs(atan2(s, dot)) * 180 / M_PI;
}

static void
test_arrow_ends_where_the_moving_part_ends(void **state)
{
	struct limber_point was[LIMBER_JOINT_COUNT], now[LIMBER_JOINT_COUNT];
	struct limber_catalog *cat = builtin();
	struct render_scene sc;
	struct limber_pose a, b;
	struct limber_point tip = { 0, 0 };
	double r = limber_joint_radius(LIMBER_JOINT_HEAD);
	int arrows = 0;

	(void)state;
	/* A nod: the head goes round the neck, and the arrow with it. */
	limber_pose_init(&a, LIMBER_VIEW_SIDE);
	b = a;
	b.angle[LIMBER_ANGLE_NECK_BEND] = 60;
	limber_pose_points(&b, now);
	render_scene_build_motion(&sc, &b, &a);
	assert_true(arrow_tip(&sc, &tip));
	if (hypot(tip.x - now[LIMBER_JOINT_HEAD].x,
		tip.y - now[LIMBER_JOINT_HEAD].y) > r + 8)
		fail_msg("the arrow ends at %.0f,%.0f, the head at %.0f,%.0f",
		    tip.x, tip.y, now[LIMBER_JOINT_HEAD].x,
		    now[LIMBER_JOINT_HEAD].y);
	/* A twist seen from the front: a turn round the chest. */
	limber_pose_init(&a, LIMBER_VIEW_FRONT);
	b = a;
	b.angle[LIMBER_ANGLE_TURN] = 40;
	limber_pose_points(&b, now);
	render_scene_build_motion(&sc, &b, &a);
	assert_true(shoulders_turn(&a, &b) > 30);
	assert_true(arrow_tip(&sc, &tip));
	if (hypot(tip.x - now[LIMBER_JOINT_NECK].x,
		tip.y - now[LIMBER_JOINT_NECK].y) > 40)
		fail_msg("the turn's arrow ends at %.0f,%.0f, the neck is at "
			 "%.0f,%.0f",
		    tip.x, tip.y, now[LIMBER_JOINT_NECK].x,
		    now[LIMBER_JOINT_NECK].y);
	limber_pose_init(&a, LIMBER_VIEW_SIDE);
	/* Under a few centimetres of movement: no arrow, no ghost. */
	b = a;
	b.angle[LIMBER_ANGLE_NECK_BEND] = 4;
	render_scene_build_motion(&sc, &b, &a);
	assert_false(arrow_tip(&sc, &tip));
	for (size_t i = 0; i < sc.n; i++)
		assert_false(sc.shapes[i].role == RENDER_GHOST &&
		    sc.shapes[i].opacity > 0);
	/*
	 * The camera turns between two steps and the body does not: no
	 * ghost and no arrow, as the movement shown is the body's.
	 */
	a.view = LIMBER_VIEW_THREE_QUARTER;
	a.yaw = -25;
	b = a;
	b.yaw = 45;
	render_scene_build_motion(&sc, &b, &a);
	assert_false(arrow_tip(&sc, &tip));
	for (size_t i = 0; i < sc.n; i++)
		assert_false(sc.shapes[i].role == RENDER_GHOST &&
		    sc.shapes[i].opacity > 0);
	/* The same nod seen from a new camera is still drawn as a nod. */
	b.angle[LIMBER_ANGLE_NECK_BEND] = 60;
	render_scene_build_motion(&sc, &b, &a);
	assert_true(arrow_tip(&sc, &tip));
	/*
	 * Every built-in step: an arrow ends near the new place of a part
	 * that moved, no further from it than the part's size and a gap.
	 */
	for (size_t k = 0; k < cat->n; k++) {
		const struct limber_stretch *st = cat->stretches[k];

		for (size_t i = 1; i < st->nsteps; i++) {
			const struct limber_pose *p = st->steps[i].pose;
			const struct limber_pose *q = st->steps[i - 1].pose;
			bool near = false;

			if (p == NULL || q == NULL)
				continue;
			render_scene_build_motion(&sc, p, q);
			if (!arrow_tip(&sc, &tip))
				continue;
			arrows++;
			limber_pose_points(q, was);
			limber_pose_points(p, now);
			/* A trunk that turns gets a turn round its chest. */
			if (shoulders_turn(q, p) >= 12 &&
			    hypot(tip.x -
				    (0.4 * now[LIMBER_JOINT_WAIST].x +
					0.6 * now[LIMBER_JOINT_NECK].x),
				tip.y -
				    (0.4 * now[LIMBER_JOINT_WAIST].y +
					0.6 * now[LIMBER_JOINT_NECK].y)) <= 35)
				near = true;
			/* A pelvis that turns gets a curve round its tail. */
			if (fabs(remainder(lower_back(now) - lower_back(was),
				360)) >= 4 &&
			    hypot(tip.x - now[LIMBER_JOINT_PELVIS].x,
				tip.y - now[LIMBER_JOINT_PELVIS].y) <=
				limber_joint_radius(LIMBER_JOINT_PELVIS) + 12)
				near = true;
			for (int j = 0; j < LIMBER_JOINT_COUNT; j++) {
				double moved = hypot(now[j].x - was[j].x,
				    now[j].y - was[j].y);
				double off = hypot(tip.x - now[j].x,
				    tip.y - now[j].y);

				if (moved >= 2 &&
				    off <= limber_joint_radius(
					       (enum limber_joint)j) +
					    8)
					near = true;
			}
			if (!near)
				fail_msg("%s step %zu: the arrow ends at "
					 "%.0f,%.0f, by no part that moved",
				    st->id, i + 1, tip.x, tip.y);
		}
	}
	assert_true(arrows > 0);
	/*
	 * The hip lift: of the pelvic tilt's steps, the one whose pelvis
	 * rises most draws its arrow going up, ending by the pelvis.
	 */
	{
		const struct limber_stretch *st = limber_catalog_find(cat,
		    "pelvic-tilt");
		size_t lift = 0;
		double most = 0;
		const struct render_shape *line = NULL;

		for (size_t i = 1; i < st->nsteps; i++) {
			limber_pose_points(st->steps[i - 1].pose, was);
			limber_pose_points(st->steps[i].pose, now);
			if (now[LIMBER_JOINT_PELVIS].y -
				was[LIMBER_JOINT_PELVIS].y >
			    most) {
				most = now[LIMBER_JOINT_PELVIS].y -
				    was[LIMBER_JOINT_PELVIS].y;
				lift = i;
			}
		}
		assert_true(most > 8);
		render_scene_build_motion(&sc, st->steps[lift].pose,
		    st->steps[lift - 1].pose);
		limber_pose_points(st->steps[lift].pose, now);
		assert_true(arrow_tip(&sc, &tip));
		for (size_t i = 0; i < sc.n; i++) {
			if (sc.shapes[i].role == RENDER_ARROW &&
			    sc.shapes[i].kind == RENDER_PATH)
				line = &sc.shapes[i];
		}
		assert_non_null(line);
		if (tip.y < line->pts[0].y + 5 ||
		    hypot(tip.x - now[LIMBER_JOINT_PELVIS].x,
			tip.y - now[LIMBER_JOINT_PELVIS].y) >
			limber_joint_radius(LIMBER_JOINT_PELVIS) + 8)
			fail_msg("the hip lift's arrow goes from %.0f,%.0f to "
				 "%.0f,%.0f; the pelvis is at %.0f,%.0f",
			    line->pts[0].x, line->pts[0].y, tip.x, tip.y,
			    now[LIMBER_JOINT_PELVIS].x,
			    now[LIMBER_JOINT_PELVIS].y);
	}
	limber_catalog_free(cat);
}

/* ------------------------------------------------------------------ */
/* The terminal.                                                       */

/* Columns of a UTF-8 string: one for each character. */
static int
columns(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The seat as drawn: the lowest level line in the chair's colour, shown. */
static double
seat_width(const struct render_scene *sc, double *y)
{
	double width = -1, low = INFINITY;

	for (size_t i = 0; i < sc->n; i++) {
		const struct render_shape *s = &sc->shapes[i];

		if (s->paint != RENDER_PAINT_CHAIR || s->opacity <= 0 ||
		    s->kind != RENDER_LINE ||
		    fabs(s->pts[0].y - s->pts[1].y) > 1e-6 ||
		    s->pts[0].y >= low)
			continue;
		low = s->pts[0].y;
		width = fabs(s->pts[1].x - s->pts[0].x);
	}
	*y = low;
	return width;
}

/* How many parts of the chair are drawn over the body (after its first). */
static int
chair_in_front(const struct render_scene *sc)
{
	size_t body = sc->n;
	int n = 0;

	for (size_t i = 0; i < sc->n; i++) {
		if (sc->shapes[i].role == RENDER_BODY && body == sc->n)
			body = i;
		if (i > body && sc->shapes[i].paint == RENDER_PAINT_CHAIR &&
		    sc->shapes[i].opacity > 0)
			n++;
	}
	return n;
}

/*
 * The chair is seen by the pose's camera: from the side its seat is as
 * long as it is deep, from the front as wide as the chair, and between
 * the two as much of each as the camera's angle shows; the seat's top is
 * where the contacts put the sitting bones, in every view.
 */
static void
test_chair_is_drawn_as_the_camera_sees_it(void **state)
{
	struct limber_catalog *cat = builtin();
	const struct limber_stretch *st = limber_catalog_find(cat,
	    "seated-spinal-twist");
	const struct limber_variant *var = NULL;
	static const enum limber_view views[] = { LIMBER_VIEW_SIDE,
		LIMBER_VIEW_FRONT, LIMBER_VIEW_THREE_QUARTER };
	struct render_scene *sc = xmalloc(sizeof *sc);

	(void)state;
	assert_non_null(st);
	for (size_t v = 0; v < st->nvariants; v++) {
		if (strcmp(st->variants[v].id, "chair") == 0)
			var = &st->variants[v];
	}
	assert_non_null(var);
	for (size_t i = 0; i < nitems(views); i++) {
		for (int facing = 0; facing < 2; facing++) {
			struct limber_pose p = *var->steps[0].pose;
			struct limber_point d, w;
			double y, got, want;

			p.view = views[i];
			p.facing_left = facing;
			p.yaw = 0;
			/* The seat's depth and width as the camera turns them. */
			d = limber_pose_view_dir(&p,
			    (struct limber_point3){
				LIMBER_CHAIR_BACK_CM + LIMBER_CHAIR_FRONT_CM, 0,
				0 },
			    NULL);
			w = limber_pose_view_dir(&p,
			    (struct limber_point3){ 0, 0,
				LIMBER_CHAIR_WIDTH_CM },
			    NULL);
			want = fabs(d.x) + fabs(w.x);
			render_scene_build(sc, &p);
			got = seat_width(sc, &y);
			if (fabs(got - want) > 0.5)
				fail_msg("view %d facing %d: the seat is %.1f "
					 "cm across, not %.1f",
				    (int)views[i], facing, got, want);
			assert_true(fabs(y + 2 - LIMBER_CHAIR_SEAT_CM) < 0.5);
		}
	}
	/* From the front, the width; from the side, the depth. */
	{
		struct limber_pose p = *var->steps[0].pose;
		double y;

		p.view = LIMBER_VIEW_FRONT;
		p.yaw = 0;
		render_scene_build(sc, &p);
		assert_true(fabs(seat_width(sc, &y) - LIMBER_CHAIR_WIDTH_CM) <
		    0.5);
		/* Seen from the front, the whole chair is behind the body. */
		assert_int_equal(chair_in_front(sc), 0);
		p.view = LIMBER_VIEW_SIDE;
		render_scene_build(sc, &p);
		assert_true(
		    fabs(seat_width(sc, &y) -
			(LIMBER_CHAIR_BACK_CM + LIMBER_CHAIR_FRONT_CM)) < 0.5);
		/*
		 * Half way round, the front leg on the camera's side is
		 * nearer than the thigh above it: drawn over the body.
		 */
		p.view = LIMBER_VIEW_THREE_QUARTER;
		render_scene_build(sc, &p);
		assert_int_equal(chair_in_front(sc), 1);
	}
	free(sc);
	limber_catalog_free(cat);
}

/*
 * The shoulders' breadth as drawn (picture x, shoulder to shoulder) over
 * their breadth in the model, and where the nose points: the face's
 * forward direction on the picture, across, in the head's radius.
 */
static void
turn_seen(const struct limber_pose *p, double *breadth, double *nose)
{
	struct limber_point3 q[LIMBER_JOINT_COUNT];
	struct limber_point o[LIMBER_JOINT_COUNT];
	struct limber_point3 s, forward, up, left;
	double len;

	limber_pose_points3(p, q);
	limber_pose_project(p, q, o, NULL);
	s = (struct limber_point3){ q[LIMBER_JOINT_SHOULDER_LEFT].x -
		    q[LIMBER_JOINT_SHOULDER_RIGHT].x,
		q[LIMBER_JOINT_SHOULDER_LEFT].y -
		    q[LIMBER_JOINT_SHOULDER_RIGHT].y,
		q[LIMBER_JOINT_SHOULDER_LEFT].z -
		    q[LIMBER_JOINT_SHOULDER_RIGHT].z };
	len = sqrt(s.x * s.x + s.y * s.y + s.z * s.z);
	*breadth = fabs(o[LIMBER_JOINT_SHOULDER_LEFT].x -
		       o[LIMBER_JOINT_SHOULDER_RIGHT].x) /
	    len;
	limber_pose_axes(p, LIMBER_JOINT_HEAD, &forward, &up, &left);
	*nose = limber_pose_view_dir(p, forward, NULL).x;
}

/* Whether the scene shows a nose: a part of the face drawn over the head. */
static bool
nose_shown(const struct render_scene *sc)
{
	size_t head = sc->n;
	double r = limber_joint_radius(LIMBER_JOINT_HEAD);

	for (size_t i = 0; i < sc->n; i++) {
		const struct render_shape *s = &sc->shapes[i];

		if (s->role == RENDER_HEAD && s->kind == RENDER_CIRCLE &&
		    s->paint == RENDER_PAINT_BODY)
			head = i;
	}
	assert_true(head < sc->n);
	for (size_t i = 0; i < sc->n; i++) {
		const struct render_shape *s = &sc->shapes[i];
		struct limber_point c = sc->shapes[head].pts[0];

		if (s->opacity <= 0)
			continue;
		/* An ink line on the face, after the head is filled. */
		if (i > head && s->kind == RENDER_LINE &&
		    s->paint == RENDER_PAINT_INK)
			return true;
		/* The nose past the head's outline. */
		if (s->role == RENDER_HEAD && s->kind == RENDER_POLY) {
			for (int k = 0; k < s->npts; k++) {
				if (hypot(s->pts[k].x - c.x,
					s->pts[k].y - c.y) > r + 1)
					return true;
			}
		}
	}
	return false;
}

/*
 * The seated twists read as a turn, on both sides: from the first step
 * to the turned one, the shoulders' breadth on the picture changes by at
 * least an eighth of their breadth (the chest turns toward the viewer or
 * away), the face's direction crosses the picture by at least 0.6 of its
 * length, and the turned face shows its nose.
 */
static void
test_the_twists_show_the_chest_and_the_head_turning(void **state)
{
	static const struct {
		const char *variant;
		size_t turned; /* the step that has turned, from 1 */
	} twists[] = { { NULL, 4 }, { "chair", 3 } };
	struct limber_catalog *cat = builtin();
	const struct limber_stretch *st = limber_catalog_find(cat,
	    "seated-spinal-twist");
	struct render_scene *sc = xmalloc(sizeof *sc);

	(void)state;
	assert_non_null(st);
	for (size_t t = 0; t < nitems(twists); t++) {
		const struct limber_step *steps = st->steps;

		for (size_t v = 0;
		     twists[t].variant != NULL && v < st->nvariants; v++) {
			if (strcmp(st->variants[v].id, twists[t].variant) == 0)
				steps = st->variants[v].steps;
		}
		for (int side = 1; side <= 2; side++) {
			struct limber_pose a, b;
			double ba, bb, na, nb;

			assert_true(limber_step_pose(&steps[0], side, &a));
			assert_true(limber_step_pose(
			    &steps[twists[t].turned - 1], side, &b));
			turn_seen(&a, &ba, &na);
			turn_seen(&b, &bb, &nb);
			if (fabs(bb - ba) < 0.125 || fabs(nb - na) < 0.6)
				fail_msg("%s side %d: shoulders %.2f to %.2f, "
					 "face %.2f to %.2f",
				    twists[t].variant ? twists[t].variant :
							"floor",
				    side, ba, bb, na, nb);
			render_scene_build(sc, &b);
			if (!nose_shown(sc))
				fail_msg("%s side %d: the turned face shows "
					 "no nose",
				    twists[t].variant ? twists[t].variant :
							"floor",
				    side);
		}
	}
	free(sc);
	limber_catalog_free(cat);
}

static void
test_terminal_grid_is_the_size_asked_with_the_floor_below(void **state)
{
	struct limber_catalog *cat = builtin();

	(void)state;
	for (size_t i = 0; i < cat->n; i++) {
		const struct limber_pose *p = cat->stretches[i]->steps[0].pose;

		for (int utf8 = 0; utf8 <= 1; utf8++) {
			char **lines = render_term_lines(p, 16, 6, utf8);
			int body = 0;

			for (int r = 0; r < 6; r++) {
				assert_int_equal(columns(lines[r]), 16);
				if (!utf8) {
					for (const char *c = lines[r]; *c; c++)
						assert_true(*c >= 0x20 &&
						    *c < 0x7f);
				}
				body += (int)strspn(lines[r], " ") < 16;
			}
			/* The figure takes more than the floor's row. */
			assert_true(body >= 2);
			/* A head and shoulders has no floor: the bust is cut. */
			if (p->frame == LIMBER_FRAME_HEAD)
				;
			else if (utf8) /* the bottom dots of the last row */
				assert_non_null(strstr(lines[5], "\u28c0"));
			else
				assert_non_null(strchr(lines[5], '_'));
			render_lines_free(lines, 6);
		}
	}
	limber_catalog_free(cat);
}

static void
test_terminal_head_frame_reaches_the_bottom_with_no_floor(void **state)
{
	struct limber_pose p;
	char **lines;

	(void)state;
	limber_pose_init(&p, LIMBER_VIEW_FRONT);
	p.frame = LIMBER_FRAME_HEAD;
	lines = render_term_lines(&p, 16, 6, false);
	/* The shoulders are cut by the bottom edge; no floor is drawn. */
	assert_null(strchr(lines[5], '_'));
	assert_true(strspn(lines[5], " ") < 16);
	/* The head is drawn as a head, and large: on three rows or more. */
	assert_non_null(strchr(lines[0], 'O'));
	assert_non_null(strchr(lines[2], 'O'));
	render_lines_free(lines, 6);
}

static void
test_terminal_grid_of_one_cell_still_works(void **state)
{
	struct limber_pose p;
	char **lines;

	(void)state;
	limber_pose_init(&p, LIMBER_VIEW_FRONT);
	lines = render_term_lines(&p, 0, 0, true);
	assert_int_equal(columns(lines[0]), 1);
	render_lines_free(lines, 1);
	render_lines_free(NULL, 3);
}

/* ------------------------------------------------------------------ */
/* Files.                                                              */

static void
test_unwritable_path_is_a_clear_error_and_leaves_nothing(void **state)
{
	char *dir = temp_dir(), *path, *cause = NULL;

	(void)state;
	assert_int_equal(render_write_file("/nonexistent/x.svg", "x", 1,
	    &cause), LIMBER_ERR_IO);
	assert_string_equal(cause, "cannot write /nonexistent/x.svg: No such "
	    "file or directory");
	free(cause);
	/* A folder in the way: the rename fails and the temporary goes. */
	path = xasprintf("%s/taken", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(render_write_file(path, "x", 1, &cause),
	    LIMBER_ERR_IO);
	assert_non_null(strstr(cause, "cannot write "));
	assert_int_equal(count_entries(dir), 1);
	free(cause);
	rmdir(path);
	free(path);
	rmdir(dir);
	free(dir);
}

static void
test_file_is_replaced_whole_with_no_temporary_left(void **state)
{
	char *dir = temp_dir(), *path, *cause = NULL, *text, *err = NULL;
	struct stat sb;
	size_t len;

	(void)state;
	path = xasprintf("%s/figure.svg", dir);
	assert_int_equal(render_write_file(path, "first", 5, &cause),
	    LIMBER_OK);
	assert_int_equal(render_write_file(path, "second", 6, &cause),
	    LIMBER_OK);
	text = util_read_file(path, 100, &len, &err);
	assert_non_null(text);
	assert_string_equal(text, "second");
	assert_int_equal(count_entries(dir), 1);
	/* As readable as any new file, not mkstemp's 0600. */
	assert_int_equal(stat(path, &sb), 0);
	assert_true(sb.st_mode & S_IRUSR);
	assert_int_equal(sb.st_mode & 0777, 0666 & ~(unsigned)umask(022));
	free(text);
	unlink(path);
	free(path);
	rmdir(dir);
	free(dir);
}

/* ------------------------------------------------------------------ */
/* PNG, with cairo.                                                    */

#ifdef HAVE_CAIRO
/* Luma of the pixel at x, y of an RGB24 or ARGB32 surface. */
static int
luma(cairo_surface_t *s, double x, double y)
{
	int stride = cairo_image_surface_get_stride(s);
	unsigned char *data = cairo_image_surface_get_data(s);
	uint32_t px = *(uint32_t *)(void *)(data + (int)y * stride +
	    (int)x * 4);

	return (int)(0.3 * ((px >> 16) & 0xff) + 0.59 * ((px >> 8) & 0xff) +
	    0.11 * (px & 0xff));
}

static void
test_png_is_dark_where_the_pose_puts_the_body(void **state)
{
	static const enum limber_joint body[] = {
		LIMBER_JOINT_PELVIS, LIMBER_JOINT_NECK, LIMBER_JOINT_HEAD,
		LIMBER_JOINT_KNEE_LEFT, LIMBER_JOINT_ANKLE_LEFT,
		LIMBER_JOINT_ELBOW_LEFT, LIMBER_JOINT_WRIST_LEFT,
	};
	struct limber_catalog *cat = builtin();
	const struct limber_stretch *st = limber_catalog_find(cat,
	    "pelvic-tilt");
	struct limber_point pts[LIMBER_JOINT_COUNT];
	struct render_scene sc;
	struct render_fit f;
	cairo_surface_t *png;
	char *dir = temp_dir(), *path = xasprintf("%s/bridge.png", dir);
	char *cause = NULL;
	/* The hip lift, seen from the side: the near side is the right. */
	struct limber_pose p = *st->steps[4].pose;

	(void)state;
	p.facing_left = true;	/* so that the near side is the left */
	assert_int_equal(render_png(path, &p, NULL, 400, 300, &cause),
	    LIMBER_OK);
	png = cairo_image_surface_create_from_png(path);
	assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
	assert_int_equal(cairo_image_surface_get_width(png), 400);
	assert_int_equal(cairo_image_surface_get_height(png), 300);
	limber_pose_points(&p, pts);
	render_scene_build(&sc, &p);
	render_fit_scene(&sc, 400, 300, &f);
	for (size_t i = 0; i < nitems(body); i++) {
		double x, y;

		render_fit_point(&f, pts[body[i]], &x, &y);
		assert_true(x >= 0 && x < 400 && y >= 0 && y < 300);
		/* The near body's fill or outline: well below the ground. */
		if (luma(png, x, y) > 190)
			fail_msg("%s at %.0f,%.0f is not the body: %d",
			    limber_joint_name(body[i]), x, y, luma(png, x, y));
	}
	/* The top corners are background; the mat is under the body. */
	assert_true(luma(png, 2, 2) > 240);
	assert_true(luma(png, 397, 2) > 240);
	assert_true(luma(png, 200, f.y0 + f.scale) < 230);
	cairo_surface_destroy(png);
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	limber_catalog_free(cat);
	render_shutdown();
}

/* A figure drawn to a PNG and read back; free with cairo_surface_destroy. */
static cairo_surface_t *
png_of(const struct limber_pose *p, const struct limber_pose *prev, int w,
    int h)
{
	char *dir = temp_dir(), *path = xasprintf("%s/f.png", dir);
	char *cause = NULL;
	cairo_surface_t *png;

	if (render_png(path, p, prev, w, h, &cause) != LIMBER_OK)
		fail_msg("render_png: %s", cause);
	png = cairo_image_surface_create_from_png(path);
	assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	return png;
}

static uint32_t
pixel(cairo_surface_t *s, int x, int y)
{
	int stride = cairo_image_surface_get_stride(s);
	unsigned char *data = cairo_image_surface_get_data(s);

	return *(uint32_t *)(void *)(data + y * stride + x * 4) & 0xffffffu;
}

/* Pixels of exactly rgb; of any colour but the ground when rgb is ~0. */
static long
pixels(cairo_surface_t *s, uint32_t rgb)
{
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	long n = 0;

	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			uint32_t px = pixel(s, x, y);

			n += rgb == ~0u ? px != RENDER_BACKGROUND : px == rgb;
		}
	}
	return n;
}

static void
test_png_body_is_filled_far_beyond_its_bones(void **state)
{
	struct limber_point pts[LIMBER_JOINT_COUNT];
	struct render_scene sc;
	struct render_fit f;
	struct limber_pose p;
	cairo_surface_t *png, *bones;
	cairo_t *cr;
	long body, sticks;

	(void)state;
	limber_pose_init(&p, LIMBER_VIEW_SIDE);
	png = png_of(&p, NULL, 400, 300);
	/* The same skeleton as sticks 3 cm thick, fitted the same way. */
	limber_pose_points(&p, pts);
	render_scene_build(&sc, &p);
	render_fit_scene(&sc, 400, 300, &f);
	bones = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 300);
	cr = cairo_create(bones);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 3 * f.scale);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	for (size_t i = 0; i < limber_nbones; i++) {
		double x, y;

		render_fit_point(&f, pts[limber_bones[i].from], &x, &y);
		cairo_move_to(cr, x, y);
		render_fit_point(&f, pts[limber_bones[i].to], &x, &y);
		cairo_line_to(cr, x, y);
	}
	cairo_stroke(cr);
	cairo_destroy(cr);
	cairo_surface_flush(bones);
	body = pixels(png, ~0u) -
	    pixels(png, render_paint_light[RENDER_PAINT_FLOOR]);
	sticks = pixels(bones, ~0u);
	if (body < 4 * sticks)
		fail_msg("the body covers %ld pixels, its bones %ld", body,
		    sticks);
	cairo_surface_destroy(bones);
	cairo_surface_destroy(png);
	render_shutdown();
}

static void
test_png_ghost_only_with_a_previous_pose_that_differs(void **state)
{
	struct limber_catalog *cat = builtin();
	const struct limber_stretch *st = limber_catalog_find(cat,
	    "childs-pose");
	const struct limber_pose *from = st->steps[0].pose;
	const struct limber_pose *to = st->steps[1].pose;
	uint32_t ghost = render_paint_light[RENDER_PAINT_GHOST];
	cairo_surface_t *png;

	(void)state;
	png = png_of(to, from, 400, 300);
	assert_true(pixels(png, ghost) > 500);
	assert_true(pixels(png, render_paint_light[RENDER_PAINT_ARROW]) > 30);
	cairo_surface_destroy(png);
	png = png_of(to, NULL, 400, 300);
	assert_int_equal(pixels(png, ghost), 0);
	assert_int_equal(pixels(png, render_paint_light[RENDER_PAINT_ARROW]),
	    0);
	cairo_surface_destroy(png);
	/* A hold: the step before has the same pose; nothing moves. */
	png = png_of(to, to, 400, 300);
	assert_int_equal(pixels(png, ghost), 0);
	cairo_surface_destroy(png);
	limber_catalog_free(cat);
	render_shutdown();
}

/* The columns (from, to) holding the figure's outline. */
static void
outline_span(cairo_surface_t *s, int *from, int *to)
{
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);

	*from = w;
	*to = -1;
	for (int x = 0; x < w; x++) {
		for (int y = 0; y < h; y++) {
			if (luma(s, x, y) < 100) {
				if (x < *from)
					*from = x;
				*to = x;
				break;
			}
		}
	}
}

static void
test_png_lying_figure_spans_the_width(void **state)
{
	struct limber_catalog *cat = builtin();
	const struct limber_stretch *st = limber_catalog_find(cat,
	    "pelvic-tilt");
	struct limber_pose flat;
	const struct limber_pose *poses[] = { &flat, st->steps[0].pose };

	(void)state;
	limber_pose_init(&flat, LIMBER_VIEW_SIDE);
	flat.angle[LIMBER_ANGLE_TRUNK] = 180; /* on the back */
	for (size_t i = 0; i < nitems(poses); i++) {
		cairo_surface_t *png = png_of(poses[i], NULL, 480, 360);
		int from, to;

		outline_span(png, &from, &to);
		if (to - from < 0.8 * 480)
			fail_msg("pose %zu spans %d to %d of 480", i, from, to);
		cairo_surface_destroy(png);
	}
	limber_catalog_free(cat);
	render_shutdown();
}

static void
test_png_head_frame_shows_a_large_head(void **state)
{
	struct limber_point pts[LIMBER_JOINT_COUNT];
	struct render_scene sc;
	struct render_fit f;
	struct limber_pose p;
	cairo_surface_t *png;
	double x, y, r, top = -1, bottom = -1;

	(void)state;
	limber_pose_init(&p, LIMBER_VIEW_FRONT);
	p.frame = LIMBER_FRAME_HEAD;
	png = png_of(&p, NULL, 400, 300);
	limber_pose_points(&p, pts);
	render_scene_build(&sc, &p);
	render_fit_scene(&sc, 400, 300, &f);
	render_fit_point(&f, pts[LIMBER_JOINT_HEAD], &x, &y);
	r = limber_joint_radius(LIMBER_JOINT_HEAD) * f.scale;
	/*
	 * Down the column through the head's middle, the outline's dark
	 * edges: the top of the head, then the chin's (the neck below is
	 * the body's fill again, between its own outlines).
	 */
	for (int yy = 0; yy < 300; yy++) {
		if (luma(png, x, yy) < 100) {
			if (top < 0)
				top = yy;
			else if (yy > top + r)
				bottom = yy;
			if (bottom >= 0)
				break;
		}
	}
	if (top < 0 || bottom < 0 || bottom - top < 300 / 3.0)
		fail_msg("head from %.0f to %.0f of 300 (r %.0f)", top, bottom,
		    r);
	/* No floor in a head-and-shoulders frame; the shoulders reach the
	 * bottom edge. */
	assert_false(sc.floor);
	assert_true(luma(png, x, 299) < 240);
	cairo_surface_destroy(png);
	render_shutdown();
}

static void
test_png_to_a_missing_folder_names_it(void **state)
{
	struct limber_pose p;
	char *cause = NULL;

	(void)state;
	limber_pose_init(&p, LIMBER_VIEW_FRONT);
	assert_int_equal(render_png("/nonexistent/dir/x.png", &p, NULL, 100,
			     100, &cause),
	    LIMBER_ERR_IO);
	assert_string_equal(cause, "cannot write /nonexistent/dir/x.png: No "
	    "such file or directory");
	free(cause);
	assert_true(render_have_cairo());
}
#endif

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_svg_is_the_same_bytes_every_time),
		cmocka_unit_test(test_svg_head_is_where_the_pose_puts_it),
		cmocka_unit_test(test_animated_svg_loops_through_key_frames),
		cmocka_unit_test(
		    test_svg_has_a_dark_style_for_every_paint_it_uses),
		cmocka_unit_test(test_arrow_ends_where_the_moving_part_ends),
		cmocka_unit_test(test_chair_is_drawn_as_the_camera_sees_it),
		cmocka_unit_test(
		    test_the_twists_show_the_chest_and_the_head_turning),
		cmocka_unit_test(
		    test_terminal_grid_is_the_size_asked_with_the_floor_below),
		cmocka_unit_test(
		    test_terminal_head_frame_reaches_the_bottom_with_no_floor),
		cmocka_unit_test(test_terminal_grid_of_one_cell_still_works),
		cmocka_unit_test(
		    test_unwritable_path_is_a_clear_error_and_leaves_nothing),
		cmocka_unit_test(
		    test_file_is_replaced_whole_with_no_temporary_left),
#ifdef HAVE_CAIRO
		cmocka_unit_test(test_png_is_dark_where_the_pose_puts_the_body),
		cmocka_unit_test(test_png_body_is_filled_far_beyond_its_bones),
		cmocka_unit_test(
		    test_png_ghost_only_with_a_previous_pose_that_differs),
		cmocka_unit_test(test_png_lying_figure_spans_the_width),
		cmocka_unit_test(test_png_head_frame_shows_a_large_head),
		cmocka_unit_test(test_png_to_a_missing_folder_names_it),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
