/*
 * route-voice.c - GET /api/voice: a cue of the session as sound.
 *
 * The page plays what the server speaks, so every phone and browser
 * sounds the same and no browser's own speech is needed. A cue is named
 * by its session's serial and its index in that session's cues (as GET
 * /api/session numbers them); there is no free text to speak, so the
 * route cannot be made to read out anything but limber's own words. The
 * answer is a WAV file: the cue's tone, then its words (voice/).
 *
 * espeak-ng starts on the first request, once. The engine's lock is held
 * only to copy the cue's words, never while they are spoken.
 */
#include <limits.h>
#include <pthread.h>

#define LIMBER_WEB_INTERNAL
#include "web.h"
#include "i18n.h"
#include "limber/voice.h"
#include "util.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char *no_voice;		/* why there is no voice; NULL when there is */

static void
start_voice(void)
{
	char *cause = NULL;

	if (voice_init(NULL, 0, &cause) != LIMBER_OK)
		no_voice = cause;
}

bool
web_voice_ready(void)
{
	if (!voice_have_speech())
		return false;
	pthread_once(&once, start_voice);
	return no_voice == NULL;
}

static int
kind_from_name(const char *name)
{
	for (int k = 0; k < LIMBER_CUE_KIND_COUNT; k++) {
		if (strcmp(limber_cue_kind_name((enum limber_cue_kind)k),
		    name) == 0)
			return k;
	}
	return -1;
}

/* Copy cue n of session serial, under the lock; false: answered 404. */
static bool
cue_or_respond(struct web_req *rq, long serial, long n, int *kind, int *rate,
    char **text, char **lang)
{
	struct web *w = rq->w;
	json_t *cue = NULL;

	pthread_mutex_lock(&w->lock);
	if (w->ses != NULL && w->ses->serial == serial)
		cue = json_array_get(w->ses->cues, (size_t)n);
	if (cue != NULL) {
		*kind = kind_from_name(json_string_value(json_object_get(cue,
		    "kind")));
		*text = xstrdup(json_string_value(json_object_get(cue,
		    "text")));
		/* Its words' language (none: English), for its voice. */
		if (json_is_string(json_object_get(cue, "lang")))
			*lang = xstrdup(json_string_value(json_object_get(cue,
			    "lang")));
		/* At the rate the session was paced at: as long as planned. */
		*rate = w->ses->voice_rate;
	}
	pthread_mutex_unlock(&w->lock);
	if (cue == NULL) {
		web_respond_error(rq, 404, "no-cue", "session %ld has no cue "
		    "%ld", serial, n);
		return false;
	}
	return true;
}

/*
 * Copy cue k of what comes next in session serial, while it has made next
 * cues; false: answered 404, or 204 once it has moved on. A page that asks
 * ahead races the session's clock, and losing is no fault: there is
 * nothing to make ahead any more, and the cue's own clip is fetched when
 * it comes (an error status would be logged by the browser as one).
 */
static bool
coming_or_respond(struct web_req *rq, long serial, long next, long k, int *kind,
    int *rate, char **text, char **lang)
{
	struct web *w = rq->w;
	struct limber_cue *c = NULL;
	size_t n = 0;
	bool moved = true;

	pthread_mutex_lock(&w->lock);
	if (w->ses != NULL && w->ses->serial == serial &&
	    json_array_size(w->ses->cues) == (size_t)next) {
		moved = false;
		n = limber_session_coming(w->ses->s, &c);
		if ((size_t)k < n) {
			*kind = (int)c[k].kind;
			*text = xstrdup(c[k].text);
			if (voice_cue_lang(&c[k]) != NULL)
				*lang = xstrdup(voice_cue_lang(&c[k]));
			*rate = w->ses->voice_rate;
		}
	}
	pthread_mutex_unlock(&w->lock);
	limber_cues_free(c, n);
	if (moved) {
		web_respond_bytes(rq, 204, "audio/wav", NULL, 0);
		return false;
	}
	if ((size_t)k >= n) {
		web_respond_error(rq, 404, "no-cue",
		    "session %ld has %zu "
		    "cues coming, not %ld",
		    serial, n, k + 1);
		return false;
	}
	return true;
}

