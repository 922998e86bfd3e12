/*
 * pose.c - the pose model: joint angles to the points of a 3-D skeleton,
 * and a view's camera to put them on a picture.
 *
 * A pose is angles, not points, so the figure's bones keep their lengths
 * whatever an author writes: the lengths live in one table here and forward
 * kinematics from the pelvis places every joint in three dimensions. Each
 * part of the body has its own axes (forward, up, left), turned from the
 * axes of the part it hangs from by the angles between them, so that a
 * turn of the chest carries the arms with it and a nod carries the head.
 * What remains to check is that each angle is one a human joint can take.
 * The view is only a camera: the same pose seen from the side, the front
 * or three-quarter is the same body. Points that come from elsewhere (a
 * camera, later) are checked against the same bone table.
 *
 * The model is drawn by render/ and animated by interpolating angles, never
 * points, so a moving arm does not shrink halfway. docs/figures.md is the
 * reference for the axes, the angles and their signs.
 */
#include <math.h>
#include <string.h>

#include "i18n.h"
#include "limber/limber.h"
#include "util.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Lengths in centimetres, for a person about 1.7 m tall. */
#define L_LUMBAR 20.0	  /* pelvis to the waist: the lower back */
#define L_UPPER_BACK 32.0 /* waist to the base of the neck */
#define L_NECK 20.0	  /* base of the neck to the centre of the head */
#define L_UPPER_ARM 30.0
#define L_FOREARM 27.0
#define L_HAND 17.0 /* wrist to the finger tips */
#define L_THIGH 44.0
#define L_SHIN 42.0
#define L_FOOT 15.0		/* ankle to toes */
#define SHOULDER_HALF 18.0	/* half the width of the shoulders */
#define SHOULDER_DROP 4.0	/* shoulders sit this far below the neck */
#define HIP_HALF 9.0		/* half the width of the hips */
#define HEEL_BACK 5.0		/* the heel behind the ankle, along the foot */
#define HEEL_DOWN 1.5		/* and below it, toward the sole */

/*
 * The arms and legs come first: limber_pose_check_points checks a flat
 * tracing against these LIMBS only.
 */
