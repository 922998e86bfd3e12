/*
 * contact.c - a pose's contacts, and the solver that places the body on
 * them.
 *
 * Dropping a pose's lowest point onto the floor is not enough to show a
 * stretch: a seated twist balanced on one foot has its sitting bones in
 * the air, and legs written "straight out" slope up. So a pose names what
 * rests on what, and this file finds the placement that makes it true.
 *
 * The solver is a small damped least squares (Levenberg-Marquardt): the
 * unknowns are the body's height, its pitch and roll as a whole, the
 * wall's place when something leans on it, and, only when the body as a
 * whole cannot meet the contacts, the angles of the joints between the
 * pelvis and the parts that miss, each kept in its human range. The
 * residuals are each contact's distance to its surface, how far any joint
 * goes through the floor, the seat or the wall, and each change to what
 * the author wrote (lightly weighted, so that a change is as small as it
 * can be and shared among the joints that can make it). It uses no clock
 * and no randomness: the same pose gives the same placement.
 *
 * Each step costs a forward kinematics per free angle; a pose the body's
 * placement alone satisfies (every built-in one, nearly) needs no angle
 * at all. tests/unit/test-contact.c measures the time per pose.
 */
#include <math.h>
#include <string.h>

#include "i18n.h"
#include "limber/limber.h"
#include "util.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

typedef struct limber_point3 p3;

static const char *const part_names[LIMBER_PART_COUNT] = {
	[LIMBER_PART_SITTING_BONES] = "sitting_bones",
	[LIMBER_PART_PELVIS] = "pelvis",
	[LIMBER_PART_BACK] = "back",
	[LIMBER_PART_HEAD] = "head",
	[LIMBER_PART_FOREHEAD] = "forehead",
	[LIMBER_PART_HAND_LEFT] = "hand_left",
	[LIMBER_PART_HAND_RIGHT] = "hand_right",
	[LIMBER_PART_FOREARM_LEFT] = "forearm_left",
	[LIMBER_PART_FOREARM_RIGHT] = "forearm_right",
	[LIMBER_PART_KNEE_LEFT] = "knee_left",
	[LIMBER_PART_KNEE_RIGHT] = "knee_right",
	[LIMBER_PART_SHIN_LEFT] = "shin_left",
	[LIMBER_PART_SHIN_RIGHT] = "shin_right",
	[LIMBER_PART_FOOT_LEFT] = "foot_left",
	[LIMBER_PART_FOOT_RIGHT] = "foot_right",
	[LIMBER_PART_HEEL_LEFT] = "heel_left",
	[LIMBER_PART_HEEL_RIGHT] = "heel_right",
	[LIMBER_PART_TOES_LEFT] = "toes_left",
	[LIMBER_PART_TOES_RIGHT] = "toes_right",
};

/* Both sides at once: the name and the left part (the right follows it). */
static const struct {
	const char *name;
	enum limber_part left;
} pairs[] = {
	{ "hands", LIMBER_PART_HAND_LEFT },
	{ "forearms", LIMBER_PART_FOREARM_LEFT },
	{ "knees", LIMBER_PART_KNEE_LEFT },
	{ "shins", LIMBER_PART_SHIN_LEFT },
	{ "feet", LIMBER_PART_FOOT_LEFT },
	{ "heels", LIMBER_PART_HEEL_LEFT },
	{ "toes", LIMBER_PART_TOES_LEFT },
};

/* The joints that make up each part: all of them rest on the surface. */
static const struct {
	enum limber_joint j[2];
	int n;
} part_joints[LIMBER_PART_COUNT] = {
	[LIMBER_PART_SITTING_BONES] = { { LIMBER_JOINT_PELVIS }, 1 },
	[LIMBER_PART_PELVIS] = { { LIMBER_JOINT_PELVIS }, 1 },
	[LIMBER_PART_BACK] = { { LIMBER_JOINT_SHOULDER_LEFT,
				   LIMBER_JOINT_SHOULDER_RIGHT },
	    2 },
	[LIMBER_PART_HEAD] = { { LIMBER_JOINT_HEAD }, 1 },
	[LIMBER_PART_FOREHEAD] = { { LIMBER_JOINT_HEAD }, 1 },
	[LIMBER_PART_HAND_LEFT] = { { LIMBER_JOINT_HAND_LEFT }, 1 },
	[LIMBER_PART_HAND_RIGHT] = { { LIMBER_JOINT_HAND_RIGHT }, 1 },
	[LIMBER_PART_FOREARM_LEFT] = { { LIMBER_JOINT_ELBOW_LEFT,
					   LIMBER_JOINT_WRIST_LEFT },
	    2 },
	[LIMBER_PART_FOREARM_RIGHT] = { { LIMBER_JOINT_ELBOW_RIGHT,
					    LIMBER_JOINT_WRIST_RIGHT },
	    2 },
	[LIMBER_PART_KNEE_LEFT] = { { LIMBER_JOINT_KNEE_LEFT }, 1 },
	[LIMBER_PART_KNEE_RIGHT] = { { LIMBER_JOINT_KNEE_RIGHT }, 1 },
	[LIMBER_PART_SHIN_LEFT] = { { LIMBER_JOINT_KNEE_LEFT,
					LIMBER_JOINT_ANKLE_LEFT },
	    2 },
	[LIMBER_PART_SHIN_RIGHT] = { { LIMBER_JOINT_KNEE_RIGHT,
					 LIMBER_JOINT_ANKLE_RIGHT },
	    2 },
	[LIMBER_PART_FOOT_LEFT] = { { LIMBER_JOINT_HEEL_LEFT,
					LIMBER_JOINT_TOE_LEFT },
	    2 },
	[LIMBER_PART_FOOT_RIGHT] = { { LIMBER_JOINT_HEEL_RIGHT,
					 LIMBER_JOINT_TOE_RIGHT },
	    2 },
	[LIMBER_PART_HEEL_LEFT] = { { LIMBER_JOINT_HEEL_LEFT }, 1 },
	[LIMBER_PART_HEEL_RIGHT] = { { LIMBER_JOINT_HEEL_RIGHT }, 1 },
	[LIMBER_PART_TOES_LEFT] = { { LIMBER_JOINT_TOE_LEFT }, 1 },
	[LIMBER_PART_TOES_RIGHT] = { { LIMBER_JOINT_TOE_RIGHT }, 1 },
};

