/*
 * main.c - the `limber` program: the command table and the dispatcher.
 *
 * As in git's git.c, the table lists every subcommand, and flags on a
 * command ask for shared setup that is done once here: CMD_NEEDS_CATALOG
 * loads the built-in catalog and then the user's own stretches. A catalog
 * that cannot be read in full stops the program; a coach never works from
 * half a catalog.
 *
 * The global option --journal names the journal (a command that uses it
 * takes it after its name too); CMD_NEEDS_JOURNAL and CMD_READS_JOURNAL
 * open it once the command's options are parsed (journal-open.c).
 *
 * Nothing else in the program calls in here: the help texts are help.c's,
 * and `limber help` finds the command table in ctx->cmds.
 *
 * With no command, limber does the day's main job, as `limber start`: the
 * safety questions, the plan, then the guided session (cmd-start.c).
 */
#include <errno.h>
#include <locale.h>
#include <time.h>

#include "cli.h"
#include "i18n.h"
#include "web.h"
#include "limber/voice.h"
#include "utf8.h"
#include "util.h"

static const struct cli_cmd *const commands[] = {
	&cli_cmd_check,
	&cli_cmd_plan,
	&cli_cmd_start,
	&cli_cmd_stretches,
	&cli_cmd_show,
	&cli_cmd_handout,
	&cli_cmd_audio,
	&cli_cmd_catalog,
	&cli_cmd_log,
	&cli_cmd_history,
	&cli_cmd_stats,
	&cli_cmd_report,
	&cli_cmd_export,
	&cli_cmd_import,
	&cli_cmd_serve,
	&cli_cmd_remind,
	&cli_cmd_help,
	NULL,
};

static int
load_catalog(struct cli_ctx *ctx)
{
	char *cause = NULL, *dir;
	int rc = CLI_EXIT_OK;

	if ((ctx->cmd->flags & CMD_NEEDS_FIGURES ?
		    limber_catalog_builtin(&ctx->catalog, &cause) :
		    limber_catalog_builtin_text(&ctx->catalog, &cause)) !=
	    LIMBER_OK) {
		rc = cli_error("%s",
		    cause != NULL ?
			cause :
			_("the built-in catalog could not be loaded"));
		free(cause);
		ctx->catalog = NULL;
		return rc;
	}
	dir = cli_user_dir("stretches");
	if (dir != NULL &&
	    limber_catalog_add_dir(ctx->catalog, dir, &cause) != LIMBER_OK) {
		rc = cli_error("%s", cause != NULL ? cause : dir);
		free(cause);
		limber_catalog_free(ctx->catalog);
		ctx->catalog = NULL;
	}
	/* Said, not fatal: the rest of the folder is read. */
	for (size_t i = 0; ctx->catalog != NULL && i < ctx->catalog->nskipped;
	     i++)
		cli_error("%s", ctx->catalog->skipped[i]);
	free(dir);
	return rc;
}

static int
version(void)
{
	printf("limber %s\n", LIMBER_VERSION);
	/* The features' names are words of the tests and the man page. */
	printf("features: catalog, screening, planner, %s, %s, %s\n",
	    cli_figures(), web_feature(), voice_feature());
#ifdef LIMBER_TEST_CLOCK
	/* Not a feature: this build is for the tests (util/util.h). */
	printf("test clock: LIMBER_TEST_CLOCK can speed up sessions "
	    "(a test build)\n");
#endif
	return CLI_EXIT_OK;
}

static int
run_command(struct cli_ctx *ctx, int argc, char **argv)
{
	int rc;

	ctx->cmd = cli_cmd_find(ctx->cmds, argv[0]);
	if (ctx->cmd == NULL)
		return cli_usage_error(NULL, _("unknown command '%s'"),
		    argv[0]);
	if ((ctx->cmd->flags & CMD_NEEDS_CATALOG) &&
	    (rc = load_catalog(ctx)) != CLI_EXIT_OK)
		return rc;
	return ctx->cmd->run(ctx, argc, argv);
}

/*
 * `limber` alone: the same as `limber start` - the check, the plan and the
 * guided session. Without a terminal to ask on, start says what it needs.
 */
static int
run_default(struct cli_ctx *ctx)
{
	char name[] = "start";
	char *args[] = { name, NULL };

	return run_command(ctx, 1, args);
}

/*
 * Global options before the command: --journal PATH (or --journal=PATH).
 * Returns CLI_CONTINUE with *first at the first other word.
 */
static int
global_options(struct cli_ctx *ctx, int argc, char **argv, int *first)
{
	int i = 1;

	while (i < argc && strncmp(argv[i], "--journal", 9) == 0 &&
	    (argv[i][9] == '\0' || argv[i][9] == '=')) {
		const char *value = argv[i][9] == '=' ? argv[i] + 10 : NULL;

		if (value == NULL) {
			if (i + 1 >= argc)
				return cli_usage_error(NULL,
				    _("--journal needs a "
				      "value, as in --journal PATH"));
			value = argv[++i];
		}
		if (cli_journal_option(ctx, value) != CLI_CONTINUE)
			return CLI_EXIT_USAGE;
		i++;
	}
	*first = i;
	return CLI_CONTINUE;
}

int
main(int argc, char **argv)
{
	struct cli_ctx ctx = { .catalog = NULL, .cmd = NULL, .cmds = commands };
	int rc, first = 1;

	/*
	 * jansson's allocations end the program when memory runs out, as
	 * ours do (util.h): its json_dumps can write malformed JSON when an
	 * allocation fails half-way (docs/reliability.md), and that text
	 * would be stored in the journal or exported.
	 */
	json_set_alloc_funcs(xmalloc, free);
	/*
	 * The person's language before anything is said: read from the
	 * environment only, its catalog loaded on the first lookup. Dates
	 * in the report and the handout follow LC_TIME where its text is
	 * UTF-8. LC_NUMERIC stays "C": the JSON, the CSV and the journal
	 * write numbers with printf, and a decimal comma would break them.
	 */
	i18n_use(i18n_lang_from_env());
	(void)util_utf8_locale(LC_TIME);
	ctx.now = (int64_t)time(NULL);
	rc = global_options(&ctx, argc, argv, &first);
	argc -= first - 1;
	argv += first - 1;
	if (rc != CLI_CONTINUE)
		;
	else if (argc < 2)
		rc = run_default(&ctx);
	else if (argv[1][0] == '-' && argc > 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--version") == 0))
		rc = cli_usage_error(NULL, _("%s takes no arguments"), argv[1]);
	else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_help_main(stdout, ctx.cmds);
		rc = CLI_EXIT_OK;
	} else if (strcmp(argv[1], "--version") == 0)
		rc = version();
	else if (argv[1][0] == '-')
		rc = cli_usage_error(NULL, _("unknown option '%s'"), argv[1]);
	else
		rc = run_command(&ctx, argc - 1, argv + 1);
	limber_catalog_free(ctx.catalog);
	limber_journal_close(ctx.journal);

	/*
	 * A full disk or a closed pipe must not pass for success; but what
	 * was recorded stays recorded, and saying only that the output
	 * failed would have the person record it again.
	 */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int e = errno;

		if (ctx.saved != NULL)
			/* TRANSLATORS: the first %s is what was recorded
			 * ("your pain score", say), the second the reason. */
			cli_error(
			    _("%s is recorded in your journal, but the "
			      "message saying so could not be written: %s"),
			    ctx.saved, strerror(e));
		else
			cli_error(_("cannot write the output: %s"),
			    strerror(e));
		rc = CLI_EXIT_ERROR;
	}
	return rc;
}
