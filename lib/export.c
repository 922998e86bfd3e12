/*
 * export.c - the journal's data as JSON and CSV (include/limber/export.h,
 * docs/journal.md, "Export").
 *
 * Everything here is a function of data already read (journal-read.c):
 * it never touches SQLite, so the format can be tested on data built by
 * hand, and the import (import.c) reads back what it writes.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "limber/limber.h"
#include "limber/remind.h"
#include "strbuf.h"
#include "util.h"

static json_t *
time_json(int64_t t, bool local)
{
	char buf[40];

	return json_string(limber_time_iso(t, local, buf, sizeof buf));
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
pain_json(const struct limber_journal_pain *p, bool local)
{
	json_t *o = json_object();

	json_object_set_new(o, "at", time_json(p->at, local));
	json_object_set_new(o, "kind",
	    json_string(limber_score_kind_name(p->kind)));
	json_object_set_new(o, "value", json_integer(p->value));
	json_object_set_new(o, "area", str_or_null(journal_area_name(p->area)));
	json_object_set_new(o, "note", str_or_null(p->note));
	return o;
}

static json_t *
note_json(const struct limber_journal_note *n, bool local)
{
	/* s?: a text the journal lost (it never should) is null, not a dropped record. */
	return json_pack("{s:o, s:s?}", "at", time_json(n->at, local), "text",
	    n->text);
}

static json_t *
session_json(const struct limber_journal_session *s, bool local)
{
	json_t *o = json_object(), *a, *plan;

	json_object_set_new(o, "started", time_json(s->started, local));
	json_object_set_new(o, "ended",
	    s->state == LIMBER_RECORD_RUNNING ?
		json_null() :
		time_json(s->ended, local));
	json_object_set_new(o, "state",
	    json_string(limber_record_state_name(s->state)));
	json_object_set_new(o, "reason", str_or_null(s->reason));
	json_object_set_new(o, "last_step", json_integer(s->last_step));
	json_object_set_new(o, "next_day",
	    str_or_null(limber_next_day_name(s->next_day)));
	json_object_set_new(o, "screening",
	    s->screening >= 0 ? json_integer(s->screening) : json_null());
	plan = s->plan != NULL ? json_loads(s->plan, 0, NULL) : NULL;
	json_object_set_new(o, "plan", plan != NULL ? plan : json_object());
	a = json_array();
	for (size_t i = 0; i < s->nstretches; i++) {
		const struct limber_journal_stretch *x = &s->stretches[i];

		json_array_append_new(a,
		    json_pack("{s:o, s:s?, s:o, s:i, s:i, s:b}", "at",
			time_json(x->at, local), "stretch", x->stretch,
			"variant", str_or_null(x->variant), "reps", x->reps,
			"sides", x->sides, "skipped", x->skipped));
	}
	json_object_set_new(o, "stretches", a);
	a = json_array();
	for (size_t i = 0; i < s->npain; i++)
		json_array_append_new(a, pain_json(&s->pain[i], local));
	json_object_set_new(o, "pain", a);
	a = json_array();
	for (size_t i = 0; i < s->nnotes; i++)
		json_array_append_new(a, note_json(&s->notes[i], local));
	json_object_set_new(o, "notes", a);
	return o;
}

/* A PEG asking: its three answers, or that it was skipped. */
static json_t *
peg_json(const struct limber_journal_peg *p, bool local)
{
	if (p->skipped)
		return json_pack("{s:o, s:b}", "at", time_json(p->at, local),
		    "skipped", true);
	return json_pack("{s:o, s:i, s:i, s:i}", "at", time_json(p->at, local),
	    "pain", p->pain, "enjoyment", p->enjoyment, "activity",
	    p->activity);
}

/* A PSFS asking: its activities and their scores, or that it was skipped. */
static json_t *
psfs_json(const struct limber_journal_psfs *p, bool local)
{
	json_t *a;

	if (p->n == 0)
		return json_pack("{s:o, s:b}", "at", time_json(p->at, local),
		    "skipped", true);
	a = json_array();
	for (size_t k = 0; k < p->n; k++)
		json_array_append_new(a,
		    json_pack("{s:s?, s:i}", "activity", p->activity[k],
			"score", p->score[k]));
	return json_pack("{s:o, s:o}", "at", time_json(p->at, local),
	    "activities", a);
}

