/*
 * voice-module.c - the entry of limber-voice.so (voice-module.h).
 *
 * The module is built with hidden symbols: only this function is seen
 * from outside, so the module's calls to its own functions stay inside
 * it, and the names voice.h gives them belong to the program's proxies.
 */
#include "voice-module.h"
#include "util.h"

static const struct voice_module table = {
	.pcm_free = voice_pcm_free,
	.pcm_silence = voice_pcm_silence,
	.init = voice_init,
	.sample_rate = voice_sample_rate,
	.shutdown = voice_shutdown,
	.say = voice_say,
	.tone_pcm = voice_tone_pcm,
	.cue_tone = voice_cue_tone,
	.cue_spoken = voice_cue_spoken,
	.cue_pcm = voice_cue_pcm,
	.cue_ms = voice_cue_ms,
	.pace_sound_ms = voice_pace_sound_ms,
	.wav = voice_wav,
	.format_parse = voice_format_parse,
	.have_format = voice_have_format,
	.write = voice_write,
	.render_session = voice_render_session,
	.track_free = voice_track_free,
	.player_start = voice_player_start,
	.player_say = voice_player_say,
	.for_lang = voice_for_lang,
	.player_hush = voice_player_hush,
	.player_stop = voice_player_stop,
};

const void *
limber_voice_module(void)
{
	return &table;
}
