/*
 * coach.c - the guided session's front end: time, keys, the journal; the
 * screen is coach-screen.c's.
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
 * On a terminal, each turn that changes what is shown draws the screen
 * (coach-screen.c). docs/coach.md shows it.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <limber/record.h>

#include "limber/voice.h"

#include "cli.h"
#include "coach-screen.h"
#include "coach.h"
#include "term.h"
#include "util.h"

/* Longer lines on stdin are dropped: no command is that long. */
#define INPUT_LINE_MAX 256
/* After a 1 at a check-in, how long a 0 may follow to make it 10. */
#define TEN_WAIT_MS 1000
/*
 * The keys at a check-in (0 to 9, or 1 then 0) and the texts that name
 * them reach exactly this scale: keep them true if it moves.
 */
_Static_assert(LIMBER_PAIN_MIN == 0 && LIMBER_PAIN_MAX == 10,
    "the check-in keys give 0 to 10");
#define NS_PER_MS 1000000LL
/*
 * How long one of the session's writes waits for another program that
 * holds the journal (an import): the screen, the keys and the warning
 * must not wait 3 s for it. A record refused is written with the next
 * one (record.h), or at the end, when the wait is the usual one again.
 */
#define JOURNAL_WAIT_MS 100

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
	struct voice_pace pace; /* at voice_init's rate */

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
	struct coach_screen *screen;
	int64_t redraw_at;	/* the countdown shown changes then */
	bool drawn;		/* this loop turn has drawn the screen */
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
	int64_t sec = at > base ? (at - base) / 1000 : 0;

	printf("%02lld:%02lld ", (long long)(sec / 60), (long long)(sec % 60));
	for (const char *k = kind; *k != '\0'; k++)
		putchar(*k >= 'a' && *k <= 'z' ? *k - 'a' + 'A' : *k);
	putchar(' ');
	/* Text from the catalog, with any control character made a space. */
	for (const char *t = text; *t != '\0'; t++)
		putchar((unsigned char)*t < 0x20 || *t == 0x7f ? ' ' : *t);
	putchar('\n');
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
			/* TRANSLATORS: p, n, q and ! are the keys typed: keep
			 * them as they are. */
			plain_hint(c,
			    _("p and Enter pauses, n skips the "
			      "stretch, q stops, ! for sharp pain, numbness or "
			      "dizziness."));
		break;
	case LIMBER_CUE_CHECKIN:
		/* TRANSLATORS: n is the key typed: keep it. */
		plain_hint(c,
		    _("Type your pain from 0 to 10 and press Enter "
		      "(n for no answer)."));
		break;
	case LIMBER_CUE_PAUSED:
		/* TRANSLATORS: p is the key typed: keep it. */
		plain_hint(c, _("Type p and press Enter to carry on."));
		break;
	default:
		break;
	}
}

/* What a cue means for the journal. */
static void
cue_record(struct coach *c, const struct limber_cue *cue)
{
	limber_recorder_cue(c->rec, c->s, cue, wall_now());
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
	/*
	 * The paced session made room for every cue's words, one after
	 * another: only these cut what is being said, as the engine counts.
	 */
	if (cue->kind == LIMBER_CUE_PAUSED || cue->kind == LIMBER_CUE_STOPPED ||
	    cue->kind == LIMBER_CUE_SKIPPED)
		voice_player_hush(c->voice);
	voice_player_say(c->voice, cue->kind, cue->text, voice_cue_lang(cue));
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
		coach_screen_cue(c->screen, &cue);
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
		interrupt(c, N_("the output was closed"), 0);
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
	/* why is English (N_()): the journal keeps it so; it is shown
	   translated. */
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
		else if (limber_phase_timed(ph))
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
	} else if (util_parse_int(w, LIMBER_PAIN_MIN, LIMBER_PAIN_MAX, &v)) {
		send(c, LIMBER_INPUT_PAIN, (int)v);
	} else {
		cli_error(
		    _("'%s' is not something the session knows; type "
		      "p (pause), n (skip), q (stop), ! (sharp pain, "
		      "numbness or dizziness) or a pain score from %d to %d"),
		    w, LIMBER_PAIN_MIN, LIMBER_PAIN_MAX);
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
			fprintf(stderr,
			    _("limber: an input line of more than %d "
			      "characters was left out\n"),
			    INPUT_LINE_MAX - 1);
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
			interrupt(c, N_("the terminal was closed"), 0);
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
/* The screen, drawn by coach-screen.c.                                */

static void
draw(struct coach *c)
{
	struct limber_session_state st;

	limber_session_snapshot(c->s, c->now, &st);
	coach_screen_draw(c->screen, &st, c->one_pending);
	c->drawn = true;
	/* When the number shown changes next. */
	c->redraw_at = INT64_MAX;
	if (limber_phase_timed(st.phase) && !st.paused && st.left_ms > 0)
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
		/* The journal keeps the reason in English; the person reads it
		 * in their language. */
		fputs(_("Reason: "), stdout);
		cli_puts(stdout, _(c->why));
		fputs(".\n", stdout);
	}
	if (r->started_ms < 0)
		return;
	if (c->plan->rounds > 1)
		/* TRANSLATORS: "You finished 5 of the 8 stretches planned
		 * (4 stretches, 2 rounds)", then the sentence below or
		 * nothing. */
		text = xasprintf(
		    P_("You finished %d of the %zu stretches "
		       "planned (%zu stretch, %d rounds)%s.",
			"You finished %d "
			"of the %zu stretches planned (%zu stretches, %d "
			"rounds)%s.",
			c->plan->nitems),
		    done, planned, c->plan->nitems, c->plan->rounds,
		    skipped > 0 ? _("; some were skipped") : "");
	else
		text = xasprintf(P_("You finished %d of the %zu stretch "
				    "planned%s.",
				     "You finished %d of the %zu stretches "
				     "planned%s.",
				     planned),
		    done, planned, skipped > 0 ? _("; some were skipped") : "");
	fputc('\n', stdout);
	cli_print_wrapped(stdout, "", 0, text);
	free(text);
	if (journal_on(c) && limber_recorder_error(c->rec) == NULL)
		fputs(_("It is in your journal: 'limber history' shows it.\n"),
		    stdout);
}

