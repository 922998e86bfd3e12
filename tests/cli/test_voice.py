#!/usr/bin/env python3
"""Black-box tests of limber's voice: `limber audio` and `start --voice`.

Each test runs the real binary in a fresh temporary HOME. The sound files
`limber audio` writes are measured with sox: their headers and length
(soxi), and where sound starts after silence (the samples, decoded by sox,
scanned here). The times are checked against the plan itself (`limber plan
--json`: each hold's seconds), not only against what `limber audio --json`
says it did. The live voice is played into ALSA's file plugin (a private
ALSA configuration, ALSA_CONFIG_PATH), since test machines have no sound
card; and without a device the session must go on with one notice. In a
build without espeak-ng only the --version test runs; the others are
skipped. The results are TAP (harness.py); it exits 1 when any test
failed.

usage: test_voice.py PATH-TO-LIMBER SOURCE-ROOT
"""
import array
import json
import math
import os
import struct
import subprocess
import sys

import harness
from harness import LIMBER, expect, expect_eq, test

# A cue's sound must start within this of its planned time (ms): one
# sample is 0.045 ms, and the scan below finds the first loud sample.
ONSET_MS = 15


class Home(harness.Home):
    """harness.Home (journal in LIMBER_JOURNAL), with no ALSA_* variable
    of the caller's."""

    PREFIX = "limber-voice-"
    DROP_PREFIXES = harness.Home.DROP_PREFIXES + ("ALSA_",)


def run(h, *args, stdin=None, timeout=120, **env):
    """limber in h's folder, with env added to h's environment."""
    return h.run(*args, stdin=stdin, env=h.env(**env), cwd=h.dir,
                 timeout=timeout)


def need_voice():
    """Skip the test in a build without espeak-ng."""
    out = subprocess.run([LIMBER, "--version"], capture_output=True,
                         text=True).stdout
    if "voice (espeak-ng)" not in out:
        harness.skip("this limber was built without espeak-ng")


def soxi(path, flag):
    return subprocess.run(["soxi", flag, path], capture_output=True,
                          text=True, check=True).stdout.strip()


def samples(path):
    """The file's samples as 16-bit mono, decoded by sox; and the rate."""
    rate = int(soxi(path, "-r"))
    raw = subprocess.run(["sox", path, "-t", "raw", "-e", "signed", "-b",
                          "16", "-c", "1", "-L", "-"], capture_output=True,
                         check=True).stdout
    a = array.array("h")
    a.frombytes(raw)
    if sys.byteorder != "little":
        a.byteswap()
    return a, rate


def onsets(a, rate, quiet=96, gap_ms=150):
    """Times (ms) where sound starts after at least gap_ms of silence."""
    out, last_loud, gap = [], None, rate * gap_ms // 1000
    for i, v in enumerate(a):
        if v > quiet or v < -quiet:
            if last_loud is None or i - last_loud > gap:
                out.append(i * 1000.0 / rate)
            last_loud = i
    return out


