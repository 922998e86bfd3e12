/*
 * notify-server.c - a stand-in desktop notification server for the tests
 * of `limber remind --prompt notify` (tests/cli/test_remind.py).
 *
 * It owns org.freedesktop.Notifications on the session bus, as a desktop
 * does, prints each notification it gets as one line ("notify SUMMARY |
 * BODY | ACTIONS"), and answers the n-th one with the n-th action named
 * on its command line, as a person clicking it would: ActionInvoked and
 * then NotificationClosed; "none" closes it without an action. It prints
 * "ready" once it owns the name. Run it inside dbus-run-session.
 *
 * usage: notify-server ACTION...
 */
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>

static const char introspection[] =
    "<node><interface name='org.freedesktop.Notifications'>"
    "<method name='Notify'>"
    "<arg type='s' direction='in'/><arg type='u' direction='in'/>"
    "<arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "<arg type='s' direction='in'/><arg type='as' direction='in'/>"
    "<arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
    "<arg type='u' direction='out'/></method>"
    "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
    "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
    "<method name='GetServerInformation'>"
    "<arg type='s' direction='out'/><arg type='s' direction='out'/>"
    "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
    "<signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
    "<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
    "</interface></node>";

static char **answers;
static int nanswers, next_answer;
static guint32 last_id;

struct reply {
	GDBusConnection *conn;
	guint32 id;
	char *action;	/* NULL: closed without one */
};

/* The "click", a little after the notification is shown. */
static gboolean
answer(gpointer data)
{
	struct reply *r = data;

	if (r->action != NULL)
		g_dbus_connection_emit_signal(r->conn, NULL,
		    "/org/freedesktop/Notifications",
		    "org.freedesktop.Notifications", "ActionInvoked",
		    g_variant_new("(us)", r->id, r->action), NULL);
	g_dbus_connection_emit_signal(r->conn, NULL,
	    "/org/freedesktop/Notifications", "org.freedesktop.Notifications",
	    "NotificationClosed", g_variant_new("(uu)", r->id,
	    r->action != NULL ? 2u : 1u), NULL);
	g_dbus_connection_flush_sync(r->conn, NULL, NULL);
	g_free(r->action);
	g_free(r);
	return G_SOURCE_REMOVE;
}

static void
method(GDBusConnection *conn, const char *sender, const char *path,
    const char *iface, const char *name, GVariant *params,
    GDBusMethodInvocation *inv, gpointer data)
{
	(void)sender; (void)path; (void)iface; (void)data;
	if (strcmp(name, "GetCapabilities") == 0) {
		const char *caps[] = { "actions", "body", NULL };

		g_dbus_method_invocation_return_value(inv,
		    g_variant_new("(^as)", caps));
	} else if (strcmp(name, "GetServerInformation") == 0) {
		g_dbus_method_invocation_return_value(inv, g_variant_new(
		    "(ssss)", "notify-server", "limber tests", "1", "1.2"));
	} else if (strcmp(name, "CloseNotification") == 0) {
		g_dbus_method_invocation_return_value(inv, NULL);
	} else if (strcmp(name, "Notify") == 0) {
		const char *app, *icon, *summary, *body, **actions;
		guint32 replaces;
		struct reply *r = g_new0(struct reply, 1);
		const char *a = next_answer < nanswers ?
		    answers[next_answer] : "none";
		char *list;

		g_variant_get(params, "(&su&s&s&s^a&s@a{sv}i)", &app, &replaces,
		    &icon, &summary, &body, &actions, NULL, NULL);
		list = g_strjoinv(",", (char **)actions);
		printf("notify %s | %s | %s\n", summary, body, list);
		fflush(stdout);
		g_free(list);
		g_free(actions);
		next_answer++;
		r->conn = conn;
		r->id = ++last_id;
		r->action = strcmp(a, "none") != 0 ? g_strdup(a) : NULL;
		g_dbus_method_invocation_return_value(inv,
		    g_variant_new("(u)", r->id));
		g_timeout_add(200, answer, r);
	}
}

static const GDBusInterfaceVTable vtable = { method, NULL, NULL, { 0 } };

static void
acquired(GDBusConnection *conn, const char *name, gpointer data)
{
	(void)conn; (void)name; (void)data;
	printf("ready\n");
	fflush(stdout);
}

static void
bus(GDBusConnection *conn, const char *name, gpointer data)
{
	GDBusNodeInfo *info = data;

	(void)name;
	g_dbus_connection_register_object(conn,
	    "/org/freedesktop/Notifications", info->interfaces[0], &vtable,
	    NULL, NULL, NULL);
}

int
main(int argc, char **argv)
{
	GDBusNodeInfo *info = g_dbus_node_info_new_for_xml(introspection, NULL);
	GMainLoop *loop = g_main_loop_new(NULL, FALSE);

	answers = argv + 1;
	nanswers = argc - 1;
	g_bus_own_name(G_BUS_TYPE_SESSION, "org.freedesktop.Notifications",
	    G_BUS_NAME_OWNER_FLAGS_NONE, bus, acquired, NULL, info, NULL);
	g_main_loop_run(loop);
	return 0;
}
