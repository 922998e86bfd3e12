/*
 * pose.c - the pose model: joint angles to the points of a 2-D skeleton.
 *
 * A pose is angles, not points, so the figure's bones keep their lengths
 * whatever an author writes: the lengths live in one table here and forward
 * kinematics from the pelvis places every joint. What remains to check is
 * that each angle is one a human joint can take; the ranges are per view,
 * because a side view's shoulder angle lifts the arm forward and a front
 * view's lifts it out to the side. Points that come from elsewhere (a
 * camera, later) are checked against the same bone table.
 *
 * The model is drawn by render/ and animated by interpolating angles, never
 * points, so a moving arm does not shrink halfway. docs/figures.md is the
 * reference for the angles and their signs.
 */
#include <math.h>
#include <string.h>

#include "limber/limber.h"
#include "util.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Lengths in centimetres, for a person about 1.7 m tall. */
#define L_TRUNK 52.0		/* pelvis to the base of the neck */
#define L_NECK 20.0		/* base of the neck to the centre of the head */
#define L_NECK_FRONT 15.0	/* the same seen from the front, foreshortened */
#define L_UPPER_ARM 30.0
#define L_FOREARM 27.0
#define L_THIGH 44.0
#define L_SHIN 42.0
#define L_FOOT 15.0		/* ankle to toes */
#define SHOULDER_HALF 18.0	/* half the width of the shoulders */
#define SHOULDER_DROP 4.0	/* shoulders sit this far below the neck */
#define HIP_HALF 9.0		/* half the width of the hips */
#define L_LUMBAR 20.0		/* pelvis to the waist: the lower back */
#define L_HAND 17.0		/* wrist to the finger tips */
#define HEEL_BACK 5.0		/* the heel behind the ankle, along the foot */
#define HEEL_DOWN 1.5		/* and below it, toward the sole */

const struct limber_bone limber_bones[] = {
	{ "trunk", LIMBER_JOINT_PELVIS, LIMBER_JOINT_NECK, L_TRUNK },
	{ "upper_arm_left", LIMBER_JOINT_SHOULDER_LEFT, LIMBER_JOINT_ELBOW_LEFT,
	    L_UPPER_ARM },
	{ "upper_arm_right", LIMBER_JOINT_SHOULDER_RIGHT,
	    LIMBER_JOINT_ELBOW_RIGHT, L_UPPER_ARM },
	{ "forearm_left", LIMBER_JOINT_ELBOW_LEFT, LIMBER_JOINT_WRIST_LEFT,
	    L_FOREARM },
	{ "forearm_right", LIMBER_JOINT_ELBOW_RIGHT, LIMBER_JOINT_WRIST_RIGHT,
	    L_FOREARM },
	{ "thigh_left", LIMBER_JOINT_HIP_LEFT, LIMBER_JOINT_KNEE_LEFT, L_THIGH },
	{ "thigh_right", LIMBER_JOINT_HIP_RIGHT, LIMBER_JOINT_KNEE_RIGHT,
	    L_THIGH },
	{ "shin_left", LIMBER_JOINT_KNEE_LEFT, LIMBER_JOINT_ANKLE_LEFT, L_SHIN },
	{ "shin_right", LIMBER_JOINT_KNEE_RIGHT, LIMBER_JOINT_ANKLE_RIGHT,
	    L_SHIN },
};
const size_t limber_nbones = nitems(limber_bones);

static const char *const view_names[LIMBER_VIEW_COUNT] = {
	[LIMBER_VIEW_SIDE] = "side",
	[LIMBER_VIEW_FRONT] = "front",
};

static const char *const angle_names[LIMBER_ANGLE_COUNT] = {
	[LIMBER_ANGLE_TRUNK] = "trunk",
	[LIMBER_ANGLE_TURN] = "turn",
	[LIMBER_ANGLE_NECK_BEND] = "neck_bend",
	[LIMBER_ANGLE_NECK_TILT] = "neck_tilt",
	[LIMBER_ANGLE_HEAD_TURN] = "head_turn",
	[LIMBER_ANGLE_SHOULDER_LEFT] = "shoulder_left",
	[LIMBER_ANGLE_SHOULDER_RIGHT] = "shoulder_right",
	[LIMBER_ANGLE_ELBOW_LEFT] = "elbow_left",
	[LIMBER_ANGLE_ELBOW_RIGHT] = "elbow_right",
	[LIMBER_ANGLE_HIP_LEFT] = "hip_left",
	[LIMBER_ANGLE_HIP_RIGHT] = "hip_right",
	[LIMBER_ANGLE_KNEE_LEFT] = "knee_left",
	[LIMBER_ANGLE_KNEE_RIGHT] = "knee_right",
	[LIMBER_ANGLE_ANKLE_LEFT] = "ankle_left",
	[LIMBER_ANGLE_ANKLE_RIGHT] = "ankle_right",
};

