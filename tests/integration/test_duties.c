/* test_duties.c -- every periodic duty a rule row (SPEC R1; issue 16; docs/duties.md): the
 * period arithmetic in SQL and C agree day by day; V1-V4 moved unchanged; overlapping versions
 * refused; the duty report equals direct SQL counts for V1-V4, A2 and a counted rule (T2 with
 * a counter of the test's own records); A2 judged in SQL as the attendance calls judge it in
 * C; a rule changed from a date judges the weeks before by the old version; the T2, M8, G1 and
 * G2 rows in force and in every due list they concern. Date-sensitive: runs at the pinned
 * dates of tests/CMakeLists.txt too. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/attendance.h"
#include "common/rules/date.h"
#include "common/rules/idcard.h"
#include "common/rules/visits.h"

#define PW      "correct horse battery"
#define COUNTY  "140105000000"
#define TWP     "140105001000"
#define VA      "140105001001"
#define VB      "140105001002"
#define CITY    "140100000000"
#define PROV    "140000000000"
#define OUTSIDE "140106000000"

static struct zt_server srv;
static struct zc_client *prov, *county, *captain, *member, *towner, *uadm;
static int64_t unit_id, team_a, team_b, team_t, captain_person, member_person, towner_person;
static char today[11], month[8], week[9];
static int today_d;

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n140106000000,迎泽区,county\n";

/* The SQLSTATE of sql run as the administrator ("" when it succeeds). */
static const char *sqlstate(const char *sql)
{
    static char state[8];
    PGconn *pg = zt_pg_admin(&srv);
    PGresult *res = PQexec(pg, sql);
    const char *s = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    snprintf(state, sizeof(state), "%s", s != NULL ? s : "");
    PQclear(res);
    PQfinish(pg);
    return state;
}

static void sqlf(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void sqlf(char *out, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, cap, fmt, ap);
    va_end(ap);
}

static int64_t add_household(const char *village, const char *category, int serial)
{
    char id[19];
    snprintf(id, sizeof(id), "14010519810101%03d", serial);
    id[17] = rules_idcard_check_char(id);
    id[18] = '\0';
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    Zhucun__HouseholdMember *mp = &m;
    m.name = "任务户主";
    m.relation = "head";
    m.id_number = id;
    m.labour = "full";
    m.health = "healthy";
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    h.village_code = (char *)village;
    h.category = (char *)category;
    h.since = "2025-01-01";
    h.n_members = 1;
    h.members = &mp;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    hc.household = &h;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE;
    req.household_create = &hc;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
    int64_t hid = reply->household->id;
    zc_reply_free(reply);
    return hid;
}

/* A visit logged by the database directly (any village, any cadre), as test_visits does. */
static void visit_sql(int64_t household, const char *village, const char *day, const char *mode,
                      int64_t cadre)
{
    char sql[512];
    if (household > 0)
        sqlf(sql, sizeof(sql),
             "INSERT INTO visits (visit_date, household_id, village_code, mode, cadre_ids)"
             " VALUES ('%s', %lld, '%s', '%s', '{%lld}')",
             day, (long long)household, village, mode, (long long)cadre);
    else
        sqlf(sql, sizeof(sql),
             "INSERT INTO visits (visit_date, village_code, mode, cadre_ids)"
             " VALUES ('%s', '%s', '%s', '{%lld}')",
             day, village, mode, (long long)cadre);
    free(zt_sql(&srv, sql));
}

static int setup(void **state)
{
    (void)state;
    today_d = zt_today();
    rules_date_format(today_d, today);
    snprintf(month, sizeof(month), "%.7s", today);
    rules_week_format(today_d, week);
    zt_server_start(&srv, "duties", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", PROV, 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", COUNTY, 0), 0);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    unit_id = zt_unit(county, "小店区农业农村局", "county", COUNTY);
    team_a = zt_team(county, "village", VA, "测试一村工作队");
    team_b = zt_team(county, "village", VB, "测试二村工作队");
    team_t = zt_team(county, "township", TWP, "坞城街道工作队");
    captain = zt_cadre(&srv, county, team_a, "captain-a", VA, "team_captain", "captain", unit_id,
                       PW, &captain_person);
    member =
        zt_cadre(&srv, county, team_b, "member-b", VB, "cadre", "member", 0, PW, &member_person);
    towner = zt_cadre(&srv, county, team_t, "member-t", TWP, "cadre", "member", unit_id, PW,
                      &towner_person);
    /* the unit's administrator: an account with a unit_admin grant for the unit */
    assert_int_equal(zt_useradd(&srv, "uadm", PW, "county_office", OUTSIDE, 0), 0);
    char sql[512];
    sqlf(sql, sizeof(sql),
         "INSERT INTO role_grants (user_id, role, scope_code, unit_id)"
         " SELECT id, 'unit_admin', '%s', %lld FROM users WHERE username = 'uadm';"
         " DELETE FROM role_grants WHERE role = 'county_office' AND scope_code = '%s'",
         COUNTY, (long long)unit_id, OUTSIDE);
    free(zt_sql(&srv, sql));
    uadm = zt_login(&srv, "uadm", PW, NULL);

    /* households and visits: some duties met, some not */
    int64_t h1 = add_household(VA, "monitored", 1), h2 = add_household(VA, "ordinary", 2);
    int64_t h3 = add_household(VB, "poverty_alleviated", 3);
    add_household(VB, "ordinary", 4);
    char *start = zt_sql(&srv, "SELECT zc_duty_start()");
    visit_sql(h1, VA, start, "in_person", captain_person);
    visit_sql(h2, VA, today, "in_person", captain_person);
    visit_sql(h3, VB, today, "phone", member_person); /* a phone visit does not meet V1 */
    visit_sql(0, VB, today, "in_person", towner_person);
    free(start);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(prov);
    zc_close(county);
    zc_close(captain);
    zc_close(member);
    zc_close(towner);
    zc_close(uadm);
    zt_server_finish(&srv);
    return 0;
}

