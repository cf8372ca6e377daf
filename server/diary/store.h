/* diary/store.h -- the statements of the work diary (defined, and so registered, in store.c). */
#ifndef ZHUCUN_DIARY_STORE_H
#define ZHUCUN_DIARY_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_diary_write;
extern const struct db_statement store_diary_day;
extern const struct db_statement store_diary_list;
extern const struct db_statement store_diary_missing;

#endif
