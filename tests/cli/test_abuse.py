#!/usr/bin/env python3
"""`limber serve` under abuse from loopback: slow clients, oversized
headers and bodies, many connections, malformed JSON on every POST route,
path traversal, garbage on the socket, and requests without the token,
on loopback and in --lan mode. No crash, no hang, no data exposed, nothing
recorded by a refused request; the server still answers others and exits
cleanly (and, in the sanitizer build, without a report).

It uses test_api.py's Server. There is no timing assertion beyond generous
timeouts that tell a hang from an answer; bench/abuse.py measures how
fast the answers come. The two tests that hold hundreds of connections
run alone, first; the others side by side, as many at once as
LIMBER_TEST_JOBS allows. The results are TAP (harness.py); it exits 1
when any test failed.

usage: test_abuse.py PATH-TO-LIMBER SOURCE-ROOT
"""
import json
import os
import select
import socket
import sys
import threading
import time

import harness
from harness import expect, expect_eq, test
from test_api import Server, error_of  # its tests are not run here

# Every POST route, with a body it takes.
POSTS = [
    ("/api/check", {"pain": 2, "area": "upper", "yes": []}),
    ("/api/next-day", {"session": 1, "settled": True}),
    ("/api/session", {"area": "upper", "minutes": 1}),
    ("/api/session/input", {"input": "pause"}),
    ("/api/pain", {"value": 3, "note": "secret note"}),
    ("/api/mistake", {}),
    ("/api/session/warning", {"value": 0}),
    ("/api/measures", {"peg": {"pain": 3, "enjoyment": 4, "activity": 5},
                       "psfs": [{"activity": "gardening", "score": 4}]}),
]
# Every GET route.
GETS = ["/", "/app.js", "/api/info", "/api/stretches",
        "/api/stretches/neck-rolls", "/api/stretches/neck-rolls/figure",
        "/api/stretches/neck-rolls/animation", "/api/questions",
        "/api/check", "/api/plan?area=upper", "/api/session",
        "/api/history", "/api/stats"]


def head(s):
    """The Host and the token's cookie, for a request written by hand:
    without the token every request stops at the 401."""
    return (b"Host: " + s.host.encode() + b"\r\nCookie: " +
            s.cookie.encode())


def raw(port, data, timeout=10, read=True, source="127.0.0.1"):
    """Send bytes on a fresh connection; return what comes back."""
    with socket.create_connection(("127.0.0.1", port), timeout,
                                  source_address=(source, 0)) as c:
        try:
            c.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        out = b""
        if not read:
            return out
        try:
            while True:
                chunk = c.recv(65536)
                if not chunk:
                    break
                out += chunk
        except (ConnectionResetError, socket.timeout):
            pass
        return out


def gone(c):
    """Has the server closed this connection?"""
    try:
        return c.recv(1) == b""
    except ConnectionResetError:
        return True


def slow_clients(port, n, host, source="127.0.0.1", start=None):
    """n connections that send part of their headers (or start, the
    beginning of something else) and then wait."""
    socks = []
    for _ in range(n):
        c = socket.create_connection(("127.0.0.1", port), 10,
                                     source_address=(source, 0))
        c.sendall(start if start is not None else
                  b"GET /api/info HTTP/1.1\r\nHost: " + host.encode() +
                  b"\r\nX-Slow: ")
        socks.append(c)
    return socks


def recorded(s):
    _, out, _ = s.limber("history", "--json")
    h = json.loads(out)
    return (len(h["screenings"]), len(h["sessions"]), len(h["pain"]),
            len(h.get("notes", [])))


@test(serial=True)
def slow_clients_do_not_stop_others():
    with Server() as s:
        socks = slow_clients(s.port, 500, s.host)
        try:
            for _ in range(20):
                expect_eq(s.get("/api/info", timeout=20).status, 200,
                          "with 500 slow clients")
            # A trickle: a header byte now and then keeps them alive.
            for c in socks[:50]:
                c.sendall(b"a")
            expect_eq(s.get("/api/stats", timeout=20).status, 200, "after")
        finally:
            for c in socks:
                c.close()
        expect_eq(s.get("/api/info").status, 200, "once they are gone")


