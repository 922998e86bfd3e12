/*
 * strbuf.h - the one growing string of limber: the SVG writer and the
 * terminal figure (render/), the coach's screen frames (cli/), the CSV
 * export (lib/) and the reminders' calendar file (lib/) all build their
 * text in one.
 *
 * Every buffer has a cap, so that no input (a journal of a million rows, a
 * stretch file with a huge name) can make one grow without bound: an
 * append that would pass it adds nothing, marks the buffer full and
 * returns false, and every later append does the same, so the text never
 * has a piece missing from its middle. Whoever takes the text checks
 * `full` and says what was too big.
 */
#ifndef LIMBER_STRBUF_H
#define LIMBER_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *p; /* the text, NUL-terminated; NULL until something is added */
	size_t len; /* bytes of text, without the NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* the most bytes of text it may hold; 0: STRBUF_MAX */
	bool full;  /* an append would have passed max and was refused */
};

/* The cap of a buffer that names none. */
#define STRBUF_MAX ((size_t)16 << 20)

/* An empty buffer that holds at most max bytes of text. */
#define STRBUF_INIT(m) ((struct strbuf){ .max = (m) })

/* Append n bytes of s; false, and nothing added, when the cap would pass. */
bool strbuf_add(struct strbuf *b, const void *s, size_t n);
bool strbuf_puts(struct strbuf *b, const char *s);
bool strbuf_printf(struct strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
bool strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* The text, malloc'd ("" when none); the buffer is empty again, max kept. */
char *strbuf_take(struct strbuf *b);
/* Empty the text but keep its memory, for a buffer used over and over. */
void strbuf_clear(struct strbuf *b);
/* Free the text; the buffer is empty again, max kept. */
void strbuf_free(struct strbuf *b);

#endif
