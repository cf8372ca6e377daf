/* cmd_report.c -- zhucun report visits: the visit compliance of an org unit for a month;
 * zhucun report duties: any duty rule's compliance for any span (docs/duties.md); each as a
 * table, JSON or an Excel workbook (xlsx.c) with Chinese headers. zhucun duties: what the
 * caller owes and has not met. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "common/xmalloc.h"
#include "report_xlsx.h"

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

static void text_row(const Zhucun__VisitReportRow *r, int with_org)
{
    row_lead(r->key, r->name, r->org_name, with_org);
    printf(" %7u %7u %7u %7u %7.1f%%", r->due, r->met, r->overdue, r->open, 100.0 * report_rate(r));
    if (r->visits)
        printf(_("  走访 %u 次"), r->visits);
    if (r->detail && r->detail[0])
        printf("  %s", r->detail);
    printf("\n");
}

static void print_text(const Zhucun__VisitReportReply *v)
{
    int with_org = strcmp(v->by, "org") != 0;
    printf(_("%s（%s）%s 走访考核，截至 %s\n"), v->org_name, v->org_code, v->period, v->as_of);
    const char *const labels[5] = {_("应走访"), _("已完成"), _("逾期"), _("未到期"), _("完成率")};
    report_heading(v->by, with_org, labels);
    for (size_t i = 0; i < v->n_rows; i++)
        text_row(v->rows[i], with_org);
    printf(_("\n按规则：\n"));
    for (size_t i = 0; i < v->n_by_rule; i++)
        text_row(v->by_rule[i], 0);
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

static int visits(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || cli->org == NULL || cli->period == NULL || (cli->json && cli->xlsx != NULL))
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
static int duties(struct cli *cli, int argc, char **argv)
{
    if (cli->org == NULL || cli->period == NULL || (cli->json && cli->xlsx != NULL))
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

static const struct option visits_options[] = {O_ORG,   O_PERIOD, O_BY,   O_UNMET,
                                               O_AFTER, O_LIMIT,  O_XLSX, OPT_END_};
static const struct option duties_options[] = {O_ORG, O_PERIOD, O_BY, O_XLSX, OPT_END_};
static const struct option due_options[] = {O_AS_OF, O_LIMIT, OPT_END_};

const struct cli_command cli_report_commands[] = {
    {"report", "visits", visits, visits_options,
     N_("zhucun report visits --org 代码 --period YYYY-MM [--by org|team|cadre|household]\n"
        "    [--unmet] [--after 编号] [--limit 行数] [--xlsx 文件]\n"
        "    走访考核：应走访、已完成、逾期\n"),
     "VisitReport"},
    {"report", "duties", duties, duties_options,
     N_("zhucun report duties [规则代码...] --org 代码 --period 期间 [--by org|team|cadre]\n"
        "    [--xlsx 文件]\n"
        "    履职任务（各规则，默认全部）：应完成、已完成、逾期；期间为 YYYY-MM-DD、\n"
        "    YYYY-Www、YYYY-MM、YYYY-Qn、YYYY-Hn 或 YYYY\n"),
     "DutyReport"},
    {"duties", NULL, due, due_options,
     N_("zhucun duties [--as-of 日期] [--limit 项数]\n"
        "    您（您的工作队、所驻村、单位或驻村办）尚未完成的各类任务\n"),
     "DutiesDue"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
