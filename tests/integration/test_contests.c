/* test_contests.c -- the competitions of part four (四、活动化提升, SPEC S3; docs/services.md,
 * "Competitions") through the real server: a round opened by a county office for its county
 * and by a city office for its city (refusals: a village's code, another county, a past end,
 * a team role); entries by the teams within the round's unit while it takes them, once a
 * team, with their evidence and audit rows; results only by the office that opened the round,
 * after its last day, corrected with the old result audited; the lists by round and by team,
 * each caller seeing the entries of its own scope; both tables exported incrementally; the
 * entries held by row-level security. */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/service.h"

#define PW       "correct horse battery"
#define CITY     "140100000000"
#define COUNTY_A "140105000000"
#define COUNTY_C "140106000000"
#define VA       "140105001001"
#define VB       "140105001002"
#define VC       "140106001001"

static struct zt_server srv;
static struct zc_client *prov, *city, *county, *other_county, *cadre_a, *cadre_b, *cadre_c;
static struct zc_client *exporter;
static int64_t team_a, team_b, team_c;
static char today[11], tomorrow[11], next_week[11], last_week[11], yesterday[11];
static uint8_t sha[32];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n140106000000,迎泽区,county\n"
                          "140106001000,柳巷街道,township\n140106001001,测试三村,village\n";

#define count(...) zt_count(&srv, __VA_ARGS__)

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "contests", NULL);
    rules_date_format(zt_today(), today);
    rules_date_format(zt_today() + 1, tomorrow);
    rules_date_format(zt_today() + 7, next_week);
    rules_date_format(zt_today() - 7, last_week);
    rules_date_format(zt_today() - 1, yesterday);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "taiyuan", PW, "city_office", CITY, 0), 0);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", COUNTY_A, 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", COUNTY_C, 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", "140000000000", 0), 0);
    city = zt_login(&srv, "taiyuan", PW, NULL);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    other_county = zt_login(&srv, "yingze", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    int64_t person;
    team_a = zt_team(county, "village", VA, "测试一村工作队");
    team_b = zt_team(county, "village", VB, "测试二村工作队");
    team_c = zt_team(other_county, "village", VC, "测试三村工作队");
    cadre_a = zt_cadre(&srv, county, team_a, "cadre-a", VA, "cadre", "member", 0, PW, &person);
    cadre_b =
        zt_cadre(&srv, county, team_b, "cadre-b", VB, "team_captain", "captain", 0, PW, &person);
    cadre_c =
        zt_cadre(&srv, other_county, team_c, "cadre-c", VC, "cadre", "member", 0, PW, &person);
    for (int i = 0; i < 32; i++)
        sha[i] = (uint8_t)(0xa0 + i);
    zt_attach_evidence(&srv, NULL, sha);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct zc_client *all[] = {prov,    city,    county,  other_county,
                               cadre_a, cadre_b, cadre_c, exporter};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        zc_close(all[i]);
    zt_server_finish(&srv);
    return 0;
}

static Zhucun__Code open_as(struct zc_client *c, const char *kind, const char *org,
                            const char *starts, const char *ends, const char *key,
                            Zhucun__Reply **out)
{
    Zhucun__ContestRoundOpen ro = ZHUCUN__CONTEST_ROUND_OPEN__INIT;
    ro.kind = (char *)kind;
    ro.org_code = (char *)org;
    ro.title = "2026年直播带货擂台赛";
    ro.starts_on = (char *)starts;
    ro.ends_on = (char *)ends;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.idempotency_key = (char *)(key ? key : "");
    req.body_case = ZHUCUN__REQUEST__BODY_CONTEST_ROUND_OPEN;
    req.contest_round_open = &ro;
    return zt_call(c, &req, out);
}

static int64_t open_round(struct zc_client *c, const char *kind, const char *org)
{
    Zhucun__Reply *reply = NULL;
    if (open_as(c, kind, org, today, next_week, NULL, &reply) != ZHUCUN__CODE__OK)
        fail_msg("%s", reply->status->message);
    int64_t id = reply->contest_round_open->id;
    zc_reply_free(reply);
    return id;
}

