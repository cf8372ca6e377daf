/* config.c -- table-driven INI parsing (inih) for server and client configuration. */
#include "common/config.h"

#include <ctype.h>
#include <errno.h>
#include <arpa/inet.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xmalloc.h"

enum key_type {
    K_STR,
    K_PATH,
    K_UINT,
    K_SIZE,
    K_DURATION,
    K_LISTEN,
    K_LOGLEVEL,
    K_PROXY_FROM,
    K_BOOL
};

struct key_def {
    const char *section;
    const char *name;
    enum key_type type;
    size_t offset;
    uint64_t min, max; /* for numbers, sizes and durations (ms) */
};

#define SC(f) offsetof(struct server_config, f)
#define CC(f) offsetof(struct client_config, f)
#define KIB   1024ull
#define MIB   (1024ull * 1024)
#define GIB   (1024ull * 1024 * 1024)
#define SEC   1000ull
#define HOUR  (3600ull * 1000)
#define DAY   (24 * HOUR)

static const struct key_def server_keys[] = {
    {"server", "listen", K_LISTEN, 0, 0, 0},
    {"server", "workers", K_UINT, SC(workers), 0, 256},
    {"tls", "cert", K_PATH, SC(tls_cert), 0, 0},
    {"tls", "key", K_PATH, SC(tls_key), 0, 0},
    {"tls", "client_ca", K_PATH, SC(tls_client_ca), 0, 0},
    {"limits", "max_frame", K_SIZE, SC(max_frame), 1 * KIB, 256 * MIB},
    {"limits", "max_decoded", K_SIZE, SC(max_decoded), 4 * KIB, 2 * GIB},
    {"limits", "max_inflight", K_UINT, SC(max_inflight), 1, 100000},
    {"limits", "max_write_queue", K_SIZE, SC(max_write_queue), 64 * KIB, 2 * GIB},
    {"limits", "max_connections", K_UINT, SC(max_connections), 1, 1000000},
    {"limits", "handshake_timeout", K_DURATION, SC(handshake_timeout_ms), 100, HOUR},
    {"limits", "idle_timeout", K_DURATION, SC(idle_timeout_ms), 100, DAY},
    {"limits", "shutdown_timeout", K_DURATION, SC(shutdown_timeout_ms), 0, HOUR},
    {"database", "dsn", K_STR, SC(db_dsn), 0, 0},
    {"database", "admin_dsn", K_STR, SC(db_admin_dsn), 0, 0},
    {"database", "pool_size", K_UINT, SC(db_pool_size), 1, 1000},
    {"database", "pipeline", K_UINT, SC(db_pipeline), 1, 256},
    {"database", "queue_max", K_UINT, SC(db_queue_max), 0, 1000000},
    {"database", "connect_timeout", K_DURATION, SC(db_connect_timeout_ms), 100, HOUR},
    {"database", "reconnect_min", K_DURATION, SC(db_reconnect_min_ms), 10, HOUR},
    {"database", "reconnect_max", K_DURATION, SC(db_reconnect_max_ms), 10, HOUR},
    {"database", "statement_timeout", K_DURATION, SC(db_statement_timeout_ms), 100, HOUR},
    {"database", "replica_dsn", K_STR, SC(db_replica_dsn), 0, 0},
    {"database", "replica_pool_size", K_UINT, SC(db_replica_pool_size), 1, 1000},
    {"database", "replica_wait", K_DURATION, SC(db_replica_wait_ms), 0, 10 * 60 * SEC},
    {"auth", "session_idle", K_DURATION, SC(session_idle_ms), 1 * SEC, 30 * DAY},
    {"auth", "session_max", K_DURATION, SC(session_max_ms), 1 * SEC, 365 * DAY},
    {"auth", "login_max_failures", K_UINT, SC(login_max_failures), 1, 1000},
    {"auth", "login_lock", K_DURATION, SC(login_lock_ms), 1 * SEC, 30 * DAY},
    {"auth", "login_window", K_DURATION, SC(login_window_ms), 1 * SEC, 30 * DAY},
    {"auth", "login_address_free", K_UINT, SC(login_address_free), 0, 1000000},
    {"auth", "login_network_free", K_UINT, SC(login_network_free), 0, 1000000},
    {"auth", "login_delay", K_DURATION, SC(login_delay_ms), 10, HOUR},
    {"auth", "login_delay_max", K_DURATION, SC(login_delay_max_ms), 10, DAY},
    {"auth", "password_min_length", K_UINT, SC(password_min_length), 10, 128},
    {"auth", "argon2_memory_kib", K_UINT, SC(argon2_memory_kib), 19456, 4194304},
    {"auth", "argon2_iterations", K_UINT, SC(argon2_iterations), 2, 100},
    {"auth", "argon2_parallelism", K_UINT, SC(argon2_parallelism), 1, 64},
    {"auth", "hash_concurrency", K_UINT, SC(hash_concurrency), 1, 1024},
    {"auth", "hash_queue", K_UINT, SC(hash_queue), 0, 1000000},
    {"data", "key_file", K_PATH, SC(data_key_file), 0, 0},
    {"log", "level", K_LOGLEVEL, SC(log_level), 0, 0},
    {"server", "proxy_from", K_PROXY_FROM, SC(proxy_from), 0, 0},
    {"metrics", "listen", K_STR, SC(metrics_listen), 0, 0},
    {"metrics", "allow_remote", K_BOOL, SC(metrics_allow_remote), 0, 1},
    {NULL, NULL, 0, 0, 0, 0},
};

