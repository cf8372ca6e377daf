/* test_logflush.c -- a worker's log lines are buffered and written together (at 16 KiB or
 * 50 ms), and nothing logged is lost: held back on purpose (ZHUCUN_TEST_LOG_HOLD=1, test builds),
 * the lines still reach the file when the server crashes (SIGSEGV, SIGABRT) and when it stops. */
#include "harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW "correct horse battery"

static struct zt_server srv;

static int setup(void **state)
{
    (void)state;
    setenv("ZHUCUN_TEST_LOG_HOLD", "1", 1);
    zt_server_start(&srv, "logflush", NULL);
    assert_int_equal(zt_useradd(&srv, "alice", PW, "province_office", "140000000000", 0), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unsetenv("ZHUCUN_TEST_LOG_HOLD");
    zt_server_finish(&srv);
    return 0;
}

static int count_lines(const char *needle)
{
    FILE *f = fopen(srv.log, "r");
    assert_non_null(f);
    char line[4096];
    int n = 0;
    while (fgets(line, sizeof(line), f) != NULL)
        n += strstr(line, needle) != NULL;
    fclose(f);
    return n;
}

/* Three WhoAmI by alice, whose request lines the held buffer keeps back. */
static void three_requests(void)
{
    struct zc_client *c = zt_login(&srv, "alice", PW, NULL);
    for (int i = 0; i < 3; i++)
        assert_int_equal(zt_whoami(c), ZHUCUN__CODE__OK);
    zc_close(c);
}

static void crash_keeps_lines(int sig)
{
    int before = count_lines("call=WhoAmI");
    three_requests();
    zt_sleep_ms(200);
    assert_int_equal(count_lines("call=WhoAmI"), before); /* held in the buffer */
    assert_int_equal(kill(srv.pid, sig), 0);
    assert_int_not_equal(zt_server_wait(&srv, 15000), 0);
    assert_int_equal(count_lines("call=WhoAmI"), before + 3);
    zt_server_restart(&srv);
}

static void test_segv_flushes(void **state)
{
    (void)state;
    crash_keeps_lines(SIGSEGV);
}

static void test_abort_flushes(void **state)
{
    (void)state;
    crash_keeps_lines(SIGABRT);
}

static void test_stop_flushes(void **state)
{
    (void)state;
    int before = count_lines("call=WhoAmI");
    three_requests();
    assert_int_equal(zt_server_stop(&srv, 15000), 0);
    assert_int_equal(count_lines("call=WhoAmI"), before + 3);
    zt_server_restart(&srv);
}

/* Not held: a line is in the file within 50 ms of the loop iteration that made it. */
static void test_written_soon(void **state)
{
    (void)state;
    assert_int_equal(zt_server_stop(&srv, 15000), 0);
    unsetenv("ZHUCUN_TEST_LOG_HOLD");
    zt_server_restart(&srv);
    int before = count_lines("call=WhoAmI");
    three_requests();
    int tries = 0;
    while (count_lines("call=WhoAmI") < before + 3 && tries++ < 100)
        zt_sleep_ms(20);
    assert_int_equal(count_lines("call=WhoAmI"), before + 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_segv_flushes),
        cmocka_unit_test(test_abort_flushes),
        cmocka_unit_test(test_stop_flushes),
        cmocka_unit_test(test_written_soon),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
