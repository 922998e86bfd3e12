/*
 * i18n.c - texts in the person's language: msgfmt's .mo files, built in,
 * looked up by the calling thread's language (i18n.h, docs/i18n.md).
 *
 * A .mo file (GNU gettext's manual, "The Format of GNU MO Files") is a
 * header of 32-bit words in the byte order of the machine that wrote it
 * (the magic number tells which), then two tables of {length, offset}
 * pairs, the msgids sorted by strcmp() and their translations in the same
 * order. The hash table msgfmt adds is not used: a binary search over
 * a few thousand texts is a dozen comparisons. Every offset is checked
 * once, when a language is first used, so a lookup needs no checks.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <strings.h>

#include "i18n.h"
#include "util.h"

#define MO_MAGIC 0x950412deU
#define MO_HEADER 28	/* magic, revision, n, two offsets, hash */
#define FIELD_MAX 64	/* a header field's value we keep */
#define PLURAL_DEPTH 32 /* nesting the plural expression may have */

/* The languages built in: po/embed-mo.py's table. */
struct i18n_builtin {
	const char *tag;
	const unsigned char *mo;
	size_t len;
};
extern const struct i18n_builtin i18n_builtin[];
extern const size_t i18n_nbuiltin;

struct i18n_lang {
	const char *tag;
	const unsigned char *mo;
	size_t len;
	bool loaded, sound;
	bool swap;
	uint32_t n, originals, translations;
	char bcp47[FIELD_MAX], name[FIELD_MAX], voice[FIELD_MAX];
	char plural[FIELD_MAX * 4];
	bool rtl;
};

static struct i18n_lang english = {
	.tag = "en",
	.loaded = true,
	.sound = true,
	.bcp47 = "en",
	.name = "English",
	.voice = "en",
	.plural = "n != 1",
};

static struct i18n_lang **langs; /* the built-in ones, then those added */
static size_t nlangs;
static pthread_once_t langs_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * The thread's language. Initial-exec: the variables live in the program
 * (modules take the library from it), and the default model would have
 * the program need the dynamic loader's __tls_get_addr as a library.
 */
#define THREAD_LOCAL _Thread_local __attribute__((tls_model("initial-exec")))
static THREAD_LOCAL const struct i18n_lang *current;
static THREAD_LOCAL unsigned long misses;

/* ------------------------------------------------------------------ */
/* The .mo file.                                                       */

static uint32_t
word(const unsigned char *p, bool swap)
{
	uint32_t v;

	memcpy(&v, p, sizeof v);
	if (swap)
		v = (v >> 24) | ((v >> 8) & 0xff00U) | ((v << 8) & 0xff0000U) |
		    (v << 24);
	return v;
}

/*
 * The string of entry i of the table at off: its length and start, after
 * checking that it lies in the file and ends with a NUL there.
 */
static const char *
entry(const unsigned char *mo, size_t len, bool swap, uint32_t table,
    uint32_t i, uint32_t *slen)
{
	uint64_t at = (uint64_t)table + (uint64_t)i * 8;
	uint32_t l, off;

	if (at + 8 > len)
		return NULL;
	l = word(mo + at, swap);
	off = word(mo + at + 4, swap);
	if ((uint64_t)off + l >= len || mo[(uint64_t)off + l] != '\0')
		return NULL;
	*slen = l;
	return (const char *)mo + off;
}

static const char *
msgid_at(const struct i18n_lang *l, uint32_t i, uint32_t *len)
{
	return entry(l->mo, l->len, l->swap, l->originals, i, len);
}

static const char *
msgstr_at(const struct i18n_lang *l, uint32_t i, uint32_t *len)
{
	return entry(l->mo, l->len, l->swap, l->translations, i, len);
}

