#!/usr/bin/env python3
"""Black-box tests of the journal commands of the real `limber` binary.

log, history, stats, export and import, and what the journal changes in
check and plan: exit statuses, messages, the journal's file and folder
modes, the --journal option and $LIMBER_JOURNAL, files limber must refuse
and leave untouched, a busy journal, and a session whose process died
(crafted with Python's sqlite3, as a killed coach would leave it). Each
test runs in a fresh temporary HOME. The results are TAP (harness.py); it
exits 1 when any test failed.

usage: test_journal_cli.py PATH-TO-LIMBER SOURCE-ROOT
"""
import csv
import datetime
import io
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
import time

import harness
from harness import ROOT, expect, expect_eq, test
from test_escape import on_terminal  # its tests are not run here

MAN = os.path.join(ROOT, "doc", "limber.1.scd")
COMMANDS = ["log", "history", "stats", "export", "import"]

class Home(harness.Home):
    """harness.Home, in UTC, with the journal where limber puts a user's
    (the tests of --journal and $LIMBER_JOURNAL give theirs)."""

    PREFIX = "limber-journal-cli-"
    JOURNAL_ENV = False
    ENV = {"TZ": "UTC"}
    TIMEOUT = 30

    def json(self, *args, **kw):
        return json.loads(self.ok(*args, **kw))


def one_line(text):
    return re.sub(r"\s+", " ", text).strip()


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def plan_json(h):
    return h.json("plan", "--json")


def export_with_sessions(h, sessions, **more):
    """An export (as a dict) holding sessions given as (start, before, after),
    each of which did the first exercise of its plan."""
    plan = plan_json(h)
    first = plan["items"][0]
    doc = {"limber_journal": 1, "screenings": [], "sessions": [], "pain": [],
           "notes": [], "clearances": [], "doses": []}
    for start, before, after in sessions:
        doc["sessions"].append({
            "started": start, "ended": start[:-3] + "50Z", "state": "done",
            "reason": None, "last_step": 10, "next_day": None,
            "screening": None, "plan": plan,
            "stretches": [{"at": start[:-3] + "10Z",
                           "stretch": first["stretch"],
                           "variant": None, "reps": 2,
                           "sides": first["sides"], "skipped": False}],
            "pain": [{"at": start, "kind": "before", "value": before,
                      "area": "lower", "note": None},
                     {"at": start[:-3] + "40Z", "kind": "after",
                      "value": after, "area": "lower", "note": None}],
            "notes": []})
    doc.update(more)
    return doc


def import_doc(h, doc, name="in.json"):
    path = h.path(name)
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)
    return h.run("import", path)


def import_fault(path, rest):
    """A pattern for "limber: PATH:LINE:COL: REST": the import fault of a
    file json.dump wrote, wherever its value lies (a_bad_import_is_placed_
    by_line_and_column checks the places themselves)."""
    return re.compile(r"limber: %s:\d+:\d+: %s"
                      % (re.escape(path), re.escape(rest)))


# ------------------------------------------------------- the rest of the day

@test
def urgent_or_emergency_holds_the_day_until_called_a_mistake():
    """docs/safety.md, "The rest of the day": after an emergency or urgent
    verdict no plan, handout or session starts that day; the earlier
    answer is shown; a note saying it was a mistake lifts it, in the
    journal; a see-clinician verdict does not hold the day."""
    with Home() as h:
        rc, _, _ = h.run("check", "--pain", "2", "--area", "lower", "--yes",
                         "progressive-weakness")
        expect_eq(rc, 3, "urgent")
        for args in (["plan", "--area", "lower"],
                     ["plan", "--pain", "2", "--area", "lower"],
                     ["handout", "--area", "lower", "--out", h.path("h.pdf")],
                     ["start", "--pain", "2", "--area", "lower", "--plain"]):
            rc, out, _ = h.run(*args)
            words = " ".join(out.split())
            expect_eq(rc, 3, " ".join(args))
            expect("gave the verdict urgent" in words, words)
            expect("Is an arm or leg newly weak or numb" in words, words)
            expect("Please see a doctor today" in words, words)
            expect('limber log --note "that answer was a mistake"' in words,
                   words)
        expect(not os.path.exists(h.path("h.pdf")), "a handout was written")
        # Answering again differently does not lift it by itself: the
        # check shows what was said earlier and the way out.
        rc, out, _ = h.run("check", "--pain", "2", "--area", "lower")
        words = " ".join(out.split())
        expect_eq(rc, 3, "a later go on a held day: " + words)
        expect("would give go, but today stays held" in words, words)
        expect("Is an arm or leg newly weak or numb" in words, words)
        expect('limber log --note "that answer was a mistake"' in words,
               words)
        expect("Stretch only to a gentle pull" not in words, words)
        rc, out, _ = h.run("check", "--pain", "2", "--area", "lower",
                           "--json")
        j = json.loads(out)
        expect_eq((rc, j["verdict"], j["held"]["held"]), (3, "go", "urgent"),
                  "check --json on a held day")
        rc, out, _ = h.run("check", "--pain", "2", "--area", "lower",
                           "--yes", "fever")
        expect_eq(rc, 3, "see-clinician on a held day")
        expect("today stays held" not in out, "a verdict that blocks by "
               "itself needs no hold words: " + out)
        rc, out, _ = h.run("plan", "--area", "lower", "--json")
        expect_eq((rc, json.loads(out)["held"]), (3, "urgent"), "still held")
        time.sleep(1.1)          # times are whole seconds; a tie holds
        h.ok("log", "--note", "that answer was a mistake: I misread it")
        rc, out, _ = h.run("plan", "--area", "lower")
        expect_eq(rc, 0, "after the mistake: " + out)
        rc, out, _ = h.run("check", "--pain", "2", "--area", "lower")
        expect_eq(rc, 0, "check after the mistake: " + out)
        notes = h.json("history", "--json")["notes"]
        expect(any(n["text"].startswith("that answer was a mistake")
                   for n in notes), notes)
        # A new emergency after the mistake holds again.
        time.sleep(1.1)
        h.run("check", "--pain", "2", "--area", "lower", "--yes",
              "bladder-bowel")
        rc, out, _ = h.run("plan", "--area", "lower")
        expect_eq(rc, 3, "held again")
        expect("Call your local emergency number now" in out, out)
    with Home() as h:
        h.run("check", "--pain", "2", "--area", "lower", "--yes", "fever")
        rc, out, _ = h.run("plan", "--area", "lower")
        expect_eq(rc, 0, "see-clinician does not hold the day: " + out)


# ---------------------------------------------------------------- log

@test
def log_pain_records_and_confirms_in_one_line():
    with Home() as h:
        rc, out, err = h.run("log", "--pain", "4", "--area", "lower",
                             "--note", "after gardening")
        expect_eq((rc, err), (0, ""), "status")
        expect_eq(len(out.splitlines()), 1, "one line: %r" % out)
        expect(re.match(r"Recorded pain 4/10, lower back at "
                        r"\d{4}-\d\d-\d\d \d\d:\d\d, with the note\.$", out), out)
        js = h.json("history", "--json")
        expect_eq(len(js["pain"]), 1, "pain entries")
        p = js["pain"][0]
        expect_eq((p["value"], p["area"], p["kind"], p["note"]),
                  (4, "lower", "logged", "after gardening"), "entry")


@test
def journal_is_private_0600_in_a_new_0700_folder():
    with Home() as h:
        os.makedirs(h.data)
        os.chmod(h.data, 0o755)
        h.ok("log", "--pain", "2")
        expect_eq(stat.S_IMODE(os.stat(h.journal).st_mode), 0o600, "file")
        expect_eq(stat.S_IMODE(os.stat(os.path.dirname(h.journal)).st_mode),
                  0o700, "limber folder")
        expect_eq(stat.S_IMODE(os.stat(h.data).st_mode), 0o755,
                  "a folder the user made keeps its mode")


@test
def log_cleared_and_note_alone():
    with Home() as h:
        out = h.ok("log", "--cleared", "--note", "physio says fine")
        expect(out.startswith("Recorded that a clinician cleared you, at "),
               out)
        out = h.ok("log", "--note", "slept badly")
        expect(out.startswith("Recorded the note at "), out)
        js = h.json("history", "--json")
        expect_eq([c["note"] for c in js["clearances"]], ["physio says fine"],
                  "clearance")
        expect_eq([n["text"] for n in js["notes"]], ["slept badly"], "note")
        out = one_line(h.ok("history"))
        expect("cleared a clinician cleared you to stretch: physio says fine"
               in out, out)


@test
def log_severe_pain_adds_advice():
    with Home() as h:
        out = h.ok("log", "--pain", "8")
        expect_eq(out.splitlines()[0][:19], "Recorded pain 8/10 ", "line")
        expect("doctor or physiotherapist" in one_line(out), out)


