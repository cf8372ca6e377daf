/* test_rules_leave.c -- the channels and the limits of leave requests and delegations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/date.h"
#include "common/rules/leave.h"

static void test_behalf_channel(void **state)
{
    (void)state;
    assert_true(rules_leave_behalf_channel_ok("wechat"));
    assert_true(rules_leave_behalf_channel_ok("sms"));
    assert_true(rules_leave_behalf_channel_ok("phone"));
    assert_true(rules_leave_behalf_channel_ok("paper"));
    assert_false(rules_leave_behalf_channel_ok(""));       /* not said */
    assert_false(rules_leave_behalf_channel_ok("system")); /* the cadre's own request */
    assert_false(rules_leave_behalf_channel_ok("WeChat"));
    assert_false(rules_leave_behalf_channel_ok("telegram"));
}

static void test_channel(void **state)
{
    (void)state;
    assert_true(rules_leave_channel_ok("")); /* the default */
    assert_true(rules_leave_channel_ok("system"));
    assert_true(rules_leave_channel_ok("wechat"));
    assert_true(rules_leave_channel_ok("sms"));
    assert_true(rules_leave_channel_ok("phone"));
    assert_false(rules_leave_channel_ok("paper")); /* only recorded on a cadre's behalf */
    assert_false(rules_leave_channel_ok("email"));
    assert_string_equal(rules_leave_channel_or_default(""), "system");
    assert_string_equal(rules_leave_channel_or_default("sms"), "sms");
}

/* The problem found, and the field it names; NULL when there is none. */
static const char *days(const char *first, const char *last, int today, const char **field)
{
    static char buf[128];
    *field = NULL;
    return rules_leave_days_problem(first, last, today, buf, sizeof(buf), field);
}

static void test_leave_days(void **state)
{
    (void)state;
    int ok;
    int today = rules_date_days("2026-11-28", &ok);
    const char *field;
    assert_null(days("2026-11-28", "2026-11-28", today, &field)); /* today, one day */
    assert_null(days("2026-11-30", "2027-01-28", today, &field)); /* 60 days */
    assert_string_equal(days("2026-11-30", "2027-01-29", today, &field), "一次请假最多 60 天");
    assert_string_equal(field, "last_day");
    assert_string_equal(days("2026-11-27", "2026-11-28", today, &field),
                        "不能为已经过去的日子请假");
    assert_string_equal(field, "first_day");
    assert_null(days("2027-05-27", "2027-05-28", today, &field)); /* 180 days ahead */
    assert_string_equal(days("2027-05-28", "2027-05-29", today, &field), "最多提前 180 天请假");
    assert_string_equal(field, "first_day");
    assert_string_equal(days("2026-12-02", "2026-12-01", today, &field), "末日不能早于首日");
    assert_string_equal(field, "last_day");
    assert_string_equal(days("2026-11-31", "2026-12-01", today, &field), "首日应为 YYYY-MM-DD");
    assert_string_equal(field, "first_day");
    assert_string_equal(days("2026-12-01", "", today, &field), "末日应为 YYYY-MM-DD");
    assert_string_equal(field, "last_day");
}

static void test_delegation_days(void **state)
{
    (void)state;
    int ok;
    int today = rules_date_days("2026-11-28", &ok);
    char buf[128];
    const char *field = NULL;
    assert_null(
        rules_delegation_days_problem("2026-11-01", "2026-11-28", today, buf, sizeof(buf), &field));
    assert_null(
        rules_delegation_days_problem("2026-12-01", "2027-02-28", today, buf, sizeof(buf), &field));
    assert_string_equal(
        rules_delegation_days_problem("2026-12-01", "2027-03-01", today, buf, sizeof(buf), &field),
        "一次委托最多 90 天");
    assert_string_equal(field, "last_day");
    assert_string_equal(
        rules_delegation_days_problem("2026-11-01", "2026-11-27", today, buf, sizeof(buf), &field),
        "委托的止日已经过去");
    assert_string_equal(
        rules_delegation_days_problem("x", "2026-12-01", today, buf, sizeof(buf), &field),
        "起止日期应为 YYYY-MM-DD，且止不早于起");
    assert_string_equal(field, "first_day");
    assert_string_equal(
        rules_delegation_days_problem("2026-12-02", "2026-12-01", today, buf, sizeof(buf), &field),
        "起止日期应为 YYYY-MM-DD，且止不早于起");
    assert_string_equal(field, "last_day");
}

/* Each day's own problem: a form marks both days; the first in the server's order is the one
 * rules_leave_days_problem answers. */
