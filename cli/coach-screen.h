/*
 * coach-screen.h - the guided session's full screen on a terminal.
 *
 * The coach (coach.c) keeps time, takes keys and writes the journal; the
 * screen draws what the session's state says: the stretch, the step, a
 * large countdown, a progress bar, what comes next and the keys for now.
 * It writes to stdout, which term.c has put on the alternate screen.
 */
#ifndef LIMBER_COACH_SCREEN_H
#define LIMBER_COACH_SCREEN_H

#include <stdbool.h>

#include <limber/session.h>

#include "coach.h"

struct coach_screen;

/*
 * A screen for a session over plan, drawn as o says (colour, UTF-8); both
 * must outlive it. It has no size until coach_screen_resize().
 */
struct coach_screen *coach_screen_new(const struct limber_plan *plan,
    const struct coach_opts *o);
void coach_screen_free(struct coach_screen *scr);

/* Take the terminal's size now; the next frame clears the screen first. */
void coach_screen_resize(struct coach_screen *scr);

/*
 * What a cue changes on the screen that the state does not hold: the
 * checklist, and the words of the last score, shown until the next stretch.
 */
void coach_screen_cue(struct coach_screen *scr, const struct limber_cue *cue);

/*
 * Draw the whole screen for state st. one_pending: a 1 was pressed at a
 * check-in and a 0 may still follow to make it 10.
 */
void coach_screen_draw(struct coach_screen *scr,
    const struct limber_session_state *st, bool one_pending);

#endif
