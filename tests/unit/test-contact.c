/*
 * test-contact.c - contacts in the catalog and the solver that places the
 * body on them (lib/contact.c).
 *
 * Covers: every step of every built-in stretch and variant, both sides,
 * names its contacts, has each within LIMBER_CONTACT_CM of its surface
 * (measured from the placed points and the props' places, not from the
 * solver's own sums) and nothing through the floor, the seat or the wall
 * by more; the catalog's messages for unknown parts and surfaces and for
 * a contact the solver cannot meet (file, line and column); contacts in
 * the JSON round trip and the mirror; the same placement on every run; the
 * time a placement takes.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "limber/limber.h"
#include "util.h"

typedef struct limber_point3 p3;

static struct limber_catalog *
builtin(void)
{
	struct limber_catalog *cat = NULL;
	char *cause = NULL;

	if (limber_catalog_builtin(&cat, &cause) != LIMBER_OK)
		fail_msg("built-in catalog: %s", cause);
	return cat;
}

/* A one-step stretch whose step has the pose text given, on line 5. */
static char *
stretch_with_pose(const char *pose)
{
	return xasprintf(
	    "{\"format\": 1, \"id\": \"t\", \"name\": \"T\", \"summary\": \"S.\",\n"
	    "\"why\": \"W.\", \"areas\": [\"lower\"], \"contexts\": [\"general\"],\n"
	    "\"position\": \"p\", \"needs\": [], \"sides\": false, \"dose\": {\"reps\": {\"start\": 1, \"min\": 1, \"max\": 1}, \"hold_s\": {\"start\": 5, \"min\": 5, \"max\": 5}, \"rest_s\": {\"start\": 0, \"min\": 0, \"max\": 0}},\n"
	    "\"steps\": [\n"
	    "{\"text\": \"Hold.\", \"hold\": true, \"pose\": %s}\n"
	    "], \"cues\": [], \"cautions\": [], \"benefits\": []}\n",
	    pose);
}

/* Sitting on the floor, legs straight out, arms down beside the body. */
#define SITTING \
	"\"view\": \"side\", \"trunk\": 92, \"shoulder_left\": -8, " \
	"\"shoulder_right\": -8, \"elbow_left\": 0, \"elbow_right\": 0, " \
	"\"hip_left\": 94, \"hip_right\": 94, \"knee_left\": 0, " \
	"\"knee_right\": 0, \"ankle_left\": 0, \"ankle_right\": 0"

static struct limber_stretch *
parse_ok(const char *pose)
{
	struct limber_stretch *st = NULL;
	char *text = stretch_with_pose(pose), *cause = NULL;

	if (limber_stretch_parse("t.json", text, strlen(text), &st, &cause) !=
	    LIMBER_OK)
		fail_msg("%s: %s", pose, cause);
	free(text);
	return st;
}

/* The message for pose, after "t.json:5:COL: ", and where it points. */
static char *
parse_error(const char *pose, int *col)
{
	struct limber_stretch *st = NULL;
	char *text = stretch_with_pose(pose), *cause = NULL, *msg;
	const char *prefix = "t.json:5:";

	assert_int_equal(limber_stretch_parse("t.json", text, strlen(text), &st,
			     &cause),
	    LIMBER_ERR_INVALID);
	assert_null(st);
	assert_non_null(cause);
	if (strncmp(cause, prefix, strlen(prefix)) != 0)
		fail_msg("%s", cause);
	*col = (int)strtol(cause + strlen(prefix), NULL, 10);
	msg = xstrdup(strchr(cause + strlen(prefix), ' ') + 1);
	free(cause);
	free(text);
	return msg;
}

/*
 * The column at which `at` starts within the step's pose on line 5: a
 * key's fault is placed at its value, so `at` is written with it.
 */
static int
column_of(const char *pose, const char *at)
{
	const char *line = "{\"text\": \"Hold.\", \"hold\": true, \"pose\": ";
	const char *found = strstr(pose, at);

	assert_non_null(found);
	return (int)strlen(line) + 1 + (int)(found - pose);
}

/* ------------------------------------------------------------------ */
/* The measure: from the placed points and the props' places only.     */

