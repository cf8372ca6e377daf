/* test_reload.c -- SIGHUP (docs/metrics.md, "Reload"): a lower max_frame refuses a larger frame
 * on connections made afterwards while one made before keeps working; a new certificate is
 * what new handshakes see while an old connection goes on; a key that cannot change live is
 * named in a warning and keeps its value; a file that does not parse changes nothing; the log
 * level follows the file. */
#include "harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "common/frame.h"
#include "server/metrics_status.h"

/* How many lines of the server's log hold text. */
static int log_count(const struct zt_server *s, const char *text)
{
    return zt_log_lines(s->log, text, NULL, NULL);
}

/* The configuration the harness wrote, before the first reload. */
static char original[8192];

static void remember_config(const struct zt_server *s)
{
    FILE *f = fopen(s->config, "r");
    assert_non_null(f);
    size_t n = fread(original, 1, sizeof(original) - 1, f);
    original[n] = '\0';
    fclose(f);
}

/* Writes the server's configuration as the harness did plus ini (later keys win), sends SIGHUP
 * and waits until the log has more lines holding done than before (each worker logs
 * "worker.reloaded" for a reload it takes up). */
static void reload(struct zt_server *s, const char *ini, const char *done, int more)
{
    int before = log_count(s, done);
    FILE *f = fopen(s->config, "w");
    assert_non_null(f);
    fprintf(f, "%s\n%s\n", original, ini);
    fclose(f);
    kill(s->pid, SIGHUP);
    long long deadline = zt_now_ms() + 10000;
    while (log_count(s, done) < before + more) {
        if (zt_now_ms() > deadline)
            fail_msg("no %d more \"%s\" in %s after SIGHUP", more, done, s->log);
        zt_sleep_ms(50);
    }
}

/* A TLS connection of our own to the server (no verification: the tests look at what the
 * server presents); NULL when the handshake fails. TLS 1.2 without tickets, so that nothing
 * arrives after the handshake but answers (a TLS 1.3 server sends its session tickets then,
 * which frame_answer would take for an answer). */
static SSL *tls_open(const struct zt_server *s, SSL_CTX **ctx)
{
    *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_max_proto_version(*ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(*ctx, SSL_OP_NO_TICKET);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)s->port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    SSL *ssl = SSL_new(*ctx);
    SSL_set_fd(ssl, fd);
    if (SSL_connect(ssl) != 1) {
        close(fd);
        SSL_free(ssl);
        return NULL;
    }
    return ssl;
}

static void tls_close(SSL *ssl, SSL_CTX *ctx)
{
    int fd = SSL_get_fd(ssl);
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
}

/* The serial number of the certificate the server presents to a new connection. */
static long server_serial(const struct zt_server *s)
{
    SSL_CTX *ctx;
    SSL *ssl = tls_open(s, &ctx);
    assert_non_null(ssl);
    X509 *cert = SSL_get1_peer_certificate(ssl);
    assert_non_null(cert);
    long serial = ASN1_INTEGER_get(X509_get_serialNumber(cert));
    X509_free(cert);
    tls_close(ssl, ctx);
    return serial;
}

/* Sends one frame of len zero bytes (no valid Request: a frame within max_frame is answered
 * INVALID_ARGUMENT) on ssl and returns the code of the reply, or -1 when none came. The length
 * goes first, alone: a frame over the limit is answered from it at once, and its bytes are
 * not sent into a connection the server is closing (they would reset it before the answer
 * is read). */
static int frame_answer(SSL *ssl, size_t len)
{
    uint8_t head[FRAME_HEADER] = {(uint8_t)(len >> 24), (uint8_t)(len >> 16), (uint8_t)(len >> 8),
                                  (uint8_t)len};
    SSL_write(ssl, head, FRAME_HEADER);
    struct pollfd pfd = {SSL_get_fd(ssl), POLLIN, 0};
    if (SSL_pending(ssl) == 0 && poll(&pfd, 1, 500) == 0) {
        uint8_t *buf = calloc(1, len);
        SSL_write(ssl, buf, (int)len);
        free(buf);
    }
    int got = 0;
    while (got < FRAME_HEADER) {
        int n = SSL_read(ssl, head + got, FRAME_HEADER - got);
        if (n <= 0)
            return -1;
        got += n;
    }
    size_t rlen = (size_t)head[0] << 24 | (size_t)head[1] << 16 | (size_t)head[2] << 8 | head[3];
    uint8_t *body = malloc(rlen ? rlen : 1);
    size_t off = 0;
    while (off < rlen) {
        int n = SSL_read(ssl, body + off, (int)(rlen - off));
        if (n <= 0) {
            free(body);
            return -1;
        }
        off += (size_t)n;
    }
    Zhucun__Reply *reply = zhucun__reply__unpack(NULL, rlen, body);
    free(body);
    int code = reply != NULL && reply->status != NULL ? (int)reply->status->code : -1;
    zhucun__reply__free_unpacked(reply, NULL);
    return code;
}

