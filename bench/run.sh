#!/bin/sh
# run.sh - every benchmark, one after another, in a release build.
#
# Figures only, never pass or fail; docs/benchmarks.md says what each one
# measures and what was seen. The cue timing runs a real 10-minute session,
# so the whole takes about 13 minutes, and the import figures about
# 2 more.
set -eu
cd "$(dirname "$0")/.."
[ -f build-bench/build.ninja ] ||
    meson setup build-bench --buildtype=release >&2
ninja -C build-bench programs >build-bench/ninja.log 2>&1 ||
    { cat build-bench/ninja.log; exit 1; }
bench/startup.sh build-bench/cli/limber
echo
bench/stats.sh build-bench/cli/limber
echo
bench/report.sh build-bench/cli/limber
echo
python3 bench/import.py build-bench/cli/limber
echo
python3 bench/cues.py build-bench/cli/limber 10
echo
bench/audio.sh build-bench/cli/limber
echo
bench/web.sh build-bench/cli/limber
echo
bench/remind.sh
echo
python3 bench/abuse.py build-bench/cli/limber
