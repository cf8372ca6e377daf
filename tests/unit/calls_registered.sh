#!/bin/sh
# calls_registered.sh SERVER CLI SOURCE_DIR -- every call in the server's call table has a way in
# for people and a line in the docs that agrees with the table (docs/adding-a-call.md):
#   - a `zhucun` command that makes it (`zhucun help --calls`) or a desk form that does (a call
#     of its client function zc_<call_in_snake_case>( in client/desk/*.c);
#   - a row of docs/calls.md whose roles, read/write and keyed columns are the call table's;
# and nothing names a call the server does not have (a CLI command, a docs row). The access
# matrix (integration_access) checks the third thing a call needs, a row per role and scope.
set -eu
server=$1
cli=$2
src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tab=$(printf '\t')

"$server" calls >"$tmp/calls"
"$cli" help --calls >"$tmp/cli"
# The docs rows: "| Name | domain | roles | kind | keyed | way in |" -> Name<TAB>roles<TAB>kind<TAB>keyed
awk -F'|' -v OFS="$tab" '/^\| *[A-Z][A-Za-z]* *\|/ {
    for (i = 2; i <= 6; i++) gsub(/^ +| +$/, "", $i)
    if ($2 != "Call") print $2, $4, $5, $6
}' "$src/docs/calls.md" >"$tmp/docs"

[ -s "$tmp/calls" ] || { echo "calls_registered: '$server calls' printed nothing"; exit 1; }
fail=0
ncalls=0
while IFS="$tab" read -r name roles kind keyed; do
    ncalls=$((ncalls + 1))
    snake=$(printf '%s' "$name" | sed 's/\([a-z0-9]\)\([A-Z]\)/\1_\2/g' | tr 'A-Z' 'a-z')
    if ! cut -f1 "$tmp/cli" | grep -qx "$name" &&
        ! grep -q "zc_${snake}(" "$src"/client/desk/*.c; then
        echo "$name: no zhucun command makes it (zhucun help --calls) and no desk form calls zc_${snake}()"
        fail=1
    fi
    row=$(awk -F"$tab" -v n="$name" '$1 == n' "$tmp/docs")
    if [ -z "$row" ]; then
        echo "$name: no row in docs/calls.md"
        fail=1
        continue
    fi
    want="$name$tab$roles$tab$kind$tab$keyed"
    if [ "$row" != "$want" ]; then
        echo "$name: docs/calls.md says"
        echo "    $(printf '%s' "$row" | tr '\t' '|')"
        echo "  the call table says"
        echo "    $(printf '%s' "$want" | tr '\t' '|')"
        fail=1
    fi
done <"$tmp/calls"

cut -f1 "$tmp/calls" | sort -u >"$tmp/known"
for f in cli docs; do
    cut -f1 "$tmp/$f" | sort -u | comm -23 - "$tmp/known" | while read -r extra; do
        echo "$extra: named by $f ($( [ $f = cli ] && echo 'zhucun help --calls' || echo docs/calls.md)) but the server has no such call"
        echo x >>"$tmp/extra"
    done
done
[ ! -e "$tmp/extra" ] || fail=1

echo "calls_registered: $ncalls calls checked"
exit $fail
