/*
 * cmd-show.c - `limber show ID`: everything about one stretch.
 *
 * The whole catalog entry as a person reads it: what it is for and why,
 * where and how it is done, the dose, the steps with their seconds and a
 * small figure of each beside its text, what to watch for, the variants
 * for bodies and rooms that need them, and how the screening answers
 * change it. --json gives the library's own form.
 *
 * --svg and --png write the figures to files instead (render/): one step
 * with --step, else the whole stretch, as an animated SVG or a PNG strip
 * of every step. --variant and --side choose whose figures.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "limber/render.h"
#include "term.h"
#include "strbuf.h"
#include "utf8.h"
#include "util.h"

/*
 * The figure beside each step's text, in character cells: 16 by 6 (a 4:3
 * picture, in cells of 2 by 4 dots), and on a terminal wider than 80
 * columns up to twice that, with the text beside it as wide as ever.
 */
#define FIG_COLS 16
#define FIG_COLS_MAX 32
#define FIG_GAP 2

/* Picture sizes in pixels. */
#define SVG_W 480
#define SVG_H 360
#define PNG_W 480
#define PNG_H 360
#define PNG_CELL 280

static const struct cli_opt show_opts[] = {
	{ "json", NULL, N_("print the stretch as JSON, in the catalog's form"),
	    CLI_KEY_JSON, NULL },
	{ "svg", "FILE",
	    N_("write the figures to FILE as SVG: the step given by "
	       "--step, else every step animated at the steps' pace"),
	    CLI_KEY_SVG, NULL },
	{ "png", "FILE",
	    N_("write the figures to FILE as PNG: the step given by "
	       "--step, else every step in a numbered row"),
	    CLI_KEY_PNG, NULL },
	{ "step", "N", N_("with --svg or --png: only step N, counted from 1"),
	    CLI_KEY_STEP, NULL },
	{ "variant", "ID", N_("with --svg or --png: the figures of variant ID"),
	    CLI_KEY_VARIANT, NULL },
	{ "side", "SIDE",
	    N_("with --svg or --png: left (the default) or right, "
	       "for a stretch done on each side"),
	    CLI_KEY_SIDE, NULL },
	{ 0 },
};

struct show_opts {
	bool json;
	const char *svg, *png, *variant;
	long step;		/* 0: every step */
	int side;		/* 1 left, 2 right */
};

