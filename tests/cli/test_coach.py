#!/usr/bin/env python3
"""Black-box tests of the guided session: `limber start` and `limber` alone.

Each test runs the real program in a fresh temporary HOME, XDG_DATA_HOME
and journal, with a catalog of fast stretches in the user's folder: four
of the built-in stretches, each cut to one movement step and its hold, of
1 second each (or a few, where a person has to see the screen), with one
repetition and no rest. Being short, they come first in their area's
plan; the rest of the catalog keeps its length, and a test that follows
a whole session reads the plan (`limber plan --json`) to know what comes.
The product has no test-only code path.

Plain mode is driven through pipes, word by word, as a script would. The
full-screen coach is driven in tmux (send-keys, capture-pane), and raw
bytes are read through a pseudo-terminal. Most of a test's time is spent
waiting for the session's clock, so the tests run side by side, as many
at once as LIMBER_TEST_JOBS allows (harness.py); the one that measures
the rest between repetitions runs first, alone. The results are TAP, in
the order written (harness.py); without tmux the runner bails out.

usage: test_coach.py PATH-TO-LIMBER SOURCE-ROOT
"""
import calendar
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time

import harness
from harness import LIMBER, expect, expect_eq, test

IDS = ["childs-pose", "neck-rolls", "pelvic-tilt", "seated-spinal-twist"]
CUE = re.compile(r"^(\d\d+):(\d\d) ([A-Z][A-Z-]*) (.*)$")
TMUX = shutil.which("tmux")


# ---------------------------------------------------------------- setup

_builtin = {}
_builtin_lock = threading.Lock()


def builtin(i):
    with _builtin_lock:
        if i not in _builtin:
            with harness.Home() as h:
                _builtin[i] = json.loads(h.ok("show", i, "--json"))
        return json.loads(json.dumps(_builtin[i]))


def fast(stretch, step_s, hold_s):
    """A stretch cut to its first movement step and its hold."""
    def cut(steps):
        move = [dict(s, seconds=step_s) for s in steps if not s.get("hold")]
        hold = [s for s in steps if s.get("hold")]
        return move[:1] + hold[:1]
    stretch["steps"] = cut(stretch["steps"])
    for v in stretch.get("variants", []):
        v["steps"] = cut(v["steps"])
    stretch["dose"] = {"reps": {"start": 1, "min": 1, "max": 2},
                       "hold_s": {"start": hold_s, "min": 1, "max": 30},
                       "rest_s": {"start": 0, "min": 0, "max": 30}}
    return stretch


class Home(harness.Home):
    """harness.Home (HOME, data folder, journal in LIMBER_JOURNAL) with a
    fast catalog in the user's stretch folder, and the session's clock
    run harness.FAST times faster (the test clock) unless clock=1: the
    tests that a person watches on a screen, and those that measure time,
    run in real time."""

    PREFIX = "limber-coach-"

    def __init__(self, step_s=1, hold_s=1, clock=None):
        super().__init__()
        self.clock = harness.FAST if clock is None else clock
        folder = os.path.join(self.data, "limber", "stretches")
        os.makedirs(folder)
        for i in IDS:
            with open(os.path.join(folder, i + ".json"), "w") as f:
                json.dump(fast(builtin(i), step_s, hold_s), f)

    def env(self, **extra):
        return super().env(**harness.clock_env(self.clock), **extra)

    def session(self):
        sessions = self.history()["sessions"]
        expect(sessions, "no session in the journal")
        return sessions[-1]

    def nothing_due(self):
        """The questions on how it is going (PEG-3 and the activities'
        scores), which `limber start` asks on a terminal when they are due,
        answered by hand now, so that a test about the session meets none
        of them; tests of the questions themselves leave them due."""
        if not getattr(self, "_measured", False):
            self.ok("log", "--peg", "2,2,2", "--psfs", "walking=8")
            self._measured = True