static const char *const surface_names[LIMBER_SURFACE_COUNT] = {
	[LIMBER_SURFACE_FLOOR] = "floor",
	[LIMBER_SURFACE_CHAIR] = "chair",
	[LIMBER_SURFACE_WALL] = "wall",
	[LIMBER_SURFACE_CUSHION] = "cushion",
	[LIMBER_SURFACE_BLANKET] = "blanket",
};

const char *
limber_part_name(enum limber_part part)
{
	return (unsigned)part < LIMBER_PART_COUNT ? part_names[part] : NULL;
}

unsigned
limber_part_parse(const char *name)
{
	for (int i = 0; i < LIMBER_PART_COUNT; i++) {
		if (strcmp(part_names[i], name) == 0)
			return 1u << i;
	}
	for (size_t i = 0; i < nitems(pairs); i++) {
		if (strcmp(pairs[i].name, name) == 0)
			return 3u << pairs[i].left;
	}
	return 0;
}

const char *
limber_surface_name(enum limber_surface surface)
{
	return (unsigned)surface < LIMBER_SURFACE_COUNT ?
	    surface_names[surface] :
	    NULL;
}

int
limber_surface_parse(const char *name)
{
	for (int i = 1; i < LIMBER_SURFACE_COUNT; i++) {
		if (strcmp(surface_names[i], name) == 0)
			return i;
	}
	return -1;
}

unsigned
limber_surface_prop(enum limber_surface surface)
{
	switch (surface) {
	case LIMBER_SURFACE_CHAIR:
		return LIMBER_PROP_CHAIR;
	case LIMBER_SURFACE_WALL:
		return LIMBER_PROP_WALL;
	case LIMBER_SURFACE_CUSHION:
		return LIMBER_PROP_CUSHION;
	case LIMBER_SURFACE_BLANKET:
		return LIMBER_PROP_BLANKET;
	default:
		return 0;
	}
}

bool
limber_pose_has_contacts(const struct limber_pose *p)
{
	for (int i = 0; i < LIMBER_PART_COUNT; i++) {
		if (p->contact[i] != LIMBER_SURFACE_NONE)
			return true;
	}
	return false;
}

/* Left parts have even distance from HAND_LEFT, and the right follows. */
static bool
is_left(int part)
{
	return part >= LIMBER_PART_HAND_LEFT &&
	    (part - LIMBER_PART_HAND_LEFT) % 2 == 0;
}

void
limber_contacts_mirror(struct limber_pose *p)
{
	for (int i = LIMBER_PART_HAND_LEFT; i < LIMBER_PART_COUNT; i += 2) {
		unsigned char t = p->contact[i];

		p->contact[i] = p->contact[i + 1];
		p->contact[i + 1] = t;
	}
}

void
limber_contacts_between(const struct limber_pose *a,
    const struct limber_pose *b, struct limber_pose *out)
{
	for (int i = 0; i < LIMBER_PART_COUNT; i++)
		out->contact[i] = a->contact[i] == b->contact[i] ?
		    a->contact[i] :
		    LIMBER_SURFACE_NONE;
}

void
limber_contacts_to_json(const struct limber_pose *p, json_t *o)
{
	json_t *c;

	if (!limber_pose_has_contacts(p))
		return;
	c = json_object();
	for (int i = 0; i < LIMBER_PART_COUNT; i++) {
		const char *name = part_names[i];
		int s = p->contact[i];

		if (s == LIMBER_SURFACE_NONE)
			continue;
		if (is_left(i) && p->contact[i + 1] == s) {
			for (size_t k = 0; k < nitems(pairs); k++) {
				if ((int)pairs[k].left == i)
					name = pairs[k].name;
			}
			json_object_set_new(c, name,
			    json_string(surface_names[s]));
			i++; /* the right one is in the pair */
			continue;
		}
		json_object_set_new(c, name, json_string(surface_names[s]));
	}
	json_object_set_new(o, "contacts", c);
}

/* ------------------------------------------------------------------ */
/* The surfaces.                                                        */

/* A blanket lifts the knees, shins and feet; hands stay on the floor. */
static bool
on_blanket(int joint)
{
	return (joint >= LIMBER_JOINT_KNEE_LEFT &&
		   joint <= LIMBER_JOINT_TOE_RIGHT) ||
	    joint == LIMBER_JOINT_HEEL_LEFT || joint == LIMBER_JOINT_HEEL_RIGHT;
}

static double
bottom(const p3 *pts, int j)
{
	return pts[j].y - limber_joint_radius((enum limber_joint)j);
}

/* Where a cushion rests: on the calves when kneeling, else the floor. */
static double
cushion_base(const struct limber_pose *p, const p3 *pts)
{
	const p3 *pel = &pts[LIMBER_JOINT_PELVIS];
	double ax = (pts[LIMBER_JOINT_ANKLE_LEFT].x +
			pts[LIMBER_JOINT_ANKLE_RIGHT].x) /
	    2;
	double ay = (pts[LIMBER_JOINT_ANKLE_LEFT].y +
			pts[LIMBER_JOINT_ANKLE_RIGHT].y) /
	    2;
	double base = p->props & LIMBER_PROP_BLANKET ? LIMBER_BLANKET_CM : 0;

	if (fabs(ax - pel->x) < 30 && ay < pel->y) {
		double calves = ay +
		    limber_joint_radius(LIMBER_JOINT_ANKLE_LEFT);

		if (calves > base)
			base = calves;
	}
	return base;
}

/* The floor under a joint: the blanket's top for the parts it is under. */
static double
floor_under(const struct limber_pose *p, int j)
{
	return p->props & LIMBER_PROP_BLANKET && on_blanket(j) ?
	    LIMBER_BLANKET_CM :
	    0;
}

