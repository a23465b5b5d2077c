#!/usr/bin/env bash
# First load and the book on the wire of this tree ("after"), and with --before REV a build
# of REV beside it, side by side in one run:
#   scripts/bench-load.sh [--before REV] [--skip-build] [--start-up-only]
# - bytes of the app (wasm, JS, CSS) raw / gzip -9 / brotli 11 and the whole first load
#   as the browser receives it (the server's answer with Accept-Encoding: br);
# - Lighthouse 12 (npm lighthouse@12.2.3, Debian's Chromium) mobile and desktop, on the
#   sign-in page and on home: performance, accessibility and best-practices scores, LCP,
#   FCP, TBT, CLS and the bytes Lighthouse counts;
# - rm01's GET /api/book/columns: bytes and time for a full answer and for a reload that
#   gets 304, one client and 8 at once.
# "Before" (only with --before) is REV built once into a temporary folder and served by the
# same server, so only the app differs. Bounded: each Lighthouse run
# has 150 s (median of LH_RUNS=3 mobile, LH_DESKTOP_RUNS=3 desktop); the book part a minute. Builds are the long part (first time ~15 min).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

before_rev=""
skip_build=0
start_up_only=0
while [ $# -gt 0 ]; do
  case $1 in
    --before) before_rev=$2; shift 2 ;;
    --skip-build) skip_build=1; shift ;;
    --start-up-only) start_up_only=1; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
builds=(after)
[ -n "$before_rev" ] && builds=(before after)
work=${CLIENTBOOK_BENCH_DIR:-/tmp/clientbook-bench}
mkdir -p "$work"
say "Machine: $(nproc) CPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), \
$(free -g | awk '/^Mem/ {print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg); \
$(${CHROME_PATH:-/usr/bin/chromium} --version 2>/dev/null); lighthouse $(lighthouse --version 2>/dev/null); \
$(trunk --version); $(rustc --version | cut -d' ' -f1-2); $(date -u '+%Y-%m-%d %H:%M UTC')"
# With CLIENTBOOK_BENCH_FIGURES set (scripts/bench.sh), the headline figures also go there.
fig() { [ -z "${CLIENTBOOK_BENCH_FIGURES:-}" ] || printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$CLIENTBOOK_BENCH_FIGURES"; }
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; true; }
trap cleanup EXIT

# --- builds -----------------------------------------------------------------------------
if [ $skip_build = 0 ]; then
  say "Building the app (this tree)${before_rev:+ and before ($before_rev)}"
  trunk build --release
  if [ -n "$before_rev" ]; then
    rm -rf "$work/src-before" "$work/target-before" && mkdir -p "$work/src-before"
    # REV's sources dated now (tar -m), built in a copy of the release build's target
    # folder (dependencies kept, ~0.6 GB): cargo tells by dates whether the app must be
    # compiled again, and files dated at REV's commit, older than this tree's build, would
    # pass this tree's wasm off as REV's in a shared folder (and REV's as this tree's next).
    git archive "$before_rev" | tar -x -m -C "$work/src-before"
    mkdir -p "$work/target-before/wasm32-unknown-unknown"
    cp -a "$CARGO_TARGET_DIR/release" "$work/target-before/"
    cp -a "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release" "$work/target-before/wasm32-unknown-unknown/"
    ln -sfn "$PWD/node_modules" "$work/src-before/node_modules"
    (cd "$work/src-before" &&
      CARGO_TARGET_DIR="$work/target-before" trunk build --release --dist "$work/before")
    rm -rf "$work/target-before"
  fi
  say "Building the server"
  cargo build --profile server -p clientbook-server
fi
server=${CLIENTBOOK_SERVER_BIN:-$CARGO_TARGET_DIR/server/clientbook-server}
rm -rf "$work/after" && cp -r dist "$work/after"

