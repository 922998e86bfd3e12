/*
 * utf8.c - whether the user's locale writes its text in UTF-8 (utf8.h).
 */
#include <locale.h>
#include <strings.h>

#include "utf8.h"
#include "util.h"

bool
util_utf8_name(const char *name)
{
	for (const char *p = name; p != NULL && *p != '\0'; p++)
		if (strncasecmp(p, "utf-8", 5) == 0 ||
		    strncasecmp(p, "utf8", 4) == 0)
			return true;
	return false;
}

bool
util_utf8_terminal(void)
{
	static const char *const names[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < nitems(names); i++) {
		const char *v = getenv(names[i]);

		if (v != NULL && *v != '\0')
			return util_utf8_name(v);
	}
	return false;
}

bool
util_utf8_locale(int category)
{
	if (util_utf8_name(setlocale(category, "")))
		return true;
	setlocale(category, "C");
	return false;
}
