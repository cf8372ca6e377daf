#!/bin/sh
# cli_catalogue.sh SOURCE_DIR -- every message of the CLI and the client library has its
# English in po/en.po (docs/cli.md): a message added in Chinese without a translation fails.
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --from-code=UTF-8 -k_ -kN_ --no-location -o "$tmp/cli.pot" "$src"/client/cli/*.c \
    "$src"/client/lib/*.c
msgcmp "$src/po/en.po" "$tmp/cli.pot"
msgfmt --check -o /dev/null "$src/po/en.po"
