/*
 * test-pose.c - the pose model (lib/pose.c) and poses in the catalog.
 *
 * Covers: every built-in step has a pose, in range on both sides; the
 * catalog's pose errors with their exact messages, line and column (an
 * impossible angle names the stretch's file, the step and the joint);
 * limber_pose_check and the bone-length check of points given from
 * outside; forward kinematics against points worked out by hand; bones
 * keep their 3-D lengths in every built-in pose and in random ones; each
 * view's camera against geometry; the spine's lumbar, side bend and turn,
 * the neck's nod and tilt, abduction and the limbs' turns; the mirror in
 * 3-D; format 1 front views read with their old meaning; interpolation's
 * end points and the trunk's short way round; the JSON round trip.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "limber/limber.h"
#include "util.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Field by field: padding bytes may differ between equal poses. */
static void
assert_pose_equal(const struct limber_pose *a, const struct limber_pose *b)
{
	assert_int_equal(a->view, b->view);
	assert_int_equal(a->facing_left, b->facing_left);
	assert_int_equal(a->anchor, b->anchor);
	assert_int_equal(a->frame, b->frame);
	assert_int_equal(a->props, b->props);
	for (int i = 0; i < LIMBER_ANGLE_COUNT; i++)
		if (!NEAR(a->angle[i], b->angle[i]))
			fail_msg("%s: %g, not %g", limber_angle_name(
			    (enum limber_angle)i), a->angle[i], b->angle[i]);
}

/* The same joint on the other side of the body, by its name. */
static int
other_side(enum limber_joint j)
{
	const char *name = limber_joint_name(j), *u = strrchr(name, '_');
	char *want;
	int found = -1;

	if (u == NULL || (strcmp(u, "_left") != 0 && strcmp(u, "_right") != 0))
		return (int)j;
	want = xasprintf("%.*s%s", (int)(u - name), name,
	    strcmp(u, "_left") == 0 ? "_right" : "_left");
	for (int i = 0; i < LIMBER_JOINT_COUNT; i++)
		if (strcmp(limber_joint_name((enum limber_joint)i), want) == 0)
			found = i;
	free(want);
	assert_true(found >= 0);
	return found;
}

static struct limber_catalog *
builtin(void)
{
	struct limber_catalog *cat = NULL;
	char *cause = NULL;

	if (limber_catalog_builtin(&cat, &cause) != LIMBER_OK)
		fail_msg("built-in catalog: %s", cause);
	return cat;
}

/* Call fn on every step of every built-in stretch and variant. */
static void
each_builtin_step(void (*fn)(const struct limber_stretch *,
    const char *, size_t, const struct limber_step *))
{
	struct limber_catalog *cat = builtin();

	for (size_t i = 0; i < cat->n; i++) {
		const struct limber_stretch *st = cat->stretches[i];

		for (size_t k = 0; k < st->nsteps; k++)
			fn(st, NULL, k, &st->steps[k]);
		for (size_t v = 0; v < st->nvariants; v++) {
			for (size_t k = 0; k < st->variants[v].nsteps; k++)
				fn(st, st->variants[v].id, k,
				    &st->variants[v].steps[k]);
		}
	}
	limber_catalog_free(cat);
}

/* ------------------------------------------------------------------ */
/* The built-in poses.                                                 */

static void
has_pose(const struct limber_stretch *st, const char *variant, size_t k,
    const struct limber_step *step)
{
	if (step->pose == NULL)
		fail_msg("%s%s%s step %zu has no pose", st->id,
		    variant ? " variant " : "", variant ? variant : "", k + 1);
}

static void
test_every_builtin_step_and_variant_step_has_a_pose(void **state)
{
	(void)state;
	each_builtin_step(has_pose);
}

static void
in_range_both_sides(const struct limber_stretch *st, const char *variant,
    size_t k, const struct limber_step *step)
{
	struct limber_pose p;
	char *cause = NULL;

	for (int side = 1; side <= 2; side++) {
		assert_true(limber_step_pose(step, side, &p));
		if (limber_pose_check(&p, &cause) != LIMBER_OK)
			fail_msg("%s %s step %zu side %d: %s", st->id,
			    variant ? variant : "", k + 1, side, cause);
	}
}

static void
test_every_builtin_pose_and_its_mirror_is_in_human_range(void **state)
{
	(void)state;
	each_builtin_step(in_range_both_sides);
}

static void
bones_keep_lengths(const struct limber_stretch *st, const char *variant,
    size_t k, const struct limber_step *step)
{
	struct limber_point3 pts[LIMBER_JOINT_COUNT];
	struct limber_pose p;
	char *cause = NULL;

	for (int side = 1; side <= 2; side++) {
		limber_step_pose(step, side, &p);
		limber_pose_points3(&p, pts);
		if (limber_pose_check_points3(pts, 1e-9, &cause) != LIMBER_OK)
			fail_msg("%s %s step %zu: %s", st->id,
			    variant ? variant : "", k + 1, cause);
		/*
		 * On the floor: nothing below it (a pose placed by its
		 * contacts within their tolerance), finger tips included.
		 */
		for (int j = 0; j < LIMBER_JOINT_COUNT; j++) {
			enum limber_joint jj = (enum limber_joint)j;
			double under = limber_joint_radius(jj) - pts[j].y;
			double most = limber_pose_has_contacts(&p) ?
			    LIMBER_CONTACT_CM :
			    1e-9;

			if (under > most)
				fail_msg("%s %s step %zu side %d: %s %.2f cm "
					 "under the floor",
				    st->id, variant ? variant : "", k + 1, side,
				    limber_joint_name(jj), under);
		}
	}
}

static void
test_forward_kinematics_keeps_every_bone_length_in_every_builtin_pose(
    void **state)
{
	(void)state;
	each_builtin_step(bones_keep_lengths);
}

static void
test_builtin_poses_show_what_the_steps_say(void **state)
{
	struct limber_catalog *cat = builtin();
	const struct limber_stretch *nr = limber_catalog_find(cat, "neck-rolls");
	const struct limber_stretch *pt = limber_catalog_find(cat,
	    "pelvic-tilt");
	const struct limber_stretch *cp = limber_catalog_find(cat,
	    "childs-pose");
	const struct limber_stretch *tw = limber_catalog_find(cat,
	    "seated-spinal-twist");
	struct limber_point a[LIMBER_JOINT_COUNT], b[LIMBER_JOINT_COUNT];

	(void)state;
	/* Neck rolls: ear toward the right shoulder, chin down, never back. */
	assert_true(nr->steps[1].pose->angle[LIMBER_ANGLE_NECK_TILT] > 20);
	assert_true(nr->steps[3].pose->angle[LIMBER_ANGLE_NECK_BEND] > 30);
	assert_true(nr->steps[5].pose->angle[LIMBER_ANGLE_NECK_TILT] < -20);
	for (size_t k = 0; k < nr->nsteps; k++)
		assert_true(nr->steps[k].pose->angle[LIMBER_ANGLE_NECK_BEND] >=
		    0);
	/* Hip lift: hips well above where they rest, in line with knees. */
	limber_pose_points(pt->steps[0].pose, a);
	limber_pose_points(pt->steps[4].pose, b);
	assert_true(b[LIMBER_JOINT_PELVIS].y > a[LIMBER_JOINT_PELVIS].y + 15);
	assert_int_equal((int)pt->steps[4].pose->angle[LIMBER_ANGLE_HIP_LEFT],
	    0);
	/* Child's pose: hips back over the heels, hands ahead of the head. */
	limber_pose_points(cp->steps[3].pose, a);
	assert_true(fabs(a[LIMBER_JOINT_PELVIS].x -
	    a[LIMBER_JOINT_ANKLE_LEFT].x) < 15);
	assert_true(a[LIMBER_JOINT_WRIST_LEFT].x > a[LIMBER_JOINT_HEAD].x);
	assert_true(a[LIMBER_JOINT_HEAD].y < 15);
	/* The twist turns the trunk; the chair versions have a chair. */
	assert_true(fabs(tw->steps[4].pose->angle[LIMBER_ANGLE_TURN]) >= 30);
	assert_true(limber_stretch_variant(tw, "chair")->steps[0].pose->props &
	    LIMBER_PROP_CHAIR);
	assert_true(limber_stretch_variant(cp, "chair")->steps[0].pose->props &
	    LIMBER_PROP_CHAIR);
	assert_true(limber_stretch_variant(cp, "cushioned")->steps[2].pose->props &
	    LIMBER_PROP_CUSHION);
	assert_true(limber_stretch_variant(pt, "standing-wall")->steps[0].pose->
	    props & LIMBER_PROP_WALL);
	limber_catalog_free(cat);
}

