/* test_monitoring.c -- return-to-poverty monitoring (SPEC M1, M4; docs/monitoring.md): entry on
 * the approval engine (the village review recorded by the team captain, township, county), the
 * household's category following the decisions, measures and risks, the cadre's sign-off
 * refused naming every failing condition and accepted once they hold, the elimination's route,
 * the lists against a direct SQL count, and the incremental export of every record kind. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/date.h"

#define PW       "correct horse battery"
#define TOWNSHIP "140105001000"
#define COUNTY   "140105000000"
#define VA       "140105001001"
#define VB       "140106001001" /* another county's village */

static struct zt_server srv;
static struct zc_client *county, *township, *captain, *cadre, *exporter, *county_b;
static int64_t person_cadre, hh_unstable, hh_marginal, hh_other;
static int today;

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140106000000,迎泽区,county\n140106001000,迎泽街道,township\n"
                          "140106001001,迎泽一村,village\n";

static const char *day(int offset)
{
    static char ring[16][11];
    static int next;
    char *out = ring[next++ % 16];
    rules_date_format(today + offset, out);
    return out;
}

static struct zc_client *office(const char *username, const char *role, const char *scope)
{
    assert_int_equal(zt_useradd(&srv, username, PW, role, scope, 0), 0);
    return zt_login(&srv, username, PW, NULL);
}

static long long num(const char *sql)
{
    char *v = zt_sql(&srv, sql);
    long long n = atoll(v);
    free(v);
    return n;
}

/* A household registered since 2020 with its category, by SQL. */
static int64_t household(const char *village, const char *head, const char *category)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "WITH h AS (INSERT INTO households (village_code, head_name, since)"
             " VALUES ('%s', '%s', '2020-01-01') RETURNING id)"
             " INSERT INTO household_states (household_id, valid_from, category, absent)"
             " SELECT id, '2020-01-01', '%s', false FROM h RETURNING household_id",
             village, head, category);
    return num(sql);
}

static int setup(void **state)
{
    (void)state;
    today = zt_today();
    zt_server_start(&srv, "monitoring", NULL);
    struct zc_client *prov = office("prov", "province_office", "140000000000");
    zt_org_import(prov, tree);
    zc_close(prov);
    county = office("xiaodian", "county_office", COUNTY);
    county_b = office("yingze", "county_office", "140106000000");
    township = office("wucheng", "township", TOWNSHIP);
    exporter = office("exporter", "exporter", "140000000000");
    int64_t team = zt_team(county, "village", VA, "测试一村工作队");
    int64_t person_captain;
    captain = zt_cadre(&srv, county, team, "captain", VA, "team_captain", "captain", 0, PW,
                       &person_captain);
    cadre = zt_cadre(&srv, county, team, "cadre", VA, "cadre", "member", 0, PW, &person_cadre);
    hh_unstable = household(VA, "张一", "poverty_alleviated");
    hh_marginal = household(VA, "李二", "ordinary");
    hh_other = household(VB, "王三", "poverty_alleviated");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct zc_client *all[] = {county, township, captain, cadre, exporter, county_b};
    for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++)
        zc_close(all[i]);
    zt_server_finish(&srv);
    return 0;
}

/* The last refusal's first field and message: the server's, or the client library's own
 * check's (the same words, common/rules/monitoring.c). */
static struct zc_error last;

/* Sends req with key (NULL: none); returns the code, the reply in *out when out is not NULL. */
static Zhucun__Code call(struct zc_client *c, Zhucun__Request *req, const char *key,
                         Zhucun__Reply **out)
{
    if (key != NULL)
        req->idempotency_key = (char *)key;
    req->id = 0;
    Zhucun__Reply *reply = NULL;
    memset(&last, 0, sizeof(last));
    Zhucun__Code code = zc_call(c, req, &reply, &last) == 0 ? ZHUCUN__CODE__OK : last.code;
    if (out != NULL)
        *out = reply;
    else
        zc_reply_free(reply);
    return code;
}

/* The field the last refusal names first ("" for none). */
static const char *field_of(const Zhucun__Reply *reply)
{
    (void)reply;
    return last.field;
}

