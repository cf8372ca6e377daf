/* allowance/store.h -- the statements of the allowance statements (defined, and so registered,
 * in store.c). */
#ifndef ZHUCUN_ALLOWANCE_STORE_H
#define ZHUCUN_ALLOWANCE_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_allowance_compute;
extern const struct db_statement store_allowance_confirm;
extern const struct db_statement store_allowance_submit;
extern const struct db_statement store_allowance_correct;
extern const struct db_statement store_allowance_list;
extern const struct db_statement store_allowance_show;
extern const struct db_statement store_allowance_rate_set;
extern const struct db_statement store_allowance_rate_list;

#endif
