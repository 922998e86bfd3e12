#!/usr/bin/env python3
"""Black-box tests of `limber remind` and its daemon, limber-remind.

The config's checks and messages, --check and its JSON, the iCalendar
file, usage errors, and the real daemon with intervals of seconds: prompts
on the terminal answered with skip, snooze and start (start runs a
stand-in `limber` placed beside a copy of the daemon, which records its
arguments), the journal's rows and `limber stats`, SIGHUP with a bad and
then a good config, `workout-done` reaching a running daemon, one daemon
per user, SIGTERM, and an idle daemon that is not woken while nothing is
due. "Start now" on a notification: the config's terminal words (a
stand-in terminal that records its arguments), a terminal that cannot be
run, and "start = page" opening the page through a stand-in xdg-open on
one server that stops with the daemon; `limber serve --open` on its own,
its private redirect page, its stop when unused and its message when no
browser can be opened. Each test runs in a fresh temporary HOME. The
notifications' tests are skipped, saying why, without GIO's stand-in
server, dbus-run-session or notify-send. The results are TAP (harness.py); it exits 1 when any test
failed.

usage: test_remind.py PATH-TO-LIMBER SOURCE-ROOT
"""
import json
import os
import re
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import harness
from harness import LIMBER, ROOT, Skip, expect, expect_eq, test

DAEMON = os.path.join(os.path.dirname(LIMBER), "limber-remind")
# What writes the daemon's prompts in the journal, found beside it.
RECORD = os.path.join(os.path.dirname(LIMBER), "limber-remind-record")
MAN = os.path.join(ROOT, "doc", "limber.1.scd")


class Home(harness.Home):
    """harness.Home in UTC, with the config file, the state folder and the
    journal where limber puts a user's, and no desktop session (the
    daemon would prompt there); close() also stops the daemons started."""

    PREFIX = "limber-remind-"
    JOURNAL_ENV = False
    DROP = harness.Home.DROP + ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY",
                                "WAYLAND_DISPLAY")
    # No system bus: the machine's own logind must not make a test's
    # person away. The tests of being away give the stand-in's bus.
    ENV = {"TZ": "UTC",
           "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent/limber-bus"}
    TIMEOUT = 30

    def __init__(self):
        super().__init__()
        self.config = os.path.join(self.config_home, "limber", "config")
        self.state = os.path.join(self.state_home, "limber")
        os.makedirs(os.path.dirname(self.config))

    def close(self):
        # What read_line() kept of their pipes goes before the pipes do,
        # so that no other test's pipe, given the same numbers, gets it.
        for p in self.procs:
            for f in (p.stdout, p.stderr):
                if f is not None and not f.closed:
                    BUFFERS.pop(f.fileno(), None)
        super().close()

    def write(self, text, path=None):
        with open(path or self.config, "w") as f:
            f.write(text)

    def daemon(self, *args, prog=None, env=None):
        cmd = [prog] if prog else [LIMBER, "remind"]
        p = subprocess.Popen(cmd + ["--prompt", "terminal", *args],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE,
                             env=self.env(**(env or {})),
                             text=True, bufsize=1)
        self.procs.append(p)
        return p

    def rows(self):
        db = sqlite3.connect(self.journal)
        try:
            return db.execute("SELECT schedule, kind, answer, late FROM "
                              "reminder ORDER BY id").fetchall()
        finally:
            db.close()


BUFFERS = {}


def read_line(stream, what, timeout=10):
    """The next line of a pipe, or an error after timeout seconds.

    Reads the descriptor itself, with a buffer of its own, so that select()
    never waits for a line already read into a file object's buffer.
    """
    fd = stream.fileno()
    end = time.monotonic() + timeout
    while True:
        buf = BUFFERS.get(fd, b"")
        if b"\n" in buf:
            line, rest = buf.split(b"\n", 1)
            BUFFERS[fd] = rest
            return line.decode() + "\n"
        left = end - time.monotonic()
        if left <= 0:
            raise AssertionError("no line for " + what)
        r, _, _ = select.select([fd], [], [], left)
        if r:
            data = os.read(fd, 4096)
            if not data:
                raise AssertionError("end of output waiting for " + what)
            BUFFERS[fd] = buf + data


def read_until(stream, pattern, what, timeout=10):
    lines = []
    end = time.monotonic() + timeout
    while True:
        line = read_line(stream, what + " (after %r)" % lines,
                         max(0.1, end - time.monotonic()))
        lines.append(line)
        if re.search(pattern, line):
            return line


def stop(p):
    """SIGTERM; the status and what is left of stdout and stderr."""
    fds = (p.stdout.fileno(), p.stderr.fileno())
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=10)
    out = BUFFERS.pop(fds[0], b"").decode() + out
    err = BUFFERS.pop(fds[1], b"").decode() + err
    return p.returncode, out, err


DESK_2S = ("snooze = 1s\n[desk]\nevery = 3s\nhours = 00:00-24:00\n"
           "days = all\n")


@test
def check_lists_each_reminder_and_when_it_is_next_due():
    with Home() as h:
        h.write("# mine\nsnooze = 5m\nquiet = 22:00-07:00\n\n[desk]\n"
                "every = 50m\nhours = 09:00-17:30\nquiet = 12:00-13:00\n"
                "[evening]\nat = 19:30\ndays = sat,sun\narea = lower\n"
                "[cool-down]\nafter-workout = 10m\n")
        out = h.ok("remind", "--check")
        lines = out.splitlines()
        expect_eq(lines[0], h.config + ": 3 reminders", "first line")
        expect_eq(lines[1], "[desk] every 50 min, 09:00 to 17:30, Monday to "
                  "Friday; quiet 12:00-13:00, 22:00-07:00", "desk")
        expect(re.match(r"^    5 min, upper, desk; next \d{4}-\d\d-\d\d "
                        r"\d\d:(\d\d)$", lines[2]), lines[2])
        expect_eq(lines[3], "[evening] at 19:30, Sat Sun; quiet 22:00-07:00",
                  "evening")
        expect(re.match(r"^    10 min, lower, general; next \d{4}-\d\d-\d\d "
                        r"19:30$", lines[4]), lines[4])
        expect_eq(lines[5], "[cool-down] 10 min after 'limber remind "
                  "workout-done'; quiet 22:00-07:00", "cool-down")
        js = json.loads(h.ok("remind", "--check", "--json"))
        expect_eq(js["snooze_s"], 300, "snooze")
        expect_eq([r["name"] for r in js["reminders"]],
                  ["desk", "evening", "cool-down"], "names")
        expect_eq(js["reminders"][1]["line"], 9, "line")
        expect(js["reminders"][1]["next"].endswith("T19:30:00+00:00"),
               js["reminders"][1]["next"])
        expect_eq(js["reminders"][2]["next"], None, "cool-down next")


@test
def bad_config_is_named_by_file_and_line():
    with Home() as h:
        h.write("[desk]\nevery = 50\n")
        rc, out, err = h.run("remind", "--check")
        expect_eq((rc, out), (1, ""), "status")
        expect_eq(err, "limber: %s:2: 'every' must be a whole number with "
                  "s, m or h, from 1s to 24h, such as 50m, not '50'\n"
                  % h.config, "message")
        # The daemon refuses it the same way, before doing anything.
        rc, out, err = h.run("remind", "--prompt", "terminal")
        expect_eq(rc, 1, "daemon status")
        expect(("%s:2: 'every' must be" % h.config) in err, err)
        expect(not os.path.exists(h.journal), "no journal made")
        rc, _, err = h.run("remind", "--config", os.path.join(h.dir, "none"),
                           "--check")
        expect_eq(rc, 1, "missing status")
        expect_eq(err, "limber: %s: No such file or directory; write one as "
                  "docs/remind.md says, or give --config FILE\n"
                  % os.path.join(h.dir, "none"), "missing")


