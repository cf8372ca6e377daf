/* test_rules_income.c -- the income sums' arithmetic (members joining and leaving mid-year, a
 * business loss, rounding) and the checks of a month's record and a one-on-one plan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/income.h"

static void test_div_round(void **state)
{
    (void)state;
    assert_int_equal(rules_income_div_round(10, 4), 3);   /* 2.5 -> 3 */
    assert_int_equal(rules_income_div_round(-10, 4), -3); /* -2.5 -> -3: away from zero */
    assert_int_equal(rules_income_div_round(9, 4), 2);    /* 2.25 */
    assert_int_equal(rules_income_div_round(11, 4), 3);   /* 2.75 */
    assert_int_equal(rules_income_div_round(-11, 4), -3);
    assert_int_equal(rules_income_div_round(-9, 4), -2);
    assert_int_equal(rules_income_div_round(100, 3), 33);
    assert_int_equal(rules_income_div_round(200, 3), 67);
    assert_int_equal(rules_income_div_round(0, 7), 0);
    assert_int_equal(rules_income_div_round(5, 1), 5);
    assert_int_equal(rules_income_div_round(1, 2), 1);
    assert_int_equal(rules_income_div_round(-1, 2), -1);
    assert_int_equal(rules_income_div_round(1, 3), 0);
}

static void test_net_and_per_capita(void **state)
{
    (void)state;
    struct income_items it = {.wages = 300000,
                              .business = 50000,
                              .rent = 10000,
                              .dividend = 20000,
                              .pension = 15000,
                              .subsidy = 5000,
                              .dibao = 40000,
                              .other_transfer = 1000,
                              .costs = 41000};
    assert_int_equal(rules_income_net(&it), 400000);
    assert_int_equal(rules_income_per_capita(&it, 4), 100000);
    assert_int_equal(rules_income_per_capita(&it, 3), 133333); /* 133,333.33 */
    it.wages += 2;                                             /* 400,002 / 3 = 133,334 */
    assert_int_equal(rules_income_per_capita(&it, 3), 133334);
    it.wages += 2; /* 400,004 / 3 = 133,334.67 */
    assert_int_equal(rules_income_per_capita(&it, 3), 133335);
}

/* A failed crop: the business item is a loss, and the month's net goes below zero. */
static void test_negative_business(void **state)
{
    (void)state;
    struct income_items it = {.wages = 100000, .business = -250000, .dibao = 30000, .costs = 20001};
    assert_int_equal(rules_income_net(&it), -140001);
    assert_int_equal(rules_income_per_capita(&it, 2), -70001); /* -70,000.5 -> -70,001 */
    assert_int_equal(rules_income_per_capita(&it, 3), -46667); /* -46,667.0 */
    const char *field;
    assert_null(rules_income_items_problem(&it, &field));
    /* ... and the year: a loss in one month pulls the projection down, not below zero here */
    int64_t pc[3] = {60000, rules_income_per_capita(&it, 2), 60000};
    assert_int_equal(rules_income_project(pc, 3), (60000 - 70001 + 60000) * 4);
}

/* Each month is divided by its own members: a child born in April counts from April, a
 * grandmother who died in July no more from August. */
static void test_members_join_and_leave(void **state)
{
    (void)state;
    struct income_items it = {.wages = 600000};
    int members[8] = {3, 3, 3, 4, 4, 4, 4, 3};
    int64_t pc[8];
    for (int i = 0; i < 8; i++)
        pc[i] = rules_income_per_capita(&it, members[i]);
    assert_int_equal(pc[0], 200000);
    assert_int_equal(pc[3], 150000);
    /* 4 × 200,000 + 4 × 150,000 = 1,400,000 over 8 months -> × 12 / 8 = 2,100,000 */
    assert_int_equal(rules_income_project(pc, 8), 2100000);
    /* not the household's whole income over its members at the end */
    assert_int_not_equal(rules_income_project(pc, 8), 600000 * 12 / 3);
    /* one month: twelve times it */
    assert_int_equal(rules_income_project(pc, 1), 2400000);
    /* rounding of the projection: (1 + 2 + 2) × 12 / 7 = 8.57 -> 9 */
    int64_t small[7] = {1, 2, 2, 0, 0, 0, 0};
    assert_int_equal(rules_income_project(small, 7), 9);
    int64_t neg[7] = {-1, -2, -2, 0, 0, 0, 0};
    assert_int_equal(rules_income_project(neg, 7), -9);
}

