/*
 * internal.h - what the renderers share and nobody else sees.
 */
#ifndef LIMBER_RENDER_INTERNAL_H
#define LIMBER_RENDER_INTERNAL_H

#include <stddef.h>

/* A growing string; the text is always NUL-terminated once used. */
struct sbuf {
	char *p;
	size_t len, cap;
};

void sbuf_add(struct sbuf *b, const char *s);
void sbuf_addf(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * A number with at most `decimals` (0 to 4) digits after the point, written
 * without the C library's locale or rounding quirks: "12.5", "-3", "0".
 */
void sbuf_num(struct sbuf *b, double v, int decimals);
/* Take the text; the buffer is empty afterwards. */
char *sbuf_take(struct sbuf *b);

#endif
