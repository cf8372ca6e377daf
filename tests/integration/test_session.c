/* test_session.c -- sessions end after the idle timeout and at the absolute limit; the daily
 * cleanup removes what is past keeping and nothing else; a session revoked elsewhere is pushed
 * to the connections that follow events with it, which are then closed. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct zt_server srv;

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "session", "[auth]\nsession_idle = 1s\nsession_max = 3s\n");
    assert_int_equal(
        zt_useradd(&srv, "alice", "correct horse battery", "province_office", "140000000000", 0),
        0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zt_server_finish(&srv);
    return 0;
}

static void test_idle_expiry(void **state)
{
    (void)state;
    char token[65];
    struct zc_client *c = zt_login(&srv, "alice", "correct horse battery", token);
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__OK);
    zt_sleep_ms(1500);
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__UNAUTHENTICATED);
    zc_close(c);
    c = zt_connect(&srv, token);
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__UNAUTHENTICATED);
    zc_close(c);
}

static void test_activity_keeps_it_alive_until_the_absolute_limit(void **state)
{
    (void)state;
    struct zc_client *c = zt_login(&srv, "alice", "correct horse battery", NULL);
    long long start = zt_now_ms();
    /* A request every 300 ms keeps an idle-1s session alive ... */
    while (zt_now_ms() - start < 2400) {
        assert_int_equal(zt_whoami(c), ZHUCUN__CODE__OK);
        zt_sleep_ms(300);
    }
    /* ... but not past session_max (3 s after login). */
    while (zt_now_ms() - start < 3300) {
        zt_whoami(c);
        zt_sleep_ms(300);
    }
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__UNAUTHENTICATED);
    zc_close(c);
}

static long long count(const char *sql)
{
    char *v = zt_sql(&srv, sql);
    long long n = atoll(v);
    free(v);
    return n;
}

static void test_cleanup(void **state)
{
    (void)state;
    struct zc_client *c = zt_login(&srv, "alice", "correct horse battery", NULL);
    /* a session that ended ten days ago, a throttle quiet for two days, an old and a fresh
     * idempotency key */
    free(zt_sql(&srv, "INSERT INTO sessions (token_hash, user_id, idle_timeout, expires_at,"
                      " last_seen, created_at) SELECT sha256('old'), id, '1 hour',"
                      " now() - interval '10 days', now() - interval '11 days',"
                      " now() - interval '11 days' FROM users WHERE username = 'alice'"));
    free(zt_sql(&srv, "INSERT INTO login_throttle VALUES ('bob', 3, now() - interval '2 days',"
                      " NULL)"));
    free(zt_sql(&srv, "INSERT INTO idempotency (user_id, key, call, created_at) SELECT id,"
                      " 'old-key', 'Test', now() - interval '8 days' FROM users WHERE username"
                      " = 'alice' UNION ALL SELECT id, 'new-key', 'Test', now() FROM users"
                      " WHERE username = 'alice'"));
    long long sessions = count("SELECT count(*) FROM sessions");
    char cmd[1400], out[4096];
    snprintf(cmd, sizeof(cmd), "%s cleanup --config %s 2>&1", ZT_SERVER_BIN, srv.config);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "1 quiet login throttles"));
    assert_int_equal(count("SELECT count(*) FROM sessions"), sessions - 1);
    assert_int_equal(count("SELECT count(*) FROM sessions WHERE token_hash = sha256('old')"), 0);
    assert_int_equal(count("SELECT count(*) FROM login_throttle WHERE username = 'bob'"), 0);
    assert_int_equal(count("SELECT count(*) FROM idempotency WHERE key = 'old-key'"), 0);
    assert_int_equal(count("SELECT count(*) FROM idempotency WHERE key = 'new-key'"), 1);
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__OK); /* the live session is untouched */
    zc_close(c);
}

/* ---- revoked sessions pushed ---- */

