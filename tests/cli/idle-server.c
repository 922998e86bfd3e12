/*
 * idle-server.c - a stand-in for logind and the screensaver, for the
 * tests of limber-remind's "away from the keyboard"
 * (tests/cli/test_remind.py).
 *
 * On the bus it is started on (the private one of dbus-run-session; the
 * daemon is given the same address as its system bus) it owns
 * org.freedesktop.login1, whose Manager.GetSession gives one session
 * with IdleHint, IdleSinceHint and LockedHint (Properties.Get and GetAll,
 * and PropertiesChanged when they change), and org.freedesktop.ScreenSaver
 * (GetActive, and ActiveChanged). It takes commands on stdin, one a
 * line, and answers each with "ok" once its signal is sent:
 *
 *   idle 1 SINCE_US   idle since then (microseconds of the wall clock)
 *   idle 0            not idle
 *   lock 1|0          locked or not
 *   saver 1|0         the screensaver on or off
 *   quit              release the names and exit
 *
 * It prints "ready" once it owns both names. With --no-saver it owns
 * only logind's name. At the end of stdin it exits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#define SESSION "/org/freedesktop/login1/session/_31"

static const char introspection[] =
    "<node>"
    "<interface name='org.freedesktop.login1.Manager'>"
    "<method name='GetSession'><arg type='s' direction='in'/>"
    "<arg type='o' direction='out'/></method>"
    "</interface>"
    "<interface name='org.freedesktop.login1.Session'>"
    "<property name='IdleHint' type='b' access='read'/>"
    "<property name='IdleSinceHint' type='t' access='read'/>"
    "<property name='LockedHint' type='b' access='read'/>"
    "<property name='Name' type='s' access='read'/>"
    "<property name='Seat' type='(so)' access='read'/>"
    "</interface>"
    "<interface name='org.freedesktop.ScreenSaver'>"
    "<method name='GetActive'><arg type='b' direction='out'/></method>"
    "<signal name='ActiveChanged'><arg type='b'/></signal>"
    "</interface>"
    "</node>";

static GDBusConnection *bus;
static GDBusNodeInfo *info;
static gboolean idle, locked, active;
static guint64 idle_since;
static int owned, wanted = 2;

static void
manager_call(GDBusConnection *conn, const char *sender, const char *path,
    const char *iface, const char *name, GVariant *params,
    GDBusMethodInvocation *inv, gpointer data)
{
	(void)conn;
	(void)sender;
	(void)path;
	(void)iface;
	(void)params;
	(void)data;
	if (strcmp(name, "GetSession") == 0)
		g_dbus_method_invocation_return_value(inv,
		    g_variant_new("(o)", SESSION));
}

static GVariant *
session_get(GDBusConnection *conn, const char *sender, const char *path,
    const char *iface, const char *name, GError **error, gpointer data)
{
	(void)conn;
	(void)sender;
	(void)path;
	(void)iface;
	(void)error;
	(void)data;
	if (strcmp(name, "IdleHint") == 0)
		return g_variant_new_boolean(idle);
	if (strcmp(name, "IdleSinceHint") == 0)
		return g_variant_new_uint64(idle_since);
	if (strcmp(name, "LockedHint") == 0)
		return g_variant_new_boolean(locked);
	if (strcmp(name, "Name") == 0)
		return g_variant_new_string("tester");
	return g_variant_new("(so)", "seat0",
	    "/org/freedesktop/login1/seat/seat0");
}

static void
saver_call(GDBusConnection *conn, const char *sender, const char *path,
    const char *iface, const char *name, GVariant *params,
    GDBusMethodInvocation *inv, gpointer data)
{
	(void)conn;
	(void)sender;
	(void)path;
	(void)iface;
	(void)params;
	(void)data;
	if (strcmp(name, "GetActive") == 0)
		g_dbus_method_invocation_return_value(inv,
		    g_variant_new("(b)", active));
}

static const GDBusInterfaceVTable manager_vtable = { manager_call, NULL, NULL,
	{ 0 } };
static const GDBusInterfaceVTable session_vtable = { NULL, session_get, NULL,
	{ 0 } };
static const GDBusInterfaceVTable saver_vtable = { saver_call, NULL, NULL,
	{ 0 } };

/* PropertiesChanged for the session, with the hints as they are now. */
static void
session_changed(void)
{
	GVariantBuilder b;

	g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
	g_variant_builder_add(&b, "{sv}", "IdleHint",
	    g_variant_new_boolean(idle));
	g_variant_builder_add(&b, "{sv}", "IdleSinceHint",
	    g_variant_new_uint64(idle_since));
	g_variant_builder_add(&b, "{sv}", "LockedHint",
	    g_variant_new_boolean(locked));
	g_dbus_connection_emit_signal(bus, NULL, SESSION,
	    "org.freedesktop.DBus.Properties", "PropertiesChanged",
	    g_variant_new("(sa{sv}as)", "org.freedesktop.login1.Session", &b,
		NULL),
	    NULL);
}

