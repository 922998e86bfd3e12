/*
 * novoice.c - spoken cues in a build without espeak-ng: none, and every
 * call that would speak says why.
 *
 * meson builds this file instead of speech.c, file.c and export.c when
 * libespeak-ng is missing, as render/nocairo.c stands in for cairo.
 */
#include "limber/voice.h"
#include "i18n.h"
#include "util.h"

static enum limber_status
missing(char **cause)
{
	if (cause != NULL)
		*cause = xstrdup(_(
		    "this limber was built without espeak-ng, so "
		    "it speaks no cues; install libespeak-ng-dev and build "
		    "again"));
	return LIMBER_ERR_INVALID;
}

void
voice_pcm_free(struct voice_pcm *p)
{
	free(p->s);
	memset(p, 0, sizeof *p);
}

void
voice_pcm_silence(struct voice_pcm *p, size_t n)
{
	(void)p;
	(void)n;
}

bool
voice_have_speech(void)
{
	return false;
}

const char *
voice_feature(void)
{
	return "no voice (built without espeak-ng)";
}

enum limber_status
voice_init(const char *name, int rate, char **cause)
{
	(void)name;
	(void)rate;
	return missing(cause);
}

int
voice_sample_rate(void)
{
	return 0;
}

void
voice_shutdown(void)
{
}

enum limber_status
voice_say(const char *text, struct voice_pcm *out, char **cause)
{
	(void)text;
	(void)out;
	return missing(cause);
}

void
voice_tone_pcm(enum voice_tone tone, struct voice_pcm *out)
{
	(void)tone;
	(void)out;
}

enum voice_tone
voice_cue_tone(enum limber_cue_kind kind)
{
	(void)kind;
	return VOICE_TONE_NONE;
}

bool
voice_cue_spoken(enum limber_cue_kind kind)
{
	(void)kind;
	return false;
}

const char *
voice_for_lang(const char *lang)
{
	(void)lang;
	return NULL;
}

enum limber_status
voice_cue_pcm(enum limber_cue_kind kind, const char *text, const char *lang,
    int rate, struct voice_pcm *out, char **cause)
{
	(void)kind;
	(void)text;
	(void)lang;
	(void)rate;
	(void)out;
	return missing(cause);
}

int64_t
voice_cue_ms(enum limber_cue_kind kind, const char *text, const char *lang,
    int rate)
{
	(void)kind;
	(void)text;
	(void)lang;
	(void)rate;
	return 0;
}

int64_t
voice_pace_sound_ms(void *ctx, const struct limber_cue *cue)
{
	(void)ctx;
	(void)cue;
	return 0;
}

uint8_t *
voice_wav(const struct voice_pcm *p, size_t *len)
{
	(void)p;
	*len = 0;
	return NULL;
}

int
voice_format_parse(const char *name)
{
	(void)name;
	return -1;
}

bool
voice_have_format(enum voice_format f)
{
	(void)f;
	return false;
}

enum limber_status
voice_write(const char *path, enum voice_format f, const struct voice_pcm *p,
    char **cause)
{
	(void)path;
	(void)f;
	(void)p;
	return missing(cause);
}

enum limber_status
voice_render_session(const struct limber_plan *plan, int pain_before,
    struct voice_track *out, char **cause)
{
	(void)plan;
	(void)pain_before;
	memset(out, 0, sizeof *out);
	return missing(cause);
}

void
voice_track_free(struct voice_track *t)
{
	memset(t, 0, sizeof *t);
}
