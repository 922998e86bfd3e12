/*
 * cmd-audio.c - `limber audio`: a whole guided session as one sound file.
 *
 * The plan is the one `limber plan` gives with the same options; the
 * session engine plays it out in virtual time (voice/export.c) and every
 * cue is spoken at its own moment, with silence between, so the file can
 * be played on any phone and followed with eyes closed. Nobody can answer
 * a check-in in a file: it asks the listener to notice how the back feels
 * and goes on (docs/voice.md). The file is written whole or not at all.
 */
#include "cli.h"
#include "limber/voice.h"
#include "util.h"

static const struct cli_opt audio_opts[] = {
	{ .include = cli_opts_routine },
	{ .include = cli_opts_answers },
	{ "out", "FILE",
	    N_("write the session to FILE: .wav, or .ogg for Ogg "
	       "Vorbis (required)"),
	    CLI_KEY_OUT, NULL },
	{ "format", "FORMAT", N_("wav or ogg, whatever FILE's name ends with"),
	    CLI_KEY_FORMAT, NULL },
	{ "voice-name", "NAME",
	    N_("an espeak-ng voice or language (en, en-us, "
	       "de, fr...; espeak-ng --voices lists them)"),
	    CLI_KEY_VOICE_NAME, NULL },
	{ "rate", "WPM", N_("speech rate in words a minute, 80 to 450 (175)"),
	    CLI_KEY_RATE, NULL },
	{ "json", NULL, N_("print where each cue is in the file, as JSON"),
	    CLI_KEY_JSON, NULL },
	{ 0 },
};

struct audio_opts {
	struct cli_answers answers;
	struct cli_routine routine;
	const char *out;
	int format;		/* enum voice_format, -1 from the name */
	const char *voice;
	int rate;
	bool json;
};

