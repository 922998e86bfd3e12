/*
 * route-check.c - the safety questions, the check and the plan, as
 * `limber start` does them (cli/cmd-start.c), over HTTP.
 *
 * The questions an area asks, and the answer that ends the asking, are
 * the library's (limber_question_asked, limber_question_ends_asking), as
 * for the terminal.
 * The rules are the terminal's: the next-day check of the last session
 * comes first when it is due; a check that allowed stretching holds for
 * one session within 12 hours (LIMBER_SCREENING_FRESH_S) for the area it
 * asked about, screened with that check's yes answers and the pain given
 * with the plan; every check asked is recorded; the plan takes the doses the
 * journal has grown or shrunk. A plan is only ever made under a check that
 * holds: GET /api/plan and POST /api/session both go through
 * web_plan_or_respond().
 */
#define LIMBER_WEB_INTERNAL
#include <limits.h>
#include <time.h>

#include "web.h"
#include "util.h"

/* 503 when another program held the journal (web_journal_error). */
static enum web_result
journal_error(struct web_req *rq, char *cause)
{
	return web_journal_error(rq, rq->w->journal, cause);
}

void
web_context_release(struct web_context *c)
{
	free(c->yes);
	limber_doses_free(c->doses, c->ndoses);
	limber_plan_history_release(&c->history);
	memset(c, 0, sizeof *c);
}

/*
 * The journal's facts for a plan, read again only when it has changed, or
 * when the clock reaches a record dated after the time they were read at,
 * which the rules then begin to count (docs/safety.md, "When the clock
 * was wrong").
 */
static bool
context_read(struct web *w, int64_t now, char **cause)
{
	struct web_context *c = &w->ctx, n;
	struct limber_journal_data *d = NULL;
	struct limber_journal_future future;
	uint64_t version = limber_journal_change_count(w->journal);

	if (c->valid && c->version == version && now >= c->read_at &&
	    now < c->until)
		return true;
	memset(&n, 0, sizeof n);
	n.version = version;
	n.read_at = now;
	if (limber_journal_future(w->journal, now, &future, cause) !=
		LIMBER_OK ||
	    limber_journal_last_screening(w->journal, now, &n.last, cause) !=
		LIMBER_OK ||
	    limber_journal_worse_flag(w->journal, now, &n.worse, cause) !=
		LIMBER_OK ||
	    limber_journal_doses(w->journal, &n.doses, &n.ndoses, cause) !=
		LIMBER_OK ||
	    limber_journal_plan_history(w->journal, now, &n.history, cause) !=
		LIMBER_OK)
		goto fail;
	/* Its id and yes answers are only in the full record. */
	if (n.last.found && limber_journal_load(w->journal, n.last.at, &d,
	    cause) != LIMBER_OK)
		goto fail;
	for (size_t i = d != NULL ? d->nscreenings : 0; i-- > 0;) {
		const struct limber_journal_screening *js = &d->screenings[i];

		if (js->at != n.last.at)
			continue;
		n.id = js->id;
		n.yes = xcalloc(js->nyes + 1, sizeof *n.yes);
		for (size_t k = 0; k < js->nyes; k++) {
			const struct limber_question *q =
			    limber_question_find(js->yes[k]);

			if (q != NULL)
				n.yes[n.nyes++] = q->id;
		}
		break;
	}
	limber_journal_data_free(d);
	n.until = future.first;
	n.valid = true;
	web_context_release(c);
	*c = n;
	return true;
fail:
	limber_journal_data_free(d);
	web_context_release(&n);
	return false;
}

/*
 * Whether the last check allows a session now: go or caution, fresh, and
 * not yet used by a session. The questions are asked before every session
 * (docs/safety.md, "Asked before every session"), so an API client gets
 * one session from one check, as the page and the terminal do.
 */
static bool
check_holds(const struct web_context *c, int64_t now)
{
	return c->last.found && c->id > 0 && !c->last.used &&
	    limber_screening_fresh(&c->last, now);
}

static json_t *
area_json(unsigned area)
{
	return area != 0 ? json_string(limber_area_name(
	    (enum limber_area)area)) : json_null();
}

