/* audit.h -- verifying the hash-chained audit trail: what the AuditVerify call
 * (audit/handlers.c) and `zhucun-server audit-verify` (admin.c) share. Both run
 * store_audit_verify, which seals what has committed and runs zc_audit_verify
 * (0035_audit_sealer.sql, after 0011_audit_verify.sql), where the one recomputation of a row's
 * hash lives (zc_audit_hash). docs/audit.md. */
#ifndef ZHUCUN_AUDIT_H
#define ZHUCUN_AUDIT_H

#include <libpq-fe.h>

#include "audit.pb-c.h"

#define AUDIT_LIMIT_DEFAULT 1000000ull  /* rows per call when the request names none */
#define AUDIT_LIMIT_MAX     10000000ull /* rows per call at most */
#define AUDIT_BUDGET_MAX_MS 5000u       /* a call's time budget at most */

/* The five parameters of store_audit_verify, as text. */
struct audit_params {
    char after[24];
    char after_hash[65];
    char from[64]; /* UTC timestamptz text; "" for none (pass NULL) */
    char limit[24];
    char budget_ms[24];
};

/* Checks and converts a request's start and limit (limit 0: the default, above the maximum:
 * the maximum); budget_ms is the time the walk may take. Returns NULL, or the name of the
 * field that is malformed ("after_seq", "after_hash", "from"). */
const char *audit_params_fill(struct audit_params *p, long long after_seq, const char *after_hash,
                              const char *from, unsigned long long limit, unsigned budget_ms);

/* The parameter array for db_query / PQexecParams (from becomes NULL when empty). */
void audit_params_values(const struct audit_params *p, const char *values[5]);

/* Fills v from the single row of a store_audit_verify result; strings point into res. */
void audit_reply_from_row(const PGresult *res, Zhucun__AuditVerifyReply *v);

#endif
