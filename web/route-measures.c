/*
 * route-measures.c - the outcome measures over HTTP (docs/api.md, "POST
 * /api/measures"): which are due, for GET /api/today, and the answers,
 * as `limber start` asks them on a terminal (cli/measures.c).
 *
 * PEG-3 (three scores on the past week) and the Patient-Specific
 * Functional Scale (up to three activities the person names, each
 * scored) are asked at the start of a session when due; "not now" is
 * recorded as a skip. One request may hold both: every field of both is
 * checked before anything is written, so that a bad one leaves the
 * journal as it was.
 */
#define LIMBER_WEB_INTERNAL
#include <strings.h>

#include "web.h"
#include "util.h"

bool
web_measures_due_json(struct web *w, json_t **out, char **cause)
{
	struct limber_measures_due due;
	json_t *names;

	memset(&due, 0, sizeof due);
	if (limber_journal_measures_due(w->journal, web_wall(), &due, cause) !=
	    LIMBER_OK)
		return false;
	names = json_array();
	for (size_t i = 0; i < due.nactivity; i++)
		json_array_append_new(names, json_string(due.activity[i]));
	*out = json_pack("{s:b, s:b, s:o, s:i, s:i}", "peg", due.peg, "psfs",
	    due.psfs, "activities", names, "activities_max", LIMBER_PSFS_MAX,
	    "name_max", LIMBER_PSFS_NAME_MAX);
	limber_measures_due_free(&due);
	return true;
}

/*
 * {"skipped": true} and nothing else: true. Any other object with
 * "skipped": false, having answered 400 naming field.
 */
static bool
skipped(struct web_req *rq, const json_t *v, const char *field, bool *bad)
{
	*bad = false;
	if (!json_is_object(v) || json_object_get(v, "skipped") == NULL)
		return false;
	if (json_object_size(v) == 1 &&
	    json_is_true(json_object_get(v, "skipped")))
		return true;
	web_respond_error(rq, 400, "bad-request",
	    "\"%s.skipped\" must be true, and alone: {\"skipped\": true}",
	    field);
	*bad = true;
	return false;
}

/* A score from 0 to 10 at field, named as where (e.g. "peg.pain"). */
static bool
score_or_respond(struct web_req *rq, const json_t *v, const char *where,
    int *out)
{
	if (json_is_integer(v) && json_integer_value(v) >= LIMBER_PAIN_MIN &&
	    json_integer_value(v) <= LIMBER_PAIN_MAX) {
		*out = (int)json_integer_value(v);
		return true;
	}
	web_respond_error(rq, 400, "bad-request",
	    v == NULL ? "\"%s\" is missing: a whole number from %d to %d" :
			"\"%s\" must be a whole number from %d to %d",
	    where, LIMBER_PAIN_MIN, LIMBER_PAIN_MAX);
	return false;
}

/* An object's keys are all in known, or 400 naming the first that is not. */
static bool
keys_known_or_respond(struct web_req *rq, json_t *obj, const char *where,
    const char *const *known)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		const char *const *k;

		for (k = known; *k != NULL && strcmp(*k, key) != 0; k++)
			;
		if (*k == NULL) {
			web_respond_error(rq, 400, "bad-request",
			    "%s has no field \"%s\"", where, key);
			return false;
		}
	}
	return true;
}

/* "peg": {"pain", "enjoyment", "activity"}, or skipped (*p NULL). */
static bool
peg_or_respond(struct web_req *rq, json_t *v, struct limber_peg *out,
    const struct limber_peg **p)
{
	static const char *const known[] = { "pain", "enjoyment", "activity",
		NULL };
	bool bad;

	*p = NULL;
	if (skipped(rq, v, "peg", &bad) || bad)
		return !bad;
	if (!json_is_object(v)) {
		web_respond_error(rq, 400, "bad-request",
		    "\"peg\" must be "
		    "{\"pain\", \"enjoyment\", \"activity\"} or "
		    "{\"skipped\": true}");
		return false;
	}
	if (!keys_known_or_respond(rq, v, "\"peg\"", known) ||
	    !score_or_respond(rq, json_object_get(v, "pain"), "peg.pain",
		&out->pain) ||
	    !score_or_respond(rq, json_object_get(v, "enjoyment"),
		"peg.enjoyment", &out->enjoyment) ||
	    !score_or_respond(rq, json_object_get(v, "activity"),
		"peg.activity", &out->activity))
		return false;
	*p = out;
	return true;
}

