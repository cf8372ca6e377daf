/* construction.h -- a project's construction and its disbursements (SPEC P2; issue 21): the
 * checks of the calls, once, for the server's handlers and the clients
 * (docs/construction.md), and the status of a task on a day.
 *
 * The database holds what needs rows (0105_construction.sql): the project in scope and open,
 * a percent not below the last report's, the money within the budget and the progress. The
 * limits below are also the database's CHECKs where a column holds them. */
#ifndef ZHUCUN_RULES_CONSTRUCTION_H
#define ZHUCUN_RULES_CONSTRUCTION_H

#include <stdint.h>

#include "construction.pb-c.h"

/* Texts, in characters (the database's CHECKs count the same). */
#define BUILD_FOCUS_MAX     1000
#define BUILD_TASK_NAME_MAX 200
#define BUILD_PERSON_MAX    100 /* a task's person responsible, a payee */
#define BUILD_NARRATIVE_MAX 2000
#define BUILD_REASON_MAX    500 /* a correction's reason, a note */
#define BUILD_INDICATOR_MAX 200
#define BUILD_UNIT_MAX      20
/* Years a project's focus may name. */
#define BUILD_YEAR_MIN 2013
#define BUILD_YEAR_MAX 2100
/* A target's and a monitored value's magnitude (numeric(16, 2)). */
#define BUILD_VALUE_MAX 1e13
/* Photos of one progress report, evidence of one disbursement: at most
 * ATTACH_FILES_PER_RECORD_MAX (20), each a SHA-256 of 32 bytes (common/rules/attach.h). */
/* One disbursement: at most the largest budget a project may have (0100: 10^11 fen). */
#define BUILD_AMOUNT_MAX 100000000000LL
/* DisbursementList. */
#define DISBURSEMENT_LIST_DEFAULT 200
#define DISBURSEMENT_LIST_MAX     2000
/* ProjectBuildList. */
#define BUILD_LIST_DEFAULT 200
#define BUILD_LIST_MAX     2000

/* A task's status on day today (days since 1970-01-01) from its dates (days, -1: none). */
enum build_task_status {
    BUILD_TASK_NOT_STARTED = 0,
    BUILD_TASK_IN_PROGRESS = 1,
    BUILD_TASK_DONE = 2,
    BUILD_TASK_LATE = 3, /* not done past its planned end, or not started past its start */
};
enum build_task_status rules_build_task_status(int planned_start, int planned_end, int actual_start,
                                               int actual_end, int today);
/* The status's code as the server sends it ("not_started", ...) and its label (未开始 ...). */
const char *rules_build_task_status_code(enum build_task_status s);
const char *rules_build_task_status_label(const char *code);

/* Each: NULL when the body may be sent, else the message with *field the field it concerns.
 * today: days since 1970-01-01 (Shanghai), for the dates that may not lie ahead. */
const char *rules_build_focus_problem(const Zhucun__ProjectFocusSet *in, const char **field);
const char *rules_build_task_add_problem(const Zhucun__ProjectTaskAdd *in, int today,
                                         const char **field);
const char *rules_build_task_update_problem(const Zhucun__ProjectTaskUpdate *in, int today,
                                            const char **field);
const char *rules_build_progress_problem(const Zhucun__ProjectProgressReport *in, int today,
                                         const char **field);
const char *rules_build_target_set_problem(const Zhucun__ProjectTargetSet *in, const char **field);
const char *rules_build_target_monitor_problem(const Zhucun__ProjectTargetMonitor *in, int today,
                                               const char **field);
const char *rules_build_disbursement_problem(const Zhucun__DisbursementRequest *in,
                                             const char **field);
const char *rules_build_disbursement_list_problem(const Zhucun__DisbursementList *in,
                                                  const char **field);
const char *rules_build_list_problem(const Zhucun__ProjectBuildList *in, const char **field);

#endif
