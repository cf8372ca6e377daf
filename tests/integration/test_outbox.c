/* test_outbox.c -- a keyed write whose outcome is unknown keeps its key (issue 13): while the
 * visits table is locked past the CLI's timeout, `zhucun visits add` gives up with exit 11 and
 * leaves its key in the outbox; run again once the lock is gone, it replays and the visit is
 * stored once. A different body gets a key of its own; `zhucun outbox retry` resends. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/rules/date.h"
#include "common/rules/idcard.h"

#define PW "correct horse battery"
#define VA "140105001001"

static struct zt_server srv;
static struct zc_client *county;
static int64_t cadre_person, household;
static char today[11];
static char base[1600]; /* "zhucun --config ... --outbox ..." */
static char outbox_path[700];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n";

static int64_t add_household(void)
{
    char id[19] = "140105198001010010";
    id[17] = rules_idcard_check_char(id);
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    Zhucun__HouseholdMember *mp = &m;
    m.name = "演示户主";
    m.relation = "head";
    m.id_number = id;
    m.labour = "full";
    m.health = "healthy";
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    h.village_code = VA;
    h.category = "monitored";
    h.since = "2025-01-01";
    h.n_members = 1;
    h.members = &mp;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    hc.household = &h;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE;
    req.household_create = &hc;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
    int64_t hid = reply->household->id;
    zc_reply_free(reply);
    return hid;
}

static int setup(void **state)
{
    (void)state;
    rules_date_format(zt_today(), today);
    zt_server_start(&srv, "outbox", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    zc_close(prov);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    int64_t team = zt_team(county, "village", VA, "测试一村工作队");
    zc_close(zt_cadre(&srv, county, team, "cadre-a", VA, "team_captain", "captain", 0, PW,
                      &cadre_person));
    household = add_household();

    /* The CLI waits 1 s for an answer: the lock below outlasts all its tries. */
    snprintf(outbox_path, sizeof(outbox_path), "%s/outbox.sqlite", srv.dir);
    zt_cli_login(&srv, "1s", outbox_path, "cadre-a", PW, base, sizeof(base));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(county);
    zt_server_finish(&srv);
    return 0;
}

/* Runs `zhucun ARGS` with stdout and stderr into out; returns the exit status. */
static int cli(const char *args, char *out, size_t cap)
{
    char cmd[4000];
    snprintf(cmd, sizeof(cmd), "%s %s 2>&1", base, args);
    return zt_run(cmd, NULL, out, cap);
}

/* zhucun visits add for the household, today, with note. */
static int add_visit(const char *note, char *out, size_t cap)
{
    char args[600];
    snprintf(args, sizeof(args),
             "visits add --household %lld --date %s --mode in_person --cadre %lld --note %s",
             (long long)household, today, (long long)cadre_person, note);
    return cli(args, out, cap);
}

/* How many visits of the household carry note. */
static int visits_with(const char *note)
{
    char sql[300];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM visits WHERE household_id = %lld AND notes = '%s'",
             (long long)household, note);
    char *n = zt_sql(&srv, sql);
    int v = atoi(n);
    free(n);
    return v;
}

/* The connection holding the lock on visits, while it is held. */
static PGconn *held;

/* Takes the lock every VisitCreate waits for, in a transaction of its own. */
static PGconn *lock_visits(void)
{
    held = zt_pg_admin(&srv);
    PGresult *r = PQexec(held, "BEGIN; LOCK TABLE visits IN ACCESS EXCLUSIVE MODE");
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    return held;
}

static void unlock_visits(PGconn *pg)
{
    PGresult *r = PQexec(pg, "COMMIT");
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    PQfinish(pg);
    held = NULL;
}

/* A test that failed with the lock held lets it go, so that the next ones do not wait. */
static int release_lock(void **state)
{
    (void)state;
    if (held != NULL)
        PQfinish(held);
    held = NULL;
    return 0;
}

/* The pending entries as `zhucun outbox --json` prints them. */
static void outbox_json(char *out, size_t cap)
{
    assert_int_equal(cli("outbox --json", out, cap), 0);
}

static int count_of(const char *text, const char *word)
{
    int n = 0;
    for (const char *p = strstr(text, word); p != NULL; p = strstr(p + 1, word))
        n++;
    return n;
}

