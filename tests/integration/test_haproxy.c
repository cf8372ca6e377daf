/* test_haproxy.c -- the PROXY v2 header from the balancers of [server] proxy_from
 * (server/core/conn.c, common/proxy_v2.c; docs/haproxy.md).
 *
 * A relay in this process stands in for HAProxy: it accepts the client library's connections,
 * connects to the server from a source address of the test's choice (127.0.0.2, the listed
 * balancer, or 127.0.0.1, which is not), writes a PROXY v2 header naming a client, and copies
 * bytes both ways. tests/ops/50-haproxy.sh does the same through HAProxy itself. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define PW       "proxy-pass-2026"
#define PROVINCE "140000000000"
#define BALANCER "127.0.0.2"

static struct zt_server srv;

/* What the relay does for the next connections (set between them, never during one). */
static struct {
    int listen_fd;
    int port;
    char source[32]; /* the address it connects to the server from */
    uint8_t header[64];
    size_t header_len;
    int byte_by_byte; /* write the header one byte per write: the server must put it together */
} relay;

static const uint8_t signature[12] = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D,
                                      0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

/* The header for a TCP client at ip:port (IPv4 or IPv6) that connected to 10.0.0.5:7443. */
static void relay_for(const char *ip, uint16_t port)
{
    uint8_t *h = relay.header;
    memcpy(h, signature, sizeof(signature));
    h[12] = 0x21; /* version 2, PROXY */
    uint8_t src[16], dst[16] = {0};
    size_t alen;
    if (inet_pton(AF_INET, ip, src) == 1) {
        h[13] = 0x11;
        alen = 4;
        dst[0] = 10, dst[3] = 5;
    } else {
        assert_int_equal(inet_pton(AF_INET6, ip, src), 1);
        h[13] = 0x21;
        alen = 16;
    }
    size_t block = 2 * alen + 4;
    h[14] = 0;
    h[15] = (uint8_t)block;
    memcpy(h + 16, src, alen);
    memcpy(h + 16 + alen, dst, alen);
    h[16 + 2 * alen] = (uint8_t)(port >> 8);
    h[17 + 2 * alen] = (uint8_t)port;
    h[18 + 2 * alen] = 7443 >> 8;
    h[19 + 2 * alen] = 7443 & 0xff;
    relay.header_len = 16 + block;
}

/* The balancer's own connection (its health check): LOCAL, no addresses. */
static void relay_local(void)
{
    memcpy(relay.header, signature, sizeof(signature));
    relay.header[12] = 0x20;
    relay.header[13] = 0x00;
    relay.header[14] = relay.header[15] = 0;
    relay.header_len = 16;
}

/* A TCP connection to the server from source (bound before connecting), or -1. The relay's
 * thread calls it too, so it asserts nothing. */
static int connect_from(const char *source)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)srv.port)};
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || inet_pton(AF_INET, source, &a.sin_addr) != 1 ||
        bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
        connect(fd, (struct sockaddr *)&to, sizeof(to)) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

struct pipe_ends {
    int client, server;
};

/* Copies both ways until either side closes, then closes both. */
static void *relay_one(void *arg)
{
    struct pipe_ends *e = arg;
    struct pollfd p[2] = {{e->client, POLLIN, 0}, {e->server, POLLIN, 0}};
    uint8_t buf[16384];
    for (;;) {
        if (poll(p, 2, 30000) <= 0)
            break;
        int from = (p[0].revents & (POLLIN | POLLHUP | POLLERR)) ? 0 : 1;
        ssize_t n = read(p[from].fd, buf, sizeof(buf));
        if (n <= 0 || write_all(p[1 - from].fd, buf, (size_t)n) != 0)
            break;
    }
    close(e->client);
    close(e->server);
    free(e);
    return NULL;
}

static void *relay_accept(void *arg)
{
    (void)arg;
    for (;;) {
        int client = accept(relay.listen_fd, NULL, NULL);
        if (client < 0)
            return NULL;
        struct pipe_ends *e = malloc(sizeof(*e));
        e->client = client;
        e->server = connect_from(relay.source);
        if (e->server < 0) {
            close(client);
            free(e);
            continue;
        }
        for (size_t i = 0; relay.byte_by_byte && i < relay.header_len; i++) {
            write_all(e->server, relay.header + i, 1);
            usleep(2000);
        }
        if (!relay.byte_by_byte)
            write_all(e->server, relay.header, relay.header_len);
        pthread_t t;
        pthread_create(&t, NULL, relay_one, e);
        pthread_detach(t);
    }
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "haproxy",
                    "[server]\nproxy_from = " BALANCER "\n[limits]\nhandshake_timeout = 1s\n");
    assert_int_equal(zt_useradd(&srv, "alice", PW, "province_office", PROVINCE, 0), 0);
    assert_int_equal(zt_useradd(&srv, "bob", PW, "province_office", PROVINCE, 0), 0);
    relay.listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    assert_int_equal(bind(relay.listen_fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(relay.listen_fd, 16), 0);
    assert_int_equal(getsockname(relay.listen_fd, (struct sockaddr *)&a, &len), 0);
    relay.port = ntohs(a.sin_port);
    snprintf(relay.source, sizeof(relay.source), BALANCER);
    pthread_t t;
    pthread_create(&t, NULL, relay_accept, NULL);
    pthread_detach(t);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    shutdown(relay.listen_fd, SHUT_RDWR);
    zt_server_finish(&srv);
    return 0;
}

