# tests/bench/lib.sh -- what every benchmark script shares: a Release build, a throwaway
# PostgreSQL cluster with one database, a server configuration, and the server itself.
# Source it, then call bench_setup; the EXIT trap stops everything (KEEP=1 keeps the
# directory and the cluster for a look afterwards). ZC_BENCH_BUILD names the build directory
# (default build), so that a script run beside other builds can keep its own.
#
# ZC_BENCH_REUSE=DIR reuses what a run with KEEP=1 kept in DIR (the "kept:" line names it):
# bench_setup starts DIR's cluster with its database, keys and certificates instead of making
# them, bench_demo loads nothing when a demo is there, and the cleanup stops the cluster but
# keeps DIR. One demo province (minutes to load) then serves every script of the same scale:
#   KEEP=1 ZC_DEMO_SCALE=province tests/bench/compare.d/60-projects
#   ZC_BENCH_REUSE=/tmp/zhucun-bench.XXXXXX ZC_DEMO_SCALE=province tests/bench/compare.d/70-stars
# (then deploy/pg-cluster stop DIR/pg; rm -rf DIR).

ROOT=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/../.." && pwd -P)
cd -- "$ROOT"
TMP=$(mktemp -d /tmp/zhucun-bench.XXXXXX)
chmod 755 "$TMP"
FRESH=$TMP
[[ -n ${ZC_BENCH_REUSE:-} ]] && TMP=$(cd -- "$ZC_BENCH_REUSE" && pwd -P)
PG=$TMP/pg
SERVER_PID=
BUILD=${ZC_BENCH_BUILD:-build}

bench_cleanup() {
    if [[ -n ${ZC_BENCH_REUSE:-} ]]; then
        [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
        deploy/pg-cluster stop "$PG" >/dev/null 2>&1 || true
        rm -rf -- "$FRESH"
        return
    fi
    if [[ -n ${KEEP:-} ]]; then
        echo "kept: $TMP (server pid ${SERVER_PID:-none})"
        return
    fi
    [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    deploy/pg-cluster stop "$PG" >/dev/null 2>&1 || true
    [[ -L $PG ]] && rm -rf -- "$(readlink -f -- "$PG")"
    rm -rf -- "$TMP"
}
trap bench_cleanup EXIT

# bench_setup [EXTRA-SERVER-CONF-LINES] -- build, cluster, database "zhucun", the personal data
# key file (docs/encryption.md: the server, demo and rekey need it), migrations; sets
# PGHOST/PGPORT (exported), SPORT, CONF.
bench_setup() {
    cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DZHUCUN_TEST_CLOCK=OFF >/dev/null
    cmake --build "$BUILD" -j"$(nproc)" >/dev/null
    local port
    if [[ -n ${ZC_BENCH_REUSE:-} ]]; then
        port=$(cat "$PG/port")
        deploy/pg-cluster start "$PG" >/dev/null 2>&1
        eval "$(deploy/pg-cluster env "$PG" | sed 's/^/export /')"
    else
        deploy/dev-certs "$TMP/certs" >/dev/null 2>&1
        port=$((20000 + RANDOM % 30000))
        deploy/pg-cluster init "$PG" "$port" >/dev/null 2>&1
        deploy/pg-cluster start "$PG" >/dev/null 2>&1
        eval "$(deploy/pg-cluster env "$PG" | sed 's/^/export /')"
        createdb zhucun
        (
            umask 077
            printf 'hmac %s\n1 %s\n' "$(openssl rand -base64 32)" \
                "$(openssl rand -base64 32)" >"$TMP/data.keys"
        )
    fi
    SPORT=$((port + 1))
    CONF=$TMP/server.conf
    cat > "$CONF" <<CONF
[server]
listen = 127.0.0.1:$SPORT
workers = 2
[tls]
cert = $TMP/certs/server.crt
key = $TMP/certs/server.key
client_ca = $TMP/certs/ca.crt
[database]
dsn = host=$PGHOST port=$PGPORT dbname=zhucun user=zhucun_app
admin_dsn = host=$PGHOST port=$PGPORT dbname=zhucun user=postgres
pool_size = 4
[data]
key_file = $TMP/data.keys
${1:-}
CONF
    "$BUILD"/zhucun-server migrate --config "$CONF" >/dev/null
    echo "machine: $(nproc) cores, $(uname -sr)"
}

# bench_demo SCALE PATTERN -- loads the demo at SCALE (its summary's lines matching PATTERN
# on stderr), or nothing when ZC_BENCH_REUSE's database has one. ZC_DEMO_UNTIL=STEP stops the
# load after that step (zhucun-server demo --until), for a measure that reads only what the
# steps up to it write.
bench_demo() {
    if [[ -n ${ZC_BENCH_REUSE:-} &&
        $(psql -d zhucun -tAc "SELECT count(*) > 1 FROM org_units") == t ]]; then
        echo "demo: the one loaded in $TMP (ZC_BENCH_REUSE)" >&2
        return 0
    fi
    "$BUILD"/zhucun-server demo --config "$CONF" --scale "$1" \
        ${ZC_DEMO_UNTIL:+--until "$ZC_DEMO_UNTIL"} | grep -E "$2" >&2
}

# bench_server -- starts the server (log in $TMP/server.log) and waits until it answers.
bench_server() {
    "$BUILD"/zhucun-server --config "$CONF" 2>"$TMP/server.log" &
    SERVER_PID=$!
    local z="$BUILD/zhucun --server 127.0.0.1:$SPORT --ca $TMP/certs/ca.crt --session $TMP/ping"
    for _ in $(seq 100); do $z ping --count 1 >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "the server did not start: $(tail -5 "$TMP/server.log")" >&2
    return 1
}

# bench_cli SESSION-NAME -- the CLI command line for a session file of that name.
bench_cli() {
    echo "$BUILD/zhucun --server 127.0.0.1:$SPORT --ca $TMP/certs/ca.crt --session $TMP/$1"
}
