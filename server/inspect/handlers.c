/* inspect/handlers.c -- inspections (暗访督查) and circulars (通报): SPEC G1; issue 22;
 * docs/inspections.md, docs/circulars.md. An office records its inspections
 * (InspectionRecord) and their findings (FindingAdd: each a ledger item and, where given, a
 * deduction of points), reads them (InspectionList, InspectionShow), publishes an
 * inspection's findings as a circular rendered as a PDF and an xlsx on the thread pool
 * (CircularIssue; server/circular/render.c), and everyone it reaches lists the circulars and
 * downloads their files (CircularList, CircularGet). The body's checks are
 * common/rules/inspect.c's; what needs rows is 0140_inspections.sql's. */
#include "server/domains.h"

#include <stdio.h>
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

/* ---- rendering a circular on the pool (CircularIssue, and CircularGet of one not rendered) */

/* What the pool renders: copies the job owns (the request's arena is the loop thread's); then
 * what to do with the files, on the loop thread. */
struct rendering {
    struct offload_job job;
    struct request *r;
    struct circular_doc doc;
    const char *table_json;
    char **strings; /* every copy, freed together */
    size_t nstrings;
    uint8_t *pdf, *xlsx;
    size_t pdf_len, xlsx_len;
    int failed;
    void (*then)(struct request *r, struct rendering *g); /* frees g's buffers (rendering_free) */
    void *arg;
};

static const char *own(struct rendering *g, const char *s)
{
    g->strings[g->nstrings] = xstrdup(s);
    return g->strings[g->nstrings++];
}

static void rendering_free(struct rendering *g)
{
    for (size_t i = 0; i < g->nstrings; i++)
        free(g->strings[i]);
    free(g->strings);
    free((void *)g->doc.headers);
    free((void *)g->doc.cells);
    free(g->pdf);
    free(g->xlsx);
}

static void render(struct offload_job *job)
{
    struct rendering *g = container_of(job, struct rendering, job);
    g->failed = circular_render_pdf(&g->doc, &g->pdf, &g->pdf_len) != 0 ||
                circular_render_xlsx(&g->doc, &g->xlsx, &g->xlsx_len) != 0;
}

static void rendered(struct offload_job *job)
{
    struct rendering *g = container_of(job, struct rendering, job);
    if (g->failed) {
        rendering_free(g);
        request_fail(g->r, ZHUCUN__CODE__INTERNAL, "通报文件生成失败", NULL);
        return;
    }
    g->then(g->r, g);
}

/* Renders the circular of res (store_circular_source's or store_circular_cells' shape: office,
 * doc number, title, body, day, table, then the table's cells as row, column, text with the
 * columns as row 0), then runs then(r, g) on the loop thread. */
static void render_start(struct request *r, const PGresult *res,
                         void (*then)(struct request *r, struct rendering *g), void *arg)
{
    int n = PQntuples(res);
    struct rendering *g = request_alloc(r, sizeof(*g));
    if (g == NULL)
        return;
    g->r = r;
    g->then = then;
    g->arg = arg;
    g->strings = xcalloc((size_t)n + 8, sizeof(*g->strings));
    size_t ncols = 0, nrows = 0;
    for (int i = 0; i < n && !PQgetisnull(res, i, 6); i++) {
        size_t row = strtoul(PQgetvalue(res, i, 6), NULL, 10);
        ncols += row == 0;
        nrows = row > nrows ? row : nrows;
    }
    const char **headers = xcalloc(ncols + 1, sizeof(*headers));
    const char **cells = xcalloc(nrows * ncols + 1, sizeof(*cells));
    for (size_t k = 0; k < ncols; k++)
        headers[k] = "";
    for (size_t k = 0; k < nrows * ncols; k++)
        cells[k] = "";
    for (int i = 0; i < n && !PQgetisnull(res, i, 6); i++) {
        size_t row = strtoul(PQgetvalue(res, i, 6), NULL, 10);
        size_t col = strtoul(PQgetvalue(res, i, 7), NULL, 10);
        if (col >= ncols) /* a row longer than the columns: the rest is not shown */
            continue;
        if (row == 0)
            headers[col] = own(g, PQgetvalue(res, i, 8));
        else
            cells[(row - 1) * ncols + col] = own(g, PQgetvalue(res, i, 8));
    }
    char office[256];
    snprintf(office, sizeof(office), "%s驻村工作办公室", PQgetvalue(res, 0, 0));
    g->doc.office = own(g, office);
    g->doc.doc_number = own(g, PQgetvalue(res, 0, 1));
    g->doc.title = own(g, PQgetvalue(res, 0, 2));
    g->doc.body = own(g, PQgetvalue(res, 0, 3));
    g->doc.issued_on = own(g, PQgetvalue(res, 0, 4));
    g->table_json = own(g, PQgetvalue(res, 0, 5));
    g->doc.ncols = ncols;
    g->doc.nrows = nrows;
    g->doc.headers = headers;
    g->doc.cells = cells;
    g->job.work = render;
    g->job.done = rendered;
    if (offload_submit(r->w->offload, &g->job) != 0) {
        rendering_free(g);
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "服务器繁忙，请稍后重试", NULL);
    }
}

