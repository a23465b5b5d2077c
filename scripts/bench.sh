#!/usr/bin/env bash
# The one benchmark command (issue 16). With no argument it runs every section and writes
# BENCHMARKS.md from that one run, with the machine and the date; a section name runs that
# section alone and prints it (also kept in $CLIENTBOOK_BENCH_DIR/sections/NAME.md).
#   scripts/bench.sh                 every section, then BENCHMARKS.md
#   scripts/bench.sh scoring         scoring, native vs wasm at 1k/10k/100k
#   scripts/bench.sh book [--big]    the book on the wire: JSON columns vs the compact book
#   scripts/bench.sh load [ARGS]     first load: bytes, Lighthouse (scripts/bench-load.sh)
#   scripts/bench.sh interaction     interaction on a 100k book (scripts/bench-interaction.sh)
#   scripts/bench.sh server          the server under load (scripts/load.sh --short)
# Each section is bounded in time (BENCH_SECTION_SECONDS, default 3600); speed is
# reported here, never asserted in tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
source scripts/common.sh
mode=${1:-all}
[ $# -gt 0 ] && shift
limit=${BENCH_SECTION_SECONDS:-3600}
sections_dir=${CLIENTBOOK_BENCH_DIR:-/tmp/clientbook-bench}/sections
mkdir -p "$sections_dir"

scoring() {
  export CHROMEDRIVER=/usr/bin/chromedriver
  local out
  out=$(mktemp)
  say "Native (release)" >&2
  cargo run -q --release -p clientbook-domain --example bench --features synth >"$out"
  say "Wasm in headless Chromium (release)" >&2
  cargo test --release -p clientbook-domain --features synth --target wasm32-unknown-unknown \
    --test bench_wasm -- --nocapture 2>&1 | grep -E '^wasm n=' >>"$out" || true
  echo "Wasm time / native time; 1.00 = as fast as native (best of three per size)."
  echo
  echo '```'
  awk '
    { split($0, f, " "); kind=f[1]; n=""; ms="";
      for (i in f) { if (f[i] ~ /^n=/) n=substr(f[i],3); if (f[i] ~ /^millis=/) ms=substr(f[i],8) }
      t[kind, n] = ms; sizes[n] = 1 }
    END { for (n in sizes) if ((("native", n) in t) && (("wasm", n) in t))
            printf "n=%s native_ms=%s wasm_ms=%s ratio=%.2f\n", n, t["native", n], t["wasm", n], t["wasm", n] / t["native", n] }
  ' "$out" | sort -t= -k2 -n
  echo '```'
  rm -f "$out"
}

run_section() { # NAME TITLE COMMAND...
  local name=$1 title=$2
  shift 2
  say "Section: $title" >&2
  {
    echo "## $title"
    echo
    echo "Command: \`scripts/bench.sh $name\`"
    echo
    # Functions of this script run in a child bash (exported below), so that too is bounded.
    if ! timeout "$limit" bash -c '"$@"' section "$@"; then
      echo
      echo "**This section did not finish** (exit or time limit of ${limit}s): see the log of the run."
    fi
    echo
  } | tee "$sections_dir/$name.md"
}

fenced() { # COMMAND... -> its output in a code block (for scripts printing plain text)
  echo '```'
  "$@" 2>&1 | sed 's/\x1b\[[0-9;]*m//g'
  local rc=${PIPESTATUS[0]}
  echo '```'
  return "$rc"
}

export -f scoring fenced say

case $mode in
  scoring) run_section scoring "Scoring: native vs wasm" scoring ;;
  book) run_section book "The book on the wire" scripts/bench-book.sh "$@" ;;
  load) run_section load "First load" fenced scripts/bench-load.sh "$@" ;;
  interaction) run_section interaction "Interaction on a 100k book" scripts/bench-interaction.sh "$@" ;;
  server) run_section server "Server under load" fenced scripts/load.sh --short "$@" ;;
  all)
    started=$(date -u '+%Y-%m-%d %H:%M UTC')
    run_section scoring "Scoring: native vs wasm" scoring
    run_section book "The book on the wire" scripts/bench-book.sh
    run_section load "First load" fenced scripts/bench-load.sh
    run_section interaction "Interaction on a 100k book" scripts/bench-interaction.sh
    run_section server "Server under load" fenced scripts/load.sh --short
    {
      echo "# Benchmarks"
      echo
      echo "Written by \`scripts/bench.sh\` from one run started $started, ended $(date -u '+%H:%M UTC')."
      echo
      echo "- **Machine**: $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/Mem:/ {print $2}') GB, $(. /etc/os-release && echo "$PRETTY_NAME"); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
      echo "- **Tools**: $(rustc --version), $(chromium --version 2>/dev/null | head -1), node $(node --version), trunk $(trunk --version 2>/dev/null | cut -d' ' -f2)"
      echo "- **Commit**: $(git rev-parse --short HEAD)"
      echo
      for s in scoring book load interaction server; do cat "$sections_dir/$s.md"; done
    } >BENCHMARKS.md
    say "Wrote BENCHMARKS.md" >&2
    ;;
  *) echo "usage: $0 [scoring|book|load|interaction|server]" >&2; exit 2 ;;
esac
