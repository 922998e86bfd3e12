#!/usr/bin/env python3
"""Black-box tests of `limber serve`: every route of the JSON API, every
kind of bad input, and the Host, token and same-origin rules.

Each test starts the real server (`limber serve --port 0`, which prints
the port it took) in a fresh temporary HOME, XDG_DATA_HOME and journal,
with a catalog of fast stretches in the user's folder (the four built-in
ids cut to one movement step and a hold of 1 second, as test_coach.py
does), talks to it over HTTP on 127.0.0.1, and stops it with SIGTERM.
There is no timing assertion: waits are for states, with generous
timeouts. Each test starts its own server, so they run side by side, as
many at once as LIMBER_TEST_JOBS allows (harness.py). The voice route's
test is skipped in a build without espeak-ng. The results are TAP
(harness.py); it exits 1 when any test failed. test_abuse.py uses Server.

usage: test_api.py PATH-TO-LIMBER SOURCE-ROOT
"""
import concurrent.futures
import hashlib
import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import ssl
import struct
import subprocess
import sys
import threading
import time

import harness
from harness import LIMBER, expect, expect_eq, test

IDS = ["childs-pose", "neck-rolls", "pelvic-tilt", "seated-spinal-twist"]
ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)/(?:\?token=([0-9a-f]+))?")
# --lan's, over HTTPS (web/tls.h).
HTTPS_ADDRESS = re.compile(r"https://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]+)")

# ---------------------------------------------------------------- setup

_builtin = {}
_builtin_lock = threading.Lock()


def builtin(i):
    with _builtin_lock:
        if i not in _builtin:
            with harness.Home() as h:
                _builtin[i] = json.loads(h.ok("show", i, "--json"))
        return json.loads(json.dumps(_builtin[i]))


def fast(stretch, hold=1):
    """A stretch cut to its first movement step and its hold, 1 s each
    (or a hold of hold seconds)."""
    def cut(steps):
        move = [dict(s, seconds=1) for s in steps if not s.get("hold")]
        hold = [s for s in steps if s.get("hold")]
        return move[:1] + hold[:1]
    stretch["steps"] = cut(stretch["steps"])
    for v in stretch.get("variants", []):
        v["steps"] = cut(v["steps"])
    stretch["dose"] = {"reps": {"start": 1, "min": 1, "max": 2},
                       "hold_s": {"start": hold, "min": 1, "max": 30},
                       "rest_s": {"start": 0, "min": 0, "max": 30}}
    return stretch


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def json(self):
        return json.loads(self.body)


class Server(harness.Home):
    """`limber serve` in a fresh home (harness.Home: HOME, data folder,
    journal in LIMBER_JOURNAL) with a fast catalog, its session clock
    harness.FAST times real time unless clock=1; stopped with SIGTERM on
    close. Its ok() is a request that must answer with status."""

    PREFIX = "limber-api-"

    def __init__(self, *args, port=0, hold=1, clock=None, extra=()):
        super().__init__()
        self.clock = harness.FAST if clock is None else clock
        folder = os.path.join(self.data, "limber", "stretches")
        os.makedirs(folder)
        for i in IDS:
            with open(os.path.join(folder, i + ".json"), "w") as f:
                json.dump(fast(builtin(i), hold), f)
        # More stretch files for the user's folder, by their paths.
        for path in extra:
            with open(path) as src, open(os.path.join(
                    folder, os.path.basename(path)), "w") as f:
                f.write(src.read())
        self.proc = subprocess.Popen(
            [LIMBER, "serve", "--port", str(port), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=self.env(**harness.clock_env(self.clock)))
        self.out = ""
        deadline = time.time() + 20
        self.port = self.token = None
        self.https = False
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.out += line
            m = ADDRESS.search(line) or HTTPS_ADDRESS.search(line)
            if m:
                self.port, self.token = int(m.group(1)), m.group(2)
                self.https = m.re is HTTPS_ADDRESS
                break
        if self.port is None:
            self.proc.kill()
            raise AssertionError("no address printed: %r %r" %
                                 (self.out, self.proc.stderr.read()))
        self.host = "127.0.0.1:%d" % self.port
        self.origin = ("https://" if self.https else "http://") + self.host
        # --lan: limber's own certificate authority, in the data folder.
        self.ca = os.path.join(self.data, "limber", "tls", "ca.crt")
        # What the printed address leaves in a browser (server.c).
        self.cookie = "limber_token_%d=%s" % (self.port, self.token)

    def tls(self):
        """A client's TLS that trusts only limber's authority."""
        return ssl.create_default_context(cafile=self.ca)

    def request(self, method, path, body=None, headers=None, timeout=30):
        if self.https:
            conn = http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=timeout, context=self.tls())
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                              timeout=timeout)
        h = {"Host": self.host}
        # As the page sends it: the cookie; "_no_token" leaves it out.
        if self.token and not (headers and "_no_token" in headers):
            h["Cookie"] = self.cookie
        h.update({k: v for k, v in (headers or {}).items()
                  if not k.startswith("_")})
        h = {k: v for k, v in h.items() if v is not None}
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        resp = Response(r.status, r.getheaders(), r.read())
        conn.close()
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body, headers=None, **kw):
        h = {"Origin": self.origin, "Content-Type": "application/json"}
        h.update(headers or {})
        return self.request("POST", path, body=body, headers=h, **kw)

    def ok(self, method, path, body=None, status=200):
        r = (self.post(path, body) if method == "POST" else self.get(path))
        expect_eq(r.status, status, "%s %s: %s" % (method, path, r.body[:300]))
        return r.json()

    def check(self, pain=2, area="upper", yes=()):
        return self.ok("POST", "/api/check",
                       {"pain": pain, "area": area, "yes": list(yes)})

    def start(self, **body):
        body.setdefault("minutes", 1)
        return self.ok("POST", "/api/session", body, status=201)["session"]

    def send(self, what, value=None, status=200):
        body = {"input": what}
        if value is not None:
            body["value"] = value
        r = self.post("/api/session/input", body)
        expect_eq(r.status, status, "input %s: %s" % (what, r.body[:300]))
        return r.json() if status in (200, 202) else r

    def written(self, timeout=30):
        """Wait until the session's records are all in the journal (a
        warning's are written just after its answer); the session."""
        deadline = time.time() + timeout
        while True:
            s = self.ok("GET", "/api/session")["session"]
            if s is None or s["journal_pending"] is None:
                return s
            if time.time() > deadline:
                raise AssertionError("never written: %r" %
                                     s["journal_pending"])
            time.sleep(0.05)

    def wait_phase(self, phases, timeout=60):
        """Long-poll until the session is in one of phases."""
        deadline = time.time() + timeout
        since = 0
        while time.time() < deadline:
            s = self.ok("GET", "/api/session?since=%d&wait=5" % since)
            s = s["session"]
            since = s["next"]
            if s["state"]["phase"] in phases:
                return s
        raise AssertionError("phase never became %s" % (phases,))

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            out, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
        self.out += out
        self.err = err
        return self.proc.returncode

    def limber(self, *args):
        """limber itself on this home's journal: (status, out, err)."""
        return self.run(*args, stdin=None, timeout=30)

    def close(self):
        self.stop()
        super().close()

    def __exit__(self, *exc):
        rc = self.stop()
        super().close()
        if exc[0] is None:
            expect_eq(rc, 0, "server exit status (stderr %r)" % self.err)
            expect("ERROR: AddressSanitizer" not in (self.err or ""),
                   self.err)


def error_of(r, status, code=None, words=None):
    expect_eq(r.status, status, "status (%s)" % r.body[:300])
    expect(r.header("Content-Type").startswith("application/json"),
           r.header("Content-Type"))
    j = r.json()
    expect(isinstance(j.get("error"), str) and isinstance(j.get("message"),
                                                          str), j)
    if code:
        expect_eq(j["error"], code, "error code")
    if words:
        expect(words in j["message"], "%r not in %r" % (words, j["message"]))
    return j


# ---------------------------------------------------------------- the program

@test
def version_names_the_web_server():
    p = subprocess.run([LIMBER, "--version"], capture_output=True, text=True)
    expect("web server" in p.stdout, p.stdout)


@test
def serve_prints_its_address_and_port_0_picks_one():
    with Server() as s:
        expect(s.port > 0, s.out)
        expect("127.0.0.1" in s.out, s.out)
        j = s.ok("GET", "/api/info")
        expect_eq(j["lan"], False, "lan")
        expect_eq(j["version"], "0.1.0", "version")


@test
def answers_are_in_the_language_the_browser_asks_for():
    # Accept-Language picks the language of the words (docs/api.md, "The
    # language of the answers"); /api/info lists the languages built in
    # and says which this request got; every answer says it varies so.
    with Server() as s:
        j = s.ok("GET", "/api/info")
        tags = [l["tag"] for l in j["languages"]]
        expect_eq(j["languages"][0], {"tag": "en", "bcp47": "en",
                                      "name": "English", "rtl": False},
                  "English first")
        for l in j["languages"]:
            expect_eq(sorted(l), ["bcp47", "name", "rtl", "tag"], l)
        expect_eq(j["language"], "en", "no Accept-Language: English")
        # A language limber lacks, and German where it does not ship:
        # English.
        for wish in ["tlh", "tlh-KL, x-none;q=0.5", "de-CH, de;q=0.9",
                     "*", ";;q=,", "en;q=0"]:
            if wish.startswith("de") and "de" in tags:
                continue
            r = s.get("/api/info", headers={"Accept-Language": wish})
            expect_eq(r.status, 200, wish)
            expect_eq(r.json()["language"], "en", wish)
            expect_eq(r.json()["languages"], j["languages"], wish)
            r = s.get("/api/nowhere", headers={"Accept-Language": wish})
            error_of(r, 404, "not-found", "no such page or API route")
        if "de" in tags:
            r = s.get("/api/info", headers={"Accept-Language": "de-CH"})
            expect_eq(r.json()["language"], "de", "German")
        # Each shipped language's questions are the terminal's in that
        # language, worded apart from the English; ids and levels stay.
        english = s.ok("GET", "/api/questions")["questions"]
        s.check(2, "lower")
        for tag in tags[1:]:
            bcp47 = [l["bcp47"] for l in j["languages"] if l["tag"] == tag][0]
            r = s.get("/api/questions", headers={"Accept-Language": bcp47})
            expect_eq(r.status, 200, tag)
            qs = r.json()["questions"]
            expect_eq([(q["id"], q["level"]) for q in qs],
                      [(q["id"], q["level"]) for q in english], tag)
            for q, e in zip(qs, english):
                for key in ("text", "advice"):
                    expect(q[key] != e[key], "%s %s %s in English: %s"
                           % (tag, q["id"], key, q[key]))
            # The plan and the catalog as the page shows them: each
            # exercise's name, position, steps and cautions in the
            # language (the CLI's --json and the journal keep English).
            for path, get in [
                    ("/api/plan?minutes=10",
                     lambda j: j["plan"]["items"]),
                    ("/api/stretches", lambda j: j["stretches"])]:
                en_items = get(s.ok("GET", path))
                r = s.get(path, headers={"Accept-Language": bcp47})
                expect_eq(r.status, 200, path)
                items = get(r.json())
                expect_eq(len(items), len(en_items), path)
                for it, e in zip(items, en_items):
                    texts = [it["name"], it["position"]] + \
                        [x["text"] for x in it["steps"]] + it["cautions"]
                    en_texts = [e["name"], e["position"]] + \
                        [x["text"] for x in e["steps"]] + e["cautions"]
                    for t, et in zip(texts, en_texts):
                        expect(t != et, "%s %s: %r in English"
                               % (tag, path, t))
            # `check --list`: id, level and text, two spaces apart.
            _, out, _ = s.run("check", "--list", stdin=None, timeout=30,
                              env=s.env(LANGUAGE=tag))
            expect_eq([(q["id"], q["text"]) for q in qs],
                      [(l.split()[0], re.split(r"\s{2,}", l, 2)[2])
                       for l in out.splitlines()],
                      tag + ": the terminal's words")
        # Vary on answers of every kind: JSON, errors, the page, a 401.
        for r in [s.get("/api/info"), s.get("/api/nowhere"), s.get("/"),
                  s.get("/api/info", headers={"_no_token": 1}),
                  s.get("/", headers={"_no_token": 1,
                                      "Accept": "text/html"})]:
            expect("Accept-Language" in (r.header("Vary") or ""),
                   "Vary: %s" % r.header("Vary"))
        r = s.get("/", headers={"_no_token": 1, "Accept": "text/html",
                                "Accept-Language": "tlh"})
        expect_eq(r.status, 401, "the page without the token")
        expect('<html lang="en">' in r.body.decode(), r.body[:200])


@test
def port_in_use_is_a_clear_error():
    # Hold a port ourselves, then ask limber for it.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    port = sock.getsockname()[1]
    try:
        with harness.Home() as h:
            rc, _, err = h.run("serve", "--port", str(port), timeout=20)
    finally:
        sock.close()
    expect_eq(rc, 1, "status")
    expect("port %d is in use" % port in err, err)
    expect("--port" in err, err)


@test
def bad_port_option_is_usage_error():
    # A home of its own: the journal is opened before operands are looked
    # at, and the real one may be of another limber.
    with harness.Home() as h:
        for bad in ["-1", "65536", "http", ""]:
            rc, _, err = h.run("serve", "--port", bad, timeout=20)
            expect_eq(rc, 2, "--port %r" % bad)
            expect("--port must be a whole number" in err, err)
        rc, _, _ = h.run("serve", "extra", timeout=20)
        expect_eq(rc, 2, "operand")


# ---------------------------------------------------------------- the page

