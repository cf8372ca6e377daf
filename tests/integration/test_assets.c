/* test_assets.c -- the assets of projects (扶贫项目资产, SPEC P3; 0110; docs/assets.md), held in
 * the database: an asset only of a project at accepted or later (the write function and, for
 * any other path, the trigger), its owner household in the project's villages, the project's
 * assets within its budget, the checks of the states `registered` and `handed_over` through
 * zc_project_status_problem, upkeep and the condition it leaves, the assets due for upkeep, an
 * income's shares adding up to it exactly (the function, and the deferred trigger for any other
 * path), a household's dividends, a person in one post at a time, a keyed write done once,
 * the scope (row-level security) and the kinds exported incrementally. */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/asset.h"
#include "common/rules/idcard.h"

#define PW "correct horse battery"
#define VA "140105001001"
#define VB "140105001002"
#define VC "140106001001"

static struct zt_server srv;
static struct zc_client *county, *other_county, *exporter;
static PGconn *pg;
static long long user, hh_a, hh_a2, hh_b, hh_c, member_a, member_a2, member_c;
static long long p_building, p_accepted, p_other;
static int serial;

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,资产一村,village\n"
                          "140105001002,资产二村,village\n"
                          "140106000000,迎泽区,county\n140106001000,柳巷街道,township\n"
                          "140106001001,资产三村,village\n";

#define count(...) zt_count(&srv, __VA_ARGS__)

static int64_t add_household(const char *village, struct zc_client *office)
{
    char id[19];
    snprintf(id, sizeof(id), "14010519750101%03d", ++serial % 1000);
    id[17] = rules_idcard_check_char(id);
    id[18] = '\0';
    return zt_household(office, village, "poverty_alleviated", "2020-01-01", "资产户主", id);
}

/* Runs the SQL that fmt makes as the administrator: "OK <first value>" (or "OK" without a
 * row), or "ERR <sqlstate> <column>" for an error. */
static char message[1000]; /* the last error's */

static const char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *run(const char *fmt, ...)
{
    static char out[600];
    char sql[4000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    PGresult *res = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_TUPLES_OK && PQntuples(res) > 0)
        snprintf(out, sizeof(out), "OK %s", PQgetvalue(res, 0, 0));
    else if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        snprintf(out, sizeof(out), "OK");
    else {
        const char *col = PQresultErrorField(res, PG_DIAG_COLUMN_NAME);
        snprintf(out, sizeof(out), "ERR %s %s", PQresultErrorField(res, PG_DIAG_SQLSTATE),
                 col != NULL ? col : "-");
        snprintf(message, sizeof(message), "%s", PQresultErrorMessage(res));
    }
    PQclear(res);
    return out;
}

static void expect(const char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        fail_msg("got \"%s\", want \"%s\" (last error: %s)", got, want, message);
}

/* A project of village in status with budget (fen), its villages village (and also, when
 * not NULL); its id. */
static long long project(const char *village, const char *also, const char *status,
                         long long budget)
{
    char sql[900];
    snprintf(sql, sizeof(sql),
             "WITH p AS (INSERT INTO projects (village_code, name, kind, year, budget_fen,"
             " responsible, planned_start, planned_end, status, status_on)"
             " VALUES ('%s', '光伏扶贫电站', 'industry', 2019, %lld, '县乡村振兴局', '2019-03-01',"
             " '2019-10-31', '%s', '2019-11-20') RETURNING id),"
             " v AS (INSERT INTO project_villages (project_id, village_code, lead_code)"
             " SELECT p.id, x, '%s' FROM p, unnest(ARRAY['%s', '%s']) x WHERE x <> ''"
             " RETURNING project_id) SELECT DISTINCT project_id FROM v",
             village, budget, status, village, village, also != NULL ? also : "");
    char *id = zt_sql(&srv, sql);
    long long n = atoll(id);
    free(id);
    return n;
}

/* zc_asset_set for a new asset (key NULL: none); category, owner 0 for none, registration
 * and handover NULL for none. */
