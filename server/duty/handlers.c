/* duty/handlers.c -- every periodic duty a rule row (SPEC R1, V6): the compliance of any rules,
 * org unit and span, by child unit, team or cadre (DutyReport), and what the caller owes
 * (DutiesDue), from the one duty engine of 0031_duty_engine.sql (docs/duties.md). */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/org.h"
#include "common/rules/report.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/duty/store.h"
#include "server/roles.h"

/* ---- DutyReport ---- */

struct report {
    enum report_by by;
    int level;
    const char *p[8];
    Zhucun__DutyReportReply reply;
};

static uint32_t count_at(const PGresult *res, int row, int col)
{
    return (uint32_t)strtoul(PQgetvalue(res, row, col), NULL, 10);
}

/* One row of the report's result (kind, rank, key, name, org code, org name, due, met, overdue,
 * open, period kind, record kind) into c. The result lives until the reply is sent. */
static void count_from(Zhucun__DutyCount *c, const PGresult *res, int i)
{
    zhucun__duty_count__init(c);
    c->key = PQgetvalue(res, i, 2);
    c->name = PQgetvalue(res, i, 3);
    c->org_code = PQgetvalue(res, i, 4);
    c->org_name = PQgetvalue(res, i, 5);
    c->due = count_at(res, i, 6);
    c->met = count_at(res, i, 7);
    c->overdue = count_at(res, i, 8);
    c->open = count_at(res, i, 9);
    c->rate = rules_duty_rate(c->met, c->due);
    c->period = PQgetvalue(res, i, 10);
    c->record = PQgetvalue(res, i, 11);
}

/* The rules come first ('r' rows), then the groups: the total is the rules' sum. */
static void on_rows(struct request *r, PGresult *res, void *arg)
{
    struct report *rp = arg;
    int n = PQntuples(res), nrules = 0;
    while (nrules < n && PQgetvalue(res, nrules, 0)[0] == 'r')
        nrules++;
    Zhucun__DutyCount **ptrs, *rows;
    if (REQUEST_ROWS(r, n, rows, ptrs) == NULL)
        return;
    Zhucun__DutyCount *total = &rows[n]; /* the spare element REQUEST_ROWS leaves */
    zhucun__duty_count__init(total);
    Zhucun__DutyReportReply *dr = &rp->reply;
    total->key = dr->org_code;
    total->name = dr->org_name;
    total->org_code = dr->org_code;
    total->org_name = dr->org_name;
    for (int i = 0; i < n; i++) {
        count_from(&rows[i], res, i);
        if (i < nrules) {
            total->due += rows[i].due;
            total->met += rows[i].met;
            total->overdue += rows[i].overdue;
            total->open += rows[i].open;
        }
    }
    total->rate = rules_duty_rate(total->met, total->due);
    dr->total = total;
    dr->by_rule = ptrs;
    dr->n_by_rule = (size_t)nrules;
    dr->rows = ptrs + nrules;
    dr->n_rows = (size_t)(n - nrules);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_DUTY_REPORT;
    reply.duty_report = dr;
    request_reply(r, &reply);
}

/* The org unit, today, the tracking start and the first rule code asked for that no rule has;
 * then the duties (on_rows), by the grouping asked for. */
static void on_head(struct request *r, PGresult *res, void *arg)
{
    struct report *rp = arg;
    Zhucun__DutyReportReply *dr = &rp->reply;
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内", "org_code");
        return;
    }
    if (PQgetvalue(res, 0, 3)[0] != '\0') {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND,
                     request_printf(r, "没有代码为 %s 的规则", PQgetvalue(res, 0, 3)), "rules");
        return;
    }
    /* The result is cleared when this callback returns: keep copies in the arena. */
    dr->org_name = (char *)request_printf(r, "%s", PQgetvalue(res, 0, 0));
    dr->as_of = (char *)request_printf(r, "%s", PQgetvalue(res, 0, 1));
    dr->tracked_from = (char *)request_printf(r, "%s", PQgetvalue(res, 0, 2));
    /* Nothing is tracked before the tracking start: a span that ends before it would show
     * zeros that are not true. */
    if (strcmp(dr->last, dr->tracked_from) < 0) {
        request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION,
                     request_printf(r, "该期间没有任务数据：任务自 %s 起统计", dr->tracked_from),
                     "period");
        return;
    }
    static const struct db_statement *const by_statement[] = {
        [BY_ORG] = &store_duty_by_org,
        [BY_TEAM] = &store_duty_by_team,
        [BY_CADRE] = &store_duty_by_cadre,
    };
    request_query(r, by_statement[rp->by], rp->p, on_rows, rp);
}

