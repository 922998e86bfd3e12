#!/bin/sh
# test.sh - install what is missing, build, and run every test.
#
# Three builds: the plain one with warnings as errors, one under
# AddressSanitizer and UndefinedBehaviorSanitizer, and a clang one with
# libFuzzer that fuzzes every parser for FUZZ_SECONDS (default 10) each;
# the plain build's unit tests run again under valgrind's memcheck.
# Then the project's texts are checked against the reference article.
# It ends with one line, "tests: N passed, N failed", and exits non-zero
# when anything failed.
set -u
cd "$(dirname "$0")"
scripts/deps.sh test || exit 1

fuzz_seconds=${FUZZ_SECONDS:-10}
failed=0
extra_pass=0
extra_fail=0

started=$(date +%s)
step() { printf '\n== %s (at %ds)\n' "$*" $(($(date +%s) - started)); }
check() {	# check NAME COMMAND...: a counted check outside meson
	check_name=$1; shift
	if "$@"; then
		extra_pass=$((extra_pass + 1))
	else
		echo "FAILED: $check_name"
		extra_fail=$((extra_fail + 1))
	fi
}

# Every build asks for every optional part (meson_options.txt), so that a
# missing library stops it, named, instead of leaving that part and its
# tests out.
features="-Dweb=enabled -Dfigures=enabled -Dvoice=enabled -Dnotify=enabled"

# build DIR [meson options]: configure DIR when it is new or was last
# configured with other options (DIR/test-sh.options), then build. When
# meson setup fails, its last lines (the missing library's name) are
# shown and DIR is left without build.ninja, so no step uses it as it was.
build() {
	dir=$1; shift
	opts="--werror $features $*"
	if [ ! -f "$dir/build.ninja" ] ||
	    [ "$(cat "$dir/test-sh.options" 2>/dev/null)" != "$opts" ]; then
		how=""
		[ -f "$dir/meson-private/coredata.dat" ] && how=--reconfigure
		log=$(mktemp)
		# shellcheck disable=SC2086
		if ! meson setup $how "$dir" $opts >"$log" 2>&1; then
			echo "meson setup $dir failed:"
			grep -v '^$' "$log" | tail -n 4 | sed 's/^/    /'
			echo "    (docs/testing.md, \"Build options\")"
			rm -f "$log" "$dir/build.ninja" "$dir/test-sh.options"
			return 1
		fi
		rm -f "$log"
		echo "$opts" >"$dir/test-sh.options"
	fi
	ninja --quiet -C "$dir"
}

# playwright-core and axe-core for the browser tests, from the lock file:
# again whenever the lock file is newer than what npm ci put there last.
if [ ! -f tests/web/node_modules/.package-lock.json ] ||
    [ tests/web/package-lock.json -nt tests/web/node_modules/.package-lock.json ]; then
	step "playwright-core and axe-core for the browser tests (npm ci)"
	(cd tests/web && npm ci --no-audit --no-fund --loglevel=error) ||
	    echo "FAILED: npm ci in tests/web"
fi

# ajv and HL7's FHIR R4 JSON schema for the FHIR export's tests.
if [ ! -d tests/fhir/node_modules ]; then
	step "the FHIR R4 schema and ajv for the export tests (npm ci)"
	(cd tests/fhir && npm ci --no-audit --no-fund --loglevel=error) ||
	    echo "FAILED: npm ci in tests/fhir"
fi

# A build lacking a library stops, naming it: each optional part's
# libraries hidden from pkg-config in turn (about 10 s).
step "a missing library stops the build, named (scripts/check-broken-build.sh)"
check broken-build scripts/check-broken-build.sh

# Both builds have the test clock (docs/testing.md): the black-box tests
# play whole sessions faster than real time.
# Each test's bound (tests/meson.build) is for the plain build; the
# sanitizers make the black-box tests several times slower, and beside
# another run on two cores `cli` took 279 s of its 300 (runs 22 and 23 of
# docs/testing.md), so there the bounds are three times as long.
for kind in plain asan; do
	dir=build-test
	opts="-Dtest_clock=true"
	mult=1
	if [ $kind = asan ]; then
		dir=build-asan
		opts="$opts -Db_sanitize=address,undefined -Db_lundef=false"
		mult=3
	fi
	step "$kind build ($dir)"
	rm -f $dir/meson-logs/testlog.json
	# shellcheck disable=SC2086
	if build $dir $opts; then
		meson test -C $dir --print-errorlogs --num-processes 2 \
		    --timeout-multiplier $mult ||
		    failed=1
	else
		echo "FAILED: the $kind build"
		extra_fail=$((extra_fail + 1))
		failed=1
	fi
done

