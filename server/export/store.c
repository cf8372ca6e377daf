/* export/store.c -- SQL for exports (0010_export.sql; docs/export.md).
 *
 * One statement per kind, calling that kind's zc_export_KIND function: the scope [$1, $2), the
 * previous pull's snapshot ($3, NULL for a first pull), this pull's ($4), the keyset position
 * ($5 chg, $6 key), at most $7 rows. All columns of the row come back; the handler drops chg. */
#include "server/export/store.h"

/* Every export statement runs as the export's own database role, which may only read the
 * exported tables (0026_row_level_security.sql; docs/rls.md). */
#define EXPORT_ROLE "zhucun_export"

#define EXPORT_STATEMENT(name)                                                                     \
    DB_STATEMENT_AS(store_export_##name, EXPORT_ROLE,                                              \
                    "SELECT * FROM zc_export_" #name "($1, $2, $3::pg_snapshot, $4::pg_snapshot,"  \
                    " $5::xid8, $6, $7::integer)",                                                 \
                    7)

EXPORT_STATEMENT(org_units);
EXPORT_STATEMENT(units);
EXPORT_STATEMENT(teams);
EXPORT_STATEMENT(memberships);
EXPORT_STATEMENT(households);
EXPORT_STATEMENT(members);
EXPORT_STATEMENT(visits);
EXPORT_STATEMENT(follow_up_items);
EXPORT_STATEMENT(checkins);
EXPORT_STATEMENT(official_business);
EXPORT_STATEMENT(leave_requests);
EXPORT_STATEMENT(approvals);
EXPORT_STATEMENT(approval_steps);
EXPORT_STATEMENT(recall_requests);
EXPORT_STATEMENT(audit);

/* The tombstones of kind $8, in the same shape (key: the tombstone's id). */
DB_STATEMENT_AS(store_export_tombstones, EXPORT_ROLE,
                "SELECT t.id, t.key, t.chg FROM export_tombstones t WHERE t.kind = $8"
                " AND t.scope_code >= $1 AND t.scope_code < $2"
                " AND pg_visible_in_snapshot(t.chg, $4::pg_snapshot)"
                " AND ($3::pg_snapshot IS NULL OR (t.chg >= pg_snapshot_xmin($3::pg_snapshot)"
                " AND NOT pg_visible_in_snapshot(t.chg, $3::pg_snapshot)))"
                " AND (t.chg, t.id) > ($5::xid8, $6::bigint)"
                " ORDER BY t.chg, t.id LIMIT $7::integer",
                8);

/* This pull's snapshot. */
DB_STATEMENT_AS(store_export_snapshot, EXPORT_ROLE, "SELECT pg_current_snapshot()::text", 0);
