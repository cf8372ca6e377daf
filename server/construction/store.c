/* construction/store.c -- SQL for construction and disbursements (functions in
 * 0105_construction.sql; docs/construction.md). Every write is keyed: its key $2 bound to the
 * request's hash (the last parameter); $3 the caller's place patterns, $4 the units it
 * administers. */
#include "server/construction/store.h"

DB_STATEMENT(store_build_focus_set,
             "SELECT zc_project_focus_set($1::bigint, zc_idem_bind($2, $12), $3::text[],"
             " $4::bigint[], $5::bigint, $6::integer, $7::integer, $8, $9, $10, $11)",
             12);

/* A new task ($6 0) or a changed one; the actual dates NULL when "". */
DB_STATEMENT(store_build_task_set,
             "SELECT zc_project_task_set($1::bigint, zc_idem_bind($2, $15), $3::text[],"
             " $4::bigint[], $5::bigint, $6::bigint, $7, $8, $9::date, $10::date,"
             " nullif($11, '')::date, nullif($12, '')::date, $13, $14)",
             15);

/* The photos travel as hex text ($10), each 32 bytes once decoded (0070's bytea[]). */
DB_STATEMENT(store_build_progress,
             "SELECT zc_project_progress_report($1::bigint, zc_idem_bind($2, $13), $3::text[],"
             " $4::bigint[], $5::bigint, $6::date, $7::integer, $8, $9,"
             " (SELECT coalesce(array_agg(decode(x, 'hex')), '{}') FROM unnest($10::text[]) x),"
             " $11, $12)",
             13);

DB_STATEMENT(store_build_target_set,
             "SELECT zc_project_target_set($1::bigint, zc_idem_bind($2, $13), $3::text[],"
             " $4::bigint[], $5::bigint, $6::bigint, $7, $8, round($9::numeric, 2), $10, $11,"
             " $12)",
             13);

DB_STATEMENT(store_build_target_monitor,
             "SELECT zc_project_target_monitor($1::bigint, zc_idem_bind($2, $12), $3::text[],"
             " $4::bigint[], $5::bigint, $6::date, $7, round($8::numeric, 2), $9, $10, $11)",
             12);

DB_STATEMENT(store_build_disbursement,
             "SELECT zc_disbursement_request($1::bigint, zc_idem_bind($2, $13), $3::text[],"
             " $4::bigint[], $5::bigint, $6::bigint, $7::bigint, $8, $9,"
             " (SELECT coalesce(array_agg(decode(x, 'hex')), '{}') FROM unnest($10::text[]) x),"
             " $11, $12)",
             13);

/* Project $1 when the caller may see it (its villages within patterns $2, or its unit among
 * $3): name, status, village, its money (budget, pending, paid, headroom, percent), and its
 * status's label. No row: not the caller's. */
DB_STATEMENT(store_build_plan_head,
             "SELECT p.id, p.name, p.status, p.village_code, p.budget_fen,"
             " coalesce((SELECT sum(d.amount_fen) FROM disbursements d WHERE d.project_id = p.id"
             "  AND d.status = 'pending'), 0),"
             " coalesce((SELECT sum(d.amount_fen) FROM disbursements d WHERE d.project_id = p.id"
             "  AND d.status = 'paid'), 0), h.headroom, h.percent,"
             " (SELECT s.label FROM project_statuses s WHERE s.code = p.status)"
             " FROM projects p, zc_disbursement_headroom(p, 0) h"
             " WHERE p.id = $1::bigint AND (p.village_code LIKE ANY ($2::text[])"
             "  OR p.unit_id = ANY ($3::bigint[])"
             "  OR EXISTS (SELECT 1 FROM project_villages v WHERE v.project_id = p.id"
             "   AND v.village_code LIKE ANY ($2::text[])))",
             3);

/* Project $1 when the caller may see it (as store_build_plan_head): one row, else none. */
DB_STATEMENT(store_build_project_seen,
             "SELECT 1 FROM projects p WHERE p.id = $1::bigint"
             " AND (p.village_code LIKE ANY ($2::text[]) OR p.unit_id = ANY ($3::bigint[])"
             "  OR EXISTS (SELECT 1 FROM project_villages v WHERE v.project_id = p.id"
             "   AND v.village_code LIKE ANY ($2::text[])))",
             3);

