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
extern const struct db_statement store_export_ledger_items;
extern const struct db_statement store_export_checkins;
extern const struct db_statement store_export_official_business;
extern const struct db_statement store_export_leave_requests;
extern const struct db_statement store_export_approvals;
extern const struct db_statement store_export_approval_steps;
extern const struct db_statement store_export_recall_requests;
extern const struct db_statement store_export_guarantee_entries;
extern const struct db_statement store_export_labour_records;
extern const struct db_statement store_export_audit;
extern const struct db_statement store_export_monitoring_cases;
extern const struct db_statement store_export_monitoring_risks;
extern const struct db_statement store_export_monitoring_measures;
extern const struct db_statement store_export_monitoring_reviews;
extern const struct db_statement store_export_monitoring_eliminations;
extern const struct db_statement store_export_income_sums;
extern const struct db_statement store_export_income_plans;
extern const struct db_statement store_export_ledger_updates;
extern const struct db_statement store_export_attachment_links;
extern const struct db_statement store_export_points_deeds;
extern const struct db_statement store_export_points_goods;
extern const struct db_statement store_export_points_prices;
extern const struct db_statement store_export_points_donations;
extern const struct db_statement store_export_points_ledger;
extern const struct db_statement store_export_service_cases;
extern const struct db_statement store_export_service_case_steps;
extern const struct db_statement store_export_contest_rounds;
extern const struct db_statement store_export_contest_entries;
extern const struct db_statement store_export_policy_quizzes;
extern const struct db_statement store_export_policy_quiz_cadres;
extern const struct db_statement store_export_policy_videos;
extern const struct db_statement store_export_policy_broadcasts;
extern const struct db_statement store_export_projects;
extern const struct db_statement store_export_project_villages;
extern const struct db_statement store_export_project_funds;
extern const struct db_statement store_export_project_beneficiaries;
extern const struct db_statement store_export_project_transitions;
extern const struct db_statement store_export_project_focus;
extern const struct db_statement store_export_project_tasks;
extern const struct db_statement store_export_project_progress;
extern const struct db_statement store_export_project_targets;
extern const struct db_statement store_export_project_target_entries;
extern const struct db_statement store_export_disbursements;
extern const struct db_statement store_export_project_assets;
extern const struct db_statement store_export_project_asset_upkeep;
extern const struct db_statement store_export_project_asset_incomes;
extern const struct db_statement store_export_project_asset_shares;
extern const struct db_statement store_export_welfare_posts;
extern const struct db_statement store_export_lookback_campaigns;
extern const struct db_statement store_export_lookback_reviews;
extern const struct db_statement store_export_lookback_findings;
extern const struct db_statement store_export_consumption_purchases;
extern const struct db_statement store_export_consumption_contracts;
extern const struct db_statement store_export_inspections;
extern const struct db_statement store_export_inspection_findings;
extern const struct db_statement store_export_team_stars;
extern const struct db_statement store_export_star_adjustments;
extern const struct db_statement store_export_filings;
extern const struct db_statement store_export_cadre_points;
extern const struct db_statement store_export_assessment_results;
extern const struct db_statement store_export_assessment_scores;
extern const struct db_statement store_export_study_sessions;
extern const struct db_statement store_export_study_attendees;
extern const struct db_statement store_export_training_sessions;
extern const struct db_statement store_export_training_attendance;
extern const struct db_statement store_export_unit_supervisions;
extern const struct db_statement store_export_tasks;
extern const struct db_statement store_export_task_instances;
extern const struct db_statement store_export_task_reports;
extern const struct db_statement store_export_diary_entries;
extern const struct db_statement store_export_diary_links;
extern const struct db_statement store_export_assessment_rounds;
extern const struct db_statement store_export_circulars;
extern const struct db_statement store_export_notices;
extern const struct db_statement store_export_notice_recipients;
extern const struct db_statement store_export_notice_reminders;
extern const struct db_statement store_export_allowance_statements;
extern const struct db_statement store_export_allowance_rates;
extern const struct db_statement store_export_tombstones;
extern const struct db_statement store_export_snapshot;

/* The COPY path's statements, run on the export's own connection (export/copy.h), not
 * prepared: the caller, role, scope and snapshots (6 parameters, once); the position before
 * each chunk (3). */
extern const char store_export_copy_session[];
extern const char store_export_copy_position[];

/* The statement that returns no row but the kind's columns (malloc'd). */
char *store_export_copy_probe(const char *kind);

/* `COPY (...) TO STDOUT` of one chunk of kind: 'upsert', the ncolumns columns, then the key
 * column (unless key_in_row: it is among the columns) and chg, every value quoted (malloc'd). */
char *store_export_copy_sql(const char *kind, const char *const *columns, int ncolumns,
                            const char *key, int text_key, int key_in_row);

#endif
