#!/usr/bin/env bash
# One command to set up and run Clientbook on the embedded default (SQLite under data/).
#   scripts/run.sh                         # http://127.0.0.1:8080
#   scripts/run.sh --listen 0.0.0.0:9000   # any server flag passes through
#   DATABASE_URL=postgres://user@host/db scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/common.sh

say "Building the app (trunk build --release)"
trunk build --release
say "Building the server"
cargo build --profile server -p clientbook-server
say "Starting Clientbook"
exec "$CARGO_TARGET_DIR/server/clientbook-server" --dist dist "$@"
