/* income/store.h -- the statements of the income sums, plans and lists (defined, and so
 * registered, in store.c). */
#ifndef ZHUCUN_INCOME_STORE_H
#define ZHUCUN_INCOME_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_income_record;
extern const struct db_statement store_income_history;
extern const struct db_statement store_income_list_head;
extern const struct db_statement store_income_list;
extern const struct db_statement store_income_plan_set;
extern const struct db_statement store_income_plan_show;

#endif
