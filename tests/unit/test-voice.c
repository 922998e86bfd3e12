/*
 * test-voice.c - the voice picked for a cue's language (voice/speech.c):
 * a language's own espeak-ng voice from its .po header, the English voice
 * for English, an unknown tag or none, and the sounds kept for the pace
 * told apart by voice, so that words measured in one voice are never
 * played in another. The test languages are tests/data/i18n/'s, under
 * private-use tags (qd speaks with "de", qp_BR with "pt-br").
 * usage: test-voice DE.mo PT_BR.mo
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "limber/voice.h"
#include "i18n.h"
#include "util.h"

static bool speech; /* espeak-ng started */

static unsigned char *
slurp(const char *path, size_t *len)
{
	char *cause = NULL;
	char *s = util_read_file(path, 1 << 20, len, &cause);

	if (s == NULL) {
		fprintf(stderr, "%s: %s\n", path, cause);
		exit(1);
	}
	return (unsigned char *)s;
}

static void
test_an_unknown_or_english_tag_takes_the_english_voice(void **state)
{
	(void)state;
	assert_null(voice_for_lang(NULL));
	assert_null(voice_for_lang(""));
	assert_null(voice_for_lang("en"));
	assert_null(voice_for_lang("xx"));
	assert_null(voice_for_lang("zz_ZZ"));
	assert_null(voice_for_lang("not a tag"));
}

static void
test_a_language_takes_its_own_voice(void **state)
{
	(void)state;
	assert_string_equal(voice_for_lang("qd"), "de");
	assert_string_equal(voice_for_lang("qp_BR"), "pt-br");
	assert_string_equal(voice_for_lang("qp-BR"), "pt-br");
}

/* The cue's sound in lang, into a fresh buffer. */
static struct voice_pcm
sound(const char *text, const char *lang)
{
	struct voice_pcm p = { .s = NULL };
	char *cause = NULL;

	if (voice_cue_pcm(LIMBER_CUE_STEP, text, lang, 0, &p, &cause) !=
	    LIMBER_OK)
		fail_msg("%s", cause);
	return p;
}

static bool
same(const struct voice_pcm *a, const struct voice_pcm *b)
{
	return a->n == b->n && memcmp(a->s, b->s, a->n * sizeof *a->s) == 0;
}

/* Within 2% of each other. */
static bool
near(size_t a, size_t b)
{
	return (a > b ? a - b : b - a) * 50 <= (a > b ? a : b);
}

static void
test_the_same_words_in_two_voices_are_two_sounds(void **state)
{
	const char *text = "Atme langsam ein und aus.";
	struct voice_pcm en, de, de2, en2, xx;

	(void)state;
	if (!speech)
		skip();
	en = sound(text, NULL);
	de = sound(text, "qd");
	/* Kept for the pace, it comes back in its own voice only. */
	de2 = sound(text, "qd");
	en2 = sound(text, "en");
	xx = sound(text, "xx");
	assert_true(en.n > 0 && de.n > 0);
	assert_false(same(&en, &de));
	assert_false(near(en.n, de.n));
	assert_true(same(&de, &de2));
	assert_true(same(&en, &en2));
	assert_true(same(&en, &xx));
	/*
	 * Synthesised afresh after the cache is emptied, each in its own
	 * voice again: espeak-ng's sound varies by a few samples from one
	 * synthesis to the next, so lengths are compared, not samples.
	 */
	voice_pcm_free(&de2);
	voice_pcm_free(&en2);
	{
		char *cause = NULL;

		assert_int_equal(voice_init(NULL, 0, &cause), LIMBER_OK);
	}
	de2 = sound(text, "qd");
	en2 = sound(text, NULL);
	assert_true(near(en2.n, en.n));
	assert_true(near(de2.n, de.n));
	voice_pcm_free(&en);
	voice_pcm_free(&de);
	voice_pcm_free(&de2);
	voice_pcm_free(&en2);
	voice_pcm_free(&xx);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_an_unknown_or_english_tag_takes_the_english_voice),
		cmocka_unit_test(test_a_language_takes_its_own_voice),
		cmocka_unit_test(
		    test_the_same_words_in_two_voices_are_two_sounds),
	};
	unsigned char *mo_de, *mo_pt;
	size_t de_len, pt_len;
	char *cause = NULL;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: test-voice DE.mo PT_BR.mo\n");
		return 2;
	}
	mo_de = slurp(argv[1], &de_len);
	mo_pt = slurp(argv[2], &pt_len);
	if (i18n_lang_add("qd", mo_de, de_len) == NULL ||
	    i18n_lang_add("qp_BR", mo_pt, pt_len) == NULL) {
		fprintf(stderr, "test-voice: a test language did not load\n");
		return 2;
	}
	speech = voice_have_speech() &&
	    voice_init(NULL, 0, &cause) == LIMBER_OK;
	if (!speech)
		fprintf(stderr,
		    "test-voice: no speech (%s): the sounds' "
		    "test is skipped\n",
		    cause != NULL ? cause : "");
	free(cause);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	voice_shutdown();
	free(mo_de);
	free(mo_pt);
	return rc;
}
