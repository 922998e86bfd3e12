/*
 * util.h - small helpers shared by the library and the front ends.
 *
 * Allocation wrappers abort on out of memory (as tmux's xmalloc.c does):
 * limber's allocations are small and a coach that half-works without memory
 * helps nobody. Every .c file includes this after its system headers, so
 * banned.h sees their declarations first.
 */
#ifndef LIMBER_UTIL_H
#define LIMBER_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A malloc'd formatted string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/*
 * Read a whole file, at most max bytes, NUL-terminated. Returns NULL and sets
 * *cause on error (missing, unreadable, too big, a directory).
 */
char *util_read_file(const char *path, size_t max, size_t *len, char **cause);

/*
 * Parse a whole decimal integer in [min, max]. Returns false for anything
 * else: empty, trailing junk, out of range.
 */
bool util_parse_int(const char *s, long min, long max, long *out);

/*
 * mkdir -p: path and the folders above it, each one made private (0700);
 * folders already there are left as they are. False with errno set when
 * one cannot be made.
 */
bool util_make_dirs(const char *path);

/*
 * Characters that must never reach a terminal or a page as they are, so
 * that a note or a file cannot clear the screen, set the window's title,
 * fake coloured text or make its words read in another order: the C0
 * controls and DEL (ESC starts an escape, CR writes over a line), the C1
 * controls U+0080..U+009F (U+009B is a CSI to many terminals), the line
 * and paragraph separators U+2028 and U+2029, and the marks, embeddings,
 * overrides and isolates that reorder text (U+061C, U+200E, U+200F,
 * U+202A..U+202E, U+2066..U+2069). A byte that is not part of valid
 * UTF-8 counts too: a terminal that is not in UTF-8 mode reads 0x9b as
 * CSI.
 *
 * util_unsafe_char: 0 when the character at p is none of these (or p is
 * at the end), else its length in bytes, with *cp (when not NULL) its
 * code point, or -1 for a byte that is not UTF-8.
 */
size_t util_unsafe_char(const char *p, long *cp);
/* Whether s holds none of them. */
bool util_text_safe(const char *s);

/*
 * s, malloc'd, with each such character shown in plain ASCII, as JSON
 * writes it (\u001b, \u009b, \u202e), and each byte that is not UTF-8 as
 * \xff, so escapes in JSON text stay valid JSON. The C0 controls in keep
 * ("\n\t", say, or NULL) are left as they are; a CR in keep leaves only a
 * CR that comes before a LF, since a CR alone writes over the line.
 */
char *util_visible(const char *s, const char *keep);

/*
 * The test clock: how many times faster than real time a guided session's
 * clock runs in the front ends (the terminal coach, the web server). It is
 * 1, always, in a normal build. Only a build configured with
 * -Dtest_clock=true (./test.sh's builds, never run.sh's or an install)
 * reads LIMBER_TEST_CLOCK, a factor from 1 to UTIL_TEST_CLOCK_MAX, so that
 * the tests can play whole sessions in a fraction of their time; such a
 * build says so in `limber --version`. docs/testing.md explains it.
 */
#define UTIL_TEST_CLOCK_MAX 100
long util_test_clock(void);

#include "banned.h"

#endif
