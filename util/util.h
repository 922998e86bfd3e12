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
