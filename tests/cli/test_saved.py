#!/usr/bin/env python3
"""Nothing said saved that is not, and nothing read that waits: the real
`limber` and `limber serve` while another program holds the journal's
write lock, and with output that cannot be written.

An import of thousands of records holds the journal's write lock for
seconds. Here a writer is held from Python instead (Writer: sqlite3,
BEGIN IMMEDIATE on the journal, kept until released), so that the tests
choose when it ends. While it is held:

- `limber history` and `limber stats` answer, with a session under way
  (its owner alive) and with one whose owner died;
- the server takes a pain score, a stop, a warning and a session begun,
  answers at once (202 while not all is in the journal), says so in the
  session's view (journal_pending) and never "noted" for a score that is
  not in; after the release all of it is in the journal, with the times
  it was given;
- the warning is answered within WARNING_BOUND_S (the time is printed);
- a score logged by hand is refused plainly (503 journal-busy) and taken
  after;
- /api/history and /api/stats answer, and what the server writes after
  the release is in the journal.

And `limber log --pain N >/dev/full` records the score, then says on
stderr that it is recorded though the message could not be written.

Waits are for states, with deadlines. The results are TAP (harness.py);
it exits 1 when any test failed.

usage: test_saved.py PATH-TO-LIMBER SOURCE-ROOT
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import harness
from harness import expect, expect_eq, test
from test_api import Server  # its tests are not run here

# A read while a writer holds the journal, at most: one that waited for
# the lock, as a write does (LIMBER_JOURNAL_BUSY_MS, 3 s), fails it.
READ_BOUND_S = 2.0
# The warning's answer while a writer holds the journal, at most: a
# server that waited for the lock (3 s before) fails it. The sanitizer
# build beside another run of the whole suite, with four readers of
# 200,000 scores, once took 1.31 s (run 15 of docs/testing.md).
WARNING_BOUND_S = 2.0

class Writer:
    """Another program writing to the journal: the write lock, held from
    construction until release()."""

    def __init__(self, path):
        self.db = sqlite3.connect(path, isolation_level=None, timeout=10)
        self.db.execute("BEGIN IMMEDIATE")
        self.held = True

    def release(self):
        if self.held:
            self.db.execute("ROLLBACK")
            self.held = False
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()


def until(what, fn, timeout=30):
    """fn() until it is true; its value. Fails after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        v = fn()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError("never happened: " + what)
        time.sleep(0.05)


def rows(path, sql, *args):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=10)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


# ---------------------------------------------------------------- the terminal

def running_session(h, pid):
    """A session in h's journal marked as under way in process pid."""
    h.run("start", "--plain", "--pain", "2", "--area", "upper",
          "--minutes", "1", stdin="go\nq\n")
    db = sqlite3.connect(h.journal, isolation_level=None, timeout=10)
    db.execute("UPDATE session SET state = 'running', ended = NULL, "
               "pid = ? WHERE id = (SELECT max(id) FROM session)", (pid,))
    db.close()


def reads_answer_while_written(pid):
    with harness.Home() as h:
        h.ok("log", "--pain", "3")
        running_session(h, pid)
        with Writer(h.journal):
            for cmd in (["history"], ["stats"], ["history", "--json"]):
                t = time.monotonic()
                rc, out, err = h.run(*cmd)
                took = time.monotonic() - t
                print("limber %s: %.3f s" % (" ".join(cmd), took))
                expect_eq(rc, 0, "limber %s: %s" % (" ".join(cmd), err))
                expect("busy" not in err, err)
                # Not the 3 s a write waits for the lock.
                expect(took < READ_BOUND_S, "it waited %.3f s" % took)
            hist = json.loads(out)
            expect_eq(hist["sessions"][-1]["state"], "running", "shown as is")
        # The lock gone, the next command that writes recovers it.
        h.ok("log", "--pain", "2")
        return h.history()["sessions"][-1]["state"]


@test
def history_and_stats_answer_while_a_writer_holds_the_journal():
    # Its owner alive (this test): left running.
    state = reads_answer_while_written(os.getpid())
    expect_eq(state, "running", "a live owner's session")


