/* test_metrics.c -- the metrics listener ([metrics] listen; docs/metrics.md): a scrape counts
 * the calls made, the paths and methods it does not serve are refused, and readiness fails
 * while the database is away and while the server drains. Stops the test cluster once, so it
 * runs alone (RUN_SERIAL). */
#include "harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "server/metrics_status.h"

static int metrics_port;

static void start(struct zt_server *s, const char *name)
{
    metrics_port = zt_free_port();
    char ini[128];
    snprintf(ini, sizeof(ini), "[metrics]\nlisten = 127.0.0.1:%d\n", metrics_port);
    zt_server_start(s, name, ini);
}

/* GET path: the HTTP status, the body into a fresh *body (NULL: freed). */
static long get(const char *path, char **body)
{
    char err[300], *text = NULL;
    long code = 0;
    if (metrics_http_get("127.0.0.1", metrics_port, path, 5000, &text, &code, err, sizeof(err)) !=
        0)
        fail_msg("GET %s: %s", path, err);
    if (body != NULL)
        *body = text;
    else
        free(text);
    return code;
}

/* Polls GET path until it answers code (within ms); fails the test otherwise. */
static void wait_for(const char *path, long code, int ms, const char *body_has)
{
    long long deadline = zt_now_ms() + ms;
    long got = 0;
    char *body = NULL;
    while (zt_now_ms() < deadline) {
        free(body);
        got = get(path, &body);
        if (got == code && (body_has == NULL || strstr(body, body_has) != NULL)) {
            free(body);
            return;
        }
        zt_sleep_ms(100);
    }
    fail_msg("GET %s: %ld (%s) after %d ms, wanted %ld", path, got, body ? body : "", ms, code);
}

/* A server with the listener on and an account user (password "correct horse battery"),
 * once it is ready. */
static void start_ready(struct zt_server *s, const char *name, const char *user)
{
    start(s, name);
    assert_int_equal(
        zt_useradd(s, user, "correct horse battery", "province_office", "140000000000", 0), 0);
    wait_for("/readyz", 200, 10000, "ready");
}

/* The value of the sample whose line starts with series ("name{labels}" or "name"); 0 when the
 * scrape has none (a call never made has no series). */
static double sample(const char *scrape, const char *series)
{
    size_t n = strlen(series);
    for (const char *line = scrape; line != NULL && *line != '\0';) {
        if (strncmp(line, series, n) == 0 && line[n] == ' ')
            return strtod(line + n + 1, NULL);
        line = strchr(line, '\n');
        if (line != NULL)
            line++;
    }
    return 0;
}

static double scrape_value(const char *series)
{
    char *body = NULL;
    assert_int_equal(get("/metrics", &body), 200);
    double v = sample(body, series);
    free(body);
    return v;
}

static void test_scrape_counts_calls(void **state)
{
    (void)state;
    struct zt_server srv;
    start_ready(&srv, "metrics", "counted");
    const char *ping = "zhucun_requests_total{call=\"Ping\",status=\"OK\"}";
    const char *who = "zhucun_requests_total{call=\"WhoAmI\",status=\"UNAUTHENTICATED\"}";
    double pings = scrape_value(ping), whos = scrape_value(who);
    struct zc_client *c = zt_connect(&srv, NULL);
    for (int i = 0; i < 7; i++)
        assert_int_equal(zt_ping(c), ZHUCUN__CODE__OK);
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__UNAUTHENTICATED);

    char *body = NULL;
    assert_int_equal(get("/metrics", &body), 200);
    assert_true(sample(body, ping) == pings + 7);
    assert_true(sample(body, who) == whos + 1);
    assert_true(sample(body, "zhucun_request_duration_seconds_count{call=\"Ping\"}") >= 7);
    assert_true(sample(body, "zhucun_request_duration_seconds_bucket{call=\"Ping\",le=\"+Inf\"}") >=
                7);
    assert_true(sample(body, "zhucun_connections") >= 1);
    assert_true(sample(body, "zhucun_connections_total") >= 1);
    assert_true(sample(body, "zhucun_tls_handshakes_total{result=\"ok\"}") >= 1);
    assert_true(sample(body, "zhucun_workers") == 2);
    assert_true(sample(body, "zhucun_ready") == 1);
    assert_true(sample(body, "zhucun_db_connections_live") >= 2);
    double waits = sample(body, "zhucun_db_pool_wait_seconds_count");
    free(body);
    /* A login's queries wait for the pool (or not: a wait of 0 is counted too). */
    zc_close(zt_login(&srv, "counted", "correct horse battery", NULL));
    assert_int_equal(get("/metrics", &body), 200);
    assert_true(sample(body, "zhucun_db_pool_wait_seconds_count") >= waits + 1);
    assert_true(sample(body, "zhucun_requests_total{call=\"Login\",status=\"OK\"}") == 1);
    assert_non_null(strstr(body, "# TYPE zhucun_request_duration_seconds histogram\n"));
    assert_non_null(strstr(body, "# TYPE zhucun_requests_total counter\n"));
    assert_non_null(strstr(body, "zhucun_build_info{version=\""));
    free(body);
    zc_close(c);

    /* What zhucun-server status prints from the same endpoint. */
    char cmd[800], out[8192];
    snprintf(cmd, sizeof(cmd), "%s status --config %s", ZT_SERVER_BIN, srv.config);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_non_null(strstr(out, ": ready\n"));
    assert_non_null(strstr(out, "\nPing "));
    zt_server_finish(&srv);
    /* and nothing answering is said so, with a status of its own */
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), STATUS_NO_ANSWER);
}