/* Read the header words; false when this is not a .mo file we can read. */
static bool
mo_open(struct i18n_lang *l)
{
	uint32_t i, len;
	const char *prev = NULL, *s;

	if (l->len < MO_HEADER)
		return false;
	if (word(l->mo, false) == MO_MAGIC)
		l->swap = false;
	else if (word(l->mo, true) == MO_MAGIC)
		l->swap = true;
	else
		return false;
	if (word(l->mo + 4, l->swap) >> 16 != 0) /* major revision */
		return false;
	l->n = word(l->mo + 8, l->swap);
	l->originals = word(l->mo + 12, l->swap);
	l->translations = word(l->mo + 16, l->swap);
	for (i = 0; i < l->n; i++) {
		if ((s = msgid_at(l, i, &len)) == NULL ||
		    msgstr_at(l, i, &len) == NULL)
			return false;
		/* The search below needs them sorted, each once. */
		if (prev != NULL && strcmp(prev, s) >= 0)
			return false;
		prev = s;
	}
	return true;
}

/* Entry of key, or -1. */
static long
mo_find(const struct i18n_lang *l, const char *key)
{
	uint32_t lo = 0, hi = l->n, mid, len;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(key, msgid_at(l, mid, &len));
		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/*
 * Copy the value of header field name ("Language") into out, when the
 * header has it; the header is the translation of the empty msgid.
 */
static void
header_field(const char *header, const char *name, char *out, size_t size)
{
	size_t nl = strlen(name), n;
	const char *p = header, *end;

	while (*p != '\0') {
		end = strchr(p, '\n');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) > nl && strncasecmp(p, name, nl) == 0 &&
		    p[nl] == ':') {
			p += nl + 1;
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			n = (size_t)(end - p);
			while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
				n--;
			if (n < size) {
				memcpy(out, p, n);
				out[n] = '\0';
			}
			return;
		}
		p = *end != '\0' ? end + 1 : end;
	}
}

static void
lang_load(struct i18n_lang *l)
{
	char forms[FIELD_MAX * 4] = "", dir[FIELD_MAX] = "";
	const char *header = "", *p;
	long i;
	uint32_t len;
	size_t k;

	l->sound = mo_open(l);
	if (l->sound && (i = mo_find(l, "")) >= 0)
		header = msgstr_at(l, (uint32_t)i, &len);
	snprintf(l->bcp47, sizeof l->bcp47, "%s", l->tag);
	for (k = 0; l->bcp47[k] != '\0'; k++)
		if (l->bcp47[k] == '_')
			l->bcp47[k] = '-';
	snprintf(l->name, sizeof l->name, "%s", l->tag);
	header_field(header, "X-Limber-Name", l->name, sizeof l->name);
	snprintf(l->voice, sizeof l->voice, "%s", l->bcp47);
	header_field(header, "X-Limber-Voice", l->voice, sizeof l->voice);
	header_field(header, "X-Limber-Direction", dir, sizeof dir);
	l->rtl = strcmp(dir, "rtl") == 0;
	/* "nplurals=2; plural=(n != 1);": keep what follows "plural=". */
	header_field(header, "Plural-Forms", forms, sizeof forms);
	snprintf(l->plural, sizeof l->plural, "n != 1");
	if ((p = strstr(forms, "plural=")) != NULL) {
		snprintf(l->plural, sizeof l->plural, "%s", p + 7);
		l->plural[strcspn(l->plural, ";")] = '\0';
	}
	l->loaded = true;
}

static void
langs_init(void)
{
	size_t i;

	langs = xcalloc(i18n_nbuiltin + 1, sizeof *langs);
	for (i = 0; i < i18n_nbuiltin; i++) {
		langs[i] = xcalloc(1, sizeof *langs[i]);
		langs[i]->tag = i18n_builtin[i].tag;
		langs[i]->mo = i18n_builtin[i].mo;
		langs[i]->len = i18n_builtin[i].len;
	}
	nlangs = i18n_nbuiltin;
}

/* l, read on first use; every field but the tag waits for this. */
static const struct i18n_lang *
lang_ready(struct i18n_lang *l)
{
	if (l == &english)
		return l;
	pthread_mutex_lock(&load_lock);
	if (!l->loaded)
		lang_load(l);
	pthread_mutex_unlock(&load_lock);
	return l;
}

/* ------------------------------------------------------------------ */
/* Plural-Forms: a C expression in n.                                  */

struct plural {
	const char *p;
	unsigned long n;
	int depth;
	bool bad;
};

