/*
 * limber.h - the whole public API of the limber library.
 *
 * limber is a safety-first stretching coach for back pain. The library holds
 * the stretch catalog, the safety screening, the planner, the session
 * engine, the journal and what is made from it (statistics, reports,
 * exports, reminders); front ends (the `limber` program and its terminal
 * coach, the web server of `limber serve`, the reminder daemon) do all
 * input, output and timing. The library never prints, never exits and
 * never reads the clock.
 *
 * Conventions, after git's and curl's:
 *  - functions that can fail return enum limber_status; on failure they set
 *    *cause (when cause is not NULL) to a malloc'd, lower-case message that
 *    names the thing at fault. The caller frees it.
 *  - `_free` releases an object and the memory it points to; it accepts NULL.
 *  - strings in returned structures are owned by the structure.
 */
#ifndef LIMBER_H
#define LIMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define LIMBER_VERSION "0.1.0"

enum limber_status {
	LIMBER_OK = 0,
	LIMBER_ERR_INVALID,	/* bad input: a file, an answer, a request */
	LIMBER_ERR_NOT_FOUND,	/* an id that is not known */
	LIMBER_ERR_IO,		/* a file could not be read */
	LIMBER_ERR_BLOCKED,	/* the screening verdict blocks stretching */
};

/* ------------------------------------------------------------------ */
/* Shared vocabularies.                                                */

/* Where it hurts. Stretches target one or both; a request names one. */
enum limber_area {
	LIMBER_AREA_UPPER = 1 << 0,	/* neck and upper back */
	LIMBER_AREA_LOWER = 1 << 1,	/* lower back */
	LIMBER_AREA_BOTH = LIMBER_AREA_UPPER | LIMBER_AREA_LOWER,
};

/* What a stretch or variant asks of the body and the room, as bits. */
enum limber_need {
	LIMBER_NEED_FLOOR = 1 << 0, /* getting down to and up from the floor */
	LIMBER_NEED_KNEELING = 1 << 1,	  /* weight on the knees */
	LIMBER_NEED_LYING = 1 << 2,	  /* lying flat on the back */
	LIMBER_NEED_STANDING = 1 << 3,	  /* standing unsupported */
	LIMBER_NEED_CHAIR = 1 << 4,	  /* a stable chair without wheels */
	LIMBER_NEED_WALL = 1 << 5,	  /* a clear stretch of wall */
	LIMBER_NEED_LYING_FRONT = 1 << 6, /* lying face down */
	LIMBER_NEED_COUNT = 7,
};

/*
 * How a stretch or variant moves the spine, as bits (its "movements").
 * The exclusion table below forbids some of them after some answers.
 */
enum limber_move {
	LIMBER_MOVE_FORWARD_BEND = 1 << 0,  /* the trunk folds forward, held */
	LIMBER_MOVE_TWIST = 1 << 1,	    /* the trunk turns */
	LIMBER_MOVE_SIDE_BEND = 1 << 2,	    /* the trunk bends sideways */
	LIMBER_MOVE_BACK_BEND = 1 << 3,	    /* the trunk arches backwards */
	LIMBER_MOVE_NECK_BEND = 1 << 4,	    /* the head tips, trunk still */
	LIMBER_MOVE_DEEP_HIP_BEND = 1 << 5, /* a hip bent past 90 degrees */
	LIMBER_MOVE_LEG_CROSS = 1 << 6,	    /* one leg crosses the other */
	LIMBER_MOVE_COUNT = 7,
};

/*
 * What an exercise trains (its "kind"), so plans can balance and progress
 * from gentle mobility toward strength and motor control.
 */
enum limber_kind {
	LIMBER_KIND_STRETCH,	   /* a held lengthening of muscles */
	LIMBER_KIND_MOBILITY,	   /* joints moved gently through their range */
	LIMBER_KIND_STRENGTH,	   /* muscles worked against a load */
	LIMBER_KIND_MOTOR_CONTROL, /* a posture held steady while limbs move */
	LIMBER_KIND_COUNT,
};

/*
 * The muscles an exercise works or stretches (its "muscles"), so that a
 * cool-down can be chosen for the muscles a sport uses.
 */
