#!/bin/sh
# stats.sh - how long `limber stats` takes on a journal of 100,000 sessions.
#
# usage: bench/stats.sh [LIMBER] [SESSIONS]
#
# LIMBER is the binary to time; without it, a release build is made in
# build-bench/ (meson setup build-bench --buildtype=release) and its
# build-bench/cli/limber is timed. SESSIONS defaults to 100000.
#
# The journal is made once with limber's own import, from exports that
# bench/make-journal.py writes (a session every 4 hours going back from
# 2026-11-24, six a day, as 100,000 sessions must fit after 1970; each with
# the plan of `limber plan --area upper --json`, two stretches and pain
# before and after), 10,000 sessions at a time. It is kept as
# build-bench/stats-journal-N.db, so reruns only time. Each command is run
# RUNS times (default 20) by bench/spawn.c, which prints the median, the
# 90th percentile and the fastest run, start to exit, in milliseconds.
#
# The streak is the one figure stats reads session by session, back to the
# first day without one. The journal's newest session is on 2026-11-24, so
# run on 2026-11-24 or 25 the streak spans the whole journal (the slowest
# case, 16,668 days); on a later day it is 0. The header line says which.
#
# The first limber to open the journal upgrades it to its own journal
# version, and an older limber then refuses it: to time an older binary,
# remove the cached journal, and it is made again by the binary timed.
#
# It prints figures only: what is fast enough is for the reader to judge.
set -eu
cd "$(dirname "$0")/.."

runs=${RUNS:-20}
sessions=${2:-100000}
chunk=10000

if [ $# -ge 1 ] && [ -n "$1" ]; then
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
[ -x "$limber" ] || { echo "stats.sh: $limber: not a program" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cc -O2 -o "$tmp/spawn" bench/spawn.c

mkdir -p build-bench
db=$PWD/build-bench/stats-journal-$sessions.db
# Commands read the time zone: fix it, so local days are the same each run.
TZ=UTC
export TZ
unset LIMBER_JOURNAL

if [ ! -f "$db" ]; then
	echo "making a journal of $sessions sessions in $db (once) ..." >&2
	"$limber" plan --area upper --json >"$tmp/plan.json"
	rm -f "$db.new" "$db.new-wal" "$db.new-shm"
	done_=0
	while [ "$done_" -lt "$sessions" ]; do
		n=$((sessions - done_))
		[ "$n" -gt "$chunk" ] && n=$chunk
		python3 bench/make-journal.py "$n" "$tmp/plan.json" "$done_" 4 \
		    >"$tmp/chunk.json"
		"$limber" --journal "$db.new" import "$tmp/chunk.json" >/dev/null
		done_=$((done_ + n))
	done
	rm -f "$tmp/chunk.json"
	# Check that every chunk added its sessions (start times are distinct).
	got=$("$limber" --journal "$db.new" stats --json |
	    python3 -c 'import json, sys; print(json.load(sys.stdin)["sessions"])')
	if [ "$got" != "$sessions" ]; then
		echo "stats.sh: the journal holds $got sessions, not $sessions" >&2
		exit 1
	fi
	# limber has closed it: everything is in the one file, no -wal left.
	mv "$db.new" "$db"
fi
# One run untimed: it migrates a journal made by an older limber (once),
# and brings the file into the page cache, as for a user's repeated runs.
if ! "$limber" --journal "$db" stats --json >"$tmp/stats.json"; then
	echo "stats.sh: $limber cannot read $db (made or upgraded by a" \
	    "newer limber?); remove it to make it again" >&2
	exit 1
fi
streak=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["streak_days"])' \
    <"$tmp/stats.json")

size=$(du -k "$db" | cut -f1)
echo "limber stats, journal of $sessions sessions ($((size / 1024)) MB," \
    "streak $streak days), TZ=UTC, warm cache: ms start to exit, $runs runs;" \
    "$limber"
printf '%-14s ' "stats"
"$tmp/spawn" "$runs" "$limber" --journal "$db" stats
printf '%-14s ' "stats --json"
"$tmp/spawn" "$runs" "$limber" --journal "$db" stats --json
printf '%-14s ' "(--version)"
"$tmp/spawn" "$runs" "$limber" --version
