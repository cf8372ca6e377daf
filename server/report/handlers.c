/* report/handlers.c -- the visit compliance report (SPEC V6): due, met, overdue and open duties
 * of an org unit for a month, by child org unit, team, cadre, household or village, read from
 * the duty rows 0006_visit_duties.sql keeps (docs/compliance-report.md). */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/org.h"
#include "common/rules/report.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/report/store.h"
#include "server/roles.h"

#define REPORT_HOUSEHOLDS_DEFAULT 500

struct report {
    struct request *r;
    enum report_by by;
    unsigned limit;
    const char *p[6];
    Zhucun__VisitReportReply reply;
};

static uint32_t count_at(const PGresult *res, int row, int col)
{
    return (uint32_t)strtoul(PQgetvalue(res, row, col), NULL, 10);
}

/* Columns from..from+3 of a result: due, met, overdue, open. */
static void counts_from(Zhucun__VisitReportRow *row, const PGresult *res, int i, int from)
{
    row->due = count_at(res, i, from);
    row->met = count_at(res, i, from + 1);
    row->overdue = count_at(res, i, from + 2);
    row->open = count_at(res, i, from + 3);
}

static void on_rows(struct request *r, PGresult *res, void *arg)
{
    struct report *rp = arg;
    int n = PQntuples(res);
    if (rp->by == BY_HOUSEHOLD && (unsigned)n > rp->limit) {
        rp->reply.truncated = 1;
        n = (int)rp->limit;
    }
    Zhucun__VisitReportRow **rows, *rv;
    if (REQUEST_ROWS(r, n, rv, rows) == NULL)
        return;
    /* key, name, org_code, org_name, due, met, overdue, open, visits, detail */
    for (int i = 0; i < n; i++) {
        Zhucun__VisitReportRow *row = &rv[i];
        zhucun__visit_report_row__init(row);
        row->key = PQgetvalue(res, i, 0);
        row->name = PQgetvalue(res, i, 1);
        row->org_code = PQgetvalue(res, i, 2);
        row->org_name = PQgetvalue(res, i, 3);
        counts_from(row, res, i, 4);
        row->visits = count_at(res, i, 8);
        row->detail = PQgetvalue(res, i, 9);
        /* Org and village rows: the village's location (UNIT_ROWS, report/store.c). */
        if (PQnfields(res) > 11 && !PQgetisnull(res, i, 10)) {
            row->has_location = 1;
            row->lat = strtod(PQgetvalue(res, i, 10), NULL);
            row->lon = strtod(PQgetvalue(res, i, 11), NULL);
        }
    }
    rp->reply.rows = rows;
    rp->reply.n_rows = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_VISIT_REPORT;
    reply.visit_report = &rp->reply;
    request_reply(r, &reply);
}

static void on_rules(struct request *r, PGresult *res, void *arg)
{
    struct report *rp = arg;
    int n = PQntuples(res);
    if (n == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内", "org_code");
        return;
    }
    if (PQgetvalue(res, 0, 3)[0] != 't') {
        request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION,
                     request_printf(r,
                                    "该月没有走访任务数据：任务自 %s 起统计，"
                                    "并由 zhucun-server duties 每日生成",
                                    PQgetvalue(res, 0, 2)),
                     "period");
        return;
    }
    /* This result is cleared when the callback returns: what the reply keeps is copied into
     * the request's arena. */
    Zhucun__VisitReportReply *vr = &rp->reply;
    vr->org_name = (char *)request_printf(r, "%s", PQgetvalue(res, 0, 0));
    vr->as_of = (char *)request_printf(r, "%s", PQgetvalue(res, 0, 1));
    Zhucun__VisitReportRow **rules, *rv;
    if (REQUEST_ROWS(r, n, rv, rules) == NULL)
        return;
    Zhucun__VisitReportRow *total = &rv[n]; /* the spare element REQUEST_ROWS leaves */
    zhucun__visit_report_row__init(total);
    total->key = vr->org_code;
    total->name = vr->org_name;
    total->org_code = vr->org_code;
    total->org_name = vr->org_name;
    for (int i = 0; i < n; i++) {
        Zhucun__VisitReportRow *row = &rv[i];
        zhucun__visit_report_row__init(row);
        row->key = (char *)request_printf(r, "%s", PQgetvalue(res, i, 4));
        row->name = (char *)request_printf(r, "%s", PQgetvalue(res, i, 5));
        counts_from(row, res, i, 6);
        total->due += row->due;
        total->met += row->met;
        total->overdue += row->overdue;
        total->open += row->open;
    }
    vr->by_rule = rules;
    vr->n_by_rule = (size_t)n;
    vr->total = total;
    static const struct db_statement *const by_statement[] = {
        [BY_ORG] = &store_report_by_org,         [BY_TEAM] = &store_report_by_team,
        [BY_CADRE] = &store_report_by_cadre,     [BY_HOUSEHOLD] = &store_report_by_household,
        [BY_VILLAGE] = &store_report_by_village,
    };
    request_query(r, by_statement[rp->by], rp->p, on_rows, rp);
}