class Plain:
    """`limber start` on pipes: cue lines read as they come, words sent."""

    def __init__(self, home, *args):
        self.p = subprocess.Popen([LIMBER, "start", *args], env=home.env(),
                                  stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.out = b""
        self.lines = []      # (arrival time, line) of every line read
        self.seen = 0        # lines already matched by expect()

    def _read(self, timeout):
        r, _, _ = select.select([self.p.stdout], [], [], timeout)
        if not r:
            return True
        data = os.read(self.p.stdout.fileno(), 65536)
        if not data:
            return False
        self.out += data
        now = time.monotonic()
        text = self.out.decode("utf-8", "replace")
        done = text.rsplit("\n", 1)[0] if "\n" in text else ""
        for line in done.split("\n")[len(self.lines):] if done else []:
            self.lines.append((now, line))
        return True

    def expect(self, kind, timeout=30):
        """Wait for the next cue line of kind; returns its text."""
        end = time.monotonic() + timeout
        while True:
            while self.seen < len(self.lines):
                line = self.lines[self.seen][1]
                self.seen += 1
                m = CUE.match(line)
                if m and m.group(3) == kind:
                    return m.group(4)
            left = end - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError("waited for %s; output:\n%s" % (
                    kind, self.out.decode("utf-8", "replace")[-1500:]))

    def send(self, word):
        self.p.stdin.write((word + "\n").encode())
        self.p.stdin.flush()

    def close_stdin(self):
        self.p.stdin.close()

    def wait(self, timeout=20):
        while self._read(timeout):
            if self.p.poll() is not None and not select.select(
                    [self.p.stdout], [], [], 0)[0]:
                break
        rc = self.p.wait(timeout)
        self.err = self.p.stderr.read().decode("utf-8", "replace")
        for f in (self.p.stdout, self.p.stderr):
            f.close()
        if not self.p.stdin.closed:
            try:
                self.p.stdin.close()
            except BrokenPipeError:
                pass
        return rc

    def cues(self):
        return [CUE.match(l).groups() for _, l in self.lines if CUE.match(l)]


START_ARGS = ("--pain", "2", "--area", "upper", "--minutes", "1")


def start_plain(home, *extra):
    return Plain(home, *START_ARGS, *extra)


# ---------------------------------------------------------------- plain

@test
def plain_session_runs_to_done_and_is_recorded():
    h = Home()
    try:
        # What the session goes through is the plan, round after round:
        # a check-in after every stretch, the last one the final one.
        plan = json.loads(h.ok("plan", "--json", *START_ARGS))
        order = [i["stretch"] for _ in range(plan["rounds"])
                 for i in plan["items"]]
        expect(len(order) > 1, "a plan of more than one stretch: %r" % order)
        s = start_plain(h)
        s.expect("CHECKLIST")
        s.send("go")
        for _ in order[:-1]:
            expect("last stretch" not in s.expect("CHECKIN"),
                   "a check-in before the last stretch")
            s.send("2")
        expect("last stretch" in s.expect("CHECKIN"), "the final check-in")
        s.send("1")
        done = s.expect("DONE")
        rc = s.wait()
        expect_eq(rc, 0, "exit status; stderr: " + s.err)
        expect("end of the routine" in done, done)

        # Every line after the plan is a cue with its time, in order, and
        # nothing on the way out is an escape code.
        expect(b"\x1b" not in s.out and b"\x07" not in s.out, "escape codes")
        text = s.out.decode()
        body = text[text.index("00:00 "):]
        times = []
        for line in body.splitlines():
            m = CUE.match(line)
            expect(m, "not a cue line: %r" % line)
            times.append(int(m.group(1)) * 60 + int(m.group(2)))
        expect(times == sorted(times), "times go backwards")
        kinds = [c[2] for c in s.cues()]
        for k in ["PAIN", "CHECKLIST", "INTRO", "STEP", "HOLD-START",
                  "HOLD-END", "STRETCH-DONE", "CHECKIN", "REST", "NEXT",
                  "DONE"]:
            expect(k in kinds, "no %s line" % k)
        expect_eq(kinds.count("INTRO"), len(order), "stretches introduced")

        sess = h.session()
        expect_eq(sess["state"], "done", "state")
        expect_eq(sess["reason"], None, "reason")
        expect_eq([x["stretch"] for x in sess["stretches"]], order,
                  "stretches")
        expect(not any(x["skipped"] for x in sess["stretches"]), "skipped")
        expect_eq([(p["kind"], p["value"]) for p in sess["pain"]],
                  [("before", 2)] + [("during", 2)] * (len(order) - 1) +
                  [("after", 1)], "pain scores")
        # Every step shown (a movement or a hold) was gone through; the
        # journal counts them from 0.
        expect_eq(sess["last_step"],
                  kinds.count("STEP") + kinds.count("HOLD-START") - 1,
                  "last step")
        expect_eq(h.history()["screenings"][-1]["verdict"], "go",
                  "the check is recorded")
    finally:
        h.close()


# The rest between repetitions, measured by the wall clock.
@test
def cues_come_in_order_with_the_rest_between_repetitions():
    # The order and spacing of a stretch's cues, as printed. How close to
    # its due time each cue comes out is measured by bench/cues.py, not
    # here: a timed test would fail on a busy machine for no fault of limber.
    # In real time: it proves the clock the others run faster.
    h = Home(clock=1)
    try:
        nr = fast(builtin("neck-rolls"), 1, 1)
        nr["dose"]["reps"] = {"start": 2, "min": 2, "max": 2}
        nr["dose"]["rest_s"] = {"start": 4, "min": 4, "max": 4}
        with open(os.path.join(h.data, "limber", "stretches",
                               "neck-rolls.json"), "w") as f:
            json.dump(nr, f)
        s = start_plain(h)
        s.expect("CHECKLIST")
        s.send("go")
        s.expect("CHECKIN")
        s.send("q")
        s.wait()
        seen = []
        for t, line in s.lines:
            m = CUE.match(line)
            if m and m.group(3) in ("STEP", "HOLD-START", "REST"):
                seen.append((m.group(3), int(m.group(1)) * 60 + int(m.group(2)), t))
        # STEP, HOLD-START, REST (4 s), STEP, HOLD-START: 1 s apart but
        # for the rest, by the printed due times and roughly by the clock.
        expect_eq([k for k, _, _ in seen], ["STEP", "HOLD-START", "REST",
                                            "STEP", "HOLD-START"], "cues")
        expect_eq([seen[i + 1][1] - seen[i][1] for i in range(4)], [1, 1, 4, 1],
                  "due times")
        # A lower bound, which no load on the machine can break.
        expect(seen[4][2] - seen[0][2] >= 6.5, "the rest was not waited out")
    finally:
        h.close()


@test
def checkin_pain_of_6_stops_the_session():
    h = Home()
    try:
        s = start_plain(h)
        s.send("go")
        s.expect("CHECKIN")
        s.send("6")
        text = s.expect("STOPPED")
        rc = s.wait()
        expect_eq(rc, 4, "exit status")
        expect("6 out of 10" in text, text)
        kinds = [c[2] for c in s.cues()]
        expect("REST" not in kinds[kinds.index("CHECKIN"):], "went on")
        sess = h.session()
        expect_eq(sess["state"], "stopped", "state")
        expect(sess["reason"].startswith("pain-high: "), sess["reason"])
        expect_eq([p["value"] for p in sess["pain"]], [2, 6], "scores")
    finally:
        h.close()


@test
def bang_stops_at_once():
    h = Home(step_s=5, hold_s=5)
    try:
        s = start_plain(h)
        s.send("go")
        s.expect("STEP", timeout=10)
        sent = time.monotonic()
        s.send("!")
        text = s.expect("STOPPED", timeout=2)
        expect(time.monotonic() - sent < 1, "not at once")
        rc = s.wait()
        expect_eq(rc, 4, "exit status")
        expect("Stop now" in text, text)
        sess = h.session()
        expect_eq(sess["state"], "stopped", "state")
        expect(sess["reason"].startswith("warning: "), sess["reason"])
    finally:
        h.close()


@test
def bang_at_the_checklist_is_journalled_and_holds_the_day():
    """docs/safety.md: the warning is journalled in every phase, the
    checklist included; no new session, plan, handout or audio starts for
    the rest of that day, and the reason is said in plain words."""
    h = Home()
    try:
        s = start_plain(h)
        s.expect("CHECKLIST")
        s.send("!")
        text = s.expect("STOPPED", timeout=5)
        expect_eq(s.wait(), 4, "exit status")
        expect("Stop now" in text, text)
        sessions = h.history()["sessions"]
        expect_eq(len(sessions), 1, "sessions journalled")
        expect_eq(sessions[0]["state"], "stopped", "state")
        expect(sessions[0]["reason"].startswith("warning: "),
               sessions[0]["reason"])
        runs = [["start", "--pain", "2", "--area", "upper", "--plain"],
                ["plan", "--area", "upper"],
                ["handout", "--area", "upper", "--out", h.path("h.pdf")]]
        if "voice" in h.ok("--version"):
            runs.append(["audio", "--area", "upper", "--out", h.path("a.wav")])
        for args in runs:
            rc, out, _ = h.run(*args, stdin="")
            words = " ".join(out.split())
            expect_eq(rc, 3, args[0] + " on a held day")
            expect("stopped on a warning sign" in words, words)
            expect("No new session starts today" in words, words)
            expect("call your local emergency number" in words, words)
        expect(not os.path.exists(h.path("h.pdf")), "a handout was written")
        rc, out, _ = h.run("plan", "--area", "upper", "--json")
        expect_eq((rc, json.loads(out)["held"]), (3, "warning"), "plan --json")
    finally:
        h.close()


@test
def two_warning_stops_within_7_days_send_to_a_clinician():
    """A warning stop counts as a worse session: one two days ago (from
    an exported journal, moved back) and one today give see-clinician."""
    h = Home()
    try:
        s = start_plain(h)
        s.expect("CHECKLIST")
        s.send("!")
        s.expect("STOPPED", timeout=5)
        expect_eq(s.wait(), 4, "exit status")
        doc = json.loads(h.ok("export", "--format", "json"))
        back = lambda t: time.strftime(
            "%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(
                time.strptime(t, "%Y-%m-%dT%H:%M:%SZ")) - 2 * 86400))
        for sess in doc["sessions"]:
            for k in ("started", "ended"):
                if sess.get(k):
                    sess[k] = back(sess[k])
            for p in sess["pain"]:
                p["at"] = back(p["at"])
        doc["screenings"] = []
        for sess in doc["sessions"]:
            sess["screening"] = None
        h2 = Home()
        try:
            path = h2.path("in.json")
            with open(path, "w") as f:
                json.dump(doc, f)
            h2.ok("import", path)
            rc, out, _ = h2.run("check", "--pain", "2", "--area", "upper",
                                "--json")
            expect_eq((rc, json.loads(out)["verdict"]), (0, "go"),
                      "one warning stop, two days ago")
            s = start_plain(h2)
            s.send("y")          # the next-day check of the older session
            s.expect("CHECKLIST")
            s.send("!")
            s.expect("STOPPED", timeout=5)
            expect_eq(s.wait(), 4, "exit status")
            rc, out, _ = h2.run("check", "--pain", "2", "--area", "upper",
                                "--json")
            v = json.loads(out)
            expect_eq((rc, v["verdict"]), (3, "see-clinician"),
                      "two warning stops")
            expect("worse-after-sessions" in [r["id"] for r in v["reasons"]],
                   v["reasons"])
        finally:
            h2.close()
    finally:
        h.close()


