/*
 * import.c - an export added back into the journal
 * (include/limber/import.h, docs/journal.md, "Import").
 *
 * Every field of the file is checked first, with its JSON path, line and
 * column in the message, into the same data the journal is read into;
 * only then is anything written. What the journal holds already is found
 * by sorting the file's records with the journal's, read in a read
 * transaction, and one short write transaction adds the rest: all of it,
 * or nothing.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "i18n.h"
#include "internal.h"
#include "journal-db.h"
#include "jsonpos.h"
#include "limber/limber.h"
#include "limber/remind.h"
#include "util.h"

/* Imports larger than this are refused (an export of years is far smaller). */
#define IMPORT_MAX_RECORDS 1000000

/*
 * The first fault: its JSON path ("" for the file as a whole) and what is
 * wrong. Its line and column are found from the path once the check has
 * failed (jsonpos.h), so that a good file is not scanned twice.
 */
struct ifault {
	char *path;
	char *what;
};

static bool ifail(struct ifault *err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Set *err once; returns false. */
static bool
ifail(struct ifault *err, const char *path, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (err->what == NULL) {
		err->path = xstrdup(path != NULL ? path : "");
		err->what = msg;
	} else
		free(msg);
	return false;
}

static char *
path_key(const char *path, const char *key)
{
	return *path != '\0' ? xasprintf("%s.%s", path, key) : xstrdup(key);
}

static char *
path_index(const char *path, size_t i)
{
	return xasprintf("%s[%zu]", path, i);
}

/* An object with no fields but those in keys (ending with NULL). */
static bool
check_object(json_t *v, const char *path, const char *const *keys,
    struct ifault *err)
{
	const char *key;
	json_t *value;

	if (!json_is_object(v))
		return ifail(err, path, _("must be an object"));
	json_object_foreach(v, key, value) {
		bool known = false;

		(void)value;
		for (size_t i = 0; keys[i] != NULL && !known; i++)
			known = strcmp(keys[i], key) == 0;
		if (!known) {
			char *p = path_key(path, key);

			ifail(err, p, _("unknown field"));
			free(p);
			return false;
		}
	}
	return true;
}

/* The field, or NULL with *err set when it is missing. */
static json_t *
field(json_t *obj, const char *path, const char *key, struct ifault *err)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL) {
		char *p = path_key(path, key);

		ifail(err, p, _("missing"));
		free(p);
	}
	return v;
}

static bool
get_int(json_t *obj, const char *path, const char *key, long long min,
    long long max, int64_t *out, struct ifault *err)
{
	json_t *v = field(obj, path, key, err);
	char *p;

	if (v == NULL)
		return false;
	if (json_is_integer(v) && json_integer_value(v) >= min &&
	    json_integer_value(v) <= max) {
		*out = json_integer_value(v);
		return true;
	}
	p = path_key(path, key);
	ifail(err, p, _("must be a whole number from %lld to %lld"), min, max);
	free(p);
	return false;
}

static bool
get_small(json_t *obj, const char *path, const char *key, int min, int max,
    int *out, struct ifault *err)
{
	int64_t v;

	if (!get_int(obj, path, key, min, max, &v, err))
		return false;
	*out = (int)v;
	return true;
}

/* A time; with nullable, null gives *isnull. */
static bool
get_time(json_t *obj, const char *path, const char *key, bool nullable,
    int64_t *out, bool *isnull, struct ifault *err)
{
	json_t *v = field(obj, path, key, err);
	char *p;

	if (v == NULL)
		return false;
	if (isnull != NULL)
		*isnull = false;
	if (nullable && json_is_null(v)) {
		*isnull = true;
		*out = 0;
		return true;
	}
	if (json_is_string(v) && limber_time_parse(json_string_value(v), out))
		return true;
	p = path_key(path, key);
	if (nullable)
		ifail(err, p,
		    _("must be a time such as \"2026-11-25T16:01:28Z\", or "
		      "null"));
	else
		ifail(err, p,
		    _("must be a time such as \"2026-11-25T16:01:28Z\""));
	free(p);
	return false;
}

/* Text that is not empty; with nullable, null gives NULL. */
static bool
get_text(json_t *obj, const char *path, const char *key, bool nullable,
    char **out, struct ifault *err)
{
	json_t *v = field(obj, path, key, err);
	char *p;

	*out = NULL;
	if (v == NULL)
		return false;
	if (nullable && json_is_null(v))
		return true;
	if (json_is_string(v) && json_string_length(v) > 0 &&
	    strlen(json_string_value(v)) == json_string_length(v)) {
		*out = xstrdup(json_string_value(v));
		return true;
	}
	p = path_key(path, key);
	if (nullable)
		ifail(err, p, _("must be text that is not empty, or null"));
	else
		ifail(err, p, _("must be text that is not empty"));
	free(p);
	return false;
}

/*
 * One of names (by parse); "what" lists them for the message. The names
 * are the file's own values, not words: they are not translated.
 */
static bool
get_name(json_t *obj, const char *path, const char *key, bool nullable,
    int (*parse)(const char *), const char *what, int *out, struct ifault *err)
{
	json_t *v = field(obj, path, key, err);
	char *p;

	if (v == NULL)
		return false;
	if (nullable && json_is_null(v)) {
		*out = -1;
		return true;
	}
	if (json_is_string(v) && (*out = parse(json_string_value(v))) >= 0)
		return true;
	p = path_key(path, key);
	/*
	 * TRANSLATORS: %s lists the values the file may hold, as they are
	 * written in it ("upper, lower or both"); they stay English.
	 */
	if (nullable)
		ifail(err, p, _("must be %s, or null"), what);
	else
		ifail(err, p, _("must be %s"), what);
	free(p);
	return false;
}

static int
parse_area(const char *s)
{
	unsigned a = journal_area_parse(s);

	return a != 0 ? (int)a : -1;
}

static int
parse_session_kind(const char *s)
{
	int k = limber_score_kind_parse(s);

	return k == LIMBER_SCORE_LOGGED ? -1 : k;
}

static int
parse_logged_kind(const char *s)
{
	return strcmp(s, "logged") == 0 ? LIMBER_SCORE_LOGGED : -1;
}

static int
parse_next_day(const char *s)
{
	int n = limber_next_day_parse(s);

	return n > 0 ? n : -1;
}

/* The array at key (missing: empty, when optional), into *arr. */
static bool
get_array(json_t *obj, const char *path, const char *key, bool optional,
    json_t **arr, struct ifault *err)
{
	json_t *v = json_object_get(obj, key);
	char *p;

	*arr = NULL;
	if (v == NULL && optional)
		return true;
	if (v == NULL)
		return field(obj, path, key, err) != NULL;
	if (json_is_array(v)) {
		*arr = v;
		return true;
	}
	p = path_key(path, key);
	ifail(err, p, _("must be an array"));
	free(p);
	return false;
}

/* Text at key when given (it may be left out; null only when nullable). */
static bool
opt_text(json_t *obj, const char *path, const char *key, bool nullable,
    struct ifault *err)
{
	char *s = NULL;
	bool ok = json_object_get(obj, key) == NULL ||
	    get_text(obj, path, key, nullable, &s, err);

