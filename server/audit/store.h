/* audit/store.h -- the statements for verifying the audit trail (defined, and so registered, in
 * store.c). */
#ifndef ZHUCUN_AUDIT_STORE_H
#define ZHUCUN_AUDIT_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_audit_verify;

#endif
