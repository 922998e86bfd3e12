#!/usr/bin/env python3
"""import.py - how `limber import` grows with the size of the file.

Figures only, never pass or fail (docs/benchmarks.md keeps what was seen).

For each kind of file and each size (records; default 20,000, 60,000 and
120,000) it writes an export, then times, start to exit, RUNS times
(default 3, the median kept):

  into a fresh journal   everything is added
  again                  the same file into that journal: everything is
                         found there already and skipped

Kinds of file:

  doses    N doses, each for a stretch of its own
  notes    N notes on their own, a minute apart
  mixed    sessions (each a plan, two stretches, two pain scores and a
           note: six records) and, for each, a pain score logged by hand,
           a note, a clearance and a reminder prompt: ten records a unit

Each figure has its ratio to the smallest size in the same run: time that
grows with the file gives 3 and 6 for 60,000 and 120,000 against 20,000;
time that grows with its square gives 9 and 36. Start to exit counts the
waits for the disk (each commit is flushed to it) and for the two cores,
which others may share; CPU seconds (limber's own, user and system) do not,
and are the steadier figure on a busy machine.

Then, for the largest mixed file, what another writer feels: `limber log
--note` (as the page's pain scores do, a write to the same journal) run
one after another while the import runs, the longest of them beside the
same command on a quiet journal. SQLite lets one program write at a time,
so that longest wait is the import's time holding the journal.

usage: bench/import.py PATH-TO-LIMBER [N ...]
"""
import datetime
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

LIMBER = os.path.abspath(sys.argv[1])
SIZES = [int(a) for a in sys.argv[2:]] or [20000, 60000, 120000]
RUNS = int(os.environ.get("RUNS", "3"))
START = datetime.datetime(2026, 11, 24, 8, 0, tzinfo=datetime.timezone.utc)
ENV = dict(os.environ, TZ="UTC")
ENV.pop("LIMBER_JOURNAL", None)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def ago(minutes):
    return START - datetime.timedelta(minutes=minutes)


def small_plan():
    """The plan of `limber plan`, without the words that only make it
    longer (steps, cautions, why): about what it costs to import one."""
    out = subprocess.run([LIMBER, "plan", "--area", "lower", "--json"],
                         check=True, capture_output=True, text=True,
                         env=ENV).stdout
    plan = json.loads(out)
    plan.pop("get_help", None)
    for it in plan["items"]:
        for k in ("steps", "cautions", "why"):
            it.pop(k, None)
    return plan