def frequency(a, rate, at_ms, ms=60):
    """A tone's pitch from its zero crossings, just after at_ms."""
    start = int(at_ms * rate / 1000) + rate * 10 // 1000
    seg = a[start:start + rate * ms // 1000]
    ups = sum(1 for x, y in zip(seg, seg[1:]) if x < 0 <= y)
    return ups * 1000.0 / ms


def tone_in(seg, rate, hz, share=0.5):
    """Whether more than share of seg's power is at hz."""
    return tone_share(seg, rate, hz) > share


def pure_tone_at(a, rate, hz, n=1000):
    """Whether some window of n samples is almost all one frequency
    (Goertzel's power at hz against the window's whole power)."""
    k = 2 * math.cos(2 * math.pi * hz / rate)
    for start in range(0, len(a) - n, n // 4):
        s1 = s2 = 0.0
        total = 0.0
        for v in a[start:start + n]:
            s1, s2 = v + k * s1 - s2, s1
            total += v * v
        if total < n * 1000.0 ** 2:
            continue
        power = (s1 * s1 + s2 * s2 - k * s1 * s2) * 2 / n
        if power > 0.9 * total:
            return True
    return False


def header_number(name):
    """A number #defined in include/limber/voice.h (the documented rule)."""
    with open(os.path.join(harness.ROOT, "include", "limber",
                           "voice.h")) as f:
        for line in f:
            w = line.replace("(", " ").replace(")", " ").split()
            if w[:2] == ["#define", name]:
                return float(w[2])
    raise AssertionError("no %s in voice.h" % name)


def audio(h, *args):
    rc, out, err = run(h, "audio", "--json", *args)
    expect_eq((rc, err), (0, ""), "limber audio " + " ".join(args))
    return json.loads(out)


def session_ms(plan):
    """The session's length from the plan, as docs/session.md counts it."""
    n = plan["rounds"] * len(plan["items"])
    two = plan["rounds"] * sum(1 for i in plan["items"] if i["sides"] == 2)
    return 1000 * (plan["seconds"] + 5 * n + 5 * two + 10 * (n - 1))


def plan_of(h, *args):
    rc, out, _ = run(h, "plan", "--json", *args)
    expect_eq(rc, 0, "plan")
    return json.loads(out)


# ---------------------------------------------------------------- tests

@test
def version_says_whether_there_is_a_voice():
    with Home() as h:
        rc, out, _ = run(h, "--version")
        expect_eq(rc, 0, "status")
        expect("voice (espeak-ng)" in out or
               "no voice (built without espeak-ng)" in out, out)


@test
def a_twenty_minute_session_file_is_as_long_as_its_plan():
    need_voice()
    with Home() as h:
        args = ["--area", "both", "--minutes", "20"]
        plan = plan_of(h, *args)
        wav = h.path("s.wav")
        j = audio(h, *args, "--out", wav)
        # Paced by its words, the session is never shorter than planned.
        expect(j["session_ms"] >= session_ms(plan), "the session's length")
        # The header, read by sox and by hand.
        expect_eq((soxi(wav, "-c"), soxi(wav, "-b"), soxi(wav, "-t")),
                  ("1", "16", "wav"), "soxi")
        rate = int(soxi(wav, "-r"))
        with open(wav, "rb") as f:
            head = f.read(44)
        size = os.path.getsize(wav)
        expect_eq(head[:4] + head[8:16] + head[36:40],
                  b"RIFFWAVEfmt data", "chunks")
        riff, = struct.unpack("<I", head[4:8])
        data, = struct.unpack("<I", head[40:44])
        expect_eq((riff, data), (size - 8, size - 44), "chunk sizes")
        seconds = float(soxi(wav, "-D"))
        expect(abs(seconds - (size - 44) / 2 / rate) < 0.001, seconds)
        # The checklist, then the session, then the closing words.
        want = (j["lead_ms"] + j["session_ms"] + j["closing_ms"]) / 1000.0
        expect(abs(seconds - want) < 0.002,
               "%.3f s of sound for %.3f s" % (seconds, want))
        expect(abs(seconds - j["length_ms"] / 1000.0) < 0.002, "length_ms")
        expect(j["closing_ms"] >= 500, "a breath at the end")


@test
def cues_start_at_their_planned_times():
    need_voice()
    with Home() as h:
        args = ["--area", "lower", "--minutes", "10"]
        plan = plan_of(h, *args)
        wav = h.path("s.wav")
        j = audio(h, *args, "--out", wav)
        a, rate = samples(wav)
        found = onsets(a, rate)
        cues = j["cues"]

        def near(t):
            return min(found, key=lambda x: abs(x - t))

        # Every cue that had silence before it starts at its own time.
        checked = 0
        for prev, c in zip(cues, cues[1:]):
            if c["start_ms"] != c["planned_ms"] or \
                    prev["end_ms"] > c["planned_ms"] - 200:
                continue
            got = near(c["planned_ms"])
            expect(abs(got - c["planned_ms"]) <= ONSET_MS,
                   "%s %r planned at %d ms, sound at %.1f ms" %
                   (c["kind"], c["text"], c["planned_ms"], got))
            # Silence right before it.
            i = int(c["planned_ms"] * rate / 1000)
            before = a[i - rate // 10:i - rate // 200]
            expect(max(abs(v) for v in before) <= 96, "silence before %s at "
                   "%d ms" % (c["kind"], c["planned_ms"]))
            checked += 1
        expect(checked >= 15, "only %d cues checked" % checked)

        # Each hold lasts at least the plan's hold_s (longer when its
        # words need it): its start's tone (587 Hz first) and its end's
        # (880 Hz first) are in the sound exactly then, and not just
        # before.
        holds = []
        for it in plan["items"]:
            per_rep = [it["hold_s"] for s in it["steps"] if s.get("hold")]
            holds += per_rep * it["reps"] * it["sides"]
        holds *= plan["rounds"]
        starts = [c for c in cues if c["kind"] == "hold-start"]
        ends = [c for c in cues if c["kind"] == "hold-end"]
        expect_eq(len(starts), len(holds), "holds")
        for s, e, want in zip(starts, ends, holds):
            expect(e["planned_ms"] - s["planned_ms"] >= 1000 * want,
                   "a hold's length")
            for c, hz in ((s, 587.33), (e, 880.0)):
                t = c["start_ms"]
                expect(abs(t - c["planned_ms"]) <= 2, "%s at %d ms, planned "
                       "at %d" % (c["kind"], t, c["planned_ms"]))
                i = int(t * rate / 1000)
                expect(tone_in(a[i + rate // 100:i + rate // 20], rate, hz),
                       "%.0f Hz at %d ms" % (hz, t))
                expect(not tone_in(a[i - rate // 20:i - rate // 200], rate,
                                   hz), "%.0f Hz before %d ms" % (hz, t))
        # No count is late; the last ones ("3.", "2.", "1.") are a second
        # apart in the sound.
        counts = [c for c in cues if c["kind"] == "countdown"]
        expect(all(c["start_ms"] - c["planned_ms"] <= 250 for c in counts),
               "a late count")
        runs = 0
        for k, c in enumerate(counts[2:], 2):
            run3 = counts[k - 2:k + 1]
            before = cues[cues.index(run3[0]) - 1]
            if [x["text"] for x in run3] != ["3.", "2.", "1."] or \
                    any(x["start_ms"] != x["planned_ms"] for x in run3) or \
                    before["end_ms"] > run3[0]["planned_ms"] - 200:
                continue
            t = [near(x["planned_ms"]) for x in run3]
            expect(abs(t[1] - t[0] - 1000) <= 2 * ONSET_MS and
                   abs(t[2] - t[1] - 1000) <= 2 * ONSET_MS, t)
            runs += 1
        expect(runs >= 2, "only %d counts of 3, 2, 1 checked" % runs)


def counts_of(plan):
    """How many counts the plan's holds have (docs/session.md,
    "Countdowns")."""
    n = 0
    for it in plan["items"]:
        h = it["hold_s"]
        per = sum(1 for left in range(1, h)
                  if ((left % 5 == 0 or left <= 5) if h >= 10 else left <= 3))
        holds = sum(1 for s in it["steps"] if s.get("hold"))
        n += per * holds * it["reps"] * it["sides"]
    return n * plan["rounds"]


@test
def at_every_rate_every_cue_is_on_time_and_none_is_left_out():
    """The whole session, at the slowest, the usual and the fastest rate:
    each cue's sound starts within 250 ms of its time, measured in the
    file, and the words are never sped up to get there: the session grows
    instead."""
    need_voice()
    args = ["--area", "both", "--minutes", "5"]
    with Home() as h:
        plan = plan_of(h, *args)
        lengths = {}
        for r in (header_number("VOICE_RATE_MIN"), 175,
                  header_number("VOICE_RATE_MAX")):
            r = int(r)
            wav = h.path("r%d.wav" % r)
            j = audio(h, *args, "--rate", str(r), "--out", wav)
            cues = j["cues"]
            expect_eq(j["rate"], r, "the rate")
            late = [c for c in cues if c["start_ms"] - c["planned_ms"] > 250]
            expect(not late, "rate %d: %d cues late, the worst %r" %
                   (r, len(late), max(late, key=lambda c: c["start_ms"] -
                                      c["planned_ms"]) if late else None))
            # No count left out; each says the seconds left in its hold.
            counts = [c for c in cues if c["kind"] == "countdown"]
            expect_eq(len(counts), counts_of(plan), "rate %d: counts" % r)
            for k, c in enumerate(cues):
                if c["kind"] != "countdown":
                    continue
                end = next(e for e in cues[k:] if e["kind"] == "hold-end")
                left = int(c["text"].split()[0].rstrip(".")) \
                    if c["text"][0].isdigit() else None
                if left is not None:
                    expect_eq(end["planned_ms"] - c["planned_ms"],
                              1000 * left, "rate %d: %r" % (r, c["text"]))
            # Nothing is said over anything else.
            for a, b in zip(cues, cues[1:]):
                expect(b["start_ms"] >= a["end_ms"], "rate %d: %r over %r" %
                       (r, b["text"][:30], a["text"][:30]))
            # Measured in the file: sound where each cue is, silence
            # before those that follow a pause, no sample at full scale.
            a, rate = samples(wav)
            found = onsets(a, rate)
            checked = 0
            for prev, c in zip(cues, cues[1:]):
                if c["planned_ms"] - prev["end_ms"] < 200:
                    continue
                got = min(found, key=lambda x: abs(x - c["planned_ms"]))
                expect(abs(got - c["planned_ms"]) <= ONSET_MS, "rate %d: "
                       "%s %r planned at %d ms, sound at %.1f ms" %
                       (r, c["kind"], c["text"][:30], c["planned_ms"], got))
                checked += 1
            expect(checked >= 40, "rate %d: only %d cues checked" %
                   (r, checked))
            expect(max(a) < 32767 and min(a) > -32767, "rate %d: full "
                   "scale" % r)
            # The file: the checklist, the session, the closing words.
            seconds = float(soxi(wav, "-D"))
            want = (j["lead_ms"] + j["session_ms"] + j["closing_ms"]) / 1000
            expect(abs(seconds - want) < 0.002, "rate %d: %.3f s, not "
                   "%.3f s" % (r, seconds, want))
            expect(j["session_ms"] >= session_ms(plan), "rate %d" % r)
            # Words as long as at this rate: the same words take the same
            # time wherever they come, never squeezed into a short step.
            said = {}
            for c in cues:
                said.setdefault((c["kind"], c["text"]), set()).add(
                    c["end_ms"] - c["start_ms"])
            expect(all(max(v) - min(v) <= 1 for v in said.values()),
                   "rate %d: the same words, other lengths" % r)
            lengths[r] = {k: max(v) for k, v in said.items()}
        # Slower speech makes a longer session, with each cue said slower.
        slow, fast = (lengths[int(header_number(n))] for n in
                      ("VOICE_RATE_MIN", "VOICE_RATE_MAX"))
        for k in slow:
            if k[0] in ("step", "intro") and k in fast:
                expect(slow[k] > 2 * fast[k], "%r: %d ms at the slowest, %d "
                       "at the fastest" % (k[1][:30], slow[k], fast[k]))


@test
def heard_alone_the_file_says_when_to_stop_the_side_and_the_area():
    need_voice()
    with Home() as h:
        for area, words in (("upper", "neck and upper back"),
                            ("lower", "lower back")):
            args = ["--area", area, "--minutes", "10"]
            plan = plan_of(h, *args)
            cues = audio(h, *args, "--out", h.path(area + ".wav"))["cues"]
            kinds = [c["kind"] for c in cues]
            # When to stop, said once, before the first stretch.
            stop = [i for i, c in enumerate(cues)
                    if all(w in c["text"] for w in
                           ("sharp", "numbness", "dizziness"))]
            expect_eq(len(stop), 1, "the stop rules said")
            expect(stop[0] < kinds.index("intro"), "said before the start")
            # Each two-sided stretch names its first side as it starts.
            two = plan["rounds"] * sum(1 for i in plan["items"]
                                       if i["sides"] == 2)
            firsts = [c for c in cues if c["text"].startswith("First side.")]
            expect_eq(len(firsts), two, "first sides named")
            # The check-ins ask about the area the plan works.
            checkins = [c["text"] for c in cues if c["kind"] == "checkin"]
            expect(checkins, "no check-in in a %s plan" % area)
            for t in checkins:
                expect("your " + words in t and "your back" not in t, t)


@test
def hold_and_switch_tones_are_distinct():
    need_voice()
    with Home() as h:
        wav = h.path("s.wav")
        # Ten minutes for the lower back hold a stretch done on each side,
        # so there is a switch.
        args = ("--area", "lower", "--minutes", "10")
        expect(any(i["sides"] == 2 for i in plan_of(h, *args)["items"]),
               "no stretch on each side")
        j = audio(h, *args, "--out", wav)
        a, rate = samples(wav)
        # Each tone's first note, at the cue's time: its own pitch, and
        # not the others'.
        want = {"hold-start": 587.33, "hold-end": 880.0, "switch": 698.46}
        for kind, hz in want.items():
            times = [c["start_ms"] for c in j["cues"] if c["kind"] == kind]
            expect(times, kind)
            for t in times:
                i = int(t * rate / 1000)
                seg = a[i + rate // 100:i + rate * 8 // 100]
                expect(tone_in(seg, rate, hz), "%s at %d ms" % (kind, t))
                for other in want.values():
                    expect(other == hz or not tone_in(seg, rate, other, 0.2),
                           "%s at %d ms sounds like %.0f Hz" % (kind, t,
                                                                 other))


@test
def ogg_vorbis_is_the_same_session():
    need_voice()
    with Home() as h:
        wav, ogg = h.path("s.wav"), h.path("s.ogg")
        audio(h, "--minutes", "5", "--out", wav)
        audio(h, "--minutes", "5", "--out", ogg)
        expect_eq(soxi(ogg, "-t"), "vorbis", "type")
        with open(ogg, "rb") as f:
            expect_eq(f.read(4), b"OggS", "magic")
        dw, do = float(soxi(wav, "-D")), float(soxi(ogg, "-D"))
        expect(abs(dw - do) <= 0.01 * dw, "%.2f s and %.2f s" % (dw, do))
        expect(os.path.getsize(ogg) * 5 < os.path.getsize(wav), "smaller")
        # --format names it when the name does not.
        other = h.path("session.audio")
        audio(h, "--minutes", "5", "--out", other, "--format", "ogg")
        expect_eq(soxi(other, "-t"), "vorbis", "--format ogg")


@test
def voice_name_and_rate_change_the_speech():
    need_voice()
    with Home() as h:
        def first_cue_ms(*args):
            j = audio(h, "--minutes", "5", "--out", h.path("v.wav"), *args)
            c = j["cues"][0]
            return c["end_ms"] - c["start_ms"]
        slow = first_cue_ms("--rate", "120")
        fast = first_cue_ms("--rate", "300")
        expect(fast * 1.8 < slow, "rate 300: %d ms, rate 120: %d ms" %
               (fast, slow))
        en = subprocess.run(["sha256sum", h.path("v.wav")],
                            capture_output=True).stdout
        audio(h, "--minutes", "5", "--out", h.path("v.wav"), "--rate", "300",
              "--voice-name", "de")
        de = subprocess.run(["sha256sum", h.path("v.wav")],
                            capture_output=True).stdout
        expect(en != de, "another voice, other sound")


@test
def bad_audio_requests_say_what_is_wrong_and_write_nothing():
    need_voice()
    with Home() as h:
        out = h.path("s.wav")
        for args, status, message in (
                ([], 2, "limber: audio needs --out FILE.wav, the file to "
                 "write; see 'limber help audio'\n"),
                (["--out", h.path("s.mp3")], 2, "limber: cannot tell the "
                 "format of '%s': name it .wav or .ogg, or give --format; "
                 "see 'limber help audio'\n" % h.path("s.mp3")),
                (["--out", out, "--format", "mp3"], 2,
                 "limber: --format must be wav or ogg, not 'mp3'\n"),
                (["--out", out, "--rate", "10"], 2, "limber: --rate must be "
                 "a whole number of words a minute from 80 to 450, not "
                 "'10'\n"),
                (["--out", out, "--voice-name", "nosuch"], 1, "limber: no "
                 "voice or language 'nosuch' in espeak-ng (espeak-ng "
                 "--voices lists them)\n"),
                (["--out", h.path("no/such/s.wav")], 1, "limber: cannot "
                 "write %s: No such file or directory\n" %
                 h.path("no/such/s.wav")),
                (["--out", out, "extra"], 2, "limber: audio takes no "
                 "arguments, not 'extra'; see 'limber help audio'\n")):
            rc, o, err = run(h, "audio", *args)
            expect_eq((rc, o, err), (status, "", message), " ".join(args))
        # A verdict that rules out stretching: the verdict, no file.
        rc, o, err = run(h, "audio", "--out", out, "--pain", "8")
        expect_eq(rc, 3, "blocked")
        expect("Verdict:" in o, o)
        # (espeak-ng's sound library makes ~/.config/pulse as it starts.)
        expect_eq(sorted(f for f in os.listdir(h.dir) if f != ".config"), [],
                  "nothing written")


# ------------------------------------------------------- the live voice

# The stretches fast_catalog cuts short. Only a few: a one-minute plan for
# the neck is then the cut neck rolls alone, gone through three times,
# a short session; with every exercise cut it would hold ten.
FAST_IDS = ["childs-pose", "neck-rolls", "pelvic-tilt", "seated-spinal-twist"]


def fast_catalog(h, hold=3):
    """Some built-in stretches (FAST_IDS) cut to one 1-second step and a
    short hold."""
    folder = os.path.join(h.data, "limber", "stretches")
    os.makedirs(folder)
    for i in FAST_IDS:
        rc, out, _ = run(h, "show", i, "--json")
        expect_eq(rc, 0, "show " + i)
        st = json.loads(out)
        st.pop("user", None)

        def cut(steps):
            move = [dict(s, seconds=1) for s in steps if not s.get("hold")]
            return move[:1] + [s for s in steps if s.get("hold")][:1]
        st["steps"] = cut(st["steps"])
        for v in st.get("variants", []):
            v["steps"] = cut(v["steps"])
        st["dose"] = {"reps": {"start": 1, "min": 1, "max": 2},
                      "hold_s": {"start": hold, "min": 1, "max": 30},
                      "rest_s": {"start": 0, "min": 0, "max": 30}}
        with open(os.path.join(folder, i + ".json"), "w") as f:
            json.dump(st, f)


SESSION = ["start", "--pain", "2", "--area", "upper", "--minutes", "1",
           "--plain"]


def coach(h, *args, stop_at=None, **env):
    """A plain session: go, then a score of 2 at each check-in; q as soon
    as a line with stop_at comes, when it is given."""
    p = subprocess.Popen([LIMBER, *SESSION, *args], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=h.env(**env), cwd=h.dir)
    p.stdin.write(b"go\n")
    p.stdin.flush()
    out = b""
    for line in p.stdout:
        out += line
        if stop_at is not None and stop_at.encode() in line:
            p.stdin.write(b"q\n")
            p.stdin.flush()
            stop_at = None
        elif b" CHECKIN " in line:
            p.stdin.write(b"2\n")
            p.stdin.flush()
    p.stdin.close()
    err = p.stderr.read()
    return p.wait(timeout=60), out.decode(), err.decode()


@test
def without_a_sound_device_the_session_goes_on_with_one_notice():
    need_voice()
    with Home() as h:
        fast_catalog(h)
        # An ALSA configuration with no card at all, as on a server.
        conf = h.path("asound.conf")
        with open(conf, "w") as f:
            f.write("# no devices\n")
        # On the test clock: the whole session, nothing to hear.
        fast = harness.clock_env(harness.FAST)
        rc, out, err = coach(h, "--voice", ALSA_CONFIG_PATH=conf, **fast)
        expect_eq(rc, 0, "the session went on to its end: %s" % err)
        lines = err.splitlines()
        expect_eq(len(lines), 1, "one notice: %r" % err)
        expect(lines[0].startswith("limber: no sound device") and
               lines[0].endswith("so the session goes on without a voice"),
               lines[0])
        expect(" DONE " in out, out[-300:])
        # Plain mode is quiet unless asked, and --no-voice always.
        for extra in ([], ["--no-voice"]):
            rc, out, err = coach(h, *extra, stop_at=" INTRO ",
                                 ALSA_CONFIG_PATH=conf, **fast)
            expect_eq((rc, err), (4, ""), "plain %s" % extra)


@test
def the_live_voice_plays_the_cues():
    need_voice()
    with Home() as h:
        fast_catalog(h)
        raw = h.path("live.raw")
        conf = h.path("asound.conf")
        with open(conf, "w") as f:
            f.write('pcm.!default { type file; slave.pcm "nul"; file "%s"; '
                    'format "raw" }\npcm.nul { type null }\n' % raw)
        # In real time, as a person hears it.
        rc, out, err = coach(h, "--voice", stop_at=" HOLD-END ",
                             ALSA_CONFIG_PATH=conf)
        expect_eq(rc, 4, "stopped: %s" % err)
        a = array.array("h")
        with open(raw, "rb") as f:
            a.frombytes(f.read())
        if sys.byteorder != "little":
            a.byteswap()
        # Speech: seconds of it, and loud.
        expect(len(a) > 22050 * 5, "%d samples" % len(a))
        rms = math.sqrt(sum(v * v for v in a[::7]) / len(a[::7]))
        expect(rms > 300, "rms %.0f" % rms)
        # The hold's tone is in it: stretches of a pure 587 Hz and 880 Hz.
        for hz in (587.33, 880.0):
            expect(pure_tone_at(a, 22050, hz), "no %.0f Hz tone" % hz)


# Each tone's notes (docs/voice.md, "Tones").
TONE_NOTES = {"hold-start": (587.33, 880.0), "hold-end": (880.0, 587.33),
              "switch": (698.46,)}


def level_db(a, rate, spans, quiet=300):
    """RMS in dB of full scale over the 20 ms windows of spans (ms) that
    are sounding (RMS above quiet), so pauses do not count."""
    w, total, n = rate // 50, 0, 0
    for b, e in spans:
        for i in range(int(b * rate / 1000), int(e * rate / 1000) - w, w):
            s = sum(v * v for v in a[i:i + w])
            if s > quiet * quiet * w:
                total, n = total + s, n + w
    expect(n > 0, "nothing sounding in %d spans" % len(spans))
    return 20 * math.log10(math.sqrt(total / n) / 32768)


def tone_share(seg, rate, hz):
    """The share of seg's power at hz (Goertzel)."""
    k = 2 * math.cos(2 * math.pi * hz / rate)
    s1 = s2 = total = 0.0
    for v in seg:
        s1, s2 = v + k * s1 - s2, s1
        total += v * v
    power = (s1 * s1 + s2 * s2 - k * s1 * s2) * 2 / max(len(seg), 1)
    return power / total if total > 0 else 0.0


def tone_end_ms(a, rate, t, quiet=96, gap_ms=100):
    """Where the tone starting at t ms ends: the first gap_ms of silence
    (its notes are 30 to 70 ms apart)."""
    i, last, gap = int(t * rate / 1000), None, rate * gap_ms // 1000
    while i < len(a) and (last is None or i - last <= gap):
        if a[i] > quiet or a[i] < -quiet:
            last = i
        i += 1
    return (last if last is not None else i) * 1000.0 / rate


@test
def the_file_never_clips_and_its_tones_sit_under_the_words():
    need_voice()
    below = header_number("VOICE_TONE_BELOW_SPEECH_DB")
    rates = ([], ["--rate", "%d" % header_number("VOICE_RATE_MIN")],
             ["--rate", "%d" % header_number("VOICE_RATE_MAX")])
    with Home() as h:
        for extra in rates:
            what = " ".join(extra) or "the default rate"
            wav = h.path("s.wav")
            cues = audio(h, "--minutes", "5", *extra, "--out", wav)["cues"]
            a, rate = samples(wav)
            # No sample at full scale, either way.
            expect(max(a) < 32767 and min(a) > -32767, "%s: full scale: "
                   "%d to %d" % (what, min(a), max(a)))
            tones, words = [], []
            for c in cues:
                notes = TONE_NOTES.get(c["kind"])
                if notes is None:
                    words.append((c["start_ms"], c["end_ms"]))
                    continue
                t = c["start_ms"]
                end = tone_end_ms(a, rate, t)
                tones.append((t, end))
                words.append((end, c["end_ms"]))
                # Silence just before it: no words still being said.
                i = int(t * rate / 1000)
                before = a[max(i - rate // 10, 0):i - rate // 200]
                expect(max(abs(v) for v in before) <= 96, "%s: sound "
                       "under the %s tone at %d ms" % (what, c["kind"], t))
                # Its sound is its notes, nothing else mixed in: its first
                # and its last 70 ms are each almost all one note.
                for b, hz in ((t + 10, notes[0]), (end - 80, notes[-1])):
                    j = int(b * rate / 1000)
                    share = tone_share(a[j:j + rate * 70 // 1000], rate, hz)
                    expect(share > 0.8, "%s: the %s tone at %d ms is %.0f%% "
                           "%.0f Hz" % (what, c["kind"], t, 100 * share, hz))
                # And no cue's words overlap it.
                for o in cues:
                    if o is not c and o["start_ms"] < end and \
                            o["end_ms"] > t:
                        expect(False, "%s: %s %r from %d to %d ms over the "
                               "%s tone at %d ms" % (what, o["kind"],
                                                     o["text"][:30],
                                                     o["start_ms"],
                                                     o["end_ms"], c["kind"],
                                                     t))
            expect(len(tones) >= 10, "%s: %d tones" % (what, len(tones)))
            # The tones sit the documented margin under the words (a dB
            # of leeway: the words' level moves with what is said).
            tl, wl = level_db(a, rate, tones), level_db(a, rate, words)
            expect(tl <= wl - below + 1, "%s: tones %.1f dB, words %.1f dB"
                   % (what, tl, wl))



@test
def each_language_is_spoken_with_its_own_voice():
    # The words of every cue, and the voice that says them, follow the
    # language (docs/voice.md): German words with the German voice, and
    # the English with the English one; the session is paced to the
    # words, so German makes a session of its own length.
    need_voice()
    with Home() as h:
        args = ["--area", "lower", "--minutes", "5"]
        en = audio(h, *args, "--out", h.path("en.wav"))
        rc, out, err = run(h, "audio", "--json", *args, "--out",
                           h.path("de.wav"), LANGUAGE="de")
        expect_eq((rc, err), (0, ""), "LANGUAGE=de limber audio")
        de = json.loads(out)
        expect_eq({(c["lang"], c["voice"]) for c in en["cues"]},
                  {("en", "en")}, "English")
        expect_eq({(c["lang"], c["voice"]) for c in de["cues"]},
                  {("de", "de")}, "German")
        expect_eq([c["kind"] for c in de["cues"]],
                  [c["kind"] for c in en["cues"]], "the same cues")
        said = {c["text"] for c in en["cues"]}
        expect_eq([c["text"] for c in de["cues"] if c["text"] in said
                   and any(ch.isalpha() for ch in c["text"])], [],
                  "English words in the German file")
        # Every cue is heard: its sound lasts, and none overlaps the next.
        for a, b in zip(de["cues"], de["cues"][1:]):
            expect(a["start_ms"] < a["end_ms"] <= b["start_ms"],
                   "%r at %d..%d ms, then %r at %d ms" % (
                       a["text"][:30], a["start_ms"], a["end_ms"],
                       b["text"][:30], b["start_ms"]))


if __name__ == "__main__":
    sys.exit(harness.main("voice"))