/* ------------------------------------------------------------------ */
/* Poses in catalog files: exact messages.                              */

/*
 * A one-step stretch whose step has the pose text given, on line 5, or
 * no pose when pose is NULL.
 */
static char *
stretch_with_pose(const char *pose)
{
	char *tail = pose != NULL ? xasprintf(", \"pose\": %s", pose) :
	    xstrdup(""), *text;

	text = xasprintf(
	    "{\"format\": 1, \"id\": \"t\", \"name\": \"T\", \"summary\": \"S.\",\n"
	    "\"why\": \"W.\", \"areas\": [\"lower\"], \"contexts\": [\"general\"],\n"
	    "\"position\": \"p\", \"needs\": [], \"sides\": false, \"dose\": {\"reps\": {\"start\": 1, \"min\": 1, \"max\": 1}, \"hold_s\": {\"start\": 5, \"min\": 5, \"max\": 5}, \"rest_s\": {\"start\": 0, \"min\": 0, \"max\": 0}},\n"
	    "\"steps\": [\n"
	    "{\"text\": \"Hold.\", \"hold\": true%s}\n"
	    "], \"cues\": [], \"cautions\": [], \"benefits\": []}\n", tail);
	free(tail);
	return text;
}

#define LIMBS "\"shoulder_left\": 0, \"shoulder_right\": 0, " \
    "\"elbow_left\": 0, \"elbow_right\": 0, \"hip_left\": 0, " \
    "\"hip_right\": 0, \"knee_left\": 0, \"knee_right\": 0, " \
    "\"ankle_left\": 0, \"ankle_right\": 0"

/*
 * The pose starts at column 41 of line 5; at is the part of it that the
 * message points at, want the message after "file:line:col: ".
 */
static void
expect_pose_error(const char *pose, const char *at, const char *what)
{
	struct limber_stretch *st = NULL;
	char *text = stretch_with_pose(pose), *cause = NULL, *want;
	const char *found = strstr(pose, at);

	assert_non_null(found);
	want = xasprintf("built-in:t.json:5:%d: %s", 41 + (int)(found - pose),
	    what);

	assert_int_equal(limber_stretch_parse("built-in:t.json", text,
	    strlen(text), &st, &cause), LIMBER_ERR_INVALID);
	assert_null(st);
	assert_non_null(cause);
	if (strcmp(cause, want) != 0)
		fail_msg("pose %s\n got: %s\nwant: %s", pose, cause, want);
	free(want);
	free(cause);
	free(text);
}

static void
test_catalog_impossible_angle_names_file_step_and_joint(void **state)
{
	(void)state;
	expect_pose_error("{\"view\": \"side\", \"trunk\": 90, "
	    "\"shoulder_left\": 0, \"shoulder_right\": 0, \"elbow_left\": 0, "
	    "\"elbow_right\": 0, \"hip_left\": 0, \"hip_right\": 0, "
	    "\"knee_left\": 190, \"knee_right\": 0, \"ankle_left\": 0, "
	    "\"ankle_right\": 0}",
	    "190", "steps[0].pose.knee_left: 190 degrees is outside 0 "
	    "to 160");
	expect_pose_error("{\"view\": \"front\", \"trunk\": 90, " LIMBS ", "
	    "\"neck_tilt\": -50}",
	    "-50", "steps[0].pose.neck_tilt: -50 degrees is outside -45 "
	    "to 45");
	/* The same shoulder angle is fine from the side, not from the front. */
	expect_pose_error("{\"view\": \"front\", \"trunk\": 90, "
	    "\"shoulder_left\": -50, \"shoulder_right\": 0, \"elbow_left\": 0, "
	    "\"elbow_right\": 0, \"hip_left\": 0, \"hip_right\": 0, "
	    "\"knee_left\": 0, \"knee_right\": 0, \"ankle_left\": 0, "
	    "\"ankle_right\": 0}",
	    "-50", "steps[0].pose.shoulder_left: -50 degrees is outside "
	    "-45 to 180");
}

static void
test_catalog_pose_faults_give_exact_messages(void **state)
{
	(void)state;
	expect_pose_error("[]", "[", "steps[0].pose: must be an object with "
	    "\"view\" and the joint angles in degrees");
	expect_pose_error("{\"trunk\": 90}", "{",
	    "steps[0].pose.view: "
	    "missing (one of \"side\", \"front\", \"three_quarter\")");
	expect_pose_error("{\"view\": \"top\"}", "\"top",
	    "steps[0].pose.view: "
	    "must be one of \"side\", \"front\", \"three_quarter\"");
	expect_pose_error("{\"view\": \"side\", \"trunk\": 90}", "{",
	    "steps[0].pose.shoulder_left: missing (a whole number of degrees "
	    "from -60 to 180)");
	expect_pose_error("{\"view\": \"side\", \"trunk\": 90.5, " LIMBS "}",
	    "90.5", "steps[0].pose.trunk: must be a whole number of degrees "
	    "from -180 to 180");
	expect_pose_error("{\"view\": \"front\", \"facing\": \"left\", "
			  "\"trunk\": 90, " LIMBS "}",
	    "\"left",
	    "steps[0].pose.facing: "
	    "a front view faces the viewer, not left or right");
	expect_pose_error("{\"view\": \"side\", \"facing\": \"up\", "
	    "\"trunk\": 90, " LIMBS "}", "\"up", "steps[0].pose.facing: must "
	    "be one of \"right\", \"left\"");
	expect_pose_error("{\"view\": \"side\", \"anchor\": \"toes\", "
	    "\"trunk\": 90, " LIMBS "}", "\"toes", "steps[0].pose.anchor: "
	    "must be one of \"pelvis\", \"knees\", \"ankles\", \"head\"");
	expect_pose_error("{\"view\": \"side\", \"frame\": \"face\", "
			  "\"trunk\": 90, " LIMBS "}",
	    "\"face",
	    "steps[0].pose.frame: "
	    "must be one of \"body\", \"head\"");
	expect_pose_error("{\"view\": \"side\", \"trunk\": 90, " LIMBS ", "
	    "\"props\": [\"sofa\"]}", "\"sofa", "steps[0].pose.props[0]: "
	    "unknown name \"sofa\"; known: chair, cushion, blanket, wall");
	expect_pose_error("{\"view\": \"side\", \"trunk\": 90, " LIMBS ", "
	    "\"elbow\": 3}", "3}", "steps[0].pose.elbow: unknown field");
}

