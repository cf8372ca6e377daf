/* test_approvals.c -- the approval engine with its first client, leave (SPEC A3, W1-W3):
 * the routing matrix (1, 2, 3, 10 days; a province-level unit's cadre; a township team's
 * cadre), wrong approvers refused, two approvers deciding at once (exactly one counts), return
 * and resubmit, delegation (both names recorded), live queue events, cancel and 销假, the
 * channel a decision came by, and every input refused with its field. */
#include "harness.h"

#include "common/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/rules/date.h"

#define PW       "correct horse battery"
#define TOWNSHIP "140105001000"
#define COUNTY   "140105000000"
#define VA       "140105001001"

static struct zt_server srv;
static struct zc_client *county, *wucheng1, *wucheng2, *u1admin, *u2admin, *city, *county_b;
static int64_t team_a;
static struct zc_client *cadre_a, *cadre_b, *cadre_t;
static int64_t person_a, person_b, person_t, unit1, unit2;
static int today;

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140106000000,迎泽区,county\n";

static const char *day(int offset)
{
    static char ring[16][11];
    static int next;
    char *out = ring[next++ % 16];
    rules_date_format(today + offset, out);
    return out;
}

/* An account with one grant, logged in. */
static struct zc_client *office(const char *username, const char *role, const char *scope,
                                int64_t unit)
{
    assert_int_equal(zt_useradd(&srv, username, PW, role, scope, 0), 0);
    if (unit > 0) {
        char sql[256];
        snprintf(sql, sizeof(sql),
                 "UPDATE role_grants SET unit_id = %lld WHERE user_id = (SELECT id FROM users"
                 " WHERE username = '%s')",
                 (long long)unit, username);
        free(zt_sql(&srv, sql));
    }
    return zt_login(&srv, username, PW, NULL);
}

static int setup(void **state)
{
    (void)state;
    today = zt_today();
    zt_server_start(&srv, "approvals", NULL);
    struct zc_client *prov = office("prov", "province_office", "140000000000", 0);
    zt_org_import(prov, tree);
    unit1 = zt_unit(prov, "小店区农业农村局", "county", COUNTY);
    unit2 = zt_unit(prov, "山西省农业农村厅", "province", "140000000000");
    zc_close(prov);
    county = office("xiaodian", "county_office", COUNTY, 0);
    wucheng1 = office("wucheng1", "township", TOWNSHIP, 0);
    wucheng2 = office("wucheng2", "township", TOWNSHIP, 0);
    u1admin = office("u1admin", "unit_admin", COUNTY, unit1);
    u2admin = office("u2admin", "unit_admin", "140000000000", unit2);
    city = office("taiyuan", "city_office", "140100000000", 0);
    county_b = office("yingze-b", "county_office", "140106000000", 0);
    int64_t team = team_a = zt_team(county, "village", VA, "测试一村工作队");
    cadre_a = zt_cadre(&srv, county, team, "cadre-a", VA, "team_captain", "captain", unit1, PW,
                       &person_a);
    cadre_b = zt_cadre(&srv, county, team, "cadre-b", VA, "cadre", "member", unit2, PW, &person_b);
    int64_t tteam = zt_team(county, "township", TOWNSHIP, "坞城街道工作队");
    cadre_t =
        zt_cadre(&srv, county, tteam, "cadre-t", TOWNSHIP, "cadre", "member", unit1, PW, &person_t);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct zc_client *all[] = {county,  wucheng1, wucheng2, u1admin, u2admin,
                               cadre_a, cadre_b,  cadre_t,  city,    county_b};
    for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++)
        zc_close(all[i]);
    zt_server_finish(&srv);
    return 0;
}

static Zhucun__Code request(struct zc_client *c, int64_t person, int first, int last,
                            const char *reason, const char *channel, int64_t *leave)
{
    Zhucun__LeaveRequest lr = ZHUCUN__LEAVE_REQUEST__INIT;
    lr.person_id = person;
    lr.first_day = (char *)day(first);
    lr.last_day = (char *)day(last);
    lr.reason = (char *)reason;
    lr.channel = (char *)channel;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_REQUEST;
    req.leave_request = &lr;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(c, &req, &reply);
    if (code == ZHUCUN__CODE__OK && leave != NULL)
        *leave = reply->leave_request->leave_id;
    zc_reply_free(reply);
    return code;
}

static Zhucun__Reply *show(struct zc_client *c, int64_t leave)
{
    Zhucun__LeaveShow ls = ZHUCUN__LEAVE_SHOW__INIT;
    ls.id = leave;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_SHOW;
    req.leave_show = &ls;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(c, &req, &reply), ZHUCUN__CODE__OK);
    return reply;
}

static Zhucun__Code decide(struct zc_client *c, int64_t step, const char *decision,
                           const char *reason, const char *channel)
{
    Zhucun__Decide d = ZHUCUN__DECIDE__INIT;
    d.step_id = step;
    d.decision = (char *)decision;
    d.reason = (char *)reason;
    d.channel = (char *)channel;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DECIDE;
    req.decide = &d;
    return zt_call(c, &req, NULL);
}

/* LeaveEnd with an idempotency key (NULL: none). */
static Zhucun__Code end_keyed(struct zc_client *c, int64_t leave, const char *back, const char *key)
{
    Zhucun__LeaveEnd le = ZHUCUN__LEAVE_END__INIT;
    le.id = leave;
    le.return_day = (char *)back;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_END;
    req.leave_end = &le;
    req.idempotency_key = (char *)(key != NULL ? key : "");
    return zt_call(c, &req, NULL);
}

static Zhucun__Code end(struct zc_client *c, int64_t leave, const char *back)
{
    return end_keyed(c, leave, back, NULL);
}

/* The pending steps of a leave, as "role@place" joined with "+" (places: the org code, or
 * "unit:ID"), and the first pending step's id. */
static void steps_of(int64_t leave, char *out, size_t cap, int64_t *first_step)
{
    Zhucun__Reply *reply = show(county, leave);
    out[0] = '\0';
    size_t len = 0;
    if (first_step != NULL)
        *first_step = 0;
    for (size_t i = 0; i < reply->leave->n_steps; i++) {
        const Zhucun__ApprovalStep *s = reply->leave->steps[i];
        if (strcmp(s->status, "pending") != 0)
            continue;
        if (first_step != NULL && *first_step == 0)
            *first_step = s->id;
        if (s->unit_id)
            len += (size_t)snprintf(out + len, cap - len, "%s%s@unit:%lld", len ? "+" : "", s->role,
                                    (long long)s->unit_id);
        else
            len += (size_t)snprintf(out + len, cap - len, "%s%s@%s", len ? "+" : "", s->role,
                                    s->org_code);
    }
    zc_reply_free(reply);
}

