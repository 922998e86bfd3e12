/*
 * catalog.c - stretches loaded from JSON files, checked field by field.
 *
 * The catalog is data, not code (docs/catalog.md): one JSON file a stretch,
 * built into the program and extendable from the user's data folder. A
 * stretch file is someone's instructions for a body in pain, so the loader is
 * strict: every field present and typed, every number in range, no unknown
 * keys (a typo must not silently drop a caution), no control characters in
 * texts. The first fault ends the load with "file:line:col: path: what".
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "internal.h"
#include "jsonpos.h"
#include "limber/limber.h"
#include "util.h"

#define CATALOG_MAX_FILE (256 * 1024)
#define CATALOG_MAX_ID 40
#define CATALOG_MAX_STEPS 20
#define CATALOG_MAX_LIST 10
#define CATALOG_MAX_VARIANTS 8
/*
 * Format 2 came with the 3-D pose model; format 1 files are still read,
 * their front views' angles as they were meant (parse_pose).
 */
#define CATALOG_FORMAT 2

/*
 * Parsing state: the file's name, its text, the first error. The position
 * is found only when a fault needs one: a file without faults (the
 * built-in catalog, on every run) is not scanned twice.
 */
struct pctx {
	const char *name;
	const char *text;
	size_t len;
	char *cause;
	int format; /* the file's "format" */
	/*
	 * The built-in files' contacts are met: tests/unit/test-contact.c
	 * checks every step, and solving them all took 0.75 ms of every run.
	 */
	bool contacts_known;
	/*
	 * A built-in file must say what it trains and what guidance it
	 * follows (docs/catalog.md); a user's file may leave both out.
	 */
	bool builtin;
};

static bool
fail(struct pctx *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Report the first fault at the position of path, or of the nearest parent
 * that has one (a missing key is reported where its object starts).
 */
static bool
fail(struct pctx *c, const char *path, const char *fmt, ...)
{
	char *what;
	va_list ap;

	if (c->cause != NULL)
		return false;
	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	c->cause = jsonpos_fault(c->name, c->text, c->len, path, what);
	free(what);
	return false;
}

/*
 * The paths of values, for messages. Made by hand rather than with
 * xasprintf: a catalog makes tens of thousands of them, and formatting was
 * a fifth of every command's start-up.
 */
static char *
join(const char *path, const char *sep, const char *tail, const char *end)
{
	size_t a = strlen(path), b = strlen(sep), t = strlen(tail),
	       e = strlen(end);
	char *s = xmalloc(a + b + t + e + 1);

	memcpy(s, path, a);
	memcpy(s + a, sep, b);
	memcpy(s + a + b, tail, t);
	memcpy(s + a + b + t, end, e + 1);
	return s;
}

static char *
sub(const char *path, const char *key)
{
	return join(path, *path ? "." : "", key, "");
}

static char *
idx(const char *path, size_t i)
{
	char digits[24], *d = digits + sizeof digits;

	*--d = '\0';
	do
		*--d = (char)('0' + i % 10);
	while ((i /= 10) != 0);
	return join(path, "[", d, "]");
}

/* Reject keys that are not in the list, so that typos are caught. */
static bool
check_keys(struct pctx *c, json_t *obj, const char *path,
    const char *const *known)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		size_t i;
		bool ok;
		char *p;

		for (i = 0; known[i] != NULL; i++) {
			if (strcmp(known[i], key) == 0)
				break;
		}
		if (known[i] != NULL)
			continue;
		p = sub(path, key);
		ok = fail(c, p, _("unknown field"));
		free(p);
		return ok;
	}
	return true;
}

/*
 * Texts reach terminals and pages: no C0 or C1 control characters (C1 ones
 * such as U+009B start terminal escapes), no Unicode line or paragraph
 * separators, and no direction marks or overrides that could make a text
 * read differently from what it says; the same rule as the server's
 * (util_text_safe). Input is valid UTF-8 (jansson checks).
 */
static bool
valid_text(const char *s)
{
	return util_text_safe(s);
}

/* A UTF-8 string's length in characters. */
static size_t
utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	}
	return n;
}

static bool
get_text(struct pctx *c, json_t *v, const char *path, size_t max, char **out)
{
	const char *s;
	size_t n;

	if (v == NULL)
		return fail(c, path,
		    _("missing (a text of 1 to %zu characters)"), max);
	if (!json_is_string(v))
		return fail(c, path, _("must be a text in double quotes"));
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v) || !valid_text(s))
		return fail(c, path,
		    _("must not contain control characters, "
		      "line breaks or direction overrides"));
	n = utf8_len(s);
	if (n == 0 || n > max)
		return fail(c, path,
		    _("must be 1 to %zu characters long, not %zu"), max, n);
	*out = xstrdup(s);
	return true;
}

static bool
field_text(struct pctx *c, json_t *obj, const char *path, const char *key,
    size_t max, char **out)
{
	char *p = sub(path, key);
	bool ok = get_text(c, json_object_get(obj, key), p, max, out);

	free(p);
	return ok;
}

static bool
valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > CATALOG_MAX_ID || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return false;
	}
	return true;
}

static bool
field_id(struct pctx *c, json_t *obj, const char *path, const char *key,
    char **out)
{
	char *p = sub(path, key);
	json_t *v = json_object_get(obj, key);
	bool ok;

	if (v != NULL && json_is_string(v) && !valid_id(json_string_value(v)))
		ok = fail(c, p,
		    _("must be 1 to %d lower-case letters, digits "
		      "and inner hyphens, like \"childs-pose\""),
		    CATALOG_MAX_ID);
	else
		ok = get_text(c, v, p, CATALOG_MAX_ID, out);
	free(p);
	return ok;
}

static bool
field_int(struct pctx *c, json_t *obj, const char *path, const char *key,
    int min, int max, const char *unit, int *out)
{
	char *p = sub(path, key);
	json_t *v = json_object_get(obj, key);
	bool ok = true;

	if (v == NULL)
		/* TRANSLATORS: %s is a unit: "seconds" or "repetitions". */
		ok = fail(c, p,
		    _("missing (a whole number of %s from %d to %d)"), unit,
		    min, max);
	else if (!json_is_integer(v) || json_integer_value(v) < min ||
	    json_integer_value(v) > max)
		ok = fail(c, p, _("must be a whole number of %s from %d to %d"),
		    unit, min, max);
	else
		*out = (int)json_integer_value(v);
	free(p);
	return ok;
}

static bool
field_bool(struct pctx *c, json_t *obj, const char *path, const char *key,
    bool *out)
{
	char *p = sub(path, key);
	json_t *v = json_object_get(obj, key);
	bool ok = true;

	if (v == NULL)
		ok = fail(c, p, _("missing (true or false)"));
	else if (!json_is_boolean(v))
		ok = fail(c, p, _("must be true or false"));
	else
		*out = json_is_true(v);
	free(p);
	return ok;
}

