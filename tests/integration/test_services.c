/* test_services.c -- service cases and disputes (SPEC S1; docs/services.md) through the real
 * server: a case opened, stepped and closed with its evidence and audit rows; a serious
 * illness's steps in order; a dispute's kind and mediation; money and its limits; a closed
 * case never reopened but followed by a new one; refusals with their fields and nothing
 * written; keyed writes answered once; scope (out of scope is NOT_FOUND, offices read but do
 * not write); the lists' filters and the counts against direct SQL; both tables exported
 * incrementally. */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/idcard.h"
#include "common/rules/service.h"

#define PW "correct horse battery"
#define VA "140105001001"
#define VB "140105001002"
#define VC "140106001001"

static struct zt_server srv;
static struct zc_client *county, *cadre, *cadre_b, *other_cadre, *other_county, *exporter;
static int64_t hh, hh2, hh_b, hh_other, head;
static char today[11], yesterday[11], tomorrow[11], last_week[11];
static uint8_t sha_a[32], sha_b[32];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n140106000000,迎泽区,county\n"
                          "140106001000,柳巷街道,township\n140106001001,测试三村,village\n";

#define count(...) zt_count(&srv, __VA_ARGS__)

static int64_t household(struct zc_client *office, const char *village, int serial)
{
    char id[19];
    snprintf(id, sizeof(id), "14010519800101%03d", serial);
    id[17] = rules_idcard_check_char(id);
    id[18] = '\0';
    return zt_household(office, village, "poverty_alleviated", "2020-01-01", "服务户主", id);
}

/* A stored attachment, as uploaded by every account (docs/attachments.md). */
static void attachment(uint8_t sha[32], int seed)
{
    for (int i = 0; i < 32; i++)
        sha[i] = (uint8_t)(seed * 31 + i);
    zt_attach_evidence(&srv, NULL, sha);
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "services", NULL);
    rules_date_format(zt_today(), today);
    rules_date_format(zt_today() - 1, yesterday);
    rules_date_format(zt_today() + 1, tomorrow);
    rules_date_format(zt_today() - 7, last_week);
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
    cadre_b = zt_cadre(&srv, county, zt_team(county, "village", VB, "测试二村工作队"), "cadre-b",
                       VB, "cadre", "member", 0, PW, &person);
    other_cadre =
        zt_cadre(&srv, other_county, zt_team(other_county, "village", VC, "测试三村工作队"),
                 "cadre-c", VC, "cadre", "member", 0, PW, &person);
    hh = household(county, VA, 1);
    hh2 = household(county, VA, 2);
    hh_b = household(county, VB, 3);
    hh_other = household(other_county, VC, 4);
    head = count("SELECT id FROM household_members WHERE household_id = %lld", (long long)hh);
    attachment(sha_a, 1);
    attachment(sha_b, 2);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(county);
    zc_close(cadre);
    zc_close(cadre_b);
    zc_close(other_cadre);
    zc_close(other_county);
    zc_close(exporter);
    zt_server_finish(&srv);
    return 0;
}

struct opening {
    int64_t household, member, follows;
    const char *category, *subkind, *opened;
    uint8_t *evidence;
};

static Zhucun__Code create_as(struct zc_client *c, const struct opening *o, const char *key,
                              Zhucun__Reply **out)
{
    Zhucun__ServiceCaseCreate sc = ZHUCUN__SERVICE_CASE_CREATE__INIT;
    ProtobufCBinaryData ev = {32, o->evidence};
    sc.household_id = o->household;
    sc.member_id = o->member;
    sc.category = (char *)o->category;
    sc.subkind = (char *)(o->subkind ? o->subkind : "");
    sc.opened_on = (char *)(o->opened ? o->opened : yesterday);
    sc.summary = "测试事项";
    sc.follows_id = o->follows;
    if (o->evidence != NULL) {
        sc.n_evidence = 1;
        sc.evidence = &ev;
    }
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.idempotency_key = (char *)(key ? key : "");
    req.body_case = ZHUCUN__REQUEST__BODY_SERVICE_CASE_CREATE;
    req.service_case_create = &sc;
    return zt_call(c, &req, out);
}

static int64_t create(const struct opening *o)
{
    Zhucun__Reply *reply = NULL;
    if (create_as(cadre, o, NULL, &reply) != ZHUCUN__CODE__OK)
        fail_msg("%s: %s", o->category, reply->status->message);
    int64_t id = reply->service_case_create->id;
    zc_reply_free(reply);
    return id;
}

