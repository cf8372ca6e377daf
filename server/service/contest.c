/* service/contest.c -- the competitions of the policy's part four (四、活动化提升, SPEC S3):
 * rounds opened by the offices, the teams' entries, the results, the lists (docs/services.md,
 * "Competitions"). The body's checks are common/rules/service.c's; what needs rows is
 * 0081_competitions.sql's. */
#include "server/domains.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/service.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/roles.h"
#include "server/service/service.h"
#include "server/service/store.h"

/* Rounds are opened, and results given, by the offices; teams enter; the household readers
 * read. */
#define CONTEST_ENTRANTS (ROLE_TEAM_CAPTAIN | ROLE_CADRE)

static void handle_contest_round_open(struct request *r)
{
    const Zhucun__ContestRoundOpen *in = r->msg->contest_round_open;
    const char *field = NULL;
    if (request_refused(r, rules_contest_open_problem(in, zc_clock_today(), &field), &field))
        return;
    if (!access_covers(&r->session, r->call->roles, in->org_code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内", "org_code");
        return;
    }
    const char **p = request_keyed_params(r, 11);
    if (p == NULL)
        return;
    p[2] = access_prefix_patterns(r, r->call->roles);
    p[3] = in->kind;
    p[4] = in->org_code;
    p[5] = in->title;
    p[6] = in->starts_on;
    p[7] = in->ends_on;
    request_query(r, &store_contest_round_open, p, request_stored_cb, NULL);
}

static void handle_contest_enter(struct request *r)
{
    const Zhucun__ContestEnter *in = r->msg->contest_enter;
    const char *field = NULL;
    if (request_refused(r, rules_contest_enter_problem(in, &field), &field))
        return;
    const char **p = request_keyed_params(r, 11);
    if (p == NULL)
        return;
    p[2] = access_prefix_patterns(r, r->call->roles);
    p[3] = request_num(r, in->round_id);
    p[4] = request_num(r, in->team_id);
    p[5] = in->title;
    p[6] = in->description;
    if ((p[7] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    if (p[7] != NULL)
        request_query(r, &store_contest_enter, p, request_stored_cb, NULL);
}

static void handle_contest_result(struct request *r)
{
    const Zhucun__ContestResult *in = r->msg->contest_result;
    const char *field = NULL;
    if (request_refused(r, rules_contest_result_problem(in, &field), &field))
        return;
    const char **p = request_keyed_params(r, 9);
    if (p == NULL)
        return;
    p[2] = access_prefix_patterns(r, r->call->roles);
    p[3] = request_num(r, in->entry_id);
    p[4] = in->rank > 0 ? request_num(r, in->rank) : NULL;
    p[5] = in->award;
    request_query(r, &store_contest_result, p, request_done_cb, NULL);
}

/* ---- ContestList: the team in scope (when named), the rounds, their entries ---- */

struct list {
    const char *p[6];
    Zhucun__ContestListReply reply;
};

static void on_entries(struct request *r, PGresult *res, void *arg)
{
    struct list *l = arg;
    int n = PQntuples(res);
    l->reply.truncated = n > CONTEST_LIST_MAX;
    if (l->reply.truncated)
        n = CONTEST_LIST_MAX;
    Zhucun__ContestEntry *ev;
    if (REQUEST_ROWS(r, n, ev, l->reply.entries) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__ContestEntry *e = &ev[i];
        zhucun__contest_entry__init(e);
        e->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        e->round_id = strtoll(PQgetvalue(res, i, 1), NULL, 10);
        e->team_id = strtoll(PQgetvalue(res, i, 2), NULL, 10);
        e->team_name = PQgetvalue(res, i, 3);
        e->village_code = PQgetvalue(res, i, 4);
        e->title = PQgetvalue(res, i, 5);
        e->description = PQgetvalue(res, i, 6);
        e->entered_on = PQgetvalue(res, i, 7);
        e->entered_by = PQgetvalue(res, i, 8);
        e->rank = (uint32_t)strtoul(PQgetvalue(res, i, 9), NULL, 10);
        e->award = PQgetvalue(res, i, 10);
        e->evidence = (uint32_t)strtoul(PQgetvalue(res, i, 11), NULL, 10);
    }
    l->reply.n_entries = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_CONTEST_LIST;
    reply.contest_list = &l->reply;
    request_reply(r, &reply);
}

/* The rounds (kept for the reply: res is cleared when this returns), then their entries. */
static void on_rounds(struct request *r, PGresult *res, void *arg)
{
    struct list *l = arg;
    int n = PQntuples(res);
    if (n == 0 && r->msg->contest_list->round_id > 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "擂台赛不存在或不在您的范围内", "round_id");
        return;
    }
    Zhucun__ContestRound *rv;
    if (REQUEST_ROWS(r, n, rv, l->reply.rounds) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__ContestRound *x = &rv[i];
        zhucun__contest_round__init(x);
        x->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        if ((x->kind = service_keep(r, PQgetvalue(res, i, 1))) == NULL ||
            (x->org_code = service_keep(r, PQgetvalue(res, i, 2))) == NULL ||
            (x->org_name = service_keep(r, PQgetvalue(res, i, 3))) == NULL ||
            (x->title = service_keep(r, PQgetvalue(res, i, 4))) == NULL ||
            (x->starts_on = service_keep(r, PQgetvalue(res, i, 5))) == NULL ||
            (x->ends_on = service_keep(r, PQgetvalue(res, i, 6))) == NULL ||
            (x->opened_by = service_keep(r, PQgetvalue(res, i, 7))) == NULL)
            return;
        x->entries = (uint32_t)strtoul(PQgetvalue(res, i, 8), NULL, 10);
    }
    l->reply.n_rounds = (size_t)n;
    l->p[5] = request_num(r, CONTEST_LIST_MAX + 1);
    request_query(r, &store_contest_entries, l->p, on_entries, l);
}

static void list_rounds(struct request *r, struct list *l)
{
    l->p[5] = request_num(r, CONTEST_LIST_MAX);
    request_query(r, &store_contest_rounds, l->p, on_rounds, l);
}

static void on_team(struct request *r, PGresult *res, void *arg)
{
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "工作队不存在或不在您的管辖范围内", "team_id");
        return;
    }
    list_rounds(r, arg);
}

