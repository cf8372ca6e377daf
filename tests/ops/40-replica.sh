#!/usr/bin/env bash
# tests/ops/40-replica.sh -- exports from a streaming replica (issue 26; docs/export.md, "A read
# replica"): a primary of its own and a hot standby made by pg_basebackup -R (deploy/pg-cluster
# standby); server A on the primary alone, server B on the primary with replica_dsn (its pulls
# read the standby). Org units are written through A in batches while one state file's pulls
# alternate between A and B; the standby's replay is paused so that B's pull finds the cursor
# (from A) ahead of it: B waits, refuses, the CLI asks again, replay resumes, the pull goes on.
# With the standby stopped B's pull reads the primary. In the end the pulled rows are the
# table's, each exactly once. Prints each phase's seconds.
# shellcheck source=tests/ops/lib.sh
. "$(dirname -- "$0")/lib.sh"

export HOME=$ZC_OPS_TMP
STATE=$ZC_OPS_TMP/org_units.state
OUT=$ZC_OPS_TMP/org_units.csv

# ---- a primary, its standby, a server on each side ----
pdir=$ZC_OPS_TMP/primary
pport=$(ops_free_port)
ops_cluster "$pdir" "$pport"
phost=$OPS_PGHOST
ops_cluster_psql "$phost" "$pport" postgres -c "CREATE DATABASE zc"
ops_phase "primary cluster"
# The standby first, from the young cluster (its base backup is small and its checkpoint has
# little to write); it replays the migrations as they stream.
sdir=$ZC_OPS_TMP/standby
sport=$(ops_free_port)
"$OPS_PG_CLUSTER" standby "$sdir" "$sport" "$pdir" 2>/dev/null || ops_fail "pg-cluster standby"
ops_cluster_adopt "$sdir"
shost=$OPS_PGHOST
"$OPS_PG_CLUSTER" start "$sdir" 2>/dev/null || ops_fail "the standby did not start"
[[ $(ops_cluster_psql "$shost" "$sport" zc -c "SELECT pg_is_in_recovery()") == t ]] ||
    ops_fail "the standby is not in recovery"