@test
def usage_errors_exit_2():
    with Home() as h:
        h.write(DESK_2S)
        for args, want in (
                (["--out", "x.ics"], "--out goes with --ics"),
                (["--json"], "--json goes with --check"),
                (["--check", "--ics"], "give one of --check, --ics, --init, "
                 "--install, --uninstall and workout-done"),
                (["--init", "--install"], "give one of"),
                (["--install", "--config", "x"], "--config does not go with "
                 "--install or --uninstall"),
                (["--uninstall", "--config", "x"], "--config does not go"),
                (["--init", "--json"], "--json goes with --check"),
                (["lunch"], "remind takes no argument but workout-done, not "
                 "'lunch'"),
                (["--prompt", "loud"], "--prompt must be auto, notify or "
                 "terminal, not 'loud'"),
                (["--check", "--prompt", "terminal"], "--prompt is for the "
                 "daemon")):
            rc, out, err = h.run("remind", *args)
            expect_eq((rc, out), (2, ""), " ".join(args))
            expect(want in err, "%s: %s" % (args, err))


@test
def ics_is_written_whole_with_a_weekly_event_per_time():
    with Home() as h:
        h.write("[desk]\nevery = 2h\nhours = 09:00-17:00\n[evening]\n"
                "at = 19:30\n[cool]\nafter-workout = 5m\n")
        out = os.path.join(h.dir, "limber.ics")
        expect_eq(h.ok("remind", "--ics", "--out", out), "", "stdout")
        data = open(out, "rb").read()
        expect(data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
               data[:40])
        expect(data.endswith(b"END:VCALENDAR\r\n"), data[-20:])
        text = data.decode()
        expect_eq(text.count("BEGIN:VEVENT"), 5, "events")
        expect_eq(text.count("BEGIN:VALARM"), 5, "alarms")
        expect_eq(sorted(re.findall(r"DTSTART:\d{8}T(\d{6})", text)),
                  ["110000", "130000", "150000", "170000", "193000"],
                  "times")
        expect("RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\r\n" in text, "rule")
        expect("cool" not in text, "cool-down left out")
        expect(all(line.endswith("\r") or line == ""
                   for line in text.split("\n")), "CRLF")
        # The same events on stdout (DTSTAMP is the time of writing).
        expect_eq(re.sub(r"DTSTAMP:\S+", "", h.ok("remind", "--ics")),
                  re.sub(r"DTSTAMP:\S+", "", text.replace("\r\n", "\n")),
                  "stdout")
        # A schedule a calendar cannot hold: an error, no file.
        h.write("[x]\nevery = 1m\n")
        rc, _, err = h.run("remind", "--ics", "--out",
                           os.path.join(h.dir, "no.ics"))
        expect_eq(rc, 1, "too many")
        expect("too many for a calendar" in err, err)
        expect(not os.path.exists(os.path.join(h.dir, "no.ics")), "no file")


@test
def daemon_prompts_and_records_skip_and_snooze():
    with Home() as h:
        h.write(DESK_2S)
        p = h.daemon()
        line = read_until(p.stdout, r"Time to stretch: desk", "first prompt")
        expect(line.startswith("\a"), "a bell: %r" % line)
        expect("[s]tart, [z] snooze, [k] skip?" in line, line)
        p.stdin.write("k\n")
        read_until(p.stdout, r"^Skipped\.$", "skipped")
        read_until(p.stdout, r"Time to stretch: desk", "second prompt")
        p.stdin.write("z\n")
        t = time.monotonic()
        read_until(p.stdout, r"^Snoozed\.$", "snoozed")
        read_until(p.stdout, r"Time to stretch: desk", "snoozed prompt")
        # Snooze is 1 s: back well before the next 3-second break.
        expect(time.monotonic() - t < 2.5, "snooze came back late")
        rc, out, err = stop(p)
        expect_eq(rc, 0, "SIGTERM status (%s)" % err)
        expect("limber-remind: stopping" in err, err)
        rows = h.rows()
        expect(len(rows) >= 3, rows)
        expect_eq(rows[0], ("desk", "every", "skipped", 0), "row 1")
        expect_eq(rows[1], ("desk", "every", "snoozed", 0), "row 2")
        js = json.loads(h.ok("stats", "--json"))
        r = js["reminders"]
        expect_eq((r["shown"], r["skipped"], r["snoozed"], r["started"]),
                  (len(rows), 1, 1, 0), "stats")
        out = h.ok("stats")
        expect(re.search(r"^Reminders: +%d prompts in the last 4 weeks: 0 "
                         r"started, 1 snoozed, 1 skipped" % len(rows),
                         out, re.M), out)
        expect(not os.path.exists(os.path.join(h.state, "remind.pid")),
               "pid file left behind")


@test
def start_now_runs_limber_start_with_the_reminders_routine():
    with Home() as h:
        h.write("[desk]\nevery = 2s\nhours = 00:00-24:00\ndays = all\n"
                "area = lower\nminutes = 7\n")
        # A copy of the daemon, with a stand-in `limber` beside it.
        bindir = os.path.join(h.dir, "bin")
        os.makedirs(bindir)
        shutil.copy(DAEMON, bindir)
        shutil.copy(RECORD, bindir)
        record = os.path.join(h.dir, "args")
        with open(os.path.join(bindir, "limber"), "w") as f:
            f.write("#!/bin/sh\necho \"$@\" > %s\n" % record)
        os.chmod(os.path.join(bindir, "limber"), 0o755)
        p = h.daemon("--config", h.config, "--journal", h.journal,
                     prog=os.path.join(bindir, "limber-remind"))
        read_until(p.stdout, r"Time to stretch: desk", "prompt")
        p.stdin.write("s\n")
        read_until(p.stdout, r"^Starting\.$", "starting")
        # The stand-in has written its whole line (it ends in a newline).
        end = time.monotonic() + 10
        while not (os.path.exists(record) and
                   open(record).read().endswith("\n")):
            expect(time.monotonic() < end, "the stand-in never ran")
            time.sleep(0.05)
        expect_eq(open(record).read(), "--journal %s start --area lower "
                  "--context desk --minutes 7\n" % h.journal, "args")
        stop(p)
        expect_eq(h.rows()[0], ("desk", "every", "started", 0), "row")


@test
def sighup_keeps_the_last_good_config_and_takes_a_good_one():
    with Home() as h:
        h.write(DESK_2S)
        p = h.daemon()
        read_until(p.stderr, r"next reminder at", "armed")
        h.write("[desk]\nevery = 3 minutes\n")
        p.send_signal(signal.SIGHUP)
        line = read_until(p.stderr, r"keeping", "bad reload")
        expect_eq(line, "limber-remind: %s:2: 'every' must be a whole number "
                  "with s, m or h, from 1s to 24h, such as 50m, not '3 "
                  "minutes'; keeping the last good config\n" % h.config,
                  "message")
        # Still reminding with the old one.
        read_until(p.stdout, r"Time to stretch: desk", "old config")
        h.write("[other]\nevery = 1h\nhours = 00:00-24:00\ndays = all\n"
                "[lunch]\nat = 12:00\n")
        p.send_signal(signal.SIGHUP)
        read_until(p.stderr, r"reloaded .*: 2 reminders$", "good reload")
        expect_eq(stop(p)[0], 0, "status")


@test
def workout_done_reaches_the_running_daemon():
    with Home() as h:
        h.write("[cool-down]\nafter-workout = 2s\nminutes = 5\n")
        p = h.daemon()
        read_until(p.stderr, r"nothing is due", "idle")
        out = h.ok("remind", "workout-done")
        expect(re.match(r"^Cool-down reminder at \d{4}-\d\d-\d\d \d\d:\d\d\.$",
                        out), out)
        t = time.monotonic()
        line = read_until(p.stdout, r"Time to stretch: cool-down", "cool")
        expect(1.0 < time.monotonic() - t < 4.0, "when")
        expect("5 minutes for your back (after-workout)" in line, line)
        stop(p)
        expect_eq(h.rows(), [("cool-down", "after-workout", None, 0)], "rows")
        # Without a daemon it is kept for one started later.
        out = h.ok("remind", "workout-done")
        expect("no reminder daemon is running" in out, out)
        p = h.daemon()
        read_until(p.stdout, r"Time to stretch: cool-down", "later daemon")
        stop(p)


