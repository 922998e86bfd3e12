/*
 * web-module.h - the web server module's table (limber-web.so).
 *
 * libevent (evhttp) and libqrencode come into `limber`
 * only through this module, loaded by `limber serve` (util/module.h says
 * why). web-module.c, in the module, fills the table with server.c's and
 * qr.c's functions; web-proxy.c, in the program, defines web.h's names
 * for them and forwards each call. The module draws and speaks through
 * the program's proxies (render/draw-proxy.c, voice/voice-proxy.c), so a
 * server maps cairo or espeak-ng only once a figure or a voice is asked
 * for.
 */
#ifndef LIMBER_WEB_MODULE_H
#define LIMBER_WEB_MODULE_H

#include "web.h"

struct web_module {
	enum limber_status (*serve)(struct limber_catalog *cat,
	    struct limber_journal *journal, const struct web_opts *o,
	    int *signo, char **cause);
	bool (*qr)(const char *text, int *width, unsigned char **dark);
};

/* The module's one exported symbol. */
#define WEB_MODULE_ENTRY "limber_web_module"
__attribute__((visibility("default"))) const void *limber_web_module(void);

#endif /* LIMBER_WEB_MODULE_H */