	free(s);
	return ok;
}

/* A whole number from min to max at key, when given. */
static bool
opt_small(json_t *obj, const char *path, const char *key, int min, int max,
    struct ifault *err)
{
	int n;

	return json_object_get(obj, key) == NULL ||
	    get_small(obj, path, key, min, max, &n, err);
}

/*
 * A session's plan holds what the planner wrote, and is kept as it came,
 * so that a plan from a newer limber still imports. What the history, the
 * report and the exports read from it must be there and sound, though:
 * the area (the FHIR export's body site) and each item's stretch, with
 * its name, variant's name and numbers when given (the history's names,
 * the FHIR care plan). A plan without them once made the FHIR export
 * crash (docs/reliability.md).
 */
static bool
import_plan(json_t *plan, const char *path, struct ifault *err)
{
	json_t *items, *it;
	char *lp, *ip;
	size_t i;
	bool ok = true;
	int area;

	if (!get_name(plan, path, "area", false, parse_area,
		"upper, lower or both", &area, err) ||
	    !get_array(plan, path, "items", false, &items, err))
		return false;
	lp = path_key(path, "items");
	json_array_foreach(items, i, it) {
		ip = path_index(lp, i);
		if (!json_is_object(it))
			ok = ifail(err, ip, _("must be an object: a stretch"));
		ok = ok && field(it, ip, "stretch", err) != NULL &&
		    opt_text(it, ip, "stretch", false, err) &&
		    opt_text(it, ip, "name", false, err) &&
		    opt_text(it, ip, "variant", true, err) &&
		    opt_text(it, ip, "variant_name", true, err) &&
		    opt_small(it, ip, "reps", 0, 100, err) &&
		    opt_small(it, ip, "sides", 0, 2, err) &&
		    opt_small(it, ip, "hold_s", 0, 3600, err);
		free(ip);
		if (!ok)
			break;
	}
	free(lp);
	return ok;
}

static bool
import_pain(json_t *v, const char *path, bool in_session,
    struct limber_journal_pain *p, struct ifault *err)
{
	static const char *const keys[] = {
		"at",
		"kind",
		"value",
		"area",
		"note",
		NULL,
	};
	int kind, area;

	memset(p, 0, sizeof *p);
	if (!check_object(v, path, keys, err) ||
	    !get_time(v, path, "at", false, &p->at, NULL, err) ||
	    !get_name(v, path, "kind", false,
		in_session ? parse_session_kind : parse_logged_kind,
		in_session ? "before, during, after or next-day" :
			     /* TRANSLATORS: "logged" and "pain" are
				the file's words: keep them as they are. */
			     _("logged (scores of a session go in its own "
					"\"pain\")"),
		&kind, err) ||
	    !get_small(v, path, "value", LIMBER_PAIN_MIN, LIMBER_PAIN_MAX,
		&p->value, err) ||
	    !get_name(v, path, "area", true, parse_area, "upper, lower or both",
		&area, err) ||
	    !get_text(v, path, "note", true, &p->note, err))
		return false;
	p->kind = (enum limber_score_kind)kind;
	p->area = area > 0 ? (unsigned)area : 0;
	return true;
}

static bool
import_note(json_t *v, const char *path, struct limber_journal_note *n,
    struct ifault *err)
{
	static const char *const keys[] = { "at", "text", NULL };

	memset(n, 0, sizeof *n);
	return check_object(v, path, keys, err) &&
	    get_time(v, path, "at", false, &n->at, NULL, err) &&
	    get_text(v, path, "text", false, &n->text, err);
}

static bool
import_stretch(json_t *v, const char *path, struct limber_journal_stretch *x,
    struct ifault *err)
{
	static const char *const keys[] = {
		"at",
		"stretch",
		"variant",
		"reps",
		"sides",
		"skipped",
		NULL,
	};
	json_t *sk;
	char *p;

	memset(x, 0, sizeof *x);
	if (!check_object(v, path, keys, err) ||
	    !get_time(v, path, "at", false, &x->at, NULL, err) ||
	    !get_text(v, path, "stretch", false, &x->stretch, err) ||
	    !get_text(v, path, "variant", true, &x->variant, err) ||
	    !get_small(v, path, "reps", 0, 100, &x->reps, err) ||
	    !get_small(v, path, "sides", 0, 2, &x->sides, err) ||
	    (sk = field(v, path, "skipped", err)) == NULL)
		return false;
	if (!json_is_boolean(sk)) {
		p = path_key(path, "skipped");
		ifail(err, p, _("must be true or false"));
		free(p);
		return false;
	}
	x->skipped = json_is_true(sk);
	return true;
}

/* Each element of arr through fn, into a new array of n elements. */
#define IMPORT_LIST(arr, path, key, out, n, call) \
	do { \
		char *lp_ = path_key((path), (key)); \
		size_t i_; \
		json_t *v_; \
		bool ok_ = true; \
		json_array_foreach((arr), i_, v_) { \
			char *ip_ = path_index(lp_, i_); \
			GROW((out), (n)); \
			ok_ = call; \
			(n)++; \
			free(ip_); \
			if (!ok_) \
				break; \
		} \
		free(lp_); \
		if (!ok_) \
			return false; \
	} while (0)

static bool
import_session(json_t *v, const char *path, size_t nscreenings,
    struct limber_journal_session *s, struct ifault *err)
{
	static const char *const keys[] = {
		"started",
		"ended",
		"state",
		"reason",
		"last_step",
		"next_day",
		"screening",
		"plan",
		"stretches",
		"pain",
		"notes",
		NULL,
	};
	json_t *arr, *plan, *scr;
	bool noend = false, ok;
	int state, next_day;
	char *p;

	memset(s, 0, sizeof *s);
	s->screening = -1;
	if (!check_object(v, path, keys, err) ||
	    !get_time(v, path, "started", false, &s->started, NULL, err) ||
	    !get_time(v, path, "ended", true, &s->ended, &noend, err) ||
	    !get_name(v, path, "state", false, limber_record_state_parse,
		"running, done, stopped or interrupted", &state, err) ||
	    !get_text(v, path, "reason", true, &s->reason, err) ||
	    !get_small(v, path, "last_step", -1, 1000000, &s->last_step, err) ||
	    !get_name(v, path, "next_day", true, parse_next_day,
		"settled or not-settled", &next_day, err))
		return false;
	s->state = (enum limber_record_state)state;
	s->next_day = next_day > 0 ?
	    (enum limber_next_day)next_day :
	    LIMBER_NEXT_DAY_UNASKED;

	if ((scr = field(v, path, "screening", err)) == NULL)
		return false;
	if (!json_is_null(scr)) {
		if (!json_is_integer(scr) || json_integer_value(scr) < 0 ||
		    (size_t)json_integer_value(scr) >= nscreenings) {
			p = path_key(path, "screening");
			if (nscreenings == 0)
				ifail(err, p,
				    _("must be null: there are no screenings"));
			else
				ifail(err, p,
				    _("must be null or the index of a "
				      "screening, from 0 to %zu"),
				    nscreenings - 1);
			free(p);
			return false;
		}
		s->screening = json_integer_value(scr);
	}
	if ((plan = field(v, path, "plan", err)) == NULL)
		return false;
	if (!json_is_object(plan)) {
		p = path_key(path, "plan");
		ifail(err, p,
		    _("must be an object (the plan, as 'limber plan "
		      "--json' prints it)"));
		free(p);
		return false;
	}
	p = path_key(path, "plan");
	ok = import_plan(plan, p, err);
	free(p);
	if (!ok)
		return false;
	s->plan = json_dumps(plan, JSON_COMPACT);

