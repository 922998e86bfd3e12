/*
 * test-remind.c - the reminders' config parser and scheduler
 * (lib/remind.c), in virtual time.
 *
 * Covers: a full config read back field by field; every kind of bad
 * config with its exact "file:line: message", and that a failed parse
 * leaves the last good config alone; desk breaks over a week with work
 * hours, quiet hours and work days; daily times across the spring and
 * autumn daylight-saving changes in London and New York, including a
 * time the change skips and one it repeats; a suspend gap shown once,
 * or dropped when it no longer fits; time away from the keyboard
 * taken as a break, moving the next one, or holding a prompt until the
 * person is back (for at most an hour); snooze; the workout cool-down; a
 * reload keeping state by name; and the iCalendar text.
 */
#define _DEFAULT_SOURCE	/* timegm */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "limber/remind.h"
#include "util.h"

static void
zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* A local wall-clock time in the current zone, as UTC seconds. */
static int64_t
lt(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* UTC seconds of a UTC time. */
static int64_t
ut(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return (int64_t)timegm(&tm);
}

static void
parse_ok(const char *text, struct limber_remind_config *cfg)
{
	char *cause = NULL;
	enum limber_status rc;

	rc = limber_remind_parse("config", text, strlen(text), cfg, &cause);
	if (rc != LIMBER_OK)
		fail_msg("unexpected error: %s", cause);
	assert_null(cause);
}

static void
parse_fails(const char *text, const char *want)
{
	struct limber_remind_config cfg;
	char *cause = NULL;

	assert_int_equal(limber_remind_parse("config", text, strlen(text),
	    &cfg, &cause), LIMBER_ERR_INVALID);
	assert_non_null(cause);
	if (strcmp(cause, want) != 0)
		fail_msg("for %s\n  got  %s\n  want %s", text, cause, want);
	free(cause);
}

/*
 * Run the scheduler as the daemon does, from `from` to `to`, waking only
 * when limber_remind_next says, and collect what is shown.
 */
static size_t
run(const struct limber_remind_config *cfg, int64_t from, int64_t to,
    int64_t *shown, size_t max)
{
	struct limber_remind_state st;
	struct limber_remind_due due[LIMBER_REMIND_MAX_SCHEDULES];
	size_t n = 0;

	limber_remind_state_init(&st, from);
	for (;;) {
		int64_t next = limber_remind_next(cfg, &st);
		size_t k;

		if (next > to)
			break;
		assert_true(next > from);
		from = next;
		k = limber_remind_take(cfg, &st, next, due, nitems(due));
		/* A wake-up always has something to show. */
		assert_true(k >= 1);
		for (size_t i = 0; i < k; i++) {
			assert_int_equal(due[i].at, next);
			assert_false(due[i].late);
			if (n < max)
				shown[n++] = due[i].at;
		}
	}
	return n;
}

static const char full[] =
    "# reminders\n"
    "snooze = 15m\n"
    "quiet = 22:00-07:00   # nights\n"
    "\n"
    "[desk]\n"
    "every = 50m\n"
    "hours = 09:00-17:30\n"
    "days = mon-fri\n"
    "quiet = 12:00-13:00\n"
    "minutes = 3\n"
    "\r\n"
    "[evening]\r\n"
    "area = lower\r\n"
    "at = 19:30, 08:15\r\n"
    "days = sat,sun\r\n"
    "[cool-down]\n"
    "after-workout = 10m\n";

static void
test_full_config_reads_back(void **state)
{
	struct limber_remind_config cfg;
	const struct limber_remind_schedule *s;

	(void)state;
	parse_ok(full, &cfg);
	assert_int_equal(cfg.snooze_s, 15 * 60);
	assert_int_equal(cfg.nschedules, 3);

	s = &cfg.schedules[0];
	assert_string_equal(s->name, "desk");
	assert_int_equal(s->kind, LIMBER_REMIND_EVERY);
	assert_int_equal(s->line, 5);
	assert_int_equal(s->interval_s, 50 * 60);
	assert_int_equal(s->hours.from, 9 * 60);
	assert_int_equal(s->hours.to, 17 * 60 + 30);
	assert_int_equal(s->days, 0x1f);
	assert_int_equal(s->nquiet, 2);	/* its own, then the global one */
	assert_int_equal(s->quiet[0].from, 12 * 60);
	assert_int_equal(s->quiet[1].from, 22 * 60);
	assert_int_equal(s->quiet[1].to, 7 * 60);
	assert_int_equal(s->minutes, 3);
	assert_int_equal(s->area, LIMBER_AREA_UPPER);
	assert_int_equal(s->context, LIMBER_CONTEXT_DESK);

	s = &cfg.schedules[1];
	assert_string_equal(s->name, "evening");
	assert_int_equal(s->kind, LIMBER_REMIND_AT);
	assert_int_equal(s->ntimes, 2);
	assert_int_equal(s->times[0], 8 * 60 + 15);	/* sorted */
	assert_int_equal(s->times[1], 19 * 60 + 30);
	assert_int_equal(s->days, 0x60);
	/* Said before "at", and kept. */
	assert_int_equal(s->area, LIMBER_AREA_LOWER);
	assert_int_equal(s->context, LIMBER_CONTEXT_GENERAL);
	assert_int_equal(s->minutes, 10);

	s = &cfg.schedules[2];
	assert_int_equal(s->kind, LIMBER_REMIND_WORKOUT);
	assert_int_equal(s->delay_s, 600);
	assert_int_equal(s->context, LIMBER_CONTEXT_AFTER_WORKOUT);
	assert_int_equal(s->nquiet, 1);
}

/* "start" and "terminal": the defaults, and words split at spaces. */
static void
test_start_and_terminal_read_back(void **state)
{
	struct limber_remind_config cfg;
	char word[LIMBER_REMIND_WORD_MAX + 32];
	char *text;

	(void)state;
	parse_ok("[x]\nat = 08:00\n", &cfg);
	assert_int_equal(cfg.start, LIMBER_REMIND_START_TERMINAL);
	assert_int_equal(cfg.nterminal, 2);
	assert_string_equal(cfg.terminal[0], "x-terminal-emulator");
	assert_string_equal(cfg.terminal[1], "-e");

	parse_ok("start = page\nterminal =  gnome-terminal\t--  \n"
		 "[x]\nat = 08:00\n",
	    &cfg);
	assert_int_equal(cfg.start, LIMBER_REMIND_START_PAGE);
	assert_string_equal(limber_remind_start_name(cfg.start), "page");
	assert_int_equal(cfg.nterminal, 2);
	assert_string_equal(cfg.terminal[0], "gnome-terminal");
	assert_string_equal(cfg.terminal[1], "--");

	parse_ok("terminal = foot\nstart = terminal\n", &cfg);
	assert_int_equal(cfg.start, LIMBER_REMIND_START_TERMINAL);
	assert_int_equal(cfg.nterminal, 1);
	assert_string_equal(cfg.terminal[0], "foot");

	parse_ok("terminal = a b c d e f g h\n", &cfg);
	assert_int_equal(cfg.nterminal, LIMBER_REMIND_TERMINAL_WORDS);
	assert_string_equal(cfg.terminal[7], "h");

	/* A word at the limit is taken; one byte more is refused. */
	memset(word, 'k', LIMBER_REMIND_WORD_MAX);
	word[LIMBER_REMIND_WORD_MAX] = '\0';
	text = xasprintf("terminal = %s -e\n", word);
	parse_ok(text, &cfg);
	assert_int_equal(strlen(cfg.terminal[0]), LIMBER_REMIND_WORD_MAX);
	free(text);
	text = xasprintf("terminal = %sk\n", word);
	parse_fails(text,
	    "config:1: a word of 'terminal' is longer than 128 "
	    "bytes");
	free(text);
}

static void
test_empty_config_has_no_schedules(void **state)
{
	struct limber_remind_config cfg;

	(void)state;
	parse_ok("# nothing yet\n\n", &cfg);
	assert_int_equal(cfg.nschedules, 0);
	assert_int_equal(cfg.snooze_s, 600);
	parse_ok("", &cfg);
	assert_int_equal(limber_remind_next(&cfg, &(struct limber_remind_state){
	    0 }), INT64_MAX);
}

static void
test_every_fault_is_named_with_its_line(void **state)
{
	(void)state;
	parse_fails("[desk]\nevery = 50\n", "config:2: 'every' must be a "
	    "whole number with s, m or h, from 1s to 24h, such as 50m, not "
	    "'50'");
	parse_fails("[desk]\nevery = 25h\n", "config:2: 'every' must be a "
	    "whole number with s, m or h, from 1s to 24h, such as 50m, not "
	    "'25h'");
	parse_fails("[desk]\nevery = -5m\n", "config:2: 'every' must be a "
	    "whole number with s, m or h, from 1s to 24h, such as 50m, not "
	    "'-5m'");
	parse_fails("[desk]\nhours = 9-17\nevery = 1h\n", "config:2: 'hours' "
	    "must be a range of times such as 09:00-17:00, not '9-17'");
	parse_fails("[desk]\nevery = 1h\nhours = 17:00-09:00\n", "config:3: "
	    "'hours' must end after it starts, not '17:00-09:00'");
	parse_fails("[desk]\nevery = 1h\ndays = mon-fry\n", "config:3: "
	    "'days' takes days as mon, tue, wed, thu, fri, sat, sun, ranges "
	    "such as mon-fri, or all; not 'mon-fry'");
	parse_fails("[desk]\nevery = 1h\nquiet = 12:00-12:00\n", "config:3: "
	    "'quiet' must end after it starts, not '12:00-12:00'");
	parse_fails("[x]\nat = 08:00, 25:00\n", "config:2: 'at' takes times "
	    "of day such as 08:30 or 08:30, 19:00, not '25:00'");
	parse_fails("[x]\nat = 08:00, 08:00\n", "config:2: 'at' names 08:00 "
	    "twice");
	parse_fails("[x]\nat = 08:00\nhours = 09:00-10:00\n", "config:3: "
	    "'hours' does not apply to 'at' in [x]");
	parse_fails("[x]\ndays = mon\nafter-workout = 5m\n", "config:3: "
	    "'days' does not apply to 'after-workout' in [x]");
	parse_fails("[x]\nat = 08:00\nevery = 1h\n", "config:3: [x] has two "
	    "kinds of schedule: a section takes one of 'every', 'at' and "
	    "'after-workout'");
	parse_fails("[x]\nat = 08:00\nat = 09:00\n", "config:3: 'at' is given "
	    "twice in [x]");
	parse_fails("[x]\narea = upper\n\n[y]\nat = 08:00\n", "config:1: "
	    "section [x] says neither 'every', 'at' nor 'after-workout'");
	parse_fails("[x]\nat = 08:00\n[x]\nat = 09:00\n", "config:3: section "
	    "[x] is given twice (first on line 1)");
	parse_fails("[Desk]\n", "config:1: a section's name is 1 to 40 "
	    "lower-case letters, digits and inner hyphens, not 'Desk'");
	parse_fails("[desk\n", "config:1: a section's name must end with "
	    "']'");
	parse_fails("[x]\nat = 08:00\ncolour = blue\n", "config:3: unknown "
	    "key 'colour' in [x]; a section takes every, at, after-workout, "
	    "hours, days, quiet, area, context, minutes");
	parse_fails("[x]\nat = 08:00\narea = back\n", "config:3: 'area' must "
	    "be upper, lower or both, not 'back'");
	parse_fails("[x]\nat = 08:00\ncontext = gym\n", "config:3: 'context' "
	    "must be general, after-workout or desk, not 'gym'");
	parse_fails("[x]\nat = 08:00\nminutes = 0\n", "config:3: 'minutes' "
	    "must be a whole number from 1 to 60, not '0'");
	parse_fails("[x]\nat =\n", "config:2: 'at' has no value");
	parse_fails("[x]\n= 08:00\n", "config:2: a key is missing before '='");
	parse_fails("[x]\nat 08:00\n", "config:2: expected 'key = value' or "
	    "'[section]', not 'at 08:00'");
	parse_fails("every = 1h\n",
	    "config:1: unknown setting 'every' before "
	    "the first section; there it takes snooze, quiet, start and "
	    "terminal");
	parse_fails("start = window\n",
	    "config:1: 'start' must be terminal "
	    "or page, not 'window'");
	parse_fails("start = page\nstart = page\n",
	    "config:2: 'start' is "
	    "given twice");
	parse_fails("terminal = foot\nterminal = kitty\n",
	    "config:2: "
	    "'terminal' is given twice");
	parse_fails("terminal = xterm -T \"limber\" -e\n",
	    "config:1: "
	    "'terminal' takes words split at spaces; quotes and backslashes "
	    "are not supported, not 'xterm -T \"limber\" -e'");
	parse_fails("terminal = a b c d e f g h i\n",
	    "config:1: 'terminal' "
	    "takes at most 8 words");
	parse_fails("terminal =\n", "config:1: 'terminal' has no value");
	parse_fails("snooze = 5h\n", "config:1: 'snooze' must be a whole "
	    "number with s, m or h, from 1s to 4h, such as 50m, not '5h'");
	parse_fails("snooze = 5m\nsnooze = 6m\n", "config:2: 'snooze' is "
	    "given twice");
	parse_fails("[x]\nat = 08:00\x01\n", "config:2: a control character "
	    "(byte 1) in column 11");
	parse_fails("[x]\nafter-workout = 7h\n", "config:2: 'after-workout' "
	    "must be a whole number with s, m or h, from 1s to 6h, such as "
	    "50m, not '7h'");
}

static void
test_nul_byte_and_size_are_refused(void **state)
{
	struct limber_remind_config cfg;
	char *cause = NULL;
	static const char nul[] = "[x]\nat = 08:00\0\n";
	char *big;

	(void)state;
	assert_int_equal(limber_remind_parse("c", nul, sizeof nul - 1, &cfg,
	    &cause), LIMBER_ERR_INVALID);
	assert_string_equal(cause, "c:2: a NUL byte: this is not a text file");
	free(cause);
	big = xcalloc(LIMBER_REMIND_MAX_BYTES + 1, 1);
	memset(big, '#', LIMBER_REMIND_MAX_BYTES + 1);
	assert_int_equal(limber_remind_parse("c", big,
	    LIMBER_REMIND_MAX_BYTES + 1, &cfg, &cause), LIMBER_ERR_INVALID);
	assert_string_equal(cause, "c:1: the file is larger than 65536 bytes");
	free(cause);
	free(big);
}

static void
test_failed_parse_keeps_the_last_good_config(void **state)
{
	struct limber_remind_config cfg;
	char *cause = NULL;
	static const char bad[] = "[other]\nat = 10:00\n[x]\nevery = 1y\n";

	(void)state;
	parse_ok(full, &cfg);
	assert_int_equal(limber_remind_parse("c", bad, strlen(bad), &cfg,
	    &cause), LIMBER_ERR_INVALID);
	free(cause);
	assert_int_equal(cfg.nschedules, 3);
	assert_string_equal(cfg.schedules[0].name, "desk");
}

/*
 * The built-in config, which limber reminds with when there is no file and
 * `limber remind --init` writes: it parses, and is one desk break every
 * 50 minutes on weekdays 09:00-17:30, quiet at lunch, as docs/remind.md
 * promises; its times on a Monday; and its words for the daemon.
 */
static void
test_the_defaults_are_a_desk_break_on_weekdays(void **state)
{
	struct limber_remind_config cfg;
	const struct limber_remind_schedule *s;
	int64_t shown[64];
	size_t n;
	char *words;
	static const int want[][2] = {
		{ 9, 50 },
		{ 10, 40 },
		{ 11, 30 }, /* 12:20 is quiet */
		{ 13, 10 },
		{ 14, 0 },
		{ 14, 50 },
		{ 15, 40 },
		{ 16, 30 },
		{ 17, 20 },
	};

	(void)state;
	zone("UTC");
	parse_ok(limber_remind_default_config(), &cfg);
	assert_int_equal(cfg.nschedules, 1);
	assert_int_equal(cfg.snooze_s, 600);
	s = &cfg.schedules[0];
	assert_string_equal(s->name, "desk");
	assert_int_equal(s->kind, LIMBER_REMIND_EVERY);
	assert_int_equal(s->interval_s, 50 * 60);
	assert_int_equal(s->hours.from, 9 * 60);
	assert_int_equal(s->hours.to, 17 * 60 + 30);
	assert_int_equal(s->days, 0x1f);
	assert_int_equal(s->nquiet, 1);
	assert_int_equal(s->quiet[0].from, 12 * 60);
	assert_int_equal(s->quiet[0].to, 13 * 60);
	assert_int_equal(s->area, LIMBER_AREA_UPPER);
	assert_int_equal(s->context, LIMBER_CONTEXT_DESK);
	assert_int_equal(s->minutes, 5);
	/* Monday 30 November 2026 to Sunday: five days of the same times. */
	n = run(&cfg, lt(2026, 11, 30, 0, 0), lt(2026, 12, 7, 0, 0), shown,
	    nitems(shown));
	assert_int_equal(n, 5 * nitems(want));
	for (size_t i = 0; i < nitems(want); i++)
		assert_int_equal(shown[i],
		    lt(2026, 11, 30, want[i][0], want[i][1]));
	words = limber_remind_describe(s);
	assert_string_equal(words,
	    "every 50 minutes from 09:00 to 17:30, "
	    "Monday to Friday, but not 12:00-13:00: 5 minutes for your neck "
	    "and upper back");
	free(words);
}

static void
test_desk_breaks_keep_hours_quiet_hours_and_work_days(void **state)
{
	struct limber_remind_config cfg;
	int64_t shown[64];
	size_t n;
	/* Monday 30 November 2026. */
	static const int want[][2] = {
		{ 9, 50 }, { 10, 40 }, { 11, 30 }, /* 12:20 is quiet */
		{ 13, 10 }, { 14, 0 }, { 14, 50 }, { 15, 40 }, { 16, 30 },
	};

	(void)state;
	zone("Europe/London");
	parse_ok("[desk]\nevery = 50m\nhours = 09:00-17:00\n"
	    "days = mon-tue, fri\nquiet = 12:00-13:00\n", &cfg);
	n = run(&cfg, lt(2026, 11, 30, 8, 0), lt(2026, 12, 7, 8, 0), shown,
	    nitems(shown));
	/* Monday, Tuesday and Friday; not Wednesday, Thursday or the weekend. */
	assert_int_equal(n, 3 * nitems(want));
	for (size_t d = 0; d < 3; d++) {
		int day = (int[]){ 30, 1, 4 }[d];
		int mo = d == 0 ? 11 : 12;

		for (size_t i = 0; i < nitems(want); i++)
			assert_int_equal(shown[d * nitems(want) + i],
			    lt(2026, mo, day, want[i][0], want[i][1]));
	}
}

static void
test_quiet_hours_over_midnight_silence_a_daily_time(void **state)
{
	struct limber_remind_config cfg;
	int64_t shown[8];

	(void)state;
	zone("America/New_York");
	parse_ok("quiet = 22:00-07:00\n[x]\nat = 06:30, 07:00, 22:30\n", &cfg);
	assert_int_equal(run(&cfg, lt(2026, 6, 1, 0, 0), lt(2026, 6, 2, 0, 0),
	    shown, nitems(shown)), 1);
	assert_int_equal(shown[0], lt(2026, 6, 1, 7, 0));
}

static void
test_daily_time_follows_the_wall_clock_across_dst(void **state)
{
	struct limber_remind_config cfg;
	int64_t shown[8];

	(void)state;
	parse_ok("[morning]\nat = 08:00\n", &cfg);

	/* London moves to summer time at 01:00 UTC on 29 March 2026. */
	zone("Europe/London");
	assert_int_equal(run(&cfg, ut(2026, 3, 27, 12, 0),
	    ut(2026, 3, 31, 0, 0), shown, nitems(shown)), 3);
	assert_int_equal(shown[0], ut(2026, 3, 28, 8, 0));
	assert_int_equal(shown[1], ut(2026, 3, 29, 7, 0));
	assert_int_equal(shown[2], ut(2026, 3, 30, 7, 0));

	/* New York goes back to standard time on 1 November 2026. */
	zone("America/New_York");
	assert_int_equal(run(&cfg, ut(2026, 10, 31, 0, 0),
	    ut(2026, 11, 3, 0, 0), shown, nitems(shown)), 3);
	assert_int_equal(shown[0], ut(2026, 10, 31, 12, 0));
	assert_int_equal(shown[1], ut(2026, 11, 1, 13, 0));
	assert_int_equal(shown[2], ut(2026, 11, 2, 13, 0));
}

static void
test_skipped_and_repeated_times_are_shown_once(void **state)
{
	struct limber_remind_config cfg;
	int64_t shown[8];

	(void)state;
	zone("Europe/London");
	parse_ok("[night]\nat = 01:30\n", &cfg);
	/* 01:30 does not exist on 29 March: shown at 02:30 BST, 01:30 UTC. */
	assert_int_equal(run(&cfg, ut(2026, 3, 28, 12, 0),
	    ut(2026, 3, 29, 12, 0), shown, nitems(shown)), 1);
	assert_int_equal(shown[0], ut(2026, 3, 29, 1, 30));
	/* 01:30 happens twice on 25 October: shown once, the first time. */
	assert_int_equal(run(&cfg, ut(2026, 10, 24, 12, 0),
	    ut(2026, 10, 25, 12, 0), shown, nitems(shown)), 1);
	assert_int_equal(shown[0], ut(2026, 10, 25, 0, 30));
}

static void
test_desk_breaks_on_the_day_of_a_dst_change(void **state)
{
	struct limber_remind_config cfg;
	int64_t shown[32];

	(void)state;
	zone("Europe/London");
	/* Work hours that span the change: 00:00 to 03:00, every hour. */
	parse_ok("[night-shift]\nevery = 1h\nhours = 00:00-03:00\ndays = all\n",
	    &cfg);
	/* On 29 March 00:00 to 03:00 local is two real hours: 02:00 and 03:00 BST. */
	assert_int_equal(run(&cfg, ut(2026, 3, 28, 23, 0),
	    ut(2026, 3, 29, 12, 0), shown, nitems(shown)), 2);
	assert_int_equal(shown[0], ut(2026, 3, 29, 1, 0));
	assert_int_equal(shown[1], ut(2026, 3, 29, 2, 0));
}

static void
test_suspend_gap_is_shown_once(void **state)
{
	struct limber_remind_config cfg;
	struct limber_remind_state st;
	struct limber_remind_due due[4];

	(void)state;
	zone("Europe/London");
	parse_ok("[desk]\nevery = 10m\nhours = 09:00-17:00\ndays = all\n", &cfg);
	limber_remind_state_init(&st, lt(2026, 11, 30, 10, 0));
	assert_int_equal(limber_remind_next(&cfg, &st),
	    lt(2026, 11, 30, 10, 10));
	/* Asleep from 10:01 to 10:45: four breaks passed; one is shown. */
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 11, 30, 10, 45),
	    due, nitems(due)), 1);
	assert_int_equal(due[0].at, lt(2026, 11, 30, 10, 40));
	assert_true(due[0].late);
	assert_true(due[0].several);
	assert_false(due[0].snoozed);
	/* Nothing more until the next break. */
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 11, 30, 10, 46),
	    due, nitems(due)), 0);
	assert_int_equal(limber_remind_next(&cfg, &st),
	    lt(2026, 11, 30, 10, 50));
	/* On time: not late. */
	assert_int_equal(limber_remind_take(&cfg, &st,
	    lt(2026, 11, 30, 10, 50) + 2, due, nitems(due)), 1);
	assert_false(due[0].late);
	assert_false(due[0].several);
}

