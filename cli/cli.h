/*
 * cli.h - what the parts of the `limber` program share.
 *
 * The program is a table of subcommands (after tmux's cmd-*.c and git's
 * git.c): each cmd-*.c file defines one `const struct cli_cmd`, main.c lists
 * them, finds the one asked for, does the shared setup its flags ask for
 * (loading the catalog) and calls its run function.
 *
 * Each command describes its options in one table of struct cli_opt. The
 * same table builds the getopt_long array and prints `limber help CMD`, so
 * the help can never miss an option. Options that several commands take
 * (the screening answers, the shape of a routine) are table fragments in
 * options.c, pulled into a command's table with an `.include` entry, and
 * parsed by one function each.
 */
#ifndef LIMBER_CLI_H
#define LIMBER_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <limber/limber.h>

/* Every text a person reads is marked for translation (_(), P_()). */
#include "i18n.h"

/* Exit statuses, as documented in `limber --help` and limber(1). */
enum cli_exit {
	CLI_EXIT_OK = 0,	/* done; a verdict of go or caution */
	CLI_EXIT_ERROR = 1,	/* a file, the catalog, the output, cancelled */
	CLI_EXIT_USAGE = 2,	/* an unknown command or option, a bad value */
	CLI_EXIT_BLOCKED = 3,	/* the verdict blocks stretching, or the plan */
	CLI_EXIT_STOPPED = 4,	/* start: the guided session stopped early */
};

/*
 * Not exit statuses: what option callbacks return. CLI_CONTINUE means "the
 * option is taken, go on"; CLI_NOT_MINE lets a callback hand an option on
 * to the next parser.
 */
#define CLI_CONTINUE (-1)
#define CLI_NOT_MINE (-2)

/* Keys of options: above any character, so they never clash with -h. */
enum cli_key {
	CLI_KEY_HELP = 'h',
	CLI_KEY_JSON = 256,
	CLI_KEY_PAIN,
	CLI_KEY_AREA,
	CLI_KEY_YES,
	CLI_KEY_LIST,
	CLI_KEY_MINUTES,
	CLI_KEY_CONTEXT,
	CLI_KEY_NO_FLOOR,
	CLI_KEY_NO_KNEELING,
	CLI_KEY_NO_LYING,
	CLI_KEY_SPORT,
	CLI_KEY_NOTE,
	CLI_KEY_CLEARED,
	CLI_KEY_SINCE,
	CLI_KEY_CSV,
	CLI_KEY_FORMAT,
	CLI_KEY_OUT,
	CLI_KEY_SVG,
	CLI_KEY_PNG,
	CLI_KEY_STEP,
	CLI_KEY_VARIANT,
	CLI_KEY_SIDE,
	CLI_KEY_PAPER,
	CLI_KEY_WEEKS,
	CLI_KEY_VOICE_NAME,
	CLI_KEY_RATE,
	CLI_KEY_JOURNAL,
	CLI_KEY_NAME,
	CLI_KEY_LAST,
};

struct cli_opt {
	const char *name;	/* long name without "--" */
	const char *arg;	/* NULL for a flag, else the metavar, e.g. "N" */
	const char *help;	/* one line, lower-case, no full stop */
	int key;		/* enum cli_key */
	const struct cli_opt *include;	/* instead of the above: a fragment */
};

struct cli_ctx;

#define CMD_NEEDS_CATALOG (1 << 0)	/* load the catalog once before run */
/*
 * With NEEDS_CATALOG: the command draws or prints figures, so the
 * catalog is loaded with its poses; without it they are left out, which
 * makes start-up several times faster.
 */
#define CMD_NEEDS_FIGURES (1 << 5)
/*
 * Open the journal once its options are parsed (cli_parse does it, so
 * --help and usage errors never touch the file): NEEDS makes it when
 * missing, READS uses it only when it exists (ctx->journal stays NULL).
 */
#define CMD_NEEDS_JOURNAL (1 << 1)
#define CMD_READS_JOURNAL (1 << 2)
/*
 * With READS: the command never writes the journal, so one on read-only
 * media (or in a folder the user may not write) is opened read-only
 * (LIMBER_JOURNAL_READ_ONLY) rather than refused. Sessions whose process
 * died are then shown as running: marking them interrupted is a write.
 */
#define CMD_ONLY_READS (1 << 3)
/*
 * The command uses the journal but opens it itself, or hands its path on
 * (log, import, remind): like those with NEEDS or READS, it takes
 * --journal after its name too (cli_cmd_takes_journal).
 */
#define CMD_USES_JOURNAL (1 << 4)

