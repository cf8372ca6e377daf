/* test_config.c -- server and client configuration parsing (common/config.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/config.h"

#define KIB    1024ull
#define MIB    (1024ull * 1024)
#define SEC_MS 1000ull
#define MIN_MS (60 * SEC_MS)

/* Parses text over the defaults into *c (which the caller frees) with basedir /etc/zhucun. */
static int parse(struct server_config *c, const char *text, char *err, size_t errlen)
{
    server_config_defaults(c);
    err[0] = '\0';
    return server_config_parse(c, text, "/etc/zhucun", err, errlen);
}

/* Parses text that must be refused; returns the message for the caller to inspect. */
static void expect_refused(const char *text, char *err, size_t errlen)
{
    struct server_config c;
    assert_int_equal(parse(&c, text, err, errlen), -1);
    assert_true(strlen(err) > 0);
    server_config_free(&c);
}

static void test_defaults(void **state)
{
    struct server_config c;
    server_config_defaults(&c);
    assert_int_equal(c.max_frame, 4 * MIB);
    assert_int_equal(c.handshake_timeout_ms, 10 * SEC_MS);
    assert_int_equal(c.session_idle_ms, 30 * MIN_MS);
    assert_int_equal(c.session_max_ms, 12 * 60 * MIN_MS);
    assert_int_equal(c.login_max_failures, 5);
    assert_int_equal(c.login_lock_ms, 15 * MIN_MS);
    assert_int_equal(c.argon2_memory_kib, 19456);
    assert_int_equal(c.argon2_iterations, 2);
    assert_int_equal(c.argon2_parallelism, 1);
    assert_int_equal(c.password_min_length, 10);
    assert_true(c.max_decoded >= c.max_frame);
    assert_non_null(c.listen_host);
    assert_null(c.tls_cert);
    assert_null(c.tls_client_ca);
    assert_non_null(c.db_dsn);
    server_config_free(&c);
}

/* An empty file is the defaults, with workers and admin_dsn resolved. */
static void test_empty_text_is_defaults(void **state)
{
    struct server_config c;
    char err[256];
    assert_int_equal(parse(&c, "", err, sizeof(err)), 0);
    assert_int_equal(c.max_frame, 4 * MIB);
    assert_int_equal(c.session_max_ms, 12 * 60 * MIN_MS);
    assert_string_equal(c.db_admin_dsn, c.db_dsn);
    server_config_free(&c);
}

static void test_parse_duration(void **state)
{
    static const struct {
        const char *text;
        uint64_t ms;
    } good[] = {
        {"500ms", 500},
        {"10s", 10000},
        {"30m", 30 * 60000},
        {"12h", 12 * 3600000},
        {"1d", 86400000},
        {"7", 7000},
        {"0", 0},
        {"10 s", 10000},
        {"250 ms", 250},
        {"365d", 365ull * 86400000},
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        uint64_t v = 12345;
        assert_int_equal(config_parse_duration_ms(good[i].text, &v), 0);
        assert_int_equal(v, good[i].ms);
    }
    static const char *const bad[] = {
        "",
        "s",
        "ms",
        "-1s",
        "+1s",
        " 10s",
        "10x",
        "10sec",
        "1.5s",
        "10 ms5",
        "1e3",
        "10S",
        "1w",
        "99999999999999999999",
        "18446744073709551615d",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint64_t v = 12345;
        assert_int_equal(config_parse_duration_ms(bad[i], &v), -1);
    }
}

static void test_parse_size(void **state)
{
    static const struct {
        const char *text;
        uint64_t bytes;
    } good[] = {
        {"4MiB", 4 * MIB}, {"64KiB", 64 * KIB},      {"123", 123},   {"0", 0},
        {"10B", 10},       {"2GiB", 2 * 1024 * MIB}, {"1 MiB", MIB},
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        uint64_t v = 12345;
        assert_int_equal(config_parse_size(good[i].text, &v), 0);
        assert_int_equal(v, good[i].bytes);
    }
    static const char *const bad[] = {
        "",
        "MiB",
        "-4MiB",
        "4MB",
        "4KB",
        "4 mb",
        "4.5MiB",
        "x4",
        "4MiBs",
        "99999999999999999999",
        "17179869184GiB",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint64_t v = 12345;
        assert_int_equal(config_parse_size(bad[i], &v), -1);
    }
}

