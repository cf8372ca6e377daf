/* test_construction.c -- a project's construction and its disbursements (SPEC P2; issue 21;
 * docs/construction.md): tasks late first on the pinned clock, the quarter's focus replaced,
 * progress that does not go back without a correction, the `completed` status check, targets
 * met or not; disbursements within the budget and the progress — parallel requests and
 * parallel approvals judged one after the other with the project locked, a retry applied
 * once, the routes by amount, a rejection freeing its amount, the database's last line
 * refusing a direct insert past the budget; the scope (another county, a unit's
 * administrator), the lists with their totals, the exports. */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/construction.h"
#include "common/rules/date.h"

#define PW       "correct horse battery"
#define COUNTY   "140105000000"
#define TOWNSHIP "140105001000"
#define VA       "140105001001"
#define VC       "140106001001"
#define RACERS   8

static struct zt_server srv;
static struct zc_client *county, *other_county, *city, *township, *captain, *uadmin, *exporter;
static int64_t unit1;
static char today[11];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,施工一村,village\n"
                          "140106000000,迎泽区,county\n140106001000,柳巷街道,township\n"
                          "140106001001,施工三村,village\n";

#define count(...) zt_count(&srv, __VA_ARGS__)

static void day_text(int delta, char out[11])
{
    rules_date_format(zt_today() + delta, out);
}

/* The id a write answered with (0 when refused). */
static int64_t written(struct zc_client *c, int bc, void *body, const char *key)
{
    Zhucun__Reply *reply;
    if (zt_call_body(c, bc, body, key, NULL, &reply) != ZHUCUN__CODE__OK)
        fail_msg("write %d refused", bc);
    int64_t id = reply->build_write->id;
    zc_reply_free(reply);
    return id;
}

/* The audit entries of action about project p. */
static long long audited(const char *action, int64_t p)
{
    return count("SELECT count(*) FROM audit WHERE action = '%s' AND object = 'project:%lld'",
                 action, (long long)p);
}

static struct zc_client *office(const char *username, const char *role, const char *scope,
                                int64_t unit)
{
    assert_int_equal(zt_useradd(&srv, username, PW, role, scope, 0), 0);
    if (unit > 0) {
        char sql[256];
        snprintf(sql, sizeof(sql),
                 "UPDATE role_grants SET unit_id = %lld WHERE user_id = (SELECT id FROM users"
                 " WHERE username = '%s')",
                 (long long)unit, username);
        free(zt_sql(&srv, sql));
    }
    return zt_login(&srv, username, PW, NULL);
}

/* A project of village in status with budget fen (unit: its responsible unit, 0 none). */
static int64_t project(const char *village, const char *status, long long budget, int64_t unit)
{
    char u[24] = "NULL", sql[1024];
    if (unit > 0)
        snprintf(u, sizeof(u), "%lld", (long long)unit);
    snprintf(sql, sizeof(sql),
             "WITH p AS (INSERT INTO projects (village_code, name, kind, year, budget_fen,"
             " responsible, unit_id, planned_start, planned_end, status, status_on, status_reason)"
             " VALUES ('%s', '村道硬化工程', 'infrastructure', 2026, %lld, '小店区交通局', %s,"
             " '2026-01-01', '2027-12-31', '%s', '2026-01-01', '%s') RETURNING id, village_code)"
             " INSERT INTO project_villages (project_id, village_code, lead_code)"
             " SELECT id, village_code, village_code FROM p RETURNING project_id",
             village, budget, u, status, strcmp(status, "cancelled") == 0 ? "资金未落实" : "");
    char *id = zt_sql(&srv, sql);
    int64_t v = strtoll(id, NULL, 10);
    free(id);
    return v;
}

static int64_t report(struct zc_client *c, int64_t proj, unsigned percent, const char *correction,
                      Zhucun__Code want, const char *field)
{
    Zhucun__ProjectProgressReport p = ZHUCUN__PROJECT_PROGRESS_REPORT__INIT;
    p.project_id = proj;
    p.on_date = today;
    p.percent = percent;
    p.narrative = "路基完成，正在铺设面层";
    p.correction = (char *)correction;
    Zhucun__Reply *reply;
    assert_int_equal(
        zt_call_body(c, ZHUCUN__REQUEST__BODY_PROJECT_PROGRESS_REPORT, &p, NULL, field, &reply),
        want);
    int64_t id = want == ZHUCUN__CODE__OK ? reply->build_write->id : 0;
    zc_reply_free(reply);
    return id;
}

