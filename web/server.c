/*
 * server.c - the HTTP server of `limber serve`: the daemon, the route
 * table, the checks every request passes, the timer thread, the shutdown.
 *
 * libevent's evhttp parses HTTP; WEB_LOOPS event loops, each on a thread
 * of its own, take turns to accept on the one listening socket, so that a
 * handler that waits does not hold up every request. This file decides
 * what a request may do before any handler sees it:
 *
 *  - Host: on loopback (the default) the Host header must name this
 *    machine's loopback address or localhost with our port. A web page
 *    elsewhere that points a name of its own at 127.0.0.1 (DNS rebinding)
 *    sends its own name and is refused.
 *  - the token: every request must carry it, on loopback too, since
 *    any other account on this machine can reach 127.0.0.1 (the cookie
 *    the printed address sets, the X-Limber-Token header, or ?token=),
 *    compared in constant time. A browser's visit without it gets a page
 *    that says how to open limber; anything else a JSON 401.
 *  - same origin: a POST must come from this server's own page (an
 *    Origin header equal to http:// and the Host) or carry the token in
 *    X-Limber-Token; its body must be JSON (application/json, which a
 *    plain form on another site cannot send) and at most WEB_BODY_MAX.
 *
 * Then the route table, {method, path, handler}, picks the handler. The
 * listening socket is made here rather than by libevent, so that a port in
 * use is said plainly, and port 0 gives a free port to print. Connections
 * are counted here too (on_accepted, on_close), for the limits.
 *
 * One session engine runs at a time (session.c). The timer thread sleeps
 * on a condition variable until the engine's next deadline (or the end of
 * the soonest long poll), ticks it, and wakes the clients waiting for
 * cues; a server with no session running never wakes. Handlers that touch
 * the engine or the journal hold the one mutex (routes flagged WEB_LOCK).
 * A long poll, once resumed, is answered by its route's handler again, in
 * the thread of the loop that read it: the timer thread wakes that loop
 * (event_active, safe across threads under evthread_use_pthreads).
 */
#define LIMBER_WEB_INTERNAL
#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <event2/thread.h>

#include <limber/record.h>

#include "i18n.h"
#include "module.h"
#include "tls.h"
#include "web.h"
#include "limber/voice.h"
#include "util.h"

#define NS_PER_MS 1000000LL

/* The routes, in the order they are tried. */
static const struct web_route routes[] = {
	{ "GET", "/api/info", web_route_info, 0 },
	{ "GET", "/api/stretches", web_route_stretches, 0 },
	{ "GET", "/api/stretches/:id", web_route_stretch, 0 },
	{ "GET", "/api/stretches/:id/figure", web_route_figure, 0 },
	{ "GET", "/api/stretches/:id/animation", web_route_animation, 0 },
	{ "GET", "/api/questions", web_route_questions, 0 },
	{ "GET", "/api/check", web_route_check_get, WEB_LOCK },
	{ "GET", "/api/today", web_route_today, WEB_LOCK },
	{ "POST", "/api/check", web_route_check_post, WEB_BODY | WEB_LOCK },
	{ "POST", "/api/next-day", web_route_next_day, WEB_BODY | WEB_LOCK },
	{ "GET", "/api/plan", web_route_plan, 0 }, /* locks what it must */
	{ "GET", "/api/session", web_route_session_get, WEB_LOCK },
	{ "POST", "/api/session", web_route_session_start,
	    WEB_BODY | WEB_LOCK },
	{ "POST", "/api/session/input", web_route_session_input,
	    WEB_BODY | WEB_LOCK },
	{ "POST", "/api/session/warning", web_route_session_warning,
	    WEB_BODY | WEB_LOCK },
	{ "POST", "/api/pain", web_route_pain, WEB_BODY | WEB_LOCK },
	{ "POST", "/api/mistake", web_route_mistake, WEB_BODY | WEB_LOCK },
	{ "POST", "/api/measures", web_route_measures, WEB_BODY | WEB_LOCK },
	/* On connections of their own: never behind the engine or a writer. */
	{ "GET", "/api/history", web_route_history, 0 },
	{ "GET", "/api/stats", web_route_stats, 0 },
	{ "GET", "/api/voice", web_route_voice, 0 }, /* locks what it must */
	{ "GET", "/", web_route_page, 0 },
	{ "GET", "/:file", web_route_page, 0 },
};

/* Sent with every answer. */
static const char *const common_headers[][2] = {
	{ "X-Content-Type-Options", "nosniff" },
	{ "Referrer-Policy", "no-referrer" },
	{ "X-Frame-Options", "DENY" },
};

static const char page_csp[] =
    "default-src 'self'; img-src 'self' data:; media-src 'self'; "
    "style-src 'self'; script-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/* ------------------------------------------------------------------ */
/* Time.                                                               */

const char *
web_iso_time(char *buf, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "1970-01-01T00:00:00Z");
	return buf;
}

/* ------------------------------------------------------------------ */
/* Answers.                                                            */

/* What an answer carries besides its body. */
struct answer {
	const char *type;  /* Content-Type */
	const char *cache; /* Cache-Control */
	const char *csp;   /* Content-Security-Policy, or NULL */
	const char *allow; /* Allow (405), or NULL */
};

/*
 * The cookie is named after the port: a browser sends the cookies of
 * 127.0.0.1 to every port, so two servers (another journal, or the
 * tests' many) would otherwise overwrite each other's. It lasts a year
 * because the token does (cmd-serve.c keeps it), so that a bookmark
 * without the token keeps working on this browser.
 */
#define WEB_COOKIE_MAX_AGE (365 * 24 * 3600)

static void
free_body(const void *data, size_t len, void *arg)
{
	(void)len;
	(void)arg;
	free((void *)(uintptr_t)data);
}

/*
 * Send an answer. data is freed once written when must_free, else it
 * lives as long as the program (the page's files). A HEAD gets the
 * headers alone, with the length the body would have: libevent would
 * otherwise send the body after them.
 */
