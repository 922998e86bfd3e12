#!/usr/bin/env python3
"""Write a limber JSON export holding N sessions, for the stats benchmark.

Sessions going back in time from 2026-11-24 08:00 UTC, each with a plan,
two stretches, and pain before and after; the values cycle so trends have
something to show.
usage: make-journal.py N PLAN.json [SKIP [HOURS]] > export.json

Session i (counting back from the newest) starts HOURS (default 12: two a
day) before session i - 1. SKIP (default 0) starts the count at session
SKIP, so that exports of N sessions made with SKIP = 0, N, 2N ... hold
distinct sessions and can be imported one after another into one journal.
A journal takes no time before 1970: at 12 hours apart that is 40,000
sessions or so; 100,000 need HOURS 4 (six a day, back to 1981).
"""
import json
import sys
import datetime

n = int(sys.argv[1])
skip = int(sys.argv[3]) if len(sys.argv) > 3 else 0
hours = int(sys.argv[4]) if len(sys.argv) > 4 else 12
with open(sys.argv[2]) as f:
    plan = json.load(f)
start = datetime.datetime(2026, 11, 24, 8, 0, tzinfo=datetime.timezone.utc)
sessions = []
for i in range(skip, skip + n):
    t = start - datetime.timedelta(hours=hours * i)
    iso = lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")
    before = 3 + i % 4
    after = before - (i % 3)
    sessions.append({
        "started": iso(t), "ended": iso(t + datetime.timedelta(minutes=10)),
        "state": "done", "reason": None, "last_step": 20,
        "next_day": None, "screening": None, "plan": plan,
        "stretches": [
            {"at": iso(t + datetime.timedelta(minutes=3)), "stretch": "neck-rolls",
             "variant": None, "reps": 2, "sides": 1, "skipped": False},
            {"at": iso(t + datetime.timedelta(minutes=8)), "stretch": "childs-pose",
             "variant": None, "reps": 2, "sides": 1, "skipped": i % 5 == 0},
        ],
        "pain": [
            {"at": iso(t), "kind": "before", "value": before, "area": "lower", "note": None},
            {"at": iso(t + datetime.timedelta(minutes=10)), "kind": "after",
             "value": after, "area": "lower", "note": None},
        ],
        "notes": [],
    })
sessions.reverse()
json.dump({"limber_journal": 1, "screenings": [], "sessions": sessions,
           "pain": [], "notes": [], "clearances": [], "doses": []}, sys.stdout)
