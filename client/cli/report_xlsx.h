/* report_xlsx.h -- the reports as Excel workbooks, one layout each for the CLI's --xlsx and
 * zhucun-desk's export: visit compliance (sheets 走访考核, 按规则), five days four nights
 * (sheets 五天四夜, 按单位), the duty report (sheets 履职任务, 按规则) and a task board (督办). */
#ifndef ZHUCUN_CLI_REPORT_XLSX_H
#define ZHUCUN_CLI_REPORT_XLSX_H

#include <stddef.h>

#include "attendance.pb-c.h"
#include "duty.pb-c.h"
#include "tasks.pb-c.h"
#include "visit.pb-c.h"

struct xlsx_book;
struct xlsx_point;

/* What a row of a report grouped by `by` is: 单位, 工作队, 队员, 户主. */
const char *report_row_kind(const char *by);

/* Met over due (0 when nothing is due). */
double report_rate(const Zhucun__VisitReportRow *r);

/* part over whole (0 when whole is 0): the share of cadres who met five days four nights. */
double report_share(unsigned part, unsigned whole);

/* The chart sheet 图表 of a report in wb (xlsx_chart, XLSX_CHART_BARS): its rows' rates
 * (points, n of them) as columns, sorted, and average (the unit's own rate: the report's total
 * line) as a line; titled "org_name what（按kind）", kind also naming the category axis, and
 * rate_name (完成率, 达标率) the values. */
void report_rate_chart(struct xlsx_book *wb, const char *org_name, const char *what,
                       const char *kind, const char *rate_name, const struct xlsx_point *points,
                       size_t n, double average);

/* The chart sheet 图表 of a trend in wb (xlsx_chart, XLSX_CHART_TREND): points in the order
 * given (months, weeks) as a line titled title, axis naming the periods and rate_name the
 * values. */
void report_trend_chart(struct xlsx_book *wb, const char *title, const char *axis,
                        const char *rate_name, const struct xlsx_point *points, size_t n);

/* Writes v to path. Returns 0, or 1 after printing why. */
int report_visits_xlsx(const char *path, const Zhucun__VisitReportReply *v);

/* The five-days-four-nights report (sheets 五天四夜, 按单位) to path: `zhucun attendance
 * report --xlsx` and the desk's export. Returns 0, or 1 after printing why. */
int report_attendance_xlsx(const char *path, const Zhucun__AttendanceReportReply *a);

/* The duty report (sheets 履职任务, 按规则) to path: `zhucun report duties --xlsx`. Returns 0,
 * or 1 after printing why. */
int report_duties_xlsx(const char *path, const Zhucun__DutyReportReply *v);

/* A task board's row as the board names it: a team "name #id", a unit "name code". */
const char *report_task_row_name(const Zhucun__TaskBoardRow *r, char *buf, size_t len);

/* A task's board (sheet 督办, the total line bold) to path: `zhucun task board --xlsx` and the
 * desk's export. Returns 0, or 1 after printing why. */
int report_task_board_xlsx(const char *path, const Zhucun__TaskBoardReply *b);

#endif