static unsigned long plural_cond(struct plural *);

static void
plural_space(struct plural *e)
{
	while (*e->p == ' ' || *e->p == '\t' || *e->p == '\n')
		e->p++;
}

static bool
plural_eat(struct plural *e, const char *op)
{
	size_t n = strlen(op);

	plural_space(e);
	if (strncmp(e->p, op, n) != 0)
		return false;
	/* "<" is not the start of "<=", nor "!" of "!=". */
	if (n == 1 &&
	    (op[0] == '<' || op[0] == '>' || op[0] == '!' || op[0] == '=') &&
	    e->p[1] == '=')
		return false;
	e->p += n;
	return true;
}

static unsigned long
plural_primary(struct plural *e)
{
	unsigned long v = 0;

	plural_space(e);
	if (++e->depth > PLURAL_DEPTH) {
		e->bad = true;
		return 0;
	}
	if (plural_eat(e, "!"))
		v = !plural_primary(e);
	else if (plural_eat(e, "(")) {
		v = plural_cond(e);
		if (!plural_eat(e, ")"))
			e->bad = true;
	} else if (*e->p == 'n') {
		e->p++;
		v = e->n;
	} else if (isdigit((unsigned char)*e->p)) {
		while (isdigit((unsigned char)*e->p))
			v = v * 10 + (unsigned long)(*e->p++ - '0');
	} else
		e->bad = true;
	e->depth--;
	return v;
}

static unsigned long
plural_mul(struct plural *e)
{
	unsigned long v = plural_primary(e), r;

	for (;;) {
		if (plural_eat(e, "*"))
			v *= plural_primary(e);
		else if (plural_eat(e, "/") || plural_eat(e, "%")) {
			bool div = e->p[-1] == '/';

			r = plural_primary(e);
			if (r == 0) {
				e->bad = true;
				return 0;
			}
			v = div ? v / r : v % r;
		} else
			return v;
	}
}

static unsigned long
plural_add(struct plural *e)
{
	unsigned long v = plural_mul(e);

	for (;;) {
		if (plural_eat(e, "+"))
			v += plural_mul(e);
		else if (plural_eat(e, "-"))
			v -= plural_mul(e);
		else
			return v;
	}
}

static unsigned long
plural_rel(struct plural *e)
{
	unsigned long v = plural_add(e);

	for (;;) {
		if (plural_eat(e, "<="))
			v = v <= plural_add(e);
		else if (plural_eat(e, ">="))
			v = v >= plural_add(e);
		else if (plural_eat(e, "<"))
			v = v < plural_add(e);
		else if (plural_eat(e, ">"))
			v = v > plural_add(e);
		else
			return v;
	}
}

static unsigned long
plural_eq(struct plural *e)
{
	unsigned long v = plural_rel(e);

	for (;;) {
		if (plural_eat(e, "=="))
			v = v == plural_rel(e);
		else if (plural_eat(e, "!="))
			v = v != plural_rel(e);
		else
			return v;
	}
}

static unsigned long
plural_and(struct plural *e)
{
	unsigned long v = plural_eq(e);

	while (plural_eat(e, "&&")) {
		unsigned long r = plural_eq(e);

		v = v && r;
	}
	return v;
}

static unsigned long
plural_or(struct plural *e)
{
	unsigned long v = plural_and(e);

	while (plural_eat(e, "||")) {
		unsigned long r = plural_and(e);

		v = v || r;
	}
	return v;
}

/* Both arms are read (to find the end); the condition picks one. */
static unsigned long
plural_cond(struct plural *e)
{
	unsigned long c, a, b;

	if (++e->depth > PLURAL_DEPTH) {
		e->bad = true;
		return 0;
	}
	c = plural_or(e);
	if (plural_eat(e, "?")) {
		a = plural_cond(e);
		if (!plural_eat(e, ":"))
			e->bad = true;
		b = plural_cond(e);
		c = c ? a : b;
	}
	e->depth--;
	return c;
}

long
i18n_plural_eval(const char *expr, unsigned long n)
{
	struct plural e = { expr, n, 0, false };
	unsigned long v = plural_cond(&e);

	plural_space(&e);
	if (e.bad || *e.p != '\0' || v > 100)
		return -1;
	return (long)v;
}

