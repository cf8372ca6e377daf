/* report.c -- the visit report's month and grouping (report.h). */
#include "common/rules/report.h"

#include <stdio.h>
#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"

const char *rules_report_period_problem(const char *period, int today)
{
    int y, m, d;
    char first[11], day[11];
    if (strlen(period) != 7 || snprintf(first, sizeof(first), "%s-01", period) != 10 ||
        rules_date_parse(first, &y, &m, &d) != 0)
        return "统计月份应为 YYYY-MM，如 2026-11";
    rules_date_format(today, day);
    if (strncmp(first, day, 7) > 0)
        return "统计月份不能晚于本月";
    return NULL;
}

const char *rules_report_by_problem(const char *by, int level, enum report_by *out)
{
    if (by[0] == '\0')
        *out = level == ORG_VILLAGE ? BY_HOUSEHOLD : BY_ORG;
    else if (strcmp(by, "org") == 0)
        *out = BY_ORG;
    else if (strcmp(by, "team") == 0)
        *out = BY_TEAM;
    else if (strcmp(by, "cadre") == 0)
        *out = BY_CADRE;
    else if (strcmp(by, "household") == 0)
        *out = BY_HOUSEHOLD;
    else
        return "分组应为 org（下级单位）、team、cadre 或 household";
    if (*out == BY_ORG && level == ORG_VILLAGE)
        return "行政村没有下级单位：请按 team、cadre 或 household 查看";
    /* Grouping below the county would read a whole city's or province's rows at once. */
    if (*out != BY_ORG && level < ORG_COUNTY)
        return "按工作队、队员或农户查看须选择县级及以下单位（上级请逐级下钻）";
    return NULL;
}