static const char *asset(const char *key, long long proj, const char *village, const char *category,
                         long long owner, long long value, const char *registered,
                         const char *handed)
{
    char reg[80], hand[80], own[24] = "NULL";
    if (owner != 0)
        snprintf(own, sizeof(own), "%lld", owner);
    snprintf(reg, sizeof(reg), registered ? "'%s', 'JZ-2020-%03d'" : "NULL, NULL", registered,
             ++serial);
    snprintf(hand, sizeof(hand), handed ? "'%s', '资产一村村委会'" : "NULL, NULL", handed);
    return run("SELECT zc_asset_set(%lld, %s, '{140105%%}', 0, %lld, '%s', '%s', '村光伏电站',"
               " %s, '村股份经济合作社', '王管护', %lld, '村南山坡', 37.8, 112.5, %s, %s,"
               " '村集体', '收益提取 5%%', NULL, 'office', '127.0.0.1')",
               user, key ? key : "NULL", proj, village, category, own, value, reg, hand);
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "assets", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    zc_close(prov);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", "140106000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", "140000000000", 0), 0);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    other_county = zt_login(&srv, "yingze", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    user = count("SELECT id FROM users WHERE username = 'xiaodian'");
    hh_a = add_household(VA, county);
    hh_a2 = add_household(VA, county);
    hh_b = add_household(VB, county);
    hh_c = add_household(VC, other_county);
    member_a = count("SELECT id FROM household_members WHERE household_id = %lld", hh_a);
    member_a2 = count("SELECT id FROM household_members WHERE household_id = %lld", hh_a2);
    member_c = count("SELECT id FROM household_members WHERE household_id = %lld", hh_c);
    p_building = project(VA, NULL, "construction", 100000000);
    p_accepted = project(VA, VB, "accepted", 50000000);
    p_other = project(VC, NULL, "accepted", 50000000);
    pg = zt_pg_admin(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    PQfinish(pg);
    zc_close(county);
    zc_close(other_county);
    zc_close(exporter);
    zt_server_finish(&srv);
    return 0;
}

/* An asset only of a project at accepted or later: the function refuses one of a project
 * under construction naming project_id, and so does the trigger for a plain INSERT; once
 * accepted, the same registration passes. */
static void test_only_accepted(void **state)
{
    (void)state;
    expect(asset(NULL, p_building, VA, "public_welfare", 0, 100000, NULL, NULL),
           "ERR ZC009 project_id");
    expect(run("INSERT INTO project_assets (project_id, village_code, category, name, custodian,"
               " custodian_person, value_fen, address, upkeep_by, upkeep_funding)"
               " VALUES (%lld, '" VA "', 'public_welfare', '村道', '村委会', '张三', 100, '村东',"
               " '村委会', '村集体')",
               p_building),
           "ERR ZC009 project_id");
    /* nor by moving an accepted project's asset onto it */
    const char *r = asset(NULL, p_accepted, VA, "public_welfare", 0, 1000, NULL, NULL);
    assert_memory_equal(r, "OK ", 3);
    long long id = atoll(r + 3);
    expect(run("UPDATE project_assets SET project_id = %lld WHERE id = %lld", p_building, id),
           "ERR ZC009 project_id");
    assert_int_equal(
        count("SELECT count(*) FROM project_assets WHERE project_id = %lld", p_building), 0);
    expect(run("UPDATE projects SET status = 'completed' WHERE id = %lld", p_building), "OK");
    expect(asset(NULL, p_building, VA, "public_welfare", 0, 100000, NULL, NULL),
           "ERR ZC009 project_id");
    expect(run("UPDATE projects SET status = 'accepted' WHERE id = %lld", p_building), "OK");
    r = asset(NULL, p_building, VA, "public_welfare", 0, 100000, NULL, NULL);
    assert_memory_equal(r, "OK ", 3);
}

/* Place, owner and value: the asset's village one of the project's; a household-level asset's
 * owner a household of the project's villages (and only such an asset has one); the sum of the
 * project's assets at most its budget; the project of another county out of scope. */
static void test_place_owner_value(void **state)
{
    (void)state;
    long long p = project(VA, VB, "accepted", 1000000);
    expect(asset(NULL, p, VC, "public_welfare", 0, 1000, NULL, NULL), "ERR ZC005 village_code");
    expect(run("SELECT zc_asset_set(%lld, NULL, '{14%%}', 0, %lld, '" VC "', 'public_welfare',"
               " '村道', NULL, '村委会', '张三', 1000, '村东', NULL, NULL, NULL, NULL, NULL, NULL,"
               " '村委会', '村集体', NULL, 'office', '127.0.0.1')",
               user, p),
           "ERR ZC003 village_code");
    expect(asset(NULL, p, VB, "household", hh_c, 1000, NULL, NULL), "ERR ZC003 owner_household");
    expect(asset(NULL, p, VB, "household", 0, 1000, NULL, NULL), "ERR 23514 -");
    assert_memory_equal(asset(NULL, p, VB, "household", hh_a, 1000, NULL, NULL), "OK ", 3);
    assert_memory_equal(asset(NULL, p, VA, "operational", 0, 900000, NULL, NULL), "OK ", 3);
    expect(asset(NULL, p, VA, "public_welfare", 0, 99001, NULL, NULL), "ERR ZC009 value_fen");
    assert_memory_equal(asset(NULL, p, VA, "public_welfare", 0, 99000, NULL, NULL), "OK ", 3);
    assert_int_equal(count("SELECT sum(value_fen) FROM project_assets WHERE project_id = %lld", p),
                     1000000);
    expect(asset(NULL, p_other, VC, "public_welfare", 0, 1000, NULL, NULL),
           "ERR ZC005 village_code");
    expect(run("SELECT zc_asset_set(%lld, NULL, '{140105%%}', 0, %lld, '" VA "', 'public_welfare',"
               " '村道', NULL, '村委会', '张三', 1000, '村东', NULL, NULL, NULL, NULL, NULL, NULL,"
               " '村委会', '村集体', NULL, 'office', '127.0.0.1')",
               user, p_other),
           "ERR ZC005 project_id");
}

/* The checks 0110 registers for `registered` and `handed_over`, through 0100's
 * zc_project_status_problem: no asset; assets without registration; one registered; handed
 * over partly (how many are missing), wholly. */
static void test_status_checks(void **state)
{
    (void)state;
    long long p = project(VA, NULL, "accepted", 1000000);
    expect(run("SELECT zc_project_status_problem(%lld, 'registered')", p), "OK 尚未登记任何资产");
    const char *r = asset(NULL, p, VA, "public_welfare", 0, 1000, NULL, NULL);
    long long a1 = atoll(r + 3);
    expect(run("SELECT zc_project_status_problem(%lld, 'registered')", p),
           "OK 已登记 1 项资产，均未确权登记（缺确权日期和证书编号）");
    r = asset(NULL, p, VA, "operational", 0, 2000, "2020-01-10", NULL);
    long long a2 = atoll(r + 3);
    expect(run("SELECT coalesce(zc_project_status_problem(%lld, 'registered'), 'none')", p),
           "OK none");
    expect(run("UPDATE projects SET status = 'registered' WHERE id = %lld", p), "OK");
    expect(run("SELECT zc_project_status_problem(%lld, 'handed_over')", p),
           "OK 2 项资产中还有 2 项未移交");
    expect(run("UPDATE project_assets SET registered_on = '2020-01-10', certificate_no = 'A1',"
               " handed_over_on = '2020-02-01', handed_over_to = '村委会' WHERE id = %lld",
               a1),
           "OK");
    expect(run("SELECT zc_project_status_problem(%lld, 'handed_over')", p),
           "OK 2 项资产中还有 1 项未移交");
    expect(run("UPDATE project_assets SET handed_over_on = '2020-01-01', handed_over_to = '村委会'"
               " WHERE id = %lld",
               a2),
           "ERR 23514 -"); /* handed over before its registration */
    expect(run("UPDATE project_assets SET handed_over_on = '2020-02-01', handed_over_to = '村委会'"
               " WHERE id = %lld",
               a2),
           "OK");
    expect(run("SELECT coalesce(zc_project_status_problem(%lld, 'handed_over'), 'none')", p),
           "OK none");
}

/* Upkeep: a record takes the asset's village and leaves its condition; the assets due are
 * those whose last record (else handover, registration, the project's acceptance) is older
 * than the rule's months on the day asked; an out-of-use asset is not due. */
static void test_upkeep_due(void **state)
{
    (void)state;
    long long p = project(VB, NULL, "accepted", 1000000);
    long long a =
        atoll(asset(NULL, p, VB, "public_welfare", 0, 1000, "2020-01-10", "2020-02-01") + 3);
    /* the 12 months of the rule: due on 2021-02-02, not on 2021-02-01 */
    assert_int_equal(count("SELECT count(*) FROM zc_asset_due('{140105%%}', '2021-02-01')"
                           " WHERE asset_id = %lld",
                           a),
                     0);
    assert_int_equal(count("SELECT count(*) FROM zc_asset_due('{140105%%}', '2021-02-02')"
                           " WHERE asset_id = %lld",
                           a),
                     1);
    assert_int_equal(count("SELECT count(*) FROM zc_asset_due('{140106%%}', '2021-02-02')"
                           " WHERE asset_id = %lld",
                           a),
                     0);
    expect(
        run("SELECT zc_asset_maintain(%lld, NULL, '{140105%%}', %lld, '2021-01-15', '清理光伏板',"
            " 30000, '村保洁队', 'needs_repair', NULL, 'office', '127.0.0.1')",
            user, a),
        "OK 1");
    expect(run("SELECT village_code || ' ' || condition FROM project_assets WHERE id = %lld", a),
           "OK " VB " needs_repair");
    assert_int_equal(count("SELECT count(*) FROM zc_asset_due('{140105%%}', '2021-02-02')"
                           " WHERE asset_id = %lld",
                           a),
                     0);
    assert_int_equal(count("SELECT count(*) FROM zc_asset_due('{140105%%}', '2022-01-16')"
                           " WHERE asset_id = %lld",
                           a),
                     1);
    expect(run("SELECT zc_asset_maintain(%lld, NULL, '{140105%%}', %lld, '2099-01-15', '更换',"
               " 100, '村保洁队', 'good', NULL, 'office', '127.0.0.1')",
               user, a),
           "ERR ZC003 on_date");
    expect(run("SELECT zc_asset_maintain(%lld, NULL, '{140106%%}', %lld, '2021-03-15', '更换',"
               " 100, '村保洁队', 'good', NULL, 'office', '127.0.0.1')",
               user, a),
           "ERR ZC005 asset_id");
    expect(run("SELECT zc_asset_maintain(%lld, NULL, '{140105%%}', %lld, '2021-03-15', '停用',"
               " 0, '村委会', 'out_of_use', NULL, 'office', '127.0.0.1')",
               user, a),
           "OK 2");
    assert_int_equal(count("SELECT count(*) FROM zc_asset_due('{140105%%}', '2030-01-01')"
                           " WHERE asset_id = %lld",
                           a),
                     0);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'asset.maintain'"
                           " AND object = 'project_asset:%lld'",
                           a),
                     2);
}

