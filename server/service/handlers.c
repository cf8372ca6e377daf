/* service/handlers.c -- service cases and disputes (精细化服务, SPEC S1): a case opened for a
 * household, its steps, its closing, the lists, one case with its steps and evidence, and the
 * counts by village, unit, cadre, category or month (docs/services.md). The body's checks are
 * common/rules/service.c's; what needs rows is 0080_service_cases.sql's. */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/rules/org.h"
#include "common/rules/service.h"
#include "common/token.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/roles.h"
#include "server/service/service.h"
#include "server/service/store.h"

/* Service cases are written by the village's team and read as its households are. */
#define SERVICE_WRITERS (ROLE_TEAM_CAPTAIN | ROLE_CADRE)
#define SERVICE_READERS HOUSEHOLD_READERS

char *service_keep(struct request *r, const char *s)
{
    char *p = arena_strdup(r->arena, s);
    if (p == NULL)
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
    return p;
}

/* The LIKE patterns of org code ("" = every scope of the call's roles), or NULL when the
 * request was refused (out of scope: NOT_FOUND). *len: the code's significant digits (0 for
 * ""). */
static const char *scope_of(struct request *r, const char *code, int *len)
{
    *len = code[0] != '\0' ? rules_code_prefix_len(rules_code_level(code)) : 0;
    return access_org_patterns(r, code);
}

/* ---- ServiceCaseCreate, ServiceCaseStep, ServiceCaseClose ---- */

void service_replay_id(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__ServiceId id = ZHUCUN__SERVICE_ID__INIT;
    id.id = strtoll(sr->f[0], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    /* the reply's member has the request's field number (envelope.proto) and every one of
     * them is a ServiceId: the union's members are the one pointer */
    reply.body_case = (Zhucun__Reply__BodyCase)r->msg->body_case;
    reply.service_case_create = &id;
    request_reply(r, &reply);
}

static void handle_service_case_create(struct request *r)
{
    const Zhucun__ServiceCaseCreate *in = r->msg->service_case_create;
    const char *field = NULL;
    const char *problem = rules_service_create_problem(in, zc_clock_today(), &field);
    if (request_refused(r, problem, &field))
        return;
    const char **p = request_keyed_params(r, 14);
    if (p == NULL)
        return;
    p[2] = access_prefix_patterns(r, r->call->roles);
    p[3] = request_num(r, in->household_id);
    p[4] = in->member_id > 0 ? request_num(r, in->member_id) : NULL;
    p[5] = in->category;
    p[6] = in->subkind;
    p[7] = in->opened_on;
    p[8] = in->summary;
    p[9] = in->follows_id > 0 ? request_num(r, in->follows_id) : NULL;
    if ((p[10] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    if (p[10] == NULL)
        return;
    request_query(r, &store_service_case_create, p, request_stored_cb, NULL);
}

/* A step or a close: the case's category first (no row: NOT_FOUND), the body judged against
 * it by the rules, then the write. */
static void on_category(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "服务事项不存在或不在您的管辖范围内", "case_id");
        return;
    }
    const char *category = PQgetvalue(res, 0, 0);
    const char *field = NULL, *problem;
    int step = r->msg->body_case == ZHUCUN__REQUEST__BODY_SERVICE_CASE_STEP;
    const Zhucun__ServiceCaseStep *st = r->msg->service_case_step;
    const Zhucun__ServiceCaseClose *cl = r->msg->service_case_close;
    problem = step ? rules_service_step_problem(st, category, zc_clock_today(), &field)
                   : rules_service_close_problem(cl, category, zc_clock_today(), &field);
    if (request_refused(r, problem, &field))
        return;
    const char **p = request_keyed_params(r, step ? 11 : 12);
    if (p == NULL)
        return;
    p[2] = access_prefix_patterns(r, r->call->roles);
    if (step) {
        p[3] = request_num(r, st->case_id);
        p[4] = st->step;
        p[5] = st->on_date;
        p[6] = st->note;
        if ((p[7] = pgarray_hex(r, st->n_evidence, st->evidence)) == NULL)
            return;
        if (p[7] != NULL)
            request_query(r, &store_service_case_step, p, request_stored_cb, NULL);
        return;
    }
    p[3] = request_num(r, cl->case_id);
    p[4] = cl->closed_on;
    p[5] = cl->outcome;
    p[6] = cl->mediation[0] != '\0' ? cl->mediation : NULL;
    p[7] = cl->amount_fen > 0 ? request_num(r, cl->amount_fen) : NULL;
    if ((p[8] = pgarray_hex(r, cl->n_evidence, cl->evidence)) == NULL)
        return;
    if (p[8] != NULL)
        request_query(r, &store_service_case_close, p, request_stored_cb, NULL);
}

static void handle_service_case_change(struct request *r)
{
    int step = r->msg->body_case == ZHUCUN__REQUEST__BODY_SERVICE_CASE_STEP;
    const char *field = NULL, *problem;
    /* the body's own checks first, so that a bad body is refused whatever the case */
    problem =
        step ? rules_service_step_problem(r->msg->service_case_step, NULL, zc_clock_today(), &field)
             : rules_service_close_problem(r->msg->service_case_close, NULL, zc_clock_today(),
                                           &field);
    if (request_refused(r, problem, &field))
        return;
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = request_num(r, step ? r->msg->service_case_step->case_id
                               : r->msg->service_case_close->case_id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    request_query(r, &store_service_case_category, p, on_category, NULL);
}

/* ---- ServiceCaseList, ServiceCaseShow ---- */

/* Row i of res, columns from col on (SERVICE_CASE_COLUMNS), into e; strings point into res,
 * which the caller keeps until the reply is sent. */
static void case_from_row(const PGresult *res, int i, Zhucun__ServiceCaseEntry *e)
{
    zhucun__service_case_entry__init(e);
    e->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
    e->village_code = PQgetvalue(res, i, 1);
    e->household_id = strtoll(PQgetvalue(res, i, 2), NULL, 10);
    e->head_name = PQgetvalue(res, i, 3);
    e->member_id = strtoll(PQgetvalue(res, i, 4), NULL, 10);
    e->member_name = PQgetvalue(res, i, 5);
    e->category = PQgetvalue(res, i, 6);
    e->subkind = PQgetvalue(res, i, 7);
    e->summary = PQgetvalue(res, i, 8);
    e->handler_id = strtoll(PQgetvalue(res, i, 9), NULL, 10);
    e->handler_name = PQgetvalue(res, i, 10);
    e->opened_on = PQgetvalue(res, i, 11);
    e->closed_on = PQgetvalue(res, i, 12);
    e->outcome = PQgetvalue(res, i, 13);
    e->mediation = PQgetvalue(res, i, 14);
    e->amount_fen = strtoll(PQgetvalue(res, i, 15), NULL, 10);
    e->follows_id = strtoll(PQgetvalue(res, i, 16), NULL, 10);
    e->steps = (uint32_t)strtoul(PQgetvalue(res, i, 17), NULL, 10);
    e->last_step_on = PQgetvalue(res, i, 18);
}

struct list {
    unsigned limit;
    const char *p[7];
};

static void on_list(struct request *r, PGresult *res, void *arg)
{
    struct list *l = arg;
    int n = PQntuples(res);
    Zhucun__ServiceCaseListReply lr = ZHUCUN__SERVICE_CASE_LIST_REPLY__INIT;
    lr.truncated = (unsigned)n > l->limit;
    if (lr.truncated)
        n = (int)l->limit;
    Zhucun__ServiceCaseEntry *ev;
    if (REQUEST_ROWS(r, n, ev, lr.cases) == NULL)
        return;
    for (int i = 0; i < n; i++)
        case_from_row(res, i, &ev[i]);
    lr.n_cases = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_SERVICE_CASE_LIST;
    reply.service_case_list = &lr;
    request_reply(r, &reply);
}

/* A household's list: the household in scope (else NOT_FOUND), then its cases. */
static void on_household(struct request *r, PGresult *res, void *arg)
{
    struct list *l = arg;
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "农户不存在或不在您的管辖范围内", "household_id");
        return;
    }
    request_query(r, &store_service_case_list, l->p, on_list, l);
}

