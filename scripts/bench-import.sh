#!/usr/bin/env bash
# Import and export benchmark (not a timed test). Files in the templates' format:
# customers (CSV UTF-8, CSV GBK, XLSX) and holdings (CSV; all ASCII, so its UTF-8 and GBK
# bytes are the same). On a fresh database with no demo customers, on SQLite and, when
# PostgreSQL can be started (scripts/pg.sh), on PostgreSQL:
#   - HTTP: upload + check + commit of customers (UTF-8 CSV) then holdings, the time of each
#     step and rows/s;
#   - command line: `clientbook-server import --commit` of the GBK customers (other numbers),
#     wall time and peak RSS from /usr/bin/time -v;
#   - HTTP: the XLSX customers (other numbers again), upload + check + commit;
#   - export of every customer (CSV and XLSX) as the admin, time and size;
# and the server's peak resident memory (VmHWM) after the imports and after the exports.
#   scripts/bench-import.sh [CUSTOMERS] [HOLDINGS_PER_CUSTOMER] [XLSX_CUSTOMERS]
#       default 100000 10 100000 (the issue's 100,000 customers and 1,000,000 holdings)
#   BENCH_PROFILE=dev scripts/bench-import.sh 2000 10 2000     (a quick look, debug build)
#   BENCH_SKIP_PG=1 ...                                         (SQLite only)
#   BENCH_SKIP_SQLITE=1 ...                                     (PostgreSQL only)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
customers=${1:-100000}
per=${2:-10}
xlsx_customers=${3:-$customers}
work=$(mktemp -d /tmp/cb-bench-import.XXXXXX)
chmod 755 "$work" # PostgreSQL's cluster below it runs as the postgres user
# (No server is `server=`: `kill 0` would end this script's whole process group.)
trap 'if [ -n "${server:-}" ]; then kill "$server" 2>/dev/null || true; fi; scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

say "Generating $customers customers (CSV UTF-8 and GBK), $xlsx_customers (XLSX) and $((customers * per)) holdings"
python3 - "$work" "$customers" "$per" "$xlsx_customers" <<'PY'
import sys, random, zipfile
from xml.sax.saxutils import escape
work, n, per, nx = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]; C = "10X98765432"
HEADER = ["customer_no", "name", "id_number", "phone", "gender", "birth_date", "rm_username",
          "address", "income_band", "risk_level", "risk_assessed_on"]

def customer(prefix, area, i):
    y, m, d = 1940 + i % 60, 1 + i % 12, 1 + i % 28
    # Unique per file: the area code carries the prefix and i // 1000, the sequence i % 1000.
    first17 = f"{area + i // 1000 % 9000:06}{y:04}{m:02}{d:02}{i % 1000:03}"
    idn = first17 + C[sum(int(a) * w for a, w in zip(first17, W)) % 11]
    return [f"{prefix}{i:08}", f"客户{i}", idn, f"13{i:09}", "男" if i % 2 else "女",
            f"{y:04}-{m:02}-{d:02}", f"rm0{1 + i % 8}", f"北京市朝阳区建国路{i}号",
            "100k-200k", f"C{1 + i % 5}", "2025-03-01"]

def write_csv(path, encoding, prefix, area, count):
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(",".join(HEADER) + "\n")
        for i in range(count):
            f.write(",".join(customer(prefix, area, i)) + "\n")

write_csv(f"{work}/customers.csv", "utf-8", "C", 110000, n)
write_csv(f"{work}/customers-gbk.csv", "gbk", "G", 120000, n)

