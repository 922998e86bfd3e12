/*
 * report.h - what a progress report shows, gathered from the journal
 * (docs/report.md), and the journal as an HL7 FHIR R4 Bundle.
 *
 * The report answers "is this helping?" for a patient and for the
 * clinician they hand it to: pain before and after each session over the
 * weeks asked for, with a trend line and the changes that matter marked;
 * sessions a week and how many went to the end; which stretches were done
 * and which skipped; every stop and why; the screenings. The library only
 * gathers and counts (a pure function of the loaded journal and "now");
 * render/report.c draws it and the front end writes the file. Local days
 * and weeks follow the process's time zone (TZ), as in journal.h.
 *
 * Each part of the report is its own array here and its own section in
 * the renderer, so a new part (reminder adherence, say) is one more field
 * filled in limber_report_build() and one more entry in the renderer's
 * table of sections.
 */
#ifndef LIMBER_REPORT_H
#define LIMBER_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "limber/journal.h"
#include "limber/remind.h"
#include "limber/stats.h"

/* How many weeks a report may cover, and covers unless asked. */
#define LIMBER_REPORT_WEEKS_MIN 1
#define LIMBER_REPORT_WEEKS_MAX 104
#define LIMBER_REPORT_WEEKS_DEFAULT 8

/* One pain score on the chart. */
struct limber_report_point {
	int64_t at;
	int value;				/* 0..10 */
	enum limber_score_kind kind;		/* before, after, next-day or logged */
	int session;				/* index in sessions; -1: logged by hand */
	enum limber_change_mark mark;		/* 2 points or 30% from the start level */
};

/* One session started in the period. */
struct limber_report_session {
	int64_t started, ended;		/* ended: meaningless while running */
	enum limber_record_state state;
	char *reason;			/* why it stopped; NULL otherwise */
	int before, after;		/* as limber_session_effect takes them; -1: none */
	enum limber_effect effect;
	int stretches_done, stretches_skipped;
	/* Stopped by limber for pain or a warning sign, not by the person. */
	bool safety_stop;
};

/* Seven local days of the period, oldest first. */
struct limber_report_week {
	int64_t first_day;		/* local day number; the week ends 6 days on */
	int sessions;			/* started in the week */
	int done, stopped, interrupted;	/* of those, how they ended */
	int npain; /* scores counted for the mean (not after) */
	double mean_pain;		/* valid when npain > 0 */
};

/* A stretch, with how often it was done and skipped in the period. */
struct limber_report_stretch {
	char *stretch;			/* id */
	int done, skipped;
};

/* A session that did not go to the end: stopped or interrupted. */
struct limber_report_stop {
	int64_t at;			/* when it ended */
	int session;			/* index in sessions */
	enum limber_record_state state;	/* stopped or interrupted */
	const char *reason;		/* the session's reason; NULL for interrupted */
};

/*
 * A stretch whose repetitions differ from the last time it was done in
 * the period: the dose progression moved it (or a plan changed it).
 */
struct limber_report_dose {
	int64_t at;    /* the session's start */
	int session;   /* index in sessions */
	char *stretch; /* id */
	int from, to;  /* repetitions */
};

/* A note the person wrote: on its own, about a session, or with a score. */
struct limber_report_note {
	int64_t at;
	int session; /* index in sessions; -1: on its own */
	char *text;
};

/*
 * An activity of the first PSFS answers in the summary (stats.psfs's
 * first asking), with its score then and in the last answers.
 */
struct limber_report_activity {
	char *activity;
	int first, last; /* 0..10; last -1: not scored last time */
};

/* A screening in the period. */
struct limber_report_screening {
	int64_t at;
	int pain;
	unsigned area;
	enum limber_level verdict;
	char **yes;			/* question ids answered yes */
	size_t nyes;
};

struct limber_report {
	int64_t now;
	int weeks;			/* how many weeks it covers */
	int64_t first_day, last_day;	/* local day numbers; last_day is today's */
	int64_t from;			/* local midnight starting first_day */

	struct limber_report_point *points;	/* in time order */
	size_t npoints;
	/*
	 * The start level: the mean of the scores of the first week of the
	 * period that has any. Points 2 points or 30% of it away are marked.
	 * The start level, the marks, the weekly means and the trend count
	 * every kind but after: an after score is the session's relief, drawn
	 * apart, and mixed in it would make the trend look better than the
	 * pain the person lives with between sessions.
	 */
	bool has_start;
	double start_level;
	int start_week;			/* its index in weeks; -1: none */
	/* Least squares over the points: value = trend_at_from + slope * days. */
	bool has_trend;			/* two points or more, not all at one time */
	double trend_at_from;		/* the line's value at from */
	double trend_per_week;		/* its slope, points a week */

