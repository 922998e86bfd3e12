#!/bin/sh
# audio.sh - how fast `limber audio` renders a 20-minute guided session.
#
# usage: bench/audio.sh [LIMBER] [RUNS]
#
# LIMBER is the binary to time (a release build: bench/run.sh makes one in
# build-bench/). Each run speaks the whole session of `limber plan --area
# both --minutes 20` into a WAV file, then an Ogg Vorbis one, in a fresh
# HOME so that no journal changes the plan. bench/spawn.c times RUNS runs
# (default 5) start to exit and prints the median, the 90th percentile and
# the fastest; the lines after them say how long the file is and how many
# times faster than real time the median run was. The aim is at least 50
# times faster than real time.
#
# It prints figures only: what is fast enough is for the reader to judge.
set -eu
cd "$(dirname "$0")/.."
limber=$(realpath "${1:-build-bench/cli/limber}")
runs=${2:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cc -O2 -o "$dir/spawn" bench/spawn.c

export HOME="$dir" XDG_DATA_HOME="$dir/data"
unset LIMBER_JOURNAL
plan="--area both --minutes 20"
# shellcheck disable=SC2086
"$limber" audio $plan --out "$dir/s.wav" --json >"$dir/s.json"
length_ms=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["length_ms"])' "$dir/s.json")
echo "limber audio, a 20-minute plan: $((length_ms / 1000)) s of sound, $(du -k "$dir/s.wav" | cut -f1) KiB as WAV"
for ext in wav ogg; do
	# shellcheck disable=SC2086
	line=$("$dir/spawn" "$runs" "$limber" audio $plan --out "$dir/s.$ext")
	echo "    $ext  $line"
	median=$(echo "$line" | sed -n 's/.*median \([0-9.]*\) ms.*/\1/p')
	python3 -c 'import sys; l, m = float(sys.argv[1]), float(sys.argv[2]); print("    %s  %.0f times faster than real time (median)" % (sys.argv[3], l / m))' "$length_ms" "$median" "$ext"
done
echo "    ogg file: $(du -k "$dir/s.ogg" | cut -f1) KiB"