/* One raw HTTP exchange: what the request text gets as the status line's code. */
static int raw_status(const char *request)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)metrics_port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    size_t len = strlen(request), off = 0;
    while (off < len) {
        ssize_t n = write(fd, request + off, len - off);
        if (n <= 0)
            break; /* the server may answer and close before reading it all */
        off += (size_t)n;
    }
    char reply[512] = "";
    ssize_t n = read(fd, reply, sizeof(reply) - 1);
    close(fd);
    int code = 0;
    if (n > 0)
        sscanf(reply, "HTTP/1.%*d %d", &code);
    return code;
}

static void test_paths_and_methods(void **state)
{
    (void)state;
    struct zt_server srv;
    start(&srv, "metrics_paths");
    assert_int_equal(get("/healthz", NULL), 200);
    assert_int_equal(get("/nope", NULL), 404);
    assert_int_equal(get("/metrics/x", NULL), 404);
    assert_int_equal(
        raw_status("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"), 405);
    assert_int_equal(raw_status("DELETE /readyz HTTP/1.1\r\nHost: x\r\n\r\n"), 405);
    assert_int_equal(raw_status("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), 200);
    /* Headers past the listener's 8 KiB are refused, not buffered without end. */
    size_t big = 20000;
    char *req = malloc(big + 100);
    int k = snprintf(req, 100, "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Pad: ");
    memset(req + k, 'a', big);
    strcpy(req + k + big, "\r\n\r\n");
    int code = raw_status(req);
    free(req);
    assert_true(code == 431 || code == 413 || code == 414);
    /* A request line that is not HTTP gets 400 or just the close; the listener goes on. */
    int garbage = raw_status("garbage\r\n\r\n");
    assert_true(garbage == 400 || garbage == 0);
    assert_int_equal(get("/healthz", NULL), 200);
    zt_server_finish(&srv);
}

static void test_ready_follows_database(void **state)
{
    (void)state;
    struct zt_server srv;
    start(&srv, "metrics_pg");
    wait_for("/readyz", 200, 10000, "ready");
    zt_pg("stop");
    wait_for("/readyz", 503, 10000, "database");
    assert_int_equal(get("/healthz", NULL), 200); /* the process still serves */
    char cmd[800], out[8192];
    snprintf(cmd, sizeof(cmd), "%s status --config %s", ZT_SERVER_BIN, srv.config);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), STATUS_NOT_READY);
    assert_non_null(strstr(out, ": NOT READY (database: worker "));
    zt_pg("start");
    wait_for("/readyz", 200, 15000, "ready");
    zt_server_finish(&srv);
}

static void test_not_ready_while_draining(void **state)
{
    (void)state;
    struct zt_server srv;
    start_ready(&srv, "metrics_drain", "drainer");
    /* A login held up by a lock on users keeps one request in flight, so the drain lasts. */
    PGconn *pg = zt_pg_admin(&srv);
    PQclear(PQexec(pg, "BEGIN"));
    PQclear(PQexec(pg, "LOCK TABLE users IN ACCESS EXCLUSIVE MODE"));
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        struct zc_options o;
        zt_options(&srv, &o);
        struct zc_client *c = NULL;
        struct zc_error err;
        Zhucun__Reply *reply = NULL;
        int rc = zc_connect(&o, &c, &err) == 0 &&
                 zc_login(c, "drainer", "correct horse battery", &reply, &err) == 0;
        _exit(rc ? 0 : 1);
    }
    long long deadline = zt_now_ms() + 10000;
    while (zt_count(&srv, "SELECT count(*) FROM pg_locks WHERE NOT granted") == 0) {
        assert_true(zt_now_ms() < deadline);
        zt_sleep_ms(50);
    }
    kill(srv.pid, SIGTERM);
    wait_for("/readyz", 503, 5000, "draining");
    assert_int_equal(get("/healthz", NULL), 200);
    PQclear(PQexec(pg, "COMMIT"));
    PQfinish(pg);
    int status = 0;
    waitpid(child, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0); /* the login was answered */
    assert_int_equal(zt_server_wait(&srv, 15000), 0);
    zt_server_cleanup(&srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scrape_counts_calls),
        cmocka_unit_test(test_paths_and_methods),
        cmocka_unit_test(test_ready_follows_database),
        cmocka_unit_test(test_not_ready_while_draining),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
