#!/usr/bin/env python3
"""Black-box tests of limber's figures: show --svg/--png and handout.

Each test runs the real binary in a fresh temporary HOME, as test_cli.py
does, and checks the files it writes: SVG parsed as XML and the same bytes
on every run, PNG sizes read from the file's header, the handout's text and
pages read back with pdftotext, pdfinfo and pdffonts. Writes that cannot
succeed must say which file and leave nothing behind. The results are TAP
(harness.py); it exits 1 when any test failed.

usage: test_figures.py PATH-TO-LIMBER SOURCE-ROOT
"""
import fcntl
import json
import os
import re
import struct
import subprocess
import sys
import termios
import xml.etree.ElementTree as ET

import harness
from harness import expect, expect_eq, test

SVG_NS = "{http://www.w3.org/2000/svg}"


class Home(harness.Home):
    """harness.Home, with the journal where limber puts a user's."""

    PREFIX = "limber-fig-"
    JOURNAL_ENV = False


def run(h, *args, **env):
    """limber in h's folder, with env added to h's environment."""
    return h.run(*args, stdin=None, env=h.env(**env), cwd=h.dir)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def png_size(path):
    data = read(path)
    expect(data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG: %s" % path)
    return struct.unpack(">II", data[16:24])


def stretch(h, sid):
    rc, out, err = run(h, "show", sid, "--json")
    expect_eq(rc, 0, "show --json " + err)
    return json.loads(out)


def words(text):
    """Text as one line of words, as it reads whatever the wrapping."""
    return re.sub(r"\s+", " ", text).strip()


# ------------------------------------------------------------------ svg

@test
def svg_of_one_step_is_well_formed_and_the_same_every_time():
    with Home() as h:
        a, b = h.path("a.svg"), h.path("b.svg")
        for path in (a, b):
            rc, out, err = run(h, "show", "childs-pose", "--step", "4",
                               "--svg", path)
            expect_eq((rc, out, err), (0, "", ""), "show --svg")
        expect(read(a) == read(b), "two runs gave different bytes")
        root = ET.parse(a).getroot()
        expect_eq(root.tag, SVG_NS + "svg", "root element")
        expect_eq((root.get("width"), root.get("height")), ("480", "360"),
                  "size")
        shapes = [e for e in root.iter()
                  if e.tag in (SVG_NS + "line", SVG_NS + "circle",
                               SVG_NS + "polygon")]
        expect(len(shapes) > 15, "a figure has its limbs, trunk and head")
        expect(not root.findall(".//" + SVG_NS + "animate"), "not animated")


@test
def svg_of_every_step_moves_at_the_steps_pace():
    with Home() as h:
        st = stretch(h, "pelvic-tilt")
        hold = st["dose"]["hold_s"]["start"]
        total = sum(hold if s.get("hold") else s["seconds"]
                    for s in st["steps"])
        path = h.path("tilt.svg")
        rc, _, err = run(h, "show", "pelvic-tilt", "--svg", path)
        expect_eq(rc, 0, err)
        root = ET.parse(path).getroot()
        anims = root.findall(".//" + SVG_NS + "animate")
        expect(len(anims) > 10, "the figure moves")
        for a in anims:
            expect_eq(a.get("dur"), "%ds" % total, "loop length")
            times = [float(t) for t in a.get("keyTimes").split(";")]
            expect_eq(len(times), len(a.get("values").split(";")),
                      "one value a key time")
            expect(times[0] == 0 and times[-1] == 1, "key times span 0 to 1")
            expect(all(x < y for x, y in zip(times, times[1:])),
                   "key times rise")
        again = h.path("again.svg")
        run(h, "show", "pelvic-tilt", "--svg", again)
        expect(read(path) == read(again), "animated SVG differs between runs")


@test
def a_step_moves_from_the_step_before_it():
    """--step N draws step N-1's pose as a faint ghost and an arrow for
    the part that moves; step 1 has no step before it. The SVG turns to
    its dark colours when the viewer prefers a dark scheme."""
    with Home() as h:
        shapes = {}
        for n in (1, 2):
            path = h.path("s%d.svg" % n)
            rc, _, err = run(h, "show", "childs-pose", "--step", str(n),
                             "--svg", path)
            expect_eq(rc, 0, err)
            text = read(path).decode()
            expect("@media (prefers-color-scheme: dark)" in text,
                   "dark style")
            root = ET.parse(path).getroot()
            shapes[n] = [e for e in root.iter()
                         if e.tag in (SVG_NS + "polygon", SVG_NS + "circle",
                                      SVG_NS + "polyline", SVG_NS + "line")]
        arrows = [e for e in shapes[2] if e.tag == SVG_NS + "polyline"]
        expect_eq(len(arrows), 1, "step 2: one arrow")
        expect(not any(e.tag == SVG_NS + "polyline" for e in shapes[1]),
               "step 1: no arrow")
        # The ghost: a whole body's parts more than step 1 draws.
        expect(len(shapes[2]) >= len(shapes[1]) + 20,
               "ghost: %d shapes, not %d and more" % (len(shapes[2]),
                                                      len(shapes[1])))
        png = h.path("s2.png")
        rc, _, err = run(h, "show", "childs-pose", "--step", "2", "--png", png)
        expect_eq(rc, 0, err)
        expect_eq(png_size(png), (480, 360), "one step with its ghost")


@test
def right_side_is_the_mirror_and_left_the_default():
    with Home() as h:
        paths = {k: h.path(k + ".svg") for k in ("default", "left", "right")}
        for side, path in paths.items():
            args = ["show", "seated-spinal-twist", "--step", "4", "--svg", path]
            if side != "default":
                args += ["--side", side]
            rc, _, err = run(h, *args)
            expect_eq(rc, 0, err)
        expect(read(paths["default"]) == read(paths["left"]), "left is default")
        expect(read(paths["left"]) != read(paths["right"]), "right differs")


# ------------------------------------------------------------------ png

@test
def png_of_one_step_and_of_every_step():
    with Home() as h:
        one, row = h.path("one.png"), h.path("row.png")
        rc, _, err = run(h, "show", "neck-rolls", "--step", "2", "--png", one)
        expect_eq(rc, 0, err)
        expect_eq(png_size(one), (480, 360), "one step")
        rc, _, err = run(h, "show", "childs-pose", "--variant", "chair",
                         "--png", row)
        expect_eq(rc, 0, err)
        steps = len(next(v for v in stretch(h, "childs-pose")["variants"]
                         if v["id"] == "chair")["steps"])
        expect_eq(png_size(row), (280 * steps, 280), "a row of every step")
        both = h.path("both.svg"), h.path("both.png")
        rc, _, err = run(h, "show", "pelvic-tilt", "--step", "5",
                         "--svg", both[0], "--png", both[1])
        expect_eq(rc, 0, err)
        expect(os.path.exists(both[0]) and os.path.exists(both[1]), "both")


# ------------------------------------------------------------------ errors

@test
def figure_options_are_checked():
    cases = [
        (["show", "childs-pose", "--step", "9", "--png", "x.png"], 2,
         "limber: --step must be from 1 to 5 for childs-pose, not 9; "
         "see 'limber help show'\n"),
        (["show", "childs-pose", "--step", "0", "--png", "x.png"], 2,
         "limber: --step must be a step number from 1, not '0'\n"),
        (["show", "childs-pose", "--step", "2"], 2,
         "limber: --step, --variant and --side choose the figures of --svg "
         "or --png; give one of those too; see 'limber help show'\n"),
        (["show", "childs-pose", "--json", "--svg", "x.svg"], 2,
         "limber: --json prints the stretch; --svg and --png write figures: "
         "give one or the other; see 'limber help show'\n"),
        (["show", "neck-rolls", "--side", "right", "--svg", "x.svg"], 2,
         "limber: neck-rolls is done once, not on each side: leave out "
         "--side; see 'limber help show'\n"),
        (["show", "neck-rolls", "--side", "middle", "--svg", "x.svg"], 2,
         "limber: --side must be left or right, not 'middle'\n"),
        (["show", "childs-pose", "--variant", "sofa", "--svg", "x.svg"], 1,
         "limber: childs-pose has no variant 'sofa'; known: cushioned, "
         "chair\n"),
        (["show", "childs-pose", "--svg", ""], 2,
         "limber: --svg needs a file name, not an empty word\n"),
    ]
    with Home() as h:
        for args, status, message in cases:
            rc, out, err = run(h, *args)
            expect_eq((rc, out, err), (status, "", message), " ".join(args))
        expect_eq(os.listdir(h.dir), [], "nothing written")


@test
def unwritable_path_is_named_and_leaves_nothing():
    with Home() as h:
        for opt, name in (("--png", "x.png"), ("--svg", "x.svg")):
            path = "/nonexistent/dir/" + name
            rc, out, err = run(h, "show", "neck-rolls", opt, path)
            expect_eq((rc, out), (1, ""), opt)
            expect_eq(err, "limber: cannot write %s: No such file or "
                      "directory\n" % path, opt)
        # A file where a folder should be.
        blocker = h.path("file")
        with open(blocker, "w") as f:
            f.write("x")
        rc, _, err = run(h, "show", "neck-rolls", "--png",
                         blocker + "/x.png")
        expect_eq((rc, err), (1, "limber: cannot write %s/x.png: Not a "
                              "directory\n" % blocker), "not a directory")
        # A folder where the file should go: the temporary file is removed.
        taken = h.path("taken.png")
        os.mkdir(taken)
        for opt in ("--png", "--svg"):
            rc, _, err = run(h, "show", "neck-rolls", opt, taken)
            expect_eq(rc, 1, opt + " onto a folder")
            expect(err.startswith("limber: cannot write %s: " % taken), err)
        rc, _, err = run(h, "handout", "--out", taken)
        expect_eq(rc, 1, "handout onto a folder")
        expect_eq(sorted(os.listdir(h.dir)), ["file", "taken.png"],
                  "no temporary file left")
        expect_eq(os.listdir(taken), [], "nothing inside the folder")
        rc, _, err = run(h, "handout", "--out", "/nonexistent/h.pdf")
        expect_eq((rc, err), (1, "limber: cannot write /nonexistent/h.pdf: "
                              "No such file or directory\n"), "handout")


@test
def user_stretch_without_poses_shows_text_but_draws_nothing():
    with Home() as h:
        st = stretch(h, "neck-rolls")
        st["id"] = "plain-neck"
        for s in st["steps"]:
            del s["pose"]
        folder = os.path.join(h.data, "limber", "stretches")
        os.makedirs(folder)
        with open(os.path.join(folder, "plain-neck.json"), "w") as f:
            json.dump(st, f)
        rc, out, err = run(h, "show", "plain-neck")
        expect_eq(rc, 0, err)
        expect(" 1. " + st["steps"][0]["text"][:30] in out, out[:600])
        rc, out, err = run(h, "show", "plain-neck", "--svg", h.path("x.svg"))
        expect_eq((rc, err), (1, "limber: plain-neck has no poses to draw\n"),
                  "no poses")
        rc, out, err = run(h, "show", "plain-neck", "--step", "2", "--png",
                           h.path("x.png"))
        expect_eq((rc, err), (1, "limber: step 2 of plain-neck has no pose "
                              "to draw\n"), "no pose")
        expect(not os.path.exists(h.path("x.svg")), "no file")


# ------------------------------------------------------------------ terminal

@test
def show_draws_braille_with_utf8_and_ascii_without():
    with Home() as h:
        rc, out, _ = run(h, "show", "pelvic-tilt")
        expect_eq(rc, 0, "utf-8")
        steps = out.split("Steps, for one repetition:\n")[1].split("\nCues")[0]
        expect(re.search("[\u2801-\u28ff]", steps), "braille figures")
        for line in steps.splitlines():
            expect(len(line) <= 78, "line too long: %r" % line)
        rc, out, _ = run(h, "show", "pelvic-tilt", LANG="C")
        expect_eq(rc, 0, "C locale")
        expect(not re.search("[\u2800-\u28ff]", out), "no braille in C")
        steps = out.split("Steps, for one repetition:\n")[1].split("\nCues")[0]
        expect(all(ord(c) < 128 for c in steps), "ASCII figures")
        expect("_" in steps, "the floor")
        # The text still reads in full beside the figures.
        st = stretch(h, "pelvic-tilt")
        text = words(re.sub(r"^.{18}", "", steps, flags=re.M))
        for s in st["steps"]:
            expect(words(s["text"]) in text, "missing step %r" % s["text"])


def show_on_terminal(h, cols, *args):
    """limber show's output on a pseudo-terminal cols columns wide."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ,
                struct.pack("HHHH", 50, cols, 0, 0))
    p = subprocess.Popen([harness.LIMBER, "show", *args],
                         stdin=subprocess.DEVNULL, stdout=slave,
                         stderr=subprocess.PIPE, env=h.env(), cwd=h.dir)
    os.close(slave)
    out = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:         # EIO: the program has closed it
            break
        if not data:
            break
        out += data
    os.close(master)
    expect_eq(p.wait(timeout=30), 0, "show on a terminal: " +
              p.stderr.read().decode())
    p.stderr.close()
    return out.decode().replace("\r\n", "\n")


def braille_width(text):
    """The widest run of a figure's columns on any line, first dot to last."""
    widths = [0]
    for line in text.splitlines():
        cols = [i for i, ch in enumerate(line) if "\u2801" <= ch <= "\u28ff"]
        if cols:
            widths.append(cols[-1] - cols[0] + 1)
    return max(widths)


@test
def show_figures_grow_on_a_wide_terminal():
    # Piped, and on a terminal of 80 columns: 16 columns of figure. On a
    # wider terminal the figure gains what the terminal has past 80 (up to
    # 32), the text beside it as wide as ever and read in full.
    with Home() as h:
        st = stretch(h, "childs-pose")
        _, piped, _ = run(h, "show", "childs-pose")
        widths = {}
        for cols in [80, 90, 140]:
            out = show_on_terminal(h, cols, "childs-pose")
            steps = out.split("Steps, for one repetition:\n")[1].split(
                "\nCues")[0]
            widths[cols] = braille_width(steps)
            for line in steps.splitlines():
                expect(len(line) < cols, "%d columns: too long: %r" % (
                    cols, line))
            text = words(re.sub("[\u2800-\u28ff]", "", steps))
            for s in st["steps"]:
                expect(words(s["text"]) in text, "%d columns: missing %r" % (
                    cols, s["text"]))
        print("figure columns: piped %d, on 80, 90, 140 columns %d, %d, %d"
              % (braille_width(piped), widths[80], widths[90], widths[140]))
        expect(braille_width(piped) <= 16, "piped: %d" % braille_width(piped))
        expect(widths[80] <= 16, "80 columns: %d" % widths[80])
        expect(16 < widths[90] <= 16 + 10 and widths[90] < widths[140],
               "wider on a wider terminal: %r" % widths)
        expect(widths[140] <= 32, "at most 32 columns: %r" % widths)


# ------------------------------------------------------------------ handout

def pdf_pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True,
                         check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def pdf_text(path, page=None):
    """A page's text (or the whole file's) in the order it is drawn, as
    one line of words; a line broken after a hyphen ("electric-", "shock")
    is joined at it, as it is printed."""
    args = ["pdftotext", "-raw", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run(args + [path, "-"], capture_output=True,
                         text=True, check=True).stdout
    return words(re.sub(r"(?<=\w)-\n(?=\w)", "-", out))


MM = 72 / 25.4  # points in a millimetre


def pdf_words(path):
    """Every word of the PDF with its box in points, as pdftotext -bbox
    reads them: one list a page of (word, x0, y0, x1, y1), y down."""
    out = subprocess.run(["pdftotext", "-bbox", path, "-"],
                         capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", out, re.S):
        pages.append([(html_unescape(w), float(a), float(b), float(c),
                       float(d)) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
            r'yMax="([\d.]+)">(.*?)</word>', page)])
    return pages


def html_unescape(s):
    import html
    return html.unescape(s)


def find_words(page, phrase):
    """The boxes of the first run of page's words that reads phrase."""
    want = phrase.split()
    for i in range(len(page) - len(want) + 1):
        if all(page[i + k][0] == w for k, w in enumerate(want)):
            return page[i:i + len(want)]
    return None


SVG_PATH = re.compile(r'<path style="([^"]*)" d="([^"]*)"'
                      r'(?: transform="matrix\(([^)]*)\)")?')


def pdf_shapes(path, page):
    """The stroked, unfilled shapes drawn on a page, read from pdftocairo's
    SVG of it, in points with y down: (kind, x0, y0, x1, y1) with kind
    "rect" or "line", and ("path", x0, y0, x1, y1, colour) for the rest,
    their boxes and their stroke's colour as "rrggbb"."""
    svg = path + ".%d.svg" % page
    subprocess.run(["pdftocairo", "-svg", "-f", str(page), "-l", str(page),
                    path, svg], check=True)
    with open(svg) as f:
        text = f.read()
    os.unlink(svg)
    body = text[text.find("</defs>"):]
    shapes = []
    for style, d, matrix in SVG_PATH.findall(body):
        if "fill:none" not in style or "stroke:" not in style:
            continue
        m = [float(v) for v in matrix.split(",")] if matrix else \
            [1, 0, 0, 1, 0, 0]
        nums = [float(v) for v in re.findall(r"-?[\d.]+", d)]
        ops = re.findall(r"[MLCZ]", d)
        pts = [(m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
               for x, y in zip(nums[0::2], nums[1::2])]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        if ops[:5] == ["M", "L", "L", "L", "Z"] and len(pts) >= 4 and \
                all(abs(pts[k][0] - pts[k + 1][0]) < 0.01 or
                    abs(pts[k][1] - pts[k + 1][1]) < 0.01
                    for k in range(3)):
            shapes.append(("rect", min(xs), min(ys), max(xs), max(ys)))
        elif ops == ["M", "L"] and abs(ys[0] - ys[1]) < 0.01:
            shapes.append(("line", min(xs), ys[0], max(xs), ys[1]))
        elif pts:
            rgb = re.search(r"stroke:rgb\(([\d.]+)%,([\d.]+)%,([\d.]+)%\)",
                            style)
            colour = "".join("%02x" % round(float(v) * 2.55)
                             for v in rgb.groups()) if rgb else None
            shapes.append(("path", min(xs), min(ys), max(xs), max(ys),
                           colour))
    return shapes


def figure_frames(shapes):
    """The figures' frames: rectangles wider than 30 mm, each with a
    figure inside."""
    return [s for s in shapes if s[0] == "rect" and s[3] - s[1] > 30 * MM
            and s[4] - s[2] > 10 * MM]


def tick_boxes(shapes):
    """Small squares, 2 to 8 mm, to tick."""
    return [s for s in shapes if s[0] == "rect" and
            2 * MM < s[3] - s[1] < 8 * MM and
            abs((s[3] - s[1]) - (s[4] - s[2])) < 0.5]


def figures_of(item):
    """The figures a stretch's steps need: one a step, but none for a hold
    that follows a step (it shows the same position)."""
    return sum(1 for i, s in enumerate(item["steps"])
               if i == 0 or not s.get("hold"))


def holds_of(item):
    """The figures that carry a hold: a step followed by a hold."""
    steps = item["steps"]
    return sum(1 for i, s in enumerate(steps)
               if (i == 0 or not s.get("hold")) and
               (s.get("hold") or (i + 1 < len(steps) and
                                  steps[i + 1].get("hold"))))


@test
def handout_has_every_step_and_never_splits_a_stretch():
    with Home() as h:
        path = h.path("routine.pdf")
        rc, out, err = run(h, "handout", "--area", "both", "--out", path)
        expect_eq((rc, err), (0, ""), "handout")
        expect(read(path).startswith(b"%PDF-"), "a PDF")
        rc, plan, _ = run(h, "plan", "--area", "both", "--json")
        plan = json.loads(plan)
        # The handout holds the same plan, as many stretches as it has.
        expect_eq(out, "Wrote %s: %d stretches.\n" % (path, len(plan["items"])),
                  "stdout")
        text = pdf_text(path)
        for phrase in ("Your stretching routine", "When to stop",
                       "When to get help"):
            expect(phrase in text, "missing " + phrase)
        # The plan's one length, its session's (limber plan's header).
        minutes = (plan["session_seconds"] + 59) // 60
        expect(("About %d minutes in all" % minutes) in " ".join(text.split()),
               "length: %d minutes" % minutes)
        # Two stretches to a page (handout_paper_sizes_and_page_counts).
        pages = pdf_pages(path)
        expect(pages <= max(1, (len(plan["items"]) + 1) // 2),
               "pages (A4): %d" % pages)
        by_page = [pdf_text(path, p) for p in range(1, pages + 1)]
        for n, item in enumerate(plan["items"], 1):
            title = "%d. %s" % (n, item["name"])
            on = [p for p, t in enumerate(by_page) if title in t]
            expect_eq(len(on), 1, "pages with " + title)
            page = by_page[on[0]]
            for s in item["steps"]:
                expect(words(s["text"]) in page,
                       "%s: step not on its page: %r" % (title, s["text"]))
            expect(("hold %d s" % item["hold_s"]) in page, "dose of " + title)
        fonts = subprocess.run(["pdffonts", path], capture_output=True,
                               text=True, check=True).stdout.splitlines()[2:]
        expect(fonts, "fonts listed")
        for line in fonts:
            expect(re.search(r"\s+yes\s+yes\s+yes\s+\d+\s+\d+$", line),
                   "font not embedded: " + line)


@test
def handout_paper_sizes_and_page_counts():
    """Two stretches to a page, the first page's rules included, on A4
    or letter, for each area's 10 minutes."""
    with Home() as h:
        for paper, size in (("a4", "595.28 x 841.89"),
                            ("letter", "612 x 792")):
            for area in ("upper", "lower", "both"):
                path = h.path("%s-%s.pdf" % (paper, area))
                rc, out, err = run(h, "handout", "--area", area, "--paper",
                                   paper, "--minutes", "10", "--out", path)
                expect_eq(rc, 0, err)
                n = int(re.search(r": (\d+) stretch", out).group(1))
                info = subprocess.run(["pdfinfo", path], capture_output=True,
                                      text=True, check=True).stdout
                expect(size in info, info)
                expect(pdf_pages(path) <= max(1, (n + 1) // 2),
                       "%s %s: %d pages for %d stretches" %
                       (paper, area, pdf_pages(path), n))


def handout_pages(h, path, *args):
    """Write a handout for both areas; returns the plan and, a page each,
    its text, its words and its shapes, and which items are on it."""
    rc, _, err = run(h, "handout", "--area", "both", "--out", path, *args)
    expect_eq((rc, err), (0, ""), "handout " + " ".join(args))
    rc, plan, _ = run(h, "plan", "--area", "both", "--json")
    plan = json.loads(plan)
    pages = []
    for p, page_words in enumerate(pdf_words(path), 1):
        text = pdf_text(path, p)
        on = [(n, item) for n, item in enumerate(plan["items"], 1)
              if "%d. %s" % (n, item["name"]) in text]
        pages.append({"text": text, "words": page_words,
                      "shapes": pdf_shapes(path, p), "items": on})
    return plan, pages


def inside(box, frame, slack=0.5):
    return frame[1] - slack <= box[1] and box[3] <= frame[3] + slack and \
        frame[2] - slack <= box[2] and box[4] <= frame[4] + slack


@test
def handout_draws_a_figure_a_step_and_marks_a_hold_on_it():
    """Figures at least 45 mm wide; a hold has no figure of its own but a
    "hold N s" mark on the figure of the step before it, and its words
    join that step's after "Hold N s:"."""
    with Home() as h:
        for paper in ("a4", "letter"):
            plan, pages = handout_pages(h, h.path(paper + ".pdf"),
                                        "--paper", paper)
            seen = 0
            for p, page in enumerate(pages, 1):
                frames = figure_frames(page["shapes"])
                want = sum(figures_of(item) for _, item in page["items"])
                expect_eq(len(frames), want, "%s page %d: figures" %
                          (paper, p))
                for f in frames:
                    expect(f[3] - f[1] >= 45 * MM, "%s page %d: a figure "
                           "%.1f mm wide" % (paper, p, (f[3] - f[1]) / MM))
                ws = page["words"]
                marks = [ws[i:i + 3] for i in range(len(ws) - 2)
                         if ws[i][0] == "hold" and ws[i + 2][0] == "s" and
                         any(inside(ws[i], f) for f in frames)]
                expect_eq(len(marks), sum(holds_of(item)
                                          for _, item in page["items"]),
                          "%s page %d: hold marks" % (paper, p))
                holds = {item["hold_s"] for _, item in page["items"]}
                for m in marks:
                    expect(int(m[1][0]) in holds, "hold mark %r" % (m,))
                    expect(any(inside(w, f) for w in m for f in frames),
                           "the mark is on a figure")
                for _, item in page["items"]:
                    seen += 1
                    for i, st in enumerate(item["steps"]):
                        if i > 0 and st.get("hold"):
                            joined = "Hold %d s: %s" % (item["hold_s"],
                                                        words(st["text"]))
                            expect(joined in page["text"], joined)
            expect_eq(seen, len(plan["items"]), "every stretch on a page")


@test
def handout_has_lines_for_the_names_and_a_week_to_tick():
    with Home() as h:
        plan, pages = handout_pages(h, h.path("blank.pdf"))
        first = pages[0]
        lines = [s for s in first["shapes"]
                 if s[0] == "line" and s[3] - s[1] >= 50 * MM]
        for label in ("Patient", "Clinician"):
            box = find_words(first["words"], label)
            expect(box is not None, "no %s on page 1" % label)
            box = box[0]
            under = [ln for ln in lines if ln[1] >= box[3] and
                     ln[1] - box[3] < 10 * MM and
                     abs(ln[2] - box[4]) < 3 * MM]
            expect_eq(len(under), 1, "a line to write on after " + label)
        # A week to tick for each stretch: the days, a box after each.
        for p, page in enumerate(pages, 1):
            n = len(page["items"])
            expect_eq(len(tick_boxes(page["shapes"])), 7 * n,
                      "page %d: boxes to tick" % p)
            for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
                expect_eq(sum(1 for w in page["words"] if w[0] == day), n,
                          "page %d: %s" % (p, day))
        # A name fills its line, printed as given, markup and all.
        name = "Zoë <b>O'Brien</b> & co"
        _, pages = handout_pages(h, h.path("named.pdf"), "--name", name)
        first = pages[0]
        got = find_words(first["words"], name)
        expect(got is not None, "the name on page 1: " + first["text"][:200])
        patient = find_words(first["words"], "Patient")[0]
        clinician = find_words(first["words"], "Clinician")[0]
        for w in got or []:
            expect(patient[3] < w[1] and w[3] < clinician[1],
                   "the name on the patient's line: %r" % (w,))
        for bad in ("", " ", "x" * 41, "Ann\nSmith", "Ann\tSmith",
                    "\x1b[31mAnn"):
            path = h.path("bad.pdf")
            rc, out, err = run(h, "handout", "--name", bad, "--out", path)
            expect_eq((rc, out, err), (2, "", "limber: --name must be a "
                                       "name of 1 to 40 characters on one "
                                       "line\n"), repr(bad))
            expect(not os.path.exists(path), "nothing written")
        rc, _, err = run(h, "handout", "--name", "é" * 40, "--out",
                         h.path("long.pdf"))
        expect_eq((rc, err), (0, ""), "40 characters, 80 bytes")
        # The widest name allowed stays on its line, whole, set smaller.
        _, pages = handout_pages(h, h.path("wide.pdf"), "--name", "W" * 40)
        first = pages[0]
        ws = [w for w in first["words"] if set(w[0]) == {"W"}]
        expect_eq([w[0] for w in ws], ["W" * 40], "the name, on one line")
        patient = find_words(first["words"], "Patient")[0]
        clinician = find_words(first["words"], "Clinician")[0]
        line = [ln for ln in first["shapes"] if ln[0] == "line" and
                ln[1] > patient[3] and ln[3] < clinician[1] and
                abs(ln[2] - patient[4]) < 3 * MM]
        expect_eq(len(line), 1, "the patient's line")
        for w in ws:
            expect(line[0][1] <= w[1] and w[3] <= line[0][3] and
                   w[4] <= line[0][2] + 1, "the name on its line: %r, %r" %
                   (w, line[0]))


@test
def handout_figures_move_from_the_step_before():
    """A figure after a stretch's first shows the movement from the step
    before it as 'limber show --step N' draws it: where show's SVG has an
    arrow (its one polyline), the handout's frame holds a stroke of that
    colour; where show has none (a hold, a step that barely moves, the
    first), neither does the frame."""
    with Home() as h:
        plan, pages = handout_pages(h, h.path("move.pdf"))
        svg, arrows_seen = h.path("step.svg"), 0
        for p, page in enumerate(pages, 1):
            frames = sorted(figure_frames(page["shapes"]),
                            key=lambda f: (round(f[2]), f[1]))
            figs = [(item, i) for _, item in page["items"]
                    for i, st in enumerate(item["steps"])
                    if i == 0 or not st.get("hold")]
            expect_eq(len(frames), len(figs), "page %d: figures" % p)
            for f, (item, i) in zip(frames, figs):
                args = ["show", item["stretch"], "--step", str(i + 1),
                        "--svg", svg]
                if item["variant"]:
                    args += ["--variant", item["variant"]]
                rc, _, err = run(h, *args)
                expect_eq(rc, 0, err)
                arrow = set(re.findall(
                    r'<polyline [^>]*stroke="#([0-9a-f]{6})"',
                    read(svg).decode()))
                inside = {sh[5] for sh in page["shapes"] if sh[0] == "path"
                          and f[1] < (sh[1] + sh[3]) / 2 < f[3]
                          and f[2] < (sh[2] + sh[4]) / 2 < f[4]}
                what = "%s step %d" % (item["name"], i + 1)
                if i == 0:
                    expect(not arrow, what + ": the first moves from nothing")
                expect_eq(bool(arrow & inside), bool(arrow),
                          what + ": arrow in the frame as in show")
                arrows_seen += bool(arrow)
        expect(arrows_seen >= len(plan["items"]), "arrows: %d" % arrows_seen)


@test
def handout_sets_cautions_and_stop_rules_at_the_steps_size():
    """The cautions are not small print: their words are as tall as the
    steps' (pdftotext's word boxes), and the rules for stopping no
    smaller."""
    with Home() as h:
        plan, pages = handout_pages(h, h.path("size.pdf"))
        def height(page, phrase):
            box = find_words(page["words"], " ".join(phrase.split()[:4]))
            expect(box is not None, "not found: %r" % phrase)
            return max(w[4] - w[2] for w in box) if box else 0
        stop = height(pages[0], "Stretch only to a gentle pull")
        for page in pages:
            for _, item in page["items"]:
                step = height(page, item["steps"][0]["text"])
                expect(step > 0, "a step's size")
                for c in item["cautions"]:
                    expect(abs(height(page, c) - step) < 0.05,
                           "%s: caution %r is %.2f pt tall, steps %.2f" %
                           (item["name"], c, height(page, c), step))
                expect(stop >= step - 0.05, "stop rules %.2f, steps %.2f" %
                       (stop, step))


@test
def handout_refuses_when_screening_blocks_and_checks_its_options():
    with Home() as h:
        path = h.path("no.pdf")
        rc, out, _ = run(h, "handout", "--pain", "8", "--out", path)
        expect_eq(rc, 3, "blocked")
        expect("Verdict:" in out, out)
        expect(not os.path.exists(path), "no handout when blocked")
        for args, message in (
                ([], "limber: handout needs --out FILE.pdf, the file to "
                 "write; see 'limber help handout'\n"),
                (["--out", path, "--paper", "a5"],
                 "limber: --paper must be a4 or letter, not 'a5'\n"),
                (["--out", path, "extra"],
                 "limber: handout takes no arguments, not 'extra'; see "
                 "'limber help handout'\n")):
            rc, out, err = run(h, "handout", *args)
            expect_eq((rc, out, err), (2, "", message), " ".join(args))
        expect_eq(os.listdir(h.dir), [], "nothing written")


def asked_for(question, area):
    """Whether the screening asks a question (check --list's entry) when
    area hurts: neck questions only when the neck does."""
    return question["area"] is None or question["area"] == area or \
        area == "both"


def level_sections(text, groups):
    """The handout's text under each level's heading, up to the next one;
    the last runs to the end of the text."""
    starts = []
    for g in groups:
        at = text.find(words(g["help"]))
        expect(at >= 0, "no heading %r" % g["help"])
        starts.append(at)
    expect_eq(starts, sorted(starts), "headings worst first")
    return {g["level"]: text[at:end] for g, at, end in
            zip(groups, starts, starts[1:] + [len(text)])}


@test
def handout_lists_its_areas_red_flags_at_the_screenings_levels():
    """docs/safety.md, "The safety box": for each area, every emergency and
    urgent question asked for it is printed under its level's heading, at
    the level 'limber check' gives that answer; a neck plan has the
    stroke-type signs, a lower-back plan no neck-only sign."""
    with Home() as h:
        rc, out, _ = run(h, "check", "--list", "--json")
        expect_eq(rc, 0, "check --list")
        questions = json.loads(out)
        boxes, texts = {}, {}
        for area in ("upper", "lower", "both"):
            path = h.path(area + ".pdf")
            rc, _, err = run(h, "handout", "--area", area, "--out", path)
            expect_eq((rc, err), (0, ""), "handout " + area)
            rc, out, _ = run(h, "plan", "--area", area, "--json")
            boxes[area] = json.loads(out)["get_help"]
            # The box is on the first page, before any stretch.
            texts[area] = pdf_text(path, 1)
        # Checks are made after the handouts: an urgent or emergency
        # verdict holds the rest of the day (docs/safety.md).
        for area, groups in boxes.items():
            expect_eq([g["level"] for g in groups],
                      ["emergency", "urgent", "see-clinician"], area)
            level_of = {sg["id"]: g["level"] for g in groups
                        for sg in g["signs"]}
            sign_of = {sg["id"]: sg["text"] for g in groups
                       for sg in g["signs"]}
            sections = level_sections(texts[area], groups)
            for q in questions:
                if not asked_for(q, area):
                    expect(q["id"] not in level_of,
                           "%s listed for %s" % (q["id"], area))
                    continue
                if q["level"] in ("emergency", "urgent"):
                    expect(q["id"] in level_of,
                           "%s missing for %s" % (q["id"], area))
                if q["id"] not in level_of:
                    continue
                expect_eq(level_of[q["id"]], q["level"],
                          "%s: %s" % (area, q["id"]))
                expect(words(sign_of[q["id"]]) in sections[q["level"]],
                       "%s: %r not under %s" % (area, sign_of[q["id"]],
                                                 q["level"]))
                rc, out, _ = run(h, "check", "--pain", "2", "--area", area,
                                 "--yes", q["id"], "--json")
                expect_eq(json.loads(out)["verdict"], q["level"],
                          "the screening's level for " + q["id"])
        # A weakening leg: today, and never "book".
        urgent = level_sections(texts["lower"], boxes["lower"])["urgent"]
        expect(urgent.startswith("See a doctor today"), urgent[:80])
        expect("arm or leg newly weak" in urgent, urgent)
        # The neck's stroke-type signs are emergencies on a neck plan...
        upper = level_sections(texts["upper"], boxes["upper"])
        for phrase in ("double vision", "slurred speech", "numb face",
                       "trouble walking steadily",
                       "the worst you have ever had"):
            expect(phrase in upper["emergency"], "neck plan: " + phrase)
        # ...and no neck-only sign is on a lower-back plan.
        neck_only = {q["id"] for q in questions if q["area"] == "upper"}
        for g in boxes["upper"]:
            for sg in g["signs"]:
                if sg["id"] in neck_only:
                    expect(words(sg["text"]) not in texts["lower"],
                           "lower back plan lists " + sg["id"])
        expect("slurred speech" not in texts["lower"], "stroke signs")


@test
def version_lists_the_figures():
    with Home() as h:
        rc, out, _ = run(h, "--version")
        expect_eq(rc, 0, "status")
        expect("figures (svg, png, pdf, terminal)" in out, out)


if __name__ == "__main__":
    sys.exit(harness.main("figures"))
