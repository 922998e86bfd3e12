/*
 * web.h - `limber serve`: the HTTP server, its JSON API and the page.
 *
 * The server (server.c) is libevent's evhttp on two event loops, a
 * table of routes {method, path, handler} and the checks every request
 * passes before a handler sees it: the Host header on loopback, the
 * token (on loopback too: other accounts on the machine reach it),
 * same-origin for anything that changes state, a cap on bodies. The
 * handlers (route-*.c, named web_route_*) use only the library's public
 * API. One session engine runs at a time (session.c), owned by the server
 * and driven by a timer thread that sleeps until the engine's next
 * deadline; a mutex guards it and the journal. docs/api.md describes the
 * API and its rules.
 *
 * cmd-serve.c sees only web_serve(), web_feature() and web_qr(); the rest
 * is for the files of web/. In `limber` they come from limber-web.so,
 * loaded by `limber serve` (web-proxy.c).
 */
#ifndef LIMBER_WEB_H
#define LIMBER_WEB_H

#include <stdbool.h>
#include <stdint.h>

#include <limber/limber.h>

#include "strbuf.h"

/* What a person needs to trust limber's HTTPS on a phone (--lan). */
struct web_https {
	const char *ca_path;	 /* the authority's certificate file */
	const char *fingerprint; /* its SHA-256, "AB:CD:...", 32 pairs */
	bool ca_made;		 /* made by this start: not trusted yet */
};

struct web_opts {
	int port;		/* 0: any free port */
	bool lan;		/* listen on every address, not only loopback */
	/* What every request must carry: 32 hex digits (cmd-serve.c keeps
	   it from one start to the next). */
	const char *token;
	/* With lan: the folder of the certificates HTTPS is served with
	   (tls.h; made on first use). NULL: plain HTTP. */
	const char *tls_dir;
	/* Called once the server listens, with its port and the token (and
	   with HTTPS, its certificate authority; else NULL), to tell the
	   user where it is. */
	void (*ready)(void *arg, int port, const char *token,
	    const struct web_https *https);
	void *ready_arg;
	/*
	 * Stop after this many seconds without a request that carried the
	 * token, while no session is under way (in session time, so sooner
	 * under LIMBER_TEST_CLOCK); 0: never. A server started for someone
	 * (`limber serve --open` from the reminders) ends once it is left.
	 */
	int idle_s;
	/*
	 * Called (with ready_arg) for each SIGUSR1, with the int sent with
	 * it by sigqueue() (0 from kill()), to open the page again; NULL:
	 * SIGUSR1 is left as it is.
	 */
	void (*poke)(void *arg, int value);
};

/*
 * Serve until SIGINT, SIGTERM or SIGHUP, which the caller must have
 * blocked in every thread (web_serve waits for them with sigtimedwait;
 * SIGUSR1 too, with o->poke), or until o->idle_s passes unused. A
 * session in progress at that moment is stopped as interrupted and
 * recorded. Returns LIMBER_OK after a clean shutdown (*signo set to the
 * signal, or 0 when it stopped unused), else an error with *cause ("port 8765 is in use ...").
 */
enum limber_status web_serve(struct limber_catalog *cat,
    struct limber_journal *journal, const struct web_opts *o, int *signo,
    char **cause);

/* "web server" or why this build has none, for `limber --version`. */
const char *web_feature(void);

/*
 * A QR code of text, for --lan (libqrencode, in limber-web.so): a side of
 * *width modules, and *dark, malloc'd, width * width bytes row by row, 1
 * for a dark module. False when none can be made.
 */
bool web_qr(const char *text, int *width, unsigned char **dark);

#ifdef LIMBER_WEB_INTERNAL
/* ------------------------------------------------------------------ */
/* Inside web/.                                                        */

#include <pthread.h>

struct event_base;
struct i18n_lang;
struct evhttp;
struct evhttp_request;
struct evhttp_connection;
struct evconnlistener;
struct event;
struct web_loop;
struct web_conn;
struct web_tls;
struct web_tls_module;

/* Request bodies above this are refused (413). */
#define WEB_BODY_MAX (16 * 1024)
/* Connections open at once, slow ones included (server.c). */
#define WEB_CONNECTIONS_MAX 2000
/* On the network (--lan), connections open at once from one address. */
#define WEB_PER_IP_MAX 64
/* Threads answering requests: a handler that waits (the journal held by
   another program) holds one, and the other goes on. */
#define WEB_LOOPS 2
/* A request's line and headers, together. */
#define WEB_HEADERS_MAX (32 * 1024)
/* The longest a client may wait for new cues (GET /api/session?wait=). */
#define WEB_WAIT_MAX_S 25
/*
 * How long a request's write waits for another program holding the
 * journal (an import) before it answers that it could not: a handler that
 * waits holds the engine's lock and one of the server's two loops, and
 * the warning must not wait behind it (docs/reliability.md).
 */
