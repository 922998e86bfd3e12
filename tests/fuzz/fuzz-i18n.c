/*
 * fuzz-i18n.c - libFuzzer harness for util/i18n.c's two readers: a .mo
 * file (its header, its tables' offsets and lengths, their order) and a
 * Plural-Forms expression. The languages are built in from msgfmt's own
 * output, but the reader checks them as if they came from anywhere.
 *
 * The whole input is read as a .mo file: refused, or every text in it is
 * found again by the lookup. Each of its lines is read as an expression
 * and evaluated for a few numbers: a form from 0 to 100, or refused; any
 * input may be, but none may crash, read out of bounds or recurse without
 * end.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned long ns[] = { 0, 1, 2, 5, 11, 101, 1000000 };
	char *text = xmalloc(size + 1), *line, *next;
	long form;

	(void)i18n_mo_check(data, size);
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = text; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		for (size_t i = 0; i < nitems(ns); i++) {
			form = i18n_plural_eval(line, ns[i]);
			if (form < -1 || form > 100)
				abort();
		}
	}
	free(text);
	return 0;
}
