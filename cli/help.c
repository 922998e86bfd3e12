/*
 * help.c - the help texts: `limber --help`, `limber help CMD` and
 * `CMD --help`, and the option tables they are printed from.
 *
 * All help is printed from the command table and the option tables, the
 * same ones that drive parsing (options.c), so an option cannot be missing
 * from it. The man page, doc/limber.1.scd, says the same at more length;
 * the tests check that every command and option printed here appears there
 * too. The command table is main.c's, handed in (ctx->cmds), so that
 * nothing here depends on the program's entry point.
 */
#include "cli.h"
#include "util.h"

/* Longer option names than this get their help on the line below. */
#define OPT_COLUMN 24

/* Every command takes --help; it is added after the command's own options. */
static const struct cli_opt help_opt = { "help", NULL,
	N_("show this help and exit"), CLI_KEY_HELP, NULL };
/* A command that uses the journal takes --journal after its name too. */
static const struct cli_opt journal_opt = { "journal", "PATH",
	N_("use the journal at PATH, as 'limber --journal PATH' does before "
	   "the command (when given both, the later one wins)"),
	CLI_KEY_JOURNAL, NULL };

static size_t
count_opts(const struct cli_opt *opts)
{
	size_t n = 0;

	for (; opts != NULL && (opts->name != NULL || opts->include != NULL);
	     opts++)
		n += opts->include != NULL ? count_opts(opts->include) : 1;
	return n;
}

static size_t
fill_opts(const struct cli_opt *opts, const struct cli_opt **out)
{
	size_t n = 0;

	for (; opts != NULL && (opts->name != NULL || opts->include != NULL);
	     opts++) {
		if (opts->include != NULL)
			n += fill_opts(opts->include, out + n);
		else
			out[n++] = opts;
	}
	return n;
}

const struct cli_opt **
cli_opts_flatten(const struct cli_cmd *cmd, size_t *n)
{
	const struct cli_opt **out;
	size_t have;

	out = xcalloc(count_opts(cmd->opts) + 2, sizeof *out);
	have = fill_opts(cmd->opts, out);
	if (cli_cmd_takes_journal(cmd))
		out[have++] = &journal_opt;
	out[have++] = &help_opt;
	*n = have;
	return out;
}

const struct cli_cmd *
cli_cmd_find(const struct cli_cmd *const *cmds, const char *name)
{
	for (size_t i = 0; cmds[i] != NULL; i++) {
		if (strcmp(cmds[i]->name, name) == 0)
			return cmds[i];
	}
	return NULL;
}

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
	cli_print_wrapped(fp, first, width + 4, _(o->help));
	free(first);
	free(left);
}

void
cli_help_cmd(FILE *fp, const struct cli_cmd *cmd)
{
	const struct cli_opt **opts;
	size_t n;
	int width = 0;

	fputs(_("Usage:\n"), fp);
	print_indented(fp, "  ", cmd->usage);
	fputc('\n', fp);
	cli_print_wrapped(fp, "", 0, _(cmd->summary));
	if (cmd->description != NULL) {
		fputc('\n', fp);
		print_indented(fp, "", _(cmd->description));
	}

	opts = cli_opts_flatten(cmd, &n);
	for (size_t i = 0; i < n; i++) {
		int w = (int)strlen(opts[i]->name) + 2 +
		    (opts[i]->arg != NULL ? (int)strlen(opts[i]->arg) + 1 : 0) +
		    (opts[i]->key == CLI_KEY_HELP ? 4 : 0);

		if (w <= OPT_COLUMN && w > width)
			width = w;
	}
	fputs(_("\nOptions:\n"), fp);
	for (size_t i = 0; i < n; i++)
		print_opt(fp, opts[i], width);
	free(opts);
}

void
cli_help_main(FILE *fp, const struct cli_cmd *const *cmds)
{
	int width = 0;

	fputs(_("Usage:\n"), fp);
	fputs("  limber\n"
	      "  limber COMMAND [options] [arguments]\n"
	      "  limber --help | --version\n"
	      "\n",
	    fp);
	cli_print_wrapped(fp, "", 0,
	    _("limber is a safety-first stretching "
	      "coach for back pain. It first asks whether stretching is safe for "
	      "you today, then plans a short routine that fits your pain, your "
	      "body and your time, and guides you through it. Run with no "
	      "command, it does the same as 'limber start': the safety "
	      "questions, today's plan, then the guided session."));

	for (size_t i = 0; cmds[i] != NULL; i++) {
		int w = (int)strlen(cmds[i]->name);

		width = w > width ? w : width;
	}
	fputs(_("\nCommands:\n"), fp);
	for (size_t i = 0; cmds[i] != NULL; i++) {
		char *first = xasprintf("  %-*s  ", width, cmds[i]->name);

		cli_print_wrapped(fp, first, width + 4, _(cmds[i]->summary));
		free(first);
	}

	/*
	 * TRANSLATORS: the option names stay as they are; the help is
	 * aligned in columns of spaces, and lines stay within 78 columns.
	 */
	fputs(
	    _("\nOptions:\n"
	      "  -h, --help      show this help and exit\n"
	      "  --version       print the version and the features built in\n"
	      "  --journal PATH  use the journal at PATH (default: $LIMBER_JOURNAL,\n"
	      "                  else $XDG_DATA_HOME/limber/journal.db); also\n"
	      "                  after a command that uses the journal, and when\n"
	      "                  given both, the later one wins\n"
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
	      "more.\n"),
	    fp);
}
