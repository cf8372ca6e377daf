/* test_lookback.c -- the look-back (回头看) on projects since 2013 (SPEC P4; docs/lookback.md):
 * a campaign of a county; reviews of its projects (documents, benefits, upkeep, verdict),
 * each finding an item of the project's village's ledger with source look_back, once (a
 * retried review with the same key makes no second review, item or audit row); every refusal
 * names its field; the progress by township and the projects not yet reviewed equal SQL
 * counts, and a township sees its own; the lists; the documents list equal in C and SQL;
 * row-level security; each record kind exported incrementally. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/lookback.h"

#define PW      "correct horse battery"
#define PROV    "140000000000"
#define CITY    "140100000000"
#define COUNTY  "140105000000"
#define TWP     "140105001000"
#define TWP2    "140105002000"
#define VA      "140105001001"
#define VB      "140105001002"
#define VD      "140105002001"
#define COUNTY2 "140106000000"
#define VC      "140106001001"

static struct zt_server srv;
static struct zc_client *prov, *city, *county, *county2, *twp, *exporter;
static int64_t responsible, responsible_c, campaign;
/* projects: a1, a2 (VA), b1 (VB), d1 (VD), c1 (VC, the other county), planned (VA) */
static int64_t pa1, pa2, pb1, pd1, pc1, pplanned;
static char today[11], deadline[11];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n140105002000,营盘街道,township\n"
                          "140105002001,测试四村,village\n140106000000,迎泽区,county\n"
                          "140106001000,柳巷街道,township\n140106001001,测试三村,village\n";

/* The first column of the first row of the SQL, as a number (zt_count). */
#define count(...) zt_count(&srv, __VA_ARGS__)

/* A project of village v in state status of year year (by SQL: the project part's calls are
 * another branch's). */
static int64_t project(const char *v, const char *name, int year, const char *status)
{
    return count("INSERT INTO projects (village_code, name, kind, year, budget_fen, responsible,"
                 " planned_start, planned_end, expected_households, status, status_on)"
                 " VALUES ('%s', '%s', 'industry', %d, 50000000, '县农业农村局',"
                 " '%d-03-01', '%d-10-31', 40, '%s', '%d-11-01') RETURNING id",
                 v, name, year, year, year, status, year);
}

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

static Zhucun__Code campaign_create(struct zc_client *c, const char *org, const char *name,
                                    unsigned year, Zhucun__Reply **out)
{
    Zhucun__LookbackCampaignCreate b = ZHUCUN__LOOKBACK_CAMPAIGN_CREATE__INIT;
    b.org_code = (char *)org;
    b.name = (char *)name;
    b.year = year;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LOOKBACK_CAMPAIGN_CREATE;
    req.lookback_campaign_create = &b;
    return send(c, &req, NULL, out);
}

/* A review body: complete documents, 40 households found, in use, good; tests change it. */
struct review {
    Zhucun__LookbackReview b;
    Zhucun__LookbackFinding f[LOOKBACK_FINDINGS_MAX + 1];
    Zhucun__LookbackFinding *fp[LOOKBACK_FINDINGS_MAX + 1];
    char *missing[8];
};

static void review_init(struct review *r, int64_t project)
{
    zhucun__lookback_review__init(&r->b);
    r->b.campaign_id = campaign;
    r->b.project_id = project;
    r->b.reviewed_on = today;
    r->b.households_found = 40;
    r->b.upkeep = "in_use";
    r->b.verdict = "good";
    r->b.findings = r->fp;
    r->b.docs_missing = r->missing;
    for (size_t i = 0; i <= LOOKBACK_FINDINGS_MAX; i++) {
        zhucun__lookback_finding__init(&r->f[i]);
        r->f[i].text = "设施闲置，未发挥效益";
        r->fp[i] = &r->f[i];
    }
}

/* With n findings (areas from areas, "" the default), the responsible and the deadline. */
static void review_findings(struct review *r, size_t n, const char *const *areas)
{
    r->b.n_findings = n;
    for (size_t i = 0; i < n; i++)
        r->f[i].area = (char *)(areas != NULL ? areas[i] : "");
    r->b.verdict = "rectify";
    r->b.responsible_id = responsible;
    r->b.deadline = deadline;
}

static Zhucun__Code review_send(struct zc_client *c, struct review *r, const char *key,
                                Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LOOKBACK_REVIEW;
    req.lookback_review = &r->b;
    return send(c, &req, key, out);
}