enum limber_muscle {
	LIMBER_MUSCLE_NECK = 1 << 0,
	LIMBER_MUSCLE_SHOULDERS = 1 << 1,
	LIMBER_MUSCLE_CHEST = 1 << 2,
	LIMBER_MUSCLE_UPPER_BACK = 1 << 3,
	LIMBER_MUSCLE_LOWER_BACK = 1 << 4,
	LIMBER_MUSCLE_SIDES = 1 << 5, /* the sides of the trunk */
	LIMBER_MUSCLE_HIPS = 1 << 6,
	LIMBER_MUSCLE_GLUTES = 1 << 7,
	LIMBER_MUSCLE_HIP_FLEXORS = 1 << 8,
	LIMBER_MUSCLE_QUADRICEPS = 1 << 9,
	LIMBER_MUSCLE_HAMSTRINGS = 1 << 10,
	LIMBER_MUSCLE_INNER_THIGH = 1 << 11,
	LIMBER_MUSCLE_CALVES = 1 << 12,
	LIMBER_MUSCLE_FOREARMS = 1 << 13,
	LIMBER_MUSCLE_COUNT = 14,
};

/* A sport a workout cool-down is for (--sport); NONE: the back areas only. */
enum limber_sport {
	LIMBER_SPORT_NONE,
	LIMBER_SPORT_RUNNING,
	LIMBER_SPORT_CYCLING,
	LIMBER_SPORT_LIFTING,
	LIMBER_SPORT_RACKET,
	LIMBER_SPORT_COUNT,
};

/*
 * The muscles a sport uses most, which its cool-down stretches first
 * (lib/sports.c; project policy, docs/planner.md).
 */
unsigned limber_sport_muscles(enum limber_sport sport);

enum limber_context {
	LIMBER_CONTEXT_GENERAL,		/* any time */
	LIMBER_CONTEXT_AFTER_WORKOUT,	/* a cool-down right after training */
	LIMBER_CONTEXT_DESK,		/* in a chair at work */
	LIMBER_CONTEXT_COUNT,
};

/* Name <-> value. Parsers return -1 (or 0 for needs) on unknown names. */
const char *limber_area_name(enum limber_area area);
int limber_area_parse(const char *name);
/*
 * An area as a typed answer gives it: its name, or the number a menu
 * shows beside it (1 upper, 2 lower, 3 both); -1 for anything else.
 */
int limber_area_parse_answer(const char *answer);
/* The area in a sentence ("neck and upper back"); NULL for none. */
const char *limber_area_words(enum limber_area area);
const char *limber_need_name(enum limber_need need);
int limber_need_parse(const char *name);
const char *limber_move_name(enum limber_move move);
int limber_move_parse(const char *name);
const char *limber_kind_name(enum limber_kind kind);
int limber_kind_parse(const char *name);
const char *limber_context_name(enum limber_context ctx);
/* Also takes "workout", the after-workout context's short name. */
int limber_context_parse(const char *name);
/* A muscle's name ("hip-flexors"), and in words ("the hip flexors"). */
const char *limber_muscle_name(enum limber_muscle muscle);
const char *limber_muscle_words(enum limber_muscle muscle);
int limber_muscle_parse(const char *name);
/* "none" for LIMBER_SPORT_NONE. */
const char *limber_sport_name(enum limber_sport sport);
/* In words, for a sentence: "racket sports". */
const char *limber_sport_words(enum limber_sport sport);
int limber_sport_parse(const char *name);

/* ------------------------------------------------------------------ */
/* Catalog: the stretches, loaded from JSON files (docs/catalog.md).   */

struct limber_step {
	char *text;
	int seconds;	/* 0 for a hold step: its length is the dose's hold_s */
	bool hold;	/* this step is the timed hold of the stretch */
	struct limber_pose *pose;	/* the figure (pose.h); NULL if none */
};

struct limber_range {
	int start, min, max;	/* start within [min, max] */
};

struct limber_variant {
	char *id;
	char *name;
	char *why;		/* when and why to use it */
	char *position;
	unsigned needs;		/* enum limber_need bits */
	unsigned moves;		/* enum limber_move bits */
	bool moves_known;	/* false: the file has no "movements" */
	struct limber_step *steps;
	size_t nsteps;
};