/* VisitReport: the compliance counts of an org unit for a month, read from the duty rows
 * 0006_visit_duties.sql keeps (nothing is judged here): first each rule's counts and whether
 * the month's duties exist (on_rules), then the rows by child unit, team, cadre, household or
 * village. The scope goes as a code range so that the indexes serve; grouping by team, cadre or
 * household is for a county and below, which keeps each read to one county, and by village for
 * a city and below (a few thousand rows; rules_report_by_problem). */
static void handle_visit_report(struct request *r)
{
    const Zhucun__VisitReport *in = r->msg->visit_report;
    int level = rules_code_level(in->org_code);
    if (level < 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "区划代码应为 12 位数字", "org_code");
        return;
    }
    const char *problem = rules_report_period_problem(in->period, zc_clock_today());
    if (problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "period");
        return;
    }
    enum report_by by;
    if ((problem = rules_report_by_problem(in->by, level, &by)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "by");
        return;
    }
    if (in->limit > REPORT_HOUSEHOLDS_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     request_printf(r, "每页最多 %d 户", REPORT_HOUSEHOLDS_MAX), "limit");
        return;
    }
    /* A unit's administrator sees its cadres through the unit, not an area. */
    if (!access_covers(&r->session, r->call->roles & ~ROLE_UNIT_ADMIN, in->org_code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内", "org_code");
        return;
    }
    struct report *rp = request_alloc(r, sizeof(*rp));
    if (rp == NULL)
        return;
    rp->r = r;
    rp->by = by;
    rp->limit = in->limit ? in->limit : REPORT_HOUSEHOLDS_DEFAULT;
    zhucun__visit_report_reply__init(&rp->reply);
    rp->reply.org_code = in->org_code;
    rp->reply.period = in->period;
    static const char *const by_names[] = {"org", "team", "cadre", "household", "village"};
    rp->reply.by = (char *)by_names[by];
    /* The scope as a code range: its significant digits, up to the same digits with the last
     * one raised past '9' (byte order; see report/store.c). */
    int len = rules_code_prefix_len(level);
    char *lo = (char *)request_printf(r, "%.*s", len, in->org_code);
    char *hi = (char *)request_printf(r, "%.*s", len, in->org_code);
    const char *month = request_printf(r, "%s-01", in->period); /* checked above */
    if (lo[0] == '\0' || hi[0] == '\0' || month[0] == '\0') {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    hi[len - 1]++;
    rp->p[0] = lo;
    rp->p[1] = hi;
    rp->p[2] = month;
    switch (by) {
    case BY_ORG:
        rp->p[3] = in->org_code;
        rp->p[4] = request_printf(r, "%d", rules_code_prefix_len(level + 1));
        break;
    case BY_VILLAGE:
        rp->p[3] = request_printf(r, "%d", ORG_VILLAGE);
        rp->p[4] = request_printf(r, "%d", ORG_CODE_LEN);
        break;
    case BY_HOUSEHOLD:
        rp->p[3] = request_num(r, in->after > 0 ? in->after : 0);
        rp->p[4] = request_printf(r, "%u", rp->limit + 1);
        rp->p[5] = in->unmet_only ? "true" : "false";
        break;
    default:
        break;
    }
    /* The rules query takes the org code as $4. */
    const char **hp = request_params(r, 4);
    if (hp == NULL)
        return;
    hp[0] = lo;
    hp[1] = hi;
    hp[2] = month;
    hp[3] = in->org_code;
    request_query(r, &store_report_rules, hp, on_rules, rp);
}

/* ---- the calls ---- */

/* What each call needs before its handler runs, and how a retried write is answered. */
static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_VISIT_REPORT, "VisitReport", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_visit_report, NULL, 0},
};

const struct domain report_domain = {
    .name = "report",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
