/* cmd_report.c -- zhucun report visits: the visit compliance of an org unit for a month;
 * zhucun report duties: any duty rule's compliance for any span (docs/duties.md); each as a
 * table, JSON or an Excel workbook (xlsx.c) with Chinese headers. zhucun duties: what the
 * caller owes and has not met. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "cli.pb-c.h"
#include "common/rules/report.h"
#include "common/status.h"
#include "common/xmalloc.h"
#include "report_xlsx.h"
#include "xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

/* A report row's key, name and (by household or team) its village, in terminal cells. */
static void row_lead(const char *key, const char *name, const char *org_name, int with_org)
{
    cli_print_cell(key, 14, 0);
    putchar(' ');
    cli_print_cell(name, 16, 0);
    if (with_org) {
        putchar(' ');
        cli_print_cell(org_name, 12, 0);
    }
}

/* The heading of a report table: key, the kind of row, the village when by household or team,
 * then four counts and the rate (labels[0..4]), right-aligned over their columns. */
static void report_heading(const char *by, int with_org, const char *const labels[5])
{
    row_lead(_("编号"), report_row_kind(by), _("所在村"), with_org);
    for (int i = 0; i < 5; i++) {
        putchar(' ');
        cli_print_cell(labels[i], i < 4 ? 7 : 8, 1);
    }
    putchar('\n');
}

/* with_place: a village row's location last (by village: the coordinates a map places it by;
 * "无坐标" when the village has none). */
static void text_row(const Zhucun__VisitReportRow *r, int with_org, int with_place)
{
    row_lead(r->key, r->name, r->org_name, with_org);
    printf(" %7u %7u %7u %7u %7.1f%%", r->due, r->met, r->overdue, r->open, 100.0 * report_rate(r));
    if (with_place && r->has_location)
        printf("  %.5f,%.5f", r->lat, r->lon);
    else if (with_place)
        printf(_("  无坐标"));
    if (r->visits)
        printf(_("  走访 %u 次"), r->visits);
    if (r->detail && r->detail[0])
        printf("  %s", r->detail);
    printf("\n");
}

static void print_text(const Zhucun__VisitReportReply *v)
{
    int places = strcmp(v->by, "village") == 0;
    int with_org = strcmp(v->by, "org") != 0 && !places;
    printf(_("%s（%s）%s 走访考核，截至 %s\n"), v->org_name, v->org_code, v->period, v->as_of);
    const char *const labels[5] = {_("应走访"), _("已完成"), _("逾期"), _("未到期"), _("完成率")};
    report_heading(v->by, with_org, labels);
    for (size_t i = 0; i < v->n_rows; i++)
        text_row(v->rows[i], with_org, places);
    printf(_("\n按规则：\n"));
    for (size_t i = 0; i < v->n_by_rule; i++)
        text_row(v->by_rule[i], 0, 0);
    printf(_("合计：应走访 %u，已完成 %u，逾期 %u，未到期 %u，完成率 %.1f%%\n"), v->total->due,
           v->total->met, v->total->overdue, v->total->open, 100.0 * report_rate(v->total));
    if (v->truncated)
        printf(_("（仅显示前 %zu 户；用 --after %s 查看后续）\n"), v->n_rows,
               v->rows[v->n_rows - 1]->key);
}

static int write_xlsx(const char *path, const Zhucun__VisitReportReply *v)
{
    if (report_visits_xlsx(path, v) != 0)
        return 1;
    if (!v->truncated)
        printf(_("已导出 %s（%zu 行）\n"), path, v->n_rows);
    else
        printf(_("已导出 %s（前 %zu 行；用 --after %s 导出后续）\n"), path, v->n_rows,
               v->rows[v->n_rows - 1]->key);
    return 0;
}

/* ---- zhucun report visits|duties --trend FROM..TO ----
 * One report call a month: the server has no series call, and a trend is at most
 * REPORT_TREND_MONTHS_MAX calls over one connection, each the report a person would ask for
 * that month (so the trend equals the monthly reports by construction, and every check the
 * report makes, scope included, applies month by month). */

/* A month's total line and its unit, as the reply gives them. */
struct trend_total {
    const char *org_code, *org_name, *as_of;
    unsigned due, met, overdue, open, visits;
    double rate;
};

/* What a trend is made of: a report's call for one month and the month's total line. */
struct trend_of {
    const char *what;      /* in titles: 走访考核, 履职任务 */
    const char *report;    /* ReportTrend.report: "visits", "duties" */
    const char *due_label; /* 应走访, 应完成 */
    int with_visits;       /* the visits counted (the visit report only) */
    int (*call)(struct cli *cli, char *period, int argc, char **argv, Zhucun__Reply **reply);
    struct trend_total (*total)(const Zhucun__Reply *reply); /* the month's total line */
};

