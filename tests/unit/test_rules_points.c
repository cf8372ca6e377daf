/* test_rules_points.c -- the checks of the villager points calls (common/rules/points.c):
 * every field refused with its name, every limit at and past its edge, and the arithmetic of
 * a redemption's balance after. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules_check.h"

#include "common/rules/date.h"
#include "common/rules/points.h"

static int today;

static int day(const char *s)
{
    int ok;
    int d = rules_date_days(s, &ok);
    assert_true(ok);
    return d;
}

static void test_after(void **state)
{
    (void)state;
    int64_t after;
    assert_int_equal(rules_points_after(100, 30, 3, &after), 0);
    assert_int_equal(after, 10);
    assert_int_equal(rules_points_after(90, 30, 3, &after), 0);
    assert_int_equal(after, 0);
    assert_int_equal(rules_points_after(89, 30, 3, &after), -1);
    assert_int_equal(after, -1);
    /* the largest redemption does not overflow */
    assert_int_equal(rules_points_after(0, POINTS_PRICE_MAX, POINTS_REDEEM_QUANTITY_MAX, &after),
                     -1);
    assert_int_equal(after, -(int64_t)POINTS_PRICE_MAX * POINTS_REDEEM_QUANTITY_MAX);
}

static void test_deed_set(void **state)
{
    (void)state;
    Zhucun__PointsDeedSet d = ZHUCUN__POINTS_DEED_SET__INIT;
    d.village_code = "140105001001";
    d.code = "A01";
    d.label = "参加村庄清洁行动";
    d.points = POINTS_DEED_MAX;
    d.valid_from = "2026-01-01";
    OK(rules_points_deed_set_problem(&d, &field_));
    d.points = POINTS_DEED_MAX + 1;
    REFUSED(rules_points_deed_set_problem(&d, FIELD), "points");
    d.points = 0;
    REFUSED(rules_points_deed_set_problem(&d, FIELD), "points");
    d.points = POINTS_DEED_MIN;
    d.code = "A 01";
    REFUSED(rules_points_deed_set_problem(&d, FIELD), "code");
    d.code = "ABCDEFGHIJKLMNOPQRST"; /* 20: the most */
    OK(rules_points_deed_set_problem(&d, &field_));
    d.code = "ABCDEFGHIJKLMNOPQRSTU";
    REFUSED(rules_points_deed_set_problem(&d, FIELD), "code");
    d.code = "A01";
    d.label = "";
    REFUSED(rules_points_deed_set_problem(&d, FIELD), "label");
    d.label = "x";
    d.valid_from = "2026-02-30";
    REFUSED(rules_points_deed_set_problem(&d, FIELD), "valid_from");
    d.valid_from = "2030-01-01"; /* a version may begin later */
    OK(rules_points_deed_set_problem(&d, &field_));
    d.village_code = "140105001000"; /* a township */
    REFUSED(rules_points_deed_set_problem(&d, FIELD), "village_code");
}

static void test_good_set(void **state)
{
    (void)state;
    Zhucun__PointsGoodSet g = ZHUCUN__POINTS_GOOD_SET__INIT;
    g.village_code = "140105001001";
    g.name = "洗衣粉";
    g.unit = "袋";
    g.price = POINTS_PRICE_MAX;
    g.valid_from = "2026-01-01";
    OK(rules_points_good_set_problem(&g, &field_));
    g.price = POINTS_PRICE_MAX + 1;
    REFUSED(rules_points_good_set_problem(&g, FIELD), "price");
    g.price = 0;
    REFUSED(rules_points_good_set_problem(&g, FIELD), "price");
    g.price = 5;
    g.unit = "";
    REFUSED(rules_points_good_set_problem(&g, FIELD), "unit");
    g.unit = "袋";
    g.name = "";
    REFUSED(rules_points_good_set_problem(&g, FIELD), "name");
    g.good_id = 7; /* a new price: no name or unit */
    g.unit = "";
    OK(rules_points_good_set_problem(&g, &field_));
    g.name = "洗衣粉";
    REFUSED(rules_points_good_set_problem(&g, FIELD), "name");
}

static void test_award(void **state)
{
    (void)state;
    uint8_t sha[32] = {0};
    ProtobufCBinaryData ev[POINTS_EVIDENCE_MAX + 1];
    for (int i = 0; i <= POINTS_EVIDENCE_MAX; i++)
        ev[i] = (ProtobufCBinaryData){32, sha};
    Zhucun__PointsAward a = ZHUCUN__POINTS_AWARD__INIT;
    a.household_id = 1;
    a.deed_code = "A01";
    a.deed_date = "2026-12-05";
    a.reason = "清理门前垃圾";
    a.evidence = ev;
    a.n_evidence = POINTS_EVIDENCE_MAX;
    OK(rules_points_award_problem(&a, today, &field_));
    a.n_evidence = POINTS_EVIDENCE_MAX + 1;
    REFUSED(rules_points_award_problem(&a, today, FIELD), "evidence");
    a.n_evidence = 1;
    ev[0].len = 31;
    REFUSED(rules_points_award_problem(&a, today, FIELD), "evidence");
    ev[0].len = 32;
    a.deed_date = "2026-12-06"; /* tomorrow */
    REFUSED(rules_points_award_problem(&a, today, FIELD), "deed_date");
    a.deed_date = "2026-12-05";
    a.reason = "";
    REFUSED(rules_points_award_problem(&a, today, FIELD), "reason");
    a.reason = "x";
    a.deed_code = "";
    REFUSED(rules_points_award_problem(&a, today, FIELD), "deed_code");
}

