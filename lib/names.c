/*
 * names.c - the names of areas, needs, contexts and levels.
 *
 * These names are a stable interface: catalog files, command options, JSON
 * output and (later) the journal all use them, so they are never
 * translated. The words a sentence says an area, a muscle or a sport in
 * are, into the calling thread's language (util/i18n.h).
 */
#include <string.h>

#include "i18n.h"
#include "limber/limber.h"
#include "util.h"

static const char *const need_names[LIMBER_NEED_COUNT] = {
	"floor",
	"kneeling",
	"lying",
	"standing",
	"chair",
	"wall",
	"lying-front",
};

static const char *const move_names[LIMBER_MOVE_COUNT] = {
	"forward-bend",
	"twist",
	"side-bend",
	"back-bend",
	"neck-bend",
	"deep-hip-bend",
	"leg-cross",
};

static const char *const kind_names[LIMBER_KIND_COUNT] = {
	"stretch",
	"mobility",
	"strength",
	"motor-control",
};

static const char *const context_names[LIMBER_CONTEXT_COUNT] = {
	"general", "after-workout", "desk",
};

static const struct {
	const char *name, *words;
} muscle_names[LIMBER_MUSCLE_COUNT] = {
	{ "neck", N_("the neck") },
	{ "shoulders", N_("the shoulders") },
	{ "chest", N_("the chest") },
	{ "upper-back", N_("the upper back") },
	{ "lower-back", N_("the lower back") },
	{ "sides", N_("the sides of the body") },
	{ "hips", N_("the hips") },
	{ "glutes", N_("the buttocks") },
	{ "hip-flexors", N_("the fronts of the hips") },
	{ "quadriceps", N_("the fronts of the thighs") },
	{ "hamstrings", N_("the backs of the thighs") },
	{ "inner-thigh", N_("the inner thighs") },
	{ "calves", N_("the calves") },
	{ "forearms", N_("the forearms and wrists") },
};

static const char *const sport_names[LIMBER_SPORT_COUNT] = {
	"none",
	"running",
	"cycling",
	"lifting",
	"racket",
};

static const char *const sport_words[LIMBER_SPORT_COUNT] = {
	/* TRANSLATORS: sports, as in "A cool-down after running." */
	N_("no sport"),
	N_("running"),
	N_("cycling"),
	N_("lifting weights"),
	N_("racket sports"),
};

static const char *const level_names[LIMBER_LEVEL_COUNT] = {
	"go", "caution", "see-clinician", "urgent", "emergency",
};

/*
 * Each area: its name, the number a typed menu shows beside it, and the
 * words a sentence says it in.
 */
static const struct {
	enum limber_area area;
	const char *name, *digit, *words;
} areas[] = {
	/* TRANSLATORS: where it hurts, as in "How much does it hurt in your
	   lower back now?" */
	{ LIMBER_AREA_UPPER, "upper", "1", N_("neck and upper back") },
	{ LIMBER_AREA_LOWER, "lower", "2", N_("lower back") },
	{ LIMBER_AREA_BOTH, "both", "3", N_("upper and lower back") },
};

#define NAREAS (sizeof areas / sizeof areas[0])

const char *
limber_area_name(enum limber_area area)
{
	for (size_t i = 0; i < NAREAS; i++) {
		if (areas[i].area == area)
			return areas[i].name;
	}
	return "none";
}

const char *
limber_area_words(enum limber_area area)
{
	for (size_t i = 0; i < NAREAS; i++) {
		if (areas[i].area == area)
			return _(areas[i].words);
	}
	return NULL;
}

int
limber_area_parse(const char *name)
{
	for (size_t i = 0; i < NAREAS; i++) {
		if (strcmp(name, areas[i].name) == 0)
			return (int)areas[i].area;
	}
	return -1;
}

int
limber_area_parse_answer(const char *answer)
{
	for (size_t i = 0; i < NAREAS; i++) {
		if (strcmp(answer, areas[i].digit) == 0)
			return (int)areas[i].area;
	}
	return limber_area_parse(answer);
}

const char *
limber_need_name(enum limber_need need)
{
	for (int i = 0; i < LIMBER_NEED_COUNT; i++) {
		if ((unsigned)need == 1u << i)
			return need_names[i];
	}
	return "none";
}

const char *
limber_move_name(enum limber_move move)
{
	for (int i = 0; i < LIMBER_MOVE_COUNT; i++) {
		if ((unsigned)move == 1u << i)
			return move_names[i];
	}
	return "none";
}

int
limber_move_parse(const char *name)
{
	for (int i = 0; i < LIMBER_MOVE_COUNT; i++) {
		if (strcmp(name, move_names[i]) == 0)
			return 1 << i;
	}
	return 0;
}

const char *
limber_kind_name(enum limber_kind kind)
{
	if ((unsigned)kind < LIMBER_KIND_COUNT)
		return kind_names[kind];
	return "none";
}

int
limber_kind_parse(const char *name)
{
	for (int i = 0; i < LIMBER_KIND_COUNT; i++) {
		if (strcmp(name, kind_names[i]) == 0)
			return i;
	}
	return -1;
}

int
limber_need_parse(const char *name)
{
	for (int i = 0; i < LIMBER_NEED_COUNT; i++) {
		if (strcmp(name, need_names[i]) == 0)
			return 1 << i;
	}
	return 0;
}

const char *
limber_context_name(enum limber_context ctx)
{
	if ((unsigned)ctx < LIMBER_CONTEXT_COUNT)
		return context_names[ctx];
	return "none";
}

int
limber_context_parse(const char *name)
{
	for (int i = 0; i < LIMBER_CONTEXT_COUNT; i++) {
		if (strcmp(name, context_names[i]) == 0)
			return i;
	}
	if (strcmp(name, "workout") == 0)
		return LIMBER_CONTEXT_AFTER_WORKOUT;
	return -1;
}

static int
muscle_index(enum limber_muscle m)
{
	for (int i = 0; i < LIMBER_MUSCLE_COUNT; i++) {
		if ((unsigned)m == 1u << i)
			return i;
	}
	return -1;
}

const char *
limber_muscle_name(enum limber_muscle muscle)
{
	int i = muscle_index(muscle);

	return i < 0 ? "none" : muscle_names[i].name;
}

const char *
limber_muscle_words(enum limber_muscle muscle)
{
	int i = muscle_index(muscle);

	return i < 0 ? "none" : _(muscle_names[i].words);
}

int
limber_muscle_parse(const char *name)
{
	for (int i = 0; i < LIMBER_MUSCLE_COUNT; i++) {
		if (strcmp(name, muscle_names[i].name) == 0)
			return 1 << i;
	}
	return 0;
}

const char *
limber_sport_name(enum limber_sport sport)
{
	if ((unsigned)sport < LIMBER_SPORT_COUNT)
		return sport_names[sport];
	return "none";
}

const char *
limber_sport_words(enum limber_sport sport)
{
	if ((unsigned)sport < LIMBER_SPORT_COUNT)
		return _(sport_words[sport]);
	return _(sport_words[0]);
}

int
limber_sport_parse(const char *name)
{
	for (int i = 1; i < LIMBER_SPORT_COUNT; i++) {
		if (strcmp(name, sport_names[i]) == 0)
			return i;
	}
	return -1;
}

const char *
limber_level_name(enum limber_level level)
{
	if ((unsigned)level < LIMBER_LEVEL_COUNT)
		return level_names[level];
	return "none";
}

bool
limber_level_allows_session(enum limber_level level)
{
	return level == LIMBER_LEVEL_GO || level == LIMBER_LEVEL_CAUTION;
}
