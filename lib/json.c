/*
 * json.c - the library's objects as JSON, for `--json` and the HTTP API.
 *
 * One encoding for every front end, so the command line and the web page
 * can never disagree. Field names are a stable interface (docs/json.md).
 * Stretch JSON uses the catalog file format itself, so `limber show --json`
 * output is a valid catalog file.
 */
#include <string.h>

#include "internal.h"
#include "limber/limber.h"
#include "util.h"

static json_t *
texts_json(char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

/*
 * One of a stretch's texts as the JSON gives it: as loaded (English),
 * or, when shown is st, in the calling thread's language.
 */
static const char *
word(const struct limber_stretch *shown, const char *text)
{
	return shown != NULL ? limber_stretch_text(shown, text) : text;
}

static json_t *
words_json(const struct limber_stretch *shown, char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(word(shown, v[i])));
	return a;
}

static json_t *
bits_json(unsigned bits, int count, const char *(*name)(unsigned))
{
	json_t *a = json_array();

	for (int i = 0; i < count; i++) {
		if (bits & (1u << i))
			json_array_append_new(a, json_string(name(1u << i)));
	}
	return a;
}

static const char *
area_bit_name(unsigned bit)
{
	return limber_area_name((enum limber_area)bit);
}

static const char *
need_bit_name(unsigned bit)
{
	return limber_need_name((enum limber_need)bit);
}

static const char *
muscle_bit_name(unsigned bit)
{
	return limber_muscle_name((enum limber_muscle)bit);
}

static const char *
move_bit_name(unsigned bit)
{
	return limber_move_name((enum limber_move)bit);
}

static const char *
context_bit_name(unsigned bit)
{
	int i = 0;

	while ((1u << i) != bit)
		i++;
	return limber_context_name((enum limber_context)i);
}

static json_t *
steps_json(const struct limber_stretch *shown, const struct limber_step *steps,
    size_t n, int hold_s)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "text",
		    json_string(word(shown, steps[i].text)));
		if (hold_s > 0)
			json_object_set_new(o, "seconds", json_integer(
			    steps[i].hold ? hold_s : steps[i].seconds));
		else if (!steps[i].hold)
			json_object_set_new(o, "seconds",
			    json_integer(steps[i].seconds));
		if (steps[i].hold)
			json_object_set_new(o, "hold", json_true());
		/* The catalog's form only: a plan's steps stay text and time. */
		if (steps[i].pose != NULL && hold_s == 0)
			json_object_set_new(o, "pose",
			    limber_pose_to_json(steps[i].pose));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
range_json(const struct limber_range *r)
{
	return json_pack("{s:i, s:i, s:i}", "start", r->start, "min", r->min,
	    "max", r->max);
}

/* The file's own words in lang for the text at english (a pointer into st). */
static const char *
tr_find(const struct limber_stretch *st, const char *lang, const char *english)
{
	for (size_t i = 0; i < st->ntr; i++)
		if (st->tr[i].english == english &&
		    strcmp(st->tr[i].lang, lang) == 0)
			return st->tr[i].text;
	return NULL;
}

static void
tr_put(json_t *o, const char *key, const char *text)
{
	if (text != NULL)
		json_object_set_new(o, key, json_string(text));
}

/* A list the file translated whole (the loader takes no part of one). */
static void
tr_put_list(json_t *o, const char *key, const struct limber_stretch *st,
    const char *lang, const char *(*at)(const void *, size_t), const void *arg,
    size_t n)
{
	json_t *a;

	if (n == 0 || tr_find(st, lang, at(arg, 0)) == NULL)
		return;
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a,
		    json_string(tr_find(st, lang, at(arg, i))));
	json_object_set_new(o, key, a);
}

