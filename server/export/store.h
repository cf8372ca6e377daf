/* export/store.h -- the statements for exports (defined, and so registered, in store.c). */
#ifndef ZHUCUN_EXPORT_STORE_H
#define ZHUCUN_EXPORT_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_export_org_units;
extern const struct db_statement store_export_units;
extern const struct db_statement store_export_teams;
extern const struct db_statement store_export_memberships;
extern const struct db_statement store_export_households;
extern const struct db_statement store_export_members;
extern const struct db_statement store_export_visits;
extern const struct db_statement store_export_follow_up_items;
extern const struct db_statement store_export_checkins;
extern const struct db_statement store_export_official_business;
extern const struct db_statement store_export_leave_requests;
extern const struct db_statement store_export_approvals;
extern const struct db_statement store_export_approval_steps;
extern const struct db_statement store_export_recall_requests;
extern const struct db_statement store_export_audit;
extern const struct db_statement store_export_tombstones;
extern const struct db_statement store_export_snapshot;

#endif
