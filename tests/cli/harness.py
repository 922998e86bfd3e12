"""What the black-box runners in tests/cli/ share: tests, checks, a home
for the real program, and their output in TAP.

A runner registers its tests with @test, in the order they are written,
checks with expect() and expect_eq(), runs limber in a Home (or a class
of its own made from it), and ends with

    if __name__ == "__main__":
        sys.exit(harness.main("coach"))

Every runner takes the same arguments, PATH-TO-LIMBER SOURCE-ROOT; they
are LIMBER and ROOT here. main() prints TAP (version 14), which meson
reads (protocol 'tap' in tests/meson.build): the plan "1..N", then
"ok N - name" or "not ok N - name" for each test in the order written,
each failure followed by its traceback as "# " lines (and on stderr,
which meson --print-errorlogs shows), and a last line
"# NAME: N passed, N failed, N skipped". A test that cannot run here
raises Skip (skip(why)): "ok N - name # SKIP why", counted neither as
passed nor as failed. A runner with nothing it can run here prints
"1..0 # SKIP why" (main's setup_check, or skip_all()). It exits 1 when a
test failed, else 0.

What a test prints is shown as "# " lines after its result; anything
written straight to the standard output (a child process's, say) goes to
the standard error instead, so that the TAP stays whole.

Parallelism. LIMBER_TEST_JOBS is the most tests one runner runs at once,
each in a thread of its own. Unset or empty, it is half the processors
this process may use (os.sched_getaffinity), at least 1: meson runs
runners side by side (test.sh: --num-processes 2), and each of their
tests runs the real program, so two runners of half the processors each
fill the machine and no more. LIMBER_TEST_JOBS=1 runs every test in
turn, in the main thread. Tests marked @test(serial=True) run first, one
at a time, with nothing else of the runner running beside them; the
results are printed in the order written whatever order they end in.
"""
import concurrent.futures
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback

if len(sys.argv) < 3:
    sys.exit("usage: %s PATH-TO-LIMBER SOURCE-ROOT"
             % os.path.basename(sys.argv[0]))
LIMBER = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2])

JOBS_VARIABLE = "LIMBER_TEST_JOBS"

# The test clock (util/util.h, docs/testing.md): in a build configured
# with -Dtest_clock=true, as ./test.sh's are, LIMBER_TEST_CLOCK=N runs a
# guided session's clock N times faster. Tests that play whole sessions
# use FAST; those that a person would watch, or that measure time, run in
# real time. In a build without it the variable does nothing and the same
# tests pass, only slower.
FAST = 20


def clock_env(speed):
    """The environment for a session clock speed times real time."""
    return {"LIMBER_TEST_CLOCK": str(speed) if speed > 1 else None}


# ---------------------------------------------------------------- tests

class Test:
    """A registered test: its function, name and whether it runs alone."""

    def __init__(self, fn, name, serial):
        self.fn = fn
        self.name = name
        self.serial = serial


# The tests of each module, in the order written; main() runs those of
# the script that was started (__main__), so that a runner may import
# another's helpers (test_abuse.py uses test_api.py's Server) without
# running its tests.
_tests = {}


def test(fn=None, *, serial=False, name=None):
    """Register a test: @test, or @test(serial=True) for one that must run
    with no other test of its runner beside it. A test passes when it
    returns, and fails when it raises. name: the test's name, when it is
    not the function's (tests made in a loop)."""
    def register(f):
        _tests.setdefault(f.__module__, []).append(
            Test(f, name or f.__name__, serial))
        return f
    return register(fn) if fn is not None else register


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def expect_eq(got, want, what=""):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what, got, want))


class Skip(Exception):
    """A test that cannot run here, and why."""


def skip(why):
    raise Skip(why)


# ---------------------------------------------------------------- a home