enum limber_screen_action {
	LIMBER_ACTION_LEAVE_OUT,	/* the answer removes the stretch */
	LIMBER_ACTION_CHANGE,		/* the answer changes how it is done */
};

/* How one screening answer of "yes" changes one stretch. */
struct limber_screen_rule {
	char *question;		/* a screening question id */
	enum limber_screen_action action;
	char **variants;	/* CHANGE: variant ids to use, best first; may be empty */
	size_t nvariants;
	char *why;
};

struct limber_stretch_tr {
	char *lang;
	const char *english;
	char *text;
};

struct limber_stretch {
	char *id;
	char *name;
	char *summary;		/* what it helps, one line */
	char *why;		/* why it helps */
	unsigned areas;		/* enum limber_area bits */
	unsigned contexts;	/* 1 << enum limber_context for each it suits */
	char *position;
	unsigned needs;
	unsigned moves;		/* enum limber_move bits */
	bool moves_known;	/* false: the file has no "movements" */
	bool sides;		/* done once on each side */
	struct limber_range reps, hold_s, rest_s;
	struct limber_step *steps;
	size_t nsteps;
	char **cues;		/* posture cues */
	size_t ncues;
	char **cautions;
	size_t ncautions;
	char **benefits;
	size_t nbenefits;
	struct limber_variant *variants;
	size_t nvariants;
	struct limber_screen_rule *screening;
	size_t nscreening;
	/* "kind"; a user's file without one: a stretch */
	enum limber_kind kind;
	/* "muscles": enum limber_muscle bits; a user's file may have none */
	unsigned muscles;
	/* "source": the public guidance it follows; NULL if not given */
	char *guidance;
	/*
	 * "translations": the file's own words for its texts in other
	 * languages, each pairing one of the texts above (english points
	 * into this stretch) with its words in lang ("de", "pt_BR");
	 * limber_stretch_text() reads them.
	 */
	struct limber_stretch_tr *tr;
	size_t ntr;
	char *source;		/* where it was loaded from: "built-in:ID" or a path */
};

struct limber_catalog {
	struct limber_stretch **stretches;	/* sorted by id */
	size_t n;
	/*
	 * What limber_catalog_add_dir left out, for the front end to say:
	 * "PATH: why" for each *.json that is not a regular file (a FIFO,
	 * which would hang the read, a folder, a device).
	 */
	char **skipped;
	size_t nskipped;
};

/*
 * Parse one stretch from JSON text. name is used in messages ("file:line:col:
 * what"). On error returns LIMBER_ERR_INVALID, sets *cause and *out is NULL.
 * Checks that every field is present, typed and in range; ids of questions
 * must be known screening ids and variant ids must exist.
 */
enum limber_status limber_stretch_parse(const char *name, const char *text,
    size_t len, struct limber_stretch **out, char **cause);
void limber_stretch_free(struct limber_stretch *st);

/*
 * The built-in catalog without its figures: every step's pose is NULL.
 * For front ends that draw nothing: the poses are most of the catalog's
 * bytes, and reading them is most of a command's start-up.
 */
enum limber_status limber_catalog_builtin_text(struct limber_catalog **out,
    char **cause);

/* The catalog compiled into the program (data/stretches/). */
enum limber_status limber_catalog_builtin(struct limber_catalog **out,
    char **cause);

/*
 * Add or replace stretches from every *.json file in dir, in name order.
 * A stretch with the id of one already in the catalog replaces it. A missing
 * dir is not an error. If any file is bad, the catalog is left unchanged and
 * the error names the file: a half-read catalog is never used. A name that
 * is not a regular file (a FIFO, a folder) is skipped, never opened for
 * reading, and listed in cat->skipped.
 */
enum limber_status limber_catalog_add_dir(struct limber_catalog *cat,
    const char *dir, char **cause);

/* Parse a file; used by `limber catalog check`. */
enum limber_status limber_stretch_load_file(const char *path,
    struct limber_stretch **out, char **cause);