static Zhucun__Code step_as(struct zc_client *c, int64_t id, const char *step, const char *on,
                            const char *key, Zhucun__Reply **out)
{
    Zhucun__ServiceCaseStep st = ZHUCUN__SERVICE_CASE_STEP__INIT;
    st.case_id = id;
    st.step = (char *)step;
    st.on_date = (char *)on;
    st.note = "进展说明";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.idempotency_key = (char *)(key ? key : "");
    req.body_case = ZHUCUN__REQUEST__BODY_SERVICE_CASE_STEP;
    req.service_case_step = &st;
    return zt_call(c, &req, out);
}

static Zhucun__Code close_as(struct zc_client *c, int64_t id, const char *on, const char *mediation,
                             long long fen, uint8_t *evidence, const char *key, Zhucun__Reply **out)
{
    Zhucun__ServiceCaseClose cl = ZHUCUN__SERVICE_CASE_CLOSE__INIT;
    ProtobufCBinaryData ev = {32, evidence};
    cl.case_id = id;
    cl.closed_on = (char *)on;
    cl.outcome = "已办结";
    cl.mediation = (char *)(mediation ? mediation : "");
    cl.amount_fen = fen;
    if (evidence != NULL) {
        cl.n_evidence = 1;
        cl.evidence = &ev;
    }
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.idempotency_key = (char *)(key ? key : "");
    req.body_case = ZHUCUN__REQUEST__BODY_SERVICE_CASE_CLOSE;
    req.service_case_close = &cl;
    return zt_call(c, &req, out);
}

static void ok(Zhucun__Code got, Zhucun__Reply **reply)
{
    if (got != ZHUCUN__CODE__OK)
        fail_msg("%s", (*reply)->status->message);
    zc_reply_free(*reply);
    *reply = NULL;
}

static Zhucun__Code show_as(struct zc_client *c, int64_t id, Zhucun__Reply **out)
{
    Zhucun__ServiceCaseShow ss = ZHUCUN__SERVICE_CASE_SHOW__INIT;
    ss.id = id;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_SERVICE_CASE_SHOW;
    req.service_case_show = &ss;
    return zt_call(c, &req, out);
}

/* Opened with evidence, a step, closed with more: show has it all, each write audited once
 * (and each link by its hash); a retried create with its key is the first answer; a closed
 * case takes no step and no second close. */
static void test_case_lifecycle(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    struct opening o = {.household = hh,
                        .member = head,
                        .category = "medical_reimbursement",
                        .opened = last_week,
                        .evidence = sha_a};
    long long audits = count("SELECT count(*) FROM audit WHERE action LIKE 'service.%%'");
    assert_int_equal(create_as(cadre, &o, "svc-key-1", &reply), ZHUCUN__CODE__OK);
    int64_t id = reply->service_case_create->id;
    zc_reply_free(reply);
    assert_int_equal(create_as(cadre, &o, "svc-key-1", &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->service_case_create->id, id);
    zc_reply_free(reply);
    assert_int_equal(
        count("SELECT count(*) FROM service_cases WHERE household_id = %lld", (long long)hh), 1);
    ok(step_as(cadre, id, "progress", yesterday, "svc-key-2", &reply), &reply);
    ok(step_as(cadre, id, "progress", yesterday, "svc-key-2", &reply), &reply);
    ok(close_as(cadre, id, today, NULL, 123456, sha_b, "svc-key-3", &reply), &reply);
    ok(close_as(cadre, id, today, NULL, 123456, sha_b, "svc-key-3", &reply), &reply);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action LIKE 'service.%%'"),
                     audits + 3);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'attachment.link'"
                           " AND object = 'service_case:%lld'",
                           (long long)id),
                     2);
    assert_int_equal(show_as(cadre, id, &reply), ZHUCUN__CODE__OK);
    const Zhucun__ServiceCaseShowReply *s = reply->service_case_show;
    assert_string_equal(s->service_case->category, "medical_reimbursement");
    assert_int_equal(s->service_case->member_id, head);
    assert_string_equal(s->service_case->opened_on, last_week);
    assert_string_equal(s->service_case->closed_on, today);
    assert_int_equal(s->service_case->amount_fen, 123456);
    assert_int_equal(s->service_case->steps, 1);
    assert_string_equal(s->service_case->handler_name, "演示队员");
    assert_int_equal(s->n_steps, 1);
    assert_string_equal(s->steps[0]->on_date, yesterday);
    assert_int_equal(s->n_evidence, 2);
    assert_memory_equal(s->evidence[0].data, sha_a, 32);
    assert_memory_equal(s->evidence[1].data, sha_b, 32);
    zc_reply_free(reply);
    /* closed stays closed */
    zt_assert_refused(step_as(cadre, id, "progress", today, NULL, &reply), &reply,
                      ZHUCUN__CODE__FAILED_PRECONDITION, "case_id");
    zt_assert_refused(close_as(cadre, id, today, NULL, 0, NULL, NULL, &reply), &reply,
                      ZHUCUN__CODE__FAILED_PRECONDITION, "case_id");
    /* a key is bound to its call */
    zt_assert_refused(step_as(cadre, id, "progress", today, "svc-key-1", &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "idempotency_key");
}

