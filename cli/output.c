/*
 * output.c - how the program shows things: its messages, names, times,
 * wrapped text, JSON, and the screening verdict in plain words.
 *
 * The verdict is printed by `limber check`, by `limber plan` when the
 * screening blocks the plan, and by `limber` with no command, so its words
 * live here, once. Text output has no colour: it is read by people in pain
 * and by scripts, and both are served best by plain words.
 */
#include <stdarg.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"

#define WRAP_COLUMNS 78

/*
 * "limber: " and the message, without its line's end. Messages quote names
 * and input: shown, never obeyed, by a terminal.
 */
static void say(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

static void
say(const char *fmt, va_list ap)
{
	char *msg = xvasprintf(fmt, ap);

	fputs("limber: ", stderr);
	cli_puts(stderr, msg);
	free(msg);
}

int
cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_EXIT_ERROR;
}

int
cli_usage_error(const struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
	if (ctx != NULL && ctx->cmd != NULL)
		fprintf(stderr, _("; see 'limber help %s'\n"), ctx->cmd->name);
	else
		fputs(_("; see 'limber --help'\n"), stderr);
	return CLI_EXIT_USAGE;
}

const char *
cli_mmss(char *buf, size_t size, int seconds)
{
	if (seconds < 0)
		seconds = 0;
	snprintf(buf, size, "%d:%02d", seconds / 60, seconds % 60);
	return buf;
}

const char *
cli_stretch_name(const struct limber_catalog *cat, const char *id)
{
	const struct limber_stretch *st = NULL;

	if (cat != NULL && id != NULL)
		st = limber_catalog_find(cat, id);
	return st != NULL ? limber_stretch_text(st, st->name) :
	    id != NULL	  ? id :
			    "?";
}

void
cli_print_needs(FILE *fp, unsigned needs)
{
	bool any = false;

	for (int i = 0; i < LIMBER_NEED_COUNT; i++) {
		const char *name;

		if ((needs & (1u << i)) == 0)
			continue;
		name = limber_need_name((enum limber_need)(1u << i));
		fprintf(fp, "%s%s", any ? ", " : "", name != NULL ? name : "?");
		any = true;
	}
	if (!any)
		fputs(_("nothing"), fp);
}

/* Columns a UTF-8 string takes, counting each character as one. */
static size_t
columns(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	}
	return n;
}

int
cli_width(const char *s)
{
	return (int)columns(s, strlen(s));
}

void
cli_print_padded(FILE *fp, const char *s, int width)
{
	char *v = util_visible(s, NULL);

	fputs(v, fp);
	for (int w = cli_width(v); w < width; w++)
		fputc(' ', fp);
	free(v);
}

void
cli_puts(FILE *fp, const char *s)
{
	char *v = util_visible(s, "\n\t");

	fputs(v, fp);
	free(v);
}

void
cli_print_output(FILE *fp, const char *text)
{
	char *v;

	/* Not a terminal: a file or a program gets every byte as it is. */
	if (!isatty(fileno(fp))) {
		fputs(text, fp);
		return;
	}
	v = util_visible(text, "\n\t\r");
	fputs(v, fp);
	free(v);
}

