/* test_guarantees.c -- three guarantees and drinking water (SPEC M5) and the labour ledger (SPEC
 * M6; docs/guarantees.md): the one rule zc_household_gaps gap by gap (each area's gap opens
 * and closes, a later check supersedes, a village's water item reaches its households), the
 * compulsory school age as SQL and C judge it, the refusals with their fields, keyed writes
 * answered once, the transport subsidy paid once a year, the gap list against a direct SQL
 * count, page by page, and both record kinds exported incrementally. */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/guarantee.h"
#include "common/rules/idcard.h"

#define PW "correct horse battery"
#define VA "140105001001"
#define VB "140105001002"
#define VC "140106001001"

static struct zt_server srv;
static struct zc_client *county, *cadre, *other_county, *exporter;
static int64_t hh, adult, child, teen, hh_plain, hh_other, plain_head;
static char today[11], yesterday[11];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n140106000000,迎泽区,county\n"
                          "140106001000,柳巷街道,township\n140106001001,测试三村,village\n";

static long long count(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long count(const char *fmt, ...)
{
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    char *v = zt_sql(&srv, sql);
    long long n = strtoll(v, NULL, 10);
    free(v);
    return n;
}

/* An ID number of someone born years before today (and a day earlier, to stay clear of the
 * birthday), serial 1-999. */
static void id_born(int years, int serial, char id[19])
{
    int y, m, d;
    rules_civil_from_days(zt_today() - 1, &y, &m, &d);
    if (m == 2 && d == 29)
        d = 28;
    snprintf(id, 19, "140105%04d%02d%02d%03d", y - years, m, d, serial);
    id[17] = rules_idcard_check_char(id);
    id[18] = '\0';
}

/* A household of village with members aged ages[] (n of them; the first the head), category;
 * their ids in member_ids. */
static int64_t add_household(const char *village, const char *category, const int *ages, int n,
                             int serial, int64_t *member_ids, struct zc_client *office)
{
    static const char *const names[] = {"演示户主", "演示孩子", "演示少年"};
    static const char *const relations[] = {"head", "child", "child"};
    char ids[3][19];
    Zhucun__HouseholdMember mv[3], *mp[3];
    for (int i = 0; i < n; i++) {
        id_born(ages[i], serial * 3 + i, ids[i]);
        zhucun__household_member__init(&mv[i]);
        mv[i].name = (char *)names[i];
        mv[i].relation = (char *)relations[i];
        mv[i].id_number = ids[i];
        mv[i].labour = ages[i] >= 16 ? "full" : "minor";
        mv[i].health = i == 1 ? "disabled" : "healthy";
        mp[i] = &mv[i];
    }
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    h.village_code = (char *)village;
    h.category = (char *)category;
    h.since = "2020-01-01";
    h.n_members = (size_t)n;
    h.members = mp;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    hc.household = &h;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE;
    req.household_create = &hc;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(office, &req, &reply), ZHUCUN__CODE__OK);
    int64_t id = reply->household->id;
    zc_reply_free(reply);
    for (int i = 0; i < n && member_ids != NULL; i++)
        member_ids[i] = count("SELECT id FROM household_members WHERE household_id = %lld"
                              " ORDER BY id OFFSET %d",
                              (long long)id, i);
    return id;
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "guarantees", NULL);
    rules_date_format(zt_today(), today);
    rules_date_format(zt_today() - 1, yesterday);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    zc_close(prov);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", "140106000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", "140000000000", 0), 0);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    other_county = zt_login(&srv, "yingze", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    int64_t person;
    cadre = zt_cadre(&srv, county, zt_team(county, "village", VA, "测试一村工作队"), "cadre-a", VA,
                     "cadre", "member", 0, PW, &person);
    int64_t m[3];
    const int ages[3] = {45, 10, 17};
    hh = add_household(VA, "poverty_alleviated", ages, 3, 1, m, county);
    adult = m[0];
    child = m[1];
    teen = m[2];
    hh_plain = add_household(VA, "ordinary", ages, 1, 2, &plain_head, county);
    hh_other = add_household(VC, "monitored", ages, 1, 3, NULL, other_county);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(county);
    zc_close(cadre);
    zc_close(other_county);
    zc_close(exporter);
    zt_server_finish(&srv);
    return 0;
}

/* ---- calls ---- */

struct entry {
    int64_t household, member;
    const char *village, *kind, *on, *status, *place, *chronic, *renovation;
    int delivered;
    int64_t total, own;
};

