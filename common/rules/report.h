/* report.h -- pure rules for the compliance reports (SPEC R1, V6): the visit report's month
 * (VisitReport), the duty report's span and rules (DutyReport), how their rows are grouped,
 * how many they list, and a due list's reach (DutiesDue). The server (authoritative) and the
 * clients (before sending) check with these, so both refuse in the same words. */
#ifndef ZHUCUN_RULES_REPORT_H
#define ZHUCUN_RULES_REPORT_H

#include <stddef.h>

#define REPORT_HOUSEHOLDS_MAX 5000 /* rows one page of the report lists at most */

/* How the report's rows are grouped. */
enum report_by {
    BY_ORG,       /* one row per child unit */
    BY_TEAM,      /* one per team */
    BY_CADRE,     /* one per cadre */
    BY_HOUSEHOLD, /* one per household (a village's default) */
    BY_VILLAGE,   /* one per village of the unit, with its location (the desk's map) */
};

/* NULL when period is a month "YYYY-MM" no later than the month of today (a day number,
 * date.h); else a message for people. */
const char *rules_report_period_problem(const char *period, int today);

/* ---- A report's trend (zhucun report visits --trend FROM..TO, docs/cli.md) ---- */

#define REPORT_TREND_MONTHS_MAX 36 /* months one trend covers at most: a call each */

/* NULL when trend is "YYYY-MM..YYYY-MM", the first month no later than the second and at most
 * REPORT_TREND_MONTHS_MAX months in all; the first month goes to *year and *month (1-12), how
 * many to *months. Else a message for people (the field is "trend"); each month is checked
 * against today by rules_report_period_problem when its report is asked for. */
const char *rules_report_trend_problem(const char *trend, int *year, int *month, int *months);

/* The i-th month (0 the first) of a trend beginning in year-month (1-12), as "YYYY-MM": the
 * period of that month's report (the CLI's --trend and the desk's trend view). */
void rules_report_trend_period(int year, int month, int i, char out[8]);

/* The five-days-four-nights report's trend (the desk's attendance trend view): one report a
 * week, ISO weeks "YYYY-Www..YYYY-Www". */
#define REPORT_TREND_WEEKS_MAX 26 /* weeks one trend covers at most (half a year): a call each */

/* NULL when trend is "YYYY-Www..YYYY-Www", the first week no later than the second and at
 * most REPORT_TREND_WEEKS_MAX weeks in all; the first week's Monday (a day number) goes to
 * *monday, how many weeks to *weeks. Else a message for people (the field is "trend"). */
const char *rules_report_week_trend_problem(const char *trend, int *monday, int *weeks);

/* NULL when the report of a unit at level (enum org_level) may be grouped by: "" (by child
 * unit, or by household for a village), "org", "team", "cadre", "household" or "village";
 * grouping by team, cadre or household is for a county and below, by village for a city (a
 * few thousand villages) and below but above a village, and a village has no child units. The
 * grouping goes to *out. Else a message for people (the field is "by"). */
const char *rules_report_by_problem(const char *by, int level, enum report_by *out);

/* ---- The duty report (DutyReport) and due list (DutiesDue): every rule row ---- */

#define DUTY_REPORT_RULES_MAX    32   /* rule codes one DutyReport names at most */
#define DUTIES_DUE_LOOKBACK_DAYS 62   /* a due list reaches back over periods ended this long ago */
#define DUTIES_DUE_DEFAULT       500  /* unmet duties a due list lists unless told */
#define DUTIES_DUE_MAX           5000 /* ... and at most */

#define DUTY_CODE_PROBLEM "规则代码应如 V1、A2、T2、M8-video、G1-county"

/* NULL when period names a span of a duty report that begins no later than today (a day
 * number): "YYYY-MM-DD" a day, "YYYY-Www" an ISO week, "YYYY-MM" a month, "YYYY-Qn" a quarter
 * (1-4), "YYYY-Hn" a half year (1-2), "YYYY" a year; its first and last day go to *first and
 * *last. Else a message for people (the field is "period"). */
const char *rules_duty_span_problem(const char *period, int today, int *first, int *last);

/* 1 when code has the shape of a duty rule's code: a capital letter, up to seven more capitals
 * or digits, and optionally '-' and a lower-case word (V1, A2, M8-video, G1-county); the codes
 * themselves are rows (duty_rules), not a list here. */
int rules_duty_code_ok(const char *code);

/* NULL when the duty report of a unit at level (enum org_level) may be grouped by: "" (by child
 * unit; by team for a village), "org", "team" or "cadre"; grouping by team or cadre is for a
 * county and below, and a village has no child units. The grouping goes to *out. Else a
 * message for people (the field is "by"). */
const char *rules_duty_by_problem(const char *by, int level, enum report_by *out);

/* met over due, 0 when nothing is due. */
double rules_duty_rate(unsigned met, unsigned due);

#endif
