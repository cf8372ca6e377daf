/* report_xlsx.c -- the visit compliance report as an Excel workbook. */
#include "report_xlsx.h"

#include <stdio.h>
#include <string.h>

#include "xlsx.h"

const char *report_row_kind(const char *by)
{
    return strcmp(by, "team") == 0        ? "工作队"
           : strcmp(by, "cadre") == 0     ? "队员"
           : strcmp(by, "household") == 0 ? "户主"
                                          : "单位";
}

double report_rate(const Zhucun__VisitReportRow *r)
{
    return r->due ? (double)r->met / r->due : 0.0;
}

/* One sheet: a title, the headers, the rows and (when total) a total line. */
static void sheet_rows(struct xlsx_book *wb, const char *name, const char *title, const char *kind,
                       Zhucun__VisitReportRow **rows, size_t n, const Zhucun__VisitReportRow *total,
                       int with_org)
{
    const struct xlsx_column columns[] = {
        {"编号", XLSX_TEXT, 16},         {kind, XLSX_TEXT, 18},       {"所在村", XLSX_TEXT, 18},
        {"应走访", XLSX_NUMBER, 0},      {"已完成", XLSX_NUMBER, 0},  {"逾期", XLSX_NUMBER, 0},
        {"未到期", XLSX_NUMBER, 0},      {"完成率", XLSX_PERCENT, 0}, {"走访次数", XLSX_NUMBER, 0},
        {"未完成的任务", XLSX_TEXT, 50},
    };
    struct xlsx_sheet *ws =
        xlsx_sheet(wb, name, title, columns, sizeof(columns) / sizeof(columns[0]));
    for (size_t i = 0; i <= n; i++) {
        const Zhucun__VisitReportRow *x = i < n ? rows[i] : total;
        if (x == NULL)
            break;
        const struct xlsx_cell cells[] = {
            {i < n ? x->key : "合计", 0},
            {x->name, 0},
            {with_org ? x->org_name : "", 0},
            {NULL, x->due},
            {NULL, x->met},
            {NULL, x->overdue},
            {NULL, x->open},
            {NULL, report_rate(x)},
            {NULL, x->visits},
            {x->detail ? x->detail : "", 0},
        };
        xlsx_row(ws, cells, i == n);
    }
}

int report_visits_xlsx(const char *path, const Zhucun__VisitReportReply *v)
{
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return 1;
    char title[512];
    snprintf(title, sizeof(title), "%s（%s）%s 走访考核，截至 %s", v->org_name, v->org_code,
             v->period, v->as_of);
    sheet_rows(wb, "走访考核", title, report_row_kind(v->by), v->rows, v->n_rows,
               strcmp(v->by, "org") == 0 ? v->total : NULL, strcmp(v->by, "org") != 0);
    sheet_rows(wb, "按规则", title, "规则", v->by_rule, v->n_by_rule, v->total, 0);
    return xlsx_close(wb) != 0 ? 1 : 0;
}