# --- bytes --------------------------------------------------------------------------------
sizes() { # FILE... -> raw gzip br (summed)
  local raw=0 gz=0 br=0 f
  for f in "$@"; do
    raw=$((raw + $(stat -c %s "$f")))
    gz=$((gz + $(gzip -9 -n -c "$f" | wc -c)))
    br=$((br + $(brotli -q 11 -c "$f" | wc -c)))
  done
  echo "$raw $gz $br"
}
say "Bytes (raw / gzip -9 / brotli 11)"
printf '%-7s %-9s %10s %10s %10s\n' build kind raw gzip br
for which in "${builds[@]}"; do
  d=$work/$which
  # The wasm the page names is the first load's; with the split by route
  # (scripts/wasm-split.sh) the other .wasm files are the lazy pages' parts.
  first_wasm=$(grep -oE '[A-Za-z0-9._-]+\.wasm\b' "$d/index.html" | sort -u | sed "s#^#$d/#")
  for kind in wasm js css lazy-wasm; do
    case $kind in
      wasm) mapfile -t files < <(echo "$first_wasm") ;;
      lazy-wasm) mapfile -t files < <(find "$d" -maxdepth 1 -name "*.wasm" | sort | grep -vxF "$first_wasm") ;;
      *) mapfile -t files < <(find "$d" -maxdepth 1 -name "*.$kind" | sort) ;;
    esac
    [ ${#files[@]} -gt 0 ] && [ -n "${files[0]}" ] || { printf '%-7s %-9s %10s\n' "$which" "$kind" none; continue; }
    read -r raw gz br < <(sizes "${files[@]}")
    printf '%-7s %-9s %10d %10d %10d\n' "$which" "$kind" "$raw" "$gz" "$br"
    if [ "$which" = after ]; then
      case $kind in
        wasm) fig "wasm bytes at start (raw / brotli 11)" "$raw / $br" "the whole first load ≤ 250 KB br" ;;
        lazy-wasm) fig "wasm of the lazy pages, ${#files[@]} files (raw / brotli 11)" "$raw / $br" "(loaded when a page needs it)" ;;
        *) fig "$kind bytes (raw / brotli 11)" "$raw / $br" "(part of the first load)" ;;
      esac
    fi
  done
done

# --- a server per build -------------------------------------------------------------------
start_server() { # DIST (a fresh 5,000-customer demo bank each time)
  cleanup
  local port db
  port=$(free_port)
  db="$work/bench-$1.sqlite"
  rm -f "$db" "$db-wal" "$db-shm"
  "$server" --dist "$work/$1" --listen "127.0.0.1:$port" --database-url "sqlite://$db" \
    >"$work/server-$1.log" 2>&1 &
  server_pid=$!
  base="http://127.0.0.1:$port"
  wait_for_url "$base/api/health" 300 || { cat "$work/server-$1.log"; exit 1; }
}

wire_bytes() { first_load_bytes "$base"; } # scripts/common.sh

lighthouse_run() { # URL PRESET [USER] -> "perf a11y best lcp_ms fcp_ms tbt_ms cls bytes"
  # With USER, home as USER sees it after signing in: a Chromium of our own is signed in
  # through the app's form and its caches emptied (scripts/lighthouse-signed-in.mjs), then
  # Lighthouse runs in it without resetting storage (cookie and sign-in hint kept).
  local out=$work/lh.json extra=() chrome_pid="" port
  [ "$2" = desktop ] && extra=(--preset=desktop)
  if [ -n "${3:-}" ]; then
    port=$(free_port)
    rm -rf "$work/lh-profile"
    ${CHROME_PATH:-/usr/bin/chromium} --headless=new --no-sandbox --disable-gpu \
      --remote-debugging-port="$port" --user-data-dir="$work/lh-profile" about:blank \
      >/dev/null 2>&1 &
    chrome_pid=$!
    wait_for_url "http://127.0.0.1:$port/json/version" 30 >/dev/null
    if ! timeout 120 node scripts/lighthouse-signed-in.mjs "${1%/}" "$port" "$3" clientbook-demo >&2; then
      kill "$chrome_pid" 2>/dev/null
      echo "lighthouse failed (signing in)"
      return
    fi
    extra+=(--port="$port" --disable-storage-reset)
  fi
  CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} timeout 150 lighthouse "$1" "${extra[@]}" \
    --only-categories=performance,accessibility,best-practices --output=json --output-path="$out" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>&1 || {
    [ -n "$chrome_pid" ] && kill "$chrome_pid" 2>/dev/null
    echo "lighthouse failed"
    return
  }
  [ -n "$chrome_pid" ] && { kill "$chrome_pid" 2>/dev/null; wait "$chrome_pid" 2>/dev/null; }
  node -e '
    const r = require(process.argv[1]); const a = r.audits;
    const v = (k) => Math.round(a[k].numericValue);
    const c = (k) => Math.round(r.categories[k].score * 100);
    console.log([c("performance"), c("accessibility"), c("best-practices"), v("largest-contentful-paint"),
      v("first-contentful-paint"), v("total-blocking-time"),
      a["cumulative-layout-shift"].numericValue.toFixed(3), v("total-byte-weight")].join(" "));
  ' "$out"
}

