/* income/handlers.c -- the monthly income sums of poverty-alleviated and monitored households
 * (SPEC M2): recorded and corrected as versions (IncomeRecord), read with their history and
 * the income standard (IncomeHistory); the one-on-one plans (IncomePlanSet, IncomePlanShow)
 * and M3's lists (IncomeList). The arithmetic and the checks are common/rules/income.c's, which
 * the clients call too; the compliance report of the month's sums is DutyReport's (rule M2,
 * docs/income.md). */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/income.h"
#include "common/rules/org.h"
#include "common/rules/report.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/core/stored.h"
#include "server/income/store.h"
#include "server/roles.h"

/* The request's items as the rules' struct (all zero when absent). */
static void items_from(const Zhucun__IncomeItems *in, struct income_items *it)
{
    memset(it, 0, sizeof(*it));
    if (in == NULL)
        return;
    it->wages = in->wages_fen;
    it->business = in->business_fen;
    it->rent = in->rent_fen;
    it->dividend = in->dividend_fen;
    it->pension = in->pension_fen;
    it->subsidy = in->subsidy_fen;
    it->dibao = in->dibao_fen;
    it->other_transfer = in->other_transfer_fen;
    it->costs = in->costs_fen;
}

/* The month "YYYY-MM" as its first day "YYYY-MM-01", in the arena. */
static const char *first_day(struct request *r, const char *month)
{
    return request_printf(r, "%s-01", month);
}

/* ---- IncomeRecord ---- */

/* The answer, first or retried, from the stored 'id|version' and the request's items (the key
 * is bound to the request, so they are the first attempt's). */
static void replay_income_record(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 2) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    const Zhucun__IncomeRecord *in = r->msg->income_record;
    struct income_items it;
    items_from(in->items, &it);
    Zhucun__IncomeRecordReply ir = ZHUCUN__INCOME_RECORD_REPLY__INIT;
    ir.id = strtoll(sr->f[0], NULL, 10);
    ir.version = (uint32_t)strtoul(sr->f[1], NULL, 10);
    ir.net_fen = rules_income_net(&it);
    ir.per_capita_fen = rules_income_per_capita(&it, (int)in->members);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_INCOME_RECORD;
    reply.income_record = &ir;
    request_reply(r, &reply);
}

/* IncomeRecord: the month's sums checked here (the month, every item naming its field, the
 * members, the acknowledgement, a reason's length), the figures computed by the rules, and
 * the rest (the household in scope and poverty-alleviated or monitored that month, a
 * correction's reason required, the version) by zc_income_record_keyed in one transaction. */
static void handle_income_record(struct request *r)
{
    const Zhucun__IncomeRecord *in = r->msg->income_record;
    const char *problem, *field;
    problem = rules_report_period_problem(in->month, zc_clock_today());
    if (problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "month");
        return;
    }
    if (in->items == NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, INCOME_ITEMS_PROBLEM, "items");
        return;
    }
    struct income_items it;
    items_from(in->items, &it);
    if ((problem = rules_income_items_problem(&it, &field)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem,
                     request_printf(r, "items.%s", field));
        return;
    }
    if ((problem = rules_income_members_problem(in->members)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "members");
        return;
    }
    if ((problem = rules_income_ack_problem(in->ack, in->ack_note, &field)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, field);
        return;
    }
    if ((problem = rules_income_reason_problem(in->reason)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "reason");
        return;
    }
    const char **p = request_params(r, 15);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->household_id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = first_day(r, in->month);
    p[3] = request_printf(r, "{%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld}", (long long)it.wages,
                          (long long)it.business, (long long)it.rent, (long long)it.dividend,
                          (long long)it.pension, (long long)it.subsidy, (long long)it.dibao,
                          (long long)it.other_transfer, (long long)it.costs);
    p[4] = request_num(r, in->members);
    p[5] = request_num(r, rules_income_net(&it));
    p[6] = request_num(r, rules_income_per_capita(&it, (int)in->members));
    p[7] = in->ack;
    p[8] = in->ack_note;
    p[9] = in->reason;
    p[10] = request_num(r, r->session.user_id);
    p[11] = r->session.username;
    p[12] = r->peer;
    p[13] = r->msg->idempotency_key;
    p[14] = request_key_hash(r);
    request_query(r, &store_income_record, p, request_stored_cb, NULL);
}

