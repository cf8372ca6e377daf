/* policy/store.h -- the statements of policy delivery (defined, and so registered, in
 * store.c). */
#ifndef ZHUCUN_POLICY_STORE_H
#define ZHUCUN_POLICY_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_quiz_create;
extern const struct db_statement store_quiz_score;
extern const struct db_statement store_quiz_show;
extern const struct db_statement store_quiz_report;
extern const struct db_statement store_video_record;
extern const struct db_statement store_broadcast_record;
extern const struct db_statement store_video_list;
extern const struct db_statement store_broadcast_list;

#endif