static json_t *
score_json(int v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

/* GET /api/check's answer, or NULL with *cause on a journal error. */
static json_t *
check_json(struct web *w, char **cause)
{
	struct limber_next_day_check nd;
	const struct web_context *c = &w->ctx;
	int64_t now = web_wall();
	char t[32];
	json_t *check = json_null(), *next = json_null(), *held;

	if (limber_journal_next_day_due(w->journal, now, &nd, cause) !=
		LIMBER_OK ||
	    !context_read(w, now, cause))
		return NULL;
	if (nd.due)
		next = json_pack("{s:I, s:s, s:o, s:o, s:o, s:b}",
		    "session", (json_int_t)nd.session,
		    "ended", web_iso_time(t, sizeof t, nd.ended),
		    "before", score_json(nd.before), "after",
		    score_json(nd.after), "area", area_json(nd.area),
		    "worse", nd.worse);
	if (c->last.found) {
		json_t *yes = json_array();

		for (size_t i = 0; i < c->nyes; i++)
			json_array_append_new(yes, json_string(c->yes[i]));
		check = json_pack("{s:I, s:s, s:i, s:o, s:o, s:s, s:b}",
		    "screening", (json_int_t)c->id,
		    "at", web_iso_time(t, sizeof t, c->last.at),
		    "pain", c->last.pain, "area", area_json(c->last.area),
		    "yes", yes, "verdict", limber_level_name(c->last.verdict),
		    "holds", check_holds(c, now));
	}
	if (!web_day_hold_json(w, &held, cause)) {
		json_decref(next);
		json_decref(check);
		return NULL;
	}
	return json_pack("{s:o, s:o, s:i, s:o}", "next_day", next, "check",
	    check, "fresh_s", LIMBER_SCREENING_FRESH_S, "held",
	    held != NULL ? held : json_null());
}

enum web_result
web_route_check_get(struct web_req *rq)
{
	char *cause = NULL;
	json_t *out;

	if (!web_query_known_or_respond(rq, (const char *const[]){ NULL }))
		return rq->ret;
	if ((out = check_json(rq->w, &cause)) == NULL)
		return journal_error(rq, cause);
	return web_respond_json(rq, 200, out);
}

static bool
area_or_respond(struct web_req *rq, const char *s, unsigned *area)
{
	int a = s != NULL ? limber_area_parse(s) : -1;

	if (a <= 0) {
		web_respond_error(rq, 400, "bad-request", "\"area\" must be "
		    "upper, lower or both");
		return false;
	}
	*area = (unsigned)a;
	return true;
}

/*
 * The questions in the order of asking, with the library's flow: ?area=
 * keeps those asked for that area with the server's catalog (a question
 * "only_if_affected" only when an exercise there is one its answer leaves
 * out), and "ends" marks a question whose "yes" ends the asking, so that
 * the page asks as the terminal does.
 */
static json_t *
questions_json(const struct web *w, unsigned area, bool asked)
{
	json_t *arr = json_array();

	for (const struct limber_question *q = limber_questions();
	     q->id != NULL; q++) {
		/* Without an area, the whole table, as `check --list`. */
		if (asked ? !limber_question_asked(q, area, w->cat) :
			    !limber_question_applies(q, area))
			continue;
		json_array_append_new(arr,
		    json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:o, s:b, s:b, "
			      "s:b}",
			"id", q->id, "level", limber_level_name(q->level),
			"text", limber_question_text(q), "advice",
			limber_question_advice(q), "area",
			q->area != NULL ? json_string(q->area) : json_null(),
			"reusable", limber_question_reusable(q->id), "sign",
			q->sign != NULL ? json_string(limber_question_sign(q)) :
					  json_null(),
			"severe", limber_question_asked_in_severe_pain(q->id),
			"ends", limber_question_ends_asking(q),
			"only_if_affected", q->only_if_affected));
	}
	return arr;
}

enum web_result
web_route_questions(struct web_req *rq)
{
	const char *area_s = web_query(rq, "area");
	unsigned area = LIMBER_AREA_BOTH;
	json_t *out;

	if (!web_query_known_or_respond(rq,
		(const char *const[]){ "area", NULL }) ||
	    (area_s != NULL && !area_or_respond(rq, area_s, &area)))
		return rq->ret;
	out = json_pack("{s:o, s:i}", "questions",
	    questions_json(rq->w, area, area_s != NULL), "severe_pain",
	    LIMBER_SEVERE_PAIN);
	if (area_s != NULL)
		json_object_set_new(out, "area", area_json(area));
	return web_respond_json(rq, 200, out);
}

