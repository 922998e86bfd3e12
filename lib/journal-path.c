/*
 * journal-path.c - where the journal is by default (journal.h).
 *
 * Apart from journal.c so that a program that needs only the path, such
 * as the reminder daemon, links no SQLite with it.
 */
#include "limber/journal.h"
#include "util.h"

char *
limber_journal_default_path(const char *xdg_data_home, const char *home)
{
	/* The XDG spec says to ignore a relative path. */
	if (xdg_data_home != NULL && xdg_data_home[0] == '/')
		return xasprintf("%s/limber/journal.db", xdg_data_home);
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/.local/share/limber/journal.db", home);
	return NULL;
}
