#!/usr/bin/env bash
# tests/ops/10-packages.sh -- the Debian packages (deploy/package; docs/packages.md): built from
# the sanitizer build tests/run just made, lintian clean (no E:, no W:), unpacked with
# dpkg-deb -x into a root of their own where every file the units, the man pages, the
# completion and the .desktop file name is found; the unpacked server migrates a fresh
# database from the packaged migrations (no --migrations), serves, is logged into by the
# unpacked CLI (whoami) and stops on SIGTERM with 0; the units' exposure
# (systemd-analyze security) is printed and at most MAX_EXPOSURE; the .desktop file validates.
# Budget: 90 s, lintian included; it prints its own seconds.
# shellcheck source=tests/ops/lib.sh
. "$(dirname -- "$0")/lib.sh"

MAX_EXPOSURE=2.0
start=$SECONDS
step_start=$SECONDS
# step NAME -- the seconds the previous step took, then NAME.
step() {
    if [[ -n ${step_name:-} ]]; then
        ops_log "$(printf '%-28s' "$step_name") $((SECONDS - step_start)) s"
    fi
    step_name=$1
    step_start=$SECONDS
}

debs=$ZC_OPS_TMP/debs
root=$ZC_OPS_TMP/root
step "deploy/package"
mapfile -t built < <("$ZC_OPS_ROOT/deploy/package" --build-dir "$ZC_OPS_BUILD" --out "$debs" --fast)
((${#built[@]} == 3)) || ops_fail "deploy/package made ${#built[@]} packages, not 3: ${built[*]}"
for pkg in zhucun-server zhucun-client zhucun-desk; do
    compgen -G "$debs/${pkg}_*.deb" >/dev/null || ops_fail "no $pkg .deb in $debs"
done

# lintian takes the longest: it runs beside the rest, and is waited for at the end.
lintian_out=$ZC_OPS_TMP/lintian.txt
lintian --fail-on error,warning "${built[@]}" >"$lintian_out" 2>&1 &
lintian_pid=$!
OPS_PIDS+=("$lintian_pid")

step "dpkg-deb -x, the files"
mkdir -p "$root"
for deb in "${built[@]}"; do
    dpkg-deb -x "$deb" "$root"
done
# need PATH... -- each PATH (under the root) exists.
need() {
    local f
    for f in "$@"; do
        [[ -e $root/$f ]] || ops_fail "the packages hold no /$f"
    done
}
need usr/sbin/zhucun-server usr/bin/zhucun usr/bin/zhucun-desk etc/zhucun/server.conf \
    usr/share/man/man8/zhucun-server.8.gz usr/share/man/man5/zhucun.conf.5.gz \
    usr/share/man/man1/zhucun.1.gz usr/share/man/man1/zhucun-desk.1.gz \
    usr/share/bash-completion/completions/zhucun usr/share/locale/en/LC_MESSAGES/zhucun.mo \
    usr/share/locale/zh_CN/LC_MESSAGES/zhucun-desk.mo usr/share/zhucun/demo \
    usr/share/applications/cn.zhucun.Desk.desktop \
    lib/systemd/system/zhucun-server.service lib/systemd/system/zhucun-export@.service \
    lib/systemd/system/zhucun-export@.timer
for job in duties cleanup; do
    need "lib/systemd/system/zhucun-$job.service" "lib/systemd/system/zhucun-$job.timer"
done
# Every migration of the checkout, and nothing else.
diff <(cd "$ZC_OPS_ROOT/sql/migrations" && find . -type f | sort) \
    <(cd "$root/usr/share/zhucun/migrations" && find . -type f | sort) >&2 ||
    ops_fail "/usr/share/zhucun/migrations differs from sql/migrations (above)"
grep -qx /etc/zhucun/server.conf <<<"$(dpkg-deb -I "$debs"/zhucun-server_*.deb conffiles)" ||
    ops_fail "/etc/zhucun/server.conf is not a conffile"
# The programs the units run, and the man pages they name, are in the packages.
for unit in "$root"/lib/systemd/system/zhucun-*.service; do
    while read -r prog; do
        [[ -x $root$prog ]] || ops_fail "${unit##*/} runs $prog, which no package holds"
    done < <(sed -n 's/^ExecStart\(Pre\)\{0,1\}=\([^ ]*\).*/\2/p' "$unit")
    while read -r page; do
        [[ $page =~ ^([^\(]+)\(([0-9])\)$ ]] || ops_fail "${unit##*/}: Documentation=man:$page"
        need "usr/share/man/man${BASH_REMATCH[2]}/${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.gz"
    done < <(grep -o 'man:[^ ]*' "$unit" | cut -d: -f2)
    grep -q '^SyslogIdentifier=zhucun-' "$unit" || ops_fail "${unit##*/} has no SyslogIdentifier"
done
for f in postinst prerm postrm; do
    dpkg-deb --ctrl-tarfile "$debs"/zhucun-server_*.deb | tar -xO "./$f" | sh -n ||
        ops_fail "zhucun-server's $f is not valid sh"
done

step "systemd-analyze security"
for unit in "$root"/lib/systemd/system/zhucun-*.service; do
    score=$(systemd-analyze security --offline=true "$unit" 2>&1 |
        sed -n 's/^→ Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
    [[ -n $score ]] || ops_fail "systemd-analyze security printed no score for ${unit##*/}"
    ops_log "exposure of ${unit##*/}: $score (at most $MAX_EXPOSURE)"
    awk -v s="$score" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(s <= m) }' ||
        ops_fail "${unit##*/}: exposure $score is above $MAX_EXPOSURE"
done

step "the .desktop file, the icon"
desktop=$root/usr/share/applications/cn.zhucun.Desk.desktop
desktop-file-validate "$desktop" || ops_fail "desktop-file-validate (above)"
# Chinese first, as the program speaks (docs/packages.md), and English.
grep -qx 'Name=驻村工作台' "$desktop" || ops_fail "the .desktop file has no Name=驻村工作台"
grep -qx 'Name\[en\]=Zhucun Desk' "$desktop" || ops_fail "the .desktop file has no English name"
icon=$(sed -n 's/^Icon=//p' "$desktop")
need "usr/share/icons/hicolor/scalable/apps/$icon.svg"
need "usr/bin/$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")"

step "bash completion"
# complete WORDS... -- what the packaged completion offers for the last word.
complete_words() {
    PATH=$root/usr/bin:$PATH bash -c '
        . "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _zhucun; printf "%s\n" "${COMPREPLY[@]}"' \
        bash "$root/usr/share/bash-completion/completions/zhucun" "$@"
}
# (each answer read whole first: `grep -q` leaving a pipe early would fail its writer under
# pipefail, a failure of the test's own making)
grep -qx leave <<<"$(complete_words zhucun lea)" || ops_fail "zhucun lea<TAB> does not offer leave"
grep -qx add <<<"$(complete_words zhucun household member '')" ||
    ops_fail "zhucun household member <TAB> does not offer add"
grep -qx -- --reason <<<"$(complete_words zhucun leave request --re)" ||
    ops_fail "zhucun leave request --re<TAB> does not offer --reason"

step "the unpacked server"
OPS_SERVER=$root/usr/sbin/zhucun-server
OPS_CLI=$root/usr/bin/zhucun
db=ops_packages_$$
port=$(ops_free_port)
ops_createdb "$db"
ops_server_conf "$ZC_OPS_TMP/server.conf" "$port" "$db"
# No --migrations: the unpacked program takes the packaged ones beside it.
"$OPS_SERVER" migrate --config "$ZC_OPS_TMP/server.conf" >"$ZC_OPS_TMP/migrate.txt" ||
    ops_fail "the unpacked zhucun-server migrate failed"
grep -qF "applied now from $root/usr/sbin/../share/zhucun/migrations)" "$ZC_OPS_TMP/migrate.txt" ||
    ops_fail "migrate did not take the packaged migrations: $(tail -n 1 "$ZC_OPS_TMP/migrate.txt")"
ops_useradd "$ZC_OPS_TMP/server.conf" ops-pkg province_office 140000000000 'ops-pass-2026'
ops_server_start "$ZC_OPS_TMP/server.conf" "$ZC_OPS_TMP/server.log" "$port"
ops_client_conf "$ZC_OPS_TMP/client.conf" "$port"
export HOME=$ZC_OPS_TMP
ops_login "$ZC_OPS_TMP/client.conf" ops-pkg 'ops-pass-2026'
"$OPS_CLI" --config "$ZC_OPS_TMP/client.conf" --json whoami >"$ZC_OPS_TMP/whoami.json" ||
    ops_fail "whoami with the unpacked zhucun"
grep -q '"ops-pkg"' "$ZC_OPS_TMP/whoami.json" ||
    ops_fail "whoami does not name ops-pkg: $(cat "$ZC_OPS_TMP/whoami.json")"
ops_stop "$OPS_SERVER_PID" ||
    ops_fail "the unpacked server did not exit 0 on SIGTERM (log $ZC_OPS_TMP/server.log)"
ops_psql postgres -c "DROP DATABASE $db WITH (FORCE)"

step "waiting for lintian"
if ! wait "$lintian_pid"; then
    cat "$lintian_out" >&2
    ops_fail "lintian: errors or warnings (above)"
fi
if grep -E '^[EW]: ' "$lintian_out" >&2; then
    ops_fail "lintian printed the errors or warnings above"
fi

step ""
ops_log "three packages built, lintian clean, unpacked, their server run: $((SECONDS - start)) s"
