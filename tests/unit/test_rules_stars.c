/* test_rules_stars.c -- the checks of the stars and points calls (common/rules/stars.c): the
 * clamp (stars never leave 0–5, whatever the deltas), the periods, every field refused with its
 * name, every limit at and past its edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules_check.h"

#include "common/rules/date.h"
#include "common/rules/stars.h"

static int today;

static void test_clamp(void **state)
{
    (void)state;
    assert_int_equal(rules_stars_clamp(-3), 0);
    assert_int_equal(rules_stars_clamp(0), 0);
    assert_int_equal(rules_stars_clamp(3), 3);
    assert_int_equal(rules_stars_clamp(5), 5);
    assert_int_equal(rules_stars_clamp(6), 5);
    int up[] = {1, 1, 1};
    int down[] = {-2, -2, -2};
    int mixed[] = {-5, 2};
    assert_int_equal(rules_stars_rating(3, up, 3), 5);    /* 6 */
    assert_int_equal(rules_stars_rating(3, down, 3), 0);  /* -3 */
    assert_int_equal(rules_stars_rating(5, mixed, 2), 2); /* the sum, then the clamp */
    int other[] = {2, -5};
    assert_int_equal(rules_stars_rating(5, other, 2), 2); /* in any order */
    int back[] = {-2, 1};
    assert_int_equal(rules_stars_rating(0, back, 2), 0); /* -1 */
    assert_int_equal(rules_stars_rating(9, NULL, 0), 5);
    /* every base and every run of deltas of -5..5 stays within 0..5 */
    for (int base = -2; base <= 7; base++)
        for (int a = -5; a <= 5; a++)
            for (int b = -5; b <= 5; b++) {
                int d[] = {a, b};
                int s = rules_stars_rating(base, d, 2);
                assert_true(s >= STARS_MIN && s <= STARS_MAX);
            }
}

static void test_periods(void **state)
{
    (void)state;
    char first[11], last[11];
    assert_null(rules_stars_period("2025H2", 'h', today, first, last));
    assert_string_equal(first, "2025-07-01");
    assert_string_equal(last, "2025-12-31");
    assert_null(rules_stars_period("2026H1", 'h', today, first, last));
    assert_string_equal(first, "2026-01-01");
    assert_string_equal(last, "2026-06-30");
    assert_null(rules_stars_period("2026Q2", 'q', today, first, last));
    assert_string_equal(first, "2026-04-01");
    assert_string_equal(last, "2026-06-30");
    assert_null(rules_stars_period("2025Q4", 'p', today, first, last));
    assert_string_equal(last, "2025-12-31");
    assert_null(rules_stars_period("2025", 'p', today, first, last));
    assert_string_equal(first, "2025-01-01");
    assert_string_equal(last, "2025-12-31");
    assert_non_null(rules_stars_period("2026H3", 'h', today, first, last));
    assert_non_null(rules_stars_period("2026Q1", 'h', today, first, last));
    assert_non_null(rules_stars_period("2026H1", 'q', today, first, last));
    assert_non_null(rules_stars_period("2026Q5", 'q', today, first, last));
    assert_non_null(rules_stars_period("2026", 'q', today, first, last));
    assert_non_null(rules_stars_period("", 'p', today, first, last));
    assert_non_null(rules_stars_period("2012H1", 'h', today, first, last)); /* before 2013 */
    assert_non_null(rules_stars_period("2026H2", 'h', today, first, last)); /* not begun */
    assert_non_null(rules_stars_period("2027Q1", 'q', today, first, last));
    /* the period that holds a day, and it is one rules_stars_period takes */
    char p[8];
    assert_string_equal(rules_stars_period_of(today, 'h', p), "2026H1");
    assert_string_equal(rules_stars_period_of(today, 'q', p), "2026Q2");
    assert_string_equal(rules_stars_period_of(rules_days_from_civil(2025, 7, 1), 'h', p), "2025H2");
    assert_string_equal(rules_stars_period_of(rules_days_from_civil(2025, 12, 31), 'q', p),
                        "2025Q4");
    assert_string_equal(rules_stars_period_of(rules_days_from_civil(2025, 3, 31), 'q', p),
                        "2025Q1");
    assert_null(rules_stars_period(rules_stars_period_of(today, 'q', p), 'q', today, first, last));
}

