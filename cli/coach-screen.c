/*
 * coach-screen.c - the guided session's full screen on a terminal.
 *
 * The screen is drawn whole on each turn that changes it, on the alternate
 * screen, every line written over in place (no clearing, so no flicker),
 * and cleared first only after a resize. It shows what the session's state
 * says; the checklist and the note after a score come from the cues, as
 * the state does not keep them. docs/coach.md shows it.
 */
#include <stdarg.h>
#include <unistd.h>

#include "limber/render.h"

#include "cli.h"
#include "coach-screen.h"
#include "strbuf.h"
#include "term.h"
#include "util.h"

/* The check-in's texts name its keys, 0 to 9 or 1 then 0: keep them true. */
_Static_assert(LIMBER_PAIN_MIN == 0 && LIMBER_PAIN_MAX == 10,
    "the check-in texts say 0 to 10");

/* Text from the catalog, with any control character made a space. */
static void
buf_text(struct strbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if ((unsigned char)c < 0x20 || c == 0x7f)
			c = ' ';
		strbuf_add(b, &c, 1);
	}
}

/* ------------------------------------------------------------------ */
/* The screen.                                                         */

struct coach_screen {
	const struct limber_plan *plan;
	const struct coach_opts *o; /* the coach's, which may change */
	int cols, rows;
	bool clear;
	char **checklist;
	size_t nchecklist;
	char *note; /* the last score's words, shown in the rest */
	/* The next frame, drawn whole before it is written. */
	struct strbuf frame;
};

struct coach_screen *
coach_screen_new(const struct limber_plan *plan, const struct coach_opts *o)
{
	struct coach_screen *c = xcalloc(1, sizeof *c);

	c->plan = plan;
	c->o = o;
	return c;
}

void
coach_screen_free(struct coach_screen *c)
{
	if (c == NULL)
		return;
	free(c->note);
	for (size_t i = 0; i < c->nchecklist; i++)
		free(c->checklist[i]);
	free(c->checklist);
	strbuf_free(&c->frame);
	free(c);
}

void
coach_screen_resize(struct coach_screen *c)
{
	term_size(STDOUT_FILENO, &c->cols, &c->rows);
	c->clear = true;
}

static const struct limber_plan_item *
plan_item(const struct coach_screen *c, int item)
{
	if (item < 0 || (size_t)item >= c->plan->nitems)
		return NULL;
	return &c->plan->items[item];
}

static const char *
item_name(const struct limber_plan_item *it)
{
	if (it == NULL)
		return "";
	return limber_stretch_text(it->stretch,
	    it->variant != NULL ? it->variant->name : it->stretch->name);
}

static void
checklist_keep(struct coach_screen *c, const char *text)
{
	c->checklist = xreallocarray(c->checklist, c->nchecklist + 1,
	    sizeof *c->checklist);
	c->checklist[c->nchecklist++] = xstrdup(text);
}