static double
floor_under(const struct limber_pose *p, int j)
{
	bool below_knee = (j >= LIMBER_JOINT_KNEE_LEFT &&
			      j <= LIMBER_JOINT_TOE_RIGHT) ||
	    j == LIMBER_JOINT_HEEL_LEFT || j == LIMBER_JOINT_HEEL_RIGHT;

	return p->props & LIMBER_PROP_BLANKET && below_knee ?
	    LIMBER_BLANKET_CM :
	    0;
}

/*
 * Nothing through the floor, the seat or the wall by more than
 * LIMBER_CONTACT_CM, every joint with the reach of the body round it.
 */
static void
check_nothing_through(const char *what, const struct limber_pose *p,
    const p3 *pts)
{
	struct limber_props pr;

	limber_pose_props(p, pts, &pr);
	for (int j = 0; j < LIMBER_JOINT_COUNT; j++) {
		double r = limber_joint_radius((enum limber_joint)j);
		double low = pts[j].y - r;
		const char *name = limber_joint_name((enum limber_joint)j);

		if (low < floor_under(p, j) - LIMBER_CONTACT_CM)
			fail_msg("%s: %s %.1f cm through the floor", what, name,
			    floor_under(p, j) - low);
		if (p->props & LIMBER_PROP_CHAIR && pts[j].x > pr.seat_back_x &&
		    pts[j].x < pr.seat_front_x && pts[j].y > pr.seat_y &&
		    low < pr.seat_y - LIMBER_CONTACT_CM)
			fail_msg("%s: %s %.1f cm through the seat", what, name,
			    pr.seat_y - low);
		if (p->props & LIMBER_PROP_WALL &&
		    pts[j].x - r < pr.wall_x - LIMBER_CONTACT_CM)
			fail_msg("%s: %s %.1f cm through the wall", what, name,
			    pr.wall_x - (pts[j].x - r));
	}
}

/* Each named contact within LIMBER_CONTACT_CM of its surface. */
static void
check_contacts(const char *what, const struct limber_pose *p, const p3 *pts)
{
	for (int i = 0; i < LIMBER_PART_COUNT; i++) {
		double d = limber_contact_gap(p, pts, (enum limber_part)i);

		if (fabs(d) > LIMBER_CONTACT_CM)
			fail_msg("%s: %s %.1f cm from the %s", what,
			    limber_part_name((enum limber_part)i), d,
			    limber_surface_name(
				(enum limber_surface)p->contact[i]));
	}
}

/* ------------------------------------------------------------------ */
/* The built-in stretches.                                              */

/* Call fn on every step of every built-in stretch and variant. */
static void
each_builtin_step(void (*fn)(const char *, const struct limber_step *))
{
	struct limber_catalog *cat = builtin();

	for (size_t i = 0; i < cat->n; i++) {
		const struct limber_stretch *st = cat->stretches[i];

		for (size_t k = 0; k < st->nsteps; k++) {
			char *what = xasprintf("%s step %zu", st->id, k + 1);

			fn(what, &st->steps[k]);
			free(what);
		}
		for (size_t v = 0; v < st->nvariants; v++) {
			const struct limber_variant *var = &st->variants[v];

			for (size_t k = 0; k < var->nsteps; k++) {
				char *what = xasprintf("%s %s step %zu", st->id,
				    var->id, k + 1);

				fn(what, &var->steps[k]);
				free(what);
			}
		}
	}
	limber_catalog_free(cat);
}

static void
names_its_contacts(const char *what, const struct limber_step *step)
{
	if (step->pose == NULL || !limber_pose_has_contacts(step->pose))
		fail_msg("%s: its pose names no contacts", what);
}

static void
test_every_builtin_pose_names_its_contacts(void **state)
{
	(void)state;
	each_builtin_step(names_its_contacts);
}

static void
contacts_met_both_sides(const char *what, const struct limber_step *step)
{
	for (int side = 1; side <= 2; side++) {
		struct limber_pose p;
		p3 pts[LIMBER_JOINT_COUNT];
		char *w = xasprintf("%s side %d", what, side);

		assert_true(limber_step_pose(step, side, &p));
		limber_pose_points3(&p, pts);
		check_contacts(w, &p, pts);
		check_nothing_through(w, &p, pts);
		free(w);
	}
}

static void
test_every_builtin_step_meets_its_contacts_on_both_sides(void **state)
{
	(void)state;
	each_builtin_step(contacts_met_both_sides);
}