#define WEB_JOURNAL_WAIT_MS 100
/* A session's records the journal refused are tried again this often,
   doubling up to the most, in real time (session.c). */
#define WEB_RETRY_MS 50
#define WEB_RETRY_MAX_MS 1000
/*
 * A paced session's first words are due this long after it is made: the
 * page fetches and decodes their sound once the session's answer has
 * come back (docs/voice.md, "The page"). Later cues are made ahead.
 */
#define WEB_VOICE_LEAD_MS 500
/* At shutdown, how long the records still waiting are tried. */
#define WEB_SHUTDOWN_SAVE_MS 15000

/*
 * What a handler returns: WEB_NO when its answer could not be queued (the
 * connection is then dropped). limber's own, so that the routes do not
 * name the HTTP library's types.
 */
enum web_result { WEB_NO = 0, WEB_YES = 1 };

struct web_req;
typedef enum web_result (*web_handler)(struct web_req *rq);

enum web_route_flags {
	WEB_BODY = 1 << 0,	/* takes a JSON object body */
	WEB_LOCK = 1 << 1,	/* runs with the engine and journal locked */
};

struct web_route {
	const char *method;	/* "GET" (HEAD too) or "POST" */
	const char *path;	/* "/api/stretches/:id/figure": one :param */
	web_handler handler;
	unsigned flags;
};

/* One guided session: the engine, its plan, its cues so far. */
struct web_session {
	int64_t serial;			/* from 1, in this server's life */
	struct limber_plan *plan;
	struct limber_session *s;
	struct limber_recorder *rec;	/* deferred: web_records_flush */
	json_t *cues;			/* every cue so far, as JSON */
	unsigned area;
	/* The check it was started under; when it stopped on a warning
	   (wall time), or 0. */
	int64_t screening, warned_at;
	/* A session replaced while records of it still wait (web.retired). */
	struct web_session *next;
	/*
	 * The page's voice: its rate in words a minute, the session paced by
	 * the server's synthesiser at it (voice.h, voice_pace); 0 and NULL
	 * when the page speaks nothing (docs/api.md, "The session").
	 */
	int voice_rate;
	struct voice_pace *pace;
	/*
	 * The language it was started in (that request's Accept-Language):
	 * its cues' words are made in it, whoever ticks the engine, and
	 * whatever language a later request asks for (web_session_use).
	 */
	const struct i18n_lang *lang;
};

/*
 * What a plan needs from the journal - the last check, the worse-after-
 * sessions flag, the doses - kept until the journal's count of changes
 * moves (limber_journal_change_count, kept in version), so that GET
 * /api/plan reads no table when nothing was recorded since
 * (route-check.c).
 */
struct web_context {
	bool valid;
	uint64_t version;
	struct limber_last_screening last;
	int64_t id;		/* the last check's screening id */
	const char **yes;	/* its yes answers: static question ids */
	size_t nyes;
	bool worse;
	struct limber_dose *doses;
	size_t ndoses;
	/*
	 * The stage and when each exercise was last done, counted back from
	 * read_at; web_plan_or_respond() ages them to now, so that the "last
	 * done" words stay true while the cache is kept.
	 */
	struct limber_plan_history history;
	/* Read at read_at; good until the journal changes or now is until. */
	int64_t read_at, until;
};

void web_context_release(struct web_context *c);

struct web {
	struct limber_catalog *cat;
	struct limber_journal *journal;
	bool lan;
	char token[33]; /* 32 hex digits, on every request */
	int port;
	/* HTTPS (--lan): the module and its certificates, or NULL. */
	const struct web_tls_module *tlsm;
	struct web_tls *tls;
	int64_t t0_ns;			/* CLOCK_MONOTONIC at session time 0 */
	int64_t speed;			/* 1; more under util_test_clock() */

	/* CLOCK_MONOTONIC of the last request that passed the checks
	   (atomic: both loops write it). */
	int64_t last_request_ns;
	pthread_mutex_t lock;		/* everything below */
	pthread_cond_t wake;		/* the timer thread's */
	bool quit;
	struct web_session *ses;	/* the current or last session */
	/* Earlier sessions whose records wait for the journal, kept until
	   they are in (session.c). */
	struct web_session *retired;
	/* The session time of the next try (or max), and the real ms of
	   the wait after it. */
	int64_t retry_at, retry_ms;
	int64_t serials;
	struct web_req *waiters;	/* suspended GET /api/session */
	struct web_context ctx;

