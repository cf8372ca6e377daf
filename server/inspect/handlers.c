/* inspect/handlers.c -- inspections (暗访督查) and circulars (通报): SPEC G1; issue 22;
 * docs/inspections.md, docs/circulars.md. An office records its inspections
 * (InspectionRecord) and their findings (FindingAdd: each a ledger item and, where given, a
 * deduction of points), reads them (InspectionList, InspectionShow), publishes an
 * inspection's findings as a circular rendered as a PDF and an xlsx on the thread pool
 * (CircularIssue; server/circular/render.c), and everyone it reaches lists the circulars and
 * downloads their files (CircularList, CircularGet). The body's checks are
 * common/rules/inspect.c's; what needs rows is 0140_inspections.sql's. */
#include "server/domains.h"

#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "common/clock.h"
#include "common/rules/inspect.h"
#include "common/xmalloc.h"
#include "server/circular/render.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/offload.h"
#include "server/core/pgarray.h"
#include "server/core/worker.h"
#include "server/inspect/store.h"
#include "server/roles.h"

/* Offices inspect (each its own area) and publish circulars; the readers of households read
 * inspections (their findings by village) and receive circulars. */
#define INSPECTORS_OFFICES OFFICES
#define INSPECTION_READERS HOUSEHOLD_READERS