const struct limber_stretch *limber_catalog_find(
    const struct limber_catalog *cat, const char *id);
const struct limber_variant *limber_stretch_variant(
    const struct limber_stretch *st, const char *id);
void limber_catalog_free(struct limber_catalog *cat);

/*
 * One of a stretch's texts (its name, a step, a caution: english is the
 * field as loaded) in the calling thread's language (util/i18n.h): the
 * file's own translation when it carries one, else the built-in
 * catalog's (po/LANG.po), else english itself.
 */
const char *limber_stretch_text(const struct limber_stretch *st,
    const char *english);

/* Seconds one repetition on one side takes at a given hold. */
int limber_steps_seconds(const struct limber_step *steps, size_t n, int hold_s);

/*
 * A stretch as JSON, as a stretch file has it: its texts as loaded
 * (English), with the file's "translations". _shown gives its texts in
 * the calling thread's language instead (limber_stretch_text), for a
 * page that shows them; the CLI's --json keeps the English.
 */
json_t *limber_stretch_to_json(const struct limber_stretch *st);
json_t *limber_stretch_to_json_shown(const struct limber_stretch *st);

/* ------------------------------------------------------------------ */
/* Screening: red flags and pain, to a verdict (docs/safety.md).       */

/* Worst last, so a verdict is the maximum of its reasons' levels. */
enum limber_level {
	LIMBER_LEVEL_GO,		/* stretch as planned */
	LIMBER_LEVEL_CAUTION,		/* stretch, with some stretches left out or changed */
	LIMBER_LEVEL_SEE_CLINICIAN,	/* book a doctor or physiotherapist first */
	LIMBER_LEVEL_URGENT,		/* see a doctor today */
	LIMBER_LEVEL_EMERGENCY,		/* call the local emergency number now */
	LIMBER_LEVEL_COUNT,
};

const char *limber_level_name(enum limber_level level);
/* True when the level allows a session (go or caution). */
bool limber_level_allows_session(enum limber_level level);

struct limber_question {
	const char *id;		/* stable: scripts and journals use it */
	enum limber_level level;	/* the level a "yes" raises the verdict to */
	const char *text;	/* asked as a plain yes/no question */
	const char *advice;	/* what to do when the answer is yes */
	const char *area;	/* "upper", "lower" or NULL: ask whatever the area */
	/*
	 * The same red flag as a sign to watch for, in a few plain words, for
	 * the safety box of a plan (limber_signs); NULL for questions about
	 * the past or about a lasting condition, which are asked before every
	 * session but are no sign to watch for between them.
	 */
	const char *sign;
	/*
	 * Asked only when a plan could hold an exercise the answer changes
	 * (limber_question_asked); for a condition whose one effect is the
	 * exclusion table's, so that nobody is asked about it needlessly.
	 */
	bool only_if_affected;
};

/* The questions in the order they are asked; the array ends with a NULL id. */
const struct limber_question *limber_questions(void);
/*
 * A question's text, advice and sign (NULL when it has none) in the
 * calling thread's language (util/i18n.h): the fields hold the English,
 * so a front end shows or says these, never the fields themselves.
 */
const char *limber_question_text(const struct limber_question *q);
const char *limber_question_advice(const struct limber_question *q);
const char *limber_question_sign(const struct limber_question *q);
/*
 * Questions no longer asked, still accepted as answers at their old level
 * (docs/safety.md); ends with a NULL id. limber_question_find() finds both.
 */
const struct limber_question *limber_questions_retired(void);
/*
 * True for the slow-changing answers (a knee problem, pregnancy,
 * osteoporosis, hypermobility) that a check may take from an earlier one
 * made the same local day; every other question is asked before every
 * session (docs/safety.md).
 */
bool limber_question_reusable(const char *id);
const struct limber_question *limber_question_find(const char *id);

/*
 * The flow of the questions, the same for every front end (the terminal's
 * `limber check`, the page through GET /api/questions?area=), so that they
 * cannot ask differently. limber_question_applies: whether q is asked, and
 * its sign listed, for pain in area (enum limber_area bits); a question
 * about the neck is left out when only the lower back hurts.
 * limber_question_ends_asking: whether a "yes" to q ends the questions at
 * once (an emergency or urgent one): someone who should be calling for
 * help must not be kept answering.
 */