@test
def log_bad_usage_names_the_fault_and_makes_no_journal():
    cases = [
        (["--pain", "11"], "--pain must be a whole number from 0 to 10, not '11'"),
        (["--pain", "x"], "not 'x'"),
        (["--pain", "3", "--area", "middle"], "--area must be upper, lower or both"),
        ([], "log needs --pain N, --cleared, --note TEXT, --peg P,E,A or "
             "--psfs ACTIVITY=SCORE"),
        (["--area", "lower"], "--area goes with --pain"),
        (["--pain", "3", "--cleared"], "not both"),
        (["--note", ""], "--note must be text"),
        (["--pain", "3", "extra"], "log takes no arguments, not 'extra'"),
        (["--yes", "fever"], "unknown option '--yes'"),
    ]
    with Home() as h:
        for args, msg in cases:
            rc, out, err = h.run("log", *args)
            expect_eq(rc, 2, " ".join(args))
            expect_eq(out, "", "stdout of " + " ".join(args))
            expect(err.startswith("limber: ") and msg in one_line(err),
                   "%s: %r" % (" ".join(args), err))
        expect(not os.path.exists(h.data), "a usage error made a journal")


# ---------------------------------------------------------------- reading

@test
def reading_commands_with_no_journal_say_so_and_make_nothing():
    with Home() as h:
        rc, out, err = h.run("history")
        expect_eq((rc, err), (0, ""), "history")
        expect(out.startswith("Nothing recorded yet."), out)
        rc, out, err = h.run("stats")
        expect_eq((rc, err), (0, ""), "stats")
        expect(out.startswith("Nothing recorded yet"), out)
        js = h.json("stats", "--json")
        expect_eq((js["empty"], js["sessions"]), (True, 0), "stats json")
        js = h.json("export")
        expect_eq(js, {"limber_journal": 3, "screenings": [], "sessions": [],
                       "pain": [], "notes": [], "clearances": [],
                       "doses": [], "reminders": [], "peg": [], "psfs": []},
                  "empty export")
        out = h.ok("export", "--format", "csv")
        expect_eq(out, "record,time,session,pain,area,kind,verdict,answers,"
                  "state,reason,last_step,next_day,stretch,variant,reps,sides,"
                  "skipped,note,enjoyment,general_activity,activity,score\n",
                  "csv header (text mode reads CRLF as LF)")
        h.ok("plan")
        expect(not os.path.exists(h.data), "a reading command made a journal")
        # A check is a record: it makes the journal and keeps the answers.
        h.ok("check", "--pain", "2", "--area", "lower", "--yes", "pregnancy")
        js = h.json("export")
        expect_eq([(s["pain"], s["area"], s["yes"], s["verdict"]) for s in js["screenings"]],
                  [(2, "lower", ["pregnancy"], "caution")], "the check's screening")


@test
def journal_option_and_environment_choose_the_file():
    with Home() as h:
        a, b = h.path("a.db"), h.path("b", "c", "b.db")
        h.ok("--journal", a, "log", "--pain", "1")
        h.ok("--journal=" + b, "log", "--pain", "2")
        h.ok("log", "--pain", "3", env=h.env(LIMBER_JOURNAL=a))
        # --journal wins over the environment, which wins over XDG.
        h.ok("--journal", b, "log", "--pain", "4", env=h.env(LIMBER_JOURNAL=a))
        values = lambda *pre, **kw: [p["value"] for p in json.loads(
            h.ok(*pre, "history", "--json", **kw))["pain"]]
        expect_eq(values("--journal", a), [1, 3], "a.db")
        expect_eq(values(env=h.env(LIMBER_JOURNAL=b)), [2, 4], "b.db")
        expect(not os.path.exists(h.journal), "the default journal was used")
        expect_eq(stat.S_IMODE(os.stat(os.path.dirname(b)).st_mode), 0o700,
                  "made folder")
        rc, _, err = h.run("--journal")
        expect_eq(rc, 2, "--journal with no value")
        expect("--journal needs a value" in err, err)
        rc, _, err = h.run("--journal", "", "history")
        expect_eq(rc, 2, "empty --journal")
        rc, out, _ = h.run("--help")
        expect("--journal PATH" in out, "--journal in --help")


@test
def journal_option_after_the_command():
    with Home() as h:
        a, b = h.path("a.db"), h.path("b.db")
        pains = lambda *args: [p["value"] for p in h.json(*args)["pain"]]
        # After the command it means what it means before it.
        h.ok("log", "--journal", a, "--pain", "1")
        h.ok("log", "--pain", "2", "--journal=" + a)
        expect_eq(pains("history", "--json", "--journal", a), [1, 2], "after")
        expect_eq(pains("--journal", a, "history", "--json"), [1, 2], "before")
        weeks = h.json("stats", "--json", "--journal", a)["weeks"]
        expect_eq(sum(w["pain_scores"] for w in weeks), 2, "stats")
        expect_eq(len(h.json("export", "--journal", a)["pain"]), 2, "export")
        # Given before and after the command, the later one wins.
        h.ok("--journal", a, "log", "--pain", "3", "--journal", b)
        expect_eq(pains("history", "--json", "--journal", b), [3], "b.db")
        expect_eq(pains("--journal", b, "history", "--json", "--journal", a),
                  [1, 2], "a.db, given last")
        expect(not os.path.exists(h.journal), "the default journal was used")
        # The same mistakes as before the command, the same words.
        rc, _, err = h.run("history", "--journal")
        expect_eq(rc, 2, "--journal with no value")
        expect("--journal needs a value, as in --journal PATH" in err, err)
        for empty in (["--journal", ""], ["--journal="]):
            rc, _, err = h.run("history", *empty)
            expect_eq(rc, 2, "empty --journal")
            expect("--journal needs a path, not an empty word" in err, err)
        # Every command that uses the journal says so in its help; the
        # others refuse it, as they always did.
        for cmd in ("check", "plan", "start", "log", "history", "stats",
                    "report", "export", "import", "handout", "audio",
                    "serve", "remind"):
            expect("--journal PATH" in h.ok("help", cmd), cmd + "'s help")
        for cmd in ("stretches", "show", "catalog", "help"):
            rc, _, err = h.run(cmd, "--journal", a)
            expect_eq(rc, 2, cmd + " --journal")
            expect("unknown option '--journal'" in err, err)


@test
def relative_xdg_data_home_falls_back_to_home():
    with Home() as h:
        h.ok("log", "--pain", "5", env=h.env(XDG_DATA_HOME="rel/path"))
        expect(os.path.exists(h.path(".local", "share", "limber",
                                     "journal.db")), "not under HOME")
        expect(not os.path.exists(h.path("rel")), "relative path used")


@test
def history_since_and_formats():
    with Home() as h:
        doc = export_with_sessions(h, [("2026-03-01T10:00:00Z", 3, 2),
                                       ("2026-03-05T10:00:00Z", 3, 3)])
        doc["pain"] = [{"at": "2026-03-03T08:00:00Z", "kind": "logged",
                        "value": 6, "area": None, "note": "a, \"quoted\" note"}]
        rc, out, err = import_doc(h, doc)
        expect_eq(rc, 0, "import: " + err)
        out = h.ok("history")
        lines = out.splitlines()
        expect(lines[0].startswith("2026-03-01 10:00  session    done"), out)
        expect(any(l.startswith("2026-03-03 08:00  pain       6/10")
                   for l in lines), out)
        done = doc["sessions"][0]["plan"]["items"][0]["name"]
        expect("pain before: 3/10" in out and done in out, out)
        starts = [l[:16] for l in lines if not l.startswith(" ")]
        expect_eq(starts, sorted(starts), "oldest first")
        out = h.ok("history", "--since", "2026-03-04")
        expect("2026-03-01" not in out and "2026-03-05 10:00" in out, out)
        out = h.ok("history", "--since", "2030-01-01")
        expect_eq(out, "Nothing recorded since 2030-01-01.\n", "nothing since")
        js = h.json("history", "--json", "--since", "2026-03-02")
        expect_eq((len(js["sessions"]), len(js["pain"])), (1, 1), "json since")
        expect_eq(js["pain"][0]["at"], "2026-03-03T08:00:00+00:00", "local time")
        out = h.ok("history", "--csv")
        expect(out.startswith("record,time,session,"), out)
        expect('"a, ""quoted"" note"' in out, out)
        # Local time follows TZ.
        out = h.ok("history", env=h.env(TZ="EST5"))
        expect(out.startswith("2026-03-01 05:00  session"), out)
        for args, msg in [(["--since", "2026-02-30"], "--since must be a date"),
                          (["--since", "yesterday"], "not 'yesterday'"),
                          (["--json", "--csv"], "not both"),
                          (["x"], "history takes no arguments")]:
            rc, out, err = h.run("history", *args)
            expect_eq(rc, 2, " ".join(args))
            expect(msg in err, err)


