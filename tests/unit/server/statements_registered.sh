#!/bin/sh
# statements_registered.sh -- every statement in server/ is made by DB_STATEMENT (core/db.h),
# which registers it for preparing; one made by hand would be refused at run time
# (db.unregistered). Usage: statements_registered.sh SOURCE_DIR
root=${1:?usage: statements_registered.sh SOURCE_DIR}
bad=$(grep -rnE 'struct db_statement[[:space:]]+[A-Za-z_][A-Za-z0-9_]*[[:space:]]*(\[[^]]*\])?[[:space:]]*=|\((const )?struct db_statement\)[[:space:]]*\{' \
    "$root/server" | grep -v '^[^:]*/server/core/db\.h:')
if [ -n "$bad" ]; then
    echo "statements made without DB_STATEMENT (core/db.h), never prepared:" >&2
    echo "$bad" >&2
    exit 1
fi
echo "every statement in server/ is made by DB_STATEMENT"
