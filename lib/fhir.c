/*
 * fhir.c - the journal as an HL7 FHIR R4 Bundle, for a clinician's system
 * (`limber export --format fhir`; report.h, docs/report.md "FHIR").
 *
 * A Bundle of type "collection", since limber sends nothing to a server:
 * the file is handed over. Its resources refer to each other by urn:uuid
 * full URLs, as a collection may. The codes follow the research notes in
 * docs/report.md: LOINC 72514-3 for a 0-10 pain score, SNOMED CT 229065009
 * (exercise therapy) for a session, the pain Observations of a session
 * linked to its Procedure with partOf. Body sites are given as text only,
 * because SNOMED CT body-site codes need a licence in some countries and a
 * reader loses nothing with "Lower back".
 *
 * The uuids are made from what each resource records (its kind, time and
 * place in the journal), not drawn at random, so one journal always gives
 * the same Bundle and a test can compare two exports.
 */
#include <stdlib.h>
#include <string.h>

#include "limber/report.h"
#include "util.h"

#define LOINC "http://loinc.org"
#define SNOMED "http://snomed.info/sct"
#define CATEGORY "http://terminology.hl7.org/CodeSystem/observation-category"

struct fhir {
	json_t *entries;
	char patient[48];	/* the Patient's full URL */
	uint64_t seed;		/* from the journal's first record */
};

