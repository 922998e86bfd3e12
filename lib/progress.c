/*
 * progress.c - the journal's rules as pure functions: a session's effect,
 * how a stretch's dose moves, when worse sessions send the user to a
 * clinician; and the names of the journal's records (include/limber/
 * progress.h). Days and times are in calendar.c.
 *
 * Everything here is a function of its arguments, so each rule is tested
 * on its own and the journal (journal.c) only gathers the facts and
 * stores the results. The rules and their reasons are in docs/journal.md
 * and docs/safety.md; change those first.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "limber/calendar.h"
#include "limber/journal.h"
#include "limber/progress.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* Names.                                                              */

static const char *const state_names[LIMBER_RECORD_STATE_COUNT] = {
	"running", "done", "stopped", "interrupted",
};

static const char *const kind_names[LIMBER_SCORE_KIND_COUNT] = {
	"before", "during", "after", "next-day", "logged",
};

static const char *const next_day_names[LIMBER_NEXT_DAY_COUNT] = {
	NULL, "settled", "not-settled",
};

static const char *const effect_names[LIMBER_EFFECT_COUNT] = {
	"neutral", "comfortable", "worse",
};

static int
name_parse(const char *const *names, int n, const char *name)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < n; i++) {
		if (names[i] != NULL && strcmp(names[i], name) == 0)
			return i;
	}
	return -1;
}

const char *
limber_record_state_name(enum limber_record_state s)
{
	return (unsigned)s < LIMBER_RECORD_STATE_COUNT ? state_names[s] : "?";
}

int
limber_record_state_parse(const char *name)
{
	return name_parse(state_names, LIMBER_RECORD_STATE_COUNT, name);
}

const char *
limber_score_kind_name(enum limber_score_kind k)
{
	return (unsigned)k < LIMBER_SCORE_KIND_COUNT ? kind_names[k] : "?";
}

int
limber_score_kind_parse(const char *name)
{
	return name_parse(kind_names, LIMBER_SCORE_KIND_COUNT, name);
}

const char *
limber_next_day_name(enum limber_next_day n)
{
	return (unsigned)n < LIMBER_NEXT_DAY_COUNT ? next_day_names[n] : NULL;
}

int
limber_next_day_parse(const char *name)
{
	return name_parse(next_day_names, LIMBER_NEXT_DAY_COUNT, name);
}

const char *
limber_effect_name(enum limber_effect o)
{
	return (unsigned)o < LIMBER_EFFECT_COUNT ? effect_names[o] : "?";
}

/* ------------------------------------------------------------------ */
/* Outcomes and progression.                                           */

enum limber_effect
limber_session_effect(enum limber_record_state state, int before,
    int after, enum limber_next_day next_day)
{
	if (next_day == LIMBER_NEXT_DAY_UNSETTLED)
		return LIMBER_EFFECT_WORSE;
	if (state == LIMBER_RECORD_RUNNING)
		return LIMBER_EFFECT_NEUTRAL;
	if (before >= 0 && after >= 0 && after > before)
		return LIMBER_EFFECT_WORSE;
	if (state == LIMBER_RECORD_DONE && before >= 0 && after >= 0)
		return LIMBER_EFFECT_COMFORTABLE;
	return LIMBER_EFFECT_NEUTRAL;
}

bool
limber_session_better(enum limber_record_state state, int before, int after,
    enum limber_next_day next_day)
{
	if (limber_session_effect(state, before, after, next_day) ==
	    LIMBER_EFFECT_WORSE || state == LIMBER_RECORD_RUNNING)
		return false;
	return before >= 0 && after >= 0 && after < before;
}

struct limber_stage
limber_stage_next(struct limber_stage s, enum limber_effect o, int64_t at)
{
	if (s.level < LIMBER_STAGE_GENTLE || s.level > LIMBER_STAGE_STRONGER) {
		s = (struct limber_stage){ .level = LIMBER_STAGE_GENTLE,
			.since = at };
	}
	switch (o) {
	case LIMBER_EFFECT_COMFORTABLE:
		s.streak++;
		if (s.streak >= LIMBER_STAGE_SESSIONS &&
		    at - s.since >= (int64_t)LIMBER_STAGE_DAYS * 86400 &&
		    s.level < LIMBER_STAGE_STRONGER) {
			s.level++;
			s.streak = 0;
			s.since = at;
		}
		break;
	case LIMBER_EFFECT_WORSE:
		if (s.level > LIMBER_STAGE_GENTLE)
			s.level--;
		s.streak = 0;
		s.since = at;
		break;
	default:
		break;
	}
	return s;
}

