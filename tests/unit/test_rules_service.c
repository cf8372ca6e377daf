/* test_rules_service.c -- the checks of the service calls (common/rules/service.c): every field
 * refused with its name, each category's subkinds, money and its limits at and past the edge,
 * the checks that need the case's category only when it is known. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/date.h"
#include "common/rules/service.h"

static int today;
static uint8_t hash[32];

static int setup(void **state)
{
    (void)state;
    int ok;
    today = rules_date_days("2026-12-05", &ok);
    assert_true(ok);
    return 0;
}

/* The field a create body is refused on, "" when it is accepted. */
static const char *create_field(const char *category, const char *subkind, const char *opened,
                                const char *summary)
{
    Zhucun__ServiceCaseCreate in = ZHUCUN__SERVICE_CASE_CREATE__INIT;
    in.household_id = 1;
    in.category = (char *)category;
    in.subkind = (char *)subkind;
    in.opened_on = (char *)opened;
    in.summary = (char *)summary;
    const char *field = "";
    const char *problem = rules_service_create_problem(&in, today, &field);
    assert_true((problem == NULL) == (field[0] == '\0'));
    return field;
}

static void test_create(void **state)
{
    (void)state;
    assert_string_equal(create_field("medical_reimbursement", "", "2026-12-05", "住院报销"), "");
    assert_string_equal(create_field("dispute", "neighbour", "2026-12-01", "宅基地边界"), "");
    assert_string_equal(create_field("rights", "dibao", "2026-12-01", "低保申请"), "");
    assert_string_equal(create_field("loan", "", "2026-12-01", "x"), "category");
    assert_string_equal(create_field("", "", "2026-12-01", "x"), "category");
    /* a dispute and a rights case need their kind; nothing else has one */
    assert_string_equal(create_field("dispute", "", "2026-12-01", "x"), "subkind");
    assert_string_equal(create_field("dispute", "dibao", "2026-12-01", "x"), "subkind");
    assert_string_equal(create_field("rights", "family", "2026-12-01", "x"), "subkind");
    assert_string_equal(create_field("orphan", "family", "2026-12-01", "x"), "subkind");
    /* the date: real, not in the future by the pinned day */
    assert_string_equal(create_field("orphan", "", "2026-12-06", "x"), "opened_on");
    assert_string_equal(create_field("orphan", "", "2026-02-30", "x"), "opened_on");
    assert_string_equal(create_field("orphan", "", "", "x"), "opened_on");
    /* the summary: 1 to SERVICE_TEXT_MAX characters */
    assert_string_equal(create_field("orphan", "", "2026-12-01", ""), "summary");
    char text[3 * SERVICE_TEXT_MAX + 4];
    text[0] = '\0';
    for (int i = 0; i < SERVICE_TEXT_MAX; i++)
        strcat(text, "事");
    assert_string_equal(create_field("orphan", "", "2026-12-01", text), "");
    strcat(text, "x");
    assert_string_equal(create_field("orphan", "", "2026-12-01", text), "summary");
    /* evidence: 32 bytes each, at most SERVICE_EVIDENCE_MAX */
    Zhucun__ServiceCaseCreate in = ZHUCUN__SERVICE_CASE_CREATE__INIT;
    in.household_id = 1;
    in.category = "orphan";
    in.opened_on = "2026-12-01";
    in.summary = "x";
    ProtobufCBinaryData ev[SERVICE_EVIDENCE_MAX + 1];
    for (int i = 0; i <= SERVICE_EVIDENCE_MAX; i++)
        ev[i] = (ProtobufCBinaryData){32, hash};
    in.evidence = ev;
    in.n_evidence = SERVICE_EVIDENCE_MAX;
    const char *field = NULL;
    assert_null(rules_service_create_problem(&in, today, &field));
    in.n_evidence = SERVICE_EVIDENCE_MAX + 1;
    assert_non_null(rules_service_create_problem(&in, today, &field));
    assert_string_equal(field, "evidence");
    in.n_evidence = 1;
    ev[0].len = 31;
    assert_non_null(rules_service_create_problem(&in, today, &field));
    assert_string_equal(field, "evidence");
    ev[0].len = 32;
    in.follows_id = -1;
    assert_non_null(rules_service_create_problem(&in, today, &field));
    assert_string_equal(field, "follows_id");
}

static const char *step_field(const char *step, const char *category, const char *on)
{
    Zhucun__ServiceCaseStep in = ZHUCUN__SERVICE_CASE_STEP__INIT;
    in.case_id = 1;
    in.step = (char *)step;
    in.on_date = (char *)on;
    in.note = "联系县医院";
    const char *field = "";
    rules_service_step_problem(&in, category, today, &field);
    return field;
}

static void test_step(void **state)
{
    (void)state;
    assert_string_equal(step_field("progress", "orphan", "2026-12-05"), "");
    assert_string_equal(step_field("admission", "serious_illness", "2026-12-05"), "");
    assert_string_equal(step_field("admission", NULL, "2026-12-05"), "");
    /* the hospital steps are a serious illness's only, once the category is known */
    assert_string_equal(step_field("admission", "orphan", "2026-12-05"), "step");
    assert_string_equal(step_field("discharge", NULL, "2026-12-05"), "step");
    assert_string_equal(step_field("progress", "orphan", "2026-12-06"), "on_date");
}