/* ---- CircularIssue: the source read, the files rendered on the pool, then the write ---- */

static void issue_write(struct request *r, struct rendering *g)
{
    const Zhucun__CircularIssue *in = r->msg->circular_issue;
    ProtobufCBinaryData pdf = {g->pdf_len, g->pdf}, xlsx = {g->xlsx_len, g->xlsx};
    const char **p = request_keyed_scoped_params(r, 14);
    const char *table = p != NULL ? request_printf(r, "%s", g->table_json) : NULL;
    const char *pdf_hex = table != NULL ? pgarray_hex(r, 1, &pdf) : NULL;
    const char *xlsx_hex = pdf_hex != NULL ? pgarray_hex(r, 1, &xlsx) : NULL;
    rendering_free(g);
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
    render_start(r, res, issue_write, NULL);
}

static void handle_circular_issue(struct request *r)
{
    const Zhucun__CircularIssue *in = r->msg->circular_issue;
    const char *field = NULL;
    if (request_refused(r, rules_circular_issue_problem(in, zc_clock_today(), &field), &field))
        return;
    const char *patterns = access_prefix_patterns(r, r->call->roles);
    const char **p = request_params(r, 6);
    if (patterns == NULL || p == NULL)
        return;
    p[0] = patterns;
    p[1] = request_num(r, in->inspection_id);
    p[2] = in->doc_number;
    p[3] = in->title;
    p[4] = in->body;
    p[5] = in->issued_on;
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

/* The files rendered for CircularGet: the one a caller asked for in the reply, both stored. */
static void on_rendered_stored(struct request *r, PGresult *res, void *arg)
{
    struct get *g = arg;
    if (PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] != '\0') {
        /* the hashes now stored (this rendering's, or an earlier one's: the same bytes) */
        if (bytes_of(r, res, 0, 0, &g->circular.pdf_sha256) != 0 ||
            bytes_of(r, res, 0, 1, &g->circular.xlsx_sha256) != 0)
            return;
    }
    reply_get(r, g);
}

static void get_store(struct request *r, struct rendering *x)
{
    struct get *g = x->arg;
    const Zhucun__CircularGet *in = r->msg->circular_get;
    ProtobufCBinaryData pdf = {x->pdf_len, x->pdf}, xlsx = {x->xlsx_len, x->xlsx};
    const char **p = request_params(r, 6);
    const char *pdf_hex = p != NULL ? pgarray_hex(r, 1, &pdf) : NULL;
    const char *xlsx_hex = pdf_hex != NULL ? pgarray_hex(r, 1, &xlsx) : NULL;
    int ok = xlsx_hex != NULL;
    ProtobufCBinaryData *want[2] = {in->pdf ? &g->out.pdf : NULL, in->xlsx ? &g->out.xlsx : NULL};
    ProtobufCBinaryData *made[2] = {&pdf, &xlsx};
    for (int k = 0; ok && k < 2; k++) {
        if (want[k] == NULL)
            continue;
        want[k]->data = request_alloc(r, made[k]->len);
        ok = want[k]->data != NULL;
        if (ok) {
            memcpy(want[k]->data, made[k]->data, made[k]->len);
            want[k]->len = made[k]->len;
        }
    }
    rendering_free(x);
    if (!ok)
        return;
    p[0] = request_num(r, r->session.user_id);
    p[1] = request_num(r, in->id);
    p[2] = pdf_hex;
    p[3] = xlsx_hex;
    p[4] = r->session.username;
    p[5] = r->peer;
    request_query(r, &store_circular_render, p, on_rendered_stored, g);
}

static void on_circular_cells(struct request *r, PGresult *res, void *arg)
{
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "通报不存在或不在您的接收范围内", "id");
        return;
    }
    render_start(r, res, get_store, arg);
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
    if (g->circular.pdf_sha256.len == 0 || g->circular.xlsx_sha256.len == 0) {
        /* a circular inserted without its files (an assessment's, the demo's): rendered now */
        const char **p = request_params(r, 1);
        if (p == NULL)
            return;
        p[0] = request_num(r, in->id);
        request_query(r, &store_circular_cells, p, on_circular_cells, g);
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
