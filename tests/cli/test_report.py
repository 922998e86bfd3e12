#!/usr/bin/env python3
"""Black-box tests of `limber report`, the stats chart and the exports.

The real binary on a journal made by importing an export with every kind
of record, dated relative to now: the PDF's text (pdftotext) names every
section, stop, reason and screening; its times are the local times of
the time zone in TZ; PNG and SVG are what their names say; an empty
journal or period gives "nothing recorded" and no file; bad options are
usage errors naming the fault; a file that cannot be written leaves
nothing behind; the JSON, CSV and FHIR exports round-trip. Each test runs
in a fresh temporary HOME. The results are TAP (harness.py); it exits 1
when any test failed.

usage: test_report.py PATH-TO-LIMBER SOURCE-ROOT
"""
import csv
import datetime
import io
import json
import os
import re
import stat
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

import harness
import six_weeks
from harness import ROOT, expect, expect_eq, test

MAN = os.path.join(ROOT, "doc", "limber.1.scd")

UTC = datetime.timezone.utc


class Home(harness.Home):
    """harness.Home, in UTC, with the journal where limber puts a user's;
    run() and ok() take variables to add to the environment (TZ=...)."""

    PREFIX = "limber-report-"
    JOURNAL_ENV = False
    ENV = {"TZ": "UTC"}

    def run(self, *args, **extra):
        return super().run(*args, stdin=None, env=self.env(**extra))


def one_line(text):
    return re.sub(r"\s+", " ", text).strip()


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


NOW = datetime.datetime.now(UTC).replace(microsecond=0)
# The stopped session's end, at a time whose local hour differs by zone.
STOP_END = (NOW - datetime.timedelta(days=10)).replace(hour=21, minute=37,
                                                       second=0)


