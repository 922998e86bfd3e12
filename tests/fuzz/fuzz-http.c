/*
 * fuzz-http.c - libFuzzer harness for everything `limber serve` reads from
 * a request: the Host, the token (header, cookie or ?token=), the
 * Origin and Content-Type checks, the body cap, the JSON bodies of every
 * POST route and the query of every GET route.
 *
 * The input is a request in a simple text form: a first byte of flags
 * (bit 0: --lan), then "METHOD TARGET" on a line, header lines, a blank
 * line and the body. The server's own callbacks (web_on_request and
 * web_on_resume, server.c) run it through fake-evhttp.c, with the built-in
 * catalog and a real journal in a private temporary folder. Methods that
 * libevent does not know are answered by libevent, and skipped here.
 *
 * Besides not crashing, leaking or hanging, every request must get exactly
 * one answer, a JSON answer must be valid JSON with an "error" exactly
 * when it is a 4xx or 5xx, the journal must never fail (no 500), and
 * nothing is ever answered without the checks: on loopback a request
 * whose Host is not ours gets 403, and then, on loopback and with --lan
 * alike, a request without the right token gets 401.
 */
#define LIMBER_WEB_INTERNAL
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "web.h"
#include "fake-evhttp.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TOKEN "00112233445566778899aabbccddeeff"
#define PORT 8765
/* A fresh journal every so many inputs, so that it stays small. */
#define JOURNAL_RUNS 256

static struct web w;

#define FAKE_MAX_VALUES 32

struct fake_header {
	char *name;
	char *value;
};

/* The request as the harness reads it, to check the answer against. */
struct oracle {
	struct fake_header headers[FAKE_MAX_VALUES];
	size_t nheaders;
	struct fake_header args[FAKE_MAX_VALUES];
	size_t nargs;
	struct fake_header cookies[FAKE_MAX_VALUES];
	size_t ncookies;
};
static char dir[64];
static char path[96];
static unsigned runs;

static void
journal_fresh(void)
{
	char *cause = NULL;

	/* Its sessions' recorders write to the journal closed here. */
	web_sessions_free(&w);
	limber_journal_close(w.journal);
	w.journal = NULL;
	if (path[0] != '\0') {
		char side[128];

		unlink(path);
		snprintf(side, sizeof side, "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", path);
		unlink(side);
	}
	web_context_release(&w.ctx);
	memset(&w.ctx, 0, sizeof w.ctx);
	snprintf(path, sizeof path, "%s/journal.db", dir);
	if (limber_journal_open(path, LIMBER_JOURNAL_CREATE, &w.journal,
	    &cause) != LIMBER_OK) {
		fprintf(stderr, "fuzz-http: %s\n", cause);
		abort();
	}
}

static void
cleanup(void)
{
	pthread_mutex_lock(&w.lock);
	web_session_interrupt(&w, "the end of the fuzz run");
	web_sessions_free(&w);
	pthread_mutex_unlock(&w.lock);
	web_context_release(&w.ctx);
	limber_journal_close(w.journal);
	unlink(path);
	rmdir(dir);
	limber_catalog_free(w.cat);
}

