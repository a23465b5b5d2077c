#!/usr/bin/env bash
# The book on the wire: JSON columns vs the compact book (issue 16), side by side in one run.
#   scripts/bench-book.sh [--skip-build] [--big]
# 1. generated books of 600 / 2,000 / 5,000 / 100,000 customers (seed 42): bytes raw,
#    gzip -9, brotli 4 (what the server's compression layer uses) and brotli 11, and the
#    native encode / decode time (release, median of 5);
# 2. the same books decoded and scored in headless Chromium (release wasm), median of 5
#    (3 at 100k): decode, score, and their sum;
# 3. the real server (`server` profile) on a fresh 5,000-customer demo bank: rm01 (~600)
#    and compliance01 (5,000), each format: bytes on the wire (Accept-Encoding: br) and
#    the server's time to the last byte (curl, median of 5); with --big also a
#    100,000-customer bank (compliance01: 100,000; generating it takes minutes).
# Prints a Markdown section on stdout; speed is reported, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
skip_build=0 big=0
while [ $# -gt 0 ]; do
  case $1 in
    --skip-build) skip_build=1; shift ;;
    --big) big=1; shift ;;
    *) echo "usage: $0 [--skip-build] [--big]" >&2; exit 2 ;;
  esac
done
work=${CLIENTBOOK_BENCH_DIR:-/tmp/clientbook-bench}/book
rm -rf "$work" && mkdir -p "$work"
# With CLIENTBOOK_BENCH_FIGURES set (scripts/bench.sh), the headline figures also go there.
fig() { [ -z "${CLIENTBOOK_BENCH_FIGURES:-}" ] || printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$CLIENTBOOK_BENCH_FIGURES"; }
server_pid=""
cleanup() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi; server_pid=""; }
trap cleanup EXIT
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
field() { # LINE NAME -> value of NAME=value
  tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"
}
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# --- 1. bytes and native time -------------------------------------------------------------
log "Generated books: both formats, native encode/decode (release)"
cargo run -q --release -p clientbook-domain --example book_wire --features synth -- "$work" \
  >"$work/native.txt"
echo "### Generated books (seed 42): bytes"
echo
echo "| customers | format | raw | gzip -9 | brotli 4 | brotli 11 | br 11 per customer |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"
for n in 600 2000 5000 100000; do
  for f in json cbk; do
    file=$work/synth-$n.$f
    raw=$(stat -c %s "$file")
    gz=$(gzip -9 -n -c "$file" | wc -c)
    br4=$(brotli -q 4 -c "$file" | wc -c)
    # Brotli 11 over the 100k JSON takes tens of minutes on 2 cores: bounded to 5k.
    if [ "$n" -le 5000 ]; then br11=$(brotli -q 11 -c "$file" | wc -c); else br11=""; fi
    name=$([ $f = json ] && echo "JSON columns" || echo "compact")
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$name" "$raw" "$gz" "$br4" "${br11:-not run}" \
      "$([ -n "$br11" ] && echo $((br11 / n)) || echo "$((br4 / n)) (br 4)")"
    if [ "$n" = 600 ]; then
      if [ $f = json ]; then json600=$br11; else
        fig "book of 600 on the wire, brotli 11 per customer: compact (JSON columns)" "$((br11 / n)) B ($((json600 / n)) B); compact ÷ JSON $(awk "BEGIN {printf \"%.2f\", $br11 / $json600}")" "≤ 120 B"
      fi
    fi
  done
done
echo
echo "### Generated books: time (ms, median of 5)"
echo
echo "| customers | native encode JSON | native encode compact | native decode JSON | native decode compact | wasm decode JSON | wasm decode compact | wasm score | wasm decode + score JSON | wasm decode + score compact |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"

# --- 2. wasm in headless Chromium ----------------------------------------------------------
log "Decode and score in headless Chromium (release wasm)"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
timeout 1200 cargo test --release -p clientbook-domain --features bench \
  --target wasm32-unknown-unknown --test book_wire_wasm -- --nocapture 2>&1 |
  grep -E '^wasm-wire ' >"$work/wasm.txt" || true
while read -r line; do
  n=$(field "$line" n)
  w_json=$(grep -E "^wasm-wire n=$n format=json " "$work/wasm.txt" || true)
  w_cbk=$(grep -E "^wasm-wire n=$n format=compact " "$work/wasm.txt" || true)
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" \
    "$(field "$line" json_encode_ms)" "$(field "$line" compact_encode_ms)" \
    "$(field "$line" json_decode_ms)" "$(field "$line" compact_decode_ms)" \
    "$(field "$w_json" decode_ms)" "$(field "$w_cbk" decode_ms)" "$(field "$w_cbk" score_ms)" \
    "$(field "$w_json" total_ms)" "$(field "$w_cbk" total_ms)"
  if [ "$n" = 2000 ]; then
    fig "book of 2,000: decode + score in wasm, compact (JSON columns)" "$(field "$w_cbk" total_ms) ms ($(field "$w_json" total_ms) ms)" "< 100 ms"
  fi
done <"$work/native.txt"
echo

# --- 3. the real server ----------------------------------------------------------------------
if [ $skip_build = 0 ]; then
  log "Building the server (server profile)"
  cargo build -q --profile server -p clientbook-server >&2
fi
server=${CLIENTBOOK_SERVER_BIN:-$CARGO_TARGET_DIR/server/clientbook-server}
mkdir -p "$work/dist" && echo '<!DOCTYPE html><title>bench</title>' >"$work/dist/index.html"
echo "### The real server (\`server\` profile, SQLite, demo bank)"
echo
echo "| bank | user | customers | format | raw B | on the wire (br) B | br B per customer | server ms (median of 5) |"
echo "| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: |"
banks=(5000)
[ $big = 1 ] && banks+=(100000)
for bank in "${banks[@]}"; do
  cleanup
  db=$work/bank-$bank.sqlite
  port=$(free_port)
  log "Demo bank of $bank customers"
  "$server" --dist "$work/dist" --listen "127.0.0.1:$port" --database-url "sqlite://$db" \
    --demo-customers "$bank" >"$work/server-$bank.log" 2>&1 &
  server_pid=$!
  base=http://127.0.0.1:$port
  wait_for_url "$base/api/health" 1800 >&2 || { cat "$work/server-$bank.log" >&2; exit 1; }
  for user in rm01 compliance01; do
    jar=$work/cookies-$user.txt
    curl -s -c "$jar" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$user\",\"password\":\"clientbook-demo\"}" "$base/api/session" >/dev/null
    for format in compact json; do
      url="$base/api/book/columns?format=$format"
      raw=$(curl -s -b "$jar" -o "$work/body" -w '%{size_download}' "$url")
      if [ $format = compact ]; then
        count=$(cargo run -q --release -p clientbook-domain --example book_wire --features synth -- --count "$work/body" 2>/dev/null || echo "?")
      fi
      wire=$(curl -s -b "$jar" -H 'Accept-Encoding: br' -o /dev/null -w '%{size_download}' "$url")
      ms=$(for _ in 1 2 3 4 5; do
        curl -s -b "$jar" -H 'Accept-Encoding: br' -o /dev/null -w '%{time_total}\n' "$url"
      done | median)
      printf '| %s | %s | %s | %s | %s | %s | %s | %.0f |\n' "$bank" "$user" "${count:-?}" \
        "$([ $format = json ] && echo "JSON columns" || echo compact)" "$raw" "$wire" \
        "$([ "${count:-?}" = "?" ] && echo "?" || echo $((wire / count)))" "$(awk "BEGIN {print $ms * 1000}")"
    done
    unset count
  done
done
cleanup