@test
def final_checkin_of_6_gets_the_stop_rule_advice():
    """A last score above 5 ends with the stop rules' advice."""
    h = Home()
    try:
        s = start_plain(h)
        s.send("go")
        while True:
            text = s.expect("CHECKIN")
            if "last stretch" in text:
                s.send("6")
                break
            s.send("2")
        done = s.expect("DONE")
        expect_eq(s.wait(), 0, "exit status; stderr: " + s.err)
        expect("Above 5" in done, done)
        expect("Do not stretch again today" in done, done)
        expect("doctor or physiotherapist" in done, done)
    finally:
        h.close()


@test
def q_stops_and_skip_marks_the_stretch_skipped():
    h = Home(step_s=5, hold_s=5)
    try:
        s = start_plain(h)
        s.send("go")
        s.expect("INTRO")
        s.send("n")
        s.expect("SKIPPED", timeout=2)
        s.expect("CHECKIN", timeout=2)
        s.send("n")              # no answer: go on
        s.expect("REST")
        s.send("q")
        s.expect("STOPPED", timeout=2)
        rc = s.wait()
        expect_eq(rc, 4, "exit status")
        sess = h.session()
        expect_eq(sess["state"], "stopped", "state")
        expect(sess["reason"].startswith("user: "), sess["reason"])
        # Read by a person, the reason is in words, not the engine's name.
        out = " ".join(h.ok("history").split())
        expect("You stopped it." in out and "user:" not in out, out)
        expect_eq([(x["stretch"], x["skipped"]) for x in sess["stretches"]],
                  [("neck-rolls", True)], "stretches")
        expect_eq(sess["last_step"], -1, "no step completed")
    finally:
        h.close()


@test
def end_of_input_stops_at_the_check_in():
    # Nobody can answer the check-in, so the session stops there.
    h = Home()
    try:
        s = start_plain(h)
        s.send("go")
        s.close_stdin()
        s.expect("CHECKIN")
        s.expect("STOPPED", timeout=2)
        rc = s.wait()
        expect_eq(rc, 4, "exit status")
        expect("no answer at a check-in" in s.err, s.err)
        sess = h.session()
        expect_eq(sess["state"], "stopped", "state")
        expect_eq(sess["reason"], "interrupted: no answer at a check-in: "
                  "the input ended", "reason")
        expect_eq(len(sess["stretches"]), 1, "the stretch before it")
    finally:
        h.close()


@test
def check_is_asked_before_every_session_keeping_slow_answers():
    # docs/safety.md, "Asked before every session".
    h = Home()
    try:
        # A check for the neck and upper back, then nothing started.
        rc, out, _ = h.run("start", "--pain", "2", "--area", "upper",
                           "--yes", "knee-problem", "--yes", "lifting-strain",
                           stdin="q\n")
        expect_eq(rc, 4, "first run")
        expect_eq(len(h.history()["screenings"]), 1, "screenings")

        # Later the same day: the questions are asked again, so a script
        # with no answers cannot start a session.
        rc, out, err = h.run("start", "--minutes", "1", stdin="3\nq\n")
        expect_eq(rc, 2, "second run without answers: " + err)
        expect("before every session" in err, err)
        expect_eq(len(h.history()["screenings"]), 1, "recorded")

        # With today's answers: the knee problem (slow to change) is kept,
        # the lifting strain is not; a new check is recorded.
        rc, out, err = h.run("start", "--minutes", "1", "--pain", "3",
                             stdin="q\n")
        expect_eq(rc, 4, "second run: " + err)
        expect("still hold" in out, out[:600])
        screenings = h.history()["screenings"]
        expect_eq(len(screenings), 2, "recorded again")
        expect_eq((screenings[-1]["pain"], screenings[-1]["yes"]),
                  (3, ["knee-problem"]), "the new check")

        # An emergency sign today blocks, whatever was said before.
        rc, out, _ = h.run("start", "--pain", "2", "--area", "upper",
                           "--yes", "neck-stroke-signs", stdin="q\n")
        expect_eq(rc, 3, "emergency")
        expect("EMERGENCY" in out, out[:400])
    finally:
        h.close()


@test
def sigterm_mid_session_is_recorded_stopped():
    h = Home(step_s=5, hold_s=5)
    try:
        s = start_plain(h)
        s.send("go")
        s.expect("STEP", timeout=10)
        s.p.send_signal(signal.SIGTERM)
        s.expect("STOPPED", timeout=3)
        rc = s.wait()
        expect_eq(rc, 128 + signal.SIGTERM, "exit status")
        sess = h.session()
        expect_eq(sess["state"], "stopped", "state")
        expect_eq(sess["reason"], "interrupted: ended by the system "
                  "(SIGTERM)", "reason")
    finally:
        h.close()


