/*
 * noplay.c - the live player in a build without ALSA: there is no sound
 * device to open, which the coach already knows how to say.
 */
#include "limber/voice.h"
#include "i18n.h"
#include "util.h"

enum limber_status
voice_player_start(struct voice_player **out, char **cause)
{
	*out = NULL;
	*cause = xstrdup(_("no sound output: this limber was built without "
			   "ALSA (libasound2-dev)"));
	return LIMBER_ERR_IO;
}

void
voice_player_say(struct voice_player *p, enum limber_cue_kind kind,
    const char *text, const char *lang)
{
	(void)p;
	(void)kind;
	(void)text;
	(void)lang;
}

void
voice_player_hush(struct voice_player *p)
{
	(void)p;
}

void
voice_player_stop(struct voice_player *p)
{
	(void)p;
}
