/* test_allowance.c -- a cadre's monthly allowance statement (驻村补助, SPEC D4; issue 23;
 * docs/allowances.md) through the real server: drafted from the month's check-ins, its days
 * held against the five-days-four-nights report (AttendanceWeek, day by day) of the same cadre
 * and month; the unit level's rates and a county's own; each refusal with its field; keyed
 * writes applied once and audited; the days confirmed by the township after the month, the
 * statement approved by the unit's administrator through the engine's queue, then frozen
 * (every call and even SQL refused); a correction as a new version with its reason, the latest
 * approved version the statement; who reads what; the export. Dates come from the harness
 * clock: the statements are of the month before today's (integration_allowance@… pins the
 * clock at month edges). */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/allowance.h"
#include "common/rules/attendance.h"
#include "common/rules/date.h"

#define PW       "correct horse battery"
#define PROVINCE "140000000000"
#define CITY     "140100000000"
#define COUNTY_A "140105000000"
#define TOWN_A   "140105001000"
#define VA1      "140105001001"
#define COUNTY_B "140106000000"
#define VB       "140106001001"

static struct zt_server srv;
static struct zc_client *prov, *city, *county_a, *county_b, *town_a, *cad_a1, *cad_a2, *cad_b,
    *uadm, *exporter;
static int64_t u_a, u_b, team_a1, team_b, p_a1, p_a2, p_b;
static int m_first, m_last; /* the month before today's: its first and last day numbers */
static char month[8], this_month[8], next_month[8], early_month[8];
static int expected_present; /* cad_a1's days in the village of month, as planted */

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,补助一村,village\n"
                          "140106000000,迎泽区,county\n140106001000,柳巷街道,township\n"
                          "140106001001,补助二村,village\n";

#define count(...) zt_count(&srv, __VA_ARGS__)

static void month_text(int day, char out[8])
{
    int y, m, d;
    rules_civil_from_days(day, &y, &m, &d);
    snprintf(out, 8, "%04d-%02d", y, m);
}

static void sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sql(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    free(zt_sql(&srv, buf));
}

/* A check-in of person's in their village (cad_b's: VB, the others': VA1). */
static void checkin(int64_t person, int day, int hh, int mm, int flags)
{
    char d[11];
    rules_date_format(day, d);
    sql("INSERT INTO checkins (at, person_id, village_code, client_time, lat, lon, accuracy_m,"
        " flags) VALUES ('%s %02d:%02d:00+08', %lld, '%s', '%s %02d:%02d:00+08', 37.8,"
        " 112.5, 20, %d)",
        d, hh, mm, (long long)person, person == p_b ? VB : VA1, d, hh, mm, flags);
}

/* cad_a1's month: a day check-in at 09:30 on every day not divisible by 3 and a night one at
 * 21:30 on every fourth; day 5 official business, days 10-11 approved leave (their check-ins
 * do not count), day 7's check-in flagged; day 3 only at 05:00 (the night of day 2) and day 6
 * only at 20:00 (a night): neither is a day in the village. */