/* The client library's connection through the relay; NULL with err when it fails. */
static struct zc_client *via_relay(struct zc_error *err)
{
    struct zc_options o;
    char server[64];
    zt_options(&srv, &o);
    snprintf(server, sizeof(server), "127.0.0.1:%d", relay.port);
    o.server = server;
    o.timeout_ms = 5000;
    struct zc_client *c = NULL;
    if (zc_connect(&o, &c, err) != 0)
        return NULL;
    return c;
}

static int login_via_relay(const char *user, const char *pw)
{
    struct zc_error err = {0};
    struct zc_client *c = via_relay(&err);
    assert_non_null(c);
    Zhucun__Reply *reply = NULL;
    int rc = zc_login(c, user, pw, &reply, &err);
    zc_reply_free(reply);
    zc_close(c);
    return rc == 0 ? ZHUCUN__CODE__OK : (int)err.code;
}

/* The server's log, read whole (after the worker's 50 ms log buffer had its time). */
static char *read_log(void)
{
    zt_sleep_ms(200);
    FILE *f = fopen(srv.log, "r");
    assert_non_null(f);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

/* The client the header names is who logs in: the audit, the session and the log say so, and
 * the balancer only in the log. A header that arrives a byte at a time is put together. */
static void test_client_address_from_header(void **state)
{
    (void)state;
    relay_for("203.0.113.7", 51234);
    relay.byte_by_byte = 1;
    assert_int_equal(login_via_relay("alice", PW), ZHUCUN__CODE__OK);
    relay.byte_by_byte = 0;
    char *addr = zt_sql(&srv, "SELECT client_addr FROM audit WHERE action = 'login'"
                              " AND actor = 'alice' ORDER BY seq DESC LIMIT 1");
    assert_string_equal(addr, "203.0.113.7:51234");
    free(addr);
    addr = zt_sql(&srv, "SELECT s.client_addr FROM sessions s JOIN users u ON u.id = s.user_id"
                        " WHERE u.username = 'alice' ORDER BY s.created_at DESC LIMIT 1");
    assert_string_equal(addr, "203.0.113.7:51234");
    free(addr);
    assert_non_null(strstr(read_log(), "balancer=" BALANCER ":"));
    assert_non_null(strstr(read_log(), "client=203.0.113.7:51234"));

    relay_for("2001:db8::7", 4000);
    assert_int_equal(login_via_relay("bob", PW), ZHUCUN__CODE__OK);
    addr = zt_sql(&srv, "SELECT client_addr FROM audit WHERE action = 'login'"
                        " AND actor = 'bob' ORDER BY seq DESC LIMIT 1");
    assert_string_equal(addr, "[2001:db8::7]:4000");
    free(addr);
}

/* The login throttle counts the client's address, not the balancer's: a name locked from one
 * client behind the balancer is not locked from another client behind it. */
static void test_throttle_per_client_behind_balancer(void **state)
{
    (void)state;
    relay_for("198.51.100.9", 40000);
    for (int i = 0; i < 5; i++)
        assert_int_equal(login_via_relay("bob", "a wrong guess"), ZHUCUN__CODE__UNAUTHENTICATED);
    assert_int_equal(login_via_relay("bob", PW), ZHUCUN__CODE__RESOURCE_EXHAUSTED);
    assert_int_equal(zt_count(&srv, "SELECT count(*) FROM login_throttle WHERE username = 'bob'"
                                    " AND addr = '198.51.100.9' AND locked_until > now()"),
                     1);
    assert_int_equal(zt_count(&srv, "SELECT count(*) FROM login_throttle"
                                    " WHERE addr = '" BALANCER "'"),
                     0);
    relay_for("192.0.2.44", 40000);
    assert_int_equal(login_via_relay("bob", PW), ZHUCUN__CODE__OK);
}

/* LOCAL (the balancer's health check) keeps the connection's own address, and serves. */
static void test_local_command_keeps_peer(void **state)
{
    (void)state;
    relay_local();
    struct zc_error err = {0};
    struct zc_client *c = via_relay(&err);
    assert_non_null(c);
    assert_int_equal(zt_ping(c), ZHUCUN__CODE__OK);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zc_login(c, "alice", PW, &reply, &err), 0);
    zc_reply_free(reply);
    zc_close(c);
    char *addr = zt_sql(&srv, "SELECT client_addr FROM audit WHERE action = 'login'"
                              " AND actor = 'alice' ORDER BY seq DESC LIMIT 1");
    assert_true(strncmp(addr, BALANCER ":", strlen(BALANCER) + 1) == 0);
    free(addr);
}

/* From a listed balancer, anything but a header is refused on its first bytes (TLS, HTTP,
 * version 1's text); a header cut short waits only until handshake_timeout. The refusals are
 * logged as proxy.refused, at most once a second per worker, with the count since the last. */
