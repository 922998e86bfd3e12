/*
 * speech.c - the synthesiser (libespeak-ng), the tones, and what each cue
 * sounds like.
 *
 * espeak-ng is initialised once per process in synchronous mode: a call to
 * espeak_ng_Synthesize() returns when the text has been spoken into our
 * callback, which appends the samples to the caller's buffer. No process
 * is spawned per cue. espeak-ng keeps global state, so one mutex guards
 * every call into it; the web server's threads and the live player's
 * thread take turns.
 */
#include <math.h>
#include <strings.h>
#include <pthread.h>

#include <espeak-ng/espeak_ng.h>

#include "limber/voice.h"
#include "i18n.h"
#include "util.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool ready;
static int sample_rate;
static int words_a_minute = VOICE_RATE_DEFAULT;	/* as voice_init set it */
/*
 * The voice voice_init set (English's, or the user's choice), and the one
 * espeak-ng speaks with now: a cue in another language switches to that
 * language's voice, and an English one back (say()).
 */
static char init_voice[64] = "en";
static char voice_now[64] = "en";

/* Samples quieter than this are silence, for trimming speech's edges. */
#define QUIET 96

static void cache_clear(void);

void
voice_pcm_free(struct voice_pcm *p)
{
	free(p->s);
	memset(p, 0, sizeof *p);
}

static void
reserve(struct voice_pcm *p, size_t more)
{
	size_t cap = p->cap == 0 ? 4096 : p->cap;

	if (p->n + more <= p->cap)
		return;
	while (cap < p->n + more)
		cap *= 2;
	p->s = xreallocarray(p->s, cap, sizeof *p->s);
	p->cap = cap;
}

static void
append(struct voice_pcm *p, const int16_t *s, size_t n)
{
	reserve(p, n);
	memcpy(p->s + p->n, s, n * sizeof *s);
	p->n += n;
}

void
voice_pcm_silence(struct voice_pcm *p, size_t n)
{
	reserve(p, n);
	memset(p->s + p->n, 0, n * sizeof *p->s);
	p->n += n;
}

bool
voice_have_speech(void)
{
	return true;
}

int
voice_sample_rate(void)
{
	return sample_rate;
}

static int
on_samples(short *wav, int n, espeak_EVENT *events)
{
	struct voice_pcm *out = events != NULL ? events->user_data : NULL;

	if (out != NULL && wav != NULL && n > 0)
		append(out, wav, (size_t)n);
	return 0;	/* 0: go on synthesising */
}

static char *
status_text(espeak_ng_STATUS st)
{
	char buf[256];

	espeak_ng_GetStatusCodeMessage(st, buf, sizeof buf);
	return xstrdup(buf);
}

/*
 * Whether espeak-ng knows name: a voice's name or file ("gmw/en", or
 * "en"), or one of its languages; a variant after '+' ("en+f3") aside.
 * espeak_ng_SetVoiceByName() falls back to a default for any name, and a
 * typing mistake should be an error, not English. Locked.
 */
static bool
known_voice(const char *name)
{
	const espeak_VOICE **v = espeak_ListVoices(NULL);
	size_t len = strcspn(name, "+");

	for (; v != NULL && *v != NULL; v++) {
		const char *id = (*v)->identifier, *slash;

		if ((*v)->name != NULL && strlen((*v)->name) == len &&
		    strncasecmp((*v)->name, name, len) == 0)
			return true;
		if (id != NULL) {
			slash = strrchr(id, '/');
			slash = slash != NULL ? slash + 1 : id;
			if ((strlen(id) == len && strncmp(id, name, len) == 0) ||
			    (strlen(slash) == len &&
			    strncmp(slash, name, len) == 0))
				return true;
		}
		/* Languages: a priority byte, the name, a NUL; then a NUL. */
		for (const char *l = (*v)->languages; l != NULL && l[0] != '\0' &&
		    l[1] != '\0'; l += strlen(l + 1) + 2) {
			if (strlen(l + 1) == len &&
			    strncasecmp(l + 1, name, len) == 0)
				return true;
		}
	}
	return false;
}

