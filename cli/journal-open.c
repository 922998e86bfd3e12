/*
 * journal-open.c - which journal a command uses, and opening it.
 *
 * CMD_NEEDS_JOURNAL and CMD_READS_JOURNAL open the journal after the
 * command's options are parsed (cli_parse calls cli_journal_open), so that
 * --help and usage errors never create or touch it. The path comes from
 * the option --journal, then $LIMBER_JOURNAL, then the XDG data folder.
 * --journal goes before the command, or after one that uses the journal
 * (cli_parse takes it there, as the command's own options); given twice,
 * the later one wins.
 * Opening also marks sessions whose process has died as interrupted: the
 * library cannot tell a live process from a dead one, the program can
 * (kill(pid, 0)).
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"

bool
cli_cmd_takes_journal(const struct cli_cmd *cmd)
{
	int uses = CMD_NEEDS_JOURNAL | CMD_READS_JOURNAL | CMD_USES_JOURNAL;

	return (cmd->flags & uses) != 0;
}

int
cli_journal_option(struct cli_ctx *ctx, const char *path)
{
	if (*path == '\0')
		return cli_usage_error(ctx,
		    _("--journal needs a path, not an empty word"));
	ctx->journal_path = path;
	return CLI_CONTINUE;
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

char *
cli_user_dir(const char *sub)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	/* The XDG spec says to ignore a relative path. */
	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/limber/%s", xdg, sub);
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/.local/share/limber/%s", home, sub);
	return NULL;
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
		return cli_error(_("no place for the journal: set HOME (or "
				   "XDG_DATA_HOME), or give --journal PATH"));
	ro = !create && ctx->cmd != NULL &&
	    (ctx->cmd->flags & CMD_ONLY_READS) && !writable(path);
	if (create)
		flags = LIMBER_JOURNAL_CREATE;
	else if (ro)
		flags = LIMBER_JOURNAL_READ_ONLY;
	st = limber_journal_open(path, flags, &ctx->journal, &cause);
	if (st == LIMBER_ERR_NOT_FOUND && !create)
		goto out; /* nothing recorded yet: not an error */
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
