/*
 * route-journal.c - the journal, as much of it as the page shows: pain
 * logged by hand, the history of sessions and scores, the statistics.
 *
 * The journal is never served as it is (no file, no export): the history
 * is a summary made for the History page, over a bounded span of days and
 * a page of at most HISTORY_MAX sessions and scores at a time (limit,
 * and a cursor for the next: before), with names taken from the catalog.
 */
#define LIMBER_WEB_INTERNAL
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "limber/record.h"
#include "web.h"
#include "util.h"

/* The most sessions one history answer holds: the latest ones. */
#define HISTORY_MAX 500
/* What one answer holds when the page does not say. */
#define HISTORY_DEFAULT 100

/* 503 when another program held the journal (web_journal_error). */
static enum web_result
journal_error(struct web_req *rq, char *cause)
{
	return web_journal_error(rq, rq->w->journal, cause);
}

/*
 * The rest of the day after a warning stop or an urgent or emergency
 * verdict (docs/safety.md, "The rest of the day"), as the page shows it:
 * what happened, in the words every front end says (limber_day_hold_text),
 * the verdict's level, and for a verdict the way out, a note that the
 * answer was a mistake (POST /api/mistake). *out is NULL when nothing
 * holds today.
 */
static const char mistake_words[] =
    "If that answer was a mistake, say so: on the page, or in a terminal "
    "with limber log --note \"" LIMBER_MISTAKE_NOTE "\". It is written in "
    "your journal. Then answer the questions again.";

bool
web_day_hold_json(struct web *w, json_t **out, char **cause)
{
	struct limber_day_hold h;
	char when[16], iso[32], *text;
	time_t t;
	struct tm tm;

	*out = NULL;
	if (limber_journal_day_hold(w->journal, web_wall(), &h, cause) !=
	    LIMBER_OK)
		return false;
	/* A warning stop the journal does not have yet holds the day too. */
	if (!h.held && web_warning_waits(w, &h.at, &h.reason)) {
		h.held = true;
		h.warning = true;
	}
	if (!h.held)
		return true;
	t = (time_t)h.at;
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(when, sizeof when, "%H:%M", &tm) == 0)
		snprintf(when, sizeof when, "an earlier time");
	text = limber_day_hold_text(&h, when);
	*out = json_pack("{s:s, s:b, s:s?, s:s, s:s?}", "message", text,
	    "warning", h.warning, "level",
	    h.warning ? NULL : limber_level_name(h.level), "at",
	    web_iso_time(iso, sizeof iso, h.at), "mistake",
	    h.warning ? NULL : mistake_words);
	free(text);
	limber_day_hold_release(&h);
	return true;
}

/*
 * POST /api/mistake: "that answer was a mistake", journalled as the
 * terminal's `limber log --note` does, which lifts a verdict's hold. Not
 * for a warning stop, which nothing lifts.
 */
enum web_result
web_route_mistake(struct web_req *rq)
{
	struct web *w = rq->w;
	struct limber_day_hold h;
	char *cause = NULL;
	int64_t at = web_wall(), warned_at;
	char *reason;
	json_t *still;

	if (!web_fields_known_or_respond(rq, (const char *const[]){ NULL }))
		return rq->ret;
	if (limber_journal_day_hold(w->journal, at, &h, &cause) != LIMBER_OK)
		return journal_error(rq, cause);
	/*
	 * A warning stop whose record is still on its way to the journal
	 * holds the day as one written does (web_day_hold_json): without this
	 * a note sent at once after the warning was answered "not-held".
	 */
	if (web_warning_waits(w, &warned_at, &reason)) {
		free(reason);
		h.held = h.warning = true;
	}
	if (h.held && h.warning) {
		limber_day_hold_release(&h);
		return web_respond_error(rq, 409, "warning-hold",
		    "a warning stop holds today: it is what your body did, "
		    "not an answer, so it cannot be taken back");
	}
	if (!h.held)
		return web_respond_error(rq, 409, "not-held",
		    "no answer holds today: there is nothing to take back");
	/* After the answer it takes back: the journal keeps whole seconds. */
	if (at <= h.at)
		at = h.at + 1;
	limber_day_hold_release(&h);
	if (limber_journal_add_note(w->journal, at, 0, LIMBER_MISTAKE_NOTE,
		&cause) != LIMBER_OK)
		return journal_error(rq, cause);
	/* Another answer may still hold the day. */
	if (!web_day_hold_json(w, &still, &cause))
		return journal_error(rq, cause);
	if (still == NULL)
		still = json_null();
	return web_respond_json(rq, 200,
	    json_pack("{s:b, s:o}", "recorded", 1, "held", still));
}

