#!/usr/bin/env python3
"""Black-box tests that every built-in exercise can be said and printed.

Issue 18 asks that each of the built-in exercises is "spoken sensibly by
the voice, and fits the handout". Both are checked through the real
binary, in a fresh temporary HOME, over every stretch `limber stretches`
lists, with every variant:

- The voice (voice/speech.c) hands a text to espeak-ng as it is, as UTF-8
  and without SSML. espeak-ng reads plain words and numbers well and takes
  . , ; : ? ! ( ) and a hyphen inside a word as pauses, but it names other
  symbols aloud ("slash", "times", "percent", "degrees"), drops some
  without a sound ("<"), and spells out capitals and units letter by
  letter ("NHS", "5 cm" as "five see em"). So every text the voice can say
  of a stretch (its name and summary, which the introduction says, each
  step, and its cues) must keep to plain words: unsayable() below.
- The handout (render/handout.c) sets two stretches a page in one type
  size. A plan holds all the built-in stretches only with help: strength
  and control work wait for a later stage, and each stretch suits only
  some contexts and areas. So the test writes each stretch back as the
  user's own copy (`limber show ID --json`, the catalog file form, under
  XDG_DATA_HOME/limber/stretches, which replaces the built-in with the same
  id), changed only in what decides whether a plan picks it: its kind,
  contexts and areas; its texts and poses are the built-in's. A second and
  a third sheet do the same with each stretch's first and second variant
  in place of its steps. Each is printed on A4 and on letter paper, and
  measured from the PDF (pdftotext -bbox, and pdftocairo for the figures'
  frames, as test_figures.py does).

usage: test_catalog_fit.py PATH-TO-LIMBER SOURCE-ROOT
"""
import collections
import json
import os
import re
import subprocess
import sys

import harness
from harness import expect, expect_eq, test
import test_figures as figures

# Words espeak-ng spells out letter by letter after a number: units.
UNITS = {"cm", "mm", "m", "km", "in", "ft", "s", "sec", "secs", "min",
         "mins", "h", "hr", "hrs", "kg", "g", "lb", "lbs", "x", "deg"}


def unsayable(text):
    """What in text the voice would not say as it is written: a list of
    reasons, empty when the text is plain words."""
    why = []
    for c in sorted(set(re.sub(r"[A-Za-z0-9 .,;:?!'()-]", "", text))):
        why.append("the character %r (U+%04X)" % (c, ord(c)))
    for m in re.finditer(r"(?<![A-Za-z0-9])-|-(?![A-Za-z0-9])", text):
        why.append("a dash that is not inside a word, at %d" % m.start())
    for w in re.findall(r"\b[A-Z]{2,}\b", text):
        why.append("the capitals %r, spelt out letter by letter" % w)
    for num, unit in re.findall(r"(\d+)\s*([A-Za-z]+)\b", text):
        if unit.lower() in UNITS:
            why.append("the unit in %r, spelt out" % (num + " " + unit))
    if re.search(r"\b[A-Za-z]+\d|\d[A-Za-z]", text):
        why.append("letters and digits run together")
    return why


def builtin_ids(h):
    return [line.split()[0] for line in h.ok("stretches").splitlines()]


def spoken_texts(stretch):
    """(where, text) for every text of a stretch the voice may say."""
    sid = stretch["id"]
    out = [(sid + " name", stretch["name"]),
           (sid + " summary", stretch["summary"])]
    out += [("%s step %d" % (sid, n), s["text"])
            for n, s in enumerate(stretch["steps"], 1)]
    out += [("%s cue %d" % (sid, n), c)
            for n, c in enumerate(stretch.get("cues", []), 1)]
    for v in stretch.get("variants", []):
        where = "%s/%s" % (sid, v["id"])
        out.append((where + " name", v["name"]))
        out += [("%s step %d" % (where, n), s["text"])
                for n, s in enumerate(v["steps"], 1)]
    return out


# ------------------------------------------------------------------ voice

@test
def the_rule_finds_what_the_voice_reads_badly():
    """unsayable() itself: it must fail on a text that breaks it, or the
    test below proves nothing."""
    for bad in ("Hold 30 s \u00d7 2.", "Keep your knees 10 cm apart.",
                "Turn left/right.", "Lean back \u2013 gently.",
                "Hold - then let go.", "As the NHS advises.",
                "Bend to 90\u00b0.", "Reach 2x.", "At L5.",
                "Left & right.", "\u201cSoft\u201d knees.",
                "Knees < hips."):
        expect(unsayable(bad), "not caught: %r" % bad)
    for good in ("Figure-4 buttock stretch", "Neck rolls (front half-circle)",
                 "Hold for a moment; breathe out: slowly, then rest.",
                 "Child's pose", "Hip-width apart, 5 repetitions.",
                 "Is it easy? Stop!"):
        expect_eq(unsayable(good), [], good)


