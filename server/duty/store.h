/* duty/store.h -- the statements for the duty report and the due list (defined, and so
 * registered, in store.c). */
#ifndef ZHUCUN_DUTY_STORE_H
#define ZHUCUN_DUTY_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_duty_head;
extern const struct db_statement store_duty_by_org;
extern const struct db_statement store_duty_by_team;
extern const struct db_statement store_duty_by_cadre;
extern const struct db_statement store_duties_due;

#endif