/* The answer to a keyed write, first or retried: the new record's id. */
static void replay_id(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    /* the three replies are each one int64 id, field 1: one message stands for all */
    Zhucun__InspectionRecordReply w = ZHUCUN__INSPECTION_RECORD_REPLY__INIT;
    Zhucun__FindingAddReply f = ZHUCUN__FINDING_ADD_REPLY__INIT;
    Zhucun__CircularIssueReply c = ZHUCUN__CIRCULAR_ISSUE_REPLY__INIT;
    w.id = f.id = c.id = strtoll(sr->f[0], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    switch (r->msg->body_case) {
    case ZHUCUN__REQUEST__BODY_FINDING_ADD:
        reply.body_case = ZHUCUN__REPLY__BODY_FINDING_ADD;
        reply.finding_add = &f;
        break;
    case ZHUCUN__REQUEST__BODY_CIRCULAR_ISSUE:
        reply.body_case = ZHUCUN__REPLY__BODY_CIRCULAR_ISSUE;
        reply.circular_issue = &c;
        break;
    default:
        reply.body_case = ZHUCUN__REPLY__BODY_INSPECTION_RECORD;
        reply.inspection_record = &w;
        break;
    }
    request_reply(r, &reply);
}

/* ---- the writes ---- */

static void handle_inspection_record(struct request *r)
{
    const Zhucun__InspectionRecord *in = r->msg->inspection_record;
    const char *field = NULL;
    if (request_refused(r, rules_inspection_record_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 13);
    if (p == NULL)
        return;
    struct pgarray villages, teams;
    pgarray_init(&villages);
    pgarray_init(&teams);
    for (size_t i = 0; i < in->n_villages; i++)
        pgarray_add_text(&villages, in->villages[i]);
    for (size_t i = 0; i < in->n_team_ids; i++)
        pgarray_add_raw(&teams, request_num(r, in->team_ids[i]));
    p[3] = in->org_code;
    p[4] = in->started_on;
    p[5] = in->ended_on;
    p[6] = in->inspectors;
    p[7] = pgarray_finish(&villages, r);
    p[8] = pgarray_finish(&teams, r);
    p[9] = in->note;
    if (p[7] == NULL || p[8] == NULL)
        return;
    request_query(r, &store_inspection_record, p, request_stored_cb, NULL);
}

static void handle_finding_add(struct request *r)
{
    const Zhucun__FindingAdd *in = r->msg->finding_add;
    const char *field = NULL;
    if (request_refused(r, rules_finding_add_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 15);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->inspection_id);
    p[4] = request_num(r, in->team_id);
    p[5] = request_num(r, in->person_id);
    p[6] = in->village;
    p[7] = in->area[0] != '\0' ? in->area : FINDING_AREA_DEFAULT;
    p[8] = in->fact;
    p[9] = in->deadline;
    p[10] = request_num(r, in->deduction);
    if ((p[11] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_finding_add, p, request_stored_cb, NULL);
}

/* ---- InspectionList, InspectionShow ---- */

/* The rows of a page to answer: at most limit (*truncated when the query found more). */
static int page_rows(const PGresult *res, unsigned limit, protobuf_c_boolean *truncated)
{
    int n = PQntuples(res);
    *truncated = (unsigned)n > limit;
    return *truncated ? (int)limit : n;
}

/* A column's text copied into the request's arena: a reply made after a second query outlives
 * the first one's result. NULL after ending the request. */
static char *keep(struct request *r, const PGresult *res, int row, int col)
{
    char *s = arena_strdup(r->arena, PQgetvalue(res, row, col));
    if (s == NULL)
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
    return s;
}

/* Row i of store_inspection_list into *o (its strings the result's, its arrays the arena's);
 * -1 after ending the request. */
static int inspection_of(struct request *r, const PGresult *res, int i, Zhucun__Inspection *o)
{
    zhucun__inspection__init(o);
    o->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
    if ((o->org_code = keep(r, res, i, 1)) == NULL || (o->org_name = keep(r, res, i, 2)) == NULL ||
        (o->started_on = keep(r, res, i, 3)) == NULL ||
        (o->ended_on = keep(r, res, i, 4)) == NULL ||
        (o->inspectors = keep(r, res, i, 5)) == NULL || (o->note = keep(r, res, i, 8)) == NULL)
        return -1;
    if ((o->villages = pgarray_column(r, res, i, 6, &o->n_villages)) == NULL)
        return -1;
    size_t nt;
    char **teams = pgarray_column(r, res, i, 7, &nt);
    if (teams == NULL)
        return -1;
    if (nt > 0 && (o->team_ids = request_alloc(r, nt * sizeof(*o->team_ids))) == NULL)
        return -1;
    for (size_t k = 0; k < nt; k++)
        o->team_ids[k] = strtoll(teams[k], NULL, 10);
    o->n_team_ids = nt;
    o->findings = (uint32_t)strtoul(PQgetvalue(res, i, 9), NULL, 10);
    o->circular_id = strtoll(PQgetvalue(res, i, 10), NULL, 10);
    return 0;
}

static void on_inspection_list(struct request *r, PGresult *res, void *arg)
{
    Zhucun__InspectionListReply out = ZHUCUN__INSPECTION_LIST_REPLY__INIT;
    int n = page_rows(res, (unsigned)(uintptr_t)arg, &out.truncated);
    Zhucun__Inspection *iv;
    if (REQUEST_ROWS(r, n, iv, out.inspections) == NULL)
        return;
    for (int i = 0; i < n; i++)
        if (inspection_of(r, res, i, &iv[i]) != 0)
            return;
    out.n_inspections = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_INSPECTION_LIST;
    reply.inspection_list = &out;
    request_reply(r, &reply);
}

/* The six parameters of store_inspection_list: the caller's patterns, then the filters;
 * NULL after ending the request. */
static const char **list_params(struct request *r, const char *org, const char *from,
                                const char *to, int64_t id, unsigned limit)
{
    const char *patterns = access_prefix_patterns(r, r->call->roles);
    const char **p = request_params(r, 6);
    if (patterns == NULL || p == NULL)
        return NULL;
    p[0] = patterns;
    p[1] = org;
    p[2] = from;
    p[3] = to;
    p[4] = request_num(r, id);
    p[5] = request_num(r, (long long)limit + 1);
    return p;
}

static void handle_inspection_list(struct request *r)
{
    const Zhucun__InspectionList *in = r->msg->inspection_list;
    const char *field = NULL;
    if (request_refused(r, rules_inspection_list_problem(in, &field), &field))
        return;
    unsigned limit = rules_inspect_limit(in->limit);
    const char **p = list_params(r, in->org_code, in->from, in->to, 0, limit);
    if (p != NULL)
        request_query(r, &store_inspection_list, p, on_inspection_list, (void *)(uintptr_t)limit);
}

struct show {
    Zhucun__Inspection inspection;
    const char *patterns;
};

static void on_findings(struct request *r, PGresult *res, void *arg)
{
    struct show *s = arg;
    int n = PQntuples(res);
    Zhucun__InspectionShowReply out = ZHUCUN__INSPECTION_SHOW_REPLY__INIT;
    out.inspection = &s->inspection;
    Zhucun__InspectionFinding *fv;
    if (REQUEST_ROWS(r, n, fv, out.findings) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__InspectionFinding *f = &fv[i];
        zhucun__inspection_finding__init(f);
        f->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        f->team_id = strtoll(PQgetvalue(res, i, 1), NULL, 10);
        f->team_name = PQgetvalue(res, i, 2);
        f->person_id = strtoll(PQgetvalue(res, i, 3), NULL, 10);
        f->person_name = PQgetvalue(res, i, 4);
        f->village_code = PQgetvalue(res, i, 5);
        f->village_name = PQgetvalue(res, i, 6);
        f->area = PQgetvalue(res, i, 7);
        f->fact = PQgetvalue(res, i, 8);
        f->deadline = PQgetvalue(res, i, 9);
        f->deduction = (uint32_t)strtoul(PQgetvalue(res, i, 10), NULL, 10);
        f->ledger_item_id = strtoll(PQgetvalue(res, i, 11), NULL, 10);
        f->item_status = PQgetvalue(res, i, 12);
        f->overdue = PQgetvalue(res, i, 13)[0] == 't';
        f->evidence = (uint32_t)strtoul(PQgetvalue(res, i, 14), NULL, 10);
    }
    out.n_findings = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_INSPECTION_SHOW;
    reply.inspection_show = &out;
    request_reply(r, &reply);
}

static void on_show_inspection(struct request *r, PGresult *res, void *arg)
{
    struct show *s = arg;
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "暗访不存在或不在您的管辖范围内", "id");
        return;
    }
    if (inspection_of(r, res, 0, &s->inspection) != 0)
        return;
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = s->patterns;
    p[1] = request_num(r, s->inspection.id);
    request_query(r, &store_inspection_findings, p, on_findings, s);
}

static void handle_inspection_show(struct request *r)
{
    struct show *s = request_alloc(r, sizeof(*s));
    if (s == NULL)
        return;
    const char **p = list_params(r, "", "", "", r->msg->inspection_show->id, 1);
    if (p == NULL)
        return;
    s->patterns = p[0];
    request_query(r, &store_inspection_list, p, on_show_inspection, s);
}

/* ---- CircularIssue: the source read, the files rendered on the pool, then the write ---- */

/* What the pool renders: copies the job owns (the request's arena is the loop thread's). */
struct issue {
    struct offload_job job;
    struct request *r;
    struct circular_doc doc;
    char *table_json;
    char **strings; /* every copy, freed together */
    size_t nstrings;
    uint8_t *pdf, *xlsx;
    size_t pdf_len, xlsx_len;
    int failed;
};

static const char *own(struct issue *is, const char *s)
{
    is->strings[is->nstrings] = xstrdup(s);
    return is->strings[is->nstrings++];
}

static void issue_free(struct issue *is)
{
    for (size_t i = 0; i < is->nstrings; i++)
        free(is->strings[i]);
    free(is->strings);
    free((void *)is->doc.headers);
    free((void *)is->doc.cells);
    free(is->pdf);
    free(is->xlsx);
}

static void render(struct offload_job *job)
{
    struct issue *is = container_of(job, struct issue, job);
    is->failed = circular_render_pdf(&is->doc, &is->pdf, &is->pdf_len) != 0 ||
                 circular_render_xlsx(&is->doc, &is->xlsx, &is->xlsx_len) != 0;
}

static void rendered(struct offload_job *job)
{
    struct issue *is = container_of(job, struct issue, job);
    struct request *r = is->r;
    const Zhucun__CircularIssue *in = r->msg->circular_issue;
    if (is->failed) {
        issue_free(is);
        request_fail(r, ZHUCUN__CODE__INTERNAL, "通报文件生成失败", NULL);
        return;
    }
    ProtobufCBinaryData pdf = {is->pdf_len, is->pdf}, xlsx = {is->xlsx_len, is->xlsx};
    const char **p = request_keyed_scoped_params(r, 14);
    const char *table = p != NULL ? request_printf(r, "%s", is->table_json) : NULL;
    const char *pdf_hex = p != NULL ? pgarray_hex(r, 1, &pdf) : NULL;
    const char *xlsx_hex = pdf_hex != NULL ? pgarray_hex(r, 1, &xlsx) : NULL;
    issue_free(is);
    if (p == NULL || table == NULL || pdf_hex == NULL || xlsx_hex == NULL)
        return;
    p[3] = request_num(r, in->inspection_id);
    p[4] = in->doc_number;
    p[5] = in->title;
    p[6] = in->body;
    p[7] = in->issued_on;
    p[8] = table;
    p[9] = pdf_hex;
    p[10] = xlsx_hex;
    request_query(r, &store_circular_issue, p, request_stored_cb, NULL);
}

static void on_circular_source(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    const Zhucun__CircularIssue *in = r->msg->circular_issue;
    int n = PQntuples(res);
    struct issue *is = request_alloc(r, sizeof(*is));
    if (is == NULL)
        return;
    is->r = r;
    is->strings = xcalloc((size_t)n + 8, sizeof(*is->strings));
    size_t ncols = 0;
    for (int i = 0; i < n && !PQgetisnull(res, i, 3); i++)
        if (strtoll(PQgetvalue(res, i, 3), NULL, 10) == 0)
            ncols++;
    const char **headers = xcalloc(ncols + 1, sizeof(*headers));
    const char **cells = xcalloc((size_t)n + 1, sizeof(*cells));
    size_t ncells = 0;
    for (int i = 0; i < n && !PQgetisnull(res, i, 3); i++) {
        if (strtoll(PQgetvalue(res, i, 3), NULL, 10) == 0)
            headers[strtoul(PQgetvalue(res, i, 4), NULL, 10) % (ncols + 1)] =
                own(is, PQgetvalue(res, i, 5));
        else
            cells[ncells++] = own(is, PQgetvalue(res, i, 5));
    }
    char office[256];
    snprintf(office, sizeof(office), "%s驻村工作办公室", n > 0 ? PQgetvalue(res, 0, 1) : "");
    is->doc.office = own(is, office);
    is->doc.doc_number = own(is, in->doc_number);
    is->doc.title = own(is, in->title);
    is->doc.body = own(is, in->body);
    is->doc.issued_on = own(is, in->issued_on);
    is->doc.ncols = ncols;
    is->doc.nrows = ncols > 0 ? ncells / ncols : 0;
    is->doc.headers = headers;
    is->doc.cells = cells;
    is->table_json = (char *)own(is, n > 0 ? PQgetvalue(res, 0, 2) : "{}");
    is->job.work = render;
    is->job.done = rendered;
    if (offload_submit(r->w->offload, &is->job) != 0) {
        issue_free(is);
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "服务器繁忙，请稍后重试", NULL);
    }
}

