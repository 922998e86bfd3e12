/*
 * cmd-remind.c - `limber remind`: reminders to stretch, at a desk, at
 * set times and after a workout (docs/remind.md).
 *
 * The daemon itself is `limber-remind` (remind-daemon.c), a small program
 * beside this one that this command execs, so that a process waiting all
 * day does not carry the figures' and the web server's libraries. What is
 * done once and ends stays here: checking the config and saying when each
 * reminder is next due (--check), the schedule as iCalendar (--ics),
 * telling the daemon a workout is done, writing the default config for
 * editing (--init), and setting up the systemd user unit that starts the
 * daemon with the desktop session (--install, --uninstall).
 *
 * With no config file at all, limber reminds with its defaults
 * (limber_remind_default_config()), parsed like any file; only a file that
 * is not there counts as none: one that cannot be read, or a bad one, is
 * an error as before.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <limber/journal.h>
#include <limber/remind.h>

#include "cli.h"
#include "remind-idle.h"
#include "strbuf.h"
#include "util.h"

/* Keys of this command's own options (enum cli_key is for shared ones). */
enum {
	REMIND_KEY_CONFIG = 0x1000,
	REMIND_KEY_CHECK,
	REMIND_KEY_ICS,
	REMIND_KEY_PROMPT,
	REMIND_KEY_INIT,
	REMIND_KEY_INSTALL,
	REMIND_KEY_UNINSTALL,
};

/* The unit's name, as systemctl is given it. */
#define UNIT_NAME "limber-remind.service"

static const struct cli_opt remind_opts[] = {
	{ "config", "FILE",
	    N_("read the reminders from FILE instead of "
	       "$XDG_CONFIG_HOME/limber/config"),
	    REMIND_KEY_CONFIG, NULL },
	{ "check", NULL,
	    N_("check the config and show when each reminder is "
	       "next due, then exit"),
	    REMIND_KEY_CHECK, NULL },
	{ "ics", NULL,
	    N_("write the schedule as an iCalendar file, for a "
	       "phone's calendar, then exit"),
	    REMIND_KEY_ICS, NULL },
	{ "out", "FILE",
	    N_("with --ics: write to FILE instead of the standard "
	       "output"),
	    CLI_KEY_OUT, NULL },
	{ "prompt", "HOW",
	    N_("auto (the default: a desktop notification when "
	       "there is a desktop, else the terminal), notify or terminal"),
	    REMIND_KEY_PROMPT, NULL },
	{ "json", NULL, N_("with --check: print the schedule as JSON"),
	    CLI_KEY_JSON, NULL },
	{ "init", NULL,
	    N_("write the default reminders, with a note on each line, to "
	       "the config file for you to edit, then exit; a file already "
	       "there is left alone"),
	    REMIND_KEY_INIT, NULL },
	{ "install", NULL,
	    N_("set up the systemd user service, so that the reminders "
	       "start with your desktop session, and start it"),
	    REMIND_KEY_INSTALL, NULL },
	{ "uninstall", NULL, N_("stop the systemd user service and remove it"),
	    REMIND_KEY_UNINSTALL, NULL },
	{ 0 },
};

struct remind_opts {
	const char *config;
	const char *out;
	const char *prompt;
	bool check, ics, json, init, install, uninstall;
};

