/*
 * cmd-plan.c - `limber plan`: a routine for today, and why it is so.
 *
 * The plan is the library's: this file turns options into a request and the
 * plan into words. With --pain (and any --yes) the answers are screened
 * first and the verdict goes into the request, so a blocking verdict gives
 * no plan, only the verdict and exit status 3. Without them the plan says
 * it was not screened.
 */
#include <string.h>

#include "cli.h"
#include "util.h"

static const struct cli_opt plan_opts[] = {
	{ .include = cli_opts_routine },
	{ .include = cli_opts_answers },
	{ "json", NULL, N_("print the plan as JSON"), CLI_KEY_JSON, NULL },
	{ 0 },
};

struct plan_opts {
	struct cli_answers answers;
	struct cli_routine routine;
	bool json;
};

static int
plan_option(void *data, int key, const char *arg)
{
	struct plan_opts *o = data;
	int rc;

	if (key == CLI_KEY_JSON) {
		o->json = true;
		return CLI_CONTINUE;
	}
	rc = cli_routine_option(&o->routine, key, arg);
	if (rc != CLI_NOT_MINE)
		return rc;
	return cli_answers_option(&o->answers, key, arg);
}

/*
 * What was left out, and why. Exercises left out for the same reason share
 * a line, so a catalog of many stays readable.
 */
static void
print_left_out(const struct limber_catalog *cat, const struct limber_plan *p)
{
	bool *done;

	if (p->nleft_out == 0)
		return;
	done = xcalloc(p->nleft_out, sizeof *done);
	fputs(_("\nLeft out:\n"), stdout);
	for (size_t i = 0; i < p->nleft_out; i++) {
		const struct limber_left_out *l = &p->left_out[i];
		char *text, *t;

		if (done[i])
			continue;
		text = xasprintf("%s (%s)", cli_stretch_name(cat, l->stretch),
		    l->stretch);
		for (size_t k = i + 1; k < p->nleft_out; k++) {
			const struct limber_left_out *o = &p->left_out[k];

			if (done[k] || strcmp(o->why, l->why) != 0)
				continue;
			done[k] = true;
			t = xasprintf("%s, %s (%s)", text,
			    cli_stretch_name(cat, o->stretch), o->stretch);
			free(text);
			text = t;
		}
		t = xasprintf("%s: %s", text, l->why);
		cli_print_wrapped(stdout, "  - ", 4, t);
		free(t);
		free(text);
	}
	free(done);
}

/* What fits but waits for another day (docs/planner.md, "Variety"). */
static void
print_later(const struct limber_catalog *cat, const struct limber_plan *p)
{
	char *text = NULL, *t;

	for (size_t i = 0; i < p->nlater; i++) {
		const char *name = cli_stretch_name(cat, p->later[i]);

		t = text == NULL ? xstrdup(name) :
				   xasprintf("%s, %s", text, name);
		free(text);
		text = t;
	}
	if (text == NULL)
		return;
	fputc('\n', stdout);
	cli_print_wrapped(stdout, _("For another day: "), 4, text);
	free(text);
}

/*
 * The plan's first line names the context and the area by the words the
 * options use in English; other languages give them as words of their own.
 */
static const char *const context_words[LIMBER_CONTEXT_COUNT] = {
	/* TRANSLATORS: the plan's context, as in "Plan: general, area
	   both"; English gives the --context option's values. */
	NC_("plan context", "general"),
	NC_("plan context", "after-workout"),
	NC_("plan context", "desk"),
};

static const char *const area_words[] = {
	/* TRANSLATORS: the plan's area, as in "Plan: general, area both";
	   English gives the --area option's values. */
	[LIMBER_AREA_UPPER] = NC_("plan area", "upper"),
	[LIMBER_AREA_LOWER] = NC_("plan area", "lower"),
	[LIMBER_AREA_BOTH] = NC_("plan area", "both"),
};