static void handle_circular_issue(struct request *r)
{
    const Zhucun__CircularIssue *in = r->msg->circular_issue;
    const char *field = NULL;
    if (request_refused(r, rules_circular_issue_problem(in, zc_clock_today(), &field), &field))
        return;
    const char *patterns = access_prefix_patterns(r, r->call->roles);
    const char **p = request_params(r, 2);
    if (patterns == NULL || p == NULL)
        return;
    p[0] = patterns;
    p[1] = request_num(r, in->inspection_id);
    request_query(r, &store_circular_source, p, on_circular_source, NULL);
}

/* ---- CircularList, CircularGet ---- */

/* A bytea column of a row as PostgreSQL writes it (\x…; NULL: none) into *b, in the request's
 * arena; -1 after ending the request. */
static int bytes_of(struct request *r, const PGresult *res, int row, int col,
                    ProtobufCBinaryData *b)
{
    if (PQgetisnull(res, row, col))
        return 0;
    size_t len;
    unsigned char *u = PQunescapeBytea((const unsigned char *)PQgetvalue(res, row, col), &len);
    if (u == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return -1;
    }
    b->data = request_alloc(r, len > 0 ? len : 1);
    if (b->data != NULL) {
        memcpy(b->data, u, len);
        b->len = len;
    }
    PQfreemem(u);
    return b->data != NULL ? 0 : -1;
}