static void trend_text(const struct trend_of *of, const Zhucun__Cli__ReportTrend *t)
{
    printf(_("%s（%s）%s趋势\n"), t->org_name, t->org_code, _(of->what));
    static const int widths[] = {8, 10, 7, 7, 7, 7, 8, 8};
    const char *const heads[] = {_("月份"), _("截至"),   _(of->due_label), _("已完成"),
                                 _("逾期"), _("未到期"), _("完成率"),      _("走访次数")};
    cli_print_row(heads, widths, of->with_visits ? 8 : 7);
    for (size_t i = 0; i < t->n_months; i++) {
        const Zhucun__Cli__TrendMonth *m = t->months[i];
        printf("%-8s %-10s %7u %7u %7u %7u %7.1f%%", m->period, m->as_of, m->due, m->met,
               m->overdue, m->open, 100.0 * m->rate);
        if (of->with_visits)
            printf(" %8u", m->visits);
        putchar('\n');
    }
}

static int trend_xlsx(const struct trend_of *of, const char *path,
                      const Zhucun__Cli__ReportTrend *t)
{
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return 1;
    char title[512], sheet[64];
    snprintf(title, sizeof(title), "%s（%s）%s趋势（%s 至 %s）", t->org_name, t->org_code, of->what,
             t->months[0]->period, t->months[t->n_months - 1]->period);
    snprintf(sheet, sizeof(sheet), "%s趋势", of->what);
    const struct xlsx_column columns[] = {
        {"月份", XLSX_TEXT, 10},     {"截至", XLSX_TEXT, 12},      {of->due_label, XLSX_NUMBER, 0},
        {"已完成", XLSX_NUMBER, 0},  {"逾期", XLSX_NUMBER, 0},     {"未到期", XLSX_NUMBER, 0},
        {"完成率", XLSX_PERCENT, 0}, {"走访次数", XLSX_NUMBER, 0},
    };
    struct xlsx_sheet *ws = xlsx_sheet(wb, sheet, title, columns, of->with_visits ? 8 : 7);
    struct xlsx_point *points = xcalloc(t->n_months, sizeof(*points));
    for (size_t i = 0; i < t->n_months; i++) {
        const Zhucun__Cli__TrendMonth *m = t->months[i];
        const struct xlsx_cell cells[] = {
            {m->period, 0},     {m->as_of, 0},   {NULL, m->due},  {NULL, m->met},
            {NULL, m->overdue}, {NULL, m->open}, {NULL, m->rate}, {NULL, m->visits},
        };
        xlsx_row(ws, cells, 0);
        points[i] = (struct xlsx_point){m->period, m->rate};
    }
    report_trend_chart(wb, title, "月份", "完成率", points, t->n_months);
    free(points);
    return xlsx_close(wb) != 0 ? 1 : 0;
}

static int trend(const struct trend_of *of, struct cli *cli, int argc, char **argv)
{
    int y, m, n;
    const char *problem = rules_report_trend_problem(cli->trend, &y, &m, &n);
    if (problem != NULL) {
        fprintf(stderr, _("zhucun: %s（字段 trend）\n"), problem);
        return 6;
    }
    Zhucun__Cli__ReportTrend t = ZHUCUN__CLI__REPORT_TREND__INIT;
    t.report = (char *)of->report;
    Zhucun__Cli__TrendMonth *months = xcalloc((size_t)n, sizeof(*months));
    Zhucun__Cli__TrendMonth **list = xcalloc((size_t)n, sizeof(*list));
    Zhucun__Reply **replies = xcalloc((size_t)n, sizeof(*replies));
    char(*periods)[8] = xcalloc((size_t)n, sizeof(*periods));
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        rules_report_trend_period(y, m, i, periods[i]);
        rc = of->call(cli, periods[i], argc, argv, &replies[i]);
        if (rc != 0) {
            fprintf(stderr, _("zhucun: 趋势在 %s 处中止（该月的报告见上），未输出任何内容\n"),
                    periods[i]);
            break;
        }
        const struct trend_total x = of->total(replies[i]);
        t.org_code = (char *)x.org_code;
        t.org_name = (char *)x.org_name;
        Zhucun__Cli__TrendMonth *mo = &months[i];
        zhucun__cli__trend_month__init(mo);
        mo->period = periods[i];
        mo->as_of = (char *)x.as_of;
        mo->due = x.due;
        mo->met = x.met;
        mo->overdue = x.overdue;
        mo->open = x.open;
        mo->visits = x.visits;
        mo->rate = x.rate;
        list[i] = mo;
    }
    if (rc == 0) {
        t.months = list;
        t.n_months = (size_t)n;
        if (cli->xlsx != NULL) {
            rc = trend_xlsx(of, cli->xlsx, &t);
            if (rc == 0)
                printf(_("已导出 %s（%d 个月）\n"), cli->xlsx, n);
        } else if (cli->json) {
            cli_json(&t.base);
        } else {
            trend_text(of, &t);
        }
    }
    for (int i = 0; i < n; i++)
        if (replies[i] != NULL)
            zc_reply_free(replies[i]);
    free(periods);
    free(replies);
    free(list);
    free(months);
    return rc;
}