static int
show_option(void *data, int key, const char *arg)
{
	struct show_opts *o = data;

	switch (key) {
	case CLI_KEY_JSON:
		o->json = true;
		return CLI_CONTINUE;
	case CLI_KEY_SVG:
	case CLI_KEY_PNG:
		if (*arg == '\0') {
			cli_error(
			    _("--%s needs a file name, not an empty word"),
			    key == CLI_KEY_SVG ? "svg" : "png");
			return CLI_EXIT_USAGE;
		}
		*(key == CLI_KEY_SVG ? &o->svg : &o->png) = arg;
		return CLI_CONTINUE;
	case CLI_KEY_STEP:
		if (!util_parse_int(arg, 1, 99, &o->step)) {
			cli_error(_("--step must be a step number from 1, not "
				    "'%s'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		return CLI_CONTINUE;
	case CLI_KEY_VARIANT:
		o->variant = arg;
		return CLI_CONTINUE;
	case CLI_KEY_SIDE:
		if (strcmp(arg, "left") == 0)
			o->side = 1;
		else if (strcmp(arg, "right") == 0)
			o->side = 2;
		else {
			cli_error(_("--side must be left or right, not '%s'"),
			    arg);
			return CLI_EXIT_USAGE;
		}
		return CLI_CONTINUE;
	}
	return CLI_NOT_MINE;
}

const char *
cli_figures(void)
{
	return render_have_cairo() ? "figures (svg, png, pdf, terminal)" :
	    "figures (svg, terminal; png and pdf off: built without cairo)";
}

/* Whether figures are drawn in braille (UTF-8) or ASCII; asked once. */
static bool
figures_utf8(void)
{
	static int utf8 = -1;

	if (utf8 < 0)
		utf8 = util_utf8_terminal();
	return utf8;
}

/* The figure's columns: more on a wider terminal; asked once. */
static int
figure_cols(void)
{
	static int fig_cols = 0;
	int cols, rows;

	if (fig_cols == 0) {
		fig_cols = FIG_COLS;
		if (isatty(STDOUT_FILENO)) {
			term_size(STDOUT_FILENO, &cols, &rows);
			/* The lines grow by what the figure gains: 80 and up. */
			if (cols > 80)
				fig_cols += cols - 80;
			if (fig_cols > FIG_COLS_MAX)
				fig_cols = FIG_COLS_MAX;
		}
	}
	return fig_cols;
}

/*
 * One step: its figure on the left, its number and wrapped text on the
 * right. The text is wrapped as usual with room left for a figure of
 * FIG_COLS, and the figure's rows (as wide as the terminal allows) are then
 * laid into that room, the text moved right by what the figure gains.
 */
static void
print_step(const struct limber_step *step, size_t number, const char *text,
    int indent)
{
	int left = indent + FIG_COLS + FIG_GAP, rows = 0, top = 0;
	int fcols = figure_cols(), frows = fcols * 3 / 8;
	char *first, *buf = NULL, **fig = NULL, *line, *next;
	struct limber_pose pose;
	size_t size = 0;
	FILE *mem;

	first = xasprintf("%*s%2zu. ", left, "", number);
	mem = open_memstream(&buf, &size);
	if (mem == NULL || !limber_step_pose(step, 1, &pose)) {
		if (mem != NULL)
			fclose(mem);
		free(buf);
		free(first);
		first = xasprintf("%*s%2zu. ", indent, "", number);
		cli_print_wrapped(stdout, first, indent + 4, text);
		free(first);
		return;
	}
	cli_print_wrapped(mem, first, left + 4, text);
	fclose(mem);
	fig = render_term_lines(&pose, fcols, frows, figures_utf8());
	/* A figure lower than the box starts beside the step's first line. */
	while (top < frows - 1 && fig[top][strspn(fig[top], " ")] == '\0')
		top++;
	for (line = buf; *line != '\0' || top + rows < frows; line = next) {
		size_t len = strcspn(line, "\n");

		next = line[len] == '\n' ? line + len + 1 : line + len;
		if (top + rows < frows) {
			const char *f = fig[top + rows];
			int flen = (int)strlen(f);

			if (len <= (size_t)left)	/* no text: no trailing blanks */
				while (flen > 0 && f[flen - 1] == ' ')
					flen--;
			printf("%*s%.*s", flen > 0 ? indent : 0, "", flen, f);
			if (len > (size_t)left)
				printf("%*s%.*s", FIG_GAP, "",
				    (int)(len - (size_t)left), line + left);
			fputc('\n', stdout);
		} else if (len > (size_t)left)
			/* Under the figure: in line with the text beside it. */
			printf("%*s%.*s\n", left + fcols - FIG_COLS, "",
			    (int)(len - (size_t)left), line + left);
		else
			printf("%.*s\n", (int)len, line);
		rows++;
	}
	render_lines_free(fig, frows);
	free(buf);
	free(first);
}

static void
print_steps(const struct limber_stretch *st, const struct limber_step *steps,
    size_t n, int hold_s, int indent)
{
	for (size_t i = 0; i < n; i++) {
		const char *step = limber_stretch_text(st, steps[i].text);
		char *text;

		/* TRANSLATORS: a step, then how long it is held, "(hold 20 s)";
		 * keep the no-break spaces (U+00A0) between the words and the
		 * number. */
		if (steps[i].hold)
			text = xasprintf(_("%s (hold\u00a0%d\u00a0s)"), step,
			    hold_s);
		else if (steps[i].seconds > 0)
			text = xasprintf(_("%s (%d\u00a0s)"), step,
			    steps[i].seconds);
		else
			text = xstrdup(step);
		print_step(&steps[i], i + 1, text, indent);
		free(text);
	}
}

static void
print_list(const struct limber_stretch *st, const char *title,
    char *const *items, size_t n)
{
	if (n == 0)
		return;
	printf("\n%s:\n", title);
	for (size_t i = 0; i < n; i++)
		cli_print_wrapped(stdout, "  - ", 4,
		    limber_stretch_text(st, items[i]));
}

static void
print_contexts(unsigned contexts)
{
	bool any = false;

	for (int i = 0; i < LIMBER_CONTEXT_COUNT; i++) {
		const char *name;

		if ((contexts & (1u << i)) == 0)
			continue;
		name = limber_context_name((enum limber_context)i);
		printf("%s%s", any ? ", " : "", name != NULL ? name : "?");
		any = true;
	}
	fputc('\n', stdout);
}

/* Each area on its own, "upper, lower" rather than "both": a list. */
static void
print_areas(unsigned areas)
{
	bool any = false;

	for (unsigned bit = LIMBER_AREA_UPPER; bit <= LIMBER_AREA_LOWER;
	     bit <<= 1) {
		if ((areas & bit) == 0)
			continue;
		printf("%s%s", any ? ", " : "",
		    limber_area_name((enum limber_area)bit));
		any = true;
	}
	fputs(any ? "\n" : _("none\n"), stdout);
}

static void
print_variant(const struct limber_stretch *st, const struct limber_variant *v)
{
	char *first;

	first = xasprintf("  %s: ", v->id);
	cli_print_wrapped(stdout, first, 4, limber_stretch_text(st, v->name));
	free(first);
	cli_print_wrapped(stdout, _("    When: "), 6,
	    limber_stretch_text(st, v->why));
	cli_print_wrapped(stdout, _("    Position: "), 6,
	    limber_stretch_text(st, v->position));
	fputs(_("    Needs: "), stdout);
	cli_print_needs(stdout, v->needs);
	fputs(_("\n    Steps:\n"), stdout);
	print_steps(st, v->steps, v->nsteps, st->hold_s.start, 4);
}

static void
print_rule(const struct limber_stretch *st, const struct limber_screen_rule *r)
{
	char *first, *names;

	if (r->action == LIMBER_ACTION_LEAVE_OUT)
		/* TRANSLATORS: %s is a screening question's id. */
		first = xasprintf(_("  - yes to %s: left out: "), r->question);
	else if (r->nvariants == 0)
		first = xasprintf(_("  - yes to %s: done differently: "),
		    r->question);
	else {
		names = xstrdup(r->variants[0]);
		for (size_t i = 1; i < r->nvariants; i++) {
			char *more = xasprintf(_("%s, or %s"), names,
			    r->variants[i]);

			free(names);
			names = more;
		}
		/* TRANSLATORS: a question's id, then variants' ids. */
		first = xasprintf(_("  - yes to %s: done as %s: "), r->question,
		    names);
		free(names);
	}
	cli_print_wrapped(stdout, first, 4, limber_stretch_text(st, r->why));
	free(first);
}

static void
print_stretch(const struct limber_stretch *st)
{
	char *dose;

	cli_puts(stdout, limber_stretch_text(st, st->name));
	printf(" (%s)\n", st->id);
	cli_print_wrapped(stdout, "", 0, limber_stretch_text(st, st->summary));
	fputc('\n', stdout);
	cli_print_wrapped(stdout, _("Why it helps: "), 2,
	    limber_stretch_text(st, st->why));
	fputs(_("Areas: "), stdout);
	print_areas(st->areas);
	fputs(_("Suits: "), stdout);
	print_contexts(st->contexts);
	cli_print_wrapped(stdout, _("Position: "), 2,
	    limber_stretch_text(st, st->position));
	fputs(_("Needs: "), stdout);
	cli_print_needs(stdout, st->needs);
	fputc('\n', stdout);
	printf(_("Sides: %s\n"),
	    st->sides ? _("once on each side, left then right") :
			_("not one-sided, done once"));
	/* TRANSLATORS: "3 repetitions to start (2 to 5), holds of 20 s (15
	 * to 30), rests of 10 s (5 to 20)"; keep the no-break spaces
	 * (U+00A0). */
	dose = xasprintf(
	    P_("%d repetition to start (%d\u00a0to\u00a0%d), holds of "
	       "%d\u00a0s (%d\u00a0to\u00a0%d), rests of %d\u00a0s "
	       "(%d\u00a0to\u00a0%d)",
		"%d repetitions to start (%d\u00a0to\u00a0%d), holds of "
		"%d\u00a0s (%d\u00a0to\u00a0%d), rests of %d\u00a0s "
		"(%d\u00a0to\u00a0%d)",
		(unsigned long)st->reps.start),
	    st->reps.start, st->reps.min, st->reps.max, st->hold_s.start,
	    st->hold_s.min, st->hold_s.max, st->rest_s.start, st->rest_s.min,
	    st->rest_s.max);
	cli_print_wrapped(stdout, _("Dose: "), 2, dose);
	free(dose);

	fputs(_("\nSteps, for one repetition:\n"), stdout);
	print_steps(st, st->steps, st->nsteps, st->hold_s.start, 0);
	print_list(st, _("Cues"), st->cues, st->ncues);
	print_list(st, _("Cautions"), st->cautions, st->ncautions);
	print_list(st, _("Benefits"), st->benefits, st->nbenefits);

	if (st->nvariants > 0) {
		fputs(_("\nVariants:\n"), stdout);
		for (size_t i = 0; i < st->nvariants; i++) {
			if (i > 0)
				fputc('\n', stdout);
			print_variant(st, &st->variants[i]);
		}
	}
	if (st->nscreening > 0) {
		fputs(_("\nScreening:\n"), stdout);
		for (size_t i = 0; i < st->nscreening; i++)
			print_rule(st, &st->screening[i]);
	}
	if (st->source != NULL) {
		fputs(_("\nSource: "), stdout);
		cli_puts(stdout, st->source);
		fputc('\n', stdout);
	}
}

static int
unknown_stretch(const struct limber_catalog *cat, const char *id)
{
	struct strbuf known = STRBUF_INIT(0);

	for (size_t i = 0; i < cat->n; i++)
		strbuf_printf(&known, "%s%s", i > 0 ? ", " : "",
		    cat->stretches[i]->id);
	/* TRANSLATORS: the id asked for, then the ids there are. */
	cli_error(_("no stretch '%s'; known: %s"), id,
	    known.p != NULL ? known.p : "");
	free(known.p);
	return CLI_EXIT_ERROR;
}

/* --svg and --png: the figures of one step, or of them all, to files. */
static int
write_figures(struct cli_ctx *ctx, const struct limber_stretch *st,
    const struct show_opts *o)
{
	const struct limber_step *steps = st->steps;
	size_t nsteps = st->nsteps, n;
	const char *name = st->id;
	struct limber_pose *poses;
	double *seconds;
	bool *holds;
	char *cause = NULL, *svg;
	int rc = CLI_EXIT_OK;
	struct limber_pose prev;
	bool have_prev = false;

	if (o->variant != NULL) {
		const struct limber_variant *v = limber_stretch_variant(st,
		    o->variant);

		if (v == NULL) {
			struct strbuf known = STRBUF_INIT(0);

			for (size_t i = 0; i < st->nvariants; i++)
				strbuf_printf(&known, "%s%s", i > 0 ? ", " : "",
				    st->variants[i].id);
			/* TRANSLATORS: a stretch's id, the variant asked for,
			 * then the variants' ids there are. */
			cli_error(_("%s has no variant '%s'; known: %s"),
			    st->id, o->variant,
			    known.p != NULL ? known.p : _("none"));
			free(known.p);
			return CLI_EXIT_ERROR;
		}
		steps = v->steps;
		nsteps = v->nsteps;
	}
	if (o->side == 2 && !st->sides)
		return cli_usage_error(ctx,
		    _("%s is done once, not on each side: "
		      "leave out --side"),
		    st->id);
	if (o->step > 0 && (size_t)o->step > nsteps)
		return cli_usage_error(ctx,
		    _("--step must be from 1 to %zu for "
		      "%s%s%s, not %ld"),
		    nsteps, name, o->variant ? " " : "",
		    o->variant ? o->variant : "", o->step);
	if (o->step > 0) {
		/* The step before, for the ghost and arrow of the movement. */
		if (o->step > 1)
			have_prev = limber_step_pose(&steps[o->step - 2],
			    o->side, &prev);
		steps += o->step - 1;
		nsteps = 1;
	}
	poses = xcalloc(nsteps, sizeof *poses);
	seconds = xcalloc(nsteps, sizeof *seconds);
	holds = xcalloc(nsteps, sizeof *holds);
	n = render_step_poses(steps, nsteps, o->side, st->hold_s.start, poses,
	    seconds, holds);
	if (n == 0) {
		if (o->step > 0)
			rc = cli_error(_("step %ld of %s has no pose to draw"),
			    o->step, name);
		else
			rc = cli_error(_("%s has no poses to draw"), name);
		goto out;
	}
	if (o->svg != NULL) {
		svg = o->step > 0 ?
		    render_svg(&poses[0], have_prev ? &prev : NULL, SVG_W,
			SVG_H) :
		    render_svg_animated(poses, seconds, holds, n, SVG_W, SVG_H);
		if (render_write_file(o->svg, svg, strlen(svg), &cause) !=
		    LIMBER_OK)
			rc = cli_error("%s", cause);
		free(svg);
		free(cause);
		cause = NULL;
	}
	if (rc == CLI_EXIT_OK && o->png != NULL) {
		enum limber_status ls = o->step > 0 || n == 1 ?
		    render_png(o->png, &poses[0], have_prev ? &prev : NULL,
			PNG_W, PNG_H, &cause) :
		    render_png_strip(o->png, poses, n, PNG_CELL, &cause);

		if (ls != LIMBER_OK)
			rc = cli_error("%s", cause);
		free(cause);
		render_shutdown();
	}
out:
	free(poses);
	free(seconds);
	free(holds);
	return rc;
}

static int
show_run(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct limber_stretch *st;
	struct show_opts o = { .json = false, .side = 1 };
	bool files;
	int rc, first;

	rc = cli_parse(ctx, argc, argv, show_option, &o, &first);
	if (rc != CLI_CONTINUE)
		return rc;
	files = o.svg != NULL || o.png != NULL;
	if (!files && (o.step > 0 || o.variant != NULL || o.side == 2))
		return cli_usage_error(ctx,
		    _("--step, --variant and --side choose "
		      "the figures of --svg or --png; give one of those too"));
	if (files && o.json)
		return cli_usage_error(ctx,
		    _("--json prints the stretch; --svg "
		      "and --png write figures: give one or the other"));
	if (first >= argc)
		return cli_usage_error(ctx,
		    _("show needs a stretch id, as listed "
		      "by 'limber stretches'"));
	if (argc - first > 1)
		return cli_usage_error(ctx,
		    _("show takes one stretch id, not "
		      "also '%s'"),
		    argv[first + 1]);

	st = limber_catalog_find(ctx->catalog, argv[first]);
	if (st == NULL)
		return unknown_stretch(ctx->catalog, argv[first]);
	if (files)
		return write_figures(ctx, st, &o);
	if (o.json)
		return cli_print_json(limber_stretch_to_json(st));
	print_stretch(st);
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_show = {
	.name = "show",
	.summary = N_("show everything about one stretch"),
	.usage = "limber show [--json] ID\n"
		 "limber show ID --svg FILE | --png FILE [--step N]\n"
		 "            [--variant ID] [--side left|right]",
	.description = N_(
	    "Shows the stretch with the id ID: what it helps and why, where\n"
	    "and how it is done, its dose, each step with its seconds and a\n"
	    "figure, the cues, cautions and benefits, its variants, and how\n"
	    "screening answers change it. 'limber stretches' lists the ids.\n"
	    "The figures are braille characters when the locale is UTF-8, and\n"
	    "plain ASCII otherwise.\n"
	    "\n"
	    "With --svg or --png, show writes figures to a file instead: step\n"
	    "N's figure with --step N; without it, an SVG of the figure moving\n"
	    "through every step at the steps' pace, or a PNG of every step in\n"
	    "a numbered row. The file is written under a temporary name and\n"
	    "renamed into place, so a failed write leaves nothing behind."),
	.opts = show_opts,
	.flags = CMD_NEEDS_CATALOG | CMD_NEEDS_FIGURES,
	.run = show_run,
};
