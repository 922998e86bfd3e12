#!/bin/sh
# web.sh - `limber serve` under load: figures, never pass or fail.
#
# wrk on loopback against the page (GET /) and the plan (GET /api/plan),
# beside nginx serving the very same bytes of the page, and the server's
# resident memory when idle, after the load, and at its peak. The aims
# (docs/api.md, "Performance"): at least half of nginx's requests per
# second for the page, a 99th percentile under 5 ms for /api/plan on 2
# cores, and under 10 MB resident.
#
# Everything runs on this machine's loopback address, for a bounded time.
# usage: bench/web.sh [PATH-TO-LIMBER]   (default: a release build in
# build-bench/); SECONDS_EACH (default 10) sets each run's length.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh bench

limber=${1:-}
if [ -z "$limber" ]; then
	[ -f build-bench/build.ninja ] ||
	    meson setup build-bench --buildtype=release >&2
	ninja -C build-bench programs >build-bench/ninja.log 2>&1 ||
	    { cat build-bench/ninja.log; exit 1; }
	limber=build-bench/cli/limber
fi
secs=${SECONDS_EACH:-10}
dir=$(mktemp -d)
pid=""
ngx=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	[ -n "$ngx" ] && kill "$ngx" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

export HOME="$dir/home" XDG_DATA_HOME="$dir/home/data"
mkdir -p "$HOME"
"$limber" serve --port 0 >"$dir/serve.out" 2>&1 &
pid=$!
port=""
for _ in $(seq 50); do
	port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/?token=.*|\1|p' "$dir/serve.out")
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { cat "$dir/serve.out"; exit 1; }
url=http://127.0.0.1:$port
# Every request carries the token, as the page's cookie does.
token=$(sed -n 's|.*http://127\.0\.0\.1:[0-9]*/?token=\([0-9a-f]*\).*|\1|p' "$dir/serve.out")
auth="X-Limber-Token: $token"

rss() { awk -v k="$1:" '$1 == k { printf "%.1f MB", $2 / 1024 }' "/proc/$pid/status"; }
# Resident memory is mostly pages of shared libraries (libc, SQLite,
# jansson, libevent): say how much is our own.
mem() { echo "$(rss VmRSS) ($(rss RssAnon) of it the server's own, $(rss RssFile) mapped from shared libraries)"; }

echo "limber serve: $limber, port $port; $(nproc) cores; $secs s a run"
echo "resident memory, idle: $(mem)"

# A check that holds, so that /api/plan makes a plan.
curl -sf -o /dev/null -H "$auth" -H "Origin: $url" \
    -H 'Content-Type: application/json' -d '{"pain": 2, "area": "both"}' \
    "$url/api/check"
curl -sf -o "$dir/index.html" -H "$auth" "$url/"
curl -sf -o /dev/null -H "$auth" "$url/api/plan?minutes=10"

# nginx, with the same bytes, two workers for two cores.
mkdir -p "$dir/www" "$dir/nginx"
cp "$dir/index.html" "$dir/www/index.html"
# nginx's workers run as another user: let them read the page.
chmod 755 "$dir" "$dir/www"
chmod 644 "$dir/www/index.html"
nport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$dir/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $dir/nginx/body;
	proxy_temp_path $dir/nginx/proxy;
	fastcgi_temp_path $dir/nginx/fastcgi;
	uwsgi_temp_path $dir/nginx/uwsgi;
	scgi_temp_path $dir/nginx/scgi;
	keepalive_requests 1000000;
	server {
		listen 127.0.0.1:$nport;
		root $dir/www;
		location = / {
			default_type "text/html; charset=utf-8";
			try_files /index.html =404;
		}
	}
}
EOF
nginx -c "$dir/nginx.conf" -p "$dir/nginx" &
ngx=$!
sleep 0.5

run() {	# run NAME URL: wrk's requests per second and latency percentiles
	wrk -t2 -c32 -d"${secs}s" --latency -H "$auth" "$2" >"$dir/wrk.out" 2>&1
	rps=$(awk '/^Requests\/sec/ { print $2 }' "$dir/wrk.out")
	p50=$(awk '$1 == "50%" { print $2 }' "$dir/wrk.out")
	p99=$(awk '$1 == "99%" { print $2 }' "$dir/wrk.out")
	errs=$(awk '/Non-2xx|Socket errors/ { print }' "$dir/wrk.out")
	printf '%-28s %10s req/s   p50 %-9s p99 %-9s %s\n' "$1" "$rps" "$p50" \
	    "$p99" "$errs"
}

echo
echo "wrk -t2 -c32, $(wc -c <"$dir/index.html") bytes of page:"
run "nginx, the page" "http://127.0.0.1:$nport/"
run "limber serve, the page" "$url/"
run "limber serve, /api/plan" "$url/api/plan?minutes=10"
echo
echo "resident memory, after the load: $(mem); peak $(rss VmHWM)"