/* An array that may be absent (optional) or must hold min..max items. */
static bool
field_array(struct pctx *c, json_t *obj, const char *path, const char *key,
    bool optional, size_t min, size_t max, json_t **out)
{
	char *p = sub(path, key);
	json_t *v = json_object_get(obj, key);
	bool ok = true;

	*out = NULL;
	if (v == NULL) {
		if (!optional)
			ok = fail(c, p, _("missing (a list in [ ])"));
	} else if (!json_is_array(v))
		ok = fail(c, p, _("must be a list in [ ]"));
	else if (json_array_size(v) < min || json_array_size(v) > max)
		ok = fail(c, p, _("must hold %zu to %zu items, not %zu"), min,
		    max, json_array_size(v));
	else
		*out = v;
	free(p);
	return ok;
}

static bool
field_texts(struct pctx *c, json_t *obj, const char *path, const char *key,
    size_t maxlen, char ***out, size_t *n)
{
	json_t *arr, *v;
	char *p;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!field_array(c, obj, path, key, false, 0, CATALOG_MAX_LIST, &arr))
		return false;
	*out = xcalloc(json_array_size(arr), sizeof **out);
	p = sub(path, key);
	json_array_foreach(arr, i, v) {
		char *ip = idx(p, i);
		bool ok = get_text(c, v, ip, maxlen, &(*out)[i]);

		free(ip);
		if (!ok)
			break;
		(*n)++;
	}
	free(p);
	return c->cause == NULL;
}

/*
 * A list of names turned into bits: areas, contexts, needs. parse returns
 * the bit for a name, or 0 when unknown.
 */
static bool
field_names(struct pctx *c, json_t *obj, const char *path, const char *key,
    size_t min, unsigned (*parse)(const char *), const char *known,
    unsigned *out)
{
	json_t *arr, *v;
	char *p;
	size_t i;

	*out = 0;
	if (!field_array(c, obj, path, key, false, min, 16, &arr))
		return false;
	p = sub(path, key);
	json_array_foreach(arr, i, v) {
		char *ip = idx(p, i);
		unsigned bit = 0;

		if (!json_is_string(v))
			fail(c, ip, _("must be one of %s"), known);
		else if ((bit = parse(json_string_value(v))) == 0)
			fail(c, ip, _("unknown name \"%s\"; known: %s"),
			    json_string_value(v), known);
		else if (*out & bit)
			fail(c, ip, _("\"%s\" is listed twice"),
			    json_string_value(v));
		free(ip);
		if (c->cause != NULL)
			break;
		*out |= bit;
	}
	free(p);
	return c->cause == NULL;
}

static unsigned
parse_area_bit(const char *s)
{
	int a = limber_area_parse(s);

	return a == LIMBER_AREA_UPPER || a == LIMBER_AREA_LOWER ? (unsigned)a : 0;
}

static unsigned
parse_context_bit(const char *s)
{
	int ctx = limber_context_parse(s);

	return ctx < 0 ? 0 : 1u << ctx;
}

static unsigned
parse_need_bit(const char *s)
{
	return (unsigned)limber_need_parse(s);
}

static const char known_needs[] =
    "floor, kneeling, lying, lying-front, standing, chair, wall";

static unsigned
parse_move_bit(const char *s)
{
	return (unsigned)limber_move_parse(s);
}

/*
 * "movements": how the spine moves. Optional, so older files still load;
 * a version without it is treated as doing anything (limber_exclusions).
 */
static bool
field_moves(struct pctx *c, json_t *obj, const char *path, unsigned *moves,
    bool *known)
{
	*moves = 0;
	*known = json_object_get(obj, "movements") != NULL;
	if (!*known)
		return true;
	return field_names(c, obj, path, "movements", 0, parse_move_bit,
	    "forward-bend, twist, side-bend, back-bend, neck-bend, "
	    "deep-hip-bend, leg-cross",
	    moves);
}

static unsigned
parse_muscle_bit(const char *s)
{
	return (unsigned)limber_muscle_parse(s);
}

/*
 * "muscles": what the exercise works or stretches, for a sport's cool-down.
 * A user's file may leave it out; a built-in one names at least one.
 */
static bool
field_muscles(struct pctx *c, json_t *root, unsigned *out)
{
	*out = 0;
	if (json_object_get(root, "muscles") == NULL && !c->builtin)
		return true;
	return field_names(c, root, "", "muscles", 1, parse_muscle_bit,
	    "neck, shoulders, chest, upper-back, lower-back, sides, hips, "
	    "glutes, hip-flexors, quadriceps, hamstrings, inner-thigh, calves, "
	    "forearms",
	    out);
}

/*
 * "kind" and "source": what the exercise trains and the public guidance it
 * follows. A user's file may leave both out (a stretch, no source); a
 * built-in one may not.
 */
static bool
field_kind(struct pctx *c, json_t *root, enum limber_kind *out)
{
	json_t *v = json_object_get(root, "kind");
	int k;

	*out = LIMBER_KIND_STRETCH;
	if (v == NULL && c->builtin)
		return fail(c, "kind",
		    _("missing (\"stretch\", \"mobility\", "
		      "\"strength\" or \"motor-control\")"));
	if (v == NULL)
		return true;
	if (!json_is_string(v) ||
	    (k = limber_kind_parse(json_string_value(v))) < 0)
		return fail(c, "kind",
		    _("must be one of \"stretch\", "
		      "\"mobility\", \"strength\", \"motor-control\""));
	*out = (enum limber_kind)k;
	return true;
}

static bool
field_source(struct pctx *c, json_t *root, char **out)
{
	*out = NULL;
	if (json_object_get(root, "source") == NULL && !c->builtin)
		return true;
	return field_text(c, root, "", "source", 300, out);
}

static bool
parse_range(struct pctx *c, json_t *dose, const char *key, int lo, int hi,
    const char *unit, struct limber_range *r)
{
	static const char *const keys[] = { "start", "min", "max", NULL };
	char *p = sub("dose", key);
	json_t *v = json_object_get(dose, key);
	bool ok = false;

	if (v == NULL) {
		fail(c, p, _("missing (an object with start, min and max)"));
		goto out;
	}
	if (!json_is_object(v)) {
		fail(c, p, _("must be an object with start, min and max"));
		goto out;
	}
	if (!check_keys(c, v, p, keys) ||
	    !field_int(c, v, p, "min", lo, hi, unit, &r->min) ||
	    !field_int(c, v, p, "max", lo, hi, unit, &r->max) ||
	    !field_int(c, v, p, "start", lo, hi, unit,
	    &r->start))
		goto out;
	if (r->min > r->max) {
		fail(c, p, _("min (%d) is above max (%d)"), r->min, r->max);
		goto out;
	}
	if (r->start < r->min || r->start > r->max) {
		char *sp = sub(p, "start");
		fail(c, sp, _("must lie between min (%d) and max (%d)"), r->min,
		    r->max);
		free(sp);
		goto out;
	}
	ok = true;
out:
	free(p);
	return ok;
}

