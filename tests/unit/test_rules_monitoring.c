/* test_rules_monitoring.c -- the checks of the monitoring calls (common/rules/monitoring.c):
 * the codes and their names, every limit at its edge, the order of the problems and the field
 * each names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/date.h"
#include "common/rules/monitoring.h"

#define TODAY 20600 /* a fixed day: no test depends on the clock */

static char day_buf[4][11];

static char *day(int i, int offset)
{
    rules_date_format(TODAY + offset, day_buf[i]);
    return day_buf[i];
}

static void test_codes(void **state)
{
    (void)state;
    size_t n = 0;
    for (const char *const *k = rules_monitor_risks; *k != NULL; k++, n++)
        assert_non_null(rules_monitor_risk_name(*k));
    assert_int_equal(n, 12);
    n = 0;
    for (const char *const *k = rules_monitor_measures; *k != NULL; k++, n++)
        assert_non_null(rules_monitor_measure_name(*k));
    assert_int_equal(n, 8);
    assert_string_equal(rules_monitor_kind_name("unstable"), "脱贫不稳定户");
    assert_string_equal(rules_monitor_kind_name("marginal"), "边缘易致贫户");
    assert_string_equal(rules_monitor_kind_name("sudden"), "突发严重困难户");
    assert_string_equal(rules_monitor_found_by_name("warning"), "部门预警");
    assert_string_equal(rules_monitor_risk_name("few_workers"), "因人口多劳动力少");
    assert_string_equal(rules_monitor_measure_name("assistance"), "社会救助");
    assert_string_equal(rules_monitor_status_name("eliminated"), "风险已消除");
    assert_null(rules_monitor_kind_name("poor"));
    assert_null(rules_monitor_risk_name(""));
    assert_null(rules_monitor_measure_name(NULL));
}

static void test_enter(void **state)
{
    (void)state;
    char buf[32];
    const char *field = NULL;
    Zhucun__MonitorRiskInput r[MONITOR_RISKS_MAX + 1], *rp[MONITOR_RISKS_MAX + 1];
    for (int i = 0; i <= MONITOR_RISKS_MAX; i++) {
        zhucun__monitor_risk_input__init(&r[i]);
        r[i].risk = "illness";
        rp[i] = &r[i];
    }
    Zhucun__MonitorEnter me = ZHUCUN__MONITOR_ENTER__INIT;
    me.kind = "unstable";
    me.found_by = "screening";
    me.found_on = day(0, 0);
    me.risks = rp;
    me.n_risks = 1;
    assert_null(rules_monitor_enter_problem(&me, TODAY, buf, sizeof(buf), &field));
    me.n_risks = MONITOR_RISKS_MAX;
    assert_null(rules_monitor_enter_problem(&me, TODAY, buf, sizeof(buf), &field));
    me.n_risks = MONITOR_RISKS_MAX + 1;
    assert_non_null(rules_monitor_enter_problem(&me, TODAY, buf, sizeof(buf), &field));
    assert_string_equal(field, "risks");
    me.n_risks = 0;
    assert_non_null(rules_monitor_enter_problem(&me, TODAY, buf, sizeof(buf), &field));
    assert_string_equal(field, "risks");
    me.n_risks = 3;
    /* other needs its text, 1-200 bytes; a named type none */
    r[2].risk = "other";
    assert_non_null(rules_monitor_enter_problem(&me, TODAY, buf, sizeof(buf), &field));
    assert_string_equal(field, "risks[2].text");
    char text[MONITOR_RISK_TEXT_MAX + 2];
    memset(text, 'a', sizeof(text));
    text[MONITOR_RISK_TEXT_MAX] = '\0';
    r[2].text = text;
    assert_null(rules_monitor_enter_problem(&me, TODAY, buf, sizeof(buf), &field));
    text[MONITOR_RISK_TEXT_MAX] = 'a';
    text[MONITOR_RISK_TEXT_MAX + 1] = '\0';
    assert_non_null(rules_monitor_enter_problem(&me, TODAY, buf, sizeof(buf), &field));
    assert_string_equal(field, "risks[2].text");
    r[2].risk = "illness";
    r[2].text = "";
    r[1].text = "多余";
    assert_non_null(rules_monitor_enter_problem(&me, TODAY, buf, sizeof(buf), &field));
    assert_string_equal(field, "risks[1].text");
    r[1].text = "";
    r[0].risk = "poverty";
    assert_non_null(rules_monitor_enter_problem(&me, TODAY, buf, sizeof(buf), &field));
    assert_string_equal(field, "risks[0].risk");
    r[0].risk = "illness";
    /* the day: not in the future, a real date */
    me.found_on = day(0, 1);
    assert_non_null(rules_monitor_enter_problem(&me, TODAY, buf, sizeof(buf), &field));
    assert_string_equal(field, "found_on");
    me.found_on = "2026-02-30";
    assert_non_null(rules_monitor_enter_problem(&me, TODAY, buf, sizeof(buf), &field));
    assert_string_equal(field, "found_on");
    me.found_on = day(0, 0);
    /* the first problem in the handler's order: kind before found_by before the day */
    me.kind = "poor";
    me.found_by = "rumour";
    me.found_on = "";
    assert_non_null(rules_monitor_enter_problem(&me, TODAY, buf, sizeof(buf), &field));
    assert_string_equal(field, "kind");
    me.kind = "sudden";
    assert_non_null(rules_monitor_enter_problem(&me, TODAY, buf, sizeof(buf), &field));
    assert_string_equal(field, "found_by");
    me.found_by = "application";
    me.found_on = day(0, -3);
    char note[MONITOR_TEXT_MAX + 2];
    memset(note, 'n', sizeof(note));
    note[MONITOR_TEXT_MAX] = '\0';
    me.note = note;
    assert_null(rules_monitor_enter_problem(&me, TODAY, buf, sizeof(buf), &field));
    note[MONITOR_TEXT_MAX] = 'n';
    note[MONITOR_TEXT_MAX + 1] = '\0';
    assert_non_null(rules_monitor_enter_problem(&me, TODAY, buf, sizeof(buf), &field));
    assert_string_equal(field, "note");
}

