#!/usr/bin/env bash
# Reliability, shown: the crash suite (the real server SIGKILLed under concurrent writers,
# on SQLite and on PostgreSQL, and PostgreSQL itself stopped with `pg_ctl stop -m
# immediate` once), the disk-full and read-only checks, the fuzz targets for a bounded time each, the
# attack and session tests, and the load suite when `scripts/load.sh` is there. Prints a
# summary table; the full run also writes it into RELIABILITY.md ("Last full run").
#
#   scripts/reliability.sh           # full: 50 kills per database, 90 s per fuzz target, load --short
#                                    # (suites ~19 min on 2 cores, after a build: seconds when warm)
#   scripts/reliability.sh --short   # short: 5 and 3 kills, 5 s per fuzz target, load --short
#   scripts/reliability.sh --smoke   # in scripts/test.sh: the short crash suites only (the
#                                    # disk-full, attack and loadgen tests and the fuzz corpus
#                                    # run in the test command's own steps)
#
# Needs what scripts/test.sh needs (PostgreSQL's server binaries; run scripts/setup.sh once
# on a fresh clone); fuzzing needs the nightly toolchain and cargo-fuzz and is skipped
# with a message without them; the disk-full check needs permission to mount a tmpfs and
# is skipped with a message without it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

mode=full
case "${1:-}" in
  --short) mode=short ;;
  --smoke) mode=smoke ;;
  --full | "") mode=full ;;
  *) echo "usage: $0 [--short|--smoke|--full]" >&2; exit 2 ;;
esac
if [ "$mode" != full ]; then
  kills_sqlite=5 kills_pg=3 fuzz_seconds=5
else
  kills_sqlite=50 kills_pg=50 fuzz_seconds=90
fi

work=$(mktemp -d /tmp/clientbook-reliability.XXXXXX)
chmod 755 "$work"
cleanup() {
  scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

rows=()  # "suite|what it did|result|seconds|command"
failed=0
row() { rows+=("$1|$2|$3|$4|$5"); }

# Everything the suites run is built first, in one timed step of its own, so each suite's
# seconds below are its run alone (a warm cache builds in seconds; a cold one, mostly the
# fuzz targets' sanitizer build and the release server, takes long on 2 cores).
build_start=$SECONDS
say "Building the server, the crash suite and the test binary"
if [ "$mode" = smoke ]; then
  # The test command's own build of the tests (its step "Building the tests") made both,
  # with the whole workspace's features: the same command is a no-op here. A build of the
  # server package alone unifies features differently and compiled them again, 4.8 minutes
  # of a cold run on 2 cores.
  cargo test --workspace --locked --no-run
else
  cargo build --locked -p clientbook-server --bin clientbook-server --example crash
fi
built="the debug server and crash suite"
if [ "$mode" != smoke ]; then
  cargo test --locked --no-run -p clientbook-server --test it
  built+=", the server's test binary"
  if command -v cargo-fuzz >/dev/null && cargo +nightly --version >/dev/null 2>&1; then
    say "Building the fuzz targets (nightly, address sanitizer)"
    CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$CARGO_TARGET_DIR-fuzz}" cargo +nightly fuzz build
    cargo test --locked --manifest-path fuzz/Cargo.toml --no-run --quiet
    built+=", the fuzz targets"
  fi
  if [ -x scripts/load.sh ]; then
    say "Building the release server and the load client"
    cargo build --locked --profile server -p clientbook-server -p clientbook-loadgen
    built+=", the release server and load client"
  fi
fi
row "Build" "$built" "ok" $((SECONDS - build_start)) "scripts/reliability.sh"
server_bin="$CARGO_TARGET_DIR/debug/clientbook-server"
crash_bin="$CARGO_TARGET_DIR/debug/examples/crash"
report="$work/crash.tsv"