static void handle_contest_list(struct request *r)
{
    const Zhucun__ContestList *in = r->msg->contest_list;
    const char *field = NULL;
    if (request_refused(r, rules_contest_list_problem(in, zc_clock_today(), &field), &field))
        return;
    struct list *l = request_alloc(r, sizeof(*l));
    if (l == NULL)
        return;
    zhucun__contest_list_reply__init(&l->reply);
    l->p[0] = access_prefix_patterns(r, r->call->roles);
    l->p[1] = request_num(r, in->round_id);
    l->p[2] = request_num(r, in->team_id);
    l->p[3] = in->kind;
    l->p[4] = request_num(r, in->year);
    if (in->team_id <= 0) {
        list_rounds(r, l);
        return;
    }
    const char **q = request_params(r, 2);
    if (q == NULL)
        return;
    q[0] = l->p[2];
    q[1] = l->p[0];
    request_query(r, &store_contest_team, q, on_team, l);
}

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_CONTEST_ROUND_OPEN, "ContestRoundOpen", AUTH_SESSION, OFFICES, 0,
     handle_contest_round_open, service_replay_id, 1},
    {ZHUCUN__REQUEST__BODY_CONTEST_ENTER, "ContestEnter", AUTH_SESSION, CONTEST_ENTRANTS, 0,
     handle_contest_enter, service_replay_id, 1},
    {ZHUCUN__REQUEST__BODY_CONTEST_RESULT, "ContestResult", AUTH_SESSION, OFFICES, 0,
     handle_contest_result, request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_CONTEST_LIST, "ContestList", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_contest_list, NULL, 0},
};

const struct domain contest_domain = {
    .name = "contest",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
