/*
 * cmd-remind.c - `limber remind`: reminders to stretch, at a desk, at
 * set times and after a workout (docs/remind.md).
 *
 * The daemon itself is `limber-remind` (remind-daemon.c), a small program
 * beside this one that this command execs, so that a process waiting all
 * day does not carry the figures' and the web server's libraries. What is
 * done once and ends stays here: checking the config and saying when each
 * reminder is next due (--check), the schedule as iCalendar (--ics), and
 * telling the daemon a workout is done.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <limber/journal.h>
#include <limber/remind.h>

#include "cli.h"
#include "util.h"

/* Keys of this command's own options (enum cli_key is for shared ones). */
enum {
	REMIND_KEY_CONFIG = 0x1000,
	REMIND_KEY_CHECK,
	REMIND_KEY_ICS,
	REMIND_KEY_PROMPT,
};

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
	{ 0 },
};

struct remind_opts {
	const char *config;
	const char *out;
	const char *prompt;
	bool check, ics, json;
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

/* Read and parse the config; prints what is wrong. */
static int
load(const char *path, struct limber_remind_config *cfg)
{
	char *text, *cause = NULL;
	size_t len;
	int rc = CLI_CONTINUE;

	text = util_read_file(path, LIMBER_REMIND_MAX_BYTES, &len, &cause);
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

static int
check(const char *path, const struct limber_remind_config *cfg,
    int64_t now, bool json)
{
	struct limber_remind_state st;

	limber_remind_state_init(&st, now);
	if (json) {
		json_t *o = json_object(), *a = json_array();
		char iso[32];

		json_object_set_new(o, "config", json_string(path));
		json_object_set_new(o, "snooze_s", json_integer(cfg->snooze_s));
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
	cli_puts(stdout, path);
	printf(": %zu %s\n", cfg->nschedules,
	    P_("reminder", "reminders", (unsigned long)cfg->nschedules));
	for (size_t i = 0; i < cfg->nschedules; i++)
		print_schedule(&cfg->schedules[i],
		    limber_remind_occurrence_after(&cfg->schedules[i], now));
	return CLI_EXIT_OK;
}

/* Write text to path through a temporary file renamed into place. */
static int
write_file(const char *path, const char *text)
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
	/* A calendar file is not private: readable like any other file. */
	if (off < len || fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
		rc = cli_error("%s: %s", path, strerror(errno));
		close(fd);
		unlink(tmp);
	} else if (close(fd) != 0 || rename(tmp, path) != 0) {
		rc = cli_error("%s: %s", path, strerror(errno));
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
		rc = write_file(out, text);
	} else {
		cli_print_output(stdout, text);
		rc = fflush(stdout) == 0 ?
		    CLI_EXIT_OK :
		    cli_error(_("cannot write: %s"), strerror(errno));
	}
	free(text);
	return rc;
}

/* mkdir -p, each new folder private (0700). */
static bool
make_dirs(const char *path)
{
	char *p = xstrdup(path);
	bool ok = true;

	for (char *s = p + 1; *s != '\0' && ok; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		ok = mkdir(p, 0700) == 0 || errno == EEXIST;
		*s = '/';
	}
	ok = ok && (mkdir(p, 0700) == 0 || errno == EEXIST);
	free(p);
	return ok;
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
	if (!make_dirs(dir)) {
		rc = cli_error("%s: %s", dir, strerror(errno));
		free(dir);
		return rc;
	}
	path = xasprintf("%s/workout", dir);
	pidpath = xasprintf("%s/remind.pid", dir);
	snprintf(buf, sizeof buf, "%lld\n", (long long)now);
	rc = write_file(path, buf);
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
	argv[n++] = (char *)"--config";
	argv[n++] = (char *)config;
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
	bool workout = false;
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
	if ((int)o.check + (int)o.ics + (int)workout > 1)
		return cli_usage_error(ctx,
		    _("give one of --check, --ics and "
		      "workout-done"));
	if (o.out != NULL && !o.ics)
		return cli_usage_error(ctx, _("--out goes with --ics"));
	if (o.json && !o.check)
		return cli_usage_error(ctx, _("--json goes with --check"));
	if (o.prompt != NULL && (o.check || o.ics || workout))
		return cli_usage_error(ctx,
		    _("--prompt is for the daemon, not "
		      "with --check, --ics or workout-done"));
	path = config_path(&o);
	if (path == NULL)
		return cli_error(_("no place for the config: set HOME (or "
				   "XDG_CONFIG_HOME), or give --config FILE"));
	cfg = xcalloc(1, sizeof *cfg);
	if ((rc = load(path, cfg)) != CLI_CONTINUE)
		goto out;
	if (o.check)
		rc = check(path, cfg, ctx->now, o.json);
	else if (o.ics)
		rc = ics(cfg, ctx->now, o.out);
	else if (workout)
		rc = workout_done(cfg, ctx->now);
	else
		rc = exec_daemon(ctx, path, o.prompt);
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
		 "limber remind --ics [--out FILE]\n"
		 "limber remind workout-done",
	.description = N_(
	    "Runs the reminder daemon: it reads the reminders from\n"
	    "$XDG_CONFIG_HOME/limber/config (docs/remind.md), sleeps until the\n"
	    "next one is due and then asks: start now, snooze or skip. On a\n"
	    "desktop the question is a notification; elsewhere it is a bell and\n"
	    "a line on the terminal, answered with s, z or k and Enter. Start\n"
	    "now begins the guided session ('limber start'). Prompts and answers\n"
	    "go into the journal, and 'limber stats' shows them. SIGHUP rereads\n"
	    "the config; a bad one is reported and the last good one kept.\n"
	    "\n"
	    "'limber remind workout-done' says a workout has just ended: the\n"
	    "after-workout reminders come that many minutes later."),
	.opts = remind_opts,
	.flags = CMD_USES_JOURNAL,
	.run = remind_run,
};
