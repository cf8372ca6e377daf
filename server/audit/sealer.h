/* sealer.h -- the audit chain's sealer thread, one in every serving process (docs/audit.md).
 *
 * Writers append audit rows unsealed (zc_audit_append, 0035_audit_sealer.sql); this thread
 * seals them in seq order by calling zc_audit_seal on a connection of its own: every
 * AUDIT_SEAL_INTERVAL_MS, and again at once while a round finds a full batch waiting. The
 * function's advisory lock lets one sealer of all the servers on a database work at a time;
 * the others find it busy and wait for their next turn. main.c starts it beside server_run and
 * stops it after. */
#ifndef ZHUCUN_AUDIT_SEALER_H
#define ZHUCUN_AUDIT_SEALER_H

#include "common/config.h"

#define AUDIT_SEAL_INTERVAL_MS 200u
#define AUDIT_SEAL_BATCH       5000u /* rows a round seals at most (one transaction) */

struct audit_sealer;

/* Starts the thread, which connects with cfg->db_dsn (cfg must outlive it) and keeps
 * reconnecting while the database is away. Returns NULL, logged, when no thread could be
 * made: the server still serves, and another server's sealer or `zhucun-server audit-seal`
 * seals what it appends. */
struct audit_sealer *audit_sealer_start(const struct server_config *cfg);

/* Stops the thread (cancelling a round in progress) and frees it; NULL is a no-op. */
void audit_sealer_stop(struct audit_sealer *s);

#endif