static int
audio_option(void *data, int key, const char *arg)
{
	struct audio_opts *o = data;
	long v;
	int rc;

	switch (key) {
	case CLI_KEY_OUT:
		return cli_out_option(arg, &o->out);
	case CLI_KEY_FORMAT:
		if (strcmp(arg, "wav") != 0 && strcmp(arg, "ogg") != 0) {
			cli_error(_("--format must be wav or ogg, not '%s'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		o->format = voice_format_parse(arg);
		return CLI_CONTINUE;
	case CLI_KEY_VOICE_NAME:
		if (*arg == '\0') {
			cli_error(_("--voice-name needs a voice, as in "
				    "--voice-name en-us"));
			return CLI_EXIT_USAGE;
		}
		o->voice = arg;
		return CLI_CONTINUE;
	case CLI_KEY_RATE:
		if (!util_parse_int(arg, VOICE_RATE_MIN, VOICE_RATE_MAX, &v)) {
			cli_error(_("--rate must be a whole number of words a "
				    "minute from %d to %d, not '%s'"),
			    VOICE_RATE_MIN, VOICE_RATE_MAX, arg);
			return CLI_EXIT_USAGE;
		}
		o->rate = (int)v;
		return CLI_CONTINUE;
	case CLI_KEY_JSON:
		o->json = true;
		return CLI_CONTINUE;
	}
	rc = cli_routine_option(&o->routine, key, arg);
	if (rc != CLI_NOT_MINE)
		return rc;
	return cli_answers_option(&o->answers, key, arg);
}

static json_t *
track_json(const struct audio_opts *o, const struct voice_track *t)
{
	json_t *cues = json_array();

	for (size_t i = 0; i < t->ncues; i++) {
		/* English words take the voice --voice-name chose. */
		const char *voice = voice_for_lang(t->cues[i].lang);

		if (voice == NULL)
			voice = o->voice != NULL ? o->voice : "en";
		json_array_append_new(cues,
		    json_pack("{s:s, s:I, s:I, s:I, "
			      "s:s, s:s, s:s}",
			"kind", limber_cue_kind_name(t->cues[i].kind),
			"planned_ms", (json_int_t)t->cues[i].planned_ms,
			"start_ms", (json_int_t)t->cues[i].start_ms, "end_ms",
			(json_int_t)t->cues[i].end_ms, "text", t->cues[i].text,
			"lang", t->cues[i].lang, "voice", voice));
	}
	return json_pack("{s:s, s:s, s:i, s:i, s:I, s:I, s:I, s:I, s:o}",
	    "file", o->out, "format",
	    o->format == VOICE_FORMAT_OGG ? "ogg" : "wav", "sample_rate",
	    voice_sample_rate(), "rate",
	    o->rate > 0 ? o->rate : VOICE_RATE_DEFAULT, "lead_ms",
	    (json_int_t)t->lead_ms, "session_ms", (json_int_t)t->session_ms,
	    "closing_ms", (json_int_t)t->closing_ms, "length_ms",
	    (json_int_t)t->length_ms, "cues", cues);
}

static int
write_audio(struct cli_ctx *ctx, const struct audio_opts *o,
    const struct limber_request *req)
{
	struct limber_plan *p = NULL;
	struct voice_track t;
	enum limber_status st;
	char *cause = NULL, len[16], lead[16];
	int rc;

	if ((rc = cli_plan_some(ctx, req, "audio", &p)) != CLI_CONTINUE)
		return rc;
	st = voice_render_session(p, o->answers.pain < 0 ? 0 :
	    o->answers.pain, &t, &cause);
	if (st == LIMBER_OK)
		st = voice_write(o->out, (enum voice_format)o->format, &t.pcm,
		    &cause);
	if (st != LIMBER_OK) {
		rc = cli_error("%s", cause != NULL ? cause : o->out);
		free(cause);
	} else if (o->json) {
		rc = cli_print_json(track_json(o, &t));
	} else {
		char *name = util_visible(o->out, NULL);

		/* TRANSLATORS: the file's name, its length (m:ss), the number
		 * of cues, the time the session starts at (m:ss). */
		printf(_("Wrote %s: %s of sound, %zu spoken cues; the session "
			 "starts at %s, after the checklist.\n"),
		    name, cli_mmss(len, sizeof len, (int)(t.length_ms / 1000)),
		    t.ncues,
		    cli_mmss(lead, sizeof lead, (int)(t.lead_ms / 1000)));
		free(name);
		rc = CLI_EXIT_OK;
	}
	voice_track_free(&t);
	limber_plan_free(p);
	return rc;
}

static int
audio_run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct cli_request rq = { .verdict = NULL };
	struct audio_opts o = { .out = NULL, .format = -1 };
	char *cause = NULL;
	int rc, first;

	cli_answers_init(&o.answers);
	cli_routine_init(&o.routine);
	rc = cli_parse(ctx, argc, argv, audio_option, &o, &first);
	if (rc != CLI_CONTINUE)
		goto out;
	if (first < argc) {
		rc = cli_usage_error(ctx,
		    _("audio takes no arguments, not '%s'"), argv[first]);
		goto out;
	}
	if (o.out == NULL) {
		rc = cli_usage_error(ctx,
		    _("audio needs --out FILE.wav, the "
		      "file to write"));
		goto out;
	}
	if (!voice_have_speech()) {
		rc = cli_error(_("cannot write %s: %s"), o.out,
		    voice_feature());
		goto out;
	}
	if (o.format < 0)
		o.format = voice_format_parse(o.out);
	if (o.format < 0) {
		rc = cli_usage_error(ctx,
		    _("cannot tell the format of '%s': name "
		      "it .wav or .ogg, or give --format"),
		    o.out);
		goto out;
	}
	if (!voice_have_format((enum voice_format)o.format)) {
		rc = cli_error(
		    _("cannot write %s: this limber was built without "
		      "libsndfile, so it writes WAV only"),
		    o.out);
		goto out;
	}
	rc = cli_request_build(ctx, &o.answers, &o.routine, &rq);
	/* Nothing is planned on a held day, screened or not. */
	if (rc == CLI_CONTINUE)
		rc = cli_day_hold(ctx, false);
	if (rc != CLI_CONTINUE)
		goto out;
	if (voice_init(o.voice, o.rate, &cause) != LIMBER_OK) {
		rc = cli_error("%s", cause);
		free(cause);
		goto out;
	}
	rc = write_audio(ctx, &o, &rq.req);
out:
	voice_shutdown();
	cli_request_release(&rq);
	cli_answers_release(&o.answers);
	return rc;
}

const struct cli_cmd cli_cmd_audio = {
	.name = "audio",
	.summary =
	    N_("today's guided session as one sound file, to play anywhere"),
	.usage = "limber audio --out FILE.wav|FILE.ogg [--format wav|ogg]\n"
		 "            [--voice-name NAME] [--rate WPM] [--json]\n"
		 "            [--area AREA] [--minutes N] [--context CONTEXT]\n"
		 "            [--no-floor] [--no-kneeling] [--no-lying]\n"
		 "            [--pain N [--yes ID]...]",
	.description = N_(
	    "Speaks the whole guided session of the routine that 'limber plan'\n"
	    "would give, with the same options, into one sound file: the\n"
	    "checklist first, then every cue at its own time with silence\n"
	    "between - each step, the hold counted down, tones as a hold starts\n"
	    "and ends and as you change sides, the rests. Nobody can answer a\n"
	    "check-in in a file, so there it asks you to notice how the area\n"
	    "you work feels and goes on. Stop as soon as you feel sharp pain,\n"
	    "numbness or dizziness, as in every session.\n"
	    "\n"
	    "With --pain the answers are screened first; when the verdict rules\n"
	    "out stretching, audio prints the verdict, writes nothing and exits\n"
	    "with status 3. The file is written under a temporary name and\n"
	    "renamed into place, so a failed write leaves nothing behind."),
	.opts = audio_opts,
	.flags = CMD_NEEDS_CATALOG | CMD_READS_JOURNAL | CMD_ONLY_READS,
	.run = audio_run,
};