static const struct key_def client_keys[] = {
    {"client", "server", K_STR, CC(server), 0, 0},
    {"client", "ca", K_PATH, CC(ca), 0, 0},
    {"client", "cert", K_PATH, CC(cert), 0, 0},
    {"client", "key", K_PATH, CC(key), 0, 0},
    {"client", "session", K_PATH, CC(session), 0, 0},
    {"client", "outbox", K_PATH, CC(outbox), 0, 0},
    {"client", "offline", K_UINT, CC(offline), 0, 1},
    {"client", "timeout", K_DURATION, CC(timeout_ms), 100, HOUR},
    {NULL, NULL, 0, 0, 0, 0},
};

struct parse_ctx {
    const struct key_def *keys;
    void *target;
    const char *basedir;
    char *err;
    size_t errlen;
    int failed;    /* the first error wins; inih reports its line */
    int line;      /* lines read so far, counted the way inih counts them */
    int fail_line; /* the line of the error in err */
    FILE *f;       /* the input: a file, or text when f is NULL */
    const char *text;
};

int config_parse_duration_ms(const char *s, uint64_t *out)
{
    static const struct {
        const char *unit;
        uint64_t ms;
    } units[] = {{"ms", 1}, {"s", 1000}, {"", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}};
    if (!isdigit((unsigned char)s[0]))
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0)
        return -1;
    while (*end == ' ')
        end++;
    for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
        if (strcmp(end, units[i].unit) == 0) {
            if (v > UINT64_MAX / units[i].ms)
                return -1;
            *out = v * units[i].ms;
            return 0;
        }
    }
    return -1;
}

int config_parse_size(const char *s, uint64_t *out)
{
    static const struct {
        const char *unit;
        uint64_t mul;
    } units[] = {{"", 1}, {"B", 1}, {"KiB", KIB}, {"MiB", MIB}, {"GiB", GIB}};
    if (!isdigit((unsigned char)s[0]))
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0)
        return -1;
    while (*end == ' ')
        end++;
    for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
        if (strcmp(end, units[i].unit) == 0) {
            if (v > UINT64_MAX / units[i].mul)
                return -1;
            *out = v * units[i].mul;
            return 0;
        }
    }
    return -1;
}

