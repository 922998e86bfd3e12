/*
 * sbuf.c - a growing string for the SVG writer and the terminal grid.
 */
#include <math.h>
#include <stdarg.h>

#include "internal.h"
#include "util.h"

static void
grow(struct sbuf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	while (b->len + more + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 256;
	b->p = xreallocarray(b->p, b->cap, 1);
}

void
sbuf_add(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);

	grow(b, n);
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

void
sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	sbuf_add(b, s);
	free(s);
}

void
sbuf_num(struct sbuf *b, double v, int decimals)
{
	static const long scale[] = { 1, 10, 100, 1000, 10000 };
	long s, k, whole, frac;
	char tmp[48];
	int n;

	if (decimals < 0)
		decimals = 0;
	if (decimals > 4)
		decimals = 4;
	s = scale[decimals];
	if (!isfinite(v) || fabs(v) > 1e9)
		v = 0;
	k = lround(v * (double)s);
	whole = labs(k) / s;
	frac = labs(k) % s;
	n = snprintf(tmp, sizeof tmp, "%s%ld", k < 0 ? "-" : "", whole);
	if (frac != 0) {
		int d = decimals;

		while (frac % 10 == 0) {
			frac /= 10;
			d--;
		}
		snprintf(tmp + n, sizeof tmp - (size_t)n, ".%0*ld", d, frac);
	}
	sbuf_add(b, tmp);
}

char *
sbuf_take(struct sbuf *b)
{
	char *p;

	if (b->p == NULL)
		return xstrdup("");
	p = b->p;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}