static void plant_month(void)
{
    int n = m_last - m_first + 1;
    expected_present = 0;
    for (int i = 1; i <= n; i++) {
        int day = m_first + i - 1;
        if (i % 3 != 0) {
            checkin(p_a1, day, 9, 30, i == 7 ? 1 : 0);
            if (i != 5 && i != 7 && i != 10 && i != 11)
                expected_present++;
        }
        if (i % 4 == 0)
            checkin(p_a1, day, 21, 30, 0);
    }
    checkin(p_a1, m_first + 2, 5, 0, 0);
    checkin(p_a1, m_first + 5, 20, 0, 0);
    char d5[11], d10[11], d11[11];
    rules_date_format(m_first + 4, d5);
    rules_date_format(m_first + 9, d10);
    rules_date_format(m_first + 10, d11);
    sql("INSERT INTO official_business (person_id, day, note) VALUES (%lld, '%s', '县里开会')",
        (long long)p_a1, d5);
    sql("INSERT INTO leave_requests (person_id, team_id, village, first_day, last_day, reason,"
        " status, created_by) SELECT %lld, %lld, '" VA1 "', '%s', '%s', '家中有事', 'approved',"
        " min(id) FROM users",
        (long long)p_a1, (long long)team_a1, d10, d11);
    /* cad_a2 in the village every day from the tenth */
    for (int day = m_first + 9; day <= m_last; day++)
        checkin(p_a2, day, 10, 0, 0);
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "allowance", NULL);
    int y, m, d;
    rules_civil_from_days(zt_today(), &y, &m, &d);
    m_last = rules_days_from_civil(y, m, 1) - 1;
    rules_civil_from_days(m_last, &y, &m, &d);
    m_first = rules_days_from_civil(y, m, 1);
    month_text(m_first, month);
    month_text(zt_today(), this_month);
    month_text(m_last + 1 + 40, next_month);
    month_text(m_first - 1, early_month);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", PROVINCE, 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "taiyuan", PW, "city_office", CITY, 0), 0);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", COUNTY_A, 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", COUNTY_B, 0), 0);
    assert_int_equal(zt_useradd(&srv, "wucheng", PW, "township", TOWN_A, 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", PROVINCE, 0), 0);
    city = zt_login(&srv, "taiyuan", PW, NULL);
    county_a = zt_login(&srv, "xiaodian", PW, NULL);
    county_b = zt_login(&srv, "yingze", PW, NULL);
    town_a = zt_login(&srv, "wucheng", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    u_a = zt_unit(prov, "省补助测试厅", "province", PROVINCE);
    u_b = zt_unit(county_b, "迎泽区补助测试局", "county", COUNTY_B);
    team_a1 = zt_team(county_a, "village", VA1, "补助一村工作队");
    team_b = zt_team(county_b, "village", VB, "补助二村工作队");
    cad_a1 =
        zt_cadre(&srv, county_a, team_a1, "cad-a1", VA1, "team_captain", "captain", u_a, PW, &p_a1);
    cad_a2 = zt_cadre(&srv, county_a, team_a1, "cad-a2", VA1, "cadre", "member", u_a, PW, &p_a2);
    cad_b = zt_cadre(&srv, county_b, team_b, "cad-b", VB, "cadre", "member", u_b, PW, &p_b);
    char initial[64];
    zt_user_add(prov, "uadm-a", "单位管理员", PROVINCE, "unit_admin", u_a, initial);
    uadm = zt_first_login(&srv, "uadm-a", initial, PW);
    /* cad_a1 and cad_b from the month before; cad_a2 from the tenth of the month */
    char from[11], tenth[11];
    rules_date_format(m_first - 20, from);
    rules_date_format(m_first + 9, tenth);
    sql("UPDATE memberships SET start_date = '%s'", from);
    sql("UPDATE memberships SET start_date = '%s' WHERE person_id = %lld", tenth, (long long)p_a2);
    plant_month();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct zc_client *all[] = {prov,   city,   county_a, county_b, town_a,
                               cad_a1, cad_a2, cad_b,    uadm,     exporter};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        zc_close(all[i]);
    zt_server_finish(&srv);
    return 0;
}

/* The number a keyed write answered (0 when refused). */
static int64_t written(struct zc_client *c, int bc, void *body, const char *key, const char *field,
                       Zhucun__Code want)
{
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call_body(c, bc, body, key, field, &reply), want);
    int64_t id = want == ZHUCUN__CODE__OK ? reply->allowance_compute->id : 0;
    zc_reply_free(reply);
    return id;
}

static int64_t compute(struct zc_client *c, const char *m, const char *org, int64_t unit,
                       int64_t person, const char *field, Zhucun__Code want)
{
    Zhucun__AllowanceCompute a = ZHUCUN__ALLOWANCE_COMPUTE__INIT;
    a.month = (char *)m;
    a.org_code = (char *)org;
    a.unit_id = unit;
    a.person_id = person;
    return written(c, ZHUCUN__REQUEST__BODY_ALLOWANCE_COMPUTE, &a, NULL, field, want);
}

static int64_t batch(struct zc_client *c, int confirm, int64_t id, const char *field,
                     Zhucun__Code want)
{
    Zhucun__AllowanceConfirm a = ZHUCUN__ALLOWANCE_CONFIRM__INIT;
    Zhucun__AllowanceSubmit s = ZHUCUN__ALLOWANCE_SUBMIT__INIT;
    a.ids = s.ids = &id;
    a.n_ids = s.n_ids = 1;
    return confirm ? written(c, ZHUCUN__REQUEST__BODY_ALLOWANCE_CONFIRM, &a, NULL, field, want)
                   : written(c, ZHUCUN__REQUEST__BODY_ALLOWANCE_SUBMIT, &s, NULL, field, want);
}

static int64_t correct(struct zc_client *c, int64_t id, const char *reason, const char *field,
                       Zhucun__Code want)
{
    Zhucun__AllowanceCorrect a = ZHUCUN__ALLOWANCE_CORRECT__INIT;
    a.statement_id = id;
    a.reason = (char *)reason;
    return written(c, ZHUCUN__REQUEST__BODY_ALLOWANCE_CORRECT, &a, NULL, field, want);
}

/* The caller's list (freed by the caller). */
static Zhucun__Reply *list(struct zc_client *c, const char *m, int64_t person, int statement)
{
    Zhucun__AllowanceList l = ZHUCUN__ALLOWANCE_LIST__INIT;
    l.month = (char *)m;
    l.person_id = person;
    l.statement = statement;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call_body(c, ZHUCUN__REQUEST__BODY_ALLOWANCE_LIST, &l, NULL, NULL, &reply),
                     ZHUCUN__CODE__OK);
    return reply;
}

/* The id of cadre person's latest statement of m as c lists it (0: none). */
static int64_t latest_id(struct zc_client *c, const char *m, int64_t person)
{
    Zhucun__Reply *reply = list(c, m, person, 0);
    int64_t id =
        reply->allowance_list->n_statements == 1 ? reply->allowance_list->statements[0]->id : 0;
    zc_reply_free(reply);
    return id;
}

static Zhucun__Reply *show(struct zc_client *c, int64_t id, Zhucun__Code want)
{
    Zhucun__AllowanceShow s = ZHUCUN__ALLOWANCE_SHOW__INIT;
    s.statement_id = id;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call_body(c, ZHUCUN__REQUEST__BODY_ALLOWANCE_SHOW, &s, NULL,
                                  want == ZHUCUN__CODE__OK ? NULL : "statement_id", &reply),
                     want);
    return reply;
}

/* ---- the days ---- */

/* The statement's days are the five-days-four-nights report's: AttendanceWeek of every week
 * that overlaps the month, read day by day for the month's days (a day in the village: not
 * excused, its day slot present; excused by leave or by official business shown apart). */
