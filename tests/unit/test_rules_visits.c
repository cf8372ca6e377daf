/* test_rules_visits.c -- periods and visit duties: boundaries, month ends, leap years, a
 * category change mid-period, absence starting mid-period, rules changing over time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/date.h"
#include "common/rules/visits.h"

static int D(const char *s)
{
    int ok;
    int d = rules_date_days(s, &ok);
    assert_true(ok);
    return d;
}

static void assert_period(enum period_kind k, const char *day, const char *first, const char *last)
{
    struct period p = rules_period_containing(k, D(day));
    assert_int_equal(p.first, D(first));
    assert_int_equal(p.last, D(last));
}

static void test_days(void **state)
{
    (void)state;
    assert_int_equal(rules_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(D("2000-03-01") - D("2000-02-28"), 2);
    assert_int_equal(D("2100-03-01") - D("2100-02-28"), 1);
    char buf[11];
    for (int d = D("2023-12-25"); d < D("2025-01-10"); d++) {
        rules_date_format(d, buf);
        assert_int_equal(D(buf), d);
    }
    rules_date_format(D("2024-02-29"), buf);
    assert_string_equal(buf, "2024-02-29");
}

static void test_periods(void **state)
{
    (void)state;
    assert_period(PERIOD_HALF_MONTH, "2026-11-01", "2026-11-01", "2026-11-15");
    assert_period(PERIOD_HALF_MONTH, "2026-11-15", "2026-11-01", "2026-11-15");
    assert_period(PERIOD_HALF_MONTH, "2026-11-16", "2026-11-16", "2026-11-30");
    assert_period(PERIOD_HALF_MONTH, "2026-12-31", "2026-12-16", "2026-12-31");
    assert_period(PERIOD_HALF_MONTH, "2024-02-20", "2024-02-16", "2024-02-29");
    assert_period(PERIOD_HALF_MONTH, "2026-02-20", "2026-02-16", "2026-02-28");
    assert_period(PERIOD_MONTH, "2026-02-01", "2026-02-01", "2026-02-28");
    assert_period(PERIOD_MONTH, "2024-02-29", "2024-02-01", "2024-02-29");
    assert_period(PERIOD_TWO_MONTHS, "2026-01-01", "2026-01-01", "2026-02-28");
    assert_period(PERIOD_TWO_MONTHS, "2024-02-29", "2024-01-01", "2024-02-29");
    assert_period(PERIOD_TWO_MONTHS, "2026-04-30", "2026-03-01", "2026-04-30");
    assert_period(PERIOD_TWO_MONTHS, "2026-12-31", "2026-11-01", "2026-12-31");
    assert_int_equal(rules_period_kind_parse("half_month"), PERIOD_HALF_MONTH);
    assert_int_equal(rules_period_kind_parse("two_months"), PERIOD_TWO_MONTHS);
    assert_int_equal(rules_period_kind_parse("fortnight"), -1);
}

/* The period kinds of the other duty rules (0029: zc_period_bounds computes the same, and
 * tests/integration/test_duties.c holds the two against each other day by day). */