/* "translations", as the file had it: by language, then by field. */
static json_t *
translations_json(const struct limber_stretch *st)
{
	json_t *all = json_object();

	for (size_t i = 0; i < st->ntr; i++) {
		const char *lang = st->tr[i].lang;
		json_t *t, *vars;

		if (json_object_get(all, lang) != NULL)
			continue;
		t = json_object();
		tr_put(t, "name", tr_find(st, lang, st->name));
		tr_put(t, "summary", tr_find(st, lang, st->summary));
		tr_put(t, "why", tr_find(st, lang, st->why));
		tr_put(t, "position", tr_find(st, lang, st->position));
		tr_put_list(t, "steps", st, lang, catalog_step_at, st->steps,
		    st->nsteps);
		tr_put_list(t, "cues", st, lang, catalog_text_at, st->cues,
		    st->ncues);
		tr_put_list(t, "cautions", st, lang, catalog_text_at,
		    st->cautions, st->ncautions);
		tr_put_list(t, "benefits", st, lang, catalog_text_at,
		    st->benefits, st->nbenefits);
		tr_put_list(t, "screening", st, lang, catalog_rule_at,
		    st->screening, st->nscreening);
		vars = json_object();
		for (size_t j = 0; j < st->nvariants; j++) {
			const struct limber_variant *v = &st->variants[j];
			json_t *vo = json_object();

			tr_put(vo, "name", tr_find(st, lang, v->name));
			tr_put(vo, "why", tr_find(st, lang, v->why));
			tr_put(vo, "position", tr_find(st, lang, v->position));
			tr_put_list(vo, "steps", st, lang, catalog_step_at,
			    v->steps, v->nsteps);
			if (json_object_size(vo) > 0)
				json_object_set_new(vars, v->id, vo);
			else
				json_decref(vo);
		}
		if (json_object_size(vars) > 0)
			json_object_set_new(t, "variants", vars);
		else
			json_decref(vars);
		json_object_set_new(all, lang, t);
	}
	return all;
}

/* A stretch as JSON; shown: see word(). */
static json_t *
stretch_json(const struct limber_stretch *st,
    const struct limber_stretch *shown)
{
	json_t *o = json_object(), *vars = json_array(), *rules = json_array();

	json_object_set_new(o, "format", json_integer(2));
	json_object_set_new(o, "id", json_string(st->id));
	json_object_set_new(o, "name", json_string(word(shown, st->name)));
	json_object_set_new(o, "summary",
	    json_string(word(shown, st->summary)));
	json_object_set_new(o, "why", json_string(word(shown, st->why)));
	json_object_set_new(o, "kind", json_string(limber_kind_name(st->kind)));
	if (st->muscles != 0)
		json_object_set_new(o, "muscles",
		    bits_json(st->muscles, LIMBER_MUSCLE_COUNT,
			muscle_bit_name));
	if (st->guidance != NULL)
		json_object_set_new(o, "source", json_string(st->guidance));
	json_object_set_new(o, "areas", bits_json(st->areas, 2, area_bit_name));
	json_object_set_new(o, "contexts", bits_json(st->contexts,
	    LIMBER_CONTEXT_COUNT, context_bit_name));
	json_object_set_new(o, "position",
	    json_string(word(shown, st->position)));
	json_object_set_new(o, "needs", bits_json(st->needs, LIMBER_NEED_COUNT,
	    need_bit_name));
	if (st->moves_known)
		json_object_set_new(o, "movements",
		    bits_json(st->moves, LIMBER_MOVE_COUNT, move_bit_name));
	json_object_set_new(o, "sides", json_boolean(st->sides));
	json_object_set_new(o, "dose", json_pack("{s:o, s:o, s:o}",
	    "reps", range_json(&st->reps), "hold_s", range_json(&st->hold_s),
	    "rest_s", range_json(&st->rest_s)));
	json_object_set_new(o, "steps",
	    steps_json(shown, st->steps, st->nsteps, 0));
	json_object_set_new(o, "cues", words_json(shown, st->cues, st->ncues));
	json_object_set_new(o, "cautions",
	    words_json(shown, st->cautions, st->ncautions));
	json_object_set_new(o, "benefits",
	    words_json(shown, st->benefits, st->nbenefits));
	for (size_t i = 0; i < st->nvariants; i++) {
		const struct limber_variant *v = &st->variants[i];

		json_t *vo = json_pack("{s:s, s:s, s:s, s:s, s:o}", "id", v->id,
		    "name", word(shown, v->name), "why", word(shown, v->why),
		    "position", word(shown, v->position), "needs",
		    bits_json(v->needs, LIMBER_NEED_COUNT, need_bit_name));

		if (v->moves_known)
			json_object_set_new(vo, "movements",
			    bits_json(v->moves, LIMBER_MOVE_COUNT,
				move_bit_name));
		json_object_set_new(vo, "steps",
		    steps_json(shown, v->steps, v->nsteps, 0));
		json_array_append_new(vars, vo);
	}
	json_object_set_new(o, "variants", vars);
	for (size_t i = 0; i < st->nscreening; i++) {
		const struct limber_screen_rule *r = &st->screening[i];
		json_t *ro = json_object();

		json_object_set_new(ro, "question", json_string(r->question));
		json_object_set_new(ro, "action", json_string(
		    r->action == LIMBER_ACTION_LEAVE_OUT ? "leave-out" :
		    "change"));
		if (r->action == LIMBER_ACTION_CHANGE)
			json_object_set_new(ro, "variants",
			    texts_json(r->variants, r->nvariants));
		json_object_set_new(ro, "why",
		    json_string(word(shown, r->why)));
		json_array_append_new(rules, ro);
	}
	json_object_set_new(o, "screening", rules);
	/* Shown, the texts are already in the language that asked. */
	if (st->ntr > 0 && shown == NULL)
		json_object_set_new(o, "translations", translations_json(st));
	return o;
}

