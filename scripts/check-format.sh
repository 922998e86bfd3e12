#!/bin/sh
# check-format.sh - check that every C source and header follows the house
# style in .clang-format. It changes no file: clang-format only reads.
#
# usage: scripts/check-format.sh [-d] [FILE...]
#   -d    also show each difference, as a unified diff
#   FILE  check these files only (default: every tracked *.c and *.h)
# It prints the files that differ and exits 1 when there is any, 2 when
# clang-format is missing or fails. CLANG_FORMAT names another binary
# (say clang-format-14). The options were tuned for clang-format 14
# (Debian package clang-format); another version may format a little
# differently.
#
# To format a file as the check wants: clang-format -i --style=file FILE
set -u
cd "$(dirname "$0")/.." || exit 2

show_diff=false
if [ "${1:-}" = -d ]; then
	show_diff=true
	shift
fi

cf=${CLANG_FORMAT:-clang-format}
if ! command -v "$cf" >/dev/null 2>&1; then
	echo "check-format: $cf not found: install the Debian package" \
	    "clang-format (apt-get install clang-format), or set CLANG_FORMAT" >&2
	exit 2
fi
if [ ! -f .clang-format ]; then
	echo "check-format: no .clang-format at the top of the tree" >&2
	exit 2
fi
version=$("$cf" --version 2>/dev/null |
    sed -n 's/.*clang-format version \([0-9][0-9]*\).*/\1/p')
if [ "$version" != 14 ]; then
	echo "check-format: note: $cf is version ${version:-unknown}, the" \
	    "style was tuned for 14" >&2
fi

# The files: those named, or every C file git tracks. Files generated at
# build time live in the build directory, never in the tree.
if [ $# -gt 0 ]; then
	files=$*
elif git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	files=$(git ls-files '*.c' '*.h')
else
	files=$(find bench cli include lib render tests util voice web \
	    -name '*.[ch]' 2>/dev/null | sort)
fi

err=$(mktemp) || exit 2
trap 'rm -f "$err"' EXIT
checked=0
differ=0
for f in $files; do
	checked=$((checked + 1))
	if "$cf" --style=file --dry-run -Werror "$f" >/dev/null 2>"$err"; then
		continue
	fi
	# clang-format reports a style difference as
	# "FILE:LINE:COL: error: code should be clang-formatted"; any other
	# failure (a bad .clang-format, an unreadable file) stops the check.
	if ! grep -q 'clang-format-violations' "$err"; then
		echo "check-format: $cf failed on $f:" >&2
		cat "$err" >&2
		exit 2
	fi
	differ=$((differ + 1))
	lines=$("$cf" --style=file "$f" | diff "$f" - | grep -c '^<')
	echo "$f: $lines lines differ"
	if $show_diff; then
		"$cf" --style=file "$f" | diff -u "$f" - |
		    sed -e "1s|^--- .*|--- $f|" -e "2s|^+++ .*|+++ $f (clang-format)|"
	fi
done

if [ "$differ" -gt 0 ]; then
	echo "check-format: $differ of $checked files differ from .clang-format" \
	    "(scripts/check-format.sh -d shows how)"
	exit 1
fi
echo "check-format: $checked files follow .clang-format"
