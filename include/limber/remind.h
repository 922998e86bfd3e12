/*
 * remind.h - reminders: their config file and when each is next due
 * (docs/remind.md).
 *
 * The scheduler is pure: it takes the config, a time (UTC seconds) and
 * what has been shown so far, and answers when the next reminder is due
 * and which are due now. It reads no clock and prints nothing, so the
 * tests run it in virtual time. Local times (work hours, quiet hours,
 * daily times, work days) follow the process's time zone (TZ) through
 * localtime_r() and mktime(), so a daylight-saving change moves the UTC
 * time of "09:00" as it should; the daemon (cli/remind-main.c) calls
 * tzset() before asking, so a changed zone is seen too.
 *
 * Errors follow limber.h: an enum limber_status and a malloc'd *cause, in
 * the calling thread's language.
 */
#ifndef LIMBER_REMIND_H
#define LIMBER_REMIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "limber/limber.h"

/* Limits of the config file. */
#define LIMBER_REMIND_MAX_BYTES (64 * 1024)
#define LIMBER_REMIND_MAX_SCHEDULES 32
#define LIMBER_REMIND_MAX_TIMES 24	/* times in one "at" list */
#define LIMBER_REMIND_MAX_QUIET 8	/* quiet ranges, per section */
#define LIMBER_REMIND_NAME_MAX 40
#define LIMBER_REMIND_TERMINAL_WORDS 8 /* words of "terminal" */
#define LIMBER_REMIND_WORD_MAX 128     /* bytes in one of them */

/* The kinds of schedule, by the key that makes them. */
enum limber_remind_kind {
	LIMBER_REMIND_EVERY,	/* "every": every so often within work hours */
	LIMBER_REMIND_AT,	/* "at": daily at given local times */
	LIMBER_REMIND_WORKOUT,	/* "after-workout": once, after `workout-done` */
	LIMBER_REMIND_KIND_COUNT,
};

/* A range of local minutes of the day, [from, to); to < from wraps midnight. */
struct limber_remind_range {
	int from, to;	/* 0..1440 */
};

struct limber_remind_schedule {
	char name[LIMBER_REMIND_NAME_MAX + 1];	/* the section's name */
	enum limber_remind_kind kind;
	int line;			/* the section's line, for messages */
	int interval_s;			/* EVERY: seconds between prompts */
	struct limber_remind_range hours;	/* EVERY: work hours */
	int times[LIMBER_REMIND_MAX_TIMES];	/* AT: minutes of the day, sorted */
	size_t ntimes;
	int delay_s;			/* WORKOUT: seconds after the workout */
	unsigned days;			/* bit 0 Monday .. bit 6 Sunday */
	struct limber_remind_range quiet[LIMBER_REMIND_MAX_QUIET];
	size_t nquiet;			/* the section's own, plus the global ones */
	/* What "start now" starts: */
	unsigned area;			/* enum limber_area bits */
	enum limber_context context;
	int minutes;			/* the routine's length */
};

/* Where "Start now" from a desktop notification opens the session. */
enum limber_remind_start {
	LIMBER_REMIND_START_TERMINAL, /* "terminal": a terminal window */
	LIMBER_REMIND_START_PAGE,     /* "page": `limber serve`'s page */
	LIMBER_REMIND_START_COUNT,
};

struct limber_remind_config {
	struct limber_remind_schedule schedules[LIMBER_REMIND_MAX_SCHEDULES];
	size_t nschedules;
	int snooze_s;			/* how long "snooze" waits */
	enum limber_remind_start start;
	/*
	 * "terminal": the terminal program and the words before the command
	 * it runs ("x-terminal-emulator -e" unless set), split at spaces,
	 * as an argv's first nterminal words. Arrays, not pointers, so that
	 * the config is copied by value.
	 */
	char terminal[LIMBER_REMIND_TERMINAL_WORDS][LIMBER_REMIND_WORD_MAX + 1];
	size_t nterminal;
};

/* The name of a start ("terminal", "page"). */
const char *limber_remind_start_name(enum limber_remind_start s);

/*
 * Where things live; the values are passed in (the library reads no
 * environment), a relative XDG value is ignored as the XDG spec says, and
 * NULL comes back when neither is usable. The caller frees the result.
 * The config: $XDG_CONFIG_HOME/limber/config, else ~/.config/limber/config.
 * The daemon's folder (its pid file and the last workout):
 * $XDG_STATE_HOME/limber, else ~/.local/state/limber.
 */
