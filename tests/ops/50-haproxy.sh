#!/usr/bin/env bash
# tests/ops/50-haproxy.sh -- two zhucun-server processes on one database behind HAProxy (the
# Debian package, run as this script's own process) in TCP mode, sending the PROXY protocol v2
# (docs/haproxy.md). HAProxy connects to the servers from 127.0.0.2, the only address in their
# [server] proxy_from; the clients connect to HAProxy from 127.0.0.1. Checked:
#   1. logins and calls through HAProxy land on both servers, and the servers' logs and the
#      audit show the client's address (127.0.0.1), never the balancer's (127.0.0.2);
#   2. a queue follower on server A gets the event of a leave request made through server B;
#   3. server A stopped with SIGTERM while four clients write keyed records through HAProxy in
#      a loop: the clients carry on through B, A exits 0, and every acknowledged write is in
#      the database exactly once.
# Budget: 60 s; the script prints its steps' seconds.
# shellcheck source=tests/ops/lib.sh
. "$(dirname -- "$0")/lib.sh"

BALANCER=127.0.0.2
PW=zhucun-demo-2026 # every demo account's (sql/demo/README.md)
COUNTY=140929       # the county scale's county
WRITERS=4
t0=$SECONDS
step() { ops_log "$1 ($((SECONDS - t0)) s)"; }

db=ops_haproxy_$$
port_a=$(ops_free_port)
port_b=$(ops_free_port)
port_h=$(ops_free_port)
# each server's metrics listener, where HAProxy asks /readyz (docs/metrics.md)
ready_a=$(ops_free_port)
ready_b=$(ops_free_port)
(($(printf '%s\n' "$port_a" "$port_b" "$port_h" "$ready_a" "$ready_b" | sort -u | wc -l) == 5)) ||
    ops_fail "the same free port twice"
T=$ZC_OPS_TMP
extra=$(printf '[server]\nproxy_from = %s\n[limits]\nshutdown_timeout = 5s' "$BALANCER")
ops_createdb "$db"
ops_server_conf "$T/a.conf" "$port_a" "$db" "$extra
[metrics]
listen = 127.0.0.1:$ready_a"
ops_server_conf "$T/b.conf" "$port_b" "$db" "$extra
[metrics]
listen = 127.0.0.1:$ready_b"
ops_migrate "$T/a.conf"
step "database migrated"
"$OPS_SERVER" demo --config "$T/a.conf" --scale county --until accounts --seed 1 >"$T/demo.log" 2>&1 ||
    ops_fail "demo load (log $T/demo.log)"
step "demo accounts loaded"
ops_server_start "$T/a.conf" "$T/a.log" "$port_a"
pid_a=$OPS_SERVER_PID
ops_server_start "$T/b.conf" "$T/b.log" "$port_b"

# HAProxy as docs/haproxy.md and deploy/haproxy.cfg.example set it up, with test timings.
cat >"$T/haproxy.cfg" <<CFG
global
    maxconn 1000
defaults
    mode tcp
    timeout connect 2s
    timeout client 5m
    timeout server 5m
    timeout check 1s
    retries 3
    option redispatch 1
frontend zhucun
    bind 127.0.0.1:$port_h
    default_backend zhucun_servers
backend zhucun_servers
    balance roundrobin
    option httpchk GET /readyz
    default-server send-proxy-v2 check inter 300ms fall 2 rise 2 source $BALANCER
    server a 127.0.0.1:$port_a check port $ready_a
    server b 127.0.0.1:$port_b check port $ready_b
CFG
haproxy -c -q -f "$T/haproxy.cfg" || ops_fail "haproxy refuses $T/haproxy.cfg"
haproxy -c -q -f "$ZC_OPS_ROOT/deploy/haproxy.cfg.example" ||
    ops_fail "haproxy refuses deploy/haproxy.cfg.example"
haproxy -db -f "$T/haproxy.cfg" >>"$T/haproxy.log" 2>&1 &
OPS_PIDS+=("$!")
ops_wait_port "$port_h"
step "servers A (:$port_a) and B (:$port_b) behind HAProxy (:$port_h)"

export HOME=$T
ops_client_conf "$T/h.conf" "$port_h"
ops_client_conf "$T/a-direct.conf" "$port_a"
ops_client_conf "$T/b-direct.conf" "$port_b"
# zhucun ACCOUNT CONF ARGS...: the CLI as ACCOUNT (its own session file and outbox).
zc() {
    local who=$1 conf=$2
    shift 2
    "$OPS_CLI" --config "$T/$conf" --session "$T/$who.session" --outbox "$T/$who.outbox" "$@"
}
login() { printf '%s\n' "$PW" | zc "$1" "$2" login "$1" --password-stdin >/dev/null; }

