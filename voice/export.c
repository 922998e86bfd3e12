/*
 * export.c - a whole guided session as one track, in virtual time.
 *
 * The session engine is driven here as the terminal coach drives it, but
 * with no clock and nobody listening: tick to each deadline, and answer
 * each check-in by going on (SKIP) at once, since a file cannot hear a
 * score. The session is paced by the same sounds the file is made of
 * (voice_pace_sound_ms, at the set rate): a step lasts as long as its
 * words and time to move, so every cue's sound goes in at its own time,
 * after the words before it have ended, and the file keeps the session's
 * timing to the sample. Nothing is said faster to fit, and nothing is
 * ever mixed over words.
 */
#include "limber/voice.h"
#include "i18n.h"
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
 * Place one cue's sound (its tone, the gap and its words) at at_ms. The
 * pace has made that a time when the words before have ended; if they
 * have not, the sound waits for them rather than be mixed over them.
 */
static enum limber_status
place(struct voice_track *t, enum limber_cue_kind kind, const char *text,
    const char *lang, int64_t at_ms, char **cause)
{
	struct voice_placed *c;
	size_t at = ms_to_samples(at_ms);
	int64_t planned_ms = at_ms;
	enum limber_status st;

	if (!voice_cue_spoken(kind))
		return LIMBER_OK;
	/* "Three" said at two is worse than nothing (as the live player). */
	if (kind == LIMBER_CUE_COUNTDOWN &&
	    t->pcm.n > at + ms_to_samples(VOICE_COUNT_LATE_MS))
		return LIMBER_OK;
	if (t->pcm.n < at)
		voice_pcm_silence(&t->pcm, at - t->pcm.n);
	/* On time, it starts at at_ms's sample, which rounds down. */
	if (t->pcm.n > at) {
		at = t->pcm.n;
		at_ms = -1;
	}
	st = voice_cue_pcm(kind, text, lang, 0, &t->pcm, cause);
	if (st != LIMBER_OK)
		return st;
	t->cues = xreallocarray(t->cues, t->ncues + 1, sizeof *t->cues);
	c = &t->cues[t->ncues++];
	c->kind = kind;
	c->start_ms = at_ms >= 0 ? at_ms : samples_to_ms(at);
	c->planned_ms = planned_ms;
	c->end_ms = samples_to_ms(t->pcm.n);
	c->text = xstrdup(text != NULL ? text : "");
	c->lang = lang != NULL ? lang : "en";
	return LIMBER_OK;
}

static enum limber_status
place_all(struct voice_track *t, struct limber_session *s,
    const struct limber_plan *plan, const struct voice_pace *pace, char **cause)
{
	const struct limber_cue *cues;
	size_t n = limber_session_cues(s, &cues);
	enum limber_status st;

	for (size_t i = 0; i < n; i++) {
		const char *text = cues[i].text;
		const char *lang = voice_cue_lang(&cues[i]);

		if (cues[i].kind == LIMBER_CUE_CHECKIN) {
			/*
			 * The last one is followed at once by the closing
			 * words, which say the same; say it once (the pace
			 * leaves it out too).
			 */
			if (cues[i].round == plan->rounds &&
			    cues[i].item == (int)plan->nitems - 1)
				continue;
			text = pace->checkin;
			lang = pace->checkin_lang;
		}
		st = place(t, cues[i].kind, text, lang,
		    t->lead_ms + cues[i].at_ms, cause);
		if (st != LIMBER_OK)
			return st;
	}
	return LIMBER_OK;
}

/*
 * What a file says at a check-in, in this thread's language; *lang gets
 * the language's tag, or NULL when a text had no translation and the
 * whole sentence is made in English instead, for the English voice.
 */
static char *
checkin_words(const struct limber_plan *plan, const char **lang)
{
	const struct i18n_lang *was = i18n_current();
	unsigned long misses = i18n_misses();
	char *text;

	/* TRANSLATORS: said in an audio file of a session where the
	   terminal would ask for a pain score; %s is the body area ("lower
	   back"). */
	text = xasprintf(_("Notice how it feels in your %s now."),
	    limber_session_area_words(plan));
	*lang = voice_for_lang(i18n_lang_tag(was)) != NULL ?
	    i18n_lang_tag(was) :
	    NULL;
	if (i18n_misses() == misses)
		return text;
	free(text);
	i18n_use(i18n_lang_by_tag("en"));
	text = xasprintf(VOICE_CHECKIN_FORMAT, limber_session_area_words(plan));
	i18n_use(was);
	*lang = NULL;
	return text;
}

enum limber_status
voice_render_session(const struct limber_plan *plan, int pain_before,
    struct voice_track *out, char **cause)
{
	struct limber_session *s = NULL;
	struct limber_session_state snap;
	struct voice_pace pace = { .rate = 0, .plan = plan };
	struct limber_session_pace paced = { voice_pace_sound_ms, &pace, 0 };
	enum limber_status st;
	int64_t now, next;
	char *checkin;

	memset(out, 0, sizeof *out);
	checkin = checkin_words(plan, &pace.checkin_lang);
	pace.checkin = checkin;
	/*
	 * The file starts with the checklist, said first; the session starts
	 * (READY) lead_ms later, when it has been said and a pause has gone
	 * by. The engine's clock is the file's, less lead_ms.
	 */
	st = limber_session_new_paced(plan, pain_before, 0, &paced, &s, cause);
	if (st != LIMBER_OK) {
		free(checkin);
		return st;
	}
	st = place_all(out, s, plan, &pace, cause);
	if (st != LIMBER_OK)
		goto out;
	out->lead_ms = samples_to_ms(out->pcm.n) + VOICE_LEAD_GAP_MS;
	/* Whole seconds, so the session's times in the file are round. */
	out->lead_ms = (out->lead_ms + 999) / 1000 * 1000;
	/*
	 * READY at lead_ms on the engine's clock, which started at 0: the
	 * checklist's words have ended by then. The file's clock is the
	 * engine's.
	 */
	now = out->lead_ms;
	out->lead_ms = 0;
	st = limber_session_input(s, LIMBER_INPUT_READY, 0, now, cause);
	while (st == LIMBER_OK) {
		st = place_all(out, s, plan, &pace, cause);
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
	limber_session_snapshot(s, now, &snap);
	out->lead_ms = limber_session_result(s)->started_ms;
	out->session_ms = snap.total_ms;
	/* The closing words come after the session's end, as it ended. */
	next = out->lead_ms + out->session_ms;
	if (samples_to_ms(out->pcm.n) < next)
		voice_pcm_silence(&out->pcm, ms_to_samples(next) - out->pcm.n);
	/* A breath of silence at the end, so no player cuts the last word. */
	voice_pcm_silence(&out->pcm, ms_to_samples(500));
	out->length_ms = samples_to_ms(out->pcm.n);
	out->closing_ms = out->length_ms - next;
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