static const char *const joint_names[LIMBER_JOINT_COUNT] = {
	[LIMBER_JOINT_PELVIS] = "pelvis",
	[LIMBER_JOINT_NECK] = "neck",
	[LIMBER_JOINT_HEAD] = "head",
	[LIMBER_JOINT_SHOULDER_LEFT] = "shoulder_left",
	[LIMBER_JOINT_SHOULDER_RIGHT] = "shoulder_right",
	[LIMBER_JOINT_ELBOW_LEFT] = "elbow_left",
	[LIMBER_JOINT_ELBOW_RIGHT] = "elbow_right",
	[LIMBER_JOINT_WRIST_LEFT] = "wrist_left",
	[LIMBER_JOINT_WRIST_RIGHT] = "wrist_right",
	[LIMBER_JOINT_HIP_LEFT] = "hip_left",
	[LIMBER_JOINT_HIP_RIGHT] = "hip_right",
	[LIMBER_JOINT_KNEE_LEFT] = "knee_left",
	[LIMBER_JOINT_KNEE_RIGHT] = "knee_right",
	[LIMBER_JOINT_ANKLE_LEFT] = "ankle_left",
	[LIMBER_JOINT_ANKLE_RIGHT] = "ankle_right",
	[LIMBER_JOINT_TOE_LEFT] = "toe_left",
	[LIMBER_JOINT_TOE_RIGHT] = "toe_right",
	[LIMBER_JOINT_WAIST] = "waist",
	[LIMBER_JOINT_HAND_LEFT] = "hand_left",
	[LIMBER_JOINT_HAND_RIGHT] = "hand_right",
	[LIMBER_JOINT_HEEL_LEFT] = "heel_left",
	[LIMBER_JOINT_HEEL_RIGHT] = "heel_right",
};

/* How far the body reaches around each joint: it rests on the floor so. */
static const double joint_radius[LIMBER_JOINT_COUNT] = {
	[LIMBER_JOINT_PELVIS] = 10.0,
	[LIMBER_JOINT_NECK] = 5.0,
	[LIMBER_JOINT_HEAD] = 11.0,
	[LIMBER_JOINT_SHOULDER_LEFT] = 6.0,
	[LIMBER_JOINT_SHOULDER_RIGHT] = 6.0,
	[LIMBER_JOINT_ELBOW_LEFT] = 4.0,
	[LIMBER_JOINT_ELBOW_RIGHT] = 4.0,
	[LIMBER_JOINT_WRIST_LEFT] = 4.0,
	[LIMBER_JOINT_WRIST_RIGHT] = 4.0,
	[LIMBER_JOINT_HIP_LEFT] = 7.0,
	[LIMBER_JOINT_HIP_RIGHT] = 7.0,
	[LIMBER_JOINT_KNEE_LEFT] = 5.0,
	[LIMBER_JOINT_KNEE_RIGHT] = 5.0,
	[LIMBER_JOINT_ANKLE_LEFT] = 4.0,
	[LIMBER_JOINT_ANKLE_RIGHT] = 4.0,
	[LIMBER_JOINT_TOE_LEFT] = 2.5,
	[LIMBER_JOINT_TOE_RIGHT] = 2.5,
	[LIMBER_JOINT_WAIST] = 8.0,
	[LIMBER_JOINT_HAND_LEFT] = 2.0,
	[LIMBER_JOINT_HAND_RIGHT] = 2.0,
	[LIMBER_JOINT_HEEL_LEFT] = 2.5,
	[LIMBER_JOINT_HEEL_RIGHT] = 2.5,
};

static const char *const prop_names[LIMBER_PROP_COUNT] = {
	"chair", "cushion", "blanket", "wall",
};

