/*
 * fake-evhttp.c - the few libevent calls web/ makes, without a socket.
 *
 * fuzz-http.c links the server's own files (server.c, route-*.c) against
 * this instead of libevent, so that every route's query and body go
 * through the same admission checks and handlers as on the wire, at
 * libFuzzer's speed and with a record of the answer to check. HTTP
 * framing itself is libevent's; what limber adds on top is what is
 * driven here.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <event2/thread.h>

#include "fake-evhttp.h"
#include "util.h"

struct evhttp_request *fake_current;

void
fake_request_init(struct evhttp_request *r)
{
	memset(r, 0, sizeof *r);
	TAILQ_INIT(&r->in);
	TAILQ_INIT(&r->out);
}

static void
clear(struct evkeyvalq *q)
{
	struct evkeyval *kv;

	while ((kv = TAILQ_FIRST(q)) != NULL) {
		TAILQ_REMOVE(q, kv, next);
		free(kv->key);
		free(kv->value);
		free(kv);
	}
}

void
fake_request_free(struct evhttp_request *r)
{
	clear(&r->in);
	clear(&r->out);
	free(r->uri.path);
	free(r->uri.query);
	free(r->body.data);
	free(r->type_header);
	free(r->answer);
}

/* ------------------------------------------------------------------ */
/* The request.                                                        */

const struct evhttp_uri *
evhttp_request_get_evhttp_uri(const struct evhttp_request *req)
{
	return &req->uri;
}

const char *
evhttp_uri_get_path(const struct evhttp_uri *uri)
{
	return uri->path;
}

const char *
evhttp_uri_get_query(const struct evhttp_uri *uri)
{
	return uri->query;
}

enum evhttp_cmd_type
evhttp_request_get_command(const struct evhttp_request *req)
{
	return req->type;
}

struct evkeyvalq *
evhttp_request_get_input_headers(struct evhttp_request *req)
{
	return &req->in;
}

struct evkeyvalq *
evhttp_request_get_output_headers(struct evhttp_request *req)
{
	return &req->out;
}

const char *
evhttp_find_header(const struct evkeyvalq *q, const char *key)
{
	struct evkeyval *kv;

	for (kv = TAILQ_FIRST(q); kv != NULL; kv = TAILQ_NEXT(kv, next)) {
		if (strcasecmp(kv->key, key) == 0)
			return kv->value;
	}
	return NULL;
}

int
evhttp_add_header(struct evkeyvalq *q, const char *key, const char *value)
{
	struct evkeyval *kv = xcalloc(1, sizeof *kv);

	kv->key = xstrdup(key);
	kv->value = xstrdup(value);
	TAILQ_INSERT_TAIL(q, kv, next);
	return 0;
}

struct evbuffer *
evhttp_request_get_input_buffer(struct evhttp_request *req)
{
	return &req->body;
}