static void test_risks_and_measures(void **state)
{
    (void)state;
    const char *field = NULL;
    Zhucun__MonitorRiskAdd ra = ZHUCUN__MONITOR_RISK_ADD__INIT;
    assert_non_null(rules_monitor_risk_add_problem(&ra, TODAY, &field)); /* no risk at all */
    assert_string_equal(field, "risk.risk");
    Zhucun__MonitorRiskInput r = ZHUCUN__MONITOR_RISK_INPUT__INIT;
    r.risk = "other";
    ra.risk = &r;
    assert_non_null(rules_monitor_risk_add_problem(&ra, TODAY, &field));
    assert_string_equal(field, "risk.text");
    r.text = "房屋漏雨";
    ra.identified_on = day(0, 1);
    assert_non_null(rules_monitor_risk_add_problem(&ra, TODAY, &field));
    assert_string_equal(field, "identified_on");
    ra.identified_on = day(0, 0);
    assert_null(rules_monitor_risk_add_problem(&ra, TODAY, &field));

    Zhucun__MonitorRiskClose rc = ZHUCUN__MONITOR_RISK_CLOSE__INIT;
    rc.closed_on = day(0, 0);
    assert_non_null(rules_monitor_risk_close_problem(&rc, TODAY, &field));
    assert_string_equal(field, "note"); /* how it went away: required */
    rc.note = "已治愈";
    assert_null(rules_monitor_risk_close_problem(&rc, TODAY, &field));

    Zhucun__MeasureAdd ma = ZHUCUN__MEASURE_ADD__INIT;
    ma.kind = "charity";
    assert_non_null(rules_measure_add_problem(&ma, TODAY, &field));
    assert_string_equal(field, "kind");
    ma.kind = "employment";
    assert_non_null(rules_measure_add_problem(&ma, TODAY, &field));
    assert_string_equal(field, "description");
    ma.description = "公益岗位";
    ma.started_on = day(0, 1);
    assert_non_null(rules_measure_add_problem(&ma, TODAY, &field));
    assert_string_equal(field, "started_on");
    ma.started_on = day(0, -30);
    assert_null(rules_measure_add_problem(&ma, TODAY, &field));

    Zhucun__MeasureClose mc = ZHUCUN__MEASURE_CLOSE__INIT;
    mc.ended_on = day(0, 0);
    assert_non_null(rules_measure_close_problem(&mc, TODAY, &field));
    assert_string_equal(field, "outcome");
    mc.outcome = "已上岗";
    assert_null(rules_measure_close_problem(&mc, TODAY, &field));
}