DEFAULTS_WORDS = ("[desk] every 50 minutes from 09:00 to 17:30, Monday to "
                  "Friday, but not 12:00-13:00: 5 minutes for your neck and "
                  "upper back")


def default_desk_times(now):
    """When the default desk break comes next after now (UTC seconds;
    the tests run in TZ=UTC), worked out here from the rules in
    docs/remind.md: on weekdays, from 09:00 every 50 minutes up to 17:30,
    none from 12:00 to 13:00. The times after now and after now + 5 s,
    so that a break falling due between two readings is no failure."""
    def after(t):
        day = int(t) // 86400 * 86400
        while True:
            if time.gmtime(day).tm_wday < 5:
                m = 9 * 60 + 50
                while m <= 17 * 60 + 30:
                    at = day + m * 60
                    if at > t and not 12 * 60 <= m < 13 * 60:
                        return at
                    m += 50
            day += 86400
    return {after(now), after(now + 5)}


def minute_text(t):
    return time.strftime("%Y-%m-%d %H:%M", time.gmtime(t))


@test
def no_config_check_lists_the_default_desk_break():
    """No config file at the usual place: --check says the defaults are
    in use and how to write them out, and lists the desk break with its
    next time; its JSON says "defaults": true. The config's folder is
    there but empty, as Home makes it."""
    with Home() as h:
        expect(not os.path.exists(h.config), "a config to start with")
        now = time.time()
        out = h.ok("remind", "--check")
        lines = out.splitlines()
        expect("the defaults: 1 reminder" in lines, out)
        n = lines.index("the defaults: 1 reminder")
        expect_eq(" ".join(lines[:n]), "No config at %s, so limber reminds "
                  "you with its defaults. 'limber remind --init' writes them "
                  "to that file for you to edit." % h.config, "notice")
        lines = lines[n - 2:]
        expect_eq(lines[2:4], ["the defaults: 1 reminder",
                               "[desk] every 50 min, 09:00 to 17:30, Monday "
                               "to Friday; quiet 12:00-13:00"], "desk")
        want = {"    5 min, upper, desk; next " + minute_text(t)
                for t in default_desk_times(now)}
        expect(lines[4] in want, "%r not in %r" % (lines[4], want))
        # Then the paragraph on being away (no idle source here), and
        # what Start now opens.
        expect(" ".join(lines[5:-1]).startswith("Away from the keyboard: "
                                                "no idle source"), out)
        expect_eq(lines[-1], "Start now on a notification opens a terminal: "
                  "x-terminal-emulator -e limber start ...", "start now")
        js = json.loads(h.ok("remind", "--check", "--json"))
        expect_eq((js["config"], js["defaults"], js["snooze_s"]),
                  (h.config, True, 600), "json")
        (desk,) = js["reminders"]
        expect_eq({k: desk[k] for k in ("name", "kind", "area", "context",
                                        "minutes", "warning")},
                  {"name": "desk", "kind": "every", "area": "upper",
                   "context": "desk", "minutes": 5, "warning": None},
                  "the reminder")
        expect(desk["next"] in {time.strftime("%Y-%m-%dT%H:%M:00+00:00",
                                              time.gmtime(t))
                                for t in default_desk_times(now)},
               desk["next"])
        expect(not os.path.exists(h.config), "--check wrote a config")


@test
def no_config_the_daemon_reminds_with_the_defaults_and_says_so_once():
    """The daemon with no config: it starts, says once on stderr that it
    uses the defaults and what they are, and arms the timer for the next
    desk break. SIGHUP with still no file keeps them (a short line, not
    the whole notice again); SIGHUP once a file is there reads it."""
    with Home() as h:
        now = time.time()
        p = h.daemon()
        line = read_until(p.stderr, r"next reminder at", "armed")
        want = {"limber-remind: next reminder at %s:00\n" % minute_text(t)
                for t in default_desk_times(now)}
        expect(line in want, "%r not in %r" % (line, want))
        p.send_signal(signal.SIGHUP)
        line = read_until(p.stderr, r"config", "reload with no file")
        expect_eq(line, "limber-remind: still no config at %s: keeping the "
                  "defaults\n" % h.config, "reload")
        h.write(DESK_2S)
        p.send_signal(signal.SIGHUP)
        read_until(p.stderr, r"reloaded %s: 1 reminder$" % re.escape(h.config),
                   "the new file read")
        read_until(p.stdout, r"Time to stretch: desk", "a prompt from it")
        rc, _, err = stop(p)
        expect_eq(rc, 0, "status (%s)" % err)
        # A daemon started with the file there says nothing of defaults.
        p = h.daemon()
        line = read_until(p.stderr, r"next reminder at|config", "started")
        expect_eq(line, "limber-remind: read %s: 1 reminder\n" % h.config,
                  "with a file")
        stop(p)


@test
def the_defaults_notice_comes_once_with_the_defaults_in_words():
    """The daemon's whole stderr from its start to its stop, with no
    config: the notice once, in words, before the next time."""
    with Home() as h:
        p = h.daemon()
        lines = []
        while True:
            lines.append(read_line(p.stderr, "the daemon's start"))
            if "next reminder at" in lines[-1]:
                break
        stop(p)
        notice = ("limber-remind: no config at %s, so reminding with the "
                  "defaults: %s. 'limber remind --init' writes them to that "
                  "file for you to edit\n" % (h.config, DEFAULTS_WORDS))
        expect_eq([l for l in lines if "config" in l], [notice], lines)


@test
def init_writes_the_defaults_commented_and_refuses_a_second_time():
    """--init writes the defaults, a note above each setting, private
    (0600, in a 0700 folder it makes), whole; --check then reads exactly
    what the defaults gave; a second --init leaves the file as it is."""
    with Home() as h:
        os.rmdir(os.path.dirname(h.config))
        before = h.ok("remind", "--check", "--json")
        out = h.ok("remind", "--init")
        expect_eq(" ".join(out.split()), "Wrote the default reminders to %s. "
                  "Next: change it to suit your day (each line has a note), "
                  "see what comes when with 'limber remind --check', and "
                  "have the reminders start with your desktop session with "
                  "'limber remind --install'." % h.config, "output")
        expect_eq(os.stat(h.config).st_mode & 0o777, 0o600, "file mode")
        expect_eq(os.stat(os.path.dirname(h.config)).st_mode & 0o777, 0o700,
                  "folder mode")
        expect_eq(os.listdir(os.path.dirname(h.config)), ["config"],
                  "no temporary file left")
        text = open(h.config).read()
        lines = text.splitlines()
        settings = [i for i, l in enumerate(lines)
                    if l.strip() and not l.startswith("#")]
        expect_eq([lines[i] for i in settings],
                  ["snooze = 10m", "[desk]", "every = 50m",
                   "hours = 09:00-17:30", "days = mon-fri",
                   "quiet = 12:00-13:00", "area = upper", "context = desk",
                   "minutes = 5"], "settings")
        for i in settings:
            expect(lines[i - 1].startswith("#"), "no note above " + lines[i])
        after = json.loads(h.ok("remind", "--check", "--json"))
        before = json.loads(before)
        expect_eq((before["defaults"], after["defaults"]), (True, False),
                  "defaults")
        expect_eq(after["reminders"], before["reminders"],
                  "the file gives what the defaults gave")
        mtime = os.stat(h.config).st_mtime_ns
        rc, out, err = h.run("remind", "--init")
        expect_eq((rc, out), (1, ""), "second --init")
        expect_eq(err, "limber: %s already exists, and is left as it is; "
                  "edit it, or move it away first to start again from the "
                  "defaults\n" % h.config, "message")
        expect_eq((open(h.config).read(), os.stat(h.config).st_mtime_ns),
                  (text, mtime), "the file is untouched")
        # --config FILE: written there, in a folder made for it.
        other = os.path.join(h.dir, "a", "b", "mine")
        h.ok("remind", "--init", "--config", other)
        expect_eq(open(other).read(), text, "the same text")
        js = json.loads(h.ok("remind", "--check", "--json", "--config",
                             other))
        expect_eq(js["reminders"], before["reminders"], "--config FILE")


