#!/usr/bin/env bash
# The scoring crate depends on serde, chrono, thiserror and smallvec only (ARCHITECTURE.md, "The
# scoring crate never does I/O and never depends on a platform crate"). This script
# lists the normal dependencies of clientbook-domain natively, for wasm32 and with every
# feature, and fails naming each crate that is not on the allow-list below. A new
# dependency is a decision: add it here with the reason, in the same change.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

# Always allowed: the three direct dependencies and what they pull in.
BASE=(
  serde serde_core serde_derive # serde and its derive macro
  proc-macro2 quote syn unicode-ident # what the derive macros are built with
  chrono num-traits # dates, without chrono's clock feature
  thiserror thiserror-impl # the crate's error types
  smallvec # scores' short lists kept inline, no heap block each (ARCHITECTURE.md, "Scoring speed"); no I/O, no platform code
)
# Only with `--features openapi` (the server's OpenAPI document; the app never enables
# it): utoipa and what it pulls in, serde_json among them.
OPENAPI=(
  utoipa utoipa-gen
  serde_json itoa memchr zmij # serde_json and its number formatting
  indexmap equivalent hashbrown # utoipa's ordered maps
)

# check LABEL ALLOWED... -- CARGO_TREE_ARGS...
check() {
  local label=$1 allowed=" " tree name bad=0
  shift
  while [[ $1 != -- ]]; do
    allowed+="$1 "
    shift
  done
  shift
  # Checked by hand: inside a function called from `||`, `set -e` does not apply.
  if ! tree=$(cargo tree -p clientbook-domain -e normal --prefix none "$@"); then
    echo "check-domain-deps: $label: cargo tree failed" >&2
    return 1
  fi
  while read -r name _; do
    [[ -z $name || $name == clientbook-domain ]] && continue
    if [[ $allowed != *" $name "* ]]; then
      echo "check-domain-deps: $label: '$name' is not an allowed dependency of clientbook-domain" >&2
      bad=1
    fi
  done < <(sort -u <<<"$tree")
  return "$bad"
}

status=0
check "native" "${BASE[@]}" -- || status=1
check "wasm32" "${BASE[@]}" -- --target wasm32-unknown-unknown || status=1
check "features openapi,synth" "${BASE[@]}" "${OPENAPI[@]}" -- --features openapi,synth || status=1
if ((status == 0)); then
  echo "check-domain-deps: clientbook-domain depends only on allowed crates"
fi
exit "$status"
