#!/usr/bin/env bash
# The split wasm against one module, side by side (ARCHITECTURE.md "Splitting the wasm"):
#   scripts/wasm-split-bench.sh BEFORE_DIST AFTER_DIST [ROUNDS]
# Two servers (one per build, a demo bank each), then ROUNDS (default 3) rounds that
# alternate the builds: Lighthouse 12 mobile on the sign-in page and on home as rm01
# (signed in by scripts/lighthouse-signed-in.mjs, as scripts/bench-load.sh does), and the
# first load on the wire (the page and every file it names, and for the split build the
# link module the glue imports; brotli as served). Prints every run and the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
before=$1 after=$2 rounds=${3:-3}
server=${CLIENTBOOK_SERVER_BIN:-$CARGO_TARGET_DIR/debug/clientbook-server}
work=$(mktemp -d /tmp/wasm-split-bench.XXXXXX)
pids=()
cleanup() { local p; for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
declare -A base
for which in before after; do
  dist=$before
  [ $which = after ] && dist=$after
  port=$(free_port)
  "$server" --dist "$dist" --listen "127.0.0.1:$port" --database-url "sqlite://$work/$which.sqlite" \
    >"$work/server-$which.log" 2>&1 &
  pids+=($!)
  base[$which]="http://127.0.0.1:$port"
done
for which in before after; do wait_for_url "${base[$which]}/api/health" 300; done
say "Machine: $(nproc) CPU, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"

wire() { first_load_bytes "$1"; } # scripts/common.sh

lh() { # URL [USER] -> "perf lcp_ms tbt_ms bytes"
  local out=$work/lh.json extra=() chrome_pid="" port
  if [ -n "${2:-}" ]; then
    port=$(free_port)
    rm -rf "$work/profile"
    ${CHROME_PATH:-/usr/bin/chromium} --headless=new --no-sandbox --disable-gpu \
      --remote-debugging-port="$port" --user-data-dir="$work/profile" about:blank >/dev/null 2>&1 &
    chrome_pid=$!
    wait_for_url "http://127.0.0.1:$port/json/version" 30 >/dev/null
    timeout 120 node scripts/lighthouse-signed-in.mjs "${1%/}" "$port" "$2" clientbook-demo >&2 ||
      { kill "$chrome_pid"; echo "failed"; return; }
    extra=(--port="$port" --disable-storage-reset)
  fi
  CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} timeout 150 lighthouse "$1" "${extra[@]}" \
    --only-categories=performance --output=json --output-path="$out" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>&1 || echo "failed" >"$out.failed"
  [ -n "$chrome_pid" ] && { kill "$chrome_pid" 2>/dev/null; wait "$chrome_pid" 2>/dev/null || true; }
  [ -f "$out.failed" ] && { rm -f "$out.failed"; echo "failed"; return; }
  node -e '
    const r = require(process.argv[1]); const a = r.audits;
    const v = (k) => Math.round(a[k].numericValue);
    console.log([Math.round(r.categories.performance.score * 100), v("largest-contentful-paint"),
      v("total-blocking-time"), v("total-byte-weight")].join(" "));
  ' "$out"
}

for which in before after; do echo "first load on the wire ($which): $(wire "${base[$which]}") B"; done
printf '%-6s %-7s %-10s %5s %6s %6s %9s\n' round build page perf lcp tbt bytes
for round in $(seq "$rounds"); do
  for which in before after; do
    printf '%-6s %-7s %-10s %s\n' "$round" "$which" login "$(lh "${base[$which]}/login")"
    printf '%-6s %-7s %-10s %s\n' "$round" "$which" home+rm01 "$(lh "${base[$which]}/" rm01)"
  done
done | tee "$work/runs"
say "Medians (Lighthouse mobile: performance, LCP ms, TBT ms, bytes)"
for which in before after; do
  for page in login home+rm01; do
    awk -v w=$which -v p=$page '$2 == w && $3 == p && $4 != "failed" {print $4, $5, $6, $7}' "$work/runs" |
      sort -n | awk -v w=$which -v p=$page '{r[NR] = $0} END {print w, p, r[int((NR + 1) / 2)], "(" NR " runs)"}'
  done
done
