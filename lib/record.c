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
 *
 * Each record is queued before it is written, with everything it needs
 * copied (its time, its values, its words), and leaves the queue only once
 * the journal has it. A write that another program's lock or a full disk
 * refused, before anything was written (limber_journal_may_retry), stays
 * at the head of the queue and is made again by the next flush, in order,
 * with the time it happened: a score, the stop, a whole session begun
 * while an import held the journal arrive late but arrive. A write that
 * can never succeed, or may have gone in, is given up and said
 * (limber_recorder_error), never made twice.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "i18n.h"
#include "limber/limber.h"
#include "limber/record.h"
#include "util.h"

/* A record waiting to be written. */
enum op_kind {
	OP_BEGIN,    /* the session */
	OP_PAIN,     /* a score: value, score */
	OP_PROGRESS, /* a completed step: value */
	OP_STRETCH,  /* a stretch done, skipped or stopped in */
	OP_END,	     /* the end: state, reason */
};

struct op {
	enum op_kind kind;
	size_t cue; /* the cues given before it */
	int64_t at;
	int value;
	enum limber_score_kind score;
	char *stretch, *variant;
	int reps, sides;
	bool skipped;
	enum limber_record_state state;
	char *reason;
};

struct limber_recorder {
	struct limber_journal *j;
	const struct limber_catalog *cat;
	const struct limber_plan *plan;
	int pain_before;
	unsigned area;
	int64_t screening;
	int pid;
	bool deferred; /* queue only; the front end flushes */

	bool begun;	/* the session is queued, or written */
	int64_t jid;	/* the session's id; 0 until it is written */
	struct op *ops; /* the queue, oldest first */
	size_t nops;
	size_t cues;		/* cues given so far */
	char *waiting;		/* why the head of the queue is not in yet */
	char *lost;		/* the first record given up */
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

static void
op_release(struct op *o)
{
	free(o->stretch);
	free(o->variant);
	free(o->reason);
}

void
limber_recorder_free(struct limber_recorder *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nops; i++)
		op_release(&r->ops[i]);
	free(r->ops);
	free(r->waiting);
	free(r->lost);
	free(r->why);
	free(r);
}

void
limber_recorder_defer(struct limber_recorder *r, bool deferred)
{
	r->deferred = deferred;
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
	if (r->nops > 0)
		return r->waiting != NULL ?
		    r->waiting :
		    _("it has not been written yet");
	return r->lost;
}

bool
limber_recorder_refused(const struct limber_recorder *r)
{
	return r->nops > 0 && r->waiting != NULL;
}

const char *
limber_recorder_lost(const struct limber_recorder *r)
{
	return r->lost;
}

size_t
limber_recorder_pending(const struct limber_recorder *r)
{
	return r->nops;
}

char *
limber_unsaved_pain_text(const char *text)
{
	/*
	 * TRANSLATORS: exactly the words that end the score in "Pain %d out
	 * of %d, noted." as your language says it; they are found in the
	 * score's words and replaced while the journal has not taken it.
	 */
	const char *mark = C_("the end of a noted pain score", ", noted.");
	const char *noted = mark[0] != '\0' ? strstr(text, mark) : NULL;
	char *head, *out;

	if (noted == NULL)
		/*
		 * TRANSLATORS: %s is what the session said of a pain score
		 * ("Pain 3 out of 10."), which the journal has not taken yet.
		 */
		return xasprintf(_("%s Not in your journal yet; it is being "
				   "tried again."),
		    text);
	head = xstrndup(text, (size_t)(noted - text));
	/*
	 * TRANSLATORS: the first %s is a pain score without "noted" ("Pain 3
	 * out of 10"), the second what the session said after it (" Go
	 * gently, ...", or nothing).
	 */
	out = xasprintf(_("%s: not in your journal yet; it is being tried "
			  "again.%s"),
	    head, noted + strlen(mark));
	free(head);
	return out;
}

size_t
limber_recorder_saved(const struct limber_recorder *r)
{
	return r->nops > 0 ? r->ops[0].cue : r->cues;
}

static void
give_up(struct limber_recorder *r, char *cause)
{
	if (r->lost == NULL)
		r->lost = cause != NULL ?
		    cause :
		    xstrdup(_("the journal could not be written"));
	else
		free(cause);
}

