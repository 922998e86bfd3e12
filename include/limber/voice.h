/*
 * voice.h - spoken cues: the session's cues as sound (voice/).
 *
 * A library of its own, like render/, so that the limber library never
 * depends on espeak-ng. espeak-ng is optional at build time: without it
 * voice/novoice.c stands in, voice_have_speech() is false and every call
 * that would speak fails with a message saying why.
 *
 * Sound here is 16-bit signed mono PCM at voice_sample_rate() Hz (the
 * synthesiser's own rate, 22050 Hz for espeak-ng). One synthesiser is
 * initialised once per process and guarded by a mutex, so the web server's
 * threads and the live player's thread can share it. Like the limber
 * library, voice/ never prints and never exits.
 *
 * docs/voice.md describes what is said for each cue, the tones, the audio
 * file's timeline and the live player.
 */
#ifndef LIMBER_VOICE_H
#define LIMBER_VOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "limber/limber.h"
#include "limber/session.h"

/* Speech rate in words a minute, and its bounds (espeak-ng's own). */
#define VOICE_RATE_DEFAULT 175
#define VOICE_RATE_MIN 80
#define VOICE_RATE_MAX 450

/* Samples, growing as sound is added. */
struct voice_pcm {
	int16_t *s;
	size_t n, cap;
};

void voice_pcm_free(struct voice_pcm *p);
/* Append n samples of silence. */
void voice_pcm_silence(struct voice_pcm *p, size_t n);

/* The short tones that mark a hold and a change of side. */
enum voice_tone {
	VOICE_TONE_NONE,
	VOICE_TONE_HOLD_START,	/* rising: two notes, low then high */
	VOICE_TONE_HOLD_END,	/* falling: high then low */
	VOICE_TONE_SWITCH,	/* two equal notes */
	VOICE_TONE_COUNT,
};

/* True when this build has espeak-ng. */
bool voice_have_speech(void);
/* For `limber --version`: "voice (espeak-ng ...)" or why there is none. */
const char *voice_feature(void);

/*
 * Initialise the synthesiser once, with a voice (an espeak-ng voice name
 * or language, as `espeak-ng --voices` lists; NULL for "en") and a rate in
 * words a minute (0 for VOICE_RATE_DEFAULT). Later calls change the voice
 * and rate. Fails with LIMBER_ERR_INVALID for an unknown voice or a rate
 * out of bounds, LIMBER_ERR_IO when espeak-ng's data cannot be loaded.
 */
enum limber_status voice_init(const char *name, int rate, char **cause);
/* The sample rate; valid after voice_init() succeeded. */
int voice_sample_rate(void);
/* Release the synthesiser (at exit; for leak checkers). */
void voice_shutdown(void);

/* Append text, spoken, to out (plain text, not SSML). */
enum limber_status voice_say(const char *text, struct voice_pcm *out,
    char **cause);
/*
 * Append a tone to out. Its level is set against the words: a tone only
 * marks a moment, the words carry what to do, so a tone must never be
 * louder than the words or startle someone lying still with eyes closed.
 * espeak-ng's speech is about VOICE_SPEECH_DBFS RMS while it speaks
 * (measured over whole sessions, -18.6 to -20.1 dBFS from 80 to 450 words
 * a minute); a tone's RMS is VOICE_TONE_BELOW_SPEECH_DB under that, half
 * the words' amplitude: clearly heard in a quiet room, never on top.
 */
#define VOICE_SPEECH_DBFS (-20.0)
#define VOICE_TONE_BELOW_SPEECH_DB 6.0
/* The silence between a tone and words, on either side of the tone. */
#define VOICE_TONE_GAP_MS 120
void voice_tone_pcm(enum voice_tone tone, struct voice_pcm *out);

/* The tone a cue starts with, or VOICE_TONE_NONE. */
enum voice_tone voice_cue_tone(enum limber_cue_kind kind);
/* Whether a cue is spoken at all (a pain score, stretch-done: shown only). */
bool voice_cue_spoken(enum limber_cue_kind kind);
/*
 * The espeak-ng voice for words in language lang (a tag, "de", "pt_BR"):
 * the language's own (its .po file's X-Limber-Voice, docs/voice.md), or
 * NULL for English, an unknown tag or NULL: the voice voice_init set.
 * Words are never read with another language's voice: a text that fell
 * back to English (i18n_misses()) is given the tag "en" by whoever made
 * it, and is spoken with the English voice.
 */
const char *voice_for_lang(const char *lang);

/*
 * The language of a cue's words, for voice_cue_pcm(): the tag the session
 * engine gave it ("en" when any of its words fell back to English), or
 * NULL (English) when it has none.
 */
static inline const char *
voice_cue_lang(const struct limber_cue *cue)
{
	return cue->lang;
}

/*
 * A cue's sound: its tone and VOICE_TONE_GAP_MS of silence, then its text
 * spoken with lang's voice (voice_for_lang) at rate words a minute (0: the
 * rate voice_init set), never faster: a paced session (session.h) makes
 * room for the words instead. Appended to out. The last few cues' sounds
 * are kept (keyed by tone, rate, voice and text), so that measuring a cue
 * for the pace and then playing it synthesises it once. Fails with
 * LIMBER_ERR_INVALID when espeak-ng lacks the language's voice.
 */