/* Income and its distribution: only an operational asset's; the shares add up exactly or the
 * write is refused naming `shares` (and a plain INSERT breaking the sum fails at commit); a
 * household of another village, a collective with an id, a post of another village: refused;
 * a year and its months not both; the household's dividends listable. */
static void test_income_shares(void **state)
{
    (void)state;
    long long p = project(VA, NULL, "accepted", 10000000);
    long long op = atoll(asset(NULL, p, VA, "operational", 0, 5000000, "2020-01-10", NULL) + 3);
    long long pw = atoll(asset(NULL, p, VA, "public_welfare", 0, 5000, "2020-01-10", NULL) + 3);
    expect(run("SELECT zc_welfare_post_set(%lld, NULL, '{140105%%}', 0, '" VA "', 'cleaner', %lld,"
               " '2021-01-01', 80000, %lld, NULL, 'office', '127.0.0.1')",
               user, member_a2, op),
           "OK 1");
    long long post = count("SELECT max(id) FROM welfare_posts");
#define INCOME(asset_id, period, amount, kinds, ids, amounts)                                      \
    run("SELECT zc_asset_income(%lld, NULL, '{140105%%}', %lld, 0, '%s', %lld, '2022-01-20', '',"  \
        " '{%s}', '{%s}', '{%s}', 'office', '127.0.0.1')",                                         \
        user, (long long)(asset_id), period, (long long)(amount), kinds, ids, amounts)
    expect(INCOME(pw, "2021", 1000, "", "", ""), "ERR ZC009 asset_id");
    char ids[80];
    snprintf(ids, sizeof(ids), "0,%lld,%lld", hh_a, post);
    expect(INCOME(op, "2021", 100000, "collective,household,post", ids, "50000,30000,19999"),
           "ERR ZC003 shares");
    expect(INCOME(op, "2021", 100000, "collective,household", "5,6", "50000,50000"),
           "ERR ZC003 shares");
    snprintf(ids, sizeof(ids), "0,%lld", hh_b);
    expect(INCOME(op, "2021", 100000, "collective,household", ids, "50000,50000"),
           "ERR ZC003 shares");
    assert_int_equal(count("SELECT count(*) FROM project_asset_incomes WHERE asset_id = %lld", op),
                     0);
    snprintf(ids, sizeof(ids), "0,%lld,%lld", hh_a, post);
    const char *r =
        INCOME(op, "2021", 100000, "collective,household,post", ids, "50000,30000,20000");
    assert_memory_equal(r, "OK ", 3);
    long long income = atoll(r + 3);
    expect(INCOME(op, "2021", 100000, "", "", ""), "ERR ZC006 period");
    expect(INCOME(op, "2021-03", 100000, "", "", ""), "ERR ZC006 period");
    /* recorded now, distributed later (and only once) */
    r = INCOME(op, "2022", 60000, "", "", "");
    long long later = atoll(r + 3);
    char done[40];
    snprintf(done, sizeof(done), "OK %lld", later);
    r = done;
    snprintf(ids, sizeof(ids), "0,%lld", hh_a);
    expect(run("SELECT zc_asset_income(%lld, NULL, '{140105%%}', %lld, %lld, NULL, NULL, NULL, '',"
               " '{collective,household}', '{%s}', '{10000,50000}', 'office', '127.0.0.1')",
               user, op, later, ids),
           r);
    expect(run("SELECT zc_asset_income(%lld, NULL, '{140105%%}', %lld, %lld, NULL, NULL, NULL, '',"
               " '{collective}', '{0}', '{60000}', 'office', '127.0.0.1')",
               user, op, later),
           "ERR ZC006 income_id");
    /* any other path: the sum is held at commit */
    expect(run("BEGIN"), "OK");
    expect(run("INSERT INTO project_asset_shares (income_id, village_code, kind, amount_fen)"
               " VALUES (%lld, '" VA "', 'collective', 1)",
               income),
           "OK");
    expect(run("COMMIT"), "ERR ZC003 shares");
    expect(run("UPDATE project_asset_incomes SET amount_fen = 100001 WHERE id = %lld", income),
           "ERR ZC003 shares");
    assert_int_equal(
        count("SELECT sum(amount_fen) FROM project_asset_shares WHERE income_id = %lld", income),
        100000);
    expect(run("SELECT string_agg(period || ':' || amount_fen, ',') FROM"
               " zc_household_dividends(%lld)",
               hh_a),
           "OK 2022:50000,2021:30000");
}