/* ---- IncomeHistory ---- */

static int64_t num_at(const PGresult *res, int row, int col)
{
    return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

/* The arena's copy of a column (the result is cleared when the callback returns). */
static char *text_at(struct request *r, const PGresult *res, int row, int col)
{
    return (char *)request_printf(r, "%s", PQgetvalue(res, row, col));
}

/* One 's' row (store_income_history's columns) into s. */
static void sum_from(struct request *r, Zhucun__IncomeSum *s, Zhucun__IncomeItems *it,
                     const PGresult *res, int i)
{
    zhucun__income_sum__init(s);
    zhucun__income_items__init(it);
    s->month = text_at(r, res, i, 1);
    s->version = (uint32_t)num_at(res, i, 2);
    s->id = num_at(res, i, 3);
    s->current = strcmp(PQgetvalue(res, i, 4), "true") == 0;
    it->wages_fen = num_at(res, i, 5);
    it->business_fen = num_at(res, i, 6);
    it->rent_fen = num_at(res, i, 7);
    it->dividend_fen = num_at(res, i, 8);
    it->pension_fen = num_at(res, i, 9);
    it->subsidy_fen = num_at(res, i, 10);
    it->dibao_fen = num_at(res, i, 11);
    it->other_transfer_fen = num_at(res, i, 12);
    it->costs_fen = num_at(res, i, 13);
    s->items = it;
    s->members = (uint32_t)num_at(res, i, 14);
    s->net_fen = num_at(res, i, 15);
    s->per_capita_fen = num_at(res, i, 16);
    s->ack = text_at(r, res, i, 17);
    s->ack_note = text_at(r, res, i, 18);
    s->reason = text_at(r, res, i, 19);
    s->recorded_by = text_at(r, res, i, 20);
    s->recorded_at = text_at(r, res, i, 21);
}

static void on_income_history(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    if (n == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "农户不存在或不在您的管辖范围内", "household_id");
        return;
    }
    Zhucun__IncomeHistoryReply *hr = request_alloc(r, sizeof(*hr));
    Zhucun__IncomeStandard *sd = request_alloc(r, sizeof(*sd));
    Zhucun__IncomeItems *items = request_alloc(r, (size_t)n * sizeof(*items));
    Zhucun__IncomeSum **ptrs, *sums;
    if (hr == NULL || sd == NULL || items == NULL || REQUEST_ROWS(r, n - 1, sums, ptrs) == NULL)
        return;
    zhucun__income_history_reply__init(hr);
    zhucun__income_standard__init(sd);
    hr->household_id = r->msg->income_history->household_id;
    hr->head_name = text_at(r, res, 0, 3);
    hr->village_code = text_at(r, res, 0, 4);
    hr->category = text_at(r, res, 0, 5);
    hr->members_now = (uint32_t)num_at(res, 0, 6);
    sd->projected = PQgetvalue(res, 0, 7)[0] != '\0';
    sd->projected_fen = num_at(res, 0, 7);
    sd->line_fen = num_at(res, 0, 8);
    sd->months_stable = (uint32_t)num_at(res, 0, 9);
    sd->months_required = (uint32_t)num_at(res, 0, 10);
    sd->met = strcmp(PQgetvalue(res, 0, 11), "true") == 0;
    hr->standard = sd;
    for (int i = 1; i < n; i++)
        sum_from(r, &sums[i - 1], &items[i - 1], res, i);
    hr->sums = ptrs;
    hr->n_sums = (size_t)(n - 1);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_INCOME_HISTORY;
    reply.income_history = hr;
    request_reply(r, &reply);
}

/* The month `back` months before "YYYY-MM", as "YYYY-MM" in the arena. */
static const char *month_before(struct request *r, const char *month, int back)
{
    int k = rules_digits(month, 4) * 12 + rules_digits(month + 5, 2) - 1 - back;
    return request_printf(r, "%04d-%02d", k / 12, k % 12 + 1);
}

