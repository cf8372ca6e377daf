/* test_training.c -- training and study (SPEC T1–T2) and the dispatching units' supervision (G2;
 * issue 22; docs/training.md): a team's study with its attendees (each refusal with its field,
 * keyed, audited, with its photo); the missed-weeks list against a direct SQL count of the
 * team-weeks with a member serving and no study, and the T2 duty rows the duty report reads;
 * training sessions and attendance, the untrained cadres and the sessions shorter than their
 * rule row, each against a direct SQL count; hearings and leader visits by a unit's
 * administrator or an office, the G2 counters, the units behind against a direct SQL count;
 * the study indicator registered in the assessment contract; every kind exported
 * incrementally. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"

#define PW       "correct horse battery"
#define CITY     "140100000000"
#define COUNTY_A "140105000000"
#define TOWN_A   "140105001000"
#define VA1      "140105001001"
#define VA2      "140105001002"
#define COUNTY_B "140106000000"
#define VB       "140106001001"

static struct zt_server srv;
static struct zc_client *prov, *county_a, *county_b, *cap_a1, *mem_a1, *cad_b, *uadm, *exporter;
static int64_t u_a, u_b, team_a1, team_a2, team_b, p_cap_a1, p_mem_a1, p_a2, p_b;
static char today[11];
static int year; /* the year of the training sessions: today's, or last year early in January */

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,学习一村,village\n"
                          "140105001002,学习二村,village\n"
                          "140106000000,迎泽区,county\n140106001000,柳巷街道,township\n"
                          "140106001001,学习三村,village\n";

#define count(...) zt_count(&srv, __VA_ARGS__)

/* The id a keyed write answered (0 when refused). */
static int64_t written(struct zc_client *c, int bc, void *body, const char *field,
                       Zhucun__Code want)
{
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call_body(c, bc, body, NULL, field, &reply), want);
    int64_t id = want == ZHUCUN__CODE__OK ? reply->study_record->id : 0;
    zc_reply_free(reply);
    return id;
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "training", NULL);
    rules_date_format(zt_today(), today);
    int y, m, d;
    rules_civil_from_days(zt_today() - 10, &y, &m, &d);
    year = y;
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", COUNTY_A, 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", COUNTY_B, 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", "140000000000", 0), 0);
    county_a = zt_login(&srv, "xiaodian", PW, NULL);
    county_b = zt_login(&srv, "yingze", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    u_a = zt_unit(prov, "小店区学习测试局", "county", COUNTY_A);
    u_b = zt_unit(prov, "迎泽区学习测试局", "county", COUNTY_B);
    team_a1 = zt_team(county_a, "village", VA1, "学习一村工作队");
    team_a2 = zt_team(county_a, "village", VA2, "学习二村工作队");
    team_b = zt_team(county_b, "village", VB, "学习三村工作队");
    cap_a1 = zt_cadre(&srv, county_a, team_a1, "cap-a1", VA1, "team_captain", "captain", u_a, PW,
                      &p_cap_a1);
    mem_a1 =
        zt_cadre(&srv, county_a, team_a1, "mem-a1", VA1, "cadre", "member", u_a, PW, &p_mem_a1);
    zc_close(zt_cadre(&srv, county_a, team_a2, "cad-a2", VA2, "cadre", "member", u_a, PW, &p_a2));
    cad_b = zt_cadre(&srv, county_b, team_b, "cad-b", VB, "cadre", "member", u_b, PW, &p_b);
    char initial[64];
    zt_user_add(county_a, "uadm-a", "单位管理员", COUNTY_A, "unit_admin", u_a, initial);
    uadm = zt_first_login(&srv, "uadm-a", initial, PW);
    /* the teams and their cadres since the rules' first year: every week of the span owed */
    free(zt_sql(&srv, "UPDATE teams SET established = '2022-07-01'"));
    free(zt_sql(&srv, "UPDATE memberships SET start_date = '2022-07-01'"));
    /* duties tracked from half a year back (the system "went live" then), so that the missed
     * weeks' span holds a dozen weeks whatever today is */
    free(zt_sql(&srv, "UPDATE visit_duty_start SET start ="
                      " date_trunc('month', zc_today() - 180)::date"));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct zc_client *all[] = {prov, county_a, county_b, cap_a1, mem_a1, cad_b, uadm, exporter};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        zc_close(all[i]);
    zt_server_finish(&srv);
    return 0;
}