enum limber_status
voice_init(const char *name, int rate, char **cause)
{
	espeak_ng_ERROR_CONTEXT ctx = NULL;
	espeak_ng_STATUS st;
	enum limber_status rc = LIMBER_OK;
	char *why;

	if (name == NULL)
		name = "en";
	if (rate == 0)
		rate = VOICE_RATE_DEFAULT;
	if (rate < VOICE_RATE_MIN || rate > VOICE_RATE_MAX) {
		*cause = xasprintf(_("the speech rate must be %d to %d words a "
				     "minute, not %d"),
		    VOICE_RATE_MIN, VOICE_RATE_MAX, rate);
		return LIMBER_ERR_INVALID;
	}
	pthread_mutex_lock(&lock);
	if (!ready) {
		espeak_ng_InitializePath(NULL);
		st = espeak_ng_Initialize(&ctx);
		if (st == ENS_OK)
			st = espeak_ng_InitializeOutput(
			    ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
		if (st != ENS_OK) {
			why = status_text(st);
			*cause = xasprintf(
			    _("the speech synthesiser could not "
			      "start: %s (is espeak-ng-data installed?)"),
			    why);
			free(why);
			espeak_ng_ClearErrorContext(&ctx);
			rc = LIMBER_ERR_IO;
			goto out;
		}
		espeak_SetSynthCallback(on_samples);
		sample_rate = espeak_ng_GetSampleRate();
		ready = true;
	}
	st = known_voice(name) ? espeak_ng_SetVoiceByName(name) :
	    ENS_VOICE_NOT_FOUND;
	if (st != ENS_OK) {
		*cause = xasprintf(_("no voice or language '%s' in espeak-ng "
				     "(espeak-ng --voices lists them)"),
		    name);
		rc = LIMBER_ERR_INVALID;
		goto out;
	}
	espeak_ng_SetParameter(espeakRATE, rate, 0);
	words_a_minute = rate;
	snprintf(init_voice, sizeof init_voice, "%s", name);
	snprintf(voice_now, sizeof voice_now, "%s", name);
	/* Another voice says the same words differently. */
	pthread_mutex_unlock(&lock);
	cache_clear();
	return rc;
out:
	pthread_mutex_unlock(&lock);
	return rc;
}

void
voice_shutdown(void)
{
	pthread_mutex_lock(&lock);
	if (ready)
		espeak_ng_Terminate();
	ready = false;
	pthread_mutex_unlock(&lock);
	cache_clear();
}

const char *
voice_for_lang(const char *lang)
{
	const struct i18n_lang *l;
	const char *v;

	if (lang == NULL || *lang == '\0')
		return NULL;
	l = i18n_lang_by_tag(lang);
	if (l == NULL || strcmp(i18n_lang_tag(l), "en") == 0)
		return NULL;
	v = i18n_lang_voice(l);
	/* A language whose .po names no voice is not spoken as English. */
	return v != NULL && *v != '\0' ? v : i18n_lang_tag(l);
}

/*
 * Make voice (NULL: voice_init's) the one espeak-ng speaks with. Locked.
 * A name espeak-ng does not know is an error, not English: German words
 * read with English sounds help nobody.
 */
static enum limber_status
use_voice(const char *voice, char **cause)
{
	if (voice == NULL)
		voice = init_voice;
	if (strcmp(voice, voice_now) == 0)
		return LIMBER_OK;
	if (strlen(voice) >= sizeof voice_now || !known_voice(voice) ||
	    espeak_ng_SetVoiceByName(voice) != ENS_OK) {
		*cause = xasprintf(_("no voice '%s' in espeak-ng"), voice);
		return LIMBER_ERR_INVALID;
	}
	snprintf(voice_now, sizeof voice_now, "%s", voice);
	espeak_ng_SetParameter(espeakRATE, words_a_minute, 0);
	return LIMBER_OK;
}

/*
 * Speak text with voice (NULL: voice_init's) at rate words a minute (0:
 * the set rate).
 */
static enum limber_status
say(const char *text, const char *voice, int rate, struct voice_pcm *out,
    char **cause)
{
	struct voice_pcm raw = { .s = NULL };
	espeak_ng_STATUS st;
	enum limber_status rc;
	size_t a, b;
	char *why;

	pthread_mutex_lock(&lock);
	if (!ready) {
		pthread_mutex_unlock(&lock);
		*cause = xstrdup(_("the speech synthesiser was not started"));
		return LIMBER_ERR_INVALID;
	}
	if ((rc = use_voice(voice, cause)) != LIMBER_OK) {
		pthread_mutex_unlock(&lock);
		return rc;
	}
	if (rate > 0)
		espeak_ng_SetParameter(espeakRATE, rate, 0);
	st = espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
	    espeakCHARS_UTF8, NULL, &raw);
	if (st == ENS_OK)
		st = espeak_ng_Synchronize();
	if (rate > 0)
		espeak_ng_SetParameter(espeakRATE, words_a_minute, 0);
	pthread_mutex_unlock(&lock);
	if (st != ENS_OK) {
		why = status_text(st);
		*cause = xasprintf(_("cannot speak '%s': %s"), text, why);
		free(why);
		voice_pcm_free(&raw);
		return LIMBER_ERR_IO;
	}
	/*
	 * espeak-ng pads speech with silence; trimmed, a cue's sound starts
	 * at the moment it is placed at, which is what the file promises.
	 */
	a = 0;
	b = raw.n;
	while (a < b && abs(raw.s[a]) < QUIET)
		a++;
	while (b > a && abs(raw.s[b - 1]) < QUIET)
		b--;
	append(out, raw.s + a, b - a);
	voice_pcm_free(&raw);
	return LIMBER_OK;
}

