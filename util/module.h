/*
 * module.h - the parts of `limber` loaded on first use: drawing with cairo
 * (limber-draw.so), the voice (limber-voice.so) and the web server
 * (limber-web.so).
 *
 * The program links only libc, SQLite and jansson, so that the commands
 * that need nothing more (check, plan, log, history, stats, export,
 * import) start as fast as a trivial program; the modules bring cairo,
 * espeak-ng or libevent when a command first asks for them. Each
 * module exports one entry function that returns its table of functions;
 * the proxies in the program (render/draw-proxy.c, voice/voice-proxy.c,
 * web/web-proxy.c) keep the public names of render.h, voice.h and web.h
 * and forward to the table. A module takes the library's functions from
 * the program (which exports them), so there is one copy of each.
 * docs/benchmarks.md says why modules and not separate programs.
 *
 * A module is looked for in modules/ beside the program's folder (the
 * build tree), then in the folder it is installed in. It is never
 * unloaded: stack traces from valgrind and the sanitizers stay readable.
 */
#ifndef LIMBER_MODULE_H
#define LIMBER_MODULE_H

#include <stdbool.h>

struct util_module {
	const char *file;  /* "limber-draw.so" */
	const char *entry; /* "limber_draw_module" */
	/* Set once, under a lock; read without one after that. */
	const void *table;
	char *error; /* why it could not be loaded */
	bool tried;
};

/*
 * The module's table, loading the module on the first call (safe from
 * any thread). NULL when it cannot be loaded: then *cause, when not NULL,
 * is a malloc'd message naming the file and what dlopen said.
 */
const void *util_module_get(struct util_module *m, char **cause);
/* The table when the module is already loaded, else NULL (no loading). */
const void *util_module_loaded(struct util_module *m);

#endif /* LIMBER_MODULE_H */
