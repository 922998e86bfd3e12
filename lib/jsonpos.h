/*
 * jsonpos.h - positions of the values of a JSON text (internal).
 */
#ifndef LIMBER_JSONPOS_H
#define LIMBER_JSONPOS_H

#include <stdbool.h>
#include <stddef.h>

struct jsonpos_entry {
	char *path;	/* "" for the root, "a.b[2].c" below it */
	int line, col;	/* 1-based; columns count characters */
};

struct jsonpos {
	struct jsonpos_entry *e;
	size_t n, cap;
};

/* Record where every value of text starts. Never fails; see jsonpos.c. */
void jsonpos_scan(struct jsonpos *jp, const char *text, size_t len);
/* Where the value at path starts; false when it was not recorded. */
bool jsonpos_find(const struct jsonpos *jp, const char *path, int *line,
    int *col);
void jsonpos_release(struct jsonpos *jp);

#endif