/* Every key type through the file syntax. */
static void test_parse_every_type(void **state)
{
    const char *text = "[server]\n"
                       "listen = 0.0.0.0:9443\n"
                       "workers = 3\n"
                       "[tls]\n"
                       "cert = /srv/tls/server.crt\n"
                       "key = /srv/tls/server.key\n"
                       "[limits]\n"
                       "max_frame = 64KiB\n"
                       "max_decoded = 1MiB\n"
                       "max_inflight = 8\n"
                       "max_write_queue = 65536\n"
                       "handshake_timeout = 500ms\n"
                       "idle_timeout = 2m\n"
                       "shutdown_timeout = 3\n"
                       "[database]\n"
                       "dsn = host=db dbname=zc user=zhucun\n"
                       "pool_size = 9\n"
                       "reconnect_min = 50ms\n"
                       "reconnect_max = 1h\n"
                       "[auth]\n"
                       "session_idle = 1h\n"
                       "session_max = 1d\n"
                       "login_max_failures = 7\n"
                       "login_lock = 30m\n"
                       "password_min_length = 12\n"
                       "argon2_memory_kib = 65536\n"
                       "argon2_iterations = 3\n"
                       "[log]\n"
                       "level = debug\n";
    struct server_config c;
    char err[256];
    assert_int_equal(parse(&c, text, err, sizeof(err)), 0);
    assert_string_equal(c.listen_host, "0.0.0.0");
    assert_int_equal(c.listen_port, 9443);
    assert_int_equal(c.workers, 3);
    assert_string_equal(c.tls_cert, "/srv/tls/server.crt");
    assert_string_equal(c.tls_key, "/srv/tls/server.key");
    assert_null(c.tls_client_ca);
    assert_int_equal(c.max_frame, 64 * KIB);
    assert_int_equal(c.max_decoded, MIB);
    assert_int_equal(c.max_inflight, 8);
    assert_int_equal(c.max_write_queue, 65536);
    assert_int_equal(c.handshake_timeout_ms, 500);
    assert_int_equal(c.idle_timeout_ms, 2 * MIN_MS);
    assert_int_equal(c.shutdown_timeout_ms, 3 * SEC_MS);
    /* '=' inside a value is part of the value. */
    assert_string_equal(c.db_dsn, "host=db dbname=zc user=zhucun");
    assert_int_equal(c.db_pool_size, 9);
    assert_int_equal(c.db_reconnect_min_ms, 50);
    assert_int_equal(c.db_reconnect_max_ms, 60 * MIN_MS);
    assert_int_equal(c.session_idle_ms, 60 * MIN_MS);
    assert_int_equal(c.session_max_ms, 24 * 60 * MIN_MS);
    assert_int_equal(c.login_max_failures, 7);
    assert_int_equal(c.login_lock_ms, 30 * MIN_MS);
    assert_int_equal(c.password_min_length, 12);
    assert_int_equal(c.argon2_memory_kib, 65536);
    assert_int_equal(c.argon2_iterations, 3);
    assert_int_equal(c.log_level, LOG_DEBUG);
    /* Keys not in the text keep their defaults. */
    assert_int_equal(c.argon2_parallelism, 1);
    assert_int_equal(c.login_max_failures, 7);
    server_config_free(&c);
}

static void test_listen_ipv6(void **state)
{
    struct server_config c;
    char err[256];
    assert_int_equal(parse(&c, "[server]\nlisten = [::1]:7444\n", err, sizeof(err)), 0);
    assert_string_equal(c.listen_host, "::1");
    assert_int_equal(c.listen_port, 7444);
    server_config_free(&c);

    expect_refused("[server]\nlisten = 127.0.0.1\n", err, sizeof(err));
    assert_non_null(strstr(err, "listen"));
    expect_refused("[server]\nlisten = 127.0.0.1:70000\n", err, sizeof(err));
}

/* Relative paths are taken relative to the configuration's directory; absolute ones are kept;
 * an empty value clears an optional path. */
