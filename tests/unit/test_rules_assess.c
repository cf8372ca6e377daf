/* test_rules_assess.c -- the quota solver and the checks of the assessment calls
 * (common/rules/assess.c): cohorts of 1 to 200 with ties under every rounding rule and bound,
 * the tie rule at each boundary, small cohorts, the message naming a broken quota. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rules_check.h"

#include "common/rules/assess.h"
#include "common/rules/date.h"

enum { E = ASSESS_EXCELLENT, Q = ASSESS_QUALIFIED, B = ASSESS_BASIC, U = ASSESS_UNQUALIFIED };

static int rank[256], grade[256];

static void propose(const int *score, int n, const struct assess_policy *p)
{
    assert_int_equal(assess_propose(score, n, p, rank, grade), 0);
}

static struct assess_policy policy_all(enum assess_rounding r)
{
    struct assess_policy p = assess_default_policy;
    for (int g = 0; g < ASSESS_GRADES; g++)
        p.q[g].rounding = r;
    return p;
}

/* The expected quota counts, computed here from the shares (not by assess_quota_count). */
static int expected_quota(int share, enum assess_rounding r, int n)
{
    double x = share * n / 100.0;
    int f = (int)x;
    if (r == ASSESS_FLOOR)
        return f;
    if (r == ASSESS_CEIL)
        return x > f ? f + 1 : f;
    return x - f >= 0.5 ? f + 1 : f;
}

static void test_quota_count(void **state)
{
    (void)state;
    struct assess_quota q = {30, ASSESS_FLOOR, ASSESS_MAX};
    for (int n = 0; n <= 200; n++)
        for (int r = ASSESS_FLOOR; r <= ASSESS_CEIL; r++)
            for (int share = 0; share <= 100; share += 5) {
                q.share_pct = share;
                q.rounding = (enum assess_rounding)r;
                assert_int_equal(assess_quota_count(&q, n), expected_quota(share, r, n));
            }
    q = (struct assess_quota){30, ASSESS_ROUND, ASSESS_MAX};
    assert_int_equal(assess_quota_count(&q, 5), 2); /* 1.5 rounds up */
    assert_int_equal(assess_quota_count(&q, 3), 1); /* 0.9 */
    q.rounding = ASSESS_FLOOR;
    assert_int_equal(assess_quota_count(&q, 3), 0);
    q.rounding = ASSESS_CEIL;
    assert_int_equal(assess_quota_count(&q, 3), 1);
}

/* A pseudo-random cohort of n whose scores come from `distinct` values (ties when few). */
static void cohort(int *score, int n, int distinct, unsigned seed)
{
    for (int i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        score[i] = 6000 + (int)((seed >> 16) % (unsigned)distinct) * 7;
    }
}

/* Every property of a proposal, checked against the scores without the solver's code. */
static void check_proposal(const int *score, int n, const struct assess_policy *p)
{
    int counts[ASSESS_GRADES] = {0};
    for (int i = 0; i < n; i++) {
        int higher = 0;
        for (int j = 0; j < n; j++) {
            higher += score[j] > score[i];
            /* ties share their rank and their grade; a better score never a worse grade */
            if (score[j] == score[i]) {
                assert_int_equal(grade[j], grade[i]);
            } else if (score[j] > score[i]) {
                assert_true(grade[j] <= grade[i]);
            }
        }
        assert_int_equal(rank[i], higher + 1);
        assert_true(grade[i] >= 0 && grade[i] < ASSESS_GRADES);
        counts[grade[i]]++;
    }
    /* maximum bounds hold; and a max grade takes as many whole tied groups as its quota
     * allows: the next group (toward the rest grade) would not have fitted */
    for (int g = 0; g < ASSESS_GRADES; g++) {
        const struct assess_quota *q = &p->q[g];
        int quota = expected_quota(q->share_pct, q->rounding, n);
        if (q->bound == ASSESS_MAX)
            assert_true(counts[g] <= quota);
    }
    char buf[200];
    assert_null(assess_check(counts, n, p, buf, sizeof(buf), NULL));
    /* excellent is maximal: the best subject not excellent belongs to a group that would
     * overflow the quota */
    int quota = expected_quota(p->q[E].share_pct, p->q[E].rounding, n);
    int best = -1;
    for (int i = 0; i < n; i++)
        if (grade[i] != E && (best < 0 || score[i] > score[best]))
            best = i;
    if (best >= 0 && p->q[E].bound == ASSESS_MAX) {
        int tied = 0;
        for (int i = 0; i < n; i++)
            tied += score[i] == score[best];
        assert_true(counts[E] + tied > quota);
    }
}

