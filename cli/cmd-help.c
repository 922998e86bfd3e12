/*
 * cmd-help.c - `limber help [COMMAND]`, `limber --help` and `CMD --help`.
 *
 * All help is printed from the command table and the option tables, the
 * same ones that drive parsing, so an option cannot be missing from it.
 * The man page, doc/limber.1.scd, says the same at more length; the tests
 * check that every command and option printed here appears there too.
 */
#include "cli.h"
#include "util.h"

/* Longer option names than this get their help on the line below. */
#define OPT_COLUMN 24

static void
print_indented(FILE *fp, const char *indent, const char *text)
{
	const char *p = text;

	while (*p != '\0') {
		size_t len = strcspn(p, "\n");

		if (len > 0)
			fprintf(fp, "%s%.*s", indent, (int)len, p);
		fputc('\n', fp);
		p += len;
		if (*p == '\n')
			p++;
	}
}

static void
print_opt(FILE *fp, const struct cli_opt *o, int width)
{
	char *left, *first;

	left = xasprintf("%s--%s%s%s", o->key == CLI_KEY_HELP ? "-h, " : "",
	    o->name, o->arg != NULL ? " " : "", o->arg != NULL ? o->arg : "");
	if (cli_width(left) > width) {
		fprintf(fp, "  %s\n", left);
		first = xasprintf("  %*s  ", width, "");
	} else
		first = xasprintf("  %-*s  ", width, left);
	cli_print_wrapped(fp, first, width + 4, o->help);
	free(first);
	free(left);
}

void
cli_help_cmd(FILE *fp, const struct cli_cmd *cmd)
{
	const struct cli_opt **opts;
	size_t n;
	int width = 0;

	fputs("Usage:\n", fp);
	print_indented(fp, "  ", cmd->usage);
	fputc('\n', fp);
	cli_print_wrapped(fp, "", 0, cmd->summary);
	if (cmd->description != NULL) {
		fputc('\n', fp);
		print_indented(fp, "", cmd->description);
	}

	opts = cli_opts_flatten(cmd->opts, &n);
	for (size_t i = 0; i < n; i++) {
		int w = (int)strlen(opts[i]->name) + 2 +
		    (opts[i]->arg != NULL ? (int)strlen(opts[i]->arg) + 1 : 0) +
		    (opts[i]->key == CLI_KEY_HELP ? 4 : 0);

		if (w <= OPT_COLUMN && w > width)
			width = w;
	}
	fputs("\nOptions:\n", fp);
	for (size_t i = 0; i < n; i++)
		print_opt(fp, opts[i], width);
	free(opts);
}

void
cli_help_main(FILE *fp)
{
	int width = 0;

	fputs("Usage:\n"
	    "  limber\n"
	    "  limber COMMAND [options] [arguments]\n"
	    "  limber --help | --version\n"
	    "\n", fp);
	cli_print_wrapped(fp, "", 0, "limber is a safety-first stretching "
	    "coach for back pain. It first asks whether stretching is safe for "
	    "you today, then plans a short routine that fits your pain, your "
	    "body and your time, and guides you through it. Run with no "
	    "command, it does the same as 'limber start': the safety "
	    "questions, today's plan, then the guided session.");

	for (size_t i = 0; cli_cmds[i] != NULL; i++) {
		int w = (int)strlen(cli_cmds[i]->name);

		width = w > width ? w : width;
	}
	fputs("\nCommands:\n", fp);
	for (size_t i = 0; cli_cmds[i] != NULL; i++) {
		char *first = xasprintf("  %-*s  ", width, cli_cmds[i]->name);

		cli_print_wrapped(fp, first, width + 4, cli_cmds[i]->summary);
		free(first);
	}

	fputs("\nOptions:\n"
	    "  -h, --help      show this help and exit\n"
	    "  --version       print the version and the features built in\n"
	    "  --journal PATH  before the command: use the journal at PATH\n"
	    "                  (default: $LIMBER_JOURNAL, else\n"
	    "                  $XDG_DATA_HOME/limber/journal.db)\n"
	    "\n"
	    "Exit status:\n"
	    "  0  done; the screening verdict is go or caution\n"
	    "  1  an error: a file or the catalog could not be read, or the\n"
	    "     questions were cancelled\n"
	    "  2  wrong usage: an unknown command or option, or a bad value\n"
	    "  3  the verdict is see-clinician, urgent or emergency: no\n"
	    "     stretching today\n"
	    "  4  start: the guided session stopped before its end\n"
	    "\n"
	    "'limber help COMMAND' shows a command's options; limber(1) tells "
	    "more.\n", fp);
}

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
		cli_help_main(stdout);
		return CLI_EXIT_OK;
	}
	if (argc - first > 1)
		return cli_usage_error(ctx, "help takes one command, not also "
		    "'%s'", argv[first + 1]);
	cmd = cli_cmd_find(argv[first]);
	if (cmd == NULL)
		return cli_usage_error(NULL, "unknown command '%s'", argv[first]);
	cli_help_cmd(stdout, cmd);
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_help = {
	.name = "help",
	.summary = "show the help of limber or of one command",
	.usage = "limber help [COMMAND]",
	.description =
	    "With no COMMAND, lists the commands, as 'limber --help' does.\n"
	    "With one, shows its usage, what it does and all its options.",
	.opts = help_opts,
	.flags = 0,
	.run = help_run,
};
