/* test_points.c -- villager points (积分制, SPEC S2; docs/points.md): the catalogue's versions
 * (an award takes the deed's points in force on the deed's date), awards with evidence (the
 * 0070 contract), donations into stock, redemptions at the day's price, corrections by
 * reversing rows, the refusals with their fields, a keyed redemption applied once, parallel
 * clients against a balance and against the last units of a good (the successful ones within
 * what there was, the rest FAILED_PRECONDITION naming the field, nothing below zero, the kept
 * values equal to the ledger's), the check finding a difference, the scope, the year's report,
 * the ledger append-only and exported incrementally. */
#include "harness.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/idcard.h"
#include "common/rules/points.h"

#define PW      "correct horse battery"
#define VA      "140105001001"
#define VC      "140106001001"
#define THREADS 16

static struct zt_server srv;
static struct zc_client *county, *other_county, *exporter;
static int64_t hh, hh_spent, hh_other;
static char today[11];
static int serial;

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,积分一村,village\n"
                          "140106000000,迎泽区,county\n140106001000,柳巷街道,township\n"
                          "140106001001,积分三村,village\n";

#define count(...) zt_count(&srv, __VA_ARGS__)

static void day_text(int delta, char out[11])
{
    rules_date_format(zt_today() + delta, out);
}

static int64_t add_household(const char *village, struct zc_client *office)
{
    char id[19];
    snprintf(id, sizeof(id), "14010519800101%03d", ++serial % 1000);
    id[17] = rules_idcard_check_char(id);
    id[18] = '\0';
    return zt_household(office, village, "ordinary", "2020-01-01", "积分户主", id);
}

static void deed(const char *code, unsigned points, int from_delta)
{
    char from[11];
    day_text(from_delta, from);
    Zhucun__PointsDeedSet d = ZHUCUN__POINTS_DEED_SET__INIT;
    d.village_code = VA;
    d.code = (char *)code;
    d.label = "参加村庄清洁行动";
    d.points = points;
    d.valid_from = from;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_DEED_SET, &d, NULL, NULL, NULL),
        ZHUCUN__CODE__OK);
}

/* A new good of VA at price from long ago; its id. */
static int64_t good(const char *name, unsigned price)
{
    Zhucun__PointsGoodSet g = ZHUCUN__POINTS_GOOD_SET__INIT;
    g.village_code = VA;
    g.name = (char *)name;
    g.unit = "件";
    g.price = price;
    g.valid_from = "2025-01-01";
    Zhucun__Reply *reply;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_GOOD_SET, &g, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    int64_t id = reply->points_write->id;
    zc_reply_free(reply);
    return id;
}

static void donate(int64_t good_id, unsigned quantity)
{
    Zhucun__PointsDonationItem it = ZHUCUN__POINTS_DONATION_ITEM__INIT, *ip = &it;
    it.good_id = good_id;
    it.quantity = quantity;
    Zhucun__PointsDonate d = ZHUCUN__POINTS_DONATE__INIT;
    d.village_code = VA;
    d.donor = "爱心企业";
    d.on_date = today;
    d.items = &ip;
    d.n_items = 1;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_DONATE, &d, NULL, NULL, NULL),
        ZHUCUN__CODE__OK);
}

/* An award of deed code to household on day (delta from today): the code; *points, *balance. */
static Zhucun__Code award(struct zc_client *c, int64_t household, const char *code, int delta,
                          const char *field, int64_t *points, int64_t *balance)
{
    char on[11];
    day_text(delta, on);
    Zhucun__PointsAward a = ZHUCUN__POINTS_AWARD__INIT;
    a.household_id = household;
    a.deed_code = (char *)code;
    a.deed_date = on;
    a.reason = "打扫村道";
    Zhucun__Reply *reply;
    Zhucun__Code rc = zt_call_body(c, ZHUCUN__REQUEST__BODY_POINTS_AWARD, &a, NULL, field, &reply);
    if (rc == ZHUCUN__CODE__OK) {
        if (points != NULL)
            *points = reply->points_write->points;
        if (balance != NULL)
            *balance = reply->points_write->balance;
    }
    zc_reply_free(reply);
    return rc;
}

static Zhucun__Code redeem(struct zc_client *c, int64_t household, int64_t good_id,
                           unsigned quantity, unsigned price, const char *key, const char *field,
                           Zhucun__Reply **out)
{
    Zhucun__PointsRedeem r = ZHUCUN__POINTS_REDEEM__INIT;
    r.household_id = household;
    r.good_id = good_id;
    r.quantity = quantity;
    r.on_date = today;
    r.price = price;
    return zt_call_body(c, ZHUCUN__REQUEST__BODY_POINTS_REDEEM, &r, key, field, out);
}

