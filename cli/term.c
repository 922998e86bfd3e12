/*
 * term.c - the raw terminal and the signals of the guided session.
 *
 * One static state, because the atexit handler and the signal handlers
 * have no other way to reach it. Everything a handler does here is
 * async-signal-safe: write(), tcsetattr(), sigaction(), raise().
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "term.h"
#include "util.h"

/* Attributes off, cursor shown, back from the alternate screen. */
static const char restore_seq[] = "\033[0m\033[?25h\033[?1049l";
/* The alternate screen, cleared, cursor hidden and at the top. */
static const char enter_seq[] = "\033[?1049h\033[H\033[2J\033[?25l";

static struct {
	volatile sig_atomic_t active;	/* in the session's mode now */
	int in, out;
	struct termios saved;
	bool atexit_set;
	int pipe[2];
	bool signals;
} term = { .in = -1, .out = -1, .pipe = { -1, -1 } };

bool
term_write(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/* Safe in a signal handler. */
static void
restore_now(void)
{
	int saved_errno = errno;

	if (term.active) {
		term.active = 0;
		(void)term_write(term.out, restore_seq, sizeof restore_seq - 1);
		(void)tcsetattr(term.in, TCSADRAIN, &term.saved);
	}
	errno = saved_errno;
}

void
term_leave(void)
{
	restore_now();
}

static void
at_exit(void)
{
	restore_now();
}

bool
term_enter(int in_fd, int out_fd)
{
	struct termios raw;

	if (term.active)
		return true;
	if (!isatty(in_fd) || tcgetattr(in_fd, &term.saved) != 0)
		return false;
	raw = term.saved;
	/* Keys one at a time, unechoed; ISIG stays, so Ctrl-C is SIGINT. */
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_iflag &= ~(tcflag_t)(ICRNL | IXON);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (!term.atexit_set) {
		atexit(at_exit);
		term.atexit_set = true;
	}
	term.in = in_fd;
	term.out = out_fd;
	if (tcsetattr(in_fd, TCSADRAIN, &raw) != 0)
		return false;
	term.active = 1;
	(void)term_write(out_fd, enter_seq, sizeof enter_seq - 1);
	return true;
}

void
term_size(int fd, int *cols, int *rows)
{
	struct winsize ws;

	*cols = 80;
	*rows = 24;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
		*cols = ws.ws_col;
		*rows = ws.ws_row;
	}
}

/* ------------------------------------------------------------------ */
/* Signals.                                                            */

static const int caught[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP, SIGCONT,
};
static const int fatal[] = { SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL };

static struct sigaction saved_caught[nitems(caught)];
static struct sigaction saved_fatal[nitems(fatal)];
static struct sigaction saved_pipe;

static void
on_signal(int sig)
{
	int saved_errno = errno;
	unsigned char c = (unsigned char)sig;

	if (term.pipe[1] >= 0) {
		ssize_t n = write(term.pipe[1], &c, 1);

		(void)n;	/* a full pipe already holds a wake-up */
	}
	errno = saved_errno;
}

/* A crash: give the terminal back, then let the signal do what it does. */
static void
on_fatal(int sig)
{
	restore_now();
	for (size_t i = 0; i < nitems(fatal); i++) {
		if (fatal[i] == sig)
			(void)sigaction(sig, &saved_fatal[i], NULL);
	}
	raise(sig);
}

static bool
nonblocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0 &&
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == 0;
}

int
term_signals_start(void)
{
	struct sigaction sa;

	if (term.signals)
		return term.pipe[0];
	if (pipe(term.pipe) != 0)
		return -1;
	if (!nonblocking(term.pipe[0]) || !nonblocking(term.pipe[1])) {
		int e = errno;

		close(term.pipe[0]);
		close(term.pipe[1]);
		term.pipe[0] = term.pipe[1] = -1;
		errno = e;
		return -1;
	}

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = on_signal;
	for (size_t i = 0; i < nitems(caught); i++)
		sigaction(caught[i], &sa, &saved_caught[i]);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_NODEFER;
	for (size_t i = 0; i < nitems(fatal); i++)
		sigaction(fatal[i], &sa, &saved_fatal[i]);
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = 0;
	sigaction(SIGPIPE, &sa, &saved_pipe);
	term.signals = true;
	return term.pipe[0];
}

void
term_signals_stop(void)
{
	if (!term.signals)
		return;
	for (size_t i = 0; i < nitems(caught); i++)
		sigaction(caught[i], &saved_caught[i], NULL);
	for (size_t i = 0; i < nitems(fatal); i++)
		sigaction(fatal[i], &saved_fatal[i], NULL);
	sigaction(SIGPIPE, &saved_pipe, NULL);
	close(term.pipe[0]);
	close(term.pipe[1]);
	term.pipe[0] = term.pipe[1] = -1;
	term.signals = false;
}

unsigned
term_signals_take(void)
{
	unsigned char buf[64];
	unsigned bits = 0;
	ssize_t n;

	if (term.pipe[0] < 0)
		return 0;
	while ((n = read(term.pipe[0], buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			switch (buf[i]) {
			case SIGINT:
				bits |= TERM_SIG_INT;
				break;
			case SIGTERM:
				bits |= TERM_SIG_TERM;
				break;
			case SIGHUP:
				bits |= TERM_SIG_HUP;
				break;
			case SIGQUIT:
				bits |= TERM_SIG_QUIT;
				break;
			case SIGWINCH:
				bits |= TERM_SIG_WINCH;
				break;
			case SIGTSTP:
				bits |= TERM_SIG_TSTP;
				break;
			case SIGCONT:
				bits |= TERM_SIG_CONT;
				break;
			}
		}
	}
	return bits;
}

void
term_suspend(void)
{
	struct sigaction dfl, old;
	bool was = term.active;
	sigset_t set, oldset;

	restore_now();
	memset(&dfl, 0, sizeof dfl);
	sigemptyset(&dfl.sa_mask);
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &dfl, &old);
	/* SIGTSTP may be blocked while its handler runs elsewhere; not here. */
	sigemptyset(&set);
	sigaddset(&set, SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &set, &oldset);
	raise(SIGTSTP);
	/* Stopped here until SIGCONT. */
	sigprocmask(SIG_SETMASK, &oldset, NULL);
	sigaction(SIGTSTP, &old, NULL);
	if (was)
		term_enter(term.in, term.out);
}
