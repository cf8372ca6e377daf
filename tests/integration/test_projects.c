/* test_projects.c -- projects (SPEC P1, W1; docs/projects.md) through the real server: a project
 * created with its villages, funds, beneficiaries and evidence, shown and audited, a retry with
 * the same key answered once; refusals naming their fields with nothing written; the life
 * cycle as approvals routed by budget, kind and target state into the right queues (small vs
 * large, the infrastructure route, return and resubmit, reject, cancel, a check refused when
 * the last approval lands); which details may change when; one open request; the library's
 * filters and count, the board against direct SQL; the export kinds, incrementally; the C lists
 * against the database's rows. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/idcard.h"
#include "common/rules/project.h"

#define PW "correct horse battery"
#define VA "140105001001"
#define VB "140105001002"
#define VC "140106001001"

static struct zt_server srv;
static struct zc_client *prov, *city, *county, *township, *cadre, *other_county, *exporter;
static int64_t hh, hh_b, hh_c;
static char today[11], next_month[11], next_year[11], last_year[11];
static uint8_t sha_a[32];

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
    return zt_household(office, village, "poverty_alleviated", "2020-01-01", "项目户主", id);
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "projects", NULL);
    rules_date_format(zt_today(), today);
    rules_date_format(zt_today() + 30, next_month);
    rules_date_format(zt_today() + 365, next_year);
    rules_date_format(zt_today() - 365, last_year);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "taiyuan", PW, "city_office", "140100000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "wucheng", PW, "township", "140105001000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", "140106000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", "140000000000", 0), 0);
    city = zt_login(&srv, "taiyuan", PW, NULL);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    township = zt_login(&srv, "wucheng", PW, NULL);
    other_county = zt_login(&srv, "yingze", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    int64_t person;
    cadre = zt_cadre(&srv, county, zt_team(county, "village", VA, "测试一村工作队"), "cadre-a", VA,
                     "cadre", "member", 0, PW, &person);
    hh = household(county, VA, 1);
    hh_b = household(county, VB, 2);
    hh_c = household(other_county, VC, 3);
    for (int i = 0; i < 32; i++)
        sha_a[i] = (uint8_t)(7 * 31 + i);
    zt_attach_evidence(&srv, NULL, sha_a);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct zc_client *all[] = {prov, city, county, township, cadre, other_county, exporter};
    for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++)
        zc_close(all[i]);
    zt_server_finish(&srv);
    return 0;
}

static void ok(Zhucun__Code got, Zhucun__Reply **reply)
{
    if (got != ZHUCUN__CODE__OK)
        fail_msg("%s", (*reply)->status->message);
    zc_reply_free(*reply);
    *reply = NULL;
}

/* A project's details, filled by fill(): villages as given (the first the lead), kind,
 * budget in yuan as one linkage fund, named households (0-terminated). */
struct form {
    char *villages[PROJECT_VILLAGES_MAX + 2];
    Zhucun__ProjectFund fund, *funds[1];
    int64_t beneficiaries[4];
    ProtobufCBinaryData ev;
    Zhucun__ProjectCreate d;
};

static void fill(struct form *f, const char *v1, const char *v2, const char *kind, long long yuan,
                 int64_t beneficiary)
{
    memset(f, 0, sizeof(*f));
    zhucun__project_create__init(&f->d);
    f->villages[0] = (char *)v1;
    f->villages[1] = (char *)v2;
    f->d.village_codes = f->villages;
    f->d.n_village_codes = v2 != NULL ? 2 : 1;
    f->d.kind = (char *)kind;
    f->d.name = "测试项目";
    f->d.year = (uint32_t)atoi(today);
    f->d.budget_fen = yuan * 100;
    zhucun__project_fund__init(&f->fund);
    f->fund.source = "linkage";
    f->fund.amount_fen = yuan * 100;
    f->funds[0] = &f->fund;
    f->d.funds = f->funds;
    f->d.n_funds = 1;
    f->d.responsible = "县农业农村局";
    f->d.planned_start = today;
    f->d.planned_end = next_year;
    f->d.expected_households = 10;
    f->d.expected_alleviated = 4;
    f->d.expected_monitored = 1;
    if (beneficiary > 0) {
        f->beneficiaries[0] = beneficiary;
        f->d.beneficiaries = f->beneficiaries;
        f->d.n_beneficiaries = 1;
    }
    f->d.description = "建设内容说明";
}

