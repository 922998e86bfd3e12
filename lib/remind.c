/*
 * remind.c - the reminders' config file and their scheduler
 * (docs/remind.md).
 *
 * The parser is strict in the way the catalog loader is: every fault is
 * named with its file and line, and nothing is half-taken, because a
 * daemon that misread "every = 5" as five hours would nag or fall silent
 * without saying why. The scheduler is arithmetic on UTC seconds; local
 * times become UTC through mktime() with tm_isdst = -1, one local day at a
 * time, so that a daylight-saving change shifts them as a clock on the
 * wall does. Nothing here reads the clock.
 *
 * The journal's side of the reminders (each prompt and its answer) is
 * lib/remind-journal.c: the daemon links this file and not that one, so
 * it maps no SQLite.
 */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <time.h>

#include "i18n.h"
#include "journal-db.h"
#include "limber/remind.h"
#include "strbuf.h"
#include "util.h"

#define ALL_DAYS 0x7fu
#define WORK_DAYS 0x1fu
/* How far ahead (and back) the scheduler looks for an occurrence. */
#define HORIZON_DAYS 15
/* A missed cool-down is still worth showing this long after it was due. */
#define WORKOUT_STALE_S (6 * 3600)

static const char *const kind_names[LIMBER_REMIND_KIND_COUNT] = {
	"every", "at", "after-workout",
};

static const char *const day_names[7] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun",
};

static const char *const start_names[LIMBER_REMIND_START_COUNT] = {
	"terminal",
	"page",
};

const char *
limber_remind_start_name(enum limber_remind_start s)
{
	return (unsigned)s < LIMBER_REMIND_START_COUNT ?
	    start_names[s] :
	    "none";
}

const char *
limber_remind_kind_name(enum limber_remind_kind k)
{
	return (unsigned)k < LIMBER_REMIND_KIND_COUNT ? kind_names[k] : "none";
}

char *
limber_remind_config_path(const char *xdg_config_home, const char *home)
{
	if (xdg_config_home != NULL && xdg_config_home[0] == '/')
		return xasprintf("%s/limber/config", xdg_config_home);
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/.config/limber/config", home);
	return NULL;
}

char *
limber_remind_state_dir(const char *xdg_state_home, const char *home)
{
	if (xdg_state_home != NULL && xdg_state_home[0] == '/')
		return xasprintf("%s/limber", xdg_state_home);
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/.local/state/limber", home);
	return NULL;
}

/*
 * The defaults: what limber reminds with when there is no config file,
 * and what `limber remind --init` writes for the person to edit. One
 * text, parsed like any file, so that the two never differ. It stays
 * English, as the keys do (a config file is read by the parser, not by
 * a translator); its comments explain each line.
 */
static const char default_config[] =
    "# limber's reminders. `limber remind --init` wrote this file with the\n"
    "# reminders limber uses when there is none; change it as you like.\n"
    "# `limber remind --check` then shows what you wrote and when each\n"
    "# reminder comes next, and a running `limber remind` takes the changes\n"
    "# on SIGHUP (`systemctl --user reload limber-remind`). Each setting is\n"
    "# `key = value`; a `#` starts a note like this one. `man limber` and\n"
    "# limber's docs/remind.md describe every key.\n"
    "\n"
    "# After \"snooze\", ask again this much later (s, m or h).\n"
    "snooze = 10m\n"
    "\n"
    "# \"Start now\" on a desktop notification opens the session in a\n"
    "# terminal window, or with `start = page` as limber's page in your\n"
    "# browser. The terminal is this program, with the words that come\n"
    "# before the command it runs, such as `gnome-terminal --` or `kitty`.\n"
    "#start = terminal\n"
    "#terminal = x-terminal-emulator -e\n"
    "\n"
    "# A short break at the desk for the neck and the upper back. The name\n"
    "# in brackets is yours to choose; each reminder has its own section.\n"
    "[desk]\n"
    "# Ask every 50 minutes, counted from the start of the hours below\n"
    "# (so the first comes at 09:50)...\n"
    "every = 50m\n"
    "# ...between 09:00 and 17:30...\n"
    "hours = 09:00-17:30\n"
    "# ...on weekdays (mon-fri; `all` for every day, or a list: mon,wed,fri)...\n"
    "days = mon-fri\n"
    "# ...and never over lunch. More quiet times go on the same line,\n"
    "# with commas: 12:00-13:00, 15:00-15:30.\n"
    "quiet = 12:00-13:00\n"
    "# \"Start now\" begins a routine for this part of the back: upper (the\n"
    "# neck and upper back), lower, or both...\n"
    "area = upper\n"
    "# ...fitted to a desk (the others: general, after-workout)...\n"
    "context = desk\n"
    "# ...lasting this many minutes (1 to 60).\n"
    "minutes = 5\n"
    "\n"
    "# To be reminded at set times every day, add a section such as:\n"
    "#   [evening]\n"
    "#   at = 19:30\n"
    "# and for a cool-down after `limber remind workout-done`:\n"
    "#   [cool-down]\n"
    "#   after-workout = 10m\n";

const char *
limber_remind_default_config(void)
{
	return default_config;
}

/* The days of a schedule in words: "Monday to Friday", "mon, wed". */
static void
describe_days(struct strbuf *b, unsigned days)
{
	bool first = true;

	if (days == ALL_DAYS) {
		strbuf_puts(b, _("every day"));
		return;
	}
	if (days == WORK_DAYS) {
		strbuf_puts(b, _("Monday to Friday"));
		return;
	}
	for (int i = 0; i < 7; i++) {
		if (days & (1u << i)) {
			strbuf_printf(b, "%s%s", first ? "" : ", ",
			    day_names[i]);
			first = false;
		}
	}
}