static void test_cohorts_1_to_200(void **state)
{
    (void)state;
    int score[256];
    for (int r = ASSESS_FLOOR; r <= ASSESS_CEIL; r++) {
        struct assess_policy p = policy_all((enum assess_rounding)r);
        for (int n = 1; n <= 200; n++)
            for (int distinct = 1; distinct <= 40; distinct += 13) {
                cohort(score, n, distinct, (unsigned)(n * 131 + distinct * 7 + r));
                propose(score, n, &p);
                check_proposal(score, n, &p);
            }
    }
}

/* Without ties the counts are exactly the quotas (floor: 30 %, 5 %, 5 %, the rest). */
static void test_no_ties_exact(void **state)
{
    (void)state;
    int score[256];
    for (int r = ASSESS_FLOOR; r <= ASSESS_CEIL; r++) {
        struct assess_policy p = policy_all((enum assess_rounding)r);
        for (int n = 1; n <= 200; n++) {
            for (int i = 0; i < n; i++)
                score[i] = 10000 - i * 37 % 9973; /* distinct */
            propose(score, n, &p);
            check_proposal(score, n, &p);
            int counts[ASSESS_GRADES];
            assess_counts(grade, n, counts);
            int e = expected_quota(30, r, n), u = expected_quota(5, r, n);
            int b = expected_quota(5, r, n);
            if (e + u + b > n) { /* a tiny cohort under ceil: the top is served first */
                assert_int_equal(counts[E], e);
                continue;
            }
            assert_int_equal(counts[E], e);
            assert_int_equal(counts[U], u);
            assert_int_equal(counts[B], b);
            assert_int_equal(counts[Q], n - e - u - b);
        }
    }
}

static void test_small_cohorts(void **state)
{
    (void)state;
    const struct assess_policy *p = &assess_default_policy;
    int one[] = {8000};
    propose(one, 1, p);
    assert_int_equal(rank[0], 1);
    assert_int_equal(grade[0], Q);
    int three[] = {9000, 8000, 7000}; /* a county with 3 teams: floor(0.9) = 0 excellent */
    propose(three, 3, p);
    assert_int_equal(grade[0], Q);
    assert_int_equal(grade[1], Q);
    assert_int_equal(grade[2], Q);
    struct assess_policy c = policy_all(ASSESS_CEIL); /* ceil(0.9) = 1, ceil(0.15) = 1 each */
    propose(three, 3, &c);
    assert_int_equal(grade[0], E);
    assert_int_equal(grade[1], B);
    assert_int_equal(grade[2], U);
    struct assess_policy r = policy_all(ASSESS_ROUND); /* round(0.9) = 1, round(0.15) = 0 */
    propose(three, 3, &r);
    assert_int_equal(grade[0], E);
    assert_int_equal(grade[1], Q);
    assert_int_equal(grade[2], Q);
    int none[1];
    assert_int_equal(assess_propose(none, 0, p, rank, grade), 0);
}

/* The tie rule at each boundary. */
static void test_ties_at_boundaries(void **state)
{
    (void)state;
    const struct assess_policy *p = &assess_default_policy;
    /* 10 teams, excellent at most 3; the 3rd and 4th tie: neither is excellent */
    int s10[] = {9900, 9800, 9700, 9700, 9000, 8900, 8800, 8700, 8600, 8500};
    propose(s10, 10, p);
    assert_int_equal(grade[0], E);
    assert_int_equal(grade[1], E);
    assert_int_equal(grade[2], Q);
    assert_int_equal(grade[3], Q);
    assert_int_equal(rank[2], 3);
    assert_int_equal(rank[3], 3);
    assert_int_equal(rank[4], 5);
    /* the 2nd to 4th tie: all three fit the quota of 3 only with the 1st: 1 excellent */
    int s10b[] = {9900, 9700, 9700, 9700, 9000, 8900, 8800, 8700, 8600, 8500};
    propose(s10b, 10, p);
    assert_int_equal(grade[0], E);
    assert_int_equal(grade[1], Q);
    /* the top three tie: exactly the quota, all excellent */
    int s10c[] = {9700, 9700, 9700, 9600, 9000, 8900, 8800, 8700, 8600, 8500};
    propose(s10c, 10, p);
    assert_int_equal(grade[2], E);
    assert_int_equal(grade[3], Q);
    /* 20: basic 1, unqualified 1; the last two tie: neither fits unqualified's 1 nor basic's
     * 1, both qualified */
    int s20[20];
    for (int i = 0; i < 20; i++)
        s20[i] = 9900 - 100 * i;
    s20[19] = s20[18];
    propose(s20, 20, p);
    assert_int_equal(grade[18], Q);
    assert_int_equal(grade[19], Q);
    assert_int_equal(grade[17], Q);
    /* no tie at the bottom: the last unqualified, the one before basically qualified */
    s20[19] = 1000;
    propose(s20, 20, p);
    assert_int_equal(grade[19], U);
    assert_int_equal(grade[18], B);
    assert_int_equal(grade[17], Q);
    /* everyone tied: nobody is excellent, nobody unqualified */
    int same[40];
    for (int i = 0; i < 40; i++)
        same[i] = 8000;
    propose(same, 40, p);
    for (int i = 0; i < 40; i++) {
        assert_int_equal(grade[i], Q);
        assert_int_equal(rank[i], 1);
    }
    /* a minimum bound takes the whole tied group at its boundary */
    struct assess_policy m = assess_default_policy;
    m.q[U] = (struct assess_quota){5, ASSESS_CEIL, ASSESS_MIN};
    int s5[] = {9000, 8000, 7000, 6000, 6000};
    propose(s5, 5, &m);
    assert_int_equal(grade[3], U);
    assert_int_equal(grade[4], U);
    assert_int_equal(grade[2], Q);
}