static Zhucun__Code enter(struct zc_client *c, int64_t hh, const char *kind, const char *risk,
                          const char *text, int64_t *case_id, int64_t *approval,
                          Zhucun__Reply **out)
{
    Zhucun__MonitorRiskInput r1 = ZHUCUN__MONITOR_RISK_INPUT__INIT, r2 = r1;
    r1.risk = (char *)risk;
    r1.text = (char *)text;
    r2.risk = "illness";
    Zhucun__MonitorRiskInput *rs[2] = {&r1, &r2};
    Zhucun__MonitorEnter me = ZHUCUN__MONITOR_ENTER__INIT;
    me.household_id = hh;
    me.kind = (char *)kind;
    me.found_by = "screening";
    me.found_on = (char *)day(-1);
    me.risks = rs;
    me.n_risks = strcmp(risk, "illness") == 0 ? 1 : 2;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_MONITOR_ENTER;
    req.monitor_enter = &me;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = call(c, &req, NULL, &reply);
    if (code == ZHUCUN__CODE__OK) {
        *case_id = reply->monitor_enter->case_id;
        *approval = reply->monitor_enter->approval_id;
    }
    if (out != NULL)
        *out = reply;
    else
        zc_reply_free(reply);
    return code;
}

/* The pending step of approval aid (0 when none). */
static int64_t pending_step(int64_t aid)
{
    char sql[160];
    snprintf(sql, sizeof(sql),
             "SELECT coalesce(max(id), 0) FROM approval_steps WHERE approval_id = %lld"
             " AND status = 'pending'",
             (long long)aid);
    return num(sql);
}

static Zhucun__Code decide(struct zc_client *c, int64_t step, Zhucun__Reply **out)
{
    Zhucun__Decide d = ZHUCUN__DECIDE__INIT;
    d.step_id = step;
    d.decision = "approve";
    d.channel = "system";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DECIDE;
    req.decide = &d;
    return call(c, &req, NULL, out);
}

static Zhucun__Code review(struct zc_client *c, int64_t step, const char *evidence,
                           Zhucun__Reply **out)
{
    Zhucun__MonitorReview mr = ZHUCUN__MONITOR_REVIEW__INIT;
    mr.step_id = step;
    mr.review_date = (char *)day(-1);
    mr.notice_first = (char *)day(-1);
    mr.notice_last = (char *)day(0);
    mr.evidence = (char *)evidence;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_MONITOR_REVIEW;
    req.monitor_review = &mr;
    return call(c, &req, NULL, out);
}

/* The whole route of approval aid: the captain's review, the township, the county. */
static void route(int64_t aid)
{
    Zhucun__Reply *reply = NULL;
    assert_int_equal(
        review(captain, pending_step(aid), "村民代表会议记录第3号，村务公开栏公示", &reply),
        ZHUCUN__CODE__OK);
    assert_string_equal(reply->monitor_review->status, "pending");
    zc_reply_free(reply);
    assert_int_equal(decide(township, pending_step(aid), NULL), ZHUCUN__CODE__OK);
    assert_int_equal(decide(county, pending_step(aid), NULL), ZHUCUN__CODE__OK);
    assert_int_equal(pending_step(aid), 0);
}

static Zhucun__Reply *show(struct zc_client *c, int64_t case_id)
{
    Zhucun__MonitorShow ms = ZHUCUN__MONITOR_SHOW__INIT;
    ms.case_id = case_id;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_MONITOR_SHOW;
    req.monitor_show = &ms;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(call(c, &req, NULL, &reply), ZHUCUN__CODE__OK);
    return reply;
}

static Zhucun__Code sign_off(struct zc_client *c, int64_t case_id, const char *key,
                             Zhucun__Reply **out)
{
    Zhucun__MonitorSignOff so = ZHUCUN__MONITOR_SIGN_OFF__INIT;
    so.case_id = case_id;
    so.note = "收入稳定，风险已消除";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_MONITOR_SIGN_OFF;
    req.monitor_sign_off = &so;
    return call(c, &req, key, out);
}

/* A housing appraisal graded C without renovation: a gap of the three guarantees of
 * household hh (0060's zc_household_gaps); returns the entry's id. */
