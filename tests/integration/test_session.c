/* test_session.c -- sessions end after the idle timeout and at the absolute limit. */
#include "harness.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idle_expiry),
        cmocka_unit_test(test_activity_keeps_it_alive_until_the_absolute_limit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