static void test_relative_paths(void **state)
{
    struct server_config c;
    char err[256];
    const char *text = "[tls]\n"
                       "cert = server.crt\n"
                       "key = /abs/server.key\n"
                       "client_ca = certs/ca.pem\n";
    assert_int_equal(parse(&c, text, err, sizeof(err)), 0);
    assert_string_equal(c.tls_cert, "/etc/zhucun/server.crt");
    assert_string_equal(c.tls_key, "/abs/server.key");
    assert_string_equal(c.tls_client_ca, "/etc/zhucun/certs/ca.pem");
    server_config_free(&c);

    assert_int_equal(parse(&c, "[tls]\nclient_ca = ca.pem\nclient_ca =\n", err, sizeof(err)), 0);
    assert_null(c.tls_client_ca);
    server_config_free(&c);

    /* A DSN is not a path. */
    assert_int_equal(parse(&c, "[database]\ndsn = dbname=x\n", err, sizeof(err)), 0);
    assert_string_equal(c.db_dsn, "dbname=x");
    server_config_free(&c);
}

/* An unknown key names its line and itself. */
static void test_unknown_key(void **state)
{
    char err[256];
    expect_refused("[server]\nlisten = 127.0.0.1:1\nbogus = 1\n", err, sizeof(err));
    assert_non_null(strstr(err, ":3:"));
    assert_non_null(strstr(err, "bogus"));

    expect_refused("# comment\n\n[nosuch]\nkey = 1\n", err, sizeof(err));
    assert_non_null(strstr(err, ":4:"));
    assert_non_null(strstr(err, "nosuch"));

    /* A real key in the wrong section is unknown there. */
    expect_refused("[server]\nmax_frame = 4MiB\n", err, sizeof(err));
    assert_non_null(strstr(err, ":2:"));
    assert_non_null(strstr(err, "max_frame"));
}

/* When a file has both a syntax error and an unknown key, the message is about the first
 * error and names that error's line, never another line's problem under the wrong number. */
static void test_first_error_named_correctly(void **state)
{
    char err[256];
    expect_refused("[server]\nnot a key value line\nbogus = 1\n", err, sizeof(err));
    assert_non_null(strstr(err, ":2:"));
    assert_non_null(strstr(err, "syntax"));
    assert_null(strstr(err, "bogus"));

    expect_refused("[server]\nbogus = 1\nnot a key value line\n", err, sizeof(err));
    assert_non_null(strstr(err, ":2:"));
    assert_non_null(strstr(err, "bogus"));

    expect_refused("[auth]\nlogin_lock = 1h\n\n[limits]\nmax_frame = 10\nnosuch = 1\n", err,
                   sizeof(err));
    assert_non_null(strstr(err, ":5:"));
    assert_non_null(strstr(err, "max_frame"));
}

static void test_out_of_range(void **state)
{
    char err[256];
    expect_refused("[limits]\nmax_frame = 10\n", err, sizeof(err));
    assert_non_null(strstr(err, ":2:"));
    assert_non_null(strstr(err, "max_frame"));
    assert_non_null(strstr(err, "range"));

    expect_refused("[limits]\nmax_frame = 512MiB\nmax_decoded = 2GiB\n", err, sizeof(err));
    assert_non_null(strstr(err, "max_frame"));
    expect_refused("[auth]\nargon2_memory_kib = 19455\n", err, sizeof(err));
    assert_non_null(strstr(err, "argon2_memory_kib"));
    expect_refused("[auth]\nargon2_iterations = 1\n", err, sizeof(err));
    expect_refused("[auth]\npassword_min_length = 9\n", err, sizeof(err));
    expect_refused("[auth]\nlogin_max_failures = 0\n", err, sizeof(err));
    expect_refused("[limits]\nhandshake_timeout = 99ms\n", err, sizeof(err));
    expect_refused("[server]\nworkers = 257\n", err, sizeof(err));

    /* The bounds themselves are allowed. */
    struct server_config c;
    assert_int_equal(
        parse(&c, "[limits]\nmax_frame = 1KiB\nhandshake_timeout = 100ms\n", err, sizeof(err)), 0);
    assert_int_equal(c.max_frame, KIB);
    assert_int_equal(c.handshake_timeout_ms, 100);
    server_config_free(&c);
}