char *
limber_remind_describe(const struct limber_remind_schedule *s)
{
	struct strbuf b = STRBUF_INIT(4096);
	const char *words = s->area != LIMBER_AREA_BOTH ?
	    limber_area_words((enum limber_area)s->area) :
	    NULL;

	switch (s->kind) {
	case LIMBER_REMIND_EVERY:
		if (s->interval_s % 60 == 0)
			strbuf_printf(&b,
			    P_("every %d minute", "every %d minutes",
				(unsigned long)(s->interval_s / 60)),
			    s->interval_s / 60);
		else
			strbuf_printf(&b,
			    P_("every %d second", "every %d seconds",
				(unsigned long)s->interval_s),
			    s->interval_s);
		/* TRANSLATORS: work hours, as in "every 50 minutes from
		 * 09:00 to 17:30". */
		strbuf_printf(&b, _(" from %02d:%02d to %02d:%02d, "),
		    s->hours.from / 60, s->hours.from % 60, s->hours.to / 60,
		    s->hours.to % 60);
		describe_days(&b, s->days);
		break;
	case LIMBER_REMIND_AT:
		strbuf_puts(&b, _("daily at"));
		for (size_t i = 0; i < s->ntimes; i++)
			strbuf_printf(&b, "%s %02d:%02d", i ? "," : "",
			    s->times[i] / 60, s->times[i] % 60);
		strbuf_puts(&b, ", ");
		describe_days(&b, s->days);
		break;
	default:
		strbuf_printf(&b,
		    P_("%d minute after a workout",
			"%d minutes after a workout",
			(unsigned long)(s->delay_s / 60)),
		    s->delay_s / 60);
		break;
	}
	for (size_t q = 0; q < s->nquiet; q++)
		/* TRANSLATORS: quiet hours, when no reminder comes. */
		strbuf_printf(&b,
		    q ? ", %02d:%02d-%02d:%02d" :
			_(", but not %02d:%02d-%02d:%02d"),
		    s->quiet[q].from / 60, s->quiet[q].from % 60,
		    s->quiet[q].to / 60, s->quiet[q].to % 60);
	/* TRANSLATORS: what "start now" starts, after the times: ": 5
	 * minutes for your neck and upper back". */
	strbuf_printf(&b,
	    P_(": %d minute for your %s", ": %d minutes for your %s",
		(unsigned long)s->minutes),
	    s->minutes, words != NULL ? words : _("back"));
	return strbuf_take(&b);
}

/* ------------------------------------------------------------------ */
/* Parsing.                                                            */

struct parser {
	const char *name;	/* the file, for messages */
	int line;
	char **cause;
	/* Global quiet ranges, added to every schedule at the end. */
	struct limber_remind_range quiet[LIMBER_REMIND_MAX_QUIET];
	size_t nquiet;
	bool have_snooze, have_quiet, have_start, have_terminal;
	/* Keys seen in the current section, by bit (enum key). */
	unsigned seen;
};

enum key {
	KEY_EVERY, KEY_AT, KEY_AFTER_WORKOUT, KEY_HOURS, KEY_DAYS, KEY_QUIET,
	KEY_AREA, KEY_CONTEXT, KEY_MINUTES, KEY_COUNT,
};

static const char *const key_names[KEY_COUNT] = {
	"every", "at", "after-workout", "hours", "days", "quiet", "area",
	"context", "minutes",
};

static bool perr(struct parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Set *cause to "NAME:LINE: MESSAGE"; returns false for the caller. */
static bool
perr(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (p->cause != NULL)
		*p->cause = xasprintf("%s:%d: %s", p->name, p->line, msg);
	free(msg);
	return false;
}

/* "HH:MM" with 00..23 (24:00 when end is true) into minutes of the day. */
static bool
parse_clock(const char *s, size_t n, bool end, int *out)
{
	int h, m;

	if (n != 5 || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) || s[2] != ':' ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return false;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && (!end || m != 0)))
		return false;
	*out = h * 60 + m;
	return true;
}

/* "HH:MM-HH:MM" into a range; wrap says whether to may be before from. */
static bool
parse_range(struct parser *p, const char *key, const char *s, size_t n,
    bool wrap, struct limber_remind_range *out)
{
	const char *dash = memchr(s, '-', n);

	if (dash == NULL || !parse_clock(s, (size_t)(dash - s), false,
	    &out->from) || !parse_clock(dash + 1, n - (size_t)(dash - s) - 1,
	    true, &out->to))
		return perr(p,
		    _("'%s' must be a range of times such as "
		      "09:00-17:00, not '%.*s'"),
		    key, (int)n, s);
	if (out->from == out->to || (!wrap && out->to < out->from))
		return perr(p, _("'%s' must end after it starts, not '%.*s'"),
		    key, (int)n, s);
	return true;
}

/*
 * A duration: a whole number and a unit, s, m or h ("50m"), within
 * [min_s, max_s] seconds.
 */
static bool
parse_duration(struct parser *p, const char *key, const char *s, int min_s,
    int max_s, int *out)
{
	long v, unit;
	size_t n = strlen(s);
	char digits[16];

	if (n < 2 || n > sizeof digits)
		goto bad;
	switch (s[n - 1]) {
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	default: goto bad;
	}
	memcpy(digits, s, n - 1);
	digits[n - 1] = '\0';
	for (size_t i = 0; i < n - 1; i++) {
		if (!isdigit((unsigned char)digits[i]))
			goto bad;
	}
	if (!util_parse_int(digits, 1, 1000000, &v) || v * unit < min_s ||
	    v * unit > max_s)
		goto bad;
	*out = (int)(v * unit);
	return true;
bad:
	return perr(p,
	    _("'%s' must be a whole number with s, m or h, from %ds "
	      "to %dh, such as 50m, not '%s'"),
	    key, min_s, max_s / 3600, s);
}

/* The next comma-separated item of *s (spaces trimmed); false at the end. */
static bool
next_item(const char **s, const char **item, size_t *n)
{
	const char *p = *s, *e;

	if (*p == '\0')
		return false;
	e = strchr(p, ',');
	if (e == NULL)
		e = p + strlen(p);
	*item = p;
	*n = (size_t)(e - p);
	while (*n > 0 && isspace((unsigned char)(*item)[0])) {
		(*item)++;
		(*n)--;
	}
	while (*n > 0 && isspace((unsigned char)(*item)[*n - 1]))
		(*n)--;
	*s = *e == ',' ? e + 1 : e;
	return true;
}

static int
day_index(const char *s, size_t n)
{
	for (int i = 0; i < 7; i++) {
		if (n == 3 && memcmp(s, day_names[i], 3) == 0)
			return i;
	}
	return -1;
}

/* "mon-fri", "mon,wed,fri", "sat-sun", "all". */
static bool
parse_days(struct parser *p, const char *s, unsigned *out)
{
	const char *item;
	size_t n;
	unsigned days = 0;

	if (strcmp(s, "all") == 0) {
		*out = ALL_DAYS;
		return true;
	}
	while (next_item(&s, &item, &n)) {
		const char *dash = memchr(item, '-', n);
		int a, b;

		if (dash != NULL) {
			a = day_index(item, (size_t)(dash - item));
			b = day_index(dash + 1, n - (size_t)(dash - item) - 1);
		} else {
			a = b = day_index(item, n);
		}
		if (a < 0 || b < 0)
			return perr(p,
			    _("'days' takes days as mon, tue, wed, thu, "
			      "fri, sat, sun, ranges such as mon-fri, or all; not "
			      "'%.*s'"),
			    (int)n, item);
		/* A range may wrap the week: sat-mon. */
		for (int d = a;; d = (d + 1) % 7) {
			days |= 1u << d;
			if (d == b)
				break;
		}
	}
	if (days == 0)
		return perr(p, _("'days' names no day"));
	*out = days;
	return true;
}

