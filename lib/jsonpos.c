/*
 * jsonpos.c - where each value of a JSON text starts, by path.
 *
 * jansson reports line and column for syntax errors only; once a text has
 * parsed, its values carry no position. A catalog author still needs to be
 * told "line 12, column 9" when a field is out of range, so this walks the
 * text once more and records the position of every value under its path
 * ("dose.reps.start", "steps[2].text"). It runs after jansson has accepted
 * the text, but it is written to be safe on any bytes: it never reads past
 * the end, and on anything unexpected it stops recording.
 */
#include <string.h>

#include "jsonpos.h"
#include "util.h"

#define JSONPOS_MAX_DEPTH 32
#define JSONPOS_MAX_PATH 256
#define JSONPOS_MAX_ENTRIES 4096

struct scan {
	const char *p, *end;
	int line, col;
	struct jsonpos *jp;
	char path[JSONPOS_MAX_PATH];
	size_t plen;
	bool bad;
};

static void
advance(struct scan *s)
{
	unsigned char c = (unsigned char)*s->p;

	s->p++;
	if (c == '\n') {
		s->line++;
		s->col = 1;
	} else if ((c & 0xc0) != 0x80) {
		/* Count characters, not bytes, as jansson does. */
		s->col++;
	}
}

static void
skip_ws(struct scan *s)
{
	while (s->p < s->end && strchr(" \t\r\n", *s->p) != NULL && *s->p != '\0')
		advance(s);
}

static void
record(struct scan *s)
{
	struct jsonpos *jp = s->jp;

	if (jp->n >= JSONPOS_MAX_ENTRIES)
		return;
	if (jp->n == jp->cap) {
		jp->cap = jp->cap ? jp->cap * 2 : 64;
		jp->e = xreallocarray(jp->e, jp->cap, sizeof *jp->e);
	}
	jp->e[jp->n].path = xstrndup(s->path, s->plen);
	jp->e[jp->n].line = s->line;
	jp->e[jp->n].col = s->col;
	jp->n++;
}

/* Append to the path; returns the old length to restore, or -1 if full. */
static long
path_push(struct scan *s, const char *part, size_t len, bool index)
{
	size_t old = s->plen;
	size_t need = len + (index ? 2 : (old ? 1 : 0));

	if (old + need >= sizeof s->path)
		return -1;
	if (index) {
		s->path[s->plen++] = '[';
		memcpy(s->path + s->plen, part, len);
		s->plen += len;
		s->path[s->plen++] = ']';
	} else {
		if (old)
			s->path[s->plen++] = '.';
		memcpy(s->path + s->plen, part, len);
		s->plen += len;
	}
	return (long)old;
}

static void scan_value(struct scan *, int);

/* A string; its raw bytes (escapes left as they are) go to *start, *len. */
static void
scan_string(struct scan *s, const char **start, size_t *len)
{
	advance(s);	/* the opening quote */
	*start = s->p;
	while (s->p < s->end && *s->p != '"') {
		if (*s->p == '\\') {
			advance(s);
			if (s->p >= s->end)
				break;
		}
		advance(s);
	}
	*len = (size_t)(s->p - *start);
	if (s->p >= s->end) {
		s->bad = true;
		return;
	}
	advance(s);	/* the closing quote */
}

static void
scan_object(struct scan *s, int depth)
{
	advance(s);	/* { */
	skip_ws(s);
	if (s->p < s->end && *s->p == '}') {
		advance(s);
		return;
	}
	while (!s->bad && s->p < s->end) {
		const char *key;
		size_t klen;
		long old;

		skip_ws(s);
		if (s->p >= s->end || *s->p != '"') {
			s->bad = true;
			return;
		}
		scan_string(s, &key, &klen);
		skip_ws(s);
		if (s->p >= s->end || *s->p != ':') {
			s->bad = true;
			return;
		}
		advance(s);
		skip_ws(s);
		old = path_push(s, key, klen, false);
		if (old < 0) {
			s->bad = true;
			return;
		}
		scan_value(s, depth + 1);
		s->plen = (size_t)old;
		skip_ws(s);
		if (s->p < s->end && *s->p == ',') {
			advance(s);
			continue;
		}
		if (s->p < s->end && *s->p == '}') {
			advance(s);
			return;
		}
		s->bad = true;
	}
}

static void
scan_array(struct scan *s, int depth)
{
	unsigned idx = 0;

	advance(s);	/* [ */
	skip_ws(s);
	if (s->p < s->end && *s->p == ']') {
		advance(s);
		return;
	}
	while (!s->bad && s->p < s->end) {
		char num[16];
		int nlen;
		long old;

		skip_ws(s);
		nlen = snprintf(num, sizeof num, "%u", idx++);
		old = path_push(s, num, (size_t)nlen, true);
		if (old < 0) {
			s->bad = true;
			return;
		}
		scan_value(s, depth + 1);
		s->plen = (size_t)old;
		skip_ws(s);
		if (s->p < s->end && *s->p == ',') {
			advance(s);
			continue;
		}
		if (s->p < s->end && *s->p == ']') {
			advance(s);
			return;
		}
		s->bad = true;
	}
}

static void
scan_value(struct scan *s, int depth)
{
	const char *str;
	size_t len;

	skip_ws(s);
	if (s->p >= s->end || depth > JSONPOS_MAX_DEPTH) {
		s->bad = true;
		return;
	}
	record(s);
	switch (*s->p) {
	case '{':
		scan_object(s, depth);
		break;
	case '[':
		scan_array(s, depth);
		break;
	case '"':
		scan_string(s, &str, &len);
		break;
	default:
		/* A number, true, false or null: up to the next delimiter. */
		while (s->p < s->end && strchr(",]} \t\r\n", *s->p) == NULL)
			advance(s);
		break;
	}
}

void
jsonpos_scan(struct jsonpos *jp, const char *text, size_t len)
{
	struct scan s = {
		.p = text, .end = text + len, .line = 1, .col = 1, .jp = jp,
	};

	memset(jp, 0, sizeof *jp);
	/* A UTF-8 byte order mark is not part of the first line's columns. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		s.p += 3;
	scan_value(&s, 0);
}

bool
jsonpos_find(const struct jsonpos *jp, const char *path, int *line, int *col)
{
	for (size_t i = 0; i < jp->n; i++) {
		if (strcmp(jp->e[i].path, path) == 0) {
			*line = jp->e[i].line;
			*col = jp->e[i].col;
			return true;
		}
	}
	return false;
}

void
jsonpos_release(struct jsonpos *jp)
{
	for (size_t i = 0; i < jp->n; i++)
		free(jp->e[i].path);
	free(jp->e);
	memset(jp, 0, sizeof *jp);
}
