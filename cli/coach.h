/*
 * coach.h - the guided session's front end on a terminal or a pipe.
 *
 * The session engine (limber/session.h) decides what happens and when;
 * the coach shows it, takes keys, keeps time and writes the journal. On a
 * terminal it draws one calm full screen on the alternate screen: the
 * stretch, the step, a large countdown, a progress bar, what comes next
 * and the keys. Anywhere else (a pipe, a script, TERM=dumb, --plain) it
 * prints one line per cue with its time and reads words from stdin lines.
 * docs/coach.md describes both.
 */
#ifndef LIMBER_COACH_H
#define LIMBER_COACH_H

#include <stdbool.h>
#include <stdint.h>

#include "cli.h"

struct coach_opts {
	bool plain;	/* one line per cue, no escape codes, stdin lines */
	bool bell;	/* BEL when a new phase begins */
	bool color;	/* colour on the terminal (NO_COLOR is not set) */
	bool utf8;	/* the terminal shows UTF-8: block characters */
	bool voice;	/* speak the cues (voice/), when sound works */
	int rate;	/* its words a minute; 0: VOICE_RATE_DEFAULT */
};

/*
 * Guide a session over plan, from the checklist to the end, with
 * pain_before as the score before it (area: where it hurts, for the
 * journal's pain entries). When ctx->journal is not NULL the session is
 * recorded there from the moment it starts (READY), following screening
 * (a journal screening id, 0 for none). The plan must hold at least one
 * item.
 *
 * Returns CLI_EXIT_OK when the session went through to its end,
 * CLI_EXIT_STOPPED when it stopped early or never started, 128 + the
 * signal's number when a signal ended it (recorded as stopped), and
 * CLI_EXIT_ERROR when the session could not be made or the journal could
 * not be written (said on stderr, after the terminal is restored).
 */
int coach_run(struct cli_ctx *ctx, const struct limber_plan *plan,
    int pain_before, unsigned area, int64_t screening,
    const struct coach_opts *opts);

#endif
