/* test_session.c -- sessions end after the idle timeout and at the absolute limit; the daily
 * cleanup removes what is past keeping and nothing else. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cleanup),
        cmocka_unit_test(test_idle_expiry),
        cmocka_unit_test(test_activity_keeps_it_alive_until_the_absolute_limit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
