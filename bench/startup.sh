#!/bin/sh
# startup.sh - how long `limber plan --json` takes, start to exit, beside
# the smallest C program, both run by bench/spawn.c (fork, exec, wait).
#
# usage: bench/startup.sh [LIMBER]   (default: a release build in build-bench/)
# Prints figures only: the median, 90th percentile and fastest of RUNS runs
# (default 500) for each command.
set -eu
cd "$(dirname "$0")/.."
runs=${RUNS:-500}
if [ $# -ge 1 ]; then
	limber=$1
else
	[ -f build-bench/build.ninja ] ||
	    meson setup build-bench --buildtype=release >&2
	ninja -C build-bench cli/limber >build-bench/ninja.log 2>&1 ||
	    { cat build-bench/ninja.log; exit 1; }
	limber=build-bench/cli/limber
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/spawn" bench/spawn.c
cc -O2 -o "$tmp/trivial" bench/trivial.c
# A home of its own: no journal, no user stretches, the built-in catalog.
export HOME="$tmp" XDG_DATA_HOME="$tmp/data"
unset LIMBER_JOURNAL
printf 'start-up, fork to exit (%s runs each):\n' "$runs"
printf '  trivial C program       '; "$tmp/spawn" "$runs" "$tmp/trivial"
printf '  limber --version        '; "$tmp/spawn" "$runs" "$limber" --version
printf '  limber plan --json      '; "$tmp/spawn" "$runs" "$limber" plan --json
printf '  limber plan (text)      '; "$tmp/spawn" "$runs" "$limber" plan
