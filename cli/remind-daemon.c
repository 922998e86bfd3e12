/*
 * remind-daemon.c - `limber-remind`, the reminder daemon that `limber
 * remind` runs (docs/remind.md).
 *
 * It is a program of its own, not a part of `limber`, so that while it
 * waits it maps only the C library: the pages of cairo, pango and
 * libevent, which `limber`'s modules bring in (util/module.h), and even
 * SQLite's, would be megabytes of resident memory for a process that
 * does nothing for hours. It links the library statically and uses the
 * scheduler (lib/remind.c); the journal is written by
 * limber-remind-record (remind-record.c), which it runs.
 *
 * One poll() over a timerfd, a signalfd, an inotify watch on /etc/localtime
 * and the answers (stdin, or the notification's helper). The timer is set
 * on CLOCK_REALTIME at the absolute time of the next prompt, so nothing
 * wakes the process until then; a suspend makes it fire late, and the
 * scheduler shows what was missed once. TFD_TIMER_CANCEL_ON_SET wakes it
 * when the clock is set, and the zone's file is watched, so a changed
 * clock or zone is seen at once rather than at the next prompt.
 *
 * "Start now" on a notification opens the session where the person can
 * follow it: in a terminal window (the config's "terminal" words, then
 * `limber start ...`), or with "start = page" in the browser, through a
 * `limber serve --open` child that the daemon keeps: a second "Start
 * now" sends it SIGUSR1 with the routine (sigqueue) to open the page
 * again, rather than start a second server. It stops on its own after
 * SERVE_QUIT_AFTER minutes unused, and with the daemon. A program that
 * cannot be run is said on stderr; the answer is recorded before.
 *
 * While the desktop says the person is away (logind's idle or lock hint,
 * or the screensaver: remind-idle.c, followed by signals, never polled)
 * no prompt is taken and only the far timer is armed, so an empty desk
 * costs no wake-ups; on their return the scheduler hears how long they
 * were gone (limber_remind_back) and the loop goes on as before.
 *
 * With no config file it reminds with limber's defaults
 * (limber_remind_default_config()) and says so once, in words; a file
 * that appears later is read on SIGHUP.
 */
#define _GNU_SOURCE	/* pipe2, timerfd, signalfd, inotify */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <limber/journal.h>
#include <limber/remind.h>

#include "i18n.h"
#include "remind-idle.h"
#include "util.h"

/* The page's server stops after this many minutes without a request
   while no session is under way (`limber serve --quit-after`). */
#define SERVE_QUIT_AFTER 30

/* How a prompt is put to the user. */
enum prompt_mode {
	PROMPT_AUTO,		/* notify on a desktop, else terminal */
	PROMPT_TERMINAL,	/* a bell and a line on stdout; answers on stdin */
	PROMPT_NOTIFY,		/* a desktop notification with actions */
	PROMPT_MODE_COUNT,
};

struct daemon {
	char *self_dir;		/* our executable's folder, where `limber` is */
	char *config_path;
	bool named;    /* config_path is from --config */
	bool defaults; /* no file at config_path: the built-in config */
	char *journal_path;	/* NULL: prompts are not recorded */
	char *pid_path;
	int pid_fd;		/* the pid file, locked; -1: not ours */
	char *workout_path;
	enum prompt_mode mode;
	struct limber_remind_config cfg;
	struct limber_remind_state st;
	int tfd, sfd, ifd;
	bool stdin_open;
	/* The prompt waiting for an answer (journal id; 0: none). */
	int64_t open_id;
	bool open_recorded;
	char open_name[LIMBER_REMIND_NAME_MAX + 1];
	/* A notification's helper, whose stdout says the action chosen. */
	pid_t notify_pid;
	int notify_fd;
	/* A session started from a terminal prompt: stdin is its own. */
	pid_t session_pid;
	/* The page's server (start = page), kept for the next "Start now". */
	pid_t serve_pid;
	int64_t workout_seen;
	int64_t armed;		/* the time the timer was last set for */
	/* Whether the person is at the keyboard (remind-idle.h). */
	struct remind_idle *idle;
	bool away;
	int64_t away_since;
};

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A line on stderr, which systemd keeps in the user's journal. */
static void
say(const char *fmt, ...)
{
	va_list ap;
	char *msg, *shown;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* Messages quote the config and the pid file: shown, never obeyed. */
	shown = util_visible(msg, NULL);
	fprintf(stderr, "limber-remind: %s\n", shown);
	free(shown);
	free(msg);
}

static const char *
clock_text(char *buf, size_t size, int64_t t, bool date)
{
	struct tm tm;
	time_t tt = (time_t)t;

	localtime_r(&tt, &tm);
	strftime(buf, size, date ? "%Y-%m-%d %H:%M:%S" : "%H:%M", &tm);
	return buf;
}

/*
 * The wall clock, from the same clock the timer runs on: time() may read
 * a coarser clock that is still a tick behind when the timer fires, and
 * the loop would then find nothing due and wake again at once.
 */