/*
 * An animation moves from each step's pose to the next by
 * limber_pose_lerp: in 50 frames no joint may jump (the contacts change
 * half way, a hand swings past the floor), more than 8 cm a frame.
 */
static void
moves_smoothly(const char *what, const struct limber_step *steps, size_t n)
{
	for (size_t k = 1; k < n; k++) {
		struct limber_pose a = *steps[k - 1].pose, b = *steps[k].pose,
				   q;
		p3 was[LIMBER_JOINT_COUNT], now[LIMBER_JOINT_COUNT];

		limber_pose_points3(&a, was);
		for (int f = 1; f <= 50; f++) {
			limber_pose_lerp(&a, &b, f / 50.0, &q);
			limber_pose_points3(&q, now);
			for (int j = 0; j < LIMBER_JOINT_COUNT; j++) {
				double d = sqrt(pow(now[j].x - was[j].x, 2) +
				    pow(now[j].y - was[j].y, 2) +
				    pow(now[j].z - was[j].z, 2));

				if (d > 8)
					fail_msg(
					    "%s, step %zu to %zu, frame %d: "
					    "%s jumps %.1f cm",
					    what, k, k + 1, f,
					    limber_joint_name(
						(enum limber_joint)j),
					    d);
			}
			memcpy(was, now, sizeof was);
		}
	}
}

/*
 * On the way from one step to the next, what both steps rest on still
 * rests there, and nothing goes through a surface: checked at nine points
 * of every built-in transition.
 */
static void
holds_on_the_way(const char *what, const struct limber_step *steps, size_t n)
{
	for (size_t k = 1; k < n; k++) {
		for (int f = 1; f < 10; f++) {
			struct limber_pose q;
			p3 pts[LIMBER_JOINT_COUNT];
			char *w = xasprintf("%s, step %zu to %zu at %d/10",
			    what, k, k + 1, f);

			limber_pose_lerp(steps[k - 1].pose, steps[k].pose,
			    f / 10.0, &q);
			for (int i = 0; i < LIMBER_PART_COUNT; i++) {
				if (steps[k - 1].pose->contact[i] !=
				    steps[k].pose->contact[i])
					continue;
				assert_int_equal(q.contact[i],
				    steps[k].pose->contact[i]);
			}
			limber_pose_points3(&q, pts);
			check_contacts(w, &q, pts);
			check_nothing_through(w, &q, pts);
			free(w);
		}
	}
}

static void
test_every_builtin_animation_keeps_the_shared_contacts(void **state)
{
	struct limber_catalog *cat = builtin();

	(void)state;
	for (size_t i = 0; i < cat->n; i++) {
		const struct limber_stretch *st = cat->stretches[i];

		holds_on_the_way(st->id, st->steps, st->nsteps);
		for (size_t v = 0; v < st->nvariants; v++) {
			char *what = xasprintf("%s %s", st->id,
			    st->variants[v].id);

			holds_on_the_way(what, st->variants[v].steps,
			    st->variants[v].nsteps);
			free(what);
		}
	}
	limber_catalog_free(cat);
}

static void
test_every_builtin_animation_moves_without_jumps(void **state)
{
	struct limber_catalog *cat = builtin();

	(void)state;
	for (size_t i = 0; i < cat->n; i++) {
		const struct limber_stretch *st = cat->stretches[i];

		moves_smoothly(st->id, st->steps, st->nsteps);
		for (size_t v = 0; v < st->nvariants; v++) {
			/* "hip-flexor-stretch standing": a variant's id alone
			 * does not say which exercise it belongs to. */
			char *what = xasprintf("%s %s", st->id,
			    st->variants[v].id);

			moves_smoothly(what, st->variants[v].steps,
			    st->variants[v].nsteps);
			free(what);
		}
	}
	limber_catalog_free(cat);
}

/*
 * The placement runs for every frame of an animation: time it on every
 * built-in pose, each one new to the cache (a hundredth of a degree
 * apart), and on poses half way between one step and the next. The time
 * is printed, not checked: the tests run on busy machines and under
 * valgrind. docs/figures.md gives the numbers.
 */