	/* The loops, each with its thread, taking turns to accept on the
	   one listening socket (server.c). */
	struct web_loop {
		struct web *w;
		struct event_base *base;
		struct evhttp *http;
		struct evconnlistener *listener;
		/* Long polls resumed, for this loop's thread to answer. */
		struct web_req *resumed; /* under lock */
		struct event *resume_ev;
		pthread_t thread;
		bool running;
	} loops[WEB_LOOPS];
	/* The open connections of every loop. */
	pthread_mutex_t conns_lock;
	struct web_conn *conns;
	size_t nconns;
};

/* An open connection (server.c), counted for the limits. */
struct web_conn {
	struct web *w;
	struct web_loop *loop;
	uint32_t addr; /* IPv4, network order */
	struct evhttp_connection *evcon;
	struct web_req *pending; /* a long poll held on it */
	struct web_conn *next;
};

/* A query parameter, decoded; value NULL when the key had no '='. */
struct web_arg {
	char *key, *value;
};

struct web_req {
	struct web *w;
	struct evhttp_request *req;
	struct web_loop *loop; /* whose thread answers it */
	struct web_conn *conn; /* NULL if not counted */
	struct web_arg *args;  /* the query */
	size_t nargs;
	const struct web_route *route;
	/* The language its Accept-Language asks for (server.c sets it as
	   the thread's before the handler runs, each time it runs). */
	const struct i18n_lang *lang;
	char *param;			/* the :param of the path, or NULL */
	struct strbuf body;		/* at most WEB_BODY_MAX: full past it */
	json_t *json;			/* the body, parsed */
	enum web_result ret;		/* what the last answer returned */
	bool answered;
	bool set_cookie; /* a valid ?token= came */
	bool close;	 /* a refusal: the connection is closed after it */

	/* A long poll, suspended until cues come or wait_until. */
	bool suspended, resumed;
	int64_t wait_until;		/* session time, ms */
	struct web_req *next;
};

/*
 * server.c: libevent's callback for a whole request (arg is the struct
 * web_loop that read it). Not static so that tests/fuzz/fuzz-http.c can
 * drive every route through the same checks without a socket.
 */
void web_on_request(struct evhttp_request *req, void *arg);
/* server.c: the loop's event for long polls resumed (arg: the loop). */
void web_on_resume(int fd, short what, void *arg);

/* server.c: answers. Each returns rq->ret; they free what they are given. */
enum web_result web_respond_json(struct web_req *rq, unsigned status,
    json_t *json);
