/*
 * voice-proxy.c - voice.h in the program: each call loads limber-voice.so
 * the first time (voice-module.h, util/module.h) and goes on to it, so
 * that only the commands that speak map espeak-ng, ALSA and libsndfile.
 * A module that cannot be loaded makes the calls that can fail say so,
 * naming the file, as novoice.c does in a build without espeak-ng; the
 * others do nothing.
 *
 * Calls that only free or stop what the module made forward only when it
 * is loaded: at exit, voice_shutdown() must not load it to do nothing.
 */
#include "module.h"
#include "util.h"
#include "voice-module.h"

static struct util_module voice = {
	.file = "limber-voice.so",
	.entry = VOICE_MODULE_ENTRY,
};

static const struct voice_module *
module(char **cause)
{
	return util_module_get(&voice, cause);
}

static const struct voice_module *
loaded(void)
{
	return util_module_loaded(&voice);
}

bool
voice_have_speech(void)
{
	/* Known when built: --version must not load the module to say so. */
	return true;
}

void
voice_pcm_free(struct voice_pcm *p)
{
	const struct voice_module *t = loaded();

	if (t != NULL) {
		t->pcm_free(p);
		return;
	}
	free(p->s);
	memset(p, 0, sizeof *p);
}

void
voice_pcm_silence(struct voice_pcm *p, size_t n)
{
	const struct voice_module *t = module(NULL);

	if (t != NULL)
		t->pcm_silence(p, n);
}

enum limber_status
voice_init(const char *name, int rate, char **cause)
{
	const struct voice_module *t = module(cause);

	if (t == NULL)
		return LIMBER_ERR_IO;
	return t->init(name, rate, cause);
}

int
voice_sample_rate(void)
{
	const struct voice_module *t = loaded();

	/* Valid only after voice_init(), which loaded the module. */
	return t != NULL ? t->sample_rate() : 0;
}

void
voice_shutdown(void)
{
	const struct voice_module *t = loaded();

	if (t != NULL)
		t->shutdown();
}

enum limber_status
voice_say(const char *text, struct voice_pcm *out, char **cause)
{
	const struct voice_module *t = module(cause);

	if (t == NULL)
		return LIMBER_ERR_IO;
	return t->say(text, out, cause);
}

void
voice_tone_pcm(enum voice_tone tone, struct voice_pcm *out)
{
	const struct voice_module *t = module(NULL);

	if (t != NULL)
		t->tone_pcm(tone, out);
}

enum voice_tone
voice_cue_tone(enum limber_cue_kind kind)
{
	const struct voice_module *t = module(NULL);

	return t != NULL ? t->cue_tone(kind) : VOICE_TONE_NONE;
}

bool
voice_cue_spoken(enum limber_cue_kind kind)
{
	const struct voice_module *t = module(NULL);

	return t != NULL && t->cue_spoken(kind);
}

enum limber_status
voice_cue_pcm(enum limber_cue_kind kind, const char *text, const char *lang,
    int rate, struct voice_pcm *out, char **cause)
{
	const struct voice_module *t = module(cause);

	if (t == NULL)
		return LIMBER_ERR_IO;
	return t->cue_pcm(kind, text, lang, rate, out, cause);
}

int64_t
voice_cue_ms(enum limber_cue_kind kind, const char *text, const char *lang,
    int rate)
{
	const struct voice_module *t = module(NULL);

	return t != NULL ? t->cue_ms(kind, text, lang, rate) : 0;
}

const char *
voice_for_lang(const char *lang)
{
	const struct voice_module *t = module(NULL);

	return t != NULL ? t->for_lang(lang) : NULL;
}

int64_t
voice_pace_sound_ms(void *ctx, const struct limber_cue *cue)
{
	const struct voice_module *t = module(NULL);

	return t != NULL ? t->pace_sound_ms(ctx, cue) : 0;
}

uint8_t *
voice_wav(const struct voice_pcm *p, size_t *len)
{
	const struct voice_module *t = module(NULL);

	if (t == NULL) {
		*len = 0;
		return NULL;
	}
	return t->wav(p, len);
}

int
voice_format_parse(const char *name)
{
	const struct voice_module *t = module(NULL);

	return t != NULL ? t->format_parse(name) : -1;
}

bool
voice_have_format(enum voice_format f)
{
	const struct voice_module *t = module(NULL);

	return t != NULL && t->have_format(f);
}

enum limber_status
voice_write(const char *path, enum voice_format f, const struct voice_pcm *p,
    char **cause)
{
	const struct voice_module *t = module(cause);

	if (t == NULL)
		return LIMBER_ERR_IO;
	return t->write(path, f, p, cause);
}

enum limber_status
voice_render_session(const struct limber_plan *plan, int pain_before,
    struct voice_track *out, char **cause)
{
	const struct voice_module *t = module(cause);

	if (t == NULL) {
		memset(out, 0, sizeof *out);
		return LIMBER_ERR_IO;
	}
	return t->render_session(plan, pain_before, out, cause);
}

void
voice_track_free(struct voice_track *t)
{
	const struct voice_module *m = loaded();

	/* Without the module nothing filled the track. */
	if (m != NULL)
		m->track_free(t);
	else
		memset(t, 0, sizeof *t);
}

enum limber_status
voice_player_start(struct voice_player **out, char **cause)
{
	const struct voice_module *t = module(cause);

	if (t == NULL) {
		*out = NULL;
		return LIMBER_ERR_IO;
	}
	return t->player_start(out, cause);
}

void
voice_player_say(struct voice_player *p, enum limber_cue_kind kind,
    const char *text, const char *lang)
{
	const struct voice_module *t = loaded();

	/* A player exists only once the module is loaded. */
	if (t != NULL)
		t->player_say(p, kind, text, lang);
}

void
voice_player_hush(struct voice_player *p)
{
	const struct voice_module *t = loaded();

	if (t != NULL)
		t->player_hush(p);
}

void
voice_player_stop(struct voice_player *p)
{
	const struct voice_module *t = loaded();

	if (t != NULL)
		t->player_stop(p);
}
