/* inspect/store.h -- the statements of inspections and circulars (defined, and so
 * registered, in store.c). */
#ifndef ZHUCUN_INSPECT_STORE_H
#define ZHUCUN_INSPECT_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_inspection_record;
extern const struct db_statement store_finding_add;
extern const struct db_statement store_inspection_list;
extern const struct db_statement store_inspection_findings;
extern const struct db_statement store_circular_source;
extern const struct db_statement store_circular_issue;
extern const struct db_statement store_circular_cells;
extern const struct db_statement store_circular_render;
extern const struct db_statement store_circular_list;
extern const struct db_statement store_circular_get;

#endif
