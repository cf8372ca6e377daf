/* team/store.h -- the statements for work teams and memberships (defined, and so registered, in
 * store.c). */
#ifndef ZHUCUN_TEAM_STORE_H
#define ZHUCUN_TEAM_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_team_create;
extern const struct db_statement store_team_rows;
extern const struct db_statement store_team_assign;
extern const struct db_statement store_team_recall;
extern const struct db_statement store_team_set_party_leader;

#endif