/* Posts: the holder a member of a household of the post's village; one post at a time (an
 * overlapping one refused naming member_id, at the function and at a plain INSERT); ended, the
 * next may start after; the end not before the start, not twice. */
static void test_posts(void **state)
{
    (void)state;
#define POST(member, from)                                                                         \
    run("SELECT zc_welfare_post_set(%lld, NULL, '{140105%%}', 0, '" VA "', 'road_keeper', %lld,"   \
        " '%s', 60000, 0, '公益岗位专项资金', 'office', '127.0.0.1')",                             \
        user, (long long)(member), from)
    expect(POST(member_c, "2021-01-01"), "ERR ZC003 member_id");
    const char *r = POST(member_a, "2021-01-01");
    assert_memory_equal(r, "OK ", 3);
    long long id = atoll(r + 3);
    expect(POST(member_a, "2023-05-01"), "ERR ZC009 member_id");
    expect(run("INSERT INTO welfare_posts (village_code, kind, member_id, household_id, from_on,"
               " monthly_pay_fen, funded_by) VALUES ('" VA "', 'cleaner', %lld, %lld, '2024-01-01',"
               " 50000, '财政')",
               member_a, hh_a),
           "ERR ZC009 member_id");
    expect(run("SELECT zc_welfare_post_end(%lld, NULL, '{140105%%}', %lld, '2020-12-01', '辞职',"
               " 'office', '127.0.0.1')",
               user, id),
           "ERR ZC003 to_on");
    expect(run("SELECT zc_welfare_post_end(%lld, NULL, '{140106%%}', %lld, '2023-04-30', '辞职',"
               " 'office', '127.0.0.1')",
               user, id),
           "ERR ZC005 id");
    char want[40];
    snprintf(want, sizeof(want), "OK %lld", id);
    expect(run("SELECT zc_welfare_post_end(%lld, NULL, '{140105%%}', %lld, '2023-04-30', '辞职',"
               " 'office', '127.0.0.1')",
               user, id),
           want);
    expect(run("SELECT zc_welfare_post_end(%lld, NULL, '{140105%%}', %lld, '2023-04-30', '辞职',"
               " 'office', '127.0.0.1')",
               user, id),
           "ERR ZC009 id");
    expect(POST(member_a, "2023-04-30"), "ERR ZC009 member_id");
    assert_memory_equal(POST(member_a, "2023-05-01"), "OK ", 3);
}

