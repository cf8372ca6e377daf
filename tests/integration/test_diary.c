/* test_diary.c -- the cadre's work diary (工作日志 / 民情日记, SPEC D3; issue 23; docs/diary.md):
 * the day's own records offered (a visit the cadre made, a ledger item their account created, a
 * check-in), and no one else's; an entry linking them, keyed and audited, one a day; each
 * refusal with its field; the township and county reading their cadres' entries and another
 * county not; the days served without an entry against a direct SQL count; the two kinds
 * exported. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"

#define PW       "correct horse battery"
#define COUNTY_A "140105000000"
#define TOWN_A   "140105001000"
#define VA1      "140105001001"
#define COUNTY_B "140106000000"
#define VB       "140106001001"

static struct zt_server srv;
static struct zc_client *prov, *county_a, *county_b, *town_a, *mem, *cad_b, *exporter;
static int64_t team_a, team_b, p_mem, p_b;
static long long visit_id, item_id, checkin_id, visit_b;
static char today[11];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,日志一村,village\n"
                          "140106000000,迎泽区,county\n140106001000,柳巷街道,township\n"
                          "140106001001,日志二村,village\n";

#define count(...) zt_count(&srv, __VA_ARGS__)

static void sql(const char *fmt, long long a, long long b)
{
    char q[1024];
    snprintf(q, sizeof(q), fmt, a, b);
    free(zt_sql(&srv, q));
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "diary", NULL);
    rules_date_format(zt_today(), today);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", COUNTY_A, 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", COUNTY_B, 0), 0);
    assert_int_equal(zt_useradd(&srv, "wucheng", PW, "township", TOWN_A, 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", "140000000000", 0), 0);
    county_a = zt_login(&srv, "xiaodian", PW, NULL);
    county_b = zt_login(&srv, "yingze", PW, NULL);
    town_a = zt_login(&srv, "wucheng", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    int64_t u_a = zt_unit(prov, "小店区日志测试局", "county", COUNTY_A);
    int64_t u_b = zt_unit(prov, "迎泽区日志测试局", "county", COUNTY_B);
    team_a = zt_team(county_a, "village", VA1, "日志一村工作队");
    team_b = zt_team(county_b, "village", VB, "日志二村工作队");
    mem = zt_cadre(&srv, county_a, team_a, "mem-a", VA1, "cadre", "member", u_a, PW, &p_mem);
    cad_b = zt_cadre(&srv, county_b, team_b, "cad-b", VB, "cadre", "member", u_b, PW, &p_b);
    /* serving ten days; today: a visit, a ledger item, a check-in of the cadre; a visit of B */
    sql("UPDATE memberships SET start_date = zc_today() - 10 WHERE person_id IN (%lld, %lld)",
        (long long)p_mem, (long long)p_b);
    sql("INSERT INTO visits (visit_date, village_code, team_id, mode, cadre_ids, notes)"
        " VALUES (zc_today(), '" VA1 "', %lld, 'in_person', ARRAY[%lld]::bigint[], '走访张大爷')",
        (long long)team_a, (long long)p_mem);
    visit_id = count("SELECT max(id) FROM visits WHERE village_code = '" VA1 "'");
    sql("INSERT INTO visits (visit_date, village_code, team_id, mode, cadre_ids)"
        " VALUES (zc_today(), '" VB "', %lld, 'phone', ARRAY[%lld]::bigint[])",
        (long long)team_b, (long long)p_b);
    visit_b = count("SELECT max(id) FROM visits WHERE village_code = '" VB "'");
    sql("INSERT INTO ledger_items (village_code, text, responsible_id, deadline, status, area,"
        " list, source_kind, created_by, created_at) SELECT '" VA1 "', '修缮村道排水沟', %lld,"
        " zc_today() + 30, 'open', 'living', 'task', 'hand', u.id, zc_now() FROM users u"
        " WHERE u.username = 'mem-a' AND %lld > 0",
        (long long)p_mem, 1);
    item_id = count("SELECT max(id) FROM ledger_items WHERE village_code = '" VA1 "'");
    sql("INSERT INTO checkins (at, person_id, team_id, village_code, client_time, lat, lon,"
        " accuracy_m) VALUES (zc_now(), %lld, %lld, '" VA1 "', zc_now(), 37.8, 112.5, 10)",
        (long long)p_mem, (long long)team_a);
    checkin_id = count("SELECT max(id) FROM checkins WHERE person_id = %lld", (long long)p_mem);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct zc_client *all[] = {prov, county_a, county_b, town_a, mem, cad_b, exporter};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        zc_close(all[i]);
    zt_server_finish(&srv);
    return 0;
}