#define LIMBS 8
const struct limber_bone limber_bones[] = {
	{ "upper_arm_left", LIMBER_JOINT_SHOULDER_LEFT, LIMBER_JOINT_ELBOW_LEFT,
	    L_UPPER_ARM },
	{ "upper_arm_right", LIMBER_JOINT_SHOULDER_RIGHT,
	    LIMBER_JOINT_ELBOW_RIGHT, L_UPPER_ARM },
	{ "forearm_left", LIMBER_JOINT_ELBOW_LEFT, LIMBER_JOINT_WRIST_LEFT,
	    L_FOREARM },
	{ "forearm_right", LIMBER_JOINT_ELBOW_RIGHT, LIMBER_JOINT_WRIST_RIGHT,
	    L_FOREARM },
	{ "thigh_left", LIMBER_JOINT_HIP_LEFT, LIMBER_JOINT_KNEE_LEFT,
	    L_THIGH },
	{ "thigh_right", LIMBER_JOINT_HIP_RIGHT, LIMBER_JOINT_KNEE_RIGHT,
	    L_THIGH },
	{ "shin_left", LIMBER_JOINT_KNEE_LEFT, LIMBER_JOINT_ANKLE_LEFT,
	    L_SHIN },
	{ "shin_right", LIMBER_JOINT_KNEE_RIGHT, LIMBER_JOINT_ANKLE_RIGHT,
	    L_SHIN },
	{ "lower_back", LIMBER_JOINT_PELVIS, LIMBER_JOINT_WAIST, L_LUMBAR },
	{ "upper_back", LIMBER_JOINT_WAIST, LIMBER_JOINT_NECK, L_UPPER_BACK },
	{ "neck", LIMBER_JOINT_NECK, LIMBER_JOINT_HEAD, L_NECK },
	/* sqrt(18^2 + 4^2): out to the side and down from the neck. */
	{ "collarbone_left", LIMBER_JOINT_NECK, LIMBER_JOINT_SHOULDER_LEFT,
	    18.439088914585774 },
	{ "collarbone_right", LIMBER_JOINT_NECK, LIMBER_JOINT_SHOULDER_RIGHT,
	    18.439088914585774 },
	{ "hip_left", LIMBER_JOINT_PELVIS, LIMBER_JOINT_HIP_LEFT, HIP_HALF },
	{ "hip_right", LIMBER_JOINT_PELVIS, LIMBER_JOINT_HIP_RIGHT, HIP_HALF },
	{ "hand_left", LIMBER_JOINT_WRIST_LEFT, LIMBER_JOINT_HAND_LEFT,
	    L_HAND },
	{ "hand_right", LIMBER_JOINT_WRIST_RIGHT, LIMBER_JOINT_HAND_RIGHT,
	    L_HAND },
	{ "foot_left", LIMBER_JOINT_ANKLE_LEFT, LIMBER_JOINT_TOE_LEFT, L_FOOT },
	{ "foot_right", LIMBER_JOINT_ANKLE_RIGHT, LIMBER_JOINT_TOE_RIGHT,
	    L_FOOT },
	/* sqrt(5^2 + 1.5^2): back and down from the ankle. */
	{ "heel_left", LIMBER_JOINT_ANKLE_LEFT, LIMBER_JOINT_HEEL_LEFT,
	    5.220153254455275 },
	{ "heel_right", LIMBER_JOINT_ANKLE_RIGHT, LIMBER_JOINT_HEEL_RIGHT,
	    5.220153254455275 },
};
const size_t limber_nbones = nitems(limber_bones);

static const char *const view_names[LIMBER_VIEW_COUNT] = {
	[LIMBER_VIEW_SIDE] = "side",
	[LIMBER_VIEW_FRONT] = "front",
	[LIMBER_VIEW_THREE_QUARTER] = "three_quarter",
};

