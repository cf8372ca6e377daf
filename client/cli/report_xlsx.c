/* report_xlsx.c -- the compliance reports as Excel workbooks. */
#include "report_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "xlsx.h"

const char *report_row_kind(const char *by)
{
    return strcmp(by, "team") == 0        ? "工作队"
           : strcmp(by, "cadre") == 0     ? "队员"
           : strcmp(by, "household") == 0 ? "户主"
           : strcmp(by, "village") == 0   ? "行政村"
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

void report_rate_chart(struct xlsx_book *wb, const char *org_name, const char *what,
                       const char *kind, const char *rate_name, const struct xlsx_point *points,
                       size_t n, double average)
{
    char title[512], average_name[256];
    snprintf(title, sizeof(title), "%s %s（按%s）", org_name, what, kind);
    snprintf(average_name, sizeof(average_name), "%s平均 %.1f%%", org_name, 100.0 * average);
    const struct xlsx_chart c = {
        .kind = XLSX_CHART_BARS,
        .name = "图表",
        .title = title,
        .label_axis = kind,
        .rate_name = rate_name,
        .average_name = average_name,
        .average = average,
    };
    xlsx_chart(wb, &c, points, n);
}

void report_trend_chart(struct xlsx_book *wb, const char *title, const char *axis,
                        const char *rate_name, const struct xlsx_point *points, size_t n)
{
    const struct xlsx_chart c = {
        .kind = XLSX_CHART_TREND,
        .name = "图表",
        .title = title,
        .label_axis = axis,
        .rate_name = rate_name,
    };
    xlsx_chart(wb, &c, points, n);
}

int report_visits_xlsx(const char *path, const Zhucun__VisitReportReply *v)
{
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return 1;
    char title[512];
    snprintf(title, sizeof(title), "%s（%s）%s 走访考核，截至 %s", v->org_name, v->org_code,
             v->period, v->as_of);
    /* Org and village rows add up to the unit's total; the others overlap or are a page. */
    int units = strcmp(v->by, "org") == 0 || strcmp(v->by, "village") == 0;
    sheet_rows(wb, "走访考核", title, report_row_kind(v->by), v->rows, v->n_rows,
               units ? v->total : NULL, !units);
    sheet_rows(wb, "按规则", title, "规则", v->by_rule, v->n_by_rule, v->total, 0);
    struct xlsx_point *points = xcalloc(v->n_rows + 1, sizeof(*points));
    for (size_t i = 0; i < v->n_rows; i++)
        points[i] = (struct xlsx_point){v->rows[i]->name, report_rate(v->rows[i])};
    char what[128];
    snprintf(what, sizeof(what), "%s 走访完成率", v->period);
    report_rate_chart(wb, v->org_name, what, report_row_kind(v->by), "完成率", points, v->n_rows,
                      report_rate(v->total));
    free(points);
    return xlsx_close(wb) != 0 ? 1 : 0;
}

double report_share(unsigned part, unsigned whole)
{
    return whole ? (double)part / whole : 0.0;
}

int report_attendance_xlsx(const char *path, const Zhucun__AttendanceReportReply *a)
{
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return 1;
    char title[512];
    snprintf(title, sizeof(title), "%s（%s）%s（%s 至 %s）五天四夜%s", a->org_name, a->org_code,
             a->week, a->monday, a->sunday, a->running ? "（本周尚未结束）" : "");
    static const struct xlsx_column people[] = {
        {"人员编号", XLSX_NUMBER, 12},   {"姓名", XLSX_TEXT, 16},
        {"驻村（乡镇）", XLSX_TEXT, 18}, {"区划代码", XLSX_TEXT, 16},
        {"白天", XLSX_NUMBER, 0},        {"应驻白天", XLSX_NUMBER, 0},
        {"夜间", XLSX_NUMBER, 0},        {"应驻夜间", XLSX_NUMBER, 0},
        {"免除天数", XLSX_NUMBER, 0},    {"打卡", XLSX_NUMBER, 0},
        {"异常打卡", XLSX_NUMBER, 0},    {"结果", XLSX_TEXT, 0},
    };
    struct xlsx_sheet *ws =
        xlsx_sheet(wb, "五天四夜", title, people, sizeof(people) / sizeof(people[0]));
    for (size_t i = 0; i < a->n_rows; i++) {
        const Zhucun__AttendanceRow *r = a->rows[i];
        const struct xlsx_cell cells[] = {
            {NULL, (double)r->person_id},
            {r->name, 0},
            {r->org_name, 0},
            {r->org_code, 0},
            {NULL, r->days_present},
            {NULL, r->required_days},
            {NULL, r->nights_present},
            {NULL, r->required_nights},
            {NULL, r->excused},
            {NULL, r->checkins},
            {NULL, r->flagged},
            {r->met ? "达标" : "未达标", 0},
        };
        xlsx_row(ws, cells, 0);
    }
    static const struct xlsx_column orgs[] = {
        {"区划代码", XLSX_TEXT, 16},  {"单位", XLSX_TEXT, 18},      {"队员", XLSX_NUMBER, 0},
        {"达标", XLSX_NUMBER, 0},     {"未达标", XLSX_NUMBER, 0},   {"达标率", XLSX_PERCENT, 0},
        {"免除天数", XLSX_NUMBER, 0}, {"异常打卡", XLSX_NUMBER, 0},
    };
    ws = xlsx_sheet(wb, "按单位", title, orgs, sizeof(orgs) / sizeof(orgs[0]));
    for (size_t i = 0; i <= a->n_by_org; i++) {
        const Zhucun__AttendanceCount *c = i < a->n_by_org ? a->by_org[i] : a->total;
        if (c == NULL)
            break;
        const struct xlsx_cell cells[] = {
            {i < a->n_by_org ? c->org_code : "合计", 0},
            {c->org_name, 0},
            {NULL, c->cadres},
            {NULL, c->met},
            {NULL, c->fell_short},
            {NULL, report_share(c->met, c->cadres)},
            {NULL, c->excused_days},
            {NULL, c->flagged},
        };
        xlsx_row(ws, cells, i == a->n_by_org);
    }
    struct xlsx_point *points = xcalloc(a->n_by_org + 1, sizeof(*points));
    for (size_t i = 0; i < a->n_by_org; i++)
        points[i] = (struct xlsx_point){a->by_org[i]->org_name,
                                        report_share(a->by_org[i]->met, a->by_org[i]->cadres)};
    char what[128];
    snprintf(what, sizeof(what), "%s 五天四夜达标率", a->week);
    report_rate_chart(wb, a->org_name, what, "单位", "达标率", points, a->n_by_org,
                      a->total != NULL ? report_share(a->total->met, a->total->cadres) : 0.0);
    free(points);
    return xlsx_close(wb) != 0 ? 1 : 0;
}

/* One sheet of the duty report: a title, the headers, the rows and (when total) a total line;
 * with_org adds the group's place, with_rule the rule's period and record kind. */
static void duty_sheet(struct xlsx_book *wb, const char *name, const char *title, const char *kind,
                       Zhucun__DutyCount **rows, size_t n, const Zhucun__DutyCount *total,
                       int with_org, int with_rule)
{
    const struct xlsx_column columns[] = {
        {"编号", XLSX_TEXT, 16},     {kind, XLSX_TEXT, 30},       {"所在地", XLSX_TEXT, 18},
        {"应完成", XLSX_NUMBER, 0},  {"已完成", XLSX_NUMBER, 0},  {"逾期", XLSX_NUMBER, 0},
        {"未到期", XLSX_NUMBER, 0},  {"完成率", XLSX_PERCENT, 0}, {"周期", XLSX_TEXT, 12},
        {"完成依据", XLSX_TEXT, 20},
    };
    struct xlsx_sheet *ws =
        xlsx_sheet(wb, name, title, columns, sizeof(columns) / sizeof(columns[0]));
    for (size_t i = 0; i <= n; i++) {
        const Zhucun__DutyCount *x = i < n ? rows[i] : total;
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
            {NULL, x->rate},
            {with_rule && i < n ? x->period : "", 0},
            {with_rule && i < n ? x->record : "", 0},
        };
        xlsx_row(ws, cells, i == n);
    }
}

