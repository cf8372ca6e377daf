/* test_assess.c -- the quarterly assessment (考核规范化, SPEC E1; issue 22; docs/assessment.md):
 * a county office opens the round of its county's quarter (the cohort from memberships, the
 * system's scores with their evidence: presence, task, study, discipline), enters the others with
 * reasons, ranks (the solver's proposals within the quotas of the version in force), overrides
 * within the quotas and is refused outside them naming the quota with nothing written, submits as
 * an approval (county office → city office) and, on the last approval, the round is published
 * read-only with its circular; keyed writes applied once and audited; townships read their own
 * results; both new export kinds pulled incrementally. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"

#define PW       "correct horse battery"
#define COUNTY_A "140105000000"
#define TWP_A    "140105001000"
#define VA1      "140105001001"
#define VA2      "140105001002"
#define VA3      "140105002001"
#define COUNTY_B "140106000000"

static struct zt_server srv;
static struct zc_client *prov, *city, *county_a, *county_b, *twp, *exporter;
static int64_t team[3], unit_a;
static char quarter[32];
static int64_t round_id, result[3];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,考核一村,village\n"
                          "140105001002,考核二村,village\n140105002000,龙城街道,township\n"
                          "140105002001,考核三村,village\n"
                          "140106000000,迎泽区,county\n140106001000,柳巷街道,township\n"
                          "140106001001,考核四村,village\n";

#define count(...) zt_count(&srv, __VA_ARGS__)

static Zhucun__Code open_round(struct zc_client *c, const char *county, const char *q,
                               const char *subject, const char *field, int64_t *id)
{
    Zhucun__AssessRoundOpen o = ZHUCUN__ASSESS_ROUND_OPEN__INIT;
    o.county_code = (char *)county;
    o.quarter = (char *)q;
    o.subject = (char *)subject;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code =
        zt_call_body(c, ZHUCUN__REQUEST__BODY_ASSESS_ROUND_OPEN, &o, NULL, field, &reply);
    if (code == ZHUCUN__CODE__OK && id != NULL)
        *id = reply->assess_round_open->id;
    zc_reply_free(reply);
    return code;
}

static Zhucun__Code score(int64_t res, const char *indicator, int v, const char *key,
                          const char *field)
{
    Zhucun__AssessScoreSet s = ZHUCUN__ASSESS_SCORE_SET__INIT;
    s.result_id = res;
    s.indicator = (char *)indicator;
    s.score = v;
    s.reason = "县驻村办综合评定";
    return zt_call_body(county_a, ZHUCUN__REQUEST__BODY_ASSESS_SCORE_SET, &s, key, field, NULL);
}

static Zhucun__Code rank(int64_t id, const char *key, const char *field)
{
    Zhucun__AssessRank r = ZHUCUN__ASSESS_RANK__INIT;
    r.round_id = id;
    return zt_call_body(county_a, ZHUCUN__REQUEST__BODY_ASSESS_RANK, &r, key, field, NULL);
}

static Zhucun__Code override(int64_t res, const char *grade, const char *key, const char *field,
                             char *message, size_t cap)
{
    Zhucun__AssessGradeOverride o = ZHUCUN__ASSESS_GRADE_OVERRIDE__INIT;
    o.result_id = res;
    o.grade = (char *)grade;
    o.reason = "汛期抢险表现";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ASSESS_GRADE_OVERRIDE;
    req.assess_grade_override = &o;
    req.idempotency_key = (char *)(key != NULL ? key : "");
    Zhucun__Reply *reply = NULL;
    struct zc_error err = {0};
    Zhucun__Code code = zc_call(county_a, &req, &reply, &err) == 0 ? ZHUCUN__CODE__OK : err.code;
    if (field != NULL && strcmp(err.field, field) != 0)
        fail_msg("refused naming \"%s\" (%s), not %s", err.field, err.message, field);
    if (message != NULL && snprintf(message, cap, "%s", err.message) >= (int)cap)
        fail_msg("the refusal's message is longer than %zu bytes: %s", cap, err.message);
    zc_reply_free(reply);
    return code;
}

static const char *grade_of(int64_t res)
{
    static char g[32];
    char sql[120];
    snprintf(sql, sizeof(sql), "SELECT coalesce(grade, '') FROM assessment_results WHERE id = %lld",
             (long long)res);
    char *v = zt_sql(&srv, sql);
    snprintf(g, sizeof(g), "%s", v);
    free(v);
    return g;
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "assess", NULL);
    int y, m, d;
    rules_civil_from_days(zt_today(), &y, &m, &d);
    snprintf(quarter, sizeof(quarter), "%04d-%02d-01", y, 1 + 3 * ((m - 1) / 3));
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "taiyuan", PW, "city_office", "140100000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", COUNTY_A, 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", COUNTY_B, 0), 0);
    assert_int_equal(zt_useradd(&srv, "wucheng", PW, "township", TWP_A, 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", "140000000000", 0), 0);
    city = zt_login(&srv, "taiyuan", PW, NULL);
    county_a = zt_login(&srv, "xiaodian", PW, NULL);
    county_b = zt_login(&srv, "yingze", PW, NULL);
    twp = zt_login(&srv, "wucheng", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    unit_a = zt_unit(prov, "小店区考核测试局", "county", COUNTY_A);
    const char *vil[3] = {VA1, VA2, VA3};
    for (int i = 0; i < 3; i++) {
        char name[32], user[16];
        snprintf(name, sizeof(name), "考核%d村工作队", i + 1);
        snprintf(user, sizeof(user), "cadre-%d", i + 1);
        team[i] = zt_team(county_a, "village", vil[i], name);
        int64_t person;
        zc_close(zt_cadre(&srv, county_a, team[i], user, vil[i], "cadre", "first_secretary", unit_a,
                          PW, &person));
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct zc_client *all[] = {prov, city, county_a, county_b, twp, exporter};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        zc_close(all[i]);
    zt_server_finish(&srv);
    return 0;
}

/* The round of this quarter: the cohort, the system's scores, the refusals, audited. */
static void test_open(void **state)
{
    (void)state;
    assert_int_equal(open_round(county_a, COUNTY_A, "2099-01-01", "team", "quarter", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(open_round(county_a, TWP_A, quarter, "team", "county_code", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(open_round(county_b, COUNTY_A, quarter, "team", "county_code", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(open_round(twp, COUNTY_A, quarter, "team", NULL, NULL),
                     ZHUCUN__CODE__PERMISSION_DENIED);
    /* county B has no team: no cohort, nothing written */
    assert_int_equal(open_round(county_b, COUNTY_B, quarter, "team", "county_code", NULL),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(count("SELECT count(*) FROM assessment_rounds"), 0);
    assert_int_equal(open_round(county_a, COUNTY_A, quarter, "team", NULL, &round_id),
                     ZHUCUN__CODE__OK);
    assert_int_equal(open_round(county_a, COUNTY_A, quarter, "team", "quarter", NULL),
                     ZHUCUN__CODE__ALREADY_EXISTS);
    assert_int_equal(count("SELECT count(*) FROM assessment_results WHERE round_id = %lld"
                           " AND person_id IS NULL",
                           (long long)round_id),
                     3);
    for (int i = 0; i < 3; i++)
        result[i] = count("SELECT id FROM assessment_results WHERE round_id = %lld"
                          " AND team_id = %lld",
                          (long long)round_id, (long long)team[i]);
    /* the indicators registered with a scoring function (0130: presence and task here, study
     * from the study records (0145), discipline from the inspections (0140)) from the
     * system, with their evidence; nothing entered yet */
    assert_int_equal(count("SELECT count(*) FROM assessment_scores s JOIN assessment_results r"
                           " ON r.id = s.result_id WHERE r.round_id = %lld AND s.source = 'system'"
                           " AND s.indicator IN (SELECT code FROM assessment_indicators"
                           " WHERE score_fn IS NOT NULL) AND s.evidence <> ''",
                           (long long)round_id),
                     3 * count("SELECT count(*) FROM assessment_indicators"
                               " WHERE score_fn IS NOT NULL"));
    assert_int_equal(count("SELECT count(*) FROM assessment_indicators WHERE code IN"
                           " ('presence', 'task') AND score_fn IS NOT NULL"),
                     2);
    assert_int_equal(count("SELECT count(*) FROM assessment_scores s JOIN assessment_results r"
                           " ON r.id = s.result_id WHERE r.round_id = %lld"
                           " AND s.source <> 'system'",
                           (long long)round_id),
                     0);
    assert_int_equal(count("SELECT count(*) FROM assessment_scores WHERE indicator = 'task'"
                           " AND evidence LIKE '台账 %%/%%，走访 %%/%%，收入 %%/%%'"),
                     3);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'assess.open'"), 1);
    /* the cadres' round of the same quarter is a round of its own: one cadre a team */
    int64_t cadres = 0;
    assert_int_equal(open_round(county_a, COUNTY_A, quarter, "cadre", NULL, &cadres),
                     ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM assessment_results WHERE round_id = %lld"
                           " AND person_id IS NOT NULL",
                           (long long)cadres),
                     3);
    assert_int_equal(count("SELECT count(*) FROM assessment_scores s JOIN assessment_results r"
                           " ON r.id = s.result_id WHERE r.round_id = %lld"
                           " AND s.indicator = 'presence' AND s.evidence <> ''",
                           (long long)cadres),
                     3);
}

/* Entered scores, the weighted total, ranking, overrides within the quotas and refused
 * outside them naming the quota with nothing written. */
static void test_scores_and_grades(void **state)
{
    (void)state;
    /* the system's indicators are not entered */
    assert_int_equal(score(result[0], "presence", 5000, NULL, "indicator"),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(score(result[0], "nosuch", 5000, NULL, "indicator"), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(score(result[0], "excellence", 10001, NULL, "score"),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    Zhucun__AssessScoreSet bad = ZHUCUN__ASSESS_SCORE_SET__INIT;
    bad.result_id = result[0];
    bad.indicator = "excellence";
    bad.reason = "";
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_ASSESS_SCORE_SET, &bad, NULL, "reason", NULL),
        ZHUCUN__CODE__INVALID_ARGUMENT);
    /* county B does not see county A's results */
    Zhucun__AssessScoreSet other = bad;
    other.reason = "跨县";
    assert_int_equal(zt_call_body(county_b, ZHUCUN__REQUEST__BODY_ASSESS_SCORE_SET, &other, NULL,
                                  "result_id", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    /* every entered indicator for every team: team 1 best, team 3 worst */
    static const char *const entered[] = {"excellence", "recognition"};
    for (int i = 0; i < 3; i++)
        for (size_t k = 0; k < 2; k++)
            assert_int_equal(score(result[i], entered[k], 9000 - 1000 * i, NULL, NULL),
                             ZHUCUN__CODE__OK);
    /* keyed: retried once, applied and audited once */
    long long audited = count("SELECT count(*) FROM audit WHERE action = 'assess.score'");
    assert_int_equal(score(result[0], "excellence", 9500, "assess-key-1", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(score(result[0], "excellence", 9500, "assess-key-1", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'assess.score'"),
                     audited + 1);
    /* the total is the weighted sum (the weights in force sum to 100) */
    assert_int_equal(count("SELECT sum(weight) FROM zc_assess_weights('team', '%s')", quarter),
                     100);
    assert_int_equal(count("SELECT count(*) FROM assessment_results r WHERE r.id = %lld"
                           " AND r.score = (SELECT round(sum(w.weight * s.score) / 100, 2)"
                           " FROM assessment_scores s JOIN zc_assess_weights('team', '%s') w"
                           " ON w.indicator = s.indicator WHERE s.result_id = r.id)",
                           (long long)result[0], quarter),
                     1);
    /* not ranked yet: no override */
    assert_int_equal(override(result[0], "qualified", NULL, "result_id", NULL, 0),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    /* 3 teams under the default quotas: floor(0.9) = 0 excellent, everyone qualified */
    assert_int_equal(rank(round_id, NULL, NULL), ZHUCUN__CODE__OK);
    for (int i = 0; i < 3; i++)
        assert_string_equal(grade_of(result[i]), "qualified");
    assert_int_equal(
        count("SELECT rank FROM assessment_results WHERE id = %lld", (long long)result[2]), 3);
    char msg[512];
    assert_int_equal(override(result[0], "excellent", NULL, "grade", msg, sizeof(msg)),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_non_null(strstr(msg, "优秀不得超过 0 名（30%，向下取整）"));
    assert_string_equal(grade_of(result[0]), "qualified");
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'assess.override'"), 0);
    /* a new quota version from the quarter's first day: excellent at most ceil(30 %) = 1 */
    char sql[400];
    snprintf(sql, sizeof(sql),
             "INSERT INTO assessment_quota_rules (grade, share_pct, rounding, bound,"
             " effective_from) VALUES ('excellent', 30, 'ceil', 'max', '%s'),"
             " ('qualified', 60, 'floor', 'rest', '%s'), ('basic', 5, 'floor', 'max', '%s'),"
             " ('unqualified', 5, 'floor', 'max', '%s')",
             quarter, quarter, quarter, quarter);
    free(zt_sql(&srv, sql));
    assert_int_equal(rank(round_id, NULL, NULL), ZHUCUN__CODE__OK);
    assert_string_equal(grade_of(result[0]), "excellent");
    assert_string_equal(grade_of(result[1]), "qualified");
    /* team 2 for team 1: two moves within the quota, each with its reason */
    assert_int_equal(override(result[1], "excellent", NULL, "grade", msg, sizeof(msg)),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_non_null(strstr(msg, "优秀不得超过 1 名（30%，向上取整）"));
    assert_int_equal(override(result[0], "qualified", "assess-ov-1", NULL, NULL, 0),
                     ZHUCUN__CODE__OK);
    assert_int_equal(override(result[0], "qualified", "assess-ov-1", NULL, NULL, 0),
                     ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM assessment_results WHERE id = %lld"
                           " AND proposed = 'excellent' AND grade = 'qualified'"
                           " AND override_reason = '汛期抢险表现'",
                           (long long)result[0]),
                     1);
    assert_int_equal(override(result[1], "excellent", NULL, NULL, NULL, 0), ZHUCUN__CODE__OK);
    assert_string_equal(grade_of(result[1]), "excellent");
    assert_int_equal(count("SELECT count(*) FROM assessment_results WHERE id = %lld"
                           " AND proposed = 'qualified' AND override_reason = '汛期抢险表现'",
                           (long long)result[1]),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'assess.override'"), 2);
    /* the third may not be excellent too */
    assert_int_equal(override(result[2], "excellent", NULL, "grade", msg, sizeof(msg)),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_string_equal(grade_of(result[2]), "qualified");
}

/* Submitted as an approval, read-only; the city office's approval publishes it with its
 * circular. */
static void test_publish(void **state)
{
    (void)state;
    Zhucun__AssessSubmit s = ZHUCUN__ASSESS_SUBMIT__INIT;
    s.round_id = round_id;
    /* a changed score clears the ranking: submit refused until ranked again */
    assert_int_equal(score(result[2], "recognition", 7100, NULL, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_ASSESS_SUBMIT, &s, NULL, "round_id", NULL),
        ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(rank(round_id, "assess-rank-before-submit", NULL), ZHUCUN__CODE__OK);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_ASSESS_SUBMIT, &s, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    int64_t approval = reply->assess_submit->id;
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM assessment_rounds WHERE id = %lld"
                           " AND status = 'submitted' AND approval_id = %lld",
                           (long long)round_id, (long long)approval),
                     1);
    /* read-only while submitted */
    assert_int_equal(score(result[0], "excellence", 1000, NULL, "result_id"),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(rank(round_id, NULL, "round_id"), ZHUCUN__CODE__FAILED_PRECONDITION);
    /* a new key is refused as well; the retry of the ranking made before the submission is
     * answered as it was, not refused */
    assert_int_equal(rank(round_id, "assess-rank-after-submit", "round_id"),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(rank(round_id, "assess-rank-before-submit", NULL), ZHUCUN__CODE__OK);
    /* an inspection circular of the office numbered in the assessment's sequence by hand: the
     * round's circular takes the number after it (not the count of the office's circulars) */
    free(zt_sql(&srv, "INSERT INTO circulars (kind, source_id, org_code, doc_number, title, body,"
                      " issued_on) VALUES ('inspection', -1, '" COUNTY_A "',"
                      " format('小驻办考〔%s〕4号', extract(year FROM zc_today())), '手编文号',"
                      " '手编文号', zc_today())"));
    /* the route: the county office, then the city office */
    for (int step = 0; step < 2; step++) {
        int64_t sid = count("SELECT id FROM approval_steps WHERE approval_id = %lld"
                            " AND status = 'pending'",
                            (long long)approval);
        assert_int_equal(count("SELECT count(*) FROM approval_steps WHERE id = %lld"
                               " AND role = '%s'",
                               (long long)sid, step == 0 ? "county_office" : "city_office"),
                         1);
        Zhucun__Decide d = ZHUCUN__DECIDE__INIT;
        d.step_id = sid;
        d.decision = "approve";
        d.reason = "";
        assert_int_equal(zt_call_body(step == 0 ? county_a : city, ZHUCUN__REQUEST__BODY_DECIDE, &d,
                                      NULL, NULL, NULL),
                         ZHUCUN__CODE__OK);
    }
    assert_int_equal(count("SELECT count(*) FROM assessment_rounds WHERE id = %lld"
                           " AND status = 'published' AND published_on IS NOT NULL",
                           (long long)round_id),
                     1);
    assert_int_equal(count("SELECT count(*) FROM assessment_published WHERE round_id = %lld",
                           (long long)round_id),
                     3);
    /* the circular: the county's, its title, the table of three rows */
    int y, m, d;
    rules_civil_from_days(zt_today(), &y, &m, &d);
    static const char *const qn[] = {"一", "二", "三", "四"};
    assert_int_equal(count("SELECT count(*) FROM circulars WHERE kind = 'assessment'"
                           " AND source_id = %lld AND org_code = '" COUNTY_A "'"
                           " AND title = '关于%d年第%s季度驻村工作队考核情况的通报'"
                           " AND jsonb_array_length(table_json -> 'rows') = 3"
                           " AND table_json -> 'columns' ->> 1 = '工作队'"
                           " AND body LIKE '%%优秀 1 名%%'",
                           (long long)round_id, y, qn[(m - 1) / 3]),
                     1);
    assert_int_equal(
        count("SELECT count(*) FROM circulars WHERE kind = 'assessment'"
              " AND source_id = %lld"
              " AND doc_number = format('小驻办考〔%%s〕5号', extract(year FROM zc_today()))",
              (long long)round_id),
        1);
    free(zt_sql(&srv, "DELETE FROM circulars WHERE source_id = -1"));
    /* published: read-only */
    assert_int_equal(override(result[0], "qualified", NULL, "result_id", NULL, 0),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
}

/* Returned for revision: the round is a draft again, editable, and submitted anew. */
static void test_returned(void **state)
{
    (void)state;
    int64_t cadres = count("SELECT id FROM assessment_rounds WHERE subject = 'cadre'");
    static const char *const entered[] = {"excellence", "recognition"};
    for (int i = 0; i < 3; i++) {
        int64_t res = count("SELECT id FROM assessment_results WHERE round_id = %lld"
                            " ORDER BY id OFFSET %d LIMIT 1",
                            (long long)cadres, i);
        for (size_t k = 0; k < 2; k++)
            assert_int_equal(score(res, entered[k], 7000 + 500 * i, NULL, NULL), ZHUCUN__CODE__OK);
    }
    assert_int_equal(rank(cadres, NULL, NULL), ZHUCUN__CODE__OK);
    Zhucun__AssessSubmit s = ZHUCUN__ASSESS_SUBMIT__INIT;
    s.round_id = cadres;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_ASSESS_SUBMIT, &s, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    int64_t approval = reply->assess_submit->id;
    zc_reply_free(reply);
    Zhucun__Decide d = ZHUCUN__DECIDE__INIT;
    d.step_id = count("SELECT id FROM approval_steps WHERE approval_id = %lld"
                      " AND status = 'pending'",
                      (long long)approval);
    d.decision = "return";
    d.reason = "请补充群众认可度评定依据";
    assert_int_equal(zt_call_body(county_a, ZHUCUN__REQUEST__BODY_DECIDE, &d, NULL, NULL, NULL),
                     ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM assessment_rounds WHERE id = %lld"
                           " AND status = 'draft' AND published_on IS NULL",
                           (long long)cadres),
                     1);
    assert_int_equal(count("SELECT count(*) FROM circulars WHERE source_id = %lld"
                           " AND kind = 'assessment'",
                           (long long)cadres),
                     0);
    /* editable again: a score clears the ranking, ranked and submitted anew */
    int64_t res =
        count("SELECT min(id) FROM assessment_results WHERE round_id = %lld", (long long)cadres);
    assert_int_equal(score(res, "recognition", 9000, NULL, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(rank(cadres, NULL, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_ASSESS_SUBMIT, &s, NULL, NULL, NULL),
        ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM assessment_rounds WHERE id = %lld"
                           " AND status = 'submitted' AND approval_id <> %lld",
                           (long long)cadres, (long long)approval),
                     1);
}

/* The reads: the offices, the township its own teams; list by county. */
static void test_reads(void **state)
{
    (void)state;
    Zhucun__AssessRoundShow sh = ZHUCUN__ASSESS_ROUND_SHOW__INIT;
    sh.round_id = round_id;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(
        zt_call_body(city, ZHUCUN__REQUEST__BODY_ASSESS_ROUND_SHOW, &sh, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    const Zhucun__AssessRound *a = reply->assess_round_show;
    assert_string_equal(a->status, "published");
    assert_int_equal(a->n_results, 3);
    assert_int_equal(a->n_quotas, 4);
    assert_int_equal(a->n_indicators, 6);
    assert_int_equal(a->results[0]->rank, 1);
    assert_int_equal(a->results[0]->n_scores, 6);
    unsigned weights = 0;
    for (size_t i = 0; i < a->n_indicators; i++)
        weights += a->indicators[i]->weight;
    assert_int_equal(weights, 10000);
    zc_reply_free(reply);
    /* the township 坞城街道 sees its two villages' teams, not 龙城街道's */
    assert_int_equal(
        zt_call_body(twp, ZHUCUN__REQUEST__BODY_ASSESS_ROUND_SHOW, &sh, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->assess_round_show->n_results, 2);
    zc_reply_free(reply);
    assert_int_equal(zt_call_body(county_b, ZHUCUN__REQUEST__BODY_ASSESS_ROUND_SHOW, &sh, NULL,
                                  "round_id", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    Zhucun__AssessList l = ZHUCUN__ASSESS_LIST__INIT;
    l.org_code = COUNTY_A;
    l.quarter = quarter;
    assert_int_equal(zt_call_body(prov, ZHUCUN__REQUEST__BODY_ASSESS_LIST, &l, NULL, NULL, &reply),
                     ZHUCUN__CODE__OK);
    assert_int_equal(reply->assess_list->n_rounds, 2);
    zc_reply_free(reply);
    l.org_code = "";
    assert_int_equal(
        zt_call_body(county_b, ZHUCUN__REQUEST__BODY_ASSESS_LIST, &l, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->assess_list->n_rounds, 0);
    zc_reply_free(reply);
    /* the ranking of the published results, by city: the SQL's count and order */
    Zhucun__AssessRanking rk = ZHUCUN__ASSESS_RANKING__INIT;
    rk.org_code = "";
    rk.quarter = quarter;
    rk.subject = "team";
    assert_int_equal(
        zt_call_body(prov, ZHUCUN__REQUEST__BODY_ASSESS_RANKING, &rk, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    const Zhucun__AssessRankingReply *rr = reply->assess_ranking;
    assert_int_equal(rr->n_rows, count("SELECT count(*) FROM assessment_published"
                                       " WHERE quarter = '%s' AND subject = 'team'",
                                       quarter));
    assert_int_equal(rr->n_rows, 3);
    for (size_t i = 0; i < rr->n_rows; i++) {
        assert_string_equal(rr->rows[i]->city_code, "140100000000");
        assert_true(i == 0 || rr->rows[i]->score <= rr->rows[i - 1]->score);
    }
    assert_int_equal(rr->rows[0]->city_rank, 1);
    zc_reply_free(reply);
    rk.limit = 2;
    assert_int_equal(
        zt_call_body(city, ZHUCUN__REQUEST__BODY_ASSESS_RANKING, &rk, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->assess_ranking->n_rows, 2);
    assert_true(reply->assess_ranking->truncated);
    zc_reply_free(reply);
    rk.limit = 0;
    rk.subject = "village";
    assert_int_equal(
        zt_call_body(prov, ZHUCUN__REQUEST__BODY_ASSESS_RANKING, &rk, NULL, "subject", NULL),
        ZHUCUN__CODE__INVALID_ARGUMENT);
}

/* Every kind exported incrementally — the rounds and circulars of 0130 (0150), the results
 * and scores: nothing new, then the last quarter's round's rows. */
static void test_export(void **state)
{
    (void)state;
    char c1[256], c2[256], r1[256], r2[256];
    char k1[256], k2[256], x1[256], x2[256];
    /* the rounds (the published one and the returned one) and the published round's circular */
    assert_int_equal(zt_export_rows(exporter, "assessment_rounds", "", "", k1, sizeof(k1)),
                     count("SELECT count(*) FROM assessment_rounds"));
    assert_int_equal(zt_export_rows(exporter, "circulars", "", "", x1, sizeof(x1)),
                     count("SELECT count(*) FROM circulars"));
    assert_true(count("SELECT count(*) FROM circulars WHERE kind = 'assessment'") >= 1);
    assert_int_equal(zt_export_rows(exporter, "assessment_rounds", "", k1, k2, sizeof(k2)), 0);
    assert_int_equal(zt_export_rows(exporter, "circulars", "", x1, x2, sizeof(x2)), 0);
    assert_int_equal(zt_export_rows(exporter, "assessment_results", "", "", r1, sizeof(r1)), 6);
    assert_int_equal(zt_export_rows(exporter, "assessment_scores", "", "", c1, sizeof(c1)), 36);
    assert_int_equal(zt_export_rows(exporter, "assessment_scores", "", c1, c2, sizeof(c2)), 0);
    int y, m, d;
    rules_civil_from_days(zt_today(), &y, &m, &d);
    char last[32];
    int q = (m - 1) / 3;
    snprintf(last, sizeof(last), "%04d-%02d-01", q == 0 ? y - 1 : y, q == 0 ? 10 : 3 * q - 2);
    assert_int_equal(open_round(county_a, COUNTY_A, last, "team", NULL, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(zt_export_rows(exporter, "assessment_rounds", "", k1, k2, sizeof(k2)), 1);
    assert_int_equal(zt_export_rows(exporter, "assessment_results", "", r1, r2, sizeof(r2)), 3);
    assert_int_equal(zt_export_rows(exporter, "assessment_scores", "", c1, c2, sizeof(c2)),
                     3 * count("SELECT count(*) FROM assessment_indicators"
                               " WHERE score_fn IS NOT NULL"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open),    cmocka_unit_test(test_scores_and_grades),
        cmocka_unit_test(test_publish), cmocka_unit_test(test_returned),
        cmocka_unit_test(test_reads),   cmocka_unit_test(test_export),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