const struct i18n_lang *
i18n_lang_add(const char *tag, const unsigned char *mo, size_t len)
{
	struct i18n_lang *l;

	pthread_once(&langs_once, langs_init);
	l = xcalloc(1, sizeof *l);
	l->tag = tag;
	l->mo = mo;
	l->len = len;
	lang_load(l);
	if (!l->sound) {
		free(l);
		return NULL;
	}
	langs = xreallocarray(langs, nlangs + 1, sizeof *langs);
	langs[nlangs++] = l;
	return l;
}

long
i18n_mo_check(const unsigned char *mo, size_t len)
{
	struct i18n_lang l = { .tag = "x", .mo = mo, .len = len };
	long i;
	uint32_t slen;

	lang_load(&l);
	if (!l.sound)
		return -1;
	/* What a lookup would do with each text. */
	for (i = 0; i < (long)l.n; i++)
		if (mo_find(&l, msgid_at(&l, (uint32_t)i, &slen)) != i)
			return -1;
	(void)i18n_plural_eval(l.plural, 1);
	return (long)l.n;
}

/* ------------------------------------------------------------------ */
/* Lookups.                                                            */

/*
 * The translation of key in the current language, plural form n (0 for
 * none), or NULL; a miss in a language other than English is counted.
 */
static const char *
lookup(const char *key, bool plural, unsigned long n)
{
	const struct i18n_lang *l = current;
	const char *s;
	uint32_t len, at;
	long i, form = 0;

	if (l == NULL || l == &english)
		return NULL;
	if (!l->sound || (i = mo_find(l, key)) < 0)
		goto miss;
	s = msgstr_at(l, (uint32_t)i, &len);
	if (plural && (form = i18n_plural_eval(l->plural, n)) < 0)
		goto miss;
	/* Form k is after k NULs; msgfmt leaves none empty. */
	for (at = 0; form > 0; form--) {
		at += (uint32_t)strlen(s + at) + 1;
		if (at > len)
			goto miss;
	}
	if (s[at] == '\0')
		goto miss;
	return s + at;
miss:
	misses++;
	return NULL;
}

const char *
i18n_gettext(const char *msgid)
{
	const char *s;

	if (msgid[0] == '\0' || (s = lookup(msgid, false, 0)) == NULL)
		return msgid;
	return s;
}

const char *
i18n_ngettext(const char *msgid, const char *plural, unsigned long n)
{
	const char *s = lookup(msgid, true, n);

	if (s != NULL)
		return s;
	return n == 1 ? msgid : plural;
}

const char *
i18n_pgettext(const char *ctx, const char *msgid)
{
	char buf[512], *key = buf;
	size_t cl = strlen(ctx), ml = strlen(msgid);
	const char *s;

	if (current == NULL || current == &english)
		return msgid;
	if (cl + ml + 2 > sizeof buf)
		key = xmalloc(cl + ml + 2);
	memcpy(key, ctx, cl);
	key[cl] = '\004';
	memcpy(key + cl + 1, msgid, ml + 1);
	s = lookup(key, false, 0);
	if (key != buf)
		free(key);
	return s != NULL ? s : msgid;
}

unsigned long
i18n_misses(void)
{
	return misses;
}

/* ------------------------------------------------------------------ */
/* Choosing a language.                                                */

size_t
i18n_lang_count(void)
{
	pthread_once(&langs_once, langs_init);
	return 1 + nlangs;
}

const struct i18n_lang *
i18n_lang_at(size_t i)
{
	pthread_once(&langs_once, langs_init);
	if (i == 0)
		return &english;
	if (i > nlangs)
		return NULL;
	return lang_ready(langs[i - 1]);
}

/* Whether a and b name the same tag, '-' and '_' alike, case aside. */
static bool
tag_eq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];

		if (tolower((unsigned char)x) != tolower((unsigned char)y))
			return false;
	}
	return b[n] == '\0';
}

