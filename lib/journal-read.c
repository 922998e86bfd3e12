/*
 * journal-read.c - the journal read back: every record since a time, with
 * all a session holds, for the history, the statistics and the exports;
 * or the history a page at a time (include/limber/journal-read.h).
 *
 * What it gives is plain data the caller owns, so that the exports
 * (export.c) and the statistics (stats.c) work on it without the file.
 * Each read is one read transaction: in WAL mode it sees the last commit
 * whole and keeps no writer waiting.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "internal.h"
#include "journal-db.h"
#include "limber/limber.h"
#include "limber/remind.h"
#include "util.h"

static void
read_pain(sqlite3_stmt *st, int first, struct limber_journal_pain *p)
{
	char *s;

	p->at = sqlite3_column_int64(st, first);
	p->value = sqlite3_column_int(st, first + 1);
	s = db_text(st, first + 2);
	p->area = journal_area_parse(s);
	free(s);
	s = db_text(st, first + 3);
	p->kind = (enum limber_score_kind)limber_score_kind_parse(s);
	free(s);
	p->note = db_text(st, first + 4);
}

static int
load_screenings(struct limber_journal *j, int64_t since,
    struct limber_journal_data *d)
{
	sqlite3_stmt *st = NULL, *ys = NULL;
	int rc;

	rc = db_prepare(j, &st,
	    "SELECT id, at, pain, area, verdict FROM "
	    "screening WHERE at >= ? ORDER BY at, id",
	    "I", since);
	if (rc != SQLITE_OK)
		return rc;
	rc = db_prepare(j, &ys,
	    "SELECT question FROM screening_yes WHERE "
	    "screening = ? ORDER BY pos",
	    "");
	while (db_next_row(j, st, &rc)) {
		struct limber_journal_screening *s;
		char *t;
		int level;

		GROW(d->screenings, d->nscreenings);
		s = &d->screenings[d->nscreenings++];
		memset(s, 0, sizeof *s);
		s->id = sqlite3_column_int64(st, 0);
		s->at = sqlite3_column_int64(st, 1);
		s->pain = sqlite3_column_int(st, 2);
		t = db_text(st, 3);
		s->area = journal_area_parse(t);
		free(t);
		t = db_text(st, 4);
		level = journal_level_parse(t);
		s->verdict = level >= 0 ?
		    (enum limber_level)level :
		    LIMBER_LEVEL_EMERGENCY;
		free(t);
		sqlite3_reset(ys);
		sqlite3_bind_int64(ys, 1, s->id);
		while ((rc = db_step(j, ys)) == SQLITE_ROW) {
			GROW(s->yes, s->nyes);
			s->yes[s->nyes++] = db_text(ys, 0);
		}
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	sqlite3_finalize(ys);
	return rc;
}

static int64_t
screening_index(const struct limber_journal_data *d, int64_t id)
{
	for (size_t i = 0; i < d->nscreenings; i++) {
		if (d->screenings[i].id == id)
			return (int64_t)i;
	}
	return -1;
}

static int
load_session_parts(struct limber_journal *j, struct limber_journal_session *s)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = db_prepare(j, &st,
	    "SELECT at, stretch, variant, reps, sides, "
	    "skipped FROM stretch WHERE session = ? ORDER BY at, id",
	    "I", s->id);
	while (db_next_row(j, st, &rc)) {
		struct limber_journal_stretch *x;

		GROW(s->stretches, s->nstretches);
		x = &s->stretches[s->nstretches++];
		x->at = sqlite3_column_int64(st, 0);
		x->stretch = db_text(st, 1);
		x->variant = db_text(st, 2);
		x->reps = sqlite3_column_int(st, 3);
		x->sides = sqlite3_column_int(st, 4);
		x->skipped = sqlite3_column_int(st, 5) != 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	rc = db_prepare(j, &st,
	    "SELECT at, value, area, kind, note FROM pain "
	    "WHERE session = ? ORDER BY at, id",
	    "I", s->id);
	while (db_next_row(j, st, &rc)) {
		GROW(s->pain, s->npain);
		read_pain(st, 0, &s->pain[s->npain++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	rc = db_prepare(j, &st,
	    "SELECT at, text FROM note WHERE session = ? "
	    "ORDER BY at, id",
	    "I", s->id);
	while (db_next_row(j, st, &rc)) {
		GROW(s->notes, s->nnotes);
		s->notes[s->nnotes].at = sqlite3_column_int64(st, 0);
		s->notes[s->nnotes++].text = db_text(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* A session's row, as SESSION_COLUMNS give it, with its parts, into d. */
