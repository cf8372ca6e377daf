/* test_rules_asset.c -- the checks of the asset and public-welfare post calls
 * (common/rules/asset.c): every field refused with its name, every limit at and past its edge,
 * the income periods, and a distribution's total against its income. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules_check.h"

#include "common/rules/asset.h"
#include "common/rules/date.h"

static int today;

static Zhucun__AssetSet good_asset(void)
{
    Zhucun__AssetSet a = ZHUCUN__ASSET_SET__INIT;
    a.project_id = 7;
    a.village_code = "140105001001";
    a.category = "operational";
    a.name = "光伏电站";
    a.custodian = "村股份经济合作社";
    a.custodian_person = "王管护";
    a.value_fen = 100000;
    a.address = "村南山坡";
    a.registered_on = "2020-01-10";
    a.certificate_no = "JZ-1";
    a.handed_over_on = "2020-02-01";
    a.handed_over_to = "村委会";
    a.upkeep_by = "村委会";
    a.upkeep_funding = "收益提取";
    return a;
}

static void test_asset_set(void **state)
{
    (void)state;
    Zhucun__AssetSet a = good_asset();
    OK(rules_asset_set_problem(&a, today, FIELD));
    a.project_id = 0;
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "project_id");
    a.id = 3; /* a change names the asset, not the project */
    OK(rules_asset_set_problem(&a, today, FIELD));
    a.id = -1;
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "id");
    a = good_asset();
    a.village_code = "140105001000";
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "village_code");
    a = good_asset();
    a.category = "private";
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "category");
    a.category = "household";
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "owner_household");
    a.owner_household = 5;
    OK(rules_asset_set_problem(&a, today, FIELD));
    a.category = "public_welfare";
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "owner_household");
    a = good_asset();
    a.name = rules_chars(ASSET_NAME_MAX);
    OK(rules_asset_set_problem(&a, today, FIELD));
    a.name = rules_chars(ASSET_NAME_MAX + 1);
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "name");
    a.name = "";
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "name");
    a = good_asset();
    a.custodian = "";
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "custodian");
    a = good_asset();
    a.custodian_person = rules_chars(ASSET_PERSON_MAX + 1);
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "custodian_person");
    a = good_asset();
    a.value_fen = ASSET_VALUE_MAX_FEN;
    OK(rules_asset_set_problem(&a, today, FIELD));
    a.value_fen = ASSET_VALUE_MAX_FEN + 1;
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "value_fen");
    a.value_fen = 0;
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "value_fen");
    a = good_asset();
    a.address = rules_chars(ASSET_ADDRESS_MAX + 1);
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "address");
    a = good_asset();
    a.located = 1;
    a.lat = 37.8;
    a.lon = 112.5;
    OK(rules_asset_set_problem(&a, today, FIELD));
    a.lat = 90.5;
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "lat");
    a = good_asset();
    a.registered_on = "2020-13-01";
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "registered_on");
    a = good_asset();
    a.certificate_no = "";
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "certificate_no");
    a = good_asset();
    a.registered_on = "";
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "registered_on");
    a.certificate_no = "";
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "handed_over_on"); /* not registered */
    a.handed_over_on = "";
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "handed_over_on"); /* a receiver alone */
    a.handed_over_to = "";
    OK(rules_asset_set_problem(&a, today, FIELD)); /* neither yet */
    a = good_asset();
    a.handed_over_on = "2020-01-09";
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "handed_over_on");
    a.handed_over_on = "2020-01-10";
    OK(rules_asset_set_problem(&a, today, FIELD));
    a.handed_over_to = "";
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "handed_over_to");
    a = good_asset();
    char tomorrow[11];
    rules_date_format(today + 1, tomorrow);
    a.handed_over_on = tomorrow;
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "handed_over_on");
    a.registered_on = tomorrow;
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "registered_on");
    a = good_asset();
    a.upkeep_by = "";
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "upkeep_by");
    a = good_asset();
    a.upkeep_funding = rules_chars(ASSET_PARTY_MAX + 1);
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "upkeep_funding");
    a = good_asset();
    ProtobufCBinaryData ev[ASSET_EVIDENCE_MAX + 1];
    static uint8_t sha[ASSET_SHA256_LEN];
    for (int i = 0; i <= ASSET_EVIDENCE_MAX; i++)
        ev[i] = (ProtobufCBinaryData){ASSET_SHA256_LEN, sha};
    a.evidence = ev;
    a.n_evidence = ASSET_EVIDENCE_MAX;
    OK(rules_asset_set_problem(&a, today, FIELD));
    a.n_evidence = ASSET_EVIDENCE_MAX + 1;
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "evidence");
    a.n_evidence = 1;
    ev[0].len = 31;
    REFUSED(rules_asset_set_problem(&a, today, FIELD), "evidence");
}