static void test_days_agree_with_the_weekly_report(void **state)
{
    (void)state;
    long long audited = count("SELECT count(*) FROM audit WHERE action = 'allowance.compute'");
    assert_int_equal(compute(county_a, month, "", 0, 0, NULL, ZHUCUN__CODE__OK), 2);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'allowance.compute'"),
                     audited + 1);
    unsigned present = 0, leave = 0, business = 0, served = 0;
    for (int monday = rules_week_monday(m_first); monday <= m_last; monday += 7) {
        Zhucun__AttendanceWeek w = ZHUCUN__ATTENDANCE_WEEK__INIT;
        char week[9];
        rules_week_format(monday, week);
        w.person_id = p_a1;
        w.week = week;
        Zhucun__Reply *reply = NULL;
        assert_int_equal(
            zt_call_body(county_a, ZHUCUN__REQUEST__BODY_ATTENDANCE_WEEK, &w, NULL, NULL, &reply),
            ZHUCUN__CODE__OK);
        const Zhucun__AttendanceWeekReply *r = reply->attendance_week;
        assert_int_equal(r->n_days, 7);
        for (int i = 0; i < 7; i++) {
            const Zhucun__AttendanceDay *d = r->days[i];
            if (monday + i < m_first || monday + i > m_last)
                continue;
            int not_serving = strstr(d->excuse, "not_serving") != NULL;
            served += !not_serving;
            present += !d->excused && d->day_present;
            leave += !not_serving && strstr(d->excuse, "leave") != NULL;
            business += !not_serving && strstr(d->excuse, "official_business") != NULL;
        }
        zc_reply_free(reply);
    }
    Zhucun__Reply *reply = list(county_a, month, p_a1, 0);
    assert_int_equal(reply->allowance_list->n_statements, 1);
    const Zhucun__AllowanceStatement *s = reply->allowance_list->statements[0];
    assert_int_equal(s->days_present, present);
    assert_int_equal(s->days_present, expected_present);
    assert_int_equal(s->days_served, served);
    assert_int_equal(s->days_served, m_last - m_first + 1);
    assert_int_equal(s->days_leave, leave);
    assert_int_equal(s->days_leave, 2);
    assert_int_equal(s->days_business, business);
    assert_int_equal(s->days_business, 1);
    /* a provincial unit's rates: 100 元 a day, 800 元 of transport */
    assert_int_equal(s->living_rate_fen, 10000);
    assert_int_equal(s->transport_fen, 80000);
    assert_int_equal(s->living_fen, (int64_t)present * 10000);
    assert_int_equal(s->amount_fen, rules_allowance_amount((int)present, 10000, 80000));
    assert_string_equal(s->status, "draft");
    assert_int_equal(s->version, 1);
    assert_true(s->latest);
    assert_false(s->current);
    int64_t id = s->id;
    zc_reply_free(reply);
    /* and the weeks wholly inside the month as the duty report judges them in SQL
     * (zc_attendance_judge, 0030): the same present days as the statement's days counted */
    char first[11], last[11];
    rules_date_format(m_first, first);
    rules_date_format(m_last, last);
    char q[1200];
    snprintf(q, sizeof(q),
             "SELECT count(*) FROM generate_series(date_trunc('week', '%s'::date + 6)::date,"
             " '%s'::date - 6, interval '7 days') w (monday)"
             " CROSS JOIN LATERAL zc_attendance_rule(w.monday::date) ar"
             " CROSS JOIN LATERAL zc_attendance_judge(%lld, w.monday::date, ar.days, ar.nights,"
             "  ar.day_from_s, ar.night_from_s) j"
             " WHERE j.days_present <> (SELECT count(*) FROM zc_attendance_days(%lld,"
             "  w.monday::date, w.monday::date + 6) x"
             "  WHERE x.served AND x.excused IS NULL AND x.day_present)",
             first, last, (long long)p_a1, (long long)p_a1);
    assert_int_equal(count("%s", q), 0);
    snprintf(q, sizeof(q),
             "SELECT count(*) FROM generate_series(date_trunc('week', '%s'::date + 6)::date,"
             " '%s'::date - 6, interval '7 days') w",
             first, last);
    assert_true(count("%s", q) >= 3); /* a month holds three whole weeks at least */
    /* the cadre from the tenth: served from then, every day in the village */
    reply = list(county_a, month, p_a2, 0);
    assert_int_equal(reply->allowance_list->n_statements, 1);
    assert_int_equal(reply->allowance_list->statements[0]->days_served, m_last - m_first - 8);
    assert_int_equal(reply->allowance_list->statements[0]->days_present, m_last - m_first - 8);
    zc_reply_free(reply);
    /* the show: every day of the month, as the SQL function that counted them */
    reply = show(county_a, id, ZHUCUN__CODE__OK);
    const Zhucun__AllowanceShowReply *r = reply->allowance_show;
    assert_int_equal(r->statement->id, id);
    assert_int_equal(r->n_days, m_last - m_first + 1);
    unsigned shown = 0;
    for (size_t i = 0; i < r->n_days; i++)
        shown += r->days[i]->served && r->days[i]->excused[0] == '\0' && r->days[i]->day_present;
    assert_int_equal(shown, present);
    assert_string_equal(r->days[4]->excused, "official_business");
    assert_string_equal(r->days[9]->excused, "leave");
    assert_false(r->days[2]->day_present); /* only at 05:00: the night before */
    assert_true(r->days[1]->night_present);
    assert_false(r->days[5]->day_present); /* only at 20:00: a night */
    assert_true(r->days[5]->night_present);
    zc_reply_free(reply);
}

/* The unit level's rates, and a county's own that take their place for its cadres. */
static void test_rates(void **state)
{
    (void)state;
    assert_int_equal(compute(county_b, month, "", 0, 0, NULL, ZHUCUN__CODE__OK), 1);
    Zhucun__Reply *reply = list(county_b, month, p_b, 0);
    assert_int_equal(reply->allowance_list->statements[0]->living_rate_fen, 6000);
    assert_int_equal(reply->allowance_list->statements[0]->days_present, 0);
    assert_int_equal(reply->allowance_list->statements[0]->transport_fen, 0);
    assert_int_equal(reply->allowance_list->statements[0]->amount_fen, 0);
    zc_reply_free(reply);
    char first[11];
    rules_date_format(m_first, first);
    sql("INSERT INTO allowance_rates (unit_level, county_code, living_fen_per_day, transport_fen,"
        " valid_from) VALUES ('county', '" COUNTY_B "', 7000, 50000, '%s')",
        first);
    checkin(p_b, m_first + 1, 8, 0, 0);
    assert_int_equal(compute(county_b, month, "", 0, p_b, NULL, ZHUCUN__CODE__OK), 1);
    reply = list(county_b, month, p_b, 0);
    const Zhucun__AllowanceStatement *s = reply->allowance_list->statements[0];
    assert_int_equal(s->living_rate_fen, 7000);
    assert_int_equal(s->days_present, 1);
    assert_int_equal(s->amount_fen, 7000 + 50000);
    zc_reply_free(reply);
    /* the rates' bounds are the database's too: past them, or a version not from a month's
     * first day, refused even to the owner */
    PGconn *pg = zt_pg_admin(&srv);
    const char *bad[] = {"('city', 50001, 0, '2030-01-01')", "('city', 0, 500001, '2030-01-01')",
                         "('city', -1, 0, '2030-01-01')", "('city', 100, 0, '2030-01-02')"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char q[200];
        snprintf(q, sizeof(q),
                 "INSERT INTO allowance_rates (unit_level, living_fen_per_day, transport_fen,"
                 " valid_from) VALUES %s",
                 bad[i]);
        PGresult *res = PQexec(pg, q);
        assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
        PQclear(res);
    }
    PQfinish(pg);
    assert_false(rules_allowance_rates_ok(ALLOWANCE_LIVING_MAX_FEN + 1, 0));
    assert_true(rules_allowance_rates_ok(ALLOWANCE_LIVING_MAX_FEN, ALLOWANCE_TRANSPORT_MAX_FEN));
}

