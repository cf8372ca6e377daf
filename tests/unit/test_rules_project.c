/* test_rules_project.c -- the checks of the project calls (common/rules/project.c): every field
 * refused with its name, each limit at and past its edge, funds adding up, the transition's
 * reason and new budget, the library's filters, the board's unit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/date.h"
#include "common/rules/project.h"

static int today;
static uint8_t hash[32];
static char *villages[PROJECT_VILLAGES_MAX + 1];
static char codes[PROJECT_VILLAGES_MAX + 1][13];
static int64_t households[PROJECT_BENEFICIARIES_MAX + 1];
static Zhucun__ProjectFund fund_a, fund_b, *funds[2] = {&fund_a, &fund_b};
static ProtobufCBinaryData evidence[PROJECT_EVIDENCE_MAX + 1];

static int setup(void **state)
{
    (void)state;
    int ok;
    today = rules_date_days("2026-12-05", &ok);
    assert_true(ok);
    for (int i = 0; i <= PROJECT_VILLAGES_MAX; i++) {
        snprintf(codes[i], sizeof(codes[i]), "140105001%03d", i + 1);
        villages[i] = codes[i];
    }
    for (int i = 0; i <= PROJECT_BENEFICIARIES_MAX; i++)
        households[i] = i + 1;
    for (int i = 0; i <= PROJECT_EVIDENCE_MAX; i++) {
        evidence[i].len = 32;
        evidence[i].data = hash;
    }
    return 0;
}

/* A valid body: two villages, 300,000 yuan as 200,000 linkage + 100,000 county. */
static void valid(Zhucun__ProjectCreate *in)
{
    zhucun__project_create__init(in);
    in->village_codes = villages;
    in->n_village_codes = 2;
    in->kind = "industry";
    in->name = "光伏电站";
    in->year = 2026;
    in->budget_fen = 30000000;
    zhucun__project_fund__init(&fund_a);
    zhucun__project_fund__init(&fund_b);
    fund_a.source = "linkage";
    fund_a.amount_fen = 20000000;
    fund_b.source = "county";
    fund_b.amount_fen = 10000000;
    in->funds = funds;
    in->n_funds = 2;
    in->responsible = "县发改局";
    in->planned_start = "2026-03-01";
    in->planned_end = "2026-10-31";
    in->expected_households = 30;
    in->expected_alleviated = 10;
    in->expected_monitored = 2;
    in->description = "";
}

static const char *field_of(const Zhucun__ProjectCreate *in)
{
    const char *field = "";
    const char *problem = rules_project_details_problem(in, today, &field);
    assert_true((problem == NULL) == (field[0] == '\0'));
    return field;
}

static void test_details(void **state)
{
    (void)state;
    Zhucun__ProjectCreate in;
    valid(&in);
    assert_string_equal(field_of(&in), "");
    /* villages: 1..PROJECT_VILLAGES_MAX, distinct, village codes */
    in.n_village_codes = PROJECT_VILLAGES_MAX;
    assert_string_equal(field_of(&in), "");
    in.n_village_codes = PROJECT_VILLAGES_MAX + 1;
    assert_string_equal(field_of(&in), "village_codes");
    in.n_village_codes = 0;
    assert_string_equal(field_of(&in), "village_codes");
    valid(&in);
    char *dup[] = {codes[0], codes[0]};
    in.village_codes = dup;
    assert_string_equal(field_of(&in), "village_codes");
    char *town[] = {"140105001000"};
    in.village_codes = town;
    in.n_village_codes = 1;
    assert_string_equal(field_of(&in), "village_codes");
    valid(&in);
    in.kind = "bridges";
    assert_string_equal(field_of(&in), "kind");
    valid(&in);
    in.name = "";
    assert_string_equal(field_of(&in), "name");
    char name[3 * (PROJECT_NAME_MAX + 1) + 1] = "";
    for (int i = 0; i < PROJECT_NAME_MAX; i++)
        strcat(name, "项");
    in.name = name;
    assert_string_equal(field_of(&in), "");
    strcat(name, "项");
    assert_string_equal(field_of(&in), "name");
    /* the year: 2013 to next year */
    valid(&in);
    in.year = 2012;
    assert_string_equal(field_of(&in), "year");
    in.year = 2013;
    assert_string_equal(field_of(&in), "");
    in.year = 2027;
    assert_string_equal(field_of(&in), "");
    in.year = 2028;
    assert_string_equal(field_of(&in), "year");
}

