/*
 * fake-mhd.c - the few libmicrohttpd calls web/ makes, without a socket.
 *
 * fuzz-http.c links the server's own files (server.c, route-*.c) against
 * this instead of libmicrohttpd, so that every route's query and body go
 * through the same admission checks and handlers as on the wire, at
 * libFuzzer's speed and with a record of the answer to check. HTTP
 * framing itself is libmicrohttpd's, a well-fuzzed library; what limber
 * adds on top is what is driven here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "fake-mhd.h"
#include "util.h"

struct MHD_Response {
	char *data;
	size_t len;
	bool must_free;
	struct fake_header headers[16];
	size_t nheaders;
};

struct MHD_Response *
MHD_create_response_from_buffer(size_t size, void *buffer,
    enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r = xcalloc(1, sizeof *r);

	r->data = buffer;
	r->len = size;
	r->must_free = mode == MHD_RESPMEM_MUST_FREE;
	if (mode == MHD_RESPMEM_MUST_COPY) {
		r->data = xmalloc(size);
		memcpy(r->data, buffer, size);
		r->must_free = true;
	}
	return r;
}

enum MHD_Result
MHD_add_response_header(struct MHD_Response *r, const char *name,
    const char *value)
{
	if (r->nheaders == nitems(r->headers))
		abort();	/* more headers than any route sends */
	r->headers[r->nheaders].name = xstrdup(name);
	r->headers[r->nheaders].value = xstrdup(value);
	r->nheaders++;
	return MHD_YES;
}

void
MHD_destroy_response(struct MHD_Response *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	if (r->must_free)
		free(r->data);
	free(r);
}

enum MHD_Result
MHD_queue_response(struct MHD_Connection *c, unsigned int status,
    struct MHD_Response *r)
{
	/* One answer per request, as libmicrohttpd insists. */
	if (c->status != 0)
		abort();
	c->status = status;
	c->body = xmalloc(r->len + 1);
	/* An empty answer (a 204) may have no buffer at all. */
	if (r->len > 0)
		memcpy(c->body, r->data, r->len);
	c->body[r->len] = '\0';
	c->len = r->len;
	for (size_t i = 0; i < r->nheaders; i++) {
		if (strcasecmp(r->headers[i].name, "Content-Type") == 0) {
			free(c->type);
			c->type = xstrdup(r->headers[i].value);
		}
	}
	return MHD_YES;
}

static const struct fake_header *
values(struct MHD_Connection *c, enum MHD_ValueKind kind, size_t *n)
{
	switch (kind) {
	case MHD_HEADER_KIND:
		*n = c->nheaders;
		return c->headers;
	case MHD_GET_ARGUMENT_KIND:
		*n = c->nargs;
		return c->args;
	case MHD_COOKIE_KIND:
		*n = c->ncookies;
		return c->cookies;
	default:
		*n = 0;
		return NULL;
	}
}

const char *
MHD_lookup_connection_value(struct MHD_Connection *c,
    enum MHD_ValueKind kind, const char *key)
{
	size_t n;
	const struct fake_header *h = values(c, kind, &n);

	for (size_t i = 0; i < n; i++) {
		/* Header names are case-blind; arguments and cookies not. */
		if (kind == MHD_HEADER_KIND ? strcasecmp(h[i].name, key) == 0 :
		    strcmp(h[i].name, key) == 0)
			return h[i].value;
	}
	return NULL;
}

int
MHD_get_connection_values(struct MHD_Connection *c, enum MHD_ValueKind kind,
    MHD_KeyValueIterator it, void *cls)
{
	size_t n;
	const struct fake_header *h = values(c, kind, &n);
	int done = 0;

	for (size_t i = 0; i < n; i++) {
		done++;
		if (it != NULL && it(cls, kind, h[i].name, h[i].value) != MHD_YES)
			break;
	}
	return done;
}

void
MHD_suspend_connection(struct MHD_Connection *c)
{
	c->suspended = true;
}

void
MHD_resume_connection(struct MHD_Connection *c)
{
	c->suspended = false;
	c->resumed = true;
}

/* web_serve is linked in but never called by the harness. */
struct MHD_Daemon *
MHD_start_daemon(unsigned int flags, uint16_t port,
    MHD_AcceptPolicyCallback apc, void *apc_cls,
    MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
	abort();
}

void
MHD_stop_daemon(struct MHD_Daemon *d)
{
	abort();
}