static int visits_month(struct cli *cli, char *period, int argc, char **argv, Zhucun__Reply **reply)
{
    (void)argc;
    (void)argv;
    Zhucun__VisitReport vr = ZHUCUN__VISIT_REPORT__INIT;
    vr.org_code = (char *)cli->org;
    vr.period = period;
    vr.by = S(cli->by);
    vr.unmet_only = cli->unmet;
    vr.limit = (uint32_t)cli->limit;
    return cli_call(cli, &vr.base, reply);
}

static struct trend_total visits_total(const Zhucun__Reply *reply)
{
    const Zhucun__VisitReportReply *v = reply->visit_report;
    const Zhucun__VisitReportRow *x = v->total;
    return (struct trend_total){v->org_code, v->org_name, v->as_of,  x->due,        x->met,
                                x->overdue,  x->open,     x->visits, report_rate(x)};
}

static const struct trend_of visits_trend = {
    N_("走访考核"), "visits", N_("应走访"), 1, visits_month, visits_total,
};

static int visits(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || cli->org == NULL || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    if (cli->trend != NULL) {
        if (cli->period != NULL || cli->after != 0)
            return cli_usage(cli);
        return trend(&visits_trend, cli, 0, NULL);
    }
    if (cli->period == NULL)
        return cli_usage(cli);
    Zhucun__VisitReport vr = ZHUCUN__VISIT_REPORT__INIT;
    vr.org_code = (char *)cli->org;
    vr.period = (char *)cli->period;
    vr.by = S(cli->by);
    vr.unmet_only = cli->unmet;
    vr.after = cli->after;
    vr.limit = (uint32_t)cli->limit;
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &vr.base, &reply);
    if (rc != 0)
        return rc;
    const Zhucun__VisitReportReply *v = reply->visit_report;
    if (cli->xlsx != NULL)
        rc = write_xlsx(cli->xlsx, v);
    else if (cli->json)
        cli_json(&v->base);
    else
        print_text(v);
    zc_reply_free(reply);
    return rc;
}

/* ---- zhucun report duties ---- */

static void duty_row(const Zhucun__DutyCount *c, int with_org, const char *extra)
{
    row_lead(c->key, c->name, c->org_name, with_org);
    printf(" %7u %7u %7u %7u %7.1f%%", c->due, c->met, c->overdue, c->open, 100.0 * c->rate);
    if (extra != NULL && extra[0] != '\0')
        printf("  %s", extra);
    printf("\n");
}

static void duties_text(const Zhucun__DutyReportReply *v)
{
    int with_org = strcmp(v->by, "org") != 0;
    printf(_("%s（%s）%s（%s 至 %s）履职任务，截至 %s，自 %s 起统计\n"), v->org_name, v->org_code,
           v->period, v->first, v->last, v->as_of, v->tracked_from);
    const char *const labels[5] = {_("应完成"), _("已完成"), _("逾期"), _("未到期"), _("完成率")};
    report_heading(v->by, with_org, labels);
    for (size_t i = 0; i < v->n_rows; i++)
        duty_row(v->rows[i], with_org, NULL);
    printf(_("\n按规则：\n"));
    for (size_t i = 0; i < v->n_by_rule; i++) {
        const Zhucun__DutyCount *c = v->by_rule[i];
        char extra[160];
        snprintf(extra, sizeof(extra), "%s / %s", c->period, c->record);
        duty_row(c, 0, extra);
    }
    printf(_("合计：应完成 %u，已完成 %u，逾期 %u，未到期 %u，完成率 %.1f%%\n"), v->total->due,
           v->total->met, v->total->overdue, v->total->open, 100.0 * v->total->rate);
}

/* zhucun report duties [RULE...]: the rules are words, not an option, so that several can be
 * named at once (zhucun report duties V1 V2 A2 ...). */
static int duties_month(struct cli *cli, char *period, int argc, char **argv, Zhucun__Reply **reply)
{
    Zhucun__DutyReport dr = ZHUCUN__DUTY_REPORT__INIT;
    dr.org_code = (char *)cli->org;
    dr.period = period;
    dr.by = S(cli->by);
    dr.rules = argv;
    dr.n_rules = (size_t)argc;
    return cli_call(cli, &dr.base, reply);
}

