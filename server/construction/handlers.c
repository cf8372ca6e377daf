/* construction/handlers.c -- a project's construction (SPEC P2; issue 21): the quarterly focus,
 * the task list, progress reports, performance targets and their monitoring, the plan shown
 * whole; disbursements against the progress on the approval engine, and their lists
 * (docs/construction.md). The body's checks are common/rules/construction.c's; the project in
 * scope and open, the percent that does not go back, and the money within the budget and the
 * progress (with the project's row locked) are 0105_construction.sql's. */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/xmalloc.h"
#include "common/rules/construction.h"
#include "common/rules/date.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/construction/store.h"
#include "server/roles.h"

/* Who keeps a project's construction: the village's team, the township and county offices
 * over it, and the administrator of the project's responsible unit. Who asks for money: the
 * team, the county office and the unit. Who reads: those, and the offices and supervisors
 * above. */
#define BUILD_WRITERS                                                                              \
    (ROLE_COUNTY_OFFICE | ROLE_TOWNSHIP | ROLE_TEAM_CAPTAIN | ROLE_CADRE | ROLE_UNIT_ADMIN)
#define DISBURSE_WRITERS (ROLE_COUNTY_OFFICE | ROLE_TEAM_CAPTAIN | ROLE_CADRE | ROLE_UNIT_ADMIN)
#define BUILD_READERS                                                                              \
    (OFFICES | ROLE_TOWNSHIP | ROLE_COUNTY_CAPTAIN | ROLE_INSPECTOR | ROLE_TEAM_CAPTAIN |          \
     ROLE_CADRE | ROLE_UNIT_ADMIN)

/* The caller's place patterns (every grant of the call's roles but a unit administrator's,
 * whose scope is its unit's projects, not its unit's place) and units. */
static const char *place_patterns(struct request *r)
{
    return access_prefix_patterns(r, r->call->roles & ~(unsigned)ROLE_UNIT_ADMIN);
}

static const char *unit_ids(struct request *r)
{
    return (r->call->roles & ROLE_UNIT_ADMIN) ? access_unit_ids(r) : "{}";
}

/* ---- the writes: one shape of parameters and one answer ---- */

/* The answer to a keyed write, first or retried: "id" or "id|approval". */
static void replay_write(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__BuildWriteReply w = ZHUCUN__BUILD_WRITE_REPLY__INIT;
    w.id = strtoll(sr->f[0], NULL, 10);
    w.approval_id = sr->n > 1 ? strtoll(sr->f[1], NULL, 10) : 0;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_BUILD_WRITE;
    reply.build_write = &w;
    request_reply(r, &reply);
}

/* The n parameters of a keyed write (request_keyed_params) with the caller's patterns as $3
 * and units as $4; NULL after ending the request. */
static const char **write_params(struct request *r, size_t n)
{
    const char **p = request_keyed_params(r, n);
    if (p != NULL) {
        p[2] = place_patterns(r);
        p[3] = unit_ids(r);
    }
    return p;
}

static void handle_focus_set(struct request *r)
{
    const Zhucun__ProjectFocusSet *in = r->msg->project_focus_set;
    const char *field = NULL;
    if (request_refused(r, rules_build_focus_problem(in, &field), &field))
        return;
    const char **p = write_params(r, 12);
    if (p == NULL)
        return;
    p[4] = request_num(r, in->project_id);
    p[5] = request_num(r, in->year);
    p[6] = request_num(r, in->quarter);
    p[7] = in->focus;
    p[8] = in->targets;
    request_query(r, &store_build_focus_set, p, request_stored_cb, NULL);
}

/* A new task (project, task 0) or a changed one (project 0, task): the same fields. */
static void task_set(struct request *r, int64_t project, int64_t task, const char *name,
                     const char *responsible, const char *ps, const char *pe, const char *as,
                     const char *ae)
{
    const char **p = write_params(r, 15);
    if (p == NULL)
        return;
    p[4] = request_num(r, project);
    p[5] = request_num(r, task);
    p[6] = name;
    p[7] = responsible;
    p[8] = ps;
    p[9] = pe;
    p[10] = as;
    p[11] = ae;
    request_query(r, &store_build_task_set, p, request_stored_cb, NULL);
}

