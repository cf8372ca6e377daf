/* guarantee/handlers.c -- three guarantees and drinking water (SPEC M5) and the labour ledger
 * (SPEC M6): entries recorded and resolved, a household's entries and gaps, the list of
 * households with any gap, labour records (docs/guarantees.md). The body's checks are
 * common/rules/guarantee.c's; what needs rows is 0060_guarantees.sql's. */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/rules/guarantee.h"
#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/guarantee/store.h"
#include "server/roles.h"

/* ---- GuaranteeRecord, LabourRecord, GuaranteeResolve ---- */

/* The answer to a keyed record, first or retried: the new row's id. */
static void replay_record(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    int64_t id = strtoll(sr->f[0], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__GuaranteeRecordReply gr = ZHUCUN__GUARANTEE_RECORD_REPLY__INIT;
    Zhucun__LabourRecordReply lr = ZHUCUN__LABOUR_RECORD_REPLY__INIT;
    if (r->msg->body_case == ZHUCUN__REQUEST__BODY_LABOUR_RECORD) {
        lr.id = id;
        reply.body_case = ZHUCUN__REPLY__BODY_LABOUR_RECORD;
        reply.labour_record = &lr;
    } else {
        gr.id = id;
        reply.body_case = ZHUCUN__REPLY__BODY_GUARANTEE_RECORD;
        reply.guarantee_record = &gr;
    }
    request_reply(r, &reply);
}

static void handle_guarantee_record(struct request *r)
{
    const Zhucun__GuaranteeRecord *in = r->msg->guarantee_record;
    const char *field = NULL;
    if (request_refused(r, rules_guarantee_record_problem(in, zc_clock_today(), &field), &field))
        return;
    int hospital = strcmp(in->kind, "hospital") == 0;
    const char **p = request_keyed_params(r, 19);
    if (p == NULL)
        return;
    p[2] = access_prefix_patterns(r, r->call->roles);
    p[3] = in->household_id > 0 ? request_num(r, in->household_id) : NULL;
    p[4] = in->member_id > 0 ? request_num(r, in->member_id) : NULL;
    p[5] = in->household_id > 0 ? NULL : in->village_code;
    p[6] = in->kind;
    p[7] = in->on_date;
    p[8] = in->status;
    p[9] = in->place;
    p[10] = in->delivered ? "true" : "false";
    p[11] = in->chronic;
    p[12] = hospital ? request_num(r, in->cost_total_fen) : NULL;
    p[13] = hospital ? request_num(r, in->cost_own_fen) : NULL;
    p[14] = in->renovation;
    p[15] = in->note;
    request_query(r, &store_guarantee_record, p, request_stored_cb, NULL);
}

static void handle_labour_record(struct request *r)
{
    const Zhucun__LabourRecord *in = r->msg->labour_record;
    const char *field = NULL;
    if (request_refused(r, rules_labour_record_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_params(r, 15);
    if (p == NULL)
        return;
    p[2] = access_prefix_patterns(r, r->call->roles);
    p[3] = request_num(r, in->household_id);
    p[4] = request_num(r, in->member_id);
    p[5] = in->on_date;
    p[6] = in->status;
    p[7] = in->place;
    p[8] = in->work;
    p[9] = in->training;
    p[10] = in->subsidy;
    p[11] = in->note;
    request_query(r, &store_labour_record, p, request_stored_cb, NULL);
}

static void handle_guarantee_resolve(struct request *r)
{
    const Zhucun__GuaranteeResolve *in = r->msg->guarantee_resolve;
    const char *field = NULL;
    if (request_refused(r, rules_guarantee_resolve_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_params(r, 9);
    if (p == NULL)
        return;
    p[2] = access_prefix_patterns(r, r->call->roles);
    p[3] = request_num(r, in->id);
    p[4] = in->resolved_on;
    p[5] = in->resolution;
    request_query(r, &store_guarantee_resolve, p, request_done_cb, NULL);
}

/* ---- a household first: GuaranteeList, LabourList ---- */

/* What the lists of one household carry between their queries. */
struct hlist {
    const char *p[4];
    const char *patterns;
    Zhucun__GuaranteeListReply reply;
    void (*next)(struct request *r, struct hlist *l);
    void *next_arg;
};

/* The household in scope (else NOT_FOUND) with its present members, as GuaranteeMembers with
 * the compulsory school age judged today; then l->next. */
static void on_members(struct request *r, PGresult *res, void *arg)
{
    struct hlist *l = arg;
    int n = PQntuples(res);
    if (n == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "农户不存在或不在您的管辖范围内", "household_id");
        return;
    }
    /* res is cleared when this returns: what the reply and the next query keep is copied */
    l->p[1] = arena_strdup(r->arena, PQgetvalue(res, 0, 0)); /* the household's village */
    int present = strcmp(PQgetvalue(res, 0, 1), "0") != 0 ? n : 0;
    Zhucun__GuaranteeMember *mv;
    if (REQUEST_ROWS(r, present, mv, l->reply.members) == NULL)
        return;
    int today = zc_clock_today();
    for (int i = 0; i < present; i++) {
        int ok;
        zhucun__guarantee_member__init(&mv[i]);
        mv[i].id = strtoll(PQgetvalue(res, i, 1), NULL, 10);
        mv[i].name = arena_strdup(r->arena, PQgetvalue(res, i, 2));
        mv[i].birth_date = arena_strdup(r->arena, PQgetvalue(res, i, 3));
        mv[i].health = arena_strdup(r->arena, PQgetvalue(res, i, 4));
        if (l->p[1] == NULL || mv[i].name == NULL || mv[i].birth_date == NULL ||
            mv[i].health == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
            return;
        }
        int birth = rules_date_days(mv[i].birth_date, &ok);
        mv[i].compulsory_school_age = ok && rules_compulsory_school_age(birth, today);
    }
    l->reply.n_members = (size_t)present;
    l->next(r, l);
}

static int household_first(struct request *r, struct hlist *l, int64_t household)
{
    const char **q = request_params(r, 2);
    if (q == NULL)
        return -1;
    q[0] = request_num(r, household);
    q[1] = l->patterns;
    return request_query(r, &store_guarantee_members, q, on_members, l);
}

/* ---- GuaranteeList ---- */

static void reply_list(struct request *r, struct hlist *l)
{
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_GUARANTEE_LIST;
    reply.guarantee_list = &l->reply;
    request_reply(r, &reply);
}

static void on_entries(struct request *r, PGresult *res, void *arg)
{
    struct hlist *l = arg;
    int n = PQntuples(res);
    Zhucun__GuaranteeEntry *ev;
    if (REQUEST_ROWS(r, n, ev, l->reply.entries) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__GuaranteeEntry *e = &ev[i];
        zhucun__guarantee_entry__init(e);
        e->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        e->village_code = PQgetvalue(res, i, 1);
        e->household_id = strtoll(PQgetvalue(res, i, 2), NULL, 10);
        e->member_id = strtoll(PQgetvalue(res, i, 3), NULL, 10);
        e->member_name = PQgetvalue(res, i, 4);
        e->area = PQgetvalue(res, i, 5);
        e->kind = PQgetvalue(res, i, 6);
        e->on_date = PQgetvalue(res, i, 7);
        e->status = PQgetvalue(res, i, 8);
        e->place = PQgetvalue(res, i, 9);
        e->delivered = PQgetvalue(res, i, 10)[0] == 't';
        e->chronic = PQgetvalue(res, i, 11);
        e->cost_total_fen = strtoll(PQgetvalue(res, i, 12), NULL, 10);
        e->cost_own_fen = strtoll(PQgetvalue(res, i, 13), NULL, 10);
        e->renovation = PQgetvalue(res, i, 14);
        e->note = PQgetvalue(res, i, 15);
        e->resolved_on = PQgetvalue(res, i, 16);
        e->resolution = PQgetvalue(res, i, 17);
        e->problem = PQgetvalue(res, i, 18)[0] == 't';
    }
    l->reply.n_entries = (size_t)n;
    reply_list(r, l);
}

static void list_entries(struct request *r, struct hlist *l)
{
    l->p[2] = l->patterns;
    l->p[3] = request_num(r, GUARANTEE_ENTRIES_MAX);
    request_query(r, &store_guarantee_entries, l->p, on_entries, l);
}

/* The household's gaps (the one rule), kept for the reply (res is cleared when this returns);
 * then its entries. */
static void on_household_gaps(struct request *r, PGresult *res, void *arg)
{
    struct hlist *l = arg;
    int n = PQntuples(res);
    Zhucun__Gap *gv;
    if (REQUEST_ROWS(r, n, gv, l->reply.gaps) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__gap__init(&gv[i]);
        gv[i].household_id = r->msg->guarantee_list->household_id;
        gv[i].village_code = (char *)l->p[1];
        gv[i].area = arena_strdup(r->arena, PQgetvalue(res, i, 0));
        gv[i].member_id = strtoll(PQgetvalue(res, i, 1), NULL, 10);
        gv[i].what = arena_strdup(r->arena, PQgetvalue(res, i, 2));
        if (gv[i].area == NULL || gv[i].what == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
            return;
        }
    }
    l->reply.n_gaps = (size_t)n;
    list_entries(r, l);
}

static void list_gaps(struct request *r, struct hlist *l)
{
    request_query(r, &store_guarantee_household_gaps, l->p, on_household_gaps, l);
}

static void handle_guarantee_list(struct request *r)
{
    const Zhucun__GuaranteeList *in = r->msg->guarantee_list;
    const char *field = NULL;
    if (request_refused(r, rules_guarantee_list_problem(in, &field), &field))
        return;
    struct hlist *l = request_alloc(r, sizeof(*l));
    if (l == NULL)
        return;
    zhucun__guarantee_list_reply__init(&l->reply);
    l->patterns = access_prefix_patterns(r, r->call->roles);
    l->next = list_gaps;
    if (in->household_id > 0) {
        l->p[0] = request_num(r, in->household_id);
        household_first(r, l, in->household_id);
        return;
    }
    if (!access_covers(&r->session, r->call->roles, in->village_code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "行政村不存在或不在您的管辖范围内",
                     "village_code");
        return;
    }
    l->p[0] = "0";
    l->p[1] = in->village_code;
    list_entries(r, l);
}

/* ---- GuaranteeGaps ---- */

struct gaps {
    unsigned limit;
};

static void on_gaps(struct request *r, PGresult *res, void *arg)
{
    struct gaps *g = arg;
    int n = PQntuples(res);
    Zhucun__GuaranteeGapsReply gr = ZHUCUN__GUARANTEE_GAPS_REPLY__INIT;
    /* one household more than the page was asked for: the page is cut before it */
    int keep = n;
    unsigned households = 0;
    for (int i = 0; i < n; i++) {
        if (i == 0 || strcmp(PQgetvalue(res, i, 0), PQgetvalue(res, i - 1, 0)) != 0) {
            if (households == g->limit) {
                keep = i;
                gr.truncated = 1;
                break;
            }
            households++;
        }
    }
    Zhucun__Gap *gv;
    if (REQUEST_ROWS(r, keep, gv, gr.gaps) == NULL)
        return;
    for (int i = 0; i < keep; i++) {
        zhucun__gap__init(&gv[i]);
        gv[i].household_id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        gv[i].head_name = PQgetvalue(res, i, 1);
        gv[i].village_code = PQgetvalue(res, i, 2);
        gv[i].area = PQgetvalue(res, i, 3);
        gv[i].member_id = strtoll(PQgetvalue(res, i, 4), NULL, 10);
        gv[i].what = PQgetvalue(res, i, 5);
    }
    gr.n_gaps = (size_t)keep;
    gr.households = households;
    if (gr.truncated && keep > 0)
        gr.next_after = gv[keep - 1].household_id;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_GUARANTEE_GAPS;
    reply.guarantee_gaps = &gr;
    request_reply(r, &reply);
}

static void handle_guarantee_gaps(struct request *r)
{
    const Zhucun__GuaranteeGaps *in = r->msg->guarantee_gaps;
    const char *field = NULL;
    if (request_refused(r, rules_guarantee_gaps_problem(in, &field), &field))
        return;
    struct gaps *g = request_alloc(r, sizeof(*g));
    const char **p = request_params(r, 3);
    if (g == NULL || p == NULL)
        return;
    g->limit = in->limit == 0                   ? GUARANTEE_GAPS_DEFAULT
               : in->limit > GUARANTEE_GAPS_MAX ? GUARANTEE_GAPS_MAX
                                                : in->limit;
    if ((p[0] = access_org_patterns(r, in->org_code)) == NULL)
        return;
    p[1] = request_num(r, in->after);
    p[2] = request_num(r, (long long)g->limit + 1);
    request_query(r, &store_guarantee_gaps, p, on_gaps, g);
}

/* ---- LabourList ---- */

struct labour {
    unsigned limit;
    const char *p[4];
};

static void on_labour(struct request *r, PGresult *res, void *arg)
{
    struct labour *lb = arg;
    int n = PQntuples(res);
    Zhucun__LabourListReply lr = ZHUCUN__LABOUR_LIST_REPLY__INIT;
    lr.truncated = (unsigned)n > lb->limit;
    if (lr.truncated)
        n = (int)lb->limit;
    Zhucun__LabourEntry *ev;
    if (REQUEST_ROWS(r, n, ev, lr.records) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__LabourEntry *e = &ev[i];
        zhucun__labour_entry__init(e);
        e->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        e->village_code = PQgetvalue(res, i, 1);
        e->household_id = strtoll(PQgetvalue(res, i, 2), NULL, 10);
        e->head_name = PQgetvalue(res, i, 3);
        e->member_id = strtoll(PQgetvalue(res, i, 4), NULL, 10);
        e->member_name = PQgetvalue(res, i, 5);
        e->on_date = PQgetvalue(res, i, 6);
        e->status = PQgetvalue(res, i, 7);
        e->place = PQgetvalue(res, i, 8);
        e->work = PQgetvalue(res, i, 9);
        e->training = PQgetvalue(res, i, 10);
        e->subsidy = PQgetvalue(res, i, 11);
        e->note = PQgetvalue(res, i, 12);
    }
    lr.n_records = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_LABOUR_LIST;
    reply.labour_list = &lr;
    request_reply(r, &reply);
}

static void labour_after_household(struct request *r, struct hlist *l)
{
    struct labour *lb = l->next_arg;
    request_query(r, &store_labour_list, lb->p, on_labour, lb);
}

static void handle_labour_list(struct request *r)
{
    const Zhucun__LabourList *in = r->msg->labour_list;
    struct labour *lb = request_alloc(r, sizeof(*lb));
    if (lb == NULL)
        return;
    const char *field = NULL;
    if (request_refused(r, rules_labour_list_problem(in, zc_clock_today(), &field), &field))
        return;
    int y, m, d;
    rules_civil_from_days(zc_clock_today(), &y, &m, &d);
    lb->limit = in->limit == 0                ? LABOUR_LIST_DEFAULT
                : in->limit > LABOUR_LIST_MAX ? LABOUR_LIST_MAX
                                              : in->limit;
    lb->p[1] = request_num(r, in->household_id > 0 ? in->household_id : 0);
    /* a household's records of every year; an area's of the year asked (this one by default) */
    lb->p[2] = request_num(r, in->household_id > 0 ? (long long)in->year
                              : in->year != 0      ? (long long)in->year
                                                   : (long long)y);
    lb->p[3] = request_num(r, (long long)lb->limit + 1);
    if (in->household_id <= 0) {
        if ((lb->p[0] = access_org_patterns(r, in->org_code)) == NULL)
            return;
        request_query(r, &store_labour_list, lb->p, on_labour, lb);
        return;
    }
    struct hlist *l = request_alloc(r, sizeof(*l));
    if (l == NULL)
        return;
    zhucun__guarantee_list_reply__init(&l->reply);
    l->patterns = lb->p[0] = access_prefix_patterns(r, r->call->roles);
    l->next_arg = lb;
    l->next = labour_after_household;
    household_first(r, l, in->household_id);
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_GUARANTEE_RECORD, "GuaranteeRecord", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_guarantee_record, replay_record, 1},
    {ZHUCUN__REQUEST__BODY_GUARANTEE_RESOLVE, "GuaranteeResolve", AUTH_SESSION, HOUSEHOLD_WRITERS,
     0, handle_guarantee_resolve, request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_GUARANTEE_LIST, "GuaranteeList", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_guarantee_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_GUARANTEE_GAPS, "GuaranteeGaps", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_guarantee_gaps, NULL, 0},
    {ZHUCUN__REQUEST__BODY_LABOUR_RECORD, "LabourRecord", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_labour_record, replay_record, 1},
    {ZHUCUN__REQUEST__BODY_LABOUR_LIST, "LabourList", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_labour_list, NULL, 0},
};

const struct domain guarantee_domain = {
    .name = "guarantee",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