@test
def a_config_that_cannot_be_read_is_still_an_error():
    """Only a file that is not there means the defaults: a folder where
    the file should be, or a missing file named by --config, is an error
    for --check and the daemon, which then does not start."""
    with Home() as h:
        os.makedirs(h.config)
        rc, out, err = h.run("remind", "--check")
        expect_eq((rc, out), (1, ""), "status")
        expect_eq(err, "limber: %s: not a regular file; write one as "
                  "docs/remind.md says, or give --config FILE\n" % h.config,
                  "message")
        rc, out, err = h.run("remind", "--prompt", "terminal")
        expect_eq(rc, 1, "the daemon")
        expect("%s: not a regular file" % h.config in err, err)
        expect("defaults" not in err, err)
        none = os.path.join(h.dir, "typo")
        rc, out, err = h.run("remind", "--prompt", "terminal", "--config",
                             none)
        expect_eq(rc, 1, "a named file that is not there")
        expect("%s: No such file or directory" % none in err, err)


def stand_in_systemctl(h, fails=False):
    """A `systemctl` first on PATH that writes its arguments, a line a
    call, to a file, and succeeds, or fails as one with no user manager
    to talk to does. The environment that finds it, and the file."""
    bindir = h.path("bin")
    os.makedirs(bindir, exist_ok=True)
    calls = h.path("systemctl-calls")
    with open(os.path.join(bindir, "systemctl"), "w") as f:
        f.write("#!/bin/sh\necho \"$@\" >> %s\n" % calls)
        if fails:
            f.write("echo 'Failed to connect to bus: No medium found' >&2\n"
                    "exit 1\n")
    os.chmod(os.path.join(bindir, "systemctl"), 0o755)
    return h.env(PATH=bindir + ":" + os.environ["PATH"]), calls


def read_calls(calls):
    if not os.path.exists(calls):
        return []
    with open(calls) as f:
        return f.read().splitlines()


CHECK_ON_IT = ("To see how the reminders are doing:\n"
               "    systemctl --user status limber-remind\n"
               "    journalctl --user -u limber-remind\n"
               "    limber remind --check\n")


def unit_for(exe):
    """contrib/limber-remind.service with the ExecStart --install writes."""
    with open(os.path.join(ROOT, "contrib", "limber-remind.service")) as f:
        text = f.read()
    return re.sub(r"(?m)^ExecStart=.*$", "ExecStart=%s remind" % exe, text)


@test
def install_writes_the_unit_and_enables_it_and_uninstall_removes_it():
    with Home() as h:
        env, calls = stand_in_systemctl(h)
        unit = os.path.join(h.config_home, "systemd", "user",
                            "limber-remind.service")
        exe = os.path.realpath(LIMBER)
        out = h.ok("remind", "--install", env=env)
        expect_eq(open(unit).read(), unit_for(exe), "the unit")
        expect_eq(os.stat(unit).st_mode & 0o777, 0o644, "its mode")
        expect_eq(read_calls(calls),
                  ["--user daemon-reload",
                   "--user enable --now limber-remind.service"], "calls")
        first, rest = out.split("To see", 1)
        expect_eq(" ".join(first.split()), "Wrote %s, which runs %s remind. "
                  "The reminders are running now, and start again with each "
                  "desktop session." % (unit, exe), "output")
        expect_eq("To see" + rest, CHECK_ON_IT, "how to check on it")
        # Again: the unit is written afresh, and enabled again.
        h.ok("remind", "--install", env=env)
        expect_eq(open(unit).read(), unit_for(exe), "the unit again")
        expect_eq(os.listdir(os.path.dirname(unit)),
                  ["limber-remind.service"], "no temporary file left")
        os.remove(calls)
        out = h.ok("remind", "--uninstall", env=env)
        expect_eq(read_calls(calls),
                  ["--user disable --now limber-remind.service",
                   "--user daemon-reload"], "uninstall's calls")
        expect(not os.path.exists(unit), "the unit is still there")
        expect_eq(" ".join(out.split()), "Stopped the reminders' service; it "
                  "no longer starts with your desktop session. Removed %s."
                  % unit, "uninstall's output")
        os.remove(calls)
        out = h.ok("remind", "--uninstall", env=env)
        expect_eq(" ".join(out.split()), "The reminders' service is not "
                  "installed: there is no %s." % unit, "not installed")
        expect_eq(read_calls(calls), [], "nothing asked of systemctl")


@test
def install_without_a_user_manager_leaves_the_unit_and_says_what_to_run():
    with Home() as h:
        env, calls = stand_in_systemctl(h, fails=True)
        unit = os.path.join(h.config_home, "systemd", "user",
                            "limber-remind.service")
        exe = os.path.realpath(LIMBER)
        rc, out, err = h.run("remind", "--install", env=env)
        expect_eq(rc, 0, "status (%s)" % err)
        expect_eq(open(unit).read(), unit_for(exe), "the unit")
        expect_eq(read_calls(calls), ["--user daemon-reload"], "calls")
        expect("No medium found" in err, "systemctl's own words: " + err)
        first, rest = out.split("    systemctl --user daemon-reload\n", 1)
        expect_eq(" ".join(first.split()), "Wrote %s, which runs %s remind. "
                  "They are not running yet: systemctl --user daemon-reload "
                  "ended with status 1 (systemd may not run a manager for "
                  "you here). The file stays; in your desktop session, run:"
                  % (unit, exe), "output")
        expect_eq(rest, "    systemctl --user enable --now "
                  "limber-remind.service\n" + CHECK_ON_IT, "what to run")
        # No systemctl at all.
        os.remove(unit)
        rc, out, err = h.run("remind", "--install",
                             env=h.env(PATH=h.path("nowhere")))
        expect_eq(rc, 0, "status without systemctl")
        expect("They are not running yet: there is no systemctl" in
               " ".join(out.split()), out)
        expect_eq(open(unit).read(), unit_for(exe), "the unit")
        # Uninstall: the link that enabling made goes too, and the unit.
        wants = os.path.join(os.path.dirname(unit),
                             "graphical-session.target.wants")
        os.makedirs(wants)
        os.symlink(unit, os.path.join(wants, "limber-remind.service"))
        os.remove(calls)
        rc, out, err = h.run("remind", "--uninstall", env=env)
        expect_eq(rc, 0, "uninstall's status")
        expect_eq(read_calls(calls),
                  ["--user disable --now limber-remind.service"], "calls")
        expect_eq((os.path.exists(unit), os.listdir(wants)), (False, []),
                  "the unit and its link")
        expect_eq(" ".join(out.split()), "Could not stop the service: "
                  "systemctl --user disable ended with status 1. It no "
                  "longer starts with your desktop session; one running now "
                  "stops when the session ends. Removed %s." % unit, "output")


@test
def install_that_cannot_write_the_unit_fails():
    with Home() as h:
        env, calls = stand_in_systemctl(h)
        # A file where the folder should be.
        with open(os.path.join(h.config_home, "systemd"), "w") as f:
            f.write("in the way\n")
        rc, out, err = h.run("remind", "--install", env=env)
        expect_eq((rc, out), (1, ""), "status")
        expect_eq(err, "limber: %s: Not a directory\n"
                  % os.path.join(h.config_home, "systemd", "user"), "message")
        expect_eq(read_calls(calls), [], "systemctl not asked")