json_t *
limber_stretch_to_json(const struct limber_stretch *st)
{
	return stretch_json(st, NULL);
}

json_t *
limber_stretch_to_json_shown(const struct limber_stretch *st)
{
	return stretch_json(st, st);
}

json_t *
limber_signs_to_json(unsigned area)
{
	json_t *groups = json_array(), *signs = NULL;
	struct limber_sign *sg;
	size_t n;

	sg = limber_signs(area, &n);
	for (size_t i = 0; i < n; i++) {
		/* The signs come worst first, so a level's are together. */
		if (i == 0 || sg[i].level != sg[i - 1].level) {
			signs = json_array();
			json_array_append_new(groups,
			    json_pack("{s:s, s:s, s:o}", "level",
				limber_level_name(sg[i].level), "help",
				limber_level_help(sg[i].level), "signs",
				signs));
		}
		json_array_append_new(signs,
		    json_pack("{s:s, s:s}", "id", sg[i].id, "text",
			sg[i].text));
	}
	free(sg);
	return groups;
}

json_t *
limber_verdict_to_json(const struct limber_verdict *v)
{
	json_t *o = json_object(), *reasons = json_array(),
	    *changed = json_array();

	json_object_set_new(o, "verdict",
	    json_string(limber_level_name(v->level)));
	for (size_t i = 0; i < v->nreasons; i++)
		json_array_append_new(reasons, json_pack("{s:s, s:s, s:s}",
		    "id", v->reasons[i].id,
		    "level", limber_level_name(v->reasons[i].level),
		    "advice", v->reasons[i].advice));
	json_object_set_new(o, "reasons", reasons);
	json_object_set_new(o, "excluded", texts_json(v->excluded,
	    v->nexcluded));
	for (size_t i = 0; i < v->nchanged; i++) {
		const struct limber_change *c = &v->changed[i];

		json_array_append_new(changed, json_pack("{s:s, s:o, s:s}",
		    "stretch", c->stretch, "variant", c->variant ?
		    json_string(c->variant) : json_null(), "why", c->why));
	}
	json_object_set_new(o, "changed", changed);
	/* The rules to stretch by, beside every verdict that allows it. */
	if (limber_level_allows_session(v->level))
		json_object_set_new(o, "stop_rules",
		    json_string(limber_stop_rules_text()));
	return o;
}