static const char *const frame_names[LIMBER_FRAME_COUNT] = {
	[LIMBER_FRAME_BODY] = "body",
	[LIMBER_FRAME_HEAD] = "head",
};

static const char *const anchor_names[LIMBER_ANCHOR_COUNT] = {
	[LIMBER_ANCHOR_PELVIS] = "pelvis",
	[LIMBER_ANCHOR_KNEES] = "knees",
	[LIMBER_ANCHOR_ANKLES] = "ankles",
	[LIMBER_ANCHOR_HEAD] = "head",
};

/*
 * Human ranges, in degrees, for this model. The model's trunk is one
 * straight bone from pelvis to neck, so the hip's range in a side view
 * also holds what the lower back adds to a forward fold; the foot is one
 * bone from ankle to toes, so the ankle's range reaches the pointed foot of
 * kneeling. Lateral and turning ranges are the same in both views.
 */
struct range {
	short min, max;
};

static const struct range ranges[LIMBER_VIEW_COUNT][LIMBER_ANGLE_COUNT] = {
	[LIMBER_VIEW_SIDE] = {
		[LIMBER_ANGLE_TRUNK] = { -180, 180 },
		[LIMBER_ANGLE_TURN] = { -70, 70 },
		[LIMBER_ANGLE_NECK_BEND] = { -60, 70 },
		[LIMBER_ANGLE_NECK_TILT] = { -45, 45 },
		[LIMBER_ANGLE_HEAD_TURN] = { -80, 80 },
		[LIMBER_ANGLE_SHOULDER_LEFT] = { -60, 180 },
		[LIMBER_ANGLE_SHOULDER_RIGHT] = { -60, 180 },
		[LIMBER_ANGLE_ELBOW_LEFT] = { 0, 150 },
		[LIMBER_ANGLE_ELBOW_RIGHT] = { 0, 150 },
		[LIMBER_ANGLE_HIP_LEFT] = { -30, 170 },
		[LIMBER_ANGLE_HIP_RIGHT] = { -30, 170 },
		[LIMBER_ANGLE_KNEE_LEFT] = { 0, 160 },
		[LIMBER_ANGLE_KNEE_RIGHT] = { 0, 160 },
		[LIMBER_ANGLE_ANKLE_LEFT] = { -30, 90 },
		[LIMBER_ANGLE_ANKLE_RIGHT] = { -30, 90 },
	},
	[LIMBER_VIEW_FRONT] = {
		[LIMBER_ANGLE_TRUNK] = { -180, 180 },
		[LIMBER_ANGLE_TURN] = { -70, 70 },
		[LIMBER_ANGLE_NECK_BEND] = { -60, 70 },
		[LIMBER_ANGLE_NECK_TILT] = { -45, 45 },
		[LIMBER_ANGLE_HEAD_TURN] = { -80, 80 },
		[LIMBER_ANGLE_SHOULDER_LEFT] = { -45, 180 },
		[LIMBER_ANGLE_SHOULDER_RIGHT] = { -45, 180 },
		[LIMBER_ANGLE_ELBOW_LEFT] = { 0, 150 },
		[LIMBER_ANGLE_ELBOW_RIGHT] = { 0, 150 },
		[LIMBER_ANGLE_HIP_LEFT] = { -30, 60 },
		[LIMBER_ANGLE_HIP_RIGHT] = { -30, 60 },
		[LIMBER_ANGLE_KNEE_LEFT] = { 0, 160 },
		[LIMBER_ANGLE_KNEE_RIGHT] = { 0, 160 },
		[LIMBER_ANGLE_ANKLE_LEFT] = { -30, 90 },
		[LIMBER_ANGLE_ANKLE_RIGHT] = { -30, 90 },
	},
};

static int
find_name(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++) {
		if (names[i] != NULL && strcmp(names[i], name) == 0)
			return i;
	}
	return -1;
}

const char *
limber_view_name(enum limber_view view)
{
	return (unsigned)view < LIMBER_VIEW_COUNT ? view_names[view] : NULL;
}

int
limber_view_parse(const char *name)
{
	return find_name(view_names, LIMBER_VIEW_COUNT, name);
}

const char *
limber_angle_name(enum limber_angle angle)
{
	return (unsigned)angle < LIMBER_ANGLE_COUNT ? angle_names[angle] : NULL;
}