def export(kind, n, plan):
    doc = {"limber_journal": 2, "screenings": [], "sessions": [], "pain": [],
           "notes": [], "clearances": [], "doses": [], "reminders": []}
    if kind == "doses":
        doc["doses"] = [{"stretch": "stretch-%06d" % i, "reps": 1 + i % 10,
                         "streak": i % 3} for i in range(n)]
    elif kind == "notes":
        doc["notes"] = [{"at": iso(ago(i)), "text": "note %d" % i}
                        for i in range(n)]
    else:
        for u in range(n // 10):
            t = ago(20 * u)
            at = lambda m: iso(t + datetime.timedelta(minutes=m))
            doc["sessions"].append({
                "started": at(0), "ended": at(10), "state": "done",
                "reason": None, "last_step": 5, "next_day": None,
                "screening": None, "plan": plan,
                "stretches": [
                    {"at": at(3), "stretch": "neck-rolls", "variant": None,
                     "reps": 2, "sides": 1, "skipped": False},
                    {"at": at(8), "stretch": "childs-pose", "variant": None,
                     "reps": 2, "sides": 1, "skipped": u % 5 == 0}],
                "pain": [
                    {"at": at(0), "kind": "before", "value": 3 + u % 4,
                     "area": "lower", "note": None},
                    {"at": at(10), "kind": "after", "value": 2 + u % 4,
                     "area": "lower", "note": None}],
                "notes": [{"at": at(9), "text": "session %d" % u}]})
            doc["pain"].append({"at": at(12), "kind": "logged",
                                "value": u % 11, "area": None, "note": None})
            doc["notes"].append({"at": at(13), "text": "note %d" % u})
            doc["clearances"].append({"at": at(14), "note": None})
            doc["reminders"].append({"at": at(15), "schedule": "desk",
                                     "kind": "every", "late": False,
                                     "answer": None, "answered": None})
    return doc


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(*args):
    """Run limber: (seconds start to exit, its CPU seconds, its output)."""
    c, t = cpu(), time.perf_counter()
    p = subprocess.run([LIMBER] + list(args), capture_output=True, text=True,
                       env=ENV)
    took, used = time.perf_counter() - t, cpu() - c
    if p.returncode != 0:
        raise SystemExit("limber %s: %s" % (" ".join(args), p.stderr))
    return took, used, p.stdout


def import_times(tmp, path):
    """Medians of (wall, CPU) seconds: into a fresh journal, and again."""
    fresh, again = [], []
    for r in range(RUNS):
        db = os.path.join(tmp, "j%d.db" % r)
        t, c, _ = run("--journal", db, "import", path)
        fresh.append((t, c))
        t, c, out = run("--journal", db, "import", path)
        if "already in the journal" not in out:
            raise SystemExit("second import added records: " + out)
        again.append((t, c))
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
    med = lambda xs, i: statistics.median(x[i] for x in xs)
    return (med(fresh, 0), med(fresh, 1)), (med(again, 0), med(again, 1))


def other_writer(tmp, path):
    """The longest `limber log --note` while path is imported, and the
    median of the same on a quiet journal."""
    db = os.path.join(tmp, "w.db")
    run("--journal", db, "log", "--note", "first")
    quiet = statistics.median(run("--journal", db, "log", "--note",
                                  "quiet %d" % i)[0] for i in range(20))
    # Read the file once, so that the import's first read is not the disk's.
    with open(path, "rb") as f:
        f.read()
    imp = subprocess.Popen([LIMBER, "--journal", db, "import", path],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           env=ENV)
    waits = []
    while imp.poll() is None:
        waits.append(run("--journal", db, "log", "--note",
                         "beside %d" % len(waits))[0])
    if imp.returncode != 0:
        raise SystemExit("import: " + imp.stderr.read().decode())
    return quiet, max(waits), len(waits)


def main():
    tmp = tempfile.mkdtemp(prefix="limber-bench-import-")
    try:
        plan = small_plan()
        print("limber import, TZ=UTC, median of %d runs: seconds start to "
              "exit, then CPU seconds (user and system), each with its ratio "
              "to the first size; %s" % (RUNS, LIMBER))
        for kind in ("doses", "notes", "mixed"):
            base = None
            for n in SIZES:
                path = os.path.join(tmp, "%s-%d.json" % (kind, n))
                with open(path, "w") as f:
                    json.dump(export(kind, n, plan), f)
                size = os.path.getsize(path) / 1e6
                fresh, again = import_times(tmp, path)
                if base is None:
                    base = (fresh, again)
                print("%-5s %6d records (%4.1f MB): fresh %6.2f s x%5.2f, "
                      "CPU %6.2f s x%5.2f; again %6.2f s x%5.2f, CPU %6.2f s "
                      "x%5.2f" % (
                          kind, n, size, fresh[0], fresh[0] / base[0][0],
                          fresh[1], fresh[1] / base[0][1], again[0],
                          again[0] / base[1][0], again[1],
                          again[1] / base[1][1]))
        path = os.path.join(tmp, "mixed-%d.json" % SIZES[-1])
        quiet, worst, count = other_writer(tmp, path)
        print("another writer (limber log --note) beside the import of "
              "mixed %d: longest %.3f s of %d runs; on a quiet journal %.3f s"
              % (SIZES[-1], worst, count, quiet))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
