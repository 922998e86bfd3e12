#!/usr/bin/env python3
"""Nothing said saved that is not, and nothing read that waits: the real
`limber` while another program holds the journal's write lock, and with
output that cannot be written.

An import of thousands of records holds the journal's write lock for
seconds. Here a writer is held from Python instead (Writer: sqlite3,
BEGIN IMMEDIATE on the journal, kept until released), so that the tests
choose when it ends. While it is held, `limber history` and `limber
stats` answer, with a session under way (its owner alive) and with one
whose owner died.

And `limber log --pain N >/dev/full` records the score, then says on
stderr that it is recorded though the message could not be written.

Waits are for states, with deadlines. The results are TAP (harness.py);
it exits 1 when any test failed.

usage: test_saved.py PATH-TO-LIMBER SOURCE-ROOT
"""
import json
import os
import sqlite3
import subprocess
import sys
import time

import harness
from harness import expect, expect_eq, test

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
                print("limber %s: %.3f s" % (" ".join(cmd),
                                             time.monotonic() - t))
                expect_eq(rc, 0, "limber %s: %s" % (" ".join(cmd), err))
                expect("busy" not in err, err)
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


if __name__ == "__main__":
    sys.exit(harness.main("saved"))