	/* Fields that make sense only together. */
	if (noend != (s->state == LIMBER_RECORD_RUNNING)) {
		p = path_key(path, "ended");
		ifail(err, p,
		    noend ? _("must be a time: only a running session "
			      "has no end") :
			    _("must be null: a running session has not "
			      "ended"));
		free(p);
		return false;
	}
	if (!noend && s->ended < s->started) {
		p = path_key(path, "ended");
		ifail(err, p, _("must not be before \"started\""));
		free(p);
		return false;
	}
	if (s->state == LIMBER_RECORD_STOPPED && s->reason == NULL) {
		p = path_key(path, "reason");
		ifail(err, p,
		    _("a stopped session needs the reason it stopped"));
		free(p);
		return false;
	}
	if (s->next_day != LIMBER_NEXT_DAY_UNASKED &&
	    s->state != LIMBER_RECORD_DONE &&
	    s->state != LIMBER_RECORD_STOPPED) {
		p = path_key(path, "next_day");
		ifail(err, p,
		    _("must be null: only a session that is done or "
		      "stopped has a next-day check"));
		free(p);
		return false;
	}

	if (!get_array(v, path, "stretches", false, &arr, err))
		return false;
	IMPORT_LIST(arr, path, "stretches", s->stretches, s->nstretches,
	    import_stretch(v_, ip_, &s->stretches[s->nstretches], err));
	if (!get_array(v, path, "pain", false, &arr, err))
		return false;
	IMPORT_LIST(arr, path, "pain", s->pain, s->npain,
	    import_pain(v_, ip_, true, &s->pain[s->npain], err));
	if (!get_array(v, path, "notes", false, &arr, err))
		return false;
	IMPORT_LIST(arr, path, "notes", s->notes, s->nnotes,
	    import_note(v_, ip_, &s->notes[s->nnotes], err));
	return true;
}

static bool
import_screening(json_t *v, const char *path,
    struct limber_journal_screening *s, struct ifault *err)
{
	static const char *const keys[] = {
		"at",
		"pain",
		"area",
		"yes",
		"verdict",
		NULL,
	};
	json_t *yes, *q;
	int area, level;
	size_t i;

	memset(s, 0, sizeof *s);
	if (!check_object(v, path, keys, err) ||
	    !get_time(v, path, "at", false, &s->at, NULL, err) ||
	    !get_small(v, path, "pain", LIMBER_PAIN_MIN, LIMBER_PAIN_MAX,
		&s->pain, err) ||
	    !get_name(v, path, "area", false, parse_area,
		"upper, lower or both", &area, err) ||
	    !get_name(v, path, "verdict", false, journal_level_parse,
		"go, caution, see-clinician, urgent or emergency", &level,
		err) ||
	    !get_array(v, path, "yes", false, &yes, err))
		return false;
	s->area = (unsigned)area;
	s->verdict = (enum limber_level)level;
	json_array_foreach(yes, i, q) {
		char *lp = path_key(path, "yes"), *ip = path_index(lp, i);
		const struct limber_question *known = json_is_string(q) ?
		    limber_question_find(json_string_value(q)) :
		    NULL;
		bool ok = known != NULL;

		if (!ok)
			ifail(err, ip,
			    _("must be the id of a screening question "
			      "(see 'limber check --list')"));
		for (size_t k = 0; ok && k < s->nyes; k++) {
			if (strcmp(s->yes[k], known->id) == 0)
				ok = ifail(err, ip, _("'%s' is given twice"),
				    known->id);
		}
		free(ip);
		free(lp);
		if (!ok)
			return false;
		GROW(s->yes, s->nyes);
		s->yes[s->nyes++] = xstrdup(known->id);
	}
	return true;
}

static bool
import_dose(json_t *v, const char *path, struct limber_journal_dose *d,
    struct ifault *err)
{
	static const char *const keys[] = { "stretch", "reps", "streak", NULL };

	memset(d, 0, sizeof *d);
	return check_object(v, path, keys, err) &&
	    get_text(v, path, "stretch", false, &d->stretch, err) &&
	    get_small(v, path, "reps", 1, 100, &d->reps, err) &&
	    get_small(v, path, "streak", 0, 1000, &d->streak, err);
}

static bool
import_clearance(json_t *v, const char *path,
    struct limber_journal_clearance *c, struct ifault *err)
{
	static const char *const keys[] = { "at", "note", NULL };

	memset(c, 0, sizeof *c);
	return check_object(v, path, keys, err) &&
	    get_time(v, path, "at", false, &c->at, NULL, err) &&
	    get_text(v, path, "note", true, &c->note, err);
}

static int
parse_answer(const char *s)
{
	return limber_remind_answer_parse(s);
}

static bool
import_prompt(json_t *v, const char *path, struct limber_journal_prompt *r,
    struct ifault *err)
{
	static const char *const keys[] = {
		"at",
		"schedule",
		"kind",
		"late",
		"answer",
		"answered",
		NULL,
	};
	bool no_time = true;
	json_t *late;
	char *p;

	memset(r, 0, sizeof *r);
	if (!check_object(v, path, keys, err) ||
	    !get_time(v, path, "at", false, &r->at, NULL, err) ||
	    !get_text(v, path, "schedule", false, &r->schedule, err))
		return false;
	if (strlen(r->schedule) > LIMBER_REMIND_NAME_MAX) {
		p = path_key(path, "schedule");
		ifail(err, p, _("must be at most %d characters long"),
		    LIMBER_REMIND_NAME_MAX);
		free(p);
		return false;
	}
	if (!get_name(v, path, "kind", false, journal_remind_kind_parse,
		"every, at or after-workout", &r->kind, err) ||
	    (late = field(v, path, "late", err)) == NULL)
		return false;
	if (!json_is_boolean(late)) {
		p = path_key(path, "late");
		ifail(err, p, _("must be true or false"));
		free(p);
		return false;
	}
	r->late = json_is_true(late);
	if (!get_name(v, path, "answer", true, parse_answer,
		"started, snoozed or skipped", &r->answer, err) ||
	    !get_time(v, path, "answered", true, &r->answered, &no_time, err))
		return false;
	if (r->answer < 0)
		r->answer = LIMBER_ANSWER_NONE;
	if (!no_time && r->answered <= 0) {
		p = path_key(path, "answered");
		ifail(err, p, _("must be a time after 1970"));
		free(p);
		return false;
	}
	if ((r->answer == LIMBER_ANSWER_NONE) != no_time) {
		p = path_key(path, "answered");
		ifail(err, p,
		    _("must be null exactly when \"answer\" is null"));
		free(p);
		return false;
	}
	return true;
}

/* A field that must not be there, with why. */
static bool
absent(json_t *v, const char *path, const char *key, const char *why,
    struct ifault *err)
{
	char *p;

