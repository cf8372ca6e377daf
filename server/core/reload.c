/* reload.c -- a new configuration generation from the file, on SIGHUP. */
#include "server/core/reload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/tls.h"
#include "common/xmalloc.h"

/* What a worker reads per connection or per request, so a new value applies from the next
 * one: the limits (max_frame to connections accepted from now on, since a connection sizes
 * its frame decoder when it opens), the login and session rules, the certificate (new
 * handshakes) and the log level. Everything else is read once at start -- the listen address
 * and workers (sockets and threads), the database (the pools connect with it), the hashing
 * parameters (the hashers), the data key file (the keys are loaded once), the metrics
 * listener -- and needs a restart. A key missing here is treated as needing one. */
static const char *const live_keys[] = {
    "tls.cert",
    "tls.key",
    "tls.client_ca",
    "limits.max_frame",
    "limits.max_decoded",
    "limits.max_inflight",
    "limits.max_write_queue",
    "limits.max_connections",
    "limits.handshake_timeout",
    "limits.idle_timeout",
    "limits.shutdown_timeout",
    "auth.session_idle",
    "auth.session_max",
    "auth.login_max_failures",
    "auth.login_lock",
    "auth.login_window",
    "auth.login_address_free",
    "auth.login_network_free",
    "auth.login_delay",
    "auth.login_delay_max",
    "auth.password_min_length",
    "log.level",
};

int reload_key_is_live(const char *section, const char *name)
{
    size_t slen = strlen(section);
    for (size_t i = 0; i < ARRAY_SIZE(live_keys); i++)
        if (strncmp(live_keys[i], section, slen) == 0 && live_keys[i][slen] == '.' &&
            strcmp(live_keys[i] + slen + 1, name) == 0)
            return 1;
    return 0;
}

const char *const *reload_live_keys(size_t *n)
{
    *n = ARRAY_SIZE(live_keys);
    return live_keys;
}

struct server_gen *reload_first(const struct server_config *cfg, SSL_CTX *ctx)
{
    struct server_gen *g = xcalloc(1, sizeof(*g));
    g->cfg = cfg;
    g->ssl_ctx = ctx;
    return g;
}

struct diff {
    struct server_gen *next;
    const struct server_config *running;
    unsigned live, kept;
};

static void on_changed(const char *section, const char *name, void *arg)
{
    struct diff *d = arg;
    if (reload_key_is_live(section, name)) {
        d->live++;
        log_info("config.changed", "key=%s.%s", section, name);
        return;
    }
    /* The new value would be a lie: what reads it has read it once, at start. */
    d->kept++;
    server_config_copy_key(&d->next->own, d->running, section, name);
    log_warn("config.restart_needed",
             "key=%s.%s reason=\"changed in the file, but it is read "
             "only at start: the running value stays until a restart\"",
             section, name);
}

struct server_gen *reload_read(struct server_gen *running)
{
    const struct server_config *cur = running->cfg;
    char err[1024], quoted[LOG_QUOTE_SIZE(1024)];
    struct server_gen *g = xcalloc(1, sizeof(*g));
    server_config_defaults(&g->own);
    if (cur->path == NULL) {
        log_error("config.reload_refused", "error=\"the configuration was not read from a file\"");
        goto refused;
    }
    if (server_config_load(&g->own, cur->path, err, sizeof(err)) != 0) {
        log_error("config.reload_refused", "error=%s", log_quote(quoted, sizeof(quoted), err));
        goto refused;
    }
    g->ssl_ctx =
        tls_server_ctx(g->own.tls_cert, g->own.tls_key, g->own.tls_client_ca, err, sizeof(err));
    if (g->ssl_ctx == NULL) {
        log_error("config.reload_refused", "error=%s", log_quote(quoted, sizeof(quoted), err));
        goto refused;
    }
    struct diff d = {g, cur, 0, 0};
    server_config_diff(cur, &g->own, on_changed, &d);
    g->own.data_keys = cur->data_keys; /* loaded once, at start; key_file is not live */
    g->cfg = &g->own;
    g->older = running;
    /* Said at the old level, before the new one applies: a reload to warn is logged too. */
    log_info("config.reloaded", "file=%s changed=%u restart_needed=%u log_level=%s",
             log_quote(quoted, sizeof(quoted), cur->path), d.live, d.kept,
             log_level_name(g->own.log_level));
    log_set_level(g->own.log_level);
    return g;
refused:
    server_config_free(&g->own);
    free(g);
    return NULL;
}

void reload_free(struct server_gen *gen)
{
    while (gen != NULL) {
        struct server_gen *older = gen->older;
        SSL_CTX_free(gen->ssl_ctx);
        if (gen->cfg == &gen->own)
            server_config_free(&gen->own);
        free(gen);
        gen = older;
    }
}