/*
 * What the page's first screen needs, in one answer (docs/api.md, "GET
 * /api/today"): on a slow link each request is a wait, and the page used
 * to make seven, one after another, before its first question. The
 * session under way (as GET /api/session gives it); when there is none,
 * GET /api/check's answer, the questions (the whole table and those
 * each area asks) and the outcome measures due (route-measures.c).
 */
enum web_result
web_route_today(struct web_req *rq)
{
	static const unsigned areas[] = { LIMBER_AREA_UPPER, LIMBER_AREA_LOWER,
		LIMBER_AREA_BOTH };
	struct web *w = rq->w;
	json_t *out, *check = json_null(), *asked, *measures;
	char *cause = NULL;

	if (!web_query_known_or_respond(rq, (const char *const[]){ NULL }))
		return rq->ret;
	out = web_session_view(w);
	/* A session under way needs no journal: it is shown at once. */
	if (web_session_running(w)) {
		json_object_set_new(out, "check", json_null());
		json_object_set_new(out, "questions", json_null());
		json_object_set_new(out, "measures", json_null());
		return web_respond_json(rq, 200, out);
	}
	if ((check = check_json(w, &cause)) == NULL ||
	    !web_measures_due_json(w, &measures, &cause)) {
		json_decref(check);
		json_decref(out);
		return journal_error(rq, cause);
	}
	asked = json_object();
	for (size_t i = 0; i < nitems(areas); i++)
		json_object_set_new(asked,
		    limber_area_name((enum limber_area)areas[i]),
		    questions_json(w, areas[i], true));
	json_object_set_new(out, "check", check);
	json_object_set_new(out, "measures", measures);
	json_object_set_new(out, "questions",
	    json_pack("{s:o, s:i, s:o}", "questions",
		questions_json(w, LIMBER_AREA_BOTH, false), "severe_pain",
		LIMBER_SEVERE_PAIN, "asked", asked));
	return web_respond_json(rq, 200, out);
}

/* The screening with the journal's worse-after-sessions flag. */
static enum limber_status
screen(struct web *w, struct limber_answers *ans, struct limber_verdict **v,
    char **cause)
{
	enum limber_status st;

	st = limber_journal_worse_flag(w->journal, web_wall(),
	    &ans->worse_after_sessions, cause);
	if (st == LIMBER_OK)
		st = limber_journal_no_improvement(w->journal, web_wall(),
		    &ans->no_improvement, cause);
	if (st != LIMBER_OK)
		return st;
	return limber_screen(w->cat, ans, v, cause);
}

enum web_result
web_route_check_post(struct web_req *rq)
{
	static const char *const known[] = { "pain", "area", "yes", NULL };
	struct web *w = rq->w;
	struct limber_answers ans = { .pain = 0 };
	struct limber_verdict *v = NULL;
	const char *area_s, *ids[64];
	json_t *yes, *item;
	int64_t id = 0;
	size_t i, n = 0;
	char *cause = NULL;
	long pain;
	enum web_result r;

	if (!web_fields_known_or_respond(rq, known) ||
	    !web_field_int_or_respond(rq, "pain", LIMBER_PAIN_MIN,
		LIMBER_PAIN_MAX, NULL, &pain) ||
	    !web_field_string_or_respond(rq, "area", 10, NULL, &area_s) ||
	    !area_or_respond(rq, area_s, &ans.area))
		return rq->ret;
	yes = json_object_get(rq->json, "yes");
	if (yes != NULL && !json_is_array(yes))
		return web_respond_error(rq, 400, "bad-request", "\"yes\" must "
		    "be a list of question ids");
	json_array_foreach(yes, i, item) {
		const struct limber_question *q = json_is_string(item) ?
		    limber_question_find(json_string_value(item)) : NULL;
		size_t k;

		if (q == NULL)
			return web_respond_error(rq, 400, "bad-request",
			    "\"yes\"[%zu] is not a screening question id "
			    "(GET /api/questions lists them)", i);
		for (k = 0; k < n && strcmp(ids[k], q->id) != 0; k++)
			;
		if (k < n)
			return web_respond_error(rq, 400, "bad-request",
			    "\"yes\"[%zu]: \"%s\" is given twice", i, q->id);
		if (n == nitems(ids))
			return web_respond_error(rq, 400, "bad-request",
			    "\"yes\" has too many ids");
		ids[n++] = q->id;
	}
	ans.pain = (int)pain;
	ans.yes = ids;
	ans.nyes = n;
	if (screen(w, &ans, &v, &cause) != LIMBER_OK)
		return journal_error(rq, cause);
	/* Every check asked is recorded, as `limber check` does. */
	if (limber_journal_add_screening(w->journal, web_wall(), &ans,
	    v->level, &id, &cause) != LIMBER_OK) {
		limber_verdict_free(v);
		return journal_error(rq, cause);
	}
	r = web_respond_json(rq, 200, json_pack("{s:I, s:o, s:b}",
	    "screening", (json_int_t)id, "verdict", limber_verdict_to_json(v),
	    "allows", limber_level_allows_session(v->level)));
	limber_verdict_free(v);
	return r;
}

