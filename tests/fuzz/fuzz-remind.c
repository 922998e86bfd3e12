/*
 * fuzz-remind.c - libFuzzer harness for the reminders' config parser.
 *
 * The config is a file a person edits by hand and a daemon rereads on
 * SIGHUP; any bytes must give a config or an error that names the file,
 * never a crash, a leak or a read past the end. A config that parses is
 * then run through the scheduler (time away from the keyboard too) and
 * the calendar writer, in UTC, so that a value the parser let through
 * cannot upset them either.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "limber/remind.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limber_remind_config cfg;
	struct limber_remind_state st;
	struct limber_remind_due due[LIMBER_REMIND_MAX_SCHEDULES];
	char *cause = NULL, *ics;
	int64_t t = 1795000000;	/* late November 2026 */

	setenv("TZ", "UTC", 1);
	tzset();
	if (limber_remind_parse("fuzz.conf", (const char *)data, size, &cfg,
	    &cause) != LIMBER_OK) {
		if (cause == NULL || strncmp(cause, "fuzz.conf:", 10) != 0)
			abort();
		free(cause);
		return 0;
	}
	limber_remind_state_init(&st, t);
	limber_remind_workout(&cfg, &st, t);
	for (int i = 0; i < 4; i++) {
		int64_t next = limber_remind_next(&cfg, &st);

		if (next == INT64_MAX)
			break;
		if (next <= t)
			abort();	/* the daemon would spin */
		t = next;
		/*
		 * A wake-up may show nothing (a cool-down that fell in quiet
		 * hours is dropped), but it must use up what woke it.
		 */
		limber_remind_take(&cfg, &st, t, due, nitems(due));
		/*
		 * Away for a while after every other wake-up, for 2 to 62
		 * minutes: a break moves the next reminder, and that too
		 * must never be at or before now.
		 */
		if (i % 2 == 0) {
			int64_t back = t + 120 + (int64_t)(size % 61) * 60;

			limber_remind_back(&cfg, &st, t, back);
			limber_remind_take(&cfg, &st, back, due, nitems(due));
			t = back;
		}
	}
	ics = limber_remind_ics(&cfg, t, &cause);
	free(ics);
	free(cause);
	return 0;
}