int report_duties_xlsx(const char *path, const Zhucun__DutyReportReply *v)
{
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return 1;
    char title[512];
    snprintf(title, sizeof(title), "%s（%s）%s（%s 至 %s）履职任务，截至 %s，自 %s 起统计",
             v->org_name, v->org_code, v->period, v->first, v->last, v->as_of, v->tracked_from);
    duty_sheet(wb, "履职任务", title, report_row_kind(v->by), v->rows, v->n_rows,
               strcmp(v->by, "org") == 0 ? v->total : NULL, strcmp(v->by, "org") != 0, 0);
    duty_sheet(wb, "按规则", title, "规则", v->by_rule, v->n_by_rule, v->total, 0, 1);
    struct xlsx_point *points = xcalloc(v->n_rows + 1, sizeof(*points));
    for (size_t i = 0; i < v->n_rows; i++)
        points[i] = (struct xlsx_point){v->rows[i]->name, v->rows[i]->rate};
    char what[128];
    snprintf(what, sizeof(what), "%s 履职任务完成率", v->period);
    report_rate_chart(wb, v->org_name, what, report_row_kind(v->by), "完成率", points, v->n_rows,
                      v->total->rate);
    free(points);
    return xlsx_close(wb) != 0 ? 1 : 0;
}

const char *report_task_row_name(const Zhucun__TaskBoardRow *r, char *buf, size_t len)
{
    if (r->team_id > 0)
        snprintf(buf, len, "%s #%lld", r->name, (long long)r->team_id);
    else
        snprintf(buf, len, "%s %s", r->name, r->code);
    return buf;
}