/* ---- periods ---- */

/* zc_period_bounds against rules_period_containing for every kind and every day of from..to. */
static void periods_agree(const char *from, const char *to)
{
    int ok = 1, a = rules_date_days(from, &ok), b = rules_date_days(to, &ok);
    assert_true(ok);
    for (int k = PERIOD_HALF_MONTH; k <= PERIOD_YEAR; k++) {
        const char *kind = rules_period_kind_name((enum period_kind)k);
        char sql[512];
        sqlf(sql, sizeof(sql),
             "SELECT string_agg(b.first || ',' || b.last, ';' ORDER BY d)"
             " FROM generate_series('%s'::date, '%s'::date, interval '1 day') d,"
             " zc_period_bounds('%s', d::date) b",
             from, to, kind);
        char *got = zt_sql(&srv, sql);
        char *want = calloc((size_t)(b - a + 1), 22);
        size_t len = 0;
        for (int d = a; d <= b; d++) {
            struct period p = rules_period_containing((enum period_kind)k, d);
            char f[11], l[11];
            rules_date_format(p.first, f);
            rules_date_format(p.last, l);
            len += (size_t)sprintf(want + len, "%s%s,%s", d > a ? ";" : "", f, l);
        }
        if (strcmp(got, want) != 0)
            fprintf(stderr, "period kind %s from %s to %s differs\n", kind, from, to);
        assert_string_equal(got, want);
        /* the series of periods over the range is the chain of those periods */
        sqlf(sql, sizeof(sql),
             "SELECT string_agg(first || ',' || last, ';' ORDER BY first)"
             " FROM zc_period_series('%s', '%s', '%s')",
             kind, from, to);
        char *series = zt_sql(&srv, sql);
        len = 0;
        for (struct period p = rules_period_containing((enum period_kind)k, a); p.first <= b;
             p = rules_period_containing((enum period_kind)k, p.last + 1)) {
            char f[11], l[11];
            rules_date_format(p.first, f);
            rules_date_format(p.last, l);
            len += (size_t)sprintf(want + len, "%s%s,%s", len ? ";" : "", f, l);
        }
        assert_string_equal(series, want);
        free(series);
        free(got);
        free(want);
    }
}

/* Month and year edges, the leap day of 2028, 2100 (not a leap year), and the weeks that cross
 * them. */
static void test_periods_agree_with_c(void **state)
{
    (void)state;
    periods_agree("2026-12-20", "2027-01-10");
    periods_agree("2028-01-25", "2028-03-05");
    periods_agree("2100-02-10", "2100-03-02");
    periods_agree("2027-06-25", "2027-07-05");
    char *x = zt_sql(&srv, "SELECT coalesce(first::text, 'none') FROM"
                           " zc_period_bounds('fortnight', '2027-01-01')");
    assert_string_equal(x, "none");
    free(x);
}

/* ---- the rule rows ---- */

/* V1-V4 are duty_rules rows now, and visit_rules (a view of them) reads as the table 0005 made
 * read: same ids, codes, subjects, categories, periods, counts, modes and dates. */