/* Row i of store_circular_list into *c (everything in the arena); -1 after ending the
 * request. */
static int circular_of(struct request *r, const PGresult *res, int i, Zhucun__Circular *c)
{
    zhucun__circular__init(c);
    c->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
    c->source_id = strtoll(PQgetvalue(res, i, 2), NULL, 10);
    if ((c->kind = keep(r, res, i, 1)) == NULL || (c->org_code = keep(r, res, i, 3)) == NULL ||
        (c->org_name = keep(r, res, i, 4)) == NULL ||
        (c->doc_number = keep(r, res, i, 5)) == NULL || (c->title = keep(r, res, i, 6)) == NULL ||
        (c->issued_on = keep(r, res, i, 7)) == NULL)
        return -1;
    if (bytes_of(r, res, i, 8, &c->pdf_sha256) != 0 || bytes_of(r, res, i, 9, &c->xlsx_sha256) != 0)
        return -1;
    return 0;
}

static void on_circular_list(struct request *r, PGresult *res, void *arg)
{
    Zhucun__CircularListReply out = ZHUCUN__CIRCULAR_LIST_REPLY__INIT;
    int n = page_rows(res, (unsigned)(uintptr_t)arg, &out.truncated);
    Zhucun__Circular *cv;
    if (REQUEST_ROWS(r, n, cv, out.circulars) == NULL)
        return;
    for (int i = 0; i < n; i++)
        if (circular_of(r, res, i, &cv[i]) != 0)
            return;
    out.n_circulars = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_CIRCULAR_LIST;
    reply.circular_list = &out;
    request_reply(r, &reply);
}