def entry_starts(out):
    """The times of the top-level entries of `limber history`'s text."""
    return [l[:16] for l in out.splitlines()
            if re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d  ", l)]


@test
def history_last_and_newest_first_on_a_terminal():
    """--last N keeps the N newest entries; on a terminal the newest comes
    first, piped the oldest, as before; --json takes --last too; a bad N
    is named and refused."""
    with Home() as h:
        doc = export_with_sessions(h, [("2026-03-%02dT10:00:00Z" % d, 4, 3)
                                       for d in (1, 3, 5, 7)])
        doc["pain"] = [{"at": "2026-03-06T08:00:00Z", "kind": "logged",
                        "value": 5, "area": None, "note": None}]
        rc, _, err = import_doc(h, doc)
        expect_eq(rc, 0, "import: " + err)
        every = entry_starts(h.ok("history"))
        expect_eq(len(every), 5, "entries")
        expect_eq(every, sorted(every), "piped: oldest first")

        out = h.ok("history", "--last", "2")
        expect_eq(entry_starts(out), every[-2:], "piped --last 2")
        expect("pain before: 4/10" in out, out)

        rc, out, err = on_terminal(h, "history")
        expect_eq((rc, err), (0, ""), "on a terminal")
        expect_eq(entry_starts(out), every[::-1], "terminal: newest first")
        rc, out, err = on_terminal(h, "history", "--last", "3")
        expect_eq(entry_starts(out), every[::-1][:3], "terminal --last 3")
        rc, out, err = on_terminal(h, "history", "--last", "9")
        expect_eq(entry_starts(out), every[::-1], "more than there are")

        out = h.ok("history", "--last", "3", "--since", "2026-03-06")
        expect_eq(entry_starts(out), every[-2:], "--since is the tighter")
        js = h.json("history", "--json", "--last", "2")
        expect_eq((len(js["sessions"]), len(js["pain"])), (1, 1), "json")
        csv_rows = h.ok("history", "--csv", "--last", "1").splitlines()
        expect("session" in [r.split(",")[0] for r in csv_rows[1:]] and
               all(r.split(",")[1].startswith("2026-03-07")
                   for r in csv_rows[1:]), "csv: the last session only")

        for bad in ("0", "-3", "2x", "", "99999999"):
            rc, out, err = h.run("history", "--last", bad)
            expect_eq((rc, out), (2, ""), "--last %r" % bad)
            expect("--last must be a whole number from 1 to" in err and
                   "not '%s'" % bad in err, err)


@test
def history_says_what_was_done_in_plain_words():
    """Stretches and a session's pain read as a person says them: never
    "0 repetitions, 0 sides", "1 side" or "comfortable"."""
    with Home() as h:
        plan = h.json("plan", "--json", "--area", "lower")
        two = [it for it in plan["items"] if it["sides"] == 2]
        one = [it for it in plan["items"] if it["sides"] == 1]
        if not two or not one:
            harness.skip("the plan has no one- and two-sided stretches")
        two, one = two[0], one[0]

        def stretch(it, reps, sides, skipped=False):
            return {"at": "2026-03-01T10:01:00Z", "stretch": it["stretch"],
                    "variant": None, "reps": reps, "sides": sides,
                    "skipped": skipped}

        def session(day, before, after, stretches):
            start = "2026-03-%02dT10:00:00Z" % day
            return {"started": start, "ended": start[:-3] + "50Z",
                    "state": "done", "reason": None, "last_step": 10,
                    "next_day": None, "screening": None, "plan": plan,
                    "stretches": stretches, "notes": [],
                    "pain": [{"at": start, "kind": "before", "value": before,
                              "area": "lower", "note": None},
                             {"at": start[:-3] + "40Z", "kind": "after",
                              "value": after, "area": "lower",
                              "note": None}]}
        doc = export_with_sessions(h, [])
        doc["sessions"] = [
            session(1, 5, 3, [stretch(two, two["reps"], 2),
                              stretch(one, one["reps"], 1)]),
            session(2, 4, 4, [stretch(two, 1, 1),
                              stretch(one, 0, 0, skipped=True)]),
            session(3, 3, 5, [stretch(one, 2, 1, skipped=True),
                              stretch(two, 0, 0)]),
        ]
        rc, _, err = import_doc(h, doc)
        expect_eq(rc, 0, "import: " + err)
        out = h.ok("history")
        flat = one_line(out)
        for wrong in ("0 repetitions", "0 sides", "1 side", "comfortable",
                      "pain next-day"):
            expect(wrong not in flat, "%r in %s" % (wrong, out))
        for want in [
                "less pain after (5 to 3)",
                "pain the same after as before (4)",
                "more pain after (3 to 5)",
                "- %s: all %d repetitions on each side"
                % (two["name"], two["reps"]) if two["reps"] > 1 else
                "- %s: 1 repetition on each side" % two["name"],
                "- %s: all %d repetitions" % (one["name"], one["reps"])
                if one["reps"] > 1 else "- %s: 1 repetition" % one["name"],
                "- %s: 1 of %d repetitions, on one side only"
                % (two["name"], two["reps"]),
                "- %s: skipped" % one["name"],
                "- %s: skipped after 2 repetitions" % one["name"],
                "- %s: begun, but no repetition finished" % two["name"]]:
            expect(want in flat, "%r not in %s" % (want, out))


@test
def history_and_stats_show_peg_and_psfs():
    """The answers on the past week (PEG) and on the chosen activities
    (PSFS) are in the history, skips too, and stats compares the first
    answer with the last, each mean measured here from what went in."""
    with Home() as h:
        now = datetime.datetime.now(datetime.timezone.utc)
        at = lambda days: (now - datetime.timedelta(days=days)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        pegs = [(29, (7, 8, 6)), (15, None), (1, (4, 5, 3))]
        psfs = [(28, [("walking the dog", 2), ("lifting my son", 3)]),
                (14, None),
                (2, [("lifting my son", 6), ("walking the dog", 7)])]
        doc = export_with_sessions(h, [])
        doc["limber_journal"] = 3
        doc["peg"] = [{"at": at(d), "skipped": True} if v is None else
                      {"at": at(d), "pain": v[0], "enjoyment": v[1],
                       "activity": v[2]} for d, v in pegs]
        doc["psfs"] = [{"at": at(d), "skipped": True} if v is None else
                       {"at": at(d), "activities": [
                           {"activity": a, "score": n} for a, n in v]}
                       for d, v in psfs]
        rc, _, err = import_doc(h, doc)
        expect_eq(rc, 0, "import: " + err)

        out = h.ok("history")
        flat = one_line(out)
        kinds = [l[18:28].strip() for l in out.splitlines()
                 if re.match(r"\d{4}-", l)]
        expect_eq(kinds, [k for _, k in sorted(
            [(-d, "PEG") for d, _ in pegs] +
            [(-d, "activities") for d, _ in psfs])], "in time order")
        first = pegs[0][1]
        expect("pain %d/10 on average, in the way of enjoying life %d/10, "
               "of general activity %d/10 (a mean of %.1f)"
               % (first + (sum(first) / 3,)) in flat, out)
        expect(flat.count("asked, and put off") == 2, out)
        expect("walking the dog 2/10; lifting my son 3/10 (a mean of 2.5)"
               in flat, out)

        js = h.json("stats", "--json")
        mean = lambda v: round(sum(v) / len(v), 2)
        expect_eq((js["peg"]["answered"], js["peg"]["skipped"]), (2, 1),
                  "peg counts")
        expect_eq((js["peg"]["first"]["mean"], js["peg"]["last"]["mean"],
                   js["peg"]["change"]),
                  (mean(pegs[0][1]), mean(pegs[2][1]),
                   round(mean(pegs[2][1]) - mean(pegs[0][1]), 2)), "peg")
        a = [n for _, n in psfs[0][1]]
        b = [n for _, n in psfs[2][1]]
        expect_eq((js["psfs"]["answered"], js["psfs"]["skipped"],
                   js["psfs"]["first"]["mean"], js["psfs"]["last"]["mean"],
                   js["psfs"]["same_activities"]),
                  (2, 1, mean(a), mean(b), True), "psfs")
        out = one_line(h.ok("stats"))
        expect("%.1f on %s, %.1f on %s: %.1f points lower (2 answers; "
               "skipped 1 time)" % (mean(pegs[0][1]), at(29)[:10],
                                    mean(pegs[2][1]), at(1)[:10],
                                    mean(pegs[0][1]) - mean(pegs[2][1]))
               in out, out)
        expect("%.1f points higher (2 answers; skipped 1 time). That is 2 "
               "points or more: a change people notice"
               % (mean(b) - mean(a)) in out, out)


@test
def stats_numbers_and_json():
    with Home() as h:
        now = time.time()
        day = lambda n: time.strftime("%Y-%m-%dT10:00:00Z",
                                      time.gmtime(now - n * 86400))
        doc = export_with_sessions(h, [(day(2), 4, 3), (day(1), 4, 4),
                                       (day(0), 4, 2)])
        rc, _, err = import_doc(h, doc)
        expect_eq(rc, 0, "import: " + err)
        js = h.json("stats", "--json")
        expect_eq((js["sessions"], js["done"], js["completion_rate"],
                   js["mean_change"], js["streak_days"]),
                  (3, 3, 1.0, -1.0, 3), "numbers")
        expect_eq(len(js["weeks"]), 4, "weeks")
        expect_eq(js["weeks"][3]["sessions"], 3, "this week")
        out = h.ok("stats")
        expect("3 sessions in all" in out, out)
        expect("1.0 point lower after a session than before" in one_line(out),
               out)
        expect("3 days in a row" in out, out)
        rc, _, err = h.run("stats", "--csv")
        expect_eq(rc, 2, "stats --csv")


@test
def stats_marks_a_change_of_two_points():
    with Home() as h:
        now = time.time()
        at = lambda n: time.strftime("%Y-%m-%dT10:00:00Z",
                                     time.gmtime(now - n * 86400))
        doc = export_with_sessions(h, [])
        doc["pain"] = [{"at": at(d), "kind": "logged", "value": v,
                        "area": None, "note": None}
                       for d, v in [(25, 7), (24, 7), (10, 5), (1, 6)]]
        rc, _, err = import_doc(h, doc)
        expect_eq(rc, 0, "import: " + err)
        js = h.json("stats", "--json")
        expect_eq([w["meaningful"] for w in js["weeks"]],
                  [None, None, "better", None], "marks")
        out = h.ok("stats")
        expect("* better" in out and "2 points or 30%" in out, out)


def sessions_back(h, befores_afters, area="lower"):
    """Sessions an hour before now less n days, for (n, before, after) in
    befores_afters: the export's dict, and each session's start as a UTC
    datetime."""
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    starts = [now - datetime.timedelta(days=n, hours=1)
              for n, _, _ in befores_afters]
    doc = export_with_sessions(h, [
        (t.strftime("%Y-%m-%dT%H:%M:00Z"), b, a)
        for t, (_, b, a) in zip(starts, befores_afters)])
    for s in doc["sessions"]:
        for p in s["pain"]:
            p["area"] = area
    return doc, [t.replace(second=0) for t in starts], now


@test
def stats_pain_by_area_sessions_ended_and_weeks_from_the_first_record():
    """The change in pain before sessions from the first two weeks to the
    last two, with both thresholds; how sessions ended; sessions a week
    from the first record: each measured from the journal made here."""
    with Home() as h:
        rows = [(n, 7 if n > 27 else 5 if n >= 14 else 4,
                 [6, 7, 4, 3][n % 4]) for n in range(41, -1, -2)]
        doc, starts, now = sessions_back(h, rows)
        rc, _, err = import_doc(h, doc)
        expect_eq(rc, 0, "import: " + err)
        js = h.json("stats", "--json")
        today = now.date()
        first = min(starts).date()
        first_span = [b for t, (_, b, _) in zip(starts, rows)
                      if (t.date() - first).days < 14]
        last_span = [b for t, (_, b, _) in zip(starts, rows)
                     if (today - t.date()).days < 14]
        m1 = sum(first_span) / len(first_span)
        m2 = sum(last_span) / len(last_span)
        lower = js["pain_by_area"]["lower"]
        expect_eq(sorted(js["pain_by_area"]), ["lower"], "areas")
        expect_eq((lower["first"]["scores"], lower["last"]["scores"]),
                  (len(first_span), len(last_span)), "scores counted")
        expect_eq((lower["first"]["mean"], lower["last"]["mean"]),
                  (round(m1, 2), round(m2, 2)), "means")
        expect_eq(lower["change"], round(m2 - m1, 2), "change")
        expect_eq(lower["change_percent"], round(100 * (m2 - m1) / m1, 2),
                  "percent")
        expect_eq((lower["two_points"], lower["thirty_percent"]),
                  (abs(m2 - m1) >= 2, abs(m2 - m1) >= 0.3 * m1),
                  "thresholds")
        expect_eq(lower["meaningful"], "better", "meaningful")
        expect_eq(lower["first"]["from"], first.isoformat(), "first day")
        expect_eq(lower["last"]["to"], today.isoformat(), "last day")

        ended = js["sessions_ended"]
        expect_eq((ended["better"], ended["worse"], ended["same"]),
                  (sum(a < b for _, b, a in rows),
                   sum(a > b for _, b, a in rows),
                   sum(a == b for _, b, a in rows)), "ended")
        days = (today - first).days + 1
        since = js["since_first_record"]
        expect_eq((since["first_day"], since["sessions"]),
                  (first.isoformat(), len(rows)), "first record")
        expect_eq(since["sessions_per_week"],
                  round(len(rows) / max(1, days / 7), 2), "a week")

        out = one_line(h.ok("stats"))
        expect("%.1f a week since the first record on %s"
               % (len(rows) / max(1, days / 7), first.isoformat()) in out,
               out)
        expect("lower back: %.1f from" % m1 in out, out)
        expect("%.1f points lower (%.0f%%)"
               % (m1 - m2, 100 * (m1 - m2) / m1) in out, out)
        expect("2 points or more and 30% or more: a change people notice"
               in out, out)
        expect("%d of %d sessions with both scores ended with less pain"
               % (ended["better"], len(rows)) in out, out)


@test
def stats_says_when_there_are_too_few_weeks_to_compare():
    """Three weeks of scores: the first two weeks and the last two
    overlap, so stats says a comparison needs four."""
    with Home() as h:
        doc, _, _ = sessions_back(h, [(n, 6, 5) for n in (20, 10, 1)],
                                  area="upper")
        rc, _, err = import_doc(h, doc)
        expect_eq(rc, 0, "import: " + err)
        upper = h.json("stats", "--json")["pain_by_area"]["upper"]
        expect_eq((upper["change"], upper["meaningful"]), (None, None),
                  "no change")
        out = one_line(h.ok("stats"))
        expect("neck and upper back: a mean of 6.0 in the last two weeks"
               in out and "needs four weeks" in out, out)


# ---------------------------------------------------------------- export, import

@test
def export_out_writes_a_private_file_whole():
    with Home() as h:
        h.ok("log", "--pain", "3")
        out_path = h.path("exports", "mine.json")
        os.makedirs(os.path.dirname(out_path))
        rc, out, err = h.run("export", "--out", out_path)
        expect_eq((rc, out, err), (0, "", ""), "export --out")
        with open(out_path) as f:
            expect_eq(json.load(f)["pain"][0]["value"], 3, "content")
        expect_eq(stat.S_IMODE(os.stat(out_path).st_mode), 0o600, "mode")
        expect_eq(os.listdir(os.path.dirname(out_path)), ["mine.json"],
                  "no temporary file left")
        h.ok("export", "--format", "csv", "--out", out_path)
        expect(read_bytes(out_path).startswith(b"record,time,"), "csv replaced")
        rc, _, err = h.run("export", "--out", h.path("no", "such", "x.json"))
        expect_eq(rc, 1, "missing folder")
        expect("cannot write the export" in err, err)
        rc, _, err = h.run("export", "--format", "xml")
        expect_eq(rc, 2, "bad format")
        expect("--format must be json, csv or fhir, not 'xml'" in err, err)


@test
def export_import_export_round_trip_is_identical():
    with Home() as h:
        doc = export_with_sessions(h, [("2026-03-01T10:00:00Z", 3, 2)])
        doc["screenings"] = [{"at": "2026-03-01T09:59:00Z", "pain": 3,
                              "area": "lower", "yes": ["knee-problem"],
                              "verdict": "caution"}]
        doc["sessions"][0]["screening"] = 0
        doc["sessions"][0]["notes"] = [{"at": "2026-03-01T10:00:30Z",
                                        "text": "ünïcode ok"}]
        doc["clearances"] = [{"at": "2026-03-02T09:00:00Z", "note": None}]
        doc["doses"] = [{"stretch": "neck-rolls", "reps": 3, "streak": 1}]
        # The outcome measures (format 3): answered and skipped askings.
        peg = [{"at": "2026-03-01T09:58:00Z", "pain": 6, "enjoyment": 4,
                "activity": 5},
               {"at": "2026-03-08T09:58:00Z", "skipped": True}]
        psfs = [{"at": "2026-03-01T09:58:30Z", "activities": [
                    {"activity": "lifting my daughter", "score": 3},
                    {"activity": "gärtnern, \"beds\"", "score": 0},
                    {"activity": "=driving", "score": 10}]},
                {"at": "2026-03-15T09:58:30Z", "skipped": True}]
        doc.update(limber_journal=3, peg=peg, psfs=psfs)
        rc, out, err = import_doc(h, doc)
        expect_eq(rc, 0, "import: " + err)
        expect(out.startswith("Imported 1 screening, 1 session, 0 pain scores,"
                              " 0 notes, 1 clearance and 1 dose from "), out)
        expect(out.endswith("; 2 PEG askings; 2 PSFS askings.\n"), out)
        first = h.ok("export")
        js = json.loads(first)
        expect_eq((js["peg"], js["psfs"]), (peg, psfs), "measures kept")
        path = h.path("first.json")
        with open(path, "w") as f:
            f.write(first)
        other = h.path("other.db")
        rc, out, err = h.run("--journal", other, "import", path)
        expect_eq(rc, 0, "import into an empty journal: " + err)
        second = h.ok("--journal", other, "export")
        expect_eq(second, first, "second export")
        out = h.ok("--journal", other, "import", path)
        expect("; 8 records were already in the journal." in out, out)
        expect_eq(h.ok("--journal", other, "export"), first, "after re-import")
        # The CSV: a row per PEG asking, one per PSFS activity, a formula
        # kept from spreadsheets.
        rows = list(csv.DictReader(io.StringIO(h.ok("export", "--format",
                                                    "csv"))))
        expect_eq([(r["time"], r["pain"], r["enjoyment"],
                    r["general_activity"], r["skipped"])
                   for r in rows if r["record"] == "peg"],
                  [("2026-03-01T09:58:00Z", "6", "4", "5", "no"),
                   ("2026-03-08T09:58:00Z", "", "", "", "yes")], "csv peg")
        expect_eq([(r["time"], r["activity"], r["score"], r["skipped"])
                   for r in rows if r["record"] == "psfs"],
                  [("2026-03-01T09:58:30Z", "lifting my daughter", "3", "no"),
                   ("2026-03-01T09:58:30Z", 'gärtnern, "beds"', "0", "no"),
                   ("2026-03-01T09:58:30Z", "'=driving", "10", "no"),
                   ("2026-03-15T09:58:30Z", "", "", "yes")], "csv psfs")


@test
def logged_measures_go_through_export_and_import_unchanged():
    """docs/journal.md, "Outcome measures": askings recorded by the real
    program (limber log --peg, --psfs) come out of the JSON export as
    recorded, go into another journal by import, and come out the same;
    the CSV and the FHIR Bundle hold them too."""
    with Home() as h:
        h.ok("log", "--peg", "6,4,5")
        h.ok("log", "--psfs", "lifting my daughter=3",
             "--psfs", "sitting through a film=7")
        first = h.ok("export")
        js = json.loads(first)
        expect_eq([(p["pain"], p["enjoyment"], p["activity"])
                   for p in js["peg"]], [(6, 4, 5)], "peg")
        expect_eq([[(a["activity"], a["score"]) for a in p["activities"]]
                   for p in js["psfs"]],
                  [[("lifting my daughter", 3), ("sitting through a film", 7)]],
                  "psfs")
        path = h.path("first.json")
        with open(path, "w") as f:
            f.write(first)
        other = h.path("other.db")
        out = h.ok("--journal", other, "import", path)
        expect(out.endswith("; 1 PEG asking; 1 PSFS asking.\n"), out)
        expect_eq(h.ok("--journal", other, "export"), first, "round trip")
        rows = list(csv.DictReader(io.StringIO(
            h.ok("--journal", other, "export", "--format", "csv"))))
        expect_eq(sorted(r["record"] for r in rows), ["peg", "psfs", "psfs"],
                  "csv rows")
        bundle = json.loads(h.ok("--journal", other, "export", "--format",
                                 "fhir"))
        kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
        expect_eq((kinds.count("QuestionnaireResponse"),
                   kinds.count("Observation"), kinds.count("Questionnaire")),
                  (2, 3, 2), "a response each, PEG's panel and one per activity")


@test
def bad_import_names_where_and_changes_nothing():
    with Home() as h:
        h.ok("log", "--pain", "2")
        before = read_bytes(h.journal)
        doc = export_with_sessions(h, [("2026-03-01T10:00:00Z", 3, 2),
                                       ("2026-03-02T10:00:00Z", 3, 2)])
        doc["sessions"][1]["pain"][0]["value"] = 12
        rc, out, err = import_doc(h, doc)
        expect_eq((rc, out), (1, ""), "status")
        expect(import_fault(h.path("in.json"), "sessions[1].pain[0].value: must "
                            "be a whole number from 0 to 10; nothing was "
                            "imported\n").fullmatch(err), err)
        expect_eq(read_bytes(h.journal), before, "journal bytes")
        for change, msg in [
                (lambda d: d["sessions"][0].update(state="paused"),
                 "sessions[0].state: must be running, done, stopped or interrupted"),
                (lambda d: d["sessions"][0]["stretches"][0].pop("reps"),
                 "sessions[0].stretches[0].reps: missing"),
                (lambda d: d.update(extra=1), "extra: unknown field"),
                (lambda d: d.update(limber_journal=3, psfs=[
                    {"at": "2026-03-01T10:00:00Z", "activities": [
                        {"activity": "sitting\tdown", "score": 3}]}]),
                 "psfs[0].activities[0].activity: an activity's name must "
                 "not hold control characters"),
                (lambda d: d.update(limber_journal=3, peg=[
                    {"at": "2026-03-01T10:00:00Z", "pain": 3,
                     "enjoyment": 3}]), "peg[0].activity: missing"),
                (lambda d: d.update(peg=[]), "peg: is not in format 1"),
                (lambda d: d.update(limber_journal=7), "newer limber")]:
            bad = json.loads(json.dumps(export_with_sessions(
                h, [("2026-03-01T10:00:00Z", 3, 2)])))
            change(bad)
            rc, _, err = import_doc(h, bad)
            expect_eq(rc, 1, msg)
            expect(msg in err, err)
            expect_eq(read_bytes(h.journal), before, "journal bytes: " + msg)
        path = h.path("broken.json")
        with open(path, "w") as f:
            f.write('{\n  "limber_journal": 1,\n  "pain": [,]\n}\n')
        rc, _, err = h.run("import", path)
        expect_eq(rc, 1, "syntax")
        expect(err.startswith("limber: %s:3:" % path), err)
        expect_eq(read_bytes(h.journal), before, "journal bytes after syntax")
        rc, _, err = h.run("import", h.path("missing.json"))
        expect_eq(rc, 1, "missing file")
        expect("missing.json" in err, err)
        rc, _, _ = h.run("import")
        expect_eq(rc, 2, "no file")
        rc, _, _ = h.run("import", path, path)
        expect_eq(rc, 2, "two files")


@test
def bad_import_into_no_journal_makes_none():
    with Home() as h:
        path = h.path("bad.json")
        with open(path, "w") as f:
            f.write('{"limber_journal": 1, "pain": [{"at": "x"}]}')
        rc, _, err = h.run("import", path)
        expect_eq(rc, 1, "status")
        expect("pain[0].at: must be a time" in err, err)
        expect(not os.path.exists(h.data), "a journal was made")


@test
def a_bad_import_is_placed_by_line_and_column():
    """docs/journal.md, "Import": a fault names the file's line and column
    as a stretch file's do, "FILE:LINE:COL: path: what": where the value at
    fault starts, or where the nearest parent that is there starts (a
    missing key: its object). Columns count characters, not bytes."""
    with Home() as h:
        h.ok("log", "--pain", "2")
        before = read_bytes(h.journal)
        path = h.path("bad.json")

        def refused(text, line, col, rest):
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            rc, out, err = h.run("import", path)
            expect_eq((rc, out), (1, ""), rest)
            expect_eq(err, "limber: %s:%d:%d: %s; nothing was imported\n"
                      % (path, line, col, rest), rest)
            expect_eq(read_bytes(h.journal), before, "journal bytes: " + rest)

        def col_of(text, line, word):
            return text.split("\n")[line - 1].index(word) + 1

        head = '{\n  "limber_journal": 2,\n'
        score = ('  "pain": [{"note": "ça va", "kind": "logged", "value": %s,'
                 '\n            "at": "2026-03-01T10:00:00Z", "area": null}]')
        text = head + score % "12" + "\n}\n"
        refused(text, 3, col_of(text, 3, "12"),
                "pain[0].value: must be a whole number from 0 to 10")
        # The same line, the key left out: where its object starts.
        text = head + score.replace('"value": %s,', "") + "\n}\n"
        refused(text, 3, col_of(text, 3, "{"),
                "pain[0].value: missing")
        # A fault found after the check, a time ahead of the clock.
        text = head + (score % "2").replace("2026-03-01", "2031-01-01") + \
            "\n}\n"
        refused(text, 4, col_of(text, 4, '"2031'),
                "pain[0].at: 2031-01-01T10:00:00Z is in the future (more "
                "than a day after now)")
        # Faults of the file as a whole: where its value starts.
        refused("\n\n   [1]\n", 3, 4, "not a limber export: it must be a "
                'JSON object with "limber_journal": 3')
        refused('\n {"limber": 2}', 2, 2, 'not a limber export: the field '
                '"limber_journal" is missing')
        # Far into a long file, beyond where a stretch file could reach.
        notes = ['    {"at": "2026-03-01T10:00:00Z", "text": "note %d"}' % i
                 for i in range(3000)]
        notes[-1] = notes[-1].replace('"note 2999"', '""')
        text = head + '  "notes": [\n' + ",\n".join(notes) + "\n  ]\n}\n"
        refused(text, 3003, col_of(text, 3003, '""'),
                "notes[2999].text: must be text that is not empty")


@test
def a_plan_without_its_area_is_refused_and_exports_still_work():
    """docs/reliability.md, "Import: what the exports read": import
    checks in each session's plan what the history, the report and the
    exports read, and the FHIR export (which crashed on such a plan) and
    the others work on a journal that holds one all the same."""
    with Home() as h:
        h.ok("log", "--pain", "2")
        before = read_bytes(h.journal)
        for change, msg in [
                (lambda p: p.pop("area"), "sessions[1].plan.area: missing"),
                (lambda p: p.update(area=None),
                 "sessions[1].plan.area: must be upper, lower or both"),
                (lambda p: p.pop("items"), "sessions[1].plan.items: missing"),
                (lambda p: p.update(items={}),
                 "sessions[1].plan.items: must be an array"),
                (lambda p: p["items"].append("neck-rolls"),
                 "sessions[1].plan.items[%d]: must be an object"),
                (lambda p: p["items"][0].pop("stretch"),
                 "sessions[1].plan.items[0].stretch: missing"),
                (lambda p: p["items"][0].update(stretch=""),
                 "sessions[1].plan.items[0].stretch: must be text that is "
                 "not empty"),
                (lambda p: p["items"][0].update(name=None),
                 "sessions[1].plan.items[0].name: must be text"),
                (lambda p: p["items"][0].update(reps="2"),
                 "sessions[1].plan.items[0].reps: must be a whole number "
                 "from 0 to 100")]:
            doc = export_with_sessions(h, [("2026-03-01T10:00:00Z", 3, 2),
                                           ("2026-03-02T10:00:00Z", 3, 2)])
            # A copy: the sessions share one plan object.
            plan = doc["sessions"][1]["plan"] = json.loads(json.dumps(
                doc["sessions"][1]["plan"]))
            msg = msg.replace("%d", str(len(plan["items"])))
            change(plan)
            rc, out, err = import_doc(h, doc)
            expect_eq((rc, out), (1, ""), msg)
            expect(import_fault(h.path("in.json"), msg).match(err)
                   and err.endswith("; nothing was imported\n"), err)
            expect_eq(read_bytes(h.journal), before, "journal bytes: " + msg)
        # A plan with only what is read, and fields of a newer limber, is fine.
        doc = export_with_sessions(h, [("2026-03-01T10:00:00Z", 3, 2)])
        doc["sessions"][0]["plan"] = {"area": "lower", "new": [1],
                                      "items": [{"stretch": "neck-rolls"}]}
        rc, _, err = import_doc(h, doc)
        expect_eq(rc, 0, "a small plan: " + err)

        # Plans the check would refuse, written into the journal by hand.
        db = sqlite3.connect(h.journal)
        for started, plan in [(1772359200, "{}"),
                              (1772362800, '{"area": 3, "items": [5, {}]}'),
                              (1772366400, "not JSON")]:
            cur = db.execute(
                "INSERT INTO session (plan, started, updated, ended, state, "
                "last_step) VALUES (?, ?, ?, ?, 'done', 3)",
                (plan, started, started + 600, started + 600))
            db.execute("INSERT INTO stretch (session, at, stretch, reps, "
                       "sides, skipped) VALUES (?, ?, 'neck-rolls', 2, 2, 0)",
                       (cur.lastrowid, started + 90))
        db.commit()
        db.close()
        rc, out, err = h.run("export", "--format", "fhir")
        expect_eq((rc, err), (0, ""), "fhir export")
        procs = [e["resource"] for e in json.loads(out)["entry"]
                 if e["resource"]["resourceType"] == "Procedure"]
        expect_eq(len(procs), 4, "sessions")
        expect_eq(sum("bodySite" in p for p in procs), 1,
                  "a body site only where the plan gives the area")
        for args in (["export"], ["export", "--format", "csv"], ["history"],
                     ["report", "--json"], ["stats"]):
            rc, _, err = h.run(*args)
            expect_eq((rc, err), (0, ""), " ".join(args))


@test
def import_skips_what_the_journal_or_the_file_holds_already():
    """docs/journal.md, "Import": a record the journal holds, or that comes
    earlier in the same file, is skipped; a session whose screening is such
    a record keeps to the one in the journal."""
    with Home() as h:
        doc = export_with_sessions(h, [("2026-03-01T10:00:00Z", 3, 2)])
        scr = {"at": "2026-03-01T09:59:00Z", "pain": 3, "area": "lower",
               "yes": [], "verdict": "go"}
        note = {"at": "2026-03-02T08:00:00Z", "text": "stiff"}
        pain = {"at": "2026-03-02T09:00:00Z", "kind": "logged", "value": 4,
                "area": None, "note": None}
        clear = {"at": "2026-03-03T09:00:00Z", "note": None}
        prompt = {"at": "2026-03-04T09:00:00Z", "schedule": "desk",
                  "kind": "every", "late": False, "answer": None,
                  "answered": None}
        doc.update(limber_journal=2, screenings=[scr, scr],
                   notes=[note, note, dict(note, text="better")],
                   pain=[pain, pain, dict(pain, area="lower")],
                   clearances=[clear, clear], reminders=[prompt, prompt])
        doc["sessions"][0]["screening"] = 1
        rc, out, err = import_doc(h, doc)
        expect_eq(rc, 0, "import: " + err)
        expect(out.startswith("Imported 1 screening, 1 session, 2 pain "
                              "scores, 2 notes, 1 clearance and 0 doses") and
               "; 1 reminder prompt; 5 records were already" in out, out)
        first = json.loads(h.ok("export"))
        expect_eq(len(first["screenings"]), 1, "one screening")
        expect_eq(first["sessions"][0]["screening"], 0, "the session's")

        doc2 = {"limber_journal": 2, "notes": [note, dict(note, text="new")],
                "screenings": [scr], "sessions": [
                    dict(doc["sessions"][0], screening=None)]}
        rc, out, err = import_doc(h, doc2, "again.json")
        expect_eq(rc, 0, "again: " + err)
        expect(out.startswith("Imported 0 screenings, 0 sessions, 0 pain "
                              "scores, 1 note,") and
               "; 3 records were already" in out, out)
        second = json.loads(h.ok("export"))
        expect_eq([n["text"] for n in second["notes"]],
                  ["stiff", "better", "new"], "notes")


# ---------------------------------------------------------------- safety

@test
def two_worse_sessions_make_check_send_to_a_clinician_until_cleared():
    with Home() as h:
        doc = export_with_sessions(h, [("2026-03-01T10:00:00Z", 3, 5),
                                       ("2026-03-06T10:00:00Z", 3, 4)])
        rc, _, err = import_doc(h, doc)
        expect_eq(rc, 0, "import: " + err)
        rc, out, _ = h.run("check", "--pain", "2", "--area", "lower", "--json")
        expect_eq(rc, 3, "check status")
        v = json.loads(out)
        expect_eq((v["verdict"], v["reasons"][0]["id"]),
                  ("see-clinician", "worse-after-sessions"), "verdict")
        rc, out, _ = h.run("plan", "--pain", "2", "--area", "lower")
        expect_eq(rc, 3, "plan is blocked too")
        h.ok("log", "--cleared")
        rc, out, _ = h.run("check", "--pain", "2", "--area", "lower", "--json")
        expect_eq((rc, json.loads(out)["verdict"]), (0, "go"), "after clearance")


@test
def plan_uses_the_journals_doses():
    with Home() as h:
        doc = export_with_sessions(h, [])
        doc["doses"] = [{"stretch": "neck-rolls", "reps": 4, "streak": 0},
                        {"stretch": "childs-pose", "reps": 101, "streak": 0}]
        rc, _, err = import_doc(h, doc)
        expect_eq(rc, 1, "reps 101 is out of range")
        expect("doses[1].reps: must be a whole number from 1 to 100" in err, err)
        doc["doses"][1]["reps"] = 50
        rc, _, err = import_doc(h, doc)
        expect_eq(rc, 0, "import: " + err)
        # An hour and a half's plan for both areas holds both exercises
        # (in an hour, four neck rolls no longer fit beside the rest since
        # their steps take the time their words take to say).
        items = {i["stretch"]: i["reps"] for i in h.json(
            "plan", "--minutes", "90", "--json")["items"]}
        expect_eq(items["neck-rolls"], 4, "progressed dose")
        expect_eq(items["childs-pose"], 4, "clamped to the catalog's max")


def dead_pid():
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


@test
def session_of_a_dead_process_shows_as_interrupted():
    with Home() as h:
        h.ok("log", "--note", "make the journal")
        plan = json.dumps(plan_json(h))
        db = sqlite3.connect(h.journal)
        dead, alive = dead_pid(), os.getpid()
        for started, pid in [(1772359200, dead), (1772362800, alive)]:
            cur = db.execute(
                "INSERT INTO session (plan, started, updated, state, pid, "
                "last_step) VALUES (?, ?, ?, 'running', ?, 3)",
                (plan, started, started + 95, pid))
            sid = cur.lastrowid
            db.execute("INSERT INTO stretch (session, at, stretch, reps, "
                       "sides, skipped) VALUES (?, ?, 'neck-rolls', 2, 2, 0)",
                       (sid, started + 90))
            db.execute("INSERT INTO pain (at, value, area, kind, session) "
                       "VALUES (?, 3, 'upper', 'before', ?)", (started, sid))
        db.commit()
        db.close()
        out = h.ok("history")
        expect("interrupted after 4 steps, last heard from at 10:01" in
               one_line(out), out)
        expect("running now" in out, "the live session was touched: " + out)
        s = h.json("history", "--json")["sessions"]
        expect_eq([x["state"] for x in s], ["interrupted", "running"], "states")
        expect_eq(s[0]["ended"], "2026-03-01T10:01:35+00:00", "end time")
        expect_eq((len(s[0]["stretches"]), len(s[0]["pain"]),
                   s[0]["last_step"]), (1, 1, 3), "kept rows")


@test
def newer_or_foreign_files_are_refused_and_left_as_they_were():
    with Home() as h:
        h.ok("log", "--pain", "2")
        db = sqlite3.connect(h.journal)
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA user_version = 42")
        db.close()
        before = read_bytes(h.journal)
        for args in (["history"], ["log", "--pain", "3"], ["stats"],
                     ["check", "--pain", "1", "--area", "lower"]):
            rc, out, err = h.run(*args)
            expect_eq((rc, out), (1, ""), " ".join(args))
            expect("written by a newer limber" in err and "version 42" in err
                   and "left untouched" in err, err)
            expect_eq(read_bytes(h.journal), before, "bytes after " + args[0])

        text = b"these are my notes, not a database\n"
        with open(h.journal, "wb") as f:
            f.write(text)
        for sub in ("-wal", "-shm"):
            if os.path.exists(h.journal + sub):
                os.unlink(h.journal + sub)
        rc, _, err = h.run("log", "--pain", "3")
        expect_eq(rc, 1, "text file")
        expect("not a limber journal (not an SQLite database)" in err, err)
        expect_eq(read_bytes(h.journal), text, "text file bytes")


@test
def busy_journal_waits_then_says_so():
    with Home() as h:
        h.ok("log", "--pain", "2")
        db = sqlite3.connect(h.journal, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        t = time.monotonic()
        rc, out, err = h.run("log", "--pain", "3")
        waited = time.monotonic() - t
        db.execute("ROLLBACK")
        db.close()
        expect_eq((rc, out), (1, ""), "status")
        expect("the journal is busy" in err, err)
        expect(2.5 < waited < 15, "waited %.1f s" % waited)
        h.ok("log", "--pain", "3")


# ---------------------------------------------------------------- variety

def play_session(h, env, *args, deadline=120):
    """`limber start --plain ARGS` gone through to its end as a person
    would: go, then a score of 2 at each check-in. A session still running
    at the deadline (seconds) is killed, so that a hang fails the test;
    returns (status, stdout, stderr)."""
    p = subprocess.Popen([harness.LIMBER, "start", "--plain", *args],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env, cwd=h.dir)
    killer = threading.Timer(deadline, p.kill)
    killer.start()
    try:
        p.stdin.write(b"go\n")
        p.stdin.flush()
        out = b""
        for line in p.stdout:
            out += line
            if b" CHECKIN " in line:
                p.stdin.write(b"2\n")
                p.stdin.flush()
        p.stdin.close()
        err = p.stderr.read()
        rc = p.wait()
    finally:
        killer.cancel()
    return rc, out.decode(), err.decode()


@test
def the_next_plan_waits_with_what_was_done():
    """docs/planner.md, "Variety": with no history the same request gives
    the same plan; once a session has done it, the next plan holds other
    exercises, and those done rank after those not yet done: they wait for
    another day, at the end of the list. A real session, on the test clock,
    in a fresh journal named by $LIMBER_JOURNAL."""
    with Home() as h:
        env = h.env(LIMBER_JOURNAL=h.path("fresh.db"),
                    **harness.clock_env(harness.FAST))
        # 3 minutes: in 2, no second exercise for the neck fits.
        req = ("--area", "upper", "--minutes", "3")

        def plan(*more):
            rc, out, err = h.run("plan", *req, *more, env=env)
            expect_eq(rc, 0, "plan: " + err)
            return json.loads(out) if "--json" in more else out

        first = plan("--json")
        expect_eq(plan("--json"), first, "no history: the same plan again")
        expect(first["later"], "nothing waits for another day")
        rc, out, err = play_session(h, env, "--pain", "2", *req)
        expect_eq(rc, 0, "session: " + err)
        expect(" DONE " in out, out[-600:])
        rc, out, err = h.run("history", "--json", env=env)
        sessions = json.loads(out)["sessions"]
        expect_eq([s["state"] for s in sessions], ["done"], "the session")
        done = [x["stretch"] for x in sessions[0]["stretches"]
                if not x["skipped"]]
        expect_eq(sorted(set(done)),
                  sorted(i["stretch"] for i in first["items"]), "done")

        second = plan("--json")
        ids = [i["stretch"] for i in second["items"]]
        expect(ids != [i["stretch"] for i in first["items"]],
               "the same plan after doing it: %s" % ids)
        # Those not yet done fit, so none of those done is planned; in the
        # list for another day they come after every one not yet done.
        expect(not set(ids) & set(done), "done again: %s" % ids)
        waits = second["later"]
        expect(set(done) <= set(waits), "%s wait? %s" % (done, waits))
        fresh = [w for w in waits if w not in done]
        expect_eq(waits, fresh + [w for w in waits if w in done], "order")
        for it in second["items"]:
            expect("New to you" in it["why"], it["why"])
        # The JSON's stage and kinds, and the text's "For another day:".
        expect_eq(second["stage"], 1, "stage after one session")
        for it in second["items"]:
            st = h.json("show", it["stretch"], "--json", env=env)
            expect_eq(it["kind"], st["kind"], it["stretch"] + ": kind")
        names = [h.json("show", w, "--json", env=env)["name"] for w in waits]
        text = one_line(plan())
        expect("For another day: %s " % ", ".join(names) in text, text)
        expect("Stage: gentle" in text, text)


# ---------------------------------------------------------------- the clock

DAY = 86400


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def this_minute():
    """Now, to the minute: export_with_sessions puts a session's parts in
    the seconds after its start."""
    return int(time.time()) // 60 * 60


def move_forward(h, table, seconds, where="1"):
    """Move records of the journal forward in time, as a clock that was
    ahead when they were written leaves them (import refuses such times,
    so they are put there with Python's sqlite3, as an older limber or a
    wrong clock left them). A session takes its parts with it."""
    db = sqlite3.connect(h.journal)
    if table == "session":
        ids = [r[0] for r in db.execute("SELECT id FROM session WHERE " +
                                        where)]
        for sid in ids:
            db.execute("UPDATE session SET started = started + ?1, "
                       "updated = updated + ?1, ended = ended + ?1 "
                       "WHERE id = ?2", (seconds, sid))
            for part in ("pain", "stretch", "note"):
                db.execute("UPDATE %s SET at = at + ? WHERE session = ?"
                           % part, (seconds, sid))
    else:
        db.execute("UPDATE %s SET at = at + ? WHERE %s" % (table, where),
                   (seconds,))
    db.commit()
    db.close()


@test
def records_from_the_future_do_not_end_the_worse_after_sessions_rule():
    """docs/safety.md, "When the clock was wrong": a better session and a
    clearance written while the clock was 30 days ahead take no part in
    the rules, so two sessions that made the pain worse since, on the
    right clock, still send the user to a clinician."""
    with Home() as h:
        now = this_minute()
        better = now - 10 * DAY
        rc, _, err = import_doc(h, export_with_sessions(h, [(iso(better), 4,
                                                             2)]))
        expect_eq(rc, 0, "import: " + err)
        move_forward(h, "session", 40 * DAY)
        h.ok("log", "--cleared", "--note", "seen by the physio")
        move_forward(h, "clearance", 30 * DAY)
        rc, _, err = import_doc(h, export_with_sessions(
            h, [(iso(now - 2 * DAY), 2, 4), (iso(now - DAY), 2, 4)]))
        expect_eq(rc, 0, "import: " + err)
        rc, out, _ = h.run("check", "--pain", "2", "--area", "lower",
                           "--json")
        v = json.loads(out)
        expect_eq((rc, v["verdict"], [r["id"] for r in v["reasons"]][:1]),
                  (3, "see-clinician", ["worse-after-sessions"]), "verdict")
        expect_eq(v.get("future_records"), 2, "future records")
        rc, out, _ = h.run("check", "--pain", "2", "--area", "lower")
        expect_eq(rc, 3, "check status")
        words = one_line(out)
        expect("The journal holds 2 records dated after now (the clock was "
               "probably ahead when they were written); they take no part "
               "in the safety rules until then." in words, words)
        # A clearance given now, on the right clock, ends the flag.
        h.ok("log", "--cleared")
        rc, out, _ = h.run("check", "--pain", "2", "--area", "lower",
                           "--json")
        expect_eq((rc, json.loads(out)["verdict"]), (0, "go"), "cleared")


@test
def history_says_when_the_journal_holds_records_from_the_future():
    with Home() as h:
        h.ok("log", "--pain", "3")
        h.ok("log", "--note", "stiff after the drive")
        out = h.ok("history")
        expect("dated after now" not in out, out)
        move_forward(h, "pain", 30 * DAY)
        out = h.ok("history")
        words = one_line(out)
        expect(words.endswith("The journal holds 1 record dated after now "
                              "(the clock was probably ahead when it was "
                              "written); it takes no part in the safety "
                              "rules until then."), words)
        # The formats for programs are the export's, unchanged.
        expect("future" not in h.ok("history", "--json"), "json")
        rc, out, _ = h.run("check", "--pain", "2", "--area", "lower")
        expect_eq(rc, 0, "check")
        expect("The journal holds 1 record dated after now" in one_line(out),
               out)


@test
def import_refuses_times_ahead_of_the_clock_and_imports_nothing():
    """More than a day ahead of the clock (LIMBER_IMPORT_AHEAD_S) is
    refused, naming the record; within it, time zones and a clock a
    little fast, the records go in."""
    with Home() as h:
        h.ok("log", "--note", "make the journal")
        before = read_bytes(h.journal)
        now = this_minute()
        far = "2031-01-01T00:00:00Z"

        def with_far(change):
            doc = export_with_sessions(h, [(iso(now - DAY), 3, 2),
                                           (iso(now - 3600), 3, 2)])
            doc["limber_journal"] = 2
            change(doc)
            return doc
        cases = [
            (lambda d: d["sessions"][1].update(started=far, ended=far),
             "sessions[1].started"),
            (lambda d: d["sessions"][1].update(ended=far), "sessions[1].ended"),
            (lambda d: d["sessions"][0]["pain"][1].update(at=far),
             "sessions[0].pain[1].at"),
            (lambda d: d["sessions"][0]["stretches"][0].update(at=far),
             "sessions[0].stretches[0].at"),
            (lambda d: d["sessions"][0]["notes"].append(
                {"at": far, "text": "a note"}), "sessions[0].notes[0].at"),
            (lambda d: d["screenings"].append(
                {"at": far, "pain": 2, "area": "lower", "yes": [],
                 "verdict": "go"}), "screenings[0].at"),
            (lambda d: d["pain"].append(
                {"at": far, "kind": "logged", "value": 3, "area": None,
                 "note": None}), "pain[0].at"),
            (lambda d: d["notes"].append({"at": far, "text": "x"}),
             "notes[0].at"),
            (lambda d: d["clearances"].append({"at": far, "note": None}),
             "clearances[0].at"),
            (lambda d: d.update(reminders=[
                {"at": far, "schedule": "morning", "kind": "every",
                 "late": False, "answer": None, "answered": None}]),
             "reminders[0].at"),
        ]
        for change, where in cases:
            rc, out, err = import_doc(h, with_far(change))
            expect_eq((rc, out), (1, ""), where)
            expect(import_fault(h.path("in.json"), "%s: %s is in the future "
                                "(more than a day after now); nothing was "
                                "imported\n" % (where, far)).fullmatch(err),
                   where + ": " + err)
            expect_eq(read_bytes(h.journal), before, "journal bytes: " + where)
        # Into no journal at all: none is made.
        with Home() as fresh:
            rc, _, err = import_doc(fresh, with_far(cases[0][0]))
            expect_eq(rc, 1, "fresh home")
            expect("is in the future" in err, err)
            expect(not os.path.exists(fresh.journal), "a journal was made")
        # A few hours ahead is taken: a time zone, or a clock a little fast.
        rc, out, err = import_doc(h, export_with_sessions(
            h, [(iso(now + 12 * 3600), 3, 2)]))
        expect_eq(rc, 0, "12 hours ahead: " + err)
        expect_eq(len(h.json("history", "--json")["sessions"]), 1, "imported")


# ---------------------------------------------------------------- docs

@test
def every_journal_command_and_option_is_documented():
    with open(MAN, encoding="utf-8") as f:
        man = f.read()
    with Home() as h:
        top = h.ok("--help")
        for cmd in COMMANDS:
            expect(re.search(r"^  %s\s" % cmd, top, re.M), "--help lacks " + cmd)
            expect("*limber %s*" % cmd in man, "man page lacks " + cmd)
            out = h.ok("help", cmd)
            expect_eq(out, h.ok(cmd, "--help"), cmd + " --help")
            for opt in set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", out)):
                expect(opt in man, "man page lacks %s %s" % (cmd, opt))
        for word in ("--journal", r"LIMBER\_JOURNAL", "journal.db"):
            expect(word in man, "man page lacks " + word)


# Run inside a mount namespace of its own: a tmpfs at DISK holding a copy
# of the journal, made read-only (EROFS for root too), then each command.
READ_ONLY_INSIDE = r"""
import json, os, shutil, subprocess, sys
limber, src, disk, commands = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
if disk.endswith("disk"):
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk],
                   check=True)
    shutil.copy(src, os.path.join(disk, "journal.db"))
    subprocess.run(["mount", "-o", "remount,ro", disk], check=True)
env = dict(os.environ, LIMBER_JOURNAL=os.path.join(disk, "journal.db"))
out = {}
for args in json.loads(commands):
    p = subprocess.run([limber] + args, capture_output=True, text=True,
                       env=env, timeout=60)
    out[" ".join(args)] = [p.returncode, p.stdout, p.stderr]
out["files"] = sorted(os.listdir(disk))
print(json.dumps(out))
"""


def run_on_read_only_media(h, commands):
    """Run each of commands (lists of arguments) on a copy of h's journal
    that cannot be written: on a read-only tmpfs in a mount namespace
    (`unshare -rm`, or `unshare -m` as root), else, for a user who is not
    root, in a folder of mode 0555. {command: [status, out, err]} and the
    files in the folder after, or a skip saying why neither can be made."""
    cmds = json.dumps(commands)
    disk = h.path("disk")
    os.mkdir(disk)
    tries = [["unshare", "-rm"]] + ([["unshare", "-m"]]
                                    if os.geteuid() == 0 else [])
    for t in tries:
        try:
            p = subprocess.run(t + [sys.executable, "-c", READ_ONLY_INSIDE,
                                    harness.LIMBER, h.journal, disk, cmds],
                               capture_output=True, text=True, env=h.env(),
                               timeout=300)
        except FileNotFoundError:
            break
        if p.returncode == 0:
            return json.loads(p.stdout)
    if os.geteuid() == 0:
        harness.skip("no mount namespace can be made here, and root "
                     "writes a folder of mode 0555 all the same")
    folder = h.path("folder")
    os.mkdir(folder)
    shutil.copy(h.journal, os.path.join(folder, "journal.db"))
    os.chmod(folder, 0o555)
    try:
        p = subprocess.run([sys.executable, "-c", READ_ONLY_INSIDE,
                            harness.LIMBER, h.journal, folder, cmds],
                           capture_output=True, text=True, env=h.env(),
                           timeout=300, check=True)
        return json.loads(p.stdout)
    finally:
        os.chmod(folder, 0o700)


@test
def a_journal_on_read_only_media_can_be_read():
    """docs/reliability.md, "What reaches a terminal, and other findings":
    a journal copied to read-only media (a read-only mount, a folder the
    user may not write) could not even be read: opening it read-write, or
    making the WAL's files beside it, failed. Commands that only read
    (history, stats, export, report, plan) now open it read-only and
    show what it holds; a command that writes says plainly that the
    journal cannot be written, and nothing is made beside it."""
    with Home() as h:
        h.ok("log", "--pain", "3", "--area", "lower", "--note", "on the road")
        h.ok("check", "--pain", "2", "--area", "lower")
        want = h.json("history", "--json")
        got = run_on_read_only_media(h, [
            ["history"], ["history", "--json"], ["stats"],
            ["export", "--format", "csv"],
            ["report", "--out", h.path("report.pdf")],
            ["plan", "--area", "lower"], ["log", "--pain", "2"]])
        for cmd in ("history", "history --json", "stats",
                    "export --format csv", "report --out " +
                    h.path("report.pdf"), "plan --area lower"):
            rc, out, err = got[cmd]
            expect_eq(rc, 0, "%s on read-only media: %s" % (cmd, err))
        expect("on the road" in got["history"][1], got["history"][1])
        expect_eq(json.loads(got["history --json"][1]), want,
                  "the history read from read-only media")
        expect("on the road" in got["export --format csv"][1],
               got["export --format csv"][1])
        rc, out, err = got["log --pain 2"]
        expect_eq(rc, 1, "log on read-only media")
        expect("cannot be written" in err, err)
        expect_eq(got["files"], ["journal.db"], "nothing made beside it")


if __name__ == "__main__":
    sys.exit(harness.main("journal-cli"))