static void test_bad_values(void **state)
{
    char err[256];
    expect_refused("[limits]\nhandshake_timeout = 10 parsecs\n", err, sizeof(err));
    assert_non_null(strstr(err, ":2:"));
    assert_non_null(strstr(err, "handshake_timeout"));
    expect_refused("[auth]\nsession_idle = soon\n", err, sizeof(err));
    expect_refused("[limits]\nmax_frame = 4MB\n", err, sizeof(err));
    expect_refused("[limits]\nmax_inflight = 8 requests\n", err, sizeof(err));
    expect_refused("[limits]\nmax_inflight = -1\n", err, sizeof(err));
    expect_refused("[log]\nlevel = verbose\n", err, sizeof(err));
    assert_non_null(strstr(err, "level"));
}

/* Cross-key checks run after the file is read. */
static void test_cross_checks(void **state)
{
    char err[256];
    expect_refused("[limits]\nmax_frame = 32MiB\n", err, sizeof(err));
    assert_non_null(strstr(err, "max_decoded"));
    expect_refused("[database]\nreconnect_min = 10s\nreconnect_max = 1s\n", err, sizeof(err));
    assert_non_null(strstr(err, "reconnect_max"));
}

static void test_workers_zero_is_cores(void **state)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    assert_true(cores > 0);
    struct server_config c;
    char err[256];
    assert_int_equal(parse(&c, "[server]\nworkers = 0\n", err, sizeof(err)), 0);
    assert_int_equal(c.workers, (uint64_t)cores);
    server_config_free(&c);

    assert_int_equal(parse(&c, "", err, sizeof(err)), 0);
    assert_int_equal(c.workers, (uint64_t)cores);
    server_config_free(&c);

    assert_int_equal(parse(&c, "[server]\nworkers = 5\n", err, sizeof(err)), 0);
    assert_int_equal(c.workers, 5);
    server_config_free(&c);
}

static void test_admin_dsn(void **state)
{
    struct server_config c;
    char err[256];
    assert_int_equal(parse(&c, "[database]\ndsn = host=db1 dbname=zc\n", err, sizeof(err)), 0);
    assert_string_equal(c.db_admin_dsn, "host=db1 dbname=zc");
    assert_ptr_not_equal(c.db_admin_dsn, c.db_dsn);
    server_config_free(&c);

    assert_int_equal(
        parse(&c, "[database]\nadmin_dsn = user=owner\ndsn = user=app\n", err, sizeof(err)), 0);
    assert_string_equal(c.db_dsn, "user=app");
    assert_string_equal(c.db_admin_dsn, "user=owner");
    server_config_free(&c);
}

/* The replica (docs/export.md, "A read replica"): none unless named, and "replica_dsn =" is
 * none too; its pool and its wait have their own bounds. */
static void test_replica(void **state)
{
    (void)state;
    struct server_config c;
    char err[256];
    assert_int_equal(parse(&c, "", err, sizeof(err)), 0);
    assert_null(c.db_replica_dsn);
    assert_int_equal(c.db_replica_pool_size, 2);
    assert_int_equal(c.db_replica_wait_ms, 5 * SEC_MS);
    server_config_free(&c);

    assert_int_equal(parse(&c, "[database]\nreplica_dsn =\n", err, sizeof(err)), 0);
    assert_null(c.db_replica_dsn);
    server_config_free(&c);

    assert_int_equal(
        parse(&c,
              "[database]\nreplica_dsn = host=db2 dbname=zc\nreplica_pool_size = 1000\n"
              "replica_wait = 0\n",
              err, sizeof(err)),
        0);
    assert_string_equal(c.db_replica_dsn, "host=db2 dbname=zc");
    assert_int_equal(c.db_replica_pool_size, 1000);
    assert_int_equal(c.db_replica_wait_ms, 0);
    server_config_free(&c);
    assert_int_equal(parse(&c, "[database]\nreplica_wait = 10m\n", err, sizeof(err)), 0);
    assert_int_equal(c.db_replica_wait_ms, 10 * MIN_MS);
    server_config_free(&c);

    expect_refused("[database]\nreplica_pool_size = 0\n", err, sizeof(err));
    assert_non_null(strstr(err, "replica_pool_size"));
    expect_refused("[database]\nreplica_pool_size = 1001\n", err, sizeof(err));
    expect_refused("[database]\nreplica_wait = 601s\n", err, sizeof(err));
    assert_non_null(strstr(err, "replica_wait"));
}

