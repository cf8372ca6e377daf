/* project/handlers.c -- projects (项目化实施, SPEC P1, W1): the project record, its life cycle
 * as approvals of kind project_transition, the county's project library and the board
 * (docs/projects.md). The body's checks are common/rules/project.c's; what needs rows is
 * 0101_projects.sql's. */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/account.h"
#include "common/rules/org.h"
#include "common/rules/project.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/core/stored.h"
#include "server/project/store.h"
#include "server/roles.h"

/* Projects are read by the offices, the township, the supervisors and the village's team;
 * proposed, kept and moved through their states by the county office, the township and the
 * team (each step then approved by the route's approvers, through Decide). */
#define PROJECT_READERS                                                                            \
    (OFFICES | ROLE_TOWNSHIP | ROLE_COUNTY_CAPTAIN | ROLE_TEAM_CAPTAIN | ROLE_CADRE |              \
     ROLE_INSPECTOR)
#define PROJECT_WRITERS (ROLE_COUNTY_OFFICE | ROLE_TOWNSHIP | ROLE_TEAM_CAPTAIN | ROLE_CADRE)

/* ---- parameters ---- */

/* A text[] or bigint[] literal of n values in the request's arena (NULL after ending it). */
static const char *text_array(struct request *r, size_t n, char *const *v)
{
    struct pgarray a;
    pgarray_init(&a);
    for (size_t i = 0; i < n; i++)
        pgarray_add_text(&a, v[i]);
    return pgarray_finish(&a, r);
}

/* The funds as two arrays side by side: sources into p[0], amounts into p[1]; 0, or -1 after
 * ending the request. */
static int funds_params(struct request *r, size_t n, Zhucun__ProjectFund *const *funds,
                        const char **p)
{
    struct pgarray s, a;
    pgarray_init(&s);
    pgarray_init(&a);
    for (size_t i = 0; i < n; i++) {
        char num[24];
        snprintf(num, sizeof(num), "%lld", (long long)funds[i]->amount_fen);
        pgarray_add_text(&s, funds[i]->source);
        pgarray_add_raw(&a, num);
    }
    p[0] = pgarray_finish(&s, r);
    p[1] = pgarray_finish(&a, r);
    return p[0] != NULL && p[1] != NULL ? 0 : -1;
}

/* The 17 parameters of a project's details from p[0] on (store.c's order); 0, or -1 after
 * ending the request. */
static int details_params(struct request *r, const Zhucun__ProjectCreate *d, const char **p)
{
    if ((p[0] = text_array(r, d->n_village_codes, d->village_codes)) == NULL)
        return -1;
    p[1] = d->kind;
    p[2] = d->name;
    p[3] = request_num(r, d->year);
    p[4] = request_num(r, d->budget_fen);
    if (funds_params(r, d->n_funds, d->funds, p + 5) != 0)
        return -1;
    p[7] = d->responsible;
    p[8] = d->unit_id > 0 ? request_num(r, d->unit_id) : NULL;
    p[9] = d->planned_start;
    p[10] = d->planned_end;
    p[11] = request_num(r, d->expected_households);
    p[12] = request_num(r, d->expected_alleviated);
    p[13] = request_num(r, d->expected_monitored);
    if ((p[14] = pgarray_ids(r, d->n_beneficiaries, d->beneficiaries)) == NULL)
        return -1;
    p[15] = d->description;
    return (p[16] = pgarray_hex(r, d->n_evidence, d->evidence)) != NULL ? 0 : -1;
}

/* ---- ProjectCreate, ProjectUpdate ---- */