/* A plan as JSON; shown: its stretches' texts as word() gives them. */
static json_t *
plan_json(const struct limber_plan *p, bool shown)
{
	json_t *o = json_object(), *items = json_array(), *left = json_array();

	json_object_set_new(o, "context",
	    json_string(limber_context_name(p->context)));
	json_object_set_new(o, "area",
	    json_string(limber_area_name((enum limber_area)p->area)));
	json_object_set_new(o, "minutes", json_integer(p->minutes));
	json_object_set_new(o, "rounds", json_integer(p->rounds));
	json_object_set_new(o, "seconds", json_integer(p->seconds));
	/* The length to show: the session's, intros and rests included. */
	json_object_set_new(o, "session_seconds",
	    json_integer(limber_plan_session_seconds(p)));
	json_object_set_new(o, "level",
	    json_string(limber_level_name(p->level)));
	json_object_set_new(o, "sport",
	    p->sport != LIMBER_SPORT_NONE ?
		json_string(limber_sport_name(p->sport)) :
		json_null());
	json_object_set_new(o, "stage", json_integer(p->stage));
	for (size_t i = 0; i < p->nitems; i++) {
		const struct limber_plan_item *it = &p->items[i];
		const struct limber_variant *v = it->variant;
		const struct limber_stretch *tr = shown ? it->stretch : NULL;
		json_t *io = json_object();

		json_object_set_new(io, "stretch", json_string(it->stretch->id));
		json_object_set_new(io, "name",
		    json_string(word(tr, it->stretch->name)));
		json_object_set_new(io, "kind",
		    json_string(limber_kind_name(it->stretch->kind)));
		json_object_set_new(io, "variant", v ? json_string(v->id) :
		    json_null());
		json_object_set_new(io, "variant_name",
		    v ? json_string(word(tr, v->name)) : json_null());
		json_object_set_new(io, "position",
		    json_string(word(tr,
			v ? v->position : it->stretch->position)));
		json_object_set_new(io, "sides", json_integer(it->sides));
		json_object_set_new(io, "reps", json_integer(it->reps));
		json_object_set_new(io, "hold_s", json_integer(it->hold_s));
		json_object_set_new(io, "rest_s", json_integer(it->rest_s));
		json_object_set_new(io, "seconds", json_integer(it->seconds));
		json_object_set_new(io, "why", json_string(it->why));
		json_object_set_new(io, "steps",
		    v ? steps_json(tr, v->steps, v->nsteps, it->hold_s) :
			steps_json(tr, it->stretch->steps, it->stretch->nsteps,
			    it->hold_s));
		json_object_set_new(io, "cautions",
		    words_json(tr, it->stretch->cautions,
			it->stretch->ncautions));
		json_array_append_new(items, io);
	}
	json_object_set_new(o, "items", items);
	for (size_t i = 0; i < p->nleft_out; i++)
		json_array_append_new(left, json_pack("{s:s, s:s}", "stretch",
		    p->left_out[i].stretch, "why", p->left_out[i].why));
	json_object_set_new(o, "left_out", left);
	left = json_array();
	for (size_t i = 0; i < p->nlater; i++)
		json_array_append_new(left, json_string(p->later[i]));
	json_object_set_new(o, "later", left);
	json_object_set_new(o, "note", p->note ? json_string(p->note) :
	    json_null());
	json_object_set_new(o, "smaller_dose",
	    p->smaller_dose ? json_string(p->smaller_dose) : json_null());
	return o;
}

json_t *
limber_plan_to_json(const struct limber_plan *p)
{
	return plan_json(p, false);
}

json_t *
limber_plan_to_json_shown(const struct limber_plan *p)
{
	return plan_json(p, true);
}