@test
def kill_9_leaves_it_interrupted_at_its_last_step():
    # The hold lasts 30 s of session time, 6 s on this clock: the kill
    # comes well inside it, however busy the machine.
    h = Home(step_s=1, hold_s=30, clock=5)
    try:
        s = start_plain(h)
        s.send("go")
        s.expect("CHECKIN")
        s.send("2")
        s.expect("INTRO")
        s.expect("HOLD-START")   # the second round's first step is done
        # A cue is shown, then recorded: wait until the journal has it.
        end = time.monotonic() + 20
        while h.session()["last_step"] < 2:
            expect(time.monotonic() < end, "the step was never recorded")
            time.sleep(0.05)
        s.p.kill()
        s.wait()
        # The next run (here: history) finds its process gone.
        sess = h.session()
        expect_eq(sess["state"], "interrupted", "state")
        expect_eq(sess["last_step"], 2, "last completed step")
        expect_eq([x["stretch"] for x in sess["stretches"]], ["neck-rolls"],
                  "the stretch before")
        expect_eq([(p["kind"], p["value"]) for p in sess["pain"]],
                  [("before", 2), ("during", 2)], "the scores before")
        expect_eq(len(h.history()["screenings"]), 1, "the check before")
        rc, out, _ = h.run("history")
        expect("interrupted after 3 steps" in " ".join(out.split()), out)
    finally:
        h.close()


def integrity_ok(path):
    """SQLite's own check of the whole journal file."""
    import sqlite3
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()


# Each phase of a session, how to reach it, and what the journal holds
# after a kill -9 there: (cue to kill at, its nth time, the state). The
# journal keeps the score before and every score given at a check-in
# before the kill: "3" at each one, the last one the score after. Plans
# are for one minute, which the full-length exercises of the lower back
# do not fit in, so that each phase comes within a second or so; the
# lower back's plan has a stretch done on both sides (SWITCH); the upper
# one is the shorter way to the end.
KILL_PHASES = [
    ("prepare", "lower", "CHECKLIST", 1, None),
    ("intro", "lower", "INTRO", 1, "interrupted"),
    ("step", "lower", "STEP", 1, "interrupted"),
    ("hold", "lower", "HOLD-START", 1, "interrupted"),
    ("switch", "lower", "SWITCH", 1, "interrupted"),
    ("checkin", "lower", "CHECKIN", 1, "interrupted"),
    ("after a score", "lower", "PAIN", 2, "interrupted"),
    ("rest", "lower", "REST", 1, "interrupted"),
    ("paused", "lower", "PAUSED", 1, "interrupted"),
    ("stopped", "lower", "STOPPED", 1, "stopped"),
    ("done", "upper", "DONE", 1, "done"),
]


def kill_at(name, area, cue, nth, state):
    def run():
        h = Home()
        try:
            s = Plain(h, "--pain", "2", "--area", area, "--minutes", "1")
            seen = 0
            scores = [("before", 2)]
            while True:
                kind = None
                end = time.monotonic() + 40
                while kind is None:
                    while s.seen < len(s.lines):
                        m = CUE.match(s.lines[s.seen][1])
                        s.seen += 1
                        if m:
                            kind, text = m.group(3), m.group(4)
                            break
                    if kind is None:
                        left = end - time.monotonic()
                        expect(left > 0 and s._read(left),
                               "no cue %s; output:\n%s" % (
                                   cue, s.out.decode()[-800:]))
                if kind == cue:
                    seen += 1
                    if seen == nth:
                        break
                if kind == "CHECKLIST" and cue != "CHECKLIST":
                    s.send("go")
                elif kind == "CHECKIN" and cue != "CHECKIN":
                    s.send("3")
                    scores.append(("after" if "last stretch" in text
                                   else "during", 3))
                elif kind == "STEP" and cue == "PAUSED":
                    s.send("pause")
                elif kind == "STEP" and cue == "STOPPED":
                    s.send("q")
            s.p.kill()
            s.wait()
            if cue in ("PAIN", "REST", "DONE"):
                # These come after a check-in, so a score given must be
                # kept; at the end, the score after.
                expect(len(scores) > 1, "no check-in before %s" % cue)
            if cue == "DONE":
                expect_eq(scores[-1][0], "after", "the last score")
            expect(integrity_ok(h.journal), "integrity check")
            hist = h.history()
            expect_eq(len(hist["screenings"]), 1, "the check before")
            if state is None:
                # Nothing is recorded before the person begins.
                expect_eq(hist["sessions"], [], "sessions")
                return
            sess = hist["sessions"][-1]
            expect_eq(sess["state"], state, "state")
            expect_eq([(p["kind"], p["value"]) for p in sess["pain"]],
                      scores, "the scores before the kill")
            # The person is told: the next run shows what happened.
            rc, out, _ = h.run("history")
            expect_eq(rc, 0, "limber history")
            if state == "interrupted":
                expect("interrupted" in out, out)
        finally:
            h.close()
    run.__name__ = "kill_9_at_%s_keeps_the_journal" % name.replace(" ", "_")
    return run


for _phase in KILL_PHASES:
    test(kill_at(*_phase))


# ---------------------------------------------------------------- terminal


def silent(home):
    """The environment of a machine without a sound device (an ALSA
    configuration with none), as CI machines are: the full screen's voice,
    on by default, stays quiet and leaves the session its planned times,
    which these tests wait for. A heard session is paced by its words
    (docs/voice.md); test_voice.py checks that."""
    conf = home.path("no-sound.conf")
    if not os.path.exists(conf):
        with open(conf, "w") as f:
            f.write("# no devices\n")
    return {"ALSA_CONFIG_PATH": conf}

class Tmux:
    """A shell in a detached tmux of 80x24 (or size), on its own server."""

    def __init__(self, home, size=(80, 24), **env):
        home.nothing_due()
        self.sock = "limber-coach-%d-%d" % (os.getpid(), id(self))
        e = home.env(PS1="$ ", **dict(silent(home), **env))
        e.pop("TERM", None)
        self.env = e
        self.tmux("-u", "new-session", "-d", "-x", str(size[0]), "-y",
                  str(size[1]), "-s", "t", "sh")
        self.tmux("set-option", "-t", "t", "status", "off")

    def tmux(self, *args):
        return subprocess.run([TMUX, "-L", self.sock, *args], env=self.env,
                              capture_output=True, text=True, timeout=10,
                              check=True).stdout

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "t", *keys)

    def type(self, text):
        self.tmux("send-keys", "-t", "t", "-l", text)
        self.keys("Enter")

    def screen(self, escapes=False):
        args = ["capture-pane", "-p", "-t", "t"] + (["-e"] if escapes else [])
        return self.tmux(*args)

    def wait_for(self, *texts, timeout=10, until=None):
        """The screen once it shows every one of texts (and until(screen)
        holds, when given) in a whole frame: the same in two captures in
        a row, so that a frame half drawn is never read."""
        end = time.monotonic() + timeout
        last = None
        while True:
            scr = self.screen()
            if (scr == last and all(t in scr for t in texts) and
                    (until is None or until(scr))):
                return scr
            if time.monotonic() > end:
                raise AssertionError("waited for %r; screen:\n%s" % (
                    texts, scr))
            last = scr
            time.sleep(0.05)

    def limber_pid(self):
        shell = int(self.tmux("display-message", "-p", "-t", "t",
                              "#{pane_pid}").strip())
        with open("/proc/%d/task/%d/children" % (shell, shell)) as f:
            kids = f.read().split()
        expect(kids, "limber is not running")
        return int(kids[0])

    def close(self):
        subprocess.run([TMUX, "-L", self.sock, "kill-server"], env=self.env,
                       capture_output=True)