static void replay_id(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__ProjectId id = ZHUCUN__PROJECT_ID__INIT;
    id.id = strtoll(sr->f[0], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    /* both replies are a ProjectId with the request's field number: the union's one pointer */
    reply.body_case = (Zhucun__Reply__BodyCase)r->msg->body_case;
    reply.project_create = &id;
    request_reply(r, &reply);
}

/* ProjectCreate and ProjectUpdate: the same details, the update naming its project. */
static void handle_project_save(struct request *r)
{
    int update = r->msg->body_case == ZHUCUN__REQUEST__BODY_PROJECT_UPDATE;
    const Zhucun__ProjectCreate *in =
        update ? r->msg->project_update->details : r->msg->project_create;
    const char *field = NULL;
    const char *problem =
        update ? rules_project_update_problem(r->msg->project_update, zc_clock_today(), &field)
               : rules_project_details_problem(in, zc_clock_today(), &field);
    if (request_refused(r, problem, &field))
        return;
    const char **p = request_keyed_scoped_params(r, 24);
    if (p == NULL)
        return;
    p[3] = update ? request_num(r, r->msg->project_update->id) : NULL;
    if (details_params(r, in, p + 4) != 0)
        return;
    request_query(r, &store_project_save, p, request_stored_cb, NULL);
}

/* ---- ProjectTransition ---- */

static void replay_transition(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 3) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__ProjectTransitionReply tr = ZHUCUN__PROJECT_TRANSITION_REPLY__INIT;
    tr.transition_id = strtoll(sr->f[0], NULL, 10);
    tr.approval_id = strtoll(sr->f[1], NULL, 10);
    tr.route = (char *)sr->f[2];
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_PROJECT_TRANSITION;
    reply.project_transition = &tr;
    request_reply(r, &reply);
}

static void handle_project_transition(struct request *r)
{
    const Zhucun__ProjectTransition *in = r->msg->project_transition;
    const char *field = NULL;
    if (request_refused(r, rules_project_transition_problem(in, &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 13);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->project_id);
    p[4] = in->status;
    p[5] = in->reason;
    p[6] = in->budget_fen > 0 ? request_num(r, in->budget_fen) : NULL;
    if (funds_params(r, in->n_funds, in->funds, p + 7) != 0)
        return;
    if ((p[9] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_project_transition, p, request_stored_cb, NULL);
}

/* ---- ProjectList, ProjectShow ---- */

/* Row i of res (PROJECT_COLUMNS) into e; strings point into res, which the caller keeps until
 * the reply is sent. */
static void project_from_row(const PGresult *res, int i, Zhucun__ProjectEntry *e)
{
    zhucun__project_entry__init(e);
    e->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
    e->village_code = PQgetvalue(res, i, 1);
    e->village_name = PQgetvalue(res, i, 2);
    e->name = PQgetvalue(res, i, 3);
    e->kind = PQgetvalue(res, i, 4);
    e->year = (uint32_t)strtoul(PQgetvalue(res, i, 5), NULL, 10);
    e->budget_fen = strtoll(PQgetvalue(res, i, 6), NULL, 10);
    e->responsible = PQgetvalue(res, i, 7);
    e->unit_id = strtoll(PQgetvalue(res, i, 8), NULL, 10);
    e->planned_start = PQgetvalue(res, i, 9);
    e->planned_end = PQgetvalue(res, i, 10);
    e->actual_start = PQgetvalue(res, i, 11);
    e->actual_end = PQgetvalue(res, i, 12);
    e->expected_households = (uint32_t)strtoul(PQgetvalue(res, i, 13), NULL, 10);
    e->expected_alleviated = (uint32_t)strtoul(PQgetvalue(res, i, 14), NULL, 10);
    e->expected_monitored = (uint32_t)strtoul(PQgetvalue(res, i, 15), NULL, 10);
    e->description = PQgetvalue(res, i, 16);
    e->status = PQgetvalue(res, i, 17);
    e->status_on = PQgetvalue(res, i, 18);
    e->status_reason = PQgetvalue(res, i, 19);
    e->origin = PQgetvalue(res, i, 20);
    e->open_to = PQgetvalue(res, i, 21);
    e->open_status = PQgetvalue(res, i, 22);
    e->late = PQgetvalue(res, i, 23)[0] == 't';
}

static void on_list(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res);
    Zhucun__ProjectListReply lr = ZHUCUN__PROJECT_LIST_REPLY__INIT;
    Zhucun__ProjectEntry *ev;
    if (REQUEST_ROWS(r, n, ev, lr.projects) == NULL)
        return;
    for (int i = 0; i < n; i++)
        project_from_row(res, i, &ev[i]);
    lr.n_projects = (size_t)n;
    lr.total = n > 0 ? (uint32_t)strtoul(PQgetvalue(res, 0, PROJECT_NCOLUMNS), NULL, 10) : 0;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_PROJECT_LIST;
    reply.project_list = &lr;
    request_reply(r, &reply);
}

static void handle_project_list(struct request *r)
{
    const Zhucun__ProjectList *in = r->msg->project_list;
    const char *field = NULL;
    if (request_refused(r, rules_project_list_problem(in, &field), &field))
        return;
    const char **p = request_params(r, 9);
    if (p == NULL || (p[0] = access_org_patterns(r, in->org_code)) == NULL)
        return;
    p[1] = in->status;
    p[2] = in->kind;
    p[3] = request_num(r, in->year_from);
    p[4] = request_num(r, in->year_to);
    p[5] = in->text;
    p[6] = in->sort;
    p[7] = request_num(r, in->limit == 0 ? PROJECT_LIST_DEFAULT : in->limit);
    p[8] = request_num(r, in->offset);
    request_query(r, &store_project_list, p, on_list, NULL);
}

/* The columns after PROJECT_COLUMNS in show's row: villages, funds (2), beneficiaries (3),
 * transitions (10), evidence. */
enum {
    SHOW_VILLAGES = PROJECT_NCOLUMNS,
    SHOW_FUNDS,
    SHOW_BENEFICIARIES = SHOW_FUNDS + 2,
    SHOW_TRANSITIONS = SHOW_BENEFICIARIES + 3,
    SHOW_EVIDENCE = SHOW_TRANSITIONS + 10
};

/* The n arrays in columns col.. of show's row, copied into the request's arena, into v[]:
 * their common length, or -1 after ending the request (INTERNAL when the lengths differ). */
static long show_arrays(struct request *r, const PGresult *res, int col, char ***v, int n)
{
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        size_t k;
        if ((v[i] = pgarray_column(r, res, 0, col + i, &k)) == NULL)
            return -1;
        if (i > 0 && k != len) {
            request_fail(r, ZHUCUN__CODE__INTERNAL, "项目数据不一致", NULL);
            return -1;
        }
        len = k;
    }
    return (long)len;
}

