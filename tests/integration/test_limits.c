/* test_limits.c -- the server's queues have numbers: the database wait queue and the password
 * hashing queue answer RESOURCE_EXHAUSTED when full, and nothing else breaks. */
#include "harness.h"

#include <string.h>

#define PW "correct horse battery"

static struct zt_server srv;

static int setup(void **state)
{
    (void)state;
    /* One worker, one database connection taking one query at a time, no waiting room. */
    zt_server_start(&srv, "limits",
                    "[server]\nworkers = 1\n[database]\npool_size = 1\npipeline = 1\n"
                    "queue_max = 0\n");
    assert_int_equal(zt_useradd(&srv, "alice", PW, "province_office", "140000000000", 0), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zt_server_finish(&srv);
    return 0;
}

/* Sends n requests built by make in one pipeline; counts replies by code. When want is not
 * NULL, every RESOURCE_EXHAUSTED message must contain it (it says which queue was full). */
static void pipeline(struct zc_client *c, int n, void (*make)(Zhucun__Request *, void *),
                     const char *want, int *ok, int *exhausted)
{
    struct zc_error err;
    union {
        Zhucun__WhoAmI w;
        Zhucun__Login l;
    } body;
    for (int i = 0; i < n; i++) {
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        make(&req, &body);
        assert_true(zc_send(c, &req, &err) != 0);
    }
    *ok = *exhausted = 0;
    for (int i = 0; i < n; i++) {
        Zhucun__Reply *reply = NULL;
        assert_int_equal(zc_recv(c, &reply, 20000, &err), 0);
        Zhucun__Code code = reply->status ? reply->status->code : ZHUCUN__CODE__OK;
        if (code == ZHUCUN__CODE__OK)
            (*ok)++;
        else if (code == ZHUCUN__CODE__RESOURCE_EXHAUSTED) {
            (*exhausted)++;
            if (want != NULL)
                assert_non_null(strstr(reply->status->message, want));
        } else
            fail_msg("unexpected status %d: %s", code, reply->status->message);
        zc_reply_free(reply);
    }
}

static void make_whoami(Zhucun__Request *req, void *body)
{
    Zhucun__WhoAmI *w = body;
    zhucun__who_am_i__init(w);
    req->body_case = ZHUCUN__REQUEST__BODY_WHOAMI;
    req->whoami = w;
}

static void make_login(Zhucun__Request *req, void *body)
{
    Zhucun__Login *l = body;
    zhucun__login__init(l);
    l->username = "alice";
    l->password = PW;
    req->body_case = ZHUCUN__REQUEST__BODY_LOGIN;
    req->login = l;
}

static void test_database_queue_full(void **state)
{
    (void)state;
    struct zc_client *c = zt_login(&srv, "alice", PW, NULL);
    int ok, exhausted;
    /* Ten arrive together: the first takes the only connection, the rest find no room. */
    pipeline(c, 10, make_whoami, "服务器繁忙", &ok, &exhausted);
    assert_true(ok >= 1);
    assert_true(exhausted >= 1);
    assert_int_equal(ok + exhausted, 10);
    /* One at a time, all succeed. */
    for (int i = 0; i < 5; i++)
        assert_int_equal(zt_whoami(c), ZHUCUN__CODE__OK);
    zc_close(c);
}

/* The same server with four in flight on its one connection: four of ten pipelined requests
 * are sent behind each other, the rest find no room. */
static void test_pipeline_depth_bounds_the_connection(void **state)
{
    (void)state;
    struct zt_server ps;
    zt_server_start(&ps, "limits_depth",
                    "[server]\nworkers = 1\n[database]\npool_size = 1\npipeline = 4\n"
                    "queue_max = 0\n");
    assert_int_equal(zt_useradd(&ps, "alice", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *c = zt_login(&ps, "alice", PW, NULL);
    int ok, exhausted;
    pipeline(c, 10, make_whoami, "服务器繁忙", &ok, &exhausted);
    assert_true(ok >= 4);
    assert_true(exhausted >= 1);
    assert_int_equal(ok + exhausted, 10);
    zc_close(c);
    zt_server_finish(&ps);
}

static void test_hash_queue_full(void **state)
{
    (void)state;
    /* A server of its own with room in the database queue, so the logins reach the hasher:
     * one hash at a time, none waiting. */
    struct zt_server hs;
    zt_server_start(&hs, "hashq",
                    "[server]\nworkers = 1\n[auth]\nhash_concurrency = 1\nhash_queue = 0\n"
                    "login_max_failures = 100\n");
    assert_int_equal(zt_useradd(&hs, "alice", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *c = zt_connect(&hs, NULL);
    int ok, exhausted;
    pipeline(c, 6, make_login, "登录请求过多", &ok, &exhausted);
    assert_true(ok >= 1);
    assert_true(exhausted >= 1);
    zc_close(c);
    /* and the server recovers */
    c = zt_login(&hs, "alice", PW, NULL);
    zc_close(c);
    zt_server_finish(&hs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_database_queue_full),
        cmocka_unit_test(test_pipeline_depth_bounds_the_connection),
        cmocka_unit_test(test_hash_queue_full),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
