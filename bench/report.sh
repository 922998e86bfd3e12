#!/bin/sh
# report.sh - how long `limber report` takes, and how large its files are,
# on a journal of two years of sessions.
#
# usage: bench/report.sh [LIMBER] [SESSIONS]
#
# LIMBER is the binary to time; without it, a release build is made in
# build-bench/ and build-bench/cli/limber is timed. SESSIONS defaults to
# 2,200: three a day (one every 8 hours) going back from 2026-11-24, about
# two years, each with the plan of `limber plan --area upper --json`, two
# stretches and pain before and after (bench/make-journal.py). The
# journal is made once with limber's own import and kept as
# build-bench/report-journal-N.db. Each command is run RUNS times (default
# 10) by bench/spawn.c, which prints the median, the 90th percentile and
# the fastest run, start to exit, in milliseconds; then the size of each
# file made.
#
# The report ends today, so run on a later day it covers fewer (or none)
# of the journal's sessions: the header line says how many it drew.
#
# It prints figures only: what is fast enough is for the reader to judge.
set -eu
cd "$(dirname "$0")/.."

runs=${RUNS:-10}
sessions=${2:-2200}

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
[ -x "$limber" ] || { echo "report.sh: $limber: not a program" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cc -O2 -o "$tmp/spawn" bench/spawn.c

mkdir -p build-bench
db=$PWD/build-bench/report-journal-$sessions.db
TZ=UTC
export TZ
unset LIMBER_JOURNAL

if [ ! -f "$db" ]; then
	echo "making a journal of $sessions sessions in $db (once) ..." >&2
	"$limber" plan --area upper --json >"$tmp/plan.json"
	rm -f "$db.new" "$db.new-wal" "$db.new-shm"
	python3 bench/make-journal.py "$sessions" "$tmp/plan.json" 0 8 \
	    >"$tmp/all.json"
	"$limber" --journal "$db.new" import "$tmp/all.json" >/dev/null
	mv "$db.new" "$db"
fi
"$limber" --journal "$db" report --json --weeks 104 >"$tmp/r.json"
drawn=$(python3 -c 'import json, sys; print(len(json.load(sys.stdin)["sessions"]))' \
    <"$tmp/r.json")

echo "limber report, journal of $sessions sessions ($drawn in the last" \
    "104 weeks), TZ=UTC, warm cache: ms start to exit, $runs runs; $limber"
for weeks in 8 104; do
	for ext in pdf png svg; do
		printf '%-22s ' "--weeks $weeks .$ext"
		"$tmp/spawn" "$runs" "$limber" --journal "$db" report \
		    --weeks "$weeks" --out "$tmp/r-$weeks.$ext"
	done
done
printf '%-22s ' "--weeks 104 --json"
"$tmp/spawn" "$runs" "$limber" --journal "$db" report --weeks 104 --json
echo "file sizes (KB):"
for weeks in 8 104; do
	for ext in pdf png svg; do
		printf '  --weeks %-3s .%s  %s\n' "$weeks" "$ext" \
		    "$(du -k "$tmp/r-$weeks.$ext" | cut -f1)"
	done
done
pages=$(pdfinfo "$tmp/r-104.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
echo "pages of the 104-week PDF: ${pages:-?}"