static void test_donate(void **state)
{
    (void)state;
    Zhucun__PointsDonationItem it = ZHUCUN__POINTS_DONATION_ITEM__INIT,
                               *ip[POINTS_DONATION_ITEMS_MAX + 1];
    for (int i = 0; i <= POINTS_DONATION_ITEMS_MAX; i++)
        ip[i] = &it;
    it.good_id = 3;
    it.quantity = POINTS_QUANTITY_MAX;
    Zhucun__PointsDonate d = ZHUCUN__POINTS_DONATE__INIT;
    d.village_code = "140105001001";
    d.donor = "太原某企业";
    d.on_date = "2026-12-05";
    d.items = ip;
    d.n_items = POINTS_DONATION_ITEMS_MAX;
    OK(rules_points_donate_problem(&d, today, &field_));
    d.n_items = POINTS_DONATION_ITEMS_MAX + 1;
    REFUSED(rules_points_donate_problem(&d, today, FIELD), "items");
    d.n_items = 0;
    REFUSED(rules_points_donate_problem(&d, today, FIELD), "items");
    d.n_items = 1;
    it.quantity = POINTS_QUANTITY_MAX + 1;
    REFUSED(rules_points_donate_problem(&d, today, FIELD), "items");
    it.quantity = 1;
    it.good_id = 0;
    REFUSED(rules_points_donate_problem(&d, today, FIELD), "items");
    it.good_id = 3;
    d.donor = "";
    REFUSED(rules_points_donate_problem(&d, today, FIELD), "donor");
    d.donor = "x";
    d.on_date = "2026-12-06";
    REFUSED(rules_points_donate_problem(&d, today, FIELD), "on_date");
}

static void test_redeem_correct(void **state)
{
    (void)state;
    Zhucun__PointsRedeem r = ZHUCUN__POINTS_REDEEM__INIT;
    r.household_id = 1;
    r.good_id = 2;
    r.quantity = POINTS_REDEEM_QUANTITY_MAX;
    r.on_date = "2026-12-05";
    OK(rules_points_redeem_problem(&r, today, &field_));
    r.quantity = POINTS_REDEEM_QUANTITY_MAX + 1;
    REFUSED(rules_points_redeem_problem(&r, today, FIELD), "quantity");
    r.quantity = 0;
    REFUSED(rules_points_redeem_problem(&r, today, FIELD), "quantity");
    r.quantity = 1;
    r.price = POINTS_PRICE_MAX + 1;
    REFUSED(rules_points_redeem_problem(&r, today, FIELD), "price");
    r.price = 0;
    r.on_date = "x";
    REFUSED(rules_points_redeem_problem(&r, today, FIELD), "on_date");
    Zhucun__PointsCorrect c = ZHUCUN__POINTS_CORRECT__INIT;
    c.id = 1;
    c.reason = "";
    REFUSED(rules_points_correct_problem(&c, FIELD), "reason");
    c.reason = "录错了农户";
    OK(rules_points_correct_problem(&c, &field_));
}

static void test_reads(void **state)
{
    (void)state;
    Zhucun__PointsShop s = ZHUCUN__POINTS_SHOP__INIT;
    s.village_code = "14010500100";
    REFUSED(rules_points_shop_problem(&s, FIELD), "village_code");
    s.village_code = "140105001001";
    OK(rules_points_shop_problem(&s, &field_));
    s.on_date = "2026-13-01";
    REFUSED(rules_points_shop_problem(&s, FIELD), "on_date");
    Zhucun__PointsHistory h = ZHUCUN__POINTS_HISTORY__INIT;
    h.limit = POINTS_HISTORY_MAX;
    OK(rules_points_history_problem(&h, &field_));
    h.limit = POINTS_HISTORY_MAX + 1;
    REFUSED(rules_points_history_problem(&h, FIELD), "limit");
    Zhucun__PointsReport p = ZHUCUN__POINTS_REPORT__INIT;
    p.village_code = "140105001001";
    p.year = 2026;
    p.top = POINTS_TOP_MAX;
    OK(rules_points_report_problem(&p, today, &field_));
    p.year = 2027;
    REFUSED(rules_points_report_problem(&p, today, FIELD), "year");
    p.year = POINTS_FIRST_YEAR - 1;
    REFUSED(rules_points_report_problem(&p, today, FIELD), "year");
    p.year = 0;
    p.top = POINTS_TOP_MAX + 1;
    REFUSED(rules_points_report_problem(&p, today, FIELD), "top");
    Zhucun__PointsCheck c = ZHUCUN__POINTS_CHECK__INIT;
    c.village_code = "";
    OK(rules_points_check_problem(&c, &field_));
    c.village_code = "140105000000";
    REFUSED(rules_points_check_problem(&c, FIELD), "village_code");
}

int main(void)
{
    today = day("2026-12-05");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_after),    cmocka_unit_test(test_deed_set),
        cmocka_unit_test(test_good_set), cmocka_unit_test(test_award),
        cmocka_unit_test(test_donate),   cmocka_unit_test(test_redeem_correct),
        cmocka_unit_test(test_reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
