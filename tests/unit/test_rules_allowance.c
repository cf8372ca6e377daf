/* test_rules_allowance.c -- the checks of the allowance calls (common/rules/allowance.c): every
 * field refused with its name, every limit at and past its edge; the amount and money shown as
 * yuan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules_check.h"

#include "common/rules/allowance.h"
#include "common/rules/date.h"

static int today;

static Zhucun__AllowanceCompute compute(const char *month)
{
    Zhucun__AllowanceCompute c = ZHUCUN__ALLOWANCE_COMPUTE__INIT;
    c.month = (char *)month;
    return c;
}

/* A month: YYYY-MM, from 2022-01 to today's month (2026-11-28 here). */
static void test_month(void **state)
{
    (void)state;
    int first;
    assert_null(rules_allowance_month_problem("2026-11", today, &first));
    assert_int_equal(first, rules_days_from_civil(2026, 11, 1));
    assert_null(rules_allowance_month_problem("2022-01", today, &first));
    assert_non_null(rules_allowance_month_problem("2021-12", today, &first));
    assert_non_null(rules_allowance_month_problem("2026-12", today, &first)); /* to come */
    assert_non_null(rules_allowance_month_problem("2027-01", today, &first));
    assert_non_null(rules_allowance_month_problem("2026-13", today, &first));
    assert_non_null(rules_allowance_month_problem("2026-00", today, &first));
    assert_non_null(rules_allowance_month_problem("2026-1", today, &first));
    assert_non_null(rules_allowance_month_problem("2026-11-01", today, &first));
    assert_non_null(rules_allowance_month_problem("202611", today, &first));
    assert_non_null(rules_allowance_month_problem("", today, &first));
    /* the first of a month: that month is allowed, the next is not */
    int dec1 = rules_days_from_civil(2026, 12, 1);
    assert_null(rules_allowance_month_problem("2026-12", dec1, &first));
    assert_non_null(rules_allowance_month_problem("2026-12", dec1 - 1, &first));
}

static void test_compute(void **state)
{
    (void)state;
    Zhucun__AllowanceCompute c = compute("2026-10");
    OK(rules_allowance_compute_problem(&c, today, FIELD));
    c = compute("2026-12");
    REFUSED(rules_allowance_compute_problem(&c, today, FIELD), "month");
    c = compute("2026-10");
    c.org_code = "1401";
    REFUSED(rules_allowance_compute_problem(&c, today, FIELD), "org_code");
    c.org_code = "140105000000";
    OK(rules_allowance_compute_problem(&c, today, FIELD));
    c.unit_id = -1;
    REFUSED(rules_allowance_compute_problem(&c, today, FIELD), "unit_id");
    c.unit_id = 0;
    c.person_id = -1;
    REFUSED(rules_allowance_compute_problem(&c, today, FIELD), "person_id");
}

static void test_ids(void **state)
{
    (void)state;
    static int64_t ids[ALLOWANCE_BATCH_MAX + 1];
    for (int i = 0; i <= ALLOWANCE_BATCH_MAX; i++)
        ids[i] = i + 1;
    OK(rules_allowance_ids_problem(1, ids, FIELD));
    OK(rules_allowance_ids_problem(ALLOWANCE_BATCH_MAX, ids, FIELD));
    REFUSED(rules_allowance_ids_problem(ALLOWANCE_BATCH_MAX + 1, ids, FIELD), "ids");
    REFUSED(rules_allowance_ids_problem(0, ids, FIELD), "ids");
    ids[1] = ids[0];
    REFUSED(rules_allowance_ids_problem(2, ids, FIELD), "ids");
    ids[1] = 0;
    REFUSED(rules_allowance_ids_problem(2, ids, FIELD), "ids");
}

static void test_correct(void **state)
{
    (void)state;
    Zhucun__AllowanceCorrect c = ZHUCUN__ALLOWANCE_CORRECT__INIT;
    c.statement_id = 1;
    REFUSED(rules_allowance_correct_problem(&c, FIELD), "reason");
    c.reason = rules_chars(ALLOWANCE_REASON_MAX);
    OK(rules_allowance_correct_problem(&c, FIELD));
    c.reason = rules_chars(ALLOWANCE_REASON_MAX + 1);
    REFUSED(rules_allowance_correct_problem(&c, FIELD), "reason");
}

