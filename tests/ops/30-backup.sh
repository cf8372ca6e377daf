#!/usr/bin/env bash
# tests/ops/30-backup.sh -- a base backup, the WAL archive and a restore to a point in time
# (issue 26; docs/backup.md): a cluster of its own archiving with pgBackRest (deploy/backup), a
# server on it, households written through the CLI by a county office (keyed writes), a base
# backup, more households, the time noted from PostgreSQL's clock, more households; then the
# cluster stopped and restored into a new one to the noted time, a server on it with the key
# file restored from its own copy: the audit chain verifies, the households written before the
# time are there (and their ID numbers decrypt), the later ones are gone. Prints each phase's
# seconds.
# shellcheck source=tests/ops/lib.sh
. "$(dirname -- "$0")/lib.sh"

BACKUP=$ZC_OPS_ROOT/deploy/backup
VILLAGE=140105001001
export HOME=$ZC_OPS_TMP

# idcard SEQ -- a valid 18-digit ID number (GB 11643 check digit) for the SEQ-th person.
idcard() {
    local body weights=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) sum=0 i checks=10X98765432
    body=$(printf '14010519800101%03d' "$1")
    for ((i = 0; i < 17; i++)); do
        sum=$((sum + ${body:i:1} * weights[i]))
    done
    printf '%s%s\n' "$body" "${checks:sum % 11:1}"
}

cli() {
    "$OPS_CLI" --config "$ZC_OPS_TMP/client.conf" "$@"
}

login() {
    printf '%s\n' "$2" | cli login "$1" --password-stdin >/dev/null || ops_fail "login $1"
}

# add_households NAME... -- one household a name, headed by NAME (a keyed write each).
person=0
add_households() {
    local name
    for name in "$@"; do
        person=$((person + 1))
        cli household add --village "$VILLAGE" --category ordinary \
            --member "$name,head,$(idcard "$person"),full,healthy" >/dev/null ||
            ops_fail "household add $name"
    done
}

# ---- a cluster archiving its WAL, a server on it ----
pgdir=$ZC_OPS_TMP/pg
pgport=$(ops_free_port)
# made, then set up for archiving, which starts it (archive_mode is read at start)
"$OPS_PG_CLUSTER" init "$pgdir" "$pgport" 2>/dev/null || ops_fail "pg-cluster init"
ops_cluster_adopt "$pgdir"
pghost=$OPS_PGHOST
"$BACKUP" setup "$pgdir" "$pgdir/repo" 2>"$ZC_OPS_TMP/setup.log" ||
    ops_fail "deploy/backup setup (log $ZC_OPS_TMP/setup.log)"
ops_cluster_psql "$pghost" "$pgport" postgres -c "CREATE DATABASE zc"
ops_phase "cluster, archiving on"
port=$(ops_free_port)
ops_server_conf "$ZC_OPS_TMP/server.conf" "$port" zc "$(ops_cluster_dsn "$pghost" "$pgport" zc)"
ops_migrate "$ZC_OPS_TMP/server.conf"
ops_phase "migrated"
ops_useradd "$ZC_OPS_TMP/server.conf" bk-sheng province_office 140000000000 'ops-pass-2026'
# The key file is not in the database: it is backed up apart, and the restored server reads
# that copy (docs/backup.md).
mkdir -m 700 "$ZC_OPS_TMP/keys"
cp -- "$ZC_TEST_KEYFILE" "$ZC_OPS_TMP/keys/data.keys"
ops_server_start "$ZC_OPS_TMP/server.conf" "$ZC_OPS_TMP/server.log" "$port"
ops_client_conf "$ZC_OPS_TMP/client.conf" "$port"
printf 'code,name,level,lat,lon\n140100000000,太原市,city,,\n140105000000,小店区,county,,\n%s\n%s\n' \
    "140105001000,坞城街道,township,," "$VILLAGE,备份一村,village,37.736,112.565" \
    >"$ZC_OPS_TMP/tree.csv"
login bk-sheng ops-pass-2026
cli org import "$ZC_OPS_TMP/tree.csv" >/dev/null || ops_fail "org import"
ops_useradd "$ZC_OPS_TMP/server.conf" bk-xian county_office 140105000000 'ops-pass-2026'
login bk-xian ops-pass-2026
add_households 备份前甲 备份前乙
ops_phase "server, org tree, first writes"