/* What a fresh connection's 100 KiB frame gets. */
static int big_frame_on_new_connection(const struct zt_server *s)
{
    SSL_CTX *ctx;
    SSL *ssl = tls_open(s, &ctx);
    assert_non_null(ssl);
    int code = frame_answer(ssl, 100 * 1024);
    tls_close(ssl, ctx);
    return code;
}

/* The value of series in a scrape of the metrics listener on port (0 when it has none). */
static double scraped(int port, const char *series)
{
    char err[300], *body = NULL;
    long code = 0;
    if (metrics_http_get("127.0.0.1", port, "/metrics", 5000, &body, &code, err, sizeof(err)) != 0)
        fail_msg("scrape: %s", err);
    assert_int_equal(code, 200);
    double v = 0;
    size_t n = strlen(series);
    for (const char *line = body; line != NULL && *line != '\0';) {
        if (strncmp(line, series, n) == 0 && line[n] == ' ')
            v = strtod(line + n + 1, NULL);
        line = strchr(line, '\n');
        if (line != NULL)
            line++;
    }
    free(body);
    return v;
}

static void test_lower_max_frame(void **state)
{
    (void)state;
    struct zt_server srv;
    int mport = zt_free_port();
    char ini[96];
    snprintf(ini, sizeof(ini), "[metrics]\nlisten = 127.0.0.1:%d", mport);
    zt_server_start(&srv, "reload_frame", ini);
    remember_config(&srv);
    assert_int_equal(big_frame_on_new_connection(&srv), ZHUCUN__CODE__INVALID_ARGUMENT);
    struct zc_client *before = zt_connect(&srv, NULL);
    SSL_CTX *raw_ctx;
    SSL *raw_before = tls_open(&srv, &raw_ctx);
    assert_non_null(raw_before);

    reload(&srv, "[limits]\nmax_frame = 64KiB", "event=worker.reloaded", 2);
    assert_int_equal(log_count(&srv, "event=config.changed key=limits.max_frame"), 1);
    assert_int_equal(big_frame_on_new_connection(&srv), ZHUCUN__CODE__RESOURCE_EXHAUSTED);
    /* The connections made before keep working, under the limit they began with. */
    assert_int_equal(zt_ping(before), ZHUCUN__CODE__OK);
    assert_int_equal(frame_answer(raw_before, 100 * 1024), ZHUCUN__CODE__INVALID_ARGUMENT);
    tls_close(raw_before, raw_ctx);
    zc_close(before);
    /* The two frames that decoded to no call count under "unknown"; the one refused by its
     * length never became a request. */
    assert_true(
        scraped(mport, "zhucun_requests_total{call=\"unknown\",status=\"INVALID_ARGUMENT\"}") == 2);
    struct zc_client *after = zt_connect(&srv, NULL);
    assert_int_equal(zt_ping(after), ZHUCUN__CODE__OK);
    zc_close(after);
    zt_server_finish(&srv);
}