def pending_signals(pid):
    """The signals pending for process pid (its own and its group's), as a
    set of numbers, from /proc: kill() puts a signal there before it
    returns, so a blocked one shows at once, with no wait."""
    mask = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(("SigPnd:", "ShdPnd:")):
                mask |= int(line.split()[1], 16)
    return {n for n in range(1, 65) if mask & (1 << (n - 1))}


def blocked_sleep(pid):
    """Whether process pid is now `sleep` with SIGUSR1 blocked."""
    with open("/proc/%d/status" % pid) as f:
        status = dict(line.split(":", 1) for line in f if ":" in line)
    return (status["Name"].strip() == "sleep" and
            int(status["SigBlk"], 16) & (1 << (signal.SIGUSR1 - 1)))


@test
def workout_done_never_signals_a_stale_pid():
    """docs/reliability.md, "What reaches a terminal, and other findings":
    a remind.pid left by a daemon that died (a crash, a power cut) names a
    pid that may now be any other process. workout-done signals only a pid
    whose file is locked, as a running daemon's is: here the file names a
    live `sleep` and nobody holds its lock, so the sleep gets no SIGUSR1
    (it blocks it, so that a signal sent would show as pending rather than
    end it), and the command says plainly that no daemon is running."""
    with Home() as h:
        h.write("[cool-down]\nafter-workout = 10m\n")
        # The mask is kept across exec: a sleep with SIGUSR1 blocked.
        victim = subprocess.Popen(
            [sys.executable, "-c", "import os, signal; "
             "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1}); "
             "os.execvp('sleep', ['sleep', '600'])"])
        h.procs.append(victim)
        deadline = time.monotonic() + 20
        while not blocked_sleep(victim.pid):
            expect(time.monotonic() < deadline and victim.poll() is None,
                   "the sleep did not start")
            time.sleep(0.01)
        os.makedirs(h.state, exist_ok=True)
        pidfile = os.path.join(h.state, "remind.pid")
        with open(pidfile, "w") as f:
            f.write("%d\n" % victim.pid)
        out = h.ok("remind", "workout-done")
        expect(signal.SIGUSR1 not in pending_signals(victim.pid),
               "the stale pid %d was sent SIGUSR1" % victim.pid)
        expect(victim.poll() is None, "the process named was ended")
        expect("no reminder daemon is running" in out and
               "start 'limber remind'" in out, out)
        expect("Cool-down reminder at" not in out, out)
        # The workout is kept for a daemon started later, which takes the
        # pid file over and reminds as it should.
        expect(os.path.exists(os.path.join(h.state, "workout")), "workout")
        p = h.daemon()
        read_until(p.stderr, r"nothing is due|next reminder", "daemon")
        with open(pidfile) as f:
            expect_eq(f.read().strip(), str(p.pid), "the daemon's pid file")
        out = h.ok("remind", "workout-done")
        expect(out.startswith("Cool-down reminder at"), out)
        expect_eq(stop(p)[0], 0, "the daemon stops cleanly")
        expect(victim.poll() is None, "the sleep is still there")


@test
def reminders_that_never_come_are_named():
    """docs/reliability.md: a reminder whose quiet hours cover every time
    it is due (the whole day for an after-workout one), or an "every"
    longer than its hours, is a valid config that never prompts: --check
    (and its JSON) and the daemon say so, and workout-done does not
    promise a cool-down that would be dropped."""
    with Home() as h:
        h.write("quiet = 00:00-24:00\n[desk]\nevery = 50m\n"
                "[cool]\nafter-workout = 10m\n")
        out = h.ok("remind", "--check")
        expect_eq(out.count("Warning: this reminder never comes"), 2, out)
        expect("quiet hours cover every time it is due" in
               re.sub(r"\s+", " ", out), out)
        js = json.loads(h.ok("remind", "--check", "--json"))
        expect(all(r["warning"] for r in js["reminders"]), js)
        rc, out, err = h.run("remind", "workout-done")
        expect_eq(rc, 1, "workout-done with every cool-down quiet")
        expect("cover the whole day" in err, err)
        p = h.daemon()
        line = read_until(p.stderr, r"never comes", "the daemon's warning")
        expect("[desk] never comes" in line or "[cool] never comes" in line,
               line)
        stop(p)
        h.write("[evening]\nat = 19:30\nquiet = 19:00-20:00\n"
                "[short]\nevery = 2h\nhours = 09:00-10:00\n"
                "[fine]\nat = 08:00, 19:45\nquiet = 19:00-20:00\n")
        js = json.loads(h.ok("remind", "--check", "--json"))
        warn = {r["name"]: r["warning"] for r in js["reminders"]}
        expect("quiet hours" in warn["evening"], warn)
        expect("interval is longer than its hours" in warn["short"], warn)
        expect_eq(warn["fine"], None, "a reminder that comes at 08:00")


@test
def one_daemon_per_user():
    with Home() as h:
        h.write(DESK_2S)
        p = h.daemon()
        read_until(p.stderr, r"next reminder", "first daemon")
        rc, out, err = h.run("remind", "--prompt", "terminal")
        expect_eq(rc, 1, "second daemon")
        expect_eq(err.splitlines()[-1], "limber-remind: another limber "
                  "remind is running (pid %d)" % p.pid, "message")
        expect_eq(stop(p)[0], 0, "first still stops cleanly")


@test
def idle_daemon_is_not_woken_while_nothing_is_due():
    with Home() as h:
        # Due at most once a day, not in the next few seconds.
        hour = (time.gmtime().tm_hour + 12) % 24
        h.write("[daily]\nat = %02d:00\n[cool]\nafter-workout = 10m\n" % hour)
        p = h.daemon()
        read_until(p.stderr, r"next reminder at", "armed")
        time.sleep(0.5)

        def switches():
            with open("/proc/%d/status" % p.pid) as f:
                return int(re.search(r"voluntary_ctxt_switches:\s+(\d+)",
                                     f.read()).group(1))
        before = switches()
        time.sleep(3)
        expect_eq(switches() - before, 0, "wake-ups in 3 s")
        stop(p)


@test
def the_daemon_maps_no_sqlite_and_a_helper_writes_the_journal():
    with Home() as h:
        h.write(DESK_2S)
        p = h.daemon()
        read_until(p.stdout, r"Time to stretch: desk", "first prompt")
        p.stdin.write("k\n")
        read_until(p.stdout, r"^Skipped\.$", "skipped")
        # After a prompt and its answer, both in the journal...
        expect_eq(h.rows()[0][2], "skipped", "the answer, in the journal")
        # ...the daemon has mapped neither SQLite nor jansson (nor the
        # maths library, but the sanitizers' runtime maps that one).
        with open("/proc/%d/maps" % p.pid) as f:
            libs = sorted({line.split()[-1].rsplit("/", 1)[-1]
                           for line in f if ".so" in line})
        banned = ("libsqlite3", "libjansson")
        if not any(l.startswith(("libasan", "libubsan")) for l in libs):
            banned += ("libm.",)
        expect(not any(l.startswith(banned) for l in libs),
               "the daemon maps %s" % libs)
        stop(p)


