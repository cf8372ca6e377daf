/* household/store.h -- the statements for households (defined, and so registered, in store.c). */
#ifndef ZHUCUN_HOUSEHOLD_STORE_H
#define ZHUCUN_HOUSEHOLD_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_household_create;
extern const struct db_statement store_household_show;
extern const struct db_statement store_household_list;
extern const struct db_statement store_household_list_id;
extern const struct db_statement store_household_set_state;
extern const struct db_statement store_household_import;
extern const struct db_statement store_household_update;
extern const struct db_statement store_household_member_add;
extern const struct db_statement store_household_member_leave;

#endif
