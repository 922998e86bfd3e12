#!/usr/bin/env python3
"""abuse.py - `limber serve` answering while it is abused: figures only.

On loopback: the time to answer GET /api/info on a new connection (median
and 99th percentile of 200) with no other clients, then with 500 and 1500
slow clients holding half-sent headers open; requests per second of one
keep-alive client while 4 threads post malformed JSON as fast as they
can; the server's resident memory idle and with 1500 slow clients.
docs/reliability.md keeps what was seen.

usage: bench/abuse.py PATH-TO-LIMBER
"""
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

LIMBER = os.path.abspath(sys.argv[1])
# The token the server prints; every request carries it.
AUTH = {}


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def latencies(port, host, n=200):
    out = []
    for _ in range(n):
        t = time.perf_counter()
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        c.request("GET", "/api/info", headers=dict(AUTH, Host=host))
        r = c.getresponse()
        r.read()
        c.close()
        if r.status != 200:
            raise SystemExit("status %d" % r.status)
        out.append((time.perf_counter() - t) * 1000)
    out.sort()
    return statistics.median(out), out[int(len(out) * 0.99) - 1]


def slow(port, host, n):
    socks = []
    for _ in range(n):
        c = socket.create_connection(("127.0.0.1", port), 10)
        c.sendall(b"GET /api/info HTTP/1.1\r\nHost: " + host.encode() +
                  b"\r\nX-Slow: ")
        socks.append(c)
    return socks


def main():
    home = tempfile.mkdtemp(prefix="limber-abuse-")
    env = dict(os.environ, HOME=home, XDG_DATA_HOME=home + "/data",
               LIMBER_JOURNAL=home + "/journal.db")
    p = subprocess.Popen([LIMBER, "serve", "--port", "0"], env=env,
                         stdout=subprocess.PIPE, text=True)
    try:
        m = None
        while m is None:
            line = p.stdout.readline()
            if not line:
                raise SystemExit("no address printed")
            m = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=(\w+)", line)
        port = int(m.group(1))
        AUTH["X-Limber-Token"] = m.group(2)
        host = "127.0.0.1:%d" % port
        latencies(port, host, 20)
        print("idle: %d kB resident" % rss_kb(p.pid))
        med, p99 = latencies(port, host)
        print("GET /api/info, new connection each: median %.2f ms, "
              "p99 %.2f ms" % (med, p99))
        for n in (500, 1500):
            socks = slow(port, host, n)
            med, p99 = latencies(port, host)
            print("with %d slow clients open: median %.2f ms, p99 %.2f ms, "
                  "%d kB resident" % (n, med, p99, rss_kb(p.pid)))
            for c in socks:
                c.close()
        time.sleep(1)

        stop = threading.Event()
        bad = [0]

        def flood():
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while not stop.is_set():
                c.request("POST", "/api/pain", body='{"value": ',
                          headers=dict(AUTH, Host=host,
                                       Origin="http://" + host,
                                       **{"Content-Type": "application/json"}))
                c.getresponse().read()
                bad[0] += 1
            c.close()

        threads = [threading.Thread(target=flood) for _ in range(4)]
        for t in threads:
            t.start()
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < 5:
            c.request("GET", "/api/info", headers=dict(AUTH, Host=host))
            c.getresponse().read()
            n += 1
        el = time.perf_counter() - t0
        stop.set()
        for t in threads:
            t.join()
        print("one keep-alive client: %.0f requests/s while 4 others sent "
              "%.0f malformed bodies/s" % (n / el, bad[0] / el))
        print("after: %d kB resident" % rss_kb(p.pid))
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(30)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
