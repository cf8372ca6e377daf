/* report.h -- pure rules for the visit report (SPEC R1, VisitReport): the month it covers,
 * how its rows are grouped, and how many it lists. The server (authoritative) and the
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
};

/* NULL when period is a month "YYYY-MM" no later than the month of today (a day number,
 * date.h); else a message for people. */
const char *rules_report_period_problem(const char *period, int today);

/* NULL when the report of a unit at level (enum org_level) may be grouped by: "" (by child
 * unit, or by household for a village), "org", "team", "cadre" or "household"; grouping by
 * team, cadre or household is for a county and below, and a village has no child units. The
 * grouping goes to *out. Else a message for people (the field is "by"). */
const char *rules_report_by_problem(const char *by, int level, enum report_by *out);

#endif
