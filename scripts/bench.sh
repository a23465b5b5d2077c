#!/usr/bin/env bash
# The one benchmark command (issue 16). With no argument it builds what it needs once, runs
# every section within a time budget (about 20 minutes once built; 30 with the banks of a
# million), and writes the "Last run" part of BENCHMARKS.md from that one run: the
# machine, its load before and after, the date, the commit, one table of each figure
# beside its issue-16 target, then each section. The rest of BENCHMARKS.md (earlier runs, other people's sections) is kept.
# A section name runs that section alone and prints it (also kept in
# $CLIENTBOOK_BENCH_DIR/sections/NAME.md).
#   scripts/bench.sh                 build, every section, then BENCHMARKS.md
#   scripts/bench.sh scoring         scoring, native vs wasm at 1k/10k/100k (median of 7 samples ≥ 250 ms)
#   scripts/bench.sh book [ARGS]     the book on the wire: JSON columns vs the compact book
#   scripts/bench.sh load [ARGS]     first load: bytes, Lighthouse (scripts/bench-load.sh)
#   scripts/bench.sh interaction [ARGS]  in Chromium (scripts/bench-interaction.sh)
#   scripts/bench.sh server         the server under load (scripts/load.sh): SQLite and
#                                    PostgreSQL at 5,000, and at 1,000,000 when cached
# Time limits per section (seconds): BENCH_LIMIT_SCORING=120, _BOOK=180, _LOAD=480,
# _INTERACTION=300, _SERVER=900: at most 34 minutes in all (and BENCH_LIMIT_BUILD=3600 for
# the builds: seconds when warm, but Trunk always re-runs wasm-opt, ~6 minutes here;
# BENCH_SKIP_BUILD=1 uses the builds already there). A section over its limit is stopped
# and marked unfinished. BENCH_BEFORE=REV also builds REV's app and measures its first
# load beside this commit's (about 15 minutes more).
# Speed is reported here, never asserted in tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
source scripts/common.sh
mode=${1:-all}
[ $# -gt 0 ] && shift
bench_dir=${CLIENTBOOK_BENCH_DIR:-/tmp/clientbook-bench}
sections_dir=$bench_dir/sections
mkdir -p "$sections_dir"
# Sections append "what<TAB>measured<TAB>target" lines here for the summary table.
export CLIENTBOOK_BENCH_FIGURES=$sections_dir/figures.tsv
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}

figure() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$CLIENTBOOK_BENCH_FIGURES"; }

scoring() {
  local out
  out=$(mktemp)
  say "Native (release)" >&2
  cargo run -q --release -p clientbook-domain --example bench --features synth >"$out"
  say "Wasm in headless Chromium (release)" >&2
  cargo test --release -p clientbook-domain --features bench --target wasm32-unknown-unknown \
    --test bench_wasm -- --nocapture 2>&1 | grep -E '^wasm n=' >>"$out" || true
  echo "Generated books (seed 42), scored natively and in headless Chromium in the same run,"
  echo "both by \`synth::bench_samples\`: each sample scores the book as many times as fill 250 ms"
  echo "(a 1k book takes about a millisecond, and the browser's clock is coarse), 7 samples;"
  echo "milliseconds per scoring, median (fastest–slowest sample); ratio = wasm median / native median."
  echo
  echo "| customers | native ms | wasm ms | wasm customers/s | wasm ÷ native |"
  echo "| ---: | ---: | ---: | ---: | ---: |"
  awk -F'\t' '
    { kind = $1; sub(/ .*/, "", kind); n = ""; ms = ""; lo = ""; hi = ""; cps = ""
      k = split($0, f, " ")
      for (i = 1; i <= k; i++) { split(f[i], kv, "=")
        if (kv[1] == "n") n = kv[2]; if (kv[1] == "millis") ms = kv[2]
        if (kv[1] == "min") lo = kv[2]; if (kv[1] == "max") hi = kv[2]; if (kv[1] == "customers_per_sec") cps = kv[2] }
      t[kind, n] = ms; r[kind, n] = lo "–" hi; c[kind, n] = cps; sizes[n] = 1 }
    END { for (n in sizes) if ((("native", n) in t) && (("wasm", n) in t))
            printf "| %s | %s (%s) | %s (%s) | %s | %.2f |\n", n, t["native", n], r["native", n],
              t["wasm", n], r["wasm", n], c["wasm", n], t["wasm", n] / t["native", n] }
  ' "$out" | sort -t'|' -k2 -n
  awk '
    { n = ""; ms = ""; k = split($0, f, " ")
      for (i = 1; i <= k; i++) { split(f[i], kv, "="); if (kv[1] == "n") n = kv[2]; if (kv[1] == "millis") ms = kv[2] }
      t[f[1], n] = ms }
    END {
      split("1000 10000 100000", ns, " ")
      for (i = 1; i <= 3; i++) { n = ns[i]
        if (("native", n) in t && ("wasm", n) in t)
          printf "scoring %s customers, wasm ÷ native (median of 7 samples)\t%.2f× (%s / %s ms)\t≤ 1.3×\n", n, t["wasm", n] / t["native", n], t["wasm", n], t["native", n] }
      if (("wasm", "100000") in t) printf "scoring 100k customers in wasm\t%s ms\t< 50 ms\n", t["wasm", "100000"]
      if (("native", "10000") in t && ("native", "100000") in t)
        printf "native customers/s, 100k ÷ 10k (per-customer cost must not grow)\t%.2f\t≥ 1.00\n", (100000 / t["native", "100000"]) / (10000 / t["native", "10000"])
    }' "$out" >>"$CLIENTBOOK_BENCH_FIGURES"
  echo
  rm -f "$out"
}

