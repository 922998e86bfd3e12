/*
 * strbuf.c - a growing string with a cap (strbuf.h).
 */
#include <stdint.h>

#include "strbuf.h"
#include "util.h"

static size_t
cap_of(const struct strbuf *b)
{
	return b->max != 0 ? b->max : STRBUF_MAX;
}

bool
strbuf_add(struct strbuf *b, const void *s, size_t n)
{
	size_t max = cap_of(b), want;

	if (b->full || n > max - b->len) {
		b->full = true;
		return false;
	}
	want = b->len + n + 1;
	if (want > b->cap) {
		size_t cap = b->cap != 0 ? b->cap : 256;

		/* Doubling keeps appends cheap; never past the cap, and its NUL. */
		while (cap < want)
			cap = cap > SIZE_MAX / 2 ? want : cap * 2;
		if (cap > max + 1)
			cap = max + 1;
		b->p = xreallocarray(b->p, cap, 1);
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return true;
}

bool
strbuf_puts(struct strbuf *b, const char *s)
{
	return strbuf_add(b, s, strlen(s));
}

bool
strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap)
{
	char *s;
	bool ok;

	if (b->full)
		return false;
	s = xvasprintf(fmt, ap);
	ok = strbuf_puts(b, s);
	free(s);
	return ok;
}

bool
strbuf_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	ok = strbuf_vprintf(b, fmt, ap);
	va_end(ap);
	return ok;
}

char *
strbuf_take(struct strbuf *b)
{
	char *p = b->p != NULL ? b->p : xstrdup("");

	b->p = NULL;
	b->len = b->cap = 0;
	b->full = false;
	return p;
}

void
strbuf_clear(struct strbuf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
	b->full = false;
}

void
strbuf_free(struct strbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->full = false;
}
