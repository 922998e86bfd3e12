/*
 * term.h - the raw terminal and the signals of the guided session.
 *
 * The coach draws on the terminal's alternate screen, reads single keys
 * and hides the cursor. Whatever happens - a normal end, an error, exit(),
 * Ctrl-C, SIGTERM, a crash - the terminal must come back as it was, or the
 * person is left at a broken shell. So the state lives here, in one place
 * that an atexit handler and the fatal-signal handlers can reach, and the
 * restore is a few write()s and a tcsetattr(): both safe in a handler.
 *
 * Signals that the session must react to (Ctrl-C, SIGTERM, a closed
 * terminal, a resize, Ctrl-Z) are written by their handlers to a pipe, so
 * the one poll() of the coach's loop wakes for them like for a key.
 */
#ifndef LIMBER_TERM_H
#define LIMBER_TERM_H

#include <stdbool.h>

/*
 * Put the terminal into the session's mode: keys one at a time from in_fd
 * without echo (signals such as Ctrl-C still work), and on out_fd the
 * alternate screen with the cursor hidden. The first call registers an
 * atexit handler that restores it. Returns false (and changes nothing)
 * when in_fd is not a terminal.
 */
bool term_enter(int in_fd, int out_fd);

/* Restore what term_enter changed. Safe to call at any time, more than once. */
void term_leave(void);

/* The size of the terminal on fd; 80x24 when it cannot be read. */
void term_size(int fd, int *cols, int *rows);

/* Bits of what arrived, from term_signals_take(). */
enum term_signal {
	TERM_SIG_INT = 1 << 0,		/* SIGINT: Ctrl-C */
	TERM_SIG_TERM = 1 << 1,		/* SIGTERM: the system asks us to end */
	TERM_SIG_HUP = 1 << 2,		/* SIGHUP: the terminal went away */
	TERM_SIG_QUIT = 1 << 3,		/* SIGQUIT: Ctrl-\ */
	TERM_SIG_WINCH = 1 << 4,	/* the window changed size */
	TERM_SIG_TSTP = 1 << 5,		/* Ctrl-Z: suspend */
	TERM_SIG_CONT = 1 << 6,		/* continued after a stop */
};

/*
 * Catch the signals above into a pipe, ignore SIGPIPE (a closed output is
 * seen as a failed write instead), and restore the terminal on fatal
 * signals before they take their course. Returns the pipe's read end, to
 * poll() for POLLIN, or -1 with errno set.
 */
int term_signals_start(void);

/* Put every handler back as it was and close the pipe. */
void term_signals_stop(void);

/* Read the pipe empty; returns the enum term_signal bits seen. */
unsigned term_signals_take(void);

/*
 * Stop the process as Ctrl-Z asks, with the terminal restored while it is
 * stopped, and come back into the session's mode (if it was in it) when
 * continued.
 */
void term_suspend(void);

/* Write all of len bytes to fd, retrying after signals; false on error. */
bool term_write(int fd, const char *buf, size_t len);

#endif
