/*
 * svg.c - figures as SVG text, one step or a whole stretch animated.
 *
 * The output is deterministic: the same pose gives the same bytes, with no
 * date, no random ids and numbers written by num() (never printf's %f,
 * whose decimal point follows the locale). Tests compare two runs byte for
 * byte.
 *
 * The animated figure uses SVG's own animation elements (<animate>), so it
 * plays in any browser with no script. Each shape's coordinates get a list
 * of key frames: the pose model is interpolated by angle between steps and
 * sampled a few times a second, so limbs swing rather than slide, and a
 * gentle ease in and out makes each movement start and end softly.
 */
#include <math.h>

#include "limber/render.h"
#include "strbuf.h"
#include "util.h"

/*
 * A number with at most `decimals` (0 to 4) digits after the point, written
 * without the C library's locale or rounding quirks: "12.5", "-3", "0".
 */
static void
num(struct strbuf *b, double v, int decimals)
{
	static const long scale[] = { 1, 10, 100, 1000, 10000 };
	long s, k, whole, frac;
	char tmp[48];
	int n;

	if (decimals < 0)
		decimals = 0;
	if (decimals > 4)
		decimals = 4;
	s = scale[decimals];
	if (!isfinite(v) || fabs(v) > 1e9)
		v = 0;
	k = lround(v * (double)s);
	whole = labs(k) / s;
	frac = labs(k) % s;
	n = snprintf(tmp, sizeof tmp, "%s%ld", k < 0 ? "-" : "", whole);
	if (frac != 0) {
		int d = decimals;

		while (frac % 10 == 0) {
			frac /= 10;
			d--;
		}
		snprintf(tmp + n, sizeof tmp - (size_t)n, ".%0*ld", d, frac);
	}
	strbuf_puts(b, tmp);
}

static void
color(struct strbuf *b, uint32_t rgb)
{
	strbuf_printf(b, "#%06x", (unsigned)(rgb & 0xffffffu));
}

/*
 * Each shape names its paint in a class (fN for a fill, sN for a line or
 * an outline); the style turns them to their dark forms when the viewer
 * prefers a dark scheme, so the figure on a dark page is light on dark.
 * Attributes keep the light colours for viewers without CSS.
 */
static void
header(struct strbuf *b, int width, int height)
{
	strbuf_printf(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\">\n",
	    width, height, width, height);
	strbuf_puts(b, "<style>@media (prefers-color-scheme: dark) {");
	for (int i = 0; i < RENDER_PAINT_COUNT; i++) {
		strbuf_printf(b, " .f%d{fill:", i);
		color(b, render_paint_dark[i]);
		strbuf_printf(b, "} .s%d{stroke:", i);
		color(b, render_paint_dark[i]);
		strbuf_puts(b, "}");
	}
	strbuf_puts(b, " }</style>\n");
	strbuf_printf(b,
	    "<rect class=\"f%d\" width=\"%d\" height=\"%d\" "
	    "fill=\"",
	    RENDER_PAINT_BACKGROUND, width, height);
	color(b, render_paint_light[RENDER_PAINT_BACKGROUND]);
	strbuf_puts(b,
	    "\"/>\n<g stroke-linecap=\"round\" "
	    "stroke-linejoin=\"round\">\n");
}

static void
footer(struct strbuf *b)
{
	strbuf_puts(b, "</g>\n</svg>\n");
}

/* A shape's points in picture coordinates; the floor spans the width. */
static void
place(const struct render_shape *s, const struct render_fit *f, int width,
    double *xy)
{
	for (int k = 0; k < s->npts; k++)
		render_fit_point(f, s->pts[k], &xy[2 * k], &xy[2 * k + 1]);
	if (s->role == RENDER_FLOOR) {
		xy[0] = 0;
		xy[2] = width;
	}
}

static void
attr(struct strbuf *b, const char *name, double v)
{
	strbuf_printf(b, " %s=\"", name);
	num(b, v, 1);
	strbuf_puts(b, "\"");
}

static void
points_text(struct strbuf *b, const double *xy, int npts, int decimals)
{
	for (int k = 0; k < npts; k++) {
		if (k > 0)
			strbuf_puts(b, " ");
		num(b, xy[2 * k], decimals);
		strbuf_puts(b, ",");
		num(b, xy[2 * k + 1], decimals);
	}
}

static void
paint(struct strbuf *b, const char *attr, char cls,
    const struct render_shape *s)
{
	strbuf_printf(b, " class=\"%c%d\" %s=\"", cls, (int)s->paint, attr);
	color(b, s->rgb);
	strbuf_puts(b, "\"");
}

