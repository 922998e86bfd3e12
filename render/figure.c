/*
 * figure.c - a pose as a scene: the shapes every renderer draws.
 *
 * The figure is drawn as a pictogram, the style of exercise sheets: thick
 * rounded limbs, a solid trunk and head, the far limbs in a lighter tone
 * and a thin gap of background round the arms in front, so that a limb
 * crossing the body still reads. Props are placed from the body itself: a
 * chair's seat under the pelvis, a cushion between hips and heels, a wall
 * behind the back. So authors give only angles and the names of props.
 *
 * Every pose of one view and facing gives the same list of shapes in the
 * same order, hidden props included with opacity 0: the animated SVG moves
 * each shape from one pose's place to the next.
 */
#include <math.h>

#include "limber/render.h"
#include "util.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define C_BODY 0x233142u
#define C_FAR 0x8d99a8u
#define C_FLOOR 0x5b5b5bu
#define C_CHAIR 0x9a6a3au
#define C_CUSHION 0xd8a23fu
#define C_BLANKET 0x7ea6c8u
#define C_WALL 0x9b9b9bu
#define C_WALL_BACK 0xeeeeeeu

#define HALO 3.0		/* the gap round a limb in front, in cm */

typedef struct limber_point pt;

static pt
at(pt from, double deg, double len)
{
	double r = deg * (M_PI / 180.0);

	return (pt){ from.x + len * cos(r), from.y + len * sin(r) };
}

static pt
along(pt a, pt b, double t)
{
	return (pt){ a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t };
}

static struct render_shape *
add(struct render_scene *sc, enum render_kind kind, enum render_role role,
    uint32_t rgb, double width, bool shown)
{
	struct render_shape *s;

	if (sc->n >= RENDER_MAX_SHAPES)
		abort();	/* a fixed list: more is a bug here */
	s = &sc->shapes[sc->n++];
	s->kind = kind;
	s->role = role;
	s->rgb = rgb;
	s->width = width;
	s->opacity = shown ? 1 : 0;
	s->npts = 0;
	return s;
}

static void
line(struct render_scene *sc, enum render_role role, uint32_t rgb,
    double width, bool shown, pt a, pt b)
{
	struct render_shape *s = add(sc, RENDER_LINE, role, rgb, width, shown);

	s->npts = 2;
	s->pts[0] = a;
	s->pts[1] = b;
}

static void
circle(struct render_scene *sc, enum render_role role, uint32_t rgb,
    double diameter, bool shown, pt c)
{
	struct render_shape *s = add(sc, RENDER_CIRCLE, role, rgb, diameter,
	    shown);

	s->npts = 1;
	s->pts[0] = c;
}

static void
quad(struct render_scene *sc, enum render_role role, uint32_t rgb,
    double round, bool shown, pt a, pt b, pt c, pt d)
{
	struct render_shape *s = add(sc, RENDER_POLY, role, rgb, round, shown);

	s->npts = 4;
	s->pts[0] = a;
	s->pts[1] = b;
	s->pts[2] = c;
	s->pts[3] = d;
}

static void
rect(struct render_scene *sc, uint32_t rgb, double round, bool shown,
    double x0, double y0, double x1, double y1)
{
	quad(sc, RENDER_PROP, rgb, round, shown, (pt){ x0, y0 }, (pt){ x1, y0 },
	    (pt){ x1, y1 }, (pt){ x0, y1 });
}

/* ------------------------------------------------------------------ */
/* Props.                                                               */

static double
back_of_body(const pt *j, int f)
{
	/* The furthest point behind the body: f is +1 facing right. */
	static const enum limber_joint back[] = {
		LIMBER_JOINT_PELVIS, LIMBER_JOINT_SHOULDER_LEFT,
		LIMBER_JOINT_SHOULDER_RIGHT, LIMBER_JOINT_HEAD,
	};
	double x = j[LIMBER_JOINT_PELVIS].x * f;

	for (size_t i = 0; i < nitems(back); i++) {
		double v = (j[back[i]].x - f * limber_joint_radius(back[i])) * f;

		if (i == 0 || v < x)
			x = v;
	}
	return x * f;
}

