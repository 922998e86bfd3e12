/*
 * cmd-stretches.c - `limber stretches`: the catalog, one line a stretch.
 *
 * A quick look at what limber knows, built-in and the user's own; `limber
 * show ID` tells the rest. The JSON form keeps the same few fields, named
 * as in the catalog files.
 */
#include "cli.h"
#include "util.h"

static const struct cli_opt stretches_opts[] = {
	{ "json", NULL,
	    N_("print the list as JSON: id, name, kind, areas, "
	       "summary, position, needs and sides of each exercise"),
	    CLI_KEY_JSON, NULL },
	{ 0 },
};

static int
stretches_option(void *data, int key, const char *arg)
{
	bool *json = data;

	(void)arg;
	if (key != CLI_KEY_JSON)
		return CLI_NOT_MINE;
	*json = true;
	return CLI_CONTINUE;
}

static json_t *
names_json(unsigned bits, int count, bool areas)
{
	json_t *arr = json_array();

	for (int i = 0; i < count; i++) {
		unsigned bit = 1u << i;
		const char *name;

		if ((bits & bit) == 0)
			continue;
		name = areas ? limber_area_name((enum limber_area)bit) :
			       limber_need_name((enum limber_need)bit);
		json_array_append_new(arr, json_string(name != NULL ? name : "?"));
	}
	return arr;
}

static json_t *
stretch_json(const struct limber_stretch *st)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:b}", "id",
	    st->id, "name", st->name, "kind", limber_kind_name(st->kind),
	    "areas", names_json(st->areas, 2, true), "summary", st->summary,
	    "position", st->position, "needs",
	    names_json(st->needs, LIMBER_NEED_COUNT, false), "sides",
	    st->sides);
}

static int
stretches_run(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct limber_catalog *cat = ctx->catalog;
	bool json = false;
	int rc, first, idw = 0, namew = 0;

	rc = cli_parse(ctx, argc, argv, stretches_option, &json, &first);
	if (rc != CLI_CONTINUE)
		return rc;
	if (first < argc)
		return cli_usage_error(ctx,
		    _("stretches takes no arguments, not "
		      "'%s'"),
		    argv[first]);

	if (json) {
		json_t *arr = json_array();

		for (size_t i = 0; i < cat->n; i++)
			json_array_append_new(arr, stretch_json(cat->stretches[i]));
		return cli_print_json(arr);
	}

	for (size_t i = 0; i < cat->n; i++) {
		int w = (int)strlen(cat->stretches[i]->id);

		idw = w > idw ? w : idw;
		/* Characters, not bytes: a translated name has accents. */
		w = cli_width(limber_stretch_text(cat->stretches[i],
		    cat->stretches[i]->name));
		namew = w > namew ? w : namew;
	}
	for (size_t i = 0; i < cat->n; i++) {
		const struct limber_stretch *st = cat->stretches[i];

		printf("%-*s  ", idw, st->id);
		cli_print_padded(stdout, limber_stretch_text(st, st->name),
		    namew);
		printf("  %-5s  %-13s  ",
		    limber_area_name((enum limber_area)st->areas),
		    limber_kind_name(st->kind));
		cli_puts(stdout, limber_stretch_text(st, st->summary));
		fputc('\n', stdout);
	}
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_stretches = {
	.name = "stretches",
	.summary = N_("list the stretches limber knows"),
	.usage = "limber stretches [--json]",
	.description = N_(
	    "Lists every exercise in the catalog, the built-in ones and your\n"
	    "own, one a line: its id, its name, the area it helps (upper, lower\n"
	    "or both), its kind (stretch, mobility, strength or motor-control)\n"
	    "and what it is for. 'limber show ID' tells all about one."),
	.opts = stretches_opts,
	.flags = CMD_NEEDS_CATALOG,
	.run = stretches_run,
};