enum web_result
web_route_voice(struct web_req *rq)
{
	static const char *const known[] = { "serial", "cue", "sample", "rate",
		"coming", "next", "lang", NULL };
	struct voice_pcm pcm = { .s = NULL };
	const char *sample;
	char *text = NULL, *lang = NULL, *cause = NULL, *wav;
	long serial, n, k, next;
	int kind = LIMBER_CUE_INTRO, rate = 0;
	long sample_rate;
	size_t len;

	if (!web_query_known_or_respond(rq, known))
		return rq->ret;
	sample = web_query(rq, "sample");
	/* "Try the voice": at the rate Settings has chosen. */
	if (!web_query_int_or_respond(rq, "rate", VOICE_RATE_MIN,
		VOICE_RATE_MAX, 0, &sample_rate))
		return rq->ret;
	if (sample == NULL) {
		if (!web_query_int_or_respond(rq, "serial", 1, LONG_MAX, 0,
			&serial) ||
		    !web_query_int_or_respond(rq, "cue", 0, LONG_MAX, -1, &n) ||
		    !web_query_int_or_respond(rq, "coming", 0, LONG_MAX, -1,
			&k) ||
		    !web_query_int_or_respond(rq, "next", 0, LONG_MAX, -1,
			&next))
			return rq->ret;
		if (serial == 0 || (n < 0) == (k < 0) ||
		    (k >= 0) != (next >= 0))
			return web_respond_error(rq, 400, "bad-request",
			    "give "
			    "serial and cue (a session's serial and a cue's "
			    "index), serial, next and coming (what comes "
			    "after the next cues, as GET /api/session says), "
			    "or sample");
	}
	if (!voice_have_speech())
		return web_respond_error(rq, 503, "no-voice", "%s",
		    voice_feature());
	pthread_once(&once, start_voice);
	if (no_voice != NULL)
		return web_respond_error(rq, 503, "no-voice", "%s", no_voice);
	if (sample != NULL) {
		unsigned long misses;

		/*
		 * lang=TAG, as Accept-Language would say it: for a player
		 * that cannot send headers (a plain Audio element), the
		 * language Settings chose. The request's own answers keep
		 * its header's language.
		 */
		if (web_query(rq, "lang") != NULL)
			i18n_use(i18n_lang_accept(web_query(rq, "lang")));
		misses = i18n_misses();

		/* What "Try the voice" in Settings plays, in this request's
		   language, or in English with the English voice. */
		text = xstrdup(_("Breathe in, and let your shoulders drop."));
		if (i18n_misses() == misses)
			lang = xstrdup(i18n_lang_tag(i18n_current()));
		i18n_use(rq->lang);
		rate = (int)sample_rate;
	} else if (k >= 0) {
		if (!coming_or_respond(rq, serial, next, k, &kind, &rate, &text,
			&lang))
			return rq->ret;
	} else if (!cue_or_respond(rq, serial, n, &kind, &rate, &text, &lang))
		return rq->ret;
	if (kind < 0 || !voice_cue_spoken((enum limber_cue_kind)kind)) {
		free(text);
		free(lang);
		return web_respond_bytes(rq, 204, "audio/wav", NULL, 0);
	}
	if (voice_cue_pcm((enum limber_cue_kind)kind, text, lang, rate, &pcm,
		&cause) != LIMBER_OK) {
		free(text);
		free(lang);
		voice_pcm_free(&pcm);
		web_respond_error(rq, 500, "voice-failed", "%s", cause);
		free(cause);
		return rq->ret;
	}
	free(text);
	free(lang);
	wav = (char *)voice_wav(&pcm, &len);
	voice_pcm_free(&pcm);
	return web_respond_bytes(rq, 200, "audio/wav", wav, len);
}