int
limber_angle_parse(const char *name)
{
	return find_name(angle_names, LIMBER_ANGLE_COUNT, name);
}

const char *
limber_joint_name(enum limber_joint joint)
{
	return (unsigned)joint < LIMBER_JOINT_COUNT ? joint_names[joint] : NULL;
}

const char *
limber_prop_name(enum limber_prop prop)
{
	for (int i = 0; i < LIMBER_PROP_COUNT; i++) {
		if ((unsigned)prop == 1u << i)
			return prop_names[i];
	}
	return NULL;
}

unsigned
limber_prop_parse(const char *name)
{
	int i = find_name(prop_names, LIMBER_PROP_COUNT, name);

	return i < 0 ? 0 : 1u << i;
}

const char *
limber_anchor_name(enum limber_anchor anchor)
{
	return (unsigned)anchor < LIMBER_ANCHOR_COUNT ? anchor_names[anchor] :
	    NULL;
}

int
limber_anchor_parse(const char *name)
{
	return find_name(anchor_names, LIMBER_ANCHOR_COUNT, name);
}

void
limber_angle_range(enum limber_view view, enum limber_angle angle, int *min,
    int *max)
{
	if ((unsigned)view >= LIMBER_VIEW_COUNT ||
	    (unsigned)angle >= LIMBER_ANGLE_COUNT) {
		*min = *max = 0;
		return;
	}
	*min = ranges[view][angle].min;
	*max = ranges[view][angle].max;
}

const char *
limber_frame_name(enum limber_frame frame)
{
	return (unsigned)frame < LIMBER_FRAME_COUNT ? frame_names[frame] : NULL;
}

int
limber_frame_parse(const char *name)
{
	return find_name(frame_names, LIMBER_FRAME_COUNT, name);
}

bool
limber_angle_optional(enum limber_angle angle)
{
	return angle == LIMBER_ANGLE_TURN || angle == LIMBER_ANGLE_NECK_BEND ||
	    angle == LIMBER_ANGLE_NECK_TILT || angle == LIMBER_ANGLE_HEAD_TURN;
}

double
limber_joint_radius(enum limber_joint joint)
{
	return (unsigned)joint < LIMBER_JOINT_COUNT ? joint_radius[joint] : 0;
}

void
limber_pose_init(struct limber_pose *p, enum limber_view view)
{
	memset(p, 0, sizeof *p);
	p->view = view;
	p->anchor = LIMBER_ANCHOR_PELVIS;
	p->angle[LIMBER_ANGLE_TRUNK] = 90;
	if (view == LIMBER_VIEW_FRONT) {
		p->angle[LIMBER_ANGLE_SHOULDER_LEFT] = 8;
		p->angle[LIMBER_ANGLE_SHOULDER_RIGHT] = 8;
		p->angle[LIMBER_ANGLE_HIP_LEFT] = 4;
		p->angle[LIMBER_ANGLE_HIP_RIGHT] = 4;
	}
}

enum limber_status
limber_pose_check(const struct limber_pose *p, char **cause)
{
	if ((unsigned)p->view >= LIMBER_VIEW_COUNT) {
		if (cause != NULL)
			*cause = xstrdup("view: must be side or front");
		return LIMBER_ERR_INVALID;
	}
	for (int i = 0; i < LIMBER_ANGLE_COUNT; i++) {
		const struct range *r = &ranges[p->view][i];
		double v = p->angle[i];

		if (v >= r->min && v <= r->max)
			continue;
		if (cause != NULL)
			*cause = xasprintf("%s: %g degrees is outside %d to %d",
			    angle_names[i], v, r->min, r->max);
		return LIMBER_ERR_INVALID;
	}
	return LIMBER_OK;
}

/* ------------------------------------------------------------------ */
/* Forward kinematics.                                                  */

static struct limber_point
ray(struct limber_point from, double deg, double len)
{
	double r = deg * (M_PI / 180.0);

	return (struct limber_point){ from.x + len * cos(r),
	    from.y + len * sin(r) };
}

/*
 * One limb: the angles are relative, the directions absolute. In a side
 * view every limb bends as a right-facing person's does; in a front view
 * side is +1 for the left (on the picture's right) and -1 for the right,
 * so equal numbers on both sides give a symmetric figure.
 */
