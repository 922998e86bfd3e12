/*
 * contact.h - what touches what: a pose's contacts, the props' places, and
 * the solver that puts the body on them.
 *
 * A pose names the parts of the body that rest on something: "the sitting
 * bones on the floor, the heels on the floor, the right hand on the floor".
 * The solver (lib/contact.c) places the body so that each named part lies
 * on its surface within a centimetre and nothing else goes through the
 * floor, the chair's seat or the wall: it moves and turns the body as a
 * whole, and changes the author's angles only where that is not enough,
 * as little as it can and within their ranges. A pose without contacts is
 * placed as before, its lowest part on the floor. docs/figures.md shows how
 * contacts are written.
 *
 * pose.h includes this header; it declares struct limber_pose's contact
 * member with the enums here.
 */
#ifndef LIMBER_CONTACT_H
#define LIMBER_CONTACT_H

#include <stdbool.h>

#include <jansson.h>

/*
 * The parts of the body that can rest on a surface, one side at a time.
 * The catalog also names pairs ("heels" is both heels). Each part is a
 * joint or two of the skeleton, and it touches a surface where the body
 * reaches round those joints (limber_joint_radius).
 */
enum limber_part {
	LIMBER_PART_SITTING_BONES, /* the pelvis, sitting */
	LIMBER_PART_PELVIS,	   /* the back of the pelvis, lying */
	LIMBER_PART_BACK,	   /* the upper back: both shoulders */
	LIMBER_PART_HEAD,	   /* the back of the head */
	LIMBER_PART_FOREHEAD,	   /* the head, face down */
	LIMBER_PART_HAND_LEFT,	   /* the finger tips and palm */
	LIMBER_PART_HAND_RIGHT,
	LIMBER_PART_FOREARM_LEFT, /* elbow and wrist both */
	LIMBER_PART_FOREARM_RIGHT,
	LIMBER_PART_KNEE_LEFT,
	LIMBER_PART_KNEE_RIGHT,
	LIMBER_PART_SHIN_LEFT, /* knee and ankle both */
	LIMBER_PART_SHIN_RIGHT,
	LIMBER_PART_FOOT_LEFT, /* the sole, flat: heel and toes */
	LIMBER_PART_FOOT_RIGHT,
	LIMBER_PART_HEEL_LEFT,
	LIMBER_PART_HEEL_RIGHT,
	LIMBER_PART_TOES_LEFT,
	LIMBER_PART_TOES_RIGHT,
	LIMBER_PART_COUNT,
};

/* What a part rests on. The props' places are in struct limber_props. */
enum limber_surface {
	LIMBER_SURFACE_NONE,
	LIMBER_SURFACE_FLOOR,	/* y = 0, or the mat */
	LIMBER_SURFACE_CHAIR,	/* the top of the seat */
	LIMBER_SURFACE_WALL,	/* an upright plane behind the body */
	LIMBER_SURFACE_CUSHION, /* on the calves or the floor, 6 to 14 thick */
	LIMBER_SURFACE_BLANKET, /* a folded pad on the floor */
	LIMBER_SURFACE_COUNT,
};

/* The seat of the chair, from the floor: it fits the model's legs. */
#define LIMBER_CHAIR_SEAT_CM 38.0
/* The seat reaches this far behind the pelvis and in front of it. */
#define LIMBER_CHAIR_BACK_CM 17.0
#define LIMBER_CHAIR_FRONT_CM 23.0
/* Its width, across the person (z), centred on the pelvis: drawn only. */
#define LIMBER_CHAIR_WIDTH_CM 44.0
/* A cushion's thickness: it squashes or fills out within this. */
#define LIMBER_CUSHION_MIN_CM 6.0
#define LIMBER_CUSHION_MAX_CM 14.0
/* How close a contact must be, and how far nothing may go through. */
#define LIMBER_CONTACT_CM 1.0

struct limber_pose;
struct limber_point3;

/* Names as the catalog writes them: "heel_left"; surfaces "floor". */
const char *limber_part_name(enum limber_part part);
/*
 * The parts a catalog name stands for, as bits (1u << part): one for
 * "heel_left", two for "heels"; 0 for a name that is not a part's.
 */
unsigned limber_part_parse(const char *name);
const char *limber_surface_name(enum limber_surface surface);
int limber_surface_parse(const char *name); /* -1 if unknown */
/* The prop a surface needs (LIMBER_PROP_*), 0 for the floor. */
unsigned limber_surface_prop(enum limber_surface surface);

/* Whether the pose names any contact. */
bool limber_pose_has_contacts(const struct limber_pose *p);

/*
 * Where the props are for a placed body (limber_pose_points3's points), in
 * the model's space: x the way the person faces, y up. The renderer draws
 * them here, and the solver put the body on these same surfaces.
 */
struct limber_props {
	double seat_y; /* chair: the top of the seat */
	double seat_back_x, seat_front_x;
	double wall_x;		       /* wall: its face, behind the body */
	double cushion_y0, cushion_y1; /* cushion: bottom and top */
	double cushion_x0, cushion_x1;
	double blanket_y; /* blanket: its top */
	double blanket_x0, blanket_x1;
};
void limber_pose_props(const struct limber_pose *p,
    const struct limber_point3 *pts, struct limber_props *out);

/*
 * Place a skeleton (limber_pose_skeleton3's points, pelvis at the origin)
 * for its pose: with contacts, by the solver, which may also recompute the
 * points with the angles it changed; without, as limber_pose_place3 does.
 * limber_pose_points3 calls this.
 */
void limber_contact_place(const struct limber_pose *p,
    struct limber_point3 *pts);

/*
 * The pose as the solver placed it: the author's angles with the changes
 * its contacts needed (the whole body's pitch is in trunk, its roll in
 * lean), so that what is drawn from angles (the head's and the trunk's
 * axes) agrees with limber_pose_points3. Without contacts, the pose.
 */
void limber_pose_solved(const struct limber_pose *p, struct limber_pose *out);

/*
 * How far a part of a placed body is from the surface it names: + above
 * it (or in front of a wall), - through it, the worst of the part's
 * joints. 0 for a part that names no surface.
 */
double limber_contact_gap(const struct limber_pose *p,
    const struct limber_point3 *pts, enum limber_part part);

/*
 * Check that the solver meets a pose's contacts: each part within
 * LIMBER_CONTACT_CM of its surface, nothing through the floor, the seat or
 * the wall by more. On failure returns false, sets *part to the part at
 * fault (or -1 when a part that names no contact goes through a surface)
 * and *cause to "4.2 cm above the floor (within 1)" or "knee_left: 3.0 cm
 * through the floor (within 1)".
 */
bool limber_pose_contacts_met(const struct limber_pose *p, int *part,
    char **cause);

/*
 * The contacts of a pose on its way from a to b (limber_pose_lerp, for t
 * strictly between 0 and 1): what both rest on the same surface. A part
 * that lifts off or lands moves with the angles, rather than the whole
 * body jumping when the contacts change half way.
 */
void limber_contacts_between(const struct limber_pose *a,
    const struct limber_pose *b, struct limber_pose *out);

/* The other side's contacts: left and right parts swap. */
void limber_contacts_mirror(struct limber_pose *p);

/*
 * Add the pose's "contacts" object to o, its catalog form (a pair's name
 * where both sides rest on the same surface); nothing without contacts.
 */
void limber_contacts_to_json(const struct limber_pose *p, json_t *o);

#endif /* LIMBER_CONTACT_H */