/* Whether a joint is over the chair's seat (not under it or beside it). */
static bool
over_seat(const p3 *pts, int j)
{
	double r = limber_joint_radius((enum limber_joint)j);
	double dx = pts[j].x - pts[LIMBER_JOINT_PELVIS].x;

	return dx > -LIMBER_CHAIR_BACK_CM - r &&
	    dx < LIMBER_CHAIR_FRONT_CM + r &&
	    pts[j].y + r > LIMBER_CHAIR_SEAT_CM - 4;
}

/*
 * How far joint j is from surface s: + above (in front of a wall), -
 * through. wall_x is the wall's face.
 */
static double
distance(const struct limber_pose *p, const p3 *pts, int j,
    enum limber_surface s, double wall_x)
{
	double r = limber_joint_radius((enum limber_joint)j);

	switch (s) {
	case LIMBER_SURFACE_CHAIR:
		return bottom(pts, j) - LIMBER_CHAIR_SEAT_CM;
	case LIMBER_SURFACE_WALL:
		return pts[j].x - r - wall_x;
	case LIMBER_SURFACE_BLANKET:
		return bottom(pts, j) - LIMBER_BLANKET_CM;
	case LIMBER_SURFACE_CUSHION: {
		/* A cushion fills out or squashes to the gap, within limits. */
		double gap = bottom(pts, j) - cushion_base(p, pts);

		if (gap < LIMBER_CUSHION_MIN_CM)
			return gap - LIMBER_CUSHION_MIN_CM;
		if (gap > LIMBER_CUSHION_MAX_CM)
			return gap - LIMBER_CUSHION_MAX_CM;
		return 0;
	}
	default:
		return bottom(pts, j) - floor_under(p, j);
	}
}

/* The wall's face for a placed body: where the parts on it touch it. */
static double
wall_face(const struct limber_pose *p, const p3 *pts)
{
	double x = INFINITY;

	for (int i = 0; i < LIMBER_PART_COUNT; i++) {
		if (p->contact[i] != LIMBER_SURFACE_WALL)
			continue;
		for (int k = 0; k < part_joints[i].n; k++) {
			int j = part_joints[i].j[k];
			double v = pts[j].x -
			    limber_joint_radius((enum limber_joint)j);

			if (v < x)
				x = v;
		}
	}
	if (x == INFINITY) {
		/* Just behind the back: the pelvis, the shoulders, the head. */
		static const enum limber_joint back[] = {
			LIMBER_JOINT_PELVIS,
			LIMBER_JOINT_SHOULDER_LEFT,
			LIMBER_JOINT_SHOULDER_RIGHT,
			LIMBER_JOINT_HEAD,
		};

		for (size_t k = 0; k < nitems(back); k++) {
			double v = pts[back[k]].x -
			    limber_joint_radius(back[k]) - 1.5;

			if (v < x)
				x = v;
		}
	}
	return x;
}

static bool
has_surface(const struct limber_pose *p, enum limber_surface s)
{
	for (int i = 0; i < LIMBER_PART_COUNT; i++) {
		if (p->contact[i] == s)
			return true;
	}
	return false;
}

const enum limber_joint limber_blanket_joints[] = {
	LIMBER_JOINT_KNEE_LEFT,
	LIMBER_JOINT_KNEE_RIGHT,
	LIMBER_JOINT_ANKLE_LEFT,
	LIMBER_JOINT_ANKLE_RIGHT,
	LIMBER_JOINT_TOE_LEFT,
	LIMBER_JOINT_TOE_RIGHT,
	LIMBER_JOINT_HEEL_LEFT,
	LIMBER_JOINT_HEEL_RIGHT,
};
const size_t limber_nblanket_joints = nitems(limber_blanket_joints);

void
limber_pose_props(const struct limber_pose *p, const p3 *pts,
    struct limber_props *out)
{
	const p3 *pel = &pts[LIMBER_JOINT_PELVIS];
	double lo = INFINITY, hi = -INFINITY, mid, top;

	memset(out, 0, sizeof *out);
	/*
	 * The chair's seat is where the contacts put the sitting bones; a
	 * pose that names no chair contact has its seat under the pelvis.
	 */
	out->seat_y = has_surface(p, LIMBER_SURFACE_CHAIR) ?
	    LIMBER_CHAIR_SEAT_CM :
	    bottom(pts, LIMBER_JOINT_PELVIS);
	out->seat_back_x = pel->x - LIMBER_CHAIR_BACK_CM;
	out->seat_front_x = pel->x + LIMBER_CHAIR_FRONT_CM;
	out->wall_x = wall_face(p, pts);

	out->cushion_y0 = cushion_base(p, pts);
	top = bottom(pts, LIMBER_JOINT_PELVIS);
	if (top > out->cushion_y0 + LIMBER_CUSHION_MAX_CM)
		top = out->cushion_y0 + LIMBER_CUSHION_MAX_CM;
	if (top < out->cushion_y0 + LIMBER_CUSHION_MIN_CM)
		top = out->cushion_y0 + LIMBER_CUSHION_MIN_CM;
	out->cushion_y1 = top;
	mid = out->cushion_y0 >
		(p->props & LIMBER_PROP_BLANKET ? LIMBER_BLANKET_CM : 0) ?
	    (pel->x +
		(pts[LIMBER_JOINT_ANKLE_LEFT].x +
		    pts[LIMBER_JOINT_ANKLE_RIGHT].x) /
		    2) /
		2 :
	    pel->x;
	out->cushion_x0 = mid - 15;
	out->cushion_x1 = mid + 15;

	out->blanket_y = LIMBER_BLANKET_CM;
	for (size_t i = 0; i < limber_nblanket_joints; i++) {
		const p3 *k = &pts[limber_blanket_joints[i]];
		double r = limber_joint_radius(limber_blanket_joints[i]);

		if (k->y - r > LIMBER_BLANKET_REACH_CM)
			continue;
		if (k->x - r < lo)
			lo = k->x - r;
		if (k->x + r > hi)
			hi = k->x + r;
	}
	if (lo > hi)
		lo = hi = pel->x;
	out->blanket_x0 = lo - 5;
	out->blanket_x1 = hi + 5;
}

double
limber_contact_gap(const struct limber_pose *p, const p3 *pts,
    enum limber_part part)
{
	double worst = 0, wall;
	int s;