/* What a cue changes on the screen. */
void
coach_screen_cue(struct coach_screen *c, const struct limber_cue *cue)
{
	switch (cue->kind) {
	case LIMBER_CUE_CHECKLIST:
		checklist_keep(c, cue->text != NULL ? cue->text : "");
		break;
	case LIMBER_CUE_INTRO:
		free(c->note);
		c->note = NULL;
		break;
	case LIMBER_CUE_PAIN:
		if (cue->pain_kind == LIMBER_PAIN_DURING) {
			free(c->note);
			c->note = xstrdup(cue->text != NULL ? cue->text : "");
		}
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Drawing.                                                            */

/* Bytes of the first n characters of s (UTF-8, one column each). */
static size_t
u8_prefix(const char *s, size_t len, int n)
{
	size_t i = 0;

	while (i < len && n > 0) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		n--;
	}
	return i;
}

static int
u8_cols(const char *s, size_t len)
{
	int n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

struct span {
	const char *p;
	size_t len;
};

/*
 * Break text into lines of at most width columns, at spaces where it can.
 * Fills at most max spans; returns how many lines it takes in all.
 */
static int
wrap(const char *text, int width, struct span *out, int max)
{
	const char *p = text;
	int n = 0;

	if (width < 1)
		width = 1;
	for (;;) {
		const char *start, *end, *brk = NULL;
		int cols = 0;

		while (*p == ' ' || *p == '\n' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		start = end = p;
		while (*end != '\0' && *end != '\n') {
			size_t step = u8_prefix(end, strlen(end), 1);

			if (*end == ' ')
				brk = end;
			if (cols == width)
				break;
			cols++;
			end += step;
		}
		if (*end != '\0' && *end != '\n' && *end != ' ' && brk != NULL)
			end = brk;
		if (n < max) {
			out[n].p = start;
			out[n].len = (size_t)(end - start);
			while (out[n].len > 0 && start[out[n].len - 1] == ' ')
				out[n].len--;
		}
		n++;
		p = end;
	}
	return n;
}

enum attr {
	ATTR_PLAIN,
	ATTR_BOLD,
	ATTR_DIM,
	ATTR_CALM,  /* the countdown and movement labels: cyan */
	ATTR_GOOD,  /* the progress bar and rests: green */
	ATTR_WAIT,  /* paused, check-in: yellow */
	ATTR_ALERT, /* the ! key: red */
};

static void
set_attr(struct coach_screen *c, struct strbuf *b, enum attr a)
{
	static const char *const mono[] = { "", "1", "2", "1", "1", "1", "1" };
	static const char *const colour[] = { "", "1", "2", "1;36", "32",
		"1;33", "1;31" };

	strbuf_puts(b, "\033[0m");
	if (a == ATTR_PLAIN)
		return;
	strbuf_printf(b, "\033[%sm", c->o->color ? colour[a] : mono[a]);
}

/* Move to row (1-based) and column (0-based). */
static void
at(struct strbuf *b, int row, int col)
{
	strbuf_printf(b, "\033[%d;%dH", row, col + 1);
}

/* Text at row and column, cut to the screen's width. */
static void
put(struct coach_screen *c, int row, int col, enum attr a, const char *s,
    size_t len)
{
	int room = c->cols - col;

	if (row < 1 || row > c->rows || room <= 0)
		return;
	at(&c->frame, row, col);
	set_attr(c, &c->frame, a);
	buf_text(&c->frame, s, u8_prefix(s, len, room));
	set_attr(c, &c->frame, ATTR_PLAIN);
}

static void
puts_at(struct coach_screen *c, int row, int col, enum attr a, const char *s)
{
	put(c, row, col, a, s, strlen(s));
}

/* Wrapped text from row on, at most max lines, the last cut with "...". */
static int
put_wrapped(struct coach_screen *c, int row, int col, int width, int max,
    enum attr a, const char *text)
{
	struct span sp[64];
	int n = wrap(text, width, sp, (int)nitems(sp));
	int shown = n < max ? n : max;

	if (shown > (int)nitems(sp))
		shown = (int)nitems(sp);
	for (int i = 0; i < shown; i++) {
		if (i == shown - 1 && shown < n) {
			struct strbuf t = STRBUF_INIT(0);
			size_t keep = u8_prefix(sp[i].p, sp[i].len, width - 1);

			strbuf_add(&t, sp[i].p, keep);
			strbuf_puts(&t, c->o->utf8 ? "…" : "~");
			put(c, row + i, col, a, t.p, t.len);
			free(t.p);
		} else
			put(c, row + i, col, a, sp[i].p, sp[i].len);
	}
	return shown;
}

/* The big digits: a 3x5 font, each dot two columns wide. */
static const char *const font[11][5] = {
	{ "###", "# #", "# #", "# #", "###" },
	{ " # ", "## ", " # ", " # ", "###" },
	{ "###", "  #", "###", "#  ", "###" },
	{ "###", "  #", "###", "  #", "###" },
	{ "# #", "# #", "###", "  #", "  #" },
	{ "###", "#  ", "###", "  #", "###" },
	{ "###", "#  ", "###", "# #", "###" },
	{ "###", "  #", "  #", "  #", "  #" },
	{ "###", "# #", "###", "# #", "###" },
	{ "###", "# #", "###", "  #", "###" },
	{ " ", "#", " ", "#", " " }, /* the colon */
};

#define BIG_ROWS 5

/* Columns the big form of text (digits and ':') takes. */
static int
big_width(const char *text)
{
	int w = 0;

	for (const char *p = text; *p != '\0'; p++)
		w += (*p == ':' ? 2 : 6) + (p[1] != '\0' ? 2 : 0);
	return w;
}

static void
put_big(struct coach_screen *c, int row, int col, enum attr a, const char *text)
{
	const char *dot = c->o->utf8 ? "█" : "#";

	for (int r = 0; r < BIG_ROWS; r++) {
		struct strbuf line = STRBUF_INIT(0);

		for (const char *p = text; *p != '\0'; p++) {
			const char *g = font[*p == ':' ? 10 : *p - '0'][r];

			for (const char *d = g; *d != '\0'; d++) {
				if (*d == '#') {
					strbuf_puts(&line, dot);
					strbuf_puts(&line, dot);
				} else
					strbuf_puts(&line, "  ");
			}
			if (p[1] != '\0')
				strbuf_puts(&line, "  ");
		}
		put(c, row + r, col, a, line.p, line.len);
		free(line.p);
	}
}

static const char *
phase_label(const struct limber_session_state *st, enum attr *a)
{
	/* TRANSLATORS: the coach's phase labels are short capitals. */
	*a = ATTR_CALM;
	if (st->paused) {
		*a = ATTR_WAIT;
		return _("PAUSED");
	}
	switch (st->phase) {
	case LIMBER_PHASE_PREPARE:
		*a = ATTR_WAIT;
		return _("GET READY");
	case LIMBER_PHASE_INTRO:
		return _("COMING UP");
	case LIMBER_PHASE_STEP:
		return _("MOVE");
	case LIMBER_PHASE_HOLD:
		return _("HOLD");
	case LIMBER_PHASE_SWITCH:
		return _("CHANGE SIDES");
	case LIMBER_PHASE_REST:
		*a = ATTR_GOOD;
		return _("REST");
	case LIMBER_PHASE_CHECKIN:
		*a = ATTR_WAIT;
		return _("CHECK-IN");
	default:
		return "";
	}
}

/* What the number counts: "seconds to hold" (or "second", for 1). */
static char *
countdown_caption(const struct limber_session_state *st, int secs)
{
	/* TRANSLATORS: under the big number of seconds left. */
	unsigned long n = secs < 0 ? 0 : (unsigned long)secs;

	switch (st->phase) {
	case LIMBER_PHASE_INTRO:
		return xstrdup(P_("second to get ready", "seconds to get ready",
		    n));
	case LIMBER_PHASE_HOLD:
		return xstrdup(P_("second to hold", "seconds to hold", n));
	case LIMBER_PHASE_SWITCH:
		return xstrdup(P_("second to change sides",
		    "seconds to change sides", n));
	case LIMBER_PHASE_REST:
		return xstrdup(P_("second of rest", "seconds of rest", n));
	default:
		return xstrdup(P_("second for this step",
		    "seconds for this step", n));
	}
}

/* A key and what it does, in full and in brief. */
struct key_help {
	const char *key, *word, *brief;
};

/* The keys for now, long or short to fit width. */
static void
put_keys(struct coach_screen *c, int row, int col, int width,
    const struct limber_session_state *st)
{
	struct key_help k[5];
	int n = 0, len = 0;
	bool brief;

	/*
	 * The keys themselves (space, q, n, 0-10, !) are the same in every
	 * language; only the space bar's name and what each key does are
	 * translated.
	 */
	/* TRANSLATORS: the space bar's name, in the coach's line of keys. */
	const char *space = C_("key", "space");

	if (st->phase == LIMBER_PHASE_PREPARE) {
		k[n++] = (struct key_help){ space, _("begin"), _("begin") };
		k[n++] = (struct key_help){ "q", _("leave"), _("leave") };
	} else if (st->phase == LIMBER_PHASE_CHECKIN) {
		k[n++] = (struct key_help){ "0-10", _("your pain"), _("pain") };
		k[n++] = (struct key_help){ "n", _("no answer"),
			_("no answer") };
	} else {
		k[n++] = (struct key_help){ space,
			st->paused ? _("carry on") : _("pause"),
			st->paused ? _("go on") : _("pause") };
		/* Between stretches there is nothing left to skip. */
		if (st->phase != LIMBER_PHASE_REST || st->rep > 0)
			k[n++] = (struct key_help){ "n", _("skip"), _("skip") };
	}
	if (st->phase != LIMBER_PHASE_PREPARE)
		k[n++] = (struct key_help){ "q", _("stop"), _("stop") };
	/* TRANSLATORS: what the ! key is for; the second is its brief
	 * form, for narrow terminals. */
	k[n++] = (struct key_help){ "!", _("sharp pain, numbness or dizziness"),
		_("pain, numb, dizzy") };

	/* Columns, not bytes: translated words carry accents. */
	for (int i = 0; i < n; i++)
		len += cli_width(k[i].key) + 1 + cli_width(k[i].word) +
		    (i > 0 ? 3 : 0);
	brief = len > width;
	for (int i = 0; i < n; i++) {
		const char *w = brief ? k[i].brief : k[i].word;
		enum attr a = strcmp(k[i].key, "!") == 0 ?
		    ATTR_ALERT :
		    ATTR_BOLD;

		if (col >= c->cols)
			break;
		puts_at(c, row, col, a, k[i].key);
		col += cli_width(k[i].key) + 1;
		puts_at(c, row, col, ATTR_PLAIN, w);
		col += cli_width(w) + 3;
	}
}

static void
put_rule(struct coach_screen *c, int row, int col, int width)
{
	struct strbuf b = STRBUF_INIT(0);

	for (int i = 0; i < width; i++)
		strbuf_puts(&b, c->o->utf8 ? "─" : "-");
	if (b.p != NULL)
		put(c, row, col, ATTR_DIM, b.p, b.len);
	free(b.p);
}

static void
put_bar(struct coach_screen *c, int row, int col, int width,
    const struct limber_session_state *st)
{
	char label[64], a[16], b[16];
	struct strbuf fill = STRBUF_INIT(0), rest = STRBUF_INIT(0);
	int bw, done;

	/* TRANSLATORS: the time done and the session's length, "3:05 of
	 * 12:00", after the progress bar. */
	snprintf(label, sizeof label, _("  %s of %s"),
	    cli_mmss(a, sizeof a, (int)(st->elapsed_ms / 1000)),
	    cli_mmss(b, sizeof b, (int)((st->total_ms + 999) / 1000)));
	bw = width - cli_width(label);
	if (bw < 4) {
		puts_at(c, row, col, ATTR_PLAIN, label + 2);
		return;
	}
	done = st->total_ms > 0 ? (int)(st->elapsed_ms * bw / st->total_ms) : 0;
	done = done < 0 ? 0 : done > bw ? bw : done;
	for (int i = 0; i < bw; i++) {
		if (i < done)
			strbuf_puts(&fill, c->o->utf8 ? "█" : "#");
		else
			strbuf_puts(&rest, c->o->utf8 ? "░" : ".");
	}
	if (fill.p != NULL)
		put(c, row, col, ATTR_GOOD, fill.p, fill.len);
	if (rest.p != NULL)
		put(c, row, col + done, ATTR_DIM, rest.p, rest.len);
	puts_at(c, row, col + bw, ATTR_PLAIN, label);
	free(fill.p);
	free(rest.p);
}

/* "Repetition 2 of 3 · second side" */
static char *
detail_text(const struct coach_screen *c, const struct limber_session_state *st)
{
	struct strbuf b = STRBUF_INIT(0);
	const char *sep = c->o->utf8 ? " · " : " - ";
	char *out;

	if (st->phase == LIMBER_PHASE_CHECKIN) {
		/* TRANSLATORS: %s is the stretch just done. */
		strbuf_printf(&b, _("After %s"),
		    item_name(plan_item(c, st->item)));
	} else if (st->reps > 1 && st->rep > 0) {
		strbuf_printf(&b, _("Repetition %d of %d"), st->rep, st->reps);
	}
	if (st->sides > 1 && st->side > 0 && st->phase != LIMBER_PHASE_CHECKIN)
		strbuf_printf(&b, "%s%s", b.len > 0 ? sep : "",
		    st->side == 1 ? _("first side") : _("second side"));
	out = b.p != NULL ? b.p : xstrdup("");
	return out;
}

/*
 * The figure of the step being done, from the pose model (issue: people
 * learn a stretch by looking), drawn in braille or ASCII. It is what a
 * person on the mat looks up to, so it takes the screen's right-hand
 * side from the stretch's name down to the rule over the keys, and all
 * else goes in a column of words on its left (layout_fit). The second
 * side of a two-sided stretch is the mirror.
 */
#define FIGURE_TOP 4 /* the row of the stretch's name */
#define FIGURE_MIN_ROWS 5
#define FIGURE_MIN_COLS 16 /* narrower, a figure cannot be made out */
#define FIGURE_GAP 2	   /* columns between the words and the figure */
#define TEXT_MIN_COLS 36   /* the words are never squeezed narrower */
#define NEXT_LINES 4	   /* "Next:" under the bar, beside a figure */

/*
 * The pose the figure shows now: the step under way; the start of the
 * stretch in its introduction; in a rest or a change of sides, where the
 * next part starts (after a check-in, the next stretch's first step, as
 * the "Next:" line says). False when the phase shows no figure.
 */
static bool
figure_pose(const struct coach_screen *c, const struct limber_session_state *st,
    struct limber_pose *pose)
{
	const struct limber_plan_item *it = plan_item(c, st->item);
	const struct limber_step *steps;
	size_t nsteps;
	int step = st->step, side = st->side > 0 ? st->side : 1;

	if (it == NULL || !limber_phase_timed(st->phase))
		return false;
	if (st->phase == LIMBER_PHASE_REST && st->rep == 0) {
		/* Between stretches: the state still names the one done. */
		if ((size_t)st->item + 1 < c->plan->nitems)
			it = plan_item(c, st->item + 1);
		else if (st->round < st->rounds)
			it = plan_item(c, 0);
		else
			return false;
		side = 1;
	} else if (st->phase == LIMBER_PHASE_REST && st->rep >= st->reps &&
	    side < st->sides)
		side++; /* a rest before the change of sides */
	steps = it->variant ? it->variant->steps : it->stretch->steps;
	nsteps = it->variant ? it->variant->nsteps : it->stretch->nsteps;
	if (step < 0 || st->phase == LIMBER_PHASE_REST ||
	    st->phase == LIMBER_PHASE_SWITCH)
		step = 0;
	return (size_t)step < nsteps &&
	    limber_step_pose(&steps[step], side, pose);
}

/* Lines the text of the phase takes at width columns. */
static int
body_lines_at(const struct coach_screen *c,
    const struct limber_session_state *st, int width)
{
	struct span dummy[1];
	int n = 0;

	if (st->phase == LIMBER_PHASE_PREPARE) {
		for (size_t i = 0; i < c->nchecklist; i++)
			n += wrap(c->checklist[i], width - 2, dummy, 0);
		return n;
	}
	return wrap(st->text != NULL ? st->text : "", width, dummy, 0);
}

/* Whether the large digits fit: rows for them under the words, and width. */
static bool
big_fits(const struct coach_screen *c, int lines, int rows, int width,
    const char *num)
{
	return c->rows >= 18 && rows >= lines &&
	    (num[0] == '\0' || big_width(num) + 4 + 24 <= width);
}

/* Where things go: the words' column and the figure right of it. */
struct layout {
	int tw;		 /* the words' width */
	int title_lines; /* the stretch's name: 1, or 2 beside a figure */
	int fw, fh;	 /* the figure's cells, 0 for none */
	bool big;	 /* the countdown in large digits */
};

/* The first row of the step's words, under the name, details and a gap. */
static int
body_top(const struct layout *l)
{
	return FIGURE_TOP + l->title_lines + 2;
}

/* The countdown's first row, whose place does not depend on the words. */
static int
countdown_top(const struct coach_screen *c, bool big)
{
	return big ? c->rows - 12 : c->rows - 8;
}

/*
 * Whether the column of words fits at width tw beside a figure: the name
 * in at most two lines beside the phase's label, and the step's words
 * above the countdown (large digits when big).
 */
static bool
column_fits(const struct coach_screen *c, const struct limber_session_state *st,
    int tw, const char *title, const char *label, const char *num, bool big,
    int *title_lines)
{
	struct span dummy[1];
	struct layout l = { .tw = tw };
	int body;

	l.title_lines = wrap(title, tw - cli_width(label) - 2, dummy, 0);
	if (l.title_lines < 1)
		l.title_lines = 1;
	if (l.title_lines > 2)
		return false;
	*title_lines = l.title_lines;
	body = countdown_top(c, big) - 1 - body_top(&l);
	/* Room for two digits, whatever the count now, so that the column
	   keeps its width as the count goes down. */
	if (big)
		return num[0] != '\0' &&
		    big_fits(c, body_lines_at(c, st, tw), body, tw, "00");
	return body >= body_lines_at(c, st, tw);
}

/*
 * The layout for now. With a figure to show (want), the figure takes
 * rows FIGURE_TOP to two above the last, and as many columns as leave
 * the words at least TEXT_MIN_COLS and two fifths of the width, up to a
 * 4:3 picture (its cells are 2 dots across and 4 down, so 8/3 as many
 * columns as rows); the words' column is widened, and the figure made
 * narrower, until the step's words fit in it. The large digits are kept
 * when the figure they leave room for is at least three quarters of the
 * widest one; otherwise the countdown takes a line. No figure when even
 * the narrowest one leaves the words too little room: then the words
 * have the whole width.
 */
static void
layout_fit(const struct coach_screen *c, const struct limber_session_state *st,
    int w, const char *title, const char *label, const char *num, bool want,
    struct layout *l)
{
	int rows = c->rows - 1 - FIGURE_TOP, lo = TEXT_MIN_COLS;
	int small = 0, big = 0, small_lines = 1, big_lines = 1;

	*l = (struct layout){ .tw = w, .title_lines = 1 };
	if (want && rows >= FIGURE_MIN_ROWS) {
		if (lo < w * 2 / 5)
			lo = w * 2 / 5;
		if (lo < w - FIGURE_GAP - rows * 8 / 3)
			lo = w - FIGURE_GAP - rows * 8 / 3;
		for (int tw = lo; tw <= w - FIGURE_GAP - FIGURE_MIN_COLS;
		     tw++) {
			if (small == 0 &&
			    column_fits(c, st, tw, title, label, num, false,
				&small_lines))
				small = tw;
			if (column_fits(c, st, tw, title, label, num, true,
				&big_lines)) {
				big = tw;
				break;
			}
		}
	}
	if (small > 0) {
		l->big = big > 0 &&
		    (w - FIGURE_GAP - big) * 4 >= (w - FIGURE_GAP - small) * 3;
		l->tw = l->big ? big : small;
		l->title_lines = l->big ? big_lines : small_lines;
		l->fw = w - FIGURE_GAP - l->tw;
		l->fh = rows;
	} else
		l->big = big_fits(c, body_lines_at(c, st, w),
		    countdown_top(c, true) - 1 - body_top(l), w, num);
}

static void
put_figure(struct coach_screen *c, int row, int col, int cols, int rows,
    const struct limber_pose *pose)
{
	char **lines = render_term_lines(pose, cols, rows, c->o->utf8);

	for (int i = 0; i < rows; i++)
		puts_at(c, row + i, col, ATTR_CALM, lines[i]);
	render_lines_free(lines, rows);
}

void
coach_screen_draw(struct coach_screen *c, const struct limber_session_state *st,
    bool one_pending)
{
	const struct limber_plan_item *it;
	enum attr label_attr, body_attr = ATTR_PLAIN;
	const char *label, *title;
	char right[96], *detail, num[16] = "", checkin[80];
	int m, w, tw, row, top, cd_top, body_rows, next_row, next_max;
	int secs = (int)((st->left_ms + 999) / 1000);
	struct limber_pose pose;
	struct layout l;

	it = plan_item(c, st->item);
	strbuf_clear(&c->frame);
	if (c->clear)
		strbuf_puts(&c->frame, "\033[H\033[2J");
	c->clear = false;
	/* Every row is rewritten: cleared first, drawn over after. */
	for (int r = 1; r <= c->rows; r++) {
		at(&c->frame, r, 0);
		strbuf_puts(&c->frame, "\033[2K");
	}

	m = c->cols >= 40 ? 2 : 0;
	w = c->cols - 2 * m;

	/* The top: where we are. */
	puts_at(c, 1, m, ATTR_DIM, "limber");
	if (st->phase == LIMBER_PHASE_PREPARE) {
		char t[16];

		/* TRANSLATORS: "4 stretches · about 6:30": the count, a
		 * separator (" ·" or ","), the session's length. */
		snprintf(right, sizeof right,
		    P_("%d stretch%s about %s", "%d stretches%s about %s",
			(unsigned long)st->nitems),
		    st->nitems, c->o->utf8 ? " ·" : ",",
		    cli_mmss(t, sizeof t, (int)((st->total_ms + 999) / 1000)));
	} else if (st->rounds > 1)
		snprintf(right, sizeof right,
		    /* TRANSLATORS: the %s is a separator, " · " or ", ". */
		    _("Stretch %d of %d%sround %d of %d"), st->item + 1,
		    st->nitems, c->o->utf8 ? " · " : ", ", st->round,
		    st->rounds);
	else
		snprintf(right, sizeof right, _("Stretch %d of %d"),
		    st->item + 1, st->nitems);
	if (u8_cols(right, strlen(right)) + 8 <= w)
		puts_at(c, 1, m + w - u8_cols(right, strlen(right)), ATTR_DIM,
		    right);
	put_rule(c, 2, m, w);

	/* The stretch and what to do. */
	label = phase_label(st, &label_attr);
	/* The check-in asks about the plan's area, as the engine's question. */
	/* TRANSLATORS: %s is the area, "lower back" say. */
	snprintf(checkin, sizeof checkin, _("How does it feel in your %s?"),
	    limber_session_area_words(c->plan));
	title = st->phase == LIMBER_PHASE_PREPARE ?
	    _("Get your space ready") :
	    st->phase == LIMBER_PHASE_CHECKIN ?
	    checkin :
	    item_name(it);
	if (limber_phase_timed(st->phase)) {
		if (secs >= 60)
			snprintf(num, sizeof num, "%d:%02d", secs / 60,
			    secs % 60);
		else
			snprintf(num, sizeof num, "%d", secs);
	}
	/* The words take tw columns, the figure the fw on their right. */
	layout_fit(c, st, w, title, label, num, figure_pose(c, st, &pose), &l);
	tw = l.tw;
	put_wrapped(c, FIGURE_TOP, m, tw - cli_width(label) - 2, l.title_lines,
	    ATTR_BOLD, title);
	puts_at(c, FIGURE_TOP, m + tw - cli_width(label), label_attr, label);
	detail = detail_text(c, st);
	put_wrapped(c, FIGURE_TOP + l.title_lines, m, tw, 1, ATTR_DIM, detail);
	free(detail);

	if (st->phase == LIMBER_PHASE_STEP || st->phase == LIMBER_PHASE_HOLD)
		body_attr = ATTR_BOLD;

	/* The bottom, from the last row up: keys, next, bar, countdown. The
	   keys and the rule over them take the whole width; the rest stays
	   in the words' column. */
	put_keys(c, c->rows, m, w, st);
	put_rule(c, c->rows - 1, m, w);
	next_row = c->rows - 4;
	next_max = 2;
	if (l.fh > 0 && st->next != NULL) {
		/* Beside a figure the column is narrow: the rows down to the
		   rule, the first right under the bar when all are needed. */
		struct span dummy[1];

		next_max = NEXT_LINES;
		if (wrap(st->next, tw, dummy, 0) >= NEXT_LINES)
			next_row = c->rows - 1 - NEXT_LINES;
	}
	put_bar(c, c->rows - 6, m, tw, st);
	cd_top = countdown_top(c, l.big);
	top = body_top(&l);
	body_rows = cd_top - 1 - top;
	if (body_rows < 1)
		body_rows = 1;

	row = top;
	if (st->phase == LIMBER_PHASE_PREPARE) {
		for (size_t i = 0; i < c->nchecklist && row < top + body_rows;
		     i++) {
			puts_at(c, row, m, ATTR_CALM, c->o->utf8 ? "•" : "*");
			row += put_wrapped(c, row, m + 2, w - 2,
			    top + body_rows - row, ATTR_PLAIN, c->checklist[i]);
		}
	} else {
		row += put_wrapped(c, row, m, tw, body_rows, body_attr,
		    st->text != NULL ? st->text : "");
		/* After a check-in, what the score means, in the rest. */
		if (st->phase == LIMBER_PHASE_REST && c->note != NULL &&
		    row + 1 < top + body_rows)
			put_wrapped(c, row + 1, m, tw,
			    top + body_rows - row - 1, ATTR_WAIT, c->note);
	}

	if (st->phase == LIMBER_PHASE_PREPARE) {
		put_wrapped(c, cd_top, m, w, 2, ATTR_BOLD,
		    _("When everything is ready, press the space bar to begin."));
	} else if (st->phase == LIMBER_PHASE_CHECKIN) {
		char before[64];

		if (one_pending)
			puts_at(c, cd_top, m, ATTR_WAIT,
			    /* TRANSLATORS: the keys 0 and 1 stay digits. */
			    c->o->utf8 ?
				_("1 … press 0 now for 10, or wait for 1.") :
				_("1 ... press 0 now for 10, or wait for 1."));
		else
			put_wrapped(c, cd_top, m, w, 2, ATTR_BOLD,
			    _("Press a number from 0 to 9, or 1 then 0 for 10."));
		snprintf(before, sizeof before,
		    _("Before you started: %d out of %d."), st->pain_before,
		    LIMBER_PAIN_MAX);
		puts_at(c, cd_top + 2, m, ATTR_DIM, before);
	} else if (limber_phase_timed(st->phase)) {
		char *cap = countdown_caption(st, secs), *line;
		enum attr a = st->paused ? ATTR_WAIT : ATTR_CALM;

		if (l.big && big_width(num) + 4 + 24 <= tw) {
			int bw = big_width(num);

			put_big(c, cd_top, m, a, num);
			puts_at(c, cd_top + 2, m + bw + 3, ATTR_PLAIN, cap);
			if (st->paused)
				puts_at(c, cd_top + 3, m + bw + 3, ATTR_WAIT,
				    _("paused: space to carry on"));
		} else {
			line = xasprintf("%s %s%s", num, cap,
			    st->paused ? _(" (paused: space to carry on)") :
					 "");
			put_wrapped(c, cd_top, m, tw, 2, a, line);
			free(line);
		}
		free(cap);
	}

	/* Last, so that nothing written beside it runs into it: from the
	   stretch's name down to the row above the bottom rule. */
	if (l.fh > 0)
		put_figure(c, FIGURE_TOP, m + w - l.fw, l.fw, l.fh, &pose);

	if (st->next != NULL)
		put_wrapped(c, next_row, m, tw, next_max, ATTR_DIM, st->next);

	strbuf_puts(&c->frame, "\033[0m");
	(void)term_write(STDOUT_FILENO, c->frame.p, c->frame.len);
}