struct cli_cmd {
	const char *name;
	const char *summary;	/* one line for `limber --help` */
	const char *usage;	/* "limber plan [options]"; lines split by \n */
	const char *description;	/* paragraphs, wrapped in the source */
	const struct cli_opt *opts;	/* ends with {0}; --help is added */
	int flags;		/* CMD_* */
	/* argv[0] is the command's name; returns an enum cli_exit. */
	int (*run)(struct cli_ctx *ctx, int argc, char **argv);
};

struct cli_ctx {
	struct limber_catalog *catalog;	/* with CMD_NEEDS_CATALOG, else NULL */
	const struct cli_cmd *cmd;	/* the command running, for messages */
	/* Every command, ending with NULL: main.c's table, for help. */
	const struct cli_cmd *const *cmds;
	const char *journal_path;	/* --journal, else NULL */
	struct limber_journal *journal;	/* with CMD_*_JOURNAL, once parsed */
	int64_t now;			/* the time, read once at the start */
	/* What this run wrote in the journal ("the pain score"), so that
	   output that cannot be written is not taken for nothing saved. */
	const char *saved;
};

/* The commands, each defined by its cmd-*.c and listed by main.c. */
extern const struct cli_cmd cli_cmd_check;
extern const struct cli_cmd cli_cmd_start;
extern const struct cli_cmd cli_cmd_plan;
extern const struct cli_cmd cli_cmd_stretches;
extern const struct cli_cmd cli_cmd_show;
extern const struct cli_cmd cli_cmd_catalog;
extern const struct cli_cmd cli_cmd_help;
extern const struct cli_cmd cli_cmd_log;
extern const struct cli_cmd cli_cmd_history;
extern const struct cli_cmd cli_cmd_stats;
extern const struct cli_cmd cli_cmd_export;
extern const struct cli_cmd cli_cmd_import;
extern const struct cli_cmd cli_cmd_handout;
extern const struct cli_cmd cli_cmd_serve;
extern const struct cli_cmd cli_cmd_report;
extern const struct cli_cmd cli_cmd_remind;
extern const struct cli_cmd cli_cmd_audio;

/* ------------------------------------------------------------------ */
/* options.c: parsing driven by the tables.                            */

/*
 * Called for each option in command-line order with its key and its
 * argument (NULL for a flag). Returns CLI_CONTINUE, or an exit status to
 * stop with (the callback has printed why).
 */
typedef int (*cli_opt_fn)(void *data, int key, const char *arg);

/*
 * Parse ctx->cmd's options from argv (argv[0] is the command name). --help
 * prints the command's help. Unknown options, a missing value or a value
 * given to a flag print a usage error. Returns CLI_CONTINUE with *first set
 * to the index of the first operand (operands are moved after the options,
 * as GNU getopt does), or the exit status to stop with.
 */
int cli_parse(struct cli_ctx *ctx, int argc, char **argv, cli_opt_fn fn,
    void *data, int *first);

/* The screening answers: --pain, --area, --yes (check, plan, later start). */
extern const struct cli_opt cli_opts_answers[];

struct cli_answers {
	int pain;		/* -1: not given */
	unsigned area;		/* enum limber_area bits; 0: not given */
	const char **yes;	/* known question ids, each once; not owned */
	size_t nyes;
};

void cli_answers_init(struct cli_answers *a);
/* Returns CLI_CONTINUE, CLI_EXIT_USAGE (message printed) or CLI_NOT_MINE. */
int cli_answers_option(struct cli_answers *a, int key, const char *arg);
/* Adds a question id unless already there; the string is not copied. */
void cli_answers_add_yes(struct cli_answers *a, const char *id);
void cli_answers_release(struct cli_answers *a);
/* Screen; on error prints it and returns CLI_EXIT_ERROR, else CLI_CONTINUE. */
int cli_answers_screen(const struct cli_ctx *ctx, const struct cli_answers *a,
    struct limber_verdict **out);

/* The shape of a routine: --minutes, --context, --no-* (plan, later start). */
extern const struct cli_opt cli_opts_routine[];

struct cli_routine {
	int minutes;		/* 10 unless given */
	enum limber_context context;
	bool context_given;	 /* --context was given */
	enum limber_sport sport; /* --sport; it implies --context workout */
	unsigned limits;	/* enum limber_need bits ruled out */
};

void cli_routine_init(struct cli_routine *r);
int cli_routine_option(struct cli_routine *r, int key, const char *arg);
/* A usage error for --sport with a context other than workout. */
int cli_routine_check(struct cli_ctx *ctx, const struct cli_routine *r);
/*
 * The journal's doses and plan history for a request (none without a
 * journal); release both with limber_doses_free and
 * limber_plan_history_release.
 */
