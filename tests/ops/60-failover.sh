#!/usr/bin/env bash
# tests/ops/60-failover.sh -- automatic PostgreSQL failover under a keyed write load (issue 26,
# docs/scale-out.md "Database failover"). A pg_auto_failover formation on this machine (a
# monitor, a primary and a synchronous secondary: Debian's postgresql-15-auto-failover), a
# zhucun-server on the multi-host DSN (target_session_attrs=read-write), CLIENTS clients each
# writing households through the CLI with idempotency keys and logging every acknowledged
# write; the primary's whole process group (pg_autoctl, postgres and its backends) is killed
# with SIGKILL. The secondary is promoted; the script counts acknowledged writes lost (must be
# 0), written twice (must be 0), and prints the seconds from the kill until a write begun after
# it was acknowledged. Budget 90 s; it prints its own timings.
#
# "0 lost" holds because replication is synchronous: pg_auto_failover sets
# synchronous_standby_names to 'ANY 1 (pgautofailover_standby_N)' once the secondary is in
# the quorum (replication-quorum true, the default), so a commit is acknowledged only after
# the secondary flushed it; the script checks that setting before it kills anything.
# shellcheck source=tests/ops/lib.sh
. "$(dirname -- "$0")/lib.sh"

PGBIN=/usr/lib/postgresql/15/bin
CLIENTS=6
# The monitor's failure detection, tuned down from pg_auto_failover's defaults (5 s checks,
# 20 s unhealthy, 30 s demote timeout) so that the test fits its budget; docs/scale-out.md
# gives the production values. The keepers' network_partition_timeout (the primary's own
# fencing) stays below primary_demote_timeout: a primary cut off from the monitor and its
# standby stops itself before the standby is promoted.
MONITOR_SETTINGS=(
    "pgautofailover.health_check_period = 1000"
    "pgautofailover.health_check_timeout = 1000"
    "pgautofailover.health_check_max_retries = 1"
    "pgautofailover.health_check_retry_delay = 500"
    "pgautofailover.node_considered_unhealthy_timeout = 2000"
    "pgautofailover.primary_demote_timeout = 3000"
    "pgautofailover.startup_grace_period = 1000"
)
NETWORK_PARTITION_TIMEOUT=2

t_start=$SECONDS
FO=$ZC_OPS_TMP/formation
FO_GROUPS=()
declare -A FO_PGID=()

# ms -- milliseconds since the epoch.
ms() { date +%s%3N; }

# as_pg CMD... -- CMD as the owner of the formation (postgres when we are root: PostgreSQL
# refuses to run as root), with pg_autoctl's configuration and state under $FO.
as_pg() {
    local env=(env "XDG_CONFIG_HOME=$FO/config" "XDG_DATA_HOME=$FO/share" "PATH=$PGBIN:$PATH")
    if ((EUID == 0)); then
        (cd / && runuser -u postgres -- "${env[@]}" "$@")
    else
        "${env[@]}" "$@"
    fi
}

# fo_start NAME CMD... -- CMD (a pg_autoctl service) in a session of its own, its log in
# $FO/NAME.log; the session's id (its process group) is appended to FO_GROUPS, so that the
# whole node -- pg_autoctl, postgres and every backend -- is stopped or killed at once.
fo_start() {
    local name=$1
    shift
    setsid bash -c "$(declare -f as_pg); FO='$FO' PGBIN='$PGBIN'; as_pg \"\$@\"" as_pg "$@" \
        >"$FO/$name.log" 2>&1 </dev/null &
    FO_GROUPS+=("$!")
    FO_PGID[$name]=$!
    disown "$!" # killed on purpose: no "Killed" line from bash
}

# fo_stop_all -- every node's process group: SIGTERM (pg_autoctl stops its postgres), then
# SIGKILL after 10 s.
fo_stop_all() {
    local g deadline=$((SECONDS + 10))
    for g in "${FO_GROUPS[@]}"; do
        kill -TERM -- "-$g" 2>/dev/null || true
    done
    for g in "${FO_GROUPS[@]}"; do
        while kill -0 -- "-$g" 2>/dev/null && ((SECONDS < deadline)); do
            sleep 0.1
        done
        kill -KILL -- "-$g" 2>/dev/null || true
    done
}

# BG_PIDS: this script's own background loops (the checkpoints, the clients), ended at exit
# whatever happened.
BG_PIDS=()
cleanup() {
    local pid
    for pid in "${BG_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    ops_cleanup
    fo_stop_all
}
trap cleanup EXIT