static void test_check_messages(void **state)
{
    (void)state;
    char buf[200];
    int broken = -1;
    int counts[ASSESS_GRADES] = {4, 6, 0, 0};
    assert_string_equal(assess_check(counts, 10, &assess_default_policy, buf, sizeof(buf), &broken),
                        "优秀不得超过 3 名（30%，向下取整）");
    assert_int_equal(broken, E);
    counts[E] = 3;
    counts[Q] = 7;
    assert_null(assess_check(counts, 10, &assess_default_policy, buf, sizeof(buf), &broken));
    int c20[ASSESS_GRADES] = {6, 11, 1, 2};
    assert_string_equal(assess_check(c20, 20, &assess_default_policy, buf, sizeof(buf), &broken),
                        "不合格不得超过 1 名（5%，向下取整）");
    assert_int_equal(broken, U);
    struct assess_policy m = assess_default_policy;
    m.q[U] = (struct assess_quota){5, ASSESS_CEIL, ASSESS_MIN};
    int c3[ASSESS_GRADES] = {0, 3, 0, 0};
    assert_string_equal(assess_check(c3, 3, &m, buf, sizeof(buf), NULL),
                        "不合格不得少于 1 名（5%，向上取整）");
    struct assess_policy r = policy_all(ASSESS_ROUND);
    int c5[ASSESS_GRADES] = {3, 2, 0, 0};
    assert_string_equal(assess_check(c5, 5, &r, buf, sizeof(buf), NULL),
                        "优秀不得超过 2 名（30%，四舍五入）");
}

static void test_policy(void **state)
{
    (void)state;
    assert_null(assess_policy_problem(&assess_default_policy));
    struct assess_policy p = assess_default_policy;
    p.q[Q].bound = ASSESS_MAX; /* no rest grade */
    assert_non_null(assess_policy_problem(&p));
    assert_int_equal(assess_propose((int[]){1}, 1, &p, rank, grade), -1);
    p = assess_default_policy;
    p.q[B].bound = ASSESS_REST; /* two */
    assert_non_null(assess_policy_problem(&p));
    p = assess_default_policy;
    p.q[E].share_pct = 101;
    assert_non_null(assess_policy_problem(&p));
    assert_int_equal(assess_grade_parse("basic"), B);
    assert_int_equal(assess_grade_parse("good"), -1);
    assert_string_equal(assess_grade_label(U), "不合格");
    assert_int_equal(assess_rounding_parse("ceil"), ASSESS_CEIL);
    assert_int_equal(assess_bound_parse("rest"), ASSESS_REST);
    assert_int_equal(assess_bound_parse("x"), -1);
}

