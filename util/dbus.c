/*
 * dbus.c - the D-Bus wire format (dbus.h).
 *
 * Reading follows the specification's rules to the letter, as a bus
 * does: lengths within the message, zero padding up to each value's
 * alignment, booleans 0 or 1, strings without NUL inside and in UTF-8,
 * valid object paths and signatures, arrays, structs and variants nested
 * no deeper than it allows. Skipping is one linear walk, so a message
 * made of nested containers costs no more than its size.
 */
#include <stdint.h>

#include "dbus.h"
#include "util.h"

/* Nesting, as the specification limits it. */
#define MAX_ARRAYS 32
#define MAX_STRUCTS 32
#define MAX_DEPTH 64 /* containers and variants together */
#define MAX_ARRAY_BYTES (64u * 1024 * 1024)

/* Header field codes. */
enum {
	FIELD_PATH = 1,
	FIELD_INTERFACE,
	FIELD_MEMBER,
	FIELD_ERROR_NAME,
	FIELD_REPLY_SERIAL,
	FIELD_DESTINATION,
	FIELD_SENDER,
	FIELD_SIGNATURE,
	FIELD_UNIX_FDS,
};

static bool
is_basic(char c)
{
	return c != '\0' && strchr("ybnqiuxtdhsog", c) != NULL;
}

static size_t
align_of(char c)
{
	switch (c) {
	case 'n':
	case 'q':
		return 2;
	case 'b':
	case 'i':
	case 'u':
	case 'h':
	case 's':
	case 'o':
	case 'a':
		return 4;
	case 'x':
	case 't':
	case 'd':
	case '(':
	case '{':
		return 8;
	default: /* y, g, v */
		return 1;
	}
}

static size_t
sig_one(const char *s, size_t len, int arrays, int structs)
{
	size_t i, n;

	if (len == 0)
		return 0;
	if (is_basic(s[0]) || s[0] == 'v')
		return 1;
	if (s[0] == 'a') {
		if (arrays >= MAX_ARRAYS)
			return 0;
		if (len >= 2 && s[1] == '{') {
			/* A dict entry: a basic key and one value, only here. */
			if (structs >= MAX_STRUCTS || len < 3 ||
			    !is_basic(s[2]))
				return 0;
			n = sig_one(s + 3, len - 3, arrays + 1, structs + 1);
			if (n == 0 || 3 + n >= len || s[3 + n] != '}')
				return 0;
			return 4 + n;
		}
		n = sig_one(s + 1, len - 1, arrays + 1, structs);
		return n != 0 ? n + 1 : 0;
	}
	if (s[0] == '(') {
		if (structs >= MAX_STRUCTS)
			return 0;
		for (i = 1; i < len && s[i] != ')'; i += n) {
			n = sig_one(s + i, len - i, arrays, structs + 1);
			if (n == 0)
				return 0;
		}
		/* No empty struct, and it must close. */
		if (i >= len || i == 1)
			return 0;
		return i + 1;
	}
	return 0;
}

size_t
dbus_sig_complete(const char *sig, size_t len)
{
	return sig_one(sig, len, 0, 0);
}

/* A whole signature: complete types, at most 255 bytes. */
static bool
sig_valid(const char *sig, size_t len)
{
	size_t n;

	if (len > 255)
		return false;
	for (size_t i = 0; i < len; i += n) {
		n = sig_one(sig + i, len - i, 0, 0);
		if (n == 0)
			return false;
	}
	return true;
}

static bool
utf8_valid(const uint8_t *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint8_t c = s[i];
		uint32_t cp;
		size_t k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			k = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (n - i <= k)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + j] & 0x3f);
		}
		/* Overlong forms, surrogates and past U+10FFFF. */
		if ((k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return false;
		i += k + 1;
	}
	return true;
}

static bool
path_valid(const char *p, size_t n)
{
	if (n == 0 || p[0] != '/')
		return false;
	if (n == 1)
		return true;
	if (p[n - 1] == '/')
		return false;
	for (size_t i = 1; i < n; i++) {
		char c = p[i];

		if (c == '/') {
			if (p[i - 1] == '/')
				return false;
		} else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			       (c >= '0' && c <= '9') || c == '_')) {
			return false;
		}
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Reading.                                                             */

