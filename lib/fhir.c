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
 *
 * The outcome measures (docs/report.md, "FHIR"): a PEG asking is an
 * Observation coded with LOINC's PEG panel, its three answers and their
 * mean as components, and a QuestionnaireResponse; a PSFS asking is a
 * QuestionnaireResponse and an Observation per activity, coded by text,
 * since LOINC has no code for the PSFS. The Questionnaires they answer
 * are in the Bundle too, in our own words. A skipped asking holds no
 * answer and is left out.
 *
 * The texts a reader reads (notes, titles, descriptions, questions and
 * the "text" of a concept) are in the calling thread's language, like the
 * rest of limber's words. The codes, their systems and their "display"
 * stay as the code systems give them, and a stopped session's reason as
 * the journal keeps it.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "limber/report.h"
#include "util.h"

#define LOINC "http://loinc.org"
#define SNOMED "http://snomed.info/sct"
#define CATEGORY "http://terminology.hl7.org/CodeSystem/observation-category"
#define UCUM "http://unitsofmeasure.org"

/*
 * LOINC's PEG terms (docs/report.md, "FHIR", says where each was
 * checked): the panel, its three items and their mean.
 */
#define LOINC_PEG "91148-7"
#define LOINC_PEG_PAIN "75893-8"
#define LOINC_PEG_ENJOYMENT "91145-3"
#define LOINC_PEG_ACTIVITY "91146-1"
#define LOINC_PEG_MEAN "91147-9"

struct fhir {
	json_t *entries;
	char patient[48];	/* the Patient's full URL */
	uint64_t seed;		/* from the journal's first record */
	char peg_q[48], psfs_q[48]; /* the Questionnaires' URLs */
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
		return _("Neck and upper back");
	case LIMBER_AREA_LOWER:
		return _("Lower back");
	case LIMBER_AREA_BOTH:
		return _("Neck, upper back and lower back");
	}
	return NULL;
}

static const char *
kind_text(enum limber_score_kind k)
{
	switch (k) {
	case LIMBER_SCORE_BEFORE:
		return _("Just before a stretching session.");
	case LIMBER_SCORE_DURING:
		return _("During a stretching session, after a stretch.");
	case LIMBER_SCORE_AFTER:
		return _("At the end of a stretching session.");
	case LIMBER_SCORE_NEXT_DAY:
		return _("The day after a stretching session.");
	default:
		return _("Recorded by the patient, outside any session.");
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
	    "resourceType", "Observation", "status", "final", "category",
	    "coding", "system", CATEGORY, "code", "survey", "display", "Survey",
	    "code", "coding", "system", LOINC, "code", LIMBER_LOINC_PAIN,
	    "display",
	    "Pain severity - 0-10 verbal numeric rating [Score] - "
	    "Reported",
	    "text", _("Pain severity, 0 to 10"), "subject",
	    reference(f->patient), "effectiveDateTime", utc(at), "valueInteger",
	    value);
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

/* "5 repetitions" or "5 repetitions on each side". Malloc'd. */
static char *
count_text(long long reps, bool each_side)
{
	unsigned long n = reps > 0 ? (unsigned long)reps : 0;

	if (each_side)
		return xasprintf(P_("%lld repetition on each side",
				     "%lld repetitions on each side", n),
		    reps);
	return xasprintf(P_("%lld repetition", "%lld repetitions", n), reps);
}

static void
screening(struct fhir *f, size_t i, const struct limber_journal_screening *s)
{
	char key[64], *what;

	snprintf(key, sizeof key, "screening:%zu:%lld", i, (long long)s->at);
	/*
	 * TRANSLATORS: a note for a clinician; %s is the screening's verdict
	 * as limber names it ("go", "see-clinician").
	 */
	what = xasprintf(_("At the safety check before stretching; the "
			   "screening's verdict was %s."),
	    limber_level_name(s->verdict));
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
	    "resourceType", "Procedure", "status", status, "code", "coding",
	    "system", SNOMED, "code", "229065009", "display",
	    "Exercise therapy", "text", _("Guided stretching session"),
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

			const char *id = st->stretch != NULL ?
			    st->stretch :
			    _("a stretch");
			char *what = st->variant != NULL ?
			    /* TRANSLATORS: a stretch's id and its variant's. */
			    xasprintf(_("%s as %s"), id, st->variant) :
			    xstrdup(id);
			char *count = count_text(st->reps, st->sides == 2);

			/*
			 * TRANSLATORS: a note for a clinician: the stretch
			 * ("cat-cow", or "cat-cow as seated"), then how many
			 * times ("5 repetitions on each side").
			 */
			text = st->skipped ?
			    xasprintf(_("Skipped %s: %s."), what, count) :
			    xasprintf(_("Done %s: %s."), what, count);
			free(what);
			free(count);
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
		char *desc, *what, *count;

		if (id == NULL)
			continue;
		/* Progression may have moved the dose since. */
		for (size_t k = 0; k < d->ndoses; k++)
			if (d->doses[k].stretch != NULL &&
			    strcmp(d->doses[k].stretch, id) == 0)
				reps = d->doses[k].reps;
		what = vname != NULL ?
		    /* TRANSLATORS: a stretch's name and its variant's. */
		    xasprintf(_("%s, done as %s"), name != NULL ? name : id,
			vname) :
		    xstrdup(name != NULL ? name : id);
		count = count_text((long long)reps, sides == 2);
		/*
		 * TRANSLATORS: a stretch of the routine, for a clinician:
		 * its name, how many times ("5 repetitions on each side")
		 * and how long each hold is, in seconds.
		 */
		desc = xasprintf(_("%s: %s, hold %lld s each time."), what,
		    count, (long long)hold);
		free(what);
		free(count);
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
	    "display", "Exercise therapy", "title",
	    _("Gentle stretching routine for back pain"), "description",
	    _("The routine limber planned for the latest "
	      "session, at the repetitions its progression has "
	      "reached."),
	    "subject", reference(f->patient), "created", utc(s->started),
	    "activity", activity);
	add_entry(f, make_uuid(f, key, url, sizeof url), o);
	json_decref(plan);
}

