/*
 * record.h - a guided session, written into the journal as it happens.
 *
 * Every front end that guides a session (the terminal coach, the web
 * server) records it the same way, and this is that way: the session and
 * the score before it when the person begins (READY), each completed step
 * as progress, each stretch finished, skipped or stopped in, each pain
 * score, and the end, done or stopped with a reason in words. The front
 * end drains the session's cues, shows them, then hands each to
 * limber_recorder_cue() in order; the recorder follows the cues and writes
 * one transaction at a time. docs/coach.md lists the records.
 *
 * As everywhere in the library, nothing here prints or reads the clock:
 * wall times (UTC seconds) come from the caller. A write that fails does
 * not stop the session. One the journal refused before writing anything
 * (another program held it, the disk was full) is kept, with its time,
 * and made again by the next write or limber_recorder_flush(), in order;
 * one that cannot succeed is given up. Either way the front end must not
 * say a cue's record is in the journal before it is
 * (limber_recorder_saved), and says why once the person is safe
 * (limber_recorder_error).
 */
#ifndef LIMBER_RECORD_H
#define LIMBER_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "limber/limber.h"

struct limber_recorder;

/*
 * A recorder for one session over plan, begun with pain_before (area:
 * where it hurts, for the pain entries), following the journal screening
 * screening (0: none), run by process pid. j may be NULL: then nothing is
 * recorded. cat is used at the end to move doses (journal.h). The journal,
 * catalog and plan must outlive the recorder. Never fails.
 */
struct limber_recorder *limber_recorder_new(struct limber_journal *j,
    const struct limber_catalog *cat, const struct limber_plan *plan,
    int pain_before, unsigned area, int64_t screening, int pid);
/* Accepts NULL. Records still waiting are dropped: flush first. */
void limber_recorder_free(struct limber_recorder *r);

/*
 * Deferred, the recorder only queues records; the front end writes them
 * with limber_recorder_flush() when it chooses, so that an input that
 * must be answered at once (a warning) never waits for the journal. Not
 * deferred (the default), each record is written as it is queued.
 */
void limber_recorder_defer(struct limber_recorder *r, bool deferred);

/*
 * Write the records waiting, oldest first, each in its own transaction.
 * Stops at the first the journal refused before writing anything
 * (limber_journal_may_retry: another program holds it, the disk is
 * full), which stays first in the queue: LIMBER_ERR_IO, and
 * limber_recorder_error() says why. A record that failed otherwise is
 * given up (limber_recorder_lost), and so is the rest of its session when
 * the session itself was. LIMBER_OK when nothing is left waiting.
 */
enum limber_status limber_recorder_flush(struct limber_recorder *r);

/* Records waiting to be written. */
size_t limber_recorder_pending(const struct limber_recorder *r);

/*
 * A pain cue's text while its score waits to be written: never "noted"
 * before it is in the journal (docs/reliability.md), the same words on the
 * terminal and the page, in the calling thread's language (the cue's).
 * Malloc'd; the caller frees it.
 */
char *limber_unsaved_pain_text(const char *text);

/*
 * Whether the journal refused the first record waiting, when it was last
 * tried; false while it is only queued (deferred, not tried yet).
 */
bool limber_recorder_refused(const struct limber_recorder *r);

/*
 * How many of the cues given (limber_recorder_cue, from the first) have
 * every record they make in the journal, or given up: cue N is saved when
 * N is below this. The session and its score before count with the cue
 * after READY.
 */
size_t limber_recorder_saved(const struct limber_recorder *r);

/* The person has begun (READY was taken): the session and its score before. */
void limber_recorder_begin(struct limber_recorder *r, int64_t at);

/*
 * One cue of s, drained with limber_session_cues(), in order. at is the
 * wall time now. The end (a DONE or STOPPED cue) reads s's result.
 */
void limber_recorder_cue(struct limber_recorder *r,
    const struct limber_session *s, const struct limber_cue *cue, int64_t at);

/*
 * Why the front end ended the session, for the reason of an interrupted
 * one ("interrupted: WHY"). Copied. Give it before the INTERRUPT input,
 * in English (not marked for translation): the journal keeps it as given.
 */
void limber_recorder_set_why(struct limber_recorder *r, const char *why);

/* The journal's id of the session; 0 before it begins or with no journal. */
int64_t limber_recorder_session(const struct limber_recorder *r);

/*
 * The reason a warning stop is journalled with ("warning: dizziness"), for
 * a front end that must record one late (limber_journal_late_warning).
 * Always English, as the journal keeps it. Malloc'd.
 */
char *limber_warning_reason(enum limber_warning w);

/*
 * A journalled reason ("user: you stopped the session", "pain-rise: pain
 * rose from 2 to 4 out of 10") as a person would say it ("You stopped
 * it.", "Stopped because pain rose from 2 to 4 out of 10."), in the
 * calling thread's language: the name before the colon is for programs.
 * A reason of no known form is given as it is. Malloc'd.
 */
char *limber_stop_reason_words(const char *reason);

/*
 * Why not everything is in the journal, as a message: why the first
 * record waiting is, else the first given up; NULL when all went in.
 */
const char *limber_recorder_error(const struct limber_recorder *r);

/* The first record given up, as a message; NULL when none was. */
const char *limber_recorder_lost(const struct limber_recorder *r);

#endif /* LIMBER_RECORD_H */
