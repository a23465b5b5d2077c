#!/usr/bin/env bash
# `trunk build --release`, skipped when dist/ already is the release build of exactly
# the inputs it would be built from now. Trunk re-runs wasm-bindgen, wasm-opt -Oz and the
# brotli hook on every build (minutes on 2 cores) even when cargo has nothing to do; a
# test run with nothing changed needs none of it.
#
# The stamp (.dist-stamp, beside dist/) holds the SHA-256 of every input, and of dist/
# as that build left it:
#   - inputs: the contents and names of every file the build reads (src/, crates/domain/,
#     style/, public/, pwa/, index.html, Trunk.toml, every Cargo.toml, Cargo.lock,
#     .cargo/, the toolchain file, the post-build hooks, package-lock.json), the versions
#     of rustc, Trunk, wasm-bindgen and wasm-opt, and the RUST*/CARGO_BUILD*/
#     CARGO_PROFILE*/TRUNK* environment;
#   - dist/: every file's name and contents, so a dist/ changed since (a debug
#     `trunk build`, a deleted file) is rebuilt too.
# Anything different, or no stamp, or no dist/: build, then write the stamp. Being wrong
# the other way would test old code, so anything in doubt counts as a change.
#   scripts/release-build.sh            build unless the stamp matches
#   scripts/release-build.sh --inputs   print the inputs' hash (scripts/release-build-test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

stamp=.dist-stamp

inputs_hash() {
  {
    rustc -vV
    trunk --version
    wasm-bindgen --version
    wasm-opt --version
    env | grep -E '^(RUST|CARGO_BUILD|CARGO_PROFILE|CARGO_ENCODED|TRUNK)' | LC_ALL=C sort || true
    local path present=()
    for path in src crates/domain style public pwa .cargo index.html Trunk.toml Cargo.toml \
      Cargo.lock package-lock.json rust-toolchain rust-toolchain.toml \
      scripts/pwa-precache.py scripts/precompress.sh crates/*/Cargo.toml \
      scripts/wasm-split.sh build.rs; do
      if [ -e "$path" ]; then present+=("$path"); else echo "absent: $path"; fi
    done
    find "${present[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
  } | sha256sum | cut -d' ' -f1
}

dist_hash() {
  [ -d dist ] || { echo none; return; }
  find dist -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum | sha256sum | cut -d' ' -f1
}

if [ "${1:-}" = --inputs ]; then
  inputs_hash
  exit 0
fi

inputs=$(inputs_hash)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs $(dist_hash)" ]; then
  echo "dist/ is the release build of these inputs ($inputs): not rebuilt"
  exit 0
fi
rm -f "$stamp"
trunk build --release
# Inputs edited while Trunk ran: no stamp, so the next run builds again.
if [ "$(inputs_hash)" = "$inputs" ]; then
  echo "$inputs $(dist_hash)" >"$stamp"
fi