static void
props(struct render_scene *sc, const struct limber_pose *p, const pt *j)
{
	static const enum limber_joint below_knee[] = {
		LIMBER_JOINT_KNEE_LEFT,
		LIMBER_JOINT_KNEE_RIGHT,
		LIMBER_JOINT_ANKLE_LEFT,
		LIMBER_JOINT_ANKLE_RIGHT,
		LIMBER_JOINT_TOE_LEFT,
		LIMBER_JOINT_TOE_RIGHT,
	};
	bool side = p->view == LIMBER_VIEW_SIDE;
	int f = side && p->facing_left ? -1 : 1;
	pt pel = j[LIMBER_JOINT_PELVIS];
	pt ank = along(j[LIMBER_JOINT_ANKLE_LEFT], j[LIMBER_JOINT_ANKLE_RIGHT],
	    0.5);
	double seat = pel.y - limber_joint_radius(LIMBER_JOINT_PELVIS);
	bool wall = p->props & LIMBER_PROP_WALL;
	bool chair = p->props & LIMBER_PROP_CHAIR;
	double lo, hi, bottom, top;

	/* The wall: a hatched edge behind the back, or a plain backdrop. */
	if (side) {
		double wx = back_of_body(j, f) - f * 1.5;

		line(sc, RENDER_PROP, C_WALL, 3, wall, (pt){ wx, 0 },
		    (pt){ wx, 195 });
		for (int i = 0; i < 6; i++) {
			double y = 28 + 30 * i;

			line(sc, RENDER_PROP, C_WALL, 1.5, wall,
			    (pt){ wx - f * 1.5, y },
			    (pt){ wx - f * 9, y - 8 });
		}
	} else
		rect(sc, C_WALL_BACK, 0, wall, pel.x - 45, 0, pel.x + 45, 195);

	/* The chair: seat under the pelvis, its back behind it. */
	if (side) {
		double bx = pel.x - f * 17, fx = pel.x + f * 23;

		line(sc, RENDER_PROP, C_CHAIR, 4, chair, (pt){ bx, seat - 2 },
		    (pt){ bx - f * 3, seat + 44 });
		line(sc, RENDER_PROP, C_CHAIR, 4.5, chair, (pt){ bx, seat - 2 },
		    (pt){ fx, seat - 2 });
		line(sc, RENDER_PROP, C_CHAIR, 3.5, chair, (pt){ fx - f, seat - 2 },
		    (pt){ fx - f, 0 });
		line(sc, RENDER_PROP, C_CHAIR, 3.5, chair, (pt){ bx + f, seat - 2 },
		    (pt){ bx + f * 2, 0 });
	} else {
		line(sc, RENDER_PROP, C_CHAIR, 3.5, chair,
		    (pt){ pel.x - 21, seat }, (pt){ pel.x - 21, seat + 46 });
		line(sc, RENDER_PROP, C_CHAIR, 3.5, chair,
		    (pt){ pel.x + 21, seat }, (pt){ pel.x + 21, seat + 46 });
		line(sc, RENDER_PROP, C_CHAIR, 4, chair,
		    (pt){ pel.x - 21, seat + 44 }, (pt){ pel.x + 21, seat + 44 });
		line(sc, RENDER_PROP, C_CHAIR, 4.5, chair,
		    (pt){ pel.x - 24, seat - 2 }, (pt){ pel.x + 24, seat - 2 });
		line(sc, RENDER_PROP, C_CHAIR, 3.5, chair,
		    (pt){ pel.x - 21, seat - 2 }, (pt){ pel.x - 23, 0 });
		line(sc, RENDER_PROP, C_CHAIR, 3.5, chair,
		    (pt){ pel.x + 21, seat - 2 }, (pt){ pel.x + 23, 0 });
	}

	/* The blanket: under the knees, shins and feet that rest on it. */
	lo = INFINITY;
	hi = -INFINITY;
	for (size_t i = 0; i < nitems(below_knee); i++) {
		pt k = j[below_knee[i]];
		double r = limber_joint_radius(below_knee[i]);

		if (k.y - r > LIMBER_BLANKET_CM + 3)
			continue;
		if (k.x - r < lo)
			lo = k.x - r;
		if (k.x + r > hi)
			hi = k.x + r;
	}
	if (lo > hi)
		lo = hi = pel.x;
	rect(sc, C_BLANKET, 2, p->props & LIMBER_PROP_BLANKET, lo - 5, 0.5,
	    hi + 5, LIMBER_BLANKET_CM - 0.5);

	/*
	 * The cushion: on the calves when the heels are under the hips (as in
	 * kneeling), else on the floor; as thick as the gap up to the hips.
	 */
	bottom = fabs(ank.x - pel.x) < 30 && ank.y < pel.y ?
	    ank.y + limber_joint_radius(LIMBER_JOINT_ANKLE_LEFT) : 0;
	if (p->props & LIMBER_PROP_BLANKET && bottom < LIMBER_BLANKET_CM)
		bottom = LIMBER_BLANKET_CM;
	top = seat;
	if (top > bottom + 14)
		top = bottom + 14;
	if (top < bottom + 6)
		top = bottom + 6;
	rect(sc, C_CUSHION, 5, p->props & LIMBER_PROP_CUSHION,
	    (pel.x + (bottom > 0 ? ank.x : pel.x)) / 2 - 15, bottom + 2.5,
	    (pel.x + (bottom > 0 ? ank.x : pel.x)) / 2 + 15, top - 2.5);
}