@test
def page_script_and_styles_are_built_in():
    with Server() as s:
        r = s.get("/")
        expect_eq(r.status, 200, "GET /")
        expect(r.header("Content-Type").startswith("text/html"), r.headers)
        csp = r.header("Content-Security-Policy") or ""
        expect("default-src 'self'" in csp and "frame-ancestors 'none'" in csp,
               csp)
        expect_eq(r.header("X-Content-Type-Options"), "nosniff", "nosniff")
        page = r.body.decode()
        expect('<html lang="en">' in page, page[:200])
        for path, ctype in [("/app.js", "text/javascript"),
                            ("/session.js", "text/javascript"),
                            ("/style.css", "text/css"),
                            ("/icon.svg", "image/svg+xml")]:
            r = s.get(path)
            expect_eq(r.status, 200, path)
            expect(r.header("Content-Type").startswith(ctype), r.headers)
            expect(len(r.body) > 50, path)
        # Every module the page imports is served.
        for mod in re.findall(r'from "\./([\w-]+\.js)"',
                              s.get("/app.js").body.decode()):
            expect_eq(s.get("/" + mod).status, 200, mod)


@test
def head_gives_headers_without_a_body():
    with Server() as s:
        r = s.request("HEAD", "/")
        expect_eq(r.status, 200, "HEAD /")
        expect_eq(r.body, b"", "body")
        expect_eq(s.request("HEAD", "/api/stats").status, 200, "HEAD api")


@test
def unknown_paths_are_404_json_and_the_journal_is_never_served():
    with Server() as s:
        for path in ["/nope.js", "/api/nope", "/journal.db",
                     "/limber/journal.db", "/api/stretches/x/y/z",
                     "/../journal.db", "/%2e%2e/journal.db", "/api/",
                     "/index.html/", "//app.js"]:
            error_of(s.get(path), 404, "not-found")
        for path in ["/api/history", "/api/stats"]:
            body = s.get(path).body
            expect(b"SQLite" not in body, path)


@test
def methods_not_allowed_are_405_with_allow():
    with Server() as s:
        r = s.request("DELETE", "/api/stats")
        error_of(r, 405, "method-not-allowed")
        r = s.post("/api/stats", {})
        error_of(r, 405, "method-not-allowed")
        expect("GET" in r.header("Allow"), r.headers)
        r = s.get("/api/session/input")
        error_of(r, 405, "method-not-allowed")
        expect_eq(r.header("Allow"), "POST", "Allow")
        error_of(s.request("PUT", "/api/check", body="{}"), 405)


# ---------------------------------------------------------------- Host, token

@test
def loopback_checks_the_host_header():
    with Server() as s:
        for host in ["evil.example", "evil.example:%d" % s.port,
                     "127.0.0.1:1", "127.0.0.1", "localhost.evil:%d" % s.port,
                     "127.0.0.2:%d" % s.port, "[::1]:%d" % s.port, ""]:
            r = s.get("/api/info", headers={"Host": host})
            error_of(r, 403, "bad-host")
        for host in ["127.0.0.1:%d" % s.port, "localhost:%d" % s.port,
                     "LOCALHOST:%d" % s.port]:
            expect_eq(s.get("/api/info", headers={"Host": host}).status,
                      200, host)
        # No Host at all (HTTP/1.0).
        with socket.create_connection(("127.0.0.1", s.port), 10) as c:
            c.sendall(b"GET /api/info HTTP/1.0\r\n\r\n")
            data = b""
            while True:
                chunk = c.recv(4096)
                if not chunk:
                    break
                data += chunk
        expect(data.startswith(b"HTTP/1.0 403") or
               data.startswith(b"HTTP/1.1 403"), data[:100])


@test
def posts_need_same_origin_or_the_token():
    with Server() as s:
        body = {"pain": 2, "area": "upper"}
        r = s.post("/api/check", body, headers={"Origin": None})
        error_of(r, 403, "cross-origin")
        for origin in ["http://evil.example", "null",
                       "https://127.0.0.1:%d" % s.port,
                       "http://127.0.0.1:%d.evil" % s.port]:
            error_of(s.post("/api/check", body, headers={"Origin": origin}),
                     403, "cross-origin")
        # A cross-site form cannot send JSON.
        for ctype in ["text/plain", "application/x-www-form-urlencoded",
                      "multipart/form-data; boundary=x", None,
                      "application/jsonx"]:
            error_of(s.post("/api/check", body,
                            headers={"Content-Type": ctype}),
                     415, "unsupported-media-type")
        expect_eq(s.post("/api/check", body, headers={
            "Content-Type": "application/json; charset=utf-8"}).status, 200,
            "charset")
        # Nothing was recorded by the refused ones: one screening only.
        _, out, _ = s.limber("history", "--json")
        expect_eq(len(json.loads(out)["screenings"]), 1, "screenings")


@test
def bodies_are_capped():
    with Server() as s:
        big = json.dumps({"pain": 2, "area": "upper", "x": "a" * 17000})
        error_of(s.post("/api/check", big), 413, "too-large")
        # Chunked, with no length given up front.
        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
        conn.putrequest("POST", "/api/check", skip_host=True)
        conn.putheader("Host", s.host)
        conn.putheader("Cookie", s.cookie)
        conn.putheader("Origin", s.origin)
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        for _ in range(20):
            chunk = b"a" * 1000
            conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        conn.send(b"0\r\n\r\n")
        r = conn.getresponse()
        expect_eq(r.status, 413, "chunked")
        conn.close()
        # The server is still there.
        expect_eq(s.get("/api/info").status, 200, "after")


def raw_exchange(s, data):
    """data sent as it stands on a new connection; what came back before
    the server closed it (status, headers in lower case, body)."""
    with socket.create_connection(("127.0.0.1", s.port), 10) as c:
        c.sendall(data)
        got = b""
        while True:
            b = c.recv(65536)
            if not b:
                break
            got += b
    head, _, body = got.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return int(lines[0].split()[1]), headers, body


@test
def libevents_own_answers_echo_nothing_and_close():
    """What libevent answers itself, before limber's checks (docs/api.md,
    "Answers that libevent gives, not limber"): a short HTML page that
    names the status alone, then the connection closed."""
    with Server() as s:
        big = 4 * 16384 + 1
        cases = [
            (b"F<script>O /<script>x</script> HTTP/1.1\r\nHost: %s\r\n\r\n"
             % s.host.encode(), 501),
            (b"<script>x</script>\r\n\r\n", 400),
            (b"GET /api/info HTTP/1.1\r\nHost: %s\r\n<script>\r\n\r\n"
             % s.host.encode(), 400),
            # Refused from its length: the body is never sent.
            (b"POST /api/check?<script> HTTP/1.1\r\nHost: %s\r\n"
             b"Content-Type: application/json\r\nContent-Length: %d\r\n"
             b"\r\n" % (s.host.encode(), big), 413),
        ]
        for data, status in cases:
            got, headers, body = raw_exchange(s, data)
            expect_eq(got, status, data[:40])
            expect(headers.get("content-type", "").startswith("text/html"),
                   headers)
            expect_eq(headers.get("connection"), "close", "Connection")
            expect(b"script" not in body.lower() and len(body) < 200, body)
        expect_eq(s.get("/api/info").status, 200, "after")


@test
def bad_json_bodies_are_400():
    with Server() as s:
        for body, code in [("", "bad-request"), ("{", "bad-json"),
                           ("[1]", "bad-request"), ('"x"', "bad-json"),
                           ('{"pain": 2, "pain": 3, "area": "upper"}',
                            "bad-json"),
                           ("{} trailing", "bad-json"),
                           ('{"area": "upper", "pain": 2\u0000}', "bad-json"),
                           (b'{"area": "\xff", "pain": 2}', "bad-json")]:
            error_of(s.post("/api/check", body), 400, code)


@test
def lan_requires_the_token_on_every_request():
    with Server("--lan") as s:
        expect(s.token and len(s.token) == 32, s.out)
        expect("https://" in s.out and "token=" in s.out, s.out)
        plain = {"_no_token": "1"}
        error_of(s.get("/api/info", headers=plain), 401, "token-required")
        error_of(s.get("/", headers=plain), 401, "token-required")
        error_of(s.get("/api/info", headers=dict(plain, **{
            "X-Limber-Token": "0" * 32})), 401)
        error_of(s.get("/api/info?token=" + "0" * 32, headers=plain), 401)
        error_of(s.get("/api/info?token=", headers=plain), 401)
        # The pairing address sets a cookie that the page's requests carry.
        r = s.get("/?token=" + s.token, headers=plain)
        expect_eq(r.status, 200, "pairing address")
        cookie = r.header("Set-Cookie")
        expect(cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie,
               cookie)
        jar = cookie.split(";")[0]
        r = s.get("/api/info", headers=dict(plain, Cookie=jar))
        expect_eq(r.status, 200, "with the cookie")
        expect_eq(r.json()["lan"], True, "lan")
        expect_eq(s.get("/app.js", headers=dict(plain, Cookie=jar)).status,
                  200, "script with the cookie")
        error_of(s.get("/api/info", headers=dict(
            plain, Cookie="limber_token_%d=" % s.port + "f" * 32)), 401)
        # Any Host: a phone uses the computer's address.
        r = s.get("/api/info", headers={"Host": "192.0.2.7:%d" % s.port})
        expect_eq(r.status, 200, "other host with the token")
        # POST: the cookie and our own Origin, or the token header.
        r = s.post("/api/check", {"pain": 2, "area": "upper"},
                   headers=dict(plain, Cookie=jar))
        expect_eq(r.status, 200, "cookie + origin")
        r = s.post("/api/check", {"pain": 2, "area": "upper"},
                   headers=dict(plain, Origin=None,
                                **{"X-Limber-Token": s.token}))
        expect_eq(r.status, 200, "token header, no origin")
        error_of(s.post("/api/check", {"pain": 2, "area": "upper"},
                        headers=dict(plain, Cookie=jar, Origin=None)), 403,
                 "cross-origin")
        error_of(s.post("/api/check", {"pain": 2, "area": "upper"},
                        headers=dict(plain, Cookie=jar,
                                     Origin="http://evil.example")), 403)


@test
def loopback_requires_the_token_too():
    # Issue 15: any other account on the machine reaches 127.0.0.1, so
    # the journal's answers, history and stats were theirs to read, and
    # a request with our own Origin (which any program may send) wrote.
    with Server() as s:
        s.check(2, "upper")
        s.post("/api/pain", {"value": 3, "note": "secret note"})
        before = s.limber("history", "--json")[1]
        m = re.search(r"http://127\.0\.0\.1:%d/\?token=([0-9a-f]{32})\n" %
                      s.port, s.out)
        expect(m and m.group(1) == s.token, s.out)
        plain = {"_no_token": "1"}
        for p in ["/api/info", "/api/check", "/api/history", "/api/stats",
                  "/api/session", "/api/plan", "/api/questions",
                  "/api/stretches", "/", "/app.js", "/index.html"]:
            for h in [plain, dict(plain, Cookie="limber_token_%d=%s" % (
                    s.port, "0" * 32)), dict(plain, Cookie="limber_token=" +
                                             s.token),
                      dict(plain, **{"X-Limber-Token": s.token[:-1]})]:
                r = s.get(p, headers=h)
                error_of(r, 401, "token-required", "limber serve")
                expect(b"secret" not in r.body and b"upper" not in r.body,
                       r.body[:200])
        # Our own Origin, as another account's program could send it.
        for path, body in [("/api/pain", {"value": 9, "note": "forged"}),
                           ("/api/check", {"pain": 1, "area": "lower"}),
                           ("/api/session", {"minutes": 1})]:
            error_of(s.post(path, body, headers=plain), 401,
                     "token-required")
        expect_eq(s.limber("history", "--json")[1], before, "nothing written")
        # A browser that opens the page without it (a bookmark made before
        # the browser had the cookie) gets a page that says what to do.
        r = s.get("/", headers=dict(plain, Accept="text/html,*/*;q=0.8"))
        expect_eq(r.status, 401, "page")
        expect(r.header("Content-Type").startswith("text/html"),
               r.header("Content-Type"))
        page = r.body.decode()
        expect("limber serve" in page and "?token=" in page, page)
        expect("default-src 'none'" in r.header("Content-Security-Policy"),
               r.header("Content-Security-Policy"))
        # The API answers JSON whatever the Accept header asks.
        error_of(s.get("/api/history", headers=dict(plain,
                                                    Accept="text/html")), 401)
        # The printed address sets the cookie; then everything works.
        r = s.get("/?token=" + s.token, headers=plain)
        expect_eq(r.status, 200, "the printed address")
        cookie = r.header("Set-Cookie")
        expect(cookie.startswith(s.cookie + ";") and "HttpOnly" in cookie and
               "SameSite=Strict" in cookie and "Max-Age=" in cookie, cookie)
        expect_eq(s.get("/api/history", headers=dict(
            plain, Cookie=cookie.split(";")[0])).status, 200, "cookie")
        expect_eq(s.get("/api/history", headers=dict(plain, **{
            "X-Limber-Token": s.token})).status, 200, "header")
        # With the cookie, a forged Origin still cannot write.
        error_of(s.post("/api/pain", {"value": 9}, headers={
            "Origin": "http://evil.example"}), 403, "cross-origin")