static bool
parse_quiet(struct parser *p, const char *s, struct limber_remind_range *q,
    size_t *nq)
{
	const char *item;
	size_t n;

	while (next_item(&s, &item, &n)) {
		if (*nq == LIMBER_REMIND_MAX_QUIET)
			return perr(p, _("too many quiet ranges (at most %d)"),
			    LIMBER_REMIND_MAX_QUIET);
		if (!parse_range(p, "quiet", item, n, true, &q[*nq]))
			return false;
		(*nq)++;
	}
	if (*nq == 0)
		return perr(p, _("'quiet' names no range"));
	return true;
}

static int
int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static bool
parse_times(struct parser *p, const char *s, struct limber_remind_schedule *sc)
{
	const char *item;
	size_t n;

	while (next_item(&s, &item, &n)) {
		if (sc->ntimes == LIMBER_REMIND_MAX_TIMES)
			return perr(p, _("too many times (at most %d)"),
			    LIMBER_REMIND_MAX_TIMES);
		if (!parse_clock(item, n, false, &sc->times[sc->ntimes]))
			return perr(p,
			    _("'at' takes times of day such as 08:30 "
			      "or 08:30, 19:00, not '%.*s'"),
			    (int)n, item);
		sc->ntimes++;
	}
	if (sc->ntimes == 0)
		return perr(p, _("'at' names no time"));
	qsort(sc->times, sc->ntimes, sizeof sc->times[0], int_cmp);
	for (size_t i = 1; i < sc->ntimes; i++) {
		if (sc->times[i] == sc->times[i - 1])
			return perr(p, _("'at' names %02d:%02d twice"),
			    sc->times[i] / 60, sc->times[i] % 60);
	}
	return true;
}

static bool
name_ok(const char *s, size_t n)
{
	if (n == 0 || n > LIMBER_REMIND_NAME_MAX || s[0] == '-' ||
	    s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!(islower((unsigned char)s[i]) ||
		    isdigit((unsigned char)s[i]) || s[i] == '-'))
			return false;
	}
	return true;
}

/* The section's defaults, and the checks only its end can make. */
static bool
section_finish(struct parser *p, struct limber_remind_schedule *sc)
{
	int saved = p->line;

	p->line = sc->line;
	if ((p->seen & (1u << KEY_EVERY | 1u << KEY_AT |
	    1u << KEY_AFTER_WORKOUT)) == 0)
		return perr(p,
		    _("section [%s] says neither 'every', 'at' nor "
		      "'after-workout'"),
		    sc->name);
	p->line = saved;
	return true;
}

/* Defaults for what the section has not said (explicit: enum key bits). */
static void
section_defaults(struct limber_remind_schedule *sc, enum limber_remind_kind k,
    unsigned explicit)
{
	int area, context, minutes;

	sc->kind = k;
	switch (k) {
	case LIMBER_REMIND_EVERY:
		if (sc->days == 0)
			sc->days = WORK_DAYS;
		if (sc->hours.from == 0 && sc->hours.to == 0) {
			sc->hours.from = 9 * 60;
			sc->hours.to = 17 * 60;
		}
		context = LIMBER_CONTEXT_DESK;
		area = LIMBER_AREA_UPPER;
		minutes = 5;
		break;
	case LIMBER_REMIND_AT:
		if (sc->days == 0)
			sc->days = ALL_DAYS;
		context = LIMBER_CONTEXT_GENERAL;
		area = LIMBER_AREA_BOTH;
		minutes = 10;
		break;
	default:
		sc->days = ALL_DAYS;
		context = LIMBER_CONTEXT_AFTER_WORKOUT;
		area = LIMBER_AREA_BOTH;
		minutes = 10;
		break;
	}
	if (!(explicit & (1u << KEY_AREA)))
		sc->area = (unsigned)area;
	if (!(explicit & (1u << KEY_CONTEXT)))
		sc->context = (enum limber_context)context;
	if (!(explicit & (1u << KEY_MINUTES)))
		sc->minutes = minutes;
}

/* Which keys each kind of section takes. */
static const unsigned kind_keys[LIMBER_REMIND_KIND_COUNT] = {
	1u << KEY_HOURS | 1u << KEY_DAYS,
	1u << KEY_DAYS,
	0,
};