static void test_periods_of_every_kind(void **state)
{
    (void)state;
    assert_period(PERIOD_DAY, "2028-02-29", "2028-02-29", "2028-02-29");
    /* weeks run Monday to Sunday, across months and years */
    assert_period(PERIOD_WEEK, "2026-11-30", "2026-11-30", "2026-12-06");
    assert_period(PERIOD_WEEK, "2026-12-06", "2026-11-30", "2026-12-06");
    assert_period(PERIOD_WEEK, "2027-01-01", "2026-12-28", "2027-01-03");
    assert_period(PERIOD_WEEK, "2028-03-01", "2028-02-28", "2028-03-05");
    assert_period(PERIOD_WEEK, "1969-12-31", "1969-12-29", "1970-01-04");
    assert_period(PERIOD_QUARTER, "2026-12-31", "2026-10-01", "2026-12-31");
    assert_period(PERIOD_QUARTER, "2028-02-29", "2028-01-01", "2028-03-31");
    assert_period(PERIOD_QUARTER, "2027-04-01", "2027-04-01", "2027-06-30");
    assert_period(PERIOD_QUARTER, "2027-09-30", "2027-07-01", "2027-09-30");
    assert_period(PERIOD_HALF_YEAR, "2027-06-30", "2027-01-01", "2027-06-30");
    assert_period(PERIOD_HALF_YEAR, "2027-07-01", "2027-07-01", "2027-12-31");
    assert_period(PERIOD_YEAR, "2028-02-29", "2028-01-01", "2028-12-31");
    assert_period(PERIOD_YEAR, "2100-03-01", "2100-01-01", "2100-12-31");
    assert_period(PERIOD_HALF_MONTH, "2100-02-16", "2100-02-16", "2100-02-28");
    for (int k = PERIOD_HALF_MONTH; k <= PERIOD_YEAR; k++)
        assert_int_equal(rules_period_kind_parse(rules_period_kind_name((enum period_kind)k)), k);
    assert_string_equal(rules_period_kind_name((enum period_kind)0), "");
}

/* The SPEC's rules, in force from 2022-06-28. */
static struct visit_rule spec_rules[] = {
    {1, CAT_BIT(CAT_POVERTY_ALLEVIATED) | CAT_BIT(CAT_MONITORED), 0, PERIOD_HALF_MONTH, 1,
     MODE_BIT(MODE_IN_PERSON), 0, DAY_MAX},
    {2, CAT_BIT(CAT_ORDINARY), 0, PERIOD_MONTH, 1, MODE_BIT(MODE_IN_PERSON), 0, DAY_MAX},
    {3, CAT_BIT(CAT_POVERTY_ALLEVIATED) | CAT_BIT(CAT_MONITORED) | CAT_BIT(CAT_ORDINARY), 1,
     PERIOD_TWO_MONTHS, 1, MODE_BIT(MODE_PHONE) | MODE_BIT(MODE_IN_PERSON), 0, DAY_MAX},
};

static int setup_rules(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(spec_rules) / sizeof(spec_rules[0]); i++)
        spec_rules[i].effective_from = D("2022-06-28");
    return 0;
}

static void test_monitored_household_half_months(void **state)
{
    (void)state;
    struct hh_state s[] = {{D("2020-01-01"), DAY_MAX, CAT_MONITORED, 0}};
    struct visit v[] = {{D("2026-11-03"), MODE_IN_PERSON}, {D("2026-11-20"), MODE_PHONE}};
    struct duty d[8];
    size_t n =
        rules_visit_duties(spec_rules, 3, s, 1, v, 2, D("2026-11-01"), D("2026-11-29"), d, 8);
    assert_int_equal(n, 2);
    assert_int_equal(d[0].rule_id, 1);
    assert_true(d[0].met);
    assert_false(d[0].overdue);
    /* the second half: a phone call does not count for a present household; still running */
    assert_int_equal(d[1].period.first, D("2026-11-16"));
    assert_false(d[1].met);
    assert_false(d[1].overdue);
    assert_int_equal(d[1].window_last, D("2026-11-29"));
    /* judged on 2026-12-01, the second half is overdue */
    n = rules_visit_duties(spec_rules, 3, s, 1, v, 2, D("2026-11-01"), D("2026-12-01"), d, 8);
    assert_int_equal(n, 3);
    assert_true(d[1].overdue);
    assert_false(d[2].overdue); /* 2026-12-01..15 has just begun */
}