	if ((unsigned)part >= LIMBER_PART_COUNT)
		return 0;
	s = p->contact[part];
	if (s == LIMBER_SURFACE_NONE)
		return 0;
	wall = wall_face(p, pts);
	for (int k = 0; k < part_joints[part].n; k++) {
		double d = distance(p, pts, part_joints[part].j[k],
		    (enum limber_surface)s, wall);

		if (fabs(d) > fabs(worst))
			worst = d;
	}
	return worst;
}

/* ------------------------------------------------------------------ */
/* The solver.                                                          */

#define RIGID 2 /* the height, the wall's place */
#define MAXANG 22
#define MAXV (RIGID + MAXANG)
#define MAXR 192
#define W_ANGLE 0.05 /* a degree of an author's angle, in cm */
#define W_TURN 0.01  /* a degree of the whole body's pitch */
#define W_LEAN 0.2   /* a degree of its roll: rarely what the text says */
#define GOOD 0.3     /* close enough not to free more angles, cm */
#define MET 0.2	     /* close enough to stop, in cm */
/*
 * The most the solver changes: it corrects a pose written nearly right,
 * it does not invent another one. Beyond this a contact is reported as
 * missed, and the author changes the pose.
 */
#define MAXCHANGE 20.0 /* degrees, each angle */
#define MAXTURN 30.0   /* degrees, the whole body's pitch and roll */

/*
 * The unknowns are v[0] the height the body is lifted by, v[1] the wall's
 * place, and v[RIGID + k] the change to angle ang[k]. The first two
 * angles are always the trunk and the lean: every part of the model
 * hangs from the pelvis, so changing them turns the whole body about it
 * (pitch and roll), and the solved placement is itself a pose.
 */
struct solver {
	const struct limber_pose *p;
	struct limber_pose work; /* the author's angles, changed */
	int nang;
	int ang[MAXANG]; /* the angles that may change */
	double lo[MAXANG], hi[MAXANG], w[MAXANG];
	bool wall; /* something leans on the wall */
	bool chair;
	bool cuts; /* count what goes through a surface */
	unsigned rest[LIMBER_JOINT_COUNT]; /* 1 << surface it rests on */
	int nfree, free[MAXV];		   /* the unknowns in play */
	p3 skel[LIMBER_JOINT_COUNT];	   /* the skeleton for skel_at */
	double skel_at[MAXANG];
	bool skel_ok;
	p3 pts[LIMBER_JOINT_COUNT]; /* the last placement evaluated */
};

static void
skeleton_for(struct solver *s, const double *v)
{
	bool same = s->skel_ok;

	for (int k = 0; k < s->nang && same; k++)
		same = s->skel_at[k] == v[RIGID + k];
	if (same)
		return;
	s->work = *s->p;
	for (int k = 0; k < s->nang; k++) {
		s->work.angle[s->ang[k]] = s->p->angle[s->ang[k]] +
		    v[RIGID + k];
		s->skel_at[k] = v[RIGID + k];
	}
	limber_pose_skeleton3(&s->work, s->skel);
	s->skel_ok = true;
}

/* Whether joint j is one of a part that rests on surface s. */
static bool
rests_on(const struct limber_pose *p, int j, enum limber_surface s)
{
	for (int i = 0; i < LIMBER_PART_COUNT; i++) {
		if (p->contact[i] != s)
			continue;
		for (int k = 0; k < part_joints[i].n; k++) {
			if ((int)part_joints[i].j[k] == j)
				return true;
		}
	}
	return false;
}

/*
 * Finger tips that rest on nothing: the solver leaves them out of the
 * floor, and a hand that would reach through it is laid on it afterwards
 * (rest_hand), as a hand meeting the floor bends at the wrist. Freeing the
 * whole arm for them made an arm that swings past the floor jump from
 * frame to frame.
 */
static bool
free_hand(const struct solver *s, int j)
{
	return (j == LIMBER_JOINT_HAND_LEFT || j == LIMBER_JOINT_HAND_RIGHT) &&
	    s->rest[j] == 0;
}

static void
rest_hand(const struct limber_pose *p, p3 *pts, int wrist, int hand)
{
	double r = limber_joint_radius((enum limber_joint)hand);
	double lo = floor_under(p, hand) + r, len, fx, fz, flat, dy;
	p3 w = pts[wrist], h = pts[hand];

	if (h.y >= lo)
		return;
	len = sqrt((h.x - w.x) * (h.x - w.x) + (h.y - w.y) * (h.y - w.y) +
	    (h.z - w.z) * (h.z - w.z));
	fx = h.x - w.x;
	fz = h.z - w.z;
	flat = hypot(fx, fz);
	if (flat < 1e-6 || len < 1e-6)
		return;
	dy = (lo - w.y) / len;
	if (dy > 1)
		dy = 1;
	if (dy < -1)
		dy = -1;
	pts[hand].x = w.x + fx / flat * len * sqrt(1 - dy * dy);
	pts[hand].y = w.y + len * dy;
	pts[hand].z = w.z + fz / flat * len * sqrt(1 - dy * dy);
}

/*
 * The residuals at v: contacts, then what goes through a surface, then
 * the changes to the author's pose. Returns their number.
 */
static int
residuals(struct solver *s, const double *v, double *r)
{
	const struct limber_pose *p = s->p;
	int m = 0;

	skeleton_for(s, v);
	for (int j = 0; j < LIMBER_JOINT_COUNT; j++) {
		s->pts[j] = s->skel[j];
		s->pts[j].y += v[0];
	}
	for (int i = 0; i < LIMBER_PART_COUNT; i++) {
		if (p->contact[i] == LIMBER_SURFACE_NONE)
			continue;
		for (int k = 0; k < part_joints[i].n; k++)
			r[m++] = distance(p, s->pts, part_joints[i].j[k],
			    (enum limber_surface)p->contact[i], v[1]);
	}
	for (int j = 0; j < LIMBER_JOINT_COUNT && s->cuts; j++) {
		double d = 0;

		/* A free hand meets the floor in rest_hand. */
		if (!(s->rest[j] & 1u << LIMBER_SURFACE_FLOOR) &&
		    !free_hand(s, j)) {
			d = distance(p, s->pts, j, LIMBER_SURFACE_FLOOR, 0);
			r[m++] = d < 0 ? d : 0;
		}
		if (s->chair && !(s->rest[j] & 1u << LIMBER_SURFACE_CHAIR)) {
			d = over_seat(s->pts, j) ?
			    distance(p, s->pts, j, LIMBER_SURFACE_CHAIR, 0) :
			    0;
			r[m++] = d < 0 ? d : 0;
		}
		if (s->wall && !(s->rest[j] & 1u << LIMBER_SURFACE_WALL)) {
			d = distance(p, s->pts, j, LIMBER_SURFACE_WALL, v[1]);
			r[m++] = d < 0 ? d : 0;
		}
	}
	for (int k = 0; k < s->nang; k++)
		r[m++] = s->w[k] * v[RIGID + k];
	return m;
}