json_t *
limber_journal_data_to_json(const struct limber_journal_data *d, bool local)
{
	json_t *o = json_object(), *a;

	json_object_set_new(o, "limber_journal",
	    json_integer(LIMBER_EXPORT_VERSION));
	a = json_array();
	for (size_t i = 0; i < d->nscreenings; i++) {
		const struct limber_journal_screening *s = &d->screenings[i];
		json_t *yes = json_array();

		for (size_t k = 0; k < s->nyes; k++)
			json_array_append_new(yes, json_string(s->yes[k]));
		json_array_append_new(a,
		    json_pack("{s:o, s:i, s:s, s:o, s:s}", "at",
			time_json(s->at, local), "pain", s->pain, "area",
			journal_area_name(s->area) != NULL ?
			    journal_area_name(s->area) :
			    "both",
			"yes", yes, "verdict", limber_level_name(s->verdict)));
	}
	json_object_set_new(o, "screenings", a);
	a = json_array();
	for (size_t i = 0; i < d->nsessions; i++)
		json_array_append_new(a, session_json(&d->sessions[i], local));
	json_object_set_new(o, "sessions", a);
	a = json_array();
	for (size_t i = 0; i < d->npain; i++)
		json_array_append_new(a, pain_json(&d->pain[i], local));
	json_object_set_new(o, "pain", a);
	a = json_array();
	for (size_t i = 0; i < d->nnotes; i++)
		json_array_append_new(a, note_json(&d->notes[i], local));
	json_object_set_new(o, "notes", a);
	a = json_array();
	for (size_t i = 0; i < d->nclearances; i++)
		json_array_append_new(a,
		    json_pack("{s:o, s:o}", "at",
			time_json(d->clearances[i].at, local), "note",
			str_or_null(d->clearances[i].note)));
	json_object_set_new(o, "clearances", a);
	a = json_array();
	for (size_t i = 0; i < d->ndoses; i++)
		json_array_append_new(a,
		    json_pack("{s:s?, s:i, s:i}", "stretch",
			d->doses[i].stretch, "reps", d->doses[i].reps, "streak",
			d->doses[i].streak));
	json_object_set_new(o, "doses", a);
	a = json_array();
	for (size_t i = 0; i < d->nprompts; i++) {
		const struct limber_journal_prompt *p = &d->prompts[i];
		const char *answer = limber_remind_answer_name(
		    (enum limber_remind_answer)p->answer);
		const char *kind =
		    limber_remind_kind_name((enum limber_remind_kind)p->kind);
		json_t *answered = answer != NULL ?
		    time_json(p->answered, local) :
		    json_null();

		json_array_append_new(a,
		    json_pack("{s:o, s:s?, s:s, s:b, s:o, s:o}", "at",
			time_json(p->at, local), "schedule", p->schedule,
			"kind", kind, "late", p->late, "answer",
			str_or_null(answer), "answered", answered));
	}
	json_object_set_new(o, "reminders", a);
	a = json_array();
	for (size_t i = 0; i < d->npegs; i++)
		json_array_append_new(a, peg_json(&d->pegs[i], local));
	json_object_set_new(o, "peg", a);
	a = json_array();
	for (size_t i = 0; i < d->npsfs; i++)
		json_array_append_new(a, psfs_json(&d->psfs[i], local));
	json_object_set_new(o, "psfs", a);
	return o;
}

/*
 * The most a CSV export may hold: far past any journal kept by hand (a
 * million records, import's most, make some hundreds of megabytes), but a
 * bound all the same.
 */
#define CSV_MAX ((size_t)1 << 30)

/* One CSV field, quoted when it must be (RFC 4180). */
static void
csv_field(struct strbuf *b, const char *s, bool first)
{
	if (!first)
		strbuf_add(b, ",", 1);
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		strbuf_puts(b, s);
		return;
	}
	strbuf_add(b, "\"", 1);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			strbuf_add(b, "\"", 1);
		strbuf_add(b, s, 1);
	}
	strbuf_add(b, "\"", 1);
}

