/* approval/handlers.c -- the approval queue and decisions (SPEC W1-W3), delegations, and
 * leave requests (A3): the engine's rules are rows and its steps SQL (0009_approvals.sql);
 * here the calls check their input and shape the replies. docs/approvals.md. */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/rules/approval.h"
#include "common/rules/date.h"
#include "common/rules/leave.h"
#include "common/xmalloc.h"
#include "server/approval/store.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/events.h"
#include "server/roles.h"

/* Offices and the township record leave for cadres in their scope; cadres ask for their own. */
#define LEAVE_RECORDERS (ROLE_COUNTY_OFFICE | ROLE_TOWNSHIP)
/* Who sees leave by area (the cadre, the submitter and the approvers see theirs anyway). */
#define LEAVE_AREA_READERS                                                                         \
    (ROLE_PROVINCE_OFFICE | ROLE_CITY_OFFICE | ROLE_COUNTY_OFFICE | ROLE_TOWNSHIP |                \
     ROLE_COUNTY_CAPTAIN | ROLE_TEAM_CAPTAIN)

static int today_days(void)
{
    return zc_clock_today();
}

static int64_t num_at(const PGresult *res, int i, int col)
{
    return strtoll(PQgetvalue(res, i, col), NULL, 10);
}

/* ---- the queue ---- */

static void queue_item_from_row(const PGresult *res, int i, Zhucun__QueueItem *it)
{
    zhucun__queue_item__init(it);
    it->step_id = num_at(res, i, 0);
    it->approval_id = num_at(res, i, 1);
    it->subject_kind = PQgetvalue(res, i, 2);
    it->subject_id = num_at(res, i, 3);
    it->summary = PQgetvalue(res, i, 4);
    it->role = PQgetvalue(res, i, 5);
    it->org_code = PQgetvalue(res, i, 6);
    it->unit_id = num_at(res, i, 7);
    it->pending_since = PQgetvalue(res, i, 8);
    it->deadline = PQgetvalue(res, i, 9);
    it->on_behalf_of = num_at(res, i, 10);
    it->round = (uint32_t)num_at(res, i, 11);
    it->overdue = PQgetvalue(res, i, 12)[0] == 't';
    it->kind_name = PQgetvalue(res, i, 13);
    it->escalated = PQgetvalue(res, i, 14)[0] == 't';
    it->escalated_at = PQgetvalue(res, i, 15);
}

static void on_queue(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    Zhucun__QueueListReply ql = ZHUCUN__QUEUE_LIST_REPLY__INIT;
    Zhucun__QueueItem *iv;
    if (REQUEST_ROWS(r, n, iv, ql.items) == NULL)
        return;
    for (int i = 0; i < n; i++)
        queue_item_from_row(res, i, &iv[i]);
    ql.n_items = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_QUEUE_LIST;
    reply.queue_list = &ql;
    request_reply(r, &reply);
}

static void handle_queue_list(struct request *r)
{
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->session.user_id);
    p[1] = "0";
    request_query(r, &store_queue_list, p, on_queue, NULL);
}

/* A new item in a queue, pushed to the connections that follow it (QueueFollow). */
static void render_queue_item(const PGresult *res, int row, events_send_fn send, void *ctx)
{
    Zhucun__QueueItem it;
    queue_item_from_row(res, row, &it);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_QUEUE_ITEM;
    reply.queue_item = &it;
    send(ctx, &reply);
}

/* The approval engine notifies zc_queue with {"step": ID, "users": [USER_ID, ...]} whenever
 * a step becomes pending (0009_approvals.sql); a follower sees it as their queue shows it. */
static const struct publisher queue_publisher = {
    .channel = "zc_queue",
    .id_key = "step",
    .subjects_key = "users",
    .lookup = &store_queue_list,
    .render = render_queue_item,
};

static const struct publisher *const publishers[] = {&queue_publisher, NULL};

/* Follows the caller's queue once the session is proved live (a session from the server's
 * cache is, by the query request_prove makes): events must never reach a revoked one. */
static void handle_queue_follow(struct request *r)
{
    events_request_follow(r, &queue_publisher);
}

/* ---- decisions ---- */

/* The answer to Decide, first or retried: the stored result is the approval's status. */
static void replay_decide(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__DecideReply dr = ZHUCUN__DECIDE_REPLY__INIT;
    dr.approval_status = (char *)sr->f[0];
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_DECIDE;
    reply.decide = &dr;
    request_reply(r, &reply);
}