static bool
section_key(struct parser *p, struct limber_remind_schedule *sc,
    unsigned *explicit, const char *key, const char *val)
{
	int k, v;
	long lv;

	for (k = 0; k < KEY_COUNT; k++) {
		if (strcmp(key, key_names[k]) == 0)
			break;
	}
	if (k == KEY_COUNT)
		return perr(p,
		    _("unknown key '%s' in [%s]; a section takes every, "
		      "at, after-workout, hours, days, quiet, area, context, "
		      "minutes"),
		    key, sc->name);
	if (p->seen & (1u << k))
		return perr(p, _("'%s' is given twice in [%s]"), key, sc->name);
	if (k <= KEY_AFTER_WORKOUT && (p->seen & (1u << KEY_EVERY |
	    1u << KEY_AT | 1u << KEY_AFTER_WORKOUT)))
		return perr(p,
		    _("[%s] has two kinds of schedule: a section takes "
		      "one of 'every', 'at' and 'after-workout'"),
		    sc->name);
	if ((k == KEY_HOURS || k == KEY_DAYS) && (p->seen & (1u << KEY_EVERY |
	    1u << KEY_AT | 1u << KEY_AFTER_WORKOUT))) {
		if (!(kind_keys[sc->kind] & (1u << k)))
			return perr(p, _("'%s' does not apply to '%s' in [%s]"),
			    key, kind_names[sc->kind], sc->name);
	}
	if (k <= KEY_AFTER_WORKOUT) {
		unsigned bad = p->seen & ~kind_keys[k] &
		    (1u << KEY_HOURS | 1u << KEY_DAYS);

		if (bad != 0)
			return perr(p, _("'%s' does not apply to '%s' in [%s]"),
			    key_names[bad & (1u << KEY_HOURS) ? KEY_HOURS :
								KEY_DAYS],
			    key, sc->name);
	}
	p->seen |= 1u << k;

	switch (k) {
	case KEY_EVERY:
		if (!parse_duration(p, key, val, 1, 24 * 3600, &sc->interval_s))
			return false;
		section_defaults(sc, LIMBER_REMIND_EVERY, *explicit);
		break;
	case KEY_AT:
		if (!parse_times(p, val, sc))
			return false;
		section_defaults(sc, LIMBER_REMIND_AT, *explicit);
		break;
	case KEY_AFTER_WORKOUT:
		if (!parse_duration(p, key, val, 1, 6 * 3600, &sc->delay_s))
			return false;
		section_defaults(sc, LIMBER_REMIND_WORKOUT, *explicit);
		break;
	case KEY_HOURS:
		if (!parse_range(p, key, val, strlen(val), false, &sc->hours))
			return false;
		break;
	case KEY_DAYS:
		if (!parse_days(p, val, &sc->days))
			return false;
		break;
	case KEY_QUIET:
		if (!parse_quiet(p, val, sc->quiet, &sc->nquiet))
			return false;
		break;
	case KEY_AREA:
		if ((v = limber_area_parse(val)) < 0)
			return perr(p,
			    _("'area' must be upper, lower or both, not "
			      "'%s'"),
			    val);
		sc->area = (unsigned)v;
		*explicit |= 1u << k;
		break;
	case KEY_CONTEXT:
		if ((v = limber_context_parse(val)) < 0)
			return perr(p,
			    _("'context' must be general, after-workout "
			      "or desk, not '%s'"),
			    val);
		sc->context = (enum limber_context)v;
		*explicit |= 1u << k;
		break;
	case KEY_MINUTES:
		if (!util_parse_int(val, 1, 60, &lv))
			return perr(p,
			    _("'minutes' must be a whole number from 1 "
			      "to 60, not '%s'"),
			    val);
		sc->minutes = (int)lv;
		*explicit |= 1u << k;
		break;
	}
	return true;
}

/*
 * "terminal": words split at spaces and tabs, with no quoting, since the
 * words are run as they are (no shell): a quote would reach the program.
 */
static bool
parse_terminal(struct parser *p, const char *s,
    struct limber_remind_config *cfg)
{
	size_t n = 0;

	if (strpbrk(s, "\"'\\") != NULL)
		return perr(p,
		    _("'terminal' takes words split at spaces; quotes and "
		      "backslashes are not supported, not '%s'"),
		    s);
	while (*s != '\0') {
		size_t len = strcspn(s, " \t");

		if (n == LIMBER_REMIND_TERMINAL_WORDS)
			return perr(p, _("'terminal' takes at most %d words"),
			    LIMBER_REMIND_TERMINAL_WORDS);
		if (len > LIMBER_REMIND_WORD_MAX)
			return perr(p,
			    _("a word of 'terminal' is longer than %d bytes"),
			    LIMBER_REMIND_WORD_MAX);
		memcpy(cfg->terminal[n], s, len);
		cfg->terminal[n++][len] = '\0';
		s += len;
		while (*s == ' ' || *s == '\t')
			s++;
	}
	cfg->nterminal = n;
	return true;
}

