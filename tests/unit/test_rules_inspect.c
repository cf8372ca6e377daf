/* test_rules_inspect.c -- the checks of inspections and circulars (common/rules/inspect.c):
 * an inspection's office a province, city or county code, its days not after today, in order
 * and at most INSPECTION_DAYS_MAX, who inspected 1-200 characters, at most 200 villages
 * (village codes) and teams (positive ids), a note of at most 2000; a finding's village a
 * village code or "", area a ledger area or "", fact 1-1000 characters, deadline today to five
 * years on, deduction at most FINDING_DEDUCTION_MAX, evidence hashes of 32 bytes; a circular's
 * doc number, title and body in their limits, its day not after today; the lists' limits and
 * kinds. Every field refused with its name, each limit at its edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/date.h"
#include "common/rules/inspect.h"
#include "tests/unit/rules_check.h"

static int day(const char *s)
{
    int ok;
    int d = rules_date_days(s, &ok);
    assert_true(ok);
    return d;
}

#define TODAY day("2026-12-05")

static Zhucun__InspectionRecord record(void)
{
    Zhucun__InspectionRecord r = ZHUCUN__INSPECTION_RECORD__INIT;
    r.org_code = "140929000000";
    r.started_on = "2026-12-01";
    r.ended_on = "2026-12-03";
    r.inspectors = "张三、李四";
    return r;
}

static void test_record(void **state)
{
    (void)state;
    Zhucun__InspectionRecord r = record();
    OK(rules_inspection_record_problem(&r, TODAY, FIELD));
    r.org_code = "140000000000";
    OK(rules_inspection_record_problem(&r, TODAY, FIELD));
    r.org_code = "140900000000";
    OK(rules_inspection_record_problem(&r, TODAY, FIELD));
    r.org_code = "140929100000"; /* a township */
    REFUSED(rules_inspection_record_problem(&r, TODAY, FIELD), "org_code");
    r.org_code = "1409";
    REFUSED(rules_inspection_record_problem(&r, TODAY, FIELD), "org_code");
    r = record();
    r.started_on = "2026-12-06";
    REFUSED(rules_inspection_record_problem(&r, TODAY, FIELD), "started_on");
    r.started_on = "2026-13-01";
    REFUSED(rules_inspection_record_problem(&r, TODAY, FIELD), "started_on");
    r = record();
    r.ended_on = "2026-12-06";
    REFUSED(rules_inspection_record_problem(&r, TODAY, FIELD), "ended_on");
    r.ended_on = "2026-11-30";
    REFUSED(rules_inspection_record_problem(&r, TODAY, FIELD), "ended_on");
    /* 31 days in all pass, 32 do not */
    r.started_on = "2026-11-01";
    r.ended_on = "2026-12-01";
    OK(rules_inspection_record_problem(&r, TODAY, FIELD));
    r.started_on = "2026-10-31";
    REFUSED(rules_inspection_record_problem(&r, TODAY, FIELD), "ended_on");
    r = record();
    r.inspectors = "";
    REFUSED(rules_inspection_record_problem(&r, TODAY, FIELD), "inspectors");
    r.inspectors = rules_chars(INSPECTION_INSPECTORS_MAX);
    OK(rules_inspection_record_problem(&r, TODAY, FIELD));
    r.inspectors = rules_chars(INSPECTION_INSPECTORS_MAX + 1);
    REFUSED(rules_inspection_record_problem(&r, TODAY, FIELD), "inspectors");
    r = record();
    char *villages[INSPECTION_VISITED_MAX + 1];
    int64_t teams[INSPECTION_VISITED_MAX + 1];
    for (int i = 0; i <= INSPECTION_VISITED_MAX; i++) {
        villages[i] = "140929100201";
        teams[i] = i + 1;
    }
    r.villages = villages;
    r.n_villages = INSPECTION_VISITED_MAX;
    OK(rules_inspection_record_problem(&r, TODAY, FIELD));
    r.n_villages = INSPECTION_VISITED_MAX + 1;
    REFUSED(rules_inspection_record_problem(&r, TODAY, FIELD), "villages");
    villages[0] = "140929100000"; /* a township, not a village */
    r.n_villages = 1;
    REFUSED(rules_inspection_record_problem(&r, TODAY, FIELD), "villages");
    r = record();
    r.team_ids = teams;
    r.n_team_ids = INSPECTION_VISITED_MAX;
    OK(rules_inspection_record_problem(&r, TODAY, FIELD));
    r.n_team_ids = INSPECTION_VISITED_MAX + 1;
    REFUSED(rules_inspection_record_problem(&r, TODAY, FIELD), "team_ids");
    teams[0] = 0;
    r.n_team_ids = 1;
    REFUSED(rules_inspection_record_problem(&r, TODAY, FIELD), "team_ids");
    r = record();
    r.note = rules_chars(INSPECTION_NOTE_MAX > RULES_CHARS_MAX ? RULES_CHARS_MAX : 1);
    OK(rules_inspection_record_problem(&r, TODAY, FIELD));
    r.note = "\x01";
    REFUSED(rules_inspection_record_problem(&r, TODAY, FIELD), "note");
}

