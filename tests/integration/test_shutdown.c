/* test_shutdown.c -- SIGTERM: the server stops accepting, answers what it already took in,
 * and exits 0. */
#include "harness.h"

#include <signal.h>
#include <string.h>

static void test_sigterm_drains_in_flight(void **state)
{
    (void)state;
    enum { N = 8 };
    struct zt_server srv;
    /* One worker hashing one password at a time: eight logins take a while. (Attempts are
     * counted before the password check, so eight at once would trip the default lock.) */
    zt_server_start(
        &srv, "shutdown",
        "[server]\nworkers = 1\n[auth]\nhash_concurrency = 1\nlogin_max_failures = 100\n"
        "[limits]\nshutdown_timeout = 20s\n");
    assert_int_equal(
        zt_useradd(&srv, "alice", "correct horse battery", "province_office", "140000000000", 0),
        0);
    struct zc_client *c = zt_connect(&srv, NULL);
    struct zc_error err;
    for (int i = 0; i < N; i++) {
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        Zhucun__Login l = ZHUCUN__LOGIN__INIT;
        l.username = "alice";
        l.password = "correct horse battery";
        req.body_case = ZHUCUN__REQUEST__BODY_LOGIN;
        req.login = &l;
        assert_true(zc_send(c, &req, &err) != 0);
    }
    /* Let the frames arrive, then stop the server while the logins are still being hashed. */
    zt_sleep_ms(100);
    kill(srv.pid, SIGTERM);
    int ok = 0;
    for (int i = 0; i < N; i++) {
        Zhucun__Reply *reply = NULL;
        assert_int_equal(zc_recv(c, &reply, 20000, &err), 0);
        if (reply->status == NULL || reply->status->code == ZHUCUN__CODE__OK)
            ok++;
        if (reply->body_case != ZHUCUN__REPLY__BODY_LOGIN)
            fail_msg("reply %d: %s", (int)reply->id, reply->status ? reply->status->message : "");
        zc_reply_free(reply);
    }
    assert_int_equal(ok, N);
    /* After the last reply the server closes the connection and exits cleanly. */
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zc_recv(c, &reply, 10000, &err), -1);
    zc_close(c);
    int status = zt_server_wait(&srv, 20000);
    assert_int_equal(status, 0);
    /* Nobody listens any more. */
    struct zc_options o;
    struct zc_client *late = NULL;
    zt_options(&srv, &o);
    o.timeout_ms = 2000;
    assert_int_equal(zc_connect(&o, &late, &err), -1);
    zt_server_cleanup(&srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sigterm_drains_in_flight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