/* DutyReport: the rules' duties owed under an org unit in every period that overlaps the span,
 * judged by the engine (zc_duty_report, 0031): nothing is judged here. The scope goes as a
 * prefix and as a code range (the visit summary's index); grouping by team or cadre is for a
 * county and below, which keeps each read to one county. */
static void handle_duty_report(struct request *r)
{
    const Zhucun__DutyReport *in = r->msg->duty_report;
    int level = rules_code_level(in->org_code);
    if (level < 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "区划代码应为 12 位数字", "org_code");
        return;
    }
    int first, last;
    const char *problem = rules_duty_span_problem(in->period, zc_clock_today(), &first, &last);
    if (problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "period");
        return;
    }
    if (in->n_rules > DUTY_REPORT_RULES_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     request_printf(r, "一次最多查询 %d 条规则", DUTY_REPORT_RULES_MAX), "rules");
        return;
    }
    for (size_t i = 0; i < in->n_rules; i++)
        if (!rules_duty_code_ok(in->rules[i])) {
            request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, DUTY_CODE_PROBLEM, "rules");
            return;
        }
    enum report_by by;
    if ((problem = rules_duty_by_problem(in->by, level, &by)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "by");
        return;
    }
    /* A unit's administrator sees its cadres through the unit, not an area. */
    if (!access_covers(&r->session, r->call->roles & ~ROLE_UNIT_ADMIN, in->org_code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内", "org_code");
        return;
    }
    struct report *rp = request_alloc(r, sizeof(*rp));
    char *dates = request_alloc(r, 2 * 11);
    if (rp == NULL || dates == NULL)
        return;
    rp->by = by;
    rp->level = level;
    Zhucun__DutyReportReply *dr = &rp->reply;
    zhucun__duty_report_reply__init(dr);
    dr->org_code = in->org_code;
    dr->period = in->period;
    rules_date_format(first, dates);
    rules_date_format(last, dates + 11);
    dr->first = dates;
    dr->last = dates + 11;
    static const char *const by_names[] = {
        [BY_ORG] = "org", [BY_TEAM] = "team", [BY_CADRE] = "cadre"};
    dr->by = (char *)by_names[by];

    struct pgarray codes;
    pgarray_init(&codes);
    for (size_t i = 0; i < in->n_rules; i++)
        pgarray_add_text(&codes, in->rules[i]);
    /* The scope as a prefix and as a code range: its significant digits, up to the same digits
     * with the last one raised past '9' (byte order; report/store.c). */
    int len = rules_code_prefix_len(level);
    char *lo = (char *)request_printf(r, "%.*s", len, in->org_code);
    char *hi = (char *)request_printf(r, "%.*s", len, in->org_code);
    const char *array = pgarray_finish(&codes, r);
    if (array == NULL || lo[0] == '\0' || hi[0] == '\0') {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    hi[len - 1]++;
    rp->p[0] = array;
    rp->p[1] = lo;
    rp->p[2] = lo;
    rp->p[3] = hi;
    rp->p[4] = dr->first;
    rp->p[5] = dr->last;
    rp->p[6] = in->org_code;
    rp->p[7] = request_printf(r, "%d", rules_code_prefix_len(level + 1));
    const char **hp = request_params(r, 2);
    if (hp == NULL)
        return;
    hp[0] = in->org_code;
    hp[1] = array;
    request_query(r, &store_duty_head, hp, on_head, rp);
}

/* ---- DutiesDue ---- */

struct due {
    unsigned limit;
    const char *p[3];
    char as_of[11];
};

/* Every duty the caller owes judged (met or not), the unmet listed, overdue first (the
 * statement's order), at most limit of them. */
static void on_due(struct request *r, PGresult *res, void *arg)
{
    struct due *du = arg;
    int n = PQntuples(res);
    Zhucun__DutiesDueReply *dr = request_alloc(r, sizeof(*dr));
    if (dr == NULL)
        return;
    zhucun__duties_due_reply__init(dr);
    dr->as_of = du->as_of;
    int unmet = 0;
    for (int i = 0; i < n; i++)
        unmet += PQgetvalue(res, i, 12)[0] != 't';
    size_t shown = (size_t)unmet < du->limit ? (size_t)unmet : du->limit;
    Zhucun__DutyItem **ptrs, *items;
    if (REQUEST_ROWS(r, shown, items, ptrs) == NULL)
        return;
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        dr->duties++;
        if (PQgetvalue(res, i, 12)[0] == 't') {
            dr->met++;
            continue;
        }
        if (k == shown) {
            dr->truncated = 1;
            continue;
        }
        Zhucun__DutyItem *it = &items[k++];
        zhucun__duty_item__init(it);
        it->rule = PQgetvalue(res, i, 0);
        it->rule_name = PQgetvalue(res, i, 1);
        it->record = PQgetvalue(res, i, 2);
        it->unit = PQgetvalue(res, i, 3);
        it->subject = PQgetvalue(res, i, 4);
        it->subject_key = PQgetvalue(res, i, 5);
        it->subject_name = PQgetvalue(res, i, 6);
        it->org_code = PQgetvalue(res, i, 7);
        it->period_first = PQgetvalue(res, i, 8);
        it->period_last = PQgetvalue(res, i, 9);
        it->required = count_at(res, i, 10);
        it->done = count_at(res, i, 11);
        it->overdue = PQgetvalue(res, i, 13)[0] == 't';
        it->detail = PQgetvalue(res, i, 14);
    }
    dr->items = ptrs;
    dr->n_items = k;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_DUTIES_DUE;
    reply.duties_due = dr;
    request_reply(r, &reply);
}