int config_parse_hostport(const char *s, char **host, int *port)
{
    const char *colon;
    const char *h = s;
    size_t hlen;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (close == NULL || close[1] != ':')
            return -1;
        h = s + 1;
        hlen = (size_t)(close - h);
        colon = close + 1;
    } else {
        colon = strrchr(s, ':');
        if (colon == NULL)
            return -1;
        hlen = (size_t)(colon - s);
    }
    if (hlen == 0 || !isdigit((unsigned char)colon[1]))
        return -1;
    char *end;
    errno = 0;
    long p = strtol(colon + 1, &end, 10);
    if (errno != 0 || *end != '\0' || p < 1 || p > 65535)
        return -1;
    *host = xstrndup(h, hlen);
    *port = (int)p;
    return 0;
}

static int fail(struct parse_ctx *ctx, const char *fmt, const char *section, const char *name,
                const char *value)
{
    if (!ctx->failed) {
        snprintf(ctx->err, ctx->errlen, fmt, section, name, value);
        ctx->fail_line = ctx->line;
    }
    ctx->failed = 1;
    return 0;
}

static int set_value(void *user, const char *section, const char *name, const char *value)
{
    struct parse_ctx *ctx = user;
    const struct key_def *k = ctx->keys;
    while (k->section != NULL && (strcmp(k->section, section) || strcmp(k->name, name)))
        k++;
    if (k->section == NULL)
        return fail(ctx, "unknown key [%s] %s%s", section, name, "");
    void *field = (char *)ctx->target + k->offset;
    uint64_t v = 0;
    switch (k->type) {
    case K_STR:
    case K_PATH: {
        char **dst = field;
        free(*dst);
        if (value[0] == '\0')
            *dst = NULL;
        else if (k->type == K_PATH && value[0] != '/' && ctx->basedir != NULL)
            *dst = xasprintf("%s/%s", ctx->basedir, value);
        else
            *dst = xstrdup(value);
        return 1;
    }
    case K_LISTEN: {
        struct server_config *c = ctx->target;
        char *host;
        int port;
        if (config_parse_hostport(value, &host, &port) != 0)
            return fail(ctx, "[%s] %s: expected HOST:PORT, got \"%s\"", section, name, value);
        free(c->listen_host);
        c->listen_host = host;
        c->listen_port = port;
        return 1;
    }
    case K_PROXY_FROM: {
        char why[160];
        if (proxy_from_parse(value, field, why, sizeof(why)) != 0)
            return fail(ctx, "[%s] %s: %s (expected addresses or networks such as 10.0.0.0/8)",
                        section, name, why);
        return 1;
    }
    case K_LOGLEVEL:
        if (log_level_parse(value, field) != 0)
            return fail(ctx, "[%s] %s: expected debug, info, warn or error, got \"%s\"", section,
                        name, value);
        return 1;
    case K_UINT: {
        char *end;
        errno = 0;
        if (!isdigit((unsigned char)value[0]))
            return fail(ctx, "[%s] %s: expected a whole number, got \"%s\"", section, name, value);
        v = strtoull(value, &end, 10);
        if (errno != 0 || *end != '\0')
            return fail(ctx, "[%s] %s: expected a whole number, got \"%s\"", section, name, value);
        break;
    }
    case K_BOOL:
        if (strcmp(value, "yes") == 0 || strcmp(value, "true") == 0 || strcmp(value, "1") == 0)
            v = 1;
        else if (strcmp(value, "no") != 0 && strcmp(value, "false") != 0 && strcmp(value, "0") != 0)
            return fail(ctx, "[%s] %s: expected yes or no, got \"%s\"", section, name, value);
        break;
    case K_SIZE:
        if (config_parse_size(value, &v) != 0)
            return fail(ctx, "[%s] %s: expected a size such as 4MiB, got \"%s\"", section, name,
                        value);
        break;
    case K_DURATION:
        if (config_parse_duration_ms(value, &v) != 0)
            return fail(ctx, "[%s] %s: expected a duration such as 10s or 500ms, got \"%s\"",
                        section, name, value);
        break;
    }
    if (v < k->min || v > k->max) {
        char range[160];
        snprintf(range, sizeof(range), "%s (allowed %llu to %llu%s)", value,
                 (unsigned long long)k->min, (unsigned long long)k->max,
                 k->type == K_DURATION ? " ms"
                 : k->type == K_SIZE   ? " bytes"
                                       : "");
        return fail(ctx, "[%s] %s: out of range: %s", section, name, range);
    }
    *(uint64_t *)field = v;
    return 1;
}

