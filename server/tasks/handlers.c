/* tasks/handlers.c -- tasks sent down to the teams (任务督办, SPEC D2; issue 23): an office hands
 * down a task to every team of a scope, the teams report progress and completion with evidence
 * (and may make their instance a ledger item), and the office's board shows who lags
 * (docs/tasks.md). The body's checks are common/rules/tasks.c's; what needs rows is
 * 0165_tasks.sql's. The writes share one reply, the lists one shape (server/core/list.h). */
#include "server/domains.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/tasks.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/list.h"
#include "server/core/pgarray.h"
#include "server/roles.h"
#include "server/tasks/store.h"

/* Offices and the township send and watch; the teams report; every reader of households sees
 * the instances of their place. */
#define TASK_SENDERS   (OFFICES | ROLE_TOWNSHIP)
#define TASK_WATCHERS  (OFFICES | ROLE_TOWNSHIP | ROLE_COUNTY_CAPTAIN | ROLE_INSPECTOR)
#define TASK_REPORTERS (ROLE_TEAM_CAPTAIN | ROLE_CADRE)
#define TASK_READERS   HOUSEHOLD_READERS

#define I64(res, i, c) strtoll(PQgetvalue(res, i, c), NULL, 10)
#define U32(res, i, c) (uint32_t) strtoul(PQgetvalue(res, i, c), NULL, 10)

/* The answer to every keyed write, first or retried: "id" or "id|instances" (TaskSend). The
 * reply's member has the request's field number (envelope.proto). */
static void replay_write(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__TaskWriteReply w = ZHUCUN__TASK_WRITE_REPLY__INIT;
    w.id = strtoll(sr->f[0], NULL, 10);
    w.instances = sr->n > 1 ? (uint32_t)strtoul(sr->f[1], NULL, 10) : 0;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = (Zhucun__Reply__BodyCase)r->msg->body_case;
    reply.task_send = &w; /* the oneof's members share the one pointer */
    request_reply(r, &reply);
}

/* ---- the writes ---- */

