/* test_stars.c -- stars every half year (星级化评定, SPEC E2) and a cadre's points (积分制考核,
 * SPEC E3), issue 22, docs/stars-points.md: a team's first rating from its later quarter's
 * published grade (5 / 3 / 0), later ratings from the previous stars moved by the city's
 * indicators (a city's own row before the province-wide one), never outside 0–5 (the clamp and
 * the CHECK); a keyed adjustment applied once, audited; the filing with the province as an
 * approval (its route: the province office), which locks the period; the province's view of
 * filed and missing counties by city; the quarter's first points from the grades (70 / 60 /
 * 50, once per cadre), the add and deduct items with reason, source and evidence, an
 * inspection's deduction in history and totals; a cadre's own history, another cadre's
 * refused; rankings with ties ranked equal; the codes a county office chooses from
 * (StarsCodes); every refusal with its field; exported incrementally. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"

#define PW       "correct horse battery"
#define CITY_T   "140100000000"
#define COUNTY_A "140105000000"
#define VA1      "140105001001"
#define VA2      "140105001002"
#define VA3      "140105001003"
#define COUNTY_B "140106000000"
#define VB1      "140106001001"
#define COUNTY_C "140212000000"

static struct zt_server srv;
static struct zc_client *prov, *city, *county_a, *county_b, *cadre1, *cadre2, *exporter;
static int64_t team1, team2, team3, team_b, person1, person2, person3;
/* the half before last (first rating), the last half (later rating), and their quarters */
static char h_first[16], h_later[16], q_first[16], q_later[16];
static char d_h_first[11], d_h_later[11], d_q[4][11]; /* first days: the four quarters */

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,星级一村,village\n"
                          "140105001002,星级二村,village\n140105001003,星级三村,village\n"
                          "140106000000,迎泽区,county\n140106001000,柳巷街道,township\n"
                          "140106001001,星级四村,village\n"
                          "140200000000,大同市,city\n140212000000,新荣区,county\n";

#define count(...) zt_count(&srv, __VA_ARGS__)

/* A published round of county for the quarter starting day, subject team or cadre, with the
 * grades given as "id:grade,id:grade" (team ids, or person ids with their team). */
static void publish(const char *county, const char *day, const char *subject, const char *rows)
{
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "WITH r AS (INSERT INTO assessment_rounds (county_code, quarter, subject, status,"
             " published_on) VALUES ('%s', '%s', '%s', 'published', '%s') RETURNING id)"
             " INSERT INTO assessment_results (round_id, team_id, person_id, org_code, score,"
             " proposed, grade)"
             " SELECT r.id, x.team, x.person, t.org_code, 80, x.grade, x.grade FROM r,"
             " (SELECT split_part(v, ':', 1)::bigint AS team,"
             "         NULLIF(split_part(v, ':', 3), '')::bigint AS person,"
             "         split_part(v, ':', 2) AS grade"
             "  FROM unnest(string_to_array('%s', ',')) v) x JOIN teams t ON t.id = x.team"
             " RETURNING 1",
             county, day, subject, day, rows);
    free(zt_sql(&srv, sql));
}

static int64_t compute(struct zc_client *c, const char *county, const char *half, Zhucun__Code want,
                       const char *field)
{
    Zhucun__StarsCompute in = ZHUCUN__STARS_COMPUTE__INIT;
    in.county_code = (char *)county;
    in.half = (char *)half;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code rc =
        zt_call_body(c, ZHUCUN__REQUEST__BODY_STARS_COMPUTE, &in, NULL, field, &reply);
    assert_int_equal(rc, want);
    int64_t n = rc == ZHUCUN__CODE__OK ? reply->stars_compute->count : -1;
    zc_reply_free(reply);
    return n;
}

static int stars_of(int64_t team, const char *half_day)
{
    return (int)count("SELECT stars FROM team_stars WHERE team_id = %lld AND half = '%s'",
                      (long long)team, half_day);
}

/* StarsAdjust: the stars afterwards, or -1. */
static int adjust(struct zc_client *c, int64_t team, const char *half, const char *code,
                  const char *key, Zhucun__Code want, const char *field)
{
    Zhucun__StarsAdjust in = ZHUCUN__STARS_ADJUST__INIT;
    in.team_id = team;
    in.half = (char *)half;
    in.code = (char *)code;
    in.reason = "市级量化指标";
    Zhucun__Reply *reply = NULL;
    Zhucun__Code rc = zt_call_body(c, ZHUCUN__REQUEST__BODY_STARS_ADJUST, &in, key, field, &reply);
    assert_int_equal(rc, want);
    int s = rc == ZHUCUN__CODE__OK ? reply->stars_adjust->stars : -1;
    zc_reply_free(reply);
    return s;
}