int report_task_board_xlsx(const char *path, const Zhucun__TaskBoardReply *b)
{
    static const struct xlsx_column columns[] = {
        {"单位或工作队", XLSX_TEXT, 36}, {"合计", XLSX_NUMBER, 8},   {"逾期", XLSX_NUMBER, 8},
        {"办理中", XLSX_NUMBER, 8},      {"未开始", XLSX_NUMBER, 8}, {"已办结", XLSX_NUMBER, 8},
    };
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return 1;
    /* the unit's name (a server before its org_name: the code) */
    const char *unit = b->org_name[0] != '\0' ? b->org_name : b->org_code;
    char title[600];
    snprintf(title, sizeof(title), "督办任务“%s”（期限 %s），%s（%s）以下", b->title, b->due_on,
             unit, b->org_code);
    struct xlsx_sheet *ws =
        xlsx_sheet(wb, "督办", title, columns, sizeof(columns) / sizeof(columns[0]));
    for (size_t i = 0; i <= b->n_rows; i++) {
        char name[160];
        const Zhucun__TaskCounts *k = i < b->n_rows ? b->rows[i]->counts : b->counts;
        const struct xlsx_cell cells[] = {
            {i < b->n_rows ? report_task_row_name(b->rows[i], name, sizeof(name)) : "合计", 0},
            {NULL, (double)k->total},
            {NULL, (double)k->overdue},
            {NULL, (double)k->in_progress},
            {NULL, (double)k->not_begun},
            {NULL, (double)k->done},
        };
        xlsx_row(ws, cells, i == b->n_rows);
    }
    /* The chart: each row's share of teams done, the board's own as the line. */
    struct xlsx_point *points = xcalloc(b->n_rows + 1, sizeof(*points));
    char(*names)[160] = xcalloc(b->n_rows + 1, sizeof(*names));
    for (size_t i = 0; i < b->n_rows; i++)
        points[i] =
            (struct xlsx_point){report_task_row_name(b->rows[i], names[i], sizeof(names[i])),
                                report_share(b->rows[i]->counts->done, b->rows[i]->counts->total)};
    char what[300];
    snprintf(what, sizeof(what), "督办任务“%s”办结率", b->title);
    report_rate_chart(wb, unit, what, "单位或工作队", "办结率", points, b->n_rows,
                      report_share(b->counts->done, b->counts->total));
    free(points);
    free(names);
    return xlsx_close(wb) == 0 ? 0 : 1;
}