static uint16_t
get16(const uint8_t *p, bool be)
{
	return be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static uint32_t
get32(const uint8_t *p, bool be)
{
	return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		(uint32_t)p[2] << 8 | p[3] :
		    (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
		(uint32_t)p[1] << 8 | p[0];
}

static uint64_t
get64(const uint8_t *p, bool be)
{
	uint64_t a = get32(p, be), b = get32(p + 4, be);

	return be ? a << 32 | b : b << 32 | a;
}

static bool
fail(struct dbus_iter *it)
{
	it->bad = true;
	return false;
}

/* Step over the zero bytes up to alignment a. */
static bool
pad(struct dbus_iter *it, size_t a)
{
	while (it->pos % a != 0) {
		if (it->pos >= it->end || it->buf[it->pos] != 0)
			return fail(it);
		it->pos++;
	}
	return true;
}

static bool
take(struct dbus_iter *it, size_t n, const uint8_t **p)
{
	if (n > it->end - it->pos)
		return fail(it);
	*p = it->buf + it->pos;
	it->pos += n;
	return true;
}

/* A basic value of type t at it->pos; out may be NULL. */
static bool
read_basic(struct dbus_iter *it, char t, void *out)
{
	const uint8_t *p;
	size_t n;

	if (!pad(it, align_of(t)))
		return false;
	switch (t) {
	case 'y':
		if (!take(it, 1, &p))
			return false;
		if (out != NULL)
			*(uint8_t *)out = p[0];
		return true;
	case 'n':
	case 'q':
		if (!take(it, 2, &p))
			return false;
		if (out != NULL)
			*(uint16_t *)out = get16(p, it->be);
		return true;
	case 'b':
		if (!take(it, 4, &p))
			return false;
		if (get32(p, it->be) > 1)
			return fail(it);
		if (out != NULL)
			*(bool *)out = get32(p, it->be) == 1;
		return true;
	case 'i':
	case 'u':
	case 'h':
		if (!take(it, 4, &p))
			return false;
		if (out != NULL)
			*(uint32_t *)out = get32(p, it->be);
		return true;
	case 'x':
	case 't':
	case 'd':
		if (!take(it, 8, &p))
			return false;
		if (out != NULL) {
			uint64_t v = get64(p, it->be);

			memcpy(out, &v, sizeof v);
		}
		return true;
	case 's':
	case 'o':
	case 'g':
		if (t == 'g') {
			if (!take(it, 1, &p))
				return false;
			n = p[0];
		} else {
			if (!take(it, 4, &p))
				return false;
			n = get32(p, it->be);
		}
		if (n >= it->end - it->pos || !take(it, n + 1, &p))
			return fail(it);
		if (p[n] != 0 || memchr(p, 0, n) != NULL)
			return fail(it);
		if (t == 's' && !utf8_valid(p, n))
			return fail(it);
		if (t == 'o' && !path_valid((const char *)p, n))
			return fail(it);
		if (t == 'g' && !sig_valid((const char *)p, n))
			return fail(it);
		if (out != NULL)
			*(const char **)out = (const char *)p;
		return true;
	default:
		return fail(it);
	}
}

/*
 * Step over one value of the complete type t (tlen bytes of signature),
 * at depth containers and variants.
 */
static bool
skip_one(struct dbus_iter *it, const char *t, size_t tlen, int depth)
{
	if (tlen == 0)
		return fail(it);
	if (is_basic(t[0]))
		return read_basic(it, t[0], NULL);
	if (depth >= MAX_DEPTH)
		return fail(it);
	if (t[0] == 'v') {
		const char *vs;
		size_t vlen;

		if (!read_basic(it, 'g', &vs))
			return false;
		vlen = strlen(vs);
		if (vlen == 0 || dbus_sig_complete(vs, vlen) != vlen)
			return fail(it);
		return skip_one(it, vs, vlen, depth + 1);
	}
	if (t[0] == 'a') {
		uint32_t n;
		size_t end, outer = it->end;

		if (!read_basic(it, 'u', &n))
			return false;
		if (n > MAX_ARRAY_BYTES || !pad(it, align_of(t[1])) ||
		    n > it->end - it->pos)
			return fail(it);
		end = it->pos + n;
		it->end = end;
		while (it->pos < end) {
			if (!skip_one(it, t + 1, tlen - 1, depth + 1))
				break;
		}
		it->end = outer;
		/* An element must not run past the array's length. */
		return !it->bad && it->pos == end ? true : fail(it);
	}
	if (t[0] == '(' || t[0] == '{') {
		size_t i = 1, n;

		if (!pad(it, 8))
			return false;
		while (i < tlen - 1) {
			n = dbus_sig_complete(t + i, tlen - 1 - i);
			if (n == 0 || !skip_one(it, t + i, n, depth + 1))
				return fail(it);
			i += n;
		}
		return true;
	}
	return fail(it);
}

/* The length of the complete type the iterator is at. */
static size_t
here_len(const struct dbus_iter *it)
{
	/* An array's element is its whole signature (a dict entry, too). */
	if (it->array)
		return it->siglen;
	return dbus_sig_complete(it->sig + it->sigpos, it->siglen - it->sigpos);
}

static void
advance(struct dbus_iter *it, size_t n)
{
	if (!it->array)
		it->sigpos += n;
}

void
dbus_iter_body(const struct dbus_message *m, struct dbus_iter *it)
{
	*it = (struct dbus_iter){
		.buf = m->body,
		.end = m->body_len,
		.be = m->big_endian,
		.sig = m->signature,
		.siglen = strlen(m->signature),
	};
}

char
dbus_iter_type(const struct dbus_iter *it)
{
	if (it->bad)
		return 0;
	if (it->array)
		return it->pos < it->end ? it->sig[0] : 0;
	return it->sigpos < it->siglen ? it->sig[it->sigpos] : 0;
}

bool
dbus_iter_basic(struct dbus_iter *it, void *out)
{
	char t = dbus_iter_type(it);

	if (!is_basic(t) || !read_basic(it, t, out))
		return fail(it);
	advance(it, 1);
	return true;
}

bool
dbus_iter_skip(struct dbus_iter *it)
{
	size_t n;

	if (dbus_iter_type(it) == 0)
		return fail(it);
	n = here_len(it);
	if (!skip_one(it, it->sig + (it->array ? 0 : it->sigpos), n, it->depth))
		return false;
	advance(it, n);
	return true;
}

bool
dbus_iter_recurse(struct dbus_iter *it, struct dbus_iter *sub)
{
	char t = dbus_iter_type(it);
	const char *ts = it->sig + (it->array ? 0 : it->sigpos);
	struct dbus_iter end = *it;
	size_t n;

	if (t != 'a' && t != '(' && t != '{' && t != 'v')
		return fail(it);
	n = here_len(it);
	/* Where the whole value ends: one walk over a copy. */
	if (!skip_one(&end, ts, n, it->depth)) {
		it->bad = true;
		return false;
	}
	*sub = (struct dbus_iter){
		.buf = it->buf,
		.end = end.pos,
		.be = it->be,
		.depth = it->depth + 1,
	};
	if (t == 'a') {
		uint32_t len;

		read_basic(it, 'u', &len);
		pad(it, align_of(ts[1]));
		sub->pos = it->pos;
		sub->sig = ts + 1;
		sub->siglen = n - 1;
		sub->array = true;
	} else if (t == 'v') {
		const char *vs;

		read_basic(it, 'g', &vs);
		sub->pos = it->pos;
		sub->sig = vs;
		sub->siglen = strlen(vs);
	} else {
		pad(it, 8);
		sub->pos = it->pos;
		sub->sig = ts + 1;
		sub->siglen = n - 2;
	}
	it->pos = end.pos;
	advance(it, n);
	return true;
}

/* ------------------------------------------------------------------ */
/* Messages.                                                            */

long
dbus_message_size(const uint8_t *buf, size_t len)
{
	uint64_t fields, body, total;
	bool be;

	if (len < 16)
		return 0;
	if ((buf[0] != 'l' && buf[0] != 'B') || buf[3] != 1)
		return -1;
	be = buf[0] == 'B';
	body = get32(buf + 4, be);
	fields = get32(buf + 12, be);
	total = (16 + fields + 7) / 8 * 8 + body;
	return total > DBUS_MAX_MESSAGE ? -1 : (long)total;
}

/* The type a header field's variant must have, by its code; 0: any. */
static char
field_type(uint8_t code)
{
	static const char types[] = { 0, 'o', 's', 's', 's', 'u', 's', 's', 'g',
		'u' };

	return code < sizeof types ? types[code] : 0;
}

static bool
read_fields(struct dbus_iter *it, struct dbus_message *m, const char **why)
{
	struct dbus_iter fields, f, v;

	if (!dbus_iter_recurse(it, &fields)) {
		*why = "the header fields do not fit the message";
		return false;
	}
	while (dbus_iter_type(&fields) != 0) {
		uint8_t code;
		const char *s = NULL;
		uint32_t u = 0;
		char want;

		if (!dbus_iter_recurse(&fields, &f) ||
		    !dbus_iter_basic(&f, &code) || !dbus_iter_recurse(&f, &v)) {
			*why = "a header field is malformed";
			return false;
		}
		want = field_type(code);
		if (want == 0) {
			continue; /* a field of the future: ignored */
		}
		if (v.siglen != 1 || v.sig[0] != want) {
			*why = "a header field has the wrong type";
			return false;
		}
		if (!dbus_iter_basic(&v,
			want == 'u' ? (void *)&u : (void *)&s)) {
			*why = "a header field is malformed";
			return false;
		}
		switch (code) {
		case FIELD_PATH:
			m->path = s;
			break;
		case FIELD_INTERFACE:
			m->interface = s;
			break;
		case FIELD_MEMBER:
			m->member = s;
			break;
		case FIELD_ERROR_NAME:
			m->error_name = s;
			break;
		case FIELD_REPLY_SERIAL:
			if (u == 0) {
				*why = "the reply serial is 0";
				return false;
			}
			m->reply_serial = u;
			break;
		case FIELD_DESTINATION:
			m->destination = s;
			break;
		case FIELD_SENDER:
			m->sender = s;
			break;
		case FIELD_SIGNATURE:
			m->signature = s;
			break;
		default: /* UNIX_FDS: none are passed to us */
			break;
		}
	}
	return true;
}

bool
dbus_parse(const uint8_t *buf, size_t len, struct dbus_message *m,
    const char **why)
{
	struct dbus_iter it;
	long size = dbus_message_size(buf, len);
	size_t body_at;

	memset(m, 0, sizeof *m);
	m->signature = "";
	if (size <= 0 || (size_t)size != len) {
		*why = size < 0 ? "not a D-Bus message, or too long" :
				  "the message's length is not what it says";
		return false;
	}
	m->big_endian = buf[0] == 'B';
	m->type = buf[1] < DBUS_TYPE_COUNT ?
	    (enum dbus_type)buf[1] :
	    DBUS_INVALID;
	m->flags = buf[2];
	m->serial = get32(buf + 8, m->big_endian);
	if (buf[1] == DBUS_INVALID || m->serial == 0) {
		*why = "the message type or serial is 0";
		return false;
	}
	it = (struct dbus_iter){
		.buf = buf,
		.pos = 12,
		.end = len,
		.be = m->big_endian,
		.sig = "a(yv)",
		.siglen = 5,
	};
	if (!read_fields(&it, m, why))
		return false;
	body_at = (it.pos + 7) / 8 * 8;
	if (!pad(&it, 8) || body_at != len - get32(buf + 4, m->big_endian)) {
		*why = "bad padding after the header";
		return false;
	}
	m->body = buf + body_at;
	m->body_len = len - body_at;
	switch (m->type) {
	case DBUS_METHOD_CALL:
		if (m->path == NULL || m->member == NULL) {
			*why = "a method call without a path or member";
			return false;
		}
		break;
	case DBUS_SIGNAL:
		if (m->path == NULL || m->interface == NULL ||
		    m->member == NULL) {
			*why = "a signal without a path, interface or member";
			return false;
		}
		break;
	case DBUS_ERROR:
		if (m->error_name == NULL) {
			*why = "an error without a name";
			return false;
		}
		/* FALLTHROUGH */
	case DBUS_METHOD_RETURN:
		if (m->reply_serial == 0) {
			*why = "a reply without a reply serial";
			return false;
		}
		break;
	default:
		break;
	}
	/* The whole body, once, so that readers find what it says. */
	dbus_iter_body(m, &it);
	while (dbus_iter_type(&it) != 0) {
		if (!dbus_iter_skip(&it))
			break;
	}
	if (it.bad || it.pos != it.end) {
		*why = "the body does not match its signature";
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Writing.                                                             */

struct out {
	uint8_t *b;
	size_t len, cap;
};

static void
put(struct out *o, const void *p, size_t n)
{
	if (o->len + n > o->cap) {
		while (o->len + n > o->cap)
			o->cap = o->cap != 0 ? o->cap * 2 : 256;
		o->b = xreallocarray(o->b, o->cap, 1);
	}
	memcpy(o->b + o->len, p, n);
	o->len += n;
}

static void
put_pad(struct out *o, size_t a)
{
	static const uint8_t zeros[8];

	if (o->len % a != 0)
		put(o, zeros, a - o->len % a);
}

static void
put32(struct out *o, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
		(uint8_t)(v >> 24) };

	put_pad(o, 4);
	put(o, b, 4);
}

static void
put_string(struct out *o, const char *s)
{
	put32(o, (uint32_t)strlen(s));
	put(o, s, strlen(s) + 1);
}

static void
put_sig(struct out *o, const char *s)
{
	uint8_t n = (uint8_t)strlen(s);

	put(o, &n, 1);
	put(o, s, (size_t)n + 1);
}

static void
put_field(struct out *o, uint8_t code, char type, const char *s)
{
	char sig[2] = { type, '\0' };

	put_pad(o, 8);
	put(o, &code, 1);
	put_sig(o, sig);
	if (type == 'g')
		put_sig(o, s);
	else
		put_string(o, s);
}

uint8_t *
dbus_method_call(uint32_t serial, const char *dest, const char *path,
    const char *iface, const char *member, const char *sig,
    const struct dbus_arg *args, size_t *len)
{
	static const uint8_t start[4] = { 'l', DBUS_METHOD_CALL, 0, 1 };
	struct out o = { 0 };
	size_t nargs = strlen(sig), body_at, fields_end;

	if (nargs > 255 || !path_valid(path, strlen(path)))
		return NULL;
	for (size_t i = 0; i < nargs; i++) {
		if (args[i].type != sig[i] || strchr("sobu", sig[i]) == NULL ||
		    (sig[i] == 'o' &&
			!path_valid(args[i].s, strlen(args[i].s))) ||
		    (sig[i] == 'b' && args[i].u > 1) ||
		    (sig[i] == 's' &&
			!utf8_valid((const uint8_t *)args[i].s,
			    strlen(args[i].s))))
			return NULL;
	}
	put(&o, start, 4);
	put32(&o, 0); /* the body's length, below */
	put32(&o, serial);
	put32(&o, 0); /* the fields' length, below */
	put_field(&o, FIELD_PATH, 'o', path);
	if (iface != NULL)
		put_field(&o, FIELD_INTERFACE, 's', iface);
	put_field(&o, FIELD_MEMBER, 's', member);
	if (dest != NULL)
		put_field(&o, FIELD_DESTINATION, 's', dest);
	if (nargs > 0)
		put_field(&o, FIELD_SIGNATURE, 'g', sig);
	fields_end = o.len;
	put_pad(&o, 8);
	body_at = o.len;
	for (size_t i = 0; i < nargs; i++) {
		if (sig[i] == 's' || sig[i] == 'o')
			put_string(&o, args[i].s);
		else
			put32(&o, args[i].u);
	}
	for (int k = 0; k < 4; k++) {
		o.b[4 + k] = (uint8_t)((o.len - body_at) >> (8 * k));
		o.b[12 + k] = (uint8_t)((fields_end - 16) >> (8 * k));
	}
	*len = o.len;
	return o.b;
}