enum web_result web_respond_error(struct web_req *rq, unsigned status,
    const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
enum web_result web_respond_bytes(struct web_req *rq, unsigned status,
    const char *type, char *data, size_t len);

/* server.c: the first value of name in the query, decoded, or NULL. */
const char *web_query(struct web_req *rq, const char *name);
/* server.c: hold a long poll without an answer, or wake it so that its
   route answers it again (rq->resumed). Both run locked. */
void web_suspend(struct web_req *rq);
void web_resume(struct web_req *rq);

/* server.c: a stored time as "2025-03-14T09:30:00Z" into buf. */
const char *web_iso_time(char *buf, size_t size, int64_t t);

/*
 * Checking input; each answers 400 itself and returns false on bad input
 * (then return rq->ret), as redis's ...OrReply functions do.
 */
bool web_query_known_or_respond(struct web_req *rq,
    const char *const *names);
bool web_query_int_or_respond(struct web_req *rq, const char *name,
    long min, long max, long def, long *out);
bool web_fields_known_or_respond(struct web_req *rq,
    const char *const *names);
/* A body field: required, or absent (*present false when not NULL). */
bool web_field_int_or_respond(struct web_req *rq, const char *name,
    long min, long max, bool *present, long *out);
bool web_field_string_or_respond(struct web_req *rq, const char *name,
    size_t max, bool *present, const char **out);

/*
 * session.c: the session the server runs, which the routes and the timer
 * thread (server.c) drive; nothing there calls either. All but the clocks
 * run locked.
 */

/* CLOCK_MONOTONIC in ns; the session clock (ms since the server started,
   sped up under the test clock) and the wall clock. */
int64_t web_mono_ns(void);
int64_t web_now_ms(const struct web *w);
int64_t web_wall(void);

/* Ask the timer thread to look at the deadline again. */
void web_wake(struct web *w);
/* Resume every suspended long poll: its route answers it again. */
void web_resume_waiters(struct web *w);

/*
 * Make the session's language the thread's, before the engine makes cues
 * (ticked, or an input); returns the language it replaced, for
 * i18n_use() after. Without a session it changes nothing.
 */
const struct i18n_lang *web_session_use(struct web *w);
/* The engine: ticked by the timer thread, interrupted at shutdown. */
void web_session_tick(struct web *w);
int64_t web_session_deadline(const struct web *w);
void web_session_interrupt(struct web *w, const char *why);
void web_session_free(struct web_session *ws);
/* A session is under way (not ended). */
bool web_session_running(const struct web *w);
/* Keep every cue queued for the pages, record it, and wake the pages. */
void web_session_drain(struct web *w);
/* A new session takes the place of the last: its records still go in. */
void web_session_retire(struct web *w);
/* Records of any session wait for the journal. */
bool web_records_wait(const struct web *w);
/* The records of a warning: written by the timer thread, after the answer. */
void web_records_soon(struct web *w);
/*
 * Write the sessions' records that wait (locked), each write waiting at
 * most wait_ms for another program; wake the pages when some went in, and
 * set the next try when some are still refused. Returns how many wait.
 */
size_t web_records_flush(struct web *w, int wait_ms);
/* When the records that wait are tried again (session time), or max. */
int64_t web_records_deadline(const struct web *w);
/* Free the sessions; records still waiting are lost (at shutdown). */
void web_sessions_free(struct web *w);
/*
 * Whether a session stopped on a warning whose records still wait for
 * the journal (locked): *at gets when (wall time), *reason the reason it
 * is journalled with (malloc'd). It holds the day as the journal would.
 */
bool web_warning_waits(const struct web *w, int64_t *at, char **reason);

/*
 * A journal call on j failed with cause (taken): 503 journal-busy when
 * another program held the journal and nothing was written (the message
 * says to try again), else 500 journal.
 */
enum web_result web_journal_error(struct web_req *rq,
    const struct limber_journal *j, char *cause);
/* The journal on a connection of this request's own, for reading while
   others write (history, stats); NULL after answering 500. */
struct limber_journal *web_reader_or_respond(struct web_req *rq);

/* The handlers, one per route. */
enum web_result web_route_page(struct web_req *rq);
enum web_result web_route_info(struct web_req *rq);
enum web_result web_route_stretches(struct web_req *rq);
enum web_result web_route_stretch(struct web_req *rq);
enum web_result web_route_figure(struct web_req *rq);
enum web_result web_route_animation(struct web_req *rq);
enum web_result web_route_questions(struct web_req *rq);
enum web_result web_route_today(struct web_req *rq);
enum web_result web_route_check_get(struct web_req *rq);
enum web_result web_route_check_post(struct web_req *rq);
enum web_result web_route_next_day(struct web_req *rq);
enum web_result web_route_plan(struct web_req *rq);
enum web_result web_route_session_get(struct web_req *rq);
enum web_result web_route_session_start(struct web_req *rq);
enum web_result web_route_session_input(struct web_req *rq);
enum web_result web_route_session_warning(struct web_req *rq);
enum web_result web_route_pain(struct web_req *rq);
enum web_result web_route_mistake(struct web_req *rq);
enum web_result web_route_history(struct web_req *rq);
enum web_result web_route_stats(struct web_req *rq);
enum web_result web_route_voice(struct web_req *rq);
enum web_result web_route_measures(struct web_req *rq);
/* Whether the server can speak: the synthesiser started (route-voice.c). */
bool web_voice_ready(void);

/*
 * The routine asked for (GET /api/plan's query or POST /api/session's
 * body) made into a verdict and a plan, under the check that still holds
 * (route-check.c). On failure it has answered (409 check-needed, 409
 * blocked, 400) and returns false. With lock, it takes the server's
 * mutex itself for the part that reads the journal.
 */
struct web_routine {
	unsigned area;
	int minutes;
	enum limber_context context;
	enum limber_sport sport; /* NONE unless "sport" is given */
	unsigned limits;
	int pain;		/* -1: the check's own */
};

/* The routine from a JSON body (POST /api/session). */
bool web_routine_body_or_respond(struct web_req *rq, struct web_routine *r);

bool web_plan_or_respond(struct web_req *rq, const struct web_routine *r,
    struct limber_plan **plan, struct limber_verdict **verdict,
    int64_t *screening, int *pain, bool lock);

/*
 * The held day as a JSON object for the page (route-journal.c): *out NULL
 * when nothing holds today. Locked. False with *cause on a journal error.
 */
bool web_day_hold_json(struct web *w, json_t **out, char **cause);

/*
 * The outcome measures due now, as GET /api/today gives them
 * (route-measures.c): {"peg", "psfs", "activities", ...}. Locked. False
 * with *cause on a journal error.
 */
bool web_measures_due_json(struct web *w, json_t **out, char **cause);

/*
 * {"session": ...} as GET /api/session answers without since: the
 * session's state with no cues, or null (route-session.c). Locked.
 */
json_t *web_session_view(struct web *w);

/* The page's files, built in (web/embed-ui.py). */
struct web_file {
	const char *path;	/* "/app.js" */
	const char *type;	/* its Content-Type */
	const unsigned char *data;
	size_t len;
};
extern const struct web_file web_files[];
extern const size_t web_nfiles;

#endif /* LIMBER_WEB_INTERNAL */

#endif /* LIMBER_WEB_H */
