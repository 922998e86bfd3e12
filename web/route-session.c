/*
 * route-session.c - the guided session over HTTP: one engine, owned by the
 * server, that the page starts, drives and watches.
 *
 * The engine is the library's (session.h), the same the terminal coach
 * drives, and it is recorded the same way (record.h). Time is the server's
 * CLOCK_MONOTONIC, read once per request or timer turn. The page asks for
 * the state and the cues it has not seen (GET /api/session?since=N), and
 * may wait for new ones (&wait=S): the request is suspended until the
 * timer thread or another request drains a cue, or its time is up. After
 * a reload or a dropped connection the page asks again and carries on
 * from the state; the session never depended on the page being there. A
 * session left at a check-in waits there, as on the terminal.
 *
 * The session's records wait in its recorder (deferred) and are written
 * after the engine has moved (web_records_flush): at once, waiting a
 * little for another program, for what the person answers; after the
 * answer for a warning, which must never wait for the journal. What the
 * journal refused (an import holds it, the disk is full) is tried again
 * by the timer thread, in order, until it is in; until then the view says
 * so (journal_pending) and a score's cue does not say "noted". A session
 * replaced while its records wait is kept until they are in.
 *
 * The session itself - the engine, its records, its clock, the pages
 * waiting on it - is session.c's, which the timer thread (server.c) drives
 * too; here are its routes and the view the page gets.
 *
 * Everything here runs with the server's mutex held.
 */
#define LIMBER_WEB_INTERNAL
#include <limits.h>
#include <unistd.h>

#include <limber/record.h>
#include <limber/voice.h>

#include "web.h"
#include "i18n.h"
#include "util.h"

/*
 * A cue whose record is not in the journal yet, as the page sees it: a
 * score is not "noted" until it is (docs/api.md, "Records that wait").
 */
static json_t *
unsaved_cue(json_t *cue)
{
	const char *kind = json_string_value(json_object_get(cue, "kind"));
	const char *text = json_string_value(json_object_get(cue, "text"));
	json_t *out;
	char *t;

	if (kind == NULL || text == NULL || strcmp(kind, "pain") != 0)
		return json_incref(cue);
	t = limber_unsaved_pain_text(text);
	out = json_deep_copy(cue);
	json_object_set_new(out, "text", json_string(t));
	json_object_set_new(out, "saved", json_false());
	free(t);
	return out;
}

/* A journal's message for the page: its path is of no use there. */
static const char *
without_path(const struct web *w, const char *msg)
{
	const char *path = limber_journal_path(w->journal);
	size_t n = strlen(path);

	return strncmp(msg, path, n) == 0 && strncmp(msg + n, ": ", 2) == 0 ?
	    msg + n + 2 :
	    msg;
}

static json_t *
coming_json(const struct limber_session *s)
{
	struct limber_cue *c;
	size_t n = limber_session_coming(s, &c);
	json_t *out = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(out,
		    json_pack("{s:s, s:s}", "kind",
			limber_cue_kind_name(c[i].kind), "text", c[i].text));
	limber_cues_free(c, n);
	return out;
}

