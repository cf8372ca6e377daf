/* audit/store.h -- the statements of the audit chain: the seal before a walk from the start
 * and the walk (defined, and so registered, in store.c; AuditVerify runs them through the pool,
 * `zhucun-server audit-verify` by their text), and the SQL of a sealing round and of the lag,
 * which the sealer thread and the admin subcommands run on connections of their own. */
#ifndef ZHUCUN_AUDIT_STORE_H
#define ZHUCUN_AUDIT_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_audit_verify;
extern const struct db_statement store_audit_seal_first;

/* $1 rows at most, $2 wait for a sealer at work ("true"/"false"). Columns: sealed, gaps,
 * head_seq, busy (zc_audit_seal, 0035_audit_sealer.sql). */
extern const char store_audit_seal_sql[];

/* No parameters. Columns: head_seq, unsealed (rows), the oldest unsealed row's time (RFC 3339,
 * "" when none), its age in milliseconds (0 when none). */
extern const char store_audit_lag_sql[];

#endif