/* ------------------------------------------------------------------ */
/* Outcome measures.                                                   */

/* A PEG item: its LOINC code, and what it asks in our own words. */
static const struct {
	const char *code, *text;
} peg_items[3] = {
	{ LOINC_PEG_PAIN,
	    N_("Pain on average over the past week, from 0 (no pain) to 10 "
	       "(the worst pain imaginable).") },
	{ LOINC_PEG_ENJOYMENT,
	    N_("How much pain got in the way of enjoying life over the past "
	       "week, from 0 (not at all) to 10 (completely).") },
	{ LOINC_PEG_ACTIVITY,
	    N_("How much pain got in the way of general activity over the "
	       "past week, from 0 (not at all) to 10 (completely).") },
};

static json_t *
loinc(const char *code)
{
	return json_pack("[{s:s, s:s}]", "system", LOINC, "code", code);
}

/* The mean of a PEG asking's answers, to two places. */
static double
peg_mean(const struct limber_journal_peg *p)
{
	int hundredths = ((p->pain + p->enjoyment + p->activity) * 200 + 3) / 6;

	return hundredths / 100.0;
}

static json_t *
score_quantity(double value)
{
	return json_pack("{s:f, s:s, s:s, s:s}", "value", value, "unit",
	    "{score}", "system", UCUM, "code", "{score}");
}

