/*
 * fuzz-import.c - libFuzzer harness for the journal's import parser.
 *
 * `limber import` reads a file a person may have edited by hand; any bytes
 * must give a clean check or an error that names the file, never a crash,
 * a leak or a read past the end. With no journal the text is only checked,
 * which is the same parser the real import runs before it writes.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "limber/limber.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 2026-12-01 00:00:00 UTC: after every time in the corpus but one's. */
#define FUZZ_NOW ((int64_t)1796083200)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limber_import_counts counts;
	char *cause = NULL;

	/* A fixed now: the same bytes always give the same answer. */
	if (limber_journal_import(NULL, "fuzz.json", (const char *)data, size,
		FUZZ_NOW, &counts, &cause) != LIMBER_OK) {
		if (cause == NULL || strncmp(cause, "fuzz.json", 9) != 0)
			abort();
		free(cause);
	}
	return 0;
}