def countdown_rows(screen):
    rows = screen.splitlines()
    return [r for r in rows if "██" in r and "░" not in r]


@test
def terminal_screen_pause_resize_and_quit():
    h = Home(step_s=4, hold_s=4, clock=1)
    t = None
    try:
        # Today's answers as options (the questions themselves are
        # tests/cli/test_cli.py's).
        t = Tmux(h)
        t.type("%s start --minutes 1 --pain 2 --area upper; echo status=$?"
               % LIMBER)
        t.wait_for("guided session")
        t.keys("Enter")
        scr = t.wait_for("Get your space ready")
        expect("space" in scr and "begin" in scr, scr)
        t.keys("Space")
        scr = t.wait_for("COMING UP", "Neck rolls", "seconds to get ready",
                         "Next:", " of ", "░", "pause", "skip", "stop",
                         "sharp pain, numbness or dizziness",
                         until=countdown_rows)

        # Space pauses: the countdown stands still, for as long as we look.
        t.keys("Space")
        paused = t.wait_for("PAUSED", "space to carry on")
        time.sleep(2)
        later = t.screen()
        expect_eq(countdown_rows(later), countdown_rows(paused),
                  "countdown while paused")
        expect("space to carry on" in later, later)
        t.keys("Space")
        step = builtin("neck-rolls")["steps"][0]["text"]
        words = " ".join(step.split()[:6])
        # The step's text, and its figure in braille beside the countdown.
        scr = t.wait_for("MOVE", timeout=8, until=lambda scr: (
            words in " ".join(scr.split()) and
            any(0x2800 <= ord(ch) <= 0x28ff for ch in scr)))

        # A smaller window: drawn again to fit, nothing left over.
        t.tmux("resize-window", "-t", "t", "-x", "60", "-y", "20")
        scr = t.wait_for(until=lambda scr: len(scr.split("\n")) >= 20 and
                         all(len(r) <= 60 for r in scr.split("\n")) and
                         "Stretch 1 of 1" in scr.split("\n")[0])
        rows = scr.split("\n")
        expect(all(len(r) <= 60 for r in rows), "wider than 60:\n" + scr)
        expect("limber" in rows[0] and "Stretch 1 of 1" in rows[0], scr)
        expect("q stop" in rows[19] or "stop" in rows[19], scr)
        expect("MOVE" in scr or "HOLD" in scr, scr)

        # q: the normal screen comes back, with the shell's prompt.
        t.keys("q")
        scr = t.wait_for("status=4")
        expect("Get your space ready" not in scr and "░" not in scr,
               "the session's screen was left:\n" + scr)
        expect("You stopped the session" in " ".join(scr.split()), scr)
        expect("Plan:" in t.tmux("capture-pane", "-p", "-t", "t", "-S",
                                 "-100"), "the plan above")
        sess = h.session()
        expect_eq(sess["state"], "stopped", "state")
        expect_eq(sess["screening"], 0, "follows the earlier check")
    finally:
        if t:
            t.close()
        h.close()


def braille(ch):
    return 0x2801 <= ord(ch) <= 0x28ff


def figure_box(screen):
    """The rows (1-based) and columns the braille figure takes on screen:
    (first row, last row, first column, last column), or None."""
    cells = [(r, c) for r, line in enumerate(screen.split("\n"), 1)
             for c, ch in enumerate(line) if braille(ch)]
    if not cells:
        return None
    rows = [r for r, _ in cells]
    cols = [c for _, c in cells]
    return min(rows), max(rows), min(cols), max(cols)


def words_beside(screen, box):
    """The words left of the figure, in reading order, as one line."""
    return " ".join(" ".join(r[:box[2]].split())
                    for r in screen.split("\n")).split()


@test
def terminal_figure_takes_the_room_it_needs():
    # The same moments (the first stretch's introduction and its first
    # step, paused) on three terminals: the figure takes the right-hand
    # side from the stretch's name down to the rule over the keys, and on
    # 100x30 and larger at least two thirds of the screen's height and two
    # fifths of its width, while the words left of it (name, phase, the
    # step's words, the countdown, the bar, what comes next) and the keys
    # are all there, none cut short.
    # The introduction says the name and how many times (the summary
    # would not fit its 5 s when said).
    intro = (builtin("neck-rolls")["name"] + ".").split()
    step = builtin("neck-rolls")["steps"][0]["text"].split()
    boxes = {}
    for size in [(80, 24), (100, 30), (160, 50)]:
        h = Home(step_s=5, hold_s=5, clock=1)
        t = None
        try:
            t = Tmux(h, size=size)
            t.type("%s start --minutes 1 --pain 2 --area upper; "
                   "echo status=$?" % LIMBER)
            t.wait_for("guided session")
            t.keys("Enter")
            t.wait_for("Get your space ready")
            t.keys("Space")
            t.wait_for("COMING UP")
            t.keys("Space")
            shots = [("intro", intro, "Next: " + " ".join(step),
                      t.wait_for("PAUSED", "space to carry on",
                                 until=figure_box))]
            t.keys("Space")
            t.wait_for("MOVE", timeout=10)
            t.keys("Space")
            shots.append(("step", step, "Next: ",
                          t.wait_for("PAUSED", "space to carry on",
                                     until=figure_box)))
            for moment, body, nxt, scr in shots:
                what = "%dx%d, %s" % (size + (moment,))
                box = figure_box(scr)
                rows = scr.split("\n")
                expect(box[0] >= 4 and box[1] <= size[1] - 2,
                       "%s: the figure in rows %d to %d:\n%s"
                       % (what, box[0], box[1], scr))
                expect("…" not in scr, what + ": words cut short:\n" + scr)
                # The words keep a column clear of the figure: nothing
                # else in its rows from a column before it.
                for r in rows[box[0] - 1:box[1]]:
                    expect(all(braille(ch) or ch == " "
                               for ch in r[box[2] - 1:]),
                           "%s: words run into the figure:\n%s" % (what, scr))
                words = " ".join(words_beside(scr, box))
                for part in [builtin("neck-rolls")["name"], "PAUSED",
                             " ".join(body), "seconds",
                             "paused: space to carry on", " of ", nxt]:
                    expect(part in words, "%s: %r is not shown:\n%s"
                           % (what, part, scr))
                expect(any("░" in r for r in rows[box[0] - 1:box[1]]),
                       what + ": no progress bar beside the figure")
                keys = rows[size[1] - 1]
                for k in ["space carry on", "skip", "stop",
                          "! sharp pain, numbness or dizziness"]:
                    expect(k in keys, "%s: no %r in %r" % (what, k, keys))
                high, wide = box[1] - box[0] + 1, box[3] - box[2] + 1
                print("%s: the figure %d rows by %d columns" % (
                    what, high, wide))
                if size[0] >= 100:
                    expect(high * 3 >= size[1] * 2 and wide * 5 >= size[0] * 2,
                           "%s: the figure is %d rows by %d columns:\n%s"
                           % (what, high, wide, scr))
                boxes[size, moment] = box
            t.keys("q")
            t.wait_for("status=4")
        finally:
            if t:
                t.close()
            h.close()
    for moment in ["intro", "step"]:
        small, large = boxes[(80, 24), moment], boxes[(160, 50), moment]
        expect(large[1] - large[0] > 2 * (small[1] - small[0]),
               "the figure on 160x50 is not taller: %r, %r" % (small, large))
        expect(large[3] - large[2] > small[3] - small[2],
               "the figure on 160x50 is not wider: %r, %r" % (small, large))


