/* project/store.h -- the statements of projects (defined, and so registered, in store.c). */
#ifndef ZHUCUN_PROJECT_STORE_H
#define ZHUCUN_PROJECT_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_project_save;
extern const struct db_statement store_project_transition;
extern const struct db_statement store_project_list;
extern const struct db_statement store_project_show;
extern const struct db_statement store_project_board;

/* The columns of a project as list and show read them (PROJECT_COLUMNS, store.c), in order:
 * what handlers.c's project_from_row reads; the list adds the count of all that match. */
#define PROJECT_NCOLUMNS 24

#endif
