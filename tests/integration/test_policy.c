/* test_policy.c -- policy delivery (SPEC M8; docs/policy-delivery.md): videos and broadcasts
 * meet M8-video and M8-broadcast, and the duty report (DutyReport, and `zhucun report duties`)
 * equals direct SQL counts over weeks with 0, 1 and 2 videos and days with 0, 20, 30 and 45
 * minutes (45 from two records of one day: they sum), over a week across a month's and a
 * year's end; the monthly quiz (a reproducible draw, named cadres, scores, not reached with a
 * reason) meets M8-quiz, and its year's coverage equals SQL; every refusal names its field;
 * keyed writes answered once; evidence linked; row-level security; each record kind exported
 * incrementally. Runs on a pinned clock, 2027-01-06 (tests/CMakeLists.txt). */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/policy.h"

#define PW      "correct horse battery"
#define PROV    "140000000000"
#define CITY    "140100000000"
#define COUNTY  "140105000000"
#define TWP     "140105001000"
#define VA      "140105001001"
#define VB      "140105001002"
#define COUNTY2 "140106000000"
#define VC      "140106001001"
#define TODAY   "2027-01-06"

static struct zt_server srv;
static struct zc_client *prov, *city, *county, *county2, *exporter;
static struct zc_client *cadre_a, *captain_b, *cadre_t, *cadre_c;
static int64_t team_a, team_b, team_t, team_c;
static int64_t p_a1, p_a2, p_b1, p_t1, p_c1, p_c2;
static char cli_base[1200];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n140106000000,迎泽区,county\n"
                          "140106001000,柳巷街道,township\n140106001001,测试三村,village\n";

