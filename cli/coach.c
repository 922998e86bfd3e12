/*
 * coach.c - the guided session's front end: time, keys, the screen, the
 * journal.
 *
 * The loop is the one session.h sketches. Each turn reads the monotonic
 * clock once, lets the session catch up to it, applies what the person or
 * a signal said, and drains the cues the session queued: printing them
 * (plain mode), ringing the bell, and writing the journal. Then it sleeps
 * in one poll() - on stdin and the signal pipe - until the next thing that
 * is due: the session's deadline, the next change of the countdown shown
 * on the screen, or the end of the wait for a second digit. While the
 * session waits for a key (the checklist, a check-in, a pause) nothing is
 * due and poll() sleeps until a key or a signal comes: no periodic ticks.
 *
 * Time: session time 0 is the moment the session is made. The due time is
 * set as an absolute CLOCK_MONOTONIC time on a timerfd that the same poll()
 * watches (as mako's event loop does), so sleeps never add up their errors,
 * a slow journal write never delays the next cue, and the kernel adds no
 * slack: a poll() timeout of 10 s may end up to 10 ms late (0.1% of it), a
 * timerfd fires on time. Where timerfd_create() fails, the timeout is
 * computed afresh from the clock each turn instead.
 *
 * The screen is drawn whole on each turn that changes it, on the alternate
 * screen, every line written over in place (no clearing, so no flicker),
 * and cleared first only after a resize. docs/coach.md shows it.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <limber/record.h>

#include "limber/render.h"
#include "limber/voice.h"

#include "cli.h"
#include "coach.h"
#include "term.h"
#include "util.h"

/* Longer lines on stdin are dropped: no command is that long. */
#define INPUT_LINE_MAX 256
/* After a 1 at a check-in, how long a 0 may follow to make it 10. */
#define TEN_WAIT_MS 1000
#define NS_PER_MS 1000000LL
/*
 * How long one of the session's writes waits for another program that
 * holds the journal (an import): the screen, the keys and the warning
 * must not wait 3 s for it. A record refused is written with the next
 * one (record.h), or at the end, when the wait is the usual one again.
 */
#define JOURNAL_WAIT_MS 100

/* ------------------------------------------------------------------ */
/* A growing byte buffer for screen frames.                            */

struct buf {
	char *p;
	size_t len, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void __attribute__((format(printf, 2, 3)))
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_puts(b, s);
	free(s);
}

/* Text from the catalog, with any control character made a space. */
static void
buf_text(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if ((unsigned char)c < 0x20 || c == 0x7f)
			c = ' ';
		buf_add(b, &c, 1);
	}
}

/* ------------------------------------------------------------------ */
/* The coach.                                                          */

struct coach {
	struct cli_ctx *ctx;
	const struct limber_plan *plan;
	const struct coach_opts *o;	/* points at opts */
	struct coach_opts opts;
	struct limber_session *s;

	int64_t t0_ns;		/* CLOCK_MONOTONIC at session time 0 */
	int64_t speed;		/* 1; more only under the test clock */
	int64_t now;		/* session time in ms, read once a turn */

	/* The journal, written as the cues come (lib/record.c). */
	struct limber_recorder *rec;
	/* The cues spoken (voice/play.c); NULL when silent. */
	struct voice_player *voice;

	/* Input. */
	bool tty;		/* the full screen, keys one at a time */
	bool prompts;		/* plain mode with a person at stdin */
	int sigfd;
	int timerfd;		/* -1: poll()'s timeout instead */
	bool in_eof;
	char line[INPUT_LINE_MAX];
	size_t linelen;
	bool line_long;
	int esc;		/* 0, or where in an escape sequence */
	bool one_pending;	/* a 1 at a check-in, maybe the start of 10 */
	int64_t one_until;

	/* How it ended, when the front end ended it. */
	const char *why;	/* for the journal's reason */
	int signo;
	bool out_failed;

	/* The screen. */
	int cols, rows;
	bool clear;
	int64_t redraw_at;	/* the countdown shown changes then */
	bool drawn;		/* this loop turn has drawn the screen */
	char **checklist;
	size_t nchecklist;
	char *note;		/* the last score's words, shown in the rest */
	struct buf frame;
};

static int64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t
session_now(const struct coach *c)
{
	return (mono_ns() - c->t0_ns) * c->speed / NS_PER_MS;
}

/*
 * The CLOCK_MONOTONIC time at which session time due comes: rounded up,
 * so that session_now() then reads due or later (util_test_clock()).
 */
static int64_t
due_ns(const struct coach *c, int64_t due)
{
	return c->t0_ns + (due * NS_PER_MS + c->speed - 1) / c->speed;
}

/*
 * poll()'s timeout for a session time: rounded up, so the turn after it
 * reads a time at or past due and never wakes early for nothing.
 */
static int
timeout_for(const struct coach *c, int64_t due)
{
	int64_t left;

	if (due == INT64_MAX)
		return -1;
	left = due_ns(c, due) - mono_ns();
	if (left <= 0)
		return 0;
	left = (left + NS_PER_MS - 1) / NS_PER_MS;
	return left > INT_MAX ? INT_MAX : (int)left;
}