/* ---- T2 ---- */

static Zhucun__StudyRecord study(const char *day, int64_t *people, size_t n)
{
    Zhucun__StudyRecord s = ZHUCUN__STUDY_RECORD__INIT;
    s.held_on = (char *)day;
    s.topic = "学习习近平总书记关于乡村振兴的重要论述";
    s.attendees = people;
    s.n_attendees = n;
    return s;
}

/* Who records a study, of which team, with whom; each refusal names its field; keyed once. */
static void test_study_record(void **state)
{
    (void)state;
    long long audited = count("SELECT count(*) FROM audit WHERE action = 'study.record'");
    int64_t both[] = {p_cap_a1, p_mem_a1};
    uint8_t sha[32];
    memset(sha, 0x5d, sizeof(sha));
    zt_attach_evidence(&srv, "cap-a1", sha);
    ProtobufCBinaryData ev = {32, sha};
    Zhucun__StudyRecord s = study(today, both, 2);
    s.evidence = &ev;
    s.n_evidence = 1;
    int64_t id = written(cap_a1, ZHUCUN__REQUEST__BODY_STUDY_RECORD, &s, NULL, ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM study_sessions WHERE id = %lld AND team_id = %lld"
                           " AND village_code = '" VA1 "'",
                           (long long)id, (long long)team_a1),
                     1);
    assert_int_equal(
        count("SELECT count(*) FROM study_attendees WHERE session_id = %lld", (long long)id), 2);
    assert_int_equal(count("SELECT count(*) FROM attachment_links WHERE kind = 'study_session'"
                           " AND record_id = %lld",
                           (long long)id),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'study.record'"),
                     audited + 1);
    /* the same day again */
    s = study(today, both, 2);
    written(mem_a1, ZHUCUN__REQUEST__BODY_STUDY_RECORD, &s, "held_on",
            ZHUCUN__CODE__ALREADY_EXISTS);
    /* an attendee of another team; another team; no attendee; a day to come */
    char yesterday[11];
    rules_date_format(zt_today() - 1, yesterday);
    int64_t stray[] = {p_cap_a1, p_b};
    s = study(yesterday, stray, 2);
    written(cap_a1, ZHUCUN__REQUEST__BODY_STUDY_RECORD, &s, "attendees",
            ZHUCUN__CODE__FAILED_PRECONDITION);
    s = study(yesterday, both, 2);
    s.team_id = team_b;
    written(cap_a1, ZHUCUN__REQUEST__BODY_STUDY_RECORD, &s, "team_id", ZHUCUN__CODE__NOT_FOUND);
    s = study(yesterday, both, 0);
    written(cap_a1, ZHUCUN__REQUEST__BODY_STUDY_RECORD, &s, "attendees",
            ZHUCUN__CODE__INVALID_ARGUMENT);
    int64_t twice[] = {p_cap_a1, p_cap_a1};
    s = study(yesterday, twice, 2);
    written(cap_a1, ZHUCUN__REQUEST__BODY_STUDY_RECORD, &s, "attendees",
            ZHUCUN__CODE__INVALID_ARGUMENT);
    char tomorrow[11];
    rules_date_format(zt_today() + 1, tomorrow);
    s = study(tomorrow, both, 2);
    written(cap_a1, ZHUCUN__REQUEST__BODY_STUDY_RECORD, &s, "held_on",
            ZHUCUN__CODE__INVALID_ARGUMENT);
    /* the county office does not record a team's study */
    s = study(yesterday, both, 2);
    s.team_id = team_a1;
    written(county_a, ZHUCUN__REQUEST__BODY_STUDY_RECORD, &s, NULL,
            ZHUCUN__CODE__PERMISSION_DENIED);
    /* keyed: applied once */
    Zhucun__Reply *r1 = NULL, *r2 = NULL;
    assert_int_equal(
        zt_call_body(mem_a1, ZHUCUN__REQUEST__BODY_STUDY_RECORD, &s, "study-key-1", NULL, &r1),
        ZHUCUN__CODE__OK);
    assert_int_equal(
        zt_call_body(mem_a1, ZHUCUN__REQUEST__BODY_STUDY_RECORD, &s, "study-key-1", NULL, &r2),
        ZHUCUN__CODE__OK);
    assert_int_equal(r1->study_record->id, r2->study_record->id);
    zc_reply_free(r1);
    zc_reply_free(r2);
    assert_int_equal(count("SELECT count(*) FROM study_sessions WHERE team_id = %lld AND held_on ="
                           " '%s'",
                           (long long)team_a1, yesterday),
                     1);
    /* the list: the team's own, the county's */
    Zhucun__StudyList l = ZHUCUN__STUDY_LIST__INIT;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_STUDY_LIST, &l, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->study_list->n_sessions, 2);
    assert_int_equal(reply->study_list->sessions[0]->attendees, 2);
    assert_int_equal(reply->study_list->sessions[0]->evidence, 1);
    zc_reply_free(reply);
    assert_int_equal(zt_call_body(cad_b, ZHUCUN__REQUEST__BODY_STUDY_LIST, &l, NULL, NULL, &reply),
                     ZHUCUN__CODE__OK);
    assert_int_equal(reply->study_list->n_sessions, 0);
    zc_reply_free(reply);
}

