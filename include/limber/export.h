/*
 * export.h - the journal's data as JSON and CSV (lib/export.c), the
 * formats `limber export` writes (docs/journal.md, "Export").
 *
 * These are pure functions of data read with journal-read.h: they never
 * touch the journal's file. import.h reads the JSON format back.
 */
#ifndef LIMBER_EXPORT_H
#define LIMBER_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "limber/journal-read.h"

struct limber_journal_data;

/*
 * The version of the JSON export format ("limber_journal" in the file)
 * this build writes; import reads it and every older one down to
 * LIMBER_EXPORT_OLDEST. Format 2 added "reminders", format 3 "peg" and
 * "psfs" (the outcome measures).
 */
#define LIMBER_EXPORT_VERSION 3
#define LIMBER_EXPORT_OLDEST 1

/*
 * The export format (docs/journal.md): an object with "limber_journal":
 * LIMBER_EXPORT_VERSION and the arrays "screenings", "sessions", "pain",
 * "notes", "clearances", "doses", "reminders", "peg" and "psfs". Times
 * are ISO 8601
 * strings, in UTC
 * ("Z") or, with local, in local time with its offset.
 */
json_t *limber_journal_data_to_json(const struct limber_journal_data *d,
    bool local);

/* The kinds of a journal's top-level records, in their order at a tie. */
enum limber_journal_item_kind {
	LIMBER_ITEM_SCREENING,
	LIMBER_ITEM_SESSION,
	LIMBER_ITEM_PAIN, /* a score logged by hand */
	LIMBER_ITEM_NOTE,
	LIMBER_ITEM_CLEARANCE,
	/* Only from limber_journal_data_records: */
	LIMBER_ITEM_PEG,  /* a PEG asking, answered or skipped */
	LIMBER_ITEM_PSFS, /* a PSFS asking, answered or skipped */
	LIMBER_ITEM_KIND_COUNT,
};

struct limber_journal_item {
	int64_t at; /* a session's start */
	enum limber_journal_item_kind kind;
	size_t i; /* index in its array of d */
};

/*
 * The top-level records of d in time order (screenings first at a tie),
 * for front ends that list them: a malloc'd array of *n items that the
 * caller frees. limber_journal_data_items gives the kinds up to
 * LIMBER_ITEM_CLEARANCE, as it did before the outcome measures, so that a
 * front end that does not know them yet meets none;
 * limber_journal_data_records gives the PEG and PSFS askings too.
 */
struct limber_journal_item *
limber_journal_data_items(const struct limber_journal_data *d, size_t *n);
struct limber_journal_item *
limber_journal_data_records(const struct limber_journal_data *d, size_t *n);

/*
 * The same records as CSV (RFC 4180, header line first), one row per
 * screening, session, stretch, pain score, note, clearance and PEG
 * asking, and one per activity of a PSFS asking (one for a skipped one),
 * in time order. A malloc'd string; NULL only when it would pass 1 GiB.
 */
char *limber_journal_data_to_csv(const struct limber_journal_data *d,
    bool local);

#endif /* LIMBER_EXPORT_H */