/* FNV-1a, 64 bits, continuing from h. */
static uint64_t
fnv(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

/*
 * "urn:uuid:" and a uuid of version 8 (RFC 9562: made by the
 * application) from the text key, into buf of 48 bytes.
 */
static const char *
make_uuid(const struct fhir *f, const char *key, char *buf, size_t size)
{
	uint64_t a = fnv(f->seed ^ 0xcbf29ce484222325ull, key);
	uint64_t b = fnv(a ^ 0x9e3779b97f4a7c15ull, key);

	a = (a & ~0xf000ull) | 0x8000ull;			/* version 8 */
	b = (b & 0x3fffffffffffffffull) | 0x8000000000000000ull; /* variant */
	snprintf(buf, size, "urn:uuid:%08x-%04x-%04x-%04x-%012llx",
	    (unsigned)(a >> 32), (unsigned)((a >> 16) & 0xffff),
	    (unsigned)(a & 0xffff), (unsigned)(b >> 48),
	    (unsigned long long)(b & 0xffffffffffffull));
	return buf;
}

static json_t *
utc(int64_t t)
{
	char buf[32];

	return json_string(limber_time_iso(t, false, buf, sizeof buf));
}

static void
add_entry(struct fhir *f, const char *url, json_t *resource)
{
	json_array_append_new(f->entries, json_pack("{s:s, s:o}", "fullUrl",
	    url, "resource", resource));
}

static json_t *
reference(const char *url)
{
	return json_pack("{s:s}", "reference", url);
}

static json_t *
note(const char *text)
{
	return json_pack("[{s:s}]", "text", text);
}

static const char *
area_text(unsigned area)
{
	switch (area) {
	case LIMBER_AREA_UPPER:
		return "Neck and upper back";
	case LIMBER_AREA_LOWER:
		return "Lower back";
	case LIMBER_AREA_BOTH:
		return "Neck, upper back and lower back";
	}
	return NULL;
}

static const char *
kind_text(enum limber_score_kind k)
{
	switch (k) {
	case LIMBER_SCORE_BEFORE:
		return "Just before a stretching session.";
	case LIMBER_SCORE_DURING:
		return "During a stretching session, after a stretch.";
	case LIMBER_SCORE_AFTER:
		return "At the end of a stretching session.";
	case LIMBER_SCORE_NEXT_DAY:
		return "The day after a stretching session.";
	default:
		return "Recorded by the patient, outside any session.";
	}
}

/*
 * One pain score as an Observation. what says when it was given; part_of
 * is the session's Procedure or NULL; extra (may be NULL) is added to the
 * note.
 */
static void
observation(struct fhir *f, const char *key, int64_t at, int value,
    unsigned area, const char *what, const char *extra, const char *part_of)
{
	char url[48];
	json_t *o;
	char *text;

	o = json_pack("{s:s, s:s, s:[{s:[{s:s, s:s, s:s}]}], s:{s:[{s:s, "
	    "s:s, s:s}], s:s}, s:o, s:o, s:i}",
	    "resourceType", "Observation", "status", "final",
	    "category", "coding", "system", CATEGORY, "code", "survey",
	    "display", "Survey",
	    "code", "coding", "system", LOINC, "code", LIMBER_LOINC_PAIN,
	    "display", "Pain severity - 0-10 verbal numeric rating [Score] - "
	    "Reported", "text", "Pain severity, 0 to 10",
	    "subject", reference(f->patient),
	    "effectiveDateTime", utc(at),
	    "valueInteger", value);
	if (area_text(area) != NULL)
		json_object_set_new(o, "bodySite", json_pack("{s:s}", "text",
		    area_text(area)));
	if (part_of != NULL)
		json_object_set_new(o, "partOf", json_pack("[o]",
		    reference(part_of)));
	text = extra != NULL ? xasprintf("%s %s", what, extra) : xstrdup(what);
	json_object_set_new(o, "note", note(text));
	free(text);
	add_entry(f, make_uuid(f, key, url, sizeof url), o);
}

static void
screening(struct fhir *f, size_t i, const struct limber_journal_screening *s)
{
	char key[64], *what;

	snprintf(key, sizeof key, "screening:%zu:%lld", i, (long long)s->at);
	what = xasprintf("At the safety check before stretching; the "
	    "screening's verdict was %s.", limber_level_name(s->verdict));
	observation(f, key, s->at, s->pain, s->area, what, NULL, NULL);
	free(what);
}

/*
 * The area a session's plan was for; 0 when unknown. Import refuses a
 * plan without one, but a journal may have been changed by hand, and a
 * missing area once crashed the export here (docs/reliability.md).
 */
static unsigned
plan_area(const json_t *plan)
{
	const char *name = json_string_value(json_object_get(plan, "area"));
	int a = name != NULL ? limber_area_parse(name) : -1;

	return a > 0 ? (unsigned)a : 0;
}

static void
session(struct fhir *f, size_t i, const struct limber_journal_session *s)
{
	char key[64], url[48];
	json_t *o, *plan = json_loads(s->plan != NULL ? s->plan : "", 0, NULL);
	const char *status;
	char *text;
	unsigned area = plan_area(plan);

	snprintf(key, sizeof key, "session:%zu:%lld", i, (long long)s->started);
	make_uuid(f, key, url, sizeof url);
	status = s->state == LIMBER_RECORD_DONE ? "completed" :
	    s->state == LIMBER_RECORD_RUNNING ? "in-progress" : "stopped";
	o = json_pack("{s:s, s:s, s:{s:[{s:s, s:s, s:s}], s:s}, s:o}",
	    "resourceType", "Procedure", "status", status,
	    "code", "coding", "system", SNOMED, "code", "229065009",
	    "display", "Exercise therapy", "text", "Guided stretching session",
	    "subject", reference(f->patient));
	if (s->state == LIMBER_RECORD_RUNNING)
		json_object_set_new(o, "performedPeriod", json_pack("{s:o}",
		    "start", utc(s->started)));
	else
		json_object_set_new(o, "performedPeriod", json_pack("{s:o, s:o}",
		    "start", utc(s->started), "end", utc(s->ended)));
	if (s->state == LIMBER_RECORD_STOPPED && s->reason != NULL)
		json_object_set_new(o, "statusReason", json_pack("{s:s}",
		    "text", s->reason));
	else if (s->state == LIMBER_RECORD_INTERRUPTED)
		json_object_set_new(o, "statusReason", json_pack("{s:s}",
		    "text", "interrupted: the program ended before the "
		    "session did"));
	if (area_text(area) != NULL)
		json_object_set_new(o, "bodySite", json_pack("[{s:s}]", "text",
		    area_text(area)));
	{
		json_t *notes = json_array();

		for (size_t k = 0; k < s->nstretches; k++) {
			const struct limber_journal_stretch *st =
			    &s->stretches[k];

			text = xasprintf("%s %s%s%s: %d %s%s.",
			    st->skipped ? "Skipped" : "Done",
			    st->stretch != NULL ? st->stretch : "a stretch",
			    st->variant ? " as " : "",
			    st->variant ? st->variant : "", st->reps,
			    st->reps == 1 ? "repetition" : "repetitions",
			    st->sides == 2 ? " on each side" : "");
			json_array_append_new(notes, json_pack("{s:s}", "text",
			    text));
			free(text);
		}
		for (size_t k = 0; k < s->nnotes; k++)
			if (s->notes[k].text != NULL)
				json_array_append_new(notes,
				    json_pack("{s:s, s:o}", "text",
					s->notes[k].text, "time",
					utc(s->notes[k].at)));
		if (json_array_size(notes) > 0)
			json_object_set_new(o, "note", notes);
		else
			json_decref(notes);
	}
	add_entry(f, url, o);

	for (size_t k = 0; k < s->npain; k++) {
		const struct limber_journal_pain *p = &s->pain[k];
		char pkey[96];

		snprintf(pkey, sizeof pkey, "%s:pain:%zu", key, k);
		observation(f, pkey, p->at, p->value, p->area != 0 ? p->area :
		    area, kind_text(p->kind), p->note, url);
	}
	json_decref(plan);
}

/* The current routine: the latest session's plan, at today's doses. */
static void
care_plan(struct fhir *f, const struct limber_journal_data *d)
{
	const struct limber_journal_session *s = NULL;
	json_t *plan, *items, *activity, *o;
	char url[48], key[64];
	size_t i;

	for (i = d->nsessions; i > 0 && s == NULL; i--)
		if (d->sessions[i - 1].plan != NULL)
			s = &d->sessions[i - 1];
	if (s == NULL)
		return;
	plan = json_loads(s->plan, 0, NULL);
	items = json_object_get(plan, "items");
	if (!json_is_array(items) || json_array_size(items) == 0) {
		json_decref(plan);
		return;
	}
	activity = json_array();
	for (i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		const char *id = json_string_value(json_object_get(it,
		    "stretch"));
		const char *name = json_string_value(json_object_get(it, "name"));
		const char *vname = json_string_value(json_object_get(it,
		    "variant_name"));
		json_int_t reps = json_integer_value(json_object_get(it, "reps"));
		json_int_t hold = json_integer_value(json_object_get(it,
		    "hold_s"));
		json_int_t sides = json_integer_value(json_object_get(it,
		    "sides"));
		char *desc;

		if (id == NULL)
			continue;
		/* Progression may have moved the dose since. */
		for (size_t k = 0; k < d->ndoses; k++)
			if (d->doses[k].stretch != NULL &&
			    strcmp(d->doses[k].stretch, id) == 0)
				reps = d->doses[k].reps;
		desc = xasprintf("%s%s%s: %lld %s%s, hold %lld s each time.",
		    name != NULL ? name : id, vname != NULL ? ", done as " : "",
		    vname != NULL ? vname : "", (long long)reps, reps == 1 ?
		    "repetition" : "repetitions", sides == 2 ?
		    " on each side" : "", (long long)hold);
		json_array_append_new(activity, json_pack("{s:{s:s, s:{s:s}, "
		    "s:s, s:s}}", "detail", "kind", "ServiceRequest", "code",
		    "text", name != NULL ? name : id, "status", "in-progress",
		    "description", desc));
		free(desc);
	}
	snprintf(key, sizeof key, "careplan:%lld", (long long)s->started);
	o = json_pack("{s:s, s:s, s:s, s:[{s:[{s:s, s:s, s:s}]}], s:s, s:s, "
	    "s:o, s:o, s:o}",
	    "resourceType", "CarePlan", "status", "active", "intent", "plan",
	    "category", "coding", "system", SNOMED, "code", "229065009",
	    "display", "Exercise therapy",
	    "title", "Gentle stretching routine for back pain",
	    "description", "The routine limber planned for the latest "
	    "session, at the repetitions its progression has reached.",
	    "subject", reference(f->patient), "created", utc(s->started),
	    "activity", activity);
	add_entry(f, make_uuid(f, key, url, sizeof url), o);
	json_decref(plan);
}

json_t *
limber_journal_data_to_fhir(const struct limber_journal_data *d,
    int64_t now)
{
	struct fhir f = { .entries = json_array() };
	struct limber_journal_item *t;
	json_t *bundle;
	size_t n;
	char key[64];

	/* Two journals share no uuid unless they begin at the same second. */
	t = limber_journal_data_items(d, &n);
	snprintf(key, sizeof key, "limber:%lld", n > 0 ? (long long)t[0].at :
	    0LL);
	f.seed = fnv(0xcbf29ce484222325ull, key);
	make_uuid(&f, "patient", f.patient, sizeof f.patient);
	/* Whose data this is stays with the person who hands it over. */
	add_entry(&f, f.patient, json_pack("{s:s}", "resourceType",
	    "Patient"));

	for (size_t k = 0; k < n; k++) {
		size_t i = t[k].i;
		char pkey[64];

		switch (t[k].kind) {
		case LIMBER_ITEM_SCREENING:
			screening(&f, i, &d->screenings[i]);
			break;
		case LIMBER_ITEM_SESSION:
			session(&f, i, &d->sessions[i]);
			break;
		case LIMBER_ITEM_PAIN:
			snprintf(pkey, sizeof pkey, "pain:%zu:%lld", i,
			    (long long)d->pain[i].at);
			observation(&f, pkey, d->pain[i].at, d->pain[i].value,
			    d->pain[i].area, kind_text(d->pain[i].kind),
			    d->pain[i].note, NULL);
			break;
		default:
			break;	/* notes and clearances: not pain, not a session */
		}
	}
	free(t);
	care_plan(&f, d);

	bundle = json_pack("{s:s, s:s, s:o, s:o}", "resourceType", "Bundle",
	    "type", "collection", "timestamp", utc(now), "entry", f.entries);
	return bundle;
}
