/*
 * remind-idle.c - logind and the screensaver over D-Bus, for the
 * reminder daemon (remind-idle.h).
 *
 * A client of its own on util/dbus.c rather than sd-bus or libdbus-1:
 * on Debian 12 a program that links libsystemd.so.0 maps libgcrypt,
 * liblzma, libzstd, liblz4 and libcap with it, and libdbus-1 links
 * libsystemd. Measured on 5 December 2026 with a program that only prints
 * its VmRSS: 1140 kB alone, 2104 kB linked with libsystemd, 3016 kB once
 * sd_bus_open_system() has run, 2236 kB linked with libdbus-1. The idle
 * daemon is 2.4 MB and must stay under 3 MB, so it speaks the protocol
 * itself: connect, SASL EXTERNAL, Hello, five method calls and two
 * signals.
 */
#include <errno.h>
#include <stddef.h>
#include <poll.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "dbus.h"
#include "i18n.h"
#include "remind-idle.h"
#include "util.h"

/* How long opening may wait for a bus to answer, per bus. */
#define SETUP_MS 2000

#define LOGIND "org.freedesktop.login1"
#define DBUS_NAME "org.freedesktop.DBus"
#define DBUS_PATH "/org/freedesktop/DBus"
#define PROPS "org.freedesktop.DBus.Properties"

struct conn {
	int fd;		 /* -1: none, or lost */
	const char *bus; /* "system" or "session", for messages */
	uint8_t *in;	 /* bytes read, not yet a whole message */
	size_t inlen;
	uint32_t serial; /* of the last call sent */
};

struct remind_idle {
	struct conn sys, ses;
	unsigned sources;
	char *session;	   /* logind's session object path */
	const char *saver; /* the screensaver's bus name */
	bool idle, locked, active;
	int64_t idle_since; /* IdleSinceHint, in seconds; 0: none */
	bool away;
	int64_t since;
};

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
left_ms(int64_t deadline)
{
	int64_t left = deadline - mono_ms();

	return left > 0 ? (int)left : 0;
}

static void
conn_drop(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->in);
	c->in = NULL;
	c->inlen = 0;
}

/* ------------------------------------------------------------------ */
/* Connecting.                                                          */

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One address's value, with its %xx escapes undone; NULL when bad. */
static char *
unescape(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] != '%') {
			*o++ = s[i];
			continue;
		}
		hi = i + 2 < n ? hex_digit(s[i + 1]) : -1;
		lo = i + 2 < n ? hex_digit(s[i + 2]) : -1;
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			free(out);
			return NULL;
		}
		*o++ = (char)(hi << 4 | lo);
		i += 2;
	}
	*o = '\0';
	return out;
}

/* Connect to one "unix:path=..." or "unix:abstract=..." address. */
static int
connect_one(const char *addr, size_t len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *p = addr + 5, *end = addr + len, *v;
	char *value = NULL;
	bool abstract = false;
	socklen_t salen;
	int fd;

	if (len < 5 || strncmp(addr, "unix:", 5) != 0)
		return -1;
	/* key=value pairs separated by ','; guid and others are not needed. */
	while (p < end && value == NULL) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma != NULL ? comma : end;

		v = memchr(p, '=', (size_t)(stop - p));
		if (v != NULL && v - p == 4 && strncmp(p, "path", 4) == 0) {
			value = unescape(v + 1, (size_t)(stop - v - 1));
		} else if (v != NULL && v - p == 8 &&
		    strncmp(p, "abstract", 8) == 0) {
			value = unescape(v + 1, (size_t)(stop - v - 1));
			abstract = true;
		}
		p = stop + 1;
	}
	if (value == NULL ||
	    strlen(value) + 1 + abstract > sizeof sa.sun_path) {
		free(value);
		return -1;
	}
	memcpy(sa.sun_path + abstract, value, strlen(value));
	salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + abstract +
	    strlen(value) + (abstract ? 0 : 1));
	free(value);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, salen) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The first address of a ';'-separated list that connects. */
static int
connect_bus(const char *addrs)
{
	const char *p = addrs;

	while (p != NULL && *p != '\0') {
		const char *semi = strchr(p, ';');
		size_t n = semi != NULL ? (size_t)(semi - p) : strlen(p);
		int fd = connect_one(p, n);

		if (fd >= 0)
			return fd;
		p = semi != NULL ? semi + 1 : NULL;
	}
	return -1;
}