# mon_sql SQL -- a query on the monitor's database, one value a line.
mon_sql() {
    psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$mon_port" -U postgres -d pg_auto_failover \
        -c "$1"
}

# states -- "name:reported/goal" of every node, in node order.
states() {
    mon_sql "SELECT string_agg(nodename || ':' || reportedstate || '/' || goalstate, ' '
                               ORDER BY nodeid) FROM pgautofailover.node" 2>/dev/null || true
}

# wait_states PATTERN SECONDS -- until states matches the extended regex PATTERN.
wait_states() {
    local deadline=$((SECONDS + $2)) s=
    while ((SECONDS < deadline)); do
        s=$(states)
        [[ $s =~ $1 ]] && return 0
        sleep 0.5
    done
    ops_fail "the formation did not reach \"$1\" in $2 s (it is \"$s\"; logs in $FO)"
}

# checkpoints PORT -- a CHECKPOINT on PORT every second until killed. pg_basebackup, which
# makes the secondary, waits for the primary's next checkpoint: a spread one takes minutes,
# one asked for moments.
checkpoints() {
    while :; do
        psql -X -q -h 127.0.0.1 -p "$1" -U postgres -d postgres -c CHECKPOINT >/dev/null 2>&1 || true
        sleep 1
    done
}

# ---- the formation ----
mkdir -p "$FO"
chmod 755 "$ZC_OPS_TMP"
if ((EUID == 0)); then
    chown postgres:postgres "$FO"
fi
mon_port=$(ops_free_port)
n1_port=$(ops_free_port)
n2_port=$(ops_free_port)
common=(--pgctl "$PGBIN/pg_ctl" --hostname 127.0.0.1 --auth trust --no-ssl)

# the server's configuration: the multi-host DSN, both nodes, the read-write one wins
port=$(ops_free_port)
conf=$ZC_OPS_TMP/server.conf
hosts="host=127.0.0.1,127.0.0.1 port=$n1_port,$n2_port dbname=zhucun target_session_attrs=read-write"
ops_server_conf "$conf" "$port" zhucun "[database]
dsn = $hosts user=zhucun_app
admin_dsn = $hosts user=postgres
pool_size = 4"

# The monitor and the primary are made at once (each runs initdb); the primary's pg_autoctl
# waits for the monitor to answer before it registers.
t0=$(ms)
fo_start monitor pg_autoctl create monitor "${common[@]}" --pgdata "$FO/monitor" \
    --pgport "$mon_port" --run
monitor_uri="postgres://autoctl_node@127.0.0.1:$mon_port/pg_auto_failover?sslmode=disable"
node_args=("${common[@]}" --dbname zhucun --monitor "$monitor_uri" --run)
fo_start node1 pg_autoctl create postgres --pgdata "$FO/node1" --pgport "$n1_port" --name node1 \
    "${node_args[@]}"
# Up in about 2 s here; a monitor whose pg_autoctl has exited fails at once, with its log.
deadline=$((SECONDS + 40))
until [[ $(mon_sql "SELECT 1 FROM pgautofailover.formation WHERE formationid = 'default'" \
    2>/dev/null) == 1 ]]; do
    kill -0 -- "-${FO_PGID[monitor]}" 2>/dev/null ||
        ops_fail "the monitor's pg_autoctl exited before the monitor answered (log $FO/monitor.log) (log $FO/monitor/startup.log)"
    ((SECONDS < deadline)) ||
        ops_fail "the monitor did not come up in 40 s (log $FO/monitor.log) (log $FO/monitor/startup.log)"
    sleep 0.5
done
for s in "${MONITOR_SETTINGS[@]}"; do
    mon_sql "ALTER SYSTEM SET $s" >/dev/null
done
mon_sql "SELECT pg_reload_conf()" >/dev/null
t_monitor=$(($(ms) - t0))

t0=$(ms)
wait_states '^node1:single/single$' 40
t_node1=$(($(ms) - t0))
# The primary is migrated alone, before the secondary is made from it (pg_basebackup): made
# first, the secondary would have to catch up with the migrations' WAL, and the checkpoints
# below would make that WAL many times larger (full pages after every checkpoint).
t0=$(ms)
ops_migrate "$conf"
t_migrate=$(($(ms) - t0))
# the scale-out plan classifies every table of the schema just made (docs/scale-out.md)
"$ZC_OPS_ROOT/deploy/citus-plan-check" "host=127.0.0.1 port=$n1_port dbname=zhucun user=postgres" \
    >"$ZC_OPS_TMP/citus-plan" 2>"$ZC_OPS_TMP/citus-plan.err" ||
    ops_fail "deploy/citus-plan does not fit the schema: $(cat "$ZC_OPS_TMP/citus-plan.err")"