static void test_call_checks(void **state)
{
    (void)state;
    int today = rules_days_from_civil(2026, 8, 15);
    Zhucun__AssessRoundOpen o = ZHUCUN__ASSESS_ROUND_OPEN__INIT;
    o.county_code = "140105000000";
    o.quarter = "2026-07-01"; /* the current quarter */
    o.subject = "team";
    OK(rules_assess_round_open_problem(&o, today, FIELD));
    o.quarter = "2026-04-01";
    OK(rules_assess_round_open_problem(&o, today, FIELD));
    o.quarter = "2026-10-01"; /* a later quarter */
    REFUSED(rules_assess_round_open_problem(&o, today, FIELD), "quarter");
    o.quarter = "2026-05-01";
    REFUSED(rules_assess_round_open_problem(&o, today, FIELD), "quarter");
    o.quarter = "2014-10-01";
    REFUSED(rules_assess_round_open_problem(&o, today, FIELD), "quarter");
    o.quarter = "2026-07-01";
    o.county_code = "140105001000"; /* a township */
    REFUSED(rules_assess_round_open_problem(&o, today, FIELD), "county_code");
    o.county_code = "140105000000";
    o.subject = "village";
    REFUSED(rules_assess_round_open_problem(&o, today, FIELD), "subject");

    Zhucun__AssessScoreSet s = ZHUCUN__ASSESS_SCORE_SET__INIT;
    s.result_id = 1;
    s.indicator = "excellence";
    s.score = ASSESS_SCORE_MAX;
    s.reason = "获省级表彰";
    OK(rules_assess_score_set_problem(&s, FIELD));
    s.score = ASSESS_SCORE_MAX + 1;
    REFUSED(rules_assess_score_set_problem(&s, FIELD), "score");
    s.score = -1;
    REFUSED(rules_assess_score_set_problem(&s, FIELD), "score");
    s.score = 0;
    OK(rules_assess_score_set_problem(&s, FIELD));
    s.indicator = "Excellence";
    REFUSED(rules_assess_score_set_problem(&s, FIELD), "indicator");
    s.indicator = "excellence";
    s.reason = "";
    REFUSED(rules_assess_score_set_problem(&s, FIELD), "reason");
    s.reason = rules_chars(ASSESS_REASON_MAX);
    OK(rules_assess_score_set_problem(&s, FIELD));
    s.reason = rules_chars(ASSESS_REASON_MAX + 1);
    REFUSED(rules_assess_score_set_problem(&s, FIELD), "reason");

    Zhucun__AssessGradeOverride g = ZHUCUN__ASSESS_GRADE_OVERRIDE__INIT;
    g.result_id = 1;
    g.grade = "excellent";
    g.reason = "抗洪抢险表现突出";
    OK(rules_assess_grade_override_problem(&g, FIELD));
    g.grade = "good";
    REFUSED(rules_assess_grade_override_problem(&g, FIELD), "grade");
    g.grade = "basic";
    g.reason = "";
    REFUSED(rules_assess_grade_override_problem(&g, FIELD), "reason");

    Zhucun__AssessList l = ZHUCUN__ASSESS_LIST__INIT;
    OK(rules_assess_list_problem(&l, FIELD));
    l.org_code = "14";
    REFUSED(rules_assess_list_problem(&l, FIELD), "org_code");
    l.org_code = "140000000000";
    l.quarter = "2026-02-01";
    REFUSED(rules_assess_list_problem(&l, FIELD), "quarter");
    l.quarter = "2026-01-01";
    l.limit = ASSESS_LIST_MAX;
    OK(rules_assess_list_problem(&l, FIELD));
    l.limit = ASSESS_LIST_MAX + 1;
    REFUSED(rules_assess_list_problem(&l, FIELD), "limit");

    Zhucun__AssessRanking k = ZHUCUN__ASSESS_RANKING__INIT;
    k.quarter = "2026-07-01";
    k.subject = "cadre";
    OK(rules_assess_ranking_problem(&k, FIELD));
    k.quarter = "";
    REFUSED(rules_assess_ranking_problem(&k, FIELD), "quarter");
    k.quarter = "2026-07-01";
    k.subject = "";
    REFUSED(rules_assess_ranking_problem(&k, FIELD), "subject");
    k.subject = "team";
    k.org_code = "1401";
    REFUSED(rules_assess_ranking_problem(&k, FIELD), "org_code");
    k.org_code = "";
    k.limit = ASSESS_RANKING_MAX;
    OK(rules_assess_ranking_problem(&k, FIELD));
    k.limit = ASSESS_RANKING_MAX + 1;
    REFUSED(rules_assess_ranking_problem(&k, FIELD), "limit");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quota_count),
        cmocka_unit_test(test_cohorts_1_to_200),
        cmocka_unit_test(test_no_ties_exact),
        cmocka_unit_test(test_small_cohorts),
        cmocka_unit_test(test_ties_at_boundaries),
        cmocka_unit_test(test_check_messages),
        cmocka_unit_test(test_policy),
        cmocka_unit_test(test_call_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
