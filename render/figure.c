/*
 * figure.c - a pose as a scene: the shapes every renderer draws.
 *
 * The figure is drawn as exercise sheets draw one: an outlined, filled
 * body. The trunk follows the spine in its parts (the pelvis, the lower
 * back up to the waist, the chest up to the shoulders), with its depth and
 * width seen from the view, so a flattened lower back or a rounded back
 * shows in its outline. Limbs are tapered tubes with round joints, ending
 * in hands and feet; the head shows where the face points (a nose and the
 * eyes that face the viewer). The limbs further from the viewer than the
 * trunk are drawn behind it in a lighter tone.
 *
 * Each part is drawn as its outline (a polygon stroked wide in the ink
 * colour) and then its fill over it; the parts of one limb are outlined
 * together before any is filled, so a limb reads as one shape, and a
 * limb in front of the trunk keeps its outline across it.
 *
 * Props are placed with the body: a chair's seat under the pelvis, a
 * cushion between hips and heels, a wall behind the back, at the heights
 * and places limber_pose_props gives, the surfaces the contact solver
 * (lib/contact.c) put the body on. So authors give only angles, props and
 * contacts.
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

/*
 * Light: a mid-tone body in a dark outline, far limbs paler, the ghost
 * paler still, all apart in greyscale (luma 255 ground, 232 ghost, 214
 * far, 162 body, 40 ink). Dark: the same order of contrast turned over
 * (25 ground, 41 ghost, 59 far, 122 body, 232 ink).
 */
const uint32_t render_paint_light[RENDER_PAINT_COUNT] = {
	[RENDER_PAINT_BACKGROUND] = 0xffffffu,
	[RENDER_PAINT_INK] = 0x1f2a36u,
	[RENDER_PAINT_BODY] = 0x93a5b8u,
	[RENDER_PAINT_FAR_INK] = 0x7b8794u,
	[RENDER_PAINT_FAR] = 0xd0d7dfu,
	[RENDER_PAINT_GHOST_INK] = 0xb3bfcdu,
	[RENDER_PAINT_GHOST] = 0xe2e9f3u,
	[RENDER_PAINT_ARROW] = 0xc9480cu,
	[RENDER_PAINT_FLOOR] = 0x5b5b5bu,
	[RENDER_PAINT_MAT] = 0xa9b8a4u,
	[RENDER_PAINT_CHAIR] = 0x9a6a3au,
	[RENDER_PAINT_CUSHION] = 0xd8a23fu,
	[RENDER_PAINT_BLANKET] = 0x7ea6c8u,
	[RENDER_PAINT_WALL] = 0x9b9b9bu,
	[RENDER_PAINT_WALL_BACK] = 0xeeeeeeu,
};

const uint32_t render_paint_dark[RENDER_PAINT_COUNT] = {
	[RENDER_PAINT_BACKGROUND] = 0x16191du,
	[RENDER_PAINT_INK] = 0xe4e9eeu,
	[RENDER_PAINT_BODY] = 0x6b7d90u,
	[RENDER_PAINT_FAR_INK] = 0x8593a3u,
	[RENDER_PAINT_FAR] = 0x343c46u,
	[RENDER_PAINT_GHOST_INK] = 0x4a5561u,
	[RENDER_PAINT_GHOST] = 0x242a31u,
	[RENDER_PAINT_ARROW] = 0xff8a4cu,
	[RENDER_PAINT_FLOOR] = 0x8b949eu,
	[RENDER_PAINT_MAT] = 0x33402fu,
	[RENDER_PAINT_CHAIR] = 0xb07f4fu,
	[RENDER_PAINT_CUSHION] = 0xc8923au,
	[RENDER_PAINT_BLANKET] = 0x5d86a8u,
	[RENDER_PAINT_WALL] = 0x7d7d7du,
	[RENDER_PAINT_WALL_BACK] = 0x24282du,
};

#define OUTLINE 1.4	 /* the outline's width outside a part, in cm */
#define OUTLINE_HEAD 0.6 /* the same, closer up: head and shoulders */
#define CAP 7		 /* points on each round end of a limb */
#define SPINE 13	 /* points down each side of the trunk */
#define STILL_CM 4.0	 /* less movement than this draws no arrow */
#define GHOST_CM 2.0	 /* and less than this no ghost */

typedef struct limber_point pt;
typedef struct limber_point3 pt3;

static pt
along(pt a, pt b, double t)
{
	return (pt){ a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t };
}

static pt
add2(pt a, pt b, double k)
{
	return (pt){ a.x + b.x * k, a.y + b.y * k };
}

static double
dist(pt a, pt b)
{
	return hypot(b.x - a.x, b.y - a.y);
}

static pt3
add3(pt3 a, pt3 b, double k)
{
	return (pt3){ a.x + b.x * k, a.y + b.y * k, a.z + b.z * k };
}

static pt3
sub3(pt3 a, pt3 b)
{
	return (pt3){ a.x - b.x, a.y - b.y, a.z - b.z };
}

static double
dot3(pt3 a, pt3 b)
{
	return a.x * b.x + a.y * b.y + a.z * b.z;
}

static pt3
cross3(pt3 a, pt3 b)
{
	return (pt3){ a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z,
		a.x * b.y - a.y * b.x };
}

static pt3
unit3(pt3 v, pt3 fallback)
{
	double n = sqrt(dot3(v, v));

	return n > 1e-9 ? (pt3){ v.x / n, v.y / n, v.z / n } : fallback;
}

static struct render_shape *
add(struct render_scene *sc, enum render_kind kind, enum render_role role,
    enum render_paint paint, double width, bool shown)
{
	struct render_shape *s;

	if (sc->n >= RENDER_MAX_SHAPES)
		abort();	/* a fixed list: more is a bug here */
	s = &sc->shapes[sc->n++];
	s->kind = kind;
	s->role = role;
	s->paint = paint;
	s->rgb = render_paint_light[paint];
	s->width = width;
	s->opacity = shown ? 1 : 0;
	s->npts = 0;
	return s;
}

static void
line(struct render_scene *sc, enum render_role role, enum render_paint paint,
    double width, bool shown, pt a, pt b)
{
	struct render_shape *s = add(sc, RENDER_LINE, role, paint, width,
	    shown);

	s->npts = 2;
	s->pts[0] = a;
	s->pts[1] = b;
}

static void
circle(struct render_scene *sc, enum render_role role, enum render_paint paint,
    double diameter, bool shown, pt c)
{
	struct render_shape *s = add(sc, RENDER_CIRCLE, role, paint, diameter,
	    shown);

	s->npts = 1;
	s->pts[0] = c;
}

static void
poly(struct render_scene *sc, enum render_role role, enum render_paint paint,
    double round, bool shown, const pt *v, int n)
{
	struct render_shape *s = add(sc, RENDER_POLY, role, paint, round,
	    shown);

	s->npts = n;
	for (int i = 0; i < n; i++)
		s->pts[i] = v[i];
}

static void
rect(struct render_scene *sc, enum render_role role, enum render_paint paint,
    double round, bool shown, double x0, double y0, double x1, double y1)
{
	pt v[4] = { { x0, y0 }, { x1, y0 }, { x1, y1 }, { x0, y1 } };

	poly(sc, role, paint, round, shown, v, 4);
}

/* ------------------------------------------------------------------ */
/* The body as the view sees it.                                        */

struct body {
	const struct limber_pose *p;
	pt3 j3[LIMBER_JOINT_COUNT];   /* in the model's space, placed */
	pt j[LIMBER_JOINT_COUNT];     /* on the picture */
	double z[LIMBER_JOINT_COUNT]; /* toward the viewer + */
};

static void
body_build(struct body *b, const struct limber_pose *p)
{
	b->p = p;
	limber_pose_points3(p, b->j3);
	limber_pose_project(p, b->j3, b->j, b->z);
}

