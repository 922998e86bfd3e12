/*
 * fuzz-catalog.c - libFuzzer harness for the stretch catalog parser.
 *
 * Any bytes must give either a stretch or an error that names a position;
 * never a crash, a leak or an unbounded read. A stretch that parses must
 * also survive the JSON encoder and parse again the same: `limber show
 * --json` promises its output is a valid catalog file.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "limber/limber.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limber_stretch *st = NULL, *again = NULL;
	char *cause = NULL, *dump;
	json_t *j;

	if (limber_stretch_parse("fuzz.json", (const char *)data, size, &st,
	    &cause) != LIMBER_OK) {
		if (cause == NULL || strncmp(cause, "fuzz.json:", 10) != 0)
			abort();
		free(cause);
		return 0;
	}
	j = limber_stretch_to_json(st);
	dump = json_dumps(j, JSON_COMPACT);
	if (dump == NULL || limber_stretch_parse("again.json", dump,
	    strlen(dump), &again, &cause) != LIMBER_OK)
		abort();
	if (strcmp(again->id, st->id) != 0 || again->nsteps != st->nsteps)
		abort();
	free(dump);
	json_decref(j);
	limber_stretch_free(again);
	limber_stretch_free(st);
	return 0;
}