/* Reads one line as inih's own readers do, counting lines. inih reports only the line of the
 * first error, which may be a syntax error that set_value never saw; the count tells whether
 * the message in ctx->err belongs to that line. */
static char *read_line(char *str, int num, void *stream)
{
    struct parse_ctx *ctx = stream;
    char *line = NULL;
    if (ctx->f != NULL) {
        line = fgets(str, num, ctx->f);
    } else if (*ctx->text != '\0' && num >= 2) {
        int i = 0;
        while (i < num - 1 && ctx->text[i] != '\0' && (i == 0 || ctx->text[i - 1] != '\n')) {
            str[i] = ctx->text[i];
            i++;
        }
        str[i] = '\0';
        ctx->text += i;
        line = str;
    }
    if (line != NULL)
        ctx->line++;
    return line;
}

static int run_parse(const struct key_def *keys, void *target, const char *text, FILE *f,
                     const char *basedir, const char *path, char *err, size_t errlen)
{
    struct parse_ctx ctx = {keys, target, basedir, err, errlen, 0, 0, 0, f, text};
    char inner[512] = "";
    ctx.err = inner;
    ctx.errlen = sizeof(inner);
    int line = ini_parse_stream(read_line, &ctx, set_value, &ctx);
    if (line == 0)
        return 0;
    if (line < 0)
        snprintf(err, errlen, "%s: could not read configuration", path);
    else if (ctx.failed && ctx.fail_line == line)
        snprintf(err, errlen, "%s:%d: %s", path, line, inner);
    else
        snprintf(err, errlen, "%s:%d: syntax error", path, line);
    return -1;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL) {
        char cwd[4096];
        return xstrdup(getcwd(cwd, sizeof(cwd)) != NULL ? cwd : ".");
    }
    if (slash == path)
        return xstrdup("/");
    if (path[0] != '/') {
        char cwd[4096];
        if (getcwd(cwd, sizeof(cwd)) != NULL)
            return xasprintf("%s/%.*s", cwd, (int)(slash - path), path);
    }
    return xstrndup(path, (size_t)(slash - path));
}

static int load_file(const struct key_def *keys, void *target, const char *path, char *err,
                     size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        snprintf(err, errlen, "could not open configuration file %s: %s", path, strerror(errno));
        return -1;
    }
    char *dir = dir_of(path);
    int rc = run_parse(keys, target, NULL, f, dir, path, err, errlen);
    free(dir);
    fclose(f);
    return rc;
}

