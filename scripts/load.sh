#!/usr/bin/env bash
# Load: many relationship managers at once against the real release server on loopback
# (crates/loadgen), on SQLite and PostgreSQL.
#   scripts/load.sh --short   SQLite, 5,000 customers, ~1 minute after the build
#   scripts/load.sh --full    SQLite and PostgreSQL, 5,000 and 1,000,000 customers;
#                             writes the "Load" section of RELIABILITY.md
#   options: --skip-build, --seconds N (per run), --clients N, --no-home (no timing of a
#            big scope's home after each run: cold figures over a million take minutes;
#            CLIENTBOOK_LOAD_HOME_USERS names whose home is timed), --postgres-url URL (the
#            PostgreSQL runs on this database, which already holds the bank, left as it is),
#            --no-warm (the server started with --warm-figures false: at a million its
#            warmer makes every big scope's figures for minutes after the start, on the
#            same 2 cores as the requests measured),
#            --runs "sqlite:5000 postgres:5000 sqlite:1000000 postgres:1000000" (--full's
#            runs, or a part of them when not all fit; the table says which were not run),
#            --only "mixed customer-page list" (what each run measures, one after another:
#            the app's whole mix, the customer page alone, the list's first and next page
#            alone; default: mixed), --sqlite-db FILE (the SQLite runs on this bank, which
#            the load writes into: a copy, e.g. of a cached bank of another generator key)
# Each bank is generated once and cached under ~/.cache/clientbook/load/ (SQLite: the
# database file; PostgreSQL: a pg_dump -Fc restored into a throw-away cluster), keyed by a
# hash of the generator and the migrations, so re-runs skip the generation. The load's
# own writes (contacts, complaints) stay in a cached SQLite bank; they are a few thousand
# rows against millions. Exits non-zero when any run has an error (503s are reported
# apart; they are the server shedding load, not failures).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

mode="" skip_build=0 seconds="" clients=16 runs="" home=1 pg_url="" only=mixed sqlite_db="" warm=true
home_users=${CLIENTBOOK_LOAD_HOME_USERS:-compliance01 manager01 rm01}
while [ $# -gt 0 ]; do
  case $1 in
    --short|--full) mode=${1#--}; shift ;;
    --skip-build) skip_build=1; shift ;;
    --no-home) home=0; shift ;;
    --no-warm) warm=false; shift ;;
    --postgres-url) pg_url=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --sqlite-db) sqlite_db=$2; shift 2 ;;
    *) echo "usage: $0 --short|--full [--skip-build] [--seconds N] [--clients N] [--runs LIST]" >&2; exit 2 ;;
  esac
done
[ -n "$mode" ] || { echo "usage: $0 --short|--full [--skip-build] [--seconds N] [--clients N] [--runs LIST]" >&2; exit 2; }
if [ "$mode" = short ]; then seconds=${seconds:-30}; else seconds=${seconds:-60}; fi

cache=${CLIENTBOOK_LOAD_CACHE:-$HOME/.cache/clientbook/load}
work=$(mktemp -d /tmp/clientbook-load.XXXXXX)
# Readable by the postgres user, who runs the throw-away cluster inside it.
chmod 755 "$work"
mkdir -p "$cache" "$work/dist"
echo '<!DOCTYPE html><html><head><title>Clientbook</title></head><body></body></html>' >"$work/dist/index.html"
server_pid="" pg_dir=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$pg_dir" ] && scripts/pg.sh stop "$pg_dir"
  rm -rf "$work"
  true
}
trap cleanup EXIT
trap 'exit 143' TERM INT

if [ $skip_build = 0 ]; then
  say "Building the release server and the load client"
  cargo build --profile server -p clientbook-server -p clientbook-loadgen
fi
bin=$CARGO_TARGET_DIR/server
# The generator's version: its code, its word lists, the insert and the schema.
# Whitespace does not count (cargo fmt does not make a new bank).
key=$(cat crates/server/src/demo/*.rs crates/server/src/demo_data.rs crates/server/src/storage/seed.rs \
  crates/server/migrations/*/*.sql | tr -d '[:space:]' | sha256sum | cut -c1-12)

# start_server URL LOG: the server on a free port with URL; sets server_pid and base.
start_server() {
  local url=$1 log=$2 customers=$3 port
  port=$(free_port)
  "$bin/clientbook-server" --listen "127.0.0.1:$port" --dist "$work/dist" \
    --database-url "$url" --demo-customers "$customers" --warm-figures "$warm" >"$log" 2>&1 &
  server_pid=$!
  base="http://127.0.0.1:$port"
  # A million customers take minutes to generate on first start.
  wait_for_url "$base/api/health" 3600 || { tail -20 "$log" >&2; exit 1; }
}