/* A direction v at a point, as the picture shows it, and its depth. */
static pt
seen(const struct body *b, pt3 at, pt3 v, double *dz)
{
	pt3 q[LIMBER_JOINT_COUNT];
	pt o[LIMBER_JOINT_COUNT];
	double d[LIMBER_JOINT_COUNT];

	for (int i = 0; i < LIMBER_JOINT_COUNT; i++)
		q[i] = at;
	q[1] = add3(at, v, 1);
	limber_pose_project(b->p, q, o, d);
	if (dz != NULL)
		*dz = d[1] - d[0];
	return (pt){ o[1].x - o[0].x, o[1].y - o[0].y };
}

static pt
picture(const struct body *b, pt3 at)
{
	pt3 q[LIMBER_JOINT_COUNT];
	pt o[LIMBER_JOINT_COUNT];

	for (int i = 0; i < LIMBER_JOINT_COUNT; i++)
		q[i] = at;
	limber_pose_project(b->p, q, o, NULL);
	return o[0];
}

/*
 * The body's own axes at a level of the trunk: up the spine, to the
 * person's left, and to their front (the model's x = y cross z).
 */
struct axes {
	pt3 up, left, front;
};

static struct axes
axes(pt3 up, pt3 left)
{
	struct axes a;

	a.up = unit3(up, (pt3){ 0, 1, 0 });
	a.front = unit3(cross3(a.up, left), (pt3){ 1, 0, 0 });
	a.left = cross3(a.front, a.up);
	return a;
}

/* ------------------------------------------------------------------ */
/* Parts: outlined first, then filled.                                  */

struct part {
	bool circle;
	bool shown;
	int n;
	pt v[RENDER_MAX_PTS]; /* a polygon, or v[0] the centre */
	double d;	      /* a circle's diameter */
};

struct group {
	struct part part[8];
	int n;
};

static struct part *
part_new(struct group *g)
{
	struct part *p = &g->part[g->n++];

	p->circle = false;
	p->shown = true;
	p->n = 0;
	p->d = 0;
	return p;
}

/*
 * A limb's part: a tube from a (radius ra) to b (radius rb), its ends
 * round. The sides touch both end circles; an end whose circle holds the
 * other makes the tube that circle.
 */
static void
tube(struct group *g, pt a, pt b, double ra, double rb)
{
	struct part *p = part_new(g);
	double len = dist(a, b), base, c, t0;

	base = len > 1e-6 ? atan2(b.y - a.y, b.x - a.x) : 0;
	c = len > 1e-6 ? (ra - rb) / len : 0;
	if (c > 1)
		c = 1;
	if (c < -1)
		c = -1;
	t0 = acos(c); /* the side's angle from a to b, at either end */
	for (int i = 0; i < CAP; i++) {
		double t = base - t0 + 2 * t0 * i / (CAP - 1);

		p->v[p->n++] = (pt){ b.x + rb * cos(t), b.y + rb * sin(t) };
	}
	for (int i = 0; i < CAP; i++) {
		double t = base + t0 + 2 * (M_PI - t0) * i / (CAP - 1);

		p->v[p->n++] = (pt){ a.x + ra * cos(t), a.y + ra * sin(t) };
	}
}

static void
disc(struct group *g, pt c, double d, bool shown)
{
	struct part *p = part_new(g);

	p->circle = true;
	p->shown = shown;
	p->v[0] = c;
	p->n = 1;
	p->d = d;
}

static void
group_draw(struct render_scene *sc, const struct group *g,
    enum render_role role, enum render_paint ink, enum render_paint fill,
    double outline)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < g->n; i++) {
			const struct part *p = &g->part[i];

			if (p->circle)
				circle(sc, role, pass ? fill : ink,
				    p->d + (pass ? 0 : 2 * outline), p->shown,
				    p->v[0]);
			else
				poly(sc, role, pass ? fill : ink,
				    pass ? 0 : 2 * outline, p->shown, p->v,
				    p->n);
		}
	}
}

/* ------------------------------------------------------------------ */
/* The trunk.                                                           */

/* A level of the trunk: its half width, and its depth to front and back. */
struct level {
	pt3 c;
	struct axes a;
	double half, front, back;
};

/*
 * How far a level's section (half an ellipse to the front, half to the
 * back, as wide as the body there) reaches along n on the picture.
 */
static double
reach(const struct body *b, const struct level *l, pt n)
{
	double lz, fz;
	pt left = seen(b, l->c, l->a.left, &lz);
	pt front = seen(b, l->c, l->a.front, &fz);
	double a = l->half * (left.x * n.x + left.y * n.y);
	double f = front.x * n.x + front.y * n.y;
	double ahead = f >= 0 ? hypot(a, l->front * f) : fabs(a);
	double behind = f <= 0 ? hypot(a, l->back * f) : fabs(a);

	return ahead > behind ? ahead : behind;
}

/* Catmull-Rom through p1 to p2, t from 0 to 1. */
static pt
spline(pt p0, pt p1, pt p2, pt p3, double t)
{
	double t2 = t * t, t3 = t2 * t;

	return (pt){
		0.5 *
		    (2 * p1.x + (p2.x - p0.x) * t +
			(2 * p0.x - 5 * p1.x + 4 * p2.x - p3.x) * t2 +
			(3 * p1.x - p0.x - 3 * p2.x + p3.x) * t3),
		0.5 *
		    (2 * p1.y + (p2.y - p0.y) * t +
			(2 * p0.y - 5 * p1.y + 4 * p2.y - p3.y) * t2 +
			(3 * p1.y - p0.y - 3 * p2.y + p3.y) * t3),
	};
}

/* SPINE points through the 6 given, smoothly. */
static void
smooth(const pt *k, pt *out)
{
	for (int i = 0; i < SPINE; i++) {
		double u = (double)i * 5 / (SPINE - 1);
		int s = (int)u;

		if (s > 4)
			s = 4;
		out[i] = spline(k[s > 0 ? s - 1 : 0], k[s], k[s + 1],
		    k[s + 2 < 6 ? s + 2 : 5], u - s);
	}
}

#define NLEVELS 6

/*
 * The trunk's levels from the seat up: under the pelvis, the pelvis, the
 * waist, the chest, the shoulders, the base of the neck; centimetres of
 * the same person as the bone table.
 */
static void
levels(const struct body *b, struct level *l)
{
	static const double size[NLEVELS][3] = {
		{ 11, 5, 7 },	   /* the seat */
		{ 16.5, 9, 11.5 }, /* the pelvis: buttocks behind */
		{ 14, 9.5, 8.5 },  /* the waist */
		{ 16, 11, 10 },	   /* the chest */
		{ 18, 8, 7.5 },	   /* the shoulders */
		{ 10, 4.5, 4.5 },  /* the base of the neck */
	};
	const pt3 *j = b->j3;
	pt3 hips = sub3(j[LIMBER_JOINT_HIP_LEFT], j[LIMBER_JOINT_HIP_RIGHT]);
	pt3 shoulders = sub3(j[LIMBER_JOINT_SHOULDER_LEFT],
	    j[LIMBER_JOINT_SHOULDER_RIGHT]);
	pt3 pel = j[LIMBER_JOINT_PELVIS], waist = j[LIMBER_JOINT_WAIST];
	pt3 neck = j[LIMBER_JOINT_NECK];
	struct axes lower = axes(sub3(waist, pel), hips);
	struct axes upper = axes(sub3(neck, waist), shoulders);
	struct axes mid = axes(sub3(neck, pel),
	    add3(lower.left, upper.left, 1));

	l[0].a = lower;
	l[0].c = add3(pel, lower.up, -8);
	l[1].a = lower;
	l[1].c = pel;
	l[2].a = mid;
	l[2].c = waist;
	l[3].a = upper;
	l[3].c = add3(waist, sub3(neck, waist), 0.55);
	l[4].a = upper;
	l[4].c = add3(neck, upper.up, -4);
	l[5].a = upper;
	l[5].c = add3(neck, upper.up, 1.5);
	for (int i = 0; i < NLEVELS; i++) {
		l[i].half = size[i][0];
		l[i].front = size[i][1];
		l[i].back = size[i][2];
	}
}