/* A serious illness: hospital contact, admission, reimbursement, in that order, once each,
 * never before the last date; other cases have progress steps only. */
static void test_serious_illness_steps(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    struct opening o = {
        .household = hh, .member = head, .category = "serious_illness", .opened = last_week};
    int64_t id = create(&o);
    zt_assert_refused(step_as(cadre, id, "admission", last_week, NULL, &reply), &reply,
                      ZHUCUN__CODE__FAILED_PRECONDITION, "step");
    ok(step_as(cadre, id, "hospital_contact", last_week, NULL, &reply), &reply);
    zt_assert_refused(step_as(cadre, id, "hospital_contact", yesterday, NULL, &reply), &reply,
                      ZHUCUN__CODE__FAILED_PRECONDITION, "step");
    zt_assert_refused(step_as(cadre, id, "reimbursement", yesterday, NULL, &reply), &reply,
                      ZHUCUN__CODE__FAILED_PRECONDITION, "step");
    ok(step_as(cadre, id, "admission", yesterday, NULL, &reply), &reply);
    zt_assert_refused(step_as(cadre, id, "progress", last_week, NULL, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "on_date");
    ok(step_as(cadre, id, "reimbursement", today, NULL, &reply), &reply);
    zt_assert_refused(close_as(cadre, id, yesterday, NULL, 0, NULL, NULL, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "closed_on");
    zt_assert_refused(step_as(cadre, id, "progress", tomorrow, NULL, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "on_date");
    ok(close_as(cadre, id, today, NULL, 5000000, NULL, NULL, &reply), &reply);
    o.category = "orphan";
    o.member = 0;
    int64_t other = create(&o);
    zt_assert_refused(step_as(cadre, other, "admission", today, NULL, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "step");
    assert_int_equal(
        count("SELECT count(*) FROM service_case_steps WHERE case_id = %lld", (long long)id), 3);
}

/* A dispute needs its kind, and when closed its mediation; money only where the category
 * carries it, to its limit; nothing is written by a refusal. */
static void test_dispute_and_money(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    struct opening o = {.household = hh2, .category = "dispute"};
    zt_assert_refused(create_as(cadre, &o, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "subkind");
    o.subkind = "neighbour";
    int64_t id = create(&o);
    zt_assert_refused(close_as(cadre, id, today, NULL, 0, NULL, NULL, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "mediation");
    zt_assert_refused(close_as(cadre, id, today, "mediated", 100, NULL, NULL, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "amount_fen");
    assert_int_equal(count("SELECT count(*) FROM service_cases WHERE id = %lld"
                           " AND closed_on IS NULL",
                           (long long)id),
                     1);
    ok(close_as(cadre, id, today, "mediated", 0, NULL, NULL, &reply), &reply);
    struct opening loan = {.household = hh2, .category = "micro_credit"};
    int64_t lid = create(&loan);
    zt_assert_refused(close_as(cadre, lid, today, "mediated", 0, NULL, NULL, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "mediation");
    zt_assert_refused(close_as(cadre, lid, today, NULL, 5000001, NULL, NULL, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "amount_fen");
    ok(close_as(cadre, lid, today, NULL, 5000000, NULL, NULL, &reply), &reply);
    /* the future, an unknown file, a member of another household */
    struct opening bad = {.household = hh2, .category = "legal_aid", .opened = tomorrow};
    zt_assert_refused(create_as(cadre, &bad, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "opened_on");
    uint8_t unknown[32] = {9};
    long long before = count("SELECT count(*) FROM service_cases");
    bad.opened = today;
    bad.evidence = unknown;
    zt_assert_refused(create_as(cadre, &bad, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "evidence");
    bad.evidence = NULL;
    bad.member = head;
    zt_assert_refused(create_as(cadre, &bad, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "member_id");
    assert_int_equal(count("SELECT count(*) FROM service_cases"), before);
}

/* A closed case is continued by a new case that names it; an open one is not, nor another
 * household's. */
static void test_follows(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    struct opening o = {.household = hh2, .category = "family_crisis", .opened = last_week};
    int64_t first = create(&o);
    o.follows = first;
    o.opened = today;
    zt_assert_refused(create_as(cadre, &o, NULL, &reply), &reply, ZHUCUN__CODE__FAILED_PRECONDITION,
                      "follows_id");
    ok(close_as(cadre, first, yesterday, NULL, 0, NULL, NULL, &reply), &reply);
    int64_t next = create(&o);
    assert_int_equal(count("SELECT follows_id FROM service_cases WHERE id = %lld", (long long)next),
                     first);
    o.household = hh;
    zt_assert_refused(create_as(cadre, &o, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "follows_id");
}

/* Written by the village's team only; read by offices in scope; out of scope does not exist. */
static void test_scope(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    struct opening o = {.household = hh, .category = "elderly_visit"};
    int64_t id = create(&o);
    assert_int_equal(create_as(county, &o, NULL, &reply), ZHUCUN__CODE__PERMISSION_DENIED);
    zc_reply_free(reply);
    zt_assert_refused(create_as(cadre_b, &o, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "household_id");
    zt_assert_refused(step_as(cadre_b, id, "progress", today, NULL, &reply), &reply,
                      ZHUCUN__CODE__NOT_FOUND, "case_id");
    zt_assert_refused(show_as(other_county, id, &reply), &reply, ZHUCUN__CODE__NOT_FOUND, "id");
    zt_assert_refused(show_as(cadre_b, id, &reply), &reply, ZHUCUN__CODE__NOT_FOUND, "id");
    ok(show_as(county, id, &reply), &reply);
    Zhucun__ServiceCaseList sl = ZHUCUN__SERVICE_CASE_LIST__INIT;
    sl.household_id = hh;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_SERVICE_CASE_LIST;
    req.service_case_list = &sl;
    zt_assert_refused(zt_call(other_cadre, &req, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "household_id");
    sl.household_id = 0;
    sl.org_code = VA;
    zt_assert_refused(zt_call(other_county, &req, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "org_code");
    /* the lists' own refusals, each at its field */
    sl.org_code = "";
    sl.year = SERVICE_FIRST_YEAR - 1;
    zt_assert_refused(zt_call(county, &req, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "year");
    Zhucun__ServiceReport sr = ZHUCUN__SERVICE_REPORT__INIT;
    sr.by = "unit";
    req.body_case = ZHUCUN__REQUEST__BODY_SERVICE_REPORT;
    req.service_report = &sr;
    zt_assert_refused(zt_call(county, &req, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "org_code");
    sr.by = "team";
    zt_assert_refused(zt_call(county, &req, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT, "by");
}

static const Zhucun__ServiceCaseListReply *list(struct zc_client *c, Zhucun__ServiceCaseList *sl,
                                                Zhucun__Reply **reply)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_SERVICE_CASE_LIST;
    req.service_case_list = sl;
    if (zt_call(c, &req, reply) != ZHUCUN__CODE__OK)
        fail_msg("%s", (*reply)->status->message);
    return (*reply)->service_case_list;
}

/* The lists' filters and the report's counts, each against a direct SQL count. */
static void test_lists_and_report(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    struct opening o = {.household = hh_b, .category = "rights", .subkind = "homestead"};
    Zhucun__Reply *r2 = NULL;
    assert_int_equal(create_as(cadre_b, &o, NULL, &r2), ZHUCUN__CODE__OK);
    zc_reply_free(r2);
    Zhucun__ServiceCaseList sl = ZHUCUN__SERVICE_CASE_LIST__INIT;
    sl.org_code = "140105000000";
    assert_int_equal(
        list(county, &sl, &reply)->n_cases,
        count("SELECT count(*) FROM service_cases WHERE village_code LIKE '140105%%'"));
    zc_reply_free(reply);
    sl.open_only = 1;
    assert_int_equal(list(county, &sl, &reply)->n_cases,
                     count("SELECT count(*) FROM service_cases WHERE village_code LIKE '140105%%'"
                           " AND closed_on IS NULL"));
    zc_reply_free(reply);
    sl.open_only = 0;
    sl.category = "dispute";
    const Zhucun__ServiceCaseListReply *l = list(county, &sl, &reply);
    assert_int_equal(l->n_cases, count("SELECT count(*) FROM service_cases"
                                       " WHERE category = 'dispute'"));
    assert_string_equal(l->cases[0]->mediation, "mediated");
    zc_reply_free(reply);
    sl.category = "";
    sl.household_id = hh_b;
    sl.org_code = "";
    assert_int_equal(list(cadre_b, &sl, &reply)->n_cases, 1);
    zc_reply_free(reply);
    /* the cadre of one village sees that village's cases */
    sl.household_id = 0;
    assert_int_equal(list(cadre, &sl, &reply)->n_cases,
                     count("SELECT count(*) FROM service_cases WHERE village_code = '%s'", VA));
    zc_reply_free(reply);
    sl.limit = 2;
    l = list(cadre, &sl, &reply);
    assert_int_equal(l->n_cases, 2);
    assert_true(l->truncated);
    zc_reply_free(reply);

    static const char *const bys[] = {"village", "unit", "cadre", "category", "month"};
    static const char *const keys[] = {"village_code", "rpad(left(village_code, 9), 12, '0')",
                                       "handler_id::text", "category",
                                       "to_char(opened_on, 'YYYY-MM')"};
    int y, m, d;
    rules_civil_from_days(zt_today(), &y, &m, &d);
    for (int b = 0; b < 5; b++) {
        Zhucun__ServiceReport sr = ZHUCUN__SERVICE_REPORT__INIT;
        sr.org_code = "140105000000";
        sr.by = (char *)bys[b];
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        req.body_case = ZHUCUN__REQUEST__BODY_SERVICE_REPORT;
        req.service_report = &sr;
        assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
        const Zhucun__ServiceReportReply *rr = reply->service_report;
        assert_int_equal(rr->n_rows,
                         count("SELECT count(DISTINCT %s) FROM service_cases WHERE village_code"
                               " LIKE '140105%%' AND extract(year FROM opened_on) = %d",
                               keys[b], y));
        for (size_t i = 0; i < rr->n_rows; i++) {
            const Zhucun__ServiceReportRow *x = rr->rows[i];
            const char *where = "village_code LIKE '140105%' AND extract(year FROM opened_on) =";
            assert_int_equal(x->opened, count("SELECT count(*) FROM service_cases WHERE %s %d"
                                              " AND %s = '%s'",
                                              where, y, keys[b], x->key));
            assert_int_equal(x->still_open,
                             count("SELECT count(*) FROM service_cases WHERE %s %d AND %s = '%s'"
                                   " AND closed_on IS NULL",
                                   where, y, keys[b], x->key));
            assert_int_equal(x->amount_fen,
                             count("SELECT coalesce(sum(amount_fen), 0) FROM service_cases"
                                   " WHERE %s %d AND %s = '%s'",
                                   where, y, keys[b], x->key));
            assert_int_equal(x->mediated,
                             count("SELECT count(*) FROM service_cases WHERE %s %d AND %s = '%s'"
                                   " AND mediation = 'mediated'",
                                   where, y, keys[b], x->key));
            assert_true(x->label[0] != '\0');
        }
        if (strcmp(bys[b], "cadre") == 0)
            assert_string_equal(rr->rows[0]->label, "演示队员");
        if (strcmp(bys[b], "unit") == 0)
            assert_string_equal(rr->rows[0]->label, "坞城街道");
        zc_reply_free(reply);
    }
}

/* Both tables exported incrementally: a first pull is every row, the next only what changed
 * (a new case; a closed one as its new version; a new step); a county's pull its own rows. */
static void test_export_incremental(void **state)
{
    (void)state;
    char c1[512], c2[512], c3[512];
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_export_rows(exporter, "service_cases", "", "", c1, sizeof(c1)),
                     count("SELECT count(*) FROM service_cases"));
    assert_int_equal(zt_export_rows(exporter, "service_case_steps", "", "", c2, sizeof(c2)),
                     count("SELECT count(*) FROM service_case_steps"));
    assert_int_equal(zt_export_rows(exporter, "service_cases", "", c1, c3, sizeof(c3)), 0);
    struct opening o = {.household = hh, .category = "wedding_funeral"};
    int64_t id = create(&o);
    ok(step_as(cadre, id, "progress", today, NULL, &reply), &reply);
    ok(close_as(cadre, id, today, NULL, 0, NULL, NULL, &reply), &reply);
    struct opening other = {.household = hh, .category = "orphan"};
    create(&other);
    assert_int_equal(zt_export_rows(exporter, "service_cases", "", c1, c3, sizeof(c3)), 2);
    assert_int_equal(zt_export_rows(exporter, "service_case_steps", "", c2, c3, sizeof(c3)), 1);
    assert_int_equal(
        zt_export_rows(other_county, "service_cases", "140106000000", "", c3, sizeof(c3)),
        count("SELECT count(*) FROM service_cases WHERE village_code LIKE '140106%%'"));
}

/* The first column of the first row of sql as the application role, or "ERROR <sqlstate>". */
static void app_expect(PGconn *pg, const char *sql, const char *want)
{
    PGresult *res = PQexec(pg, sql);
    char got[64];
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0)
        snprintf(got, sizeof(got), "%s", PQgetvalue(res, 0, 0));
    else if (PQresultStatus(res) == PGRES_TUPLES_OK || PQresultStatus(res) == PGRES_COMMAND_OK)
        got[0] = '\0';
    else
        snprintf(got, sizeof(got), "ERROR %s", PQresultErrorField(res, PG_DIAG_SQLSTATE));
    PQclear(res);
    if (strcmp(got, want) != 0)
        fail_msg("%s: got \"%s\", want \"%s\"", sql, got, want);
}

/* Row-level security (docs/rls.md): the application role without a caller sees no case and no
 * step; with a county's scope, that county's alone; it cannot write a case outside it. */
static void test_rls(void **state)
{
    (void)state;
    char want[32], sql[400];
    PGconn *pg = zt_pg_app(&srv);
    app_expect(pg, "SELECT count(*) FROM service_cases", "0");
    app_expect(pg, "SELECT count(*) FROM service_case_steps", "0");
    app_expect(pg, "BEGIN", "");
    app_expect(pg, "SELECT set_config('zhucun.scope', '{140106%}', true)", "{140106%}");
    snprintf(want, sizeof(want), "%lld",
             count("SELECT count(*) FROM service_cases WHERE village_code LIKE '140106%%'"));
    app_expect(pg, "SELECT count(*) FROM service_cases", want);
    snprintf(sql, sizeof(sql),
             "INSERT INTO service_cases (village_code, household_id, category, summary,"
             " handler_id, opened_on) VALUES ('%s', %lld, 'orphan', 'x', 1, '%s')",
             VA, (long long)hh, today);
    app_expect(pg, sql, "ERROR 42501");
    app_expect(pg, "ROLLBACK", "");
    app_expect(pg, "BEGIN", "");
    app_expect(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)", "{140105%}");
    snprintf(want, sizeof(want), "%lld",
             count("SELECT count(*) FROM service_case_steps WHERE village_code LIKE '140105%%'"));
    app_expect(pg, "SELECT count(*) FROM service_case_steps", want);
    app_expect(pg, "ROLLBACK", "");
    PQfinish(pg);
}

/* The categories of the C rules are the database's: each one is accepted by its CHECK. */
static void test_categories_agree(void **state)
{
    (void)state;
    for (size_t i = 0; i < service_ncategories; i++) {
        const struct service_category *c = &service_categories[i];
        struct opening o = {
            .household = hh2, .category = c->code, .subkind = c->subkinds ? c->subkinds[0] : ""};
        create(&o);
    }
    assert_int_equal(count("SELECT count(DISTINCT category) FROM service_cases"),
                     (long long)service_ncategories);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_lifecycle),
        cmocka_unit_test(test_serious_illness_steps),
        cmocka_unit_test(test_dispute_and_money),
        cmocka_unit_test(test_follows),
        cmocka_unit_test(test_scope),
        cmocka_unit_test(test_lists_and_report),
        cmocka_unit_test(test_export_incremental),
        cmocka_unit_test(test_rls),
        cmocka_unit_test(test_categories_agree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