static bool
send_all(struct conn *c, const void *data, size_t len, int64_t deadline)
{
	const uint8_t *p = data;

	while (len > 0) {
		ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);

		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return false;
		struct pollfd pfd = { .fd = c->fd, .events = POLLOUT };

		if (left_ms(deadline) == 0 ||
		    poll(&pfd, 1, left_ms(deadline)) <= 0)
			return false;
	}
	return true;
}

/*
 * Fill c->in with what the socket has, waiting until deadline for at
 * least something (deadline 0: not at all). 1: bytes came; 0: none yet;
 * -1: the connection closed or failed.
 */
static int
fill(struct conn *c, int64_t deadline)
{
	ssize_t n;

	if (c->in == NULL)
		c->in = xmalloc(DBUS_MAX_MESSAGE);
	if (c->inlen == DBUS_MAX_MESSAGE)
		return -1;
	for (;;) {
		n = read(c->fd, c->in + c->inlen, DBUS_MAX_MESSAGE - c->inlen);
		if (n > 0) {
			c->inlen += (size_t)n;
			return 1;
		}
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			return -1;
		if (deadline == 0 || left_ms(deadline) == 0)
			return 0;
		struct pollfd pfd = { .fd = c->fd, .events = POLLIN };

		if (poll(&pfd, 1, left_ms(deadline)) < 0 && errno != EINTR)
			return -1;
	}
}

/*
 * The next whole message, into *m (pointing into *buf, which the caller
 * frees). 1: one; 0: none yet (by deadline); -1: lost, or a message that
 * is bad or longer than DBUS_MAX_MESSAGE: the connection is then dropped
 * rather than read through, since nothing we ask for is that long.
 */
static int
next_message(struct conn *c, int64_t deadline, uint8_t **buf,
    struct dbus_message *m)
{
	for (;;) {
		long size = dbus_message_size(c->in,
		    c->in != NULL ? c->inlen : 0);
		const char *why;
		int r;

		if (size < 0)
			return -1;
		if (size > 0 && c->inlen >= (size_t)size) {
			*buf = xmalloc((size_t)size);
			memcpy(*buf, c->in, (size_t)size);
			c->inlen -= (size_t)size;
			memmove(c->in, c->in + size, c->inlen);
			if (!dbus_parse(*buf, (size_t)size, m, &why)) {
				free(*buf);
				*buf = NULL;
				return -1;
			}
			return 1;
		}
		r = fill(c, deadline);
		if (r <= 0)
			return r;
	}
}

/* SASL EXTERNAL with our uid, then BEGIN. */
static bool
authenticate(struct conn *c, int64_t deadline)
{
	char uid[32], line[96], *hex = line;
	char *eol;
	size_t n;

	snprintf(uid, sizeof uid, "%u", (unsigned)getuid());
	n = (size_t)snprintf(line, sizeof line, "%cAUTH EXTERNAL ", '\0');
	for (const char *p = uid; *p != '\0'; p++)
		n += (size_t)snprintf(hex + n, sizeof line - n, "%02x",
		    (unsigned char)*p);
	n += (size_t)snprintf(line + n, sizeof line - n, "\r\n");
	if (!send_all(c, line, n, deadline))
		return false;
	while ((c->in == NULL ||
	    (eol = memchr(c->in, '\n', c->inlen)) == NULL)) {
		if (c->in != NULL && c->inlen > 512)
			return false;
		if (fill(c, deadline) <= 0)
			return false;
	}
	if (c->inlen < 3 || memcmp(c->in, "OK ", 3) != 0)
		return false;
	/* Nothing follows OK until BEGIN: what is left is dropped. */
	c->inlen = 0;
	return send_all(c, "BEGIN\r\n", 7, deadline);
}

static bool handle(struct remind_idle *idle, struct conn *c,
    const struct dbus_message *m, int64_t now, char **note);

/*
 * A method call, waiting for its reply until deadline; other messages
 * meanwhile are handled as they come. On success *reply holds it (its
 * bytes in *buf, to free) and it was not an error.
 */
static bool
call(struct remind_idle *idle, struct conn *c, const char *dest,
    const char *path, const char *iface, const char *member, const char *sig,
    const struct dbus_arg *args, int64_t deadline, int64_t now, uint8_t **buf,
    struct dbus_message *reply)
{
	size_t len;
	uint8_t *msg = dbus_method_call(++c->serial, dest, path, iface, member,
	    sig, args, &len);
	bool ok;

	*buf = NULL;
	if (msg == NULL)
		return false;
	ok = send_all(c, msg, len, deadline);
	free(msg);
	while (ok) {
		if (next_message(c, deadline, buf, reply) <= 0)
			return false;
		if ((reply->type == DBUS_METHOD_RETURN ||
			reply->type == DBUS_ERROR) &&
		    reply->reply_serial == c->serial)
			break;
		handle(idle, c, reply, now, NULL);
		free(*buf);
		*buf = NULL;
	}
	if (reply->type == DBUS_ERROR) {
		free(*buf);
		*buf = NULL;
		return false;
	}
	return true;
}

