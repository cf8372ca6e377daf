/* test_session_cache.c -- each server process caches the sessions it checked (server/core/
 * sessions.h), and a cached session is proved by the request's own query: a token revoked, a
 * user disabled or a grant taken away on one process is refused or seen on another at its
 * very next request; a changed password or user runs the request again with fresh data; the
 * uses of cached sessions reach last_seen behind, in batches. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW "correct horse battery"

static struct zt_server srv, twin;

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "session_cache", "[auth]\nsession_idle = 2s\n");
    zt_server_twin(&twin, &srv);
    assert_int_equal(zt_useradd(&srv, "alice", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(&srv, "alice", PW, NULL);
    zt_org_import(prov, "140100000000,太原市,city\n140105000000,小店区,county\n");
    zc_close(prov);
    assert_int_equal(zt_useradd(&srv, "bob", PW, "county_office", "140105000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "carol", PW, "county_office", "140105000000", 1), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(zt_server_stop(&twin, 15000), 0);
    zt_server_finish(&srv);
    return 0;
}

/* Lines of s's log that hold every one of the strings (NULL-terminated). */
static int log_lines(const struct zt_server *s, const char *a, const char *b, const char *c)
{
    return zt_log_lines(s->log, a, b, c);
}

static Zhucun__WhoAmIReply *whoami(struct zc_client *c, Zhucun__Reply **reply, Zhucun__Code *code)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__WhoAmI w = ZHUCUN__WHO_AM_I__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_WHOAMI;
    req.whoami = &w;
    *code = zt_call(c, &req, reply);
    return *code == ZHUCUN__CODE__OK ? (*reply)->whoami : NULL;
}

static void test_second_request_is_served_from_the_cache(void **state)
{
    (void)state;
    struct zc_client *c = zt_login(&twin, "alice", PW, NULL);
    int before = log_lines(&twin, "call=WhoAmI", "user=alice", "session=cache");
    for (int i = 0; i < 5; i++)
        assert_int_equal(zt_whoami(c), ZHUCUN__CODE__OK);
    zt_sleep_ms(300); /* the log is written once per loop iteration */
    /* the first after login was checked in the database, the others came from the cache */
    assert_true(log_lines(&twin, "call=WhoAmI", "user=alice", "session=cache") - before >= 4);
    zc_close(c);
}

static void test_revoked_elsewhere_is_refused_at_once(void **state)
{
    (void)state;
    char token[65];
    struct zc_client *a = zt_login(&srv, "alice", PW, token);
    struct zc_client *b = zt_connect(&twin, token);
    for (int i = 0; i < 3; i++) /* cached on the twin */
        assert_int_equal(zt_whoami(b), ZHUCUN__CODE__OK);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Logout lo = ZHUCUN__LOGOUT__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LOGOUT;
    req.logout = &lo;
    assert_int_equal(zt_call(a, &req, NULL), ZHUCUN__CODE__OK);
    /* no wait at all: the very next request on the other process is refused */
    struct zc_client *b2 = zt_connect(&twin, token);
    assert_int_equal(zt_whoami(b2), ZHUCUN__CODE__UNAUTHENTICATED);
    zc_close(a);
    zc_close(b);
    zc_close(b2);
}

static void test_disabled_user_is_refused_at_once(void **state)
{
    (void)state;
    assert_int_equal(zt_useradd(&srv, "dave", PW, "county_office", "140105000000", 0), 0);
    char token[65];
    struct zc_client *c = zt_login(&twin, "dave", PW, token);
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__OK);
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__OK);
    free(zt_sql(&srv, "UPDATE users SET disabled = true WHERE username = 'dave'"));
    struct zc_client *d = zt_connect(&twin, token);
    assert_int_equal(zt_whoami(d), ZHUCUN__CODE__UNAUTHENTICATED);
    zc_close(c);
    zc_close(d);
}

