#!/bin/sh
# check-broken-build.sh - a build that lacks a library fails, naming it.
#
# For each LIB:PART (by default every library of every optional part in
# meson_options.txt), hide LIB.pc from pkg-config - PKG_CONFIG_LIBDIR
# points at a folder of links to every other .pc file - and run
# meson setup with -DPART=enabled (the other parts disabled, since pango
# needs gio too). Each must fail with meson's 'Dependency "LIB" not
# found'. Nothing is uninstalled. ./test.sh runs it (about 10 s).
# usage: scripts/check-broken-build.sh [LIB:PART...]
set -u
cd "$(dirname "$0")/.." || exit 1
[ $# -gt 0 ] || set -- cairo:figures cairo-pdf:figures pangocairo:figures \
    cairo-svg:figures espeak-ng:voice sndfile:voice alsa:voice \
    libevent_extra:web libevent_openssl:web openssl:web libqrencode:web \
    gio-2.0:notify

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/pc"
# pkg-config's own search path: PKG_CONFIG_PATH, then PKG_CONFIG_LIBDIR or
# the built-in folders.
path=${PKG_CONFIG_LIBDIR:-$(pkg-config --variable pc_path pkg-config)}
path=${PKG_CONFIG_PATH:+$PKG_CONFIG_PATH:}$path
old_ifs=$IFS
IFS=:
for d in $path; do
	IFS=$old_ifs
	for pc in "$d"/*.pc; do
		[ -f "$pc" ] && [ ! -e "$tmp/pc/${pc##*/}" ] && ln -s "$pc" "$tmp/pc/"
	done
done
IFS=$old_ifs

fail=0
for arg; do
	lib=${arg%%:*} part=${arg#*:}
	features=""
	for p in web figures voice notify; do
		state=disabled
		[ "$p" = "$part" ] && state=enabled
		features="$features -D$p=$state"
	done
	if [ ! -e "$tmp/pc/$lib.pc" ]; then
		echo "FAILED: without $lib: there is no $lib.pc to hide"
		fail=1
		continue
	fi
	mv "$tmp/pc/$lib.pc" "$tmp/hidden.pc"
	# shellcheck disable=SC2086
	PKG_CONFIG_LIBDIR="$tmp/pc" meson setup "$tmp/build" -Dtests=false \
	    $features >"$tmp/out" 2>&1
	rc=$?
	mv "$tmp/hidden.pc" "$tmp/pc/$lib.pc"
	rm -rf "$tmp/build"
	error=$(grep 'ERROR:' "$tmp/out")
	case $rc:$error in
	0:*)
		echo "FAILED: without $lib: meson setup succeeded" ;;
	*"Dependency \"$lib\" not found"*)
		echo "ok: -D$part=enabled without $lib: $error"
		continue ;;
	*)
		echo "FAILED: without $lib: meson setup failed otherwise:"
		tail -n 5 "$tmp/out" ;;
	esac
	fail=1
done
exit $fail
