#!/usr/bin/env bash
# One command to set up and run every test: formatting, the scoring crate's dependency
# allow-list, lints (native and wasm32), unit
# and property tests, the server's integration tests on a real SQLite file and a real
# PostgreSQL (started and stopped here), wasm tests in headless Chromium, the API against
# its OpenAPI document (openapi-spec-validator, Schemathesis), and end-to-end tests in
# Chromium against the release build served by the real server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/common.sh

work=$(mktemp -d /tmp/clientbook-test.XXXXXX)
chmod 755 "$work"
server_pids=()
cleanup() {
  local pid
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  jobs -p | xargs -r kill 2>/dev/null || true  # lanes still running after a failure
  scripts/pg.sh stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
step() {
  local name=$1 start=$SECONDS
  shift
  say "$name"
  "$@"
  passed=$((passed + 1))
  printf '    (%s: %ss)\n' "$name" $((SECONDS - start))
}

# Two steps that leave a core idle run side by side: `lane NAME CMD…` starts a step in the
# background with its output kept in a file; `join` waits for every lane, prints each
# one's output and time, and fails if any failed. (The release build's final link is one
# thread, Schemathesis one Python process; the crash suite mostly waits for restarts.)
# `join NAME…` waits for the lanes named only (a lane started early, such as
# Schemathesis, may be joined much later); `join` alone, for every lane.
lanes=()
lane_count=0
lane() {
  local name=$1 n=$lane_count
  shift
  lane_count=$((lane_count + 1))
  say "$name (side by side)"
  (
    start=$SECONDS
    if "$@" >"$work/lane$n.log" 2>&1; then rc=0; else rc=$?; fi
    echo $((SECONDS - start)) >"$work/lane$n.secs"
    exit $rc
  ) &
  lanes+=("$!|$name|$n")
}
join() {
  local entry pid name n failed=0 wanted kept=()
  for entry in "${lanes[@]}"; do
    IFS='|' read -r pid name n <<<"$entry"
    if [ $# -gt 0 ]; then
      for wanted in "$@"; do [ "$name" = "$wanted" ] && break; done
      [ "$name" = "$wanted" ] || { kept+=("$entry"); continue; }
    fi
    if wait "$pid"; then
      say "$name"
      cat "$work/lane$n.log"
      passed=$((passed + 1))
      printf '    (%s: %ss, side by side)\n' "$name" "$(cat "$work/lane$n.secs")"
    else
      say "FAILED: $name"
      cat "$work/lane$n.log"
      failed=1
    fi
  done
  lanes=("${kept[@]}")
  [ $failed = 0 ]
}

step "Formatting" cargo fmt --all -- --check
step "The scoring crate's dependencies are on its allow-list" scripts/check-domain-deps.sh
step "The release build's stamp: skips only when nothing changed" scripts/release-build-test.sh
step "Lints, native" cargo clippy --workspace --all-targets --locked -- -D warnings
step "Lints, wasm32" cargo clippy -p clientbook -p clientbook-domain --all-targets \
  --target wasm32-unknown-unknown --locked -- -D warnings

# The tests and the server binary are built first (seconds when warm), so that
# Schemathesis can start now: the API against its OpenAPI document, on a debug server of
# its own (fresh SQLite file, free port): the document validates, then Schemathesis finds
# no 5xx and no answer that differs from the document. It is the longest step (one
# Python process and a debug server, ~500 s) and needs nothing from the others, so it
# runs beside everything that follows: `cargo test` (its integration tests mostly wait
# for their databases: about a quarter of a core), the wasm tests, the release build and
# the end-to-end lanes, and is joined last with them.
step "Building the tests" cargo test --workspace --locked --no-run
export CLIENTBOOK_SERVER_BIN="$CARGO_TARGET_DIR/debug/clientbook-server"
step "OpenAPI document validates (openapi-spec-validator)" tests/api/run.sh validate
schemathesis="Schemathesis against the live server"
lane "$schemathesis" tests/api/run.sh schemathesis

say "Starting PostgreSQL for the integration tests"
pg_url=$(scripts/pg.sh start "$work/pg" "$(free_port)")
export CLIENTBOOK_TEST_POSTGRES_URL="$pg_url" CLIENTBOOK_REQUIRE_POSTGRES=1
step "Unit, property and integration tests (SQLite and PostgreSQL)" cargo test --workspace --locked
# The crash suite kills and restarts servers (it mostly waits), beside the fuzz corpus
# (replayed on stable; scripts/fuzz.sh fuzzes, on nightly) and the wasm tests.
reliability="Reliability, short: the crash suites (SQLite, PostgreSQL)"
lane "$reliability" scripts/reliability.sh --smoke
step "Fuzz corpus replayed" cargo test --manifest-path fuzz/Cargo.toml --locked

export CHROMEDRIVER=/usr/bin/chromedriver
step "Wasm tests in headless Chromium" \
  cargo test --target wasm32-unknown-unknown -p clientbook-domain -p clientbook --locked
join "$reliability"

# Skipped when dist/ is already the release build of these very inputs (the stamp:
# scripts/release-build.sh; its logic tested above): Trunk otherwise re-runs wasm-bindgen,
# wasm-opt -Oz and brotli 11, minutes on 2 cores, with nothing changed.
step "Release build of the app" scripts/release-build.sh
ls -l dist/*.wasm

# The end-to-end files in two lanes, each against a server of its own (a demo bank each,
# so neither lane sees the other's changes), side by side: a test mostly waits for the
# browser and the server, so two at once take little more than one. The demo bank is
# generated once (~11 s of a core in a debug build), on a template file by a server
# started and stopped for it; each lane's server starts on a copy (under a second).
declare -A e2e_url
start_e2e_server() {
  local n=$1 port
  port=$(free_port)
  "$CARGO_TARGET_DIR/debug/clientbook-server" --dist dist --listen "127.0.0.1:$port" \
    --database-url "sqlite://$work/e2e$n.sqlite" >"$work/server$n.log" 2>&1 &
  server_pids+=("$!")
  e2e_url[$n]="http://127.0.0.1:$port"
}
say "Generating the demo bank once, then starting two servers on a copy each"
start_e2e_server template
wait_for_url "${e2e_url[template]}/api/health" 180 || { cat "$work/servertemplate.log"; exit 1; }
# Stopped cleanly, the server leaves one file (its write-ahead log checkpointed).
kill "${server_pids[-1]}" && wait "${server_pids[-1]}" || true
unset 'server_pids[-1]'
for n in a b; do
  cp "$work/e2etemplate.sqlite" "$work/e2e$n.sqlite"
  start_e2e_server $n
done
for n in a b; do
  wait_for_url "${e2e_url[$n]}/api/health" 180 || { cat "$work/server$n.log"; exit 1; }
done
# The two lanes take files from one queue, longest first, so neither lane idles while
# the other still has a long file to run: each file's seconds in the last run that ran
# it are kept beside the build ($CARGO_TARGET_DIR/e2e-seconds); a file with none (a
# fresh clone, a new file) goes first, biggest file first among those.
e2e_times="$CARGO_TARGET_DIR/e2e-seconds"
ls -S tests/e2e/*.test.mjs | awk -v times="$e2e_times" '
  BEGIN { while ((getline line < times) > 0) { split(line, f, " "); secs[f[2]] = f[1] } }
  { print ($0 in secs ? secs[$0] : 1000000 - NR), $0 }' |
  sort -k1,1nr | cut -d' ' -f2 >"$work/e2e-queue"
echo 0 >"$work/e2e-next"
: >"$work/e2e-seconds"
e2e_lane() {
  local url=$1 i file failed=0 start
  while :; do
    i=$(flock "$work/e2e-next" sh -c 'i=$(cat "$1"); echo $((i + 1)) >"$1"; echo "$i"' _ "$work/e2e-next")
    file=$(sed -n "$((i + 1))p" "$work/e2e-queue")
    [ -n "$file" ] || break
    echo "=== $file"
    start=$SECONDS
    CLIENTBOOK_E2E_URL=$url node --test --test-concurrency=1 "$file" || failed=1
    echo "$((SECONDS - start)) $file" >>"$work/e2e-seconds"
  done
  return $failed
}
export CLIENTBOOK_SCREENSHOTS="$PWD/screenshots"
n_e2e=$(wc -l <"$work/e2e-queue")
lane "End-to-end tests in Chromium, lane a (of $n_e2e files)" e2e_lane "${e2e_url[a]}"
lane "End-to-end tests in Chromium, lane b (of $n_e2e files)" e2e_lane "${e2e_url[b]}"
e2e_joined=0
join || e2e_joined=$?  # Schemathesis and both end-to-end lanes
# Every file's time, for the next run's queue (kept from a failed run too: a file's
# length hardly depends on whether it passed).
mkdir -p "$(dirname "$e2e_times")"
sort -k1,1nr "$work/e2e-seconds" | tee "$e2e_times.new" | awk '{ printf "    %4ss %s\n", $1, $2 }'
mv "$e2e_times.new" "$e2e_times"
[ "$e2e_joined" = 0 ]
echo "Screenshots: $CLIENTBOOK_SCREENSHOTS"
echo "checks: $passed passed, 0 failed"