/* The day's own records are offered, no one else's. */
static void test_day_offers_own_records(void **state)
{
    (void)state;
    Zhucun__DiaryDay dd = ZHUCUN__DIARY_DAY__INIT;
    dd.day = today;
    Zhucun__Reply *r = zt_ok(mem, ZHUCUN__REQUEST__BODY_DIARY_DAY, &dd, NULL);
    const Zhucun__DiaryDayReply *d = r->diary_day;
    assert_int_equal(d->n_records, 3);
    assert_null(d->entry);
    int seen = 0;
    for (size_t i = 0; i < d->n_records; i++) {
        if (strcmp(d->records[i]->kind, "visit") == 0 && d->records[i]->record_id == visit_id)
            seen |= 1;
        if (strcmp(d->records[i]->kind, "ledger_item") == 0 && d->records[i]->record_id == item_id)
            seen |= 2;
        if (strcmp(d->records[i]->kind, "checkin") == 0 && d->records[i]->record_id == checkin_id)
            seen |= 4;
    }
    assert_int_equal(seen, 7);
    zc_reply_free(r);
    r = zt_ok(cad_b, ZHUCUN__REQUEST__BODY_DIARY_DAY, &dd, NULL);
    assert_int_equal(r->diary_day->n_records, 1); /* B's own phone visit only */
    zc_reply_free(r);
    dd.day = "2026-13-01";
    zt_refused(mem, ZHUCUN__REQUEST__BODY_DIARY_DAY, &dd, ZHUCUN__CODE__INVALID_ARGUMENT, "day");
    zt_refused(county_a, ZHUCUN__REQUEST__BODY_DIARY_DAY, &dd, ZHUCUN__CODE__PERMISSION_DENIED,
               NULL);
}

static Zhucun__DiaryWrite entry(const char *day)
{
    Zhucun__DiaryWrite w = ZHUCUN__DIARY_WRITE__INIT;
    w.day = (char *)day;
    w.done = "入户走访 5 户，核实收入情况";
    w.people_met = "张大爷、村支书";
    w.problems = "村道排水沟堵塞";
    return w;
}

