/*
 * cmd-serve.c - `limber serve`: the whole journey as a web page.
 *
 * The server itself is web/ (web.h); this file parses the options, keeps
 * the token that guards the page, says where the page is, and for --lan
 * prints the address of each network address with a QR code of the first
 * (libqrencode, through web_qr()), so a phone on the floor can open it
 * with its camera. The journal and the catalog are opened here as for
 * every command, before the server starts.
 *
 * --lan is HTTPS (web/tls.h): this file names the folder of its
 * certificates and prints how a phone trusts limber's certificate
 * authority, once, with the fingerprint to compare (print_trust); the
 * addresses end in #ca= and that fingerprint, which the browser keeps
 * to itself (a fragment is never sent).
 *
 * The token is kept beside the journal (JOURNAL.serve-token, 0600), the
 * same from one start to the next: a page left open, a bookmark and a
 * phone's cookie keep working when the server is started again. The page
 * needs that most for a sharp-pain warning, which it sends until the
 * server has it, across a restart (docs/api.md, "The token"). It is never
 * put on a command line (xdg-open's arguments can be read by every
 * account in /proc), only printed.
 *
 * --open opens the page in the browser without a command line that holds
 * it: a small page that sends the browser on to the address with the
 * token (open_page) is written whole, 0600, in a folder of the user's
 * own (0700: $XDG_RUNTIME_DIR/limber, else the reminders' state folder),
 * and `xdg-open FILE` opens that; the address is then printed without
 * the token. With --area, --context and --minutes the page opens at the
 * start of that routine (#/start?...), which asks the safety questions
 * first as always. The reminders' daemon starts the server so, with
 * --quit-after, and sends it SIGUSR1 (the routine as sigqueue()'s value,
 * route_code) to open the page again rather than start a second one.
 */
/* getifaddrs() and the IFF_ flags are BSD, not POSIX. */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "limber/remind.h"
#include "limber/render.h"
#include "tls.h"
#include "utf8.h"
#include "web.h"
#include "util.h"

#define SERVE_PORT 8765
/* 16 random bytes as hex digits. */
#define TOKEN_LEN 32

enum {
	SERVE_KEY_PORT = 0x1100,
	SERVE_KEY_LAN,
	SERVE_KEY_NEW_TOKEN,
	SERVE_KEY_OPEN,
	SERVE_KEY_AREA,
	SERVE_KEY_CONTEXT,
	SERVE_KEY_MINUTES,
	SERVE_KEY_QUIT_AFTER,
};

static const struct cli_opt serve_opts[] = {
	{ "port", "N",
	    N_("listen on port N (default 8765; 0 picks a free port "
	       "and prints it)"),
	    SERVE_KEY_PORT, NULL },
	{ "lan", NULL,
	    N_("listen on the network too, for a phone or tablet, "
	       "shown as an address and a QR code, over HTTPS with a "
	       "certificate authority of limber's own that a phone trusts once"),
	    SERVE_KEY_LAN, NULL },
	{ "new-token", NULL,
	    N_("make a new token, so that the addresses, "
	       "bookmarks and phones that opened the page before no longer can"),
	    SERVE_KEY_NEW_TOKEN, NULL },
	{ "open", NULL,
	    N_("open the page in your browser (xdg-open), through a private "
	       "file, so that the token is on no command line"),
	    SERVE_KEY_OPEN, NULL },
	{ "area", "AREA",
	    N_("with --open: open at the start of a routine for upper, lower "
	       "or both"),
	    SERVE_KEY_AREA, NULL },
	{ "context", "CONTEXT",
	    N_("with --open: that routine's context (general, workout or "
	       "desk)"),
	    SERVE_KEY_CONTEXT, NULL },
	{ "minutes", "N",
	    N_("with --open: that routine's minutes, from 1 to 60"),
	    SERVE_KEY_MINUTES, NULL },
	{ "quit-after", "N",
	    N_("stop after N minutes without a request while no session is "
	       "under way (1 to 1440)"),
	    SERVE_KEY_QUIT_AFTER, NULL },
	{ 0 },
};

extern char **environ;

/* Where the redirect page is put, and what it names. */
#define OPEN_FILE "page.html"