static void handle_service_case_list(struct request *r)
{
    const Zhucun__ServiceCaseList *in = r->msg->service_case_list;
    const char *field = NULL;
    if (request_refused(r, rules_service_list_problem(in, zc_clock_today(), &field), &field))
        return;
    struct list *l = request_alloc(r, sizeof(*l));
    if (l == NULL)
        return;
    int len;
    l->limit = in->limit == 0                 ? SERVICE_LIST_DEFAULT
               : in->limit > SERVICE_LIST_MAX ? SERVICE_LIST_MAX
                                              : in->limit;
    if ((l->p[0] = scope_of(r, in->org_code, &len)) == NULL)
        return;
    l->p[1] = request_num(r, in->household_id > 0 ? in->household_id : 0);
    l->p[2] = in->category;
    l->p[3] = request_num(r, in->handler_id);
    l->p[4] = in->open_only ? "true" : "false";
    l->p[5] = request_num(r, in->year);
    l->p[6] = request_num(r, (long long)l->limit + 1);
    if (in->household_id <= 0) {
        request_query(r, &store_service_case_list, l->p, on_list, l);
        return;
    }
    const char **q = request_params(r, 2);
    if (q == NULL)
        return;
    q[0] = l->p[1];
    q[1] = l->p[0];
    request_query(r, &store_service_household, q, on_household, l);
}

