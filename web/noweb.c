/*
 * noweb.c - `limber serve` in a build without libevent: it says so.
 */
#include "web.h"
#include "util.h"

enum limber_status
web_serve(struct limber_catalog *cat, struct limber_journal *journal,
    const struct web_opts *o, int *signo, char **cause)
{
	(void)cat;
	(void)journal;
	(void)o;
	*signo = 0;
	*cause = xstrdup(
	    "this limber was built without the web server "
	    "(libevent was missing); install libevent-dev and build again");
	return LIMBER_ERR_INVALID;
}

const char *
web_feature(void)
{
	return "no web server (built without libevent)";
}

bool
web_qr(const char *text, int *width, unsigned char **dark)
{
	(void)text;
	*width = 0;
	*dark = NULL;
	return false;
}