#define PW  "correct horse battery"
#define PW2 "another horse battery"

static struct zt_server push;

/* Logs user in on a fresh connection (its token into token when not NULL) that follows its
 * queue, as an approver's desk does. */
static struct zc_client *follower(const char *user, char *token)
{
    struct zc_client *c = zt_login(&push, user, PW, token);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__QueueFollow qf = ZHUCUN__QUEUE_FOLLOW__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_QUEUE_FOLLOW;
    req.queue_follow = &qf;
    assert_int_equal(zt_call(c, &req, NULL), ZHUCUN__CODE__OK);
    return c;
}

/* The connection learns at once that its session ended (an event: id 0, UNAUTHENTICATED),
 * and the server closes it. */
static void expect_ended(struct zc_client *c)
{
    Zhucun__Reply *r = NULL;
    struct zc_error err;
    assert_int_equal(zc_recv(c, &r, 5000, &err), 0);
    assert_int_equal(r->id, 0);
    assert_non_null(r->status);
    assert_int_equal(r->status->code, ZHUCUN__CODE__UNAUTHENTICATED);
    assert_non_null(strstr(r->status->message, "会话已结束"));
    zc_reply_free(r);
    r = NULL;
    assert_int_equal(zc_recv(c, &r, 5000, &err), -1);
    assert_null(r);
    zc_close(c);
}

/* Nothing was pushed to c, and it still answers. */
static void expect_untouched(struct zc_client *c)
{
    Zhucun__Reply *r = NULL;
    struct zc_error err;
    assert_int_equal(zc_recv(c, &r, 300, &err), -1); /* the wait runs out: nothing came */
    assert_null(r);
    assert_int_equal(zt_ping(c), ZHUCUN__CODE__OK);
}

static void test_revoked_session_pushed(void **state)
{
    (void)state;
    zt_server_start(&push, "session_push", NULL);
    const char *users[] = {"alice", "bob", "carol"};
    for (int i = 0; i < 3; i++)
        assert_int_equal(zt_useradd(&push, users[i], PW, "province_office", "140000000000", 0), 0);
    struct zc_client *bob = follower("bob", NULL);

    /* Logout from another connection of the same session. */
    char token[65];
    struct zc_client *a = follower("alice", token);
    struct zc_client *elsewhere = zt_connect(&push, token);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Logout lo = ZHUCUN__LOGOUT__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LOGOUT;
    req.logout = &lo;
    assert_int_equal(zt_call(elsewhere, &req, NULL), ZHUCUN__CODE__OK);
    zc_close(elsewhere);
    expect_ended(a);
    expect_untouched(bob);

    /* A password change ends the user's other sessions, not the one it was made in. */
    a = follower("alice", NULL);
    struct zc_client *b = zt_login(&push, "alice", PW, NULL);
    Zhucun__ChangePassword cp = ZHUCUN__CHANGE_PASSWORD__INIT;
    cp.old_password = PW;
    cp.new_password = PW2;
    req = (Zhucun__Request)ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_CHANGE_PASSWORD;
    req.change_password = &cp;
    assert_int_equal(zt_call(b, &req, NULL), ZHUCUN__CODE__OK);
    expect_ended(a);
    assert_int_equal(zt_whoami(b), ZHUCUN__CODE__OK);
    zc_close(b);

    /* An account disabled (what UserSetDisabled runs). */
    struct zc_client *c = follower("carol", NULL);
    free(zt_sql(&push, "SELECT zc_user_set_disabled('carol', ARRAY['14%'], true, NULL, 'test',"
                       " '')"));
    expect_ended(c);
    expect_untouched(bob);
    zc_close(bob);
    zt_server_finish(&push);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cleanup),
        cmocka_unit_test(test_idle_expiry),
        cmocka_unit_test(test_activity_keeps_it_alive_until_the_absolute_limit),
        cmocka_unit_test(test_revoked_session_pushed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
