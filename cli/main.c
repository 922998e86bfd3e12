/*
 * main.c - the `limber` program: the command table and the dispatcher.
 *
 * As in git's git.c, the table lists every subcommand, and flags on a
 * command ask for shared setup that is done once here: CMD_NEEDS_CATALOG
 * loads the built-in catalog and then the user's own stretches. A catalog
 * that cannot be read in full stops the program; a coach never works from
 * half a catalog.
 *
 * CMD_NEEDS_JOURNAL and CMD_READS_JOURNAL open the journal, after the
 * command's options are parsed (cli_parse calls cli_journal_open), so that
 * --help and usage errors never create or touch it. The path comes from
 * the global option --journal, then $LIMBER_JOURNAL, then the XDG data
 * folder. Opening also marks sessions whose process has died as
 * interrupted: the library cannot tell a live process from a dead one, the
 * program can (kill(pid, 0)).
 *
 * With no command, limber does the day's main job, as `limber start`: the
 * safety questions, the plan, then the guided session (cmd-start.c).
 */
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "web.h"
#include "limber/voice.h"
#include "util.h"

const struct cli_cmd *const cli_cmds[] = {
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
	/* Said, not fatal: the rest of the folder is read. */
	for (size_t i = 0; ctx->catalog != NULL && i < ctx->catalog->nskipped;
	     i++)
		cli_error("%s", ctx->catalog->skipped[i]);
	free(dir);
	return rc;
}

char *
cli_journal_path(const struct cli_ctx *ctx)
{
	const char *env = getenv("LIMBER_JOURNAL");

	if (ctx->journal_path != NULL)
		return xstrdup(ctx->journal_path);
	if (env != NULL && *env != '\0')
		return xstrdup(env);
	return limber_journal_default_path(getenv("XDG_DATA_HOME"),
	    getenv("HOME"));
}

/* Whether the process that runs a session is still there. */
static bool
process_alive(int pid)
{
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/*
 * Whether the journal and its folder can be written: not on read-only
 * media (EROFS), nor in a folder the user may not write. SQLite writes
 * the WAL's files beside the journal even to read it.
 */
static bool
writable(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	bool ok;

	if (slash == NULL) {
		free(dir);
		dir = xstrdup(".");
	} else if (slash == dir) {
		slash[1] = '\0'; /* the root folder */
	} else
		*slash = '\0';
	ok = access(path, W_OK) == 0 && access(dir, W_OK) == 0;
	free(dir);
	return ok;
}

int
cli_journal_open(struct cli_ctx *ctx, bool create)
{
	enum limber_status st;
	char *path, *cause = NULL;
	int rc = CLI_CONTINUE;
	unsigned flags = 0;
	bool ro;

	if (ctx->journal != NULL)
		return CLI_CONTINUE;
	path = cli_journal_path(ctx);
	if (path == NULL)
		return cli_error("no place for the journal: set HOME (or "
		    "XDG_DATA_HOME), or give --journal PATH");
	ro = !create && ctx->cmd != NULL &&
	    (ctx->cmd->flags & CMD_ONLY_READS) && !writable(path);
	if (create)
		flags = LIMBER_JOURNAL_CREATE;
	else if (ro)
		flags = LIMBER_JOURNAL_READ_ONLY;
	st = limber_journal_open(path, flags, &ctx->journal, &cause);
	if (st == LIMBER_ERR_NOT_FOUND && !create)
		goto out;	/* nothing recorded yet: not an error */
	if (st == LIMBER_OK && !ro) {
		/*
		 * A command that only reads shows a session whose owner died
		 * as it is rather than wait or fail: recovering it writes,
		 * and a writer (an import) may hold the journal for a while.
		 * The next command that writes recovers it.
		 */
		if (!create)
			limber_journal_set_wait(ctx->journal, 0);
		st = limber_journal_recover(ctx->journal, process_alive, NULL,
		    &cause);
		limber_journal_set_wait(ctx->journal, LIMBER_JOURNAL_BUSY_MS);
		if (st != LIMBER_OK && !create) {
			free(cause);
			cause = NULL;
			st = LIMBER_OK;
		}
	}
	if (st != LIMBER_OK) {
		rc = cli_error("%s", cause != NULL ? cause : path);
		limber_journal_close(ctx->journal);
		ctx->journal = NULL;
	}
out:
	free(cause);
	free(path);
	return rc;
}

static int
version(void)
{
	printf("limber %s\n", LIMBER_VERSION);
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

	ctx->cmd = cli_cmd_find(argv[0]);
	if (ctx->cmd == NULL)
		return cli_usage_error(NULL, "unknown command '%s'", argv[0]);
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
				return cli_usage_error(NULL, "--journal needs a "
				    "value, as in --journal PATH");
			value = argv[++i];
		}
		if (*value == '\0')
			return cli_usage_error(NULL, "--journal needs a path, "
			    "not an empty word");
		ctx->journal_path = value;
		i++;
	}
	*first = i;
	return CLI_CONTINUE;
}

int
main(int argc, char **argv)
{
	struct cli_ctx ctx = { .catalog = NULL, .cmd = NULL };
	int rc, first = 1;

	/*
	 * jansson's allocations end the program when memory runs out, as
	 * ours do (util.h): its json_dumps can write malformed JSON when an
	 * allocation fails half-way (docs/reliability.md), and that text
	 * would be stored in the journal or exported.
	 */
	json_set_alloc_funcs(xmalloc, free);
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
	limber_journal_close(ctx.journal);

	/*
	 * A full disk or a closed pipe must not pass for success; but what
	 * was recorded stays recorded, and saying only that the output
	 * failed would have the person record it again.
	 */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int e = errno;

		if (ctx.saved != NULL)
			cli_error("%s is recorded in your journal, but the "
				  "message saying so could not be written: %s",
			    ctx.saved, strerror(e));
		else
			cli_error("cannot write the output: %s", strerror(e));
		rc = CLI_EXIT_ERROR;
	}
	return rc;
}