class Home:
    """A temporary HOME with its XDG folders and a journal, removed by
    close() (or at the end of a with block).

    env() is the environment every run of limber gets: the caller's, less
    anything that would reach outside this home or change what limber
    prints (DROP, and every variable whose name starts with one of
    DROP_PREFIXES: XDG_*, LC_*), with HOME, the XDG
    folders, LANG=C.UTF-8 and ENV set. Home.ENV is the one place to add
    a variable for every test of every runner; a runner's own class
    adds to DROP and has an ENV of its own for its tests (test_remind.py:
    TZ=UTC), taken after Home's. With
    JOURNAL_ENV, LIMBER_JOURNAL names self.journal, a file in the home;
    without, limber finds its journal where it would for a user
    (XDG_DATA_HOME/limber/journal.db), and so does self.journal.
    """

    PREFIX = "limber-"
    DROP_PREFIXES = ("XDG_", "LC_")
    DROP = ("LIMBER_JOURNAL", "NO_COLOR", "TERM", "TMUX", "LANG",
            "LANGUAGE")
    ENV = {"LANG": "C.UTF-8"}
    JOURNAL_ENV = True
    TIMEOUT = 60        # seconds for one run() of limber

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix=self.PREFIX)
        self.data = os.path.join(self.dir, "data")
        # Where they would be with no XDG_CONFIG_HOME or XDG_STATE_HOME.
        self.config_home = os.path.join(self.dir, ".config")
        self.state_home = os.path.join(self.dir, ".local", "state")
        if self.JOURNAL_ENV:
            self.journal = os.path.join(self.dir, "journal.db")
        else:
            self.journal = os.path.join(self.data, "limber", "journal.db")
        self.procs = []     # killed by close() if still running

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def env(self, **extra):
        """The environment for limber; extra adds to it, and a value of
        None takes that variable out."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(self.DROP_PREFIXES) and
               k not in self.DROP}
        env.update(HOME=self.dir, XDG_DATA_HOME=self.data,
                   XDG_CONFIG_HOME=self.config_home,
                   XDG_STATE_HOME=self.state_home)
        if self.JOURNAL_ENV:
            env["LIMBER_JOURNAL"] = self.journal
        for cls in reversed(type(self).__mro__):
            env.update(cls.__dict__.get("ENV", {}))
        env.update(extra)
        return {k: v for k, v in env.items() if v is not None}

    def run(self, *args, stdin="", env=None, timeout=None, cwd=None,
            prog=None):
        """Run limber (or prog) with no terminal: (status, stdout,
        stderr), as UTF-8 text. env: the whole environment (default
        self.env())."""
        p = subprocess.run([prog or LIMBER, *args], input=stdin,
                           capture_output=True, encoding="utf-8",
                           env=env if env is not None else self.env(),
                           timeout=timeout or self.TIMEOUT, cwd=cwd)
        return p.returncode, p.stdout, p.stderr

    def ok(self, *args, **kw):
        """run(), which must succeed; its stdout."""
        rc, out, err = self.run(*args, **kw)
        expect_eq(rc, 0, "limber %s (%s)" % (" ".join(args), err.strip()))
        return out

    def history(self):
        """`limber history --json`, read."""
        rc, out, err = self.run("history", "--json")
        expect_eq(rc, 0, "limber history --json: " + err)
        return json.loads(out)


# ---------------------------------------------------------------- TAP

class Tap:
    """TAP version 14 on the standard output, one line at a time.

    main() uses it; a runner whose checks are steps of one story rather
    than tests of their own (test_diskfull.py) may use it directly, with
    the plan at the end: result() for each check, then end()."""

    def __init__(self, name, out=None):
        self.name = name
        self.out = out or sys.stdout
        self.n = self.passed = self.failed = self.skipped = 0
        self.planned = False
        self.line("TAP version 14")

    def line(self, text):
        self.out.write(text + "\n")
        self.out.flush()

    def comment(self, text):
        for line in text.rstrip("\n").split("\n"):
            self.line(("# " + line).rstrip())

    def plan(self, n, skip_why=None):
        self.planned = True
        self.line("1..%d" % n + (" # SKIP %s" % _one_line(skip_why)
                                 if skip_why else ""))

    def result(self, ok, name, diagnostics="", skip_why=None):
        self.n += 1
        if skip_why is not None:
            self.skipped += 1
            self.line("ok %d - %s # SKIP %s" % (self.n, _one_line(name),
                                               _one_line(skip_why)))
        else:
            if ok:
                self.passed += 1
            else:
                self.failed += 1
            self.line("%s %d - %s" % ("ok" if ok else "not ok", self.n,
                                      _one_line(name)))
        if diagnostics:
            self.comment(diagnostics)

    def end(self):
        """The plan if not given yet, the counts; the exit status."""
        if not self.planned:
            self.plan(self.n)
        self.comment("%s: %d passed, %d failed, %d skipped" % (
            self.name, self.passed, self.failed, self.skipped))
        return 1 if self.failed else 0


def _one_line(text):
    return " ".join(str(text).split())


def skip_all(name, why):
    """For a runner that can run nothing here: "1..0 # SKIP why"; the exit
    status (0)."""
    tap = Tap(name)
    tap.plan(0, why)
    tap.comment("%s: skipped: %s" % (name, _one_line(why)))
    return 0


def jobs():
    """How many tests at once (LIMBER_TEST_JOBS; see the top)."""
    v = os.environ.get(JOBS_VARIABLE, "").strip()
    if not v:
        return max(1, len(os.sched_getaffinity(0)) // 2)
    if not v.isdigit() or int(v) < 1:
        raise ValueError("%s must be a whole number from 1, not %r"
                         % (JOBS_VARIABLE, v))
    return int(v)


class _Captured:
    """sys.stdout while tests run: what a test's thread prints is kept
    for its result's diagnostics; anything else goes to stderr."""

    def __init__(self):
        self.local = threading.local()

    def write(self, text):
        buf = getattr(self.local, "buf", None)
        if buf is not None:
            buf.append(text)
        else:
            sys.stderr.write(text)
        return len(text)

    def flush(self):
        pass

    encoding = "utf-8"

    def fileno(self):
        return 2

    def isatty(self):
        return False