	if (json_object_get(v, key) == NULL)
		return true;
	p = path_key(path, key);
	ifail(err, p, _("must be left out: %s"), why);
	free(p);
	return false;
}

/*
 * "skipped" when given: true, or false (the same as leaving it out);
 * *skipped gets it.
 */
static bool
get_skipped(json_t *v, const char *path, bool *skipped, struct ifault *err)
{
	json_t *sk = json_object_get(v, "skipped");
	char *p;

	*skipped = false;
	if (sk == NULL)
		return true;
	if (json_is_boolean(sk)) {
		*skipped = json_is_true(sk);
		return true;
	}
	p = path_key(path, "skipped");
	ifail(err, p, _("must be true or false"));
	free(p);
	return false;
}

/* A PEG asking: its three answers, or "skipped": true and none. */
static bool
import_peg(json_t *v, const char *path, struct limber_journal_peg *g,
    struct ifault *err)
{
	static const char *const keys[] = {
		"at",
		"pain",
		"enjoyment",
		"activity",
		"skipped",
		NULL,
	};
	const char *why = _("a skipped asking has no answers");

	memset(g, 0, sizeof *g);
	if (!check_object(v, path, keys, err) ||
	    !get_time(v, path, "at", false, &g->at, NULL, err) ||
	    !get_skipped(v, path, &g->skipped, err))
		return false;
	if (g->skipped) {
		g->pain = g->enjoyment = g->activity = -1;
		return absent(v, path, "pain", why, err) &&
		    absent(v, path, "enjoyment", why, err) &&
		    absent(v, path, "activity", why, err);
	}
	return get_small(v, path, "pain", LIMBER_PAIN_MIN, LIMBER_PAIN_MAX,
		   &g->pain, err) &&
	    get_small(v, path, "enjoyment", LIMBER_PAIN_MIN, LIMBER_PAIN_MAX,
		&g->enjoyment, err) &&
	    get_small(v, path, "activity", LIMBER_PAIN_MIN, LIMBER_PAIN_MAX,
		&g->activity, err);
}

/* One activity of a PSFS asking, its name checked as the journal does. */
static bool
import_psfs_item(json_t *v, const char *path, struct limber_journal_psfs *g,
    struct ifault *err)
{
	static const char *const keys[] = { "activity", "score", NULL };
	char *name = NULL, *why = NULL, *p;
	bool ok;

	if (!check_object(v, path, keys, err) ||
	    !get_text(v, path, "activity", false, &name, err))
		return false;
	/* Kept at once, so that data_free frees it whatever follows. */
	g->activity[g->n] = name;
	g->score[g->n++] = 0;
	p = path_key(path, "activity");
	ok = journal_psfs_name_check(name, &why) == LIMBER_OK ||
	    ifail(err, p, "%s", why);
	for (size_t k = 0; ok && k + 1 < g->n; k++) {
		if (strcmp(g->activity[k], name) == 0)
			ok = ifail(err, p,
			    _("\"%s\" is named twice in this asking"), name);
	}
	free(p);
	free(why);
	return ok &&
	    get_small(v, path, "score", LIMBER_PAIN_MIN, LIMBER_PAIN_MAX,
		&g->score[g->n - 1], err);
}

/* A PSFS asking: 1..LIMBER_PSFS_MAX activities, or "skipped": true. */
static bool
import_psfs(json_t *v, const char *path, struct limber_journal_psfs *g,
    struct ifault *err)
{
	static const char *const keys[] = {
		"at",
		"activities",
		"skipped",
		NULL,
	};
	json_t *arr, *it;
	bool skipped, ok = true;
	char *lp, *ip;
	size_t i;

	memset(g, 0, sizeof *g);
	if (!check_object(v, path, keys, err) ||
	    !get_time(v, path, "at", false, &g->at, NULL, err) ||
	    !get_skipped(v, path, &skipped, err))
		return false;
	if (skipped)
		return absent(v, path, "activities",
		    _("a skipped asking has no activities"), err);
	if (!get_array(v, path, "activities", false, &arr, err))
		return false;
	lp = path_key(path, "activities");
	if (json_array_size(arr) < 1 || json_array_size(arr) > LIMBER_PSFS_MAX)
		ok = ifail(err, lp,
		    _("must hold 1 to %d activities (a skipped asking says "
		      "\"skipped\": true)"),
		    LIMBER_PSFS_MAX);
	json_array_foreach(arr, i, it) {
		if (!ok)
			break;
		ip = path_index(lp, i);
		ok = import_psfs_item(it, ip, g, err);
		free(ip);
	}
	free(lp);
	return ok;
}

static size_t
count_records(json_t *root)
{
	size_t n = 0, i;
	json_t *s;

	n += json_array_size(json_object_get(root, "screenings"));
	n += json_array_size(json_object_get(root, "pain"));
	n += json_array_size(json_object_get(root, "notes"));
	n += json_array_size(json_object_get(root, "clearances"));
	n += json_array_size(json_object_get(root, "doses"));
	n += json_array_size(json_object_get(root, "reminders"));
	n += json_array_size(json_object_get(root, "peg"));
	n += json_array_size(json_object_get(root, "psfs"));
	json_array_foreach(json_object_get(root, "sessions"), i, s) {
		n += 1 + json_array_size(json_object_get(s, "stretches")) +
		    json_array_size(json_object_get(s, "pain")) +
		    json_array_size(json_object_get(s, "notes"));
	}
	return n;
}

static int
dose_order(const void *a, const void *b)
{
	const struct limber_journal_dose *const *x = a, *const *y = b;
	int c = strcmp((*x)->stretch, (*y)->stretch);

	return c != 0 ? c : (*x > *y) - (*x < *y);
}

/*
 * One dose a stretch. Sorted by stretch, then by place in the file, so that
 * the time grows with n log n (comparing each with each took 48 s for
 * 120,000); the fault named is the first in the file, as before.
 */
static bool
doses_once(const struct limber_journal_data *d, struct ifault *err)
{
	const struct limber_journal_dose **by = xcalloc(d->ndoses + 1,
	    sizeof *by);
	size_t first = 0, bad = SIZE_MAX, at = 0;

	for (size_t i = 0; i < d->ndoses; i++)
		by[i] = &d->doses[i];
	qsort(by, d->ndoses, sizeof *by, dose_order);
	for (size_t i = 1; i < d->ndoses; i++) {
		if (strcmp(by[i]->stretch, by[first]->stretch) != 0)
			first = i;
		else if ((size_t)(by[i] - d->doses) < bad) {
			bad = (size_t)(by[i] - d->doses);
			at = (size_t)(by[first] - d->doses);
		}
	}
	free(by);
	if (bad != SIZE_MAX) {
		char *p = xasprintf("doses[%zu].stretch", bad);

		ifail(err, p, _("'%s' has a dose already, at doses[%zu]"),
		    d->doses[bad].stretch, at);
		free(p);
		return false;
	}
	return true;
}