/* The quarter (YYYYQn) and half (YYYYHn) of day d, and the first day of the quarter. */
static void periods_of(int d, char q[16], char h[16], char first[11])
{
    int y, m, dd;
    rules_civil_from_days(d, &y, &m, &dd);
    snprintf(q, 16, "%04uQ%u", (unsigned)y % 10000u, (unsigned)(m - 1) / 3u % 4u + 1u);
    snprintf(h, 16, "%04uH%u", (unsigned)y % 10000u, m <= 6 ? 1u : 2u);
    rules_date_format(rules_days_from_civil(y, (m - 1) / 3 * 3 + 1, 1), first);
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "stars", NULL);
    /* The last two whole halves before today, and their four quarters. */
    int y, m, d;
    rules_civil_from_days(zt_today(), &y, &m, &d);
    int fy = y - 1, fm = m <= 6 ? 1 : 7; /* the first half: (y-1)H1 or (y-1)H2 */
    char q[16], h[16];
    for (int i = 0; i < 4; i++) {
        int mm = fm - 1 + 3 * i; /* months since January of fy */
        periods_of(rules_days_from_civil(fy + mm / 12, mm % 12 + 1, 1), q, h, d_q[i]);
        if (i == 0) {
            memcpy(q_first, q, 16);
            memcpy(h_first, h, 16);
            memcpy(d_h_first, d_q[0], 11);
        } else if (i == 2) {
            memcpy(h_later, h, 16);
            memcpy(d_h_later, d_q[2], 11);
        } else if (i == 3) {
            memcpy(q_later, q, 16);
        }
    }
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "taiyuan", PW, "city_office", CITY_T, 0), 0);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", COUNTY_A, 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", COUNTY_B, 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", "140000000000", 0), 0);
    city = zt_login(&srv, "taiyuan", PW, NULL);
    county_a = zt_login(&srv, "xiaodian", PW, NULL);
    county_b = zt_login(&srv, "yingze", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    team1 = zt_team(county_a, "village", VA1, "星级一村工作队");
    team2 = zt_team(county_a, "village", VA2, "星级二村工作队");
    team3 = zt_team(county_a, "village", VA3, "星级三村工作队");
    team_b = zt_team(county_b, "village", VB1, "星级四村工作队");
    cadre1 =
        zt_cadre(&srv, county_a, team1, "star-cadre1", VA1, "cadre", "member", 0, PW, &person1);
    cadre2 =
        zt_cadre(&srv, county_a, team2, "star-cadre2", VA2, "cadre", "member", 0, PW, &person2);
    zc_close(
        zt_cadre(&srv, county_a, team3, "star-cadre3", VA3, "cadre", "member", 0, PW, &person3));
    /* The teams' grades: the later quarter of each half counts (the earlier one differs). */
    char rows[256];
    snprintf(rows, sizeof(rows), "%lld:unqualified,%lld:excellent,%lld:excellent", (long long)team1,
             (long long)team2, (long long)team3);
    publish(COUNTY_A, d_q[0], "team", rows);
    snprintf(rows, sizeof(rows), "%lld:excellent,%lld:qualified,%lld:basic", (long long)team1,
             (long long)team2, (long long)team3);
    publish(COUNTY_A, d_q[1], "team", rows);
    publish(COUNTY_A, d_q[3], "team", rows);
    /* The cadres' grades of the last quarter: 70, 60, 60. */
    snprintf(rows, sizeof(rows), "%lld:excellent:%lld,%lld:qualified:%lld,%lld:qualified:%lld",
             (long long)team1, (long long)person1, (long long)team2, (long long)person2,
             (long long)team3, (long long)person3);
    publish(COUNTY_A, d_q[3], "cadre", rows);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct zc_client *all[] = {prov, city, county_a, county_b, cadre1, cadre2, exporter};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        zc_close(all[i]);
    zt_server_finish(&srv);
    return 0;
}

/* The first rating from the later quarter's grade; later ratings from the previous stars and
 * the city's indicators, clamped; each refusal with its field; a keyed adjustment once. */
