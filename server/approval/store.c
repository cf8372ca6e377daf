/* approval/store.c -- SQL for the approval queue, decisions, delegations and leave requests
 * (functions in 0009_approvals.sql). */
#include "server/approval/store.h"

/* The pending steps in user $1's queue: by their own grants, and by the grants of those who
 * delegated to them today (on_behalf_of; the delegate need not hold the grant), each for the
 * step's own grant or, once it was raised past its deadline, the grant it was raised to
 * (escalated: only that way). Oldest first; $2 one step (0: all). Columns: step, approval,
 * kind, subject, summary, role, org, unit, pending since, deadline, behalf, round, overdue,
 * the kind's name, escalated, when raised. */
DB_STATEMENT(
    store_queue_list,
    "WITH mine AS ("
    " SELECT g.role, g.scope_code, g.unit_id, 0::bigint AS behalf FROM role_grants g"
    "  WHERE g.user_id = $1::bigint"
    " UNION ALL"
    " SELECT d.role, d.scope_code, d.unit_id, d.from_user FROM delegations d"
    "  JOIN role_grants g ON g.user_id = d.from_user AND g.role = d.role"
    "  AND g.scope_code = d.scope_code"
    "  WHERE d.to_user = $1::bigint AND d.revoked_at IS NULL"
    "  AND zc_today() BETWEEN d.first_day AND d.last_day),"
    " hit AS (SELECT s.*, m.behalf, NOT (s.role = m.role AND (CASE WHEN s.unit_id IS NOT"
    "  NULL THEN s.unit_id = m.unit_id ELSE s.org_code = m.scope_code END)) AS esc"
    "  FROM mine m JOIN approval_steps s ON s.status = 'pending'"
    "  AND ((s.role = m.role AND (CASE WHEN s.unit_id IS NOT NULL THEN s.unit_id = m.unit_id"
    "  ELSE s.org_code = m.scope_code END))"
    "  OR (s.escalated_role = m.role AND s.escalated_org = m.scope_code))"
    "  WHERE $2::bigint = 0 OR s.id = $2::bigint),"
    " q AS (SELECT DISTINCT ON (s.id) s.id, a.id AS aid, a.subject_kind, a.subject_id,"
    "  a.summary, s.role, coalesce(s.org_code, '') AS org, coalesce(s.unit_id, 0) AS unit,"
    "  s.pending_since, s.deadline, s.behalf, a.round, k.name AS kind_name, s.esc,"
    "  s.escalated_at"
    "  FROM hit s JOIN approvals a ON a.id = s.approval_id"
    "  JOIN approval_kinds k ON k.kind = a.subject_kind"
    "  ORDER BY s.id, s.esc, s.behalf DESC)"
    " SELECT id, aid, subject_kind, subject_id, summary, role, org, unit,"
    " to_char(pending_since AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    " to_char(deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    " behalf, round, deadline < zc_now(), kind_name, esc,"
    " coalesce(to_char(escalated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    " '')"
    " FROM q ORDER BY pending_since, id LIMIT 1000",
    2);

DB_STATEMENT(store_decide,
             "SELECT zc_approval_decide($1::bigint, $2::bigint, zc_idem_bind($3, $9), $4, $5, $6,"
             " $7, $8)",
             9);

DB_STATEMENT(
    store_leave_request,
    "SELECT zc_leave_request($1::bigint, zc_idem_bind($2, $11), $3::bigint, $4::text[], $5::date,"
    " $6::date, $7, $8, $9, $10)",
    11);

/* Leaves visible to user $1: their own (as the cadre or the submitter), those within the
 * patterns $2, and those whose approval they take part in. $3: one leave id (0 for all),
 * $4: one person (0 for all), $5: status ('' for all), $6: limit. Newest first. */
DB_STATEMENT(
    store_leave_list,
    "SELECT l.id, l.person_id, p.name, l.village, l.first_day::text, l.last_day::text,"
    " l.last_day - l.first_day + 1, l.reason, l.channel, l.status,"
    " coalesce(l.returned_on::text, ''), coalesce(a.id, 0)"
    " FROM leave_requests l JOIN persons p ON p.id = l.person_id"
    " LEFT JOIN approvals a ON a.subject_kind = 'leave' AND a.subject_id = l.id"
    " WHERE ($3::bigint = 0 OR l.id = $3::bigint) AND ($4::bigint = 0 OR l.person_id = $4::bigint)"
    " AND ($5 = '' OR l.status = $5)"
    " AND (p.user_id = $1::bigint OR l.created_by = $1::bigint OR l.village LIKE ANY ($2::text[])"
    "  OR EXISTS (SELECT 1 FROM approval_steps s WHERE s.approval_id = a.id"
    "   AND (s.decided_by = $1::bigint OR (s.status = 'pending'"
    "   AND $1::bigint = ANY (zc_step_approvers(s.id))))))"
    " ORDER BY l.id DESC LIMIT $6::integer",
    6);

/* Whether person $3 exists for user $1 as a LeaveList filter (docs/access.md): the caller's own
 * person, one of the area $2 (kept there, or serving in a team there), or one with a leave the
 * caller sees otherwise (submitted by them, or one they approve or approved: store_leave_list's
 * rule). A cadre's teammate is none of these. */