static void
arm(const struct limber_pose *p, double trunk, int side, double sh, double el,
    enum limber_joint s, struct limber_point *o)
{
	double up, fa;

	if (p->view == LIMBER_VIEW_SIDE) {
		up = trunk + 180 + sh;
		fa = up + el;
	} else {
		up = trunk + 180 + side * sh;
		fa = up - side * el;
	}
	o[s + 2] = ray(o[s], up, L_UPPER_ARM);		/* elbow */
	o[s + 4] = ray(o[s + 2], fa, L_FOREARM);	/* wrist */
}

static void
leg(const struct limber_pose *p, double trunk, int side, double hip,
    double knee, double ankle, enum limber_joint h, struct limber_point *o)
{
	double th, sh, ft;

	if (p->view == LIMBER_VIEW_SIDE) {
		th = trunk + 180 + hip;
		sh = th - knee;
		ft = sh + 90 - ankle;
		o[h + 2] = ray(o[h], th, L_THIGH);
		o[h + 4] = ray(o[h + 2], sh, L_SHIN);
		o[h + 6] = ray(o[h + 4], ft, L_FOOT);
	} else {
		/* Seen from the front the foot points at you: half its length. */
		th = trunk + 180 + side * hip;
		sh = th - side * knee;
		ft = sh + side * (90 - ankle);
		o[h + 2] = ray(o[h], th, L_THIGH);
		o[h + 4] = ray(o[h + 2], sh, L_SHIN);
		o[h + 6] = ray(o[h + 4], ft, L_FOOT / 2);
	}
}

/* The skeleton with the pelvis at (0, 0), facing right in a side view. */
static void
skeleton(const struct limber_pose *p, struct limber_point *o)
{
	const double *a = p->angle;
	double t = a[LIMBER_ANGLE_TRUNK], rad;
	struct limber_point c;

	o[LIMBER_JOINT_PELVIS] = (struct limber_point){ 0, 0 };
	o[LIMBER_JOINT_NECK] = ray(o[LIMBER_JOINT_PELVIS], t, L_TRUNK);
	c = ray(o[LIMBER_JOINT_PELVIS], t, L_TRUNK - SHOULDER_DROP);
	if (p->view == LIMBER_VIEW_SIDE) {
		/* Turning right brings the near (right) shoulder back. */
		double w = SHOULDER_HALF * sin(a[LIMBER_ANGLE_TURN] * M_PI / 180);

		o[LIMBER_JOINT_SHOULDER_LEFT] = ray(c, t - 90, w);
		o[LIMBER_JOINT_SHOULDER_RIGHT] = ray(c, t - 90, -w);
		o[LIMBER_JOINT_HIP_LEFT] = o[LIMBER_JOINT_PELVIS];
		o[LIMBER_JOINT_HIP_RIGHT] = o[LIMBER_JOINT_PELVIS];
		o[LIMBER_JOINT_HEAD] = ray(o[LIMBER_JOINT_NECK],
		    t - a[LIMBER_ANGLE_NECK_BEND], L_NECK);
	} else {
		double w = SHOULDER_HALF * cos(a[LIMBER_ANGLE_TURN] * M_PI / 180);

		o[LIMBER_JOINT_SHOULDER_LEFT] = ray(c, t - 90, w);
		o[LIMBER_JOINT_SHOULDER_RIGHT] = ray(c, t - 90, -w);
		o[LIMBER_JOINT_HIP_LEFT] = ray(o[LIMBER_JOINT_PELVIS], t - 90,
		    HIP_HALF);
		o[LIMBER_JOINT_HIP_RIGHT] = ray(o[LIMBER_JOINT_PELVIS],
		    t - 90, -HIP_HALF);
		/*
		 * A nod points the head at you: the neck looks shorter, down
		 * to the chin resting on the chest.
		 */
		rad = a[LIMBER_ANGLE_NECK_BEND] * M_PI / 180;
		o[LIMBER_JOINT_HEAD] = ray(o[LIMBER_JOINT_NECK],
		    t + a[LIMBER_ANGLE_NECK_TILT], L_NECK_FRONT * (0.3 +
		    0.7 * cos(rad)));
	}
	arm(p, t, 1, a[LIMBER_ANGLE_SHOULDER_LEFT], a[LIMBER_ANGLE_ELBOW_LEFT],
	    LIMBER_JOINT_SHOULDER_LEFT, o);
	arm(p, t, -1, a[LIMBER_ANGLE_SHOULDER_RIGHT],
	    a[LIMBER_ANGLE_ELBOW_RIGHT], LIMBER_JOINT_SHOULDER_RIGHT, o);
	leg(p, t, 1, a[LIMBER_ANGLE_HIP_LEFT], a[LIMBER_ANGLE_KNEE_LEFT],
	    a[LIMBER_ANGLE_ANKLE_LEFT], LIMBER_JOINT_HIP_LEFT, o);
	leg(p, t, -1, a[LIMBER_ANGLE_HIP_RIGHT], a[LIMBER_ANGLE_KNEE_RIGHT],
	    a[LIMBER_ANGLE_ANKLE_RIGHT], LIMBER_JOINT_HIP_RIGHT, o);
}