static int64_t
wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

/* ------------------------------------------------------------------ */
/* Config and the workout file.                                         */

/* Whether nothing is at path: no file, as opposed to one we cannot read. */
static bool
missing(const char *path)
{
	struct stat sb;

	return stat(path, &sb) != 0 && errno == ENOENT;
}

/* The defaults are in use: say what they are, and how to change them. */
static void
say_defaults(const struct daemon *d, const struct limber_remind_config *cfg)
{
	char *words = xstrdup("");

	for (size_t i = 0; i < cfg->nschedules; i++) {
		char *one = limber_remind_describe(&cfg->schedules[i]);
		char *all = xasprintf("%s%s[%s] %s", words, i ? "; " : "",
		    cfg->schedules[i].name, one);

		free(one);
		free(words);
		words = all;
	}
	say(_("no config at %s, so reminding with the defaults: %s. 'limber "
	      "remind --init' writes them to that file for you to edit"),
	    d->config_path, words);
	free(words);
}

/*
 * Read and parse the config, or with no file the defaults; on failure
 * say why and keep what we had.
 */
static bool
load_config(struct daemon *d, bool first)
{
	struct limber_remind_config cfg = d->cfg;
	char *text, *cause = NULL;
	bool defaults = false;
	size_t len;

	text = util_read_file(d->config_path, LIMBER_REMIND_MAX_BYTES, &len,
	    &cause);
	/* A file named by --config must be there: a typo is not "none". */
	if (text == NULL && !d->named && missing(d->config_path)) {
		free(cause);
		cause = NULL;
		defaults = true;
		text = xstrdup(limber_remind_default_config());
		len = strlen(text);
	}
	if (text == NULL || limber_remind_parse(d->config_path, text, len,
	    &cfg, &cause) != LIMBER_OK) {
		say("%s%s", cause != NULL ? cause : d->config_path,
		    first ? "" : "; keeping the last good config");
		free(cause);
		free(text);
		return false;
	}
	free(text);
	if (first)
		limber_remind_state_init(&d->st, wall_now());
	else
		limber_remind_state_rekey(&d->st, &d->cfg, &cfg, wall_now());
	d->cfg = cfg;
	if (defaults && d->defaults && !first)
		say(_("still no config at %s: keeping the defaults"),
		    d->config_path);
	else if (defaults)
		say_defaults(d, &cfg);
	else
		say("%s %s: %zu %s", first ? "read" : "reloaded",
		    d->config_path, cfg.nschedules,
		    cfg.nschedules == 1 ? "reminder" : "reminders");
	d->defaults = defaults;
	/* Valid, yet silent for good: say so, or nobody finds out. */
	for (size_t i = 0; i < cfg.nschedules; i++) {
		enum limber_remind_never never =
		    limber_remind_never(&cfg.schedules[i]);

		if (never == LIMBER_REMIND_ALL_QUIET)
			say("[%s] never comes: its quiet hours cover every "
			    "time it is due",
			    cfg.schedules[i].name);
		else if (never == LIMBER_REMIND_NO_TIME)
			say("[%s] never comes: its interval is longer than "
			    "its hours",
			    cfg.schedules[i].name);
	}
	return true;
}

/* The last `limber remind workout-done`, as UTC seconds; 0: none. */
static int64_t
read_workout(const struct daemon *d)
{
	char *text, *cause = NULL;
	long v = 0;
	size_t len;

	text = util_read_file(d->workout_path, 64, &len, &cause);
	free(cause);	/* no file: no workout yet */
	if (text == NULL)
		return 0;
	text[strcspn(text, "\n")] = '\0';
	if (!util_parse_int(text, 0, LONG_MAX, &v))
		v = 0;
	free(text);
	return v;
}

/* A workout we have not seen yet moves the cool-down reminders. */
static void
take_workout(struct daemon *d, bool first)
{
	int64_t t = read_workout(d), now = wall_now();
	int longest = 0;

	if (t == 0 || t <= d->workout_seen)
		return;
	d->workout_seen = t;
	for (size_t i = 0; i < d->cfg.nschedules; i++) {
		if (d->cfg.schedules[i].kind == LIMBER_REMIND_WORKOUT &&
		    d->cfg.schedules[i].delay_s > longest)
			longest = d->cfg.schedules[i].delay_s;
	}
	/* At start, only a cool-down still to come: one due before was shown. */
	if (first && t + longest <= now)
		return;
	limber_remind_workout(&d->cfg, &d->st, t);
}

/* ------------------------------------------------------------------ */
/* The journal, written by limber-remind-record.                        */

static pid_t spawn(char *const argv[], int out_fd, bool own_session,
    const sigset_t *keep);

