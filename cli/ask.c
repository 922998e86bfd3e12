/*
 * ask.c - reading one typed answer (ask.h).
 */
#include <ctype.h>

#include "ask.h"
#include "util.h"

enum cli_ask
cli_ask_line(char *buf, size_t size)
{
	size_t len;
	char *p;
	int c;

	fflush(stdout);
	if (fgets(buf, (int)size, stdin) == NULL)
		return CLI_ASK_EOF;
	len = strlen(buf);
	if (len > 0 && buf[len - 1] != '\n' && !feof(stdin)) {
		while ((c = getchar()) != EOF && c != '\n')
			;
		return CLI_ASK_BAD;
	}
	while (len > 0 && isspace((unsigned char)buf[len - 1]))
		buf[--len] = '\0';
	for (p = buf; isspace((unsigned char)*p); p++)
		;
	memmove(buf, p, strlen(p) + 1);
	return CLI_ASK_OK;
}
