/*
 * record.c - a guided session, written into the journal as it happens.
 *
 * The recorder follows the session's cues rather than its state: a cue is
 * the moment something happened, so a step that began (STEP, HOLD_START)
 * is completed by whatever cue comes next, unless that cue says it was cut
 * short (SKIPPED, STOPPED). Counting completed steps across the whole
 * session gives the progress a session cut short is recovered to. This is
 * the terminal coach's way, taken out of it so that the web server records
 * a session exactly as the coach does (docs/coach.md, "What the journal
 * records").
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "limber/limber.h"
#include "limber/record.h"
#include "util.h"

struct limber_recorder {
	struct limber_journal *j;
	const struct limber_catalog *cat;
	const struct limber_plan *plan;
	int pain_before;
	unsigned area;
	int64_t screening;
	int pid;

	int64_t jid;		/* the session's id; 0 until it starts */
	char *error;		/* the first write that failed */
	char *why;		/* why the front end ended it */
	bool step_open;		/* a step or hold is under way */
	int steps_done;		/* steps completed in the whole session */
	int item_steps;		/* of them, in the current stretch */
};

struct limber_recorder *
limber_recorder_new(struct limber_journal *j, const struct limber_catalog *cat,
    const struct limber_plan *plan, int pain_before, unsigned area,
    int64_t screening, int pid)
{
	struct limber_recorder *r = xcalloc(1, sizeof *r);

	r->j = j;
	r->cat = cat;
	r->plan = plan;
	r->pain_before = pain_before;
	r->area = area;
	r->screening = screening;
	r->pid = pid;
	return r;
}

void
limber_recorder_free(struct limber_recorder *r)
{
	if (r == NULL)
		return;
	free(r->error);
	free(r->why);
	free(r);
}

void
limber_recorder_set_why(struct limber_recorder *r, const char *why)
{
	free(r->why);
	r->why = why != NULL ? xstrdup(why) : NULL;
}

int64_t
limber_recorder_session(const struct limber_recorder *r)
{
	return r->j != NULL ? r->jid : 0;
}

const char *
limber_recorder_error(const struct limber_recorder *r)
{
	return r->error;
}

static void
failed(struct limber_recorder *r, char *cause)
{
	if (r->error == NULL)
		r->error = cause != NULL ? cause :
		    xstrdup("the journal could not be written");
	else
		free(cause);
}

static bool
on(const struct limber_recorder *r)
{
	return r->j != NULL && r->jid > 0;
}

void
limber_recorder_begin(struct limber_recorder *r, int64_t at)
{
	struct limber_pain_entry p;
	char *cause = NULL;

	if (r->j == NULL || r->jid > 0)
		return;
	if (limber_journal_session_begin(r->j, at, r->plan, r->screening,
	    r->pid, &r->jid, &cause) != LIMBER_OK) {
		r->jid = 0;
		failed(r, cause);
		return;
	}
	p = (struct limber_pain_entry){
		.at = at, .value = r->pain_before, .area = r->area,
		.kind = LIMBER_SCORE_BEFORE, .session = r->jid, .note = NULL,
	};
	if (limber_journal_add_pain(r->j, &p, NULL, &cause) != LIMBER_OK)
		failed(r, cause);
}

/* The step under way has ended; completed tells whether it was gone through. */
static void
step_close(struct limber_recorder *r, bool completed, int64_t at)
{
	char *cause = NULL;

	if (!r->step_open)
		return;
	r->step_open = false;
	if (!completed)
		return;
	r->steps_done++;
	r->item_steps++;
	if (on(r) && limber_journal_session_progress(r->j, r->jid, at,
	    r->steps_done - 1, &cause) != LIMBER_OK)
		failed(r, cause);
}

static void
stretch(struct limber_recorder *r, int item, int reps, int sides,
    bool skipped, int64_t at)
{
	const struct limber_plan_item *it;
	struct limber_stretch_done sd;
	char *cause = NULL;

	if (!on(r) || item < 0 || (size_t)item >= r->plan->nitems)
		return;
	it = &r->plan->items[item];
	sd = (struct limber_stretch_done){
		.stretch = it->stretch->id,
		.variant = it->variant != NULL ? it->variant->id : NULL,
		.reps = reps, .sides = sides, .skipped = skipped,
	};
	if (limber_journal_add_stretch(r->j, r->jid, at, &sd, &cause) !=
	    LIMBER_OK)
		failed(r, cause);
}