def fixture(h):
    """An export of 12 sessions over 5 weeks, one stopped and one
    interrupted, screenings before each, a logged score; and import it."""
    plan = json.loads(h.ok("plan", "--json", "--area", "lower"))
    doc = {"limber_journal": 1, "screenings": [], "sessions": [],
           "pain": [], "notes": [], "clearances": [], "doses": []}
    for i in range(12):
        t = NOW - datetime.timedelta(days=33 - 3 * i, hours=5)
        before = 7 - i // 2
        state, reason = "done", None
        ended = t + datetime.timedelta(minutes=9)
        if i == 7:
            state, reason = "stopped", "pain rose by 2 points"
            t = STOP_END - datetime.timedelta(minutes=6)
            ended = STOP_END
        elif i == 9:
            state = "interrupted"
        doc["screenings"].append({
            "at": iso(t - datetime.timedelta(minutes=2)), "pain": before,
            "area": "lower", "yes": ["knee-problem"] if i == 0 else [],
            "verdict": "caution" if i == 0 else "go"})
        s = {"started": iso(t), "ended": iso(ended), "state": state,
             "reason": reason, "last_step": 6, "next_day": None,
             "screening": i, "plan": plan,
             "stretches": [
                 {"at": iso(t + datetime.timedelta(minutes=2)),
                  "stretch": "childs-pose", "variant": None, "reps": 2,
                  "sides": 1, "skipped": i % 4 == 1},
                 {"at": iso(t + datetime.timedelta(minutes=5)),
                  "stretch": "pelvic-tilt", "variant": None, "reps": 3,
                  "sides": 1, "skipped": False}],
             "pain": [{"at": iso(t), "kind": "before", "value": before,
                       "area": "lower", "note": None}],
             "notes": []}
        if state == "done":
            s["pain"].append({"at": iso(ended), "kind": "after",
                              "value": max(0, before - 2), "area": "lower",
                              "note": "looser" if i == 0 else None})
        elif state == "stopped":
            s["pain"].append({"at": iso(ended - datetime.timedelta(
                minutes=1)), "kind": "during", "value": before + 2,
                "area": "lower", "note": None})
        doc["sessions"].append(s)
    doc["pain"].append({"at": iso(NOW - datetime.timedelta(days=2)),
                        "kind": "logged", "value": 3, "area": None,
                        "note": "after gardening, \"heavy\" bags"})
    path = h.path("in.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    h.ok("import", path)
    return doc


def pdftext(path, page=None):
    pages = [] if page is None else ["-f", str(page), "-l", str(page)]
    return subprocess.run(["pdftotext", "-layout"] + pages + [path, "-"],
                          capture_output=True, text=True, check=True).stdout


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    expect(head[:8] == b"\x89PNG\r\n\x1a\n", "%s is not a PNG" % path)
    return struct.unpack(">II", head[16:24])


def leftovers(folder):
    return [n for n in os.listdir(folder) if n.startswith(".")]


# ---------------------------------------------------------------- report

@test
def pdf_has_every_section_stop_and_screening():
    with Home() as h:
        fixture(h)
        out = h.ok("report", "--out", h.path("r.pdf"))
        expect("Wrote %s: 8 weeks, 12 sessions" % h.path("r.pdf") in out,
               out)
        text = pdftext(h.path("r.pdf"))
        flat = one_line(text)
        for s in ("Is the stretching helping?", "Is it being done?",
                  "Was anything unsafe?", "Pain over the weeks",
                  "Relief within each session",
                  "Sessions each week", "Stretches done and skipped",
                  "Sessions that did not go to the end", "Safety checks",
                  "pain rose by 2 points", "interrupted",
                  "the program ended before the session did",
                  "Pelvic tilt", "12 sessions in these weeks",
                  "10 of 12 finished sessions went to the end (83%)",
                  "before a session", "after it", "trend", "start level",
                  "went to the end", "stopped early"):
            expect(s in flat, "the PDF lacks %r:\n%s" % (s, text))
        # The screenings that found nothing are one line, with what the
        # cautious one was about (pango may break the line at its hyphen).
        expect(re.search(r"12 safety checks found nothing that needs a "
                         r"clinician; 1 of them said to go with care \(yes "
                         r"to knee- ?problem\)", flat), flat)
        expect(not re.search(r"\d\d:\d\d \d+ lower go", flat), flat)
        # The start level and the marked changes are stated in words.
        expect(re.search(r"The start level is \d\.\d", flat), flat)
        expect(re.search(r"Trend: (down|up) by \d\.\d points? a week",
                         flat), flat)
        expect("too many to show one by one" not in flat, flat)
        info = subprocess.run(["pdfinfo", h.path("r.pdf")],
                              capture_output=True, text=True).stdout
        expect(re.search(r"^Pages:\s+[1-3]$", info, re.M), info)
        expect("A4" in info, info)
        fonts = subprocess.run(["pdffonts", h.path("r.pdf")],
                               capture_output=True, text=True).stdout
        expect("DejaVuSans" in fonts and " no " not in
               "".join(fonts.splitlines()[2:3]), fonts)


@test
def reminders_answered_are_in_the_report_only_when_there_were_any():
    import sqlite3
    with Home() as h:
        fixture(h)
        db = os.path.join(h.data, "limber", "journal.db")
        out = h.ok("report", "--out", h.path("none.pdf"))
        flat = one_line(pdftext(h.path("none.pdf")))
        expect("Reminders" not in flat, flat)
        rep = json.loads(h.ok("report", "--json"))
        expect_eq(rep["reminders"]["shown"], 0, "no prompts in --json")
        expect_eq(rep["summary"]["prompted"], None, "no prompts, no plan")
        expect("Planned: no reminders were set" in flat, flat)
        # Prompts as limber-remind writes them: 7 in the period, one of
        # them late, and one 20 weeks ago, outside the 8 weeks.
        answers = ["started", "started", "started", "snoozed", "skipped",
                   None, None]
        now = int(NOW.timestamp())
        rows = [(now - (i + 1) * 86400, "desk", "every", int(i == 2), a,
                 None if a is None else now - (i + 1) * 86400 + 40)
                for i, a in enumerate(answers)]
        rows.append((now - 140 * 86400, "desk", "every", 0, "skipped",
                     now - 140 * 86400 + 5))
        con = sqlite3.connect(db)
        con.executemany("INSERT INTO reminder (at, schedule, kind, late, "
                        "answer, answered) VALUES (?, ?, ?, ?, ?, ?)", rows)
        con.commit()
        con.close()
        rep = json.loads(h.ok("report", "--json"))
        expect_eq(rep["reminders"], {"shown": 7, "started": 3, "snoozed": 1,
                                     "skipped": 1, "unanswered": 2,
                                     "late": 1}, "reminders in --json")
        h.ok("report", "--out", h.path("r.pdf"))
        flat = one_line(pdftext(h.path("r.pdf")))
        expect("Reminders" in flat, flat)
        expect("prompted 7 times in these weeks; 3 led to a session "
               "started at once (43%)" in flat, flat)
        expect(re.search(r"Prompts Started Snoozed Skipped Not answered "
                         r"Late 7 3 1 1 2 1", flat), flat)
        # The summary's "planned" is the prompts, when there were any.
        expect("Planned: the reminders asked for a session %d times; %d of "
               "those started one at once." % (
                   len(answers), answers.count("started")) in flat, flat)
        expect_eq(rep["summary"]["prompted"], len(answers), "prompted")


@test
def many_scores_are_drawn_as_weekly_means():
    with Home() as h:
        plan = json.loads(h.ok("plan", "--json", "--area", "lower"))
        sessions = []
        for i in range(250):
            t = NOW - datetime.timedelta(hours=5 * (i + 1))
            sessions.append({
                "started": iso(t), "ended": iso(t + datetime.timedelta(
                    minutes=5)), "state": "done", "reason": None,
                "last_step": 4, "next_day": None, "screening": None,
                "plan": plan, "stretches": [],
                "pain": [{"at": iso(t), "kind": "before", "value": 5,
                          "area": "lower", "note": None},
                         {"at": iso(t + datetime.timedelta(minutes=5)),
                          "kind": "after", "value": 3, "area": "lower",
                          "note": None}],
                "notes": []})
        sessions.reverse()
        doc = {"limber_journal": 1, "screenings": [], "sessions": sessions,
               "pain": [], "notes": [], "clearances": [], "doses": []}
        with open(h.path("many.json"), "w") as f:
            json.dump(doc, f)
        h.ok("import", h.path("many.json"))
        h.ok("report", "--out", h.path("r.pdf"))
        flat = one_line(pdftext(h.path("r.pdf")))
        # The before scores: the after ones are each session's relief.
        expect("The 250 scores are too many to show one by one" in flat,
               flat)
        expect("The 250 sessions are too many to show one by one" in flat,
               flat)


@test
def a_long_table_repeats_its_header_on_every_page():
    # Screenings that said to see a clinician: one row each (those that
    # found nothing are one line together).
    with Home() as h:
        doc = {"limber_journal": 1, "sessions": [], "pain": [], "notes": [],
               "clearances": [], "doses": [], "screenings": [
                   {"at": iso(NOW - datetime.timedelta(hours=5 * i + 1)),
                    "pain": 3, "area": "upper", "yes": ["night-pain"],
                    "verdict": "see-clinician"}
                   for i in range(150)]}
        doc["screenings"].reverse()
        with open(h.path("checks.json"), "w") as f:
            json.dump(doc, f)
        h.ok("import", h.path("checks.json"))
        h.ok("report", "--out", h.path("r.pdf"), "--weeks", "5")
        pages = pdftext(h.path("r.pdf")).split("\f")
        pages = [p for p in pages if p.strip()]
        expect(len(pages) >= 3, "%d pages" % len(pages))
        for n, page in enumerate(pages, 1):
            expect(("Page %d." % n) in one_line(page), "page %d footer" % n)
            # The first page's summary and sections come before the table.
            if n == 1:
                continue
            rows = re.findall(r"\d\d:\d\d\s+3\s+upper\s+see a clinician",
                              page)
            expect(rows, "page %d has no row" % n)
            expect(re.search(r"When\s+Pain\s+Where\s+Verdict\s+Answered "
                             r"yes", page), "page %d has no header" % n)
        total = sum(len(re.findall(
            r"\d\d:\d\d\s+3\s+upper\s+see a clinician", p)) for p in pages)
        expect_eq(total, 150, "rows")


@test
def times_are_local_to_tz():
    with Home() as h:
        fixture(h)
        for tz, zone in (("America/New_York", "America/New_York"),
                         ("Asia/Tokyo", "Asia/Tokyo")):
            os.environ["TZ"] = zone
            import time
            time.tzset()
            local = datetime.datetime.fromtimestamp(STOP_END.timestamp())
            del os.environ["TZ"]
            time.tzset()
            out = h.path("r-%s.pdf" % tz.replace("/", "-"))
            h.ok("report", "--out", out, TZ=tz)
            flat = one_line(pdftext(out))
            want = "%s %d %s %d, %s stopped" % (
                local.strftime("%a"), local.day, local.strftime("%b"),
                local.year, local.strftime("%H:%M"))
            expect(want in flat, "%s: want %r in\n%s" % (tz, want, flat))
            abbrev = {"America/New_York": ("EST", "EDT"),
                      "Asia/Tokyo": ("JST",)}[tz]
            expect(any("times are in %s" % a in flat for a in abbrev),
                   flat)
        # And the JSON's times carry the offset of TZ.
        js = json.loads(h.ok("report", "--json", TZ="Asia/Tokyo"))
        expect(all(s["started"].endswith("+09:00") for s in js["sessions"]),
               js["sessions"][:2])


GERMAN_DAYS = dict(zip(range(7), ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]))
GERMAN_MONTHS = dict(zip(range(1, 13), [
    "Jan", "Feb", "M\u00e4r", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep",
    "Okt", "Nov", "Dez"]))