/* The whole file, checked, into d. */
static bool
import_parse(json_t *root, struct limber_journal_data *d, struct ifault *err)
{
	static const char *const keys[] = {
		"limber_journal",
		"screenings",
		"sessions",
		"pain",
		"notes",
		"clearances",
		"doses",
		"reminders",
		"peg",
		"psfs",
		NULL,
	};
	json_t *ver, *arr;
	json_int_t version;

	if (!json_is_object(root))
		return ifail(err, NULL,
		    _("not a limber export: it must be a JSON "
		      "object with \"limber_journal\": %d"),
		    LIMBER_EXPORT_VERSION);
	ver = json_object_get(root, "limber_journal");
	if (ver == NULL)
		return ifail(err, NULL,
		    _("not a limber export: the field "
		      "\"limber_journal\" is missing"));
	if (json_is_integer(ver) &&
	    json_integer_value(ver) > LIMBER_EXPORT_VERSION)
		return ifail(err, "limber_journal",
		    _("this export is from a "
		      "newer limber (format %lld; this limber reads format %d)"),
		    (long long)json_integer_value(ver), LIMBER_EXPORT_VERSION);
	if (!json_is_integer(ver) ||
	    json_integer_value(ver) < LIMBER_EXPORT_OLDEST)
		return ifail(err, "limber_journal", _("must be %d to %d"),
		    LIMBER_EXPORT_OLDEST, LIMBER_EXPORT_VERSION);
	version = json_integer_value(ver);
	if (!check_object(root, "", keys, err))
		return false;
	/* Format 1 had no reminders: a file that says 1 and has them is odd. */
	if (version < 2 && json_object_get(root, "reminders") != NULL)
		return ifail(err, "reminders",
		    _("is not in format 1: a file "
		      "with reminders says \"limber_journal\": 2"));
	/* Nor had formats 1 and 2 the outcome measures. */
	if (version < 3 && json_object_get(root, "peg") != NULL)
		return ifail(err, "peg",
		    _("is not in format %lld: a file with PEG "
		      "askings says \"limber_journal\": 3"),
		    (long long)version);
	if (version < 3 && json_object_get(root, "psfs") != NULL)
		return ifail(err, "psfs",
		    _("is not in format %lld: a file with PSFS "
		      "askings says \"limber_journal\": 3"),
		    (long long)version);
	if (count_records(root) > IMPORT_MAX_RECORDS)
		return ifail(err, NULL, _("too many records (more than %d)"),
		    IMPORT_MAX_RECORDS);

	if (!get_array(root, "", "screenings", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "screenings", d->screenings, d->nscreenings,
	    import_screening(v_, ip_, &d->screenings[d->nscreenings], err));
	if (!get_array(root, "", "sessions", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "sessions", d->sessions, d->nsessions,
	    import_session(v_, ip_, d->nscreenings, &d->sessions[d->nsessions],
		err));
	if (!get_array(root, "", "pain", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "pain", d->pain, d->npain,
	    import_pain(v_, ip_, false, &d->pain[d->npain], err));
	if (!get_array(root, "", "notes", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "notes", d->notes, d->nnotes,
	    import_note(v_, ip_, &d->notes[d->nnotes], err));
	if (!get_array(root, "", "clearances", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "clearances", d->clearances, d->nclearances,
	    import_clearance(v_, ip_, &d->clearances[d->nclearances], err));
	if (!get_array(root, "", "doses", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "doses", d->doses, d->ndoses,
	    import_dose(v_, ip_, &d->doses[d->ndoses], err));
	if (!get_array(root, "", "reminders", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "reminders", d->prompts, d->nprompts,
	    import_prompt(v_, ip_, &d->prompts[d->nprompts], err));
	if (!get_array(root, "", "peg", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "peg", d->pegs, d->npegs,
	    import_peg(v_, ip_, &d->pegs[d->npegs], err));
	if (!get_array(root, "", "psfs", true, &arr, err))
		return false;
	IMPORT_LIST(arr, "", "psfs", d->psfs, d->npsfs,
	    import_psfs(v_, ip_, &d->psfs[d->npsfs], err));
	return doses_once(d, err);
}

/* ------------------------------------------------------------------ */
/* Import: what the journal holds already, then one short write.       */

/*
 * Run st again with new arguments (fmt as db_bind_args): the import adds its
 * rows with a few statements, each prepared once.
 */
static int
db_again(struct limber_journal *j, sqlite3_stmt *st, int64_t *rowid,
    const char *fmt, ...)
{
	va_list ap;
	int rc;

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	va_start(ap, fmt);
	rc = db_bind_args(st, fmt, ap);
	va_end(ap);
	if (rc != SQLITE_OK) {
		db_set_err(j);
		return rc;
	}
	while ((rc = db_step(j, st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		return rc;
	if (rowid != NULL)
		*rowid = sqlite3_last_insert_rowid(j->db);
	return SQLITE_OK;
}

/*
 * What makes a record of the file the same as one the journal holds, as
 * import has always compared them: a time, a number and two texts (NULL
 * equal to NULL). A key is a row of the journal (id > 0) or the file's
 * record i (id 0).
 */
struct import_key {
	int64_t at, n;
	const char *s[2];
	int64_t id;
	size_t i;
};

enum import_kind {
	IMPORT_SCREENING,
	IMPORT_SESSION,
	IMPORT_PAIN,
	IMPORT_NOTE,
	IMPORT_CLEARANCE,
	IMPORT_PROMPT,
	IMPORT_PEG,
	IMPORT_PSFS,
	IMPORT_KINDS,
};

/*
 * Where the journal keeps each kind, and its key's columns: id, time,
 * number, texts. The pain scores and notes of a session come with their
 * session and are not compared on their own. The + keeps SQLite off the
 * index by session, which would read every score logged by hand, where
 * the time's index or the row id find only those wanted.
 */
static const struct {
	const char *columns, *table, *where, *at;
} import_tables[IMPORT_KINDS] = {
	{ "id, at, pain, area, verdict", "screening", "", "at" },
	{ "id, started, 0, NULL, NULL", "session", "", "started" },
	{ "id, at, value, area, note", "pain", "+session IS NULL AND", "at" },
	{ "id, at, 0, text, NULL", "note", "session IS NULL AND", "at" },
	{ "id, at, 0, note, NULL", "clearance", "", "at" },
	{ "id, at, 0, schedule, NULL", "reminder", "", "at" },
	/* An asking's answers as one number (PEG_KEY); -1 when skipped. */
	{ "id, at, coalesce(pain * 121 + enjoyment * 11 + activity, -1), "
	  "NULL, NULL",
	    "peg", "", "at" },
	/* How many activities, and the first one's name. */
	{ "id, at, (SELECT count(*) FROM psfs_score WHERE psfs = psfs.id), "
	  "(SELECT activity FROM psfs_score WHERE psfs = psfs.id AND "
	  "position = 0), NULL",
	    "psfs", "", "at" },
};

/* A PEG asking's answers as one number, as import_tables compares them. */
#define PEG_KEY(g) \
	((g)->skipped ? -1 : \
			(g)->pain * 121 + (g)->enjoyment * 11 + (g)->activity)

/* One kind of record: the file's, and the journal's that may match them. */
struct import_set {
	struct import_key *file; /* texts borrowed from the data */
	size_t nfile;
	struct import_key *known; /* texts owned */
	size_t nknown, cap;
	int64_t from, to; /* the times of the file's records */
	int64_t seen;	  /* the table's largest id when read */
	/*
	 * For each of the file's records: 0, add it; > 0, the journal's row
	 * of that id has it; < 0, -(k + 1), the file's record k has it.
	 */
	int64_t *dup;
};

static int
text_order(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
key_cmp(const struct import_key *x, const struct import_key *y)
{
	int c;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	c = text_order(x->s[0], y->s[0]);
	return c != 0 ? c : text_order(x->s[1], y->s[1]);
}

/* Equal keys together: the journal's rows first, then the file's in order. */
static int
key_order(const void *a, const void *b)
{
	const struct import_key *x = a, *y = b;
	int c = key_cmp(x, y);

	if (c != 0)
		return c;
	if ((x->id == 0) != (y->id == 0))
		return x->id == 0 ? 1 : -1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

static void
set_file(struct import_set *s, size_t cap, int64_t at, int64_t n,
    const char *s0, const char *s1)
{
	if (s->file == NULL)
		s->file = xcalloc(cap + 1, sizeof *s->file);
	if (s->nfile == 0 || at < s->from)
		s->from = at;
	if (s->nfile == 0 || at > s->to)
		s->to = at;
	s->file[s->nfile] = (struct import_key){ at, n, { s0, s1 }, 0,
		s->nfile };
	s->nfile++;
}

static void
import_sets(const struct limber_journal_data *d, struct import_set *s)
{
	for (size_t i = 0; i < d->nscreenings; i++)
		set_file(&s[IMPORT_SCREENING], d->nscreenings,
		    d->screenings[i].at, d->screenings[i].pain,
		    journal_area_name(d->screenings[i].area),
		    limber_level_name(d->screenings[i].verdict));
	for (size_t i = 0; i < d->nsessions; i++)
		set_file(&s[IMPORT_SESSION], d->nsessions,
		    d->sessions[i].started, 0, NULL, NULL);
	for (size_t i = 0; i < d->npain; i++)
		set_file(&s[IMPORT_PAIN], d->npain, d->pain[i].at,
		    d->pain[i].value, journal_area_name(d->pain[i].area),
		    d->pain[i].note);
	for (size_t i = 0; i < d->nnotes; i++)
		set_file(&s[IMPORT_NOTE], d->nnotes, d->notes[i].at, 0,
		    d->notes[i].text, NULL);
	for (size_t i = 0; i < d->nclearances; i++)
		set_file(&s[IMPORT_CLEARANCE], d->nclearances,
		    d->clearances[i].at, 0, d->clearances[i].note, NULL);
	for (size_t i = 0; i < d->nprompts; i++)
		set_file(&s[IMPORT_PROMPT], d->nprompts, d->prompts[i].at, 0,
		    d->prompts[i].schedule, NULL);
	for (size_t i = 0; i < d->npegs; i++)
		set_file(&s[IMPORT_PEG], d->npegs, d->pegs[i].at,
		    PEG_KEY(&d->pegs[i]), NULL, NULL);
	for (size_t i = 0; i < d->npsfs; i++)
		set_file(&s[IMPORT_PSFS], d->npsfs, d->psfs[i].at,
		    (int64_t)d->psfs[i].n,
		    d->psfs[i].n > 0 ? d->psfs[i].activity[0] : NULL, NULL);
}

/*
 * The journal's rows of kind k in the time range of the file's records,
 * with ids over s->seen, then s->seen moved to the table's largest id.
 * The first read takes the time's index, where there is one; the second,
 * under the write lock, only the rows written since (the journal deletes
 * none of these), by id.
 */
static int
set_load(struct limber_journal *j, struct import_set *s, enum import_kind k,
    bool since)
{
	sqlite3_stmt *st = NULL;
	char *sql;
	int rc;

	if (s->nfile == 0)
		return SQLITE_OK;
	sql = xasprintf("SELECT %s FROM %s WHERE %s %s%s BETWEEN ? AND ? "
			"AND id > ?",
	    import_tables[k].columns, import_tables[k].table,
	    import_tables[k].where, since ? "+" : "", import_tables[k].at);
	rc = db_prepare(j, &st, sql, "III", s->from, s->to, s->seen);
	free(sql);
	while (db_next_row(j, st, &rc)) {
		struct import_key *key;

		if (s->nknown == s->cap) {
			s->cap = s->cap * 2 + 64;
			s->known = xreallocarray(s->known, s->cap,
			    sizeof *s->known);
		}
		key = &s->known[s->nknown++];
		key->id = sqlite3_column_int64(st, 0);
		key->at = sqlite3_column_int64(st, 1);
		key->n = sqlite3_column_int64(st, 2);
		key->s[0] = db_text(st, 3);
		key->s[1] = db_text(st, 4);
		key->i = 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;
	sql = xasprintf("SELECT coalesce(max(id), 0) FROM %s",
	    import_tables[k].table);
	rc = db_int(j, &s->seen, NULL, sql, "");
	free(sql);
	return rc;
}

/*
 * Which of the file's records to add: all keys sorted together, each run
 * of equal ones led by the journal's row if any, else by the file's first
 * such record, which is added; the others match it. n log n, where asking
 * the journal for each record, on columns with no index, grew with the
 * square of the file (docs/reliability.md).
 */
static void
set_match(struct import_set *s)
{
	size_t n = s->nknown + s->nfile, a, b;
	struct import_key *all;

	free(s->dup);
	s->dup = xcalloc(s->nfile + 1, sizeof *s->dup);
	if (s->nfile == 0)
		return;
	all = xcalloc(n, sizeof *all);
	if (s->nknown > 0)
		memcpy(all, s->known, s->nknown * sizeof *all);
	memcpy(all + s->nknown, s->file, s->nfile * sizeof *all);
	qsort(all, n, sizeof *all, key_order);
	for (a = 0; a < n; a = b) {
		for (b = a + 1; b < n && key_cmp(&all[a], &all[b]) == 0; b++) {
			if (all[b].id == 0)
				s->dup[all[b].i] = all[a].id != 0 ?
				    all[a].id :
				    -(int64_t)all[a].i - 1;
		}
	}
	free(all);
}

static void
set_free(struct import_set *s)
{
	for (size_t i = 0; i < s->nknown; i++) {
		free((char *)s->known[i].s[0]);
		free((char *)s->known[i].s[1]);
	}
	free(s->known);
	free(s->file);
	free(s->dup);
}

/* The statements that add rows, prepared once. */
enum import_stmt {
	ADD_SCREENING,
	ADD_YES,
	ADD_SESSION,
	ADD_STRETCH,
	ADD_PAIN,
	ADD_NOTE,
	ADD_CLEARANCE,
	ADD_DOSE,
	ADD_PROMPT,
	ADD_PEG,
	ADD_PSFS,
	ADD_PSFS_SCORE,
	ADD_COUNT,
};

static const char *const import_sql[ADD_COUNT] = {
	"INSERT INTO screening (at, pain, area, verdict) VALUES (?, ?, ?, ?)",
	"INSERT INTO screening_yes (screening, pos, question) VALUES (?, ?, ?)",
	"INSERT INTO session (screening, plan, started, updated, ended, "
	"state, reason, pid, last_step, next_day) VALUES "
	"(?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
	"INSERT INTO stretch (session, at, stretch, variant, reps, sides, "
	"skipped) VALUES (?, ?, ?, ?, ?, ?, ?)",
	"INSERT INTO pain (at, value, area, kind, session, note) VALUES "
	"(?, ?, ?, ?, ?, ?)",
	"INSERT INTO note (at, session, text) VALUES (?, ?, ?)",
	"INSERT INTO clearance (at, note) VALUES (?, ?)",
	"INSERT INTO dose (stretch, reps, streak) VALUES (?, ?, ?) "
	"ON CONFLICT (stretch) DO NOTHING",
	"INSERT INTO reminder (at, schedule, kind, late, answer, answered) "
	"VALUES (?, ?, ?, ?, ?, ?)",
	"INSERT INTO peg (at, pain, enjoyment, activity) VALUES (?, ?, ?, ?)",
	"INSERT INTO psfs (at) VALUES (?)",
	"INSERT INTO psfs_score (psfs, position, activity, score) VALUES "
	"(?, ?, ?, ?)",
};

static int
add_pain(struct limber_journal *j, sqlite3_stmt **st,
    const struct limber_journal_pain *p, int64_t session)
{
	return db_again(j, st[ADD_PAIN], NULL, "Iisszs", p->at, p->value,
	    journal_area_name(p->area), limber_score_kind_name(p->kind),
	    session, p->note);
}

static int
add_session(struct limber_journal *j, sqlite3_stmt **st,
    const struct limber_journal_session *s, int64_t screening)
{
	int64_t id = 0, updated = s->started;
	int rc;

	/* The last sign of life, as recover takes it: the end, or the latest record. */
	if (s->state != LIMBER_RECORD_RUNNING)
		updated = s->ended;
	for (size_t i = 0;
	     s->state == LIMBER_RECORD_RUNNING && i < s->nstretches; i++)
		if (s->stretches[i].at > updated)
			updated = s->stretches[i].at;
	for (size_t i = 0; s->state == LIMBER_RECORD_RUNNING && i < s->npain;
	     i++)
		if (s->pain[i].at > updated)
			updated = s->pain[i].at;

	rc = db_again(j, st[ADD_SESSION], &id, "zsIIzssis", screening, s->plan,
	    s->started, updated,
	    s->state != LIMBER_RECORD_RUNNING ? s->ended : (int64_t)0,
	    limber_record_state_name(s->state), s->reason, s->last_step,
	    limber_next_day_name(s->next_day));
	for (size_t i = 0; rc == SQLITE_OK && i < s->nstretches; i++) {
		const struct limber_journal_stretch *x = &s->stretches[i];

		rc = db_again(j, st[ADD_STRETCH], NULL, "IIssiii", id, x->at,
		    x->stretch, x->variant, x->reps, x->sides,
		    x->skipped ? 1 : 0);
	}
	for (size_t i = 0; rc == SQLITE_OK && i < s->npain; i++)
		rc = add_pain(j, st, &s->pain[i], id);
	for (size_t i = 0; rc == SQLITE_OK && i < s->nnotes; i++)
		rc = db_again(j, st[ADD_NOTE], NULL, "Izs", s->notes[i].at, id,
		    s->notes[i].text);
	return rc;
}

/* Add what set (import_sets, set_match) says is new, counting into c. */
static int
insert_data(struct limber_journal *j, const struct limber_journal_data *d,
    const struct import_set *set, struct limber_import_counts *c)
{
	int64_t *sids = xcalloc(d->nscreenings + 1, sizeof *sids), dup;
	sqlite3_stmt *st[ADD_COUNT] = { NULL };
	int rc = SQLITE_OK;

	for (int k = 0; rc == SQLITE_OK && k < ADD_COUNT; k++)
		rc = db_prepare(j, &st[k], import_sql[k], "");
	for (size_t i = 0; rc == SQLITE_OK && i < d->nscreenings; i++) {
		const struct limber_journal_screening *s = &d->screenings[i];

		if ((dup = set[IMPORT_SCREENING].dup[i]) != 0) {
			sids[i] = dup > 0 ? dup : sids[-dup - 1];
			c->skipped++;
			continue;
		}
		rc = db_again(j, st[ADD_SCREENING], &sids[i], "Iiss", s->at,
		    s->pain, journal_area_name(s->area),
		    limber_level_name(s->verdict));
		for (size_t k = 0; rc == SQLITE_OK && k < s->nyes; k++)
			rc = db_again(j, st[ADD_YES], NULL, "Iis", sids[i],
			    (int)k, s->yes[k]);
		c->screenings++;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < d->nsessions; i++) {
		const struct limber_journal_session *s = &d->sessions[i];

		if (set[IMPORT_SESSION].dup[i] != 0) {
			c->skipped++;
			continue;
		}
		rc = add_session(j, st, s,
		    s->screening >= 0 ? sids[s->screening] : (int64_t)0);
		c->sessions++;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < d->npain; i++) {
		if (set[IMPORT_PAIN].dup[i] != 0) {
			c->skipped++;
			continue;
		}
		rc = add_pain(j, st, &d->pain[i], 0);
		c->pain++;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < d->nnotes; i++) {
		if (set[IMPORT_NOTE].dup[i] != 0) {
			c->skipped++;
			continue;
		}
		rc = db_again(j, st[ADD_NOTE], NULL, "Izs", d->notes[i].at,
		    (int64_t)0, d->notes[i].text);
		c->notes++;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < d->nclearances; i++) {
		if (set[IMPORT_CLEARANCE].dup[i] != 0) {
			c->skipped++;
			continue;
		}
		rc = db_again(j, st[ADD_CLEARANCE], NULL, "Is",
		    d->clearances[i].at, d->clearances[i].note);
		c->clearances++;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < d->ndoses; i++) {
		rc = db_again(j, st[ADD_DOSE], NULL, "sii", d->doses[i].stretch,
		    d->doses[i].reps, d->doses[i].streak);
		*(sqlite3_changes(j->db) > 0 ? &c->doses : &c->skipped) += 1;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < d->nprompts; i++) {
		const struct limber_journal_prompt *p = &d->prompts[i];
		const char *answer = limber_remind_answer_name(
		    (enum limber_remind_answer)p->answer);

		if (set[IMPORT_PROMPT].dup[i] != 0) {
			c->skipped++;
			continue;
		}
		rc = db_again(j, st[ADD_PROMPT], NULL, "Issisz", p->at,
		    p->schedule,
		    limber_remind_kind_name((enum limber_remind_kind)p->kind),
		    p->late ? 1 : 0, answer, p->answered);
		c->prompts++;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < d->npegs; i++) {
		const struct limber_journal_peg *g = &d->pegs[i];

		if (set[IMPORT_PEG].dup[i] != 0) {
			c->skipped++;
			continue;
		}
		if (g->skipped)
			rc = db_again(j, st[ADD_PEG], NULL, "I", g->at);
		else
			rc = db_again(j, st[ADD_PEG], NULL, "Iiii", g->at,
			    g->pain, g->enjoyment, g->activity);
		c->pegs++;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < d->npsfs; i++) {
		const struct limber_journal_psfs *g = &d->psfs[i];
		int64_t id = 0;

		if (set[IMPORT_PSFS].dup[i] != 0) {
			c->skipped++;
			continue;
		}
		rc = db_again(j, st[ADD_PSFS], &id, "I", g->at);
		for (size_t k = 0; rc == SQLITE_OK && k < g->n; k++)
			rc = db_again(j, st[ADD_PSFS_SCORE], NULL, "Iisi", id,
			    (int)k, g->activity[k], g->score[k]);
		c->psfs++;
	}
	for (int k = 0; k < ADD_COUNT; k++)
		sqlite3_finalize(st[k]);
	free(sids);
	return rc;
}

/*
 * Add d to the journal, all or nothing, holding the write lock briefly
 * (docs/journal.md, "Import"). Which records are there already is found
 * first, in a read transaction, which in WAL mode keeps no one waiting;
 * then, in one write transaction, only the rows written since that read
 * are looked at again, and the rest is adding rows.
 */
static int
import_write(struct limber_journal *j, const struct limber_journal_data *d,
    struct limber_import_counts *c)
{
	struct import_set set[IMPORT_KINDS];
	int rc;

	memset(set, 0, sizeof set);
	import_sets(d, set);
	rc = db_run(j, NULL, "BEGIN", "");
	for (int k = 0; rc == SQLITE_OK && k < IMPORT_KINDS; k++)
		rc = set_load(j, &set[k], (enum import_kind)k, false);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	for (int k = 0; rc == SQLITE_OK && k < IMPORT_KINDS; k++)
		set_match(&set[k]);
	if (rc == SQLITE_OK)
		rc = db_begin(j);
	for (int k = 0; rc == SQLITE_OK && k < IMPORT_KINDS; k++) {
		size_t before = set[k].nknown;

		rc = set_load(j, &set[k], (enum import_kind)k, true);
		if (rc == SQLITE_OK && set[k].nknown > before)
			set_match(&set[k]);
	}
	if (rc == SQLITE_OK)
		rc = insert_data(j, d, set, c);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	for (int k = 0; k < IMPORT_KINDS; k++)
		set_free(&set[k]);
	return rc;
}

/*
 * Times from the future (docs/safety.md, "When the clock was wrong"): one
 * more than LIMBER_IMPORT_AHEAD_S after now comes from a clock that was
 * ahead, and would stand in the journal beside what happens before its
 * date, so the first one found is a fault, named by its path.
 */
_Static_assert(LIMBER_IMPORT_AHEAD_S == 86400, "the message says a day");

static bool not_ahead(int64_t t, int64_t limit, struct ifault *err,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static bool
not_ahead(int64_t t, int64_t limit, struct ifault *err, const char *fmt, ...)
{
	char when[32], *path;
	va_list ap;

	if (t <= limit)
		return true;
	va_start(ap, fmt);
	path = xvasprintf(fmt, ap);
	va_end(ap);
	ifail(err, path, _("%s is in the future (more than a day after now)"),
	    limber_time_iso(t, false, when, sizeof when));
	free(path);
	return false;
}

static bool
import_times_ok(const struct limber_journal_data *d, int64_t now,
    struct ifault *err)
{
	int64_t limit = INT64_MAX;
	bool ok = true;

	if (now <= INT64_MAX - LIMBER_IMPORT_AHEAD_S)
		limit = now + LIMBER_IMPORT_AHEAD_S;
	for (size_t i = 0; ok && i < d->nscreenings; i++)
		ok = not_ahead(d->screenings[i].at, limit, err,
		    "screenings[%zu].at", i);
	for (size_t i = 0; ok && i < d->nsessions; i++) {
		const struct limber_journal_session *s = &d->sessions[i];

		ok = not_ahead(s->started, limit, err, "sessions[%zu].started",
		    i);
		if (ok && s->state != LIMBER_RECORD_RUNNING)
			ok = not_ahead(s->ended, limit, err,
			    "sessions[%zu].ended", i);
		for (size_t k = 0; ok && k < s->nstretches; k++)
			ok = not_ahead(s->stretches[k].at, limit, err,
			    "sessions[%zu].stretches[%zu].at", i, k);
		for (size_t k = 0; ok && k < s->npain; k++)
			ok = not_ahead(s->pain[k].at, limit, err,
			    "sessions[%zu].pain[%zu].at", i, k);
		for (size_t k = 0; ok && k < s->nnotes; k++)
			ok = not_ahead(s->notes[k].at, limit, err,
			    "sessions[%zu].notes[%zu].at", i, k);
	}
	for (size_t i = 0; ok && i < d->npain; i++)
		ok = not_ahead(d->pain[i].at, limit, err, "pain[%zu].at", i);
	for (size_t i = 0; ok && i < d->nnotes; i++)
		ok = not_ahead(d->notes[i].at, limit, err, "notes[%zu].at", i);
	for (size_t i = 0; ok && i < d->nclearances; i++)
		ok = not_ahead(d->clearances[i].at, limit, err,
		    "clearances[%zu].at", i);
	for (size_t i = 0; ok && i < d->nprompts; i++) {
		ok = not_ahead(d->prompts[i].at, limit, err,
		    "reminders[%zu].at", i);
		if (ok && d->prompts[i].answer != LIMBER_ANSWER_NONE)
			ok = not_ahead(d->prompts[i].answered, limit, err,
			    "reminders[%zu].answered", i);
	}
	for (size_t i = 0; ok && i < d->npegs; i++)
		ok = not_ahead(d->pegs[i].at, limit, err, "peg[%zu].at", i);
	for (size_t i = 0; ok && i < d->npsfs; i++)
		ok = not_ahead(d->psfs[i].at, limit, err, "psfs[%zu].at", i);
	return ok;
}

enum limber_status
limber_journal_import(struct limber_journal *j, const char *name,
    const char *text, size_t len, int64_t now,
    struct limber_import_counts *counts, char **cause)
{
	struct limber_import_counts c;
	struct limber_journal_data *d;
	json_error_t jerr;
	json_t *root;
	struct ifault err = { 0 };
	int rc;

	memset(&c, 0, sizeof c);
	if (counts != NULL)
		memset(counts, 0, sizeof *counts);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return journal_fail(cause, LIMBER_ERR_INVALID, "%s:%d:%d: %s",
		    name, jerr.line, jerr.column, jerr.text);
	d = xcalloc(1, sizeof *d);
	if (!import_parse(root, d, &err) || !import_times_ok(d, now, &err)) {
		json_decref(root);
		limber_journal_data_free(d);
		/* Only now, and only when asked, is the file scanned again. */
		if (cause != NULL)
			*cause = jsonpos_fault(name, text, len, err.path,
			    err.what);
		free(err.path);
		free(err.what);
		return LIMBER_ERR_INVALID;
	}
	json_decref(root);
	if (j == NULL) {
		limber_journal_data_free(d);
		return LIMBER_OK;
	}

	rc = import_write(j, d, &c);
	limber_journal_data_free(d);
	if (rc != SQLITE_OK)
		return db_fail(j, rc, cause);
	if (counts != NULL)
		*counts = c;
	return LIMBER_OK;
}
