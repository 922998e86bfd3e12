#!/usr/bin/env python3
"""The real `limber` on a full disk: a small tmpfs holds the journal.

The tmpfs is mounted in a mount namespace of this test's own (`unshare
-rm`, a user namespace, or `unshare -m` as root), so nothing outside sees
it. A filler file takes all but a little of its room, then scores with
notes are logged one by one until the disk is full; a session is started
on the full disk; an export is written to it. Each refusal must say
plainly that the disk is full, and exit non-zero; then, with room made,
the journal must pass SQLite's integrity check and hold every score whose
`limber log` said it was recorded; the export must have left no file,
whole or half.

The checks are steps of that one story, not tests of their own: each is
a TAP result (harness.Tap), with the plan at the end; when no mount
namespace can be made, it prints "1..0 # SKIP" and why, and counts
nothing. It exits 1 when any check failed.

usage: test_diskfull.py PATH-TO-LIMBER SOURCE-ROOT
"""
import http.client
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import harness
import test_api  # its tests are not run here

SIZE_KB = 512


class Home(harness.Home):
    """harness.Home whose journal (LIMBER_JOURNAL) is on disk, a folder
    for the tmpfs."""

    PREFIX = "limber-diskfull-"

    def __init__(self):
        super().__init__()
        self.disk = self.path("disk")
        os.mkdir(self.disk)
        self.journal = os.path.join(self.disk, "journal.db")


def run(h, *args, stdin=None):
    return h.run(*args, stdin=stdin, timeout=60)


def fill(disk, name):
    """Take every byte left on disk."""
    fd = os.open(os.path.join(disk, name), os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096) > 0:
            pass
    except OSError:
        pass
    os.close(fd)


def served(h, check):
    """The page's session on a disk that fills at a check-in: the score is
    taken, said not to be in the journal (never "noted"), and goes in once
    there is room again."""
    folder = os.path.join(h.data, "limber", "stretches")
    os.makedirs(folder, exist_ok=True)
    for i in test_api.IDS:
        with open(os.path.join(folder, i + ".json"), "w") as f:
            json.dump(test_api.fast(test_api.builtin(i)), f)
    proc = subprocess.Popen(
        [harness.LIMBER, "serve", "--port", "0"], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
        env=h.env(**harness.clock_env(harness.FAST)))
    port = token = None
    for _ in range(20):
        m = test_api.ADDRESS.search(proc.stdout.readline())
        if m:
            port, token = int(m.group(1)), m.group(2)
            break

    def call(method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Host": "127.0.0.1:%d" % port}
        if token:
            headers["X-Limber-Token"] = token
        if body is not None:
            headers.update({"Origin": "http://127.0.0.1:%d" % port,
                            "Content-Type": "application/json"})
        conn.request(method, path, body=json.dumps(body) if body is not None
                     else None, headers=headers)
        r = conn.getresponse()
        out = (r.status, json.loads(r.read() or b"null"))
        conn.close()
        return out

    def until(fn):
        deadline = time.time() + 60
        while time.time() < deadline:
            v = fn()
            if v:
                return v
            time.sleep(0.05)
        return None

    try:
        check("the server starts", port is not None, proc.stderr.read()
              if port is None else "")
        if port is None:
            return
        call("POST", "/api/check", {"pain": 2, "area": "upper", "yes": []})
        call("POST", "/api/session", {"minutes": 1, "area": "upper"})
        call("POST", "/api/session/input", {"input": "ready"})
        at = until(lambda: call("GET", "/api/session")[1]["session"][
            "state"]["phase"] == "checkin")
        check("a session at a check-in", at, "")
        fill(h.disk, "filler3")
        status, j = call("POST", "/api/session/input",
                         {"input": "pain", "value": 3})
        pending = j["session"]["journal_pending"] if status == 202 else None
        check("a score on a full disk is taken, not in the journal yet",
              pending and "disk is full" in pending["message"],
              "%d %r" % (status, j))
        cues = call("GET", "/api/session?since=0")[1]["session"]["cues"]
        score = [c for c in cues if c.get("pain_kind") == "during"]
        check("and not said noted", score and "noted" not in
              score[-1]["text"], repr(score))
        os.unlink(os.path.join(h.disk, "filler3"))
        done = until(lambda: call("GET", "/api/session")[1]["session"][
            "journal_pending"] is None)
        check("with room again it goes in", done, "")
        call("POST", "/api/session/input", {"input": "stop"})
        until(lambda: call("GET", "/api/session")[1]["session"][
            "journal_pending"] is None)
    finally:
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=60)
    check("the server stops cleanly", rc == 0, proc.stderr.read())
    db = sqlite3.connect("file:%s?mode=ro" % h.journal, uri=True)
    got = db.execute("SELECT p.value FROM pain p JOIN session s ON "
                     "p.session = s.id WHERE p.kind = 'during' AND "
                     "s.state = 'stopped'").fetchall()
    db.close()
    check("the journal holds the score and the stop", got == [(3,)],
          repr(got))


