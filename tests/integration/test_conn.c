/* test_conn.c -- the connection layer under abuse: pipelining, oversize and malformed frames,
 * plain text on the TLS port, stalls, vanishing clients, connection and write limits. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/frame.h"

#define MAX_FRAME (64 * 1024)

static struct zt_server srv;

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "conn",
                    "[limits]\nmax_frame = 64KiB\nmax_decoded = 1MiB\nidle_timeout = 1s\n"
                    "handshake_timeout = 1s\nmax_inflight = 16\nmax_write_queue = 64KiB\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zt_server_finish(&srv);
    return 0;
}

/* The server still serves: a fresh connection gets a Ping answered. */
static void assert_serving(void)
{
    struct zc_client *c = zt_connect(&srv, NULL);
    assert_int_equal(zt_ping(c), ZHUCUN__CODE__OK);
    zc_close(c);
}

/* Expects a connection-level error (id 0) with code, then the connection closed. */
static void assert_fails_and_closes(struct zc_client *c, Zhucun__Code code)
{
    Zhucun__Reply *reply = NULL;
    struct zc_error err;
    assert_int_equal(zc_recv(c, &reply, 5000, &err), 0);
    assert_int_equal(reply->id, 0);
    assert_int_equal(reply->status->code, code);
    assert_true(strlen(reply->status->message) > 0);
    zc_reply_free(reply);
    assert_int_equal(zc_recv(c, &reply, 5000, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__UNAVAILABLE);
}

static void test_thousand_pipelined_pings(void **state)
{
    (void)state;
    enum { N = 1000 };
    struct zc_client *c = zt_connect(&srv, NULL);
    struct zc_error err;
    static unsigned char seen[N + 1];
    memset(seen, 0, sizeof(seen));
    /* All 1,000 go out before any reply is read; the server takes 16 at a time. */
    for (uint64_t i = 1; i <= N; i++) {
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        Zhucun__Ping p = ZHUCUN__PING__INIT;
        char payload[32];
        snprintf(payload, sizeof(payload), "ping-%llu", (unsigned long long)i);
        p.payload.data = (uint8_t *)payload;
        p.payload.len = strlen(payload);
        req.id = i + 1000; /* ids are the client's choice */
        req.body_case = ZHUCUN__REQUEST__BODY_PING;
        req.ping = &p;
        assert_int_equal(zc_send(c, &req, &err), i + 1000);
    }
    for (int k = 0; k < N; k++) {
        Zhucun__Reply *reply = NULL;
        assert_int_equal(zc_recv(c, &reply, 10000, &err), 0);
        assert_int_equal(reply->status ? reply->status->code : 0, ZHUCUN__CODE__OK);
        uint64_t i = reply->id - 1000;
        assert_true(i >= 1 && i <= N);
        assert_int_equal(seen[i], 0);
        seen[i] = 1;
        char payload[32];
        snprintf(payload, sizeof(payload), "ping-%llu", (unsigned long long)i);
        assert_int_equal(reply->ping->payload.len, strlen(payload));
        assert_memory_equal(reply->ping->payload.data, payload, strlen(payload));
        zc_reply_free(reply);
    }
    zc_close(c);
}

/* A reply to another request that arrives while zc_call waits is kept for zc_recv, once,
 * and the call still gets its own reply (the client used to read its stash back inside
 * zc_call and spin on it until its timeout). */
static void test_call_keeps_other_replies_for_recv(void **state)
{
    (void)state;
    struct zc_client *c = zt_connect(&srv, NULL);
    struct zc_error err;
    for (uint64_t id = 501; id <= 503; id++) {
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        Zhucun__Ping p = ZHUCUN__PING__INIT;
        req.id = id;
        req.body_case = ZHUCUN__REQUEST__BODY_PING;
        req.ping = &p;
        assert_int_equal(zc_send(c, &req, &err), id);
    }
    for (int round = 0; round < 2; round++) {
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        Zhucun__Ping p = ZHUCUN__PING__INIT;
        req.body_case = ZHUCUN__REQUEST__BODY_PING;
        req.ping = &p;
        Zhucun__Reply *reply = NULL;
        /* spinning on its stash, the call ended at the client's timeout with UNAVAILABLE */
        assert_int_equal(zc_call(c, &req, &reply, &err), 0);
        assert_int_equal(reply->id, req.id);
        zc_reply_free(reply);
    }
    int seen[3] = {0, 0, 0};
    for (int k = 0; k < 3; k++) {
        Zhucun__Reply *reply = NULL;
        assert_int_equal(zc_recv(c, &reply, 5000, &err), 0);
        assert_true(reply->id >= 501 && reply->id <= 503);
        seen[reply->id - 501]++;
        zc_reply_free(reply);
    }
    assert_int_equal(seen[0] + seen[1] + seen[2], 3);
    assert_true(seen[0] == 1 && seen[1] == 1 && seen[2] == 1);
    zc_close(c);
}

static void test_big_payloads_through_a_small_write_queue(void **state)
{
    (void)state;
    /* 40 replies of 60 KB each against a 64 KiB write queue: the server stops reading while
     * the queue is full and nothing is lost. */
    enum { N = 40, SIZE = 60000 };
    struct zc_client *c = zt_connect(&srv, NULL);
    struct zc_error err;
    uint8_t *payload = malloc(SIZE);
    for (int i = 0; i < SIZE; i++)
        payload[i] = (uint8_t)(i * 7);
    for (int i = 0; i < N; i++) {
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        Zhucun__Ping p = ZHUCUN__PING__INIT;
        p.payload.data = payload;
        p.payload.len = SIZE;
        req.body_case = ZHUCUN__REQUEST__BODY_PING;
        req.ping = &p;
        assert_true(zc_send(c, &req, &err) != 0);
    }
    for (int i = 0; i < N; i++) {
        Zhucun__Reply *reply = NULL;
        assert_int_equal(zc_recv(c, &reply, 10000, &err), 0);
        assert_int_equal(reply->ping->payload.len, SIZE);
        assert_memory_equal(reply->ping->payload.data, payload, SIZE);
        zc_reply_free(reply);
    }
    free(payload);
    zc_close(c);
}

static void test_oversize_length_prefix_closes(void **state)
{
    (void)state;
    struct zc_client *c = zt_connect(&srv, NULL);
    struct zc_error err;
    uint32_t n = MAX_FRAME + 1;
    uint8_t hdr[4] = {(uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n};
    assert_int_equal(zc_send_raw(c, hdr, 4, &err), 0);
    assert_fails_and_closes(c, ZHUCUN__CODE__RESOURCE_EXHAUSTED);
    zc_close(c);
    /* 4 GiB announced: refused the same way, nothing allocated for it. */
    c = zt_connect(&srv, NULL);
    uint8_t huge[4] = {0xff, 0xff, 0xff, 0xff};
    assert_int_equal(zc_send_raw(c, huge, 4, &err), 0);
    assert_fails_and_closes(c, ZHUCUN__CODE__RESOURCE_EXHAUSTED);
    zc_close(c);
    assert_serving();
}

static void test_zero_length_frame_closes(void **state)
{
    (void)state;
    struct zc_client *c = zt_connect(&srv, NULL);
    struct zc_error err;
    uint8_t hdr[4] = {0, 0, 0, 0};
    assert_int_equal(zc_send_raw(c, hdr, 4, &err), 0);
    assert_fails_and_closes(c, ZHUCUN__CODE__INVALID_ARGUMENT);
    zc_close(c);
}

static void test_garbage_protobuf_closes(void **state)
{
    (void)state;
    struct zc_client *c = zt_connect(&srv, NULL);
    struct zc_error err;
    uint8_t frame[4 + 8] = {0, 0, 0, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    assert_int_equal(zc_send_raw(c, frame, sizeof(frame), &err), 0);
    assert_fails_and_closes(c, ZHUCUN__CODE__INVALID_ARGUMENT);
    zc_close(c);
    assert_serving();
}

static void test_plain_text_on_tls_port(void **state)
{
    (void)state;
    int fd = zt_tcp(&srv);
    const char *http = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    assert_int_equal(write(fd, http, strlen(http)), (ssize_t)strlen(http));
    long ms = zt_wait_closed(fd, 5000);
    assert_true(ms >= 0);
    close(fd);
    assert_serving();
}

static void test_silent_tcp_dropped_at_handshake_timeout(void **state)
{
    (void)state;
    int fd = zt_tcp(&srv);
    long ms = zt_wait_closed(fd, 6000);
    close(fd);
    assert_true(ms >= 700);  /* not before the 1 s handshake timeout (timer slack allowed) */
    assert_true(ms <= 4000); /* and not much after it */
}

static void test_stall_mid_frame_dropped_at_idle_timeout(void **state)
{
    (void)state;
    struct zc_client *c = zt_connect(&srv, NULL);
    struct zc_error err;
    /* Announce 100 bytes, send 10, then nothing. */
    uint8_t part[4 + 10] = {0, 0, 0, 100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assert_int_equal(zc_send_raw(c, part, sizeof(part), &err), 0);
    long long t0 = zt_now_ms();
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zc_recv(c, &reply, 6000, &err), -1);
    long long waited = zt_now_ms() - t0;
    assert_int_equal(err.code, ZHUCUN__CODE__UNAVAILABLE);
    assert_true(waited >= 700 && waited <= 4000);
    zc_close(c);
}

static void test_vanishing_clients_cost_nothing(void **state)
{
    (void)state;
    /* Half a frame, then the socket is gone without a TLS goodbye; repeated. */
    for (int i = 0; i < 20; i++) {
        struct zc_client *c = zt_connect(&srv, NULL);
        struct zc_error err;
        uint8_t part[4 + 3] = {0, 0, 1, 0, 9, 9, 9};
        assert_int_equal(zc_send_raw(c, part, sizeof(part), &err), 0);
        shutdown(zc_fd(c), SHUT_RDWR);
        zc_close(c);
    }
    assert_serving();
    /* The server's log shows each of them closed. */
    zt_sleep_ms(300);
    char cmd[800], out[64];
    snprintf(cmd, sizeof(cmd), "grep -c 'event=conn.close' %s", srv.log);
    zt_run(cmd, NULL, out, sizeof(out));
    assert_true(atoi(out) >= 20);
}

static void test_client_certificates(void **state)
{
    (void)state;
    char cert[600], key[600];
    struct zc_options o;
    struct zc_client *c = NULL;
    struct zc_error err;
    const char *dir = getenv("ZC_TEST_CERTS");
    /* Without a certificate: fine, not verified. */
    c = zt_connect(&srv, NULL);
    assert_false(zc_hello(c)->tls_client_verified);
    zc_close(c);
    /* Signed by the configured client CA: verified. */
    zt_options(&srv, &o);
    snprintf(cert, sizeof(cert), "%s/client.crt", dir);
    snprintf(key, sizeof(key), "%s/client.key", dir);
    o.cert = cert;
    o.key = key;
    assert_int_equal(zc_connect(&o, &c, &err), 0);
    assert_true(zc_hello(c)->tls_client_verified);
    zc_close(c);
    /* Same subject, signed by another CA: the handshake fails, as a certificate failure
     * (UNAUTHENTICATED: retrying cannot help), not as UNAVAILABLE. */
    snprintf(cert, sizeof(cert), "%s/rogue-client.crt", dir);
    snprintf(key, sizeof(key), "%s/rogue-client.key", dir);
    c = NULL;
    assert_int_equal(zc_connect(&o, &c, &err), -1);
    assert_null(c);
    assert_int_equal(err.code, ZHUCUN__CODE__UNAUTHENTICATED);
}

/* Runs openssl s_client against the server with extra options; returns its exit status. */
static int s_client(const char *opts)
{
    char cmd[1200];
    snprintf(cmd, sizeof(cmd),
             "openssl s_client -connect 127.0.0.1:%d -CAfile %s/ca.crt -verify_return_error "
             "-brief %s </dev/null >/dev/null 2>&1",
             srv.port, getenv("ZC_TEST_CERTS"), opts);
    return zt_run(cmd, NULL, NULL, 0);
}

static void test_tls_policy(void **state)
{
    (void)state;
    assert_int_equal(s_client("-tls1_3"), 0);
    assert_int_equal(s_client("-tls1_2"), 0);
    assert_int_equal(s_client("-tls1_2 -cipher ECDHE-ECDSA-AES256-GCM-SHA384"), 0);
    /* Older protocols and suites outside the Mozilla intermediate list are refused. */
    assert_int_not_equal(s_client("-tls1_1 -cipher DEFAULT@SECLEVEL=0"), 0);
    assert_int_not_equal(s_client("-tls1_2 -cipher ECDHE-ECDSA-AES128-SHA"), 0);
    assert_int_not_equal(s_client("-tls1_2 -cipher AES128-GCM-SHA256"), 0);
    assert_serving();
}

static void test_connection_limit_per_worker(void **state)
{
    (void)state;
    struct zt_server one;
    zt_server_start(&one, "connlimit", "[server]\nworkers = 1\n[limits]\nmax_connections = 3\n");
    struct zc_client *c[3];
    for (int i = 0; i < 3; i++)
        c[i] = zt_connect(&one, NULL);
    /* The fourth is accepted and closed at once. */
    struct zc_options o;
    struct zc_client *extra = NULL;
    struct zc_error err;
    zt_options(&one, &o);
    o.timeout_ms = 3000;
    assert_int_equal(zc_connect(&o, &extra, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__UNAVAILABLE);
    zc_close(c[0]);
    zt_sleep_ms(200);
    /* A slot freed: a new connection works. */
    extra = zt_connect(&one, NULL);
    zc_close(extra);
    zc_close(c[1]);
    zc_close(c[2]);
    zt_server_finish(&one);
}

static int count_in_log(const struct zt_server *s, const char *needle)
{
    FILE *f = fopen(s->log, "r");
    assert_non_null(f);
    char line[2048];
    int n = 0;
    while (fgets(line, sizeof(line), f) != NULL)
        n += strstr(line, needle) != NULL;
    fclose(f);
    return n;
}

#define BURST 60

struct burst {
    struct zt_server *s;
    int fds[BURST];
};

static void *open_burst(void *arg)
{
    struct burst *b = arg;
    for (int k = 0; k < BURST; k++)
        b->fds[k] = zt_tcp(b->s);
    return NULL;
}

/* Out of file descriptors, a worker never spins on the pending connection (it pauses
 * accepting, one log line a pause), and serves again once descriptors are free. */
static void test_out_of_descriptors_pauses_accepting(void **state)
{
    (void)state;
    struct zt_server one;
    zt_server_start(&one, "fdlimit", "[server]\nworkers = 2\n");
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "prlimit --pid %d --nofile=64:64", (int)one.pid);
    assert_int_equal(zt_run(cmd, NULL, NULL, 0), 0);
    /* More connections than descriptors, from four threads at once so that both workers run
     * out together: the kernel completes them (the backlog), the server cannot take them. */
    struct burst b[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        b[i].s = &one;
        assert_int_equal(pthread_create(&t[i], NULL, open_burst, &b[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    zt_sleep_ms(1500);
    /* libuv drops what it cannot take (its spare descriptor) or, when both workers ran out
     * together, the worker pauses: a line each 250 ms at most, never one per wake-up */
    int pauses = count_in_log(&one, "event=accept.paused");
    assert_true(pauses <= 2 * 8);
    assert_int_equal(count_in_log(&one, "event=accept.error"), 0);
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < BURST; k++)
            close(b[i].fds[k]);
    /* the descriptors come back (idle TLS handshakes time out or see EOF) and it serves */
    struct zc_client *c = NULL;
    for (int tries = 0; c == NULL && tries < 40; tries++) {
        struct zc_options o;
        struct zc_error err;
        zt_options(&one, &o);
        o.timeout_ms = 2000;
        if (zc_connect(&o, &c, &err) != 0) {
            c = NULL;
            zt_sleep_ms(250);
        }
    }
    assert_non_null(c);
    zc_close(c);
    zt_server_finish(&one);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thousand_pipelined_pings),
        cmocka_unit_test(test_call_keeps_other_replies_for_recv),
        cmocka_unit_test(test_big_payloads_through_a_small_write_queue),
        cmocka_unit_test(test_oversize_length_prefix_closes),
        cmocka_unit_test(test_zero_length_frame_closes),
        cmocka_unit_test(test_garbage_protobuf_closes),
        cmocka_unit_test(test_plain_text_on_tls_port),
        cmocka_unit_test(test_silent_tcp_dropped_at_handshake_timeout),
        cmocka_unit_test(test_stall_mid_frame_dropped_at_idle_timeout),
        cmocka_unit_test(test_vanishing_clients_cost_nothing),
        cmocka_unit_test(test_client_certificates),
        cmocka_unit_test(test_tls_policy),
        cmocka_unit_test(test_connection_limit_per_worker),
        cmocka_unit_test(test_out_of_descriptors_pauses_accepting),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
