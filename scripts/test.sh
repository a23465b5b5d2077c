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
# Six tests at a time, not libtest's one per core: the server's integration tests mostly
# wait (for their databases, for a server started beside them), so on 2 cores the `it`
# binary took 94 s with two threads, 83 s with four, 63 s with six or eight.
step "Unit, property and integration tests (SQLite and PostgreSQL)" \
  cargo test --workspace --locked -- --test-threads=6
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

# The end-to-end files in three lanes against a server each on copies of one demo bank, one
# queue longest file first (scripts/e2e.sh), beside Schemathesis (one join for both).
export CLIENTBOOK_SCREENSHOTS="$PWD/screenshots"
lane "End-to-end tests in Chromium, in lanes (of $(ls tests/e2e/*.test.mjs | wc -l) files)" scripts/e2e.sh
join  # Schemathesis and the end-to-end lanes
echo "Screenshots: $CLIENTBOOK_SCREENSHOTS"
echo "checks: $passed passed, 0 failed"