enum limber_status voice_cue_pcm(enum limber_cue_kind kind, const char *text,
    const char *lang, int rate, struct voice_pcm *out, char **cause);
/* The length of that sound in ms; 0 for a cue not said, or on failure. */
int64_t voice_cue_ms(enum limber_cue_kind kind, const char *text,
    const char *lang, int rate);

/*
 * The pace a front end that speaks gives the session engine
 * (limber_session_new_paced): ctx is a struct voice_pace, and each cue's
 * sound is voice_cue_ms() of it at the pace's rate, in the cue's
 * language. checkin, when not NULL, is what a check-in says instead of
 * its question (the file's VOICE_CHECKIN_FORMAT), in checkin_lang, and
 * then the plan's last check-in is not said.
 */
struct voice_pace {
	int rate;			/* words a minute; 0: voice_init's */
	const char *checkin;		/* NULL: the cue's own words */
	const char *checkin_lang;	/* its language's tag; NULL: English */
	const struct limber_plan *plan; /* with checkin */
};
int64_t voice_pace_sound_ms(void *ctx, const struct limber_cue *cue);

/* A whole WAV file (RIFF header, then the samples) in a malloc'd buffer. */
uint8_t *voice_wav(const struct voice_pcm *p, size_t *len);

/* The formats of an audio file. */
enum voice_format {
	VOICE_FORMAT_WAV,
	VOICE_FORMAT_OGG,	/* Ogg Vorbis, through libsndfile */
};
/* From a name ("wav", "ogg") or a file's extension; -1 if not known. */
int voice_format_parse(const char *name);
bool voice_have_format(enum voice_format f);

/*
 * Write p to path as format, whole or not at all (a temporary name in the
 * same folder, renamed into place).
 */
enum limber_status voice_write(const char *path, enum voice_format f,
    const struct voice_pcm *p, char **cause);

/*
 * A guided session rendered in virtual time as one track (export.c).
 *
 * The engine is paced by the voice at the set rate (voice_pace_sound_ms)
 * and driven from t = 0: the checklist is spoken first and the session
 * starts (READY) lead_ms later; every cue's sound is placed at its at_ms,
 * which the pace makes a time when the words before it have ended. Should
 * one not have (it never happens when the pace and the sound agree), the
 * sound waits for them, never mixed over them, and a count that would
 * come more than VOICE_COUNT_LATE_MS late is left out.
 * Nobody answers a check-in in a file: its question becomes
 * VOICE_CHECKIN_FORMAT (in the calling thread's language, or English when
 * it has no translation), with the plan's area
 * (limber_session_area_words), and the session goes on at once, as if
 * skipped. Each cue is spoken in its own language's voice.
 */
#define VOICE_CHECKIN_FORMAT "Notice how it feels in your %s now."
#define VOICE_LEAD_GAP_MS 2000	/* silence after the checklist */
#define VOICE_COUNT_LATE_MS 250	/* a count later than this is left out */

struct voice_placed {
	enum limber_cue_kind kind;
	int64_t planned_ms;	/* the cue's time in the file */
	int64_t start_ms;	/* when its sound starts (>= planned_ms) */
	int64_t end_ms;		/* when its sound ends */
	char *text;		/* what was said */
	const char *lang;	/* the tag of its words' language (static) */
};

struct voice_track {
	struct voice_pcm pcm;
	int64_t lead_ms;	/* where the session starts in the file */
	int64_t session_ms;	/* the paced session's length (total_ms) */
	int64_t closing_ms;	/* after it: the closing words, a breath */
	int64_t length_ms;	/* lead_ms + session_ms + closing_ms */
	struct voice_placed *cues;
	size_t ncues;
};

enum limber_status voice_render_session(const struct limber_plan *plan,
    int pain_before, struct voice_track *out, char **cause);
void voice_track_free(struct voice_track *t);

/*
 * The live player (play.c): a thread that speaks cues as they come, on the
 * default ALSA device, one after another at the rate voice_init set.
 * voice_player_start() fails (LIMBER_ERR_IO, *cause saying why) when
 * there is no sound device; the caller says so once and goes on silently.
 * voice_player_say() never blocks on the sound: cues wait their turn (a
 * paced session leaves room for each), and a countdown that comes late is
 * dropped rather than said late.
 */
struct voice_player;

enum limber_status voice_player_start(struct voice_player **out,
    char **cause);
/* text is in language lang (a tag; NULL: English), said with its voice. */
void voice_player_say(struct voice_player *p, enum limber_cue_kind kind,
    const char *text, const char *lang);
/* Stop speaking and drop what waits (pause, stop). */
void voice_player_hush(struct voice_player *p);
/* Let what waits be said, then stop the thread. Accepts NULL. */
void voice_player_stop(struct voice_player *p);

#endif /* LIMBER_VOICE_H */
