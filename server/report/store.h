/* report/store.h -- the statements for the visit compliance report (defined, and so registered, in
 * store.c). */
#ifndef ZHUCUN_REPORT_STORE_H
#define ZHUCUN_REPORT_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_report_rules;
extern const struct db_statement store_report_by_org;
extern const struct db_statement store_report_by_team;
extern const struct db_statement store_report_by_cadre;
extern const struct db_statement store_report_by_household;
extern const struct db_statement store_report_by_village;

#endif