static void on_show(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "项目不存在或不在您的管辖范围内", "id");
        return;
    }
    Zhucun__ProjectShowReply sr = ZHUCUN__PROJECT_SHOW_REPLY__INIT;
    Zhucun__ProjectEntry *e = request_alloc(r, sizeof(*e));
    if (e == NULL)
        return;
    project_from_row(res, 0, e);
    sr.project = e;
    char **vv[1], **f[2], **b[3], **t[10], **ev[1];
    long nv = show_arrays(r, res, SHOW_VILLAGES, vv, 1);
    long nf = nv < 0 ? -1 : show_arrays(r, res, SHOW_FUNDS, f, 2);
    long nb = nf < 0 ? -1 : show_arrays(r, res, SHOW_BENEFICIARIES, b, 3);
    long nt = nb < 0 ? -1 : show_arrays(r, res, SHOW_TRANSITIONS, t, 10);
    long ne = nt < 0 ? -1 : show_arrays(r, res, SHOW_EVIDENCE, ev, 1);
    if (ne < 0)
        return;
    sr.village_codes = vv[0];
    sr.n_village_codes = (size_t)nv;
    Zhucun__ProjectFund *fv;
    if (REQUEST_ROWS(r, nf, fv, sr.funds) == NULL)
        return;
    for (long i = 0; i < nf; i++) {
        zhucun__project_fund__init(&fv[i]);
        fv[i].source = f[0][i];
        fv[i].amount_fen = strtoll(f[1][i], NULL, 10);
    }
    sr.n_funds = (size_t)nf;
    Zhucun__ProjectBeneficiary *bv;
    if (REQUEST_ROWS(r, nb, bv, sr.beneficiaries) == NULL)
        return;
    for (long i = 0; i < nb; i++) {
        zhucun__project_beneficiary__init(&bv[i]);
        bv[i].household_id = strtoll(b[0][i], NULL, 10);
        bv[i].head_name = b[1][i];
        bv[i].village_code = b[2][i];
    }
    sr.n_beneficiaries = (size_t)nb;
    Zhucun__ProjectTransitionEntry *tv;
    if (REQUEST_ROWS(r, nt, tv, sr.transitions) == NULL)
        return;
    for (long i = 0; i < nt; i++) {
        zhucun__project_transition_entry__init(&tv[i]);
        tv[i].id = strtoll(t[0][i], NULL, 10);
        tv[i].approval_id = strtoll(t[1][i], NULL, 10);
        tv[i].from_status = t[2][i];
        tv[i].to_status = t[3][i];
        tv[i].reason = t[4][i];
        tv[i].status = t[5][i];
        tv[i].problem = t[6][i];
        tv[i].requested_by = t[7][i];
        tv[i].requested_at = t[8][i];
        tv[i].budget_fen = strtoll(t[9][i], NULL, 10);
    }
    sr.n_transitions = (size_t)nt;
    ProtobufCBinaryData *hv = request_alloc(r, ((size_t)ne + 1) * sizeof(*hv));
    if (hv == NULL)
        return;
    for (long i = 0; i < ne; i++) {
        hv[i].len = PROJECT_SHA256_LEN;
        if ((hv[i].data = request_alloc(r, PROJECT_SHA256_LEN)) == NULL)
            return;
        for (size_t k = 0; k < PROJECT_SHA256_LEN; k++)
            sscanf(ev[0][i] + 2 * k, "%2hhx", &hv[i].data[k]);
    }
    sr.n_evidence = (size_t)ne;
    sr.evidence = hv;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_PROJECT_SHOW;
    reply.project_show = &sr;
    request_reply(r, &reply);
}