/* A keyed registration sent twice: one asset, one audit row, the same id. */
static void test_keyed(void **state)
{
    (void)state;
    long long p = project(VA, NULL, "accepted", 1000000);
    char first[64];
    snprintf(first, sizeof(first), "%s",
             asset("'asset-key-1'", p, VA, "public_welfare", 0, 1000, NULL, NULL));
    assert_memory_equal(first, "OK ", 3);
    expect(asset("'asset-key-1'", p, VA, "public_welfare", 0, 1000, NULL, NULL), first);
    assert_int_equal(count("SELECT count(*) FROM project_assets WHERE project_id = %lld", p), 1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'asset.register'"
                           " AND object = 'project_asset:%s'",
                           first + 3),
                     1);
}

/* Row-level security: the application role without a caller sees none of the records; with
 * the other county's scope none of this county's; with this county's, its own. */
static void test_rls(void **state)
{
    (void)state;
    PGconn *app = zt_pg_app(&srv);
    static const char *const tables[] = {"project_assets", "project_asset_upkeep",
                                         "project_asset_incomes", "project_asset_shares",
                                         "welfare_posts"};
    for (size_t i = 0; i < sizeof(tables) / sizeof(*tables); i++) {
        char sql[200];
        long long all =
            count("SELECT count(*) FROM %s WHERE village_code LIKE '140105%%'", tables[i]);
        assert_true(all > 0);
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", tables[i]);
        for (int scope = 0; scope < 3; scope++) {
            PGresult *res = PQexec(app, "BEGIN");
            PQclear(res);
            res =
                PQexec(app, scope == 0   ? "SELECT 1"
                            : scope == 1 ? "SELECT set_config('zhucun.scope', '{140106%}', true)"
                                         : "SELECT set_config('zhucun.scope', '{140105%}', true)");
            PQclear(res);
            res = PQexec(app, sql);
            assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
            long long n = atoll(PQgetvalue(res, 0, 0));
            PQclear(res);
            res = PQexec(app, "ROLLBACK");
            PQclear(res);
            if (n != (scope == 2 ? all : 0))
                fail_msg("%s with scope %d: %lld rows, want %lld", tables[i], scope, n,
                         scope == 2 ? all : 0);
        }
    }
    PQfinish(app);
}

