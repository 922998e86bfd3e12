/*
 * measures.h - the outcome measures a person answers (docs/report.md,
 * "Outcome measures"): PEG-3 and the Patient-Specific Functional Scale.
 *
 * `limber start` asks them on a terminal when they are due, after the
 * safety check and before the plan; `limber log --peg` and `--psfs` take
 * them by hand. Both read the answers with the parsers here, so a value
 * means the same whichever way it came.
 */
#ifndef LIMBER_CLI_MEASURES_H
#define LIMBER_CLI_MEASURES_H

#include <stdbool.h>

#include "cli.h"

/*
 * Ask what is due now (limber_journal_measures_due), one line at a time
 * on the terminal, and record each answer or "not now" in the journal as
 * soon as it is given. A journal that cannot be written is said, and the
 * session goes on: the measures are asked again next time. Returns
 * CLI_CONTINUE, or an exit status when the journal cannot be read or the
 * input ends (the start is cancelled, as for the other questions).
 */
int cli_measures_ask(struct cli_ctx *ctx);

/*
 * "P,E,A" (three whole numbers from 0 to 10) into *out. False with *why
 * (malloc'd) naming the part that is wrong.
 */
bool cli_peg_parse(const char *s, struct limber_peg *out, char **why);

/*
 * "ACTIVITY=SCORE" into *out, its activity malloc'd (free it), split at
 * the last '=' so that a name may hold one. False with *why (malloc'd)
 * naming what is wrong.
 */
bool cli_psfs_parse(const char *s, struct limber_psfs_item *out, char **why);

/*
 * Whether name may be an activity's name: not empty, at most
 * LIMBER_PSFS_NAME_MAX bytes, nothing util_text_safe() refuses. False
 * with *why (malloc'd).
 */
bool cli_psfs_name_ok(const char *name, char **why);

#endif
