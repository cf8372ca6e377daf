/* ledger/store.h -- the statements of the ledgers and the board (defined, and so registered,
 * in store.c). */
#ifndef ZHUCUN_LEDGER_STORE_H
#define ZHUCUN_LEDGER_STORE_H

#include "server/core/db.h"

/* The columns of one item, as ledger_item_from_row reads them (handlers.c). */
#define LEDGER_ITEM_NCOLS 22

extern const struct db_statement store_ledger_item_create;
extern const struct db_statement store_ledger_item_update;
extern const struct db_statement store_ledger_from_gaps;
extern const struct db_statement store_ledger_item_show;
extern const struct db_statement store_ledger_list;
extern const struct db_statement store_ledger_board;

#endif