static void on_decided(struct request *r, PGresult *res, void *arg)
{
    request_reply_stored(r, PQgetvalue(res, 0, 0));
}

static void handle_decide(struct request *r)
{
    const Zhucun__Decide *in = r->msg->decide;
    const char *problem;
    if (!rules_decision_ok(in->decision)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, DECISION_PROBLEM, "decision");
        return;
    }
    if ((problem = rules_decision_reason_problem(in->decision, in->reason)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "reason");
        return;
    }
    if (!rules_leave_channel_ok(in->channel)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, LEAVE_CHANNEL_PROBLEM, "channel");
        return;
    }
    if (in->step_id <= 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "缺少待办编号", "step_id");
        return;
    }
    const char **p = request_params(r, 9);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->step_id);
    p[1] = request_num(r, r->session.user_id);
    p[2] = r->msg->idempotency_key;
    p[3] = in->decision;
    p[4] = in->reason;
    p[5] = rules_leave_channel_or_default(in->channel);
    p[6] = r->session.username;
    p[7] = r->peer;
    p[8] = request_key_hash(r);
    request_query(r, &store_decide, p, on_decided, NULL);
}

/* ---- leave ---- */

/* Checks first..last (rules_leave_days_problem); 0, or -1 after failing the request. */
static int check_days(struct request *r, const char *first, const char *last)
{
    char buf[128];
    const char *field = NULL;
    const char *problem =
        rules_leave_days_problem(first, last, today_days(), buf, sizeof(buf), &field);
    if (problem == NULL)
        return 0;
    request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, request_printf(r, "%s", problem), field);
    return -1;
}

static int check_reason(struct request *r, const char *reason)
{
    const char *problem = rules_leave_reason_problem(reason);
    if (problem == NULL)
        return 0;
    request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "reason");
    return -1;
}

/* The answer to LeaveRequest, first or retried: the stored result is the leave's id and its
 * approval's. */
static void replay_leave_request(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__LeaveRequestReply lr = ZHUCUN__LEAVE_REQUEST_REPLY__INIT;
    lr.leave_id = strtoll(sr->f[0], NULL, 10);
    lr.approval_id = sr->n > 1 ? strtoll(sr->f[1], NULL, 10) : 0;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_LEAVE_REQUEST;
    reply.leave_request = &lr;
    request_reply(r, &reply);
}

static void on_requested(struct request *r, PGresult *res, void *arg)
{
    request_reply_stored(r, PQgetvalue(res, 0, 0));
}

static void handle_leave_request(struct request *r)
{
    const Zhucun__LeaveRequest *in = r->msg->leave_request;
    if (check_days(r, in->first_day, in->last_day) != 0 || check_reason(r, in->reason) != 0)
        return;
    if (in->person_id > 0 && !rules_leave_behalf_channel_ok(in->channel)) {
        /* Recorded on a cadre's behalf: the record must say how the request came. */
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, LEAVE_BEHALF_CHANNEL_PROBLEM, "channel");
        return;
    }
    if (in->person_id <= 0 && !rules_leave_channel_ok(in->channel)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, LEAVE_CHANNEL_PROBLEM, "channel");
        return;
    }
    const char *patterns;
    if (in->person_id > 0) {
        /* Recording a cadre's request: an office or the township, for its scope. */
        patterns = access_prefix_patterns(r, LEAVE_RECORDERS);
    } else {
        patterns = access_prefix_patterns(r, ROLE_CADRE | ROLE_TEAM_CAPTAIN);
        if (strcmp(patterns, "{}") == 0) {
            request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "请指明为哪位队员登记请假（person_id）",
                         "person_id");
            return;
        }
    }
    const char **p = request_keyed_params(r, 11);
    if (p == NULL)
        return;
    p[2] = in->person_id > 0 ? request_num(r, in->person_id) : NULL;
    p[3] = patterns;
    p[4] = in->first_day;
    p[5] = in->last_day;
    p[6] = in->reason;
    p[7] = rules_leave_channel_or_default(in->channel);
    request_query(r, &store_leave_request, p, on_requested, NULL);
}

struct leaves {
    struct request *r;
    int show; /* LeaveShow: one leave with its steps */
    Zhucun__Leave *one;
    const char *p[6];
};