static void test_client_config(void **state)
{
    struct client_config c;
    char err[256];
    client_config_defaults(&c);
    assert_non_null(c.server);
    assert_int_equal(c.timeout_ms, 30 * SEC_MS);
    assert_null(c.ca);
    client_config_free(&c);

    client_config_defaults(&c);
    const char *text = "[client]\n"
                       "server = zhucun.example.org:7443\n"
                       "ca = ca.pem\n"
                       "cert = /home/u/.zhucun/me.crt\n"
                       "key = me.key\n"
                       "session = session\n"
                       "outbox = state/outbox.sqlite\n"
                       "timeout = 5s\n";
    assert_int_equal(client_config_parse(&c, text, "/home/u/.config/zhucun", err, sizeof(err)), 0);
    assert_string_equal(c.server, "zhucun.example.org:7443");
    assert_string_equal(c.ca, "/home/u/.config/zhucun/ca.pem");
    assert_string_equal(c.cert, "/home/u/.zhucun/me.crt");
    assert_string_equal(c.key, "/home/u/.config/zhucun/me.key");
    assert_string_equal(c.session, "/home/u/.config/zhucun/session");
    assert_string_equal(c.outbox, "/home/u/.config/zhucun/state/outbox.sqlite");
    assert_int_equal(c.timeout_ms, 5 * SEC_MS);
    client_config_free(&c);

    client_config_defaults(&c);
    assert_int_equal(client_config_parse(&c, "[client]\nretries = 3\n", "/x", err, sizeof(err)),
                     -1);
    assert_non_null(strstr(err, ":2:"));
    assert_non_null(strstr(err, "retries"));
    client_config_free(&c);

    /* Server keys are not client keys. */
    client_config_defaults(&c);
    assert_int_equal(
        client_config_parse(&c, "[server]\nlisten = 1.2.3.4:5\n", "/x", err, sizeof(err)), -1);
    client_config_free(&c);

    client_config_defaults(&c);
    assert_int_equal(client_config_parse(&c, "[client]\ntimeout = 1\n", "/x", err, sizeof(err)), 0);
    assert_int_equal(c.timeout_ms, SEC_MS);
    assert_int_equal(client_config_parse(&c, "[client]\ntimeout = 50ms\n", "/x", err, sizeof(err)),
                     -1);
    client_config_free(&c);
}

static void test_hostport(void **state)
{
    static const struct {
        const char *text;
        const char *host;
        int port;
    } good[] = {
        {"127.0.0.1:7443", "127.0.0.1", 7443},
        {"localhost:1", "localhost", 1},
        {"h:65535", "h", 65535},
        {"[::1]:7443", "::1", 7443},
        {"[fe80::1%eth0]:80", "fe80::1%eth0", 80},
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        char *host = NULL;
        int port = 0;
        assert_int_equal(config_parse_hostport(good[i].text, &host, &port), 0);
        assert_non_null(host);
        assert_string_equal(host, good[i].host);
        assert_int_equal(port, good[i].port);
        free(host);
    }
    static const char *const bad[] = {
        "localhost", "localhost:", "h:0",   "h:65536",   "h:99999999999999999999",
        ":7443",     "[]:7443",    "[::1]", "[::1]7443", "[::1:7443",
        "h:-1",      "h:+1",       "h: 1",  "h:12x",     "",
        "[::1]:",    "h:0x10",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *host = NULL;
        int port = -7;
        assert_int_equal(config_parse_hostport(bad[i], &host, &port), -1);
        assert_null(host);
        assert_int_equal(port, -7);
    }
}

/* A scratch directory for the file tests, removed afterwards. */
struct tmpdir {
    char path[64];
};

static int tmpdir_setup(void **state)
{
    struct tmpdir *t = malloc(sizeof(*t));
    if (t == NULL)
        return -1;
    snprintf(t->path, sizeof(t->path), "/tmp/zhucun-config-XXXXXX");
    if (mkdtemp(t->path) == NULL) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove(path);
}

