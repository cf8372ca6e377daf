/* store_export.c -- SQL for exports (0010_export.sql; docs/export.md).
 *
 * One statement per kind, all of one shape: the rows of the scope [$1, $2) whose chg is
 * visible in this pull's snapshot ($4) and, when there is a previous pull ($3, NULL for a
 * first pull), was not visible in that one; after the keyset position ($5 chg, $6 key), in
 * (chg, key) order, at most $7 rows. All columns of the row come back; the handler drops chg. */
#include "server/store.h"

// clang-format off
#define EXPORT_SQL(from, scope, key, keytype)                                                      \
    "SELECT t.* FROM " from " WHERE " scope " COLLATE \"C\" >= $1"                                 \
    " AND " scope " COLLATE \"C\" < $2"                                                             \
    " AND pg_visible_in_snapshot(t.chg, $4::pg_snapshot)"                                          \
    " AND ($3::pg_snapshot IS NULL OR (t.chg >= pg_snapshot_xmin($3::pg_snapshot)"                 \
    " AND NOT pg_visible_in_snapshot(t.chg, $3::pg_snapshot)))"                                    \
    " AND (t.chg, t." key ") > ($5::xid8, $6::" keytype ")"                                        \
    " ORDER BY t.chg, t." key " LIMIT $7::integer"
// clang-format on

#define EXPORT_STATEMENT(name, from, scope, key, keytype)                                          \
    const struct db_statement store_export_##name = {"export_" #name,                              \
                                                     EXPORT_SQL(from, scope, key, keytype), 7}

EXPORT_STATEMENT(org_units, "org_units t", "t.code", "code", "text");
EXPORT_STATEMENT(units, "dispatch_units t", "t.org_code", "id", "bigint");
EXPORT_STATEMENT(teams, "teams t", "t.org_code", "id", "bigint");
EXPORT_STATEMENT(memberships, "memberships t JOIN teams s ON s.id = t.team_id", "s.org_code", "id",
                 "bigint");
EXPORT_STATEMENT(households, "households t", "t.village_code", "id", "bigint");
EXPORT_STATEMENT(members, "household_members t JOIN households s ON s.id = t.household_id",
                 "s.village_code", "id", "bigint");
EXPORT_STATEMENT(visits, "visits t", "t.village_code", "id", "bigint");
EXPORT_STATEMENT(follow_up_items, "follow_up_items t", "t.village_code", "id", "bigint");
EXPORT_STATEMENT(checkins, "checkins t", "t.village_code", "id", "bigint");
EXPORT_STATEMENT(official_business, "official_business t JOIN persons s ON s.id = t.person_id",
                 "s.org_code", "id", "bigint");
EXPORT_STATEMENT(leave_requests, "leave_requests t", "t.village", "id", "bigint");
EXPORT_STATEMENT(approvals, "approvals t", "t.org_code", "id", "bigint");
EXPORT_STATEMENT(approval_steps, "approval_steps t JOIN approvals s ON s.id = t.approval_id",
                 "s.org_code", "id", "bigint");
/* The audit log has no place: it is exported whole, to the province's exporter only. */
EXPORT_STATEMENT(audit, "audit t", "'140000000000'::text", "seq", "bigint");

/* The tombstones of kind $8, in the same shape (key: the tombstone's id). */
const struct db_statement store_export_tombstones = {
    "export_tombstones",
    "SELECT t.id, t.key, t.chg FROM export_tombstones t WHERE t.kind = $8"
    " AND t.scope_code >= $1 AND t.scope_code < $2"
    " AND pg_visible_in_snapshot(t.chg, $4::pg_snapshot)"
    " AND ($3::pg_snapshot IS NULL OR (t.chg >= pg_snapshot_xmin($3::pg_snapshot)"
    " AND NOT pg_visible_in_snapshot(t.chg, $3::pg_snapshot)))"
    " AND (t.chg, t.id) > ($5::xid8, $6::bigint)"
    " ORDER BY t.chg, t.id LIMIT $7::integer",
    8};

/* This pull's snapshot. */
const struct db_statement store_export_snapshot = {"export_snapshot",
                                                   "SELECT pg_current_snapshot()::text", 0};
