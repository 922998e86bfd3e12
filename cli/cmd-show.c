/*
 * cmd-show.c - `limber show ID`: everything about one stretch.
 *
 * The whole catalog entry as a person reads it: what it is for and why,
 * where and how it is done, the dose, the steps with their seconds, what to
 * watch for, the variants for bodies and rooms that need them, and how the
 * screening answers change it. --json gives the library's own form.
 */
#include "cli.h"
#include "util.h"

static const struct cli_opt show_opts[] = {
	{ "json", NULL, "print the stretch as JSON, in the catalog's form",
	    CLI_KEY_JSON, NULL },
	{ 0 },
};

static int
show_option(void *data, int key, const char *arg)
{
	bool *json = data;

	(void)arg;
	if (key != CLI_KEY_JSON)
		return CLI_NOT_MINE;
	*json = true;
	return CLI_CONTINUE;
}

static void
print_steps(const struct limber_step *steps, size_t n, int hold_s,
    int indent)
{
	for (size_t i = 0; i < n; i++) {
		char *first, *text;

		first = xasprintf("%*s%2zu. ", indent, "", i + 1);
		if (steps[i].hold)
			text = xasprintf("%s (hold" CLI_NBSP_S "%d" CLI_NBSP_S
			    "s)", steps[i].text, hold_s);
		else if (steps[i].seconds > 0)
			text = xasprintf("%s (%d" CLI_NBSP_S "s)", steps[i].text,
			    steps[i].seconds);
		else
			text = xstrdup(steps[i].text);
		cli_print_wrapped(stdout, first, indent + 4, text);
		free(text);
		free(first);
	}
}

static void
print_list(const char *title, char *const *items, size_t n)
{
	if (n == 0)
		return;
	printf("\n%s:\n", title);
	for (size_t i = 0; i < n; i++)
		cli_print_wrapped(stdout, "  - ", 4, items[i]);
}

static void
print_contexts(unsigned contexts)
{
	bool any = false;

	for (int i = 0; i < LIMBER_CONTEXT_COUNT; i++) {
		const char *name;

		if ((contexts & (1u << i)) == 0)
			continue;
		name = limber_context_name((enum limber_context)i);
		printf("%s%s", any ? ", " : "", name != NULL ? name : "?");
		any = true;
	}
	fputc('\n', stdout);
}

static void
print_variant(const struct limber_stretch *st, const struct limber_variant *v)
{
	char *first;

	first = xasprintf("  %s: ", v->id);
	cli_print_wrapped(stdout, first, 4, v->name);
	free(first);
	cli_print_wrapped(stdout, "    When: ", 6, v->why);
	cli_print_wrapped(stdout, "    Position: ", 6, v->position);
	fputs("    Needs: ", stdout);
	cli_print_needs(stdout, v->needs);
	fputs("\n    Steps:\n", stdout);
	print_steps(v->steps, v->nsteps, st->hold_s.start, 4);
}

static void
print_rule(const struct limber_screen_rule *r)
{
	char *first, *names;

	if (r->action == LIMBER_ACTION_LEAVE_OUT)
		first = xasprintf("  - yes to %s: left out: ", r->question);
	else if (r->nvariants == 0)
		first = xasprintf("  - yes to %s: done differently: ",
		    r->question);
	else {
		names = xstrdup(r->variants[0]);
		for (size_t i = 1; i < r->nvariants; i++) {
			char *more = xasprintf("%s, or %s", names, r->variants[i]);

			free(names);
			names = more;
		}
		first = xasprintf("  - yes to %s: done as %s: ", r->question,
		    names);
		free(names);
	}
	cli_print_wrapped(stdout, first, 4, r->why);
	free(first);
}

static void
print_stretch(const struct limber_stretch *st)
{
	char *dose;

	printf("%s (%s)\n", st->name, st->id);
	cli_print_wrapped(stdout, "", 0, st->summary);
	fputc('\n', stdout);
	cli_print_wrapped(stdout, "Why it helps: ", 2, st->why);
	printf("Areas: %s\n", st->areas == LIMBER_AREA_BOTH ? "upper, lower" :
	    cli_area_name(st->areas));
	fputs("Suits: ", stdout);
	print_contexts(st->contexts);
	cli_print_wrapped(stdout, "Position: ", 2, st->position);
	fputs("Needs: ", stdout);
	cli_print_needs(stdout, st->needs);
	fputc('\n', stdout);
	printf("Sides: %s\n", st->sides ? "once on each side, left then right" :
	    "not one-sided, done once");
#define RANGE "(%d" CLI_NBSP_S "to" CLI_NBSP_S "%d)"
	dose = xasprintf("%d %s to start " RANGE ", holds of %d" CLI_NBSP_S
	    "s " RANGE ", rests of %d" CLI_NBSP_S "s " RANGE,
	    st->reps.start, st->reps.start == 1 ? "repetition" : "repetitions",
	    st->reps.min, st->reps.max,
	    st->hold_s.start, st->hold_s.min, st->hold_s.max,
	    st->rest_s.start, st->rest_s.min, st->rest_s.max);
#undef RANGE
	cli_print_wrapped(stdout, "Dose: ", 2, dose);
	free(dose);

	fputs("\nSteps, for one repetition:\n", stdout);
	print_steps(st->steps, st->nsteps, st->hold_s.start, 0);
	print_list("Cues", st->cues, st->ncues);
	print_list("Cautions", st->cautions, st->ncautions);
	print_list("Benefits", st->benefits, st->nbenefits);

	if (st->nvariants > 0) {
		fputs("\nVariants:\n", stdout);
		for (size_t i = 0; i < st->nvariants; i++) {
			if (i > 0)
				fputc('\n', stdout);
			print_variant(st, &st->variants[i]);
		}
	}
	if (st->nscreening > 0) {
		fputs("\nScreening:\n", stdout);
		for (size_t i = 0; i < st->nscreening; i++)
			print_rule(&st->screening[i]);
	}
	if (st->source != NULL)
		printf("\nSource: %s\n", st->source);
}

static int
unknown_stretch(const struct limber_catalog *cat, const char *id)
{
	fprintf(stderr, "limber: no stretch '%s'; known: ", id);
	for (size_t i = 0; i < cat->n; i++)
		fprintf(stderr, "%s%s", i > 0 ? ", " : "", cat->stretches[i]->id);
	fputc('\n', stderr);
	return CLI_EXIT_ERROR;
}

static int
show_run(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct limber_stretch *st;
	bool json = false;
	int rc, first;

	rc = cli_parse(ctx, argc, argv, show_option, &json, &first);
	if (rc != CLI_CONTINUE)
		return rc;
	if (first >= argc)
		return cli_usage_error(ctx, "show needs a stretch id, as listed "
		    "by 'limber stretches'");
	if (argc - first > 1)
		return cli_usage_error(ctx, "show takes one stretch id, not "
		    "also '%s'", argv[first + 1]);

	st = limber_catalog_find(ctx->catalog, argv[first]);
	if (st == NULL)
		return unknown_stretch(ctx->catalog, argv[first]);
	if (json)
		return cli_print_json(limber_stretch_to_json(st));
	print_stretch(st);
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_show = {
	.name = "show",
	.summary = "show everything about one stretch",
	.usage = "limber show [--json] ID",
	.description =
	    "Shows the stretch with the id ID: what it helps and why, where\n"
	    "and how it is done, its dose, each step with its seconds, the\n"
	    "cues, cautions and benefits, its variants, and how screening\n"
	    "answers change it. 'limber stretches' lists the ids.",
	.opts = show_opts,
	.flags = CMD_NEEDS_CATALOG,
	.run = show_run,
};