@test(serial=True)
def many_connections_at_once():
    with Server() as s:
        results = []
        lock = threading.Lock()

        def one():
            try:
                st = s.get("/api/stretches", timeout=60).status
            except Exception as e:  # noqa: BLE001 - counted below
                st = repr(e)
            with lock:
                results.append(st)

        threads = [threading.Thread(target=one) for _ in range(200)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(90)
        expect_eq(results.count(200), 200, "answers: %r" %
                  [r for r in results if r != 200][:5])


@test
def oversized_headers_and_addresses_are_refused():
    with Server() as s:
        big = b"X-Big: " + b"a" * 100000 + b"\r\n"
        out = raw(s.port, b"GET /api/info HTTP/1.1\r\n" + head(s) +
                  b"\r\n" + big + b"\r\n")
        expect(out == b"" or out.startswith(b"HTTP/1.1 4"), out[:80])
        many = b"".join(b"X-H%d: v\r\n" % i for i in range(5000))
        out = raw(s.port, b"GET /api/info HTTP/1.1\r\n" + head(s) +
                  b"\r\n" + many + b"\r\n")
        expect(out == b"" or out.startswith(b"HTTP/1.1 4"), out[:80])
        out = raw(s.port, b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\n" +
                  head(s) + b"\r\n\r\n")
        expect(out == b"" or out.startswith(b"HTTP/1.1 4"), out[:80])
        expect_eq(s.get("/api/info").status, 200, "after")


@test
def oversized_bodies_are_refused_and_nothing_is_recorded():
    with Server() as s:
        before = recorded(s)
        for path, _ in POSTS:
            # Refused from its length, before the body: the server may
            # close while the client still sends.
            body = json.dumps({"note": "x" * 1000000}).encode()
            out = raw(s.port, b"POST " + path.encode() + b" HTTP/1.1\r\n" +
                      head(s) + b"\r\nOrigin: " +
                      s.origin.encode() + b"\r\nContent-Type: application/"
                      b"json\r\nContent-Length: %d\r\n\r\n" % len(body) +
                      body)
            expect(out == b"" or out.startswith(b"HTTP/1.1 413"), out[:80])
            r = s.post(path, "{}", headers={"Content-Length": "99999999999"})
            expect(r.status in (400, 413), "%s: %d" % (path, r.status))
        expect_eq(recorded(s), before, "records")
        expect_eq(s.get("/api/info").status, 200, "after")


@test
def notes_with_control_characters_or_direction_overrides_are_refused():
    """docs/reliability.md, "What reaches a terminal": a note the
    page sends is journalled and later shown on terminals and in reports,
    so one with an ESC, a C1 control (U+009B is a CSI), a line separator
    or a direction mark, embedding, override or isolate gets a 400 that
    says why, and nothing is recorded; accents, other scripts and emoji
    are taken."""
    refused = ["\x1b[2J", "tab\there", "\x7f", "\u0085", "red \u009b31m",
               "\u2028", "\u202eevil", "\u202a", "\u2066x\u2069", "\u200f",
               "\u200e", "\u061c"]
    with Server() as s:
        before = recorded(s)
        for note in refused:
            r = s.post("/api/pain", {"value": 2, "note": note})
            expect_eq(r.status, 400, "note %r" % note)
            body = r.json()
            expect_eq(body.get("error"), "bad-request", "note %r" % note)
            expect("note" in body["message"] and "control characters"
                   in body["message"], body)
        expect_eq(recorded(s), before, "records")
        for note in ["déjà vu, ça va", "\u05e9\u05dc\u05d5\u05dd",
                     "\U0001f600"]:
            r = s.post("/api/pain", {"value": 2, "note": note})
            expect_eq(r.status, 201, "note %r: %s" % (note, r.body[:200]))


@test
def malformed_json_on_every_post_route():
    bodies = ["", "{", "}", "[]", "null", "1", '"x"', "{]", '{"a":}',
              '{"value": 1,}', '{"value": 1} {}', "\x00", "{\"\x01\": 1}",
              b'{"input": "\xc3\x28"}', "[" * 5000 + "]" * 5000,
              '{"a":' * 3000 + "1" + "}" * 3000,
              '{"value": 1e999}', '{"session": 1e20}',
              '{"value": 99999999999999999999999}', "\ufeff{}".encode()]
    with Server() as s:
        before = recorded(s)
        for path, good in POSTS:
            for b in bodies:
                r = s.post(path, b)
                expect(400 <= r.status < 500, "%s %r: %d" % (
                    path, b[:20], r.status))
                body = r.json()
                expect("error" in body and "message" in body, body)
            # Each field of a good body, given the wrong type.
            for k in good:
                for v in [None, [], {}, "x" * 3000, -1, 10 ** 12, True]:
                    if v == good[k]:
                        continue
                    bad = dict(good)
                    bad[k] = v
                    r = s.post(path, bad)
                    expect(r.status in (400, 409), "%s %s=%r: %d %s" % (
                        path, k, v, r.status, r.body[:100]))
        expect_eq(recorded(s), before, "records")


@test
def path_traversal_never_reaches_a_file():
    paths = ["/../journal.db", "/../../../../etc/passwd",
             "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
             "/%252e%252e/etc/passwd", "/app.js/../../journal.db",
             "/.%2e/.%2e/etc/passwd", "/..\\..\\etc\\passwd",
             "/%2e%2e%5c%2e%2e%5cetc%5cpasswd", "//etc/passwd",
             "/api/stretches/..%2f..%2fetc%2fpasswd",
             "/api/stretches/../../etc/passwd/figure", "/journal.db%00.js",
             "/%c0%ae%c0%ae/etc/passwd", "/./app.js", "/limber/journal.db",
             "/journal.db-wal", "/data/limber/stretches/neck-rolls.json"]
    with Server() as s:
        s.post("/api/pain", {"value": 3, "note": "secret note"})
        for p in paths:
            out = raw(s.port, b"GET " + p.encode() + b" HTTP/1.1\r\n" +
                      head(s) + b"\r\nConnection: close\r\n\r\n")
            expect(out.startswith(b"HTTP/1.1 4"), "%s: %r" % (p, out[:60]))
            for secret in (b"root:", b"SQLite format", b"secret note",
                           b'"steps"'):
                expect(secret not in out, "%s gave %s" % (p, secret))


@test
def garbage_on_the_socket():
    with Server() as s:
        for data in [b"\x00" * 100, os.urandom(4000), b"GET\r\n\r\n",
                     b"GET / HTTP/9.9\r\n\r\n", b"GET / FOO\r\n\r\n",
                     b"GET /api/info HTTP/1.1\r\nno colon here\r\n\r\n",
                     b"GET /api/info HTTP/1.1\r\nHost: \x00\r\n\r\n",
                     b"POST /api/pain HTTP/1.1\r\n" + head(s) +
                     b"\r\nTransfer-Encoding: chunked\r\nContent-Type: "
                     b"application/json\r\nOrigin: " + s.origin.encode() +
                     b"\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                     b"POST /api/pain HTTP/1.1\r\n" + head(s) +
                     b"\r\nContent-Length: 5\r\nContent-Length: 50\r\n\r\n",
                     b"\r\n" * 1000]:
            # No answer is awaited: only that the server lives on.
            raw(s.port, data, timeout=1)
        # Half a request, then the client goes away.
        raw(s.port, b"POST /api/pain HTTP/1.1\r\n" + head(s) +
            b"\r\nContent-Length: 100\r\n\r\n{\"va", read=False)
        expect_eq(s.get("/api/info").status, 200, "after")


def without_the_token_nothing(s):
    """Every route, without the token or with a wrong one, in each of the
    ways it may come: 401, nothing shown, nothing recorded."""
    s.post("/api/pain", {"value": 3, "note": "secret note"})
    before = recorded(s)
    wrong = [None, "", s.token[:-1], s.token + "0", s.token.upper(),
             "0" * 32, s.token[:16]]
    for t in wrong:
        h = {"_no_token": 1}
        if t is not None:
            h["X-Limber-Token"] = t
        for p in GETS:
            r = s.get(p, headers=h)
            error_of(r, 401, "token-required")
            expect(b"secret" not in r.body and b"steps" not in r.body,
                   r.body[:100])
        for p, good in POSTS:
            r = s.post(p, good, headers=dict(h))
            error_of(r, 401, "token-required")
        # The token in the query or a cookie, wrong; or the right one
        # under another port's cookie name.
        if t:
            r = s.get("/api/history?token=" + t, headers={"_no_token": 1})
            error_of(r, 401, "token-required")
            r = s.get("/api/history", headers={
                "_no_token": 1, "Cookie": "limber_token_%d=%s" % (s.port, t)})
            error_of(r, 401, "token-required")
    r = s.get("/api/history", headers={
        "_no_token": 1, "Cookie": "limber_token_%d=%s" % (s.port + 1,
                                                          s.token)})
    error_of(r, 401, "token-required")
    expect_eq(recorded(s), before, "records")


@test
def loopback_without_the_token_gets_nothing():
    with Server() as s:
        without_the_token_nothing(s)


@test
def lan_without_the_token_gets_nothing():
    with Server("--lan") as s:
        without_the_token_nothing(s)
        # Slow clients from another address (127.0.0.2 stands for
        # another device) do not lock out the paired phone: that address
        # keeps at most 64 connections, the rest are closed at once.
        # --lan is HTTPS: they stop part-way through TLS's first record.
        socks = slow_clients(s.port, 100, s.host, source="127.0.0.2",
                             start=b"\x16\x03\x01")
        try:
            deadline = time.time() + 15
            while True:
                time.sleep(0.5)
                ready = select.select(socks, [], [], 0)[0]
                closed = [c for c in ready if gone(c)]
                if len(socks) - len(closed) <= 64 or time.time() > deadline:
                    break
            expect(len(socks) - len(closed) <= 64,
                   "%d connections kept from one address" %
                   (len(socks) - len(closed)))
            expect_eq(s.get("/api/info", timeout=20).status, 200,
                      "with the token, beside 64 slow clients")
        finally:
            for c in socks:
                c.close()


@test
def kill_9_of_the_server_mid_session_under_load_keeps_the_journal():
    import sqlite3
    s = Server()
    try:
        s.check(2, "upper")
        s.start(pain=2)
        s.send("ready")
        st = s.wait_phase(["checkin"])
        s.send("pain", 3)
        stop = threading.Event()

        def hammer():
            while not stop.is_set():
                try:
                    s.post("/api/pain", '{"value": ', timeout=5)
                    s.get("/api/session", timeout=5)
                except Exception:  # noqa: BLE001 - the server is killed
                    return

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        s.proc.kill()
        s.proc.wait(10)
        stop.set()
        for t in threads:
            t.join(20)
        db = sqlite3.connect("file:%s?mode=ro" % s.journal, uri=True)
        ok = db.execute("PRAGMA integrity_check").fetchone()[0]
        db.close()
        expect_eq(ok, "ok", "integrity check")
        rc, out, err = s.limber("history", "--json")
        expect_eq(rc, 0, "history: " + err)
        ses = json.loads(out)["sessions"][-1]
        expect_eq(ses["state"], "interrupted", "state")
        expect_eq([(p["kind"], p["value"]) for p in ses["pain"]][:2],
                  [("before", 2), ("during", 3)], "scores")
        expect(st is not None, "reached a check-in")
    finally:
        s.close()


if __name__ == "__main__":
    sys.exit(harness.main("abuse"))
