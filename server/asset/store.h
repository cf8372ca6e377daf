/* asset/store.h -- the statements of project assets and public-welfare posts (defined, and
 * so registered, in store.c). */
#ifndef ZHUCUN_ASSET_STORE_H
#define ZHUCUN_ASSET_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_asset_set;
extern const struct db_statement store_asset_maintain;
extern const struct db_statement store_asset_income;
extern const struct db_statement store_welfare_post_set;
extern const struct db_statement store_welfare_post_end;
extern const struct db_statement store_asset_list;
extern const struct db_statement store_asset_upkeep;
extern const struct db_statement store_asset_incomes;
extern const struct db_statement store_welfare_post_list;
extern const struct db_statement store_asset_dividends;

#endif
