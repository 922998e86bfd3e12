/*
 * export.c - a whole guided session as one track, in virtual time.
 *
 * The session engine is driven here as the terminal coach drives it, but
 * with no clock and nobody listening: tick to each deadline, and answer
 * each check-in by going on (SKIP) at once, since a file cannot hear a
 * score. Every cue's sound is mixed in at its own time, so the file keeps
 * the session's timing to the sample; only when words are still being
 * said are the next words put right after them (a rest, its "next" and a
 * check-in come at the same moment). A tone waits for words still being
 * said too (place()): nothing is ever mixed over words.
 */
#include "limber/voice.h"
#include "util.h"

static size_t
ms_to_samples(int64_t ms)
{
	return (size_t)(ms * voice_sample_rate() / 1000);
}

static int64_t
samples_to_ms(size_t n)
{
	return (int64_t)n * 1000 / voice_sample_rate();
}

/*
 * Add src into t's sound from sample at on, growing it as needed. place()
 * only ever adds a tone to silence, so a sum never passes full scale; if
 * one did, it saturates one step short of full scale rather than wrap.
 */
static void
mix(struct voice_track *t, size_t at, const struct voice_pcm *src)
{
	if (t->pcm.n < at + src->n)
		voice_pcm_silence(&t->pcm, at + src->n - t->pcm.n);
	for (size_t i = 0; i < src->n; i++) {
		int v = t->pcm.s[at + i] + src->s[i];

		if (v > 32766)
			v = 32766;
		else if (v < -32766)
			v = -32766;
		t->pcm.s[at + i] = (int16_t)v;
	}
}

/*
 * Place one cue's sound at at_ms. Its words wait for the words before
 * them to end, and so does its tone: a tone over words hides both, and
 * the words before a hold's tone are how to get into the hold, which
 * cannot begin before they are said. The tone comes VOICE_TONE_GAP_MS
 * after them; the session's clock does not move, so every later cue is
 * still placed at its own time. (Steps long enough for their words keep
 * this wait at nothing.)
 */
static enum limber_status
place(struct voice_track *t, enum limber_cue_kind kind, const char *text,
    int seconds, int64_t at_ms, char **cause)
{
	struct voice_placed *c;
	struct voice_pcm tone = { .s = NULL };
	size_t at = ms_to_samples(at_ms), words;
	int64_t within = voice_words_within(kind, seconds);
	enum limber_status st;

	if (!voice_cue_spoken(kind))
		return LIMBER_OK;
	if (t->pcm.n < at)
		voice_pcm_silence(&t->pcm, at - t->pcm.n);
	words = t->pcm.n;
	/* "Three" said at two is worse than nothing (as the live player). */
	if (kind == LIMBER_CUE_COUNTDOWN &&
	    words > at + ms_to_samples(VOICE_COUNT_LATE_MS))
		return LIMBER_OK;
	if (voice_cue_tone(kind) != VOICE_TONE_NONE) {
		if (words > at)
			at = words + ms_to_samples(VOICE_TONE_GAP_MS);
		voice_tone_pcm(voice_cue_tone(kind), &tone);
		voice_pcm_silence(&tone, ms_to_samples(VOICE_TONE_GAP_MS));
		mix(t, at, &tone);
		words = at + tone.n > words ? at + tone.n : words;
		voice_pcm_free(&tone);
	} else
		at = words;
	if (t->pcm.n < words)
		voice_pcm_silence(&t->pcm, words - t->pcm.n);
	/* What is left of the words' time, after the tone and any lag. */
	if (within > 0) {
		within -= samples_to_ms(words) - at_ms;
		within = within > 500 ? within : 500;
	}
	if (text != NULL && *text != '\0' && (st = voice_say_within(text,
	    within, &t->pcm, cause)) != LIMBER_OK)
		return st;
	t->cues = xreallocarray(t->cues, t->ncues + 1, sizeof *t->cues);
	c = &t->cues[t->ncues++];
	c->kind = kind;
	c->planned_ms = at_ms;
	c->start_ms = samples_to_ms(at);
	c->end_ms = samples_to_ms(t->pcm.n);
	c->text = xstrdup(text != NULL ? text : "");
	return LIMBER_OK;
}

static enum limber_status
place_all(struct voice_track *t, struct limber_session *s, int64_t total_ms,
    const char *checkin, char **cause)
{
	const struct limber_cue *cues;
	size_t n = limber_session_cues(s, &cues);
	enum limber_status st;

	for (size_t i = 0; i < n; i++) {
		const char *text = cues[i].text;

		if (cues[i].kind == LIMBER_CUE_CHECKIN) {
			/*
			 * The last one is followed at once by the closing
			 * words, which say the same; say it once.
			 */
			if (cues[i].at_ms >= total_ms)
				continue;
			text = checkin;
		}
		st = place(t, cues[i].kind, text, cues[i].seconds,
		    t->lead_ms + cues[i].at_ms, cause);
		if (st != LIMBER_OK)
			return st;
	}
	return LIMBER_OK;
}

enum limber_status
voice_render_session(const struct limber_plan *plan, int pain_before,
    struct voice_track *out, char **cause)
{
	struct limber_session *s = NULL;
	struct limber_session_state snap;
	enum limber_status st;
	int64_t now = 0, next;
	char *checkin;

	memset(out, 0, sizeof *out);
	/*
	 * The engine's clock starts at 0 at READY; the file's starts at the
	 * checklist, which is said first, lead_ms before.
	 */
	st = limber_session_new(plan, pain_before, 0, &s, cause);
	if (st != LIMBER_OK)
		return st;
	checkin = xasprintf(VOICE_CHECKIN_FORMAT,
	    limber_session_area_words(plan));
	st = place_all(out, s, INT64_MAX, checkin, cause);
	if (st != LIMBER_OK)
		goto out;
	out->lead_ms = samples_to_ms(out->pcm.n) + VOICE_LEAD_GAP_MS;
	/* Whole seconds, so the session's times in the file are round. */
	out->lead_ms = (out->lead_ms + 999) / 1000 * 1000;
	st = limber_session_input(s, LIMBER_INPUT_READY, 0, 0, cause);
	limber_session_snapshot(s, 0, &snap);
	out->session_ms = snap.total_ms;
	while (st == LIMBER_OK) {
		st = place_all(out, s, out->session_ms, checkin, cause);
		if (st != LIMBER_OK || limber_session_ended(s))
			break;
		next = limber_session_deadline(s);
		if (next == INT64_MAX) {
			/* A check-in: nobody can answer, so go on. */
			st = limber_session_input(s, LIMBER_INPUT_SKIP, 0,
			    now, cause);
			continue;
		}
		now = next;
		limber_session_tick(s, now);
	}
	if (st != LIMBER_OK)
		goto out;
	/* The last words may run past the session's planned end. */
	next = out->lead_ms + out->session_ms;
	if (samples_to_ms(out->pcm.n) < next)
		voice_pcm_silence(&out->pcm, ms_to_samples(next) - out->pcm.n);
	/* A breath of silence at the end, so no player cuts the last word. */
	voice_pcm_silence(&out->pcm, ms_to_samples(500));
	out->length_ms = samples_to_ms(out->pcm.n);
out:
	limber_session_free(s);
	free(checkin);
	if (st != LIMBER_OK)
		voice_track_free(out);
	return st;
}

void
voice_track_free(struct voice_track *t)
{
	for (size_t i = 0; i < t->ncues; i++)
		free(t->cues[i].text);
	free(t->cues);
	voice_pcm_free(&t->pcm);
	memset(t, 0, sizeof *t);
}