/*
 * Why another program: the daemon must be as small after a prompt as
 * before it, and not even map SQLite. Written here, SQLite's code and
 * its page cache stayed resident for the rest of the day: a release
 * build went from 2.9 to 4.4 MB after one prompt and its answer
 * (bench/remind.sh); and merely linking SQLite, with the maths library
 * the journal's code needs, kept some 0.6 MB of their pages resident.
 * limber-remind-record (remind-record.c), beside us, opens the journal,
 * writes the prompt or the answer, prints a prompt's id and exits; we
 * wait for it. It keeps our blocked signals, so a SIGTERM meanwhile
 * cannot cut a write short. Returns the id (a prompt's), or 0.
 */
static int64_t
journal_write(const struct daemon *d, char *args[5])
{
	char *prog = xasprintf("%s/limber-remind-record", d->self_dir);
	char *argv[] = { prog, (char *)"--journal", d->journal_path, args[0],
		args[1], args[2], args[3], args[4], NULL };
	char buf[32];
	long v = 0;
	size_t len = 0;
	ssize_t n;
	sigset_t blocked;
	int fds[2], status = 0;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) != 0) {
		say("pipe: %s; the journal is not written", strerror(errno));
		free(prog);
		return 0;
	}
	fflush(NULL);
	sigprocmask(SIG_BLOCK, NULL, &blocked);
	pid = spawn(argv, fds[1], false, &blocked);
	close(fds[1]);
	free(prog);
	if (pid < 0) {
		say("fork: %s; the journal is not written", strerror(errno));
		close(fds[0]);
		return 0;
	}
	/* Signals are blocked (signalfd), so no read is interrupted. */
	while (len < sizeof buf - 1 &&
	    (n = read(fds[0], buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	/* Its own message, on our stderr, said why it failed. */
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return 0;
	buf[strcspn(buf, "\n")] = '\0';
	return util_parse_int(buf, 1, LONG_MAX, &v) ? v : 0;
}

static int64_t
record_prompt(const struct daemon *d, const struct limber_remind_schedule *s,
    int64_t now, bool late)
{
	char at[24];
	char *args[5] = { (char *)"prompt", at,
		(char *)limber_remind_kind_name(s->kind),
		(char *)(late ? "1" : "0"), (char *)s->name };

	if (d->journal_path == NULL)
		return 0;
	snprintf(at, sizeof at, "%lld", (long long)now);
	return journal_write(d, args);
}

static void
record_answer(const struct daemon *d, int64_t id,
    enum limber_remind_answer a)
{
	char at[24], num[24];
	char *args[5] = { (char *)"answer", at, num,
		(char *)limber_remind_answer_name(a), NULL };

	if (id == 0 || d->journal_path == NULL)
		return;
	snprintf(at, sizeof at, "%lld", (long long)wall_now());
	snprintf(num, sizeof num, "%lld", (long long)id);
	journal_write(d, args);
}

/* ------------------------------------------------------------------ */
/* Prompts and answers.                                                 */

/* For both areas a reminder says just "your back": a prompt is short. */
static const char *
area_words(unsigned area)
{
	const char *words = area != LIMBER_AREA_BOTH ?
	    limber_area_words((enum limber_area)area) :
	    NULL;

	return words != NULL ? words : _("back");
}

/*
 * A child that does not keep our blocked signals (but keep, when not
 * NULL) or our descriptors. A program that cannot be run is said on our
 * stderr, its name shown, not obeyed: it may come from the config.
 */
static pid_t
spawn(char *const argv[], int out_fd, bool own_session, const sigset_t *keep)
{
	pid_t pid = fork();
	sigset_t none;
	char *name;

	if (pid != 0)
		return pid;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, keep != NULL ? keep : &none, NULL);
	if (own_session)
		setsid();
	if (out_fd >= 0 && dup2(out_fd, STDOUT_FILENO) < 0)
		_exit(127);
	execvp(argv[0], argv);
	name = util_visible(argv[0], NULL);
	fprintf(stderr, _("limber-remind: cannot run %s: %s\n"), name,
	    strerror(errno));
	free(name);
	_exit(127);
}

static const struct limber_remind_schedule *
open_schedule(const struct daemon *d, size_t *index)
{
	for (size_t i = 0; i < d->cfg.nschedules; i++) {
		if (strcmp(d->cfg.schedules[i].name, d->open_name) == 0) {
			*index = i;
			return &d->cfg.schedules[i];
		}
	}
	return NULL;
}

static void reap(struct daemon *d);

/*
 * The routine of s as one int for the page's server's SIGUSR1, as
 * cmd-serve.c's route_decode reads it: area in bits 0-1, context + 1 in
 * bits 2-3, minutes from bit 4.
 */
static int
route_code(const struct limber_remind_schedule *s)
{
	return (int)s->area | ((int)s->context + 1) << 2 | s->minutes << 4;
}

/*
 * Open the guided session of s in the browser: start `limber serve
 * --open` at its routine, or, when ours still runs, ask it to open the
 * page again (SIGUSR1 with the routine). SIGUSR1 stays blocked in the
 * child, so one sent before the server listens waits for it.
 */
static void
open_page(struct daemon *d, const struct limber_remind_schedule *s)
{
	char minutes[16], quit[16],
	    *limber = xasprintf("%s/limber", d->self_dir);
	char *argv[24];
	sigset_t usr1;
	int n = 0;

	reap(d); /* one that stopped unused is not asked */
	if (d->serve_pid > 0) {
		union sigval v = { .sival_int = route_code(s) };

		if (sigqueue(d->serve_pid, SIGUSR1, v) == 0) {
			say("opening the page again");
			free(limber);
			return;
		}
		say("the page's server: %s", strerror(errno));
		d->serve_pid = 0;
	}
	snprintf(minutes, sizeof minutes, "%d", s->minutes);
	snprintf(quit, sizeof quit, "%d", SERVE_QUIT_AFTER);
	argv[n++] = limber;
	if (d->journal_path != NULL) {
		argv[n++] = (char *)"--journal";
		argv[n++] = d->journal_path;
	}
	argv[n++] = (char *)"serve";
	argv[n++] = (char *)"--port";
	argv[n++] = (char *)"0";
	argv[n++] = (char *)"--open";
	argv[n++] = (char *)"--area";
	argv[n++] = (char *)limber_area_name((enum limber_area)s->area);
	argv[n++] = (char *)"--context";
	argv[n++] = (char *)limber_context_name(s->context);
	argv[n++] = (char *)"--minutes";
	argv[n++] = minutes;
	argv[n++] = (char *)"--quit-after";
	argv[n++] = quit;
	argv[n] = NULL;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	d->serve_pid = spawn(argv, -1, true, &usr1);
	if (d->serve_pid < 0) {
		say("cannot start the page's server: %s", strerror(errno));
		d->serve_pid = 0;
	} else {
		say("started the page's server (pid %ld)", (long)d->serve_pid);
	}
	free(limber);
}

/* Our page's server, stopped and waited for: it ends with us. */
static void
stop_server(struct daemon *d)
{
	if (d->serve_pid <= 0)
		return;
	kill(d->serve_pid, SIGTERM);
	while (waitpid(d->serve_pid, NULL, 0) < 0 && errno == EINTR)
		;
	d->serve_pid = 0;
}

/*
 * Start the guided session of the open prompt's schedule: on a terminal,
 * `limber start` here, with stdin handed over until it ends; from a
 * desktop notification, in a new terminal window (the config's
 * "terminal" words) or, with "start = page", on the page.
 */
static void
start_session(struct daemon *d, const struct limber_remind_schedule *s)
{
	char minutes[16], *limber;
	char *argv[LIMBER_REMIND_TERMINAL_WORDS + 16];
	int n = 0;

	if (d->mode == PROMPT_NOTIFY &&
	    d->cfg.start == LIMBER_REMIND_START_PAGE) {
		open_page(d, s);
		return;
	}
	limber = xasprintf("%s/limber", d->self_dir);
	snprintf(minutes, sizeof minutes, "%d", s->minutes);
	if (d->mode == PROMPT_NOTIFY) {
		for (size_t i = 0; i < d->cfg.nterminal; i++)
			argv[n++] = d->cfg.terminal[i];
	}
	argv[n++] = limber;
	if (d->journal_path != NULL) {
		argv[n++] = (char *)"--journal";
		argv[n++] = d->journal_path;
	}
	argv[n++] = (char *)"start";
	argv[n++] = (char *)"--area";
	argv[n++] = (char *)limber_area_name((enum limber_area)s->area);
	argv[n++] = (char *)"--context";
	argv[n++] = (char *)limber_context_name(s->context);
	argv[n++] = (char *)"--minutes";
	argv[n++] = minutes;
	argv[n] = NULL;
	if (d->mode == PROMPT_NOTIFY) {
		spawn(argv, -1, true, NULL); /* reaped on SIGCHLD */
	} else {
		fflush(stdout);
		d->session_pid = spawn(argv, -1, false, NULL);
		if (d->session_pid < 0) {
			say("cannot start a session: %s", strerror(errno));
			d->session_pid = 0;
		}
	}
	free(limber);
}

static void
answer(struct daemon *d, enum limber_remind_answer a)
{
	const struct limber_remind_schedule *s;
	size_t i;

	if (d->open_name[0] == '\0')
		return;
	record_answer(d, d->open_id, a);
	s = open_schedule(d, &i);
	if (d->mode == PROMPT_TERMINAL) {
		printf("%s\n",
		    a == LIMBER_ANSWER_STARTED	   ? _("Starting.") :
			a == LIMBER_ANSWER_SNOOZED ? _("Snoozed.") :
						     _("Skipped."));
		fflush(stdout);
	}
	if (s != NULL && a == LIMBER_ANSWER_SNOOZED)
		limber_remind_snooze(&d->cfg, &d->st, i, wall_now());
	if (s != NULL && a == LIMBER_ANSWER_STARTED)
		start_session(d, s);
	d->open_id = 0;
	d->open_name[0] = '\0';
}

/* The notification's helper has gone: whatever it said is the answer. */
static void
notify_close(struct daemon *d)
{
	if (d->notify_fd >= 0)
		close(d->notify_fd);
	d->notify_fd = -1;
	if (d->notify_pid > 0)
		kill(d->notify_pid, SIGTERM);
	d->notify_pid = 0;
}

static void
show_notification(struct daemon *d, const struct limber_remind_schedule *s,
    const char *body)
{
	/* TRANSLATORS: a desktop notification's title; %s is the
	 * reminder's name from the config. */
	char *title = xasprintf(_("Time to stretch: %s"), s->name);
	/* The actions' keys (start, snooze, skip) are read back; their
	 * labels are the person's. */
	char *start = xasprintf("--action=start=%s", _("Start now"));
	char *snooze = xasprintf("--action=snooze=%s", _("Snooze"));
	char *skip = xasprintf("--action=skip=%s", _("Skip"));
	char *argv[] = {
		(char *)"notify-send",
		(char *)"--app-name=limber",
		(char *)"--wait",
		start,
		snooze,
		skip,
		title,
		(char *)body,
		NULL,
	};
	int fds[2];

	notify_close(d);
	if (pipe2(fds, O_CLOEXEC) != 0) {
		say("pipe: %s", strerror(errno));
		free(title);
		free(start);
		free(snooze);
		free(skip);
		return;
	}
	d->notify_pid = spawn(argv, fds[1], false, NULL);
	close(fds[1]);
	d->notify_fd = fds[0];
	free(title);
	free(start);
	free(snooze);
	free(skip);
}

static void
prompt(struct daemon *d, const struct limber_remind_due *due, int64_t now)
{
	const struct limber_remind_schedule *s = &d->cfg.schedules[due->schedule];
	char at[16], body[256], late[64] = "";

	if (due->late)
		snprintf(late, sizeof late,
		    due->several ? _(" (due at %s, and earlier ones missed)") :
				   _(" (due at %s)"),
		    clock_text(at, sizeof at, due->at, false));
	/* TRANSLATORS: "10 minutes for your lower back (desk)", with the
	 * reminder's words after it; the second %s is a context's name. */
	snprintf(body, sizeof body,
	    P_("%d minute for your %s (%s)%s", "%d minutes for your %s (%s)%s",
		(unsigned long)s->minutes),
	    s->minutes, area_words(s->area), limber_context_name(s->context),
	    late);
	/* A prompt still open is left unanswered: the new one replaces it. */
	d->open_id = record_prompt(d, s, now, due->late);
	snprintf(d->open_name, sizeof d->open_name, "%s", s->name);
	if (d->mode == PROMPT_NOTIFY) {
		show_notification(d, s, body);
	} else {
		/* TRANSLATORS: the time, the reminder's name, what it asks
		 * for, then the keys' line below or nothing. */
		/* The bell first, apart: it is no word to translate. */
		putchar('\a');
		printf(_("%s  Time to stretch: %s, %s%s\n"),
		    clock_text(at, sizeof at, now, false), s->name, body,
		    d->stdin_open && d->session_pid == 0 ?
			/* TRANSLATORS: s, z and k are the keys read: keep them. */
			_("  [s]tart, [z] snooze, [k] skip?") :
			"");
		fflush(stdout);
	}
}

/* A line typed at a terminal prompt. */
static void
read_answer_line(struct daemon *d)
{
	char buf[256];
	ssize_t n = read(STDIN_FILENO, buf, sizeof buf - 1);
	char *p;

	if (n <= 0) {
		d->stdin_open = false;
		return;
	}
	buf[n] = '\0';
	for (p = buf; *p == ' ' || *p == '\t'; p++)
		;
	switch (*p) {
	case 's':
		answer(d, LIMBER_ANSWER_STARTED);
		break;
	case 'z':
		answer(d, LIMBER_ANSWER_SNOOZED);
		break;
	case 'k':
		answer(d, LIMBER_ANSWER_SKIPPED);
		break;
	case '\n':
	case '\0':
		break;
	default:
		if (d->open_name[0] != '\0') {
			/* TRANSLATORS: s, z and k are the keys read: keep
			 * them as they are. */
			printf(_("s to start, z to snooze, k to skip\n"));
			fflush(stdout);
		}
		break;
	}
}

static void
read_notify(struct daemon *d)
{
	char buf[128];
	ssize_t n = read(d->notify_fd, buf, sizeof buf - 1);

	if (n > 0) {
		buf[n] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		if (strcmp(buf, "start") == 0)
			answer(d, LIMBER_ANSWER_STARTED);
		else if (strcmp(buf, "snooze") == 0)
			answer(d, LIMBER_ANSWER_SNOOZED);
		else if (strcmp(buf, "skip") == 0)
			answer(d, LIMBER_ANSWER_SKIPPED);
		return;
	}
	/* Closed without an action (dismissed or expired): unanswered. */
	close(d->notify_fd);
	d->notify_fd = -1;
}

/* ------------------------------------------------------------------ */
/* The loop.                                                            */

static void
arm(struct daemon *d, int64_t now)
{
	int64_t next = limber_remind_next(&d->cfg, &d->st);
	struct itimerspec its = { 0 };
	char buf[32];

	if (d->away) {
		/* Nothing is shown to an empty desk: the far timer only. */
		its.it_value.tv_sec = (time_t)(now + 366 * 86400);
		next = INT64_MIN;
	} else if (next == INT64_MAX) {
		/*
		 * Nothing is due. A far timer is still armed, so that
		 * setting the clock wakes us (TFD_TIMER_CANCEL_ON_SET).
		 */
		its.it_value.tv_sec = (time_t)(now + 366 * 86400);
		if (d->armed != next)
			say("nothing is due");
	} else {
		its.it_value.tv_sec = (time_t)next;
		if (d->armed != next)
			say("next reminder at %s", clock_text(buf, sizeof buf,
			    next, true));
	}
	d->armed = next;
	if (timerfd_settime(d->tfd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
	    &its, NULL) != 0)
		say("timerfd_settime: %s", strerror(errno));
}

/* The person went away or came back: say so; on return, tell the scheduler. */
static void
say_idle_change(struct daemon *d, int64_t now)
{
	char buf[32];
	int64_t since, minutes;

	d->away = remind_idle_away(d->idle, &since);
	if (d->away) {
		d->away_since = since;
		/* TRANSLATORS: %s is a time of day (10:05), or a date and
		 * time when that was more than half a day ago. */
		say(_("away since %s: no prompts until you are back"),
		    clock_text(buf, sizeof buf, since,
			now - since > 12 * 3600));
		return;
	}
	minutes = now > d->away_since ? (now - d->away_since) / 60 : 0;
	minutes = minutes < INT_MAX ? minutes : INT_MAX;
	say(P_("back after %d minute", "back after %d minutes",
		(unsigned long)minutes),
	    (int)minutes);
	limber_remind_back(&d->cfg, &d->st, d->away_since, now);
}

/* Which sources tell us that the person is away, once, at the start. */
static void
open_idle(struct daemon *d)
{
	const char *words;
	int64_t now = wall_now();

	d->idle = remind_idle_open(now);
	words = remind_idle_words(remind_idle_sources(d->idle));
	if (words != NULL)
		/* TRANSLATORS: %s is "logind", "the screensaver" or "logind
		 * and the screensaver". */
		say(_("away from the keyboard: hearing from %s when you are "
		      "idle or locked"),
		    words);
	else
		say(_("no idle source: reminders come whether or not you are "
		      "at the keyboard"));
	if (remind_idle_away(d->idle, NULL))
		say_idle_change(d, now);
}

/* The clock was set back: what was handled "after now" is not in the future. */
static void
clock_was_set(struct daemon *d, int64_t now)
{
	for (size_t i = 0; i < LIMBER_REMIND_MAX_SCHEDULES; i++) {
		if (d->st.slots[i].done > now)
			d->st.slots[i].done = now;
		if (d->st.slots[i].rest > now)
			d->st.slots[i].rest = now;
	}
}

static void
reap(struct daemon *d)
{
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == d->session_pid)
			d->session_pid = 0;
		if (pid == d->notify_pid)
			d->notify_pid = 0;
		if (pid == d->serve_pid) {
			d->serve_pid = 0;
			if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
				say("the page's server failed (status %d)",
				    WEXITSTATUS(status));
			else
				say("the page's server stopped");
		}
	}
}

