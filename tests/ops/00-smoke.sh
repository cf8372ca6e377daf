#!/usr/bin/env bash
# tests/ops/00-smoke.sh -- the stage's own check: a migrated database, a server on it, a login
# and a call through the CLI, and a graceful stop (exit 0). The later scripts build on the
# same helpers (tests/ops/lib.sh).
# shellcheck source=tests/ops/lib.sh
. "$(dirname -- "$0")/lib.sh"

db=ops_smoke_$$
port=$(ops_free_port)
ops_createdb "$db"
ops_server_conf "$ZC_OPS_TMP/server.conf" "$port" "$db"
ops_migrate "$ZC_OPS_TMP/server.conf"
ops_useradd "$ZC_OPS_TMP/server.conf" ops-sheng province_office 140000000000 'ops-pass-2026'
ops_server_start "$ZC_OPS_TMP/server.conf" "$ZC_OPS_TMP/server.log" "$port"
ops_client_conf "$ZC_OPS_TMP/client.conf" "$port"
export HOME=$ZC_OPS_TMP
ops_login "$ZC_OPS_TMP/client.conf" ops-sheng 'ops-pass-2026'
"$OPS_CLI" --config "$ZC_OPS_TMP/client.conf" org children 140000000000 >/dev/null ||
    ops_fail "org children"
ops_stop "$OPS_SERVER_PID" || ops_fail "the server did not stop cleanly (log $ZC_OPS_TMP/server.log)"
ops_psql postgres -c "DROP DATABASE $db WITH (FORCE)"
ops_log "a server migrated, logged into, called and stopped"