say "First load and Lighthouse (scores; LCP/FCP/TBT in ms; bytes as Lighthouse counts)"
printf '%-7s %-7s %-8s %5s %5s %5s %6s %6s %6s %6s %9s\n' build page preset perf a11y best lcp fcp tbt cls bytes
declare -A wire
for which in "${builds[@]}"; do
  start_server "$which"
  wire[$which]=$(wire_bytes)
  # "home" without a session is the sign-in form again (the app sends you there);
  # "home+rm01" is home as rm01 sees it once signed in: the wasm, /api/me, the book, its
  # scoring and the charts all count.
  for page in login home home+rm01; do
    path=/login user=""
    [ $page != login ] && path=/
    [ $page = home+rm01 ] && user=rm01
    for preset in mobile desktop; do
      # Mobile is simulated on a slowed CPU and varies with the machine's load: the
      # median of $LH_RUNS runs (by score). Desktop too, of three (a single desktop run of
      # the sign-in page once scored 87 where the others score 99-100).
      runs=${LH_DESKTOP_RUNS:-3}
      [ $preset = mobile ] && runs=${LH_RUNS:-3}
      # The median run by performance score, then every run's score and TBT (the spread
      # says how much the machine's load moved it).
      result=$(for _ in $(seq "$runs"); do lighthouse_run "$base$path" $preset "$user"; done |
        sort -n | awk '{r[NR] = $0; split($0, f, " "); all = all " " f[1] "/" f[6]}
          END {print r[int((NR + 1) / 2)] "   runs (perf/tbt):" all}')
      printf '%-7s %-7s %-8s %s\n' "$which" "$page" "$preset" "$result"
      if [ "$which" = after ]; then
        read -r perf a11y _ lcp _ tbt _ <<<"$result"
        if [ $preset = mobile ]; then
          fig "Lighthouse mobile, $page: performance / accessibility; LCP; TBT" "$perf / $a11y; ${lcp} ms; ${tbt} ms" "performance ≥ 95; LCP ≤ 2,000 ms"
        else
          fig "Lighthouse desktop, $page: performance / accessibility" "$perf / $a11y" "keep 99 / 100"
        fi
      fi
    done
  done
done
for which in "${builds[@]}"; do
  echo "first load on the wire ($which, brotli as served): ${wire[$which]} B"
  fig "whole first load on the wire ($which: page + every file it names, brotli as served)" "${wire[$which]} B" "≤ 250 KB"
done

[ $start_up_only = 1 ] && exit 0

# --- the book: full answer vs 304 ------------------------------------------------------------
say "rm01's book (GET /api/book/columns, Accept-Encoding: br) on the after server"
jar=$work/cookies.txt
curl -s -c "$jar" -H 'Content-Type: application/json' \
  -d '{"username":"rm01","password":"clientbook-demo"}' "$base/api/session" >/dev/null
book() { # [ETAG] -> "status bytes_body bytes_headers seconds"
  local extra=()
  [ -n "${1:-}" ] && extra=(-H "If-None-Match: $1")
  curl -s -b "$jar" -H 'Accept-Encoding: br' "${extra[@]}" -o /dev/null \
    -w '%{http_code} %{size_download} %{size_header} %{time_total}\n' "$base/api/book/columns"
}
etag=$(curl -s -b "$jar" -D - -o /dev/null "$base/api/book/columns" | tr -d '\r' |
  awk -F': ' 'tolower($1) == "etag" {print $2}')
raw=$(curl -s -b "$jar" -o /dev/null -w '%{size_download}' "$base/api/book/columns")
p50() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for kind in full 304; do
  tag=""
  [ $kind = 304 ] && tag=$etag
  read -r status body headers _ < <(book "$tag")
  one=$(for _ in $(seq 9); do book "$tag"; done | awk '{print $4 * 1000}' | p50)
  export -f book
  export jar base
  eight=$(seq 40 | xargs -P 8 -I{} bash -c "book '$tag'" | awk '{print $4 * 1000}' | p50)
  printf '%-4s status=%s body=%sB headers=%sB p50_1_client=%.0fms p50_8_clients=%.0fms\n' \
    "$kind" "$status" "$body" "$headers" "$one" "$eight"
done
echo "uncompressed body: ${raw} B; ETag $etag"
