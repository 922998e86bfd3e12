/*
 * session.c - the guided session the server runs: one engine at a time,
 * its records, its clock, and the pages waiting on it.
 *
 * The routes (route-session.c) start and drive it, the timer thread
 * (server.c) ticks it at its deadlines and tries again what the journal
 * refused; both reach it here, and nothing here calls either of them.
 * route-session.c says how the records wait and go in.
 *
 * Everything here runs with the server's mutex held.
 */
#define LIMBER_WEB_INTERNAL
#include <time.h>

#include <limber/record.h>

#include "web.h"
#include "i18n.h"
#include "limber/voice.h"
#include "util.h"

#define NS_PER_MS 1000000LL

/* ------------------------------------------------------------------ */
/* Time.                                                               */

int64_t
web_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int64_t
web_now_ms(const struct web *w)
{
	return (web_mono_ns() - w->t0_ns) * w->speed / NS_PER_MS;
}

int64_t
web_wall(void)
{
	return (int64_t)time(NULL);
}

/* ------------------------------------------------------------------ */
/* The pages waiting, and the timer thread.                            */

void
web_wake(struct web *w)
{
	pthread_cond_signal(&w->wake);
}

void
web_resume_waiters(struct web *w)
{
	while (w->waiters != NULL) {
		struct web_req *rq = w->waiters;

		w->waiters = rq->next;
		rq->next = NULL;
		rq->suspended = false;
		rq->resumed = true;
		web_resume(rq);
	}
}

/* ------------------------------------------------------------------ */
/* The session and its records.                                        */

void
web_session_free(struct web_session *ws)
{
	if (ws == NULL)
		return;
	limber_recorder_free(ws->rec);
	limber_session_free(ws->s);
	limber_plan_free(ws->plan);
	json_decref(ws->cues);
	free(ws->pace);
	free(ws);
}

bool
web_session_running(const struct web *w)
{
	return w->ses != NULL && !limber_session_ended(w->ses->s);
}

/* Records of any session wait for the journal. */
bool
web_records_wait(const struct web *w)
{
	return (w->ses != NULL && limber_recorder_pending(w->ses->rec) > 0) ||
	    w->retired != NULL;
}

size_t
web_records_flush(struct web *w, int wait_ms)
{
	struct web_session **pp = &w->retired;
	size_t before = 0, after = 0;

	limber_journal_set_wait(w->journal, wait_ms);
	/* The oldest first: a session's records follow the one before. */
	while (*pp != NULL) {
		struct web_session *ws = *pp;

		before += limber_recorder_pending(ws->rec);
		(void)limber_recorder_flush(ws->rec);
		if (limber_recorder_pending(ws->rec) == 0) {
			*pp = ws->next;
			web_session_free(ws);
			continue;
		}
		after += limber_recorder_pending(ws->rec);
		pp = &ws->next;
	}
	if (w->ses != NULL) {
		before += limber_recorder_pending(w->ses->rec);
		if (w->retired == NULL)
			(void)limber_recorder_flush(w->ses->rec);
		after += limber_recorder_pending(w->ses->rec);
	}
	limber_journal_set_wait(w->journal, WEB_JOURNAL_WAIT_MS);
	/* The pages waiting learn that it is in. */
	if (after < before)
		web_resume_waiters(w);
	if (after == 0) {
		w->retry_at = INT64_MAX;
		w->retry_ms = WEB_RETRY_MS;
	} else if (after < before || w->retry_at == INT64_MAX) {
		w->retry_ms = WEB_RETRY_MS;
		w->retry_at = web_now_ms(w) + w->retry_ms * w->speed;
	} else {
		w->retry_ms = w->retry_ms * 2 < WEB_RETRY_MAX_MS ?
		    w->retry_ms * 2 :
		    WEB_RETRY_MAX_MS;
		w->retry_at = web_now_ms(w) + w->retry_ms * w->speed;
	}
	return after;
}

int64_t
web_records_deadline(const struct web *w)
{
	return web_records_wait(w) ? w->retry_at : INT64_MAX;
}