static Zhucun__Code disburse(struct zc_client *c, int64_t proj, int64_t progress, long long fen,
                             const char *key, const char *field, int64_t *id, int64_t *approval)
{
    Zhucun__DisbursementRequest d = ZHUCUN__DISBURSEMENT_REQUEST__INIT;
    d.project_id = proj;
    d.progress_id = progress;
    d.amount_fen = fen;
    d.payee = "山西路桥建设有限公司";
    Zhucun__Reply *reply;
    Zhucun__Code rc =
        zt_call_body(c, ZHUCUN__REQUEST__BODY_DISBURSEMENT_REQUEST, &d, key, field, &reply);
    if (rc == ZHUCUN__CODE__OK) {
        if (id != NULL)
            *id = reply->build_write->id;
        if (approval != NULL)
            *approval = reply->build_write->approval_id;
    }
    zc_reply_free(reply);
    return rc;
}

/* The open step of approval (its only pending one). */
static int64_t open_step(int64_t approval)
{
    return count("SELECT id FROM approval_steps WHERE approval_id = %lld AND status = 'pending'",
                 (long long)approval);
}

static Zhucun__Code decide(struct zc_client *c, int64_t step, const char *decision,
                           const char *field)
{
    Zhucun__Decide d = ZHUCUN__DECIDE__INIT;
    d.step_id = step;
    d.decision = (char *)decision;
    d.reason = strcmp(decision, "approve") == 0 ? "" : "材料不全";
    return zt_call_body(c, ZHUCUN__REQUEST__BODY_DECIDE, &d, NULL, field, NULL);
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "construction", NULL);
    day_text(0, today);
    struct zc_client *prov = office("prov", "province_office", "140000000000", 0);
    zt_org_import(prov, tree);
    unit1 = zt_unit(prov, "小店区交通运输局", "county", COUNTY);
    zc_close(prov);
    county = office("xiaodian", "county_office", COUNTY, 0);
    other_county = office("yingze", "county_office", "140106000000", 0);
    city = office("taiyuan", "city_office", "140100000000", 0);
    township = office("wucheng", "township", TOWNSHIP, 0);
    uadmin = office("jiaotong", "unit_admin", COUNTY, unit1);
    exporter = office("exporter", "exporter", "140000000000", 0);
    int64_t team = zt_team(county, "village", VA, "施工一村工作队");
    int64_t person;
    captain =
        zt_cadre(&srv, county, team, "captain", VA, "team_captain", "captain", 0, PW, &person);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(county);
    zc_close(other_county);
    zc_close(city);
    zc_close(township);
    zc_close(uadmin);
    zc_close(captain);
    zc_close(exporter);
    zt_server_finish(&srv);
    return 0;
}

static Zhucun__Code task(struct zc_client *c, int64_t proj, const char *name, int ps, int pe,
                         int as, int ae, const char *key, const char *field, int64_t *id)
{
    char d_ps[11], d_pe[11], d_as[11] = "", d_ae[11] = "";
    day_text(ps, d_ps);
    day_text(pe, d_pe);
    if (as != 99)
        day_text(as, d_as);
    if (ae != 99)
        day_text(ae, d_ae);
    Zhucun__ProjectTaskAdd t = ZHUCUN__PROJECT_TASK_ADD__INIT;
    t.project_id = proj;
    t.name = (char *)name;
    t.responsible = "王建国";
    t.planned_start = d_ps;
    t.planned_end = d_pe;
    t.actual_start = d_as;
    t.actual_end = d_ae;
    Zhucun__Reply *reply;
    Zhucun__Code rc =
        zt_call_body(c, ZHUCUN__REQUEST__BODY_PROJECT_TASK_ADD, &t, key, field, &reply);
    if (rc == ZHUCUN__CODE__OK && id != NULL)
        *id = reply->build_write->id;
    zc_reply_free(reply);
    return rc;
}

/* The task list: late first (not done past its end, or not started past its start), then by
 * planned end; the refusals; a retried add applied once. */