static void test_grant_change_is_seen_at_the_next_request(void **state)
{
    (void)state;
    char token[65];
    struct zc_client *c = zt_login(&twin, "bob", PW, token);
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code;
    Zhucun__WhoAmIReply *w = whoami(c, &reply, &code);
    assert_non_null(w);
    assert_int_equal(w->n_roles, 1);
    zc_reply_free(reply);
    w = whoami(c, &reply, &code); /* cached now */
    assert_int_equal(w->n_roles, 1);
    zc_reply_free(reply);

    free(zt_sql(&srv,
                "INSERT INTO role_grants (user_id, role, scope_code)"
                " SELECT id, 'city_office', '140100000000' FROM users WHERE username = 'bob'"));
    w = whoami(c, &reply, &code);
    assert_non_null(w);
    assert_int_equal(w->n_roles, 2);
    zc_reply_free(reply);

    /* and taken away: a call the grant allowed is refused at once */
    free(zt_sql(&srv, "DELETE FROM role_grants WHERE role = 'county_office' AND user_id ="
                      " (SELECT id FROM users WHERE username = 'bob')"));
    w = whoami(c, &reply, &code);
    assert_non_null(w);
    assert_int_equal(w->n_roles, 1);
    assert_string_equal(w->roles[0]->role, "city_office");
    zc_reply_free(reply);

    /* a renamed org unit: the scope name a grant shows */
    free(zt_sql(&srv, "UPDATE org_units SET name = name || '（新）' WHERE code = '140100000000'"));
    w = whoami(c, &reply, &code);
    assert_non_null(w);
    assert_non_null(strstr(w->roles[0]->scope_name, "（新）"));
    zc_reply_free(reply);
    zt_sleep_ms(300);
    /* each change ran a request again from a fresh check: insert, delete, rename */
    assert_true(log_lines(&twin, "session.stale", NULL, NULL) >= 3);
    zc_close(c);
}

static void test_forced_password_change_then_work(void **state)
{
    (void)state;
    char token[65];
    struct zc_client *c = zt_login(&twin, "carol", PW, token);
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code;
    Zhucun__WhoAmIReply *w = whoami(c, &reply, &code);
    assert_non_null(w);
    assert_true(w->must_change_password);
    zc_reply_free(reply);
    /* a call not allowed before the change is refused, from the cache as from the database */
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__OrgShow os = ZHUCUN__ORG_SHOW__INIT;
    os.code = "140105000000";
    req.body_case = ZHUCUN__REQUEST__BODY_ORG_SHOW;
    req.org_show = &os;
    assert_int_equal(zt_call(c, &req, NULL), ZHUCUN__CODE__FAILED_PRECONDITION);

    assert_int_equal(zt_change_password(c, PW, "a much better password 2"), ZHUCUN__CODE__OK);
    /* at once, on this process and the other */
    assert_int_equal(zt_call(c, &req, NULL), ZHUCUN__CODE__OK);
    struct zc_client *d = zt_connect(&srv, token);
    assert_int_equal(zt_call(d, &req, NULL), ZHUCUN__CODE__OK);
    zc_close(c);
    zc_close(d);
}

static long long seen_ms_ago(const char *user)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT (extract(epoch FROM now() - max(last_seen)) * 1000)::bigint FROM sessions"
             " s JOIN users u ON u.id = s.user_id WHERE u.username = '%s'"
             " AND s.revoked_at IS NULL",
             user);
    char *v = zt_sql(&srv, sql);
    long long ms = atoll(v);
    free(v);
    return ms;
}

static void test_uses_reach_last_seen_behind(void **state)
{
    (void)state;
    assert_int_equal(zt_useradd(&srv, "erin", PW, "county_office", "140105000000", 0), 0);
    /* made by the first process, whose sessions idle out after 2 s; used on the twin */
    char token[65];
    struct zc_client *first = zt_login(&srv, "erin", PW, token);
    zc_close(first);
    struct zc_client *c = zt_connect(&twin, token);
    /* idle 2 s: a use every 300 ms for 4 s keeps it alive, each one proved against the later of
     * last_seen and the process's own last use, and last_seen follows within a second */
    long long start = zt_now_ms();
    while (zt_now_ms() - start < 4000) {
        assert_int_equal(zt_whoami(c), ZHUCUN__CODE__OK);
        zt_sleep_ms(300);
    }
    long long ago = seen_ms_ago("erin");
    assert_true(ago < 1500);
    /* idle past the timeout: refused */
    zt_sleep_ms(2600);
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__UNAUTHENTICATED);
    zc_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_second_request_is_served_from_the_cache),
        cmocka_unit_test(test_revoked_elsewhere_is_refused_at_once),
        cmocka_unit_test(test_disabled_user_is_refused_at_once),
        cmocka_unit_test(test_grant_change_is_seen_at_the_next_request),
        cmocka_unit_test(test_forced_password_change_then_work),
        cmocka_unit_test(test_uses_reach_last_seen_behind),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