static void
pain(struct limber_recorder *r, const struct limber_cue *cue, int64_t at)
{
	struct limber_pain_entry p;
	char *cause = NULL;

	if (!on(r) || cue->pain_kind == LIMBER_PAIN_BEFORE)
		return;
	p = (struct limber_pain_entry){
		.at = at, .value = cue->pain, .area = r->area,
		/* The first three kinds have the same values (journal.h). */
		.kind = (enum limber_score_kind)cue->pain_kind,
		.session = r->jid, .note = NULL,
	};
	if (limber_journal_add_pain(r->j, &p, NULL, &cause) != LIMBER_OK)
		failed(r, cause);
}

static const char *
warning_words(enum limber_warning w)
{
	switch (w) {
	case LIMBER_WARNING_SHARP_PAIN:
		return "sharp, shooting or electric pain";
	case LIMBER_WARNING_NUMBNESS:
		return "new numbness or tingling";
	case LIMBER_WARNING_DIZZINESS:
		return "dizziness";
	default:
		return "sharp pain, numbness or dizziness";
	}
}

char *
limber_warning_reason(enum limber_warning w)
{
	return xasprintf("%s %s", LIMBER_WARNING_STOP_REASON, warning_words(w));
}

/* "pain-high: ..." - the engine's name for the reason, then in words. */
static char *
stop_reason(const struct limber_recorder *r, const struct limber_session *s)
{
	const struct limber_session_result *res = limber_session_result(s);
	const char *name = limber_stop_reason_name(res->reason);
	struct limber_session_state st;

	/* Only the scores are read: the time given does not matter. */
	limber_session_snapshot(s, 0, &st);
	switch (res->reason) {
	case LIMBER_STOP_USER:
		return xasprintf("%s: you stopped the session", name);
	case LIMBER_STOP_WARNING:
		return limber_warning_reason(res->warning);
	case LIMBER_STOP_PAIN_RISE:
		return xasprintf("%s: pain rose from %d to %d out of 10", name,
		    st.pain_before, st.pain_last);
	case LIMBER_STOP_PAIN_HIGH:
		return xasprintf("%s: pain of %d out of 10, above 5", name,
		    st.pain_last);
	case LIMBER_STOP_INTERRUPTED:
		return xasprintf("%s: %s", name, r->why != NULL ? r->why :
		    "the session was ended");
	default:
		return xasprintf("%s", name != NULL ? name : "stopped");
	}
}

static void
end(struct limber_recorder *r, const struct limber_session *s, int64_t at)
{
	const struct limber_session_result *res = limber_session_result(s);
	char *cause = NULL, *reason = NULL;
	enum limber_record_state state = LIMBER_RECORD_DONE;

	if (!on(r))
		return;
	if (res->outcome == LIMBER_OUTCOME_STOPPED) {
		const struct limber_session_item *last =
		    res->nitems > 0 ? &res->items[res->nitems - 1] : NULL;

		state = LIMBER_RECORD_STOPPED;
		reason = stop_reason(r, s);
		/* A stretch stopped part-way still counts with what was done. */
		if (last != NULL && last->stopped && r->item_steps > 0)
			stretch(r, last->item, last->reps_done,
			    last->sides_done, false, at);
	}
	if (limber_journal_session_end(r->j, r->jid, at, state, reason, r->cat,
	    &cause) != LIMBER_OK)
		failed(r, cause);
	free(reason);
}

void
limber_recorder_cue(struct limber_recorder *r, const struct limber_session *s,
    const struct limber_cue *cue, int64_t at)
{
	switch (cue->kind) {
	case LIMBER_CUE_INTRO:
		step_close(r, true, at);
		r->item_steps = 0;
		break;
	case LIMBER_CUE_STEP:
	case LIMBER_CUE_HOLD_START:
		step_close(r, true, at);
		r->step_open = true;
		break;
	case LIMBER_CUE_HOLD_END:
	case LIMBER_CUE_SWITCH:
	case LIMBER_CUE_REST:
	case LIMBER_CUE_CHECKIN:
		step_close(r, true, at);
		break;
	case LIMBER_CUE_SKIPPED:
		step_close(r, false, at);
		break;
	case LIMBER_CUE_STRETCH_DONE:
		step_close(r, !cue->skipped, at);
		stretch(r, cue->item, cue->reps_done, cue->sides_done,
		    cue->skipped, at);
		break;
	case LIMBER_CUE_PAIN:
		pain(r, cue, at);
		break;
	case LIMBER_CUE_DONE:
		step_close(r, true, at);
		end(r, s, at);
		break;
	case LIMBER_CUE_STOPPED:
		/*
		 * A warning is journalled in every phase: one given at the
		 * checklist, before READY, begins the session to end it.
		 */
		if (limber_session_result(s)->reason == LIMBER_STOP_WARNING)
			limber_recorder_begin(r, at);
		step_close(r, false, at);
		end(r, s, at);
		break;
	default:
		break;
	}
}
