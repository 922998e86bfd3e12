/*
 * ask.h - reading one typed answer, line by line, for the questions that
 * `limber check` and `limber start` ask on a terminal (or from a pipe).
 */
#ifndef LIMBER_CLI_ASK_H
#define LIMBER_CLI_ASK_H

#include <stddef.h>

enum cli_ask {
	CLI_ASK_OK,  /* an answer, in buf */
	CLI_ASK_BAD, /* a line too long for buf: read to its end, not kept */
	CLI_ASK_EOF, /* nothing more to read: the asking is cancelled */
};

/*
 * Read one line from stdin into buf, without the blanks around it. Stdout
 * is flushed first, so that a prompt without a newline shows. A longer
 * line than buf holds is read to its end and refused whole, so that its
 * rest is not taken as the next answer.
 */
enum cli_ask cli_ask_line(char *buf, size_t size);

#endif
