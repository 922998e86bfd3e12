/*
 * play.c - the live player: cues spoken on the sound card as they come.
 *
 * One thread owns the ALSA device and the synthesis, so the coach's loop
 * never waits on sound: it hands a cue over and goes back to its poll().
 * Cues wait in a small queue; when speech falls behind, a countdown that
 * has waited longer than a second is dropped ("three" said at one is worse
 * than nothing), and a full queue drops its oldest cue.
 *
 * "No sound device" is found at start: snd_pcm_open() on "default" fails
 * on a machine without a card (or a server), and the caller gets a cause
 * to show once and carries on silently.
 */
#include <pthread.h>
#include <time.h>

#include <alsa/asoundlib.h>

#include "limber/voice.h"
#include "i18n.h"
#include "util.h"

#define QUEUE 16
#define STALE_MS 1000

struct item {
	enum limber_cue_kind kind;
	char *text;
	char *lang; /* NULL: English */
	int64_t queued_ms;
};

struct voice_player {
	snd_pcm_t *pcm;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct item q[QUEUE];
	size_t head, len;
	bool quit, hush;
};

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Write samples in slices, so a hush stops speech within 50 ms. */
static void
play(struct voice_player *p, const struct voice_pcm *pcm)
{
	size_t done = 0, slice = (size_t)voice_sample_rate() / 20;
	snd_pcm_sframes_t n;
	bool hush;

	while (done < pcm->n) {
		pthread_mutex_lock(&p->lock);
		hush = p->hush;
		pthread_mutex_unlock(&p->lock);
		if (hush) {
			snd_pcm_drop(p->pcm);
			snd_pcm_prepare(p->pcm);
			return;
		}
		if (slice > pcm->n - done)
			slice = pcm->n - done;
		n = snd_pcm_writei(p->pcm, pcm->s + done,
		    (snd_pcm_uframes_t)slice);
		if (n < 0)
			n = snd_pcm_recover(p->pcm, (int)n, 1);
		if (n < 0)
			return;		/* the device went away: stay quiet */
		done += (size_t)n;
	}
}

static void *
run(void *arg)
{
	struct voice_player *p = arg;
	struct voice_pcm pcm = { .s = NULL };
	struct item it;
	char *cause = NULL;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->len == 0 && !p->quit)
			pthread_cond_wait(&p->wake, &p->lock);
		if (p->len == 0)
			break;		/* quit, with nothing left to say */
		it = p->q[p->head];
		p->head = (p->head + 1) % QUEUE;
		p->len--;
		p->hush = false;
		pthread_mutex_unlock(&p->lock);
		if (it.kind != LIMBER_CUE_COUNTDOWN ||
		    mono_ms() - it.queued_ms <= STALE_MS) {
			pcm.n = 0;
			if (voice_cue_pcm(it.kind, it.text, it.lang, 0, &pcm,
				&cause) == LIMBER_OK)
				play(p, &pcm);
			free(cause);
			cause = NULL;
		}
		free(it.text);
		free(it.lang);
		pthread_mutex_lock(&p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	snd_pcm_drain(p->pcm);
	voice_pcm_free(&pcm);
	return NULL;
}

/* ALSA prints its configuration's errors itself; the caller says it once. */
static void
quiet(const char *file, int line, const char *function, int err,
    const char *fmt, ...)
{
	(void)file;
	(void)line;
	(void)function;
	(void)err;
	(void)fmt;
}

enum limber_status
voice_player_start(struct voice_player **out, char **cause)
{
	struct voice_player *p;
	int err;

	*out = NULL;
	p = xcalloc(1, sizeof *p);
	snd_lib_error_set_handler(quiet);
	err = snd_pcm_open(&p->pcm, "default", SND_PCM_STREAM_PLAYBACK, 0);
	if (err == 0)
		err = snd_pcm_set_params(p->pcm, SND_PCM_FORMAT_S16_LE,
		    SND_PCM_ACCESS_RW_INTERLEAVED, 1,
		    (unsigned)voice_sample_rate(), 1, 200000);
	if (err < 0) {
		*cause = xasprintf(_("no sound device (ALSA: %s)"),
		    snd_strerror(err));
		if (p->pcm != NULL)
			snd_pcm_close(p->pcm);
		free(p);
		/* ALSA keeps its parsed configuration; leak checkers see it. */
		snd_config_update_free_global();
		return LIMBER_ERR_IO;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	if (pthread_create(&p->thread, NULL, run, p) != 0) {
		*cause = xstrdup(_("cannot start the voice thread"));
		snd_pcm_close(p->pcm);
		pthread_cond_destroy(&p->wake);
		pthread_mutex_destroy(&p->lock);
		free(p);
		snd_config_update_free_global();
		return LIMBER_ERR_IO;
	}
	*out = p;
	return LIMBER_OK;
}

void
voice_player_say(struct voice_player *p, enum limber_cue_kind kind,
    const char *text, const char *lang)
{
	struct item *it;

	if (p == NULL || !voice_cue_spoken(kind))
		return;
	pthread_mutex_lock(&p->lock);
	if (p->len == QUEUE) {
		free(p->q[p->head].text);
		free(p->q[p->head].lang);
		p->head = (p->head + 1) % QUEUE;
		p->len--;
	}
	it = &p->q[(p->head + p->len) % QUEUE];
	it->kind = kind;
	it->text = xstrdup(text != NULL ? text : "");
	it->lang = lang != NULL ? xstrdup(lang) : NULL;
	it->queued_ms = mono_ms();
	p->len++;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
}

void
voice_player_hush(struct voice_player *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	while (p->len > 0) {
		free(p->q[p->head].text);
		free(p->q[p->head].lang);
		p->head = (p->head + 1) % QUEUE;
		p->len--;
	}
	p->hush = true;
	pthread_mutex_unlock(&p->lock);
}

void
voice_player_stop(struct voice_player *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->quit = true;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	snd_pcm_close(p->pcm);
	snd_config_update_free_global();
	pthread_cond_destroy(&p->wake);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