DB_STATEMENT(
    store_leave_person_visible,
    "SELECT EXISTS (SELECT 1 FROM persons p WHERE p.id = $3::bigint"
    " AND (p.user_id = $1::bigint OR p.org_code LIKE ANY ($2::text[])"
    "  OR EXISTS (SELECT 1 FROM memberships m JOIN teams t ON t.id = m.team_id"
    "   WHERE m.person_id = p.id AND t.org_code LIKE ANY ($2::text[]))"
    "  OR EXISTS (SELECT 1 FROM leave_requests l"
    "   LEFT JOIN approvals a ON a.subject_kind = 'leave' AND a.subject_id = l.id"
    "   WHERE l.person_id = p.id AND (l.created_by = $1::bigint OR l.village LIKE ANY ($2::text[])"
    "   OR EXISTS (SELECT 1 FROM approval_steps s WHERE s.approval_id = a.id"
    "    AND (s.decided_by = $1::bigint OR (s.status = 'pending'"
    "    AND $1::bigint = ANY (zc_step_approvers(s.id)))))))))",
    3);

/* A step's columns (step_from_row in handlers.c), then its approval's id. */
#define STEP_COLUMNS                                                                               \
    "s.id, s.round, s.seq, s.role, coalesce(s.org_code, ''), coalesce(s.unit_id, 0),"              \
    " s.status, coalesce(u.username, ''), coalesce(b.username, ''),"                               \
    " coalesce(to_char(s.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''),"   \
    " s.reason, s.channel, coalesce(s.escalated_role, ''), coalesce(s.escalated_org, ''),"         \
    " coalesce(to_char(s.deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''),"     \
    " s.approval_id"

/* The steps of an approval's latest round. */
DB_STATEMENT(store_approval_steps,
             "SELECT " STEP_COLUMNS
             " FROM approval_steps s JOIN approvals a ON a.id = s.approval_id AND s.round = a.round"
             " LEFT JOIN users u ON u.id = s.decided_by LEFT JOIN users b ON b.id = s.on_behalf_of"
             " WHERE a.id = $1::bigint ORDER BY s.seq, s.id",
             1);

/* The approvals of subject ($1 kind, $2 id) user $3 may read, oldest first: those within the
 * patterns $4 (by the subject's village or township), those they submitted, and those whose
 * steps they decided or may decide now (zc_step_approvers: grants, delegations,
 * escalation). At most 100. */
DB_STATEMENT(
    store_approval_history,
    "SELECT a.id, a.subject_kind, a.subject_id, k.name, a.summary, a.status, a.round,"
    " r.description, u.username,"
    " to_char(a.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    " coalesce(to_char(a.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')"
    " FROM approvals a JOIN approval_kinds k ON k.kind = a.subject_kind"
    " JOIN approval_routes r ON r.id = a.route_id JOIN users u ON u.id = a.submitted_by"
    " WHERE a.subject_kind = $1 AND a.subject_id = $2::bigint"
    " AND (a.org_code LIKE ANY ($4::text[]) OR a.submitted_by = $3::bigint"
    "  OR EXISTS (SELECT 1 FROM approval_steps s WHERE s.approval_id = a.id"
    "   AND (s.decided_by = $3::bigint OR (s.status = 'pending'"
    "   AND $3::bigint = ANY (zc_step_approvers(s.id))))))"
    " ORDER BY a.id LIMIT 100",
    4);

/* Every round's steps of the approvals $1 (a bigint[]), by approval, round and order. */
DB_STATEMENT(
    store_approval_steps_all,
    "SELECT " STEP_COLUMNS " FROM approval_steps s"
    " LEFT JOIN users u ON u.id = s.decided_by LEFT JOIN users b ON b.id = s.on_behalf_of"
    " WHERE s.approval_id = ANY ($1::bigint[]) ORDER BY s.approval_id, s.round, s.seq, s.id",
    1);

/* With an idempotency key ($7, "" for none) bound to the request's hash ($8): a retry is
 * answered as the first was (0017_leave_end_key.sql). */
DB_STATEMENT(store_leave_end,
             "SELECT zc_leave_end_keyed($1::bigint, $2::bigint, $3::text[], $4::date, $5, $6,"
             " zc_idem_bind($7, $8))",
             8);

/* Keyed ($8, "" for none; bound to the request's hash $9): the stored answer (0021). */
DB_STATEMENT(store_leave_resubmit,
             "SELECT zc_leave_resubmit_keyed($1::bigint, $2::bigint, $3::date, $4::date, $5, $6,"
             " $7, zc_idem_bind($8, $9))",
             9);

/* Keyed ($9, hash $10): the delegation's id, stored. */
DB_STATEMENT(store_delegation_create,
             "SELECT zc_delegation_create_keyed($1::bigint, $2, $3, $4, $5::date, $6::date, $7,"
             " $8, zc_idem_bind($9, $10))",
             10);

/* Delegations from or to user $1, newest first. */
DB_STATEMENT(
    store_delegation_list,
    "SELECT d.id, f.username, t.username, d.role, d.scope_code, d.first_day::text,"
    " d.last_day::text, d.revoked_at IS NOT NULL"
    " FROM delegations d JOIN users f ON f.id = d.from_user JOIN users t ON t.id = d.to_user"
    " WHERE d.from_user = $1::bigint OR d.to_user = $1::bigint ORDER BY d.id DESC LIMIT 200",
    1);

/* Keyed ($5, hash $6). */
DB_STATEMENT(store_delegation_revoke,
             "SELECT zc_delegation_revoke_keyed($1::bigint, $2::bigint, $3, $4,"
             " zc_idem_bind($5, $6))",
             6);
