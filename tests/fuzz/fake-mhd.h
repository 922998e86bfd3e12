/*
 * fake-mhd.h - the connection the fake libmicrohttpd (fake-mhd.c) gives
 * the server: the request's values as the harness parsed them, and the
 * one answer the server queued.
 */
#ifndef LIMBER_FAKE_MHD_H
#define LIMBER_FAKE_MHD_H

#include <stdbool.h>
#include <stddef.h>

struct fake_header {
	char *name;
	char *value;
};

#define FAKE_MAX_VALUES 32

struct MHD_Connection {
	struct fake_header headers[FAKE_MAX_VALUES];
	size_t nheaders;
	struct fake_header args[FAKE_MAX_VALUES];
	size_t nargs;
	struct fake_header cookies[FAKE_MAX_VALUES];
	size_t ncookies;
	bool suspended, resumed;

	/* The answer. */
	unsigned status;	/* 0: none yet */
	char *type;
	char *body;
	size_t len;
};

#endif
