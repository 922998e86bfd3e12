/*
 * pose.h - the pose model: a 3-D skeleton given as joint angles, and the
 * view it is seen from.
 *
 * Every step of a stretch carries a pose, and every figure limber draws
 * (SVG, PNG, PDF, the terminal) comes from this one model. A pose is a set
 * of angles in whole degrees and a view (side, front or three-quarter);
 * the points of the skeleton follow in three dimensions by forward
 * kinematics from the pelvis, with every bone's length taken from one
 * table (limber_bones), so bone lengths are constant by construction, and
 * the view is a camera that projects them onto the picture. Angles are
 * checked against human ranges. docs/figures.md describes the angles,
 * their signs and their ranges.
 *
 * Coordinates are in centimetres of a person about 1.7 m tall. In the
 * model's space x is the way the person faces, y is up and z is the
 * person's left, the floor at y = 0; on the picture x is to the right and
 * y up.
 */
#ifndef LIMBER_POSE_H
#define LIMBER_POSE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "limber/limber.h"
#include "limber/contact.h"

enum limber_view {
	LIMBER_VIEW_SIDE,	   /* seen from the person's side */
	LIMBER_VIEW_FRONT,	   /* seen from in front of the person */
	LIMBER_VIEW_THREE_QUARTER, /* half way round between the two */
	LIMBER_VIEW_COUNT,
};

/*
 * The angles of a pose, in degrees. "Left" and "right" are the person's.
 * Limb angles are relative to the bone before them, the same in every
 * view (docs/figures.md). Lateral angles and turns are positive to the
 * right. The first fifteen keep their numbers; the rest came with 3-D.
 */
enum limber_angle {
	LIMBER_ANGLE_TRUNK,	/* direction of the upper back: 90 upright */
	LIMBER_ANGLE_TURN,	/* shoulders turned against the hips */
	LIMBER_ANGLE_NECK_BEND, /* chin toward the chest +, head back - */
	LIMBER_ANGLE_NECK_TILT, /* ear toward the right shoulder + */
	LIMBER_ANGLE_HEAD_TURN, /* head turned against the shoulders */
	LIMBER_ANGLE_SHOULDER_LEFT,
	LIMBER_ANGLE_SHOULDER_RIGHT,
	LIMBER_ANGLE_ELBOW_LEFT,
	LIMBER_ANGLE_ELBOW_RIGHT,
	LIMBER_ANGLE_HIP_LEFT,
	LIMBER_ANGLE_HIP_RIGHT,
	LIMBER_ANGLE_KNEE_LEFT,
	LIMBER_ANGLE_KNEE_RIGHT,
	LIMBER_ANGLE_ANKLE_LEFT,
	LIMBER_ANGLE_ANKLE_RIGHT,
	LIMBER_ANGLE_LUMBAR,	/* the lower back rounds +, arches - */
	LIMBER_ANGLE_SIDE_BEND, /* upper body bent toward the right + */
	LIMBER_ANGLE_LEAN,	/* the whole body tipped toward its right + */
	LIMBER_ANGLE_SHOULDER_OUT_LEFT, /* arm out to the side +, across - */
	LIMBER_ANGLE_SHOULDER_OUT_RIGHT,
	LIMBER_ANGLE_HIP_OUT_LEFT, /* thigh out to the side +, across - */
	LIMBER_ANGLE_HIP_OUT_RIGHT,
	LIMBER_ANGLE_WRIST_LEFT, /* hand bent the way the elbow bends + */
	LIMBER_ANGLE_WRIST_RIGHT,
	LIMBER_ANGLE_ARM_TURN_LEFT, /* arm turned inward about itself + */
	LIMBER_ANGLE_ARM_TURN_RIGHT,
	LIMBER_ANGLE_HIP_TURN_LEFT, /* thigh turned inward about itself + */
	LIMBER_ANGLE_HIP_TURN_RIGHT,
	LIMBER_ANGLE_COUNT,
};

/* The points of the skeleton, as limber_pose_points gives them. */
enum limber_joint {
	LIMBER_JOINT_PELVIS, /* the middle of the hips: the root */
	LIMBER_JOINT_NECK,   /* the base of the neck, between the shoulders */
	LIMBER_JOINT_HEAD,   /* the centre of the head */
	LIMBER_JOINT_SHOULDER_LEFT,
	LIMBER_JOINT_SHOULDER_RIGHT,
	LIMBER_JOINT_ELBOW_LEFT,
	LIMBER_JOINT_ELBOW_RIGHT,
	LIMBER_JOINT_WRIST_LEFT,
	LIMBER_JOINT_WRIST_RIGHT,
	LIMBER_JOINT_HIP_LEFT,
	LIMBER_JOINT_HIP_RIGHT,
	LIMBER_JOINT_KNEE_LEFT,
	LIMBER_JOINT_KNEE_RIGHT,
	LIMBER_JOINT_ANKLE_LEFT,
	LIMBER_JOINT_ANKLE_RIGHT,
	LIMBER_JOINT_TOE_LEFT,
	LIMBER_JOINT_TOE_RIGHT,
	/* Added after the first ones, which keep their numbers. */
	LIMBER_JOINT_WAIST,	/* top of the lower back: the spine's middle */
	LIMBER_JOINT_HAND_LEFT, /* finger tips */
	LIMBER_JOINT_HAND_RIGHT,
	LIMBER_JOINT_HEEL_LEFT, /* the back of the heel, under the ankle */
	LIMBER_JOINT_HEEL_RIGHT,
	LIMBER_JOINT_COUNT,
};