#define SESSION_COLUMNS \
	FACTS_COLUMNS ", s.screening, s.plan, s.reason, s.last_step FROM " \
		      "session s "

static int
session_row(struct limber_journal *j, sqlite3_stmt *st,
    struct limber_journal_data *d)
{
	struct limber_journal_session *s;
	struct session_facts f;

	journal_read_facts(st, &f);
	GROW(d->sessions, d->nsessions);
	s = &d->sessions[d->nsessions++];
	memset(s, 0, sizeof *s);
	s->id = f.id;
	s->started = f.started;
	s->ended = f.ended;
	s->state = f.state;
	s->next_day = f.next_day;
	s->before = f.before;
	s->after = f.after;
	s->effect = journal_facts_effect(&f);
	s->screening = sqlite3_column_type(st, 9) != SQLITE_NULL ?
	    screening_index(d, sqlite3_column_int64(st, 9)) :
	    -1;
	s->plan = db_text(st, 10);
	s->reason = db_text(st, 11);
	s->last_step = sqlite3_column_int(st, 12);
	return load_session_parts(j, s);
}

static int
load_sessions(struct limber_journal *j, int64_t since,
    struct limber_journal_data *d)
{
	sqlite3_stmt *st = NULL;
	const char *sql;
	int rc;

	sql = SESSION_COLUMNS "WHERE s.started >= ? ORDER BY s.started, s.id";
	rc = db_prepare(j, &st, sql, "I", since);
	while (db_next_row(j, st, &rc))
		rc = session_row(j, st, d);
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	return rc;
}

