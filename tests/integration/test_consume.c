/* test_consume.c -- consumption assistance (消费帮扶, SPEC M7; issue 21; docs/consumption.md):
 * purchases by a unit, its first secretary and a team, only from the villages the unit assists
 * (refused naming `village`), with evidence, each refusal with its field, a keyed purchase
 * applied once, audited; the lists by place and by unit (a unit's administrator sees its unit);
 * the quota following the unit's level and the year (a rule row from a date: the year before
 * keeps the old quota; the counting rule for secretaries the same), central units without a
 * target, the shortfall list by city and county; sales contracts recorded and listed per village
 * and county; both exported incrementally. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/idcard.h"

#define PW       "correct horse battery"
#define COUNTY_A "140105000000"
#define VA1      "140105001001"
#define VA2      "140105001002"
#define COUNTY_B "140106000000"
#define VB       "140106001001"

static struct zt_server srv;
static struct zc_client *prov, *city, *county_a, *county_b, *sec, *prov_cadre, *uadm, *exporter;
static int64_t u_prov, u_central, u_city, u_a, u_b, u_d, team_a1, sec_person, prov_person;
static int64_t hh_a1, hh_a2;
static char today[11];
static int serial;

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,消费一村,village\n"
                          "140105001002,消费二村,village\n"
                          "140106000000,迎泽区,county\n140106001000,柳巷街道,township\n"
                          "140106001001,消费三村,village\n"
                          "140200000000,大同市,city\n140212000000,新荣区,county\n";

#define count(...) zt_count(&srv, __VA_ARGS__)

static int64_t add_household(const char *village, struct zc_client *office)
{
    char id[19];
    snprintf(id, sizeof(id), "14010519800101%03d", ++serial % 1000);
    id[17] = rules_idcard_check_char(id);
    id[18] = '\0';
    return zt_household(office, village, "ordinary", "2020-01-01", "消费户主", id);
}

/* A purchase of 小米 in VA1 today from a cooperative, counted for unit, by kind. */
static Zhucun__PurchaseRecord purchase(int64_t unit, const char *kind, int64_t amount)
{
    Zhucun__PurchaseRecord p = ZHUCUN__PURCHASE_RECORD__INIT;
    p.unit_id = unit;
    p.buyer_kind = (char *)kind;
    p.village = VA1;
    p.producer_kind = "cooperative";
    p.producer_name = "消费一村小米合作社";
    p.on_date = today;
    p.goods = "小米";
    p.quantity = 100;
    p.qty_unit = "斤";
    p.amount = amount;
    return p;
}

static Zhucun__Code buy(struct zc_client *c, Zhucun__PurchaseRecord *p, const char *field,
                        int64_t *id)
{
    Zhucun__Reply *reply = NULL;
    Zhucun__Code rc =
        zt_call_body(c, ZHUCUN__REQUEST__BODY_PURCHASE_RECORD, p, NULL, field, &reply);
    if (rc == ZHUCUN__CODE__OK && id != NULL)
        *id = reply->purchase_record->id;
    zc_reply_free(reply);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "consume", NULL);
    rules_date_format(zt_today(), today);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "taiyuan", PW, "city_office", "140100000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", COUNTY_A, 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", COUNTY_B, 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", "140000000000", 0), 0);
    city = zt_login(&srv, "taiyuan", PW, NULL);
    county_a = zt_login(&srv, "xiaodian", PW, NULL);
    county_b = zt_login(&srv, "yingze", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    u_prov = zt_unit(prov, "省消费帮扶测试厅", "province", "140000000000");
    u_central = zt_unit(prov, "中央消费帮扶测试部", "central", "140000000000");
    u_city = zt_unit(prov, "太原市消费帮扶测试局", "city", "140100000000");
    u_a = zt_unit(prov, "小店区消费帮扶测试局", "county", COUNTY_A);
    u_b = zt_unit(prov, "迎泽区消费帮扶测试局", "county", COUNTY_B);
    u_d = zt_unit(prov, "新荣区消费帮扶测试局", "county", "140212000000");
    team_a1 = zt_team(county_a, "village", VA1, "消费一村工作队");
    sec = zt_cadre(&srv, county_a, team_a1, "sec-a", VA1, "cadre", "first_secretary", u_a, PW,
                   &sec_person);
    prov_cadre = zt_cadre(&srv, prov, team_a1, "prov-cadre", VA1, "cadre", "member", u_prov, PW,
                          &prov_person);
    char initial[64];
    zt_user_add(county_a, "uadm-a", "单位管理员", COUNTY_A, "unit_admin", u_a, initial);
    uadm = zt_first_login(&srv, "uadm-a", initial, PW);
    hh_a1 = add_household(VA1, county_a);
    hh_a2 = add_household(VA2, county_a);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct zc_client *all[] = {prov, city, county_a, county_b, sec, prov_cadre, uadm, exporter};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        zc_close(all[i]);
    zt_server_finish(&srv);
    return 0;
}

