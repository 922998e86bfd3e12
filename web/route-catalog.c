/*
 * route-catalog.c - what the server knows without the journal: its
 * version, the stretches and their figures. The screening questions are
 * the check's (route-check.c).
 *
 * The catalog is loaded once before the server starts and never changes
 * while it runs, so these handlers take no lock. Figures come from the
 * pose model through the SVG renderer (render/): the same figure as
 * `limber show --svg`, one step at a time or a whole stretch animated.
 */
#define LIMBER_WEB_INTERNAL
#include <limber/render.h>

#include "web.h"
#include "i18n.h"
#include "util.h"

#define FIGURE_W 480
#define FIGURE_H 360

enum web_result
web_route_info(struct web_req *rq)
{
	const struct i18n_lang *now = i18n_current();
	json_t *langs;

	if (!web_query_known_or_respond(rq, (const char *const[]){ NULL }))
		return rq->ret;
	/*
	 * The languages built in, for Settings' choice, and the one this
	 * request got from its Accept-Language (docs/api.md, "Languages").
	 */
	langs = json_array();
	for (size_t i = 0; i < i18n_lang_count(); i++) {
		const struct i18n_lang *l = i18n_lang_at(i);

		json_array_append_new(langs,
		    json_pack("{s:s, s:s, s:s, s:b}", "tag", i18n_lang_tag(l),
			"bcp47", i18n_lang_bcp47(l), "name", i18n_lang_name(l),
			"rtl", i18n_lang_rtl(l)));
	}
	return web_respond_json(rq, 200,
	    json_pack("{s:s, s:b, s:b, s:i, s:i, s:o, s:s}", "version",
		LIMBER_VERSION, "lan", rq->w->lan, "figures", 1, "severe_pain",
		LIMBER_SEVERE_PAIN, "body_max", WEB_BODY_MAX, "languages",
		langs, "language", i18n_lang_tag(now)));
}

/* Whether any step of the stretch has a figure. */
static bool
has_figures(const struct limber_stretch *st)
{
	for (size_t i = 0; i < st->nsteps; i++) {
		if (st->steps[i].pose != NULL)
			return true;
	}
	return false;
}

static json_t *
stretch_json(const struct limber_stretch *st)
{
	json_t *j = limber_stretch_to_json_shown(st);

	json_object_set_new(j, "figures", json_boolean(has_figures(st)));
	/* Where it came from is the user's business, not the page's. */
	json_object_del(j, "source");
	return j;
}

enum web_result
web_route_stretches(struct web_req *rq)
{
	const struct limber_catalog *cat = rq->w->cat;
	json_t *arr;

	if (!web_query_known_or_respond(rq, (const char *const[]){ NULL }))
		return rq->ret;
	arr = json_array();
	for (size_t i = 0; i < cat->n; i++)
		json_array_append_new(arr, stretch_json(cat->stretches[i]));
	return web_respond_json(rq, 200, json_pack("{s:o}", "stretches", arr));
}

static const struct limber_stretch *
stretch_or_respond(struct web_req *rq)
{
	const struct limber_stretch *st = limber_catalog_find(rq->w->cat,
	    rq->param);

	if (st == NULL)
		web_respond_error(rq, 404, "not-found", "no stretch \"%.40s\" in "
		    "the catalog", rq->param);
	return st;
}

enum web_result
web_route_stretch(struct web_req *rq)
{
	const struct limber_stretch *st;

	if (!web_query_known_or_respond(rq, (const char *const[]){ NULL }))
		return rq->ret;
	if ((st = stretch_or_respond(rq)) == NULL)
		return rq->ret;
	return web_respond_json(rq, 200, stretch_json(st));
}

/* The steps of ?variant=ID, or of the stretch itself. */
static bool
steps_or_respond(struct web_req *rq, const struct limber_stretch *st,
    const struct limber_step **steps, size_t *n)
{
	const char *id = web_query(rq, "variant");
	const struct limber_variant *v;

	*steps = st->steps;
	*n = st->nsteps;
	if (id == NULL)
		return true;
	v = limber_stretch_variant(st, id);
	if (v == NULL) {
		web_respond_error(rq, 404, "not-found", "%s has no variant "
		    "\"%.40s\"", st->id, id);
		return false;
	}
	*steps = v->steps;
	*n = v->nsteps;
	return true;
}

static enum web_result
svg(struct web_req *rq, char *text)
{
	if (text == NULL)
		return web_respond_error(rq, 404, "no-figure", "this stretch has "
		    "no figure");
	return web_respond_bytes(rq, 200, "image/svg+xml", text, strlen(text));
}

enum web_result
web_route_figure(struct web_req *rq)
{
	static const char *const known[] = { "step", "side", "variant", NULL };
	const struct limber_stretch *st;
	const struct limber_step *steps;
	struct limber_pose pose, prev;
	size_t n;
	long step, side;
	bool moved;

	if (!web_query_known_or_respond(rq, known) ||
	    (st = stretch_or_respond(rq)) == NULL ||
	    !steps_or_respond(rq, st, &steps, &n) ||
	    !web_query_int_or_respond(rq, "step", 0, (long)n - 1, 0, &step) ||
	    !web_query_int_or_respond(rq, "side", 1, 2, 1, &side))
		return rq->ret;
	if (!limber_step_pose(&steps[step], (int)side, &pose))
		return web_respond_error(rq, 404, "no-figure", "step %ld of %s "
		    "has no figure", step, st->id);
	/* Moving from the step before: its ghost and the arrow. */
	moved = step > 0 &&
	    limber_step_pose(&steps[step - 1], (int)side, &prev);
	return svg(rq,
	    render_svg(&pose, moved ? &prev : NULL, FIGURE_W, FIGURE_H));
}

enum web_result
web_route_animation(struct web_req *rq)
{
	static const char *const known[] = { "side", "variant", NULL };
	const struct limber_stretch *st;
	const struct limber_step *steps;
	struct limber_pose *poses;
	double *seconds;
	bool *holds;
	size_t n, got;
	long side;
	char *text;

	if (!web_query_known_or_respond(rq, known) ||
	    (st = stretch_or_respond(rq)) == NULL ||
	    !steps_or_respond(rq, st, &steps, &n) ||
	    !web_query_int_or_respond(rq, "side", 1, 2, 1, &side))
		return rq->ret;
	poses = xcalloc(n, sizeof *poses);
	seconds = xcalloc(n, sizeof *seconds);
	holds = xcalloc(n, sizeof *holds);
	got = render_step_poses(steps, n, (int)side, st->hold_s.start, poses,
	    seconds, holds);
	text = got > 0 ? render_svg_animated(poses, seconds, holds, got,
	    FIGURE_W, FIGURE_H) : NULL;
	free(poses);
	free(seconds);
	free(holds);
	return svg(rq, text);
}
