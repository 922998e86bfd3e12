#!/usr/bin/env python3
"""A journal of six weeks, as an export for `limber import`.

What a person's first six weeks with limber might hold: three or four
sessions a week for the lower back, pain before them falling from about
7 to about 3 with the ups and downs of real days; most sessions ending
with less pain, a few the same, one with more; the dose of two stretches
growing; a few notes; one session stopped because pain rose, one stopped
by the person, one cut short; a screening each session, one of them
saying to see a clinician (and no session that day); PEG each week and
PSFS at the start and every two weeks. It is made from a fixed seed, so
the same `now` gives the same journal, and the tests compute what the
report should say from this data, not from numbers written down.

    journal(now, plan) -> the export's dict (format 3, with PEG and
    PSFS; measures=False gives format 1, without them)

Used by test_report.py; run alone it writes the export for a look:

    python3 six_weeks.py PLAN.json OUT.json   # PLAN: limber plan --json
"""
import datetime
import json
import random
import sys

DAYS = 42
# Days (counted from the first, 0) with a session, and the hour of each.
SESSION_DAYS = [0, 2, 4, 6, 7, 9, 11, 13, 14, 16, 18, 21, 23, 25, 27, 28,
                30, 32, 35, 37, 39, 41]
STOPPED_PAIN = 9        # index in SESSION_DAYS: pain rose, limber stopped
STOPPED_USER = 12       # the person stopped it
INTERRUPTED = 17        # cut short: the program ended
SAME = (5, 14)          # sessions that end with the same pain as before
WORSE = 19              # the one that ends with more
FLAGGED_DAY = 20        # a screening that says to see a clinician
ACTIVITIES = ["gardening", "sitting at work for an hour", "lifting a child"]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def journal(now, plan, measures=True):
    """The export of six weeks ending today (now, a UTC datetime): the
    first record on the local day 41 days before now's, in UTC."""
    rng = random.Random(20)
    first = (now - datetime.timedelta(days=DAYS - 1)).replace(
        hour=8, minute=0, second=0, microsecond=0)
    doc = {"limber_journal": 3 if measures else 1, "screenings": [],
           "sessions": [],
           "pain": [], "notes": [], "clearances": [], "doses": []}
    reps = {"pelvic-tilt": 3, "childs-pose": 2}
    for n, day in enumerate(SESSION_DAYS):
        t = first + datetime.timedelta(days=day, hours=rng.randint(0, 9),
                                       minutes=rng.randint(0, 59))
        if t > now - datetime.timedelta(minutes=30):
            t = now - datetime.timedelta(minutes=30)
        # Falling from 7 to 3 over the weeks, give or take a point.
        before = round(7 - 4 * day / (DAYS - 1) + rng.choice((-1, 0, 0, 1)))
        before = max(1, min(9, before))
        if n in SAME:
            after = before
        elif n == WORSE:
            after = before + 1
        else:
            after = max(0, before - rng.choice((1, 2, 2, 3)))
        # The doses grow every second week, as progression would.
        if day in (14, 28):
            reps["pelvic-tilt"] += 1
        if day == 21:
            reps["childs-pose"] += 1
        state, reason = "done", None
        ended = t + datetime.timedelta(minutes=10)
        pain = [{"at": iso(t), "kind": "before", "value": before,
                 "area": "lower", "note": None}]
        if n == STOPPED_PAIN:
            state, reason = "stopped", "pain-rise: pain rose by 2 points"
            ended = t + datetime.timedelta(minutes=6)
            pain.append({"at": iso(ended - datetime.timedelta(minutes=1)),
                         "kind": "during", "value": before + 2,
                         "area": "lower", "note": None})
        elif n == STOPPED_USER:
            state, reason = "stopped", "user: you stopped the session"
            ended = t + datetime.timedelta(minutes=4)
        elif n == INTERRUPTED:
            state = "interrupted"
            ended = t + datetime.timedelta(minutes=5)
        else:
            pain.append({"at": iso(ended), "kind": "after", "value": after,
                         "area": "lower", "note": None})
        doc["screenings"].append({
            "at": iso(t - datetime.timedelta(minutes=2)), "pain": before,
            "area": "lower", "yes": [], "verdict": "go"})
        notes = []
        if n == 4:
            notes.append({"at": iso(ended), "text": "stiff after a long "
                          "drive the day before"})
        if n == 15:
            notes.append({"at": iso(ended), "text": "walked to the shop "
                          "and back without stopping"})
        doc["sessions"].append({
            "started": iso(t), "ended": iso(ended), "state": state,
            "reason": reason, "last_step": 6, "next_day": None,
            "screening": len(doc["screenings"]) - 1, "plan": plan,
            "stretches": [
                {"at": iso(t + datetime.timedelta(minutes=2)),
                 "stretch": "pelvic-tilt", "variant": None,
                 "reps": reps["pelvic-tilt"], "sides": 1, "skipped": False},
                {"at": iso(t + datetime.timedelta(minutes=5)),
                 "stretch": "childs-pose", "variant": None,
                 "reps": reps["childs-pose"], "sides": 1,
                 "skipped": n == 6}],
            "pain": pain, "notes": notes})
    # A screening that says to see a clinician, with no session after it.
    flagged = first + datetime.timedelta(days=FLAGGED_DAY, hours=9)
    doc["screenings"].append({"at": iso(flagged), "pain": 6,
                              "area": "lower", "yes": ["night-pain"],
                              "verdict": "see-clinician"})
    doc["screenings"].sort(key=lambda s: s["at"])
    for i, s in enumerate(doc["sessions"]):
        at = next(k for k, x in enumerate(doc["screenings"])
                  if x["at"] == iso(datetime.datetime.strptime(
                      s["started"], "%Y-%m-%dT%H:%M:%SZ").replace(
                          tzinfo=datetime.timezone.utc) -
                      datetime.timedelta(minutes=2)))
        s["screening"] = at
    doc["notes"].append({"at": iso(first + datetime.timedelta(days=10,
                                                              hours=12)),
                         "text": "a bad night's sleep"})
    if measures:
        # PEG weekly, at the week's first session; one skipped.
        doc["peg"] = []
        for week in range(6):
            day = next(d for d in SESSION_DAYS if d >= 7 * week)
            t = first + datetime.timedelta(days=day, minutes=1)
            if week == 3:
                doc["peg"].append({"at": iso(t), "skipped": True})
                continue
            p = max(1, 7 - week)
            doc["peg"].append({"at": iso(t), "pain": p,
                               "enjoyment": max(0, p - 1),
                               "activity": min(10, p + 1)})
        # PSFS at the start and every two weeks, the same activities.
        doc["psfs"] = []
        for k, day in enumerate((0, 14, 28)):
            t = first + datetime.timedelta(days=day, minutes=1)
            doc["psfs"].append({"at": iso(t), "activities": [
                {"activity": a, "score": min(10, s + 2 * k)}
                for a, s in zip(ACTIVITIES, (2, 4, 3))]})
    return doc


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: six_weeks.py PLAN.json OUT.json")
    with open(sys.argv[1]) as f:
        plan_doc = json.load(f)
    out = journal(datetime.datetime.now(datetime.timezone.utc).replace(
        microsecond=0), plan_doc)
    with open(sys.argv[2], "w") as f:
        json.dump(out, f, indent=1)