static void test_new_certificate(void **state)
{
    (void)state;
    struct zt_server srv;
    zt_server_start(&srv, "reload_cert", NULL);
    remember_config(&srv);
    assert_int_equal(
        zt_useradd(&srv, "certy", "correct horse battery", "province_office", "140000000000", 0),
        0);
    /* A second server certificate from the same CA (and key), with a serial of its own. */
    const char *certs = getenv("ZC_TEST_CERTS");
    char cmd[2400], out[4096];
    snprintf(cmd, sizeof(cmd),
             "set -e; cd %s; printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n"
             "extendedKeyUsage=serverAuth\\n' >ext.cnf;"
             " openssl req -new -key %s/server.key -subj /CN=localhost -out new.csr 2>&1;"
             " openssl x509 -req -in new.csr -CA %s/ca.crt -CAkey %s/ca.key -set_serial 0x5e71a1"
             " -days 30 -sha256 -extfile ext.cnf -out new.crt 2>&1",
             srv.dir, certs, certs, certs);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    long first = server_serial(&srv);
    assert_true(first != 0x5e71a1);
    char token[65];
    struct zc_client *old = zt_login(&srv, "certy", "correct horse battery", token);

    char ini[700];
    snprintf(ini, sizeof(ini), "[tls]\ncert = %s/new.crt", srv.dir);
    reload(&srv, ini, "event=worker.reloaded", 2);
    assert_int_equal(server_serial(&srv), 0x5e71a1);
    assert_int_equal(zt_whoami(old), ZHUCUN__CODE__OK); /* the old connection goes on */
    zc_close(old);
    /* and the new certificate verifies against the CA the clients trust */
    struct zc_client *fresh = zt_login(&srv, "certy", "correct horse battery", NULL);
    assert_int_equal(zt_whoami(fresh), ZHUCUN__CODE__OK);
    zc_close(fresh);
    zt_server_finish(&srv);
}

static void test_refused_and_restart_needed(void **state)
{
    (void)state;
    struct zt_server srv;
    int mport = zt_free_port();
    char mini[96];
    snprintf(mini, sizeof(mini), "[metrics]\nlisten = 127.0.0.1:%d", mport);
    zt_server_start(&srv, "reload_refused", mini);
    remember_config(&srv);
    struct zc_client *c = zt_connect(&srv, NULL);

    /* A file that does not parse: the error names its line, nothing changes. */
    reload(&srv, "[limits]\nmax_frame = 64KiB\nmax_inflight = lots", "event=config.reload_refused",
           1);
    assert_int_equal(log_count(&srv, "max_inflight: expected a whole number"), 1);
    assert_int_equal(log_count(&srv, "event=worker.reloaded"), 0);
    assert_int_equal(big_frame_on_new_connection(&srv), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(zt_ping(c), ZHUCUN__CODE__OK);

    /* A certificate that does not load refuses the reload as a whole too. */
    reload(&srv, "[limits]\nmax_inflight = 8\n[tls]\ncert = /nonexistent/server.crt",
           "event=config.reload_refused", 1);
    assert_int_equal(log_count(&srv, "event=worker.reloaded"), 0);
    assert_true(scraped(mport, "zhucun_config_reloads_total{result=\"refused\"}") == 2);
    assert_true(scraped(mport, "zhucun_config_reloads_total{result=\"ok\"}") == 0);

    /* Keys read only at start: named, kept; the live ones around them are taken. */
    reload(&srv, "[database]\npool_size = 3\n[server]\nworkers = 3\n[limits]\nmax_inflight = 8",
           "event=worker.reloaded", 2);
    assert_int_equal(log_count(&srv, "event=config.restart_needed key=database.pool_size"), 1);
    assert_int_equal(log_count(&srv, "event=config.restart_needed key=server.workers"), 1);
    assert_int_equal(log_count(&srv, "event=config.changed key=limits.max_inflight"), 1);
    assert_int_equal(log_count(&srv, "event=worker.reloaded worker=2"), 0); /* still 2 workers */
    assert_int_equal(zt_ping(c), ZHUCUN__CODE__OK);

    /* The log level: at warn, a request's info line is no longer written. */
    reload(&srv, "[log]\nlevel = warn", "event=config.reloaded", 1);
    zt_sleep_ms(200); /* the workers take the level up with the reload; their buffers flush */
    int requests = log_count(&srv, "event=request ");
    for (int i = 0; i < 5; i++)
        assert_int_equal(zt_ping(c), ZHUCUN__CODE__OK);
    zt_sleep_ms(200);
    assert_int_equal(log_count(&srv, "event=request "), requests);
    reload(&srv, "[log]\nlevel = info", "event=worker.reloaded", 2);
    assert_int_equal(zt_ping(c), ZHUCUN__CODE__OK);
    zt_sleep_ms(200);
    assert_true(log_count(&srv, "event=request ") > requests);
    assert_true(scraped(mport, "zhucun_config_reloads_total{result=\"ok\"}") == 3);
    zc_close(c);
    zt_server_finish(&srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lower_max_frame),
        cmocka_unit_test(test_new_certificate),
        cmocka_unit_test(test_refused_and_restart_needed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