static Zhucun__Code create_as(struct zc_client *c, struct form *f, const char *key,
                              Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.idempotency_key = (char *)(key ? key : "");
    req.body_case = ZHUCUN__REQUEST__BODY_PROJECT_CREATE;
    req.project_create = &f->d;
    return zt_call(c, &req, out);
}

static int64_t create(struct zc_client *c, struct form *f)
{
    Zhucun__Reply *reply = NULL;
    if (create_as(c, f, NULL, &reply) != ZHUCUN__CODE__OK)
        fail_msg("create: %s", reply->status->message);
    int64_t id = reply->project_create->id;
    zc_reply_free(reply);
    return id;
}

static Zhucun__Code update_as(struct zc_client *c, int64_t id, struct form *f, Zhucun__Reply **out)
{
    Zhucun__ProjectUpdate pu = ZHUCUN__PROJECT_UPDATE__INIT;
    pu.id = id;
    pu.details = &f->d;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_PROJECT_UPDATE;
    req.project_update = &pu;
    return zt_call(c, &req, out);
}

static Zhucun__Code transition_as(struct zc_client *c, int64_t id, const char *to,
                                  const char *reason, Zhucun__Reply **out)
{
    Zhucun__ProjectTransition pt = ZHUCUN__PROJECT_TRANSITION__INIT;
    pt.project_id = id;
    pt.status = (char *)to;
    pt.reason = (char *)(reason ? reason : "");
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_PROJECT_TRANSITION;
    req.project_transition = &pt;
    return zt_call(c, &req, out);
}

/* Asks for the move; returns the request's id. */
static int64_t transition(struct zc_client *c, int64_t id, const char *to, const char *reason)
{
    Zhucun__Reply *reply = NULL;
    if (transition_as(c, id, to, reason, &reply) != ZHUCUN__CODE__OK)
        fail_msg("transition %s: %s", to, reply->status->message);
    int64_t tid = reply->project_transition->transition_id;
    zc_reply_free(reply);
    return tid;
}

/* The step of request tid in c's queue (0: none there). */
static int64_t queued(struct zc_client *c, int64_t tid)
{
    Zhucun__QueueList ql = ZHUCUN__QUEUE_LIST__INIT;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_QUEUE_LIST;
    req.queue_list = &ql;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(c, &req, &reply), ZHUCUN__CODE__OK);
    int64_t step = 0;
    for (size_t i = 0; reply != NULL && i < reply->queue_list->n_items; i++)
        if (strcmp(reply->queue_list->items[i]->subject_kind, "project_transition") == 0 &&
            reply->queue_list->items[i]->subject_id == tid)
            step = reply->queue_list->items[i]->step_id;
    zc_reply_free(reply);
    return step;
}

/* c decides the step of tid in its queue (which must hold it). */
static void decide(struct zc_client *c, int64_t tid, const char *decision, const char *reason)
{
    int64_t step = queued(c, tid);
    if (step == 0)
        fail_msg("request %lld is not in the queue", (long long)tid);
    Zhucun__Decide d = ZHUCUN__DECIDE__INIT;
    d.step_id = step;
    d.decision = (char *)decision;
    d.reason = (char *)(reason ? reason : "");
    d.channel = "system";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DECIDE;
    req.decide = &d;
    Zhucun__Reply *reply = NULL;
    ok(zt_call(c, &req, &reply), &reply);
}

/* The route's steps in order: each approver must hold it, the others not, until it is theirs. */
static void route(int64_t tid, struct zc_client *const *approvers, size_t n)
{
    struct zc_client *all[] = {township, county, city, prov, other_county};
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < sizeof(all) / sizeof(*all); k++)
            if (all[k] != approvers[i])
                assert_int_equal(queued(all[k], tid), 0);
        decide(approvers[i], tid, "approve", NULL);
    }
}

static char *status_of(int64_t id)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT status FROM projects WHERE id = %lld", (long long)id);
    return zt_sql(&srv, sql);
}

static void assert_status(int64_t id, const char *want)
{
    char *got = status_of(id);
    assert_string_equal(got, want);
    free(got);
}