/* Each refusal names its field. */
static void test_refusals(void **state)
{
    (void)state;
    compute(county_a, "2026-13", "", 0, 0, "month", ZHUCUN__CODE__INVALID_ARGUMENT);
    compute(county_a, "202611", "", 0, 0, "month", ZHUCUN__CODE__INVALID_ARGUMENT);
    compute(county_a, next_month, "", 0, 0, "month", ZHUCUN__CODE__INVALID_ARGUMENT);
    compute(county_a, "2021-12", "", 0, 0, "month", ZHUCUN__CODE__INVALID_ARGUMENT);
    compute(county_a, month, "1401", 0, 0, "org_code", ZHUCUN__CODE__INVALID_ARGUMENT);
    compute(county_a, month, COUNTY_B, 0, 0, "org_code", ZHUCUN__CODE__NOT_FOUND);
    compute(county_a, month, "", u_b, 0, "unit_id", ZHUCUN__CODE__NOT_FOUND);
    compute(county_a, month, "", 0, p_b, "person_id", ZHUCUN__CODE__NOT_FOUND);
    /* before the cadre's first day */
    compute(county_a, early_month, "", 0, p_a2, "month", ZHUCUN__CODE__FAILED_PRECONDITION);
    /* who may not draft */
    compute(cad_a1, month, "", 0, 0, NULL, ZHUCUN__CODE__PERMISSION_DENIED);
    compute(city, month, "", 0, 0, NULL, ZHUCUN__CODE__PERMISSION_DENIED);
    /* the batches: none, repeated, too many */
    Zhucun__AllowanceConfirm a = ZHUCUN__ALLOWANCE_CONFIRM__INIT;
    written(town_a, ZHUCUN__REQUEST__BODY_ALLOWANCE_CONFIRM, &a, NULL, "ids",
            ZHUCUN__CODE__INVALID_ARGUMENT);
    int64_t twice[] = {1, 1};
    a.ids = twice;
    a.n_ids = 2;
    written(town_a, ZHUCUN__REQUEST__BODY_ALLOWANCE_CONFIRM, &a, NULL, "ids",
            ZHUCUN__CODE__INVALID_ARGUMENT);
    static int64_t many[ALLOWANCE_BATCH_MAX + 1];
    for (int i = 0; i <= ALLOWANCE_BATCH_MAX; i++)
        many[i] = i + 1;
    a.ids = many;
    a.n_ids = ALLOWANCE_BATCH_MAX + 1;
    written(town_a, ZHUCUN__REQUEST__BODY_ALLOWANCE_CONFIRM, &a, NULL, "ids",
            ZHUCUN__CODE__INVALID_ARGUMENT);
    /* another county's statement is not found; the unit's administrator does not confirm */
    int64_t b = latest_id(county_b, month, p_b);
    batch(county_a, 1, b, "ids", ZHUCUN__CODE__NOT_FOUND);
    batch(uadm, 1, latest_id(uadm, month, p_a1), NULL, ZHUCUN__CODE__PERMISSION_DENIED);
    /* a reason: required, bounded */
    correct(county_a, latest_id(county_a, month, p_a1), "", "reason",
            ZHUCUN__CODE__INVALID_ARGUMENT);
    char longer[ALLOWANCE_REASON_MAX + 2];
    memset(longer, 'x', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = '\0';
    correct(county_a, latest_id(county_a, month, p_a1), longer, "reason",
            ZHUCUN__CODE__INVALID_ARGUMENT);
    /* a draft is not corrected (computed again) */
    correct(county_a, latest_id(county_a, month, p_a1), "补录打卡", "statement_id",
            ZHUCUN__CODE__FAILED_PRECONDITION);
    /* not yet confirmed: not sent */
    batch(town_a, 0, latest_id(town_a, month, p_a1), "ids", ZHUCUN__CODE__FAILED_PRECONDITION);
    /* the list's bounds */
    Zhucun__AllowanceList l = ZHUCUN__ALLOWANCE_LIST__INIT;
    l.status = "paid";
    Zhucun__Reply *reply = NULL;
    zt_assert_refused(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_ALLOWANCE_LIST, &l, NULL, NULL, &reply),
        &reply, ZHUCUN__CODE__INVALID_ARGUMENT, "status");
    l.status = "";
    l.limit = ALLOWANCE_LIST_MAX + 1;
    zt_assert_refused(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_ALLOWANCE_LIST, &l, NULL, NULL, &reply),
        &reply, ZHUCUN__CODE__INVALID_ARGUMENT, "limit");
}

