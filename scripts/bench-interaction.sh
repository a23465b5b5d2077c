#!/usr/bin/env bash
# Interaction in Chromium on the release build (issue 16):
#   scripts/bench-interaction.sh [--skip-build] [--customers N | --bank FILE] [--runs N]
# Serves the release build (`dist`, `trunk build --release`) with the `server`-profile
# server on a fresh demo bank (5,000 customers by default; --customers 100000 for the
# issue's 100k book, which takes minutes to generate) and, for an RM's book (rm01) and a
# big-scope user (compliance01: the whole bank), at desk and tablet sizes, times in the
# page: sign-in → home, opening the list, a search keystroke (and the same search in
# hand-written JS: the ratio), a filter, a sort, dropped frames while scrolling 5 s,
# opening a customer and a what-if, medians of --runs (5) fresh sessions
# (scripts/bench-interaction.mjs). Prints a Markdown section; speed is reported, never
# asserted. BENCH_INTERACTION_SECONDS bounds the whole (no new run starts after it).
# The server binary may be given in CLIENTBOOK_SERVER_BIN (then it is not built).
# --bank FILE: a copy of that SQLite bank instead of a fresh one (e.g. the cached bank of
# a million of scripts/load.sh); each user's figures are then made fresh before the runs
# (a big scope's first figures take minutes: what is timed is home as a user meets it
# once the server has them). With BENCH_STEPS=home only sign-in → home and a reload.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
skip_build=0 customers=5000 runs=5 bank=""
while [ $# -gt 0 ]; do
  case $1 in
    --skip-build) skip_build=1; shift ;;
    --customers) customers=$2; shift 2 ;;
    --bank) bank=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--skip-build] [--customers N | --bank FILE] [--runs N]" >&2; exit 2 ;;
  esac
done
work=${CLIENTBOOK_BENCH_DIR:-/tmp/clientbook-bench}/interaction
rm -rf "$work" && mkdir -p "$work"
server_pid=""
cleanup() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi; server_pid=""; }
trap cleanup EXIT
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [ $skip_build = 0 ]; then
  log "Building the app (release)"
  trunk build --release >&2
  if [ -z "${CLIENTBOOK_SERVER_BIN:-}" ]; then
    log "Building the server (server profile)"
    cargo build -q --profile server -p clientbook-server >&2
  fi
fi
[ -f dist/index.html ] || { echo "no release build in dist/ (run without --skip-build)" >&2; exit 1; }
server=${CLIENTBOOK_SERVER_BIN:-$CARGO_TARGET_DIR/server/clientbook-server}

port=$(free_port)
started=$SECONDS
if [ -n "$bank" ]; then
  log "A copy of $bank on port $port"
  [ -f "$bank-wal" ] && sqlite3 "$bank" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
  cp "$bank" "$work/bank.sqlite"
  customers=$(sqlite3 "$work/bank.sqlite" 'SELECT COUNT(*) FROM customers')
  made="a copy of $(basename "$bank") ($customers customers)"
else
  log "A fresh demo bank of $customers customers on port $port"
fi
"$server" --dist dist --listen "127.0.0.1:$port" --database-url "sqlite://$work/bank.sqlite" \
  --demo-customers "$customers" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_url "http://127.0.0.1:$port/api/health" 3600 || { tail -20 "$work/server.log" >&2; exit 1; }
generated=$((SECONDS - started))
made=${made:-"fresh SQLite demo bank of $customers customers (generated in ${generated} s)"}
if [ -n "$bank" ]; then
  for user in $(echo "${BENCH_USERS:-rm01,compliance01}" | tr ',' ' '); do
    log "Figures of $user's scope made fresh before the runs"
    jar=$work/jar-$user
    curl -sS -o /dev/null -c "$jar" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$user\",\"password\":\"clientbook-demo\"}" "http://127.0.0.1:$port/api/session"
    for _ in $(seq 1 180); do
      curl -sS --max-time 1200 -b "$jar" "http://127.0.0.1:$port/api/scope/figures" | grep -q '"stale":false' && break
      sleep 5
    done
  done
fi

log "Interaction: rm01 and compliance01, desk and tablet, $runs runs each"
echo "Chromium $(chromium --version 2>/dev/null | awk '{print $2}'), release build of $(git rev-parse --short HEAD), \
server \`$(basename "$(dirname "$server")")\` profile, $made, load average before $(cut -d' ' -f1-3 /proc/loadavg)."
echo
# Whatever is left of BENCH_INTERACTION_SECONDS after the bank was generated.
budget=$(( ${BENCH_INTERACTION_SECONDS:-0} > 0 ? BENCH_INTERACTION_SECONDS - SECONDS : 0 ))
[ "${BENCH_INTERACTION_SECONDS:-0}" -gt 0 ] && [ "$budget" -lt 1 ] && budget=1
CLIENTBOOK_E2E_URL="http://127.0.0.1:$port" BENCH_RUNS=$runs BENCH_SECONDS=$budget node scripts/bench-interaction.mjs
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
