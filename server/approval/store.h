/* approval/store.h -- the statements for the approval queue, decisions, delegations and leave
 * (defined, and so registered, in store.c). */
#ifndef ZHUCUN_APPROVAL_STORE_H
#define ZHUCUN_APPROVAL_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_queue_list;
extern const struct db_statement store_decide;
extern const struct db_statement store_leave_request;
extern const struct db_statement store_leave_list;
extern const struct db_statement store_leave_person_visible;
extern const struct db_statement store_approval_steps;
extern const struct db_statement store_approval_history;
extern const struct db_statement store_approval_steps_all;
extern const struct db_statement store_leave_end;
extern const struct db_statement store_leave_resubmit;
extern const struct db_statement store_delegation_create;
extern const struct db_statement store_delegation_list;
extern const struct db_statement store_delegation_revoke;

#endif