static double
sumsq(const double *r, int m)
{
	double t = 0;

	for (int i = 0; i < m; i++)
		t += r[i] * r[i];
	return t;
}

/* Solve the n by n system a x = b in place (Cholesky); false if singular. */
static bool
cholesky_solve(double *a, int n, double *b)
{
	for (int j = 0; j < n; j++) {
		double d = a[j * n + j];

		for (int k = 0; k < j; k++)
			d -= a[j * n + k] * a[j * n + k];
		if (!(d > 1e-12))
			return false;
		d = sqrt(d);
		a[j * n + j] = d;
		for (int i = j + 1; i < n; i++) {
			double t = a[i * n + j];

			for (int k = 0; k < j; k++)
				t -= a[i * n + k] * a[j * n + k];
			a[i * n + j] = t / d;
		}
	}
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < i; k++)
			b[i] -= a[i * n + k] * b[k];
		b[i] /= a[i * n + i];
	}
	for (int i = n - 1; i >= 0; i--) {
		for (int k = i + 1; k < n; k++)
			b[i] -= a[k * n + i] * b[k];
		b[i] /= a[i * n + i];
	}
	return true;
}

static void
clamp(const struct solver *s, double *v)
{
	for (int k = 0; k < s->nang; k++) {
		if (v[RIGID + k] < s->lo[k])
			v[RIGID + k] = s->lo[k];
		if (v[RIGID + k] > s->hi[k])
			v[RIGID + k] = s->hi[k];
	}
}

static double
worst_of(const double *r, int m)
{
	double w = 0;

	for (int i = 0; i < m; i++) {
		if (fabs(r[i]) > w)
			w = fabs(r[i]);
	}
	return w;
}

/* Levenberg-Marquardt over the unknowns in s->free; v is updated. */
static void
minimise(struct solver *s, double *v, int iterations)
{
	static const double h = 1e-4;
	double r[MAXR], rt[MAXR], jac[MAXV][MAXR], a[MAXV * MAXV], g[MAXV];
	double vt[MAXV], mu = 1e-3, cost, rz[MAXR];
	bool zero[MAXR];
	int n = s->nfree, m = residuals(s, v, r), nz;

	cost = sumsq(r, m);
	for (int it = 0; it < iterations && cost > 1e-10; it++) {
		bool better = false;

		for (int i = 0; i < m; i++)
			zero[i] = true;
		for (int c = 0; c < n; c++) {
			int f = s->free[c];

			memcpy(vt, v, sizeof vt);
			vt[f] += h;
			residuals(s, vt, rt);
			for (int i = 0; i < m; i++) {
				jac[c][i] = (rt[i] - r[i]) / h;
				if (jac[c][i] != 0)
					zero[i] = false;
			}
		}
		/*
		 * Most rows are a joint far from any surface: leave them out,
		 * packing the rest to the front (nz never passes i).
		 */
		nz = 0;
		for (int i = 0; i < m; i++) {
			if (zero[i])
				continue;
			for (int c = 0; c < n; c++)
				jac[c][nz] = jac[c][i];
			rz[nz++] = r[i];
		}
		for (int c = 0; c < n; c++) {
			double t = 0;

			for (int i = 0; i < nz; i++)
				t += jac[c][i] * rz[i];
			g[c] = -t;
			for (int d = 0; d <= c; d++) {
				double u = 0;

				for (int i = 0; i < nz; i++)
					u += jac[c][i] * jac[d][i];
				a[c * n + d] = a[d * n + c] = u;
			}
		}
		while (mu < 1e10) {
			double sys[MAXV * MAXV], step[MAXV], ct;

			memcpy(sys, a, sizeof(double) * (size_t)(n * n));
			memcpy(step, g, sizeof(double) * (size_t)n);
			for (int c = 0; c < n; c++)
				sys[c * n + c] += mu * (1 + a[c * n + c]);
			if (!cholesky_solve(sys, n, step)) {
				mu *= 10;
				continue;
			}
			memcpy(vt, v, sizeof vt);
			for (int c = 0; c < n; c++)
				vt[s->free[c]] += step[c];
			clamp(s, vt);
			ct = sumsq(rt, residuals(s, vt, rt));
			if (ct < cost) {
				double moved = 0;

				for (int c = 0; c < n; c++)
					moved += fabs(vt[s->free[c]] -
					    v[s->free[c]]);
				memcpy(v, vt, sizeof vt);
				memcpy(r, rt, sizeof(double) * (size_t)m);
				/*
				 * Done when every contact is met (the
				 * changes are small already: each step
				 * weighs them), or a step changes next to
				 * nothing.
				 */
				better = moved > 1e-3 && ct < cost * 0.999 &&
				    worst_of(r, m - s->nang) > MET;
				cost = ct;
				mu = mu / 3 > 1e-9 ? mu / 3 : 1e-9;
				break;
			}
			mu *= 4;
		}
		if (!better)
			break;
	}
	residuals(s, v, r); /* leaves s->pts at v */
}

/* How badly the placement at v misses: the worst contact or cut. */
static double
miss(struct solver *s, const double *v)
{
	double r[MAXR], worst = 0;
	int m = residuals(s, v, r) - s->nang;

	for (int i = 0; i < m; i++) {
		if (fabs(r[i]) > worst)
			worst = fabs(r[i]);
	}
	return worst;
}