@test
def the_journal_helper_refuses_bad_arguments_by_name():
    with Home() as h:
        for args, word in ((["prompt", "soon", "every", "0", "desk"], "AT"),
                           (["prompt", "1", "hourly", "0", "desk"], "KIND"),
                           (["prompt", "1", "every", "2", "desk"], "LATE"),
                           (["answer", "1", "x", "skipped"], "ID"),
                           (["answer", "1", "1", "maybe"], "ANSWER"),
                           (["erase", "1", "1", "skipped"], "prompt or answer"),
                           (["prompt", "1", "every", "0"], "usage")):
            r = subprocess.run([RECORD, "--journal", h.journal, *args],
                               capture_output=True, text=True,
                               env=h.env())
            expect_eq(r.returncode, 2, "%s: status" % args)
            expect(word in r.stderr, "%s: %r" % (args, r.stderr))
            expect(not os.path.exists(h.journal), "%s: no journal" % args)
        # An answer to a prompt the journal does not have: status 1.
        r = subprocess.run([RECORD, "--journal", h.journal, "answer", "1",
                            "7", "skipped"], capture_output=True, text=True,
                           env=h.env())
        expect_eq(r.returncode, 1, "unknown prompt: status")
        expect("not in the journal" in r.stderr, r.stderr)
        r = subprocess.run([RECORD, "--journal", h.journal, "prompt", "1",
                            "every", "1", "desk"], capture_output=True,
                           text=True, env=h.env())
        expect_eq((r.returncode, r.stdout), (0, "1\n"), "a prompt's id")


