/* project.h -- projects (项目化实施, SPEC P1; issue 21): the kinds, funding sources and states
 * with their names, the limits, and the checks of every project call, once, for the server's
 * handlers and the clients (docs/projects.md).
 *
 * The database holds what needs rows (0101_projects.sql): the villages and households in
 * scope, the unit, which details may change in which state, one open request a project, the
 * states' checks. Its tables of kinds, sources and states (0100) are the rows these lists
 * repeat; project_lists_agree in test_projects holds the two together. */
#ifndef ZHUCUN_RULES_PROJECT_H
#define ZHUCUN_RULES_PROJECT_H

#include <stddef.h>

#include "project.pb-c.h"

#define PROJECT_VILLAGES_MAX      20   /* villages one project serves */
#define PROJECT_BENEFICIARIES_MAX 500  /* named households */
#define PROJECT_NAME_MAX          200  /* characters */
#define PROJECT_RESPONSIBLE_MAX   100  /* characters of the responsible unit's name */
#define PROJECT_DESCRIPTION_MAX   2000 /* characters */
#define PROJECT_REASON_MAX        500  /* characters of a transition's reason */
#define PROJECT_TEXT_MAX          50   /* characters of the library's text filter */
#define PROJECT_EVIDENCE_MAX      20   /* files one request links */
#define PROJECT_SHA256_LEN        32
#define PROJECT_BUDGET_MAX_FEN    100000000000LL /* 1,000,000,000 yuan */
#define PROJECT_FIRST_YEAR        2013           /* 精准扶贫: the first project year recorded */
#define PROJECT_SPAN_DAYS_MAX     3653           /* planned_start to planned_end: ten years */
#define PROJECT_LIST_DEFAULT      100
#define PROJECT_LIST_MAX          1000
#define PROJECT_NSOURCES          7 /* project_sources[], the funds a budget has at most */
#define PROJECT_NKINDS            5 /* project_kinds[] */

/* The codes with their names, NULL-terminated, side by side (0100's rows, in their order). */
extern const char *const project_kinds[];
extern const char *const project_kind_names[];
extern const char *const project_sources[];
extern const char *const project_source_names[];
extern const char *const project_statuses[];
extern const char *const project_status_names[];
/* The library's orders: attention (default), year, budget, name. */
extern const char *const project_sorts[];

/* The name of a kind, source, state ("" unknown). */
const char *rules_project_kind_name(const char *code);
const char *rules_project_source_name(const char *code);
const char *rules_project_status_name(const char *code);

/* One share of a budget as people write it, "SOURCE=YUAN" (linkage=300000, county=12.5): the
 * source into source (cap bytes) and the amount in fen into *fen; NULL, or the message. The
 * CLI's --fund and the desk's funds field read it so. */
#define PROJECT_FUND_PROBLEM "资金应写作 来源=金额（元），如 linkage=300000"
const char *rules_project_fund_parse(const char *s, char *source, size_t cap, long long *fen);

/* The checks of each call's body, in order, with today's day number (the year may be at most
 * next year's): NULL when it may be sent, else the message and *field the field it concerns.
 * The details are ProjectCreate's and ProjectUpdate's (the latter's `details`). */
const char *rules_project_details_problem(const Zhucun__ProjectCreate *in, int today,
                                          const char **field);
const char *rules_project_update_problem(const Zhucun__ProjectUpdate *in, int today,
                                         const char **field);
const char *rules_project_transition_problem(const Zhucun__ProjectTransition *in,
                                             const char **field);
const char *rules_project_list_problem(const Zhucun__ProjectList *in, const char **field);
const char *rules_project_board_problem(const Zhucun__ProjectBoard *in, const char **field);

#endif
