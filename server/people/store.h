/* people/store.h -- the statements for dispatching units and accounts (defined, and so registered,
 * in store.c). */
#ifndef ZHUCUN_PEOPLE_STORE_H
#define ZHUCUN_PEOPLE_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_unit_create;
extern const struct db_statement store_unit_show;
extern const struct db_statement store_unit_list;
extern const struct db_statement store_unit_update;
extern const struct db_statement store_user_add;
extern const struct db_statement store_user_show;
extern const struct db_statement store_user_disable;
extern const struct db_statement store_user_reset_password;
extern const struct db_statement store_user_grant;

#endif