static struct {
	int n;
	double ns;
} timing;

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void
time_placement(const char *what, const struct limber_step *step)
{
	static struct limber_pose before;
	static bool have;
	struct limber_pose p = *step->pose, half;
	p3 pts[LIMBER_JOINT_COUNT];
	double t0;

	(void)what;
	for (int i = 0; i < 10; i++) {
		p.angle[LIMBER_ANGLE_NECK_BEND] += 0.01;
		t0 = now_ns();
		limber_pose_points3(&p, pts);
		timing.ns += now_ns() - t0;
		timing.n++;
	}
	if (have && before.view == step->pose->view) {
		/* A frame of animation: the pose half way, and its points. */
		t0 = now_ns();
		limber_pose_lerp(&before, step->pose, 0.5, &half);
		limber_pose_points3(&half, pts);
		timing.ns += now_ns() - t0;
		timing.n++;
	}
	before = *step->pose;
	have = true;
}

static void
test_placement_time_per_pose(void **state)
{
	(void)state;
	each_builtin_step(time_placement);
	assert_true(timing.n > 0);
	print_message("placement: %.1f us a pose, over %d poses\n",
	    timing.ns / timing.n / 1000, timing.n);
}

/* ------------------------------------------------------------------ */
/* The solver on poses written here.                                    */

static void
test_sitting_bones_and_heels_rest_on_the_floor(void **state)
{
	struct limber_stretch *st = parse_ok(
	    "{" SITTING ", \"contacts\": "
	    "{\"sitting_bones\": \"floor\", \"heels\": \"floor\"}}");
	struct limber_pose *p = st->steps[0].pose;
	p3 pts[LIMBER_JOINT_COUNT];

	(void)state;
	limber_pose_points3(p, pts);
	check_contacts("sitting", p, pts);
	check_nothing_through("sitting", p, pts);
	/* Measured: the bottom of the pelvis and of the heels at y = 0. */
	assert_true(fabs(pts[LIMBER_JOINT_PELVIS].y -
			limber_joint_radius(LIMBER_JOINT_PELVIS)) <=
	    LIMBER_CONTACT_CM);
	assert_true(fabs(pts[LIMBER_JOINT_HEEL_LEFT].y -
			limber_joint_radius(LIMBER_JOINT_HEEL_LEFT)) <=
	    LIMBER_CONTACT_CM);
	limber_stretch_free(st);
}

static void
test_without_contacts_the_lowest_part_rests_on_the_floor(void **state)
{
	struct limber_stretch *st = parse_ok("{" SITTING "}");
	struct limber_pose *p = st->steps[0].pose;
	p3 pts[LIMBER_JOINT_COUNT], skel[LIMBER_JOINT_COUNT];

	(void)state;
	assert_false(limber_pose_has_contacts(p));
	limber_pose_points3(p, pts);
	limber_pose_skeleton3(p, skel);
	limber_pose_place3(p, skel);
	assert_memory_equal(pts, skel, sizeof pts);
	limber_stretch_free(st);
}

static void
test_sitting_on_a_chair_puts_the_seat_under_the_sitting_bones(void **state)
{
	struct limber_stretch *st = parse_ok(
	    "{\"view\": \"side\", "
	    "\"trunk\": 90, \"shoulder_left\": 12, \"shoulder_right\": 12, "
	    "\"elbow_left\": 62, \"elbow_right\": 62, \"hip_left\": 90, "
	    "\"hip_right\": 90, \"knee_left\": 88, \"knee_right\": 88, "
	    "\"ankle_left\": 0, \"ankle_right\": 0, \"contacts\": "
	    "{\"sitting_bones\": \"chair\", \"feet\": \"floor\"}}");
	struct limber_pose *p = st->steps[0].pose;
	p3 pts[LIMBER_JOINT_COUNT];
	struct limber_props pr;

	(void)state;
	/* The surface brings its prop. */
	assert_true(p->props & LIMBER_PROP_CHAIR);
	limber_pose_points3(p, pts);
	limber_pose_props(p, pts, &pr);
	assert_true(fabs(pr.seat_y - LIMBER_CHAIR_SEAT_CM) < 1e-9);
	check_contacts("chair", p, pts);
	check_nothing_through("chair", p, pts);
	limber_stretch_free(st);
}

