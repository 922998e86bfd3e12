#!/bin/sh
# remind.sh - the idle reminder daemon: figures, never pass or fail.
#
# limber-remind with a desk-break config whose next prompt is more than
# a minute away, beside Workrave and Safe Eyes (Debian's packages) started
# under Xvfb with a D-Bus session, all over the same window (SECONDS_IDLE,
# default 60 s). For each: resident memory (VmRSS, and how much of it is
# the program's own, RssAnon, against pages mapped from files, RssFile),
# and wake-ups, counted as the context switches of all its threads
# (voluntary + involuntary, from /proc/PID/task/*/status) over the
# window, per minute; limber-remind twice: waiting for its first prompt,
# and after a prompt was shown and answered (the journal written). The
# aims (docs/remind.md): under 3 MB resident and no wake-up while nothing
# is due.
#
# usage: bench/remind.sh [PATH-TO-LIMBER-REMIND]   (default: a release
# build in build-bench/)
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh bench

daemon=${1:-}
if [ -z "$daemon" ]; then
	[ -f build-bench/build.ninja ] ||
	    meson setup build-bench --buildtype=release >&2
	ninja -C build-bench cli/limber-remind cli/limber-remind-record \
	    >build-bench/ninja.log 2>&1 ||
	    { cat build-bench/ninja.log; exit 1; }
	daemon=build-bench/cli/limber-remind
fi
secs=${SECONDS_IDLE:-60}
dir=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

export HOME="$dir/home" XDG_CONFIG_HOME="$dir/home/config" \
    XDG_DATA_HOME="$dir/home/data" XDG_STATE_HOME="$dir/home/state" \
    XDG_CACHE_HOME="$dir/home/cache" XDG_RUNTIME_DIR="$dir/run"
# Safe Eyes copies its config into a folder it does not make itself.
mkdir -p "$XDG_CONFIG_HOME/limber" "$XDG_CONFIG_HOME/safeeyes/style" \
    "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# Desk breaks every 50 minutes from 10 minutes ago: the next is 40
# minutes away (past midnight, the hours end at 24:00 and none is due).
from=$(date -d '-10 min' +%H:%M)
case $from in 23:5*) to=24:00 ;; *) to=$(date -d '+8 hours' +%H:%M) ;; esac
[ "$to" \> "$from" ] || to=24:00
cat >"$XDG_CONFIG_HOME/limber/config" <<EOF
quiet = 22:00-07:00
[desk]
every = 50m
hours = $from-$to
days = all
[evening]
at = 19:30
[cool-down]
after-workout = 10m
EOF

# Sum a field over every thread of a process.
threads() {	# threads PID FIELD...
	p=$1; shift
	cat /proc/"$p"/task/*/status 2>/dev/null | awk -v f="$*" '
	    BEGIN { n = split(f, k, " ") }
	    { for (i = 1; i <= n; i++) if ($1 == k[i] ":") s += $2 }
	    END { print s + 0 }'
}
kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
mb() { awk -v v="$1" 'BEGIN { printf "%.1f MB", v / 1024 }'; }

# Workrave and Safe Eyes want an X display and a session bus; the
# daemons get the same session bus (limber-remind listens there for the
# screensaver), and no system bus, as none runs in this container.
Xvfb :97 -screen 0 1280x800x24 -nolisten tcp >"$dir/xvfb.log" 2>&1 &
pids="$pids $!"
sleep 2
export DISPLAY=:97
eval "$(dbus-launch --sh-syntax)"
pids="$pids $DBUS_SESSION_BUS_PID"

"$daemon" --prompt terminal --no-journal </dev/null >"$dir/remind.out" \
    2>&1 &
rpid=$!
pids="$pids $rpid"

# A second daemon that has just shown a prompt and had it answered, both
# written in the journal (by limber-remind-record, which it runs).
# Its own state folder, so the two do not share a pid file; a workout
# "just now" and a cool-down 3 s after it bring the prompt at once.
mkdir -p "$dir/after/state/limber"
printf '[cool-down]\nafter-workout = 3s\n' >"$dir/after/config"
date +%s >"$dir/after/state/limber/workout"
mkfifo "$dir/after/answers"
exec 3<>"$dir/after/answers"
XDG_STATE_HOME="$dir/after/state" "$daemon" --prompt terminal \
    --config "$dir/after/config" --journal "$dir/after/journal.db" \
    <"$dir/after/answers" >"$dir/after.out" 2>&1 &
apid=$!
pids="$pids $apid"
waitfor() {	# waitfor FILE TEXT: up to 30 s
	i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -le 300 ] || { echo "no '$2' in $1:"; cat "$1"; exit 1; }
		sleep 0.1
	done
}
waitfor "$dir/after.out" "Time to stretch"
printf 'k\n' >&3
waitfor "$dir/after.out" "Skipped"

wpid=""
spid=""
if command -v workrave >/dev/null; then
	workrave >"$dir/workrave.log" 2>&1 &
	wpid=$!
	pids="$pids $wpid"
fi
if command -v safeeyes >/dev/null; then
	safeeyes >"$dir/safeeyes.log" 2>&1 &
	spid=$!
	pids="$pids $spid"
fi
# Let each finish starting up before the window opens.
sleep 15

echo "idle reminders over ${secs} s; $(nproc) cores"
echo "limber-remind: $(sed -n 's/^limber-remind: next reminder at /next prompt at /p' "$dir/remind.out" | tail -n 1)"
start() { threads "$1" voluntary_ctxt_switches nonvoluntary_ctxt_switches; }
r0=$(start "$rpid")
a0=$(start "$apid")
w0=""; s0=""
[ -n "$wpid" ] && kill -0 "$wpid" 2>/dev/null && w0=$(start "$wpid")
[ -n "$spid" ] && kill -0 "$spid" 2>/dev/null && s0=$(start "$spid")
sleep "$secs"

report() {	# report NAME PID START
	if [ -z "$3" ] || ! kill -0 "$2" 2>/dev/null; then
		printf '%-16s did not run here (see its log below)\n' "$1"
		return
	fi
	n=$(start "$2")
	printf '%-16s %8s resident (%s own, %s from files), %d threads, %s wake-ups a minute\n' \
	    "$1" "$(mb "$(kb "$2" VmRSS)")" "$(mb "$(kb "$2" RssAnon)")" \
	    "$(mb "$(kb "$2" RssFile)")" "$(ls /proc/"$2"/task | wc -l)" \
	    "$(awk -v a="$3" -v b="$n" -v s="$secs" 'BEGIN { printf "%.1f", (b - a) * 60 / s }')"
}
report limber-remind "$rpid" "$r0"
report "  after a prompt" "$apid" "$a0"
report workrave "$wpid" "$w0"
report safeeyes "$spid" "$s0"
for f in workrave safeeyes; do
	[ -s "$dir/$f.log" ] || continue
	echo "--- $f log (last lines)"
	tail -n 3 "$dir/$f.log"
done