struct evhttp_connection *
evhttp_request_get_connection(struct evhttp_request *req)
{
	(void)req;
	return NULL;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* As libevent's: %XX decoded, '+' a space when decode_plus. */
char *
evhttp_uridecode(const char *s, int decode_plus, size_t *size_out)
{
	size_t n = strlen(s);
	char *out = xmalloc(n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
		    hexval(s[i + 2]) >= 0) {
			*o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else if (decode_plus && s[i] == '+') {
			*o++ = ' ';
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	if (size_out != NULL)
		*size_out = (size_t)(o - out);
	return out;
}

/* ------------------------------------------------------------------ */
/* Buffers and the answer.                                             */

size_t
evbuffer_get_length(const struct evbuffer *b)
{
	return b->len;
}

unsigned char *
evbuffer_pullup(struct evbuffer *b, ev_ssize_t size)
{
	(void)size;
	return (unsigned char *)b->data;
}

struct evbuffer *
evbuffer_new(void)
{
	return xcalloc(1, sizeof(struct evbuffer));
}

void
evbuffer_free(struct evbuffer *b)
{
	free(b->data);
	free(b);
}

int
evbuffer_add_reference(struct evbuffer *b, const void *data, size_t len,
    evbuffer_ref_cleanup_cb cleanup, void *arg)
{
	b->data = xreallocarray(b->data, b->len + len + 1, 1);
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	if (cleanup != NULL)
		cleanup(data, len, arg);
	return 0;
}

void
evhttp_send_reply(struct evhttp_request *req, int code, const char *reason,
    struct evbuffer *b)
{
	const char *type = evhttp_find_header(&req->out, "Content-Type");

	(void)reason;
	/* One answer per request. */
	if (req->status != 0)
		abort();
	req->status = (unsigned)code;
	req->answer = xmalloc(b->len + 1);
	if (b->len > 0)
		memcpy(req->answer, b->data, b->len);
	req->answer[b->len] = '\0';
	req->len = b->len;
	free(req->type_header);
	req->type_header = type != NULL ? xstrdup(type) : NULL;
}

void
event_active(struct event *ev, int res, short ncalls)
{
	(void)ev;
	(void)res;
	(void)ncalls;
	if (fake_current != NULL)
		fake_current->woken = true;
}

/* ------------------------------------------------------------------ */
/* web_serve is linked in but never called by the harness.             */

#define NEVER(ret, name, ...) \
	ret name(__VA_ARGS__) \
	{ \
		abort(); \
	}

NEVER(struct event_base *, event_base_new, void)
NEVER(struct evhttp *, evhttp_new, struct event_base *b)
NEVER(struct event *, event_new, struct event_base *b, evutil_socket_t fd,
    short what, event_callback_fn cb, void *arg)
NEVER(void, evhttp_set_gencb, struct evhttp *h,
    void (*cb)(struct evhttp_request *, void *), void *arg)
NEVER(void, evhttp_set_bevcb, struct evhttp *h,
    struct bufferevent *(*cb)(struct event_base *, void *), void *arg)
NEVER(void, evhttp_set_allowed_methods, struct evhttp *h, ev_uint16_t m)
NEVER(void, evhttp_set_timeout, struct evhttp *h, int s)
NEVER(void, evhttp_set_max_headers_size, struct evhttp *h, ev_ssize_t n)
NEVER(void, evhttp_set_max_body_size, struct evhttp *h, ev_ssize_t n)
NEVER(int, evutil_make_socket_nonblocking, evutil_socket_t fd)
NEVER(struct evconnlistener *, evconnlistener_new, struct event_base *b,
    evconnlistener_cb cb, void *arg, unsigned flags, int backlog,
    evutil_socket_t fd)
NEVER(struct evhttp_bound_socket *, evhttp_bind_listener, struct evhttp *h,
    struct evconnlistener *l)
NEVER(void, evconnlistener_free, struct evconnlistener *l)
NEVER(void, evhttp_free, struct evhttp *h)
NEVER(void, event_free, struct event *e)
NEVER(void, event_base_free, struct event_base *b)
NEVER(int, event_base_dispatch, struct event_base *b)
NEVER(int, event_base_loopexit, struct event_base *b, const struct timeval *tv)
NEVER(void, libevent_global_shutdown, void)
NEVER(int, evthread_use_pthreads, void)
NEVER(void, event_set_log_callback, event_log_cb cb)
NEVER(void, bufferevent_getcb, struct bufferevent *bev, bufferevent_data_cb *r,
    bufferevent_data_cb *w, bufferevent_event_cb *e, void **arg)
NEVER(struct bufferevent *, bufferevent_socket_new, struct event_base *b,
    evutil_socket_t fd, int options)
NEVER(void, bufferevent_free, struct bufferevent *bev)
NEVER(int, event_base_once, struct event_base *b, evutil_socket_t fd,
    short what, event_callback_fn cb, void *arg, const struct timeval *tv)
NEVER(void, evhttp_connection_get_peer, struct evhttp_connection *c,
    char **address, ev_uint16_t *port)
NEVER(void, evhttp_connection_free, struct evhttp_connection *c)
NEVER(void, evhttp_connection_set_closecb, struct evhttp_connection *c,
    void (*cb)(struct evhttp_connection *, void *), void *arg)