# crash KIND KILLS [args…]: one run of the crash suite, its line of the report as a row.
crash() {
  local kind=$1 kills=$2 start=$SECONDS
  shift 2
  say "Crash suite on $kind: $kills kills"
  if "$crash_bin" --server-bin "$server_bin" --kills "$kills" --work "$work/crash-$kind" \
    --report "$report" "$@"; then :; else failed=$((failed + 1)); fi
  local line
  line=$(grep -P "^crash\t$kind\t" "$report" | tail -1 || true)
  if [ -z "$line" ]; then
    row "Crash ($kind)" "did not finish" "FAILED" $((SECONDS - start)) "scripts/reliability.sh"
    return
  fi
  IFS=$'\t' read -r _ _ verdict secs k dbstops sent acked found missing dups unpaired inflight r503 s5xx panics <<<"$line"
  local what="$k SIGKILLs$([ "$dbstops" -gt 0 ] && echo ", database stopped -m immediate $dbstops×"); $sent writes sent, $acked acknowledged, $inflight in flight at a kill, $r503 clear 503"
  local result="$verdict: $found of $acked acknowledged found, $missing missing, $dups duplicates, $unpaired change/audit unpaired, $s5xx 5xx, $panics panics"
  row "Crash ($kind)" "$what" "$result" "$secs" "scripts/reliability.sh"
}

suites_start=$SECONDS
crash SQLite "$kills_sqlite"

say "Starting PostgreSQL"
pg_port=$(free_port)
pg_url=$(scripts/pg.sh start "$work/pg" "$pg_port")
export CLIENTBOOK_TEST_POSTGRES_URL="$pg_url" CLIENTBOOK_REQUIRE_POSTGRES=1
crash PostgreSQL "$kills_pg" --database-url "$pg_url" --pg-dir "$work/pg" --pg-port "$pg_port"

# cargo_tests NAME TEST: an integration test file as a row (counts from libtest's summary).
cargo_tests() {
  local name=$1 test=$2 what=$3 start=$SECONDS log="$work/$2.log"
  say "$name"
  local verdict=ok
  cargo test --locked -p clientbook-server --test it "$test::" 2>&1 | tee "$log" | grep -E '^test |test result|skipped' || true
  if ! grep -q '^test result: ok' "$log"; then
    verdict=FAILED
    failed=$((failed + 1))
    sed -n '/^---- .* stdout ----$/,/^failures:$/p' "$log" | grep -v '^   *[0-9]*: \|^  *at ' | head -40
  fi
  local passed skipped
  passed=$(grep -oP 'test result: \w+\. \K[0-9]+(?= passed)' "$log" | head -1)
  skipped=$(grep -c '^skipped' "$log" || true)
  row "$name" "$what" "$verdict: ${passed:-0} passed$([ "$skipped" -gt 0 ] && echo ", $skipped skipped (see the log)")" \
    $((SECONDS - start)) "cargo test -p clientbook-server --test it $test::"
}

if [ "$mode" != smoke ]; then
cargo_tests "Disk full, concurrent writers" crash_disk \
  "SQLite on a 24 MiB tmpfs filled to the last byte, then space returned; 20 writers at once (SQLite, PostgreSQL)"
cargo_tests "Read-only database" read_only \
  "SQLite served from a bind mount remounted read-only, then writable; PostgreSQL switched to default_transaction_read_only with its sessions ended, then back: 5 writes refused each, reads that need no write served"
cargo_tests "Attacks and sessions" security \
  "throttling, enumeration, slow requests, JSON errors, role before body, masking, Origin, session attacks (SQLite, PostgreSQL)"

say "Fuzzing, ${fuzz_seconds}s per target"
fuzz_start=$SECONDS
fuzz_targets=(score columns policy_json survey_csv body_json book_wire)
if command -v cargo-fuzz >/dev/null && cargo +nightly --version >/dev/null 2>&1; then
  if FUZZ_NEW_CORPUS="$work/corpus" FUZZ_TARGET_DIR="${FUZZ_TARGET_DIR:-$CARGO_TARGET_DIR-fuzz}" scripts/fuzz.sh "$fuzz_seconds" "${fuzz_targets[@]}"; then
    verdict=ok
  else
    verdict=FAILED
    failed=$((failed + 1))
  fi
  runs=""
  for t in "${fuzz_targets[@]}"; do
    n=$(grep -oP 'stat::number_of_executed_units: \K[0-9]+' "fuzz/artifacts/$t.log" 2>/dev/null | tail -1 || true)
    runs+="$t ${n:-?}, "
  done
  row "Fuzzing" "${#fuzz_targets[@]} targets × ${fuzz_seconds}s (runs: ${runs%, }), then the corpus replayed" \
    "$verdict: $([ "$verdict" = ok ] && echo "0 crashes, 0 hangs" || echo "see fuzz/artifacts")" \
    $((SECONDS - fuzz_start)) "scripts/fuzz.sh $fuzz_seconds"
