/* monitoring.h -- the checks of the monitoring calls (SPEC M1, M4; docs/monitoring.md): the
 * codes of kinds, ways found, risk types and measure kinds with their names for people, and
 * one function per call that the server's handler and the client library both run.
 *
 * Each *_problem function returns NULL when the body passes, or the first problem found, in
 * the order the server checks, with *field the request field it concerns (for a repeated
 * part, "risks[2].text", written into buf). today is the day number of the caller's today
 * (zc_clock_today). */
#ifndef ZHUCUN_RULES_MONITORING_H
#define ZHUCUN_RULES_MONITORING_H

#include <stddef.h>

#include "monitoring.pb-c.h"

#define MONITOR_RISKS_MAX     12  /* risks given when entering: one of each type at most */
#define MONITOR_RISK_TEXT_MAX 200 /* an "other" risk's text, bytes */
#define MONITOR_TEXT_MAX      500 /* notes, descriptions, outcomes, evidence, bytes */
#define MONITOR_LIST_DEFAULT  500 /* MonitorList, MonitorStale rows per page */
#define MONITOR_LIST_MAX      5000

/* The codes, each with its name for people (NULL for a code that is not one). */
const char *rules_monitor_kind_name(const char *kind);         /* unstable, marginal, sudden */
const char *rules_monitor_found_by_name(const char *found_by); /* application, screening, warning */
const char *rules_monitor_risk_name(const char *risk);         /* illness ... other */
const char *rules_monitor_measure_name(const char *kind);      /* industry ... other */
const char *rules_monitor_status_name(const char *status);     /* pending ... eliminated */

/* The codes in order, NULL-terminated (for forms and usage). */
extern const char *const rules_monitor_kinds[];
extern const char *const rules_monitor_found_bys[];
extern const char *const rules_monitor_risks[];
extern const char *const rules_monitor_measures[];

const char *rules_monitor_enter_problem(const Zhucun__MonitorEnter *in, int today, char *buf,
                                        size_t cap, const char **field);
const char *rules_monitor_risk_add_problem(const Zhucun__MonitorRiskAdd *in, int today,
                                           const char **field);
const char *rules_monitor_risk_close_problem(const Zhucun__MonitorRiskClose *in, int today,
                                             const char **field);
const char *rules_measure_add_problem(const Zhucun__MeasureAdd *in, int today, const char **field);
const char *rules_measure_close_problem(const Zhucun__MeasureClose *in, int today,
                                        const char **field);
const char *rules_monitor_review_problem(const Zhucun__MonitorReview *in, int today,
                                         const char **field);
const char *rules_monitor_sign_off_problem(const Zhucun__MonitorSignOff *in, const char **field);
const char *rules_monitor_show_problem(const Zhucun__MonitorShow *in, const char **field);
const char *rules_monitor_list_problem(const Zhucun__MonitorList *in, const char **field);
const char *rules_monitor_stale_problem(const Zhucun__MonitorStale *in, const char **field);

/* The page size a list asks for: limit, or the default for 0. */
unsigned rules_monitor_limit(unsigned limit);

#endif
