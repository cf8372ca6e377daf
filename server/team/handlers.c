/* team/handlers.c -- work teams: create, show (with members), history, assign, recall, and
 * the party group's leader. */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/org.h"
#include "common/rules/team.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/roles.h"
#include "server/team/store.h"

/* 0 when s is a date (rules_team_date_problem); -1 after failing the request. */
static int check_date(struct request *r, const char *s, const char *field)
{
    char buf[96];
    const char *problem = rules_team_date_problem(s, buf, sizeof(buf));
    if (problem == NULL)
        return 0;
    request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, request_printf(r, "%s", problem), field);
    return -1;
}

/* Today in Asia/Shanghai (UTC+8, no daylight saving), for a default date. */
static const char *today(struct request *r)
{
    char *out = arena_alloc(r->arena, 11);
    if (out == NULL)
        return "";
    rules_date_format(zc_clock_today(), out);
    return out;
}

/* The answer to TeamCreate, first or retried: the stored result is the team's id; the rest is
 * the request's (the key is bound to the request). */
static void replay_team_create(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__Team t = ZHUCUN__TEAM__INIT;
    t.id = strtoll(sr->f[0], NULL, 10);
    t.kind = r->msg->team_create->kind;
    t.org_code = r->msg->team_create->org_code;
    t.name = r->msg->team_create->name;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_TEAM;
    reply.team = &t;
    request_reply(r, &reply);
}

/* The answer to TeamAssign, first or retried: the stored result is the membership's id and its
 * start date (a request without one started on the first attempt's day). */
static void replay_team_assign(struct request *r, const struct stored_result *sr)
{
    if (sr->n != 2) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    const Zhucun__TeamAssign *in = r->msg->team_assign;
    Zhucun__Membership m = ZHUCUN__MEMBERSHIP__INIT;
    m.id = strtoll(sr->f[0], NULL, 10);
    m.team_id = in->team_id;
    m.person_id = in->person_id;
    m.post = in->post;
    m.unit_id = in->unit_id;
    m.start_date = (char *)sr->f[1];
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_MEMBERSHIP;
    reply.membership = &m;
    request_reply(r, &reply);
}

static void handle_team_create(struct request *r)
{
    const Zhucun__TeamCreate *in = r->msg->team_create;
    const char *field = NULL;
    const char *problem = rules_team_site_problem(in->kind, in->org_code, &field);
    if (problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, field);
        return;
    }
    if ((problem = rules_org_name_problem(in->name)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "name");
        return;
    }
    if (!access_covers_below(&r->session, r->call->roles, in->org_code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内", "org_code");
        return;
    }
    const char **p = request_params(r, 8);
    if (p == NULL)
        return;
    p[0] = in->kind;
    p[1] = in->org_code;
    p[2] = in->name;
    p[3] = request_num(r, r->session.user_id);
    p[4] = r->session.username;
    p[5] = r->peer;
    p[6] = r->msg->idempotency_key;
    p[7] = request_key_hash(r);
    request_query(r, &store_team_create, p, request_stored_cb, NULL);
}

static void on_team_rows(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    Zhucun__Team *t = arena_alloc(r->arena, sizeof(*t));
    Zhucun__Membership **ms = arena_alloc(r->arena, ((size_t)n + 1) * sizeof(*ms));
    Zhucun__Membership *mv = arena_alloc(r->arena, ((size_t)n + 1) * sizeof(*mv));
    if (t == NULL || ms == NULL || mv == NULL || n == 0) {
        request_fail(r, n == 0 ? ZHUCUN__CODE__NOT_FOUND : ZHUCUN__CODE__RESOURCE_EXHAUSTED,
                     n == 0 ? "工作队不存在" : "结果过多", NULL);
        return;
    }
    zhucun__team__init(t);
    t->id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    t->kind = PQgetvalue(res, 0, 1);
    t->org_code = PQgetvalue(res, 0, 2);
    t->org_name = PQgetvalue(res, 0, 3);
    t->name = PQgetvalue(res, 0, 4);
    t->party_leader_id = strtoll(PQgetvalue(res, 0, 5), NULL, 10);
    t->party_leader_name = PQgetvalue(res, 0, 6);
    t->party_members = (uint32_t)atoi(PQgetvalue(res, 0, 7));
    for (int i = 0; i < n; i++) {
        if (PQgetisnull(res, i, 8))
            continue;
        Zhucun__Membership *m = &mv[t->n_members];
        zhucun__membership__init(m);
        m->id = strtoll(PQgetvalue(res, i, 8), NULL, 10);
        m->team_id = t->id;
        m->person_id = strtoll(PQgetvalue(res, i, 9), NULL, 10);
        m->person_name = PQgetvalue(res, i, 10);
        m->post = PQgetvalue(res, i, 11);
        m->unit_id = strtoll(PQgetvalue(res, i, 12), NULL, 10);
        m->unit_name = PQgetvalue(res, i, 13);
        m->start_date = PQgetvalue(res, i, 14);
        m->end_date = PQgetvalue(res, i, 15);
        m->end_reason = PQgetvalue(res, i, 16);
        m->end_note = PQgetvalue(res, i, 17);
        m->party_member = PQgetvalue(res, i, 18)[0] == 't';
        ms[t->n_members++] = m;
    }
    t->members = ms;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_TEAM;
    reply.team = t;
    request_reply(r, &reply);
}

static void query_team(struct request *r, int64_t id, const char *kind, const char *org,
                       int history)
{
    const char **p = request_params(r, 6);
    if (p == NULL)
        return;
    p[0] = request_num(r, id);
    p[1] = kind;
    p[2] = org;
    p[3] = access_prefix_patterns(r, r->call->roles & ~ROLE_UNIT_ADMIN);
    p[4] = (r->call->roles & ROLE_UNIT_ADMIN) ? access_unit_ids(r) : "{}";
    p[5] = history ? "true" : "false";
    request_query(r, &store_team_rows, p, on_team_rows, NULL);
}