static void fill_leave(struct request *r, const PGresult *res, int i, Zhucun__Leave *l)
{
    zhucun__leave__init(l);
    l->id = num_at(res, i, 0);
    l->person_id = num_at(res, i, 1);
    l->person_name = (char *)request_printf(r, "%s", PQgetvalue(res, i, 2));
    l->village_code = (char *)request_printf(r, "%s", PQgetvalue(res, i, 3));
    l->first_day = (char *)request_printf(r, "%s", PQgetvalue(res, i, 4));
    l->last_day = (char *)request_printf(r, "%s", PQgetvalue(res, i, 5));
    l->days = (uint32_t)num_at(res, i, 6);
    l->reason = (char *)request_printf(r, "%s", PQgetvalue(res, i, 7));
    l->channel = (char *)request_printf(r, "%s", PQgetvalue(res, i, 8));
    l->status = (char *)request_printf(r, "%s", PQgetvalue(res, i, 9));
    l->returned_on = (char *)request_printf(r, "%s", PQgetvalue(res, i, 10));
    l->approval_id = num_at(res, i, 11);
}

/* A step from a row of STEP_COLUMNS (store.c); returns its approval's id. */
static int64_t step_from_row(const PGresult *res, int i, Zhucun__ApprovalStep *s)
{
    zhucun__approval_step__init(s);
    s->id = num_at(res, i, 0);
    s->round = (uint32_t)num_at(res, i, 1);
    s->seq = (uint32_t)num_at(res, i, 2);
    s->role = PQgetvalue(res, i, 3);
    s->org_code = PQgetvalue(res, i, 4);
    s->unit_id = num_at(res, i, 5);
    s->status = PQgetvalue(res, i, 6);
    s->decided_by = PQgetvalue(res, i, 7);
    s->on_behalf_of = PQgetvalue(res, i, 8);
    s->decided_at = PQgetvalue(res, i, 9);
    s->reason = PQgetvalue(res, i, 10);
    s->channel = PQgetvalue(res, i, 11);
    s->escalated_role = PQgetvalue(res, i, 12);
    s->escalated_org = PQgetvalue(res, i, 13);
    s->deadline = PQgetvalue(res, i, 14);
    return num_at(res, i, 15);
}

static void on_steps(struct request *r, PGresult *res, void *arg)
{
    struct leaves *ls = arg;
    int n = PQntuples(res);
    Zhucun__ApprovalStep **steps, *sv;
    if (REQUEST_ROWS(r, n, sv, steps) == NULL)
        return;
    for (int i = 0; i < n; i++)
        step_from_row(res, i, &sv[i]);
    ls->one->steps = steps;
    ls->one->n_steps = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_LEAVE;
    reply.leave = ls->one;
    request_reply(r, &reply);
}

static void on_leaves(struct request *r, PGresult *res, void *arg)
{
    struct leaves *ls = arg;
    int n = PQntuples(res);
    Zhucun__Leave *lv, **list;
    if (REQUEST_ROWS(r, n, lv, list) == NULL)
        return;
    for (int i = 0; i < n; i++)
        fill_leave(r, res, i, &lv[i]);
    if (ls->show) {
        if (n == 0) {
            request_fail(r, ZHUCUN__CODE__NOT_FOUND, "请假申请不存在或不在您的管辖范围内", "id");
            return;
        }
        ls->one = &lv[0];
        const char **p = request_params(r, 1);
        if (p == NULL)
            return;
        p[0] = request_num(r, lv[0].approval_id);
        request_query(r, &store_approval_steps, p, on_steps, ls);
        return;
    }
    Zhucun__LeaveListReply lr = ZHUCUN__LEAVE_LIST_REPLY__INIT;
    lr.leaves = list;
    lr.n_leaves = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_LEAVE_LIST;
    reply.leave_list = &lr;
    request_reply(r, &reply);
}

static void query_leaves(struct request *r, int show, int64_t id, int64_t person,
                         const char *status, unsigned limit)
{
    struct leaves *ls = request_alloc(r, sizeof(*ls));
    if (ls == NULL)
        return;
    ls->r = r;
    ls->show = show;
    ls->p[0] = request_num(r, r->session.user_id);
    ls->p[1] = access_prefix_patterns(r, LEAVE_AREA_READERS);
    ls->p[2] = request_num(r, id);
    ls->p[3] = request_num(r, person);
    ls->p[4] = status;
    ls->p[5] = request_printf(r, "%u", limit);
    request_query(r, &store_leave_list, ls->p, on_leaves, ls);
}