/* The angles between the pelvis and joint j, which move it. */
static int
chain(int j, enum limber_angle *out)
{
	int n = 0;

	switch (j) {
	case LIMBER_JOINT_HAND_LEFT:
		out[n++] = LIMBER_ANGLE_WRIST_LEFT;
		/* fall through */
	case LIMBER_JOINT_WRIST_LEFT:
		out[n++] = LIMBER_ANGLE_ELBOW_LEFT;
		/* fall through */
	case LIMBER_JOINT_ELBOW_LEFT:
		out[n++] = LIMBER_ANGLE_SHOULDER_OUT_LEFT;
		out[n++] = LIMBER_ANGLE_SHOULDER_LEFT;
		break;
	case LIMBER_JOINT_HAND_RIGHT:
		out[n++] = LIMBER_ANGLE_WRIST_RIGHT;
		/* fall through */
	case LIMBER_JOINT_WRIST_RIGHT:
		out[n++] = LIMBER_ANGLE_ELBOW_RIGHT;
		/* fall through */
	case LIMBER_JOINT_ELBOW_RIGHT:
		out[n++] = LIMBER_ANGLE_SHOULDER_OUT_RIGHT;
		out[n++] = LIMBER_ANGLE_SHOULDER_RIGHT;
		break;
	case LIMBER_JOINT_TOE_LEFT:
	case LIMBER_JOINT_HEEL_LEFT:
		out[n++] = LIMBER_ANGLE_ANKLE_LEFT;
		/* fall through */
	case LIMBER_JOINT_ANKLE_LEFT:
		out[n++] = LIMBER_ANGLE_KNEE_LEFT;
		/* fall through */
	case LIMBER_JOINT_KNEE_LEFT:
		out[n++] = LIMBER_ANGLE_HIP_OUT_LEFT;
		out[n++] = LIMBER_ANGLE_HIP_LEFT;
		break;
	case LIMBER_JOINT_TOE_RIGHT:
	case LIMBER_JOINT_HEEL_RIGHT:
		out[n++] = LIMBER_ANGLE_ANKLE_RIGHT;
		/* fall through */
	case LIMBER_JOINT_ANKLE_RIGHT:
		out[n++] = LIMBER_ANGLE_KNEE_RIGHT;
		/* fall through */
	case LIMBER_JOINT_KNEE_RIGHT:
		out[n++] = LIMBER_ANGLE_HIP_OUT_RIGHT;
		out[n++] = LIMBER_ANGLE_HIP_RIGHT;
		break;
	case LIMBER_JOINT_HEAD:
		out[n++] = LIMBER_ANGLE_NECK_BEND;
		break;
	default:
		break;
	}
	return n;
}

static void
free_angle(struct solver *s, enum limber_angle a, double most, double w)
{
	int lo, hi;

	for (int k = 0; k < s->nang; k++) {
		if (s->ang[k] == (int)a)
			return;
	}
	if (s->nang >= MAXANG)
		return;
	limber_angle_range(s->p->view, a, &lo, &hi);
	s->lo[s->nang] = fmax(lo - s->p->angle[a], -most);
	s->hi[s->nang] = fmin(hi - s->p->angle[a], most);
	if (a == LIMBER_ANGLE_TRUNK) {
		/* The trunk goes all the way round. */
		s->lo[s->nang] = -most;
		s->hi[s->nang] = most;
	}
	s->w[s->nang] = w;
	s->ang[s->nang++] = (int)a;
}

/*
 * A wrist bends as far as its range lets it: a hand laid flat on the
 * floor is the wrist's doing, which no author writes down.
 */
static void
free_chain_angle(struct solver *s, enum limber_angle a)
{
	if (a == LIMBER_ANGLE_WRIST_LEFT || a == LIMBER_ANGLE_WRIST_RIGHT)
		free_angle(s, a, 180, W_ANGLE / 5);
	else
		free_angle(s, a, MAXCHANGE, W_ANGLE);
}

/* Free the angles that move the joints that miss by more than GOOD. */
static void
free_missing(struct solver *s, const double *v)
{
	const struct limber_pose *p = s->p;
	enum limber_angle ch[6];

	for (int i = 0; i < LIMBER_PART_COUNT; i++) {
		if (p->contact[i] == LIMBER_SURFACE_NONE)
			continue;
		for (int k = 0; k < part_joints[i].n; k++) {
			int j = part_joints[i].j[k];

			if (fabs(distance(p, s->pts, j,
				(enum limber_surface)p->contact[i], v[1])) <=
			    GOOD)
				continue;
			for (int c = chain(j, ch) - 1; c >= 0; c--)
				free_chain_angle(s, ch[c]);
		}
	}
	for (int j = 0; j < LIMBER_JOINT_COUNT; j++) {
		bool cut = (!free_hand(s, j) &&
			       distance(p, s->pts, j, LIMBER_SURFACE_FLOOR, 0) <
				   -GOOD) ||
		    (s->chair && over_seat(s->pts, j) &&
			distance(p, s->pts, j, LIMBER_SURFACE_CHAIR, 0) <
			    -GOOD &&
			!(s->rest[j] & 1u << LIMBER_SURFACE_CHAIR)) ||
		    (s->wall &&
			distance(p, s->pts, j, LIMBER_SURFACE_WALL, v[1]) <
			    -GOOD);

		if (!cut)
			continue;
		for (int c = chain(j, ch) - 1; c >= 0; c--)
			free_chain_angle(s, ch[c]);
	}
}

/* Every limb and the neck: the last resort. */
static void
free_all(struct solver *s)
{
	enum limber_angle ch[6];
	int n;

	for (int j = 0; j < LIMBER_JOINT_COUNT; j++) {
		n = chain(j, ch);
		for (int c = n - 1; c >= 0; c--)
			free_chain_angle(s, ch[c]);
	}
}

static void
set_free(struct solver *s)
{
	s->nfree = 0;
	s->free[s->nfree++] = 0;
	if (s->wall)
		s->free[s->nfree++] = 1;
	for (int k = 0; k < s->nang; k++)
		s->free[s->nfree++] = RIGID + k;
	s->skel_ok = false;
}