static void
test_catalog_pose_in_a_variant_is_checked_with_its_path(void **state)
{
	static const char text[] =
	    "{\"format\": 1, \"id\": \"t\", \"name\": \"T\", \"summary\": \"S.\",\n"
	    "\"why\": \"W.\", \"areas\": [\"lower\"], \"contexts\": [\"general\"],\n"
	    "\"position\": \"p\", \"needs\": [], \"sides\": false, \"dose\": {\"reps\": {\"start\": 1, \"min\": 1, \"max\": 1}, \"hold_s\": {\"start\": 5, \"min\": 5, \"max\": 5}, \"rest_s\": {\"start\": 0, \"min\": 0, \"max\": 0}},\n"
	    "\"steps\": [{\"text\": \"Hold.\", \"hold\": true}],\n"
	    "\"cues\": [], \"cautions\": [], \"benefits\": [], \"variants\": [{\"id\": \"v\", \"name\": \"V\", \"why\": \"W.\", \"position\": \"p\", \"needs\": [], \"steps\": [\n"
	    "{\"text\": \"Hold.\", \"hold\": true, \"pose\": {\"view\": \"side\", \"trunk\": 90, " LIMBS ", \"turn\": 75}}\n"
	    "]}]}\n";
	struct limber_stretch *st = NULL;
	char *cause = NULL;

	(void)state;
	assert_int_equal(limber_stretch_parse("childs-pose.json", text,
	    sizeof text - 1, &st, &cause), LIMBER_ERR_INVALID);
	assert_string_equal(cause, "childs-pose.json:6:254: "
	    "variants[0].steps[0].pose.turn: 75 degrees is outside -70 to 70");
	free(cause);
}

static void
test_step_without_a_pose_is_still_valid(void **state)
{
	struct limber_stretch *st = NULL;
	struct limber_pose p;
	char *text = stretch_with_pose(NULL), *cause = NULL;

	(void)state;
	assert_int_equal(limber_stretch_parse("t.json", text, strlen(text), &st,
	    &cause), LIMBER_OK);
	assert_null(st->steps[0].pose);
	assert_false(limber_step_pose(&st->steps[0], 1, &p));
	limber_stretch_free(st);
	free(text);
}

/* ------------------------------------------------------------------ */
/* The model.                                                          */

static void
test_pose_check_names_the_joint_and_its_range(void **state)
{
	struct limber_pose p;
	char *cause = NULL;

	(void)state;
	limber_pose_init(&p, LIMBER_VIEW_SIDE);
	assert_int_equal(limber_pose_check(&p, &cause), LIMBER_OK);
	p.angle[LIMBER_ANGLE_ELBOW_RIGHT] = -10;
	assert_int_equal(limber_pose_check(&p, &cause), LIMBER_ERR_INVALID);
	assert_string_equal(cause, "elbow_right: -10 degrees is outside 0 to "
	    "150");
	free(cause);
	assert_int_equal(limber_pose_check(&p, NULL), LIMBER_ERR_INVALID);
}

static void
test_points_with_a_wrong_bone_length_are_refused_by_name(void **state)
{
	struct limber_point pts[LIMBER_JOINT_COUNT];
	struct limber_pose p;
	char *cause = NULL;

	(void)state;
	limber_pose_init(&p, LIMBER_VIEW_FRONT);
	limber_pose_points(&p, pts);
	assert_int_equal(limber_pose_check_points(pts, 0.5, &cause), LIMBER_OK);
	/* Stretch the left forearm by 8 cm along its own line. */
	pts[LIMBER_JOINT_WRIST_LEFT].x += (pts[LIMBER_JOINT_WRIST_LEFT].x -
	    pts[LIMBER_JOINT_ELBOW_LEFT].x) * 8 / 27;
	pts[LIMBER_JOINT_WRIST_LEFT].y += (pts[LIMBER_JOINT_WRIST_LEFT].y -
	    pts[LIMBER_JOINT_ELBOW_LEFT].y) * 8 / 27;
	assert_int_equal(limber_pose_check_points(pts, 2, &cause),
	    LIMBER_ERR_INVALID);
	assert_string_equal(cause, "forearm_left: 35.0 cm long, not 27 "
	    "(within 2)");
	free(cause);
	/* A shin half as long. */
	limber_pose_points(&p, pts);
	pts[LIMBER_JOINT_ANKLE_RIGHT].x = (pts[LIMBER_JOINT_ANKLE_RIGHT].x +
	    pts[LIMBER_JOINT_KNEE_RIGHT].x) / 2;
	pts[LIMBER_JOINT_ANKLE_RIGHT].y = (pts[LIMBER_JOINT_ANKLE_RIGHT].y +
	    pts[LIMBER_JOINT_KNEE_RIGHT].y) / 2;
	assert_int_equal(limber_pose_check_points(pts, 2, &cause),
	    LIMBER_ERR_INVALID);
	assert_string_equal(cause, "shin_right: 21.0 cm long, not 42 "
	    "(within 2)");
	free(cause);
}

static void
test_standing_side_view_points_are_where_the_bone_table_puts_them(
    void **state)
{
	struct limber_point o[LIMBER_JOINT_COUNT];
	struct limber_pose p;

	(void)state;
	limber_pose_init(&p, LIMBER_VIEW_SIDE);
	limber_pose_points(&p, o);
	/* Ankles rest on the floor (their radius is 4), the pelvis 86 up. */
	assert_true(NEAR(o[LIMBER_JOINT_ANKLE_LEFT].y, 4));
	assert_true(NEAR(o[LIMBER_JOINT_ANKLE_LEFT].x, 0));
	assert_true(NEAR(o[LIMBER_JOINT_KNEE_RIGHT].y, 46));
	assert_true(NEAR(o[LIMBER_JOINT_PELVIS].x, 0));
	assert_true(NEAR(o[LIMBER_JOINT_PELVIS].y, 90));
	assert_true(NEAR(o[LIMBER_JOINT_NECK].y, 142));
	assert_true(NEAR(o[LIMBER_JOINT_SHOULDER_LEFT].y, 138));
	assert_true(NEAR(o[LIMBER_JOINT_WRIST_LEFT].y, 138 - 57));
	assert_true(NEAR(o[LIMBER_JOINT_HEAD].y, 162));
	/* The feet point forward: to the right. */
	assert_true(NEAR(o[LIMBER_JOINT_TOE_LEFT].x, 15));
	assert_true(NEAR(o[LIMBER_JOINT_TOE_LEFT].y, 4));
}

static void
test_lying_and_lifting_hips_follow_the_angles(void **state)
{
	struct limber_point o[LIMBER_JOINT_COUNT];
	struct limber_pose p;

	(void)state;
	limber_pose_init(&p, LIMBER_VIEW_SIDE);
	p.angle[LIMBER_ANGLE_TRUNK] = 180;	/* on the back, head to the left */
	p.angle[LIMBER_ANGLE_HIP_LEFT] = 90;	/* thigh straight up */
	p.angle[LIMBER_ANGLE_KNEE_LEFT] = 90;	/* shin level, toward the feet */
	limber_pose_points(&p, o);
	assert_true(NEAR(o[LIMBER_JOINT_NECK].x, -52));
	assert_true(NEAR(o[LIMBER_JOINT_NECK].y, o[LIMBER_JOINT_PELVIS].y));
	assert_true(NEAR(o[LIMBER_JOINT_KNEE_LEFT].x, 0));
	assert_true(NEAR(o[LIMBER_JOINT_KNEE_LEFT].y,
	    o[LIMBER_JOINT_PELVIS].y + 44));
	assert_true(NEAR(o[LIMBER_JOINT_ANKLE_LEFT].x, 42));
	assert_true(NEAR(o[LIMBER_JOINT_ANKLE_LEFT].y,
	    o[LIMBER_JOINT_KNEE_LEFT].y));
	/* The head (radius 11) rests on the floor. */
	assert_true(NEAR(o[LIMBER_JOINT_HEAD].y, 11));
}