/* ------------------------------------------------------------------ */
/* The body.                                                            */

/*
 * The eyes show where the face points. theta is the face's turn from
 * straight ahead toward the viewer (side view) or toward the person's
 * right (front view); an eye turned away from the viewer is hidden.
 */
static void
eyes(struct render_scene *sc, const struct limber_pose *p, const pt *j)
{
	const double *a = p->angle;
	double theta = a[LIMBER_ANGLE_TURN] + a[LIMBER_ANGLE_HEAD_TURN];
	double r = limber_joint_radius(LIMBER_JOINT_HEAD), axis;
	int f = p->facing_left ? -1 : 1;
	pt h = j[LIMBER_JOINT_HEAD];

	for (int e = -1; e <= 1; e += 2) {
		double phi = (theta + 34 * e) * M_PI / 180, z, across, up;
		pt c;

		if (p->view == LIMBER_VIEW_SIDE) {
			/* Turning to the near side shows the face. */
			axis = a[LIMBER_ANGLE_TRUNK] - a[LIMBER_ANGLE_NECK_BEND];
			if (p->facing_left)
				axis = 180 - axis;
			z = sin(phi) * f;
			across = 0.6 * r * cos(phi);
			up = 0.18 * r;
			c = at(at(h, axis - 90 * f, across), axis, up);
		} else {
			axis = a[LIMBER_ANGLE_TRUNK] + a[LIMBER_ANGLE_NECK_TILT];
			z = cos(phi);
			across = -0.6 * r * sin(phi);
			up = r * (0.15 - 0.85 * sin(a[LIMBER_ANGLE_NECK_BEND] *
			    M_PI / 180));
			c = at(at(h, axis - 90, across), axis, up);
		}
		circle(sc, RENDER_EYE, RENDER_BACKGROUND, 3.4, z > 0.05, c);
	}
}

struct limb_style {
	double upper_arm, forearm, thigh, shin, foot;
};

/*
 * The joints of each limb from the trunk out, [0] the right one and [1]
 * the left: named one by one, as pose.h promises no order of its joints.
 */
