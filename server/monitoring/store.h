/* monitoring/store.h -- the statements of the monitoring calls (defined, and so registered, in
 * store.c; the functions in 0055_monitoring.sql). */
#ifndef ZHUCUN_MONITORING_STORE_H
#define ZHUCUN_MONITORING_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_monitor_enter;
extern const struct db_statement store_monitor_risk_add;
extern const struct db_statement store_monitor_risk_close;
extern const struct db_statement store_measure_add;
extern const struct db_statement store_measure_close;
extern const struct db_statement store_monitor_review;
extern const struct db_statement store_monitor_sign_off;
extern const struct db_statement store_monitor_show;
extern const struct db_statement store_monitor_list;
extern const struct db_statement store_monitor_stale;

#endif
