/*
 * internal.h - what the library's modules share and do not export.
 */
#ifndef LIMBER_INTERNAL_H
#define LIMBER_INTERNAL_H

#include <stddef.h>

#include "limber/limber.h"

/* The built-in catalog, generated from data/stretches/ at build time. */
struct limber_builtin_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};
extern const struct limber_builtin_file limber_builtin_files[];
extern const size_t limber_builtin_nfiles;

/* Whether question id is among the n ids of yes. */
bool screen_said_yes(const char *const *yes, size_t n, const char *id);

/*
 * How a stretch's rules apply to a set of yes answers: the rule that leaves
 * it out (NULL if none), and the change rules that apply, in file order.
 * changes must have room for st->nscreening entries.
 */
const struct limber_screen_rule *screen_rules_apply(
    const struct limber_stretch *st, const char *const *yes, size_t nyes,
    const struct limber_screen_rule **changes, size_t *nchanges);

#endif