static void test_review(void **state)
{
    (void)state;
    const char *field = NULL;
    Zhucun__MonitorReview mr = ZHUCUN__MONITOR_REVIEW__INIT;
    mr.review_date = day(0, -7);
    mr.notice_first = day(1, -6);
    mr.notice_last = day(2, 0);
    mr.evidence = "村民代表会议记录";
    assert_null(rules_monitor_review_problem(&mr, TODAY, &field));
    /* the notice starts on or after the review, ends on or after it starts, not after today */
    mr.notice_first = day(1, -8);
    assert_non_null(rules_monitor_review_problem(&mr, TODAY, &field));
    assert_string_equal(field, "notice_first");
    mr.notice_first = day(1, -7);
    assert_null(rules_monitor_review_problem(&mr, TODAY, &field));
    mr.notice_last = day(2, -8);
    assert_non_null(rules_monitor_review_problem(&mr, TODAY, &field));
    assert_string_equal(field, "notice_last");
    mr.notice_last = day(2, 1);
    assert_non_null(rules_monitor_review_problem(&mr, TODAY, &field));
    assert_string_equal(field, "notice_last");
    mr.notice_last = day(2, 0);
    mr.review_date = day(0, 1);
    assert_non_null(rules_monitor_review_problem(&mr, TODAY, &field));
    assert_string_equal(field, "review_date");
    mr.review_date = day(0, -7);
    mr.evidence = "";
    assert_non_null(rules_monitor_review_problem(&mr, TODAY, &field));
    assert_string_equal(field, "evidence");
}

static void test_reads(void **state)
{
    (void)state;
    const char *field = NULL;
    Zhucun__MonitorShow ms = ZHUCUN__MONITOR_SHOW__INIT;
    assert_non_null(rules_monitor_show_problem(&ms, &field)); /* neither */
    ms.case_id = 3;
    ms.household_id = 4;
    assert_non_null(rules_monitor_show_problem(&ms, &field)); /* both */
    ms.household_id = 0;
    assert_null(rules_monitor_show_problem(&ms, &field));

    Zhucun__MonitorList ml = ZHUCUN__MONITOR_LIST__INIT;
    assert_null(rules_monitor_list_problem(&ml, &field));
    ml.limit = MONITOR_LIST_MAX;
    assert_null(rules_monitor_list_problem(&ml, &field));
    ml.limit = MONITOR_LIST_MAX + 1;
    assert_non_null(rules_monitor_list_problem(&ml, &field));
    assert_string_equal(field, "limit");
    ml.limit = 0;
    assert_int_equal(rules_monitor_limit(0), MONITOR_LIST_DEFAULT);
    assert_int_equal(rules_monitor_limit(7), 7);
    ml.status = "all";
    ml.risk = "water_risk";
    ml.kind = "marginal";
    ml.org_code = "140105000000";
    assert_null(rules_monitor_list_problem(&ml, &field));
    ml.org_code = "1401";
    assert_non_null(rules_monitor_list_problem(&ml, &field));
    assert_string_equal(field, "org_code");
    ml.status = "closed";
    assert_non_null(rules_monitor_list_problem(&ml, &field));
    assert_string_equal(field, "status");

    Zhucun__MonitorStale st = ZHUCUN__MONITOR_STALE__INIT;
    st.limit = MONITOR_LIST_MAX + 1;
    assert_non_null(rules_monitor_stale_problem(&st, &field));
    assert_string_equal(field, "limit");
    st.limit = 0;
    st.after = -1;
    assert_non_null(rules_monitor_stale_problem(&st, &field));
    assert_string_equal(field, "after");

    Zhucun__MonitorSignOff so = ZHUCUN__MONITOR_SIGN_OFF__INIT;
    assert_null(rules_monitor_sign_off_problem(&so, &field));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_enter),
        cmocka_unit_test(test_risks_and_measures),
        cmocka_unit_test(test_review),
        cmocka_unit_test(test_reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