static void
test_front_view_is_symmetric_and_mirror_reflects_it(void **state)
{
	struct limber_point a[LIMBER_JOINT_COUNT], b[LIMBER_JOINT_COUNT];
	struct limber_pose p, m, mm;

	(void)state;
	limber_pose_init(&p, LIMBER_VIEW_FRONT);
	limber_pose_points(&p, a);
	/* The person's left is on the picture's right. */
	assert_true(a[LIMBER_JOINT_SHOULDER_LEFT].x > 0);
	assert_true(NEAR(a[LIMBER_JOINT_WRIST_LEFT].x,
	    -a[LIMBER_JOINT_WRIST_RIGHT].x));
	assert_true(NEAR(a[LIMBER_JOINT_WRIST_LEFT].y,
	    a[LIMBER_JOINT_WRIST_RIGHT].y));

	p.angle[LIMBER_ANGLE_TRUNK] = 80;
	p.angle[LIMBER_ANGLE_NECK_TILT] = 30;
	p.angle[LIMBER_ANGLE_TURN] = 20;
	p.angle[LIMBER_ANGLE_SHOULDER_LEFT] = 120;
	p.angle[LIMBER_ANGLE_ELBOW_RIGHT] = 45;
	p.angle[LIMBER_ANGLE_HIP_RIGHT] = 20;
	limber_pose_mirror(&p, &m);
	assert_true(NEAR(m.angle[LIMBER_ANGLE_SHOULDER_RIGHT], 120));
	assert_true(NEAR(m.angle[LIMBER_ANGLE_NECK_TILT], -30));
	limber_pose_points(&p, a);
	limber_pose_points(&m, b);
	for (int j = 0; j < LIMBER_JOINT_COUNT; j++) {
		/* Left and right joints trade places across x = 0. */
		int o = other_side((enum limber_joint)j);

		assert_true(fabs(b[o].x + a[j].x) < 1e-9);
		assert_true(fabs(b[o].y - a[j].y) < 1e-9);
	}
	limber_pose_mirror(&m, &mm);
	assert_pose_equal(&mm, &p);
}

static void
test_side_view_mirror_faces_the_other_way(void **state)
{
	struct limber_point a[LIMBER_JOINT_COUNT], b[LIMBER_JOINT_COUNT];
	struct limber_catalog *cat = builtin();
	const struct limber_stretch *tw = limber_catalog_find(cat,
	    "seated-spinal-twist");
	struct limber_pose m;

	(void)state;
	/* Side 2 of the twist: the other knee bent, turned the other way. */
	assert_true(limber_step_pose(&tw->steps[3], 2, &m));
	assert_true(m.facing_left != tw->steps[3].pose->facing_left);
	assert_true(NEAR(m.angle[LIMBER_ANGLE_KNEE_RIGHT],
	    tw->steps[3].pose->angle[LIMBER_ANGLE_KNEE_LEFT]));
	assert_true(NEAR(m.angle[LIMBER_ANGLE_TURN],
	    -tw->steps[3].pose->angle[LIMBER_ANGLE_TURN]));
	limber_pose_points(tw->steps[3].pose, a);
	limber_pose_points(&m, b);
	assert_true(NEAR(b[LIMBER_JOINT_KNEE_RIGHT].x,
	    -a[LIMBER_JOINT_KNEE_LEFT].x));
	assert_true(NEAR(b[LIMBER_JOINT_HEAD].y, a[LIMBER_JOINT_HEAD].y));
	limber_catalog_free(cat);
}

static void
test_lerp_gives_the_end_poses_and_turns_the_short_way(void **state)
{
	struct limber_pose a, b, r;

	(void)state;
	limber_pose_init(&a, LIMBER_VIEW_SIDE);
	limber_pose_init(&b, LIMBER_VIEW_SIDE);
	a.angle[LIMBER_ANGLE_TRUNK] = 170;
	b.angle[LIMBER_ANGLE_TRUNK] = -170;
	a.angle[LIMBER_ANGLE_KNEE_LEFT] = 0;
	b.angle[LIMBER_ANGLE_KNEE_LEFT] = 120;
	b.props = LIMBER_PROP_CHAIR;
	limber_pose_lerp(&a, &b, 0, &r);
	assert_pose_equal(&r, &a);
	limber_pose_lerp(&a, &b, 1, &r);
	assert_pose_equal(&r, &b);
	limber_pose_lerp(&a, &b, 0.5, &r);
	assert_true(NEAR(fabs(r.angle[LIMBER_ANGLE_TRUNK]), 180));
	assert_true(NEAR(r.angle[LIMBER_ANGLE_KNEE_LEFT], 60));
	assert_int_equal(r.props, LIMBER_PROP_CHAIR);
	limber_pose_lerp(&a, &b, 0.25, &r);
	assert_true(NEAR(r.angle[LIMBER_ANGLE_TRUNK], 175));
	assert_int_equal(r.props, 0);
}

static void
test_blanket_lifts_the_knees_and_leaves_the_hands_on_the_floor(void **state)
{
	struct limber_catalog *cat = builtin();
	const struct limber_variant *v = limber_stretch_variant(
	    limber_catalog_find(cat, "childs-pose"), "cushioned");
	struct limber_point o[LIMBER_JOINT_COUNT];

	(void)state;
	/* Placed by its contacts: each on its surface within a centimetre. */
	limber_pose_points(v->steps[0].pose, o);
	assert_true(o[LIMBER_JOINT_KNEE_LEFT].y -
		limber_joint_radius(LIMBER_JOINT_KNEE_LEFT) >
	    LIMBER_BLANKET_CM - LIMBER_CONTACT_CM);
	assert_true(o[LIMBER_JOINT_KNEE_LEFT].y - limber_joint_radius(
	    LIMBER_JOINT_KNEE_LEFT) < LIMBER_BLANKET_CM + 2);
	assert_true(o[LIMBER_JOINT_HAND_LEFT].y -
		limber_joint_radius(LIMBER_JOINT_HAND_LEFT) >
	    -LIMBER_CONTACT_CM);
	assert_true(o[LIMBER_JOINT_HAND_LEFT].y -
		limber_joint_radius(LIMBER_JOINT_HAND_LEFT) <
	    LIMBER_CONTACT_CM);
	limber_catalog_free(cat);
}

static void
test_stretch_json_round_trips_every_pose(void **state)
{
	struct limber_catalog *cat = builtin();

	(void)state;
	for (size_t i = 0; i < cat->n; i++) {
		struct limber_stretch *again = NULL;
		json_t *j = limber_stretch_to_json(cat->stretches[i]);
		char *text = json_dumps(j, JSON_INDENT(1)), *cause = NULL;

		assert_int_equal(limber_stretch_parse("again.json", text,
		    strlen(text), &again, &cause), LIMBER_OK);
		for (size_t k = 0; k < again->nsteps; k++)
			assert_pose_equal(again->steps[k].pose,
			    cat->stretches[i]->steps[k].pose);
		for (size_t v = 0; v < again->nvariants; v++) {
			for (size_t k = 0; k < again->variants[v].nsteps; k++)
				assert_pose_equal(
				    again->variants[v].steps[k].pose,
				    cat->stretches[i]->variants[v].steps[k].pose);
		}
		limber_stretch_free(again);
		free(text);
		json_decref(j);
	}
	limber_catalog_free(cat);
}