bool limber_question_applies(const struct limber_question *q, unsigned area);
bool limber_question_ends_asking(const struct limber_question *q);

/*
 * Whether q is asked before a plan for pain in area from cat: when it
 * applies to the area and, for a question only_if_affected, when some
 * version of a stretch for the area (as written or a variant) is one the
 * exclusion table forbids after a "yes" to q; a version that does not say
 * how it moves counts. With cat NULL, as limber_question_applies. The
 * front ends ask through this, so they ask the same questions.
 */
bool limber_question_asked(const struct limber_question *q, unsigned area,
    const struct limber_catalog *cat);

/*
 * What some caution answers forbid in every plan, whatever the stretch
 * files say (docs/safety.md, "What the plan leaves out"). A version of a
 * stretch (the stretch as written or a variant) is used only when it needs
 * none of `needs` and does none of `moves`; a version whose file does not
 * declare its movements is never used while any entry forbids a movement.
 * The array ends with a NULL question.
 */
struct limber_exclusion {
	const char *question; /* a caution question id */
	unsigned needs;	      /* enum limber_need bits no version may need */
	unsigned moves;	      /* enum limber_move bits no version may do */
	const char *why;      /* why, in plain words, for the plan */
	const char *instead;  /* what to do instead */
};

const struct limber_exclusion *limber_exclusions(void);

/*
 * The needs and movements the answers forbid, from the table above; yes
 * holds question ids. Unknown ids add nothing.
 */
void limber_exclusions_for(const char *const *yes, size_t nyes, unsigned *needs,
    unsigned *moves);

/*
 * The first table entry among the answers that forbids a version with
 * these needs and movements (moves_known false: undeclared), or NULL.
 */
const struct limber_exclusion *limber_exclusion_blocking(const char *const *yes,
    size_t nyes, unsigned needs, unsigned moves, bool moves_known);

/*
 * What some caution answers change in the dose of every stretch of a plan
 * (docs/safety.md, "A smaller dose"). The planner takes fewer_reps off each
 * stretch's starting repetitions and, with shortest_hold, holds each for
 * the stretch's shortest time, never outside the catalog's ranges; and it
 * goes through the routine at most max_rounds times, so the smaller dose
 * is not made up by more rounds. The array ends with a NULL question.
 */
struct limber_dose_cut {
	const char *question; /* a caution question id */
	int fewer_reps;	      /* repetitions taken off, 0 or more */
	bool shortest_hold;   /* hold for the catalog's shortest time */
	int max_rounds;	      /* the most rounds, 1 or more */
	const char *why;      /* why, in plain words, for the plan */
};

const struct limber_dose_cut *limber_dose_cuts(void);

/*
 * The pain scale every score is on (docs/safety.md, "How screening works"): a
 * whole number from LIMBER_PAIN_MIN, no pain, to LIMBER_PAIN_MAX, the worst
 * imaginable. A score outside it is refused wherever one is read.
 */
#define LIMBER_PAIN_MIN 0
#define LIMBER_PAIN_MAX 10

/*
 * The stop rules' pain limits (docs/safety.md, "Stop rules during a
 * session"): a score above LIMBER_PAIN_STOP_ABOVE, or LIMBER_PAIN_STOP_RISE
 * or more above the score before, stops a session (limber_session_stop_rule
 * in session.h).
 */
#define LIMBER_PAIN_STOP_ABOVE 5
#define LIMBER_PAIN_STOP_RISE 2

/*
 * The stop rules as a person is told them before any stretching, in the
 * same words by every front end: the terminal after a check, the page
 * beside its check and plan ("stop_rules" in a verdict's JSON), and the
 * session's opening words, which the audio file speaks (docs/safety.md,
 * "Stop rules during a session").
 */
#define LIMBER_STOP_RULES_TEXT \
	"Stretch only to a gentle pull, never into pain. Stop at once if you " \
	"feel sharp or shooting pain, numbness, tingling or dizziness."
