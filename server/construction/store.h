/* construction/store.h -- the statements of construction and disbursements (defined, and so
 * registered, in store.c). */
#ifndef ZHUCUN_CONSTRUCTION_STORE_H
#define ZHUCUN_CONSTRUCTION_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_build_focus_set;
extern const struct db_statement store_build_task_set;
extern const struct db_statement store_build_progress;
extern const struct db_statement store_build_target_set;
extern const struct db_statement store_build_target_monitor;
extern const struct db_statement store_build_disbursement;
extern const struct db_statement store_build_plan_head;
extern const struct db_statement store_build_project_seen;
extern const struct db_statement store_build_plan_tasks;
extern const struct db_statement store_build_plan_focus;
extern const struct db_statement store_build_plan_progress;
extern const struct db_statement store_build_plan_targets;
extern const struct db_statement store_build_disbursements;
extern const struct db_statement store_build_projects;

#endif