static void on_show(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "服务事项不存在或不在您的管辖范围内", "id");
        return;
    }
    Zhucun__ServiceCaseShowReply sr = ZHUCUN__SERVICE_CASE_SHOW_REPLY__INIT;
    Zhucun__ServiceCaseEntry *e = request_alloc(r, sizeof(*e));
    if (e == NULL)
        return;
    case_from_row(res, 0, e);
    sr.service_case = e;
    struct pgarray_values st[5] = {{0}};
    size_t nev;
    char **ev = pgarray_column(r, res, 0, SERVICE_CASE_NCOLUMNS + 5, &nev);
    if (ev == NULL || pgarray_columns(r, res, 0, SERVICE_CASE_NCOLUMNS, st, 5) != 0)
        goto out;
    Zhucun__ServiceStepEntry *sv;
    if (REQUEST_ROWS(r, st[0].n, sv, sr.steps) == NULL)
        goto out;
    for (size_t i = 0; i < st[0].n; i++) {
        zhucun__service_step_entry__init(&sv[i]);
        sv[i].id = strtoll(st[0].v[i], NULL, 10);
        if ((sv[i].step = service_keep(r, st[1].v[i])) == NULL ||
            (sv[i].on_date = service_keep(r, st[2].v[i])) == NULL ||
            (sv[i].note = service_keep(r, st[3].v[i])) == NULL ||
            (sv[i].recorded_by = service_keep(r, st[4].v[i])) == NULL)
            goto out;
    }
    sr.n_steps = st[0].n;
    ProtobufCBinaryData *hv = request_alloc(r, (nev + 1) * sizeof(*hv));
    if (hv == NULL)
        goto out;
    for (size_t i = 0; i < nev; i++) {
        hv[i].len = SERVICE_SHA256_LEN;
        hv[i].data = request_alloc(r, SERVICE_SHA256_LEN);
        if (hv[i].data == NULL)
            goto out;
        for (size_t k = 0; k < SERVICE_SHA256_LEN; k++)
            sscanf(ev[i] + 2 * k, "%2hhx", &hv[i].data[k]);
    }
    sr.n_evidence = nev;
    sr.evidence = hv;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_SERVICE_CASE_SHOW;
    reply.service_case_show = &sr;
    request_reply(r, &reply);
out:
    pgarray_values_free_n(st, 5);
}

static void handle_service_case_show(struct request *r)
{
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->msg->service_case_show->id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    request_query(r, &store_service_case_show, p, on_show, NULL);
}

/* ---- ServiceReport ---- */

static void on_report(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res);
    Zhucun__ServiceReportReply rr = ZHUCUN__SERVICE_REPORT_REPLY__INIT;
    Zhucun__ServiceReportRow *rv;
    if (REQUEST_ROWS(r, n, rv, rr.rows) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__service_report_row__init(&rv[i]);
        rv[i].key = PQgetvalue(res, i, 0);
        rv[i].label = PQgetvalue(res, i, 1);
        rv[i].opened = (uint32_t)strtoul(PQgetvalue(res, i, 2), NULL, 10);
        rv[i].closed = (uint32_t)strtoul(PQgetvalue(res, i, 3), NULL, 10);
        rv[i].still_open = (uint32_t)strtoul(PQgetvalue(res, i, 4), NULL, 10);
        rv[i].amount_fen = strtoll(PQgetvalue(res, i, 5), NULL, 10);
        rv[i].disputes = (uint32_t)strtoul(PQgetvalue(res, i, 6), NULL, 10);
        rv[i].mediated = (uint32_t)strtoul(PQgetvalue(res, i, 7), NULL, 10);
    }
    rr.n_rows = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_SERVICE_REPORT;
    reply.service_report = &rr;
    request_reply(r, &reply);
}

static void handle_service_report(struct request *r)
{
    const Zhucun__ServiceReport *in = r->msg->service_report;
    const char *field = NULL;
    if (request_refused(r, rules_service_report_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_params(r, 4);
    if (p == NULL)
        return;
    int len, y, m, d;
    if ((p[0] = scope_of(r, in->org_code, &len)) == NULL)
        return;
    rules_civil_from_days(zc_clock_today(), &y, &m, &d);
    p[1] = request_num(r, len);
    p[2] = request_num(r, in->year != 0 ? (long long)in->year : y);
    p[3] = in->by;
    request_query(r, &store_service_report, p, on_report, NULL);
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_SERVICE_CASE_CREATE, "ServiceCaseCreate", AUTH_SESSION, SERVICE_WRITERS,
     0, handle_service_case_create, service_replay_id, 1},
    {ZHUCUN__REQUEST__BODY_SERVICE_CASE_STEP, "ServiceCaseStep", AUTH_SESSION, SERVICE_WRITERS, 0,
     handle_service_case_change, service_replay_id, 1},
    {ZHUCUN__REQUEST__BODY_SERVICE_CASE_CLOSE, "ServiceCaseClose", AUTH_SESSION, SERVICE_WRITERS, 0,
     handle_service_case_change, request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_SERVICE_CASE_LIST, "ServiceCaseList", AUTH_SESSION, SERVICE_READERS, 0,
     handle_service_case_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_SERVICE_CASE_SHOW, "ServiceCaseShow", AUTH_SESSION, SERVICE_READERS, 0,
     handle_service_case_show, NULL, 0},
    {ZHUCUN__REQUEST__BODY_SERVICE_REPORT, "ServiceReport", AUTH_SESSION, SERVICE_READERS, 0,
     handle_service_report, NULL, 0},
};

const struct domain service_domain = {
    .name = "service",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
