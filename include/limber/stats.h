/*
 * stats.h - the statistics of the journal (lib/stats.c): sessions a week,
 * completion, change from before to after, the weekly trend and the
 * streak, from loaded data or straight from the journal
 * (docs/journal.md, "Statistics").
 */
#ifndef LIMBER_STATS_H
#define LIMBER_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "limber/journal-read.h"

struct limber_journal;
struct limber_journal_data;

#define LIMBER_STATS_WEEKS 4

/* Marks on a week whose mean moved 2 points or 30% from the start. */
enum limber_change_mark {
	LIMBER_CHANGE_NONE,
	LIMBER_CHANGE_BETTER,
	LIMBER_CHANGE_WORSE,
};

struct limber_stats_week {
	int64_t first_day, last_day; /* local day numbers, 7 days */
	int sessions;		     /* sessions started in the week */
	int npain;		     /* pain scores counted */
	double mean_pain;	     /* valid when npain > 0 */
	double change; /* mean - start level; valid when marked or has_change */
	bool has_change; /* has scores, and a start level before it */
	enum limber_change_mark mark;
};

struct limber_stats {
	int sessions; /* all sessions */
	int done, stopped, interrupted, running;
	double per_week;    /* sessions a week over the last weeks (see docs) */
	int per_week_weeks; /* how many weeks that mean covers; 0: none */
	double completion;  /* done / finished; valid when finished > 0 */
	int finished;	    /* done + stopped + interrupted */
	double mean_change; /* mean of after - before; valid when nchange > 0 */
	int nchange;
	struct limber_stats_week weeks[LIMBER_STATS_WEEKS]; /* oldest first */
	int start_week; /* index of the start level's week; -1: none */
	double start_level;
	int streak; /* local days in a row with a session, to today or yesterday */
	int npain;  /* all pain scores */
	bool empty; /* no sessions and no pain scores */
};

/*
 * Compute the statistics at now. Weeks are the last 28 local days, as four
 * blocks of 7 ending today. Weekly mean pain counts the scores given before
 * and after sessions, at the next-day check and by hand (not those during a
 * session, which the stop rules judge). The start level is the first of
 * those weeks with scores; a later week whose mean differs from it by 2
 * points or more, or by 30% of it or more, is marked better or worse.
 */
void limber_stats_compute(const struct limber_journal_data *d, int64_t now,
    struct limber_stats *out);

/*
 * The same statistics as limber_stats_compute() on the whole journal
 * (limber_journal_load() since INT64_MIN), read straight from it: counts
 * and sums in SQL, and only the sessions and scores of the last weeks and
 * of the streak. So it takes milliseconds however long the journal, where
 * loading it all takes seconds on a journal of years. On failure *out is
 * zeroed.
 */
enum limber_status limber_journal_stats(struct limber_journal *j, int64_t now,
    struct limber_stats *out, char **cause);
json_t *limber_stats_to_json(const struct limber_stats *s);

#endif /* LIMBER_STATS_H */
