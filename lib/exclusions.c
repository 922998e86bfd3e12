/*
 * exclusions.c - what some caution answers forbid in every plan.
 *
 * The catalog's own screening rules say how one stretch changes; this table
 * says what no stretch may do after an answer, whatever its file says, so a
 * stretch a person writes is bound by it as much as a built-in one. The
 * planner and the screening both read it. Each entry is traced to its source
 * in docs/safety.md ("What the plan leaves out"); change it there first.
 */
#include <string.h>

#include "i18n.h"
#include "internal.h"
#include "limber/limber.h"

/*
 * The whys and insteads are in English, marked N_() for po/make-pot.py;
 * the planner translates them where it gives them (lib/plan.c).
 */
static const struct limber_exclusion exclusions[] = {
	{ .question = "osteoporosis",
	    .needs = 0,
	    .moves = LIMBER_MOVE_FORWARD_BEND | LIMBER_MOVE_TWIST,
	    .why = N_(
		"With osteoporosis, holding your back folded forward or "
		"twisting it loads the bones of your spine, so limber leaves out "
		"every version of this stretch that does either."),
	    .instead = N_(
		"Stretches that keep your back long and straight stay in your "
		"plan. A physiotherapist can show you exercises that "
		"strengthen the muscles along your spine, which suit your "
		"bones better than folding forward.") },
	{ .question = "spinal-fracture",
	    .needs = 0,
	    .moves = LIMBER_MOVE_FORWARD_BEND | LIMBER_MOVE_TWIST,
	    .why = N_(
		"After a broken bone in the spine, holding your back folded "
		"forward or twisting it loads your spine where it is weakest, so "
		"limber leaves out every version of this stretch that does either."),
	    .instead = N_(
		"Stretches that keep your back long and straight stay in your "
		"plan. A physiotherapist can show you exercises that "
		"strengthen the muscles along your spine, which suit your "
		"bones better than folding forward.") },
	{ .question = "knee-problem",
	    .needs = LIMBER_NEED_KNEELING,
	    .moves = 0,
	    .why = N_("With a knee problem, limber does nothing that puts your "
		      "weight on your knees, with cushions or without."),
	    .instead = N_(
		"Where a stretch has a version on a chair, that version "
		"is used.") },
	{ .question = "pregnancy",
	    .needs = LIMBER_NEED_LYING,
	    .moves = 0,
	    .why = N_(
		"In pregnancy, limber does nothing lying flat on your back."),
	    .instead = N_(
		"Where a stretch has a version sitting or standing, that "
		"version is used.") },
	/*
	 * Arching the back (extension): the movement the table's other
	 * entries for these answers leave alone.
	 */
	{ .question = "pregnancy",
	    .needs = 0,
	    .moves = LIMBER_MOVE_BACK_BEND,
	    .why = N_(
		"In pregnancy, limber leaves out exercises that arch your "
		"back backwards, to go carefully with your back and your "
		"growing belly."),
	    .instead = N_("Exercises that keep your back straight, sitting or "
			  "standing, stay in your plan.") },
	{ .question = "stenosis",
	    .needs = 0,
	    .moves = LIMBER_MOVE_BACK_BEND,
	    .why = N_(
		"With spinal stenosis, arching your back backwards narrows "
		"the space the nerves run through, so limber leaves out every "
		"version of this exercise that does it."),
	    .instead = N_(
		"Exercises that keep your back straight or bend it "
		"gently forward stay in your plan; a physiotherapist can "
		"suggest more.") },
	{ .question = "spondylolisthesis",
	    .needs = 0,
	    .moves = LIMBER_MOVE_BACK_BEND,
	    .why = N_(
		"With a slipped bone in your spine (spondylolisthesis), "
		"arching your back backwards loads the slipped bone, so "
		"limber leaves out every version of this exercise that does "
		"it."),
	    .instead = N_(
		"Exercises that keep your back straight stay in your "
		"plan; a physiotherapist can show you ones that steady "
		"your spine.") },
	{ .question = "hip-replacement",
	    .needs = 0,
	    .moves = LIMBER_MOVE_DEEP_HIP_BEND | LIMBER_MOVE_LEG_CROSS,
	    .why = N_("After a hip replacement, limber does nothing that bends "
		      "your hip past a right angle or crosses one leg over the "
		      "other, the movements that can put a new hip out of its "
		      "socket."),
	    .instead = N_(
		"Where an exercise has a version that keeps your hip "
		"less bent and your legs apart, that version is used.") },
	{ .question = NULL },
};

const struct limber_exclusion *
limber_exclusions(void)
{
	return exclusions;
}

void
limber_exclusions_for(const char *const *yes, size_t nyes, unsigned *needs,
    unsigned *moves)
{
	*needs = 0;
	*moves = 0;
	for (const struct limber_exclusion *e = exclusions; e->question != NULL;
	     e++) {
		if (screen_said_yes(yes, nyes, e->question)) {
			*needs |= e->needs;
			*moves |= e->moves;
		}
	}
}

const struct limber_exclusion *
limber_exclusion_blocking(const char *const *yes, size_t nyes, unsigned needs,
    unsigned moves, bool moves_known)
{
	for (const struct limber_exclusion *e = exclusions; e->question != NULL;
	     e++) {
		if (!screen_said_yes(yes, nyes, e->question))
			continue;
		if ((needs & e->needs) != 0)
			return e;
		if (e->moves != 0 && (!moves_known || (moves & e->moves) != 0))
			return e;
	}
	return NULL;
}