/* The session as the page sees it, with the cues from since on. */
static json_t *
view(struct web *w, size_t since)
{
	struct web_session *ws = w->ses;
	struct limber_session_state st;
	int64_t now = web_now_ms(w), jid;
	size_t n, saved;
	json_t *cues, *out;
	char *advice;
	bool ended;

	if (ws == NULL)
		return json_pack("{s:n}", "session");
	limber_session_snapshot(ws->s, now, &st);
	ended = limber_session_ended(ws->s);
	n = json_array_size(ws->cues);
	saved = limber_recorder_saved(ws->rec);
	cues = json_array();
	for (size_t i = since < n ? since : n; i < n; i++)
		json_array_append_new(cues,
		    i < saved ? json_incref(json_array_get(ws->cues, i)) :
				unsaved_cue(json_array_get(ws->cues, i)));
	jid = limber_recorder_session(ws->rec);
	out = json_pack("{s:I, s:o, s:o, s:o, s:b, s:o, s:o, s:I, s:I}",
	    "serial", (json_int_t)ws->serial, "journal",
	    jid > 0 ? json_integer(jid) : json_null(), "state",
	    limber_session_state_to_json(&st), "plan",
	    limber_plan_to_json_shown(ws->plan), "ended", ended, "result",
	    ended ?
		limber_session_result_to_json(limber_session_result(ws->s)) :
		json_null(),
	    "cues", cues, "next", (json_int_t)n, "now_ms", (json_int_t)now);
	json_object_set_new(out, "voice",
	    ws->voice_rate > 0 ? json_pack("{s:i}", "rate", ws->voice_rate) :
				 json_null());
	/*
	 * What comes next, for the page to fetch its sound ahead
	 * (GET /api/voice?coming=K): a cue's words then start as it
	 * arrives (docs/voice.md, "The page").
	 */
	if (ws->voice_rate > 0)
		json_object_set_new(out, "coming", coming_json(ws->s));
	/* Records not written yet: refused ones are tried again. */
	if (limber_recorder_pending(ws->rec) > 0)
		json_object_set_new(out, "journal_pending",
		    json_pack("{s:I, s:I, s:b, s:s}", "from", (json_int_t)saved,
			"records", (json_int_t)limber_recorder_pending(ws->rec),
			"refused", limber_recorder_refused(ws->rec), "message",
			without_path(w, limber_recorder_error(ws->rec))));
	else
		json_object_set_new(out, "journal_pending", json_null());
	/* A record given up: it is not in the journal and will not be. */
	if (limber_recorder_lost(ws->rec) != NULL)
		json_object_set_new(out, "journal_error",
		    json_string(limber_recorder_lost(ws->rec)));
	/* Said by the page at once, even when this server is slow or gone. */
	advice = limber_warning_stop_text(LIMBER_WARNING_UNSPECIFIED);
	json_object_set_new(out, "warning_advice", json_string(advice));
	free(advice);
	return json_pack("{s:o}", "session", out);
}

/* The session as GET /api/session gives it, without cues (route-check.c). */
json_t *
web_session_view(struct web *w)
{
	return view(w, w->ses != NULL ? json_array_size(w->ses->cues) : 0);
}

static size_t
since_of(struct web_req *rq, long since)
{
	struct web *w = rq->w;

	if (since < 0)
		return w->ses != NULL ? json_array_size(w->ses->cues) : 0;
	return (size_t)since;
}

/* Answer a long poll (after a resume, or at once). */
static enum web_result
answer(struct web_req *rq)
{
	long since;

	/* Checked before the request was suspended. */
	if (!web_query_int_or_respond(rq, "since", 0, 10000000, -1, &since))
		return rq->ret;
	return web_respond_json(rq, 200, view(rq->w, since_of(rq, since)));
}

enum web_result
web_route_session_get(struct web_req *rq)
{
	static const char *const known[] = { "since", "wait", NULL };
	struct web *w = rq->w;
	long since, wait;

	if (rq->resumed) {
		/* A long poll woken by new cues or its time running out. */
		rq->resumed = false;
		return answer(rq);
	}
	if (!web_query_known_or_respond(rq, known) ||
	    !web_query_int_or_respond(rq, "since", 0, 10000000, -1, &since) ||
	    !web_query_int_or_respond(rq, "wait", 0, WEB_WAIT_MAX_S, 0, &wait))
		return rq->ret;
	/*
	 * Nothing new yet: wait for the next cue, for records to go in, or
	 * for wait seconds.
	 */
	if (wait > 0 && since >= 0 &&
	    (web_session_running(w) || web_records_wait(w)) &&
	    (size_t)since >= json_array_size(w->ses->cues) && !w->quit) {
		rq->wait_until = web_now_ms(w) + wait * 1000;
		rq->suspended = true;
		rq->next = w->waiters;
		w->waiters = rq;
		web_suspend(rq);
		web_wake(w);
		return WEB_YES;
	}
	return answer(rq);
}

