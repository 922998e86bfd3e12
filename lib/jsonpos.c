/*
 * jsonpos.c - where a value of a JSON text starts, by its path.
 *
 * jansson reports line and column for syntax errors only; once a text has
 * parsed, its values carry no position. A catalog author, or someone whose
 * export will not import, still needs to be told "line 12, column 9" when a
 * field is out of range, so this walks the text once more, after the fault,
 * and records where the value at the fault's path ("dose.reps.start",
 * "sessions[2].started") and its parents start. Only those: an import file
 * may hold millions of values, and only one of them is asked for. It runs
 * after jansson has accepted the text, but it is written to be safe on any
 * bytes: it never reads past the end, and on anything unexpected it stops
 * recording.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpos.h"
#include "util.h"

#define JSONPOS_MAX_DEPTH 32
#define JSONPOS_MAX_PATH 256
#define JSONPOS_MAX_ENTRIES 4096

struct jsonpos_entry {
	char *path;    /* "" for the root, "a.b[2].c" below it */
	int line, col; /* 1-based; columns count characters */
};

struct jsonpos {
	struct jsonpos_entry *e;
	size_t n, cap;
};

/*
 * The walk: want is the path asked for, and only it and its parents are
 * recorded; found ends the walk when it is reached.
 */
struct scan {
	const char *p, *end;
	int line, col;
	struct jsonpos *jp;
	const char *want;
	size_t wantlen;
	char path[JSONPOS_MAX_PATH];
	size_t plen;
	bool bad, found;
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

/* Whether the path so far is want or one of its parents. */
static bool
on_the_way(const struct scan *s)
{
	if (s->plen > s->wantlen || memcmp(s->path, s->want, s->plen) != 0)
		return false;
	return s->plen == 0 || s->plen == s->wantlen ||
	    s->want[s->plen] == '.' || s->want[s->plen] == '[';
}

static void
record(struct scan *s)
{
	struct jsonpos *jp = s->jp;

	if (!on_the_way(s))
		return;
	if (s->plen == s->wantlen)
		s->found = true;
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

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static long
hex4(const char *p, const char *end)
{
	long v = 0;

	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int h = hexval(p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * A key as jansson sees it: escapes decoded to UTF-8, so that paths built
 * from decoded keys find it. Writes at most max - 1 bytes; an escape that
 * does not decode is kept as written.
 */
static size_t
decode_key(const char *k, size_t len, char *out, size_t max)
{
	const char *end = k + len;
	size_t n = 0;

	while (k < end && n + 4 < max) {
		long cp;

		if (*k != '\\' || k + 1 >= end) {
			out[n++] = *k++;
			continue;
		}
		switch (k[1]) {
		case 'b': out[n++] = '\b'; k += 2; continue;
		case 'f': out[n++] = '\f'; k += 2; continue;
		case 'n': out[n++] = '\n'; k += 2; continue;
		case 'r': out[n++] = '\r'; k += 2; continue;
		case 't': out[n++] = '\t'; k += 2; continue;
		case 'u': break;
		default: out[n++] = k[1]; k += 2; continue;
		}
		cp = hex4(k + 2, end);
		if (cp < 0) {
			out[n++] = *k++;
			continue;
		}
		k += 6;
		if (cp >= 0xd800 && cp <= 0xdbff && end - k >= 6 && k[0] == '\\' &&
		    k[1] == 'u') {
			long lo = hex4(k + 2, end);
			if (lo >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				k += 6;
			}
		}
		if (cp < 0x80)
			out[n++] = (char)cp;
		else if (cp < 0x800) {
			out[n++] = (char)(0xc0 | (cp >> 6));
			out[n++] = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			out[n++] = (char)(0xe0 | (cp >> 12));
			out[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			out[n++] = (char)(0x80 | (cp & 0x3f));
		} else {
			out[n++] = (char)(0xf0 | (cp >> 18));
			out[n++] = (char)(0x80 | ((cp >> 12) & 0x3f));
			out[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			out[n++] = (char)(0x80 | (cp & 0x3f));
		}
	}
	return n;
}

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
	while (!s->bad && !s->found && s->p < s->end) {
		const char *key;
		char dkey[JSONPOS_MAX_PATH];
		size_t klen, dlen;
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
		dlen = decode_key(key, klen, dkey, sizeof dkey);
		old = path_push(s, dkey, dlen, false);
		if (old < 0) {
			s->bad = true;
			return;
		}
		scan_value(s, depth + 1);
		s->plen = (size_t)old;
		if (s->found)
			return;
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
	while (!s->bad && !s->found && s->p < s->end) {
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
		if (s->found)
			return;
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
	if (s->found)
		return;
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

static bool
find(const struct jsonpos *jp, const char *path, int *line, int *col)
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
jsonpos_locate(const char *text, size_t len, const char *path, int *line,
    int *col)
{
	struct jsonpos jp = { 0 };
	struct scan s = {
		.p = text,
		.end = text + len,
		.line = 1,
		.col = 1,
		.jp = &jp,
		.want = path,
		.wantlen = strlen(path),
	};
	char *p = xstrdup(path);

	*line = 1;
	*col = 1;
	scan_value(&s, 0);
	/* Up the path, "a.b[2].c" to "a.b[2]", "a.b", "a" and the root. */
	for (;;) {
		char *cut;

		if (find(&jp, p, line, col))
			break;
		cut = strrchr(p, '.');
		if (strrchr(p, '[') > cut)
			cut = strrchr(p, '[');
		if (cut == NULL) {
			if (*p == '\0')
				break;
			*p = '\0';
		} else
			*cut = '\0';
	}
	free(p);
	for (size_t i = 0; i < jp.n; i++)
		free(jp.e[i].path);
	free(jp.e);
}

char *
jsonpos_fault(const char *name, const char *text, size_t len, const char *path,
    const char *what)
{
	int line, col;

	jsonpos_locate(text, len, path, &line, &col);
	if (*path != '\0')
		return xasprintf("%s:%d:%d: %s: %s", name, line, col, path,
		    what);
	return xasprintf("%s:%d:%d: %s", name, line, col, what);
}