static char *sqlv(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *sqlv(const char *fmt, ...)
{
    char sql[3000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    return zt_sql(&srv, sql);
}

static long long count(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long count(const char *fmt, ...)
{
    char sql[3000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    char *v = zt_sql(&srv, sql);
    long long n = strtoll(v, NULL, 10);
    free(v);
    return n;
}

static void refused(Zhucun__Code got, Zhucun__Reply **out, Zhucun__Code code, const char *field)
{
    Zhucun__Reply *reply = *out;
    *out = NULL;
    if (got != code)
        fail_msg("got %d (%s), expected %d naming %s", got,
                 reply && reply->status ? reply->status->message : "", code, field);
    assert_non_null(reply);
    assert_int_equal(reply->status->n_fields, 1);
    assert_string_equal(reply->status->fields[0]->field, field);
    zc_reply_free(reply);
}

/* ---- the calls ---- */

static Zhucun__Code send(struct zc_client *c, Zhucun__Request *req, const char *key,
                         Zhucun__Reply **out)
{
    req->idempotency_key = (char *)(key ? key : "");
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(c, req, &reply);
    if (out != NULL)
        *out = reply;
    else
        zc_reply_free(reply);
    return code;
}

static Zhucun__Code broadcast(struct zc_client *c, const char *village, const char *on,
                              unsigned minutes, const ProtobufCBinaryData *ev, size_t nev,
                              const char *key, Zhucun__Reply **out)
{
    Zhucun__BroadcastRecord b = ZHUCUN__BROADCAST_RECORD__INIT;
    b.village_code = (char *)village;
    b.on_date = (char *)on;
    b.minutes = minutes;
    b.topic = "防返贫监测政策宣讲";
    b.n_evidence = nev;
    b.evidence = (ProtobufCBinaryData *)ev;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_BROADCAST_RECORD;
    req.broadcast_record = &b;
    return send(c, &req, key, out);
}

static void broadcast_ok(struct zc_client *c, const char *village, const char *on, unsigned minutes)
{
    Zhucun__Reply *reply = NULL;
    if (broadcast(c, village, on, minutes, NULL, 0, NULL, &reply) != ZHUCUN__CODE__OK)
        fail_msg("broadcast %s %s: %s", village, on, reply->status->message);
    zc_reply_free(reply);
}

static Zhucun__Code video(struct zc_client *c, int64_t team, const char *platform, const char *url,
                          const char *on, const char *key, Zhucun__Reply **out)
{
    Zhucun__VideoRecord v = ZHUCUN__VIDEO_RECORD__INIT;
    v.team_id = team;
    v.platform = (char *)platform;
    v.url = (char *)url;
    v.title = "一分钟读懂小额信贷政策";
    v.posted_on = (char *)on;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_VIDEO_RECORD;
    req.video_record = &v;
    return send(c, &req, key, out);
}

static void video_ok(struct zc_client *c, int64_t team, const char *on)
{
    static int serial;
    char url[80];
    snprintf(url, sizeof(url), "https://v.douyin.com/zc%04d/", ++serial);
    Zhucun__Reply *reply = NULL;
    if (video(c, team, "douyin", url, on, NULL, &reply) != ZHUCUN__CODE__OK)
        fail_msg("video %s: %s", on, reply->status->message);
    zc_reply_free(reply);
}

static Zhucun__Code quiz_create(struct zc_client *c, const char *org, const char *month,
                                unsigned sample, const int64_t *named, size_t nnamed,
                                size_t nquestions, const char *key, Zhucun__Reply **out)
{
    Zhucun__QuizQuestion q[2] = {ZHUCUN__QUIZ_QUESTION__INIT, ZHUCUN__QUIZ_QUESTION__INIT};
    Zhucun__QuizQuestion *qp[2] = {&q[0], &q[1]};
    q[0].text = "防返贫监测对象的识别程序是什么？";
    q[0].answer = "农户申请、乡村干部走访、部门筛查预警";
    q[1].text = "驻村干部每周在岗要求是什么？";
    q[1].answer = "";
    Zhucun__QuizCreate qc = ZHUCUN__QUIZ_CREATE__INIT;
    qc.org_code = (char *)org;
    qc.month = (char *)month;
    qc.title = "政策应知应会电话抽查";
    qc.n_questions = nquestions;
    qc.questions = qp;
    qc.sample_size = sample;
    qc.n_person_ids = nnamed;
    qc.person_ids = (int64_t *)named;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_QUIZ_CREATE;
    req.quiz_create = &qc;
    return send(c, &req, key, out);
}

static Zhucun__Code quiz_score(struct zc_client *c, int64_t quiz, int64_t person, const char *on,
                               unsigned score, const char *reason, const char *key,
                               Zhucun__Reply **out)
{
    Zhucun__QuizScore qs = ZHUCUN__QUIZ_SCORE__INIT;
    qs.quiz_id = quiz;
    qs.person_id = person;
    qs.called_on = (char *)on;
    qs.score = score;
    qs.not_reached = reason != NULL;
    qs.reason = (char *)(reason != NULL ? reason : "");
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_QUIZ_SCORE;
    req.quiz_score = &qs;
    return send(c, &req, key, out);
}

/* A read that must succeed: its reply. */
static Zhucun__Reply *read_ok(struct zc_client *c, Zhucun__Request *req)
{
    Zhucun__Reply *reply = NULL;
    if (send(c, req, NULL, &reply) != ZHUCUN__CODE__OK)
        fail_msg("call %d: %s", (int)req->body_case, reply->status->message);
    return reply;
}

static Zhucun__Reply *quiz_show(struct zc_client *c, int64_t id)
{
    Zhucun__QuizShow qs = ZHUCUN__QUIZ_SHOW__INIT;
    qs.id = id;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_QUIZ_SHOW;
    req.quiz_show = &qs;
    return read_ok(c, &req);
}

static Zhucun__Reply *quiz_report(struct zc_client *c, const char *org, unsigned year)
{
    Zhucun__QuizReport qr = ZHUCUN__QUIZ_REPORT__INIT;
    qr.org_code = (char *)org;
    qr.year = year;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_QUIZ_REPORT;
    req.quiz_report = &qr;
    return read_ok(c, &req);
}

static Zhucun__Reply *duty_report(struct zc_client *c, const char *org, const char *period,
                                  const char *by)
{
    static const char *const rules[] = {"M8-video", "M8-broadcast", "M8-quiz"};
    Zhucun__DutyReport dr = ZHUCUN__DUTY_REPORT__INIT;
    dr.org_code = (char *)org;
    dr.period = (char *)period;
    dr.by = (char *)by;
    dr.rules = (char **)rules;
    dr.n_rules = 3;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DUTY_REPORT;
    req.duty_report = &dr;
    return read_ok(c, &req);
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

/* ---- setup ---- */

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "policy", NULL);
    char today[11];
    rules_date_format(zt_today(), today);
    if (strcmp(today, TODAY) != 0)
        fail_msg("integration_policy runs on the clock pinned at %s (tests/CMakeLists.txt), not %s",
                 TODAY, today);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", PROV, 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "city", PW, "city_office", CITY, 0), 0);
    assert_int_equal(zt_useradd(&srv, "county", PW, "county_office", COUNTY, 0), 0);
    assert_int_equal(zt_useradd(&srv, "county2", PW, "county_office", COUNTY2, 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", PROV, 0), 0);
    city = zt_login(&srv, "city", PW, NULL);
    county = zt_login(&srv, "county", PW, NULL);
    county2 = zt_login(&srv, "county2", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    team_a = zt_team(county, "village", VA, "测试一村工作队");
    team_b = zt_team(county, "village", VB, "测试二村工作队");
    team_t = zt_team(county, "township", TWP, "坞城街道工作队");
    team_c = zt_team(county2, "village", VC, "测试三村工作队");
    cadre_a = zt_cadre(&srv, county, team_a, "cadre-a1", VA, "cadre", "member", 0, PW, &p_a1);
    zc_close(zt_cadre(&srv, county, team_a, "cadre-a2", VA, "cadre", "member", 0, PW, &p_a2));
    captain_b =
        zt_cadre(&srv, county, team_b, "captain-b", VB, "team_captain", "captain", 0, PW, &p_b1);
    cadre_t = zt_cadre(&srv, county, team_t, "cadre-t1", TWP, "cadre", "member", 0, PW, &p_t1);
    cadre_c = zt_cadre(&srv, county2, team_c, "cadre-c1", VC, "cadre", "member", 0, PW, &p_c1);
    zc_close(zt_cadre(&srv, county2, team_c, "cadre-c2", VC, "cadre", "member", 0, PW, &p_c2));
    /* the teams were set up when their members started, not on the pinned day */
    free(zt_sql(&srv, "UPDATE teams SET established = '2025-06-01'"));
    snprintf(cli_base, sizeof(cli_base), "%s --server 127.0.0.1:%d --ca %s/ca.crt --session %s/cli",
             ZT_CLI_BIN, srv.port, getenv("ZC_TEST_CERTS"), srv.dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct zc_client *all[] = {prov,    city,      county,  county2, exporter,
                               cadre_a, captain_b, cadre_t, cadre_c};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        zc_close(all[i]);
    zt_server_finish(&srv);
    return 0;
}

/* ---- the tests ---- */

/* Each check of common/rules/policy.c reaches the server's answer with its field; those that
 * need rows are the database's. */
static void test_refusals(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    const Zhucun__Code INVALID = ZHUCUN__CODE__INVALID_ARGUMENT;
    refused(broadcast(cadre_a, "", "2026-12-20", 0, NULL, 0, NULL, &reply), &reply, INVALID,
            "minutes");
    refused(broadcast(cadre_a, "", "2026-12-20", BROADCAST_MINUTES_MAX + 1, NULL, 0, NULL, &reply),
            &reply, INVALID, "minutes");
    refused(broadcast(cadre_a, "", "2027-01-07", 30, NULL, 0, NULL, &reply), &reply, INVALID,
            "on_date");
    refused(broadcast(cadre_a, "14010500100", "2026-12-20", 30, NULL, 0, NULL, &reply), &reply,
            INVALID, "village_code");
    refused(broadcast(cadre_a, VC, "2026-12-20", 30, NULL, 0, NULL, &reply), &reply,
            ZHUCUN__CODE__NOT_FOUND, "village_code");
    /* a township team's cadre names the village; none of their own */
    refused(broadcast(cadre_t, "", "2026-12-20", 30, NULL, 0, NULL, &reply), &reply,
            ZHUCUN__CODE__FAILED_PRECONDITION, "village_code");
    uint8_t h[32] = {1, 2, 3};
    ProtobufCBinaryData ev = {31, h};
    refused(broadcast(cadre_a, "", "2026-12-20", 30, &ev, 1, NULL, &reply), &reply, INVALID,
            "evidence");
    ev.len = 32; /* not an uploaded file */
    refused(broadcast(cadre_a, "", "2026-12-20", 30, &ev, 1, NULL, &reply), &reply, INVALID,
            "evidence");
    assert_int_equal(count("SELECT count(*) FROM policy_broadcasts WHERE on_date = '2026-12-20'"),
                     0);
    /* a day holds 1440 minutes: two of ten hours, then no more than four */
    broadcast_ok(captain_b, VB, "2026-12-10", 600);
    broadcast_ok(captain_b, VB, "2026-12-10", 600);
    refused(broadcast(captain_b, VB, "2026-12-10", 241, NULL, 0, NULL, &reply), &reply,
            ZHUCUN__CODE__FAILED_PRECONDITION, "minutes");
    broadcast_ok(captain_b, VB, "2026-12-10", 240);

    static const char *const bad_urls[] = {"ftp://v.douyin.com/x",  "https://nodot/abc",
                                           "https://v douyin.com/", "https://v..douyin.com/",
                                           "v.douyin.com/abcdef",   "https://v.douyin.com/a b"};
    for (size_t i = 0; i < sizeof(bad_urls) / sizeof(bad_urls[0]); i++)
        refused(video(cadre_a, 0, "douyin", bad_urls[i], "2026-12-20", NULL, &reply), &reply,
                INVALID, "url");
    refused(video(cadre_a, 0, "youtube", "https://v.douyin.com/ok/", "2026-12-20", NULL, &reply),
            &reply, INVALID, "platform");
    refused(video(cadre_a, 0, "douyin", "https://v.douyin.com/ok/", "2027-01-07", NULL, &reply),
            &reply, INVALID, "posted_on");
    refused(
        video(cadre_a, team_c, "douyin", "https://v.douyin.com/ok/", "2026-12-20", NULL, &reply),
        &reply, ZHUCUN__CODE__NOT_FOUND, "team_id");
    assert_int_equal(
        video(cadre_a, 0, "kuaishou", "https://v.kuaishou.com/dup1", "2026-11-20", NULL, NULL),
        ZHUCUN__CODE__OK);
    refused(
        video(cadre_a, 0, "kuaishou", "https://v.kuaishou.com/dup1", "2026-11-21", NULL, &reply),
        &reply, ZHUCUN__CODE__ALREADY_EXISTS, "url");

    int64_t named[2] = {p_c1, p_c1};
    refused(quiz_create(city, VA, "2026-11", 3, NULL, 0, 1, NULL, &reply), &reply, INVALID,
            "org_code");
    refused(quiz_create(city, CITY, "2027-02", 3, NULL, 0, 1, NULL, &reply), &reply, INVALID,
            "month");
    refused(quiz_create(city, CITY, "2026-13", 3, NULL, 0, 1, NULL, &reply), &reply, INVALID,
            "month");
    refused(quiz_create(city, CITY, "2026-11", 3, NULL, 0, 0, NULL, &reply), &reply, INVALID,
            "questions");
    refused(quiz_create(city, CITY, "2026-11", QUIZ_SAMPLE_MAX + 1, NULL, 0, 1, NULL, &reply),
            &reply, INVALID, "sample_size");
    refused(quiz_create(city, CITY, "2026-11", 0, NULL, 0, 1, NULL, &reply), &reply, INVALID,
            "sample_size");
    refused(quiz_create(city, CITY, "2026-11", 1, named, 2, 1, NULL, &reply), &reply, INVALID,
            "person_ids");
    refused(quiz_create(county2, COUNTY, "2026-11", 1, NULL, 0, 1, NULL, &reply), &reply,
            ZHUCUN__CODE__NOT_FOUND, "org_code");
    /* named: serving in the county that month (c1 serves in the other county) */
    refused(quiz_create(county, COUNTY, "2026-11", 1, named, 1, 1, NULL, &reply), &reply,
            ZHUCUN__CODE__FAILED_PRECONDITION, "person_ids");
    assert_int_equal(count("SELECT count(*) FROM policy_quizzes"), 0);
    refused(quiz_score(city, 1, p_a1, "2026-12-05", 0, "", NULL, &reply), &reply, INVALID,
            "reason");
    refused(quiz_score(city, 1, p_a1, "2026-12-05", QUIZ_SCORE_MAX + 1, NULL, NULL, &reply), &reply,
            INVALID, "score");
    refused(quiz_score(city, 1, p_a1, "2027-01-07", 80, NULL, NULL, &reply), &reply, INVALID,
            "called_on");
    refused(quiz_score(city, 999999, p_a1, "2026-12-05", 80, NULL, NULL, &reply), &reply,
            ZHUCUN__CODE__NOT_FOUND, "quiz_id");
}

/* The SQL of a direct count of M8-video over the teams of the county, or of M8-broadcast
 * over its villages with a village team, in the periods of [from, to] the report counts:
 * "due/met/overdue/open". */
#define FOUR_COUNTS                                                                                \
    " SELECT count(*) || '/' || count(*) FILTER (WHERE ok) || '/' || count(*) FILTER (WHERE NOT"   \
    " ok AND period_last < zc_today()) || '/' || count(*) FILTER (WHERE NOT ok AND period_last"    \
    " >= zc_today()) FROM d"
#define SERVED(t)                                                                                  \
    " AND " t                                                                                      \
    ".established <= w.last AND EXISTS (SELECT 1 FROM memberships m WHERE m.team_id = " t          \
    ".id AND m.start_date <= w.last AND (m.end_date IS NULL OR m.end_date >= w.first))"

static char *direct(const char *rule, const char *from, const char *to)
{
    if (strcmp(rule, "M8-video") == 0)
        return sqlv(
            "WITH w AS (SELECT * FROM zc_period_series('week', '%s', '%s') p"
            " WHERE p.last >= zc_duty_start() AND p.first <= zc_duty_horizon()),"
            " d AS (SELECT w.last AS period_last, (SELECT count(*) FROM policy_videos v"
            " WHERE v.team_id = t.id AND v.posted_on BETWEEN w.first AND w.last) >= 1"
            " AS ok FROM w, teams t WHERE t.org_code LIKE '140105%%'" SERVED("t") ")" FOUR_COUNTS,
            from, to);
    return sqlv("WITH w AS (SELECT * FROM zc_period_series('day', '%s', '%s') p"
                " WHERE p.last >= zc_duty_start() AND p.first <= zc_duty_horizon()),"
                " d AS (SELECT w.last AS period_last, coalesce((SELECT sum(b.minutes)"
                " FROM policy_broadcasts b WHERE b.village_code = o.code"
                " AND b.on_date = w.first), 0) >= 30 AS ok"
                " FROM w, org_units o JOIN teams t ON t.kind = 'village' AND t.org_code = o.code"
                " WHERE o.level = 5 AND o.code LIKE '140105%%'" SERVED("t") ")" FOUR_COUNTS,
                from, to);
}

/* The by-rule counts of rule in a `zhucun report duties --json` output. */
static const char *cli_counts(const char *json, const char *rule)
{
    static char out[64];
    char key[40];
    snprintf(key, sizeof(key), "\"key\":\"%s\"", rule);
    const char *at = strstr(json, "\"by_rule\":");
    assert_non_null(at);
    at = strstr(at, key);
    assert_non_null(at);
    unsigned due, met, overdue, open;
    const char *d = strstr(at, "\"due\":");
    assert_non_null(d);
    assert_int_equal(
        sscanf(d, "\"due\":%u,\"met\":%u,\"overdue\":%u,\"open\":%u", &due, &met, &overdue, &open),
        4);
    snprintf(out, sizeof(out), "%u/%u/%u/%u", due, met, overdue, open);
    return out;
}

/* Videos in weeks with 0, 1 and 2 of them and broadcasts on days of 0, 20, 30 and 45 minutes
 * (15 in the morning and 30 in the evening of 1 January: they sum): the report equals the
 * direct counts for December, for 2026-W53 (28 December to 3 January, across the month's and
 * the year's end) and for January, through the call and through the CLI. */
static void test_duties_equal_direct_counts(void **state)
{
    (void)state;
    video_ok(cadre_a, 0, "2026-12-08"); /* W50: 1 */
    video_ok(cadre_a, 0, "2026-12-15"); /* W51: 2 */
    video_ok(cadre_a, 0, "2026-12-18");
    video_ok(cadre_a, team_a, "2026-12-22"); /* W52: 1 */
    video_ok(cadre_a, 0, "2027-01-02");      /* W53: 1, a Saturday of the new year */
    video_ok(captain_b, team_b, "2026-12-31");
    video_ok(captain_b, 0, "2026-12-01");
    video_ok(cadre_c, 0, "2026-12-29"); /* the other county: not in the county's report */
    broadcast_ok(cadre_a, "", "2026-12-30", 20);
    broadcast_ok(cadre_a, "", "2026-12-31", 30);
    broadcast_ok(cadre_a, "", "2027-01-01", 15);
    broadcast_ok(cadre_a, VA, "2027-01-01", 30);
    broadcast_ok(cadre_a, "", "2027-01-05", 30);
    broadcast_ok(captain_b, VB, "2027-01-03", 45);
    static const struct {
        const char *period, *from, *to;
    } spans[] = {{"2026-12", "2026-12-01", "2026-12-31"},
                 {"2026-W53", "2026-12-28", "2027-01-03"},
                 {"2027-01", "2027-01-01", "2027-01-31"}};
    char login[1400], out[1 << 16];
    snprintf(login, sizeof(login), "%s login county --password-stdin", cli_base);
    assert_int_equal(zt_run(login, PW "\n", out, sizeof(out)), 0);
    for (size_t s = 0; s < 3; s++) {
        Zhucun__Reply *reply = duty_report(county, COUNTY, spans[s].period, "team");
        char cmd[1600];
        snprintf(cmd, sizeof(cmd),
                 "%s report duties M8-video M8-broadcast --org %s --period %s --json 2>&1",
                 cli_base, COUNTY, spans[s].period);
        assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
        static const char *const rules[] = {"M8-video", "M8-broadcast"};
        for (size_t k = 0; k < 2; k++) {
            char *want = direct(rules[k], spans[s].from, spans[s].to);
            assert_string_equal(rule_counts(reply->duty_report, rules[k]), want);
            assert_string_equal(cli_counts(out, rules[k]), want);
            free(want);
        }
        zc_reply_free(reply);
    }
    /* the week across the year's end by hand: teams a and b met it, the township team did not;
     * village a met 31 December (30) and 1 January (15 + 30), not 30 December (20), village b
     * 3 January (45) */
    Zhucun__Reply *reply = duty_report(county, COUNTY, "2026-W53", "team");
    assert_string_equal(rule_counts(reply->duty_report, "M8-video"), "3/2/1/0");
    assert_string_equal(rule_counts(reply->duty_report, "M8-broadcast"), "14/3/11/0");
    zc_reply_free(reply);
    /* 1 January alone, and 30 December */
    reply = duty_report(county, VA, "2027-01-01", "team");
    assert_string_equal(rule_counts(reply->duty_report, "M8-broadcast"), "1/1/0/0");
    zc_reply_free(reply);
    reply = duty_report(county, VA, "2026-12-30", "team");
    assert_string_equal(rule_counts(reply->duty_report, "M8-broadcast"), "1/0/1/0");
    zc_reply_free(reply);
}

/* The lists: a team's week with its count against the rule, a span's minutes, pages. */
static void test_lists(void **state)
{
    (void)state;
    Zhucun__VideoList vl = ZHUCUN__VIDEO_LIST__INIT;
    vl.team_id = team_a;
    vl.from = "2026-12-14";
    vl.to = "2026-12-20";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_VIDEO_LIST;
    req.video_list = &vl;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(send(county, &req, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->video_list->count, 2);
    assert_int_equal(reply->video_list->n_videos, 2);
    assert_int_equal(reply->video_list->required, 1);
    assert_string_equal(reply->video_list->videos[0]->posted_on, "2026-12-18");
    zc_reply_free(reply);
    /* a page of one: truncated, the count is the span's */
    vl.limit = 1;
    assert_int_equal(send(county, &req, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->video_list->n_videos, 1);
    assert_true(reply->video_list->truncated);
    assert_int_equal(reply->video_list->count, 2);
    zc_reply_free(reply);
    /* a cadre's default: this week (none yet), their village's team */
    vl = (Zhucun__VideoList)ZHUCUN__VIDEO_LIST__INIT;
    req.video_list = &vl;
    assert_int_equal(send(cadre_a, &req, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->video_list->count, 0);
    zc_reply_free(reply);
    vl.from = "2026-01-01";
    vl.to = "2027-01-06";
    refused(send(cadre_a, &req, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT, "to");
    vl.from = "2027-01-06";
    vl.to = "2027-01-01";
    refused(send(cadre_a, &req, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT, "to");
    vl.from = "";
    vl.to = "";
    vl.org_code = VC;
    refused(send(cadre_a, &req, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND, "org_code");

    Zhucun__BroadcastList bl = ZHUCUN__BROADCAST_LIST__INIT;
    bl.org_code = COUNTY;
    bl.from = "2026-12-28";
    bl.to = "2027-01-03";
    req.body_case = ZHUCUN__REQUEST__BODY_BROADCAST_LIST;
    req.broadcast_list = &bl;
    assert_int_equal(send(county, &req, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->broadcast_list->minutes,
                     count("SELECT sum(minutes) FROM policy_broadcasts WHERE village_code"
                           " LIKE '140105%%' AND on_date BETWEEN '2026-12-28' AND '2027-01-03'"));
    assert_int_equal(reply->broadcast_list->n_broadcasts, 5);
    assert_int_equal(reply->broadcast_list->required, 30);
    zc_reply_free(reply);
    /* the cadre's default: today, their village */
    bl = (Zhucun__BroadcastList)ZHUCUN__BROADCAST_LIST__INIT;
    req.broadcast_list = &bl;
    bl.from = "2027-01-01";
    bl.to = "2027-01-01";
    assert_int_equal(send(cadre_a, &req, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->broadcast_list->minutes, 45);
    zc_reply_free(reply);
}

/* The month's quiz: the named cadre and a reproducible draw from the others serving in the
 * city; scores, a call not reached with its reason, a correction audited; the city office's
 * M8-quiz met; one quiz per scope and month; a county's own quiz; the year's coverage. */
static void test_quiz(void **state)
{
    (void)state;
    Zhucun__Reply *reply = duty_report(prov, CITY, "2026-12", "");
    assert_string_equal(rule_counts(reply->duty_report, "M8-quiz"), "1/0/1/0");
    zc_reply_free(reply);
    int64_t named[1] = {p_c1};
    assert_int_equal(quiz_create(city, CITY, "2026-12", 3, named, 1, 2, "quiz-key-1", &reply),
                     ZHUCUN__CODE__OK);
    int64_t quiz = reply->quiz_create->id;
    zc_reply_free(reply);
    /* keyed: the retry is the first answer; one quiz */
    assert_int_equal(quiz_create(city, CITY, "2026-12", 3, named, 1, 2, "quiz-key-1", &reply),
                     ZHUCUN__CODE__OK);
    assert_int_equal(reply->quiz_create->id, quiz);
    zc_reply_free(reply);
    refused(quiz_create(city, CITY, "2026-12", 3, named, 1, 2, NULL, &reply), &reply,
            ZHUCUN__CODE__ALREADY_EXISTS, "month");
    /* the draw: the three first of the others by md5(scope:month:person) */
    char *want = sqlv("SELECT string_agg(x.person_id::text, ',' ORDER BY x.person_id) FROM"
                      " (SELECT s.person_id FROM zc_policy_serving('1401', '2026-12-01',"
                      " '2026-12-31') s WHERE s.person_id <> %lld ORDER BY md5('%s:2026-12:' ||"
                      " s.person_id), s.person_id LIMIT 3) x",
                      (long long)p_c1, CITY);
    char *got = sqlv("SELECT string_agg(person_id::text, ',' ORDER BY person_id)"
                     " FROM policy_quiz_cadres WHERE quiz_id = %lld AND how = 'drawn'",
                     (long long)quiz);
    assert_string_equal(got, want);
    free(want);
    free(got);
    assert_int_equal(count("SELECT count(*) FROM zc_policy_serving('1401', '2026-12-01',"
                           " '2026-12-31')"),
                     6);
    reply = quiz_show(city, quiz);
    const Zhucun__Quiz *q = reply->quiz;
    assert_int_equal(q->n_cadres, 4);
    assert_int_equal(q->named, 1);
    assert_int_equal(q->drawn, 3);
    assert_int_equal(q->pending, 4);
    assert_int_equal(q->n_questions, 2);
    assert_string_equal(q->questions[0]->answer, "农户申请、乡村干部走访、部门筛查预警");
    assert_int_equal(q->cadres[0]->person_id, p_c1);
    int64_t d1 = q->cadres[1]->person_id, d2 = q->cadres[2]->person_id;
    zc_reply_free(reply);
    /* a person not sampled, a call before the month */
    int64_t outside = 0;
    const int64_t everyone[] = {p_a1, p_a2, p_b1, p_t1, p_c2};
    for (size_t i = 0; i < 5; i++)
        if (count("SELECT count(*) FROM policy_quiz_cadres WHERE quiz_id = %lld AND person_id ="
                  " %lld",
                  (long long)quiz, (long long)everyone[i]) == 0)
            outside = everyone[i];
    assert_true(outside > 0);
    refused(quiz_score(city, quiz, outside, "2026-12-05", 80, NULL, NULL, &reply), &reply,
            ZHUCUN__CODE__NOT_FOUND, "person_id");
    refused(quiz_score(city, quiz, p_c1, "2026-11-30", 80, NULL, NULL, &reply), &reply,
            ZHUCUN__CODE__INVALID_ARGUMENT, "called_on");
    assert_int_equal(quiz_score(city, quiz, p_c1, "2026-12-10", 80, NULL, NULL, NULL),
                     ZHUCUN__CODE__OK);
    assert_int_equal(quiz_score(city, quiz, d1, "2026-12-10", 90, NULL, "score-key", NULL),
                     ZHUCUN__CODE__OK);
    assert_int_equal(quiz_score(city, quiz, d1, "2026-12-10", 90, NULL, "score-key", NULL),
                     ZHUCUN__CODE__OK);
    assert_int_equal(quiz_score(city, quiz, d1, "2026-12-11", 70, NULL, NULL, NULL),
                     ZHUCUN__CODE__OK); /* corrected */
    assert_int_equal(quiz_score(city, quiz, d2, "2026-12-10", 0, "电话无人接听", NULL, NULL),
                     ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'quiz.score'"
                           " AND detail ->> 'person' = '%lld'",
                           (long long)d1),
                     2);
    reply = quiz_show(city, quiz);
    q = reply->quiz;
    assert_int_equal(q->reached, 2);
    assert_int_equal(q->not_reached, 1);
    assert_int_equal(q->pending, 1);
    for (size_t i = 0; i < q->n_cadres; i++)
        if (q->cadres[i]->person_id == d1)
            assert_int_equal(q->cadres[i]->score, 70);
        else if (q->cadres[i]->person_id == d2)
            assert_string_equal(q->cadres[i]->reason, "电话无人接听");
    zc_reply_free(reply);
    /* the other county's office sees the city's quiz with its own cadres only */
    reply = quiz_show(county2, quiz);
    for (size_t i = 0; i < reply->quiz->n_cadres; i++)
        assert_memory_equal(reply->quiz->cadres[i]->village_code, "140106", 6);
    assert_true(reply->quiz->n_cadres >= 1);
    zc_reply_free(reply);
    /* M8-quiz: the city office met December; January is open */
    reply = duty_report(prov, CITY, "2026-12", "");
    assert_string_equal(rule_counts(reply->duty_report, "M8-quiz"), "1/1/0/0");
    zc_reply_free(reply);
    reply = duty_report(prov, CITY, "2027-01", "");
    assert_string_equal(rule_counts(reply->duty_report, "M8-quiz"), "1/0/0/1");
    zc_reply_free(reply);
    /* a county office's own quiz, named only; it owes no M8-quiz */
    int64_t a2[1] = {p_a2};
    assert_int_equal(quiz_create(county, COUNTY, "2027-01", 0, a2, 1, 1, NULL, &reply),
                     ZHUCUN__CODE__OK);
    int64_t cq = reply->quiz_create->id;
    zc_reply_free(reply);
    assert_int_equal(quiz_score(county, cq, p_a2, TODAY, 100, NULL, NULL, NULL), ZHUCUN__CODE__OK);
    reply = duty_report(prov, CITY, "2027-01", "");
    assert_string_equal(rule_counts(reply->duty_report, "M8-quiz"), "1/0/0/1");
    zc_reply_free(reply);

    /* the year's coverage: six serving in the city, reached in 2026: c1 (80) and d1 (70) */
    reply = quiz_report(city, CITY, 2026);
    const Zhucun__QuizReportReply *r = reply->quiz_report;
    assert_int_equal(r->total->serving, 6);
    assert_int_equal(r->total->quizzed, 2);
    assert_int_equal(r->total->scores, 2);
    assert_true(r->total->average > 74.99 && r->total->average < 75.01);
    assert_true(r->coverage > 0.333 && r->coverage < 0.334);
    assert_int_equal(r->quizzes, 1);
    assert_int_equal(r->n_not_quizzed, 4);
    for (size_t i = 0; i < r->n_not_quizzed; i++)
        assert_true(r->not_quizzed[i]->person_id != p_c1 && r->not_quizzed[i]->person_id != d1);
    unsigned serving = 0, quizzed = 0;
    for (size_t i = 0; i < r->n_by_county; i++) {
        serving += r->by_county[i]->serving;
        quizzed += r->by_county[i]->quizzed;
    }
    assert_int_equal(serving, 6);
    assert_int_equal(quizzed, 2);
    assert_int_equal(r->n_by_team, 4);
    zc_reply_free(reply);
    /* this year (0): the county's quiz reached a2 */
    reply = quiz_report(county, COUNTY, 0);
    assert_int_equal(reply->quiz_report->year, 2027);
    assert_int_equal(reply->quiz_report->total->serving, 4);
    assert_int_equal(reply->quiz_report->total->quizzed, 1);
    zc_reply_free(reply);
    /* out of scope */
    Zhucun__QuizReport qr = ZHUCUN__QUIZ_REPORT__INIT;
    qr.org_code = COUNTY;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_QUIZ_REPORT;
    req.quiz_report = &qr;
    refused(send(county2, &req, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND, "org_code");
}

/* Keyed writes answered once; evidence linked and audited by its hash. */
static void test_keyed_and_evidence(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(video(cadre_a, 0, "channels", "https://channels.weixin.qq.com/k1",
                           "2026-12-02", "video-key", &reply),
                     ZHUCUN__CODE__OK);
    int64_t id = reply->video_record->id;
    zc_reply_free(reply);
    assert_int_equal(video(cadre_a, 0, "channels", "https://channels.weixin.qq.com/k1",
                           "2026-12-02", "video-key", &reply),
                     ZHUCUN__CODE__OK);
    assert_int_equal(reply->video_record->id, id);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE object = 'video:%lld'", (long long)id),
                     1);
    char *hex = zt_sql(&srv, "SELECT encode(sha256('policy-evidence'), 'hex')");
    uint8_t h[32];
    for (int i = 0; i < 32; i++)
        sscanf(hex + 2 * i, "%2hhx", &h[i]);
    zt_attach_evidence(&srv, NULL, h);
    ProtobufCBinaryData ev = {32, h};
    assert_int_equal(broadcast(cadre_a, "", "2026-12-02", 30, &ev, 1, "bc-key", &reply),
                     ZHUCUN__CODE__OK);
    int64_t bid = reply->broadcast_record->id;
    zc_reply_free(reply);
    assert_int_equal(broadcast(cadre_a, "", "2026-12-02", 30, &ev, 1, "bc-key", &reply),
                     ZHUCUN__CODE__OK);
    assert_int_equal(reply->broadcast_record->id, bid);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM policy_broadcasts WHERE on_date = '2026-12-02'"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM attachment_links WHERE kind = 'broadcast'"
                           " AND record_id = %lld AND village_code = '%s'",
                           (long long)bid, VA),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'attachment.link'"
                           " AND object = 'broadcast:%lld' AND detail ->> 'sha256' = '%s'",
                           (long long)bid, hex),
                     1);
    free(hex);
    Zhucun__BroadcastList bl = ZHUCUN__BROADCAST_LIST__INIT;
    bl.from = "2026-12-02";
    bl.to = "2026-12-02";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_BROADCAST_LIST;
    req.broadcast_list = &bl;
    assert_int_equal(send(cadre_a, &req, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->broadcast_list->n_broadcasts, 1);
    assert_int_equal(reply->broadcast_list->broadcasts[0]->evidence, 1);
    zc_reply_free(reply);
}

/* Row-level security: the application role sees a scope's rows only. */
static void test_rls(void **state)
{
    (void)state;
    static const char *const tables[] = {"policy_videos", "policy_broadcasts", "policy_quiz_cadres",
                                         "policy_quizzes"};
    PGconn *pg = zt_pg_app(&srv);
    for (size_t i = 0; i < 4; i++) {
        char sql[300];
        PQclear(PQexec(pg, "SELECT set_config('zhucun.scope', '{140106%}', false)"));
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", tables[i]);
        PGresult *res = PQexec(pg, sql);
        assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
        long long seen = atoll(PQgetvalue(res, 0, 0));
        PQclear(res);
        long long want =
            i < 3 ? count("SELECT count(*) FROM %s WHERE village_code LIKE '140106%%'", tables[i])
                  : count("SELECT count(*) FROM policy_quizzes q WHERE"
                          " q.village_code LIKE '140106%%' OR EXISTS (SELECT 1 FROM"
                          " policy_quiz_cadres c WHERE c.quiz_id = q.id AND"
                          " c.village_code LIKE '140106%%')");
        assert_int_equal(seen, want);
        assert_true(i == 1 || seen > 0); /* no broadcast in the other county */
        PQclear(PQexec(pg, "SELECT set_config('zhucun.scope', '{}', false)"));
        res = PQexec(pg, sql);
        assert_string_equal(PQgetvalue(res, 0, 0), "0");
        PQclear(res);
    }
    PQfinish(pg);
}

static unsigned long long pull(const char *kind, const char *since, char *cursor, size_t cap)
{
    return zt_export_rows(exporter, kind, "", since, cursor, cap);
}

/* Each kind exported incrementally: every row first, then only what changed. */
static void test_export_incremental(void **state)
{
    (void)state;
    static const char *const kinds[] = {"policy_quizzes", "policy_quiz_cadres", "policy_videos",
                                        "policy_broadcasts"};
    char c[4][512], next[512];
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(pull(kinds[k], "", c[k], sizeof(c[k])),
                         count("SELECT count(*) FROM %s", kinds[k]));
        assert_int_equal(pull(kinds[k], c[k], next, sizeof(next)), 0);
    }
    /* a new month's quiz (its cadres), one score changed, a video, a broadcast */
    Zhucun__Reply *reply = NULL;
    assert_int_equal(quiz_create(city, CITY, "2026-11", 2, NULL, 0, 1, NULL, &reply),
                     ZHUCUN__CODE__OK);
    int64_t quiz = reply->quiz_create->id;
    zc_reply_free(reply);
    char *p = sqlv("SELECT person_id FROM policy_quiz_cadres WHERE quiz_id = %lld LIMIT 1",
                   (long long)quiz);
    assert_int_equal(quiz_score(city, quiz, atoll(p), "2026-11-20", 88, NULL, NULL, NULL),
                     ZHUCUN__CODE__OK);
    free(p);
    video_ok(captain_b, 0, "2026-11-03");
    broadcast_ok(captain_b, VB, "2026-11-03", 30);
    static const unsigned long long changed[] = {1, 2, 1, 1};
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(pull(kinds[k], c[k], next, sizeof(next)), changed[k]);
        assert_int_equal(pull(kinds[k], next, c[k], sizeof(c[k])), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_duties_equal_direct_counts),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_quiz),
        cmocka_unit_test(test_keyed_and_evidence),
        cmocka_unit_test(test_rls),
        cmocka_unit_test(test_export_incremental),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