static void
done(void)
{
	g_dbus_connection_flush_sync(bus, NULL, NULL);
	printf("ok\n");
	fflush(stdout);
}

static gboolean
command(GIOChannel *ch, GIOCondition cond, gpointer data)
{
	char *line = NULL;
	unsigned long long since = 0;
	int v = 0;
	GIOStatus st;

	(void)cond;
	(void)data;
	st = g_io_channel_read_line(ch, &line, NULL, NULL, NULL);
	if (st == G_IO_STATUS_EOF || st == G_IO_STATUS_ERROR) {
		exit(0);
	}
	if (line == NULL)
		return TRUE;
	if (sscanf(line, "idle %d %llu", &v, &since) >= 1) {
		idle = v != 0;
		idle_since = idle ? since : 0;
		session_changed();
		done();
	} else if (sscanf(line, "lock %d", &v) == 1) {
		locked = v != 0;
		session_changed();
		done();
	} else if (sscanf(line, "saver %d", &v) == 1) {
		active = v != 0;
		g_dbus_connection_emit_signal(bus, NULL,
		    "/org/freedesktop/ScreenSaver",
		    "org.freedesktop.ScreenSaver", "ActiveChanged",
		    g_variant_new("(b)", active), NULL);
		done();
	} else if (strncmp(line, "quit", 4) == 0) {
		g_dbus_connection_flush_sync(bus, NULL, NULL);
		exit(0);
	} else {
		fprintf(stderr, "idle-server: unknown command: %s", line);
	}
	g_free(line);
	return TRUE;
}

static void
acquired(GDBusConnection *conn, const char *name, gpointer data)
{
	(void)conn;
	(void)name;
	(void)data;
	if (++owned == wanted) {
		printf("ready\n");
		fflush(stdout);
	}
}

static void
lost(GDBusConnection *conn, const char *name, gpointer data)
{
	(void)conn;
	(void)data;
	fprintf(stderr, "idle-server: could not own %s\n", name);
	exit(1);
}

int
main(int argc, char **argv)
{
	GMainLoop *loop = g_main_loop_new(NULL, FALSE);
	GError *err = NULL;
	GIOChannel *in;

	if (argc > 1 && strcmp(argv[1], "--no-saver") == 0)
		wanted = 1;
	info = g_dbus_node_info_new_for_xml(introspection, &err);
	bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &err);
	if (info == NULL || bus == NULL) {
		fprintf(stderr, "idle-server: %s\n", err->message);
		return 1;
	}
	g_dbus_connection_register_object(bus, "/org/freedesktop/login1",
	    info->interfaces[0], &manager_vtable, NULL, NULL, NULL);
	g_dbus_connection_register_object(bus, SESSION, info->interfaces[1],
	    &session_vtable, NULL, NULL, NULL);
	if (wanted == 2)
		g_dbus_connection_register_object(bus,
		    "/org/freedesktop/ScreenSaver", info->interfaces[2],
		    &saver_vtable, NULL, NULL, NULL);
	g_bus_own_name_on_connection(bus, "org.freedesktop.login1",
	    G_BUS_NAME_OWNER_FLAGS_NONE, acquired, lost, NULL, NULL);
	if (wanted == 2)
		g_bus_own_name_on_connection(bus, "org.freedesktop.ScreenSaver",
		    G_BUS_NAME_OWNER_FLAGS_NONE, acquired, lost, NULL, NULL);
	in = g_io_channel_unix_new(0);
	g_io_add_watch(in, G_IO_IN | G_IO_HUP, command, NULL);
	g_main_loop_run(loop);
	return 0;
}
