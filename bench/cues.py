#!/usr/bin/env python3
"""How close to their due time the terminal coach's cues come out.

Runs a real guided session (`limber start --plain`, the built-in catalog,
both areas, 10 minutes asked: about 10 minutes 40 seconds with the
introductions and rests) on pipes, answers every check-in at once with the
same pain as before, and notes when each cue line arrives (CLOCK_MONOTONIC).

Within one stretch of cues with no input between them, due times differ by
whole seconds, so the printed MM:SS times give each cue's due time exactly
relative to the first cue of that stretch, which is emitted at once when
its input arrives. The error of a cue is its arrival minus its due time.
Prints the median, the 90th percentile and the worst error in ms; figures
only. It takes as long as the session: about 11 minutes.

usage: bench/cues.py [LIMBER] [MINUTES]
"""
import os
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time

CUE = re.compile(r"^(\d\d+):(\d\d) ([A-Z][A-Z-]*) ")


def main():
    limber = sys.argv[1] if len(sys.argv) > 1 else "build-bench/cli/limber"
    minutes = sys.argv[2] if len(sys.argv) > 2 else "10"
    home = tempfile.mkdtemp(prefix="limber-bench-")
    env = dict(os.environ, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"))
    env.pop("LIMBER_JOURNAL", None)
    p = subprocess.Popen([limber, "start", "--plain", "--pain", "2", "--area", "both",
                          "--minutes", minutes], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    buf = b""
    segments, current = [], []
    started = False
    while True:
        r, _, _ = select.select([p.stdout], [], [], 60)
        if not r:
            print("cues.py: no output for 60 s", file=sys.stderr)
            p.kill()
            return 1
        chunk = os.read(p.stdout.fileno(), 65536)
        now = time.monotonic()
        if not chunk:
            break
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            m = CUE.match(line.decode("utf-8", "replace"))
            if not m:
                continue
            due = int(m.group(1)) * 60 + int(m.group(2))
            kind = m.group(3)
            if started:
                current.append((now, due, kind))
            if kind == "CHECKLIST" and not started:
                started = True
                segments.append(current)
                current = []
                p.stdin.write(b"go\n")
                p.stdin.flush()
            elif kind == "CHECKIN":
                segments.append(current)
                current = []
                p.stdin.write(b"2\n")
                p.stdin.flush()
    segments.append(current)
    p.wait()
    errors, ncues = [], 0
    for seg in segments:
        if len(seg) < 2:
            continue
        t0, d0, _ = seg[0]
        for t, d, _ in seg[1:]:
            errors.append((t - t0 - (d - d0)) * 1000)
        ncues += len(seg)
    if not errors:
        print("cues.py: no timed cues seen (exit %d): %s" % (p.returncode, p.stderr.read().decode()))
        return 1
    errors.sort()
    last = max(d for seg in segments for _, d, _ in seg) if ncues else 0
    print("cue timing of `limber start --plain`, %d-minute plan (%d:%02d of cues, "
          "%d cues timed, exit %d):" % (int(minutes), last // 60, last % 60,
                                         len(errors), p.returncode))
    print("  error, arrival minus due: median %.2f ms  p90 %.2f ms  worst %.2f ms  "
          "(earliest %.2f ms)" % (statistics.median(errors),
                                   errors[int(len(errors) * 0.9)],
                                   max(errors, key=abs), errors[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