# valgrind's memcheck over the plain build's unit tests and fuzz corpus
# replays: no error and no leak (docs/reliability.md). The fault tests
# try every FAULT_STEP-th point of failure there, and the journal's
# statistics cross-checks compare every STATS_STRIDE-th time of their
# sweep (both run in full in the two builds above): in full they take
# minutes under valgrind. VALGRIND_SKIP, a cmocka pattern, leaves tests
# out when running by hand. The black-box tests stay with the sanitizers.
step "valgrind memcheck (build-test: unit tests, fuzz corpus replays)"
if [ -f build-test/build.ninja ]; then
	rm -f build-test/meson-logs/testlog-valgrind.json
	LIMBER_FAULT_STEP=${FAULT_STEP:-25} \
	LIMBER_TEST_STRIDE=${STATS_STRIDE:-10} \
	LIMBER_TEST_SKIP=${VALGRIND_SKIP-} \
	    meson test -C build-test \
	    --suite unit --suite fuzz --num-processes 2 \
	    --timeout-multiplier 20 --print-errorlogs \
	    --wrap="valgrind --error-exitcode=99 --leak-check=full
	    --suppressions='$PWD/tests/valgrind.supp'
	    --show-leak-kinds=definite,indirect
	    --errors-for-leak-kinds=definite,indirect --quiet" || failed=1
fi

step "fuzzing each parser for ${fuzz_seconds}s (build-fuzz, clang)"
if CC=clang build build-fuzz -Dfuzz=true -Dtests=false \
    -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fsanitize=fuzzer-no-link; then
	# Two at a time, one a core: each harness is one process.
	fuzz_one() {	# fuzz_one HARNESS: its status in build-fuzz/NAME.rc
		name=${1##*/fuzz-}
		corpus=$(mktemp -d)
		"$1" -max_total_time="$fuzz_seconds" -print_final_stats=0 \
		    -artifact_prefix=tests/fuzz/ "$corpus" \
		    "tests/fuzz/corpus/$name" 2>build-fuzz/fuzz-$name.log
		echo $? >build-fuzz/fuzz-$name.rc
		rm -rf "$corpus"
	}
	set --
	for h in build-fuzz/tests/fuzz-*; do
		[ -f "$h" ] && [ -x "$h" ] && set -- "$@" "$h"
	done
	harnesses="$*"
	while [ $# -gt 0 ]; do
		fuzz_one "$1" &
		[ $# -gt 1 ] && fuzz_one "$2" &
		wait
		shift; [ $# -gt 0 ] && shift
	done
	for h in $harnesses; do
		name=${h##*/fuzz-}
		tail -n 1 build-fuzz/fuzz-$name.log
		check "fuzz $name" test "$(cat build-fuzz/fuzz-$name.rc)" = 0
	done
else
	echo "FAILED: the fuzz build"
	extra_fail=$((extra_fail + 1))
fi

step "C changes in the house style (scripts/check-format.sh)"
check format scripts/check-format.sh

if [ -x ../shared/tools/own-words ]; then
	step "texts in the project's own words"
	check own-words ../shared/tools/own-words .
fi

step summary
python3 - "$extra_pass" "$extra_fail" <<'PY'
# Count test cases, not meson tests. cmocka's "[  PASSED  ] N test(s)" and
# "[  FAILED  ] N test(s)". The black-box runners and node's tests speak
# TAP (protocol 'tap'): in a test's stdout, every "ok" line counts as
# passed and every "not ok" as failed, at any indentation (node indents a
# subtest's lines, and counts its parent too, as its own "# tests" does),
# but not one marked "# SKIP" or "# TODO", nor what is in a YAML block
# ("---" to "..."). A meson test with none of these counts as one, unless
# skipped; one that failed with no failure counted (it crashed or timed
# out before saying) adds one failure.
import json, re, sys
passed, failed = int(sys.argv[1]), int(sys.argv[2])


def tap(out):
    """(passed, failed, whether there was a result line at all)"""
    p = f = 0
    seen = yaml = False
    for line in out.splitlines():
        s = line.strip()
        if yaml:
            yaml = s != "..."
            continue
        if s == "---":
            yaml = True
            continue
        m = re.match(r"(not )?ok\b[^#]*(#.*)?$", s)
        if not m:
            continue
        seen = True
        if m.group(2) and re.match(r"#\s*(skip|todo)", m.group(2), re.I):
            continue
        if m.group(1):
            f += 1
        else:
            p += 1
    return p, f, seen


for log in ("build-test/meson-logs/testlog.json",
            "build-asan/meson-logs/testlog.json",
            "build-test/meson-logs/testlog-valgrind.json"):
    try:
        f = open(log)
    except OSError:
        continue
    for line in f:
        r = json.loads(line)
        out = r.get("stdout") or ""
        both = out + (r.get("stderr") or "")
        bad = r["result"] not in ("OK", "EXPECTEDFAIL", "SKIP")
        cm = re.search(r"^\[  PASSED  \] (\d+) test", both, re.M)
        cf = re.search(r"^\[  FAILED  \] (\d+) test", both, re.M)
        tp, tf, is_tap = tap(out)
        if cm or cf:
            np = int(cm.group(1)) if cm else 0
            nf = int(cf.group(1)) if cf else 0
        elif is_tap:
            np, nf = tp, tf
        else:
            np, nf = int(r["result"] in ("OK", "EXPECTEDFAIL")), 0
        if bad and not nf:
            nf = 1      # crashed or timed out before reporting
        passed += np
        failed += nf
print("tests: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
summary=$?
[ $failed -eq 0 ] && [ $extra_fail -eq 0 ] && [ $summary -eq 0 ]