struct limber_progress
limber_progress_next(struct limber_progress p, enum limber_effect o,
    const struct limber_range *range)
{
	if (p.reps < range->min)
		p.reps = range->min;
	if (p.reps > range->max)
		p.reps = range->max;
	if (p.streak < 0)
		p.streak = 0;

	switch (o) {
	case LIMBER_EFFECT_COMFORTABLE:
		p.streak++;
		if (p.streak >= LIMBER_PROGRESS_SESSIONS) {
			if (p.reps < range->max)
				p.reps++;
			p.streak = 0;
		}
		break;
	case LIMBER_EFFECT_WORSE:
		if (p.reps > range->min)
			p.reps--;
		p.streak = 0;
		break;
	default:
		p.streak = 0;
		break;
	}
	return p;
}

static int
event_cmp(const void *a, const void *b)
{
	const struct limber_course_event *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	/* At the same second a worse session counts last: the stricter reading. */
	if (x->kind != y->kind)
		return x->kind == LIMBER_COURSE_WORSE ? 1 :
		    y->kind == LIMBER_COURSE_WORSE ? -1 : 0;
	return 0;
}

bool
limber_worse_after_sessions(const struct limber_course_event *events, size_t n)
{
	struct limber_course_event *ev;
	bool flag = false;
	int64_t last_worse = 0;
	bool have_worse = false;

	if (n == 0)
		return false;
	ev = xcalloc(n, sizeof *ev);
	memcpy(ev, events, n * sizeof *ev);
	qsort(ev, n, sizeof *ev, event_cmp);
	for (size_t i = 0; i < n; i++) {
		switch (ev[i].kind) {
		case LIMBER_COURSE_WORSE:
			if (have_worse &&
			    ev[i].at - last_worse <=
				(int64_t)LIMBER_WORSE_DAYS * LIMBER_DAY_S)
				flag = true;
			last_worse = ev[i].at;
			have_worse = true;
			break;
		case LIMBER_COURSE_BETTER:
		case LIMBER_COURSE_CLEARED:
			flag = false;
			have_worse = false;
			break;
		}
	}
	free(ev);
	return flag;
}

bool
limber_no_improvement(const struct limber_pain_point *p, size_t n, int64_t now)
{
	const int64_t week = 7 * LIMBER_DAY_S;
	int64_t from = now - (int64_t)LIMBER_NO_BETTER_SPAN_DAYS * LIMBER_DAY_S;
	int64_t first = INT64_MAX;
	long base_sum = 0, base_n = 0, last_sum = 0, last_n = 0;
	long base, last, drop;
	bool week_had[LIMBER_NO_BETTER_WEEKS] = { false };

	for (size_t i = 0; i < n; i++) {
		int64_t ago = now - p[i].at;

		if (p[i].at < from || p[i].at > now)
			continue;
		if (ago / week < LIMBER_NO_BETTER_WEEKS)
			week_had[ago / week] = true;
		if (p[i].before >= 0 && p[i].at < first)
			first = p[i].at;
	}
	for (size_t k = 0; k < LIMBER_NO_BETTER_WEEKS; k++)
		if (!week_had[k])
			return false;
	/* At least four weeks between the first scores and the last. */
	if (first == INT64_MAX ||
	    now - first < (int64_t)LIMBER_NO_BETTER_WEEKS * week)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (p[i].before < 0 || p[i].at < from || p[i].at > now)
			continue;
		if (p[i].at < first + week) {
			base_sum += p[i].before;
			base_n++;
		}
		if (p[i].at > now - week) {
			last_sum += p[i].before;
			last_n++;
		}
	}
	if (base_n == 0 || last_n == 0)
		return false;
	/* Compare means without division: tenths of a point. */
	base = base_sum * 10 / base_n;
	last = last_sum * 10 / last_n;
	drop = base - last;

	if (last < 10)
		return false; /* pain has gone below 1: nothing to refer */
	return drop < 20 && drop * 10 < base * 3;
}

bool
limber_screening_fresh(const struct limber_last_screening *s, int64_t now)
{
	if (!s->found || !limber_level_allows_session(s->verdict))
		return false;
	return now >= s->at && now - s->at <= LIMBER_SCREENING_FRESH_S;
}