/* One line, without its end, with comments and spaces already trimmed. */
static bool
parse_line(struct parser *p, struct limber_remind_config *cfg, char *s,
    unsigned *explicit)
{
	char *eq, *key, *val, *end;
	struct limber_remind_schedule *sc = cfg->nschedules > 0 ?
	    &cfg->schedules[cfg->nschedules - 1] : NULL;

	if (*s == '[') {
		size_t n = strlen(s);

		if (s[n - 1] != ']')
			return perr(p, _("a section's name must end with ']'"));
		if (!name_ok(s + 1, n - 2))
			return perr(p,
			    _("a section's name is 1 to %d lower-case "
			      "letters, digits and inner hyphens, not '%.*s'"),
			    LIMBER_REMIND_NAME_MAX, (int)(n - 2), s + 1);
		if (sc != NULL && !section_finish(p, sc))
			return false;
		for (size_t i = 0; i < cfg->nschedules; i++) {
			if (strlen(cfg->schedules[i].name) == n - 2 &&
			    memcmp(cfg->schedules[i].name, s + 1, n - 2) == 0)
				return perr(p,
				    _("section [%s] is given twice (first "
				      "on line %d)"),
				    cfg->schedules[i].name,
				    cfg->schedules[i].line);
		}
		if (cfg->nschedules == LIMBER_REMIND_MAX_SCHEDULES)
			return perr(p, _("too many sections (at most %d)"),
			    LIMBER_REMIND_MAX_SCHEDULES);
		sc = &cfg->schedules[cfg->nschedules++];
		memset(sc, 0, sizeof *sc);
		memcpy(sc->name, s + 1, n - 2);
		sc->name[n - 2] = '\0';
		sc->line = p->line;
		p->seen = 0;
		*explicit = 0;
		return true;
	}

	eq = strchr(s, '=');
	if (eq == NULL)
		return perr(p,
		    _("expected 'key = value' or '[section]', not '%s'"), s);
	key = s;
	end = eq;
	while (end > key && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	val = eq + 1;
	while (isspace((unsigned char)*val))
		val++;
	if (*key == '\0')
		return perr(p, _("a key is missing before '='"));
	if (*val == '\0')
		return perr(p, _("'%s' has no value"), key);

	if (sc == NULL) {
		/* Before any section: the settings that apply to all. */
		if (strcmp(key, "snooze") == 0) {
			if (p->have_snooze)
				return perr(p, _("'snooze' is given twice"));
			p->have_snooze = true;
			return parse_duration(p, key, val, 1, 4 * 3600,
			    &cfg->snooze_s);
		}
		if (strcmp(key, "quiet") == 0) {
			if (p->have_quiet)
				return perr(p, _("'quiet' is given twice"));
			p->have_quiet = true;
			return parse_quiet(p, val, p->quiet, &p->nquiet);
		}
		if (strcmp(key, "start") == 0) {
			if (p->have_start)
				return perr(p, _("'start' is given twice"));
			p->have_start = true;
			for (int i = 0; i < LIMBER_REMIND_START_COUNT; i++) {
				if (strcmp(val, start_names[i]) == 0) {
					cfg->start = (enum limber_remind_start)
					    i;
					return true;
				}
			}
			return perr(p,
			    _("'start' must be terminal or page, not '%s'"),
			    val);
		}
		if (strcmp(key, "terminal") == 0) {
			if (p->have_terminal)
				return perr(p, _("'terminal' is given twice"));
			p->have_terminal = true;
			return parse_terminal(p, val, cfg);
		}
		return perr(p,
		    _("unknown setting '%s' before the first section; "
		      "there it takes snooze, quiet, start and terminal"),
		    key);
	}
	return section_key(p, sc, explicit, key, val);
}

enum limber_status
limber_remind_parse(const char *name, const char *text, size_t len,
    struct limber_remind_config *out, char **cause)
{
	struct parser p = { .name = name, .line = 0, .cause = cause };
	struct limber_remind_config *cfg = xcalloc(1, sizeof *cfg);
	unsigned explicit = 0;
	size_t i = 0;
	char *line;
	bool ok = true;

	cfg->snooze_s = 10 * 60;
	cfg->start = LIMBER_REMIND_START_TERMINAL;
	memcpy(cfg->terminal[0], "x-terminal-emulator",
	    sizeof "x-terminal-emulator");
	memcpy(cfg->terminal[1], "-e", sizeof "-e");
	cfg->nterminal = 2;
	if (len > LIMBER_REMIND_MAX_BYTES) {
		p.line = 1;
		ok = perr(&p, _("the file is larger than %d bytes"),
		    LIMBER_REMIND_MAX_BYTES);
		goto out;
	}
	line = xmalloc(len + 1);
	while (ok && i < len) {
		size_t n = 0, start = i;
		char *s, *e, *hash;

		p.line++;
		while (i < len && text[i] != '\n')
			i++;
		memcpy(line, text + start, i - start);
		n = i - start;
		line[n] = '\0';
		if (i < len)
			i++;	/* the newline */
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (strlen(line) != n) {
			ok = perr(&p, _("a NUL byte: this is not a text file"));
			break;
		}
		for (size_t k = 0; k < n; k++) {
			if ((unsigned char)line[k] < 0x20 && line[k] != '\t') {
				ok = perr(&p,
				    _("a control character (byte %d) in "
				      "column %zu"),
				    line[k], k + 1);
				break;
			}
		}
		if (!ok)
			break;
		/* "#" starts a comment anywhere: no value contains one. */
		hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		s = line;
		while (isspace((unsigned char)*s))
			s++;
		e = s + strlen(s);
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		*e = '\0';
		if (*s == '\0')
			continue;
		ok = parse_line(&p, cfg, s, &explicit);
	}
	free(line);
	if (ok && cfg->nschedules > 0)
		ok = section_finish(&p, &cfg->schedules[cfg->nschedules - 1]);
	if (!ok)
		goto out;
	/* The global quiet hours apply to every schedule. */
	for (size_t s = 0; s < cfg->nschedules; s++) {
		struct limber_remind_schedule *sc = &cfg->schedules[s];

		for (size_t q = 0; q < p.nquiet; q++) {
			if (sc->nquiet == LIMBER_REMIND_MAX_QUIET) {
				p.line = sc->line;
				ok = perr(&p,
				    _("[%s] has more than %d quiet ranges "
				      "with the global ones"),
				    sc->name, LIMBER_REMIND_MAX_QUIET);
				goto out;
			}
			sc->quiet[sc->nquiet++] = p.quiet[q];
		}
	}
	*out = *cfg;
out:
	free(cfg);
	return ok ? LIMBER_OK : LIMBER_ERR_INVALID;
}

/* ------------------------------------------------------------------ */
/* Local time.                                                         */

/* Whether t shows the wall clock tm asked for (y, m, d, H, M). */
static bool
shows(time_t t, const struct tm *want)
{
	struct tm got;

	if (t == (time_t)-1 || localtime_r(&t, &got) == NULL)
		return false;
	return got.tm_year == want->tm_year && got.tm_mon == want->tm_mon &&
	    got.tm_mday == want->tm_mday && got.tm_hour == want->tm_hour &&
	    got.tm_min == want->tm_min;
}

/*
 * UTC seconds of minute m (0..1440) of local day `day`, as a wall clock.
 * mktime() with tm_isdst = -1 guesses from its previous call when a time
 * is ambiguous, so both readings are tried instead: a time that an autumn
 * change repeats is its first instance, and a time that a spring change
 * skips is shown as the same clock time after the change (01:30 becomes
 * 02:30 when clocks go from 01:00 to 02:00), the later reading.
 */
static int64_t
local_time(int64_t day, int m)
{
	struct tm want, a, b;
	time_t ta, tb;
	int y, mo, d;

	limber_civil_from_days(day, &y, &mo, &d);
	memset(&want, 0, sizeof want);
	want.tm_year = y - 1900;
	want.tm_mon = mo - 1;
	want.tm_mday = d;
	want.tm_hour = m / 60;
	want.tm_min = m % 60;
	if (m >= 1440) {
		/* 24:00 is the next day's midnight. */
		limber_civil_from_days(day + 1, &y, &mo, &d);
		want.tm_year = y - 1900;
		want.tm_mon = mo - 1;
		want.tm_mday = d;
		want.tm_hour = 0;
		want.tm_min = 0;
	}
	a = want;
	a.tm_isdst = 0;
	ta = mktime(&a);
	b = want;
	b.tm_isdst = 1;
	tb = mktime(&b);
	if (shows(ta, &want) && shows(tb, &want))
		return ta < tb ? (int64_t)ta : (int64_t)tb;
	if (shows(ta, &want))
		return (int64_t)ta;
	if (shows(tb, &want))
		return (int64_t)tb;
	if (ta == (time_t)-1)
		return (int64_t)tb;
	if (tb == (time_t)-1)
		return (int64_t)ta;
	return ta > tb ? (int64_t)ta : (int64_t)tb;
}

/* Local day number, weekday (0 Monday) and minute of the day of t. */
static void
local_parts(int64_t t, int64_t *day, int *wday, int *minute)
{
	struct tm tm;
	time_t tt = (time_t)t;

	localtime_r(&tt, &tm);
	*day = limber_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
	*wday = (tm.tm_wday + 6) % 7;
	*minute = tm.tm_hour * 60 + tm.tm_min;
}

static int
weekday(int64_t day)
{
	/* 1970-01-01 was a Thursday. */
	return (int)(((day % 7) + 7 + 3) % 7);
}

static bool
in_range(const struct limber_remind_range *r, int m)
{
	if (r->from < r->to)
		return m >= r->from && m < r->to;
	return m >= r->from || m < r->to;
}

/* The quiet range that holds minute m, or NULL. */
static const struct limber_remind_range *
quiet_at(const struct limber_remind_schedule *s, int m)
{
	for (size_t i = 0; i < s->nquiet; i++) {
		if (in_range(&s->quiet[i], m))
			return &s->quiet[i];
	}
	return NULL;
}

static bool
quiet_time(const struct limber_remind_schedule *s, int64_t t)
{
	int64_t day;
	int wd, m;

	local_parts(t, &day, &wd, &m);
	return quiet_at(s, m) != NULL;
}

/* ------------------------------------------------------------------ */
/* Occurrences.                                                        */

/*
 * Where an EVERY schedule's intervals on `day` count from: the start of
 * its hours, or the end of a break taken within them that day (rest, set
 * by limber_remind_back; 0 for none), so that the next reminder comes a
 * whole interval after the person is back.
 */
static int64_t
day_base(const struct limber_remind_schedule *s, int64_t rest, int64_t day)
{
	int64_t base = local_time(day, s->hours.from);

	if (rest > base && rest < local_time(day, s->hours.to))
		return rest;
	return base;
}

/*
 * An EVERY schedule's occurrences on one day are the work hours' start
 * (or the end of a break: day_base) plus whole intervals (real seconds), after the start and up to the end,
 * less those in quiet hours. first_after: the first one after t on that
 * day; INT64_MAX if none.
 */
static int64_t
every_after(const struct limber_remind_schedule *s, int64_t rest, int64_t day,
    int64_t t)
{
	int64_t base = day_base(s, rest, day);
	int64_t end = local_time(day, s->hours.to);
	int64_t n = s->interval_s, k, ts;

	k = t < base ? 1 : (t - base) / n + 1;
	/* Each turn either returns or moves past a quiet range. */
	for (int guard = 0; guard <= LIMBER_REMIND_MAX_QUIET * 2 + 1;
	    guard++) {
		const struct limber_remind_range *q;
		int64_t qday, qend;
		int wd, m;

		ts = base + k * n;
		if (ts > end)
			return INT64_MAX;
		local_parts(ts, &qday, &wd, &m);
		q = quiet_at(s, m);
		if (q == NULL)
			return ts;
		/* The quiet range's end; past midnight it ends the day. */
		if (q->to <= m)
			return INT64_MAX;
		qend = local_time(qday, q->to);
		k = (qend - base + n - 1) / n;
		if (k < 1)
			k = 1;
	}
	return INT64_MAX;
}

/* The last occurrence on `day` at or before t; INT64_MIN if none. */
static int64_t
every_before(const struct limber_remind_schedule *s, int64_t rest, int64_t day,
    int64_t t)
{
	int64_t base = day_base(s, rest, day);
	int64_t end = local_time(day, s->hours.to);
	int64_t n = s->interval_s, k, ts;

	if (t > end)
		t = end;
	if (t < base + n)
		return INT64_MIN;
	k = (t - base) / n;
	for (int guard = 0; guard <= LIMBER_REMIND_MAX_QUIET * 2 + 1;
	    guard++) {
		const struct limber_remind_range *q;
		int64_t qday, qstart;
		int wd, m;

		if (k < 1)
			return INT64_MIN;
		ts = base + k * n;
		local_parts(ts, &qday, &wd, &m);
		q = quiet_at(s, m);
		if (q == NULL)
			return ts;
		if (q->from > m)
			return INT64_MIN;	/* quiet since the day began */
		qstart = local_time(qday, q->from);
		/* The last occurrence before the quiet range began. */
		k = (qstart - 1 - base) / n;
		if (qstart - 1 < base)
			return INT64_MIN;
	}
	return INT64_MIN;
}

/* The first occurrence after t, its intervals counted from rest (day_base). */
static int64_t
occurrence_after(const struct limber_remind_schedule *s, int64_t rest,
    int64_t t)
{
	int64_t day0;
	int wd, m;

	if (s->kind == LIMBER_REMIND_WORKOUT)
		return INT64_MAX;
	local_parts(t, &day0, &wd, &m);
	/* From the day before: a wall clock an hour back may still be ahead. */
	for (int64_t day = day0 - 1; day <= day0 + HORIZON_DAYS; day++) {
		if (!(s->days & (1u << weekday(day))))
			continue;
		if (s->kind == LIMBER_REMIND_EVERY) {
			int64_t ts = every_after(s, rest, day, t);

			if (ts != INT64_MAX)
				return ts;
			continue;
		}
		for (size_t i = 0; i < s->ntimes; i++) {
			int64_t ts = local_time(day, s->times[i]);

			if (ts > t && quiet_at(s, s->times[i]) == NULL)
				return ts;
		}
	}
	return INT64_MAX;
}

int64_t
limber_remind_occurrence_after(const struct limber_remind_schedule *s,
    int64_t t)
{
	return occurrence_after(s, 0, t);
}

enum limber_remind_never
limber_remind_never(const struct limber_remind_schedule *s)
{
	bool any = false;

	switch (s->kind) {
	case LIMBER_REMIND_AT:
		for (size_t i = 0; i < s->ntimes; i++) {
			if (quiet_at(s, s->times[i]) == NULL)
				return LIMBER_REMIND_COMES;
		}
		return LIMBER_REMIND_ALL_QUIET;
	case LIMBER_REMIND_EVERY:
		/* Its times on a day, as every_after counts them. */
		for (int64_t k = 1;; k++) {
			int64_t sec = (int64_t)s->hours.from * 60 +
			    k * s->interval_s;

			if (sec > (int64_t)s->hours.to * 60)
				break;
			any = true;
			if (quiet_at(s, (int)(sec / 60 % 1440)) == NULL)
				return LIMBER_REMIND_COMES;
		}
		return any ? LIMBER_REMIND_ALL_QUIET : LIMBER_REMIND_NO_TIME;
	default:
		for (int m = 0; m < 1440; m++) {
			if (quiet_at(s, m) == NULL)
				return LIMBER_REMIND_COMES;
		}
		return LIMBER_REMIND_ALL_QUIET;
	}
}

/* The last occurrence at or before t; INT64_MIN if none. */
static int64_t
occurrence_before(const struct limber_remind_schedule *s, int64_t rest,
    int64_t t)
{
	int64_t day0;
	int wd, m;

	if (s->kind == LIMBER_REMIND_WORKOUT)
		return INT64_MIN;
	local_parts(t, &day0, &wd, &m);
	for (int64_t day = day0 + 1; day >= day0 - HORIZON_DAYS; day--) {
		if (!(s->days & (1u << weekday(day))))
			continue;
		if (s->kind == LIMBER_REMIND_EVERY) {
			int64_t ts = every_before(s, rest, day, t);

			if (ts != INT64_MIN)
				return ts;
			continue;
		}
		for (size_t i = s->ntimes; i-- > 0;) {
			int64_t ts = local_time(day, s->times[i]);

			if (ts <= t && quiet_at(s, s->times[i]) == NULL)
				return ts;
		}
	}
	return INT64_MIN;
}

/* ------------------------------------------------------------------ */
/* State.                                                              */

void
limber_remind_state_init(struct limber_remind_state *st, int64_t now)
{
	memset(st, 0, sizeof *st);
	for (size_t i = 0; i < LIMBER_REMIND_MAX_SCHEDULES; i++)
		st->slots[i].done = now;
}

void
limber_remind_state_rekey(struct limber_remind_state *st,
    const struct limber_remind_config *old,
    const struct limber_remind_config *cfg, int64_t now)
{
	struct limber_remind_state next;

	limber_remind_state_init(&next, now);
	for (size_t i = 0; i < cfg->nschedules; i++) {
		for (size_t k = 0; k < old->nschedules; k++) {
			if (strcmp(cfg->schedules[i].name,
			    old->schedules[k].name) == 0 &&
			    cfg->schedules[i].kind == old->schedules[k].kind) {
				next.slots[i] = st->slots[k];
				break;
			}
		}
	}
	*st = next;
}

int64_t
limber_remind_next(const struct limber_remind_config *cfg,
    const struct limber_remind_state *st)
{
	int64_t next = INT64_MAX;

	for (size_t i = 0; i < cfg->nschedules; i++) {
		const struct limber_remind_slot *sl = &st->slots[i];
		int64_t t = occurrence_after(&cfg->schedules[i], sl->rest,
		    sl->done);

		if (t < next)
			next = t;
		if (sl->snooze != 0 && sl->snooze < next)
			next = sl->snooze;
		if (sl->workout != 0 && sl->workout < next)
			next = sl->workout;
	}
	return next;
}

/* May a prompt due at `at` still be shown at now, when it is late? */
static bool
still_fits(const struct limber_remind_schedule *s, int64_t at, int64_t now)
{
	int64_t day, atday;
	int wd, m, awd, am;

	local_parts(now, &day, &wd, &m);
	local_parts(at, &atday, &awd, &am);
	if (quiet_at(s, m) != NULL)
		return false;
	switch (s->kind) {
	case LIMBER_REMIND_EVERY:
		return day == atday && (s->days & (1u << wd)) &&
		    m >= s->hours.from && m < s->hours.to;
	case LIMBER_REMIND_AT:
		return day == atday;
	default:
		return now - at <= WORKOUT_STALE_S;
	}
}

size_t
limber_remind_take(const struct limber_remind_config *cfg,
    struct limber_remind_state *st, int64_t now,
    struct limber_remind_due *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < cfg->nschedules; i++) {
		const struct limber_remind_schedule *s = &cfg->schedules[i];
		struct limber_remind_slot *sl = &st->slots[i];
		struct limber_remind_due d = { .schedule = i, .at = INT64_MIN };
		int64_t reg = occurrence_before(s, sl->rest, now);

		if (reg != INT64_MIN && reg > sl->done) {
			d.at = reg;
			d.several = occurrence_after(s, sl->rest, sl->done) <
			    reg;
		}
		if (sl->workout != 0 && sl->workout <= now) {
			if (sl->workout > d.at)
				d.at = sl->workout;
			sl->workout = 0;
		}
		if (sl->snooze != 0 && sl->snooze <= now) {
			if (d.at == INT64_MIN) {
				d.at = sl->snooze;
				d.snoozed = true;
			}
			sl->snooze = 0;
		}
		if (now > sl->done)
			sl->done = now;
		if (d.at == INT64_MIN)
			continue;
		d.late = now - d.at > LIMBER_REMIND_LATE_S;
		if (d.late && !still_fits(s, d.at, now))
			continue;
		/*
		 * Regular times are never quiet; a snoozed prompt or a
		 * cool-down that falls in quiet hours is dropped.
		 */
		if (quiet_time(s, now))
			continue;
		if (n < max)
			out[n++] = d;
	}
	return n;
}