enum limber_status
voice_say(const char *text, struct voice_pcm *out, char **cause)
{
	return say(text, NULL, 0, out, cause);
}

/* One note: a sine with 8 ms fades, so it starts and ends without a click. */
static void
note(struct voice_pcm *out, double hz, int ms)
{
	int rate = sample_rate > 0 ? sample_rate : 22050;
	size_t n = (size_t)rate * (size_t)ms / 1000, fade = (size_t)rate / 125;
	const double pi = 3.14159265358979323846;
	/* A sine's peak is its RMS times the square root of 2. */
	const double peak = 32767.0 * sqrt(2.0) *
	    pow(10.0, (VOICE_SPEECH_DBFS - VOICE_TONE_BELOW_SPEECH_DB) / 20.0);

	reserve(out, n);
	for (size_t i = 0; i < n; i++) {
		double g = 1.0;

		if (i < fade)
			g = (double)i / (double)fade;
		else if (n - i < fade)
			g = (double)(n - i) / (double)fade;
		out->s[out->n++] = (int16_t)lrint(peak * g *
		    sin(2.0 * pi * hz * (double)i / (double)rate));
	}
}

static void
gap(struct voice_pcm *out, int ms)
{
	int rate = sample_rate > 0 ? sample_rate : 22050;

	voice_pcm_silence(out, (size_t)rate * (size_t)ms / 1000);
}

void
voice_tone_pcm(enum voice_tone tone, struct voice_pcm *out)
{
	switch (tone) {
	case VOICE_TONE_HOLD_START:	/* up a fifth: begin */
		note(out, 587.33, 110);
		gap(out, 30);
		note(out, 880.0, 160);
		break;
	case VOICE_TONE_HOLD_END:	/* down a fifth: let go */
		note(out, 880.0, 110);
		gap(out, 30);
		note(out, 587.33, 200);
		break;
	case VOICE_TONE_SWITCH:		/* the same note twice: turn round */
		note(out, 698.46, 90);
		gap(out, 70);
		note(out, 698.46, 90);
		break;
	default:
		break;
	}
}

enum voice_tone
voice_cue_tone(enum limber_cue_kind kind)
{
	switch (kind) {
	case LIMBER_CUE_HOLD_START:
		return VOICE_TONE_HOLD_START;
	case LIMBER_CUE_HOLD_END:
		return VOICE_TONE_HOLD_END;
	case LIMBER_CUE_SWITCH:
		return VOICE_TONE_SWITCH;
	default:
		return VOICE_TONE_NONE;
	}
}

bool
voice_cue_spoken(enum limber_cue_kind kind)
{
	/*
	 * A score just given is on the screen; saying it back adds nothing.
	 * stretch-done always comes with a check-in or a rest that is said.
	 */
	return kind != LIMBER_CUE_PAIN && kind != LIMBER_CUE_STRETCH_DONE &&
	    kind < LIMBER_CUE_KIND_COUNT;
}

/*
 * The cues' sounds made last, so that a sound measured for the pace (the
 * session asks as each cue is made) is not synthesised again when it is
 * played a moment later: the live player, /api/voice and the file ask
 * for the same cue soon after. Keyed by tone, rate, voice and words
 * (the same words are another sound in another voice); a few
 * dozen cover a session's turn (a rest says two, a hold up to ten
 * counts). Its own lock: a lookup never waits on the synthesiser.
 */
#define CACHE 32