static void
trunk_part(struct group *g, const struct body *b)
{
	struct level l[NLEVELS];
	pt c[NLEVELS], side[2][NLEVELS], line[2][SPINE];
	pt n = { 1, 0 };
	struct part *p;

	levels(b, l);
	for (int i = 0; i < NLEVELS; i++)
		c[i] = picture(b, l[i].c);
	for (int i = 0; i < NLEVELS; i++) {
		pt t = along(c[i > 0 ? i - 1 : 0],
		    c[i < NLEVELS - 1 ? i + 1 : i], 1);
		pt from = c[i > 0 ? i - 1 : 0];
		double len;

		t = (pt){ t.x - from.x, t.y - from.y };
		len = hypot(t.x, t.y);
		/* A spine end-on keeps the normal of the level before. */
		if (len > 1e-3)
			n = (pt){ -t.y / len, t.x / len };
		side[0][i] = add2(c[i], n, reach(b, &l[i], n));
		side[1][i] = add2(c[i], n,
		    -reach(b, &l[i], (pt){ -n.x, -n.y }));
	}
	smooth(side[0], line[0]);
	smooth(side[1], line[1]);
	p = part_new(g);
	for (int i = 0; i < SPINE; i++)
		p->v[p->n++] = line[0][i];
	for (int i = SPINE - 1; i >= 0; i--)
		p->v[p->n++] = line[1][i];
	/* The neck, up to the middle of the head. */
	tube(g, b->j[LIMBER_JOINT_NECK], b->j[LIMBER_JOINT_HEAD], 5.5, 5);
}

/* ------------------------------------------------------------------ */
/* Limbs.                                                               */

static const enum limber_joint arm_joints[2][4] = {
	{ LIMBER_JOINT_SHOULDER_RIGHT, LIMBER_JOINT_ELBOW_RIGHT,
	    LIMBER_JOINT_WRIST_RIGHT, LIMBER_JOINT_HAND_RIGHT },
	{ LIMBER_JOINT_SHOULDER_LEFT, LIMBER_JOINT_ELBOW_LEFT,
	    LIMBER_JOINT_WRIST_LEFT, LIMBER_JOINT_HAND_LEFT },
};
static const enum limber_joint leg_joints[2][5] = {
	{ LIMBER_JOINT_HIP_RIGHT, LIMBER_JOINT_KNEE_RIGHT,
	    LIMBER_JOINT_ANKLE_RIGHT, LIMBER_JOINT_HEEL_RIGHT,
	    LIMBER_JOINT_TOE_RIGHT },
	{ LIMBER_JOINT_HIP_LEFT, LIMBER_JOINT_KNEE_LEFT,
	    LIMBER_JOINT_ANKLE_LEFT, LIMBER_JOINT_HEEL_LEFT,
	    LIMBER_JOINT_TOE_LEFT },
};

static void
arm_parts(struct group *g, const struct body *b, bool left)
{
	const enum limber_joint *a = arm_joints[left];
	const pt *j = b->j;

	tube(g, j[a[0]], j[a[1]], 5.2, 4.2);
	tube(g, j[a[1]], j[a[2]], 4.2, 3.1);
	tube(g, j[a[2]], j[a[3]], 3.4, 2.4); /* the hand */
}

static void
leg_parts(struct group *g, const struct body *b, bool left)
{
	const enum limber_joint *l = leg_joints[left];
	const pt *j = b->j;

	tube(g, j[l[0]], j[l[1]], 7.5, 5.5);
	tube(g, j[l[1]], j[l[2]], 5.3, 3.7);
	/* The foot: from the ankle to the heel, and on to the toes. */
	tube(g, j[l[2]], j[l[3]], 3.7, 3.0);
	tube(g, j[l[3]], j[l[4]], 3.0, 2.2);
}

static double
mean_depth(const struct body *b, const enum limber_joint *js, int n)
{
	double z = 0;

	for (int i = 0; i < n; i++)
		z += b->z[js[i]];
	return z / n;
}

/* How much further from the viewer than the trunk a far limb is. */
#define FAR_CM 4.0

static bool
is_far(const struct body *b, const enum limber_joint *js, int n)
{
	double trunk = (b->z[LIMBER_JOINT_PELVIS] + b->z[LIMBER_JOINT_NECK]) /
	    2;

	return mean_depth(b, js, n) < trunk - FAR_CM;
}

/*
 * The order the trunk and the limbs are drawn in, packed 3 bits a place:
 * the limbs behind the trunk, the trunk, the limbs in front of it, each
 * run from the furthest to the nearest. A limb is behind the trunk by the
 * depth of its middle joint: an elbow further than the chest by FAR_CM, a
 * knee no nearer than the pelvis by KNEE_CM (so a standing person's legs
 * go under the pelvis, and the knees of someone sitting or crossing a leg
 * come in front of it).
 */
#define KNEE_CM 5.0

enum part_id {
	PART_TRUNK,
	PART_ARM_RIGHT,
	PART_ARM_LEFT,
	PART_LEG_RIGHT,
	PART_LEG_LEFT,
	NPARTS
};

unsigned
render_scene_order(const struct limber_pose *p)
{
	static const enum limber_joint middle[NPARTS] = {
		LIMBER_JOINT_PELVIS,
		LIMBER_JOINT_ELBOW_RIGHT,
		LIMBER_JOINT_ELBOW_LEFT,
		LIMBER_JOINT_KNEE_RIGHT,
		LIMBER_JOINT_KNEE_LEFT,
	};
	struct body b;
	double key[NPARTS], chest, pelvis;
	int seq[NPARTS], n = 0;
	unsigned order = 0;

	body_build(&b, p);
	chest = (b.z[LIMBER_JOINT_NECK] + b.z[LIMBER_JOINT_WAIST]) / 2;
	pelvis = b.z[LIMBER_JOINT_PELVIS];
	for (int i = 1; i < NPARTS; i++) {
		bool front = i <= PART_ARM_LEFT ?
		    b.z[middle[i]] > chest - FAR_CM :
		    b.z[middle[i]] > pelvis + KNEE_CM;

		/* Behind the trunk below 0, in front above 1000. */
		key[i] = b.z[middle[i]] + (front ? 1000 : -1000);
	}
	key[PART_TRUNK] = 0;
	for (int i = 0; i < NPARTS; i++) {
		int at = n++;

		/* Insertion by key; ties keep the list's order. */
		while (at > 0 && key[seq[at - 1]] > key[i]) {
			seq[at] = seq[at - 1];
			at--;
		}
		seq[at] = i;
	}
	for (int i = 0; i < NPARTS; i++)
		order |= (unsigned)seq[i] << (3 * i);
	return order;
}

/* ------------------------------------------------------------------ */
/* The head.                                                            */

/*
 * The head's own axes: up from the neck, the face the chest's front
 * turned by head_turn (+ to the person's right) about that.
 */
static struct axes
head_axes(const struct body *b)
{
	const pt3 *j = b->j3;
	pt3 shoulders = sub3(j[LIMBER_JOINT_SHOULDER_LEFT],
	    j[LIMBER_JOINT_SHOULDER_RIGHT]);
	struct axes chest =
	    axes(sub3(j[LIMBER_JOINT_NECK], j[LIMBER_JOINT_WAIST]), shoulders);
	struct axes h = axes(sub3(j[LIMBER_JOINT_HEAD], j[LIMBER_JOINT_NECK]),
	    chest.left);
	double turn = b->p->angle[LIMBER_ANGLE_HEAD_TURN] * M_PI / 180;
	pt3 front = add3(add3((pt3){ 0, 0, 0 }, h.front, cos(turn)), h.left,
	    -sin(turn));

	return axes(h.up, cross3(front, h.up));
}

