/*
 * web-proxy.c - web.h in the program: `limber serve` loads limber-web.so
 * (web-module.h, util/module.h) and goes on to it, so that no other
 * command maps libevent. A module that cannot be loaded
 * makes `limber serve` say so, naming the file, as noweb.c does in a
 * build without libevent.
 */
#include "module.h"
#include "util.h"
#include "web-module.h"

static struct util_module web = {
	.file = "limber-web.so",
	.entry = WEB_MODULE_ENTRY,
};

const char *
web_feature(void)
{
	/* Known when built: --version must not load the module to say so. */
	return "web server";
}

enum limber_status
web_serve(struct limber_catalog *cat, struct limber_journal *journal,
    const struct web_opts *o, int *signo, char **cause)
{
	const struct web_module *t = util_module_get(&web, cause);

	if (t == NULL) {
		*signo = 0;
		return LIMBER_ERR_IO;
	}
	return t->serve(cat, journal, o, signo, cause);
}

bool
web_qr(const char *text, int *width, unsigned char **dark)
{
	const struct web_module *t = util_module_get(&web, NULL);

	/* No qr in a module built without libqrencode. */
	return t != NULL && t->qr != NULL && t->qr(text, width, dark);
}
