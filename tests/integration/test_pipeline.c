/* test_pipeline.c -- the pool pipelines: many requests in flight on few database connections
 * are all answered, each by its own transaction (an error in one leaves its neighbours alone),
 * and a statement stuck on a lock holds up only what was already sent behind it: requests
 * that come after go to another connection and are answered while it waits. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW "correct horse battery"

static struct zt_server srv;

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "pipeline",
                    "[server]\nworkers = 1\n[database]\npool_size = 2\npipeline = 8\n");
    assert_int_equal(zt_useradd(&srv, "alice", PW, "province_office", "140000000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "carol", PW, "province_office", "140000000000", 0), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zt_server_finish(&srv);
    return 0;
}

static void org_show(Zhucun__Request *req, Zhucun__OrgShow *os, const char *code)
{
    zhucun__org_show__init(os);
    os->code = (char *)code;
    zhucun__request__init(req);
    req->body_case = ZHUCUN__REQUEST__BODY_ORG_SHOW;
    req->org_show = os;
}

#define CONNS 8
#define DEPTH 16

/* CONNS connections send DEPTH requests each before reading any reply: whoami, an org unit
 * that exists and one that does not, in turn. Every reply comes, with its own answer. */
static void test_many_in_flight_each_its_own(void **state)
{
    (void)state;
    char token[65];
    zc_close(zt_login(&srv, "alice", PW, token));
    struct zc_client *c[CONNS];
    uint64_t ids[CONNS][DEPTH];
    int kind[CONNS][DEPTH];
    for (int i = 0; i < CONNS; i++)
        c[i] = zt_connect(&srv, token);
    struct zc_error err;
    for (int i = 0; i < CONNS; i++) {
        for (int k = 0; k < DEPTH; k++) {
            Zhucun__Request req;
            Zhucun__OrgShow os;
            Zhucun__WhoAmI w = ZHUCUN__WHO_AM_I__INIT;
            kind[i][k] = (i + k) % 3;
            if (kind[i][k] == 0) {
                zhucun__request__init(&req);
                req.body_case = ZHUCUN__REQUEST__BODY_WHOAMI;
                req.whoami = &w;
            } else {
                org_show(&req, &os, kind[i][k] == 1 ? "140000000000" : "149999999999");
            }
            ids[i][k] = zc_send(c[i], &req, &err);
            assert_true(ids[i][k] != 0);
        }
    }
    for (int i = 0; i < CONNS; i++) {
        for (int n = 0; n < DEPTH; n++) {
            Zhucun__Reply *reply = NULL;
            assert_int_equal(zc_recv(c[i], &reply, 20000, &err), 0);
            int k = 0;
            while (k < DEPTH && ids[i][k] != reply->id)
                k++;
            assert_true(k < DEPTH);
            Zhucun__Code code = reply->status != NULL ? reply->status->code : ZHUCUN__CODE__OK;
            assert_int_equal(code, kind[i][k] == 2 ? ZHUCUN__CODE__NOT_FOUND : ZHUCUN__CODE__OK);
            if (kind[i][k] == 0)
                assert_string_equal(reply->whoami->username, "alice");
            if (kind[i][k] == 1)
                assert_string_equal(reply->org_unit->code, "140000000000");
            ids[i][k] = 0;
            zc_reply_free(reply);
        }
        zc_close(c[i]);
    }
}

/* carol's ChangePassword waits on a row lock held by another transaction; while it waits,
 * alice's requests, pipelined, are all answered on the pool's other connection. */
static void test_a_stuck_statement_holds_up_nothing_sent_after(void **state)
{
    (void)state;
    struct zc_client *carol = zt_login(&srv, "carol", PW, NULL);
    char token[65];
    zc_close(zt_login(&srv, "alice", PW, token));
    struct zc_client *alice = zt_connect(&srv, token);
    assert_int_equal(zt_whoami(alice), ZHUCUN__CODE__OK);

    PGconn *lock = zt_pg_admin(&srv);
    PGresult *res = PQexec(lock, "BEGIN; SELECT 1 FROM users WHERE username = 'carol' FOR UPDATE");
    assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
    PQclear(res);

    Zhucun__Request cp = ZHUCUN__REQUEST__INIT;
    Zhucun__ChangePassword ch = ZHUCUN__CHANGE_PASSWORD__INIT;
    ch.old_password = PW;
    ch.new_password = "a much better password 2";
    cp.body_case = ZHUCUN__REQUEST__BODY_CHANGE_PASSWORD;
    cp.change_password = &ch;
    struct zc_error err;
    uint64_t cp_id = zc_send(carol, &cp, &err);
    assert_true(cp_id != 0);
    /* until the update waits on the lock */
    for (int tries = 0;; tries++) {
        assert_true(tries < 200);
        char *v = zt_sql(&srv, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type ="
                               " 'Lock' AND query LIKE '%password%'");
        int waiting = atoi(v);
        free(v);
        if (waiting > 0)
            break;
        zt_sleep_ms(50);
    }
    zt_sleep_ms(100); /* past the head-of-line limit */

    for (int k = 0; k < 3 * DEPTH; k++) {
        Zhucun__Request req;
        Zhucun__OrgShow os;
        org_show(&req, &os, "140000000000");
        assert_true(zc_send(alice, &req, &err) != 0);
    }
    for (int k = 0; k < 3 * DEPTH; k++) {
        Zhucun__Reply *reply = NULL;
        assert_int_equal(zc_recv(alice, &reply, 20000, &err), 0);
        assert_true(reply->status == NULL || reply->status->code == ZHUCUN__CODE__OK);
        zc_reply_free(reply);
    }
    /* carol is still waiting */
    Zhucun__Reply *reply = NULL;
    assert_int_not_equal(zc_recv(carol, &reply, 200, &err), 0);

    res = PQexec(lock, "ROLLBACK");
    PQclear(res);
    PQfinish(lock);
    assert_int_equal(zc_recv(carol, &reply, 20000, &err), 0);
    assert_int_equal(reply->id, cp_id);
    assert_true(reply->status == NULL || reply->status->code == ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    zc_close(carol);
    zc_close(alice);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_in_flight_each_its_own),
        cmocka_unit_test(test_a_stuck_statement_holds_up_nothing_sent_after),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