static void test_maintain(void **state)
{
    (void)state;
    Zhucun__AssetMaintain m = ZHUCUN__ASSET_MAINTAIN__INIT;
    m.asset_id = 3;
    m.on_date = "2021-01-15";
    m.work = "清理光伏板";
    m.cost_fen = ASSET_COST_MAX_FEN;
    m.done_by = "村保洁队";
    m.condition = "needs_repair";
    OK(rules_asset_maintain_problem(&m, today, FIELD));
    for (const char *const *c = rules_asset_conditions; *c != NULL; c++) {
        m.condition = (char *)*c;
        OK(rules_asset_maintain_problem(&m, today, FIELD));
    }
    m.condition = "broken";
    REFUSED(rules_asset_maintain_problem(&m, today, FIELD), "condition");
    m.condition = "good";
    m.cost_fen = ASSET_COST_MAX_FEN + 1;
    REFUSED(rules_asset_maintain_problem(&m, today, FIELD), "cost_fen");
    m.cost_fen = -1;
    REFUSED(rules_asset_maintain_problem(&m, today, FIELD), "cost_fen");
    m.cost_fen = 0;
    OK(rules_asset_maintain_problem(&m, today, FIELD));
    char tomorrow[11];
    rules_date_format(today + 1, tomorrow);
    m.on_date = tomorrow;
    REFUSED(rules_asset_maintain_problem(&m, today, FIELD), "on_date");
    m.on_date = "2021-01-15";
    m.work = rules_chars(ASSET_WORK_MAX + 1);
    REFUSED(rules_asset_maintain_problem(&m, today, FIELD), "work");
    m.work = "x";
    m.done_by = "";
    REFUSED(rules_asset_maintain_problem(&m, today, FIELD), "done_by");
    m.done_by = "x";
    m.asset_id = 0;
    REFUSED(rules_asset_maintain_problem(&m, today, FIELD), "asset_id");
}

static void test_period(void **state)
{
    (void)state;
    int d2026 = 0, ok;
    d2026 = rules_date_days("2026-03-15", &ok);
    assert_true(ok);
    assert_int_equal(rules_asset_period("2013", d2026), 1);
    assert_int_equal(rules_asset_period("2026", d2026), 1);
    assert_int_equal(rules_asset_period("2027", d2026), 0);
    assert_int_equal(rules_asset_period("2012", d2026), 0);
    assert_int_equal(rules_asset_period("2026-03", d2026), 2);
    assert_int_equal(rules_asset_period("2026-04", d2026), 0);
    assert_int_equal(rules_asset_period("2025-12", d2026), 2);
    assert_int_equal(rules_asset_period("2025-13", d2026), 0);
    assert_int_equal(rules_asset_period("2025-00", d2026), 0);
    assert_int_equal(rules_asset_period("2025/01", d2026), 0);
    assert_int_equal(rules_asset_period("202", d2026), 0);
    assert_int_equal(rules_asset_period("", d2026), 0);
}

static void test_income(void **state)
{
    (void)state;
    Zhucun__AssetShare s[3] = {ZHUCUN__ASSET_SHARE__INIT, ZHUCUN__ASSET_SHARE__INIT,
                               ZHUCUN__ASSET_SHARE__INIT};
    Zhucun__AssetShare *sp[3] = {&s[0], &s[1], &s[2]};
    s[0].kind = "collective";
    s[0].amount_fen = 50000;
    s[1].kind = "household";
    s[1].id = 9;
    s[1].amount_fen = 30000;
    s[2].kind = "post";
    s[2].id = 4;
    s[2].amount_fen = 20000;
    int64_t total;
    assert_int_equal(rules_asset_shares_total(sp, 3, 100000, &total), 0);
    assert_int_equal(total, 100000);
    assert_int_equal(rules_asset_shares_total(sp, 3, 100001, &total), -1);
    assert_int_equal(total, 100000);
    Zhucun__AssetIncome in = ZHUCUN__ASSET_INCOME__INIT;
    in.asset_id = 3;
    in.period = "2021";
    in.amount_fen = 100000;
    in.received_on = "2022-01-20";
    in.shares = sp;
    in.n_shares = 3;
    OK(rules_asset_income_problem(&in, today, FIELD));
    in.amount_fen = 99999;
    REFUSED(rules_asset_income_problem(&in, today, FIELD), "shares");
    in.n_shares = 0; /* not distributed yet */
    OK(rules_asset_income_problem(&in, today, FIELD));
    in.amount_fen = ASSET_INCOME_MAX_FEN + 1;
    REFUSED(rules_asset_income_problem(&in, today, FIELD), "amount_fen");
    in.amount_fen = 100000;
    in.n_shares = 3;
    s[0].id = 1;
    REFUSED(rules_asset_income_problem(&in, today, FIELD), "shares");
    s[0].id = 0;
    s[1].id = 0;
    REFUSED(rules_asset_income_problem(&in, today, FIELD), "shares");
    s[1].id = 9;
    s[2].kind = "team";
    REFUSED(rules_asset_income_problem(&in, today, FIELD), "shares");
    s[2].kind = "post";
    s[2].amount_fen = 0;
    REFUSED(rules_asset_income_problem(&in, today, FIELD), "shares");
    s[2].amount_fen = 20000;
    in.period = "2021-13";
    REFUSED(rules_asset_income_problem(&in, today, FIELD), "period");
    in.period = "2021-12";
    OK(rules_asset_income_problem(&in, today, FIELD));
    in.received_on = "20220120";
    REFUSED(rules_asset_income_problem(&in, today, FIELD), "received_on");
    in.received_on = "2022-01-20";
    in.note = rules_chars(ASSET_NOTE_MAX + 1);
    REFUSED(rules_asset_income_problem(&in, today, FIELD), "note");
    /* a later distribution: the income's id and its shares only */
    Zhucun__AssetIncome later = ZHUCUN__ASSET_INCOME__INIT;
    later.asset_id = 3;
    later.income_id = 12;
    REFUSED(rules_asset_income_problem(&later, today, FIELD), "shares");
    later.shares = sp;
    later.n_shares = 3;
    OK(rules_asset_income_problem(&later, today, FIELD));
    later.n_shares = ASSET_SHARES_MAX + 1;
    REFUSED(rules_asset_income_problem(&later, today, FIELD), "shares");
    later.n_shares = 3;
    later.income_id = -1;
    REFUSED(rules_asset_income_problem(&later, today, FIELD), "income_id");
    later.income_id = 12;
    later.asset_id = 0;
    REFUSED(rules_asset_income_problem(&later, today, FIELD), "asset_id");
}

