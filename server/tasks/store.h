/* tasks/store.h -- the statements of the tasks sent down (defined, and so registered, in
 * store.c). */
#ifndef ZHUCUN_TASKS_STORE_H
#define ZHUCUN_TASKS_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_task_send;
extern const struct db_statement store_task_report;
extern const struct db_statement store_task_ledger;
extern const struct db_statement store_task_list;
extern const struct db_statement store_task_show;
extern const struct db_statement store_task_sent;
extern const struct db_statement store_task_board;

#endif