static void handle_task_send(struct request *r)
{
    const Zhucun__TaskSend *in = r->msg->task_send;
    const char *field = NULL;
    if (request_refused(r, rules_task_send_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 11);
    if (p == NULL)
        return;
    p[3] = in->org_code;
    p[4] = in->scope_code;
    p[5] = in->title;
    p[6] = in->body;
    p[7] = in->due_on;
    request_query(r, &store_task_send, p, request_stored_cb, NULL);
}

static void handle_task_report(struct request *r)
{
    const Zhucun__TaskReport *in = r->msg->task_report;
    const char *field = NULL;
    if (request_refused(r, rules_task_report_problem(in, &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 10);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->instance_id);
    p[4] = in->status;
    p[5] = in->note;
    if ((p[6] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_task_report, p, request_stored_cb, NULL);
}

static void handle_task_ledger(struct request *r)
{
    const Zhucun__TaskLedger *in = r->msg->task_ledger;
    const char *field = NULL;
    if (request_refused(r, rules_task_ledger_problem(in, &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 9);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->instance_id);
    p[4] = in->area;
    p[5] = request_num(r, in->responsible_id);
    request_query(r, &store_task_ledger, p, request_stored_cb, NULL);
}

/* ---- the reads ---- */

/* Row i's columns c.. as an instance (store.c's INSTANCE_COLS). */
static void instance_from_row(const PGresult *res, int i, Zhucun__TaskInstance *t)
{
    zhucun__task_instance__init(t);
    t->id = I64(res, i, 0);
    t->task_id = I64(res, i, 1);
    t->title = PQgetvalue(res, i, 2);
    t->office_code = PQgetvalue(res, i, 3);
    t->team_id = I64(res, i, 4);
    t->team_name = PQgetvalue(res, i, 5);
    t->org_code = PQgetvalue(res, i, 6);
    t->due_on = PQgetvalue(res, i, 7);
    t->status = PQgetvalue(res, i, 8);
    t->overdue = PQgetvalue(res, i, 9)[0] == 't';
    t->done_on = PQgetvalue(res, i, 10);
    t->reports = U32(res, i, 11);
    t->ledger_item_id = I64(res, i, 12);
}
#define INSTANCE_NCOLS 13

/* Columns c..c+4 as counts (total, done, in progress, not begun, overdue). */
static Zhucun__TaskCounts *counts_from_row(struct request *r, const PGresult *res, int i, int c)
{
    Zhucun__TaskCounts *k = request_alloc(r, sizeof(*k));
    if (k == NULL)
        return NULL;
    zhucun__task_counts__init(k);
    k->total = U32(res, i, c);
    k->done = U32(res, i, c + 1);
    k->in_progress = U32(res, i, c + 2);
    k->not_begun = U32(res, i, c + 3);
    k->overdue = U32(res, i, c + 4);
    return k;
}

static void on_task_list(struct request *r, PGresult *res, void *arg)
{
    Zhucun__TaskListReply out = ZHUCUN__TASK_LIST_REPLY__INIT;
    int n = list_rows(arg, res, &out.truncated);
    Zhucun__TaskInstance *iv;
    if (REQUEST_ROWS(r, n, iv, out.instances) == NULL)
        return;
    for (int i = 0; i < n; i++)
        instance_from_row(res, i, &iv[i]);
    out.n_instances = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_TASK_LIST;
    reply.task_list = &out;
    request_reply(r, &reply);
}

static void handle_task_list(struct request *r)
{
    const Zhucun__TaskList *in = r->msg->task_list;
    const char *field = NULL;
    if (request_refused(r, rules_task_list_problem(in, &field), &field))
        return;
    struct list *l;
    const char **p =
        list_params(r, access_org_patterns(r, in->org_code), in->limit, TASK_LIST_DEFAULT, 4, &l);
    if (p == NULL)
        return;
    p[1] = request_num(r, in->team_id);
    p[2] = in->open_only ? "true" : "false";
    request_query(r, &store_task_list, p, on_task_list, l);
}

static void on_task_show(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res);
    if (n == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "督办任务不存在或不在您的管辖范围内",
                     "instance_id");
        return;
    }
    Zhucun__TaskShowReply out = ZHUCUN__TASK_SHOW_REPLY__INIT;
    Zhucun__TaskInstance *it = request_alloc(r, sizeof(*it));
    if (it == NULL)
        return;
    instance_from_row(res, 0, it);
    out.instance = it;
    out.body = PQgetvalue(res, 0, INSTANCE_NCOLS);
    out.scope_code = PQgetvalue(res, 0, INSTANCE_NCOLS + 1);
    out.sent_at = PQgetvalue(res, 0, INSTANCE_NCOLS + 2);
    int c = INSTANCE_NCOLS + 3, k = PQgetisnull(res, 0, c) ? 0 : n; /* no report: one NULL row */
    Zhucun__TaskProgress *pv;
    if (REQUEST_ROWS(r, k, pv, out.reports) == NULL)
        return;
    for (int i = 0; i < k; i++) {
        zhucun__task_progress__init(&pv[i]);
        pv[i].id = I64(res, i, c);
        pv[i].status = PQgetvalue(res, i, c + 1);
        pv[i].note = PQgetvalue(res, i, c + 2);
        pv[i].by = PQgetvalue(res, i, c + 3);
        pv[i].at = PQgetvalue(res, i, c + 4);
        pv[i].evidence = U32(res, i, c + 5);
    }
    out.n_reports = (size_t)k;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_TASK_SHOW;
    reply.task_show = &out;
    request_reply(r, &reply);
}

static void handle_task_show(struct request *r)
{
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = access_prefix_patterns(r, r->call->roles);
    p[1] = request_num(r, r->msg->task_show->instance_id);
    request_query(r, &store_task_show, p, on_task_show, NULL);
}

static void on_task_sent(struct request *r, PGresult *res, void *arg)
{
    Zhucun__TaskSentReply out = ZHUCUN__TASK_SENT_REPLY__INIT;
    int n = list_rows(arg, res, &out.truncated);
    Zhucun__SentTask *tv;
    if (REQUEST_ROWS(r, n, tv, out.tasks) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__SentTask *t = &tv[i];
        zhucun__sent_task__init(t);
        t->id = I64(res, i, 0);
        t->office_code = PQgetvalue(res, i, 1);
        t->scope_code = PQgetvalue(res, i, 2);
        t->title = PQgetvalue(res, i, 3);
        t->due_on = PQgetvalue(res, i, 4);
        t->sent_at = PQgetvalue(res, i, 5);
        if ((t->counts = counts_from_row(r, res, i, 6)) == NULL)
            return;
    }
    out.n_tasks = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_TASK_SENT;
    reply.task_sent = &out;
    request_reply(r, &reply);
}

static void handle_task_sent(struct request *r)
{
    const Zhucun__TaskSent *in = r->msg->task_sent;
    const char *field = NULL;
    if (request_refused(r, rules_task_sent_problem(in, &field), &field))
        return;
    struct list *l;
    const char **p =
        list_params(r, access_org_patterns(r, in->org_code), in->limit, TASK_LIST_DEFAULT, 2, &l);
    if (p == NULL)
        return;
    request_query(r, &store_task_sent, p, on_task_sent, l);
}

static void on_task_board(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res);
    if (n == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND,
                     "督办任务不存在，或在该单位以下没有接收任务的工作队", "task_id");
        return;
    }
    Zhucun__TaskBoardReply out = ZHUCUN__TASK_BOARD_REPLY__INIT;
    Zhucun__TaskCounts *sum = request_alloc(r, sizeof(*sum));
    Zhucun__TaskBoardRow *rv;
    if (sum == NULL || REQUEST_ROWS(r, n, rv, out.rows) == NULL)
        return;
    zhucun__task_counts__init(sum);
    out.title = PQgetvalue(res, 0, 0);
    out.org_code = PQgetvalue(res, 0, 1);
    out.due_on = PQgetvalue(res, 0, 2);
    out.org_name = PQgetvalue(res, 0, 11);
    for (int i = 0; i < n; i++) {
        Zhucun__TaskBoardRow *b = &rv[i];
        zhucun__task_board_row__init(b);
        b->code = PQgetvalue(res, i, 3);
        b->name = PQgetvalue(res, i, 4);
        b->team_id = I64(res, i, 5);
        if ((b->counts = counts_from_row(r, res, i, 6)) == NULL)
            return;
        sum->total += b->counts->total;
        sum->done += b->counts->done;
        sum->in_progress += b->counts->in_progress;
        sum->not_begun += b->counts->not_begun;
        sum->overdue += b->counts->overdue;
    }
    out.n_rows = (size_t)n;
    out.counts = sum;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_TASK_BOARD;
    reply.task_board = &out;
    request_reply(r, &reply);
}