static Zhucun__FindingAdd finding(void)
{
    Zhucun__FindingAdd f = ZHUCUN__FINDING_ADD__INIT;
    f.inspection_id = 1;
    f.team_id = 2;
    f.fact = "驻村工作队员暗访当日不在岗";
    f.deadline = "2026-12-31";
    return f;
}

static void test_finding(void **state)
{
    (void)state;
    Zhucun__FindingAdd f = finding();
    OK(rules_finding_add_problem(&f, TODAY, FIELD));
    f.person_id = -1;
    REFUSED(rules_finding_add_problem(&f, TODAY, FIELD), "person_id");
    f = finding();
    f.village = "140929100201";
    OK(rules_finding_add_problem(&f, TODAY, FIELD));
    f.village = "140929100000";
    REFUSED(rules_finding_add_problem(&f, TODAY, FIELD), "village");
    f = finding();
    f.area = "living";
    OK(rules_finding_add_problem(&f, TODAY, FIELD));
    f.area = "nonsense";
    REFUSED(rules_finding_add_problem(&f, TODAY, FIELD), "area");
    f = finding();
    f.fact = "";
    REFUSED(rules_finding_add_problem(&f, TODAY, FIELD), "fact");
    f.fact = rules_chars(FINDING_FACT_MAX);
    OK(rules_finding_add_problem(&f, TODAY, FIELD));
    f.fact = "字\x01";
    REFUSED(rules_finding_add_problem(&f, TODAY, FIELD), "fact");
    f = finding();
    f.deadline = "2026-12-05";
    OK(rules_finding_add_problem(&f, TODAY, FIELD));
    f.deadline = "2026-12-04";
    REFUSED(rules_finding_add_problem(&f, TODAY, FIELD), "deadline");
    f.deadline = "2032-01-01";
    REFUSED(rules_finding_add_problem(&f, TODAY, FIELD), "deadline");
    f.deadline = "soon";
    REFUSED(rules_finding_add_problem(&f, TODAY, FIELD), "deadline");
    f = finding();
    f.deduction = FINDING_DEDUCTION_MAX;
    OK(rules_finding_add_problem(&f, TODAY, FIELD));
    f.deduction = FINDING_DEDUCTION_MAX + 1;
    REFUSED(rules_finding_add_problem(&f, TODAY, FIELD), "deduction");
    f = finding();
    uint8_t sha[32] = {1};
    ProtobufCBinaryData ev[1] = {{32, sha}};
    f.evidence = ev;
    f.n_evidence = 1;
    OK(rules_finding_add_problem(&f, TODAY, FIELD));
    ev[0].len = 31;
    REFUSED(rules_finding_add_problem(&f, TODAY, FIELD), "evidence");
}