/* Who may buy for which unit, from where; each refusal names its field; audited; evidence. */
static void test_purchase(void **state)
{
    (void)state;
    long long audited = count("SELECT count(*) FROM audit WHERE action = 'consume.purchase'");
    int64_t id = 0;
    /* the first secretary's own purchase from a household of the village */
    Zhucun__PurchaseRecord p = purchase(u_a, "secretary", 120000);
    p.producer_kind = "household";
    p.household_id = hh_a1;
    p.producer_name = "";
    assert_int_equal(buy(sec, &p, NULL, &id), ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM consumption_purchases WHERE id = %lld"
                           " AND person_id = %lld AND producer_name = '消费户主'"
                           " AND village_code = '" VA1 "' AND amount = 120000",
                           (long long)id, (long long)sec_person),
                     1);
    /* a village the unit does not assist */
    p = purchase(u_a, "secretary", 1000);
    p.village = VA2;
    assert_int_equal(buy(sec, &p, "village", NULL), ZHUCUN__CODE__FAILED_PRECONDITION);
    /* a household of another village */
    p = purchase(u_a, "secretary", 1000);
    p.producer_kind = "household";
    p.household_id = hh_a2;
    p.producer_name = "";
    assert_int_equal(buy(sec, &p, "household_id", NULL), ZHUCUN__CODE__NOT_FOUND);
    /* a cadre does not buy in the unit's name, nor for another unit */
    p = purchase(u_a, "unit", 1000);
    assert_int_equal(buy(sec, &p, "buyer_kind", NULL), ZHUCUN__CODE__PERMISSION_DENIED);
    p = purchase(u_b, "secretary", 1000);
    assert_int_equal(buy(sec, &p, "unit_id", NULL), ZHUCUN__CODE__NOT_FOUND);
    /* the team's purchase: the cadre's own team */
    p = purchase(u_a, "team", 30000);
    assert_int_equal(buy(sec, &p, NULL, &id), ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM consumption_purchases WHERE id = %lld"
                           " AND team_id = %lld",
                           (long long)id, (long long)team_a1),
                     1);
    /* a provincial unit's cadre in the same team buys for the provincial unit */
    p = purchase(u_prov, "team", 50000);
    assert_int_equal(buy(prov_cadre, &p, NULL, NULL), ZHUCUN__CODE__OK);
    /* the unit's administrator: in the unit's name, with the invoice */
    uint8_t sha[32];
    memset(sha, 0xc5, sizeof(sha));
    zt_attach_evidence(&srv, "uadm-a", sha);
    ProtobufCBinaryData ev = {32, sha};
    p = purchase(u_a, "unit", 200000);
    p.evidence = &ev;
    p.n_evidence = 1;
    assert_int_equal(buy(uadm, &p, NULL, &id), ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM attachment_links WHERE kind ="
                           " 'consumption_purchase' AND record_id = %lld",
                           (long long)id),
                     1);
    /* ... not for another unit; a "first secretary" who is none */
    p = purchase(u_b, "unit", 1000);
    assert_int_equal(buy(uadm, &p, "unit_id", NULL), ZHUCUN__CODE__NOT_FOUND);
    p = purchase(u_a, "secretary", 1000);
    p.person_id = prov_person;
    assert_int_equal(buy(uadm, &p, "person_id", NULL), ZHUCUN__CODE__FAILED_PRECONDITION);
    /* the checks of the body: a day ahead, an amount past the limit */
    char tomorrow[11];
    rules_date_format(zt_today() + 1, tomorrow);
    p = purchase(u_a, "unit", 1000);
    p.on_date = tomorrow;
    assert_int_equal(buy(uadm, &p, "on_date", NULL), ZHUCUN__CODE__INVALID_ARGUMENT);
    p = purchase(u_a, "unit", 100000001);
    assert_int_equal(buy(uadm, &p, "amount", NULL), ZHUCUN__CODE__INVALID_ARGUMENT);
    /* offices do not record purchases */
    p = purchase(u_a, "unit", 1000);
    assert_int_equal(buy(county_a, &p, NULL, NULL), ZHUCUN__CODE__PERMISSION_DENIED);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'consume.purchase'"),
                     audited + 4);
}