/*
 * Whether a session whose start is not in the journal yet (its records
 * wait) was begun under check screening: the journal does not know yet
 * that the check is used.
 */
static bool
spent_by(const struct web_session *ws, int64_t screening)
{
	return ws != NULL && ws->screening == screening &&
	    limber_recorder_pending(ws->rec) > 0 &&
	    limber_recorder_session(ws->rec) == 0;
}

/*
 * "voice" in POST /api/session: {"rate": words a minute} when the page
 * speaks the cues, null (or left out) when it does not. Taken out of the
 * body, which is the routine's otherwise. 0: no voice.
 */
static bool
voice_or_respond(struct web_req *rq, int *rate)
{
	json_t *v = json_object_get(rq->json, "voice"), *r;

	*rate = 0;
	if (v == NULL)
		return true;
	r = json_is_object(v) ? json_object_get(v, "rate") : NULL;
	if (!json_is_null(v) &&
	    (json_object_size(v) != 1 || !json_is_integer(r) ||
		json_integer_value(r) < VOICE_RATE_MIN ||
		json_integer_value(r) > VOICE_RATE_MAX)) {
		web_respond_error(rq, 400, "bad-request",
		    "\"voice\" must be "
		    "null or {\"rate\": words a minute, %d to %d}",
		    VOICE_RATE_MIN, VOICE_RATE_MAX);
		return false;
	}
	if (r != NULL)
		*rate = (int)json_integer_value(r);
	json_object_del(rq->json, "voice");
	return true;
}

static bool
check_spent(const struct web *w, int64_t screening)
{
	if (spent_by(w->ses, screening))
		return true;
	for (const struct web_session *r = w->retired; r != NULL; r = r->next) {
		if (spent_by(r, screening))
			return true;
	}
	return false;
}

enum web_result
web_route_session_start(struct web_req *rq)
{
	struct web *w = rq->w;
	struct web_routine r;
	struct limber_plan *plan = NULL;
	struct limber_verdict *v = NULL;
	struct limber_session *s = NULL;
	struct limber_session_pace paced = { NULL, NULL, 0 };
	struct voice_pace *pace = NULL;
	struct web_session *ws;
	enum limber_status st;
	int64_t screening;
	char *cause = NULL;
	int pain, rate;
	enum web_result ret;

	if (!voice_or_respond(rq, &rate) ||
	    !web_routine_body_or_respond(rq, &r))
		return rq->ret;
	if (web_session_running(w))
		return web_respond_error(rq, 409, "session-running", "a session "
		    "is under way; stop it (POST /api/session/input "
		    "{\"input\": \"stop\"}) before starting another");
	if (!web_plan_or_respond(rq, &r, &plan, &v, &screening, &pain, false))
		return rq->ret;
	limber_verdict_free(v);
	/* One check, one session, also while its session waits to go in. */
	if (check_spent(w, screening)) {
		limber_plan_free(plan);
		return web_respond_error(rq, 409, "check-needed",
		    "the last "
		    "check was used by the session just ended (not in your "
		    "journal yet: it is being tried again); answer the safety "
		    "questions again before another session");
	}
	if (plan->nitems == 0) {
		ret = web_respond_json(rq, 409,
		    json_pack("{s:s, s:s, s:o}", "error", "empty-plan",
			"message",
			plan->note != NULL ? plan->note :
					     "no stretch fits this plan",
			"plan", limber_plan_to_json_shown(plan)));
		limber_plan_free(plan);
		return ret;
	}
	/*
	 * The page plays this server's sound for each cue, at the rate it
	 * asked for: the session is paced by it, so that every cue's words
	 * have room (docs/voice.md, "The page"). Without a synthesiser the
	 * page has nothing to play.
	 */
	if (rate > 0 && web_voice_ready()) {
		pace = xcalloc(1, sizeof *pace);
		pace->rate = rate;
		paced = (struct limber_session_pace){ voice_pace_sound_ms, pace,
			WEB_VOICE_LEAD_MS };
	} else
		rate = 0;
	st = limber_session_new_paced(plan, pain, web_now_ms(w), &paced, &s,
	    &cause);
	if (st != LIMBER_OK) {
		free(pace);
		ret = web_respond_error(rq, 409, st == LIMBER_ERR_BLOCKED ?
		    "blocked" : "no-plan", "%s", cause != NULL ? cause :
		    "the session could not be made");
		free(cause);
		limber_plan_free(plan);
		return ret;
	}
	web_session_retire(w);
	ws = xcalloc(1, sizeof *ws);
	ws->serial = ++w->serials;
	ws->plan = plan;
	ws->s = s;
	ws->area = plan->area;
	ws->screening = screening;
	ws->cues = json_array();
	ws->voice_rate = rate;
	ws->pace = pace;
	ws->lang = i18n_current();
	ws->rec = limber_recorder_new(w->journal, w->cat, plan, pain,
	    plan->area, screening, (int)getpid());
	limber_recorder_defer(ws->rec, true);
	w->ses = ws;
	web_session_drain(w);
	web_wake(w);
	return web_respond_json(rq, 201, view(w, 0));
}

