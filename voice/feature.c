/*
 * feature.c - what this build's voice has, for `limber --version`.
 *
 * In the program, not in limber-voice.so: the version's feature list
 * is known when limber is built and loads no module to say it.
 */
#include "limber/voice.h"
#include "util.h"

/* What this build's voice has, and names a part left out (voice/meson.build). */
const char *
voice_feature(void)
{
#if defined(LIMBER_ALSA) && defined(LIMBER_SNDFILE)
	return "voice (espeak-ng)";
#elif defined(LIMBER_SNDFILE)
	return "voice (espeak-ng), no live voice (built without ALSA)";
#elif defined(LIMBER_ALSA)
	return "voice (espeak-ng), no Ogg files (built without libsndfile)";
#else
	return "voice (espeak-ng), no live voice (built without ALSA), "
	       "no Ogg files (built without libsndfile)";
#endif
}