static void handle_task_add(struct request *r)
{
    const Zhucun__ProjectTaskAdd *in = r->msg->project_task_add;
    const char *field = NULL;
    if (request_refused(r, rules_build_task_add_problem(in, zc_clock_today(), &field), &field))
        return;
    task_set(r, in->project_id, 0, in->name, in->responsible, in->planned_start, in->planned_end,
             in->actual_start, in->actual_end);
}

static void handle_task_update(struct request *r)
{
    const Zhucun__ProjectTaskUpdate *in = r->msg->project_task_update;
    const char *field = NULL;
    if (request_refused(r, rules_build_task_update_problem(in, zc_clock_today(), &field), &field))
        return;
    task_set(r, 0, in->id, in->name, in->responsible, in->planned_start, in->planned_end,
             in->actual_start, in->actual_end);
}

static void handle_progress(struct request *r)
{
    const Zhucun__ProjectProgressReport *in = r->msg->project_progress_report;
    const char *field = NULL;
    if (request_refused(r, rules_build_progress_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = write_params(r, 13);
    if (p == NULL)
        return;
    p[4] = request_num(r, in->project_id);
    p[5] = in->on_date;
    p[6] = request_num(r, in->percent);
    p[7] = in->narrative;
    p[8] = in->correction;
    if ((p[9] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_build_progress, p, request_stored_cb, NULL);
}

static void handle_target_set(struct request *r)
{
    const Zhucun__ProjectTargetSet *in = r->msg->project_target_set;
    const char *field = NULL;
    if (request_refused(r, rules_build_target_set_problem(in, &field), &field))
        return;
    const char **p = write_params(r, 13);
    if (p == NULL)
        return;
    p[4] = request_num(r, in->project_id);
    p[5] = request_num(r, in->id);
    p[6] = in->indicator;
    p[7] = in->unit;
    p[8] = request_printf(r, "%.2f", in->target_value);
    p[9] = in->direction;
    request_query(r, &store_build_target_set, p, request_stored_cb, NULL);
}

static void handle_target_monitor(struct request *r)
{
    const Zhucun__ProjectTargetMonitor *in = r->msg->project_target_monitor;
    const char *field = NULL;
    if (request_refused(r, rules_build_target_monitor_problem(in, zc_clock_today(), &field),
                        &field))
        return;
    const char **p = write_params(r, 12);
    if (p == NULL)
        return;
    p[4] = request_num(r, in->target_id);
    p[5] = in->on_date;
    p[6] = in->stage;
    p[7] = request_printf(r, "%.2f", in->value);
    p[8] = in->note;
    request_query(r, &store_build_target_monitor, p, request_stored_cb, NULL);
}

static void handle_disbursement(struct request *r)
{
    const Zhucun__DisbursementRequest *in = r->msg->disbursement_request;
    const char *field = NULL;
    if (request_refused(r, rules_build_disbursement_problem(in, &field), &field))
        return;
    const char **p = write_params(r, 13);
    if (p == NULL)
        return;
    p[4] = request_num(r, in->project_id);
    p[5] = request_num(r, in->progress_id);
    p[6] = request_num(r, in->amount_fen);
    p[7] = in->payee;
    p[8] = in->note;
    if ((p[9] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_build_disbursement, p, request_stored_cb, NULL);
}

/* ---- ProjectPlanShow: the head, then tasks, focus, progress and targets ---- */

struct plan {
    Zhucun__ProjectPlanShowReply reply;
    Zhucun__ProjectMoney money;
    const char *p[3]; /* project id, today; the head's patterns and units */
};

static char *cell(struct request *r, PGresult *res, int i, int j)
{
    return arena_strdup(r->arena, PQgetvalue(res, i, j));
}

static void on_plan_targets(struct request *r, PGresult *res, void *arg)
{
    struct plan *pl = arg;
    int n = PQntuples(res);
    Zhucun__ProjectTarget *tv;
    if (REQUEST_ROWS(r, n, tv, pl->reply.targets) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__project_target__init(&tv[i]);
        tv[i].id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        tv[i].indicator = cell(r, res, i, 1);
        tv[i].unit = cell(r, res, i, 2);
        tv[i].target_value = strtod(PQgetvalue(res, i, 3), NULL);
        tv[i].direction = cell(r, res, i, 4);
        tv[i].has_mid = !PQgetisnull(res, i, 5);
        tv[i].mid_value = strtod(PQgetvalue(res, i, 5), NULL);
        tv[i].has_final = !PQgetisnull(res, i, 6);
        tv[i].final_value = strtod(PQgetvalue(res, i, 6), NULL);
        tv[i].entries = (uint32_t)strtoul(PQgetvalue(res, i, 7), NULL, 10);
        /* met: the final value against the target, in the target's direction */
        int up = strcmp(tv[i].direction, "at_least") == 0;
        tv[i].met = !tv[i].has_final ? ""
                    : (up ? tv[i].final_value >= tv[i].target_value
                          : tv[i].final_value <= tv[i].target_value)
                        ? "yes"
                        : "no";
    }
    pl->reply.n_targets = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_PROJECT_PLAN_SHOW;
    reply.project_plan_show = &pl->reply;
    request_reply(r, &reply);
}

static void on_plan_progress(struct request *r, PGresult *res, void *arg)
{
    struct plan *pl = arg;
    int n = PQntuples(res);
    Zhucun__ProjectProgress *pv;
    if (REQUEST_ROWS(r, n, pv, pl->reply.progress) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__project_progress__init(&pv[i]);
        pv[i].id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        pv[i].on_date = cell(r, res, i, 1);
        pv[i].percent = (uint32_t)strtoul(PQgetvalue(res, i, 2), NULL, 10);
        pv[i].narrative = cell(r, res, i, 3);
        pv[i].correction = cell(r, res, i, 4);
        pv[i].photos = (uint32_t)strtoul(PQgetvalue(res, i, 5), NULL, 10);
    }
    pl->reply.n_progress = (size_t)n;
    request_query(r, &store_build_plan_targets, pl->p, on_plan_targets, pl);
}

static void on_plan_focus(struct request *r, PGresult *res, void *arg)
{
    struct plan *pl = arg;
    int n = PQntuples(res);
    Zhucun__ProjectFocus *fv;
    if (REQUEST_ROWS(r, n, fv, pl->reply.focus) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__project_focus__init(&fv[i]);
        fv[i].year = (uint32_t)strtoul(PQgetvalue(res, i, 0), NULL, 10);
        fv[i].quarter = (uint32_t)strtoul(PQgetvalue(res, i, 1), NULL, 10);
        fv[i].focus = cell(r, res, i, 2);
        fv[i].targets = cell(r, res, i, 3);
    }
    pl->reply.n_focus = (size_t)n;
    request_query(r, &store_build_plan_progress, pl->p, on_plan_progress, pl);
}

static void on_plan_tasks(struct request *r, PGresult *res, void *arg)
{
    struct plan *pl = arg;
    int n = PQntuples(res);
    Zhucun__ProjectTask *tv;
    if (REQUEST_ROWS(r, n, tv, pl->reply.tasks) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__project_task__init(&tv[i]);
        tv[i].id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        tv[i].name = cell(r, res, i, 1);
        tv[i].responsible = cell(r, res, i, 2);
        tv[i].planned_start = cell(r, res, i, 3);
        tv[i].planned_end = cell(r, res, i, 4);
        tv[i].actual_start = cell(r, res, i, 5);
        tv[i].actual_end = cell(r, res, i, 6);
        tv[i].status = cell(r, res, i, 7);
    }
    pl->reply.n_tasks = (size_t)n;
    request_query(r, &store_build_plan_focus, pl->p, on_plan_focus, pl);
}

static void on_plan_head(struct request *r, PGresult *res, void *arg)
{
    struct plan *pl = arg;
    if (PQntuples(res) != 1) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "项目不存在或不在您的管辖范围内", "project_id");
        return;
    }
    pl->reply.project_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    pl->reply.name = cell(r, res, 0, 1);
    pl->reply.status = cell(r, res, 0, 2);
    pl->reply.village_code = cell(r, res, 0, 3);
    pl->money.budget_fen = strtoll(PQgetvalue(res, 0, 4), NULL, 10);
    pl->money.requested_fen = strtoll(PQgetvalue(res, 0, 5), NULL, 10);
    pl->money.paid_fen = strtoll(PQgetvalue(res, 0, 6), NULL, 10);
    pl->money.headroom_fen = strtoll(PQgetvalue(res, 0, 7), NULL, 10);
    pl->money.percent = (uint32_t)strtoul(PQgetvalue(res, 0, 8), NULL, 10);
    pl->reply.status_label = cell(r, res, 0, 9);
    pl->reply.money = &pl->money;
    char day[11];
    rules_date_format(zc_clock_today(), day);
    pl->p[1] = request_printf(r, "%s", day);
    request_query(r, &store_build_plan_tasks, pl->p, on_plan_tasks, pl);
}

static void handle_plan_show(struct request *r)
{
    const Zhucun__ProjectPlanShow *in = r->msg->project_plan_show;
    struct plan *pl = request_alloc(r, sizeof(*pl));
    if (pl == NULL)
        return;
    zhucun__project_plan_show_reply__init(&pl->reply);
    zhucun__project_money__init(&pl->money);
    pl->p[0] = request_num(r, in->project_id);
    pl->p[1] = place_patterns(r);
    pl->p[2] = unit_ids(r);
    request_query(r, &store_build_plan_head, pl->p, on_plan_head, pl);
}

/* A list's place: every project of the caller's (code "": place patterns and units), or
 * those of a place the caller's place grants cover (its patterns, no units): into q[0], q[1].
 * 0 after refusing a code out of scope (NOT_FOUND naming org_code). */
static int place_or_units(struct request *r, const char *code, const char **q)
{
    if (code[0] == '\0') {
        q[0] = place_patterns(r);
        q[1] = unit_ids(r);
        return 1;
    }
    if (!access_covers(&r->session, r->call->roles & ~(unsigned)ROLE_UNIT_ADMIN, code)) {
        /* a unit's administrator lists its unit's projects, never a place's */
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划不存在或不在您的管辖范围内", "org_code");
        return 0;
    }
    q[1] = "{}";
    return (q[0] = access_org_patterns(r, code)) != NULL;
}

/* ---- DisbursementList ---- */

static void on_disbursements(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    Zhucun__DisbursementListReply lr = ZHUCUN__DISBURSEMENT_LIST_REPLY__INIT;
    Zhucun__Disbursement *dv;
    if (REQUEST_ROWS(r, n, dv, lr.items) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__disbursement__init(&dv[i]);
        dv[i].id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        dv[i].project_id = strtoll(PQgetvalue(res, i, 1), NULL, 10);
        dv[i].project_name = PQgetvalue(res, i, 2);
        dv[i].village_code = PQgetvalue(res, i, 3);
        dv[i].progress_id = strtoll(PQgetvalue(res, i, 4), NULL, 10);
        dv[i].percent = (uint32_t)strtoul(PQgetvalue(res, i, 5), NULL, 10);
        dv[i].amount_fen = strtoll(PQgetvalue(res, i, 6), NULL, 10);
        dv[i].payee = PQgetvalue(res, i, 7);
        dv[i].status = PQgetvalue(res, i, 8);
        dv[i].paid_on = PQgetvalue(res, i, 9);
        dv[i].requested_at = PQgetvalue(res, i, 10);
    }
    lr.n_items = (size_t)n;
    if (n > 0) {
        lr.total = (uint32_t)strtoul(PQgetvalue(res, 0, 11), NULL, 10);
        lr.pending_fen = strtoll(PQgetvalue(res, 0, 12), NULL, 10);
        lr.paid_fen = strtoll(PQgetvalue(res, 0, 13), NULL, 10);
    }
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_DISBURSEMENT_LIST;
    reply.disbursement_list = &lr;
    request_reply(r, &reply);
}

/* A project named and seen: its list. */
static void on_list_project(struct request *r, PGresult *res, void *arg)
{
    if (PQntuples(res) != 1) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "项目不存在或不在您的管辖范围内", "project_id");
        return;
    }
    request_query(r, &store_build_disbursements, arg, on_disbursements, NULL);
}

