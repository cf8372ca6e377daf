/* config.h -- INI configuration for the server and the clients (parsed with inih).
 *
 * Every key has a default; deploy/server.conf.example documents them. Durations take a unit
 * (500ms, 10s, 30m, 12h, 1d; a bare number is seconds), sizes take one too (4MiB, 64KiB; a
 * bare number is bytes). Relative paths are resolved against the directory of the file.
 * An unknown section or key, or a value out of range, is an error naming the line. */
#ifndef ZHUCUN_CONFIG_H
#define ZHUCUN_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "common/log.h"
#include "common/proxy_from.h"

struct crypt_keys; /* common/crypt.h */

struct server_config {
    /* [server] */
    char *listen_host;
    int listen_port;
    uint64_t workers; /* 0 in the file means the number of cores; resolved at load */
    /* [tls] */
    char *tls_cert;
    char *tls_key;
    char *tls_client_ca; /* optional: CA for client certificates (mutual TLS) */
    /* [limits] */
    uint64_t max_frame;
    uint64_t max_decoded;
    uint64_t max_inflight;
    uint64_t max_write_queue;
    uint64_t max_connections;
    uint64_t handshake_timeout_ms;
    uint64_t idle_timeout_ms;
    uint64_t shutdown_timeout_ms;
    /* [database] */
    char *db_dsn;
    char *db_admin_dsn; /* for migrate and useradd; defaults to db_dsn */
    uint64_t db_pool_size;
    uint64_t db_pipeline; /* queries in flight per pool connection */
    uint64_t db_queue_max;
    uint64_t db_connect_timeout_ms;
    uint64_t db_reconnect_min_ms;
    uint64_t db_reconnect_max_ms;
    uint64_t db_statement_timeout_ms;
    /* A streaming replica for exports (docs/export.md, "A read replica"): NULL for none; its
     * pool's size per worker; how long a pull waits for it to catch up with a cursor. */
    char *db_replica_dsn;
    uint64_t db_replica_pool_size;
    uint64_t db_replica_wait_ms;
    /* [auth] */
    uint64_t session_idle_ms;
    uint64_t session_max_ms;
    uint64_t login_max_failures; /* per (username, address) */
    uint64_t login_lock_ms;
    /* Per source, whatever the names (docs/logins.md): failures within login_window from one
     * address (its /24 or /64 network) before each further attempt waits, from login_delay
     * doubling per failure up to login_delay_max. */
    uint64_t login_window_ms;
    uint64_t login_address_free;
    uint64_t login_network_free;
    uint64_t login_delay_ms;
    uint64_t login_delay_max_ms;
    uint64_t password_min_length;
    uint64_t argon2_memory_kib;
    uint64_t argon2_iterations;
    uint64_t argon2_parallelism;
    uint64_t hash_concurrency; /* per worker */
    uint64_t hash_queue;       /* per worker */
    /* [data] */
    /* The key file for personal data at rest (common/crypt.h, docs/encryption.md): outside the
     * database, mode 0600; NULL when not set, which serve, demo and rekey refuse (main.c). */
    char *data_key_file;
    /* The keys loaded from it, for the handlers (r->w->cfg->data_keys): not parsed, set by
     * whoever loads the file (main.c, before serving) and owned by it; never NULL while a
     * server runs. */
    const struct crypt_keys *data_keys;
    /* [log] */
    enum log_level log_level;
    /* [server] proxy_from: the load balancers whose connections start with a PROXY v2 header
     * (common/proxy_from.h, docs/haproxy.md); empty by default. */
    struct proxy_from proxy_from;
    /* [metrics] (docs/metrics.md): the listener's HOST:PORT, NULL (off) by default; load
     * splits it into metrics_host and metrics_port and refuses an address beyond this host
     * unless metrics_allow_remote. */
    char *metrics_listen;
    uint64_t metrics_allow_remote;
    char *metrics_host;
    int metrics_port;
    /* The file server_config_load read (SIGHUP reads it again: server/core/reload.h); NULL
     * for text given to server_config_parse. */
    char *path;
};

struct client_config {
    char *server; /* host:port */
    char *ca;
    char *cert; /* optional client certificate (mutual TLS) */
    char *key;
    char *session; /* token cache file */
    char *outbox;  /* the outbox of keyed writes whose outcome is unknown (docs/client-lib.md) */
    uint64_t
        offline; /* 1: writes that work offline wait in the outbox when no server (docs/cli.md) */
    uint64_t timeout_ms;
};

/* Fills c with the defaults. */
void server_config_defaults(struct server_config *c);
/* Loads path over the defaults. Returns 0, or -1 with a message in err. */
int server_config_load(struct server_config *c, const char *path, char *err, size_t errlen);
/* Parses text as if it were a file in basedir (for tests). */
int server_config_parse(struct server_config *c, const char *text, const char *basedir, char *err,
                        size_t errlen);
void server_config_free(struct server_config *c);

void client_config_defaults(struct client_config *c);
int client_config_load(struct client_config *c, const char *path, char *err, size_t errlen);
int client_config_parse(struct client_config *c, const char *text, const char *basedir, char *err,
                        size_t errlen);
void client_config_free(struct client_config *c);

/* Calls changed(section, name, arg) for every key of the server's table whose value differs
 * between a and b ([server] listen compares host and port); returns how many differ. */
unsigned server_config_diff(const struct server_config *a, const struct server_config *b,
                            void (*changed)(const char *section, const char *name, void *arg),
                            void *arg);
/* Sets key [section] name of dst to its value in src (a copy); -1 for a key not in the table. */
int server_config_copy_key(struct server_config *dst, const struct server_config *src,
                           const char *section, const char *name);

/* Value parsers, exposed for the CLI and tests. Return 0 or -1. */
int config_parse_duration_ms(const char *s, uint64_t *out);
int config_parse_size(const char *s, uint64_t *out);
/* Splits "host:port" or "[v6]:port"; host is a fresh string. */
int config_parse_hostport(const char *s, char **host, int *port);

#endif