/* A retried write with the same key is applied once. */
static void test_keyed(void **state)
{
    (void)state;
    long long audited = count("SELECT count(*) FROM audit WHERE action = 'allowance.compute'");
    Zhucun__AllowanceCompute a = ZHUCUN__ALLOWANCE_COMPUTE__INIT;
    a.month = month;
    a.org_code = "";
    a.person_id = p_a2;
    assert_int_equal(written(uadm, ZHUCUN__REQUEST__BODY_ALLOWANCE_COMPUTE, &a, "allow-key-1", NULL,
                             ZHUCUN__CODE__OK),
                     1);
    assert_int_equal(written(uadm, ZHUCUN__REQUEST__BODY_ALLOWANCE_COMPUTE, &a, "allow-key-1", NULL,
                             ZHUCUN__CODE__OK),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'allowance.compute'"),
                     audited + 1);
    int64_t id = latest_id(town_a, month, p_a2);
    Zhucun__AllowanceConfirm c = ZHUCUN__ALLOWANCE_CONFIRM__INIT;
    c.ids = &id;
    c.n_ids = 1;
    written(town_a, ZHUCUN__REQUEST__BODY_ALLOWANCE_CONFIRM, &c, "allow-key-2", NULL,
            ZHUCUN__CODE__OK);
    written(town_a, ZHUCUN__REQUEST__BODY_ALLOWANCE_CONFIRM, &c, "allow-key-2", NULL,
            ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'allowance.confirm'"
                           " AND detail ->> 'statement' = '%lld'",
                           (long long)id),
                     1);
}

/* The unit's administrator's queue item for statement id: its step (0: none). */
static int64_t queued_step(int64_t id)
{
    Zhucun__QueueList q = ZHUCUN__QUEUE_LIST__INIT;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call_body(uadm, ZHUCUN__REQUEST__BODY_QUEUE_LIST, &q, NULL, NULL, &reply),
                     ZHUCUN__CODE__OK);
    int64_t step = 0;
    for (size_t i = 0; i < reply->queue_list->n_items; i++) {
        const Zhucun__QueueItem *it = reply->queue_list->items[i];
        if (strcmp(it->subject_kind, "allowance") == 0 && it->subject_id == id) {
            assert_string_equal(it->kind_name, "驻村补助");
            step = it->step_id;
        }
    }
    zc_reply_free(reply);
    return step;
}

static void decide(int64_t step, const char *decision)
{
    Zhucun__Decide d = ZHUCUN__DECIDE__INIT;
    d.step_id = step;
    d.decision = (char *)decision;
    d.reason = strcmp(decision, "approve") == 0 ? "" : "天数有误，请核对";
    assert_int_equal(zt_call_body(uadm, ZHUCUN__REQUEST__BODY_DECIDE, &d, NULL, NULL, NULL),
                     ZHUCUN__CODE__OK);
}

/* Confirmed after the month by the township, sent, approved by the unit through the queue:
 * frozen, even to SQL. */
static void test_approve_and_frozen(void **state)
{
    (void)state;
    /* the running month is drafted but not confirmed */
    assert_true(compute(county_a, this_month, "", 0, p_a1, NULL, ZHUCUN__CODE__OK) >= 0);
    int64_t running = latest_id(county_a, this_month, p_a1);
    if (running != 0)
        batch(town_a, 1, running, "ids", ZHUCUN__CODE__FAILED_PRECONDITION);
    int64_t id = latest_id(county_a, month, p_a1);
    assert_int_equal(batch(town_a, 1, id, NULL, ZHUCUN__CODE__OK), 1);
    batch(town_a, 1, id, "ids", ZHUCUN__CODE__FAILED_PRECONDITION); /* confirmed already */
    assert_int_equal(batch(county_a, 0, id, NULL, ZHUCUN__CODE__OK), 1);
    int64_t step = queued_step(id);
    assert_true(step > 0);
    /* with the unit: computing again leaves it */
    compute(county_a, month, "", 0, p_a1, NULL, ZHUCUN__CODE__OK);
    Zhucun__Reply *reply = show(uadm, id, ZHUCUN__CODE__OK);
    assert_string_equal(reply->allowance_show->statement->status, "pending");
    assert_true(reply->allowance_show->statement->approval_id > 0);
    zc_reply_free(reply);
    /* returned: confirmed and sent again */
    decide(step, "return");
    reply = show(county_a, id, ZHUCUN__CODE__OK);
    assert_string_equal(reply->allowance_show->statement->status, "returned");
    zc_reply_free(reply);
    compute(county_a, month, "", 0, p_a1, NULL, ZHUCUN__CODE__OK);
    batch(town_a, 1, id, NULL, ZHUCUN__CODE__OK);
    batch(town_a, 0, id, NULL, ZHUCUN__CODE__OK);
    step = queued_step(id);
    decide(step, "approve");
    reply = show(cad_a1, id, ZHUCUN__CODE__OK);
    assert_string_equal(reply->allowance_show->statement->status, "approved");
    assert_true(reply->allowance_show->statement->current);
    int64_t amount = reply->allowance_show->statement->amount_fen;
    zc_reply_free(reply);
    /* frozen: every write refused */
    compute(county_a, month, "", 0, p_a1, NULL, ZHUCUN__CODE__OK);
    batch(town_a, 1, id, "ids", ZHUCUN__CODE__FAILED_PRECONDITION);
    batch(town_a, 0, id, "ids", ZHUCUN__CODE__FAILED_PRECONDITION);
    char q[200];
    snprintf(q, sizeof(q),
             "UPDATE allowance_statements SET days_present = 0, living_fen = 0,"
             " amount_fen = transport_fen WHERE id = %lld",
             (long long)id);
    /* psql as the server's role, for the cadre (who sees the row): refused */
    PGconn *pg = zt_pg_app(&srv);
    char who[200];
    snprintf(who, sizeof(who),
             "SELECT set_config('zhucun.scope', '{}', false), set_config('zhucun.user', '%lld',"
             " false)",
             count("SELECT user_id FROM persons WHERE id = %lld", (long long)p_a1));
    PGresult *res = PQexec(pg, who);
    assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
    PQclear(res);
    char seen[100];
    snprintf(seen, sizeof(seen), "SELECT 1 FROM allowance_statements WHERE id = %lld",
             (long long)id);
    res = PQexec(pg, seen);
    assert_int_equal(PQntuples(res), 1);
    PQclear(res);
    res = PQexec(pg, q);
    assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
    PQclear(res);
    PQfinish(pg);
    /* even the owner (psql as the administrator) cannot */
    pg = zt_pg_admin(&srv);
    res = PQexec(pg, q);
    assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
    PQclear(res);
    snprintf(q, sizeof(q), "DELETE FROM allowance_statements WHERE id = %lld", (long long)id);
    res = PQexec(pg, q);
    assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
    PQclear(res);
    res = PQexec(pg, "TRUNCATE allowance_statements");
    assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
    PQclear(res);
    PQfinish(pg);
    assert_int_equal(
        count("SELECT amount_fen FROM allowance_statements WHERE id = %lld", (long long)id),
        amount);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'allowance.submit'"
                           " AND detail ->> 'statement' = '%lld'",
                           (long long)id),
                     2);
}