/* The direct count of the missed team-weeks of county A in [from, to]: weeks ended before today,
 * tracked (ending on or after the duty start), the team established and a member serving in
 * the week, and no study in it. */
static long long missed_direct(const char *from, const char *to)
{
    return count("SELECT count(*) FROM teams t"
                 " CROSS JOIN generate_series(date_trunc('week', '%s'::date)::date, '%s'::date,"
                 "  interval '7 days') g"
                 " CROSS JOIN LATERAL (SELECT g::date AS w) x"
                 " WHERE t.org_code LIKE '140105%%' AND x.w + 6 < zc_today()"
                 " AND x.w + 6 >= zc_duty_start() AND t.established <= x.w + 6"
                 " AND EXISTS (SELECT 1 FROM memberships m WHERE m.team_id = t.id"
                 "  AND m.start_date <= x.w + 6 AND (m.end_date IS NULL OR m.end_date >= x.w))"
                 " AND NOT EXISTS (SELECT 1 FROM study_sessions s WHERE s.team_id = t.id"
                 "  AND s.held_on BETWEEN x.w AND x.w + 6)",
                 from, to);
}

/* The missed weeks: what the T2 duty rows leave unmet, equal to a direct count. */
static void test_study_missed(void **state)
{
    (void)state;
    /* twelve weeks back, team A1 studied on the Wednesdays of the even weeks */
    free(zt_sql(&srv, "INSERT INTO study_sessions (team_id, village_code, held_on, topic)"
                      " SELECT t.id, t.org_code, date_trunc('week', zc_today())::date - 7 * k + 2,"
                      "  '测试学习' FROM teams t, generate_series(2, 12, 2) k"
                      " WHERE t.org_code = '" VA1 "'"
                      " ON CONFLICT DO NOTHING"));
    char from[11], to[11];
    rules_date_format(zt_today() - 84, from);
    rules_date_format(zt_today(), to);
    Zhucun__StudyMissed m = ZHUCUN__STUDY_MISSED__INIT;
    m.from_day = from;
    m.to_day = to;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_STUDY_MISSED, &m, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    long long direct = missed_direct(from, to);
    assert_true(direct > 10);
    assert_int_equal(reply->study_missed->total, direct);
    assert_int_equal(reply->study_missed->n_weeks, direct);
    zc_reply_free(reply);
    /* the duty engine agrees: the unmet T2 rows of county A in the span's ended weeks */
    assert_int_equal(count("SELECT count(*) FROM duty_rules r, zc_duty_subject_rows(r.id,"
                           " '140105', '%s', '%s') d WHERE r.code = 'T2' AND NOT d.met"
                           " AND d.period_last < zc_today()",
                           from, to),
                     direct);
    /* a cut list still says how many; a place out of scope is refused */
    m.limit = 3;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_STUDY_MISSED, &m, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->study_missed->n_weeks, 3);
    assert_true(reply->study_missed->truncated);
    assert_int_equal(reply->study_missed->total, direct);
    zc_reply_free(reply);
    m.limit = 0;
    m.org_code = VB;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_STUDY_MISSED, &m, NULL, "org_code", NULL),
        ZHUCUN__CODE__NOT_FOUND);
    m.org_code = "";
    m.from_day = to;
    m.to_day = from;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_STUDY_MISSED, &m, NULL, "from_day", NULL),
        ZHUCUN__CODE__INVALID_ARGUMENT);
}

/* The study indicator, registered in the assessment contract: the share of the quarter's ended
 * weeks with a study, for teams; for cadres the share they attended. */
