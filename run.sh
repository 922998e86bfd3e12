#!/bin/sh
# run.sh - install what is missing, build, and run limber.
#
# With no arguments this is limber's main job: the safety check, then a
# plan. Arguments go to limber itself: ./run.sh plan --area lower
set -eu
cd "$(dirname "$0")"
scripts/deps.sh run
# The program only: the unit tests' cmocka comes with ./test.sh.
[ -d build ] || meson setup build --buildtype=debugoptimized -Dtests=false \
    >/dev/null
ninja -C build >build/ninja.log 2>&1 || { cat build/ninja.log; exit 1; }
exec build/cli/limber "$@"