/* The records of a warning: written by the timer thread, after the answer. */
void
web_records_soon(struct web *w)
{
	if (!web_records_wait(w))
		return;
	w->retry_ms = WEB_RETRY_MS;
	w->retry_at = web_now_ms(w);
	web_wake(w);
}

void
web_sessions_free(struct web *w)
{
	while (w->retired != NULL) {
		struct web_session *ws = w->retired;

		w->retired = ws->next;
		web_session_free(ws);
	}
	web_session_free(w->ses);
	w->ses = NULL;
}

/* A new session takes the place of the last: its records still go in. */
void
web_session_retire(struct web *w)
{
	struct web_session **pp = &w->retired;

	if (w->ses == NULL)
		return;
	if (limber_recorder_pending(w->ses->rec) == 0) {
		web_session_free(w->ses);
		w->ses = NULL;
		return;
	}
	while (*pp != NULL)
		pp = &(*pp)->next;
	*pp = w->ses;
	w->ses->next = NULL;
	w->ses = NULL;
}

/* Keep every cue queued for the page, then record it. */
void
web_session_drain(struct web *w)
{
	struct web_session *ws = w->ses;
	const struct limber_cue *cues;
	size_t n = limber_session_cues(ws->s, &cues);
	int64_t wall = web_wall();

	for (size_t i = 0; i < n; i++) {
		json_t *cue = limber_cue_to_json(&cues[i]);
		const char *lang = voice_cue_lang(&cues[i]);

		/* The language of its words, which /api/voice speaks it in. */
		if (lang != NULL && json_object_get(cue, "lang") == NULL)
			json_object_set_new(cue, "lang", json_string(lang));
		json_array_append_new(ws->cues, cue);
	}
	for (size_t i = 0; i < n; i++)
		limber_recorder_cue(ws->rec, ws->s, &cues[i], wall);
	if (ws->warned_at == 0 && limber_session_ended(ws->s) &&
	    limber_session_result(ws->s)->reason == LIMBER_STOP_WARNING)
		ws->warned_at = wall;
	if (n > 0)
		web_resume_waiters(w);
}

static bool
warning_waits(const struct web_session *ws)
{
	return ws != NULL && ws->warned_at != 0 &&
	    limber_recorder_pending(ws->rec) > 0;
}

bool
web_warning_waits(const struct web *w, int64_t *at, char **reason)
{
	const struct web_session *ws = warning_waits(w->ses) ? w->ses : NULL;

	for (const struct web_session *r = w->retired; ws == NULL && r != NULL;
	     r = r->next) {
		if (warning_waits(r))
			ws = r;
	}
	if (ws == NULL)
		return false;
	*at = ws->warned_at;
	*reason = limber_warning_reason(limber_session_result(ws->s)->warning);
	return true;
}

const struct i18n_lang *
web_session_use(struct web *w)
{
	const struct i18n_lang *was = i18n_current();

	if (w->ses != NULL && w->ses->lang != NULL)
		i18n_use(w->ses->lang);
	return was;
}

void
web_session_tick(struct web *w)
{
	const struct i18n_lang *was;

	if (!web_session_running(w))
		return;
	/* The cues' words are made now, in the session's language. */
	was = web_session_use(w);
	limber_session_tick(w->ses->s, web_now_ms(w));
	i18n_use(was);
	web_session_drain(w);
	/* The timer thread never waits: what is refused is tried later. */
	if (web_records_wait(w))
		(void)web_records_flush(w, 0);
}

int64_t
web_session_deadline(const struct web *w)
{
	if (!web_session_running(w))
		return INT64_MAX;
	return limber_session_deadline(w->ses->s);
}

void
web_session_interrupt(struct web *w, const char *why)
{
	const struct i18n_lang *was;

	if (!web_session_running(w))
		return;
	limber_recorder_set_why(w->ses->rec, why);
	was = web_session_use(w);
	(void)limber_session_input(w->ses->s, LIMBER_INPUT_INTERRUPT, 0,
	    web_now_ms(w), NULL);
	i18n_use(was);
	web_session_drain(w);
	(void)web_records_flush(w, WEB_JOURNAL_WAIT_MS);
}