static enum web_result
reply(struct web_req *rq, unsigned status, const struct answer *a,
    const void *data, size_t len, bool must_free)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(rq->req);
	struct evbuffer *buf = evbuffer_new();
	bool head = evhttp_request_get_command(rq->req) == EVHTTP_REQ_HEAD;
	char num[32];

	rq->answered = true;
	rq->ret = WEB_NO;
	if (buf == NULL) {
		if (must_free)
			free((void *)(uintptr_t)data);
		return rq->ret;
	}
	for (size_t i = 0; i < nitems(common_headers); i++)
		evhttp_add_header(h, common_headers[i][0],
		    common_headers[i][1]);
	evhttp_add_header(h, "Content-Type", a->type);
	evhttp_add_header(h, "Cache-Control", a->cache);
	/*
	 * Words are in the language Accept-Language asked for (the page's
	 * files too may be), so a cache must not give one browser's answer
	 * to another that asks for another language.
	 */
	evhttp_add_header(h, "Vary", "Accept-Language");
	if (a->csp != NULL)
		evhttp_add_header(h, "Content-Security-Policy", a->csp);
	if (a->allow != NULL)
		evhttp_add_header(h, "Allow", a->allow);
	if (rq->set_cookie) {
		char cookie[160];

		snprintf(cookie, sizeof cookie,
		    "limber_token_%d=%s; Path=/; Max-Age=%d; HttpOnly; "
		    "SameSite=Strict%s",
		    rq->w->port, rq->w->token, WEB_COOKIE_MAX_AGE,
		    rq->w->tls != NULL ? "; Secure" : "");
		evhttp_add_header(h, "Set-Cookie", cookie);
	}
	/* A refusal closes the connection, as it did before the body. */
	if (rq->close)
		evhttp_add_header(h, "Connection", "close");
	if (head) {
		snprintf(num, sizeof num, "%zu", len);
		evhttp_add_header(h, "Content-Length", num);
		if (must_free)
			free((void *)(uintptr_t)data);
	} else if (evbuffer_add_reference(buf, data, len,
		       must_free ? free_body : NULL, NULL) != 0) {
		if (must_free)
			free((void *)(uintptr_t)data);
		evbuffer_free(buf);
		return rq->ret;
	}
	evhttp_send_reply(rq->req, (int)status, NULL, buf);
	evbuffer_free(buf);
	rq->ret = WEB_YES;
	return rq->ret;
}

enum web_result
web_respond_bytes(struct web_req *rq, unsigned status, const char *type,
    char *data, size_t len)
{
	const struct answer a = { type, "no-store", NULL, NULL };

	return reply(rq, status, &a, data, len, true);
}

enum web_result
web_respond_json(struct web_req *rq, unsigned status, json_t *json)
{
	char *text = json != NULL ? json_dumps(json, JSON_COMPACT) : NULL;

	json_decref(json);
	if (text == NULL)
		text = xstrdup("{\"error\":\"internal\",\"message\":\"the answer "
		    "could not be made\"}");
	return web_respond_bytes(rq, status, "application/json; charset=utf-8",
	    text, strlen(text));
}

enum web_result
web_respond_error(struct web_req *rq, unsigned status, const char *code,
    const char *fmt, ...)
{
	va_list ap;
	char *msg;
	json_t *j;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	j = json_pack("{s:s, s:s}", "error", code, "message", msg);
	free(msg);
	return web_respond_json(rq, status, j);
}

enum web_result
web_journal_error(struct web_req *rq, const struct limber_journal *j,
    char *cause)
{
	enum web_result r;

	if (limber_journal_may_retry(j))
		/* TRANSLATORS: %s says why the journal was busy. */
		r = web_respond_error(rq, 503, "journal-busy",
		    _("%s; nothing was recorded: try again in a moment"),
		    cause != NULL ? cause : _("the journal is busy"));
	else
		r = web_respond_error(rq, 500, "journal", "%s",
		    cause != NULL ? cause : _("the journal could not be read"));
	free(cause);
	return r;
}

struct limber_journal *
web_reader_or_respond(struct web_req *rq)
{
	struct limber_journal *j = NULL;
	char *cause = NULL;

	if (limber_journal_open_reader(rq->w->journal, &j, &cause) !=
	    LIMBER_OK) {
		web_respond_error(rq, 500, "journal", "%s",
		    cause != NULL ? cause :
				    _("the journal could not be opened"));
		free(cause);
		return NULL;
	}
	return j;
}

/* ------------------------------------------------------------------ */
/* Checking input.                                                     */

bool
web_query_known_or_respond(struct web_req *rq, const char *const *names)
{
	for (size_t i = 0; i < rq->nargs; i++) {
		const char *key = rq->args[i].key;
		const char *const *n;

		if (strcmp(key, "token") == 0)
			continue;
		for (n = names; *n != NULL; n++) {
			if (strcmp(key, *n) == 0)
				break;
		}
		if (*n != NULL)
			continue;
		web_respond_error(rq, 400, "bad-request",
		    "unknown parameter \"%.40s\"", key);
		return false;
	}
	return true;
}

const char *
web_query(struct web_req *rq, const char *name)
{
	for (size_t i = 0; i < rq->nargs; i++) {
		if (strcmp(rq->args[i].key, name) == 0)
			return rq->args[i].value;
	}
	return NULL;
}

/*
 * The query, "a=1&b=x+y", into rq->args, decoded as libmicrohttpd did
 * (a '+' is a space; a key without '=' has no value), which libevent's
 * evhttp_parse_query_str does not (it refuses a key without '='). A key
 * or value that decodes to a NUL is cut there, as C strings would cut it.
 */
static void
parse_query(struct web_req *rq, const char *q)
{
	char *copy, *p, *next;

	if (q == NULL || *q == '\0')
		return;
	copy = xstrdup(q);
	for (p = copy; p != NULL; p = next) {
		char *eq, *key, *value = NULL;

		next = strchr(p, '&');
		if (next != NULL)
			*next++ = '\0';
		if (*p == '\0')
			continue;
		eq = strchr(p, '=');
		if (eq != NULL)
			*eq = '\0';
		key = evhttp_uridecode(p, 1, NULL);
		if (eq != NULL)
			value = evhttp_uridecode(eq + 1, 1, NULL);
		if (key == NULL) {
			free(value);
			continue;
		}
		rq->args = xreallocarray(rq->args, rq->nargs + 1,
		    sizeof *rq->args);
		rq->args[rq->nargs].key = key;
		rq->args[rq->nargs].value = value;
		rq->nargs++;
	}
	free(copy);
}

bool
web_query_int_or_respond(struct web_req *rq, const char *name, long min,
    long max, long def, long *out)
{
	const char *v = web_query(rq, name);

	if (v == NULL) {
		*out = def;
		return true;
	}
	if (util_parse_int(v, min, max, out))
		return true;
	web_respond_error(rq, 400, "bad-request", "\"%s\" must be a whole "
	    "number from %ld to %ld", name, min, max);
	return false;
}

bool
web_fields_known_or_respond(struct web_req *rq, const char *const *names)
{
	const char *key;
	json_t *v;

	json_object_foreach(rq->json, key, v) {
		const char *const *n;

		for (n = names; *n != NULL; n++) {
			if (strcmp(key, *n) == 0)
				break;
		}
		if (*n == NULL) {
			web_respond_error(rq, 400, "bad-request", "unknown "
			    "field \"%.40s\"", key);
			return false;
		}
	}
	return true;
}