@test
def a_dead_owners_session_does_not_make_reads_wait():
    p = subprocess.Popen(["true"])
    p.wait()
    state = reads_answer_while_written(p.pid)
    expect_eq(state, "interrupted", "recovered by the next write")


@test
def log_to_a_full_output_records_and_says_so():
    if not os.path.exists("/dev/full"):
        harness.skip("no /dev/full here")
    with harness.Home() as h:
        with open("/dev/full", "w") as full:
            p = subprocess.run([harness.LIMBER, "log", "--pain", "7"],
                               stdout=full, stderr=subprocess.PIPE,
                               text=True, env=h.env(), timeout=60)
        expect_eq(p.returncode, 1, "exit status: the output failed")
        expect("the pain score is recorded in your journal" in p.stderr,
               p.stderr)
        expect("could not be written" in p.stderr, p.stderr)
        expect_eq([x["value"] for x in h.history()["pain"]], [7], "recorded")
        # Nothing recorded: the output's failure is all there is to say.
        with open("/dev/full", "w") as full:
            p = subprocess.run([harness.LIMBER, "stats"], stdout=full,
                               stderr=subprocess.PIPE, text=True,
                               env=h.env(), timeout=60)
        expect_eq(p.returncode, 1, "stats to a full output")
        expect("cannot write the output" in p.stderr, p.stderr)
        expect("recorded" not in p.stderr, p.stderr)