/* A pose's names: the view, the side faced, the anchor, the props. */
static bool
pose_name(struct pctx *c, json_t *obj, const char *path, const char *key,
    int (*parse)(const char *), const char *known, int *out)
{
	char *p = sub(path, key);
	json_t *v = json_object_get(obj, key);
	bool ok = true;

	if (v == NULL)
		ok = fail(c, p, _("missing (one of %s)"), known);
	else if (!json_is_string(v) || (*out = parse(json_string_value(v))) < 0)
		ok = fail(c, p, _("must be one of %s"), known);
	free(p);
	return ok;
}

static int
parse_facing(const char *s)
{
	return strcmp(s, "right") == 0 ? 0 : strcmp(s, "left") == 0 ? 1 : -1;
}

static unsigned
parse_prop_bit(const char *s)
{
	return limber_prop_parse(s);
}

#define PARTS \
	"sitting_bones, pelvis, back, head, forehead, hands, " \
	"forearms, knees, shins, feet, heels, toes"

/*
 * What rests on what: {"sitting_bones": "floor", "heels": "floor"}. A
 * surface brings its prop with it. The solver must then meet every
 * contact (lib/contact.c): a pose it cannot place is an error here, at
 * the part that misses, so an author learns it from `limber catalog
 * check` rather than from a figure floating above the floor.
 */
static void
parse_contacts(struct pctx *c, json_t *pose_obj, const char *path,
    struct limber_pose *pose)
{
	json_t *obj = json_object_get(pose_obj, "contacts"), *v;
	char *p = sub(path, "contacts");
	const char *key;
	int part;
	char *why = NULL;

	if (!json_is_object(obj) || json_object_size(obj) == 0) {
		fail(c, p,
		    _("must be an object naming parts and what they rest "
		      "on, such as {\"heels\": \"floor\"}"));
		goto out;
	}
	json_object_foreach(obj, key, v) {
		unsigned parts = limber_part_parse(key);
		char *kp = sub(p, key);
		int s = json_is_string(v) ?
		    limber_surface_parse(json_string_value(v)) :
		    -1;

		if (parts == 0)
			/* TRANSLATORS: %s lists the file's names of the
			   parts of the body; they stay English. */
			fail(c, kp,
			    _("not a part of the body; one of %s (or "
			      "one side: hand_left, heel_right...)"),
			    PARTS);
		else if (s < 0)
			fail(c, kp,
			    _("must be one of \"floor\", \"chair\", "
			      "\"wall\", \"cushion\", \"blanket\""));
		for (int i = 0; i < LIMBER_PART_COUNT && c->cause == NULL;
		     i++) {
			if (!(parts & (1u << i)))
				continue;
			if (pose->contact[i] != LIMBER_SURFACE_NONE)
				fail(c, kp, _("names %s a second time"),
				    limber_part_name((enum limber_part)i));
			pose->contact[i] = (unsigned char)s;
		}
		free(kp);
		if (c->cause != NULL)
			goto out;
		pose->props |= limber_surface_prop((enum limber_surface)s);
	}
	if (c->contacts_known || limber_pose_contacts_met(pose, &part, &why))
		goto out;
	if (part < 0) {
		fail(c, path, "%s", why);
		goto out;
	}
	/* The key that named the part: "heels" for heel_left. */
	json_object_foreach(obj, key, v) {
		unsigned parts = limber_part_parse(key);
		char *kp;

		if (!(parts & (1u << part)))
			continue;
		kp = sub(p, key);
		if (parts == 1u << part)
			fail(c, kp, "%s", why);
		else
			/*
			 * TRANSLATORS: a body part as the stretch file
			 * names it ("heel_left"), then what is wrong with
			 * where it rests.
			 */
			fail(c, kp, _("%s %s"),
			    limber_part_name((enum limber_part)part), why);
		free(kp);
		break;
	}
out:
	free(why);
	free(p);
}

/*
 * The key an angle is read from, and whether it is read at all. In format
 * 1 a front view's shoulder and hip angles swung the limb out to the side,
 * its elbows bent toward the body's middle and its trunk angle leaned the
 * body sideways in the picture; they are read as the abduction
 * (shoulder_out_*, hip_out_*), the arm turned inward (arm_turn_*) and the
 * lean of the 3-D model, and the 3-D angles for these are not allowed
 * alongside.
 */
static const char *
pose_key(bool old_front, enum limber_angle i)
{
	if (!old_front)
		return limber_angle_name(i);
	switch (i) {
	case LIMBER_ANGLE_SHOULDER_OUT_LEFT:
		return "shoulder_left";
	case LIMBER_ANGLE_SHOULDER_OUT_RIGHT:
		return "shoulder_right";
	case LIMBER_ANGLE_HIP_OUT_LEFT:
		return "hip_left";
	case LIMBER_ANGLE_HIP_OUT_RIGHT:
		return "hip_right";
	case LIMBER_ANGLE_SHOULDER_LEFT:
	case LIMBER_ANGLE_SHOULDER_RIGHT:
	case LIMBER_ANGLE_HIP_LEFT:
	case LIMBER_ANGLE_HIP_RIGHT:
	case LIMBER_ANGLE_LEAN:
	case LIMBER_ANGLE_ARM_TURN_LEFT:
	case LIMBER_ANGLE_ARM_TURN_RIGHT:
		return NULL;
	default:
		return limber_angle_name(i);
	}
}

/*
 * One angle of a pose, read from key and checked against lo to hi. The
 * path for a message is made only when there is one to give: a catalog has
 * thousands of angles, and start-up reads them all.
 */
static bool
pose_angle(struct pctx *c, json_t *v, const char *p, const char *key,
    bool optional, int lo, int hi, double *out)
{
	json_t *a = json_object_get(v, key);
	char *ap;

	if (a == NULL && optional) {
		*out = 0;
		return c->cause == NULL;
	}
	if (a != NULL && json_is_integer(a) && json_integer_value(a) >= lo &&
	    json_integer_value(a) <= hi) {
		*out = (double)json_integer_value(a);
		return c->cause == NULL;
	}
	ap = sub(p, key);
	if (a == NULL)
		fail(c, ap,
		    _("missing (a whole number of degrees from %d to %d)"), lo,
		    hi);
	else if (!json_is_integer(a))
		fail(c, ap,
		    _("must be a whole number of degrees from %d to %d"), lo,
		    hi);
	else
		fail(c, ap, _("%lld degrees is outside %d to %d"),
		    (long long)json_integer_value(a), lo, hi);
	free(ap);
	return c->cause == NULL;
}

/*
 * A step's figure (docs/figures.md): a view and joint angles in whole
 * degrees, each within its human range. Angles, not points: the model
 * takes bone lengths from its own table, so they cannot vary.
 */
