/* test_rules_consume.c -- the checks of the consumption assistance calls
 * (common/rules/consume.c): every field refused with its name, every limit at and past its
 * edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules_check.h"

#include "common/rules/consume.h"
#include "common/rules/date.h"

static int today;

static Zhucun__PurchaseRecord purchase(void)
{
    Zhucun__PurchaseRecord p = ZHUCUN__PURCHASE_RECORD__INIT;
    p.unit_id = 1;
    p.buyer_kind = "unit";
    p.village = "140105001001";
    p.producer_kind = "cooperative";
    p.producer_name = "合作社";
    p.on_date = "2026-01-05";
    p.goods = "小米";
    p.quantity = 10;
    p.qty_unit = "斤";
    p.amount = 10000;
    return p;
}

static void test_purchase(void **state)
{
    (void)state;
    Zhucun__PurchaseRecord p = purchase();
    OK(rules_purchase_record_problem(&p, today, FIELD));
    p.unit_id = 0;
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "unit_id");
    p = purchase();
    p.buyer_kind = "company";
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "buyer_kind");
    p = purchase();
    p.person_id = 5; /* only a secretary's purchase names a person */
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "person_id");
    p.buyer_kind = "secretary";
    OK(rules_purchase_record_problem(&p, today, FIELD));
    p = purchase();
    p.team_id = 5;
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "team_id");
    p.buyer_kind = "team";
    OK(rules_purchase_record_problem(&p, today, FIELD));
    p = purchase();
    p.village = "140105001000"; /* a township */
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "village");
    p = purchase();
    p.producer_kind = "farm";
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "producer_kind");
    p.producer_kind = "household"; /* a household: its id, no name */
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "household_id");
    p.household_id = 7;
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "producer_name");
    p.producer_name = "";
    OK(rules_purchase_record_problem(&p, today, FIELD));
    p = purchase();
    p.household_id = 7;
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "household_id");
    p.household_id = 0;
    p.producer_name = (char *)rules_chars(CONSUME_NAME_MAX);
    OK(rules_purchase_record_problem(&p, today, FIELD));
    p.producer_name = (char *)rules_chars(CONSUME_NAME_MAX + 1);
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "producer_name");
    p = purchase();
    char tomorrow[11];
    rules_date_format(today + 1, tomorrow);
    p.on_date = tomorrow;
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "on_date");
    p.on_date = "2026-02-30";
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "on_date");
    p = purchase();
    p.goods = "";
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "goods");
    p.goods = (char *)rules_chars(CONSUME_NAME_MAX + 1);
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "goods");
    p = purchase();
    p.quantity = CONSUME_QUANTITY_MAX;
    OK(rules_purchase_record_problem(&p, today, FIELD));
    p.quantity = CONSUME_QUANTITY_MAX + 1;
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "quantity");
    p.quantity = 0;
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "quantity");
    p = purchase();
    p.qty_unit = "";
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "qty_unit");
    p.qty_unit = (char *)rules_chars(CONSUME_UNIT_MAX + 1);
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "qty_unit");
    p = purchase();
    p.amount = CONSUME_AMOUNT_MAX;
    OK(rules_purchase_record_problem(&p, today, FIELD));
    p.amount = CONSUME_AMOUNT_MAX + 1;
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "amount");
    p.amount = 0;
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "amount");
    p = purchase();
    uint8_t sha[32] = {0};
    ProtobufCBinaryData ev[CONSUME_EVIDENCE_MAX + 1];
    for (size_t i = 0; i <= CONSUME_EVIDENCE_MAX; i++)
        ev[i] = (ProtobufCBinaryData){32, sha};
    p.evidence = ev;
    p.n_evidence = CONSUME_EVIDENCE_MAX;
    OK(rules_purchase_record_problem(&p, today, FIELD));
    p.n_evidence = CONSUME_EVIDENCE_MAX + 1;
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "evidence");
    p.n_evidence = 1;
    ev[0].len = 31;
    REFUSED(rules_purchase_record_problem(&p, today, FIELD), "evidence");
}

static Zhucun__ContractRecord contract(void)
{
    Zhucun__ContractRecord c = ZHUCUN__CONTRACT_RECORD__INIT;
    c.village = "140105001001";
    c.buyer_name = "某电商平台";
    c.buyer_kind = "platform";
    c.producer_kind = "company";
    c.producer_name = "某公司";
    c.signed_on = "2026-01-05";
    c.period_from = "2026-01-05";
    c.period_to = "2026-12-31";
    c.goods = "小米";
    c.quantity = 1000;
    c.qty_unit = "斤";
    c.amount = 500000;
    return c;
}