static void test_category_change_mid_period(void **state)
{
    (void)state;
    /* ordinary until the 9th, monitored from the 10th of November */
    struct hh_state s[] = {{D("2020-01-01"), D("2026-11-09"), CAT_ORDINARY, 0},
                           {D("2026-11-10"), DAY_MAX, CAT_MONITORED, 0}};
    struct visit v[] = {{D("2026-11-05"), MODE_IN_PERSON}};
    struct duty d[8];
    size_t n =
        rules_visit_duties(spec_rules, 3, s, 2, v, 1, D("2026-11-01"), D("2026-12-01"), d, 8);
    /* half-month duties 1-15 (window 10-15) and 16-30, and the first half of December; no
     * monthly ordinary duty for November, whose end finds the household monitored */
    assert_int_equal(n, 3);
    assert_int_equal(d[0].rule_id, 1);
    assert_int_equal(d[0].window_first, D("2026-11-10"));
    assert_int_equal(d[0].window_last, D("2026-11-15"));
    assert_false(d[0].met); /* the visit on the 5th was before the duty began */
    assert_true(d[0].overdue);
    assert_int_equal(d[1].window_first, D("2026-11-16"));
    assert_int_equal(d[2].period.first, D("2026-12-01"));
    for (size_t i = 0; i < n; i++)
        assert_int_equal(d[i].rule_id, 1);
}

static void test_moving_between_covered_categories_keeps_the_window(void **state)
{
    (void)state;
    /* poverty-alleviated, then monitored on the 10th: both owe the same rule, so a visit on
     * the 5th still counts for the 1st-15th */
    struct hh_state s[] = {{D("2020-01-01"), D("2026-11-09"), CAT_POVERTY_ALLEVIATED, 0},
                           {D("2026-11-10"), DAY_MAX, CAT_MONITORED, 0}};
    struct visit v[] = {{D("2026-11-05"), MODE_IN_PERSON}};
    struct duty d[4];
    size_t n =
        rules_visit_duties(spec_rules, 3, s, 2, v, 1, D("2026-11-01"), D("2026-11-15"), d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].window_first, D("2026-11-01"));
    assert_true(d[0].met);
}

static void test_absence_mid_period_needs_only_a_phone_visit(void **state)
{
    (void)state;
    /* poverty-alleviated and present until 2026-11-19, away from the 20th */
    struct hh_state s[] = {{D("2020-01-01"), D("2026-11-19"), CAT_POVERTY_ALLEVIATED, 0},
                           {D("2026-11-20"), DAY_MAX, CAT_POVERTY_ALLEVIATED, 1}};
    struct visit v[] = {{D("2026-11-02"), MODE_IN_PERSON}, {D("2026-11-25"), MODE_PHONE}};
    struct duty d[8];
    size_t n =
        rules_visit_duties(spec_rules, 3, s, 2, v, 2, D("2026-11-01"), D("2026-12-31"), d, 8);
    /* half month 1-15 (met), nothing in-person for 16-30 (the household is away at its
     * end), and the two-month phone duty Nov-Dec from the 20th (met by the call) */
    assert_int_equal(n, 2);
    assert_int_equal(d[0].rule_id, 1);
    assert_true(d[0].met);
    assert_int_equal(d[1].rule_id, 3);
    assert_int_equal(d[1].period.first, D("2026-11-01"));
    assert_int_equal(d[1].period.last, D("2026-12-31"));
    assert_int_equal(d[1].window_first, D("2026-11-20"));
    assert_true(d[1].met);
}

static void test_ordinary_month_and_leap_february(void **state)
{
    (void)state;
    struct hh_state s[] = {{D("2020-01-01"), DAY_MAX, CAT_ORDINARY, 0}};
    struct visit v[] = {{D("2024-02-29"), MODE_IN_PERSON}};
    struct duty d[4];
    size_t n =
        rules_visit_duties(spec_rules, 3, s, 1, v, 1, D("2024-02-01"), D("2024-03-05"), d, 4);
    assert_int_equal(n, 2);
    assert_int_equal(d[0].period.last, D("2024-02-29"));
    assert_true(d[0].met);
    assert_false(d[1].met);
    assert_false(d[1].overdue); /* March is still running on the 5th */
}

static void test_household_that_did_not_exist_yet(void **state)
{
    (void)state;
    struct hh_state s[] = {{D("2026-11-20"), DAY_MAX, CAT_MONITORED, 0}};
    struct duty d[4];
    size_t n =
        rules_visit_duties(spec_rules, 3, s, 1, NULL, 0, D("2026-11-01"), D("2026-11-30"), d, 4);
    assert_int_equal(n, 1); /* nothing for 1st-15th */
    assert_int_equal(d[0].window_first, D("2026-11-20"));
}