void
limber_remind_back(const struct limber_remind_config *cfg,
    struct limber_remind_state *st, int64_t since, int64_t now)
{
	for (size_t i = 0; i < cfg->nschedules; i++) {
		const struct limber_remind_schedule *s = &cfg->schedules[i];
		struct limber_remind_slot *sl = &st->slots[i];
		int64_t reg;

		if (s->kind == LIMBER_REMIND_EVERY &&
		    now - since >= (int64_t)s->minutes * 60) {
			/*
			 * Away for as long as the break it asks for: that was
			 * the break. What came due meanwhile is dropped, a
			 * snooze with it, and the next comes a whole interval
			 * from now.
			 */
			sl->rest = now;
			if (sl->done < now)
				sl->done = now;
			sl->snooze = 0;
			continue;
		}
		/*
		 * Otherwise what came due is held for limber_remind_take to
		 * show once, unless it is too old to be worth a prompt.
		 */
		reg = occurrence_before(s, sl->rest, now);
		if (reg != INT64_MIN && reg > sl->done &&
		    now - reg > LIMBER_REMIND_HOLD_S)
			sl->done = now;
		if (sl->snooze != 0 && now - sl->snooze > LIMBER_REMIND_HOLD_S)
			sl->snooze = 0;
		if (sl->workout != 0 &&
		    now - sl->workout > LIMBER_REMIND_HOLD_S)
			sl->workout = 0;
	}
}