static void
test_a_back_against_the_wall_touches_it(void **state)
{
	struct limber_stretch *st = parse_ok(
	    "{\"view\": \"side\", "
	    "\"trunk\": 92, \"shoulder_left\": 2, \"shoulder_right\": 2, "
	    "\"elbow_left\": 8, \"elbow_right\": 8, \"hip_left\": 10, "
	    "\"hip_right\": 10, \"knee_left\": 14, \"knee_right\": 14, "
	    "\"ankle_left\": -4, \"ankle_right\": -4, \"contacts\": "
	    "{\"feet\": \"floor\", \"pelvis\": \"wall\", \"back\": \"wall\", "
	    "\"head\": \"wall\"}}");
	struct limber_pose *p = st->steps[0].pose;
	p3 pts[LIMBER_JOINT_COUNT];

	(void)state;
	limber_pose_points3(p, pts);
	check_contacts("wall", p, pts);
	check_nothing_through("wall", p, pts);
	limber_stretch_free(st);
}

static void
test_the_placement_is_the_same_on_every_run(void **state)
{
	struct limber_stretch *st = parse_ok(
	    "{" SITTING ", \"contacts\": "
	    "{\"sitting_bones\": \"floor\", \"heels\": \"floor\", "
	    "\"hand_right\": \"floor\"}}");
	p3 a[LIMBER_JOINT_COUNT], b[LIMBER_JOINT_COUNT];

	(void)state;
	limber_pose_points3(st->steps[0].pose, a);
	for (int i = 0; i < 20; i++) {
		limber_pose_points3(st->steps[0].pose, b);
		assert_memory_equal(a, b, sizeof a);
	}
	limber_stretch_free(st);
}

/* ------------------------------------------------------------------ */
/* The catalog.                                                         */

static void
test_unknown_part_or_surface_is_named_with_its_place(void **state)
{
	static const char *pose_part = "{" SITTING ", \"contacts\": "
				       "{\"elbow\": \"floor\"}}";
	static const char *pose_surface = "{" SITTING ", \"contacts\": "
					  "{\"heels\": \"sofa\"}}";
	static const char *pose_twice =
	    "{" SITTING ", \"contacts\": "
	    "{\"heels\": \"floor\", \"heel_left\": \"floor\"}}";
	char *msg;
	int col;

	(void)state;
	msg = parse_error(pose_part, &col);
	assert_int_equal(col, column_of(pose_part, "\"floor\"}"));
	assert_string_equal(msg,
	    "steps[0].pose.contacts.elbow: not a part of "
	    "the body; one of sitting_bones, pelvis, back, head, forehead, "
	    "hands, forearms, knees, shins, feet, heels, toes (or one side: "
	    "hand_left, heel_right...)");
	free(msg);
	msg = parse_error(pose_surface, &col);
	assert_int_equal(col, column_of(pose_surface, "\"sofa\""));
	assert_string_equal(msg,
	    "steps[0].pose.contacts.heels: must be one "
	    "of \"floor\", \"chair\", \"wall\", \"cushion\", \"blanket\"");
	free(msg);
	msg = parse_error(pose_twice, &col);
	assert_int_equal(col, column_of(pose_twice, "\"floor\"}"));
	assert_string_equal(msg,
	    "steps[0].pose.contacts.heel_left: names "
	    "heel_left a second time");
	free(msg);
}

/*
 * Standing on both feet, the finger tips cannot reach the floor: the
 * arms alone do not reach it and the feet keep the body upright.
 */
static void
test_a_contact_the_solver_cannot_meet_is_an_error_at_the_part(void **state)
{
	static const char *pose =
	    "{\"view\": \"side\", \"trunk\": 90, "
	    "\"shoulder_left\": 0, \"shoulder_right\": 0, \"elbow_left\": 0, "
	    "\"elbow_right\": 0, \"hip_left\": 0, \"hip_right\": 0, "
	    "\"knee_left\": 0, \"knee_right\": 0, \"ankle_left\": 0, "
	    "\"ankle_right\": 0, \"contacts\": {\"feet\": \"floor\", "
	    "\"hand_left\": \"floor\"}}";
	const char *want = "steps[0].pose.contacts.hand_left: ";
	const char *tail = " cm above the floor (within 1)";
	char *msg;
	double cm;
	int col;

	(void)state;
	msg = parse_error(pose, &col);
	assert_int_equal(col, column_of(pose, "\"floor\"}}"));
	if (strncmp(msg, want, strlen(want)) != 0 ||
	    strlen(msg) <= strlen(want) + strlen(tail) ||
	    strcmp(msg + strlen(msg) - strlen(tail), tail) != 0)
		fail_msg("%s", msg);
	/* Tens of centimetres: the hand hangs by the thigh. */
	cm = strtod(msg + strlen(want), NULL);
	assert_true(cm > 20 && cm < 80);
	free(msg);
}