static void test_posts(void **state)
{
    (void)state;
    Zhucun__WelfarePostSet p = ZHUCUN__WELFARE_POST_SET__INIT;
    p.village_code = "140105001001";
    p.kind = "road_keeper";
    p.member_id = 8;
    p.from_on = "2021-01-01";
    p.monthly_pay_fen = WELFARE_PAY_MAX_FEN;
    p.funded_by = "公益岗位专项资金";
    OK(rules_welfare_post_set_problem(&p, FIELD));
    for (const char *const *k = rules_welfare_post_kinds; *k != NULL; k++) {
        p.kind = (char *)*k;
        OK(rules_welfare_post_set_problem(&p, FIELD));
    }
    p.kind = "driver";
    REFUSED(rules_welfare_post_set_problem(&p, FIELD), "kind");
    p.kind = "cleaner";
    p.monthly_pay_fen = WELFARE_PAY_MAX_FEN + 1;
    REFUSED(rules_welfare_post_set_problem(&p, FIELD), "monthly_pay_fen");
    p.monthly_pay_fen = 0;
    REFUSED(rules_welfare_post_set_problem(&p, FIELD), "monthly_pay_fen");
    p.monthly_pay_fen = 60000;
    p.funded_asset = 3; /* both */
    REFUSED(rules_welfare_post_set_problem(&p, FIELD), "funded_by");
    p.funded_by = "";
    OK(rules_welfare_post_set_problem(&p, FIELD));
    p.funded_asset = 0; /* neither */
    REFUSED(rules_welfare_post_set_problem(&p, FIELD), "funded_by");
    p.funded_by = rules_chars(ASSET_PARTY_MAX + 1);
    REFUSED(rules_welfare_post_set_problem(&p, FIELD), "funded_by");
    p.funded_by = "财政";
    p.member_id = 0;
    REFUSED(rules_welfare_post_set_problem(&p, FIELD), "member_id");
    p.member_id = 8;
    p.from_on = "2021-02-30";
    REFUSED(rules_welfare_post_set_problem(&p, FIELD), "from_on");
    p.from_on = "2021-02-28";
    p.village_code = "140105001000";
    REFUSED(rules_welfare_post_set_problem(&p, FIELD), "village_code");

    Zhucun__WelfarePostEnd e = ZHUCUN__WELFARE_POST_END__INIT;
    e.id = 4;
    e.to_on = "2023-04-30";
    e.reason = "辞职";
    OK(rules_welfare_post_end_problem(&e, FIELD));
    e.reason = rules_chars(WELFARE_REASON_MAX + 1);
    REFUSED(rules_welfare_post_end_problem(&e, FIELD), "reason");
    e.reason = "";
    REFUSED(rules_welfare_post_end_problem(&e, FIELD), "reason");
    e.reason = "到期";
    e.to_on = "2023-4-30";
    REFUSED(rules_welfare_post_end_problem(&e, FIELD), "to_on");
    e.to_on = "2023-04-30";
    e.id = 0;
    REFUSED(rules_welfare_post_end_problem(&e, FIELD), "id");
}

int main(void)
{
    int ok;
    today = rules_date_days("2026-11-28", &ok);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_asset_set), cmocka_unit_test(test_maintain),
        cmocka_unit_test(test_period),    cmocka_unit_test(test_income),
        cmocka_unit_test(test_posts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