static const char **circular_params(struct request *r, const char *kind, int64_t id, unsigned limit)
{
    const char *patterns = access_prefix_patterns(r, r->call->roles);
    const char **p = request_params(r, 4);
    if (patterns == NULL || p == NULL)
        return NULL;
    p[0] = patterns;
    p[1] = kind;
    p[2] = request_num(r, id);
    p[3] = request_num(r, (long long)limit + 1);
    return p;
}

static void handle_circular_list(struct request *r)
{
    const Zhucun__CircularList *in = r->msg->circular_list;
    const char *field = NULL;
    if (request_refused(r, rules_circular_list_problem(in, &field), &field))
        return;
    unsigned limit = rules_inspect_limit(in->limit);
    const char **p = circular_params(r, in->kind, 0, limit);
    if (p != NULL)
        request_query(r, &store_circular_list, p, on_circular_list, (void *)(uintptr_t)limit);
}

struct get {
    Zhucun__CircularGetReply out;
    Zhucun__Circular circular;
};

static void reply_get(struct request *r, struct get *g);

static void on_circular_files(struct request *r, PGresult *res, void *arg)
{
    struct get *g = arg;
    if (bytes_of(r, res, 0, 0, &g->out.pdf) != 0 || bytes_of(r, res, 0, 1, &g->out.xlsx) != 0)
        return;
    reply_get(r, g);
}

static void reply_get(struct request *r, struct get *g)
{
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_CIRCULAR_GET;
    reply.circular_get = &g->out;
    request_reply(r, &reply);
}

static void on_circular_row(struct request *r, PGresult *res, void *arg)
{
    struct get *g = arg;
    const Zhucun__CircularGet *in = r->msg->circular_get;
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "通报不存在或不在您的接收范围内", "id");
        return;
    }
    zhucun__circular_get_reply__init(&g->out);
    if (circular_of(r, res, 0, &g->circular) != 0)
        return;
    g->out.circular = &g->circular;
    if ((g->out.body = keep(r, res, 0, 10)) == NULL ||
        (g->out.table_json = keep(r, res, 0, 11)) == NULL)
        return;
    if (!in->pdf && !in->xlsx) {
        reply_get(r, g);
        return;
    }
    const char **p = request_params(r, 3);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->id);
    p[1] = in->pdf ? "true" : "false";
    p[2] = in->xlsx ? "true" : "false";
    request_query(r, &store_circular_get, p, on_circular_files, g);
}

static void handle_circular_get(struct request *r)
{
    struct get *g = request_alloc(r, sizeof(*g));
    if (g == NULL)
        return;
    const char **p = circular_params(r, "", r->msg->circular_get->id, 1);
    if (p != NULL)
        request_query(r, &store_circular_list, p, on_circular_row, g);
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_INSPECTION_RECORD, "InspectionRecord", AUTH_SESSION, INSPECTORS_OFFICES,
     0, handle_inspection_record, replay_id, 1},
    {ZHUCUN__REQUEST__BODY_FINDING_ADD, "FindingAdd", AUTH_SESSION, INSPECTORS_OFFICES, 0,
     handle_finding_add, replay_id, 1},
    {ZHUCUN__REQUEST__BODY_INSPECTION_LIST, "InspectionList", AUTH_SESSION, INSPECTION_READERS, 0,
     handle_inspection_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_INSPECTION_SHOW, "InspectionShow", AUTH_SESSION, INSPECTION_READERS, 0,
     handle_inspection_show, NULL, 0},
    {ZHUCUN__REQUEST__BODY_CIRCULAR_ISSUE, "CircularIssue", AUTH_SESSION, INSPECTORS_OFFICES, 0,
     handle_circular_issue, replay_id, 1},
    {ZHUCUN__REQUEST__BODY_CIRCULAR_LIST, "CircularList", AUTH_SESSION, INSPECTION_READERS, 0,
     handle_circular_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_CIRCULAR_GET, "CircularGet", AUTH_SESSION, INSPECTION_READERS, 0,
     handle_circular_get, NULL, 0},
};

const struct domain inspect_domain = {
    .name = "inspect",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
