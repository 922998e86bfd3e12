/*
 * remind-idle.h - whether the person is away from the keyboard, as the
 * desktop says it (docs/remind.md, "Away from the keyboard").
 *
 * Two sources, each on its bus, both followed by signals so that nothing
 * is polled: logind's session (IdleHint, IdleSinceHint, LockedHint) on
 * the system bus, and the screensaver (ActiveChanged of
 * org.freedesktop.ScreenSaver or org.gnome.ScreenSaver) on the session
 * bus. The person is away while the session is idle or locked or the
 * screensaver is on. Opening asks each bus with a deadline of a couple of
 * seconds, so a bus that does not answer costs the daemon that and no
 * more; afterwards the connections are read from the daemon's poll()
 * loop, without blocking. A connection that drops, or a source that
 * leaves its bus, is said once, and from then on that source counts the
 * person as present.
 */
#ifndef LIMBER_REMIND_IDLE_H
#define LIMBER_REMIND_IDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The sources, as bits. */
enum {
	REMIND_IDLE_LOGIND = 1,	     /* the session's idle and lock hints */
	REMIND_IDLE_SCREENSAVER = 2, /* the screensaver's ActiveChanged */
};

struct remind_idle;

/*
 * Connect to both buses and find the sources (now: the wall clock, for a
 * state seen without its time). Never NULL; with no source it holds
 * nothing and the person is never away.
 */
struct remind_idle *remind_idle_open(int64_t now);

/* The sources found (REMIND_IDLE_* bits) and still there. */
unsigned remind_idle_sources(const struct remind_idle *idle);

/*
 * The sources in words, in the calling thread's language: "logind and
 * the screensaver"; NULL for none.
 */
const char *remind_idle_words(unsigned sources);

/* The descriptors to poll for input; returns how many (at most 2). */
size_t remind_idle_fds(const struct remind_idle *idle, int fds[2]);

/*
 * Read what fd has, without blocking. Returns whether the person went
 * away or came back. *note (when not NULL) gets a malloc'd line to log,
 * translated, when a source was lost, else NULL.
 */
bool remind_idle_read(struct remind_idle *idle, int fd, int64_t now,
    char **note);

/* Whether the person is away; *since (when not NULL) since when. */
bool remind_idle_away(const struct remind_idle *idle, int64_t *since);

void remind_idle_close(struct remind_idle *idle);

#endif /* LIMBER_REMIND_IDLE_H */
