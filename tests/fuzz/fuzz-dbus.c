/*
 * fuzz-dbus.c - libFuzzer harness for the D-Bus wire format
 * (util/dbus.c), which reads what logind, the screensaver and anything
 * else on the person's session bus send to limber-remind.
 *
 * Any bytes must parse or be refused, never read past the end, loop or
 * leak. A message that parses is walked whole, value by value, stepping
 * into every container and variant, and skipped whole again; its path
 * and member are then written back into a method call, which must parse
 * to the same fields.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dbus.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
walk(struct dbus_iter *it)
{
	struct dbus_iter copy = *it, sub;
	char t;

	/* Skipping the whole must end where reading it value by value does. */
	while (dbus_iter_type(&copy) != 0) {
		if (!dbus_iter_skip(&copy))
			abort(); /* the body was checked when parsed */
	}
	while ((t = dbus_iter_type(it)) != 0) {
		union {
			uint64_t u;
			const char *s;
			bool b;
			double d;
		} v;

		if (t == 'a' || t == '(' || t == '{' || t == 'v') {
			if (!dbus_iter_recurse(it, &sub))
				abort();
			walk(&sub);
		} else if (!dbus_iter_basic(it, &v)) {
			abort();
		} else if ((t == 's' || t == 'o' || t == 'g') && v.s == NULL) {
			abort();
		}
	}
	if (it->bad || copy.pos != it->pos)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dbus_message m, back;
	struct dbus_iter it;
	const char *why;
	uint8_t *msg, *copy;
	size_t len;
	long want;

	/* The bytes in a buffer of their own, as a connection holds them. */
	copy = xmalloc(size + 1);
	memcpy(copy, data, size);
	want = dbus_message_size(copy, size);
	if (want > DBUS_MAX_MESSAGE)
		abort();
	if (!dbus_parse(copy, size, &m, &why)) {
		if (why == NULL)
			abort();
		free(copy);
		return 0;
	}
	if (want != (long)size)
		abort();
	dbus_iter_body(&m, &it);
	walk(&it);
	if (m.path != NULL && m.member != NULL) {
		msg = dbus_method_call(m.serial, m.destination, m.path,
		    m.interface, m.member, "", NULL, &len);
		if (msg == NULL || !dbus_parse(msg, len, &back, &why) ||
		    back.type != DBUS_METHOD_CALL ||
		    strcmp(back.path, m.path) != 0 ||
		    strcmp(back.member, m.member) != 0)
			abort();
		free(msg);
	}
	free(copy);
	return 0;
}
