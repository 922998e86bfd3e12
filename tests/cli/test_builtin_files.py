#!/usr/bin/env python3
"""The files of the built-in catalog, data/stretches/, through the real binary.

data/meson.build compiles every file of data/stretches/ into the program.
Here every file must pass `limber catalog check`, which loads it as a
user's file and so solves every pose's contacts (each contact within 1 cm
of its surface, nothing through the floor, the seat or the wall:
docs/figures.md); must carry what a built-in file must (`kind`, `source`,
`muscles`, and a pose with contacts on every step of every variant);
must start its dose in the guidance range for its kind; and the program's
built-in catalog must be these files: the same ids, and the same muscles.

usage: test_builtin_files.py PATH-TO-LIMBER SOURCE-ROOT
"""
import glob
import json
import os
import sys

import harness
from harness import ROOT, expect, expect_eq, test

STRETCHES = os.path.join(ROOT, "data", "stretches")
KINDS = ("stretch", "mobility", "strength", "motor-control")


def builtin_files():
    files = sorted(glob.glob(os.path.join(STRETCHES, "*.json")))
    # An empty or missing folder would let every test pass on nothing.
    expect(files, "no files in " + STRETCHES)
    return files


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def versions(st):
    """(name, steps) of the exercise as written and of each variant."""
    yield "steps", st["steps"]
    for v in st.get("variants", []):
        yield "variants[%s].steps" % v["id"], v["steps"]


class Home(harness.Home):
    PREFIX = "limber-builtin-files-"
    JOURNAL_ENV = False
    # Each file's every pose is solved; a busy machine gets time for it.
    TIMEOUT = 120


@test
def every_file_passes_catalog_check_alone_and_together():
    files = builtin_files()
    with Home() as h:
        for path in files:
            rc, out, err = h.run("catalog", "check", path)
            expect_eq(rc, 0, "catalog check %s: %s" % (path, err))
            st = load(path)
            # No note either: every version says how it moves the spine.
            expect_eq(out, "%s: ok (%s)\n" % (path, st["id"]), "output")
            expect_eq(err, "", "stderr of " + path)
        # Together: no two files share an id.
        rc, out, err = h.run("catalog", "check", *files)
        expect_eq(rc, 0, "catalog check of all: " + err)
        expect_eq(len(out.splitlines()), len(files), "one line a file")


@test
def every_file_is_named_after_its_id_and_says_its_kind_source_and_muscles():
    for path in builtin_files():
        st = load(path)
        name = os.path.basename(path)
        expect_eq(name, st["id"] + ".json", "file name")
        expect(st.get("kind") in KINDS, "%s: kind %r" % (name, st.get("kind")))
        src = st.get("source")
        expect(isinstance(src, str) and 1 <= len(src) <= 300,
               "%s: source %r" % (name, src))
        # Each name is checked by catalog check; here, that there is one.
        muscles = st.get("muscles")
        expect(isinstance(muscles, list) and muscles and
               all(isinstance(m, str) for m in muscles),
               "%s: muscles %r" % (name, muscles))


@test
def every_dose_starts_in_the_guidance_range_for_its_kind():
    """ACSM's flexibility guidance: stretches held 10 to 30 s to start (up
    to 60 for older adults), 2 to 4 times; strength and motor control as
    repetitions, 8 to 12 (5 to start for the neck, as the reference notes
    say), each held a short moment. Mobility follows NHS sheets, whose
    holds are a breath, so it has no rule here."""
    for path in builtin_files():
        st = load(path)
        name = os.path.basename(path)
        reps, hold = st["dose"]["reps"], st["dose"]["hold_s"]
        if st["kind"] == "stretch":
            expect(10 <= hold["min"] and 10 <= hold["start"] <= 30 and
                   hold["max"] <= 60, "%s: a stretch's hold %r" % (name, hold))
            expect(2 <= reps["start"] <= 4,
                   "%s: a stretch's repetitions %r" % (name, reps))
        elif st["kind"] in ("strength", "motor-control"):
            expect(reps["start"] >= 5,
                   "%s: %s repetitions %r" % (name, st["kind"], reps))
            expect(hold["max"] <= 10,
                   "%s: %s hold %r" % (name, st["kind"], hold))


@test
def every_step_of_every_version_has_a_pose_with_contacts():
    for path in builtin_files():
        st = load(path)
        name = os.path.basename(path)
        for where, steps in versions(st):
            for i, step in enumerate(steps):
                at = "%s: %s[%d]" % (name, where, i)
                pose = step.get("pose")
                expect(isinstance(pose, dict), at + ": no pose")
                contacts = pose.get("contacts")
                expect(isinstance(contacts, dict) and contacts,
                       at + ": no contacts")


@test
def the_built_in_catalog_is_these_files():
    """What `limber stretches` and `limber show` give is what the files
    say: the same ids, and each exercise the same muscles (the planner's
    newest field, lost if the embedding fell behind the files)."""
    files = builtin_files()
    with Home() as h:
        rc, out, err = h.run("stretches", "--json")
        expect_eq(rc, 0, "stretches: " + err)
        ids = [s["id"] for s in json.loads(out)]
        expect_eq(sorted(ids), sorted(load(p)["id"] for p in files),
                  "built-in ids")
        for path in files:
            st = load(path)
            rc, out, err = h.run("show", "--json", st["id"])
            expect_eq(rc, 0, "show %s: %s" % (st["id"], err))
            expect_eq(sorted(json.loads(out).get("muscles", [])),
                      sorted(st["muscles"]), st["id"] + ": muscles")


if __name__ == "__main__":
    sys.exit(harness.main("builtin-files"))