static void test_fell(void **state)
{
    (void)state;
    assert_true(rules_income_fell(69999, 100000, 30));   /* fell 30.001 % */
    assert_false(rules_income_fell(70000, 100000, 30));  /* exactly 30 %: not more than */
    assert_false(rules_income_fell(120000, 100000, 30)); /* rose */
    assert_true(rules_income_fell(-5000, 100000, 30));   /* a loss */
    assert_false(rules_income_fell(-5000, 0, 30));       /* nothing to fall from */
    assert_false(rules_income_fell(-5000, -100, 30));
}

static void test_item_bounds(void **state)
{
    (void)state;
    const char *field;
    struct income_items it = {.wages = INCOME_ITEM_MAX_FEN,
                              .business = -INCOME_ITEM_MAX_FEN,
                              .costs = INCOME_ITEM_MAX_FEN};
    assert_null(rules_income_items_problem(&it, &field));
    assert_null(field);
    it.wages = INCOME_ITEM_MAX_FEN + 1;
    assert_non_null(rules_income_items_problem(&it, &field));
    assert_string_equal(field, "wages_fen");
    it.wages = 0;
    it.business = -INCOME_ITEM_MAX_FEN - 1;
    assert_string_equal(rules_income_items_problem(&it, &field),
                        "生产经营性收入应在 -1,000,000 元（亏损）至 1,000,000 元之间（以分计）");
    assert_string_equal(field, "business_fen");
    it.business = 0;
    it.rent = -1;
    assert_string_equal(rules_income_items_problem(&it, &field),
                        "租金收入应在 0 至 1,000,000 元之间（以分计）");
    assert_string_equal(field, "rent_fen");
    it.rent = 0;
    it.costs = -1;
    assert_non_null(rules_income_items_problem(&it, &field));
    assert_string_equal(field, "costs_fen");
    it.costs = 0;
    it.dibao = INCOME_ITEM_MAX_FEN + 1;
    assert_non_null(rules_income_items_problem(&it, &field));
    assert_string_equal(field, "dibao_fen");
}

static void test_members(void **state)
{
    (void)state;
    assert_null(rules_income_members_problem(1));
    assert_null(rules_income_members_problem(INCOME_MEMBERS_MAX));
    assert_string_equal(rules_income_members_problem(0), "计算人口应为 1 至 30 人");
    assert_non_null(rules_income_members_problem(INCOME_MEMBERS_MAX + 1));
    assert_non_null(rules_income_members_problem(-3));
}

static void test_ack(void **state)
{
    (void)state;
    const char *field;
    assert_null(rules_income_ack_problem("signed", "", &field));
    assert_null(rules_income_ack_problem("phone", "儿子代接", &field));
    assert_null(rules_income_ack_problem("refused", "认为分红未到账", &field));
    assert_non_null(rules_income_ack_problem("", "", &field));
    assert_string_equal(field, "ack");
    assert_non_null(rules_income_ack_problem("wechat", "", &field));
    assert_string_equal(field, "ack");
    assert_string_equal(rules_income_ack_problem("refused", "", &field),
                        "农户拒绝认账时须写明理由");
    assert_string_equal(field, "ack_note");
    char long_note[INCOME_NOTE_MAX * 3 + 4];
    memset(long_note, 0, sizeof(long_note));
    for (int i = 0; i < INCOME_NOTE_MAX; i++)
        memcpy(long_note + i * 3, "账", 3);
    assert_null(rules_income_ack_problem("refused", long_note, &field));
    memcpy(long_note + INCOME_NOTE_MAX * 3, "x", 1);
    assert_string_equal(rules_income_ack_problem("refused", long_note, &field),
                        "认账说明过长（最多 500 个字符）");
    assert_string_equal(field, "ack_note");
    assert_non_null(rules_income_reason_problem(long_note));
    assert_null(rules_income_reason_problem(""));
    assert_non_null(rules_income_reason_problem("\xff"));
}