/* Project $1's tasks on day $2: late first, then by planned end. */
DB_STATEMENT(store_build_plan_tasks,
             "SELECT t.id, t.name, t.responsible, t.planned_start::text, t.planned_end::text,"
             " coalesce(t.actual_start::text, ''), coalesce(t.actual_end::text, ''),"
             " zc_project_task_status(t, $2::date) AS s"
             " FROM project_tasks t WHERE t.project_id = $1::bigint"
             " ORDER BY (zc_project_task_status(t, $2::date) = 'late') DESC, t.planned_end, t.id",
             2);

DB_STATEMENT(store_build_plan_focus,
             "SELECT f.year, f.quarter, f.focus, f.targets FROM project_focus f"
             " WHERE f.project_id = $1::bigint ORDER BY f.year, f.quarter",
             1);

/* Newest first, with the count of photos linked to each. */
DB_STATEMENT(store_build_plan_progress,
             "SELECT r.id, r.on_date::text, r.percent, r.narrative, r.correction,"
             " (SELECT count(*) FROM attachment_links l WHERE l.kind = 'project_progress'"
             "  AND l.record_id = r.id)"
             " FROM project_progress r WHERE r.project_id = $1::bigint ORDER BY r.id DESC",
             1);

/* Each target with its latest mid-term and final values (NULL: none yet) and its entries. */
DB_STATEMENT(store_build_plan_targets,
             "SELECT t.id, t.indicator, t.unit, t.target_value, t.direction,"
             " (SELECT e.value FROM project_target_entries e WHERE e.target_id = t.id"
             "  AND e.stage = 'mid' ORDER BY e.on_date DESC, e.id DESC LIMIT 1),"
             " (SELECT e.value FROM project_target_entries e WHERE e.target_id = t.id"
             "  AND e.stage = 'final' ORDER BY e.on_date DESC, e.id DESC LIMIT 1),"
             " (SELECT count(*) FROM project_target_entries e WHERE e.target_id = t.id)"
             " FROM project_targets t WHERE t.project_id = $1::bigint ORDER BY t.id",
             1);

/* Disbursements of project $1 (0: every project) whose project lies within patterns $2 or
 * is of a unit among $3, newest first, at most $4; each row carries the totals of all. */
DB_STATEMENT(store_build_disbursements,
             "WITH d AS (SELECT d.*, p.name AS pname, r.percent FROM disbursements d"
             "  JOIN projects p ON p.id = d.project_id"
             "  JOIN project_progress r ON r.id = d.progress_id"
             "  WHERE ($1::bigint = 0 OR d.project_id = $1::bigint)"
             "  AND (p.village_code LIKE ANY ($2::text[]) OR p.unit_id = ANY ($3::bigint[])))"
             " SELECT d.id, d.project_id, d.pname, d.village_code, d.progress_id, d.percent,"
             " d.amount_fen, d.payee, d.status, coalesce(d.paid_on::text, ''),"
             " to_char(d.requested_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),"
             " count(*) OVER (),"
             " coalesce(sum(d.amount_fen) FILTER (WHERE d.status = 'pending') OVER (), 0),"
             " coalesce(sum(d.amount_fen) FILTER (WHERE d.status = 'paid') OVER (), 0)"
             " FROM d ORDER BY d.id DESC LIMIT $4::integer",
             4);

/* Projects under construction whose villages lie within patterns $1 or of a unit among $2,
 * with their late tasks on day $4 (most first), then by planned end; at most $3. */
DB_STATEMENT(store_build_projects,
             "SELECT p.id, p.name, p.village_code, p.planned_end::text,"
             " coalesce((zc_project_progress_last(p.id)).percent, 0),"
             " (SELECT count(*) FROM project_tasks t WHERE t.project_id = p.id),"
             " (SELECT count(*) FROM project_tasks t WHERE t.project_id = p.id"
             "  AND zc_project_task_status(t, $4::date) = 'late') AS late,"
             " p.budget_fen, coalesce(m.committed_fen, 0), coalesce(m.paid_fen, 0)"
             " FROM projects p LEFT JOIN project_money m ON m.project_id = p.id"
             " WHERE p.status = 'construction'"
             " AND (p.village_code LIKE ANY ($1::text[]) OR p.unit_id = ANY ($2::bigint[]))"
             " ORDER BY late DESC, p.planned_end, p.id LIMIT $3::integer",
             4);