static void
test_missed_break_that_no_longer_fits_is_dropped(void **state)
{
	struct limber_remind_config cfg;
	struct limber_remind_state st;
	struct limber_remind_due due[4];

	(void)state;
	zone("Europe/London");
	parse_ok("[desk]\nevery = 30m\nhours = 09:00-17:00\n", &cfg);
	/* Friday 16:50, asleep until 18:10: after work hours, dropped. */
	limber_remind_state_init(&st, lt(2026, 12, 4, 16, 50));
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 12, 4, 18, 10),
	    due, nitems(due)), 0);
	/* Asleep over the weekend: Friday's break is not shown on Monday. */
	limber_remind_state_init(&st, lt(2026, 12, 4, 16, 50));
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 12, 7, 9, 5),
	    due, nitems(due)), 0);
	assert_int_equal(limber_remind_next(&cfg, &st), lt(2026, 12, 7, 9, 30));
}

static void
test_snooze_brings_the_prompt_back(void **state)
{
	struct limber_remind_config cfg;
	struct limber_remind_state st;
	struct limber_remind_due due[4];
	int64_t t = lt(2026, 11, 30, 9, 50);

	(void)state;
	zone("Europe/London");
	parse_ok("snooze = 5m\n[desk]\nevery = 50m\n", &cfg);
	limber_remind_state_init(&st, lt(2026, 11, 30, 9, 0));
	assert_int_equal(limber_remind_next(&cfg, &st), t);
	assert_int_equal(limber_remind_take(&cfg, &st, t, due, 4), 1);
	limber_remind_snooze(&cfg, &st, 0, t + 20);
	assert_int_equal(limber_remind_next(&cfg, &st), t + 20 + 300);
	assert_int_equal(limber_remind_take(&cfg, &st, t + 320, due, 4), 1);
	assert_true(due[0].snoozed);
	assert_int_equal(due[0].at, t + 320);
	/* Taken: it does not come back again, and the breaks go on. */
	assert_int_equal(limber_remind_next(&cfg, &st),
	    lt(2026, 11, 30, 10, 40));
}