def figure_rows(screen):
    """The braille figure's rows as drawn (the words beside it cut off)."""
    box = figure_box(screen)
    expect(box, "no figure:\n" + screen)
    return [r[box[2]:box[3] + 1]
            for r in screen.split("\n")[box[0] - 1:box[1]]]


@test
def terminal_rest_shows_the_next_stretchs_start():
    # The rest after a check-in shows the figure the next stretch's
    # introduction shows (its first step), not the stretch just done.
    h = Home(step_s=3, hold_s=3, clock=1)
    t = None
    try:
        t = Tmux(h, size=(160, 50))
        t.type("%s start --minutes 1 --pain 2 --area both; echo status=$?"
               % LIMBER)
        t.wait_for("guided session")
        t.keys("Enter")
        t.wait_for("Get your space ready")
        t.keys("Space")
        t.wait_for("COMING UP", "Stretch 1 of")
        t.keys("Space")
        first = figure_rows(t.wait_for("PAUSED", until=figure_box))
        t.keys("Space")
        t.wait_for("CHECK-IN", timeout=30)
        t.keys("2")
        t.wait_for("REST", "Next: ")
        t.keys("Space")
        rest = figure_rows(t.wait_for("PAUSED", "Next: ", until=figure_box))
        t.keys("Space")
        t.wait_for("COMING UP", "Stretch 2 of", timeout=30)
        t.keys("Space")
        second = figure_rows(t.wait_for("PAUSED", "Stretch 2 of",
                                        until=figure_box))
        expect(first != second, "the two stretches start alike")
        expect_eq(rest, second, "the rest's figure")
        t.keys("q")
        t.wait_for("status=4")
    finally:
        if t:
            t.close()
        h.close()


@test
def terminal_checkin_asks_about_the_area_worked():
    # A neck plan's check-in asks about the neck and upper back, in its
    # heading as in the engine's question, never about "your back".
    h = Home()
    t = None
    try:
        t = Tmux(h)
        t.type("%s start --minutes 1 --pain 2 --area upper; echo status=$?"
               % LIMBER)
        t.wait_for("guided session")
        t.keys("Enter")
        t.wait_for("Get your space ready")
        t.keys("Space")
        scr = t.wait_for("CHECK-IN", timeout=30)
        rows = [r for r in scr.split("\n") if "How does it feel in your" in r]
        expect(rows, "no check-in heading:\n" + scr)
        expect("neck and upper back?" in rows[0], rows[0])
        words = " ".join(scr.split())
        expect("hurt in your neck and upper back now" in words, scr)
        expect("your back" not in words, scr)
        t.keys("q")
        t.wait_for("status=4")
    finally:
        if t:
            t.close()
        h.close()


@test
def terminal_sigterm_restores_the_terminal():
    h = Home(step_s=5, hold_s=5, clock=1)
    t = None
    try:
        t = Tmux(h)
        t.type("%s start --pain 2 --area upper --minutes 1; echo status=$?"
               % LIMBER)
        t.wait_for("guided session")
        t.keys("Enter")
        t.wait_for("Get your space ready")
        t.keys("Space")
        t.wait_for("COMING UP", "░")
        os.kill(t.limber_pid(), signal.SIGTERM)
        scr = t.wait_for("status=143")
        expect("COMING UP" not in scr and "░" not in scr,
               "the session's screen was left:\n" + scr)
        expect("SIGTERM" in scr, scr)
        # The cursor is shown again and the keys echo: the shell works.
        t.type("echo back-to-normal")
        t.wait_for("back-to-normal\n")
        sess = h.session()
        expect_eq(sess["state"], "stopped", "state")
        expect(sess["reason"].startswith("interrupted: "), sess["reason"])
    finally:
        if t:
            t.close()
        h.close()


@test
def colour_only_without_no_color():
    h = Home(step_s=5, hold_s=5, clock=1)
    try:
        for no_color, want in [("", True), ("1", False)]:
            t = Tmux(h, NO_COLOR=no_color)
            try:
                t.type("%s start --pain 2 --area upper --minutes 1"
                       % LIMBER)
                t.wait_for("guided session")
                t.keys("Enter")
                t.wait_for("Get your space ready")
                t.keys("Space")
                t.wait_for("COMING UP", "░", "sharp pain")
                raw = t.screen(escapes=True)
                colour = re.search(r"\x1b\[[0-9;]*(3[0-7]|9[0-7]|38;)", raw)
                expect(bool(colour) == want, "NO_COLOR=%r: colour %s" % (
                    no_color, "found" if colour else "missing"))
                expect("\x1b[1m" in raw, "bold is not colour")
                t.keys("q")
            finally:
                t.close()
    finally:
        h.close()


def pty_run(home, args, keys, env=None, timeout=20):
    """Run limber on a pseudo-terminal; send (wait-for, keys) pairs."""
    home.nothing_due()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(LIMBER, [LIMBER, *args],
                  home.env(**dict(silent(home), **(env or {}))))
    out = b""
    try:
        for wait, send in keys:
            end = time.monotonic() + timeout
            while wait.encode() not in out:
                left = end - time.monotonic()
                if left <= 0:
                    raise AssertionError("waited for %r:\n%r" % (
                        wait, out[-600:]))
                if select.select([fd], [], [], left)[0]:
                    try:
                        data = os.read(fd, 65536)
                    except OSError:
                        data = b""
                    if not data:
                        raise AssertionError("exited waiting for %r:\n%r"
                                             % (wait, out[-600:]))
                    out += data
            os.write(fd, send.encode())
        while select.select([fd], [], [], 5)[0]:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            out += data
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), out