/* The opening of a shape's element, up to (not including) its end. */
static void
shape_open(struct strbuf *b, const struct render_shape *s, const double *xy,
    double scale)
{
	switch (s->kind) {
	case RENDER_LINE:
		strbuf_puts(b, "<line");
		attr(b, "x1", xy[0]);
		attr(b, "y1", xy[1]);
		attr(b, "x2", xy[2]);
		attr(b, "y2", xy[3]);
		paint(b, "stroke", 's', s);
		attr(b, "stroke-width", s->width * scale);
		break;
	case RENDER_CIRCLE:
		strbuf_puts(b, "<circle");
		attr(b, "cx", xy[0]);
		attr(b, "cy", xy[1]);
		attr(b, "r", s->width * scale / 2);
		paint(b, "fill", 'f', s);
		break;
	case RENDER_POLY:
		strbuf_puts(b, "<polygon points=\"");
		points_text(b, xy, s->npts, 1);
		strbuf_puts(b, "\"");
		if (s->width > 0) {
			strbuf_printf(b, " class=\"f%d s%d\" fill=\"",
			    (int)s->paint, (int)s->paint);
			color(b, s->rgb);
			strbuf_puts(b, "\" stroke=\"");
			color(b, s->rgb);
			strbuf_puts(b, "\"");
			attr(b, "stroke-width", s->width * scale);
		} else
			paint(b, "fill", 'f', s);
		break;
	case RENDER_PATH:
		strbuf_puts(b, "<polyline points=\"");
		points_text(b, xy, s->npts, 1);
		strbuf_puts(b, "\" fill=\"none\"");
		paint(b, "stroke", 's', s);
		attr(b, "stroke-width", s->width * scale);
		break;
	}
}

static const char *
element(enum render_kind kind)
{
	switch (kind) {
	case RENDER_LINE:
		return "line";
	case RENDER_CIRCLE:
		return "circle";
	case RENDER_POLY:
		return "polygon";
	case RENDER_PATH:
		return "polyline";
	}
	return "g";
}

char *
render_svg(const struct limber_pose *p, const struct limber_pose *prev,
    int width, int height)
{
	struct render_scene *sc = xmalloc(sizeof *sc);
	struct render_fit f;
	struct strbuf b = STRBUF_INIT(0);

	render_scene_build_motion(sc, p, prev);
	render_fit_scene(sc, width, height, &f);
	header(&b, width, height);
	for (size_t i = 0; i < sc->n; i++) {
		const struct render_shape *s = &sc->shapes[i];
		double xy[2 * RENDER_MAX_PTS];

		if (s->opacity <= 0)
			continue;
		place(s, &f, width, xy);
		shape_open(&b, s, xy, f.scale);
		strbuf_puts(&b, "/>\n");
	}
	footer(&b);
	free(sc);
	return strbuf_take(&b);
}

/* ------------------------------------------------------------------ */
/* Animation.                                                           */

#define MOVE_HOLD_S 2.0		/* a hold's pose is reached in this time */
#define SAMPLES_PER_S 3		/* key frames a second while moving */
#define MAX_SAMPLES 12		/* key frames per movement, at most */

struct keyframes {
	double *t;			/* seconds */
	struct render_scene *sc;	/* one scene a key frame */
	size_t n, cap;
	unsigned order; /* the limbs in front, throughout */
};

static void
key_add(struct keyframes *k, double t, const struct limber_pose *p)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 64;
		k->t = xreallocarray(k->t, k->cap, sizeof *k->t);
		k->sc = xreallocarray(k->sc, k->cap, sizeof *k->sc);
	}
	k->t[k->n] = t;
	render_scene_build_ordered(&k->sc[k->n], p, k->order);
	k->n++;
}

static double
ease(double x)
{
	return x * x * (3 - 2 * x);
}

/* The key frames of the loop; the last ends where the first starts. */
static void
timeline(struct keyframes *k, const struct limber_pose *poses,
    const double *seconds, const bool *holds, size_t n)
{
	double t = 0;

	key_add(k, 0, &poses[n - 1]);
	for (size_t i = 0; i < n; i++) {
		const struct limber_pose *from = &poses[i == 0 ? n - 1 : i - 1];
		double len = seconds[i] > 0.5 ? seconds[i] : 0.5;
		double move = holds[i] && len > MOVE_HOLD_S ? MOVE_HOLD_S : len;
		int samples = (int)ceil(move * SAMPLES_PER_S);

		if (samples < 2)
			samples = 2;
		if (samples > MAX_SAMPLES)
			samples = MAX_SAMPLES;
		for (int s = 1; s <= samples; s++) {
			struct limber_pose p;

			limber_pose_lerp(from, &poses[i],
			    ease((double)s / samples), &p);
			key_add(k, t + move * s / samples, &p);
		}
		if (move < len)
			key_add(k, t + len, &poses[i]);
		t += len;
	}
}

