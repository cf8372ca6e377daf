/* points/handlers.c -- villager points (积分制, SPEC S2): the catalogue of deeds, the shop's
 * goods and prices, awards, donations into stock, redemptions, corrections; a village's
 * catalogue and shop, a household's balance and history, a village's year, the check
 * (docs/points.md). The body's checks are common/rules/points.c's; what needs rows, and the
 * balance and stock that never go below zero, are 0085_points.sql's. */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/xmalloc.h"
#include "common/rules/date.h"
#include "common/rules/points.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/points/store.h"
#include "server/roles.h"

/* ---- the writes: one shape of parameters and one answer ---- */

/* The answer to a keyed points write, first or retried: "id|points|balance". */
static void replay_write(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 3) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__PointsWriteReply w = ZHUCUN__POINTS_WRITE_REPLY__INIT;
    w.id = strtoll(sr->f[0], NULL, 10);
    w.points = strtoll(sr->f[1], NULL, 10);
    w.balance = strtoll(sr->f[2], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_POINTS_WRITE;
    reply.points_write = &w;
    request_reply(r, &reply);
}

static void handle_deed_set(struct request *r)
{
    const Zhucun__PointsDeedSet *in = r->msg->points_deed_set;
    const char *field = NULL;
    if (request_refused(r, rules_points_deed_set_problem(in, &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 11);
    if (p == NULL)
        return;
    p[3] = in->village_code;
    p[4] = in->code;
    p[5] = in->label;
    p[6] = request_num(r, in->points);
    p[7] = in->valid_from;
    request_query(r, &store_points_deed_set, p, request_stored_cb, NULL);
}

static void handle_good_set(struct request *r)
{
    const Zhucun__PointsGoodSet *in = r->msg->points_good_set;
    const char *field = NULL;
    if (request_refused(r, rules_points_good_set_problem(in, &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 12);
    if (p == NULL)
        return;
    p[3] = in->village_code;
    p[4] = request_num(r, in->good_id);
    p[5] = in->name;
    p[6] = in->unit;
    p[7] = request_num(r, in->price);
    p[8] = in->valid_from;
    request_query(r, &store_points_good_set, p, request_stored_cb, NULL);
}

static void handle_award(struct request *r)
{
    const Zhucun__PointsAward *in = r->msg->points_award;
    const char *field = NULL;
    if (request_refused(r, rules_points_award_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 11);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->household_id);
    p[4] = in->deed_code;
    p[5] = in->deed_date;
    p[6] = in->reason;
    if ((p[7] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_points_award, p, request_stored_cb, NULL);
}

static void handle_donate(struct request *r)
{
    const Zhucun__PointsDonate *in = r->msg->points_donate;
    const char *field = NULL;
    if (request_refused(r, rules_points_donate_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 12);
    if (p == NULL)
        return;
    struct pgarray goods, quantities;
    pgarray_init(&goods);
    pgarray_init(&quantities);
    for (size_t i = 0; i < in->n_items; i++) {
        char num[24];
        snprintf(num, sizeof(num), "%lld", (long long)in->items[i]->good_id);
        pgarray_add_raw(&goods, num);
        snprintf(num, sizeof(num), "%u", in->items[i]->quantity);
        pgarray_add_raw(&quantities, num);
    }
    p[3] = in->village_code;
    p[4] = in->donor;
    p[5] = in->on_date;
    p[6] = in->note;
    p[7] = pgarray_finish(&goods, r);
    p[8] = pgarray_finish(&quantities, r);
    if (p[7] == NULL || p[8] == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    request_query(r, &store_points_donate, p, request_stored_cb, NULL);
}

static void handle_redeem(struct request *r)
{
    const Zhucun__PointsRedeem *in = r->msg->points_redeem;
    const char *field = NULL;
    if (request_refused(r, rules_points_redeem_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 11);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->household_id);
    p[4] = request_num(r, in->good_id);
    p[5] = request_num(r, in->quantity);
    p[6] = in->on_date;
    p[7] = request_num(r, in->price);
    request_query(r, &store_points_redeem, p, request_stored_cb, NULL);
}

static void handle_correct(struct request *r)
{
    const Zhucun__PointsCorrect *in = r->msg->points_correct;
    const char *field = NULL;
    if (request_refused(r, rules_points_correct_problem(in, &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 8);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->id);
    p[4] = in->reason;
    request_query(r, &store_points_correct, p, request_stored_cb, NULL);
}

/* ---- the reads ---- */

/* Village code in the caller's scope (else the request ends NOT_FOUND naming village_code). */
static int village_in_scope(struct request *r, const char *code)
{
    if (access_covers(&r->session, r->call->roles, code))
        return 1;
    request_fail(r, ZHUCUN__CODE__NOT_FOUND, "行政村不存在或不在您的管辖范围内", "village_code");
    return 0;
}

/* Today as YYYY-MM-DD, in the request's arena. */
static const char *today_text(struct request *r)
{
    char day[11];
    rules_date_format(zc_clock_today(), day);
    return request_printf(r, "%s", day);
}

/* The goods rows (id, name, unit, price, quantity) as PointsGoods; NULL after ending the
 * request. */
static Zhucun__PointsGood **read_goods(struct request *r, PGresult *res, size_t *n)
{
    int rows = PQntuples(res);
    Zhucun__PointsGood *gv, **gp;
    if (REQUEST_ROWS(r, rows, gv, gp) == NULL)
        return NULL;
    for (int i = 0; i < rows; i++) {
        zhucun__points_good__init(&gv[i]);
        gv[i].id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        gv[i].name = arena_strdup(r->arena, PQgetvalue(res, i, 1));
        gv[i].unit = arena_strdup(r->arena, PQgetvalue(res, i, 2));
        gv[i].price = (uint32_t)strtoul(PQgetvalue(res, i, 3), NULL, 10);
        gv[i].quantity = strtoll(PQgetvalue(res, i, 4), NULL, 10);
        if (gv[i].name == NULL || gv[i].unit == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
            return NULL;
        }
    }
    *n = (size_t)rows;
    return gp;
}

/* ---- PointsShop ---- */

struct shop {
    const char *p[3];
    Zhucun__PointsShopReply reply;
};

static void on_shop_goods(struct request *r, PGresult *res, void *arg)
{
    struct shop *s = arg;
    if ((s->reply.goods = read_goods(r, res, &s->reply.n_goods)) == NULL)
        return;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_POINTS_SHOP;
    reply.points_shop = &s->reply;
    request_reply(r, &reply);
}

static void on_shop_deeds(struct request *r, PGresult *res, void *arg)
{
    struct shop *s = arg;
    int n = PQntuples(res);
    Zhucun__PointsDeed *dv;
    if (REQUEST_ROWS(r, n, dv, s->reply.deeds) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__points_deed__init(&dv[i]);
        dv[i].id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        dv[i].code = arena_strdup(r->arena, PQgetvalue(res, i, 1));
        dv[i].label = arena_strdup(r->arena, PQgetvalue(res, i, 2));
        dv[i].points = (uint32_t)strtoul(PQgetvalue(res, i, 3), NULL, 10);
        dv[i].valid_from = arena_strdup(r->arena, PQgetvalue(res, i, 4));
        if (dv[i].code == NULL || dv[i].label == NULL || dv[i].valid_from == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
            return;
        }
    }
    s->reply.n_deeds = (size_t)n;
    request_query(r, &store_points_goods, s->p, on_shop_goods, s);
}

static void handle_shop(struct request *r)
{
    const Zhucun__PointsShop *in = r->msg->points_shop;
    const char *field = NULL;
    if (request_refused(r, rules_points_shop_problem(in, &field), &field) ||
        !village_in_scope(r, in->village_code))
        return;
    struct shop *s = request_alloc(r, sizeof(*s));
    if (s == NULL)
        return;
    zhucun__points_shop_reply__init(&s->reply);
    s->p[0] = in->village_code;
    s->p[1] = access_prefix_patterns(r, r->call->roles);
    s->p[2] = in->on_date[0] != '\0' ? in->on_date : today_text(r);
    request_query(r, &store_points_deeds, s->p, on_shop_deeds, s);
}

/* ---- PointsHistory ---- */

struct history {
    const char *p[3];
    Zhucun__PointsHistoryReply reply;
    unsigned limit;
};

static void on_movements(struct request *r, PGresult *res, void *arg)
{
    struct history *h = arg;
    int n = PQntuples(res);
    h->reply.truncated = (unsigned)n > h->limit;
    if (h->reply.truncated)
        n = (int)h->limit;
    Zhucun__PointsMovement *mv;
    if (REQUEST_ROWS(r, n, mv, h->reply.movements) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__PointsMovement *m = &mv[i];
        zhucun__points_movement__init(m);
        m->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        m->kind = PQgetvalue(res, i, 1);
        m->on_date = PQgetvalue(res, i, 2);
        m->points = strtoll(PQgetvalue(res, i, 3), NULL, 10);
        m->good_id = strtoll(PQgetvalue(res, i, 4), NULL, 10);
        m->good_name = PQgetvalue(res, i, 5);
        m->quantity = strtoll(PQgetvalue(res, i, 6), NULL, 10);
        m->deed_code = PQgetvalue(res, i, 7);
        m->deed_label = PQgetvalue(res, i, 8);
        m->reason = PQgetvalue(res, i, 9);
        m->reverses = strtoll(PQgetvalue(res, i, 10), NULL, 10);
        m->reversed = PQgetvalue(res, i, 11)[0] == 't';
    }
    h->reply.n_movements = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_POINTS_HISTORY;
    reply.points_history = &h->reply;
    request_reply(r, &reply);
}

static void on_household(struct request *r, PGresult *res, void *arg)
{
    struct history *h = arg;
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "农户不存在或不在您的管辖范围内", "household_id");
        return;
    }
    h->reply.head_name = arena_strdup(r->arena, PQgetvalue(res, 0, 0));
    h->reply.village_code = arena_strdup(r->arena, PQgetvalue(res, 0, 1));
    h->reply.balance = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
    if (h->reply.head_name == NULL || h->reply.village_code == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
        return;
    }
    h->p[2] = request_num(r, (long long)h->limit + 1);
    request_query(r, &store_points_movements, h->p, on_movements, h);
}

static void handle_history(struct request *r)
{
    const Zhucun__PointsHistory *in = r->msg->points_history;
    const char *field = NULL;
    if (request_refused(r, rules_points_history_problem(in, &field), &field))
        return;
    struct history *h = request_alloc(r, sizeof(*h));
    if (h == NULL)
        return;
    zhucun__points_history_reply__init(&h->reply);
    h->limit = in->limit != 0 ? in->limit : POINTS_HISTORY_DEFAULT;
    h->p[0] = request_num(r, in->household_id);
    h->p[1] = access_prefix_patterns(r, r->call->roles);
    request_query(r, &store_points_household, h->p, on_household, h);
}

/* ---- PointsReport ---- */

struct report {
    const char *p[4];
    Zhucun__PointsReportReply reply;
};

static void on_report_stock(struct request *r, PGresult *res, void *arg)
{
    struct report *rp = arg;
    if ((rp->reply.stock = read_goods(r, res, &rp->reply.n_stock)) == NULL)
        return;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_POINTS_REPORT;
    reply.points_report = &rp->reply;
    request_reply(r, &reply);
}

static void on_report_top(struct request *r, PGresult *res, void *arg)
{
    struct report *rp = arg;
    int n = PQntuples(res);
    Zhucun__PointsTop *tv;
    if (REQUEST_ROWS(r, n, tv, rp->reply.top) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__points_top__init(&tv[i]);
        tv[i].household_id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        tv[i].head_name = arena_strdup(r->arena, PQgetvalue(res, i, 1));
        tv[i].awarded = strtoll(PQgetvalue(res, i, 2), NULL, 10);
        tv[i].balance = strtoll(PQgetvalue(res, i, 3), NULL, 10);
        if (tv[i].head_name == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
            return;
        }
    }
    rp->reply.n_top = (size_t)n;
    /* the stock today: (village, patterns, today) */
    const char **q = request_params(r, 3);
    if (q == NULL)
        return;
    q[0] = rp->p[0];
    q[1] = rp->p[2];
    q[2] = today_text(r);
    request_query(r, &store_points_goods, q, on_report_stock, rp);
}

static void on_report_months(struct request *r, PGresult *res, void *arg)
{
    struct report *rp = arg;
    int n = PQntuples(res);
    if (n > 0) {
        rp->reply.households = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        rp->reply.balance_total = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
    }
    int months = n > 0 && !PQgetisnull(res, 0, 2) ? n : 0;
    Zhucun__PointsMonth *mv;
    if (REQUEST_ROWS(r, months, mv, rp->reply.months) == NULL)
        return;
    for (int i = 0; i < months; i++) {
        zhucun__points_month__init(&mv[i]);
        mv[i].month = arena_strdup(r->arena, PQgetvalue(res, i, 2));
        mv[i].awarded = strtoll(PQgetvalue(res, i, 3), NULL, 10);
        mv[i].redeemed = strtoll(PQgetvalue(res, i, 4), NULL, 10);
        mv[i].awards = (uint32_t)strtoul(PQgetvalue(res, i, 5), NULL, 10);
        mv[i].redemptions = (uint32_t)strtoul(PQgetvalue(res, i, 6), NULL, 10);
        if (mv[i].month == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
            return;
        }
    }
    rp->reply.n_months = (size_t)months;
    request_query(r, &store_points_top, rp->p, on_report_top, rp);
}

static void handle_report(struct request *r)
{
    const Zhucun__PointsReport *in = r->msg->points_report;
    const char *field = NULL;
    int today = zc_clock_today();
    if (request_refused(r, rules_points_report_problem(in, today, &field), &field) ||
        !village_in_scope(r, in->village_code))
        return;
    struct report *rp = request_alloc(r, sizeof(*rp));
    if (rp == NULL)
        return;
    zhucun__points_report_reply__init(&rp->reply);
    int y, m, d;
    rules_civil_from_days(today, &y, &m, &d);
    rp->p[0] = in->village_code;
    rp->p[1] = request_num(r, in->year != 0 ? (long long)in->year : y);
    rp->p[2] = access_prefix_patterns(r, r->call->roles);
    rp->p[3] = request_num(r, in->top != 0 ? in->top : POINTS_TOP_DEFAULT);
    request_query(r, &store_points_months, rp->p, on_report_months, rp);
}

/* ---- PointsCheck ---- */

static void on_check(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    Zhucun__PointsCheckReply cr = ZHUCUN__POINTS_CHECK_REPLY__INIT;
    if (n > 0) {
        cr.households = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        cr.goods = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
    }
    int diffs = n > 0 && !PQgetisnull(res, 0, 2) ? n : 0;
    Zhucun__PointsDifference *dv;
    if (REQUEST_ROWS(r, diffs, dv, cr.differences) == NULL)
        return;
    for (int i = 0; i < diffs; i++) {
        zhucun__points_difference__init(&dv[i]);
        dv[i].what = PQgetvalue(res, i, 2);
        dv[i].id = strtoll(PQgetvalue(res, i, 3), NULL, 10);
        dv[i].village_code = PQgetvalue(res, i, 4);
        dv[i].kept = strtoll(PQgetvalue(res, i, 5), NULL, 10);
        dv[i].derived = strtoll(PQgetvalue(res, i, 6), NULL, 10);
    }
    cr.n_differences = (size_t)diffs;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_POINTS_CHECK;
    reply.points_check = &cr;
    request_reply(r, &reply);
}

static void handle_check(struct request *r)
{
    const Zhucun__PointsCheck *in = r->msg->points_check;
    const char *field = NULL;
    if (request_refused(r, rules_points_check_problem(in, &field), &field))
        return;
    const char **p = request_params(r, 1);
    if (p == NULL)
        return;
    if (in->village_code[0] == '\0')
        p[0] = access_prefix_patterns(r, r->call->roles);
    else if (village_in_scope(r, in->village_code))
        p[0] = request_printf(r, "{%s}", in->village_code);
    else
        return;
    request_query(r, &store_points_check, p, on_check, NULL);
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_POINTS_DEED_SET, "PointsDeedSet", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_deed_set, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_POINTS_GOOD_SET, "PointsGoodSet", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_good_set, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_POINTS_AWARD, "PointsAward", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_award, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_POINTS_DONATE, "PointsDonate", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_donate, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_POINTS_REDEEM, "PointsRedeem", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_redeem, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_POINTS_CORRECT, "PointsCorrect", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_correct, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_POINTS_SHOP, "PointsShop", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_shop, NULL, 0},
    {ZHUCUN__REQUEST__BODY_POINTS_HISTORY, "PointsHistory", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_history, NULL, 0},
    {ZHUCUN__REQUEST__BODY_POINTS_REPORT, "PointsReport", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_report, NULL, 0},
    {ZHUCUN__REQUEST__BODY_POINTS_CHECK, "PointsCheck", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_check, NULL, 0},
};

const struct domain points_domain = {
    .name = "points",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