@test
def dates_follow_the_locale():
    with Home() as h:
        fixture(h)
        # A German locale made for the test (localedef, from Debian's
        # locales package), so that nothing on the machine is changed.
        loc = h.path("locale")
        os.mkdir(loc)
        subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8",
                        os.path.join(loc, "de_DE.UTF-8")], check=True,
                       capture_output=True)
        # English words (LANGUAGE) with German dates (LANG's LC_TIME).
        h.ok("report", "--out", h.path("de.pdf"), LOCPATH=loc,
             LANG="de_DE.UTF-8", LANGUAGE="en", TZ="UTC")
        flat = one_line(pdftext(h.path("de.pdf")))
        day = "%s %d %s %d, %s" % (
            GERMAN_DAYS[STOP_END.weekday()], STOP_END.day,
            GERMAN_MONTHS[STOP_END.month], STOP_END.year,
            STOP_END.strftime("%H:%M"))
        expect(day + " stopped" in flat, "want %r in\n%s" % (day, flat))
        # German words and German dates, where German is built in.
        h.ok("report", "--out", h.path("de2.pdf"), LOCPATH=loc,
             LANG="de_DE.UTF-8", TZ="UTC")
        flat = one_line(pdftext(h.path("de2.pdf")))
        expect(day in flat, "want %r in\n%s" % (day, flat))
        with open(os.path.join(ROOT, "po", "LINGUAS")) as f:
            german = "de" in f.read().split()
        expect(("Stretches done and skipped" in flat) != german, flat)
        # A locale whose text is not UTF-8 falls back to English.
        h.ok("report", "--out", h.path("c.pdf"), LANG="C", TZ="UTC")
        flat = one_line(pdftext(h.path("c.pdf")))
        want = "%s %d %s %d, %s stopped" % (
            STOP_END.strftime("%a"), STOP_END.day, STOP_END.strftime("%b"),
            STOP_END.year, STOP_END.strftime("%H:%M"))
        expect(want in flat, "want %r in\n%s" % (want, flat))