/* One animated attribute: its values at every key frame, if they change. */
static void
animate(struct strbuf *b, const char *name, const struct keyframes *k,
    const char *key_times, double total, size_t shape, int which,
    const struct render_fit *f, int width)
{
	struct strbuf v = STRBUF_INIT(0);
	bool changes = false;
	char *first = NULL;

	for (size_t i = 0; i < k->n; i++) {
		const struct render_shape *s = &k->sc[i].shapes[shape];
		struct render_shape hidden;
		struct strbuf one = STRBUF_INIT(0);
		double xy[2 * RENDER_MAX_PTS];
		char *text;

		/* A pose of another view has other shapes: hide this one. */
		if (shape >= k->sc[i].n || s->kind != k->sc[0].shapes[shape].kind) {
			hidden = k->sc[0].shapes[shape];
			hidden.opacity = 0;
			s = &hidden;
		}
		place(s, f, width, xy);
		if (which == -1)
			num(&one, s->opacity, 2);
		else if (which == -2)
			/*
			 * Whole pixels: a moving outline needs no tenths, and
			 * a figure's many points make the file 4 times longer
			 * than its lines did.
			 */
			points_text(&one, xy, s->npts, 0);
		else
			num(&one, xy[which], 1);
		text = strbuf_take(&one);
		if (first == NULL)
			first = xstrdup(text);
		else if (strcmp(first, text) != 0)
			changes = true;
		if (i > 0)
			strbuf_puts(&v, ";");
		strbuf_puts(&v, text);
		free(text);
	}
	if (changes) {
		strbuf_printf(b, "<animate attributeName=\"%s\" dur=\"", name);
		num(b, total, 2);
		strbuf_printf(b,
		    "s\" repeatCount=\"indefinite\" keyTimes=\"%s\" "
		    "values=\"%s\"/>\n",
		    key_times, v.p);
	}
	free(first);
	free(v.p);
}

char *
render_svg_animated(const struct limber_pose *poses, const double *seconds,
    const bool *holds, size_t n, int width, int height)
{
	static const char *const line_attrs[] = { "x1", "y1", "x2", "y2" };
	static const char *const circle_attrs[] = { "cx", "cy" };
	struct keyframes k = { 0 };
	struct strbuf b = STRBUF_INIT(0), kt = STRBUF_INIT(0);
	double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = 0;
	double total;
	struct render_fit f;
	char *key_times;

	if (n == 0)
		return NULL;
	k.order = render_scene_order(&poses[0]);
	timeline(&k, poses, seconds, holds, n);
	total = k.t[k.n - 1];
	/* One frame for the whole loop, so the figure never jumps in size. */
	for (size_t i = 0; i < k.n; i++) {
		if (k.sc[i].minx < minx)
			minx = k.sc[i].minx;
		if (k.sc[i].maxx > maxx)
			maxx = k.sc[i].maxx;
		if (k.sc[i].miny < miny)
			miny = k.sc[i].miny;
		if (k.sc[i].maxy > maxy)
			maxy = k.sc[i].maxy;
	}
	render_fit_box(minx, miny, maxx, maxy, k.sc[0].floor, width, height,
	    &f);
	for (size_t i = 0; i < k.n; i++) {
		if (i > 0)
			strbuf_puts(&kt, ";");
		num(&kt, k.t[i] / total, 4);
	}
	key_times = strbuf_take(&kt);

	header(&b, width, height);
	for (size_t i = 0; i < k.sc[0].n; i++) {
		const struct render_shape *s = &k.sc[0].shapes[i];
		double xy[2 * RENDER_MAX_PTS];
		bool seen = false;

		/* A prop the stretch never uses would only move unseen. */
		for (size_t f0 = 0; f0 < k.n && !seen; f0++)
			seen = i < k.sc[f0].n && k.sc[f0].shapes[i].opacity > 0;
		if (!seen)
			continue;
		place(s, &f, width, xy);
		shape_open(&b, s, xy, f.scale);
		strbuf_puts(&b, " opacity=\"");
		num(&b, s->opacity, 2);
		strbuf_puts(&b, "\">\n");
		switch (s->kind) {
		case RENDER_LINE:
			for (int a = 0; a < 4; a++)
				animate(&b, line_attrs[a], &k, key_times, total,
				    i, a, &f, width);
			break;
		case RENDER_CIRCLE:
			for (int a = 0; a < 2; a++)
				animate(&b, circle_attrs[a], &k, key_times,
				    total, i, a, &f, width);
			break;
		case RENDER_POLY:
		case RENDER_PATH:
			animate(&b, "points", &k, key_times, total, i, -2, &f,
			    width);
			break;
		}
		animate(&b, "opacity", &k, key_times, total, i, -1, &f, width);
		strbuf_printf(&b, "</%s>\n", element(s->kind));
	}
	footer(&b);
	free(key_times);
	free(k.t);
	free(k.sc);
	return strbuf_take(&b);
}