/* A retried purchase with the same key is recorded once and answers the same id. */
static void test_keyed(void **state)
{
    (void)state;
    Zhucun__PurchaseRecord p = purchase(u_a, "unit", 7700);
    p.goods = "键控小米";
    Zhucun__Reply *r1 = NULL, *r2 = NULL;
    assert_int_equal(
        zt_call_body(uadm, ZHUCUN__REQUEST__BODY_PURCHASE_RECORD, &p, "consume-key-1", NULL, &r1),
        ZHUCUN__CODE__OK);
    assert_int_equal(
        zt_call_body(uadm, ZHUCUN__REQUEST__BODY_PURCHASE_RECORD, &p, "consume-key-1", NULL, &r2),
        ZHUCUN__CODE__OK);
    assert_int_equal(r1->purchase_record->id, r2->purchase_record->id);
    zc_reply_free(r1);
    zc_reply_free(r2);
    assert_int_equal(count("SELECT count(*) FROM consumption_purchases WHERE goods = '键控小米'"),
                     1);
}

/* The lists: by place for offices and the village's team, by unit for its administrator. */
static void test_lists(void **state)
{
    (void)state;
    Zhucun__PurchaseList l = ZHUCUN__PURCHASE_LIST__INIT;
    l.org_code = VA1;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_PURCHASE_LIST, &l, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    long long all = count("SELECT count(*) FROM consumption_purchases WHERE village_code = '" VA1
                          "' AND extract(year FROM on_date) = extract(year FROM zc_today())");
    assert_int_equal((long long)reply->purchase_list->n_purchases, all);
    assert_int_equal(
        reply->purchase_list->total,
        count("SELECT sum(amount) FROM consumption_purchases WHERE village_code = '" VA1
              "' AND extract(year FROM on_date) = extract(year FROM zc_today())"));
    zc_reply_free(reply);
    assert_int_equal(
        zt_call_body(county_b, ZHUCUN__REQUEST__BODY_PURCHASE_LIST, &l, NULL, "org_code", NULL),
        ZHUCUN__CODE__NOT_FOUND);
    /* a unit's administrator: its unit, not the provincial unit's purchase in the same village */
    l.org_code = "";
    assert_int_equal(
        zt_call_body(uadm, ZHUCUN__REQUEST__BODY_PURCHASE_LIST, &l, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_true(reply->purchase_list->n_purchases >= 3);
    for (size_t i = 0; i < reply->purchase_list->n_purchases; i++)
        assert_int_equal(reply->purchase_list->purchases[i]->unit_id, u_a);
    zc_reply_free(reply);
    /* the limit: one row, truncated */
    l.limit = 1;
    assert_int_equal(
        zt_call_body(uadm, ZHUCUN__REQUEST__BODY_PURCHASE_LIST, &l, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->purchase_list->n_purchases, 1);
    assert_true(reply->purchase_list->truncated);
    zc_reply_free(reply);
    l.limit = 2001;
    assert_int_equal(
        zt_call_body(uadm, ZHUCUN__REQUEST__BODY_PURCHASE_LIST, &l, NULL, "limit", NULL),
        ZHUCUN__CODE__INVALID_ARGUMENT);
}

/* One unit's row of a progress reply, or NULL. */
static const Zhucun__UnitProgress *unit_row(const Zhucun__QuotaProgressReply *q, int64_t unit)
{
    for (size_t i = 0; i < q->n_units; i++)
        if (q->units[i]->unit_id == unit)
            return q->units[i];
    return NULL;
}

static Zhucun__Reply *progress(struct zc_client *c, unsigned year, int shortfall, const char *org)
{
    Zhucun__QuotaProgress q = ZHUCUN__QUOTA_PROGRESS__INIT;
    q.year = year;
    q.shortfall = shortfall;
    q.org_code = (char *)org;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call_body(c, ZHUCUN__REQUEST__BODY_QUOTA_PROGRESS, &q, NULL, NULL, &reply),
                     ZHUCUN__CODE__OK);
    return reply;
}

/* The quota follows the unit's level and the year's rule rows; what counts too. */
static void test_quota(void **state)
{
    (void)state;
    /* 2024 and 2025: the unit itself 6,000 yuan, its first secretary 3,000 yuan */
    free(zt_sql(&srv, "INSERT INTO consumption_purchases (unit_id, buyer_kind, person_id,"
                      " village_code, producer_kind, producer_name, on_date, goods, quantity,"
                      " qty_unit, amount)"
                      " SELECT u, k, CASE WHEN k = 'secretary' THEN p END, '" VA1 "',"
                      " 'cooperative', '合作社', d::date, '小米', 1, '斤',"
                      " CASE WHEN k = 'unit' THEN 600000 ELSE 300000 END"
                      " FROM (SELECT (SELECT id FROM dispatch_units WHERE name ="
                      "  '小店区消费帮扶测试局') u, (SELECT id FROM persons WHERE id IN"
                      "  (SELECT person_id FROM memberships WHERE post = 'first_secretary')) p) x,"
                      " (VALUES ('unit'), ('secretary')) b (k),"
                      " (VALUES ('2024-03-01'), ('2025-03-01')) y (d)"));
    /* from 2025 a county unit's quota is 15,000 yuan and a secretary's purchase does not count */
    free(zt_sql(&srv, "INSERT INTO consumption_quota_rules (level, quota_fen, valid_from)"
                      " VALUES ('county', 1500000, '2025-01-01')"));
    free(zt_sql(&srv, "INSERT INTO consumption_count_rules (buyer_kind, counts, valid_from)"
                      " VALUES ('secretary', false, '2025-01-01')"));
    Zhucun__Reply *reply = progress(prov, 2024, 0, "");
    const Zhucun__QuotaProgressReply *q = reply->quota_progress;
    assert_int_equal(q->year, 2024);
    const Zhucun__UnitProgress *u = unit_row(q, u_a);
    assert_non_null(u);
    assert_int_equal(u->quota, 1000000);
    assert_int_equal(u->counted, 900000);
    assert_int_equal(u->bought, 900000);
    assert_int_equal(u->permille, 900);
    assert_int_equal(u->shortfall, 100000);
    assert_int_equal(unit_row(q, u_prov)->quota, 3000000);
    assert_int_equal(unit_row(q, u_city)->quota, 2000000);
    assert_int_equal(unit_row(q, u_d)->quota, 1000000);
    assert_false(unit_row(q, u_central)->has_quota);
    assert_int_equal(unit_row(q, u_central)->shortfall, 0);
    zc_reply_free(reply);
    reply = progress(prov, 2025, 0, "");
    u = unit_row(reply->quota_progress, u_a);
    assert_int_equal(u->quota, 1500000);
    assert_int_equal(u->counted, 600000);
    assert_int_equal(u->bought, 900000);
    assert_int_equal(u->shortfall, 900000);
    assert_int_equal(u->permille, 400);
    /* the largest shortfall first, the units without a target last */
    const Zhucun__QuotaProgressReply *all = reply->quota_progress;
    for (size_t i = 1; i < all->n_units; i++)
        assert_true(!all->units[i]->has_quota ||
                    all->units[i - 1]->shortfall >= all->units[i]->shortfall);
    assert_false(all->units[all->n_units - 1]->has_quota);
    zc_reply_free(reply);
    /* the shortfall of 2024, by city and county: the provincial unit, Taiyuan's city unit,
     * Xiaodian's and Yingze's county units, then Datong's; no central unit */
    reply = progress(prov, 2024, 1, "");
    q = reply->quota_progress;
    const int64_t want[] = {u_prov, u_city, u_a, u_b, u_d};
    assert_int_equal(q->n_units, 5);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(q->units[i]->unit_id, want[i]);
    assert_string_equal(q->units[2]->city_code, "140100000000");
    assert_string_equal(q->units[2]->county_code, COUNTY_A);
    zc_reply_free(reply);
    /* the city office: its city's units; the county office: its county's */
    reply = progress(city, 2024, 1, "");
    assert_int_equal(reply->quota_progress->n_units, 3);
    zc_reply_free(reply);
    reply = progress(county_a, 2024, 0, "");
    assert_int_equal(reply->quota_progress->n_units, 1);
    assert_int_equal(reply->quota_progress->units[0]->unit_id, u_a);
    zc_reply_free(reply);
    /* the unit's administrator: its unit, this year */
    reply = progress(uadm, 0, 0, "");
    assert_int_equal(reply->quota_progress->n_units, 1);
    u = reply->quota_progress->units[0];
    assert_int_equal(u->unit_id, u_a);
    assert_int_equal(u->bought, count("SELECT sum(amount) FROM consumption_purchases WHERE"
                                      " unit_id = %lld AND extract(year FROM on_date) ="
                                      " extract(year FROM zc_today())",
                                      (long long)u_a));
    assert_true(u->counted < u->bought); /* the secretary's purchase does not count now */
    zc_reply_free(reply);
    /* a place out of scope */
    Zhucun__QuotaProgress qp = ZHUCUN__QUOTA_PROGRESS__INIT;
    qp.org_code = COUNTY_B;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_QUOTA_PROGRESS, &qp, NULL, "org_code", NULL),
        ZHUCUN__CODE__NOT_FOUND);
    qp.org_code = "";
    qp.year = 2012;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_QUOTA_PROGRESS, &qp, NULL, "year", NULL),
        ZHUCUN__CODE__INVALID_ARGUMENT);
}