ops_phase "standby (pg_basebackup -R)"
aport=$(ops_free_port)
ops_server_conf "$ZC_OPS_TMP/a.conf" "$aport" zc "$(ops_cluster_dsn "$phost" "$pport" zc)"
ops_migrate "$ZC_OPS_TMP/a.conf"
ops_useradd "$ZC_OPS_TMP/a.conf" rp-sheng province_office 140000000000 'ops-pass-2026'
ops_useradd "$ZC_OPS_TMP/a.conf" rp-export exporter 140000000000 'ops-pass-2026'
# B's replica pool prepares every statement: the standby must have the schema first.
for ((i = 0; i < 200; i++)); do
    [[ -n $(ops_cluster_psql "$shost" "$sport" zc -c "SELECT 1 FROM users
        WHERE username = 'rp-export'") ]] && break
    sleep 0.1
done
ops_phase "migrated, accounts, replayed on the standby"
bport=$(ops_free_port)
ops_server_conf "$ZC_OPS_TMP/b.conf" "$bport" zc "$(ops_cluster_dsn "$phost" "$pport" zc)
replica_dsn = host=$shost port=$sport dbname=zc user=zhucun_app
replica_pool_size = 1
replica_wait = 1s"
ops_server_start "$ZC_OPS_TMP/a.conf" "$ZC_OPS_TMP/a.log" "$aport"
ops_server_start "$ZC_OPS_TMP/b.conf" "$ZC_OPS_TMP/b.log" "$bport"
for s in a b; do
    p=$aport
    [[ $s == b ]] && p=$bport
    ops_client_conf "$ZC_OPS_TMP/$s.client" "$p"
    printf 'session = %s/%s.session\n' "$ZC_OPS_TMP" "$s" >>"$ZC_OPS_TMP/$s.client"
done
printf 'ops-pass-2026\n' | "$OPS_CLI" --config "$ZC_OPS_TMP/a.client" login rp-sheng \
    --password-stdin >/dev/null || ops_fail "login rp-sheng"
# the exporter, once through each server (ax: A with a session file of its own)
sed "s|$ZC_OPS_TMP/a.session|$ZC_OPS_TMP/ax.session|" "$ZC_OPS_TMP/a.client" >"$ZC_OPS_TMP/ax.client"
for s in ax b; do
    printf 'ops-pass-2026\n' | "$OPS_CLI" --config "$ZC_OPS_TMP/$s.client" login rp-export \
        --password-stdin >/dev/null || ops_fail "login rp-export through $s"
done
ops_phase "servers A and B, logins"

# import N -- batch N of villages through A (the county and township with the first).
batch=0
import() {
    local i
    batch=$((batch + 1))
    {
        printf 'code,name,level\n'
        if ((batch == 1)); then
            printf '140100000000,太原市,city\n140105000000,小店区,county\n140105001000,坞城街道,township\n'
        fi
        for ((i = 1; i <= 20; i++)); do
            printf '140105001%03d,副本%d批%d村,village\n' $(((batch - 1) * 20 + i)) "$batch" "$i"
        done
    } >"$ZC_OPS_TMP/batch.csv"
    "$OPS_CLI" --config "$ZC_OPS_TMP/a.client" org import "$ZC_OPS_TMP/batch.csv" >/dev/null ||
        ops_fail "org import batch $batch"
}

# pull a|b -- the next pull of org_units through server A (primary) or B (replica), the one
# state file and output file for both; its stderr in pull.err.
pull() {
    local conf=$ZC_OPS_TMP/ax.client
    [[ $1 == b ]] && conf=$ZC_OPS_TMP/b.client
    "$OPS_CLI" --config "$conf" export org_units --state "$STATE" --out "$OUT" --quiet \
        2>"$ZC_OPS_TMP/pull.err" || ops_fail "pull through $1: $(cat "$ZC_OPS_TMP/pull.err")"
}

standby_sql() {
    ops_cluster_psql "$shost" "$sport" zc -c "$1"
}

# standby_do SQL -- a statement whose result says nothing (pause, resume).
standby_do() {
    standby_sql "$1" >/dev/null
}

import
pull b
standby_do "SELECT pg_wal_replay_pause()"
for ((i = 0; i < 100; i++)); do
    [[ $(standby_sql "SELECT pg_get_wal_replay_pause_state()") == paused ]] && break
    sleep 0.05
done
import
pull a # the cursor is now ahead of the standby
import
ops_phase "pulls on B, then A past the paused standby"

# B's pull: the standby is behind the cursor; B waits replica_wait and refuses, the CLI asks
# again after 1 s, 2 s, ...; replay resumes 2.5 s in, and a pull goes through.
(
    sleep 2.5
    standby_do "SELECT pg_wal_replay_resume()"
) &
resumer=$!
pull b
wait "$resumer"
grep -Eq '重试|asking again' "$ZC_OPS_TMP/pull.err" || ops_fail "B's pull was not refused while the standby lagged"
ops_wait_log "$ZC_OPS_TMP/b.log" 'event=export.behind' || ops_fail "no export.behind in B's log"
ops_phase "B waited for the lagging standby, refused, and the CLI's retry went through"

import
pull b
import
pull a
pull b
ops_phase "more pulls, alternating"

# A transaction open on the primary while B pulls from the standby, where it is in progress
# (a later one has committed and been replayed): the standby's own pg_current_snapshot() would
# call it visible (docs/export.md, "Snapshots on a hot standby") and its row would never come.
ops_cluster_psql "$phost" "$pport" zc -c "BEGIN" -c "INSERT INTO org_units (code, name, level,
    parent_code) VALUES ('140105001900', '迟到村', 5, '140105001000')" -c "SELECT pg_sleep(2)" \
    -c "COMMIT" >/dev/null &
late=$!
for ((i = 0; i < 100; i++)); do
    [[ $(ops_cluster_psql "$phost" "$pport" zc -c "SELECT count(*) FROM pg_stat_activity
        WHERE backend_xid IS NOT NULL AND query LIKE '%pg_sleep%'") == 1 ]] && break
    sleep 0.05
done
import
last=$(printf '140105001%03d' $((batch * 20)))
for ((i = 0; i < 100; i++)); do
    [[ -n $(standby_sql "SELECT 1 FROM org_units WHERE code = '$last'") ]] && break
    sleep 0.05
done
pull b
wait "$late"
pull a
pull b
ops_phase "a transaction open across B's pull came in a later pull"

# The standby away: B's pull reads the primary.
"$OPS_PG_CLUSTER" stop "$sdir" 2>/dev/null
import
pull b
ops_wait_log "$ZC_OPS_TMP/b.log" 'event=export.replica_unavailable' ||
    ops_fail "B did not fall back to the primary with the standby down"
pull a
ops_phase "standby down: B read the primary"

# Every row of the table exactly once in the union of the pulls (no org unit was changed
# after it was made, so each came once), and B's pulls did read the standby.
ops_cluster_psql "$phost" "$pport" zc -c "SELECT code FROM org_units ORDER BY code" \
    >"$ZC_OPS_TMP/table.codes"
tail -n +2 "$OUT" | cut -d, -f2 | tr -d '"' | sort >"$ZC_OPS_TMP/pulled.codes"
if ! diff -u "$ZC_OPS_TMP/table.codes" "$ZC_OPS_TMP/pulled.codes" >"$ZC_OPS_TMP/codes.diff"; then
    ops_fail "the pulls are not the table (- missing, + extra or doubled): $(head -20 "$ZC_OPS_TMP/codes.diff")"
fi
[[ $(grep -c 'event=export.end.*db=replica' "$ZC_OPS_TMP/b.log") -ge 4 ]] ||
    ops_fail "B's pulls did not read the standby"
ops_stop "$OPS_SERVER_PID" || ops_fail "server B did not stop cleanly"
ops_phase "the union of the pulls is the table"
ops_log "$(wc -l <"$ZC_OPS_TMP/table.codes") org units pulled exactly once over $(grep -c 'event=export.end' "$ZC_OPS_TMP/a.log" "$ZC_OPS_TMP/b.log" | awk -F: '{ s += $2 } END { print s }') pulls on A and B"
