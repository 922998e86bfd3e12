/*
 * test-util.c - what util/util.h shows of a text bound for a terminal
 * (util_visible) and refuses in one bound for the journal or a page
 * (util_text_safe): every C0 and C1 control, DEL, the line separators,
 * the direction marks and overrides, and bytes that are not UTF-8, each
 * shown in ASCII; everything else, accents and emoji too, left alone.
 * And util/strbuf.h's growing string: what it holds, and its cap; and
 * util/utf8.h's one test of whether the locale's text is UTF-8.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "strbuf.h"
#include "utf8.h"
#include "util.h"

static void
shown(const char *in, const char *keep, const char *want)
{
	char *got = util_visible(in, keep);

	assert_string_equal(got, want);
	free(got);
}

static void
test_controls_and_overrides_are_shown(void **state)
{
	(void)state;
	shown("a\x1b[2Jb", NULL, "a\\u001b[2Jb");
	shown("\x1b]0;title\x07", NULL, "\\u001b]0;title\\u0007");
	shown("del\x7f", NULL, "del\\u007f");
	/* U+009B (CSI), U+0085 (NEL), U+202E (RLO), the marks, U+061C. */
	shown("\xc2\x9b[31m", NULL, "\\u009b[31m");
	shown("\xc2\x85", NULL, "\\u0085");
	shown("\xe2\x80\xae!evil", NULL, "\\u202e!evil");
	shown("\xe2\x80\x8f\xe2\x80\x8e", NULL, "\\u200f\\u200e");
	shown("\xd8\x9c", NULL, "\\u061c");
	shown("\xe2\x80\xa8\xe2\x80\xa9", NULL, "\\u2028\\u2029");
	shown("\xe2\x81\xa6x\xe2\x81\xa9", NULL, "\\u2066x\\u2069");
	shown("a\nb\tc\rd", NULL, "a\\u000ab\\u0009c\\u000dd");
}

static void
test_kept_controls_stay_and_a_lone_cr_does_not(void **state)
{
	(void)state;
	shown("a\nb\tc", "\n\t", "a\nb\tc");
	shown("row\r\nx\ry", "\n\r", "row\r\nx\\u000dy");
	shown("end\r", "\r", "end\\u000d");
}

static void
test_bytes_that_are_not_utf8_are_shown_one_by_one(void **state)
{
	(void)state;
	/*
	 * A stray C1 byte, too long forms, a surrogate, past U+10FFFF, a
	 * sequence cut short, bytes that never start one.
	 */
	shown("x\x9b[31m", NULL, "x\\x9b[31m");
	shown("\xc0\xaf", NULL, "\\xc0\\xaf");
	shown("\xe0\x80\xaf", NULL, "\\xe0\\x80\\xaf");
	shown("\xed\xa0\x80", NULL, "\\xed\\xa0\\x80");
	shown("\xf4\x90\x80\x80", NULL, "\\xf4\\x90\\x80\\x80");
	shown("cut \xe2\x80", NULL, "cut \\xe2\\x80");
	shown("\xff\xfe", NULL, "\\xff\\xfe");
}

static void
test_other_text_is_left_alone(void **state)
{
	static const char *const fine[] = {
		"", "plain words", "d\xc3\xa9j\xc3\xa0 vu", /* déjà vu */
		"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",	    /* Hebrew */
		"\xe2\x9c\x93 \xf0\x9f\x98\x80",	    /* ✓ and 😀 */
		"\xc2\xa0nbsp \xc2\xa9",		    /* U+00A0, © */
		"\xe2\x80\x94 dash \xe2\x80\x99",	    /* — ’ */
	};

	(void)state;
	for (size_t i = 0; i < nitems(fine); i++) {
		shown(fine[i], NULL, fine[i]);
		assert_true(util_text_safe(fine[i]));
	}
	assert_false(util_text_safe("\x1b"));
	assert_false(util_text_safe("ok \xc2\x9b"));
	assert_false(util_text_safe("ok \xe2\x80\xae"));
	assert_false(util_text_safe("ok \x9b"));
	assert_false(util_text_safe("tab\there"));
}