@test
def today_answers_what_the_first_screen_needs_in_one_request():
    # Issue 19: seven requests one after another put the first question
    # 18 s after opening on a slow link. GET /api/today is GET
    # /api/session, GET /api/check and the questions (the whole table and
    # each area's) in one answer.
    with Server() as s:
        t = s.ok("GET", "/api/today")
        expect_eq(t["session"], None, "no session yet")
        expect_eq(t["check"], s.ok("GET", "/api/check"), "the check")
        whole = s.ok("GET", "/api/questions")
        expect_eq(t["questions"]["questions"], whole["questions"], "table")
        expect_eq(t["questions"]["severe_pain"], whole["severe_pain"], "severe")
        for area in ["upper", "lower", "both"]:
            expect_eq(t["questions"]["asked"][area],
                      s.ok("GET", "/api/questions?area=" + area)["questions"],
                      area)
        error_of(s.get("/api/today?x=1"), 400, "bad-request", '"x"')
        # After a check, it holds; with a session under way, the session
        # alone (as GET /api/session gives it), nothing from the journal.
        s.check()
        expect(s.ok("GET", "/api/today")["check"]["check"]["holds"], "holds")
        s.start()
        t = s.ok("GET", "/api/today")
        got = s.ok("GET", "/api/session")["session"]
        for k in ["serial", "plan", "ended", "next"]:
            expect_eq(t["session"][k], got[k], k)
        expect_eq(t["session"]["cues"], [], "no cues")
        expect_eq((t["check"], t["questions"]), (None, None), "session only")


