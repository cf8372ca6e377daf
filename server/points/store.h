/* points/store.h -- the statements of villager points (defined, and so registered, in
 * store.c). */
#ifndef ZHUCUN_POINTS_STORE_H
#define ZHUCUN_POINTS_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_points_deed_set;
extern const struct db_statement store_points_good_set;
extern const struct db_statement store_points_award;
extern const struct db_statement store_points_donate;
extern const struct db_statement store_points_redeem;
extern const struct db_statement store_points_correct;
extern const struct db_statement store_points_deeds;
extern const struct db_statement store_points_goods;
extern const struct db_statement store_points_household;
extern const struct db_statement store_points_movements;
extern const struct db_statement store_points_months;
extern const struct db_statement store_points_top;
extern const struct db_statement store_points_check;

#endif
