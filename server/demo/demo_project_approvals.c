/* demo_project_approvals.c -- the projects' life cycle as approvals (P1, W1; docs/projects.md):
 * the history and the open requests of the contract's demo projects (demo_projects.c).
 *
 * Every project in the library or further along the way was applied for and taken into the
 * library through the engine: its two approved requests (planned → applied, applied → library)
 * are written with the approvals of the route in force for it (zc_route_for by its kind and
 * budget), every step approved, dated before the day it entered its state. Every project in the
 * applied state asks to enter the library now, through ProjectTransition's own function
 * (zc_project_transition, as its county office): the township's, county's, city's and
 * province's queues find them by the routes of 0101 (small ones with the township first, large
 * ones with the county office first). Deterministic: the rows are the projects'. */
#include "server/demo/demo.h"

#include "server/admin.h"

/* The approved history: two requests of each project from the library on (one of an applied
 * project), its approval and every step of its route approved. */
static const char history_sql[] =
    "WITH src AS ("
    " SELECT p.id, p.village_code, p.kind, p.budget_fen, p.name, x.from_status, x.to_status,"
    "  (greatest(p.status_on - CASE WHEN x.to_status = 'library' AND p.status = 'library' THEN 0"
    "   WHEN x.to_status = 'library' THEN 60 WHEN p.status = 'applied' THEN 0 ELSE 90 END,"
    "   DATE '2013-01-02') + TIME '10:00')::timestamptz AS at, o.user_id"
    " FROM projects p"
    " CROSS JOIN LATERAL (VALUES ('planned', 'applied'), ('applied', 'library')) x (from_status,"
    "  to_status)"
    " CROSS JOIN LATERAL (SELECT g.user_id FROM role_grants g WHERE g.role = 'county_office'"
    "  AND g.scope_code = substr(p.village_code, 1, 6) || '000000' ORDER BY g.user_id LIMIT 1) o"
    " WHERE p.origin = 'system' AND p.status NOT IN ('planned', 'rejected', 'cancelled')"
    "  AND (p.status <> 'applied' OR x.to_status = 'applied')),"
    " t AS (INSERT INTO project_transitions (project_id, village_code, from_status, to_status,"
    "  status, requested_by, requested_at, decided_at)"
    "  SELECT id, village_code, from_status, to_status, 'approved', user_id, at, at"
    "  FROM src RETURNING id, project_id, to_status, requested_at),"
    " a AS (INSERT INTO approvals (subject_kind, subject_id, route_id, org_code, summary,"
    "  submitted_by, status, round, submitted_at, decided_at)"
    "  SELECT 'project_transition', t.id, zc_route_for('project_transition',"
    "   jsonb_build_object('amount', s.budget_fen / 100.0, 'category', s.kind, 'target',"
    "   t.to_status, 'org_level', 5), t.requested_at::date), s.village_code,"
    "   format('项目 #%s %s：%s', s.id, s.name, (SELECT label FROM project_statuses"
    "   WHERE code = t.to_status)), s.user_id, 'approved', 1, t.requested_at,"
    "   t.requested_at + interval '5 days'"
    "  FROM t JOIN src s ON s.id = t.project_id AND s.to_status = t.to_status"
    "  RETURNING id, route_id, org_code, submitted_at)"
    " INSERT INTO approval_steps (approval_id, round, seq, role, org_code, status,"
    "  pending_since, decided_at)"
    " SELECT a.id, 1, r.seq, r.role, CASE r.place WHEN 'village' THEN a.org_code"
    "  WHEN 'township' THEN substr(a.org_code, 1, 9) || '000'"
    "  WHEN 'county' THEN substr(a.org_code, 1, 6) || '000000'"
    "  WHEN 'city' THEN substr(a.org_code, 1, 4) || '00000000'"
    "  ELSE substr(a.org_code, 1, 2) || '0000000000' END, 'approved',"
    "  a.submitted_at + (r.seq - 1) * interval '1 day', a.submitted_at + r.seq * interval '1 day'"
    " FROM a JOIN approval_route_steps r ON r.route_id = a.route_id";

/* The open requests: each applied project asks to enter the library. */
static const char pending_sql[] =
    "SELECT count(zc_project_transition(o.user_id, NULL, ARRAY[substr(p.village_code, 1, 6) ||"
    " '%'], p.id, 'library', '', NULL, NULL, NULL, '{}', o.username, 'demo'))"
    " FROM projects p"
    " CROSS JOIN LATERAL (SELECT g.user_id, u.username FROM role_grants g"
    "  JOIN users u ON u.id = g.user_id WHERE g.role = 'county_office'"
    "  AND g.scope_code = substr(p.village_code, 1, 6) || '000000' ORDER BY g.user_id LIMIT 1) o"
    " WHERE p.status = 'applied' AND p.origin = 'system'";

int demo_step_project_approvals(struct demo *d)
{
    /* The planner's statistics of the projects just loaded (autovacuum sees nothing inside
     * the load's transaction; without them the history's statement ran past 13 minutes at
     * province scale). */
    if (admin_exec(d->pg, "ANALYZE projects, project_villages, project_funds, role_grants, users",
                   "demo projects: statistics") != 0)
        return -1;
    if (admin_exec(d->pg, history_sql, "making the demo projects' approved requests") != 0)
        return -1;
    return admin_exec(d->pg, pending_sql, "making the demo projects' open requests");
}