void
limber_remind_snooze(const struct limber_remind_config *cfg,
    struct limber_remind_state *st, size_t i, int64_t now)
{
	if (i < cfg->nschedules)
		st->slots[i].snooze = now + cfg->snooze_s;
}

void
limber_remind_workout(const struct limber_remind_config *cfg,
    struct limber_remind_state *st, int64_t t)
{
	for (size_t i = 0; i < cfg->nschedules; i++) {
		if (cfg->schedules[i].kind == LIMBER_REMIND_WORKOUT)
			st->slots[i].workout = t + cfg->schedules[i].delay_s;
	}
}

/* ------------------------------------------------------------------ */
/* iCalendar.                                                          */

/* At most this many events for one schedule: one every 5 minutes. */
#define ICS_MAX_TIMES 288

/* The seconds of the day at which s prompts, by a clock on the wall. */
static size_t
ics_times(const struct limber_remind_schedule *s, int *out)
{
	size_t n = 0;

	if (s->kind == LIMBER_REMIND_AT) {
		for (size_t i = 0; i < s->ntimes; i++) {
			if (quiet_at(s, s->times[i]) == NULL)
				out[n++] = s->times[i] * 60;
		}
		return n;
	}
	for (int t = s->hours.from * 60 + s->interval_s;
	    t <= s->hours.to * 60 && t < 86400; t += s->interval_s) {
		if (quiet_at(s, t / 60) != NULL)
			continue;
		if (n == ICS_MAX_TIMES)
			return n + 1;
		out[n++] = t;
	}
	return n;
}