static void test_stars(void **state)
{
    (void)state;
    /* nothing published for county B: refused naming half; A from B: not found */
    compute(county_b, COUNTY_B, h_first, ZHUCUN__CODE__FAILED_PRECONDITION, "half");
    compute(county_b, COUNTY_A, h_first, ZHUCUN__CODE__NOT_FOUND, "county_code");
    compute(county_a, VA1, h_first, ZHUCUN__CODE__INVALID_ARGUMENT, "county_code");
    compute(county_a, COUNTY_A, "2026-01-01", ZHUCUN__CODE__INVALID_ARGUMENT, "half");
    assert_int_equal(compute(county_a, COUNTY_A, h_first, ZHUCUN__CODE__OK, NULL), 3);
    assert_int_equal(stars_of(team1, d_h_first), 5); /* excellent in the later quarter */
    assert_int_equal(stars_of(team2, d_h_first), 3);
    assert_int_equal(stars_of(team3, d_h_first), 0);
    /* a first rating is the grade's alone */
    adjust(county_a, team1, h_first, "model", NULL, ZHUCUN__CODE__FAILED_PRECONDITION, "team_id");

    assert_int_equal(compute(county_a, COUNTY_A, h_later, ZHUCUN__CODE__OK, NULL), 3);
    assert_int_equal(stars_of(team1, d_h_later), 5); /* the previous stars */
    assert_int_equal(
        count("SELECT count(*) FROM team_stars WHERE half = '%s' AND first", d_h_later), 0);
    /* up and down, never past 5 or below 0 */
    assert_int_equal(adjust(county_a, team1, h_later, "model", NULL, ZHUCUN__CODE__OK, NULL), 5);
    assert_int_equal(adjust(county_a, team3, h_later, "discipline", NULL, ZHUCUN__CODE__OK, NULL),
                     0);
    /* the sum of the adjustments, then the clamp: 0 - 2 + 1 = -1, so 0 */
    assert_int_equal(adjust(county_a, team3, h_later, "model", NULL, ZHUCUN__CODE__OK, NULL), 0);
    assert_int_equal(
        adjust(county_a, team2, h_later, "circular", "adj-key-1", ZHUCUN__CODE__OK, NULL), 2);
    /* the same key again: the first answer, applied once, one audit row */
    assert_int_equal(
        adjust(county_a, team2, h_later, "circular", "adj-key-1", ZHUCUN__CODE__OK, NULL), 2);
    assert_int_equal(
        count("SELECT count(*) FROM star_adjustments WHERE team_id = %lld", (long long)team2), 1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'stars.adjust'"
                           " AND object = 'team:%lld'",
                           (long long)team2),
                     1);
    /* the same indicator twice; one that does not exist; a team out of scope */
    adjust(county_a, team2, h_later, "circular", NULL, ZHUCUN__CODE__ALREADY_EXISTS, "code");
    adjust(county_a, team2, h_later, "nosuch", NULL, ZHUCUN__CODE__NOT_FOUND, "code");
    adjust(county_b, team2, h_later, "model", NULL, ZHUCUN__CODE__NOT_FOUND, "team_id");
    adjust(county_a, team2, h_later, "model", NULL, ZHUCUN__CODE__OK, NULL);
    /* a city's own row before the province-wide one; another city's row is not Taiyuan's */
    free(zt_sql(&srv, "INSERT INTO star_indicator_rules (city_code, code, label, delta,"
                      " valid_from) VALUES ('" CITY_T "', 'income', '太原：集体经济增幅', 3,"
                      " '2013-01-01'), ('140200000000', 'dtonly', '大同指标', 1, '2013-01-01')"));
    assert_int_equal(adjust(county_a, team2, h_later, "income", NULL, ZHUCUN__CODE__OK, NULL), 5);
    adjust(county_a, team2, h_later, "dtonly", NULL, ZHUCUN__CODE__NOT_FOUND, "code");
    /* computing again keeps the adjustments */
    assert_int_equal(compute(county_a, COUNTY_A, h_later, ZHUCUN__CODE__OK, NULL), 3);
    assert_int_equal(stars_of(team2, d_h_later), 5);
    assert_int_equal(stars_of(team3, d_h_later), 0);
    assert_int_equal(count("SELECT adjust FROM team_stars WHERE team_id = %lld AND half = '%s'",
                           (long long)team3, d_h_later),
                     -1);
    /* stars never leave 0–5: none does, and the database refuses one that would */
    assert_int_equal(count("SELECT count(*) FROM team_stars WHERE stars NOT BETWEEN 0 AND 5"), 0);
    PGconn *pg = zt_pg_admin(&srv);
    PGresult *res = PQexec(pg, "UPDATE team_stars SET adjust = 9, stars = 6");
    assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
    assert_string_equal(PQresultErrorField(res, PG_DIAG_SQLSTATE), "23514"); /* the CHECK */
    PQclear(res);
    PQfinish(pg);

    /* the list, with the adjustments and the filing's state */
    Zhucun__StarsList l = ZHUCUN__STARS_LIST__INIT;
    l.county_code = COUNTY_A;
    l.half = h_later;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call_body(city, ZHUCUN__REQUEST__BODY_STARS_LIST, &l, NULL, NULL, &reply),
                     ZHUCUN__CODE__OK);
    assert_int_equal(reply->stars_list->n_teams, 3);
    assert_int_equal(reply->stars_list->teams[0]->stars, 5);
    assert_string_equal(reply->stars_list->filing, "missing");
    assert_non_null(strstr(reply->stars_list->teams[2]->adjustments, "discipline -2"));
    zc_reply_free(reply);
    assert_int_equal(
        zt_call_body(county_b, ZHUCUN__REQUEST__BODY_STARS_LIST, &l, NULL, "county_code", NULL),
        ZHUCUN__CODE__NOT_FOUND);
}