static long long balance_of(int64_t household)
{
    return count("SELECT coalesce((SELECT balance FROM points_balances WHERE household_id = %lld),"
                 " 0)",
                 (long long)household);
}

static long long stock_of(int64_t good_id)
{
    return count("SELECT coalesce((SELECT quantity FROM points_stock WHERE good_id = %lld), 0)",
                 (long long)good_id);
}

/* The kept values agree with the ledger (the SQL check finds nothing). */
static void assert_consistent(void)
{
    assert_int_equal(count("SELECT count(*) FROM zc_points_check('{%%}')"), 0);
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "points", NULL);
    day_text(0, today);
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
    hh = add_household(VA, county);
    hh_spent = add_household(VA, county);
    hh_other = add_household(VC, other_county);
    /* A01: 10 points from 100 days ago, 20 from 10 days ago */
    deed("A01", 10, -100);
    deed("A01", 20, -10);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(county);
    zc_close(other_county);
    zc_close(exporter);
    zt_server_finish(&srv);
    return 0;
}

/* An award takes the version in force on the deed's date; before the first, none. */
static void test_catalogue_versions(void **state)
{
    (void)state;
    int64_t points, balance;
    assert_int_equal(award(county, hh, "A01", -50, NULL, &points, &balance), ZHUCUN__CODE__OK);
    assert_int_equal(points, 10);
    assert_int_equal(balance, 10);
    assert_int_equal(award(county, hh, "A01", -10, NULL, &points, &balance), ZHUCUN__CODE__OK);
    assert_int_equal(points, 20);
    assert_int_equal(balance, 30);
    assert_int_equal(award(county, hh, "A01", -101, "deed_code", NULL, NULL),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(award(county, hh, "B99", 0, "deed_code", NULL, NULL),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    /* tomorrow's deed: the rules refuse it before the database sees it */
    assert_int_equal(award(county, hh, "A01", 1, "deed_date", NULL, NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    /* a second version from the same day */
    char from[11];
    day_text(-10, from);
    Zhucun__PointsDeedSet d = ZHUCUN__POINTS_DEED_SET__INIT;
    d.village_code = VA;
    d.code = "A01";
    d.label = "参加村庄清洁行动";
    d.points = 30;
    d.valid_from = from;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_DEED_SET, &d, NULL, "valid_from", NULL),
        ZHUCUN__CODE__ALREADY_EXISTS);
    d.points = POINTS_DEED_MAX + 1;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_DEED_SET, &d, NULL, "points", NULL),
        ZHUCUN__CODE__INVALID_ARGUMENT);
    /* the shop on a day 50 days ago shows the first version */
    char then[11];
    day_text(-50, then);
    Zhucun__PointsShop s = ZHUCUN__POINTS_SHOP__INIT;
    s.village_code = VA;
    s.on_date = then;
    Zhucun__Reply *reply;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_SHOP, &s, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->points_shop->n_deeds, 1);
    assert_int_equal(reply->points_shop->deeds[0]->points, 10);
    zc_reply_free(reply);
    assert_consistent();
}

/* Evidence: a stored file links to the award (audited by its hash); an unknown one refuses
 * the whole award. */
static void test_award_evidence(void **state)
{
    (void)state;
    uint8_t sha[32], unknown[32];
    for (int i = 0; i < 32; i++) {
        sha[i] = (uint8_t)(0xa0 + i);
        unknown[i] = (uint8_t)i;
    }
    zt_attach_evidence(&srv, NULL, sha);
    ProtobufCBinaryData ev = {32, sha};
    Zhucun__PointsAward a = ZHUCUN__POINTS_AWARD__INIT;
    a.household_id = hh;
    a.deed_code = "A01";
    a.deed_date = today;
    a.reason = "清理河道，有照片";
    a.evidence = &ev;
    a.n_evidence = 1;
    Zhucun__Reply *reply;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_AWARD, &a, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    long long id = reply->points_write->id;
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM attachment_links WHERE kind = 'points_award'"
                           " AND record_id = %lld",
                           id),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'attachment.link'"
                           " AND object = 'points_award:%lld'",
                           id),
                     1);
    long long before = count("SELECT count(*) FROM points_ledger");
    long long bal = balance_of(hh);
    ev.data = unknown;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_AWARD, &a, NULL, "evidence", NULL),
        ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(count("SELECT count(*) FROM points_ledger"), before);
    assert_int_equal(balance_of(hh), bal);
    assert_consistent();
}