# 1. Logins and calls through HAProxy: round robin puts them on both servers.
# Three of each in a row: whatever the round robin's turn, each kind reaches both servers.
office=demo-xian-$COUNTY
for i in 1 2 3; do
    login "$office" h.conf || ops_fail "login $i through HAProxy"
done
for i in 1 2 3; do
    zc "$office" h.conf org children "${COUNTY}000000" >/dev/null || ops_fail "call $i through HAProxy"
done
sleep 0.2 # the servers write their log lines within 50 ms
for s in a b; do
    ops_wait_log "$T/$s.log" 'event=request .*call=Login .*status=OK' || ops_fail "no login on server $s"
    ops_wait_log "$T/$s.log" 'event=request .*call=OrgChildren .*status=OK' ||
        ops_fail "no call on server $s"
    ops_wait_log "$T/$s.log" "event=conn.proxied .*balancer=$BALANCER:[0-9]* client=127.0.0.1:" ||
        ops_fail "server $s logged no proxied client 127.0.0.1"
done
addrs=$(ops_psql "$db" -c "SELECT string_agg(DISTINCT split_part(client_addr, ':', 1), ',')
    FROM audit WHERE action = 'login' AND actor = '$office'")
[[ $addrs == 127.0.0.1 ]] || ops_fail "the audit has the logins from '$addrs', not the client's 127.0.0.1"
step "logins and calls on both servers, audited from the client's address"

# 2. An event across servers: the county office follows its queue on A; a cadre's two-day
# leave (the county office decides it) is requested through B.
cadre=$(ops_psql "$db" -c "SELECT username FROM users WHERE username LIKE 'demo-c-%' ORDER BY id LIMIT 1")
[[ -n $cadre ]] || ops_fail "no demo cadre"
login "$office" a-direct.conf || ops_fail "login on A"
login "$cadre" b-direct.conf || ops_fail "login on B"
# The CLI itself in the background (not through zc, a function: its subshell would be the
# process to stop, and the CLI would outlive it).
"$OPS_CLI" --config "$T/a-direct.conf" --session "$T/$office.session" --outbox "$T/$office.outbox" \
    --json queue --follow >"$T/follow.out" 2>"$T/follow.err" &
follower=$!
OPS_PIDS+=("$follower")
for ((i = 0; i < 100; i++)); do
    [[ -s $T/follow.out ]] && break
    sleep 0.1
done
[[ -s $T/follow.out ]] || ops_fail "the follower on A printed no queue ($(cat "$T/follow.err"))"
first=$(TZ=Asia/Shanghai date -d '+10 days' +%F)
last=$(TZ=Asia/Shanghai date -d '+11 days' +%F)
zc "$cadre" b-direct.conf leave request --start "$first" --end "$last" --reason 家中有事 \
    >/dev/null || ops_fail "leave request through B"
for ((i = 0; i < 100; i++)); do
    (($(wc -l <"$T/follow.out") >= 2)) && break
    sleep 0.1
done
(($(wc -l <"$T/follow.out") >= 2)) || ops_fail "the follower on A got no event from B"
grep -q "$first" "$T/follow.out" || ops_fail "the event on A is not the leave: $(tail -1 "$T/follow.out")"
kill "$follower"
wait "$follower" 2>/dev/null || true
ops_wait_log "$T/a.log" 'call=QueueFollow' || ops_fail "the follower was not on A"
ops_wait_log "$T/b.log" 'call=LeaveRequest .*status=OK' || ops_fail "the leave request was not on B"
step "a follower on A got the event of a leave requested through B"

# 3. A stopped while WRITERS clients write keyed records (new villages) through HAProxy.
mapfile -t townships < <(ops_psql "$db" -c "SELECT code FROM org_units WHERE level = 4
    AND code LIKE '$COUNTY%' ORDER BY code LIMIT $WRITERS")
((${#townships[@]} == WRITERS)) || ops_fail "fewer than $WRITERS townships"
# The writers are the county office's session through HAProxy (a session file is kept per
# server), each client with its own copy and outbox (the keys of writes of unknown outcome).
login "$office" h.conf || ops_fail "login through HAProxy"
for ((k = 0; k < WRITERS; k++)); do
    cp "$T/$office.session" "$T/w$k.session"
done
# create K I: village I of township K, as writer K.
create() {
    local prefix=${townships[$1]:0:9}
    zc "w$1" h.conf org create "$prefix$2" "演练村$1-$2" >/dev/null 2>>"$T/w$1.err"
}
# writer K: new villages under township K, one command each, until the stop file appears;
# each line of w$K.txt is the code, the command's exit status (0 = acknowledged), K and I.
writer() {
    local k=$1 i rc
    for ((i = 600; i < 1000; i++)); do
        [[ -e $T/stop ]] && break
        rc=0
        create "$k" "$i" || rc=$?
        printf '%s %s %s %s\n' "${townships[$k]:0:9}$i" "$rc" "$k" "$i" >>"$T/w$k.txt"
    done
}
writers=()
for ((k = 0; k < WRITERS; k++)); do
    writer "$k" &
    writers+=("$!")
done
sleep 2
step "stopping A under the writers"
stop_rc=0
ops_stop "$pid_a" 15 || stop_rc=$?
((stop_rc == 0)) || ops_fail "server A exited $stop_rc on SIGTERM (log $T/a.log)"
stopped_at=$(cat "$T"/w*.txt 2>/dev/null | wc -l || true)
step "A stopped (exit 0) after $stopped_at writes"
sleep 3
touch "$T/stop"
for pid in "${writers[@]}"; do wait "$pid"; done
cat "$T"/w*.txt >"$T/writes.txt"
total=$(wc -l <"$T/writes.txt")
# Exit 11 (outcome unknown) means: run the same command again (docs/cli.md), which sends the
# kept key. Any other failure is a write lost.
if [[ -n $(awk '$2 != 0 && $2 != 11' "$T/writes.txt") ]]; then
    ops_fail "writes failed: $(awk '$2 != 0 && $2 != 11' "$T/writes.txt" | head -3) ($(tail -q -n 3 "$T"/w*.err))"
fi
unknown=$(awk '$2 == 11' "$T/writes.txt" | wc -l)
while read -r code _ k i; do
    create "$k" "$i" || ops_fail "the same command again for $code (outcome unknown) failed"
    printf '%s 0 %s %s\n' "$code" "$k" "$i" >>"$T/writes.txt"
done < <(awk '$2 == 11' "$T/writes.txt")
acked=$(awk '$2 == 0 {print $1}' "$T/writes.txt" | sort -u | wc -l)
((total - stopped_at > 0)) || ops_fail "no write after A stopped"
ops_wait_log "$T/a.log" 'call=OrgCreate .*status=OK' || ops_fail "no write landed on A before its stop"
ops_wait_log "$T/b.log" 'call=OrgCreate .*status=OK' || ops_fail "no write landed on B"
# Every code is in the database once, with one audit row: acknowledged writes are all there,
# and none was applied twice.
awk '{print $1}' "$T/writes.txt" | sort -u >"$T/codes.txt"
in_db=$(ops_psql "$db" -c "SELECT code FROM org_units WHERE level = 5 AND name LIKE '演练村%'
    ORDER BY code" | sort)
audited=$(ops_psql "$db" -c "SELECT count(*), count(DISTINCT object) FROM audit
    WHERE action = 'org.create' AND object IN (SELECT 'org:' || code FROM org_units
    WHERE name LIKE '演练村%')")
missing=$(comm -23 <(awk '$2 == 0 {print $1}' "$T/writes.txt" | sort) <(printf '%s\n' "$in_db"))
[[ -z $missing ]] || ops_fail "acknowledged writes missing from the database: $missing"
extra_rows=$(comm -13 "$T/codes.txt" <(printf '%s\n' "$in_db"))
[[ -z $extra_rows ]] || ops_fail "rows nobody wrote: $extra_rows"
n_db=$(grep -c . <<<"$in_db")
[[ $audited == "$n_db|$n_db" ]] || ops_fail "audit rows (all|distinct) $audited for $n_db villages"
ops_log "writes: $total ($acked acknowledged, $unknown unknown) by $WRITERS clients, $((total - stopped_at)) after A's stop; in the database once each: $n_db"
step "every acknowledged write is in the database exactly once"

# HAProxy's health checks (a LOCAL header, then a close, often before the server accepted)
# are never mistaken for a client's TLS, nor refused as bad headers.
if grep -E 'tls handshake failed|event=proxy.refused' "$T/a.log" "$T/b.log"; then
    ops_fail "a balancer's connection was read as TLS or refused"
fi
ops_stop "$OPS_SERVER_PID" || ops_fail "server B did not stop cleanly (log $T/b.log)"
ops_psql postgres -c "DROP DATABASE $db WITH (FORCE)"
ops_log "two servers behind HAProxy: passed in $((SECONDS - t0)) s"
