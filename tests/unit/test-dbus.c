/*
 * test-dbus.c - util/dbus.h, the D-Bus wire format: the method calls
 * limber-remind writes, read back; the messages of the fuzz corpus
 * (written by GIO, tests/fuzz/gen-dbus-corpus.c), little- and big-endian,
 * read value by value; and what must be refused: a byte short, padding
 * that is not zero, a boolean of 2, an array longer than its message,
 * nesting past the specification's limits, a message past 128 KiB.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dbus.h"
#include "util.h"

/* A corpus file, read whole (the caller frees it). */
static uint8_t *
seed(const char *name, size_t *len)
{
	const char *data = getenv("LIMBER_TEST_DATA");
	char *path, *cause = NULL, *text;

	assert_non_null(data);
	path = xasprintf("%s/../fuzz/corpus/dbus/%s", data, name);
	text = util_read_file(path, DBUS_MAX_MESSAGE, len, &cause);
	if (text == NULL)
		fail_msg("%s", cause);
	free(path);
	return (uint8_t *)text;
}

static void
test_a_method_call_reads_back(void **state)
{
	struct dbus_arg args[] = {
		{ .type = 's', .s = "auto" },
		{ .type = 'o', .s = "/org/freedesktop/login1" },
		{ .type = 'b', .u = 1 },
		{ .type = 'u', .u = 4242 },
	};
	struct dbus_message m;
	struct dbus_iter it;
	const char *why, *s;
	uint32_t u;
	bool b;
	size_t len;
	uint8_t *msg = dbus_method_call(7, "org.freedesktop.login1",
	    "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
	    "GetSession", "sobu", args, &len);

	(void)state;
	assert_non_null(msg);
	assert_int_equal(len % 8, 0);
	assert_int_equal(dbus_message_size(msg, len), (long)len);
	assert_true(dbus_parse(msg, len, &m, &why));
	assert_int_equal(m.type, DBUS_METHOD_CALL);
	assert_int_equal(m.serial, 7);
	assert_false(m.big_endian);
	assert_string_equal(m.destination, "org.freedesktop.login1");
	assert_string_equal(m.path, "/org/freedesktop/login1");
	assert_string_equal(m.interface, "org.freedesktop.login1.Manager");
	assert_string_equal(m.member, "GetSession");
	assert_string_equal(m.signature, "sobu");
	dbus_iter_body(&m, &it);
	assert_true(dbus_iter_basic(&it, &s));
	assert_string_equal(s, "auto");
	assert_true(dbus_iter_basic(&it, &s));
	assert_string_equal(s, "/org/freedesktop/login1");
	assert_true(dbus_iter_basic(&it, &b));
	assert_true(b);
	assert_true(dbus_iter_basic(&it, &u));
	assert_int_equal(u, 4242);
	assert_int_equal(dbus_iter_type(&it), 0);
	free(msg);

	/* Hello: no body, no signature field. */
	msg = dbus_method_call(1, "org.freedesktop.DBus",
	    "/org/freedesktop/DBus", "org.freedesktop.DBus", "Hello", "", NULL,
	    &len);
	assert_true(dbus_parse(msg, len, &m, &why));
	assert_string_equal(m.signature, "");
	assert_int_equal(m.body_len, 0);
	free(msg);

	/* Arguments that are not what the signature says are refused. */
	args[1].s = "not/a/path";
	assert_null(dbus_method_call(2, NULL, "/", NULL, "X", "o", &args[1],
	    &len));
	assert_null(dbus_method_call(2, NULL, "/", NULL, "X", "s", &args[3],
	    &len));
	assert_null(dbus_method_call(2, NULL, "bad//path", NULL, "X", "", NULL,
	    &len));
}

/* IdleHint, IdleSinceHint and LockedHint of an a{sv}; how many entries. */
static int
session_props(struct dbus_iter *dict, bool *idle, uint64_t *since, bool *locked)
{
	struct dbus_iter e, v;
	int n = 0;

	while (dbus_iter_type(dict) == '{') {
		const char *key;

		assert_true(dbus_iter_recurse(dict, &e));
		assert_true(dbus_iter_basic(&e, &key));
		assert_true(dbus_iter_recurse(&e, &v));
		if (strcmp(key, "IdleHint") == 0)
			assert_true(dbus_iter_basic(&v, idle));
		else if (strcmp(key, "IdleSinceHint") == 0)
			assert_true(dbus_iter_basic(&v, since));
		else if (strcmp(key, "LockedHint") == 0)
			assert_true(dbus_iter_basic(&v, locked));
		else
			assert_true(dbus_iter_skip(&v));
		assert_int_equal(dbus_iter_type(&v), 0);
		n++;
	}
	assert_false(dict->bad);
	return n;
}

