#!/usr/bin/env bash
# The API against its own description. `validate`: /api/openapi.json is a valid OpenAPI
# document (openapi-spec-validator). `schemathesis`: requests generated from that document
# go to the live server, signed in as rm01, compliance01, manager01 and admin, and every
# answer is checked: never a 5xx, a documented status code and content type, a body that
# matches the documented schema. Seeded, so a run repeats the same requests.
#
#   tests/api/run.sh [validate|schemathesis|all]      # default: all
#       starts its own debug server on a fresh SQLite file and a free port, stops it after
#   CLIENTBOOK_API_URL=http://127.0.0.1:8080 tests/api/run.sh ...
#       against a server already running on a fresh demo bank (SQLite or PostgreSQL),
#       which the run changes for good: notes, complaints and users are created, users
#       disabled, passwords reset, the policy replaced
#   CLIENTBOOK_SERVER_BIN=path/to/clientbook-server tests/api/run.sh ...
#       that server binary instead of building one
#   CLIENTBOOK_API_EXAMPLES=200 tests/api/run.sh schemathesis
#       more generated cases per operation (default 25); CLIENTBOOK_API_SEED changes the seed
#
# The tools come from scripts/setup.sh (a venv pinned by tests/api/requirements.txt).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/common.sh

what=${1:-all}
case $what in validate | schemathesis | all) ;; *)
  echo "usage: $0 [validate|schemathesis|all]" >&2
  exit 2
  ;;
esac
venv="${CLIENTBOOK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/clientbook/venv}"
if [ ! -x "$venv/bin/schemathesis" ] || [ ! -x "$venv/bin/openapi-spec-validator" ]; then
  echo "The API tools are missing from $venv: run scripts/setup.sh first." >&2
  exit 1
fi
examples=${CLIENTBOOK_API_EXAMPLES:-25}
seed=${CLIENTBOOK_API_SEED:-20260615}

work=$(mktemp -d /tmp/clientbook-api.XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

url=${CLIENTBOOK_API_URL:-}
if [ -z "$url" ]; then
  # scripts/test.sh passes the server its tests just built; alone, build it.
  server=${CLIENTBOOK_SERVER_BIN:-}
  if [ -z "$server" ]; then
    cargo build -p clientbook-server --locked --quiet
    server="$CARGO_TARGET_DIR/debug/clientbook-server"
  fi
  port=$(free_port)
  url="http://127.0.0.1:$port"
  mkdir -p "$work/dist"
  echo '<!DOCTYPE html><html><head></head><body></body></html>' >"$work/dist/index.html"
  # A small demo bank as of a fixed date: the same data, so the same requests, every run.
  "$server" --dist "$work/dist" --listen "127.0.0.1:$port" \
    --database-url "sqlite://$work/api.sqlite" --demo-customers 300 --demo-as-of 2026-06-15 \
    >"$work/server.log" 2>&1 &
  server_pid=$!
  wait_for_url "$url/api/health" 180 || {
    cat "$work/server.log"
    exit 1
  }
fi
show_server_log() {
  [ -f "$work/server.log" ] || return 0
  echo "--- server log (errors and warnings) ---"
  grep -E 'ERROR|WARN' "$work/server.log" | tail -50 || true
}

if [ "$what" != schemathesis ]; then
  curl -fsS "$url/api/openapi.json" -o "$work/openapi.json"
  # Its messages quote the whole document: the first 2,000 characters of each line tell.
  "$venv/bin/openapi-spec-validator" --validation-errors all "$work/openapi.json" 2>&1 |
    cut -c1-2000
fi
[ "$what" = validate ] && exit 0

# session USER: the value of the session cookie after signing in as USER.
session() {
  curl -fsS -D "$work/headers" -o /dev/null -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"clientbook-demo\"}" "$url/api/session"
  sed -n 's/^[Ss]et-[Cc]ookie: cb_session=\([^;]*\);.*/\1/p' "$work/headers" | head -1
}
# Sign everyone in first: generated sign-in attempts may lock an account later on.
rm01=$(session rm01)
compliance01=$(session compliance01)
manager01=$(session manager01)
admin=$(session admin)
signout=$(session rm02)

failed=0
# fuzz LABEL SESSION [schemathesis filter options...]
fuzz() {
  local label=$1 token=$2 rc=0
  shift 2
  say "Schemathesis as $label"
  "$venv/bin/python" tests/api/schemathesis_config.py "$url" "$token" >"$work/$label.toml"
  (cd "$work" && "$venv/bin/schemathesis" --config-file "$work/$label.toml" \
    run "$url/api/openapi.json" \
    --header "Cookie: cb_session=$token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$examples" --seed "$seed" \
    --generation-database none --workers 1 --request-timeout 30 --no-color \
    --output-truncate false "$@") || rc=$?
  if [ "$rc" != 0 ]; then
    failed=1
    show_server_log
  fi
}

not_sign_out=(--exclude-name "DELETE /api/session")
fuzz rm01 "$rm01" "${not_sign_out[@]}"
fuzz compliance01 "$compliance01" "${not_sign_out[@]}"
# A branch manager gives customers to the RMs of the branch.
fuzz manager01 "$manager01" "${not_sign_out[@]}" --include-tag contact
# Ending the session would turn every later request of a run into a 401: sign-out runs on
# its own, with a session of its own.
fuzz rm02-sign-out "$signout" --include-name "DELETE /api/session"
# Last: the admin may disable the others (ending their sessions), reset their passwords
# and change the policy.
fuzz admin "$admin" "${not_sign_out[@]}" --include-tag users --include-tag policy \
  --include-tag audit

if [ "$failed" != 0 ]; then
  echo "Schemathesis found failures (above)." >&2
  exit 1
fi