# A minimal XLSX workbook (inline strings), written as it streams: the bench's input only.
with zipfile.ZipFile(f"{work}/customers.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="customers" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as s:
        s.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        def row(cells):
            return ("<row>" + "".join(f'<c t="inlineStr"><is><t>{escape(c)}</t></is></c>' for c in cells) + "</row>").encode()
        s.write(row(HEADER))
        for i in range(nx):
            s.write(row(customer("X", 130000, i)))
        s.write(b"</sheetData></worksheet>")

products = ["TD-03M", "TD-06M", "TD-01Y", "TD-02Y", "TD-03Y"]
rng = random.Random(42)
with open(f"{work}/holdings.csv", "w", encoding="utf-8") as f:
    f.write("account_no,customer_no,product_code,balance,opened_on,matures_on\n")
    k = 0
    for i in range(n):
        for j in range(per):
            f.write(f"A{k:010},C{i:08},{products[j % 5]},{rng.randint(1, 10_000_000)}.{rng.randint(0, 99):02},2025-0{1 + j % 9}-15,\n")
            k += 1
PY
ls -la "$work"/*.csv "$work"/*.xlsx | awk '{printf "%s %.1f MB\n", $9, $5 / 1048576}'

profile=${BENCH_PROFILE:-server}
say "Building the server (profile $profile)"
cargo build -q --profile "$profile" -p clientbook-server
bin="$CARGO_TARGET_DIR/$([ "$profile" = dev ] && echo debug || echo "$profile")/clientbook-server"

now_ms() { date +%s%3N; }
rate() { python3 -c "import sys; r, ms = int(sys.argv[1]), int(sys.argv[2]); print(f'{r / max(ms, 1) * 1000:,.0f}')" "$1" "$2"; }
hwm() { grep VmHWM "/proc/$1/status" | awk '{printf "%.0f MB", $2 / 1024}'; }

# http_import PORT KIND FILE ROWS LABEL: upload, poll until checked, commit.
http_import() {
  local port=$1 kind=$2 file=$3 rows=$4 label=$5 id status t0 t_up t_valid t_commit
  t0=$(now_ms)
  id=$(curl -fsS -b "$work/jar" -X POST -T "$file" -H 'content-type: application/octet-stream' \
    "http://127.0.0.1:$port/api/imports?kind=$kind&file_name=$(basename "$file")" |
    python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])')
  t_up=$(now_ms)
  while :; do
    status=$(curl -fsS -b "$work/jar" "http://127.0.0.1:$port/api/imports/$id?limit=3" |
      python3 -c 'import sys,json;d=json.load(sys.stdin);print(d["status"], d["rows_read"], d["rows_valid"], d["rows_invalid"], [l.get("problem") for l in d.get("report", [])][:3])')
    case $status in validating* | uploaded* | pending*) sleep 0.5 ;; *) break ;; esac
  done
  t_valid=$(now_ms)
  curl -fsS -b "$work/jar" -X POST "http://127.0.0.1:$port/api/imports/$id/commit" -o /dev/null
  t_commit=$(now_ms)
  echo "$label HTTP $(basename "$file"): upload $((t_up - t0)) ms, check $((t_valid - t_up)) ms, commit $((t_commit - t_valid)) ms;" \
    "total $((t_commit - t0)) ms = $(rate "$rows" $((t_commit - t0))) rows/s ($status); server VmHWM now $(hwm "$server")"
}

# start_server DATABASE_URL LABEL [USER]: the admin imports; compliance (the whole bank,
# read-only) exports.
start_server() {
  local url=$1 label=$2 user=${3:-admin}
  port=$(free_port)
  mkdir -p "$work/dist"; echo '<!doctype html>' >"$work/dist/index.html"
  "$bin" --listen "127.0.0.1:$port" --database-url "$url" --dist "$work/dist" \
    --demo-customers 0 --import-max-bytes $((1024 * 1024 * 1024)) >>"$work/server-$label.log" 2>&1 &
  server=$!
  wait_for_url "http://127.0.0.1:$port/api/health" 300
  curl -fsS -c "$work/jar" -H 'content-type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"clientbook-demo\"}" "http://127.0.0.1:$port/api/session" >/dev/null
}

stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }

# run_on DATABASE_URL LABEL
run_on() {
  local url=$1 label=$2 t0 t1 f
  start_server "$url" "$label"
  echo "$label server started: VmHWM $(hwm "$server")"
  http_import "$port" customers "$work/customers.csv" "$customers" "$label"
  http_import "$port" holdings "$work/holdings.csv" $((customers * per)) "$label"
  echo "$label server peak RSS after the CSV imports: $(hwm "$server")"
  stop_server
  # The command line, on the same database, no server running.
  t0=$(now_ms)
  /usr/bin/time -v -o "$work/time-$label" "$bin" --database-url "$url" import --kind customers \
    "$work/customers-gbk.csv" --commit >"$work/cli-$label.out" 2>&1 || { tail -20 "$work/cli-$label.out"; exit 1; }
  t1=$(now_ms)
  echo "$label CLI customers-gbk.csv (GBK): $((t1 - t0)) ms = $(rate "$customers" $((t1 - t0))) rows/s;" \
    "peak RSS $(awk -F': ' '/Maximum resident/ {printf "%.0f MB", $2 / 1024}' "$work/time-$label"); $(grep -m1 -i 'inserted\|committed' "$work/cli-$label.out" || true)"
  # A new server process, so its peak is the XLSX's and the exports'.
  start_server "$url" "$label"
  echo "$label server restarted: VmHWM $(hwm "$server")"
  http_import "$port" customers "$work/customers.xlsx" "$xlsx_customers" "$label"
  echo "$label server peak RSS after the XLSX import: $(hwm "$server")"
  stop_server
  start_server "$url" "$label" compliance01
  echo "$label server restarted for the exports: VmHWM $(hwm "$server")"
  for f in csv xlsx; do
    t0=$(now_ms)
    curl -fsS -b "$work/jar" -o "$work/export.$f" "http://127.0.0.1:$port/api/exports/customers?format=$f"
    t1=$(now_ms)
    echo "$label export of every customer ($f): $((t1 - t0)) ms, $(stat -c %s "$work/export.$f" | awk '{printf "%.1f MB", $1 / 1048576}'), $( [ "$f" = csv ] && echo "$(($(wc -l <"$work/export.$f") - 1)) rows, " )server VmHWM now $(hwm "$server")"
  done
  stop_server
}

say "SQLite"
[ -n "${BENCH_SKIP_SQLITE:-}" ] || run_on "sqlite://$work/bench.sqlite" sqlite
if [ -z "${BENCH_SKIP_PG:-}" ] && pg_url=$(scripts/pg.sh start "$work/pg" "$(free_port)" 2>/dev/null | tail -1) && [ -n "$pg_url" ]; then
  say "PostgreSQL"
  run_on "$pg_url" postgres
else
  echo "PostgreSQL not started: skipped"
fi