/* LIMBER_STOP_RULES_TEXT in the calling thread's language (util/i18n.h). */
const char *limber_stop_rules_text(void);

/*
 * Pain at or above this is severe and sends to a clinician (project
 * policy): the first score the stop rules stop on, so that no session
 * starts at a score its own first check-in would stop it at.
 */
#define LIMBER_SEVERE_PAIN (LIMBER_PAIN_STOP_ABOVE + 1)

/*
 * A combination of answers that together mean more than each alone
 * (docs/safety.md, "Combinations"): when every id of `all` is answered yes,
 * and at least one of `any` (when it lists any), the verdict gets the
 * reason `id` at `level`. Lists end with NULL.
 */
#define LIMBER_COMBO_MAX 6
struct limber_combination {
	const char *id; /* stable, like a question id */
	enum limber_level level;
	const char *all[LIMBER_COMBO_MAX];
	const char *any[LIMBER_COMBO_MAX];
	const char *advice;
	const char *sign; /* as a question's sign; NULL: none */
};

/* The combinations; the array ends with a NULL id. */
const struct limber_combination *limber_combinations(void);

/*
 * Whether a "yes" to question id can still change what the person must do
 * once pain alone has given see-clinician (pain at or above
 * LIMBER_SEVERE_PAIN): true when the answer, alone or in a combination,
 * makes the verdict urgent or an emergency. With severe pain the page asks
 * only these (docs/safety.md, "The severe-pain rule"); the verdict's level
 * is the same as when every question is asked.
 */
bool limber_question_asked_in_severe_pain(const char *id);

/*
 * A red flag to get help for, as the safety box of a plan lists it: a
 * question, a combination or a journal rule whose "yes" sends to a
 * clinician, at the level the screening gives that same answer.
 */
struct limber_sign {
	const char *id;		 /* the question's, combination's or reason's */
	enum limber_level level; /* see-clinician, urgent or emergency */
	const char *text;	 /* the sign, in a few plain words */
};

/*
 * The signs for a plan for `area` (enum limber_area bits), worst level
 * first and in the order of asking within a level: every question asked
 * for that area that has a sign, then the combinations and the journal's
 * rules that have one (docs/safety.md, "The safety box"). Returns a
 * malloc'd array of *n entries for the caller to free(); the strings are
 * static.
 */
struct limber_sign *limber_signs(unsigned area, size_t *n);

/*
 * What to do at a level, as the heading of its signs in a safety box, in
 * plain words; NULL for go and caution, which send nobody anywhere.
 */
const char *limber_level_help(enum limber_level level);

/* The signs for area grouped by level, as JSON (docs/planner.md). */
json_t *limber_signs_to_json(unsigned area);

struct limber_answers {
	int pain;		/* 0..10 */
	unsigned area;		/* enum limber_area bits, not 0 */
	const char **yes;	/* question ids answered yes */
	size_t nyes;
	/*
	 * From the journal, not a question: pain was worse after two sessions
	 * within 7 days, with no better session and no clinician's clearance
	 * since. Gives the reason "worse-after-sessions" (see-clinician).
	 */
	bool worse_after_sessions;
	/*
	 * From the journal: pain no better after weeks of regular sessions
	 * (limber_no_improvement). Gives the reason "no-improvement".
	 */
	bool no_improvement;
};

struct limber_reason {
	const char *id; /* a question or combination id, or "severe-pain" */
	enum limber_level level;
	const char *advice;
};

struct limber_change {
	char *stretch;
	char *variant;		/* NULL: the stretch itself, done differently */
	char *why;
};

struct limber_verdict {
	enum limber_level level;
	struct limber_reason *reasons;	/* worst first */
	size_t nreasons;
	char **excluded;		/* stretch ids left out */
	size_t nexcluded;
	struct limber_change *changed;
	size_t nchanged;
};

/*
 * Screen a set of answers against the catalog. Fails with LIMBER_ERR_INVALID
 * for pain off the scale (LIMBER_PAIN_MIN to LIMBER_PAIN_MAX), no area, or
 * an unknown question id. Changes are listed only for variants the stretch
 * has; body limits are the planner's.
 */
