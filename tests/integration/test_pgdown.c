/* test_pgdown.c -- PostgreSQL goes away: requests fail fast with UNAVAILABLE; it comes back:
 * the same server serves again without a restart; and the libpq errors it logged meanwhile
 * (several lines each) kept the log one line per event. Runs alone (RUN_SERIAL). */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fails unless every line of the log at path starts with the log prefix "ts=" (a raw newline
 * inside a logged text would start one that does not), and event (when not NULL) was logged. */
static void assert_one_line_per_event(const char *path, const char *event)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lines = 0, seen = event == NULL;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lines++;
        if (strncmp(line, "ts=", 3) != 0)
            fail_msg("%s:%d is not a log line: %s", path, lines, line);
        if (event != NULL && strstr(line, event) != NULL)
            seen = 1;
    }
    free(line);
    fclose(f);
    assert_true(lines > 0);
    if (!seen)
        fail_msg("%s has no %s", path, event);
}

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
    int status = zt_server_stop(&srv, 15000);
    /* The LISTEN thread lost its connection and the pools theirs, with libpq's messages
     * ("server closed the connection unexpectedly\n\tThis probably means ..."). */
    assert_one_line_per_event(srv.log, "event=events.lost");
    assert_one_line_per_event(srv.log, "event=db.lost");
    zt_server_cleanup(&srv);
    assert_int_equal(status, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_database_away_and_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
