/* cmd_report.c -- zhucun report visits: the visit compliance of an org unit for a month, as a
 * table, JSON or an Excel workbook (xlsx.c) with Chinese headers. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "common/xmalloc.h"
#include "report_xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static void text_row(const Zhucun__VisitReportRow *r, int with_org)
{
    printf("%-14s %-16s", r->key, r->name);
    if (with_org)
        printf(" %-12s", r->org_name);
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
    printf("%-14s %-16s%s %7s %7s %7s %7s %8s\n", _("编号"), report_row_kind(v->by),
           with_org ? _(" 所在村          ") : "", _("应走访"), _("已完成"), _("逾期"), _("未到期"),
           _("完成率"));
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

static const struct option visits_options[] = {O_ORG,   O_PERIOD, O_BY,   O_UNMET,
                                               O_AFTER, O_LIMIT,  O_XLSX, OPT_END_};

const struct cli_command cli_report_commands[] = {
    {"report", "visits", visits, visits_options,
     N_("zhucun report visits --org 代码 --period YYYY-MM [--by org|team|cadre|household]\n"
        "    [--unmet] [--after 编号] [--limit 行数] [--xlsx 文件]\n"
        "    走访考核：应走访、已完成、逾期\n"),
     "VisitReport"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