/* The five kinds export incrementally: a second pull from the first's cursor brings only what
 * was written since, an upkeep record and the asset whose condition it changed. */
static void test_export_incremental(void **state)
{
    (void)state;
    static const char *const kinds[] = {"project_assets", "project_asset_upkeep",
                                        "project_asset_incomes", "project_asset_shares",
                                        "welfare_posts"};
    char cursors[5][512], again[512];
    for (int k = 0; k < 5; k++) {
        unsigned long long n = zt_export_rows(exporter, kinds[k], "", "", cursors[k], 512);
        assert_int_equal(n, count("SELECT count(*) FROM %s", kinds[k]));
        assert_int_equal(zt_export_rows(exporter, kinds[k], "", cursors[k], again, sizeof(again)),
                         0);
    }
    long long a = count("SELECT min(id) FROM project_assets WHERE condition = 'good'"
                        " AND village_code LIKE '140105%%'");
    expect(run("SELECT zc_asset_maintain(%lld, NULL, '{140105%%}', %lld, '2022-06-01', '检修',"
               " 1000, '村委会', 'damaged', NULL, 'office', '127.0.0.1') IS NOT NULL",
               user, a),
           "OK t");
    assert_int_equal(
        zt_export_rows(exporter, "project_assets", "", cursors[0], again, sizeof(again)), 1);
    assert_int_equal(
        zt_export_rows(exporter, "project_asset_upkeep", "", cursors[1], again, sizeof(again)), 1);
    assert_int_equal(
        zt_export_rows(exporter, "welfare_posts", "", cursors[4], again, sizeof(again)), 0);
    assert_int_equal(
        zt_export_rows(other_county, "project_assets", "140106000000", "", again, sizeof(again)),
        count("SELECT count(*) FROM project_assets WHERE village_code LIKE '140106%%'"));
}

