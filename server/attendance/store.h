/* attendance/store.h -- the statements for check-ins, official business and attendance (defined,
 * and so registered, in store.c). */
#ifndef ZHUCUN_ATTENDANCE_STORE_H
#define ZHUCUN_ATTENDANCE_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_checkin_context;
extern const struct db_statement store_checkin_create;
extern const struct db_statement store_official_business_record;
extern const struct db_statement store_attendance_week;
extern const struct db_statement store_attendance_report;
extern const struct db_statement store_official_business_list;

#endif