char *limber_remind_config_path(const char *xdg_config_home,
    const char *home);
char *limber_remind_state_dir(const char *xdg_state_home, const char *home);

/*
 * The built-in config: limber's reminders when there is no config file
 * (a desk break every 50 minutes on weekdays, 09:00-17:30, quiet at
 * lunch), commented line by line, as `limber remind --init` writes it.
 * A static string: parse it with limber_remind_parse like any file.
 */
const char *limber_remind_default_config(void);

/*
 * Schedule s in words, in the calling thread's language, for messages:
 * "every 50 minutes from 09:00 to 17:30, Monday to Friday, but not
 * 12:00-13:00: 5 minutes for your neck and upper back". The caller frees
 * the result.
 */
char *limber_remind_describe(const struct limber_remind_schedule *s);

/* The name of a kind ("every", "at", "after-workout"). */
const char *limber_remind_kind_name(enum limber_remind_kind k);

/*
 * Parse a config file's text (len bytes; it need not end in NUL). name is
 * used in messages, which read "NAME:LINE: what is wrong". On failure
 * *out is left as it was, so a daemon keeps its last good config.
 */
enum limber_status limber_remind_parse(const char *name, const char *text,
    size_t len, struct limber_remind_config *out, char **cause);

/*
 * What has been shown, one entry per schedule (same index). The daemon
 * keeps it; limber_remind_state_init starts it at now, so nothing from
 * before the start is shown.
 */
struct limber_remind_slot {
	int64_t done;		/* occurrences at or before this are handled */
	int64_t snooze;		/* a snoozed prompt due then; 0: none */
	int64_t workout;	/* WORKOUT: the cool-down due then; 0: none */
	int64_t rest;		/* EVERY: the end of the last break taken away
				   from the desk; that day's intervals count
				   from it (limber_remind_back); 0: none */
};

struct limber_remind_state {
	struct limber_remind_slot slots[LIMBER_REMIND_MAX_SCHEDULES];
};

void limber_remind_state_init(struct limber_remind_state *st, int64_t now);

/*
 * After a config reload: slots keep their place by schedule name, new
 * schedules start at now.
 */
void limber_remind_state_rekey(struct limber_remind_state *st,
    const struct limber_remind_config *old,
    const struct limber_remind_config *cfg, int64_t now);

/*
 * The first regular occurrence of s strictly after t (UTC seconds), or
 * INT64_MAX when there is none within two weeks (no days, say). WORKOUT
 * schedules have no regular occurrences.
 */
int64_t limber_remind_occurrence_after(const struct limber_remind_schedule *s,
    int64_t t);

/*
 * Whether schedule s can ever prompt. A config can be valid and still
 * hold one that never does: quiet hours that cover every time it is due
 * (for an after-workout one, the whole day: a cool-down in quiet hours is
 * dropped), or, for an "every", an interval longer than its hours, so no
 * time is due at all. `limber remind --check` and the daemon say so.
 */
enum limber_remind_never {
	LIMBER_REMIND_COMES,	 /* it can prompt */
	LIMBER_REMIND_ALL_QUIET, /* quiet hours cover all its times */
	LIMBER_REMIND_NO_TIME,	 /* "every" longer than its hours */
};
enum limber_remind_never
limber_remind_never(const struct limber_remind_schedule *s);

/* When the next prompt is due (INT64_MAX: nothing is). */
int64_t limber_remind_next(const struct limber_remind_config *cfg,
    const struct limber_remind_state *st);

/* A prompt to show now. */
struct limber_remind_due {
	size_t schedule;	/* index in cfg->schedules */
	int64_t at;		/* the (latest) time it was due */
	bool late;		/* shown more than LIMBER_REMIND_LATE_S after at */
	bool several;		/* more than one occurrence passed, shown once */
	bool snoozed;		/* a snoozed prompt coming back */
};

/*
 * Take what is due at now: at most one prompt per schedule, however many
 * of its occurrences passed since it was last asked (a machine back from
 * suspend shows a missed reminder once). A missed occurrence (due more
 * than LIMBER_REMIND_LATE_S before now) is shown only when now itself
 * is within the schedule's hours and days, and on the same local day;
 * otherwise it is dropped. Marks all of it handled in st. Returns the
 * number of prompts written to out (room for max).
 */