static int
remind_option(void *data, int key, const char *arg)
{
	struct remind_opts *o = data;

	switch (key) {
	case REMIND_KEY_CONFIG:
		o->config = arg;
		return CLI_CONTINUE;
	case REMIND_KEY_CHECK:
		o->check = true;
		return CLI_CONTINUE;
	case REMIND_KEY_ICS:
		o->ics = true;
		return CLI_CONTINUE;
	case CLI_KEY_OUT:
		return cli_out_option(arg, &o->out);
	case REMIND_KEY_PROMPT:
		if (strcmp(arg, "auto") != 0 && strcmp(arg, "notify") != 0 &&
		    strcmp(arg, "terminal") != 0) {
			cli_error(
			    _("--prompt must be auto, notify or terminal, "
			      "not '%s'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		o->prompt = arg;
		return CLI_CONTINUE;
	case CLI_KEY_JSON:
		o->json = true;
		return CLI_CONTINUE;
	case REMIND_KEY_INIT:
		o->init = true;
		return CLI_CONTINUE;
	case REMIND_KEY_INSTALL:
		o->install = true;
		return CLI_CONTINUE;
	case REMIND_KEY_UNINSTALL:
		o->uninstall = true;
		return CLI_CONTINUE;
	}
	return CLI_NOT_MINE;
}

static char *
config_path(const struct remind_opts *o)
{
	if (o->config != NULL)
		return xstrdup(o->config);
	return limber_remind_config_path(getenv("XDG_CONFIG_HOME"),
	    getenv("HOME"));
}

/* Whether nothing is at path: no file, as opposed to one we cannot read. */
static bool
missing(const char *path)
{
	struct stat sb;

	return stat(path, &sb) != 0 && errno == ENOENT;
}

/*
 * Read and parse the config; prints what is wrong. With no file at the
 * usual place (not one named by --config: that is more likely a slip of
 * the keyboard), the defaults, and *defaults is set.
 */
static int
load(const char *path, bool named, struct limber_remind_config *cfg,
    bool *defaults)
{
	char *text, *cause = NULL;
	size_t len;
	int rc = CLI_CONTINUE;

	*defaults = false;
	text = util_read_file(path, LIMBER_REMIND_MAX_BYTES, &len, &cause);
	if (text == NULL && !named && missing(path)) {
		const char *def = limber_remind_default_config();

		free(cause);
		cause = NULL;
		*defaults = true;
		if (limber_remind_parse(path, def, strlen(def), cfg, &cause) ==
		    LIMBER_OK)
			return CLI_CONTINUE;
		/* Only a broken build: the unit tests parse the defaults. */
		rc = cli_error("%s", cause);
		free(cause);
		return rc;
	}
	if (text == NULL) {
		rc = cli_error(
		    _("%s; write one as docs/remind.md says, or give "
		      "--config FILE"),
		    cause);
		free(cause);
		return rc;
	}
	if (limber_remind_parse(path, text, len, cfg, &cause) != LIMBER_OK) {
		rc = cli_error("%s", cause);
		free(cause);
	}
	free(text);
	return rc;
}

/* Why a reminder never comes, in words; NULL when it can. */
static const char *
never_words(const struct limber_remind_schedule *s)
{
	switch (limber_remind_never(s)) {
	case LIMBER_REMIND_ALL_QUIET:
		if (s->kind == LIMBER_REMIND_WORKOUT)
			return _(
			    "this reminder never comes: its quiet hours "
			    "cover the whole day, and a cool-down in quiet "
			    "hours is dropped.");
		return _(
		    "this reminder never comes: its quiet hours cover "
		    "every time it is due. Shorten the quiet hours or move "
		    "its times.");
	case LIMBER_REMIND_NO_TIME:
		return _(
		    "this reminder never comes: its interval is longer than "
		    "its hours. Make the interval shorter or the hours longer.");
	default:
		return NULL;
	}
}

static const char *
days_text(char *buf, size_t size, unsigned days)
{
	static const char *const names[7] = {
		"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
	};
	size_t len = 0;

	if (days == 0x7f)
		return _("every day");
	if (days == 0x1f)
		return _("Monday to Friday");
	buf[0] = '\0';
	for (int i = 0; i < 7; i++) {
		if (days & (1u << i))
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
			    len ? " " : "", names[i]);
	}
	return buf;
}

static void
print_schedule(const struct limber_remind_schedule *s, int64_t next)
{
	char when[64], days[40], at[32];

	switch (s->kind) {
	case LIMBER_REMIND_EVERY:
		if (s->interval_s % 60 == 0)
			snprintf(when, sizeof when,
			    _("every %d min, %02d:%02d to "
			      "%02d:%02d"),
			    s->interval_s / 60, s->hours.from / 60,
			    s->hours.from % 60, s->hours.to / 60,
			    s->hours.to % 60);
		else
			snprintf(when, sizeof when,
			    _("every %d s, %02d:%02d to "
			      "%02d:%02d"),
			    s->interval_s, s->hours.from / 60,
			    s->hours.from % 60, s->hours.to / 60,
			    s->hours.to % 60);
		break;
	case LIMBER_REMIND_AT: {
		size_t len = (size_t)snprintf(when, sizeof when, _("at"));

		for (size_t i = 0; i < s->ntimes && len < sizeof when; i++)
			len += (size_t)snprintf(when + len, sizeof when - len,
			    "%s %02d:%02d", i ? "," : "", s->times[i] / 60,
			    s->times[i] % 60);
		break;
	}
	default:
		snprintf(when, sizeof when,
		    _("%d min after 'limber remind "
		      "workout-done'"),
		    s->delay_s / 60);
		break;
	}
	printf("[%s] %s", s->name, when);
	if (s->kind != LIMBER_REMIND_WORKOUT)
		printf(", %s", days_text(days, sizeof days, s->days));
	for (size_t q = 0; q < s->nquiet; q++)
		printf("%s%02d:%02d-%02d:%02d", q ? ", " : _("; quiet "),
		    s->quiet[q].from / 60, s->quiet[q].from % 60,
		    s->quiet[q].to / 60, s->quiet[q].to % 60);
	printf(_("\n    %d min, %s, %s"), s->minutes,
	    limber_area_name((enum limber_area)s->area),
	    limber_context_name(s->context));
	if (next != INT64_MAX)
		printf(_("; next %s"), cli_local_time(at, sizeof at, next));
	printf("\n");
	if (never_words(s) != NULL)
		cli_print_wrapped(stdout, _("    Warning: "), 6,
		    never_words(s));
}

/* One line: where "Start now" on a notification opens the session. */
static void
print_start(const struct limber_remind_config *cfg)
{
	char *words = xstrdup(""), *line;

	for (size_t i = 0; i < cfg->nterminal; i++) {
		char *more = xasprintf("%s%s%s", words, i ? " " : "",
		    cfg->terminal[i]);

		free(words);
		words = more;
	}
	if (cfg->start == LIMBER_REMIND_START_PAGE)
		line = xstrdup(_("Start now on a notification opens the page "
				 "in your browser (limber serve --open)."));
	else
		/* TRANSLATORS: %s is the terminal's command, from the
		 * config, such as "x-terminal-emulator -e". */
		line = xasprintf(_("Start now on a notification opens a "
				   "terminal: %s limber start ..."),
		    words);
	cli_puts(stdout, line);
	putchar('\n');
	free(line);
	free(words);
}

/* No config at path: say that the defaults are used, and how to edit them. */
static void
say_defaults(FILE *fp, const char *path)
{
	char *msg = xasprintf(
	    _("No config at %s, so limber reminds you with its defaults. "
	      "'limber remind --init' writes them to that file for you to "
	      "edit."),
	    path);

	cli_print_wrapped(fp, "", 0, msg);
	free(msg);
}

/*
 * Whether the daemon would know when the person is away: it asks the
 * buses as the daemon does, a couple of seconds at most each.
 */
static unsigned
idle_sources(int64_t now)
{
	struct remind_idle *idle = remind_idle_open(now);
	unsigned sources = remind_idle_sources(idle);

	remind_idle_close(idle);
	return sources;
}

static void
print_idle(unsigned sources)
{
	const char *words = remind_idle_words(sources);
	char *msg;

	if (words != NULL)
		/* TRANSLATORS: %s is "logind", "the screensaver" or "logind
		 * and the screensaver": the desktop's services, by name. */
		msg = xasprintf(_("Away from the keyboard: limber hears from "
				  "%s when you are idle or locked, and no "
				  "reminder comes then."),
		    words);
	else
		msg = xstrdup(_("Away from the keyboard: no idle source here "
				"(neither logind nor a screensaver on D-Bus), "
				"so reminders come whether or not you are at "
				"the keyboard."));
	cli_print_wrapped(stdout, "", 0, msg);
	free(msg);
}

static int
check(const char *path, const struct limber_remind_config *cfg, int64_t now,
    bool json, bool defaults)
{
	struct limber_remind_state st;
	unsigned sources = idle_sources(now);

	limber_remind_state_init(&st, now);
	if (json) {
		json_t *o = json_object(), *a = json_array(),
		       *idle = json_array();
		char iso[32];

		if (sources & REMIND_IDLE_LOGIND)
			json_array_append_new(idle, json_string("logind"));
		if (sources & REMIND_IDLE_SCREENSAVER)
			json_array_append_new(idle, json_string("screensaver"));
		json_object_set_new(o, "idle", idle);

		/* Where it is, or would be: where --init writes it. */
		json_object_set_new(o, "config", json_string(path));
		json_object_set_new(o, "defaults", json_boolean(defaults));
		json_object_set_new(o, "snooze_s", json_integer(cfg->snooze_s));
		json_object_set_new(o, "start",
		    json_string(limber_remind_start_name(cfg->start)));
		for (size_t i = 0; i < cfg->nterminal; i++)
			json_array_append_new(a, json_string(cfg->terminal[i]));
		json_object_set_new(o, "terminal", a);
		a = json_array();
		for (size_t i = 0; i < cfg->nschedules; i++) {
			const struct limber_remind_schedule *s =
			    &cfg->schedules[i];
			int64_t next = limber_remind_occurrence_after(s, now);

			const char *never = never_words(s);

			json_array_append_new(a,
			    json_pack("{s:s, s:s, s:i, "
				      "s:s, s:s, s:i, s:o, s:o}",
				"name", s->name, "kind",
				limber_remind_kind_name(s->kind), "line",
				s->line, "area",
				limber_area_name((enum limber_area)s->area),
				"context", limber_context_name(s->context),
				"minutes", s->minutes, "next",
				next == INT64_MAX ?
				    json_null() :
				    json_string(limber_time_iso(next, true, iso,
					sizeof iso)),
				"warning",
				never != NULL ? json_string(never) :
						json_null()));
		}
		json_object_set_new(o, "reminders", a);
		return cli_print_json(o);
	}
	if (defaults) {
		say_defaults(stdout, path);
		cli_puts(stdout, _("the defaults"));
	} else {
		cli_puts(stdout, path);
	}
	printf(": %zu %s\n", cfg->nschedules,
	    P_("reminder", "reminders", (unsigned long)cfg->nschedules));
	for (size_t i = 0; i < cfg->nschedules; i++)
		print_schedule(&cfg->schedules[i],
		    limber_remind_occurrence_after(&cfg->schedules[i], now));
	print_idle(sources);
	print_start(cfg);
	return CLI_EXIT_OK;
}

/* A file is at path, which --init leaves as it is: say so. */
static int
refuse_existing(const char *path)
{
	return cli_error(
	    _("%s already exists, and is left as it is; edit it, or move it "
	      "away first to start again from the defaults"),
	    path);
}

/*
 * Write text to path through a temporary file, with mode, moved into
 * place: renamed over what was there (replace), or linked, so that a file
 * already there is never overwritten, not even one made a moment ago.
 */
static int
write_file(const char *path, const char *text, mode_t mode, bool replace)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	size_t len = strlen(text), off = 0;
	int fd, rc = CLI_EXIT_OK;

	fd = mkstemp(tmp);
	if (fd == -1) {
		rc = cli_error("%s: %s", path, strerror(errno));
		free(tmp);
		return rc;
	}
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (off < len || fchmod(fd, mode) != 0 || fsync(fd) != 0) {
		rc = cli_error("%s: %s", path, strerror(errno));
		close(fd);
		unlink(tmp);
	} else if (close(fd) != 0) {
		rc = cli_error("%s: %s", path, strerror(errno));
		unlink(tmp);
	} else if (replace) {
		if (rename(tmp, path) != 0) {
			rc = cli_error("%s: %s", path, strerror(errno));
			unlink(tmp);
		}
	} else {
		if (link(tmp, path) != 0)
			rc = errno == EEXIST ?
			    refuse_existing(path) :
			    cli_error("%s: %s", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

static int
ics(const struct limber_remind_config *cfg, int64_t now, const char *out)
{
	char *text, *cause = NULL;
	int rc;

	text = limber_remind_ics(cfg, now, &cause);
	if (text == NULL) {
		rc = cli_error("%s", cause);
		free(cause);
		return rc;
	}
	if (out != NULL) {
		/* A calendar file is not private: readable like any other. */
		rc = write_file(out, text, 0644, true);
	} else {
		cli_print_output(stdout, text);
		rc = fflush(stdout) == 0 ?
		    CLI_EXIT_OK :
		    cli_error(_("cannot write: %s"), strerror(errno));
	}
	free(text);
	return rc;
}

/* The folder of path made (mkdir -p), unless path names none. */
static bool
make_parent(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	bool ok = true;

	if (slash != NULL && slash != dir) {
		*slash = '\0';
		ok = util_make_dirs(dir);
		if (!ok)
			cli_error("%s: %s", dir, strerror(errno));
	}
	free(dir);
	return ok;
}

/*
 * `limber remind --init`: the defaults, commented, written for editing.
 * Mode 0600, as the journal's: which hours a person works and rests is
 * theirs, and nothing else needs to read the file. The folder is 0700,
 * as limber's others.
 */
static int
init_config(const char *path)
{
	struct stat sb;
	char *msg;
	int rc;

	if (lstat(path, &sb) == 0)
		return refuse_existing(path);
	if (!make_parent(path))
		return CLI_EXIT_ERROR;
	rc = write_file(path, limber_remind_default_config(), 0600, false);
	if (rc != CLI_EXIT_OK)
		return rc;
	msg = xasprintf(_("Wrote the default reminders to %s."), path);
	cli_print_wrapped(stdout, "", 0, msg);
	free(msg);
	cli_print_wrapped(stdout, "", 0,
	    _("Next: change it to suit your day (each line has a note), see "
	      "what comes when with 'limber remind --check', and have the "
	      "reminders start with your desktop session with 'limber remind "
	      "--install'."));
	return CLI_EXIT_OK;
}

/* Where the systemd user unit goes; NULL: no HOME to put it in. */
static char *
unit_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/systemd/user/" UNIT_NAME, xdg);
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/.config/systemd/user/" UNIT_NAME, home);
	return NULL;
}

/*
 * The unit's text: the built-in one with its ExecStart= line running
 * `exe remind`. A path with characters systemd reads specially is quoted
 * (its % and $ doubled, as systemd.service(5) says); NULL for a path no
 * unit line can hold (a line feed in it).
 */
static char *
unit_text(const char *exe)
{
	const char *start = strstr(cli_remind_unit, "\nExecStart="), *end;
	struct strbuf b = STRBUF_INIT(0);
	bool plain = true;

	if (start == NULL || strchr(exe, '\n') != NULL)
		return NULL;
	start++;
	end = strchr(start, '\n');
	for (const char *p = exe; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && strchr("/._+-", *p) == NULL)
			plain = false;
	}
	strbuf_add(&b, cli_remind_unit, (size_t)(start - cli_remind_unit));
	strbuf_puts(&b, plain ? "ExecStart=" : "ExecStart=\"");
	for (const char *p = exe; *p != '\0'; p++) {
		if (*p == '%' || *p == '$')
			strbuf_add(&b, p, 1);
		else if (*p == '"' || *p == '\\')
			strbuf_puts(&b, "\\");
		strbuf_add(&b, p, 1);
	}
	strbuf_puts(&b, plain ? " remind" : "\" remind");
	strbuf_puts(&b, end != NULL ? end : "\n");
	return strbuf_take(&b);
}

/*
 * Run `systemctl --user ARGS...` (found on PATH, as a person's shell
 * would), waiting for it. NULL: it did its part; else why not, in
 * words, into buf.
 */
static const char *
systemctl(char *buf, size_t size, const char *a1, const char *a2,
    const char *a3)
{
	const char *argv[] = { "systemctl", "--user", a1, a2, a3, NULL };
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		execvp(argv[0], (char *const *)argv);
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (pid < 0) {
		snprintf(buf, size, "fork: %s", strerror(errno));
		return buf;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			snprintf(buf, size, "waitpid: %s", strerror(errno));
			return buf;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return NULL;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		snprintf(buf, size, "%s", _("there is no systemctl"));
	else if (WIFEXITED(status))
		snprintf(buf, size,
		    _("systemctl --user %s ended with status %d"), a1,
		    WEXITSTATUS(status));
	else
		snprintf(buf, size,
		    _("systemctl --user %s was ended by signal %d"), a1,
		    WTERMSIG(status));
	return buf;
}

/* How to look in on the service, after --install. */
static void
say_how_to_check(void)
{
	printf("%s\n", _("To see how the reminders are doing:"));
	printf("    systemctl --user status limber-remind\n"
	       "    journalctl --user -u limber-remind\n"
	       "    limber remind --check\n");
}

/*
 * `limber remind --install`: the unit written, naming this limber, then
 * enabled and started. Without a user manager (a container, a login
 * with no session) the file stays, and the person is told what to run.
 */
static int
install(void)
{
	char self[PATH_MAX], why[256], *path = unit_path(), *text, *msg;
	ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
	const char *fail;
	int rc;

	if (path == NULL)
		return cli_error(_("set HOME (or XDG_CONFIG_HOME)"));
	if (len <= 0) {
		free(path);
		return cli_error(
		    _("cannot find the limber program's folder: %s"),
		    strerror(errno));
	}
	self[len] = '\0';
	text = unit_text(self);
	if (text == NULL) {
		rc = cli_error(_("%s: a line feed in the program's path, which "
				 "a systemd unit cannot hold"),
		    self);
		free(path);
		return rc;
	}
	rc = make_parent(path) ?
	    write_file(path, text, 0644, true) :
	    CLI_EXIT_ERROR;
	free(text);
	if (rc != CLI_EXIT_OK) {
		free(path);
		return rc;
	}
	msg = xasprintf(_("Wrote %s, which runs %s remind."), path, self);
	cli_print_wrapped(stdout, "", 0, msg);
	free(msg);
	fail = systemctl(why, sizeof why, "daemon-reload", NULL, NULL);
	if (fail == NULL)
		fail = systemctl(why, sizeof why, "enable", "--now", UNIT_NAME);
	if (fail == NULL) {
		cli_print_wrapped(stdout, "", 0,
		    _("The reminders are running now, and start again with "
		      "each desktop session."));
	} else {
		msg = xasprintf(
		    _("They are not running yet: %s (systemd may not run a "
		      "manager for you here). The file stays; in your desktop "
		      "session, run:"),
		    fail);
		cli_print_wrapped(stdout, "", 0, msg);
		free(msg);
		printf("    systemctl --user daemon-reload\n"
		       "    systemctl --user enable --now " UNIT_NAME "\n");
	}
	say_how_to_check();
	free(path);
	return CLI_EXIT_OK;
}

/*
 * `limber remind --uninstall`: stopped and disabled, the file removed,
 * systemd told. With no user manager to ask, the link that enabling made
 * (graphical-session.target.wants/) is removed here, as disable would.
 */
static int
uninstall(void)
{
	char why[256], *path = unit_path(), *wants, *slash, *msg;
	const char *fail;
	struct stat sb;
	int rc = CLI_EXIT_OK;

	if (path == NULL)
		return cli_error(_("set HOME (or XDG_CONFIG_HOME)"));
	if (lstat(path, &sb) != 0 && errno == ENOENT) {
		msg = xasprintf(_("The reminders' service is not installed: "
				  "there is no %s."),
		    path);
		cli_print_wrapped(stdout, "", 0, msg);
		free(msg);
		free(path);
		return CLI_EXIT_OK;
	}
	fail = systemctl(why, sizeof why, "disable", "--now", UNIT_NAME);
	if (fail == NULL) {
		cli_print_wrapped(stdout, "", 0,
		    _("Stopped the reminders' service; it no longer starts "
		      "with your desktop session."));
	} else {
		slash = strrchr(path, '/');
		wants =
		    xasprintf("%.*s/graphical-session.target.wants/" UNIT_NAME,
			(int)(slash - path), path);
		if (lstat(wants, &sb) == 0 && S_ISLNK(sb.st_mode))
			unlink(wants);
		free(wants);
		msg = xasprintf(
		    _("Could not stop the service: %s. It no longer starts "
		      "with your desktop session; one running now stops when "
		      "the session ends."),
		    fail);
		cli_print_wrapped(stdout, "", 0, msg);
		free(msg);
	}
	if (unlink(path) != 0) {
		rc = cli_error("%s: %s", path, strerror(errno));
		free(path);
		return rc;
	}
	msg = xasprintf(_("Removed %s."), path);
	cli_print_wrapped(stdout, "", 0, msg);
	free(msg);
	if (fail == NULL &&
	    (fail = systemctl(why, sizeof why, "daemon-reload", NULL, NULL)) !=
		NULL) {
		msg = xasprintf(_("%s; run 'systemctl --user daemon-reload' "
				  "later."),
		    fail);
		cli_print_wrapped(stdout, "", 0, msg);
		free(msg);
	}
	free(path);
	return rc;
}

/*
 * The daemon that holds the pid file: its pid, 0 when none does, or -1
 * when one holds it but has not written its pid yet (it is starting).
 * The file counts only while its lock is held: limber-remind keeps an
 * exclusive flock on it as long as it runs. A file left by a daemon that
 * died in a crash or a power cut names a pid that may now be any other
 * process, which SIGUSR1 would end; a lock we can take says so.
 */
static long
daemon_pid(const char *pidpath)
{
	char buf[64];
	ssize_t n;
	long pid = -1;
	int fd;

	/* O_NONBLOCK: a FIFO put there must not hang us. */
	fd = open(pidpath, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1)
		return 0; /* no pid file: no daemon */
	if (flock(fd, LOCK_SH | LOCK_NB) == 0 || errno != EWOULDBLOCK) {
		close(fd);
		return 0; /* nobody holds it: what it says is stale */
	}
	do
		n = read(fd, buf, sizeof buf - 1);
	while (n == -1 && errno == EINTR);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (buf[0] != '\0' && !util_parse_int(buf, 1, INT_MAX, &pid))
		pid = 0;
	return pid;
}

/*
 * `limber remind workout-done`: the time goes to a file in the daemon's
 * folder (written whole, then renamed), and a running daemon is told
 * with SIGUSR1; one started later reads the file.
 */
static int
workout_done(const struct limber_remind_config *cfg, int64_t now)
{
	char *dir, *path, *pidpath, buf[32], when[32];
	int delay = -1, rc;
	bool workouts = false;
	long pid;

	for (size_t i = 0; i < cfg->nschedules; i++) {
		const struct limber_remind_schedule *s = &cfg->schedules[i];

		if (s->kind != LIMBER_REMIND_WORKOUT)
			continue;
		workouts = true;
		/* One whose quiet hours cover the day would never come. */
		if (limber_remind_never(s) == LIMBER_REMIND_COMES &&
		    (delay < 0 || s->delay_s < delay))
			delay = s->delay_s;
	}
	if (!workouts)
		return cli_error(_(
		    "the config has no 'after-workout' reminder; "
		    "add a section such as [cool-down] with after-workout = "
		    "10m"));
	if (delay < 0)
		return cli_error(_(
		    "no cool-down reminder would come: the "
		    "quiet hours of every 'after-workout' reminder "
		    "cover the whole day; shorten them in the "
		    "config"));
	dir = limber_remind_state_dir(getenv("XDG_STATE_HOME"), getenv("HOME"));
	if (dir == NULL)
		return cli_error(_("set HOME (or XDG_STATE_HOME)"));
	if (!util_make_dirs(dir)) {
		rc = cli_error("%s: %s", dir, strerror(errno));
		free(dir);
		return rc;
	}
	path = xasprintf("%s/workout", dir);
	pidpath = xasprintf("%s/remind.pid", dir);
	snprintf(buf, sizeof buf, "%lld\n", (long long)now);
	rc = write_file(path, buf, 0644, true);
	if (rc == CLI_EXIT_OK) {
		pid = daemon_pid(pidpath);
		cli_local_time(when, sizeof when, now + delay);
		/* A daemon still starting reads the file once it has its lock. */
		if (pid == -1 || (pid > 0 && kill((pid_t)pid, SIGUSR1) == 0))
			printf(_("Cool-down reminder at %s.\n"), when);
		else
			printf(
			    _("Recorded; no reminder daemon is running, so "
			      "nothing will remind you yet: start 'limber remind' "
			      "for the cool-down reminder at %s.\n"),
			    when);
	}
	free(path);
	free(pidpath);
	free(dir);
	return rc;
}

/* Run the daemon, limber-remind, from this program's own folder. */
static int
exec_daemon(struct cli_ctx *ctx, const char *config, const char *prompt)
{
	char self[PATH_MAX], *slash, *prog;
	char *journal = cli_journal_path(ctx);
	char *argv[10];
	ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
	int n = 0, rc;

	if (len > 0)
		self[len] = '\0';
	if (len <= 0 || (slash = strrchr(self, '/')) == NULL) {
		free(journal);
		return cli_error(
		    _("cannot find the limber program's folder: %s"),
		    strerror(errno));
	}
	*slash = '\0';
	prog = xasprintf("%s/limber-remind", self);
	argv[n++] = prog;
	/* Without --config the daemon finds the usual place, as we did. */
	if (config != NULL) {
		argv[n++] = (char *)"--config";
		argv[n++] = (char *)config;
	}
	if (journal != NULL) {
		argv[n++] = (char *)"--journal";
		argv[n++] = journal;
	}
	if (prompt != NULL) {
		argv[n++] = (char *)"--prompt";
		argv[n++] = (char *)prompt;
	}
	argv[n] = NULL;
	fflush(stdout);
	execv(prog, argv);
	rc = cli_error(_("cannot run %s: %s"), prog, strerror(errno));
	free(prog);
	free(journal);
	return rc;
}

static int
remind_run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct remind_opts o = { 0 };
	struct limber_remind_config *cfg;
	bool workout = false, defaults;
	char *path;
	int rc, first;

	rc = cli_parse(ctx, argc, argv, remind_option, &o, &first);
	if (rc != CLI_CONTINUE)
		return rc;
	if (first < argc) {
		if (strcmp(argv[first], "workout-done") != 0)
			return cli_usage_error(ctx,
			    _("remind takes no argument "
			      "but workout-done, not '%s'"),
			    argv[first]);
		if (first + 1 < argc)
			return cli_usage_error(ctx,
			    _("workout-done takes no "
			      "arguments, not '%s'"),
			    argv[first + 1]);
		workout = true;
	}
	if ((int)o.check + (int)o.ics + (int)workout + (int)o.init +
		(int)o.install + (int)o.uninstall >
	    1)
		return cli_usage_error(ctx,
		    _("give one of --check, --ics, --init, --install, "
		      "--uninstall and workout-done"));
	if (o.out != NULL && !o.ics)
		return cli_usage_error(ctx, _("--out goes with --ics"));
	if (o.json && !o.check)
		return cli_usage_error(ctx, _("--json goes with --check"));
	if (o.prompt != NULL &&
	    (o.check || o.ics || workout || o.init || o.install || o.uninstall))
		return cli_usage_error(ctx,
		    _("--prompt is for the daemon alone, which runs "
		      "when no other option is given"));
	if (o.config != NULL && (o.install || o.uninstall))
		return cli_usage_error(ctx,
		    _("--config does not go with --install or --uninstall: "
		      "the service reads the usual config"));
	if (o.install)
		return install();
	if (o.uninstall)
		return uninstall();
	path = config_path(&o);
	if (path == NULL)
		return cli_error(_("no place for the config: set HOME (or "
				   "XDG_CONFIG_HOME), or give --config FILE"));
	if (o.init) {
		rc = init_config(path);
		free(path);
		return rc;
	}
	cfg = xcalloc(1, sizeof *cfg);
	if ((rc = load(path, o.config != NULL, cfg, &defaults)) != CLI_CONTINUE)
		goto out;
	/* The daemon says it itself, once, where systemd keeps its words. */
	if (defaults && (o.ics || workout))
		say_defaults(stderr, path);
	if (o.check)
		rc = check(path, cfg, ctx->now, o.json, defaults);
	else if (o.ics)
		rc = ics(cfg, ctx->now, o.out);
	else if (workout)
		rc = workout_done(cfg, ctx->now);
	else
		rc = exec_daemon(ctx, o.config, o.prompt);
out:
	free(cfg);
	free(path);
	return rc;
}

const struct cli_cmd cli_cmd_remind = {
	.name = "remind",
	.summary =
	    N_("remind you to stretch: desk breaks, set times, cool-downs"),
	.usage = "limber remind [--config FILE] [--prompt HOW]\n"
		 "limber remind --check [--json]\n"
		 "limber remind --init [--config FILE]\n"
		 "limber remind --install | --uninstall\n"
		 "limber remind --ics [--out FILE]\n"
		 "limber remind workout-done",
	.description = N_(
	    "Runs the reminder daemon: it reads the reminders from\n"
	    "$XDG_CONFIG_HOME/limber/config (docs/remind.md), or with no such\n"
	    "file uses its defaults (a desk break every 50 minutes, Monday to\n"
	    "Friday, 09:00 to 17:30, none over lunch), sleeps until the\n"
	    "next one is due and then asks: start now, snooze or skip. On a\n"
	    "desktop the question is a notification; elsewhere it is a bell and\n"
	    "a line on the terminal, answered with s, z or k and Enter. Start\n"
	    "now begins the guided session ('limber start'). Prompts and answers\n"
	    "go into the journal, and 'limber stats' shows them. SIGHUP rereads\n"
	    "the config; a bad one is reported and the last good one kept.\n"
	    "\n"
	    "'limber remind --init' writes the defaults to the config file,\n"
	    "with a note on each line, for you to edit. 'limber remind\n"
	    "--install' sets up a systemd user service that starts the\n"
	    "reminders with your desktop session; --uninstall removes it.\n"
	    "\n"
	    "'limber remind workout-done' says a workout has just ended: the\n"
	    "after-workout reminders come that many minutes later."),
	.opts = remind_opts,
	.flags = CMD_USES_JOURNAL,
	.run = remind_run,
};
