#!/usr/bin/env bash
# Precompress the built app once, at build time, as a CDN would: brotli 11 and gzip -9
# beside each text or wasm file (`x.wasm` -> `x.wasm.br`, `x.wasm.gz`). The server's
# ServeDir sends the variant the browser accepts and never compresses these again.
#   scripts/precompress.sh DIR        (Trunk's post_build hook passes its staging dir)
# Debug builds are left alone: the server compresses them per request, and brotli 11 over
# a debug wasm would take minutes.
set -euo pipefail
dir=${1:-${TRUNK_STAGING_DIR:-dist}}
if [ "${TRUNK_PROFILE:-release}" != release ]; then
  exit 0
fi
command -v brotli >/dev/null || {
  echo "precompress: brotli is not installed (scripts/setup.sh installs it)" >&2
  exit 1
}
started=$SECONDS
count=0
while IFS= read -r -d '' f; do
  # A variant that is not smaller is not worth a second file (tiny files).
  brotli -f -q 11 -k -o "$f.br" "$f"
  [ "$(stat -c %s "$f.br")" -lt "$(stat -c %s "$f")" ] || rm -f "$f.br"
  gzip -f -9 -n -k -c "$f" >"$f.gz"
  [ "$(stat -c %s "$f.gz")" -lt "$(stat -c %s "$f")" ] || rm -f "$f.gz"
  count=$((count + 1))
done < <(find "$dir" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \
  -o -name '*.html' -o -name '*.svg' -o -name '*.json' -o -name '*.txt' \) -size +512c -print0)
echo "precompress: $count files in $dir (brotli 11, gzip -9) in $((SECONDS - started))s"
