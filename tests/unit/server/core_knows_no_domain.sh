#!/bin/sh
# core_knows_no_domain.sh -- server/core includes nothing of the rooms around it: no domain
# folder, no server/domains.h or roles.h, no admin, no demo (docs/server-layout.md). The one
# way in is server_domains (core/domain.h). Usage: core_knows_no_domain.sh SOURCE_DIR
root=${1:?usage: core_knows_no_domain.sh SOURCE_DIR}
bad=$(grep -n '#include[[:space:]]*"server/' "$root"/server/core/*.[ch] | grep -v '"server/core/')
if [ -n "$bad" ]; then
    echo "server/core includes files outside server/core (docs/server-layout.md):" >&2
    echo "$bad" >&2
    exit 1
fi
echo "server/core includes only server/core"