static void test_bad_headers_refused_and_logged_sparingly(void **state)
{
    (void)state;
    int before = zt_occurrences(read_log(), "event=proxy.refused");
    const char *bad[] = {"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", "GET / HTTP/1.0\r\n\r\n",
                         "PROXY TCP4 203.0.113.7 10.0.0.5 1 2\r\n"};
    long long t0 = zt_now_ms();
    for (int i = 0; i < 30; i++) {
        int fd = connect_from(BALANCER);
        assert_true(fd >= 0);
        const char *b = bad[i % 3];
        assert_int_equal(write_all(fd, (const uint8_t *)b, strlen(b)), 0);
        long waited = zt_wait_closed(fd, 900);
        assert_true(waited >= 0 && waited < 900); /* at once, not at handshake_timeout */
        close(fd);
    }
    long long seconds = (zt_now_ms() - t0) / 1000 + 1;
    char *log = read_log();
    int lines = zt_occurrences(log, "event=proxy.refused") - before;
    assert_true(lines >= 1);
    assert_true(lines <= 2 * seconds); /* two workers, one line a second each */
    assert_non_null(strstr(log, "reason=\"no PROXY v2 signature\""));

    /* 15 of the 16 bytes, then nothing: closed at the handshake timeout (1 s here). */
    relay_for("203.0.113.7", 51234);
    int fd = connect_from(BALANCER);
    assert_true(fd >= 0);
    assert_int_equal(write_all(fd, relay.header, 15), 0);
    long waited = zt_wait_closed(fd, 5000);
    assert_true(waited >= 900 && waited < 5000);
    close(fd);
    zt_sleep_ms(1100); /* past the rate limit's second */
    assert_non_null(
        strstr(read_log(), "reason=\"no complete PROXY v2 header within handshake_timeout\""));
}

/* From an address not listed, a PROXY header is not read: it is the start of TLS, and the
 * handshake fails. Nobody but a listed balancer names a client address. */
static void test_unlisted_address_header_not_trusted(void **state)
{
    (void)state;
    int before = zt_occurrences(read_log(), "event=conn.proxied");
    relay_for("203.0.113.66", 1234);
    snprintf(relay.source, sizeof(relay.source), "127.0.0.1");
    struct zc_error err = {0};
    struct zc_client *c = via_relay(&err);
    snprintf(relay.source, sizeof(relay.source), BALANCER);
    assert_null(c);
    char *log = read_log();
    assert_int_equal(zt_occurrences(log, "event=conn.proxied"), before);
    assert_null(strstr(log, "203.0.113.66"));
    assert_non_null(strstr(log, "tls handshake failed"));
    /* And a direct client, not listed, is served as ever. */
    c = zt_connect(&srv, NULL);
    assert_int_equal(zt_ping(c), ZHUCUN__CODE__OK);
    zc_close(c);
}

/* A stopping server refuses new connections at once: its listening sockets close at SIGTERM,
 * not when it exits, so that a balancer's check fails and its retry goes to another server
 * while this one answers what it took in (it used to queue them unanswered until it exited). */
static void test_stopping_server_refuses_connections(void **state)
{
    (void)state;
    struct zt_server twin;
    zt_server_twin(&twin, &srv);
    /* Eight logins keep it busy: one connection, so one worker hashing one at a time; four a
     * name stay below the lock's five attempts. */
    struct zc_client *c = zt_connect(&twin, NULL);
    struct zc_error err;
    for (int i = 0; i < 8; i++) {
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        Zhucun__Login l = ZHUCUN__LOGIN__INIT;
        l.username = i % 2 ? "alice" : "bob";
        l.password = PW;
        req.body_case = ZHUCUN__REQUEST__BODY_LOGIN;
        req.login = &l;
        assert_true(zc_send(c, &req, &err) != 0);
    }
    zt_sleep_ms(100);
    kill(twin.pid, SIGTERM);
    zt_sleep_ms(100);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)twin.port)};
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rc = connect(fd, (struct sockaddr *)&to, sizeof(to));
    int connect_errno = errno;
    close(fd);
    int status;
    assert_int_equal(waitpid(twin.pid, &status, WNOHANG), 0); /* still draining */
    assert_int_equal(rc, -1);
    assert_int_equal(connect_errno, ECONNREFUSED);
    for (int i = 0; i < 8; i++) {
        Zhucun__Reply *reply = NULL;
        assert_int_equal(zc_recv(c, &reply, 20000, &err), 0);
        assert_true(reply->status == NULL || reply->status->code == ZHUCUN__CODE__OK);
        zc_reply_free(reply);
    }
    zc_close(c);
    assert_int_equal(zt_server_wait(&twin, 20000), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_client_address_from_header),
        cmocka_unit_test(test_throttle_per_client_behind_balancer),
        cmocka_unit_test(test_local_command_keeps_peer),
        cmocka_unit_test(test_bad_headers_refused_and_logged_sparingly),
        cmocka_unit_test(test_unlisted_address_header_not_trusted),
        cmocka_unit_test(test_stopping_server_refuses_connections),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
