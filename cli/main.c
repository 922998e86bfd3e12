/*
 * main.c - the `limber` program: the command table and the dispatcher.
 *
 * As in git's git.c, the table lists every subcommand, and flags on a
 * command ask for shared setup that is done once here: CMD_NEEDS_CATALOG
 * loads the built-in catalog and then the user's own stretches. A catalog
 * that cannot be read in full stops the program; a coach never works from
 * half a catalog.
 *
 * With no command, limber does the day's main job on a terminal: the
 * safety questions, then a plan for the area that hurts.
 */
#include <errno.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"

const struct cli_cmd *const cli_cmds[] = {
	&cli_cmd_check,
	&cli_cmd_plan,
	&cli_cmd_stretches,
	&cli_cmd_show,
	&cli_cmd_catalog,
	&cli_cmd_help,
	NULL,
};

const struct cli_cmd *
cli_cmd_find(const char *name)
{
	for (size_t i = 0; cli_cmds[i] != NULL; i++) {
		if (strcmp(cli_cmds[i]->name, name) == 0)
			return cli_cmds[i];
	}
	return NULL;
}

/* $XDG_DATA_HOME/limber/stretches, or under ~/.local/share; NULL if neither. */
static char *
user_stretches_dir(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	/* The XDG spec says to ignore a relative path. */
	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/limber/stretches", xdg);
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/.local/share/limber/stretches", home);
	return NULL;
}

static int
load_catalog(struct cli_ctx *ctx)
{
	char *cause = NULL, *dir;
	int rc = CLI_EXIT_OK;

	if (limber_catalog_builtin(&ctx->catalog, &cause) != LIMBER_OK) {
		rc = cli_error("%s", cause != NULL ? cause :
		    "the built-in catalog could not be loaded");
		free(cause);
		ctx->catalog = NULL;
		return rc;
	}
	dir = user_stretches_dir();
	if (dir != NULL &&
	    limber_catalog_add_dir(ctx->catalog, dir, &cause) != LIMBER_OK) {
		rc = cli_error("%s", cause != NULL ? cause : dir);
		free(cause);
		limber_catalog_free(ctx->catalog);
		ctx->catalog = NULL;
	}
	free(dir);
	return rc;
}

static int
version(void)
{
	printf("limber %s\n", LIMBER_VERSION);
	printf("features: catalog, screening, planner\n");
	return CLI_EXIT_OK;
}

/* `limber` alone: check on the terminal, then plan for the area given. */
static int
run_default(struct cli_ctx *ctx)
{
	struct limber_verdict *v = NULL;
	struct limber_request req;
	unsigned area = 0;
	int rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cli_usage_error(NULL, "with no command, limber asks "
		    "questions and needs a terminal; for scripts, use 'limber "
		    "check' and 'limber plan' with options");
	if ((rc = load_catalog(ctx)) != CLI_EXIT_OK)
		return rc;

	rc = cli_check_ask(ctx, &v, &area);
	if (rc != CLI_CONTINUE)
		goto out;
	cli_print_verdict(stdout, ctx->catalog, v);
	rc = cli_verdict_status(v);
	if (rc != CLI_EXIT_OK)
		goto out;

	fputs("\n", stdout);
	req = (struct limber_request){
		.area = area,
		.minutes = 10,
		.context = LIMBER_CONTEXT_GENERAL,
		.limits = 0,
		.verdict = v,
	};
	rc = cli_plan_show(ctx, &req, false);
	if (rc == CLI_EXIT_OK) {
		fputc('\n', stdout);
		cli_print_wrapped(stdout, "", 0, "For more or less time, or "
		    "if the floor, kneeling or lying down is hard today, see "
		    "'limber help plan'.");
	}
out:
	limber_verdict_free(v);
	return rc;
}

static int
run_command(struct cli_ctx *ctx, int argc, char **argv)
{
	int rc;

	ctx->cmd = cli_cmd_find(argv[0]);
	if (ctx->cmd == NULL)
		return cli_usage_error(NULL, "unknown command '%s'", argv[0]);
	if ((ctx->cmd->flags & CMD_NEEDS_CATALOG) &&
	    (rc = load_catalog(ctx)) != CLI_EXIT_OK)
		return rc;
	return ctx->cmd->run(ctx, argc, argv);
}

int
main(int argc, char **argv)
{
	struct cli_ctx ctx = { .catalog = NULL, .cmd = NULL };
	int rc;

	if (argc < 2)
		rc = run_default(&ctx);
	else if (argv[1][0] == '-' && argc > 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--version") == 0))
		rc = cli_usage_error(NULL, "%s takes no arguments", argv[1]);
	else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_help_main(stdout);
		rc = CLI_EXIT_OK;
	} else if (strcmp(argv[1], "--version") == 0)
		rc = version();
	else if (argv[1][0] == '-')
		rc = cli_usage_error(NULL, "unknown option '%s'", argv[1]);
	else
		rc = run_command(&ctx, argc - 1, argv + 1);
	limber_catalog_free(ctx.catalog);

	/* A full disk or a closed pipe must not pass for success. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write the output: %s", strerror(errno));
		rc = CLI_EXIT_ERROR;
	}
	return rc;
}
