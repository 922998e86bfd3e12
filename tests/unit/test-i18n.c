/*
 * test-i18n.c - util/i18n.h: texts found by the thread's language in
 * msgfmt's own .mo files (small test languages from tests/data/i18n/,
 * compiled by msgfmt at build time and named on the command line), the
 * English when a text has no translation, the right plural form for
 * Plural-Forms rules of one, two and six forms, a context apart from the
 * same English without one, the choice of a language from the
 * environment's and a browser's wishes, and a .mo file that lies about
 * itself refused. The test languages' tags are of ISO 639's private use
 * range (qd, qp_BR, qr), apart from any language limber ships.
 * usage: test-i18n DE.mo PT_BR.mo AR.mo
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
#include "util.h"

static const struct i18n_lang *de, *pt, *ar;
static unsigned char *mo_de;
static size_t mo_de_len;

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
test_english_is_the_source(void **state)
{
	(void)state;
	i18n_use(i18n_lang_by_tag("en"));
	assert_string_equal(_("Breathe out."), "Breathe out.");
	assert_string_equal(P_("%d session", "%d sessions", 1), "%d session");
	assert_string_equal(P_("%d session", "%d sessions", 0), "%d sessions");
	assert_string_equal(C_("a stretch's side", "Left"), "Left");
	assert_string_equal(i18n_lang_tag(i18n_current()), "en");
	assert_string_equal(i18n_lang_voice(i18n_current()), "en");
}

static void
test_a_language_gives_its_texts_and_english_for_the_rest(void **state)
{
	unsigned long before;

	(void)state;
	i18n_use(de);
	before = i18n_misses();
	assert_string_equal(_("Breathe out."), "Ausatmen.");
	assert_int_equal(i18n_misses(), before);
	/* No translation, and one left empty: the English, counted. */
	assert_string_equal(_("Nowhere in the file"), "Nowhere in the file");
	assert_string_equal(_("Not yet translated"), "Not yet translated");
	assert_int_equal(i18n_misses(), before + 2);
	/* The same English, with a context and without. */
	assert_string_equal(C_("a stretch's side", "Left"), "Links");
	assert_string_equal(_("Left"), "Übrig");
	assert_string_equal(C_("another context", "Left"), "Left");
	i18n_use(NULL);
	assert_string_equal(_("Breathe out."), "Breathe out.");
}

static void
test_plural_forms_follow_each_language_rule(void **state)
{
	static const unsigned long ns[] = { 0, 1, 2, 3, 11, 100, 102, 111 };
	static const char *const ar_want[] = { "f0 %d", "f1 %d", "f2 %d",
		"f3 %d", "f4 %d", "f5 %d", "f5 %d", "f4 %d" };

	(void)state;
	i18n_use(de);
	assert_string_equal(P_("%d session", "%d sessions", 1), "%d Sitzung");
	assert_string_equal(P_("%d session", "%d sessions", 0), "%d Sitzungen");
	assert_string_equal(P_("%d session", "%d sessions", 5), "%d Sitzungen");
	i18n_use(pt);
	assert_string_equal(P_("%d session", "%d sessions", 0), "%d sessão");
	assert_string_equal(P_("%d session", "%d sessions", 1), "%d sessão");
	assert_string_equal(P_("%d session", "%d sessions", 2), "%d sessões");
	i18n_use(ar);
	for (size_t i = 0; i < nitems(ns); i++)
		assert_string_equal(P_("%d session", "%d sessions", ns[i]),
		    ar_want[i]);
	/* A plural the language lacks: the English rule. */
	assert_string_equal(P_("%d stretch", "%d stretches", 1), "%d stretch");
	assert_string_equal(P_("%d stretch", "%d stretches", 2),
	    "%d stretches");
	i18n_use(NULL);
}

static void
test_plural_expressions_are_read_as_c(void **state)
{
	static const char *const polish = "(n==1 ? 0 : n%10>=2 && n%10<=4 && "
					  "(n%100<10 || n%100>=20) ? 1 : 2)";
	char deep[200];

	(void)state;
	assert_int_equal(i18n_plural_eval("n != 1", 1), 0);
	assert_int_equal(i18n_plural_eval("n != 1", 7), 1);
	assert_int_equal(i18n_plural_eval("(n > 1)", 1), 0);
	assert_int_equal(i18n_plural_eval("0", 42), 0);
	assert_int_equal(i18n_plural_eval(polish, 1), 0);
	assert_int_equal(i18n_plural_eval(polish, 3), 1);
	assert_int_equal(i18n_plural_eval(polish, 13), 2);
	assert_int_equal(i18n_plural_eval(polish, 22), 1);
	assert_int_equal(i18n_plural_eval(polish, 25), 2);
	assert_int_equal(i18n_plural_eval("!(n <= 1) + 0 * 3 - 0", 2), 1);
	/* What cannot be read, and a division by zero, give no form. */
	assert_int_equal(i18n_plural_eval("n +", 1), -1);
	assert_int_equal(i18n_plural_eval("(n", 1), -1);
	assert_int_equal(i18n_plural_eval("n ? 1", 1), -1);
	assert_int_equal(i18n_plural_eval("n / 0", 1), -1);
	assert_int_equal(i18n_plural_eval("n % (n - n)", 3), -1);
	assert_int_equal(i18n_plural_eval("x", 1), -1);
	assert_int_equal(i18n_plural_eval("", 1), -1);
	/* Nesting past the limit is refused, not a deep recursion. */
	memset(deep, '(', 150);
	memcpy(deep + 150, "n", 2);
	assert_int_equal(i18n_plural_eval(deep, 1), -1);
}