void server_config_defaults(struct server_config *c)
{
    memset(c, 0, sizeof(*c));
    c->listen_host = xstrdup("127.0.0.1");
    c->listen_port = 7443;
    c->workers = 0;
    c->max_frame = 4 * MIB;
    c->max_decoded = 16 * MIB;
    c->max_inflight = 64;
    c->max_write_queue = 8 * MIB;
    c->max_connections = 10000;
    c->handshake_timeout_ms = 10 * SEC;
    c->idle_timeout_ms = 300 * SEC;
    c->shutdown_timeout_ms = 10 * SEC;
    c->db_dsn = xstrdup("dbname=zhucun");
    c->db_pool_size = 4;
    c->db_pipeline = 16;
    c->db_queue_max = 1024;
    c->db_connect_timeout_ms = 5 * SEC;
    c->db_reconnect_min_ms = 100;
    c->db_reconnect_max_ms = 5 * SEC;
    c->db_statement_timeout_ms = 30 * SEC;
    c->db_replica_pool_size = 2;
    c->db_replica_wait_ms = 5 * SEC;
    c->session_idle_ms = 30 * 60 * SEC;
    c->session_max_ms = 12 * HOUR;
    c->login_max_failures = 5;
    c->login_lock_ms = 15 * 60 * SEC;
    c->login_window_ms = 15 * 60 * SEC;
    c->login_address_free = 10;
    c->login_network_free = 30;
    c->login_delay_ms = 1 * SEC;
    c->login_delay_max_ms = 60 * SEC;
    c->password_min_length = 10;
    c->argon2_memory_kib = 19456;
    c->argon2_iterations = 2;
    c->argon2_parallelism = 1;
    c->hash_concurrency = 1;
    c->hash_queue = 256;
    c->log_level = LOG_INFO;
}