static bool
parse_pose(struct pctx *c, json_t *step, const char *path,
    struct limber_pose **out)
{
	static const char *const names[] = {
		"view",
		"facing",
		"yaw",
		"anchor",
		"frame",
		"props",
		"contacts",
	};
	const char *keys[nitems(names) + LIMBER_ANGLE_COUNT + 1];
	json_t *v = json_object_get(step, "pose");
	struct limber_pose *pose;
	bool old_front;
	char *p;
	int view, n;

	*out = NULL;
	if (v == NULL)
		return true;
	p = sub(path, "pose");
	if (!json_is_object(v)) {
		fail(c, p,
		    _("must be an object with \"view\" and the joint "
		      "angles in degrees"));
		goto out;
	}
	for (n = 0; n < (int)nitems(names); n++)
		keys[n] = names[n];
	for (int i = 0; i < LIMBER_ANGLE_COUNT; i++)
		keys[n++] = limber_angle_name((enum limber_angle)i);
	keys[n] = NULL;
	pose = *out = xcalloc(1, sizeof *pose);
	if (!check_keys(c, v, p, keys) ||
	    !pose_name(c, v, p, "view", limber_view_parse,
		"\"side\", \"front\", \"three_quarter\"", &view))
		goto out;
	limber_pose_init(pose, (enum limber_view)view);
	old_front = c->format == 1 && view == LIMBER_VIEW_FRONT;
	for (int i = 0; old_front && i < LIMBER_ANGLE_COUNT; i++) {
		const char *name = limber_angle_name((enum limber_angle)i);
		char *ap;

		if (pose_key(true, (enum limber_angle)i) == name ||
		    json_object_get(v, name) == NULL ||
		    strcmp(name, "shoulder_left") == 0 ||
		    strcmp(name, "shoulder_right") == 0 ||
		    strcmp(name, "hip_left") == 0 ||
		    strcmp(name, "hip_right") == 0)
			continue;
		/* shoulder_out_left, hip_out_right, lean, arm_turn_left */
		ap = sub(p, name);
		fail(c, ap,
		    _("not in a format 1 front view, whose shoulder_*, "
		      "elbow_*, hip_* and trunk angles mean it; write format 2"));
		free(ap);
		goto out;
	}
	if (json_object_get(v, "facing") != NULL) {
		if (view == LIMBER_VIEW_FRONT) {
			char *fp = sub(p, "facing");
			fail(c, fp,
			    _("a front view faces the viewer, not left or right"));
			free(fp);
			goto out;
		}
		if (!pose_name(c, v, p, "facing", parse_facing, "\"right\", "
		    "\"left\"", &n))
			goto out;
		pose->facing_left = n == 1;
	}
	if (!pose_angle(c, v, p, "yaw", true, -LIMBER_YAW_MAX, LIMBER_YAW_MAX,
		&pose->yaw))
		goto out;
	if (json_object_get(v, "anchor") != NULL) {
		if (!pose_name(c, v, p, "anchor", limber_anchor_parse,
		    "\"pelvis\", \"knees\", \"ankles\", \"head\"", &n))
			goto out;
		pose->anchor = (enum limber_anchor)n;
	}
	if (json_object_get(v, "frame") != NULL) {
		if (!pose_name(c, v, p, "frame", limber_frame_parse,
			"\"body\", \"head\"", &n))
			goto out;
		pose->frame = (enum limber_frame)n;
	}
	for (int i = 0; i < LIMBER_ANGLE_COUNT; i++) {
		enum limber_angle a = (enum limber_angle)i;
		const char *key = pose_key(old_front, a);
		int lo, hi;

		if (key == NULL) {
			pose->angle[i] = 0;
			continue;
		}
		limber_angle_range((enum limber_view)view, a, &lo, &hi);
		if (!pose_angle(c, v, p, key, limber_angle_optional(a), lo, hi,
			&pose->angle[i]))
			goto out;
	}
	if (old_front) {
		/* Upright, leaning in the picture: 90 was straight up. */
		double lean = pose->angle[LIMBER_ANGLE_TRUNK] - 90;
		int lo, hi;

		limber_angle_range(LIMBER_VIEW_FRONT, LIMBER_ANGLE_LEAN, &lo,
		    &hi);
		if (lean < lo || lean > hi) {
			char *tp = sub(p, "trunk");
			fail(c, tp,
			    _("%g degrees is outside %d to %d in a format 1 front view"),
			    pose->angle[LIMBER_ANGLE_TRUNK], 90 + lo, 90 + hi);
			free(tp);
			goto out;
		}
		pose->angle[LIMBER_ANGLE_LEAN] = lean;
		pose->angle[LIMBER_ANGLE_TRUNK] = 90;
		/* An arm turned inward bends its elbow toward the middle. */
		if (pose->angle[LIMBER_ANGLE_ELBOW_LEFT] != 0)
			pose->angle[LIMBER_ANGLE_ARM_TURN_LEFT] = 90;
		if (pose->angle[LIMBER_ANGLE_ELBOW_RIGHT] != 0)
			pose->angle[LIMBER_ANGLE_ARM_TURN_RIGHT] = 90;
	}
	if (json_object_get(v, "props") != NULL)
		field_names(c, v, p, "props", 0, parse_prop_bit,
		    "chair, cushion, blanket, wall", &pose->props);
	if (c->cause == NULL && json_object_get(v, "contacts") != NULL)
		parse_contacts(c, v, p, pose);
out:
	free(p);
	return c->cause == NULL;
}

static bool
parse_steps(struct pctx *c, json_t *obj, const char *path,
    struct limber_step **out, size_t *n)
{
	static const char *const keys[] = {
		"text", "seconds", "hold", "pose", NULL,
	};
	json_t *arr, *v;
	size_t i, holds = 0;
	char *p;

	*out = NULL;
	*n = 0;
	if (!field_array(c, obj, path, "steps", false, 1, CATALOG_MAX_STEPS, &arr))
		return false;
	*out = xcalloc(json_array_size(arr), sizeof **out);
	p = sub(path, "steps");
	json_array_foreach(arr, i, v) {
		struct limber_step *st = &(*out)[i];
		char *ip = idx(p, i);
		json_t *hold = json_object_get(v, "hold");

		if (!json_is_object(v))
			fail(c, ip,
			    _("must be an object with \"text\" and "
			      "\"seconds\" or \"hold\": true"));
		else if (check_keys(c, v, ip, keys) &&
		    field_text(c, v, ip, "text", 300, &st->text)) {
			(*n)++;
			if (hold != NULL) {
				char *hp = sub(ip, "hold");
				if (!json_is_true(hold))
					fail(c, hp,
					    _("must be true, or left out "
					      "for a step with \"seconds\""));
				else if (json_object_get(v, "seconds") != NULL) {
					char *sp = sub(ip, "seconds");
					fail(c, sp,
					    _("a hold step takes its "
					      "length from dose.hold_s; remove "
					      "\"seconds\""));
					free(sp);
				}
				free(hp);
				st->hold = true;
				holds++;
			} else
				field_int(c, v, ip, "seconds", 1, 120,
				    _("seconds"), &st->seconds);
			if (c->cause == NULL)
				parse_pose(c, v, ip, &st->pose);
		}
		free(ip);
		if (c->cause != NULL)
			break;
	}
	if (c->cause == NULL && holds == 0)
		fail(c, p, _("needs at least one step with \"hold\": true"));
	free(p);
	return c->cause == NULL;
}