int cli_plan_facts(struct cli_ctx *ctx, struct limber_dose **doses,
    size_t *ndoses, struct limber_plan_history *history);

/*
 * The request `plan` and `handout` share: --yes needs --pain (a usage
 * error), the area defaults to both, the answers are screened when --pain
 * is given, and the journal's progressed doses are used when there is a
 * journal. Returns CLI_CONTINUE, or an exit status with the message
 * printed. Release with cli_request_release whatever it returned.
 */
struct cli_request {
	struct limber_request req;
	struct limber_verdict *verdict;
	struct limber_dose *doses;
	size_t ndoses;
	struct limber_plan_history history;
};

int cli_request_build(struct cli_ctx *ctx, struct cli_answers *a,
    const struct cli_routine *r, struct cli_request *out);
void cli_request_release(struct cli_request *r);
/* --out FILE: *out is the name; an empty one is a usage error. */
int cli_out_option(const char *arg, const char **out);
/*
 * The plan of req for a command that makes something of it (`what`, as in
 * "no handout: ..."): CLI_CONTINUE with *out, or, having said why, the
 * exit status: blocked by the verdict, no plan, or a plan with no stretch.
 */
int cli_plan_some(struct cli_ctx *ctx, const struct limber_request *req,
    const char *what, struct limber_plan **out);

/* ------------------------------------------------------------------ */
/* output.c: how things are shown.                                     */