static Zhucun__Code enter_as(struct zc_client *c, int64_t round, int64_t team, int evidence,
                             const char *key, Zhucun__Reply **out)
{
    Zhucun__ContestEnter ce = ZHUCUN__CONTEST_ENTER__INIT;
    ProtobufCBinaryData ev = {32, sha};
    ce.round_id = round;
    ce.team_id = team;
    ce.title = "小米直播间";
    ce.description = "村里的小米通过直播销售三万斤";
    if (evidence) {
        ce.n_evidence = 1;
        ce.evidence = &ev;
    }
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.idempotency_key = (char *)(key ? key : "");
    req.body_case = ZHUCUN__REQUEST__BODY_CONTEST_ENTER;
    req.contest_enter = &ce;
    return zt_call(c, &req, out);
}

static int64_t enter(struct zc_client *c, int64_t round, int64_t team)
{
    Zhucun__Reply *reply = NULL;
    if (enter_as(c, round, team, 0, NULL, &reply) != ZHUCUN__CODE__OK)
        fail_msg("%s", reply->status->message);
    int64_t id = reply->contest_enter->id;
    zc_reply_free(reply);
    return id;
}

static Zhucun__Code result_as(struct zc_client *c, int64_t entry, unsigned rank, const char *award,
                              Zhucun__Reply **out)
{
    Zhucun__ContestResult cr = ZHUCUN__CONTEST_RESULT__INIT;
    cr.entry_id = entry;
    cr.rank = rank;
    cr.award = (char *)award;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_CONTEST_RESULT;
    req.contest_result = &cr;
    return zt_call(c, &req, out);
}

static void ok(Zhucun__Code got, Zhucun__Reply **reply)
{
    if (got != ZHUCUN__CODE__OK)
        fail_msg("%s", (*reply)->status->message);
    zc_reply_free(*reply);
    *reply = NULL;
}