static void test_budget_and_funds(void **state)
{
    (void)state;
    Zhucun__ProjectCreate in;
    valid(&in);
    fund_b.amount_fen -= 1;
    assert_string_equal(field_of(&in), "funds");
    valid(&in);
    fund_b.source = "lottery";
    assert_string_equal(field_of(&in), "funds");
    valid(&in);
    fund_b.source = "linkage";
    assert_string_equal(field_of(&in), "funds");
    valid(&in);
    in.n_funds = 0;
    assert_string_equal(field_of(&in), "funds");
    valid(&in);
    in.budget_fen = 0;
    assert_string_equal(field_of(&in), "budget_fen");
    in.budget_fen = PROJECT_BUDGET_MAX_FEN;
    in.n_funds = 1;
    fund_a.amount_fen = PROJECT_BUDGET_MAX_FEN;
    assert_string_equal(field_of(&in), "");
    in.budget_fen = PROJECT_BUDGET_MAX_FEN + 1;
    fund_a.amount_fen = PROJECT_BUDGET_MAX_FEN + 1;
    assert_string_equal(field_of(&in), "budget_fen");
}

static void test_dates_people_texts(void **state)
{
    (void)state;
    Zhucun__ProjectCreate in;
    valid(&in);
    in.planned_end = "2026-02-28";
    assert_string_equal(field_of(&in), "planned_end");
    in.planned_end = "2026-02-30";
    assert_string_equal(field_of(&in), "planned_end");
    in.planned_start = "March";
    assert_string_equal(field_of(&in), "planned_start");
    valid(&in);
    in.planned_end = "2036-03-01"; /* ten years and a day: 3653 days */
    assert_string_equal(field_of(&in), "");
    in.planned_end = "2036-03-02";
    assert_string_equal(field_of(&in), "planned_end");
    valid(&in);
    in.responsible = "";
    assert_string_equal(field_of(&in), "responsible");
    valid(&in);
    in.expected_alleviated = 29;
    assert_string_equal(field_of(&in), "expected_households");
    valid(&in);
    in.expected_households = PROJECT_BENEFICIARIES_MAX;
    in.beneficiaries = households;
    in.n_beneficiaries = PROJECT_BENEFICIARIES_MAX;
    assert_string_equal(field_of(&in), "");
    in.expected_households = PROJECT_BENEFICIARIES_MAX + 1;
    in.n_beneficiaries = PROJECT_BENEFICIARIES_MAX + 1;
    assert_string_equal(field_of(&in), "beneficiaries");
    in.n_beneficiaries = 31; /* more named than expected */
    in.expected_households = 30;
    assert_string_equal(field_of(&in), "beneficiaries");
    valid(&in);
    int64_t twice[] = {5, 5};
    in.beneficiaries = twice;
    in.n_beneficiaries = 2;
    assert_string_equal(field_of(&in), "beneficiaries");
    valid(&in);
    static char text[PROJECT_DESCRIPTION_MAX + 2];
    memset(text, 'x', PROJECT_DESCRIPTION_MAX);
    in.description = text;
    assert_string_equal(field_of(&in), "");
    text[PROJECT_DESCRIPTION_MAX] = 'x';
    assert_string_equal(field_of(&in), "description");
    valid(&in);
    in.evidence = evidence;
    in.n_evidence = PROJECT_EVIDENCE_MAX;
    assert_string_equal(field_of(&in), "");
    in.n_evidence = PROJECT_EVIDENCE_MAX + 1;
    assert_string_equal(field_of(&in), "evidence");
    /* ProjectUpdate: the same checks over its details, which it must have */
    Zhucun__ProjectUpdate up = ZHUCUN__PROJECT_UPDATE__INIT;
    const char *field = "";
    assert_non_null(rules_project_update_problem(&up, today, &field));
    assert_string_equal(field, "details");
    valid(&in);
    up.details = &in;
    assert_null(rules_project_update_problem(&up, today, &field));
}

static const char *transition_field(const char *to, const char *reason, long long budget,
                                    size_t nfunds)
{
    Zhucun__ProjectTransition in = ZHUCUN__PROJECT_TRANSITION__INIT;
    in.project_id = 1;
    in.status = (char *)to;
    in.reason = (char *)reason;
    in.budget_fen = budget;
    zhucun__project_fund__init(&fund_a);
    fund_a.source = "county";
    fund_a.amount_fen = 100;
    in.funds = funds;
    in.n_funds = nfunds;
    const char *field = "";
    const char *problem = rules_project_transition_problem(&in, &field);
    assert_true((problem == NULL) == (field[0] == '\0'));
    return field;
}

