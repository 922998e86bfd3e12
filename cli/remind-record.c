/*
 * remind-record.c - `limber-remind-record`, which writes a reminder's
 * prompt or its answer in the journal for the daemon (docs/remind.md,
 * "In the journal").
 *
 * The daemon (remind-daemon.c) runs it for each write and waits for it,
 * so that SQLite is never mapped in the process that waits all day: in
 * the daemon, its code and page cache stayed resident after the first
 * prompt, and a release build went from 2.9 to 4.4 MB. It is not a
 * command for people, but it checks what it is given as any command
 * does, since anyone can run it:
 *
 *   limber-remind-record --journal PATH prompt AT KIND LATE NAME
 *       prints the prompt's id
 *   limber-remind-record --journal PATH answer AT ID ANSWER
 *
 * AT is UTC seconds, KIND every|at|after-workout, LATE 0 or 1, ANSWER
 * started|snoozed|skipped. Exit status 0, 1 when the journal refused the
 * write (the message on stderr), 2 for bad arguments.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <limber/journal.h>
#include <limber/remind.h>

#include "i18n.h"
#include "util.h"

static const char usage[] =
    "usage: limber-remind-record --journal PATH prompt AT KIND LATE NAME\n"
    "       limber-remind-record --journal PATH answer AT ID ANSWER\n"
    "Writes a reminder's prompt or its answer in the journal, for\n"
    "limber-remind (docs/remind.md).\n";

static int
bad(const char *what, const char *value)
{
	char *shown = util_visible(value, NULL);

	fprintf(stderr, "limber-remind-record: %s, not '%s'\n%s", what, shown,
	    usage);
	free(shown);
	return 2;
}

static int
kind_of(const char *s)
{
	for (int k = 0; k < LIMBER_REMIND_KIND_COUNT; k++) {
		if (strcmp(s, limber_remind_kind_name(k)) == 0)
			return k;
	}
	return -1;
}

int
main(int argc, char **argv)
{
	struct limber_journal *j;
	enum limber_status rc;
	long at, v = 0;
	int64_t id = 0;
	char *cause = NULL;
	bool prompt;
	int kind = 0, answer = 0;

	i18n_use(i18n_lang_from_env());
	if (argc < 5 || strcmp(argv[1], "--journal") != 0) {
		fputs(usage, stderr);
		return 2;
	}
	prompt = strcmp(argv[3], "prompt") == 0;
	if (!prompt && strcmp(argv[3], "answer") != 0)
		return bad("the write is prompt or answer", argv[3]);
	if (argc != (prompt ? 8 : 7)) {
		fputs(usage, stderr);
		return 2;
	}
	if (!util_parse_int(argv[4], 0, LONG_MAX, &at))
		return bad("AT is UTC seconds", argv[4]);
	if (prompt) {
		if ((kind = kind_of(argv[5])) < 0)
			return bad("KIND is every, at or after-workout",
			    argv[5]);
		if (!util_parse_int(argv[6], 0, 1, &v))
			return bad("LATE is 0 or 1", argv[6]);
	} else {
		if (!util_parse_int(argv[5], 1, LONG_MAX, &v))
			return bad("ID is a prompt's number", argv[5]);
		if ((answer = limber_remind_answer_parse(argv[6])) < 0)
			return bad("ANSWER is started, snoozed or skipped",
			    argv[6]);
	}
	if (limber_journal_open(argv[2], LIMBER_JOURNAL_CREATE, &j, &cause) !=
	    LIMBER_OK) {
		fprintf(stderr, "limber-remind-record: %s\n",
		    cause != NULL ? cause : argv[2]);
		free(cause);
		return 1;
	}
	if (prompt)
		rc = limber_journal_add_prompt(j, (int64_t)at, argv[7],
		    (enum limber_remind_kind)kind, v != 0, &id, &cause);
	else
		rc = limber_journal_answer_prompt(j, (int64_t)v, (int64_t)at,
		    (enum limber_remind_answer)answer, &cause);
	limber_journal_close(j);
	if (rc != LIMBER_OK) {
		char *shown = util_visible(cause != NULL ? cause : "", NULL);

		fprintf(stderr, "limber-remind-record: %s\n", shown);
		free(shown);
		free(cause);
		return 1;
	}
	if (prompt)
		printf("%lld\n", (long long)id);
	return 0;
}