/* DutiesDue: the caller's own list, from their memberships and grants (zc_duties_due): no
 * target, so nothing to check against a scope here; the row-level policies hold what it
 * reads to the caller's scope. */
static void handle_duties_due(struct request *r)
{
    const Zhucun__DutiesDue *in = r->msg->duties_due;
    int today = zc_clock_today(), ok = 1;
    int as_of = in->as_of[0] ? rules_date_days(in->as_of, &ok) : today;
    if (!ok || as_of > today) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "as_of 应为不晚于今天的 YYYY-MM-DD",
                     "as_of");
        return;
    }
    if (in->limit > DUTIES_DUE_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     request_printf(r, "每次最多列出 %d 项", DUTIES_DUE_MAX), "limit");
        return;
    }
    struct due *du = request_alloc(r, sizeof(*du));
    if (du == NULL)
        return;
    du->limit = in->limit ? in->limit : DUTIES_DUE_DEFAULT;
    rules_date_format(as_of, du->as_of);
    du->p[0] = request_num(r, r->session.user_id);
    du->p[1] = du->as_of;
    du->p[2] = request_printf(r, "%d", DUTIES_DUE_LOOKBACK_DAYS);
    request_query(r, &store_duties_due, du->p, on_due, du);
}

/* ---- the calls ---- */

/* What each call needs before its handler runs. The due list is every role that owes duties:
 * the teams, the offices that inspect, a unit's administrator. */
static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_DUTY_REPORT, "DutyReport", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_duty_report, NULL, 0},
    {ZHUCUN__REQUEST__BODY_DUTIES_DUE, "DutiesDue", AUTH_SESSION,
     VISIT_WRITERS | OFFICES | ROLE_UNIT_ADMIN, 0, handle_duties_due, NULL, 0},
};

const struct domain duty_domain = {
    .name = "duty",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
