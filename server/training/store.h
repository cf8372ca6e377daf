/* training/store.h -- the statements of training, study and the units' supervision (defined,
 * and so registered, in store.c). */
#ifndef ZHUCUN_TRAINING_STORE_H
#define ZHUCUN_TRAINING_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_study_record;
extern const struct db_statement store_study_list;
extern const struct db_statement store_study_missed;
extern const struct db_statement store_training_session_add;
extern const struct db_statement store_training_attend;
extern const struct db_statement store_training_sessions;
extern const struct db_statement store_training_untrained;
extern const struct db_statement store_unit_supervision_record;
extern const struct db_statement store_unit_supervision_list;
extern const struct db_statement store_units_behind;

#endif
