/* report_xlsx.h -- the visit compliance report as an Excel workbook: one layout for
 * `zhucun report visits --xlsx` and zhucun-desk's export (sheets 走访考核 and 按规则). */
#ifndef ZHUCUN_CLI_REPORT_XLSX_H
#define ZHUCUN_CLI_REPORT_XLSX_H

#include "visit.pb-c.h"

/* What a row of a report grouped by `by` is: 单位, 工作队, 队员, 户主. */
const char *report_row_kind(const char *by);

/* Met over due (0 when nothing is due). */
double report_rate(const Zhucun__VisitReportRow *r);

/* Writes v to path. Returns 0, or 1 after printing why. */
int report_visits_xlsx(const char *path, const Zhucun__VisitReportReply *v);

#endif
