/* report.c -- the reports' spans and groupings (report.h). */
#include "common/rules/report.h"

#include <stdio.h>
#include <string.h>

#include "common/rules/account.h"
#include "common/rules/attendance.h"
#include "common/rules/date.h"
#include "common/rules/visits.h"

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

/* 0 and the month as y * 12 + (m - 1) in *out when s is a month "YYYY-MM"; else -1. */
static int trend_month(const char *s, int *out)
{
    char day[11];
    int y, m, d;
    if (snprintf(day, sizeof(day), "%.7s-01", s) != 10 || rules_date_parse(day, &y, &m, &d) != 0)
        return -1;
    *out = y * 12 + (m - 1);
    return 0;
}

const char *rules_report_trend_problem(const char *trend, int *year, int *month, int *months)
{
    const char *dots = strstr(trend, "..");
    int from, to;
    if (dots == NULL || dots - trend != 7 || strlen(dots + 2) != 7 || trend_month(trend, &from) ||
        trend_month(dots + 2, &to))
        return "趋势应为 起始月..结束月，如 2026-01..2026-06";
    if (from > to)
        return "趋势的起始月不能晚于结束月";
    if (to - from + 1 > REPORT_TREND_MONTHS_MAX)
        return "趋势最多 36 个月";
    *year = from / 12;
    *month = from % 12 + 1;
    *months = to - from + 1;
    return NULL;
}

void rules_report_trend_period(int year, int month, int i, char out[8])
{
    /* Months counted from year 0, never negative for the years the rules accept. */
    unsigned k = (unsigned)(year * 12 + (month - 1) + i);
    snprintf(out, 8, "%04u-%02u", (k / 12) % 10000, k % 12 + 1);
}

const char *rules_report_week_trend_problem(const char *trend, int *monday, int *weeks)
{
    const char *dots = strstr(trend, "..");
    char from[9];
    int first, last;
    if (dots == NULL || dots - trend != 8 || snprintf(from, sizeof(from), "%.8s", trend) != 8 ||
        rules_week_parse(from, &first) != 0 || rules_week_parse(dots + 2, &last) != 0)
        return "趋势应为 起始周..结束周，如 2026-W40..2026-W48";
    if (first > last)
        return "趋势的起始周不能晚于结束周";
    if ((last - first) / 7 + 1 > REPORT_TREND_WEEKS_MAX)
        return "趋势最多 26 周";
    *monday = first;
    *weeks = (last - first) / 7 + 1;
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
    else if (strcmp(by, "village") == 0)
        *out = BY_VILLAGE;
    else
        return "分组应为 org（下级单位）、team、cadre、household 或 village（各村）";
    if (*out == BY_ORG && level == ORG_VILLAGE)
        return "行政村没有下级单位：请按 team、cadre 或 household 查看";
    if (*out == BY_VILLAGE && level == ORG_VILLAGE)
        return "按村查看须选择行政村以上的单位：行政村请按 household 查看";
    /* A province holds about 28,000 villages: one reply (and one map) a city at most. */
    if (*out == BY_VILLAGE)
        return level < ORG_CITY ? "按村查看须选择市级及以下单位（全省请先选市）" : NULL;
    /* Grouping below the county would read a whole city's or province's rows at once. */
    if (*out != BY_ORG && level < ORG_COUNTY)
        return "按工作队、队员或农户查看须选择县级及以下单位（上级请逐级下钻）";
    return NULL;
}

/* The span named by period, or -1. */
static int duty_span(const char *period, int *first, int *last)
{
    size_t n = strlen(period);
    int y = n >= 4 ? rules_digits(period, 4) : -1;
    struct period p;
    if (y < 1900 || y > 2999 || (n > 4 && period[4] != '-'))
        return -1;
    if (n == 4) {
        p = rules_period_containing(PERIOD_YEAR, rules_days_from_civil(y, 1, 1));
    } else if (n == 7 && (period[5] == 'Q' || period[5] == 'H')) {
        int k = rules_digits(period + 6, 1), quarter = period[5] == 'Q';
        if (k < 1 || k > (quarter ? 4 : 2))
            return -1;
        int month = quarter ? (k - 1) * 3 + 1 : (k - 1) * 6 + 1;
        p = rules_period_containing(quarter ? PERIOD_QUARTER : PERIOD_HALF_YEAR,
                                    rules_days_from_civil(y, month, 1));
    } else if (n == 7) {
        int m = rules_digits(period + 5, 2);
        if (m < 1 || m > 12)
            return -1;
        p = rules_period_containing(PERIOD_MONTH, rules_days_from_civil(y, m, 1));
    } else if (n == 8 && period[5] == 'W') {
        if (rules_week_parse(period, &p.first) != 0)
            return -1;
        p.last = p.first + 6;
    } else if (n == 10) {
        int ok = 1;
        p.first = p.last = rules_date_days(period, &ok);
        if (!ok)
            return -1;
    } else {
        return -1;
    }
    *first = p.first;
    *last = p.last;
    return 0;
}

const char *rules_duty_span_problem(const char *period, int today, int *first, int *last)
{
    if (duty_span(period, first, last) != 0)
        return "统计期间应为 YYYY-MM-DD、YYYY-Www、YYYY-MM、YYYY-Qn、YYYY-Hn 或 YYYY，"
               "如 2026-11、2026-W48、2026-Q4";
    if (*first > today)
        return "统计期间不能晚于今天开始";
    return NULL;
}

int rules_duty_code_ok(const char *code)
{
    size_t i = 0;
    if (!(code[0] >= 'A' && code[0] <= 'Z'))
        return 0;
    for (i = 1; i < 8 && ((code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9'));
         i++)
        ;
    if (code[i] == '\0')
        return 1;
    if (code[i] != '-' || !(code[i + 1] >= 'a' && code[i + 1] <= 'z'))
        return 0;
    size_t word = 0;
    for (i++;
         (code[i] >= 'a' && code[i] <= 'z') || (code[i] >= '0' && code[i] <= '9') || code[i] == '_';
         i++)
        word++;
    return code[i] == '\0' && word <= 16;
}

const char *rules_duty_by_problem(const char *by, int level, enum report_by *out)
{
    if (by[0] == '\0')
        *out = level == ORG_VILLAGE ? BY_TEAM : BY_ORG;
    else if (strcmp(by, "org") == 0)
        *out = BY_ORG;
    else if (strcmp(by, "team") == 0)
        *out = BY_TEAM;
    else if (strcmp(by, "cadre") == 0)
        *out = BY_CADRE;
    else
        return "分组应为 org（下级单位）、team 或 cadre";
    if (*out == BY_ORG && level == ORG_VILLAGE)
        return "行政村没有下级单位：请按 team 或 cadre 查看";
    /* Grouping below the county would judge a whole city's or province's subjects at once. */
    if (*out != BY_ORG && level < ORG_COUNTY)
        return "按工作队或队员查看须选择县级及以下单位（上级请逐级下钻）";
    return NULL;
}

double rules_duty_rate(unsigned met, unsigned due)
{
    return due ? (double)met / due : 0.0;
}