static void
test_workout_cool_down_comes_once(void **state)
{
	struct limber_remind_config cfg;
	struct limber_remind_state st;
	struct limber_remind_due due[4];
	int64_t t = lt(2026, 11, 30, 18, 0);

	(void)state;
	zone("Europe/London");
	parse_ok("quiet = 22:00-07:00\n[cool-down]\nafter-workout = 10m\n",
	    &cfg);
	limber_remind_state_init(&st, t - 3600);
	assert_int_equal(limber_remind_next(&cfg, &st), INT64_MAX);
	limber_remind_workout(&cfg, &st, t);
	assert_int_equal(limber_remind_next(&cfg, &st), t + 600);
	assert_int_equal(limber_remind_take(&cfg, &st, t + 599, due, 4), 0);
	assert_int_equal(limber_remind_take(&cfg, &st, t + 600, due, 4), 1);
	assert_int_equal(due[0].at, t + 600);
	assert_int_equal(limber_remind_next(&cfg, &st), INT64_MAX);
	/* One due in quiet hours is dropped. */
	limber_remind_workout(&cfg, &st, lt(2026, 11, 30, 21, 55));
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 11, 30, 22, 5),
	    due, 4), 0);
	assert_int_equal(limber_remind_next(&cfg, &st), INT64_MAX);
}