struct cached {
	enum voice_tone tone;
	int rate;
	char *voice; /* "" for voice_init's */
	char *text;
	struct voice_pcm pcm;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cached cache[CACHE];
static size_t cache_next;

static bool
cache_get(enum voice_tone tone, int rate, const char *voice, const char *text,
    struct voice_pcm *out)
{
	bool found = false;

	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < CACHE && !found; i++) {
		struct cached *c = &cache[i];

		if (c->text != NULL && c->tone == tone && c->rate == rate &&
		    strcmp(c->voice, voice) == 0 &&
		    strcmp(c->text, text) == 0) {
			append(out, c->pcm.s, c->pcm.n);
			found = true;
		}
	}
	pthread_mutex_unlock(&cache_lock);
	return found;
}

static void
cache_put(enum voice_tone tone, int rate, const char *voice, const char *text,
    const int16_t *s, size_t n)
{
	struct cached *c;

	pthread_mutex_lock(&cache_lock);
	c = &cache[cache_next];
	cache_next = (cache_next + 1) % CACHE;
	free(c->text);
	free(c->voice);
	c->pcm.n = 0;
	c->tone = tone;
	c->rate = rate;
	c->voice = xstrdup(voice);
	c->text = xstrdup(text);
	append(&c->pcm, s, n);
	pthread_mutex_unlock(&cache_lock);
}

static void
cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < CACHE; i++) {
		free(cache[i].text);
		free(cache[i].voice);
		voice_pcm_free(&cache[i].pcm);
		memset(&cache[i], 0, sizeof cache[i]);
	}
	pthread_mutex_unlock(&cache_lock);
}

static int
rate_or_set(int rate)
{
	int r;

	if (rate > 0)
		return rate;
	pthread_mutex_lock(&lock);
	r = words_a_minute;
	pthread_mutex_unlock(&lock);
	return r;
}

enum limber_status
voice_cue_pcm(enum limber_cue_kind kind, const char *text, const char *lang,
    int rate, struct voice_pcm *out, char **cause)
{
	enum voice_tone tone = voice_cue_tone(kind);
	const char *voice = voice_for_lang(lang);
	size_t before = out->n;
	enum limber_status st;

	if (!voice_cue_spoken(kind))
		return LIMBER_OK;
	if (text == NULL)
		text = "";
	rate = rate_or_set(rate);
	if (rate < VOICE_RATE_MIN || rate > VOICE_RATE_MAX) {
		*cause = xasprintf(_("the speech rate must be %d to %d words a "
				     "minute, not %d"),
		    VOICE_RATE_MIN, VOICE_RATE_MAX, rate);
		return LIMBER_ERR_INVALID;
	}
	if (cache_get(tone, rate, voice != NULL ? voice : "", text, out))
		return LIMBER_OK;
	if (tone != VOICE_TONE_NONE) {
		voice_tone_pcm(tone, out);
		gap(out, VOICE_TONE_GAP_MS);
	}
	if (*text != '\0' &&
	    (st = say(text, voice, rate, out, cause)) != LIMBER_OK) {
		out->n = before;
		return st;
	}
	cache_put(tone, rate, voice != NULL ? voice : "", text, out->s + before,
	    out->n - before);
	return LIMBER_OK;
}

int64_t
voice_cue_ms(enum limber_cue_kind kind, const char *text, const char *lang,
    int rate)
{
	struct voice_pcm pcm = { .s = NULL };
	char *cause = NULL;
	int64_t ms = 0;

	if (voice_cue_spoken(kind) && sample_rate > 0 &&
	    voice_cue_pcm(kind, text, lang, rate, &pcm, &cause) == LIMBER_OK)
		ms = (int64_t)pcm.n * 1000 / sample_rate;
	free(cause);
	voice_pcm_free(&pcm);
	return ms;
}

int64_t
voice_pace_sound_ms(void *ctx, const struct limber_cue *cue)
{
	const struct voice_pace *p = ctx;
	const char *text = cue->text, *lang = voice_cue_lang(cue);

	if (cue->kind == LIMBER_CUE_CHECKIN && p->checkin != NULL) {
		/* The file says the last one with its closing words. */
		if (p->plan != NULL && cue->round == p->plan->rounds &&
		    cue->item == (int)p->plan->nitems - 1)
			return 0;
		text = p->checkin;
		lang = p->checkin_lang;
	}
	return voice_cue_ms(cue->kind, text, lang, p->rate);
}