static void on_leave_person(struct request *r, PGresult *res, void *arg)
{
    const Zhucun__LeaveList *in = r->msg->leave_list;
    if (PQgetvalue(res, 0, 0)[0] != 't') {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "人员不存在或不在您的管辖范围内", "person_id");
        return;
    }
    query_leaves(r, 0, 0, in->person_id, in->status, in->limit ? in->limit : 100);
}

static void handle_leave_list(struct request *r)
{
    const Zhucun__LeaveList *in = r->msg->leave_list;
    if (!rules_leave_status_ok(in->status)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, LEAVE_STATUS_PROBLEM, "status");
        return;
    }
    if (in->limit > LEAVE_LIST_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     request_printf(r, "每次最多列出 %d 条", LEAVE_LIST_MAX), "limit");
        return;
    }
    if (in->person_id <= 0) {
        query_leaves(r, 0, 0, 0, in->status, in->limit ? in->limit : 100);
        return;
    }
    /* Filtered by a person: one the caller may not see does not exist for them (NOT_FOUND,
     * docs/access.md), rather than answering an empty list as if they had no leave. */
    const char **p = request_params(r, 3);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->session.user_id);
    p[1] = access_prefix_patterns(r, LEAVE_AREA_READERS);
    p[2] = request_num(r, in->person_id);
    request_query(r, &store_leave_person_visible, p, on_leave_person, NULL);
}

static void handle_leave_show(struct request *r)
{
    query_leaves(r, 1, r->msg->leave_show->id, 0, "", 1);
}

static void handle_leave_end(struct request *r)
{
    const Zhucun__LeaveEnd *in = r->msg->leave_end;
    int ok = 1;
    if (in->return_day[0] != '\0')
        (void)rules_date_days(in->return_day, &ok);
    if (!ok) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "返岗日期应为 YYYY-MM-DD", "return_day");
        return;
    }
    const char **p = request_params(r, 8);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->session.user_id);
    p[1] = request_num(r, in->id);
    p[2] = access_prefix_patterns(r, LEAVE_RECORDERS);
    p[3] = in->return_day[0] ? in->return_day : NULL;
    p[4] = r->session.username;
    p[5] = r->peer;
    p[6] = r->msg->idempotency_key;
    p[7] = request_key_hash(r);
    request_query(r, &store_leave_end, p, request_done_cb, NULL);
}

static void handle_leave_resubmit(struct request *r)
{
    const Zhucun__LeaveResubmit *in = r->msg->leave_resubmit;
    if (check_days(r, in->first_day, in->last_day) != 0 || check_reason(r, in->reason) != 0)
        return;
    const char **p = request_params(r, 9);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->session.user_id);
    p[1] = request_num(r, in->id);
    p[2] = in->first_day;
    p[3] = in->last_day;
    p[4] = in->reason;
    p[5] = r->session.username;
    p[6] = r->peer;
    p[7] = r->msg->idempotency_key;
    p[8] = request_key_hash(r);
    request_query(r, &store_leave_resubmit, p, request_stored_cb, NULL);
}

/* ---- delegation ---- */

/* The answer to DelegationCreate, first or retried: the stored result is the delegation's id;
 * the rest is the request's (a retry's body is the first one's: the key is bound to it). */
static void replay_delegation_create(struct request *r, const struct stored_result *sr)
{
    const Zhucun__DelegationCreate *in = r->msg->delegation_create;
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__Delegation d = ZHUCUN__DELEGATION__INIT;
    d.id = strtoll(sr->f[0], NULL, 10);
    d.from_username = (char *)r->session.username;
    d.to_username = in->to_username;
    d.role = in->role;
    d.scope_code = in->scope_code;
    d.first_day = in->first_day;
    d.last_day = in->last_day;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_DELEGATION;
    reply.delegation = &d;
    request_reply(r, &reply);
}

static void handle_delegation_create(struct request *r)
{
    const Zhucun__DelegationCreate *in = r->msg->delegation_create;
    char buf[128];
    const char *field = NULL;
    const char *problem = rules_delegation_days_problem(in->first_day, in->last_day, today_days(),
                                                        buf, sizeof(buf), &field);
    if (problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, request_printf(r, "%s", problem), field);
        return;
    }
    if (in->to_username[0] == '\0') {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "缺少被委托人账号", "to_username");
        return;
    }
    const char **p = request_params(r, 10);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->session.user_id);
    p[1] = in->to_username;
    p[2] = in->role;
    p[3] = in->scope_code;
    p[4] = in->first_day;
    p[5] = in->last_day;
    p[6] = r->session.username;
    p[7] = r->peer;
    p[8] = r->msg->idempotency_key;
    p[9] = request_key_hash(r);
    request_query(r, &store_delegation_create, p, request_stored_cb, NULL);
}