/* A call whose reply does not matter beyond its success. */
static bool
call0(struct remind_idle *idle, struct conn *c, const char *dest,
    const char *path, const char *iface, const char *member, const char *sig,
    const struct dbus_arg *args, int64_t deadline, int64_t now)
{
	struct dbus_message m;
	uint8_t *buf;
	bool ok = call(idle, c, dest, path, iface, member, sig, args, deadline,
	    now, &buf, &m);

	free(buf);
	return ok;
}

static bool
add_match(struct remind_idle *idle, struct conn *c, const char *rule,
    int64_t deadline, int64_t now)
{
	struct dbus_arg a = { .type = 's', .s = rule };

	return call0(idle, c, DBUS_NAME, DBUS_PATH, DBUS_NAME, "AddMatch", "s",
	    &a, deadline, now);
}

/* Connect, authenticate and say Hello. */
static bool
conn_open(struct remind_idle *idle, struct conn *c, const char *addrs,
    int64_t deadline, int64_t now)
{
	c->fd = connect_bus(addrs);
	if (c->fd < 0)
		return false;
	if (!authenticate(c, deadline) ||
	    !call0(idle, c, DBUS_NAME, DBUS_PATH, DBUS_NAME, "Hello", "", NULL,
		deadline, now)) {
		conn_drop(c);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* The state.                                                           */

static bool
update(struct remind_idle *idle, int64_t now)
{
	bool logind = (idle->sources & REMIND_IDLE_LOGIND) != 0;
	bool saver = (idle->sources & REMIND_IDLE_SCREENSAVER) != 0;
	bool away = (logind && (idle->idle || idle->locked)) ||
	    (saver && idle->active);

	if (away == idle->away)
		return false;
	idle->away = away;
	idle->since = now;
	if (away && logind && idle->idle && idle->idle_since > 0 &&
	    idle->idle_since <= now)
		idle->since = idle->idle_since;
	return true;
}

/* The Session's properties, from GetAll or PropertiesChanged: a{sv}. */
static void
read_props(struct remind_idle *idle, struct dbus_iter *dict)
{
	struct dbus_iter e, v;

	while (dbus_iter_type(dict) == '{') {
		const char *key;
		uint64_t t;
		bool b;

		if (!dbus_iter_recurse(dict, &e) ||
		    !dbus_iter_basic(&e, &key) || !dbus_iter_recurse(&e, &v))
			return;
		if (strcmp(key, "IdleHint") == 0 && dbus_iter_type(&v) == 'b' &&
		    dbus_iter_basic(&v, &b))
			idle->idle = b;
		else if (strcmp(key, "LockedHint") == 0 &&
		    dbus_iter_type(&v) == 'b' && dbus_iter_basic(&v, &b))
			idle->locked = b;
		else if (strcmp(key, "IdleSinceHint") == 0 &&
		    dbus_iter_type(&v) == 't' && dbus_iter_basic(&v, &t))
			idle->idle_since = (int64_t)(t / 1000000);
	}
}

/* A source has gone (said once, in words): the person counts as present. */
static void
lose(struct remind_idle *idle, unsigned source, bool closed, char **note)
{
	const char *what;

	if ((idle->sources & source) == 0)
		return;
	idle->sources &= ~source;
	if (note == NULL || *note != NULL)
		return;
	if (source == REMIND_IDLE_LOGIND)
		what = closed ?
		    _("the system bus closed, so logind can no "
		      "longer say when you are away: you count as "
		      "present from now on") :
		    _("logind left the system bus: you count as "
		      "present from now on");
	else
		what = closed ?
		    _("the session bus closed, so the screensaver "
		      "can no longer say when you are away: you "
		      "count as present from now on") :
		    _("the screensaver left the session bus: you "
		      "count as present from now on");
	*note = xstrdup(what);
}

static bool
is(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

/* A signal (or any message) from a bus; returns whether it was ours. */
static bool
handle(struct remind_idle *idle, struct conn *c, const struct dbus_message *m,
    int64_t now, char **note)
{
	struct dbus_iter it, sub;
	const char *s, *old, *new;
	bool b;

	(void)now;
	if (m->type != DBUS_SIGNAL)
		return false;
	dbus_iter_body(m, &it);
	if (c == &idle->sys && idle->session != NULL &&
	    is(m->member, "PropertiesChanged") && is(m->interface, PROPS) &&
	    is(m->path, idle->session) && is(m->signature, "sa{sv}as")) {
		if (dbus_iter_basic(&it, &s) &&
		    strcmp(s, "org.freedesktop.login1.Session") == 0 &&
		    dbus_iter_recurse(&it, &sub))
			read_props(idle, &sub);
		return true;
	}
	if (c == &idle->ses && is(m->member, "ActiveChanged") &&
	    (is(m->interface, "org.freedesktop.ScreenSaver") ||
		is(m->interface, "org.gnome.ScreenSaver")) &&
	    is(m->signature, "b")) {
		if (dbus_iter_basic(&it, &b))
			idle->active = b;
		return true;
	}
	if (is(m->member, "NameOwnerChanged") && is(m->sender, DBUS_NAME) &&
	    is(m->signature, "sss") && dbus_iter_basic(&it, &s) &&
	    dbus_iter_basic(&it, &old) && dbus_iter_basic(&it, &new) &&
	    *new == '\0') {
		if (c == &idle->sys && strcmp(s, LOGIND) == 0)
			lose(idle, REMIND_IDLE_LOGIND, false, note);
		else if (c == &idle->ses && idle->saver != NULL &&
		    strcmp(s, idle->saver) == 0)
			lose(idle, REMIND_IDLE_SCREENSAVER, false, note);
		return true;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Finding the sources.                                                 */

static void
open_logind(struct remind_idle *idle, int64_t now)
{
	const char *env = getenv("DBUS_SYSTEM_BUS_ADDRESS");
	int64_t deadline = mono_ms() + SETUP_MS;
	struct dbus_arg a = { .type = 's', .s = "auto" };
	struct dbus_message m;
	struct dbus_iter it, sub;
	const char *path;
	char *rule;
	uint8_t *buf;
	bool ok;

	if (!conn_open(idle, &idle->sys,
		env != NULL && *env != '\0' ?
		    env :
		    "unix:path=/run/dbus/system_bus_socket",
		deadline, now))
		return;
	if (!call(idle, &idle->sys, LOGIND, "/org/freedesktop/login1",
		LOGIND ".Manager", "GetSession", "s", &a, deadline, now, &buf,
		&m))
		goto fail;
	dbus_iter_body(&m, &it);
	ok = dbus_iter_type(&it) == 'o' && dbus_iter_basic(&it, &path);
	if (ok)
		idle->session = xstrdup(path);
	free(buf);
	if (!ok)
		goto fail;
	/* The matches first, so that no change between them and GetAll is lost. */
	rule = xasprintf("type='signal',sender='" LOGIND "',path='%s',"
			 "interface='" PROPS "',member='PropertiesChanged'",
	    idle->session);
	ok = add_match(idle, &idle->sys, rule, deadline, now);
	free(rule);
	if (!ok ||
	    !add_match(idle, &idle->sys,
		"type='signal',sender='" DBUS_NAME
		"',member='NameOwnerChanged',"
		"arg0='" LOGIND "'",
		deadline, now))
		goto fail;
	a.s = "org.freedesktop.login1.Session";
	if (!call(idle, &idle->sys, LOGIND, idle->session, PROPS, "GetAll", "s",
		&a, deadline, now, &buf, &m))
		goto fail;
	dbus_iter_body(&m, &it);
	ok = dbus_iter_type(&it) == 'a' && dbus_iter_recurse(&it, &sub);
	if (ok)
		read_props(idle, &sub);
	free(buf);
	if (!ok)
		goto fail;
	idle->sources |= REMIND_IDLE_LOGIND;
	return;
fail:
	free(idle->session);
	idle->session = NULL;
	conn_drop(&idle->sys);
}

static bool
has_owner(struct remind_idle *idle, const char *name, int64_t deadline,
    int64_t now)
{
	struct dbus_arg a = { .type = 's', .s = name };
	struct dbus_message m;
	struct dbus_iter it;
	uint8_t *buf;
	bool b = false;

	if (!call(idle, &idle->ses, DBUS_NAME, DBUS_PATH, DBUS_NAME,
		"NameHasOwner", "s", &a, deadline, now, &buf, &m))
		return false;
	dbus_iter_body(&m, &it);
	if (dbus_iter_type(&it) != 'b' || !dbus_iter_basic(&it, &b))
		b = false;
	free(buf);
	return b;
}

static void
open_screensaver(struct remind_idle *idle, int64_t now)
{
	const char *env = getenv("DBUS_SESSION_BUS_ADDRESS");
	int64_t deadline = mono_ms() + SETUP_MS;
	struct dbus_message m;
	struct dbus_iter it;
	const char *path;
	char *rule;
	uint8_t *buf;
	bool ok, b;

	if (env == NULL || *env == '\0' ||
	    !conn_open(idle, &idle->ses, env, deadline, now))
		return;
	if (has_owner(idle, "org.freedesktop.ScreenSaver", deadline, now)) {
		idle->saver = "org.freedesktop.ScreenSaver";
		path = "/org/freedesktop/ScreenSaver";
	} else if (has_owner(idle, "org.gnome.ScreenSaver", deadline, now)) {
		idle->saver = "org.gnome.ScreenSaver";
		path = "/org/gnome/ScreenSaver";
	} else {
		goto fail;
	}
	rule = xasprintf("type='signal',sender='" DBUS_NAME "',"
			 "member='NameOwnerChanged',arg0='%s'",
	    idle->saver);
	ok = add_match(idle, &idle->ses, rule, deadline, now);
	free(rule);
	if (!ok ||
	    !add_match(idle, &idle->ses,
		"type='signal',interface="
		"'org.freedesktop.ScreenSaver',member='ActiveChanged'",
		deadline, now) ||
	    !add_match(idle, &idle->ses,
		"type='signal',interface="
		"'org.gnome.ScreenSaver',member='ActiveChanged'",
		deadline, now))
		goto fail;
	if (!call(idle, &idle->ses, idle->saver, path, idle->saver, "GetActive",
		"", NULL, deadline, now, &buf, &m))
		goto fail;
	dbus_iter_body(&m, &it);
	ok = dbus_iter_type(&it) == 'b' && dbus_iter_basic(&it, &b);
	if (ok)
		idle->active = b;
	free(buf);
	if (!ok)
		goto fail;
	idle->sources |= REMIND_IDLE_SCREENSAVER;
	return;
fail:
	idle->saver = NULL;
	conn_drop(&idle->ses);
}

struct remind_idle *
remind_idle_open(int64_t now)
{
	struct remind_idle *idle = xcalloc(1, sizeof *idle);

	idle->sys = (struct conn){ .fd = -1, .bus = "system" };
	idle->ses = (struct conn){ .fd = -1, .bus = "session" };
	open_logind(idle, now);
	open_screensaver(idle, now);
	update(idle, now);
	return idle;
}

unsigned
remind_idle_sources(const struct remind_idle *idle)
{
	return idle->sources;
}

const char *
remind_idle_words(unsigned sources)
{
	/* Each stands for %s in "limber hears from %s when you are idle". */
	switch (sources & (REMIND_IDLE_LOGIND | REMIND_IDLE_SCREENSAVER)) {
	case REMIND_IDLE_LOGIND:
		/* TRANSLATORS: for "limber hears from %s": the form that fits. */
		return _("logind");
	case REMIND_IDLE_SCREENSAVER:
		/* TRANSLATORS: for "limber hears from %s": the form that fits. */
		return _("the screensaver");
	case REMIND_IDLE_LOGIND | REMIND_IDLE_SCREENSAVER:
		/* TRANSLATORS: for "limber hears from %s": the form that fits. */
		return _("logind and the screensaver");
	default:
		return NULL;
	}
}

size_t
remind_idle_fds(const struct remind_idle *idle, int fds[2])
{
	size_t n = 0;

	if (idle->sys.fd >= 0)
		fds[n++] = idle->sys.fd;
	if (idle->ses.fd >= 0)
		fds[n++] = idle->ses.fd;
	return n;
}

bool
remind_idle_read(struct remind_idle *idle, int fd, int64_t now, char **note)
{
	struct conn *c = fd == idle->sys.fd ? &idle->sys : &idle->ses;
	unsigned source = c == &idle->sys ?
	    REMIND_IDLE_LOGIND :
	    REMIND_IDLE_SCREENSAVER;
	struct dbus_message m;
	uint8_t *buf;
	int r;

	if (note != NULL)
		*note = NULL;
	if (fd < 0 || c->fd != fd)
		return false;
	while ((r = next_message(c, 0, &buf, &m)) > 0) {
		handle(idle, c, &m, now, note);
		free(buf);
	}
	if (r < 0) {
		conn_drop(c);
		lose(idle, source, true, note);
	}
	return update(idle, now);
}

bool
remind_idle_away(const struct remind_idle *idle, int64_t *since)
{
	if (since != NULL)
		*since = idle->since;
	return idle->away;
}

void
remind_idle_close(struct remind_idle *idle)
{
	if (idle == NULL)
		return;
	conn_drop(&idle->sys);
	conn_drop(&idle->ses);
	free(idle->session);
	free(idle);
}
