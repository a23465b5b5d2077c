#!/usr/bin/env bash
# Import benchmark (not a timed test): 100,000 customers then 1,000,000 holdings rows,
# generated in the templates' format, uploaded to a real server (profile `server`) on a
# fresh database with no demo customers, validated and committed; the time of each step
# and the server's peak resident memory (VmHWM), on SQLite and, when PostgreSQL can be
# started (scripts/pg.sh), on PostgreSQL.
#   scripts/bench-import.sh [CUSTOMERS] [HOLDINGS_PER_CUSTOMER]   (default 100000 10)
#   BENCH_PROFILE=dev scripts/bench-import.sh 20000 10              (a quick look, debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
customers=${1:-100000}
per=${2:-10}
work=$(mktemp -d /tmp/cb-bench-import.XXXXXX)
trap 'kill "${server:-0}" 2>/dev/null || true; scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

say "Generating $customers customers and $((customers * per)) holdings"
python3 - "$work" "$customers" "$per" <<'PY'
import sys, random
work, n, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]; C = "10X98765432"
rng = random.Random(42)
products = ["TD-03M", "TD-06M", "TD-01Y", "TD-02Y", "TD-03Y"]
with open(f"{work}/customers.csv", "w", encoding="utf-8") as f:
    f.write("customer_no,name,id_number,phone,gender,birth_date,rm_username,address,income_band,risk_level,risk_assessed_on\n")
    for i in range(n):
        y, m, d = 1940 + i % 60, 1 + i % 12, 1 + i % 28
        first17 = f"110105{y:04}{m:02}{d:02}{i % 1000:03}"
        # Unique: the sequence and area vary with i.
        first17 = f"{110000 + i // 1000 % 900000:06}{y:04}{m:02}{d:02}{i % 1000:03}"
        idn = first17 + C[sum(int(a) * w for a, w in zip(first17, W)) % 11]
        f.write(f"C{i:08},客户{i},{idn},13{i:09},{'男' if i % 2 else '女'},{y:04}-{m:02}-{d:02},rm0{1 + i % 8},北京市朝阳区建国路{i}号,100k-200k,C{1 + i % 5},2025-03-01\n")
with open(f"{work}/holdings.csv", "w", encoding="utf-8") as f:
    f.write("account_no,customer_no,product_code,balance,opened_on,matures_on\n")
    k = 0
    for i in range(n):
        for j in range(per):
            f.write(f"A{k:010},C{i:08},{products[j % 5]},{rng.randint(1, 10_000_000)}.{rng.randint(0, 99):02},2025-0{1 + j % 9}-15,\n")
            k += 1
PY
ls -la "$work"/*.csv | awk '{print $5, $9}'

profile=${BENCH_PROFILE:-server}
say "Building the server (profile $profile)"
cargo build -q --profile "$profile" -p clientbook-server
bin="$CARGO_TARGET_DIR/$([ "$profile" = dev ] && echo debug || echo "$profile")/clientbook-server"

now_ms() { date +%s%3N; }

# run_on DATABASE_URL LABEL
run_on() {
  local url=$1 label=$2 port jar="$work/jar" id status t0
  port=$(free_port)
  mkdir -p "$work/dist"; echo '<!doctype html>' >"$work/dist/index.html"
  "$bin" --listen "127.0.0.1:$port" --database-url "$url" --dist "$work/dist" \
    --demo-customers 0 --import-max-bytes $((1024 * 1024 * 1024)) >"$work/server-$label.log" 2>&1 &
  server=$!
  wait_for_url "http://127.0.0.1:$port/api/health" 120
  curl -fsS -c "$jar" -H 'content-type: application/json' \
    -d '{"username":"admin","password":"clientbook-demo"}' "http://127.0.0.1:$port/api/session" >/dev/null
  for kind in customers holdings; do
    t0=$(now_ms)
    id=$(curl -fsS -b "$jar" -X POST -T "$work/$kind.csv" -H 'content-type: application/octet-stream' \
      "http://127.0.0.1:$port/api/imports?kind=$kind&file_name=$kind.csv" | python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])')
    local t_up=$(now_ms)
    while :; do
      status=$(curl -fsS -b "$jar" "http://127.0.0.1:$port/api/imports/$id?limit=0" | python3 -c 'import sys,json;d=json.load(sys.stdin);print(d["status"], d["rows_read"], d["rows_valid"], d["rows_invalid"])')
      case $status in validating*) sleep 1 ;; *) break ;; esac
    done
    local t_valid=$(now_ms)
    curl -fsS -b "$jar" -X POST "http://127.0.0.1:$port/api/imports/$id/commit" -o /dev/null
    local t_commit=$(now_ms)
    echo "$label $kind: upload $((t_up - t0)) ms, validate $((t_valid - t_up)) ms, commit $((t_commit - t_valid)) ms ($status)"
  done
  echo "$label server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
  kill "$server"; wait "$server" 2>/dev/null || true
}

say "SQLite"
run_on "sqlite://$work/bench.sqlite" sqlite
if pg_url=$(scripts/pg.sh start "$work/pg" "$(free_port)" 2>/dev/null | tail -1) && [ -n "$pg_url" ]; then
  say "PostgreSQL"
  run_on "$pg_url" postgres
else
  echo "PostgreSQL not available: skipped"
fi