static Zhucun__Code record_as(struct zc_client *c, const struct entry *e, const char *key,
                              int64_t *id, Zhucun__Reply **out)
{
    Zhucun__GuaranteeRecord gr = ZHUCUN__GUARANTEE_RECORD__INIT;
    gr.household_id = e->household;
    gr.member_id = e->member;
    gr.village_code = (char *)(e->village ? e->village : "");
    gr.kind = (char *)e->kind;
    gr.on_date = (char *)(e->on ? e->on : yesterday);
    gr.status = (char *)e->status;
    gr.place = (char *)(e->place ? e->place : "");
    gr.chronic = (char *)(e->chronic ? e->chronic : "");
    gr.renovation = (char *)(e->renovation ? e->renovation : "");
    gr.delivered = e->delivered;
    gr.cost_total_fen = e->total;
    gr.cost_own_fen = e->own;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.idempotency_key = (char *)(key ? key : "");
    req.body_case = ZHUCUN__REQUEST__BODY_GUARANTEE_RECORD;
    req.guarantee_record = &gr;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(c, &req, &reply);
    if (code == ZHUCUN__CODE__OK && id != NULL)
        *id = reply->guarantee_record->id;
    if (out != NULL)
        *out = reply;
    else
        zc_reply_free(reply);
    return code;
}

static int64_t record(const struct entry *e)
{
    int64_t id = 0;
    Zhucun__Reply *reply = NULL;
    if (record_as(cadre, e, NULL, &id, &reply) != ZHUCUN__CODE__OK)
        fail_msg("%s %s: %s", e->kind, e->status, reply->status->message);
    zc_reply_free(reply);
    return id;
}

static Zhucun__Code resolve(int64_t id, const char *on, const char *how, const char *key,
                            Zhucun__Reply **out)
{
    Zhucun__GuaranteeResolve gr = ZHUCUN__GUARANTEE_RESOLVE__INIT;
    gr.id = id;
    gr.resolved_on = (char *)on;
    gr.resolution = (char *)how;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.idempotency_key = (char *)(key ? key : "");
    req.body_case = ZHUCUN__REQUEST__BODY_GUARANTEE_RESOLVE;
    req.guarantee_resolve = &gr;
    return zt_call(cadre, &req, out);
}

static Zhucun__Code labour(int64_t household, int64_t member, const char *on, const char *status,
                           const char *subsidy, const char *key, Zhucun__Reply **out)
{
    Zhucun__LabourRecord lr = ZHUCUN__LABOUR_RECORD__INIT;
    lr.household_id = household;
    lr.member_id = member;
    lr.on_date = (char *)on;
    lr.status = (char *)status;
    lr.place = "江苏苏州";
    lr.work = "电子厂";
    lr.training = "电工培训";
    lr.subsidy = (char *)subsidy;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.idempotency_key = (char *)(key ? key : "");
    req.body_case = ZHUCUN__REQUEST__BODY_LABOUR_RECORD;
    req.labour_record = &lr;
    return zt_call(cadre, &req, out);
}

/* The household's gaps through GuaranteeList; asserts they are what zc_household_gaps gives
 * read directly, and that a gap of area (NULL: none) is among them. Returns their number. */
static size_t gaps_of(int64_t household, const char *area, int64_t member)
{
    Zhucun__GuaranteeList gl = ZHUCUN__GUARANTEE_LIST__INIT;
    gl.household_id = household;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_GUARANTEE_LIST;
    req.guarantee_list = &gl;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(cadre, &req, &reply), ZHUCUN__CODE__OK);
    const Zhucun__GuaranteeListReply *l = reply->guarantee_list;
    size_t n = l->n_gaps;
    assert_int_equal(n,
                     count("SELECT count(*) FROM zc_household_gaps(%lld)", (long long)household));
    int found = area == NULL;
    for (size_t i = 0; i < n; i++) {
        assert_true(l->gaps[i]->what[0] != '\0');
        if (area != NULL && strcmp(l->gaps[i]->area, area) == 0 && l->gaps[i]->member_id == member)
            found = 1;
    }
    if (!found)
        fail_msg("no %s gap for member %lld among %zu", area, (long long)member, n);
    zc_reply_free(reply);
    return n;
}

/* out is where the call left its reply: read only after the call (arguments are evaluated in no
 * particular order). */
