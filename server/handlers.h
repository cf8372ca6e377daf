/* handlers.h -- the request handlers, one file per domain (handlers_<domain>.c). */
#ifndef ZHUCUN_HANDLERS_H
#define ZHUCUN_HANDLERS_H

#include "server/core/dispatch.h"

/* handlers_auth.c */
void handle_hello(struct request *r);
void handle_ping(struct request *r);
void handle_login(struct request *r);
void handle_logout(struct request *r);
void handle_whoami(struct request *r);
void handle_change_password(struct request *r);

/* handlers_org.c */
void handle_org_show(struct request *r);
void handle_org_children(struct request *r);
void handle_org_search(struct request *r);
void handle_org_create(struct request *r);
void handle_org_update(struct request *r);
void handle_org_import(struct request *r);

/* handlers_people.c */
void handle_unit_create(struct request *r);
void handle_unit_show(struct request *r);
void handle_unit_list(struct request *r);
void handle_unit_update(struct request *r);
void handle_user_add(struct request *r);
void handle_user_show(struct request *r);
void handle_user_disable(struct request *r);
void handle_user_reset_password(struct request *r);
void handle_user_grant(struct request *r);

/* handlers_team.c */
void handle_team_create(struct request *r);
void handle_team_show(struct request *r);
void handle_team_members(struct request *r);
void handle_team_assign(struct request *r);
void handle_team_recall(struct request *r);
void handle_team_set_party_leader(struct request *r);

/* handlers_household.c */
void handle_household_create(struct request *r);
void replay_household_create(struct request *r, const char *result);
void handle_household_show(struct request *r);
void handle_household_list(struct request *r);
void handle_household_set_state(struct request *r);
void handle_household_import(struct request *r);
void replay_household_import(struct request *r, const char *result);
void handle_household_update(struct request *r);
void handle_household_member_add(struct request *r);
void handle_household_member_leave(struct request *r);

/* handlers_visit.c */
void handle_visit_create(struct request *r);
void replay_visit_create(struct request *r, const char *result);
void handle_visits_due(struct request *r);

/* handlers_approval.c */
void handle_queue_list(struct request *r);
void handle_queue_follow(struct request *r);
void handle_decide(struct request *r);
void replay_decide(struct request *r, const char *result);
void handle_leave_request(struct request *r);
void replay_leave_request(struct request *r, const char *result);
void handle_leave_list(struct request *r);
void handle_leave_show(struct request *r);
void handle_leave_end(struct request *r);
void handle_leave_resubmit(struct request *r);
void handle_delegation_create(struct request *r);
void handle_delegation_list(struct request *r);
void handle_delegation_revoke(struct request *r);
/* Fills it from row i of a store_queue_list result (strings point into res). */
void queue_item_from_row(const PGresult *res, int i, Zhucun__QueueItem *it);

/* handlers_attendance.c */
void handle_check_in(struct request *r);
void replay_check_in(struct request *r, const char *result);
void handle_official_business_record(struct request *r);
void replay_official_business(struct request *r, const char *result);
void handle_attendance_week(struct request *r);
void handle_attendance_report(struct request *r);

/* handlers_audit.c */
void handle_audit_verify(struct request *r);

/* handlers_export.c */
void handle_export(struct request *r);

/* handlers_report.c */
void handle_visit_report(struct request *r);
void handle_follow_up_list(struct request *r);
void handle_follow_up_update(struct request *r);
void replay_follow_up_update(struct request *r, const char *result);

#endif