/* IncomeHistory: every version of the months asked (the twelve to this month by default). */
static void handle_income_history(struct request *r)
{
    const Zhucun__IncomeHistory *in = r->msg->income_history;
    char today[11];
    rules_date_format(zc_clock_today(), today);
    const char *to = in->to[0] ? in->to : request_printf(r, "%.7s", today);
    const char *problem = rules_report_period_problem(to, zc_clock_today());
    if (problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "to");
        return;
    }
    const char *from = in->from[0] ? in->from : month_before(r, to, 11);
    if ((problem = rules_report_period_problem(from, zc_clock_today())) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "from");
        return;
    }
    int months = rules_income_months_between(from, to);
    if (months < 1) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, INCOME_SPAN_PROBLEM, "from");
        return;
    }
    if (months > INCOME_HISTORY_MONTHS_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, INCOME_HISTORY_PROBLEM, "from");
        return;
    }
    const char **p = request_params(r, 4);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->household_id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = first_day(r, from);
    p[3] = first_day(r, to);
    request_query(r, &store_income_history, p, on_income_history, NULL);
}

/* ---- IncomeList ---- */

struct list {
    const char *p[5];
    Zhucun__IncomeListReply reply;
};

static void on_list_rows(struct request *r, PGresult *res, void *arg)
{
    struct list *ls = arg;
    Zhucun__IncomeListReply *lr = &ls->reply;
    int n = PQntuples(res), nrows = n > 0 ? n - 1 : 0; /* the last row: the totals */
    Zhucun__IncomeListRow **ptrs, *rows;
    if (REQUEST_ROWS(r, nrows, rows, ptrs) == NULL)
        return;
    int64_t last = 0;
    long long households = 0;
    for (int i = 0; i < nrows; i++) {
        Zhucun__IncomeListRow *w = &rows[i];
        zhucun__income_list_row__init(w);
        w->household_id = num_at(res, i, 1);
        w->head_name = text_at(r, res, i, 2);
        w->village_code = text_at(r, res, i, 3);
        w->village_name = text_at(r, res, i, 4);
        w->category = text_at(r, res, i, 5);
        w->member_id = num_at(res, i, 6);
        w->member_name = text_at(r, res, i, 7);
        w->relation = text_at(r, res, i, 8);
        w->projected_fen = num_at(res, i, 9);
        w->before_fen = num_at(res, i, 10);
        w->months = (uint32_t)num_at(res, i, 11);
        if (w->household_id != last)
            households++;
        last = w->household_id;
    }
    if (n > 0) {
        lr->households = (uint32_t)num_at(res, n - 1, 12);
        lr->people = (uint32_t)num_at(res, n - 1, 13);
        lr->truncated = num_at(res, n - 1, 14) > households;
    }
    lr->rows = ptrs;
    lr->n_rows = (size_t)nrows;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_INCOME_LIST;
    reply.income_list = lr;
    request_reply(r, &reply);
}

static void on_list_head(struct request *r, PGresult *res, void *arg)
{
    struct list *ls = arg;
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内", "org_code");
        return;
    }
    ls->reply.org_name = text_at(r, res, 0, 0);
    ls->reply.threshold_fen = num_at(res, 0, 1);
    ls->reply.share_pct = (uint32_t)num_at(res, 0, 2);
    request_query(r, &store_income_list, ls->p, on_list_rows, ls);
}

/* IncomeList: one of M3's lists under an org unit within the caller's scope, a page of
 * households at a time (zc_income_list, 0051). */