@test
def dumb_terminal_gets_plain_lines_without_escapes():
    h = Home(step_s=5, hold_s=5, clock=1)
    try:
        rc, out = pty_run(h, ["start", "--pain", "2", "--area", "upper",
                              "--minutes", "1"],
                          [("ready; q to leave.", "go\n"),
                           ("INTRO", "q\n")], env={"TERM": "dumb"})
        expect_eq(rc, 4, "exit status")
        expect(b"\x1b" not in out and b"\x07" not in out,
               "escape codes: %r" % out[-300:])
        expect(re.search(rb"\n\d\d:\d\d INTRO ", out), out[-300:])
        expect(b"KEYS" in out, "no hint for the person typing")
    finally:
        h.close()


@test
def terminal_rings_the_bell_and_ctrl_c_is_recorded():
    h = Home(step_s=5, hold_s=5, clock=1)
    try:
        rc, out = pty_run(h, ["start", "--pain", "2", "--area", "upper",
                              "--minutes", "1"],
                          [("guided session", "\n"),
                           ("GET READY", " "),
                           ("COMING UP", "\x03")], env={"TERM": "xterm"})
        expect_eq(rc, 130, "exit status")
        session = out[out.index(b"\x1b[?1049h"):]
        expect(b"\x07" in session, "no bell")
        expect(session.rstrip().endswith(b"shows it.") or
               b"\x1b[?1049l" in session, "alternate screen left on")
        expect(session.index(b"\x1b[?25h") > session.index(b"\x1b[?25l"),
               "cursor left hidden")
        sess = h.session()
        expect_eq(sess["state"], "stopped", "state")
        expect_eq(sess["reason"], "interrupted: Ctrl-C (SIGINT)", "reason")
    finally:
        h.close()


@test
def limber_alone_runs_the_start_flow():
    h = Home()
    try:
        rc, _, err = h.run()
        expect_eq(rc, 2, "no terminal, no check")
        expect("needs a terminal" in " ".join(err.split()), err)
        # A check made earlier today does not stand in for today's
        # answers: they are asked before every session (docs/safety.md).
        h.run("start", "--pain", "2", "--area", "upper", stdin="q\n")
        rc, out, err = h.run(stdin="2\ngo\nq\n")
        expect_eq(rc, 2, "no terminal, an earlier check")
        expect("before every session" in " ".join(err.split()), err)
    finally:
        h.close()


# ---------------------------------------------------------------- measures


class Asked:
    """`limber start` on a pseudo-terminal (TERM=xterm, silent) for its
    questions before the session: expect() waits for words that come
    after the last ones it waited for, and returns what came between;
    answer() types a line."""

    def __init__(self, home, *args):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(LIMBER, [LIMBER, "start", *(args or START_ARGS)],
                      home.env(TERM="xterm", **silent(home)))
        self.out = ""
        self.pos = 0

    def expect(self, words, timeout=20):
        end = time.monotonic() + timeout
        while True:
            i = self.out.find(words, self.pos)
            if i >= 0:
                seen = self.out[self.pos:i + len(words)]
                self.pos = i + len(words)
                return seen
            left = end - time.monotonic()
            expect(left > 0, "waited for %r:\n%s" % (words, self.out[-1200:]))
            if select.select([self.fd], [], [], left)[0]:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    data = b""
                expect(data, "exited waiting for %r:\n%s" % (
                    words, self.out[-1200:]))
                self.out += data.decode("utf-8", "replace").replace(
                    "\r\n", "\n")

    def answer(self, line):
        os.write(self.fd, (line + "\n").encode())

    def wait(self, timeout=20):
        end = time.monotonic() + timeout
        try:
            while select.select([self.fd], [], [], max(0, end -
                                                        time.monotonic()))[0]:
                data = os.read(self.fd, 65536)
                if not data:
                    break
                self.out += data.decode("utf-8", "replace")
        except OSError:
            pass
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def measures(h):
    """The askings in the journal, oldest first, read from its tables
    (docs/journal.md): PEG as (pain, enjoyment, activity), None when
    skipped; PSFS as [(activity, score), ...], [] when skipped."""
    import sqlite3
    db = sqlite3.connect("file:%s?mode=ro" % h.journal, uri=True)
    try:
        pegs = [None if r[0] is None else r for r in db.execute(
            "SELECT pain, enjoyment, activity FROM peg ORDER BY at, id")]
        psfs = [[tuple(x) for x in db.execute(
            "SELECT activity, score FROM psfs_score WHERE psfs = ? "
            "ORDER BY position", (i,))]
            for (i,) in db.execute("SELECT id FROM psfs ORDER BY at, id")]
    finally:
        db.close()
    return pegs, psfs


def age_measures(h, days):
    """Every asking moved days into the past, as if made then."""
    import sqlite3
    db = sqlite3.connect(h.journal)
    try:
        with db:
            for table in ("peg", "psfs"):
                db.execute("UPDATE %s SET at = at - ?" % table,
                           (days * 86400,))
    finally:
        db.close()


@test
def terminal_asks_how_it_is_going_when_due():
    # After the check and before the plan, in a fresh journal: PEG-3's
    # three questions, then the activities the pain makes hard, named and
    # scored. Each asking is noted once the journal holds it, and the
    # next start asks neither (a week, two weeks: not due yet).
    h = Home()
    try:
        a = Asked(h)
        seen = a.expect("0 to 10, or n:")
        expect("Verdict: go" in seen and "Plan:" not in seen, seen)
        expect("past week" in seen, seen)
        a.answer("3")
        a.expect("0 to 10, or n:")
        a.answer("11")
        a.expect("whole number from 0 to 10")
        a.expect("0 to 10, or n:")
        a.answer("4")
        a.expect("0 to 10, or n:")
        a.answer("5")
        seen = a.expect("Activity 1:")
        expect("Noted in your journal." in seen, seen)
        a.answer("putting on socks")
        a.expect("Activity 2:")
        a.answer("Putting On Socks")
        a.expect("named that one already")
        a.expect("Activity 2:")
        # Typed escapes are refused, and shown as escapes, not obeyed.
        a.answer("carrying \x1b[2Jshopping")
        seen = a.expect("Activity 2:")
        expect("\\u001b[2J" in seen, seen)
        a.answer("carrying shopping")
        a.expect("Activity 3:")
        a.answer("")
        a.expect("putting on socks (0 to 10, or n):")
        a.answer("4")
        a.expect("carrying shopping (0 to 10, or n):")
        a.answer("6")
        seen = a.expect("guided session")
        expect("Noted in your journal." in seen and "Plan:" in seen, seen)
        a.answer("q")
        expect_eq(a.wait(), 0, "status")
        expect_eq(measures(h), ([(3, 4, 5)], [[("putting on socks", 4),
                                               ("carrying shopping", 6)]]),
                  "the journal")
        a = Asked(h)
        seen = a.expect("guided session")
        expect("0 to 10" not in seen and "Activity" not in seen, seen)
        a.answer("q")
        expect_eq(a.wait(), 0, "status")
        expect_eq(len(measures(h)[0]), 1, "asked again")
    finally:
        h.close()


