/*
 * fuzz-words.c - libFuzzer harness for the small parsers of words a
 * person types or the environment holds: whole numbers (util_parse_int,
 * behind --pain, --minutes, the web's query numbers and Content-Length),
 * area, need, context, muscle and sport names, screening question ids, and the journal's
 * default path from XDG_DATA_HOME and HOME.
 *
 * The input is split at newlines into words. Each word must parse to a
 * value inside the range asked for, or be refused; a name that parses
 * must be the name printed back; a path is absolute or none.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "limber/limber.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const long ranges[][2] = {
	{ 0, 10 }, { 1, 120 }, { 0, 16384 }, { 1, 3660 }, { LONG_MIN, LONG_MAX },
	{ -5, -1 },
};

static void
word(const char *s, const char *prev)
{
	const struct limber_question *q;
	char *path;
	int v;

	for (size_t i = 0; i < nitems(ranges); i++) {
		long out = 12345;

		if (util_parse_int(s, ranges[i][0], ranges[i][1], &out)) {
			if (out < ranges[i][0] || out > ranges[i][1])
				abort();
		} else if (out != 12345) {
			abort();	/* a refusal must leave *out alone */
		}
	}
	v = limber_area_parse(s);
	if (v != -1 && strcmp(limber_area_name((enum limber_area)v), s) != 0)
		abort();
	v = limber_need_parse(s);
	if (v != 0 && strcmp(limber_need_name((enum limber_need)v), s) != 0)
		abort();
	/* "workout" is the after-workout context's other name. */
	v = limber_context_parse(s);
	if (v != -1 &&
	    strcmp(limber_context_name((enum limber_context)v), s) != 0 &&
	    !(strcmp(s, "workout") == 0 && v == LIMBER_CONTEXT_AFTER_WORKOUT))
		abort();
	v = limber_muscle_parse(s);
	if (v != 0 && strcmp(limber_muscle_name((enum limber_muscle)v), s) != 0)
		abort();
	v = limber_sport_parse(s);
	if (v != -1 &&
	    (v == LIMBER_SPORT_NONE ||
		strcmp(limber_sport_name((enum limber_sport)v), s) != 0))
		abort();
	q = limber_question_find(s);
	if (q != NULL && strcmp(q->id, s) != 0)
		abort();
	path = limber_journal_default_path(s, prev);
	if (path != NULL && (path[0] != '/' ||
	    strstr(path, "/limber/journal.db") == NULL))
		abort();
	free(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size), *p = text, *prev = "";

	/* xstrndup stops at nothing: a NUL inside ends that word early. */
	for (;;) {
		char *nl = strchr(p, '\n');

		if (nl != NULL)
			*nl = '\0';
		word(p, prev);
		prev = p;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	free(text);
	return 0;
}