/* A host name or address of this machine only: localhost, 127.0.0.0/8 or ::1. */
static int is_loopback(const char *host)
{
    struct in_addr a4;
    struct in6_addr a6;
    if (strcmp(host, "localhost") == 0)
        return 1;
    if (inet_pton(AF_INET, host, &a4) == 1)
        return (ntohl(a4.s_addr) >> 24) == 127;
    return inet_pton(AF_INET6, host, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

/* [metrics] listen: empty is off; otherwise HOST:PORT on this machine, unless allow_remote.
 * The endpoints have no authentication (what they tell -- call names, load, readiness -- helps
 * an attacker plan), so serving them beyond the host must be asked for. */
static int metrics_finish(struct server_config *c, const char *path, char *err, size_t errlen)
{
    free(c->metrics_host);
    c->metrics_host = NULL;
    c->metrics_port = 0;
    if (c->metrics_listen == NULL)
        return 0;
    if (config_parse_hostport(c->metrics_listen, &c->metrics_host, &c->metrics_port) != 0) {
        snprintf(err, errlen,
                 "%s: [metrics] listen: expected HOST:PORT (or nothing: off), got \"%s\"", path,
                 c->metrics_listen);
        return -1;
    }
    if (!c->metrics_allow_remote && !is_loopback(c->metrics_host)) {
        snprintf(err, errlen,
                 "%s: [metrics] listen: %s is not a loopback address; the metrics and readiness "
                 "endpoints have no authentication, so serve them beyond this host only behind a "
                 "firewall and with allow_remote = yes",
                 path, c->metrics_host);
        return -1;
    }
    return 0;
}

static int server_finish(struct server_config *c, const char *path, char *err, size_t errlen)
{
    if (c->workers == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        c->workers = n > 0 ? (uint64_t)n : 1;
    }
    /* "dsn =" would leave no connection string at all (libpq's PQconnectdb(NULL) crashes);
     * a DSN of libpq's defaults is written as a key, e.g. dsn = dbname=zhucun. */
    if (c->db_dsn == NULL) {
        snprintf(err, errlen, "%s: [database] dsn must not be empty", path);
        return -1;
    }
    if (c->db_admin_dsn == NULL)
        c->db_admin_dsn = xstrdup(c->db_dsn);
    if (c->db_reconnect_max_ms < c->db_reconnect_min_ms) {
        snprintf(err, errlen, "%s: [database] reconnect_max must not be below reconnect_min", path);
        return -1;
    }
    if (c->login_delay_max_ms < c->login_delay_ms) {
        snprintf(err, errlen, "%s: [auth] login_delay_max must not be below login_delay", path);
        return -1;
    }
    if (c->max_decoded < c->max_frame) {
        snprintf(err, errlen, "%s: [limits] max_decoded must be at least max_frame", path);
        return -1;
    }
    return metrics_finish(c, path, err, errlen);
}

int server_config_load(struct server_config *c, const char *path, char *err, size_t errlen)
{
    if (load_file(server_keys, c, path, err, errlen) != 0)
        return -1;
    free(c->path);
    c->path = xstrdup(path);
    return server_finish(c, path, err, errlen);
}

int server_config_parse(struct server_config *c, const char *text, const char *basedir, char *err,
                        size_t errlen)
{
    if (run_parse(server_keys, c, text, NULL, basedir, "<string>", err, errlen) != 0)
        return -1;
    return server_finish(c, "<string>", err, errlen);
}

void server_config_free(struct server_config *c)
{
    free(c->listen_host);
    free(c->tls_cert);
    free(c->tls_key);
    free(c->tls_client_ca);
    free(c->db_dsn);
    free(c->db_admin_dsn);
    free(c->db_replica_dsn);
    free(c->data_key_file);
    free(c->metrics_listen);
    free(c->metrics_host);
    free(c->path);
    memset(c, 0, sizeof(*c));
}

static int key_differs(const struct key_def *k, const struct server_config *a,
                       const struct server_config *b)
{
    const char *fa = (const char *)a + k->offset, *fb = (const char *)b + k->offset;
    switch (k->type) {
    case K_STR:
    case K_PATH: {
        const char *sa = *(char *const *)fa, *sb = *(char *const *)fb;
        return (sa == NULL) != (sb == NULL) || (sa != NULL && strcmp(sa, sb) != 0);
    }
    case K_LISTEN:
        return a->listen_port != b->listen_port || strcmp(a->listen_host, b->listen_host) != 0;
    case K_LOGLEVEL:
        return a->log_level != b->log_level;
    default:
        return *(const uint64_t *)fa != *(const uint64_t *)fb;
    }
}

unsigned server_config_diff(const struct server_config *a, const struct server_config *b,
                            void (*changed)(const char *section, const char *name, void *arg),
                            void *arg)
{
    unsigned n = 0;
    for (const struct key_def *k = server_keys; k->section != NULL; k++)
        if (key_differs(k, a, b)) {
            changed(k->section, k->name, arg);
            n++;
        }
    return n;
}

int server_config_copy_key(struct server_config *dst, const struct server_config *src,
                           const char *section, const char *name)
{
    const struct key_def *k = server_keys;
    while (k->section != NULL && (strcmp(k->section, section) || strcmp(k->name, name)))
        k++;
    if (k->section == NULL)
        return -1;
    char *fd = (char *)dst + k->offset;
    const char *fs = (const char *)src + k->offset;
    switch (k->type) {
    case K_STR:
    case K_PATH: {
        char **d = (char **)fd;
        const char *s = *(char *const *)fs;
        free(*d);
        *d = s != NULL ? xstrdup(s) : NULL;
        break;
    }
    case K_LISTEN:
        free(dst->listen_host);
        dst->listen_host = xstrdup(src->listen_host);
        dst->listen_port = src->listen_port;
        break;
    case K_LOGLEVEL:
        dst->log_level = src->log_level;
        break;
    default:
        *(uint64_t *)fd = *(const uint64_t *)fs;
        break;
    }
    return 0;
}

void client_config_defaults(struct client_config *c)
{
    memset(c, 0, sizeof(*c));
    c->server = xstrdup("127.0.0.1:7443");
    c->timeout_ms = 30 * SEC;
}

int client_config_load(struct client_config *c, const char *path, char *err, size_t errlen)
{
    return load_file(client_keys, c, path, err, errlen);
}

int client_config_parse(struct client_config *c, const char *text, const char *basedir, char *err,
                        size_t errlen)
{
    return run_parse(client_keys, c, text, NULL, basedir, "<string>", err, errlen);
}

void client_config_free(struct client_config *c)
{
    free(c->server);
    free(c->ca);
    free(c->cert);
    free(c->key);
    free(c->session);
    free(c->outbox);
    memset(c, 0, sizeof(*c));
}