static void
properties_changed(const char *name, bool big, bool want_idle, bool want_locked)
{
	struct dbus_message m;
	struct dbus_iter it, dict, names;
	const char *why, *s;
	bool idle = !want_idle, locked = !want_locked;
	uint64_t since = 1;
	size_t len;
	uint8_t *msg = seed(name, &len);

	assert_true(dbus_parse(msg, len, &m, &why));
	assert_int_equal(m.big_endian, big);
	assert_int_equal(m.type, DBUS_SIGNAL);
	assert_string_equal(m.sender, ":1.4");
	assert_string_equal(m.path, "/org/freedesktop/login1/session/_32");
	assert_string_equal(m.interface, "org.freedesktop.DBus.Properties");
	assert_string_equal(m.member, "PropertiesChanged");
	assert_string_equal(m.signature, "sa{sv}as");
	dbus_iter_body(&m, &it);
	assert_true(dbus_iter_basic(&it, &s));
	assert_string_equal(s, "org.freedesktop.login1.Session");
	assert_true(dbus_iter_recurse(&it, &dict));
	assert_int_equal(session_props(&dict, &idle, &since, &locked), 4);
	assert_int_equal(idle, want_idle);
	assert_int_equal(locked, want_locked);
	assert_true(since == (want_idle ? 1796490000123456ull : 0));
	assert_true(dbus_iter_recurse(&it, &names));
	assert_true(dbus_iter_basic(&names, &s));
	assert_string_equal(s, "Name");
	assert_int_equal(dbus_iter_type(&names), 0);
	assert_int_equal(dbus_iter_type(&it), 0);
	free(msg);
}

static void
test_logind_signals_read_in_both_byte_orders(void **state)
{
	(void)state;
	properties_changed("idle-changed", false, true, false);
	properties_changed("locked-changed-be", true, false, true);
}

static void
test_getall_replies_skip_what_is_not_asked_for(void **state)
{
	static const char *const names[] = { "getall-reply",
		"getall-reply-be" };

	(void)state;
	for (size_t i = 0; i < nitems(names); i++) {
		struct dbus_message m;
		struct dbus_iter it, dict;
		const char *why;
		bool idle = false, locked = false;
		uint64_t since = 0;
		size_t len;
		uint8_t *msg = seed(names[i], &len);

		assert_true(dbus_parse(msg, len, &m, &why));
		assert_int_equal(m.type, DBUS_METHOD_RETURN);
		assert_int_equal(m.reply_serial, 5);
		dbus_iter_body(&m, &it);
		assert_true(dbus_iter_recurse(&it, &dict));
		assert_int_equal(session_props(&dict, &idle, &since, &locked),
		    23);
		assert_int_equal(idle, i == 0);
		assert_int_equal(locked, i == 0);
		free(msg);
	}
}

static void
test_errors_and_screensaver_signals(void **state)
{
	struct dbus_message m;
	struct dbus_iter it;
	const char *why, *s;
	bool b;
	size_t len;
	uint8_t *msg = seed("error-reply", &len);

	(void)state;
	assert_true(dbus_parse(msg, len, &m, &why));
	assert_int_equal(m.type, DBUS_ERROR);
	assert_int_equal(m.reply_serial, 2);
	assert_string_equal(m.error_name,
	    "org.freedesktop.login1.NoSessionForPID");
	dbus_iter_body(&m, &it);
	assert_true(dbus_iter_basic(&it, &s));
	assert_string_equal(s, "PID 4242 does not belong to any known session");
	free(msg);

	msg = seed("active-changed-gnome-be", &len);
	assert_true(dbus_parse(msg, len, &m, &why));
	assert_string_equal(m.interface, "org.gnome.ScreenSaver");
	dbus_iter_body(&m, &it);
	b = true;
	assert_true(dbus_iter_basic(&it, &b));
	assert_false(b);
	free(msg);
}

/* The seed name with byte at (body + at) set to v: refused. */
static void
refused(const char *name, size_t at, uint8_t v)
{
	struct dbus_message m;
	const char *why = NULL;
	size_t len;
	uint8_t *msg = seed(name, &len);

	assert_true(dbus_parse(msg, len, &m, &why));
	msg[len - m.body_len + at] = v;
	assert_false(dbus_parse(msg, len, &m, &why));
	assert_non_null(why);
	free(msg);
}