static void test_visit_rules_moved_unchanged(void **state)
{
    (void)state;
    char *v = zt_sql(&srv, "SELECT string_agg(id || '|' || code || '|' || subject || '|'"
                           " || categories::text || '|' || absent || '|' || period || '|'"
                           " || min_visits || '|' || modes::text || '|' || effective_from || '|'"
                           " || coalesce(effective_to::text, '-'), ';' ORDER BY id)"
                           " FROM visit_rules");
    assert_string_equal(v, "1|V1|household|{poverty_alleviated,monitored}|false|half_month|1|"
                           "{in_person}|2022-06-28|-;"
                           "2|V2|household|{ordinary}|false|month|1|{in_person}|2022-06-28|-;"
                           "3|V3|household|{poverty_alleviated,monitored,ordinary}|true|"
                           "two_months|1|{phone,in_person}|2022-06-28|-;"
                           "4|V4|village|{}|false|month|1|{in_person}|2022-06-28|-");
    free(v);
    char *k = zt_sql(&srv, "SELECT string_agg(code || ':' || record_kind, ',' ORDER BY id)"
                           " FROM duty_rules WHERE id <= 4");
    assert_string_equal(k, "V1:visit,V2:visit,V3:visit,V4:visit");
    free(k);
    /* every rule of the SPEC is a row in force today */
    char *n = zt_sql(&srv, "SELECT string_agg(code, ',' ORDER BY code) FROM duty_rules"
                           " WHERE effective_from <= zc_today()"
                           " AND (effective_to IS NULL OR effective_to >= zc_today())");
    assert_string_equal(n, "A2,G1-city,G1-county,G1-province,G2-hearing,G2-leader,M2,M2-absent,"
                           "M8-broadcast,M8-quiz,M8-video,M9-assets,M9-environment,T2,V1,V2,V3,V4");
    free(n);
}

/* Two versions of one rule never overlap: refused when written (ZC006), on insert and on
 * update; a version that follows another is accepted; a rule keeps its subject. */
static void test_overlapping_versions_refused(void **state)
{
    (void)state;
    assert_string_equal(sqlstate("INSERT INTO duty_rules (code, description, subject, record_kind,"
                                 " required, period, effective_from) VALUES ('T2', '每周两次',"
                                 " 'team', 'study_session', 2, 'week', '2030-01-01')"),
                        "ZC006");
    assert_string_equal(sqlstate("INSERT INTO duty_rules (code, description, subject, record_kind,"
                                 " required, period, effective_from, effective_to) VALUES ('T2',"
                                 " '旧规', 'team', 'study_session', 2, 'week', '2020-01-01',"
                                 " '2022-06-28')"),
                        "ZC006"); /* ends on the day the version in force begins */
    assert_string_equal(sqlstate("INSERT INTO duty_rules (code, description, subject, record_kind,"
                                 " required, period, effective_from, effective_to) VALUES ('T2',"
                                 " '旧规', 'team', 'study_session', 2, 'week', '2020-01-01',"
                                 " '2022-06-27')"),
                        ""); /* ends the day before: no overlap */
    assert_string_equal(sqlstate("UPDATE duty_rules SET effective_to = '2022-07-01'"
                                 " WHERE code = 'T2' AND effective_from = '2020-01-01'"),
                        "ZC006");
    assert_string_equal(sqlstate("INSERT INTO duty_rules (code, description, subject, record_kind,"
                                 " required, period, effective_from, effective_to) VALUES ('T2',"
                                 " '按村', 'village', 'study_session', 1, 'week', '2019-01-01',"
                                 " '2019-12-31')"),
                        "ZC003"); /* another subject is another rule */
    /* publishing a version from a later day ends the one in force the day before */
    assert_string_equal(sqlstate("SELECT zc_duty_rule_publish('G2-leader', '2099-01-01',"
                                 " '{\"required\": 3}')"),
                        "");
    char *v = zt_sql(&srv, "SELECT string_agg(effective_from || '~' || coalesce(effective_to::text,"
                           " '') || ':' || required, ',' ORDER BY effective_from) FROM duty_rules"
                           " WHERE code = 'G2-leader'");
    assert_string_equal(v, "2022-06-28~2098-12-31:2,2099-01-01~:3");
    free(v);
    assert_string_equal(sqlstate("SELECT zc_duty_rule_publish('G2-leader', '2099-01-01')"),
                        "ZC003"); /* not after the version in force */
    /* and the rows keep their checks: a visit rule over a quarter is not judged by 0006 */
    assert_string_equal(sqlstate("SELECT zc_duty_rule_publish('V2', '2099-01-01',"
                                 " '{\"period\": \"quarter\"}')"),
                        "23514");
}

/* ---- the report against direct counts ---- */

static Zhucun__Code duty_report(struct zc_client *c, const char *org, const char *period,
                                const char *by, const char *const *rules, size_t nrules,
                                Zhucun__Reply **out)
{
    Zhucun__DutyReport dr = ZHUCUN__DUTY_REPORT__INIT;
    dr.org_code = (char *)org;
    dr.period = (char *)period;
    dr.by = (char *)by;
    dr.rules = (char **)rules;
    dr.n_rules = nrules;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DUTY_REPORT;
    req.duty_report = &dr;
    return zt_call(c, &req, out);
}