static const char *
stage_words(int stage)
{
	switch (stage) {
	case LIMBER_STAGE_BUILDING:
		return _("building (strength added)");
	case LIMBER_STAGE_STRONGER:
		return _("stronger (strength and control)");
	default:
		return _("gentle (movement and stretches)");
	}
}

static void
print_item(size_t n, const struct limber_plan_item *it)
{
	char time[16], *first;

	first = xasprintf("%2zu. ", n);
	if (it->variant != NULL) {
		/* TRANSLATORS: a stretch's name, then the way it is done. */
		char *name = xasprintf(_("%s, as \"%s\""),
		    limber_stretch_text(it->stretch, it->stretch->name),
		    limber_stretch_text(it->stretch, it->variant->name));

		cli_print_wrapped(stdout, first, 4, name);
		free(name);
	} else
		cli_print_wrapped(stdout, first, 4,
		    limber_stretch_text(it->stretch, it->stretch->name));
	free(first);

	/* TRANSLATORS: "each side, " or nothing, the repetitions, the
	 * seconds of each hold. */
	printf(_("    %s%d × %d s hold, "),
	    it->sides == 2 ? _("each side, ") : "", it->reps, it->hold_s);
	if (it->rest_s > 0)
		printf(_("%d s rest"), it->rest_s);
	else
		fputs(_("no rest"), stdout);
	printf(" — %s\n", cli_mmss(time, sizeof time, it->seconds));
	if (it->why != NULL)
		cli_print_wrapped(stdout, _("    Why: "), 4, it->why);
}

static void
print_plan(const struct limber_catalog *cat, const struct limber_request *req,
    const struct limber_plan *p)
{
	char time[16], *mins, *rounds;

	if (p->nitems == 0) {
		if (p->note != NULL)
			cli_print_wrapped(stdout, "", 0, p->note);
		else
			fputs(_("No stretch fits this request.\n"), stdout);
		print_left_out(cat, p);
		return;
	}

	/*
	 * The minutes the person asked for: a desk break plans 2 to 5. The
	 * length is the session's, intros and rests included, as the session
	 * and the page show it.
	 */
	mins = xasprintf(P_("%d minute", "%d minutes",
			     (unsigned long)req->minutes),
	    req->minutes);
	rounds = xasprintf(
	    P_("%d round", "%d rounds", (unsigned long)p->rounds), p->rounds);
	/* TRANSLATORS: the context's and the area's words, "10 minutes",
	 * the session's length, "2 rounds". */
	printf(_("Plan: %s, area %s, %s asked: a session of %s, %s\n"),
	    (unsigned)p->context < LIMBER_CONTEXT_COUNT ?
		C_("plan context", context_words[p->context]) :
		limber_context_name(p->context),
	    (unsigned)p->area < nitems(area_words) &&
		    area_words[p->area] != NULL ?
		C_("plan area", area_words[p->area]) :
		limber_area_name((enum limber_area)p->area),
	    mins, cli_mmss(time, sizeof time, limber_plan_session_seconds(p)),
	    rounds);
	free(mins);
	free(rounds);
	if (p->sport != LIMBER_SPORT_NONE)
		printf(_("A cool-down after %s.\n"),
		    limber_sport_words(p->sport));
	printf(_("Stage: %s\n"), stage_words(p->stage));
	if (req->verdict == NULL)
		cli_print_wrapped(stdout, "", 0,
		    _("Not screened: run 'limber "
		      "check' before you stretch, or give --pain and your --yes "
		      "answers to plan."));
	else
		printf(_("Screening: %s\n"), cli_level_words(p->level));
	if (p->smaller_dose != NULL)
		cli_print_wrapped(stdout, _("Smaller dose: "), 4,
		    p->smaller_dose);
	if (p->rounds > 1)
		printf(_("Go through the list %d times.\n"), p->rounds);
	fputc('\n', stdout);

	for (size_t i = 0; i < p->nitems; i++)
		print_item(i + 1, &p->items[i]);
	print_later(cat, p);
	print_left_out(cat, p);
	if (p->note != NULL) {
		fputc('\n', stdout);
		cli_print_wrapped(stdout, _("Note: "), 6, p->note);
	}
	fputc('\n', stdout);
	cli_print_stop_rules(stdout);
}