static void assert_refused(Zhucun__Code got, Zhucun__Reply **out, Zhucun__Code code,
                           const char *field)
{
    Zhucun__Reply *reply = *out;
    *out = NULL;
    if (got != code)
        fail_msg("got %d (%s), expected %d naming %s", got,
                 reply && reply->status ? reply->status->message : "", code, field);
    assert_non_null(reply);
    if (reply->status->n_fields != 1)
        fail_msg("%s: %zu fields, expected %s", reply->status->message, reply->status->n_fields,
                 field);
    assert_string_equal(reply->status->fields[0]->field, field);
    zc_reply_free(reply);
}

/* ---- the tests ---- */

/* SQL's zc_compulsory_school_age and C's rules_compulsory_school_age agree around every edge:
 * the 31 August / 1 September birthdays, the first and the last school year. */
static void test_compulsory_age_sql_agrees_with_c(void **state)
{
    (void)state;
    static const char *const births[] = {"2010-08-31", "2010-09-01", "2014-01-15", "2017-08-31",
                                         "2017-09-01", "2019-12-31", "2020-08-31", "2020-09-01"};
    static const char *const days[] = {"2023-08-31", "2023-09-01", "2026-08-31",
                                       "2026-09-01", "2027-06-30", "2029-08-31"};
    for (size_t b = 0; b < sizeof(births) / sizeof(*births); b++) {
        for (size_t d = 0; d < sizeof(days) / sizeof(*days); d++) {
            int ok;
            int c = rules_compulsory_school_age(rules_date_days(births[b], &ok),
                                                rules_date_days(days[d], &ok));
            long long s =
                count("SELECT zc_compulsory_school_age('%s', '%s')::int", births[b], days[d]);
            if (c != s)
                fail_msg("born %s on %s: C says %d, SQL %lld", births[b], days[d], c, s);
        }
    }
}

/* Secured to begin with; each area's gap opens with its record and closes by a later check or
 * by resolving it; a village's water item is a gap of every household of the village. */