static void
test_frame_round_trips_through_json(void **state)
{
	struct limber_stretch *st = NULL, *again = NULL;
	char *text = stretch_with_pose("{\"view\": \"front\", \"frame\": "
				       "\"head\", \"trunk\": 90, " LIMBS "}"),
	     *cause = NULL, *out;
	json_t *j, *pose;

	(void)state;
	assert_int_equal(limber_stretch_parse("t.json", text, strlen(text), &st,
			     &cause),
	    LIMBER_OK);
	assert_int_equal(st->steps[0].pose->frame, LIMBER_FRAME_HEAD);
	j = limber_stretch_to_json(st);
	pose = json_object_get(json_array_get(json_object_get(j, "steps"), 0),
	    "pose");
	assert_string_equal(json_string_value(json_object_get(pose, "frame")),
	    "head");
	out = json_dumps(j, 0);
	assert_int_equal(limber_stretch_parse("again.json", out, strlen(out),
			     &again, &cause),
	    LIMBER_OK);
	assert_pose_equal(again->steps[0].pose, st->steps[0].pose);
	/* The whole body is the default, and is not written. */
	limber_pose_init(st->steps[0].pose, LIMBER_VIEW_SIDE);
	json_decref(j);
	j = limber_pose_to_json(st->steps[0].pose);
	assert_null(json_object_get(j, "frame"));
	assert_int_equal(st->steps[0].pose->frame, LIMBER_FRAME_BODY);
	json_decref(j);
	free(out);
	free(text);
	limber_stretch_free(again);
	limber_stretch_free(st);
}

/* ------------------------------------------------------------------ */
/* The 3-D model.                                                      */