static void test_contract(void **state)
{
    (void)state;
    Zhucun__ContractRecord c = contract();
    OK(rules_contract_record_problem(&c, today, FIELD));
    c.village = "";
    REFUSED(rules_contract_record_problem(&c, today, FIELD), "village");
    c = contract();
    c.buyer_name = "";
    REFUSED(rules_contract_record_problem(&c, today, FIELD), "buyer_name");
    c = contract();
    c.buyer_kind = "unit";
    REFUSED(rules_contract_record_problem(&c, today, FIELD), "buyer_kind");
    c.buyer_kind = "supermarket";
    OK(rules_contract_record_problem(&c, today, FIELD));
    c = contract();
    char tomorrow[11];
    rules_date_format(today + 1, tomorrow);
    c.signed_on = tomorrow;
    REFUSED(rules_contract_record_problem(&c, today, FIELD), "signed_on");
    c = contract();
    c.period_from = tomorrow; /* a period may lie ahead */
    c.period_to = tomorrow;
    OK(rules_contract_record_problem(&c, today, FIELD));
    c = contract();
    c.period_to = "2026-01-04";
    REFUSED(rules_contract_record_problem(&c, today, FIELD), "period_to");
    char last[11], past[11];
    rules_date_format(rules_date_days("2026-01-05", &(int){0}) + CONSUME_PERIOD_MAX_DAYS, last);
    rules_date_format(rules_date_days("2026-01-05", &(int){0}) + CONSUME_PERIOD_MAX_DAYS + 1, past);
    c.period_to = last;
    OK(rules_contract_record_problem(&c, today, FIELD));
    c.period_to = past;
    REFUSED(rules_contract_record_problem(&c, today, FIELD), "period_to");
    c = contract();
    c.amount = CONSUME_AMOUNT_MAX + 1;
    REFUSED(rules_contract_record_problem(&c, today, FIELD), "amount");
}

static void test_lists(void **state)
{
    (void)state;
    int y, m, d;
    rules_civil_from_days(today, &y, &m, &d);
    Zhucun__PurchaseList l = ZHUCUN__PURCHASE_LIST__INIT;
    OK(rules_purchase_list_problem(&l, today, FIELD));
    l.year = CONSUME_FIRST_YEAR - 1;
    REFUSED(rules_purchase_list_problem(&l, today, FIELD), "year");
    l.year = (uint32_t)y;
    OK(rules_purchase_list_problem(&l, today, FIELD));
    l.year = (uint32_t)y + 1;
    REFUSED(rules_purchase_list_problem(&l, today, FIELD), "year");
    l.year = 0;
    l.limit = CONSUME_LIST_MAX;
    OK(rules_purchase_list_problem(&l, today, FIELD));
    l.limit = CONSUME_LIST_MAX + 1;
    REFUSED(rules_purchase_list_problem(&l, today, FIELD), "limit");
    l.limit = 0;
    l.org_code = "1401";
    REFUSED(rules_purchase_list_problem(&l, today, FIELD), "org_code");
    l.org_code = "";
    l.unit_id = -1;
    REFUSED(rules_purchase_list_problem(&l, today, FIELD), "unit_id");
    Zhucun__ContractList cl = ZHUCUN__CONTRACT_LIST__INIT;
    cl.limit = CONSUME_LIST_MAX + 1;
    REFUSED(rules_contract_list_problem(&cl, today, FIELD), "limit");
    Zhucun__QuotaProgress q = ZHUCUN__QUOTA_PROGRESS__INIT;
    OK(rules_quota_progress_problem(&q, today, FIELD));
    q.year = CONSUME_FIRST_YEAR;
    OK(rules_quota_progress_problem(&q, today, FIELD));
    q.year = (uint32_t)y + 1;
    REFUSED(rules_quota_progress_problem(&q, today, FIELD), "year");
    q.year = 0;
    q.org_code = "x";
    REFUSED(rules_quota_progress_problem(&q, today, FIELD), "org_code");
}

int main(void)
{
    int ok;
    today = rules_date_days("2026-11-28", &ok);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_purchase),
        cmocka_unit_test(test_contract),
        cmocka_unit_test(test_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
