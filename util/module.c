/*
 * module.c - finding and loading limber's modules (module.h).
 */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "module.h"
#include "util.h"

#ifndef LIMBER_MODULE_DIR
#error "meson defines LIMBER_MODULE_DIR, the installed modules' folder"
#endif

/* One lock for every module: it is taken only until each is loaded. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Where file is: modules/ beside the folder of the running program when
 * there is one (the build tree: build/cli/limber, build/modules/), else
 * the installed folder. Malloc'd.
 */
static char *
module_path(const char *file)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n > 0) {
		char *slash, *path;
		struct stat st;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			path = xasprintf("%s/../modules/%s", exe, file);
			if (stat(path, &st) == 0)
				return path;
			free(path);
		}
	}
	return xasprintf("%s/%s", LIMBER_MODULE_DIR, file);
}

static void
module_load(struct util_module *m)
{
	char *path = module_path(m->file);
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	const void *(*entry)(void);
	void *sym;

	if (h == NULL) {
		const char *why = dlerror();

		m->error = xasprintf("cannot load %s: %s", path,
		    why != NULL ? why : "unknown error");
		free(path);
		return;
	}
	sym = dlsym(h, m->entry);
	/* ISO C has no cast from an object pointer to a function's. */
	memcpy(&entry, &sym, sizeof entry);
	if (entry == NULL) {
		const char *why = dlerror();

		m->error = xasprintf("cannot load %s: %s", path,
		    why != NULL ? why : "no entry point");
		free(path);
		return;
	}
	free(path);
	__atomic_store_n(&m->table, entry(), __ATOMIC_RELEASE);
}

const void *
util_module_loaded(struct util_module *m)
{
	return __atomic_load_n(&m->table, __ATOMIC_ACQUIRE);
}

const void *
util_module_get(struct util_module *m, char **cause)
{
	const void *t = util_module_loaded(m);

	if (t != NULL)
		return t;
	pthread_mutex_lock(&lock);
	if (!m->tried) {
		m->tried = true;
		module_load(m);
	}
	t = m->table;
	if (t == NULL && cause != NULL)
		*cause = xstrdup(m->error);
	pthread_mutex_unlock(&lock);
	return t;
}