static void
setup(void)
{
	char *cause = NULL;
	struct timespec ts;

	snprintf(dir, sizeof dir, "/tmp/limber-fuzz-http.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		abort();
	}
	if (limber_catalog_builtin(&w.cat, &cause) != LIMBER_OK)
		abort();
	memcpy(w.token, TOKEN, sizeof TOKEN);
	w.port = PORT;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	w.t0_ns = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	w.speed = 1;
	pthread_mutex_init(&w.lock, NULL);
	pthread_mutex_init(&w.conns_lock, NULL);
	pthread_cond_init(&w.wake, NULL);
	w.loops[0].w = &w;
	journal_fresh();
	atexit(cleanup);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decoding as the server does it, '+' as a space in queries. */
static char *
decode(const char *s, size_t n, bool query)
{
	char *out = xmalloc(n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			*o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else if (query && s[i] == '+') {
			*o++ = ' ';
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

static void
add(struct fake_header *v, size_t *n, char *name, char *value)
{
	if (*n == FAKE_MAX_VALUES) {
		free(name);
		free(value);
		return;
	}
	v[*n].name = name;
	v[*n].value = value;
	(*n)++;
}

static void
parse_query(struct oracle *c, const char *q, size_t n)
{
	while (n > 0) {
		size_t len = 0, eq;

		while (len < n && q[len] != '&')
			len++;
		for (eq = 0; eq < len && q[eq] != '='; eq++)
			;
		if (len > 0)
			add(c->args, &c->nargs, decode(q, eq, true), eq < len ?
			    decode(q + eq + 1, len - eq - 1, true) : NULL);
		q += len;
		n -= len;
		if (n > 0) {
			q++;
			n--;
		}
	}
}

static void
parse_cookies(struct oracle *c, const char *s)
{
	while (*s != '\0') {
		size_t len = strcspn(s, ";"), eq;

		while (*s == ' ' && len > 0) {
			s++;
			len--;
		}
		eq = strcspn(s, "=");
		if (eq < len)
			add(c->cookies, &c->ncookies, xstrndup(s, eq),
			    xstrndup(s + eq + 1, len - eq - 1));
		s += len;
		if (*s == ';')
			s++;
	}
}

static const char *
value_of(const struct fake_header *v, size_t n, const char *name, bool fold)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i].value != NULL && (fold ? strcasecmp(v[i].name,
		    name) : strcmp(v[i].name, name)) == 0)
			return v[i].value;
	}
	return NULL;
}

/* What the server must have seen: the right token, by any of its ways. */
static bool
has_token(const struct oracle *c)
{
	const char *h = value_of(c->headers, c->nheaders, "X-Limber-Token",
	    true);
	const char *k = value_of(c->cookies, c->ncookies, "limber_token_8765",
	    false);
	const char *a = value_of(c->args, c->nargs, "token", false);

	return (h != NULL && strcmp(h, TOKEN) == 0) ||
	    (k != NULL && strcmp(k, TOKEN) == 0) ||
	    (a != NULL && strcmp(a, TOKEN) == 0);
}

static bool
host_ours(const struct oracle *c)
{
	const char *h = value_of(c->headers, c->nheaders, "Host", true);

	return h != NULL && (strcasecmp(h, "127.0.0.1:8765") == 0 ||
	    strcasecmp(h, "localhost:8765") == 0);
}

static void
check_answer(const struct oracle *c, const struct evhttp_request *r, bool lan)
{
	json_t *j, *err;

	if (r->status < 200 || r->status > 599)
		abort(); /* none, or not one HTTP knows */
	if (r->status == 500)
		abort();	/* the journal or an answer failed */
	if (!lan && !host_ours(c)) {
		if (r->status != 403)
			abort(); /* answered a foreign Host */
	} else if (!has_token(c) && r->status != 401)
		abort(); /* answered without the token */
	/* A HEAD's answer has the headers alone. */
	if (r->type == EVHTTP_REQ_HEAD || r->type_header == NULL ||
	    strncmp(r->type_header, "application/json", 16) != 0)
		return;
	j = json_loadb(r->answer, r->len, 0, NULL);
	if (j == NULL)
		abort();
	err = json_object_get(j, "error");
	if ((r->status >= 400) != (err != NULL && json_is_string(err)))
		abort();
	json_decref(j);
}

static void
conn_free(struct oracle *c)
{
	for (size_t i = 0; i < c->nheaders; i++) {
		free(c->headers[i].name);
		free(c->headers[i].value);
	}
	for (size_t i = 0; i < c->nargs; i++) {
		free(c->args[i].name);
		free(c->args[i].value);
	}
	for (size_t i = 0; i < c->ncookies; i++) {
		free(c->cookies[i].name);
		free(c->cookies[i].value);
	}
}