static void handle_disbursements(struct request *r)
{
    const Zhucun__DisbursementList *in = r->msg->disbursement_list;
    const char *field = NULL;
    if (request_refused(r, rules_build_disbursement_list_problem(in, &field), &field))
        return;
    const char **p = request_params(r, 4);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->project_id);
    if (!place_or_units(r, in->org_code, p + 1))
        return;
    p[3] = request_num(r, in->limit != 0 ? in->limit : DISBURSEMENT_LIST_DEFAULT);
    if (in->project_id != 0)
        /* a project out of scope does not exist: NOT_FOUND, not an empty list */
        request_query(r, &store_build_project_seen, p, on_list_project, p);
    else
        request_query(r, &store_build_disbursements, p, on_disbursements, NULL);
}

/* ---- ProjectBuildList ---- */

static void on_projects(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    Zhucun__ProjectBuildListReply lr = ZHUCUN__PROJECT_BUILD_LIST_REPLY__INIT;
    Zhucun__ProjectBuildItem *iv;
    if (REQUEST_ROWS(r, n, iv, lr.items) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__project_build_item__init(&iv[i]);
        iv[i].id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        iv[i].name = PQgetvalue(res, i, 1);
        iv[i].village_code = PQgetvalue(res, i, 2);
        iv[i].planned_end = PQgetvalue(res, i, 3);
        iv[i].percent = (uint32_t)strtoul(PQgetvalue(res, i, 4), NULL, 10);
        iv[i].tasks = (uint32_t)strtoul(PQgetvalue(res, i, 5), NULL, 10);
        iv[i].late_tasks = (uint32_t)strtoul(PQgetvalue(res, i, 6), NULL, 10);
        iv[i].budget_fen = strtoll(PQgetvalue(res, i, 7), NULL, 10);
        iv[i].committed_fen = strtoll(PQgetvalue(res, i, 8), NULL, 10);
        iv[i].paid_fen = strtoll(PQgetvalue(res, i, 9), NULL, 10);
    }
    lr.n_items = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_PROJECT_BUILD_LIST;
    reply.project_build_list = &lr;
    request_reply(r, &reply);
}