enum csv_col {
	CSV_RECORD,
	CSV_TIME,
	CSV_SESSION,
	CSV_PAIN,
	CSV_AREA,
	CSV_KIND,
	CSV_VERDICT,
	CSV_ANSWERS,
	CSV_STATE,
	CSV_REASON,
	CSV_LAST_STEP,
	CSV_NEXT_DAY,
	CSV_STRETCH,
	CSV_VARIANT,
	CSV_REPS,
	CSV_SIDES,
	CSV_SKIPPED,
	CSV_NOTE,
	/* Format 3: the outcome measures. */
	CSV_ENJOYMENT,
	CSV_GENERAL_ACTIVITY,
	CSV_ACTIVITY,
	CSV_SCORE,
	CSV_COUNT,
};

static const char *const csv_names[CSV_COUNT] = {
	"record",
	"time",
	"session",
	"pain",
	"area",
	"kind",
	"verdict",
	"answers",
	"state",
	"reason",
	"last_step",
	"next_day",
	"stretch",
	"variant",
	"reps",
	"sides",
	"skipped",
	"note",
	"enjoyment",
	"general_activity",
	"activity",
	"score",
};

struct csv_row {
	char *f[CSV_COUNT];
};

static void
csv_set(struct csv_row *r, enum csv_col c, const char *s)
{
	free(r->f[c]);
	r->f[c] = s != NULL ? xstrdup(s) : NULL;
}

/*
 * A cell of free text (a note, a reason, a name from an import): one that
 * starts with =, +, -, @, a tab or a CR is a formula to a spreadsheet,
 * which could run it or reach the network when the file is opened, so it
 * gets a ' in front, as OWASP advises ("CSV injection"). Numbers and the
 * journal's own words go through csv_set and csv_setf, whole: -1 stays a
 * number.
 */
static void
csv_set_text(struct csv_row *r, enum csv_col c, const char *s)
{
	free(r->f[c]);
	r->f[c] = NULL;
	if (s == NULL)
		return;
	if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		r->f[c] = xasprintf("'%s", s);
	else
		r->f[c] = xstrdup(s);
}