static const struct {
	const char *name;
	enum limber_input input;
} inputs[] = {
	{ "ready", LIMBER_INPUT_READY },
	{ "pause", LIMBER_INPUT_PAUSE },
	{ "resume", LIMBER_INPUT_RESUME },
	{ "skip", LIMBER_INPUT_SKIP },
	{ "stop", LIMBER_INPUT_STOP },
	{ "warning", LIMBER_INPUT_WARNING },
	{ "pain", LIMBER_INPUT_PAIN },
};

enum web_result
web_route_session_input(struct web_req *rq)
{
	static const char *const known[] = { "input", "value", "serial", NULL };
	struct web *w = rq->w;
	enum limber_input in = LIMBER_INPUT_COUNT;
	const char *name;
	char *cause = NULL;
	bool has_value, has_serial;
	long value = 0, serial = 0;
	const struct i18n_lang *was;
	enum limber_status st;
	enum web_result ret;

	if (!web_fields_known_or_respond(rq, known) ||
	    !web_field_string_or_respond(rq, "input", 20, NULL, &name) ||
	    !web_field_int_or_respond(rq, "serial", 1, LONG_MAX, &has_serial,
		&serial))
		return rq->ret;
	for (size_t i = 0; i < nitems(inputs); i++) {
		if (strcmp(name, inputs[i].name) == 0)
			in = inputs[i].input;
	}
	if (in == LIMBER_INPUT_COUNT)
		return web_respond_error(rq, 400, "bad-request", "\"input\" must "
		    "be ready, pause, resume, skip, stop, warning or pain");
	if (in == LIMBER_INPUT_PAIN) {
		if (!web_field_int_or_respond(rq, "value", LIMBER_PAIN_MIN,
			LIMBER_PAIN_MAX, NULL, &value))
			return rq->ret;
	} else if (in == LIMBER_INPUT_WARNING) {
		if (!web_field_int_or_respond(rq, "value", 0,
		    LIMBER_WARNING_COUNT - 1, &has_value, &value))
			return rq->ret;
	} else if (json_object_get(rq->json, "value") != NULL) {
		return web_respond_error(rq, 400, "bad-request", "\"value\" goes "
		    "only with pain or warning");
	}
	if (w->ses == NULL)
		return web_respond_error(rq, 409, "no-session", "no session has "
		    "been started");
	/* A page sending again what it sent before: only to its session. */
	if (has_serial && serial != w->ses->serial)
		return web_respond_error(rq, 409, "no-session",
		    "session %ld is not this server's current one", serial);
	/* The cues it makes are in the session's language, the answer in
	   this request's. */
	was = web_session_use(w);
	st = limber_session_input(w->ses->s, in, (int)value, web_now_ms(w),
	    &cause);
	i18n_use(was);
	if (st != LIMBER_OK) {
		/* The time passed up to now still counts. */
		web_session_drain(w);
		web_records_soon(w);
		ret = web_respond_error(rq, 409, "input-refused", "%s",
		    cause != NULL ? cause : "that does not apply now");
		free(cause);
		return ret;
	}
	if (in == LIMBER_INPUT_READY)
		limber_recorder_begin(w->ses->rec, web_wall());
	web_session_drain(w);
	/* The warning is answered first; the others once written, or not. */
	if (in == LIMBER_INPUT_WARNING)
		web_records_soon(w);
	else
		(void)web_records_flush(w, WEB_JOURNAL_WAIT_MS);
	web_wake(w);
	/* 202: taken, but not all of it is in the journal yet. */
	return web_respond_json(rq,
	    limber_recorder_pending(w->ses->rec) > 0 ? 202 : 200,
	    view(w, json_array_size(w->ses->cues)));
}

