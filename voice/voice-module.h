/*
 * voice-module.h - the voice module's table (limber-voice.so).
 *
 * espeak-ng, ALSA and libsndfile come into `limber` only through this
 * module, loaded when a cue is first spoken or a voice first asked about
 * (util/module.h says why). voice-module.c, in the module, fills the table
 * with speech.c's, file.c's, export.c's and play.c's functions;
 * voice-proxy.c, in the program, defines voice.h's names for them and
 * forwards each call.
 */
#ifndef LIMBER_VOICE_MODULE_H
#define LIMBER_VOICE_MODULE_H

#include "limber/voice.h"

struct voice_module {
	void (*pcm_free)(struct voice_pcm *p);
	void (*pcm_silence)(struct voice_pcm *p, size_t n);
	enum limber_status (*init)(const char *name, int rate, char **cause);
	int (*sample_rate)(void);
	void (*shutdown)(void);
	enum limber_status (*say)(const char *text, struct voice_pcm *out,
	    char **cause);
	void (*tone_pcm)(enum voice_tone tone, struct voice_pcm *out);
	enum voice_tone (*cue_tone)(enum limber_cue_kind kind);
	bool (*cue_spoken)(enum limber_cue_kind kind);
	enum limber_status (*cue_pcm)(enum limber_cue_kind kind,
	    const char *text, const char *lang, int rate, struct voice_pcm *out,
	    char **cause);
	int64_t (*cue_ms)(enum limber_cue_kind kind, const char *text,
	    const char *lang, int rate);
	int64_t (*pace_sound_ms)(void *ctx, const struct limber_cue *cue);
	uint8_t *(*wav)(const struct voice_pcm *p, size_t *len);
	int (*format_parse)(const char *name);
	bool (*have_format)(enum voice_format f);
	enum limber_status (*write)(const char *path, enum voice_format f,
	    const struct voice_pcm *p, char **cause);
	enum limber_status (*render_session)(const struct limber_plan *plan,
	    int pain_before, struct voice_track *out, char **cause);
	void (*track_free)(struct voice_track *t);
	enum limber_status (*player_start)(struct voice_player **out,
	    char **cause);
	void (*player_say)(struct voice_player *p, enum limber_cue_kind kind,
	    const char *text, const char *lang);
	const char *(*for_lang)(const char *lang);
	void (*player_hush)(struct voice_player *p);
	void (*player_stop)(struct voice_player *p);
};

/* The module's one exported symbol. */
#define VOICE_MODULE_ENTRY "limber_voice_module"
__attribute__((visibility("default"))) const void *limber_voice_module(void);

#endif /* LIMBER_VOICE_MODULE_H */