static void test_list(void **state)
{
    (void)state;
    Zhucun__AllowanceList l = ZHUCUN__ALLOWANCE_LIST__INIT;
    OK(rules_allowance_list_problem(&l, today, FIELD));
    l.month = "2026-12";
    REFUSED(rules_allowance_list_problem(&l, today, FIELD), "month");
    l.month = "2026-11";
    l.status = "paid";
    REFUSED(rules_allowance_list_problem(&l, today, FIELD), "status");
    const char *statuses[] = {"draft", "confirmed", "pending", "approved", "rejected", "returned"};
    for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
        l.status = (char *)statuses[i];
        OK(rules_allowance_list_problem(&l, today, FIELD));
    }
    l.limit = ALLOWANCE_LIST_MAX;
    OK(rules_allowance_list_problem(&l, today, FIELD));
    l.limit = ALLOWANCE_LIST_MAX + 1;
    REFUSED(rules_allowance_list_problem(&l, today, FIELD), "limit");
    l.limit = 0;
    l.person_id = -1;
    REFUSED(rules_allowance_list_problem(&l, today, FIELD), "person_id");
    l.person_id = 0;
    l.unit_id = -1;
    REFUSED(rules_allowance_list_problem(&l, today, FIELD), "unit_id");
    l.unit_id = 0;
    l.org_code = "x";
    REFUSED(rules_allowance_list_problem(&l, today, FIELD), "org_code");
}

static void test_money(void **state)
{
    (void)state;
    char y[ALLOWANCE_YUAN_LEN];
    assert_string_equal(rules_allowance_yuan(0, y), "0.00");
    assert_string_equal(rules_allowance_yuan(5, y), "0.05");
    assert_string_equal(rules_allowance_yuan(123450, y), "1234.50");
    assert_string_equal(rules_allowance_yuan(-5, y), "-0.05");
    assert_string_equal(rules_allowance_yuan(INT64_MIN, y), "-92233720368547758.08");
    assert_int_equal(rules_allowance_amount(0, 10000, 80000), 0);
    assert_int_equal(rules_allowance_amount(1, 10000, 80000), 90000);
    assert_int_equal(rules_allowance_amount(22, 10000, 80000), 300000);
    assert_true(rules_allowance_rates_ok(0, 0));
    assert_true(rules_allowance_rates_ok(ALLOWANCE_LIVING_MAX_FEN, ALLOWANCE_TRANSPORT_MAX_FEN));
    assert_false(rules_allowance_rates_ok(ALLOWANCE_LIVING_MAX_FEN + 1, 0));
    assert_false(rules_allowance_rates_ok(0, ALLOWANCE_TRANSPORT_MAX_FEN + 1));
    assert_false(rules_allowance_rates_ok(-1, 0));
}

static Zhucun__AllowanceRateSet rate(const char *level, const char *county, const char *from)
{
    Zhucun__AllowanceRateSet r = ZHUCUN__ALLOWANCE_RATE_SET__INIT;
    r.unit_level = (char *)level;
    r.county_code = (char *)county;
    r.valid_from = (char *)from;
    r.living_fen_per_day = 9000;
    r.transport_fen = 70000;
    return r;
}

/* A rate version: a level, "" or a county's code, the amounts within their bounds, from the
 * current month (2026-11 here) to ALLOWANCE_RATE_AHEAD_MONTHS ahead, a note of at most
 * ALLOWANCE_RATE_NOTE_MAX characters. */