static struct limber_point
beyond(struct limber_point from, struct limber_point to, double len)
{
	double d = hypot(to.x - from.x, to.y - from.y);

	return (struct limber_point){ to.x + (to.x - from.x) * len / d,
		to.y + (to.y - from.y) * len / d };
}

/* The heel: behind the ankle along the foot, a little toward the sole. */
static struct limber_point
heel(struct limber_point ankle, struct limber_point toe)
{
	double d = hypot(toe.x - ankle.x, toe.y - ankle.y);
	double ux = (toe.x - ankle.x) / d, uy = (toe.y - ankle.y) / d;

	return (struct limber_point){ ankle.x - ux * HEEL_BACK + uy * HEEL_DOWN,
		ankle.y - uy * HEEL_BACK - ux * HEEL_DOWN };
}

void
limber_pose_skeleton3(const struct limber_pose *p, struct limber_point3 *out)
{
	struct limber_point o[LIMBER_JOINT_COUNT];
	struct limber_point n = { 0, 0 };

	skeleton(p, o);
	o[LIMBER_JOINT_WAIST] = beyond(o[LIMBER_JOINT_NECK], n,
	    L_LUMBAR - L_TRUNK);
	o[LIMBER_JOINT_HAND_LEFT] = beyond(o[LIMBER_JOINT_ELBOW_LEFT],
	    o[LIMBER_JOINT_WRIST_LEFT], L_HAND);
	o[LIMBER_JOINT_HAND_RIGHT] = beyond(o[LIMBER_JOINT_ELBOW_RIGHT],
	    o[LIMBER_JOINT_WRIST_RIGHT], L_HAND);
	o[LIMBER_JOINT_HEEL_LEFT] = heel(o[LIMBER_JOINT_ANKLE_LEFT],
	    o[LIMBER_JOINT_TOE_LEFT]);
	o[LIMBER_JOINT_HEEL_RIGHT] = heel(o[LIMBER_JOINT_ANKLE_RIGHT],
	    o[LIMBER_JOINT_TOE_RIGHT]);
	if (p->view == LIMBER_VIEW_FRONT) {
		/* The foot points at the viewer: the heel is under the ankle. */
		o[LIMBER_JOINT_HEEL_LEFT] = o[LIMBER_JOINT_ANKLE_LEFT];
		o[LIMBER_JOINT_HEEL_RIGHT] = o[LIMBER_JOINT_ANKLE_RIGHT];
		o[LIMBER_JOINT_HEEL_LEFT].y -= HEEL_DOWN;
		o[LIMBER_JOINT_HEEL_RIGHT].y -= HEEL_DOWN;
	}
	for (int i = 0; i < LIMBER_JOINT_COUNT; i++) {
		if (p->view == LIMBER_VIEW_SIDE)
			out[i] = (struct limber_point3){ o[i].x, o[i].y, 0 };
		else
			out[i] = (struct limber_point3){ 0, o[i].y, o[i].x };
	}
}

static struct limber_point3
mid(struct limber_point3 a, struct limber_point3 b)
{
	return (struct limber_point3){ (a.x + b.x) / 2, (a.y + b.y) / 2,
		(a.z + b.z) / 2 };
}

/*
 * A blanket lifts the knees, shins and feet; the rest of the body (hands
 * on the floor) stays on the floor beside it.
 */
