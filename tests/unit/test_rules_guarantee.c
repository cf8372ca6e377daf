/* test_rules_guarantee.c -- the compulsory school age and the checks of the guarantee, water and
 * labour records (common/rules/guarantee.c): every field refused with its name, every limit
 * at and past its edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/date.h"
#include "common/rules/guarantee.h"

static int day(const char *s)
{
    int ok;
    int d = rules_date_days(s, &ok);
    assert_true(ok);
    return d;
}

static int compulsory(const char *birth, const char *on)
{
    return rules_compulsory_school_age(day(birth), day(on));
}

static void test_compulsory_school_age(void **state)
{
    (void)state;
    /* six on 31 August starts that September; born on 1 September waits a year */
    assert_false(compulsory("2020-08-31", "2026-08-31"));
    assert_true(compulsory("2020-08-31", "2026-09-01"));
    assert_false(compulsory("2020-09-01", "2026-09-01"));
    assert_true(compulsory("2020-09-01", "2027-09-01"));
    /* nine school years: the ninth ends on 31 August */
    assert_true(compulsory("2010-08-31", "2025-08-31"));
    assert_false(compulsory("2010-08-31", "2025-09-01"));
    assert_true(compulsory("2010-09-01", "2026-08-31"));
    assert_false(compulsory("2010-09-01", "2026-09-01"));
    /* in between, and far from it */
    assert_true(compulsory("2016-03-15", "2026-12-05"));
    assert_false(compulsory("1980-01-01", "2026-12-05"));
    assert_false(compulsory("2024-05-01", "2026-12-05"));
    assert_int_equal(COMPULSORY_SCHOOL_YEARS, 9);
}

static void test_area(void **state)
{
    (void)state;
    assert_string_equal(rules_guarantee_area("schooling"), "education");
    assert_string_equal(rules_guarantee_area("insurance"), "medical");
    assert_string_equal(rules_guarantee_area("hospital"), "medical");
    assert_string_equal(rules_guarantee_area("housing"), "housing");
    assert_string_equal(rules_guarantee_area("water"), "water");
    assert_null(rules_guarantee_area("school"));
    assert_null(rules_guarantee_area(""));
}

static int today;

/* buf filled with n copies of piece (a limit's worth of characters); buf returned. */
static char *repeat(char *buf, const char *piece, int n)
{
    buf[0] = '\0';
    for (int i = 0; i < n; i++)
        strcat(buf, piece);
    return buf;
}

/* The field the record body is refused for, or NULL when it passes. */
static const char *record_field(const Zhucun__GuaranteeRecord *in)
{
    const char *field = NULL;
    const char *problem = rules_guarantee_record_problem(in, today, &field);
    if (problem == NULL)
        return NULL;
    assert_non_null(field);
    assert_true(problem[0] != '\0');
    return field;
}