static void csv_setf(struct csv_row *r, enum csv_col c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
csv_setf(struct csv_row *r, enum csv_col c, const char *fmt, ...)
{
	va_list ap;

	free(r->f[c]);
	va_start(ap, fmt);
	r->f[c] = xvasprintf(fmt, ap);
	va_end(ap);
}

static void
csv_emit(struct strbuf *b, struct csv_row *r)
{
	for (int i = 0; i < CSV_COUNT; i++) {
		csv_field(b, r->f[i], i == 0);
		free(r->f[i]);
		r->f[i] = NULL;
	}
	strbuf_add(b, "\r\n", 2);
}

static void
csv_time(struct csv_row *r, int64_t t, bool local)
{
	char buf[40];

	csv_set(r, CSV_TIME, limber_time_iso(t, local, buf, sizeof buf));
}

static void
csv_pain(struct strbuf *b, const struct limber_journal_pain *p, size_t session,
    bool local)
{
	struct csv_row r = { { NULL } };

	csv_set(&r, CSV_RECORD, "pain");
	csv_time(&r, p->at, local);
	if (session > 0)
		csv_setf(&r, CSV_SESSION, "%zu", session);
	csv_setf(&r, CSV_PAIN, "%d", p->value);
	csv_set(&r, CSV_AREA, journal_area_name(p->area));
	csv_set(&r, CSV_KIND, limber_score_kind_name(p->kind));
	csv_set_text(&r, CSV_NOTE, p->note);
	csv_emit(b, &r);
}

static void
csv_note(struct strbuf *b, const struct limber_journal_note *n, size_t session,
    bool local)
{
	struct csv_row r = { { NULL } };

	csv_set(&r, CSV_RECORD, "note");
	csv_time(&r, n->at, local);
	if (session > 0)
		csv_setf(&r, CSV_SESSION, "%zu", session);
	csv_set_text(&r, CSV_NOTE, n->text);
	csv_emit(b, &r);
}

static void
csv_session(struct strbuf *b, const struct limber_journal_session *s,
    size_t number, bool local)
{
	struct csv_row r = { { NULL } };

	csv_set(&r, CSV_RECORD, "session");
	csv_time(&r, s->started, local);
	csv_setf(&r, CSV_SESSION, "%zu", number);
	csv_set(&r, CSV_STATE, limber_record_state_name(s->state));
	csv_set_text(&r, CSV_REASON, s->reason);
	csv_setf(&r, CSV_LAST_STEP, "%d", s->last_step);
	csv_set(&r, CSV_NEXT_DAY, limber_next_day_name(s->next_day));
	csv_emit(b, &r);
	for (size_t i = 0; i < s->nstretches; i++) {
		const struct limber_journal_stretch *x = &s->stretches[i];

		csv_set(&r, CSV_RECORD, "stretch");
		csv_time(&r, x->at, local);
		csv_setf(&r, CSV_SESSION, "%zu", number);
		csv_set_text(&r, CSV_STRETCH, x->stretch);
		csv_set_text(&r, CSV_VARIANT, x->variant);
		csv_setf(&r, CSV_REPS, "%d", x->reps);
		csv_setf(&r, CSV_SIDES, "%d", x->sides);
		csv_set(&r, CSV_SKIPPED, x->skipped ? "yes" : "no");
		csv_emit(b, &r);
	}
	for (size_t i = 0; i < s->npain; i++)
		csv_pain(b, &s->pain[i], number, local);
	for (size_t i = 0; i < s->nnotes; i++)
		csv_note(b, &s->notes[i], number, local);
	if (s->state != LIMBER_RECORD_RUNNING) {
		csv_set(&r, CSV_RECORD, "session-end");
		csv_time(&r, s->ended, local);
		csv_setf(&r, CSV_SESSION, "%zu", number);
		csv_set(&r, CSV_STATE, limber_record_state_name(s->state));
		csv_emit(b, &r);
	}
}

/*
 * A PEG asking: its pain in "pain", the other two answers in their own
 * columns; a skipped one says so in "skipped".
 */
static void
csv_peg(struct strbuf *b, const struct limber_journal_peg *p, bool local)
{
	struct csv_row r = { { NULL } };

	csv_set(&r, CSV_RECORD, "peg");
	csv_time(&r, p->at, local);
	if (!p->skipped) {
		csv_setf(&r, CSV_PAIN, "%d", p->pain);
		csv_setf(&r, CSV_ENJOYMENT, "%d", p->enjoyment);
		csv_setf(&r, CSV_GENERAL_ACTIVITY, "%d", p->activity);
	}
	csv_set(&r, CSV_SKIPPED, p->skipped ? "yes" : "no");
	csv_emit(b, &r);
}

/*
 * A PSFS asking: a row per activity, in the order named, all at the
 * asking's time; a skipped asking is one row that says so.
 */
static void
csv_psfs(struct strbuf *b, const struct limber_journal_psfs *p, bool local)
{
	struct csv_row r = { { NULL } };

	for (size_t k = 0; k < p->n || (k == 0 && p->n == 0); k++) {
		csv_set(&r, CSV_RECORD, "psfs");
		csv_time(&r, p->at, local);
		if (p->n > 0) {
			csv_set_text(&r, CSV_ACTIVITY, p->activity[k]);
			csv_setf(&r, CSV_SCORE, "%d", p->score[k]);
		}
		csv_set(&r, CSV_SKIPPED, p->n == 0 ? "yes" : "no");
		csv_emit(b, &r);
	}
}

static int
item_cmp(const void *a, const void *b)
{
	const struct limber_journal_item *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static struct limber_journal_item *
items(const struct limber_journal_data *d, bool measures, size_t *n)
{
	struct limber_journal_item *t;

	*n = 0;
	t = xcalloc(d->nscreenings + d->nsessions + d->npain + d->nnotes +
		d->nclearances + d->npegs + d->npsfs + 1,
	    sizeof *t);
	for (size_t i = 0; i < d->nscreenings; i++)
		t[(*n)++] = (struct limber_journal_item){ d->screenings[i].at,
			LIMBER_ITEM_SCREENING, i };
	for (size_t i = 0; i < d->nsessions; i++)
		t[(*n)++] = (struct limber_journal_item){
			d->sessions[i].started, LIMBER_ITEM_SESSION, i
		};
	for (size_t i = 0; i < d->npain; i++)
		t[(*n)++] = (struct limber_journal_item){ d->pain[i].at,
			LIMBER_ITEM_PAIN, i };
	for (size_t i = 0; i < d->nnotes; i++)
		t[(*n)++] = (struct limber_journal_item){ d->notes[i].at,
			LIMBER_ITEM_NOTE, i };
	for (size_t i = 0; i < d->nclearances; i++)
		t[(*n)++] = (struct limber_journal_item){ d->clearances[i].at,
			LIMBER_ITEM_CLEARANCE, i };
	for (size_t i = 0; measures && i < d->npegs; i++)
		t[(*n)++] = (struct limber_journal_item){ d->pegs[i].at,
			LIMBER_ITEM_PEG, i };
	for (size_t i = 0; measures && i < d->npsfs; i++)
		t[(*n)++] = (struct limber_journal_item){ d->psfs[i].at,
			LIMBER_ITEM_PSFS, i };
	qsort(t, *n, sizeof *t, item_cmp);
	return t;
}

struct limber_journal_item *
limber_journal_data_items(const struct limber_journal_data *d, size_t *n)
{
	return items(d, false, n);
}

struct limber_journal_item *
limber_journal_data_records(const struct limber_journal_data *d, size_t *n)
{
	return items(d, true, n);
}

char *
limber_journal_data_to_csv(const struct limber_journal_data *d, bool local)
{
	struct strbuf b = STRBUF_INIT(CSV_MAX);
	struct limber_journal_item *t;
	size_t n;

	for (int i = 0; i < CSV_COUNT; i++)
		csv_field(&b, csv_names[i], i == 0);
	strbuf_add(&b, "\r\n", 2);

	t = limber_journal_data_records(d, &n);

	for (size_t k = 0; k < n; k++) {
		struct csv_row r = { { NULL } };
		const struct limber_journal_screening *s;
		struct strbuf yes = STRBUF_INIT(0);

		switch (t[k].kind) {
		case LIMBER_ITEM_SCREENING:
			s = &d->screenings[t[k].i];
			csv_set(&r, CSV_RECORD, "screening");
			csv_time(&r, s->at, local);
			csv_setf(&r, CSV_PAIN, "%d", s->pain);
			csv_set(&r, CSV_AREA, journal_area_name(s->area));
			csv_set(&r, CSV_VERDICT, limber_level_name(s->verdict));
			strbuf_puts(&yes, "");
			for (size_t i = 0; i < s->nyes; i++) {
				if (i > 0)
					strbuf_puts(&yes, " ");
				strbuf_puts(&yes, s->yes[i]);
			}
			csv_set_text(&r, CSV_ANSWERS, yes.p);
			strbuf_free(&yes);
			csv_emit(&b, &r);
			break;
		case LIMBER_ITEM_SESSION:
			csv_session(&b, &d->sessions[t[k].i], t[k].i + 1,
			    local);
			break;
		case LIMBER_ITEM_PAIN:
			csv_pain(&b, &d->pain[t[k].i], 0, local);
			break;
		case LIMBER_ITEM_NOTE:
			csv_note(&b, &d->notes[t[k].i], 0, local);
			break;
		case LIMBER_ITEM_PEG:
			csv_peg(&b, &d->pegs[t[k].i], local);
			break;
		case LIMBER_ITEM_PSFS:
			csv_psfs(&b, &d->psfs[t[k].i], local);
			break;
		default:
			csv_set(&r, CSV_RECORD, "clearance");
			csv_time(&r, d->clearances[t[k].i].at, local);
			csv_set_text(&r, CSV_NOTE, d->clearances[t[k].i].note);
			csv_emit(&b, &r);
			break;
		}
	}
	free(t);
	if (b.full) {
		strbuf_free(&b);
		return NULL;
	}
	return strbuf_take(&b);
}
