# shellcheck shell=bash
# tests/ops/lib.sh -- what the operations scripts (tests/ops/NN-*.sh) share: source it.
# Needs what tests/ops/run exports (ZC_OPS_BUILD, ZC_OPS_ROOT, ZC_OPS_TMP, ZC_TEST_*).
set -euo pipefail

OPS_SERVER=$ZC_OPS_BUILD/zhucun-server
OPS_CLI=$ZC_OPS_BUILD/zhucun
OPS_MIGRATIONS=$ZC_OPS_ROOT/sql/migrations
OPS_NAME=${OPS_NAME:-$(basename -- "$0" .sh)}
OPS_PIDS=()

# ops_log MESSAGE... / ops_fail MESSAGE... -- a line on stderr; ops_fail exits 1.
ops_log() { printf '%s: %s\n' "$OPS_NAME" "$*" >&2; }
# ops_fail MESSAGE -- the script fails; a "(log FILE)" in MESSAGE has FILE's last lines
# printed after it, so that a failure far from a terminal (CI) says why.
ops_fail() {
    local rest=$* log
    ops_log "FAILED: $*"
    while [[ $rest =~ \(log\ ([^\)]+)\) ]]; do
        log=${BASH_REMATCH[1]}
        rest=${rest#*"(log $log)"}
        if [[ -f $log ]]; then
            printf -- '--- the last lines of %s:\n' "$log" >&2
            tail -n 30 -- "$log" >&2
        fi
    done
    exit 1
}

# ops_free_port -- a TCP port no socket uses, below the kernel's range for outgoing connections
# (ip_local_port_range: a port in it may be taken by a client's connection between the pick and
# the listen), and not handed out before in this script (it may not be listened on yet: the
# ports given are kept in $ZC_OPS_TMP/ports-given, as the function runs in $(...) subshells).
ops_free_port() {
    local port i low=32768 high given=$ZC_OPS_TMP/ports-given
    read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
    high=$((low - 1))
    ((high > 20000)) || high=60000
    for ((i = 0; i < 200; i++)); do
        port=$(shuf -i "20000-$high" -n 1)
        if ! grep -qx -- "$port" "$given" 2>/dev/null &&
            [[ -z $(ss -Htan "sport = :$port" 2>/dev/null) ]]; then
            printf '%s\n' "$port" >>"$given"
            printf '%s\n' "$port"
            return 0
        fi
    done
    ops_fail "no free port"
}

# ops_wait_port PORT [SECONDS] -- until something listens on 127.0.0.1:PORT (default 20 s).
ops_wait_port() {
    local deadline=$((SECONDS + ${2:-20}))
    while ((SECONDS < deadline)); do
        [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]] && return 0
        sleep 0.1
    done
    ops_fail "nothing listens on port $1 after ${2:-20} s"
}

# ops_psql DB SQL... -- psql as the test cluster's superuser, unaligned, quiet, stops on error.
ops_psql() {
    local db=$1
    shift
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$ZC_TEST_PGHOST" -p "$ZC_TEST_PGPORT" \
        -U "$ZC_TEST_PGUSER" -d "$db" "$@"
}

# ops_createdb NAME -- a new database NAME on the test cluster (dropped first): a copy of the
# migrated template tests/run makes (ZC_TEST_TEMPLATE) with its settings, else empty.
ops_createdb() {
    ops_psql postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)"
    if [[ -n ${ZC_TEST_TEMPLATE:-} ]]; then
        # the template's per-database settings (0006: jit = off) are not copied with it
        ops_psql postgres -c "CREATE DATABASE $1 TEMPLATE $ZC_TEST_TEMPLATE STRATEGY FILE_COPY" \
            -c "DO \$\$ DECLARE s text; BEGIN FOR s IN SELECT unnest(setconfig) FROM pg_db_role_setting
                WHERE setrole = 0 AND setdatabase = (SELECT oid FROM pg_database WHERE datname = '$ZC_TEST_TEMPLATE')
                LOOP EXECUTE format('ALTER DATABASE %I SET %I = %L', '$1', split_part(s, '=', 1),
                substr(s, strpos(s, '=') + 1)); END LOOP; END \$\$"
    else
        ops_psql postgres -c "CREATE DATABASE $1"
    fi
}

# ops_server_conf FILE PORT DB [EXTRA_INI] -- a server configuration as the integration tests
# write it (tests/integration/harness.c), on the test cluster; EXTRA_INI is appended (later
# keys win; a [section] line in it opens that section).
ops_server_conf() {
    local file=$1 port=$2 db=$3 extra=${4:-}
    local certs=$ZC_TEST_CERTS h=$ZC_TEST_PGHOST p=$ZC_TEST_PGPORT u=$ZC_TEST_PGUSER
    cat >"$file" <<CONF
[server]
listen = 127.0.0.1:$port
workers = 2
[tls]
cert = $certs/server.crt
key = $certs/server.key
client_ca = $certs/ca.crt
[database]
dsn = host=$h port=$p dbname=$db user=zhucun_app
admin_dsn = host=$h port=$p dbname=$db user=$u
pool_size = 2
reconnect_min = 50ms
reconnect_max = 500ms
connect_timeout = 2s
[data]
key_file = $ZC_TEST_KEYFILE
[log]
level = info
$extra
CONF
}

# ops_migrate CONF -- the migrations applied to CONF's database.
ops_migrate() {
    "$OPS_SERVER" migrate --config "$1" --migrations "$OPS_MIGRATIONS" >/dev/null ||
        ops_fail "migrate with $1"
}