def inside():
    tap = harness.Tap("diskfull")

    def check(name, cond, detail=""):
        tap.result(bool(cond), name, "" if cond else detail)

    h = Home()
    disk = h.disk
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dk" % SIZE_KB,
                    "tmpfs", disk], check=True)
    try:
        journal = h.journal
        rc, _, err = run(h, "log", "--pain", "1", "--note", "first")
        check("a journal on the tmpfs", rc == 0, err)

        # All but 48 kB taken; then scores until the disk is full.
        st = os.statvfs(disk)
        free = st.f_bavail * st.f_frsize
        with open(os.path.join(disk, "filler"), "wb") as f:
            f.write(b"\0" * max(0, free - 48 * 1024))
        kept, refused, messages = ["first"], 0, []
        for i in range(400):
            note = "score %d " % i + "x" * 900
            rc, _, err = run(h, "log", "--pain", str(i % 11), "--note",
                             note)
            if rc == 0:
                kept.append(note)
            else:
                refused += 1
                messages.append(err.strip())
                if refused >= 5:
                    break
        check("the disk filled up", refused > 0,
              "%d scores written" % len(kept))
        check("every refusal says the disk is full",
              messages and all("disk is full" in m or
                               "No space left" in m for m in messages),
              repr(messages[:3]))

        # A session on the full disk, begun and stopped at once: it is
        # either recorded whole or the person is told it could not be.
        # (A small record may still fit where a score with a long note
        # did not.)
        rc, out, err = run(h, "start", "--plain", "--pain", "2", "--area",
                           "upper", "--minutes", "1", stdin="go\nq\n")
        told = "disk is full" in err or "No space left" in err
        check("a session on a full disk ends non-zero", rc != 0,
              "rc %d" % rc)
        # An export to a disk with no byte left leaves nothing behind.
        fd = os.open(os.path.join(disk, "filler2"), os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 512) > 0:
                pass
        except OSError:
            pass
        os.close(fd)
        out_path = os.path.join(disk, "export.json")
        rc, _, err = run(h, "export", "--format", "json", "--out",
                         out_path)
        check("an export to a full disk fails", rc != 0, "rc %d" % rc)
        check("and leaves no file, whole or half",
              [f for f in os.listdir(disk) if f.startswith("export")] == [],
              repr(os.listdir(disk)))

        # Room again: everything said recorded is there, and it is whole.
        os.unlink(os.path.join(disk, "filler"))
        os.unlink(os.path.join(disk, "filler2"))
        db = sqlite3.connect("file:%s?mode=ro" % journal, uri=True)
        ok = db.execute("PRAGMA integrity_check").fetchone()[0]
        db.close()
        check("the journal passes SQLite's integrity check", ok == "ok", ok)
        rc, out, err = run(h, "history", "--json")
        check("the journal opens", rc == 0, err)
        if rc == 0:
            sessions = json.loads(out)["sessions"]
            check("the session is kept, or its refusal was said",
                  told or (sessions and sessions[-1]["state"] == "stopped"),
                  "told %r, sessions %r" % (told, sessions[-1:]))
            notes = [p.get("note") for p in json.loads(out)["pain"]]
            missing = [n[:10] for n in kept if n not in notes]
            check("every score said recorded is kept (%d)" % len(kept),
                  not missing, "missing %r" % missing[:3])
        rc, _, err = run(h, "log", "--pain", "2")
        check("and takes new scores", rc == 0, err)
        served(h, check)
    finally:
        subprocess.run(["umount", disk])
        h.close()
    return tap.end()


def main():
    if os.environ.get("LIMBER_DISKFULL_INSIDE") == "1":
        return inside()
    env = dict(os.environ, LIMBER_DISKFULL_INSIDE="1")
    unshare = shutil.which("unshare")
    if unshare is None:
        return harness.skip_all("diskfull", "unshare(1) is missing "
                                "(util-linux)")
    tries = [[unshare, "-rm"]]
    if os.geteuid() == 0:
        tries.append([unshare, "-m"])
    why = ""
    for t in tries:
        probe = subprocess.run(t + ["true"], capture_output=True, text=True)
        if probe.returncode == 0:
            return subprocess.run(t + [sys.executable, *sys.argv],
                                  env=env).returncode
        why = probe.stderr.strip()
    return harness.skip_all("diskfull", "no mount namespace can be made "
                            "here (%s); the journal's disk-full handling is "
                            "still tested by tests/unit/test-faults.c" % why)


if __name__ == "__main__":
    sys.exit(main())
