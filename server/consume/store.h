/* consume/store.h -- the statements of consumption assistance (defined, and so registered, in
 * store.c). */
#ifndef ZHUCUN_CONSUME_STORE_H
#define ZHUCUN_CONSUME_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_purchase_record;
extern const struct db_statement store_contract_record;
extern const struct db_statement store_purchase_list;
extern const struct db_statement store_contract_list;
extern const struct db_statement store_quota_progress;

#endif
