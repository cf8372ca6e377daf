/* assess/store.h -- the statements of the quarterly assessment (defined, and so registered,
 * in store.c). */
#ifndef ZHUCUN_ASSESS_STORE_H
#define ZHUCUN_ASSESS_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_assess_round_open;
extern const struct db_statement store_assess_score_set;
extern const struct db_statement store_assess_state;
extern const struct db_statement store_assess_rank;
extern const struct db_statement store_assess_override;
extern const struct db_statement store_assess_submit;
extern const struct db_statement store_assess_show_head;
extern const struct db_statement store_assess_show_results;
extern const struct db_statement store_assess_list;
extern const struct db_statement store_assess_ranking;

#endif
