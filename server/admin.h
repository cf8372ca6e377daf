/* admin.h -- the server's command-line subcommands that work on the database directly:
 * migrate, useradd, passwd. They run before or beside the server, blocking, as the
 * database administrator (admin_dsn). */
#ifndef ZHUCUN_ADMIN_H
#define ZHUCUN_ADMIN_H

#include <stdio.h>

#include <libpq-fe.h>

#include "common/config.h"

/* A blocking connection as the administrator (admin_dsn), UTF-8, that honours the database's clock
 * pin (clockpin_adopt); NULL (with a message on stderr) when it cannot, or when the database is
 * pinned and this build cannot run on a pinned clock. */
PGconn *admin_connect(const struct server_config *cfg);

/* Applies sql/migrations in order, each once, recorded with its SHA-256 in
 * schema_migrations. Returns a process exit status. */
int admin_migrate(const struct server_config *cfg, const char *dir);

struct useradd_args {
    const char *username;
    const char *display_name; /* defaults to the username */
    const char *role;
    const char *scope;
    int must_change;
};

/* Reads the password from stdin (one line) and creates the account. Exit status: 0, 2 usage,
 * 5 scope not found, 6 invalid argument, 8 already exists, 1 other. */
int admin_useradd(const struct server_config *cfg, const struct useradd_args *a);

/* Reads a password from stdin and sets it for username, revoking its sessions. */
int admin_passwd(const struct server_config *cfg, const char *username);

/* Generates the visit duties of every period that begins by the horizon (a month ahead) and
 * has not been generated yet (zc_duties_roll, 0006_visit_duties.sql); with rebuild, first
 * forgets every generated period from the tracking start on and recomputes them all. Run
 * daily (deploy/zhucun-duties.timer). Returns an exit status. */
int admin_duties(const struct server_config *cfg, int rebuild);

/* Compares the stored duty rows of the periods that end on or after from (NULL: 62 days ago)
 * and begin by today with what the rules call for (zc_duties_check, 0015_clock.sql) and prints
 * what is missing, extra or different, by rule and period. Exit status: 0 when they agree, 7
 * when not, 10 database unreachable, 1 other. */
int admin_duties_check(const struct server_config *cfg, const char *from);

/* Removes sessions ended over a week ago, login throttles quiet for a day, and idempotency
 * keys older than a week (zc_housekeeping, 0012). Run daily. Returns an exit status. */
int admin_cleanup(const struct server_config *cfg);

/* Binds an exporter account to a client certificate subject (as the server prints it, e.g.
 * "/CN=exporter"; "" unbinds): it may then log in with that certificate and no password. */
int admin_cert_bind(const struct server_config *cfg, const char *username, const char *subject);

/* Seals what has committed, then walks the hash-chained audit trail from the start (or from
 * the first row at or after from, trusting its stored prev_hash) to the end of the sealed rows,
 * in bounded calls of zc_audit_verify with a progress line after each on a terminal's stderr
 * (none when quiet), and reports the first broken link, or how far sealing lags. Exit status: 0
 * intact, 7 broken, 6 malformed from, 10 database unreachable, 1 other. */
int admin_audit_verify(const struct server_config *cfg, const char *from, int quiet);

/* Seals every committed audit row not sealed yet (zc_audit_seal in rounds of 10,000 rows, one
 * transaction each), waiting for a server's sealer at work to finish its round, and prints
 * what it sealed and what is left (rows behind a write still running). For a database no
 * server runs on, and after a crash. Exit status: 0, 10 database unreachable, 1 other. */
int admin_audit_seal(const struct server_config *cfg);

/* Converts the personal data (households', members' and persons' ID numbers and phones;
 * docs/encryption.md § Rotation) under the keys in cfg->data_keys, column by column, in
 * batches of REKEY_BATCH rows, one transaction each: re-encrypts every ciphertext that names
 * a key other than the current one. In a database not yet past the migration that drops a
 * clear column (0024, 0025, which refuse while a row needs it), it first seals the values held
 * there only. A row is updated only if it is still what was read (a request that changed it
 * meanwhile wrote it sealed, under the current key). Prints the values converted and what
 * remains, by column and key. Exit status: 0 when nothing remains, 3 when rows remain (a
 * ciphertext under a key the file no longer holds, named by column and row id, never the
 * value), 2 without a key file, 10 database unreachable, 1 other. */
int admin_rekey(const struct server_config *cfg);

/* Runs sql; 0, or -1 with "what failed: ..." on stderr. */
int admin_exec(PGconn *pg, const char *sql, const char *what);

/* Prints the call table (dispatch_calls) to out, one call per line:
 * "Name<TAB>roles<TAB>read|write<TAB>keyed|-", where roles are the role names that may make the
 * call (comma-separated), "any" (any signed-in user) or "none" (no session needed: Hello,
 * Ping, Login, Logout), and keyed means a retry with the same idempotency key gets the first
 * answer. Needs no configuration and no database. Returns an exit status. */
int admin_calls(FILE *out);

#endif