static const enum limber_joint arm_joints[2][3] = {
	{ LIMBER_JOINT_SHOULDER_RIGHT, LIMBER_JOINT_ELBOW_RIGHT,
	    LIMBER_JOINT_WRIST_RIGHT },
	{ LIMBER_JOINT_SHOULDER_LEFT, LIMBER_JOINT_ELBOW_LEFT,
	    LIMBER_JOINT_WRIST_LEFT },
};
static const enum limber_joint leg_joints[2][4] = {
	{ LIMBER_JOINT_HIP_RIGHT, LIMBER_JOINT_KNEE_RIGHT,
	    LIMBER_JOINT_ANKLE_RIGHT, LIMBER_JOINT_TOE_RIGHT },
	{ LIMBER_JOINT_HIP_LEFT, LIMBER_JOINT_KNEE_LEFT,
	    LIMBER_JOINT_ANKLE_LEFT, LIMBER_JOINT_TOE_LEFT },
};

static void
arm(struct render_scene *sc, const pt *j, bool left, enum render_role role,
    const struct limb_style *w, bool halo)
{
	const enum limber_joint *a = arm_joints[left];
	pt shoulder = j[a[0]], elbow = j[a[1]], wrist = j[a[2]];
	uint32_t rgb = role == RENDER_FAR ? C_FAR : C_BODY;

	if (halo) {
		line(sc, RENDER_HALO, RENDER_BACKGROUND, w->upper_arm + HALO,
		    true, along(shoulder, elbow, 0.45), elbow);
		line(sc, RENDER_HALO, RENDER_BACKGROUND, w->forearm + HALO,
		    true, elbow, wrist);
	}
	line(sc, role, rgb, w->upper_arm, true, shoulder, elbow);
	line(sc, role, rgb, w->forearm, true, elbow, wrist);
}

static void
leg(struct render_scene *sc, const pt *j, bool left, enum render_role role,
    const struct limb_style *w, bool halo)
{
	const enum limber_joint *l = leg_joints[left];
	pt hip = j[l[0]], knee = j[l[1]], ankle = j[l[2]], toe = j[l[3]];
	uint32_t rgb = role == RENDER_FAR ? C_FAR : C_BODY;

	/* Only the thigh: a gap round the shin would cut the floor line. */
	if (halo)
		line(sc, RENDER_HALO, RENDER_BACKGROUND, w->thigh + HALO, true,
		    along(hip, knee, 0.5), knee);
	line(sc, role, rgb, w->thigh, true, hip, knee);
	line(sc, role, rgb, w->shin, true, knee, ankle);
	line(sc, role, rgb, w->foot, true, ankle, toe);
}

static void
trunk(struct render_scene *sc, const struct limber_pose *p, const pt *j,
    double stroke)
{
	quad(sc, RENDER_BODY, C_BODY, stroke, true, j[LIMBER_JOINT_HIP_LEFT],
	    j[LIMBER_JOINT_SHOULDER_LEFT], j[LIMBER_JOINT_SHOULDER_RIGHT],
	    j[LIMBER_JOINT_HIP_RIGHT]);
	circle(sc, RENDER_BODY, C_BODY, p->view == LIMBER_VIEW_SIDE ? 20 : 16,
	    true, j[LIMBER_JOINT_PELVIS]);
	line(sc, RENDER_BODY, C_BODY, 11, true, j[LIMBER_JOINT_NECK],
	    j[LIMBER_JOINT_HEAD]);
}

/* The head comes last: arms reaching past it pass behind it. */
static void
head(struct render_scene *sc, const struct limber_pose *p, const pt *j)
{
	circle(sc, RENDER_BODY, C_BODY,
	    2 * limber_joint_radius(LIMBER_JOINT_HEAD), true,
	    j[LIMBER_JOINT_HEAD]);
	eyes(sc, p, j);
}