def _run_one(t, captured):
    """Run one test: (outcome, why, printed); outcome is ok, fail (why:
    the traceback) or skip (why: the reason)."""
    captured.local.buf = []
    start = time.monotonic()
    try:
        t.fn()
        outcome, why = "ok", ""
    except Skip as e:
        outcome, why = "skip", str(e)
    except BaseException as e:     # noqa: BLE001 - reported, not raised
        if isinstance(e, KeyboardInterrupt):
            raise
        tb = e.__traceback__.tb_next or e.__traceback__
        outcome = "fail"
        why = "".join(traceback.format_exception(type(e), e, tb))
    finally:
        # How long it took, for whoever makes the suite faster.
        printed = "".join(captured.local.buf) + "%.1f s\n" % (
            time.monotonic() - start)
        captured.local.buf = None
    return outcome, why, printed


def main(name, setup_check=None, module="__main__"):
    """Run the tests registered by module (the runner), print TAP, and
    return the exit status: 1 when any failed, else 0.

    setup_check: called first; it returns None to go on, or why nothing
    can run here (then "1..0 # SKIP why"), or raises for a setup that is
    broken (then "Bail out!" and status 1)."""
    # TAP on a descriptor of its own; fd 1 (children's stdout) to stderr.
    sys.stdout.flush()
    out = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    tests = _tests.get(module, [])
    tap = Tap(name, out)
    try:
        n = jobs()
    except ValueError as e:
        tap.line("Bail out! %s" % e)
        return 1
    if setup_check is not None:
        try:
            why = setup_check()
        except Exception as e:     # noqa: BLE001 - reported
            tap.line("Bail out! %s" % _one_line(e))
            return 1
        if why:
            tap.plan(0, why)
            tap.comment("%s: skipped: %s" % (name, _one_line(why)))
            return 0
    tap.plan(len(tests))
    tap.comment("%s: %d tests, at most %d at once (%s)" % (
        name, len(tests), n, JOBS_VARIABLE))

    captured = _Captured()
    real_stdout, sys.stdout = sys.stdout, captured
    results = [None] * len(tests)
    shown = 0
    lock = threading.Lock()

    def done(i, result):
        nonlocal shown
        with lock:
            results[i] = result
            while shown < len(tests) and results[shown] is not None:
                outcome, why, printed = results[shown]
                t = tests[shown]
                diag = printed + (why if outcome == "fail" else "")
                if outcome == "fail":
                    # For meson's --print-errorlogs, which shows stderr.
                    sys.stderr.write("not ok %d - %s\n%s\n" % (
                        shown + 1, t.name, diag))
                    sys.stderr.flush()
                tap.result(outcome == "ok", t.name, diag,
                           why if outcome == "skip" else None)
                shown += 1

    try:
        serial = [i for i, t in enumerate(tests) if t.serial]
        rest = [i for i, t in enumerate(tests) if not t.serial]
        for i in serial:
            done(i, _run_one(tests[i], captured))
        if n == 1 or len(rest) <= 1:
            for i in rest:
                done(i, _run_one(tests[i], captured))
        else:
            with concurrent.futures.ThreadPoolExecutor(n) as pool:
                futures = {pool.submit(_run_one, tests[i], captured): i
                           for i in rest}
                for f in concurrent.futures.as_completed(futures):
                    done(futures[f], f.result())
    finally:
        sys.stdout = real_stdout
    return tap.end()


def weeks_of_sessions(h, befores):
    """A journal export, written in h, of one session every 3 or 4 days
    over the last 5 weeks (two a week), the oldest first, with these
    "before" scores; returns its path, for `limber import`."""
    rc, _, _ = h.run("start", "--plain", "--pain", "3", "--area", "lower",
                     "--minutes", "1", stdin="go\nq\n")
    rc, out, _ = h.run("export", "--format", "json")
    d = json.loads(out)
    one = d["sessions"][-1]
    now = datetime.datetime.now(datetime.timezone.utc)
    fmt = "%Y-%m-%dT%H:%M:%SZ"

    def shift(x, when):
        if isinstance(x, dict):
            return {k: shift(v, when) for k, v in x.items()}
        if isinstance(x, list):
            return [shift(v, when) for v in x]
        if isinstance(x, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:]{8}Z", x):
            return when.strftime(fmt)
        return x
    sessions = []
    for i, before in enumerate(befores):
        days = 1 + 3.5 * (len(befores) - 1 - i)
        s = shift(one, now - datetime.timedelta(days=days))
        for p in s["pain"]:
            p["value"] = before
        s["screening"] = None
        sessions.append(s)
    d["sessions"] = sessions
    d["screenings"] = []
    path = h.path("weeks.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(d, f)
    return path