static void
steps_free(struct limber_step *steps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(steps[i].text);
		free(steps[i].pose);
	}
	free(steps);
}

static bool
parse_variants(struct pctx *c, json_t *root, struct limber_stretch *st)
{
	static const char *const keys[] = {
		"id",
		"name",
		"why",
		"position",
		"needs",
		"movements",
		"steps",
		NULL,
	};
	json_t *arr, *v;
	size_t i;

	if (!field_array(c, root, "", "variants", true, 0, CATALOG_MAX_VARIANTS,
	    &arr) || arr == NULL)
		return c->cause == NULL;
	st->variants = xcalloc(json_array_size(arr), sizeof *st->variants);
	json_array_foreach(arr, i, v) {
		struct limber_variant *va = &st->variants[i];
		char *ip = idx("variants", i);

		if (!json_is_object(v))
			fail(c, ip, _("must be an object"));
		else if (check_keys(c, v, ip, keys) &&
		    field_id(c, v, ip, "id", &va->id)) {
			st->nvariants++;
			if (field_text(c, v, ip, "name", 60, &va->name) &&
			    field_text(c, v, ip, "why", 600, &va->why) &&
			    field_text(c, v, ip, "position", 60,
				&va->position) &&
			    field_names(c, v, ip, "needs", 0, parse_need_bit,
				known_needs, &va->needs) &&
			    field_moves(c, v, ip, &va->moves,
				&va->moves_known) &&
			    parse_steps(c, v, ip, &va->steps, &va->nsteps)) {
				for (size_t j = 0; j < i; j++) {
					if (strcmp(st->variants[j].id,
					    va->id) == 0) {
						char *p = sub(ip, "id");
						fail(c, p,
						    _("variant \"%s\" is "
						      "defined twice"),
						    va->id);
						free(p);
					}
				}
			}
		}
		free(ip);
		if (c->cause != NULL)
			return false;
	}
	return true;
}

static bool
parse_screening(struct pctx *c, json_t *root, struct limber_stretch *st)
{
	static const char *const keys[] = {
		"question", "action", "variants", "why", NULL,
	};
	json_t *arr, *v;
	size_t i;

	if (!field_array(c, root, "", "screening", true, 0, 32, &arr) ||
	    arr == NULL)
		return c->cause == NULL;
	st->screening = xcalloc(json_array_size(arr), sizeof *st->screening);
	json_array_foreach(arr, i, v) {
		struct limber_screen_rule *r = &st->screening[i];
		char *ip = idx("screening", i), *action = NULL;
		json_t *vars;

		if (!json_is_object(v)) {
			fail(c, ip, _("must be an object"));
			goto next;
		}
		if (!check_keys(c, v, ip, keys) ||
		    !field_id(c, v, ip, "question", &r->question))
			goto next;
		st->nscreening++;
		if (limber_question_find(r->question) == NULL) {
			char *p = sub(ip, "question");
			fail(c, p,
			    _("unknown screening question \"%s\"; "
			      "'limber check --list' lists them"),
			    r->question);
			free(p);
			goto next;
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(st->screening[j].question, r->question) == 0) {
				char *p = sub(ip, "question");
				fail(c, p,
				    _("question \"%s\" has two rules; "
				      "merge them"),
				    r->question);
				free(p);
				goto next;
			}
		}
		if (!field_text(c, v, ip, "action", 20, &action) ||
		    !field_text(c, v, ip, "why", 600, &r->why))
			goto next;
		if (strcmp(action, "leave-out") == 0)
			r->action = LIMBER_ACTION_LEAVE_OUT;
		else if (strcmp(action, "change") == 0)
			r->action = LIMBER_ACTION_CHANGE;
		else {
			char *p = sub(ip, "action");
			fail(c, p, _("must be \"leave-out\" or \"change\""));
			free(p);
			goto next;
		}
		if (!field_array(c, v, ip, "variants", true, 0,
		    CATALOG_MAX_VARIANTS, &vars))
			goto next;
		if (vars != NULL && r->action == LIMBER_ACTION_LEAVE_OUT) {
			char *p = sub(ip, "variants");
			fail(c, p, _("a \"leave-out\" rule takes no variants"));
			free(p);
			goto next;
		}
		if (r->action == LIMBER_ACTION_CHANGE && vars == NULL) {
			char *p = sub(ip, "variants");
			fail(c, p,
			    _("missing (variant ids to use, best first, "
			      "or [ ] to keep the stretch as written)"));
			free(p);
			goto next;
		}
		if (vars != NULL) {
			size_t j;
			json_t *vv;
			char *vp = sub(ip, "variants");

			r->variants = xcalloc(json_array_size(vars),
			    sizeof *r->variants);
			json_array_foreach(vars, j, vv) {
				char *jp = idx(vp, j);

				if (get_text(c, vv, jp, CATALOG_MAX_ID,
				    &r->variants[j])) {
					r->nvariants++;
					if (limber_stretch_variant(st,
					    r->variants[j]) == NULL)
						fail(c, jp,
						    _("no variant \"%s\" "
						      "in this stretch"),
						    r->variants[j]);
				}
				free(jp);
				if (c->cause != NULL)
					break;
			}
			free(vp);
		}
next:
		free(action);
		free(ip);
		if (c->cause != NULL)
			return false;
	}
	return true;
}

