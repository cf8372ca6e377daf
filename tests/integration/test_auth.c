/* test_auth.c -- Hello, login, throttling, sessions, logout, password changes, audit trail,
 * against a real server and database over TLS. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/frame.h"
#include "common/xmalloc.h"

static struct zt_server srv;

#define PROVINCE "140000000000"
#define PW       "correct horse battery"

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
    return 0;
}

static int teardown(void **state)
{
    (void)state;
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
    assert_int_equal(change_password(c, "bobs new password", "bobs third password", key, &err), 0);
    zc_close(c);
    /* The third call reused the key: it was answered from the first, so nothing changed. */
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
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