static void
head_parts(struct group *g, const struct body *b, const struct axes *h)
{
	double r = limber_joint_radius(LIMBER_JOINT_HEAD), fz;
	pt3 c = b->j3[LIMBER_JOINT_HEAD];
	pt3 base = add3(add3(c, h->front, 0.78 * r), h->up, -0.08 * r);
	pt3 tip = add3(add3(c, h->front, 1.12 * r), h->up, -0.22 * r);

	disc(g, b->j[LIMBER_JOINT_HEAD], 2 * r, true);
	/* The nose: it shows past the head unless the face looks away. */
	(void)seen(b, c, h->front, &fz);
	tube(g, picture(b, base), picture(b, tip), 2.6, 1.7);
	g->part[g->n - 1].shown = fz > -0.5;
}

/*
 * A face turned part way from the viewer (25 to 60 degrees) shows its
 * nose on the face, where the head's outline would hide it: a line down
 * the ridge to the tip and back under it, on the side the face turns to.
 * Nearer face on, the eyes show the way it faces; turned further, the
 * nose shows past the head's outline (head_parts).
 */
static void
nose_line(struct render_scene *sc, const struct body *b, const struct axes *h,
    enum render_role role)
{
	double r = limber_joint_radius(LIMBER_JOINT_HEAD), fz;
	pt3 c = b->j3[LIMBER_JOINT_HEAD];
	pt3 brow = add3(add3(c, h->front, 0.93 * r), h->up, 0.12 * r);
	pt3 tip = add3(add3(c, h->front, 1.12 * r), h->up, -0.22 * r);
	pt3 under = add3(add3(c, h->front, 0.95 * r), h->up, -0.32 * r);
	pt t = picture(b, tip);
	bool shown;

	/* h->front is a unit vector: its depth is the cosine of the turn. */
	(void)seen(b, c, h->front, &fz);
	shown = fz > cos(60 * M_PI / 180) && fz < cos(25 * M_PI / 180);
	line(sc, role, RENDER_PAINT_INK, 1.2, shown, picture(b, brow), t);
	line(sc, role, RENDER_PAINT_INK, 1.2, shown, t, picture(b, under));
}

static void
eyes(struct render_scene *sc, const struct body *b, const struct axes *h,
    enum render_role role)
{
	double r = limber_joint_radius(LIMBER_JOINT_HEAD);
	pt3 c = b->j3[LIMBER_JOINT_HEAD];

	for (int e = -1; e <= 1; e += 2) {
		pt3 v = add3(add3(add3((pt3){ 0, 0, 0 }, h->front, 0.72 * r),
				 h->left, 0.4 * r * e),
		    h->up, 0.16 * r);
		double z;

		(void)seen(b, c, v, &z);
		circle(sc, role, RENDER_PAINT_INK, 2.8, z > 0.2 * r,
		    picture(b, add3(c, v, 1)));
	}
	nose_line(sc, b, h, role);
}

/* ------------------------------------------------------------------ */
/* The chair.                                                           */

/*
 * The chair is a thing in the model's space, seen by the pose's camera
 * like the body: its seat where limber_pose_props puts it (38 cm up, from
 * 17 cm behind the pelvis to 23 in front), LIMBER_CHAIR_WIDTH_CM wide
 * across the person, a back of two posts and a rail behind the pelvis,
 * four legs. From the side it is the profile it always was; from the
 * front, its width.
 */
enum {
	CHAIR_SEAT,
	CHAIR_POST_RIGHT,
	CHAIR_POST_LEFT,
	CHAIR_RAIL,
	CHAIR_LEG_FRONT_RIGHT,
	CHAIR_LEG_FRONT_LEFT,
	CHAIR_LEG_BACK_RIGHT,
	CHAIR_LEG_BACK_LEFT,
	CHAIR_PARTS
};

struct chair {
	pt3 from[CHAIR_PARTS], to[CHAIR_PARTS];
	double width[CHAIR_PARTS];
	pt seat[2]; /* the seat on the picture: its two outermost ends */
};

static void
chair_build(const struct body *b, struct chair *c)
{
	struct limber_props pr;
	double y, bx, fx, zc = b->j3[LIMBER_JOINT_PELVIS].z;
	double hw = LIMBER_CHAIR_WIDTH_CM / 2, z = hw - 1, lo = INFINITY,
	       hi = -INFINITY;

	limber_pose_props(b->p, b->j3, &pr);
	y = pr.seat_y - 2; /* the seat's middle, under its top */
	bx = pr.seat_back_x;
	fx = pr.seat_front_x;
	for (int s = -1; s <= 1; s += 2) {
		int post = s < 0 ? CHAIR_POST_RIGHT : CHAIR_POST_LEFT;
		int front = s < 0 ?
		    CHAIR_LEG_FRONT_RIGHT :
		    CHAIR_LEG_FRONT_LEFT;
		int back = s < 0 ? CHAIR_LEG_BACK_RIGHT : CHAIR_LEG_BACK_LEFT;

		/* The back leans back a little, as a chair's does. */
		c->from[post] = (pt3){ bx, y, zc + s * z };
		c->to[post] = (pt3){ bx - 3, pr.seat_y + 44, zc + s * z };
		c->width[post] = 4;
		c->from[front] = (pt3){ fx - 1, y, zc + s * z };
		c->to[front] = (pt3){ fx - 1, 0, zc + s * z };
		c->width[front] = 3.5;
		c->from[back] = (pt3){ bx + 1, y, zc + s * z };
		c->to[back] = (pt3){ bx + 2, 0, zc + s * z };
		c->width[back] = 3.5;
	}
	c->from[CHAIR_RAIL] = c->to[CHAIR_POST_RIGHT];
	c->to[CHAIR_RAIL] = c->to[CHAIR_POST_LEFT];
	c->width[CHAIR_RAIL] = 4;
	/*
	 * The camera looks level, so the seat is seen edge on: a band from
	 * its corner furthest to the picture's left to the one furthest to
	 * its right.
	 */
	for (int k = 0; k < 4; k++) {
		pt3 q = { k & 1 ? fx : bx, y, zc + (k & 2 ? hw : -hw) };
		double x = picture(b, q).x;

		lo = x < lo ? x : lo;
		hi = x > hi ? x : hi;
	}
	c->from[CHAIR_SEAT] = (pt3){ bx, y, zc - hw };
	c->to[CHAIR_SEAT] = (pt3){ fx, y, zc + hw };
	c->width[CHAIR_SEAT] = 4.5;
	c->seat[0] = (pt){ lo, y };
	c->seat[1] = (pt){ hi, y };
}

/* The body's bones as tubes, for finding what a part of the chair hides. */
static const struct {
	enum limber_joint a, b;
	double r;
} solid[] = {
	{ LIMBER_JOINT_PELVIS, LIMBER_JOINT_WAIST, 15 },
	{ LIMBER_JOINT_WAIST, LIMBER_JOINT_NECK, 15 },
	{ LIMBER_JOINT_NECK, LIMBER_JOINT_HEAD, 11 },
	{ LIMBER_JOINT_SHOULDER_LEFT, LIMBER_JOINT_ELBOW_LEFT, 5 },
	{ LIMBER_JOINT_ELBOW_LEFT, LIMBER_JOINT_WRIST_LEFT, 4 },
	{ LIMBER_JOINT_WRIST_LEFT, LIMBER_JOINT_HAND_LEFT, 3 },
	{ LIMBER_JOINT_SHOULDER_RIGHT, LIMBER_JOINT_ELBOW_RIGHT, 5 },
	{ LIMBER_JOINT_ELBOW_RIGHT, LIMBER_JOINT_WRIST_RIGHT, 4 },
	{ LIMBER_JOINT_WRIST_RIGHT, LIMBER_JOINT_HAND_RIGHT, 3 },
	{ LIMBER_JOINT_HIP_LEFT, LIMBER_JOINT_KNEE_LEFT, 7 },
	{ LIMBER_JOINT_KNEE_LEFT, LIMBER_JOINT_ANKLE_LEFT, 5 },
	{ LIMBER_JOINT_ANKLE_LEFT, LIMBER_JOINT_TOE_LEFT, 3 },
	{ LIMBER_JOINT_HIP_RIGHT, LIMBER_JOINT_KNEE_RIGHT, 7 },
	{ LIMBER_JOINT_KNEE_RIGHT, LIMBER_JOINT_ANKLE_RIGHT, 5 },
	{ LIMBER_JOINT_ANKLE_RIGHT, LIMBER_JOINT_TOE_RIGHT, 3 },
};