/* Opened by offices at county level or above for their own unit, keyed; refused otherwise. */
static void test_round_open(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(open_as(county, "livestream", COUNTY_A, today, next_week, "round-1", &reply),
                     ZHUCUN__CODE__OK);
    int64_t id = reply->contest_round_open->id;
    zc_reply_free(reply);
    assert_int_equal(open_as(county, "livestream", COUNTY_A, today, next_week, "round-1", &reply),
                     ZHUCUN__CODE__OK);
    assert_int_equal(reply->contest_round_open->id, id);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'contest.open'"), 1);
    zt_assert_refused(open_as(county, "livestream", VA, today, next_week, NULL, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "org_code");
    zt_assert_refused(open_as(county, "livestream", COUNTY_C, today, next_week, NULL, &reply),
                      &reply, ZHUCUN__CODE__NOT_FOUND, "org_code");
    zt_assert_refused(open_as(county, "singing", COUNTY_A, today, next_week, NULL, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "kind");
    zt_assert_refused(open_as(county, "tourism", COUNTY_A, last_week, yesterday, NULL, &reply),
                      &reply, ZHUCUN__CODE__INVALID_ARGUMENT, "ends_on");
    zt_assert_refused(open_as(county, "tourism", COUNTY_A, next_week, today, NULL, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "ends_on");
    assert_int_equal(open_as(cadre_a, "tourism", COUNTY_A, today, next_week, NULL, &reply),
                     ZHUCUN__CODE__PERMISSION_DENIED);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM contest_rounds"), 1);
}

/* The teams within the round's unit enter while it takes entries, once each, with evidence. */
static void test_enter(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    int64_t round = open_round(county, "entrepreneur", COUNTY_A);
    assert_int_equal(enter_as(cadre_a, round, team_a, 1, "enter-1", &reply), ZHUCUN__CODE__OK);
    int64_t entry = reply->contest_enter->id;
    zc_reply_free(reply);
    ok(enter_as(cadre_a, round, team_a, 1, "enter-1", &reply), &reply);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'attachment.link'"
                           " AND object = 'competition_entry:%lld'",
                           (long long)entry),
                     1);
    zt_assert_refused(enter_as(cadre_a, round, team_a, 0, NULL, &reply), &reply,
                      ZHUCUN__CODE__ALREADY_EXISTS, "team_id");
    /* another team's entry is its own team's to make */
    zt_assert_refused(enter_as(cadre_a, round, team_b, 0, NULL, &reply), &reply,
                      ZHUCUN__CODE__NOT_FOUND, "team_id");
    enter(cadre_b, round, team_b);
    /* a county's round is not another county's */
    zt_assert_refused(enter_as(cadre_c, round, team_c, 0, NULL, &reply), &reply,
                      ZHUCUN__CODE__NOT_FOUND, "round_id");
    /* a city's round is every county's of the city */
    int64_t city_round = open_round(city, "best_cadre", CITY);
    enter(cadre_c, city_round, team_c);
    enter(cadre_a, city_round, team_a);
    /* not before its first day, nor after its last */
    Zhucun__Reply *r2 = NULL;
    assert_int_equal(open_as(county, "tourism", COUNTY_A, tomorrow, next_week, NULL, &r2),
                     ZHUCUN__CODE__OK);
    int64_t later = r2->contest_round_open->id;
    zc_reply_free(r2);
    zt_assert_refused(enter_as(cadre_a, later, team_a, 0, NULL, &reply), &reply,
                      ZHUCUN__CODE__FAILED_PRECONDITION, "round_id");
    free(zt_sql(&srv, "UPDATE contest_rounds SET starts_on = zc_today() - 10,"
                      " ends_on = zc_today() - 1 WHERE kind = 'tourism'"));
    zt_assert_refused(enter_as(cadre_a, later, team_a, 0, NULL, &reply), &reply,
                      ZHUCUN__CODE__FAILED_PRECONDITION, "round_id");
    uint8_t unknown[32] = {1};
    Zhucun__ContestEnter ce = ZHUCUN__CONTEST_ENTER__INIT;
    ProtobufCBinaryData ev = {32, unknown};
    ce.round_id = round;
    ce.team_id = team_a;
    ce.title = "x";
    ce.description = "";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_CONTEST_ENTER;
    req.contest_enter = &ce;
    zt_assert_refused(zt_call(cadre_a, &req, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "description");
    ce.description = "y";
    ce.n_evidence = 1;
    ce.evidence = &ev;
    ce.round_id = city_round;
    ce.team_id = team_b;
    zt_assert_refused(zt_call(cadre_b, &req, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "evidence");
    assert_int_equal(
        count("SELECT count(*) FROM contest_entries WHERE team_id = %lld", (long long)team_b), 1);
}

/* One entry a team under concurrent entries: the same team entered from two connections at
 * once (different keys), as many times, gets one entry each time and one ALREADY_EXISTS. */
static void test_enter_concurrently(void **state)
{
    (void)state;
    struct zc_client *twin = zt_login(&srv, "cadre-a", PW, NULL);
    for (int k = 0; k < 5; k++) {
        int64_t round = open_round(county, "livestream", COUNTY_A);
        Zhucun__ContestEnter ce = ZHUCUN__CONTEST_ENTER__INIT;
        ce.round_id = round;
        ce.team_id = team_a;
        ce.title = "同时报名";
        ce.description = "两处同时提交";
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        req.body_case = ZHUCUN__REQUEST__BODY_CONTEST_ENTER;
        req.contest_enter = &ce;
        struct zc_client *c[2] = {cadre_a, twin};
        uint64_t ids[2];
        struct zc_error err;
        for (int i = 0; i < 2; i++) {
            char key[40];
            snprintf(key, sizeof(key), "concurrent-%d-%d", k, i);
            req.idempotency_key = key;
            ids[i] = zc_send(c[i], &req, &err);
            assert_true(ids[i] > 0);
        }
        int ok_n = 0, exists = 0;
        for (int i = 0; i < 2; i++) {
            Zhucun__Reply *reply = NULL;
            do {
                zc_reply_free(reply);
                reply = NULL;
                assert_int_equal(zc_recv(c[i], &reply, 30000, &err), 0);
            } while (reply->id != ids[i]);
            Zhucun__Code code = reply->status ? reply->status->code : ZHUCUN__CODE__OK;
            ok_n += code == ZHUCUN__CODE__OK;
            exists += code == ZHUCUN__CODE__ALREADY_EXISTS;
            zc_reply_free(reply);
        }
        assert_int_equal(ok_n, 1);
        assert_int_equal(exists, 1);
        assert_int_equal(
            count("SELECT count(*) FROM contest_entries WHERE round_id = %lld", (long long)round),
            1);
    }
    zc_close(twin);
}

/* Results by the round's own office after its last day; corrected with the old one audited. */
static void test_result(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    int64_t round = open_round(county, "demonstration", COUNTY_A);
    int64_t entry = enter(cadre_a, round, team_a);
    zt_assert_refused(result_as(county, entry, 1, "一等奖", &reply), &reply,
                      ZHUCUN__CODE__FAILED_PRECONDITION, "entry_id");
    char sql[200];
    snprintf(sql, sizeof(sql),
             "UPDATE contest_rounds SET starts_on = zc_today() - 10, ends_on = zc_today() - 1"
             " WHERE id = %lld",
             (long long)round);
    free(zt_sql(&srv, sql));
    zt_assert_refused(result_as(county, entry, 1, "", &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "award");
    zt_assert_refused(result_as(county, entry, CONTEST_RANK_MAX + 1, "一等奖", &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "rank");
    /* not the round's office: the province's, the city's, another county's */
    zt_assert_refused(result_as(prov, entry, 1, "一等奖", &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "entry_id");
    zt_assert_refused(result_as(city, entry, 1, "一等奖", &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "entry_id");
    zt_assert_refused(result_as(other_county, entry, 1, "一等奖", &reply), &reply,
                      ZHUCUN__CODE__NOT_FOUND, "entry_id");
    assert_int_equal(result_as(cadre_a, entry, 1, "一等奖", &reply),
                     ZHUCUN__CODE__PERMISSION_DENIED);
    zc_reply_free(reply);
    ok(result_as(county, entry, 2, "二等奖", &reply), &reply);
    ok(result_as(county, entry, 1, "一等奖", &reply), &reply);
    assert_int_equal(count("SELECT rank FROM contest_entries WHERE id = %lld", (long long)entry),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'contest.result'"
                           " AND object = 'competition_entry:%lld'"
                           " AND detail -> 'before' ->> 'award' = '二等奖'",
                           (long long)entry),
                     1);
}

static const Zhucun__ContestListReply *list(struct zc_client *c, int64_t round, int64_t team,
                                            Zhucun__Reply **reply)
{
    Zhucun__ContestList cl = ZHUCUN__CONTEST_LIST__INIT;
    cl.round_id = round;
    cl.team_id = team;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_CONTEST_LIST;
    req.contest_list = &cl;
    if (zt_call(c, &req, reply) != ZHUCUN__CODE__OK)
        fail_msg("%s", (*reply)->status->message);
    return (*reply)->contest_list;
}

/* By round, by team, everything seen: each caller sees the rounds of and above its scope and
 * the entries within it. */
static void test_lists(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    int64_t city_round = count("SELECT id FROM contest_rounds WHERE org_code = '%s'", CITY);
    const Zhucun__ContestListReply *l = list(city, city_round, 0, &reply);
    assert_int_equal(l->n_rounds, 1);
    assert_int_equal(l->n_entries, 2);
    assert_int_equal(l->rounds[0]->entries, 2);
    assert_string_equal(l->rounds[0]->org_name, "太原市");
    zc_reply_free(reply);
    l = list(other_county, city_round, 0, &reply);
    assert_int_equal(l->n_entries, 1);
    assert_int_equal(l->entries[0]->team_id, team_c);
    assert_int_equal(l->rounds[0]->entries, 1);
    zc_reply_free(reply);
    l = list(cadre_a, 0, team_a, &reply);
    assert_int_equal(
        l->n_entries,
        count("SELECT count(*) FROM contest_entries WHERE team_id = %lld", (long long)team_a));
    assert_int_equal(l->n_rounds, l->n_entries);
    zc_reply_free(reply);
    /* the county's rounds and the city's are the cadre's to see; the other county's not */
    l = list(cadre_c, 0, 0, &reply);
    for (size_t i = 0; i < l->n_rounds; i++)
        assert_true(strcmp(l->rounds[i]->org_code, COUNTY_A) != 0);
    assert_int_equal(l->n_rounds, count("SELECT count(*) FROM contest_rounds"
                                        " WHERE org_code IN ('%s', '%s')",
                                        CITY, COUNTY_C));
    zc_reply_free(reply);
    int64_t county_round =
        count("SELECT min(id) FROM contest_rounds WHERE org_code = '%s'", COUNTY_A);
    Zhucun__ContestList cl = ZHUCUN__CONTEST_LIST__INIT;
    cl.round_id = county_round;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_CONTEST_LIST;
    req.contest_list = &cl;
    zt_assert_refused(zt_call(cadre_c, &req, &reply), &reply, ZHUCUN__CODE__NOT_FOUND, "round_id");
    cl.round_id = 0;
    cl.team_id = team_a;
    zt_assert_refused(zt_call(cadre_c, &req, &reply), &reply, ZHUCUN__CODE__NOT_FOUND, "team_id");
}

/* Both tables exported incrementally: every row first, then only what changed (a new round,
 * a new entry, a result); a county's pull its own entries. */
static void test_export_incremental(void **state)
{
    (void)state;
    char c1[512], c2[512], c3[512];
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_export_rows(exporter, "contest_rounds", "", "", c1, sizeof(c1)),
                     count("SELECT count(*) FROM contest_rounds"));
    assert_int_equal(zt_export_rows(exporter, "contest_entries", "", "", c2, sizeof(c2)),
                     count("SELECT count(*) FROM contest_entries"));
    assert_int_equal(zt_export_rows(exporter, "contest_rounds", "", c1, c3, sizeof(c3)), 0);
    int64_t round = open_round(county, "livestream", COUNTY_A);
    int64_t entry = enter(cadre_b, round, team_b);
    int64_t old = count("SELECT min(id) FROM contest_entries WHERE rank IS NOT NULL");
    ok(result_as(county, old, 3, "三等奖", &reply), &reply);
    (void)entry;
    assert_int_equal(zt_export_rows(exporter, "contest_rounds", "", c1, c3, sizeof(c3)), 1);
    assert_int_equal(zt_export_rows(exporter, "contest_entries", "", c2, c3, sizeof(c3)), 2);
    assert_int_equal(zt_export_rows(other_county, "contest_entries", COUNTY_C, "", c3, sizeof(c3)),
                     count("SELECT count(*) FROM contest_entries WHERE village_code LIKE"
                           " '140106%%'"));
}

/* The entries are held by row-level security: the application role sees none without a
 * caller, and a county's scope its own. */
static void test_rls(void **state)
{
    (void)state;
    PGconn *pg = zt_pg_app(&srv);
    PGresult *res = PQexec(pg, "SELECT count(*) FROM contest_entries");
    assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(res, 0, 0), "0");
    PQclear(res);
    PQclear(PQexec(pg, "BEGIN"));
    PQclear(PQexec(pg, "SELECT set_config('zhucun.scope', '{140106%}', true)"));
    res = PQexec(pg, "SELECT count(*) FROM contest_entries");
    assert_int_equal(strtoll(PQgetvalue(res, 0, 0), NULL, 10),
                     count("SELECT count(*) FROM contest_entries WHERE village_code LIKE"
                           " '140106%%'"));
    PQclear(res);
    PQclear(PQexec(pg, "ROLLBACK"));
    PQfinish(pg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_open),
        cmocka_unit_test(test_enter),
        cmocka_unit_test(test_enter_concurrently),
        cmocka_unit_test(test_result),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_export_incremental),
        cmocka_unit_test(test_rls),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