/* A correction is a new version with its reason; the approved one stays the statement until
 * the new one is approved; versions are kept. */
static void test_correct(void **state)
{
    (void)state;
    int64_t v1 = 0;
    Zhucun__Reply *reply = list(county_a, month, p_a1, 1);
    assert_int_equal(reply->allowance_list->n_statements, 1);
    v1 = reply->allowance_list->statements[0]->id;
    zc_reply_free(reply);
    /* a day's check-in recorded late: the correction counts it */
    checkin(p_a1, m_first + 2, 10, 0, 0);
    int64_t v2 = correct(uadm, v1, "补录 3 日打卡", NULL, ZHUCUN__CODE__OK);
    assert_true(v2 > v1);
    correct(county_a, v1, "再次更正", "statement_id", ZHUCUN__CODE__ALREADY_EXISTS);
    /* the list's latest is the new draft; the statement is still v1 */
    assert_int_equal(latest_id(county_a, month, p_a1), v2);
    reply = list(county_a, month, p_a1, 1);
    assert_int_equal(reply->allowance_list->statements[0]->id, v1);
    zc_reply_free(reply);
    reply = show(county_a, v2, ZHUCUN__CODE__OK);
    const Zhucun__AllowanceShowReply *r = reply->allowance_show;
    assert_int_equal(r->statement->version, 2);
    assert_int_equal(r->statement->corrects, v1);
    assert_string_equal(r->statement->reason, "补录 3 日打卡");
    assert_int_equal(r->statement->days_present, expected_present + 1);
    assert_int_equal(r->n_versions, 2);
    assert_true(r->versions[1]->current);
    zc_reply_free(reply);
    batch(town_a, 1, v2, NULL, ZHUCUN__CODE__OK);
    batch(town_a, 0, v2, NULL, ZHUCUN__CODE__OK);
    decide(queued_step(v2), "approve");
    reply = list(county_a, month, p_a1, 1);
    assert_int_equal(reply->allowance_list->n_statements, 1);
    assert_int_equal(reply->allowance_list->statements[0]->id, v2);
    zc_reply_free(reply);
    /* the first version is kept as it was, and cannot be corrected past the second */
    assert_int_equal(
        count("SELECT days_present FROM allowance_statements WHERE id = %lld", (long long)v1),
        expected_present);
    correct(county_a, v1, "旧版本", "statement_id", ZHUCUN__CODE__ALREADY_EXISTS);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'allowance.correct'"), 1);
}

/* A cadre's allowances are personal: the cadre, the unit's administrator, the placement's
 * township and county office. */
static void test_who_reads(void **state)
{
    (void)state;
    Zhucun__Reply *reply = list(cad_a1, "", 0, 0);
    assert_true(reply->allowance_list->n_statements >= 1);
    for (size_t i = 0; i < reply->allowance_list->n_statements; i++)
        assert_int_equal(reply->allowance_list->statements[i]->person_id, p_a1);
    zc_reply_free(reply);
    int64_t a2 = latest_id(county_a, month, p_a2);
    zc_reply_free(show(cad_a1, a2, ZHUCUN__CODE__NOT_FOUND));
    zc_reply_free(show(cad_a2, a2, ZHUCUN__CODE__OK));
    zc_reply_free(show(uadm, a2, ZHUCUN__CODE__OK));
    zc_reply_free(show(town_a, a2, ZHUCUN__CODE__OK));
    zc_reply_free(show(county_b, a2, ZHUCUN__CODE__NOT_FOUND));
    zc_reply_free(show(cad_b, a2, ZHUCUN__CODE__NOT_FOUND));
    reply = list(county_b, month, 0, 0);
    assert_int_equal(reply->allowance_list->n_statements, 1);
    assert_int_equal(reply->allowance_list->statements[0]->person_id, p_b);
    zc_reply_free(reply);
    reply = list(uadm, month, 0, 0);
    assert_int_equal(reply->allowance_list->n_statements, 2);
    int64_t total = 0;
    for (size_t i = 0; i < reply->allowance_list->n_statements; i++)
        total += reply->allowance_list->statements[i]->amount_fen;
    assert_int_equal(reply->allowance_list->total_fen, total);
    zc_reply_free(reply);
    /* an office above the county does not read them */
    Zhucun__AllowanceList l = ZHUCUN__ALLOWANCE_LIST__INIT;
    assert_int_equal(zt_call_body(city, ZHUCUN__REQUEST__BODY_ALLOWANCE_LIST, &l, NULL, NULL, NULL),
                     ZHUCUN__CODE__PERMISSION_DENIED);
}

static void test_export(void **state)
{
    (void)state;
    char cursor[256];
    char again[256];
    assert_int_equal(
        zt_export_rows(exporter, "allowance_statements", "", "", cursor, sizeof(cursor)),
        (unsigned long long)count("SELECT count(*) FROM allowance_statements"));
    assert_int_equal(
        zt_export_rows(exporter, "allowance_statements", "", cursor, again, sizeof(again)), 0);
}

/* ---- the rates published (AllowanceRateSet, AllowanceRateList; 0176) ---- */

