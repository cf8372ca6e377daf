/* test_rules_report.c -- the visit report's month and grouping; the duty report's span, rule
 * codes, grouping and rate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/rules/attendance.h"
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
                        "分组应为 org（下级单位）、team、cadre、household 或 village（各村）");
    assert_string_equal(rules_report_by_problem("org", ORG_VILLAGE, &by),
                        "行政村没有下级单位：请按 team、cadre 或 household 查看");
    assert_string_equal(rules_report_by_problem("team", ORG_CITY, &by),
                        "按工作队、队员或农户查看须选择县级及以下单位（上级请逐级下钻）");
}

/* span (first, last) of period as "YYYY-MM-DD..YYYY-MM-DD", or the problem */
static const char *span(const char *period, const char *today_s)
{
    static char out[64];
    int ok, first, last;
    const char *problem =
        rules_duty_span_problem(period, rules_date_days(today_s, &ok), &first, &last);
    if (problem != NULL)
        return problem;
    char a[11], b[11];
    rules_date_format(first, a);
    rules_date_format(last, b);
    snprintf(out, sizeof(out), "%s..%s", a, b);
    return out;
}

static void test_duty_span(void **state)
{
    (void)state;
    const char *bad = "统计期间应为 YYYY-MM-DD、YYYY-Www、YYYY-MM、YYYY-Qn、YYYY-Hn 或 YYYY，"
                      "如 2026-11、2026-W48、2026-Q4";
    assert_string_equal(span("2026-11-28", "2026-11-28"), "2026-11-28..2026-11-28");
    assert_string_equal(span("2026-W48", "2026-11-28"), "2026-11-23..2026-11-29");
    assert_string_equal(span("2026-W53", "2027-01-03"), "2026-12-28..2027-01-03");
    assert_string_equal(span("2028-02", "2028-02-01"), "2028-02-01..2028-02-29");
    assert_string_equal(span("2026-Q4", "2026-11-28"), "2026-10-01..2026-12-31");
    assert_string_equal(span("2027-Q1", "2027-01-01"), "2027-01-01..2027-03-31");
    assert_string_equal(span("2026-H2", "2026-11-28"), "2026-07-01..2026-12-31");
    assert_string_equal(span("2026-H1", "2026-11-28"), "2026-01-01..2026-06-30");
    assert_string_equal(span("2028", "2028-02-29"), "2028-01-01..2028-12-31");
    /* a span may run past today, not begin after it */
    assert_string_equal(span("2026-11-29", "2026-11-28"), "统计期间不能晚于今天开始");
    assert_string_equal(span("2026-12", "2026-11-28"), "统计期间不能晚于今天开始");
    assert_string_equal(span("2027", "2026-12-31"), "统计期间不能晚于今天开始");
    assert_string_equal(span("2026-Q5", "2026-11-28"), bad);
    assert_string_equal(span("2026-H3", "2026-11-28"), bad);
    assert_string_equal(span("2026-13", "2026-11-28"), bad);
    assert_string_equal(span("2026-W54", "2026-11-28"), bad);
    assert_string_equal(span("2025-W53", "2026-11-28"), bad); /* 2025 has 52 weeks */
    assert_string_equal(span("2026-02-30", "2026-11-28"), bad);
    assert_string_equal(span("1899", "2026-11-28"), bad);
    assert_string_equal(span("26-11", "2026-11-28"), bad);
    assert_string_equal(span("", "2026-11-28"), bad);
    assert_string_equal(span("2026/11", "2026-11-28"), bad);
}

static void test_duty_codes_by_rate(void **state)
{
    (void)state;
    assert_true(rules_duty_code_ok("V1"));
    assert_true(rules_duty_code_ok("A2"));
    assert_true(rules_duty_code_ok("M8-video"));
    assert_true(rules_duty_code_ok("G1-county"));
    assert_true(rules_duty_code_ok("ABCDEFGH-a23456789012345_"));
    assert_false(rules_duty_code_ok(""));
    assert_false(rules_duty_code_ok("v1"));
    assert_false(rules_duty_code_ok("V1-"));
    assert_false(rules_duty_code_ok("V1-Video"));
    assert_false(rules_duty_code_ok("ABCDEFGHI"));
    assert_false(rules_duty_code_ok("A-a2345678901234567"));
    assert_false(rules_duty_code_ok("V1 V2"));
    enum report_by by;
    assert_null(rules_duty_by_problem("", ORG_PROVINCE, &by));
    assert_int_equal(by, BY_ORG);
    assert_null(rules_duty_by_problem("", ORG_VILLAGE, &by));
    assert_int_equal(by, BY_TEAM);
    assert_null(rules_duty_by_problem("cadre", ORG_COUNTY, &by));
    assert_int_equal(by, BY_CADRE);
    assert_string_equal(rules_duty_by_problem("household", ORG_VILLAGE, &by),
                        "分组应为 org（下级单位）、team 或 cadre");
    assert_string_equal(rules_duty_by_problem("org", ORG_VILLAGE, &by),
                        "行政村没有下级单位：请按 team 或 cadre 查看");
    assert_string_equal(rules_duty_by_problem("team", ORG_CITY, &by),
                        "按工作队或队员查看须选择县级及以下单位（上级请逐级下钻）");
    assert_true(rules_duty_rate(0, 0) == 0.0);
    assert_true(rules_duty_rate(1, 4) == 0.25);
}