static void test_transition(void **state)
{
    (void)state;
    assert_string_equal(transition_field("applied", "", 0, 0), "");
    assert_string_equal(transition_field("planned", "", 0, 0), "status");
    assert_string_equal(transition_field("done", "", 0, 0), "status");
    assert_string_equal(transition_field("cancelled", "", 0, 0), "reason");
    assert_string_equal(transition_field("rejected", "不符合条件", 0, 0), "");
    assert_string_equal(transition_field("rejected", "不符合条件", 100, 1), "budget_fen");
    assert_string_equal(transition_field("construction", "", 100, 1), "");
    assert_string_equal(transition_field("construction", "", 101, 1), "funds");
    assert_string_equal(transition_field("construction", "", 100, 0), "funds");
    char reason[PROJECT_REASON_MAX + 2];
    memset(reason, 'r', PROJECT_REASON_MAX + 1);
    reason[PROJECT_REASON_MAX + 1] = '\0';
    assert_string_equal(transition_field("cancelled", reason, 0, 0), "reason");
    reason[PROJECT_REASON_MAX] = '\0';
    assert_string_equal(transition_field("cancelled", reason, 0, 0), "");
}

static void test_list_board(void **state)
{
    (void)state;
    Zhucun__ProjectList in = ZHUCUN__PROJECT_LIST__INIT;
    const char *field = "";
    assert_null(rules_project_list_problem(&in, &field));
    in.org_code = "1401";
    assert_non_null(rules_project_list_problem(&in, &field));
    assert_string_equal(field, "org_code");
    in.org_code = "140105000000";
    in.status = "built";
    assert_non_null(rules_project_list_problem(&in, &field));
    assert_string_equal(field, "status");
    in.status = "library";
    in.year_from = 2020;
    in.year_to = 2019;
    assert_non_null(rules_project_list_problem(&in, &field));
    assert_string_equal(field, "year_to");
    in.year_to = 2020;
    in.sort = "random";
    assert_non_null(rules_project_list_problem(&in, &field));
    assert_string_equal(field, "sort");
    in.sort = "budget";
    in.limit = PROJECT_LIST_MAX;
    assert_null(rules_project_list_problem(&in, &field));
    in.limit = PROJECT_LIST_MAX + 1;
    assert_non_null(rules_project_list_problem(&in, &field));
    assert_string_equal(field, "limit");
    Zhucun__ProjectBoard b = ZHUCUN__PROJECT_BOARD__INIT;
    assert_null(rules_project_board_problem(&b, &field));
    b.org_code = "140105001000";
    assert_null(rules_project_board_problem(&b, &field));
    b.org_code = "140105001001"; /* a village: its own row */
    assert_null(rules_project_board_problem(&b, &field));
    b.org_code = "14010500100";
    assert_non_null(rules_project_board_problem(&b, &field));
    assert_string_equal(field, "org_code");
    assert_string_equal(rules_project_status_name("library"), "入库");
    assert_string_equal(rules_project_kind_name("none"), "");
}

static void test_fund_parse(void **state)
{
    (void)state;
    char source[32];
    long long fen = 0;
    assert_null(rules_project_fund_parse(" linkage=300000", source, sizeof(source), &fen));
    assert_string_equal(source, "linkage");
    assert_int_equal(fen, 30000000);
    assert_null(rules_project_fund_parse("county=12.5", source, sizeof(source), &fen));
    assert_int_equal(fen, 1250);
    assert_non_null(rules_project_fund_parse("linkage", source, sizeof(source), &fen));
    assert_non_null(rules_project_fund_parse("=5", source, sizeof(source), &fen));
    assert_non_null(rules_project_fund_parse("linkage=", source, sizeof(source), &fen));
    assert_non_null(rules_project_fund_parse("linkage=0", source, sizeof(source), &fen));
    assert_non_null(rules_project_fund_parse("linkage=5x", source, sizeof(source), &fen));
    assert_non_null(rules_project_fund_parse("linkage=2000000000", source, sizeof(source), &fen));
    assert_non_null(rules_project_fund_parse("linkage=5", source, 4, &fen));
    /* the counts the clients size their arrays by */
    int n = 0;
    while (project_sources[n] != NULL)
        n++;
    assert_int_equal(n, PROJECT_NSOURCES);
    for (n = 0; project_kinds[n] != NULL;)
        n++;
    assert_int_equal(n, PROJECT_NKINDS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_details),
        cmocka_unit_test(test_budget_and_funds),
        cmocka_unit_test(test_dates_people_texts),
        cmocka_unit_test(test_transition),
        cmocka_unit_test(test_list_board),
        cmocka_unit_test(test_fund_parse),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