/*
 * Events in /etc: only /etc/localtime matters (the loop calls tzset()
 * and works the next prompt out again whatever woke it).
 */
static void
read_zone_events(struct daemon *d)
{
	char buf[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;
	bool zone = false;

	while ((n = read(d->ifd, buf, sizeof buf)) > 0) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const void *)p;

			if (ev->len > 0 && strcmp(ev->name, "localtime") == 0)
				zone = true;
			p += sizeof *ev + ev->len;
		}
	}
	if (zone)
		say("/etc/localtime changed");
}

static int
run(struct daemon *d)
{
	bool tz_fixed = getenv("TZ") != NULL;

	for (;;) {
		struct limber_remind_due due[LIMBER_REMIND_MAX_SCHEDULES];
		struct pollfd pfd[7];
		struct signalfd_siginfo si;
		uint64_t ticks;
		int64_t now;
		size_t n;
		int np = 0, ti, si_i, ii = -1, in = -1, nf = -1, idle_i;
		int idle_fds[2];
		size_t nidle;

		tzset();	/* a zone changed under us */
		now = wall_now();
		/* Away: nothing is taken, so it is still due on return. */
		n = d->away ?
		    0 :
		    limber_remind_take(&d->cfg, &d->st, now, due, nitems(due));
		for (size_t i = 0; i < n; i++)
			prompt(d, &due[i], now);
		arm(d, now);

		pfd[ti = np++] = (struct pollfd){ .fd = d->tfd, .events = POLLIN };
		pfd[si_i = np++] = (struct pollfd){ .fd = d->sfd, .events = POLLIN };
		if (d->ifd >= 0 && !tz_fixed)
			pfd[ii = np++] = (struct pollfd){ .fd = d->ifd,
			    .events = POLLIN };
		if (d->mode == PROMPT_TERMINAL && d->stdin_open &&
		    d->session_pid == 0)
			pfd[in = np++] = (struct pollfd){ .fd = STDIN_FILENO,
			    .events = POLLIN };
		if (d->notify_fd >= 0)
			pfd[nf = np++] = (struct pollfd){ .fd = d->notify_fd,
			    .events = POLLIN };
		idle_i = np;
		nidle = remind_idle_fds(d->idle, idle_fds);
		for (size_t i = 0; i < nidle; i++)
			pfd[np++] = (struct pollfd){ .fd = idle_fds[i],
				.events = POLLIN };
		if (poll(pfd, (nfds_t)np, -1) < 0) {
			if (errno == EINTR)
				continue;
			say("poll: %s", strerror(errno));
			return 1;
		}
		if (pfd[ti].revents & POLLIN) {
			if (read(d->tfd, &ticks, sizeof ticks) < 0 &&
			    errno == ECANCELED) {
				say("the clock was set");
				clock_was_set(d, wall_now());
			}
		}
		if (ii >= 0 && (pfd[ii].revents & POLLIN))
			read_zone_events(d);
		if (in >= 0 && (pfd[in].revents & (POLLIN | POLLHUP)))
			read_answer_line(d);
		if (nf >= 0 && (pfd[nf].revents & (POLLIN | POLLHUP)))
			read_notify(d);
		for (int i = idle_i; i < idle_i + (int)nidle; i++) {
			char *note = NULL;
			bool changed;

			if ((pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) ==
			    0)
				continue;
			changed = remind_idle_read(d->idle, pfd[i].fd,
			    wall_now(), &note);
			if (note != NULL)
				say("%s", note);
			free(note);
			if (changed)
				say_idle_change(d, wall_now());
		}
		if (pfd[si_i].revents & POLLIN) {
			if (read(d->sfd, &si, sizeof si) != sizeof si)
				continue;
			switch (si.ssi_signo) {
			case SIGHUP:
				load_config(d, false);
				break;
			case SIGUSR1:
				take_workout(d, false);
				break;
			case SIGCHLD:
				reap(d);
				break;
			default:	/* SIGTERM, SIGINT */
				say("stopping");
				notify_close(d);
				return 0;
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* Setting up.                                                          */

/*
 * Take the pid file, so that one daemon runs per user. Only on success is
 * d->pid_fd set: the file is then ours to remove on the way out, and never
 * when another daemon holds it.
 */
static bool
take_pid_file(struct daemon *d)
{
	char buf[32];
	int fd = open(d->pid_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	ssize_t n;

	if (fd < 0) {
		say("%s: %s", d->pid_path, strerror(errno));
		return false;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		n = read(fd, buf, sizeof buf - 1);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		say(_("another limber remind is running (pid %s)"), buf);
		close(fd);
		return false;
	}
	n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || write(fd, buf, (size_t)n) != n) {
		say("%s: %s", d->pid_path, strerror(errno));
		close(fd);
		return false;
	}
	/* The descriptor stays open, and locked, until we exit. */
	d->pid_fd = fd;
	return true;
}

static bool
on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;
	bool found = false;

	if (path == NULL)
		return false;
	copy = xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir != NULL && !found;
	    dir = strtok_r(NULL, ":", &save)) {
		char *f = xasprintf("%s/%s", dir, prog);

		found = access(f, X_OK) == 0;
		free(f);
	}
	free(copy);
	return found;
}

/*
 * Free the daemon and close what it holds, on every way out of main. The
 * pid file is not touched here: removing it is a separate step, for the
 * daemon that took it only.
 */
static void
free_daemon(struct daemon *d)
{
	if (d->tfd >= 0)
		close(d->tfd);
	if (d->sfd >= 0)
		close(d->sfd);
	if (d->ifd >= 0)
		close(d->ifd);
	if (d->notify_fd >= 0)
		close(d->notify_fd);
	if (d->pid_fd >= 0)
		close(d->pid_fd);	/* and with it the lock */
	remind_idle_close(d->idle);
	free(d->self_dir);
	free(d->config_path);
	free(d->journal_path);
	free(d->pid_path);
	free(d->workout_path);
	free(d);
}

static const char usage[] =
    "usage: limber-remind [--config FILE] [--journal PATH|--no-journal]\n"
    "                     [--prompt auto|terminal|notify]\n"
    "Reminds you to stretch, as the config says (docs/remind.md), or with\n"
    "limber's defaults when there is none at the usual place. It is\n"
    "started by 'limber remind'; see 'limber help remind'.\n";

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "journal", required_argument, NULL, 'j' },
		{ "no-journal", no_argument, NULL, 'n' },
		{ "prompt", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct daemon *d = xcalloc(1, sizeof *d);
	char *self, *state_dir = NULL, *slash;
	bool no_journal = false;
	sigset_t mask;
	int c, rc = 1;

	/* Not 0, which is stdin: free_daemon() closes what is not -1. */
	d->tfd = d->sfd = d->ifd = -1;
	d->notify_fd = -1;
	d->pid_fd = -1;
	/* Its prompts in the person's language, as limber's own (main.c). */
	i18n_use(i18n_lang_from_env());
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			d->config_path = xstrdup(optarg);
			break;
		case 'j':
			d->journal_path = xstrdup(optarg);
			break;
		case 'n':
			no_journal = true;
			break;
		case 'p':
			if (strcmp(optarg, "auto") == 0)
				d->mode = PROMPT_AUTO;
			else if (strcmp(optarg, "terminal") == 0)
				d->mode = PROMPT_TERMINAL;
			else if (strcmp(optarg, "notify") == 0)
				d->mode = PROMPT_NOTIFY;
			else {
				say(_("--prompt must be auto, terminal or notify, "
				      "not '%s'"),
				    optarg);
				rc = 2;
				goto out;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			rc = 0;
			goto out;
		default:
			fputs(usage, stderr);
			rc = 2;
			goto out;
		}
	}
	if (optind < argc) {
		say(_("no arguments are taken, not '%s'"), argv[optind]);
		rc = 2;
		goto out;
	}

	self = realpath("/proc/self/exe", NULL);
	if (self == NULL || (slash = strrchr(self, '/')) == NULL) {
		say(_("cannot find my own program: %s"), strerror(errno));
		free(self);
		goto out;
	}
	*slash = '\0';
	d->self_dir = self;
	d->named = d->config_path != NULL;
	if (d->config_path == NULL)
		d->config_path = limber_remind_config_path(
		    getenv("XDG_CONFIG_HOME"), getenv("HOME"));
	if (no_journal) {
		free(d->journal_path);
		d->journal_path = NULL;
	} else if (d->journal_path == NULL) {
		const char *env = getenv("LIMBER_JOURNAL");

		d->journal_path = env != NULL && *env != '\0' ? xstrdup(env) :
		    limber_journal_default_path(getenv("XDG_DATA_HOME"),
		    getenv("HOME"));
	}
	state_dir = limber_remind_state_dir(getenv("XDG_STATE_HOME"),
	    getenv("HOME"));
	if (d->config_path == NULL || state_dir == NULL) {
		say(_("set HOME (or XDG_CONFIG_HOME and XDG_STATE_HOME)"));
		goto out;
	}
	if (!util_make_dirs(state_dir)) {
		say("%s: %s", state_dir, strerror(errno));
		goto out;
	}
	d->pid_path = xasprintf("%s/remind.pid", state_dir);
	d->workout_path = xasprintf("%s/workout", state_dir);

	if (d->mode == PROMPT_AUTO) {
		bool desktop = getenv("DBUS_SESSION_BUS_ADDRESS") != NULL &&
		    (getenv("DISPLAY") != NULL ||
		    getenv("WAYLAND_DISPLAY") != NULL);

		d->mode = desktop && on_path("notify-send") ? PROMPT_NOTIFY :
		    PROMPT_TERMINAL;
	}
	d->stdin_open = d->mode == PROMPT_TERMINAL;

	/* Blocked from the start: a SIGHUP while starting must not kill us. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	if (!load_config(d, true))
		goto out;
	/* Another daemon's pid file is left alone: pid_fd stays -1. */
	if (!take_pid_file(d))
		goto out;

	d->sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	d->tfd = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC);
	if (d->sfd < 0 || d->tfd < 0) {
		say("signalfd or timerfd: %s", strerror(errno));
		goto out;
	}
	/* /etc/localtime is replaced (a link renamed into place) on a change. */
	d->ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (d->ifd >= 0 && inotify_add_watch(d->ifd, "/etc", IN_CREATE |
	    IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE | IN_DONT_FOLLOW) < 0) {
		close(d->ifd);
		d->ifd = -1;
	}
	say("prompts %s", d->mode == PROMPT_NOTIFY ? "as desktop "
	    "notifications" : "on this terminal");
	take_workout(d, true);
	open_idle(d);
	rc = run(d);
out:
	/* A notification's helper does not outlive us, however run() ended;
	   nor does the page's server. */
	notify_close(d);
	stop_server(d);
	/* Removed while still locked, so no new daemon's file goes with it. */
	if (d->pid_fd >= 0)
		unlink(d->pid_path);
	free_daemon(d);
	free(state_dir);
	return rc;
}