/* Set the timer to fire at session time due, or never (INT64_MAX). */
static void
arm(const struct coach *c, int64_t due)
{
	struct itimerspec its;
	int64_t ns;

	memset(&its, 0, sizeof its);
	if (due != INT64_MAX) {
		ns = due_ns(c, due);
		/* A time in the past fires at once; zero would disarm. */
		if (ns < 1)
			ns = 1;
		its.it_value.tv_sec = (time_t)(ns / 1000000000LL);
		its.it_value.tv_nsec = (long)(ns % 1000000000LL);
	}
	(void)timerfd_settime(c->timerfd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void
disarm_read(const struct coach *c)
{
	uint64_t expirations;
	ssize_t n = read(c->timerfd, &expirations, sizeof expirations);

	(void)n;	/* not expired yet (EAGAIN) is fine */
}

static int64_t
wall_now(void)
{
	return (int64_t)time(NULL);
}

static const struct limber_plan_item *
plan_item(const struct coach *c, int item)
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
	return it->variant != NULL ? it->variant->name : it->stretch->name;
}

/* ------------------------------------------------------------------ */
/* The journal: lib/record.c writes it as the cues come.               */

static bool
journal_on(const struct coach *c)
{
	return limber_recorder_session(c->rec) > 0;
}

/* ------------------------------------------------------------------ */
/* Cues.                                                               */

/* Cues that begin something: the bell rings for them. */
static bool
cue_rings(enum limber_cue_kind k)
{
	switch (k) {
	case LIMBER_CUE_INTRO:
	case LIMBER_CUE_STEP:
	case LIMBER_CUE_HOLD_START:
	case LIMBER_CUE_HOLD_END:
	case LIMBER_CUE_SWITCH:
	case LIMBER_CUE_REST:
	case LIMBER_CUE_CHECKIN:
	case LIMBER_CUE_STOPPED:
	case LIMBER_CUE_DONE:
		return true;
	default:
		return false;
	}
}

/* "00:12 HOLD-START Hold the tilt..." */
static void
plain_line(struct coach *c, int64_t at, const char *kind, const char *text)
{
	const struct limber_session_result *r = limber_session_result(c->s);
	int64_t base = r->started_ms >= 0 ? r->started_ms : r->created_ms;
	struct buf b = { NULL, 0, 0 };
	int64_t sec = at > base ? (at - base) / 1000 : 0;

	buf_printf(&b, "%02lld:%02lld ", (long long)(sec / 60),
	    (long long)(sec % 60));
	for (const char *k = kind; *k != '\0'; k++) {
		char u = *k >= 'a' && *k <= 'z' ? (char)(*k - 'a' + 'A') : *k;

		buf_add(&b, &u, 1);
	}
	buf_add(&b, " ", 1);
	buf_text(&b, text, strlen(text));
	buf_add(&b, "\n", 1);
	fputs(b.p, stdout);
	free(b.p);
}

/* A hint for a person typing in plain mode; scripts never see these. */
static void
plain_hint(struct coach *c, const char *text)
{
	if (c->prompts)
		plain_line(c, c->now, "keys", text);
}

static void
plain_hints(struct coach *c, const struct limber_cue *cue)
{
	switch (cue->kind) {
	case LIMBER_CUE_CHECKLIST:
		break;
	case LIMBER_CUE_INTRO:
		if (cue->item == 0 && cue->round <= 1)
			plain_hint(c, "p and Enter pauses, n skips the stretch, "
			    "q stops, ! for sharp pain, numbness or "
			    "dizziness.");
		break;
	case LIMBER_CUE_CHECKIN:
		plain_hint(c, "Type your pain from 0 to 10 and press Enter "
		    "(n for no answer).");
		break;
	case LIMBER_CUE_PAUSED:
		plain_hint(c, "Type p and press Enter to carry on.");
		break;
	default:
		break;
	}
}

static void
checklist_keep(struct coach *c, const char *text)
{
	c->checklist = xreallocarray(c->checklist, c->nchecklist + 1,
	    sizeof *c->checklist);
	c->checklist[c->nchecklist++] = xstrdup(text);
}

/* What a cue means for the journal. */
static void
cue_record(struct coach *c, const struct limber_cue *cue)
{
	limber_recorder_cue(c->rec, c->s, cue, wall_now());
}

/* What a cue changes on the screen. */
static void
cue_show(struct coach *c, const struct limber_cue *cue)
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

static void interrupt(struct coach *c, const char *why, int signo);
static void draw(struct coach *c);

/* Cues that tell the person their input or the session's end was taken. */
static bool
cue_answers(enum limber_cue_kind kind)
{
	return kind == LIMBER_CUE_PAIN || kind == LIMBER_CUE_DONE ||
	    kind == LIMBER_CUE_STOPPED;
}

/*
 * What a cue sounds like. A pause or the end hushes what is still being
 * said: "three, two" after the person has paused is wrong.
 */
static void
cue_speak(struct coach *c, const struct limber_cue *cue)
{
	if (c->voice == NULL)
		return;
	if (cue->kind == LIMBER_CUE_PAUSED || cue->kind == LIMBER_CUE_STOPPED)
		voice_player_hush(c->voice);
	voice_player_say(c->voice, cue->kind, cue->seconds, cue->text);
}

/* Show, ring and record every cue queued since the last turn. */
static void
drain(struct coach *c)
{
	const struct limber_cue *cues;
	size_t n = limber_session_cues(c->s, &cues);
	bool ring = false, answer = false;

	for (size_t i = 0; i < n; i++) {
		ring = ring || cue_rings(cues[i].kind);
		answer = answer || cue_answers(cues[i].kind);
	}
	/*
	 * A cue that answers the person (a score noted, the end) is
	 * recorded before it is shown: once they read "noted" or the end,
	 * it is in the journal, even if the process is killed a moment
	 * later (tests/cli/test_coach.py kills it at every phase).
	 */
	if (answer) {
		for (size_t i = 0; i < n; i++)
			cue_record(c, &cues[i]);
	}
	if (ring && c->o->bell) {
		if (c->tty)
			(void)term_write(STDOUT_FILENO, "\a", 1);
		else
			fputc('\a', stdout);
	}
	for (size_t i = 0; i < n; i++) {
		struct limber_cue cue = cues[i];
		char *unsaved = NULL;

		/* A score the journal has not taken yet is not "noted". */
		if (answer && cue.kind == LIMBER_CUE_PAIN && cue.text != NULL &&
		    journal_on(c) && limber_recorder_pending(c->rec) > 0)
			cue.text = unsaved = limber_unsaved_pain_text(cue.text);
		cue_speak(c, &cue);
		cue_show(c, &cue);
		if (c->o->plain) {
			plain_line(c, cue.at_ms, limber_cue_kind_name(cue.kind),
			    cue.text != NULL ? cue.text : "");
			plain_hints(c, &cue);
		}
		free(unsaved);
	}
	/* Shown first, recorded after: the journal's writes take time. */
	if (c->o->plain && n > 0 && fflush(stdout) != 0)
		c->out_failed = true;
	if (c->tty && n > 0 && !limber_session_ended(c->s))
		draw(c);
	for (size_t i = 0; !answer && i < n; i++)
		cue_record(c, &cues[i]);
	if (c->out_failed && !limber_session_ended(c->s)) {
		/* Nobody can read the cues any more: the person is lost. */
		interrupt(c, "the output was closed", 0);
		drain(c);
	}
}

/* ------------------------------------------------------------------ */
/* Input.                                                              */

static enum limber_phase
phase_now(const struct coach *c)
{
	struct limber_session_state st;

	limber_session_snapshot(c->s, c->now, &st);
	return st.phase;
}

static bool
timed(enum limber_phase p)
{
	return p >= LIMBER_PHASE_INTRO && p <= LIMBER_PHASE_REST;
}

static void
send(struct coach *c, enum limber_input in, int value)
{
	char *cause = NULL;

	if (limber_session_input(c->s, in, value, c->now, &cause) !=
	    LIMBER_OK) {
		/* On the screen, a key that means nothing now does nothing. */
		if (c->o->plain && cause != NULL)
			cli_error("%s", cause);
		free(cause);
		return;
	}
	if (in == LIMBER_INPUT_READY)
		limber_recorder_begin(c->rec, wall_now());
}

static void
interrupt(struct coach *c, const char *why, int signo)
{
	if (limber_session_ended(c->s))
		return;
	c->why = why;
	c->signo = signo;
	limber_recorder_set_why(c->rec, why);
	send(c, LIMBER_INPUT_INTERRUPT, 0);
}

static void
pause_toggle(struct coach *c)
{
	struct limber_session_state st;

	limber_session_snapshot(c->s, c->now, &st);
	if (st.paused)
		send(c, LIMBER_INPUT_RESUME, 0);
	else
		send(c, LIMBER_INPUT_PAUSE, 0);
}

static void
pain_key(struct coach *c, int digit)
{
	if (digit == 1) {
		c->one_pending = true;
		/* A person's pace: real time, under the test clock too. */
		c->one_until = c->now + TEN_WAIT_MS * c->speed;
		return;
	}
	send(c, LIMBER_INPUT_PAIN, digit);
}

/* One byte from the terminal. */
static void
key(struct coach *c, unsigned char ch)
{
	enum limber_phase ph;

	/* Escape sequences (arrows, function keys) are skipped whole. */
	if (c->esc == 1) {
		c->esc = ch == '[' ? 2 : ch == 'O' ? 3 : 0;
		return;
	}
	if (c->esc == 2) {
		if (ch >= 0x40 && ch <= 0x7e)
			c->esc = 0;
		return;
	}
	if (c->esc == 3) {
		c->esc = 0;
		return;
	}
	if (ch == 0x1b) {
		c->esc = 1;
		return;
	}
	if (c->one_pending) {
		c->one_pending = false;
		send(c, LIMBER_INPUT_PAIN, ch == '0' ? 10 : 1);
		if (ch == '0' || limber_session_ended(c->s))
			return;
	}
	ph = phase_now(c);
	switch (ch) {
	case ' ':
	case 'p':
	case 'P':
		if (ph == LIMBER_PHASE_PREPARE)
			send(c, LIMBER_INPUT_READY, 0);
		else if (timed(ph))
			pause_toggle(c);
		break;
	case '\r':
	case '\n':
		if (ph == LIMBER_PHASE_PREPARE)
			send(c, LIMBER_INPUT_READY, 0);
		break;
	case 'n':
	case 'N':
		if (ph != LIMBER_PHASE_PREPARE)
			send(c, LIMBER_INPUT_SKIP, 0);
		break;
	case 'q':
	case 'Q':
		send(c, LIMBER_INPUT_STOP, 0);
		break;
	case '!':
		send(c, LIMBER_INPUT_WARNING, LIMBER_WARNING_UNSPECIFIED);
		break;
	default:
		if (ch >= '0' && ch <= '9' && ph == LIMBER_PHASE_CHECKIN)
			pain_key(c, ch - '0');
		break;
	}
}

static bool
word_in(const char *w, const char *const *list)
{
	for (; *list != NULL; list++) {
		if (strcmp(w, *list) == 0)
			return true;
	}
	return false;
}

/* One line from stdin in plain mode: a word, a key, or a pain score. */
static void
plain_word(struct coach *c, char *w)
{
	static const char *const go[] = { "", "go", "start", "ready", "s",
		"y", "yes", NULL };
	static const char *const pause[] = { "p", "pause", NULL };
	static const char *const resume[] = { "r", "resume", "c", "continue",
		NULL };
	static const char *const skip[] = { "n", "skip", "next", NULL };
	static const char *const stop[] = { "q", "stop", "quit", NULL };
	static const char *const warn[] = { "!", "warning", NULL };
	static const char *const sharp[] = { "sharp", "shooting", NULL };
	static const char *const numb[] = { "numb", "numbness", "tingling",
		NULL };
	static const char *const dizzy[] = { "dizzy", "dizziness", NULL };
	enum limber_phase ph = phase_now(c);
	size_t len;
	long v;
	char *p;

	while (*w == ' ' || *w == '\t')
		w++;
	len = strlen(w);
	while (len > 0 && (w[len - 1] == ' ' || w[len - 1] == '\t' ||
	    w[len - 1] == '\r'))
		w[--len] = '\0';
	for (p = w; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	}

	if (word_in(w, go)) {
		struct limber_session_state st;

		limber_session_snapshot(c->s, c->now, &st);
		if (ph == LIMBER_PHASE_PREPARE)
			send(c, LIMBER_INPUT_READY, 0);
		else if (*w != '\0' && st.paused)
			send(c, LIMBER_INPUT_RESUME, 0);
	} else if (word_in(w, pause)) {
		pause_toggle(c);
	} else if (word_in(w, resume)) {
		send(c, LIMBER_INPUT_RESUME, 0);
	} else if (word_in(w, skip)) {
		send(c, LIMBER_INPUT_SKIP, 0);
	} else if (word_in(w, stop)) {
		send(c, LIMBER_INPUT_STOP, 0);
	} else if (word_in(w, warn)) {
		send(c, LIMBER_INPUT_WARNING, LIMBER_WARNING_UNSPECIFIED);
	} else if (word_in(w, sharp)) {
		send(c, LIMBER_INPUT_WARNING, LIMBER_WARNING_SHARP_PAIN);
	} else if (word_in(w, numb)) {
		send(c, LIMBER_INPUT_WARNING, LIMBER_WARNING_NUMBNESS);
	} else if (word_in(w, dizzy)) {
		send(c, LIMBER_INPUT_WARNING, LIMBER_WARNING_DIZZINESS);
	} else if (util_parse_int(w, 0, 10, &v)) {
		send(c, LIMBER_INPUT_PAIN, (int)v);
	} else {
		cli_error("'%s' is not something the session knows; type "
			  "p (pause), n (skip), q (stop), ! (sharp pain, "
			  "numbness or dizziness) or a pain score from 0 to 10",
		    w);
	}
}

static void
plain_bytes(struct coach *c, const char *s, size_t n)
{
	for (size_t i = 0; i < n && !limber_session_ended(c->s); i++) {
		if (s[i] != '\n') {
			if (c->linelen + 1 < sizeof c->line)
				c->line[c->linelen++] = s[i];
			else
				c->line_long = true;
			continue;
		}
		c->line[c->linelen] = '\0';
		if (c->line_long)
			fprintf(stderr, "limber: an input line of more than %d "
			    "characters was left out\n", INPUT_LINE_MAX - 1);
		else
			plain_word(c, c->line);
		c->linelen = 0;
		c->line_long = false;
	}
}

static void
read_input(struct coach *c)
{
	char buf[256];
	ssize_t n = read(STDIN_FILENO, buf, sizeof buf);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		c->in_eof = true;
		if (c->tty) {
			/* A terminal that reads nothing has gone away. */
			interrupt(c, "the terminal was closed", 0);
		} else if (c->linelen > 0) {
			/* A last line without its newline still counts. */
			plain_bytes(c, "\n", 1);
		}
		return;
	}
	if (c->tty) {
		for (ssize_t i = 0; i < n && !limber_session_ended(c->s); i++)
			key(c, (unsigned char)buf[i]);
	} else
		plain_bytes(c, buf, (size_t)n);
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
	ATTR_CALM,	/* the countdown and movement labels: cyan */
	ATTR_GOOD,	/* the progress bar and rests: green */
	ATTR_WAIT,	/* paused, check-in: yellow */
	ATTR_ALERT,	/* the ! key: red */
};