static Zhucun__ContractRecord contract(const char *village)
{
    Zhucun__ContractRecord c = ZHUCUN__CONTRACT_RECORD__INIT;
    c.village = (char *)village;
    c.buyer_name = "某生鲜超市";
    c.buyer_kind = "supermarket";
    c.producer_kind = "cooperative";
    c.producer_name = "消费二村种植合作社";
    c.signed_on = today;
    c.period_from = today;
    c.period_to = today;
    c.goods = "红薯";
    c.quantity = 5000;
    c.qty_unit = "斤";
    c.amount = 1000000;
    return c;
}

/* Sales contracts: recorded and listed per village and county. */
static void test_contracts(void **state)
{
    (void)state;
    Zhucun__ContractRecord c = contract(VA1);
    c.producer_kind = "household";
    c.household_id = hh_a1;
    c.producer_name = "";
    assert_int_equal(zt_call_body(sec, ZHUCUN__REQUEST__BODY_CONTRACT_RECORD, &c, NULL, NULL, NULL),
                     ZHUCUN__CODE__OK);
    c = contract(VA2);
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_CONTRACT_RECORD, &c, NULL, NULL, NULL),
        ZHUCUN__CODE__OK);
    assert_int_equal(
        zt_call_body(county_b, ZHUCUN__REQUEST__BODY_CONTRACT_RECORD, &c, NULL, "village", NULL),
        ZHUCUN__CODE__NOT_FOUND);
    c.period_to = "2000-01-01";
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_CONTRACT_RECORD, &c, NULL, "period_to", NULL),
        ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'consume.contract'"), 2);
    Zhucun__ContractList l = ZHUCUN__CONTRACT_LIST__INIT;
    l.org_code = COUNTY_A;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_CONTRACT_LIST, &l, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->contract_list->n_contracts, 2);
    zc_reply_free(reply);
    l.org_code = VA1;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_CONTRACT_LIST, &l, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->contract_list->n_contracts, 1);
    assert_string_equal(reply->contract_list->contracts[0]->producer_name, "消费户主");
    assert_string_equal(reply->contract_list->contracts[0]->village_name, "消费一村");
    zc_reply_free(reply);
    l.year = 2013; /* none signed then */
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_CONTRACT_LIST, &l, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->contract_list->n_contracts, 0);
    zc_reply_free(reply);
    l.year = 0;
    assert_int_equal(
        zt_call_body(county_b, ZHUCUN__REQUEST__BODY_CONTRACT_LIST, &l, NULL, "org_code", NULL),
        ZHUCUN__CODE__NOT_FOUND);
}

/* Purchases and contracts are exported incrementally. */
static void test_export(void **state)
{
    (void)state;
    char c1[512], c2[512];
    assert_int_equal(zt_export_rows(exporter, "consumption_contracts", "", "", c1, sizeof(c1)),
                     count("SELECT count(*) FROM consumption_contracts"));
    assert_int_equal(zt_export_rows(exporter, "consumption_purchases", "", "", c1, sizeof(c1)),
                     count("SELECT count(*) FROM consumption_purchases"));
    assert_int_equal(zt_export_rows(exporter, "consumption_purchases", "", c1, c2, sizeof(c2)), 0);
    Zhucun__PurchaseRecord p = purchase(u_a, "unit", 4200);
    assert_int_equal(buy(uadm, &p, NULL, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(zt_export_rows(exporter, "consumption_purchases", "", c1, c2, sizeof(c2)), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_purchase),  cmocka_unit_test(test_keyed),
        cmocka_unit_test(test_lists),     cmocka_unit_test(test_quota),
        cmocka_unit_test(test_contracts), cmocka_unit_test(test_export),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