@test
def terminal_not_now_is_recorded_and_not_asked_again():
    # "n" at any question is not now: the whole asking is recorded as
    # skipped (an answer given before it is not kept), nothing is said to
    # be noted, and neither is asked again until it is due.
    h = Home()
    try:
        a = Asked(h)
        a.expect("0 to 10, or n:")
        a.answer("3")
        a.expect("0 to 10, or n:")
        a.answer("n")
        seen = a.expect("Activity 1:")
        expect("Not now" in seen and "Noted" not in seen, seen)
        a.answer("n")
        seen = a.expect("guided session")
        expect("Not now" in seen and "Noted" not in seen, seen)
        a.answer("q")
        expect_eq(a.wait(), 0, "status")
        expect_eq(measures(h), ([None], [[]]), "skips recorded")
        a = Asked(h)
        seen = a.expect("guided session")
        expect("0 to 10" not in seen and "Activity" not in seen, seen)
        a.answer("q")
        expect_eq(a.wait(), 0, "status")
        # A week on, PEG is due again; the activities are not (two weeks).
        age_measures(h, 8)
        a = Asked(h)
        a.expect("0 to 10, or n:")
        a.answer("n")
        seen = a.expect("guided session")
        expect("Activity" not in seen, seen)
        a.answer("q")
        expect_eq(a.wait(), 0, "status")
        expect_eq(measures(h), ([None, None], [[]]), "the second skip")
    finally:
        h.close()


@test
def terminal_scores_the_same_activities_two_weeks_on():
    # Later askings list the activities named last and score them again;
    # c names other ones. Names from the journal are shown escaped.
    h = Home()
    try:
        h.ok("log", "--peg", "5,5,5", "--psfs", "tying shoelaces=3",
             "--psfs", "lifting a child=2")
        age_measures(h, 15)
        a = Asked(h)
        for _ in range(3):
            a.expect("0 to 10, or n:")
            a.answer("4")
        seen = a.expect("or n for not now:")
        expect("Every two weeks" in seen and "tying shoelaces" in seen and
               "lifting a child" in seen, seen)
        a.answer("")
        a.expect("tying shoelaces (0 to 10, or n):")
        a.answer("5")
        a.expect("lifting a child (0 to 10, or n):")
        a.answer("4")
        seen = a.expect("guided session")
        expect("Noted in your journal." in seen, seen)
        a.answer("q")
        expect_eq(a.wait(), 0, "status")
        expect_eq(measures(h)[1][-1], [("tying shoelaces", 5),
                                       ("lifting a child", 4)], "scored again")

        age_measures(h, 15)
        a = Asked(h)
        for _ in range(3):
            a.expect("0 to 10, or n:")
            a.answer("3")
        a.expect("or n for not now:")
        a.answer("c")
        a.expect("Activity 1:")
        a.answer("sitting through a film")
        a.expect("Activity 2:")
        a.answer("")
        a.expect("sitting through a film (0 to 10, or n):")
        a.answer("7")
        a.expect("guided session")
        a.answer("q")
        expect_eq(a.wait(), 0, "status")
        expect_eq(measures(h)[1][-1], [("sitting through a film", 7)],
                  "changed")
    finally:
        h.close()


@test
def terminal_never_says_noted_when_the_journal_refuses():
    # Another program holds the journal while the answers are given: they
    # are not noted, the person is told, and the session is still offered.
    import sqlite3
    h = Home()
    db = None
    try:
        a = Asked(h)
        a.expect("0 to 10, or n:")
        db = sqlite3.connect(h.journal, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        for v in ("1", "2"):
            a.answer(v)
            a.expect("0 to 10, or n:")
        a.answer("3")
        seen = a.expect("Activity 1:", timeout=30)
        expect("Noted" not in seen and "could not be written" in
               " ".join(seen.split()), seen)
        db.execute("ROLLBACK")
        db.close()
        db = None
        a.answer("n")
        a.expect("guided session")
        a.answer("q")
        expect_eq(a.wait(), 0, "status")
        expect_eq(measures(h), ([], [[]]), "the journal")
    finally:
        if db is not None:
            db.close()
        h.close()


@test
def log_records_the_measures_by_hand_and_names_what_is_wrong():
    h = Home()
    try:
        out = h.ok("log", "--peg", "6, 5,4")
        expect("pain 6, enjoyment of life 5, activity 4" in out, out)
        out = h.ok("log", "--psfs", "gardening=3", "--psfs",
                   "a=b=7")
        expect("gardening: 3 out of 10" in out and "a=b: 7" in out, out)
        for args, words in [
                (["--peg", "6,x,4"], "second number (enjoyment of life)"),
                (["--peg", "6,5"], "not three numbers"),
                (["--peg", "1,2,3,4"], "more than three"),
                (["--peg", "1,2,3", "--peg", "1,2,3"], "given twice"),
                (["--psfs", "gardening"], "has no score"),
                (["--psfs", "=3"], "name is missing"),
                (["--psfs", "gardening=11"], "score of 'gardening'"),
                (["--psfs", "x" * 101 + "=3"], "too long"),
                (["--psfs", "a\u202eb=3"], "\\u202e"),
                (["--psfs", "a=1", "--psfs", "A=2"], "given twice"),
                (["--psfs", "a=1", "--psfs", "b=1", "--psfs", "c=1",
                  "--psfs", "d=1"], "more than 3"),
                (["--peg", "1,2,3", "--pain", "3"], "on their own")]:
            rc, out, err = h.run("log", *args)
            expect_eq(rc, 2, "status of log %r" % args)
            expect(words in err, "%r: %s" % (args, err))
        expect_eq(measures(h), ([(6, 5, 4)], [[("gardening", 3),
                                               ("a=b", 7)]]), "the journal")
        # From a script (no terminal) nothing is asked: stdin is the
        # session's.
        age_measures(h, 30)
        rc, out, _ = h.run("start", *START_ARGS, stdin="q\n")
        expect("0 to 10, or n" not in out and "Activity" not in out, out)
        expect_eq(len(measures(h)[0]), 1, "asked")
    finally:
        h.close()


def tmux_is_there():
    if TMUX is None:
        raise RuntimeError("tmux is missing (scripts/deps.sh test installs "
                           "it)")


if __name__ == "__main__":
    sys.exit(harness.main("coach", setup_check=tmux_is_there))