static void test_study_indicator(void **state)
{
    (void)state;
    assert_int_equal(count("SELECT count(*) FROM assessment_indicators WHERE code = 'study'"
                           " AND score_fn = 'zc_study_indicator(text,date,text)'::regprocedure"),
                     1);
    /* last quarter: team A1's weeks with a study among its weeks, as a direct count */
    const char *q = "(date_trunc('quarter', zc_today()) - interval '3 months')::date";
    char sql[2000];
    snprintf(sql, sizeof(sql),
             "SELECT score || ' ' || evidence FROM zc_study_indicator('" COUNTY_A "', %s, 'team')"
             " WHERE team_id = %lld",
             q, (long long)team_a1);
    char *got = zt_sql(&srv, sql);
    snprintf(sql, sizeof(sql),
             "SELECT round(100.0 * count(*) FILTER (WHERE EXISTS (SELECT 1 FROM study_sessions s"
             "  WHERE s.team_id = %lld AND s.held_on BETWEEN w AND w + 6)) / count(*), 2)"
             " || ' 集体学习 ' || count(*) FILTER (WHERE EXISTS (SELECT 1 FROM study_sessions s"
             "  WHERE s.team_id = %lld AND s.held_on BETWEEN w AND w + 6)) || '/' || count(*)"
             " || ' 周' FROM (SELECT g::date AS w FROM generate_series(%s, %s + interval '3 months'"
             " - interval '1 day', interval '1 day') g WHERE extract(isodow FROM g) = 1"
             " AND g::date + 6 < zc_today()) x",
             (long long)team_a1, (long long)team_a1, q, q);
    char *want = zt_sql(&srv, sql);
    assert_string_equal(got, want);
    free(got);
    free(want);
    /* this quarter: only its weeks that have ended count (none yet: 100, 无已结束的周) */
    const char *cur = "date_trunc('quarter', zc_today())::date";
    snprintf(sql, sizeof(sql),
             "SELECT evidence FROM zc_study_indicator('" COUNTY_A "', %s, 'team')"
             " WHERE team_id = %lld",
             cur, (long long)team_a1);
    got = zt_sql(&srv, sql);
    snprintf(sql, sizeof(sql),
             "SELECT CASE count(*) WHEN 0 THEN '无已结束的周' ELSE '/' || count(*) || ' 周' END"
             " FROM generate_series(%s, %s + interval '3 months' - interval '1 day',"
             " interval '1 day') g WHERE extract(isodow FROM g) = 1 AND g::date + 6 < zc_today()",
             cur, cur);
    want = zt_sql(&srv, sql);
    printf("study: this quarter's evidence %s (want %s)\n", got, want);
    assert_non_null(strstr(got, want));
    free(got);
    free(want);
    /* every team and cadre of the county's cohort gets a score */
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM zc_study_indicator('" COUNTY_A "', %s, 'cadre')"
             " WHERE score BETWEEN 0 AND 100",
             q);
    char *cadres = zt_sql(&srv, sql);
    assert_int_equal(atoll(cadres), 3);
    free(cadres);
}

/* ---- T1 ---- */

static int64_t session_add(struct zc_client *c, const char *org, const char *audience,
                           const char *first, const char *last, const char *field,
                           Zhucun__Code want)
{
    Zhucun__TrainingSessionAdd a = ZHUCUN__TRAINING_SESSION_ADD__INIT;
    a.org_code = (char *)org;
    a.title = "驻村干部全员培训";
    a.audience = (char *)audience;
    a.starts_on = (char *)first;
    a.ends_on = (char *)last;
    return written(c, ZHUCUN__REQUEST__BODY_TRAINING_SESSION_ADD, &a, field, want);
}

static Zhucun__Code attend(struct zc_client *c, int64_t session, int64_t *people, size_t n,
                           const char *first, const char *last, const char *field)
{
    Zhucun__TrainingAttend a = ZHUCUN__TRAINING_ATTEND__INIT;
    a.session_id = session;
    a.attendees = people;
    a.n_attendees = n;
    a.from_day = (char *)first;
    a.to_day = (char *)last;
    return zt_call_body(c, ZHUCUN__REQUEST__BODY_TRAINING_ATTEND, &a, NULL, field, NULL);
}

