/* store.h -- every prepared statement, declared per domain; SQL text lives in
 * server/store_<domain>.c and the plpgsql functions in sql/migrations. */
#ifndef ZHUCUN_STORE_H
#define ZHUCUN_STORE_H

#include "server/core/db.h"

/* NULL-terminated list of all statements, prepared on every pool connection. */
extern const struct db_statement *const store_statements[];

/* store_auth.c */
extern const struct db_statement store_session_check;
extern const struct db_statement store_login_begin;
extern const struct db_statement store_login_failed;
extern const struct db_statement store_login_ok;
extern const struct db_statement store_login_cert;
extern const struct db_statement store_logout;
extern const struct db_statement store_password_get;
extern const struct db_statement store_password_change;
extern const struct db_statement store_idem_lookup;

/* store_org.c */
extern const struct db_statement store_org_show;
extern const struct db_statement store_org_children;
extern const struct db_statement store_org_search;
extern const struct db_statement store_org_create;
extern const struct db_statement store_org_update;
extern const struct db_statement store_org_import;

/* store_people.c */
extern const struct db_statement store_unit_create;
extern const struct db_statement store_unit_show;
extern const struct db_statement store_unit_list;
extern const struct db_statement store_unit_update;
extern const struct db_statement store_user_add;
extern const struct db_statement store_user_show;
extern const struct db_statement store_user_disable;
extern const struct db_statement store_user_reset_password;
extern const struct db_statement store_user_grant;

/* store_team.c */
extern const struct db_statement store_team_create;
extern const struct db_statement store_team_rows;
extern const struct db_statement store_team_assign;
extern const struct db_statement store_team_recall;
extern const struct db_statement store_team_set_party_leader;

/* store_household.c */
extern const struct db_statement store_household_create;
extern const struct db_statement store_household_show;
extern const struct db_statement store_household_list;
extern const struct db_statement store_household_set_state;
extern const struct db_statement store_household_import;
extern const struct db_statement store_household_update;
extern const struct db_statement store_household_member_add;
extern const struct db_statement store_household_member_leave;

/* store_visit.c */
extern const struct db_statement store_visit_create;
extern const struct db_statement store_visit_rules;
extern const struct db_statement store_visit_due_households;
extern const struct db_statement store_follow_up_list;
extern const struct db_statement store_follow_up_update;

/* store_report.c */
extern const struct db_statement store_report_rules;
extern const struct db_statement store_report_by_org;
extern const struct db_statement store_report_by_team;
extern const struct db_statement store_report_by_cadre;
extern const struct db_statement store_report_by_household;

/* store_attendance.c */
extern const struct db_statement store_checkin_context;
extern const struct db_statement store_checkin_create;
extern const struct db_statement store_official_business_record;
extern const struct db_statement store_attendance_week;
extern const struct db_statement store_attendance_report;

/* store_approval.c */
extern const struct db_statement store_queue_list;
extern const struct db_statement store_decide;
extern const struct db_statement store_leave_request;
extern const struct db_statement store_leave_list;
extern const struct db_statement store_approval_steps;
extern const struct db_statement store_leave_end;
extern const struct db_statement store_leave_resubmit;
extern const struct db_statement store_delegation_create;
extern const struct db_statement store_delegation_list;
extern const struct db_statement store_delegation_revoke;

/* store_export.c */
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
extern const struct db_statement store_export_audit;
extern const struct db_statement store_export_tombstones;
extern const struct db_statement store_export_snapshot;

/* store_audit.c */
extern const struct db_statement store_audit_verify;

#endif
