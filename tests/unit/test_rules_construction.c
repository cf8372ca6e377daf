/* test_rules_construction.c -- the checks of construction and disbursements
 * (common/rules/construction.c): a task's status on a day, the task's dates, a percent 0-100,
 * a correction's length, a target's direction and finite value, a monitoring stage, an amount
 * above zero and within the largest budget, the list's limit, each field refused by name. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/construction.h"
#include "common/rules/date.h"

static int day(const char *s)
{
    int ok;
    int d = rules_date_days(s, &ok);
    assert_true(ok);
    return d;
}

#define TODAY day("2027-01-06")

static void test_task_status(void **state)
{
    (void)state;
    int t = TODAY;
    assert_int_equal(rules_build_task_status(t + 1, t + 10, -1, -1, t), BUILD_TASK_NOT_STARTED);
    assert_int_equal(rules_build_task_status(t, t + 10, -1, -1, t), BUILD_TASK_NOT_STARTED);
    assert_int_equal(rules_build_task_status(t - 1, t + 10, -1, -1, t), BUILD_TASK_LATE);
    assert_int_equal(rules_build_task_status(t - 1, t + 10, t - 1, -1, t), BUILD_TASK_IN_PROGRESS);
    assert_int_equal(rules_build_task_status(t - 9, t - 1, t - 9, -1, t), BUILD_TASK_LATE);
    assert_int_equal(rules_build_task_status(t - 9, t, t - 9, -1, t), BUILD_TASK_IN_PROGRESS);
    assert_int_equal(rules_build_task_status(t - 9, t - 5, t - 9, t - 1, t), BUILD_TASK_DONE);
    assert_string_equal(rules_build_task_status_code(BUILD_TASK_LATE), "late");
    assert_string_equal(rules_build_task_status_label("late"), "已滞后");
    assert_string_equal(rules_build_task_status_label("odd"), "odd");
}

static const char *task(const char *ps, const char *pe, const char *as, const char *ae)
{
    Zhucun__ProjectTaskAdd t = ZHUCUN__PROJECT_TASK_ADD__INIT;
    t.project_id = 1;
    t.name = "路基";
    t.responsible = "王建国";
    t.planned_start = (char *)ps;
    t.planned_end = (char *)pe;
    t.actual_start = (char *)as;
    t.actual_end = (char *)ae;
    const char *field = "";
    rules_build_task_add_problem(&t, TODAY, &field);
    return field;
}

static void test_task(void **state)
{
    (void)state;
    assert_string_equal(task("2027-01-01", "2027-02-01", "", ""), "");
    assert_string_equal(task("2027-01-01", "2027-02-01", "2027-01-02", "2027-01-06"), "");
    assert_string_equal(task("2027-01-01", "2026-12-31", "", ""), "planned_end");
    assert_string_equal(task("2027-1-1", "2027-02-01", "", ""), "planned_start");
    assert_string_equal(task("2027-01-01", "2027-02-01", "2027-01-07", ""), "actual_start");
    assert_string_equal(task("2027-01-01", "2027-02-01", "", "2027-01-05"), "actual_start");
    assert_string_equal(task("2027-01-01", "2027-02-01", "2027-01-05", "2027-01-04"), "actual_end");
    Zhucun__ProjectTaskUpdate u = ZHUCUN__PROJECT_TASK_UPDATE__INIT;
    u.id = 1;
    u.name = "";
    u.responsible = "甲";
    u.planned_start = "2027-01-01";
    u.planned_end = "2027-01-02";
    u.actual_start = "";
    u.actual_end = "";
    const char *field = "";
    assert_non_null(rules_build_task_update_problem(&u, TODAY, &field));
    assert_string_equal(field, "name");
}

static void test_progress_and_focus(void **state)
{
    (void)state;
    Zhucun__ProjectProgressReport p = ZHUCUN__PROJECT_PROGRESS_REPORT__INIT;
    p.project_id = 1;
    p.on_date = "2027-01-06";
    p.percent = 100;
    p.narrative = "完工";
    p.correction = "";
    const char *field = "";
    assert_null(rules_build_progress_problem(&p, TODAY, &field));
    p.percent = 101;
    assert_non_null(rules_build_progress_problem(&p, TODAY, &field));
    assert_string_equal(field, "percent");
    p.percent = 50;
    p.on_date = "2027-01-07";
    assert_non_null(rules_build_progress_problem(&p, TODAY, &field));
    assert_string_equal(field, "on_date");
    p.on_date = "2027-01-06";
    char longer[BUILD_REASON_MAX * 3 + 8];
    memset(longer, 0, sizeof(longer));
    for (int i = 0; i <= BUILD_REASON_MAX; i++)
        memcpy(longer + 3 * i, "更", 3);
    p.correction = longer;
    assert_non_null(rules_build_progress_problem(&p, TODAY, &field));
    assert_string_equal(field, "correction");
    Zhucun__ProjectFocusSet f = ZHUCUN__PROJECT_FOCUS_SET__INIT;
    f.project_id = 1;
    f.year = 2027;
    f.quarter = 0;
    f.focus = "路基";
    f.targets = "";
    assert_non_null(rules_build_focus_problem(&f, &field));
    assert_string_equal(field, "quarter");
    f.quarter = 1;
    f.year = 2012;
    assert_non_null(rules_build_focus_problem(&f, &field));
    assert_string_equal(field, "year");
}

static void test_targets(void **state)
{
    (void)state;
    Zhucun__ProjectTargetSet t = ZHUCUN__PROJECT_TARGET_SET__INIT;
    t.project_id = 1;
    t.indicator = "受益人口";
    t.unit = "人";
    t.target_value = 120;
    t.direction = "at_most";
    const char *field = "";
    assert_null(rules_build_target_set_problem(&t, &field));
    t.target_value = NAN;
    assert_non_null(rules_build_target_set_problem(&t, &field));
    assert_string_equal(field, "target_value");
    t.target_value = 1;
    t.direction = "more";
    assert_non_null(rules_build_target_set_problem(&t, &field));
    assert_string_equal(field, "direction");
    Zhucun__ProjectTargetMonitor m = ZHUCUN__PROJECT_TARGET_MONITOR__INIT;
    m.target_id = 1;
    m.on_date = "2027-01-06";
    m.stage = "final";
    m.value = 1;
    m.note = "";
    assert_null(rules_build_target_monitor_problem(&m, TODAY, &field));
    m.stage = "end";
    assert_non_null(rules_build_target_monitor_problem(&m, TODAY, &field));
    assert_string_equal(field, "stage");
}

static void test_disbursement(void **state)
{
    (void)state;
    Zhucun__DisbursementRequest d = ZHUCUN__DISBURSEMENT_REQUEST__INIT;
    d.project_id = 1;
    d.progress_id = 1;
    d.amount_fen = 1;
    d.payee = "公司";
    d.note = "";
    const char *field = "";
    assert_null(rules_build_disbursement_problem(&d, &field));
    d.amount_fen = BUILD_AMOUNT_MAX + 1;
    assert_non_null(rules_build_disbursement_problem(&d, &field));
    assert_string_equal(field, "amount_fen");
    d.amount_fen = 0;
    assert_non_null(rules_build_disbursement_problem(&d, &field));
    d.amount_fen = 100;
    uint8_t sha[31] = {0};
    ProtobufCBinaryData ev = {sizeof(sha), sha};
    d.evidence = &ev;
    d.n_evidence = 1;
    assert_non_null(rules_build_disbursement_problem(&d, &field));
    assert_string_equal(field, "evidence");
    Zhucun__DisbursementList l = ZHUCUN__DISBURSEMENT_LIST__INIT;
    l.org_code = "";
    l.limit = DISBURSEMENT_LIST_MAX;
    assert_null(rules_build_disbursement_list_problem(&l, &field));
    l.limit = DISBURSEMENT_LIST_MAX + 1;
    assert_non_null(rules_build_disbursement_list_problem(&l, &field));
    assert_string_equal(field, "limit");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_task_status),        cmocka_unit_test(test_task),
        cmocka_unit_test(test_progress_and_focus), cmocka_unit_test(test_targets),
        cmocka_unit_test(test_disbursement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