/*
 * POST /api/session/warning: a warning the page gave while it could not
 * reach this server, sent when it can (docs/api.md). The session it was
 * for (serial), if still under way, stops on it as with an input; if it
 * ended on a warning, it was recorded already; else the journal takes it
 * late (limber_journal_late_warning), on the journalled session the page
 * names (session) or as a note, and the rest of the day is held.
 */
enum web_result
web_route_session_warning(struct web_req *rq)
{
	static const char *const known[] = { "serial", "session", "value", "at",
		NULL };
	struct web *w = rq->w;
	int64_t now = web_wall(), at;
	long serial = 0, session = 0, value = 0, at_ms = 0;
	bool has_serial, has_session, has_at;
	char *cause = NULL, *reason;
	enum limber_status st;

	if (!web_fields_known_or_respond(rq, known) ||
	    !web_field_int_or_respond(rq, "serial", 1, LONG_MAX, &has_serial,
		&serial) ||
	    !web_field_int_or_respond(rq, "session", 1, LONG_MAX, &has_session,
		&session) ||
	    !web_field_int_or_respond(rq, "value", 0, LIMBER_WARNING_COUNT - 1,
		NULL, &value) ||
	    !web_field_int_or_respond(rq, "at", 0, LONG_MAX, &has_at, &at_ms))
		return rq->ret;
	if (has_serial && w->ses != NULL && w->ses->serial == serial) {
		const struct limber_session_result *res =
		    limber_session_result(w->ses->s);

		if (web_session_running(w)) {
			const struct i18n_lang *was = web_session_use(w);
			json_t *out;

			/* Stopped and answered now; written right after. */
			(void)limber_session_input(w->ses->s,
			    LIMBER_INPUT_WARNING, (int)value, web_now_ms(w),
			    NULL);
			i18n_use(was);
			web_session_drain(w);
			web_records_soon(w);
			/* {"recorded": false, "session": {...}} until it is in. */
			out = view(w, json_array_size(w->ses->cues));
			json_object_set_new(out, "recorded", json_false());
			return web_respond_json(rq, 202, out);
		}
		/* Said recorded only once it is in the journal. */
		if (res->reason == LIMBER_STOP_WARNING &&
		    limber_recorder_pending(w->ses->rec) > 0)
			return web_respond_json(rq, 202,
			    json_pack("{s:b}", "recorded", 0));
		if (res->reason == LIMBER_STOP_WARNING &&
		    limber_recorder_lost(w->ses->rec) == NULL)
			return web_respond_json(rq, 200,
			    json_pack("{s:b}", "recorded", 1));
	}
	/* When it was given, as the page's clock says, within the last day. */
	at = has_at ? (int64_t)(at_ms / 1000) : now;
	if (at > now || at < now - 86400)
		at = now;
	reason = limber_warning_reason((enum limber_warning)value);
	/* Not a moment's wait: the page sends it again until it is in. */
	limber_journal_set_wait(w->journal, 0);
	st = limber_journal_late_warning(w->journal, has_session ? session : 0,
	    at, reason, w->cat, &cause);
	limber_journal_set_wait(w->journal, WEB_JOURNAL_WAIT_MS);
	free(reason);
	if (st != LIMBER_OK)
		return web_journal_error(rq, w->journal, cause);
	return web_respond_json(rq, 200, json_pack("{s:b}", "recorded", 1));
}
