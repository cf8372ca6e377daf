/* notices/store.h -- the statements of notices (defined, and so registered, in store.c). */
#ifndef ZHUCUN_NOTICES_STORE_H
#define ZHUCUN_NOTICES_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_notice_send;
extern const struct db_statement store_notice_list;
extern const struct db_statement store_notice_show;
extern const struct db_statement store_notice_reply;
extern const struct db_statement store_notice_sent;
extern const struct db_statement store_notice_report;
extern const struct db_statement store_notice_pending;
extern const struct db_statement store_notice_remind;
extern const struct db_statement store_notice_count;

#endif