/* "de", "pt_BR", "pt-BR", "zh_Hant": a language and an optional region. */
static bool
valid_lang(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz"), r;

	if (n < 2 || n > 3)
		return false;
	if (s[n] == '\0')
		return true;
	if (s[n] != '_' && s[n] != '-')
		return false;
	r = strspn(s + n + 1,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789");
	return r >= 2 && r <= 8 && s[n + 1 + r] == '\0';
}

static void
tr_add(struct limber_stretch *st, const char *lang, const char *english,
    char *text)
{
	st->tr = xreallocarray(st->tr, st->ntr + 1, sizeof *st->tr);
	st->tr[st->ntr].lang = xstrdup(lang);
	st->tr[st->ntr].english = english;
	st->tr[st->ntr].text = text;
	st->ntr++;
}

/* One text of a translation: its words for english, as long as allowed. */
static bool
tr_text(struct pctx *c, struct limber_stretch *st, const char *lang,
    json_t *obj, const char *path, const char *key, size_t max,
    const char *english)
{
	char *text, *p;
	bool ok;

	if (json_object_get(obj, key) == NULL)
		return true;
	p = sub(path, key);
	ok = get_text(c, json_object_get(obj, key), p, max, &text);
	free(p);
	if (ok)
		tr_add(st, lang, english, text);
	return ok;
}

/*
 * A list of a translation: as many texts as the English list, in its
 * order. english_at gives the English of item i.
 */
static bool
tr_list(struct pctx *c, struct limber_stretch *st, const char *lang,
    json_t *obj, const char *path, const char *key, size_t max, size_t n,
    const char *(*english_at)(const void *, size_t), const void *arg)
{
	json_t *arr = json_object_get(obj, key), *v;
	char *p, *text;
	size_t i;

	if (arr == NULL)
		return true;
	p = sub(path, key);
	if (!json_is_array(arr) || json_array_size(arr) != n) {
		/* TRANSLATORS: a stretch file's translation of a list of
		   texts (steps, cues); %zu is how many the English has. */
		fail(c, p,
		    _("must be a list of %zu texts, one for each of "
		      "the English ones, in their order"),
		    n);
		free(p);
		return false;
	}
	json_array_foreach(arr, i, v) {
		char *ip = idx(p, i);
		bool ok = get_text(c, v, ip, max, &text);

		free(ip);
		if (!ok)
			break;
		tr_add(st, lang, english_at(arg, i), text);
	}
	free(p);
	return c->cause == NULL;
}

const char *
catalog_step_at(const void *arg, size_t i)
{
	return ((const struct limber_step *)arg)[i].text;
}

const char *
catalog_text_at(const void *arg, size_t i)
{
	return ((char *const *)arg)[i];
}

const char *
catalog_rule_at(const void *arg, size_t i)
{
	return ((const struct limber_screen_rule *)arg)[i].why;
}

static bool
tr_variants(struct pctx *c, struct limber_stretch *st, const char *lang,
    json_t *obj, const char *path)
{
	static const char *const keys[] = {
		"name",
		"why",
		"position",
		"steps",
		NULL,
	};
	json_t *vars = json_object_get(obj, "variants"), *v;
	const char *id;
	char *p, *vp;
	bool ok = true;

	if (vars == NULL)
		return true;
	p = sub(path, "variants");
	if (!json_is_object(vars)) {
		/* TRANSLATORS: "variants" is a field's name; keep it. */
		fail(c, p, _("must be an object of variants by their id"));
		free(p);
		return false;
	}
	json_object_foreach(vars, id, v) {
		const struct limber_variant *va = limber_stretch_variant(st,
		    id);

		vp = sub(p, id);
		if (va == NULL)
			ok = fail(c, vp, _("no variant \"%s\" in this stretch"),
			    id);
		else if (!json_is_object(v))
			ok = fail(c, vp, _("must be an object"));
		else
			ok = check_keys(c, v, vp, keys) &&
			    tr_text(c, st, lang, v, vp, "name", 60, va->name) &&
			    tr_text(c, st, lang, v, vp, "why", 600, va->why) &&
			    tr_text(c, st, lang, v, vp, "position", 60,
				va->position) &&
			    tr_list(c, st, lang, v, vp, "steps", 300,
				va->nsteps, catalog_step_at, va->steps);
		free(vp);
		if (!ok)
			break;
	}
	free(p);
	return ok;
}

/*
 * "translations": {"de": {"name": ..., "steps": [...], ...}}: the file's
 * own words in other languages, every field optional (what is left out
 * comes from the built-in catalog's language files, else is English),
 * each list as long as the English one (docs/catalog.md).
 */
static bool
parse_translations(struct pctx *c, json_t *root, struct limber_stretch *st)
{
	static const char *const keys[] = {
		"name",
		"summary",
		"why",
		"position",
		"steps",
		"cues",
		"cautions",
		"benefits",
		"screening",
		"variants",
		NULL,
	};
	json_t *all = json_object_get(root, "translations"), *t;
	const char *lang;
	char *p;
	bool ok = true;

	if (all == NULL)
		return true;
	if (!json_is_object(all))
		return fail(c, "translations",
		    _("must be an object of translations by language, "
		      "such as \"de\" or \"pt_BR\""));
	json_object_foreach(all, lang, t) {
		p = sub("translations", lang);
		if (!valid_lang(lang))
			ok = fail(c, p,
			    _("not a language tag such as \"de\" or "
			      "\"pt_BR\""));
		else if (!json_is_object(t))
			ok = fail(c, p, _("must be an object"));
		else
			ok = check_keys(c, t, p, keys) &&
			    tr_text(c, st, lang, t, p, "name", 60, st->name) &&
			    tr_text(c, st, lang, t, p, "summary", 200,
				st->summary) &&
			    tr_text(c, st, lang, t, p, "why", 600, st->why) &&
			    tr_text(c, st, lang, t, p, "position", 60,
				st->position) &&
			    tr_list(c, st, lang, t, p, "steps", 300, st->nsteps,
				catalog_step_at, st->steps) &&
			    tr_list(c, st, lang, t, p, "cues", 200, st->ncues,
				catalog_text_at, st->cues) &&
			    tr_list(c, st, lang, t, p, "cautions", 300,
				st->ncautions, catalog_text_at, st->cautions) &&
			    tr_list(c, st, lang, t, p, "benefits", 200,
				st->nbenefits, catalog_text_at, st->benefits) &&
			    tr_list(c, st, lang, t, p, "screening", 600,
				st->nscreening, catalog_rule_at,
				st->screening) &&
			    tr_variants(c, st, lang, t, p);
		free(p);
		if (!ok)
			return false;
	}
	return true;
}

static bool
field_format(struct pctx *c, json_t *root)
{
	json_t *v = json_object_get(root, "format");

	if (v == NULL)
		return fail(c, "format", _("missing (the format version, %d)"),
		    CATALOG_FORMAT);
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > CATALOG_FORMAT)
		return fail(c, "format",
		    _("must be %d, or 1 for a file written before 3-D poses"),
		    CATALOG_FORMAT);
	c->format = (int)json_integer_value(v);
	return true;
}

