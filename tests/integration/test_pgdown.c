/* test_pgdown.c -- PostgreSQL goes away: requests fail fast with UNAVAILABLE; it comes back:
 * the same server serves again without a restart. Runs alone (RUN_SERIAL). */
#include "harness.h"

#include <string.h>

static void test_database_away_and_back(void **state)
{
    (void)state;
    struct zt_server srv;
    zt_server_start(&srv, "pgdown", NULL);
    assert_int_equal(
        zt_useradd(&srv, "alice", "correct horse battery", "province_office", "140000000000", 0),
        0);
    char token[65];
    struct zc_client *c = zt_login(&srv, "alice", "correct horse battery", token);
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__OK);
    zc_close(c);

    zt_pg("stop");
    /* Give the pool a moment to see its connections drop (they do not need to: a query on a
     * dead connection fails too). */
    zt_sleep_ms(300);
    c = zt_connect(&srv, token);
    for (int i = 0; i < 5; i++) {
        long long t0 = zt_now_ms();
        assert_int_equal(zt_whoami(c), ZHUCUN__CODE__UNAVAILABLE);
        assert_true(zt_now_ms() - t0 < 3000); /* fails fast, does not hang */
    }
    /* Requests that need no database still work. */
    assert_int_equal(zt_ping(c), ZHUCUN__CODE__OK);

    zt_pg("start");
    long long deadline = zt_now_ms() + 15000;
    Zhucun__Code code = ZHUCUN__CODE__UNAVAILABLE;
    while (zt_now_ms() < deadline) {
        code = zt_whoami(c);
        if (code != ZHUCUN__CODE__UNAVAILABLE)
            break;
        zt_sleep_ms(100);
    }
    assert_int_equal(code, ZHUCUN__CODE__OK);
    zc_close(c);
    /* and new logins too, on every worker (each worker's pool reconnects on its own backoff,
     * at most reconnect_max = 500 ms after the database is back) */
    zt_sleep_ms(600);
    for (int i = 0; i < 6; i++) {
        c = zt_login(&srv, "alice", "correct horse battery", NULL);
        zc_close(c);
    }
    zt_server_finish(&srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_database_away_and_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