static void handle_income_list(struct request *r)
{
    const Zhucun__IncomeList *in = r->msg->income_list;
    if (!rules_income_list_ok(in->list)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, INCOME_LIST_PROBLEM, "list");
        return;
    }
    int level = rules_code_level(in->org_code);
    if (level < 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "区划代码应为 12 位数字", "org_code");
        return;
    }
    char today[11];
    rules_date_format(zc_clock_today(), today);
    const char *month = in->month[0] ? in->month : request_printf(r, "%.7s", today);
    const char *problem = rules_report_period_problem(month, zc_clock_today());
    if (problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "month");
        return;
    }
    if (in->limit > INCOME_LIST_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, INCOME_LIST_LIMIT_PROBLEM, "limit");
        return;
    }
    if (!access_covers(&r->session, r->call->roles, in->org_code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内", "org_code");
        return;
    }
    struct list *ls = request_alloc(r, sizeof(*ls));
    const char **head = request_params(r, 2);
    if (ls == NULL || head == NULL)
        return;
    zhucun__income_list_reply__init(&ls->reply);
    ls->reply.list = in->list;
    ls->reply.org_code = in->org_code;
    ls->reply.month = (char *)month;
    ls->p[0] = in->list;
    ls->p[1] = request_printf(r, "%.*s", rules_code_prefix_len(level), in->org_code);
    ls->p[2] = first_day(r, month);
    ls->p[3] = request_num(r, in->after);
    ls->p[4] = request_num(r, in->limit ? in->limit : INCOME_LIST_DEFAULT);
    head[0] = in->org_code;
    head[1] = ls->p[2];
    request_query(r, &store_income_list_head, head, on_list_head, ls);
}

/* ---- IncomePlanSet, IncomePlanShow ---- */

/* IncomePlanSet: the measures and the review date checked here; the household in scope, the
 * responsible cadre serving in its village's or township's team, and a review date not past,
 * by zc_income_plan_set_keyed. Answers an empty OK. */
static void handle_income_plan_set(struct request *r)
{
    const Zhucun__IncomePlanSet *in = r->msg->income_plan_set;
    const char *problem = rules_plan_measures_problem(in->measures, (int)in->n_measures);
    if (problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "measures");
        return;
    }
    int y, m, d;
    if (rules_date_parse(in->review_on, &y, &m, &d) != 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, PLAN_REVIEW_ON_PROBLEM, "review_on");
        return;
    }
    struct pgarray measures;
    pgarray_init(&measures);
    for (size_t i = 0; i < in->n_measures; i++)
        pgarray_add_text(&measures, in->measures[i]);
    const char *array = pgarray_finish(&measures, r);
    const char **p = request_params(r, 10);
    if (array == NULL || p == NULL)
        return;
    p[0] = request_num(r, in->household_id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = array;
    p[3] = request_num(r, in->responsible_id);
    p[4] = in->review_on;
    p[5] = request_num(r, r->session.user_id);
    p[6] = r->session.username;
    p[7] = r->peer;
    p[8] = r->msg->idempotency_key;
    p[9] = request_key_hash(r);
    request_query(r, &store_income_plan_set, p, request_stored_cb, NULL);
}

static void on_income_plan(struct request *r, PGresult *res, void *arg)
{
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "农户不存在或不在您的管辖范围内", "household_id");
        return;
    }
    Zhucun__IncomePlan *pl = request_alloc(r, sizeof(*pl));
    if (pl == NULL)
        return;
    zhucun__income_plan__init(pl);
    pl->household_id = r->msg->income_plan_show->household_id;
    pl->measures = pgarray_column(r, res, 0, 0, &pl->n_measures);
    if (pl->measures == NULL)
        return;
    pl->responsible_id = num_at(res, 0, 1);
    pl->responsible_name = text_at(r, res, 0, 2);
    pl->review_on = text_at(r, res, 0, 3);
    pl->updated_at = text_at(r, res, 0, 4);
    pl->updated_by = text_at(r, res, 0, 5);
    pl->version = (uint32_t)num_at(res, 0, 6);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_INCOME_PLAN;
    reply.income_plan = pl;
    request_reply(r, &reply);
}

/* IncomePlanShow: the household's plan (version 0 and no measures: none yet). */
static void handle_income_plan_show(struct request *r)
{
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->msg->income_plan_show->household_id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    request_query(r, &store_income_plan_show, p, on_income_plan, NULL);
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_INCOME_RECORD, "IncomeRecord", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_income_record, replay_income_record, 1},
    {ZHUCUN__REQUEST__BODY_INCOME_HISTORY, "IncomeHistory", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_income_history, NULL, 0},
    {ZHUCUN__REQUEST__BODY_INCOME_LIST, "IncomeList", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_income_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_INCOME_PLAN_SET, "IncomePlanSet", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_income_plan_set, request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_INCOME_PLAN_SHOW, "IncomePlanShow", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_income_plan_show, NULL, 0},
};

const struct domain income_domain = {
    .name = "income",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