static int64_t rate_set(struct zc_client *c, const char *level, const char *county,
                        long long living, long long transport, const char *from, const char *key,
                        const char *field, Zhucun__Code want)
{
    Zhucun__AllowanceRateSet a = ZHUCUN__ALLOWANCE_RATE_SET__INIT;
    a.unit_level = (char *)level;
    a.county_code = (char *)county;
    a.living_fen_per_day = living;
    a.transport_fen = transport;
    a.valid_from = (char *)from;
    a.note = "测试";
    return written(c, ZHUCUN__REQUEST__BODY_ALLOWANCE_RATE_SET, &a, key, field, want);
}

/* The rate of level in county ("" province-wide) on day (a day number) as c lists it: its row
 * (the reply's, valid until reply is freed). */
static const Zhucun__AllowanceRate *rate_of(struct zc_client *c, const char *county, int day,
                                            const char *level, Zhucun__Reply **reply)
{
    Zhucun__AllowanceRateList l = ZHUCUN__ALLOWANCE_RATE_LIST__INIT;
    char on[11];
    rules_date_format(day, on);
    l.county_code = (char *)county;
    l.on = on;
    *reply = zt_ok(c, ZHUCUN__REQUEST__BODY_ALLOWANCE_RATE_LIST, &l, NULL);
    assert_int_equal((*reply)->allowance_rate_list->n_rates, 4); /* one per level */
    for (size_t i = 0; i < (*reply)->allowance_rate_list->n_rates; i++)
        if (strcmp((*reply)->allowance_rate_list->rates[i]->unit_level, level) == 0)
            return (*reply)->allowance_rate_list->rates[i];
    fail_msg("no %s rate", level);
    return NULL;
}

/* Who publishes what, and each refusal with its field: the province office the province-wide
 * rates, a county office its own county's; never a month gone by. */
static void test_rate_refusals(void **state)
{
    (void)state;
    char first[11];
    rules_date_format(zt_today(), first);
    /* a month gone by: the client's check, and the server's on its own */
    rate_set(prov, "city", "", 9000, 70000, month, NULL, "valid_from",
             ZHUCUN__CODE__INVALID_ARGUMENT);
    PGconn *pg = zt_pg_admin(&srv);
    char q[300];
    snprintf(q, sizeof(q),
             "SELECT zc_allowance_rate_set(0, NULL, true, '{}', 'city', '', 1, 1,"
             " '%s-01', '', 'test', '')",
             month);
    PGresult *res = PQexec(pg, q);
    assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
    assert_string_equal(PQresultErrorField(res, PG_DIAG_SQLSTATE), "ZC009");
    assert_string_equal(PQresultErrorField(res, PG_DIAG_COLUMN_NAME), "valid_from");
    PQclear(res);
    PQfinish(pg);
    rate_set(prov, "city", "", ALLOWANCE_LIVING_MAX_FEN + 1, 0, this_month, NULL,
             "living_fen_per_day", ZHUCUN__CODE__INVALID_ARGUMENT);
    rate_set(prov, "city", "", 0, ALLOWANCE_TRANSPORT_MAX_FEN + 1, this_month, NULL,
             "transport_fen", ZHUCUN__CODE__INVALID_ARGUMENT);
    rate_set(prov, "village", "", 0, 0, this_month, NULL, "unit_level",
             ZHUCUN__CODE__INVALID_ARGUMENT);
    rate_set(prov, "city", TOWN_A, 0, 0, this_month, NULL, "county_code",
             ZHUCUN__CODE__INVALID_ARGUMENT);
    /* the province-wide rate is the province office's, a county's own its county office's */
    rate_set(county_a, "city", "", 9000, 70000, this_month, NULL, "county_code",
             ZHUCUN__CODE__PERMISSION_DENIED);
    rate_set(prov, "city", COUNTY_A, 9000, 70000, this_month, NULL, "county_code",
             ZHUCUN__CODE__PERMISSION_DENIED);
    rate_set(county_a, "city", COUNTY_B, 9000, 70000, this_month, NULL, "county_code",
             ZHUCUN__CODE__NOT_FOUND);
    rate_set(county_a, "city", "140107000000", 9000, 70000, this_month, NULL, "county_code",
             ZHUCUN__CODE__NOT_FOUND);
    rate_set(city, "city", "", 9000, 70000, this_month, NULL, NULL,
             ZHUCUN__CODE__PERMISSION_DENIED);
    rate_set(town_a, "city", COUNTY_A, 9000, 70000, this_month, NULL, NULL,
             ZHUCUN__CODE__PERMISSION_DENIED);
    assert_int_equal(count("SELECT count(*) FROM allowance_rates WHERE set_by IS NOT NULL"), 0);
}

/* A version published from this month: keyed and audited once; the statements already computed
 * keep their rate (the row they were computed with, its amounts) until drafted again, the
 * approved ones always; a row a statement was computed with is never changed again. A county's
 * own version takes the place of the province's there alone. */