/*
 * Whether a part of the chair is drawn over the body: it crosses some
 * part of the body on the picture, and is nearer the viewer than every
 * part it crosses (a back post beside the hip in a three-quarter view,
 * seen past the body's edge). Otherwise it is drawn behind: what it does
 * not cross, it cannot hide.
 */
static bool
chair_in_front(const struct body *b, pt3 from, pt3 to, double width)
{
	bool crosses = false;

	for (int k = 0; k <= 4; k++) {
		pt3 q = add3(from, sub3(to, from), k / 4.0);
		double dq;
		pt at = limber_pose_view_dir(b->p, q, &dq);

		for (size_t i = 0; i < nitems(solid); i++) {
			pt u = b->j[solid[i].a], v = b->j[solid[i].b];
			pt uv = { v.x - u.x, v.y - u.y };
			double l2 = uv.x * uv.x + uv.y * uv.y, t, dz;

			t = l2 > 1e-9 ?
			    ((at.x - u.x) * uv.x + (at.y - u.y) * uv.y) / l2 :
			    0;
			t = t < 0 ? 0 : t > 1 ? 1 : t;
			if (dist(at, add2(u, uv, t)) > solid[i].r + width / 2)
				continue;
			crosses = true;
			dz = b->z[solid[i].a] +
			    (b->z[solid[i].b] - b->z[solid[i].a]) * t;
			if (dz >= dq)
				return false;
		}
	}
	return crosses;
}

/*
 * The chair's parts, each drawn twice in the fixed list of shapes: once
 * before the body (shown when the body is in front of it) and once after
 * (shown when it is in front of the body), so that every pose of a view
 * has the same shapes in the same order. The seat is always behind: the
 * body sits on it.
 */
static void
chair_draw(struct render_scene *sc, const struct body *b, bool over)
{
	bool chair = b->p->props & LIMBER_PROP_CHAIR;
	struct chair c;

	chair_build(b, &c);
	for (int i = 0; i < CHAIR_PARTS; i++) {
		bool front = i != CHAIR_SEAT &&
		    chair_in_front(b, c.from[i], c.to[i], c.width[i]);
		pt a = i == CHAIR_SEAT ? c.seat[0] : picture(b, c.from[i]);
		pt z = i == CHAIR_SEAT ? c.seat[1] : picture(b, c.to[i]);

		line(sc, RENDER_PROP, RENDER_PAINT_CHAIR, c.width[i],
		    chair && front == over, a, z);
	}
}

/* ------------------------------------------------------------------ */
/* Props.                                                               */

static void
props(struct render_scene *sc, const struct body *b)
{
	const struct limber_pose *p = b->p;
	const pt *j = b->j;
	bool side = p->view == LIMBER_VIEW_SIDE;
	int f = side && p->facing_left ? -1 : 1;
	pt pel = j[LIMBER_JOINT_PELVIS];
	pt ank = along(j[LIMBER_JOINT_ANKLE_LEFT], j[LIMBER_JOINT_ANKLE_RIGHT],
	    0.5);
	struct limber_props pr;
	double lo, hi, bottom, top, wtop;
	bool wall = p->props & LIMBER_PROP_WALL;

	/*
	 * The seat's height, the cushion's and the wall's place come from the
	 * library (limber_pose_props), which put the body's contacts on them.
	 */
	limber_pose_props(p, b->j3, &pr);

	/*
	 * The wall: a hatched edge behind the back, or a plain backdrop; as
	 * high as the head and a little more, so that it does not make the
	 * figure smaller than the person needs.
	 */
	wtop = j[LIMBER_JOINT_HEAD].y + limber_joint_radius(LIMBER_JOINT_HEAD) +
	    12;
	if (side) {
		double wx = f * pr.wall_x;

		line(sc, RENDER_PROP, RENDER_PAINT_WALL, 3, wall, (pt){ wx, 0 },
		    (pt){ wx, wtop });
		for (int i = 0; i < 6; i++) {
			double y = 28 + 30 * i;

			line(sc, RENDER_PROP, RENDER_PAINT_WALL, 1.5,
			    wall && y < wtop, (pt){ wx - f * 1.5, y },
			    (pt){ wx - f * 9, y - 8 });
		}
	} else
		rect(sc, RENDER_PROP, RENDER_PAINT_WALL_BACK, 0, wall,
		    pel.x - 45, 0, pel.x + 45, wtop);

	/* The chair: the parts the body is in front of (chair_draw). */
	chair_draw(sc, b, false);

	/* The blanket: under the knees, shins and feet that rest on it. */
	lo = INFINITY;
	hi = -INFINITY;
	for (size_t i = 0; i < limber_nblanket_joints; i++) {
		pt k = j[limber_blanket_joints[i]];
		double r = limber_joint_radius(limber_blanket_joints[i]);

		/* The library's list: the picture's y is the model's. */
		if (k.y - r > LIMBER_BLANKET_REACH_CM)
			continue;
		if (k.x - r < lo)
			lo = k.x - r;
		if (k.x + r > hi)
			hi = k.x + r;
	}
	if (lo > hi)
		lo = hi = pel.x;
	rect(sc, RENDER_PROP, RENDER_PAINT_BLANKET, 2,
	    p->props & LIMBER_PROP_BLANKET, lo - 5, 0.5, hi + 5,
	    LIMBER_BLANKET_CM - 0.5);

	/*
	 * The cushion: on the calves when the heels are under the hips (as in
	 * kneeling), else on the floor; as thick as the gap up to the hips.
	 */
	bottom = pr.cushion_y0;
	top = pr.cushion_y1;
	rect(sc, RENDER_PROP, RENDER_PAINT_CUSHION, 5,
	    p->props & LIMBER_PROP_CUSHION,
	    (pel.x + (bottom > 0 ? ank.x : pel.x)) / 2 - 15, bottom + 2.5,
	    (pel.x + (bottom > 0 ? ank.x : pel.x)) / 2 + 15, top - 2.5);
}

/*
 * A pose on the floor gets a mat: one without a chair whose pelvis, knees
 * or shoulders come down near the floor (standing has only the feet there).
 */
static void
mat(struct render_scene *sc, const struct limber_pose *p, const pt *j)
{
	static const enum limber_joint low[] = {
		LIMBER_JOINT_PELVIS,
		LIMBER_JOINT_KNEE_LEFT,
		LIMBER_JOINT_KNEE_RIGHT,
		LIMBER_JOINT_SHOULDER_LEFT,
		LIMBER_JOINT_SHOULDER_RIGHT,
		LIMBER_JOINT_HEAD,
	};
	bool floor = false;
	double lo = INFINITY, hi = -INFINITY;

	for (size_t i = 0; i < nitems(low); i++) {
		if (j[low[i]].y - limber_joint_radius(low[i]) < 12)
			floor = true;
	}
	if (p->props & LIMBER_PROP_CHAIR)
		floor = false;
	for (int i = 0; i < LIMBER_JOINT_COUNT; i++) {
		if (j[i].x < lo)
			lo = j[i].x;
		if (j[i].x > hi)
			hi = j[i].x;
	}
	rect(sc, RENDER_MAT, RENDER_PAINT_MAT, 1.5, floor, lo - 14, -2.2,
	    hi + 14, 0.8);
	/* The mat is the ground: no floor line across the picture. */
	if (floor)
		sc->shapes[0].opacity = 0;
}

/* ------------------------------------------------------------------ */
/* The figure.                                                          */