static void on_delegations(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    Zhucun__DelegationListReply dl = ZHUCUN__DELEGATION_LIST_REPLY__INIT;
    Zhucun__Delegation *dv;
    if (REQUEST_ROWS(r, n, dv, dl.delegations) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__Delegation *d = &dv[i];
        zhucun__delegation__init(d);
        d->id = num_at(res, i, 0);
        d->from_username = PQgetvalue(res, i, 1);
        d->to_username = PQgetvalue(res, i, 2);
        d->role = PQgetvalue(res, i, 3);
        d->scope_code = PQgetvalue(res, i, 4);
        d->first_day = PQgetvalue(res, i, 5);
        d->last_day = PQgetvalue(res, i, 6);
        d->revoked = PQgetvalue(res, i, 7)[0] == 't';
    }
    dl.n_delegations = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_DELEGATION_LIST;
    reply.delegation_list = &dl;
    request_reply(r, &reply);
}

static void handle_delegation_list(struct request *r)
{
    const char **p = request_params(r, 1);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->session.user_id);
    request_query(r, &store_delegation_list, p, on_delegations, NULL);
}

static void handle_delegation_revoke(struct request *r)
{
    const char **p = request_params(r, 6);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->session.user_id);
    p[1] = request_num(r, r->msg->delegation_revoke->id);
    p[2] = r->session.username;
    p[3] = r->peer;
    p[4] = r->msg->idempotency_key;
    p[5] = request_key_hash(r);
    request_query(r, &store_delegation_revoke, p, request_stored_cb, NULL);
}

/* ---- a subject's history ---- */

/* Who reads a subject's approvals by area; the submitter and the approvers read theirs anyway. */
#define HISTORY_AREA_READERS (LEAVE_AREA_READERS | ROLE_INSPECTOR)

struct history {
    Zhucun__ApprovalRecord **list;
    Zhucun__ApprovalRecord *recs;
    size_t n;
};

static void on_history_steps(struct request *r, PGresult *res, void *arg)
{
    struct history *h = arg;
    int n = PQntuples(res);
    Zhucun__ApprovalStep **steps, *sv;
    if (REQUEST_ROWS(r, n, sv, steps) == NULL)
        return;
    /* Rows come by approval, in the approvals' order: each record takes its run. */
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        int64_t aid = step_from_row(res, i, &sv[i]);
        while (k < h->n && h->recs[k].id != aid)
            k++;
        if (k == h->n) {
            request_fail(r, ZHUCUN__CODE__INTERNAL, "服务器内部错误", NULL);
            return;
        }
        if (h->recs[k].n_steps == 0)
            h->recs[k].steps = &steps[i];
        h->recs[k].n_steps++;
    }
    Zhucun__ApprovalHistoryReply hr = ZHUCUN__APPROVAL_HISTORY_REPLY__INIT;
    hr.approvals = h->list;
    hr.n_approvals = h->n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_APPROVAL_HISTORY;
    reply.approval_history = &hr;
    request_reply(r, &reply);
}

/* The records outlive res (the steps come in a second query): their strings are copied into
 * the request's arena. */
