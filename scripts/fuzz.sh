#!/usr/bin/env bash
# Fuzz the domain crate: each cargo-fuzz target for SECONDS (default 60), then replay
# the corpus through the same checks on stable. Exits non-zero on a crash, naming the
# reproducer. Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(score columns policy_json survey_csv body_json book_wire)
# Its own target dir: sanitizer flags would otherwise rebuild the shared cache. The
# caller's is used again for the replay on stable.
outer_target_dir=$CARGO_TARGET_DIR
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/clientbook/fuzz-target}"
mkdir -p fuzz/artifacts
for t in "${targets[@]}"; do
  say "fuzz $t for ${seconds}s"
  mkdir -p "fuzz/artifacts/$t"; before=$(find "fuzz/artifacts/$t" -type f | wc -l)
  # The corpus directory grows in place; `cargo fuzz cmin` shrinks it before commit.
  set +e
  # With FUZZ_NEW_CORPUS, what fuzzing finds goes there (libFuzzer writes to its first
  # directory) and the committed corpus is only read: scripts/reliability.sh leaves the tree clean.
  dirs=("fuzz/corpus/$t")
  if [ -n "${FUZZ_NEW_CORPUS:-}" ]; then mkdir -p "$FUZZ_NEW_CORPUS/$t"; dirs=("$FUZZ_NEW_CORPUS/$t" "fuzz/corpus/$t"); fi
  cargo +nightly fuzz run "$t" "${dirs[@]}" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"fuzz/artifacts/$t.log" 2>&1
  rc=$?
  set -e
  grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|thread .* panicked|SUMMARY)' \
    "fuzz/artifacts/$t.log" || true
  after=$(find "fuzz/artifacts/$t" -type f | wc -l)
  if [ "$after" -gt "$before" ] || grep -q 'Test unit written' "fuzz/artifacts/$t.log"; then
    echo "CRASH in $t; reproducer(s):" >&2
    grep -o 'Test unit written to .*' "fuzz/artifacts/$t.log" >&2 || ls -t "fuzz/artifacts/$t" >&2
    echo "replay: cargo +nightly fuzz run $t <file>   (log: fuzz/artifacts/$t.log)" >&2
    exit 1
  fi
  if [ "$rc" -ne 0 ]; then
    echo "cargo fuzz run $t failed (rc=$rc) without a reproducer: see fuzz/artifacts/$t.log" >&2
    tail -20 "fuzz/artifacts/$t.log" >&2
    exit 1
  fi
done
say "replay the corpus on stable"
export CARGO_TARGET_DIR=$outer_target_dir
cargo test --manifest-path fuzz/Cargo.toml --quiet