/* The Questionnaires the askings answer, once each, when any is in d. */
static void
questionnaires(struct fhir *f, const struct limber_journal_data *d)
{
	bool peg = false, psfs = false;
	json_t *items, *o;

	for (size_t i = 0; i < d->npegs && !peg; i++)
		peg = !d->pegs[i].skipped;
	for (size_t i = 0; i < d->npsfs && !psfs; i++)
		psfs = d->psfs[i].n > 0;
	if (peg) {
		make_uuid(f, "questionnaire:peg", f->peg_q, sizeof f->peg_q);
		items = json_array();
		for (size_t k = 0; k < 3; k++)
			json_array_append_new(items,
			    json_pack("{s:s, s:o, s:s, s:s, s:b}", "linkId",
				peg_items[k].code, "code",
				loinc(peg_items[k].code), "text",
				_(peg_items[k].text), "type", "integer",
				"required", true));
		json_array_append_new(items,
		    json_pack("{s:s, s:[{s:s, s:s, s:s}], s:s, s:s, s:b}",
			"linkId", LOINC_PEG_MEAN, "code", "system", LOINC,
			"code", LOINC_PEG_MEAN, "display", "Mean score [PEG]",
			"text", _("The mean of the three answers."), "type",
			"decimal", "readOnly", true));
		o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[s], s:o, s:s, "
			      "s:o}",
		    "resourceType", "Questionnaire", "url", f->peg_q, "name",
		    "PEG", "title",
		    _("PEG: pain, enjoyment of life and general activity "
		      "(Krebs et al., 2009)"),
		    "status", "active", "subjectType", "Patient", "code",
		    loinc(LOINC_PEG), "description",
		    _("Three questions about the past week, each answered "
		      "from 0 to 10; the score is their mean. Asked by limber "
		      "at most once a week, before a session."),
		    "item", items);
		add_entry(f, f->peg_q, o);
	}
	if (psfs) {
		make_uuid(f, "questionnaire:psfs", f->psfs_q, sizeof f->psfs_q);
		items = json_pack("[{s:s, s:s, s:s, s:b, s:[{s:s, s:s, s:s, "
				  "s:b}, {s:s, s:s, s:s, s:b}]}]",
		    "linkId", "activity", "text",
		    _("An activity the pain makes hard, named by the "
		      "patient."),
		    "type", "group", "repeats", true, "item", "linkId",
		    "activity.name", "text",
		    _("The activity, in the patient's own words."), "type",
		    "string", "required", true, "linkId", "activity.score",
		    "text",
		    _("How well it can be done now, from 0 (unable to do it) "
		      "to 10 (as well as before the problem)."),
		    "type", "integer", "required", true);
		o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[s], s:s, s:o}",
		    "resourceType", "Questionnaire", "url", f->psfs_q, "name",
		    "PSFS", "title",
		    _("Patient-Specific Functional Scale (Stratford et al., "
		      "1995)"),
		    "status", "active", "subjectType", "Patient", "description",
		    _("Up to three activities the patient names, each scored "
		      "from 0 to 10. Asked by limber at the first session and "
		      "then at most once a fortnight, the same activities "
		      "again unless the patient changes them."),
		    "item", items);
		add_entry(f, f->psfs_q, o);
	}
}

static json_t *
response(const struct fhir *f, const char *questionnaire, int64_t at,
    json_t *items)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "resourceType",
	    "QuestionnaireResponse", "questionnaire", questionnaire, "status",
	    "completed", "subject", reference(f->patient), "authored", utc(at),
	    "source", reference(f->patient), "item", items);
}

/* An answered PEG asking: a QuestionnaireResponse and an Observation. */
static void
peg(struct fhir *f, size_t i, const struct limber_journal_peg *p)
{
	const int answer[3] = { p->pain, p->enjoyment, p->activity };
	char key[64], qr[48], url[48];
	json_t *items = json_array(), *parts = json_array(), *o;
	double mean = peg_mean(p);

	for (size_t k = 0; k < 3; k++) {
		json_array_append_new(items,
		    json_pack("{s:s, s:s, s:[{s:i}]}", "linkId",
			peg_items[k].code, "text", _(peg_items[k].text),
			"answer", "valueInteger", answer[k]));
		json_array_append_new(parts,
		    json_pack("{s:{s:o, s:s}, s:i}", "code", "coding",
			loinc(peg_items[k].code), "text", _(peg_items[k].text),
			"valueInteger", answer[k]));
	}
	json_array_append_new(items,
	    json_pack("{s:s, s:s, s:[{s:f}]}", "linkId", LOINC_PEG_MEAN, "text",
		_("The mean of the three answers."), "answer", "valueDecimal",
		mean));
	json_array_append_new(parts,
	    json_pack("{s:{s:[{s:s, s:s, s:s}], s:s}, s:o}", "code", "coding",
		"system", LOINC, "code", LOINC_PEG_MEAN, "display",
		"Mean score [PEG]", "text",
		_("PEG score: the mean of the three answers"), "valueQuantity",
		score_quantity(mean)));

	snprintf(key, sizeof key, "peg:%zu:%lld", i, (long long)p->at);
	make_uuid(f, key, qr, sizeof qr);
	add_entry(f, qr, response(f, f->peg_q, p->at, items));

	snprintf(key, sizeof key, "peg-observation:%zu:%lld", i,
	    (long long)p->at);
	o = json_pack("{s:s, s:s, s:[{s:[{s:s, s:s, s:s}]}], s:{s:o, s:s}, "
		      "s:o, s:o, s:[o], s:o}",
	    "resourceType", "Observation", "status", "final", "category",
	    "coding", "system", CATEGORY, "code", "survey", "display", "Survey",
	    "code", "coding", loinc(LOINC_PEG), "text",
	    _("PEG: pain, enjoyment of life and general activity, past "
	      "week"),
	    "subject", reference(f->patient), "effectiveDateTime", utc(p->at),
	    "derivedFrom", reference(qr), "component", parts);
	add_entry(f, make_uuid(f, key, url, sizeof url), o);
}