int
cli_plan_show(struct cli_ctx *ctx, const struct limber_request *req, bool json)
{
	struct limber_plan *p = NULL;
	enum limber_status st;
	char *cause = NULL;
	int rc;

	/* Nothing is planned or started on a held day (docs/safety.md). */
	if ((rc = cli_day_hold(ctx, json)) != CLI_CONTINUE)
		return rc;
	st = limber_plan_build(ctx->catalog, req, &p, &cause);
	if (st == LIMBER_ERR_BLOCKED && req->verdict != NULL) {
		free(cause);
		if (json) {
			rc = cli_print_json(json_pack("{s:o, s:n}", "verdict",
			    limber_verdict_to_json(req->verdict), "plan"));
			if (rc != CLI_EXIT_OK)
				return rc;
		} else
			cli_print_verdict(stdout, ctx->catalog, req->verdict);
		return CLI_EXIT_BLOCKED;
	}
	if (st != LIMBER_OK) {
		rc = cli_error("%s",
		    cause != NULL ? cause : _("the plan could not be made"));
		free(cause);
		limber_plan_free(p);
		return rc;
	}

	if (json) {
		json_t *j = limber_plan_to_json(p);

		/* The safety box, as the handout prints it (docs/planner.md). */
		json_object_set_new(j, "get_help",
		    limber_signs_to_json(p->area));
		rc = cli_print_json(j);
	} else {
		print_plan(ctx->catalog, req, p);
		rc = CLI_EXIT_OK;
	}
	limber_plan_free(p);
	return rc;
}

static int
plan_run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct cli_request rq = { .verdict = NULL };
	struct plan_opts o = { .json = false };
	int rc, first;

	cli_answers_init(&o.answers);
	cli_routine_init(&o.routine);
	rc = cli_parse(ctx, argc, argv, plan_option, &o, &first);
	if (rc != CLI_CONTINUE)
		goto out;
	if (first < argc) {
		rc = cli_usage_error(ctx,
		    _("plan takes no arguments, not '%s'"), argv[first]);
		goto out;
	}
	rc = cli_request_build(ctx, &o.answers, &o.routine, &rq);
	if (rc == CLI_CONTINUE)
		rc = cli_plan_show(ctx, &rq.req, o.json);
out:
	cli_request_release(&rq);
	cli_answers_release(&o.answers);
	return rc;
}

const struct cli_cmd cli_cmd_plan = {
	.name = "plan",
	.summary = N_("compose a stretching routine for today"),
	.usage = "limber plan [--area AREA] [--minutes N] [--context CONTEXT]\n"
		 "            [--no-floor] [--no-kneeling] [--no-lying]\n"
		 "            [--pain N [--yes ID]...] [--json]",
	.description = N_(
	    "Picks the stretches for the area that hurts (both, unless --area\n"
	    "says otherwise), the variant of each that your body allows today,\n"
	    "the repetitions, holds and rests, and the order, to fit the minutes\n"
	    "you have (10 unless --minutes says otherwise). Each stretch comes\n"
	    "with the reason it is there; stretches left out say why.\n"
	    "\n"
	    "With --pain, and --yes for each screening question answered yes,\n"
	    "the answers are screened first, as 'limber check' does. When the\n"
	    "verdict rules out stretching, plan prints the verdict instead of a\n"
	    "plan and exits with status 3. Without --pain the plan is not\n"
	    "screened: run 'limber check' first."),
	.opts = plan_opts,
	.flags = CMD_NEEDS_CATALOG | CMD_READS_JOURNAL | CMD_ONLY_READS,
	.run = plan_run,
};