enum web_result
web_route_pain(struct web_req *rq)
{
	static const char *const known[] = { "value", "area", "note", NULL };
	struct limber_pain_entry p = { .kind = LIMBER_SCORE_LOGGED };
	const char *area = NULL;
	char *cause = NULL;
	bool has_area, has_note;
	long value;
	int64_t id;

	if (!web_fields_known_or_respond(rq, known) ||
	    !web_field_int_or_respond(rq, "value", LIMBER_PAIN_MIN,
		LIMBER_PAIN_MAX, NULL, &value) ||
	    !web_field_string_or_respond(rq, "area", 10, &has_area, &area) ||
	    !web_field_string_or_respond(rq, "note", LIMBER_NOTE_MAX, &has_note,
		&p.note))
		return rq->ret;
	if (has_area) {
		int a = limber_area_parse(area);

		if (a <= 0)
			return web_respond_error(rq, 400, "bad-request", "\"area\" "
			    "must be upper, lower or both");
		p.area = (unsigned)a;
	}
	p.at = web_wall();
	p.value = (int)value;
	if (limber_journal_add_pain(rq->w->journal, &p, &id, &cause) !=
	    LIMBER_OK)
		return journal_error(rq, cause);
	return web_respond_json(rq, 201, json_pack("{s:I, s:b}", "recorded",
	    (json_int_t)id, "severe", p.value >= LIMBER_SEVERE_PAIN));
}

