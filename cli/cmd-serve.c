/*
 * cmd-serve.c - `limber serve`: the whole journey as a web page.
 *
 * The server itself is web/ (web.h); this file parses the options, says
 * where the page is, and for --lan prints the pairing address of each
 * network address with a QR code of the first (libqrencode), so a phone
 * on the floor can open it with its camera. The journal and the catalog
 * are opened here as for every command, before the server starts.
 */
/* getifaddrs() and the IFF_ flags are BSD, not POSIX. */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <unistd.h>

#ifdef LIMBER_QRENCODE
#include <qrencode.h>
#endif

#include "cli.h"
#include "web.h"
#include "util.h"

#define SERVE_PORT 8765

enum {
	SERVE_KEY_PORT = 0x1100,
	SERVE_KEY_LAN,
};

static const struct cli_opt serve_opts[] = {
	{ "port", "N", "listen on port N (default 8765; 0 picks a free port "
	    "and prints it)", SERVE_KEY_PORT, NULL },
	{ "lan", NULL, "listen on the network too, for a phone or tablet; "
	    "every request then needs the pairing token, shown as an "
	    "address and a QR code", SERVE_KEY_LAN, NULL },
	{ 0 },
};

struct serve_opts {
	int port;
	bool lan;
};

static int
serve_option(void *data, int key, const char *arg)
{
	struct serve_opts *o = data;
	long v;

	switch (key) {
	case SERVE_KEY_PORT:
		if (!util_parse_int(arg, 0, 65535, &v)) {
			cli_error("--port must be a whole number from 0 to "
			    "65535, not '%s'", arg);
			return CLI_EXIT_USAGE;
		}
		o->port = (int)v;
		return CLI_CONTINUE;
	case SERVE_KEY_LAN:
		o->lan = true;
		return CLI_CONTINUE;
	}
	return CLI_NOT_MINE;
}

#ifdef LIMBER_QRENCODE
/* Whether the locale is UTF-8, for the QR code's half blocks. */
static bool
utf8_locale(void)
{
	const char *names[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < nitems(names); i++) {
		const char *v = getenv(names[i]);
		char low[64];
		size_t n = 0;

		if (v == NULL || *v == '\0')
			continue;
		for (; v[n] != '\0' && n + 1 < sizeof low; n++)
			low[n] = (char)tolower((unsigned char)v[n]);
		low[n] = '\0';
		return strstr(low, "utf-8") != NULL ||
		    strstr(low, "utf8") != NULL;
	}
	return false;
}
#endif

/* A QR code of text, dark on light, two modules to a character cell. */
static void
print_qr(const char *text)
{
#ifdef LIMBER_QRENCODE
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
	bool utf8 = utf8_locale(), tty = isatty(STDOUT_FILENO);
	int n, quiet = 2;

	if (qr == NULL)
		return;
	n = qr->width;
	for (int y = -quiet; y < n + quiet; y += utf8 ? 2 : 1) {
		fputs("  ", stdout);
		if (tty)
			fputs("\033[30;107m", stdout);
		for (int x = -quiet; x < n + quiet; x++) {
			bool top = x >= 0 && y >= 0 && x < n && y < n &&
			    (qr->data[y * n + x] & 1);
			bool bottom = x >= 0 && y + 1 >= 0 && x < n && y + 1 < n &&
			    (qr->data[(y + 1) * n + x] & 1);

			if (!utf8)
				fputs(top ? "##" : "  ", stdout);
			else if (top && bottom)
				fputs("\xe2\x96\x88", stdout);	/* full block */
			else if (top)
				fputs("\xe2\x96\x80", stdout);	/* upper half */
			else if (bottom)
				fputs("\xe2\x96\x84", stdout);	/* lower half */
			else
				fputc(' ', stdout);
		}
		if (tty)
			fputs("\033[0m", stdout);
		fputc('\n', stdout);
	}
	QRcode_free(qr);
#else
	(void)text;
	fputs("  (no QR code: this limber was built without libqrencode)\n",
	    stdout);
#endif
}