static void test_lists(void **state)
{
    (void)state;
    Zhucun__InspectionList l = ZHUCUN__INSPECTION_LIST__INIT;
    OK(rules_inspection_list_problem(&l, FIELD));
    l.org_code = "140929100000";
    REFUSED(rules_inspection_list_problem(&l, FIELD), "org_code");
    l.org_code = "140929000000";
    l.from = "2026-01-01";
    l.to = "2026-12-31";
    OK(rules_inspection_list_problem(&l, FIELD));
    l.from = "2026-1-1x";
    REFUSED(rules_inspection_list_problem(&l, FIELD), "from");
    l.from = "";
    l.to = "x";
    REFUSED(rules_inspection_list_problem(&l, FIELD), "to");
    l.to = "";
    l.limit = INSPECT_LIST_MAX;
    OK(rules_inspection_list_problem(&l, FIELD));
    l.limit = INSPECT_LIST_MAX + 1;
    REFUSED(rules_inspection_list_problem(&l, FIELD), "limit");
    assert_int_equal(rules_inspect_limit(0), INSPECT_LIST_DEFAULT);
    assert_int_equal(rules_inspect_limit(5), 5);
    assert_int_equal(rules_inspect_limit(INSPECT_LIST_MAX + 1), INSPECT_LIST_MAX);

    Zhucun__CircularList c = ZHUCUN__CIRCULAR_LIST__INIT;
    OK(rules_circular_list_problem(&c, FIELD));
    c.kind = "inspection";
    OK(rules_circular_list_problem(&c, FIELD));
    c.kind = "assessment";
    OK(rules_circular_list_problem(&c, FIELD));
    c.kind = "stars";
    REFUSED(rules_circular_list_problem(&c, FIELD), "kind");
    c.kind = "";
    c.limit = INSPECT_LIST_MAX + 1;
    REFUSED(rules_circular_list_problem(&c, FIELD), "limit");
}

static Zhucun__CircularIssue issue(void)
{
    Zhucun__CircularIssue c = ZHUCUN__CIRCULAR_ISSUE__INIT;
    c.inspection_id = 1;
    c.doc_number = "晋驻办通〔2026〕12号";
    c.title = "关于2026年11月暗访情况的通报";
    c.body = "各市、县驻村办：\n现将暗访情况通报如下。";
    c.issued_on = "2026-12-05";
    return c;
}

static void test_circular_issue(void **state)
{
    (void)state;
    Zhucun__CircularIssue c = issue();
    OK(rules_circular_issue_problem(&c, TODAY, FIELD));
    c.doc_number = "";
    REFUSED(rules_circular_issue_problem(&c, TODAY, FIELD), "doc_number");
    c.doc_number = rules_chars(CIRCULAR_DOC_NUMBER_MAX);
    OK(rules_circular_issue_problem(&c, TODAY, FIELD));
    c.doc_number = rules_chars(CIRCULAR_DOC_NUMBER_MAX + 1);
    REFUSED(rules_circular_issue_problem(&c, TODAY, FIELD), "doc_number");
    c.doc_number = "12\n号";
    REFUSED(rules_circular_issue_problem(&c, TODAY, FIELD), "doc_number");
    c = issue();
    c.title = rules_chars(CIRCULAR_TITLE_MAX);
    OK(rules_circular_issue_problem(&c, TODAY, FIELD));
    c.title = rules_chars(CIRCULAR_TITLE_MAX + 1);
    REFUSED(rules_circular_issue_problem(&c, TODAY, FIELD), "title");
    c.title = "";
    REFUSED(rules_circular_issue_problem(&c, TODAY, FIELD), "title");
    c = issue();
    c.body = "";
    REFUSED(rules_circular_issue_problem(&c, TODAY, FIELD), "body");
    c.body = rules_chars(RULES_CHARS_MAX);
    OK(rules_circular_issue_problem(&c, TODAY, FIELD));
    c = issue();
    c.issued_on = "2026-12-06";
    REFUSED(rules_circular_issue_problem(&c, TODAY, FIELD), "issued_on");
    c.issued_on = "";
    REFUSED(rules_circular_issue_problem(&c, TODAY, FIELD), "issued_on");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record),
        cmocka_unit_test(test_finding),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_circular_issue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