/* A small generator of its own, so that every run draws the same poses. */
static uint32_t
next_random(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* A pose with every angle somewhere in its range, and a random view. */
static void
random_pose(uint32_t *seed, struct limber_pose *p)
{
	limber_pose_init(p,
	    (enum limber_view)(next_random(seed) % LIMBER_VIEW_COUNT));
	p->facing_left = p->view != LIMBER_VIEW_FRONT &&
	    next_random(seed) % 2 == 1;
	p->yaw = (double)(next_random(seed) % (2 * LIMBER_YAW_MAX + 1)) -
	    LIMBER_YAW_MAX;
	p->anchor = (enum limber_anchor)(next_random(seed) %
	    LIMBER_ANCHOR_COUNT);
	for (int i = 0; i < LIMBER_ANGLE_COUNT; i++) {
		int lo, hi;

		limber_angle_range(p->view, (enum limber_angle)i, &lo, &hi);
		p->angle[i] = lo +
		    (double)(next_random(seed) % 10001) / 10000 * (hi - lo);
	}
}

static void
test_random_poses_keep_every_bone_length_in_3d(void **state)
{
	uint32_t seed = 17;
	char *cause = NULL;

	(void)state;
	for (int n = 0; n < 2000; n++) {
		struct limber_point3 pts[LIMBER_JOINT_COUNT];
		struct limber_pose p;

		random_pose(&seed, &p);
		assert_int_equal(limber_pose_check(&p, NULL), LIMBER_OK);
		limber_pose_points3(&p, pts);
		if (limber_pose_check_points3(pts, 1e-9, &cause) != LIMBER_OK)
			fail_msg("random pose %d: %s", n, cause);
		/* Placed: nothing that rests goes below the floor. */
		for (int j = 0; j < LIMBER_JOINT_COUNT; j++)
			assert_true(pts[j].y -
				limber_joint_radius((enum limber_joint)j) >
			    -1e-9);
	}
	/* A stretched forearm in 3-D is refused by name. */
	{
		struct limber_point3 pts[LIMBER_JOINT_COUNT];
		struct limber_pose p;

		limber_pose_init(&p, LIMBER_VIEW_THREE_QUARTER);
		limber_pose_points3(&p, pts);
		pts[LIMBER_JOINT_WRIST_RIGHT].z -= 8;
		assert_int_equal(limber_pose_check_points3(pts, 2, &cause),
		    LIMBER_ERR_INVALID);
		assert_true(strncmp(cause, "forearm_right: ", 15) == 0);
		free(cause);
	}
}

/* The picture point of joint j of p. */
static struct limber_point
seen(const struct limber_pose *p, enum limber_joint j, double *depth)
{
	struct limber_point3 pts[LIMBER_JOINT_COUNT];
	struct limber_point out[LIMBER_JOINT_COUNT];
	double d[LIMBER_JOINT_COUNT];

	limber_pose_points3(p, pts);
	limber_pose_project(p, pts, out, d);
	if (depth != NULL)
		*depth = d[j];
	return out[j];
}

static void
test_each_view_sees_an_arm_out_to_the_side_where_geometry_puts_it(void **state)
{
	struct limber_point3 pts[LIMBER_JOINT_COUNT];
	struct limber_point w, s;
	struct limber_pose p;
	double d, ds;

	(void)state;
	/* Standing, the left arm straight out to the side at shoulder height. */
	limber_pose_init(&p, LIMBER_VIEW_FRONT);
	p.angle[LIMBER_ANGLE_SHOULDER_OUT_LEFT] = 90;
	limber_pose_points3(&p, pts);
	/* In the model: 18 out to the shoulder, 57 more along z, level. */
	assert_true(NEAR(pts[LIMBER_JOINT_WRIST_LEFT].z, 18 + 57));
	assert_true(NEAR(pts[LIMBER_JOINT_WRIST_LEFT].y,
	    pts[LIMBER_JOINT_SHOULDER_LEFT].y));
	assert_true(NEAR(pts[LIMBER_JOINT_WRIST_LEFT].x, 0));
	assert_true(NEAR(pts[LIMBER_JOINT_HAND_LEFT].z, 18 + 57 + 17));

	/* From the front: the person's left on the picture's right. */
	w = seen(&p, LIMBER_JOINT_WRIST_LEFT, &d);
	assert_true(NEAR(w.x, 75));
	assert_true(NEAR(d, 0));
	/* From the side, facing right: the arm points away from the viewer. */
	p.view = LIMBER_VIEW_SIDE;
	w = seen(&p, LIMBER_JOINT_WRIST_LEFT, &d);
	assert_true(NEAR(w.x, 0));
	assert_true(NEAR(d, -75));
	s = seen(&p, LIMBER_JOINT_SHOULDER_RIGHT, &ds);
	assert_true(NEAR(ds, 18)); /* the right side is the near one */
	/* Facing left: toward the viewer, who stands at the person's left. */
	p.facing_left = true;
	w = seen(&p, LIMBER_JOINT_WRIST_LEFT, &d);
	assert_true(NEAR(w.x, 0));
	assert_true(NEAR(d, 75));
	/* Three-quarter: 45 degrees round, the arm half seen, half away. */
	p.view = LIMBER_VIEW_THREE_QUARTER;
	p.facing_left = false;
	w = seen(&p, LIMBER_JOINT_WRIST_LEFT, &d);
	assert_true(NEAR(w.x, 75 * cos(M_PI / 4)));
	assert_true(NEAR(d, -75 * sin(M_PI / 4)));
	/* A toe points ahead: to the right and toward the viewer. */
	s = seen(&p, LIMBER_JOINT_TOE_LEFT, &ds);
	assert_true(NEAR(s.x - seen(&p, LIMBER_JOINT_ANKLE_LEFT, NULL).x,
	    15 * sin(M_PI / 4)));
	/* yaw turns the camera further: 45 more is the side view. */
	p.yaw = 45;
	w = seen(&p, LIMBER_JOINT_WRIST_LEFT, &d);
	assert_true(fabs(w.x) < 1e-9);
	assert_true(NEAR(d, -75));
	/* The arm forward at 90 instead, from the side: straight ahead. */
	limber_pose_init(&p, LIMBER_VIEW_SIDE);
	p.angle[LIMBER_ANGLE_SHOULDER_LEFT] = 90;
	w = seen(&p, LIMBER_JOINT_WRIST_LEFT, NULL);
	s = seen(&p, LIMBER_JOINT_SHOULDER_LEFT, NULL);
	assert_true(NEAR(w.x - s.x, 57));
	assert_true(NEAR(w.y, s.y));
}

static void
test_lumbar_flexion_tucks_the_pelvis_under_a_still_chest(void **state)
{
	struct limber_point3 a[LIMBER_JOINT_COUNT], b[LIMBER_JOINT_COUNT];
	struct limber_pose p;

	(void)state;
	limber_pose_init(&p, LIMBER_VIEW_SIDE);
	limber_pose_skeleton3(&p, a);
	/* Straight: the waist 20 above the pelvis, the neck 32 above that. */
	assert_true(NEAR(a[LIMBER_JOINT_WAIST].y, 20));
	assert_true(NEAR(a[LIMBER_JOINT_NECK].y, 52));
	p.angle[LIMBER_ANGLE_LUMBAR] = 30;
	limber_pose_skeleton3(&p, b);
	/* The lower back rounds: the waist goes back of the pelvis... */
	assert_true(NEAR(b[LIMBER_JOINT_WAIST].x, 20 * cos(120 * M_PI / 180)));
	assert_true(NEAR(b[LIMBER_JOINT_WAIST].y, 20 * sin(120 * M_PI / 180)));
	/* ...while the upper back stays upright, as the trunk angle says. */
	assert_true(NEAR(b[LIMBER_JOINT_NECK].x, b[LIMBER_JOINT_WAIST].x));
	assert_true(NEAR(b[LIMBER_JOINT_NECK].y - b[LIMBER_JOINT_WAIST].y, 32));
	/* The thigh hangs from the pelvis: it swings forward with the tilt. */
	assert_true(b[LIMBER_JOINT_KNEE_LEFT].x >
	    a[LIMBER_JOINT_KNEE_LEFT].x + 20);
	/* Arching (-) brings the waist in front of the pelvis. */
	p.angle[LIMBER_ANGLE_LUMBAR] = -20;
	limber_pose_skeleton3(&p, b);
	assert_true(b[LIMBER_JOINT_WAIST].x > 5);
	/* Lying on the back, rounding presses the waist toward the floor. */
	limber_pose_init(&p, LIMBER_VIEW_SIDE);
	p.angle[LIMBER_ANGLE_TRUNK] = 180;
	p.angle[LIMBER_ANGLE_LUMBAR] = 15;
	limber_pose_skeleton3(&p, b);
	assert_true(b[LIMBER_JOINT_WAIST].y < -5);
	assert_true(NEAR(b[LIMBER_JOINT_NECK].y, b[LIMBER_JOINT_WAIST].y));
}

static void
test_turn_and_bends_are_rotations_seen_from_the_front(void **state)
{
	struct limber_point l, r, h, n;
	struct limber_pose p;
	double dl, dr;

	(void)state;
	limber_pose_init(&p, LIMBER_VIEW_FRONT);
	l = seen(&p, LIMBER_JOINT_SHOULDER_LEFT, &dl);
	r = seen(&p, LIMBER_JOINT_SHOULDER_RIGHT, &dr);
	assert_true(NEAR(l.x - r.x, 36));
	/* Turning right narrows the shoulder line and brings the left one forward. */
	p.angle[LIMBER_ANGLE_TURN] = 40;
	l = seen(&p, LIMBER_JOINT_SHOULDER_LEFT, &dl);
	r = seen(&p, LIMBER_JOINT_SHOULDER_RIGHT, &dr);
	assert_true(NEAR(l.x - r.x, 36 * cos(40 * M_PI / 180)));
	assert_true(NEAR(dl, 18 * sin(40 * M_PI / 180)));
	assert_true(NEAR(dr, -dl));
	assert_true(NEAR(l.y, r.y));
	/* The hips stay square. */
	l = seen(&p, LIMBER_JOINT_HIP_LEFT, NULL);
	r = seen(&p, LIMBER_JOINT_HIP_RIGHT, NULL);
	assert_true(NEAR(l.x - r.x, 18));
	/* A side bend to the right drops the right shoulder and moves the neck
	 * to the picture's left (the person's right). */
	limber_pose_init(&p, LIMBER_VIEW_FRONT);
	p.angle[LIMBER_ANGLE_SIDE_BEND] = 30;
	l = seen(&p, LIMBER_JOINT_SHOULDER_LEFT, NULL);
	r = seen(&p, LIMBER_JOINT_SHOULDER_RIGHT, NULL);
	n = seen(&p, LIMBER_JOINT_NECK, NULL);
	assert_true(r.y < l.y - 10);
	assert_true(NEAR(n.x, -32 * sin(30 * M_PI / 180)));
	/* A neck tilt to the right, the head over the right shoulder. */
	limber_pose_init(&p, LIMBER_VIEW_FRONT);
	p.angle[LIMBER_ANGLE_NECK_TILT] = 40;
	h = seen(&p, LIMBER_JOINT_HEAD, NULL);
	n = seen(&p, LIMBER_JOINT_NECK, NULL);
	assert_true(NEAR(h.x - n.x, -20 * sin(40 * M_PI / 180)));
	/* A nod, from the side: the head forward; from the front: lower. */
	limber_pose_init(&p, LIMBER_VIEW_SIDE);
	p.angle[LIMBER_ANGLE_NECK_BEND] = 60;
	h = seen(&p, LIMBER_JOINT_HEAD, NULL);
	n = seen(&p, LIMBER_JOINT_NECK, NULL);
	assert_true(NEAR(h.x - n.x, 20 * sin(60 * M_PI / 180)));
	p.view = LIMBER_VIEW_FRONT;
	h = seen(&p, LIMBER_JOINT_HEAD, NULL);
	n = seen(&p, LIMBER_JOINT_NECK, NULL);
	assert_true(NEAR(h.y - n.y, 20 * cos(60 * M_PI / 180)));
	/* A head turn moves no point but turns the face: to the right. */
	limber_pose_init(&p, LIMBER_VIEW_FRONT);
	p.angle[LIMBER_ANGLE_HEAD_TURN] = 90;
	{
		struct limber_point3 fwd;
		struct limber_point f;

		limber_pose_axes(&p, LIMBER_JOINT_HEAD, &fwd, NULL, NULL);
		assert_true(NEAR(fwd.z, -1));
		f = limber_pose_view_dir(&p, fwd, NULL);
		assert_true(NEAR(f.x, -1));
	}
}

static void
test_crossed_leg_crosses_the_midline(void **state)
{
	struct limber_point3 pts[LIMBER_JOINT_COUNT];
	struct limber_pose p;

	(void)state;
	/* Sitting, the left knee up and across the right leg. */
	limber_pose_init(&p, LIMBER_VIEW_THREE_QUARTER);
	p.angle[LIMBER_ANGLE_HIP_LEFT] = 100;
	p.angle[LIMBER_ANGLE_HIP_OUT_LEFT] = -25;
	p.angle[LIMBER_ANGLE_KNEE_LEFT] = 90;
	p.angle[LIMBER_ANGLE_HIP_RIGHT] = 90;
	limber_pose_skeleton3(&p, pts);
	/*
	 * The left knee and foot are right of the body's middle, on the
	 * right hip's side, the shin about upright under the knee.
	 */
	assert_true(pts[LIMBER_JOINT_KNEE_LEFT].z < -9);
	assert_true(pts[LIMBER_JOINT_ANKLE_LEFT].z < -9);
	assert_true(pts[LIMBER_JOINT_ANKLE_LEFT].y <
	    pts[LIMBER_JOINT_KNEE_LEFT].y - 40);
	/* Out to the side (+) goes the other way. */
	p.angle[LIMBER_ANGLE_HIP_OUT_LEFT] = 30;
	limber_pose_skeleton3(&p, pts);
	assert_true(pts[LIMBER_JOINT_KNEE_LEFT].z > 9 + 44 * 0.4);
	/*
	 * Thigh level, shin down: turning the thigh outward (-) swings the
	 * foot in, across under the other leg; inward (+) swings it out.
	 */
	p.angle[LIMBER_ANGLE_HIP_LEFT] = 90;
	p.angle[LIMBER_ANGLE_HIP_OUT_LEFT] = 0;
	p.angle[LIMBER_ANGLE_KNEE_LEFT] = 90;
	p.angle[LIMBER_ANGLE_HIP_TURN_LEFT] = -30;
	limber_pose_skeleton3(&p, pts);
	assert_true(NEAR(pts[LIMBER_JOINT_KNEE_LEFT].z, 9));
	assert_true(NEAR(pts[LIMBER_JOINT_ANKLE_LEFT].z, 9 - 42 * 0.5));
	p.angle[LIMBER_ANGLE_HIP_TURN_LEFT] = 30;
	limber_pose_skeleton3(&p, pts);
	assert_true(NEAR(pts[LIMBER_JOINT_ANKLE_LEFT].z, 9 + 42 * 0.5));
}

static void
test_an_arm_turned_inward_bends_across_the_body(void **state)
{
	struct limber_point3 pts[LIMBER_JOINT_COUNT];
	struct limber_pose p;
	double up, across;

	(void)state;
	/* The left arm straight ahead, its elbow bent 90. */
	limber_pose_init(&p, LIMBER_VIEW_FRONT);
	p.angle[LIMBER_ANGLE_SHOULDER_OUT_LEFT] = 0;
	p.angle[LIMBER_ANGLE_SHOULDER_LEFT] = 90;
	p.angle[LIMBER_ANGLE_ELBOW_LEFT] = 90;
	limber_pose_skeleton3(&p, pts);
	/* Not turned, the forearm points up. */
	up = pts[LIMBER_JOINT_WRIST_LEFT].y - pts[LIMBER_JOINT_ELBOW_LEFT].y;
	assert_true(NEAR(up, 27));
	/* Turned inward, it points across the chest, to the right. */
	p.angle[LIMBER_ANGLE_ARM_TURN_LEFT] = 90;
	limber_pose_skeleton3(&p, pts);
	across = pts[LIMBER_JOINT_WRIST_LEFT].z -
	    pts[LIMBER_JOINT_ELBOW_LEFT].z;
	assert_true(NEAR(across, -27));
	assert_true(NEAR(pts[LIMBER_JOINT_WRIST_LEFT].y,
	    pts[LIMBER_JOINT_ELBOW_LEFT].y));
	/* The right arm does the same toward the left. */
	p.angle[LIMBER_ANGLE_SHOULDER_OUT_RIGHT] = 0;
	p.angle[LIMBER_ANGLE_SHOULDER_RIGHT] = 90;
	p.angle[LIMBER_ANGLE_ELBOW_RIGHT] = 90;
	p.angle[LIMBER_ANGLE_ARM_TURN_RIGHT] = 90;
	limber_pose_skeleton3(&p, pts);
	across = pts[LIMBER_JOINT_WRIST_RIGHT].z -
	    pts[LIMBER_JOINT_ELBOW_RIGHT].z;
	assert_true(NEAR(across, 27));
}

static void
test_mirror_is_its_own_inverse_and_reflects_in_3d(void **state)
{
	uint32_t seed = 5;

	(void)state;
	for (int n = 0; n < 500; n++) {
		struct limber_point3 a[LIMBER_JOINT_COUNT],
		    b[LIMBER_JOINT_COUNT];
		struct limber_point pa[LIMBER_JOINT_COUNT],
		    pb[LIMBER_JOINT_COUNT];
		struct limber_pose p, m, mm;

		random_pose(&seed, &p);
		limber_pose_mirror(&p, &m);
		limber_pose_mirror(&m, &mm);
		assert_pose_equal(&mm, &p);
		assert_true(NEAR(mm.yaw, p.yaw));
		limber_pose_points3(&p, a);
		limber_pose_points3(&m, b);
		limber_pose_points(&p, pa);
		limber_pose_points(&m, pb);
		for (int j = 0; j < LIMBER_JOINT_COUNT; j++) {
			int o = other_side((enum limber_joint)j);

			/* z to -z in the model, left to right on the picture */
			if (!(fabs(b[o].x - a[j].x) < 1e-6 &&
				fabs(b[o].y - a[j].y) < 1e-6 &&
				fabs(b[o].z + a[j].z) < 1e-6 &&
				fabs(pb[o].x + pa[j].x) < 1e-6 &&
				fabs(pb[o].y - pa[j].y) < 1e-6))
				fail_msg("random pose %d, %s: not mirrored", n,
				    limber_joint_name((enum limber_joint)j));
		}
	}
}

static void
test_catalog_new_angles_and_views(void **state)
{
	struct limber_stretch *st = NULL;
	char *text, *cause = NULL;

	(void)state;
	expect_pose_error("{\"view\": \"side\", \"trunk\": 90, " LIMBS ", "
			  "\"lumbar\": 70}",
	    "70",
	    "steps[0].pose.lumbar: 70 degrees is "
	    "outside -30 to 60");
	expect_pose_error("{\"view\": \"side\", \"trunk\": 90, " LIMBS ", "
			  "\"hip_out_left\": -40}",
	    "-40",
	    "steps[0].pose.hip_out_left: -40 "
	    "degrees is outside -30 to 60");
	expect_pose_error("{\"view\": \"side\", \"trunk\": 90, " LIMBS ", "
			  "\"side_bend\": 12.5}",
	    "12.5",
	    "steps[0].pose.side_bend: must be "
	    "a whole number of degrees from -40 to 40");
	expect_pose_error("{\"view\": \"three_quarter\", \"yaw\": 60, "
			  "\"trunk\": 90, " LIMBS "}",
	    "60",
	    "steps[0].pose.yaw: 60 degrees "
	    "is outside -45 to 45");
	expect_pose_error("{\"view\": \"front\", \"trunk\": 90, " LIMBS ", "
			  "\"shoulder_out_left\": 20}",
	    "20}",
	    "steps[0].pose."
	    "shoulder_out_left: not in a format 1 front view, whose "
	    "shoulder_*, elbow_*, hip_* and trunk angles mean it; write "
	    "format 2");
	expect_pose_error("{\"view\": \"side\", \"trunk\": 90, " LIMBS ", "
			  "\"arm_turn_right\": 95}",
	    "95",
	    "steps[0].pose.arm_turn_right: 95 "
	    "degrees is outside -90 to 90");
	/* A three-quarter view may face left, and keeps every angle. */
	text = stretch_with_pose(
	    "{\"view\": \"three_quarter\", \"facing\": "
	    "\"left\", \"yaw\": -10, \"trunk\": 90, " LIMBS ", \"lumbar\": 10, "
	    "\"side_bend\": -5, \"shoulder_out_right\": 30, \"wrist_left\": "
	    "45}");
	assert_int_equal(limber_stretch_parse("t.json", text, strlen(text), &st,
			     &cause),
	    LIMBER_OK);
	assert_int_equal(st->steps[0].pose->view, LIMBER_VIEW_THREE_QUARTER);
	assert_true(st->steps[0].pose->facing_left);
	assert_true(NEAR(st->steps[0].pose->yaw, -10));
	assert_true(NEAR(st->steps[0].pose->angle[LIMBER_ANGLE_LUMBAR], 10));
	assert_true(NEAR(st->steps[0].pose->angle[LIMBER_ANGLE_WRIST_LEFT],
	    45));
	limber_stretch_free(st);
	free(text);
}

/* The stretch text for a pose, in format 1 or 2. */
static char *
stretch_in_format(int format, const char *pose)
{
	char *text = stretch_with_pose(pose);

	assert_true(strncmp(text, "{\"format\": 1,", 13) == 0);
	text[11] = (char)('0' + format);
	return text;
}

static void
test_format_1_front_views_mean_what_they_meant(void **state)
{
	struct limber_stretch *old = NULL, *now = NULL, *again = NULL;
	char *t1 = stretch_in_format(1,
	    "{\"view\": \"front\", \"trunk\": 100, "
	    "\"shoulder_left\": 90, \"shoulder_right\": 30, \"elbow_left\": 0, "
	    "\"elbow_right\": 60, \"hip_left\": 10, \"hip_right\": -5, "
	    "\"knee_left\": 0, \"knee_right\": 0, \"ankle_left\": 0, "
	    "\"ankle_right\": 0}");
	char *
	    t2 = stretch_in_format(2,
	       "{\"view\": \"front\", \"trunk\": 100, "
	       "\"shoulder_left\": 90, \"shoulder_right\": 20, \"elbow_left\": 0, "
	       "\"elbow_right\": 0, \"hip_left\": 10, \"hip_right\": -5, "
	       "\"knee_left\": 0, \"knee_right\": 0, \"ankle_left\": 0, "
	       "\"ankle_right\": 0}"),
	   *cause = NULL, *out;
	const struct limber_pose *p;
	struct limber_point w, s;
	json_t *j;

	(void)state;
	assert_int_equal(limber_stretch_parse("t.json", t1, strlen(t1), &old,
			     &cause),
	    LIMBER_OK);
	p = old->steps[0].pose;
	/* Out to the side, and the trunk's 100 a lean of 10 to the right. */
	assert_true(NEAR(p->angle[LIMBER_ANGLE_SHOULDER_OUT_LEFT], 90));
	assert_true(NEAR(p->angle[LIMBER_ANGLE_SHOULDER_LEFT], 0));
	assert_true(NEAR(p->angle[LIMBER_ANGLE_HIP_OUT_RIGHT], -5));
	assert_true(NEAR(p->angle[LIMBER_ANGLE_HIP_RIGHT], 0));
	assert_true(NEAR(p->angle[LIMBER_ANGLE_LEAN], 10));
	assert_true(NEAR(p->angle[LIMBER_ANGLE_TRUNK], 90));
	/* As drawn before: the left arm level with its shoulder, leaning. */
	w = seen(p, LIMBER_JOINT_WRIST_LEFT, NULL);
	s = seen(p, LIMBER_JOINT_SHOULDER_LEFT, NULL);
	assert_true(NEAR(atan2(w.y - s.y, w.x - s.x) * 180 / M_PI, 10));
	/*
	 * The right arm 30 out from hanging, its forearm bent 60 toward the
	 * middle: on the picture the upper arm points 240 degrees round from
	 * the picture's right (leaning 10 with the body), the forearm 300.
	 */
	assert_true(NEAR(p->angle[LIMBER_ANGLE_ARM_TURN_RIGHT], 90));
	assert_true(NEAR(p->angle[LIMBER_ANGLE_ARM_TURN_LEFT], 0));
	{
		struct limber_point
		    sh = seen(p, LIMBER_JOINT_SHOULDER_RIGHT, NULL),
		    el = seen(p, LIMBER_JOINT_ELBOW_RIGHT, NULL),
		    wr = seen(p, LIMBER_JOINT_WRIST_RIGHT, NULL);
		double up = atan2(el.y - sh.y, el.x - sh.x) * 180 / M_PI;
		double fa = atan2(wr.y - el.y, wr.x - el.x) * 180 / M_PI;

		assert_true(fabs(up - (240 + 10 - 360)) < 1e-6);
		assert_true(fabs(fa - (300 + 10 - 360)) < 1e-6);
	}
	/* Format 2 reads the same numbers as the 3-D angles they name. */
	assert_int_equal(limber_stretch_parse("t.json", t2, strlen(t2), &now,
			     &cause),
	    LIMBER_OK);
	assert_true(NEAR(now->steps[0].pose->angle[LIMBER_ANGLE_SHOULDER_LEFT],
	    90));
	assert_true(NEAR(now->steps[0].pose->angle[LIMBER_ANGLE_TRUNK], 100));
	/* Written out, a format 1 pose is format 2 with the same meaning. */
	j = limber_stretch_to_json(old);
	assert_int_equal(json_integer_value(json_object_get(j, "format")), 2);
	out = json_dumps(j, 0);
	assert_int_equal(limber_stretch_parse("again.json", out, strlen(out),
			     &again, &cause),
	    LIMBER_OK);
	assert_pose_equal(again->steps[0].pose, p);
	json_decref(j);
	free(out);
	free(t1);
	free(t2);
	limber_stretch_free(old);
	limber_stretch_free(now);
	limber_stretch_free(again);
}

static void
test_names_parse_back(void **state)
{
	(void)state;
	for (int i = 0; i < LIMBER_ANGLE_COUNT; i++)
		assert_int_equal(limber_angle_parse(limber_angle_name(
		    (enum limber_angle)i)), i);
	for (int i = 0; i < LIMBER_PROP_COUNT; i++)
		assert_int_equal(limber_prop_parse(limber_prop_name(
		    (enum limber_prop)(1 << i))), 1u << i);
	assert_int_equal(limber_view_parse("front"), LIMBER_VIEW_FRONT);
	assert_int_equal(limber_view_parse("top"), -1);
	assert_string_equal(limber_joint_name(LIMBER_JOINT_WRIST_LEFT),
	    "wrist_left");
	assert_null(limber_angle_name(LIMBER_ANGLE_COUNT));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_every_builtin_step_and_variant_step_has_a_pose),
		cmocka_unit_test(
		    test_every_builtin_pose_and_its_mirror_is_in_human_range),
		cmocka_unit_test(
		    test_forward_kinematics_keeps_every_bone_length_in_every_builtin_pose),
		cmocka_unit_test(test_builtin_poses_show_what_the_steps_say),
		cmocka_unit_test(
		    test_catalog_impossible_angle_names_file_step_and_joint),
		cmocka_unit_test(test_catalog_pose_faults_give_exact_messages),
		cmocka_unit_test(
		    test_catalog_pose_in_a_variant_is_checked_with_its_path),
		cmocka_unit_test(test_step_without_a_pose_is_still_valid),
		cmocka_unit_test(test_pose_check_names_the_joint_and_its_range),
		cmocka_unit_test(
		    test_points_with_a_wrong_bone_length_are_refused_by_name),
		cmocka_unit_test(
		    test_standing_side_view_points_are_where_the_bone_table_puts_them),
		cmocka_unit_test(test_lying_and_lifting_hips_follow_the_angles),
		cmocka_unit_test(
		    test_front_view_is_symmetric_and_mirror_reflects_it),
		cmocka_unit_test(test_side_view_mirror_faces_the_other_way),
		cmocka_unit_test(
		    test_lerp_gives_the_end_poses_and_turns_the_short_way),
		cmocka_unit_test(
		    test_blanket_lifts_the_knees_and_leaves_the_hands_on_the_floor),
		cmocka_unit_test(test_stretch_json_round_trips_every_pose),
		cmocka_unit_test(test_frame_round_trips_through_json),
		cmocka_unit_test(
		    test_random_poses_keep_every_bone_length_in_3d),
		cmocka_unit_test(
		    test_each_view_sees_an_arm_out_to_the_side_where_geometry_puts_it),
		cmocka_unit_test(
		    test_lumbar_flexion_tucks_the_pelvis_under_a_still_chest),
		cmocka_unit_test(
		    test_turn_and_bends_are_rotations_seen_from_the_front),
		cmocka_unit_test(test_crossed_leg_crosses_the_midline),
		cmocka_unit_test(
		    test_an_arm_turned_inward_bends_across_the_body),
		cmocka_unit_test(
		    test_mirror_is_its_own_inverse_and_reflects_in_3d),
		cmocka_unit_test(test_catalog_new_angles_and_views),
		cmocka_unit_test(
		    test_format_1_front_views_mean_what_they_meant),
		cmocka_unit_test(test_names_parse_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
