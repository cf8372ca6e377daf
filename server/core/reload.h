/* reload.h -- SIGHUP: the configuration file read again, and what may change while the server
 * runs handed to the workers (docs/metrics.md, "Reload").
 *
 * A generation is a whole configuration and the TLS context made from it; neither changes
 * once made. The main thread makes a new one per SIGHUP and each worker adopts it on its own
 * loop (worker_reload), so a worker reads its configuration without a lock and always sees
 * one generation whole. Generations are kept until the server stops: a request running when
 * its worker adopted the next one may still hold the old one, and a reload is rare. */
#ifndef ZHUCUN_RELOAD_H
#define ZHUCUN_RELOAD_H

#include <openssl/ssl.h>

#include "common/config.h"

struct server_gen {
    const struct server_config *cfg;
    SSL_CTX *ssl_ctx; /* for handshakes from now on; a connection keeps the one it began with */
    struct server_config own; /* cfg points here, except in the first generation */
    struct server_gen *older;
};

/* The first generation: cfg (the caller's, borrowed) and ctx (taken: freed by reload_free). */
struct server_gen *reload_first(const struct server_config *cfg, SSL_CTX *ctx);

/* Reads running's file again. A file that does not load, or a certificate and key that do
 * not make a TLS context, refuse the reload as a whole: NULL, with the error (and its line)
 * logged, and the server goes on as it was. Otherwise the new generation, linked to running:
 * keys that may change live take their new values (each logged); any other changed key keeps
 * its running value, logged as a warning that a restart is needed. The log level is set
 * here, for every thread. */
struct server_gen *reload_read(struct server_gen *running);

/* Whether [section] name may change while the server runs. */
int reload_key_is_live(const char *section, const char *name);
/* The live keys, as "section.name" (n of them). */
const char *const *reload_live_keys(size_t *n);

/* Frees gen and every older one; after the workers are gone. */
void reload_free(struct server_gen *gen);

#endif