/* cli_print_wrapped(), ending with a newline or, for a prompt, without. */
static void
wrap(FILE *fp, const char *first, int indent, const char *text, bool prompt)
{
	/* Texts come from the journal and from files: controls are shown. */
	char *vfirst = util_visible(first, ""),
	     *vtext = util_visible(text != NULL ? text : "", "\n\t");
	size_t col = columns(vfirst, strlen(vfirst));
	bool start = true;	/* nothing written on this line after its indent */
	const char *p = vtext;

	fputs(vfirst, fp);
	for (;;) {
		size_t len, w;

		while (*p == ' ' || *p == '\n' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		len = strcspn(p, " \n\t");
		w = columns(p, len);
		if (!start && col + 1 + w > WRAP_COLUMNS) {
			fprintf(fp, "\n%*s", indent, "");
			col = (size_t)indent;
			start = true;
		}
		if (!start) {
			fputc(' ', fp);
			col++;
		}
		for (size_t i = 0; i < len; i++) {
			/* A no-break space has kept its words together. */
			if (p[i] == '\xc2' && i + 1 < len &&
			    p[i + 1] == '\xa0') {
				fputc(' ', fp);
				i++;
			} else
				fputc(p[i], fp);
		}
		col += w;
		start = false;
		p += len;
	}
	/* A prompt keeps its last space: the answer is typed after it. */
	if (!prompt)
		fputc('\n', fp);
	else if (*vtext != '\0' && vtext[strlen(vtext) - 1] == ' ')
		fputc(' ', fp);
	free(vfirst);
	free(vtext);
}

void
cli_print_wrapped(FILE *fp, const char *first, int indent, const char *text)
{
	wrap(fp, first, indent, text, false);
}

void
cli_print_prompt(FILE *fp, const char *prompt)
{
	int indent = (int)strspn(prompt, " ");
	char *lead = xstrndup(prompt, (size_t)indent);

	wrap(fp, lead, indent, prompt + indent, true);
	free(lead);
	fflush(fp);
}

int
cli_print_json(json_t *json)
{
	char *text;

	if (json == NULL)
		return cli_error(_("the JSON output could not be built"));
	text = json_dumps(json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(json);
	if (text == NULL)
		return cli_error(_("the JSON output could not be written"));
	/* On a terminal, U+009B and U+202E are shown as JSON escapes. */
	cli_print_output(stdout, text);
	free(text);
	fputc('\n', stdout);
	return CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* The verdict.                                                        */

/*
 * A level's name as a person reads it: in English the name --json uses,
 * in other languages a word of their own.
 */
static const char *const level_words[LIMBER_LEVEL_COUNT] = {
	/* TRANSLATORS: the screening's level, as in "Screening: go";
	   English gives the names --json uses. */
	NC_("screening level", "go"),
	NC_("screening level", "caution"),
	NC_("screening level", "see-clinician"),
	NC_("screening level", "urgent"),
	NC_("screening level", "emergency"),
};

const char *
cli_level_words(enum limber_level level)
{
	if ((unsigned)level < LIMBER_LEVEL_COUNT)
		return C_("screening level", level_words[level]);
	return limber_level_name(level);
}

/*
 * TRANSLATORS: the verdict's first word is its level's name (English
 * gives the name --json uses; give it as a word of your language, as in
 * "Screening: go"); the safety words must say exactly what the English
 * says.
 */
static const char *const verdict_words[LIMBER_LEVEL_COUNT] = {
	[LIMBER_LEVEL_GO] = N_("go — gentle stretching is fine today."),
	[LIMBER_LEVEL_CAUTION] = N_(
	    "caution — you can stretch today, with the care described below."),
	[LIMBER_LEVEL_SEE_CLINICIAN] = N_(
	    "see-clinician — book a doctor or physiotherapist and let "
	    "them check your back before you stretch. No stretching "
	    "routine until then."),
	[LIMBER_LEVEL_URGENT] = N_(
	    "URGENT — see a doctor today. If you cannot reach one, call "
	    "your local emergency number. Do not stretch."),
	[LIMBER_LEVEL_EMERGENCY] = N_(
	    "EMERGENCY — call your local emergency number now. Do not "
	    "stretch."),
};

int
cli_verdict_status(const struct limber_verdict *v)
{
	return limber_level_allows_session(v->level) ? CLI_EXIT_OK :
	    CLI_EXIT_BLOCKED;
}

static bool
is_reason(const struct limber_verdict *v, const char *id)
{
	for (size_t i = 0; i < v->nreasons; i++) {
		if (v->reasons[i].id != NULL && strcmp(v->reasons[i].id, id) == 0)
			return true;
	}
	return false;
}

/*
 * The verdict lists left-out stretches by id only; the why is in the
 * stretch's own screening rule for the question answered yes.
 */
static const char *
left_out_why(const struct limber_catalog *cat, const struct limber_verdict *v,
    const char *id)
{
	const struct limber_stretch *st;
	const char *why = NULL;

	st = cat != NULL ? limber_catalog_find(cat, id) : NULL;
	if (st == NULL)
		return NULL;
	for (size_t i = 0; i < st->nscreening; i++) {
		const struct limber_screen_rule *r = &st->screening[i];

		if (r->question == NULL || !is_reason(v, r->question))
			continue;
		if (r->action == LIMBER_ACTION_LEAVE_OUT)
			return limber_stretch_text(st, r->why);
		if (why == NULL)
			why = limber_stretch_text(st, r->why);
	}
	return why;
}

static void
print_stretch_line(FILE *fp, const struct limber_catalog *cat,
    const char *id, const char *variant, const char *why)
{
	const struct limber_stretch *st;
	const struct limber_variant *var = NULL;
	char *text;

	st = cat != NULL ? limber_catalog_find(cat, id) : NULL;
	if (st != NULL && variant != NULL)
		var = limber_stretch_variant(st, variant);
	if (variant != NULL)
		/* TRANSLATORS: a stretch's name, its id, the name of the
		 * way it is done today, then ": " and why, or nothing. */
		text = xasprintf(_("%s (%s), done as \"%s\"%s%s"),
		    cli_stretch_name(cat, id), id,
		    var != NULL ? limber_stretch_text(st, var->name) : variant,
		    why != NULL ? ": " : "", why != NULL ? why : "");
	else
		text = xasprintf("%s (%s)%s%s", cli_stretch_name(cat, id), id,
		    why != NULL ? ": " : "", why != NULL ? why : "");
	cli_print_wrapped(fp, "  - ", 4, text);
	free(text);
}

void
cli_print_verdict(FILE *fp, const struct limber_catalog *cat,
    const struct limber_verdict *v)
{
	const char *words = NULL;

	if ((unsigned)v->level < LIMBER_LEVEL_COUNT)
		words = _(verdict_words[v->level]);
	cli_print_wrapped(fp, _("Verdict: "), 9,
	    words != NULL ? words : cli_level_words(v->level));

	if (v->nreasons > 0) {
		fputs(_("\nBecause:\n"), fp);
		for (size_t i = 0; i < v->nreasons; i++) {
			const struct limber_reason *r = &v->reasons[i];
			char *text;

			text = xasprintf("%s (%s): %s",
			    r->id != NULL ? r->id : "?",
			    cli_level_words(r->level),
			    r->advice != NULL ? r->advice : "");
			cli_print_wrapped(fp, "  - ", 4, text);
			free(text);
		}
	}

	/* With no session ahead, what a session would change only distracts. */
	if (!limber_level_allows_session(v->level))
		return;

	if (v->nexcluded > 0) {
		fputs(_("\nLeft out today:\n"), fp);
		for (size_t i = 0; i < v->nexcluded; i++)
			print_stretch_line(fp, cat, v->excluded[i], NULL,
			    left_out_why(cat, v, v->excluded[i]));
	}
	if (v->nchanged > 0) {
		fputs(_("\nDone differently today:\n"), fp);
		for (size_t i = 0; i < v->nchanged; i++)
			print_stretch_line(fp, cat, v->changed[i].stretch,
			    v->changed[i].variant, v->changed[i].why);
	}
}

void
cli_print_stop_rules(FILE *fp)
{
	cli_print_wrapped(fp, "", 0, limber_stop_rules_text());
}