static struct trend_total duties_total(const Zhucun__Reply *reply)
{
    const Zhucun__DutyReportReply *v = reply->duty_report;
    const Zhucun__DutyCount *x = v->total;
    return (struct trend_total){v->org_code, v->org_name, v->as_of, x->due, x->met,
                                x->overdue,  x->open,     0,        x->rate};
}

static const struct trend_of duties_trend = {
    N_("履职任务"), "duties", N_("应完成"), 0, duties_month, duties_total,
};

static int duties(struct cli *cli, int argc, char **argv)
{
    if (cli->org == NULL || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    if (cli->trend != NULL)
        return cli->period != NULL ? cli_usage(cli) : trend(&duties_trend, cli, argc, argv);
    if (cli->period == NULL)
        return cli_usage(cli);
    Zhucun__DutyReport dr = ZHUCUN__DUTY_REPORT__INIT;
    dr.org_code = (char *)cli->org;
    dr.period = (char *)cli->period;
    dr.by = S(cli->by);
    dr.rules = argv;
    dr.n_rules = (size_t)argc;
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &dr.base, &reply);
    if (rc != 0)
        return rc;
    const Zhucun__DutyReportReply *v = reply->duty_report;
    if (cli->xlsx != NULL) {
        rc = report_duties_xlsx(cli->xlsx, v);
        if (rc == 0)
            printf(_("已导出 %s（%zu 行）\n"), cli->xlsx, v->n_rows);
    } else if (cli->json) {
        cli_json(&v->base);
    } else {
        duties_text(v);
    }
    zc_reply_free(reply);
    return rc;
}

/* ---- zhucun duties ---- */

static void due_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__DutiesDueReply *d = reply->duties_due;
    for (size_t i = 0; i < d->n_items; i++) {
        const Zhucun__DutyItem *it = d->items[i];
        printf(_("%s%-12s %s~%s  %s %s  %u/%u %s  %s\n"), it->overdue ? _("【逾期】") : "",
               it->rule, it->period_first, it->period_last, it->subject_name, it->org_code,
               it->done, it->required, it->unit, it->detail[0] ? it->detail : it->rule_name);
    }
    printf(_("截至 %s：共 %u 项任务，已完成 %u 项，未完成 %u 项%s\n"), d->as_of, d->duties, d->met,
           d->duties - d->met, d->truncated ? _("（仅列出一部分，用 --limit 列出更多）") : "");
}

static int due(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__DutiesDue dd = ZHUCUN__DUTIES_DUE__INIT;
    dd.as_of = S(cli->as_of);
    dd.limit = (uint32_t)cli->limit;
    return cli_call_show(cli, &dd.base, due_text);
}

static const struct option visits_options[] = {O_ORG,   O_PERIOD, O_BY,    O_UNMET, O_AFTER,
                                               O_LIMIT, O_XLSX,   O_TREND, OPT_END_};
static const struct option duties_options[] = {O_ORG, O_PERIOD, O_BY, O_XLSX, O_TREND, OPT_END_};
static const struct option due_options[] = {O_AS_OF, O_LIMIT, OPT_END_};

const struct cli_command cli_report_commands[] = {
    {"report", "visits", visits, visits_options,
     N_("zhucun report visits --org 代码 --period YYYY-MM\n"
        "    [--by org|team|cadre|household|village] [--unmet] [--after 编号] [--limit 行数]\n"
        "    [--xlsx 文件]\n"
        "    走访考核：应走访、已完成、逾期；--by village 列出市、县、乡镇的各村及坐标；\n"
        "    --xlsx 另有按单位排序的完成率图表\n"
        "zhucun report visits --org 代码 --trend YYYY-MM..YYYY-MM [--by ...] [--xlsx 文件]\n"
        "    逐月走访考核合计（每月一次查询，至多 36 个月）；--xlsx 另有趋势折线图\n"),
     "VisitReport"},
    {"report", "duties", duties, duties_options,
     N_("zhucun report duties [规则代码...] --org 代码 --period 期间 [--by org|team|cadre]\n"
        "    [--xlsx 文件]\n"
        "    履职任务（各规则，默认全部）：应完成、已完成、逾期；期间为 YYYY-MM-DD、\n"
        "    YYYY-Www、YYYY-MM、YYYY-Qn、YYYY-Hn 或 YYYY；--xlsx 另有按单位排序的完成率图表\n"
        "zhucun report duties [规则代码...] --org 代码 --trend YYYY-MM..YYYY-MM [--by ...]\n"
        "    [--xlsx 文件]\n"
        "    逐月履职任务合计（每月一次查询，至多 36 个月）；--xlsx 另有趋势折线图\n"),
     "DutyReport"},
    {"duties", NULL, due, due_options,
     N_("zhucun duties [--as-of 日期] [--limit 项数]\n"
        "    您（您的工作队、所驻村、单位或驻村办）尚未完成的各类任务\n"),
     "DutiesDue"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
