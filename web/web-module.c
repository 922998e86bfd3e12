/*
 * web-module.c - the entry of limber-web.so (web-module.h).
 *
 * The module is built with hidden symbols: only this function is seen
 * from outside, so the module's calls to its own functions stay inside
 * it, and the names web.h gives them belong to the program's proxies.
 */
#include "util.h"
#include "web-module.h"

static const struct web_module table = {
	.serve = web_serve,
#ifdef LIMBER_QRENCODE
	.qr = web_qr,
#endif
};

const void *
limber_web_module(void)
{
	return &table;
}