static void test_record(void **state)
{
    (void)state;
    char place[4 * GUARANTEE_PLACE_MAX + 8];
    Zhucun__GuaranteeRecord r = ZHUCUN__GUARANTEE_RECORD__INIT;
    r.household_id = 7;
    r.member_id = 8;
    r.kind = "schooling";
    r.on_date = "2026-12-04";
    r.status = "enrolled";
    assert_null(record_field(&r));
    r.kind = "school";
    assert_string_equal(record_field(&r), "kind");
    r.kind = "schooling";
    r.member_id = 0;
    assert_string_equal(record_field(&r), "member_id");
    r.member_id = 8;
    r.on_date = "2026-12-06"; /* tomorrow */
    assert_string_equal(record_field(&r), "on_date");
    r.on_date = "2026-12-05"; /* today */
    assert_null(record_field(&r));
    r.on_date = "2026-02-30";
    assert_string_equal(record_field(&r), "on_date");
    r.on_date = "2026-12-04";
    r.status = "absent";
    assert_string_equal(record_field(&r), "status");
    r.status = "transferred";
    assert_string_equal(record_field(&r), "place");
    r.place = "第二小学";
    assert_null(record_field(&r));
    /* the place at its limit of characters (three bytes each), and one past */
    r.place = repeat(place, "校", GUARANTEE_PLACE_MAX);
    assert_null(record_field(&r));
    strcat(place, "校");
    assert_string_equal(record_field(&r), "place");
    r.place = "";
    r.status = "home_schooling";
    assert_null(record_field(&r));
    /* insurance: the chronic-illness coverage */
    r.kind = "insurance";
    r.status = "not_enrolled";
    assert_string_equal(record_field(&r), "chronic");
    r.chronic = "not_covered";
    assert_null(record_field(&r));
    /* hospital: a hospital, costs in range, own within the total */
    r.kind = "hospital";
    r.status = "pending";
    assert_string_equal(record_field(&r), "place");
    r.place = "县医院";
    r.cost_total_fen = GUARANTEE_COST_MAX_FEN;
    r.cost_own_fen = GUARANTEE_COST_MAX_FEN;
    assert_null(record_field(&r));
    r.cost_total_fen = GUARANTEE_COST_MAX_FEN + 1;
    assert_string_equal(record_field(&r), "cost_total_fen");
    r.cost_total_fen = -1;
    assert_string_equal(record_field(&r), "cost_total_fen");
    r.cost_total_fen = 1000;
    r.cost_own_fen = 1001;
    assert_string_equal(record_field(&r), "cost_own_fen");
    r.cost_own_fen = -1;
    assert_string_equal(record_field(&r), "cost_own_fen");
    /* housing: no member, a grade, a renovation state */
    r.kind = "housing";
    r.status = "C";
    r.renovation = "in_progress";
    assert_string_equal(record_field(&r), "member_id");
    r.member_id = 0;
    assert_null(record_field(&r));
    r.status = "E";
    assert_string_equal(record_field(&r), "status");
    r.status = "D";
    r.renovation = "done";
    assert_string_equal(record_field(&r), "renovation");
    r.renovation = "finished";
    /* water: a household's, or a village's (no household), not both */
    r.kind = "water";
    r.status = "broken_pipes";
    assert_null(record_field(&r));
    r.village_code = "140105001001";
    assert_string_equal(record_field(&r), "village_code");
    r.household_id = 0;
    assert_null(record_field(&r));
    r.village_code = "";
    assert_string_equal(record_field(&r), "household_id");
    r.kind = "housing";
    r.village_code = "140105001001";
    assert_string_equal(record_field(&r), "household_id");
    r.household_id = 7;
    r.village_code = "";
    r.kind = "water";
    r.status = "pipes";
    assert_string_equal(record_field(&r), "status");
    r.status = "quality";
    char note[4 * GUARANTEE_NOTE_MAX + 8];
    r.note = repeat(note, "注", GUARANTEE_NOTE_MAX);
    assert_null(record_field(&r));
    strcat(note, "x");
    assert_string_equal(record_field(&r), "note");
    r.note = "\xff";
    assert_string_equal(record_field(&r), "note");
}

static void test_resolve(void **state)
{
    (void)state;
    const char *field = NULL;
    Zhucun__GuaranteeResolve r = ZHUCUN__GUARANTEE_RESOLVE__INIT;
    r.id = 1;
    r.resolved_on = "2026-12-05";
    r.resolution = "修好";
    assert_null(rules_guarantee_resolve_problem(&r, today, &field));
    r.resolved_on = "2026-12-06";
    assert_non_null(rules_guarantee_resolve_problem(&r, today, &field));
    assert_string_equal(field, "resolved_on");
    r.resolved_on = "2026-12-05";
    r.resolution = "";
    assert_non_null(rules_guarantee_resolve_problem(&r, today, &field));
    assert_string_equal(field, "resolution");
    char how[4 * GUARANTEE_RESOLUTION_MAX + 8];
    r.resolution = repeat(how, "修", GUARANTEE_RESOLUTION_MAX);
    assert_null(rules_guarantee_resolve_problem(&r, today, &field));
    strcat(how, "x");
    assert_non_null(rules_guarantee_resolve_problem(&r, today, &field));
    assert_string_equal(field, "resolution");
}

