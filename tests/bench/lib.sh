# tests/bench/lib.sh -- what every benchmark script shares: a Release build, a throwaway
# PostgreSQL cluster with one database, a server configuration, and the server itself.
# Source it, then call bench_setup; the EXIT trap stops everything (KEEP=1 keeps the
# directory and the cluster for a look afterwards). ZC_BENCH_BUILD names the build directory
# (default build), so that a script run beside other builds can keep its own.

ROOT=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/../.." && pwd -P)
cd -- "$ROOT"
TMP=$(mktemp -d /tmp/zhucun-bench.XXXXXX)
chmod 755 "$TMP"
PG=$TMP/pg
SERVER_PID=
BUILD=${ZC_BENCH_BUILD:-build}

bench_cleanup() {
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
    deploy/dev-certs "$TMP/certs" >/dev/null 2>&1
    local port=$((20000 + RANDOM % 30000))
    deploy/pg-cluster init "$PG" "$port" >/dev/null 2>&1
    deploy/pg-cluster start "$PG" >/dev/null 2>&1
    eval "$(deploy/pg-cluster env "$PG" | sed 's/^/export /')"
    createdb zhucun
    SPORT=$((port + 1))
    (
        umask 077
        printf 'hmac %s\n1 %s\n' "$(openssl rand -base64 32)" "$(openssl rand -base64 32)" \
            >"$TMP/data.keys"
    )
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