ops_log "$(tail -1 "$ZC_OPS_TMP/citus-plan.err")"
t0=$(ms)
fo_start node2 pg_autoctl create postgres --pgdata "$FO/node2" --pgport "$n2_port" --name node2 \
    "${node_args[@]}"
checkpoints "$n1_port" &
checkpointer=$!
BG_PIDS+=("$checkpointer")
wait_states '^node1:primary/primary node2:secondary/secondary$' 60
kill "$checkpointer"
# how long the base backup took of that (pg_autoctl's log lines begin with the time)
bb=$(awk '/initiating base backup/ { s = $1 } /base backup completed/ { e = $1 } END { print s "-" e }' \
    "$FO/node2.log")
for n in node1 node2; do
    as_pg pg_autoctl config set --pgdata "$FO/$n" timeout.network_partition_timeout \
        "$NETWORK_PARTITION_TIMEOUT" >/dev/null
    as_pg pg_autoctl reload --pgdata "$FO/$n" >/dev/null 2>&1 || true
done
t_nodes=$(($(ms) - t0))
sync_names=$(psql -X -A -t -h 127.0.0.1 -p "$n1_port" -U postgres -d zhucun \
    -c "SHOW synchronous_standby_names")
[[ $sync_names == *pgautofailover_standby_* ]] ||
    ops_fail "replication is not synchronous (synchronous_standby_names='$sync_names'): acknowledged writes could be lost"
ops_log "formation up: monitor ${t_monitor} ms, primary ${t_node1} ms, migrations ${t_migrate} ms, secondary ${t_nodes} ms (base backup $bb); synchronous_standby_names='$sync_names'"

# ---- the server, a county office, a village ----
t0=$(ms)
ops_useradd "$conf" ops-sheng province_office 140000000000 'ops-pass-2026'
ops_server_start "$conf" "$ZC_OPS_TMP/server.log" "$port"
ops_client_conf "$ZC_OPS_TMP/client.conf" "$port"
export HOME=$ZC_OPS_TMP
cli=("$OPS_CLI" --config "$ZC_OPS_TMP/client.conf")
printf 'ops-pass-2026\n' | "${cli[@]}" login ops-sheng --password-stdin >/dev/null ||
    ops_fail "login ops-sheng"
printf '140100000000,太原市,city\n140105000000,小店区,county\n140105001000,坞城街道,township\n140105001001,测试一村,village\n' \
    >"$ZC_OPS_TMP/org.csv"
"${cli[@]}" org import "$ZC_OPS_TMP/org.csv" >/dev/null || ops_fail "org import"
ops_useradd "$conf" ops-xian county_office 140105000000 'ops-pass-2026'
printf 'ops-pass-2026\n' | "${cli[@]}" login ops-xian --password-stdin >/dev/null ||
    ops_fail "login ops-xian"
t_server=$(($(ms) - t0))
ops_log "server up, office and village made in ${t_server} ms"

# ---- the load ----
# id_number CLIENT N -- a valid resident ID number of its own for write N of client CLIENT.
id_number() {
    local base w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) sum=0 i checks=10X98765432
    base=$(printf '14010519%02d01%02d%03d' $((50 + $1)) $(($2 / 1000 % 28 + 1)) $(($2 % 1000)))
    for ((i = 0; i < 17; i++)); do
        sum=$((sum + ${base:i:1} * w[i]))
    done
    printf '%s%s\n' "$base" "${checks:sum % 11:1}"
}

