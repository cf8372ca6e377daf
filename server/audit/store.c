/* audit/store.c -- SQL for verifying the audit trail (zc_audit_verify, 0011_audit_verify.sql);
 * the server's AuditVerify call and `zhucun-server audit-verify` both run this statement. */
#include "server/audit/store.h"

// clang-format off
#define RFC3339(x) \
    "coalesce(to_char(" x " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '')"

/* $1 after seq (0: none), $2 the hash expected after it (hex, '' for the stored one),
 * $3 from (timestamptz text, NULL for none), $4 row limit, $5 time budget in milliseconds.
 * Columns: as audit_reply_from_row (server/audit.c) reads them. */
DB_STATEMENT(store_audit_verify, "SELECT checked, coalesce(first_seq, 0), " RFC3339("first_at") ", trusted_start,"
    "       coalesce(last_seq, 0), " RFC3339("last_at") ","
    "       coalesce(encode(last_hash, 'hex'), ''), done,"
    "       coalesce(bad_seq, 0), " RFC3339("bad_at") ", coalesce(bad_action, ''),"
    "       coalesce(problem, ''), coalesce(prev_seq, 0)"
    "  FROM zc_audit_verify($1::bigint, decode(nullif($2, ''), 'hex'), $3::timestamptz,"
    "                       $4::bigint, $5::bigint * interval '1 millisecond')", 5);
// clang-format on