# The server section: scripts/load.sh on SQLite and PostgreSQL at 5,000 customers, and at
# 1,000,000 when those banks are cached (~/.cache/clientbook/load, made once by
# `scripts/load.sh --full`: ~5 minutes for SQLite and ~8 more for PostgreSQL on a quiet
# machine) or BENCH_SERVER_MILLION=1 asks to make them; 8 clients, as the issue's own
# baseline (`ab`, 8 clients), and the figures' warmer off (at a million it makes every big
# scope's figures for minutes after a start, on the cores the requests are measured on:
# home's figures are measured apart). Each run measures the app's whole mix, the customer
# page alone and the list alone; the figures against issue 16's server targets follow.
server() {
  local out seconds=${BENCH_SERVER_SECONDS:-10} key million=()
  out=$(mktemp)
  key=$(cat crates/server/src/demo/*.rs crates/server/src/demo_data.rs crates/server/src/storage/seed.rs \
    crates/server/migrations/*/*.sql | tr -d '[:space:]' | sha256sum | cut -c1-12)
  local cache=$HOME/.cache/clientbook/load
  if [ -f "$cache/sqlite-1000000-$key.sqlite.done" ] || [ -n "${BENCH_SERVER_MILLION:-}" ]; then
    million+=(sqlite:1000000)
  fi
  if [ -f "$cache/postgres-1000000-$key.dump" ] || [ -n "${BENCH_SERVER_MILLION:-}" ]; then
    million+=(postgres:1000000)
  fi
  echo "\`scripts/load.sh --short --skip-build --clients 8 --seconds $seconds --no-warm --only \"mixed customer-page list book\"\`,"
  echo "runs \`sqlite:5000 postgres:5000\`, then \`${million[*]:-(no bank of 1,000,000 cached: not run)}\` with \`--no-home\`"
  echo "and without \`book\` (an RM's whole book there is 125,000 customers: the app pages it from the server)."
  echo
  local rc=0
  fenced scripts/load.sh --short --skip-build --clients 8 --seconds "$seconds" --no-warm \
    --only "mixed customer-page list book" --runs "sqlite:5000 postgres:5000" >"$out" || rc=1
  cat "$out"
  if [ ${#million[@]} -gt 0 ]; then
    fenced scripts/load.sh --short --skip-build --clients 8 --seconds "$seconds" --no-home --no-warm \
      --only "mixed customer-page list" --runs "${million[*]}" >"$out.million" || rc=1
    cat "$out.million" | tee -a "$out"
    rm -f "$out.million"
  fi
  # Rows: | run | requests | kind | req/s | p50 | p95 | p99 | errors | 503 | peak RSS |
  awk -F'|' '
    function trim(s) { gsub(/^ +| +$/, "", s); return s }
    NF >= 11 && $2 ~ /customers/ {
      run = trim($2); kind = trim($4); p99 = trim($8); rps = trim($5); rss = trim($11)
      db = (run ~ /^PostgreSQL/) ? "PostgreSQL" : "SQLite"
      n = (run ~ /1,000,000|1000000/) ? "1,000,000" : "5,000"
      if (run ~ /customer-page alone/ && kind == "customer page") { page[db, n] = p99; prps[db, n] = rps }
      if (run ~ /list alone/ && kind ~ /^list/) list[db, n, kind] = p99
      if (run ~ /book alone/ && kind == "whole book") { book[db, n] = trim($6); brps[db, n] = rps }
      if (run ~ /book alone/ && kind ~ /unchanged/) { same[db, n] = trim($6); srps[db, n] = rps }
      if (kind == "**all**" && rss != "") peak[db, n] = rss
    }
    END {
      for (d = 1; d <= 2; d++) { db = d == 1 ? "SQLite" : "PostgreSQL"
        for (k = 1; k <= 2; k++) { n = k == 1 ? "5,000" : "1,000,000"
          if ((db, n) in page)
            printf "customer page alone, %s, %s customers, 8 clients: p99 ms (requests/s)\t%s (%s/s)\tp99 < 10 ms at 1,000,000 (SQLite)\n", db, n, page[db, n], prps[db, n]
          if ((db, n) in book)
            printf "whole book alone, %s, %s customers, 8 clients: p50 ms (requests/s), sent / unchanged (ETag, 304)\t%s (%s/s) / %s (%s/s)\tETag/304 on unchanged books; 5× the throughput of p50 737 ms, ~10/s\n", db, n, book[db, n], brps[db, n], same[db, n], srps[db, n]
          if ((db, n, "list, first page") in list)
            printf "list alone, %s, %s customers, 8 clients: p99 ms, first / next page\t%s / %s\tp99 < 20 ms for any page at 1,000,000\n", db, n, list[db, n, "list, first page"], list[db, n, "list, next page"]
        }
      }
      for (k = 1; k <= 2; k++) { n = k == 1 ? "5,000" : "1,000,000"
        if ((("SQLite", n) in page) && (("PostgreSQL", n) in page) && page["SQLite", n] > 0)
          printf "customer page alone, %s customers: PostgreSQL p99 ÷ SQLite p99\t%.2f×\twithin 2×\n", n, page["PostgreSQL", n] / page["SQLite", n]
        for (d = 1; d <= 2; d++) { db = d == 1 ? "SQLite" : "PostgreSQL"
          if (n == "1,000,000" && ((db, n) in peak))
            printf "server peak RSS, %s, 1,000,000 customers, whole mix\t%s\t< 300 MB\n", db, peak[db, n] }
      }
    }' "$out" >>"$CLIENTBOOK_BENCH_FIGURES"
  rm -f "$out"
  return "$rc"
}

limit_of() { # SECTION -> seconds
  case $1 in
    scoring) echo "${BENCH_LIMIT_SCORING:-120}" ;;
    book) echo "${BENCH_LIMIT_BOOK:-180}" ;;
    load) echo "${BENCH_LIMIT_LOAD:-480}" ;;
    interaction) echo "${BENCH_LIMIT_INTERACTION:-300}" ;;
    server) echo "${BENCH_LIMIT_SERVER:-900}" ;;
  esac
}

