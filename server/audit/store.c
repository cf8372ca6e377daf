/* audit/store.c -- SQL of the audit chain (0011_audit_verify.sql, 0035_audit_sealer.sql): the
 * walk that the server's AuditVerify call and `zhucun-server audit-verify` both run, and the
 * seal that the sealer thread and `zhucun-server audit-seal` run. */
#include "server/audit/store.h"

// clang-format off
#define RFC3339(x) \
    "coalesce(to_char(" x " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '')"
#define AGE_MS(x) \
    "coalesce((extract(epoch FROM clock_timestamp() - " x ") * 1000)::bigint, 0)"

/* $1 after seq (0: none), $2 the hash expected after it (hex, '' for the stored one),
 * $3 from (timestamptz text, NULL for none), $4 row limit, $5 time budget in milliseconds.
 * Columns: as audit_reply_from_row (server/audit/audit.c) reads them. */
DB_STATEMENT(store_audit_verify, "SELECT checked, coalesce(first_seq, 0), " RFC3339("first_at") ", trusted_start,"
    "       coalesce(last_seq, 0), " RFC3339("last_at") ","
    "       coalesce(encode(last_hash, 'hex'), ''), done,"
    "       coalesce(bad_seq, 0), " RFC3339("bad_at") ", coalesce(bad_action, ''),"
    "       coalesce(problem, ''), coalesce(prev_seq, 0),"
    "       coalesce(unsealed, 0), " RFC3339("unsealed_oldest") ", " AGE_MS("unsealed_oldest")
    "  FROM zc_audit_verify($1::bigint, decode(nullif($2, ''), 'hex'), $3::timestamptz,"
    "                       $4::bigint, $5::bigint * interval '1 millisecond')", 5);

/* Before a walk from the start, in a transaction of its own: the rows sealed (-1 when the
 * sealer refuses a damaged chain, which the walk then names). */
DB_STATEMENT(store_audit_seal_first, "SELECT zc_audit_seal_first()", 0);

const char store_audit_seal_sql[] =
    "SELECT sealed, gaps, head_seq, busy FROM zc_audit_seal($1::integer, $2::boolean)";

const char store_audit_lag_sql[] =
    "SELECT head_seq, unsealed, " RFC3339("oldest") ", " AGE_MS("oldest") " FROM zc_audit_lag()";
// clang-format on