/* Six bytes out for one in is the most: a buffer of controls fits. */
static void
test_the_longest_output_fits(void **state)
{
	char in[1001], *got;

	(void)state;
	memset(in, '\x1b', 1000);
	in[1000] = '\0';
	got = util_visible(in, NULL);
	assert_int_equal(strlen(got), 6000);
	assert_memory_equal(got + 5994, "\\u001b", 6);
	free(got);
}

/* Appends grow the text, NUL-terminated; taking it empties the buffer. */
static void
test_strbuf_grows_and_gives_its_text(void **state)
{
	struct strbuf b = STRBUF_INIT(0);
	char *text;

	(void)state;
	text = strbuf_take(&b);
	assert_string_equal(text, "");
	free(text);
	for (int i = 0; i < 1000; i++)
		assert_true(strbuf_printf(&b, "%d,", i % 10));
	assert_true(strbuf_add(&b, "xyz", 2));
	assert_true(strbuf_puts(&b, ""));
	assert_int_equal(b.len, 2002);
	assert_memory_equal(b.p + 1996, "8,9,xy", 7);
	assert_false(b.full);
	text = strbuf_take(&b);
	assert_int_equal(strlen(text), 2002);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	free(text);
	assert_true(strbuf_puts(&b, "again"));
	assert_string_equal(b.p, "again");
	strbuf_free(&b);
	assert_null(b.p);
}

/*
 * Text up to the cap goes in; an append that would pass it adds nothing,
 * and nothing after it goes in either, so no piece is missing in between.
 */
static void
test_strbuf_refuses_to_pass_its_cap(void **state)
{
	struct strbuf b = STRBUF_INIT(10);

	(void)state;
	assert_true(strbuf_puts(&b, "12345"));
	assert_true(strbuf_printf(&b, "%s", "6789"));
	assert_false(strbuf_puts(&b, "ab"));
	assert_true(b.full);
	assert_false(strbuf_puts(&b, "a"));
	assert_false(strbuf_printf(&b, "%d", 0));
	assert_string_equal(b.p, "123456789");
	assert_true(b.cap <= 11);
	strbuf_free(&b);
	assert_false(b.full);
	assert_true(strbuf_puts(&b, "0123456789"));
	assert_int_equal(b.len, 10);
	assert_false(strbuf_add(&b, "x", 1));
	strbuf_free(&b);
	/* One append larger than the cap is refused whole. */
	assert_false(strbuf_add(&b, "0123456789ab", 12));
	assert_true(b.full);
	assert_null(b.p);
	strbuf_free(&b);
}

/* The name says UTF-8 in any case, with or without the dash. */
static void
test_utf8_names(void **state)
{
	(void)state;
	assert_true(util_utf8_name("C.UTF-8"));
	assert_true(util_utf8_name("de_DE.utf8"));
	assert_true(util_utf8_name("en_GB.Utf-8@euro"));
	assert_false(util_utf8_name("C"));
	assert_false(util_utf8_name("POSIX"));
	assert_false(util_utf8_name("de_DE.ISO-8859-1"));
	assert_false(util_utf8_name(""));
	assert_false(util_utf8_name(NULL));
}

/* The terminal's: the first of LC_ALL, LC_CTYPE, LANG set and not empty. */
static void
test_utf8_terminal_reads_the_first_set(void **state)
{
	(void)state;
	setenv("LC_ALL", "", 1);
	setenv("LC_CTYPE", "C", 1);
	setenv("LANG", "C.UTF-8", 1);
	assert_false(util_utf8_terminal());
	unsetenv("LC_CTYPE");
	assert_true(util_utf8_terminal());
	setenv("LC_ALL", "POSIX", 1);
	assert_false(util_utf8_terminal());
	unsetenv("LC_ALL");
	unsetenv("LANG");
	assert_false(util_utf8_terminal());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_controls_and_overrides_are_shown),
		cmocka_unit_test(
		    test_kept_controls_stay_and_a_lone_cr_does_not),
		cmocka_unit_test(
		    test_bytes_that_are_not_utf8_are_shown_one_by_one),
		cmocka_unit_test(test_other_text_is_left_alone),
		cmocka_unit_test(test_the_longest_output_fits),
		cmocka_unit_test(test_strbuf_grows_and_gives_its_text),
		cmocka_unit_test(test_strbuf_refuses_to_pass_its_cap),
		cmocka_unit_test(test_utf8_names),
		cmocka_unit_test(test_utf8_terminal_reads_the_first_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