static json_t *
score(int v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

static json_t *
stretch_done(const struct limber_catalog *cat,
    const struct limber_journal_stretch *x)
{
	const struct limber_stretch *st = limber_catalog_find(cat, x->stretch);
	const struct limber_variant *v = st != NULL && x->variant != NULL ?
	    limber_stretch_variant(st, x->variant) : NULL;
	const char *name = v != NULL ? limber_stretch_text(st, v->name) :
	    st != NULL		     ? limber_stretch_text(st, st->name) :
				       x->stretch;

	return json_pack("{s:s, s:s, s:o, s:i, s:i, s:b}", "stretch",
	    x->stretch, "name", name, "variant", x->variant != NULL ?
	    json_string(x->variant) : json_null(), "reps", x->reps, "sides",
	    x->sides, "skipped", x->skipped);
}

static json_t *
session_json(const struct limber_catalog *cat,
    const struct limber_journal_session *s)
{
	json_t *stretches = json_array();
	char t1[32], t2[32];

	for (size_t i = 0; i < s->nstretches; i++)
		json_array_append_new(stretches, stretch_done(cat,
		    &s->stretches[i]));
	return json_pack("{s:I, s:s, s:o, s:s, s:o, s:o, s:o, s:s, s:i, s:o}",
	    "id", (json_int_t)s->id,
	    "started", web_iso_time(t1, sizeof t1, s->started),
	    "ended", s->state == LIMBER_RECORD_RUNNING ? json_null() :
	    json_string(web_iso_time(t2, sizeof t2, s->ended)),
	    "state", limber_record_state_name(s->state),
	    "reason", s->reason != NULL ? json_string(s->reason) : json_null(),
	    "before", score(s->before), "after", score(s->after),
	    "effect", limber_effect_name(s->effect),
	    "last_step", s->last_step, "stretches", stretches);
}

/* With the reason as the page says it (limber_stop_reason_words). */
static json_t *
session_json_words(const struct limber_catalog *cat,
    const struct limber_journal_session *s)
{
	json_t *out = session_json(cat, s);
	char *words = s->reason != NULL ?
	    limber_stop_reason_words(s->reason) :
	    NULL;

	json_object_set_new(out, "reason_words",
	    words != NULL ? json_string(words) : json_null());
	free(words);
	return out;
}

static json_t *
pain_json(const struct limber_journal_pain *p, int64_t session)
{
	char t[32];

	return json_pack("{s:s, s:i, s:s, s:o}", "at", web_iso_time(t,
	    sizeof t, p->at), "value", p->value, "kind",
	    limber_score_kind_name(p->kind), "session", session > 0 ?
	    json_integer(session) : json_null());
}

/* Decimal digits at *p, at most max; *p moves past them. */
static bool
digits(const char **p, long long max, long long *out)
{
	const char *s = *p;
	long long v = 0;

	if (!isdigit((unsigned char)*s))
		return false;
	for (; isdigit((unsigned char)*s); s++) {
		int d = *s - '0';

		if (d > max || v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*p = s;
	*out = v;
	return true;
}

/*
 * A cursor as "next" gives it: "AT.KIND.ID", the time, kind and id of the
 * oldest item of the page before (limber_history_cursor).
 */
static bool
cursor_parse(const char *s, struct limber_history_cursor *c)
{
	long long at, kind, id;

	if (!digits(&s, INT64_MAX, &at) || *s++ != '.' ||
	    !digits(&s, LIMBER_HISTORY_KINDS - 1, &kind) || *s++ != '.' ||
	    !digits(&s, INT64_MAX, &id) || *s != '\0' || id < 1)
		return false;
	c->at = at;
	c->kind = (int)kind;
	c->id = id;
	return true;
}

enum web_result
web_route_history(struct web_req *rq)
{
	static const char *const known[] = { "days", "limit", "before", NULL };
	struct limber_history_cursor from, next = { .at = 0 };
	struct limber_journal *j;
	struct limber_journal_data *d = NULL;
	enum limber_status st;
	enum web_result ret;
	struct limber_journal_future future;
	json_t *sessions, *scores, *note, *more_at;
	int64_t now = web_wall();
	char *cause = NULL, *text, buf[80];
	const char *before;
	long days, limit;
	bool more;

	if (!web_query_known_or_respond(rq, known) ||
	    !web_query_int_or_respond(rq, "days", 1, 3660, 90, &days) ||
	    !web_query_int_or_respond(rq, "limit", 1, HISTORY_MAX,
		HISTORY_DEFAULT, &limit))
		return rq->ret;
	before = web_query(rq, "before");
	if (before != NULL && !cursor_parse(before, &from))
		return web_respond_error(rq, 400, "bad-request",
		    "\"before\" "
		    "must be a cursor as an earlier answer gave it in "
		    "\"next\"");
	/* Read on a connection of its own, with no lock of the server's. */
	if ((j = web_reader_or_respond(rq)) == NULL)
		return rq->ret;
	/* Records dated after now take no part in the rules: say so. */
	st = limber_journal_future(j, now, &future, &cause);
	if (st == LIMBER_OK)
		st = limber_journal_load_page(j, now - days * 86400,
		    before != NULL ? &from : NULL, (size_t)limit, &d, &next,
		    &more, &cause);
	if (st != LIMBER_OK) {
		ret = web_journal_error(rq, j, cause);
		limber_journal_close(j);
		return ret;
	}
	limber_journal_close(j);
	sessions = json_array();
	scores = json_array();
	for (size_t i = 0; i < d->nsessions; i++) {
		const struct limber_journal_session *s = &d->sessions[i];

		json_array_append_new(sessions,
		    session_json_words(rq->w->cat, s));
		/* Scores during a session are the stop rules' business. */
		for (size_t k = 0; k < s->npain; k++) {
			if (s->pain[k].kind != LIMBER_SCORE_DURING)
				json_array_append_new(scores, pain_json(
				    &s->pain[k], s->id));
		}
	}
	for (size_t i = 0; i < d->npain; i++)
		json_array_append_new(scores, pain_json(&d->pain[i], 0));
	limber_journal_data_free(d);
	text = NULL;
	if (future.count > 0)
		text = limber_journal_future_text(future.count);
	note = text != NULL ? json_string(text) : json_null();
	free(text);
	/* Where the next page starts, or null: nothing older. */
	more_at = json_null();
	if (more) {
		snprintf(buf, sizeof buf, "%lld.%d.%lld", (long long)next.at,
		    next.kind, (long long)next.id);
		json_decref(more_at);
		more_at = json_string(buf);
	}
	return web_respond_json(rq, 200,
	    json_pack("{s:i, s:i, s:o, s:o, s:o, s:I, s:o}", "days", (int)days,
		"limit", (int)limit, "sessions", sessions, "scores", scores,
		"next", more_at, "future", (json_int_t)future.count,
		"future_message", note));
}

enum web_result
web_route_stats(struct web_req *rq)
{
	struct limber_journal *j;
	struct limber_stats s;
	char *cause = NULL;
	enum web_result ret;

	if (!web_query_known_or_respond(rq, (const char *const[]){ NULL }))
		return rq->ret;
	/* Read on a connection of its own, with no lock of the server's. */
	if ((j = web_reader_or_respond(rq)) == NULL)
		return rq->ret;
	if (limber_journal_stats(j, web_wall(), &s, &cause) != LIMBER_OK) {
		ret = web_journal_error(rq, j, cause);
		limber_journal_close(j);
		return ret;
	}
	limber_journal_close(j);
	return web_respond_json(rq, 200, limber_stats_to_json(&s));
}