enum web_result
web_route_next_day(struct web_req *rq)
{
	static const char *const known[] = { "session", "settled", "pain",
		NULL };
	struct web *w = rq->w;
	struct limber_next_day_check nd;
	json_t *settled = json_object_get(rq->json, "settled");
	char *cause = NULL;
	long session, pain = -1;
	bool has_pain;

	if (!web_fields_known_or_respond(rq, known) ||
	    !web_field_int_or_respond(rq, "session", 1, LONG_MAX, NULL,
		&session) ||
	    !web_field_int_or_respond(rq, "pain", LIMBER_PAIN_MIN,
		LIMBER_PAIN_MAX, &has_pain, &pain))
		return rq->ret;
	if (!json_is_boolean(settled))
		return web_respond_error(rq, 400, "bad-request", "\"settled\" "
		    "must be true or false");
	if (limber_journal_next_day_due(w->journal, web_wall(), &nd, &cause) !=
	    LIMBER_OK)
		return journal_error(rq, cause);
	if (!nd.due || nd.session != session)
		return web_respond_error(rq, 409, "not-due", "session %ld has "
		    "no next-day check to answer", session);
	if (limber_journal_next_day_answer(w->journal, nd.session, web_wall(),
	    has_pain ? (int)pain : -1, json_is_true(settled), w->cat,
	    &cause) != LIMBER_OK)
		return journal_error(rq, cause);
	return web_respond_json(rq, 200, json_pack("{s:b}", "recorded", 1));
}

/*
 * The rest of the day after a warning stop or an urgent or emergency
 * verdict (docs/safety.md, "The rest of the day"): 409 "held", with the
 * words every front end says (web_day_hold_json), and false.
 */
static bool
day_not_held_or_respond(struct web_req *rq)
{
	char *cause = NULL;
	json_t *held;

	if (!web_day_hold_json(rq->w, &held, &cause)) {
		journal_error(rq, cause);
		return false;
	}
	if (held == NULL)
		return true;
	json_object_set_new(held, "error", json_string("held"));
	web_respond_json(rq, 409, held);
	return false;
}