static void handle_task_board(struct request *r)
{
    const Zhucun__TaskBoard *in = r->msg->task_board;
    const char *field = NULL;
    if (request_refused(r, rules_task_board_problem(in, &field), &field))
        return;
    const char **p = request_params(r, 3);
    if (p == NULL || (p[0] = access_org_patterns(r, in->org_code)) == NULL)
        return;
    p[1] = request_num(r, in->task_id);
    p[2] = in->org_code;
    request_query(r, &store_task_board, p, on_task_board, NULL);
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_TASK_SEND, "TaskSend", AUTH_SESSION, TASK_SENDERS, 0, handle_task_send,
     replay_write, 1},
    {ZHUCUN__REQUEST__BODY_TASK_LIST, "TaskList", AUTH_SESSION, TASK_READERS, 0, handle_task_list,
     NULL, 0},
    {ZHUCUN__REQUEST__BODY_TASK_SHOW, "TaskShow", AUTH_SESSION, TASK_READERS, 0, handle_task_show,
     NULL, 0},
    {ZHUCUN__REQUEST__BODY_TASK_REPORT, "TaskReport", AUTH_SESSION, TASK_REPORTERS, 0,
     handle_task_report, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_TASK_BOARD, "TaskBoard", AUTH_SESSION, TASK_WATCHERS, 0,
     handle_task_board, NULL, 0},
    {ZHUCUN__REQUEST__BODY_TASK_LEDGER, "TaskLedger", AUTH_SESSION, TASK_REPORTERS, 0,
     handle_task_ledger, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_TASK_SENT, "TaskSent", AUTH_SESSION, TASK_WATCHERS, 0, handle_task_sent,
     NULL, 0},
};

const struct domain tasks_domain = {
    .name = "tasks",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
