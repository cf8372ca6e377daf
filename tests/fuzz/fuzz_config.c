/* fuzz_config.c -- libFuzzer target: the configuration parser (common/config.c),
 * server_config_parse and client_config_parse over inih, and the value parsers they use.
 *
 * The input's first byte picks the parser (low bit: client); the rest, cut at its first NUL,
 * is the file. What must hold: a refusal says why; a configuration that loads keeps every
 * limit config.c promises (the ranges of its key table and the cross-checks of
 * server_finish), and relative paths come out under the file's directory. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/config.h"

#define BASEDIR "/etc/zhucun"

#define check(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A path key is NULL (left empty), absolute as written, or made absolute under BASEDIR. */
static void check_path(const char *p)
{
    check(p == NULL || p[0] == '/');
}

static void fuzz_server(const char *text)
{
    struct server_config c;
    char err[512] = "";
    server_config_defaults(&c);
    if (server_config_parse(&c, text, BASEDIR, err, sizeof(err)) != 0) {
        check(err[0] != '\0');
        server_config_free(&c);
        return;
    }
    check(c.listen_host != NULL && c.listen_host[0] != '\0');
    check(c.listen_port >= 1 && c.listen_port <= 65535);
    check(c.workers >= 1);
    check(c.max_frame >= 1024 && c.max_frame <= c.max_decoded);
    check(c.max_inflight >= 1 && c.max_connections >= 1);
    check(c.db_pool_size >= 1 && c.db_pool_size <= 1000);
    check(c.db_reconnect_min_ms <= c.db_reconnect_max_ms);
    check(c.login_delay_ms <= c.login_delay_max_ms);
    check(c.password_min_length >= 10 && c.password_min_length <= 128);
    check(c.argon2_memory_kib >= 19456 && c.argon2_parallelism >= 1);
    check(c.hash_concurrency >= 1);
    check(c.db_dsn != NULL && c.db_admin_dsn != NULL); /* libpq is never handed NULL */
    check_path(c.tls_cert);
    check_path(c.tls_key);
    check_path(c.tls_client_ca);
    server_config_free(&c);
}

static void fuzz_client(const char *text)
{
    struct client_config c;
    char err[512] = "";
    client_config_defaults(&c);
    if (client_config_parse(&c, text, BASEDIR, err, sizeof(err)) != 0) {
        check(err[0] != '\0');
    } else {
        check_path(c.ca);
        check_path(c.cert);
        check_path(c.key);
        check_path(c.session);
        check_path(c.outbox);
    }
    client_config_free(&c);
}

/* The value parsers on the whole text, as one value. */
static void fuzz_values(const char *text)
{
    uint64_t v;
    char *host = NULL;
    int port = 0;
    (void)config_parse_duration_ms(text, &v);
    (void)config_parse_size(text, &v);
    if (config_parse_hostport(text, &host, &port) == 0) {
        check(host != NULL && host[0] != '\0' && strlen(host) < strlen(text));
        check(port >= 1 && port <= 65535);
        free(host);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    char *text = malloc(size);
    check(text != NULL);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    if (data[0] & 1)
        fuzz_client(text);
    else
        fuzz_server(text);
    fuzz_values(text);
    free(text);
    return 0;
}
