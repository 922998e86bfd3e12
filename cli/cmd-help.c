/*
 * cmd-help.c - `limber help [COMMAND]`: the help texts of help.c, for the
 * whole program or one of its commands.
 */
#include "cli.h"

static const struct cli_opt help_opts[] = {
	{ 0 },
};

static int
help_option(void *data, int key, const char *arg)
{
	(void)data;
	(void)key;
	(void)arg;
	return CLI_NOT_MINE;
}

static int
help_run(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_cmd *cmd;
	int rc, first;

	rc = cli_parse(ctx, argc, argv, help_option, NULL, &first);
	if (rc != CLI_CONTINUE)
		return rc;
	if (first >= argc) {
		cli_help_main(stdout, ctx->cmds);
		return CLI_EXIT_OK;
	}
	if (argc - first > 1)
		return cli_usage_error(ctx,
		    _("help takes one command, not also "
		      "'%s'"),
		    argv[first + 1]);
	cmd = cli_cmd_find(ctx->cmds, argv[first]);
	if (cmd == NULL)
		return cli_usage_error(NULL, _("unknown command '%s'"),
		    argv[first]);
	cli_help_cmd(stdout, cmd);
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_help = {
	.name = "help",
	.summary = N_("show the help of limber or of one command"),
	.usage = "limber help [COMMAND]",
	.description = N_(
	    "With no COMMAND, lists the commands, as 'limber --help' does.\n"
	    "With one, shows its usage, what it does and all its options."),
	.opts = help_opts,
	.flags = 0,
	.run = help_run,
};