static const char *close_field(const char *category, const char *mediation, long long fen)
{
    Zhucun__ServiceCaseClose in = ZHUCUN__SERVICE_CASE_CLOSE__INIT;
    in.case_id = 1;
    in.closed_on = "2026-12-05";
    in.outcome = "已办结";
    in.mediation = (char *)mediation;
    in.amount_fen = fen;
    const char *field = "";
    rules_service_close_problem(&in, category, today, &field);
    return field;
}

static void test_close(void **state)
{
    (void)state;
    assert_string_equal(close_field("dispute", "mediated", 0), "");
    assert_string_equal(close_field("dispute", "", 0), "mediation");
    assert_string_equal(close_field("dispute", "agreed", 0), "mediation");
    assert_string_equal(close_field("orphan", "mediated", 0), "mediation");
    /* without the category, only what the body says alone */
    assert_string_equal(close_field(NULL, "", 0), "");
    assert_string_equal(close_field(NULL, "agreed", 0), "mediation");
    assert_string_equal(close_field(NULL, "", -1), "amount_fen");
    /* money only where the category carries it, each to its limit */
    assert_string_equal(close_field("orphan", "", 1), "amount_fen");
    for (size_t i = 0; i < service_ncategories; i++) {
        const struct service_category *c = &service_categories[i];
        if (c->money_max_fen == 0 || strcmp(c->code, "dispute") == 0)
            continue;
        assert_string_equal(close_field(c->code, "", c->money_max_fen), "");
        assert_string_equal(close_field(c->code, "", c->money_max_fen + 1), "amount_fen");
    }
    assert_int_equal(rules_service_category("micro_credit")->money_max_fen, 5000000);
    assert_int_equal(rules_service_category("student_loan")->money_max_fen, 2500000);
    assert_int_equal(rules_service_category("insurance_topup")->money_max_fen, 1000000);
    assert_int_equal(rules_service_category("relief_payment")->money_max_fen, 2000000);
    Zhucun__ServiceCaseClose in = ZHUCUN__SERVICE_CASE_CLOSE__INIT;
    in.case_id = 1;
    in.closed_on = "2026-12-05";
    in.outcome = "";
    in.mediation = "";
    const char *field = NULL;
    assert_non_null(rules_service_close_problem(&in, "orphan", today, &field));
    assert_string_equal(field, "outcome");
}

static void test_lists(void **state)
{
    (void)state;
    Zhucun__ServiceCaseList l = ZHUCUN__SERVICE_CASE_LIST__INIT;
    const char *field = NULL;
    assert_null(rules_service_list_problem(&l, today, &field));
    l.household_id = 3;
    l.org_code = "140105001001";
    assert_non_null(rules_service_list_problem(&l, today, &field));
    assert_string_equal(field, "org_code");
    l.household_id = 0;
    l.org_code = "1401";
    assert_non_null(rules_service_list_problem(&l, today, &field));
    assert_string_equal(field, "org_code");
    l.org_code = "";
    l.category = "x";
    assert_non_null(rules_service_list_problem(&l, today, &field));
    assert_string_equal(field, "category");
    l.category = "";
    l.year = SERVICE_FIRST_YEAR - 1;
    assert_non_null(rules_service_list_problem(&l, today, &field));
    assert_string_equal(field, "year");
    l.year = 2027;
    assert_non_null(rules_service_list_problem(&l, today, &field));
    l.year = 2026;
    assert_null(rules_service_list_problem(&l, today, &field));

    Zhucun__ServiceReport r = ZHUCUN__SERVICE_REPORT__INIT;
    r.by = "village";
    assert_null(rules_service_report_problem(&r, today, &field));
    r.by = "team";
    assert_non_null(rules_service_report_problem(&r, today, &field));
    assert_string_equal(field, "by");
    r.by = "unit";
    assert_non_null(rules_service_report_problem(&r, today, &field));
    assert_string_equal(field, "org_code");
    r.org_code = "140105001001";
    assert_non_null(rules_service_report_problem(&r, today, &field));
    assert_string_equal(field, "org_code");
    r.org_code = "140105000000";
    assert_null(rules_service_report_problem(&r, today, &field));
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(service_ncategories, 15);
    assert_string_equal(rules_service_category("wedding_funeral")->name, "红白事");
    assert_null(rules_service_category("weddings"));
    assert_string_equal(rules_service_subkind_name("dispute", "petition"), "信访");
    assert_string_equal(rules_service_subkind_name("rights", "wubao"), "五保");
    assert_string_equal(rules_service_subkind_name("orphan", "wubao"), "");
    assert_string_equal(rules_service_step_name("admission"), "入院");
    assert_string_equal(rules_service_mediation_name("referred"), "移交处理");
    assert_string_equal(rules_service_mediation_name(""), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create), cmocka_unit_test(test_step),  cmocka_unit_test(test_close),
        cmocka_unit_test(test_lists),  cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