static void test_leave_fields(void **state)
{
    (void)state;
    int ok;
    int today = rules_date_days("2026-11-28", &ok);
    char buf[128];
    const char *field = NULL;
    assert_string_equal(
        rules_leave_field_problem("first_day", "2026-13-01", "x", today, buf, sizeof(buf)),
        "首日应为 YYYY-MM-DD");
    assert_string_equal(
        rules_leave_field_problem("last_day", "2026-13-01", "x", today, buf, sizeof(buf)),
        "末日应为 YYYY-MM-DD");
    /* A past first day and a span too long: both days at fault, the span answered first. */
    assert_string_equal(
        rules_leave_field_problem("first_day", "2026-11-01", "2027-01-29", today, buf, sizeof(buf)),
        "不能为已经过去的日子请假");
    assert_string_equal(
        rules_leave_field_problem("last_day", "2026-11-01", "2027-01-29", today, buf, sizeof(buf)),
        "一次请假最多 60 天");
    assert_string_equal(
        rules_leave_days_problem("2026-11-01", "2027-01-29", today, buf, sizeof(buf), &field),
        "一次请假最多 60 天");
    assert_string_equal(field, "last_day");
    /* The span needs a first day: a bad first day leaves the last day alone. */
    assert_null(rules_leave_field_problem("last_day", "x", "2026-12-01", today, buf, sizeof(buf)));
    assert_string_equal(
        rules_leave_field_problem("first_day", "2027-05-28", "2027-05-28", today, buf, sizeof(buf)),
        "最多提前 180 天请假");
    assert_null(rules_leave_field_problem("first_day", "2026-11-28", "2026-11-20", today, buf,
                                          sizeof(buf)));
}

static void test_delegation_fields(void **state)
{
    (void)state;
    int ok;
    int today = rules_date_days("2026-11-28", &ok);
    char buf[128];
    assert_string_equal(rules_delegation_field_problem("first_day", "2026-13-01", "next week",
                                                       today, buf, sizeof(buf)),
                        "起止日期应为 YYYY-MM-DD，且止不早于起");
    assert_string_equal(rules_delegation_field_problem("last_day", "2026-13-01", "next week", today,
                                                       buf, sizeof(buf)),
                        "起止日期应为 YYYY-MM-DD，且止不早于起");
    assert_string_equal(
        rules_delegation_field_problem("last_day", "x", "2026-11-01", today, buf, sizeof(buf)),
        "委托的止日已经过去");
    assert_null(rules_delegation_field_problem("first_day", "2026-11-01", "2026-11-27", today, buf,
                                               sizeof(buf)));
    assert_null(rules_delegation_field_problem("last_day", "2026-12-01", "2027-02-28", today, buf,
                                               sizeof(buf)));
}

static void test_reasons_statuses_decisions(void **state)
{
    (void)state;
    char long_reason[LEAVE_REASON_MAX + 2];
    memset(long_reason, 'a', sizeof(long_reason) - 1);
    long_reason[sizeof(long_reason) - 1] = '\0';
    assert_string_equal(rules_leave_reason_problem(" \t"), "请写明请假事由");
    assert_string_equal(rules_leave_reason_problem(long_reason), "事由过长（最多 500 字节）");
    long_reason[LEAVE_REASON_MAX] = '\0';
    assert_null(rules_leave_reason_problem(long_reason));
    assert_null(rules_leave_reason_problem("探亲"));

    assert_true(rules_leave_status_ok("")); /* any */
    assert_true(rules_leave_status_ok("pending"));
    assert_true(rules_leave_status_ok("cancelled"));
    assert_false(rules_leave_status_ok("open"));

    assert_true(rules_decision_ok("approve"));
    assert_true(rules_decision_ok("reject"));
    assert_true(rules_decision_ok("return"));
    assert_false(rules_decision_ok(""));
    assert_false(rules_decision_ok("Approve"));
    assert_null(rules_decision_reason_problem("approve", ""));
    assert_string_equal(rules_decision_reason_problem("reject", " "), "驳回或退回须说明理由");
    assert_string_equal(rules_decision_reason_problem("return", ""), "驳回或退回须说明理由");
    assert_null(rules_decision_reason_problem("return", "材料不全"));
    long_reason[LEAVE_REASON_MAX] = 'a';
    assert_string_equal(rules_decision_reason_problem("approve", long_reason),
                        "理由过长（最多 500 字节）");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_behalf_channel),
        cmocka_unit_test(test_channel),
        cmocka_unit_test(test_leave_days),
        cmocka_unit_test(test_delegation_days),
        cmocka_unit_test(test_leave_fields),
        cmocka_unit_test(test_delegation_fields),
        cmocka_unit_test(test_reasons_statuses_decisions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