static int tmpdir_teardown(void **state)
{
    struct tmpdir *t = *state;
    int rc = nftw(t->path, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    free(t);
    return rc;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* A real file: relative paths resolve against its directory, whether the file is named by an
 * absolute path, by a path relative to the working directory, or by its bare name. */
static void test_load_file_resolves_paths(void **state)
{
    struct tmpdir *t = *state;
    char sub[128], path[160], want[4200], cwd[4096], old_cwd[4096];
    snprintf(sub, sizeof(sub), "%s/etc", t->path);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(path, sizeof(path), "%s/server.conf", sub);
    write_file(path, "[tls]\n"
                     "cert = certs/server.crt\n"
                     "key = /abs/server.key\n"
                     "[limits]\n"
                     "max_frame = 1MiB\n");

    struct server_config c;
    char err[512];
    server_config_defaults(&c);
    assert_int_equal(server_config_load(&c, path, err, sizeof(err)), 0);
    snprintf(want, sizeof(want), "%s/certs/server.crt", sub);
    assert_string_equal(c.tls_cert, want);
    assert_string_equal(c.tls_key, "/abs/server.key");
    assert_int_equal(c.max_frame, MIB);
    assert_true(c.workers > 0);
    server_config_free(&c);

    /* Named relative to the working directory. */
    assert_non_null(getcwd(old_cwd, sizeof(old_cwd)));
    assert_int_equal(chdir(t->path), 0);
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    server_config_defaults(&c);
    int rc = server_config_load(&c, "etc/server.conf", err, sizeof(err));
    snprintf(want, sizeof(want), "%s/etc/certs/server.crt", cwd);
    int same = rc == 0 && c.tls_cert != NULL && strcmp(c.tls_cert, want) == 0;
    server_config_free(&c);

    /* By its bare name. */
    assert_int_equal(chdir("etc"), 0);
    server_config_defaults(&c);
    int rc2 = server_config_load(&c, "server.conf", err, sizeof(err));
    snprintf(want, sizeof(want), "%s/etc/certs/server.crt", cwd);
    int same2 = rc2 == 0 && c.tls_cert != NULL && strcmp(c.tls_cert, want) == 0;
    server_config_free(&c);
    assert_int_equal(chdir(old_cwd), 0);
    assert_int_equal(rc, 0);
    assert_true(same);
    assert_int_equal(rc2, 0);
    assert_true(same2);

    /* The client side too. */
    snprintf(path, sizeof(path), "%s/client.conf", t->path);
    write_file(path, "[client]\nca = ca.pem\n");
    struct client_config cc;
    client_config_defaults(&cc);
    assert_int_equal(client_config_load(&cc, path, err, sizeof(err)), 0);
    snprintf(want, sizeof(want), "%s/ca.pem", t->path);
    assert_string_equal(cc.ca, want);
    client_config_free(&cc);
}

static void test_load_file_errors(void **state)
{
    struct tmpdir *t = *state;
    char path[160];
    char err[512];
    struct server_config c;

    snprintf(path, sizeof(path), "%s/missing.conf", t->path);
    server_config_defaults(&c);
    assert_int_equal(server_config_load(&c, path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "No such file"));
    server_config_free(&c);

    struct client_config cc;
    client_config_defaults(&cc);
    assert_int_equal(client_config_load(&cc, path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, path));
    client_config_free(&cc);

    /* An error inside a file names the file and the line. */
    snprintf(path, sizeof(path), "%s/bad.conf", t->path);
    write_file(path, "[server]\nworkers = 2\n[limits]\nmax_frame = 10\n");
    server_config_defaults(&c);
    assert_int_equal(server_config_load(&c, path, err, sizeof(err)), -1);
    char want[200];
    snprintf(want, sizeof(want), "%s:4:", path);
    assert_non_null(strstr(err, want));
    assert_non_null(strstr(err, "max_frame"));
    server_config_free(&c);
}

/* [metrics] (docs/metrics.md): off by default, HOST:PORT on loopback, anything else only with
 * allow_remote. */
static void test_metrics_listen(void **state)
{
    (void)state;
    struct server_config c;
    char err[512];
    assert_int_equal(parse(&c, "", err, sizeof(err)), 0);
    assert_null(c.metrics_host);
    server_config_free(&c);
    assert_int_equal(parse(&c, "[metrics]\nlisten =\n", err, sizeof(err)), 0);
    assert_null(c.metrics_host);
    server_config_free(&c);
    const char *loopback[] = {"127.0.0.1:9464", "127.8.9.10:1", "[::1]:9464", "localhost:9464"};
    for (size_t i = 0; i < sizeof(loopback) / sizeof(loopback[0]); i++) {
        char text[128];
        snprintf(text, sizeof(text), "[metrics]\nlisten = %s\n", loopback[i]);
        assert_int_equal(parse(&c, text, err, sizeof(err)), 0);
        assert_non_null(c.metrics_host);
        assert_true(c.metrics_port > 0);
        server_config_free(&c);
    }
    expect_refused("[metrics]\nlisten = 0.0.0.0:9464\n", err, sizeof(err));
    assert_non_null(strstr(err, "[metrics] listen: 0.0.0.0 is not a loopback address"));
    assert_non_null(strstr(err, "allow_remote = yes"));
    expect_refused("[metrics]\nlisten = 10.1.2.3:9464\nallow_remote = no\n", err, sizeof(err));
    expect_refused("[metrics]\nlisten = [::]:9464\n", err, sizeof(err));
    expect_refused("[metrics]\nlisten = 9464\n", err, sizeof(err));
    assert_non_null(strstr(err, "expected HOST:PORT"));
    expect_refused("[metrics]\nlisten = 127.0.0.1:70000\n", err, sizeof(err));
    expect_refused("[metrics]\nallow_remote = maybe\n", err, sizeof(err));
    assert_string_equal(err,
                        "<string>:2: [metrics] allow_remote: expected yes or no, got \"maybe\"");
    assert_int_equal(
        parse(&c, "[metrics]\nlisten = 0.0.0.0:9464\nallow_remote = yes\n", err, sizeof(err)), 0);
    assert_string_equal(c.metrics_host, "0.0.0.0");
    assert_int_equal(c.metrics_port, 9464);
    assert_int_equal(c.metrics_allow_remote, 1);
    server_config_free(&c);
}

static void count_changed(const char *section, const char *name, void *arg)
{
    char *seen = arg;
    size_t n = strlen(seen);
    snprintf(seen + n, 512 - n, "%s.%s ", section, name);
}

/* SIGHUP's comparison (server_config_diff) and its keeping of a running value (copy_key). */
static void test_diff_and_copy_key(void **state)
{
    (void)state;
    struct server_config a, b;
    char err[256], seen[512] = "";
    assert_int_equal(parse(&a, "[limits]\nmax_frame = 1MiB\n", err, sizeof(err)), 0);
    assert_int_equal(parse(&b,
                           "[server]\nlisten = 127.0.0.1:9\n[limits]\nmax_frame = 64KiB\n"
                           "[tls]\ncert = a.crt\n[log]\nlevel = warn\n",
                           err, sizeof(err)),
                     0);
    assert_int_equal(server_config_diff(&a, &b, count_changed, seen), 4);
    assert_string_equal(seen, "server.listen tls.cert limits.max_frame log.level ");
    assert_int_equal(server_config_copy_key(&b, &a, "server", "listen"), 0);
    assert_int_equal(server_config_copy_key(&b, &a, "tls", "cert"), 0);
    assert_int_equal(server_config_copy_key(&b, &a, "limits", "max_frame"), 0);
    assert_int_equal(server_config_copy_key(&b, &a, "log", "level"), 0);
    assert_int_equal(server_config_copy_key(&b, &a, "limits", "no_such_key"), -1);
    seen[0] = '\0';
    assert_int_equal(server_config_diff(&a, &b, count_changed, seen), 0);
    assert_null(b.tls_cert);
    assert_int_equal(b.max_frame, 1 * MIB);
    server_config_free(&a);
    server_config_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_empty_text_is_defaults),
        cmocka_unit_test(test_parse_duration),
        cmocka_unit_test(test_parse_size),
        cmocka_unit_test(test_parse_every_type),
        cmocka_unit_test(test_listen_ipv6),
        cmocka_unit_test(test_relative_paths),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_first_error_named_correctly),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_cross_checks),
        cmocka_unit_test(test_workers_zero_is_cores),
        cmocka_unit_test(test_admin_dsn),
        cmocka_unit_test(test_client_config),
        cmocka_unit_test(test_replica),
        cmocka_unit_test(test_hostport),
        cmocka_unit_test_setup_teardown(test_load_file_resolves_paths, tmpdir_setup,
                                        tmpdir_teardown),
        cmocka_unit_test_setup_teardown(test_load_file_errors, tmpdir_setup, tmpdir_teardown),
        cmocka_unit_test(test_metrics_listen),
        cmocka_unit_test(test_diff_and_copy_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
