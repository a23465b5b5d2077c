#!/usr/bin/env bash
# Tests scripts/release-build.sh's stamp: in a copy of the build's inputs, with a stand-in
# `trunk` that only counts its builds, it builds when there is no stamp or no dist/, and
# again after any input, tool version or dist/ file changed; it skips only when nothing did.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d /tmp/clientbook-stamp-test.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
cp -r src style public pwa index.html Trunk.toml Cargo.toml Cargo.lock package-lock.json build.rs "$tmp/"
[ -d .cargo ] && cp -r .cargo "$tmp/"
mkdir -p "$tmp/crates" "$tmp/scripts" "$tmp/node_modules/.bin"
cp -r crates/domain "$tmp/crates/"
for c in crates/*/Cargo.toml; do mkdir -p "$tmp/$(dirname "$c")" && cp "$c" "$tmp/$c"; done
cp scripts/release-build.sh scripts/common.sh scripts/pwa-precache.py scripts/precompress.sh \
  scripts/wasm-split.sh "$tmp/scripts/"
# common.sh puts ./node_modules/.bin first on PATH: the stand-ins there win.
cat >"$tmp/node_modules/.bin/trunk" <<'EOF'
#!/bin/sh
if [ "$1" = --version ]; then echo "trunk ${FAKE_TRUNK_VERSION:-0.21.14}"; exit 0; fi
rm -rf dist && mkdir dist && echo app >dist/app.wasm && echo page >dist/index.html
echo build >>builds
EOF
printf '#!/bin/sh\necho "wasm-opt version 132"\n' >"$tmp/node_modules/.bin/wasm-opt"
printf '#!/bin/sh\necho "wasm-bindgen 0.2.130"\n' >"$tmp/node_modules/.bin/wasm-bindgen"
chmod +x "$tmp/node_modules/.bin/"*

cd "$tmp"
failures=0
builds() { [ -f builds ] && wc -l <builds || echo 0; }
# expect WHAT BUILT: run the script, then check whether it built (1) or skipped (0).
expect() {
  local what=$1 want=$2 before after
  before=$(builds)
  scripts/release-build.sh >/dev/null
  after=$(builds)
  if [ $((after - before)) = "$want" ]; then
    echo "ok: $what"
  else
    echo "FAILED: $what (wanted $([ "$want" = 1 ] && echo a build || echo no build))"
    failures=$((failures + 1))
  fi
}

expect "no stamp: builds" 1
expect "nothing changed: skips" 0
# One file in each input, changed (then put back: the build after that is expected too).
for f in src/main.rs crates/domain/src/lib.rs style/main.css public/robots.txt \
  pwa/sw.js index.html Trunk.toml Cargo.toml Cargo.lock package-lock.json \
  crates/server/Cargo.toml scripts/precompress.sh scripts/pwa-precache.py \
  scripts/wasm-split.sh build.rs; do
  cp "$f" "$f.orig"
  echo "/* changed */" >>"$f"
  mv "$f.orig" "$tmp/orig" # not left beside the file: a new file is a change of its own
  expect "$f changed: builds" 1
  mv "$tmp/orig" "$f"
  expect "$f put back: builds" 1
  expect "$f unchanged since: skips" 0
done
touch src/new_module.rs
expect "a new file under src/: builds" 1
rm src/new_module.rs
expect "that file deleted: builds" 1
touch -d '2001-01-01' src/main.rs
expect "only a timestamp changed: skips" 0
FAKE_TRUNK_VERSION=0.21.15 expect "another Trunk: builds" 1
expect "Trunk back: builds" 1
RUSTFLAGS=-Copt-level=1 expect "RUSTFLAGS set: builds" 1
expect "RUSTFLAGS unset: builds" 1
echo tampered >>dist/app.wasm
expect "dist/ changed since the build: builds" 1
rm -rf dist
expect "no dist/: builds" 1
rm .dist-stamp
expect "stamp deleted: builds" 1
expect "and then skips" 0

[ $failures = 0 ] || { echo "$failures stamp check(s) failed"; exit 1; }
echo "release-build stamp: all checks passed"