/* What a step uses besides the floor, which every figure has. */
enum limber_prop {
	LIMBER_PROP_CHAIR = 1 << 0,	/* a chair without wheels */
	LIMBER_PROP_CUSHION = 1 << 1,	/* between hips and heels, or under hips */
	LIMBER_PROP_BLANKET = 1 << 2,	/* folded under knees and shins */
	LIMBER_PROP_WALL = 1 << 3,	/* behind the back */
	LIMBER_PROP_COUNT = 4,
};

/* The joint that keeps its place when a figure moves between poses. */
enum limber_anchor {
	LIMBER_ANCHOR_PELVIS,
	LIMBER_ANCHOR_KNEES,
	LIMBER_ANCHOR_ANKLES,
	LIMBER_ANCHOR_HEAD,
	LIMBER_ANCHOR_COUNT,
};

/* What a figure shows: the whole body, or the head and shoulders. */
enum limber_frame {
	LIMBER_FRAME_BODY,
	LIMBER_FRAME_HEAD,
	LIMBER_FRAME_COUNT,
};

struct limber_pose {
	enum limber_view view;
	bool facing_left; /* side and three-quarter: faces left */
	double yaw;	  /* the camera turned further round, degrees */
	enum limber_anchor anchor;
	enum limber_frame frame;
	unsigned props;		/* enum limber_prop bits */
	/* What rests on what: an enum limber_surface per enum limber_part. */
	unsigned char contact[LIMBER_PART_COUNT];
	double angle[LIMBER_ANGLE_COUNT];	/* degrees */
};

/* A point of a figure as drawn: picture x to the right, y up. */
struct limber_point {
	double x, y;
};

/*
 * A point of the body in the model's space, in centimetres: x the way the
 * person faces, y up (the floor at y = 0), z to the person's left.
 */
struct limber_point3 {
	double x, y, z;
};

/* A bone of fixed length between two joints (limber_bones). */
struct limber_bone {
	const char *name;	/* "upper_arm_left" */
	enum limber_joint from, to;
	double length;		/* centimetres */
};

/*
 * The bones of the model and their lengths, the same in every pose: the
 * one table the model takes lengths from. The spine is three of them
 * (lower back, upper back, neck); the girdles join the shoulders to the
 * base of the neck and the hips to the pelvis. In 3-D every one keeps its
 * length; on a picture a bone that points toward the viewer looks shorter.
 */
extern const struct limber_bone limber_bones[];
extern const size_t limber_nbones;

/* Names as the catalog writes them; parsers return -1 (0 for props). */
const char *limber_view_name(enum limber_view view);
int limber_view_parse(const char *name);
const char *limber_angle_name(enum limber_angle angle);	/* "knee_left" */
int limber_angle_parse(const char *name);
const char *limber_joint_name(enum limber_joint joint);	/* "wrist_left" */
const char *limber_prop_name(enum limber_prop prop);
unsigned limber_prop_parse(const char *name);
const char *limber_anchor_name(enum limber_anchor anchor);
int limber_anchor_parse(const char *name);
const char *limber_frame_name(enum limber_frame frame); /* "head" */
int limber_frame_parse(const char *name);

/*
 * The human range of an angle, in degrees; the same in every view (view
 * is kept for callers written when ranges depended on it).
 */
void limber_angle_range(enum limber_view view, enum limber_angle angle,
    int *min, int *max);
/* How far yaw may turn the camera from its view, either way, in degrees. */
#define LIMBER_YAW_MAX 45
/* Angles a catalog pose may leave out; they are then 0. */
bool limber_angle_optional(enum limber_angle angle);

/* A person standing at ease, arms down, seen from view. */
void limber_pose_init(struct limber_pose *p, enum limber_view view);

/*
 * Check the view, the yaw and every angle against its range. On failure
 * returns LIMBER_ERR_INVALID and sets *cause (when not NULL) to a message
 * such as "knee_left: 190 degrees is outside 0 to 160".
 */
enum limber_status limber_pose_check(const struct limber_pose *p, char **cause);

/*
 * The skeleton's points in the model's space by forward kinematics, not
 * yet placed: the pelvis at (0, 0, 0). out has LIMBER_JOINT_COUNT points.
 * A solver that places a body by its contacts starts from these.
 */
void limber_pose_skeleton3(const struct limber_pose *p,
    struct limber_point3 *out);

/*
 * Place a skeleton as limber_pose_points does without contacts: the lowest
 * part of the body (or of a blanket under it) rests on y = 0 and the anchor
 * joint is at x = z = 0, so that every view draws it at picture x = 0.
 * Finger tips do not count as the lowest part: a hand that would reach
 * through the floor bends back at the wrist to lie on it.
 */
