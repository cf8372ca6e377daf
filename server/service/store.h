/* service/store.h -- the statements of service cases and disputes (defined, and so registered,
 * in store.c). */
#ifndef ZHUCUN_SERVICE_STORE_H
#define ZHUCUN_SERVICE_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_service_case_create;
extern const struct db_statement store_service_case_category;
extern const struct db_statement store_service_case_step;
extern const struct db_statement store_service_case_close;
extern const struct db_statement store_service_household;
extern const struct db_statement store_service_case_list;
extern const struct db_statement store_service_case_show;
extern const struct db_statement store_service_report;
extern const struct db_statement store_contest_round_open;
extern const struct db_statement store_contest_enter;
extern const struct db_statement store_contest_result;
extern const struct db_statement store_contest_team;
extern const struct db_statement store_contest_rounds;
extern const struct db_statement store_contest_entries;

/* The columns of a case as list and show read them (SERVICE_CASE_COLUMNS, store.c), in
 * order: what service/handlers.c's case_from_row reads. */
#define SERVICE_CASE_NCOLUMNS 19

#endif