static void test_plan_measures(void **state)
{
    (void)state;
    char *one[] = {"发展中药材种植 3 亩"};
    assert_null(rules_plan_measures_problem(one, 1));
    assert_non_null(rules_plan_measures_problem(one, 0));
    char *empty[] = {"帮助就业", ""};
    assert_non_null(rules_plan_measures_problem(empty, 2));
    char *many[PLAN_MEASURES_MAX + 1];
    for (int i = 0; i <= PLAN_MEASURES_MAX; i++)
        many[i] = "公益岗位";
    assert_null(rules_plan_measures_problem(many, PLAN_MEASURES_MAX));
    assert_non_null(rules_plan_measures_problem(many, PLAN_MEASURES_MAX + 1));
    char longm[PLAN_MEASURE_CHARS_MAX + 2];
    memset(longm, 'a', sizeof(longm));
    longm[PLAN_MEASURE_CHARS_MAX] = '\0';
    char *l[] = {longm};
    assert_null(rules_plan_measures_problem(l, 1));
    longm[PLAN_MEASURE_CHARS_MAX] = 'a';
    longm[PLAN_MEASURE_CHARS_MAX + 1] = '\0';
    assert_non_null(rules_plan_measures_problem(l, 1));
}

static void test_lists(void **state)
{
    (void)state;
    assert_true(rules_income_list_ok("under_threshold"));
    assert_true(rules_income_list_ok("fell"));
    assert_false(rules_income_list_ok(""));
    assert_false(rules_income_list_ok("no_measure")); /* the monitoring list, not here */
}

static void test_yuan(void **state)
{
    (void)state;
    int64_t f;
    assert_int_equal(rules_income_yuan_parse("3000", 0, &f), 0);
    assert_int_equal(f, 300000);
    assert_int_equal(rules_income_yuan_parse("3000.5", 0, &f), 0);
    assert_int_equal(f, 300050);
    assert_int_equal(rules_income_yuan_parse("0.07", 0, &f), 0);
    assert_int_equal(f, 7);
    assert_int_equal(rules_income_yuan_parse("-200.25", 1, &f), 0);
    assert_int_equal(f, -20025);
    assert_int_equal(rules_income_yuan_parse("", 0, &f), 0);
    assert_int_equal(f, 0);
    assert_int_equal(rules_income_yuan_parse("1000000", 0, &f), 0);
    assert_int_equal(f, INCOME_ITEM_MAX_FEN);
    assert_int_equal(rules_income_yuan_parse("1000000.01", 0, &f), -1);
    assert_int_equal(rules_income_yuan_parse("-200", 0, &f), -1); /* not for this item */
    assert_int_equal(rules_income_yuan_parse("1.234", 0, &f), -1);
    assert_int_equal(rules_income_yuan_parse("1.", 0, &f), -1);
    assert_int_equal(rules_income_yuan_parse(".5", 0, &f), -1);
    assert_int_equal(rules_income_yuan_parse("1,000", 0, &f), -1);
    assert_int_equal(rules_income_yuan_parse(" 1", 0, &f), -1);
    assert_int_equal(rules_income_yuan_parse("99999999999999999999", 0, &f), -1);
    char out[32];
    rules_income_yuan_format(300050, out);
    assert_string_equal(out, "3000.50");
    rules_income_yuan_format(-20025, out);
    assert_string_equal(out, "-200.25");
    rules_income_yuan_format(7, out);
    assert_string_equal(out, "0.07");
    rules_income_yuan_format(-7, out);
    assert_string_equal(out, "-0.07");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_div_round),
        cmocka_unit_test(test_net_and_per_capita),
        cmocka_unit_test(test_negative_business),
        cmocka_unit_test(test_members_join_and_leave),
        cmocka_unit_test(test_fell),
        cmocka_unit_test(test_item_bounds),
        cmocka_unit_test(test_members),
        cmocka_unit_test(test_ack),
        cmocka_unit_test(test_plan_measures),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_yuan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
