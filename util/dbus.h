/*
 * dbus.h - the D-Bus wire format, and nothing else: no socket, no bus,
 * no clock (the connections are cli/remind-idle.c's).
 *
 * limber-remind asks logind and the screensaver whether the person is
 * away. It needs four calls and two signals, so rather than libsystemd's
 * sd-bus or libdbus-1, which would more than double what the idle daemon
 * maps (docs/remind.md has the figures), it speaks the protocol itself:
 * this file writes a method call and reads any message, checking every
 * length, padding byte and signature as the D-Bus specification's
 * "Message Protocol" section asks, so that a bad or hostile message is
 * an error and never a read past the end.
 */
#ifndef LIMBER_UTIL_DBUS_H
#define LIMBER_UTIL_DBUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The largest message read. The replies and signals limber asks for are
 * a few hundred bytes; a bigger one is not for us, and the connection
 * that sends it is dropped rather than read through (docs/remind.md).
 */
#define DBUS_MAX_MESSAGE (128 * 1024)

/* The message types (the header's second byte). */
enum dbus_type {
	DBUS_INVALID,
	DBUS_METHOD_CALL,
	DBUS_METHOD_RETURN,
	DBUS_ERROR,
	DBUS_SIGNAL,
	DBUS_TYPE_COUNT,
};

/* One argument of a method call: its type ('s', 'o', 'b' or 'u'). */
struct dbus_arg {
	char type;
	const char *s; /* 's', 'o' */
	uint32_t u;    /* 'u'; 'b' is 0 or 1 */
};

/*
 * A method call, little-endian, protocol version 1: the bytes and their
 * number in *len (the caller frees them). sig holds one type per
 * argument, or is "" for none. dest and iface may be NULL. NULL when the
 * path or an argument is not what its type allows: an object path that
 * is not one, a string that is not UTF-8, a boolean other than 0 or 1,
 * a type other than s, o, b and u.
 */
uint8_t *dbus_method_call(uint32_t serial, const char *dest, const char *path,
    const char *iface, const char *member, const char *sig,
    const struct dbus_arg *args, size_t *len);

/*
 * How many bytes the message that starts buf needs, from its first 16:
 * 0 while fewer than 16 are there, -1 when those cannot start a message
 * (a bad byte order or version) or it would be longer than
 * DBUS_MAX_MESSAGE.
 */
long dbus_message_size(const uint8_t *buf, size_t len);

/*
 * A message read by dbus_parse. The strings point into the bytes given
 * to it, which must stay as they are while the message is used. A field
 * the message lacks is NULL (reply_serial 0).
 */
struct dbus_message {
	enum dbus_type type; /* DBUS_INVALID for a type of the future */
	uint8_t flags;
	bool big_endian;
	uint32_t serial, reply_serial;
	const char *path, *interface, *member, *error_name, *destination,
	    *sender;
	const char *signature; /* "" when there is no body */
	const uint8_t *body;
	size_t body_len;
};

/*
 * Parse the message of exactly len bytes at buf, body and all: on
 * success every value in it has been checked, so that a reader
 * (dbus_iter) finds only what the signature says. On failure false, and
 * *why says what is wrong, in English, for a message to a log.
 */
bool dbus_parse(const uint8_t *buf, size_t len, struct dbus_message *m,
    const char **why);

/*
 * A reader of values, inside a body or a container of it. Offsets are
 * from the body's start, which is 8-aligned in the message, so alignment
 * comes out the same.
 */
struct dbus_iter {
	const uint8_t *buf; /* the body */
	size_t pos, end;    /* where we are; where this container ends */
	bool be;	    /* big-endian */
	const char *sig;    /* the types to read */
	size_t siglen, sigpos;
	bool array; /* sig is one element's, repeated until end */
	int depth;  /* containers and variants around us */
	bool bad;   /* something did not fit: stop reading */
};

/* A reader of m's body. */
void dbus_iter_body(const struct dbus_message *m, struct dbus_iter *it);

/* The type of the next value ('s', 'a', '(', 'v', ...), or 0 at the end. */
char dbus_iter_type(const struct dbus_iter *it);

/*
 * Read the next value, which must be of a basic type, into *out: a
 * uint8_t for 'y', bool for 'b', int16_t/uint16_t for 'n'/'q',
 * int32_t/uint32_t for 'i'/'u'/'h', int64_t/uint64_t for 'x'/'t', double
 * for 'd', const char * for 's'/'o'/'g'. False (and it->bad) when it is
 * not basic or does not fit.
 */
bool dbus_iter_basic(struct dbus_iter *it, void *out);

/*
 * Step into the next value, an array, struct, dict entry or variant:
 * *sub reads its contents, and it moves past the whole of it.
 */
bool dbus_iter_recurse(struct dbus_iter *it, struct dbus_iter *sub);

/* Step over the next value, whatever its type. */
bool dbus_iter_skip(struct dbus_iter *it);

/*
 * The length of the single complete type at the start of sig (at most
 * len bytes), or 0 when there is none there or it nests deeper than the
 * specification allows (32 arrays, 32 structs).
 */
size_t dbus_sig_complete(const char *sig, size_t len);

#endif /* LIMBER_UTIL_DBUS_H */