/* The by-rule row of code, as "due/met/overdue/open". */
static const char *rule_counts(const Zhucun__DutyReportReply *v, const char *code)
{
    static char out[64];
    for (size_t i = 0; i < v->n_by_rule; i++)
        if (strcmp(v->by_rule[i]->key, code) == 0) {
            const Zhucun__DutyCount *c = v->by_rule[i];
            snprintf(out, sizeof(out), "%u/%u/%u/%u", c->due, c->met, c->overdue, c->open);
            return out;
        }
    return "none";
}

/* The visit duty periods a report of the month counts, as SQL over a table alias with
 * period_first and period_last: overlapping the month, begun on or after the tracking start and
 * by the horizon. */
#define COUNTED                                                                                    \
    " %s.period_first <= (date_trunc('month', zc_today()::timestamp) + interval '1 month')::date"  \
    " - 1 AND %s.period_last >= date_trunc('month', zc_today()::timestamp)::date"                  \
    " AND %s.period_first >= zc_duty_start() AND %s.period_first <= zc_duty_horizon()"

#define FOUR_COUNTS(t)                                                                             \
    "count(*) || '/' || count(*) FILTER (WHERE " t ") || '/' || count(*) FILTER (WHERE NOT " t     \
    " AND period_last < zc_today()) || '/' || count(*) FILTER (WHERE NOT " t                       \
    " AND period_last >= zc_today())"

/* V1-V4: the report's counts are the duty rows' own (not the summary's), and VisitReport's. */
static void test_visit_rules_equal_direct_counts(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL, *vr = NULL;
    assert_int_equal(duty_report(county, COUNTY, month, "", NULL, 0, &reply), ZHUCUN__CODE__OK);
    const Zhucun__DutyReportReply *v = reply->duty_report;
    Zhucun__VisitReport q = ZHUCUN__VISIT_REPORT__INIT;
    q.org_code = COUNTY;
    q.period = month;
    q.by = "";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_VISIT_REPORT;
    req.visit_report = &q;
    assert_int_equal(zt_call(county, &req, &vr), ZHUCUN__CODE__OK);
    for (int rule = 1; rule <= 4; rule++) {
        char code[4], sql[1024];
        snprintf(code, sizeof(code), "V%d", rule);
        sqlf(sql, sizeof(sql),
             "SELECT " FOUR_COUNTS("done >= required") " FROM visit_duties d"
                                                       " WHERE d.rule_id = %d AND d.village_code "
                                                       "LIKE '140105%%' AND" COUNTED,
             rule, "d", "d", "d", "d");
        char *want = zt_sql(&srv, sql);
        assert_string_equal(rule_counts(v, code), want);
        const Zhucun__VisitReportRow *w = vr->visit_report->by_rule[rule - 1];
        char visit[64];
        snprintf(visit, sizeof(visit), "%u/%u/%u/%u", w->due, w->met, w->overdue, w->open);
        assert_string_equal(visit, want);
        free(want);
    }
    /* the visits above met some, the phone visit none */
    assert_non_null(strstr(rule_counts(v, "V2"), "/1/"));
    zc_reply_free(reply);
    zc_reply_free(vr);
}

/* A2 judged in SQL (zc_attendance_judge) is A2 judged in C (AttendanceWeek): random check-ins,
 * some flagged, at every hour, official business days, for three cadres over two weeks. */
static void test_attendance_sql_agrees_with_c(void **state)
{
    (void)state;
    unsigned seed = 20261205;
    int64_t people[3] = {captain_person, member_person, towner_person};
    int this_monday = rules_week_monday(today_d);
    for (int i = 0; i < 3; i++) {
        for (int n = 0; n < 30; n++) {
            int day = this_monday - 7 + (int)(rand_r(&seed) % 15);
            int hh = (int)(rand_r(&seed) % 24), mm = (int)(rand_r(&seed) % 60);
            int flags = rand_r(&seed) % 6 == 0 ? 1 : 0;
            char d[11], sql[512];
            rules_date_format(day, d);
            sqlf(sql, sizeof(sql),
                 "INSERT INTO checkins (at, person_id, village_code, client_time, lat, lon,"
                 " accuracy_m, flags) VALUES ('%s %02d:%02d:00+08', %lld, '%s',"
                 " '%s %02d:%02d:00+08', 37.8, 112.5, 20, %d)",
                 d, hh, mm, (long long)people[i], VA, d, hh, mm, flags);
            free(zt_sql(&srv, sql));
        }
        char d[11], sql[256];
        rules_date_format(this_monday - 7 + (int)(rand_r(&seed) % 14), d);
        sqlf(sql, sizeof(sql),
             "INSERT INTO official_business (person_id, day, note) VALUES (%lld, '%s', '开会')"
             " ON CONFLICT DO NOTHING",
             (long long)people[i], d);
        free(zt_sql(&srv, sql));
    }
    for (int w = 0; w < 2; w++) {
        int monday = this_monday - 7 * (1 - w);
        char wk[9], mon[11];
        rules_week_format(monday, wk);
        rules_date_format(monday, mon);
        for (int i = 0; i < 3; i++) {
            Zhucun__AttendanceWeek aw = ZHUCUN__ATTENDANCE_WEEK__INIT;
            aw.person_id = people[i];
            aw.week = wk;
            Zhucun__Request req = ZHUCUN__REQUEST__INIT;
            req.body_case = ZHUCUN__REQUEST__BODY_ATTENDANCE_WEEK;
            req.attendance_week = &aw;
            Zhucun__Reply *reply = NULL;
            assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
            const Zhucun__AttendanceWeekReply *c = reply->attendance_week;
            char want[64], sql[512];
            snprintf(want, sizeof(want), "%u,%u,%u,%u,%u,%s", c->days_present, c->nights_present,
                     c->excused, c->required_days, c->required_nights, c->met ? "t" : "f");
            sqlf(sql, sizeof(sql),
                 "SELECT concat_ws(',', j.days_present, j.nights_present, j.excused,"
                 " j.required_days, j.required_nights, j.met) FROM zc_attendance_rule('%s') r,"
                 " zc_attendance_judge(%lld, '%s', r.days, r.nights, r.day_from_s,"
                 " r.night_from_s) j",
                 mon, (long long)people[i], mon);
            char *got = zt_sql(&srv, sql);
            if (strcmp(got, want) != 0)
                fprintf(stderr, "person %lld week %s: SQL %s, C %s\n", (long long)people[i], wk,
                        got, want);
            assert_string_equal(got, want);
            free(got);
            zc_reply_free(reply);
        }
    }
}