@test
def a_page_opened_after_a_restart_with_a_new_token_says_so_in_words():
    # Issue 19: after a restart with a new token, a reload showed raw
    # JSON. A browser opening a page (it asks for HTML, or fetches a
    # document) gets words: what happened and what to do; the API keeps
    # its JSON error, which the page puts in the same words (dom.js).
    with Server() as s:
        old = s.token
        s.stop()
        p = subprocess.Popen([LIMBER, "serve", "--port", "0", "--new-token"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=s.env())
        try:
            port = None
            deadline = time.time() + 20
            while port is None and time.time() < deadline:
                m = ADDRESS.search(p.stdout.readline())
                if m:
                    port, token = int(m.group(1)), m.group(2)
            expect(port and token != old, "a new token")
            cookie = "limber_token_%d=%s" % (port, old)

            def get(path, **headers):
                conn = http.client.HTTPConnection("127.0.0.1", port,
                                                  timeout=30)
                conn.request("GET", path, headers=dict(
                    {"Host": "127.0.0.1:%d" % port, "Cookie": cookie},
                    **headers))
                r = conn.getresponse()
                out = Response(r.status, r.getheaders(), r.read())
                conn.close()
                return out

            for path, h in [("/", {"Accept": "text/html,*/*;q=0.8"}),
                            ("/?token=" + old, {"Accept": "text/html"}),
                            ("/index.html", {"Accept": "*/*",
                                             "Sec-Fetch-Dest": "document"})]:
                r = get(path, **h)
                expect_eq(r.status, 401, path)
                expect(r.header("Content-Type").startswith("text/html"),
                       "%s: %s" % (path, r.header("Content-Type")))
                page = " ".join(r.body.decode().split())
                for words in ["started again with a new code",
                              "this address is an old one",
                              "Nothing in your journal is lost",
                              "scan the new QR code", "?token="]:
                    expect(words in page, "%r not in %s" % (words, page))
            for path in ["/api/today", "/api/session"]:
                error_of(get(path, Accept="text/html"), 401,
                         "token-required")
            # A script of the page asked without a page's headers: JSON.
            error_of(get("/app.js", Accept="*/*"), 401, "token-required")
        finally:
            p.send_signal(signal.SIGTERM)
            p.communicate(timeout=30)


def serve_in(s, *args):
    """`limber serve` again in s's home, with umask 022: (process, port,
    token, what it printed, what it said on stderr once stopped)."""
    p = subprocess.Popen([LIMBER, "serve", "--port", "0", *args],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, umask=0o022, env=s.env())
    out = ""
    deadline = time.time() + 20
    while time.time() < deadline:
        line = p.stdout.readline()
        if not line:
            break
        out += line
        m = ADDRESS.search(line) or HTTPS_ADDRESS.search(line)
        if m:
            p.send_signal(signal.SIGTERM)
            rest, err = p.communicate(timeout=30)
            expect_eq(p.returncode, 0, "limber serve: " + err)
            return int(m.group(1)), m.group(2), out + rest, err
    p.kill()
    raise AssertionError("no address printed: %r %r" % (out, p.stderr.read()))


@test
def the_token_is_kept_from_one_start_to_the_next():
    # Kept beside the journal, 0600, so that a page left open (a warning
    # it still has to send), a bookmark and a phone keep working when the
    # server is started again; --new-token replaces it.
    with Server() as s:
        s.stop()
        path = s.journal + ".serve-token"
        expect_eq(open(path).read(), s.token + "\n", "kept")
        expect_eq(os.stat(path).st_mode & 0o777, 0o600, "mode")
        _, token, _, err = serve_in(s)
        expect_eq(token, s.token, "the same after a restart")
        expect_eq(err, "", "stderr")
        _, token, out, _ = serve_in(s, "--new-token")
        expect(token != s.token and len(token) == 32, token)
        expect("new token" in out, out)
        expect_eq(open(path).read(), token + "\n", "the new one kept")
        expect_eq(os.stat(path).st_mode & 0o777, 0o600, "mode, umask 022")
        # One that others could have read is no longer a secret.
        os.chmod(path, 0o644)
        _, again, _, err = serve_in(s)
        expect(again != token, "replaced")
        expect("could be read by other accounts" in err, err)
        expect_eq(os.stat(path).st_mode & 0o777, 0o600, "mode")
        for junk in ["", "x" * 32, again.upper(), again[:-1], again + "00"]:
            with open(path, "w") as f:
                f.write(junk)
            _, t, _, err = serve_in(s)
            expect(t != junk and re.fullmatch("[0-9a-f]{32}", t), t)
            expect("does not hold a token" in err, "%r: %s" % (junk, err))
        os.unlink(path)
        os.symlink(s.journal, path)
        _, t, _, err = serve_in(s)
        expect("is a symbolic link" in err, err)
        expect(not os.path.islink(path), "the link is replaced")


# ---------------------------------------------------------------- catalog

@test
def stretches_list_and_one_stretch():
    with Server() as s:
        j = s.ok("GET", "/api/stretches")
        # The server's catalog is the terminal's: the built-in one with
        # the user's files, by id.
        _, out, _ = s.limber("stretches", "--json")
        expect_eq([x["id"] for x in j["stretches"]],
                  [x["id"] for x in json.loads(out)], "ids")
        expect(set(IDS) <= {x["id"] for x in j["stretches"]}, "user's files")
        for x in j["stretches"]:
            expect("source" not in x, "source is private")
            expect(x["steps"] and x["name"], x)
        one = s.ok("GET", "/api/stretches/childs-pose")
        expect_eq(one["id"], "childs-pose", "id")
        expect(one["figures"] in (True, False), one)
        error_of(s.get("/api/stretches/no-such"), 404, "not-found",
                 "no-such")
        error_of(s.get("/api/stretches/childs-pose?x=1"), 400, "bad-request",
                 '"x"')


@test
def figures_are_svg_from_the_pose_model():
    with Server() as s:
        st = s.ok("GET", "/api/stretches/seated-spinal-twist")
        r = s.get("/api/stretches/seated-spinal-twist/figure?step=0")
        if not st["figures"]:
            error_of(r, 404, "no-figure")
            return
        expect_eq(r.status, 200, r.body[:200])
        expect_eq(r.header("Content-Type"), "image/svg+xml", "type")
        expect(b"<svg" in r.body, r.body[:100])
        r2 = s.get("/api/stretches/seated-spinal-twist/figure?step=0&side=2")
        expect_eq(r2.status, 200, "side 2")
        expect(r2.body != r.body, "side 2 is the mirror")
        v = st["variants"][0]["id"] if st.get("variants") else None
        if v:
            expect_eq(s.get("/api/stretches/seated-spinal-twist/figure?"
                            "variant=%s&step=0" % v).status, 200, "variant")
        r = s.get("/api/stretches/seated-spinal-twist/animation")
        expect_eq(r.status, 200, "animation")
        expect(b"<animate" in r.body, "animated")
        for q, code in [("step=2", 400), ("step=-1", 400), ("step=x", 400),
                        ("side=3", 400), ("side=0", 400),
                        ("variant=nope", 404), ("size=9", 400)]:
            error_of(s.get("/api/stretches/seated-spinal-twist/figure?" + q),
                     code)
        error_of(s.get("/api/stretches/nope/figure"), 404)
        error_of(s.get("/api/stretches/nope/animation"), 404)


@test
def questions_are_listed_worst_first():
    with Server() as s:
        j = s.ok("GET", "/api/questions")
        qs = j["questions"]
        expect(len(qs) >= 10, qs)
        expect_eq(qs[0]["level"], "emergency", "first")
        ids = [q["id"] for q in qs]
        expect("knee-problem" in ids and "bladder-bowel" in ids, ids)
        expect_eq(j["severe_pain"], 6, "severe pain")


@test
def questions_are_the_terminals_and_combinations_screen_alike():
    # The page asks what GET /api/questions lists: the same table, in the
    # same order, as `limber check --list`, the new red flags included.
    with Server() as s:
        qs = s.ok("GET", "/api/questions")["questions"]
        _, out, _ = s.limber("check", "--list", "--json")
        listed = json.loads(out)
        expect_eq([(q["id"], q["level"], q["text"]) for q in qs],
                  [(q["id"], q["level"], q["text"]) for q in listed], "same table")
        ids = [q["id"] for q in qs]
        # The page carries only these over from a check earlier today.
        expect_eq([q["id"] for q in qs if q["reusable"]],
                  ["knee-problem", "pregnancy", "osteoporosis", "hypermobility"],
                  "reusable")
        for qid in ["neck-stroke-signs", "sudden-headache", "sexual-function",
                    "cord-signs", "pregnancy-warning", "new-pain"]:
            expect(qid in ids, qid + " missing")
        for yes, want, reason in [
                (["cancer-history", "new-pain"], "urgent", "cancer-new-pain"),
                (["cancer-history", "cord-signs"], "emergency", "cancer-nerve-signs"),
                (["fever", "infection-risk"], "urgent", "fever-infection-risk"),
                (["neck-stroke-signs"], "emergency", "neck-stroke-signs")]:
            v = s.check(1, "upper", yes)
            expect_eq(v["verdict"]["verdict"], want, str(yes))
            expect_eq(v["verdict"]["reasons"][0]["id"], reason, str(yes))
            expect_eq(v["allows"], False, str(yes))


def yes_changes_a_plan(server, question, area):
    """Whether a yes to question changes `limber plan` for area (in the
    server's home) in any context: an exercise left out that was not, or
    done in another version. Long enough that every exercise fits."""
    def plan(context, *yes):
        rc, out, err = server.limber("plan", "--json", "--pain", "2",
                                     "--area", area, "--minutes", "60",
                                     "--context", context, *yes)
        expect_eq(rc, 0, "limber plan: " + err)
        p = json.loads(out)
        return ({i["stretch"]: i["variant"] for i in p["items"]},
                {x["stretch"]: x["why"] for x in p["left_out"]})
    for context in ("general", "desk", "after-workout"):
        if plan(context) != plan(context, "--yes", question):
            return True
    return False


@test
def questions_for_an_area_are_the_terminals():
    """GET /api/questions?area= lists the questions asked for that area, in
    the order of asking, and marks those whose yes ends the asking: what
    `limber check` asks on a terminal, so the page cannot ask otherwise."""
    with Server() as s:
        every = s.ok("GET", "/api/questions")["questions"]
        neck = [q["id"] for q in every if q["area"] == "upper"]
        expect(neck, "neck questions")
        for area in ("upper", "lower", "both"):
            j = s.ok("GET", "/api/questions?area=" + area)
            expect_eq(j["area"], area, "area")
            expect_eq(j["severe_pain"], 6, "severe pain")
            # Those asked only when an exercise they change could be in
            # the plan are asked where a yes to them changes a plan for
            # the area, in some context: an exercise left out, or done
            # another way.
            want = [q["id"] for q in every
                    if (area != "lower" or q["id"] not in neck)
                    and (not q["only_if_affected"]
                         or yes_changes_a_plan(s, q["id"], area))]
            expect_eq([q["id"] for q in j["questions"]], want, area)
            for q in j["questions"]:
                expect_eq(q["ends"], q["level"] in ("emergency", "urgent"),
                          q["id"])
        for bad in ("neck", "", "UPPER", "upper,lower"):
            error_of(s.get("/api/questions?area=" + bad), 400,
                     "bad-request", "upper, lower or both")
        error_of(s.get("/api/questions?zone=upper"), 400, "bad-request",
                 "unknown parameter")


@test
def questions_for_an_area_follow_the_catalog():
    """A question asked only when an exercise it changes could be in the
    plan is listed for an area once such an exercise is there: the
    built-in exercises for the neck never bend the hip past a right angle,
    so the neck's questions leave out hip-replacement; a knee drawn to the
    chest added for the neck brings it in."""
    src = os.path.join(harness.ROOT, "tests", "data", "catalog",
                       "movements", "test-knee-hug.json")
    with open(src) as f:
        hug = json.load(f)
    hug["areas"] = ["upper"]
    with harness.Home() as tmp:
        path = tmp.path("test-knee-hug.json")
        with open(path, "w") as f:
            json.dump(hug, f)
        for extra, want in (((), False), ((path,), True)):
            with Server(extra=extra) as s:
                every = s.ok("GET", "/api/questions")["questions"]
                flagged = [q["id"] for q in every if q["only_if_affected"]]
                expect("hip-replacement" in flagged, flagged)
                ids = [q["id"] for q in s.ok(
                    "GET", "/api/questions?area=upper")["questions"]]
                expect_eq("hip-replacement" in ids, want,
                          "hip-replacement for the neck, with %r" % (extra,))
                expect_eq("hip-replacement" in ids,
                          yes_changes_a_plan(s, "hip-replacement", "upper"),
                          "asked where a yes changes the neck's plan")
                for area in ("lower", "both"):
                    ids = [q["id"] for q in s.ok(
                        "GET", "/api/questions?area=" + area)["questions"]]
                    expect("hip-replacement" in ids, area)


# ---------------------------------------------------------------- check, plan

@test
def check_records_and_holds():
    with Server() as s:
        j = s.ok("GET", "/api/check")
        expect_eq(j["check"], None, "no check yet")
        expect_eq(j["next_day"], None, "no next-day check")
        v = s.check(2, "lower", ["knee-problem"])
        expect_eq(v["verdict"]["verdict"], "caution", "verdict")
        expect_eq(v["allows"], True, "allows")
        j = s.ok("GET", "/api/check")["check"]
        expect_eq((j["pain"], j["area"], j["yes"], j["verdict"], j["holds"]),
                  (2, "lower", ["knee-problem"], "caution", True), "check")
        expect_eq(j["screening"], v["screening"], "id")
        _, out, _ = s.limber("history", "--json")
        expect_eq(len(json.loads(out)["screenings"]), 1, "recorded")


@test
def a_plan_keeps_the_checks_no_improvement_caution():
    # docs/safety.md, "No improvement over time": the plan is screened
    # again with the check's flags, so its caution is not lost there.
    with harness.Home() as src, Server() as s:
        path = harness.weeks_of_sessions(src, [5] * 10)
        rc, _, err = s.limber("import", path)
        expect_eq(rc, 0, "import: " + err)
        v = s.check(3, "lower")
        expect_eq(v["verdict"]["verdict"], "caution", "check")
        p = s.ok("GET", "/api/plan")
        expect_eq(p["verdict"]["verdict"], "caution", "plan")
        expect("no-improvement" in [r["id"] for r in p["verdict"]["reasons"]],
               p["verdict"])


@test
def check_levels_and_severe_pain():
    with Server() as s:
        v = s.check(8, "upper")
        expect_eq(v["verdict"]["verdict"], "see-clinician", "severe pain")
        expect_eq(v["allows"], False, "allows")
        v = s.check(1, "lower", ["bladder-bowel"])
        expect_eq(v["verdict"]["verdict"], "emergency", "emergency")
        expect_eq(s.ok("GET", "/api/check")["check"]["holds"], False, "holds")
        # docs/safety.md, "The rest of the day": held, in plain words.
        for r in (s.get("/api/plan"), s.post("/api/session", {})):
            error_of(r, 409, "held", "gave the verdict emergency")
            j = r.json()
            expect("Call your local emergency number now" in j["message"], j)
            expect('"that answer was a mistake"' in j["mistake"], j)
        # Answering again differently the same day does not lift it.
        s.check(1, "lower")
        error_of(s.get("/api/plan"), 409, "held")
        time.sleep(1.1)
        s.limber("log", "--note", "that answer was a mistake")
        expect_eq(s.get("/api/plan").status, 200, "after the mistake")


@test
def check_refuses_bad_answers():
    with Server() as s:
        for body, words in [
                ({"area": "upper"}, '"pain" is missing'),
                ({"pain": 11, "area": "upper"}, '"pain" must be'),
                ({"pain": -1, "area": "upper"}, '"pain" must be'),
                ({"pain": "3", "area": "upper"}, '"pain" must be'),
                ({"pain": 3.5, "area": "upper"}, '"pain" must be'),
                ({"pain": True, "area": "upper"}, '"pain" must be'),
                ({"pain": 3}, '"area" is missing'),
                ({"pain": 3, "area": "neck"}, '"area" must be'),
                ({"pain": 3, "area": 1}, '"area" must be text'),
                ({"pain": 3, "area": "upper", "yes": "fever"}, '"yes" must'),
                ({"pain": 3, "area": "upper", "yes": ["nope"]}, '"yes"[0]'),
                ({"pain": 3, "area": "upper", "yes": [1]}, '"yes"[0]'),
                ({"pain": 3, "area": "upper", "yes": ["fever", "fever"]},
                 "twice"),
                ({"pain": 3, "area": "upper", "extra": 1}, '"extra"')]:
            error_of(s.post("/api/check", body), 400, "bad-request", words)
        expect_eq(s.ok("GET", "/api/check")["check"], None, "nothing recorded")


@test
def plan_follows_the_check():
    with Server() as s:
        error_of(s.get("/api/plan"), 409, "check-needed")
        s.check(2, "lower", ["knee-problem"])
        j = s.ok("GET", "/api/plan?minutes=5")
        expect_eq(j["plan"]["area"], "lower", "area from the check")
        expect_eq(j["verdict"]["verdict"], "caution", "verdict")
        expect_eq(j["pain"], 2, "pain from the check")
        items = j["plan"]["items"]
        expect(items, j)
        for it in items:
            if it["stretch"] == "childs-pose":
                expect(it["variant"] is not None, "changed for the knees")
        # The upper back was not asked about.
        error_of(s.get("/api/plan?area=upper"), 409, "check-needed", "area")
        error_of(s.get("/api/plan?area=both"), 409, "check-needed")
        # Today's pain, screened with the check's answers.
        j = s.ok("GET", "/api/plan?pain=4&context=desk&no=floor,kneeling")
        expect_eq(j["pain"], 4, "pain")
        expect_eq(j["plan"]["context"], "desk", "context")
        r = s.get("/api/plan?pain=7")
        j = error_of(r, 409, "blocked")
        expect_eq(j["verdict"]["verdict"], "see-clinician", "blocked verdict")
        for q, words in [("minutes=0", '"minutes"'), ("minutes=121", ""),
                         ("minutes=x", ""), ("pain=11", '"pain"'),
                         ("context=gym", '"context"'), ("no=wall", '"no"'),
                         ("no=floor,,lying", '"no"'), ("area=neck", '"area"'),
                         ("surprise=1", '"surprise"')]:
            error_of(s.get("/api/plan?" + q), 400, "bad-request", words)


def cli_plan(s, *args):
    """`limber plan --json` on the server's home and journal: the plan the
    terminal makes from the same facts."""
    rc, out, err = s.limber("plan", "--json", *args)
    expect_eq(rc, 0, "limber plan: " + err)
    return json.loads(out)


def plan_ids(plan):
    return [i["stretch"] for i in plan["items"]]


@test
def a_sport_asks_for_a_workout_cool_down():
    """?sport= (and "sport" in a new session) is the terminal's --sport:
    the cool-down after that sport, so it implies the workout context and
    is refused with another one; the plan says its sport, its stage, each
    exercise's kind and those kept for another day."""
    with Server() as s:
        s.check(2, "lower")
        j = s.ok("GET", "/api/plan?sport=running&minutes=10")["plan"]
        expect_eq(j["sport"], "running", "sport")
        expect_eq(j["context"], "after-workout", "the sport's context")
        expect(j["stage"] in (1, 2, 3), j["stage"])
        for it in j["items"]:
            shown = s.ok("GET", "/api/stretches/" + it["stretch"])
            expect_eq(it["kind"], shown["kind"], it["stretch"])
        expect(isinstance(j["later"], list), j["later"])
        expect(not set(j["later"]) & set(plan_ids(j)),
               "later holds none of today's")
        # The terminal makes the same plan from the same facts.
        cli = cli_plan(s, "--pain", "2", "--area", "lower", "--minutes",
                       "10", "--sport", "running")
        for k in ("sport", "stage", "context", "later", "items"):
            expect_eq(j[k], cli[k], k + " as on the terminal")
        # Without one, the plan has no sport and keeps its context.
        j = s.ok("GET", "/api/plan?minutes=10")["plan"]
        expect_eq((j["sport"], j["context"]), (None, "general"), "no sport")
        for ctx in ("workout", "after-workout"):
            j = s.ok("GET", "/api/plan?sport=cycling&minutes=10&context=" +
                     ctx)["plan"]
            expect_eq((j["sport"], j["context"]),
                      ("cycling", "after-workout"), ctx)
        # "workout" is another name of the after-workout context.
        a = s.ok("GET", "/api/plan?minutes=10&context=workout")["plan"]
        b = s.ok("GET", "/api/plan?minutes=10&context=after-workout")["plan"]
        expect_eq(a["context"], "after-workout", "workout's name")
        expect_eq(a, b, "workout is after-workout")
        for q in ("sport=running&context=desk",
                  "sport=running&context=general", "sport=chess",
                  "sport=", "sport=Running"):
            error_of(s.get("/api/plan?" + q), 400, "bad-request", '"sport"')
        # The same field in a new session's body.
        for body in ({"sport": "running", "context": "desk"},
                     {"sport": "chess"}, {"sport": 3}, {"sport": None}):
            error_of(s.post("/api/session", dict(body, minutes=5)), 400,
                     "bad-request", '"sport"')
        ses = s.start(sport="running", minutes=5)
        expect_eq((ses["plan"]["sport"], ses["plan"]["context"]),
                  ("running", "after-workout"), "the session's plan")
        expect_eq(ses["plan"]["items"], s.ok(
            "GET", "/api/plan?sport=running&minutes=5")["plan"]["items"],
            "the session is the plan")
        s.send("stop")


@test
def the_plan_rotates_after_a_session():
    """The exercises done in a session rank after those not yet done: the
    server reads the journal's history again once a session is in it.
    3 minutes: in 2, no other exercise for the neck fits beside the one
    chosen (their steps take the seconds their words take to say)."""
    with Server() as s:
        s.check(2, "upper")
        before = s.ok("GET", "/api/plan?minutes=3")["plan"]
        expect(before["later"], "exercises kept for another day: %r" %
               before)
        ses = s.start(pain=2, minutes=3)
        expect_eq(plan_ids(ses["plan"]), plan_ids(before), "the session")
        s.send("ready")
        expect_eq(run_to_end(s)["state"]["phase"], "done", "done")
        _, out, _ = s.limber("history", "--json")
        done = {x["stretch"] for x in json.loads(out)["sessions"][-1][
            "stretches"] if not x["skipped"]}
        expect_eq(done, set(plan_ids(before)), "all done")
        s.check(2, "upper")
        after = s.ok("GET", "/api/plan?minutes=3")["plan"]
        # The first chosen is the one ranked first: one not done yet.
        expect(set(plan_ids(after)) - done, "one not done yet comes in: %r"
               % plan_ids(after))
        expect(set(after["later"]) & done, "one just done waits: %r" %
               after["later"])
        # As the terminal plans it from the same journal.
        cli = cli_plan(s, "--pain", "2", "--area", "upper", "--minutes", "3")
        expect_eq(plan_ids(after), plan_ids(cli), "as on the terminal")
        expect_eq(after["later"], cli["later"], "later as on the terminal")


@test
def last_done_words_age_while_the_server_runs():
    """The plan says when each exercise was last done; the server keeps
    the journal's facts until the journal changes, and the words still
    follow the clock: an exercise done a day ago less a few seconds is
    "within the past day", then "1 day ago" with nothing written."""
    margin = 8
    with Server() as s:
        s.check(2, "upper")
        s.start(pain=2, minutes=1)
        s.send("ready")
        expect_eq(run_to_end(s)["state"]["phase"], "done", "done")
        db = sqlite3.connect(s.journal)
        first = db.execute("SELECT stretch FROM stretch WHERE skipped = 0 "
                           "ORDER BY at LIMIT 1").fetchone()[0]
        db.close()
        # Every record of it moved back to a day ago, less the margin.
        move_forward(s, "UPDATE stretch SET at = strftime('%s', 'now') - "
                     "86400 + ? WHERE stretch = '" + first + "'", margin)
        s.check(2, "upper")
        t0 = time.monotonic()

        def why():
            for it in s.ok("GET", "/api/plan?minutes=60")["plan"]["items"]:
                if it["stretch"] == first:
                    return it["why"]
            raise AssertionError("%s not in the plan" % first)
        w = why()
        if time.monotonic() - t0 < margin - 1:
            expect("Last done within the past day." in w, w)
        deadline = t0 + margin + 30
        while "Last done 1 day ago." not in w:
            expect(time.monotonic() < deadline, "the words never aged: " + w)
            time.sleep(0.2)
            w = why()


@test
def next_day_answers_are_checked():
    with Server() as s:
        error_of(s.post("/api/next-day", {"session": 1, "settled": True}),
                 409, "not-due")
        for body in [{"settled": True}, {"session": 0, "settled": True},
                     {"session": 1}, {"session": 1, "settled": "yes"},
                     {"session": 1, "settled": True, "pain": 11},
                     {"session": 1, "settled": True, "x": 1}]:
            error_of(s.post("/api/next-day", body), 400, "bad-request")


def move_forward(s, sql, seconds):
    """Move records forward in time, as a clock that was ahead when they
    were written leaves them (test_journal_cli.py does the same)."""
    db = sqlite3.connect(s.journal)
    db.execute(sql, (seconds,))
    db.commit()
    db.close()


@test
def a_check_dated_in_the_future_does_not_block_every_later_one():
    """docs/safety.md, "When the clock was wrong": a check written while
    the clock was ahead is not "the last check", so a new one holds; and
    the history says how many records are dated after now."""
    with Server() as s:
        s.check(2, "upper")
        move_forward(s, "UPDATE screening SET at = at + ?", 30 * 86400)
        v = s.check(3, "upper")
        j = s.ok("GET", "/api/check")["check"]
        expect_eq((j["screening"], j["pain"], j["holds"]),
                  (v["screening"], 3, True), "the check just answered")
        expect_eq(s.ok("GET", "/api/plan")["pain"], 3, "plan")
        expect_eq(s.ok("GET", "/api/history")["future"], 1, "future")
        move_forward(s, "UPDATE screening SET at = at - ? WHERE pain = 2",
                     30 * 86400)
        expect_eq(s.ok("GET", "/api/history")["future"], 0, "none now")


@test
def a_session_dated_in_the_future_does_not_hide_the_next_day_check():
    with harness.Home() as src, Server() as s:
        path = harness.weeks_of_sessions(src, [3, 3])
        rc, _, err = s.limber("import", path)
        expect_eq(rc, 0, "import: " + err)
        # The older of the two was written with the clock 30 days ahead.
        move_forward(s, "UPDATE session SET started = started + ?1, "
                     "updated = updated + ?1, ended = ended + ?1 "
                     "WHERE id = 1", 30 * 86400)
        nd = s.ok("GET", "/api/check")["next_day"]
        expect(nd is not None and nd["session"] == 2, nd)


@test
def a_check_comes_into_force_when_the_clock_reaches_its_time():
    """The server keeps what it read until the journal changes, and also
    until the clock reaches a record dated after now."""
    with Server() as s:
        s.check(2, "upper")
        # A check eight seconds ahead, as a clock a little fast leaves it.
        db = sqlite3.connect(s.journal)
        db.execute("INSERT INTO screening (at, pain, area, verdict) VALUES "
                   "(CAST(strftime('%s', 'now') AS INTEGER) + 8, 4, "
                   "'upper', 'go')")
        db.commit()
        db.close()
        expect_eq(s.ok("GET", "/api/check")["check"]["pain"], 2, "not yet")
        deadline = time.time() + 30
        while s.ok("GET", "/api/check")["check"]["pain"] != 4:
            expect(time.time() < deadline, "the later check never came in")
            time.sleep(0.2)


# ---------------------------------------------------------------- session

def run_to_end(s, pain=2):
    """Answer every check-in with pain until the session ends."""
    while True:
        st = s.wait_phase(["checkin", "done", "stopped"])
        if st["state"]["phase"] != "checkin":
            return st
        s.send("pain", pain)


@test
def a_whole_session_through_the_api_is_recorded():
    with Server() as s:
        s.check(2, "upper")
        ses = s.start(pain=2)
        expect_eq(ses["state"]["phase"], "prepare", "phase")
        kinds = [c["kind"] for c in ses["cues"]]
        expect_eq(kinds[0], "pain", "first cue")
        expect("checklist" in kinds, kinds)
        expect_eq(ses["journal"], None, "not recorded before ready")
        ses = s.send("ready")["session"]
        expect(ses["journal"] is not None, "recorded from ready")
        end = run_to_end(s)
        expect_eq(end["state"]["phase"], "done", "done")
        expect_eq(end["result"]["outcome"], "done", "outcome")
        # Every cue, in order, with no gap, from the start.
        all_cues = s.ok("GET", "/api/session?since=0")["session"]["cues"]
        kinds = [c["kind"] for c in all_cues]
        expect_eq(kinds[-1], "done", "last cue")
        expect(kinds.count("checkin") >= 1 and "hold-start" in kinds, kinds)
        _, out, _ = s.limber("history", "--json")
        ses_j = json.loads(out)["sessions"][-1]
        expect_eq(ses_j["state"], "done", "journal state")
        expect(ses_j["stretches"], "stretches recorded")
        kinds = [p["kind"] for p in ses_j["pain"]]
        expect_eq(kinds[0], "before", "before")
        expect_eq(kinds[-1], "after", "after")
        h = s.ok("GET", "/api/history")
        expect_eq(h["sessions"][-1]["state"], "done", "history")
        expect_eq(h["sessions"][-1]["before"], 2, "history before")
        expect_eq(h["sessions"][-1]["after"], 2, "history after")
        expect(all(p["kind"] != "during" for p in h["scores"]), h["scores"])
        st = s.ok("GET", "/api/stats")
        expect_eq(st["sessions"], 1, "stats")
        # One check, one session: the questions are asked again first
        # (docs/safety.md, "Asked before every session").
        expect_eq(s.ok("GET", "/api/check")["check"]["holds"], False,
                  "the check was used")
        error_of(s.post("/api/session", {"pain": 2, "minutes": 1}), 409,
                 "check-needed", "before every session")
        error_of(s.get("/api/plan"), 409, "check-needed")
        s.check(2, "upper")
        ses = s.start(pain=2)
        expect_eq(ses["serial"], 2, "serial")
        s.send("stop")


@test
def session_resumes_from_the_state_after_a_reload():
    with Server() as s:
        expect_eq(s.ok("GET", "/api/session")["session"], None, "none yet")
        s.check(2, "upper")
        first = s.start(pain=2)
        s.send("ready")
        s.wait_phase(["checkin"])
        # A page that reloads asks without since: the state, no old cues.
        j = s.ok("GET", "/api/session")["session"]
        expect_eq(j["cues"], [], "no old cues")
        expect_eq(j["state"]["phase"], "checkin", "state")
        expect_eq(j["serial"], first["serial"], "same session")
        expect(j["next"] > 5, "cue count")
        # since beyond the end gives nothing, not an error.
        j = s.ok("GET", "/api/session?since=100000")["session"]
        expect_eq(j["cues"], [], "beyond")
        s.send("stop")
        j = s.ok("GET", "/api/session")["session"]
        expect_eq(j["state"]["phase"], "stopped", "stopped")
        expect_eq(j["result"]["reason"], "user", "reason")


@test
def long_poll_returns_when_a_cue_comes():
    # In real time: a wait of 20 s is 20 s, whatever the load.
    with Server(clock=1) as s:
        s.check(2, "upper")
        ses = s.start(pain=2)
        n = ses["next"]
        # Nothing happens in prepare: the wait runs out and says so.
        j = s.ok("GET", "/api/session?since=%d&wait=1" % n)["session"]
        expect_eq(j["cues"], [], "nothing new")
        # Another client's input wakes a waiting one.
        with concurrent.futures.ThreadPoolExecutor(1) as ex:
            fut = ex.submit(s.ok, "GET", "/api/session?since=%d&wait=20" % n)
            time.sleep(0.3)
            s.send("ready")
            j = fut.result(timeout=30)["session"]
        expect(j["cues"], "cues after ready")
        expect_eq(j["cues"][0]["kind"], "intro", "first cue after ready")
        s.send("stop")
        for q in ["since=-1", "since=x", "wait=26", "wait=-1", "foo=1"]:
            error_of(s.get("/api/session?" + q), 400, "bad-request")


@test
def session_inputs_are_checked():
    with Server() as s:
        error_of(s.send("ready", status=409), 409, "no-session")
        s.check(2, "upper")
        s.start(pain=2)
        error_of(s.post("/api/session", {"minutes": 1}), 409,
                 "session-running")
        for body, words in [({}, '"input" is missing'),
                            ({"input": "jump"}, '"input" must be'),
                            ({"input": "interrupt"}, '"input" must be'),
                            ({"input": 3}, '"input" must be text'),
                            ({"input": "pain"}, '"value" is missing'),
                            ({"input": "pain", "value": 11}, '"value"'),
                            ({"input": "pain", "value": "3"}, '"value"'),
                            ({"input": "warning", "value": 4}, '"value"'),
                            ({"input": "pause", "value": 1}, '"value"'),
                            ({"input": "ready", "x": 1}, '"x"')]:
            error_of(s.post("/api/session/input", body), 400, "bad-request",
                     words)
        # The engine's own refusals are 409 with its words.
        error_of(s.send("pause", status=409), 409, "input-refused")
        error_of(s.send("pain", 3, status=409), 409, "input-refused")
        s.send("ready")
        error_of(s.send("ready", status=409), 409, "input-refused")
        error_of(s.send("resume", status=409), 409, "input-refused")
        j = s.send("pause")["session"]
        expect_eq(j["state"]["paused"], True, "paused")
        j = s.send("resume")["session"]
        expect_eq(j["state"]["paused"], False, "resumed")
        s.send("skip")
        s.send("stop")
        error_of(s.send("stop", status=409), 409, "input-refused")
        for body, words in [({"minutes": 0}, '"minutes"'),
                            ({"area": "neck"}, '"area"'),
                            ({"no": "floor"}, '"no"'),
                            ({"no": ["wall"]}, '"no"[0]'),
                            ({"context": "x"}, '"context"'),
                            ({"pain": 11}, '"pain"'),
                            ({"surprise": 1}, '"surprise"')]:
            error_of(s.post("/api/session", body), 400, "bad-request", words)


@test
def sharp_pain_stops_at_once_and_is_recorded():
    with Server() as s:
        s.check(2, "upper")
        s.start(pain=2)
        s.send("ready")
        # Answered at once, before the journal is written: 202.
        j = s.send("warning", 1, status=202)["session"]
        expect_eq(j["state"]["phase"], "stopped", "stopped")
        expect_eq(j["result"]["reason"], "warning", "reason")
        s.written()
        _, out, _ = s.limber("history", "--json")
        ses = json.loads(out)["sessions"][-1]
        expect_eq(ses["state"], "stopped", "journal")
        expect(ses["reason"].startswith("warning: sharp"), ses["reason"])
        # No new session for the rest of the day (docs/safety.md).
        error_of(s.post("/api/session", {"minutes": 1}), 409, "held",
                 "stopped on a warning sign")


@test
def a_warning_is_said_at_once_and_sent_again_safely():
    """The page shows a warning stop's words before the server has the
    warning (warning_advice, the library's words) and may send it again,
    naming its session (serial): only that session takes it."""
    with Server() as s:
        s.check(2, "upper")
        first = s.start(pain=2)
        advice = first["warning_advice"]
        expect(advice.startswith("Stop now.") and
               "local emergency number" in advice, advice)
        s.send("ready")
        # Another session's warning, or one sent again: no effect.
        body = {"input": "warning", "value": 0, "serial": first["serial"] + 1}
        error_of(s.post("/api/session/input", body), 409, "no-session")
        expect_eq(s.ok("GET", "/api/session")["session"]["ended"], False,
                  "still under way")
        for bad in [0, -1, "1", 1.5]:
            error_of(s.post("/api/session/input", {"input": "warning",
                                                   "serial": bad}),
                     400, "bad-request", '"serial"')
        body["serial"] = first["serial"]
        j = s.ok("POST", "/api/session/input", body, status=202)["session"]
        expect_eq(j["result"]["reason"], "warning", "stopped")
        expect_eq(j["state"]["text"], advice, "the same words as the stop")
        r = s.post("/api/session/input", body)
        error_of(r, 409, "input-refused")
        s.written()
        _, out, _ = s.limber("history", "--json")
        sessions = json.loads(out)["sessions"]
        expect_eq([x["state"] for x in sessions], ["stopped"], "one stop")


@test
def a_warning_sent_late_is_recorded_once_and_holds_the_day():
    """POST /api/session/warning: a warning the page kept while it could
    not reach the server. Its session stops on it if still under way;
    once it has ended the journal takes it late (a note, here), and the
    rest of the day is held. Sent again, nothing more."""
    with Server() as s:
        s.check(2, "upper")
        first = s.start(pain=2)
        s.send("ready")
        for body, words in [({}, '"value"'), ({"value": 4}, '"value"'),
                            ({"value": 0, "session": None}, '"session"'),
                            ({"value": 0, "at": -1}, '"at"'),
                            ({"value": 0, "why": 1}, '"why"')]:
            error_of(s.post("/api/session/warning", body), 400,
                     "bad-request", words)
        body = {"value": 0, "serial": first["serial"], "at": 1}
        # Stopped and answered at once; recorded just after (202 until).
        j = s.ok("POST", "/api/session/warning", body, status=202)
        expect_eq(j["recorded"], False, "answered before it is written")
        expect_eq(j["session"]["result"]["reason"], "warning", "stopped")
        s.written()
        expect_eq(s.ok("POST", "/api/session/warning", body),
                  {"recorded": True}, "again: recorded already")
        _, out, _ = s.limber("history", "--json")
        h = json.loads(out)
        expect_eq([x["state"] for x in h["sessions"]], ["stopped"], "one")
        expect_eq(h["notes"], [], "no note")
    with Server() as s:
        # A session stopped by the person before the warning came.
        s.check(2, "upper")
        first = s.start(pain=2)
        jid = s.send("ready")["session"]["journal"]
        s.send("stop")
        expect_eq(s.ok("GET", "/api/check")["held"], None, "not held yet")
        j = s.ok("POST", "/api/session/warning",
                 {"value": 2, "serial": first["serial"] + 5, "session": jid})
        expect_eq(j, {"recorded": True}, "late")
        _, out, _ = s.limber("history", "--json")
        h = json.loads(out)
        expect_eq(h["sessions"][0]["state"], "stopped", "kept")
        expect(h["sessions"][0]["reason"].startswith("user"), h["sessions"])
        expect_eq([n["text"] for n in h["sessions"][0]["notes"]],
                  ["warning: new numbness or tingling"], "kept as a note")
        held = s.ok("GET", "/api/check")["held"]
        expect_eq(held["warning"], True, held)
        expect("(new numbness or tingling)" in held["message"], held)
        error_of(s.post("/api/session", {"minutes": 1}), 409, "held")
        error_of(s.post("/api/mistake", {}), 409, "warning-hold")


@test
def a_mistake_lifts_a_verdicts_hold_and_not_a_warning():
    """POST /api/mistake: the terminal's `limber log --note "that answer
    was a mistake"` from the page (docs/safety.md, "The rest of the
    day")."""
    with Server() as s:
        expect_eq(s.ok("GET", "/api/check")["held"], None, "nothing held")
        error_of(s.post("/api/mistake", {}), 409, "not-held")
        s.check(1, "lower", ["bladder-bowel"])
        held = s.ok("GET", "/api/check")["held"]
        expect_eq(held["level"], "emergency", "level")
        expect_eq(held["warning"], False, "warning")
        expect("gave the verdict emergency" in held["message"], held)
        expect('"that answer was a mistake"' in held["mistake"], held)
        # Changes only from the page itself, with a body of no fields.
        error_of(s.post("/api/mistake", {}, headers={
            "Origin": "http://evil.example"}), 403, "cross-origin")
        error_of(s.post("/api/mistake", {"note": "x"}), 400, "bad-request",
                 '"note"')
        error_of(s.post("/api/mistake", ""), 400, "bad-request")
        expect_eq(s.get("/api/mistake").status, 405, "POST only")
        # At once after the answer: the note still comes after it.
        j = s.ok("POST", "/api/mistake", {})
        expect_eq(j, {"recorded": True, "held": None}, "lifted")
        _, out, _ = s.limber("history", "--json")
        h = json.loads(out)
        expect_eq([n["text"] for n in h["notes"]],
                  ["that answer was a mistake"], "the terminal's note")
        expect(h["notes"][0]["at"] > h["screenings"][0]["at"], h)
        expect_eq(s.ok("GET", "/api/check")["held"], None, "not held")
        s.check(1, "lower")
        expect_eq(s.get("/api/plan").status, 200, "a plan again")
        # A warning stop is what the body did: it stays.
        s.start(pain=1)
        s.send("warning", 1, status=202)
        held = s.ok("GET", "/api/check")["held"]
        expect_eq(held["warning"], True, held)
        expect_eq(held["mistake"], None, "no way out")
        error_of(s.post("/api/mistake", {}), 409, "warning-hold")
        error_of(s.get("/api/plan"), 409, "held", "warning sign")


@test
def questions_say_which_count_with_severe_pain():
    """With severe pain the page asks only the questions marked severe:
    those that can still make the verdict urgent or an emergency. Leaving
    the others out gives the terminal's verdict."""
    with Server() as s:
        j = s.ok("GET", "/api/questions")
        qs = j["questions"]
        severe = {q["id"] for q in qs if q["severe"]}
        expect({q["id"] for q in qs if q["level"] in ("emergency", "urgent")}
               <= severe, severe)
        expect("weight-loss" not in severe and "cancer-history" in severe,
               severe)
        expect(all("sign" in q for q in qs), "sign")
        pain = j["severe_pain"]
        for q in qs:
            if q["severe"]:
                continue
            v = s.check(pain, "both", [q["id"]])["verdict"]["verdict"]
            expect_eq(v, "see-clinician", q["id"])
        _, out, _ = s.limber("check", "--pain", str(pain), "--area", "lower",
                             "--json")
        v = s.check(pain, "lower")["verdict"]
        expect_eq(v, json.loads(out), "the terminal's verdict")


@test
def a_warning_before_ready_is_recorded_and_holds_the_day():
    """docs/safety.md: the warning is journalled in every phase, the
    checklist (prepare) included, on the page as on the terminal."""
    with Server() as s:
        s.check(2, "upper")
        s.start(pain=2)
        j = s.send("warning", 3, status=202)["session"]
        expect_eq(j["state"]["phase"], "stopped", "stopped")
        s.written()
        _, out, _ = s.limber("history", "--json")
        sessions = json.loads(out)["sessions"]
        expect_eq(len(sessions), 1, "recorded")
        expect_eq(sessions[0]["state"], "stopped", "state")
        expect(sessions[0]["reason"].startswith("warning: dizziness"),
               sessions[0]["reason"])
        error_of(s.get("/api/plan"), 409, "held", "(dizziness)")


@test
def pain_rising_stops_the_session():
    with Server() as s:
        s.check(1, "upper")
        s.start()
        s.send("ready")
        s.wait_phase(["checkin"])
        j = s.send("pain", 3)["session"]
        expect_eq(j["state"]["phase"], "stopped", "stopped")
        expect_eq(j["result"]["reason"], "pain-rise", "reason")
        _, out, _ = s.limber("history", "--json")
        ses = json.loads(out)["sessions"][-1]
        expect(ses["reason"].startswith("pain-rise: pain rose from 1 to 3"),
               ses["reason"])


@test
def sigterm_records_a_session_under_way_as_stopped():
    s = Server()
    try:
        s.check(2, "upper")
        s.start(pain=2)
        s.send("ready")
        rc = s.stop(signal.SIGTERM)
        expect_eq(rc, 0, "exit status")
        expect("stopped" in s.out, s.out)
        _, out, _ = s.limber("history", "--json")
        ses = json.loads(out)["sessions"][-1]
        expect_eq(ses["state"], "stopped", "state")
        expect_eq(ses["reason"], "interrupted: ended by the system (SIGTERM)",
                  "reason")
    finally:
        s.close()


@test
def sigint_with_a_waiting_client_shuts_down_cleanly():
    s = Server()
    try:
        s.check(2, "upper")
        ses = s.start(pain=2)
        with concurrent.futures.ThreadPoolExecutor(1) as ex:
            fut = ex.submit(s.get, "/api/session?since=%d&wait=20"
                            % ses["next"])
            time.sleep(0.3)
            rc = s.stop(signal.SIGINT)
            try:
                fut.result(timeout=30)
            except Exception:
                pass    # the connection may close instead of answering
        expect_eq(rc, 0, "exit status")
    finally:
        s.close()


# ---------------------------------------------------------------- journal

@test
def pain_is_logged_and_shown_in_history():
    with Server() as s:
        j = s.ok("POST", "/api/pain", {"value": 3, "area": "lower",
                                       "note": "after gardening"}, status=201)
        expect_eq(j["severe"], False, "severe")
        j = s.ok("POST", "/api/pain", {"value": 8}, status=201)
        expect_eq(j["severe"], True, "severe")
        for body, words in [({}, '"value" is missing'),
                            ({"value": 11}, '"value"'),
                            ({"value": 2, "area": "neck"}, '"area"'),
                            ({"value": 2, "note": ""}, '"note"'),
                            ({"value": 2, "note": "a\nb"}, "control"),
                            ({"value": 2, "note": "x" * 2001}, '"note"'),
                            ({"value": 2, "when": "now"}, '"when"')]:
            error_of(s.post("/api/pain", body), 400, "bad-request", words)
        h = s.ok("GET", "/api/history")
        expect_eq([p["value"] for p in h["scores"]], [3, 8], "scores")
        expect_eq(h["scores"][0]["kind"], "logged", "kind")
        _, out, _ = s.limber("history", "--json")
        expect_eq(json.loads(out)["pain"][0]["note"], "after gardening",
                  "note")


def exported_measures(s):
    """The askings in `limber export`, oldest first: PEG as (pain,
    enjoyment, activity) or None when skipped; PSFS as [(activity,
    score), ...], [] when skipped."""
    rc, out, err = s.limber("export", "--format", "json")
    expect_eq(rc, 0, "export: " + err)
    d = json.loads(out)
    return ([None if p.get("skipped") else
             (p["pain"], p["enjoyment"], p["activity"]) for p in d["peg"]],
            [[] if p.get("skipped") else
             [(a["activity"], a["score"]) for a in p["activities"]]
             for p in d["psfs"]])


@test
def measures_are_due_checked_whole_and_recorded():
    # GET /api/today says which questions on how it is going are due;
    # POST /api/measures takes both askings, checks every field of both
    # before writing either, and names the field at fault.
    with Server() as s:
        m = s.ok("GET", "/api/today")["measures"]
        expect_eq((m["peg"], m["psfs"], m["activities"]), (True, True, []),
                  "a fresh journal")
        peg = {"pain": 3, "enjoyment": 4, "activity": 5}
        for body, words in [
                ({}, '"peg", "psfs" or both'),
                ({"peg": dict(peg, enjoyment=11)}, '"peg.enjoyment" must'),
                ({"peg": {"pain": 3, "activity": 2}},
                 '"peg.enjoyment" is missing'),
                ({"peg": dict(peg, mood=1)}, '"mood"'),
                ({"peg": {"skipped": False}}, '"peg.skipped"'),
                ({"peg": {"skipped": True, "pain": 2}}, '"peg.skipped"'),
                ({"peg": [3, 4, 5]}, '"peg" must'),
                ({"peg": None}, '"peg" must'),
                ({"psfs": []}, '"psfs" must'),
                ({"psfs": [{"activity": k, "score": 1} for k in "abcd"]},
                 '"psfs" must'),
                ({"psfs": [{"activity": "walking", "score": 2},
                           {"activity": "Walking", "score": 3}]},
                 '"psfs[1].activity" is given twice'),
                ({"psfs": [{"activity": "", "score": 2}]},
                 '"psfs[0].activity"'),
                ({"psfs": [{"activity": "x" * 101, "score": 2}]},
                 '"psfs[0].activity"'),
                ({"psfs": [{"activity": "a\u202eb", "score": 2}]},
                 "direction overrides"),
                ({"psfs": [{"activity": "a", "score": "2"}]},
                 '"psfs[0].score" must'),
                ({"psfs": [{"activity": "a"}]}, '"psfs[0].score" is missing'),
                ({"psfs": [{"activity": "a", "score": 1, "when": 2}]},
                 '"when"'),
                ({"psfs": ["walking"]}, '"psfs[0]" must'),
                # A good PEG beside a bad PSFS: neither is written.
                ({"peg": peg, "psfs": [{"activity": "a", "score": 12}]},
                 '"psfs[0].score"'),
                ({"peg": peg, "mood": 3}, '"mood"')]:
            error_of(s.post("/api/measures", body), 400, "bad-request", words)
        expect_eq(exported_measures(s), ([], []), "nothing written")
        expect_eq(s.ok("GET", "/api/today")["measures"], m, "still due")

        r = s.ok("POST", "/api/measures", {"peg": peg, "psfs": [
            {"activity": "putting on socks", "score": 4},
            {"activity": "gardening", "score": 6}]}, status=201)
        expect_eq(r["recorded"], {"peg": True, "psfs": True}, "recorded")
        due = r["due"]
        expect_eq((due["peg"], due["psfs"], due["activities"]),
                  (False, False, ["putting on socks", "gardening"]), "due")
        expect_eq(s.ok("GET", "/api/today")["measures"], due, "today")
        # Skips are askings too; the activities to score again stay those
        # of the last answered asking.
        r = s.ok("POST", "/api/measures", {"peg": {"skipped": True},
                                           "psfs": {"skipped": True}},
                 status=201)
        expect_eq(r["due"]["activities"], ["putting on socks", "gardening"],
                  "after a skip")
        r = s.ok("POST", "/api/measures", {"peg": {"pain": 0, "enjoyment": 10,
                                                   "activity": 0}},
                 status=201)
        expect_eq(r["recorded"], {"peg": True, "psfs": False}, "PEG alone")
        expect_eq(exported_measures(s),
                  ([(3, 4, 5), None, (0, 10, 0)],
                   [[("putting on socks", 4), ("gardening", 6)], []]),
                  "the journal")
        # A session under way: the session alone, as for the check.
        s.check()
        s.start()
        expect_eq(s.ok("GET", "/api/today")["measures"], None, "in a session")


@test
def history_and_stats_check_their_parameters():
    with Server() as s:
        h = s.ok("GET", "/api/history?days=7")
        expect_eq((h["days"], h["sessions"], h["scores"]), (7, [], []), "empty")
        st = s.ok("GET", "/api/stats")
        expect_eq(st["sessions"], 0, "no sessions")
        for q in ["days=0", "days=x", "days=99999", "since=2024-01-01"]:
            error_of(s.get("/api/history?" + q), 400, "bad-request")
        error_of(s.get("/api/stats?x=1"), 400, "bad-request")


# ---------------------------------------------------------------- voice

CUE_KINDS = {"checklist", "intro", "step", "hold-start", "countdown",
             "hold-end", "switch", "rest", "next", "checkin", "paused",
             "resumed", "skipped", "stretch-done", "pain", "stopped", "done"}
SILENT_KINDS = {"pain", "stretch-done"}


def wav_of(r, what):
    """Check a WAV answer's header; return its number of samples."""
    expect_eq(r.status, 200, "%s: %s" % (what, r.body[:200]))
    expect_eq(r.header("Content-Type"), "audio/wav", what)
    b = r.body
    expect(b[:4] == b"RIFF" and b[8:16] == b"WAVEfmt ", "%s: %r" % (what, b[:16]))
    riff, = struct.unpack("<I", b[4:8])
    fmt, ch, rate, bps, align, bits = struct.unpack("<HHIIHH", b[20:36])
    expect_eq((riff, fmt, ch, bits, align, bps),
              (len(b) - 8, 1, 1, 16, 2, rate * 2), what + " header")
    expect(b[36:40] == b"data", what)
    n, = struct.unpack("<I", b[40:44])
    expect_eq(n, len(b) - 44, what + " data size")
    return n // 2


def speak_every_cue(s, serial):
    """GET /api/voice for every cue of the current session: a WAV for
    each spoken one, 204 for the rest. Returns the kinds seen."""
    cues = s.ok("GET", "/api/session?since=0")["session"]["cues"]
    for i, c in enumerate(cues):
        r = s.get("/api/voice?serial=%d&cue=%d" % (serial, i))
        if c["kind"] in SILENT_KINDS:
            expect_eq((r.status, r.body), (204, b""), c["kind"])
        else:
            n = wav_of(r, "%s %r" % (c["kind"], c["text"]))
            expect(n > 2000, "%s: %d samples" % (c["kind"], n))
    return {c["kind"] for c in cues}


@test
def voice_route_answers_for_every_cue_kind():
    if "voice (espeak-ng)" not in subprocess.run(
            [LIMBER, "--version"], capture_output=True, text=True).stdout:
        harness.skip("this limber was built without espeak-ng")
    with Server(hold=4) as s:
        # One session through to its end, skipping every stretch: neck
        # rolls alone, so that few rests stand between it and its end.
        s.check(2, "upper")
        first = s.start(pain=2, minutes=1)
        s.send("ready")
        since = 0
        while True:
            st = s.ok("GET", "/api/session?since=%d&wait=5" % since)["session"]
            since = st["next"]
            if st["state"]["phase"] == "done":
                break
            if st["state"]["phase"] in ("intro", "checkin") and st["cues"]:
                s.send("skip")
        seen = speak_every_cue(s, first["serial"])
        s.check(2, "both")
        # Another, for the rest: a pause in the first hold, a score at the
        # first check-in, the first two-sided stretch (its switch) in full,
        # every other stretch skipped, and a stop at the end.
        second = s.start(pain=2, minutes=2)
        s.send("ready")
        acted, since, switched = set(), 0, False
        while True:
            st = s.ok("GET", "/api/session?since=%d&wait=5" % since)["session"]
            since = st["next"]
            new = [c["kind"] for c in st["cues"]]
            switched = switched or "switch" in new
            ph = st["state"]["phase"]
            if ph in ("done", "stopped"):
                break
            if ph == "hold" and "hold-start" in new and "pause" not in acted:
                s.send("pause")
                s.send("resume")
                acted.add("pause")
            elif ph == "checkin" and "checkin" in new and switched:
                s.send("stop")
            elif ph == "checkin" and "checkin" in new:
                s.send("pain", 2) if "pain" not in acted else s.send("skip")
                acted.add("pain")
            elif ph == "intro" and "intro" in new and "pause" in acted and \
                    st["state"]["sides"] == 1:
                s.send("skip")
        seen |= speak_every_cue(s, second["serial"])
        expect_eq(seen, CUE_KINDS, "every kind of cue came")
        # Only the current session's cues can be spoken.
        error_of(s.get("/api/voice?serial=%d&cue=0" % first["serial"]), 404,
                 "no-cue")
        r = s.get("/api/voice?sample=1")
        expect(wav_of(r, "sample") > 10000, "the sample is a sentence")
        for q in ["", "serial=2", "cue=0", "serial=0&cue=0", "serial=2&cue=-1",
                  "serial=x&cue=0", "serial=2&cue=0&text=hello"]:
            error_of(s.get("/api/voice?" + q), 400, "bad-request")
        error_of(s.get("/api/voice?serial=2&cue=9999"), 404, "no-cue")
        error_of(s.get("/api/voice?sample=1", headers={
            "Host": "evil.example"}), 403, "bad-host")
        expect_eq(s.request("POST", "/api/voice?sample=1").status, 405,
                  "GET only")


@test
def voice_route_needs_the_token_on_the_lan():
    with Server("--lan") as s:
        error_of(s.get("/api/voice?sample=1", headers={"_no_token": "1"}),
                 401, "token-required")
        r = s.get("/api/voice?sample=1")
        expect(r.status in (200, 503), r.status)


@test
def a_paced_sessions_clips_each_end_before_the_next_cue():
    """The page's voice (POST /api/session's "voice"): the server paces the
    session by its own sound at the page's rate, so that each cue's clip
    (GET /api/voice, at that rate) ends before the next spoken cue is due,
    and the page can play them one after another, none cut, none late.
    The page's Slower, Normal and Faster are 140, 175 and 210 words a
    minute (web/ui/session.js)."""
    if "voice (espeak-ng)" not in subprocess.run(
            [LIMBER, "--version"], capture_output=True, text=True).stdout:
        harness.skip("this limber was built without espeak-ng")
    with Server(hold=12) as s:
        for bad in ({"rate": 20}, {"rate": "fast"}, "fast", {"rate": 175,
                                                             "pitch": 1}):
            s.check(2, "upper")
            error_of(s.post("/api/session", {"minutes": 1, "voice": bad}),
                     400, "bad-request", "voice")
        lengths = {}
        for rate in (140, 175, 210):
            s.check(2, "upper")
            st = s.start(pain=2, minutes=1, voice={"rate": rate})
            expect_eq(st["voice"], {"rate": rate}, "the session's voice")
            s.send("ready")
            since = 0
            while True:
                v = s.ok("GET", "/api/session?since=%d&wait=5" % since)
                v = v["session"]
                since = v["next"]
                if v["ended"]:
                    break
                if v["state"]["phase"] == "checkin":
                    s.send("pain", 2)
            cues = s.ok("GET", "/api/session?since=0")["session"]["cues"]
            spoken = []
            for i, c in enumerate(cues):
                if c["kind"] in SILENT_KINDS:
                    continue
                r = s.get("/api/voice?serial=%d&cue=%d" % (v["serial"], i))
                n = wav_of(r, "%s %r" % (c["kind"], c["text"]))
                sr, = struct.unpack("<I", r.body[24:28])
                spoken.append((c, n * 1000.0 / sr))
            expect(sum(1 for c, _ in spoken if c["kind"] == "countdown") >=
                   6, "rate %d: counts" % rate)
            expect(spoken[0][0]["kind"] == "checklist", "the checklist first")
            # espeak-ng's sound for the same words can differ by some tens
            # of ms from one synthesis to the next (47 ms measured on the
            # stop rules), when the cache no longer holds the one measured.
            for (a, ms), (b, _) in zip(spoken, spoken[1:]):
                expect(a["at_ms"] + ms <= b["at_ms"] + 100, "rate %d: %s %r "
                       "(%.0f ms from %d) runs past %s at %d ms" %
                       (rate, a["kind"], a["text"][:30], ms, a["at_ms"],
                        b["kind"], b["at_ms"]))
            total = v["state"]["total_ms"]
            lengths[rate] = total
        # A slower voice, a longer session.
        expect(lengths[140] > lengths[175] > lengths[210], lengths)
        # "Try the voice", at the rate Settings chose.
        slow = wav_of(s.get("/api/voice?sample=1&rate=80"), "slow")
        fast = wav_of(s.get("/api/voice?sample=1&rate=450"), "fast")
        expect(slow > 2 * fast, "%d and %d samples" % (slow, fast))
        error_of(s.get("/api/voice?sample=1&rate=20"), 400, "bad-request")
        # In the language lang= names, as Accept-Language would: German
        # words take another length than the English.
        tags = [l["tag"] for l in s.ok("GET", "/api/info")["languages"]]
        if "de" in tags:
            en = s.get("/api/voice?sample=1")
            de = s.get("/api/voice?sample=1&lang=de-DE")
            byhead = s.get("/api/voice?sample=1",
                           headers={"Accept-Language": "de"})
            expect_eq((de.status, byhead.status), (200, 200), "German")
            expect(de.body != en.body, "lang=de-DE spoke the English")
            expect_eq(de.body, byhead.body, "lang= as Accept-Language")
            # Unknown or empty: English, as for the header.
            expect_eq(s.get("/api/voice?sample=1&lang=tlh").body, en.body,
                      "lang=tlh")


@test
def what_comes_next_is_given_and_made_ahead():
    """A paced session says what comes next ("coming"); GET /api/voice
    makes each one's sound ahead (coming=K, while the session has made
    next= cues), and it is what the cue says once it comes: the page
    fetches and decodes it while the phase runs (docs/voice.md)."""
    if "voice (espeak-ng)" not in subprocess.run(
            [LIMBER, "--version"], capture_output=True, text=True).stdout:
        harness.skip("this limber was built without espeak-ng")
    with Server(hold=4) as s:
        # Without the page's voice, nothing is made ahead.
        s.check(2, "upper")
        st = s.start(pain=2, minutes=1)
        expect("coming" not in st, "no coming without a voice")
        s.send("stop")
        s.check(2, "upper")
        st = s.start(pain=2, minutes=1, voice={"rate": 175})
        serial = st["serial"]
        # In PREPARE: what READY brings, the first stretch's introduction.
        expect_eq([c["kind"] for c in st["coming"]], ["intro"], "prepare")
        made = 0
        since = st["next"]
        s.send("ready")
        for _ in range(200):
            v = s.ok("GET", "/api/session?since=%d" % since)["session"]
            if v["ended"]:
                break
            ahead, moved = {}, False
            for k, c in enumerate(v["coming"]):
                r = s.get("/api/voice?serial=%d&next=%d&coming=%d" %
                          (serial, v["next"], k))
                # The phase ended while its clips were asked for (a busy
                # machine; the server says 204, nothing to make ahead):
                # look again from where the session is.
                if r.status == 204 and c["kind"] not in SILENT_KINDS:
                    moved = True
                    break
                if c["kind"] in SILENT_KINDS:
                    expect_eq((r.status, r.body), (204, b""), c["kind"])
                else:
                    ahead[(c["kind"], c["text"])] = wav_of(r, c["text"])
                    made += 1
            if moved:
                since = v["next"]
                continue
            r = s.get("/api/voice?serial=%d&next=%d&coming=%d" % (
                serial, v["next"], len(v["coming"])))
            if r.status != 204:
                error_of(r, 404, "no-cue")
            # What then comes is what was made ahead, as long.
            since = v["next"]
            if v["state"]["phase"] == "checkin":
                s.send("pain", 2)
            w = s.ok("GET", "/api/session?since=%d&wait=10" % since)
            w = w["session"]
            for i, c in enumerate(w["cues"]):
                if c["kind"] in SILENT_KINDS:
                    continue
                key = (c["kind"], c["text"])
                expect(key in ahead, "%r came, not made ahead (%r)" % (
                    key, list(ahead)))
                n = wav_of(s.get("/api/voice?serial=%d&cue=%d" % (
                    serial, since + i)), c["text"])
                expect(abs(n - ahead[key]) < 2205, "%r: %d and %d samples"
                       % (key, n, ahead[key]))
            # Once the session has moved on, a clip asked for from where
            # it was is not made from what comes now: 204, no sound.
            if w["next"] != since:
                r = s.get("/api/voice?serial=%d&next=%d&coming=0" % (
                    serial, since))
                expect_eq((r.status, r.body), (204, b""), "moved on")
            since = w["next"]
        expect(v["ended"], "the session ended")
        expect(made >= 10, "%d clips made ahead" % made)
        for q in ["serial=%d&coming=0" % serial,
                  "serial=%d&next=1" % serial,
                  "serial=%d&cue=0&next=1&coming=0" % serial,
                  "serial=%d&next=-1&coming=0" % serial]:
            error_of(s.get("/api/voice?" + q), 400, "bad-request")


# ---------------------------------------------------------------- --lan's HTTPS

def tls_files(s):
    """The folder of --lan's certificates (web/tls.h) and its files."""
    folder = os.path.dirname(s.ca)
    return folder, {n: os.path.join(folder, n) for n in
                    ("ca.key", "ca.crt", "server.key", "server.crt")}


def fingerprint(pem_path):
    """SHA-256 of a PEM certificate's DER, as limber prints it."""
    with open(pem_path) as f:
        der = ssl.PEM_cert_to_DER_cert(f.read())
    return ":".join("%02X" % b for b in hashlib.sha256(der).digest())


def plain_exchange(port, data, timeout=20):
    """data sent on a plain TCP connection; all read back until the
    server closes it."""
    out = b""
    with socket.create_connection(("127.0.0.1", port), timeout) as c:
        c.sendall(data)
        while True:
            b = c.recv(65536)
            if not b:
                return out
            out += b


@test
def lan_is_https_under_limbers_own_authority():
    # Issue 19: over --lan the page was no secure context, so a phone
    # gave it no wake lock. Server.request() trusts only the authority's
    # file and checks the name 127.0.0.1 against the certificate.
    with Server("--lan") as s:
        expect(s.https, "no https:// address printed: " + s.out)
        folder, f = tls_files(s)
        expect_eq(oct(os.stat(folder).st_mode & 0o777), "0o700", folder)
        for name, mode in (("ca.key", 0o600), ("server.key", 0o600),
                           ("ca.crt", 0o644), ("server.crt", 0o644)):
            expect_eq(oct(os.stat(f[name]).st_mode & 0o777), oct(mode), name)
        info = s.ok("GET", "/api/info")
        expect_eq(info["lan"], True, "lan")
        # The chain: the certificate served is server.crt, for 127.0.0.1.
        ctx = s.tls()
        with socket.create_connection(("127.0.0.1", s.port), 20) as c:
            with ctx.wrap_socket(c, server_hostname="127.0.0.1") as t:
                served = t.getpeercert(binary_form=True)
                names = t.getpeercert()["subjectAltName"]
        with open(f["server.crt"]) as fh:
            expect_eq(served, ssl.PEM_cert_to_DER_cert(fh.read()),
                      "served certificate")
        expect(("IP Address", "127.0.0.1") in names, names)
        # A client that trusts only the usual authorities refuses it.
        try:
            conn = http.client.HTTPSConnection(
                "127.0.0.1", s.port, timeout=20,
                context=ssl.create_default_context())
            conn.request("GET", "/api/info")
            expect(False, "a client without limber's authority was served")
        except ssl.SSLCertVerificationError:
            pass
        # The fingerprint printed, and carried by the address's #ca=.
        fp = fingerprint(f["ca.crt"])
        expect(fp in s.out, "fingerprint %s not in %r" % (fp, s.out))
        expect("#ca=" + fp.replace(":", "") in s.out, s.out)
        expect("It is new" in s.out, s.out)
        expect("Android" in s.out and "iPhone" in s.out, s.out)
        # The authority, without the token: a phone fetches it first.
        r = s.get("/limber-ca.crt", headers={"_no_token": "1"})
        expect_eq(r.status, 200, "GET /limber-ca.crt")
        expect_eq(r.header("Content-Type"), "application/x-x509-ca-cert",
                  "type")
        with open(f["ca.crt"], "rb") as fh:
            expect_eq(r.body, fh.read(), "the authority's certificate")
        # Only the authority goes without the token.
        error_of(s.get("/api/info", headers={"_no_token": "1"}), 401)
        # The pairing address's cookie is kept to HTTPS.
        r = s.get("/?token=" + s.token, headers={"_no_token": "1"})
        expect("; Secure" in (r.header("Set-Cookie") or ""),
               r.header("Set-Cookie"))
        # Changes come from the page's own https:// origin.
        expect_eq(s.post("/api/check", {"pain": 2, "area": "upper"}).status,
                  200, "POST from https://")
        error_of(s.post("/api/check", {"pain": 2, "area": "upper"},
                        headers={"Origin": "http://" + s.host}),
                 403, "cross-origin")
        # Plain HTTP to the port: a plain answer that says so, then closed.
        out = plain_exchange(s.port, b"GET /api/info HTTP/1.1\r\nHost: " +
                           s.host.encode() + b"\r\n\r\n")
        expect(out.startswith(b"HTTP/1.1 400 "), out[:200])
        expect(b"https://" in out, out)
        n = int(re.search(rb"Content-Length: (\d+)", out).group(1))
        expect_eq(len(out.split(b"\r\n\r\n", 1)[1]), n, "body length")
        # ...and the server goes on.
        expect_eq(s.get("/api/info").status, 200, "after plain HTTP")


@test
def lan_keeps_its_authority_from_one_start_to_the_next():
    with Server("--lan") as s:
        s.stop()
        folder, f = tls_files(s)

        def read(name):
            with open(f[name], "rb") as fh:
                return fh.read()
        before = {n: read(n) for n in f}
        fp = fingerprint(f["ca.crt"])
        _, _, out, err = serve_in(s, "--lan")
        expect(fp in out and "It is new" not in out, out)
        expect_eq({n: read(n) for n in f}, before, "the same files")
        # A server key that cannot be read is made again: the authority
        # stays, so a phone that trusts it goes on trusting it.
        with open(f["server.key"], "w") as fh:
            fh.write("not a key\n")
        _, _, out, err = serve_in(s, "--lan")
        expect(fp in out and "It is new" not in out, out + err)
        expect_eq(read("ca.crt"), before["ca.crt"], "the same authority")
        expect(read("server.key") != b"not a key\n", "server key made again")
        expect_eq(oct(os.stat(f["server.key"]).st_mode & 0o777), "0o600",
                  "server.key")
        # A certificate that does not name this computer's addresses (a
        # new network), or that ends within 30 days, is made again.
        for days, san in ((300, "IP:10.9.9.9"),
                          (10, "IP:127.0.0.1,DNS:localhost")):
            ext = os.path.join(s.dir, "ext.cnf")
            with open(ext, "w") as fh:
                fh.write("subjectAltName=%s\nbasicConstraints=CA:FALSE\n"
                         "extendedKeyUsage=serverAuth\n" % san)
            csr = os.path.join(s.dir, "req.csr")
            subprocess.run(["openssl", "req", "-new", "-key", f["server.key"],
                            "-subj", "/CN=old", "-out", csr], check=True,
                           capture_output=True)
            subprocess.run(["openssl", "x509", "-req", "-in", csr, "-CA",
                            f["ca.crt"], "-CAkey", f["ca.key"], "-days",
                            str(days), "-extfile", ext, "-out",
                            f["server.crt"]], check=True, capture_output=True)
            old = read("server.crt")
            _, _, out, err = serve_in(s, "--lan")
            expect(read("server.crt") != old, "%s: not made again" % san)
            expect_eq(read("ca.crt"), before["ca.crt"], "the same authority")
        # The authority vouches for private addresses and .local alone:
        # a certificate it signed for anything else does not verify.
        for san in ("DNS:example.com", "IP:203.0.113.9", "DNS:vm.local"):
            with open(ext, "w") as fh:
                fh.write("subjectAltName=%s\n" % san)
            cert = os.path.join(s.dir, "other.crt")
            subprocess.run(["openssl", "x509", "-req", "-in", csr, "-CA",
                            f["ca.crt"], "-CAkey", f["ca.key"], "-days", "30",
                            "-extfile", ext, "-out", cert], check=True,
                           capture_output=True)
            v = subprocess.run(["openssl", "verify", "-CAfile", f["ca.crt"],
                                cert], capture_output=True, text=True)
            if san.endswith(".local"):
                expect_eq(v.returncode, 0, san + ": " + v.stdout + v.stderr)
            else:
                expect(v.returncode != 0 and "subtree" in v.stdout + v.stderr,
                       san + ": " + v.stdout + v.stderr)


@test
def lan_with_a_damaged_authority_says_which_file():
    with Server("--lan") as s:
        s.stop()
        _, f = tls_files(s)
        with open(f["ca.key"]) as fh:
            key = fh.read()
        with open(f["ca.crt"]) as fh:
            crt = fh.read()

        def refused(what, *words):
            rc, out, err = s.run("serve", "--lan", "--port", "0",
                                 timeout=30)
            expect_eq(rc, 1, "%s: exit status (stderr %r)" % (what, err))
            for w in words:
                expect(w in err, "%s: %r not in %r" % (what, w, err))
            expect("AddressSanitizer" not in err, err)
        with open(f["ca.key"], "w") as fh:
            fh.write(key[:len(key) // 2])
        refused("half a key", f["ca.key"], "private key")
        with open(f["ca.key"], "wb") as fh:
            fh.write(os.urandom(300))
        refused("noise", f["ca.key"], "private key")
        with open(f["ca.key"], "w") as fh:
            fh.write(key)
        os.chmod(f["ca.key"], 0o644)
        refused("readable by others", f["ca.key"], "other accounts")
        os.chmod(f["ca.key"], 0o600)
        with open(f["ca.crt"], "w") as fh:
            fh.write(crt.replace("A", "B"))
        refused("damaged certificate", f["ca.crt"])
        os.unlink(f["ca.crt"])
        refused("the key alone", f["ca.crt"])
        os.chmod(f["ca.key"], 0)
        if os.geteuid() != 0:
            refused("unreadable", f["ca.key"])
        os.chmod(f["ca.key"], 0o600)
        with open(f["ca.crt"], "w") as fh:
            fh.write(crt)
        _, _, out, err = serve_in(s, "--lan")
        expect(fingerprint(f["ca.crt"]) in out, "mended: " + out + err)


@test
def only_lan_maps_openssl():
    """OpenSSL is limber-tls.so's, loaded for --lan alone: loopback's
    server and `limber plan` map no TLS library (web/tls.h)."""
    tls = r"libssl|libcrypto|limber-tls\.so"
    with Server() as s:
        expect_eq(maps_any(mapped(s.proc.pid), tls), [], "loopback")
        env = s.env(LD_DEBUG="files")
        rc, out, err = s.run("plan", "--json", env=env)
        expect_eq(rc, 0, "limber plan: " + err)
        opened = re.findall(r"file=(\S+)", err)
        expect(opened, "LD_DEBUG said nothing")
        expect_eq([o for o in opened if re.search(tls, o)], [], "plan")
    with Server("--lan") as s:
        expect(maps_any(mapped(s.proc.pid), r"limber-tls\.so$"),
               "--lan without limber-tls.so")


def mapped(pid):
    """The files a process maps, from /proc/PID/maps."""
    with open("/proc/%d/maps" % pid) as f:
        return {line.split()[5] for line in f if len(line.split()) > 5}


def maps_any(files, pattern):
    return sorted(f for f in files if re.search(pattern, f))


@test
def serve_maps_drawing_and_voice_only_when_asked_for():
    """An idle server has loaded the web module and nothing that draws
    with cairo or speaks; a figure (SVG) needs neither; the first voice
    clip loads the voice module and espeak-ng (util/module.h)."""
    cairo_or_voice = r"libcairo|libpango|libespeak|libasound|libsndfile|" \
        r"limber-(draw|voice)\.so"
    with Server() as s:
        files = mapped(s.proc.pid)
        expect(maps_any(files, r"limber-web\.so$"), "no web module mapped")
        expect_eq(maps_any(files, cairo_or_voice), [], "idle server maps")
        s.ok("GET", "/api/info")
        r = s.get("/api/stretches/childs-pose/figure?step=0")
        expect(r.status in (200, 404), r.status)
        expect_eq(maps_any(mapped(s.proc.pid), cairo_or_voice), [],
                  "after a figure")
        r = s.get("/api/voice?sample=1")
        if r.status == 503:
            harness.skip("no voice here: " + r.body.decode()[:200])
        expect_eq(r.status, 200, r.body[:300])
        files = mapped(s.proc.pid)
        expect(maps_any(files, r"limber-voice\.so$"), "no voice module")
        expect(maps_any(files, r"libespeak-ng"), "no espeak-ng")
        expect_eq(maps_any(files, r"libcairo|libpango|limber-draw\.so"), [],
                  "the voice maps no cairo")


@test
def favicon_ico_is_the_pages_icon():
    """Browsers ask for /favicon.ico whatever the page names: it answers
    with the page's icon, typed as what it is."""
    with Server() as s:
        icon = s.get("/icon.svg")
        expect_eq(icon.status, 200, "/icon.svg")
        r = s.get("/favicon.ico")
        expect_eq(r.status, 200, "/favicon.ico: %r" % r.body[:200])
        expect_eq(r.header("Content-Type"), "image/svg+xml", "type")
        expect(r.body.lstrip().startswith(b"<svg"), r.body[:100])
        expect_eq(r.body, icon.body, "the same icon")


def png_size(body):
    """A PNG's width and height, from its IHDR chunk."""
    expect(body[:8] == b"\x89PNG\r\n\x1a\n", body[:16])
    expect_eq(body[12:16], b"IHDR", "the first chunk")
    return struct.unpack(">II", body[16:24])


@test
def the_page_is_installable_with_a_manifest_icons_and_a_worker():
    """Issue 19: a web app manifest, PNG icons drawn as limber is built
    and a service worker, served like the page: with the token, through
    the Host check, never cached by the browser without asking."""
    with Server() as s:
        page = s.get("/").body.decode()
        link = re.search(r'<link rel="manifest" href="([^"]+)"'
                         r' crossorigin="use-credentials">', page)
        expect(link, "the page links its manifest, sent with the cookie")
        r = s.get(link.group(1))
        expect_eq(r.status, 200, link.group(1))
        expect_eq(r.header("Content-Type"), "application/manifest+json",
                  "the manifest's type")
        m = r.json()
        for key in ["name", "short_name", "start_url", "scope", "display",
                    "theme_color", "background_color", "icons"]:
            expect(m.get(key), "the manifest's %s: %r" % (key, m))
        expect_eq(m["display"], "standalone", "display")
        # No token in it: the cookie opens the page (docs/api.md).
        expect_eq((m["start_url"], m["scope"]), ("/", "/"), "start and scope")
        expect(s.token not in r.body.decode(), "no token in the manifest")
        sizes = {}
        for icon in m["icons"]:
            r = s.get(icon["src"])
            expect_eq(r.status, 200, icon["src"])
            expect_eq(r.header("Content-Type"), icon["type"], icon["src"])
            if icon["type"] == "image/png":
                w, h = png_size(r.body)
                expect_eq("%dx%d" % (w, h), icon["sizes"], icon["src"])
                sizes.setdefault(icon["purpose"], set()).add(w)
        expect({192, 512} <= sizes.get("any", set()), sizes)
        expect(512 in sizes.get("maskable", set()), sizes)
        # The worker: a script, at the root so that it covers the page.
        r = s.get("/sw.js")
        expect_eq(r.status, 200, "/sw.js")
        expect(r.header("Content-Type").startswith("text/javascript"),
               r.headers)
        expect_eq(r.header("Cache-Control"), "no-cache", "the worker's cache")
        worker = r.body.decode()
        expect("@VERSION@" not in worker and "@SHELL@" not in worker,
               "filled in as limber is built")
        version = re.search(r'const VERSION = "([0-9a-f]{16})";', worker)
        expect(version, worker[:400])
        shell = json.loads(re.search(r"const SHELL = (\[[^\]]*\]);",
                                     worker).group(1))
        for path in ["/", "/app.js", "/session.js", "/offline.js",
                     "/style.css", "/icon-192.png", link.group(1)]:
            expect(path in shell, "%s in the shell %r" % (path, shell))
        # The cache's name follows every file of the page as served (the
        # page at / is index.html): a limber whose page changed brings a
        # new worker and a new cache.
        digest = hashlib.sha256()
        for name in sorted([p[1:] for p in shell if p != "/"] +
                           ["index.html"]):
            r = s.get("/" + name)
            expect_eq(r.status, 200, name)
            digest.update(name.encode() + b"\0" + r.body + b"\0")
        expect_eq(version.group(1), digest.hexdigest()[:16],
                  "the cache's name, from the files served")
        for path in shell:
            expect(not path.startswith("/api/"), shell)
            expect_eq(s.get(path).status, 200, path)
        plain = {"_no_token": "1"}
        for path in [link.group(1), "/sw.js", "/icon-192.png"]:
            # Without the token: nothing, as for the page's other files.
            error_of(s.get(path, headers=plain), 401, "token-required")
            error_of(s.get(path, headers={"Host": "evil.example:%d" %
                                          s.port}), 403, "bad-host")
    # --lan: any Host (the phone names the computer's address), the
    # cookie the pairing address set.
    with Server("--lan") as s:
        plain = {"_no_token": "1"}
        jar = s.get("/?token=" + s.token, headers=plain).header(
            "Set-Cookie").split(";")[0]
        other = dict(plain, Cookie=jar, Host="192.0.2.7:%d" % s.port)
        for path in ["/limber.webmanifest", "/sw.js", "/icon-512.png"]:
            expect_eq(s.get(path, headers=other).status, 200, path)
            error_of(s.get(path, headers=plain), 401, "token-required")
        m = s.get("/limber.webmanifest", headers=other).json()
        expect_eq(m["start_url"], "/", "the same manifest over --lan")


if __name__ == "__main__":
    sys.exit(harness.main("api"))
