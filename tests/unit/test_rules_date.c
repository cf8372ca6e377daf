/* test_rules_date.c -- month lengths and YYYY-MM-DD parsing (common/rules/date.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/date.h"

static void test_days_in_month_every_month(void **state)
{
    static const int common_year[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; m++) {
        assert_int_equal(rules_days_in_month(2025, m), common_year[m - 1]);
        assert_int_equal(rules_days_in_month(2024, m), m == 2 ? 29 : common_year[m - 1]);
    }
}

static void test_days_in_february(void **state)
{
    assert_int_equal(rules_days_in_month(2024, 2), 29); /* divisible by 4 */
    assert_int_equal(rules_days_in_month(2025, 2), 28);
    assert_int_equal(rules_days_in_month(2026, 2), 28);
    assert_int_equal(rules_days_in_month(1900, 2), 28); /* by 100 but not 400 */
    assert_int_equal(rules_days_in_month(2100, 2), 28);
    assert_int_equal(rules_days_in_month(2000, 2), 29); /* by 400 */
    assert_int_equal(rules_days_in_month(2400, 2), 29);
    /* Only February changes in a leap year. */
    assert_int_equal(rules_days_in_month(2000, 1), 31);
    assert_int_equal(rules_days_in_month(2000, 3), 31);
}

static void test_days_bad_month(void **state)
{
    assert_int_equal(rules_days_in_month(2024, 0), 0);
    assert_int_equal(rules_days_in_month(2024, 13), 0);
    assert_int_equal(rules_days_in_month(2024, -1), 0);
    assert_int_equal(rules_days_in_month(2000, 0), 0);
}

/* Parses s and checks it gives y-m-d. */
static void check_date(const char *s, int y, int m, int d)
{
    int yy = -7, mm = -7, dd = -7;
    assert_int_equal(rules_date_parse(s, &yy, &mm, &dd), 0);
    assert_int_equal(yy, y);
    assert_int_equal(mm, m);
    assert_int_equal(dd, d);
}

static void test_date_valid(void **state)
{
    check_date("2026-04-30", 2026, 4, 30);
    check_date("2026-01-01", 2026, 1, 1);
    check_date("2026-12-31", 2026, 12, 31);
    check_date("2024-02-29", 2024, 2, 29);
    check_date("2000-02-29", 2000, 2, 29);
    check_date("2026-02-28", 2026, 2, 28);
    check_date("1900-01-01", 1900, 1, 1);
    check_date("2999-12-31", 2999, 12, 31);
    check_date("2026-10-09", 2026, 10, 9);
}

static void test_date_refused(void **state)
{
    static const char *const bad[] = {
        "2026-02-29", /* not a leap year */
        "1900-02-29", /* nor is 1900 */
        "2026-13-01",       "2026-00-10",
        "2026-04-31",       "2026-06-31",
        "2026-01-32",       "2026-01-00",
        "2026/04/30",       "2026.04.30",
        "2026 04 30",       "20260430",
        "2026-0430",        "2026-04/30",
        "2026-04-30 ",      " 2026-04-30",
        "2026-04-30T00:00", "2026-04-300",
        "2026-4-30",        "2026-04-3",
        "26-04-30",         "2026--4-30",
        "2026-+4-30",       "+026-04-30",
        "2026-04-3a",       "2026-0a-30",
        "abcd-04-30",       "",
        "1899-12-31",       "3000-01-01",
        "0000-01-01",       "9999-12-31",
        "２０２６-04-30",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int y = -7, m = -7, d = -7;
        assert_int_equal(rules_date_parse(bad[i], &y, &m, &d), -1);
    }
}

static void test_shanghai_day(void **state)
{
    (void)state;
    /* 2026-11-28 16:00 UTC is already 2026-11-29 in Shanghai; 15:59:59 is not */
    long long t = 1795881600LL; /* 2026-11-28 16:00:00 UTC */
    char buf[11];
    rules_date_format(rules_shanghai_day(t), buf);
    assert_string_equal(buf, "2026-11-29");
    rules_date_format(rules_shanghai_day(t - 1), buf);
    assert_string_equal(buf, "2026-11-28");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shanghai_day),     cmocka_unit_test(test_days_in_month_every_month),
        cmocka_unit_test(test_days_in_february), cmocka_unit_test(test_days_bad_month),
        cmocka_unit_test(test_date_valid),       cmocka_unit_test(test_date_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
