/*
 * util.c - allocation that aborts, formatted strings, bounded file reads.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static void
oom(void)
{
	static const char msg[] = "limber: out of memory\n";
	ssize_t n = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)n;
	abort();
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		oom();
	p = realloc(p, n != 0 && size != 0 ? n * size : 1);
	if (p == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	char probe[1];
	int n;
	char *p;

	/*
	 * gcc's UBSan instrumentation makes -Wformat-truncation see a path
	 * with a NULL format; say plainly there is none.
	 */
	if (fmt == NULL)
		abort();
	va_copy(ap2, ap);
	n = vsnprintf(probe, sizeof probe, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		oom();
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

char *
util_read_file(const char *path, size_t max, size_t *len, char **cause)
{
	struct stat sb;
	char *buf = NULL;
	size_t have = 0;
	int fd;

	/*
	 * O_NONBLOCK: opening a FIFO waits for a writer, maybe for ever;
	 * this way it opens at once, and fstat refuses it. It changes
	 * nothing for a regular file.
	 */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		*cause = xasprintf("%s: not a regular file", path);
		goto fail;
	}
	buf = xmalloc(max + 1);
	for (;;) {
		ssize_t n = read(fd, buf + have, max + 1 - have);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("%s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		have += (size_t)n;
		if (have > max) {
			*cause = xasprintf("%s: larger than %zu bytes", path, max);
			goto fail;
		}
	}
	close(fd);
	buf[have] = '\0';
	if (len != NULL)
		*len = have;
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

bool
util_parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || v < min || v > max)
		return false;
	*out = v;
	return true;
}

long
util_test_clock(void)
{
#ifdef LIMBER_TEST_CLOCK
	long speed;

	if (util_parse_int(getenv("LIMBER_TEST_CLOCK"), 1, UTIL_TEST_CLOCK_MAX,
	    &speed))
		return speed;
#endif
	return 1;
}

/* The code point of the UTF-8 sequence at p and its length; 0 if not valid. */
static size_t
utf8_decode(const unsigned char *p, long *cp)
{
	size_t n;
	long c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	for (size_t i = 1; i < n; i++) {
		/* A NUL ends the string here too: it is no continuation byte. */
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	/* Too long a form, a surrogate, or past U+10FFFF. */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

size_t
util_unsafe_char(const char *p, long *cp)
{
	size_t n;
	long c;

	if (*p == '\0')
		return 0;
	n = utf8_decode((const unsigned char *)p, &c);
	if (n == 0) {
		if (cp != NULL)
			*cp = -1;
		return 1;
	}
	if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x61c || c == 0x200e ||
	    c == 0x200f || (c >= 0x2028 && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069)) {
		if (cp != NULL)
			*cp = c;
		return n;
	}
	return 0;
}

bool
util_text_safe(const char *s)
{
	long cp;

	for (const char *p = s; *p != '\0';) {
		size_t n = util_unsafe_char(p, &cp);

		if (n > 0)
			return false;
		/* A safe character: step over the whole of it. */
		n = utf8_decode((const unsigned char *)p, &cp);
		p += n;
	}
	return true;
}

char *
util_visible(const char *s, const char *keep)
{
	size_t len = strlen(s), out = 0;
	/* The longest escape, \u202e, is six bytes for at least one in. */
	char *buf = xmalloc(len * 6 + 1);
	long cp;

	for (const char *p = s; *p != '\0';) {
		size_t n = util_unsafe_char(p, &cp);

		if (n == 0) {
			n = utf8_decode((const unsigned char *)p, &cp);
			memcpy(buf + out, p, n);
			out += n;
			p += n;
			continue;
		}
		if (cp > 0 && cp < 0x20 && keep != NULL &&
		    strchr(keep, (int)cp) != NULL &&
		    (cp != '\r' || p[1] == '\n'))
			buf[out++] = *p;
		else if (cp < 0)
			out += (size_t)snprintf(buf + out, 5, "\\x%02x",
			    (unsigned char)*p);
		else
			out += (size_t)snprintf(buf + out, 7, "\\u%04lx", cp);
		p += n;
	}
	buf[out] = '\0';
	return buf;
}

bool
util_make_dirs(const char *path)
{
	char *p = xstrdup(path);
	bool ok = true;
	int err = 0;

	for (char *s = p + 1; *s != '\0' && ok; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		ok = mkdir(p, 0700) == 0 || errno == EEXIST;
		*s = '/';
	}
	ok = ok && (mkdir(p, 0700) == 0 || errno == EEXIST);
	if (!ok)
		err = errno;
	free(p);
	errno = err;
	return ok;
}
