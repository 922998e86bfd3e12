/*
 * cmd-catalog.c - `limber catalog check FILE...`: is a stretch file good?
 *
 * For people who write stretch files. Each file is checked with the same
 * rules the program uses when it loads the catalog, and the errors are the
 * library's, naming file, line, column and field. Files checked together
 * must not share an id, since one would silently replace the other.
 */
#include "cli.h"
#include "util.h"

static const struct cli_opt catalog_opts[] = {
	{ 0 },
};

/* Whether the stretch and every variant say how they move the spine. */
static bool
moves_declared(const struct limber_stretch *st)
{
	for (size_t i = 0; i < st->nvariants; i++) {
		if (!st->variants[i].moves_known)
			return false;
	}
	return st->moves_known;
}

static int
catalog_option(void *data, int key, const char *arg)
{
	(void)data;
	(void)key;
	(void)arg;
	return CLI_NOT_MINE;
}

static int
catalog_check(int nfiles, char **files)
{
	struct limber_stretch **good;
	const char **paths;
	size_t ngood = 0;
	int rc = CLI_EXIT_OK;

	good = xcalloc((size_t)nfiles, sizeof *good);
	paths = xcalloc((size_t)nfiles, sizeof *paths);
	for (int i = 0; i < nfiles; i++) {
		struct limber_stretch *st = NULL;
		char *cause = NULL;
		size_t j;

		if (limber_stretch_load_file(files[i], &st, &cause) != LIMBER_OK) {
			cli_error("%s", cause != NULL ? cause : files[i]);
			free(cause);
			limber_stretch_free(st);
			rc = CLI_EXIT_ERROR;
			continue;
		}
		for (j = 0; j < ngood; j++) {
			if (strcmp(good[j]->id, st->id) == 0)
				break;
		}
		if (j < ngood) {
			cli_error(_("%s: id '%s' is already used by %s"),
			    files[i], st->id, paths[j]);
			limber_stretch_free(st);
			rc = CLI_EXIT_ERROR;
			continue;
		}
		cli_puts(stdout, files[i]);
		printf(_(": ok (%s)\n"), st->id);
		if (!moves_declared(st))
			cli_print_wrapped(stdout, _("  note: "), 8,
			    _("a version has no \"movements\", so it counts as "
			      "doing every movement and is left out after "
			      "answers that rule one out, such as osteoporosis "
			      "(docs/catalog.md)."));
		paths[ngood] = files[i];
		good[ngood++] = st;
	}
	for (size_t j = 0; j < ngood; j++)
		limber_stretch_free(good[j]);
	free(good);
	free(paths);
	return rc;
}

static int
catalog_run(struct cli_ctx *ctx, int argc, char **argv)
{
	int rc, first;

	rc = cli_parse(ctx, argc, argv, catalog_option, NULL, &first);
	if (rc != CLI_CONTINUE)
		return rc;
	if (first >= argc)
		return cli_usage_error(ctx,
		    _("catalog needs a command: check"));
	if (strcmp(argv[first], "check") != 0)
		return cli_usage_error(ctx, _("unknown catalog command '%s'"),
		    argv[first]);
	if (first + 1 >= argc)
		return cli_usage_error(ctx,
		    _("catalog check needs at least one "
		      "file"));
	return catalog_check(argc - first - 1, argv + first + 1);
}

const struct cli_cmd cli_cmd_catalog = {
	.name = "catalog",
	.summary = N_("check stretch files before adding them to the catalog"),
	.usage = "limber catalog check FILE...",
	.description = N_(
	    "Checks each stretch file with the rules the program uses when it\n"
	    "loads the catalog, and prints 'FILE: ok (ID)' for each good one.\n"
	    "Errors name the file, the line and column, and the field. Files\n"
	    "checked together must not share an id. The exit status is 0 when\n"
	    "every file is good and 1 otherwise.\n"
	    "\n"
	    "Your own stretches live in $XDG_DATA_HOME/limber/stretches/ (by\n"
	    "default ~/.local/share/limber/stretches/), one file each. If one\n"
	    "of them is bad, limber stops rather than use half a catalog."),
	.opts = catalog_opts,
	.flags = 0,
	.run = catalog_run,
};
