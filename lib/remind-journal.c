/*
 * remind-journal.c - the journal's side of the reminders (docs/remind.md,
 * "In the journal"): each prompt shown and its answer, kept in the
 * journal (schema 3) through journal-db.h, and the adherence read from
 * them, as remind.h declares.
 *
 * Apart from lib/remind.c so that the reminder daemon, which links the
 * scheduler, maps no SQLite: it writes prompts through
 * limber-remind-record (cli/remind-record.c), a short-lived process.
 */
#include <stdint.h>

#include <sqlite3.h>

#include "i18n.h"
#include "journal-db.h"
#include "limber/journal.h"
#include "limber/remind.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* Reminders (docs/remind.md): prompts, answers and adherence.         */

enum limber_status
limber_journal_add_prompt(struct limber_journal *j, int64_t at,
    const char *schedule, enum limber_remind_kind kind, bool late, int64_t *id,
    char **cause)
{
	int rc;

	if (schedule == NULL || schedule[0] == '\0' ||
	    strlen(schedule) > LIMBER_REMIND_NAME_MAX ||
	    (unsigned)kind >= LIMBER_REMIND_KIND_COUNT)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("a prompt needs a "
		      "schedule's name (1 to %d characters) and kind"),
		    LIMBER_REMIND_NAME_MAX);
	if ((rc = db_begin(j)) == SQLITE_OK)
		rc = db_run(j, id,
		    "INSERT INTO reminder (at, schedule, kind, "
		    "late) VALUES (?, ?, ?, ?)",
		    "Issi", at, schedule, limber_remind_kind_name(kind),
		    late ? 1 : 0);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

enum limber_status
limber_journal_answer_prompt(struct limber_journal *j, int64_t id, int64_t at,
    enum limber_remind_answer answer, char **cause)
{
	int64_t open = 0;
	bool found = false;
	int rc;

	if (answer <= LIMBER_ANSWER_NONE || answer >= LIMBER_ANSWER_COUNT)
		return journal_fail(cause, LIMBER_ERR_INVALID,
		    _("an answer must be started, snoozed or skipped"));
	if ((rc = db_begin(j)) != SQLITE_OK)
		return db_fail(j, rc, cause);
	rc = db_int(j, &open, &found,
	    "SELECT answer IS NULL FROM reminder "
	    "WHERE id = ?",
	    "I", id);
	if (rc == SQLITE_OK && (!found || !open)) {
		db_rollback(j);
		if (found)
			return journal_fail(cause, LIMBER_ERR_INVALID,
			    _("%s: prompt %lld is already answered"), j->path,
			    (long long)id);
		return journal_fail(cause, LIMBER_ERR_NOT_FOUND,
		    _("%s: prompt %lld is not in the journal"), j->path,
		    (long long)id);
	}
	if (rc == SQLITE_OK)
		rc = db_run(j, NULL,
		    "UPDATE reminder SET answer = ?, answered "
		    "= ? WHERE id = ?",
		    "sII", limber_remind_answer_name(answer), at, id);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	return rc == SQLITE_OK ? LIMBER_OK : db_fail(j, rc, cause);
}

enum limber_status
limber_journal_adherence(struct limber_journal *j, int64_t since, int64_t until,
    struct limber_adherence *out, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	rc = db_prepare(j, &st,
	    "SELECT count(*), "
	    "coalesce(sum(answer = 'started'), 0), "
	    "coalesce(sum(answer = 'snoozed'), 0), "
	    "coalesce(sum(answer = 'skipped'), 0), "
	    "coalesce(sum(answer IS NULL), 0), coalesce(sum(late), 0) "
	    "FROM reminder WHERE at >= ? AND at < ?",
	    "II", since, until);
	if (rc == SQLITE_OK && (rc = db_step(j, st)) == SQLITE_ROW) {
		out->shown = sqlite3_column_int(st, 0);
		out->started = sqlite3_column_int(st, 1);
		out->snoozed = sqlite3_column_int(st, 2);
		out->skipped = sqlite3_column_int(st, 3);
		out->unanswered = sqlite3_column_int(st, 4);
		out->late = sqlite3_column_int(st, 5);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK) {
		memset(out, 0, sizeof *out);
		return db_fail(j, rc, cause);
	}
	return LIMBER_OK;
}

json_t *
limber_adherence_to_json(const struct limber_adherence *a)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "shown", a->shown,
	    "started", a->started, "snoozed", a->snoozed, "skipped", a->skipped,
	    "unanswered", a->unanswered, "late", a->late);
}
