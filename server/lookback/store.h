/* lookback/store.h -- the statements of the look-back (defined, and so registered, in
 * store.c). */
#ifndef ZHUCUN_LOOKBACK_STORE_H
#define ZHUCUN_LOOKBACK_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_lookback_campaign_create;
extern const struct db_statement store_lookback_review;
extern const struct db_statement store_lookback_campaigns;
extern const struct db_statement store_lookback_reviews;
extern const struct db_statement store_lookback_progress;
extern const struct db_statement store_project_import;

#endif