/* Where each view's camera stands, from the front toward the side faced. */
static const double view_yaw[LIMBER_VIEW_COUNT] = {
	[LIMBER_VIEW_SIDE] = 90,
	[LIMBER_VIEW_FRONT] = 0,
	[LIMBER_VIEW_THREE_QUARTER] = 45,
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
	[LIMBER_ANGLE_LUMBAR] = "lumbar",
	[LIMBER_ANGLE_SIDE_BEND] = "side_bend",
	[LIMBER_ANGLE_LEAN] = "lean",
	[LIMBER_ANGLE_SHOULDER_OUT_LEFT] = "shoulder_out_left",
	[LIMBER_ANGLE_SHOULDER_OUT_RIGHT] = "shoulder_out_right",
	[LIMBER_ANGLE_HIP_OUT_LEFT] = "hip_out_left",
	[LIMBER_ANGLE_HIP_OUT_RIGHT] = "hip_out_right",
	[LIMBER_ANGLE_WRIST_LEFT] = "wrist_left",
	[LIMBER_ANGLE_WRIST_RIGHT] = "wrist_right",
	[LIMBER_ANGLE_ARM_TURN_LEFT] = "arm_turn_left",
	[LIMBER_ANGLE_ARM_TURN_RIGHT] = "arm_turn_right",
	[LIMBER_ANGLE_HIP_TURN_LEFT] = "hip_turn_left",
	[LIMBER_ANGLE_HIP_TURN_RIGHT] = "hip_turn_right",
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
 * Human ranges, in degrees, for this model. The spine bends at two places
 * (the waist and the base of the neck), so the hip's range also holds what
 * the rest of the back adds to a forward fold (hence 170), and the foot is
 * one bone from ankle to toes, so the ankle's range reaches the pointed
 * foot of kneeling. The ranges are the same in every view.
 */
struct range {
	short min, max;
};

static const struct range ranges[LIMBER_ANGLE_COUNT] = {
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
	[LIMBER_ANGLE_LUMBAR] = { -30, 60 },
	[LIMBER_ANGLE_SIDE_BEND] = { -40, 40 },
	[LIMBER_ANGLE_LEAN] = { -90, 90 },
	[LIMBER_ANGLE_SHOULDER_OUT_LEFT] = { -45, 180 },
	[LIMBER_ANGLE_SHOULDER_OUT_RIGHT] = { -45, 180 },
	[LIMBER_ANGLE_HIP_OUT_LEFT] = { -30, 60 },
	[LIMBER_ANGLE_HIP_OUT_RIGHT] = { -30, 60 },
	[LIMBER_ANGLE_WRIST_LEFT] = { -90, 90 },
	[LIMBER_ANGLE_WRIST_RIGHT] = { -90, 90 },
	[LIMBER_ANGLE_ARM_TURN_LEFT] = { -90, 90 },
	[LIMBER_ANGLE_ARM_TURN_RIGHT] = { -90, 90 },
	[LIMBER_ANGLE_HIP_TURN_LEFT] = { -45, 45 },
	[LIMBER_ANGLE_HIP_TURN_RIGHT] = { -45, 45 },
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
	*min = ranges[angle].min;
	*max = ranges[angle].max;
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
	/* The first ten limb angles are the ones every pose must give. */
	return (unsigned)angle < LIMBER_ANGLE_COUNT &&
	    (angle < LIMBER_ANGLE_SHOULDER_LEFT ||
		angle > LIMBER_ANGLE_ANKLE_RIGHT) &&
	    angle != LIMBER_ANGLE_TRUNK;
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
	/* From the side arms and legs hang straight; else a little apart. */
	if (view != LIMBER_VIEW_SIDE) {
		p->angle[LIMBER_ANGLE_SHOULDER_OUT_LEFT] = 8;
		p->angle[LIMBER_ANGLE_SHOULDER_OUT_RIGHT] = 8;
		p->angle[LIMBER_ANGLE_HIP_OUT_LEFT] = 4;
		p->angle[LIMBER_ANGLE_HIP_OUT_RIGHT] = 4;
	}
}

enum limber_status
limber_pose_check(const struct limber_pose *p, char **cause)
{
	if ((unsigned)p->view >= LIMBER_VIEW_COUNT) {
		if (cause != NULL)
			*cause = xstrdup(
			    _("view: must be side, front or three_quarter"));
		return LIMBER_ERR_INVALID;
	}
	if (!(fabs(p->yaw) <= LIMBER_YAW_MAX)) {
		if (cause != NULL)
			*cause =
			    xasprintf(_("yaw: %g degrees is outside %d to %d"),
				p->yaw, -LIMBER_YAW_MAX, LIMBER_YAW_MAX);
		return LIMBER_ERR_INVALID;
	}
	for (int i = 0; i < LIMBER_ANGLE_COUNT; i++) {
		const struct range *r = &ranges[i];
		double v = p->angle[i];

		if (v >= r->min && v <= r->max)
			continue;
		if (cause != NULL)
			/* TRANSLATORS: an angle as a stretch file names
			   it ("knee_left"), its value, its range. */
			*cause =
			    xasprintf(_("%s: %g degrees is outside %d to %d"),
				angle_names[i], v, r->min, r->max);
		return LIMBER_ERR_INVALID;
	}
	return LIMBER_OK;
}

/* ------------------------------------------------------------------ */
/* Forward kinematics in 3-D.                                           */

typedef struct limber_point3 vec;

/*
 * The axes of a part of the body, as columns in the model's space: c[0]
 * the way it faces (forward), c[1] up along it, c[2] to its left.
 */
struct axes {
	vec c[3];
};

static const struct axes upright = {
	{ { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } },
};

/* A point given in a part's axes, in the model's space. */
static vec
along(const struct axes *a, double fwd, double up, double left)
{
	return (vec){ a->c[0].x * fwd + a->c[1].x * up + a->c[2].x * left,
		a->c[0].y * fwd + a->c[1].y * up + a->c[2].y * left,
		a->c[0].z * fwd + a->c[1].z * up + a->c[2].z * left };
}

static vec
plus(vec p, vec d)
{
	return (vec){ p.x + d.x, p.y + d.y, p.z + d.z };
}

enum turning {
	PITCH, /* about the left axis: forward tips up, up tips back */
	ROLL,  /* about the forward axis: up tips to the right */
	YAW,   /* about the up axis: forward turns to the right */
};

/*
 * The axes of a part turned by deg degrees from a's, about one of a's own
 * axes: a part hangs from the one before it and moves with it.
 */
static struct axes
turned(const struct axes *a, enum turning how, double deg)
{
	double r = deg * (M_PI / 180.0), c = cos(r), s = sin(r);
	struct axes t = upright, o;

	switch (how) {
	case PITCH:
		t.c[0] = (vec){ c, s, 0 };
		t.c[1] = (vec){ -s, c, 0 };
		break;
	case ROLL:
		t.c[1] = (vec){ 0, c, -s };
		t.c[2] = (vec){ 0, s, c };
		break;
	case YAW:
		t.c[0] = (vec){ c, 0, -s };
		t.c[2] = (vec){ s, 0, c };
		break;
	}
	for (int i = 0; i < 3; i++)
		o.c[i] = along(a, t.c[i].x, t.c[i].y, t.c[i].z);
	return o;
}

/* The axes of the pelvis, the upper back and the head. */
struct spine {
	struct axes pelvis, back, head;
};

/*
 * The trunk angle is the upper back's direction, so the lumbar angle tips
 * the pelvis the other way and bends the back forward again at the waist:
 * the lower back rounds while the chest stays where the trunk angle puts
 * it. The lean tips the whole body about the model's forward axis; the
 * side bend and the turn happen at the waist, the nod, tilt and turn of
 * the head at the base of the neck, each in that order.
 */
static void
spine_axes(const struct limber_pose *p, struct spine *o)
{
	const double *a = p->angle;
	struct axes t;

	t = turned(&upright, ROLL, a[LIMBER_ANGLE_LEAN]);
	o->pelvis = turned(&t, PITCH,
	    a[LIMBER_ANGLE_TRUNK] - 90 + a[LIMBER_ANGLE_LUMBAR]);
	t = turned(&o->pelvis, PITCH, -a[LIMBER_ANGLE_LUMBAR]);
	t = turned(&t, ROLL, a[LIMBER_ANGLE_SIDE_BEND]);
	o->back = turned(&t, YAW, a[LIMBER_ANGLE_TURN]);
	t = turned(&o->back, PITCH, -a[LIMBER_ANGLE_NECK_BEND]);
	t = turned(&t, ROLL, a[LIMBER_ANGLE_NECK_TILT]);
	o->head = turned(&t, YAW, a[LIMBER_ANGLE_HEAD_TURN]);
}

/*
 * One arm. It hangs down its part's axes (-up); "out" swings it away from
 * the body's middle (side is +1 for the left, whose outside is +left, -1
 * for the right), then the shoulder angle swings it forward and up, and
 * the arm turns about its own length (inward +, its front toward the
 * body's middle). The elbow and the wrist bend toward the arm's front, as
 * a hanging arm's elbow brings the hand forward; turned inward 90 degrees
 * the elbow brings the hand across, as in a hug.
 */
static void
arm(const struct axes *back, vec shoulder, int side, const double *a,
    const enum limber_joint *j, vec *o)
{
	struct axes up = turned(back, PITCH, a[0]), fa, hand;

	up = turned(&up, ROLL, side * a[1]);
	up = turned(&up, YAW, side * a[2]);
	fa = turned(&up, PITCH, a[3]);
	hand = turned(&fa, PITCH, a[4]);
	o[j[0]] = shoulder;
	o[j[1]] = plus(shoulder, along(&up, 0, -L_UPPER_ARM, 0));
	o[j[2]] = plus(o[j[1]], along(&fa, 0, -L_FOREARM, 0));
	o[j[3]] = plus(o[j[2]], along(&hand, 0, -L_HAND, 0));
}

/*
 * One leg, the same way from the pelvis: the knee bends the shin back, the
 * foot points forward from the ankle (toes pointed as the ankle angle
 * grows), the heel is behind the ankle and a little toward the sole.
 */
static void
leg(const struct axes *pelvis, vec hip, int side, const double *a,
    const enum limber_joint *j, vec *o)
{
	struct axes th = turned(pelvis, PITCH, a[0]), sh, ft;

	th = turned(&th, ROLL, side * a[1]);
	th = turned(&th, YAW, side * a[2]);
	sh = turned(&th, PITCH, -a[3]);
	ft = turned(&sh, PITCH, -a[4]);
	o[j[0]] = hip;
	o[j[1]] = plus(hip, along(&th, 0, -L_THIGH, 0));
	o[j[2]] = plus(o[j[1]], along(&sh, 0, -L_SHIN, 0));
	o[j[3]] = plus(o[j[2]], along(&ft, L_FOOT, 0, 0));
	o[j[4]] = plus(o[j[2]], along(&ft, -HEEL_BACK, -HEEL_DOWN, 0));
}

static const enum limber_joint arm_left[] = {
	LIMBER_JOINT_SHOULDER_LEFT,
	LIMBER_JOINT_ELBOW_LEFT,
	LIMBER_JOINT_WRIST_LEFT,
	LIMBER_JOINT_HAND_LEFT,
};
static const enum limber_joint arm_right[] = {
	LIMBER_JOINT_SHOULDER_RIGHT,
	LIMBER_JOINT_ELBOW_RIGHT,
	LIMBER_JOINT_WRIST_RIGHT,
	LIMBER_JOINT_HAND_RIGHT,
};
static const enum limber_joint leg_left[] = {
	LIMBER_JOINT_HIP_LEFT,
	LIMBER_JOINT_KNEE_LEFT,
	LIMBER_JOINT_ANKLE_LEFT,
	LIMBER_JOINT_TOE_LEFT,
	LIMBER_JOINT_HEEL_LEFT,
};
static const enum limber_joint leg_right[] = {
	LIMBER_JOINT_HIP_RIGHT,
	LIMBER_JOINT_KNEE_RIGHT,
	LIMBER_JOINT_ANKLE_RIGHT,
	LIMBER_JOINT_TOE_RIGHT,
	LIMBER_JOINT_HEEL_RIGHT,
};

/* The angles arm() and leg() take, left then right. */
static const enum limber_angle arm_angles[2][5] = {
	{ LIMBER_ANGLE_SHOULDER_LEFT, LIMBER_ANGLE_SHOULDER_OUT_LEFT,
	    LIMBER_ANGLE_ARM_TURN_LEFT, LIMBER_ANGLE_ELBOW_LEFT,
	    LIMBER_ANGLE_WRIST_LEFT },
	{ LIMBER_ANGLE_SHOULDER_RIGHT, LIMBER_ANGLE_SHOULDER_OUT_RIGHT,
	    LIMBER_ANGLE_ARM_TURN_RIGHT, LIMBER_ANGLE_ELBOW_RIGHT,
	    LIMBER_ANGLE_WRIST_RIGHT },
};
static const enum limber_angle leg_angles[2][5] = {
	{ LIMBER_ANGLE_HIP_LEFT, LIMBER_ANGLE_HIP_OUT_LEFT,
	    LIMBER_ANGLE_HIP_TURN_LEFT, LIMBER_ANGLE_KNEE_LEFT,
	    LIMBER_ANGLE_ANKLE_LEFT },
	{ LIMBER_ANGLE_HIP_RIGHT, LIMBER_ANGLE_HIP_OUT_RIGHT,
	    LIMBER_ANGLE_HIP_TURN_RIGHT, LIMBER_ANGLE_KNEE_RIGHT,
	    LIMBER_ANGLE_ANKLE_RIGHT },
};

void
limber_pose_skeleton3(const struct limber_pose *p, struct limber_point3 *out)
{
	const double *a = p->angle;
	struct spine sp;
	vec *o = out, neck;

	spine_axes(p, &sp);
	o[LIMBER_JOINT_PELVIS] = (vec){ 0, 0, 0 };
	o[LIMBER_JOINT_WAIST] = along(&sp.pelvis, 0, L_LUMBAR, 0);
	neck = o[LIMBER_JOINT_NECK] = plus(o[LIMBER_JOINT_WAIST],
	    along(&sp.back, 0, L_UPPER_BACK, 0));
	o[LIMBER_JOINT_HEAD] = plus(neck, along(&sp.head, 0, L_NECK, 0));
	for (int r = 0; r < 2; r++) {
		int side = r == 0 ? 1 : -1;
		double arm_a[5], leg_a[5];
		vec shoulder = along(&sp.back, 0, -SHOULDER_DROP,
		    side * SHOULDER_HALF);

		for (int i = 0; i < 5; i++) {
			arm_a[i] = a[arm_angles[r][i]];
			leg_a[i] = a[leg_angles[r][i]];
		}
		arm(&sp.back, plus(neck, shoulder), side, arm_a,
		    r == 0 ? arm_left : arm_right, o);
		leg(&sp.pelvis, along(&sp.pelvis, 0, 0, side * HIP_HALF), side,
		    leg_a, r == 0 ? leg_left : leg_right, o);
	}
}

void
limber_pose_axes(const struct limber_pose *p, enum limber_joint part,
    struct limber_point3 *forward, struct limber_point3 *up,
    struct limber_point3 *left)
{
	struct spine sp;
	const struct axes *a = &sp.pelvis;

	spine_axes(p, &sp);
	if (part == LIMBER_JOINT_WAIST)
		a = &sp.back;
	else if (part == LIMBER_JOINT_HEAD)
		a = &sp.head;
	if (forward != NULL)
		*forward = a->c[0];
	if (up != NULL)
		*up = a->c[1];
	if (left != NULL)
		*left = a->c[2];
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
 * Finger tips do not lift the body: the wrist is what leans on the floor,
 * and the hand then lies on it (rest_hand).
 */
static bool
rests(int joint)
{
	return joint != LIMBER_JOINT_HAND_LEFT &&
	    joint != LIMBER_JOINT_HAND_RIGHT;
}

/*
 * A hand that would reach through the floor bends at the wrist until its
 * finger tips lie on the floor, as a hand pressed to the floor does,
 * pointing the way the hand pointed; a hand pointing straight down (an
 * upright forearm, on hands and knees) points the way the head is. The
 * hand keeps its length.
 */
static void
rest_hand(struct limber_point3 *pts, enum limber_joint wrist,
    enum limber_joint hand)
{
	vec w = pts[wrist], h = pts[hand];
	double r = joint_radius[hand], fx, fz, flat, dy;

	if (h.y - r >= 0)
		return;
	fx = h.x - w.x;
	fz = h.z - w.z;
	if (hypot(fx, fz) < 0.2 * L_HAND) {
		fx = pts[LIMBER_JOINT_HEAD].x - pts[LIMBER_JOINT_PELVIS].x;
		fz = pts[LIMBER_JOINT_HEAD].z - pts[LIMBER_JOINT_PELVIS].z;
		if (hypot(fx, fz) < 1e-6) {
			fx = 1;
			fz = 0;
		}
	}
	flat = hypot(fx, fz);
	dy = (r - w.y) / L_HAND;
	if (dy > 1)
		dy = 1;
	if (dy < -1)
		dy = -1;
	pts[hand].x = w.x + fx / flat * L_HAND * sqrt(1 - dy * dy);
	pts[hand].y = w.y + L_HAND * dy;
	pts[hand].z = w.z + fz / flat * L_HAND * sqrt(1 - dy * dy);
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
	rest_hand(pts, LIMBER_JOINT_WRIST_LEFT, LIMBER_JOINT_HAND_LEFT);
	rest_hand(pts, LIMBER_JOINT_WRIST_RIGHT, LIMBER_JOINT_HAND_RIGHT);
}

void
limber_pose_points3(const struct limber_pose *p, struct limber_point3 *out)
{
	limber_pose_skeleton3(p, out);
	limber_contact_place(p, out);
}

/*
 * The camera: yaw degrees round from the person's front toward their right
 * (toward their left when the pose faces left), looking level at them. Its
 * picture's right is (sin, 0, cos) in the model's space and the way toward
 * it (cos, 0, -sin): the front view (0) has the person's left on the right
 * of the picture, the side view (90) their front.
 */
static double
camera(const struct limber_pose *p)
{
	double yaw = (unsigned)p->view < LIMBER_VIEW_COUNT ?
	    view_yaw[p->view] :
	    0;

	yaw += p->yaw;
	return (p->facing_left && p->view != LIMBER_VIEW_FRONT ? -yaw : yaw) *
	    (M_PI / 180.0);
}

struct limber_point
limber_pose_view_dir(const struct limber_pose *p, struct limber_point3 v,
    double *depth)
{
	double r = camera(p), c = cos(r), s = sin(r);

	if (depth != NULL)
		*depth = v.x * c - v.z * s;
	return (struct limber_point){ v.x * s + v.z * c, v.y };
}

void
limber_pose_project(const struct limber_pose *p,
    const struct limber_point3 *pts, struct limber_point *out, double *depth)
{
	for (int i = 0; i < LIMBER_JOINT_COUNT; i++)
		out[i] = limber_pose_view_dir(p, pts[i],
		    depth != NULL ? &depth[i] : NULL);
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
		{ LIMBER_ANGLE_SHOULDER_OUT_LEFT,
		    LIMBER_ANGLE_SHOULDER_OUT_RIGHT },
		{ LIMBER_ANGLE_HIP_OUT_LEFT, LIMBER_ANGLE_HIP_OUT_RIGHT },
		{ LIMBER_ANGLE_WRIST_LEFT, LIMBER_ANGLE_WRIST_RIGHT },
		{ LIMBER_ANGLE_ARM_TURN_LEFT, LIMBER_ANGLE_ARM_TURN_RIGHT },
		{ LIMBER_ANGLE_HIP_TURN_LEFT, LIMBER_ANGLE_HIP_TURN_RIGHT },
	};
	static const enum limber_angle lateral[] = {
		LIMBER_ANGLE_TURN,
		LIMBER_ANGLE_NECK_TILT,
		LIMBER_ANGLE_HEAD_TURN,
		LIMBER_ANGLE_SIDE_BEND,
		LIMBER_ANGLE_LEAN,
	};
	struct limber_pose m = *in;

	for (size_t i = 0; i < nitems(pairs); i++) {
		m.angle[pairs[i][0]] = in->angle[pairs[i][1]];
		m.angle[pairs[i][1]] = in->angle[pairs[i][0]];
	}
	for (size_t i = 0; i < nitems(lateral); i++)
		m.angle[lateral[i]] = -in->angle[lateral[i]];
	/*
	 * The body's middle is the mirror (z to -z); the camera goes round
	 * to the mirrored place, so the picture is the original's reflected.
	 */
	if (in->view != LIMBER_VIEW_FRONT)
		m.facing_left = !in->facing_left;
	else
		m.yaw = -in->yaw;
	limber_contacts_mirror(&m);
	/* No negative zeros: a mirrored pose prints as its author wrote it. */
	for (int i = 0; i < LIMBER_ANGLE_COUNT; i++) {
		if (m.angle[i] == 0)
			m.angle[i] = 0;
	}
	if (m.yaw == 0)
		m.yaw = 0;
	*out = m;
}

void
limber_pose_lerp(const struct limber_pose *a, const struct limber_pose *b,
    double t, struct limber_pose *out)
{
	struct limber_pose r = t < 0.5 ? *a : *b, sa, sb;

	if (t <= 0) {
		*out = *a;
		return;
	}
	if (t >= 1) {
		*out = *b;
		return;
	}
	/*
	 * Between poses placed by their contacts, move between the placements
	 * (limber_pose_solved), so that the body goes smoothly from one to
	 * the other; what both rest on still holds it (lib/contact.c).
	 */
	limber_pose_solved(a, &sa);
	limber_pose_solved(b, &sb);
	a = &sa;
	b = &sb;
	for (int i = 0; i < LIMBER_ANGLE_COUNT; i++) {
		double d = b->angle[i] - a->angle[i];

		if (i == LIMBER_ANGLE_TRUNK)
			d = wrap180(d);
		r.angle[i] = a->angle[i] + d * t;
	}
	r.angle[LIMBER_ANGLE_TRUNK] = wrap180(r.angle[LIMBER_ANGLE_TRUNK]);
	r.yaw = a->yaw + (b->yaw - a->yaw) * t;
	limber_contacts_between(a, b, &r);
	*out = r;
}

/* Check bones [0, n) of the table against their lengths in len[]. */
static enum limber_status
check_lengths(const double *len, size_t n, double tolerance, char **cause)
{
	for (size_t i = 0; i < n; i++) {
		const struct limber_bone *b = &limber_bones[i];

		if (!(fabs(len[i] - b->length) <= tolerance)) {
			if (cause != NULL)
				/* TRANSLATORS: a bone's name ("thigh_left"),
				   its length, the length it must have and
				   the tolerance, all in cm. */
				*cause = xasprintf(_("%s: %.1f cm long, not %g "
						     "(within %g)"),
				    b->name, len[i], b->length, tolerance);
			return LIMBER_ERR_INVALID;
		}
	}
	return LIMBER_OK;
}

enum limber_status
limber_pose_check_points3(const struct limber_point3 *pts, double tolerance,
    char **cause)
{
	double len[nitems(limber_bones)];

	for (size_t i = 0; i < limber_nbones; i++) {
		const struct limber_bone *b = &limber_bones[i];
		double dx = pts[b->to].x - pts[b->from].x;
		double dy = pts[b->to].y - pts[b->from].y;
		double dz = pts[b->to].z - pts[b->from].z;

		len[i] = sqrt(dx * dx + dy * dy + dz * dz);
	}
	return check_lengths(len, limber_nbones, tolerance, cause);
}

enum limber_status
limber_pose_check_points(const struct limber_point *pts, double tolerance,
    char **cause)
{
	double len[LIMBS];

	for (size_t i = 0; i < LIMBS; i++) {
		const struct limber_bone *b = &limber_bones[i];

		len[i] = hypot(pts[b->to].x - pts[b->from].x,
		    pts[b->to].y - pts[b->from].y);
	}
	return check_lengths(len, LIMBS, tolerance, cause);
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
	if (p->view != LIMBER_VIEW_FRONT && p->facing_left)
		json_object_set_new(o, "facing", json_string("left"));
	if (p->yaw != 0)
		json_object_set_new(o, "yaw",
		    json_integer((json_int_t)lround(p->yaw)));
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