/* Print "limber: MSG" to stderr. Returns CLI_EXIT_ERROR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "limber: MSG; see 'limber help CMD'" to stderr. Returns CLI_EXIT_USAGE. */
int cli_usage_error(const struct cli_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Seconds as m:ss into buf. */
const char *cli_mmss(char *buf, size_t size, int seconds);
/* A stretch's name from its id, or the id when the catalog lacks it. */
const char *cli_stretch_name(const struct limber_catalog *cat,
    const char *id);
/* Names of need bits joined by ", " into fp; "nothing" when none. */
void cli_print_needs(FILE *fp, unsigned needs);

/* Columns a UTF-8 string takes on a terminal, one for each character. */
int cli_width(const char *s);
/* Print s, then spaces up to width columns. */
void cli_print_padded(FILE *fp, const char *s, int width);
/*
 * Nothing from a file, the journal or the command line reaches a terminal
 * as it is: these, cli_print_padded, cli_print_wrapped and cli_error show
 * control characters, bytes that are not UTF-8 and direction overrides
 * as \u001b, \xff, \u202e (util_visible).
 *
 * cli_puts: print s so, line feeds and tabs kept, whatever fp is.
 * cli_print_output: print a command's output (JSON, CSV, iCalendar) as it
 * is to a file or a pipe, and so shown to a terminal.
 */
void cli_puts(FILE *fp, const char *s);
void cli_print_output(FILE *fp, const char *text);
/* A screening level's name as a person reads it ("go" in English). */
const char *cli_level_words(enum limber_level level);
/*
 * Print first, then text wrapped at 78 columns with later lines indented
 * by indent spaces, then a newline. A no-break space (U+00A0) in text never
 * breaks the line ("20\u00a0s") and is written as a plain space.
 */
void cli_print_wrapped(FILE *fp, const char *first, int indent,
    const char *text);
/*
 * Print a prompt wrapped as cli_print_wrapped() does, its later lines
 * indented as its first, and no newline: the answer is typed after it.
 * A translation may make a prompt longer than a line.
 */
void cli_print_prompt(FILE *fp, const char *prompt);

/* Print json to stdout, indented, and free it. NULL: an error, status 1. */
int cli_print_json(json_t *json);

/* The verdict in words, with its reasons, and what it changes. */
void cli_print_verdict(FILE *fp, const struct limber_catalog *cat,
    const struct limber_verdict *v);
/* The rules for stopping a stretch, printed before any stretching. */
void cli_print_stop_rules(FILE *fp);
/* CLI_EXIT_OK when the verdict allows a session, else CLI_EXIT_BLOCKED. */
int cli_verdict_status(const struct limber_verdict *v);

/*
 * The rest of the day after a warning stop or an urgent or emergency
 * verdict (docs/safety.md, "The rest of the day", options.c): when the
 * journal holds today, print why (as JSON with json) and return
 * CLI_EXIT_BLOCKED; else CLI_CONTINUE.
 */
int cli_day_hold(const struct cli_ctx *ctx, bool json);
/*
 * Its parts, for `limber check`, which screens on a held day but does not
 * let the new answers lift the hold: read it (h->held false when nothing
 * holds; release h), say it, or give it as a JSON object.
 */
int cli_day_hold_read(const struct cli_ctx *ctx, struct limber_day_hold *h);
void cli_day_hold_say(FILE *fp, const struct limber_day_hold *h);
json_t *cli_day_hold_json(const struct limber_day_hold *h);

/* ------------------------------------------------------------------ */
/* journal-open.c: which journal, and opening it.                      */

/*
 * Open the journal as ctx->cmd's flags ask: the path from --journal, else
 * $LIMBER_JOURNAL, else the XDG data folder; running sessions whose
 * process has gone are marked interrupted. Prints any error; returns
 * CLI_CONTINUE or an exit status.
 */
int cli_journal_open(struct cli_ctx *ctx, bool create);
/* The journal's path as cli_journal_open resolves it; malloc'd, or NULL. */
char *cli_journal_path(const struct cli_ctx *ctx);
/*
 * $XDG_DATA_HOME/limber/SUB, or ~/.local/share/limber/SUB: where the
 * user's own stretches and --lan's certificates live. NULL when neither
 * variable names an absolute folder. The caller frees it.
 */
char *cli_user_dir(const char *sub);
/*
 * --journal PATH, before the command (main.c) or after one that takes it
 * (cli_parse); the later one wins. An empty path is a usage error, said.
 * Returns CLI_CONTINUE or CLI_EXIT_USAGE.
 */
int cli_journal_option(struct cli_ctx *ctx, const char *path);
/* Whether cmd uses the journal, and so takes --journal after its name. */
bool cli_cmd_takes_journal(const struct cli_cmd *cmd);

/* ------------------------------------------------------------------ */
/* Shared between commands and the no-argument run.                    */

/*
 * Ask pain, area and the screening questions on the terminal and screen
 * the answers (cmd-check.c). Stops asking at the first emergency or urgent
 * answer. Returns CLI_CONTINUE with *out set, or an exit status
 * (CLI_EXIT_ERROR when stdin ends: "check cancelled"). The answers (pain,
 * area, yes ids) are in *answers whatever it returns, for the journal; the
 * caller releases them with cli_answers_release.
 */
int cli_check_ask_answers(struct cli_ctx *ctx, struct limber_verdict **out,
    struct cli_answers *answers);
/*
 * The same, for a check on a day that already had one: the slow-changing
 * questions (limber_question_reusable) are not asked again, and earlier's
 * yes answers to them are carried over. earlier may be NULL: ask them all.
 */
int cli_check_ask_again(struct cli_ctx *ctx, struct limber_verdict **out,
    struct cli_answers *answers, const struct cli_answers *earlier);

/*
 * Build a plan and print it (cmd-plan.c). A blocking verdict prints the
 * verdict instead and returns CLI_EXIT_BLOCKED.
 */
int cli_plan_show(struct cli_ctx *ctx, const struct limber_request *req,
    bool json);

/* A stored time as local "YYYY-MM-DD HH:MM" into buf (cmd-history.c). */
const char *cli_local_time(char *buf, size_t size, int64_t t);

/*
 * How many records the journal holds dated after now, which the rules
 * leave out until then (docs/safety.md, "When the clock was wrong"): 0
 * without a journal. Prints any error; returns CLI_CONTINUE or an exit
 * status (cmd-history.c).
 */
int cli_future_count(const struct cli_ctx *ctx, size_t *count);
/* Say so, after a blank line, when count > 0. */
void cli_future_say(FILE *fp, size_t count);

/*
 * The figures this build draws, for `limber --version` (cmd-show.c):
 * "figures (svg, png, pdf, terminal)", or without cairo a line that says
 * PNG and PDF are off.
 */
const char *cli_figures(void);

/* ------------------------------------------------------------------ */
/* help.c: the help texts and the tables they are printed from.        */

/* The command called name in the table cmds (ctx->cmds), or NULL. */
const struct cli_cmd *cli_cmd_find(const struct cli_cmd *const *cmds,
    const char *name);
/*
 * A command's options with fragments expanded and --help last: a malloc'd
 * array of *n pointers into the static tables. The caller frees the array.
 */
const struct cli_opt **cli_opts_flatten(const struct cli_cmd *cmd, size_t *n);
/* `limber --help`: the commands of the table cmds, the global options. */
void cli_help_main(FILE *fp, const struct cli_cmd *const *cmds);
/* `limber help CMD` and `CMD --help`. */
void cli_help_cmd(FILE *fp, const struct cli_cmd *cmd);

/*
 * contrib/limber-remind.service as it is in the source (remind-unit.c,
 * made by contrib/embed-unit.py): the systemd user unit that `limber
 * remind --install` writes, with its one ExecStart= line replaced.
 */
extern const char cli_remind_unit[];

#endif