@test
def notifications_carry_the_actions_and_their_answers():
    server = os.environ.get("LIMBER_NOTIFY_SERVER")
    for need, have in (("the stand-in server (GIO)", server),
                       ("dbus-run-session", shutil.which("dbus-run-session")),
                       ("notify-send", shutil.which("notify-send"))):
        if not have:
            raise Skip("no " + need)
    with Home() as h:
        h.write(DESK_2S)
        ready = os.path.join(h.dir, "server.out")
        # The server first, owning its name, then the daemon on that bus.
        script = ('"$1" skip snooze none > "$2" & '
                  'while ! grep -q ready "$2"; do sleep 0.05; done; '
                  'shift 2; exec "$@"')
        p = subprocess.Popen(
            ["dbus-run-session", "--", "sh", "-c", script, "sh", server,
             ready, DAEMON, "--prompt", "notify"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=h.env(), text=True,
            start_new_session=True)
        h.procs.append(p)
        read_until(p.stderr, r"prompts as desktop notifications", "mode")
        end = time.monotonic() + 20
        def shown():
            return [line for line in open(ready).read().splitlines()
                    if line.startswith("notify ")]
        while time.monotonic() < end:
            try:
                rows = h.rows()
            except sqlite3.Error:
                rows = []   # not made yet
            # Three shown by the server, and the first two answered.
            if len(shown()) >= 3 and len(rows) >= 3 and \
                    rows[1][2] is not None:
                break
            time.sleep(0.2)
        # The daemon by its pid file; then the bus and the server, which
        # are in the process group this test made.
        pidfile = os.path.join(h.state, "remind.pid")
        with open(pidfile) as f:
            os.kill(int(f.read()), signal.SIGTERM)
        # It has finished when it has removed its pid file.
        end = time.monotonic() + 10
        while os.path.exists(pidfile):
            expect(time.monotonic() < end, "the daemon did not stop")
            time.sleep(0.05)
        os.killpg(p.pid, signal.SIGTERM)
        _, err = p.communicate(timeout=10)
        seen = shown()
        expect(len(seen) >= 3, "notifications: %r %s" % (seen, err))
        expect_eq(seen[0], "notify Time to stretch: desk | 5 minutes for "
                  "your neck and upper back (desk) | start,Start now,"
                  "snooze,Snooze,skip,Skip", "the notification")
        rows = h.rows()
        expect_eq(rows[0][2], "skipped", "first answer")
        expect_eq(rows[1][2], "snoozed", "second answer")
        # Closed without an action: not answered.
        expect_eq(rows[2][2], None, "third answer")


def notify_session(h, actions, env):
    """The daemon on a private session bus whose stand-in notification
    server answers the notifications with actions, in turn; the Popen
    (its stderr is the daemon's) and the server's output file. Skips,
    saying why, without the server, dbus-run-session or notify-send."""
    server = os.environ.get("LIMBER_NOTIFY_SERVER")
    for need, have in (("the stand-in server (GIO)", server),
                       ("dbus-run-session", shutil.which("dbus-run-session")),
                       ("notify-send", shutil.which("notify-send"))):
        if not have:
            raise Skip("no " + need)
    ready = os.path.join(h.dir, "server.out")
    script = ('"$1" %s > "$2" & '
              'while ! grep -q ready "$2"; do sleep 0.05; done; '
              'shift 2; exec "$@"' % " ".join(actions))
    p = subprocess.Popen(
        ["dbus-run-session", "--", "sh", "-c", script, "sh", server,
         ready, DAEMON, "--prompt", "notify"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=env, text=True,
        start_new_session=True)
    h.procs.append(p)
    read_until(p.stderr, r"prompts as desktop notifications", "mode")
    return p


def stop_notify_session(h, p):
    """SIGTERM to the daemon (by its pid file), then the bus and the
    server; what the daemon said on stderr."""
    pidfile = os.path.join(h.state, "remind.pid")
    with open(pidfile) as f:
        os.kill(int(f.read()), signal.SIGTERM)
    end = time.monotonic() + 20
    while os.path.exists(pidfile):
        expect(time.monotonic() < end, "the daemon did not stop")
        time.sleep(0.05)
    fd = p.stderr.fileno()
    os.killpg(p.pid, signal.SIGTERM)
    _, err = p.communicate(timeout=10)
    return BUFFERS.pop(fd, b"").decode() + err


def stand_in(h, name, record):
    """A program called name in h's bin folder that appends its arguments
    to record as one line and runs nothing; the folder."""
    bindir = os.path.join(h.dir, "bin")
    os.makedirs(bindir, exist_ok=True)
    with open(os.path.join(bindir, name), "w") as f:
        f.write('#!/bin/sh\necho "$@" >> %s\n' % record)
    os.chmod(os.path.join(bindir, name), 0o755)
    return bindir


def wait_lines(path, n, what, timeout=30):
    """The first n whole lines of path, waiting for them with a deadline."""
    end = time.monotonic() + timeout
    while True:
        if os.path.exists(path):
            text = open(path).read()
            if text.endswith("\n") and len(text.splitlines()) >= n:
                return text.splitlines()
        expect(time.monotonic() < end, "no %d lines for %s" % (n, what))
        time.sleep(0.05)


def cmdlines():
    """Every process's command line that can be read, as one string each,
    with its pid."""
    out = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    out[int(pid)] = f.read().replace(b"\0", b" ").decode(
                        errors="replace")
            except OSError:
                pass
    return out


def servers_of(journal):
    """The pids of `limber serve --open` running on this journal."""
    return [pid for pid, cmd in cmdlines().items()
            if " serve " in cmd and "--open" in cmd and journal in cmd]


def check_redirect(path, env_runtime):
    """The redirect page at path: in a private folder, 0600, sending the
    browser to the server with the token; the address, fetched, answers
    200 with the page. The token is on no command line. Its address."""
    import stat
    import urllib.request
    expect_eq(os.path.dirname(path), os.path.join(env_runtime, "limber"),
              "the folder")
    expect_eq(stat.S_IMODE(os.stat(path).st_mode), 0o600, "file mode")
    expect_eq(stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode), 0o700,
              "folder mode")
    html = open(path).read()
    m = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
    expect(m, html)
    url = m.group(1).replace("&amp;", "&")
    token = re.search(r"token=([0-9a-f]{32})", url).group(1)
    for pid, cmd in cmdlines().items():
        expect(token not in cmd, "the token on a command line: %s" % cmd)
    with urllib.request.urlopen(url, timeout=10) as r:
        expect_eq(r.status, 200, "status")
        expect("<html" in r.read().decode(), "the page")
    return url


@test
def start_and_terminal_are_read_and_named_by_file_and_line():
    with Home() as h:
        for text, line, want in (
                ("start = window\n", 1, "'start' must be terminal or "
                 "page, not 'window'"),
                ("snooze = 5m\nterminal = xterm -T 'a b' -e\n", 2,
                 "'terminal' takes words split at spaces; quotes and "
                 "backslashes are not supported, not 'xterm -T 'a b' -e'"),
                ("terminal = 1 2 3 4 5 6 7 8 9\n", 1,
                 "'terminal' takes at most 8 words"),
                ("start = page\nstart = terminal\n", 2,
                 "'start' is given twice")):
            h.write(text + DESK_2S.replace("snooze = 1s\n", ""))
            rc, out, err = h.run("remind", "--check")
            expect_eq((rc, out), (1, ""), text)
            expect_eq(err, "limber: %s:%d: %s\n" % (h.config, line, want),
                      text)
        h.write("terminal = gnome-terminal --\n" + DESK_2S)
        out = h.ok("remind", "--check")
        expect_eq(out.splitlines()[-1], "Start now on a notification opens "
                  "a terminal: gnome-terminal -- limber start ...", out)
        js = json.loads(h.ok("remind", "--check", "--json"))
        expect_eq((js["start"], js["terminal"]),
                  ("terminal", ["gnome-terminal", "--"]), "json")
        h.write("start = page\n" + DESK_2S)
        out = h.ok("remind", "--check")
        expect_eq(out.splitlines()[-1], "Start now on a notification opens "
                  "the page in your browser (limber serve --open).", out)
        js = json.loads(h.ok("remind", "--check", "--json"))
        expect_eq((js["start"], js["terminal"]),
                  ("page", ["x-terminal-emulator", "-e"]), "json")


@test
def start_now_from_a_notification_runs_the_configured_terminal():
    with Home() as h:
        record = h.path("term-args")
        bindir = stand_in(h, "my-term", record)
        h.write("terminal = my-term --run\n" + DESK_2S +
                "area = lower\nminutes = 7\n")
        env = h.env(PATH=bindir + os.pathsep + os.environ["PATH"])
        p = notify_session(h, ["start"], env)
        line = wait_lines(record, 1, "the stand-in terminal")[0]
        stop_notify_session(h, p)
        expect_eq(line, "--run %s --journal %s start --area lower --context "
                  "desk --minutes 7" % (LIMBER, h.journal), "its arguments")
        expect_eq(h.rows()[0][2], "started", "the answer")


@test
def a_terminal_that_cannot_run_is_said_and_the_answer_kept():
    with Home() as h:
        h.write("terminal = limber-no-such-terminal -e\n" + DESK_2S)
        p = notify_session(h, ["start"], h.env())
        read_until(p.stderr, r"cannot run limber-no-such-terminal: No such "
                   r"file", "the error", timeout=30)
        stop_notify_session(h, p)
        expect_eq(h.rows()[0][2], "started", "the answer")


@test
def start_now_with_start_page_opens_the_page_on_one_server():
    with Home() as h:
        record = h.path("opened")
        bindir = stand_in(h, "xdg-open", record)
        runtime = h.path("run")
        os.mkdir(runtime, 0o700)
        h.write("start = page\n" + DESK_2S + "area = lower\nminutes = 7\n")
        env = h.env(PATH=bindir + os.pathsep + os.environ["PATH"],
                    XDG_RUNTIME_DIR=runtime)
        p = notify_session(h, ["start", "start"], env)
        first = wait_lines(record, 1, "xdg-open")[0]
        url = check_redirect(first, runtime)
        expect(url.endswith("#/start?area=lower&context=desk&minutes=7"),
               url)
        servers = servers_of(h.journal)
        expect_eq(len(servers), 1, "one server")
        # The second Start now opens the page again, on the same server.
        second = wait_lines(record, 2, "xdg-open again")[1]
        expect_eq(second, first, "the same file")
        expect_eq(check_redirect(second, runtime), url, "the same address")
        expect_eq(servers_of(h.journal), servers, "still one server")
        err = stop_notify_session(h, p)
        expect("opening the page again" in err, err)
        end = time.monotonic() + 20
        while os.path.exists("/proc/%d" % servers[0]) and \
                servers[0] in servers_of(h.journal):
            expect(time.monotonic() < end, "the server outlived the daemon")
            time.sleep(0.05)
        expect_eq([r[2] for r in h.rows()[:2]], ["started", "started"],
                  "the answers")


@test
def serve_open_on_its_own_opens_the_page_and_stops_unused():
    with Home() as h:
        record = h.path("opened")
        bindir = stand_in(h, "xdg-open", record)
        runtime = h.path("run")
        os.mkdir(runtime, 0o700)
        env = h.env(PATH=bindir + os.pathsep + os.environ["PATH"],
                    XDG_RUNTIME_DIR=runtime, **harness.clock_env(100))
        rc, _, err = h.run("serve", "--area", "upper", "--port", "0")
        expect_eq(rc, 2, err)
        expect("--area, --context and --minutes go together, with --open"
               in err, err)
        p = subprocess.Popen([LIMBER, "serve", "--port", "0", "--open",
                              "--quit-after", "1"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env, text=True)
        h.procs.append(p)
        line = read_line(p.stdout, "where it serves")
        url = check_redirect(wait_lines(record, 1, "xdg-open")[0], runtime)
        m = re.match(r"^http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]{32})$",
                     url)
        expect(m, url)
        # Said without the token, which may go to a log.
        expect("http://127.0.0.1:%s/ " % m.group(1) in line, line)
        expect(m.group(2) not in line, line)
        # Unused for a minute (0.6 s on the test clock), it stops; in a
        # build without the test clock this takes the whole minute.
        out, err = p.communicate(timeout=90)
        expect_eq(p.returncode, 0, err)
        expect("the server stopped: no request for 1 minute" in out, out)


@test
def serve_open_says_when_no_browser_can_be_opened():
    with Home() as h:
        empty = h.path("empty")
        os.mkdir(empty)
        p = subprocess.Popen([LIMBER, "serve", "--port", "0", "--open"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=h.env(PATH=empty),
                             text=True)
        h.procs.append(p)
        line = read_line(p.stderr, "the error")
        page = os.path.join(h.state, "page.html")
        expect_eq(line, "limber: cannot run xdg-open: No such file or "
                  "directory; open %s in a browser\n" % page, "message")
        # The page is there to open by hand, and the server serves it.
        check_redirect(page, os.path.dirname(h.state))
        rc, out, _ = stop(p)
        expect_eq(rc, 0, out)


class IdleBus:
    """The stand-in logind and screensaver (idle-server.c) on a private
    bus (dbus-run-session), which the daemon is given as both its system
    and its session bus. The server is the program the bus runs for, so
    when it quits the bus goes too."""

    def __init__(self, h, *args):
        server = os.environ.get("LIMBER_IDLE_SERVER")
        for need, have in (("the stand-in idle server (GIO)", server),
                           ("dbus-run-session",
                            shutil.which("dbus-run-session"))):
            if not have:
                raise Skip("no " + need)
        where = os.path.join(h.dir, "bus-address")
        script = 'echo "$DBUS_SESSION_BUS_ADDRESS" > "$1"; shift; exec "$@"'
        self.p = subprocess.Popen(
            ["dbus-run-session", "--", "sh", "-c", script, "sh", where,
             server, *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=h.env(), text=True, bufsize=1,
            start_new_session=True)
        h.procs.append(self.p)
        read_until(self.p.stdout, r"^ready$", "the idle server")
        with open(where) as f:
            address = f.read().strip()
        self.env = {"DBUS_SESSION_BUS_ADDRESS": address,
                    "DBUS_SYSTEM_BUS_ADDRESS": address}

    def send(self, command):
        """A command to the server, once it has sent its signal."""
        self.p.stdin.write(command + "\n")
        self.p.stdin.flush()
        read_until(self.p.stdout, r"^ok$", command)

    def quit(self):
        self.p.stdin.write("quit\n")
        self.p.stdin.flush()
        self.p.wait(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.p.poll() is None:
            os.killpg(self.p.pid, signal.SIGTERM)
            self.p.wait(timeout=10)
        for f in (self.p.stdout, self.p.stderr):
            BUFFERS.pop(f.fileno(), None)


def idle_line(out):
    """--check's paragraph on being away, on one line."""
    words = " ".join(out.split())
    words = words[words.index("Away from the keyboard"):]
    return words[:words.index(" Start now on a notification")]


@test
def check_names_the_idle_sources_or_says_there_is_none():
    with Home() as h:
        h.write(DESK_2S)
        expect_eq(idle_line(h.ok("remind", "--check")),
                  "Away from the keyboard: no idle source here (neither "
                  "logind nor a screensaver on D-Bus), so reminders come "
                  "whether or not you are at the keyboard.", "none")
        js = json.loads(h.ok("remind", "--check", "--json"))
        expect_eq(js["idle"], [], "none in JSON")
        with IdleBus(h) as bus:
            env = h.env(**bus.env)
            expect_eq(idle_line(h.ok("remind", "--check", env=env)),
                      "Away from the keyboard: limber hears from logind "
                      "and the screensaver when you are idle or locked, "
                      "and no reminder comes then.", "both")
            js = json.loads(h.ok("remind", "--check", "--json", env=env))
            expect_eq(js["idle"], ["logind", "screensaver"], "both in JSON")
        with IdleBus(h, "--no-saver") as bus:
            js = json.loads(h.ok("remind", "--check", "--json",
                                 env=h.env(**bus.env)))
            expect_eq(js["idle"], ["logind"], "logind alone")


def hhmm(t):
    return time.strftime("%H:%M", time.gmtime(t))


@test
def the_daemon_says_its_sources_and_when_you_go_away_and_come_back():
    with Home() as h:
        h.write("[desk]\nevery = 1h\nhours = 00:00-24:00\ndays = all\n")
        p = h.daemon()
        read_until(p.stderr, r"no idle source: reminders come whether or "
                   r"not you are at the keyboard", "no source")
        stop(p)
        with IdleBus(h) as bus:
            p = h.daemon(env=bus.env)
            read_until(p.stderr, r"away from the keyboard: hearing from "
                       r"logind and the screensaver when you are idle or "
                       r"locked", "sources")
            # Idle for two minutes already, as logind says it.
            since = time.time() - 150
            bus.send("idle 1 %d" % int(since * 1e6))
            read_until(p.stderr, r"away since %s: no prompts until you "
                       r"are back" % hhmm(since), "away on idle")
            bus.send("idle 0")
            read_until(p.stderr, r"back after 2 minutes$", "back")
            # The screensaver alone is enough.
            bus.send("saver 1")
            read_until(p.stderr, r"away since", "away on the screensaver")
            bus.send("saver 0")
            read_until(p.stderr, r"back after 0 minutes$", "back again")
            expect_eq(stop(p)[0], 0, "stops")


def next_due(p):
    """The time of the next prompt, from the daemon's "next reminder at"."""
    line = read_until(p.stderr, r"next reminder at", "armed")
    at = re.search(r"at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", line)
    return time.mktime(time.strptime(at.group(1) + " UTC",
                                      "%Y-%m-%d %H:%M:%S %Z")) - \
        time.mktime(time.gmtime(0))


def no_prompt_until(p, t):
    """Nothing on stdout until wall time t (and a little after)."""
    fd = p.stdout.fileno()
    while time.time() < t + 0.5:
        expect(b"Time to stretch" not in BUFFERS.get(fd, b""),
               "a prompt while away: %r" % BUFFERS.get(fd))
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            BUFFERS[fd] = BUFFERS.get(fd, b"") + os.read(fd, 4096)
    expect(b"Time to stretch" not in BUFFERS.get(fd, b""),
           "a prompt while away: %r" % BUFFERS.get(fd))


def away_then_back(h, away, back):
    """A 3-second desk break, missed while away; shown once on return."""
    h.write("[desk]\nevery = 3s\nhours = 00:00-24:00\ndays = all\n")
    with IdleBus(h) as bus:
        p = h.daemon(env=bus.env)
        first = next_due(p)
        bus.send(away)
        read_until(p.stderr, r"away since", "away")
        # Two breaks come and go at an empty desk: nothing is shown.
        no_prompt_until(p, first + 3)
        expect_eq(h.rows() if os.path.exists(h.journal) else [], [],
                  "prompts recorded while away")
        bus.send(back)
        read_until(p.stderr, r"back after", "back")
        read_until(p.stdout, r"Time to stretch: desk", "the missed prompt")
        rc, out, err = stop(p)
        # Shown once, not once for each break missed: at most one more,
        # the next regular one, can have come before the stop.
        expect(out.count("Time to stretch") <= 1, out)
        expect(len(h.rows()) <= 2, h.rows())


@test
def a_prompt_due_while_idle_waits_and_is_shown_once_on_return():
    with Home() as h:
        away_then_back(h, "idle 1", "idle 0")


@test
def a_locked_session_counts_as_away():
    with Home() as h:
        away_then_back(h, "lock 1", "lock 0")


@test
def a_long_enough_absence_is_the_break_and_moves_the_next_one():
    with Home() as h:
        # A 1-minute break every 10 minutes: away 2 minutes was that break.
        h.write("[desk]\nevery = 10m\nhours = 00:00-24:00\ndays = all\n"
                "minutes = 1\n")
        with IdleBus(h) as bus:
            p = h.daemon(env=bus.env)
            first = next_due(p)
            if first - time.time() < 15:
                # Too close to the next break: let it come, take the one after.
                read_until(p.stdout, r"Time to stretch", "a break", 30)
                first = next_due(p)
            # Away 30 s: too short a break; the next stays where it was.
            bus.send("idle 1 %d" % int((time.time() - 30) * 1e6))
            read_until(p.stderr, r"away since", "away briefly")
            bus.send("idle 0")
            read_until(p.stderr, r"back after 0 minutes", "back soon")
            expect_eq(next_due(p), first, "after a short absence")
            # Away 2 minutes: the next is a whole interval after the return.
            bus.send("idle 1 %d" % int((time.time() - 120) * 1e6))
            read_until(p.stderr, r"away since", "away")
            back = int(time.time())
            bus.send("idle 0")
            read_until(p.stderr, r"back after 2 minutes", "back")
            later = next_due(p)
            expect(later >= back + 600 and later > first,
                   "next at %d, back at %d, first %d" % (later, back, first))
            expect_eq(stop(p)[0], 0, "stops")


@test
def a_bus_that_goes_is_said_and_prompts_resume():
    with Home() as h:
        h.write("[desk]\nevery = 3s\nhours = 00:00-24:00\ndays = all\n")
        with IdleBus(h) as bus:
            p = h.daemon(env=bus.env)
            next_due(p)
            bus.send("idle 1")
            read_until(p.stderr, r"away since", "away")
            # The server quits, and with it the private bus.
            bus.quit()
            read_until(p.stderr, r"logind .*: you count as present from "
                       r"now on", "logind lost")
            read_until(p.stderr, r"back after", "back")
            read_until(p.stdout, r"Time to stretch: desk", "prompts again")
            expect_eq(stop(p)[0], 0, "stops")


@test
def remind_is_in_help_and_the_man_page():
    man = open(MAN).read()
    with Home() as h:
        top = h.ok("--help")
        expect(re.search(r"^  remind\s", top, re.M), "--help lacks remind")
        expect("*limber remind*" in man, "man page lacks remind")
        out = h.ok("help", "remind")
        for opt in set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", out)):
            expect(opt in man, "man page lacks remind %s" % opt)
        expect("workout-done" in man, "man page lacks workout-done")


if __name__ == "__main__":
    sys.exit(harness.main("remind"))