static void on_history(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    if (n == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "该事项没有审批记录，或不在您的管辖范围内",
                     "subject_id");
        return;
    }
    struct history *h = arena_alloc(r->arena, sizeof(*h));
    if (h == NULL || REQUEST_ROWS(r, n, h->recs, h->list) == NULL) {
        if (h == NULL)
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    h->n = (size_t)n;
    size_t cap = 3 + (size_t)n * 21;
    char *ids = arena_alloc(r->arena, cap);
    if (ids == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    size_t len = 0;
    ids[len++] = '{';
    for (int i = 0; i < n; i++) {
        Zhucun__ApprovalRecord *a = &h->recs[i];
        zhucun__approval_record__init(a);
        a->id = num_at(res, i, 0);
        a->subject_kind = (char *)request_printf(r, "%s", PQgetvalue(res, i, 1));
        a->subject_id = num_at(res, i, 2);
        a->kind_name = (char *)request_printf(r, "%s", PQgetvalue(res, i, 3));
        a->summary = (char *)request_printf(r, "%s", PQgetvalue(res, i, 4));
        a->status = (char *)request_printf(r, "%s", PQgetvalue(res, i, 5));
        a->round = (uint32_t)num_at(res, i, 6);
        a->route = (char *)request_printf(r, "%s", PQgetvalue(res, i, 7));
        a->submitted_by = (char *)request_printf(r, "%s", PQgetvalue(res, i, 8));
        a->submitted_at = (char *)request_printf(r, "%s", PQgetvalue(res, i, 9));
        a->decided_at = (char *)request_printf(r, "%s", PQgetvalue(res, i, 10));
        len += (size_t)snprintf(ids + len, cap - len, "%s%lld", i > 0 ? "," : "", (long long)a->id);
    }
    ids[len++] = '}';
    ids[len] = '\0';
    const char **p = request_params(r, 1);
    if (p == NULL)
        return;
    p[0] = ids;
    request_query(r, &store_approval_steps_all, p, on_history_steps, h);
}

static void handle_approval_history(struct request *r)
{
    const Zhucun__ApprovalHistory *in = r->msg->approval_history;
    const char *problem = rules_approval_kind_problem(in->subject_kind);
    if (problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "subject_kind");
        return;
    }
    const char **p = request_params(r, 4);
    if (p == NULL)
        return;
    p[0] = in->subject_kind;
    p[1] = request_num(r, in->subject_id);
    p[2] = request_num(r, r->session.user_id);
    p[3] = access_prefix_patterns(r, HISTORY_AREA_READERS);
    request_query(r, &store_approval_history, p, on_history, NULL);
}

/* ---- the calls ---- */

/* What each call needs before its handler runs, and how a retried write is answered. */
static const struct call_def calls[] = {
    /* A deputy need not hold an approver's grant (W3): the queue, its events and decisions
     * are open to any signed-in user, and the SQL decides what waits for them. */
    {ZHUCUN__REQUEST__BODY_QUEUE_LIST, "QueueList", AUTH_SESSION, ROLES_ANY, 0, handle_queue_list,
     NULL, 0},
    {ZHUCUN__REQUEST__BODY_QUEUE_FOLLOW, "QueueFollow", AUTH_SESSION, ROLES_ANY, 0,
     handle_queue_follow, NULL, 0},
    {ZHUCUN__REQUEST__BODY_DECIDE, "Decide", AUTH_SESSION, ROLES_ANY, 0, handle_decide,
     replay_decide, 1},
    {ZHUCUN__REQUEST__BODY_LEAVE_REQUEST, "LeaveRequest", AUTH_SESSION, LEAVE_WRITERS, 0,
     handle_leave_request, replay_leave_request, 1},
    {ZHUCUN__REQUEST__BODY_LEAVE_LIST, "LeaveList", AUTH_SESSION, LEAVE_READERS, 0,
     handle_leave_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_LEAVE_SHOW, "LeaveShow", AUTH_SESSION, LEAVE_READERS, 0,
     handle_leave_show, NULL, 0},
    {ZHUCUN__REQUEST__BODY_LEAVE_END, "LeaveEnd", AUTH_SESSION, LEAVE_WRITERS, 0, handle_leave_end,
     request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_LEAVE_RESUBMIT, "LeaveResubmit", AUTH_SESSION, LEAVE_WRITERS, 0,
     handle_leave_resubmit, request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_DELEGATION_CREATE, "DelegationCreate", AUTH_SESSION, APPROVERS, 0,
     handle_delegation_create, replay_delegation_create, 1},
    {ZHUCUN__REQUEST__BODY_DELEGATION_LIST, "DelegationList", AUTH_SESSION, ROLES_ANY, 0,
     handle_delegation_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_APPROVAL_HISTORY, "ApprovalHistory", AUTH_SESSION,
     ROLES_ALL & ~ROLE_EXPORTER, 0, handle_approval_history, NULL, 0},
    {ZHUCUN__REQUEST__BODY_DELEGATION_REVOKE, "DelegationRevoke", AUTH_SESSION, APPROVERS, 0,
     handle_delegation_revoke, request_replay_ok, 1},
};

const struct domain approval_domain = {
    .name = "approval",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
    .publishers = publishers,
};