static void test_compute_list_rate_file(void **state)
{
    (void)state;
    Zhucun__StarsCompute c = ZHUCUN__STARS_COMPUTE__INIT;
    c.county_code = "140105000000";
    c.half = "2026H1";
    OK(rules_stars_compute_problem(&c, today, FIELD));
    c.county_code = "140105001001"; /* a village */
    REFUSED(rules_stars_compute_problem(&c, today, FIELD), "county_code");
    c.county_code = "140105000000";
    c.half = "2026-01-01";
    REFUSED(rules_stars_compute_problem(&c, today, FIELD), "half");

    Zhucun__StarsList l = ZHUCUN__STARS_LIST__INIT;
    l.county_code = "140100000000"; /* a city */
    l.half = "2026H1";
    REFUSED(rules_stars_list_problem(&l, today, FIELD), "county_code");
    l.county_code = "140105000000";
    OK(rules_stars_list_problem(&l, today, FIELD));

    /* StarsCodes: the half and the quarter may be left out (today's) */
    Zhucun__StarsCodes k = ZHUCUN__STARS_CODES__INIT;
    k.county_code = "140105000000";
    OK(rules_stars_codes_problem(&k, today, FIELD));
    k.half = "2026H1";
    k.quarter = "2026Q2";
    OK(rules_stars_codes_problem(&k, today, FIELD));
    k.county_code = "140100000000"; /* a city */
    REFUSED(rules_stars_codes_problem(&k, today, FIELD), "county_code");
    k.county_code = "140105000000";
    k.half = "2026H2"; /* not begun */
    REFUSED(rules_stars_codes_problem(&k, today, FIELD), "half");
    k.half = "2026Q1";
    REFUSED(rules_stars_codes_problem(&k, today, FIELD), "half");
    k.half = "";
    k.quarter = "2026H1";
    REFUSED(rules_stars_codes_problem(&k, today, FIELD), "quarter");
    k.quarter = "2026Q3"; /* not begun */
    REFUSED(rules_stars_codes_problem(&k, today, FIELD), "quarter");

    Zhucun__CadrePointsRate r = ZHUCUN__CADRE_POINTS_RATE__INIT;
    r.county_code = "140105000000";
    r.quarter = "2026Q1";
    OK(rules_cadre_points_rate_problem(&r, today, FIELD));
    r.quarter = "2026H1";
    REFUSED(rules_cadre_points_rate_problem(&r, today, FIELD), "quarter");

    OK(rules_filing_submit_problem("140105000000", "2026H1", 'h', today, FIELD));
    OK(rules_filing_submit_problem("140105000000", "2026Q1", 'q', today, FIELD));
    REFUSED(rules_filing_submit_problem("140105000000", "2026Q1", 'h', today, FIELD), "period");
    REFUSED(rules_filing_submit_problem("14010500000", "2026Q1", 'q', today, FIELD), "county_code");
}

static void test_adjust(void **state)
{
    (void)state;
    Zhucun__StarsAdjust a = ZHUCUN__STARS_ADJUST__INIT;
    a.team_id = 3;
    a.half = "2026H1";
    a.code = "model";
    a.reason = "获评省级先进集体";
    OK(rules_stars_adjust_problem(&a, today, FIELD));
    a.team_id = 0;
    REFUSED(rules_stars_adjust_problem(&a, today, FIELD), "team_id");
    a.team_id = 3;
    a.code = "";
    REFUSED(rules_stars_adjust_problem(&a, today, FIELD), "code");
    a.code = "a-b_c 1";
    REFUSED(rules_stars_adjust_problem(&a, today, FIELD), "code");
    a.code = "abcdefghijklmnopqrst"; /* 20 */
    OK(rules_stars_adjust_problem(&a, today, FIELD));
    a.code = "abcdefghijklmnopqrstu"; /* 21 */
    REFUSED(rules_stars_adjust_problem(&a, today, FIELD), "code");
    a.code = "model";
    a.reason = "";
    REFUSED(rules_stars_adjust_problem(&a, today, FIELD), "reason");
    a.reason = rules_chars(STARS_REASON_MAX);
    OK(rules_stars_adjust_problem(&a, today, FIELD));
    a.reason = rules_chars(STARS_REASON_MAX + 1);
    REFUSED(rules_stars_adjust_problem(&a, today, FIELD), "reason");
}