static void handle_project_show(struct request *r)
{
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->msg->project_show->id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    request_query(r, &store_project_show, p, on_show, NULL);
}

/* ---- ProjectBoard ---- */

static void on_board(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res);
    Zhucun__ProjectBoardReply br = ZHUCUN__PROJECT_BOARD_REPLY__INIT;
    Zhucun__ProjectBoardCell *cv;
    if (REQUEST_ROWS(r, n, cv, br.cells) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__project_board_cell__init(&cv[i]);
        cv[i].code = PQgetvalue(res, i, 0);
        cv[i].name = PQgetvalue(res, i, 1);
        cv[i].status = PQgetvalue(res, i, 2);
        cv[i].kind = PQgetvalue(res, i, 3);
        cv[i].projects = (uint32_t)strtoul(PQgetvalue(res, i, 4), NULL, 10);
        cv[i].budget_fen = strtoll(PQgetvalue(res, i, 5), NULL, 10);
        cv[i].disbursed_fen = strtoll(PQgetvalue(res, i, 6), NULL, 10);
    }
    br.n_cells = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_PROJECT_BOARD;
    reply.project_board = &br;
    request_reply(r, &reply);
}

static void handle_project_board(struct request *r)
{
    const Zhucun__ProjectBoard *in = r->msg->project_board;
    const char *field = NULL;
    if (request_refused(r, rules_project_board_problem(in, &field), &field))
        return;
    const char **p = request_params(r, 3);
    if (p == NULL || (p[0] = access_org_patterns(r, in->org_code)) == NULL)
        return;
    /* "": the province's cities (the caller's scope still bounds the rows) */
    p[1] = request_num(
        r, in->org_code[0] != '\0' ? rules_code_prefix_len(rules_code_level(in->org_code)) : 2);
    p[2] = request_num(r, in->year);
    request_query(r, &store_project_board, p, on_board, NULL);
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_PROJECT_CREATE, "ProjectCreate", AUTH_SESSION, PROJECT_WRITERS, 0,
     handle_project_save, replay_id, 1},
    {ZHUCUN__REQUEST__BODY_PROJECT_UPDATE, "ProjectUpdate", AUTH_SESSION, PROJECT_WRITERS, 0,
     handle_project_save, replay_id, 1},
    {ZHUCUN__REQUEST__BODY_PROJECT_SHOW, "ProjectShow", AUTH_SESSION, PROJECT_READERS, 0,
     handle_project_show, NULL, 0},
    {ZHUCUN__REQUEST__BODY_PROJECT_LIST, "ProjectList", AUTH_SESSION, PROJECT_READERS, 0,
     handle_project_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_PROJECT_TRANSITION, "ProjectTransition", AUTH_SESSION, PROJECT_WRITERS,
     0, handle_project_transition, replay_transition, 1},
    {ZHUCUN__REQUEST__BODY_PROJECT_BOARD, "ProjectBoard", AUTH_SESSION, PROJECT_READERS, 0,
     handle_project_board, NULL, 0},
};

const struct domain project_domain = {
    .name = "project",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