struct serve_opts {
	int port;
	bool lan;
	bool new_token;
	bool open;
	/* The routine to open at (all given, or none): area 0 for none. */
	unsigned area;
	int context;	/* -1: not given */
	int minutes;	/* 0: not given */
	int quit_after; /* minutes; 0: never */
	char *open_dir; /* the redirect page's folder, with --open */
	int port_bound; /* once listening */
	const char *token;
};

static int
serve_option(void *data, int key, const char *arg)
{
	struct serve_opts *o = data;
	long v;

	switch (key) {
	case SERVE_KEY_PORT:
		if (!util_parse_int(arg, 0, 65535, &v)) {
			cli_error(_("--port must be a whole number from 0 to "
				    "65535, not '%s'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		o->port = (int)v;
		return CLI_CONTINUE;
	case SERVE_KEY_LAN:
		o->lan = true;
		return CLI_CONTINUE;
	case SERVE_KEY_NEW_TOKEN:
		o->new_token = true;
		return CLI_CONTINUE;
	case SERVE_KEY_OPEN:
		o->open = true;
		return CLI_CONTINUE;
	case SERVE_KEY_AREA: {
		int a = limber_area_parse(arg);

		if (a < 0) {
			cli_error(_("--area must be upper, lower or both, not "
				    "'%s'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		o->area = (unsigned)a;
		return CLI_CONTINUE;
	}
	case SERVE_KEY_CONTEXT:
		o->context = limber_context_parse(arg);
		if (o->context < 0) {
			cli_error(_("--context must be general, workout (or "
				    "after-workout) or desk, not '%s'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		return CLI_CONTINUE;
	case SERVE_KEY_MINUTES:
		if (!util_parse_int(arg, 1, 60, &v)) {
			cli_error(_("--minutes must be a whole number from 1 "
				    "to 60, not '%s'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		o->minutes = (int)v;
		return CLI_CONTINUE;
	case SERVE_KEY_QUIT_AFTER:
		if (!util_parse_int(arg, 1, 1440, &v)) {
			cli_error(_("--quit-after must be a whole number of "
				    "minutes from 1 to 1440, not '%s'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		o->quit_after = (int)v;
		return CLI_CONTINUE;
	}
	return CLI_NOT_MINE;
}

/* ------------------------------------------------------------------ */
/* The token.                                                          */

static bool
random_token(char out[TOKEN_LEN + 1])
{
	unsigned char raw[TOKEN_LEN / 2];
	size_t got = 0;

	while (got < sizeof raw) {
		ssize_t n = getrandom(raw + got, sizeof raw - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return true;
}

/*
 * The kept token from path into out. NULL when it is there and good;
 * else why it cannot be used (static text), or "" when there is none.
 */
static const char *
read_token(const char *path, char out[TOKEN_LEN + 1])
{
	char buf[TOKEN_LEN + 2];
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? "" :
		    errno == ELOOP     ? _("is a symbolic link") :
					 _("cannot be read");
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return _("is not a plain file");
	}
	/* Readable by others, it may have been read: no longer a secret. */
	if (st.st_uid != geteuid() || (st.st_mode & 077) != 0) {
		close(fd);
		return _("could be read by other accounts");
	}
	do
		n = read(fd, buf, sizeof buf);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n == TOKEN_LEN + 1 && buf[TOKEN_LEN] == '\n')
		n = TOKEN_LEN;
	if (n != TOKEN_LEN)
		return _("does not hold a token");
	for (int i = 0; i < TOKEN_LEN; i++) {
		if (!isxdigit((unsigned char)buf[i]) ||
		    isupper((unsigned char)buf[i]))
			return _("does not hold a token");
	}
	memcpy(out, buf, TOKEN_LEN);
	out[TOKEN_LEN] = '\0';
	return NULL;
}

/*
 * The token for this start: the kept one, or a new one (made when there
 * is none, when the kept one cannot be trusted, or with --new-token) kept
 * for the next start. A token that cannot be kept still guards this run.
 */
static int
serve_token(struct cli_ctx *ctx, bool renew, char out[TOKEN_LEN + 1])
{
	char *journal = cli_journal_path(ctx), *path, *text, *cause = NULL;
	const char *why = "";

	if (journal == NULL)
		return cli_error(
		    _("no place for the page's token: set HOME (or "
		      "XDG_DATA_HOME), or give --journal PATH"));
	path = xasprintf("%s.serve-token", journal);
	free(journal);
	if (!renew) {
		why = read_token(path, out);
		if (why == NULL) {
			free(path);
			return CLI_CONTINUE;
		}
	}
	if (!random_token(out)) {
		free(path);
		return cli_error(_("cannot make a token for the page: %s"),
		    strerror(errno));
	}
	text = xasprintf("%s\n", out);
	if (render_write_file_private(path, text, strlen(text), &cause) !=
	    LIMBER_OK)
		(void)cli_error(_("%s; the address below works only until the "
				  "server stops"),
		    cause != NULL ? cause : path);
	else if (renew)
		printf(_(
		    "A new token is made: addresses, bookmarks and phones "
		    "that opened the page before must use the new address.\n"));
	else if (*why != '\0')
		(void)cli_error(
		    _("%s %s, so a new token is made: addresses and "
		      "bookmarks from before no longer open the page"),
		    path, why);
	free(cause);
	free(text);
	free(path);
	return CLI_CONTINUE;
}

/* A QR code of text, dark on light, two modules to a character cell. */
static void
print_qr(const char *text)
{
#ifdef LIMBER_QRENCODE
	unsigned char *dark;
	/* UTF-8 for the QR code's half blocks. */
	bool utf8 = util_utf8_terminal(), tty = isatty(STDOUT_FILENO);
	int n, quiet = 2;

	if (!web_qr(text, &n, &dark))
		return;
	for (int y = -quiet; y < n + quiet; y += utf8 ? 2 : 1) {
		fputs("  ", stdout);
		if (tty)
			fputs("\033[30;107m", stdout);
		for (int x = -quiet; x < n + quiet; x++) {
			bool top = x >= 0 && y >= 0 && x < n && y < n &&
			    dark[y * n + x];
			bool bottom = x >= 0 && y + 1 >= 0 && x < n &&
			    y + 1 < n && dark[(y + 1) * n + x];

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
	free(dark);
#else
	(void)text;
	fputs(_("  (no QR code: this limber was built without libqrencode)\n"),
	    stdout);
#endif
}

/* How to trust limber's authority on a phone, once (limber(1) too). */
static void
print_trust(const struct web_https *https, const char *addr, int port)
{
	printf(_("HTTPS: limber's own certificate authority signs this "
		 "server's certificate.%s Its SHA-256 fingerprint:\n  %s\n"),
	    https->ca_made ? _(" It is new: phones must trust it.") : "",
	    https->fingerprint);
	printf(_("Once on each phone or tablet, trust it:\n"));
	printf(_("  1. Open https://%s:%d/limber-ca.crt (the browser warns "
		 "this once: go on) and download it.\n"),
	    addr, port);
	printf(_(
	    "  2. Android: Settings > Security > Encryption & credentials "
	    "> Install a certificate > CA certificate, then choose "
	    "limber-ca.crt.\n"
	    "     iPhone or iPad: Settings > Profile Downloaded > Install, "
	    "then Settings > General > About > Certificate Trust "
	    "Settings: turn on full trust for it.\n"));
	printf(_("  3. See that the fingerprint the phone shows is the one "
		 "above (the page's address ends in it too).\n"));
	printf(_("The certificate is in %s.\n"), https->ca_path);
}

/* The fingerprint without its colons, for the address's #ca=. */
static char *
bare_fingerprint(const char *fp)
{
	char *out = xstrdup(fp), *d = out;

	for (const char *c = fp; *c != '\0'; c++) {
		if (*c != ':')
			*d++ = *c;
	}
	*d = '\0';
	return out;
}

/* ------------------------------------------------------------------ */
/* --open.                                                             */

/*
 * A routine as one int, for sigqueue(): area in bits 0-1, context + 1 in
 * bits 2-3, minutes from bit 4; 0 is the page's start. The reminders'
 * daemon makes the same value (cli/remind-daemon.c).
 */
static bool
route_decode(int code, unsigned *area, int *context, int *minutes)
{
	*area = (unsigned)code & 3u;
	*context = ((code >> 2) & 3) - 1;
	*minutes = code >> 4;
	return *area != 0 && *context >= 0 && *context < LIMBER_CONTEXT_COUNT &&
	    *minutes >= 1 && *minutes <= 60;
}

/*
 * The folder of the redirect page: $XDG_RUNTIME_DIR/limber (a tmpfs that
 * is the user's alone, emptied at logout), else the reminders' state
 * folder; made 0700, and refused when another account could read it.
 * NULL with a message said.
 */
static char *
open_dir(void)
{
	const char *run = getenv("XDG_RUNTIME_DIR");
	char *dir = run != NULL && run[0] == '/' ?
	    xasprintf("%s/limber", run) :
	    limber_remind_state_dir(getenv("XDG_STATE_HOME"), getenv("HOME"));
	struct stat st;

	if (dir == NULL) {
		cli_error(_("no private folder for the page to open: set "
			    "XDG_RUNTIME_DIR or HOME"));
		return NULL;
	}
	if (!util_make_dirs(dir)) {
		cli_error("%s: %s", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 077) != 0) {
		cli_error(_("%s could be read by other accounts: the page's "
			    "token is not put there"),
		    dir);
		free(dir);
		return NULL;
	}
	return dir;
}

/*
 * Write the page that sends the browser on to the address with the token
 * (and the route), 0600, renamed into place; then `xdg-open` it, with
 * the default signals and none blocked (ours are for the server). False,
 * having said why, when either fails.
 */
static bool
open_page(const struct serve_opts *o, int code)
{
	char *path = xasprintf("%s/%s", o->open_dir, OPEN_FILE), *url, *html;
	char *cause = NULL, *argv[] = { (char *)"xdg-open", path, NULL };
	char route[96] = "";
	posix_spawnattr_t attr;
	sigset_t none, def;
	unsigned area;
	int context, minutes, err;
	pid_t pid;
	bool ok = true;

	if (route_decode(code, &area, &context, &minutes))
		snprintf(route, sizeof route,
		    "#/start?area=%s&amp;context=%s&amp;minutes=%d",
		    limber_area_name((enum limber_area)area),
		    limber_context_name((enum limber_context)context), minutes);
	url = xasprintf("http://127.0.0.1:%d/?token=%s%s", o->port_bound,
	    o->token, route);
	/* Only digits, hex, names and "&amp;": nothing to escape further. */
	html = xasprintf(
	    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta http-equiv=\"refresh\" content=\"0; url=%s\">\n"
	    "<title>limber</title></head>\n"
	    "<body><p><a href=\"%s\">limber</a></p></body></html>\n",
	    url, url);
	if (render_write_file_private(path, html, strlen(html), &cause) !=
	    LIMBER_OK) {
		cli_error("%s", cause != NULL ? cause : path);
		free(cause);
		ok = false;
		goto out;
	}
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigemptyset(&def);
	sigaddset(&def, SIGCHLD);
	sigaddset(&def, SIGPIPE);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setflags(&attr,
	    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	err = posix_spawnp(&pid, argv[0], NULL, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	if (err != 0) {
		cli_error(_("cannot run xdg-open: %s; open %s in a browser"),
		    strerror(err), path);
		ok = false;
	}
out:
	free(html);
	free(url);
	free(path);
	return ok;
}

/* SIGUSR1 (web_opts.poke): open the page again, at the routine sent. */
static void
poke(void *arg, int value)
{
	struct serve_opts *o = arg;

	if (o->open_dir != NULL)
		(void)open_page(o, value);
}

/* The routine of --area, --context and --minutes as route_decode reads it. */
static int
route_code(const struct serve_opts *o)
{
	if (o->area == 0)
		return 0;
	return (int)o->area | (o->context + 1) << 2 | o->minutes << 4;
}

/* Where the server is, once it listens (arg: the serve_opts). */
static void
ready(void *arg, int port, const char *token, const struct web_https *https)
{
	struct serve_opts *o = arg;
	struct ifaddrs *ifs = NULL;
	const char *scheme = https != NULL ? "https" : "http";
	char *fp = https != NULL ? bare_fingerprint(https->fingerprint) : NULL;
	char *frag = fp != NULL ? xasprintf("#ca=%s", fp) : xstrdup("");
	bool any = false, skipped = false;

	o->port_bound = port;
	o->token = token;
	if (o->open_dir != NULL) {
		/* Not the token: this output may go to a log (the daemon's). */
		printf(_("limber is serving on http://127.0.0.1:%d/ and opens "
			 "it in your browser through %s/%s, which holds the "
			 "token.%s\n"),
		    port, o->open_dir, OPEN_FILE,
		    o->quit_after > 0 ? "" : _(" Ctrl-C stops the server."));
		fflush(stdout);
		(void)open_page(o, route_code(o));
		free(fp);
		free(frag);
		return;
	}
	if (!o->lan) {
		printf(
		    _("limber is serving on http://127.0.0.1:%d/?token=%s\n"),
		    port, token);
		printf(_(
		    "Open that address in a browser on this computer. The "
		    "token in it keeps the page yours: other accounts on this "
		    "computer cannot open it. Once it is open, the browser "
		    "remembers it, and the address without the token works "
		    "too. Ctrl-C stops the server.\n"));
		fflush(stdout);
		free(fp);
		free(frag);
		return;
	}
	if (https == NULL)
		printf(_(
		    "This is plain HTTP: the token and your answers cross "
		    "the network unencrypted, and anyone on the same Wi-Fi "
		    "could read them. Use --lan only on a network you "
		    "trust, such as your own at home.\n"));
	printf(_("limber is serving on your network. On your phone or tablet, "
		 "open:\n"));
	if (getifaddrs(&ifs) == 0) {
		for (struct ifaddrs *i = ifs; i != NULL; i = i->ifa_next) {
			char addr[INET_ADDRSTRLEN], *url;
			struct in_addr in;

			if (i->ifa_addr == NULL ||
			    i->ifa_addr->sa_family != AF_INET ||
			    (i->ifa_flags & IFF_LOOPBACK) ||
			    !(i->ifa_flags & IFF_UP))
				continue;
			in = ((struct sockaddr_in *)(void *)i->ifa_addr)
				 ->sin_addr;
			inet_ntop(AF_INET, &in, addr, sizeof addr);
			if (https != NULL &&
			    !web_tls_private(ntohl(in.s_addr))) {
				printf(
				    _("  (not %s: limber's certificate names "
				      "only private network addresses)\n"),
				    addr);
				skipped = true;
				continue;
			}
			url = xasprintf("%s://%s:%d/?token=%s%s", scheme, addr,
			    port, token, frag);
			printf("  %s\n", url);
			if (!any)
				print_qr(url);
			if (!any && https != NULL)
				print_trust(https, addr, port);
			any = true;
			free(url);
		}
		freeifaddrs(ifs);
	}
	if (!any)
		printf(skipped ?
			_("  (this computer has no private network "
			  "address for a phone to open)\n") :
			_("  (this computer has no network address but "
			  "its own)\n"));
	if (!any && https != NULL)
		print_trust(https, "127.0.0.1", port);
	printf(_("On this computer: %s://127.0.0.1:%d/?token=%s%s\n"), scheme,
	    port, token, frag);
	printf(_(
	    "The address holds the token, which stays the same from one "
	    "start to the next ('limber serve --new-token' changes it); anyone "
	    "who has it can use limber while the server runs. Ctrl-C stops "
	    "the server.\n"));
	fflush(stdout);
	free(fp);
	free(frag);
}

static int
serve_run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct serve_opts o = { .port = SERVE_PORT,
		.lan = false,
		.context = -1 };
	struct web_opts wo;
	char *cause = NULL, *tls = NULL, token[TOKEN_LEN + 1];
	int rc, first, signo = 0;

	rc = cli_parse(ctx, argc, argv, serve_option, &o, &first);
	if (rc != CLI_CONTINUE)
		return rc;
	if (first < argc)
		return cli_usage_error(ctx,
		    _("serve takes no arguments, not '%s'"), argv[first]);
	if ((o.area != 0 || o.context >= 0 || o.minutes != 0) &&
	    (!o.open || o.area == 0 || o.context < 0 || o.minutes == 0))
		return cli_usage_error(ctx,
		    _("--area, --context and --minutes go together, with "
		      "--open"));
	if (o.open && o.lan)
		return cli_usage_error(ctx,
		    _("--open is for this computer: it does not go with --lan"));
	if (o.open && (o.open_dir = open_dir()) == NULL)
		return CLI_EXIT_ERROR;
	if ((rc = serve_token(ctx, o.new_token, token)) != CLI_CONTINUE) {
		free(o.open_dir);
		return rc;
	}
	if (o.lan && (tls = cli_user_dir("tls")) == NULL)
		return cli_error(_("no place for the certificates of --lan's "
				   "HTTPS: set HOME (or XDG_DATA_HOME)"));
	/* A client that goes away must not end the server. */
	signal(SIGPIPE, SIG_IGN);
	/* xdg-open is not waited for: the kernel reaps it. */
	if (o.open)
		signal(SIGCHLD, SIG_IGN);
	wo = (struct web_opts){ .port = o.port,
		.lan = o.lan,
		.tls_dir = tls,
		.token = token,
		.ready = ready,
		.ready_arg = &o,
		.idle_s = o.quit_after * 60,
		.poke = o.open ? poke : NULL };
	if (web_serve(ctx->catalog, ctx->journal, &wo, &signo, &cause) !=
	    LIMBER_OK) {
		rc = cli_error("%s",
		    cause != NULL ? cause : _("the server could not start"));
		free(cause);
		free(tls);
		free(o.open_dir);
		return rc;
	}
	free(tls);
	free(o.open_dir);
	if (signo == 0)
		printf(P_("limber: the server stopped: no request for %d "
			  "minute.\n",
			   "limber: the server stopped: no request for %d "
			   "minutes.\n",
			   (unsigned long)o.quit_after),
		    o.quit_after);
	else
		printf(_("limber: the server stopped (%s).\n"),
		    strsignal(signo));
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_serve = {
	.name = "serve",
	.summary =
	    N_("the check, the plan and the guided session as a web page"),
	.usage =
	    "limber serve [--port N] [--lan] [--new-token] [--open [--area "
	    "AREA --context CONTEXT --minutes N]] [--quit-after N]",
	.description = N_(
	    "Serves the whole journey as a web page, for when you are on the\n"
	    "floor and cannot read a terminal: the safety questions, the plan,\n"
	    "the guided session with a large countdown, voice and big buttons,\n"
	    "the stretches with their figures, and your history. The page and\n"
	    "its JSON API (docs/api.md) run on the same library, session engine\n"
	    "and journal as the other commands, and a session runs on in the\n"
	    "server if the page is reloaded or the phone's screen goes dark.\n"
	    "\n"
	    "By default it listens only on this computer (127.0.0.1), and\n"
	    "answers only to the names 127.0.0.1 and localhost. Every request\n"
	    "must carry a random token, so that other accounts on this computer\n"
	    "cannot read or change your journal: open the address it prints,\n"
	    "which holds the token; the browser then remembers it. The token is\n"
	    "kept beside the journal (0600) and stays the same from one start\n"
	    "to the next, so a bookmark keeps working; --new-token replaces it.\n"
	    "\n"
	    "With --lan it listens on the network too, for a phone or tablet,\n"
	    "and prints the address with the token as a QR code. It then speaks\n"
	    "HTTPS only, so that the page is a secure context and the phone's\n"
	    "screen can be kept on during a session. The certificate is signed by\n"
	    "a certificate authority of limber's own, made on first use and kept\n"
	    "in $XDG_DATA_HOME/limber/tls/; a phone trusts it once: download it\n"
	    "from /limber-ca.crt on the server, install it as a CA certificate,\n"
	    "and see that its SHA-256 fingerprint is the one printed (the QR\n"
	    "code's address ends in it, after #ca=). The steps for Android and\n"
	    "iPhone are printed, and in limber(1). Loopback alone stays plain\n"
	    "HTTP: a browser counts 127.0.0.1 as secure already.\n"
	    "\n"
	    "SIGINT (Ctrl-C), SIGTERM and SIGHUP stop the server cleanly, with\n"
	    "exit status 0; a session under way is recorded as stopped. A port\n"
	    "in use is an error (status 1): choose another with --port.\n"
	    "\n"
	    "--open opens the page in your browser with xdg-open, through a\n"
	    "small page written 0600 in $XDG_RUNTIME_DIR/limber/ that sends the\n"
	    "browser on to the address with the token, so that the token is on\n"
	    "no command line. With --area, --context and --minutes it opens at\n"
	    "the start of that routine, after the safety questions. SIGUSR1\n"
	    "opens the page again. --quit-after N stops the server once no\n"
	    "request has come for N minutes while no session is under way."),
	.opts = serve_opts,
	.flags = CMD_NEEDS_CATALOG | CMD_NEEDS_FIGURES | CMD_NEEDS_JOURNAL,
	.run = serve_run,
};