/* A2 in the report: one duty per cadre serving in the county and week (direct SQL), met as
 * often as AttendanceReport (C) says, week by week. */
static void test_attendance_equals_direct_counts(void **state)
{
    (void)state;
    const char *a2[] = {"A2"};
    Zhucun__Reply *reply = NULL;
    assert_int_equal(duty_report(county, COUNTY, month, "", a2, 1, &reply), ZHUCUN__CODE__OK);
    const Zhucun__DutyReportReply *v = reply->duty_report;
    assert_int_equal(v->n_by_rule, 1);
    char sql[1024];
    sqlf(sql, sizeof(sql),
         "SELECT count(*) FROM zc_period_series('week', date_trunc('month',"
         " zc_today()::timestamp)::date, (date_trunc('month', zc_today()::timestamp)"
         " + interval '1 month')::date - 1) w"
         " JOIN LATERAL (SELECT DISTINCT m.person_id FROM memberships m JOIN teams t"
         " ON t.id = m.team_id WHERE t.org_code LIKE '140105%%' AND m.start_date <= w.last"
         " AND (m.end_date IS NULL OR m.end_date >= w.first)) p ON true"
         " WHERE w.last >= zc_duty_start() AND w.first <= zc_duty_horizon()");
    char *due = zt_sql(&srv, sql);
    assert_int_equal(v->by_rule[0]->due, (uint32_t)atoi(due));
    assert_true(v->by_rule[0]->due >= 3);
    free(due);
    /* met: AttendanceReport's count of each week that has begun (the later ones meet nothing) */
    uint32_t met = 0;
    char *weeks = zt_sql(&srv, "SELECT string_agg(first::text, ',' ORDER BY first) FROM"
                               " zc_period_series('week', date_trunc('month',"
                               " zc_today()::timestamp)::date, zc_today()) w"
                               " WHERE w.last >= zc_duty_start()");
    int this_monday = rules_week_monday(today_d);
    for (char *p = weeks; *p != '\0';) {
        int ok = 1;
        char mon[11];
        snprintf(mon, sizeof(mon), "%.10s", p);
        int monday = rules_date_days(mon, &ok);
        assert_true(ok && monday <= this_monday);
        char wk[9];
        rules_week_format(monday, wk);
        Zhucun__AttendanceReport ar = ZHUCUN__ATTENDANCE_REPORT__INIT;
        ar.org_code = COUNTY;
        ar.week = wk;
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        req.body_case = ZHUCUN__REQUEST__BODY_ATTENDANCE_REPORT;
        req.attendance_report = &ar;
        Zhucun__Reply *r2 = NULL;
        assert_int_equal(zt_call(county, &req, &r2), ZHUCUN__CODE__OK);
        met += r2->attendance_report->total->met;
        zc_reply_free(r2);
        p += strlen(p) > 10 ? 11 : 10;
    }
    free(weeks);
    assert_int_equal(v->by_rule[0]->met, met);
    zc_reply_free(reply);
}

/* The test's own records of collective study and a counter for them: what the work that adds
 * the study records will do (docs/duties.md). */