static void
test_bad_messages_are_refused(void **state)
{
	struct dbus_message m;
	const char *why;
	size_t len;
	uint8_t *msg = seed("idle-changed", &len);
	uint8_t big[16] = { 'l', 4, 0, 1, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0 };

	(void)state;
	/* A byte short, or one too many. */
	assert_false(dbus_parse(msg, len - 1, &m, &why));
	msg = xreallocarray(msg, len + 1, 1);
	assert_false(dbus_parse(msg, len + 1, &m, &why));
	/* Not D-Bus: a bad byte order, a version 2. */
	msg[0] = 'x';
	assert_int_equal(dbus_message_size(msg, len), -1);
	msg[0] = 'l';
	msg[3] = 2;
	assert_int_equal(dbus_message_size(msg, len), -1);
	free(msg);
	/* The string of 30 bytes ends at 35; byte 35 is padding. */
	refused("idle-changed", 35, 1);
	/* The array's length, past the end. */
	refused("idle-changed", 37, 0xff);
	/* A boolean of 2. */
	refused("active-changed", 0, 2);
	/* 128 KiB of body and more: never read. */
	assert_int_equal(dbus_message_size(big, sizeof big), -1);
	big[6] = 1;
	assert_true(dbus_message_size(big, sizeof big) > 0);
	assert_int_equal(dbus_message_size(big, 15), 0);
}

static void
test_signatures_nest_as_deep_as_allowed(void **state)
{
	char sig[80];

	(void)state;
	assert_int_equal(dbus_sig_complete("a{sv}as", 7), 5);
	assert_int_equal(dbus_sig_complete("(so)", 4), 4);
	assert_int_equal(dbus_sig_complete("{sv}", 4), 0);
	assert_int_equal(dbus_sig_complete("a{vs}", 5), 0);
	assert_int_equal(dbus_sig_complete("()", 2), 0);
	assert_int_equal(dbus_sig_complete("(s", 2), 0);
	assert_int_equal(dbus_sig_complete("a", 1), 0);
	memset(sig, 'a', 32);
	sig[32] = 'y';
	assert_int_equal(dbus_sig_complete(sig, 33), 33);
	memset(sig, 'a', 33);
	sig[33] = 'y';
	assert_int_equal(dbus_sig_complete(sig, 34), 0);
	memset(sig, '(', 32);
	sig[32] = 'y';
	memset(sig + 33, ')', 32);
	assert_int_equal(dbus_sig_complete(sig, 65), 65);
	memset(sig, '(', 33);
	sig[33] = 'y';
	memset(sig + 34, ')', 33);
	assert_int_equal(dbus_sig_complete(sig, 67), 0);
}

/*
 * The seeds at the specification's limits (made by hand, not by GIO,
 * which refuses to write past them): 64 variants one inside another and
 * 32 arrays are read; 65 and 33 are refused.
 */
static void
test_nesting_at_the_limits(void **state)
{
	struct dbus_message m;
	struct dbus_iter it, sub;
	const char *why;
	uint8_t y = 0, *msg;
	size_t len;
	int depth = 0;

	(void)state;
	msg = seed("variants-64-deep", &len);
	assert_true(dbus_parse(msg, len, &m, &why));
	dbus_iter_body(&m, &it);
	while (dbus_iter_type(&it) == 'v') {
		assert_true(dbus_iter_recurse(&it, &sub));
		it = sub;
		depth++;
	}
	assert_int_equal(depth, 64);
	assert_true(dbus_iter_basic(&it, &y));
	assert_int_equal(y, 5);
	free(msg);
	msg = seed("arrays-32-deep", &len);
	assert_true(dbus_parse(msg, len, &m, &why));
	free(msg);
	msg = seed("variants-65-deep", &len);
	assert_false(dbus_parse(msg, len, &m, &why));
	free(msg);
	msg = seed("arrays-33-deep", &len);
	assert_false(dbus_parse(msg, len, &m, &why));
	free(msg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_method_call_reads_back),
		cmocka_unit_test(test_logind_signals_read_in_both_byte_orders),
		cmocka_unit_test(
		    test_getall_replies_skip_what_is_not_asked_for),
		cmocka_unit_test(test_errors_and_screensaver_signals),
		cmocka_unit_test(test_bad_messages_are_refused),
		cmocka_unit_test(test_signatures_nest_as_deep_as_allowed),
		cmocka_unit_test(test_nesting_at_the_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