static void test_routing_matrix(void **state)
{
    (void)state;
    char want[160], got[256];
    struct {
        struct zc_client *who;
        int first, days;
        const char *want_fmt;
        int64_t unit;
    } cases[] = {
        {cadre_a, 10, 1, "township@" TOWNSHIP, 0},
        {cadre_a, 12, 2, "county_office@" COUNTY, 0},
        {cadre_a, 15, 3, "county_office@" COUNTY "+unit_admin@unit:%lld", 0},
        {cadre_a, 20, 10, "county_office@" COUNTY "+unit_admin@unit:%lld", 0},
        {cadre_b, 15, 3, "county_office@" COUNTY "+unit_admin@unit:%lld", 1},
        {cadre_t, 10, 1, "township@" TOWNSHIP, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        int64_t leave = 0;
        assert_int_equal(request(cases[i].who, 0, cases[i].first,
                                 cases[i].first + cases[i].days - 1, "回家探亲", "", &leave),
                         ZHUCUN__CODE__OK);
        snprintf(want, sizeof(want), cases[i].want_fmt, (long long)(cases[i].unit ? unit2 : unit1));
        steps_of(leave, got, sizeof(got), NULL);
        assert_string_equal(got, want);
        assert_int_equal(end(cases[i].who, leave, ""), ZHUCUN__CODE__OK); /* cancel */
    }
}

static void test_wrong_approver_and_approval(void **state)
{
    (void)state;
    int64_t leave = 0, step = 0;
    char got[256];
    assert_int_equal(request(cadre_a, 0, 30, 30, "办理个人证件", "", &leave), ZHUCUN__CODE__OK);
    steps_of(leave, got, sizeof(got), &step);
    assert_int_equal(decide(county, step, "approve", "", ""), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(decide(u1admin, step, "approve", "", ""), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(decide(cadre_a, step, "approve", "", ""), ZHUCUN__CODE__NOT_FOUND);
    /* the remote team asked by WeChat; the township records its approval with the channel */
    assert_int_equal(decide(wucheng1, step, "approve", "", "wechat"), ZHUCUN__CODE__OK);
    Zhucun__Reply *reply = show(cadre_a, leave);
    assert_string_equal(reply->leave->status, "approved");
    assert_string_equal(reply->leave->steps[0]->decided_by, "wucheng1");
    assert_string_equal(reply->leave->steps[0]->channel, "wechat");
    zc_reply_free(reply);
    /* decided once: a second decision is refused */
    assert_int_equal(decide(wucheng2, step, "reject", "不同意", ""),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    char *n = zt_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'approval.approve'");
    assert_true(atoi(n) >= 1);
    free(n);
}

/* Two holders of the township grant decide the same step at the same moment. */
static void test_concurrent_decisions(void **state)
{
    (void)state;
    for (int round = 0; round < 5; round++) {
        int64_t leave = 0, step = 0;
        char got[256];
        assert_int_equal(request(cadre_a, 0, 40 + round, 40 + round, "家中有事", "", &leave),
                         ZHUCUN__CODE__OK);
        steps_of(leave, got, sizeof(got), &step);
        struct zc_client *who[2] = {wucheng1, wucheng2};
        const char *what[2] = {"approve", "reject"};
        Zhucun__Decide d[2];
        Zhucun__Request req[2];
        struct zc_error err;
        for (int i = 0; i < 2; i++) {
            zhucun__decide__init(&d[i]);
            d[i].step_id = step;
            d[i].decision = (char *)what[i];
            d[i].reason = "并发测试";
            zhucun__request__init(&req[i]);
            req[i].body_case = ZHUCUN__REQUEST__BODY_DECIDE;
            req[i].decide = &d[i];
            assert_true(zc_send(who[i], &req[i], &err) > 0);
        }
        int ok = 0, refused = 0;
        for (int i = 0; i < 2; i++) {
            Zhucun__Reply *reply = NULL;
            assert_int_equal(zc_recv(who[i], &reply, 10000, &err), 0);
            Zhucun__Code code = reply->status ? reply->status->code : ZHUCUN__CODE__OK;
            ok += code == ZHUCUN__CODE__OK;
            refused += code == ZHUCUN__CODE__FAILED_PRECONDITION;
            zc_reply_free(reply);
        }
        assert_int_equal(ok, 1);
        assert_int_equal(refused, 1);
        char sql[160];
        snprintf(sql, sizeof(sql),
                 "SELECT count(*) FROM approval_steps WHERE id = %lld AND decided_by IS NOT NULL",
                 (long long)step);
        char *n = zt_sql(&srv, sql);
        assert_string_equal(n, "1");
        free(n);
    }
}

static void test_return_and_resubmit(void **state)
{
    (void)state;
    int64_t leave = 0, step = 0;
    char got[256];
    assert_int_equal(request(cadre_a, 0, 50, 51, "参加培训", "", &leave), ZHUCUN__CODE__OK);
    steps_of(leave, got, sizeof(got), &step);
    assert_int_equal(decide(county, step, "return", "", ""), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(decide(county, step, "return", "  ", ""), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(decide(county, step, "return", "请附培训通知", ""), ZHUCUN__CODE__OK);
    Zhucun__Reply *reply = show(cadre_a, leave);
    assert_string_equal(reply->leave->status, "returned");
    zc_reply_free(reply);
    /* revised to one day: the route is the township's now, in a new round */
    Zhucun__LeaveResubmit rs = ZHUCUN__LEAVE_RESUBMIT__INIT;
    rs.id = leave;
    rs.first_day = (char *)day(50);
    rs.last_day = (char *)day(50);
    rs.reason = "参加培训（附通知）";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_RESUBMIT;
    req.leave_resubmit = &rs;
    assert_int_equal(zt_call(cadre_b, &req, NULL), ZHUCUN__CODE__NOT_FOUND); /* not theirs */
    assert_int_equal(zt_call(cadre_a, &req, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(zt_call(cadre_a, &req, NULL), ZHUCUN__CODE__FAILED_PRECONDITION);
    steps_of(leave, got, sizeof(got), &step);
    assert_string_equal(got, "township@" TOWNSHIP);
    assert_int_equal(decide(wucheng2, step, "approve", "", ""), ZHUCUN__CODE__OK);
    reply = show(cadre_a, leave);
    assert_string_equal(reply->leave->status, "approved");
    assert_int_equal(reply->leave->steps[0]->round, 2);
    zc_reply_free(reply);
}

/* 3 days: the county office and the unit, both; a rejection by either ends it. */
static void test_parallel_steps(void **state)
{
    (void)state;
    int64_t leave = 0, step = 0;
    char got[256];
    assert_int_equal(request(cadre_a, 0, 60, 62, "陪护家人就医", "", &leave), ZHUCUN__CODE__OK);
    steps_of(leave, got, sizeof(got), &step);
    assert_int_equal(decide(county, step, "approve", "", ""), ZHUCUN__CODE__OK);
    Zhucun__Reply *reply = show(cadre_a, leave);
    assert_string_equal(reply->leave->status, "pending"); /* the unit has not decided */
    zc_reply_free(reply);
    steps_of(leave, got, sizeof(got), &step);
    char want[64];
    snprintf(want, sizeof(want), "unit_admin@unit:%lld", (long long)unit1);
    assert_string_equal(got, want);
    assert_int_equal(decide(u2admin, step, "approve", "", ""), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(decide(u1admin, step, "approve", "", ""), ZHUCUN__CODE__OK);
    reply = show(cadre_a, leave);
    assert_string_equal(reply->leave->status, "approved");
    zc_reply_free(reply);

    assert_int_equal(request(cadre_a, 0, 70, 72, "探亲", "", &leave), ZHUCUN__CODE__OK);
    steps_of(leave, got, sizeof(got), &step);
    assert_int_equal(decide(county, step, "reject", "近期有检查，暂缓", ""), ZHUCUN__CODE__OK);
    reply = show(cadre_a, leave);
    assert_string_equal(reply->leave->status, "rejected");
    for (size_t i = 0; i < reply->leave->n_steps; i++)
        assert_string_not_equal(reply->leave->steps[i]->status, "pending");
    zc_reply_free(reply);
}

static Zhucun__Code delegate(struct zc_client *c, const char *to, const char *role,
                             const char *scope, int first, int last, int64_t *id)
{
    Zhucun__DelegationCreate dc = ZHUCUN__DELEGATION_CREATE__INIT;
    dc.to_username = (char *)to;
    dc.role = (char *)role;
    dc.scope_code = (char *)scope;
    dc.first_day = (char *)day(first);
    dc.last_day = (char *)day(last);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DELEGATION_CREATE;
    req.delegation_create = &dc;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(c, &req, &reply);
    if (code == ZHUCUN__CODE__OK && id != NULL)
        *id = reply->delegation->id;
    zc_reply_free(reply);
    return code;
}

/* The step ids of user c's queue items of approval aid (at most 4), and the first item. */
static int queue_of(struct zc_client *c, int64_t aid, int64_t steps[4], Zhucun__QueueItem *first)
{
    Zhucun__QueueList ql = ZHUCUN__QUEUE_LIST__INIT;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_QUEUE_LIST;
    req.queue_list = &ql;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(c, &req, &reply), ZHUCUN__CODE__OK);
    int n = 0;
    for (size_t i = 0; i < reply->queue_list->n_items && n < 4; i++) {
        const Zhucun__QueueItem *it = reply->queue_list->items[i];
        if (it->approval_id != aid)
            continue;
        if (n == 0 && first != NULL) {
            /* Copied flat: the strings go with the reply. */
            zhucun__queue_item__init(first);
            first->step_id = it->step_id;
            first->on_behalf_of = it->on_behalf_of;
            first->overdue = it->overdue;
            first->escalated = it->escalated;
        }
        steps[n++] = it->step_id;
    }
    zc_reply_free(reply);
    return n;
}

/* The approval of a leave (LeaveShow's approval_id). */
static int64_t approval_of(int64_t leave)
{
    Zhucun__Reply *reply = show(county, leave);
    int64_t aid = reply->leave->approval_id;
    zc_reply_free(reply);
    return aid;
}

/* Run first in an administrator's SQL: the session sees the database's clock as the server's
 * do (docs/clock.md), shifted or not. */
#define ON_DB_CLOCK "SET zhucun.test_clock = on;"

/* Moves the database's clock by days (the server's C clock stays): deadlines, delegations and
 * route versions are judged on it (zc_now, zc_today). */
static void shift_db_clock(int days)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO zc_clock_pin (offset_s, pinned_to) VALUES (%d, now() + make_interval("
             "secs => %d)) ON CONFLICT (one) DO UPDATE SET offset_s = zc_clock_pin.offset_s + %d,"
             " pinned_to = zc_clock_pin.pinned_to + make_interval(secs => %d) RETURNING offset_s",
             days * 86400, days * 86400, days * 86400, days * 86400);
    free(zt_sql(&srv, sql));
}

/* SPEC W3: an approver away names a deputy who need not hold the grant (a colleague: here a
 * cadre); the deputy decides in their own queue with both names recorded while the delegation
 * lasts, and not before it starts, after it ends or once it is revoked. */
static void test_delegation(void **state)
{
    (void)state;
    int64_t did = 0, later = 0, steps[4];
    assert_int_equal(delegate(wucheng1, "wucheng2", "county_office", COUNTY, 0, 7, NULL),
                     ZHUCUN__CODE__NOT_FOUND); /* not a grant of theirs */
    assert_int_equal(delegate(wucheng1, "wucheng2", "township", TOWNSHIP, 0, 200, NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT); /* longer than 90 days */
    assert_int_equal(delegate(wucheng1, "wucheng1", "township", TOWNSHIP, 0, 7, NULL),
                     ZHUCUN__CODE__FAILED_PRECONDITION); /* not oneself */
    assert_int_equal(delegate(wucheng1, "nobody", "township", TOWNSHIP, 0, 7, NULL),
                     ZHUCUN__CODE__FAILED_PRECONDITION); /* no such account */
    /* cadre-b holds no approver's grant at all */
    assert_int_equal(delegate(wucheng1, "cadre-b", "township", TOWNSHIP, 0, 2, &did),
                     ZHUCUN__CODE__OK);
    assert_int_equal(delegate(wucheng1, "cadre-t", "township", TOWNSHIP, 3, 5, &later),
                     ZHUCUN__CODE__OK);
    int64_t leave = 0, step = 0;
    char got[256];
    assert_int_equal(request(cadre_a, 0, 80, 80, "处理家事", "", &leave), ZHUCUN__CODE__OK);
    steps_of(leave, got, sizeof(got), &step);
    int64_t aid = approval_of(leave);
    Zhucun__QueueItem it;
    assert_int_equal(queue_of(cadre_b, aid, steps, &it), 1);
    assert_int_equal(it.step_id, step);
    assert_true(it.on_behalf_of > 0);
    /* cadre-t's delegation has not begun */
    assert_int_equal(queue_of(cadre_t, aid, steps, NULL), 0);
    assert_int_equal(decide(cadre_t, step, "approve", "", ""), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(decide(cadre_b, step, "approve", "", ""), ZHUCUN__CODE__OK);
    Zhucun__Reply *reply = show(cadre_a, leave);
    assert_string_equal(reply->leave->steps[0]->decided_by, "cadre-b");
    assert_string_equal(reply->leave->steps[0]->on_behalf_of, "wucheng1");
    zc_reply_free(reply);

    /* Past its last day the delegation gives nothing; the later one has begun. */
    assert_int_equal(request(cadre_a, 0, 81, 81, "处理家事", "", &leave), ZHUCUN__CODE__OK);
    steps_of(leave, got, sizeof(got), &step);
    aid = approval_of(leave);
    shift_db_clock(4);
    assert_int_equal(queue_of(cadre_b, aid, steps, NULL), 0);
    assert_int_equal(decide(cadre_b, step, "approve", "", ""), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(queue_of(cadre_t, aid, steps, NULL), 1);
    shift_db_clock(-4);

    /* Revoked, it gives nothing either; only the delegator revokes. */
    Zhucun__DelegationRevoke dr = ZHUCUN__DELEGATION_REVOKE__INIT;
    dr.id = did;
    Zhucun__Request rreq = ZHUCUN__REQUEST__INIT;
    rreq.body_case = ZHUCUN__REQUEST__BODY_DELEGATION_REVOKE;
    rreq.delegation_revoke = &dr;
    /* only the delegator revokes; the deputy holds no approver's grant to revoke with */
    assert_int_equal(zt_call(cadre_b, &rreq, NULL), ZHUCUN__CODE__PERMISSION_DENIED);
    assert_int_equal(zt_call(wucheng2, &rreq, NULL), ZHUCUN__CODE__NOT_FOUND); /* not theirs */
    assert_int_equal(zt_call(wucheng1, &rreq, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(zt_call(wucheng1, &rreq, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(queue_of(cadre_b, aid, steps, NULL), 0);
    assert_int_equal(decide(cadre_b, step, "approve", "", ""), ZHUCUN__CODE__NOT_FOUND);
    dr.id = later;
    assert_int_equal(zt_call(wucheng1, &rreq, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(decide(wucheng1, step, "approve", "", ""), ZHUCUN__CODE__OK);
}

/* ---- a test-only kind: three sequential levels, route versions, escalation ---- */

static int64_t user_id(const char *username)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT id FROM users WHERE username = '%s'", username);
    char *v = zt_sql(&srv, sql);
    int64_t id = strtoll(v, NULL, 10);
    free(v);
    return id;
}

/* The kind "probe" (探针事项): its subjects are rows of probe_subjects, told their outcome by
 * probe_decided; its route "probe" goes township -> county -> city, one level after another,
 * with a 2-day deadline and no grace before escalation. Nothing of the engine is edited. */
static void probe_kind(void)
{
    static int made;
    if (made++)
        return;
    free(zt_sql(&srv,
                "CREATE TABLE probe_subjects (id bigint PRIMARY KEY, status text NOT NULL);"
                "GRANT SELECT, INSERT, UPDATE ON probe_subjects TO zhucun_app;"
                "CREATE FUNCTION probe_decided(p_id bigint, p_status text) RETURNS void"
                " LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp"
                " AS 'UPDATE probe_subjects SET status = p_status WHERE id = p_id';"
                "INSERT INTO approval_kinds (kind, name, on_decided, escalate_after_days)"
                " VALUES ('probe', '探针事项', 'probe_decided(bigint,text)', 0);"
                "INSERT INTO approval_routes (id, subject_kind, description, deadline_days,"
                " effective_from, name) VALUES (900, 'probe', '探针：乡镇、县、市逐级审批', 2,"
                " '2022-01-01', 'probe');"
                "INSERT INTO approval_route_steps (route_id, seq, role, place) VALUES"
                " (900, 1, 'township', 'township'), (900, 2, 'county_office', 'county'),"
                " (900, 3, 'city_office', 'city');"
                "SELECT 1"));
}

/* Submits probe subject id (as county's user) through the engine's one submit function;
 * returns the approval. */
static int64_t probe_submit(int64_t id)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             ON_DB_CLOCK "INSERT INTO probe_subjects VALUES (%lld, 'pending');"
                         "SELECT zc_approval_submit('probe', %lld, '{}', '" VA
                         "', NULL, '探针 %lld',"
                         " %lld)",
             (long long)id, (long long)id, (long long)id, (long long)user_id("xiaodian"));
    char *v = zt_sql(&srv, sql);
    int64_t aid = strtoll(v, NULL, 10);
    free(v);
    assert_true(aid > 0);
    return aid;
}

static char *probe_status(int64_t id)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT status FROM probe_subjects WHERE id = %lld", (long long)id);
    return zt_sql(&srv, sql);
}

static Zhucun__Reply *history(struct zc_client *c, const char *kind, int64_t id)
{
    Zhucun__ApprovalHistory ah = ZHUCUN__APPROVAL_HISTORY__INIT;
    ah.subject_kind = (char *)kind;
    ah.subject_id = id;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_APPROVAL_HISTORY;
    req.approval_history = &ah;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(c, &req, &reply), ZHUCUN__CODE__OK);
    return reply;
}

static void test_three_levels(void **state)
{
    (void)state;
    probe_kind();
    int64_t aid = probe_submit(1), steps[4];
    Zhucun__QueueItem it;
    /* one level at a time: only the township has it */
    assert_int_equal(queue_of(county, aid, steps, NULL), 0);
    assert_int_equal(queue_of(city, aid, steps, NULL), 0);
    assert_int_equal(queue_of(wucheng1, aid, steps, &it), 1);
    assert_int_equal(decide(wucheng1, it.step_id, "approve", "", ""), ZHUCUN__CODE__OK);
    assert_int_equal(queue_of(wucheng1, aid, steps, NULL), 0);
    assert_int_equal(queue_of(county, aid, steps, &it), 1);
    assert_int_equal(decide(city, it.step_id, "approve", "", ""), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(decide(county, it.step_id, "approve", "", ""), ZHUCUN__CODE__OK);
    char *st = probe_status(1);
    assert_string_equal(st, "pending");
    free(st);
    assert_int_equal(queue_of(city, aid, steps, &it), 1);
    assert_int_equal(decide(city, it.step_id, "approve", "", ""), ZHUCUN__CODE__OK);
    /* the kind's own function learned the outcome */
    st = probe_status(1);
    assert_string_equal(st, "approved");
    free(st);
    /* the history: one approval, three steps, in order */
    Zhucun__Reply *reply = history(county, "probe", 1);
    assert_int_equal(reply->approval_history->n_approvals, 1);
    const Zhucun__ApprovalRecord *a = reply->approval_history->approvals[0];
    assert_string_equal(a->kind_name, "探针事项");
    assert_string_equal(a->status, "approved");
    assert_string_equal(a->route, "探针：乡镇、县、市逐级审批");
    assert_int_equal(a->n_steps, 3);
    assert_string_equal(a->steps[0]->role, "township");
    assert_string_equal(a->steps[1]->role, "county_office");
    assert_string_equal(a->steps[2]->role, "city_office");
    assert_string_equal(a->steps[2]->decided_by, "taiyuan");
    zc_reply_free(reply);
    /* a second approval of the same subject (a later transition): both in its history */
    int64_t again = 0;
    char sql[256];
    snprintf(sql, sizeof(sql),
             ON_DB_CLOCK "UPDATE probe_subjects SET status = 'pending' WHERE id = 1;"
                         "SELECT zc_approval_submit('probe', 1, '{}', '" VA
                         "', NULL, '探针 1 再审', %lld)",
             (long long)user_id("xiaodian"));
    char *v = zt_sql(&srv, sql);
    again = strtoll(v, NULL, 10);
    free(v);
    assert_true(again > aid);
    reply = history(wucheng1, "probe", 1);
    assert_int_equal(reply->approval_history->n_approvals, 2);
    assert_int_equal(reply->approval_history->approvals[0]->id, aid);
    assert_int_equal(reply->approval_history->approvals[1]->id, again);
    assert_string_equal(reply->approval_history->approvals[1]->status, "pending");
    zc_reply_free(reply);
    /* another county's office sees none of it */
    Zhucun__ApprovalHistory ah = ZHUCUN__APPROVAL_HISTORY__INIT;
    ah.subject_kind = "probe";
    ah.subject_id = 1;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_APPROVAL_HISTORY;
    req.approval_history = &ah;
    assert_int_equal(zt_call(county_b, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(queue_of(wucheng1, again, steps, &it), 1);
    assert_int_equal(decide(wucheng1, it.step_id, "reject", "重复提交", ""), ZHUCUN__CODE__OK);
}

/* A new version of a route takes over on its first day; versions may not overlap. */
static void test_route_versions(void **state)
{
    (void)state;
    probe_kind();
    char sql[512];
    snprintf(sql, sizeof(sql),
             ON_DB_CLOCK
             "SELECT zc_route_publish('probe', zc_today() + 1, '探针（新版）：乡镇审批',"
             " '[{\"seq\": 1, \"role\": \"township\", \"place\": \"township\"}]')");
    free(zt_sql(&srv, sql));
    int64_t today_aid = probe_submit(2), steps[4];
    Zhucun__Reply *reply = history(county, "probe", 2);
    assert_string_equal(reply->approval_history->approvals[0]->route, "探针：乡镇、县、市逐级审批");
    assert_int_equal(reply->approval_history->approvals[0]->n_steps, 3);
    zc_reply_free(reply);
    shift_db_clock(1);
    int64_t aid = probe_submit(3);
    reply = history(county, "probe", 3);
    assert_string_equal(reply->approval_history->approvals[0]->route, "探针（新版）：乡镇审批");
    assert_int_equal(reply->approval_history->approvals[0]->n_steps, 1);
    zc_reply_free(reply);
    Zhucun__QueueItem it;
    assert_int_equal(queue_of(wucheng1, aid, steps, &it), 1);
    assert_int_equal(decide(wucheng1, it.step_id, "approve", "", ""), ZHUCUN__CODE__OK);
    char *st = probe_status(3);
    assert_string_equal(st, "approved"); /* one level, done */
    free(st);
    shift_db_clock(-1);
    /* an overlapping version is refused when written */
    PGconn *pg = zt_pg_admin(&srv);
    PGresult *res = PQexec(pg, "INSERT INTO approval_routes (id, subject_kind, description,"
                               " effective_from, name) VALUES (990, 'probe', '重叠',"
                               " '2030-01-01', 'probe')");
    assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
    assert_string_equal(PQresultErrorField(res, PG_DIAG_SQLSTATE), "ZC006");
    PQclear(res);
    PQfinish(pg);
    assert_int_equal(queue_of(wucheng1, today_aid, steps, &it), 1);
    assert_int_equal(decide(wucheng1, it.step_id, "reject", "测试结束", ""), ZHUCUN__CODE__OK);
}

/* Routes by the request's attributes: a probe of 10,000 yuan or more goes to the city office
 * alone (more specific than the base route, which has no condition); one of a township team's
 * request to the township alone; any other takes the base route. */
static void test_route_by_attributes(void **state)
{
    (void)state;
    probe_kind();
    free(zt_sql(&srv, "INSERT INTO approval_routes (id, subject_kind, description, effective_from,"
                      " name, min_amount) VALUES (910, 'probe', '探针：大额，市级审批',"
                      " '2022-01-01', 'probe-big', 10000);"
                      "INSERT INTO approval_routes (id, subject_kind, description, effective_from,"
                      " name, team_kind) VALUES (911, 'probe', '探针：乡镇工作队，乡镇审批',"
                      " '2022-01-01', 'probe-township', 'township');"
                      "INSERT INTO approval_route_steps (route_id, seq, role, place) VALUES"
                      " (910, 1, 'city_office', 'city'), (911, 1, 'township', 'township');"
                      "SELECT 1"));
    static const struct {
        const char *attrs, *route;
    } cases[] = {
        {"{\"amount\": 50000}", "探针：大额，市级审批"},
        {"{\"amount\": 10000}", "探针：大额，市级审批"},
        {"{\"amount\": 9999.99}", "探针：乡镇、县、市逐级审批"},
        {"{\"team_kind\": \"township\"}", "探针：乡镇工作队，乡镇审批"},
        {"{\"team_kind\": \"village\"}", "探针：乡镇、县、市逐级审批"},
        {"{}", "探针：乡镇、县、市逐级审批"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        char sql[512];
        snprintf(sql, sizeof(sql),
                 ON_DB_CLOCK "SELECT r.description FROM approval_routes r"
                             " WHERE r.id = zc_route_for('probe', '%s', zc_today())",
                 cases[i].attrs);
        char *got = zt_sql(&srv, sql);
        if (strcmp(got, cases[i].route) != 0)
            fail_msg("attributes %s: route %s, want %s", cases[i].attrs, got, cases[i].route);
        free(got);
    }
    /* Gone again: the other tests expect the base route. */
    free(zt_sql(&srv, "DELETE FROM approval_route_steps WHERE route_id IN (910, 911);"
                      "DELETE FROM approval_routes WHERE id IN (910, 911); SELECT 1"));
}

/* A step past its deadline is flagged; past the kind's grace (0 days for probe) the daily job
 * (zc_housekeeping) raises it to the next level as well: the county office sees it, marked,
 * and may decide it; the township still sees it. */
static void test_escalation(void **state)
{
    (void)state;
    probe_kind();
    int64_t aid = probe_submit(4), steps[4];
    Zhucun__QueueItem it;
    free(zt_sql(&srv, ON_DB_CLOCK "SELECT count(*) FROM zc_housekeeping()"));
    assert_int_equal(queue_of(county, aid, steps, NULL), 0); /* not due yet */
    shift_db_clock(1);
    free(zt_sql(&srv, ON_DB_CLOCK "SELECT count(*) FROM zc_housekeeping()"));
    assert_int_equal(queue_of(county, aid, steps, NULL), 0); /* due tomorrow */
    shift_db_clock(2);
    assert_int_equal(queue_of(wucheng1, aid, steps, &it), 1);
    assert_true(it.overdue);
    assert_false(it.escalated);
    assert_int_equal(queue_of(county, aid, steps, NULL), 0); /* the job has not run */
    free(zt_sql(&srv, ON_DB_CLOCK "SELECT count(*) FROM zc_housekeeping()"));
    assert_int_equal(queue_of(county, aid, steps, &it), 1);
    assert_true(it.escalated);
    assert_true(it.overdue);
    assert_int_equal(queue_of(wucheng1, aid, steps, &it), 1);
    assert_false(it.escalated); /* its own approvers still have it */
    char esc_sql[160];
    snprintf(esc_sql, sizeof(esc_sql),
             "SELECT count(*) FROM audit WHERE action = 'approval.escalate'"
             " AND object = 'approval:%lld'",
             (long long)aid);
    char *n = zt_sql(&srv, esc_sql);
    assert_string_equal(n, "1");
    free(n);
    free(zt_sql(&srv, ON_DB_CLOCK "SELECT count(*) FROM zc_housekeeping()")); /* once only */
    n = zt_sql(&srv, esc_sql);
    assert_string_equal(n, "1");
    free(n);
    assert_int_equal(decide(county, it.step_id, "approve", "", ""), ZHUCUN__CODE__OK);
    Zhucun__Reply *reply = history(county, "probe", 4);
    const Zhucun__ApprovalStep *s0 = reply->approval_history->approvals[0]->steps[0];
    assert_string_equal(s0->status, "approved");
    assert_string_equal(s0->decided_by, "xiaodian");
    assert_string_equal(s0->escalated_role, "county_office");
    assert_string_equal(s0->escalated_org, COUNTY);
    zc_reply_free(reply);
    shift_db_clock(-3);
    /* the next level is the county's own step now */
    assert_int_equal(queue_of(county, aid, steps, &it), 1);
    assert_false(it.escalated);
    assert_int_equal(decide(county, it.step_id, "reject", "测试结束", ""), ZHUCUN__CODE__OK);
}

/* O3: a recall goes through the engine: the county office and the cadre's dispatching unit
 * decide together; until both approved the cadre stays in the team. */
/* The membership of a cadre, serving. */
static int64_t serving_membership(int64_t person)
{
    char sql[192];
    snprintf(sql, sizeof(sql),
             "SELECT id FROM memberships WHERE person_id = %lld AND end_date IS NULL",
             (long long)person);
    char *v = zt_sql(&srv, sql);
    int64_t m = strtoll(v, NULL, 10);
    free(v);
    return m;
}

static void test_recall(void **state)
{
    (void)state;
    int64_t person_r = 0, steps[4];
    struct zc_client *cadre_r =
        zt_cadre(&srv, county, team_a, "cadre-r", VA, "cadre", "member", unit1, PW, &person_r);
    int64_t membership = serving_membership(person_r);
    char sql[192];
    char *v;
    Zhucun__TeamRecall tr = ZHUCUN__TEAM_RECALL__INIT;
    tr.membership_id = membership;
    tr.reason = "recall";
    tr.note = "派出单位工作需要，申请召回";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_RECALL;
    req.team_recall = &tr;
    req.idempotency_key = "recall-r-1";
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
    assert_string_equal(reply->team_recall->status, "pending");
    int64_t aid = reply->team_recall->approval_id;
    int64_t recall = reply->team_recall->recall_id;
    assert_true(recall > 0);
    zc_reply_free(reply);
    /* the same key: the same answer, nothing new */
    reply = NULL;
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->team_recall->approval_id, aid);
    assert_int_equal(reply->team_recall->recall_id, recall);
    zc_reply_free(reply);
    Zhucun__QueueItem it;
    assert_int_equal(queue_of(county, aid, steps, &it), 1);
    int64_t county_step = it.step_id;
    assert_int_equal(queue_of(u1admin, aid, steps, &it), 1);
    int64_t unit_step = it.step_id;
    assert_int_equal(decide(county, county_step, "approve", "", ""), ZHUCUN__CODE__OK);
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM memberships WHERE id = %lld AND end_date IS NULL",
             (long long)membership);
    v = zt_sql(&srv, sql);
    assert_string_equal(v, "1"); /* still serving: the unit has not decided */
    free(v);
    assert_int_equal(decide(u1admin, unit_step, "approve", "", ""), ZHUCUN__CODE__OK);
    snprintf(sql, sizeof(sql), "SELECT end_reason FROM memberships WHERE id = %lld",
             (long long)membership);
    v = zt_sql(&srv, sql);
    assert_string_equal(v, "recall");
    free(v);
    reply = history(county, "recall", recall);
    assert_string_equal(reply->approval_history->approvals[0]->kind_name, "召回");
    assert_string_equal(reply->approval_history->approvals[0]->status, "approved");
    assert_int_equal(reply->approval_history->approvals[0]->n_steps, 2);
    zc_reply_free(reply);
    zc_close(cadre_r);
}

/* The unit's administrator away, another county's office decides the recall's unit step as
 * the deputy: it holds no grant over the team's county, so row-level security hides the
 * membership from its queries, and still the approved recall ends the cadre's service — what an
 * approval's outcome does runs with the owner's rights once the engine has checked the decider
 * (0044), as the leave and monitoring kinds' outcomes do. */
static void test_recall_decided_by_deputy_out_of_scope(void **state)
{
    (void)state;
    int64_t person_r = 0, steps[4], did = 0;
    struct zc_client *cadre_r =
        zt_cadre(&srv, county, team_a, "cadre-r2", VA, "cadre", "member", unit1, PW, &person_r);
    int64_t membership = serving_membership(person_r);
    assert_int_equal(delegate(u1admin, "yingze-b", "unit_admin", COUNTY, 0, 7, &did),
                     ZHUCUN__CODE__OK);
    Zhucun__TeamRecall tr = ZHUCUN__TEAM_RECALL__INIT;
    tr.membership_id = membership;
    tr.reason = "recall";
    tr.note = "派出单位工作需要，申请召回";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_RECALL;
    req.team_recall = &tr;
    req.idempotency_key = "recall-r2-1";
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
    int64_t aid = reply->team_recall->approval_id;
    zc_reply_free(reply);
    Zhucun__QueueItem it;
    assert_int_equal(queue_of(county, aid, steps, &it), 1);
    assert_int_equal(decide(county, it.step_id, "approve", "", ""), ZHUCUN__CODE__OK);
    assert_int_equal(queue_of(county_b, aid, steps, &it), 1);
    assert_true(it.on_behalf_of > 0);
    assert_int_equal(decide(county_b, it.step_id, "approve", "", ""), ZHUCUN__CODE__OK);
    char sql[192];
    snprintf(sql, sizeof(sql), "SELECT end_reason FROM memberships WHERE id = %lld",
             (long long)membership);
    char *v = zt_sql(&srv, sql);
    assert_string_equal(v, "recall");
    free(v);
    /* Every kind's outcome so (docs/approvals.md, "Adding a kind"). */
    v = zt_sql(&srv, "SELECT count(*) FROM approval_kinds k JOIN pg_proc p"
                     " ON p.oid = k.on_decided::oid WHERE NOT p.prosecdef");
    assert_string_equal(v, "0");
    free(v);
    Zhucun__DelegationRevoke rv = ZHUCUN__DELEGATION_REVOKE__INIT;
    rv.id = did;
    Zhucun__Request rq = ZHUCUN__REQUEST__INIT;
    rq.body_case = ZHUCUN__REQUEST__BODY_DELEGATION_REVOKE;
    rq.delegation_revoke = &rv;
    assert_int_equal(zt_call(u1admin, &rq, NULL), ZHUCUN__CODE__OK);
    zc_close(cadre_r);
}

/* Followers on several connections, spread over the server's workers and over a second
 * server process on the same database, each get the new item as an event within a second or
 * two of a request made through the first process. */
static void test_queue_events(void **state)
{
    (void)state;
    enum { N = 6 };
    struct zc_client *f[N];
    struct zt_server twin;
    zt_server_twin(&twin, &srv);
    Zhucun__QueueFollow qf = ZHUCUN__QUEUE_FOLLOW__INIT;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_QUEUE_FOLLOW;
    req.queue_follow = &qf;
    for (int i = 0; i < N; i++) {
        f[i] = zt_login(i % 2 ? &twin : &srv, "wucheng1", PW, NULL);
        assert_int_equal(zt_call(f[i], &req, NULL), ZHUCUN__CODE__OK);
    }
    /* the county office does not follow the township's queue */
    struct zc_client *other = zt_login(&srv, "xiaodian", PW, NULL);
    assert_int_equal(zt_call(other, &req, NULL), ZHUCUN__CODE__OK);
    int64_t leave = 0, step = 0;
    char got[256];
    long long t0 = zt_now_ms();
    assert_int_equal(request(cadre_a, 0, 90, 90, "事假", "", &leave), ZHUCUN__CODE__OK);
    steps_of(leave, got, sizeof(got), &step);
    for (int i = 0; i < N; i++) {
        Zhucun__Reply *reply = NULL;
        struct zc_error err;
        assert_int_equal(zc_recv(f[i], &reply, 3000, &err), 0);
        assert_int_equal(reply->id, 0);
        assert_int_equal(reply->body_case, ZHUCUN__REPLY__BODY_QUEUE_ITEM);
        assert_int_equal(reply->queue_item->step_id, step);
        assert_non_null(strstr(reply->queue_item->summary, "事假"));
        zc_reply_free(reply);
        zc_close(f[i]);
    }
    long long ms = zt_now_ms() - t0;
    printf("event delivered to %d followers on two server processes within %lld ms of the"
           " request\n",
           N, ms);
    assert_int_equal(zt_server_stop(&twin, 15000), 0);
    Zhucun__Reply *reply = NULL;
    struct zc_error err;
    assert_int_not_equal(zc_recv(other, &reply, 500, &err), 0); /* nothing for the county */
    zc_reply_free(reply);
    zc_close(other);
}

static void test_cancel_return_and_recorded_requests(void **state)
{
    (void)state;
    int64_t leave = 0, step = 0;
    char got[256];
    /* recorded by the township for a cadre who asked by SMS */
    assert_int_equal(request(wucheng1, person_a, 0, 2, "母亲住院", "sms", &leave),
                     ZHUCUN__CODE__OK);
    Zhucun__Reply *reply = show(cadre_a, leave); /* the cadre sees it */
    assert_string_equal(reply->leave->channel, "sms");
    zc_reply_free(reply);
    steps_of(leave, got, sizeof(got), &step);
    assert_int_equal(decide(county, step, "approve", "", "phone"), ZHUCUN__CODE__OK);
    steps_of(leave, got, sizeof(got), &step);
    assert_int_equal(decide(u1admin, step, "approve", "", ""), ZHUCUN__CODE__OK);
    /* it has started: no cancel; 销假 with the day back */
    assert_int_equal(end(cadre_a, leave, ""), ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(end(cadre_a, leave, day(5)), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(end(cadre_a, leave, "2026-02-30"), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(end(cadre_a, leave, day(1)), ZHUCUN__CODE__OK);
    assert_int_equal(end(cadre_a, leave, day(1)), ZHUCUN__CODE__FAILED_PRECONDITION);
    reply = show(cadre_a, leave);
    assert_string_equal(reply->leave->returned_on, day(1));
    zc_reply_free(reply);
    /* the approved days, shortened by the return */
    char sql[160];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM zc_leave_days(%lld, '%s', '%s')",
             (long long)person_a, day(-3), day(5));
    char *n = zt_sql(&srv, sql);
    assert_string_equal(n, "1");
    free(n);
    /* overlapping the approved days is refused */
    assert_int_equal(request(cadre_a, 0, 0, 0, "再请一天", "", NULL), ZHUCUN__CODE__ALREADY_EXISTS);
    /* a cadre cannot record someone else's request; an office outside the scope cannot */
    assert_int_equal(request(cadre_b, person_a, 100, 100, "代请", "wechat", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    struct zc_client *yingze = office("yingze", "county_office", "140106000000", 0);
    assert_int_equal(request(yingze, person_a, 100, 100, "代请", "phone", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(end(yingze, leave, day(1)), ZHUCUN__CODE__NOT_FOUND);
    zc_close(yingze);
}

/* LeaveEnd takes an idempotency key: a cancellation or an early return retried after a lost
 * reply gets the first answer and is applied once (one audit row); without a key the retry is
 * refused as before, because the leave is no longer in a state to end; the key then belongs
 * to LeaveEnd, and another call sending it is refused naming the key. */
static void test_leave_end_key(void **state)
{
    (void)state;
    int64_t leave = 0, step = 0;
    char got[256], sql[200];
    /* a cancellation before the first day */
    assert_int_equal(request(cadre_b, 0, 150, 151, "探亲", "", &leave), ZHUCUN__CODE__OK);
    assert_int_equal(end_keyed(cadre_b, leave, "", "end-cancel-1"), ZHUCUN__CODE__OK);
    assert_int_equal(end_keyed(cadre_b, leave, "", "end-cancel-1"), ZHUCUN__CODE__OK);
    assert_int_equal(end_keyed(cadre_b, leave, "", NULL), ZHUCUN__CODE__FAILED_PRECONDITION);
    Zhucun__Reply *reply = show(cadre_b, leave);
    assert_string_equal(reply->leave->status, "cancelled");
    zc_reply_free(reply);
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM audit WHERE action = 'leave.cancel' AND object = 'leave:%lld'",
             (long long)leave);
    char *n = zt_sql(&srv, sql);
    assert_string_equal(n, "1");
    free(n);
    /* the key is LeaveEnd's now */
    Zhucun__LeaveRequest lr = ZHUCUN__LEAVE_REQUEST__INIT;
    lr.first_day = (char *)day(160);
    lr.last_day = (char *)day(160);
    lr.reason = "探亲";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_REQUEST;
    req.leave_request = &lr;
    req.idempotency_key = "end-cancel-1";
    reply = NULL;
    assert_int_equal(zt_call(cadre_b, &req, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(reply->status->n_fields, 1);
    assert_string_equal(reply->status->fields[0]->field, "idempotency_key");
    zc_reply_free(reply);

    /* an early return (销假) of an approved leave that began today */
    assert_int_equal(request(cadre_b, 0, 0, 3, "看病", "", &leave), ZHUCUN__CODE__OK);
    for (int i = 0; i < 6; i++) {
        steps_of(leave, got, sizeof(got), &step);
        if (step == 0)
            break;
        struct zc_client *who = strncmp(got, "unit_admin", 10) == 0 ? u2admin : county;
        if (strncmp(got, "township", 8) == 0)
            who = wucheng1;
        assert_int_equal(decide(who, step, "approve", "", ""), ZHUCUN__CODE__OK);
    }
    reply = show(cadre_b, leave);
    assert_string_equal(reply->leave->status, "approved");
    zc_reply_free(reply);
    assert_int_equal(end_keyed(cadre_b, leave, day(1), "end-return-1"), ZHUCUN__CODE__OK);
    assert_int_equal(end_keyed(cadre_b, leave, day(1), "end-return-1"), ZHUCUN__CODE__OK);
    assert_int_equal(end_keyed(cadre_b, leave, day(1), NULL), ZHUCUN__CODE__FAILED_PRECONDITION);
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM audit WHERE action = 'leave.return' AND object = 'leave:%lld'",
             (long long)leave);
    n = zt_sql(&srv, sql);
    assert_string_equal(n, "1");
    free(n);
}

/* The approved leave of the test above (today only, after the early return) excuses today in
 * the cadre's five-days-four-nights week. */
static void test_approved_leave_excuses_attendance(void **state)
{
    (void)state;
    Zhucun__AttendanceWeek aw = ZHUCUN__ATTENDANCE_WEEK__INIT;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ATTENDANCE_WEEK;
    req.attendance_week = &aw;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(cadre_a, &req, &reply), ZHUCUN__CODE__OK);
    const Zhucun__AttendanceWeekReply *w = reply->attendance_week;
    int found = 0;
    for (size_t i = 0; i < w->n_days; i++) {
        const Zhucun__AttendanceDay *d = w->days[i];
        if (strcmp(d->date, day(0)) == 0) {
            found = 1;
            assert_true(d->excused);
            assert_non_null(strstr(d->excuse, "leave"));
        } else if (strcmp(d->date, day(1)) == 0) {
            assert_false(d->excused); /* back on this day: 销假 shortened the leave */
        }
    }
    assert_true(found);
    assert_true(w->excused >= 1);
    assert_int_equal(w->required_days, 5 - w->excused);
    zc_reply_free(reply);
}

static void test_refusals(void **state)
{
    (void)state;
    assert_int_equal(request(cadre_a, 0, -1, 0, "事假", "", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT); /* in the past */
    assert_int_equal(request(cadre_a, 0, 5, 4, "事假", "", NULL), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(request(cadre_a, 0, 110, 170, "事假", "", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT); /* 61 days */
    assert_int_equal(request(cadre_a, 0, 181, 181, "事假", "", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT); /* too far ahead */
    assert_int_equal(request(cadre_a, 0, 110, 110, " ", "", NULL), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(request(cadre_a, 0, 110, 110, "事假", "telegram", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(request(county, 0, 110, 110, "事假", "", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT); /* an office must name the cadre */
    /* recorded on the cadre's behalf: how the request came must be said (issue 11, defect 7) */
    assert_int_equal(request(wucheng1, person_a, 110, 110, "事假", "", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(request(wucheng1, person_a, 110, 110, "事假", "system", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(request(u1admin, 0, 110, 110, "事假", "", NULL),
                     ZHUCUN__CODE__PERMISSION_DENIED);
    assert_int_equal(decide(wucheng1, 1, "maybe", "", ""), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(decide(wucheng1, 0, "approve", "", ""), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(decide(wucheng1, 1, "approve", "", "fax"), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(decide(wucheng1, 99999999, "approve", "", ""), ZHUCUN__CODE__NOT_FOUND);
    /* ApprovalHistory: the kind's code by its shape, with its field; an unknown kind or a
     * subject without approvals does not exist for the caller. */
    static const struct {
        const char *kind;
        int64_t id;
        Zhucun__Code want;
        const char *field;
    } hist[] = {
        {"", 1, ZHUCUN__CODE__INVALID_ARGUMENT, "subject_kind"},
        {"Leave", 1, ZHUCUN__CODE__INVALID_ARGUMENT, "subject_kind"},
        {"leave;drop", 1, ZHUCUN__CODE__INVALID_ARGUMENT, "subject_kind"},
        {"abcdefghijklmnopqrstuvwxyz0123456", 1, ZHUCUN__CODE__INVALID_ARGUMENT, "subject_kind"},
        {"leave", 0, ZHUCUN__CODE__INVALID_ARGUMENT, "subject_id"},
        {"nosuchkind", 1, ZHUCUN__CODE__NOT_FOUND, "subject_id"},
        {"leave", 99999999, ZHUCUN__CODE__NOT_FOUND, "subject_id"},
    };
    for (size_t i = 0; i < sizeof(hist) / sizeof(*hist); i++) {
        Zhucun__ApprovalHistory ah = ZHUCUN__APPROVAL_HISTORY__INIT;
        ah.subject_kind = (char *)hist[i].kind;
        ah.subject_id = hist[i].id;
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        req.body_case = ZHUCUN__REQUEST__BODY_APPROVAL_HISTORY;
        req.approval_history = &ah;
        Zhucun__Reply *reply = NULL;
        assert_int_equal(zt_call(county, &req, &reply), hist[i].want);
        assert_int_equal(reply->status->n_fields, 1);
        assert_string_equal(reply->status->fields[0]->field, hist[i].field);
        zc_reply_free(reply);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routing_matrix),
        cmocka_unit_test(test_wrong_approver_and_approval),
        cmocka_unit_test(test_concurrent_decisions),
        cmocka_unit_test(test_return_and_resubmit),
        cmocka_unit_test(test_parallel_steps),
        cmocka_unit_test(test_delegation),
        cmocka_unit_test(test_three_levels),
        cmocka_unit_test(test_route_versions),
        cmocka_unit_test(test_route_by_attributes),
        cmocka_unit_test(test_escalation),
        cmocka_unit_test(test_recall),
        cmocka_unit_test(test_recall_decided_by_deputy_out_of_scope),
        cmocka_unit_test(test_queue_events),
        cmocka_unit_test(test_cancel_return_and_recorded_requests),
        cmocka_unit_test(test_approved_leave_excuses_attendance),
        cmocka_unit_test(test_leave_end_key),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