static void
bounds(struct render_scene *sc)
{
	sc->minx = sc->miny = INFINITY;
	sc->maxx = sc->maxy = -INFINITY;
	for (size_t i = 0; i < sc->n; i++) {
		const struct render_shape *s = &sc->shapes[i];
		double r = s->width / 2;

		if (s->opacity <= 0 || s->role == RENDER_FLOOR)
			continue;
		for (int k = 0; k < s->npts; k++) {
			if (s->pts[k].x - r < sc->minx)
				sc->minx = s->pts[k].x - r;
			if (s->pts[k].x + r > sc->maxx)
				sc->maxx = s->pts[k].x + r;
			if (s->pts[k].y - r < sc->miny)
				sc->miny = s->pts[k].y - r;
			if (s->pts[k].y + r > sc->maxy)
				sc->maxy = s->pts[k].y + r;
		}
	}
	if (sc->miny > 0)
		sc->miny = 0;
}

void
render_scene_build(struct render_scene *sc, const struct limber_pose *p)
{
	static const struct limb_style side_w = { 8, 7, 13, 10, 6 };
	static const struct limb_style front_w = { 8, 7, 12, 10, 6 };
	pt j[LIMBER_JOINT_COUNT];

	sc->n = 0;
	limber_pose_points(p, j);
	props(sc, p, j);
	if (p->view == LIMBER_VIEW_SIDE) {
		/* In a mirror the near side is the left. */
		bool near_left = p->facing_left;

		arm(sc, j, !near_left, RENDER_FAR, &side_w, false);
		leg(sc, j, !near_left, RENDER_FAR, &side_w, false);
		trunk(sc, p, j, 16);
		leg(sc, j, near_left, RENDER_BODY, &side_w, true);
		arm(sc, j, near_left, RENDER_BODY, &side_w, true);
	} else {
		leg(sc, j, true, RENDER_BODY, &front_w, false);
		leg(sc, j, false, RENDER_BODY, &front_w, false);
		trunk(sc, p, j, 12);
		arm(sc, j, true, RENDER_BODY, &front_w, true);
		arm(sc, j, false, RENDER_BODY, &front_w, true);
	}
	head(sc, p, j);
	/* Last, so that no gap round a limb cuts it. */
	line(sc, RENDER_FLOOR, C_FLOOR, 2, true, (pt){ -100, -1 },
	    (pt){ 100, -1 });
	bounds(sc);
}

void
render_fit_box(double minx, double maxx, double maxy, double width,
    double height, struct render_fit *f)
{
	double margin = (width < height ? width : height) * 0.06;
	double bottom = height - margin, aw = width - 2 * margin,
	    ah = bottom - margin, sx, sy;

	if (maxx - minx < 1)
		maxx = minx + 1;
	if (maxy < 1)
		maxy = 1;
	sx = aw / (maxx - minx);
	sy = ah / maxy;
	f->scale = sx < sy ? sx : sy;
	if (f->scale <= 0)
		f->scale = 1e-3;
	f->x0 = width / 2 - f->scale * (minx + maxx) / 2;
	f->y0 = bottom;
}

void
render_fit_scene(const struct render_scene *sc, double width, double height,
    struct render_fit *f)
{
	render_fit_box(sc->minx, sc->maxx, sc->maxy, width, height, f);
}

void
render_fit_point(const struct render_fit *f, struct limber_point p, double *x,
    double *y)
{
	*x = f->x0 + p.x * f->scale;
	*y = f->y0 - p.y * f->scale;
}

size_t
render_step_poses(const struct limber_step *steps, size_t n, int side,
    int hold_s, struct limber_pose *poses, double *seconds, bool *holds)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (!limber_step_pose(&steps[i], side, &poses[k]))
			continue;
		seconds[k] = steps[i].hold ? hold_s : steps[i].seconds;
		holds[k] = steps[i].hold;
		k++;
	}
	return k;
}