bool
web_field_int_or_respond(struct web_req *rq, const char *name, long min,
    long max, bool *present, long *out)
{
	json_t *v = json_object_get(rq->json, name);

	if (present != NULL)
		*present = v != NULL;
	if (v == NULL && present != NULL)
		return true;
	if (v != NULL && json_is_integer(v) &&
	    json_integer_value(v) >= min && json_integer_value(v) <= max) {
		*out = (long)json_integer_value(v);
		return true;
	}
	web_respond_error(rq, 400, "bad-request", v == NULL ? "\"%s\" is "
	    "missing: a whole number from %ld to %ld" : "\"%s\" must be a "
	    "whole number from %ld to %ld", name, min, max);
	return false;
}

bool
web_field_string_or_respond(struct web_req *rq, const char *name,
    size_t max, bool *present, const char **out)
{
	json_t *v = json_object_get(rq->json, name);
	const char *s;

	if (present != NULL)
		*present = v != NULL;
	if (v == NULL && present != NULL)
		return true;
	if (v == NULL || !json_is_string(v)) {
		web_respond_error(rq, 400, "bad-request", v == NULL ? "\"%s\" "
		    "is missing" : "\"%s\" must be text", name);
		return false;
	}
	s = json_string_value(v);
	if (json_string_length(v) == 0 || json_string_length(v) > max) {
		web_respond_error(rq, 400, "bad-request", "\"%s\" must be text "
		    "of 1 to %zu bytes", name, max);
		return false;
	}
	/*
	 * What the page sends is journalled, then shown by `limber history`
	 * on a terminal and in reports: C1 controls (U+009B is a CSI) and
	 * direction overrides are refused with the C0 ones (util.h).
	 */
	if (strlen(s) != json_string_length(v) || !util_text_safe(s)) {
		web_respond_error(rq, 400, "bad-request",
		    "\"%s\" must not hold control characters or direction "
		    "overrides",
		    name);
		return false;
	}
	*out = s;
	return true;
}

/* ------------------------------------------------------------------ */
/* The checks before any handler.                                      */

