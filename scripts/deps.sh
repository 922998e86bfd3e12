#!/bin/sh
# deps.sh - install the Debian packages limber needs, when any is missing.
#
# Sourced knowledge lives here alone: README, run.sh and test.sh call it.
# It asks apt only when something is missing, so a second run costs nothing.
# usage: scripts/deps.sh [run|test|bench]   ("test" adds what the tests
# need, "bench" what the benchmarks in bench/ need)
set -eu

run_pkgs="gcc libc6-dev pkg-config meson ninja-build python3 gettext libjansson-dev libsqlite3-dev scdoc libcairo2-dev libpango1.0-dev fonts-dejavu-core libevent-dev libqrencode-dev libespeak-ng-dev espeak-ng-data libasound2-dev libsndfile1-dev"
test_pkgs="libcmocka-dev clang clang-format libclang-rt-14-dev tmux poppler-utils chromium nodejs npm locales valgrind sox"
bench_pkgs="wrk nginx curl"
# limber remind: notify-send for desktop prompts; the idle benchmark runs
# Workrave and Safe Eyes beside it under Xvfb (bench/remind.sh).
run_pkgs="$run_pkgs libnotify-bin"
bench_pkgs="$bench_pkgs xvfb xauth workrave safeeyes dbus-x11"
# limber serve --lan speaks HTTPS: OpenSSL, under libevent's
# bufferevent_openssl (libevent-dev has it); its tests make certificates
# with the openssl program.
run_pkgs="$run_pkgs libssl-dev"
test_pkgs="$test_pkgs openssl"
# Its notifications are tested on a private session bus.
test_pkgs="$test_pkgs dbus-daemon libglib2.0-dev"

want=$run_pkgs
[ "${1:-run}" = test ] && want="$run_pkgs $test_pkgs"
[ "${1:-run}" = bench ] && want="$run_pkgs $bench_pkgs"

missing=""
for p in $want; do
	# A node and npm of another origin (NodeSource) serve as well.
	case $p in
	nodejs) command -v node >/dev/null 2>&1 && continue ;;
	npm) command -v npm >/dev/null 2>&1 && continue ;;
	esac
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case $status in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "limber: installing Debian packages:$missing" >&2
sudo=""
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "limber: need root (or sudo) to install:$missing" >&2
		exit 1
	}
	sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