	struct limber_report_session *sessions;	/* by start */
	size_t nsessions;
	int done, stopped, interrupted, running;
	struct limber_report_week *week;	/* weeks entries */
	struct limber_report_stretch *stretches;	/* by id */
	size_t nstretches;
	struct limber_report_stop *stops;	/* by time */
	size_t nstops;
	struct limber_report_screening *screenings;	/* by time */
	size_t nscreenings;
	int64_t last_clearance;		/* the latest clearance in the period; 0: none */
	/*
	 * The screenings that found nothing needing a clinician (go, or go
	 * with care): the report gives them one line; the others, one each.
	 */
	size_t nscreenings_clear;
	int safety_stops; /* sessions with safety_stop */

	/* Doses that changed, and the person's notes, by time. */
	struct limber_report_dose *doses;
	size_t ndoses;
	struct limber_report_note *notes;
	size_t nnotes;

	/*
	 * The time of the period's first record (a session, a pain score or
	 * a screening: stats.first_record); 0: none. When the journal is
	 * younger than the period the charts start here, and first_week is
	 * the week that holds it (0 otherwise).
	 */
	int64_t first_record;
	int first_week;
	int64_t chart_from; /* from, or local midnight of its day */
	/*
	 * The summary's figures: `limber stats` (limber_stats_compute) on the
	 * period's records, so both say the same of the same records: the
	 * change in pain per area, the sessions that ended better, worse or
	 * the same, PEG and PSFS first and last, and sessions a week from
	 * the first record.
	 */
	struct limber_stats stats;
	/* The activities of stats.psfs's first asking, in its order. */
	struct limber_report_activity activities[LIMBER_PSFS_MAX];
	size_t nactivities;
	/*
	 * How reminder prompts (`limber remind`) in the period were answered.
	 * The loaded journal data does not hold prompts, so the front end
	 * fills this from limber_journal_adherence(j, from, ...) and sets
	 * has_adherence; limber_report_build leaves it zero.
	 */
	bool has_adherence;
	struct limber_adherence adherence;
	bool empty;			/* nothing at all in the period */
};

/*
 * Gather the report of the weeks (LIMBER_REPORT_WEEKS_MIN..MAX, clamped)
 * ending on the local day of now, from d (limber_journal_load; the
 * report copies what it keeps, so d may be freed after). The period is
 * whole local days: weeks * 7 of them, the last today. Pain points are
 * the scores of kinds before, after, next-day and logged; scores given
 * during a session are for its stop rules and are left out, as in the
 * statistics. Returns a report to free with limber_report_free.
 */
struct limber_report *limber_report_build(const struct limber_journal_data *d,
    int64_t now, int weeks);
void limber_report_free(struct limber_report *r);

/* The report as JSON (`limber report --json`), times in local ISO 8601. */
json_t *limber_report_to_json(const struct limber_report *r);

/*
 * Whether v differs from the start level enough to be a change people
 * notice: by 2 points or more, or by 30% of start or more; a difference
 * of 0 never is. LIMBER_CHANGE_BETTER when lower.
 */
enum limber_change_mark limber_report_mark(double start, double v);

/* ------------------------------------------------------------------ */
/* FHIR R4 (lib/fhir.c).                                               */

/* The LOINC code of a 0-10 pain severity score (docs/report.md). */
#define LIMBER_LOINC_PAIN "72514-3"

/*
 * The journal as an HL7 FHIR R4 Bundle of type "collection": a Patient
 * with no identifying data (the subject the others refer to), each pain
 * score an Observation (LOINC 72514-3, valueInteger, effectiveDateTime,
 * its kind and note as a note, the area as bodySite when said, partOf the
 * session's Procedure), each session a Procedure (SNOMED CT 229065009
 * exercise therapy; status completed, stopped or in-progress; the
 * stretches done and skipped as notes), and the current routine (the plan
 * of the latest session, at the journal's doses) as a CarePlan with one
 * activity per stretch. Resources are named by urn:uuid full URLs made
 * from the journal's contents, so the same journal gives the same
 * Bundle. Times are UTC. now is the Bundle's timestamp. Its words for a
 * reader (notes, titles, questions) are in the calling thread's language;
 * codes, systems and the code systems' displays never are.
 */
json_t *limber_journal_data_to_fhir(const struct limber_journal_data *d,
    int64_t now);

#endif /* LIMBER_REPORT_H */
