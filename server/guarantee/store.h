/* guarantee/store.h -- the statements of the three guarantees, water and labour (defined, and
 * so registered, in store.c). */
#ifndef ZHUCUN_GUARANTEE_STORE_H
#define ZHUCUN_GUARANTEE_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_guarantee_record;
extern const struct db_statement store_guarantee_resolve;
extern const struct db_statement store_guarantee_members;
extern const struct db_statement store_guarantee_entries;
extern const struct db_statement store_guarantee_household_gaps;
extern const struct db_statement store_guarantee_gaps;
extern const struct db_statement store_labour_record;
extern const struct db_statement store_labour_list;

#endif