/* Filing: an approval routed to the province office; the period then locked; the province
 * sees filed and missing counties by city. */
static void test_filing(void **state)
{
    (void)state;
    Zhucun__StarsFile f = ZHUCUN__STARS_FILE__INIT;
    f.county_code = COUNTY_B;
    f.period = h_later;
    assert_int_equal(
        zt_call_body(county_b, ZHUCUN__REQUEST__BODY_STARS_FILE, &f, NULL, "period", NULL),
        ZHUCUN__CODE__FAILED_PRECONDITION); /* nothing rated */
    f.county_code = COUNTY_A;
    assert_int_equal(
        zt_call_body(county_b, ZHUCUN__REQUEST__BODY_STARS_FILE, &f, NULL, "county_code", NULL),
        ZHUCUN__CODE__NOT_FOUND);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_STARS_FILE, &f, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    int64_t approval = reply->stars_file->approval_id;
    zc_reply_free(reply);
    assert_true(approval > 0);
    /* the route: one step, the province office at the province */
    assert_int_equal(count("SELECT count(*) FROM approval_steps WHERE approval_id = %lld"
                           " AND role = 'province_office' AND org_code = '140000000000'"
                           " AND status = 'pending'",
                           (long long)approval),
                     1);
    assert_int_equal(
        count("SELECT count(*) FROM approval_steps WHERE approval_id = %lld", (long long)approval),
        1);
    /* filed today by the system's clock (a pinned day in the date runs), as its stars were
     * computed */
    assert_int_equal(count("SELECT count(*) FROM filings f JOIN team_stars t"
                           " ON t.county_code = f.county_code AND t.half = f.period"
                           " WHERE f.approval_id = %lld AND (f.filed_at AT TIME ZONE"
                           " 'Asia/Shanghai')::date = zc_today() AND (t.computed_at AT TIME ZONE"
                           " 'Asia/Shanghai')::date = zc_today()",
                           (long long)approval),
                     count("SELECT count(*) FROM team_stars t JOIN filings f"
                           " ON t.county_code = f.county_code AND t.half = f.period"
                           " WHERE f.approval_id = %lld",
                           (long long)approval));
    /* filed: no longer changed */
    adjust(county_a, team1, h_later, "income", NULL, ZHUCUN__CODE__FAILED_PRECONDITION, "half");
    compute(county_a, COUNTY_A, h_later, ZHUCUN__CODE__FAILED_PRECONDITION, "half");
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_STARS_FILE, &f, NULL, "period", NULL),
        ZHUCUN__CODE__FAILED_PRECONDITION);

    Zhucun__StarsStatus s = ZHUCUN__STARS_STATUS__INIT;
    s.kind = "stars";
    s.period = h_later;
    s.org_code = "";
    assert_int_equal(zt_call_body(prov, ZHUCUN__REQUEST__BODY_STARS_STATUS, &s, NULL, NULL, &reply),
                     ZHUCUN__CODE__OK);
    const Zhucun__StarsStatusReply *st = reply->stars_status;
    assert_int_equal(st->n_counties, 3); /* 小店, 迎泽 (太原), 新荣 (大同) */
    assert_string_equal(st->counties[0]->county_code, COUNTY_A);
    assert_string_equal(st->counties[0]->status, "pending");
    assert_string_equal(st->counties[0]->city_name, "太原市");
    assert_string_equal(st->counties[1]->status, "missing");
    assert_string_equal(st->counties[2]->county_code, COUNTY_C);
    assert_int_equal(st->pending, 1);
    assert_int_equal(st->missing, 2);
    zc_reply_free(reply);

    /* the province approves through the queue */
    long long step =
        count("SELECT id FROM approval_steps WHERE approval_id = %lld", (long long)approval);
    Zhucun__Decide d = ZHUCUN__DECIDE__INIT;
    d.step_id = step;
    d.decision = "approve";
    assert_int_equal(zt_call_body(prov, ZHUCUN__REQUEST__BODY_DECIDE, &d, NULL, NULL, NULL),
                     ZHUCUN__CODE__OK);
    s.org_code = CITY_T; /* the city's counties only */
    assert_int_equal(zt_call_body(prov, ZHUCUN__REQUEST__BODY_STARS_STATUS, &s, NULL, NULL, &reply),
                     ZHUCUN__CODE__OK);
    assert_int_equal(reply->stars_status->n_counties, 2);
    assert_string_equal(reply->stars_status->counties[0]->status, "approved");
    assert_int_equal(reply->stars_status->filed, 1);
    zc_reply_free(reply);
    /* a county office sees its own county; the city office not another city's */
    s.org_code = "";
    assert_int_equal(
        zt_call_body(county_b, ZHUCUN__REQUEST__BODY_STARS_STATUS, &s, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->stars_status->n_counties, 1);
    zc_reply_free(reply);
    s.org_code = "140200000000";
    assert_int_equal(
        zt_call_body(city, ZHUCUN__REQUEST__BODY_STARS_STATUS, &s, NULL, "org_code", NULL),
        ZHUCUN__CODE__NOT_FOUND);
    s.kind = "points";
    assert_int_equal(
        zt_call_body(prov, ZHUCUN__REQUEST__BODY_STARS_STATUS, &s, NULL, "period", NULL),
        ZHUCUN__CODE__INVALID_ARGUMENT);
}