static void
test_contacts_round_trip_through_json_and_swap_in_the_mirror(void **state)
{
	struct limber_stretch
	    *st = parse_ok(
		"{" SITTING ", \"contacts\": "
		"{\"sitting_bones\": \"floor\", \"heels\": \"floor\", "
		"\"hand_right\": \"floor\"}}"),
	    *again = NULL;
	struct limber_pose *p = st->steps[0].pose, m;
	json_t *j = limber_stretch_to_json(st), *c;
	char *text = json_dumps(j, 0), *cause = NULL;

	(void)state;
	c = json_object_get(
	    json_object_get(json_array_get(json_object_get(j, "steps"), 0),
		"pose"),
	    "contacts");
	/* A pair on one surface is written as the pair. */
	assert_string_equal(json_string_value(json_object_get(c, "heels")),
	    "floor");
	assert_string_equal(json_string_value(json_object_get(c, "hand_right")),
	    "floor");
	assert_int_equal(json_object_size(c), 3);
	assert_int_equal(limber_stretch_parse("again.json", text, strlen(text),
			     &again, &cause),
	    LIMBER_OK);
	assert_memory_equal(again->steps[0].pose->contact, p->contact,
	    sizeof p->contact);
	limber_pose_mirror(p, &m);
	assert_int_equal(m.contact[LIMBER_PART_HAND_LEFT],
	    LIMBER_SURFACE_FLOOR);
	assert_int_equal(m.contact[LIMBER_PART_HAND_RIGHT],
	    LIMBER_SURFACE_NONE);
	assert_int_equal(m.contact[LIMBER_PART_SITTING_BONES],
	    LIMBER_SURFACE_FLOOR);
	limber_pose_mirror(&m, &m);
	assert_memory_equal(m.contact, p->contact, sizeof p->contact);
	free(text);
	json_decref(j);
	limber_stretch_free(again);
	limber_stretch_free(st);
}

static void
test_part_and_surface_names_parse_back(void **state)
{
	(void)state;
	for (int i = 0; i < LIMBER_PART_COUNT; i++)
		assert_int_equal(
		    limber_part_parse(limber_part_name((enum limber_part)i)),
		    1u << i);
	assert_int_equal(limber_part_parse("heels"),
	    (1u << LIMBER_PART_HEEL_LEFT) | (1u << LIMBER_PART_HEEL_RIGHT));
	assert_int_equal(limber_part_parse("elbow"), 0);
	for (int i = 1; i < LIMBER_SURFACE_COUNT; i++)
		assert_int_equal(limber_surface_parse(limber_surface_name(
				     (enum limber_surface)i)),
		    i);
	assert_int_equal(limber_surface_parse("sofa"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_builtin_pose_names_its_contacts),
		cmocka_unit_test(
		    test_every_builtin_step_meets_its_contacts_on_both_sides),
		cmocka_unit_test(
		    test_every_builtin_animation_moves_without_jumps),
		cmocka_unit_test(
		    test_every_builtin_animation_keeps_the_shared_contacts),
		cmocka_unit_test(test_placement_time_per_pose),
		cmocka_unit_test(
		    test_sitting_bones_and_heels_rest_on_the_floor),
		cmocka_unit_test(
		    test_without_contacts_the_lowest_part_rests_on_the_floor),
		cmocka_unit_test(
		    test_sitting_on_a_chair_puts_the_seat_under_the_sitting_bones),
		cmocka_unit_test(test_a_back_against_the_wall_touches_it),
		cmocka_unit_test(test_the_placement_is_the_same_on_every_run),
		cmocka_unit_test(
		    test_unknown_part_or_surface_is_named_with_its_place),
		cmocka_unit_test(
		    test_a_contact_the_solver_cannot_meet_is_an_error_at_the_part),
		cmocka_unit_test(
		    test_contacts_round_trip_through_json_and_swap_in_the_mirror),
		cmocka_unit_test(test_part_and_surface_names_parse_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