static void
test_reload_keeps_state_by_name(void **state)
{
	struct limber_remind_config a, b;
	struct limber_remind_state st;

	(void)state;
	parse_ok("[one]\nat = 08:00\n[two]\nafter-workout = 5m\n", &a);
	parse_ok("[new]\nat = 09:00\n[two]\nafter-workout = 7m\n", &b);
	limber_remind_state_init(&st, 1000);
	st.slots[1].workout = 5000;
	st.slots[0].done = 2000;
	limber_remind_state_rekey(&st, &a, &b, 3000);
	assert_int_equal(st.slots[0].done, 3000);
	assert_int_equal(st.slots[0].workout, 0);
	assert_int_equal(st.slots[1].workout, 5000);
	assert_int_equal(st.slots[1].done, 1000);
}

static void
test_ics_has_one_weekly_event_per_time(void **state)
{
	struct limber_remind_config cfg;
	char *ics, *cause = NULL;
	size_t events = 0;

	(void)state;
	zone("Europe/London");
	parse_ok("[desk]\nevery = 2h\nhours = 09:00-17:00\nquiet = "
	    "12:30-13:30\n[evening]\nat = 19:30\ndays = sat,sun\n"
	    "[cool]\nafter-workout = 5m\n", &cfg);
	/* Monday 30 November 2026, noon. */
	ics = limber_remind_ics(&cfg, lt(2026, 11, 30, 12, 0), &cause);
	assert_non_null(ics);
	for (const char *p = ics; (p = strstr(p, "BEGIN:VEVENT")); p++)
		events++;
	/* 11:00, 15:00 and 17:00 (13:00 is quiet), and 19:30. */
	assert_int_equal(events, 4);
	assert_non_null(strstr(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
	assert_non_null(strstr(ics, "DTSTART:20261130T110000\r\n"
	    "DURATION:PT5M\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\r\n"
	    "SUMMARY:Stretch: desk\r\n"));
	assert_null(strstr(ics, "T130000"));
	assert_non_null(strstr(ics, "DTSTART:20261130T170000\r\n"));
	/* The weekend event starts on the first Saturday. */
	assert_non_null(strstr(ics, "DTSTART:20261205T193000\r\nDURATION:PT10M"
	    "\r\nRRULE:FREQ=WEEKLY;BYDAY=SA,SU\r\n"));
	assert_non_null(strstr(ics, "DTSTAMP:20261130T120000Z\r\n"));
	assert_null(strstr(ics, "cool"));
	assert_non_null(strstr(ics, "END:VCALENDAR\r\n"));
	free(ics);

	parse_ok("[x]\nevery = 1m\n", &cfg);
	assert_null(limber_remind_ics(&cfg, 0, &cause));
	assert_string_equal(cause, "[x] prompts more than 288 times a day, too "
	    "many for a calendar");
	free(cause);
}

/*
 * limber_remind_never: a config can be valid and hold a reminder that
 * never comes. Each kind, covered and not, and the schedule's occurrences
 * agree: none within two weeks exactly when it says never.
 */
static void
test_reminders_that_never_come_are_found(void **state)
{
	static const struct {
		const char *config;
		enum limber_remind_never want;
	} cases[] = {
		{ "[a]\nevery = 50m\n", LIMBER_REMIND_COMES },
		{ "quiet = 00:00-24:00\n[a]\nevery = 50m\n",
		    LIMBER_REMIND_ALL_QUIET },
		/* 09:00-17:00: every time, 09:50 to 16:30, is quiet. */
		{ "[a]\nevery = 50m\nquiet = 09:30-17:00\n",
		    LIMBER_REMIND_ALL_QUIET },
		/* ... but 16:30 is not in 09:30-16:30. */
		{ "[a]\nevery = 50m\nquiet = 09:30-16:30\n",
		    LIMBER_REMIND_COMES },
		{ "[a]\nevery = 2h\nhours = 09:00-10:00\n",
		    LIMBER_REMIND_NO_TIME },
		{ "[a]\nevery = 1h\nhours = 09:00-10:00\n",
		    LIMBER_REMIND_COMES },
		{ "[a]\nat = 19:30\nquiet = 19:00-20:00\n",
		    LIMBER_REMIND_ALL_QUIET },
		{ "[a]\nat = 08:00, 19:30\nquiet = 19:00-20:00\n",
		    LIMBER_REMIND_COMES },
		{ "[a]\nat = 23:30, 01:00\nquiet = 22:00-07:00\n",
		    LIMBER_REMIND_ALL_QUIET },
		{ "[a]\nafter-workout = 10m\nquiet = 12:00-24:00, 00:00-12:00\n",
		    LIMBER_REMIND_ALL_QUIET },
		{ "[a]\nafter-workout = 10m\nquiet = 12:00-23:59, 00:00-12:00\n",
		    LIMBER_REMIND_COMES },
	};

	(void)state;
	zone("UTC");
	for (size_t i = 0; i < nitems(cases); i++) {
		struct limber_remind_config cfg;
		int64_t next;

		parse_ok(cases[i].config, &cfg);
		assert_int_equal(cfg.nschedules, 1);
		if (limber_remind_never(&cfg.schedules[0]) != cases[i].want)
			fail_msg("case %zu (%s): got %d, want %d", i,
			    cases[i].config,
			    (int)limber_remind_never(&cfg.schedules[0]),
			    (int)cases[i].want);
		if (cfg.schedules[0].kind == LIMBER_REMIND_WORKOUT)
			continue;
		/* Days of the week aside, never means no occurrence. */
		cfg.schedules[0].days = 0x7f;
		next = limber_remind_occurrence_after(&cfg.schedules[0],
		    ut(2026, 11, 2, 0, 0));
		assert_int_equal(next == INT64_MAX,
		    cases[i].want != LIMBER_REMIND_COMES);
	}
}

/* Away for longer than the break it asks for: that was the break. */
static void
test_time_away_is_a_break_and_moves_the_next_one(void **state)
{
	struct limber_remind_config cfg;
	struct limber_remind_state st;
	struct limber_remind_due due[4];

	(void)state;
	zone("Europe/London");
	/* Monday 30 November; a 5-minute break every 50 minutes. */
	parse_ok("[desk]\nevery = 50m\nhours = 09:00-17:30\n"
		 "quiet = 12:00-13:00\nminutes = 5\n",
	    &cfg);
	limber_remind_state_init(&st, lt(2026, 11, 30, 9, 0));
	assert_int_equal(limber_remind_next(&cfg, &st),
	    lt(2026, 11, 30, 9, 50));
	/* Away 09:30 to 09:45, before it was due: the next is 50 minutes on. */
	limber_remind_back(&cfg, &st, lt(2026, 11, 30, 9, 30),
	    lt(2026, 11, 30, 9, 45));
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 11, 30, 9, 45),
			     due, nitems(due)),
	    0);
	assert_int_equal(limber_remind_next(&cfg, &st),
	    lt(2026, 11, 30, 10, 35));
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 11, 30, 10, 35),
			     due, nitems(due)),
	    1);
	assert_false(due[0].late);
	/* The intervals go on from the break. */
	assert_int_equal(limber_remind_next(&cfg, &st),
	    lt(2026, 11, 30, 11, 25));
	/* Away 11:20 to 11:30, over the 11:25 one: it is not shown. */
	limber_remind_back(&cfg, &st, lt(2026, 11, 30, 11, 20),
	    lt(2026, 11, 30, 11, 30));
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 11, 30, 11, 30),
			     due, nitems(due)),
	    0);
	/* 12:20 is in the quiet hours: the first after them is 13:10. */
	assert_int_equal(limber_remind_next(&cfg, &st),
	    lt(2026, 11, 30, 13, 10));
	/* The next day counts from the start of the hours again. */
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 11, 30, 18, 0),
			     due, nitems(due)),
	    0);
	assert_int_equal(limber_remind_next(&cfg, &st), lt(2026, 12, 1, 9, 50));
}

