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
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
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

step "Formatting" cargo fmt --all -- --check
step "The scoring crate's dependencies are on its allow-list" scripts/check-domain-deps.sh
step "Lints, native" cargo clippy --workspace --all-targets --locked -- -D warnings
step "Lints, wasm32" cargo clippy -p clientbook -p clientbook-domain --all-targets \
  --target wasm32-unknown-unknown --locked -- -D warnings

say "Starting PostgreSQL for the integration tests"
pg_url=$(scripts/pg.sh start "$work/pg" "$(free_port)")
export CLIENTBOOK_TEST_POSTGRES_URL="$pg_url" CLIENTBOOK_REQUIRE_POSTGRES=1
step "Unit, property and integration tests (SQLite and PostgreSQL)" cargo test --workspace --locked
step "Reliability, short: the crash suites (SQLite, PostgreSQL)" scripts/reliability.sh --smoke

# The fuzz targets' corpus, replayed on stable (scripts/fuzz.sh fuzzes, on nightly).
step "Fuzz corpus replayed" cargo test --manifest-path fuzz/Cargo.toml --locked

export CHROMEDRIVER=/usr/bin/chromedriver
step "Wasm tests in headless Chromium" \
  cargo test --target wasm32-unknown-unknown -p clientbook-domain -p clientbook --locked

# The API against its OpenAPI document, on a debug server of its own (fresh SQLite file,
# free port): the document validates, then Schemathesis finds no 5xx and no answer that
# differs from the document.
export CLIENTBOOK_SERVER_BIN="$CARGO_TARGET_DIR/debug/clientbook-server"
step "OpenAPI document validates (openapi-spec-validator)" tests/api/run.sh validate
step "Schemathesis against the live server" tests/api/run.sh schemathesis

step "Release build of the app" trunk build --release
ls -l dist/*.wasm

port=$(free_port)
say "Starting the server on 127.0.0.1:$port with a fresh demo bank"
"$CARGO_TARGET_DIR/debug/clientbook-server" --dist dist --listen "127.0.0.1:$port" \
  --database-url "sqlite://$work/e2e.sqlite" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_url "http://127.0.0.1:$port/api/health" 180 || { cat "$work/server.log"; exit 1; }

export CLIENTBOOK_E2E_URL="http://127.0.0.1:$port" CLIENTBOOK_SCREENSHOTS="$PWD/screenshots"
step "End-to-end tests in Chromium" node --test --test-concurrency=1 tests/e2e/
echo "Screenshots: $CLIENTBOOK_SCREENSHOTS"
echo "checks: $passed passed, 0 failed"