/*
 * Solve p's contacts: the pose as placed (the author's angles with the
 * solver's changes) into solved, its points into pts (the anchor not yet
 * at x = 0). Returns how far the worst contact or cut is from being met.
 */
static double
solve(const struct limber_pose *p, struct limber_pose *solved, p3 *pts)
{
	struct solver s;
	double v[MAXV] = { 0 }, low = INFINITY, worst;

	memset(&s, 0, sizeof s);
	s.p = p;
	s.wall = has_surface(p, LIMBER_SURFACE_WALL);
	s.chair = (p->props & LIMBER_PROP_CHAIR) != 0;
	for (int i = 0; i < LIMBER_PART_COUNT; i++) {
		for (int k = 0; k < part_joints[i].n && p->contact[i]; k++)
			s.rest[part_joints[i].j[k]] |= 1u << p->contact[i];
	}
	free_angle(&s, LIMBER_ANGLE_TRUNK, MAXTURN, W_TURN);
	free_angle(&s, LIMBER_ANGLE_LEAN, MAXTURN, W_LEAN);
	set_free(&s);

	/* Start from the placement without contacts: the lowest part down. */
	skeleton_for(&s, v);
	for (int j = 0; j < LIMBER_JOINT_COUNT; j++) {
		double b = s.skel[j].y -
		    limber_joint_radius((enum limber_joint)j);

		if (b < low)
			low = b;
	}
	v[0] = -low;
	if (s.wall)
		v[1] = wall_face(p, s.skel);

	/*
	 * First the body as a whole onto its contacts; then, if that is not
	 * enough or something goes through a surface, the angles that move
	 * those parts must give too.
	 */
	minimise(&s, v, 30);
	s.cuts = true;
	worst = miss(&s, v);
	for (int round = 0; round < 2 && worst > GOOD; round++) {
		int before = s.nang;

		if (round == 0)
			free_missing(&s, v);
		else
			free_all(&s);
		if (s.nang == before)
			break;
		set_free(&s);
		minimise(&s, v, 60);
		worst = miss(&s, v);
	}
	skeleton_for(&s, v);
	*solved = s.work;
	if (free_hand(&s, LIMBER_JOINT_HAND_LEFT))
		rest_hand(p, s.pts, LIMBER_JOINT_WRIST_LEFT,
		    LIMBER_JOINT_HAND_LEFT);
	if (free_hand(&s, LIMBER_JOINT_HAND_RIGHT))
		rest_hand(p, s.pts, LIMBER_JOINT_WRIST_RIGHT,
		    LIMBER_JOINT_HAND_RIGHT);
	/* The trunk goes all the way round: keep it within -180 to 180. */
	if (solved->angle[LIMBER_ANGLE_TRUNK] > 180)
		solved->angle[LIMBER_ANGLE_TRUNK] -= 360;
	if (solved->angle[LIMBER_ANGLE_TRUNK] < -180)
		solved->angle[LIMBER_ANGLE_TRUNK] += 360;
	memcpy(pts, s.pts, sizeof s.pts);
	return worst;
}

/* Put the anchor at x = z = 0, as limber_pose_place3 does. */
static void
anchor(const struct limber_pose *p, p3 *pts)
{
	p3 a;

	switch (p->anchor) {
	case LIMBER_ANCHOR_KNEES:
		a.x = (pts[LIMBER_JOINT_KNEE_LEFT].x +
			  pts[LIMBER_JOINT_KNEE_RIGHT].x) /
		    2;
		a.z = (pts[LIMBER_JOINT_KNEE_LEFT].z +
			  pts[LIMBER_JOINT_KNEE_RIGHT].z) /
		    2;
		break;
	case LIMBER_ANCHOR_ANKLES:
		a.x = (pts[LIMBER_JOINT_ANKLE_LEFT].x +
			  pts[LIMBER_JOINT_ANKLE_RIGHT].x) /
		    2;
		a.z = (pts[LIMBER_JOINT_ANKLE_LEFT].z +
			  pts[LIMBER_JOINT_ANKLE_RIGHT].z) /
		    2;
		break;
	case LIMBER_ANCHOR_HEAD:
		a = pts[LIMBER_JOINT_HEAD];
		break;
	default:
		a = pts[LIMBER_JOINT_PELVIS];
		break;
	}
	for (int i = 0; i < LIMBER_JOINT_COUNT; i++) {
		pts[i].x -= a.x;
		pts[i].z -= a.z;
	}
}

/*
 * A stretch's two sides are mirror images, and so must their figures be,
 * to the last bit: the solver's sums run in the order of the parts, left
 * before right, so of a pose and its mirror it always solves the same one
 * (the smaller, contacts first, then angles) and reflects the answer.
 */
static bool
mirror_first(const struct limber_pose *p, const struct limber_pose *m)
{
	int c = memcmp(m->contact, p->contact, sizeof p->contact);

	if (c != 0)
		return c < 0;
	for (int i = 0; i < LIMBER_ANGLE_COUNT; i++) {
		if (m->angle[i] != p->angle[i])
			return m->angle[i] < p->angle[i];
	}
	return false;
}

/* The other side's joint: wrist_left for wrist_right; the pelvis itself. */
static int
other_side(int j)
{
	const char *name = limber_joint_name((enum limber_joint)j);
	size_t n = strlen(name);
	char want[40];

	if (n < 5 || n >= sizeof want)
		return j;
	memcpy(want, name, n + 1);
	if (strcmp(name + n - 5, "_left") == 0)
		memcpy(want + n - 5, "_right", 7);
	else if (n > 6 && strcmp(name + n - 6, "_right") == 0)
		memcpy(want + n - 6, "_left", 6);
	else
		return j;
	for (int k = 0; k < LIMBER_JOINT_COUNT; k++) {
		if (strcmp(limber_joint_name((enum limber_joint)k), want) == 0)
			return k;
	}
	return j;
}

/* The points of the mirror image: left and right traded, z the other way. */
static void
reflect(const p3 *in, p3 *out)
{
	for (int j = 0; j < LIMBER_JOINT_COUNT; j++) {
		const p3 *q = &in[other_side(j)];

		out[j] = (p3){ q->x, q->y, -q->z };
		if (out[j].z == 0)
			out[j].z = 0; /* no negative zeros */
	}
}