# ---- a base backup, writes, the time, writes ----
"$BACKUP" run "$pgdir" full >"$ZC_OPS_TMP/backup.log" 2>&1 ||
    ops_fail "deploy/backup run (log $ZC_OPS_TMP/backup.log)"
# pgBackRest keeps a backup's stop time in whole seconds and restores to a time only from a
# backup that stopped before it: the target must fall in a later second than the backup's end
# (docs/backup.md), or restore refuses ("unable to find backup set with stop time less than").
ended=$(date +%s)
while (($(date +%s) <= ended)); do
    sleep 0.05
done
ops_phase "base backup"
add_households 时点前丙 时点前丁
# PostgreSQL's clock, the one recovery compares commit times with; the households above have
# committed (the CLI had their answers), the ones below commit after it.
target=$(ops_cluster_psql "$pghost" "$pgport" zc -c \
    "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")
add_households 时点后戊 时点后己
# every WAL segment up to the last write archived (pgbackrest check switches and waits)
"$BACKUP" check "$pgdir" 2>>"$ZC_OPS_TMP/backup.log" || ops_fail "deploy/backup check"
ops_phase "writes around $target, WAL archived"

# ---- stop, restore to the time ----
ops_stop "$OPS_SERVER_PID" || ops_fail "the server did not stop cleanly"
"$OPS_PG_CLUSTER" stop "$pgdir" 2>/dev/null
rdir=$ZC_OPS_TMP/restored
rport=$(ops_free_port)
# stopped and removed at exit even when the restore fails half-way
OPS_CLUSTERS+=("$rdir")
"$BACKUP" restore "$pgdir" "$rdir" "$rport" "$target" >"$ZC_OPS_TMP/restore.log" 2>&1 ||
    ops_fail "deploy/backup restore (log $ZC_OPS_TMP/restore.log)"
ops_cluster_adopt "$rdir"
rhost=$OPS_PGHOST
"$OPS_PG_CLUSTER" start "$rdir" 2>/dev/null || ops_fail "the restored cluster did not start"
# It takes connections while it replays; it is done once promoted.
for ((i = 0; i < 300; i++)); do
    [[ $(ops_cluster_psql "$rhost" "$rport" zc -c "SELECT pg_is_in_recovery()") == f ]] && break
    sleep 0.1
done
[[ $(ops_cluster_psql "$rhost" "$rport" zc -c "SELECT pg_is_in_recovery()") == f ]] ||
    ops_fail "the restored cluster is still recovering after 30 s"
ops_phase "restore to $target and recovery"

# ---- a server on the restored cluster: the audit chain, the households ----
rconf=$ZC_OPS_TMP/restored.conf
ops_server_conf "$rconf" "$port" zc "$(ops_cluster_dsn "$rhost" "$rport" zc)
[data]
key_file = $ZC_OPS_TMP/keys/data.keys"
ops_server_start "$rconf" "$ZC_OPS_TMP/restored.log" "$port"
"$OPS_SERVER" audit-verify --config "$rconf" >"$ZC_OPS_TMP/verify.out" 2>&1 ||
    ops_fail "the restored audit chain does not verify: $(cat "$ZC_OPS_TMP/verify.out")"
login bk-xian ops-pass-2026
cli --json household list --village "$VILLAGE" >"$ZC_OPS_TMP/households.json" ||
    ops_fail "household list on the restored database"
for name in 备份前甲 备份前乙 时点前丙 时点前丁; do
    grep -q "$name" "$ZC_OPS_TMP/households.json" || ops_fail "$name, written before $target, is missing"
done
for name in 时点后戊 时点后己; do
    grep -q "$name" "$ZC_OPS_TMP/households.json" && ops_fail "$name, written after $target, came back"
done
# the last household kept: its ID number decrypts with the key file's copy
id=$(ops_cluster_psql "$rhost" "$rport" zc -c "SELECT max(id) FROM households")
grep -q "$(idcard 4)" <<<"$(cli household show "$id")" || ops_fail "household $id's ID number"
ops_stop "$OPS_SERVER_PID" || ops_fail "the restored server did not stop cleanly"
ops_phase "audit verified, 4 households kept, 2 gone"
ops_log "restored to a point in time: $(tr '\n' ' ' <"$ZC_OPS_TMP/verify.out")"
