#!/bin/sh
# test.sh - install what is missing, build, and run every test.
#
# Three builds: the plain one with warnings as errors, one under
# AddressSanitizer and UndefinedBehaviorSanitizer, and a clang one with
# libFuzzer that fuzzes every parser for FUZZ_SECONDS (default 15) each.
# Then the project's texts are checked against the reference article.
# It ends with one line, "tests: N passed, N failed", and exits non-zero
# when anything failed.
set -u
cd "$(dirname "$0")"
scripts/deps.sh test || exit 1

fuzz_seconds=${FUZZ_SECONDS:-15}
failed=0
extra_pass=0
extra_fail=0

step() { printf '\n== %s\n' "$*"; }
check() {	# check NAME COMMAND...: a counted check outside meson
	check_name=$1; shift
	if "$@"; then
		extra_pass=$((extra_pass + 1))
	else
		echo "FAILED: $check_name"
		extra_fail=$((extra_fail + 1))
	fi
}

build() {	# build DIR [meson options]: configure once, then build
	dir=$1; shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" --werror "$@" >/dev/null || return 1
	fi
	ninja --quiet -C "$dir"
}

for kind in plain asan; do
	dir=build-test
	opts=""
	if [ $kind = asan ]; then
		dir=build-asan
		opts="-Db_sanitize=address,undefined -Db_lundef=false"
	fi
	step "$kind build ($dir)"
	rm -f $dir/meson-logs/testlog.json
	# shellcheck disable=SC2086
	if build $dir $opts; then
		meson test -C $dir --print-errorlogs --num-processes 2 ||
		    failed=1
	else
		echo "FAILED: the $kind build"
		extra_fail=$((extra_fail + 1))
		failed=1
	fi
done

step "fuzzing each parser for ${fuzz_seconds}s (build-fuzz, clang)"
if CC=clang build build-fuzz -Dfuzz=true -Dtests=false \
    -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fsanitize=fuzzer-no-link; then
	for h in build-fuzz/tests/fuzz-*; do
		[ -f "$h" ] && [ -x "$h" ] || continue
		name=${h##*/fuzz-}
		corpus=$(mktemp -d)
		check "fuzz $name" "$h" -max_total_time="$fuzz_seconds" \
		    -print_final_stats=0 -artifact_prefix=tests/fuzz/ \
		    "$corpus" "tests/fuzz/corpus/$name" 2>build-fuzz/fuzz-$name.log
		tail -n 1 build-fuzz/fuzz-$name.log
		rm -rf "$corpus"
	done
else
	echo "FAILED: the fuzz build"
	extra_fail=$((extra_fail + 1))
fi

if [ -x ../shared/tools/own-words ]; then
	step "texts in the project's own words"
	check own-words ../shared/tools/own-words .
fi

step summary
python3 - "$extra_pass" "$extra_fail" <<'PY'
import json, sys
passed, failed = int(sys.argv[1]), int(sys.argv[2])
for d in ("build-test", "build-asan"):
    try:
        with open(d + "/meson-logs/testlog.json") as f:
            for line in f:
                r = json.loads(line)
                if r["result"] in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif r["result"] != "SKIP":
                    failed += 1
    except OSError:
        pass
print("tests: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
summary=$?
[ $failed -eq 0 ] && [ $extra_fail -eq 0 ] && [ $summary -eq 0 ]