static bool
same_token(const char *a, const char *b)
{
	size_t n = strlen(b);
	unsigned char diff = 0;

	if (a == NULL || strlen(a) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

static const char *
header(struct web_req *rq, const char *name)
{
	return evhttp_find_header(evhttp_request_get_input_headers(rq->req),
	    name);
}

/* Loopback: Host is 127.0.0.1 or localhost with our port. */
static bool
host_ok(const struct web *w, const char *host)
{
	static const char *const names[] = { "127.0.0.1", "localhost" };
	char port[16];

	if (host == NULL)
		return false;
	snprintf(port, sizeof port, ":%d", w->port);
	for (size_t i = 0; i < nitems(names); i++) {
		size_t n = strlen(names[i]);

		if (strncasecmp(host, names[i], n) != 0)
			continue;
		if (strcmp(host + n, port) == 0 ||
		    (w->port == 80 && host[n] == '\0'))
			return true;
	}
	return false;
}

/*
 * The value of the cookie name in a Cookie header (malloc'd), or NULL:
 * pairs split at ';', spaces before a name skipped, the value taken as
 * it stands, as libmicrohttpd read them.
 */
static char *
cookie_value(const char *cookies, const char *name)
{
	size_t n = strlen(name);
	const char *p = cookies;

	while (p != NULL && *p != '\0') {
		size_t len = strcspn(p, ";");

		while (*p == ' ' && len > 0) {
			p++;
			len--;
		}
		if (len > n && strncmp(p, name, n) == 0 && p[n] == '=')
			return xstrndup(p + n + 1, len - n - 1);
		p += len;
		if (*p == ';')
			p++;
	}
	return NULL;
}

/* The token, from the cookie, the header or the query. */
static bool
token_ok(struct web_req *rq)
{
	const char *q = web_query(rq, "token");
	char name[32];
	bool ok;
	char *cookie;

	snprintf(name, sizeof name, "limber_token_%d", rq->w->port);
	cookie = cookie_value(header(rq, "Cookie"), name);
	ok = same_token(cookie, rq->w->token);
	free(cookie);
	if (same_token(header(rq, "X-Limber-Token"), rq->w->token) || ok)
		return true;
	if (same_token(q, rq->w->token)) {
		rq->set_cookie = true;
		return true;
	}
	return false;
}

/* A POST: from our own page, or with the token in the header. */
static bool
origin_ok(struct web_req *rq)
{
	const char *origin = header(rq, "Origin");
	const char *host = header(rq, "Host");
	const char *scheme = rq->w->tls != NULL ? "https://" : "http://";
	size_t n = strlen(scheme);

	if (origin != NULL)
		return host != NULL && strncmp(origin, scheme, n) == 0 &&
		    strcasecmp(origin + n, host) == 0;
	return same_token(header(rq, "X-Limber-Token"), rq->w->token);
}

static bool
json_type_ok(struct web_req *rq)
{
	const char *t = header(rq, "Content-Type");
	size_t n = strlen("application/json");

	return t != NULL && strncasecmp(t, "application/json", n) == 0 &&
	    (t[n] == '\0' || t[n] == ';' || t[n] == ' ');
}

/* Does path match pattern? A :param segment takes one segment into *param. */
static bool
path_match(const char *pattern, const char *path, char **param)
{
	const char *p = pattern, *u = path;

	*param = NULL;
	while (*p != '\0' && *u != '\0') {
		if (*p == ':') {
			size_t n = strcspn(u, "/");

			if (n == 0 || *param != NULL) {
				free(*param);
				*param = NULL;
				return false;
			}
			*param = xstrndup(u, n);
			u += n;
			p += strcspn(p, "/");
			continue;
		}
		if (*p != *u)
			break;
		p++;
		u++;
	}
	if (*p == '\0' && *u == '\0')
		return true;
	free(*param);
	*param = NULL;
	return false;
}

/*
 * Find the route, or answer 404 or 405. HEAD is taken as GET (the server
 * leaves the body out).
 */
static const struct web_route *
route_find_or_respond(struct web_req *rq, const char *method, const char *url)
{
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	char allow[32] = "";
	char *param;

	for (size_t i = 0; i < nitems(routes); i++) {
		if (!path_match(routes[i].path, url, &param))
			continue;
		if (strcmp(routes[i].method, m) == 0) {
			rq->param = param;
			return &routes[i];
		}
		free(param);
		if (strstr(allow, routes[i].method) == NULL)
			snprintf(allow + strlen(allow), sizeof allow -
			    strlen(allow), "%s%s", allow[0] != '\0' ? ", " : "",
			    routes[i].method);
	}
	if (allow[0] == '\0') {
		/* TRANSLATORS: %.100s is the address asked for. */
		web_respond_error(rq, 404, "not-found",
		    _("no such page or API route: %.100s"), url);
	} else {
		/* TRANSLATORS: HTTP methods: "PUT is not allowed here; use
		   GET". */
		char *msg = xasprintf(_("%s is not allowed here; use %s"),
		    method, allow);
		json_t *j = json_pack("{s:s, s:s}", "error",
		    "method-not-allowed", "message", msg);
		char *text = json_dumps(j, JSON_COMPACT);
		struct answer a = { "application/json; charset=utf-8",
			"no-store", NULL,
			strcmp(allow, "GET") == 0 ? "GET, HEAD" : allow };

		json_decref(j);
		free(msg);
		if (text != NULL)
			reply(rq, 405, &a, text, strlen(text), true);
		else
			rq->answered = true;
	}
	return NULL;
}

/*
 * A browser opening the page (a bookmark, or the address typed without
 * its token): it asks for HTML, so it gets a page that says what to do
 * rather than JSON. Scripts and the API get the JSON 401.
 */
static bool
wants_page(struct web_req *rq, const char *method, const char *url)
{
	const char *accept = header(rq, "Accept");
	const char *dest = header(rq, "Sec-Fetch-Dest");

	/* A page opened in a browser: it asks for HTML, or for a document. */
	return (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) &&
	    strncmp(url, "/api/", 5) != 0 &&
	    ((accept != NULL && strstr(accept, "text/html") != NULL) ||
		(dest != NULL && strcmp(dest, "document") == 0));
}

/*
 * The page above, as a 401, in the language the browser asks for. Its
 * texts are ours (translations included), so only the language's name
 * and direction are put in from elsewhere, and they are plain tags.
 */
static void
token_page(struct web_req *rq)
{
	static const struct answer a = { "text/html; charset=utf-8", "no-store",
		"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
		"form-action 'none'; frame-ancestors 'none'",
		NULL };
	const struct i18n_lang *l = i18n_current();
	const char *title = _("Open limber from its address");
	char *html;

	html = xasprintf(
	    "<!doctype html>\n"
	    "<html lang=\"%s\"%s><head><meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<title>%s</title>\n"
	    "<style>body{font:1.25rem/1.5 system-ui,sans-serif;max-width:34rem;"
	    "margin:2rem auto;padding:0 1rem;color:#1b1b1b;background:#fff}"
	    "h1{font-size:1.6rem}code{font-size:1.1rem}</style></head><body>\n"
	    /* In a landmark, as the page's own content is (axe's rules). */
	    "<main>\n"
	    "<h1>%s</h1>\n"
	    "<p>%s</p>\n"
	    "<p>%s</p>\n"
	    "<p>%s</p>\n"
	    "<p>%s</p>\n"
	    "</main></body></html>\n",
	    i18n_lang_bcp47(l), i18n_lang_rtl(l) ? " dir=\"rtl\"" : "", title,
	    title,
	    _("This page holds your journal, so it opens only from the "
	      "address that limber gives you. It keeps other people who use "
	      "this computer out."),
	    /* After a restart with a new token: what happened, in words. */
	    _("If it opened here before: limber was started again with a new "
	      "code, or this address is an old one. Nothing in your journal "
	      "is lost."),
	    /* TRANSLATORS: HTML: keep the <code> elements and what is in
	       them as they are. */
	    _("On a phone, scan the new QR code that <code>limber serve "
	      "--lan</code> shows. On the computer, run <code>limber "
	      "serve</code> in a terminal and open the address it prints: it "
	      "ends in <code>?token=</code> and a long code."),
	    _("Once it is open, this browser remembers it, and a bookmark "
	      "works again."));
	reply(rq, 401, &a, html, strlen(html), true);
}

/*
 * With HTTPS, the certificate authority a phone is to trust: public, so
 * without the token, for a phone that has not opened the page yet.
 */
static bool
ca_asked(struct web_req *rq, const char *method, const char *url)
{
	static const struct answer a = { "application/x-x509-ca-cert",
		"no-cache", NULL, NULL };
	struct evkeyvalq *h;

	if (rq->w->tls == NULL || strcmp(url, "/limber-ca.crt") != 0 ||
	    (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0))
		return false;
	h = evhttp_request_get_output_headers(rq->req);
	evhttp_add_header(h, "Content-Disposition",
	    "attachment; filename=\"limber-ca.crt\"");
	reply(rq, 200, &a, rq->w->tls->ca_pem, rq->w->tls->ca_pem_len, false);
	return true;
}

/* The checks on a request's first call. Returns false when answered. */
static bool
admit_or_respond(struct web_req *rq, const char *method, const char *url)
{
	struct web *w = rq->w;
	const char *len;

	if (ca_asked(rq, method, url))
		return false;
	if (!w->lan && !host_ok(w, header(rq, "Host"))) {
		web_respond_error(rq, 403, "bad-host",
		    _("this server answers only to http://127.0.0.1:%d/ and "
		      "http://localhost:%d/"),
		    w->port, w->port);
		return false;
	}
	if (!token_ok(rq)) {
		if (wants_page(rq, method, url)) {
			token_page(rq);
			return false;
		}
		web_respond_error(rq, 401, "token-required", "%s",
		    _("this page is private: open the address that 'limber "
		      "serve' printed (it ends in ?token=), or send the token "
		      "in the X-Limber-Token header"));
		return false;
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
	    strcmp(method, "POST") != 0) {
		/* TRANSLATORS: %.10s is an HTTP method ("PUT"). */
		web_respond_error(rq, 405, "method-not-allowed",
		    _("%.10s is not allowed; this server takes GET, HEAD and "
		      "POST"),
		    method);
		return false;
	}
	rq->route = route_find_or_respond(rq, method, url);
	if (rq->route == NULL)
		return false;
	if (strcmp(method, "POST") != 0)
		return true;
	if (!origin_ok(rq)) {
		web_respond_error(rq, 403, "cross-origin", "%s",
		    _("changes are taken only from this server's own page (an "
		      "Origin header of http://HOST) or with the X-Limber-Token "
		      "header"));
		return false;
	}
	if (!json_type_ok(rq)) {
		web_respond_error(rq, 415, "unsupported-media-type", "%s",
		    _("the body must be JSON, sent as Content-Type: "
		      "application/json"));
		return false;
	}
	len = header(rq, "Content-Length");
	if (len != NULL) {
		long n;

		if (!util_parse_int(len, 0, WEB_BODY_MAX, &n)) {
			web_respond_error(rq, 413, "too-large",
			    _("the body may be at most %d bytes"),
			    WEB_BODY_MAX);
			return false;
		}
	}
	return true;
}

static bool
parse_body_or_respond(struct web_req *rq)
{
	json_error_t err;

	if (rq->body.full) {
		web_respond_error(rq, 413, "too-large",
		    _("the body may be at most %d bytes"), WEB_BODY_MAX);
		return false;
	}
	if (rq->body.len == 0) {
		web_respond_error(rq, 400, "bad-request", "%s",
		    _("the body must be a JSON object"));
		return false;
	}
	/* jansson would take a NUL between tokens as a blank. */
	if (memchr(rq->body.p, '\0', rq->body.len) != NULL) {
		web_respond_error(rq, 400, "bad-json", "%s",
		    _("the body is not valid JSON: it holds a NUL byte"));
		return false;
	}
	rq->json = json_loadb(rq->body.p, rq->body.len, JSON_REJECT_DUPLICATES,
	    &err);
	if (rq->json == NULL) {
		/* TRANSLATORS: the last %s is the JSON reader's own words,
		   in English. */
		web_respond_error(rq, 400, "bad-json",
		    _("the body is not valid JSON: line %d, column %d: %s"),
		    err.line, err.column, err.text);
		return false;
	}
	if (!json_is_object(rq->json)) {
		web_respond_error(rq, 400, "bad-request", "%s",
		    _("the body must be a JSON object"));
		return false;
	}
	return true;
}

/*
 * Run the route's handler. *waiting says that the request was held for
 * later (a long poll): it is read under the lock, since the timer thread
 * may resume it as soon as the lock is let go.
 */
static enum web_result
run_handler(struct web_req *rq, bool *waiting)
{
	struct web *w = rq->w;
	enum web_result r;

	/* Again for a long poll answered on its loop's thread. */
	i18n_use(rq->lang);
	if (rq->route->flags & WEB_LOCK)
		pthread_mutex_lock(&w->lock);
	r = rq->route->handler(rq);
	if (!(rq->route->flags & WEB_LOCK))
		pthread_mutex_lock(&w->lock);
	*waiting = rq->suspended || rq->resumed;
	pthread_mutex_unlock(&w->lock);
	if (!rq->answered && !*waiting)
		r = web_respond_error(rq, 500, "internal", "%s",
		    _("no answer was made"));
	return r;
}

static void
req_free(struct web_req *rq)
{
	for (size_t i = 0; i < rq->nargs; i++) {
		free(rq->args[i].key);
		free(rq->args[i].value);
	}
	free(rq->args);
	free(rq->param);
	strbuf_free(&rq->body);
	json_decref(rq->json);
	free(rq);
}

/* A request answered, or held (on its connection, to be freed with it). */
static void
done(struct web_req *rq, bool waiting)
{
	if (rq->conn != NULL && rq->conn->pending == rq)
		rq->conn->pending = NULL;
	if (!waiting) {
		req_free(rq);
		return;
	}
	if (rq->conn != NULL)
		rq->conn->pending = rq;
}

static struct web_conn *
conn_find(struct web *w, const struct evhttp_connection *evcon)
{
	struct web_conn *c;

	pthread_mutex_lock(&w->conns_lock);
	for (c = w->conns; c != NULL; c = c->next) {
		if (c->evcon == evcon)
			break;
	}
	pthread_mutex_unlock(&w->conns_lock);
	return c;
}

static const char *
method_name(enum evhttp_cmd_type t)
{
	switch (t) {
	case EVHTTP_REQ_GET:
		return "GET";
	case EVHTTP_REQ_POST:
		return "POST";
	case EVHTTP_REQ_HEAD:
		return "HEAD";
	case EVHTTP_REQ_PUT:
		return "PUT";
	case EVHTTP_REQ_DELETE:
		return "DELETE";
	case EVHTTP_REQ_OPTIONS:
		return "OPTIONS";
	case EVHTTP_REQ_TRACE:
		return "TRACE";
	case EVHTTP_REQ_CONNECT:
		return "CONNECT";
	case EVHTTP_REQ_PATCH:
		return "PATCH";
	}
	return "UNKNOWN";
}

/*
 * libevent's callback for a request read whole (headers and a body of at
 * most 4 * WEB_BODY_MAX; past that libevent answers 413 itself).
 */
void
web_on_request(struct evhttp_request *req, void *arg)
{
	struct web_loop *loop = arg;
	struct web *w = loop->w;
	struct web_req *rq = xcalloc(1, sizeof *rq);
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char *method = method_name(evhttp_request_get_command(req));
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	const char *path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
	char *url = NULL;
	bool waiting = false;

	rq->w = w;
	rq->loop = loop;
	rq->req = req;
	rq->body = STRBUF_INIT(WEB_BODY_MAX);
	rq->conn = conn_find(w, evhttp_request_get_connection(req));
	/* Every answer, refusals too, in the language the browser asks for. */
	rq->lang = i18n_lang_accept(header(rq, "Accept-Language"));
	i18n_use(rq->lang);
	if (path != NULL)
		url = evhttp_uridecode(path, 0, NULL);
	if (uri != NULL)
		parse_query(rq, evhttp_uri_get_query(uri));
	/* Refusals close the connection. */
	rq->close = true;
	if (url == NULL) {
		web_respond_error(rq, 400, "bad-request", "%s",
		    _("the address could not be read"));
	} else if (admit_or_respond(rq, method, url)) {
		size_t n = evbuffer_get_length(in);

		rq->close = false;
		__atomic_store_n(&w->last_request_ns, web_mono_ns(),
		    __ATOMIC_RELAXED);
		/* Past WEB_BODY_MAX the rest is dropped, and 413 answered. */
		if (n > WEB_BODY_MAX + 1)
			n = WEB_BODY_MAX + 1;
		if (n > 0)
			(void)strbuf_add(&rq->body,
			    (const char *)evbuffer_pullup(in, (ev_ssize_t)n),
			    n);
		if (!(rq->route->flags & WEB_BODY) || parse_body_or_respond(rq))
			(void)run_handler(rq, &waiting);
	}
	free(url);
	done(rq, waiting);
}

/*
 * The timer thread resumed long polls: answer them, in the loop thread
 * (arg is the struct web_loop). Not static, for tests/fuzz/fuzz-http.c.
 */
void
web_on_resume(evutil_socket_t fd, short what, void *arg)
{
	struct web_loop *loop = arg;
	struct web *w = loop->w;

	(void)fd;
	(void)what;
	for (;;) {
		struct web_req *rq;
		bool waiting;

		pthread_mutex_lock(&w->lock);
		rq = loop->resumed;
		if (rq != NULL) {
			loop->resumed = rq->next;
			rq->next = NULL;
		}
		pthread_mutex_unlock(&w->lock);
		if (rq == NULL)
			break;
		(void)run_handler(rq, &waiting);
		done(rq, waiting);
	}
}

void
web_suspend(struct web_req *rq)
{
	/* libevent holds a request until it is answered: nothing to do. */
	(void)rq;
}

void
web_resume(struct web_req *rq)
{
	struct web_loop *loop = rq->loop;

	rq->next = loop->resumed;
	loop->resumed = rq;
	event_active(loop->resume_ev, EV_TIMEOUT, 0);
}

static void
unlink_req(struct web_req **pp, const struct web_req *rq)
{
	for (; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == rq) {
			*pp = rq->next;
			return;
		}
	}
}

/* A connection closed: forget it, and a long poll still held on it. */
static void
on_close(struct evhttp_connection *evcon, void *arg)
{
	struct web_conn *c = arg;
	struct web *w = c->w;
	struct web_conn **pp;

	(void)evcon;
	if (c->pending != NULL) {
		pthread_mutex_lock(&w->lock);
		unlink_req(&w->waiters, c->pending);
		unlink_req(&c->loop->resumed, c->pending);
		pthread_mutex_unlock(&w->lock);
		req_free(c->pending);
	}
	pthread_mutex_lock(&w->conns_lock);
	for (pp = &w->conns; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	w->nconns--;
	pthread_mutex_unlock(&w->conns_lock);
	free(c);
}

static size_t
conns_from(const struct web *w, uint32_t addr)
{
	size_t n = 0;

	for (const struct web_conn *c = w->conns; c != NULL; c = c->next)
		n += c->addr == addr;
	return n;
}

/*
 * A connection libevent has just accepted, taken or closed at once: at
 * most WEB_CONNECTIONS_MAX open, and on the network WEB_PER_IP_MAX from
 * one address, so that one device cannot take every connection.
 *
 * libevent 2.1 tells of no new connection, and accepts on its own, but
 * it asks for each one's bufferevent (on_bev), whose callbacks then take
 * the connection as their argument. on_bev runs inside libevent's accept;
 * this runs right after it, in the same turn of the loop, before any of
 * the connection's input is read.
 *
 * That the callbacks' argument is the evhttp_connection is how libevent
 * 2.1 sets a connection up, not documented API: web/meson.build holds
 * libevent to the 2.1 series for it. 2.2 has evhttp_set_newreqcb and
 * evhttp_set_max_connections, which would replace this. One gap is
 * known: should libevent fail to make the connection after on_bev (out
 * of memory only), it frees the bufferevent before this runs.
 */
struct accepted {
	struct web_loop *loop;
	struct bufferevent *bev;
};

static void
on_accepted(evutil_socket_t fd, short what, void *arg)
{
	struct accepted *ac = arg;
	struct web_loop *loop = ac->loop;
	struct web *w = loop->w;
	void (*rd)(struct bufferevent *, void *) = NULL;
	void *cbarg = NULL;
	struct evhttp_connection *evcon;
	struct web_conn *c;
	struct in_addr in;
	char *peer = NULL;
	uint16_t port = 0;
	uint32_t addr = 0;

	(void)fd;
	(void)what;
	bufferevent_getcb(ac->bev, &rd, NULL, NULL, &cbarg);
	free(ac);
	if (rd == NULL || cbarg == NULL)
		return;
	evcon = cbarg;
	evhttp_connection_get_peer(evcon, &peer, &port);
	if (peer != NULL && inet_pton(AF_INET, peer, &in) == 1)
		addr = in.s_addr;
	pthread_mutex_lock(&w->conns_lock);
	if (w->nconns >= WEB_CONNECTIONS_MAX ||
	    (w->lan && conns_from(w, addr) >= WEB_PER_IP_MAX)) {
		pthread_mutex_unlock(&w->conns_lock);
		evhttp_connection_free(evcon);
		return;
	}
	c = xcalloc(1, sizeof *c);
	c->w = w;
	c->loop = loop;
	c->addr = addr;
	c->evcon = evcon;
	c->next = w->conns;
	w->conns = c;
	w->nconns++;
	pthread_mutex_unlock(&w->conns_lock);
	evhttp_connection_set_closecb(evcon, on_close, c);
}

static struct bufferevent *
on_bev(struct event_base *base, void *arg)
{
	struct accepted *ac = xcalloc(1, sizeof *ac);

	ac->loop = arg;
	if (ac->loop->w->tls != NULL)
		ac->bev = ac->loop->w->tlsm->bev(ac->loop->w->tls, base);
	else
		ac->bev = bufferevent_socket_new(base, -1,
		    BEV_OPT_CLOSE_ON_FREE);
	if (ac->bev == NULL ||
	    event_base_once(base, -1, EV_TIMEOUT, on_accepted, ac, NULL) != 0) {
		/* libevent makes one of its own: that connection is not
		   counted. */
		if (ac->bev != NULL)
			bufferevent_free(ac->bev);
		free(ac);
		return NULL;
	}
	return ac->bev;
}

static void *
loop_main(void *arg)
{
	struct web_loop *loop = arg;

	event_base_dispatch(loop->base);
	return NULL;
}

/* libevent's warnings: the library prints nothing of its own. */
static void
quiet_log(int severity, const char *msg)
{
	(void)severity;
	(void)msg;
}

/* ------------------------------------------------------------------ */
/* The page.                                                           */

enum web_result
web_route_page(struct web_req *rq)
{
	const char *path = rq->param == NULL ? "/index.html" : NULL;
	char want[64];

	if (path == NULL) {
		snprintf(want, sizeof want, "/%s", rq->param);
		path = want;
	}
	if (!web_query_known_or_respond(rq, (const char *const[]){ NULL }))
		return rq->ret;
	/* Browsers ask for /favicon.ico by themselves, whatever the page
	   names: the page's icon, with its own type (an SVG). */
	if (strcmp(path, "/favicon.ico") == 0)
		path = "/icon.svg";
	for (size_t i = 0; i < web_nfiles; i++) {
		if (strcmp(web_files[i].path, path) != 0)
			continue;
		struct answer a = { web_files[i].type, "no-cache", NULL, NULL };

		if (strncmp(web_files[i].type, "text/html", 9) == 0)
			a.csp = page_csp;
		return reply(rq, 200, &a, web_files[i].data, web_files[i].len,
		    false);
	}
	return web_respond_error(rq, 404, "not-found",
	    _("no such page or API route: %.100s"), path);
}

/* ------------------------------------------------------------------ */
/* The timer thread.                                                   */

/* Resume the long polls whose time is up; returns the soonest other end. */
static int64_t
expire_waiters(struct web *w, int64_t now)
{
	struct web_req **pp = &w->waiters;
	int64_t due = INT64_MAX;

	while (*pp != NULL) {
		struct web_req *rq = *pp;

		if (rq->wait_until <= now) {
			*pp = rq->next;
			rq->next = NULL;
			rq->suspended = false;
			rq->resumed = true;
			web_resume(rq);
			continue;
		}
		if (rq->wait_until < due)
			due = rq->wait_until;
		pp = &rq->next;
	}
	return due;
}

static void *
timer_main(void *arg)
{
	struct web *w = arg;

	pthread_mutex_lock(&w->lock);
	while (!w->quit) {
		int64_t now = web_now_ms(w), due, wdue;
		struct timespec ts;
		int64_t ns;

		web_session_tick(w);
		if (web_records_deadline(w) <= now)
			(void)web_records_flush(w, 0);
		wdue = expire_waiters(w, now);
		due = web_session_deadline(w);
		if (wdue < due)
			due = wdue;
		if (web_records_deadline(w) < due)
			due = web_records_deadline(w);
		if (due == INT64_MAX) {
			pthread_cond_wait(&w->wake, &w->lock);
			continue;
		}
		/* Rounded up: web_now_ms() then reads due or later. */
		ns = w->t0_ns + (due * NS_PER_MS + w->speed - 1) / w->speed;
		ts.tv_sec = (time_t)(ns / 1000000000LL);
		ts.tv_nsec = (long)(ns % 1000000000LL);
		pthread_cond_timedwait(&w->wake, &w->lock, &ts);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Starting and stopping.                                              */

/*
 * Stopping, with nothing else running: the records that still wait are
 * tried until WEB_SHUTDOWN_SAVE_MS, each write waiting a second for
 * another program; those left are said in *cause, never dropped quietly.
 */
static void
records_last_try(struct web *w, char **cause)
{
	int64_t end = web_mono_ns() + WEB_SHUTDOWN_SAVE_MS * NS_PER_MS;
	const struct web_session *ws;
	size_t left;

	while ((left = web_records_flush(w, 1000)) > 0 && web_mono_ns() < end) {
		struct timespec ts = { 0, 100 * NS_PER_MS };

		nanosleep(&ts, NULL);
	}
	if (left == 0)
		return;
	ws = w->retired != NULL ? w->retired : w->ses;
	*cause = xasprintf("%zu %s of the session could not be written: %s",
	    left, left == 1 ? "record" : "records",
	    limber_recorder_error(ws->rec));
}

static int
listen_socket(const struct web_opts *o, int *port, char **cause)
{
	struct sockaddr_in sa;
	socklen_t salen = sizeof sa;
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*cause = xasprintf("cannot make a socket: %s", strerror(errno));
		return -1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)o->port);
	sa.sin_addr.s_addr = htonl(o->lan ? INADDR_ANY : INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		int e = errno;

		close(fd);
		if (e == EADDRINUSE)
			*cause = xasprintf("port %d is in use (perhaps by "
			    "another 'limber serve'); choose another with "
			    "--port N", o->port);
		else if (e == EACCES)
			*cause = xasprintf("port %d is reserved for the "
			    "system; choose one from 1024 up with --port N",
			    o->port);
		else
			*cause = xasprintf("cannot listen on port %d: %s",
			    o->port, strerror(e));
		return -1;
	}
	if (listen(fd, 128) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &salen) != 0) {
		*cause = xasprintf("cannot listen on port %d: %s", o->port,
		    strerror(errno));
		close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

/*
 * Room for WEB_CONNECTIONS_MAX connections: many clients that send their
 * headers slowly must not shut out the page (tests/cli/test_abuse.py).
 * The usual soft limit of 1024 files is raised as far as the hard one
 * lets it; if it cannot be, accepting fails past it.
 */
static void
enough_files(void)
{
	struct rlimit rl;
	rlim_t want = WEB_CONNECTIONS_MAX + 64;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ?
	    want : rl.rlim_max;
	(void)setrlimit(RLIMIT_NOFILE, &rl);
}

/*
 * A loop on the listening socket fd (taken: closed with the loop). Its
 * thread is started by web_serve.
 */
static bool
loop_init(struct web *w, struct web_loop *loop, int fd)
{
	loop->w = w;
	loop->base = event_base_new();
	if (loop->base == NULL) {
		close(fd);
		return false;
	}
	loop->http = evhttp_new(loop->base);
	loop->resume_ev = event_new(loop->base, -1, 0, web_on_resume, loop);
	if (loop->http == NULL || loop->resume_ev == NULL) {
		close(fd);
		return false;
	}
	evhttp_set_gencb(loop->http, web_on_request, loop);
	evhttp_set_bevcb(loop->http, on_bev, loop);
	/* Every method reaches the checks, which answer 405. */
	evhttp_set_allowed_methods(loop->http, 0x1ff);
	evhttp_set_timeout(loop->http, 60);
	evhttp_set_max_headers_size(loop->http, WEB_HEADERS_MAX);
	/* Bodies to 4 * WEB_BODY_MAX are read and answered with our 413;
	   libevent answers longer ones itself. */
	evhttp_set_max_body_size(loop->http, 4 * WEB_BODY_MAX);
	(void)evutil_make_socket_nonblocking(fd);
	loop->listener = evconnlistener_new(loop->base, NULL, NULL,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, -1, fd);
	if (loop->listener == NULL) {
		close(fd);
		return false;
	}
	if (evhttp_bind_listener(loop->http, loop->listener) == NULL) {
		evconnlistener_free(loop->listener);
		loop->listener = NULL;
		return false;
	}
	return true;
}

/* A loop, stopped: closing its connections frees their requests
   (on_close); evhttp_free frees the listener bound to it. */
static void
loop_free(struct web_loop *loop)
{
	if (loop->http != NULL)
		evhttp_free(loop->http);
	if (loop->resume_ev != NULL)
		event_free(loop->resume_ev);
	if (loop->base != NULL)
		event_base_free(loop->base);
}

static void
loops_stop(struct web *w)
{
	for (size_t i = 0; i < WEB_LOOPS; i++) {
		if (w->loops[i].running) {
			event_base_loopexit(w->loops[i].base, NULL);
			pthread_join(w->loops[i].thread, NULL);
			w->loops[i].running = false;
		}
	}
	for (size_t i = 0; i < WEB_LOOPS; i++)
		loop_free(&w->loops[i]);
	libevent_global_shutdown();
}

/*
 * HTTPS for --lan: OpenSSL's module (tls.h), loaded only here, and the
 * certificates in dir. False with *cause.
 */
static struct util_module tls_module = {
	.file = "limber-tls.so",
	.entry = WEB_TLS_MODULE_ENTRY,
};

static bool
tls_start(struct web *w, struct web_tls *tls, const char *dir, char **cause)
{
	const struct web_tls_module *m = util_module_get(&tls_module, cause);

	if (m == NULL || !m->open(tls, dir, cause))
		return false;
	w->tlsm = m;
	w->tls = tls;
	return true;
}

/* After the loops: no connection uses the context any more. */
static void
tls_stop(struct web *w)
{
	if (w->tls != NULL)
		w->tlsm->close(w->tls);
	w->tls = NULL;
}

/*
 * Wait for a signal that stops the server and return it, handing each
 * SIGUSR1 to o->poke; or 0 once o->idle_s has passed since the last
 * request with no session under way. The wait sleeps until that moment
 * (no ticks); a session under way, or a request since, puts it off.
 */
static int
wait_for_stop(struct web *w, const struct web_opts *o, const sigset_t *sigs)
{
	for (;;) {
		siginfo_t si;
		struct timespec ts, *tsp = NULL;
		int sig;

		if (o->idle_s > 0) {
			int64_t idle_ns = (int64_t)o->idle_s * 1000000000 /
			    w->speed;
			int64_t left = __atomic_load_n(&w->last_request_ns,
					   __ATOMIC_RELAXED) +
			    idle_ns - web_mono_ns();
			bool running;

			pthread_mutex_lock(&w->lock);
			running = web_session_running(w);
			pthread_mutex_unlock(&w->lock);
			if (running && left <= 0)
				left = idle_ns;
			if (left <= 0)
				return 0;
			ts.tv_sec = (time_t)(left / 1000000000);
			ts.tv_nsec = (long)(left % 1000000000);
			tsp = &ts;
		}
		sig = tsp != NULL ?
		    sigtimedwait(sigs, &si, tsp) :
		    sigwaitinfo(sigs, &si);
		if (sig == SIGUSR1) {
			o->poke(o->ready_arg,
			    si.si_code == SI_QUEUE ? si.si_value.sival_int : 0);
		} else if (sig > 0) {
			return sig;
		}
		/* EAGAIN (the wait is over: look again) or EINTR. */
	}
}

enum limber_status
web_serve(struct limber_catalog *cat, struct limber_journal *journal,
    const struct web_opts *o, int *signo, char **cause)
{
	struct web w;
	struct web_tls tls;
	pthread_condattr_t ca;
	pthread_t timer;
	sigset_t sigs, old;
	int fd, sig = 0;
	const char *why;

	*cause = NULL;
	memset(&w, 0, sizeof w);
	w.cat = cat;
	w.journal = journal;
	w.lan = o->lan;
	if (o->token == NULL || strlen(o->token) != sizeof w.token - 1) {
		*cause = xstrdup("the server has no token to guard the page");
		return LIMBER_ERR_INVALID;
	}
	memcpy(w.token, o->token, sizeof w.token);
	if (o->lan && o->tls_dir != NULL &&
	    !tls_start(&w, &tls, o->tls_dir, cause))
		return LIMBER_ERR_IO;
	fd = listen_socket(o, &w.port, cause);
	if (fd < 0) {
		tls_stop(&w);
		return LIMBER_ERR_IO;
	}
	enough_files();

	/* The threads started below inherit the mask: signals come here. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	if (o->poke != NULL)
		sigaddset(&sigs, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);

	pthread_mutex_init(&w.lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w.wake, &ca);
	pthread_condattr_destroy(&ca);
	w.speed = util_test_clock();
	w.t0_ns = web_mono_ns();
	w.retry_at = INT64_MAX;
	w.retry_ms = WEB_RETRY_MS;
	/* A request never waits long for another program's write. */
	limber_journal_set_wait(journal, WEB_JOURNAL_WAIT_MS);

	evthread_use_pthreads();
	event_set_log_callback(quiet_log);
	pthread_mutex_init(&w.conns_lock, NULL);
	for (size_t i = 0; i < WEB_LOOPS; i++) {
		int lfd = i + 1 < WEB_LOOPS ? dup(fd) : fd;

		if (lfd < 0 || !loop_init(&w, &w.loops[i], lfd)) {
			*cause = xasprintf(
			    "the web server could not start on port %d",
			    w.port);
			/* The last loop takes fd itself. */
			if (i + 1 < WEB_LOOPS)
				close(fd);
			goto fail_loop;
		}
	}
	for (size_t i = 0; i < WEB_LOOPS; i++) {
		if (pthread_create(&w.loops[i].thread, NULL, loop_main,
			&w.loops[i]) != 0) {
			*cause = xstrdup("cannot start the web server");
			goto fail_loop;
		}
		w.loops[i].running = true;
	}
	if (pthread_create(&timer, NULL, timer_main, &w) != 0) {
		*cause = xstrdup("cannot start the session's timer");
		goto fail_loop;
	}
	if (o->ready != NULL) {
		struct web_https https = { 0 };

		if (w.tls != NULL)
			https = (struct web_https){ w.tls->ca_path,
				w.tls->fingerprint, w.tls->ca_made };
		o->ready(o->ready_arg, w.port, w.token,
		    w.tls != NULL ? &https : NULL);
	}

	w.last_request_ns = web_mono_ns();
	sig = wait_for_stop(&w, o, &sigs);
	why = sig == SIGINT ? "Ctrl-C (SIGINT)" :
	    sig == SIGHUP   ? "the terminal was closed (SIGHUP)" :
	    sig == 0	    ? "the page was left unused" :
			      "ended by the system (SIGTERM)";

	pthread_mutex_lock(&w.lock);
	web_session_interrupt(&w, why);
	w.quit = true;
	web_resume_waiters(&w);
	pthread_cond_signal(&w.wake);
	pthread_mutex_unlock(&w.lock);
	pthread_join(timer, NULL);
	loops_stop(&w);
	tls_stop(&w);
	pthread_mutex_destroy(&w.conns_lock);
	voice_shutdown();

	records_last_try(&w, cause);
	web_sessions_free(&w);
	web_context_release(&w.ctx);
	limber_journal_set_wait(journal, LIMBER_JOURNAL_BUSY_MS);
	pthread_cond_destroy(&w.wake);
	pthread_mutex_destroy(&w.lock);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	*signo = sig;
	return *cause == NULL ? LIMBER_OK : LIMBER_ERR_IO;
fail_loop:
	loops_stop(&w);
	tls_stop(&w);
	pthread_mutex_destroy(&w.conns_lock);
	pthread_cond_destroy(&w.wake);
	pthread_mutex_destroy(&w.lock);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return LIMBER_ERR_IO;
}