static void test_tasks(void **state)
{
    (void)state;
    int64_t p = project(VA, "construction", 100000000, 0);
    int64_t later, done, late, unstarted, running, again;
    assert_int_equal(task(captain, p, "桥涵施工", 10, 40, 99, 99, NULL, NULL, &later),
                     ZHUCUN__CODE__OK);
    assert_int_equal(task(captain, p, "路基开挖", -30, -5, -30, -6, NULL, NULL, &done),
                     ZHUCUN__CODE__OK);
    assert_int_equal(task(township, p, "面层铺设", -20, -1, -19, 99, NULL, NULL, &late),
                     ZHUCUN__CODE__OK);
    assert_int_equal(task(county, p, "排水沟", -3, 20, 99, 99, NULL, NULL, &unstarted),
                     ZHUCUN__CODE__OK);
    assert_int_equal(task(county, p, "护栏安装", 0, 5, 0, 99, "task-key-1", NULL, &running),
                     ZHUCUN__CODE__OK);
    assert_int_equal(task(county, p, "护栏安装", 0, 5, 0, 99, "task-key-1", NULL, &again),
                     ZHUCUN__CODE__OK);
    assert_int_equal(again, running);
    assert_int_equal(
        count("SELECT count(*) FROM project_tasks WHERE project_id = %lld", (long long)p), 5);
    Zhucun__ProjectPlanShow s = ZHUCUN__PROJECT_PLAN_SHOW__INIT;
    s.project_id = p;
    Zhucun__Reply *reply;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_PROJECT_PLAN_SHOW, &s, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    const Zhucun__ProjectPlanShowReply *r = reply->project_plan_show;
    assert_string_equal(r->status, "construction");
    assert_string_equal(r->status_label, "实施");
    assert_int_equal(r->n_tasks, 5);
    /* late: 面层铺设 (end yesterday) then 排水沟 (not started 3 days after its start) */
    assert_int_equal(r->tasks[0]->id, late);
    assert_string_equal(r->tasks[0]->status, "late");
    assert_int_equal(r->tasks[1]->id, unstarted);
    assert_string_equal(r->tasks[1]->status, "late");
    assert_int_equal(r->tasks[2]->id, done);
    assert_string_equal(r->tasks[2]->status, "done");
    assert_int_equal(r->tasks[3]->id, running);
    assert_string_equal(r->tasks[3]->status, "in_progress");
    assert_int_equal(r->tasks[4]->id, later);
    assert_string_equal(r->tasks[4]->status, "not_started");
    zc_reply_free(reply);
    /* the list of the village's projects under construction: this one, two tasks late; a
     * newer one without late tasks after it */
    int64_t calm = project(VA, "construction", 100000, 0);
    Zhucun__ProjectBuildList bl = ZHUCUN__PROJECT_BUILD_LIST__INIT;
    bl.org_code = VA;
    assert_int_equal(
        zt_call_body(township, ZHUCUN__REQUEST__BODY_PROJECT_BUILD_LIST, &bl, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    const Zhucun__ProjectBuildListReply *bp = reply->project_build_list;
    assert_int_equal(bp->n_items, 2);
    assert_int_equal(bp->items[0]->id, p);
    assert_int_equal(bp->items[0]->late_tasks, 2);
    assert_int_equal(bp->items[0]->tasks, 5);
    assert_int_equal(bp->items[1]->id, calm);
    assert_int_equal(bp->items[1]->late_tasks, 0);
    zc_reply_free(reply);
    bl.limit = BUILD_LIST_MAX + 1;
    assert_int_equal(
        zt_call_body(township, ZHUCUN__REQUEST__BODY_PROJECT_BUILD_LIST, &bl, NULL, "limit", NULL),
        ZHUCUN__CODE__INVALID_ARGUMENT);
    bl.limit = 0;
    assert_int_equal(zt_call_body(other_county, ZHUCUN__REQUEST__BODY_PROJECT_BUILD_LIST, &bl, NULL,
                                  "org_code", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    /* the same statuses as the rules compute them for a client */
    assert_int_equal(rules_build_task_status(10, 40, -1, -1, 0), BUILD_TASK_NOT_STARTED);
    assert_int_equal(rules_build_task_status(-3, 20, -1, -1, 0), BUILD_TASK_LATE);
    /* refusals */
    assert_int_equal(task(county, p, "倒排", 5, 1, 99, 99, NULL, "planned_end", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(task(county, p, "未来", 0, 5, 0, 1, NULL, "actual_end", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(task(county, p, "无始", 0, 5, 99, 0, NULL, "actual_start", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(task(other_county, p, "越界", 0, 5, 99, 99, NULL, "project_id", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    int64_t gone = project(VA, "cancelled", 100000, 0);
    assert_int_equal(task(county, gone, "已取消", 0, 5, 99, 99, NULL, "status", NULL),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    /* an update: the late task done yesterday */
    char d_ps[11], d_pe[11], d_as[11], d_ae[11];
    day_text(-20, d_ps);
    day_text(-1, d_pe);
    day_text(-19, d_as);
    day_text(-1, d_ae);
    Zhucun__ProjectTaskUpdate u = ZHUCUN__PROJECT_TASK_UPDATE__INIT;
    u.id = late;
    u.name = "面层铺设";
    u.responsible = "李卫东";
    u.planned_start = d_ps;
    u.planned_end = d_pe;
    u.actual_start = d_as;
    u.actual_end = d_ae;
    /* the unit's administrator: not this project's unit */
    assert_int_equal(
        zt_call_body(uadmin, ZHUCUN__REQUEST__BODY_PROJECT_TASK_UPDATE, &u, NULL, "id", NULL),
        ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(written(captain, ZHUCUN__REQUEST__BODY_PROJECT_TASK_UPDATE, &u, NULL), late);
    assert_int_equal(count("SELECT count(*) FROM project_tasks WHERE id = %lld"
                           " AND responsible = '李卫东' AND actual_end IS NOT NULL",
                           (long long)late),
                     1);
}

/* A quarter's focus set twice is one row with the second text; audited each time. */
static void test_focus(void **state)
{
    (void)state;
    int64_t p = project(VA, "library", 100000000, 0);
    Zhucun__ProjectFocusSet f = ZHUCUN__PROJECT_FOCUS_SET__INIT;
    f.project_id = p;
    f.year = 2026;
    f.quarter = 4;
    f.focus = "完成路基";
    f.targets = "路基 3 公里";
    int64_t a = written(county, ZHUCUN__REQUEST__BODY_PROJECT_FOCUS_SET, &f, NULL);
    f.focus = "完成路基和涵洞";
    int64_t b = written(captain, ZHUCUN__REQUEST__BODY_PROJECT_FOCUS_SET, &f, NULL);
    assert_int_equal(a, b);
    assert_int_equal(count("SELECT count(*) FROM project_focus WHERE project_id = %lld"
                           " AND focus = '完成路基和涵洞'",
                           (long long)p),
                     1);
    assert_int_equal(audited("project.focus", p), 2);
    f.quarter = 5;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_PROJECT_FOCUS_SET, &f, NULL, "quarter", NULL),
        ZHUCUN__CODE__INVALID_ARGUMENT);
}

/* Progress never goes back without a correction; `completed` asks for a last report of 100 %
 * (0100's status check, called directly). */
static void test_progress(void **state)
{
    (void)state;
    int64_t p = project(VA, "construction", 100000000, 0);
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT zc_project_status_problem(%lld, 'completed')", (long long)p);
    char *problem = zt_sql(&srv, sql);
    assert_non_null(strstr(problem, "尚无进度报告"));
    free(problem);
    report(captain, p, 40, "", ZHUCUN__CODE__OK, NULL);
    report(captain, p, 30, "", ZHUCUN__CODE__FAILED_PRECONDITION, "percent");
    report(captain, p, 101, "", ZHUCUN__CODE__INVALID_ARGUMENT, "percent");
    report(captain, p, 30, "上次误报：面层未完成", ZHUCUN__CODE__OK, NULL);
    problem = zt_sql(&srv, sql);
    assert_non_null(strstr(problem, "为 30%"));
    free(problem);
    /* the last report with a photo (0070's contract), refused whole with a file unknown */
    uint8_t sha[32], unknown[32];
    for (int i = 0; i < 32; i++) {
        sha[i] = (uint8_t)(0xb0 + i);
        unknown[i] = (uint8_t)(0x10 + i);
    }
    zt_attach_evidence(&srv, "captain", sha);
    ProtobufCBinaryData ev = {32, sha};
    Zhucun__ProjectProgressReport pr = ZHUCUN__PROJECT_PROGRESS_REPORT__INIT;
    pr.project_id = p;
    pr.on_date = today;
    pr.percent = 100;
    pr.narrative = "完工，附现场照片";
    pr.correction = "";
    pr.evidence = &ev;
    pr.n_evidence = 1;
    ev.data = unknown;
    assert_int_equal(zt_call_body(captain, ZHUCUN__REQUEST__BODY_PROJECT_PROGRESS_REPORT, &pr, NULL,
                                  "evidence", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    ev.data = sha;
    int64_t last = written(captain, ZHUCUN__REQUEST__BODY_PROJECT_PROGRESS_REPORT, &pr, NULL);
    assert_int_equal(count("SELECT count(*) FROM attachment_links WHERE kind = 'project_progress'"
                           " AND record_id = %lld AND village_code = '" VA "'",
                           (long long)last),
                     1);
    problem = zt_sql(&srv, sql);
    assert_string_equal(problem, "");
    free(problem);
    assert_int_equal(audited("project.progress", p), 3);
}

/* A target is met by its final value in its direction; an indicator once per project. */
static void test_targets(void **state)
{
    (void)state;
    int64_t p = project(VA, "construction", 100000000, 0);
    Zhucun__ProjectTargetSet t = ZHUCUN__PROJECT_TARGET_SET__INIT;
    t.project_id = p;
    t.indicator = "受益脱贫人口";
    t.unit = "人";
    t.target_value = 120;
    t.direction = "at_least";
    int64_t up = written(county, ZHUCUN__REQUEST__BODY_PROJECT_TARGET_SET, &t, NULL);
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_PROJECT_TARGET_SET, &t, NULL, "indicator", NULL),
        ZHUCUN__CODE__ALREADY_EXISTS);
    t.indicator = "工程单价";
    t.unit = "万元/公里";
    t.target_value = 45.5;
    t.direction = "at_most";
    int64_t down = written(county, ZHUCUN__REQUEST__BODY_PROJECT_TARGET_SET, &t, NULL);
    t.direction = "sideways";
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_PROJECT_TARGET_SET, &t, NULL, "direction", NULL),
        ZHUCUN__CODE__INVALID_ARGUMENT);
    Zhucun__ProjectTargetMonitor m = ZHUCUN__PROJECT_TARGET_MONITOR__INIT;
    m.target_id = up;
    m.on_date = today;
    m.stage = "mid";
    m.value = 60;
    written(captain, ZHUCUN__REQUEST__BODY_PROJECT_TARGET_MONITOR, &m, NULL);
    m.stage = "final";
    m.value = 118;
    written(captain, ZHUCUN__REQUEST__BODY_PROJECT_TARGET_MONITOR, &m, NULL);
    m.target_id = down;
    m.value = 44.25;
    written(captain, ZHUCUN__REQUEST__BODY_PROJECT_TARGET_MONITOR, &m, NULL);
    m.stage = "later";
    assert_int_equal(zt_call_body(captain, ZHUCUN__REQUEST__BODY_PROJECT_TARGET_MONITOR, &m, NULL,
                                  "stage", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    Zhucun__ProjectPlanShow s = ZHUCUN__PROJECT_PLAN_SHOW__INIT;
    s.project_id = p;
    Zhucun__Reply *reply;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_PROJECT_PLAN_SHOW, &s, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    const Zhucun__ProjectPlanShowReply *r = reply->project_plan_show;
    assert_int_equal(r->n_targets, 2);
    assert_true(r->targets[0]->has_mid);
    assert_true(r->targets[0]->mid_value == 60);
    assert_true(r->targets[0]->final_value == 118);
    assert_string_equal(r->targets[0]->met, "no");
    assert_false(r->targets[1]->has_mid);
    assert_true(r->targets[1]->final_value == 44.25);
    assert_string_equal(r->targets[1]->met, "yes");
    zc_reply_free(reply);
}

/* ---- parallel clients ---- */

struct racer {
    struct zc_client *c;
    pthread_barrier_t *go;
    int64_t project, progress, step;
    long long fen;
    Zhucun__Code code;
    char field[64];
    char message[512];
};

static void *race(void *arg)
{
    struct racer *r = arg;
    Zhucun__DisbursementRequest d = ZHUCUN__DISBURSEMENT_REQUEST__INIT;
    Zhucun__Decide dc = ZHUCUN__DECIDE__INIT;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    if (r->step == 0) {
        d.project_id = r->project;
        d.progress_id = r->progress;
        d.amount_fen = r->fen;
        d.payee = "山西路桥建设有限公司";
        req.body_case = ZHUCUN__REQUEST__BODY_DISBURSEMENT_REQUEST;
        req.disbursement_request = &d;
    } else {
        dc.step_id = r->step;
        dc.decision = "approve";
        req.body_case = ZHUCUN__REQUEST__BODY_DECIDE;
        req.decide = &dc;
    }
    Zhucun__Reply *reply = NULL;
    pthread_barrier_wait(r->go);
    r->code = zt_call(r->c, &req, &reply);
    if (reply != NULL && reply->status != NULL) {
        snprintf(r->field, sizeof(r->field), "%s",
                 reply->status->n_fields > 0 ? reply->status->fields[0]->field : "");
        snprintf(r->message, sizeof(r->message), "%s", reply->status->message);
    }
    zc_reply_free(reply);
    return NULL;
}

/* n racers at once; the number that succeeded. Each refused one is RESOURCE_EXHAUSTED naming
 * amount_fen with want in its message. */
static int run_race(struct racer *rv, int n, const char *want)
{
    pthread_t t[RACERS];
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, (unsigned)n);
    for (int i = 0; i < n; i++) {
        rv[i].go = &go;
        assert_int_equal(pthread_create(&t[i], NULL, race, &rv[i]), 0);
    }
    int ok = 0;
    for (int i = 0; i < n; i++) {
        pthread_join(t[i], NULL);
        if (rv[i].code == ZHUCUN__CODE__OK) {
            ok++;
        } else {
            assert_int_equal(rv[i].code, ZHUCUN__CODE__RESOURCE_EXHAUSTED);
            assert_string_equal(rv[i].field, "amount_fen");
            if (strstr(rv[i].message, want) == NULL)
                fail_msg("\"%s\" does not say \"%s\"", rv[i].message, want);
        }
    }
    pthread_barrier_destroy(&go);
    return ok;
}

/* Eight requests of 30 % each at once, with 95 % reported and 5 % tolerance (100 % allowed):
 * exactly three, the rest refused with the 10 % left in the message; the kept sum equals the
 * rows'. */
static void test_parallel_requests(void **state)
{
    (void)state;
    int64_t p = project(VA, "construction", 1000000, 0); /* 10,000 yuan */
    int64_t progress = report(captain, p, 95, "", ZHUCUN__CODE__OK, NULL);
    struct racer rv[RACERS];
    memset(rv, 0, sizeof(rv));
    for (int i = 0; i < RACERS; i++) {
        rv[i].c = zt_login(&srv, "xiaodian", PW, NULL);
        rv[i].project = p;
        rv[i].progress = progress;
        rv[i].fen = 300000;
    }
    assert_int_equal(run_race(rv, RACERS, "可拨付余额 1000.00 元"), 3);
    for (int i = 0; i < RACERS; i++)
        zc_close(rv[i].c);
    assert_int_equal(
        count("SELECT sum(amount_fen) FROM disbursements WHERE project_id = %lld", (long long)p),
        900000);
    assert_int_equal(
        count("SELECT committed_fen FROM project_money WHERE project_id = %lld", (long long)p),
        900000);
}

/* Three pending requests of 20 % (60 %); the progress corrected down to 35 % (40 % allowed):
 * approved at once, two are paid and the third refused naming amount_fen, its step still
 * pending. Then the reject frees its amount. */
static void test_parallel_approvals(void **state)
{
    (void)state;
    int64_t p = project(VA, "construction", 1000000, 0);
    int64_t progress = report(captain, p, 55, "", ZHUCUN__CODE__OK, NULL);
    int64_t approvals[3];
    struct racer rv[3];
    memset(rv, 0, sizeof(rv));
    for (int i = 0; i < 3; i++) {
        assert_int_equal(disburse(captain, p, progress, 200000, NULL, NULL, NULL, &approvals[i]),
                         ZHUCUN__CODE__OK);
        rv[i].step = open_step(approvals[i]);
        assert_true(rv[i].step > 0);
        rv[i].c = zt_login(&srv, "xiaodian", PW, NULL);
    }
    report(captain, p, 35, "监理复核：面层返工", ZHUCUN__CODE__OK, NULL);
    assert_int_equal(run_race(rv, 3, "可拨付余额 0.00 元"), 2);
    for (int i = 0; i < 3; i++)
        zc_close(rv[i].c);
    assert_int_equal(count("SELECT count(*) FROM disbursements WHERE project_id = %lld"
                           " AND status = 'paid' AND paid_on = zc_today()",
                           (long long)p),
                     2);
    assert_int_equal(
        count("SELECT paid_fen FROM project_money WHERE project_id = %lld", (long long)p), 400000);
    /* the one refused is still pending; rejected, it frees its 2,000 yuan */
    int64_t left = 0;
    for (int i = 0; i < 3; i++)
        if (rv[i].code != ZHUCUN__CODE__OK)
            left = rv[i].step;
    assert_int_equal(decide(county, left, "reject", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(
        count("SELECT committed_fen FROM project_money WHERE project_id = %lld", (long long)p),
        400000);
    /* nothing more fits now: 35 % + 5 % is 400,000 fen, all paid */
    assert_int_equal(disburse(captain, p, progress, 1, NULL, "amount_fen", NULL, NULL),
                     ZHUCUN__CODE__RESOURCE_EXHAUSTED);
}

/* A retried request with the same key is applied once; the routes by amount: up to 200,000
 * yuan the county office alone, more the county office then the city office; the unit's
 * administrator asks for its own unit's project only; the township may not ask. */
static void test_routes_and_keys(void **state)
{
    (void)state;
    int64_t p = project(VA, "construction", 100000000, unit1); /* 1,000,000 yuan */
    int64_t progress = report(captain, p, 50, "", ZHUCUN__CODE__OK, NULL);
    int64_t id1, id2, a1, a2;
    assert_int_equal(disburse(uadmin, p, progress, 20000000, "disb-key", NULL, &id1, &a1),
                     ZHUCUN__CODE__OK);
    assert_int_equal(disburse(uadmin, p, progress, 20000000, "disb-key", NULL, &id2, &a2),
                     ZHUCUN__CODE__OK);
    assert_int_equal(id1, id2);
    assert_int_equal(a1, a2);
    assert_int_equal(
        count("SELECT count(*) FROM disbursements WHERE project_id = %lld", (long long)p), 1);
    assert_int_equal(audited("disbursement.request", p), 1);
    /* 200,000 yuan: the county office alone */
    assert_int_equal(
        count("SELECT count(*) FROM approval_steps WHERE approval_id = %lld", (long long)a1), 1);
    assert_int_equal(decide(county, open_step(a1), "approve", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM disbursements WHERE id = %lld AND status = 'paid'",
                           (long long)id1),
                     1);
    /* 250,000 yuan: the county office, then the city office */
    assert_int_equal(disburse(county, p, progress, 25000000, NULL, NULL, &id2, &a2),
                     ZHUCUN__CODE__OK);
    assert_int_equal(decide(city, open_step(a2), "approve", NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(decide(county, open_step(a2), "approve", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM disbursements WHERE id = %lld"
                           " AND status = 'pending'",
                           (long long)id2),
                     1);
    assert_int_equal(decide(city, open_step(a2), "approve", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM disbursements WHERE id = %lld AND status = 'paid'",
                           (long long)id2),
                     1);
    /* who may ask */
    int64_t other = project(VA, "construction", 100000000, 0);
    int64_t op = report(county, other, 50, "", ZHUCUN__CODE__OK, NULL);
    assert_int_equal(disburse(uadmin, other, op, 100, NULL, "project_id", NULL, NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(disburse(township, other, op, 100, NULL, NULL, NULL, NULL),
                     ZHUCUN__CODE__PERMISSION_DENIED);
    assert_int_equal(disburse(county, other, progress, 100, NULL, "progress_id", NULL, NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(disburse(county, other, op, 0, NULL, "amount_fen", NULL, NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    /* the list of the project and of the county, with totals */
    Zhucun__DisbursementList l = ZHUCUN__DISBURSEMENT_LIST__INIT;
    l.project_id = p;
    Zhucun__Reply *reply;
    assert_int_equal(
        zt_call_body(uadmin, ZHUCUN__REQUEST__BODY_DISBURSEMENT_LIST, &l, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->disbursement_list->n_items, 2);
    assert_int_equal(reply->disbursement_list->paid_fen, 45000000);
    zc_reply_free(reply);
    l.project_id = 0;
    l.org_code = COUNTY;
    assert_int_equal(
        zt_call_body(county, ZHUCUN__REQUEST__BODY_DISBURSEMENT_LIST, &l, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(
        reply->disbursement_list->total,
        count("SELECT count(*) FROM disbursements WHERE village_code LIKE '140105%%'"));
    assert_int_equal(reply->disbursement_list->pending_fen,
                     count("SELECT coalesce(sum(amount_fen), 0) FROM disbursements"
                           " WHERE status = 'pending'"));
    zc_reply_free(reply);
    assert_int_equal(
        zt_call_body(uadmin, ZHUCUN__REQUEST__BODY_DISBURSEMENT_LIST, &l, NULL, "org_code", NULL),
        ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(zt_call_body(other_county, ZHUCUN__REQUEST__BODY_DISBURSEMENT_LIST, &l, NULL,
                                  "org_code", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
}

/* The database's last line: a direct insert past the budget is refused by the kept sum's
 * CHECK, whatever wrote it; a budget lowered below what is committed is refused too. */
static void test_last_line(void **state)
{
    (void)state;
    int64_t p = project(VA, "construction", 1000, 0);
    int64_t progress = report(county, p, 100, "", ZHUCUN__CODE__OK, NULL);
    PGconn *pg = zt_pg_admin(&srv);
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO disbursements (project_id, village_code, progress_id, amount_fen, payee)"
             " VALUES (%lld, '" VA "', %lld, 600, '甲'), (%lld, '" VA "', %lld, 600, '乙')",
             (long long)p, (long long)progress, (long long)p, (long long)progress);
    PGresult *res = PQexec(pg, sql);
    assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
    assert_non_null(strstr(PQresultErrorMessage(res), "project_money_within_budget"));
    PQclear(res);
    assert_int_equal(
        count("SELECT count(*) FROM disbursements WHERE project_id = %lld", (long long)p), 0);
    /* a budget lowered below what is committed: refused in words for people */
    assert_int_equal(disburse(county, p, progress, 800, NULL, NULL, NULL, NULL), ZHUCUN__CODE__OK);
    snprintf(sql, sizeof(sql), "UPDATE projects SET budget_fen = 700 WHERE id = %lld",
             (long long)p);
    res = PQexec(pg, sql);
    assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
    assert_non_null(strstr(PQresultErrorMessage(res), "预算不能低于已申请及已拨付的 8.00 元"));
    PQclear(res);
    snprintf(sql, sizeof(sql), "UPDATE projects SET budget_fen = 900 WHERE id = %lld",
             (long long)p);
    PQclear(PQexec(pg, sql));
    assert_int_equal(
        count("SELECT budget_fen FROM project_money WHERE project_id = %lld", (long long)p), 900);
    PQfinish(pg);
}

/* Every table is exported incrementally. */
static void test_export(void **state)
{
    (void)state;
    static const char *const kinds[] = {"project_focus",          "project_tasks",
                                        "project_progress",       "project_targets",
                                        "project_target_entries", "disbursements"};
    char c1[512], c2[512];
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        unsigned long long n = zt_export_rows(exporter, kinds[i], "", "", c1, sizeof(c1));
        assert_true(n > 0);
        assert_int_equal(n, count("SELECT count(*) FROM %s", kinds[i]));
    }
    zt_export_rows(exporter, "project_progress", "", "", c1, sizeof(c1));
    assert_int_equal(zt_export_rows(exporter, "project_progress", "", c1, c2, sizeof(c2)), 0);
    int64_t p = project(VA, "construction", 100000, 0);
    report(captain, p, 10, "", ZHUCUN__CODE__OK, NULL);
    assert_int_equal(zt_export_rows(exporter, "project_progress", "", c1, c2, sizeof(c2)), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tasks),
        cmocka_unit_test(test_focus),
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_targets),
        cmocka_unit_test(test_parallel_requests),
        cmocka_unit_test(test_parallel_approvals),
        cmocka_unit_test(test_routes_and_keys),
        cmocka_unit_test(test_last_line),
        cmocka_unit_test(test_export),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
