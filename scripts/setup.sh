#!/usr/bin/env bash
# Install whatever Clientbook needs to build, run and test, from the package registries
# only, and skip whatever is already there. Safe to run again and again; a second run with
# everything present takes a few seconds.
#
# Installs: Debian's chromium + chromium-driver + postgresql + brotli + a CJK font (+ nodejs/npm if missing),
# the wasm32 target, Trunk 0.21.x, wasm-bindgen-cli at the exact version in Cargo.lock,
# the npm tools in package.json (wasm-opt from binaryen 132, playwright-core, lighthouse), and a Python
# venv with the API contract tools pinned in tests/api/requirements.txt
# (openapi-spec-validator, schemathesis) under ~/.cache/clientbook/venv.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
SECONDS=0
export PATH="$HOME/.cargo/bin:$PATH"

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages -------------------------------------------------------------------
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need_apt+=(postgresql)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
command -v curl >/dev/null || need_apt+=(curl)
# brotli: release builds are precompressed at build time (scripts/precompress.sh).
command -v brotli >/dev/null || need_apt+=(brotli)
command -v python3 >/dev/null || need_apt+=(python3)
# Debian's python3 makes venvs only with python3-venv (it carries ensurepip).
python3 -c 'import ensurepip, venv' 2>/dev/null || need_apt+=(python3-venv)
# A CJK font, so the zh-CN screens render (and screenshot) as text rather than boxes.
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need_apt+=(fonts-wqy-microhei)
# pdftotext: the printed client review's e2e test reads the PDF's text.
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "Installing Debian packages: ${need_apt[*]} (about 2 minutes)"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  # Installing the postgresql package may start a system cluster; tests use their own.
fi

# --- Rust toolchain pieces -------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target (under a minute)"
  rustup target add wasm32-unknown-unknown
fi
for comp in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$comp" || rustup component add "$comp"
done

# Trunk: 0.21.x, because newer Trunk needs a newer rustc than these machines have.
if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  say "Installing Trunk 0.21 with cargo (about 5 minutes on 2 cores)"
  # Trunk's own release profile is fat LTO in one codegen unit: 9.5 minutes of a cold
  # setup's 15 on 2 cores, for a tool whose work is waiting on cargo and wasm-opt.
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version '~0.21' --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen library in Cargo.lock exactly.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg_version\$"; then
  say "Installing wasm-bindgen-cli $wbg_version with cargo (about 5 minutes)"
  # Not --locked: the registry here lacks one of its locked dependencies.
  cargo install wasm-bindgen-cli --version "$wbg_version"
fi

# wasm-split-cli: cuts the app's wasm by route (scripts/wasm-split.sh, Trunk's hook).
if ! wasm-split-cli --help >/dev/null 2>&1; then
  say "Installing wasm-split-cli 0.2.4 with cargo (about 3 minutes)"
  cargo install --locked wasm_split_cli_support --version 0.2.4 --features build-binary
fi

# --- npm tools: wasm-opt (binaryen 132; Debian's is too old), playwright-core, lighthouse -
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] ||
  [ ! -x node_modules/.bin/lighthouse ] ||
  [ ! -d node_modules/@axe-core/playwright ] ||
  [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm tools (binaryen, playwright-core, axe-core, lighthouse; under a minute)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# --- Python venv: the API contract tools (tests/api/run.sh) -----------------------------
venv="${CLIENTBOOK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/clientbook/venv}"
wanted=$(sha256sum tests/api/requirements.txt | cut -d' ' -f1)
if [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$wanted" ]; then
  say "Installing openapi-spec-validator and schemathesis into $venv (under a minute)"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input \
    -r tests/api/requirements.txt
  echo "$wanted" >"$venv/.requirements.sha256"
fi

say "Setup complete in ${SECONDS}s"