/* The methods libevent takes (evhttp_set_allowed_methods, server.c). */
static enum evhttp_cmd_type
method_type(const char *m)
{
	static const struct {
		const char *name;
		enum evhttp_cmd_type type;
	} methods[] = {
		{ "GET", EVHTTP_REQ_GET },
		{ "POST", EVHTTP_REQ_POST },
		{ "HEAD", EVHTTP_REQ_HEAD },
		{ "PUT", EVHTTP_REQ_PUT },
		{ "DELETE", EVHTTP_REQ_DELETE },
		{ "OPTIONS", EVHTTP_REQ_OPTIONS },
		{ "TRACE", EVHTTP_REQ_TRACE },
		{ "CONNECT", EVHTTP_REQ_CONNECT },
		{ "PATCH", EVHTTP_REQ_PATCH },
	};

	for (size_t i = 0; i < nitems(methods); i++) {
		if (strcmp(m, methods[i].name) == 0)
			return methods[i].type;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct oracle c;
	static struct evhttp_request r;
	const char *p = (const char *)data + 1, *end = (const char *)data + size;
	const char *nl, *sp, *q, *body;
	const char *cookie;
	char *method, *url;
	bool lan;

	if (size < 1)
		return 0;
	if (w.cat == NULL)
		setup();
	if (++runs % JOURNAL_RUNS == 0)
		journal_fresh();
	lan = data[0] & 1;
	w.lan = lan;

	/* The request line. */
	nl = memchr(p, '\n', (size_t)(end - p));
	if (nl == NULL)
		nl = end;
	sp = memchr(p, ' ', (size_t)(nl - p));
	if (sp == NULL)
		return 0;
	method = xstrndup(p, (size_t)(sp - p));
	if (method_type(method) == 0 ||
	    memchr(sp + 1, '\0', (size_t)(nl - sp - 1)) != NULL) {
		free(method);
		return 0;
	}
	memset(&c, 0, sizeof c);
	fake_request_init(&r);
	r.type = method_type(method);
	q = memchr(sp + 1, '?', (size_t)(nl - sp - 1));
	r.uri.path = xstrndup(sp + 1, (size_t)((q != NULL ? q : nl) - sp - 1));
	if (q != NULL)
		r.uri.query = xstrndup(q + 1, (size_t)(nl - q - 1));
	url = decode(sp + 1, (size_t)((q != NULL ? q : nl) - sp - 1), false);
	if (q != NULL)
		parse_query(&c, q + 1, (size_t)(nl - q - 1));

	/* Headers, to a blank line; the rest is the body. */
	p = nl < end ? nl + 1 : end;
	while (p < end) {
		const char *colon, *v;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (nl == p) {
			p++;
			break;
		}
		colon = memchr(p, ':', (size_t)(nl - p));
		if (colon != NULL) {
			for (v = colon + 1; v < nl && *v == ' '; v++)
				;
			size_t had = c.nheaders;

			add(c.headers, &c.nheaders, xstrndup(p,
			    (size_t)(colon - p)), xstrndup(v, (size_t)(nl - v)));
			/* The server sees the headers the checks count. */
			if (c.nheaders > had)
				evhttp_add_header(&r.in, c.headers[had].name,
				    c.headers[had].value);
		}
		p = nl < end ? nl + 1 : end;
	}
	body = p;
	cookie = value_of(c.headers, c.nheaders, "Cookie", true);
	if (cookie != NULL)
		parse_cookies(&c, cookie);

	/* The call libevent makes, once the whole request is in. */
	r.body.len = (size_t)(end - body);
	r.body.data = xmalloc(r.body.len + 1);
	if (r.body.len > 0)
		memcpy(r.body.data, body, r.body.len);
	fake_current = &r;
	web_on_request(&r, &w.loops[0]);
	if (r.status == 0) {
		/* A long poll: wake it as new cues or its time would. */
		pthread_mutex_lock(&w.lock);
		web_resume_waiters(&w);
		pthread_mutex_unlock(&w.lock);
		if (!r.woken)
			abort(); /* held, and never to be woken */
		web_on_resume(-1, 0, &w.loops[0]);
	}
	fake_current = NULL;
	check_answer(&c, &r, lan);
	/* LIMBER_FUZZ_VERBOSE=1: each answer, to see what a corpus reaches. */
	if (getenv("LIMBER_FUZZ_VERBOSE") != NULL)
		fprintf(stderr, "%s %s -> %u %.120s\n", method, url, r.status,
		    r.answer != NULL ? r.answer : "");

	/*
	 * Let the session's clock run, and write the records that wait (a
	 * warning's, after its answer), as the timer thread would.
	 */
	pthread_mutex_lock(&w.lock);
	web_session_tick(&w);
	if (web_records_deadline(&w) != INT64_MAX)
		(void)web_records_flush(&w, 0);
	pthread_mutex_unlock(&w.lock);

	conn_free(&c);
	fake_request_free(&r);
	free(method);
	free(url);
	return 0;
}