static void handle_team_show(struct request *r)
{
    const Zhucun__TeamShow *in = r->msg->team_show;
    if (in->id <= 0) {
        const char *kind = in->kind[0] ? in->kind : "village";
        if (rules_code_level(in->org_code) < 0) {
            request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "请给出工作队编号或驻地区划代码",
                         "org_code");
            return;
        }
        if (rules_team_kind_level(kind) < 0) {
            request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, TEAM_KIND_PROBLEM, "kind");
            return;
        }
        query_team(r, 0, kind, in->org_code, 0);
        return;
    }
    query_team(r, in->id, "", "", 0);
}

static void handle_team_members(struct request *r)
{
    query_team(r, r->msg->team_members->team_id, "", "", r->msg->team_members->history);
}

static void handle_team_assign(struct request *r)
{
    const Zhucun__TeamAssign *in = r->msg->team_assign;
    if (!rules_team_post_ok(in->post)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, TEAM_POST_PROBLEM, "post");
        return;
    }
    if (in->start_date[0] != '\0' && check_date(r, in->start_date, "start_date") != 0)
        return;
    if (in->person_id <= 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "请指定人员", "person_id");
        return;
    }
    const char **p = request_params(r, 11);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->team_id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = request_num(r, in->person_id);
    p[3] = in->post;
    p[4] = in->unit_id > 0 ? request_num(r, in->unit_id) : NULL;
    p[5] = in->start_date[0] ? in->start_date : today(r);
    p[6] = request_num(r, r->session.user_id);
    p[7] = r->session.username;
    p[8] = r->peer;
    p[9] = r->msg->idempotency_key;
    p[10] = request_key_hash(r);
    request_query(r, &store_team_assign, p, request_stored_cb, NULL);
}

static void handle_team_recall(struct request *r)
{
    const Zhucun__TeamRecall *in = r->msg->team_recall;
    const char *reason = in->reason[0] ? in->reason : "recall";
    const char *field = NULL;
    const char *problem = rules_team_recall_problem(reason, in->note, &field);
    if (problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, field);
        return;
    }
    if (in->end_date[0] != '\0' && check_date(r, in->end_date, "end_date") != 0)
        return;
    const char **p = request_params(r, 10);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->membership_id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = in->end_date[0] ? in->end_date : today(r);
    p[3] = reason;
    p[4] = in->note;
    p[5] = request_num(r, r->session.user_id);
    p[6] = r->session.username;
    p[7] = r->peer;
    p[8] = r->msg->idempotency_key;
    p[9] = request_key_hash(r);
    request_query(r, &store_team_recall, p, request_stored_cb, NULL);
}

/* The answer to TeamRecall, first or retried: "ended", or "pending:<approval id>:<recall id>"
 * when the recall went to the approval engine (zc_team_recall_request, 0034; 0027 stored no
 * recall id). A key stored before 0027 holds "ok": the membership ended then. */
static void replay_team_recall(struct request *r, const struct stored_result *sr)
{
    Zhucun__TeamRecallReply tr = ZHUCUN__TEAM_RECALL_REPLY__INIT;
    if (sr->n >= 2 && strcmp(sr->f[0], "pending") == 0) {
        tr.status = "pending";
        tr.approval_id = strtoll(sr->f[1], NULL, 10);
        tr.recall_id = sr->n >= 3 ? strtoll(sr->f[2], NULL, 10) : 0;
    } else if (sr->n >= 1 && (strcmp(sr->f[0], "ended") == 0 || strcmp(sr->f[0], "ok") == 0)) {
        tr.status = "ended";
    } else {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_TEAM_RECALL;
    reply.team_recall = &tr;
    request_reply(r, &reply);
}

static void handle_team_set_party_leader(struct request *r)
{
    const Zhucun__TeamSetPartyLeader *in = r->msg->team_set_party_leader;
    const char **p = request_params(r, 8);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->team_id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = request_num(r, in->person_id);
    p[3] = request_num(r, r->session.user_id);
    p[4] = r->session.username;
    p[5] = r->peer;
    p[6] = r->msg->idempotency_key;
    p[7] = request_key_hash(r);
    request_query(r, &store_team_set_party_leader, p, request_stored_cb, NULL);
}

/* ---- the calls ---- */

/* What each call needs before its handler runs, and how a retried write is answered. */
static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_TEAM_CREATE, "TeamCreate", AUTH_SESSION, OFFICES, 0, handle_team_create,
     replay_team_create, 1},
    {ZHUCUN__REQUEST__BODY_TEAM_SHOW, "TeamShow", AUTH_SESSION, TEAM_READERS, 0, handle_team_show,
     NULL, 0},
    {ZHUCUN__REQUEST__BODY_TEAM_MEMBERS, "TeamMembers", AUTH_SESSION, TEAM_READERS, 0,
     handle_team_members, NULL, 0},
    {ZHUCUN__REQUEST__BODY_TEAM_ASSIGN, "TeamAssign", AUTH_SESSION, OFFICES, 0, handle_team_assign,
     replay_team_assign, 1},
    {ZHUCUN__REQUEST__BODY_TEAM_RECALL, "TeamRecall", AUTH_SESSION, OFFICES, 0, handle_team_recall,
     replay_team_recall, 1},
    {ZHUCUN__REQUEST__BODY_TEAM_SET_PARTY_LEADER, "TeamSetPartyLeader", AUTH_SESSION, OFFICES, 0,
     handle_team_set_party_leader, request_replay_ok, 1},
};

const struct domain team_domain = {
    .name = "team",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