/* The whole body, outlined and filled, in the order it overlaps. */
static void
figure(struct render_scene *sc, const struct body *b, unsigned order,
    double outline)
{
	struct axes h = head_axes(b);
	struct group g;

	for (int i = 0; i < NPARTS; i++) {
		int part = (int)((order >> (3 * i)) & 7u);
		bool far = false;

		g.n = 0;
		switch (part) {
		case PART_ARM_RIGHT:
		case PART_ARM_LEFT:
			arm_parts(&g, b, part == PART_ARM_LEFT);
			far = is_far(b, arm_joints[part == PART_ARM_LEFT], 4);
			break;
		case PART_LEG_RIGHT:
		case PART_LEG_LEFT:
			leg_parts(&g, b, part == PART_LEG_LEFT);
			far = is_far(b, leg_joints[part == PART_LEG_LEFT], 5);
			break;
		default:
			trunk_part(&g, b);
			break;
		}
		group_draw(sc, &g, far ? RENDER_FAR : RENDER_BODY,
		    far ? RENDER_PAINT_FAR_INK : RENDER_PAINT_INK,
		    far ? RENDER_PAINT_FAR : RENDER_PAINT_BODY, outline);
	}
	/* The head last: arms reaching past it (child's pose) pass behind. */
	g.n = 0;
	head_parts(&g, b, &h);
	group_draw(sc, &g, RENDER_HEAD, RENDER_PAINT_INK, RENDER_PAINT_BODY,
	    outline);
	eyes(sc, b, &h, RENDER_EYE);
}