stop_server() {
  kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# The whole book of an RM is 125,000 customers in the million bank: loaded once per
# client there (as the app would on sign-in), every session at 5,000.
book_every() { [ "$1" -ge 100000 ] && echo 0 || echo 1; }

rows=$work/rows.md
failed=0
run_load() { # LABEL CUSTOMERS
  say "Load: $1 ($clients clients, ${seconds} s)"
  # The server's peak before any request: what starting on this bank costs, apart
  # from what the load adds (the table's peak RSS is over the whole process).
  echo "$1: server peak RSS after starting, before the load: $(awk '/^VmHWM/ { printf "%d MiB", $2 / 1024 }' "/proc/$server_pid/status")" \
    | tee -a "$work/notes"
  local kind label
  for kind in $only; do
    label=$1
    [ "$kind" = mixed ] || label="$1, $kind alone"
    "$bin/clientbook-loadgen" --url "$base" --clients "$clients" --seconds "$seconds" --only "$kind" \
      --book-every "$(book_every "$2")" --server-pid "$server_pid" --label "$label" | tee -a "$rows" || failed=1
  done
}

# time_home LABEL: what home needs for a big scope, one user at a time with nothing else
# running: sign-in, the scope's size, the shelf, the policy, the clock and the scope's
# figures twice (cold: computed over the scope; warm: from the shared cache), per user,
# with the server's peak RSS after each. Written as rows of the home table.
time_home() {
  local label=$1 user jar t what path
  [ "$home" = 1 ] || return 0
  for user in $home_users; do
    jar=$work/jar-$user
    rm -f "$jar"
    t=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' -c "$jar" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$user\",\"password\":\"clientbook-demo\"}" "$base/api/session")
    printf '| %s | %s | sign-in | %s |\n' "$label" "$user" "$t" >>"$work/home"
    for what in "scope:/api/scope" "products:/api/products" "policy:/api/policy" "clock:/api/clock" \
      "figures (cold):/api/scope/figures" "figures (warm):/api/scope/figures"; do
      path=${what#*:}
      t=$(curl -sS -o /dev/null --max-time "${CLIENTBOOK_LOAD_HOME_MAX_SECONDS:-900}" -w '%{http_code} %{time_total} %{size_download}' -b "$jar" "$base$path" || echo "failed")
      printf '| %s | %s | %s | %s |\n' "$label" "$user" "${what%%:*}" "$t" >>"$work/home"
    done
    printf '| %s | %s | server peak RSS so far | %s |\n' "$label" "$user" \
      "$(awk '/^VmHWM/ { printf "%d MiB", $2 / 1024 }' "/proc/$server_pid/status")" >>"$work/home"
  done
  tail -n 24 "$work/home"
}

fmt() { printf "%'d" "$1" 2>/dev/null || echo "$1"; }

sqlite_run() { # CUSTOMERS
  local n=$1 db=${sqlite_db:-$cache/sqlite-$1-$key.sqlite} started
  # A given bank is taken as it is (generated already: the server only migrates it).
  [ -n "$sqlite_db" ] && touch "$db.done"
  # A million customers are 2.7 GiB in SQLite.
  if [ ! -f "$db.done" ] && [ "$n" -ge 100000 ]; then
    enough_disk $(( n * 4 / 1000000 + 1 )) "SQLite, $n customers" || return 0
  fi
  if [ ! -f "$db.done" ]; then
    rm -f "$db" "$db-wal" "$db-shm"
    say "Generating the SQLite bank of $(fmt "$n") customers (cached in $db)"
  fi
  started=$(date +%s)
  start_server "sqlite://$db" "$work/server-sqlite-$n.log" "$n"
  if [ ! -f "$db.done" ]; then
    touch "$db.done"
    echo "generated in $(( $(date +%s) - started )) s" | tee "$db.took"
    # A fresh process, so that the peak RSS is the load's, not the generator's.
    stop_server
    start_server "sqlite://$db" "$work/server-sqlite-$n.log" "$n"
  fi
  run_load "SQLite, $(fmt "$n") customers" "$n"
  time_home "SQLite, $(fmt "$n")"
  stop_server
}

# enough_disk GIB WHAT: false (with a message) when the disk holding /tmp and the cache
# has less free space than a bank needs: a full disk would break more than this run.
enough_disk() {
  local free
  free=$(df -Pk /tmp "$cache" | awk 'NR > 1 { print int($4 / 1048576) }' | sort -n | head -1)
  if [ "$free" -lt "$1" ]; then
    echo "SKIPPED $2: needs about $1 GiB free, $free GiB free" | tee -a "$work/skipped"
    return 1
  fi
}

# copy_sqlite_to_postgres SQLITE_DB URL: every table of a SQLite bank into a PostgreSQL
# database the server has migrated (the same migrations), row for row with COPY and the
# triggers off (the SQLite bank already holds what they keep: customers.aum, the data
# versions); the identity sequences moved past the copied ids.
copy_sqlite_to_postgres() {
  local db=$1 url=$2 t tables pgcols sqcols cols
  tables=$(psql -At "$url" -c "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'
    AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations' ORDER BY 1")
  # As replica, like the copy below: the audit log's append-only trigger refuses a
  # TRUNCATE from anyone else (what the server wrote on its first start goes too).
  PGOPTIONS='-c session_replication_role=replica' psql -q "$url" -c "TRUNCATE $(echo $tables | tr ' ' ',') CASCADE"
  for t in $tables; do
    pgcols=$(psql -At "$url" -c "SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = '$t'" | sort)
    sqcols=$(sqlite3 "$db" "SELECT name FROM pragma_table_info('$t')" | sort)
    cols=$(comm -12 <(echo "$pgcols") <(echo "$sqcols") | paste -sd, -)
    [ -n "$cols" ] || continue
    sqlite3 -csv -cmd ".nullvalue __NULL__" "$db" "SELECT $cols FROM \"$t\"" |
      PGOPTIONS='-c session_replication_role=replica' \
        psql -q "$url" -c "\\copy \"$t\"($cols) FROM STDIN WITH (FORMAT csv, NULL '__NULL__')"
  done
  psql -At "$url" -c "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public'
    AND column_name = 'id' AND (is_identity = 'YES' OR column_default LIKE 'nextval%')" |
    while read -r t; do
      psql -q -At "$url" -c "SELECT setval(pg_get_serial_sequence('$t', 'id'),
        COALESCE((SELECT MAX(id) FROM \"$t\"), 0) + 1, false)" >/dev/null
    done
}

pg_run() { # CUSTOMERS
  local n=$1 dump=$cache/postgres-$1-$key.dump port url pgbin started dump_after=0
  local sqlite_db=$cache/sqlite-$1-$key.sqlite
  # Measured: a million customers take ~9 GiB in PostgreSQL (400,000 were 3.5 GiB); on a
  # disk shared with others, built only with twice that free (18 GiB) unless cached.
  if [ -z "$pg_url" ] && [ "$n" -ge 100000 ] && [ ! -f "$dump" ]; then enough_disk $(( n * 18 / 1000000 )) "PostgreSQL, $n customers" || return 0; fi
  if [ -z "$pg_url" ] && [ "$n" -ge 100000 ] && [ -f "$dump" ]; then enough_disk $(( n * 12 / 1000000 )) "PostgreSQL, $n customers" || return 0; fi
  pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | head -1)")
  if [ -n "$pg_url" ]; then
    url=$pg_url
    say "PostgreSQL bank of $(fmt "$n") customers at the given --postgres-url"
    start_server "$url" "$work/server-pg-$n.log" "$n"
  else
    port=$(free_port)
    pg_dir=$work/pg-$n
    url=$(scripts/pg.sh start "$pg_dir" "$port")
  fi
  if [ -n "$pg_url" ]; then
    :
  elif [ -f "$dump" ]; then
    say "Restoring the PostgreSQL bank of $(fmt "$n") customers from $dump"
    "$pgbin/pg_restore" -j 2 -d "$url" "$dump"
    start_server "$url" "$work/server-pg-$n.log" "$n"
  elif [ "$n" -ge 100000 ] && [ -f "$sqlite_db.done" ]; then
    # Measured 2026-11-30: the generator inserting into PostgreSQL made 100,000
    # customers in 439 s (a million: over an hour); the same rows copied from the SQLite
    # bank of the same size take minutes.
    say "Copying the SQLite bank of $(fmt "$n") customers into PostgreSQL (cached as $dump)"
    started=$(date +%s)
    start_server "$url" "$work/server-pg-$n.log" 0
    stop_server
    copy_sqlite_to_postgres "$sqlite_db" "$url"
    echo "copied from the SQLite bank in $(( $(date +%s) - started )) s" | tee "$dump.took"
    start_server "$url" "$work/server-pg-$n.log" "$n"
    dump_after=1
  else
    say "Generating the PostgreSQL bank of $(fmt "$n") customers (cached as $dump)"
    started=$(date +%s)
    start_server "$url" "$work/server-pg-$n.log" "$n"
    echo "generated in $(( $(date +%s) - started )) s" | tee "$dump.took"
    "$pgbin/pg_dump" -Fc -f "$dump.part" "$url" && mv "$dump.part" "$dump"
    stop_server
    start_server "$url" "$work/server-pg-$n.log" "$n"
  fi
  # Fresh statistics for the planner after a bulk load or a restore.
  "$pgbin/psql" -q -d "$url" -c "ANALYZE" >/dev/null
  run_load "PostgreSQL, $(fmt "$n") customers" "$n"
  time_home "PostgreSQL, $(fmt "$n")"
  stop_server
  # A copied bank is cached after its run (with the run's few thousand writes, as the
  # SQLite bank is): its run does not wait for the dump.
  if [ "$dump_after" = 1 ]; then
    "$pgbin/pg_dump" -Fc -f "$dump.part" "$url" && mv "$dump.part" "$dump"
  fi
  [ -n "$pg_url" ] && return 0
  scripts/pg.sh stop "$pg_dir"
  rm -rf "$pg_dir"
  pg_dir=""
}

uptime_before=$(uptime | sed 's/.*load average: //')
all_runs="sqlite:5000 postgres:5000 sqlite:1000000 postgres:1000000"
if [ "$mode" = short ]; then
  runs=${runs:-sqlite:5000}
else
  runs=${runs:-$all_runs}
fi
# In the order given: at a deadline the runs that matter most go first.
for r in $runs; do
  case " $all_runs " in
    *" $r "*) ;;
    *) echo "--runs: unknown run $r (one of: $all_runs)" >&2; exit 2 ;;
  esac
  case $r in
    sqlite:*) sqlite_run "${r#sqlite:}" ;;
    postgres:*) pg_run "${r#postgres:}" ;;
  esac