static void
test_the_header_names_the_language(void **state)
{
	(void)state;
	assert_string_equal(i18n_lang_name(de), "Deutsch (Test)");
	assert_string_equal(i18n_lang_bcp47(pt), "qp-BR");
	assert_string_equal(i18n_lang_voice(pt), "pt-br");
	assert_false(i18n_lang_rtl(de));
	assert_true(i18n_lang_rtl(ar));
	assert_string_equal(i18n_lang_plural_expr(de), "(n != 1)");
	assert_string_equal(i18n_lang_tag(i18n_lang_at(0)), "en");
	assert_ptr_equal(i18n_lang_by_tag("qp-br"), pt);
	assert_ptr_equal(i18n_lang_by_tag("QP_BR"), pt);
	assert_null(i18n_lang_by_tag("qp"));
	assert_null(i18n_lang_by_tag("xx"));
}

static void
test_the_environment_picks_a_language(void **state)
{
	const struct i18n_lang *en = i18n_lang_by_tag("en");

	(void)state;
	assert_ptr_equal(i18n_lang_pick("qd"), de);
	assert_ptr_equal(i18n_lang_pick("qd_AT.UTF-8@euro"), de);
	assert_ptr_equal(i18n_lang_pick("qp"), pt);
	assert_ptr_equal(i18n_lang_pick("qp_PT"), pt);
	assert_ptr_equal(i18n_lang_pick("xx:fi:qp_BR:qd"), pt);
	assert_ptr_equal(i18n_lang_pick("en_GB:qd"), en);
	assert_ptr_equal(i18n_lang_pick("C"), en);
	assert_ptr_equal(i18n_lang_pick("C.UTF-8"), en);
	assert_ptr_equal(i18n_lang_pick("POSIX"), en);
	assert_ptr_equal(i18n_lang_pick("xx"), en);
	assert_ptr_equal(i18n_lang_pick(""), en);
	assert_ptr_equal(i18n_lang_pick("::"), en);

	setenv("LANGUAGE", "qd", 1);
	setenv("LANG", "qp_BR.UTF-8", 1);
	assert_ptr_equal(i18n_lang_from_env(), de);
	setenv("LANGUAGE", "", 1);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	assert_ptr_equal(i18n_lang_from_env(), pt);
	unsetenv("LANGUAGE");
	unsetenv("LANG");
	assert_ptr_equal(i18n_lang_from_env(), en);
}

static void
test_a_browser_picks_a_language_by_its_weights(void **state)
{
	const struct i18n_lang *en = i18n_lang_by_tag("en");

	(void)state;
	assert_ptr_equal(i18n_lang_accept("qd-CH,qd;q=0.9,en;q=0.5"), de);
	assert_ptr_equal(i18n_lang_accept("en;q=0.5, qp-BR"), pt);
	assert_ptr_equal(i18n_lang_accept("fi, qd;q=0.2, en;q=0.3"), en);
	assert_ptr_equal(i18n_lang_accept("fi, xx"), en);
	assert_ptr_equal(i18n_lang_accept("qp;q=0.8,*;q=0.1"), pt);
	assert_ptr_equal(i18n_lang_accept("qd;q=0"), en);
	assert_ptr_equal(i18n_lang_accept("qd;q=abc"), en);
	assert_ptr_equal(i18n_lang_accept(""), en);
	assert_ptr_equal(i18n_lang_accept(NULL), en);
	assert_ptr_equal(i18n_lang_accept(";;,,;q=1"), en);
}

static void
test_a_mo_file_that_lies_is_refused(void **state)
{
	unsigned char *bad = xmalloc(mo_de_len);
	long n;

	(void)state;
	n = i18n_mo_check(mo_de, mo_de_len);
	assert_true(n >= 4);
	/* Too short; not a .mo; an offset past the end; a length past it. */
	assert_int_equal(i18n_mo_check(mo_de, 20), -1);
	memcpy(bad, mo_de, mo_de_len);
	bad[0] ^= 0xff;
	assert_int_equal(i18n_mo_check(bad, mo_de_len), -1);
	for (size_t at = 12; at < 20; at += 4) {
		memcpy(bad, mo_de, mo_de_len);
		memset(bad + at, 0xff, 4);
		assert_int_equal(i18n_mo_check(bad, mo_de_len), -1);
	}
	/* The file cut short: its last translation ends past the end. */
	assert_int_equal(i18n_mo_check(mo_de, mo_de_len - 3), -1);
	assert_null(i18n_lang_add("xx", bad, 20));
	free(bad);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english_is_the_source),
		cmocka_unit_test(
		    test_a_language_gives_its_texts_and_english_for_the_rest),
		cmocka_unit_test(test_plural_forms_follow_each_language_rule),
		cmocka_unit_test(test_plural_expressions_are_read_as_c),
		cmocka_unit_test(test_the_header_names_the_language),
		cmocka_unit_test(test_the_environment_picks_a_language),
		cmocka_unit_test(
		    test_a_browser_picks_a_language_by_its_weights),
		cmocka_unit_test(test_a_mo_file_that_lies_is_refused),
	};
	unsigned char *mo_pt, *mo_ar;
	size_t pt_len, ar_len;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: test-i18n DE.mo PT_BR.mo AR.mo\n");
		return 2;
	}
	mo_de = slurp(argv[1], &mo_de_len);
	mo_pt = slurp(argv[2], &pt_len);
	mo_ar = slurp(argv[3], &ar_len);
	de = i18n_lang_add("qd", mo_de, mo_de_len);
	pt = i18n_lang_add("qp_BR", mo_pt, pt_len);
	ar = i18n_lang_add("qr", mo_ar, ar_len);
	if (de == NULL || pt == NULL || ar == NULL) {
		fprintf(stderr, "test-i18n: a test language did not load\n");
		return 2;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(mo_de);
	free(mo_pt);
	free(mo_ar);
	return rc;
}