bool
web_plan_or_respond(struct web_req *rq, const struct web_routine *r,
    struct limber_plan **plan, struct limber_verdict **verdict,
    int64_t *screening, int *pain, bool lock)
{
	struct web *w = rq->w;
	const struct web_context *c = &w->ctx;
	struct limber_answers ans;
	struct limber_request req;
	struct limber_recent *recent = NULL;
	int64_t now;
	char *cause = NULL;
	bool ok = false;

	*plan = NULL;
	*verdict = NULL;
	if (lock)
		pthread_mutex_lock(&w->lock);
	now = web_wall();
	if (!context_read(w, now, &cause)) {
		journal_error(rq, cause);
		goto out;
	}
	if (!day_not_held_or_respond(rq))
		goto out;
	if (!check_holds(c, web_wall())) {
		web_respond_error(rq, 409, "check-needed",
		    "answer the safety "
		    "questions first (POST /api/check): they are asked before "
		    "every session, and a check that allows stretching holds "
		    "for one session within 12 hours");
		goto out;
	}
	if ((r->area & ~c->last.area) != 0) {
		web_respond_error(rq, 409, "check-needed", "the last check was "
		    "for the %s back; answer the questions again for this "
		    "area", c->last.area == LIMBER_AREA_UPPER ? "upper" :
		    "lower");
		goto out;
	}
	ans = (struct limber_answers){
		.pain = r->pain >= 0 ? r->pain : c->last.pain,
		.area = r->area != 0 ? r->area : c->last.area,
		.yes = c->yes, .nyes = c->nyes,
		.worse_after_sessions = c->worse,
	};
	/* The check's own flags, so that its caution holds in the plan. */
	if (limber_journal_no_improvement(w->journal, web_wall(),
		&ans.no_improvement, &cause) != LIMBER_OK) {
		journal_error(rq, cause);
		goto out;
	}
	if (limber_screen(w->cat, &ans, verdict, &cause) != LIMBER_OK) {
		web_respond_error(rq, 500, "internal", "%s", cause != NULL ?
		    cause : "the answers could not be screened");
		free(cause);
		goto out;
	}
	if (!limber_level_allows_session((*verdict)->level)) {
		web_respond_json(rq, 409, json_pack("{s:s, s:s, s:o}", "error",
		    "blocked", "message", "the check rules out stretching "
		    "today", "verdict", limber_verdict_to_json(*verdict)));
		goto out;
	}
	/*
	 * The cache counts back from when it was read, and may be kept for
	 * hours while nothing is written: aged to now, "Last done 1 day ago"
	 * stays true.
	 */
	if (c->history.nrecent > 0) {
		int64_t aged = now > c->read_at ? now - c->read_at : 0;

		recent = xcalloc(c->history.nrecent, sizeof *recent);
		for (size_t i = 0; i < c->history.nrecent; i++) {
			recent[i] = c->history.recent[i];
			recent[i].ago_s += aged;
		}
	}
	req = (struct limber_request){
		.area = ans.area,
		.minutes = r->minutes,
		.context = r->context,
		.limits = r->limits,
		.verdict = *verdict,
		.doses = c->doses,
		.ndoses = c->ndoses,
		.sport = r->sport,
		.stage = c->history.stage,
		.recent = recent,
		.nrecent = c->history.nrecent,
	};
	if (limber_plan_build(w->cat, &req, plan, &cause) != LIMBER_OK) {
		web_respond_error(rq, 409, "no-plan", "%s", cause != NULL ?
		    cause : "the plan could not be made");
		free(cause);
		goto out;
	}
	*screening = c->id;
	*pain = ans.pain;
	ok = true;
out:
	free(recent);
	if (lock)
		pthread_mutex_unlock(&w->lock);
	if (!ok) {
		limber_verdict_free(*verdict);
		*verdict = NULL;
	}
	return ok;
}

/* ?no=floor,kneeling */
static bool
limits_or_respond(struct web_req *rq, const char *list, unsigned *out)
{
	char word[16];

	*out = 0;
	while (list != NULL && *list != '\0') {
		size_t n = strcspn(list, ",");
		int need;

		if (n == 0 || n >= sizeof word)
			goto bad;
		memcpy(word, list, n);
		word[n] = '\0';
		need = limber_need_parse(word);
		if (need != LIMBER_NEED_FLOOR && need != LIMBER_NEED_KNEELING &&
		    need != LIMBER_NEED_LYING)
			goto bad;
		*out |= (unsigned)need;
		list += n;
		if (*list == ',')
			list++;
	}
	return true;
bad:
	web_respond_error(rq, 400, "bad-request", "\"no\" must list floor, "
	    "kneeling or lying, separated by commas");
	return false;
}

static bool
context_or_respond(struct web_req *rq, const char *s,
    enum limber_context *out)
{
	int c = s != NULL ? limber_context_parse(s) : LIMBER_CONTEXT_GENERAL;

	if (c < 0 || c >= LIMBER_CONTEXT_COUNT) {
		web_respond_error(rq, 400, "bad-request",
		    "\"context\" must be "
		    "general, workout (or after-workout) or desk");
		return false;
	}
	*out = (enum limber_context)c;
	return true;
}

/*
 * "sport": the sport a workout's cool-down is for. Without "context" it
 * means the workout context; with another context it is an error.
 */
static bool
sport_or_respond(struct web_req *rq, const char *s, bool has_context,
    struct web_routine *r)
{
	int sp;

	if (s == NULL)
		return true;
	if ((sp = limber_sport_parse(s)) < 0) {
		web_respond_error(rq, 400, "bad-request",
		    "\"sport\" must be "
		    "running, cycling, lifting or racket");
		return false;
	}
	if (!has_context)
		r->context = LIMBER_CONTEXT_AFTER_WORKOUT;
	else if (r->context != LIMBER_CONTEXT_AFTER_WORKOUT) {
		web_respond_error(rq, 400, "bad-request",
		    "\"sport\" is for a "
		    "workout's cool-down: leave out \"context\" or make it "
		    "workout");
		return false;
	}
	r->sport = (enum limber_sport)sp;
	return true;
}

