# Sourced by scripts/run.sh and scripts/test.sh: paths and helpers shared by both.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# The build cache lives outside the clone so a fresh clone (and CI) reuses it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/clientbook/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_for_url URL SECONDS
wait_for_url() {
  local url=$1 limit=${2:-120} i
  for ((i = 0; i < limit * 4; i++)); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.25
  done
  echo "timed out waiting for $url" >&2
  return 1
}