static void test_past_periods_judged_by_old_rules(void **state)
{
    (void)state;
    /* Until 2026-10-31 ordinary households owed a visit every two months; from November,
     * every month. */
    struct visit_rule rules[] = {
        {10, CAT_BIT(CAT_ORDINARY), 0, PERIOD_TWO_MONTHS, 1, MODE_BIT(MODE_IN_PERSON),
         D("2020-01-01"), D("2026-10-31")},
        {11, CAT_BIT(CAT_ORDINARY), 0, PERIOD_MONTH, 1, MODE_BIT(MODE_IN_PERSON), D("2026-11-01"),
         DAY_MAX},
    };
    struct hh_state s[] = {{D("2020-01-01"), DAY_MAX, CAT_ORDINARY, 0}};
    struct visit v[] = {{D("2026-09-10"), MODE_IN_PERSON}};
    struct duty d[8];
    size_t n = rules_visit_duties(rules, 2, s, 1, v, 1, D("2026-09-01"), D("2026-11-30"), d, 8);
    /* Sep-Oct under rule 10 (met by the September visit), November under rule 11 (missed);
     * no monthly duties for September or October, no two-month duty for Nov-Dec */
    assert_int_equal(n, 2);
    size_t two = d[0].rule_id == 10 ? 0 : 1;
    assert_int_equal(d[two].rule_id, 10);
    assert_true(d[two].met);
    assert_int_equal(d[1 - two].rule_id, 11);
    assert_false(d[1 - two].met);
    assert_false(d[1 - two].overdue); /* November's last day is as_of itself */
}

static void test_capacity(void **state)
{
    (void)state;
    struct hh_state s[] = {{D("2020-01-01"), DAY_MAX, CAT_MONITORED, 0}};
    struct duty d[2];
    size_t n =
        rules_visit_duties(spec_rules, 3, s, 1, NULL, 0, D("2026-01-01"), D("2026-12-31"), d, 2);
    assert_int_equal(n, 24); /* 24 half months; only 2 written */
    assert_int_equal(d[1].period.first, D("2026-01-16"));
}

/* A visit's mode, an item's status, and the note that goes with the status. */
static void test_modes_statuses_notes(void **state)
{
    (void)state;
    char note[FOLLOW_UP_NOTE_MAX + 2];
    assert_int_equal(rules_visit_mode_parse("in_person"), MODE_IN_PERSON);
    assert_int_equal(rules_visit_mode_parse("phone"), MODE_PHONE);
    assert_int_equal(rules_visit_mode_parse("wechat"), -1);
    assert_true(rules_item_status_ok("open"));
    assert_true(rules_item_status_ok("in_progress"));
    assert_true(rules_item_status_ok("resolved"));
    assert_false(rules_item_status_ok("all")); /* a list's filter, not a status */
    assert_false(rules_item_status_ok(""));
    assert_null(rules_follow_up_note_problem("in_progress", ""));
    assert_string_equal(rules_follow_up_note_problem("resolved", ""), "办结须写明办理结果");
    memset(note, 'a', sizeof(note) - 1);
    note[sizeof(note) - 1] = '\0';
    assert_string_equal(rules_follow_up_note_problem("open", note), "说明过长（最多 1000 字节）");
    note[FOLLOW_UP_NOTE_MAX] = '\0';
    assert_null(rules_follow_up_note_problem("resolved", note));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_modes_statuses_notes),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_periods_of_every_kind),
        cmocka_unit_test(test_monitored_household_half_months),
        cmocka_unit_test(test_category_change_mid_period),
        cmocka_unit_test(test_moving_between_covered_categories_keeps_the_window),
        cmocka_unit_test(test_absence_mid_period_needs_only_a_phone_visit),
        cmocka_unit_test(test_ordinary_month_and_leap_february),
        cmocka_unit_test(test_household_that_did_not_exist_yet),
        cmocka_unit_test(test_past_periods_judged_by_old_rules),
        cmocka_unit_test(test_capacity),
    };
    return cmocka_run_group_tests(tests, setup_rules, NULL);
}
