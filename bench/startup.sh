#!/bin/sh
# startup.sh - what starting `limber` costs, beside the smallest C program,
# in one run: the figures for the aims of issue 16 (docs/benchmarks.md).
#
# usage: bench/startup.sh [LIMBER]   (default: a release build in build-bench/)
#
# - `limber --version`, `limber plan --json` and `limber plan`, start to
#   exit (fork, exec, wait: bench/spawn.c), RUNS runs each (default 500):
#   the median, 90th percentile and fastest, then each median as a
#   difference from the trivial program's and as a ratio to it.
# - The shared objects `limber plan --json` maps: every file the dynamic
#   loader opens in a real run (LD_DEBUG=files, which counts those loaded
#   later by dlopen too), plus the loader itself and the vDSO, which it
#   does not list.
# - `limber serve`'s resident memory (VmRSS) idle, after a figure (the
#   page's figures are SVG: no cairo), and after the first voice clip
#   (GET /api/voice?sample=1, which loads the voice module and espeak-ng).
# - STATS=1 runs bench/stats.sh too (`limber stats` on 100,000 sessions;
#   the first run makes its journal, which takes minutes).
#
# Figures only, never pass or fail: the reader compares them with the aims.
set -eu
cd "$(dirname "$0")/.."
runs=${RUNS:-500}
if [ $# -ge 1 ]; then
	limber=$1
else
	[ -f build-bench/build.ninja ] ||
	    meson setup build-bench --buildtype=release >&2
	ninja -C build-bench programs >build-bench/ninja.log 2>&1 ||
	    { cat build-bench/ninja.log; exit 1; }
	limber=build-bench/cli/limber
fi
case $limber in
/*) ;;
*) limber=$PWD/$limber ;;
esac
tmp=$(mktemp -d)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
cc -O2 -o "$tmp/spawn" bench/spawn.c
cc -O2 -o "$tmp/trivial" bench/trivial.c
# A home of its own: no journal, no user stretches, the built-in catalog.
export HOME="$tmp" XDG_DATA_HOME="$tmp/data"
unset LIMBER_JOURNAL

# time NAME COMMAND...: spawn's line, and the median kept in $tmp/NAME.
time_() {
	name=$1
	shift
	line=$("$tmp/spawn" "$runs" "$@")
	printf '  %-22s %s\n' "$name" "$line"
	echo "$line" | awk '{ print $2 }' >"$tmp/$(echo "$name" | tr -c 'a-z\n' _)"
}
median() { cat "$tmp/$(echo "$1" | tr -c 'a-z\n' _)"; }

printf 'start-up, fork to exit (%s runs each; %s cores, load %s):\n' \
    "$runs" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
time_ "trivial C program" "$tmp/trivial"
time_ "limber --version" "$limber" --version
time_ "limber plan --json" "$limber" plan --json
time_ "limber plan" "$limber" plan
echo "each median beside the trivial program's:"
t=$(median "trivial C program")
for name in "limber --version" "limber plan --json" "limber plan"; do
	m=$(median "$name")
	awk -v n="$name" -v m="$m" -v t="$t" 'BEGIN {
		printf "  %-22s %+.3f ms, x %.2f\n", n, m - t, m / t }'
done

# The loader's own list of what it opened, in a real run.
objects() {
	LD_DEBUG=files "$@" 2>&1 >/dev/null |
	    sed -n 's/.*[[:space:]]file=\([^[:space:]]*\).*/\1/p' | sort -u
}
objects "$limber" plan --json >"$tmp/objects"
echo
echo "shared objects mapped by limber plan --json:" \
    "$(($(wc -l <"$tmp/objects") + 2)) (the loader, the vDSO and" \
    "$(tr '\n' ' ' <"$tmp/objects" | sed 's/ $//'))"
echo "  the trivial program: $(($(objects "$tmp/trivial" | wc -l) + 2))"

# limber serve: resident memory idle, after a figure, after a voice.
mkdir -p "$tmp/data"
"$limber" serve --port 0 >"$tmp/serve.out" 2>&1 &
pid=$!
port=""
for _ in $(seq 100); do
	port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/?token=.*|\1|p' \
	    "$tmp/serve.out")
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { cat "$tmp/serve.out"; exit 1; }
token=$(sed -n 's|.*/?token=\([0-9a-f]*\).*|\1|p' "$tmp/serve.out")
get() {
	curl -sf -o /dev/null -H "X-Limber-Token: $token" \
	    "http://127.0.0.1:$port$1"
}
kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$pid/status"; }
rss() {
	awk -v t="$(kb VmRSS)" -v a="$(kb RssAnon)" -v f="$(kb RssFile)" \
	    'BEGIN { printf "%.1f MB (%.1f MB its own, %.1f MB from files)",
	    t / 1024, a / 1024, f / 1024 }'
}
maps() {
	n=$(grep -c -E "$1" "/proc/$pid/maps" || true)
	[ "$n" -gt 0 ] && echo "mapped" || echo "not mapped"
}
# Idle: the page's start-up has settled.
sleep 1
echo
echo "limber serve, resident memory (VmRSS):"
echo "  idle                 $(rss); cairo $(maps libcairo)," \
    "espeak-ng $(maps libespeak)"
get /api/info
get "/api/stretches/childs-pose/figure?step=0"
echo "  after a figure (SVG) $(rss); cairo $(maps libcairo)," \
    "espeak-ng $(maps libespeak)"
if get "/api/voice?sample=1"; then
	echo "  after a voice clip   $(rss); cairo $(maps libcairo)," \
	    "espeak-ng $(maps libespeak)"
else
	echo "  after a voice clip   (no voice: /api/voice failed)"
fi
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""

if [ "${STATS:-0}" = 1 ]; then
	echo
	bench/stats.sh "$limber"
else
	echo
	echo "limber stats on 100,000 sessions: bench/stats.sh (or STATS=1 here)"
fi
