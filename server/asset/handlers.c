/* asset/handlers.c -- the assets of projects (扶贫项目资产, SPEC P3; docs/assets.md): an
 * asset registered or changed, its upkeep, an operational asset's income and its distribution,
 * public-welfare posts; the scope's assets (due upkeep first), one asset with its records, a
 * village's posts, a household's dividends. The body's checks are common/rules/asset.c's;
 * what needs rows (an accepted project, the budget, the shares adding up, one post a person)
 * is 0110_project_assets.sql's. */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/asset.h"
#include "common/rules/date.h"
#include "common/xmalloc.h"
#include "server/asset/store.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/roles.h"

/* ---- the writes: one shape of parameters and one answer ---- */

/* The answer to a keyed asset write, first or retried: the record's id. */
static void replay_write(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__AssetWriteReply w = ZHUCUN__ASSET_WRITE_REPLY__INIT;
    w.id = strtoll(sr->f[0], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_ASSET_WRITE;
    reply.asset_write = &w;
    request_reply(r, &reply);
}

static void handle_asset_set(struct request *r)
{
    const Zhucun__AssetSet *in = r->msg->asset_set;
    const char *field = NULL;
    if (request_refused(r, rules_asset_set_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 25);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->id);
    p[4] = request_num(r, in->project_id);
    p[5] = in->village_code;
    p[6] = in->category;
    p[7] = in->name;
    p[8] = request_num(r, in->owner_household);
    p[9] = in->custodian;
    p[10] = in->custodian_person;
    p[11] = request_num(r, in->value_fen);
    p[12] = in->address;
    p[13] = in->located ? request_printf(r, "%.6f", in->lat) : NULL;
    p[14] = in->located ? request_printf(r, "%.6f", in->lon) : NULL;
    p[15] = in->registered_on;
    p[16] = in->certificate_no;
    p[17] = in->handed_over_on;
    p[18] = in->handed_over_to;
    p[19] = in->upkeep_by;
    p[20] = in->upkeep_funding;
    if ((p[21] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_asset_set, p, request_stored_cb, NULL);
}

static void handle_asset_maintain(struct request *r)
{
    const Zhucun__AssetMaintain *in = r->msg->asset_maintain;
    const char *field = NULL;
    if (request_refused(r, rules_asset_maintain_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 13);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->asset_id);
    p[4] = in->on_date;
    p[5] = in->work;
    p[6] = request_num(r, in->cost_fen);
    p[7] = in->done_by;
    p[8] = in->condition;
    if ((p[9] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_asset_maintain, p, request_stored_cb, NULL);
}

static void handle_asset_income(struct request *r)
{
    const Zhucun__AssetIncome *in = r->msg->asset_income;
    const char *field = NULL;
    if (request_refused(r, rules_asset_income_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 15);
    if (p == NULL)
        return;
    struct pgarray kinds, ids, amounts;
    pgarray_init(&kinds);
    pgarray_init(&ids);
    pgarray_init(&amounts);
    for (size_t i = 0; i < in->n_shares; i++) {
        char num[24];
        pgarray_add_text(&kinds, in->shares[i]->kind);
        snprintf(num, sizeof(num), "%lld", (long long)in->shares[i]->id);
        pgarray_add_raw(&ids, num);
        snprintf(num, sizeof(num), "%lld", (long long)in->shares[i]->amount_fen);
        pgarray_add_raw(&amounts, num);
    }
    p[3] = request_num(r, in->asset_id);
    p[4] = request_num(r, in->income_id);
    p[5] = in->period;
    p[6] = request_num(r, in->amount_fen);
    p[7] = in->received_on;
    p[8] = in->note;
    p[9] = pgarray_finish(&kinds, r);
    p[10] = pgarray_finish(&ids, r);
    p[11] = pgarray_finish(&amounts, r);
    if (p[9] == NULL || p[10] == NULL || p[11] == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    request_query(r, &store_asset_income, p, request_stored_cb, NULL);
}

static void handle_post_set(struct request *r)
{
    const Zhucun__WelfarePostSet *in = r->msg->welfare_post_set;
    const char *field = NULL;
    if (request_refused(r, rules_welfare_post_set_problem(in, &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 14);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->id);
    p[4] = in->village_code;
    p[5] = in->kind;
    p[6] = request_num(r, in->member_id);
    p[7] = in->from_on;
    p[8] = request_num(r, in->monthly_pay_fen);
    p[9] = request_num(r, in->funded_asset);
    p[10] = in->funded_by;
    request_query(r, &store_welfare_post_set, p, request_stored_cb, NULL);
}

static void handle_post_end(struct request *r)
{
    const Zhucun__WelfarePostEnd *in = r->msg->welfare_post_end;
    const char *field = NULL;
    if (request_refused(r, rules_welfare_post_end_problem(in, &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 9);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->id);
    p[4] = in->to_on;
    p[5] = in->reason;
    request_query(r, &store_welfare_post_end, p, request_stored_cb, NULL);
}

/* ---- the reads ---- */

/* Today as YYYY-MM-DD, in the request's arena. */
static const char *today_text(struct request *r)
{
    char day[11];
    rules_date_format(zc_clock_today(), day);
    return request_printf(r, "%s", day);
}

/* Column c of row i copied into the request's arena (a reply may be answered after the
 * result is freed); NULL after ending the request. */
static char *col(struct request *r, const PGresult *res, int i, int c)
{
    char *v = arena_strdup(r->arena, PQgetvalue(res, i, c));
    if (v == NULL)
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
    return v;
}

/* A list row (store_asset_list's columns) as an Asset; -1 after ending the request. */
static int read_asset(struct request *r, const PGresult *res, int i, Zhucun__Asset *a)
{
    zhucun__asset__init(a);
    a->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
    a->project_id = strtoll(PQgetvalue(res, i, 1), NULL, 10);
    if ((a->project_name = col(r, res, i, 2)) == NULL)
        return -1;
    if ((a->project_status = col(r, res, i, 3)) == NULL)
        return -1;
    if ((a->village_code = col(r, res, i, 4)) == NULL)
        return -1;
    if ((a->category = col(r, res, i, 5)) == NULL)
        return -1;
    if ((a->name = col(r, res, i, 6)) == NULL)
        return -1;
    a->owner_household = strtoll(PQgetvalue(res, i, 7), NULL, 10);
    if ((a->custodian = col(r, res, i, 8)) == NULL)
        return -1;
    if ((a->custodian_person = col(r, res, i, 9)) == NULL)
        return -1;
    a->value_fen = strtoll(PQgetvalue(res, i, 10), NULL, 10);
    if ((a->address = col(r, res, i, 11)) == NULL)
        return -1;
    a->located = PQgetvalue(res, i, 12)[0] == 't';
    a->lat = strtod(PQgetvalue(res, i, 13), NULL);
    a->lon = strtod(PQgetvalue(res, i, 14), NULL);
    if ((a->registered_on = col(r, res, i, 15)) == NULL)
        return -1;
    if ((a->certificate_no = col(r, res, i, 16)) == NULL)
        return -1;
    if ((a->handed_over_on = col(r, res, i, 17)) == NULL)
        return -1;
    if ((a->handed_over_to = col(r, res, i, 18)) == NULL)
        return -1;
    if ((a->upkeep_by = col(r, res, i, 19)) == NULL)
        return -1;
    if ((a->upkeep_funding = col(r, res, i, 20)) == NULL)
        return -1;
    if ((a->condition = col(r, res, i, 21)) == NULL)
        return -1;
    if ((a->last_upkeep = col(r, res, i, 22)) == NULL)
        return -1;
    a->due = PQgetvalue(res, i, 23)[0] == 't';
    return 0;
}

/* ---- AssetList ---- */

struct list {
    unsigned limit;
};

static void on_list(struct request *r, PGresult *res, void *arg)
{
    struct list *l = arg;
    int n = PQntuples(res);
    Zhucun__AssetListReply lr = ZHUCUN__ASSET_LIST_REPLY__INIT;
    lr.truncated = (unsigned)n > l->limit;
    if (lr.truncated)
        n = (int)l->limit;
    lr.upkeep_months = n > 0 ? (uint32_t)strtoul(PQgetvalue(res, 0, 24), NULL, 10) : 0;
    Zhucun__Asset *av;
    if (REQUEST_ROWS(r, n, av, lr.assets) == NULL)
        return;
    for (int i = 0; i < n; i++)
        if (read_asset(r, res, i, &av[i]) != 0)
            return;
    lr.n_assets = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_ASSET_LIST;
    reply.asset_list = &lr;
    request_reply(r, &reply);
}

static void handle_asset_list(struct request *r)
{
    const Zhucun__AssetList *in = r->msg->asset_list;
    const char *field = NULL;
    if (request_refused(r, rules_asset_list_problem(in, &field), &field))
        return;
    struct list *l = request_alloc(r, sizeof(*l));
    const char **p = request_params(r, 6);
    if (l == NULL || p == NULL || (p[0] = access_org_patterns(r, in->org_code)) == NULL)
        return;
    l->limit = in->limit != 0 ? in->limit : ASSET_LIST_DEFAULT;
    p[1] = request_num(r, in->project_id);
    p[2] = in->due ? "true" : "false";
    p[3] = request_num(r, (long long)l->limit + 1);
    p[4] = today_text(r);
    p[5] = "0";
    request_query(r, &store_asset_list, p, on_list, l);
}

/* ---- AssetShow ---- */

struct show {
    const char *p[1];
    Zhucun__AssetShowReply reply;
    Zhucun__Asset asset;
};

/* One share "kind:id:amount" into s; 0, or -1 when it is not that shape. */
static int read_share(struct request *r, char *text, Zhucun__AssetShare *s)
{
    char *id = strchr(text, ':'), *amount = id != NULL ? strchr(id + 1, ':') : NULL;
    if (amount == NULL)
        return -1;
    *id++ = '\0';
    *amount++ = '\0';
    zhucun__asset_share__init(s);
    s->kind = arena_strdup(r->arena, text);
    s->id = strtoll(id, NULL, 10);
    s->amount_fen = strtoll(amount, NULL, 10);
    return s->kind != NULL ? 0 : -1;
}

static void on_show_incomes(struct request *r, PGresult *res, void *arg)
{
    struct show *s = arg;
    int n = PQntuples(res);
    Zhucun__AssetIncomeRecord *iv;
    if (REQUEST_ROWS(r, n, iv, s->reply.incomes) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__AssetIncomeRecord *in = &iv[i];
        zhucun__asset_income_record__init(in);
        in->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        in->period = PQgetvalue(res, i, 1);
        in->amount_fen = strtoll(PQgetvalue(res, i, 2), NULL, 10);
        in->received_on = PQgetvalue(res, i, 3);
        in->note = PQgetvalue(res, i, 4);
        const char *all = PQgetvalue(res, i, 5);
        size_t k = 0;
        for (const char *c = all; *c != '\0'; c++)
            k += *c == ';';
        k = all[0] != '\0' ? k + 1 : 0;
        Zhucun__AssetShare *sv;
        if (REQUEST_ROWS(r, k, sv, in->shares) == NULL)
            return;
        char *copy = arena_strdup(r->arena, all), *save = NULL;
        if (copy == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
            return;
        }
        size_t j = 0;
        for (char *t = strtok_r(copy, ";", &save); t != NULL && j < k;
             t = strtok_r(NULL, ";", &save), j++) {
            if (read_share(r, t, &sv[j]) != 0) {
                request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取收益分配", NULL);
                return;
            }
        }
        in->n_shares = j;
    }
    s->reply.n_incomes = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_ASSET_SHOW;
    reply.asset_show = &s->reply;
    request_reply(r, &reply);
}

static void on_show_upkeep(struct request *r, PGresult *res, void *arg)
{
    struct show *s = arg;
    int n = PQntuples(res);
    Zhucun__AssetUpkeep *uv;
    if (REQUEST_ROWS(r, n, uv, s->reply.upkeep) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__asset_upkeep__init(&uv[i]);
        uv[i].id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        uv[i].cost_fen = strtoll(PQgetvalue(res, i, 3), NULL, 10);
        if ((uv[i].on_date = col(r, res, i, 1)) == NULL ||
            (uv[i].work = col(r, res, i, 2)) == NULL ||
            (uv[i].done_by = col(r, res, i, 4)) == NULL ||
            (uv[i].condition = col(r, res, i, 5)) == NULL)
            return;
    }
    s->reply.n_upkeep = (size_t)n;
    request_query(r, &store_asset_incomes, s->p, on_show_incomes, s);
}

static void on_show_asset(struct request *r, PGresult *res, void *arg)
{
    struct show *s = arg;
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "资产不存在或不在您的管辖范围内", "id");
        return;
    }
    if (read_asset(r, res, 0, &s->asset) != 0)
        return;
    s->reply.asset = &s->asset;
    request_query(r, &store_asset_upkeep, s->p, on_show_upkeep, s);
}

static void handle_asset_show(struct request *r)
{
    const Zhucun__AssetShow *in = r->msg->asset_show;
    struct show *s = request_alloc(r, sizeof(*s));
    const char **p = request_params(r, 6);
    if (s == NULL || p == NULL)
        return;
    zhucun__asset_show_reply__init(&s->reply);
    s->p[0] = request_num(r, in->id);
    p[0] = access_prefix_patterns(r, r->call->roles);
    p[1] = "0";
    p[2] = "false";
    p[3] = "1";
    p[4] = today_text(r);
    p[5] = s->p[0];
    request_query(r, &store_asset_list, p, on_show_asset, s);
}

/* ---- WelfarePostList ---- */

static void on_post_list(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res);
    Zhucun__WelfarePostListReply lr = ZHUCUN__WELFARE_POST_LIST_REPLY__INIT;
    Zhucun__WelfarePost *wv;
    if (REQUEST_ROWS(r, n, wv, lr.posts) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__WelfarePost *w = &wv[i];
        zhucun__welfare_post__init(w);
        w->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        w->village_code = PQgetvalue(res, i, 1);
        w->kind = PQgetvalue(res, i, 2);
        w->member_id = strtoll(PQgetvalue(res, i, 3), NULL, 10);
        w->member_name = PQgetvalue(res, i, 4);
        w->household_id = strtoll(PQgetvalue(res, i, 5), NULL, 10);
        w->from_on = PQgetvalue(res, i, 6);
        w->to_on = PQgetvalue(res, i, 7);
        w->monthly_pay_fen = strtoll(PQgetvalue(res, i, 8), NULL, 10);
        w->funded_asset = strtoll(PQgetvalue(res, i, 9), NULL, 10);
        w->funded_by = PQgetvalue(res, i, 10);
        w->end_reason = PQgetvalue(res, i, 11);
    }
    lr.n_posts = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_WELFARE_POST_LIST;
    reply.welfare_post_list = &lr;
    request_reply(r, &reply);
}

static void handle_post_list(struct request *r)
{
    const Zhucun__WelfarePostList *in = r->msg->welfare_post_list;
    const char *field = NULL;
    if (request_refused(r, rules_welfare_post_list_problem(in, &field), &field))
        return;
    if (!access_covers(&r->session, r->call->roles, in->village_code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "行政村不存在或不在您的管辖范围内",
                     "village_code");
        return;
    }
    const char **p = request_params(r, 3);
    if (p == NULL)
        return;
    p[0] = in->village_code;
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = in->ended ? "true" : "false";
    request_query(r, &store_welfare_post_list, p, on_post_list, NULL);
}

/* ---- AssetDividends ---- */

static void on_dividends(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res);
    if (n == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "农户不存在或不在您的管辖范围内", "household_id");
        return;
    }
    if (PQgetisnull(res, 0, 0))
        n = 0;
    Zhucun__AssetDividendsReply dr = ZHUCUN__ASSET_DIVIDENDS_REPLY__INIT;
    Zhucun__AssetDividend *dv;
    if (REQUEST_ROWS(r, n, dv, dr.dividends) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__asset_dividend__init(&dv[i]);
        dv[i].asset_id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        dv[i].asset_name = PQgetvalue(res, i, 1);
        dv[i].period = PQgetvalue(res, i, 2);
        dv[i].amount_fen = strtoll(PQgetvalue(res, i, 3), NULL, 10);
        dv[i].received_on = PQgetvalue(res, i, 4);
        dr.total_fen += dv[i].amount_fen;
    }
    dr.n_dividends = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_ASSET_DIVIDENDS;
    reply.asset_dividends = &dr;
    request_reply(r, &reply);
}

static void handle_dividends(struct request *r)
{
    const Zhucun__AssetDividends *in = r->msg->asset_dividends;
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->household_id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    request_query(r, &store_asset_dividends, p, on_dividends, NULL);
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_ASSET_SET, "AssetSet", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_asset_set, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_ASSET_MAINTAIN, "AssetMaintain", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_asset_maintain, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_ASSET_INCOME, "AssetIncome", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_asset_income, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_WELFARE_POST_SET, "WelfarePostSet", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_post_set, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_WELFARE_POST_END, "WelfarePostEnd", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_post_end, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_ASSET_LIST, "AssetList", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_asset_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_ASSET_SHOW, "AssetShow", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_asset_show, NULL, 0},
    {ZHUCUN__REQUEST__BODY_WELFARE_POST_LIST, "WelfarePostList", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_post_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_ASSET_DIVIDENDS, "AssetDividends", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_dividends, NULL, 0},
};

const struct domain asset_domain = {
    .name = "asset",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