static bool
parse_root(struct pctx *c, json_t *root, struct limber_stretch *st)
{
	static const char *const keys[] = {
		"format",
		"id",
		"name",
		"summary",
		"why",
		"kind",
		"muscles",
		"source",
		"areas",
		"contexts",
		"position",
		"needs",
		"movements",
		"sides",
		"dose",
		"steps",
		"cues",
		"cautions",
		"benefits",
		"variants",
		"screening",
		"translations",
		NULL,
	};
	static const char *const dose_keys[] = {
		"reps", "hold_s", "rest_s", NULL,
	};
	json_t *dose;

	if (!json_is_object(root))
		return fail(c, "",
		    _("a stretch file holds one JSON object { }"));
	if (!check_keys(c, root, "", keys) || !field_format(c, root) ||
	    !field_id(c, root, "", "id", &st->id) ||
	    !field_text(c, root, "", "name", 60, &st->name) ||
	    !field_text(c, root, "", "summary", 200, &st->summary) ||
	    !field_text(c, root, "", "why", 600, &st->why) ||
	    !field_kind(c, root, &st->kind) ||
	    !field_muscles(c, root, &st->muscles) ||
	    !field_source(c, root, &st->guidance) ||
	    !field_names(c, root, "", "areas", 1, parse_area_bit,
		"upper, lower", &st->areas) ||
	    !field_names(c, root, "", "contexts", 1, parse_context_bit,
		"general, after-workout, desk", &st->contexts) ||
	    !field_text(c, root, "", "position", 60, &st->position) ||
	    !field_names(c, root, "", "needs", 0, parse_need_bit, known_needs,
		&st->needs) ||
	    !field_moves(c, root, "", &st->moves, &st->moves_known) ||
	    !field_bool(c, root, "", "sides", &st->sides))
		return false;
	dose = json_object_get(root, "dose");
	if (dose == NULL)
		return fail(c, "dose",
		    _("missing (an object with reps, hold_s "
		      "and rest_s)"));
	if (!json_is_object(dose))
		return fail(c, "dose",
		    _("must be an object with reps, hold_s "
		      "and rest_s"));
	if (!check_keys(c, dose, "dose", dose_keys) ||
	    !parse_range(c, dose, "reps", 1, 10, _("repetitions"), &st->reps) ||
	    !parse_range(c, dose, "hold_s", 1, 120, _("seconds"),
		&st->hold_s) ||
	    !parse_range(c, dose, "rest_s", 0, 120, _("seconds"),
		&st->rest_s) ||
	    !parse_steps(c, root, "", &st->steps, &st->nsteps) ||
	    !field_texts(c, root, "", "cues", 200, &st->cues, &st->ncues) ||
	    !field_texts(c, root, "", "cautions", 300, &st->cautions,
		&st->ncautions) ||
	    !field_texts(c, root, "", "benefits", 200, &st->benefits,
		&st->nbenefits) ||
	    !parse_variants(c, root, st) || !parse_screening(c, root, st) ||
	    !parse_translations(c, root, st))
		return false;
	return true;
}

static enum limber_status
stretch_parse(const char *name, const char *text, size_t len, bool builtin,
    struct limber_stretch **out, char **cause)
{
	struct pctx c = { .name = name,
		.contacts_known = builtin,
		.builtin = builtin };
	struct limber_stretch *st;
	json_error_t jerr;
	json_t *root;