/* One record into the journal. */
static enum limber_status
write_op(struct limber_recorder *r, const struct op *o, char **cause)
{
	struct limber_pain_entry p;
	struct limber_stretch_done sd;
	enum limber_status st;
	int64_t id = 0;

	switch (o->kind) {
	case OP_BEGIN:
		st = limber_journal_session_begin(r->j, o->at, r->plan,
		    r->screening, r->pid, &id, cause);
		if (st == LIMBER_OK)
			r->jid = id;
		return st;
	case OP_PAIN:
		p = (struct limber_pain_entry){
			.at = o->at,
			.value = o->value,
			.area = r->area,
			.kind = o->score,
			.session = r->jid,
			.note = NULL,
		};
		return limber_journal_add_pain(r->j, &p, NULL, cause);
	case OP_PROGRESS:
		return limber_journal_session_progress(r->j, r->jid, o->at,
		    o->value, cause);
	case OP_STRETCH:
		sd = (struct limber_stretch_done){
			.stretch = o->stretch,
			.variant = o->variant,
			.reps = o->reps,
			.sides = o->sides,
			.skipped = o->skipped,
		};
		return limber_journal_add_stretch(r->j, r->jid, o->at, &sd,
		    cause);
	case OP_END:
		return limber_journal_session_end(r->j, r->jid, o->at, o->state,
		    o->reason, r->cat, cause);
	}
	return LIMBER_ERR_INVALID;
}

enum limber_status
limber_recorder_flush(struct limber_recorder *r)
{
	size_t done = 0;
	enum limber_status st = LIMBER_OK;

	while (done < r->nops) {
		struct op *o = &r->ops[done];
		char *cause = NULL;

		/* The session itself was given up: nothing of it can go in. */
		if (o->kind != OP_BEGIN && r->jid == 0) {
			op_release(o);
			done++;
			continue;
		}
		st = write_op(r, o, &cause);
		if (st == LIMBER_ERR_IO && limber_journal_may_retry(r->j)) {
			free(r->waiting);
			r->waiting = cause != NULL ?
			    cause :
			    xstrdup(_("the journal could not be written"));
			break;
		}
		if (st != LIMBER_OK)
			give_up(r, cause);
		op_release(o);
		done++;
		st = LIMBER_OK;
	}
	if (done > 0) {
		memmove(r->ops, r->ops + done,
		    (r->nops - done) * sizeof *r->ops);
		r->nops -= done;
	}
	if (r->nops == 0) {
		free(r->waiting);
		r->waiting = NULL;
	}
	return st;
}

/* Queue o (its strings are the queue's now). */
static void
queue(struct limber_recorder *r, struct op o)
{
	o.cue = r->cues;
	r->ops = xreallocarray(r->ops, r->nops + 1, sizeof *r->ops);
	r->ops[r->nops++] = o;
}

/*
 * Not deferred, what was queued is written now: once for all of it, so
 * that a journal held by another program costs one wait, not one each.
 */
static void
write_now(struct limber_recorder *r)
{
	if (!r->deferred && r->nops > 0)
		(void)limber_recorder_flush(r);
}

static bool
on(const struct limber_recorder *r)
{
	return r->j != NULL && r->begun;
}

static void
begin_queue(struct limber_recorder *r, int64_t at)
{
	if (r->j == NULL || r->begun)
		return;
	r->begun = true;
	queue(r, (struct op){ .kind = OP_BEGIN, .at = at });
	queue(r,
	    (struct op){ .kind = OP_PAIN,
		.at = at,
		.value = r->pain_before,
		.score = LIMBER_SCORE_BEFORE });
}

void
limber_recorder_begin(struct limber_recorder *r, int64_t at)
{
	begin_queue(r, at);
	write_now(r);
}

/* The step under way has ended; completed tells whether it was gone through. */
static void
step_close(struct limber_recorder *r, bool completed, int64_t at)
{
	if (!r->step_open)
		return;
	r->step_open = false;
	if (!completed)
		return;
	r->steps_done++;
	r->item_steps++;
	if (on(r))
		queue(r,
		    (struct op){ .kind = OP_PROGRESS,
			.at = at,
			.value = r->steps_done - 1 });
}

static void
stretch(struct limber_recorder *r, int item, int reps, int sides,
    bool skipped, int64_t at)
{
	const struct limber_plan_item *it;

	if (!on(r) || item < 0 || (size_t)item >= r->plan->nitems)
		return;
	it = &r->plan->items[item];
	queue(r,
	    (struct op){ .kind = OP_STRETCH,
		.at = at,
		.stretch = xstrdup(it->stretch->id),
		.variant = it->variant != NULL ? xstrdup(it->variant->id) :
						 NULL,
		.reps = reps,
		.sides = sides,
		.skipped = skipped });
}

static void
pain(struct limber_recorder *r, const struct limber_cue *cue, int64_t at)
{
	if (!on(r) || cue->pain_kind == LIMBER_PAIN_BEFORE)
		return;
	/* The first three kinds have the same values (journal.h). */
	queue(r,
	    (struct op){ .kind = OP_PAIN,
		.at = at,
		.value = cue->pain,
		.score = (enum limber_score_kind)cue->pain_kind });
}

/*
 * The words a warning stop is journalled with. They are stored, so they
 * stay English (reports and other programs read them); they are said in
 * the person's language by limber_stop_reason_words().
 */
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

enum reason_kind {
	REASON_WARNING,
	REASON_PAIN_RISE,
	REASON_PAIN_HIGH,
	REASON_INTERRUPTED
};