done
if [ "$mode" = full ]; then
  for r in $all_runs; do
    case " $runs " in
      *" $r "*) ;;
      *) echo "NOT RUN ${r/:/, } customers: left out by --runs" >>"$work/skipped" ;;
    esac
  done
fi

table=$work/table.md
{
  echo "<!-- load:begin (written by scripts/load.sh --full) -->"
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))," \
    "$clients clients for ${seconds} s per run, release server (\`--profile server\`), loopback."
  echo
  sed -n '1,2p' <<'HEADER'
| run | requests | kind | req/s | p50 ms | p95 ms | p99 ms | errors | 503 | server peak RSS |
|---|---|---|---:|---:|---:|---:|---:|---:|---:|
HEADER
  cat "$rows"
  echo
  if [ -f "$work/home" ]; then
    echo "What home needs for a big scope (one user at a time, after the load; curl: status, seconds, bytes):"
    echo
    echo "| run | user | request | status, s, bytes |"
    echo "|---|---|---|---|"
    cat "$work/home"
    echo
  fi
  echo "- load average before: $uptime_before; after: $(uptime | sed 's/.*load average: //')"
  [ -f "$work/skipped" ] && sed 's/^/- /' "$work/skipped"
  [ -f "$work/notes" ] && sed 's/^/- /' "$work/notes"
  for f in "$cache"/*-"$key".*.took; do
    [ -f "$f" ] && echo "- bank $(basename "$f" .took): $(cat "$f")"
  done
  echo "<!-- load:end -->"
} >"$table"
cat "$table"
if [ "$mode" = full ]; then
  python3 - "$table" <<'PY'
import re, sys
table = open(sys.argv[1]).read().strip()
path = "RELIABILITY.md"
doc = open(path).read()
pattern = re.compile(r"<!-- load:begin.*?<!-- load:end -->", re.S)
if pattern.search(doc):
    doc = pattern.sub(lambda _: table, doc)
else:
    doc = doc.rstrip() + "\n\n## Load\n\n" + table + "\n"
open(path, "w").write(doc)
PY
  say "RELIABILITY.md: Load section written"
fi
exit $failed
