/*
 * noweb.c - `limber serve` in a build without libmicrohttpd: it says so.
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
	*cause = xstrdup("this limber was built without the web server "
	    "(libmicrohttpd was missing); install libmicrohttpd-dev and "
	    "build again");
	return LIMBER_ERR_INVALID;
}

const char *
web_feature(void)
{
	return "no web server (built without libmicrohttpd)";
}

bool
web_qr(const char *text, int *width, unsigned char **dark)
{
	(void)text;
	*width = 0;
	*dark = NULL;
	return false;
}