static void test_rate_set_and_list(void **state)
{
    (void)state;
    int today = zt_today();
    int this_first = m_last + 1;
    int y, m, d;
    rules_civil_from_days(this_first + 40, &y, &m, &d);
    int next_first = rules_days_from_civil(y, m, 1);
    Zhucun__Reply *reply;
    const Zhucun__AllowanceRate *r = rate_of(county_a, COUNTY_A, today, "province", &reply);
    assert_string_equal(r->source, "province");
    assert_int_equal(r->living_fen_per_day, 10000);
    int64_t old_id = r->id;
    zc_reply_free(reply);
    /* cad_b's county (迎泽区) has its own county-level rate (test_rates): shown as its own */
    r = rate_of(uadm, COUNTY_B, m_first, "county", &reply);
    assert_string_equal(r->source, "county");
    assert_string_equal(r->county_code, COUNTY_B);
    assert_string_equal(r->county_name, "迎泽区");
    assert_int_equal(r->living_fen_per_day, 7000);
    assert_true(r->statements >= 1);
    zc_reply_free(reply);

    /* this month's drafts computed at the 2022 rate */
    assert_true(compute(county_a, this_month, "", 0, 0, NULL, ZHUCUN__CODE__OK) >= 1);
    long long approved = count("SELECT count(*) FROM allowance_statements WHERE status ="
                               " 'approved' AND living_rate_fen = 10000");
    long long audited = count("SELECT count(*) FROM audit WHERE action = 'allowance.rate_set'");
    int64_t id = rate_set(prov, "province", "", 12000, 90000, this_month, "rate-key-1", NULL,
                          ZHUCUN__CODE__OK);
    assert_true(id > 0);
    assert_int_equal(rate_set(prov, "province", "", 12000, 90000, this_month, "rate-key-1", NULL,
                              ZHUCUN__CODE__OK),
                     id);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'allowance.rate_set'"),
                     audited + 1);
    assert_int_equal(count("SELECT count(*) FROM allowance_rates WHERE unit_level = 'province'"
                           " AND county_code IS NULL"),
                     2);
    /* the version before ends the month before */
    char end[11];
    rules_date_format(this_first - 1, end);
    assert_int_equal(count("SELECT count(*) FROM allowance_rates WHERE id = %lld AND valid_to ="
                           " '%s'",
                           (long long)old_id, end),
                     1);
    /* the drafts keep the rate they were computed with */
    Zhucun__Reply *l = list(county_a, this_month, p_a1, 0);
    assert_int_equal(l->allowance_list->statements[0]->living_rate_fen, 10000);
    zc_reply_free(l);
    /* not used yet: published again, it is replaced (the same row) */
    assert_int_equal(
        rate_set(prov, "province", "", 13000, 90000, this_month, NULL, NULL, ZHUCUN__CODE__OK), id);
    r = rate_of(town_a, COUNTY_A, today, "province", &reply);
    assert_int_equal(r->id, id);
    assert_int_equal(r->living_fen_per_day, 13000);
    assert_int_equal(r->statements, 0);
    assert_string_equal(r->set_by[0] != '\0' ? "set" : "", "set");
    zc_reply_free(reply);
    /* drafted again, the drafts take it; the approved statements of the month before keep
     * theirs */
    assert_true(compute(county_a, this_month, "", 0, 0, NULL, ZHUCUN__CODE__OK) >= 1);
    l = list(county_a, this_month, p_a1, 0);
    assert_int_equal(l->allowance_list->statements[0]->living_rate_fen, 13000);
    zc_reply_free(l);
    assert_int_equal(count("SELECT count(*) FROM allowance_statements WHERE status ="
                           " 'approved' AND living_rate_fen = 10000"),
                     approved);
    /* now a statement was computed with it: never changed again, by the call or by SQL */
    rate_set(prov, "province", "", 14000, 90000, this_month, NULL, "valid_from",
             ZHUCUN__CODE__FAILED_PRECONDITION);
    PGconn *pg = zt_pg_admin(&srv);
    char q[200];
    snprintf(q, sizeof(q), "UPDATE allowance_rates SET living_fen_per_day = 1 WHERE id = %lld",
             (long long)id);
    PGresult *res = PQexec(pg, q);
    assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
    PQclear(res);
    snprintf(q, sizeof(q), "DELETE FROM allowance_rates WHERE id = %lld", (long long)old_id);
    res = PQexec(pg, q);
    assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
    PQclear(res);
    PQfinish(pg);

    /* 小店区's own province-level rate from next month: there alone, from then on */
    int64_t own = rate_set(county_a, "province", COUNTY_A, 11000, 70000, next_month, NULL, NULL,
                           ZHUCUN__CODE__OK);
    r = rate_of(county_a, COUNTY_A, next_first, "province", &reply);
    assert_int_equal(r->id, own);
    assert_string_equal(r->source, "county");
    assert_string_equal(r->county_name, "小店区");
    assert_int_equal(r->living_fen_per_day, 11000);
    zc_reply_free(reply);
    r = rate_of(county_a, COUNTY_A, today, "province", &reply);
    assert_int_equal(r->id, id); /* this month: still the province's */
    zc_reply_free(reply);
    /* the county office naming no county reads its own county's rates, not the province's */
    r = rate_of(county_a, "", next_first, "province", &reply);
    assert_string_equal(reply->allowance_rate_list->county_code, COUNTY_A);
    assert_int_equal(r->id, own);
    zc_reply_free(reply);
    r = rate_of(county_b, COUNTY_B, next_first, "province", &reply);
    assert_int_equal(r->id, id); /* another county: the province's */
    assert_string_equal(r->source, "province");
    zc_reply_free(reply);
    r = rate_of(prov, "", next_first, "province", &reply);
    assert_int_equal(r->id, id);
    zc_reply_free(reply);
    /* a cadre reads no rates; a county that is none is refused */
    Zhucun__AllowanceRateList rl = ZHUCUN__ALLOWANCE_RATE_LIST__INIT;
    zt_refused(cad_a2, ZHUCUN__REQUEST__BODY_ALLOWANCE_RATE_LIST, &rl,
               ZHUCUN__CODE__PERMISSION_DENIED, NULL);
    rl.county_code = "140107000000";
    zt_refused(prov, ZHUCUN__REQUEST__BODY_ALLOWANCE_RATE_LIST, &rl, ZHUCUN__CODE__NOT_FOUND,
               "county_code");
    /* exported, each version placed by its county (the province for the province-wide ones) */
    char cursor[256], again[256];
    assert_int_equal(zt_export_rows(exporter, "allowance_rates", "", "", cursor, sizeof(cursor)),
                     (unsigned long long)count("SELECT count(*) FROM allowance_rates"));
    assert_int_equal(zt_export_rows(exporter, "allowance_rates", "", cursor, again, sizeof(again)),
                     0);
    assert_int_equal(
        zt_export_rows(exporter, "allowance_rates", COUNTY_A, "", cursor, sizeof(cursor)), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_agree_with_the_weekly_report),
        cmocka_unit_test(test_rates),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_keyed),
        cmocka_unit_test(test_approve_and_frozen),
        cmocka_unit_test(test_correct),
        cmocka_unit_test(test_who_reads),
        cmocka_unit_test(test_export),
        cmocka_unit_test(test_rate_refusals),
        cmocka_unit_test(test_rate_set_and_list),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