@test
def every_builtin_text_is_plain_words_for_the_voice():
    with harness.Home() as h:
        ids = builtin_ids(h)
        expect(len(ids) >= 29, "built-in stretches: %d" % len(ids))
        bad, n = [], 0
        for sid in ids:
            stretch = json.loads(h.ok("show", sid, "--json"))
            for where, text in spoken_texts(stretch):
                n += 1
                for why in unsayable(text):
                    bad.append("%s: %s in %r" % (where, why, text))
        expect(n > 29 * 5, "texts checked: %d" % n)
        expect(not bad, "\n".join(bad))


# ---------------------------------------------------------------- handout

# The page sizes in points, as pdfinfo gives them.
PAPERS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


def need_figures():
    out = subprocess.run([harness.LIMBER, "--version"], capture_output=True,
                         text=True).stdout
    if "figures" not in out or "no figures" in out:
        harness.skip("this limber was built without cairo and pango")


def write_own_copies(h, ids, k):
    """Each built-in stretch as the user's own file, picked by any plan;
    with k > 0 its k-th variant's steps (and name, position and needs) in
    place of its own. Returns the forms written, as ID or ID/VARIANT."""
    folder = os.path.join(h.data, "limber", "stretches")
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        os.unlink(os.path.join(folder, name))
    forms = []
    for sid in ids:
        s = json.loads(h.ok("show", sid, "--json"))
        if k > 0:
            if len(s.get("variants", [])) < k:
                continue
            v = s["variants"][k - 1]
            for key in ("name", "position", "needs", "movements", "steps"):
                if key in v:
                    s[key] = v[key]
            forms.append(sid + "/" + v["id"])
        else:
            forms.append(sid)
        # Only what decides whether a plan takes the stretch changes.
        s["kind"] = "stretch"
        s["contexts"] = ["general"]
        s["areas"] = ["lower", "upper"]
        with open(os.path.join(folder, sid + ".json"), "w",
                  encoding="utf-8") as f:
            json.dump(s, f)
    return forms


def overlap(a, b):
    """How far two boxes (x0, y0, x1, y1) overlap across and down."""
    return (min(a[2], b[2]) - max(a[0], b[0]),
            min(a[3], b[3]) - max(a[1], b[1]))