static void test_trend(void **state)
{
    (void)state;
    int y = 0, m = 0, n = 0;
    assert_null(rules_report_trend_problem("2026-11..2027-02", &y, &m, &n));
    assert_int_equal(y, 2026);
    assert_int_equal(m, 11);
    assert_int_equal(n, 4);
    assert_null(rules_report_trend_problem("2026-05..2026-05", &y, &m, &n));
    assert_int_equal(n, 1);
    assert_null(rules_report_trend_problem("2024-01..2026-12", &y, &m, &n));
    assert_int_equal(n, REPORT_TREND_MONTHS_MAX);
    assert_string_equal(rules_report_trend_problem("2024-01..2027-01", &y, &m, &n),
                        "趋势最多 36 个月");
    assert_string_equal(rules_report_trend_problem("2026-06..2026-05", &y, &m, &n),
                        "趋势的起始月不能晚于结束月");
    const char *bad[] = {"",
                         "2026-01",
                         "2026-01..",
                         "..2026-02",
                         "2026-1..2026-02",
                         "2026-13..2026-12",
                         "2026-01..2026-02x",
                         "2026-01-2026-02",
                         "2026-01...2026-02",
                         "abcd-01..2026-02"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_string_equal(rules_report_trend_problem(bad[i], &y, &m, &n),
                            "趋势应为 起始月..结束月，如 2026-01..2026-06");
}

/* The months of a trend, across a year's end; the CLI and the desk both step with it. */
static void test_trend_period(void **state)
{
    (void)state;
    char out[8];
    rules_report_trend_period(2026, 11, 0, out);
    assert_string_equal(out, "2026-11");
    rules_report_trend_period(2026, 11, 2, out);
    assert_string_equal(out, "2027-01");
    rules_report_trend_period(2024, 1, REPORT_TREND_MONTHS_MAX - 1, out);
    assert_string_equal(out, "2026-12");
}

/* The attendance trend's weeks: ISO weeks across a year of 53, at most 26. */
static void test_week_trend(void **state)
{
    (void)state;
    int monday = 0, weeks = 0, want;
    assert_null(rules_report_week_trend_problem("2026-W52..2027-W02", &monday, &weeks));
    assert_int_equal(rules_week_parse("2026-W52", &want), 0);
    assert_int_equal(monday, want);
    assert_int_equal(weeks, 4); /* 2026 has a week 53 */
    assert_null(rules_report_week_trend_problem("2026-W10..2026-W10", &monday, &weeks));
    assert_int_equal(weeks, 1);
    assert_null(rules_report_week_trend_problem("2026-W01..2026-W26", &monday, &weeks));
    assert_int_equal(weeks, REPORT_TREND_WEEKS_MAX);
    assert_string_equal(rules_report_week_trend_problem("2026-W01..2026-W27", &monday, &weeks),
                        "趋势最多 26 周");
    assert_string_equal(rules_report_week_trend_problem("2026-W11..2026-W10", &monday, &weeks),
                        "趋势的起始周不能晚于结束周");
    const char *bad[] = {"",
                         "2026-W10",
                         "2026-W10..",
                         "..2026-W10",
                         "2026-W54..2027-W01",
                         "2026-W1..2026-W10",
                         "2026-W10..2026-W11x",
                         "2026-10..2026-11",
                         "2026-W10...2026-W11"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_string_equal(rules_report_week_trend_problem(bad[i], &monday, &weeks),
                            "趋势应为 起始周..结束周，如 2026-W40..2026-W48");
}

/* By village (the desk's map): a city and below, above a village; a province (about 28,000
 * villages) is refused, so one reply holds a city's few thousand at most. */
static void test_by_village(void **state)
{
    (void)state;
    enum report_by by = BY_ORG;
    for (int level = ORG_CITY; level <= ORG_TOWNSHIP; level++) {
        assert_null(rules_report_by_problem("village", level, &by));
        assert_int_equal(by, BY_VILLAGE);
    }
    assert_string_equal(rules_report_by_problem("village", ORG_PROVINCE, &by),
                        "按村查看须选择市级及以下单位（全省请先选市）");
    assert_string_equal(rules_report_by_problem("village", ORG_VILLAGE, &by),
                        "按村查看须选择行政村以上的单位：行政村请按 household 查看");
    /* the duty report has no village rows */
    assert_non_null(rules_duty_by_problem("village", ORG_COUNTY, &by));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period),     cmocka_unit_test(test_by),
        cmocka_unit_test(test_duty_span),  cmocka_unit_test(test_duty_codes_by_rate),
        cmocka_unit_test(test_trend),      cmocka_unit_test(test_trend_period),
        cmocka_unit_test(test_week_trend), cmocka_unit_test(test_by_village),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
