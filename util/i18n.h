/*
 * i18n.h - the language limber speaks: its texts in the person's language.
 *
 * Every text a person reads or hears is written in English in the source,
 * marked with _() (or N_() where it sits in a table and is translated where
 * it is used, P_() where the words depend on a number, C_() where the same
 * English needs two translations), and extracted into po/limber.pot. Each
 * language is a po/LANG.po, compiled by msgfmt at build time and built
 * into the program (po/meson.build), so a program run from its build
 * directory speaks every language as an installed one does.
 *
 * Why not glibc's gettext(): it takes one language for the whole process,
 * from the environment and the locales installed on the machine, while
 * `limber serve` answers each browser in the language it asks for, on
 * several threads at once. Here the language is the calling thread's:
 * i18n_use() sets it (a front end's job, from LANGUAGE, LC_ALL,
 * LC_MESSAGES and LANG, or from a request's Accept-Language), and the
 * lookups read msgfmt's own .mo files (docs/i18n.md).
 *
 * A text with no translation in the language is given in English, so a
 * half-done language is never blank; the voice then speaks it with an
 * English voice (i18n_misses()).
 */
#ifndef LIMBER_I18N_H
#define LIMBER_I18N_H

#include <stdbool.h>
#include <stddef.h>

struct i18n_lang;

/* The texts' markers: xgettext -k_ -kN_ -kP_:1,2 -kC_:1c,2 -kNC_:1c,2
 * (po/make-pot.py). */
#define _(s) i18n_gettext(s)
#define N_(s) s
#define P_(s, p, n) i18n_ngettext((s), (p), (n))
#define C_(ctx, s) i18n_pgettext((ctx), (s))
/* A table's text with a context, translated with C_(ctx, s) where used. */
#define NC_(ctx, s) s

const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));
const char *i18n_ngettext(const char *msgid, const char *plural,
    unsigned long n) __attribute__((format_arg(1)))
__attribute__((format_arg(2)));
const char *i18n_pgettext(const char *ctx, const char *msgid)
    __attribute__((format_arg(2)));

/*
 * The languages built in, English first (it has no catalog: its texts are
 * the source's). i18n_lang_count() of them, by index.
 */
size_t i18n_lang_count(void);
const struct i18n_lang *i18n_lang_at(size_t i);

/* The language whose tag is tag ("de", "pt_BR", "pt-BR"), or NULL. */
const struct i18n_lang *i18n_lang_by_tag(const char *tag);

/*
 * The built-in language that best serves a list of wishes, English when
 * none does: a colon list in LANGUAGE's form ("de_AT:fr"), or a locale
 * name ("de_DE.UTF-8@euro"). "de_AT" takes de_AT, then de; "pt" takes
 * the first pt_* there is. "C" and "POSIX" are English.
 */
const struct i18n_lang *i18n_lang_pick(const char *wishes);

/*
 * The language the environment asks for, as gettext reads it: the first
 * of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set and not empty.
 * For front ends; the library never reads the environment.
 */
const struct i18n_lang *i18n_lang_from_env(void);

/*
 * The best built-in language for an HTTP Accept-Language header ("de-CH,
 * de;q=0.9, en;q=0.5"), by its q-values, English when none is built in or
 * the header is NULL or cannot be read.
 */
const struct i18n_lang *i18n_lang_accept(const char *header);

/* This thread's language (English until i18n_use()); set it. */
const struct i18n_lang *i18n_current(void);
void i18n_use(const struct i18n_lang *lang);

/*
 * What a language is called and how it is written and spoken, from its
 * .po file's header: its tag ("pt_BR"), its BCP 47 tag for a page's
 * <html lang> ("pt-BR"), its own name ("Português (Brasil)"), whether it
 * runs right to left, and its espeak-ng voice ("pt-br").
 */
const char *i18n_lang_tag(const struct i18n_lang *lang);
const char *i18n_lang_bcp47(const struct i18n_lang *lang);
const char *i18n_lang_name(const struct i18n_lang *lang);
bool i18n_lang_rtl(const struct i18n_lang *lang);
const char *i18n_lang_voice(const struct i18n_lang *lang);

/*
 * How many lookups on this thread have found no translation in a language
 * other than English, and so gave the English: the voice compares it
 * before and after a text is made, so that it never reads English words
 * with a foreign voice.
 */
unsigned long i18n_misses(void);

/*
 * Add a language from a .mo file's len bytes (kept, not copied) under
 * tag, after the built-in ones; NULL when the bytes are not a sound .mo
 * file. For the tests: call it before any other thread looks a text up.
 */
const struct i18n_lang *i18n_lang_add(const char *tag, const unsigned char *mo,
    size_t len);

/* The language's Plural-Forms expression ("n != 1" for English). */
const char *i18n_lang_plural_expr(const struct i18n_lang *lang);

/*
 * Checks a .mo file of len bytes and evaluates a Plural-Forms expression,
 * for the fuzz harness and the unit tests: i18n_mo_check() returns the
 * number of texts, or -1 when it is not a sound .mo file; i18n_plural_eval()
 * returns the form for n, or -1 when expr cannot be read.
 */
long i18n_mo_check(const unsigned char *mo, size_t len);
long i18n_plural_eval(const char *expr, unsigned long n);

#endif