static void test_training(void **state)
{
    (void)state;
    char d1[11], d2[11], d3[11], d9[11];
    snprintf(d1, sizeof(d1), "%04d-01-02", year);
    snprintf(d2, sizeof(d2), "%04d-01-03", year);
    snprintf(d3, sizeof(d3), "%04d-01-04", year);
    snprintf(d9, sizeof(d9), "%04d-01-09", year);
    /* a county full-staff session of two days (short: the rule row says three) and one of three;
     * a provincial one-day session for first secretaries (no rule row: never short) */
    int64_t s_short = session_add(county_a, COUNTY_A, "all", d1, d2, NULL, ZHUCUN__CODE__OK);
    int64_t s_full = session_add(county_a, COUNTY_A, "all", d1, d3, NULL, ZHUCUN__CODE__OK);
    session_add(prov, "140000000000", "first_secretary", d1, d1, NULL, ZHUCUN__CODE__OK);
    session_add(county_b, COUNTY_B, "all", d1, d2, NULL, ZHUCUN__CODE__OK);
    /* refusals */
    session_add(county_a, COUNTY_B, "all", d1, d3, "org_code", ZHUCUN__CODE__NOT_FOUND);
    session_add(county_a, VA1, "all", d1, d3, "org_code", ZHUCUN__CODE__INVALID_ARGUMENT);
    session_add(county_a, COUNTY_A, "everyone", d1, d3, "audience", ZHUCUN__CODE__INVALID_ARGUMENT);
    session_add(county_a, COUNTY_A, "all", d3, d1, "ends_on", ZHUCUN__CODE__INVALID_ARGUMENT);
    session_add(cap_a1, COUNTY_A, "all", d1, d3, NULL, ZHUCUN__CODE__PERMISSION_DENIED);
    /* attendance: A1's two cadres; not B's cadre (out of scope), not twice, within the days */
    int64_t a1[] = {p_cap_a1, p_mem_a1};
    assert_int_equal(attend(county_a, s_full, a1, 2, d1, d3, NULL), ZHUCUN__CODE__OK);
    int64_t b[] = {p_b};
    assert_int_equal(attend(county_a, s_full, b, 1, d1, d3, "attendees"),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(attend(county_a, s_full, a1, 1, d1, d3, "attendees"),
                     ZHUCUN__CODE__ALREADY_EXISTS);
    int64_t a2[] = {p_a2};
    assert_int_equal(attend(county_a, s_short, a2, 1, d1, d9, "from_day"),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(attend(county_a, s_short + 1000, a2, 1, d1, d2, "session_id"),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'training.attend'"), 1);

    /* the short sessions of county A, as a direct count */
    Zhucun__TrainingShort s = ZHUCUN__TRAINING_SHORT__INIT;
    s.year = (uint32_t)year;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_TRAINING_SHORT, &s, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    long long short_direct =
        count("SELECT count(*) FROM training_sessions t WHERE t.org_code LIKE '140105%%'"
              " AND extract(year FROM t.starts_on) = %d AND t.ends_on - t.starts_on + 1 <"
              " (SELECT r.min_days FROM training_min_days r WHERE r.level = t.level"
              "  AND r.audience = t.audience AND r.valid_from <= t.starts_on"
              "  ORDER BY r.valid_from DESC LIMIT 1)",
              year);
    assert_int_equal(short_direct, 1);
    assert_int_equal(reply->training_short->n_sessions, short_direct);
    assert_int_equal(reply->training_short->sessions[0]->id, s_short);
    assert_int_equal(reply->training_short->sessions[0]->days, 2);
    assert_int_equal(reply->training_short->sessions[0]->min_days, 3);
    zc_reply_free(reply);
    /* the province sees every county's */
    assert_int_equal(
        zt_call_body(prov, ZHUCUN__REQUEST__BODY_TRAINING_SHORT, &s, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->training_short->n_sessions, 2);
    zc_reply_free(reply);
    /* the list: the county's sessions with their attendance */
    Zhucun__TrainingList l = ZHUCUN__TRAINING_LIST__INIT;
    l.year = (uint32_t)year;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_TRAINING_LIST, &l, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->training_list->n_sessions, 2);
    assert_int_equal(reply->training_list->sessions[0]->attendees +
                         reply->training_list->sessions[1]->attendees,
                     2);
    zc_reply_free(reply);

    /* the untrained cadres of county A: serving on the deadline (or today, before it), none of
     * the year's attendance up to the deadline; as a direct count */
    Zhucun__TrainingUntrained u = ZHUCUN__TRAINING_UNTRAINED__INIT;
    u.year = (uint32_t)year;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_TRAINING_UNTRAINED, &u, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    long long untrained_direct = count(
        "SELECT count(DISTINCT m.person_id) FROM memberships m JOIN teams t ON t.id = m.team_id"
        " CROSS JOIN (SELECT least(make_date(%d, 8, 31), zc_today()) AS d) x"
        " WHERE t.org_code LIKE '140105%%' AND m.start_date <= x.d"
        " AND (m.end_date IS NULL OR m.end_date >= x.d)"
        " AND NOT EXISTS (SELECT 1 FROM training_attendance a WHERE a.person_id = m.person_id"
        "  AND a.from_day BETWEEN make_date(%d, 1, 1) AND make_date(%d, 8, 31))",
        year, year, year);
    assert_int_equal(untrained_direct, 1);
    assert_int_equal(reply->training_untrained->n_cadres, untrained_direct);
    assert_int_equal(reply->training_untrained->cadres[0]->person_id, p_a2);
    char deadline[11];
    snprintf(deadline, sizeof(deadline), "%04d-08-31", year);
    assert_string_equal(reply->training_untrained->deadline, deadline);
    zc_reply_free(reply);
    /* a rule row moving the deadline to 1 January from this year on: the attendance of 2 January
     * no longer counts (the rule in force for the year) */
    char sql[300];
    snprintf(sql, sizeof(sql),
             "INSERT INTO training_deadlines (month, day, valid_from) VALUES (1, 1, '%04d-01-01')",
             year);
    free(zt_sql(&srv, sql));
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_TRAINING_UNTRAINED, &u, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->training_untrained->n_cadres, 3);
    snprintf(deadline, sizeof(deadline), "%04d-01-01", year);
    assert_string_equal(reply->training_untrained->deadline, deadline);
    zc_reply_free(reply);
    snprintf(sql, sizeof(sql), "DELETE FROM training_deadlines WHERE valid_from = '%04d-01-01'",
             year);
    free(zt_sql(&srv, sql));
    /* a team's cadre does not read the lists */
    assert_int_equal(
        zt_call_body(cap_a1, ZHUCUN__REQUEST__BODY_TRAINING_UNTRAINED, &u, NULL, NULL, NULL),
        ZHUCUN__CODE__PERMISSION_DENIED);
}

/* ---- G2 ---- */

static Zhucun__Code supervise(struct zc_client *c, const char *kind, int64_t unit, int64_t team,
                              const char *day, const char *field)
{
    Zhucun__UnitSupervisionRecord s = ZHUCUN__UNIT_SUPERVISION_RECORD__INIT;
    s.kind = (char *)kind;
    s.unit_id = unit;
    s.team_id = team;
    s.held_on = (char *)day;
    s.who = "张主任";
    s.note = "听取工作队季度工作汇报";
    return zt_call_body(c, ZHUCUN__REQUEST__BODY_UNIT_SUPERVISION_RECORD, &s, NULL, field, NULL);
}

/* The direct count of the units behind on today: a cadre of the unit (the membership's unit)
 * serving in the quarter without a hearing in it, or in the year with fewer than two leader
 * visits in it. */
static long long behind_direct(void)
{
    return count(
        "WITH q AS (SELECT date_trunc('quarter', zc_today())::date AS qf,"
        "  (date_trunc('quarter', zc_today()) + interval '3 months - 1 day')::date AS ql,"
        "  date_trunc('year', zc_today())::date AS yf,"
        "  (date_trunc('year', zc_today()) + interval '1 year - 1 day')::date AS yl)"
        " SELECT count(*) FROM dispatch_units u, q WHERE"
        " (EXISTS (SELECT 1 FROM memberships m WHERE m.unit_id = u.id AND m.start_date <= q.ql"
        "   AND (m.end_date IS NULL OR m.end_date >= q.qf))"
        "  AND NOT EXISTS (SELECT 1 FROM unit_supervisions s WHERE s.unit_id = u.id"
        "   AND s.kind = 'hearing' AND s.held_on BETWEEN q.qf AND q.ql))"
        " OR (EXISTS (SELECT 1 FROM memberships m WHERE m.unit_id = u.id AND m.start_date <= q.yl"
        "   AND (m.end_date IS NULL OR m.end_date >= q.yf))"
        "  AND (SELECT count(*) FROM unit_supervisions s WHERE s.unit_id = u.id"
        "   AND s.kind = 'leader_visit' AND s.held_on BETWEEN q.yf AND q.yl) < 2)");
}

static void test_units(void **state)
{
    (void)state;
    Zhucun__UnitsBehind b = ZHUCUN__UNITS_BEHIND__INIT;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call_body(prov, ZHUCUN__REQUEST__BODY_UNITS_BEHIND, &b, NULL, NULL, &reply),
                     ZHUCUN__CODE__OK);
    assert_int_equal(reply->units_behind->n_units, 2); /* nothing recorded yet */
    assert_int_equal(behind_direct(), 2);
    zc_reply_free(reply);
    /* the unit's administrator: a hearing of its team; not another unit's, not a team where
     * none of its cadres serve */
    long long audited = count("SELECT count(*) FROM audit WHERE action LIKE 'unit.%%'");
    assert_int_equal(supervise(uadm, "hearing", u_a, team_a1, today, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(supervise(uadm, "hearing", u_a, team_a1, today, "held_on"),
                     ZHUCUN__CODE__ALREADY_EXISTS);
    assert_int_equal(supervise(uadm, "hearing", u_b, team_b, today, "unit_id"),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(supervise(uadm, "leader_visit", u_a, team_b, today, "team_id"),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(supervise(prov, "leader_visit", u_a, team_b, today, "team_id"),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(supervise(uadm, "visit", u_a, team_a1, today, "kind"),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(supervise(cap_a1, "hearing", u_a, team_a1, today, NULL),
                     ZHUCUN__CODE__PERMISSION_DENIED);
    /* an office: county B records its unit's leader visit; not county A's unit */
    assert_int_equal(supervise(county_b, "leader_visit", u_b, team_b, today, NULL),
                     ZHUCUN__CODE__OK);
    assert_int_equal(supervise(county_b, "leader_visit", u_a, team_a1, today, "unit_id"),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action LIKE 'unit.%%'"), audited + 2);
    /* keyed: a retried visit is applied once */
    Zhucun__UnitSupervisionRecord k = ZHUCUN__UNIT_SUPERVISION_RECORD__INIT;
    k.kind = "leader_visit";
    k.unit_id = u_b;
    k.team_id = team_b;
    k.held_on = today;
    k.who = "王局长";
    Zhucun__Reply *r1 = NULL, *r2 = NULL;
    assert_int_equal(zt_call_body(county_b, ZHUCUN__REQUEST__BODY_UNIT_SUPERVISION_RECORD, &k,
                                  "g2-key-1", "held_on", NULL),
                     ZHUCUN__CODE__ALREADY_EXISTS); /* today's visit at team B exists */
    k.held_on = "2022-07-04";                       /* a cadre of B's unit served there then */
    assert_int_equal(zt_call_body(county_b, ZHUCUN__REQUEST__BODY_UNIT_SUPERVISION_RECORD, &k,
                                  "g2-key-2", NULL, &r1),
                     ZHUCUN__CODE__OK);
    assert_int_equal(zt_call_body(county_b, ZHUCUN__REQUEST__BODY_UNIT_SUPERVISION_RECORD, &k,
                                  "g2-key-2", NULL, &r2),
                     ZHUCUN__CODE__OK);
    assert_int_equal(r1->study_record->id, r2->study_record->id);
    zc_reply_free(r1);
    zc_reply_free(r2);
    assert_int_equal(count("SELECT count(*) FROM unit_supervisions WHERE who = '王局长'"), 1);
    /* A: the hearing, no visit yet: behind; two visits: not behind. B: one visit, no hearing */
    assert_int_equal(zt_call_body(prov, ZHUCUN__REQUEST__BODY_UNITS_BEHIND, &b, NULL, NULL, &reply),
                     ZHUCUN__CODE__OK);
    assert_int_equal(reply->units_behind->n_units, behind_direct());
    assert_int_equal(reply->units_behind->n_units, 2);
    zc_reply_free(reply);
    /* the second visit: yesterday, unless yesterday was last year (a year's visits count) */
    char earlier[11];
    int y0, y1, m, d;
    rules_civil_from_days(zt_today(), &y0, &m, &d);
    rules_civil_from_days(zt_today() - 1, &y1, &m, &d);
    rules_date_format(y1 == y0 ? zt_today() - 1 : zt_today(), earlier);
    assert_int_equal(supervise(uadm, "leader_visit", u_a, team_a1, today, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(supervise(uadm, "leader_visit", u_a, team_a2, earlier, NULL),
                     ZHUCUN__CODE__OK);
    assert_int_equal(zt_call_body(prov, ZHUCUN__REQUEST__BODY_UNITS_BEHIND, &b, NULL, NULL, &reply),
                     ZHUCUN__CODE__OK);
    long long direct = behind_direct();
    assert_int_equal(direct, 1);
    assert_int_equal(reply->units_behind->n_units, direct);
    const Zhucun__UnitBehind *ub = reply->units_behind->units[0];
    assert_int_equal(ub->unit_id, u_b);
    assert_int_equal(ub->hearings, 0);
    assert_int_equal(ub->hearings_required, 1);
    assert_int_equal(ub->visits, 1);
    assert_int_equal(ub->visits_required, 2);
    zc_reply_free(reply);
    /* the G2 duty rows are met by the records (the duty report's engine) */
    assert_int_equal(count("SELECT count(*) FROM duty_rules r, zc_duty_subject_rows(r.id, '14',"
                           " zc_today(), zc_today()) d WHERE r.code IN ('G2-hearing', 'G2-leader')"
                           " AND d.subject_key = '%lld' AND d.met",
                           (long long)u_a),
                     2);
    /* the unit's administrator sees its own unit only; county A's office its county's */
    assert_int_equal(zt_call_body(uadm, ZHUCUN__REQUEST__BODY_UNITS_BEHIND, &b, NULL, NULL, &reply),
                     ZHUCUN__CODE__OK);
    assert_int_equal(reply->units_behind->n_units, 0);
    zc_reply_free(reply);
    assert_int_equal(
        zt_call_body(county_b, ZHUCUN__REQUEST__BODY_UNITS_BEHIND, &b, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->units_behind->n_units, 1);
    zc_reply_free(reply);
    b.org_code = COUNTY_B;
    assert_int_equal(
        zt_call_body(uadm, ZHUCUN__REQUEST__BODY_UNITS_BEHIND, &b, NULL, "org_code", NULL),
        ZHUCUN__CODE__NOT_FOUND);
    /* the records: the unit's administrator's unit */
    Zhucun__UnitSupervisionList sl = ZHUCUN__UNIT_SUPERVISION_LIST__INIT;
    assert_int_equal(
        zt_call_body(uadm, ZHUCUN__REQUEST__BODY_UNIT_SUPERVISION_LIST, &sl, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->unit_supervision_list->n_records,
                     count("SELECT count(*) FROM unit_supervisions WHERE unit_id = %lld"
                           " AND extract(year FROM held_on) = extract(year FROM zc_today())",
                           (long long)u_a));
    zc_reply_free(reply);
    sl.kind = "hearing";
    assert_int_equal(zt_call_body(county_b, ZHUCUN__REQUEST__BODY_UNIT_SUPERVISION_LIST, &sl, NULL,
                                  NULL, &reply),
                     ZHUCUN__CODE__OK);
    assert_int_equal(reply->unit_supervision_list->n_records, 0);
    zc_reply_free(reply);
}

/* Every kind exported incrementally. */
static void test_export(void **state)
{
    (void)state;
    static const char *const kinds[] = {"study_sessions", "study_attendees", "training_sessions",
                                        "training_attendance", "unit_supervisions"};
    char c1[512], c2[512], sql[200];
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", kinds[i]);
        long long n = count("%s", sql);
        assert_true(n > 0);
        assert_int_equal(zt_export_rows(exporter, kinds[i], "", "", c1, sizeof(c1)), n);
    }
    zt_export_rows(exporter, "study_sessions", "", "", c1, sizeof(c1));
    assert_int_equal(zt_export_rows(exporter, "study_sessions", "", c1, c2, sizeof(c2)), 0);
    char day[11];
    rules_date_format(zt_today() - 2, day);
    int64_t one[] = {p_mem_a1};
    Zhucun__StudyRecord s = study(day, one, 1);
    written(mem_a1, ZHUCUN__REQUEST__BODY_STUDY_RECORD, &s, NULL, ZHUCUN__CODE__OK);
    assert_int_equal(zt_export_rows(exporter, "study_sessions", "", c1, c2, sizeof(c2)), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_study_record),    cmocka_unit_test(test_study_missed),
        cmocka_unit_test(test_study_indicator), cmocka_unit_test(test_training),
        cmocka_unit_test(test_units),           cmocka_unit_test(test_export),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