static const char *const ics_days[7] = {
	"MO", "TU", "WE", "TH", "FR", "SA", "SU",
};

/*
 * "NAME:" and a text as an iCalendar content line (RFC 5545): its commas,
 * semicolons and backslashes escaped, folded at 75 bytes between whole
 * UTF-8 characters. The event's words are a translation, which may hold
 * any of them and be long.
 */
static void
ics_text_line(struct strbuf *b, const char *name, const char *text)
{
	size_t col = strlen(name);

	strbuf_puts(b, name);
	for (const char *p = text; *p != '\0';) {
		char esc[2] = { '\\', *p == '\n' ? 'n' : *p };
		bool escaped = strchr(",;\\\n", *p) != NULL;
		size_t n = 1;

		while (!escaped && (p[n] & 0xC0) == 0x80)
			n++;
		if (col + (escaped ? 2 : n) > 75) {
			strbuf_puts(b, "\r\n ");
			col = 1;
		}
		if (escaped)
			strbuf_add(b, esc, 2);
		else
			strbuf_add(b, p, n);
		col += escaped ? 2 : n;
		p += n;
	}
	strbuf_puts(b, "\r\n");
}

char *
limber_remind_ics(const struct limber_remind_config *cfg, int64_t now,
    char **cause)
{
	struct strbuf b = STRBUF_INIT(0);
	int times[ICS_MAX_TIMES + 1];
	struct tm utc;
	time_t tnow = (time_t)now;
	char stamp[32], byday[32];
	int64_t today;
	int wd, m;

	gmtime_r(&tnow, &utc);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
	local_parts(now, &today, &wd, &m);
	strbuf_printf(&b,
	    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	    "PRODID:-//limber//remind " LIMBER_VERSION "//EN\r\n"
	    "CALSCALE:GREGORIAN\r\n");
	for (size_t i = 0; i < cfg->nschedules; i++) {
		const struct limber_remind_schedule *s = &cfg->schedules[i];
		size_t n, len = 0;
		int64_t first = today;
		char *summary;
		int y, mo, d;

		if (s->kind == LIMBER_REMIND_WORKOUT)
			continue;
		n = ics_times(s, times);
		if (n > ICS_MAX_TIMES) {
			if (cause != NULL)
				*cause = xasprintf(
				    _("[%s] prompts more than %d "
				      "times a day, too many for a calendar"),
				    s->name, ICS_MAX_TIMES);
			strbuf_free(&b);
			return NULL;
		}
		byday[0] = '\0';
		for (int k = 0; k < 7; k++) {
			if (s->days & (1u << k))
				len += (size_t)snprintf(byday + len,
				    sizeof byday - len, "%s%s", len ? "," : "",
				    ics_days[k]);
		}
		/* The first instance is on a day the rule allows. */
		while (!(s->days & (1u << weekday(first))))
			first++;
		limber_civil_from_days(first, &y, &mo, &d);
		/*
		 * TRANSLATORS: the title of a reminder's event in a calendar
		 * program; %s is the reminder's name from the config file
		 * ("morning").
		 */
		summary = xasprintf(_("Stretch: %s"), s->name);
		for (size_t k = 0; k < n; k++) {
			int t = times[k];

			strbuf_printf(&b,
			    "BEGIN:VEVENT\r\n"
			    "UID:limber-remind-%s-%02d%02d%02d@limber.invalid\r\n"
			    "DTSTAMP:%s\r\n"
			    "DTSTART:%04d%02d%02dT%02d%02d%02d\r\n"
			    "DURATION:PT%dM\r\n"
			    "RRULE:FREQ=WEEKLY;BYDAY=%s\r\n",
			    s->name, t / 3600, t / 60 % 60, t % 60, stamp, y,
			    mo, d, t / 3600, t / 60 % 60, t % 60, s->minutes,
			    byday);
			ics_text_line(&b, "SUMMARY:", summary);
			/* The command is for the shell: never translated. */
			strbuf_printf(&b,
			    "DESCRIPTION:limber start --area %s --context %s "
			    "--minutes %d\r\n"
			    "BEGIN:VALARM\r\nACTION:DISPLAY\r\n",
			    limber_area_name((enum limber_area)s->area),
			    limber_context_name(s->context), s->minutes);
			ics_text_line(&b, "DESCRIPTION:", summary);
			strbuf_puts(&b,
			    "TRIGGER:PT0S\r\nEND:VALARM\r\nEND:VEVENT\r\n");
		}
		free(summary);
	}
	if (!strbuf_puts(&b, "END:VCALENDAR\r\n")) {
		/* Not for any calendar the limits allow; never a cut one. */
		if (cause != NULL)
			*cause = xstrdup(_("the calendar would be too big"));
		strbuf_free(&b);
		return NULL;
	}
	return strbuf_take(&b);
}

/* ------------------------------------------------------------------ */
/* The names of kinds and answers, as the journal keeps them.          */

int
journal_remind_kind_parse(const char *s)
{
	for (int k = 0; k < LIMBER_REMIND_KIND_COUNT; k++) {
		if (strcmp(s, limber_remind_kind_name(k)) == 0)
			return k;
	}
	return -1;
}

static const char *const answer_names[LIMBER_ANSWER_COUNT] = {
	NULL,
	"started",
	"snoozed",
	"skipped",
};

const char *
limber_remind_answer_name(enum limber_remind_answer a)
{
	return (unsigned)a < LIMBER_ANSWER_COUNT ? answer_names[a] : NULL;
}

int
limber_remind_answer_parse(const char *name)
{
	for (int i = 1; i < LIMBER_ANSWER_COUNT; i++) {
		if (strcmp(name, answer_names[i]) == 0)
			return i;
	}
	return -1;
}
