#!/bin/sh
# check-format.sh - check that C code follows the house style in
# .clang-format. It changes no file: clang-format only reads.
#
# usage: scripts/check-format.sh [-d] [--all | FILE...]
#   (none)  the lines of *.c and *.h changed since the style file came in
#           (STYLE_BASE below); ./test.sh runs this
#   --all   every line of every tracked *.c and *.h
#   FILE    every line of these files
#   -d      also show each difference, as a unified diff
# It exits 1 when anything differs, 2 when clang-format is missing or
# fails. CLANG_FORMAT names another binary (say clang-format-14).
#
# Why changed lines by default: clang-format 14 cannot write three habits
# of the code as it was written (a continued string 4 spaces in, lines
# filled to the last break that fits, comments after code at the next tab
# stop; .clang-format lists them), so a whole-tree check would mean
# rewriting 3,500 lines for no reader's gain. New and changed code follows
# the style from the commit that added it on.
#
# To format what you changed as the check wants:
#   git clang-format --style=file STYLE_BASE
set -u
cd "$(dirname "$0")/.." || exit 2

# The commit that added .clang-format.
STYLE_BASE=2797acf800c02734b47e8550b48f98cb71531d01

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

if [ $# -eq 0 ]; then
	if ! git cat-file -e "$STYLE_BASE^{commit}" 2>/dev/null; then
		echo "check-format: commit $STYLE_BASE is not in this" \
		    "repository's history (a shallow clone?)" >&2
		exit 2
	fi
	out=$(git clang-format --binary "$(command -v "$cf")" --style=file \
	    --extensions c,h --diff "$STYLE_BASE" -- 2>&1)
	rc=$?
	case $out in
	*"no modified files to format"* | *"did not modify any files"*)
		echo "check-format: the C lines changed since $(
		    git log -1 --format=%h "$STYLE_BASE") follow .clang-format"
		exit 0 ;;
	esac
	if [ $rc -gt 1 ] || ! printf '%s\n' "$out" | grep -q '^diff '; then
		echo "check-format: git clang-format failed:" >&2
		printf '%s\n' "$out" >&2
		exit 2
	fi
	printf '%s\n' "$out" | sed -n 's|^+++ b/||p' | sed 's/$/: lines differ/'
	$show_diff && printf '%s\n' "$out"
	echo "check-format: changed C lines differ from .clang-format; to fix" \
	    "them: git clang-format --style=file $STYLE_BASE"
	exit 1
fi

if [ "$1" = --all ]; then
	files=$(git ls-files '*.c' '*.h')
else
	files=$*
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
	# A style difference is reported as "... [-Wclang-format-violations]";
	# any other failure (a bad .clang-format, an unreadable file) stops.
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
	echo "check-format: $differ of $checked files differ from .clang-format"
	exit 1
fi
echo "check-format: $checked files follow .clang-format"