static bool
on_blanket(int joint)
{
	return (joint >= LIMBER_JOINT_KNEE_LEFT &&
		   joint <= LIMBER_JOINT_TOE_RIGHT) ||
	    joint == LIMBER_JOINT_HEEL_LEFT || joint == LIMBER_JOINT_HEEL_RIGHT;
}

/*
 * Finger tips do not rest on the floor: they carry on from the forearm,
 * and a hand on the floor is the wrist's place.
 */
static bool
rests(int joint)
{
	return joint != LIMBER_JOINT_HAND_LEFT &&
	    joint != LIMBER_JOINT_HAND_RIGHT;
}

void
limber_pose_place3(const struct limber_pose *p, struct limber_point3 *pts)
{
	struct limber_point3 anchor;
	double low = INFINITY, lift, rest = INFINITY;
	bool blanket = p->props & LIMBER_PROP_BLANKET;

	for (int i = 0; i < LIMBER_JOINT_COUNT; i++) {
		double y = pts[i].y - joint_radius[i];

		if (!rests(i))
			continue;
		if (blanket && !on_blanket(i)) {
			if (y < rest)
				rest = y;
		} else if (y < low)
			low = y;
	}
	switch (p->anchor) {
	case LIMBER_ANCHOR_KNEES:
		anchor = mid(pts[LIMBER_JOINT_KNEE_LEFT],
		    pts[LIMBER_JOINT_KNEE_RIGHT]);
		break;
	case LIMBER_ANCHOR_ANKLES:
		anchor = mid(pts[LIMBER_JOINT_ANKLE_LEFT],
		    pts[LIMBER_JOINT_ANKLE_RIGHT]);
		break;
	case LIMBER_ANCHOR_HEAD:
		anchor = pts[LIMBER_JOINT_HEAD];
		break;
	default:
		anchor = pts[LIMBER_JOINT_PELVIS];
		break;
	}
	lift = -low;
	if (blanket) {
		lift += LIMBER_BLANKET_CM;
		if (-rest > lift)
			lift = -rest;
	}
	for (int i = 0; i < LIMBER_JOINT_COUNT; i++) {
		pts[i].x -= anchor.x;
		pts[i].y += lift;
		pts[i].z -= anchor.z;
	}
}

void
limber_pose_points3(const struct limber_pose *p, struct limber_point3 *out)
{
	limber_pose_skeleton3(p, out);
	limber_contact_place(p, out);
}

void
limber_pose_project(const struct limber_pose *p,
    const struct limber_point3 *pts, struct limber_point *out, double *depth)
{
	for (int i = 0; i < LIMBER_JOINT_COUNT; i++) {
		if (p->view == LIMBER_VIEW_SIDE) {
			/* Facing right the person's right side is the near one. */
			out[i].x = p->facing_left ? -pts[i].x : pts[i].x;
			if (depth != NULL)
				depth[i] = p->facing_left ?
				    pts[i].z :
				    -pts[i].z;
		} else {
			/* From the front: the person's left on the right. */
			out[i].x = pts[i].z;
			if (depth != NULL)
				depth[i] = pts[i].x;
		}
		out[i].y = pts[i].y;
	}
}

void
limber_pose_points(const struct limber_pose *p, struct limber_point *out)
{
	struct limber_point3 pts[LIMBER_JOINT_COUNT];

	limber_pose_points3(p, pts);
	limber_pose_project(p, pts, out, NULL);
}

/* ------------------------------------------------------------------ */
/* Mirror and interpolation.                                            */

static double
wrap180(double d)
{
	while (d > 180)
		d -= 360;
	while (d < -180)
		d += 360;
	return d;
}

