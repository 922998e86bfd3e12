/*
 * progress.c - the journal's rules as pure functions: a session's effect,
 * how a stretch's dose moves, when worse sessions send the user to a
 * clinician; and the journal's names and times.
 *
 * Everything here is a function of its arguments, so each rule is tested
 * on its own and the journal (journal.c) only gathers the facts and
 * stores the results. The rules and their reasons are in docs/journal.md
 * and docs/safety.md; change those first.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "limber/limber.h"
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
			    ev[i].at - last_worse <= (int64_t)LIMBER_WORSE_DAYS * 86400)
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
	const int64_t week = 7 * 86400;
	int64_t from = now - (int64_t)LIMBER_NO_BETTER_SPAN_DAYS * 86400;
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

/* ------------------------------------------------------------------ */
/* Time.                                                               */

/* After Howard Hinnant's days_from_civil. */
int64_t
limber_days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

int64_t
limber_local_day(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return t / 86400;
	return limber_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
}

const char *
limber_time_iso(int64_t t, bool local, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!local) {
		if (gmtime_r(&tt, &tm) == NULL)
			goto bad;
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
	} else {
		int64_t off;
		char sign;

		if (localtime_r(&tt, &tm) == NULL)
			goto bad;
		/* The offset from the fields, not tm_gmtoff: POSIX lacks it. */
		off = (limber_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday) * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 +
		    tm.tm_sec) - t;
		sign = off < 0 ? '-' : '+';
		if (off < 0)
			off = -off;
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, sign, (int)(off / 3600),
		    (int)(off / 60 % 60));
	}
	return buf;
bad:
	snprintf(buf, size, "?");
	return buf;
}

static bool
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static int
month_days(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

bool
limber_time_parse(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0;
	int64_t off = 0;

	if (s == NULL || strlen(s) < 20)
		return false;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
	    s[7] != '-' || !digits(s + 8, 2, &d) || s[10] != 'T' ||
	    !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) ||
	    s[16] != ':' || !digits(s + 17, 2, &sec))
		return false;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) ||
	    h > 23 || mi > 59 || sec > 59)
		return false;
	if (strcmp(s + 19, "Z") == 0)
		off = 0;
	else if ((s[19] == '+' || s[19] == '-') && strlen(s + 19) == 6 &&
	    digits(s + 20, 2, &oh) && s[22] == ':' && digits(s + 23, 2, &om) &&
	    oh <= 23 && om <= 59)
		off = (s[19] == '-' ? -1 : 1) * ((int64_t)oh * 3600 + om * 60);
	else
		return false;
	*out = limber_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 +
	    sec - off;
	return *out >= 0;
}

/* After Howard Hinnant's civil_from_days. */
void
limber_civil_from_days(int64_t days, int *y, int *m, int *d)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t dd = doy - (153 * mp + 2) / 5 + 1;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;

	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}