static void
place(const struct limber_pose *p, struct limber_pose *solved, p3 *pts)
{
	struct limber_pose m;
	p3 mp[LIMBER_JOINT_COUNT];

	limber_pose_mirror(p, &m);
	if (mirror_first(p, &m)) {
		/* Solved as the other side's pose, and reflected. */
		solve(&m, solved, mp);
		anchor(&m, mp);
		limber_pose_mirror(solved, solved);
		reflect(mp, pts);
	} else {
		solve(p, solved, pts);
		anchor(p, pts);
	}
}

void
limber_contact_place(const struct limber_pose *p, p3 *pts)
{
	struct limber_pose solved;

	if (!limber_pose_has_contacts(p)) {
		limber_pose_place3(p, pts);
		return;
	}
	place(p, &solved, pts);
}

void
limber_pose_solved(const struct limber_pose *p, struct limber_pose *out)
{
	p3 pts[LIMBER_JOINT_COUNT];

	if (!limber_pose_has_contacts(p)) {
		*out = *p;
		return;
	}
	place(p, out, pts);
}

/*
 * How far the worst joint goes through the floor, the seat or the wall
 * (negative), which joint and which surface; 0 and -1 when none does.
 */
static double
worst_cut(const struct limber_pose *p, const p3 *pts, int *joint,
    enum limber_surface *through)
{
	struct limber_props pr;
	double worst = 0;

	*joint = -1;
	*through = LIMBER_SURFACE_FLOOR;
	limber_pose_props(p, pts, &pr);
	for (int j = 0; j < LIMBER_JOINT_COUNT; j++) {
		double d = distance(p, pts, j, LIMBER_SURFACE_FLOOR, 0);

		if (!rests_on(p, j, LIMBER_SURFACE_FLOOR) && d < worst) {
			worst = d;
			*joint = j;
			*through = LIMBER_SURFACE_FLOOR;
		}
		if (p->props & LIMBER_PROP_CHAIR && over_seat(pts, j) &&
		    !rests_on(p, j, LIMBER_SURFACE_CHAIR)) {
			d = bottom(pts, j) - pr.seat_y;
			if (d < worst) {
				worst = d;
				*joint = j;
				*through = LIMBER_SURFACE_CHAIR;
			}
		}
		if (p->props & LIMBER_PROP_WALL) {
			d = pts[j].x -
			    limber_joint_radius((enum limber_joint)j) -
			    pr.wall_x;
			if (d < worst) {
				worst = d;
				*joint = j;
				*through = LIMBER_SURFACE_WALL;
			}
		}
	}
	return worst;
}

static const char *
cut_name(enum limber_surface s)
{
	return s == LIMBER_SURFACE_CHAIR ? "seat" : surface_names[s];
}

/* The part furthest from its surface beyond LIMBER_CONTACT_CM, or -1. */
static int
worst_part(const struct limber_pose *p, const p3 *pts, double *worst)
{
	int at = -1;

	*worst = 0;
	for (int i = 0; i < LIMBER_PART_COUNT; i++) {
		double d = limber_contact_gap(p, pts, (enum limber_part)i);

		if (fabs(d) > LIMBER_CONTACT_CM && fabs(d) > fabs(*worst)) {
			*worst = d;
			at = i;
		}
	}
	return at;
}

bool
limber_pose_contacts_met(const struct limber_pose *p, int *part, char **cause)
{
	p3 pts[LIMBER_JOINT_COUNT];
	struct limber_pose solved;
	double worst = 0;
	int at = -1, joint = -1;
	enum limber_surface through = LIMBER_SURFACE_FLOOR;

	*part = -1;
	if (!limber_pose_has_contacts(p))
		return true;
	solve(p, &solved, pts);
	at = worst_part(p, pts, &worst);
	if (at >= 0) {
		/*
		 * Where contacts pull against each other the solver shares the
		 * miss among them; the one to name is the part without which
		 * the others are met, and how far it is from its surface then.
		 */
		double most = 0;

		for (int k = 0; k < LIMBER_PART_COUNT; k++) {
			struct limber_pose q = *p;
			p3 qp[LIMBER_JOINT_COUNT];
			double w, d;

			if (p->contact[k] == LIMBER_SURFACE_NONE)
				continue;
			q.contact[k] = LIMBER_SURFACE_NONE;
			if (!limber_pose_has_contacts(&q))
				continue;
			solve(&q, &solved, qp);
			if (worst_part(&q, qp, &w) >= 0)
				continue;
			d = limber_contact_gap(p, qp, (enum limber_part)k);
			if (fabs(d) > fabs(most)) {
				most = d;
				at = k;
				worst = d;
			}
		}
		*part = at;
		/*
		 * TRANSLATORS: a stretch file's part of the body misses the
		 * surface it rests on: the distance in cm, the surface as
		 * the file names it ("floor"), the tolerance in cm.
		 */
		if (worst <= 0)
			*cause = xasprintf(_("%.1f cm through the %s (within "
					     "%g)"),
			    fabs(worst), surface_names[p->contact[at]],
			    LIMBER_CONTACT_CM);
		else if (p->contact[at] == LIMBER_SURFACE_WALL)
			*cause = xasprintf(_("%.1f cm away from the %s (within "
					     "%g)"),
			    fabs(worst), surface_names[p->contact[at]],
			    LIMBER_CONTACT_CM);
		else
			*cause = xasprintf(_("%.1f cm above the %s (within "
					     "%g)"),
			    fabs(worst), surface_names[p->contact[at]],
			    LIMBER_CONTACT_CM);
		return false;
	}
	worst = worst_cut(p, pts, &joint, &through);
	if (joint >= 0 && worst < -LIMBER_CONTACT_CM) {
		/*
		 * TRANSLATORS: a joint as the stretch file names it
		 * ("knee_left"), how far it is through a surface in cm, the
		 * surface ("floor", "seat"), the tolerance in cm.
		 */
		*cause = xasprintf(_("%s: %.1f cm through the %s (within %g)"),
		    limber_joint_name((enum limber_joint)joint), -worst,
		    cut_name(through), LIMBER_CONTACT_CM);
		return false;
	}
	return true;
}