void
limber_pose_mirror(const struct limber_pose *in, struct limber_pose *out)
{
	static const enum limber_angle pairs[][2] = {
		{ LIMBER_ANGLE_SHOULDER_LEFT, LIMBER_ANGLE_SHOULDER_RIGHT },
		{ LIMBER_ANGLE_ELBOW_LEFT, LIMBER_ANGLE_ELBOW_RIGHT },
		{ LIMBER_ANGLE_HIP_LEFT, LIMBER_ANGLE_HIP_RIGHT },
		{ LIMBER_ANGLE_KNEE_LEFT, LIMBER_ANGLE_KNEE_RIGHT },
		{ LIMBER_ANGLE_ANKLE_LEFT, LIMBER_ANGLE_ANKLE_RIGHT },
	};
	struct limber_pose m = *in;

	for (size_t i = 0; i < nitems(pairs); i++) {
		m.angle[pairs[i][0]] = in->angle[pairs[i][1]];
		m.angle[pairs[i][1]] = in->angle[pairs[i][0]];
	}
	m.angle[LIMBER_ANGLE_TURN] = -in->angle[LIMBER_ANGLE_TURN];
	m.angle[LIMBER_ANGLE_NECK_TILT] = -in->angle[LIMBER_ANGLE_NECK_TILT];
	m.angle[LIMBER_ANGLE_HEAD_TURN] = -in->angle[LIMBER_ANGLE_HEAD_TURN];
	if (in->view == LIMBER_VIEW_SIDE)
		m.facing_left = !in->facing_left;
	else
		m.angle[LIMBER_ANGLE_TRUNK] = wrap180(180 -
		    in->angle[LIMBER_ANGLE_TRUNK]);
	limber_contacts_mirror(&m);
	/* No negative zeros: a mirrored pose prints as its author wrote it. */
	for (int i = 0; i < LIMBER_ANGLE_COUNT; i++) {
		if (m.angle[i] == 0)
			m.angle[i] = 0;
	}
	*out = m;
}

void
limber_pose_lerp(const struct limber_pose *a, const struct limber_pose *b,
    double t, struct limber_pose *out)
{
	struct limber_pose r = t < 0.5 ? *a : *b;

	if (t <= 0) {
		*out = *a;
		return;
	}
	if (t >= 1) {
		*out = *b;
		return;
	}
	for (int i = 0; i < LIMBER_ANGLE_COUNT; i++) {
		double d = b->angle[i] - a->angle[i];

		if (i == LIMBER_ANGLE_TRUNK)
			d = wrap180(d);
		r.angle[i] = a->angle[i] + d * t;
	}
	r.angle[LIMBER_ANGLE_TRUNK] = wrap180(r.angle[LIMBER_ANGLE_TRUNK]);
	*out = r;
}

enum limber_status
limber_pose_check_points(const struct limber_point *pts, double tolerance,
    char **cause)
{
	for (size_t i = 0; i < limber_nbones; i++) {
		const struct limber_bone *b = &limber_bones[i];
		double len = hypot(pts[b->to].x - pts[b->from].x,
		    pts[b->to].y - pts[b->from].y);

		if (!(fabs(len - b->length) <= tolerance)) {
			if (cause != NULL)
				*cause = xasprintf("%s: %.1f cm long, not %g "
				    "(within %g)", b->name, len, b->length,
				    tolerance);
			return LIMBER_ERR_INVALID;
		}
	}
	return LIMBER_OK;
}

bool
limber_step_pose(const struct limber_step *step, int side,
    struct limber_pose *out)
{
	if (step == NULL || step->pose == NULL)
		return false;
	if (side == 2)
		limber_pose_mirror(step->pose, out);
	else
		*out = *step->pose;
	return true;
}

json_t *
limber_pose_to_json(const struct limber_pose *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "view", json_string(limber_view_name(p->view)));
	if (p->view == LIMBER_VIEW_SIDE && p->facing_left)
		json_object_set_new(o, "facing", json_string("left"));
	if (p->anchor != LIMBER_ANCHOR_PELVIS)
		json_object_set_new(o, "anchor",
		    json_string(limber_anchor_name(p->anchor)));
	if (p->frame != LIMBER_FRAME_BODY)
		json_object_set_new(o, "frame",
		    json_string(limber_frame_name(p->frame)));
	for (int i = 0; i < LIMBER_ANGLE_COUNT; i++) {
		if (limber_angle_optional((enum limber_angle)i) &&
		    p->angle[i] == 0)
			continue;
		json_object_set_new(o, angle_names[i],
		    json_integer((json_int_t)lround(p->angle[i])));
	}
	if (p->props != 0) {
		json_t *a = json_array();

		for (int i = 0; i < LIMBER_PROP_COUNT; i++) {
			if (p->props & (1u << i))
				json_array_append_new(a,
				    json_string(prop_names[i]));
		}
		json_object_set_new(o, "props", a);
	}
	limber_contacts_to_json(p, o);
	return o;
}