static Zhucun__Code progress(struct zc_client *c, int64_t id, unsigned limit, Zhucun__Reply **out)
{
    Zhucun__LookbackProgress b = ZHUCUN__LOOKBACK_PROGRESS__INIT;
    b.campaign_id = id;
    b.limit = limit;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LOOKBACK_PROGRESS;
    req.lookback_progress = &b;
    return send(c, &req, NULL, out);
}

static Zhucun__Code list(struct zc_client *c, const char *org, int64_t campaign_id,
                         int64_t project_id, Zhucun__Reply **out)
{
    Zhucun__LookbackList b = ZHUCUN__LOOKBACK_LIST__INIT;
    b.org_code = (char *)org;
    b.campaign_id = campaign_id;
    b.project_id = project_id;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LOOKBACK_LIST;
    req.lookback_list = &b;
    return send(c, &req, NULL, out);
}

/* ---- setup ---- */

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "lookback", NULL);
    rules_date_format(zt_today(), today);
    rules_date_format(zt_today() + 30, deadline);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", PROV, 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "city", PW, "city_office", CITY, 0), 0);
    assert_int_equal(zt_useradd(&srv, "county", PW, "county_office", COUNTY, 0), 0);
    assert_int_equal(zt_useradd(&srv, "county2", PW, "county_office", COUNTY2, 0), 0);
    assert_int_equal(zt_useradd(&srv, "twp", PW, "township", TWP, 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", PROV, 0), 0);
    city = zt_login(&srv, "city", PW, NULL);
    county = zt_login(&srv, "county", PW, NULL);
    county2 = zt_login(&srv, "county2", PW, NULL);
    twp = zt_login(&srv, "twp", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    responsible = count("INSERT INTO persons (name, org_code) VALUES ('整改责任人', '" VA "')"
                        " RETURNING id");
    responsible_c = count("INSERT INTO persons (name, org_code) VALUES ('整改责任人', '" VC "')"
                          " RETURNING id");
    pa1 = project(VA, "测试一村光伏电站", 2016, "maintenance");
    pa2 = project(VA, "测试一村产业路", 2021, "accepted");
    pb1 = project(VB, "测试二村冷库", 2019, "construction");
    pd1 = project(VD, "测试四村大棚", 2014, "handed_over");
    pc1 = project(VC, "测试三村饮水工程", 2018, "maintenance");
    pplanned = project(VA, "测试一村谋划项目", 2026, "planned");
    Zhucun__Reply *reply = NULL;
    if (campaign_create(county, COUNTY, "2026年扶贫项目资产回头看", 2026, &reply) !=
        ZHUCUN__CODE__OK)
        fail_msg("campaign: %s", reply->status->message);
    campaign = reply->lookback_campaign_create->id;
    zc_reply_free(reply);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct zc_client *all[] = {prov, city, county, county2, twp, exporter};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        zc_close(all[i]);
    zt_server_finish(&srv);
    return 0;
}

/* ---- the tests ---- */

/* The documents list is the same in C (common/rules/lookback.c) and in SQL. */
static void test_docs_agree(void **state)
{
    (void)state;
    assert_int_equal(count("SELECT count(*) FROM lookback_doc_kinds"), (long long)lookback_n_docs);
    for (size_t i = 0; i < lookback_n_docs; i++)
        assert_int_equal(count("SELECT ord FROM lookback_doc_kinds WHERE code = '%s' AND label = "
                               "'%s'",
                               lookback_docs[i].code, lookback_docs[i].label),
                         (long long)i + 1);
    assert_int_equal(count("SELECT count(*) FROM ledger_source_kinds WHERE kind = 'look_back'"
                           " AND record_village IS NOT NULL"),
                     1);
}

/* Each check reaches the caller with its field. */
static void test_refusals(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    /* campaigns */
    zt_assert_refused(campaign_create(county, TWP, "乡镇回头看", 2026, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "org_code");
    zt_assert_refused(campaign_create(county, COUNTY, "", 2026, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "name");
    zt_assert_refused(campaign_create(county, COUNTY, "太早", 2012, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "year");
    zt_assert_refused(campaign_create(county, COUNTY2, "别县的", 2026, &reply), &reply,
                      ZHUCUN__CODE__NOT_FOUND, "org_code");
    zt_assert_refused(campaign_create(county, COUNTY, "2026年扶贫项目资产回头看", 2026, &reply),
                      &reply, ZHUCUN__CODE__ALREADY_EXISTS, "name");
    /* reviews: the body */
    struct review r;
    review_init(&r, pa1);
    r.b.reviewed_on = "2026-13-01";
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "reviewed_on");
    review_init(&r, pa1);
    r.missing[0] = "receipt";
    r.b.n_docs_missing = 1;
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "docs_missing");
    review_init(&r, pa1);
    r.missing[0] = "tender";
    r.missing[1] = "tender";
    r.b.n_docs_missing = 2;
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "docs_missing");
    review_init(&r, pa1);
    r.b.households_found = LOOKBACK_HOUSEHOLDS_MAX + 1;
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "households_found");
    review_init(&r, pa1);
    r.b.upkeep = "lost";
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "upkeep");
    review_init(&r, pa1);
    r.b.verdict = "fine";
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "verdict");
    review_init(&r, pa1);
    review_findings(&r, 1, NULL);
    r.b.verdict = "good";
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "findings");
    review_init(&r, pa1);
    r.b.verdict = "serious";
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "findings");
    review_init(&r, pa1);
    review_findings(&r, LOOKBACK_FINDINGS_MAX + 1, NULL);
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "findings");
    review_init(&r, pa1);
    review_findings(&r, 1, (const char *const[]){"roads"});
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "findings");
    review_init(&r, pa1);
    review_findings(&r, 1, NULL);
    r.b.responsible_id = 0;
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "responsible_id");
    review_init(&r, pa1);
    review_findings(&r, 1, NULL);
    r.b.deadline = "2020-01-01";
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "deadline");
    review_init(&r, pa1);
    r.b.responsible_id = responsible;
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "responsible_id");
    /* reviews: what needs rows */
    review_init(&r, pc1);
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "project_id");
    review_init(&r, pa1);
    r.b.campaign_id = campaign + 1000;
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "campaign_id");
    review_init(&r, pc1);
    zt_assert_refused(review_send(county2, &r, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "campaign_id");
    review_init(&r, pplanned);
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply,
                      ZHUCUN__CODE__FAILED_PRECONDITION, "project_id");
    review_init(&r, pa2);
    review_findings(&r, 1, NULL);
    r.b.responsible_id = responsible + 1000;
    zt_assert_refused(review_send(county, &r, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "responsible_id");
    /* nothing of the refused reviews was written */
    assert_int_equal(count("SELECT count(*) FROM lookback_reviews"), 0);
    assert_int_equal(count("SELECT count(*) FROM lookback_findings"), 0);
    assert_int_equal(count("SELECT count(*) FROM ledger_items WHERE source_kind = 'look_back'"), 0);
    /* progress and list */
    zt_assert_refused(progress(county2, campaign, 0, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "campaign_id");
    zt_assert_refused(progress(county, campaign, LOOKBACK_LIST_MAX + 1, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "limit");
}

/* A review's findings are items of the project's village's ledger with the finding as their
 * source, once: the same key again answers the same review and makes nothing more. */
static void test_review_findings_become_items_once(void **state)
{
    (void)state;
    struct review r;
    review_init(&r, pa1);
    review_findings(&r, 2, (const char *const[]){"", "industry"});
    r.f[1].text = "光伏收益未按方案分配到户";
    r.missing[0] = "handover";
    r.missing[1] = "approval";
    r.b.n_docs_missing = 2;
    r.b.households_found = 31;
    r.b.upkeep = "damaged";
    uint8_t sha[32];
    memset(sha, 0x5a, sizeof(sha));
    zt_attach_evidence(&srv, NULL, sha);
    ProtobufCBinaryData ev = {32, sha};
    r.b.n_evidence = 1;
    r.b.evidence = &ev;
    Zhucun__Reply *reply = NULL;
    if (review_send(county, &r, "lookback-review-1", &reply) != ZHUCUN__CODE__OK)
        fail_msg("review: %s", reply->status->message);
    int64_t id = reply->lookback_review->id;
    zc_reply_free(reply);
    assert_int_equal(review_send(county, &r, "lookback-review-1", &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->lookback_review->id, id);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM lookback_reviews"), 1);
    assert_int_equal(count("SELECT count(*) FROM lookback_reviews WHERE id = %lld AND"
                           " docs_missing = '{approval,handover}' AND households_expected = 40"
                           " AND households_found = 31 AND upkeep = 'damaged'"
                           " AND village_code = '" VA "'",
                           (long long)id),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'lookback.review'"), 1);
    /* each finding once, an item of VA's ledger from its finding */
    assert_int_equal(
        count("SELECT count(*) FROM lookback_findings WHERE review_id = %lld", (long long)id), 2);
    assert_int_equal(count("SELECT count(*) FROM ledger_items i JOIN lookback_findings f"
                           " ON f.ledger_item_id = i.id WHERE f.review_id = %lld"
                           " AND i.source_kind = 'look_back' AND i.source_id = f.id"
                           " AND i.village_code = '" VA "' AND i.area = f.area"
                           " AND i.responsible_id = %lld AND i.deadline = '%s'"
                           " AND i.status = 'open' AND i.list = 'task'",
                           (long long)id, (long long)responsible, deadline),
                     2);
    assert_int_equal(count("SELECT count(*) FROM lookback_findings WHERE review_id = %lld"
                           " AND area = 'assets' AND text = '设施闲置，未发挥效益'",
                           (long long)id),
                     1);
    assert_int_equal(count("SELECT count(*) FROM ledger_items WHERE source_kind = 'look_back'"), 2);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'ledger.create'"
                           " AND detail ->> 'source' = 'look_back'"),
                     2);
    assert_int_equal(count("SELECT count(*) FROM attachment_links WHERE kind = 'lookback_review'"
                           " AND record_id = %lld",
                           (long long)id),
                     1);
    /* the same project again in the campaign, with another key: refused */
    zt_assert_refused(review_send(county, &r, "lookback-review-2", &reply), &reply,
                      ZHUCUN__CODE__ALREADY_EXISTS, "project_id");
    /* the list shows the review with its findings and their items */
    assert_int_equal(list(county, "", 0, pa1, &reply), ZHUCUN__CODE__OK);
    const Zhucun__LookbackListReply *l = reply->lookback_list;
    assert_int_equal(l->n_reviews, 1);
    assert_int_equal(l->reviews[0]->id, id);
    assert_int_equal(l->reviews[0]->n_findings, 2);
    assert_int_equal(l->reviews[0]->n_docs_missing, 2);
    assert_string_equal(l->reviews[0]->docs_missing[0], "approval");
    assert_string_equal(l->reviews[0]->findings[1]->area, "industry");
    assert_true(l->reviews[0]->findings[0]->ledger_item_id > 0);
    assert_int_equal(l->reviews[0]->evidence, 1);
    zc_reply_free(reply);
}

/* The progress by township and the projects not yet reviewed equal SQL; the township sees its
 * own; a good review by the township moves its counts. */
static void test_progress_equals_sql(void **state)
{
    (void)state;
    struct review r;
    review_init(&r, pb1);
    Zhucun__Reply *reply = NULL;
    if (review_send(twp, &r, NULL, &reply) != ZHUCUN__CODE__OK)
        fail_msg("township review: %s", reply->status->message);
    zc_reply_free(reply);
    /* the township may not review another township's project */
    review_init(&r, pd1);
    zt_assert_refused(review_send(twp, &r, NULL, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "project_id");
    assert_int_equal(progress(county, campaign, 0, &reply), ZHUCUN__CODE__OK);
    const Zhucun__LookbackProgressReply *p = reply->lookback_progress;
    assert_int_equal(p->n_units, 2);
    static const char *const units[] = {TWP, TWP2};
    for (size_t i = 0; i < 2; i++) {
        assert_string_equal(p->units[i]->code, units[i]);
        char pre[10];
        snprintf(pre, sizeof(pre), "%.9s", units[i]);
        assert_int_equal(p->units[i]->projects,
                         count("SELECT count(*) FROM projects WHERE village_code LIKE '%s%%'"
                               " AND status NOT IN ('planned', 'applied', 'library', 'rejected',"
                               " 'cancelled')",
                               pre));
        assert_int_equal(p->units[i]->reviewed,
                         count("SELECT count(*) FROM lookback_reviews WHERE campaign_id = %lld"
                               " AND village_code LIKE '%s%%'",
                               (long long)campaign, pre));
    }
    assert_int_equal(p->units[0]->projects, 3);
    assert_int_equal(p->units[0]->reviewed, 2);
    assert_int_equal(p->units[1]->projects, 1);
    assert_int_equal(p->total->projects, 4);
    assert_int_equal(p->total->reviewed, 2);
    assert_int_equal(p->n_not_reviewed, 2);
    assert_int_equal(p->not_reviewed[0]->project_id, pa2);
    assert_int_equal(p->not_reviewed[1]->project_id, pd1);
    assert_false(p->truncated);
    zc_reply_free(reply);
    assert_int_equal(progress(county, campaign, 1, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->lookback_progress->n_not_reviewed, 1);
    assert_true(reply->lookback_progress->truncated);
    zc_reply_free(reply);
    /* the township: its own unit and projects */
    assert_int_equal(progress(twp, campaign, 0, &reply), ZHUCUN__CODE__OK);
    p = reply->lookback_progress;
    assert_int_equal(p->n_units, 1);
    assert_string_equal(p->units[0]->code, TWP);
    assert_int_equal(p->n_not_reviewed, 1);
    assert_int_equal(p->not_reviewed[0]->project_id, pa2);
    zc_reply_free(reply);
    /* the city sees the county's campaign by its one county */
    assert_int_equal(progress(city, campaign, 0, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->lookback_progress->total->projects, 4);
    zc_reply_free(reply);
}

/* The campaigns: the county's to itself, the township below and the city above; not to the
 * other county. */
static void test_campaign_list(void **state)
{
    (void)state;
    struct zc_client *const who[] = {county, twp, city, prov, county2};
    const size_t want[] = {1, 1, 1, 1, 0};
    for (size_t i = 0; i < 5; i++) {
        Zhucun__Reply *reply = NULL;
        assert_int_equal(list(who[i], "", 0, 0, &reply), ZHUCUN__CODE__OK);
        assert_int_equal(reply->lookback_list->n_campaigns, want[i]);
        if (want[i] == 1) {
            assert_int_equal(reply->lookback_list->campaigns[0]->id, campaign);
            assert_int_equal(reply->lookback_list->campaigns[0]->since_year, 2013);
        }
        zc_reply_free(reply);
    }
    /* the reviews of the campaign, as the township sees them: its own village's */
    Zhucun__Reply *reply = NULL;
    assert_int_equal(list(twp, "", campaign, 0, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(
        reply->lookback_list->n_reviews,
        count("SELECT count(*) FROM lookback_reviews WHERE village_code LIKE '%.9s%%'", TWP));
    zc_reply_free(reply);
}

/* Row-level security: the application role sees a scope's rows only. */
static void test_rls(void **state)
{
    (void)state;
    static const char *const tables[] = {"lookback_reviews", "lookback_findings",
                                         "lookback_campaigns"};
    PGconn *pg = zt_pg_app(&srv);
    for (size_t i = 0; i < 3; i++) {
        char sql[300];
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", tables[i]);
        static const char *const scopes[] = {"{140105002%}", "{140105001%}", "{140106%}", "{}"};
        for (size_t s = 0; s < 4; s++) {
            char set[200];
            snprintf(set, sizeof(set), "SELECT set_config('zhucun.scope', '%s', false)", scopes[s]);
            PQclear(PQexec(pg, set));
            PGresult *res = PQexec(pg, sql);
            assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
            long long seen = atoll(PQgetvalue(res, 0, 0));
            PQclear(res);
            long long want;
            if (s == 3)
                want = 0;
            else if (i < 2)
                want = count("SELECT count(*) FROM %s WHERE village_code LIKE '%.*s%%'", tables[i],
                             (int)strlen(scopes[s]) - 3, scopes[s] + 1);
            else
                want = s < 2 ? 1 : 0; /* the county's campaign, seen from below */
            assert_int_equal(seen, want);
        }
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
    static const char *const kinds[] = {"lookback_campaigns", "lookback_reviews",
                                        "lookback_findings"};
    char c[3][512], next[512];
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(pull(kinds[k], "", c[k], sizeof(c[k])),
                         count("SELECT count(*) FROM %s", kinds[k]));
        assert_int_equal(pull(kinds[k], c[k], next, sizeof(next)), 0);
    }
    /* a campaign of the other county, a review there with one finding */
    Zhucun__Reply *reply = NULL;
    assert_int_equal(campaign_create(county2, COUNTY2, "2026年回头看", 2026, &reply),
                     ZHUCUN__CODE__OK);
    int64_t c2 = reply->lookback_campaign_create->id;
    zc_reply_free(reply);
    struct review r;
    review_init(&r, pc1);
    r.b.campaign_id = c2;
    review_findings(&r, 1, NULL);
    r.b.responsible_id = responsible_c; /* county B's own: A's person is out of its scope */
    if (review_send(county2, &r, NULL, &reply) != ZHUCUN__CODE__OK)
        fail_msg("review: %s", reply->status->message);
    zc_reply_free(reply);
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(pull(kinds[k], c[k], next, sizeof(next)), 1);
        assert_int_equal(pull(kinds[k], next, c[k], sizeof(c[k])), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docs_agree),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_review_findings_become_items_once),
        cmocka_unit_test(test_progress_equals_sql),
        cmocka_unit_test(test_campaign_list),
        cmocka_unit_test(test_rls),
        cmocka_unit_test(test_export_incremental),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