/* The lists of common/rules/asset.c are 0110's rows, in order. */
static void test_lists_agree(void **state)
{
    (void)state;
    static const struct {
        const char *table;
        const char *const *codes;
    } lists[] = {{"project_asset_categories", rules_asset_categories},
                 {"project_asset_conditions", rules_asset_conditions},
                 {"welfare_post_kinds", rules_welfare_post_kinds}};
    for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++) {
        char joined[400] = "";
        for (const char *const *c = lists[i].codes; *c != NULL; c++) {
            strcat(joined, joined[0] != '\0' ? "," : "");
            strcat(joined, *c);
        }
        char sql[120];
        snprintf(sql, sizeof(sql), "SELECT string_agg(code, ',' ORDER BY ord) FROM %s",
                 lists[i].table);
        char *db = zt_sql(&srv, sql);
        assert_string_equal(db, joined);
        free(db);
    }
    /* and the rule's months its first row's */
    assert_int_equal(count("SELECT zc_asset_rule('upkeep_months', '2013-01-01')"),
                     ASSET_UPKEEP_MONTHS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_only_accepted),
        cmocka_unit_test(test_place_owner_value),
        cmocka_unit_test(test_status_checks),
        cmocka_unit_test(test_upkeep_due),
        cmocka_unit_test(test_income_shares),
        cmocka_unit_test(test_posts),
        cmocka_unit_test(test_keyed),
        cmocka_unit_test(test_rls),
        cmocka_unit_test(test_export_incremental),
        cmocka_unit_test(test_lists_agree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