@test
def png_and_svg_are_what_their_names_say():
    with Home() as h:
        fixture(h)
        h.ok("report", "--out", h.path("r.png"), "--weeks", "6")
        w, hgt = png_size(h.path("r.png"))
        expect_eq(w, 1191, "PNG width (A4 at 2 pixels a point)")
        expect(hgt > w, "one long page: %dx%d" % (w, hgt))
        h.ok("report", "--out", h.path("r.SVG"))
        root = ET.parse(h.path("r.SVG")).getroot()
        expect(root.tag.endswith("svg"), root.tag)
        expect(leftovers(h.dir) == [], leftovers(h.dir))


@test
def json_counts_match_the_journal():
    with Home() as h:
        doc = fixture(h)
        js = json.loads(h.ok("report", "--json", "--weeks", "8"))
        expect_eq(len(js["sessions"]), 12, "sessions")
        expect_eq([s["state"] for s in js["stops"]],
                  ["stopped", "interrupted"], "stops")
        expect_eq(js["stops"][0]["reason"], "pain rose by 2 points", "reason")
        # Before, after and logged scores; not the one during a session.
        want = sum(1 for s in doc["sessions"] for p in s["pain"]
                   if p["kind"] != "during") + 1
        expect_eq(len(js["pain"]), want, "pain points")
        expect_eq(sum(w["sessions"] for w in js["week"]), 12, "weeks")
        skipped = {x["stretch"]: x["skipped"] for x in js["stretches"]}
        expect_eq(skipped, {"childs-pose": 3, "pelvic-tilt": 0}, "skipped")
        expect(js["start_level"] is not None and js["trend_per_week"] < 0,
               js)
        # Two weeks hold only the last few sessions.
        js = json.loads(h.ok("report", "--json", "--weeks", "2"))
        expect(0 < len(js["sessions"]) < 12, len(js["sessions"]))


