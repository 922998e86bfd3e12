/*
 * fake-evhttp.h - the request the fake libevent (fake-evhttp.c) gives the
 * server: the request as the harness wrote it, and the one answer the
 * server sent.
 */
#ifndef LIMBER_FAKE_EVHTTP_H
#define LIMBER_FAKE_EVHTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/queue.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

struct evhttp_uri {
	char *path;  /* as sent, not decoded */
	char *query; /* NULL: none */
};

struct evbuffer {
	char *data;
	size_t len;
};

struct evhttp_request {
	enum evhttp_cmd_type type;
	struct evhttp_uri uri;
	struct evkeyvalq in, out;
	struct evbuffer body;

	/* The answer. */
	unsigned status;   /* 0: none yet */
	char *type_header; /* its Content-Type */
	char *answer;
	size_t len;
	/* event_active was called: a long poll was resumed. */
	bool woken;
};

/* A request to fill in; fake_request_free frees it and its answer. */
void fake_request_init(struct evhttp_request *r);
void fake_request_free(struct evhttp_request *r);
/* The request event_active woke, for the harness to look at. */
extern struct evhttp_request *fake_current;

#endif