static void test_rate_set(void **state)
{
    (void)state;
    Zhucun__AllowanceRateSet r = rate("county", "", "2026-11");
    OK(rules_allowance_rate_set_problem(&r, today, FIELD));
    r = rate("city", "140105000000", "2026-12");
    OK(rules_allowance_rate_set_problem(&r, today, FIELD));
    r = rate("township", "", "2026-11");
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "unit_level");
    r = rate("", "", "2026-11");
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "unit_level");
    r = rate("county", "140100000000", "2026-11"); /* a city, not a county */
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "county_code");
    r = rate("county", "140105001000", "2026-11"); /* a township */
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "county_code");
    r = rate("county", "1401", "2026-11");
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "county_code");
    /* the amounts at and past their edges */
    r = rate("county", "", "2026-11");
    r.living_fen_per_day = ALLOWANCE_LIVING_MAX_FEN;
    r.transport_fen = ALLOWANCE_TRANSPORT_MAX_FEN;
    OK(rules_allowance_rate_set_problem(&r, today, FIELD));
    r.living_fen_per_day = 0;
    r.transport_fen = 0;
    OK(rules_allowance_rate_set_problem(&r, today, FIELD));
    r.living_fen_per_day = ALLOWANCE_LIVING_MAX_FEN + 1;
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "living_fen_per_day");
    r.living_fen_per_day = -1;
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "living_fen_per_day");
    r.living_fen_per_day = 0;
    r.transport_fen = ALLOWANCE_TRANSPORT_MAX_FEN + 1;
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "transport_fen");
    r.transport_fen = -1;
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "transport_fen");
    /* the month: never one gone by (a computed, frozen month keeps its rate) */
    r = rate("county", "", "2026-10");
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "valid_from");
    r = rate("county", "", "2027-11"); /* 12 months ahead */
    OK(rules_allowance_rate_set_problem(&r, today, FIELD));
    r = rate("county", "", "2027-12");
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "valid_from");
    r = rate("county", "", "2026-11-01");
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "valid_from");
    r = rate("county", "", "2026-13");
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "valid_from");
    r = rate("county", "", "");
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "valid_from");
    /* on the first of December, November has gone by */
    r = rate("county", "", "2026-11");
    REFUSED(rules_allowance_rate_set_problem(&r, rules_days_from_civil(2026, 12, 1), FIELD),
            "valid_from");
    OK(rules_allowance_rate_set_problem(&r, rules_days_from_civil(2026, 11, 30), FIELD));
    r.note = rules_chars(ALLOWANCE_RATE_NOTE_MAX);
    OK(rules_allowance_rate_set_problem(&r, today, FIELD));
    r.note = rules_chars(ALLOWANCE_RATE_NOTE_MAX + 1);
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "note");
    r.note = "a\x01b";
    REFUSED(rules_allowance_rate_set_problem(&r, today, FIELD), "note");
}

static void test_rate_list(void **state)
{
    (void)state;
    Zhucun__AllowanceRateList l = ZHUCUN__ALLOWANCE_RATE_LIST__INIT;
    OK(rules_allowance_rate_list_problem(&l, FIELD));
    l.county_code = "140105000000";
    l.on = "2022-01-01";
    OK(rules_allowance_rate_list_problem(&l, FIELD));
    l.on = "2021-12-31";
    REFUSED(rules_allowance_rate_list_problem(&l, FIELD), "on");
    l.on = "2026-02-30";
    REFUSED(rules_allowance_rate_list_problem(&l, FIELD), "on");
    l.on = "2026-11";
    REFUSED(rules_allowance_rate_list_problem(&l, FIELD), "on");
    l.on = "2030-01-01"; /* a day to come: the versions published ahead */
    OK(rules_allowance_rate_list_problem(&l, FIELD));
    l.county_code = "140100000000";
    REFUSED(rules_allowance_rate_list_problem(&l, FIELD), "county_code");
    assert_true(rules_allowance_level_ok("central"));
    assert_true(rules_allowance_level_ok("county"));
    assert_false(rules_allowance_level_ok("village"));
    assert_false(rules_allowance_level_ok("County"));
}

int main(void)
{
    today = rules_days_from_civil(2026, 11, 28);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_month),    cmocka_unit_test(test_compute),
        cmocka_unit_test(test_ids),      cmocka_unit_test(test_correct),
        cmocka_unit_test(test_list),     cmocka_unit_test(test_money),
        cmocka_unit_test(test_rate_set), cmocka_unit_test(test_rate_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
