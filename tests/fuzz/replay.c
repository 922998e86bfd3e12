/*
 * replay.c - run a fuzz harness over every file of a corpus folder.
 *
 * Lets the normal (gcc, sanitizer) builds replay the committed corpus and
 * past crashes as regression tests, without clang's libFuzzer.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
not_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

int
main(int argc, char **argv)
{
	struct dirent **names;
	int n, ran = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: replay CORPUS-DIR\n");
		return 2;
	}
	n = scandir(argv[1], &names, not_hidden, alphasort);
	if (n < 0) {
		perror(argv[1]);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", argv[1], names[i]->d_name);
		char *cause = NULL, *data;
		size_t len;

		data = util_read_file(path, 1 << 20, &len, &cause);
		if (data == NULL) {
			fprintf(stderr, "%s\n", cause);
			return 1;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		ran++;
		free(data);
		free(path);
		free(names[i]);
	}
	free(names);
	printf("replayed %d inputs from %s\n", ran, argv[1]);
	return ran > 0 ? 0 : 1;
}