/*
 * An answered PSFS asking: a QuestionnaireResponse, and an Observation
 * for each activity's score (the activity a component, as text).
 */
static void
psfs(struct fhir *f, size_t i, const struct limber_journal_psfs *p)
{
	char key[80], qr[48], url[48];
	json_t *items = json_array(), *o;

	for (size_t k = 0; k < p->n; k++)
		json_array_append_new(items,
		    json_pack("{s:s, s:[{s:s, s:[{s:s?}]}, {s:s, s:[{s:i}]}]}",
			"linkId", "activity", "item", "linkId", "activity.name",
			"answer", "valueString", p->activity[k], "linkId",
			"activity.score", "answer", "valueInteger",
			p->score[k]));
	snprintf(key, sizeof key, "psfs:%zu:%lld", i, (long long)p->at);
	make_uuid(f, key, qr, sizeof qr);
	add_entry(f, qr, response(f, f->psfs_q, p->at, items));

	for (size_t k = 0; k < p->n; k++) {
		snprintf(key, sizeof key, "psfs-observation:%zu:%zu:%lld", i, k,
		    (long long)p->at);
		o = json_pack("{s:s, s:s, s:[{s:[{s:s, s:s, s:s}]}], s:{s:s}, "
			      "s:o, s:o, s:i, s:[{s:{s:s}, s:s?}], s:[o]}",
		    "resourceType", "Observation", "status", "final",
		    "category", "coding", "system", CATEGORY, "code", "survey",
		    "display", "Survey", "code", "text",
		    _("Patient-Specific Functional Scale: one activity, 0 "
		      "(unable to do it) to 10 (as well as before the "
		      "problem)"),
		    "subject", reference(f->patient), "effectiveDateTime",
		    utc(p->at), "valueInteger", p->score[k], "component",
		    "code", "text",
		    _("The activity, in the patient's own words"),
		    "valueString", p->activity[k], "derivedFrom",
		    reference(qr));
		add_entry(f, make_uuid(f, key, url, sizeof url), o);
	}
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
	t = limber_journal_data_records(d, &n);
	snprintf(key, sizeof key, "limber:%lld", n > 0 ? (long long)t[0].at :
	    0LL);
	f.seed = fnv(0xcbf29ce484222325ull, key);
	make_uuid(&f, "patient", f.patient, sizeof f.patient);
	/* Whose data this is stays with the person who hands it over. */
	add_entry(&f, f.patient, json_pack("{s:s}", "resourceType",
	    "Patient"));
	questionnaires(&f, d);

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
		case LIMBER_ITEM_PEG:
			/* A skipped asking holds no answer to hand over. */
			if (!d->pegs[i].skipped)
				peg(&f, i, &d->pegs[i]);
			break;
		case LIMBER_ITEM_PSFS:
			if (d->psfs[i].n > 0)
				psfs(&f, i, &d->psfs[i]);
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
