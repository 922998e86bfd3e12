/*
 * internal.h - what the library's modules share and do not export.
 */
#ifndef LIMBER_INTERNAL_H
#define LIMBER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "limber/limber.h"

/* The built-in catalog, generated from data/stretches/ at build time. */
struct limber_builtin_file {
	const char *name;
	const unsigned char *data; /* the file as written */
	size_t len;
	const unsigned char *text; /* the same without its poses */
	size_t text_len;
};
extern const struct limber_builtin_file limber_builtin_files[];
extern const size_t limber_builtin_nfiles;

/*
 * Parse text as the catalog parses a built-in file: "kind" and "source"
 * are required, and the poses' contacts are taken as met (test-contact
 * checks them). For the tests; the catalog reads its own files.
 */
/*
 * The English text of item i of a stretch's list: a step's, a list of
 * texts' (cues, cautions, benefits), a screening rule's why. For the
 * "translations" field, read (catalog.c) and written (json.c).
 */
const char *catalog_step_at(const void *steps, size_t i);
const char *catalog_text_at(const void *texts, size_t i);
const char *catalog_rule_at(const void *rules, size_t i);
enum limber_status catalog_parse_builtin(const char *name, const char *text,
    size_t len, struct limber_stretch **out, char **cause);

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

/*
 * An area as the journal stores it (journal.c), by limber_area_name()'s
 * name: NULL (SQL's null) for no area or bits that name none; and back, 0
 * for NULL or a name that is not an area's. The export (export.c) writes
 * areas the same way.
 */
const char *journal_area_name(unsigned area);
unsigned journal_area_parse(const char *s);

#endif