static int
load_loose(struct limber_journal *j, int64_t since,
    struct limber_journal_data *d)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = db_prepare(j, &st,
	    "SELECT at, value, area, kind, note FROM pain "
	    "WHERE session IS NULL AND at >= ? ORDER BY at, id",
	    "I", since);
	while (db_next_row(j, st, &rc)) {
		GROW(d->pain, d->npain);
		read_pain(st, 0, &d->pain[d->npain++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	rc = db_prepare(j, &st,
	    "SELECT at, text FROM note WHERE session IS "
	    "NULL AND at >= ? ORDER BY at, id",
	    "I", since);
	while (db_next_row(j, st, &rc)) {
		GROW(d->notes, d->nnotes);
		d->notes[d->nnotes].at = sqlite3_column_int64(st, 0);
		d->notes[d->nnotes++].text = db_text(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	rc = db_prepare(j, &st,
	    "SELECT at, note FROM clearance WHERE at >= ? "
	    "ORDER BY at, id",
	    "I", since);
	while (db_next_row(j, st, &rc)) {
		GROW(d->clearances, d->nclearances);
		d->clearances[d->nclearances].at = sqlite3_column_int64(st, 0);
		d->clearances[d->nclearances++].note = db_text(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	rc = db_prepare(j, &st,
	    "SELECT at, schedule, kind, late, answer, "
	    "answered FROM reminder WHERE at >= ? ORDER BY at, id",
	    "I", since);
	while (db_next_row(j, st, &rc)) {
		struct limber_journal_prompt *p;
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		const char *answer = (const char *)sqlite3_column_text(st, 4);

		GROW(d->prompts, d->nprompts);
		p = &d->prompts[d->nprompts++];
		p->at = sqlite3_column_int64(st, 0);
		p->schedule = db_text(st, 1);
		p->kind = kind != NULL ? journal_remind_kind_parse(kind) : -1;
		p->late = sqlite3_column_int(st, 3) != 0;
		p->answer = answer != NULL ?
		    limber_remind_answer_parse(answer) :
		    LIMBER_ANSWER_NONE;
		p->answered = sqlite3_column_int64(st, 5);
		/* The schema's checks keep both in range; be sure anyway. */
		if (p->kind < 0)
			p->kind = LIMBER_REMIND_EVERY;
		if (p->answer < 0)
			p->answer = LIMBER_ANSWER_NONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	rc = db_prepare(j, &st,
	    "SELECT stretch, reps, streak FROM dose ORDER "
	    "BY stretch",
	    "");
	while (db_next_row(j, st, &rc)) {
		GROW(d->doses, d->ndoses);
		d->doses[d->ndoses].stretch = db_text(st, 0);
		d->doses[d->ndoses].reps = sqlite3_column_int(st, 1);
		d->doses[d->ndoses++].streak = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The outcome measures' askings (schema 4), answered or skipped. */
static int
load_measures(struct limber_journal *j, int64_t since,
    struct limber_journal_data *d)
{
	sqlite3_stmt *st = NULL, *sc = NULL;
	int rc;

	rc = db_prepare(j, &st,
	    "SELECT at, pain, enjoyment, activity FROM peg "
	    "WHERE at >= ? ORDER BY at, id",
	    "I", since);
	while (db_next_row(j, st, &rc)) {
		struct limber_journal_peg *p;

		GROW(d->pegs, d->npegs);
		p = &d->pegs[d->npegs++];
		p->at = sqlite3_column_int64(st, 0);
		/* The schema has all three null or none. */
		p->skipped = sqlite3_column_type(st, 1) == SQLITE_NULL;
		p->pain = p->skipped ? -1 : sqlite3_column_int(st, 1);
		p->enjoyment = p->skipped ? -1 : sqlite3_column_int(st, 2);
		p->activity = p->skipped ? -1 : sqlite3_column_int(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;

	rc = db_prepare(j, &st,
	    "SELECT id, at FROM psfs WHERE at >= ? ORDER BY at, id", "I",
	    since);
	if (rc == SQLITE_OK)
		rc = db_prepare(j, &sc,
		    "SELECT activity, score FROM psfs_score "
		    "WHERE psfs = ? ORDER BY position",
		    "");
	while (db_next_row(j, st, &rc)) {
		struct limber_journal_psfs *p;

		GROW(d->psfs, d->npsfs);
		p = &d->psfs[d->npsfs++];
		memset(p, 0, sizeof *p);
		p->at = sqlite3_column_int64(st, 1);
		sqlite3_reset(sc);
		sqlite3_bind_int64(sc, 1, sqlite3_column_int64(st, 0));
		while ((rc = db_step(j, sc)) == SQLITE_ROW) {
			/* The schema keeps positions 0..2: at most three. */
			if (p->n == LIMBER_PSFS_MAX)
				continue;
			p->activity[p->n] = db_text(sc, 0);
			p->score[p->n++] = sqlite3_column_int(sc, 1);
		}
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(sc);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

enum limber_status
limber_journal_load(struct limber_journal *j, int64_t since,
    struct limber_journal_data **out, char **cause)
{
	struct limber_journal_data *d = xcalloc(1, sizeof *d);
	int rc;

	*out = NULL;
	/* One read transaction, so the parts agree with each other. */
	rc = db_run(j, NULL, "BEGIN", "");
	if (rc == SQLITE_OK)
		rc = load_screenings(j, since, d);
	if (rc == SQLITE_OK)
		rc = load_sessions(j, since, d);
	if (rc == SQLITE_OK)
		rc = load_loose(j, since, d);
	if (rc == SQLITE_OK)
		rc = load_measures(j, since, d);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	if (rc != SQLITE_OK) {
		limber_journal_data_free(d);
		return db_fail(j, rc, cause);
	}
	*out = d;
	return LIMBER_OK;
}

/* One item of a page of the history, newest first by (at, kind, id). */
struct page_item {
	struct limber_history_cursor key;
	/* A score's. */
	struct limber_journal_pain pain;
};

static int
page_cmp(const struct limber_history_cursor *a,
    const struct limber_history_cursor *b)
{
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/*
 * Up to n of kind's items before b, newest first, into *items. The
 * sessions' parts are read later, for those kept.
 */
static int
page_read(struct limber_journal *j, int kind, int64_t since,
    const struct limber_history_cursor *b, size_t n, struct page_item **items,
    size_t *nitems)
{
	sqlite3_stmt *st = NULL;
	const char *sql;
	int64_t id;
	int rc;

	/* (at, kind, id) < b: at the same time, by kind, then by id. */
	if (b->kind > kind)
		id = INT64_MAX;
	else if (b->kind == kind)
		id = b->id;
	else
		id = INT64_MIN;
	/* Scores by time (pain_at, +session), not every one sorted. */
	sql = kind == LIMBER_HISTORY_SESSION ?
	    "SELECT id, started FROM session WHERE started >= ?1 AND "
	    "(started < ?2 OR (started = ?2 AND id < ?3)) ORDER BY started "
	    "DESC, id DESC LIMIT ?4" :
	    "SELECT id, at, value, area, kind, note FROM pain WHERE +session "
	    "IS NULL AND at >= ?1 AND (at < ?2 OR (at = ?2 AND id < ?3)) "
	    "ORDER BY at DESC, id DESC LIMIT ?4";
	rc = db_prepare(j, &st, sql, "IIII", since, b->at, id, (int64_t)n);
	while (db_next_row(j, st, &rc)) {
		struct page_item *it;

		GROW(*items, *nitems);
		it = &(*items)[(*nitems)++];
		memset(it, 0, sizeof *it);
		it->key.id = sqlite3_column_int64(st, 0);
		it->key.at = sqlite3_column_int64(st, 1);
		it->key.kind = kind;
		if (kind == LIMBER_HISTORY_SCORE)
			read_pain(st, 1, &it->pain);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
page_item_newest_first(const void *a, const void *b)
{
	return page_cmp(&((const struct page_item *)b)->key,
	    &((const struct page_item *)a)->key);
}

enum limber_status
limber_journal_load_page(struct limber_journal *j, int64_t since,
    const struct limber_history_cursor *before, size_t limit,
    struct limber_journal_data **out, struct limber_history_cursor *next,
    bool *more, char **cause)
{
	struct limber_history_cursor from = { INT64_MAX, LIMBER_HISTORY_KINDS,
		0 };
	struct limber_journal_data *d = xcalloc(1, sizeof *d);
	struct page_item *items = NULL;
	sqlite3_stmt *st = NULL;
	size_t n = 0, keep;
	int rc;

	*out = NULL;
	*more = false;
	if (before != NULL)
		from = *before;
	/* One read transaction, so the parts agree with each other. */
	rc = db_run(j, NULL, "BEGIN", "");
	/* One more than asked of each: whether older ones remain. */
	if (rc == SQLITE_OK)
		rc = page_read(j, LIMBER_HISTORY_SESSION, since, &from,
		    limit + 1, &items, &n);
	if (rc == SQLITE_OK)
		rc = page_read(j, LIMBER_HISTORY_SCORE, since, &from, limit + 1,
		    &items, &n);
	if (n > 0)
		qsort(items, n, sizeof *items, page_item_newest_first);
	keep = n < limit ? n : limit;
	*more = n > limit;
	if (keep > 0)
		*next = items[keep - 1].key;
	/* Oldest first, as limber_journal_load gives them. */
	if (rc == SQLITE_OK)
		rc = db_prepare(j, &st, SESSION_COLUMNS "WHERE s.id = ?", "");
	for (size_t i = keep; rc == SQLITE_OK && i-- > 0;) {
		if (items[i].key.kind == LIMBER_HISTORY_SCORE) {
			GROW(d->pain, d->npain);
			d->pain[d->npain++] = items[i].pain;
			items[i].pain.note = NULL;
			continue;
		}
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, items[i].key.id);
		if ((rc = db_step(j, st)) == SQLITE_ROW)
			rc = session_row(j, st, d);
		else if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < n; i++)
		free(items[i].pain.note);
	free(items);
	if (rc == SQLITE_OK)
		rc = db_commit(j);
	if (rc != SQLITE_OK) {
		limber_journal_data_free(d);
		return db_fail(j, rc, cause);
	}
	*out = d;
	return LIMBER_OK;
}

static void
pain_free(struct limber_journal_pain *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].note);
	free(p);
}

static void
notes_free(struct limber_journal_note *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].text);
	free(p);
}

static void
session_release(struct limber_journal_session *s)
{
	free(s->plan);
	free(s->reason);
	for (size_t k = 0; k < s->nstretches; k++) {
		free(s->stretches[k].stretch);
		free(s->stretches[k].variant);
	}
	free(s->stretches);
	pain_free(s->pain, s->npain);
	notes_free(s->notes, s->nnotes);
}

void
limber_journal_data_free(struct limber_journal_data *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->nscreenings; i++) {
		for (size_t k = 0; k < d->screenings[i].nyes; k++)
			free(d->screenings[i].yes[k]);
		free(d->screenings[i].yes);
	}
	free(d->screenings);
	for (size_t i = 0; i < d->nsessions; i++)
		session_release(&d->sessions[i]);
	free(d->sessions);
	pain_free(d->pain, d->npain);
	notes_free(d->notes, d->nnotes);
	for (size_t i = 0; i < d->nclearances; i++)
		free(d->clearances[i].note);
	free(d->clearances);
	for (size_t i = 0; i < d->ndoses; i++)
		free(d->doses[i].stretch);
	free(d->doses);
	for (size_t i = 0; i < d->nprompts; i++)
		free(d->prompts[i].schedule);
	free(d->prompts);
	free(d->pegs);
	for (size_t i = 0; i < d->npsfs; i++) {
		for (size_t k = 0; k < d->psfs[i].n; k++)
			free(d->psfs[i].activity[k]);
	}
	free(d->psfs);
	free(d);
}

bool
limber_journal_data_empty(const struct limber_journal_data *d)
{
	return d->nscreenings == 0 && d->nsessions == 0 && d->npain == 0 &&
	    d->nnotes == 0 && d->nclearances == 0 && d->ndoses == 0 &&
	    d->nprompts == 0 && d->npegs == 0 && d->npsfs == 0;
}
