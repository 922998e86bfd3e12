/*
 * utf8.h - whether the user's locale writes its text in UTF-8.
 *
 * One test for every front end: the terminal figures, the statistics'
 * bars, the coach's blocks and the QR code of `limber serve` draw with
 * UTF-8 characters only when the terminal takes them, and the report
 * writes dates in the user's language only when their text is UTF-8, which
 * is what pango takes.
 */
#ifndef LIMBER_UTF8_H
#define LIMBER_UTF8_H

#include <stdbool.h>

/* Whether a locale's name or codeset says UTF-8 ("C.UTF-8", "de_DE.utf8"). */
bool util_utf8_name(const char *name);

/*
 * Whether the terminal's characters are UTF-8, by the environment that
 * names its locale: the first of LC_ALL, LC_CTYPE and LANG that is set and
 * not empty, as the C library reads them. The environment, not
 * setlocale(): limber writes its UTF-8 characters as bytes, so what counts
 * is what the terminal was told to show, even where that locale's files
 * are not installed. Nothing is changed.
 */
bool util_utf8_terminal(void);

/*
 * Set one locale category (LC_TIME, say) from the environment and say
 * whether its text is UTF-8; where it is not, or cannot be set, the
 * category is put back to "C", so that nothing but UTF-8 comes out of it.
 */
bool util_utf8_locale(int category);

#endif