static void test_each_gap_opens_and_closes(void **state)
{
    (void)state;
    assert_int_equal(gaps_of(hh, NULL, 0), 0);
    /* education: the ten-year-old dropped out, then is back at school */
    struct entry e = {
        .household = hh, .member = child, .kind = "schooling", .status = "dropped_out"};
    record(&e);
    assert_int_equal(gaps_of(hh, "education", child), 1);
    e.status = "home_schooling"; /* 送教上门 that does not happen is a gap too */
    e.on = today;
    record(&e);
    assert_int_equal(gaps_of(hh, "education", child), 1);
    e.delivered = 1;
    record(&e);
    assert_int_equal(gaps_of(hh, NULL, 0), 0);
    /* medical: not insured, a chronic illness not covered: two gaps of one entry */
    struct entry ins = {.household = hh,
                        .member = adult,
                        .kind = "insurance",
                        .status = "not_enrolled",
                        .chronic = "not_covered"};
    int64_t ins_id = record(&ins);
    assert_int_equal(gaps_of(hh, "medical", adult), 2);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(resolve(ins_id, today, "已协助参保并办理慢性病证", NULL, &reply),
                     ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    assert_int_equal(gaps_of(hh, NULL, 0), 0);
    /* a hospital stay whose policies are pending */
    struct entry hos = {.household = hh,
                        .member = adult,
                        .kind = "hospital",
                        .status = "pending",
                        .place = "县人民医院",
                        .total = 1234500,
                        .own = 300000};
    int64_t hos_id = record(&hos);
    assert_int_equal(gaps_of(hh, "medical", adult), 1);
    assert_int_equal(resolve(hos_id, today, "已报销，大病保险和医疗救助落实", NULL, &reply),
                     ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    /* housing: graded D, renovation under way; a new appraisal after the renovation */
    struct entry house = {
        .household = hh, .kind = "housing", .status = "D", .renovation = "in_progress"};
    record(&house);
    assert_int_equal(gaps_of(hh, "housing", 0), 1);
    house.on = today;
    house.renovation = "finished";
    record(&house);
    assert_int_equal(gaps_of(hh, NULL, 0), 0);
    /* water: the household's own problem, and the village's, which reaches hh_plain too */
    struct entry water = {.household = hh, .kind = "water", .status = "broken_pipes"};
    int64_t water_id = record(&water);
    assert_int_equal(gaps_of(hh, "water", 0), 1);
    struct entry village = {.village = VA, .kind = "water", .status = "seasonal_shortage"};
    int64_t village_id = record(&village);
    assert_int_equal(gaps_of(hh, "water", 0), 2);
    assert_int_equal(gaps_of(hh_plain, "water", 0), 1);
    assert_int_equal(resolve(water_id, today, "更换入户管道", NULL, &reply), ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    assert_int_equal(resolve(village_id, today, "新打机井一眼", NULL, &reply), ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    assert_int_equal(gaps_of(hh, NULL, 0), 0);
    assert_int_equal(gaps_of(hh_plain, NULL, 0), 0);
    /* every write audited */
    assert_true(count("SELECT count(*) FROM audit WHERE action = 'guarantee.record'") >= 9);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'guarantee.resolve'"), 4);
    /* the village's water ledger: both items */
    Zhucun__GuaranteeList gl = ZHUCUN__GUARANTEE_LIST__INIT;
    gl.village_code = VA;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_GUARANTEE_LIST;
    req.guarantee_list = &gl;
    assert_int_equal(zt_call(cadre, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->guarantee_list->n_entries, 2);
    assert_int_equal(reply->guarantee_list->n_gaps, 0);
    zc_reply_free(reply);
}

/* Each refusal names its field; nothing is written. */
static void test_refusals(void **state)
{
    (void)state;
    long long before = count("SELECT count(*) FROM guarantee_entries");
    Zhucun__Reply *reply = NULL;
    struct entry e = {.household = hh, .member = child, .kind = "schooling", .status = "enrolled"};
    e.kind = "school";
    assert_refused(record_as(cadre, &e, NULL, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                   "kind");
    e.kind = "schooling";
    e.member = 0;
    assert_refused(record_as(cadre, &e, NULL, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                   "member_id");
    e.member = child;
    e.on = "2999-01-01";
    assert_refused(record_as(cadre, &e, NULL, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                   "on_date");
    e.on = NULL;
    e.status = "absent";
    assert_refused(record_as(cadre, &e, NULL, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                   "status");
    e.status = "transferred"; /* without the new school */
    assert_refused(record_as(cadre, &e, NULL, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                   "place");
    struct entry hos = {.household = hh,
                        .member = adult,
                        .kind = "hospital",
                        .status = "pending",
                        .place = "县医院",
                        .total = 1000,
                        .own = 2000};
    assert_refused(record_as(cadre, &hos, NULL, NULL, &reply), &reply,
                   ZHUCUN__CODE__INVALID_ARGUMENT, "cost_own_fen");
    hos.total = GUARANTEE_COST_MAX_FEN + 1;
    assert_refused(record_as(cadre, &hos, NULL, NULL, &reply), &reply,
                   ZHUCUN__CODE__INVALID_ARGUMENT, "cost_total_fen");
    struct entry ins = {.household = hh,
                        .member = adult,
                        .kind = "insurance",
                        .status = "enrolled",
                        .chronic = "maybe"};
    assert_refused(record_as(cadre, &ins, NULL, NULL, &reply), &reply,
                   ZHUCUN__CODE__INVALID_ARGUMENT, "chronic");
    struct entry house = {
        .household = hh, .member = adult, .kind = "housing", .status = "C", .renovation = "none"};
    assert_refused(record_as(cadre, &house, NULL, NULL, &reply), &reply,
                   ZHUCUN__CODE__INVALID_ARGUMENT, "member_id");
    struct entry water = {.kind = "water", .status = "quality"};
    assert_refused(record_as(cadre, &water, NULL, NULL, &reply), &reply,
                   ZHUCUN__CODE__INVALID_ARGUMENT, "household_id");
    /* what needs rows: a member of another household, a child past compulsory school age,
     * a household out of scope (as if it did not exist), a village out of scope */
    e.status = "enrolled";
    e.member = plain_head;
    assert_refused(record_as(cadre, &e, NULL, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                   "member_id");
    e.member = teen;
    assert_refused(record_as(cadre, &e, NULL, NULL, &reply), &reply,
                   ZHUCUN__CODE__FAILED_PRECONDITION, "member_id");
    struct entry far = {
        .household = hh_other, .kind = "housing", .status = "A", .renovation = "none"};
    assert_refused(record_as(cadre, &far, NULL, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                   "household_id");
    assert_refused(record_as(county, &far, NULL, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                   "household_id");
    water.village = VC;
    assert_refused(record_as(cadre, &water, NULL, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                   "village_code");
    assert_int_equal(count("SELECT count(*) FROM guarantee_entries"), before);
    /* resolving: not a problem, twice, before its date, without how */
    struct entry fine = {.household = hh, .kind = "housing", .status = "A", .renovation = "none"};
    int64_t fine_id = record(&fine);
    assert_refused(resolve(fine_id, today, "无", NULL, &reply), &reply,
                   ZHUCUN__CODE__FAILED_PRECONDITION, "id");
    struct entry pipes = {.household = hh, .kind = "water", .status = "broken_pipes", .on = today};
    int64_t pipes_id = record(&pipes);
    assert_refused(resolve(pipes_id, yesterday, "修好", NULL, &reply), &reply,
                   ZHUCUN__CODE__INVALID_ARGUMENT, "resolved_on");
    assert_refused(resolve(pipes_id, today, "", NULL, &reply), &reply,
                   ZHUCUN__CODE__INVALID_ARGUMENT, "resolution");
    assert_int_equal(resolve(pipes_id, today, "修好", NULL, &reply), ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    assert_refused(resolve(pipes_id, today, "修好", NULL, &reply), &reply,
                   ZHUCUN__CODE__FAILED_PRECONDITION, "id");
    /* the lists: one of household or village; out of scope is NOT_FOUND */
    Zhucun__GuaranteeList gl = ZHUCUN__GUARANTEE_LIST__INIT;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_GUARANTEE_LIST;
    req.guarantee_list = &gl;
    assert_refused(zt_call(cadre, &req, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                   "household_id");
    gl.household_id = hh_other;
    assert_refused(zt_call(county, &req, &reply), &reply, ZHUCUN__CODE__NOT_FOUND, "household_id");
    Zhucun__GuaranteeGaps gg = ZHUCUN__GUARANTEE_GAPS__INIT;
    gg.org_code = "140106000000";
    req.body_case = ZHUCUN__REQUEST__BODY_GUARANTEE_GAPS;
    req.guarantee_gaps = &gg;
    assert_refused(zt_call(county, &req, &reply), &reply, ZHUCUN__CODE__NOT_FOUND, "org_code");
}

/* A keyed record, resolve and labour record sent twice are done once and answered alike. */
static void test_keyed_writes_once(void **state)
{
    (void)state;
    struct entry e = {.household = hh, .kind = "water", .status = "inconvenient"};
    int64_t first = 0, again = 0;
    assert_int_equal(record_as(cadre, &e, "g-key-1", &first, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(record_as(cadre, &e, "g-key-1", &again, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(first, again);
    assert_int_equal(
        count("SELECT count(*) FROM audit WHERE object = 'guarantee:%lld'", (long long)first), 1);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(resolve(first, today, "接通自来水", "g-key-2", &reply), ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    assert_int_equal(resolve(first, today, "接通自来水", "g-key-2", &reply), ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    assert_int_equal(
        count("SELECT count(*) FROM audit WHERE object = 'guarantee:%lld'", (long long)first), 2);
    assert_int_equal(labour(hh, adult, yesterday, "local", "none", "l-key-1", &reply),
                     ZHUCUN__CODE__OK);
    int64_t lid = reply->labour_record->id;
    zc_reply_free(reply);
    assert_int_equal(labour(hh, adult, yesterday, "local", "none", "l-key-1", &reply),
                     ZHUCUN__CODE__OK);
    assert_int_equal(reply->labour_record->id, lid);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM labour_records WHERE member_id = %lld"
                           " AND status = 'local'",
                           (long long)adult),
                     1);
}

/* The labour ledger: poverty-alleviated workers only; the subsidy for work away, paid once a
 * year; the list by household and by area. */
static void test_labour_ledger(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    assert_refused(labour(hh, adult, yesterday, "local", "applied", NULL, &reply), &reply,
                   ZHUCUN__CODE__INVALID_ARGUMENT, "subsidy");
    assert_refused(labour(hh, adult, yesterday, "abroad", "none", NULL, &reply), &reply,
                   ZHUCUN__CODE__INVALID_ARGUMENT, "status");
    assert_refused(labour(hh_plain, plain_head, yesterday, "local", "none", NULL, &reply), &reply,
                   ZHUCUN__CODE__FAILED_PRECONDITION, "household_id");
    assert_refused(labour(hh, plain_head, yesterday, "local", "none", NULL, &reply), &reply,
                   ZHUCUN__CODE__NOT_FOUND, "member_id");
    assert_int_equal(labour(hh, adult, yesterday, "out_of_province", "applied", NULL, &reply),
                     ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    assert_int_equal(labour(hh, adult, yesterday, "out_of_province", "paid", NULL, &reply),
                     ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    assert_refused(labour(hh, adult, today, "out_of_province", "paid", NULL, &reply), &reply,
                   ZHUCUN__CODE__FAILED_PRECONDITION, "subsidy");
    /* another year's subsidy is another one (the last year's, recorded now) */
    char last_year[24];
    int y, m, d;
    rules_civil_from_days(zt_today(), &y, &m, &d);
    snprintf(last_year, sizeof(last_year), "%04d-06-30", y - 1);
    assert_int_equal(labour(hh, adult, last_year, "in_province", "paid", NULL, &reply),
                     ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM labour_records WHERE member_id = %lld"
                           " AND subsidy = 'paid'",
                           (long long)adult),
                     2);
    /* by household: every year; by the village: this year */
    Zhucun__LabourList ll = ZHUCUN__LABOUR_LIST__INIT;
    ll.household_id = hh;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LABOUR_LIST;
    req.labour_list = &ll;
    assert_int_equal(zt_call(cadre, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(
        reply->labour_list->n_records,
        count("SELECT count(*) FROM labour_records WHERE household_id = %lld", (long long)hh));
    zc_reply_free(reply);
    ll.household_id = 0;
    ll.org_code = VA;
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->labour_list->n_records,
                     count("SELECT count(*) FROM labour_records WHERE village_code = '" VA "'"
                           " AND extract(year FROM on_date) = extract(year FROM zc_today())"));
    zc_reply_free(reply);
    ll.year = 2012;
    assert_refused(zt_call(county, &req, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT, "year");
    ll.year = 0;
    ll.household_id = hh_other;
    ll.org_code = "";
    assert_refused(zt_call(county, &req, &reply), &reply, ZHUCUN__CODE__NOT_FOUND, "household_id");
}

/* The province-wide list of households with any gap, page by page, against the rule counted
 * directly in SQL; a county office sees its own county only. */
static void test_gap_list_agrees_with_sql(void **state)
{
    (void)state;
    const int ages[1] = {40};
    for (int i = 0; i < 7; i++) {
        int64_t h = add_household(VB, "monitored", ages, 1, 10 + i, NULL, county);
        struct entry house = {
            .household = h, .kind = "housing", .status = i % 2 ? "C" : "B", .renovation = "none"};
        int64_t id = 0;
        assert_int_equal(record_as(county, &house, NULL, &id, NULL), ZHUCUN__CODE__OK);
    }
    int64_t far_member;
    int64_t far = add_household(VC, "monitored", ages, 1, 30, &far_member, other_county);
    struct entry ins = {.household = far,
                        .member = far_member,
                        .kind = "insurance",
                        .status = "not_enrolled",
                        .chronic = "none"};
    assert_int_equal(record_as(other_county, &ins, NULL, NULL, NULL), ZHUCUN__CODE__OK);
    struct entry village = {.village = VA, .kind = "water", .status = "quality"};
    assert_int_equal(record_as(county, &village, NULL, NULL, NULL), ZHUCUN__CODE__OK);

    const char *scopes[] = {"", "140105000000", VB};
    struct zc_client *who[] = {county, county, county};
    for (size_t s = 0; s < 3; s++) {
        const char *prefix = s == 0 ? "140105" : s == 1 ? "140105" : VB;
        long long want_households =
            count("SELECT count(*) FROM households h WHERE h.village_code LIKE '%s%%'"
                  " AND EXISTS (SELECT 1 FROM zc_household_gaps(h.id))",
                  prefix);
        long long want_gaps = count("SELECT count(*) FROM households h, zc_household_gaps(h.id)"
                                    " WHERE h.village_code LIKE '%s%%'",
                                    prefix);
        assert_true(want_households > 0);
        long long households = 0, gaps = 0;
        int64_t after = 0;
        int pages = 0;
        for (;;) {
            Zhucun__GuaranteeGaps gg = ZHUCUN__GUARANTEE_GAPS__INIT;
            gg.org_code = (char *)scopes[s];
            gg.after = after;
            gg.limit = 2;
            Zhucun__Request req = ZHUCUN__REQUEST__INIT;
            req.body_case = ZHUCUN__REQUEST__BODY_GUARANTEE_GAPS;
            req.guarantee_gaps = &gg;
            Zhucun__Reply *reply = NULL;
            assert_int_equal(zt_call(who[s], &req, &reply), ZHUCUN__CODE__OK);
            const Zhucun__GuaranteeGapsReply *g = reply->guarantee_gaps;
            assert_true(g->households <= 2);
            households += g->households;
            gaps += (long long)g->n_gaps;
            for (size_t i = 0; i < g->n_gaps; i++)
                assert_true(strncmp(g->gaps[i]->village_code, prefix, strlen(prefix)) == 0);
            int more = g->truncated;
            after = g->next_after;
            zc_reply_free(reply);
            pages++;
            if (!more)
                break;
        }
        assert_int_equal(households, want_households);
        assert_int_equal(gaps, want_gaps);
        assert_true(pages >= 2);
    }
}

/* One pull of kind (JSONL, or CSV when csv is not NULL: its bytes appended there, grown): the
 * number of rows, the cursor out. */
struct bytes {
    char *data;
    size_t len;
};

static unsigned long long pull_as(struct zc_client *c, const char *kind, const char *scope,
                                  const char *since, char *cursor, size_t cap, struct bytes *csv)
{
    Zhucun__Export ex = ZHUCUN__EXPORT__INIT;
    ex.kind = (char *)kind;
    ex.scope_code = (char *)scope;
    ex.since = (char *)since;
    ex.format = csv != NULL ? "csv" : "jsonl";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_EXPORT;
    req.export = &ex;
    struct zc_error err;
    uint64_t id = zc_send(c, &req, &err);
    assert_true(id > 0);
    unsigned long long rows = 0;
    for (;;) {
        Zhucun__Reply *reply = NULL;
        assert_int_equal(zc_recv(c, &reply, 30000, &err), 0);
        if (reply->id != id) {
            zc_reply_free(reply);
            continue;
        }
        assert_true(reply->status == NULL || reply->status->code == ZHUCUN__CODE__OK);
        const Zhucun__ExportChunk *ch = reply->export_chunk;
        rows += ch->rows;
        if (csv != NULL && ch->data.len > 0) {
            csv->data = realloc(csv->data, csv->len + ch->data.len);
            assert_non_null(csv->data);
            memcpy(csv->data + csv->len, ch->data.data, ch->data.len);
            csv->len += ch->data.len;
        }
        int more = reply->more;
        if (!more)
            snprintf(cursor, cap, "%s", ch->cursor);
        zc_reply_free(reply);
        if (!more)
            return rows;
    }
}

static unsigned long long pull(struct zc_client *c, const char *kind, const char *scope,
                               const char *since, char *cursor, size_t cap)
{
    return pull_as(c, kind, scope, since, cursor, cap, NULL);
}

/* Both kinds exported incrementally: a first pull is every row in scope, the next only what
 * changed since (a new row; a resolved one as its new version); a county office's pull holds
 * its county alone. */
static void test_export_incremental(void **state)
{
    (void)state;
    char c1[512], c2[512], c3[512], c4[512];
    assert_int_equal(pull(exporter, "guarantee_entries", "", "", c1, sizeof(c1)),
                     count("SELECT count(*) FROM guarantee_entries"));
    assert_int_equal(pull(exporter, "labour_records", "", "", c2, sizeof(c2)),
                     count("SELECT count(*) FROM labour_records"));
    assert_int_equal(pull(exporter, "guarantee_entries", "", c1, c3, sizeof(c3)), 0);
    struct entry pipes = {.household = hh, .kind = "water", .status = "source_short"};
    int64_t id = record(&pipes);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(resolve(id, today, "引水工程通水", NULL, &reply), ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    struct entry other = {.household = hh, .kind = "water", .status = "quality"};
    int64_t other_id = record(&other);
    (void)other_id;
    assert_int_equal(labour(hh, adult, today, "self_employed", "none", NULL, &reply),
                     ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    /* the first entry's insert and resolve committed separately: one version, its latest */
    assert_int_equal(pull(exporter, "guarantee_entries", "", c1, c3, sizeof(c3)), 2);
    assert_int_equal(pull(exporter, "guarantee_entries", "", c3, c4, sizeof(c4)), 0);
    assert_int_equal(pull(exporter, "labour_records", "", c2, c4, sizeof(c4)), 1);
    /* the other county's office: its own county's rows only */
    assert_int_equal(pull(other_county, "guarantee_entries", "140106000000", "", c4, sizeof(c4)),
                     count("SELECT count(*) FROM guarantee_entries"
                           " WHERE village_code LIKE '140106%%'"));
}

/* A CSV pull of each kind takes the COPY path; a server made to take the rows path for every
 * pull (ZHUCUN_TEST_EXPORT_ROWS=1) gives the same bytes (docs/export.md). */
static void test_export_copy_equals_rows(void **state)
{
    (void)state;
    setenv("ZHUCUN_TEST_EXPORT_ROWS", "1", 1);
    struct zt_server twin;
    zt_server_twin(&twin, &srv);
    unsetenv("ZHUCUN_TEST_EXPORT_ROWS");
    struct zc_client *rows = zt_login(&twin, "exporter", PW, NULL);
    static const char *const kinds[] = {"guarantee_entries", "labour_records"};
    for (size_t k = 0; k < 2; k++) {
        char c1[512], c2[512];
        struct bytes a = {0}, b = {0};
        unsigned long long n = pull_as(exporter, kinds[k], "", "", c1, sizeof(c1), &a);
        assert_true(n > 0);
        assert_int_equal(pull_as(rows, kinds[k], "", "", c2, sizeof(c2), &b), n);
        if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
            fail_msg("%s: COPY gave %zu bytes, rows %zu", kinds[k], a.len, b.len);
        free(a.data);
        free(b.data);
    }
    zc_close(rows);
    assert_int_equal(zt_server_stop(&twin, 10000), 0);
}

/* The first column of the first row of sql on pg as text, or "ERROR <sqlstate>". */
static char *one(PGconn *pg, const char *sql)
{
    PGresult *res = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(res);
    char *out;
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        out = strdup(PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "");
    else {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        out = malloc(32);
        snprintf(out, 32, "ERROR %s", state ? state : "?");
    }
    PQclear(res);
    return out;
}

static void expect(PGconn *pg, const char *sql, const char *want)
{
    char *got = one(pg, sql);
    if (strcmp(got, want) != 0)
        fail_msg("%s: got \"%s\", want \"%s\"", sql, got, want);
    free(got);
}

/* Row-level security (docs/rls.md), as the application's role: no row of either table without
 * a scope; one county's rows with its scope, and no row written into the other county; the
 * export role reads within the scope and writes nothing. */
static void test_rls(void **state)
{
    (void)state;
    static const char *const both = "SELECT (SELECT count(*) FROM guarantee_entries) || ',' ||"
                                    " (SELECT count(*) FROM labour_records)";
    char want[64], *all;
    snprintf(want, sizeof(want), "%lld,%lld",
             count("SELECT count(*) FROM guarantee_entries WHERE village_code LIKE '140105%%'"),
             count("SELECT count(*) FROM labour_records WHERE village_code LIKE '140105%%'"));
    assert_true(count("SELECT count(*) FROM guarantee_entries WHERE village_code LIKE '140106%%'") >
                0);
    PGconn *pg = zt_pg_app(&srv);
    expect(pg, both, "0,0");
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
    expect(pg, both, want);
    expect(pg, "UPDATE guarantee_entries SET note = 'x' WHERE village_code = '" VC "' RETURNING id",
           "");
    expect(pg,
           "INSERT INTO guarantee_entries (village_code, kind, on_date, status)"
           " VALUES ('" VC "', 'water', '2026-01-05', 'quality')",
           "ERROR 42501");
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true),"
                 " set_config('role', 'zhucun_export', true)"));
    expect(pg, both, want);
    expect(pg, "UPDATE labour_records SET note = 'x'", "ERROR 42501");
    free(one(pg, "ROLLBACK"));
    expect(pg, both, "0,0"); /* the setting lasted the transaction */
    PQfinish(pg);
    all = zt_sql(&srv, both);
    assert_true(strcmp(all, "0,0") != 0);
    free(all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compulsory_age_sql_agrees_with_c),
        cmocka_unit_test(test_each_gap_opens_and_closes),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_keyed_writes_once),
        cmocka_unit_test(test_labour_ledger),
        cmocka_unit_test(test_gap_list_agrees_with_sql),
        cmocka_unit_test(test_export_incremental),
        cmocka_unit_test(test_export_copy_equals_rows),
        cmocka_unit_test(test_rls),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
