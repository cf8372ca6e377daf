/* consume/handlers.c -- consumption assistance (消费帮扶, SPEC M7; issue 21): purchases by
 * dispatching units, their first secretaries and teams; sales contracts of village producers;
 * each unit's progress toward its yearly quota (docs/consumption.md). The body's checks are
 * common/rules/consume.c's; what needs rows (the unit assists the village on the day, the buyer
 * serves for the unit, the rule rows in force for a year) is 0120_consumption.sql's. */
#include "server/domains.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/consume.h"
#include "common/rules/date.h"
#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/consume/store.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/list.h"
#include "server/core/pgarray.h"
#include "server/roles.h"

/* Who records a purchase: a unit's administrator, or a cadre serving for the unit (their own
 * purchase as first secretary, or their team's). Who reads purchases and progress: offices and
 * supervisors by place, the village's team, and a unit's administrator (their unit). */
#define PURCHASE_WRITERS (ROLE_UNIT_ADMIN | ROLE_TEAM_CAPTAIN | ROLE_CADRE)
#define PURCHASE_READERS (HOUSEHOLD_READERS | ROLE_UNIT_ADMIN)
#define PROGRESS_READERS (OFFICES | ROLE_UNIT_ADMIN)

/* The answer to a keyed write, first or retried: the new record's id. */
static void replay_write(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__ConsumeWriteReply w = ZHUCUN__CONSUME_WRITE_REPLY__INIT;
    w.id = strtoll(sr->f[0], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = r->msg->body_case == ZHUCUN__REQUEST__BODY_PURCHASE_RECORD
                          ? ZHUCUN__REPLY__BODY_PURCHASE_RECORD
                          : ZHUCUN__REPLY__BODY_CONTRACT_RECORD;
    reply.purchase_record = &w; /* the oneof's members share the one pointer */
    request_reply(r, &reply);
}

/* The units the caller administers, for a call a unit's administrator may make. */
static const char *unit_ids(struct request *r)
{
    return (session_roles(&r->session) & ROLE_UNIT_ADMIN) ? access_unit_ids(r) : "{}";
}

/* The year asked for, this year for 0. */
static const char *year_text(struct request *r, uint32_t year)
{
    int y, m, d;
    rules_civil_from_days(zc_clock_today(), &y, &m, &d);
    return request_num(r, year != 0 ? (long long)year : y);
}

/* ---- the writes ---- */

static void handle_purchase_record(struct request *r)
{
    const Zhucun__PurchaseRecord *in = r->msg->purchase_record;
    const char *field = NULL;
    if (request_refused(r, rules_purchase_record_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_params(r, 20);
    if (p == NULL)
        return;
    p[2] = unit_ids(r);
    p[3] = request_num(r, in->unit_id);
    p[4] = in->buyer_kind;
    p[5] = request_num(r, in->person_id);
    p[6] = request_num(r, in->team_id);
    p[7] = in->village;
    p[8] = in->producer_kind;
    p[9] = request_num(r, in->household_id);
    p[10] = in->producer_name;
    p[11] = in->on_date;
    p[12] = in->goods;
    p[13] = request_num(r, in->quantity);
    p[14] = in->qty_unit;
    p[15] = request_num(r, in->amount);
    if ((p[16] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_purchase_record, p, request_stored_cb, NULL);
}

static void handle_contract_record(struct request *r)
{
    const Zhucun__ContractRecord *in = r->msg->contract_record;
    const char *field = NULL;
    if (request_refused(r, rules_contract_record_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_params(r, 20);
    if (p == NULL)
        return;
    p[2] = access_prefix_patterns(r, r->call->roles);
    p[3] = in->village;
    p[4] = in->buyer_name;
    p[5] = in->buyer_kind;
    p[6] = in->producer_kind;
    p[7] = request_num(r, in->household_id);
    p[8] = in->producer_name;
    p[9] = in->signed_on;
    p[10] = in->period_from;
    p[11] = in->period_to;
    p[12] = in->goods;
    p[13] = request_num(r, in->quantity);
    p[14] = in->qty_unit;
    p[15] = request_num(r, in->amount);
    if ((p[16] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_contract_record, p, request_stored_cb, NULL);
}

/* ---- PurchaseList ---- */

static void on_purchase_list(struct request *r, PGresult *res, void *arg)
{
    Zhucun__PurchaseListReply out = ZHUCUN__PURCHASE_LIST_REPLY__INIT;
    int n = list_rows(arg, res, &out.truncated);
    Zhucun__Purchase *pv;
    if (REQUEST_ROWS(r, n, pv, out.purchases) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__Purchase *p = &pv[i];
        zhucun__purchase__init(p);
        p->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        p->unit_id = strtoll(PQgetvalue(res, i, 1), NULL, 10);
        p->unit_name = PQgetvalue(res, i, 2);
        p->buyer_kind = PQgetvalue(res, i, 3);
        p->buyer_name = PQgetvalue(res, i, 4);
        p->village = PQgetvalue(res, i, 5);
        p->village_name = PQgetvalue(res, i, 6);
        p->producer_kind = PQgetvalue(res, i, 7);
        p->household_id = strtoll(PQgetvalue(res, i, 8), NULL, 10);
        p->producer_name = PQgetvalue(res, i, 9);
        p->on_date = PQgetvalue(res, i, 10);
        p->goods = PQgetvalue(res, i, 11);
        p->quantity = strtoll(PQgetvalue(res, i, 12), NULL, 10);
        p->qty_unit = PQgetvalue(res, i, 13);
        p->amount = strtoll(PQgetvalue(res, i, 14), NULL, 10);
        p->evidence = (uint32_t)strtoul(PQgetvalue(res, i, 15), NULL, 10);
        out.total += p->amount;
    }
    out.n_purchases = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_PURCHASE_LIST;
    reply.purchase_list = &out;
    request_reply(r, &reply);
}

static void handle_purchase_list(struct request *r)
{
    const Zhucun__PurchaseList *in = r->msg->purchase_list;
    const char *field = NULL;
    if (request_refused(r, rules_purchase_list_problem(in, zc_clock_today(), &field), &field))
        return;
    struct list *l;
    const char **p = list_params(r, access_place_patterns(r, in->org_code), in->limit,
                                 CONSUME_LIST_DEFAULT, 5, &l);
    if (p == NULL)
        return;
    p[1] = in->org_code[0] == '\0' ? unit_ids(r) : "{}";
    p[2] = request_num(r, in->unit_id);
    p[3] = year_text(r, in->year);
    request_query(r, &store_purchase_list, p, on_purchase_list, l);
}

/* ---- ContractList ---- */

static void on_contract_list(struct request *r, PGresult *res, void *arg)
{
    Zhucun__ContractListReply out = ZHUCUN__CONTRACT_LIST_REPLY__INIT;
    int n = list_rows(arg, res, &out.truncated);
    Zhucun__SalesContract *cv;
    if (REQUEST_ROWS(r, n, cv, out.contracts) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__SalesContract *c = &cv[i];
        zhucun__sales_contract__init(c);
        c->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        c->village = PQgetvalue(res, i, 1);
        c->village_name = PQgetvalue(res, i, 2);
        c->buyer_name = PQgetvalue(res, i, 3);
        c->buyer_kind = PQgetvalue(res, i, 4);
        c->producer_kind = PQgetvalue(res, i, 5);
        c->producer_name = PQgetvalue(res, i, 6);
        c->signed_on = PQgetvalue(res, i, 7);
        c->period_from = PQgetvalue(res, i, 8);
        c->period_to = PQgetvalue(res, i, 9);
        c->goods = PQgetvalue(res, i, 10);
        c->quantity = strtoll(PQgetvalue(res, i, 11), NULL, 10);
        c->qty_unit = PQgetvalue(res, i, 12);
        c->amount = strtoll(PQgetvalue(res, i, 13), NULL, 10);
    }
    out.n_contracts = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_CONTRACT_LIST;
    reply.contract_list = &out;
    request_reply(r, &reply);
}

static void handle_contract_list(struct request *r)
{
    const Zhucun__ContractList *in = r->msg->contract_list;
    const char *field = NULL;
    if (request_refused(r, rules_contract_list_problem(in, zc_clock_today(), &field), &field))
        return;
    struct list *l;
    const char **p = list_params(r, access_org_patterns(r, in->org_code), in->limit,
                                 CONSUME_LIST_DEFAULT, 3, &l);
    if (p == NULL)
        return;
    p[1] = request_num(r, in->year);
    request_query(r, &store_contract_list, p, on_contract_list, l);
}

/* ---- QuotaProgress ---- */

static void on_quota_progress(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    Zhucun__QuotaProgressReply out = ZHUCUN__QUOTA_PROGRESS_REPLY__INIT;
    out.year = (uint32_t)(uintptr_t)arg;
    Zhucun__UnitProgress *uv;
    if (REQUEST_ROWS(r, n, uv, out.units) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__UnitProgress *u = &uv[i];
        zhucun__unit_progress__init(u);
        u->unit_id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        u->name = PQgetvalue(res, i, 1);
        u->level = PQgetvalue(res, i, 2);
        u->org_code = PQgetvalue(res, i, 3);
        u->city_code = PQgetvalue(res, i, 4);
        u->county_code = PQgetvalue(res, i, 5);
        u->counted = strtoll(PQgetvalue(res, i, 6), NULL, 10);
        u->bought = strtoll(PQgetvalue(res, i, 7), NULL, 10);
        u->quota = strtoll(PQgetvalue(res, i, 8), NULL, 10);
        u->has_quota = PQgetvalue(res, i, 9)[0] == 't';
        u->permille = (uint32_t)strtoul(PQgetvalue(res, i, 10), NULL, 10);
        u->shortfall = strtoll(PQgetvalue(res, i, 11), NULL, 10);
    }
    out.n_units = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_QUOTA_PROGRESS;
    reply.quota_progress = &out;
    request_reply(r, &reply);
}

static void handle_quota_progress(struct request *r)
{
    const Zhucun__QuotaProgress *in = r->msg->quota_progress;
    const char *field = NULL;
    if (request_refused(r, rules_quota_progress_problem(in, zc_clock_today(), &field), &field))
        return;
    const char *patterns = access_place_patterns(r, in->org_code); /* NULL: the request has ended */
    if (patterns == NULL)
        return;
    const char **p = request_params(r, 4);
    if (p == NULL)
        return;
    p[0] = patterns;
    p[1] = in->org_code[0] == '\0' ? unit_ids(r) : "{}";
    p[2] = year_text(r, in->year);
    p[3] = in->shortfall ? "true" : "false";
    request_query(r, &store_quota_progress, p, on_quota_progress,
                  (void *)(uintptr_t)strtoul(p[2], NULL, 10));
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_PURCHASE_RECORD, "PurchaseRecord", AUTH_SESSION, PURCHASE_WRITERS, 0,
     handle_purchase_record, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_PURCHASE_LIST, "PurchaseList", AUTH_SESSION, PURCHASE_READERS, 0,
     handle_purchase_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_CONTRACT_RECORD, "ContractRecord", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_contract_record, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_CONTRACT_LIST, "ContractList", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_contract_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_QUOTA_PROGRESS, "QuotaProgress", AUTH_SESSION, PROGRESS_READERS, 0,
     handle_quota_progress, NULL, 0},
};

const struct domain consume_domain = {
    .name = "consume",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