/* ------------------------------------------------------------------ */
/* The loop.                                                           */

static void
on_signals(struct coach *c, unsigned sigs)
{
	if (sigs & TERM_SIG_INT)
		interrupt(c, N_("Ctrl-C (SIGINT)"), SIGINT);
	if (sigs & TERM_SIG_TERM)
		interrupt(c, N_("ended by the system (SIGTERM)"), SIGTERM);
	if (sigs & TERM_SIG_HUP)
		interrupt(c, N_("the terminal was closed (SIGHUP)"), SIGHUP);
	if (sigs & TERM_SIG_QUIT)
		interrupt(c, N_("Ctrl-\\ (SIGQUIT)"), SIGQUIT);
	if (limber_session_ended(c->s))
		return;
	if (sigs & TERM_SIG_TSTP) {
		struct limber_session_state st;

		/* Time away is not time stretching. */
		limber_session_snapshot(c->s, c->now, &st);
		if (limber_phase_timed(st.phase) && !st.paused)
			send(c, LIMBER_INPUT_PAUSE, 0);
		drain(c);
		fflush(stdout);
		term_suspend();
		c->now = session_now(c);
		sigs |= TERM_SIG_WINCH;
	}
	if (sigs & (TERM_SIG_WINCH | TERM_SIG_CONT)) {
		if (c->tty)
			coach_screen_resize(c->screen);
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
		interrupt(c, N_("no answer at a check-in: the input ended"), 0);
	else if (ph == LIMBER_PHASE_PREPARE)
		interrupt(c, N_("the input ended before the start"), 0);
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
			interrupt(c, N_("the terminal could not be read"), 0);
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

	if (voice_init(NULL, c->o->rate, &cause) == LIMBER_OK &&
	    voice_player_start(&c->voice, &cause) == LIMBER_OK)
		return;
	voice_shutdown();
	cli_error(_("%s, so the session goes on without a voice"),
	    cause != NULL ? cause : _("no sound device"));
	free(cause);
}

int
coach_run(struct cli_ctx *ctx, const struct limber_plan *plan,
    int pain_before, unsigned area, int64_t screening,
    const struct coach_opts *opts)
{
	struct coach c;
	struct limber_session_pace pace = { NULL, NULL, 0 };
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

	fflush(stdout);
	c.timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	c.sigfd = term_signals_start();
	if (c.sigfd < 0) {
		rc = cli_error(_("cannot set up the session's signals: %s"),
		    strerror(errno));
		if (c.timerfd >= 0)
			close(c.timerfd);
		return rc;
	}
	c.screen = coach_screen_new(plan, c.o);
	/*
	 * The voice's thread starts after the signals are blocked, so that
	 * it inherits the mask and signals reach the signalfd alone; and
	 * before the full screen, so that its notice stays readable.
	 */
	if (opts->voice)
		voice_start(&c);
	/*
	 * Heard, the session is paced by its words at the rate asked for
	 * (voice_pace_sound_ms), from the checklist on: so it is made once
	 * the voice is known to work, and silent it keeps its plan's time.
	 */
	if (c.voice != NULL)
		pace = (struct limber_session_pace){ voice_pace_sound_ms,
			&c.pace, 0 };
	st = limber_session_new_paced(plan, pain_before, c.now, &pace, &c.s,
	    &cause);
	if (st != LIMBER_OK) {
		voice_player_stop(c.voice);
		if (c.voice != NULL)
			voice_shutdown();
		term_signals_stop();
		if (c.timerfd >= 0)
			close(c.timerfd);
		coach_screen_free(c.screen);
		rc = cli_error("%s",
		    cause != NULL ? cause : _("the session could not be made"));
		free(cause);
		return st == LIMBER_ERR_BLOCKED ? CLI_EXIT_BLOCKED : rc;
	}
	c.rec = limber_recorder_new(ctx->journal, ctx->catalog, plan,
	    pain_before, area, screening, (int)getpid());
	if (ctx->journal != NULL)
		limber_journal_set_wait(ctx->journal, JOURNAL_WAIT_MS);
	if (c.tty) {
		coach_screen_resize(c.screen);
		if (!term_enter(STDIN_FILENO, STDOUT_FILENO)) {
			/* No terminal after all: plain lines, as --plain. */
			c.tty = false;
			c.opts.plain = true;
			c.opts.color = false;
		}
	}
	c.prompts = !c.tty && isatty(STDIN_FILENO);
	if (c.prompts)
		/* TRANSLATORS: go and q are what is typed: keep them. */
		plain_hint(&c,
		    _("Type go and press Enter when your space is "
		      "ready; q to leave."));

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
		cli_error(_("the session stopped: %s"), _(c.why));
	fflush(stdout);

	r = limber_session_result(c.s);
	if (limber_recorder_error(c.rec) != NULL)
		rc =
		    cli_error(_("the journal could not record the session: %s"),
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
	coach_screen_free(c.screen);
	limber_session_free(c.s);
	return rc;
}