static void study_records(void)
{
    free(zt_sql(&srv,
                "CREATE TABLE test_study (team_id bigint, day date, n integer);"
                " CREATE FUNCTION test_study_counter(p_prefix text, p_from date, p_to date)"
                " RETURNS TABLE (subject text, day date, amount integer) LANGUAGE sql STABLE AS"
                " $$ SELECT s.team_id::text, s.day, s.n FROM test_study s JOIN teams t"
                " ON t.id = s.team_id WHERE t.org_code LIKE p_prefix || '%' AND s.day BETWEEN"
                " p_from AND p_to $$;"
                " GRANT SELECT ON test_study TO zhucun_app;"
                " UPDATE duty_record_kinds SET counter ="
                " 'test_study_counter(text,date,date)' WHERE kind = 'study_session'"));
    char sql[512];
    sqlf(sql, sizeof(sql),
         "INSERT INTO test_study VALUES (%lld, zc_today(), 1), (%lld, zc_duty_start() + 2, 1),"
         " (%lld, zc_today(), 0)",
         (long long)team_a, (long long)team_t, (long long)team_b);
    free(zt_sql(&srv, sql));
}

/* A counted rule (T2): due once per team and week under the county, met where the week's
 * records reach the rule's count; the same in total, by team and by cadre. Before its records
 * exist, every T2 duty is due and unmet. */