def check_sheet(h, k, ids, paper):
    forms = write_own_copies(h, ids, k)
    path = h.path("all-%d-%s.pdf" % (k, paper))
    args = ("--area", "both", "--minutes", "120")
    rc, out, err = h.run("handout", "--out", path, "--paper", paper,
                         *args)
    expect_eq((rc, err), (0, ""), "handout")
    plan = json.loads(h.ok("plan", "--json", *args))
    got = sorted(i["stretch"] for i in plan["items"])
    want = sorted(s.split("/")[0] for s in forms)
    expect(set(want) <= set(got), "sheet %d lacks %s" %
           (k, sorted(set(want) - set(got))))
    items = plan["items"]
    n = len(items)
    pages = figures.pdf_pages(path)
    # Two to a page, the first page's rules taking the place of one.
    expect(pages <= max(1, (n + 1) // 2),
           "sheet %d: %d pages for %d stretches" % (k, pages, n))
    words = figures.pdf_words(path)
    width, height = PAPERS[paper]
    # render/handout.c: the margins (SIDE, 10 mm) and under the content
    # the footer's band (FOOT), which holds only the footer's line.
    side, foot = 28.0, 14.0
    band = height - side - foot
    heights = collections.Counter()
    by_page = []
    for p, page in enumerate(words, 1):
        text = figures.pdf_text(path, p)
        by_page.append(text)
        frames = [f[1:5] for f in figures.figure_frames(
            figures.pdf_shapes(path, p))]
        mode = collections.Counter(round(w[4] - w[2], 1) for w in page)
        heights[mode.most_common(1)[0][0]] += 1
        footer = " ".join(w[0] for w in page if w[2] >= band)
        expect(re.fullmatch(r"limber \S .* page %d of %d" % (p, pages),
                            footer),
               "sheet %d page %d: the footer's band holds %r" %
               (k, p, footer))
        for w in page:
            box = w[1:5]
            expect(side - 0.5 <= box[0] and box[2] <= width - side + 0.5
                   and side - 0.5 <= box[1] and
                   (box[3] <= band + 0.5 or box[1] >= band),
                   "sheet %d page %d: %r runs out of the content's band"
                   % (k, p, w))
            for f in frames:
                across, down = overlap(box, f)
                inside = f[0] - 0.5 <= box[0] and box[2] <= f[2] + 0.5 \
                    and f[1] - 0.5 <= box[1] and box[3] <= f[3] + 0.5
                expect(across <= 0.5 or down <= 0.5 or inside,
                       "sheet %d page %d: %r runs over a figure's frame"
                       % (k, p, w))
        for i in range(len(page)):
            for j in range(i + 1, len(page)):
                across, down = overlap(page[i][1:5], page[j][1:5])
                expect(across <= 0.5 or down <= 1.0,
                       "sheet %d page %d: %r is printed over %r" %
                       (k, p, page[i][0], page[j][0]))
    # One type size for the whole sheet: no stretch is set smaller alone.
    expect_eq(len(heights), 1, "sheet %d: body text heights by page %r"
              % (k, dict(heights)))
    for num, item in enumerate(items, 1):
        title = "%d. %s" % (num, item["name"])
        on = [p for p, t in enumerate(by_page) if title in t]
        expect_eq(len(on), 1, "sheet %d: pages with %s" % (k, title))
        if not on:
            continue
        # Without the spaces: pdftotext splits a word where the type is
        # kerned ("T ake"), which the reader does not see.
        page = re.sub(r"\s+", "", by_page[on[0]])
        for s in item["steps"]:
            expect(re.sub(r"\s+", "", s["text"]) in page,
                   "sheet %d: %s: step cut off: %r" % (k, title, s["text"]))
        for c in item.get("cautions", []):
            expect(re.sub(r"\s+", "", c) in page,
                   "sheet %d: %s: caution cut off: %r" % (k, title, c))


def sheet_test(k, paper):
    def run_sheet():
        need_figures()
        with harness.Home() as h:
            check_sheet(h, k, builtin_ids(h), paper)
    return run_sheet


for _paper in sorted(PAPERS):
    for _k, _what in ((0, "every_builtin_stretch"),
                      (1, "every_first_variant"),
                      (2, "every_second_variant")):
        test(sheet_test(_k, _paper),
             name="handout_fits_%s_on_%s" % (_what, _paper))


# ------------------------------------------------------------ words fit

# The voice's default rate, in words a minute (limber audio --rate).
RATE = 175
# Cues that begin a timed phase, and those said as one begins: the session
# (lib/session.c) says "And ease off." as a hold ends; in a file a
# check-in is said and taken as answered at once; so their words are said
# in the phase that follows.
PHASE_CUES = {"intro", "step", "hold-start", "switch", "rest", "done",
              "stopped"}
LEAVING_CUES = {"hold-end", "stretch-done", "checkin", "pain"}


def session_number(name):
    """A number #defined in include/limber/session.h."""
    with open(os.path.join(harness.ROOT, "include", "limber",
                           "session.h")) as f:
        for line in f:
            w = line.split()
            if w[:2] == ["#define", name]:
                return int(w[2])
    raise AssertionError("no %s in session.h" % name)


def need_voice():
    out = subprocess.run([harness.LIMBER, "--version"], capture_output=True,
                         text=True).stdout
    if "voice (espeak-ng)" not in out:
        harness.skip("this limber was built without a voice")


def voiced(h, *args):
    """The plan and `limber audio --json` of the same options at RATE."""
    plan = json.loads(h.ok("plan", "--json", *args))
    rc, out, err = h.run("audio", "--out", h.path("s.wav"), "--json",
                         "--rate", str(RATE), *args)
    expect_eq((rc, err), (0, ""), "limber audio " + " ".join(args))
    return plan, json.loads(out)


def phases(cues):
    """The session's timed phases from the file's cues, each as
    {kind, start, cues}: a phase starts with the words said as the one
    before it ends (an "And ease off.")."""
    out, leaving = [], []
    for c in cues:
        if c["kind"] == "checklist":
            continue
        if c["kind"] in PHASE_CUES:
            start = min(x["planned_ms"] for x in leaving + [c])
            out.append({"kind": c["kind"], "start": start,
                        "cues": leaving + [c], "main": c})
            leaving = []
        elif c["kind"] in LEAVING_CUES:
            leaving.append(c)
        else:
            out[-1]["cues"].append(c)
    return out


def check_phases(plan, audio, where):
    """Each phase of the file against its unpaced length; returns how many
    phases of each kind were checked."""
    move = session_number("LIMBER_SESSION_MOVE_MS")
    length = {"intro": 1000 * session_number("LIMBER_SESSION_INTRO_S"),
              "switch": 1000 * session_number("LIMBER_SESSION_SWITCH_S")}
    between = 1000 * session_number("LIMBER_SESSION_BETWEEN_S")
    names = {i["name"]: i for i in plan["items"]}
    checked = collections.Counter()
    item = None
    ph = phases(audio["cues"])
    for n, p in enumerate(ph):
        kind, main = p["kind"], p["main"]
        if kind in ("done", "stopped"):
            continue
        if kind == "intro":
            # "[Round R of N. ]NAME. N times[ on each side]."
            item = next(i for name, i in names.items()
                        if main["text"].startswith(name + ". ") or
                        (". " + name + ". ") in main["text"])
        said = [c for c in p["cues"] if c["kind"] != "countdown"]
        words_end = max(c["end_ms"] for c in said)
        took = ph[n + 1]["start"] - p["start"]
        what = "%s: %s %s %r" % (where, item["stretch"], kind,
                                 " | ".join(c["text"] for c in said))
        if kind == "hold-start":
            # The words end before the hold's first count would come
            # unpaced, so the hold grows by no more than the short breath
            # the session leaves before a count.
            counts = [c for c in p["cues"] if c["kind"] == "countdown"]
            expect(counts, "%s: no count" % what)
            if not counts:
                continue
            left = int(counts[0]["text"].split()[0].rstrip("."))
            due = p["start"] + 1000 * (item["hold_s"] - left)
            expect(words_end <= due, "%s: the words end %d ms after the "
                   "first count's time" % (what, words_end - due))
            checked[kind] += 1
            continue
        if kind == "step":
            text = main["text"].removeprefix("First side. ")
            want = [s["seconds"] for s in item["steps"]
                    if s["text"] == text]
            expect(want, "%s: not among the plan's steps" % what)
            if not want:
                continue
            planned = 1000 * want[0]
        elif kind == "rest":
            # Only the rest between stretches says what comes next.
            nxt = any(c["kind"] == "next" for c in p["cues"])
            planned = between if nxt else 1000 * item["rest_s"]
        else:
            planned = length[kind]
        # The words and the time to move fit the phase: it does not grow.
        expect(words_end + move - p["start"] <= planned,
               "%s: words and time to move take %d ms of %d" %
               (what, words_end + move - p["start"], planned))
        expect_eq(took, planned, "%s: the phase's length" % what)
        checked[kind] += 1
    return checked


@test
def every_builtin_text_fits_its_phase_at_the_default_rate():
    """Issue 19: at 175 words a minute each phase's words, and time to
    move after them, fit the phase, so a voiced session is as long as its
    plan. Every built-in stretch, then every first and second variant, as
    the handout test writes them, in one 120-minute plan."""
    need_voice()
    with harness.Home() as h:
        ids = builtin_ids(h)
        total = collections.Counter()
        for k in (0, 1, 2):
            forms = write_own_copies(h, ids, k)
            plan, audio = voiced(h, "--area", "both", "--minutes", "120")
            got = {i["stretch"] for i in plan["items"]}
            expect({f.split("/")[0] for f in forms} <= got,
                   "sheet %d: the plan lacks some" % k)
            total += check_phases(plan, audio, "sheet %d" % k)
        for kind in ("intro", "step", "hold-start", "switch", "rest"):
            expect(total[kind] > 0, "no %s checked: %r" % (kind, total))


@test
def default_plans_voiced_last_as_long_as_the_plan_says():
    """The plan's "a session of M:SS" (session_seconds) is what a voiced
    session at the default rate takes, within 3 %."""
    need_voice()
    with harness.Home() as h:
        for area in ("lower", "upper", "both"):
            for minutes in ("5", "10", "20"):
                plan, audio = voiced(h, "--area", area, "--minutes", minutes)
                said = audio["session_ms"] / 1000
                want = plan["session_seconds"]
                expect(abs(said - want) <= 0.03 * want,
                       "%s, %s minutes: the plan says %d s, voiced at %d "
                       "words a minute it takes %.1f s" %
                       (area, minutes, want, RATE, said))


if __name__ == "__main__":
    sys.exit(harness.main("catalog-fit"))
