/* test_auth.c -- Hello, login, throttling, sessions, logout, password changes, audit trail,
 * against a real server and database over TLS. */
#include "harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "common/frame.h"
#include "common/tls.h"
#include "common/xmalloc.h"

static struct zt_server srv;

#define PROVINCE "140000000000"
#define PW       "correct horse battery"

/* A server with small source limits (the defaults are 10 and 30, 1 s doubling to 1 min) and
 * the 15-minute lock of the defaults. */
static struct zt_server spray;

static int setup(void **state)
{
    (void)state;
    /* A short lock so the test can watch it expire. Every guess here comes from 127.0.0.1:
     * the allowance per address and network is raised so that the per-name tests see only
     * the per-name lock; the source limits have a server of their own (test_spray_*). */
    zt_server_start(&srv, "auth",
                    "[auth]\nlogin_lock = 2s\nlogin_address_free = 1000\n"
                    "login_network_free = 1000\n");
    assert_int_equal(zt_useradd(&srv, "alice", PW, "province_office", PROVINCE, 0), 0);
    assert_int_equal(zt_useradd(&srv, "bob", PW, "province_office", PROVINCE, 0), 0);
    assert_int_equal(zt_useradd(&srv, "carol", PW, "province_office", PROVINCE, 0), 0);
    assert_int_equal(zt_useradd(&srv, "dave", PW, "province_office", PROVINCE, 0), 0);
    assert_int_equal(zt_useradd(&srv, "frank", PW, "province_office", PROVINCE, 0), 0);
    assert_int_equal(zt_useradd(&srv, "erin", "initial-password", "province_office", PROVINCE, 1),
                     0);
    zt_server_start(&spray, "spray",
                    "[auth]\nlogin_address_free = 3\nlogin_network_free = 6\nlogin_delay = 1s\n"
                    "login_delay_max = 2s\nlogin_lock = 15m\n");
    const char *names[] = {"alice", "dave", "gina", "hank"};
    for (int i = 0; i < 4; i++)
        assert_int_equal(zt_useradd(&spray, names[i], PW, "province_office", PROVINCE, 0), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zt_server_finish(&spray);
    zt_server_finish(&srv);
    return 0;
}

static int login_code(const char *user, const char *pw, char *message, size_t cap)
{
    struct zc_client *c = zt_connect(&srv, NULL);
    Zhucun__Reply *reply = NULL;
    struct zc_error err = {0};
    int rc = zc_login(c, user, pw, &reply, &err);
    zc_reply_free(reply);
    zc_close(c);
    if (message != NULL)
        snprintf(message, cap, "%s", rc == 0 ? "" : err.message);
    return rc == 0 ? ZHUCUN__CODE__OK : (int)err.code;
}

/* ---- a client from another address ----
 *
 * The client library connects from whatever address the kernel picks (127.0.0.1 here); the
 * throttle is per address and per network, so these tests also log in from other loopback
 * addresses (all of 127.0.0.0/8 is local on Linux): 127.0.0.2 shares 127.0.0.1's /24,
 * 127.0.1.1 does not. Just enough of the protocol for Hello and Login. */

struct bound {
    int fd;
    SSL_CTX *ctx;
    SSL *ssl;
    struct frame_decoder dec;
};

static void bound_send(struct bound *b, Zhucun__Request *req)
{
    size_t len;
    uint8_t *frame = frame_pack(&req->base, &len);
    assert_int_equal(SSL_write(b->ssl, frame, (int)len), (int)len);
    free(frame);
}

/* The next reply, or NULL when the connection ended first. */
static Zhucun__Reply *bound_recv(struct bound *b)
{
    for (;;) {
        const uint8_t *payload;
        size_t len = 0;
        if (frame_decoder_next(&b->dec, &payload, &len) == FRAME_READY)
            return zhucun__reply__unpack(NULL, len, payload);
        size_t avail;
        uint8_t *space = frame_decoder_space(&b->dec, &avail);
        int n = SSL_read(b->ssl, space, (int)avail);
        if (n <= 0)
            return NULL;
        frame_decoder_commit(&b->dec, (size_t)n);
    }
}

static void bound_open(struct zt_server *s, const char *from, struct bound *b)
{
    char ca[600], err[512];
    snprintf(ca, sizeof(ca), "%s/ca.crt", getenv("ZC_TEST_CERTS"));
    b->ctx = tls_client_ctx(ca, NULL, NULL, err, sizeof(err));
    assert_non_null(b->ctx);
    b->fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(b->fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    assert_int_equal(inet_pton(AF_INET, from, &a.sin_addr), 1);
    assert_int_equal(bind(b->fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(inet_pton(AF_INET, "127.0.0.1", &a.sin_addr), 1);
    a.sin_port = htons((uint16_t)s->port);
    assert_int_equal(connect(b->fd, (struct sockaddr *)&a, sizeof(a)), 0);
    b->ssl = SSL_new(b->ctx);
    SSL_set_fd(b->ssl, b->fd);
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(b->ssl), "127.0.0.1");
    assert_int_equal(SSL_connect(b->ssl), 1);
    frame_decoder_init(&b->dec, 1u << 20);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Hello h = ZHUCUN__HELLO__INIT;
    h.protocol_version = ZHUCUN_PROTOCOL_VERSION;
    h.client_name = "test_auth bound";
    req.id = 1;
    req.body_case = ZHUCUN__REQUEST__BODY_HELLO;
    req.hello = &h;
    bound_send(b, &req);
    Zhucun__Reply *reply = bound_recv(b);
    assert_non_null(reply);
    assert_int_equal(reply->status != NULL ? reply->status->code : ZHUCUN__CODE__OK,
                     ZHUCUN__CODE__OK);
    zhucun__reply__free_unpacked(reply, NULL);
}

static void bound_close(struct bound *b)
{
    SSL_free(b->ssl);
    SSL_CTX_free(b->ctx);
    close(b->fd);
    frame_decoder_free(&b->dec);
}

/* Logs in from address `from` on a fresh connection; the status code, its message in message
 * (cap bytes, "" for OK). */
static int login_from(struct zt_server *s, const char *from, const char *user, const char *pw,
                      char *message, size_t cap)
{
    struct bound b;
    bound_open(s, from, &b);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Login l = ZHUCUN__LOGIN__INIT;
    l.username = (char *)user;
    l.password = (char *)pw;
    req.id = 2;
    req.body_case = ZHUCUN__REQUEST__BODY_LOGIN;
    req.login = &l;
    bound_send(&b, &req);
    Zhucun__Reply *reply = bound_recv(&b);
    assert_non_null(reply);
    int code = reply->status != NULL ? (int)reply->status->code : ZHUCUN__CODE__OK;
    if (message != NULL)
        snprintf(message, cap, "%s",
                 reply->status != NULL && reply->status->message ? reply->status->message : "");
    zhucun__reply__free_unpacked(reply, NULL);
    bound_close(&b);
    return code;
}

/* As login_from, but an answer "wait N seconds" (the source's delay) is waited out and the
 * attempt made again, so that the answer is about the name and its password. */
static int login_patiently(struct zt_server *s, const char *from, const char *user, const char *pw,
                           char *message, size_t cap)
{
    char m[512];
    for (int i = 0; i < 10; i++) {
        int code = login_from(s, from, user, pw, m, sizeof(m));
        const char *wait = strstr(m, " 秒后再试");
        if (code != ZHUCUN__CODE__RESOURCE_EXHAUSTED || wait == NULL) {
            if (message != NULL)
                snprintf(message, cap, "%s", m);
            return code;
        }
        const char *p = wait;
        while (p > m && p[-1] >= '0' && p[-1] <= '9')
            p--;
        zt_sleep_ms(atoi(p) * 1000 + 100);
    }
    fail_msg("still waiting after 10 attempts: %s", m);
    return -1;
}

static void test_hello_reports_version_and_limits(void **state)
{
    (void)state;
    struct zc_client *c = zt_connect(&srv, NULL);
    const Zhucun__HelloReply *h = zc_hello(c);
    assert_non_null(h);
    assert_int_equal(h->protocol_version, ZHUCUN_PROTOCOL_VERSION);
    assert_string_equal(h->server_version, ZHUCUN_VERSION);
    assert_int_equal(h->max_frame, 4u * 1024 * 1024);
    assert_int_equal(h->max_inflight, 64);
    zc_close(c);
}

static void test_hello_version_mismatch_refused(void **state)
{
    (void)state;
    struct zc_options o;
    struct zc_client *c = NULL;
    struct zc_error err = {0};
    zt_options(&srv, &o);
    o.protocol_version = 99;
    assert_int_equal(zc_connect(&o, &c, &err), -1);
    assert_null(c);
    assert_int_equal(err.code, ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_non_null(strstr(err.message, "99"));
    assert_string_equal(err.field, "protocol_version");
}

static void test_first_request_must_be_hello(void **state)
{
    (void)state;
    struct zc_options o;
    struct zc_client *c;
    struct zc_error err = {0};
    zt_options(&srv, &o);
    o.skip_hello = 1;
    assert_int_equal(zc_connect(&o, &c, &err), 0);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Ping p = ZHUCUN__PING__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_PING;
    req.ping = &p;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zc_call(c, &req, &reply, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__FAILED_PRECONDITION);
    zc_reply_free(reply);
    /* and the server closes the connection */
    assert_int_equal(zc_recv(c, &reply, 5000, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__UNAVAILABLE);
    zc_close(c);
}

static void test_login_and_whoami(void **state)
{
    (void)state;
    char token[65];
    struct zc_client *c = zt_login(&srv, "alice", PW, token);
    assert_int_equal(strlen(token), 64);
    assert_int_equal(strspn(token, "0123456789abcdef"), 64);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__WhoAmI w = ZHUCUN__WHO_AM_I__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_WHOAMI;
    req.whoami = &w;
    Zhucun__Reply *reply = NULL;
    struct zc_error err;
    assert_int_equal(zc_call(c, &req, &reply, &err), 0);
    assert_string_equal(reply->whoami->username, "alice");
    assert_int_equal(reply->whoami->n_roles, 1);
    assert_string_equal(reply->whoami->roles[0]->role, "province_office");
    assert_string_equal(reply->whoami->roles[0]->scope_code, PROVINCE);
    assert_string_equal(reply->whoami->roles[0]->scope_name, "山西省");
    assert_false(reply->whoami->must_change_password);
    zc_reply_free(reply);
    zc_close(c);

    /* The token resumes the session on a new connection; only its hash is stored. */
    c = zt_connect(&srv, token);
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__OK);
    zc_close(c);
    char *sql = xasprintf("SELECT count(*) FROM sessions WHERE token_hash = sha256(decode('%s', "
                          "'hex'))",
                          token);
    char *n = zt_sql(&srv, sql);
    assert_string_equal(n, "1");
    free(n);
    free(sql);
    sql = xasprintf("SELECT count(*) FROM sessions WHERE encode(token_hash, 'hex') = '%s'", token);
    n = zt_sql(&srv, sql);
    assert_string_equal(n, "0");
    free(n);
    free(sql);
}

static void test_wrong_password_and_unknown_user_look_the_same(void **state)
{
    (void)state;
    char m1[512], m2[512];
    assert_int_equal(login_code("bob", "not the password", m1, sizeof(m1)),
                     ZHUCUN__CODE__UNAUTHENTICATED);
    assert_int_equal(login_code("nobody-here", "not the password", m2, sizeof(m2)),
                     ZHUCUN__CODE__UNAUTHENTICATED);
    assert_string_equal(m1, m2);
    /* bob can still log in: one failure is not a lock */
    assert_int_equal(login_code("bob", PW, NULL, 0), ZHUCUN__CODE__OK);
}

static void test_throttle_after_five_failures(void **state)
{
    (void)state;
    char known[512], unknown[512];
    for (int i = 0; i < 5; i++) {
        assert_int_equal(login_code("carol", "wrong password", NULL, 0),
                         ZHUCUN__CODE__UNAUTHENTICATED);
        assert_int_equal(login_code("ghost-user", "wrong password", NULL, 0),
                         ZHUCUN__CODE__UNAUTHENTICATED);
    }
    /* Locked: even the right password is refused, and an unknown name is refused the same. */
    assert_int_equal(login_code("carol", PW, known, sizeof(known)),
                     ZHUCUN__CODE__RESOURCE_EXHAUSTED);
    assert_int_equal(login_code("ghost-user", PW, unknown, sizeof(unknown)),
                     ZHUCUN__CODE__RESOURCE_EXHAUSTED);
    assert_string_equal(known, unknown);
    /* The lock (2 s here) runs out. */
    zt_sleep_ms(2300);
    assert_int_equal(login_code("carol", PW, NULL, 0), ZHUCUN__CODE__OK);
}

static void test_parallel_guesses_are_throttled_too(void **state)
{
    (void)state;
    enum { N = 20 };
    struct zc_client *c = zt_connect(&srv, NULL);
    struct zc_error err;
    /* 20 wrong guesses and then the right password, all in one pipeline. */
    for (int i = 0; i <= N; i++) {
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        Zhucun__Login l = ZHUCUN__LOGIN__INIT;
        l.username = "frank";
        l.password = i < N ? "a wrong guess" : PW;
        req.id = (uint64_t)i + 1;
        req.body_case = ZHUCUN__REQUEST__BODY_LOGIN;
        req.login = &l;
        assert_true(zc_send(c, &req, &err) != 0);
    }
    int checked = 0, refused = 0;
    for (int i = 0; i <= N; i++) {
        Zhucun__Reply *reply = NULL;
        assert_int_equal(zc_recv(c, &reply, 20000, &err), 0);
        Zhucun__Code code = reply->status ? reply->status->code : ZHUCUN__CODE__OK;
        if (reply->id == N + 1)
            assert_int_not_equal(code, ZHUCUN__CODE__OK); /* the right password is refused */
        if (code == ZHUCUN__CODE__UNAUTHENTICATED)
            checked++;
        else if (code == ZHUCUN__CODE__RESOURCE_EXHAUSTED)
            refused++;
        else
            print_message("request %llu answered %d: %s\n", (unsigned long long)reply->id, code,
                          reply->status ? reply->status->message : "");
        zc_reply_free(reply);
    }
    zc_close(c);
    /* Only the first five reached the password check. */
    assert_int_equal(checked, 5);
    assert_int_equal(refused, N + 1 - 5);
    assert_int_equal(login_code("frank", PW, NULL, 0), ZHUCUN__CODE__RESOURCE_EXHAUSTED);
    zt_sleep_ms(2300);
    assert_int_equal(login_code("frank", PW, NULL, 0), ZHUCUN__CODE__OK);
}

static void test_logout_revokes(void **state)
{
    (void)state;
    char token[65];
    struct zc_client *c = zt_login(&srv, "alice", PW, token);
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__OK);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Logout lo = ZHUCUN__LOGOUT__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LOGOUT;
    req.logout = &lo;
    Zhucun__Reply *reply = NULL;
    struct zc_error err;
    assert_int_equal(zc_call(c, &req, &reply, &err), 0);
    zc_reply_free(reply);
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__UNAUTHENTICATED);
    zc_close(c);
    /* The token is dead on a new connection too, and a second Logout still answers OK. */
    c = zt_connect(&srv, token);
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__UNAUTHENTICATED);
    req.id = 0;
    assert_int_equal(zc_call(c, &req, &reply, &err), 0);
    zc_reply_free(reply);
    zc_close(c);
}

static void test_not_logged_in(void **state)
{
    (void)state;
    struct zc_client *c = zt_connect(&srv, NULL);
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__UNAUTHENTICATED);
    zc_close(c);
    /* a well-formed token nobody issued */
    c = zt_connect(&srv, "0000000000000000000000000000000000000000000000000000000000000000");
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__UNAUTHENTICATED);
    zc_close(c);
    /* a malformed token is refused at Hello, naming the field */
    struct zc_options o;
    struct zc_error err = {0};
    zt_options(&srv, &o);
    o.session_token = "not-a-token";
    assert_int_equal(zc_connect(&o, &c, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(err.field, "session_token");
}

static int change_password(struct zc_client *c, const char *old, const char *fresh, const char *key,
                           struct zc_error *err)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__ChangePassword cp = ZHUCUN__CHANGE_PASSWORD__INIT;
    cp.old_password = (char *)old;
    cp.new_password = (char *)fresh;
    req.body_case = ZHUCUN__REQUEST__BODY_CHANGE_PASSWORD;
    req.change_password = &cp;
    req.idempotency_key = (char *)(key ? key : "");
    Zhucun__Reply *reply = NULL;
    int rc = zc_call(c, &req, &reply, err);
    zc_reply_free(reply);
    return rc;
}

