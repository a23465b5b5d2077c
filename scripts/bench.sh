#!/usr/bin/env bash
# Scoring benchmark, wasm vs native side by side in one run: the same generated books
# (1k, 10k, 100k customers, seed 42) scored natively (release) and in headless Chromium
# (release wasm), best of three each, then the wasm/native time ratio per size.
# Speed is reported here, never asserted in tests.
#   scripts/bench.sh              scoring, then the first load (scripts/bench-load.sh)
#   scripts/bench.sh scoring      scoring only
#   scripts/bench.sh load [ARGS]  first load and the book on the wire only (BENCHMARKS.md)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
source scripts/common.sh
mode=${1:-all}
[ $# -gt 0 ] && shift
if [ "$mode" = load ]; then
  exec scripts/bench-load.sh "$@"
fi
export CHROMEDRIVER=/usr/bin/chromedriver

out=$(mktemp)
say "Native (release)"
cargo run -q --release -p clientbook-domain --example bench --features synth | tee "$out"
say "Wasm in headless Chromium (release)"
cargo test --release -p clientbook-domain --features synth --target wasm32-unknown-unknown \
  --test bench_wasm -- --nocapture 2>&1 | grep -E '^wasm n=' | tee -a "$out"

say "Ratio (wasm time / native time; 1.00 = as fast as native)"
awk '
  { split($0, f, " "); kind=f[1]; n=""; ms="";
    for (i in f) { if (f[i] ~ /^n=/) n=substr(f[i],3); if (f[i] ~ /^millis=/) ms=substr(f[i],8) }
    t[kind, n] = ms; sizes[n] = 1 }
  END { for (n in sizes) if ((("native", n) in t) && (("wasm", n) in t))
          printf "n=%s native_ms=%s wasm_ms=%s ratio=%.2f\n", n, t["native", n], t["wasm", n], t["wasm", n] / t["native", n] }
' "$out" | sort -t= -k2 -n
rm -f "$out"

if [ "$mode" = all ]; then
  scripts/bench-load.sh "$@"
fi