/* A project moved into the library along its route for its budget. */
static int64_t in_library(long long yuan, const char *kind)
{
    struct form f;
    fill(&f, VA, NULL, kind, yuan, 0);
    int64_t id = create(county, &f);
    route(transition(county, id, "applied", NULL), (struct zc_client *const[]){township}, 1);
    int64_t tid = transition(county, id, "library", NULL);
    if (yuan < 500000)
        route(tid, (struct zc_client *const[]){township, county}, 2);
    else
        route(tid, (struct zc_client *const[]){county, city}, 2);
    assert_status(id, "library");
    return id;
}

/* ---- the record ---- */

static void test_create_show(void **state)
{
    (void)state;
    struct form f;
    fill(&f, VA, VB, "industry", 300000, hh_b);
    f.d.n_evidence = 1;
    f.ev.len = 32;
    f.ev.data = sha_a;
    f.d.evidence = &f.ev;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(create_as(township, &f, "project-key-1", &reply), ZHUCUN__CODE__OK);
    int64_t id = reply->project_create->id;
    zc_reply_free(reply);
    /* the same key: the same project, written once */
    assert_int_equal(create_as(township, &f, "project-key-1", &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->project_create->id, id);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'project.create'"
                           " AND object = 'project:%lld'",
                           (long long)id),
                     1);
    Zhucun__ProjectShow ps = ZHUCUN__PROJECT_SHOW__INIT;
    ps.id = id;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_PROJECT_SHOW;
    req.project_show = &ps;
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
    const Zhucun__ProjectShowReply *s = reply->project_show;
    assert_string_equal(s->project->status, "planned");
    assert_string_equal(s->project->village_code, VA);
    assert_int_equal(s->project->budget_fen, 30000000);
    assert_int_equal(s->n_village_codes, 2);
    assert_string_equal(s->village_codes[0], VA);
    assert_string_equal(s->village_codes[1], VB);
    assert_int_equal(s->n_funds, 1);
    assert_string_equal(s->funds[0]->source, "linkage");
    assert_int_equal(s->n_beneficiaries, 1);
    assert_int_equal(s->beneficiaries[0]->household_id, hh_b);
    assert_int_equal(s->n_evidence, 1);
    assert_memory_equal(s->evidence[0].data, sha_a, 32);
    assert_int_equal(s->n_transitions, 0);
    zc_reply_free(reply);
    /* the other county does not see it; the cadre of VA does (its lead village) */
    assert_int_equal(zt_call(other_county, &req, &reply), ZHUCUN__CODE__NOT_FOUND);
    zc_reply_free(reply);
    assert_int_equal(zt_call(cadre, &req, &reply), ZHUCUN__CODE__OK);
    zc_reply_free(reply);
}