# client C -- writes households until $ZC_OPS_TMP/stop exists. Each write is the same command
# run again until it exits 0: exit 10 (no server) or 11 (outcome unknown) leave its key in
# the client's outbox, and the same command sends that key again (docs/cli.md). Every
# acknowledged write is logged as "NAME START_MS END_MS" in acks.C; any other exit fails.
client() {
    local c=$1 n=0 name rc start
    local out=$ZC_OPS_TMP/acks.$c
    : >"$out"
    while [[ ! -e $ZC_OPS_TMP/stop ]]; do
        n=$((n + 1))
        name="演练${c}户${n}"
        start=$(ms)
        while :; do
            rc=0
            "${cli[@]}" --outbox "$ZC_OPS_TMP/outbox.$c" household add --village 140105001001 \
                --category ordinary --member "$name,head,$(id_number "$c" "$n"),full,healthy" \
                >/dev/null 2>>"$ZC_OPS_TMP/client.$c.err" || rc=$?
            ((rc == 0)) && break
            if ((rc != 10 && rc != 11)); then
                printf 'client %s: write %s exited %s\n' "$c" "$name" "$rc" >>"$ZC_OPS_TMP/client.$c.err"
                return 1
            fi
        done
        printf '%s %s %s\n' "$name" "$start" "$(ms)" >>"$out"
    done
}

loaders=()
for ((c = 1; c <= CLIENTS; c++)); do
    client "$c" &
    loaders+=("$!")
    BG_PIDS+=("$!")
done
sleep 3
before=$(cat "$ZC_OPS_TMP"/acks.* | wc -l)
((before > 0)) || ops_fail "no write was acknowledged before the kill (see $ZC_OPS_TMP/client.*.err)"

# ---- kill the primary: pg_autoctl, postgres and every backend at once ----
t_kill=$(ms)
kill -KILL -- "-${FO_PGID[node1]}"
ops_log "killed the primary (node1) after $before acknowledged writes"
wait_states '^node1:[a-z_]+/[a-z_]+ node2:(wait_primary|primary)/(wait_primary|primary)$' 40
t_promoted=$(($(ms) - t_kill))
# a few seconds of writes on the new primary
deadline=$((SECONDS + 20))
until awk -v k="$t_kill" '$2 > k { n++ } END { exit !(n >= 20) }' "$ZC_OPS_TMP"/acks.*; do
    ((SECONDS < deadline)) || ops_fail "writes did not come back within 20 s of the promotion (see $ZC_OPS_TMP/client.*.err, server.log)"
    sleep 0.5
done
touch "$ZC_OPS_TMP/stop"
for pid in "${loaders[@]}"; do
    wait "$pid" || ops_fail "a client failed (see $ZC_OPS_TMP/client.*.err)"
done

# ---- count ----
cat "$ZC_OPS_TMP"/acks.* >"$ZC_OPS_TMP/acks"
acked=$(wc -l <"$ZC_OPS_TMP/acks")
# a write begun after the kill and acknowledged: the first one tells when writes came back
back_ms=$(awk -v k="$t_kill" '$2 > k && (m == "" || $3 < m) { m = $3 } END { print m - k }' \
    "$ZC_OPS_TMP/acks")
psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$n2_port" -U postgres -d zhucun \
    -c "SELECT name, count(*) FROM household_members WHERE name LIKE '演练%' GROUP BY name" \
    >"$ZC_OPS_TMP/stored"
lost=$(awk 'NR == FNR { split($0, f, "|"); s[f[1]] = 1; next } !($1 in s) { n++ } END { print n + 0 }' \
    "$ZC_OPS_TMP/stored" "$ZC_OPS_TMP/acks")
twice=$(awk -F'|' '$2 > 1 { n++ } END { print n + 0 }' "$ZC_OPS_TMP/stored")
stored=$(wc -l <"$ZC_OPS_TMP/stored")
retried=$(cat "$ZC_OPS_TMP"/client.*.err 2>/dev/null | grep -c . || true)
ops_log "$CLIENTS clients: $acked writes acknowledged ($before before the kill), $stored stored;" \
    "lost $lost, written twice $twice; promoted $((t_promoted / 1000)).$((t_promoted % 1000 / 100)) s" \
    "after the kill, writes back after $((back_ms / 1000)).$((back_ms % 1000 / 100)) s" \
    "($retried client messages on the way)"
((lost == 0)) || ops_fail "$lost acknowledged writes are not on the new primary"
((twice == 0)) || ops_fail "$twice writes were stored twice"
((stored == acked)) || ops_fail "$stored writes stored, $acked acknowledged (every client waited for its last)"
[[ $(states) =~ node2:(wait_primary|primary)/ ]] || ops_fail "node2 is not the primary: $(states)"

ops_stop "$OPS_SERVER_PID" || ops_fail "the server did not stop cleanly (log $ZC_OPS_TMP/server.log)"
ops_log "failover passed in $((SECONDS - t_start)) s (formation and migrations" \
    "$(((t_monitor + t_node1 + t_migrate + t_nodes) / 1000)) s, server $((t_server / 1000)) s)"