def plain_line(p, word, timeout=60):
    """Lines of the plain coach until one of kind word ("INTRO"); the time
    it came."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = p.stdout.readline()
        if not line:
            break
        if (" %s " % word) in line:
            return time.monotonic()
    raise AssertionError("no %s line" % word)


@test
def the_terminal_coach_does_not_wait_for_a_writer():
    with harness.Home() as h:
        p = subprocess.Popen(
            [harness.LIMBER, "start", "--plain", "--pain", "2", "--area",
             "upper", "--minutes", "1"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=h.env())
        h.procs.append(p)
        plain_line(p, "CHECKLIST")
        w = Writer(h.journal)
        try:
            t = time.monotonic()
            p.stdin.write("go\n")
            p.stdin.flush()
            began = plain_line(p, "INTRO") - t
            t = time.monotonic()
            p.stdin.write("q\n")
            p.stdin.flush()
            stopped = plain_line(p, "STOPPED") - t
        finally:
            w.release()
        print("terminal, journal held: go to INTRO %.3f s, q to STOPPED "
              "%.3f s" % (began, stopped))
        for what, took in [("go", began), ("q", stopped)]:
            expect(took < READ_BOUND_S, "%s waited %.3f s" % (what, took))
        p.stdin.close()
        rc = p.wait(timeout=60)
        err = p.stderr.read()
        expect_eq(rc, 4, "stopped early (stderr %r)" % err)
        j = h.history()["sessions"][-1]
        expect_eq(j["state"], "stopped", "the session, written at the end")
        expect("you stopped the session" in j["reason"], j["reason"])


@test
def the_terminal_coach_does_not_say_noted_before_the_journal_has_it():
    # As on the page: a score given while another program holds the
    # journal is shown as waiting, and is in the journal at the end.
    with harness.Home() as h:
        p = subprocess.Popen(
            [harness.LIMBER, "start", "--plain", "--pain", "2", "--area",
             "upper", "--minutes", "1"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=h.env(**harness.clock_env(harness.FAST)))
        h.procs.append(p)
        plain_line(p, "CHECKLIST")
        p.stdin.write("go\n")
        p.stdin.flush()
        plain_line(p, "CHECKIN")
        w = Writer(h.journal)
        try:
            p.stdin.write("3\n")
            p.stdin.flush()
            deadline = time.monotonic() + 60
            line = ""
            while time.monotonic() < deadline and " PAIN " not in line:
                line = p.stdout.readline()
                expect(line, "the coach ended before the score")
        finally:
            w.release()
        expect("noted" not in line, line)
        expect("not in your journal yet" in line.lower(), line)
        p.stdin.close()
        p.wait(timeout=60)
        scores = [(x["kind"], x["value"])
                  for x in h.history()["sessions"][-1]["pain"]]
        expect(scores[-1][1] == 3 and scores[-1][0] != "before", scores)


# ---------------------------------------------------------------- the server

def session(s):
    """The last session in the journal, as `limber history --json` has it."""
    rc, out, err = s.limber("history", "--json")
    expect_eq(rc, 0, "history: " + err)
    sessions = json.loads(out)["sessions"]
    expect(sessions, "no session in the journal")
    return sessions[-1]


def view(s, since=0):
    return s.ok("GET", "/api/session?since=%d" % since)["session"]


def all_in(s):
    """Wait until the server says every record is in; the view."""
    return until("the records went in",
                 lambda: (lambda v: v if v["journal_pending"] is None
                          else None)(view(s)))


def at_checkin(s):
    s.check(2, "upper")
    s.start(pain=2)
    s.send("ready")
    s.wait_phase(["checkin"])


def timed(fn, *args):
    t = time.monotonic()
    r = fn(*args)
    return r, time.monotonic() - t


@test
def a_score_is_not_noted_until_it_is_in_the_journal():
    with Server() as s:
        at_checkin(s)
        with Writer(s.journal):
            r, took = timed(s.post, "/api/session/input",
                            {"input": "pain", "value": 3})
            print("pain score while held: %d in %.3f s" % (r.status, took))
            expect_eq(r.status, 202, "taken, not in the journal: " +
                      r.body.decode()[:300])
            v = r.json()["session"]
            pending = v["journal_pending"]
            expect(pending and pending["records"] >= 1, v)
            expect_eq(pending["refused"], True, "refused by the journal")
            expect("busy" in pending["message"], pending)
            cues = view(s)["cues"]
            scores = [c for c in cues if c["kind"] == "pain" and
                      c["pain_kind"] == "during"]
            expect_eq(len(scores), 1, "the score's cue")
            expect("noted" not in scores[0]["text"], scores[0])
            expect("not in your journal yet" in scores[0]["text"], scores[0])
            expect_eq(scores[0]["saved"], False, "saved")
            expect(not any("noted" in c["text"] for c in
                           cues[pending["from"]:]), cues)
        v = all_in(s)
        scores = [c for c in v["cues"] if c["kind"] == "pain" and
                  c["pain_kind"] == "during"]
        expect("noted" in scores[0]["text"], scores[0])
        expect("saved" not in scores[0], scores[0])
        got = [(p["kind"], p["value"]) for p in session(s)["pain"]]
        expect_eq(got, [("before", 2), ("during", 3)], "in the journal")
        s.send("stop")


@test
def a_stop_while_the_journal_is_held_is_recorded_after():
    with Server() as s:
        at_checkin(s)
        with Writer(s.journal):
            r = s.post("/api/session/input", {"input": "stop"})
            expect_eq(r.status, 202, "stop: " + r.body.decode()[:300])
            expect(r.json()["session"]["ended"], "stopped at once")
        all_in(s)
        j = session(s)
        expect_eq(j["state"], "stopped", "not lost, not interrupted")
        expect("you stopped the session" in j["reason"], j["reason"])
    # Stopped as the server stops, it is still recorded as stopped.
    expect_eq(j["state"], "stopped", "after the server")


@test
def the_warning_is_answered_at_once_and_recorded_after():
    with Server() as s:
        at_checkin(s)
        ses = view(s)
        with Writer(s.journal):
            r, took = timed(s.post, "/api/session/warning",
                            {"value": 1, "serial": ses["serial"]})
            print("warning while held: %d in %.3f s (bound %.1f s)" %
                  (r.status, took, WARNING_BOUND_S))
            expect(took < WARNING_BOUND_S, "the warning waited %.3f s" % took)
            expect_eq(r.status, 202, r.body.decode()[:300])
            j = r.json()
            expect_eq(j["recorded"], False, "not in the journal yet")
            expect(j["session"]["ended"], "the engine stopped at once")
            expect_eq(j["session"]["result"]["reason"], "warning", "reason")
            # The page sends it again until it is in: not yet.
            r = s.post("/api/session/warning",
                       {"value": 1, "serial": ses["serial"]})
            expect_eq(r.json()["recorded"], False, "still held")
            # Not in the journal, it holds the day all the same.
            held = s.ok("GET", "/api/check")["held"]
            expect(held and held["warning"], held)
            expect("sharp, shooting or electric pain" in held["message"],
                   held)
            r = s.post("/api/session", {"pain": 2, "minutes": 1})
            expect_eq(r.status, 409, "a new session: " +
                      r.body.decode()[:300])
            expect_eq(r.json()["error"], "held", "why")
            # Nor can "that answer was a mistake" take it back: the page
            # was told "not-held" while the record was on its way.
            r = s.post("/api/mistake", {})
            expect_eq(r.status, 409, "a mistake: " + r.body.decode()[:300])
            expect_eq(r.json()["error"], "warning-hold", "why")
        until("the warning recorded", lambda: s.post(
            "/api/session/warning",
            {"value": 1, "serial": ses["serial"]}).json()["recorded"])
        j = session(s)
        expect_eq(j["state"], "stopped", "state")
        expect(j["reason"].startswith("warning:"), j["reason"])


@test
def a_session_begun_while_the_journal_is_held_is_recorded():
    with Server() as s:
        s.check(2, "upper")
        s.start(pain=2)
        with Writer(s.journal):
            began = int(time.time())
            r = s.post("/api/session/input", {"input": "ready"})
            expect_eq(r.status, 202, "ready: " + r.body.decode()[:300])
            expect_eq(r.json()["session"]["journal"], None, "no id yet")
            s.wait_phase(["checkin"])
            s.send("pain", 3, status=202)
            # One check, one session, even before the journal knows.
            r = s.post("/api/session", {"pain": 2, "minutes": 1})
            expect_eq(r.status, 409, "a second session: " +
                      r.body.decode()[:300])
            s.send("stop", status=202)
        v = all_in(s)
        expect(v["journal"] is not None, "the session's id")
        j = session(s)
        expect_eq(j["state"], "stopped", "state")
        expect(abs(_epoch(j["started"]) - began) <= 2,
               "started when begun, not when written: %r" % j["started"])
        expect_eq([(p["kind"], p["value"]) for p in j["pain"]],
                  [("before", 2), ("during", 3)], "scores")


def _epoch(iso):
    import datetime
    return int(datetime.datetime.fromisoformat(iso).timestamp())


@test
def a_server_stopped_while_the_journal_is_held_writes_before_it_exits():
    s = Server()
    try:
        at_checkin(s)
        w = Writer(s.journal)
        try:
            s.send("pain", 3, status=202)
            s.proc.send_signal(signal.SIGTERM)
            # Still there, trying: it does not drop what waits.
            time.sleep(0.3)
            expect(s.proc.poll() is None, "the server exited at once")
        finally:
            w.release()
        # Its own time: a second SIGTERM (stop()) would end it at once.
        rc = s.proc.wait(timeout=60)
        err = s.proc.stderr.read()
        expect_eq(rc, 0, "exit status (stderr %r)" % err)
        j = session(s)
        expect_eq([(p["kind"], p["value"]) for p in j["pain"]],
                  [("before", 2), ("during", 3)], "the score kept")
        expect_eq(j["state"], "stopped", "ended by the server's stop")
        expect(j["reason"].startswith("interrupted"), j["reason"])
    finally:
        s.close()


@test
def a_score_logged_by_hand_is_refused_plainly_then_taken():
    with Server() as s:
        with Writer(s.journal):
            r, took = timed(s.post, "/api/pain", {"value": 3})
            print("POST /api/pain while held: %d in %.3f s" % (r.status,
                                                              took))
            expect_eq(r.status, 503, r.body.decode()[:300])
            j = r.json()
            expect_eq(j["error"], "journal-busy", "code")
            expect("nothing was recorded" in j["message"], j["message"])
        expect_eq(s.post("/api/pain", {"value": 3}).status, 201, "after")
        rc, out, _ = s.limber("history", "--json")
        expect_eq([p["value"] for p in json.loads(out)["pain"]], [3],
                  "recorded once")


@test
def history_and_stats_over_the_api_while_the_journal_is_held():
    with Server() as s:
        s.ok("POST", "/api/pain", {"value": 2}, status=201)
        with Writer(s.journal):
            for path in ["/api/history", "/api/stats"]:
                r, took = timed(s.get, path)
                print("GET %s while held: %d in %.3f s" % (path, r.status,
                                                          took))
                expect_eq(r.status, 200, path + ": " + r.body.decode()[:300])
        # The writer has closed the journal: what the server writes now
        # is in it (a reader opened as a file would have let the writer
        # delete the WAL under the server).
        s.ok("POST", "/api/pain", {"value": 5}, status=201)
        got = rows(s.journal, "SELECT value FROM pain ORDER BY id")
        expect_eq(got, [(2,), (5,)], "both scores, seen from outside")


def logged_scores(path, n, start):
    """n pain scores logged by hand, a second apart from start, written
    straight into the journal (an import of them takes far longer)."""
    db = sqlite3.connect(path, isolation_level=None, timeout=10)
    db.execute("BEGIN")
    db.executemany("INSERT INTO pain (at, value, area, kind, session, note) "
                   "VALUES (?, ?, NULL, 'logged', NULL, NULL)",
                   ((start + i, i % 11) for i in range(n)))
    db.execute("COMMIT")
    db.close()


@test
def history_comes_a_page_at_a_time():
    with Server() as s:
        s.ok("POST", "/api/pain", {"value": 1}, status=201)
        logged_scores(s.journal, 250, int(time.time()) - 3600)
        h = s.ok("GET", "/api/history")
        expect_eq(h["limit"], 100, "the default")
        expect_eq(len(h["sessions"]) + len(h["scores"]), 100, "capped")
        expect(h["next"], "a cursor for older ones")
        # Page by page, each score once, newest first, until none is left.
        seen, before, pages = [], None, 0
        while True:
            q = "/api/history?limit=70" + ("&before=" + before
                                           if before else "")
            h = s.ok("GET", q)
            seen = h["scores"] + seen
            pages += 1
            before = h["next"]
            if before is None:
                break
        expect_eq(pages, 4, "pages of 70 for 251")
        expect_eq(len(seen), 251, "every score once")
        ats = [p["at"] for p in seen]
        expect_eq(ats, sorted(ats), "oldest first, no page out of order")
        for q, words in [("limit=0", '"limit"'), ("limit=501", '"limit"'),
                         ("before=x", '"before"'), ("before=1.2.3",
                                                    '"before"'),
                         ("before=1.0.0", '"before"'),
                         ("before=%201.0.5", '"before"')]:
            r = s.get("/api/history?" + q)
            expect_eq(r.status, 400, q)
            expect(words in r.json()["message"], r.json())


@test
def a_warning_is_not_held_up_by_history_on_a_large_journal():
    with Server() as s:
        logged_scores(s.journal, 200000, int(time.time()) - 200000)
        at_checkin(s)
        ses = view(s)
        stop = threading.Event()
        errors = []
        reads = []

        def read():
            while not stop.is_set():
                for path in ["/api/history", "/api/stats"]:
                    r, t = timed(lambda: s.get(path, timeout=60))
                    reads.append(t)
                    if r.status != 200:
                        errors.append((path, r.status))

        readers = [threading.Thread(target=read) for _ in range(4)]
        for t in readers:
            t.start()
        try:
            # Every reader busy first: each has had an answer.
            until("the readers under way", lambda: len(reads) >= 4,
                  timeout=120)
            r, took = timed(s.post, "/api/session/warning",
                            {"value": 1, "serial": ses["serial"]})
        finally:
            stop.set()
            for t in readers:
                t.join(60)
        # The warning may wait for the one read its event loop is in
        # (server.c), never for the readers in turn, nor for the lock:
        # against the longest read of this run, not a time of the clock,
        # which a sanitizer build beside another run of the suite
        # stretches (3.5 s once, run 16 of docs/testing.md).
        longest = max(reads)
        print("warning beside 4 readers of 200,000 scores: %.3f s; "
              "their longest read %.3f s" % (took, longest))
        expect_eq(r.json()["recorded"] in (True, False), True, r.body)
        expect(took < 1.5 * longest + 0.5, "the warning waited %.3f s, "
               "the longest read took %.3f s" % (took, longest))
        expect_eq(errors, [], "the readers' answers")
        until("the warning recorded", lambda: s.post(
            "/api/session/warning",
            {"value": 1, "serial": ses["serial"]}).json()["recorded"])


if __name__ == "__main__":
    sys.exit(harness.main("saved"))