static void test_refusals(void **state)
{
    (void)state;
    long long before = count("SELECT count(*) FROM projects");
    Zhucun__Reply *reply = NULL;
    struct form f;
    fill(&f, VA, NULL, "industry", 1000, 0);
    f.fund.amount_fen -= 1; /* funds not adding up */
    zt_assert_refused(create_as(county, &f, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "funds");
    fill(&f, VA, NULL, "industry", 1000, 0);
    f.fund.source = "lottery";
    zt_assert_refused(create_as(county, &f, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "funds");
    fill(&f, VA, NULL, "industry", 1000, 0);
    f.d.year = 2012;
    zt_assert_refused(create_as(county, &f, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "year");
    fill(&f, VA, NULL, "industry", 1000, 0);
    f.d.planned_end = last_year;
    zt_assert_refused(create_as(county, &f, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "planned_end");
    fill(&f, VA, NULL, "bridges", 1000, 0);
    zt_assert_refused(create_as(county, &f, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "kind");
    fill(&f, VA, NULL, "industry", 1000, 0);
    f.d.budget_fen = PROJECT_BUDGET_MAX_FEN + 1;
    f.fund.amount_fen = PROJECT_BUDGET_MAX_FEN + 1;
    zt_assert_refused(create_as(county, &f, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "budget_fen");
    /* limits: villages, beneficiaries, name */
    fill(&f, VA, NULL, "industry", 1000, 0);
    static char codes[PROJECT_VILLAGES_MAX + 1][13];
    for (int i = 0; i <= PROJECT_VILLAGES_MAX; i++) {
        snprintf(codes[i], sizeof(codes[i]), "140105001%03d", i + 1);
        f.villages[i] = codes[i];
    }
    f.d.n_village_codes = PROJECT_VILLAGES_MAX + 1;
    zt_assert_refused(create_as(county, &f, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "village_codes");
    fill(&f, VA, NULL, "industry", 1000, 0);
    static int64_t many[PROJECT_BENEFICIARIES_MAX + 1];
    for (int i = 0; i <= PROJECT_BENEFICIARIES_MAX; i++)
        many[i] = i + 1;
    f.d.beneficiaries = many;
    f.d.n_beneficiaries = PROJECT_BENEFICIARIES_MAX + 1;
    f.d.expected_households = PROJECT_BENEFICIARIES_MAX + 1;
    zt_assert_refused(create_as(county, &f, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "beneficiaries");
    fill(&f, VA, NULL, "industry", 1000, 0);
    char name[3 * (PROJECT_NAME_MAX + 1) + 1] = "";
    for (int i = 0; i <= PROJECT_NAME_MAX; i++)
        strcat(name, "项");
    f.d.name = name;
    zt_assert_refused(create_as(county, &f, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "name");
    /* what needs rows: a household outside the villages, a village out of scope */
    fill(&f, VA, NULL, "industry", 1000, hh_c);
    zt_assert_refused(create_as(county, &f, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "beneficiaries");
    fill(&f, VC, NULL, "industry", 1000, 0);
    zt_assert_refused(create_as(county, &f, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "village_codes");
    fill(&f, VA, VB, "industry", 1000, 0); /* the cadre's scope is VA only */
    zt_assert_refused(create_as(cadre, &f, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "village_codes");
    assert_int_equal(count("SELECT count(*) FROM projects"), before);
    /* the transition's own checks */
    fill(&f, VA, NULL, "industry", 1000, 0);
    int64_t id = create(cadre, &f);
    zt_assert_refused(transition_as(county, id, "cancelled", "", &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "reason");
    zt_assert_refused(transition_as(county, id, "planned", "", &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "status");
    zt_assert_refused(transition_as(county, id, "construction", "", &reply), &reply,
                      ZHUCUN__CODE__FAILED_PRECONDITION, "status");
    zt_assert_refused(transition_as(other_county, id, "applied", "", &reply), &reply,
                      ZHUCUN__CODE__NOT_FOUND, "project_id");
    assert_int_equal(
        count("SELECT count(*) FROM project_transitions WHERE project_id = %lld", (long long)id),
        0);
}

/* ---- the life cycle ---- */

/* Small: applied by the township, into the library by the township then the county; large:
 * the county then the city; infrastructure from 3,000,000 yuan: county, city, province. */
static void test_routes(void **state)
{
    (void)state;
    int64_t small = in_library(100000, "industry");
    in_library(800000, "industry");
    struct form f;
    fill(&f, VA, NULL, "infrastructure", 5000000, 0);
    int64_t infra = create(county, &f);
    route(transition(county, infra, "applied", NULL), (struct zc_client *const[]){township}, 1);
    route(transition(county, infra, "library", NULL),
          (struct zc_client *const[]){county, city, prov}, 3);
    assert_status(infra, "library");
    /* the same budget of another kind takes the large route */
    fill(&f, VA, NULL, "living", 5000000, 0);
    int64_t living = create(county, &f);
    route(transition(county, living, "applied", NULL), (struct zc_client *const[]){township}, 1);
    route(transition(county, living, "library", NULL), (struct zc_client *const[]){county, city},
          2);
    /* construction: the county; actual_start set; completed: the township; actual_end */
    route(transition(cadre, small, "construction", NULL), (struct zc_client *const[]){county}, 1);
    assert_status(small, "construction");
    assert_int_equal(count("SELECT count(*) FROM projects WHERE id = %lld"
                           " AND actual_start = zc_today() AND status_on = zc_today()",
                           (long long)small),
                     1);
    /* completed needs the last progress report at 100 % (construction's check, 0105) */
    Zhucun__Reply *early = NULL;
    assert_int_equal(transition_as(cadre, small, "completed", NULL, &early),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_non_null(strstr(early->status->message, "100%"));
    zc_reply_free(early);
    char sql[300];
    snprintf(sql, sizeof(sql),
             "INSERT INTO project_progress (project_id, village_code, on_date, percent, narrative)"
             " SELECT id, village_code, zc_today(), 100, '主体完工' FROM projects WHERE id = %lld"
             " RETURNING id",
             (long long)small);
    free(zt_sql(&srv, sql));
    route(transition(cadre, small, "completed", NULL), (struct zc_client *const[]){township}, 1);
    assert_int_equal(count("SELECT count(*) FROM projects WHERE id = %lld"
                           " AND actual_end IS NOT NULL",
                           (long long)small),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'project.status'"
                           " AND object = 'project:%lld'",
                           (long long)small),
                     4);
}

static void test_return_resubmit(void **state)
{
    (void)state;
    struct form f;
    fill(&f, VA, NULL, "industry", 200000, 0);
    int64_t id = create(county, &f);
    route(transition(county, id, "applied", NULL), (struct zc_client *const[]){township}, 1);
    int64_t tid = transition(county, id, "library", NULL);
    Zhucun__Reply *reply = NULL;
    /* one open request; no change while it is pending */
    zt_assert_refused(transition_as(county, id, "cancelled", "重复", &reply), &reply,
                      ZHUCUN__CODE__ALREADY_EXISTS, "project_id");
    zt_assert_refused(update_as(county, id, &f, &reply), &reply, ZHUCUN__CODE__FAILED_PRECONDITION,
                      "id");
    decide(township, tid, "return", "预算偏低，请补充");
    assert_int_equal(count("SELECT count(*) FROM project_transitions WHERE id = %lld"
                           " AND status = 'returned'",
                           (long long)tid),
                     1);
    assert_status(id, "applied");
    /* fixed (a larger budget) and sent again: the same request, round 2, the large route */
    fill(&f, VA, NULL, "industry", 900000, 0);
    ok(update_as(county, id, &f, &reply), &reply);
    assert_int_equal(transition(county, id, "library", NULL), tid);
    assert_int_equal(count("SELECT round FROM approvals WHERE subject_kind = 'project_transition'"
                           " AND subject_id = %lld",
                           (long long)tid),
                     2);
    route(tid, (struct zc_client *const[]){county, city}, 2);
    assert_status(id, "library");
    /* in the library: the budget no longer changes by update, the description does */
    fill(&f, VA, NULL, "industry", 950000, 0);
    zt_assert_refused(update_as(county, id, &f, &reply), &reply, ZHUCUN__CODE__FAILED_PRECONDITION,
                      "budget_fen");
    fill(&f, VA, NULL, "industry", 900000, 0);
    f.d.description = "补充了建设内容";
    ok(update_as(county, id, &f, &reply), &reply);
    /* ... but through a transition with a new budget, applied when approved */
    Zhucun__ProjectFund fund = ZHUCUN__PROJECT_FUND__INIT, *funds[] = {&fund};
    fund.source = "county";
    fund.amount_fen = 95000000;
    Zhucun__ProjectTransition pt = ZHUCUN__PROJECT_TRANSITION__INIT;
    pt.project_id = id;
    pt.status = "construction";
    pt.budget_fen = 95000000;
    pt.funds = funds;
    pt.n_funds = 1;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_PROJECT_TRANSITION;
    req.project_transition = &pt;
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
    tid = reply->project_transition->transition_id;
    zc_reply_free(reply);
    route(tid, (struct zc_client *const[]){county}, 1);
    assert_int_equal(count("SELECT budget_fen FROM projects WHERE id = %lld", (long long)id),
                     95000000);
    assert_int_equal(count("SELECT count(*) FROM project_funds WHERE project_id = %lld"
                           " AND source = 'county' AND amount_fen = 95000000",
                           (long long)id),
                     1);
}

static void test_reject_cancel(void **state)
{
    (void)state;
    struct form f;
    fill(&f, VA, NULL, "governance", 50000, 0);
    int64_t id = create(cadre, &f);
    int64_t tid = transition(cadre, id, "applied", NULL);
    decide(township, tid, "reject", "不符合申报条件");
    assert_int_equal(count("SELECT count(*) FROM project_transitions WHERE id = %lld"
                           " AND status = 'rejected'",
                           (long long)tid),
                     1);
    assert_status(id, "planned");
    /* cancelled: the county decides; the reason is kept; nothing changes afterwards */
    tid = transition(cadre, id, "cancelled", "村民意见不一致");
    route(tid, (struct zc_client *const[]){county}, 1);
    assert_status(id, "cancelled");
    assert_int_equal(count("SELECT count(*) FROM projects WHERE id = %lld"
                           " AND status_reason = '村民意见不一致'",
                           (long long)id),
                     1);
    Zhucun__Reply *reply = NULL;
    zt_assert_refused(update_as(cadre, id, &f, &reply), &reply, ZHUCUN__CODE__FAILED_PRECONDITION,
                      "id");
    zt_assert_refused(transition_as(cadre, id, "applied", NULL, &reply), &reply,
                      ZHUCUN__CODE__FAILED_PRECONDITION, "status");
}

/* A check another part registers (0100's project_status_checks): asked for while it held, it
 * fails before the last approval lands: the request ends refused, the project stays. */
static void test_refused_at_approval(void **state)
{
    (void)state;
    free(zt_sql(&srv, "CREATE TABLE test_blocked (id bigint PRIMARY KEY);"
                      " GRANT SELECT ON test_blocked TO zhucun_app;"
                      " CREATE FUNCTION test_ready(p bigint) RETURNS text LANGUAGE sql STABLE AS"
                      " $$ SELECT CASE WHEN EXISTS (SELECT 1 FROM test_blocked WHERE id = p)"
                      " THEN '施工合同尚未签订' END $$;"
                      " INSERT INTO project_status_checks (status, check_fn, label)"
                      " VALUES ('construction', 'test_ready(bigint)', '施工合同'); SELECT ''"));
    int64_t id = in_library(100000, "public_service");
    char sql[160];
    snprintf(sql, sizeof(sql), "INSERT INTO test_blocked VALUES (%lld); SELECT ''", (long long)id);
    free(zt_sql(&srv, sql));
    Zhucun__Reply *reply = NULL;
    zt_assert_refused(transition_as(county, id, "construction", NULL, &reply), &reply,
                      ZHUCUN__CODE__FAILED_PRECONDITION, "status");
    snprintf(sql, sizeof(sql), "DELETE FROM test_blocked; SELECT ''");
    free(zt_sql(&srv, sql));
    int64_t tid = transition(county, id, "construction", NULL);
    snprintf(sql, sizeof(sql), "INSERT INTO test_blocked VALUES (%lld); SELECT ''", (long long)id);
    free(zt_sql(&srv, sql));
    decide(county, tid, "approve", NULL);
    assert_status(id, "library");
    assert_int_equal(count("SELECT count(*) FROM project_transitions WHERE id = %lld"
                           " AND status = 'refused' AND problem = '施工合同尚未签订'",
                           (long long)tid),
                     1);
    assert_int_equal(count("SELECT count(*) FROM approvals WHERE subject_kind ="
                           " 'project_transition' AND subject_id = %lld AND status = 'rejected'",
                           (long long)tid),
                     1);
    free(zt_sql(&srv, "DELETE FROM project_status_checks WHERE label = '施工合同'; SELECT ''"));
}

/* ---- the library, the board ---- */

static void test_list_board(void **state)
{
    (void)state;
    Zhucun__ProjectList pl = ZHUCUN__PROJECT_LIST__INIT;
    pl.org_code = "140105000000";
    pl.status = "library";
    pl.limit = 2;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_PROJECT_LIST;
    req.project_list = &pl;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
    long long want = count("SELECT count(*) FROM projects WHERE status = 'library'"
                           " AND village_code LIKE '140105%%'");
    assert_true(want > 2);
    assert_int_equal(reply->project_list->total, want);
    assert_int_equal(reply->project_list->n_projects, 2);
    zc_reply_free(reply);
    pl.status = "";
    pl.kind = "infrastructure";
    pl.limit = 0;
    pl.text = "测试";
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->project_list->total,
                     count("SELECT count(*) FROM projects WHERE kind = 'infrastructure'"));
    zc_reply_free(reply);
    /* out of scope: NOT_FOUND; a bad filter names its field */
    pl.org_code = "140106000000";
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__NOT_FOUND);
    zc_reply_free(reply);
    pl.org_code = "";
    pl.sort = "random";
    zt_assert_refused(zt_call(county, &req, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "sort");
    /* the board: by township under the county, the counts, budgets and money paid as in SQL
     * (a project's kept sums, as the construction part's disbursements leave them) */
    free(zt_sql(&srv, "INSERT INTO project_money (project_id, village_code, budget_fen,"
                      " committed_fen, paid_fen) SELECT id, village_code, budget_fen, 300000,"
                      " 120000 FROM projects WHERE village_code LIKE '140105%' ORDER BY id"
                      " LIMIT 1 RETURNING project_id"));
    Zhucun__ProjectBoard pb = ZHUCUN__PROJECT_BOARD__INIT;
    pb.org_code = "140105000000";
    req.body_case = ZHUCUN__REQUEST__BODY_PROJECT_BOARD;
    req.project_board = &pb;
    assert_int_equal(zt_call(city, &req, &reply), ZHUCUN__CODE__OK);
    long long n = 0, budget = 0, paid = 0;
    for (size_t i = 0; i < reply->project_board->n_cells; i++) {
        assert_string_equal(reply->project_board->cells[i]->code, "140105001000");
        assert_string_equal(reply->project_board->cells[i]->name, "坞城街道");
        n += reply->project_board->cells[i]->projects;
        budget += reply->project_board->cells[i]->budget_fen;
        paid += reply->project_board->cells[i]->disbursed_fen;
    }
    assert_int_equal(paid, 120000);
    assert_int_equal(n, count("SELECT count(*) FROM projects WHERE village_code LIKE '140105%%'"));
    assert_int_equal(budget, count("SELECT sum(budget_fen) FROM projects"
                                   " WHERE village_code LIKE '140105%%'"));
    zc_reply_free(reply);
    pb.org_code = "1401";
    zt_assert_refused(zt_call(city, &req, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "org_code");
}

/* ---- export, the lists ---- */

static void test_export(void **state)
{
    (void)state;
    static const char *const kinds[] = {"projects", "project_villages", "project_funds",
                                        "project_beneficiaries", "project_transitions"};
    char cur[5][256], c2[256];
    for (int i = 0; i < 5; i++) {
        char sql[96];
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", kinds[i]);
        assert_int_equal(zt_export_rows(exporter, kinds[i], "", "", cur[i], sizeof(cur[i])),
                         count("%s", sql));
    }
    struct form f;
    fill(&f, VA, VB, "living", 1000, hh);
    transition(county, create(county, &f), "applied", NULL);
    static const unsigned long long fresh[] = {1, 2, 1, 1, 1};
    for (int i = 0; i < 5; i++)
        assert_int_equal(zt_export_rows(exporter, kinds[i], "", cur[i], c2, sizeof(c2)), fresh[i]);
    assert_int_equal(zt_export_rows(other_county, "projects", "140106000000", "", c2, sizeof(c2)),
                     0);
}

static void test_lists_agree(void **state)
{
    (void)state;
    const char *const *lists[] = {project_kinds, project_sources, project_statuses};
    const char *const *names[] = {project_kind_names, project_source_names, project_status_names};
    static const char *const tables[] = {"project_kinds", "project_fund_sources",
                                         "project_statuses"};
    for (int t = 0; t < 3; t++) {
        int n = 0;
        for (; lists[t][n] != NULL; n++) {
            char sql[256];
            snprintf(sql, sizeof(sql), "SELECT ord FROM %s WHERE code = '%s' AND label = '%s'",
                     tables[t], lists[t][n], names[t][n]);
            assert_int_equal(count("%s", sql), n + 1);
        }
        assert_int_equal(count("SELECT count(*) FROM %s", tables[t]), n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_show),   cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_routes),        cmocka_unit_test(test_return_resubmit),
        cmocka_unit_test(test_reject_cancel), cmocka_unit_test(test_refused_at_approval),
        cmocka_unit_test(test_list_board),    cmocka_unit_test(test_export),
        cmocka_unit_test(test_lists_agree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
