/* lookback/handlers.c -- the look-back (回头看) on projects since 2013 (SPEC P4;
 * docs/lookback.md): campaigns (LookbackCampaignCreate), reviews with findings made ledger
 * items (LookbackReview), the campaigns and reviews (LookbackList), a campaign's progress by
 * child unit and the projects not yet reviewed (LookbackProgress). The body's checks are
 * common/rules/lookback.c's; what needs rows is 0115_lookback.sql's. */
#include "server/domains.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/projimport.h"
#include "common/rules/lookback.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/lookback/store.h"
#include "server/roles.h"

/* A campaign is set by a city or county office; the county office and the township review
 * the projects of their villages; offices, the township, the county captain and the
 * inspector read. */
#define LOOKBACK_CAMPAIGNERS (ROLE_CITY_OFFICE | ROLE_COUNTY_OFFICE)
#define LOOKBACK_REVIEWERS   (ROLE_COUNTY_OFFICE | ROLE_TOWNSHIP)
#define LOOKBACK_READERS     (OFFICES | ROLE_TOWNSHIP | ROLE_COUNTY_CAPTAIN | ROLE_INSPECTOR)

/* The answer to a keyed write, first or retried: the new record's id. */
static void replay_id(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    int64_t id = strtoll(sr->f[0], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__LookbackCampaignCreateReply cr = ZHUCUN__LOOKBACK_CAMPAIGN_CREATE_REPLY__INIT;
    Zhucun__LookbackReviewReply rr = ZHUCUN__LOOKBACK_REVIEW_REPLY__INIT;
    if (r->msg->body_case == ZHUCUN__REQUEST__BODY_LOOKBACK_CAMPAIGN_CREATE) {
        cr.id = id;
        reply.body_case = ZHUCUN__REPLY__BODY_LOOKBACK_CAMPAIGN_CREATE;
        reply.lookback_campaign_create = &cr;
    } else {
        rr.id = id;
        reply.body_case = ZHUCUN__REPLY__BODY_LOOKBACK_REVIEW;
        reply.lookback_review = &rr;
    }
    request_reply(r, &reply);
}

static void handle_campaign_create(struct request *r)
{
    const Zhucun__LookbackCampaignCreate *in = r->msg->lookback_campaign_create;
    const char *field = NULL;
    if (request_refused(r, rules_lookback_campaign_problem(in, zc_clock_today(), &field), &field))
        return;
    if (access_org_patterns(r, in->org_code) == NULL)
        return;
    const char **p = request_keyed_scoped_params(r, 9);
    if (p == NULL)
        return;
    p[3] = in->org_code;
    p[4] = in->name;
    p[5] = request_num(r, in->year);
    request_query(r, &store_lookback_campaign_create, p, request_stored_cb, NULL);
}

static void handle_review(struct request *r)
{
    const Zhucun__LookbackReview *in = r->msg->lookback_review;
    const char *field = NULL;
    if (request_refused(r, rules_lookback_review_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 19);
    if (p == NULL)
        return;
    struct pgarray missing, texts, areas;
    pgarray_init(&missing);
    pgarray_init(&texts);
    pgarray_init(&areas);
    for (size_t i = 0; i < in->n_docs_missing; i++)
        pgarray_add_text(&missing, in->docs_missing[i]);
    for (size_t i = 0; i < in->n_findings; i++) {
        pgarray_add_text(&texts, in->findings[i]->text);
        pgarray_add_text(&areas, in->findings[i]->area[0] != '\0' ? in->findings[i]->area
                                                                  : LOOKBACK_AREA_DEFAULT);
    }
    p[3] = request_num(r, in->campaign_id);
    p[4] = request_num(r, in->project_id);
    p[5] = in->reviewed_on;
    p[6] = pgarray_finish(&missing, r);
    p[7] = request_num(r, in->households_found);
    p[8] = in->upkeep;
    p[9] = in->verdict;
    p[10] = in->note;
    p[11] = pgarray_finish(&texts, r);
    p[12] = pgarray_finish(&areas, r);
    p[13] = in->n_findings > 0 ? request_num(r, in->responsible_id) : NULL;
    p[14] = in->n_findings > 0 ? in->deadline : NULL;
    if (p[6] == NULL || p[11] == NULL || p[12] == NULL ||
        (p[15] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_lookback_review, p, request_stored_cb, NULL);
}

/* ---- LookbackList ---- */

struct page {
    unsigned limit;
};

/* The rows of a page to answer: at most limit (*truncated when the query found more). */
static int page_rows(const PGresult *res, unsigned limit, protobuf_c_boolean *truncated)
{
    int n = PQntuples(res);
    *truncated = (unsigned)n > limit;
    return *truncated ? (int)limit : n;
}

static void on_campaigns(struct request *r, PGresult *res, void *arg)
{
    const struct page *pg = arg;
    Zhucun__LookbackListReply lr = ZHUCUN__LOOKBACK_LIST_REPLY__INIT;
    int n = page_rows(res, pg->limit, &lr.truncated);
    Zhucun__LookbackCampaign *cv;
    if (REQUEST_ROWS(r, n, cv, lr.campaigns) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__LookbackCampaign *c = &cv[i];
        zhucun__lookback_campaign__init(c);
        c->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        c->org_code = PQgetvalue(res, i, 1);
        c->org_name = PQgetvalue(res, i, 2);
        c->name = PQgetvalue(res, i, 3);
        c->year = (uint32_t)strtoul(PQgetvalue(res, i, 4), NULL, 10);
        c->since_year = (uint32_t)strtoul(PQgetvalue(res, i, 5), NULL, 10);
        c->reviewed = (uint32_t)strtoul(PQgetvalue(res, i, 6), NULL, 10);
    }
    lr.n_campaigns = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_LOOKBACK_LIST;
    reply.lookback_list = &lr;
    request_reply(r, &reply);
}

/* A review row's findings: the three arrays side by side from column 14. */
static int findings_of(struct request *r, const PGresult *res, int i, Zhucun__LookbackReviewRow *v)
{
    size_t nt, na, ni;
    char **texts = pgarray_column(r, res, i, 14, &nt);
    char **areas = texts != NULL ? pgarray_column(r, res, i, 15, &na) : NULL;
    char **items = areas != NULL ? pgarray_column(r, res, i, 16, &ni) : NULL;
    if (items == NULL)
        return -1;
    Zhucun__LookbackFinding *fv;
    if (REQUEST_ROWS(r, nt, fv, v->findings) == NULL)
        return -1;
    for (size_t k = 0; k < nt; k++) {
        zhucun__lookback_finding__init(&fv[k]);
        fv[k].text = texts[k] != NULL ? texts[k] : "";
        fv[k].area = k < na && areas[k] != NULL ? areas[k] : "";
        fv[k].ledger_item_id = k < ni && items[k] != NULL ? strtoll(items[k], NULL, 10) : 0;
    }
    v->n_findings = nt;
    return 0;
}

static void on_reviews(struct request *r, PGresult *res, void *arg)
{
    const struct page *pg = arg;
    Zhucun__LookbackListReply lr = ZHUCUN__LOOKBACK_LIST_REPLY__INIT;
    int n = page_rows(res, pg->limit, &lr.truncated);
    Zhucun__LookbackReviewRow *rv;
    if (REQUEST_ROWS(r, n, rv, lr.reviews) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__LookbackReviewRow *v = &rv[i];
        zhucun__lookback_review_row__init(v);
        v->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        v->campaign_id = strtoll(PQgetvalue(res, i, 1), NULL, 10);
        v->campaign_name = PQgetvalue(res, i, 2);
        v->project_id = strtoll(PQgetvalue(res, i, 3), NULL, 10);
        v->project_name = PQgetvalue(res, i, 4);
        v->village_code = PQgetvalue(res, i, 5);
        v->reviewed_on = PQgetvalue(res, i, 6);
        if ((v->docs_missing = pgarray_column(r, res, i, 7, &v->n_docs_missing)) == NULL)
            return;
        v->households_expected = (uint32_t)strtoul(PQgetvalue(res, i, 8), NULL, 10);
        v->households_found = (uint32_t)strtoul(PQgetvalue(res, i, 9), NULL, 10);
        v->upkeep = PQgetvalue(res, i, 10);
        v->verdict = PQgetvalue(res, i, 11);
        v->note = PQgetvalue(res, i, 12);
        v->evidence = (uint32_t)strtoul(PQgetvalue(res, i, 13), NULL, 10);
        if (findings_of(r, res, i, v) != 0)
            return;
    }
    lr.n_reviews = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_LOOKBACK_LIST;
    reply.lookback_list = &lr;
    request_reply(r, &reply);
}

static void handle_list(struct request *r)
{
    const Zhucun__LookbackList *in = r->msg->lookback_list;
    const char *field = NULL;
    if (request_refused(r, rules_lookback_list_problem(in, &field), &field))
        return;
    struct page *pg = request_alloc(r, sizeof(*pg));
    int campaigns = in->campaign_id == 0 && in->project_id == 0;
    const char **p = request_params(r, campaigns ? 2 : 4);
    if (pg == NULL || p == NULL)
        return;
    pg->limit = rules_lookback_limit(in->limit);
    if ((p[0] = access_org_patterns(r, in->org_code)) == NULL)
        return;
    if (campaigns) {
        p[1] = request_num(r, (long long)pg->limit + 1);
        request_query(r, &store_lookback_campaigns, p, on_campaigns, pg);
        return;
    }
    p[1] = request_num(r, in->campaign_id);
    p[2] = request_num(r, in->project_id);
    p[3] = request_num(r, (long long)pg->limit + 1);
    request_query(r, &store_lookback_reviews, p, on_reviews, pg);
}

/* ---- LookbackProgress ---- */

static void on_progress(struct request *r, PGresult *res, void *arg)
{
    const struct page *pg = arg;
    int n = PQntuples(res), units = 0, todo = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(PQgetvalue(res, i, 0), "unit") == 0)
            units++;
        else
            todo++;
    }
    Zhucun__LookbackProgressReply pr = ZHUCUN__LOOKBACK_PROGRESS_REPLY__INIT;
    Zhucun__LookbackUnit total = ZHUCUN__LOOKBACK_UNIT__INIT;
    pr.campaign_id = r->msg->lookback_progress->campaign_id;
    pr.truncated = (unsigned)todo > pg->limit;
    if (pr.truncated)
        todo = (int)pg->limit;
    Zhucun__LookbackUnit *uv;
    Zhucun__LookbackTodo *tv;
    if (REQUEST_ROWS(r, units, uv, pr.units) == NULL ||
        REQUEST_ROWS(r, todo, tv, pr.not_reviewed) == NULL)
        return;
    total.name = "合计";
    for (int i = 0; i < n; i++) {
        if (strcmp(PQgetvalue(res, i, 0), "unit") == 0) {
            Zhucun__LookbackUnit *u = &uv[pr.n_units++];
            zhucun__lookback_unit__init(u);
            u->code = PQgetvalue(res, i, 1);
            u->name = PQgetvalue(res, i, 2);
            u->projects = (uint32_t)strtoul(PQgetvalue(res, i, 3), NULL, 10);
            u->reviewed = (uint32_t)strtoul(PQgetvalue(res, i, 4), NULL, 10);
            total.projects += u->projects;
            total.reviewed += u->reviewed;
        } else if (pr.n_not_reviewed < (size_t)todo) {
            Zhucun__LookbackTodo *t = &tv[pr.n_not_reviewed++];
            zhucun__lookback_todo__init(t);
            t->name = PQgetvalue(res, i, 2);
            t->project_id = strtoll(PQgetvalue(res, i, 5), NULL, 10);
            t->village_code = PQgetvalue(res, i, 6);
            t->year = (uint32_t)strtoul(PQgetvalue(res, i, 7), NULL, 10);
            t->status = PQgetvalue(res, i, 8);
        }
    }
    pr.total = &total;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_LOOKBACK_PROGRESS;
    reply.lookback_progress = &pr;
    request_reply(r, &reply);
}

static void handle_progress(struct request *r)
{
    const Zhucun__LookbackProgress *in = r->msg->lookback_progress;
    const char *field = NULL;
    if (request_refused(r, rules_lookback_progress_problem(in, &field), &field))
        return;
    struct page *pg = request_alloc(r, sizeof(*pg));
    const char **p = request_params(r, 3);
    if (pg == NULL || p == NULL)
        return;
    pg->limit = rules_lookback_limit(in->limit);
    p[0] = request_num(r, in->campaign_id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = request_num(r, (long long)pg->limit + 1);
    request_query(r, &store_lookback_progress, p, on_progress, pg);
}

/* ---- ProjectImport: the historical projects of a spreadsheet ---- */

/* The problems of a file, in the order found (the rows in order, the database's by line): at
 * most PROJECT_IMPORT_ERRORS_MAX listed, all counted. */
struct import_problems {
    struct request *r;
    Zhucun__FieldError *errors[PROJECT_IMPORT_ERRORS_MAX];
    size_t nerrors, nproblems;
    int other; /* a problem that is not a village out of scope */
};

static void import_problem(void *arg, int line, const char *column, const char *message)
{
    struct import_problems *im = arg;
    im->nproblems++;
    Zhucun__FieldError *fe;
    if (im->nerrors == PROJECT_IMPORT_ERRORS_MAX ||
        (fe = request_alloc(im->r, sizeof(*fe))) == NULL)
        return;
    zhucun__field_error__init(fe);
    fe->field = (char *)(column != NULL ? request_printf(im->r, "line %d.%s", line, column)
                                        : request_printf(im->r, "line %d", line));
    fe->message = (char *)request_printf(im->r, "第 %d 行：%s", line, message);
    im->errors[im->nerrors++] = fe;
}

static void import_refused(struct import_problems *im)
{
    request_fail_fields(im->r, im->other ? ZHUCUN__CODE__INVALID_ARGUMENT : ZHUCUN__CODE__NOT_FOUND,
                        request_printf(im->r, "导入文件有 %zu 处错误%s，未导入任何项目",
                                       im->nproblems,
                                       im->nproblems > im->nerrors ? "（只列出前 100 处）" : ""),
                        im->errors, im->nerrors);
}

static void on_file_problem(void *arg, int line, const char *column, const char *message)
{
    ((struct import_problems *)arg)->other = 1;
    import_problem(arg, line, column, message);
}

static void replay_project_import(struct request *r, const struct stored_result *sr)
{
    if (sr->n != 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取导入结果", NULL);
        return;
    }
    Zhucun__ProjectImportReply ir = ZHUCUN__PROJECT_IMPORT_REPLY__INIT;
    ir.projects = (uint32_t)strtoul(sr->f[0], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_PROJECT_IMPORT;
    reply.project_import = &ir;
    request_reply(r, &reply);
}

static void on_project_import(struct request *r, PGresult *res, void *arg)
{
    struct import_problems *im = arg;
    int n = PQntuples(res);
    if (n == 1 && atoi(PQgetvalue(res, 0, 0)) == 0) {
        request_reply_stored(r, PQgetvalue(res, 0, 2));
        return;
    }
    for (int i = 0; i < n; i++) {
        im->other |= strcmp(PQgetvalue(res, i, 1), "village_code") != 0;
        import_problem(im, atoi(PQgetvalue(res, i, 0)), PQgetvalue(res, i, 1),
                       PQgetvalue(res, i, 2));
    }
    import_refused(im);
}

/* The arrays of zc_project_import ($4-$20), one element per project. */
enum {
    I_LINE,
    I_NAME,
    I_VILLAGES,
    I_KIND,
    I_YEAR,
    I_BUDGET,
    I_FUNDS,
    I_RESPONSIBLE,
    I_PLANNED_START,
    I_PLANNED_END,
    I_ACTUAL_START,
    I_ACTUAL_END,
    I_STATUS,
    I_REASON,
    I_HOUSEHOLDS,
    I_ALLEVIATED,
    I_MONITORED,
    I_COUNT
};

static void import_arrays(const struct projimport *pi, struct pgarray *a)
{
    char num[32], list[PROJECT_IMPORT_VILLAGES_MAX * 13 + PROJECT_IMPORT_FUNDS_MAX * 48];
    for (size_t i = 0; i < pi->nrows; i++) {
        const struct projimport_row *p = &pi->rows[i];
        snprintf(num, sizeof(num), "%d", p->line);
        pgarray_add_raw(&a[I_LINE], num);
        pgarray_add_text(&a[I_NAME], p->name);
        size_t at = 0;
        for (size_t k = 0; k < p->nvillages; k++)
            at += (size_t)snprintf(list + at, sizeof(list) - at, "%s%s", k ? ";" : "",
                                   p->villages[k]);
        pgarray_add_text(&a[I_VILLAGES], list);
        pgarray_add_text(&a[I_KIND], p->kind);
        snprintf(num, sizeof(num), "%d", p->year);
        pgarray_add_raw(&a[I_YEAR], num);
        snprintf(num, sizeof(num), "%lld", (long long)p->budget_fen);
        pgarray_add_raw(&a[I_BUDGET], num);
        at = 0;
        for (size_t k = 0; k < p->nfunds; k++)
            at += (size_t)snprintf(list + at, sizeof(list) - at, "%s%s:%lld", k ? ";" : "",
                                   p->fund_sources[k], (long long)p->fund_fen[k]);
        pgarray_add_text(&a[I_FUNDS], list);
        pgarray_add_text(&a[I_RESPONSIBLE], p->responsible);
        pgarray_add_raw(&a[I_PLANNED_START], p->planned_start);
        pgarray_add_raw(&a[I_PLANNED_END], p->planned_end);
        pgarray_add_raw(&a[I_ACTUAL_START], p->actual_start[0] ? p->actual_start : NULL);
        pgarray_add_raw(&a[I_ACTUAL_END], p->actual_end[0] ? p->actual_end : NULL);
        pgarray_add_text(&a[I_STATUS], p->status);
        pgarray_add_text(&a[I_REASON], p->reason);
        snprintf(num, sizeof(num), "%u", p->households);
        pgarray_add_raw(&a[I_HOUSEHOLDS], num);
        snprintf(num, sizeof(num), "%u", p->alleviated);
        pgarray_add_raw(&a[I_ALLEVIATED], num);
        snprintf(num, sizeof(num), "%u", p->monitored);
        pgarray_add_raw(&a[I_MONITORED], num);
    }
}

static void handle_project_import(struct request *r)
{
    const Zhucun__ProjectImport *in = r->msg->project_import;
    struct import_problems *im = request_alloc(r, sizeof(*im));
    if (im == NULL)
        return;
    memset(im, 0, sizeof(*im));
    im->r = r;
    char err[256];
    struct csv_table t;
    if (projimport_read(in->file.data, in->file.len, &t, err, sizeof(err)) != 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, request_printf(r, "%s", err), "file");
        return;
    }
    struct projimport pi;
    if (projimport_check(&t, zc_clock_today(), &pi, on_file_problem, im) > 0) {
        projimport_free(&pi);
        csvtable_free(&t);
        import_refused(im);
        return;
    }
    struct pgarray a[I_COUNT];
    for (size_t i = 0; i < I_COUNT; i++)
        pgarray_init(&a[i]);
    import_arrays(&pi, a);
    projimport_free(&pi);
    csvtable_free(&t);
    const char **p = request_keyed_scoped_params(r, 23);
    int ok = p != NULL;
    for (size_t i = 0; i < I_COUNT; i++) {
        const char *v = pgarray_finish(&a[i], r);
        if (p != NULL)
            p[3 + i] = v;
        ok = ok && v != NULL;
    }
    if (!ok) {
        if (p != NULL)
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "导入文件过大", "file");
        return;
    }
    request_query(r, &store_project_import, p, on_project_import, im);
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_LOOKBACK_CAMPAIGN_CREATE, "LookbackCampaignCreate", AUTH_SESSION,
     LOOKBACK_CAMPAIGNERS, 0, handle_campaign_create, replay_id, 1},
    {ZHUCUN__REQUEST__BODY_LOOKBACK_REVIEW, "LookbackReview", AUTH_SESSION, LOOKBACK_REVIEWERS, 0,
     handle_review, replay_id, 1},
    {ZHUCUN__REQUEST__BODY_LOOKBACK_LIST, "LookbackList", AUTH_SESSION, LOOKBACK_READERS, 0,
     handle_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_LOOKBACK_PROGRESS, "LookbackProgress", AUTH_SESSION, LOOKBACK_READERS, 0,
     handle_progress, NULL, 0},
    {ZHUCUN__REQUEST__BODY_PROJECT_IMPORT, "ProjectImport", AUTH_SESSION, LOOKBACK_CAMPAIGNERS, 0,
     handle_project_import, replay_project_import, 1},
};

const struct domain lookback_domain = {
    .name = "lookback",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