else
  echo "skipped: fuzzing needs the nightly toolchain and cargo-fuzz; replaying the corpus only"
  if cargo test --locked --manifest-path fuzz/Cargo.toml --quiet; then verdict=ok; else verdict=FAILED; failed=$((failed + 1)); fi
  row "Fuzzing" "skipped (no nightly or cargo-fuzz): corpus replayed" "$verdict" $((SECONDS - fuzz_start)) \
    "cargo test --manifest-path fuzz/Cargo.toml"
fi

fi

# The load suite at 5,000 customers on SQLite: the 1,000,000-customer banks take far
# longer than this command's bound to build; `scripts/load.sh --full` measures those
# and writes its own section of RELIABILITY.md.
load_start=$SECONDS
if [ "$mode" = smoke ]; then
  :
elif [ -x scripts/load.sh ]; then
  say "Load (scripts/load.sh --short)"
  if scripts/load.sh --short --skip-build 2>&1 | tee "$work/load.log"; then verdict=ok; else verdict=FAILED; failed=$((failed + 1)); fi
  # The run's total line: | run | requests | **all** | req/s | p50 | p95 | p99 | errors | 503 | RSS |
  IFS='|' read -r _ _ l_req _ l_rps l_p50 l_p95 l_p99 l_err l_503 l_rss _ <<<"$(grep -F '**all**' "$work/load.log" | tail -1)"
  trim() { local v=$1; v=${v#"${v%%[![:space:]]*}"}; echo "${v%"${v##*[![:space:]]}"}"; }
  row "Load" "16 clients × 30 s on SQLite, 5,000 customers: $(trim "${l_req:-0}") requests (sign-in, book, list pages, customer pages, reveals, contacts, complaint steps), $(trim "${l_rps:-0}") req/s, p50/p95/p99 $(trim "${l_p50:-?}")/$(trim "${l_p95:-?}")/$(trim "${l_p99:-?}") ms" \
    "$verdict: $(trim "${l_err:-?}") errors, $(trim "${l_503:-?}") shed (503), server peak RSS $(trim "${l_rss:-?}")" $((SECONDS - load_start)) "scripts/load.sh --short"
else
  echo "skipped: scripts/load.sh is not in this tree"
  row "Load" "skipped: scripts/load.sh is not in this tree" "–" 0 "scripts/load.sh --$mode"
fi

table() {
  echo "| Suite | What it did | Result | Seconds | Command |"
  echo "|---|---|---|---|---|"
  local r
  for r in "${rows[@]}"; do
    IFS='|' read -r a b c d e <<<"$r"
    echo "| $a | $b | $c | $d | \`$e\` |"
  done
}

say "Summary ($mode run, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores)"
table

if [ "$mode" = full ]; then
  section="$work/section.md"
  {
    echo "<!-- reliability:begin (written by scripts/reliability.sh; edit outside the markers) -->"
    echo "Last full run: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $((SECONDS / 60)) min in all, $(((SECONDS - suites_start) / 60)) min of suites after the build, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
    echo
    table
    echo "<!-- reliability:end -->"
  } >"$section"
  python3 - "$section" <<'EOF'
import re, sys
section = open(sys.argv[1]).read().rstrip("\n")
text = open("RELIABILITY.md").read()
pattern = re.compile(r"<!-- reliability:begin.*?<!-- reliability:end -->", re.S)
if pattern.search(text):
    text = pattern.sub(lambda _: section, text)
else:
    text = text.rstrip("\n") + "\n\n## Last full run\n\n" + section + "\n"
open("RELIABILITY.md", "w").write(text)
EOF
  echo "RELIABILITY.md: the table above written under \"Last full run\""
fi

if [ "$failed" -gt 0 ]; then
  echo "reliability: $failed suite(s) FAILED" >&2
  exit 1
fi
echo "reliability: every suite ok"