/* The routine from GET /api/plan's query. */
static bool
routine_query_or_respond(struct web_req *rq, struct web_routine *r)
{
	static const char *const known[] = { "area", "minutes", "context",
		"sport", "no", "pain", NULL };
	const char *area = web_query(rq, "area");
	long minutes, pain;

	memset(r, 0, sizeof *r);
	if (!web_query_known_or_respond(rq, known) ||
	    (area != NULL && !area_or_respond(rq, area, &r->area)) ||
	    !web_query_int_or_respond(rq, "minutes", 1, 120, 10, &minutes) ||
	    !web_query_int_or_respond(rq, "pain", LIMBER_PAIN_MIN,
		LIMBER_PAIN_MAX, -1, &pain) ||
	    !context_or_respond(rq, web_query(rq, "context"), &r->context) ||
	    !sport_or_respond(rq, web_query(rq, "sport"),
		web_query(rq, "context") != NULL, r) ||
	    !limits_or_respond(rq, web_query(rq, "no"), &r->limits))
		return false;
	r->minutes = (int)minutes;
	r->pain = (int)pain;
	return true;
}

/* The same from a JSON body: "no" is a list there. */
bool
web_routine_body_or_respond(struct web_req *rq, struct web_routine *r)
{
	static const char *const known[] = { "area", "minutes", "context",
		"sport", "no", "pain", NULL };
	const char *area = NULL, *context = NULL, *sport = NULL;
	bool has_area, has_minutes, has_pain, has_context, has_sport;
	json_t *no = json_object_get(rq->json, "no"), *item;
	long minutes = 10, pain = -1;
	size_t i;

	memset(r, 0, sizeof *r);
	if (!web_fields_known_or_respond(rq, known) ||
	    !web_field_string_or_respond(rq, "area", 10, &has_area, &area) ||
	    (has_area && !area_or_respond(rq, area, &r->area)) ||
	    !web_field_int_or_respond(rq, "minutes", 1, 120, &has_minutes,
		&minutes) ||
	    !web_field_int_or_respond(rq, "pain", LIMBER_PAIN_MIN,
		LIMBER_PAIN_MAX, &has_pain, &pain) ||
	    !web_field_string_or_respond(rq, "context", 20, &has_context,
		&context) ||
	    !context_or_respond(rq, context, &r->context) ||
	    !web_field_string_or_respond(rq, "sport", 20, &has_sport, &sport) ||
	    !sport_or_respond(rq, sport, has_context, r))
		return false;
	if (no != NULL && !json_is_array(no)) {
		web_respond_error(rq, 400, "bad-request", "\"no\" must be a list "
		    "of floor, kneeling or lying");
		return false;
	}
	json_array_foreach(no, i, item) {
		int need = json_is_string(item) ?
		    limber_need_parse(json_string_value(item)) : 0;

		if (need != LIMBER_NEED_FLOOR && need != LIMBER_NEED_KNEELING &&
		    need != LIMBER_NEED_LYING) {
			web_respond_error(rq, 400, "bad-request", "\"no\"[%zu] "
			    "must be floor, kneeling or lying", i);
			return false;
		}
		r->limits |= (unsigned)need;
	}
	r->minutes = (int)minutes;
	r->pain = has_pain ? (int)pain : -1;
	return true;
}

enum web_result
web_route_plan(struct web_req *rq)
{
	struct web_routine r;
	struct limber_plan *plan;
	struct limber_verdict *v;
	int64_t screening;
	int pain;
	enum web_result ret;

	if (!routine_query_or_respond(rq, &r) ||
	    !web_plan_or_respond(rq, &r, &plan, &v, &screening, &pain, true))
		return rq->ret;
	/* Made into JSON outside the lock: the plan is ours alone. */
	ret = web_respond_json(rq, 200,
	    json_pack("{s:o, s:o, s:I, s:i}", "plan",
		limber_plan_to_json_shown(plan), "verdict",
		limber_verdict_to_json(v), "screening", (json_int_t)screening,
		"pain", pain));
	limber_plan_free(plan);
	limber_verdict_free(v);
	return ret;
}