/* The language for the tag of n bytes at p, exact or by its first part. */
static const struct i18n_lang *
lang_match(const char *p, size_t n)
{
	size_t i, primary;

	pthread_once(&langs_once, langs_init);
	primary = strcspn(p, "_-");
	if (primary > n)
		primary = n;
	if (primary == 0)
		return NULL;
	if (tag_eq(p, "en", primary))
		return &english;
	for (i = 0; i < nlangs; i++)
		if (tag_eq(p, langs[i]->tag, n))
			return lang_ready(langs[i]);
	/* "de_AT" is served by "de", and "pt" by "pt_BR". */
	for (i = 0; i < nlangs; i++)
		if (tag_eq(p, langs[i]->tag, primary))
			return lang_ready(langs[i]);
	for (i = 0; i < nlangs; i++)
		if (strncasecmp(p, langs[i]->tag, primary) == 0 &&
		    (langs[i]->tag[primary] == '_' ||
			langs[i]->tag[primary] == '-'))
			return lang_ready(langs[i]);
	return NULL;
}

const struct i18n_lang *
i18n_lang_by_tag(const char *tag)
{
	size_t i, n = strlen(tag);

	pthread_once(&langs_once, langs_init);
	if (tag_eq(tag, "en", n))
		return &english;
	for (i = 0; i < nlangs; i++)
		if (tag_eq(tag, langs[i]->tag, n))
			return lang_ready(langs[i]);
	return NULL;
}

const struct i18n_lang *
i18n_lang_pick(const char *wishes)
{
	const struct i18n_lang *l;
	const char *p = wishes;
	size_t n;

	while (p != NULL && *p != '\0') {
		n = strcspn(p, ":");
		/* "de_DE.UTF-8@euro": the tag ends at '.' or '@'. */
		size_t tag = strcspn(p, ".@:");

		if (tag > n)
			tag = n;
		if ((tag == 1 && p[0] == 'C') ||
		    (tag == 5 && strncmp(p, "POSIX", 5) == 0))
			return &english;
		if ((l = lang_match(p, tag)) != NULL)
			return l;
		p += n;
		if (*p == ':')
			p++;
	}
	return &english;
}

const struct i18n_lang *
i18n_lang_from_env(void)
{
	static const char *const vars[] = {
		"LANGUAGE",
		"LC_ALL",
		"LC_MESSAGES",
		"LANG",
	};
	const char *v;
	size_t i;

	for (i = 0; i < nitems(vars); i++)
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			return i18n_lang_pick(v);
	return &english;
}

const struct i18n_lang *
i18n_lang_accept(const char *header)
{
	const struct i18n_lang *best = &english, *l;
	double best_q = 0, q;
	const char *p = header, *semi;
	size_t n, tag;
	char *end;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		n = strcspn(p, ",");
		tag = strcspn(p, ";, ");
		if (tag > n)
			tag = n;
		q = 1;
		semi = memchr(p, ';', n);
		if (semi != NULL) {
			const char *qp = semi + 1;

			while (*qp == ' ')
				qp++;
			if (strncmp(qp, "q=", 2) == 0) {
				q = strtod(qp + 2, &end);
				if (end == qp + 2 || q < 0 || q > 1)
					q = 0;
			}
		}
		if (q > best_q && tag > 0 && (l = lang_match(p, tag)) != NULL) {
			best = l;
			best_q = q;
		}
		p += n;
	}
	return best;
}

const struct i18n_lang *
i18n_current(void)
{
	return current != NULL ? current : &english;
}

void
i18n_use(const struct i18n_lang *lang)
{
	current = lang;
}

const char *
i18n_lang_tag(const struct i18n_lang *l)
{
	return l->tag;
}

const char *
i18n_lang_bcp47(const struct i18n_lang *l)
{
	return l->bcp47;
}

const char *
i18n_lang_name(const struct i18n_lang *l)
{
	return l->name;
}

bool
i18n_lang_rtl(const struct i18n_lang *l)
{
	return l->rtl;
}

const char *
i18n_lang_voice(const struct i18n_lang *l)
{
	return l->voice;
}

const char *
i18n_lang_plural_expr(const struct i18n_lang *l)
{
	return l->plural;
}