static void test_write(void **state)
{
    (void)state;
    long long audited = count("SELECT count(*) FROM audit WHERE action = 'diary.write'");
    int64_t visits[] = {visit_id}, items[] = {item_id}, checkins[] = {checkin_id},
            other[] = {visit_b};
    Zhucun__DiaryWrite w = entry(today);
    w.visit_ids = other;
    w.n_visit_ids = 1;
    zt_refused(mem, ZHUCUN__REQUEST__BODY_DIARY_WRITE, &w, ZHUCUN__CODE__NOT_FOUND, "visit_ids");
    w.visit_ids = visits;
    w.item_ids = checkins; /* a check-in's id given as an item's */
    w.n_item_ids = 1;
    if (checkin_id != item_id)
        zt_refused(mem, ZHUCUN__REQUEST__BODY_DIARY_WRITE, &w, ZHUCUN__CODE__NOT_FOUND, "item_ids");
    w.item_ids = items;
    w.checkin_ids = checkins;
    w.n_checkin_ids = 1;
    Zhucun__Reply *r1 = zt_ok(mem, ZHUCUN__REQUEST__BODY_DIARY_WRITE, &w, "diary-1");
    Zhucun__Reply *r2 = zt_ok(mem, ZHUCUN__REQUEST__BODY_DIARY_WRITE, &w, "diary-1");
    int64_t id = r1->diary_write->id;
    assert_int_equal(id, r2->diary_write->id);
    zc_reply_free(r1);
    zc_reply_free(r2);
    assert_int_equal(count("SELECT count(*) FROM diary_links WHERE entry_id = %lld", (long long)id),
                     3);
    assert_int_equal(count("SELECT count(*) FROM diary_entries WHERE id = %lld AND team_id = %lld"
                           " AND village_code = '" VA1 "' AND person_id = %lld",
                           (long long)id, (long long)team_a, (long long)p_mem),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'diary.write'"), audited + 1);
    zt_refused(mem, ZHUCUN__REQUEST__BODY_DIARY_WRITE, &w, ZHUCUN__CODE__ALREADY_EXISTS, "day");
    /* the day's entry comes back with the records */
    Zhucun__DiaryDay dd = ZHUCUN__DIARY_DAY__INIT;
    dd.day = today;
    Zhucun__Reply *r = zt_ok(mem, ZHUCUN__REQUEST__BODY_DIARY_DAY, &dd, NULL);
    assert_non_null(r->diary_day->entry);
    assert_int_equal(r->diary_day->entry->links, 3);
    zc_reply_free(r);
    /* the refusals, nothing written */
    long long before = count("SELECT count(*) FROM diary_entries");
    char day[11];
    rules_date_format(zt_today() - 8, day);
    Zhucun__DiaryWrite bad = entry(day);
    zt_refused(mem, ZHUCUN__REQUEST__BODY_DIARY_WRITE, &bad, ZHUCUN__CODE__INVALID_ARGUMENT, "day");
    rules_date_format(zt_today() + 1, day);
    bad = entry(day);
    zt_refused(mem, ZHUCUN__REQUEST__BODY_DIARY_WRITE, &bad, ZHUCUN__CODE__INVALID_ARGUMENT, "day");
    rules_date_format(zt_today() - 1, day);
    bad = entry(day);
    bad.done = "";
    zt_refused(mem, ZHUCUN__REQUEST__BODY_DIARY_WRITE, &bad, ZHUCUN__CODE__INVALID_ARGUMENT,
               "done");
    bad = entry(day);
    bad.visit_ids = visits; /* today's visit on yesterday's entry */
    bad.n_visit_ids = 1;
    zt_refused(mem, ZHUCUN__REQUEST__BODY_DIARY_WRITE, &bad, ZHUCUN__CODE__NOT_FOUND, "visit_ids");
    bad = entry(day);
    zt_refused(county_a, ZHUCUN__REQUEST__BODY_DIARY_WRITE, &bad, ZHUCUN__CODE__PERMISSION_DENIED,
               NULL);
    sql("UPDATE memberships SET start_date = zc_today() - 3 WHERE person_id = %lld AND %lld > 0",
        (long long)p_b, 1);
    rules_date_format(zt_today() - 5, day);
    bad = entry(day);
    zt_refused(cad_b, ZHUCUN__REQUEST__BODY_DIARY_WRITE, &bad, ZHUCUN__CODE__FAILED_PRECONDITION,
               "day");
    sql("UPDATE memberships SET start_date = zc_today() - 10 WHERE person_id = %lld AND %lld > 0",
        (long long)p_b, 1);
    assert_int_equal(count("SELECT count(*) FROM diary_entries"), before);
}

static size_t listed(struct zc_client *c, const char *org, Zhucun__Code want)
{
    Zhucun__DiaryList dl = ZHUCUN__DIARY_LIST__INIT;
    dl.org_code = (char *)org;
    if (want != ZHUCUN__CODE__OK) {
        zt_refused(c, ZHUCUN__REQUEST__BODY_DIARY_LIST, &dl, want, "org_code");
        return 0;
    }
    Zhucun__Reply *r = zt_ok(c, ZHUCUN__REQUEST__BODY_DIARY_LIST, &dl, NULL);
    size_t n = r->diary_list->n_entries;
    zc_reply_free(r);
    return n;
}

/* The township and the county read their cadres' entries; another county does not; a cadre
 * reads their own. */
static void test_readers(void **state)
{
    (void)state;
    size_t all =
        (size_t)count("SELECT count(*) FROM diary_entries WHERE village_code LIKE '140105%%'"
                      " AND day >= zc_today() - 30");
    assert_true(all >= 1);
    assert_int_equal(listed(town_a, "", ZHUCUN__CODE__OK), all);
    assert_int_equal(listed(county_a, VA1, ZHUCUN__CODE__OK), all);
    assert_int_equal(
        listed(prov, "", ZHUCUN__CODE__OK),
        (size_t)count("SELECT count(*) FROM diary_entries WHERE day >= zc_today() - 30"));
    assert_int_equal(listed(county_b, "", ZHUCUN__CODE__OK), 0);
    listed(county_b, COUNTY_A, ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(listed(mem, "", ZHUCUN__CODE__OK), all);
    assert_int_equal(listed(cad_b, "", ZHUCUN__CODE__OK), 0);
}

static size_t missing(struct zc_client *c, int64_t person, Zhucun__Code want)
{
    char from[11];
    rules_date_format(zt_today() - 20, from);
    Zhucun__DiaryMissing dm = ZHUCUN__DIARY_MISSING__INIT;
    dm.person_id = person;
    dm.from_day = from;
    if (want != ZHUCUN__CODE__OK) {
        zt_refused(c, ZHUCUN__REQUEST__BODY_DIARY_MISSING, &dm, want, "person_id");
        return 0;
    }
    Zhucun__Reply *r = zt_ok(c, ZHUCUN__REQUEST__BODY_DIARY_MISSING, &dm, NULL);
    size_t n = r->diary_missing->n_days;
    for (size_t i = 0; i < n; i++)
        assert_int_equal(r->diary_missing->days[i]->team_id, team_a);
    zc_reply_free(r);
    return n;
}

/* The days served (ten back, today not yet missing) without an entry: against SQL. */
static void test_missing_days(void **state)
{
    (void)state;
    sql("INSERT INTO diary_entries (person_id, team_id, village_code, day, done, written_at)"
        " VALUES (%lld, %lld, '" VA1 "', zc_today() - 2, '补录', zc_now())",
        (long long)p_mem, (long long)team_a);
    size_t want = (size_t)count(
        "SELECT count(*) FROM generate_series(zc_today() - 10, zc_today() - 1, interval '1 day') d"
        " WHERE NOT EXISTS (SELECT 1 FROM diary_entries e WHERE e.person_id = %lld"
        " AND e.day = d::date)",
        (long long)p_mem);
    assert_int_equal(want, 9);
    assert_int_equal(missing(mem, 0, ZHUCUN__CODE__OK), want);
    assert_int_equal(missing(town_a, p_mem, ZHUCUN__CODE__OK), want);
    assert_int_equal(missing(county_a, p_mem, ZHUCUN__CODE__OK), want);
    missing(county_b, p_mem, ZHUCUN__CODE__NOT_FOUND);
    missing(cad_b, p_mem, ZHUCUN__CODE__NOT_FOUND);
    Zhucun__DiaryMissing dm = ZHUCUN__DIARY_MISSING__INIT;
    char from[11];
    rules_date_format(zt_today() - 400, from);
    dm.from_day = from;
    zt_refused(mem, ZHUCUN__REQUEST__BODY_DIARY_MISSING, &dm, ZHUCUN__CODE__INVALID_ARGUMENT,
               "from_day");
}

static void test_export(void **state)
{
    (void)state;
    char cursor[256];
    assert_int_equal(zt_export_rows(exporter, "diary_entries", "", "", cursor, sizeof(cursor)),
                     (unsigned long long)count("SELECT count(*) FROM diary_entries"));
    assert_int_equal(zt_export_rows(exporter, "diary_links", "", "", cursor, sizeof(cursor)),
                     (unsigned long long)count("SELECT count(*) FROM diary_links"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_offers_own_records),
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_readers),
        cmocka_unit_test(test_missing_days),
        cmocka_unit_test(test_export),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
