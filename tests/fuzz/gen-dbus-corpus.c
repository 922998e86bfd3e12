/*
 * gen-dbus-corpus.c - writes the seed corpus of fuzz-dbus.c
 * (tests/fuzz/corpus/dbus/) as GIO marshals it, so that the seeds are
 * real messages of the kinds limber-remind reads: logind's
 * PropertiesChanged and GetAll reply, the screensaver's ActiveChanged,
 * the bus's replies and NameOwnerChanged, an error; some big-endian.
 *
 * Built with the tests when GIO is found, and run by hand once:
 *   build/tests/gen-dbus-corpus tests/fuzz/corpus/dbus
 * The seeds at the nesting limits (variants-64-deep, variants-65-deep,
 * arrays-32-deep, arrays-33-deep) are not GIO's, which will not write
 * past them: they were put together byte by byte, a signal whose body is
 * that many variants or arrays one inside another.
 */
#include <stdio.h>
#include <stdlib.h>

#include <gio/gio.h>

static const char *dir;

static void
save(const char *name, GDBusMessage *m, const char *sender, guint32 serial,
    gboolean big)
{
	GError *err = NULL;
	guchar *blob;
	gsize n;
	char *path = g_build_filename(dir, name, NULL);

	if (sender != NULL)
		g_dbus_message_set_sender(m, sender);
	g_dbus_message_set_serial(m, serial);
	if (big)
		g_dbus_message_set_byte_order(m,
		    G_DBUS_MESSAGE_BYTE_ORDER_BIG_ENDIAN);
	blob = g_dbus_message_to_blob(m, &n, G_DBUS_CAPABILITY_FLAGS_NONE,
	    &err);
	if (blob == NULL ||
	    !g_file_set_contents(path, (const char *)blob, (gssize)n, &err)) {
		fprintf(stderr, "%s: %s\n", path, err->message);
		exit(1);
	}
	g_free(blob);
	g_free(path);
	g_object_unref(m);
}

static GVariant *
session_props(gboolean idle, gboolean locked, gboolean all)
{
	GVariantBuilder b;
	const char *names[] = { "a", "b", NULL };

	g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
	g_variant_builder_add(&b, "{sv}", "IdleHint",
	    g_variant_new_boolean(idle));
	g_variant_builder_add(&b, "{sv}", "IdleSinceHint",
	    g_variant_new_uint64(idle ? 1796490000123456ull : 0));
	g_variant_builder_add(&b, "{sv}", "IdleSinceHintMonotonic",
	    g_variant_new_uint64(idle ? 26000123456ull : 0));
	g_variant_builder_add(&b, "{sv}", "LockedHint",
	    g_variant_new_boolean(locked));
	if (!all)
		return g_variant_builder_end(&b);
	/* GetAll: many properties of many types, as logind's. */
	g_variant_builder_add(&b, "{sv}", "Id", g_variant_new_string("2"));
	g_variant_builder_add(&b, "{sv}", "User",
	    g_variant_new("(uo)", 1000, "/org/freedesktop/login1/user/_1000"));
	g_variant_builder_add(&b, "{sv}", "Seat",
	    g_variant_new("(so)", "seat0",
		"/org/freedesktop/login1/seat/seat0"));
	g_variant_builder_add(&b, "{sv}", "VTNr", g_variant_new_uint32(2));
	g_variant_builder_add(&b, "{sv}", "Remote",
	    g_variant_new_boolean(FALSE));
	g_variant_builder_add(&b, "{sv}", "Leader", g_variant_new_uint32(812));
	g_variant_builder_add(&b, "{sv}", "Timestamp",
	    g_variant_new_uint64(1796400000000000ull));
	g_variant_builder_add(&b, "{sv}", "Type", g_variant_new_string("x11"));
	g_variant_builder_add(&b, "{sv}", "Names",
	    g_variant_new_strv(names, -1));
	g_variant_builder_add(&b, "{sv}", "Byte", g_variant_new_byte(7));
	g_variant_builder_add(&b, "{sv}", "Short", g_variant_new_int16(-3));
	g_variant_builder_add(&b, "{sv}", "UShort",
	    g_variant_new_uint16(65535));
	g_variant_builder_add(&b, "{sv}", "Int", g_variant_new_int32(-1));
	g_variant_builder_add(&b, "{sv}", "Long", g_variant_new_int64(-2));
	g_variant_builder_add(&b, "{sv}", "Double", g_variant_new_double(0.5));
	g_variant_builder_add(&b, "{sv}", "Sig",
	    g_variant_new_signature("a{sv}"));
	g_variant_builder_add(&b, "{sv}", "Nested",
	    g_variant_new_variant(
		g_variant_new_variant(g_variant_new_string("deep"))));
	g_variant_builder_add(&b, "{sv}", "Empty", g_variant_new_strv(NULL, 0));
	g_variant_builder_add(&b, "{sv}", "Dict",
	    g_variant_new_parsed("{'x': <@t 1>, 'y': <('a', [@y 1, 2])>}"));
	return g_variant_builder_end(&b);
}