/* The value of the n-th (0: first) "idempotency_key" in JSON text, into key (65 bytes). */
static void nth_key(const char *json, int n, char *key)
{
    const char *p = json;
    for (int i = 0; i <= n; i++) {
        p = strstr(p, "\"idempotency_key\":\"");
        assert_non_null(p);
        p += strlen("\"idempotency_key\":\"");
    }
    snprintf(key, 65, "%.64s", p);
    assert_int_equal(strlen(key), 64);
}

/* The bug of issue 13: the write commits after the CLI has given up on it; running the same
 * command again must not store it twice. */
static void test_unknown_outcome_then_replay(void **state)
{
    (void)state;
    char out[8192];
    assert_int_equal(visits_with("first"), 0);
    PGconn *lock = lock_visits();
    long long t0 = zt_now_ms();
    int rc = add_visit("first", out, sizeof(out));
    long long took = zt_now_ms() - t0;
    printf("visits add under the lock: exit %d after %lld ms: %s", rc, took, out);
    assert_int_equal(rc, 11);
    assert_non_null(strstr(out, "结果未知"));
    assert_non_null(strstr(out, "不会重复写入"));
    /* It was tried more than once with backoff, and gave up in bounded time: 4 tries of 1 s
     * and at most 3.5 s of waits, plus connecting. */
    assert_true(took >= 4000);
    assert_true(took < 15000);
    outbox_json(out, sizeof(out));
    assert_int_equal(count_of(out, "\"call\":\"VisitCreate\""), 1);
    assert_non_null(strstr(out, "\"username\":\"cadre-a\""));
    struct stat st;
    assert_int_equal(stat(outbox_path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    unlock_visits(lock);
    rc = add_visit("first", out, sizeof(out));
    printf("visits add again: exit %d: %s", rc, out);
    assert_int_equal(rc, 0);
    assert_int_equal(visits_with("first"), 1);
    outbox_json(out, sizeof(out));
    assert_string_equal(out, "{\"entries\":[]}\n");

    /* Its outcome known, the same command is a new visit again. */
    assert_int_equal(add_visit("first", out, sizeof(out)), 0);
    assert_int_equal(visits_with("first"), 2);
}

/* Only the same body reuses a pending key: another visit gets its own, and each is stored
 * once. */
static void test_different_body_fresh_key(void **state)
{
    (void)state;
    char out[8192], key_a[65], key_b[65];
    PGconn *lock = lock_visits();
    assert_int_equal(add_visit("second-a", out, sizeof(out)), 11);
    assert_int_equal(add_visit("second-b", out, sizeof(out)), 11);
    outbox_json(out, sizeof(out));
    assert_int_equal(count_of(out, "\"call\":\"VisitCreate\""), 2);
    nth_key(out, 0, key_a);
    nth_key(out, 1, key_b);
    assert_string_not_equal(key_a, key_b);
    unlock_visits(lock);

    assert_int_equal(add_visit("second-b", out, sizeof(out)), 0);
    assert_int_equal(add_visit("second-a", out, sizeof(out)), 0);
    assert_int_equal(visits_with("second-a"), 1);
    assert_int_equal(visits_with("second-b"), 1);
    outbox_json(out, sizeof(out));
    assert_string_equal(out, "{\"entries\":[]}\n");
}

/* zhucun outbox retry sends the pending writes with their keys. */
static void test_outbox_retry(void **state)
{
    (void)state;
    char out[8192];
    PGconn *lock = lock_visits();
    assert_int_equal(add_visit("third", out, sizeof(out)), 11);
    unlock_visits(lock);
    int rc = cli("outbox retry", out, sizeof(out));
    printf("outbox retry: exit %d: %s", rc, out);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "VisitCreate"));
    assert_int_equal(visits_with("third"), 1);
    outbox_json(out, sizeof(out));
    assert_string_equal(out, "{\"entries\":[]}\n");
    /* Nothing left: retry (send's old name, issue 24) says so and exits 0. */
    assert_int_equal(cli("outbox retry --json", out, sizeof(out)), 0);
    assert_string_equal(
        out, "{\"results\":[],\"landed\":0,\"refused\":0,\"left\":0,\"stopped\":\"\"}\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_unknown_outcome_then_replay, release_lock),
        cmocka_unit_test_teardown(test_different_body_fresh_key, release_lock),
        cmocka_unit_test_teardown(test_outbox_retry, release_lock),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