	*out = NULL;
	/* Editors on some systems start UTF-8 files with a byte order mark. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		if (cause != NULL)
			*cause = xasprintf("%s:%d:%d: %s", name,
			    jerr.line < 1 ? 1 : jerr.line,
			    jerr.column < 1 ? 1 : jerr.column, jerr.text);
		return LIMBER_ERR_INVALID;
	}
	c.text = text;
	c.len = len;
	st = xcalloc(1, sizeof *st);
	parse_root(&c, root, st);
	json_decref(root);
	if (c.cause != NULL) {
		limber_stretch_free(st);
		if (cause != NULL)
			*cause = c.cause;
		else
			free(c.cause);
		return LIMBER_ERR_INVALID;
	}
	st->source = xstrdup(name);
	*out = st;
	return LIMBER_OK;
}

enum limber_status
limber_stretch_parse(const char *name, const char *text, size_t len,
    struct limber_stretch **out, char **cause)
{
	return stretch_parse(name, text, len, false, out, cause);
}

enum limber_status
catalog_parse_builtin(const char *name, const char *text, size_t len,
    struct limber_stretch **out, char **cause)
{
	return stretch_parse(name, text, len, true, out, cause);
}

static void
texts_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
limber_stretch_free(struct limber_stretch *st)
{
	if (st == NULL)
		return;
	free(st->id);
	free(st->name);
	free(st->summary);
	free(st->why);
	free(st->position);
	steps_free(st->steps, st->nsteps);
	texts_free(st->cues, st->ncues);
	texts_free(st->cautions, st->ncautions);
	texts_free(st->benefits, st->nbenefits);
	for (size_t i = 0; i < st->nvariants; i++) {
		struct limber_variant *v = &st->variants[i];
		free(v->id);
		free(v->name);
		free(v->why);
		free(v->position);
		steps_free(v->steps, v->nsteps);
	}
	free(st->variants);
	for (size_t i = 0; i < st->nscreening; i++) {
		struct limber_screen_rule *r = &st->screening[i];
		free(r->question);
		texts_free(r->variants, r->nvariants);
		free(r->why);
	}
	free(st->screening);
	for (size_t i = 0; i < st->ntr; i++) {
		free(st->tr[i].lang);
		free(st->tr[i].text);
	}
	free(st->tr);
	free(st->guidance);
	free(st->source);
	free(st);
}

enum limber_status
limber_stretch_load_file(const char *path, struct limber_stretch **out,
    char **cause)
{
	char *text, *err = NULL;
	enum limber_status rc;
	size_t len;

	*out = NULL;
	text = util_read_file(path, CATALOG_MAX_FILE, &len, &err);
	if (text == NULL) {
		if (cause != NULL)
			*cause = err;
		else
			free(err);
		return LIMBER_ERR_IO;
	}
	rc = limber_stretch_parse(path, text, len, out, cause);
	free(text);
	return rc;
}

const struct limber_variant *
limber_stretch_variant(const struct limber_stretch *st, const char *id)
{
	for (size_t i = 0; i < st->nvariants; i++) {
		if (st->variants[i].id != NULL && strcmp(st->variants[i].id,
		    id) == 0)
			return &st->variants[i];
	}
	return NULL;
}

int
limber_steps_seconds(const struct limber_step *steps, size_t n, int hold_s)
{
	int total = 0;

	for (size_t i = 0; i < n; i++)
		total += steps[i].hold ? hold_s : steps[i].seconds;
	return total;
}

/* ------------------------------------------------------------------ */
/* The catalog: a sorted set of stretches.                             */

static int
cmp_stretch(const void *a, const void *b)
{
	const struct limber_stretch *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

/* Whether a file's tag serves the language tag: "pt" serves "pt_BR". */
static bool
tr_lang_serves(const char *file, const char *tag)
{
	for (; *file != '\0'; file++, tag++) {
		char a = *file == '-' ? '_' : *file,
		     b = *tag == '-' ? '_' : *tag;

		if (tolower((unsigned char)a) != tolower((unsigned char)b))
			return false;
	}
	return *tag == '\0' || *tag == '_' || *tag == '-';
}

const char *
limber_stretch_text(const struct limber_stretch *st, const char *english)
{
	const char *tag = i18n_lang_tag(i18n_current());

	if (english == NULL)
		return NULL;
	if (st != NULL && strcmp(tag, "en") != 0) {
		for (size_t i = 0; i < st->ntr; i++)
			if (strcmp(st->tr[i].english, english) == 0 &&
			    tr_lang_serves(st->tr[i].lang, tag))
				return st->tr[i].text;
	}
	return _(english);
}

const struct limber_stretch *
limber_catalog_find(const struct limber_catalog *cat, const char *id)
{
	for (size_t i = 0; i < cat->n; i++) {
		if (strcmp(cat->stretches[i]->id, id) == 0)
			return cat->stretches[i];
	}
	return NULL;
}

/* Take ownership of st; one with the same id is replaced. */
static void
catalog_put(struct limber_catalog *cat, struct limber_stretch *st)
{
	for (size_t i = 0; i < cat->n; i++) {
		if (strcmp(cat->stretches[i]->id, st->id) == 0) {
			limber_stretch_free(cat->stretches[i]);
			cat->stretches[i] = st;
			return;
		}
	}
	cat->stretches = xreallocarray(cat->stretches, cat->n + 1,
	    sizeof *cat->stretches);
	cat->stretches[cat->n++] = st;
	qsort(cat->stretches, cat->n, sizeof *cat->stretches, cmp_stretch);
}

void
limber_catalog_free(struct limber_catalog *cat)
{
	if (cat == NULL)
		return;
	for (size_t i = 0; i < cat->n; i++)
		limber_stretch_free(cat->stretches[i]);
	free(cat->stretches);
	for (size_t i = 0; i < cat->nskipped; i++)
		free(cat->skipped[i]);
	free(cat->skipped);
	free(cat);
}

/*
 * Parse a batch of files fully before any of them enters the catalog, so a
 * bad file leaves the catalog as it was. Two files of one batch may not
 * share an id: which one wins would depend on an accident of naming.
 */
struct batch {
	struct limber_stretch **v;
	size_t n;
};

static void
batch_release(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		limber_stretch_free(b->v[i]);
	free(b->v);
}

static enum limber_status
batch_add(struct batch *b, struct limber_stretch *st, char **cause)
{
	for (size_t i = 0; i < b->n; i++) {
		if (strcmp(b->v[i]->id, st->id) == 0) {
			if (cause != NULL)
				*cause = xasprintf(_("%s: stretch \"%s\" is "
						     "already defined in %s"),
				    st->source, st->id, b->v[i]->source);
			limber_stretch_free(st);
			return LIMBER_ERR_INVALID;
		}
	}
	b->v = xreallocarray(b->v, b->n + 1, sizeof *b->v);
	b->v[b->n++] = st;
	return LIMBER_OK;
}

static enum limber_status
catalog_builtin(struct limber_catalog **out, bool figures, char **cause)
{
	struct limber_catalog *cat = xcalloc(1, sizeof *cat);
	struct batch b = { 0 };
	enum limber_status rc = LIMBER_OK;

	*out = NULL;
	for (size_t i = 0; i < limber_builtin_nfiles; i++) {
		const struct limber_builtin_file *f = &limber_builtin_files[i];
		struct limber_stretch *st;
		char *name = xasprintf("built-in:%s", f->name);

		rc = figures ?
		    stretch_parse(name, (const char *)f->data, f->len, true,
			&st, cause) :
		    stretch_parse(name, (const char *)f->text, f->text_len,
			true, &st, cause);
		free(name);
		if (rc != LIMBER_OK || (rc = batch_add(&b, st, cause)) !=
		    LIMBER_OK)
			break;
	}
	if (rc != LIMBER_OK) {
		batch_release(&b);
		free(cat);
		return rc;
	}
	for (size_t i = 0; i < b.n; i++)
		catalog_put(cat, b.v[i]);
	free(b.v);
	*out = cat;
	return LIMBER_OK;
}

enum limber_status
limber_catalog_builtin(struct limber_catalog **out, char **cause)
{
	return catalog_builtin(out, true, cause);
}

enum limber_status
limber_catalog_builtin_text(struct limber_catalog **out, char **cause)
{
	return catalog_builtin(out, false, cause);
}

static int
json_file_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 5 &&
	    strcmp(d->d_name + n - 5, ".json") == 0;
}

/* What a file of the folder is when it is not a regular one, or NULL. */
static const char *
not_a_file(mode_t mode)
{
	if (S_ISREG(mode))
		return NULL;
	if (S_ISFIFO(mode))
		return _("a FIFO (named pipe), not a file");
	if (S_ISDIR(mode))
		return _("a folder, not a file");
	if (S_ISSOCK(mode))
		return _("a socket, not a file");
	return _("a device, not a file");
}

enum limber_status
limber_catalog_add_dir(struct limber_catalog *cat, const char *dir,
    char **cause)
{
	struct dirent **names = NULL;
	struct batch b = { 0 };
	enum limber_status rc = LIMBER_OK;
	char **skipped = NULL;
	size_t nskipped = 0;
	int n;

	n = scandir(dir, &names, json_file_filter, alphasort);
	if (n == -1) {
		if (errno == ENOENT)
			return LIMBER_OK;
		if (cause != NULL)
			*cause = xasprintf("%s: %s", dir, strerror(errno));
		return LIMBER_ERR_IO;
	}
	for (int i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]->d_name);
		const char *what = NULL;
		struct limber_stretch *st;
		struct stat sb;

		/*
		 * A FIFO named *.json would block the read until something
		 * writes to it, and so every command: what is not a regular
		 * file (after links) is skipped, never opened, and named.
		 */
		if (rc == LIMBER_OK && stat(path, &sb) == 0)
			what = not_a_file(sb.st_mode);
		if (what != NULL) {
			skipped = xreallocarray(skipped, nskipped + 1,
			    sizeof *skipped);
			/* TRANSLATORS: a file's path, then what it is. */
			skipped[nskipped++] = xasprintf(_("%s: skipped: %s"),
			    path, what);
		} else if (rc == LIMBER_OK) {
			rc = limber_stretch_load_file(path, &st, cause);
			if (rc == LIMBER_OK)
				rc = batch_add(&b, st, cause);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	if (rc != LIMBER_OK) {
		batch_release(&b);
		for (size_t i = 0; i < nskipped; i++)
			free(skipped[i]);
		free(skipped);
		return rc;
	}
	if (nskipped > 0) {
		cat->skipped = xreallocarray(cat->skipped,
		    cat->nskipped + nskipped, sizeof *cat->skipped);
		for (size_t i = 0; i < nskipped; i++)
			cat->skipped[cat->nskipped++] = skipped[i];
	}
	free(skipped);
	for (size_t i = 0; i < b.n; i++)
		catalog_put(cat, b.v[i]);
	free(b.v);
	return LIMBER_OK;
}
