/*
 * doses.c - what some caution answers change in every stretch's dose.
 *
 * The exclusion table (exclusions.c) says what no plan may do after an
 * answer; this one says how much less of everything a plan does. The
 * planner reads it after choosing each stretch, so every front end that
 * plans (the terminal, the page, the handout, the audio) gets the same
 * smaller dose. Each entry is traced to docs/safety.md ("A smaller dose");
 * change it there first.
 */
#include "i18n.h"
#include "limber/limber.h"

static const struct limber_dose_cut cuts[] = {
	/*
	 * NICE's advice for a simple strain is to keep moving, not to rest
	 * (NG59), so the session goes ahead; how much less to do while the
	 * strain settles is project policy: the project's own "smaller dose"
	 * after a worse session (one repetition fewer), the shortest hold
	 * the stretch's file allows, and one time through.
	 */
	{ .question = "lifting-strain",
	    .fewer_reps = 1,
	    .shortest_hold = true,
	    .max_rounds = 1,
	    /* The English: the planner translates it (lib/plan.c). */
	    .why = N_("Your back was strained lifting, bending or twisting "
		      "in the last few days, so today's dose is smaller while "
		      "it settles: one repetition fewer where a stretch has "
		      "one to spare, the shortest holds, and once through. "
		      "Gentle movement helps a strain heal; keep each stretch "
		      "well within comfort.") },
	{ .question = NULL },
};

const struct limber_dose_cut *
limber_dose_cuts(void)
{
	return cuts;
}