@test
def empty_journal_or_period_says_nothing_recorded_and_writes_nothing():
    with Home() as h:
        rc, out, err = h.run("report", "--out", h.path("r.pdf"))
        expect_eq(rc, 1, "status")
        expect("nothing recorded yet" in err, err)
        expect(not os.path.exists(h.path("r.pdf")), "a file was written")
        expect(not os.path.exists(h.data), "a journal was made")
        js = json.loads(h.ok("report", "--json"))
        expect_eq((js["empty"], js["pain"]), (True, []), "json")
        # Old records only: the period is empty.
        doc = {"limber_journal": 1, "screenings": [], "sessions": [],
               "pain": [{"at": iso(NOW - datetime.timedelta(days=60)),
                         "kind": "logged", "value": 4, "area": None,
                         "note": None}],
               "notes": [], "clearances": [], "doses": []}
        with open(h.path("old.json"), "w") as f:
            json.dump(doc, f)
        h.ok("import", h.path("old.json"))
        rc, out, err = h.run("report", "--out", h.path("r.pdf"),
                             "--weeks", "2")
        expect_eq(rc, 1, "status")
        expect("nothing recorded in the last 2 weeks" in one_line(err), err)
        expect(not os.path.exists(h.path("r.pdf")), "a file was written")
        h.ok("report", "--out", h.path("r.pdf"), "--weeks", "10")
        expect(os.path.exists(h.path("r.pdf")), "no file for 10 weeks")


@test
def bad_options_are_usage_errors_that_name_the_fault():
    with Home() as h:
        for args, word in ((["report"], "--out"),
                           (["report", "--out", "x.txt"], ".pdf, .png or .svg"),
                           (["report", "--out", "x.pdf", "--weeks", "0"],
                            "from 1 to 104"),
                           (["report", "--out", "x.pdf", "--weeks", "105"],
                            "not '105'"),
                           (["report", "--out", "x.pdf", "--weeks", "2x"],
                            "not '2x'"),
                           (["report", "--out", "x.pdf", "extra"], "'extra'")):
            rc, out, err = h.run(*args)
            expect_eq(rc, 2, " ".join(args))
            expect(word in err, "%s: %s" % (args, err))


@test
def unwritable_file_is_an_error_and_leaves_nothing():
    with Home() as h:
        fixture(h)
        rc, out, err = h.run("report", "--out", h.path("no", "r.pdf"))
        expect_eq(rc, 1, "status")
        expect("cannot write %s" % h.path("no", "r.pdf") in err, err)
        os.mkdir(h.path("ro"))
        with open(h.path("ro", "r.pdf"), "w") as f:
            f.write("old")
        os.chmod(h.path("ro"), 0o555)
        if os.geteuid() != 0:	# root writes anyway
            rc, out, err = h.run("report", "--out", h.path("ro", "r.pdf"))
            expect_eq(rc, 1, "status")
            with open(h.path("ro", "r.pdf")) as f:
                expect_eq(f.read(), "old", "the old file")
        os.chmod(h.path("ro"), 0o755)
        expect_eq(leftovers(h.path("ro")), [], "temporary files")


@test
def reports_and_handouts_are_the_owners_only():
    # Issue 15: a report (pain scores, sessions, notes) and a handout (the
    # area that hurts, what the answers changed) were made 0644, readable
    # by every account, where the journal and the export are 0600. With
    # umask 022 they are 0600 now, over an older file that was 0644 too;
    # a figure holds no health data and stays as readable as any file.
    def made(*args):
        p = subprocess.run([harness.LIMBER, *args], env=h.env(), umask=0o022,
                           capture_output=True, text=True, timeout=60)
        expect_eq(p.returncode, 0, "%s: %s" % (args, p.stderr))
        return stat.S_IMODE(os.stat(args[-1]).st_mode)

    with Home() as h:
        fixture(h)
        for name in ("r.pdf", "r.png", "r.svg"):
            expect_eq(made("report", "--out", h.path(name)), 0o600, name)
        with open(h.path("old.pdf"), "w") as f:
            f.write("old")
        os.chmod(h.path("old.pdf"), 0o644)
        expect_eq(made("report", "--out", h.path("old.pdf")), 0o600,
                  "over an older file")
        expect_eq(made("handout", "--area", "lower", "--pain", "2", "--out",
                       h.path("h.pdf")), 0o600, "handout")
        expect_eq(made("show", "childs-pose", "--svg", h.path("f.svg")),
                  0o644, "a figure")
        expect_eq(leftovers(h.dir), [], "temporary files")


