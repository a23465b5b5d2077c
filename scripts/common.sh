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

# The first load of the app at BASE as a browser receives it with Accept-Encoding: br, in
# bytes: the sign-in page, every file it names, and what the JS glue imports (the link
# module of the wasm split by route). Used by scripts/bench-load.sh and wasm-split-bench.sh.
first_load_bytes() { # BASE
  local base=$1 total n path dep seen=" "
  fetched() { curl -s -H 'Accept-Encoding: br' -o /dev/null -w '%{size_download}' "$1"; }
  total=$(fetched "$base/login")
  for path in $(curl -s "$base/login" | grep -oE "/[A-Za-z0-9._-]+\.(js|wasm|css|svg)" | sort -u); do
    n=$(fetched "$base$path")
    total=$((total + n)) seen="$seen$path "
    [[ $path == *.js ]] || continue
    for dep in $(curl -s "$base$path" | grep -oE "from ?[\"']\./[A-Za-z0-9._-]+\.js" | grep -oE '[A-Za-z0-9._-]+\.js' | sort -u); do
      [[ $seen == *" /$dep "* ]] && continue
      n=$(fetched "$base/$dep")
      total=$((total + n)) seen="$seen/$dep "
    done
  done
  echo "$total"
}