/* Away for less than the break: what came due is shown on return, once. */
static void
test_a_short_absence_holds_the_prompt_until_return(void **state)
{
	struct limber_remind_config cfg;
	struct limber_remind_state st;
	struct limber_remind_due due[4];

	(void)state;
	zone("Europe/London");
	parse_ok("snooze = 5m\n[desk]\nevery = 50m\nhours = 09:00-17:30\n"
		 "minutes = 5\n",
	    &cfg);
	limber_remind_state_init(&st, lt(2026, 11, 30, 9, 0));
	/* Away 09:48 to 09:52 (4 minutes): the 09:50 one waits for them. */
	limber_remind_back(&cfg, &st, lt(2026, 11, 30, 9, 48),
	    lt(2026, 11, 30, 9, 52));
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 11, 30, 9, 52),
			     due, nitems(due)),
	    1);
	assert_int_equal(due[0].at, lt(2026, 11, 30, 9, 50));
	assert_true(due[0].late);
	assert_false(due[0].several);
	/* The hours' own intervals go on: a short absence moves nothing. */
	assert_int_equal(limber_remind_next(&cfg, &st),
	    lt(2026, 11, 30, 10, 40));
	/* Snoozed at 10:40, then away for a break: the snooze goes too. */
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 11, 30, 10, 40),
			     due, nitems(due)),
	    1);
	limber_remind_snooze(&cfg, &st, 0, lt(2026, 11, 30, 10, 40));
	limber_remind_back(&cfg, &st, lt(2026, 11, 30, 10, 41),
	    lt(2026, 11, 30, 10, 50));
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 11, 30, 10, 50),
			     due, nitems(due)),
	    0);
	assert_int_equal(limber_remind_next(&cfg, &st),
	    lt(2026, 11, 30, 11, 40));
}