static void handle_projects(struct request *r)
{
    const Zhucun__ProjectBuildList *in = r->msg->project_build_list;
    const char *field = NULL;
    if (request_refused(r, rules_build_list_problem(in, &field), &field))
        return;
    const char **p = request_params(r, 4);
    if (p == NULL)
        return;
    if (!place_or_units(r, in->org_code, p))
        return;
    p[2] = request_num(r, in->limit != 0 ? in->limit : BUILD_LIST_DEFAULT);
    char day[11];
    rules_date_format(zc_clock_today(), day);
    p[3] = request_printf(r, "%s", day);
    request_query(r, &store_build_projects, p, on_projects, NULL);
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_PROJECT_FOCUS_SET, "ProjectFocusSet", AUTH_SESSION, BUILD_WRITERS, 0,
     handle_focus_set, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_PROJECT_TASK_ADD, "ProjectTaskAdd", AUTH_SESSION, BUILD_WRITERS, 0,
     handle_task_add, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_PROJECT_TASK_UPDATE, "ProjectTaskUpdate", AUTH_SESSION, BUILD_WRITERS, 0,
     handle_task_update, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_PROJECT_PROGRESS_REPORT, "ProjectProgressReport", AUTH_SESSION,
     BUILD_WRITERS, 0, handle_progress, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_PROJECT_TARGET_SET, "ProjectTargetSet", AUTH_SESSION, BUILD_WRITERS, 0,
     handle_target_set, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_PROJECT_TARGET_MONITOR, "ProjectTargetMonitor", AUTH_SESSION,
     BUILD_WRITERS, 0, handle_target_monitor, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_DISBURSEMENT_REQUEST, "DisbursementRequest", AUTH_SESSION,
     DISBURSE_WRITERS, 0, handle_disbursement, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_PROJECT_PLAN_SHOW, "ProjectPlanShow", AUTH_SESSION, BUILD_READERS, 0,
     handle_plan_show, NULL, 0},
    {ZHUCUN__REQUEST__BODY_DISBURSEMENT_LIST, "DisbursementList", AUTH_SESSION, BUILD_READERS, 0,
     handle_disbursements, NULL, 0},
    {ZHUCUN__REQUEST__BODY_PROJECT_BUILD_LIST, "ProjectBuildList", AUTH_SESSION, BUILD_READERS, 0,
     handle_projects, NULL, 0},
};

const struct domain construction_domain = {
    .name = "construction",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