static int64_t item(struct zc_client *c, int64_t person, const char *code, const char *source,
                    int64_t source_id, Zhucun__Code want, const char *field)
{
    Zhucun__CadrePointsAdd in = ZHUCUN__CADRE_POINTS_ADD__INIT;
    in.person_id = person;
    in.quarter = q_later;
    in.item_code = (char *)code;
    in.reason = "积分事由";
    in.source_kind = (char *)source;
    in.source_id = source_id;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code rc =
        zt_call_body(c, ZHUCUN__REQUEST__BODY_CADRE_POINTS_ADD, &in, NULL, field, &reply);
    assert_int_equal(rc, want);
    int64_t id = rc == ZHUCUN__CODE__OK ? reply->cadre_points_add->id : 0;
    zc_reply_free(reply);
    return id;
}

/* The quarter's first points from the grades, once; items; history and rankings; filing. */
static void test_points(void **state)
{
    (void)state;
    Zhucun__CadrePointsRate r = ZHUCUN__CADRE_POINTS_RATE__INIT;
    r.county_code = COUNTY_A;
    r.quarter = q_first; /* no cadre round published */
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_CADRE_POINTS_RATE, &r, NULL, "quarter", NULL),
        ZHUCUN__CODE__FAILED_PRECONDITION);
    r.quarter = q_later;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_CADRE_POINTS_RATE, &r, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->cadre_points_rate->count, 3);
    zc_reply_free(reply);
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_CADRE_POINTS_RATE, &r, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->cadre_points_rate->count, 0); /* once per cadre and quarter */
    zc_reply_free(reply);
    /* the first points match the grades */
    assert_int_equal(count("SELECT count(*) FROM cadre_points c JOIN assessment_published p"
                           " ON p.person_id = c.person_id AND p.quarter = c.quarter"
                           " JOIN cadre_point_rules k ON k.grade = p.grade"
                           " WHERE c.kind = 'first' AND c.points = k.points"),
                     3);
    assert_int_equal(
        count("SELECT points FROM cadre_points WHERE person_id = %lld", (long long)person1), 70);

    /* items: a commendation with evidence, a deduction; refusals with their fields */
    static const uint8_t sha[32] = {0x57, 0x41, 0x52};
    zt_attach_evidence(&srv, NULL, sha);
    Zhucun__CadrePointsAdd in = ZHUCUN__CADRE_POINTS_ADD__INIT;
    in.person_id = person2;
    in.quarter = q_later;
    in.item_code = "commend_city";
    in.reason = "受到市级表彰";
    in.source_kind = "commendation";
    in.source_id = 17;
    ProtobufCBinaryData ev = {32, (uint8_t *)sha};
    in.n_evidence = 1;
    in.evidence = &ev;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_CADRE_POINTS_ADD, &in, "pt-key", NULL, &reply),
        ZHUCUN__CODE__OK);
    int64_t entry = reply->cadre_points_add->id;
    zc_reply_free(reply);
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_CADRE_POINTS_ADD, &in, "pt-key", NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->cadre_points_add->id, entry); /* the retry: the first answer */
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM attachment_links WHERE kind = 'cadre_point'"
                           " AND record_id = %lld",
                           (long long)entry),
                     1);
    assert_true(item(county_a, person1, "absent", "other", 0, ZHUCUN__CODE__OK, NULL) > 0);
    item(county_a, person1, "absent", "inspection", 3, ZHUCUN__CODE__INVALID_ARGUMENT,
         "source_kind");
    item(county_a, person1, "nosuch", "other", 0, ZHUCUN__CODE__NOT_FOUND, "item_code");
    item(county_a, person1, "absent", "circular", 999999, ZHUCUN__CODE__NOT_FOUND, "source_id");
    item(county_b, person1, "absent", "other", 0, ZHUCUN__CODE__NOT_FOUND, "person_id");
    /* a county's own item, not another county's */
    free(zt_sql(&srv, "INSERT INTO cadre_point_items (county_code, code, label, points,"
                      " valid_from) VALUES ('" COUNTY_B "', 'yzonly', '迎泽加分', 1,"
                      " '2013-01-01')"));
    item(county_a, person1, "yzonly", "other", 0, ZHUCUN__CODE__NOT_FOUND, "item_code");
    /* an inspection's deduction (the inspection part writes it) counts in history and totals */
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO cadre_points (person_id, quarter, county_code, org_code, kind, points,"
             " reason, source_kind, source_id) VALUES (%lld, '%s', '" COUNTY_A "', '" VA1 "',"
             " 'deduct', -3, '暗访发现不在岗', 'inspection', 42) RETURNING 1",
             (long long)person1, d_q[3]);
    free(zt_sql(&srv, sql));

    /* the cadre's own history: 70 - 2 - 3 = 65 */
    Zhucun__CadrePointsHistory h = ZHUCUN__CADRE_POINTS_HISTORY__INIT;
    assert_int_equal(
        zt_call_body(cadre1, ZHUCUN__REQUEST__BODY_CADRE_POINTS_HISTORY, &h, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    const Zhucun__CadrePointsHistoryReply *hr = reply->cadre_points_history;
    assert_int_equal(hr->person_id, person1);
    assert_int_equal(hr->n_entries, 3);
    assert_string_equal(hr->entries[0]->kind, "first");
    assert_string_equal(hr->entries[0]->running, "70.0");
    assert_string_equal(hr->entries[2]->source_kind, "inspection");
    assert_int_equal(hr->n_quarters, 1);
    assert_string_equal(hr->quarters[0]->quarter, q_later);
    assert_string_equal(hr->quarters[0]->total, "65.0");
    zc_reply_free(reply);
    /* another cadre's: not found; the county office's: found */
    h.person_id = person2;
    assert_int_equal(zt_call_body(cadre1, ZHUCUN__REQUEST__BODY_CADRE_POINTS_HISTORY, &h, NULL,
                                  "person_id", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(zt_call_body(county_b, ZHUCUN__REQUEST__BODY_CADRE_POINTS_HISTORY, &h, NULL,
                                  "person_id", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_CADRE_POINTS_HISTORY, &h, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_string_equal(reply->cadre_points_history->quarters[0]->total, "65.0"); /* 60 + 5 */
    assert_int_equal(reply->cadre_points_history->entries[1]->evidence, 1);
    zc_reply_free(reply);

    /* the ranking: person1 and person2 tie at 65 (rank 1 both), person3 60 (rank 3) */
    Zhucun__CadrePointsRanking k = ZHUCUN__CADRE_POINTS_RANKING__INIT;
    k.org_code = CITY_T;
    k.period = q_later;
    assert_int_equal(
        zt_call_body(city, ZHUCUN__REQUEST__BODY_CADRE_POINTS_RANKING, &k, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    const Zhucun__CadrePointsRankingReply *kr = reply->cadre_points_ranking;
    assert_int_equal(kr->n_ranks, 3);
    assert_int_equal(kr->ranks[0]->rank, 1);
    assert_int_equal(kr->ranks[1]->rank, 1);
    assert_int_equal(kr->ranks[2]->rank, 3);
    assert_int_equal(kr->ranks[2]->person_id, person3);
    assert_string_equal(kr->ranks[2]->total, "60.0");
    zc_reply_free(reply);
    k.limit = 1;
    assert_int_equal(
        zt_call_body(city, ZHUCUN__REQUEST__BODY_CADRE_POINTS_RANKING, &k, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->cadre_points_ranking->n_ranks, 1);
    assert_true(reply->cadre_points_ranking->truncated);
    zc_reply_free(reply);
    k.limit = 0;
    k.org_code = COUNTY_B; /* nobody there */
    assert_int_equal(
        zt_call_body(county_b, ZHUCUN__REQUEST__BODY_CADRE_POINTS_RANKING, &k, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->cadre_points_ranking->n_ranks, 0);
    zc_reply_free(reply);
    k.org_code = COUNTY_A;
    assert_int_equal(zt_call_body(county_b, ZHUCUN__REQUEST__BODY_CADRE_POINTS_RANKING, &k, NULL,
                                  "org_code", NULL),
                     ZHUCUN__CODE__NOT_FOUND);

    /* filing the quarter's points locks it */
    Zhucun__CadrePointsFile f = ZHUCUN__CADRE_POINTS_FILE__INIT;
    f.county_code = COUNTY_A;
    f.period = q_later;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_CADRE_POINTS_FILE, &f, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_true(reply->cadre_points_file->approval_id > 0);
    assert_int_equal(count("SELECT count(*) FROM approval_steps s JOIN approvals a"
                           " ON a.id = s.approval_id WHERE a.id = %lld"
                           " AND a.subject_kind = 'points_filing' AND s.role = 'province_office'",
                           (long long)reply->cadre_points_file->approval_id),
                     1);
    zc_reply_free(reply);
    item(county_a, person1, "absent", "other", 0, ZHUCUN__CODE__FAILED_PRECONDITION, "quarter");
}

/* Stars, adjustments, filings and points are exported incrementally. */
/* StarsCodes of county, half and quarter ("" each: today's), expecting want (and a refusal's
 * field); the reply in *out when OK and out is not NULL. */
static Zhucun__Code codes(struct zc_client *c, const char *county, const char *half,
                          const char *quarter, Zhucun__Code want, const char *field,
                          Zhucun__Reply **out)
{
    Zhucun__StarsCodes in = ZHUCUN__STARS_CODES__INIT;
    in.county_code = (char *)county;
    in.half = (char *)half;
    in.quarter = (char *)quarter;
    Zhucun__Code rc = zt_call_body(c, ZHUCUN__REQUEST__BODY_STARS_CODES, &in, NULL, field, out);
    assert_int_equal(rc, want);
    return rc;
}

static const Zhucun__StarIndicator *indicator(const Zhucun__StarsCodesReply *k, const char *code)
{
    const Zhucun__StarIndicator *found = NULL;
    for (size_t i = 0; i < k->n_indicators; i++)
        if (strcmp(k->indicators[i]->code, code) == 0) {
            assert_null(found); /* each code once */
            found = k->indicators[i];
        }
    return found;
}

static const Zhucun__PointItem *point_item(const Zhucun__StarsCodesReply *k, const char *code)
{
    const Zhucun__PointItem *found = NULL;
    for (size_t i = 0; i < k->n_items; i++)
        if (strcmp(k->items[i]->code, code) == 0) {
            assert_null(found);
            found = k->items[i];
        }
    return found;
}

/* The codes a county office chooses from: the city's indicators of the half (the city's own
 * row before the one of every city; another city's, an expired one and one not yet in force
 * left out), the county's and the province's items of the quarter likewise, the most first;
 * today's half and quarter by default; each item the one CadrePointsAdd then applies; every
 * refusal with its field; another county NOT_FOUND; the roles that write them only. */
static void test_codes(void **state)
{
    (void)state;
    free(zt_sql(&srv, "INSERT INTO star_indicator_rules (city_code, code, label, delta, valid_from,"
                      " valid_to) VALUES"
                      " ('" CITY_T "', 'model', '太原：省级以上先进集体', 2, '2013-01-01', NULL),"
                      " ('" CITY_T "', 'cx_city', '太原专项指标', 2, '2013-01-01', NULL),"
                      " ('140200000000', 'cx_dt', '大同专项指标', 1, '2013-01-01', NULL),"
                      " (NULL, 'cx_old', '已废止指标', 1, '2013-01-01', '2013-12-31'),"
                      " (NULL, 'cx_later', '尚未施行指标', 1, '2099-01-01', NULL)"
                      " RETURNING 1"));
    free(zt_sql(&srv,
                "INSERT INTO cadre_point_items (county_code, code, label, points, valid_from,"
                " valid_to) VALUES"
                " ('" COUNTY_A "', 'commend_county', '小店区县级表彰', 4, '2013-01-01', NULL),"
                " ('" COUNTY_B "', 'cx_yz', '迎泽区专项', 2, '2013-01-01', NULL),"
                " (NULL, 'cx_expired', '已废止项目', -1, '2013-01-01', '2013-12-31')"
                " RETURNING 1"));
    Zhucun__Reply *reply = NULL;
    codes(county_a, COUNTY_A, h_later, q_later, ZHUCUN__CODE__OK, NULL, &reply);
    const Zhucun__StarsCodesReply *k = reply->stars_codes;
    assert_string_equal(k->half, h_later);
    assert_string_equal(k->quarter, q_later);
    const Zhucun__StarIndicator *x = indicator(k, "model");
    assert_non_null(x);
    assert_int_equal(x->delta, 2); /* Taiyuan's own row */
    assert_string_equal(x->city_code, CITY_T);
    assert_string_equal(x->label, "太原：省级以上先进集体");
    x = indicator(k, "discipline");
    assert_non_null(x);
    assert_int_equal(x->delta, -2);
    assert_string_equal(x->city_code, ""); /* every city's */
    assert_non_null(indicator(k, "cx_city"));
    assert_null(indicator(k, "cx_dt"));
    assert_null(indicator(k, "cx_old"));
    assert_null(indicator(k, "cx_later"));
    assert_int_equal(k->n_indicators,
                     count("SELECT count(DISTINCT code) FROM star_indicator_rules"
                           " WHERE coalesce(city_code, '" CITY_T "') = '" CITY_T "'"
                           " AND code NOT IN ('cx_old', 'cx_later')"));
    for (size_t i = 1; i < k->n_indicators; i++) /* the most stars first */
        assert_true(k->indicators[i - 1]->delta >= k->indicators[i]->delta);
    const Zhucun__PointItem *it = point_item(k, "commend_county");
    assert_non_null(it);
    assert_string_equal(it->points, "4.0"); /* the county's own row */
    assert_string_equal(it->kind, "add");
    assert_string_equal(it->county_code, COUNTY_A);
    it = point_item(k, "circular_bad");
    assert_non_null(it);
    assert_string_equal(it->points, "-5.0");
    assert_string_equal(it->kind, "deduct");
    assert_string_equal(it->county_code, "");
    assert_null(point_item(k, "cx_yz"));
    assert_null(point_item(k, "cx_expired"));
    assert_int_equal(k->n_items, 7); /* the province's seven, one of them the county's */
    assert_string_equal(k->items[0]->code, "commend_prov"); /* 10 */
    assert_string_equal(k->items[k->n_items - 1]->code, "circular_bad");
    zc_reply_free(reply);

    /* by default today's half and quarter; an item listed is the one the write applies */
    char q_now[16], h_now[16], first[11];
    periods_of(zt_today(), q_now, h_now, first);
    codes(county_a, COUNTY_A, "", "", ZHUCUN__CODE__OK, NULL, &reply);
    assert_string_equal(reply->stars_codes->half, h_now);
    assert_string_equal(reply->stars_codes->quarter, q_now);
    it = point_item(reply->stars_codes, "commend_county");
    assert_non_null(it);
    Zhucun__CadrePointsAdd in = ZHUCUN__CADRE_POINTS_ADD__INIT;
    in.person_id = person1;
    in.quarter = q_now;
    in.item_code = "commend_county";
    in.reason = "县级表彰";
    in.source_kind = "other";
    Zhucun__Reply *added = NULL;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_CADRE_POINTS_ADD, &in, NULL, NULL, &added),
        ZHUCUN__CODE__OK);
    char sql[160];
    snprintf(sql, sizeof(sql), "SELECT points::text FROM cadre_points WHERE id = %lld",
             (long long)added->cadre_points_add->id);
    char *points = zt_sql(&srv, sql);
    assert_string_equal(points, it->points);
    free(points);
    zc_reply_free(added);
    zc_reply_free(reply);

    /* refusals, each with its field */
    codes(county_a, VA1, "", "", ZHUCUN__CODE__INVALID_ARGUMENT, "county_code", NULL);
    codes(county_a, "", "", "", ZHUCUN__CODE__INVALID_ARGUMENT, "county_code", NULL);
    codes(county_a, COUNTY_A, "2026Q1", "", ZHUCUN__CODE__INVALID_ARGUMENT, "half", NULL);
    codes(county_a, COUNTY_A, "2099H1", "", ZHUCUN__CODE__INVALID_ARGUMENT, "half", NULL);
    codes(county_a, COUNTY_A, h_later, "2026H1", ZHUCUN__CODE__INVALID_ARGUMENT, "quarter", NULL);
    codes(county_a, COUNTY_A, "", "2012Q4", ZHUCUN__CODE__INVALID_ARGUMENT, "quarter", NULL);
    /* another county of the city, and one of another city: not found, naming the county */
    codes(county_b, COUNTY_A, "", "", ZHUCUN__CODE__NOT_FOUND, "county_code", NULL);
    codes(county_a, COUNTY_C, "", "", ZHUCUN__CODE__NOT_FOUND, "county_code", NULL);
    /* the roles that adjust and add items: the county office */
    codes(city, COUNTY_A, "", "", ZHUCUN__CODE__PERMISSION_DENIED, NULL, NULL);
    codes(prov, COUNTY_A, "", "", ZHUCUN__CODE__PERMISSION_DENIED, NULL, NULL);
    codes(cadre1, COUNTY_A, "", "", ZHUCUN__CODE__PERMISSION_DENIED, NULL, NULL);
}

static void test_export(void **state)
{
    (void)state;
    char c1[512], c2[512];
    static const char *const kinds[] = {"team_stars", "star_adjustments", "filings",
                                        "cadre_points"};
    for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++) {
        assert_int_equal(zt_export_rows(exporter, kinds[i], "", "", c1, sizeof(c1)),
                         count("SELECT count(*) FROM %s", kinds[i]));
        assert_int_equal(zt_export_rows(exporter, kinds[i], "", c1, c2, sizeof(c2)), 0);
    }
    /* one more entry (an inspection's deduction, as the inspection part writes it): one row */
    assert_int_equal(zt_export_rows(exporter, "cadre_points", "", "", c1, sizeof(c1)),
                     count("SELECT count(*) FROM cadre_points"));
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO cadre_points (person_id, quarter, county_code, org_code, kind, points,"
             " reason, source_kind, source_id) VALUES (%lld, '%s', '" COUNTY_A "', '" VA3 "',"
             " 'deduct', -1, '暗访发现', 'inspection', 43) RETURNING 1",
             (long long)person3, d_q[3]);
    free(zt_sql(&srv, sql));
    assert_int_equal(zt_export_rows(exporter, "cadre_points", "", c1, c2, sizeof(c2)), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stars), cmocka_unit_test(test_filing), cmocka_unit_test(test_points),
        cmocka_unit_test(test_codes), cmocka_unit_test(test_export),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