/* A daily time missed while away: shown on return within the hour, else not. */
static void
test_a_daily_time_missed_while_away_is_held_for_an_hour(void **state)
{
	struct limber_remind_config cfg;
	struct limber_remind_state st;
	struct limber_remind_due due[4];

	(void)state;
	zone("Europe/London");
	parse_ok("[evening]\nat = 19:30\ndays = all\n", &cfg);
	/* Away 19:00 to 20:15: the 19:30 routine is shown on return. */
	limber_remind_state_init(&st, lt(2026, 11, 30, 18, 0));
	limber_remind_back(&cfg, &st, lt(2026, 11, 30, 19, 0),
	    lt(2026, 11, 30, 20, 15));
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 11, 30, 20, 15),
			     due, nitems(due)),
	    1);
	assert_int_equal(due[0].at, lt(2026, 11, 30, 19, 30));
	assert_true(due[0].late);
	/* Back after more than the hour: dropped, and tomorrow's comes. */
	limber_remind_state_init(&st, lt(2026, 11, 30, 18, 0));
	assert_int_equal(LIMBER_REMIND_HOLD_S, 3600);
	limber_remind_back(&cfg, &st, lt(2026, 11, 30, 19, 0),
	    lt(2026, 11, 30, 20, 31));
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 11, 30, 20, 31),
			     due, nitems(due)),
	    0);
	assert_int_equal(limber_remind_next(&cfg, &st),
	    lt(2026, 12, 1, 19, 30));
	/* A cool-down that came due while away is held the same way. */
	parse_ok("[cool-down]\nafter-workout = 10m\n", &cfg);
	limber_remind_state_init(&st, lt(2026, 11, 30, 18, 0));
	limber_remind_workout(&cfg, &st, lt(2026, 11, 30, 18, 0));
	limber_remind_back(&cfg, &st, lt(2026, 11, 30, 18, 5),
	    lt(2026, 11, 30, 19, 30));
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 11, 30, 19, 30),
			     due, nitems(due)),
	    0);
	limber_remind_workout(&cfg, &st, lt(2026, 11, 30, 18, 0));
	limber_remind_back(&cfg, &st, lt(2026, 11, 30, 18, 5),
	    lt(2026, 11, 30, 18, 40));
	assert_int_equal(limber_remind_take(&cfg, &st, lt(2026, 11, 30, 18, 40),
			     due, nitems(due)),
	    1);
	assert_int_equal(due[0].at, lt(2026, 11, 30, 18, 10));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_config_reads_back),
		cmocka_unit_test(
		    test_the_defaults_are_a_desk_break_on_weekdays),
		cmocka_unit_test(test_empty_config_has_no_schedules),
		cmocka_unit_test(test_start_and_terminal_read_back),
		cmocka_unit_test(test_every_fault_is_named_with_its_line),
		cmocka_unit_test(test_nul_byte_and_size_are_refused),
		cmocka_unit_test(test_failed_parse_keeps_the_last_good_config),
		cmocka_unit_test(
		    test_desk_breaks_keep_hours_quiet_hours_and_work_days),
		cmocka_unit_test(
		    test_quiet_hours_over_midnight_silence_a_daily_time),
		cmocka_unit_test(
		    test_daily_time_follows_the_wall_clock_across_dst),
		cmocka_unit_test(
		    test_skipped_and_repeated_times_are_shown_once),
		cmocka_unit_test(test_desk_breaks_on_the_day_of_a_dst_change),
		cmocka_unit_test(test_suspend_gap_is_shown_once),
		cmocka_unit_test(
		    test_missed_break_that_no_longer_fits_is_dropped),
		cmocka_unit_test(test_snooze_brings_the_prompt_back),
		cmocka_unit_test(
		    test_time_away_is_a_break_and_moves_the_next_one),
		cmocka_unit_test(
		    test_a_short_absence_holds_the_prompt_until_return),
		cmocka_unit_test(
		    test_a_daily_time_missed_while_away_is_held_for_an_hour),
		cmocka_unit_test(test_workout_cool_down_comes_once),
		cmocka_unit_test(test_reload_keeps_state_by_name),
		cmocka_unit_test(test_ics_has_one_weekly_event_per_time),
		cmocka_unit_test(test_reminders_that_never_come_are_found),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