/* Where the server is, once it listens. */
static void
ready(void *arg, int port, const char *token)
{
	struct ifaddrs *ifs = NULL;
	bool any = false;

	(void)arg;
	if (token == NULL) {
		printf("limber is serving on http://127.0.0.1:%d/\n", port);
		printf("Open that address in a browser on this computer. "
		    "Ctrl-C stops the server.\n");
		fflush(stdout);
		return;
	}
	printf("limber is serving on your network. On your phone or tablet, "
	    "open:\n");
	if (getifaddrs(&ifs) == 0) {
		for (struct ifaddrs *i = ifs; i != NULL; i = i->ifa_next) {
			char addr[INET_ADDRSTRLEN], *url;

			if (i->ifa_addr == NULL ||
			    i->ifa_addr->sa_family != AF_INET ||
			    (i->ifa_flags & IFF_LOOPBACK) ||
			    !(i->ifa_flags & IFF_UP))
				continue;
			inet_ntop(AF_INET, &((struct sockaddr_in *)
			    (void *)i->ifa_addr)->sin_addr, addr, sizeof addr);
			url = xasprintf("http://%s:%d/?token=%s", addr, port,
			    token);
			printf("  %s\n", url);
			if (!any)
				print_qr(url);
			any = true;
			free(url);
		}
		freeifaddrs(ifs);
	}
	if (!any)
		printf("  (this computer has no network address but its own)\n");
	printf("On this computer: http://127.0.0.1:%d/?token=%s\n", port,
	    token);
	printf("The address holds a pairing token that changes each time the "
	    "server starts; anyone who has it can use limber while it runs. "
	    "Ctrl-C stops the server.\n");
	fflush(stdout);
}

static int
serve_run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct serve_opts o = { .port = SERVE_PORT, .lan = false };
	struct web_opts wo;
	char *cause = NULL;
	int rc, first, signo = 0;

	rc = cli_parse(ctx, argc, argv, serve_option, &o, &first);
	if (rc != CLI_CONTINUE)
		return rc;
	if (first < argc)
		return cli_usage_error(ctx, "serve takes no arguments, not '%s'",
		    argv[first]);
	/* A client that goes away must not end the server. */
	signal(SIGPIPE, SIG_IGN);
	wo = (struct web_opts){ .port = o.port, .lan = o.lan, .ready = ready,
	    .ready_arg = NULL };
	if (web_serve(ctx->catalog, ctx->journal, &wo, &signo, &cause) !=
	    LIMBER_OK) {
		rc = cli_error("%s", cause != NULL ? cause :
		    "the server could not start");
		free(cause);
		return rc;
	}
	printf("limber: the server stopped (%s).\n", strsignal(signo));
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_serve = {
	.name = "serve",
	.summary = "the check, the plan and the guided session as a web page",
	.usage = "limber serve [--port N] [--lan]",
	.description =
	    "Serves the whole journey as a web page, for when you are on the\n"
	    "floor and cannot read a terminal: the safety questions, the plan,\n"
	    "the guided session with a large countdown, voice and big buttons,\n"
	    "the stretches with their figures, and your history. The page and\n"
	    "its JSON API (docs/api.md) run on the same library, session engine\n"
	    "and journal as the other commands, and a session runs on in the\n"
	    "server if the page is reloaded or the phone's screen goes dark.\n"
	    "\n"
	    "By default it listens only on this computer (127.0.0.1), and\n"
	    "answers only to the names 127.0.0.1 and localhost. With --lan it\n"
	    "listens on the network too, and every request must carry a random\n"
	    "pairing token, printed as an address and a QR code.\n"
	    "\n"
	    "SIGINT (Ctrl-C), SIGTERM and SIGHUP stop the server cleanly, with\n"
	    "exit status 0; a session under way is recorded as stopped. A port\n"
	    "in use is an error (status 1): choose another with --port.",
	.opts = serve_opts,
	.flags = CMD_NEEDS_CATALOG | CMD_NEEDS_JOURNAL,
	.run = serve_run,
};