/* A pose's whole body as one faint shape: outlined together, then filled. */
static void
ghost(struct render_scene *sc, const struct body *b, double outline)
{
	struct axes h = head_axes(b);
	struct group g;

	for (int pass = 0; pass < 2; pass++) {
		enum render_paint paint = pass ?
		    RENDER_PAINT_GHOST :
		    RENDER_PAINT_GHOST_INK;

		for (int limb = 0; limb < 5; limb++) {
			g.n = 0;
			if (limb < 2)
				arm_parts(&g, b, limb);
			else if (limb < 4)
				leg_parts(&g, b, limb - 2);
			else {
				trunk_part(&g, b);
				head_parts(&g, b, &h);
			}
			for (int i = 0; i < g.n; i++) {
				const struct part *p = &g.part[i];

				if (p->circle)
					circle(sc, RENDER_GHOST, paint,
					    p->d + (pass ? 0 : 2 * outline),
					    p->shown, p->v[0]);
				else
					poly(sc, RENDER_GHOST, paint,
					    pass ? 0 : 2 * outline, p->shown,
					    p->v, p->n);
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* The movement from the previous pose.                                 */

/* The parts an arrow may follow, with how far round each the body reaches. */
static const enum limber_joint movers[] = {
	LIMBER_JOINT_HEAD,
	LIMBER_JOINT_PELVIS,
	LIMBER_JOINT_WAIST,
	LIMBER_JOINT_NECK,
	LIMBER_JOINT_HAND_LEFT,
	LIMBER_JOINT_HAND_RIGHT,
	LIMBER_JOINT_KNEE_LEFT,
	LIMBER_JOINT_KNEE_RIGHT,
	LIMBER_JOINT_TOE_LEFT,
	LIMBER_JOINT_TOE_RIGHT,
};

#define PATH_SAMPLES 12

/*
 * The joint that moves most from prev to p (the furthest from where it
 * was, so a part that goes out and comes back does not count), its path
 * through the model's own movement, and how far.
 */
static enum limber_joint
mover(const struct limber_pose *prev, const struct limber_pose *p, pt *best,
    double *most)
{
	enum limber_joint jt = LIMBER_JOINT_HEAD;
	pt(*j)[LIMBER_JOINT_COUNT] = xcalloc(PATH_SAMPLES, sizeof *j);
	double best_w = 0;

	for (int i = 0; i < PATH_SAMPLES; i++) {
		struct limber_pose q;

		limber_pose_lerp(prev, p, (double)i / (PATH_SAMPLES - 1), &q);
		limber_pose_points(&q, j[i]);
	}
	*most = 0;
	for (size_t i = 0; i < nitems(movers); i++) {
		double d = dist(j[0][movers[i]],
		    j[PATH_SAMPLES - 1][movers[i]]);
		/*
		 * The hips count half as much again: when they move, they
		 * are what the step is about (sitting back to the heels),
		 * though the head at the end of the trunk goes further.
		 */
		double w = movers[i] == LIMBER_JOINT_PELVIS ? 1.5 : 1;

		/* Ties go to the part listed first (the head, the pelvis). */
		if (d * w > best_w + 0.5) {
			best_w = d * w;
			*most = d;
			jt = movers[i];
		}
	}
	for (int n = 0; n < PATH_SAMPLES; n++)
		best[n] = j[n][jt];
	free(j);
	return jt;
}

#define ARROW_CM 14.0 /* the shortest arrow drawn */

/* An arrow along n points of path, its head at the last. */
static void
draw_arrow(struct render_scene *sc, const pt *from, int n, double k)
{
	pt path[PATH_SAMPLES + 1], tip, back, dir, v[3];
	double len = 0, run = 0, head, l;
	struct render_shape *s;

	for (int i = 0; i < n; i++)
		path[i] = from[i];
	for (int i = 1; i < n; i++)
		len += dist(path[i - 1], path[i]);
	/* A short movement still gets an arrow that reads: longer behind. */
	if (len < ARROW_CM) {
		pt d = { path[0].x - path[1].x, path[0].y - path[1].y };

		l = hypot(d.x, d.y);
		if (l > 1e-9) {
			for (int i = n; i > 0; i--)
				path[i] = path[i - 1];
			path[0] = add2(path[1], d, (ARROW_CM - len) / l);
			n++;
			len = ARROW_CM;
		}
	}
	head = len * 0.35 < 8 * k ? len * 0.35 : 8 * k;
	tip = path[n - 1];
	back = tip;

	/* The line, stopping where the head of the arrow starts. */
	s = add(sc, RENDER_PATH, RENDER_ARROW, RENDER_PAINT_ARROW, 2.6 * k,
	    true);
	for (int i = 0; i < n; i++) {
		if (i > 0)
			run += dist(path[i - 1], path[i]);
		if (i > 0 && run >= len - head) {
			double seg = dist(path[i - 1], path[i]);
			double t = seg > 1e-9 ?
			    1 - (run - (len - head)) / seg :
			    1;

			back = along(path[i - 1], path[i], t);
			s->pts[s->npts++] = back;
			break;
		}
		s->pts[s->npts++] = path[i];
	}
	dir = (pt){ tip.x - back.x, tip.y - back.y };
	l = hypot(dir.x, dir.y);
	dir = l > 1e-9 ? (pt){ dir.x / l, dir.y / l } : (pt){ 0, 1 };
	v[0] = add2(tip, dir, 1);
	v[1] = add2(add2(tip, dir, -head), (pt){ -dir.y, dir.x }, head * 0.6);
	v[2] = add2(add2(tip, dir, -head), (pt){ -dir.y, dir.x }, -head * 0.6);
	poly(sc, RENDER_ARROW, RENDER_PAINT_ARROW, 1.2 * k, true, v, 3);
}

/* The direction of the lower back on the picture, pelvis to waist. */
static double
pelvis_angle(const struct limber_pose *p)
{
	pt j[LIMBER_JOINT_COUNT];

	limber_pose_points(p, j);
	return atan2(j[LIMBER_JOINT_WAIST].y - j[LIMBER_JOINT_PELVIS].y,
	    j[LIMBER_JOINT_WAIST].x - j[LIMBER_JOINT_PELVIS].x);
}

#define TILT_DEG 4.0   /* a pelvis turning this much gets its own arrow */
#define TILT_CM 12.0   /* when nothing moves this far */
#define NOD_DEG 5.0    /* a head turning round its neck this much: an arc */
#define TURN_DEG 12.0  /* shoulders turning this much: a turn arrow */
#define LIMB_CM 25.0   /* unless a part moves this far */
#define TWIST_DEG 25.0 /* but this much is the turn whatever moves */

static double
wrap_pi(double a)
{
	while (a > M_PI)
		a -= 2 * M_PI;
	while (a < -M_PI)
		a += 2 * M_PI;
	return a;
}

/* The shoulders' axes: up the upper back, to the left, to the front. */
static struct axes
chest_axes(const struct body *b)
{
	const pt3 *j = b->j3;

	return axes(sub3(j[LIMBER_JOINT_NECK], j[LIMBER_JOINT_WAIST]),
	    sub3(j[LIMBER_JOINT_SHOULDER_LEFT],
		j[LIMBER_JOINT_SHOULDER_RIGHT]));
}

/*
 * A trunk that turns about its own spine (a twist) gets a curved arrow
 * round the front of the chest, as exercise sheets draw one: the near
 * half of a flat ellipse, as if the chest were seen from a little above,
 * going the way the front of the chest moves on the picture.
 */
static bool
turn_arc(const struct limber_pose *prev, const struct limber_pose *p,
    double least, pt *path)
{
	struct body was, now;
	struct axes a, c;
	double turn, fz, lz, toward, way;
	pt centre, move;

	body_build(&was, prev);
	body_build(&now, p);
	a = chest_axes(&was);
	c = chest_axes(&now);
	/* How far the shoulders turned about the spine: left toward front +. */
	turn = atan2(dot3(c.left, a.front), dot3(c.left, a.left));
	if (fabs(turn) < least * M_PI / 180)
		return false;
	/* The point of the chest nearest the viewer, and where it goes. */
	(void)seen(&now, now.j3[LIMBER_JOINT_NECK], c.front, &fz);
	(void)seen(&now, now.j3[LIMBER_JOINT_NECK], c.left, &lz);
	toward = atan2(fz, lz);
	move = seen(&now, now.j3[LIMBER_JOINT_NECK],
	    add3(add3((pt3){ 0, 0, 0 }, c.left, -sin(toward)), c.front,
		cos(toward)),
	    NULL);
	way = (turn > 0) == (move.x > 0) ? 1 : -1;
	centre = picture(&now,
	    add3(now.j3[LIMBER_JOINT_WAIST],
		sub3(now.j3[LIMBER_JOINT_NECK], now.j3[LIMBER_JOINT_WAIST]),
		0.6));
	for (int n = 0; n < PATH_SAMPLES; n++) {
		double t = (double)n / (PATH_SAMPLES - 1);
		double phi = M_PI * (1.5 + way * (t - 0.5) * 0.8);

		path[n] = (pt){ centre.x + 25 * cos(phi),
			centre.y + 8 * sin(phi) };
	}
	return true;
}

/*
 * A head that swings round the base of its neck (a nod, a tilt to a
 * shoulder) gets an arc round the neck outside the head, from where the
 * head was to where it is, at least 40 degrees long so that it reads.
 */
static bool
head_arc(const struct limber_pose *prev, const struct limber_pose *p, pt *path)
{
	pt a[LIMBER_JOINT_COUNT], b[LIMBER_JOINT_COUNT];
	double from, to, turn, radius;

	limber_pose_points(prev, a);
	limber_pose_points(p, b);
	from = atan2(a[LIMBER_JOINT_HEAD].y - a[LIMBER_JOINT_NECK].y,
	    a[LIMBER_JOINT_HEAD].x - a[LIMBER_JOINT_NECK].x);
	to = atan2(b[LIMBER_JOINT_HEAD].y - b[LIMBER_JOINT_NECK].y,
	    b[LIMBER_JOINT_HEAD].x - b[LIMBER_JOINT_NECK].x);
	turn = wrap_pi(to - from);
	if (fabs(turn) < NOD_DEG * M_PI / 180)
		return false;
	if (fabs(turn) < 40 * M_PI / 180)
		from = to - (turn > 0 ? 1 : -1) * 40 * M_PI / 180;
	turn = wrap_pi(to - from);
	radius = dist(b[LIMBER_JOINT_NECK], b[LIMBER_JOINT_HEAD]) +
	    limber_joint_radius(LIMBER_JOINT_HEAD) + 5;
	for (int n = 0; n < PATH_SAMPLES; n++) {
		double t = from + turn * n / (PATH_SAMPLES - 1);

		path[n] = add2(b[LIMBER_JOINT_NECK], (pt){ cos(t), sin(t) },
		    radius);
	}
	return true;
}

/*
 * The arrow along the path of the part that moves most, ending at the
 * part's new place. A curved path (the head nodding round the neck, a
 * hand turning with the trunk) runs outside the curve by the part's own
 * size, so the arrow goes round the part; a straight one (the hips
 * lifting) runs along the path itself, stopping at the part's edge, so
 * the arrow points at the part from where it was. When no part moves far
 * but the pelvis turns (a pelvic tilt, which flattens the lower back),
 * the arrow is a curve round the tail of the pelvis, the way it turns.
 */
static void
arrow(struct render_scene *sc, const struct limber_pose *prev,
    const struct limber_pose *p, enum limber_joint jt, pt *best, double *moved)
{
	/* Close up (head and shoulders), a finer arrow. */
	double size = p->frame == LIMBER_FRAME_HEAD ? 0.55 : 1;
	pt path[PATH_SAMPLES], chord, bulge;
	double r = limber_joint_radius(jt), l, bow;

	/* A turn of the trunk is what a twist shows, unless a limb goes far. */
	if (turn_arc(prev, p, *moved < LIMB_CM ? TURN_DEG : TWIST_DEG, path)) {
		draw_arrow(sc, path, PATH_SAMPLES, size);
		return;
	}
	if (*moved < TILT_CM) {
		double turn = wrap_pi(pelvis_angle(p) - pelvis_angle(prev));
		double tail, sweep;
		pt j[LIMBER_JOINT_COUNT];

		if (fabs(turn) < TILT_DEG * M_PI / 180) {
			if (*moved < STILL_CM)
				return;
			goto along;
		}
		limber_pose_points(p, j);
		tail = pelvis_angle(p) + M_PI;
		sweep = fabs(turn) * 3 > M_PI * 4 / 9 ?
		    fabs(turn) * 3 :
		    M_PI * 4 / 9;
		if (turn < 0)
			sweep = -sweep;
		for (int n = 0; n < PATH_SAMPLES; n++) {
			double a = tail - sweep / 2 +
			    sweep * n / (PATH_SAMPLES - 1);

			path[n] = add2(j[LIMBER_JOINT_PELVIS],
			    (pt){ cos(a), sin(a) },
			    limber_joint_radius(LIMBER_JOINT_PELVIS) + 8);
		}
		draw_arrow(sc, path, PATH_SAMPLES, size);
		return;
	}
	/*
	 * The path's own samples may turn sharply where the body is placed
	 * anew on the floor; the arrow follows a smooth curve through its
	 * start, its middle and its end.
	 */
	{
		pt a = best[0], m = best[PATH_SAMPLES / 2];
		pt c = best[PATH_SAMPLES - 1], k;

		/* Half way between passing the middle and a straight line. */
		k = (pt){ 1.5 * m.x - (a.x + c.x) / 4,
			1.5 * m.y - (a.y + c.y) / 4 };
		for (int n = 0; n < PATH_SAMPLES; n++) {
			double t = (double)n / (PATH_SAMPLES - 1), u = 1 - t;

			best[n] = (pt){ u * u * a.x + 2 * u * t * k.x +
				    t * t * c.x,
				u * u * a.y + 2 * u * t * k.y + t * t * c.y };
		}
	}
along:
	if (jt == LIMBER_JOINT_HEAD && head_arc(prev, p, path)) {
		draw_arrow(sc, path, PATH_SAMPLES, size);
		return;
	}
	chord = (pt){ best[PATH_SAMPLES - 1].x - best[0].x,
		best[PATH_SAMPLES - 1].y - best[0].y };
	l = hypot(chord.x, chord.y);
	bulge = along(best[0], best[PATH_SAMPLES - 1], 0.5);
	bulge = (pt){ best[PATH_SAMPLES / 2].x - bulge.x,
		best[PATH_SAMPLES / 2].y - bulge.y };
	bow = hypot(bulge.x, bulge.y);
	/* Outside the curve, unless that goes under the floor: straight. */
	for (int curved = bow > 0.15 * l; curved >= 0; curved--) {
		double low = INFINITY, side;
		pt m0 = best[PATH_SAMPLES / 2 - 1],
		   m1 = best[PATH_SAMPLES / 2 + 1];

		/* One side all along: the one the middle bulges to. */
		side = -(m1.y - m0.y) * bulge.x + (m1.x - m0.x) * bulge.y < 0 ?
		    -1 :
		    1;

		for (int n = 0; n < PATH_SAMPLES; n++) {
			pt a = best[n > 0 ? n - 1 : 0];
			pt c = best[n < PATH_SAMPLES - 1 ? n + 1 : n];
			double d = dist(a, c);
			pt nn = d > 1e-9 ? (pt){ -(c.y - a.y) / d * side,
				(c.x - a.x) / d * side } :
					   (pt){ 0, 1 };

			if (curved) {
				path[n] = add2(best[n], nn, r + 5);
			} else
				/* Straight: back by the part's size. */
				path[n] = l > 1e-9 ?
				    add2(along(best[0], best[PATH_SAMPLES - 1],
					     (double)n / (PATH_SAMPLES - 1)),
					chord, -(r + 2) / l) :
				    best[n];
			if (path[n].y < low)
				low = path[n].y;
		}
		if (low >= 1.5)
			break;
	}
	for (int n = 0; n < PATH_SAMPLES; n++) {
		if (path[n].y < 1.5)
			path[n].y = 1.5;
	}
	draw_arrow(sc, path, PATH_SAMPLES, size);
}

/* ------------------------------------------------------------------ */
/* Framing.                                                             */

static void
grow(struct render_scene *sc, const struct render_shape *s)
{
	double r = s->width / 2;

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

static void
bounds(struct render_scene *sc)
{
	sc->minx = sc->miny = INFINITY;
	sc->maxx = sc->maxy = -INFINITY;
	for (size_t i = 0; i < sc->n; i++) {
		const struct render_shape *s = &sc->shapes[i];

		if (s->opacity <= 0 || s->role == RENDER_FLOOR)
			continue;
		grow(sc, s);
	}
	if (sc->miny > 0)
		sc->miny = 0;
}

/*
 * A head-and-shoulders frame: from a little below the shoulders to above
 * the head, as wide as the shoulders, the arrow and the ghost's head; the
 * rest of the body runs off the bottom edge.
 */
static void
head_frame(struct render_scene *sc, const struct body *b)
{
	const pt *j = b->j;
	double r = limber_joint_radius(LIMBER_JOINT_HEAD) + OUTLINE_HEAD;
	pt h = j[LIMBER_JOINT_HEAD];
	double low = j[LIMBER_JOINT_SHOULDER_LEFT].y;

	if (j[LIMBER_JOINT_SHOULDER_RIGHT].y < low)
		low = j[LIMBER_JOINT_SHOULDER_RIGHT].y;
	sc->minx = h.x - r - 4;
	sc->maxx = h.x + r + 4;
	sc->miny = low - 12;
	sc->maxy = h.y + r + 3;
	for (int i = LIMBER_JOINT_SHOULDER_LEFT;
	     i <= LIMBER_JOINT_SHOULDER_RIGHT; i++) {
		if (j[i].x - 8 < sc->minx)
			sc->minx = j[i].x - 8;
		if (j[i].x + 8 > sc->maxx)
			sc->maxx = j[i].x + 8;
	}
	for (size_t i = 0; i < sc->n; i++) {
		const struct render_shape *s = &sc->shapes[i];

		if (s->opacity > 0 &&
		    (s->role == RENDER_ARROW ||
			(s->role == RENDER_GHOST && s->kind == RENDER_CIRCLE)))
			grow(sc, s);
	}
	/* The head, at least a third of the picture's height. */
	if (sc->maxy - sc->miny > 3 * 2 * r)
		sc->miny = sc->maxy - 3 * 2 * r;
	sc->floor = false;
	for (size_t i = 0; i < sc->n; i++) {
		enum render_role role = sc->shapes[i].role;

		/* A chair shows only as stray ends of its posts. */
		if (role == RENDER_FLOOR || role == RENDER_MAT ||
		    sc->shapes[i].paint == RENDER_PAINT_CHAIR)
			sc->shapes[i].opacity = 0;
	}
}

static void
build(struct render_scene *sc, const struct limber_pose *p,
    const struct limber_pose *prev, unsigned order)
{
	struct body b;
	double moved = 0;
	double outline = p->frame == LIMBER_FRAME_HEAD ? OUTLINE_HEAD : OUTLINE;
	enum limber_joint jt = LIMBER_JOINT_HEAD;
	pt path[PATH_SAMPLES];
	struct limber_pose was_seen;

	/*
	 * The ghost and the arrow are seen by this step's camera: a stretch
	 * may turn the camera between steps (the neck's nod from the side,
	 * its tilts from the front), and the movement is the body's, not
	 * the camera's.
	 */
	if (prev != NULL) {
		was_seen = *prev;
		was_seen.view = p->view;
		was_seen.facing_left = p->facing_left;
		was_seen.yaw = p->yaw;
		was_seen.frame = p->frame;
		prev = &was_seen;
	}

	sc->n = 0;
	sc->floor = true;
	body_build(&b, p);
	/* First: mat() hides it under a pose on the floor. */
	line(sc, RENDER_FLOOR, RENDER_PAINT_FLOOR, 2, true, (pt){ -100, -1 },
	    (pt){ 100, -1 });
	props(sc, &b);
	mat(sc, p, b.j);
	if (prev != NULL) {
		struct body was;
		size_t at = sc->n;

		body_build(&was, prev);
		ghost(sc, &was, outline);
		/*
		 * The path is found once for the ghost and the arrow: each of
		 * its points is a pose placed by the contact solver.
		 */
		jt = mover(prev, p, path, &moved);
		/* A hold: the same pose, nothing to show moving. */
		if (moved < GHOST_CM) {
			for (size_t i = at; i < sc->n; i++)
				sc->shapes[i].opacity = 0;
		}
	}
	figure(sc, &b, order, outline);
	chair_draw(sc, &b, true);
	/* Over the figure, so that no part hides it. */
	if (prev != NULL)
		arrow(sc, prev, p, jt, path, &moved);
	bounds(sc);
	if (p->frame == LIMBER_FRAME_HEAD)
		head_frame(sc, &b);
}

void
render_scene_build_motion(struct render_scene *sc, const struct limber_pose *p,
    const struct limber_pose *prev)
{
	build(sc, p, prev, render_scene_order(p));
}

void
render_scene_build(struct render_scene *sc, const struct limber_pose *p)
{
	build(sc, p, NULL, render_scene_order(p));
}

void
render_scene_build_ordered(struct render_scene *sc, const struct limber_pose *p,
    unsigned order)
{
	build(sc, p, NULL, order);
}

void
render_fit_box(double minx, double miny, double maxx, double maxy, bool floor,
    double width, double height, struct render_fit *f)
{
	double margin = (width < height ? width : height) * 0.06;
	double bottom = floor ? height - margin : height;
	double aw = width - 2 * margin, ah = bottom - margin, sx, sy;

	if (maxx - minx < 1)
		maxx = minx + 1;
	if (maxy - miny < 1)
		maxy = miny + 1;
	sx = aw / (maxx - minx);
	sy = ah / (maxy - miny);
	f->scale = sx < sy ? sx : sy;
	if (f->scale <= 0)
		f->scale = 1e-3;
	f->x0 = width / 2 - f->scale * (minx + maxx) / 2;
	f->y0 = bottom + f->scale * miny;
	/* As wide as the picture allows (lying, kneeling): in the middle. */
	if (floor && sx < sy)
		f->y0 = height / 2 + f->scale * (miny + maxy) / 2;
}

void
render_fit_scene(const struct render_scene *sc, double width, double height,
    struct render_fit *f)
{
	render_fit_box(sc->minx, sc->miny, sc->maxx, sc->maxy, sc->floor, width,
	    height, f);
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
