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

/*
 * A change in a 0-10 pain score that people notice: 2 points, or 30% of
 * where it started (Dworkin et al., IMMPACT, J Pain 2008;9:105-121;
 * Ostelo et al., Spine 2008;33:90-94). Both are reported.
 */
#define LIMBER_CHANGE_POINTS 2
#define LIMBER_CHANGE_PERCENT 30
/* The same for the mean of PSFS scores (Stratford et al. 1995). */
#define LIMBER_PSFS_CHANGE_POINTS 2
/* The pain change compares the first this many days with the last. */
#define LIMBER_STATS_SPAN_DAYS 14
/* areas[] is indexed by enum limber_area bits: 0 is "not said". */
#define LIMBER_STATS_AREAS 4

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

/*
 * The scores given before sessions for one area: the first two weeks
 * from the first score against the two weeks ending on the last, both at
 * or before now.
 */
struct limber_stats_area {
	int nscores; /* before scores in all; 0: nothing below is set */
	int64_t first_from, first_to; /* local days of the first two weeks */
	int64_t last_from, last_to;   /* and of the last two */
	int nfirst, nlast;	      /* scores in each */
	double first_mean, last_mean;
	bool has_change;  /* the two do not overlap: 4 weeks or more */
	double change;	  /* last_mean - first_mean; negative is better */
	double percent;	  /* of first_mean; valid when first_mean > 0 */
	bool points;	  /* |change| is LIMBER_CHANGE_POINTS or more */
	bool percent_met; /* |change| is LIMBER_CHANGE_PERCENT% or more */
};

/* PEG or PSFS askings: the first answered against the last. */
struct limber_stats_measure {
	int n;			   /* answered askings at or before now */
	int nskipped;		   /* skipped ones */
	int64_t first_at, last_at; /* valid when n > 0 */
	double first, last; /* PEG: mean of its 3 items; PSFS: of its scores */
	double change;	    /* last - first; valid when n >= 2 */
	bool same_activities; /* PSFS: the last scored the first's activities */
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
	bool empty; /* no sessions, pain scores, PEG or PSFS askings */
	/* Of the nchange sessions, those whose after score was lower,
	 * higher, the same as before: */
	int nbetter, nworse, nsame;
	/*
	 * Sessions a week since the first record (a session, pain score or
	 * screening) at or before now, so a short journal is not judged on
	 * weeks before it began; limber report counts them the same way.
	 */
	bool has_first_record;
	int64_t first_record;	  /* its time */
	int64_t first_record_day; /* its local day */
	int record_sessions;	  /* sessions started since, to now */
	double record_weeks;	  /* local days to today / 7, at least 1 */
	double record_per_week;	  /* record_sessions / record_weeks */
	struct limber_stats_area areas[LIMBER_STATS_AREAS];
	struct limber_stats_measure peg, psfs;
};

/* Better or worse when either threshold is met, else none. */
enum limber_change_mark
limber_stats_area_mark(const struct limber_stats_area *a);

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