# ops_useradd CONF USER ROLE SCOPE PASSWORD -- an account (zhucun-server useradd).
ops_useradd() {
    printf '%s\n' "$5" | "$OPS_SERVER" useradd --config "$1" "$2" --role "$3" --scope "$4" \
        --password-stdin >/dev/null || ops_fail "useradd $2"
}

# ops_server_start CONF LOG PORT -- zhucun-server in the background, its pid in OPS_SERVER_PID
# (and in OPS_PIDS, stopped at exit), once it listens on PORT.
ops_server_start() {
    "$OPS_SERVER" --config "$1" >>"$2" 2>&1 &
    OPS_SERVER_PID=$!
    OPS_PIDS+=("$OPS_SERVER_PID")
    ops_wait_port "$3"
}

# ops_stop PID [SECONDS] -- SIGTERM, then SIGKILL after SECONDS (default 15); the exit status.
ops_stop() {
    local pid=$1 deadline=$((SECONDS + ${2:-15})) rc=0
    kill -TERM "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || rc=$?
    return "$rc"
}

# ops_client_conf FILE PORT -- a client configuration for a server on 127.0.0.1:PORT.
ops_client_conf() {
    printf '[client]\nserver = 127.0.0.1:%s\nca = %s/ca.crt\ntimeout = 10s\n' "$2" \
        "$ZC_TEST_CERTS" >"$1"
}

# ops_cleanup -- stops what ops_server_start started; run at exit.
ops_cleanup() {
    local pid
    for pid in "${OPS_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            ops_stop "$pid" 5 || true
        fi
    done
}

# ops_wait_log FILE PATTERN [SECONDS] -- until a line of FILE matches the grep pattern (default
# 10 s): the server writes its log lines through a per-worker buffer flushed a moment later
# (common/log.c), so a line may follow the reply it logs. Returns 1 when none came.
ops_wait_log() {
    local deadline=$((SECONDS + ${3:-10}))
    until grep -q -- "$2" "$1" 2>/dev/null; do
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}

# ops_login CLIENT_CONF USER PASSWORD -- `zhucun login` with OPS_CLI (HOME keeps the session:
# set it to $ZC_OPS_TMP first).
ops_login() {
    printf '%s\n' "$3" | "$OPS_CLI" --config "$1" login "$2" --password-stdin >/dev/null ||
        ops_fail "login $2 with $OPS_CLI"
}

# ---- clusters of a script's own (tests/ops/30-backup.sh, 40-replica.sh) ----

OPS_PG_CLUSTER=$ZC_OPS_ROOT/deploy/pg-cluster
OPS_CLUSTERS=()

# ops_cluster DIR PORT -- a PostgreSQL cluster of the script's own (deploy/pg-cluster init and
# start) in DIR on PORT; its socket directory in OPS_PGHOST. Stopped at exit and removed (deploy/
# pg-cluster may have put it under /var/tmp, where user postgres reaches it), but for a failure
# under KEEP_TMP=1.
ops_cluster() {
    "$OPS_PG_CLUSTER" init "$1" "$2" 2>/dev/null || ops_fail "pg-cluster init $1"
    ops_cluster_adopt "$1"
    "$OPS_PG_CLUSTER" start "$1" 2>/dev/null || ops_fail "pg-cluster start $1"
}

# ops_cluster_adopt DIR -- a cluster made otherwise (a restore, a standby) stopped and removed
# at exit like ops_cluster's; OPS_PGHOST is its socket directory.
ops_cluster_adopt() {
    OPS_CLUSTERS+=("$1")
    OPS_PGHOST=$("$OPS_PG_CLUSTER" env "$1" | sed -n 's/^PGHOST=//p')
}

# ops_cluster_psql HOST PORT DB SQL... -- psql as postgres on a cluster of the script's own,
# unaligned, quiet, stops on error.
ops_cluster_psql() {
    local host=$1 port=$2 db=$3
    shift 3
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$host" \
        -p "$port" -U postgres -d "$db" "$@"
}

# ops_cluster_dsn HOST PORT DB -- the [database] lines of a server on such a cluster, for
# ops_server_conf's EXTRA_INI.
ops_cluster_dsn() {
    printf '[database]\ndsn = host=%s port=%s dbname=%s user=zhucun_app\n' "$1" "$2" "$3"
    printf 'admin_dsn = host=%s port=%s dbname=%s user=postgres\n' "$1" "$2" "$3"
}

# ops_phase NAME -- "NAME: S.S s", the seconds since the last ops_phase (or since lib.sh was
# sourced), on stderr: each script prints its own timings.
OPS_PHASE_T=$EPOCHREALTIME
ops_phase() {
    local now=$EPOCHREALTIME
    ops_log "$(awk -v a="$OPS_PHASE_T" -v b="$now" -v n="$1" 'BEGIN { printf "%s: %.1f s", n, b - a }')"
    OPS_PHASE_T=$now
}

ops_clusters_cleanup() {
    local rc=$1 dir target
    for dir in "${OPS_CLUSTERS[@]}"; do
        "$OPS_PG_CLUSTER" stop "$dir" >/dev/null 2>&1 || true
        # a failure keeps them for a post-mortem when tests/run keeps its files (KEEP_TMP=1)
        ((rc != 0)) && [[ ${KEEP_TMP:-0} == 1 ]] && continue
        if [[ -f $dir/socketdir ]]; then
            rm -rf -- "$(<"$dir/socketdir")"
        fi
        if [[ -L $dir ]]; then
            target=$(readlink -f -- "$dir") && rm -rf -- "$target"
        fi
    done
    return "$rc"
}
# At exit: the servers first, then the clusters they used.
ops_exit() {
    local rc=$?
    ops_cleanup
    ops_clusters_cleanup "$rc"
}
trap ops_exit EXIT