#define LIMBER_REMIND_LATE_S 60
size_t limber_remind_take(const struct limber_remind_config *cfg,
    struct limber_remind_state *st, int64_t now,
    struct limber_remind_due *out, size_t max);

/*
 * The person was away from the keyboard (the desktop said idle or
 * locked) from since to now, and is back; the daemon takes no prompt
 * while they are away, and calls this before the next limber_remind_take.
 * For an EVERY reminder, time away at least as long as the break it asks
 * for (its minutes) was that break: what came due meanwhile is dropped,
 * and the next comes a whole interval after now. Anything else that came
 * due while they were away is left for limber_remind_take to show once,
 * late, unless it came due more than LIMBER_REMIND_HOLD_S before now:
 * then it is dropped. (Project policy, docs/remind.md "Away from the
 * keyboard".)
 */
#define LIMBER_REMIND_HOLD_S 3600
void limber_remind_back(const struct limber_remind_config *cfg,
    struct limber_remind_state *st, int64_t since, int64_t now);

/* A "snooze" answer to schedule i at now: it comes back after snooze_s. */
void limber_remind_snooze(const struct limber_remind_config *cfg,
    struct limber_remind_state *st, size_t i, int64_t now);

/*
 * A workout ended at t: every WORKOUT schedule is due delay_s after it
 * (a later workout replaces an earlier one still waiting).
 */
void limber_remind_workout(const struct limber_remind_config *cfg,
    struct limber_remind_state *st, int64_t t);

/*
 * The schedule as iCalendar (RFC 5545) text: one weekly-repeating event
 * per time of day, in floating local time, starting on the local day of
 * now, with an alarm. WORKOUT schedules cannot be put in a calendar and
 * are left out. The events' titles are in the calling thread's language;
 * the command in their description is as it is typed. A malloc'd string
 * with CRLF line ends; NULL with *cause when a schedule has more than 288
 * times a day.
 */
char *limber_remind_ics(const struct limber_remind_config *cfg, int64_t now,
    char **cause);

/* ------------------------------------------------------------------ */
/* The journal's side (lib/remind.c, schema 3): prompts and answers.   */

struct limber_journal;

/* The answer to a prompt. */
enum limber_remind_answer {
	LIMBER_ANSWER_NONE,	/* null: not answered (yet, or ever) */
	LIMBER_ANSWER_STARTED,	/* "started": the session was started */
	LIMBER_ANSWER_SNOOZED,	/* "snoozed": asked again later */
	LIMBER_ANSWER_SKIPPED,	/* "skipped": not this time */
	LIMBER_ANSWER_COUNT,
};

/* NULL for LIMBER_ANSWER_NONE; the parser returns -1 for unknown names. */
const char *limber_remind_answer_name(enum limber_remind_answer a);
int limber_remind_answer_parse(const char *name);

/*
 * A prompt was shown at `at` for the named schedule (late: it was due a
 * while before, as after a suspend). *id (when not NULL) gets its id.
 */
enum limber_status limber_journal_add_prompt(struct limber_journal *j,
    int64_t at, const char *schedule, enum limber_remind_kind kind,
    bool late, int64_t *id, char **cause);

/*
 * The answer to prompt id. A prompt is answered once: a second answer is
 * LIMBER_ERR_INVALID, an unknown id LIMBER_ERR_NOT_FOUND.
 */
enum limber_status limber_journal_answer_prompt(struct limber_journal *j,
    int64_t id, int64_t at, enum limber_remind_answer answer, char **cause);

/* How prompts were answered: for `limber stats` and reports. */
struct limber_adherence {
	int shown;		/* prompts shown */
	int started, snoozed, skipped;
	int unanswered;		/* shown and never answered */
	int late;		/* shown late, after a suspend */
};

/*
 * The prompts shown in [since, until) and their answers (INT64_MIN and
 * INT64_MAX for all). On failure *out is zeroed.
 */
enum limber_status limber_journal_adherence(struct limber_journal *j,
    int64_t since, int64_t until, struct limber_adherence *out, char **cause);
/* {"shown", "started", "snoozed", "skipped", "unanswered", "late"}. */
json_t *limber_adherence_to_json(const struct limber_adherence *a);

#endif /* LIMBER_REMIND_H */