static const char *labour_field(const Zhucun__LabourRecord *in)
{
    const char *field = NULL;
    return rules_labour_record_problem(in, today, &field) != NULL ? field : NULL;
}

static void test_labour(void **state)
{
    (void)state;
    Zhucun__LabourRecord l = ZHUCUN__LABOUR_RECORD__INIT;
    l.household_id = 1;
    l.member_id = 2;
    l.on_date = "2026-12-01";
    l.status = "out_of_province";
    l.subsidy = "paid";
    assert_null(labour_field(&l));
    l.on_date = "2026-12-06";
    assert_string_equal(labour_field(&l), "on_date");
    l.on_date = "2026-12-01";
    l.status = "abroad";
    assert_string_equal(labour_field(&l), "status");
    l.status = "local"; /* the transport subsidy is for work away */
    assert_string_equal(labour_field(&l), "subsidy");
    l.subsidy = "none";
    assert_null(labour_field(&l));
    l.status = "in_province";
    l.subsidy = "applied";
    assert_null(labour_field(&l));
    l.subsidy = "twice";
    assert_string_equal(labour_field(&l), "subsidy");
    l.subsidy = "none";
    char text[4 * LABOUR_TEXT_MAX + 8];
    l.work = repeat(text, "工", LABOUR_TEXT_MAX);
    assert_null(labour_field(&l));
    strcat(text, "x");
    assert_string_equal(labour_field(&l), "work");
    l.work = "";
    l.training = text;
    assert_string_equal(labour_field(&l), "training");
    l.training = "";
    l.place = text;
    assert_string_equal(labour_field(&l), "place");
    assert_int_equal(LABOUR_SUBSIDY_PAID_PER_YEAR, 1);
}

static void test_lists(void **state)
{
    (void)state;
    const char *field = NULL;
    Zhucun__GuaranteeList gl = ZHUCUN__GUARANTEE_LIST__INIT;
    assert_non_null(rules_guarantee_list_problem(&gl, &field));
    assert_string_equal(field, "household_id");
    gl.household_id = 3;
    assert_null(rules_guarantee_list_problem(&gl, &field));
    gl.village_code = "140105001001";
    assert_non_null(rules_guarantee_list_problem(&gl, &field)); /* both */
    gl.household_id = 0;
    assert_null(rules_guarantee_list_problem(&gl, &field));
    gl.village_code = "140105001000"; /* a township */
    assert_non_null(rules_guarantee_list_problem(&gl, &field));
    assert_string_equal(field, "village_code");

    Zhucun__GuaranteeGaps gg = ZHUCUN__GUARANTEE_GAPS__INIT;
    assert_null(rules_guarantee_gaps_problem(&gg, &field));
    gg.org_code = "1401";
    assert_non_null(rules_guarantee_gaps_problem(&gg, &field));
    assert_string_equal(field, "org_code");
    gg.org_code = "140105000000";
    gg.after = -1;
    assert_non_null(rules_guarantee_gaps_problem(&gg, &field));
    assert_string_equal(field, "after");

    Zhucun__LabourList ll = ZHUCUN__LABOUR_LIST__INIT;
    assert_null(rules_labour_list_problem(&ll, today, &field));
    ll.household_id = 1;
    ll.org_code = "140105000000";
    assert_non_null(rules_labour_list_problem(&ll, today, &field));
    assert_string_equal(field, "org_code");
    ll.household_id = 0;
    ll.year = LABOUR_FIRST_YEAR;
    assert_null(rules_labour_list_problem(&ll, today, &field));
    ll.year = LABOUR_FIRST_YEAR - 1;
    assert_non_null(rules_labour_list_problem(&ll, today, &field));
    assert_string_equal(field, "year");
    ll.year = 2026;
    assert_null(rules_labour_list_problem(&ll, today, &field));
    ll.year = 2027; /* next year */
    assert_non_null(rules_labour_list_problem(&ll, today, &field));
    assert_string_equal(field, "year");
}

int main(void)
{
    today = day("2026-12-05");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compulsory_school_age),
        cmocka_unit_test(test_area),
        cmocka_unit_test(test_record),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_labour),
        cmocka_unit_test(test_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
