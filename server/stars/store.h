/* stars/store.h -- the statements of stars and a cadre's points (defined, and so registered,
 * in store.c). */
#ifndef ZHUCUN_STARS_STORE_H
#define ZHUCUN_STARS_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_stars_compute;
extern const struct db_statement store_stars_adjust;
extern const struct db_statement store_filing_submit;
extern const struct db_statement store_stars_status;
extern const struct db_statement store_stars_list;
extern const struct db_statement store_stars_codes;
extern const struct db_statement store_cadre_points_rate;
extern const struct db_statement store_cadre_points_add;
extern const struct db_statement store_cadre_points_history;
extern const struct db_statement store_cadre_points_ranking;

#endif
