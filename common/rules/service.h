/* service.h -- service cases and disputes (精细化服务, SPEC S1): the categories with their
 * names, subkinds and money limits, and the checks of every service call, once, for the
 * server's handlers and the clients (docs/services.md).
 *
 * The database holds what needs rows (0080_service_cases.sql): the household and member in
 * scope, a step's order and date against the case, closing once. Its CHECKs repeat the lists
 * below as the last line of defence; service_cases_categories in test_services holds the two
 * together. */
#ifndef ZHUCUN_RULES_SERVICE_H
#define ZHUCUN_RULES_SERVICE_H

#include <stddef.h>
#include <stdint.h>

#include "service.pb-c.h"

#define SERVICE_TEXT_MAX     500 /* summary, step note, outcome: characters */
#define SERVICE_EVIDENCE_MAX 20  /* files one request links */
#define SERVICE_SHA256_LEN   32
/* The lists: cases in one answer; the first year a case may be opened or counted in. */
#define SERVICE_LIST_DEFAULT 500
#define SERVICE_LIST_MAX     5000
#define SERVICE_FIRST_YEAR   2013

/* A category of case. money_max_fen: the most one case may pay or grant, 0 for a category
 * that carries no money. subkinds: the kinds the category needs (NULL: none). */
struct service_category {
    const char *code;
    const char *name;
    long long money_max_fen;
    const char *const *subkinds;
    const char *const *subkind_names;
};

extern const struct service_category service_categories[];
extern const size_t service_ncategories;

/* The category of a code, NULL for an unknown one. */
const struct service_category *rules_service_category(const char *code);

/* The Chinese name of a subkind of category, a step, a mediation result ("" unknown). */
const char *rules_service_subkind_name(const char *category, const char *subkind);
const char *rules_service_step_name(const char *step);
const char *rules_service_mediation_name(const char *mediation);

/* The report's groupings (village, unit, cadre, category, month): 1 when by is one. */
int rules_service_report_by_ok(const char *by);

/* The checks of each call's body, in order, with today's day number where dates may not be in
 * the future: NULL when it may be sent, else the message and *field the field it concerns. */
const char *rules_service_create_problem(const Zhucun__ServiceCaseCreate *in, int today,
                                         const char **field);
/* category: the case's (the handler reads it first, store_service_case_category); NULL where
 * it is not known (a client checking a body before sending it), which leaves out the checks
 * that need it: only a serious illness has the hospital steps; a dispute needs its mediation
 * result and nothing else has one; money only where the category carries it, up to its limit. */
const char *rules_service_step_problem(const Zhucun__ServiceCaseStep *in, const char *category,
                                       int today, const char **field);
const char *rules_service_close_problem(const Zhucun__ServiceCaseClose *in, const char *category,
                                        int today, const char **field);
const char *rules_service_list_problem(const Zhucun__ServiceCaseList *in, int today,
                                       const char **field);
const char *rules_service_report_problem(const Zhucun__ServiceReport *in, int today,
                                         const char **field);

/* ---- competitions (四、活动化提升, SPEC S3) ---- */

#define CONTEST_TITLE_MAX       100  /* a round's or an entry's title: characters */
#define CONTEST_DESCRIPTION_MAX 2000 /* an entry's description */
#define CONTEST_AWARD_MAX       50
#define CONTEST_RANK_MAX        1000
#define CONTEST_DAYS_MAX        366  /* a round takes entries for at most a year */
#define CONTEST_LIST_MAX        2000 /* entries in one answer */

/* The kinds of round, with their names (NULL-terminated, side by side). */
extern const char *const contest_kinds[];
extern const char *const contest_kind_names[];
/* The name of a kind ("" unknown). */
const char *rules_contest_kind_name(const char *kind);

const char *rules_contest_open_problem(const Zhucun__ContestRoundOpen *in, int today,
                                       const char **field);
const char *rules_contest_enter_problem(const Zhucun__ContestEnter *in, const char **field);
const char *rules_contest_result_problem(const Zhucun__ContestResult *in, const char **field);
const char *rules_contest_list_problem(const Zhucun__ContestList *in, int today,
                                       const char **field);

#endif
