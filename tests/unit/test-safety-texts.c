/*
 * test-safety-texts.c - every language limber ships says every safety
 * text in its own words (docs/i18n.md, docs/safety.md).
 *
 * The po test proves each po/LINGUAS language translates every text of
 * the template. This test asks the program itself, through the same
 * functions the terminal, the page and the voice use, for the texts that
 * keep a person safe: the screening's questions, what to do on a yes and
 * the signs to watch for, the combinations' advice, what each level sends
 * a person to do, the stop rules, what a warning stop says, why a dose is
 * made smaller, and every built-in exercise's cautions. In each language
 * other than English each must come from its catalog (i18n_misses() does
 * not move) and must not be the English left as it was.
 *
 * Project policy (docs/i18n.md): limber ships English and at least four
 * more languages, so fewer than five built in fails here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n.h"
#include "limber/limber.h"
#include "limber/session.h"

#define SHIPPED_AT_LEAST 5

static const struct i18n_lang *english;
static size_t nchecked;

/*
 * One text: english is what the English gives, got what the language
 * gave, misses the misses counted before it was made.
 */
static void
check(const char *what, const char *english_text, const char *got,
    unsigned long misses)
{
	const char *tag = i18n_lang_tag(i18n_current());

	if (english_text == NULL) {
		assert_null(got);
		return;
	}
	if (got == NULL || i18n_misses() != misses ||
	    strcmp(got, english_text) == 0) {
		fail_msg("%s: %s is not translated: \"%s\"", tag, what,
		    english_text);
	}
	nchecked++;
}

/* Each text is made twice, in English and then in lang. */
#define SAME(what, expr) \
	do { \
		const char *en_, *got_; \
		unsigned long m_; \
		i18n_use(english); \
		en_ = (expr); \
		i18n_use(lang); \
		m_ = i18n_misses(); \
		got_ = (expr); \
		check((what), en_, got_, m_); \
	} while (0)

static void
check_language(const struct i18n_lang *lang, const struct limber_catalog *cat)
{
	size_t n;

	for (const struct limber_question *q = limber_questions();
	     q->id != NULL; q++) {
		SAME(q->id, limber_question_text(q));
		SAME(q->id, limber_question_advice(q));
		SAME(q->id, limber_question_sign(q));
	}
	for (const struct limber_question *q = limber_questions_retired();
	     q->id != NULL; q++)
		SAME(q->id, limber_question_advice(q));
	for (const struct limber_combination *c = limber_combinations();
	     c->id != NULL; c++)
		SAME(c->id, _(c->advice));
	for (const struct limber_dose_cut *d = limber_dose_cuts();
	     d->question != NULL; d++)
		SAME(d->question, _(d->why));
	for (int l = 0; l < LIMBER_LEVEL_COUNT; l++)
		SAME(limber_level_name((enum limber_level)l),
		    limber_level_help((enum limber_level)l));
	SAME("the stop rules", limber_stop_rules_text());

	/* The signs of a plan's safety box, for both areas. */
	{
		struct limber_sign *en_signs, *signs;
		size_t en_n;

		i18n_use(english);
		en_signs = limber_signs(LIMBER_AREA_BOTH, &en_n);
		i18n_use(lang);
		signs = limber_signs(LIMBER_AREA_BOTH, &n);
		assert_int_equal(n, en_n);
		for (size_t i = 0; i < n; i++) {
			assert_string_equal(signs[i].id, en_signs[i].id);
			if (strcmp(signs[i].text, en_signs[i].text) == 0)
				fail_msg("%s: the sign %s is not translated",
				    i18n_lang_tag(lang), signs[i].id);
			nchecked++;
		}
		free(en_signs);
		free(signs);
	}

	/* What a warning stop says: made, so freed. */
	for (int w = 0; w < LIMBER_WARNING_COUNT; w++) {
		char *en_text, *text;
		unsigned long m;

		i18n_use(english);
		en_text = limber_warning_stop_text((enum limber_warning)w);
		i18n_use(lang);
		m = i18n_misses();
		text = limber_warning_stop_text((enum limber_warning)w);
		check(limber_warning_name((enum limber_warning)w), en_text,
		    text, m);
		free(en_text);
		free(text);
	}

	/* Each built-in exercise's cautions. */
	for (size_t s = 0; s < cat->n; s++) {
		const struct limber_stretch *st = cat->stretches[s];

		for (size_t i = 0; i < st->ncautions; i++)
			SAME(st->id, limber_stretch_text(st, st->cautions[i]));
	}
}

static void
test_every_language_says_every_safety_text(void **state)
{
	struct limber_catalog *cat = NULL;
	char *cause = NULL;
	size_t count = i18n_lang_count();

	(void)state;
	english = i18n_lang_by_tag("en");
	assert_non_null(english);
	if (count < SHIPPED_AT_LEAST)
		fail_msg("%zu languages built in; limber ships at least %d "
			 "(po/LINGUAS)",
		    count, SHIPPED_AT_LEAST);
	assert_int_equal(limber_catalog_builtin_text(&cat, &cause), LIMBER_OK);
	for (size_t i = 0; i < count; i++) {
		const struct i18n_lang *lang = i18n_lang_at(i);

		if (lang == english)
			continue;
		nchecked = 0;
		check_language(lang, cat);
		/* 31 questions, their advice and signs, the catalog's
		 * cautions: far more than a hundred texts in all. */
		assert_true(nchecked > 100);
		printf("# %s: %zu safety texts, each its own\n",
		    i18n_lang_tag(lang), nchecked);
	}
	i18n_use(english);
	limber_catalog_free(cat);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_language_says_every_safety_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