/*
 * "psfs": [{"activity", "score"}, ...] (1 to LIMBER_PSFS_MAX), or skipped
 * (*n 0). The names are checked as the journal checks them, so that it
 * refuses none after the PEG is written.
 */
static bool
psfs_or_respond(struct web_req *rq, json_t *v, struct limber_psfs_item *out,
    size_t *n)
{
	static const char *const known[] = { "activity", "score", NULL };
	json_t *item;
	size_t i;
	bool bad;

	*n = 0;
	if (skipped(rq, v, "psfs", &bad) || bad)
		return !bad;
	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > LIMBER_PSFS_MAX) {
		web_respond_error(rq, 400, "bad-request",
		    "\"psfs\" must be a "
		    "list of 1 to %d {\"activity\", \"score\"}, or "
		    "{\"skipped\": true}",
		    LIMBER_PSFS_MAX);
		return false;
	}
	json_array_foreach(v, i, item) {
		char where[48];
		json_t *name = json_object_get(item, "activity");
		const char *s;

		snprintf(where, sizeof where, "\"psfs[%zu]\"", i);
		if (!json_is_object(item)) {
			web_respond_error(rq, 400, "bad-request",
			    "%s must be {\"activity\", \"score\"}", where);
			return false;
		}
		if (!keys_known_or_respond(rq, item, where, known))
			return false;
		snprintf(where, sizeof where, "psfs[%zu].activity", i);
		if (!json_is_string(name) || json_string_length(name) == 0 ||
		    json_string_length(name) > LIMBER_PSFS_NAME_MAX) {
			web_respond_error(rq, 400, "bad-request",
			    "\"%s\" must be text of 1 to %d bytes", where,
			    LIMBER_PSFS_NAME_MAX);
			return false;
		}
		s = json_string_value(name);
		/* Shown later on terminals and in reports (util.h). */
		if (strlen(s) != json_string_length(name) ||
		    !util_text_safe(s)) {
			web_respond_error(rq, 400, "bad-request",
			    "\"%s\" must "
			    "not hold control characters or direction "
			    "overrides",
			    where);
			return false;
		}
		for (size_t k = 0; k < i; k++) {
			if (strcasecmp(out[k].activity, s) == 0) {
				web_respond_error(rq, 400, "bad-request",
				    "\"%s\" is given twice: each activity once",
				    where);
				return false;
			}
		}
		snprintf(where, sizeof where, "psfs[%zu].score", i);
		if (!score_or_respond(rq, json_object_get(item, "score"), where,
			&out[i].score))
			return false;
		out[i].activity = s;
		*n = i + 1;
	}
	return true;
}

/*
 * POST /api/measures: {"peg": ..., "psfs": ...}, either or both. Checked
 * whole first, then written in one transaction: a journal that refuses
 * leaves neither, and the client may send the same again.
 */
enum web_result
web_route_measures(struct web_req *rq)
{
	static const char *const known[] = { "peg", "psfs", NULL };
	struct web *w = rq->w;
	json_t *pegv = json_object_get(rq->json, "peg");
	json_t *psfsv = json_object_get(rq->json, "psfs");
	struct limber_peg peg;
	const struct limber_peg *pp = NULL;
	struct limber_psfs_item items[LIMBER_PSFS_MAX];
	size_t n = 0;
	char *cause = NULL;
	int64_t at = web_wall();
	json_t *due;

	if (!web_fields_known_or_respond(rq, known))
		return rq->ret;
	if (pegv == NULL && psfsv == NULL)
		return web_respond_error(rq, 400, "bad-request",
		    "give \"peg\", \"psfs\" or both");
	if ((pegv != NULL && !peg_or_respond(rq, pegv, &peg, &pp)) ||
	    (psfsv != NULL && !psfs_or_respond(rq, psfsv, items, &n)))
		return rq->ret;

	/* Both in one transaction: all of it goes in, or none. */
	if (limber_journal_add_measures(w->journal, at, pegv != NULL, pp,
		psfsv != NULL, n > 0 ? items : NULL, n, &cause) != LIMBER_OK)
		return web_journal_error(rq, w->journal, cause);
	/* Written: a journal that cannot be read now does not unsay it. */
	if (!web_measures_due_json(w, &due, &cause)) {
		free(cause);
		due = json_null();
	}
	return web_respond_json(rq, 201,
	    json_pack("{s:{s:b, s:b}, s:o}", "recorded", "peg", pegv != NULL,
		"psfs", psfsv != NULL, "due", due));
}
