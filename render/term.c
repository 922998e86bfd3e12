/*
 * term.c - a figure in character cells, for `limber show` and the coach.
 *
 * The scene is rasterised into dots, two across and four down per cell,
 * which on a usual terminal (cells twice as tall as wide) makes the dots
 * square. With UTF-8 each cell is a braille pattern, whose eight dots are
 * exactly that grid. Without it, each cell's dots become the ASCII
 * character that best follows them: | / \ - _ for limbs, O for the head,
 * # for the trunk. Lines are at least one dot thick, so thin limbs of a
 * small figure never break up, and the floor is the bottom row of dots.
 */
#include <math.h>

#include "limber/render.h"
#include "strbuf.h"
#include "util.h"

enum dot {
	DOT_NONE,
	DOT_BODY,
	DOT_HEAD,
};

static double
seg_dist(struct limber_point p, struct limber_point a, struct limber_point b)
{
	double dx = b.x - a.x, dy = b.y - a.y, len = dx * dx + dy * dy, t;

	t = len > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len : 0;
	if (t < 0)
		t = 0;
	if (t > 1)
		t = 1;
	return hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

static bool
in_poly(struct limber_point p, const struct limber_point *v, int n)
{
	bool in = false;

	for (int i = 0, j = n - 1; i < n; j = i++) {
		if ((v[i].y > p.y) != (v[j].y > p.y) &&
		    p.x < (v[j].x - v[i].x) * (p.y - v[i].y) /
		    (v[j].y - v[i].y) + v[i].x)
			in = !in;
	}
	return in;
}

/* The distance from p to the nearest edge of a polygon or path. */
static double
edge_dist(const struct render_shape *s, struct limber_point p, bool closed)
{
	double best = INFINITY;
	int n = closed ? s->npts : s->npts - 1;

	for (int i = 0; i < n; i++) {
		double d = seg_dist(p, s->pts[i], s->pts[(i + 1) % s->npts]);

		if (d < best)
			best = d;
	}
	return best;
}

/* Whether a shape covers point p (model units), r beyond its edge. */
static bool
covers(const struct render_shape *s, struct limber_point p, double r)
{
	switch (s->kind) {
	case RENDER_LINE:
		return seg_dist(p, s->pts[0], s->pts[1]) <= r;
	case RENDER_CIRCLE:
		return hypot(p.x - s->pts[0].x, p.y - s->pts[0].y) <= r;
	case RENDER_POLY:
		return in_poly(p, s->pts, s->npts) ||
		    edge_dist(s, p, true) <= r;
	case RENDER_PATH:
		return edge_dist(s, p, false) <= r;
	}
	return false;
}

/* An outline drawn round a part of the body, not the part itself. */
static bool
outline(const struct render_shape *s)
{
	return s->paint == RENDER_PAINT_INK || s->paint == RENDER_PAINT_FAR_INK;
}

#define GAP 0.8 /* the ring an outline clears beyond a fill, in dots */

/*
 * The dots of a figure, w x h, the floor along the last row (unless the
 * pose is framed on the head and shoulders, which reach the bottom).
 * Shapes are laid in their order, as a picture paints them: a fill sets
 * its dots; an outline clears a ring at least a dot wide round the part,
 * so that an arm in front of the trunk keeps a gap round it, as the
 * outline shows it in a picture. The head's own outline is kept as dots,
 * so the head stays on its neck.
 */
static unsigned char *
rasterise(const struct limber_pose *pose, int w, int h, bool *floor)
{
	unsigned char *dots = xcalloc((size_t)w * (size_t)h, 1);
	struct render_scene *sc = xmalloc(sizeof *sc);
	double sx, sy, s, x0, y0, thin;
	int rows;

	render_scene_build(sc, pose);
	rows = sc->floor ? h - 1 : h;
	sx = (w - 1) / (sc->maxx - sc->minx > 1 ? sc->maxx - sc->minx : 1);
	sy = (rows - 0.5) / (sc->maxy - sc->miny > 1 ? sc->maxy - sc->miny : 1);
	s = sx < sy ? sx : sy;
	x0 = w / 2.0 - s * (sc->minx + sc->maxx) / 2;
	y0 = rows + s * sc->miny;
	thin = 0.55 / s;
	for (size_t i = 0; i < sc->n; i++) {
		const struct render_shape *sh = &sc->shapes[i];
		bool gap = outline(sh) && sh->role != RENDER_HEAD;
		double r, lo_x = INFINITY, hi_x = -INFINITY, lo_y = INFINITY,
			  hi_y = -INFINITY;

		if (sh->opacity <= 0 || sh->role == RENDER_FLOOR ||
		    sh->role == RENDER_MAT || sh->role == RENDER_GHOST ||
		    sh->role == RENDER_ARROW || sh->role == RENDER_EYE)
			continue;
		r = sh->width / 2;
		if (gap && r < thin + GAP / s)
			r = thin + GAP / s;
		if (!gap && r < thin)
			r = thin;
		for (int k = 0; k < sh->npts; k++) {
			double px = x0 + sh->pts[k].x * s,
			       py = y0 - sh->pts[k].y * s;

			lo_x = fmin(lo_x, px);
			hi_x = fmax(hi_x, px);
			lo_y = fmin(lo_y, py);
			hi_y = fmax(hi_y, py);
		}
		/* Within the grid before any is made an int. */
		lo_x = fmax(lo_x - r * s - 1, 0);
		hi_x = fmin(hi_x + r * s + 1, w);
		lo_y = fmax(lo_y - r * s - 1, 0);
		hi_y = fmin(hi_y + r * s + 1, rows);
		if (!(lo_x <= hi_x && lo_y <= hi_y))
			continue;
		for (int y = (int)lo_y; y < rows && y <= hi_y; y++) {
			for (int x = (int)lo_x; x < w && x <= hi_x; x++) {
				struct limber_point p = { (x + 0.5 - x0) / s,
					(y0 - (y + 0.5)) / s };

				if (!covers(sh, p, r))
					continue;
				dots[y * w + x] = gap	    ? DOT_NONE :
				    sh->role == RENDER_HEAD ? DOT_HEAD :
							      DOT_BODY;
			}
		}
	}
	if (sc->floor) {
		for (int x = 0; x < w; x++)
			dots[(h - 1) * w + x] = DOT_BODY;
	}
	*floor = sc->floor;
	free(sc);
	return dots;
}

static void
braille_row(struct strbuf *b, const unsigned char *dots, int w, int row,
    int cols)
{
	static const unsigned bit[4][2] = {
		{ 0x01, 0x08 }, { 0x02, 0x10 }, { 0x04, 0x20 }, { 0x40, 0x80 },
	};

	for (int c = 0; c < cols; c++) {
		unsigned v = 0;
		char u[4];

		for (int dy = 0; dy < 4; dy++) {
			for (int dx = 0; dx < 2; dx++) {
				if (dots[(row * 4 + dy) * w + c * 2 + dx])
					v |= bit[dy][dx];
			}
		}
		if (v == 0) {
			strbuf_puts(b, " ");
			continue;
		}
		u[0] = (char)0xe2;
		u[1] = (char)(0xa0 | (v >> 6));
		u[2] = (char)(0x80 | (v & 0x3f));
		u[3] = '\0';
		strbuf_puts(b, u);
	}
}

/* The ASCII character that follows a cell's dots best. */
static char
ascii_cell(const unsigned char *dots, int w, int row, int c, bool floor)
{
	double n = 0, mx = 0, my = 0, vxx = 0, vyy = 0, vxy = 0;
	int head = 0, rows = floor ? 3 : 4;

	for (int dy = 0; dy < rows; dy++) {
		for (int dx = 0; dx < 2; dx++) {
			unsigned char d = dots[(row * 4 + dy) * w + c * 2 + dx];

			if (d == DOT_NONE)
				continue;
			head += d == DOT_HEAD;
			n++;
			mx += dx;
			my += dy;
		}
	}
	if (n == 0)
		return floor ? '_' : ' ';
	if (head * 2 >= n && head >= 2)
		return 'O';
	if (n >= 6)
		return '#';
	mx /= n;
	my /= n;
	if (n == 1)
		return my >= 2 ? '.' : '\'';
	for (int dy = 0; dy < rows; dy++) {
		for (int dx = 0; dx < 2; dx++) {
			if (dots[(row * 4 + dy) * w + c * 2 + dx] == DOT_NONE)
				continue;
			vxx += (dx - mx) * (dx - mx);
			vyy += (dy - my) * (dy - my);
			vxy += (dx - mx) * (dy - my);
		}
	}
	if (vyy > 2.5 * vxx && fabs(vxy) < 0.5 * vyy)
		return '|';
	if (vxx > 2 * vyy)
		return my >= 2.5 ? '_' : '-';
	if (vxy < 0)
		return '/';
	if (vxy > 0)
		return '\\';
	return vyy > vxx ? '|' : '-';
}

char **
render_term_lines(const struct limber_pose *p, int cols, int rows, bool utf8)
{
	int w, h;
	bool floor;
	unsigned char *dots;
	char **lines;

	if (cols < 1)
		cols = 1;
	if (rows < 1)
		rows = 1;
	w = cols * 2;
	h = rows * 4;
	dots = rasterise(p, w, h, &floor);
	lines = xcalloc((size_t)rows, sizeof *lines);
	for (int r = 0; r < rows; r++) {
		struct strbuf b = STRBUF_INIT(0);

		if (utf8)
			braille_row(&b, dots, w, r, cols);
		else {
			char *s = xmalloc((size_t)cols + 1);

			for (int c = 0; c < cols; c++)
				s[c] = ascii_cell(dots, w, r, c,
				    floor && r == rows - 1);
			s[cols] = '\0';
			strbuf_puts(&b, s);
			free(s);
		}
		lines[r] = strbuf_take(&b);
	}
	free(dots);
	return lines;
}

void
render_lines_free(char **lines, int rows)
{
	if (lines == NULL)
		return;
	for (int r = 0; r < rows; r++)
		free(lines[r]);
	free(lines);
}
