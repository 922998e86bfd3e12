/*
 * import.h - an export added back into a journal (lib/import.c): every
 * field checked first, then all of it written in one transaction, or
 * nothing (docs/journal.md, "Import").
 */
#ifndef LIMBER_IMPORT_H
#define LIMBER_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "limber/calendar.h"
#include "limber/export.h"
#include "limber/journal.h"

struct limber_journal;

/*
 * How far after now an imported time may be: a day, for an export written
 * in another time zone or by a clock a little fast. Anything later is
 * refused (docs/safety.md, "When the clock was wrong").
 */
#define LIMBER_IMPORT_AHEAD_S LIMBER_DAY_S

/* What an import added, and what it found already there. */
struct limber_import_counts {
	size_t screenings, sessions, pain, notes, clearances, doses, prompts;
	/* The outcome measures' askings. */
	size_t pegs, psfs;
	size_t skipped; /* records the journal already had */
};

/*
 * Add an export (JSON text) to the journal, in one transaction: either all
 * of it goes in or nothing does. name is used in messages, which are in
 * the calling thread's language (the file's field names and values stay
 * as the file writes them). Every field is
 * checked; the first fault is named by its JSON path and, for syntax errors,
 * line and column: "FILE: sessions[3].pain[0].value: must be a whole number
 * from 0 to 10". Records the journal already holds (same times and values)
 * are skipped, so importing a file twice adds nothing. A dose is taken only
 * for a stretch the journal has no dose for. A time more than
 * LIMBER_IMPORT_AHEAD_S after now is a fault too: "FILE: sessions[3].started:
 * 2031-01-01T00:00:00Z is in the future (more than a day after now)".
 * counts may be NULL. With j NULL the text is only checked, so a front end
 * can refuse a bad file before it opens (or makes) a journal.
 */
enum limber_status limber_journal_import(struct limber_journal *j,
    const char *name, const char *text, size_t len, int64_t now,
    struct limber_import_counts *counts, char **cause);

#endif /* LIMBER_IMPORT_H */