static long long housing_gap(int64_t hh)
{
    char sql[400];
    snprintf(sql, sizeof(sql),
             "INSERT INTO guarantee_entries (village_code, household_id, kind, on_date, status,"
             " renovation) SELECT village_code, id, 'housing', zc_today() - 10, 'C', 'none'"
             " FROM households WHERE id = %lld RETURNING id",
             (long long)hh);
    return num(sql);
}

static int64_t case_unstable, entry_unstable;

/* Entering: refused inputs name their field; the route runs through the village review (the
 * captain cannot approve the village step without recording it), township and county; the
 * household is 'monitored' from the decision. */
static void test_entry(void **state)
{
    (void)state;
    int64_t cid = 0, aid = 0;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(enter(cadre, hh_unstable, "poor", "illness", "", &cid, &aid, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field_of(reply), "kind");
    zc_reply_free(reply);
    assert_int_equal(enter(cadre, hh_unstable, "unstable", "other", "", &cid, &aid, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field_of(reply), "risks[0].text");
    zc_reply_free(reply);
    /* Another county's household does not exist for this cadre. */
    assert_int_equal(enter(cadre, hh_other, "unstable", "illness", "", &cid, &aid, &reply),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_string_equal(field_of(reply), "household_id");
    zc_reply_free(reply);

    assert_int_equal(
        enter(cadre, hh_unstable, "unstable", "other", "家中老人长期卧床", &cid, &aid, NULL),
        ZHUCUN__CODE__OK);
    assert_true(cid > 0 && aid > 0);
    case_unstable = cid;
    entry_unstable = aid;
    int64_t again = 0;
    assert_int_equal(enter(cadre, hh_unstable, "unstable", "illness", "", &again, &aid, &reply),
                     ZHUCUN__CODE__ALREADY_EXISTS);
    assert_string_equal(field_of(reply), "household_id");
    zc_reply_free(reply);
    aid = entry_unstable;

    /* The village step is the captain's, through the engine's queue. */
    Zhucun__QueueList ql = ZHUCUN__QUEUE_LIST__INIT;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_QUEUE_LIST;
    req.queue_list = &ql;
    assert_int_equal(call(captain, &req, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->queue_list->n_items, 1);
    assert_string_equal(reply->queue_list->items[0]->subject_kind, "monitor_entry");
    assert_int_equal(reply->queue_list->items[0]->subject_id, cid);
    zc_reply_free(reply);
    /* Decide alone cannot pass it: the review is recorded first. */
    assert_int_equal(decide(captain, pending_step(aid), &reply), ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_string_equal(field_of(reply), "step_id");
    zc_reply_free(reply);
    /* Only the step's captain records it; a cadre may not. */
    assert_int_equal(review(cadre, pending_step(aid), "记录", NULL),
                     ZHUCUN__CODE__PERMISSION_DENIED);
    assert_int_equal(review(captain, pending_step(aid), "", &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field_of(reply), "evidence");
    zc_reply_free(reply);
    /* Pending: the household keeps its category. */
    char sql[256];
    snprintf(sql, sizeof(sql), "SELECT category FROM zc_household_state_on(%lld, zc_today())",
             (long long)hh_unstable);
    char *cat = zt_sql(&srv, sql);
    assert_string_equal(cat, "poverty_alleviated");
    free(cat);
    route(aid);
    cat = zt_sql(&srv, sql);
    assert_string_equal(cat, "monitored");
    free(cat);
    reply = show(county, cid);
    const Zhucun__MonitorCase *c = reply->monitor_case;
    assert_string_equal(c->status, "monitored");
    assert_string_equal(c->entered_on, day(0));
    assert_int_equal(c->n_risks, 2);
    assert_int_equal(c->n_reviews, 1);
    assert_int_equal(c->n_categories, 2);
    assert_string_equal(c->categories[1]->category, "monitored");
    zc_reply_free(reply);
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit WHERE action = 'monitor.enter'");
    assert_int_equal(num(sql), 1);
}

/* The sign-off is refused naming every failing condition at once (the open risks and the open
 * measure, each a FieldError), accepted once they hold, keyed; the elimination runs the same
 * route and the household returns to 脱贫户 with 风险已消除 in its history. */
static void test_sign_off(void **state)
{
    (void)state;
    int64_t cid = case_unstable;
    /* A measure, open. */
    Zhucun__MeasureAdd ma = ZHUCUN__MEASURE_ADD__INIT;
    ma.case_id = cid;
    ma.kind = "health";
    ma.description = "落实慢病签约服务和医疗救助";
    ma.responsible_id = person_cadre;
    ma.started_on = (char *)day(0);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_MEASURE_ADD;
    req.measure_add = &ma;
    Zhucun__Reply *reply = NULL;
    if (call(cadre, &req, NULL, &reply) != ZHUCUN__CODE__OK)
        fail_msg("MeasureAdd: %s (%s)", last.message, last.field);
    int64_t measure = reply->monitor_id->id;
    zc_reply_free(reply);

    /* A gap of the three guarantees, and no income sums yet. */
    long long gap = housing_gap(hh_unstable);

    /* The county office reads what blocks the elimination before anyone signs. */
    reply = show(county, cid);
    assert_int_equal(reply->monitor_case->n_blockers, 5);
    assert_string_equal(reply->monitor_case->blockers[0]->field, "income");
    zc_reply_free(reply);

    /* Every failing condition at once, each with its field. */
    assert_int_equal(sign_off(cadre, cid, "so-1", &reply), ZHUCUN__CODE__FAILED_PRECONDITION);
    const Zhucun__Status *st = reply->status;
    static const char *const want[] = {"income", "guarantees", "risks", "risks", "measures"};
    assert_int_equal(st->n_fields, 5);
    for (int i = 0; i < 5; i++)
        assert_string_equal(st->fields[i]->field, want[i]);
    assert_non_null(strstr(st->message, "收入未达标"));
    assert_non_null(strstr(st->message, "住房安全"));
    assert_non_null(strstr(st->message, "因病"));
    assert_non_null(strstr(st->message, "家中老人长期卧床"));
    assert_non_null(strstr(st->message, "落实慢病签约服务"));
    zc_reply_free(reply);
    assert_int_equal(num("SELECT count(*) FROM monitoring_eliminations"), 0);
    /* An office is not the village's team: it may not sign. */
    assert_int_equal(sign_off(county, cid, NULL, NULL), ZHUCUN__CODE__PERMISSION_DENIED);

    /* The measure ends: it is no longer named. */
    Zhucun__MeasureClose mc = ZHUCUN__MEASURE_CLOSE__INIT;
    mc.measure_id = measure;
    mc.ended_on = (char *)day(0);
    mc.outcome = "已纳入医疗救助，自付比例降到10%以下";
    req.body_case = ZHUCUN__REQUEST__BODY_MEASURE_CLOSE;
    req.measure_close = &mc;
    assert_int_equal(call(cadre, &req, NULL, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(call(cadre, &req, NULL, &reply), ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_string_equal(field_of(reply), "measure_id");
    zc_reply_free(reply);
    assert_int_equal(sign_off(cadre, cid, "so-1", &reply), ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(reply->status->n_fields, 4);
    assert_string_equal(reply->status->fields[0]->field, "income");
    assert_string_equal(reply->status->fields[3]->field, "risks");
    zc_reply_free(reply);

    /* Six months stably above the line: income is no longer named. */
    zt_income_met(&srv, hh_unstable);
    assert_int_equal(sign_off(cadre, cid, "so-1", &reply), ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(reply->status->n_fields, 3);
    assert_string_equal(reply->status->fields[0]->field, "guarantees");
    zc_reply_free(reply);

    /* The renovation done: the three guarantees are secured. */
    char sql[200];
    snprintf(sql, sizeof(sql),
             "UPDATE guarantee_entries SET resolved_on = zc_today(), resolution = '改造完成'"
             " WHERE id = %lld RETURNING id",
             gap);
    free(zt_sql(&srv, sql));
    assert_int_equal(sign_off(cadre, cid, "so-1", &reply), ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(reply->status->n_fields, 2);
    assert_string_equal(reply->status->fields[0]->field, "risks");
    assert_string_equal(reply->status->fields[1]->field, "risks");
    zc_reply_free(reply);

    /* Each risk closed: then the sign-off goes through, once for its key. */
    reply = show(cadre, cid);
    int64_t risks[2] = {reply->monitor_case->risks[0]->id, reply->monitor_case->risks[1]->id};
    zc_reply_free(reply);
    Zhucun__MonitorRiskClose rc = ZHUCUN__MONITOR_RISK_CLOSE__INIT;
    rc.closed_on = (char *)day(0);
    rc.note = "病情稳定，医疗费用有保障";
    req.body_case = ZHUCUN__REQUEST__BODY_MONITOR_RISK_CLOSE;
    req.monitor_risk_close = &rc;
    for (int i = 0; i < 2; i++) {
        rc.risk_id = risks[i];
        assert_int_equal(call(cadre, &req, NULL, NULL), ZHUCUN__CODE__OK);
    }
    assert_int_equal(sign_off(cadre, cid, "so-1", &reply), ZHUCUN__CODE__OK);
    int64_t elim = reply->monitor_sign_off->elimination_id;
    int64_t aid = reply->monitor_sign_off->approval_id;
    assert_true(elim > 0 && aid > 0);
    zc_reply_free(reply);
    assert_int_equal(sign_off(cadre, cid, "so-1", &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->monitor_sign_off->elimination_id, elim);
    assert_int_equal(reply->monitor_sign_off->approval_id, aid);
    zc_reply_free(reply);
    assert_int_equal(num("SELECT count(*) FROM audit WHERE action = 'monitor.sign_off'"), 1);
    assert_int_equal(sign_off(cadre, cid, NULL, &reply), ZHUCUN__CODE__ALREADY_EXISTS);
    zc_reply_free(reply);

    /* The entry's day lies in the past when the elimination is decided. */
    snprintf(sql, sizeof(sql),
             "UPDATE household_states SET valid_from = valid_from - 60 WHERE household_id = %lld"
             " AND category = 'monitored'",
             (long long)hh_unstable);
    free(zt_sql(&srv, sql));
    route(aid);
    reply = show(county, cid);
    const Zhucun__MonitorCase *c = reply->monitor_case;
    assert_string_equal(c->status, "eliminated");
    assert_string_equal(c->eliminated_on, day(0));
    assert_int_equal(c->n_eliminations, 1);
    assert_string_equal(c->eliminations[0]->status, "approved");
    assert_int_equal(c->n_reviews, 2);
    assert_int_equal(c->n_categories, 3);
    assert_string_equal(c->categories[1]->category, "monitored");
    assert_string_equal(c->categories[2]->category, "poverty_alleviated");
    assert_non_null(strstr(c->categories[2]->note, "风险已消除"));
    zc_reply_free(reply);
}

/* A 边缘易致贫户 returns to 一般农户; a refused entry leaves the household as it was. */
static void test_marginal(void **state)
{
    (void)state;
    int64_t cid, aid;
    assert_int_equal(enter(cadre, hh_marginal, "marginal", "illness", "", &cid, &aid, NULL),
                     ZHUCUN__CODE__OK);
    route(aid);
    assert_int_equal(num("UPDATE household_states SET valid_from = valid_from - 30 WHERE"
                         " category = 'monitored' AND valid_from = zc_today() RETURNING 1"),
                     1);
    Zhucun__Reply *reply = show(cadre, cid);
    Zhucun__MonitorRiskClose rc = ZHUCUN__MONITOR_RISK_CLOSE__INIT;
    rc.risk_id = reply->monitor_case->risks[0]->id;
    rc.closed_on = (char *)day(0);
    rc.note = "已康复";
    zc_reply_free(reply);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_MONITOR_RISK_CLOSE;
    req.monitor_risk_close = &rc;
    assert_int_equal(call(cadre, &req, NULL, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(sign_off(cadre, cid, NULL, &reply), ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(reply->status->n_fields, 1);
    assert_string_equal(reply->status->fields[0]->field, "income");
    zc_reply_free(reply);
    zt_income_met(&srv, hh_marginal);
    assert_int_equal(sign_off(cadre, cid, NULL, &reply), ZHUCUN__CODE__OK);
    aid = reply->monitor_sign_off->approval_id;
    zc_reply_free(reply);
    route(aid);
    char sql[160];
    snprintf(sql, sizeof(sql),
             "SELECT s.category || ' ' || s.note FROM household_states s"
             " WHERE s.household_id = %lld AND s.valid_from = zc_today()",
             (long long)hh_marginal);
    char *v = zt_sql(&srv, sql);
    assert_non_null(strstr(v, "ordinary"));
    assert_non_null(strstr(v, "风险已消除"));
    free(v);
}

/* The lists agree with a direct SQL count; an org unit out of scope does not exist. */
static void test_lists(void **state)
{
    (void)state;
    /* A monitored household with a measure 4 months ago only, and one with none. */
    int64_t h1 = household(VA, "赵四", "poverty_alleviated");
    int64_t h2 = household(VA, "钱五", "ordinary");
    int64_t c1, c2, aid;
    assert_int_equal(enter(cadre, h1, "unstable", "illness", "", &c1, &aid, NULL),
                     ZHUCUN__CODE__OK);
    route(aid);
    assert_int_equal(enter(cadre, h2, "sudden", "disaster", "", &c2, &aid, NULL), ZHUCUN__CODE__OK);
    route(aid);
    char sql[400];
    snprintf(sql, sizeof(sql),
             "INSERT INTO monitoring_measures (case_id, village_code, kind, description,"
             " responsible_id, started_on, created_by) SELECT %lld, '" VA "', 'industry',"
             " '发展养殖', %lld, zc_today() - 120, (SELECT min(id) FROM users) RETURNING id",
             (long long)c1, (long long)person_cadre);
    free(zt_sql(&srv, sql));

    Zhucun__MonitorList ml = ZHUCUN__MONITOR_LIST__INIT;
    ml.org_code = COUNTY;
    ml.status = "all";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_MONITOR_LIST;
    req.monitor_list = &ml;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(call(county, &req, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(
        reply->monitor_list->n_cases,
        num("SELECT count(*) FROM monitoring_cases WHERE village_code LIKE '140105%'"));
    zc_reply_free(reply);
    ml.status = "";
    ml.kind = "sudden";
    ml.risk = "disaster";
    assert_int_equal(call(county, &req, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->monitor_list->n_cases, 1);
    assert_int_equal(reply->monitor_list->cases[0]->id, c2);
    assert_string_equal(reply->monitor_list->cases[0]->risks[0]->risk, "disaster");
    zc_reply_free(reply);
    ml.kind = "";
    ml.risk = "";
    assert_int_equal(call(county_b, &req, NULL, &reply), ZHUCUN__CODE__NOT_FOUND);
    assert_string_equal(field_of(reply), "org_code");
    zc_reply_free(reply);

    Zhucun__MonitorStale ms = ZHUCUN__MONITOR_STALE__INIT;
    ms.org_code = TOWNSHIP;
    req.body_case = ZHUCUN__REQUEST__BODY_MONITOR_STALE;
    req.monitor_stale = &ms;
    assert_int_equal(call(township, &req, NULL, &reply), ZHUCUN__CODE__OK);
    const Zhucun__MonitorStaleReply *s = reply->monitor_stale;
    assert_int_equal(s->months, 3);
    long long want = num("SELECT count(*) FROM monitoring_cases c WHERE c.status = 'monitored'"
                         " AND c.village_code LIKE '140105001%' AND NOT EXISTS (SELECT 1 FROM"
                         " monitoring_measures m WHERE m.case_id = c.id AND (m.started_on >="
                         " (zc_today() - interval '3 months')::date OR m.ended_on >="
                         " (zc_today() - interval '3 months')::date))");
    assert_int_equal(want, 2);
    assert_int_equal(s->n_cases, want);
    assert_string_equal(s->cases[0]->last_measure_on, day(-120));
    zc_reply_free(reply);
}

struct pulled {
    unsigned long long rows;
    char cursor[512];
};

static void pull(const char *kind, const char *since, struct pulled *p)
{
    p->rows = zt_export_rows(exporter, kind, "", since, p->cursor, sizeof(p->cursor));
}

/* Every record kind is exported incrementally: a first pull has every row, the next one only
 * the rows written since. */
static void test_export(void **state)
{
    (void)state;
    static const char *const kinds[] = {"monitoring_cases", "monitoring_risks",
                                        "monitoring_measures", "monitoring_reviews",
                                        "monitoring_eliminations"};
    struct pulled first[5], next;
    for (int k = 0; k < 5; k++) {
        pull(kinds[k], "", &first[k]);
        char sql[96];
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", kinds[k]);
        assert_int_equal(first[k].rows, num(sql));
        assert_true(first[k].rows > 0);
    }
    for (int k = 0; k < 5; k++) {
        pull(kinds[k], first[k].cursor, &next);
        assert_int_equal(next.rows, 0);
    }
    /* One write of each: the next pulls carry exactly it. */
    free(zt_sql(&srv, "UPDATE monitoring_cases SET note = '补记' WHERE id = (SELECT min(id)"
                      " FROM monitoring_cases)"));
    free(zt_sql(&srv, "UPDATE monitoring_risks SET close_note = '补记' WHERE id = (SELECT"
                      " min(id) FROM monitoring_risks)"));
    free(zt_sql(&srv, "UPDATE monitoring_measures SET description = '补记' WHERE id = (SELECT"
                      " min(id) FROM monitoring_measures)"));
    free(zt_sql(&srv, "UPDATE monitoring_reviews SET evidence = '补记' WHERE id = (SELECT"
                      " min(id) FROM monitoring_reviews)"));
    free(zt_sql(&srv, "UPDATE monitoring_eliminations SET note = '补记' WHERE id = (SELECT"
                      " min(id) FROM monitoring_eliminations)"));
    for (int k = 0; k < 5; k++) {
        pull(kinds[k], first[k].cursor, &next);
        if (next.rows != 1)
            fail_msg("%s: %llu rows after one update", kinds[k], next.rows);
    }
}

/* The first column of the first row of sql on pg, or "ERROR <sqlstate>". */
static char *pg_one(PGconn *pg, const char *sql)
{
    PGresult *res = PQexec(pg, sql);
    char *v;
    if (PQresultStatus(res) == PGRES_TUPLES_OK || PQresultStatus(res) == PGRES_COMMAND_OK)
        v = strdup(PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "");
    else
        v = strdup("ERROR");
    PQclear(res);
    return v;
}

/* Row-level security (docs/rls.md): the application's role sees no monitoring row without a
 * caller, none of another county's with its scope, all of its own; it cannot write a row
 * outside the scope. */
static void test_rls(void **state)
{
    (void)state;
    static const char *counts =
        "SELECT (SELECT count(*) FROM monitoring_cases) || ',' || (SELECT count(*) FROM"
        " monitoring_risks) || ',' || (SELECT count(*) FROM monitoring_measures) || ',' ||"
        " (SELECT count(*) FROM monitoring_reviews) || ',' || (SELECT count(*) FROM"
        " monitoring_eliminations)";
    char *all = zt_sql(&srv, counts);
    assert_null(strstr(all, ",0"));
    PGconn *pg = zt_pg_app(&srv);
    char *v = pg_one(pg, counts);
    assert_string_equal(v, "0,0,0,0,0");
    free(v);
    free(pg_one(pg, "BEGIN"));
    free(pg_one(pg, "SELECT set_config('zhucun.scope', '{140106%}', true)"));
    v = pg_one(pg, counts);
    assert_string_equal(v, "0,0,0,0,0");
    free(v);
    free(pg_one(pg, "ROLLBACK"));
    free(pg_one(pg, "BEGIN"));
    free(pg_one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
    v = pg_one(pg, counts);
    assert_string_equal(v, all);
    free(v);
    v = pg_one(pg, "UPDATE monitoring_cases SET village_code = '" VB "' RETURNING id");
    assert_string_equal(v, "ERROR");
    free(v);
    free(pg_one(pg, "ROLLBACK"));
    PQfinish(pg);
    free(all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entry),    cmocka_unit_test(test_sign_off),
        cmocka_unit_test(test_marginal), cmocka_unit_test(test_lists),
        cmocka_unit_test(test_export),   cmocka_unit_test(test_rls),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