enum limber_status limber_screen(const struct limber_catalog *cat,
    const struct limber_answers *ans, struct limber_verdict **out,
    char **cause);
void limber_verdict_free(struct limber_verdict *v);
json_t *limber_verdict_to_json(const struct limber_verdict *v);

/* ------------------------------------------------------------------ */
/* Planner: a request to a routine.                                    */

/* A stretch's repetitions as progression has set them (the journal's). */
struct limber_dose {
	const char *stretch;
	int reps;
};

/* An exercise and how long ago it was last done. */
struct limber_recent {
	const char *stretch;
	int64_t ago_s; /* seconds before now, 0 or more */
};

struct limber_request {
	unsigned area;			/* enum limber_area bits, not 0 */
	int minutes;			/* 1..120 */
	enum limber_context context;
	unsigned limits;		/* enum limber_need bits the body cannot do today */
	const struct limber_verdict *verdict;	/* NULL: not screened */
	/*
	 * Repetitions that replace a stretch's starting dose, clamped to the
	 * catalog's min..max; stretches not listed start at reps.start.
	 */
	const struct limber_dose *doses;
	size_t ndoses;
	/* The sport an after-workout cool-down is for; NONE: any. */
	enum limber_sport sport;
	/* The programme's stage (progress.h); 0: gentle, as a first plan. */
	int stage;
	/*
	 * When each exercise was last done, from the journal; exercises not
	 * listed have never been done. Plans rotate toward those done longest
	 * ago (docs/planner.md, "Variety").
	 */
	const struct limber_recent *recent;
	size_t nrecent;
};

struct limber_plan_item {
	const struct limber_stretch *stretch;
	const struct limber_variant *variant;	/* NULL: the stretch as written */
	int sides;		/* 1 or 2 */
	int reps, hold_s, rest_s;
	int seconds;		/* the whole item, rests between reps included */
	char *why;
};

struct limber_left_out {
	char *stretch;
	char *why;
};

struct limber_plan {
	enum limber_context context;
	unsigned area;
	int minutes;			/* asked */
	int rounds;			/* times the routine is gone through */
	int seconds;			/* planned, all rounds */
	enum limber_level level;	/* the screening level it was made under */
	enum limber_sport sport;	/* the cool-down's sport, or NONE */
	int stage;			/* the programme's stage, 1..3 */
	struct limber_plan_item *items;	/* one round, in order */
	size_t nitems;
	struct limber_left_out *left_out;
	size_t nleft_out;
	/*
	 * Exercises that fit today but were not chosen, for another day
	 * (variety, docs/planner.md); ids, pointing into the catalog.
	 */
	const char **later;
	size_t nlater;
	char *note;			/* why the plan is empty or short; NULL if none */
	/* Why today's doses are cut (limber_dose_cuts); NULL if they are not. */
	char *smaller_dose;
};

/*
 * Compose a routine. A verdict that does not allow a session gives
 * LIMBER_ERR_BLOCKED and no plan. A plan with no items is not an error:
 * its note and left_out say why.
 */
enum limber_status limber_plan_build(const struct limber_catalog *cat,
    const struct limber_request *req, struct limber_plan **out,
    char **cause);
void limber_plan_free(struct limber_plan *p);
/*
 * A plan as JSON, its stretches' texts in English, as the journal keeps
 * it and --json gives it; _shown gives them in the calling thread's
 * language, for a page that shows them.
 */
json_t *limber_plan_to_json(const struct limber_plan *p);
json_t *limber_plan_to_json_shown(const struct limber_plan *p);
/*
 * How long a session of the plan takes, unpaced: its seconds with the
 * intros, switches and rests between stretches a session adds
 * (docs/session.md). The one length every front end shows for a plan.
 */
int limber_plan_session_seconds(const struct limber_plan *p);

#include "limber/session.h"

/*
 * The journal, in its parts; journal.h is the store, which the others
 * read and write through.
 */
#include "limber/progress.h"
#include "limber/calendar.h"
#include "limber/journal.h"
#include "limber/journal-read.h"
#include "limber/stats.h"
#include "limber/export.h"
#include "limber/import.h"

#include "limber/pose.h"

#endif /* LIMBER_H */
