#!/usr/bin/env bash
# tests/ops/20-metrics.sh -- the metrics listener (docs/metrics.md): a server with [metrics]
# listen on, a login and a few calls through the CLI, then `zhucun-server status` read and a
# scrape of /metrics checked line by line against the exposition format
# (tests/ops/metrics_check.py, with python3-prometheus-client as a second reader), /healthz,
# /readyz, a 404 and a 405, a non-loopback address refused, and SIGHUP taken without a restart.
# Budget: 30 s.
# shellcheck source=tests/ops/lib.sh
. "$(dirname -- "$0")/lib.sh"

started=$SECONDS
lap_at=$SECONDS
laps=()
# lap NAME -- the seconds since the last lap, for the timing line at the end.
lap() {
    laps+=("$1 $((SECONDS - lap_at))s")
    lap_at=$SECONDS
}
tmp=$ZC_OPS_TMP
db=ops_metrics_$$
port=$(ops_free_port)
mport=$(ops_free_port)
murl=http://127.0.0.1:$mport
ops_createdb "$db"
ops_server_conf "$tmp/server.conf" "$port" "$db" "[metrics]
listen = 127.0.0.1:$mport"
ops_migrate "$tmp/server.conf"
ops_useradd "$tmp/server.conf" ops-metrics province_office 140000000000 'ops-pass-2026'
lap database

# A metrics address beyond this host is refused, with the reason and the way round it.
ops_server_conf "$tmp/remote.conf" "$port" "$db" "[metrics]
listen = 0.0.0.0:$mport"
if out=$("$OPS_SERVER" check-config --config "$tmp/remote.conf" 2>&1); then
    ops_fail "a metrics listener on 0.0.0.0 was accepted: $out"
fi
grep -q 'not a loopback address.*allow_remote = yes' <<<"$out" ||
    ops_fail "the refusal does not say why: $out"

ops_server_start "$tmp/server.conf" "$tmp/server.log" "$port"
ops_wait_port "$mport"
lap start
ops_client_conf "$tmp/client.conf" "$port"
export HOME=$tmp
cli=("$OPS_CLI" --config "$tmp/client.conf")
printf 'ops-pass-2026\n' | "${cli[@]}" login ops-metrics --password-stdin >/dev/null ||
    ops_fail "login"
for _ in 1 2 3; do
    "${cli[@]}" org children 140000000000 >/dev/null || ops_fail "org children"
done
lap calls

# Readiness comes once every worker's pool is live.
deadline=$((SECONDS + 10))
until [[ $(curl -s -o /dev/null -w '%{http_code}' "$murl/readyz") == 200 ]]; do
    ((SECONDS < deadline)) || ops_fail "/readyz did not become 200: $(curl -s "$murl/readyz")"
    sleep 0.2
done
[[ $(curl -s "$murl/healthz") == ok ]] || ops_fail "/healthz"
[[ $(curl -s -o /dev/null -w '%{http_code}' "$murl/nope") == 404 ]] || ops_fail "404 for /nope"
[[ $(curl -s -o /dev/null -w '%{http_code}' -X POST "$murl/metrics") == 405 ]] ||
    ops_fail "405 for POST /metrics"

"$OPS_SERVER" status --config "$tmp/server.conf" >"$tmp/status.txt" ||
    ops_fail "zhucun-server status exited $? ($(cat "$tmp/status.txt"))"
for want in ': ready$' '^connections ' '^TLS handshakes ' '^requests ' '^database ' \
    '^OrgChildren +3 +0 ' '^Login +1 +0 '; do
    grep -Eq "$want" "$tmp/status.txt" || ops_fail "status lacks /$want/: $(cat "$tmp/status.txt")"
done

curl -sf "$murl/metrics" >"$tmp/scrape.txt" || ops_fail "GET /metrics"
/usr/bin/python3 "$ZC_OPS_ROOT/tests/ops/metrics_check.py" "$tmp/scrape.txt" \
    'zhucun_requests_total{call="OrgChildren",status="OK"}>=3' \
    'zhucun_requests_total{call="Login",status="OK"}>=1' \
    'zhucun_tls_handshakes_total{result="ok"}>=4' \
    'zhucun_connections_total>=4' 'zhucun_ready>=1' 'zhucun_build_info{version="'"$("$OPS_SERVER" --version | cut -d' ' -f2)"'"}>=1' \
    >&2 || ops_fail "the scrape is not valid exposition format ($tmp/scrape.txt)"

lap scrape

# A second server given the same metrics port does not start (no SO_REUSEPORT on it).
ops_server_conf "$tmp/second.conf" "$(ops_free_port)" "$db" "[metrics]
listen = 127.0.0.1:$mport"
rc=0
timeout 30 "$OPS_SERVER" --config "$tmp/second.conf" >"$tmp/second.log" 2>&1 || rc=$?
((rc == 1)) || ops_fail "a second server on the same metrics port exited $rc, not 1 ($tmp/second.log)"
grep -q 'event=metrics.listen .*could not listen' "$tmp/second.log" ||
    ops_fail "the second server did not say why: $(tail -3 "$tmp/second.log")"
lap second-server
# SIGHUP: the log level and a limit change live, the listen address is kept (restart needed),
# and the server keeps serving.
cat >>"$tmp/server.conf" <<CONF
[limits]
max_inflight = 32
[server]
listen = 127.0.0.1:1
CONF
kill -HUP "$OPS_SERVER_PID"
ops_wait_log "$tmp/server.log" 'event=config.reloaded' ||
    ops_fail "no config.reloaded after SIGHUP ($tmp/server.log)"
ops_wait_log "$tmp/server.log" 'event=config.restart_needed key=server.listen' ||
    ops_fail "the listen change was not named as needing a restart"
"${cli[@]}" org children 140000000000 >/dev/null || ops_fail "a call after SIGHUP"
"$OPS_SERVER" status --config "$tmp/server.conf" >"$tmp/status2.txt" || ops_fail "status after SIGHUP"
grep -Eq '^config reloads +1 taken, 0 refused$' "$tmp/status2.txt" ||
    ops_fail "status does not count the reload: $(cat "$tmp/status2.txt")"

ops_stop "$OPS_SERVER_PID" || ops_fail "the server did not stop cleanly (log $tmp/server.log)"
rc=0
"$OPS_SERVER" status --config "$tmp/server.conf" >/dev/null 2>&1 || rc=$?
((rc == 1)) || ops_fail "status of a stopped server exited $rc, not 1"
lap reload-stop
ops_psql postgres -c "DROP DATABASE $db WITH (FORCE)"
ops_log "${laps[*]}; all $((SECONDS - started)) s (budget 30 s)"