static void test_counted_rule_equals_direct_counts(void **state)
{
    (void)state;
    const char *t2[] = {"T2"};
    Zhucun__Reply *reply = NULL;
    assert_int_equal(duty_report(county, COUNTY, month, "team", t2, 1, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->duty_report->by_rule[0]->met, 0);
    uint32_t due_before = reply->duty_report->by_rule[0]->due;
    zc_reply_free(reply);
    study_records();
    assert_int_equal(duty_report(county, COUNTY, month, "team", t2, 1, &reply), ZHUCUN__CODE__OK);
    const Zhucun__DutyReportReply *v = reply->duty_report;
    char sql[1536];
    sqlf(sql, sizeof(sql),
         "WITH w AS (SELECT * FROM zc_period_series('week', date_trunc('month',"
         " zc_today()::timestamp)::date, (date_trunc('month', zc_today()::timestamp)"
         " + interval '1 month')::date - 1) p WHERE p.last >= zc_duty_start()"
         " AND p.first <= zc_duty_horizon()),"
         " d AS (SELECT t.id, w.first AS period_first, w.last AS period_last,"
         " coalesce((SELECT sum(s.n) FROM test_study s WHERE s.team_id = t.id"
         " AND s.day BETWEEN w.first AND w.last), 0) >= 1 AS ok FROM w, teams t"
         " WHERE t.org_code LIKE '140105%%' AND t.established <= w.last"
         " AND EXISTS (SELECT 1 FROM memberships m"
         " WHERE m.team_id = t.id AND m.start_date <= w.last"
         " AND (m.end_date IS NULL OR m.end_date >= w.first)))"
         " SELECT " FOUR_COUNTS("ok") " FROM d");
    char *want = zt_sql(&srv, sql);
    assert_string_equal(rule_counts(v, "T2"), want);
    free(want);
    assert_int_equal(v->by_rule[0]->due, due_before);
    assert_true(v->by_rule[0]->met >= 1);
    /* by team: the teams' rows add up to the total; team b's record counted 0 */
    uint32_t due = 0, met = 0;
    for (size_t i = 0; i < v->n_rows; i++) {
        due += v->rows[i]->due;
        met += v->rows[i]->met;
        if (strtoll(v->rows[i]->key, NULL, 10) == team_b)
            assert_int_equal(v->rows[i]->met, 0);
    }
    assert_int_equal(due, v->total->due);
    assert_int_equal(met, v->total->met);
    zc_reply_free(reply);
    /* by cadre: each cadre's row is their team's */
    assert_int_equal(duty_report(county, COUNTY, month, "cadre", t2, 1, &reply), ZHUCUN__CODE__OK);
    int seen = 0;
    for (size_t i = 0; i < reply->duty_report->n_rows; i++)
        if (strtoll(reply->duty_report->rows[i]->key, NULL, 10) == captain_person) {
            seen = 1;
            assert_true(reply->duty_report->rows[i]->met >= 1);
        }
    assert_true(seen);
    zc_reply_free(reply);
}

/* By child unit: the children's rows and the unit's own (its office: G1-county) add up to the
 * total; by rule too. */
static void test_report_groupings_add_up(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(duty_report(prov, CITY, month, "", NULL, 0, &reply), ZHUCUN__CODE__OK);
    const Zhucun__DutyReportReply *v = reply->duty_report;
    assert_string_equal(v->by, "org");
    uint32_t due = 0, rules = 0;
    int self = 0;
    for (size_t i = 0; i < v->n_rows; i++) {
        due += v->rows[i]->due;
        self += strcmp(v->rows[i]->key, CITY) == 0;
    }
    for (size_t i = 0; i < v->n_by_rule; i++)
        rules += v->by_rule[i]->due;
    assert_int_equal(self, 1); /* the city office's own G1-city */
    assert_int_equal(due, v->total->due);
    assert_int_equal(rules, v->total->due);
    assert_true(v->total->rate >= 0.0 && v->total->rate <= 1.0);
    zc_reply_free(reply);
}

/* T2, M8, G1 and G2 are in force: due (and unmet, their records do not exist yet, except the
 * test's study records) wherever they apply. */
static void test_new_rules_in_force_and_due(void **state)
{
    (void)state;
    const char *codes[] = {"M8-video",  "M8-broadcast", "G1-province", "G1-city",
                           "G1-county", "G2-hearing",   "G2-leader"};
    Zhucun__Reply *reply = NULL;
    char quarter[32];
    int y, m, d;
    rules_civil_from_days(today_d, &y, &m, &d);
    snprintf(quarter, sizeof(quarter), "%04d-Q%d", y, (m - 1) / 3 + 1);
    assert_int_equal(duty_report(prov, PROV, quarter, "", codes, 7, &reply), ZHUCUN__CODE__OK);
    const Zhucun__DutyReportReply *v = reply->duty_report;
    assert_int_equal(v->n_by_rule, 7);
    for (size_t i = 0; i < v->n_by_rule; i++) {
        assert_true(v->by_rule[i]->due > 0);
        assert_int_equal(v->by_rule[i]->met, 0);
    }
    /* the province office owes one inspection a quarter; one city and one county office are in
     * the tree; one unit has cadres serving */
    assert_string_equal(rule_counts(v, "G2-leader"), "1/0/0/1");
    zc_reply_free(reply);
}

static Zhucun__Code due_list(struct zc_client *c, Zhucun__Reply **out)
{
    Zhucun__DutiesDue dd = ZHUCUN__DUTIES_DUE__INIT;
    dd.limit = 5000;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DUTIES_DUE;
    req.duties_due = &dd;
    return zt_call(c, &req, out);
}

/* The rule codes of a due list, each once, sorted, as "A,B,C". */
static char *due_codes(struct zc_client *c)
{
    Zhucun__Reply *reply = NULL;
    assert_int_equal(due_list(c, &reply), ZHUCUN__CODE__OK);
    const Zhucun__DutiesDueReply *d = reply->duties_due;
    assert_false(d->truncated);
    assert_int_equal(d->n_items, d->duties - d->met);
    char *out = calloc(1, 512);
    const char *order[] = {"A2",        "G1-city",      "G1-county", "G1-province", "G2-hearing",
                           "G2-leader", "M8-broadcast", "M8-video",  "T2",          "V1",
                           "V2",        "V3",           "V4"};
    for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
        for (size_t i = 0; i < d->n_items; i++)
            if (strcmp(d->items[i]->rule, order[k]) == 0) {
                strcat(out, out[0] ? "," : "");
                strcat(out, order[k]);
                break;
            }
    zc_reply_free(reply);
    return out;
}

/* Each due list holds every kind of duty owed by what its caller answers for. */
static void test_due_lists_hold_every_kind(void **state)
{
    (void)state;
    char *c = due_codes(captain); /* village A's team: its households, its village, itself */
    assert_non_null(strstr(c, "A2"));
    assert_non_null(strstr(c, "M8-broadcast,M8-video"));
    assert_non_null(strstr(c, "V1"));
    assert_null(strstr(c, "V4"));
    assert_null(strstr(c, "G1"));
    free(c);
    c = due_codes(towner); /* the township team: V4 of its villages, itself */
    assert_non_null(strstr(c, "A2"));
    assert_non_null(strstr(c, "V4"));
    assert_null(strstr(c, "M8-broadcast"));
    assert_null(strstr(c, "V1"));
    free(c);
    c = due_codes(county);
    assert_string_equal(c, "G1-county");
    free(c);
    c = due_codes(prov);
    assert_string_equal(c, "G1-province");
    free(c);
    c = due_codes(uadm);
    assert_string_equal(c, "G2-hearing,G2-leader");
    free(c);
    /* the captain's A2 items are their own weeks, not their teammates' */
    Zhucun__Reply *reply = NULL;
    assert_int_equal(due_list(captain, &reply), ZHUCUN__CODE__OK);
    char me[24];
    snprintf(me, sizeof(me), "%lld", (long long)captain_person);
    for (size_t i = 0; i < reply->duties_due->n_items; i++)
        if (strcmp(reply->duties_due->items[i]->rule, "A2") == 0)
            assert_string_equal(reply->duties_due->items[i]->subject_key, me);
    zc_reply_free(reply);
}

static void test_report_refusals(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    const char *bad[] = {"v1"}, *unknown[] = {"X9"};
    assert_int_equal(duty_report(county, COUNTY, "2026-13", "", NULL, 0, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(reply->status->fields[0]->field, "period");
    zc_reply_free(reply);
    assert_int_equal(duty_report(county, COUNTY, "2999", "", NULL, 0, NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(duty_report(county, COUNTY, month, "", bad, 1, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(reply->status->fields[0]->field, "rules");
    zc_reply_free(reply);
    assert_int_equal(duty_report(county, COUNTY, month, "", unknown, 1, &reply),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_string_equal(reply->status->fields[0]->field, "rules");
    zc_reply_free(reply);
    assert_int_equal(duty_report(county, CITY, month, "team", NULL, 0, NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(duty_report(county, OUTSIDE, month, "", NULL, 0, NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(duty_report(captain, COUNTY, month, "", NULL, 0, NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(duty_report(captain, VA, week, "", NULL, 0, NULL), ZHUCUN__CODE__OK);
    /* before the tracking start: no duties, and the reply says why */
    assert_int_equal(duty_report(county, COUNTY, "2020", "", NULL, 0, &reply),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_string_equal(reply->status->fields[0]->field, "period");
    zc_reply_free(reply);
}

/* A rule changed from a date judges the periods before it by the old version: A2 asks one day
 * and no night from this week's Monday; last week is judged by five days and four nights, in C
 * (AttendanceWeek) and in SQL (the report), and this week by the new version. Runs last: it
 * changes A2 for the rest of the suite. */
static void test_rule_changed_from_a_date(void **state)
{
    (void)state;
    int this_monday = rules_week_monday(today_d);
    char mon[11], last_wk[9], this_wk[9], sql[512];
    rules_date_format(this_monday, mon);
    rules_week_format(this_monday - 7, last_wk);
    rules_week_format(this_monday, this_wk);
    /* a new cadre with one valid day check-in in each week */
    int64_t p = 0;
    struct zc_client *c =
        zt_cadre(&srv, county, team_a, "cadre-a2", VA, "cadre", "member", 0, PW, &p);
    zc_close(c);
    for (int w = -7; w <= 0; w += 7) {
        char d[11];
        rules_date_format(this_monday + w + 2, d);
        sqlf(sql, sizeof(sql),
             "INSERT INTO checkins (at, person_id, village_code, client_time, lat, lon,"
             " accuracy_m) VALUES ('%s 10:00:00+08', %lld, '%s', '%s 10:00:00+08', 37.8, 112.5,"
             " 20)",
             d, (long long)p, VA, d);
        free(zt_sql(&srv, sql));
    }
    sqlf(sql, sizeof(sql),
         "SELECT zc_duty_rule_publish('A2', '%s', '{\"required\": 1, \"nights\": 0}',"
         " '试行：每周一天')",
         mon);
    free(zt_sql(&srv, sql));
    const char *weeks[2] = {last_wk, this_wk};
    for (int w = 0; w < 2; w++) {
        Zhucun__AttendanceWeek aw = ZHUCUN__ATTENDANCE_WEEK__INIT;
        aw.person_id = p;
        aw.week = (char *)weeks[w];
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        req.body_case = ZHUCUN__REQUEST__BODY_ATTENDANCE_WEEK;
        req.attendance_week = &aw;
        Zhucun__Reply *reply = NULL;
        assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
        assert_int_equal(reply->attendance_week->days_present, 1);
        assert_int_equal(reply->attendance_week->required_days, w == 0 ? 5 : 1);
        assert_int_equal(reply->attendance_week->required_nights, w == 0 ? 4 : 0);
        assert_int_equal(reply->attendance_week->met, w == 1);
        zc_reply_free(reply);
        /* the report of that week, by cadre: the same verdict */
        const char *a2[] = {"A2"};
        assert_int_equal(duty_report(county, VA, weeks[w], "cadre", a2, 1, &reply),
                         ZHUCUN__CODE__OK);
        int seen = 0;
        for (size_t i = 0; i < reply->duty_report->n_rows; i++)
            if (strtoll(reply->duty_report->rows[i]->key, NULL, 10) == p) {
                seen = 1;
                assert_int_equal(reply->duty_report->rows[i]->due, 1);
                assert_int_equal(reply->duty_report->rows[i]->met, w == 1);
            }
        assert_true(seen);
        zc_reply_free(reply);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_periods_agree_with_c),
        cmocka_unit_test(test_visit_rules_moved_unchanged),
        cmocka_unit_test(test_overlapping_versions_refused),
        cmocka_unit_test(test_visit_rules_equal_direct_counts),
        cmocka_unit_test(test_attendance_sql_agrees_with_c),
        cmocka_unit_test(test_attendance_equals_direct_counts),
        cmocka_unit_test(test_counted_rule_equals_direct_counts),
        cmocka_unit_test(test_report_groupings_add_up),
        cmocka_unit_test(test_new_rules_in_force_and_due),
        cmocka_unit_test(test_due_lists_hold_every_kind),
        cmocka_unit_test(test_report_refusals),
        cmocka_unit_test(test_rule_changed_from_a_date),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