# ---------------------------------------------------------------- stats

@test
def stats_draws_the_weeks_as_bars():
    with Home() as h:
        fixture(h)
        js = json.loads(h.ok("stats", "--json"))
        out = h.ok("stats")
        expect("Mean pain by week, on a bar for 0 to 10:" in out, out)
        bars = re.findall(r"^  (\d\d-\d\d)  ([\u2588-\u258f]*) *(\d+\.\d)",
                          out, re.M)
        weeks = [w for w in js["weeks"] if w["mean_pain"] is not None]
        expect_eq(len(bars), len(weeks), "a bar per week with scores")
        for (day, bar, mean), w in zip(bars, weeks):
            # Two columns a point, in eighths of a column.
            eighths = sum(8 if c == "\u2588" else 0x2590 - ord(c)
                          for c in bar)
            expect_eq(eighths, round(w["mean_pain"] * 16), "bar " + day)
            expect_eq(mean, "%.1f" % w["mean_pain"], "mean " + day)
        out = h.ok("stats", LANG="C", LC_ALL="C")
        expect(re.search(r"^  \d\d-\d\d  #+=? +\d", out, re.M), out)


# ---------------------------------------------------------------- exports

@test
def csv_has_every_record_and_reads_in_a_spreadsheet():
    with Home() as h:
        doc = fixture(h)
        text = h.ok("export", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        kinds = [r["record"] for r in rows]
        expect_eq(kinds.count("screening"), len(doc["screenings"]),
                  "screenings")
        expect_eq(kinds.count("session"), len(doc["sessions"]), "sessions")
        expect_eq(kinds.count("stretch"), 2 * len(doc["sessions"]),
                  "stretches")
        expect_eq(kinds.count("pain"), sum(len(s["pain"]) for s in
                                           doc["sessions"]) + 1, "pain")
        logged = [r for r in rows if r["kind"] == "logged"][0]
        expect_eq(logged["note"], "after gardening, \"heavy\" bags", "note")
        expect(all(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", r["time"])
                   for r in rows), "times")


@test
def json_export_round_trips_to_the_same_report():
    with Home() as h:
        fixture(h)
        h.ok("export", "--out", h.path("out.json"))
        other = h.path("other.db")
        h.ok("--journal", other, "import", h.path("out.json"))
        a = json.loads(h.ok("report", "--json"))
        b = json.loads(h.ok("--journal", other, "report", "--json"))
        expect_eq(a, b, "the report of the imported journal")
        f1 = h.ok("export", "--format", "fhir")
        f2 = h.ok("--journal", other, "export", "--format", "fhir")
        strip = lambda s: {k: v for k, v in json.loads(s).items()
                           if k != "timestamp"}
        expect_eq(strip(f1), strip(f2), "the FHIR of the imported journal")


# ------------------------------------------------- six weeks, page one

def when(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=UTC)


def date_words(t):
    """A date as the report writes it in the C locale: "5 Dec 2026"."""
    return "%d %s" % (t.day, t.strftime("%b %Y"))


def time_words(t):
    return "%s %d %s" % (t.strftime("%a"), t.day, t.strftime("%b %Y, %H:%M"))


def mean(v):
    return sum(v) / len(v)


def six_weeks_home(h):
    plan = json.loads(h.ok("plan", "--json", "--area", "lower"))
    doc = six_weeks.journal(NOW, plan)
    with open(h.path("six.json"), "w") as f:
        json.dump(doc, f)
    h.ok("import", h.path("six.json"))
    return doc


def befores(doc):
    return [(when(p["at"]), p["value"]) for s in doc["sessions"]
            for p in s["pain"] if p["kind"] == "before"]


def area_sentence(doc):
    """The summary's line on the lower back, from the journal's scores:
    the mean before sessions in the 14 days from the first score, and in
    the 14 days to today, against 2 points and 30%."""
    scores = befores(doc)
    d0 = min(t for t, _ in scores).date()
    dl = NOW.date()
    first = mean([v for t, v in scores if (t.date() - d0).days < 14])
    last = mean([v for t, v in scores if (dl - t.date()).days < 14])
    size = abs(last - first)
    points, percent = size >= 2, size >= 0.3 * first
    meets = ("meets both thresholds" if points and percent else
             "meets the points threshold, not the percent one" if points
             else "meets the percent threshold, not the points one"
             if percent else "meets neither threshold")
    return ("Lower back: pain before sessions %.1f in the first two weeks, "
            "%.1f in the last two: %.1f %s %s (%.0f%%), which %s for a "
            "change people notice (2 points; 30%%)." % (
                first, last, size, "point" if 0.95 <= size < 1.05 else
                "points", "lower" if last < first else "higher",
                100 * size / first, meets))


@test
def six_weeks_first_page_says_if_it_helps_is_done_and_was_safe():
    with Home() as h:
        doc = six_weeks_home(h)
        sessions = doc["sessions"]
        h.ok("report", "--out", h.path("r.pdf"))
        page = one_line(pdftext(h.path("r.pdf"), 1))

        # Is it helping? Per area, against both thresholds; then within
        # sessions, better, worse and the same.
        expect(area_sentence(doc) in page,
               "want %r in\n%s" % (area_sentence(doc), page))
        # A session's end is its after score or, stopped without one, the
        # last score during it (progress.h, limber_session_effect).
        change = []
        for s in sessions:
            v = {p["kind"]: p["value"] for p in s["pain"]}
            end = v.get("after", v.get("during"))
            if "before" in v and end is not None:
                change.append(end - v["before"])
        better = sum(c < 0 for c in change)
        want = ("Within sessions: of %d with a score at the start and at "
                "the end, %d ended with less pain (%d%%), %d with more, %d "
                "the same." % (len(change), better,
                               int(100 * better / len(change) + 0.5),
                               sum(c > 0 for c in change),
                               sum(c == 0 for c in change)))
        expect(want in page, "want %r in\n%s" % (want, page))

        # Is it being done? Sessions a week from the first record.
        first = min([when(x["at"]) for x in doc["screenings"]] +
                    [when(s["started"]) for s in sessions])
        weeks = ((NOW.date() - first.date()).days + 1) / 7
        states = [s["state"] for s in sessions]
        want = ("%d sessions from the first record in these weeks, on %s: "
                "%.1f a week over %.1f weeks. %d went to the end, %d stopped "
                "early, %d cut short." % (len(sessions), date_words(first),
                                len(sessions) / weeks, weeks,
                                states.count("done"), states.count("stopped"),
                                states.count("interrupted")))
        expect(want in page, "want %r in\n%s" % (want, page))
        expect("Planned: no reminders were set" in page, page)

        # Was anything unsafe? limber's stop and the screening that said
        # to see a clinician, a line each; the person's own stop is not a
        # safety event; the rest of the screenings are one line.
        stop = [s for s in sessions if (s["reason"] or "").startswith(
            "pain-rise")][0]
        want = "%s: Stopped because pain rose by 2 points." % time_words(
            when(stop["ended"]))
        expect(want in page, "want %r in\n%s" % (want, page))
        flagged = [x for x in doc["screenings"]
                   if x["verdict"] == "see-clinician"]
        expect_eq(len(flagged), 1, "flagged screenings")
        want = "%s: a safety check said see a clinician first; yes to %s." % (
            time_words(when(flagged[0]["at"])), flagged[0]["yes"][0])
        expect(want in page, "want %r in\n%s" % (want, page))
        expect("You stopped it" not in page, page)
        want = "%d safety checks found nothing that needs a clinician." % (
            len(doc["screenings"]) - len(flagged))
        expect(want in page, "want %r in\n%s" % (want, page))

        # PEG (mean of its three) and PSFS (mean of the activities), the
        # first answer against the last; skipped askings are not answers.
        pegs = [p for p in doc["peg"] if not p.get("skipped")]
        peg = [mean([p["pain"], p["enjoyment"], p["activity"]])
               for p in (pegs[0], pegs[-1])]
        want = "%.1f on %s, %.1f on %s: %.1f lower." % (
            peg[0], date_words(when(pegs[0]["at"])), peg[1],
            date_words(when(pegs[-1]["at"])), peg[0] - peg[1])
        expect(want in page, "want %r in\n%s" % (want, page))
        ps = doc["psfs"]
        psfs = [mean([a["score"] for a in p["activities"]])
                for p in (ps[0], ps[-1])]
        want = "mean %.1f on %s, %.1f on %s: %.1f better" % (
            psfs[0], date_words(when(ps[0]["at"])), psfs[1],
            date_words(when(ps[-1]["at"])), psfs[1] - psfs[0])
        expect(want in page, "want %r in\n%s" % (want, page))
        # And which activities: each of the first answers, then and last.
        last = {a["activity"]: a["score"] for a in ps[-1]["activities"]}
        want = "By activity: %s." % "; ".join(
            "%s %d \u2192 %d" % (a["activity"], a["score"],
                                  last[a["activity"]])
            for a in ps[0]["activities"])
        expect(want in page, "want %r in\n%s" % (want, page))


@test
def report_and_stats_agree_on_the_summary():
    with Home() as h:
        six_weeks_home(h)
        rep = json.loads(h.ok("report", "--json"))["summary"]
        st = json.loads(h.ok("stats", "--json"))
        since = st["since_first_record"]
        expect_eq(round(rep["per_week"], 2), since["sessions_per_week"],
                  "sessions a week")
        expect_eq(rep["weeks_since_first_record"], since["weeks"], "weeks")
        expect_eq(rep["ended"], st["sessions_ended"], "sessions ended")
        area = st["pain_by_area"]["lower"]
        got = [a for a in rep["pain_change"] if a["area"] == "lower"][0]
        expect_eq(round(got["change"], 2), area["change"], "change")
        expect_eq((got["points"], got["percent_met"]),
                  (area["two_points"], area["thirty_percent"]), "thresholds")
        for m in ("peg", "psfs"):
            expect_eq((rep[m]["answered"], rep[m]["skipped"]),
                      (st[m]["answered"], st[m]["skipped"]), m)
            expect_eq(round(rep[m]["change"], 2), st[m]["change"], m)


@test
def relief_trend_doses_and_notes_are_apart():
    with Home() as h:
        doc = six_weeks_home(h)
        js = json.loads(h.ok("report", "--json"))
        # The weekly means are of the scores outside the sessions' relief:
        # before, next-day and logged, not after.
        start = datetime.date.fromisoformat(js["from"])
        for w, week in enumerate(js["week"]):
            v = [p["value"] for s in doc["sessions"] for p in s["pain"]
                 if p["kind"] == "before" and
                 (when(p["at"]).date() - start).days // 7 == w]
            if v:
                expect(abs(week["mean_pain"] - mean(v)) < 1e-9,
                       (w, week, v))
            else:
                expect_eq(week["mean_pain"], None, "week %d" % w)
        # A dose change for each time a stretch's repetitions moved.
        want, last = [], {}
        for i, s in enumerate(doc["sessions"]):
            for x in s["stretches"]:
                if x["skipped"]:
                    continue
                if x["stretch"] in last and last[x["stretch"]] != x["reps"]:
                    want.append((i, x["stretch"], last[x["stretch"]],
                                 x["reps"]))
                last[x["stretch"]] = x["reps"]
        expect_eq([(d["session"], d["stretch"], d["from"], d["to"])
                   for d in js["doses"]], want, "dose changes")
        notes = [n["text"] for s in doc["sessions"] for n in s["notes"]] + \
            [n["text"] for n in doc["notes"]]
        expect_eq(sorted(n["text"] for n in js["notes"]), sorted(notes),
                  "notes")
        h.ok("report", "--out", h.path("r.pdf"))
        flat = one_line(pdftext(h.path("r.pdf")))
        for s in ("Relief within each session", "Pain over the weeks",
                  "Doses and notes", "3 \u2192 4", "a bad night's sleep"):
            expect(s in flat, "the PDF lacks %r:\n%s" % (s, flat))
        # One row for the one screening that found something.
        rows = re.findall(r"\d\d:\d\d \d+ lower (go|see a clinician)", flat)
        expect_eq(rows, ["see a clinician"], "screening rows")


# ---------------------------------------------------------------- docs

@test
def help_and_man_page_name_every_option():
    with Home() as h:
        with open(MAN) as f:
            man = f.read()
        top = h.ok("--help")
        expect(re.search(r"^  report\s", top, re.M), "--help lacks report")
        expect("*limber report*" in man, "man page lacks report")
        for cmd in ("report", "export"):
            out = h.ok("help", cmd)
            for opt in set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", out)):
                expect(opt in man, "man page lacks %s %s" % (cmd, opt))
        expect("fhir" in man, "man page lacks --format fhir")


if __name__ == "__main__":
    sys.exit(harness.main("report"))