run_section() { # NAME TITLE COMMAND...
  local name=$1 title=$2 limit started
  limit=$(limit_of "$name")
  shift 2
  say "Section: $title (at most ${limit} s)" >&2
  started=$SECONDS
  {
    echo "### $title"
    echo
    echo "\`scripts/bench.sh $name\`"
    echo
    # Functions of this script run in a child bash (exported below), so that too is bounded.
    if ! timeout "$limit" bash -c '"$@"' section "$@"; then
      echo
      echo "**This section did not finish** (an error, or its limit of ${limit} s): see the log of the run."
      figure "section $name" "did not finish within ${limit} s" "finishes"
    fi
    echo
    echo "($((SECONDS - started)) s.)"
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

export -f scoring server fenced say figure

case $mode in
  scoring) run_section scoring "Scoring: native vs wasm" scoring ;;
  book) run_section book "The book on the wire" scripts/bench-book.sh "$@" ;;
  load) run_section load "First load" fenced scripts/bench-load.sh "$@" ;;
  interaction) run_section interaction "Interaction in Chromium" scripts/bench-interaction.sh "$@" ;;
  server) run_section server "Server under load" server ;;
  all)
    SECONDS=0
    started=$(date -u '+%Y-%m-%d %H:%M UTC')
    uptime_before=$(uptime | sed 's/^ *//')
    rm -f "$CLIENTBOOK_BENCH_FIGURES"
    say "Building the app, the server and the benchmarks (not timed in the sections)" >&2
    build_log=$bench_dir/build.log
    [ -n "${BENCH_SKIP_BUILD:-}" ] && say "BENCH_SKIP_BUILD: using the builds already there" >&2 ||
    timeout "${BENCH_LIMIT_BUILD:-3600}" bash -c '
      set -e
      trunk build --release
      cargo build --profile server -p clientbook-server -p clientbook-loadgen
      cargo build --release -p clientbook-domain --features synth --examples
      cargo test --no-run --release -p clientbook-domain --features bench --target wasm32-unknown-unknown --test bench_wasm --test book_wire_wasm
    ' >"$build_log" 2>&1 || { tail -30 "$build_log" >&2; echo "the build failed: $build_log" >&2; exit 1; }
    built=$SECONDS
    before_args=()
    [ -n "${BENCH_BEFORE:-}" ] && before_args=(--before "$BENCH_BEFORE")
    run_section scoring "Scoring: native vs wasm" scoring
    run_section book "The book on the wire" scripts/bench-book.sh --skip-build
    # The median of three Lighthouse runs per page and profile (LH_RUNS, LH_DESKTOP_RUNS):
    # single runs moved by up to 12 points with the machine's load.
    LH_RUNS=${LH_RUNS:-3} LH_DESKTOP_RUNS=${LH_DESKTOP_RUNS:-3} run_section load "First load" fenced scripts/bench-load.sh --skip-build --start-up-only "${before_args[@]}"
    # The interaction stops starting runs 40 s before its limit, so what it measured is kept.
    BENCH_INTERACTION_SECONDS=$(($(limit_of interaction) - 40)) \
      run_section interaction "Interaction in Chromium" scripts/bench-interaction.sh --skip-build
    run_section server "Server under load" server
    uptime_after=$(uptime | sed 's/^ *//')
    if [ -n "${BENCH_BEFORE:-}" ]; then
      previous="the first load of \`$BENCH_BEFORE\` was built and measured beside this commit (First load below)"
    elif tag=$(git describe --tags --abbrev=0 2>/dev/null); then
      previous="not built in this run; \`BENCH_BEFORE=$tag scripts/bench.sh\` builds the previous release ($tag) and measures its first load beside this commit (about 15 minutes more)"
    else
      previous="**cannot be built**: this repository has no release tag (\`git tag\` is empty), so there is no previous release to build; \`BENCH_BEFORE=REV scripts/bench.sh\` compares any commit's first load instead"
    fi
    part=$bench_dir/last-run.md
    {
      echo "<!-- scripts/bench.sh writes from here to the end marker; the rest of the file is kept. -->"
      echo "## Last run"
      echo
      echo "Written by \`scripts/bench.sh\` from one run: started $started, ended $(date -u '+%H:%M UTC');"
      echo "builds $built s, sections $((SECONDS - built)) s."
      echo
      echo "- **Machine**: $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/Mem:/ {print $2}') GB, $(. /etc/os-release && echo "$PRETTY_NAME")."
      echo "  **Shared with other engineers' builds**: \`uptime\` before: $uptime_before; after: $uptime_after."
      echo "  Absolute times move with that load; the ratios, measured side by side in the same run, are what to read."
      echo "- **Tools**: $(rustc --version), $(chromium --version 2>/dev/null | head -1), node $(node --version), trunk $(trunk --version 2>/dev/null | cut -d' ' -f2), lighthouse $(lighthouse --version 2>/dev/null)"
      echo "- **Commit**: \`$(git rev-parse --short HEAD)\`$(git diff --quiet HEAD -- . ':!BENCHMARKS.md' || echo ' (with uncommitted changes)')"
      echo "- **Previous release**: $previous."
      echo
      echo "| what | measured | issue-16 target |"
      echo "| --- | --- | --- |"
      awk -F'\t' '{printf "| %s | %s | %s |\n", $1, $2, $3}' "$CLIENTBOOK_BENCH_FIGURES" 2>/dev/null || true
      echo
      for s in scoring book load interaction server; do cat "$sections_dir/$s.md"; done
      echo "<!-- scripts/bench.sh: end of the last run -->"
    } >"$part"
    # Replace the previous last run (between the markers), or put it after the title.
    python3 - "$part" <<'EOF'
import re, sys
new = open(sys.argv[1]).read().rstrip("\n") + "\n"
try:
    old = open("BENCHMARKS.md").read()
except FileNotFoundError:
    old = "# Benchmarks\n"
begin = "<!-- scripts/bench.sh writes from here"
end = "<!-- scripts/bench.sh: end of the last run -->\n"
if begin in old and end in old:
    out = old[: old.index(begin)] + new + old[old.index(end) + len(end):]
else:
    title, _, rest = old.partition("\n")
    out = title + "\n\n" + new + "\n" + rest.lstrip("\n")
open("BENCHMARKS.md", "w").write(out)
EOF
    say "Wrote the last run into BENCHMARKS.md ($SECONDS s in all)" >&2
    ;;
  *) echo "usage: $0 [scoring|book|load|interaction|server]" >&2; exit 2 ;;
esac
