/* org/store.h -- the statements for the organisation tree (defined, and so registered, in store.c).
 */
#ifndef ZHUCUN_ORG_STORE_H
#define ZHUCUN_ORG_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_org_show;
extern const struct db_statement store_org_children;
extern const struct db_statement store_org_search;
extern const struct db_statement store_org_create;
extern const struct db_statement store_org_update;
extern const struct db_statement store_org_import;

#endif