static void test_points_add(void **state)
{
    (void)state;
    uint8_t sha[STARS_SHA256_LEN] = {0};
    ProtobufCBinaryData ev[STARS_EVIDENCE_MAX + 1];
    for (int i = 0; i <= STARS_EVIDENCE_MAX; i++)
        ev[i] = (ProtobufCBinaryData){STARS_SHA256_LEN, sha};
    Zhucun__CadrePointsAdd p = ZHUCUN__CADRE_POINTS_ADD__INIT;
    p.person_id = 9;
    p.quarter = "2026Q1";
    p.item_code = "commend_city";
    p.reason = "市级表彰";
    p.source_kind = "commendation";
    p.source_id = 12;
    OK(rules_cadre_points_add_problem(&p, today, FIELD));
    p.person_id = 0;
    REFUSED(rules_cadre_points_add_problem(&p, today, FIELD), "person_id");
    p.person_id = 9;
    p.quarter = "2026";
    REFUSED(rules_cadre_points_add_problem(&p, today, FIELD), "quarter");
    p.quarter = "2026Q1";
    p.item_code = "";
    REFUSED(rules_cadre_points_add_problem(&p, today, FIELD), "item_code");
    p.item_code = "commend_city";
    p.reason = "";
    REFUSED(rules_cadre_points_add_problem(&p, today, FIELD), "reason");
    p.reason = "市级表彰";
    p.source_kind = "inspection";
    REFUSED(rules_cadre_points_add_problem(&p, today, FIELD), "source_kind");
    p.source_kind = "assessment";
    REFUSED(rules_cadre_points_add_problem(&p, today, FIELD), "source_kind");
    p.source_kind = "gossip";
    REFUSED(rules_cadre_points_add_problem(&p, today, FIELD), "source_kind");
    p.source_kind = "circular";
    p.source_id = 0;
    REFUSED(rules_cadre_points_add_problem(&p, today, FIELD), "source_id");
    p.source_kind = "other";
    OK(rules_cadre_points_add_problem(&p, today, FIELD));
    p.source_id = -1;
    REFUSED(rules_cadre_points_add_problem(&p, today, FIELD), "source_id");
    p.source_id = 0;
    p.n_evidence = STARS_EVIDENCE_MAX;
    p.evidence = ev;
    OK(rules_cadre_points_add_problem(&p, today, FIELD));
    p.n_evidence = STARS_EVIDENCE_MAX + 1;
    REFUSED(rules_cadre_points_add_problem(&p, today, FIELD), "evidence");
    ev[0].len = 31;
    p.n_evidence = 1;
    REFUSED(rules_cadre_points_add_problem(&p, today, FIELD), "evidence");
}

static void test_reads(void **state)
{
    (void)state;
    Zhucun__CadrePointsHistory h = ZHUCUN__CADRE_POINTS_HISTORY__INIT;
    OK(rules_cadre_points_history_problem(&h, FIELD));
    h.person_id = -1;
    REFUSED(rules_cadre_points_history_problem(&h, FIELD), "person_id");

    Zhucun__CadrePointsRanking k = ZHUCUN__CADRE_POINTS_RANKING__INIT;
    k.org_code = "140100000000";
    k.period = "2025";
    OK(rules_cadre_points_ranking_problem(&k, today, FIELD));
    k.period = "2026Q1";
    OK(rules_cadre_points_ranking_problem(&k, today, FIELD));
    k.org_code = "140105001000"; /* a township */
    REFUSED(rules_cadre_points_ranking_problem(&k, today, FIELD), "org_code");
    k.org_code = "";
    k.period = "2026H1";
    REFUSED(rules_cadre_points_ranking_problem(&k, today, FIELD), "period");
    k.period = "2026Q1";
    k.limit = STARS_RANKING_MAX;
    OK(rules_cadre_points_ranking_problem(&k, today, FIELD));
    k.limit = STARS_RANKING_MAX + 1;
    REFUSED(rules_cadre_points_ranking_problem(&k, today, FIELD), "limit");

    Zhucun__StarsStatus s = ZHUCUN__STARS_STATUS__INIT;
    s.kind = "stars";
    s.period = "2026H1";
    OK(rules_stars_status_problem(&s, today, FIELD));
    s.kind = "points";
    REFUSED(rules_stars_status_problem(&s, today, FIELD), "period");
    s.period = "2026Q2";
    OK(rules_stars_status_problem(&s, today, FIELD));
    s.kind = "medals";
    REFUSED(rules_stars_status_problem(&s, today, FIELD), "kind");
    s.kind = "points";
    s.org_code = "14";
    REFUSED(rules_stars_status_problem(&s, today, FIELD), "org_code");
}

int main(void)
{
    today = rules_days_from_civil(2026, 6, 15); /* a fixed day: 2026H2 has not begun */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clamp),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_compute_list_rate_file),
        cmocka_unit_test(test_adjust),
        cmocka_unit_test(test_points_add),
        cmocka_unit_test(test_reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