/*
 * Whether words are exactly made, the stored English said again from the
 * numbers read out of it: then nothing of words is lost in saying them in
 * the person's language. Frees made.
 */
static bool
same_words(const char *words, char *made)
{
	bool same = strcmp(words, made) == 0;

	free(made);
	return same;
}

/*
 * A known reason's stored words (English, as stop_reason() and
 * limber_warning_reason() make them) as a sentence in the person's
 * language; words of another form are kept as they were stored.
 */
static char *
reason_sentence(enum reason_kind kind, const char *words)
{
	static const char *const warnings[LIMBER_WARNING_COUNT] = {
		[LIMBER_WARNING_UNSPECIFIED] =
		    N_("Stopped for sharp pain, numbness or dizziness."),
		[LIMBER_WARNING_SHARP_PAIN] =
		    N_("Stopped for sharp, shooting or electric pain."),
		[LIMBER_WARNING_NUMBNESS] =
		    N_("Stopped for new numbness or tingling."),
		[LIMBER_WARNING_DIZZINESS] = N_("Stopped for dizziness."),
	};
	int v[3];

	switch (kind) {
	case REASON_WARNING:
		for (int w = 0; w < LIMBER_WARNING_COUNT; w++) {
			if (strcmp(words, warning_words(w)) == 0)
				return xstrdup(_(warnings[w]));
		}
		/* TRANSLATORS: %s is why a session stopped, in English. */
		return xasprintf(_("Stopped for %s."), words);
	case REASON_PAIN_RISE:
		if (sscanf(words, "pain rose from %d to %d out of %d", &v[0],
			&v[1], &v[2]) == 3 &&
		    same_words(words,
			xasprintf("pain rose from %d to %d out of %d", v[0],
			    v[1], v[2])))
			return xasprintf(_("Stopped because pain rose from %d "
					   "to %d out of %d."),
			    v[0], v[1], v[2]);
		/* TRANSLATORS: %s is why a session stopped, in English. */
		return xasprintf(_("Stopped because %s."), words);
	case REASON_PAIN_HIGH:
		if (sscanf(words, "pain of %d out of %d, above %d", &v[0],
			&v[1], &v[2]) == 3 &&
		    same_words(words,
			xasprintf("pain of %d out of %d, above %d", v[0], v[1],
			    v[2])))
			return xasprintf(_("Stopped for pain of %d out of %d, "
					   "above %d."),
			    v[0], v[1], v[2]);
		return xasprintf(_("Stopped for %s."), words);
	case REASON_INTERRUPTED:
		if (strcmp(words, "the session was ended") == 0)
			return xstrdup(_("Cut short: the session was ended."));
		break;
	}
	/*
	 * TRANSLATORS: %s is why the program running the session ended it,
	 * as it said so ("Ctrl-C (SIGINT)").
	 */
	return xasprintf(_("Cut short: %s."), words);
}

char *
limber_stop_reason_words(const char *reason)
{
	static const char *const names[] = {
		[REASON_WARNING] = "warning",
		[REASON_PAIN_RISE] = "pain-rise",
		[REASON_PAIN_HIGH] = "pain-high",
		[REASON_INTERRUPTED] = "interrupted",
	};
	const char *colon = strchr(reason, ':'), *rest;
	size_t n, len;

	if (colon == NULL)
		return xstrdup(reason);
	n = (size_t)(colon - reason);
	rest = colon + 1 + strspn(colon + 1, " ");
	len = strlen(rest);
	/* The words are already there: no second full stop. */
	if (len > 0 && rest[len - 1] == '.')
		len--;
	if (n == 4 && strncmp(reason, "user", 4) == 0)
		return xstrdup(_("You stopped it."));
	for (size_t i = 0; i < nitems(names); i++) {
		if (strlen(names[i]) == n &&
		    strncmp(reason, names[i], n) == 0 && len > 0) {
			char *words = xstrndup(rest, len);
			char *said = reason_sentence((enum reason_kind)i,
			    words);

			free(words);
			return said;
		}
	}
	return xstrdup(reason);
}

/*
 * "pain-high: ..." - the engine's name for the reason, then in words. The
 * journal keeps them in English, for programs and every language alike:
 * limber_stop_reason_words() says them in the person's.
 */
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
		return xasprintf("%s: pain rose from %d to %d out of %d", name,
		    st.pain_before, st.pain_last, LIMBER_PAIN_MAX);
	case LIMBER_STOP_PAIN_HIGH:
		return xasprintf("%s: pain of %d out of %d, above %d", name,
		    st.pain_last, LIMBER_PAIN_MAX, LIMBER_PAIN_STOP_ABOVE);
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
	char *reason = NULL;
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
	queue(r,
	    (struct op){ .kind = OP_END,
		.at = at,
		.state = state,
		.reason = reason });
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
			begin_queue(r, at);
		step_close(r, false, at);
		end(r, s, at);
		break;
	default:
		break;
	}
	/* The records queued above are this cue's: it is saved with them. */
	r->cues++;
	write_now(r);
}