void limber_pose_place3(const struct limber_pose *p, struct limber_point3 *pts);

/* The skeleton's points in the model's space, placed on the floor. */
void limber_pose_points3(const struct limber_pose *p,
    struct limber_point3 *out);

/*
 * The points as the pose's view sees them: out[j] is pts[j] on the
 * picture (x to the right, y up, in centimetres; the floor stays y = 0),
 * depth[j] (when not NULL) how far it is toward the viewer, so that what
 * is nearer can be drawn over what is further. Both have
 * LIMBER_JOINT_COUNT entries. The camera looks level from far away (no
 * perspective): a side view facing right sees the person's right side, so
 * the person faces the picture's right; facing left it sees their left; a
 * front view has the person's left on the picture's right; three-quarter
 * is half way from the front to the side faced; yaw turns it further.
 */
void limber_pose_project(const struct limber_pose *p,
    const struct limber_point3 *pts, struct limber_point *out, double *depth);

/*
 * The skeleton's points on the picture, placed on the floor:
 * limber_pose_points3 seen through limber_pose_project. out has
 * LIMBER_JOINT_COUNT points.
 */
void limber_pose_points(const struct limber_pose *p, struct limber_point *out);

/* How far the body reaches around a joint, in centimetres (its half width). */
double limber_joint_radius(enum limber_joint joint);
/* The height of a blanket (LIMBER_PROP_BLANKET) under the body. */
#define LIMBER_BLANKET_CM 5.0

/*
 * The parts a blanket lies under: these joints, where they come within
 * LIMBER_BLANKET_REACH_CM of the floor (their radius included). The
 * library sizes the blanket from them and the renderer draws it from the
 * same list, so the two cannot differ.
 */
extern const enum limber_joint limber_blanket_joints[];
extern const size_t limber_nblanket_joints;
#define LIMBER_BLANKET_REACH_CM (LIMBER_BLANKET_CM + 3)

/*
 * The direction of a projected vector: v (a direction in the model's
 * space, such as one of limber_pose_axes) as the view sees it, x and y on
 * the picture, *depth (when not NULL) toward the viewer.
 */
struct limber_point limber_pose_view_dir(const struct limber_pose *p,
    struct limber_point3 v, double *depth);

/*
 * The axes of a part of the body in the model's space, unit vectors: the
 * way it faces (forward), up along it, and to its left. part is
 * LIMBER_JOINT_PELVIS (the pelvis and the lower back),
 * LIMBER_JOINT_WAIST (the upper back and the shoulders) or
 * LIMBER_JOINT_HEAD (the head: forward is where the face points);
 * another joint gives the pelvis's axes.
 */
void limber_pose_axes(const struct limber_pose *p, enum limber_joint part,
    struct limber_point3 *forward, struct limber_point3 *up,
    struct limber_point3 *left);

/*
 * The same pose for the other side of the body, as in a mirror: left and
 * right swap, lateral angles and turns change sign, a side or three-quarter
 * view faces the other way (a front view's yaw turns the other way). Its points are the original's reflected
 * across the body's middle (z to -z), and its picture the original's
 * reflected left to right. in and out may be the same.
 */
void limber_pose_mirror(const struct limber_pose *in, struct limber_pose *out);

/*
 * The pose a fraction t (0 to 1) of the way from a to b: every angle and
 * the yaw move evenly (the trunk the short way round). View, facing,
 * anchor, frame and props are a's below t = 0.5 and b's from there. t = 0
 * gives a, t = 1 gives b.
 */
void limber_pose_lerp(const struct limber_pose *a, const struct limber_pose *b,
    double t, struct limber_pose *out);

/*
 * Check a skeleton given as points in the model's space (say from a
 * camera) against the bone table: each bone of limber_bones must be its
 * length within tolerance centimetres. On failure returns
 * LIMBER_ERR_INVALID and sets *cause, such as "upper_arm_left: 38.0 cm
 * long, not 30 (within 2)".
 */
enum limber_status limber_pose_check_points3(const struct limber_point3 *pts,
    double tolerance, char **cause);

/*
 * The same for a flat tracing: only the arms and legs (upper arms,
 * forearms, thighs, shins) are checked, as the picture shows them, since
 * the spine, the girdles, the hands and the feet look shorter as they
 * turn toward the viewer.
 */
enum limber_status limber_pose_check_points(const struct limber_point *pts,
    double tolerance, char **cause);

/*
 * The pose of a step, for side 1 or 2 of a stretch done on both sides: the
 * catalog's pose is side 1 (the left), side 2 its mirror. Returns false
 * when the step has no pose (allowed in users' files; every built-in step
 * has one).
 */
bool limber_step_pose(const struct limber_step *step, int side,
    struct limber_pose *out);

/* The catalog's form of a pose (docs/catalog.md); a new reference. */
json_t *limber_pose_to_json(const struct limber_pose *p);

#endif /* LIMBER_POSE_H */
