/*
 * file.c - sound as a WAV buffer, and sound files written whole or not at
 * all.
 *
 * WAV is a 44-byte RIFF header and the samples, written here in a few
 * lines. Ogg Vorbis is libsndfile's, when the build has it. Either way the
 * file goes through render/file.c: a temporary name in the same folder,
 * renamed into place only once every byte is written.
 */
#include <errno.h>
#include <strings.h>

#ifdef LIMBER_SNDFILE
#include <sndfile.h>
#endif

#include "limber/render.h"
#include "limber/voice.h"
#include "i18n.h"
#include "util.h"

static void
le16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v & 0xff);
	p[1] = (uint8_t)((v >> 8) & 0xff);
}

static void
le32(uint8_t *p, uint32_t v)
{
	le16(p, v & 0xffff);
	le16(p + 2, v >> 16);
}

/* The 44-byte RIFF header of n samples. */
static void
wav_header(uint8_t *b, size_t n)
{
	uint32_t rate = (uint32_t)voice_sample_rate();
	uint32_t data = (uint32_t)(n * 2);

	memcpy(b, "RIFF", 4);
	le32(b + 4, 36 + data);
	memcpy(b + 8, "WAVEfmt ", 8);
	le32(b + 16, 16);		/* the fmt chunk's size */
	le16(b + 20, 1);		/* PCM */
	le16(b + 22, 1);		/* mono */
	le32(b + 24, rate);
	le32(b + 28, rate * 2);		/* bytes a second */
	le16(b + 32, 2);		/* bytes a frame */
	le16(b + 34, 16);		/* bits a sample */
	memcpy(b + 36, "data", 4);
	le32(b + 40, data);
}

uint8_t *
voice_wav(const struct voice_pcm *p, size_t *len)
{
	uint8_t *b = xmalloc(44 + p->n * 2);

	wav_header(b, p->n);
	for (size_t i = 0; i < p->n; i++)
		le16(b + 44 + 2 * i, (uint16_t)p->s[i]);
	*len = 44 + p->n * 2;
	return b;
}

/* A WAV file in slices: a long session is never copied whole. */
static enum limber_status
write_wav(FILE *fp, const char *path, const struct voice_pcm *p,
    char **cause)
{
	uint8_t buf[8192];
	size_t i = 0, n;

	wav_header(buf, p->n);
	if (fwrite(buf, 1, 44, fp) != 44)
		goto fail;
	while (i < p->n) {
		for (n = 0; n < sizeof buf / 2 && i < p->n; n++, i++)
			le16(buf + 2 * n, (uint16_t)p->s[i]);
		if (fwrite(buf, 2, n, fp) != n)
			goto fail;
	}
	return LIMBER_OK;
fail:
	*cause = xasprintf(_("cannot write %s: %s"), path, strerror(errno));
	return LIMBER_ERR_IO;
}

int
voice_format_parse(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (dot != NULL && strchr(dot, '/') == NULL)
		name = dot + 1;
	if (strcasecmp(name, "wav") == 0)
		return VOICE_FORMAT_WAV;
	if (strcasecmp(name, "ogg") == 0 || strcasecmp(name, "oga") == 0)
		return VOICE_FORMAT_OGG;
	return -1;
}

bool
voice_have_format(enum voice_format f)
{
#ifdef LIMBER_SNDFILE
	return f == VOICE_FORMAT_WAV || f == VOICE_FORMAT_OGG;
#else
	return f == VOICE_FORMAT_WAV;
#endif
}

#ifdef LIMBER_SNDFILE
static enum limber_status
write_ogg(FILE *fp, const char *path, const struct voice_pcm *p, char **cause)
{
	SF_INFO info = {
		.samplerate = voice_sample_rate(),
		.channels = 1,
		.format = SF_FORMAT_OGG | SF_FORMAT_VORBIS,
	};
	SNDFILE *sf;
	double quality = 0.4;	/* plenty for speech, a small file */
	sf_count_t n;

	if (fflush(fp) != 0) {
		*cause = xasprintf(_("cannot write %s: %s"), path,
		    strerror(errno));
		return LIMBER_ERR_IO;
	}
	sf = sf_open_fd(fileno(fp), SFM_WRITE, &info, 0);
	if (sf == NULL) {
		*cause = xasprintf(_("cannot write %s: %s"), path,
		    sf_strerror(NULL));
		return LIMBER_ERR_IO;
	}
	sf_command(sf, SFC_SET_VBR_ENCODING_QUALITY, &quality,
	    sizeof quality);
	/*
	 * In slices: libvorbis takes a whole write on its stack, and a
	 * 20-minute session at once overflows it.
	 */
	for (size_t done = 0; done < p->n; done += (size_t)n) {
		sf_count_t want = (sf_count_t)(p->n - done < 4096 ?
		    p->n - done : 4096);

		n = sf_write_short(sf, p->s + done, want);
		if (n != want) {
			*cause = xasprintf(_("cannot write %s: %s"), path,
			    sf_strerror(sf));
			sf_close(sf);
			return LIMBER_ERR_IO;
		}
	}
	if (sf_close(sf) != 0) {
		*cause = xasprintf(_("cannot write %s: the Ogg encoder failed"),
		    path);
		return LIMBER_ERR_IO;
	}
	return LIMBER_OK;
}
#endif

enum limber_status
voice_write(const char *path, enum voice_format f, const struct voice_pcm *p,
    char **cause)
{
	struct render_file *rf;
	enum limber_status st;
	FILE *fp;

	if (!voice_have_format(f)) {
		*cause = xasprintf(
		    _("cannot write %s: this limber was built "
		      "without libsndfile, so it writes WAV only"),
		    path);
		return LIMBER_ERR_INVALID;
	}
	st = render_file_open(path, &rf, &fp, cause);
	if (st != LIMBER_OK)
		return st;
	if (f == VOICE_FORMAT_WAV)
		st = write_wav(fp, path, p, cause);
#ifdef LIMBER_SNDFILE
	else
		st = write_ogg(fp, path, p, cause);
#endif
	if (st != LIMBER_OK) {
		render_file_abort(rf);
		return st;
	}
	return render_file_commit(rf, cause);
}