static GDBusMessage *
properties_changed(gboolean idle, gboolean locked)
{
	GDBusMessage *m =
	    g_dbus_message_new_signal("/org/freedesktop/login1/session/_32",
		"org.freedesktop.DBus.Properties", "PropertiesChanged");
	const char *invalidated[] = { "Name", NULL };

	g_dbus_message_set_body(m,
	    g_variant_new("(s@a{sv}^as)", "org.freedesktop.login1.Session",
		session_props(idle, locked, FALSE), invalidated));
	return m;
}

static GDBusMessage *
call(const char *dest, const char *path, const char *iface, const char *member,
    GVariant *body)
{
	GDBusMessage *m = g_dbus_message_new_method_call(dest, path, iface,
	    member);

	if (body != NULL)
		g_dbus_message_set_body(m, body);
	return m;
}

static GDBusMessage *
reply(guint32 to, GVariant *body)
{
	GDBusMessage *c = call(NULL, "/", NULL, "X", NULL), *m;

	g_dbus_message_set_serial(c, to);
	m = g_dbus_message_new_method_reply(c);
	if (body != NULL)
		g_dbus_message_set_body(m, body);
	g_object_unref(c);
	return m;
}

static GDBusMessage *
active_changed(const char *iface, const char *path, gboolean on)
{
	GDBusMessage *m = g_dbus_message_new_signal(path, iface,
	    "ActiveChanged");

	g_dbus_message_set_body(m, g_variant_new("(b)", on));
	return m;
}

int
main(int argc, char **argv)
{
	GDBusMessage *c, *m;

	if (argc != 2) {
		fprintf(stderr, "usage: gen-dbus-corpus DIR\n");
		return 2;
	}
	dir = argv[1];
	save("idle-changed", properties_changed(TRUE, FALSE), ":1.4", 812,
	    FALSE);
	save("locked-changed-be", properties_changed(FALSE, TRUE), ":1.4", 813,
	    TRUE);
	save("getall-reply",
	    reply(5,
		g_variant_new("(@a{sv})", session_props(TRUE, TRUE, TRUE))),
	    ":1.4", 900, FALSE);
	save("getall-reply-be",
	    reply(5,
		g_variant_new("(@a{sv})", session_props(FALSE, FALSE, TRUE))),
	    ":1.4", 901, TRUE);
	save("get-session-reply",
	    reply(2,
		g_variant_new("(o)", "/org/freedesktop/login1/session/_32")),
	    ":1.4", 40, FALSE);
	save("hello-reply", reply(1, g_variant_new("(s)", ":1.97")),
	    "org.freedesktop.DBus", 1, FALSE);
	save("add-match-reply", reply(3, NULL), "org.freedesktop.DBus", 2,
	    FALSE);
	save("name-has-owner-reply-be", reply(4, g_variant_new("(b)", TRUE)),
	    "org.freedesktop.DBus", 3, TRUE);
	c = call(NULL, "/", NULL, "X", NULL);
	g_dbus_message_set_serial(c, 2);
	m = g_dbus_message_new_method_error(c,
	    "org.freedesktop.login1.NoSessionForPID",
	    "PID 4242 does not belong to any known session");
	save("error-reply", m, ":1.4", 41, FALSE);
	g_object_unref(c);
	save("active-changed",
	    active_changed("org.freedesktop.ScreenSaver",
		"/org/freedesktop/ScreenSaver", TRUE),
	    ":1.9", 17, FALSE);
	save("active-changed-gnome-be",
	    active_changed("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver",
		FALSE),
	    ":1.9", 18, TRUE);
	m = g_dbus_message_new_signal("/org/freedesktop/DBus",
	    "org.freedesktop.DBus", "NameOwnerChanged");
	g_dbus_message_set_body(m,
	    g_variant_new("(sss)", "org.freedesktop.login1", ":1.4", ""));
	g_dbus_message_set_destination(m, ":1.97");
	save("name-owner-changed", m, "org.freedesktop.DBus", 9, FALSE);
	save("get-all-call",
	    call("org.freedesktop.login1",
		"/org/freedesktop/login1/session/_32",
		"org.freedesktop.DBus.Properties", "GetAll",
		g_variant_new("(s)", "org.freedesktop.login1.Session")),
	    ":1.97", 6, FALSE);
	return 0;
}
