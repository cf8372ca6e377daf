/* test_rules_report.c -- the visit report's month and grouping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/rules/report.h"

static void test_period(void **state)
{
    (void)state;
    int ok;
    int today = rules_date_days("2026-11-28", &ok);
    assert_null(rules_report_period_problem("2026-11", today));
    assert_null(rules_report_period_problem("2025-01", today));
    assert_string_equal(rules_report_period_problem("2026-12", today), "统计月份不能晚于本月");
    assert_string_equal(rules_report_period_problem("2026-13", today),
                        "统计月份应为 YYYY-MM，如 2026-11");
    assert_string_equal(rules_report_period_problem("2026-1", today),
                        "统计月份应为 YYYY-MM，如 2026-11");
    assert_string_equal(rules_report_period_problem("2026-11-01", today),
                        "统计月份应为 YYYY-MM，如 2026-11");
}

static void test_by(void **state)
{
    (void)state;
    enum report_by by;
    assert_null(rules_report_by_problem("", ORG_COUNTY, &by));
    assert_int_equal(by, BY_ORG);
    assert_null(rules_report_by_problem("", ORG_VILLAGE, &by));
    assert_int_equal(by, BY_HOUSEHOLD);
    assert_null(rules_report_by_problem("", ORG_PROVINCE, &by));
    assert_int_equal(by, BY_ORG);
    assert_null(rules_report_by_problem("team", ORG_COUNTY, &by));
    assert_int_equal(by, BY_TEAM);
    assert_null(rules_report_by_problem("cadre", ORG_TOWNSHIP, &by));
    assert_int_equal(by, BY_CADRE);
    assert_null(rules_report_by_problem("household", ORG_VILLAGE, &by));
    assert_int_equal(by, BY_HOUSEHOLD);
    assert_string_equal(rules_report_by_problem("person", ORG_COUNTY, &by),
                        "分组应为 org（下级单位）、team、cadre 或 household");
    assert_string_equal(rules_report_by_problem("org", ORG_VILLAGE, &by),
                        "行政村没有下级单位：请按 team、cadre 或 household 查看");
    assert_string_equal(rules_report_by_problem("team", ORG_CITY, &by),
                        "按工作队、队员或农户查看须选择县级及以下单位（上级请逐级下钻）");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period),
        cmocka_unit_test(test_by),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