static void
set_attr(struct coach *c, struct buf *b, enum attr a)
{
	static const char *const mono[] = { "", "1", "2", "1", "1", "1", "1" };
	static const char *const colour[] = { "", "1", "2", "1;36", "32",
		"1;33", "1;31" };

	buf_puts(b, "\033[0m");
	if (a == ATTR_PLAIN)
		return;
	buf_printf(b, "\033[%sm", c->o->color ? colour[a] : mono[a]);
}

/* Move to row (1-based) and column (0-based). */
static void
at(struct buf *b, int row, int col)
{
	buf_printf(b, "\033[%d;%dH", row, col + 1);
}

/* Text at row and column, cut to the screen's width. */
static void
put(struct coach *c, int row, int col, enum attr a, const char *s,
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
puts_at(struct coach *c, int row, int col, enum attr a, const char *s)
{
	put(c, row, col, a, s, strlen(s));
}

/* Wrapped text from row on, at most max lines, the last cut with "...". */
static int
put_wrapped(struct coach *c, int row, int col, int width, int max,
    enum attr a, const char *text)
{
	struct span sp[64];
	int n = wrap(text, width, sp, (int)nitems(sp));
	int shown = n < max ? n : max;

	if (shown > (int)nitems(sp))
		shown = (int)nitems(sp);
	for (int i = 0; i < shown; i++) {
		if (i == shown - 1 && shown < n) {
			struct buf t = { NULL, 0, 0 };
			size_t keep = u8_prefix(sp[i].p, sp[i].len, width - 1);

			buf_add(&t, sp[i].p, keep);
			buf_puts(&t, c->o->utf8 ? "…" : "~");
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
	{ " ", "#", " ", "#", " " },	/* the colon */
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
put_big(struct coach *c, int row, int col, enum attr a, const char *text)
{
	const char *dot = c->o->utf8 ? "█" : "#";

	for (int r = 0; r < BIG_ROWS; r++) {
		struct buf line = { NULL, 0, 0 };

		for (const char *p = text; *p != '\0'; p++) {
			const char *g = font[*p == ':' ? 10 : *p - '0'][r];

			for (const char *d = g; *d != '\0'; d++) {
				if (*d == '#') {
					buf_puts(&line, dot);
					buf_puts(&line, dot);
				} else
					buf_puts(&line, "  ");
			}
			if (p[1] != '\0')
				buf_puts(&line, "  ");
		}
		put(c, row + r, col, a, line.p, line.len);
		free(line.p);
	}
}

static const char *
phase_label(const struct limber_session_state *st, enum attr *a)
{
	*a = ATTR_CALM;
	if (st->paused) {
		*a = ATTR_WAIT;
		return "PAUSED";
	}
	switch (st->phase) {
	case LIMBER_PHASE_PREPARE:
		*a = ATTR_WAIT;
		return "GET READY";
	case LIMBER_PHASE_INTRO:
		return "COMING UP";
	case LIMBER_PHASE_STEP:
		return "MOVE";
	case LIMBER_PHASE_HOLD:
		return "HOLD";
	case LIMBER_PHASE_SWITCH:
		return "CHANGE SIDES";
	case LIMBER_PHASE_REST:
		*a = ATTR_GOOD;
		return "REST";
	case LIMBER_PHASE_CHECKIN:
		*a = ATTR_WAIT;
		return "CHECK-IN";
	default:
		return "";
	}
}

/* What the number counts: "seconds to hold" (or "second", for 1). */
static char *
countdown_caption(const struct limber_session_state *st, int secs)
{
	const char *unit = secs == 1 ? "second" : "seconds";

	switch (st->phase) {
	case LIMBER_PHASE_INTRO:
		return xasprintf("%s to get ready", unit);
	case LIMBER_PHASE_HOLD:
		return xasprintf("%s to hold", unit);
	case LIMBER_PHASE_SWITCH:
		return xasprintf("%s to change sides", unit);
	case LIMBER_PHASE_REST:
		return xasprintf("%s of rest", unit);
	default:
		return xasprintf("%s for this step", unit);
	}
}

/* A key and what it does, in full and in brief. */
struct key_help {
	const char *key, *word, *brief;
};

/* The keys for now, long or short to fit width. */
static void
put_keys(struct coach *c, int row, int col, int width,
    const struct limber_session_state *st)
{
	struct key_help k[5];
	int n = 0, len = 0;
	bool brief;

	if (st->phase == LIMBER_PHASE_PREPARE) {
		k[n++] = (struct key_help){ "space", "begin", "begin" };
		k[n++] = (struct key_help){ "q", "leave", "leave" };
	} else if (st->phase == LIMBER_PHASE_CHECKIN) {
		k[n++] = (struct key_help){ "0-10", "your pain", "pain" };
		k[n++] = (struct key_help){ "n", "no answer", "no answer" };
	} else {
		k[n++] = (struct key_help){ "space", st->paused ? "carry on" :
		    "pause", st->paused ? "go on" : "pause" };
		/* Between stretches there is nothing left to skip. */
		if (st->phase != LIMBER_PHASE_REST || st->rep > 0)
			k[n++] = (struct key_help){ "n", "skip", "skip" };
	}
	if (st->phase != LIMBER_PHASE_PREPARE)
		k[n++] = (struct key_help){ "q", "stop", "stop" };
	k[n++] = (struct key_help){ "!", "sharp pain, numbness or dizziness",
	    "pain, numb, dizzy" };

	for (int i = 0; i < n; i++)
		len += (int)strlen(k[i].key) + 1 + (int)strlen(k[i].word) +
		    (i > 0 ? 3 : 0);
	brief = len > width;
	for (int i = 0; i < n; i++) {
		const char *w = brief ? k[i].brief : k[i].word;
		enum attr a = strcmp(k[i].key, "!") == 0 ? ATTR_ALERT :
		    ATTR_BOLD;

		if (col >= c->cols)
			break;
		puts_at(c, row, col, a, k[i].key);
		col += (int)strlen(k[i].key) + 1;
		puts_at(c, row, col, ATTR_PLAIN, w);
		col += (int)strlen(w) + 3;
	}
}

static void
put_rule(struct coach *c, int row, int col, int width)
{
	struct buf b = { NULL, 0, 0 };

	for (int i = 0; i < width; i++)
		buf_puts(&b, c->o->utf8 ? "─" : "-");
	if (b.p != NULL)
		put(c, row, col, ATTR_DIM, b.p, b.len);
	free(b.p);
}

static void
put_bar(struct coach *c, int row, int col, int width,
    const struct limber_session_state *st)
{
	char label[64], a[16], b[16];
	struct buf fill = { NULL, 0, 0 }, rest = { NULL, 0, 0 };
	int bw, done;

	snprintf(label, sizeof label, "  %s of %s", cli_mmss(a, sizeof a,
	    (int)(st->elapsed_ms / 1000)), cli_mmss(b, sizeof b,
	    (int)((st->total_ms + 999) / 1000)));
	bw = width - (int)strlen(label);
	if (bw < 4) {
		puts_at(c, row, col, ATTR_PLAIN, label + 2);
		return;
	}
	done = st->total_ms > 0 ? (int)(st->elapsed_ms * bw / st->total_ms) :
	    0;
	done = done < 0 ? 0 : done > bw ? bw : done;
	for (int i = 0; i < bw; i++) {
		if (i < done)
			buf_puts(&fill, c->o->utf8 ? "█" : "#");
		else
			buf_puts(&rest, c->o->utf8 ? "░" : ".");
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
detail_text(const struct coach *c, const struct limber_session_state *st)
{
	struct buf b = { NULL, 0, 0 };
	const char *sep = c->o->utf8 ? " · " : " - ";
	char *out;

	if (st->phase == LIMBER_PHASE_CHECKIN) {
		buf_printf(&b, "After %s", item_name(plan_item(c, st->item)));
	} else if (st->reps > 1 && st->rep > 0) {
		buf_printf(&b, "Repetition %d of %d", st->rep, st->reps);
	}
	if (st->sides > 1 && st->side > 0 &&
	    st->phase != LIMBER_PHASE_CHECKIN)
		buf_printf(&b, "%s%s side", b.len > 0 ? sep : "",
		    st->side == 1 ? "first" : "second");
	out = b.p != NULL ? b.p : xstrdup("");
	return out;
}

/*
 * The figure of the step being done, from the pose model (issue: people
 * learn a stretch by looking), drawn in braille or ASCII at the right of
 * the countdown. The second side of a two-sided stretch is the mirror.
 */
#define FIGURE_COLS 18
#define FIGURE_ROWS 6

static void
put_figure(struct coach *c, int row, int col,
    const struct limber_session_state *st)
{
	const struct limber_plan_item *it = plan_item(c, st->item);
	const struct limber_step *steps;
	struct limber_pose pose;
	size_t nsteps;
	int step = st->step;
	char **lines;

	if (it == NULL || st->phase == LIMBER_PHASE_PREPARE ||
	    st->phase == LIMBER_PHASE_CHECKIN || st->phase == LIMBER_PHASE_DONE ||
	    st->phase == LIMBER_PHASE_STOPPED)
		return;
	steps = it->variant ? it->variant->steps : it->stretch->steps;
	nsteps = it->variant ? it->variant->nsteps : it->stretch->nsteps;
	if (step < 0)
		step = 0;	/* an introduction or rest shows the start */
	if ((size_t)step >= nsteps ||
	    !limber_step_pose(&steps[step], st->side > 0 ? st->side : 1, &pose))
		return;
	lines = render_term_lines(&pose, FIGURE_COLS, FIGURE_ROWS, c->o->utf8);
	for (int i = 0; i < FIGURE_ROWS; i++)
		puts_at(c, row + i, col, ATTR_CALM, lines[i]);
	render_lines_free(lines, FIGURE_ROWS);
}

static void
draw(struct coach *c)
{
	struct limber_session_state st;
	const struct limber_plan_item *it;
	enum attr label_attr, body_attr = ATTR_PLAIN;
	const char *label, *title;
	char right[96], *detail;
	int m, w, row, cd_top, body_rows, next_row;
	bool big;
	struct span dummy[1];
	int body_lines = 0;

	limber_session_snapshot(c->s, c->now, &st);
	it = plan_item(c, st.item);
	c->frame.len = 0;
	if (c->clear)
		buf_puts(&c->frame, "\033[H\033[2J");
	c->clear = false;
	/* Every row is rewritten: cleared first, drawn over after. */
	for (int r = 1; r <= c->rows; r++) {
		at(&c->frame, r, 0);
		buf_puts(&c->frame, "\033[2K");
	}

	m = c->cols >= 40 ? 2 : 0;
	w = c->cols - 2 * m;

	/* The top: where we are. */
	puts_at(c, 1, m, ATTR_DIM, "limber");
	if (st.phase == LIMBER_PHASE_PREPARE) {
		char t[16];

		snprintf(right, sizeof right, "%d %s%s about %s", st.nitems,
		    st.nitems == 1 ? "stretch" : "stretches",
		    c->o->utf8 ? " ·" : ",",
		    cli_mmss(t, sizeof t, (int)((st.total_ms + 999) / 1000)));
	} else if (st.rounds > 1)
		snprintf(right, sizeof right, "Stretch %d of %d%sround %d of %d",
		    st.item + 1, st.nitems, c->o->utf8 ? " · " : ", ",
		    st.round, st.rounds);
	else
		snprintf(right, sizeof right, "Stretch %d of %d", st.item + 1,
		    st.nitems);
	if (u8_cols(right, strlen(right)) + 8 <= w)
		puts_at(c, 1, m + w - u8_cols(right, strlen(right)), ATTR_DIM,
		    right);
	put_rule(c, 2, m, w);

	/* The stretch and what to do. */
	label = phase_label(&st, &label_attr);
	title = st.phase == LIMBER_PHASE_PREPARE ? "Get your space ready" :
	    st.phase == LIMBER_PHASE_CHECKIN ? "How is your back?" :
	    item_name(it);
	put_wrapped(c, 4, m, w - (int)strlen(label) - 2, 1, ATTR_BOLD, title);
	puts_at(c, 4, m + w - (int)strlen(label), label_attr, label);
	detail = detail_text(c, &st);
	puts_at(c, 5, m, ATTR_DIM, detail);
	free(detail);

	if (st.phase == LIMBER_PHASE_STEP || st.phase == LIMBER_PHASE_HOLD)
		body_attr = ATTR_BOLD;

	/* The bottom, from the last row up: keys, next, bar, countdown. */
	put_keys(c, c->rows, m, w, &st);
	put_rule(c, c->rows - 1, m, w);
	next_row = c->rows - 4;
	put_bar(c, c->rows - 6, m, w, &st);
	if (st.phase == LIMBER_PHASE_PREPARE)
		for (size_t i = 0; i < c->nchecklist; i++)
			body_lines += wrap(c->checklist[i], w - 2, dummy, 0);
	else
		body_lines = wrap(st.text != NULL ? st.text : "", w, dummy, 0);
	big = c->rows - 13 - 7 >= body_lines && c->rows >= 18;
	cd_top = big ? c->rows - 12 : c->rows - 8;
	body_rows = cd_top - 1 - 7;
	if (body_rows < 1)
		body_rows = 1;

	row = 7;
	if (st.phase == LIMBER_PHASE_PREPARE) {
		for (size_t i = 0; i < c->nchecklist && row < 7 + body_rows;
		    i++) {
			puts_at(c, row, m, ATTR_CALM, c->o->utf8 ? "•" : "*");
			row += put_wrapped(c, row, m + 2, w - 2,
			    7 + body_rows - row, ATTR_PLAIN, c->checklist[i]);
		}
	} else {
		row += put_wrapped(c, row, m, w, body_rows, body_attr,
		    st.text != NULL ? st.text : "");
		/* After a check-in, what the score means, in the rest. */
		if (st.phase == LIMBER_PHASE_REST && c->note != NULL &&
		    row + 1 < 7 + body_rows)
			put_wrapped(c, row + 1, m, w, 7 + body_rows - row - 1,
			    ATTR_WAIT, c->note);
	}

	if (st.phase == LIMBER_PHASE_PREPARE) {
		put_wrapped(c, cd_top, m, w, 2, ATTR_BOLD, "When everything "
		    "is ready, press the space bar to begin.");
	} else if (st.phase == LIMBER_PHASE_CHECKIN) {
		char before[64];

		if (c->one_pending)
			puts_at(c, cd_top, m, ATTR_WAIT, c->o->utf8 ?
			    "1 … press 0 now for 10, or wait for 1." :
			    "1 ... press 0 now for 10, or wait for 1.");
		else
			put_wrapped(c, cd_top, m, w, 2, ATTR_BOLD, "Press a "
			    "number from 0 to 9, or 1 then 0 for 10.");
		snprintf(before, sizeof before, "Before you started: %d out "
		    "of 10.", st.pain_before);
		puts_at(c, cd_top + 2, m, ATTR_DIM, before);
	} else if (timed(st.phase)) {
		int secs = (int)((st.left_ms + 999) / 1000);
		char num[16], *cap = countdown_caption(&st, secs), *line;
		enum attr a = st.paused ? ATTR_WAIT : ATTR_CALM;

		if (secs >= 60)
			snprintf(num, sizeof num, "%d:%02d", secs / 60, secs % 60);
		else
			snprintf(num, sizeof num, "%d", secs);
		if (big && big_width(num) + 4 + 24 <= w) {
			int bw = big_width(num);

			put_big(c, cd_top, m, a, num);
			puts_at(c, cd_top + 2, m + bw + 3, ATTR_PLAIN, cap);
			if (st.paused)
				puts_at(c, cd_top + 3, m + bw + 3, ATTR_WAIT,
				    "paused: space to carry on");
		} else {
			line = xasprintf("%s %s%s", num, cap, st.paused ?
			    " (paused: space to carry on)" : "");
			put_wrapped(c, cd_top, m, w, 2, a, line);
			free(line);
		}
		free(cap);
	}

	if (big && w >= 70)
		put_figure(c, cd_top - 1, m + w - FIGURE_COLS, &st);

	if (st.next != NULL)
		put_wrapped(c, next_row, m, w, 2, ATTR_DIM, st.next);

	buf_puts(&c->frame, "\033[0m");
	(void)term_write(STDOUT_FILENO, c->frame.p, c->frame.len);

	c->drawn = true;
	/* When the number shown changes next. */
	c->redraw_at = INT64_MAX;
	if (timed(st.phase) && !st.paused && st.left_ms > 0)
		c->redraw_at = c->now + (st.left_ms - 1) % 1000 + 1;
}

/* ------------------------------------------------------------------ */
/* The end, on the normal screen.                                      */

static void
summary(struct coach *c)
{
	const struct limber_session_result *r = limber_session_result(c->s);
	size_t planned = c->plan->nitems * (size_t)c->plan->rounds;
	int done = 0, skipped = 0;
	char *text;

	for (size_t i = 0; i < r->nitems; i++) {
		if (r->items[i].skipped)
			skipped++;
		else if (!r->items[i].stopped)
			done++;
	}
	fputc('\n', stdout);
	/* The advice says what happened; an interruption also says why. */
	if (r->advice != NULL)
		cli_print_wrapped(stdout, "", 0, r->advice);
	if (r->reason == LIMBER_STOP_INTERRUPTED && c->why != NULL) {
		fputs("Reason: ", stdout);
		cli_puts(stdout, c->why);
		fputs(".\n", stdout);
	}
	if (r->started_ms < 0)
		return;
	if (c->plan->rounds > 1)
		text = xasprintf("You finished %d of the %zu stretches planned "
		    "(%zu %s, %d rounds)%s.", done, planned, c->plan->nitems,
		    c->plan->nitems == 1 ? "stretch" : "stretches",
		    c->plan->rounds, skipped > 0 ? "; some were skipped" : "");
	else
		text = xasprintf("You finished %d of the %zu %s planned%s.",
		    done, planned, planned == 1 ? "stretch" : "stretches",
		    skipped > 0 ? "; some were skipped" : "");
	fputc('\n', stdout);
	cli_print_wrapped(stdout, "", 0, text);
	free(text);
	if (journal_on(c) && limber_recorder_error(c->rec) == NULL)
		fputs("It is in your journal: 'limber history' shows it.\n",
		    stdout);
}

/* ------------------------------------------------------------------ */
/* The loop.                                                           */

static void
on_signals(struct coach *c, unsigned sigs)
{
	if (sigs & TERM_SIG_INT)
		interrupt(c, "Ctrl-C (SIGINT)", SIGINT);
	if (sigs & TERM_SIG_TERM)
		interrupt(c, "ended by the system (SIGTERM)", SIGTERM);
	if (sigs & TERM_SIG_HUP)
		interrupt(c, "the terminal was closed (SIGHUP)", SIGHUP);
	if (sigs & TERM_SIG_QUIT)
		interrupt(c, "Ctrl-\\ (SIGQUIT)", SIGQUIT);
	if (limber_session_ended(c->s))
		return;
	if (sigs & TERM_SIG_TSTP) {
		struct limber_session_state st;

		/* Time away is not time stretching. */
		limber_session_snapshot(c->s, c->now, &st);
		if (timed(st.phase) && !st.paused)
			send(c, LIMBER_INPUT_PAUSE, 0);
		drain(c);
		fflush(stdout);
		term_suspend();
		c->now = session_now(c);
		sigs |= TERM_SIG_WINCH;
	}
	if (sigs & (TERM_SIG_WINCH | TERM_SIG_CONT)) {
		if (c->tty)
			term_size(STDOUT_FILENO, &c->cols, &c->rows);
		c->clear = true;
	}
}

static int64_t
next_due(const struct coach *c)
{
	int64_t due = limber_session_deadline(c->s);

	if (c->tty && c->redraw_at < due)
		due = c->redraw_at;
	if (c->one_pending && c->one_until < due)
		due = c->one_until;
	return due;
}

/* Plain mode with no more input: nobody can answer any more. */
static void
check_eof(struct coach *c)
{
	enum limber_phase ph;

	if (c->tty || !c->in_eof || limber_session_ended(c->s))
		return;
	ph = phase_now(c);
	if (ph == LIMBER_PHASE_CHECKIN)
		interrupt(c, "no answer at a check-in: the input ended", 0);
	else if (ph == LIMBER_PHASE_PREPARE)
		interrupt(c, "the input ended before the start", 0);
}

static void
loop(struct coach *c)
{
	for (;;) {
		struct pollfd fds[3];
		nfds_t nfds = 0;
		int n, in;

		check_eof(c);
		c->drawn = false;
		drain(c);
		if (limber_session_ended(c->s))
			break;
		if (c->tty && !c->drawn)
			draw(c);

		fds[nfds++] = (struct pollfd){ .fd = c->sigfd,
		    .events = POLLIN };
		if (c->timerfd >= 0) {
			arm(c, next_due(c));
			fds[nfds++] = (struct pollfd){ .fd = c->timerfd,
			    .events = POLLIN };
		}
		in = -1;
		if (!c->in_eof) {
			in = (int)nfds;
			fds[nfds++] = (struct pollfd){ .fd = STDIN_FILENO,
			    .events = POLLIN };
		}
		n = poll(fds, nfds, c->timerfd >= 0 ? -1 :
		    timeout_for(c, next_due(c)));
		c->now = session_now(c);
		if (n < 0 && errno != EINTR) {
			interrupt(c, "the terminal could not be read", 0);
			continue;
		}
		if (c->timerfd >= 0)
			disarm_read(c);
		/* Keys and signals apply to the session as it is now. */
		limber_session_tick(c->s, c->now);
		on_signals(c, term_signals_take());
		if (n > 0 && in >= 0 && fds[in].revents != 0 &&
		    !limber_session_ended(c->s))
			read_input(c);
		if (c->one_pending && c->now >= c->one_until &&
		    !limber_session_ended(c->s)) {
			c->one_pending = false;
			send(c, LIMBER_INPUT_PAIN, 1);
		}
	}
}

/*
 * Start the voice. Without a sound device (or espeak-ng) the session goes
 * on silently, with one notice on stderr, written before the full screen
 * is drawn so that it stays on the terminal when the screen is left.
 */
static void
voice_start(struct coach *c)
{
	char *cause = NULL;

	if (voice_init(NULL, 0, &cause) == LIMBER_OK &&
	    voice_player_start(&c->voice, &cause) == LIMBER_OK)
		return;
	voice_shutdown();
	cli_error("%s, so the session goes on without a voice",
	    cause != NULL ? cause : "no sound device");
	free(cause);
}

int
coach_run(struct cli_ctx *ctx, const struct limber_plan *plan,
    int pain_before, unsigned area, int64_t screening,
    const struct coach_opts *opts)
{
	struct coach c;
	const struct limber_session_result *r;
	enum limber_status st;
	char *cause = NULL;
	int rc;

	memset(&c, 0, sizeof c);
	c.ctx = ctx;
	c.plan = plan;
	c.opts = *opts;
	c.o = &c.opts;
	c.redraw_at = INT64_MAX;
	c.tty = !opts->plain;
	c.speed = util_test_clock();
	c.t0_ns = mono_ns();
	c.now = 0;

	st = limber_session_new(plan, pain_before, c.now, &c.s, &cause);
	if (st != LIMBER_OK) {
		rc = cli_error("%s", cause != NULL ? cause :
		    "the session could not be made");
		free(cause);
		return st == LIMBER_ERR_BLOCKED ? CLI_EXIT_BLOCKED : rc;
	}
	c.rec = limber_recorder_new(ctx->journal, ctx->catalog, plan,
	    pain_before, area, screening, (int)getpid());
	if (ctx->journal != NULL)
		limber_journal_set_wait(ctx->journal, JOURNAL_WAIT_MS);
	fflush(stdout);
	c.timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	c.sigfd = term_signals_start();
	if (c.sigfd < 0) {
		rc = cli_error("cannot set up the session's signals: %s",
		    strerror(errno));
		if (c.timerfd >= 0)
			close(c.timerfd);
		limber_recorder_free(c.rec);
		limber_session_free(c.s);
		return rc;
	}
	/*
	 * The voice's thread starts after the signals are blocked, so that
	 * it inherits the mask and signals reach the signalfd alone; and
	 * before the full screen, so that its notice stays readable.
	 */
	if (opts->voice)
		voice_start(&c);
	if (c.tty) {
		term_size(STDOUT_FILENO, &c.cols, &c.rows);
		c.clear = true;
		if (!term_enter(STDIN_FILENO, STDOUT_FILENO)) {
			/* No terminal after all: plain lines, as --plain. */
			c.tty = false;
			c.opts.plain = true;
			c.opts.color = false;
		}
	}
	c.prompts = !c.tty && isatty(STDIN_FILENO);
	if (c.prompts)
		plain_hint(&c, "Type go and press Enter when your space is "
		    "ready; q to leave.");

	loop(&c);
	/* What the journal refused during the session: a last try. */
	if (ctx->journal != NULL) {
		limber_journal_set_wait(ctx->journal, LIMBER_JOURNAL_BUSY_MS);
		(void)limber_recorder_flush(c.rec);
	}

	/* A signal ends at once; otherwise the last words are said. */
	if (c.signo != 0)
		voice_player_hush(c.voice);
	voice_player_stop(c.voice);
	if (c.voice != NULL)
		voice_shutdown();
	if (c.tty)
		term_leave();
	term_signals_stop();
	if (c.tty)
		summary(&c);
	else if (c.why != NULL)
		cli_error("the session stopped: %s", c.why);
	fflush(stdout);

	r = limber_session_result(c.s);
	if (limber_recorder_error(c.rec) != NULL)
		rc = cli_error("the journal could not record the session: %s",
		    limber_recorder_error(c.rec));
	else if (c.signo != 0)
		rc = 128 + c.signo;
	else if (r->outcome == LIMBER_OUTCOME_DONE)
		rc = CLI_EXIT_OK;
	else
		rc = CLI_EXIT_STOPPED;

	if (c.timerfd >= 0)
		close(c.timerfd);
	limber_recorder_free(c.rec);
	free(c.note);
	for (size_t i = 0; i < c.nchecklist; i++)
		free(c.checklist[i]);
	free(c.checklist);
	free(c.frame.p);
	limber_session_free(c.s);
	return rc;
}
