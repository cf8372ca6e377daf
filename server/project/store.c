/* project/store.c -- SQL for projects (functions in 0101_projects.sql; docs/projects.md). */
#include "server/project/store.h"

/* ProjectCreate ($4 NULL) and ProjectUpdate ($4 the project): one function, zc_project_save. */
DB_STATEMENT(store_project_save,
             "SELECT zc_project_save($1::bigint, zc_idem_bind($2, $24), $3::text[], $4::bigint,"
             " $5::text[], $6, $7, $8::integer, $9::bigint, $10::text[], $11::bigint[], $12,"
             " $13::bigint, $14::date, $15::date, $16::integer, $17::integer, $18::integer,"
             " $19::bigint[], $20, $21::text[], $22, $23)",
             24);

DB_STATEMENT(store_project_transition,
             "SELECT zc_project_transition($1::bigint, zc_idem_bind($2, $13), $3::text[],"
             " $4::bigint, $5, $6, $7::bigint, $8::text[], $9::bigint[], $10::text[], $11, $12)",
             13);

#define PROJECT_COLUMNS                                                                            \
    "p.id, p.village_code, o.name, p.name, p.kind, p.year, p.budget_fen, p.responsible,"           \
    " coalesce(p.unit_id, 0), p.planned_start::text, p.planned_end::text,"                         \
    " coalesce(p.actual_start::text, ''), coalesce(p.actual_end::text, ''),"                       \
    " p.expected_households, p.expected_alleviated, p.expected_monitored, p.description,"          \
    " p.status, p.status_on::text, p.status_reason, p.origin, coalesce(t.to_status, ''),"          \
    " coalesce(t.status, ''), " PROJECT_LATE
/* Late: past its planned end and not yet completed. */
#define PROJECT_LATE                                                                               \
    "(p.planned_end < zc_today() AND p.status IN ('planned', 'applied', 'library',"                \
    " 'construction'))"
#define PROJECT_FROM                                                                               \
    " FROM projects p JOIN org_units o ON o.code = p.village_code"                                 \
    " LEFT JOIN project_transitions t ON t.project_id = p.id"                                      \
    " AND t.status IN ('pending', 'returned')"
/* Within patterns $n: by the lead village or any other of its villages. */
#define PROJECT_WITHIN(n)                                                                          \
    " (p.village_code LIKE ANY ($" #n "::text[]) OR EXISTS (SELECT 1 FROM project_villages v"      \
    " WHERE v.project_id = p.id AND v.village_code LIKE ANY ($" #n "::text[])))"

/* The library: within patterns $1, of state $2, kind $3 ("" any), years $4..$5 (0 open), text
 * $6 in the name, responsible unit or description, in order $7 (attention: late first, then
 * returned, then pending requests; year, budget: largest first; name), $8 rows from $9; each
 * row with the count of all that match. */
DB_STATEMENT(
    store_project_list,
    "SELECT " PROJECT_COLUMNS ", count(*) OVER ()" PROJECT_FROM " WHERE" PROJECT_WITHIN(
        1) " AND ($2 = '' OR p.status = $2) AND ($3 = '' OR p.kind = $3)"
           " AND ($4::integer = 0 OR p.year >= $4::integer)"
           " AND ($5::integer = 0 OR p.year <= $5::integer)"
           " AND ($6 = '' OR strpos(p.name, $6) > 0 OR strpos(p.responsible, $6) > 0"
           "  OR strpos(p.description, $6) > 0)"
           " ORDER BY CASE WHEN $7 IN ('', 'attention') THEN CASE WHEN " PROJECT_LATE " THEN 0"
           "  WHEN t.status = 'returned' THEN 1 WHEN t.status = 'pending' THEN 2 ELSE 3 END END,"
           " CASE WHEN $7 = 'year' THEN p.year END DESC,"
           " CASE WHEN $7 = 'budget' THEN p.budget_fen END DESC,"
           " CASE WHEN $7 = 'name' THEN p.name END,"
           " (SELECT s.ord FROM project_statuses s WHERE s.code = p.status), p.year DESC, p.id DESC"
           " LIMIT $8::integer OFFSET $9::integer",
    9);

/* Project $1 within patterns $2; then its villages (lead first), funds (two arrays), named
 * beneficiaries (three), transition requests (ten, oldest first) and evidence (hex). */
#define TRANSITIONS(col)                                                                           \
    " array(SELECT " col " FROM project_transitions x LEFT JOIN users u ON u.id = x.requested_by"  \
    " WHERE x.project_id = p.id ORDER BY x.id)"
DB_STATEMENT(
    store_project_show,
    "SELECT " PROJECT_COLUMNS ","
    " array(SELECT v.village_code FROM project_villages v WHERE v.project_id = p.id"
    "  ORDER BY v.village_code <> p.village_code, v.village_code),"
    " array(SELECT f.source FROM project_funds f JOIN project_fund_sources s ON s.code = f.source"
    "  WHERE f.project_id = p.id ORDER BY s.ord),"
    " array(SELECT f.amount_fen FROM project_funds f JOIN project_fund_sources s"
    "  ON s.code = f.source WHERE f.project_id = p.id ORDER BY s.ord),"
    " array(SELECT b.household_id FROM project_beneficiaries b WHERE b.project_id = p.id"
    "  ORDER BY b.household_id),"
    " array(SELECT coalesce(h.head_name, '') FROM project_beneficiaries b LEFT JOIN households h"
    "  ON h.id = b.household_id WHERE b.project_id = p.id ORDER BY b.household_id),"
    " array(SELECT b.village_code FROM project_beneficiaries b WHERE b.project_id = p.id"
    "  ORDER BY b.household_id)," TRANSITIONS("x.id") "," TRANSITIONS(
        "coalesce((SELECT a.id FROM approvals a WHERE a.subject_kind = 'project_transition'"
        " AND a.subject_id = x.id), 0)") "," TRANSITIONS("x.from_status") "," TRANSITIONS("x.to_"
                                                                                          "status") "," TRANSITIONS("x.reason") "," TRANSITIONS("x.status") "," TRANSITIONS("x.problem") "," TRANSITIONS("coalesce(u.display_name, '')") "," TRANSITIONS("to_char(x.requested_at, 'YYYY-MM-DD HH24:MI')") "," TRANSITIONS("coalesce(x.budget_fen, 0)") ","
                                                                                                                                                                                                                                                                                                                                                       " array(SELECT encode(a.sha256, 'hex') FROM attachment_links a"
                                                                                                                                                                                                                                                                                                                                                       "  WHERE a.kind = 'project' AND a.record_id = p.id ORDER BY a.id)" PROJECT_FROM
                                                                                                                                                                                                                                                                                                                                                       " WHERE p.id = $1::bigint AND" PROJECT_WITHIN(
                                                                                                                                                                                                                                                                                                                                                           2),
    2);

/* The board: within patterns $1 (the unit's significant digits $2), year $3 (0: every year). */
DB_STATEMENT(store_project_board,
             "SELECT code, name, status, kind, projects, budget_fen, paid_fen"
             " FROM zc_project_board($1::text[], $2::integer, $3::integer)",
             3);
