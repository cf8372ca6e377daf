/* visit/store.h -- the statements for visits, due lists and follow-up items (defined, and so
 * registered, in store.c). */
#ifndef ZHUCUN_VISIT_STORE_H
#define ZHUCUN_VISIT_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_visit_create;
extern const struct db_statement store_visit_rules;
extern const struct db_statement store_visit_due_households;
extern const struct db_statement store_follow_up_list;
extern const struct db_statement store_follow_up_team_visible;
extern const struct db_statement store_follow_up_update;

#endif