/* Donations into stock, redemptions at the day's price, each shortfall refused by its field. */
static void test_redeem(void **state)
{
    (void)state;
    int64_t soap = good("肥皂", 5);
    donate(soap, 3);
    assert_int_equal(stock_of(soap), 3);
    long long bal = balance_of(hh);
    Zhucun__Reply *reply;
    assert_int_equal(redeem(county, hh, soap, 2, 5, NULL, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->points_write->points, -10);
    assert_int_equal(reply->points_write->balance, bal - 10);
    zc_reply_free(reply);
    assert_int_equal(stock_of(soap), 1);
    /* the price shown must be the day's */
    assert_int_equal(redeem(county, hh, soap, 1, 6, NULL, "price", NULL),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    /* more than in stock */
    assert_int_equal(redeem(county, hh, soap, 2, 0, NULL, "quantity", NULL),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    /* more than the balance: a good dearer than it */
    int64_t bike = good("自行车", 100000);
    donate(bike, 1);
    assert_int_equal(redeem(county, hh, bike, 1, 0, NULL, "household_id", NULL),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(stock_of(bike), 1);
    /* another village's household, another village's good */
    assert_int_equal(redeem(other_county, hh_other, soap, 1, 0, NULL, "good_id", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(redeem(other_county, hh, soap, 1, 0, NULL, "household_id", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(redeem(county, hh, soap, 1, 0, NULL, NULL, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(stock_of(soap), 0);
    assert_consistent();
}

/* A redemption retried with its key is applied once and answered the same. */
static void test_keyed_redeem(void **state)
{
    (void)state;
    int64_t towel = good("毛巾", 3);
    donate(towel, 10);
    long long bal = balance_of(hh);
    long long audits = count("SELECT count(*) FROM audit WHERE action = 'points.redeem'");
    Zhucun__Reply *first, *again;
    assert_int_equal(redeem(county, hh, towel, 1, 3, "points-key-1", NULL, &first),
                     ZHUCUN__CODE__OK);
    assert_int_equal(redeem(county, hh, towel, 1, 3, "points-key-1", NULL, &again),
                     ZHUCUN__CODE__OK);
    assert_int_equal(first->points_write->id, again->points_write->id);
    assert_int_equal(first->points_write->balance, again->points_write->balance);
    zc_reply_free(first);
    zc_reply_free(again);
    assert_int_equal(balance_of(hh), bal - 3);
    assert_int_equal(stock_of(towel), 9);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'points.redeem'"),
                     audits + 1);
    /* the same key with another body is refused, nothing written */
    assert_int_equal(redeem(county, hh, towel, 2, 3, "points-key-1", "idempotency_key", NULL),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(stock_of(towel), 9);
    assert_consistent();
}

/* ---- parallel clients ---- */

struct racer {
    struct zc_client *c;
    int64_t household, good_id;
    pthread_barrier_t *go;
    Zhucun__Code code;
    char field[64];
    int64_t points;
};

static void *race(void *arg)
{
    struct racer *r = arg;
    Zhucun__PointsRedeem body = ZHUCUN__POINTS_REDEEM__INIT;
    body.household_id = r->household;
    body.good_id = r->good_id;
    body.quantity = 1;
    body.on_date = today;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_POINTS_REDEEM;
    req.points_redeem = &body;
    Zhucun__Reply *reply = NULL;
    pthread_barrier_wait(r->go);
    r->code = zt_call(r->c, &req, &reply);
    if (reply != NULL && reply->status != NULL)
        snprintf(r->field, sizeof(r->field), "%s",
                 reply->status->n_fields > 0 ? reply->status->fields[0]->field : "");
    if (r->code == ZHUCUN__CODE__OK)
        r->points = -reply->points_write->points;
    zc_reply_free(reply);
    return NULL;
}

/* THREADS clients redeem at once; the number that succeeded. */
static int run_race(struct racer *rv, const char *refused_field)
{
    pthread_t t[THREADS];
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, THREADS);
    for (int i = 0; i < THREADS; i++) {
        rv[i].go = &go;
        assert_int_equal(pthread_create(&t[i], NULL, race, &rv[i]), 0);
    }
    int ok = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        if (rv[i].code == ZHUCUN__CODE__OK) {
            ok++;
        } else {
            assert_int_equal(rv[i].code, ZHUCUN__CODE__FAILED_PRECONDITION);
            assert_string_equal(rv[i].field, refused_field);
        }
        zc_close(rv[i].c);
    }
    pthread_barrier_destroy(&go);
    return ok;
}

/* 16 redemptions of 30 points against a balance of 100: three succeed (90), thirteen are
 * refused naming household_id, 10 left, as the ledger says. */
static void test_parallel_balance(void **state)
{
    (void)state;
    deed("P20", 20, -5);
    for (int i = 0; i < 5; i++)
        assert_int_equal(award(county, hh_spent, "P20", 0, NULL, NULL, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(balance_of(hh_spent), 100);
    int64_t rice = good("大米", 30);
    donate(rice, 100);
    struct racer rv[THREADS];
    memset(rv, 0, sizeof(rv));
    for (int i = 0; i < THREADS; i++) {
        rv[i].c = zt_login(&srv, "xiaodian", PW, NULL);
        rv[i].household = hh_spent;
        rv[i].good_id = rice;
    }
    int ok = run_race(rv, "household_id");
    int64_t spent = 0;
    for (int i = 0; i < THREADS; i++)
        spent += rv[i].points;
    assert_int_equal(ok, 3);
    assert_true(spent <= 100);
    assert_int_equal(balance_of(hh_spent), 100 - spent);
    assert_int_equal(count("SELECT sum(points) FROM points_ledger WHERE household_id = %lld",
                           (long long)hh_spent),
                     100 - spent);
    assert_int_equal(stock_of(rice), 100 - ok);
    assert_consistent();
}

/* 16 households redeem the last 5 units of a good at once: five succeed, eleven are refused
 * naming quantity, the stock is 0, as the ledger says. */
static void test_parallel_stock(void **state)
{
    (void)state;
    int64_t oil = good("食用油", 1);
    donate(oil, 5);
    struct racer rv[THREADS];
    memset(rv, 0, sizeof(rv));
    for (int i = 0; i < THREADS; i++) {
        rv[i].household = add_household(VA, county);
        assert_int_equal(award(county, rv[i].household, "A01", 0, NULL, NULL, NULL),
                         ZHUCUN__CODE__OK);
        rv[i].c = zt_login(&srv, "xiaodian", PW, NULL);
        rv[i].good_id = oil;
    }
    assert_int_equal(run_race(rv, "quantity"), 5);
    assert_int_equal(stock_of(oil), 0);
    assert_int_equal(
        count("SELECT sum(quantity) FROM points_ledger WHERE good_id = %lld", (long long)oil), 0);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(balance_of(rv[i].household), rv[i].code == ZHUCUN__CODE__OK ? 19 : 20);
    assert_consistent();
}

/* Corrections: a reversing row with its reason, once; not one that would take the balance
 * below zero; the ledger itself is never updated or deleted. */
static void test_correct(void **state)
{
    (void)state;
    int64_t cup = good("水杯", 7);
    donate(cup, 2);
    Zhucun__Reply *reply;
    assert_int_equal(redeem(county, hh, cup, 1, 7, NULL, NULL, &reply), ZHUCUN__CODE__OK);
    int64_t rid = reply->points_write->id;
    zc_reply_free(reply);
    long long bal = balance_of(hh);
    Zhucun__PointsCorrect c = ZHUCUN__POINTS_CORRECT__INIT;
    c.id = rid;
    c.reason = "兑换登记错了，实际未领取";
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_CORRECT, &c, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->points_write->points, 7);
    assert_int_equal(reply->points_write->balance, bal + 7);
    int64_t cid = reply->points_write->id;
    zc_reply_free(reply);
    assert_int_equal(stock_of(cup), 2);
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_CORRECT, &c, NULL, "id", NULL),
        ZHUCUN__CODE__FAILED_PRECONDITION);
    c.id = cid; /* a correction is not corrected */
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_CORRECT, &c, NULL, "id", NULL),
        ZHUCUN__CODE__FAILED_PRECONDITION);
    /* an award whose points were spent: reversing it would go below zero */
    int64_t spent_award = count("SELECT min(id) FROM points_ledger WHERE household_id = %lld"
                                " AND kind = 'award'",
                                (long long)hh_spent);
    free(zt_sql(&srv, "SELECT 1")); /* (the balance of hh_spent is 10 after the race) */
    c.id = spent_award;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_CORRECT, &c, NULL, "id", NULL),
        ZHUCUN__CODE__FAILED_PRECONDITION);
    /* the other county cannot see the row */
    c.id = rid;
    assert_int_equal(
        zt_call_body(other_county, ZHUCUN__REQUEST__BODY_POINTS_CORRECT, &c, NULL, "id", NULL),
        ZHUCUN__CODE__NOT_FOUND);
    /* append-only, even for the server's own role */
    char sql[160];
    snprintf(sql, sizeof(sql), "UPDATE points_ledger SET points = 1000 WHERE id = %lld",
             (long long)rid);
    assert_int_equal(zt_sql_as_app(&srv, sql), -1);
    snprintf(sql, sizeof(sql), "DELETE FROM points_ledger WHERE id = %lld", (long long)rid);
    assert_int_equal(zt_sql_as_app(&srv, sql), -1);
    assert_consistent();
}

/* The check finds a kept balance that differs from the ledger (CLI and call). */
static void test_check(void **state)
{
    (void)state;
    Zhucun__PointsCheck c = ZHUCUN__POINTS_CHECK__INIT;
    c.village_code = VA;
    Zhucun__Reply *reply;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_CHECK, &c, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->points_check->n_differences, 0);
    assert_true(reply->points_check->households >= 3);
    assert_true(reply->points_check->goods >= 3);
    zc_reply_free(reply);
    char sql[200];
    snprintf(sql, sizeof(sql),
             "UPDATE points_balances SET balance = balance + 1 WHERE household_id = %lld",
             (long long)hh);
    free(zt_sql(&srv, sql));
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_CHECK, &c, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->points_check->n_differences, 1);
    assert_string_equal(reply->points_check->differences[0]->what, "balance");
    assert_int_equal(reply->points_check->differences[0]->id, hh);
    assert_int_equal(reply->points_check->differences[0]->kept,
                     reply->points_check->differences[0]->derived + 1);
    zc_reply_free(reply);
    snprintf(sql, sizeof(sql),
             "UPDATE points_balances SET balance = balance - 1 WHERE household_id = %lld",
             (long long)hh);
    free(zt_sql(&srv, sql));
    /* another county's office checks its own scope only; VA is not in it */
    assert_int_equal(zt_call_body(other_county, ZHUCUN__REQUEST__BODY_POINTS_CHECK, &c, NULL,
                                  "village_code", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_consistent();
}

/* A household's history and the village's year. */
static void test_history_report(void **state)
{
    (void)state;
    Zhucun__PointsHistory h = ZHUCUN__POINTS_HISTORY__INIT;
    h.household_id = hh;
    Zhucun__Reply *reply;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_HISTORY, &h, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    const Zhucun__PointsHistoryReply *hr = reply->points_history;
    assert_int_equal(hr->balance, balance_of(hh));
    assert_int_equal(
        hr->n_movements,
        count("SELECT count(*) FROM points_ledger WHERE household_id = %lld", (long long)hh));
    int64_t sum = 0;
    for (size_t i = 0; i < hr->n_movements; i++)
        sum += hr->movements[i]->points;
    assert_int_equal(sum, hr->balance);
    zc_reply_free(reply);
    assert_int_equal(zt_call_body(other_county, ZHUCUN__REQUEST__BODY_POINTS_HISTORY, &h, NULL,
                                  "household_id", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    Zhucun__PointsReport p = ZHUCUN__POINTS_REPORT__INIT;
    p.village_code = VA;
    p.top = 3;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_POINTS_REPORT, &p, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    const Zhucun__PointsReportReply *rr = reply->points_report;
    assert_true(rr->n_months >= 1);
    assert_int_equal(rr->n_top, 3);
    assert_true(rr->top[0]->awarded >= rr->top[1]->awarded);
    assert_int_equal(
        rr->balance_total,
        count("SELECT sum(balance) FROM points_balances WHERE village_code = '" VA "'"));
    assert_int_equal(rr->n_stock, count("SELECT count(*) FROM points_goods"
                                        " WHERE village_code = '" VA "'"));
    zc_reply_free(reply);
}

/* The ledger and the catalogue are exported incrementally. */
static unsigned long long pull(const char *kind, const char *since, char *cursor, size_t cap)
{
    return zt_export_rows(exporter, kind, "", since, cursor, cap);
}

static void test_export(void **state)
{
    (void)state;
    static const char *const kinds[] = {"points_deeds", "points_goods", "points_prices",
                                        "points_donations", "points_ledger"};
    char c1[512], c2[512];
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        char sql[100];
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", kinds[i]);
        assert_int_equal(pull(kinds[i], "", c1, sizeof(c1)), count("%s", sql));
    }
    assert_int_equal(pull("points_ledger", c1, c2, sizeof(c2)), 0);
    assert_int_equal(award(county, hh, "A01", 0, NULL, NULL, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(pull("points_ledger", c1, c2, sizeof(c2)), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue_versions),
        cmocka_unit_test(test_award_evidence),
        cmocka_unit_test(test_redeem),
        cmocka_unit_test(test_keyed_redeem),
        cmocka_unit_test(test_parallel_balance),
        cmocka_unit_test(test_parallel_stock),
        cmocka_unit_test(test_correct),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_history_report),
        cmocka_unit_test(test_export),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
