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

/*
 * What the statistics are made of (lib/stats.c). limber_stats_compute()
 * gathers it from loaded data, limber_journal_stats() straight from the
 * journal with a few queries, and stats_finish() makes the statistics of
 * either the same way.
 */
#define STATS_DAYS (7 * LIMBER_STATS_WEEKS)

struct stats_parts {
	int64_t today;			/* the local day of "now" */
	int sessions, done, stopped, interrupted, running;
	int nchange;			/* finished sessions with both scores */
	int64_t change_sum;		/* the sum of their after - before */
	int64_t first;			/* local day of the first session; INT64_MAX: none */
	int npain;			/* every pain score, of every kind */
	int streak;			/* as limber_stats.streak */
	/* The last STATS_DAYS local days, [0] the oldest, the last today: */
	int day_sessions[STATS_DAYS];	/* sessions started that day */
	int day_scores[STATS_DAYS];	/* scores that count for the trend */
	int64_t day_sum[STATS_DAYS];	/* and their sum */
};

/* Empty parts for "now". */
void stats_parts_init(struct stats_parts *p, int64_t now);
/* The index of a local day in the parts' day arrays; -1 outside them. */
int stats_day_index(const struct stats_parts *p, int64_t day);
/* Whether a score of this kind goes into the weekly mean. */
bool stats_trend_kind(enum limber_score_kind k);
void stats_finish(const struct stats_parts *p, struct limber_stats *out);

#endif
