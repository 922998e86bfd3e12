/*
 * jsonpos.h - where a value of a JSON text starts (internal).
 */
#ifndef LIMBER_JSONPOS_H
#define LIMBER_JSONPOS_H

#include <stddef.h>

/*
 * The line and column (1-based; columns count characters) where the value
 * at path ("" for the root, "a.b[2].c" below it) starts in text, or, when
 * it is not there, where its nearest parent starts: a missing key is placed
 * where its object starts, and 1:1 when nothing is found. The text is
 * scanned for path alone, each time: call it for a fault, not for every
 * value. Never fails; see jsonpos.c.
 */
void jsonpos_locate(const char *text, size_t len, const char *path, int *line,
    int *col);
/*
 * A fault in the file name, as "name:line:col: path: what" ("name:line:col:
 * what" for the root's), placed by jsonpos_locate; to be freed.
 */
char *jsonpos_fault(const char *name, const char *text, size_t len,
    const char *path, const char *what);

#endif