static void test_change_password_revokes_other_sessions(void **state)
{
    (void)state;
    struct zc_error err = {0};
    struct zc_client *a = zt_login(&srv, "dave", PW, NULL);
    struct zc_client *b = zt_login(&srv, "dave", PW, NULL);
    assert_int_equal(change_password(a, PW, "short", NULL, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(err.field, "new_password");
    assert_int_equal(change_password(a, "not the old one", "a new password 1", NULL, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(err.field, "old_password");
    assert_int_equal(zt_whoami(b), ZHUCUN__CODE__OK);

    assert_int_equal(change_password(a, PW, "a new password 1", NULL, &err), 0);
    assert_int_equal(zt_whoami(a), ZHUCUN__CODE__OK);
    assert_int_equal(zt_whoami(b), ZHUCUN__CODE__UNAUTHENTICATED);
    zc_close(a);
    zc_close(b);
    assert_int_equal(login_code("dave", PW, NULL, 0), ZHUCUN__CODE__UNAUTHENTICATED);
    assert_int_equal(login_code("dave", "a new password 1", NULL, 0), ZHUCUN__CODE__OK);
}

static void test_change_password_retry_applies_once(void **state)
{
    (void)state;
    struct zc_error err = {0};
    char *before = zt_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'password.change'");
    struct zc_client *c = zt_login(&srv, "bob", PW, NULL);
    const char *key = "retry-key-0001";
    assert_int_equal(change_password(c, PW, "bobs new password", key, &err), 0);
    /* The retry carries the same key (and the now-stale old password): same answer, no change. */
    assert_int_equal(change_password(c, PW, "bobs new password", key, &err), 0);
    zc_close(c);
    c = zt_login(&srv, "bob", "bobs new password", NULL);
    /* The key again with another request: refused, the key is bound to the first request
     * (issue 13), and nothing changed. */
    assert_int_equal(change_password(c, "bobs new password", "bobs third password", key, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_string_equal(err.field, "idempotency_key");
    zc_close(c);
    assert_int_equal(login_code("bob", "bobs new password", NULL, 0), ZHUCUN__CODE__OK);
    char *after = zt_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'password.change'");
    assert_int_equal(atoi(after), atoi(before) + 1);
    free(before);
    free(after);
}

static void test_must_change_password_flag(void **state)
{
    (void)state;
    struct zc_client *c = zt_connect(&srv, NULL);
    Zhucun__Reply *reply = NULL;
    struct zc_error err;
    assert_int_equal(zc_login(c, "erin", "initial-password", &reply, &err), 0);
    assert_true(reply->login->must_change_password);
    zc_reply_free(reply);
    assert_int_equal(change_password(c, "initial-password", "erins own password", NULL, &err), 0);
    zc_close(c);
    c = zt_connect(&srv, NULL);
    assert_int_equal(zc_login(c, "erin", "erins own password", &reply, &err), 0);
    assert_false(reply->login->must_change_password);
    zc_reply_free(reply);
    zc_close(c);
}

static void test_malformed_utf8_named(void **state)
{
    (void)state;
    struct zc_client *c = zt_connect(&srv, NULL);
    Zhucun__Reply *reply = NULL;
    struct zc_error err = {0};
    assert_int_equal(zc_login(c, "ab\xff\xfe", "whatever password", &reply, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(err.field, "username");
    zc_reply_free(reply);
    zc_close(c);
}

static void test_request_id_zero_refused(void **state)
{
    (void)state;
    struct zc_client *c = zt_connect(&srv, NULL);
    /* zc_send assigns ids; write the frame by hand to send id 0. */
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Ping p = ZHUCUN__PING__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_PING;
    req.ping = &p;
    size_t len;
    uint8_t *frame = frame_pack(&req.base, &len);
    struct zc_error err;
    assert_int_equal(zc_send_raw(c, frame, len, &err), 0);
    free(frame);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zc_recv(c, &reply, 5000, &err), 0);
    assert_int_equal(reply->status->code, ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(reply->status->fields[0]->field, "id");
    zc_reply_free(reply);
    zc_close(c);
}

static void test_audit_chain_and_append_only(void **state)
{
    (void)state;
    char *n = zt_sql(&srv, "SELECT count(*) FROM audit WHERE action IN ('login', 'logout',"
                           " 'login.failed', 'password.change', 'user.add')");
    assert_true(atoi(n) > 10);
    free(n);
    /* Every row's hash covers its content and the previous row's hash. */
    n = zt_sql(&srv, "SELECT count(*) FROM ("
                     " SELECT a.hash, a.prev_hash, lag(a.hash) OVER (ORDER BY a.seq) AS prev,"
                     "  sha256(a.prev_hash || convert_to(zc_audit_canonical(a), 'UTF8')) AS want"
                     " FROM audit a) x"
                     " WHERE hash <> want OR prev_hash <> coalesce(prev, '\\x" // genesis
                     "0000000000000000000000000000000000000000000000000000000000000000'::bytea)");
    assert_string_equal(n, "0");
    free(n);
    /* The server's role can append but not rewrite or remove. */
    assert_int_equal(zt_sql_as_app(&srv, "UPDATE audit SET actor = 'x'"), -1);
    assert_int_equal(zt_sql_as_app(&srv, "DELETE FROM audit"), -1);
    assert_int_equal(zt_sql_as_app(&srv, "TRUNCATE audit"), -1);
    assert_int_equal(zt_sql_as_app(&srv, "SELECT count(*) FROM audit"), 0);
}

/* Password spraying: guesses at many names from one address, or from one network, are
 * throttled by where they come from; a user elsewhere is not held up. */
static void test_spray_throttled_per_address_and_network(void **state)
{
    (void)state;
    char m[512];
    /* The address's allowance of three failures reaches the check, whatever the names ... */
    const char *guessed[] = {"sp-one", "sp-two", "sp-three", "sp-four"};
    for (int i = 0; i < 4; i++)
        assert_int_equal(login_from(&spray, "127.0.0.1", guessed[i], "a wrong guess", m, sizeof(m)),
                         ZHUCUN__CODE__UNAUTHENTICATED);
    /* ... and the fourth failure made the address wait 1 s: the next guess, at once, is
     * refused before any password is checked, with the wait in words. */
    assert_int_equal(login_from(&spray, "127.0.0.1", "sp-five", "a wrong guess", m, sizeof(m)),
                     ZHUCUN__CODE__RESOURCE_EXHAUSTED);
    assert_non_null(strstr(m, "本地址"));
    assert_non_null(strstr(m, "秒后再试"));
    assert_int_equal(login_from(&spray, "127.0.0.1", "alice", PW, m, sizeof(m)),
                     ZHUCUN__CODE__RESOURCE_EXHAUSTED);
    /* Another address of the /24 is not held up: the network has had four of its six. */
    assert_int_equal(login_from(&spray, "127.0.0.2", "alice", PW, m, sizeof(m)), ZHUCUN__CODE__OK);
    /* Three more failures from two more addresses of the /24 pass its allowance ... */
    assert_int_equal(login_from(&spray, "127.0.0.2", "sp-six", "a wrong guess", m, sizeof(m)),
                     ZHUCUN__CODE__UNAUTHENTICATED);
    assert_int_equal(login_from(&spray, "127.0.0.3", "sp-seven", "a wrong guess", m, sizeof(m)),
                     ZHUCUN__CODE__UNAUTHENTICATED);
    assert_int_equal(login_from(&spray, "127.0.0.3", "sp-eight", "a wrong guess", m, sizeof(m)),
                     ZHUCUN__CODE__UNAUTHENTICATED);
    /* ... and the whole /24 waits, an address of it never seen before too ... */
    assert_int_equal(login_from(&spray, "127.0.0.4", "sp-nine", "a wrong guess", m, sizeof(m)),
                     ZHUCUN__CODE__RESOURCE_EXHAUSTED);
    assert_non_null(strstr(m, "本网段"));
    /* ... while a user in another network logs in. */
    assert_int_equal(login_from(&spray, "127.0.1.1", "alice", PW, m, sizeof(m)), ZHUCUN__CODE__OK);
    /* The wait runs out. */
    assert_int_equal(login_patiently(&spray, "127.0.0.1", "alice", PW, m, sizeof(m)),
                     ZHUCUN__CODE__OK);
}

/* Five failures for a name lock it from that address only, for the 15 minutes configured
 * (said as 15, not 16); its owner logs in from elsewhere. */
static void test_lock_is_per_name_and_address(void **state)
{
    (void)state;
    char m[512];
    const char *names[] = {"dave", "gina", "hank"};
    const char *from[] = {"127.0.2.1", "127.0.4.1", "127.0.5.1"};
    for (int n = 0; n < 3; n++) {
        for (int i = 0; i < 5; i++)
            assert_int_equal(
                login_patiently(&spray, from[n], names[n], "a wrong guess", m, sizeof(m)),
                ZHUCUN__CODE__UNAUTHENTICATED);
        assert_non_null(strstr(m, "锁定 15 分钟"));
        /* Locked from there, even with the right password ... */
        assert_int_equal(login_patiently(&spray, from[n], names[n], PW, m, sizeof(m)),
                         ZHUCUN__CODE__RESOURCE_EXHAUSTED);
        assert_non_null(strstr(m, "请 15 分钟后再试"));
    }
    /* ... but not from another address (of another network, or of the same /24). */
    assert_int_equal(login_from(&spray, "127.0.3.1", "dave", PW, m, sizeof(m)), ZHUCUN__CODE__OK);
    assert_int_equal(login_from(&spray, "127.0.2.9", "dave", PW, m, sizeof(m)), ZHUCUN__CODE__OK);
    char *n =
        zt_sql(&spray, "SELECT count(*) FROM login_throttle WHERE username = 'dave'"
                       " AND addr = '127.0.2.1' AND locked_until > now() + interval '14 min'");
    assert_string_equal(n, "1");
    free(n);
}

static long long spray_count(const char *sql)
{
    char *v = zt_sql(&spray, sql);
    long long n = atoll(v);
    free(v);
    return n;
}

/* Refusals under a spray are audited once per address (or name and address) and minute, with
 * the count of the rest when the minute is over: not one audit row per guess. */
static void test_refusals_audited_per_minute(void **state)
{
    (void)state;
    char m[512], name[32];
    /* Three failures for one name from one address (its allowance), then four at once, each
     * at another name: the address waits, and they are refused. */
    for (int i = 0; i < 3; i++)
        assert_int_equal(login_from(&spray, "127.0.6.1", "hank", "a wrong guess", m, sizeof(m)),
                         ZHUCUN__CODE__UNAUTHENTICATED);
    assert_int_equal(login_from(&spray, "127.0.6.1", "sp-x0", "a wrong guess", m, sizeof(m)),
                     ZHUCUN__CODE__UNAUTHENTICATED);
    for (int i = 1; i <= 6; i++) {
        snprintf(name, sizeof(name), "sp-x%d", i);
        assert_int_equal(login_from(&spray, "127.0.6.1", name, "a wrong guess", m, sizeof(m)),
                         ZHUCUN__CODE__RESOURCE_EXHAUSTED);
    }
    /* Fewer rows than refusals (a minute may have turned meanwhile: at most two) ... */
    assert_true(spray_count("SELECT count(*) FROM audit WHERE object = 'addr:127.0.6.1'") <= 2);
    assert_true(spray_count("SELECT count(*) FROM audit WHERE object = 'user:hank'"
                            " AND client_addr LIKE '127.0.6.1:%'") <= 2);
    /* ... and once the minutes are over (made so here), the rest is written out by the next
     * login, as counts: every refusal is accounted for. */
    free(zt_sql(&spray, "UPDATE login_refusals SET minute = minute - interval '10 minutes'"));
    assert_int_equal(login_from(&spray, "127.0.9.9", "alice", PW, m, sizeof(m)), ZHUCUN__CODE__OK);
    assert_int_equal(spray_count("SELECT count(*) FROM login_refusals"), 0);
    assert_int_equal(spray_count("SELECT sum(coalesce((detail->>'more')::int, 1)) FROM audit"
                                 " WHERE object = 'addr:127.0.6.1' AND action = 'login.refused'"),
                     6);
    assert_int_equal(spray_count("SELECT sum(coalesce((detail->>'more')::int, 1)) FROM audit"
                                 " WHERE object = 'user:hank'"
                                 " AND split_part(client_addr, ':', 1) = '127.0.6.1'"),
                     3);
    char *names = zt_sql(&spray, "SELECT detail->>'names' FROM audit WHERE object ="
                                 " 'addr:127.0.6.1' AND detail ? 'more' ORDER BY seq LIMIT 1");
    assert_non_null(strstr(names, "sp-x2"));
    free(names);
}

/* An exporter bound to a client certificate logs in by that certificate only: a password,
 * right or wrong, is refused alike without being checked. */
static void test_bound_exporter_password_refused(void **state)
{
    (void)state;
    char m1[512], m2[512], cmd[1400], out[4096];
    assert_int_equal(zt_useradd(&srv, "exp-one", PW, "exporter", PROVINCE, 0), 0);
    assert_int_equal(login_code("exp-one", PW, NULL, 0), ZHUCUN__CODE__OK);
    snprintf(cmd, sizeof(cmd), "%s cert-bind --config %s exp-one /CN=exporter 2>&1", ZT_SERVER_BIN,
             srv.config);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_int_equal(login_code("exp-one", PW, m1, sizeof(m1)), ZHUCUN__CODE__UNAUTHENTICATED);
    assert_non_null(strstr(m1, "证书"));
    assert_int_equal(login_code("exp-one", "a wrong guess", m2, sizeof(m2)),
                     ZHUCUN__CODE__UNAUTHENTICATED);
    assert_string_equal(m1, m2);
    /* The certificate still logs it in. */
    char cert[600], key[600];
    snprintf(cert, sizeof(cert), "%s/client.crt", getenv("ZC_TEST_CERTS"));
    snprintf(key, sizeof(key), "%s/client.key", getenv("ZC_TEST_CERTS"));
    struct zc_options o;
    zt_options(&srv, &o);
    o.cert = cert;
    o.key = key;
    struct zc_client *c = NULL;
    struct zc_error err;
    assert_int_equal(zc_connect(&o, &c, &err), 0);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zc_login(c, "exp-one", "", &reply, &err), 0);
    zc_reply_free(reply);
    zc_close(c);
}

/* Hello's protocol_version 2^32+1, written as the varint it is on the wire, is refused, not
 * read as 1. */
static void test_protocol_version_past_32_bits_refused(void **state)
{
    (void)state;
    struct zc_options o;
    struct zc_client *c;
    struct zc_error err = {0};
    zt_options(&srv, &o);
    o.skip_hello = 1;
    assert_int_equal(zc_connect(&o, &c, &err), 0);
    /* Request { id: 1, hello (10): { protocol_version (1): 4294967297, client_name (2): "t" } } */
    static const uint8_t frame[] = {0x00, 0x00, 0x00, 0x0d, 0x08, 0x01, 0x52, 0x09, 0x08,
                                    0x81, 0x80, 0x80, 0x80, 0x10, 0x12, 0x01, 't'};
    assert_int_equal(zc_send_raw(c, frame, sizeof(frame), &err), 0);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zc_recv(c, &reply, 5000, &err), 0);
    assert_int_equal(reply->id, 1);
    assert_non_null(reply->status);
    assert_int_equal(reply->status->code, ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_non_null(strstr(reply->status->message, "4294967297"));
    assert_string_equal(reply->status->fields[0]->field, "protocol_version");
    zc_reply_free(reply);
    zc_close(c);
}

static int log_count(const char *what)
{
    return zt_log_lines(srv.log, what, NULL, NULL);
}

/* A certificate that does not verify is UNAUTHENTICATED with a message naming it, on either
 * side: not UNAVAILABLE, which is retried. The CLI reports it after one attempt. */
static void test_certificate_failure_is_unauthenticated(void **state)
{
    (void)state;
    const char *dir = getenv("ZC_TEST_CERTS");
    char ca[600], cert[600], key[600];
    struct zc_options o;
    struct zc_client *c = NULL;
    struct zc_error err = {0};
    /* The server's certificate, checked against a CA that did not sign it. */
    snprintf(ca, sizeof(ca), "%s/other-ca.crt", dir);
    zt_options(&srv, &o);
    o.ca = ca;
    assert_int_equal(zc_connect(&o, &c, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__UNAUTHENTICATED);
    assert_non_null(strstr(err.message, "服务器证书"));
    /* A client certificate the server refuses (signed by a CA it does not trust). */
    snprintf(cert, sizeof(cert), "%s/rogue-client.crt", dir);
    snprintf(key, sizeof(key), "%s/rogue-client.key", dir);
    zt_options(&srv, &o);
    o.cert = cert;
    o.key = key;
    assert_int_equal(zc_connect(&o, &c, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__UNAUTHENTICATED);
    assert_non_null(strstr(err.message, "客户端证书"));
    /* The CLI: exit status 3 (UNAUTHENTICATED), one handshake on the server, not two. */
    char conf[700], cmd[2000], out[4096];
    snprintf(conf, sizeof(conf), "%s/rogue-cli.conf", srv.dir);
    FILE *f = fopen(conf, "w");
    assert_non_null(f);
    fprintf(f,
            "[client]\nserver = 127.0.0.1:%d\nca = %s/ca.crt\ncert = %s\nkey = %s\n"
            "session = %s/rogue-session\n",
            srv.port, dir, cert, key, srv.dir);
    fclose(f);
    zt_sleep_ms(200); /* the lines of the two handshakes above (written within 50 ms) */
    int before = log_count("tls handshake failed");
    snprintf(cmd, sizeof(cmd), "%s --config %s ping --count 1 2>&1", ZT_CLI_BIN, conf);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 3);
    assert_non_null(strstr(out, "客户端证书"));
    for (int i = 0; i < 20 && log_count("tls handshake failed") == before; i++)
        zt_sleep_ms(50);
    zt_sleep_ms(300); /* a retry would come within this */
    assert_int_equal(log_count("tls handshake failed"), before + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hello_reports_version_and_limits),
        cmocka_unit_test(test_hello_version_mismatch_refused),
        cmocka_unit_test(test_first_request_must_be_hello),
        cmocka_unit_test(test_login_and_whoami),
        cmocka_unit_test(test_wrong_password_and_unknown_user_look_the_same),
        cmocka_unit_test(test_throttle_after_five_failures),
        cmocka_unit_test(test_parallel_guesses_are_throttled_too),
        cmocka_unit_test(test_logout_revokes),
        cmocka_unit_test(test_not_logged_in),
        cmocka_unit_test(test_change_password_revokes_other_sessions),
        cmocka_unit_test(test_change_password_retry_applies_once),
        cmocka_unit_test(test_must_change_password_flag),
        cmocka_unit_test(test_request_id_zero_refused),
        cmocka_unit_test(test_malformed_utf8_named),
        cmocka_unit_test(test_audit_chain_and_append_only),
        cmocka_unit_test(test_spray_throttled_per_address_and_network),
        cmocka_unit_test(test_lock_is_per_name_and_address),
        cmocka_unit_test(test_refusals_audited_per_minute),
        cmocka_unit_test(test_bound_exporter_password_refused),
        cmocka_unit_test(test_protocol_version_past_32_bits_refused),
        cmocka_unit_test(test_certificate_failure_is_unauthenticated),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
