/* guarantee/store.c -- SQL for the three guarantees, water and labour (functions in
 * 0060_guarantees.sql; docs/guarantees.md). */
#include "server/guarantee/store.h"

/* Records an entry; keyed ($2, bound to the request's hash $19). Costs travel in fen. */
DB_STATEMENT(store_guarantee_record,
             "SELECT zc_guarantee_record($1::bigint, zc_idem_bind($2, $19), $3::text[],"
             " $4::bigint, $5::bigint, $6, $7, $8::date, $9, $10, $11::boolean, $12,"
             " $13::bigint / 100.0, $14::bigint / 100.0, $15, $16, $17, $18)",
             19);

DB_STATEMENT(store_guarantee_resolve,
             "SELECT zc_guarantee_resolve($1::bigint, zc_idem_bind($2, $9), $3::text[],"
             " $4::bigint, $5::date, $6, $7, $8)",
             9);

/* Household $1 within patterns $2 and its present members (one row with NULL member columns
 * for a household without any); no row: not the caller's. */
DB_STATEMENT(store_guarantee_members,
             "SELECT h.village_code, coalesce(m.id, 0), coalesce(m.name, ''),"
             " coalesce(m.birth_date::text, ''), coalesce(m.health, '')"
             " FROM households h LEFT JOIN household_members m ON m.household_id = h.id"
             "  AND m.left_on IS NULL"
             " WHERE h.id = $1::bigint AND h.village_code LIKE ANY ($2::text[]) ORDER BY m.id",
             2);

/* The entries of household $1 with its village's own water items (village $2), or ($1 = 0)
 * every water item of village $2; within patterns $3; newest first, at most $4. */
DB_STATEMENT(store_guarantee_entries,
             "SELECT e.id, e.village_code, coalesce(e.household_id, 0), coalesce(e.member_id, 0),"
             " coalesce(m.name, ''), zc_guarantee_area(e.kind), e.kind, e.on_date::text,"
             " e.status, e.place, coalesce(e.delivered, false), coalesce(e.chronic, ''),"
             " coalesce((e.cost_total * 100)::bigint, 0), coalesce((e.cost_own * 100)::bigint, 0),"
             " coalesce(e.renovation, ''), e.note, coalesce(e.resolved_on::text, ''),"
             " coalesce(e.resolution, ''),"
             " zc_guarantee_problem(e.kind, e.status, e.delivered, e.chronic, e.renovation)"
             " FROM guarantee_entries e LEFT JOIN household_members m ON m.id = e.member_id"
             " WHERE e.village_code LIKE ANY ($3::text[]) AND CASE WHEN $1::bigint > 0"
             "  THEN e.household_id = $1::bigint OR (e.household_id IS NULL"
             "   AND e.village_code = $2)"
             "  ELSE e.kind = 'water' AND e.village_code = $2 END"
             " ORDER BY e.on_date DESC, e.id DESC LIMIT $4::integer",
             4);

/* The one rule (zc_household_gaps) for household $1. */
DB_STATEMENT(store_guarantee_household_gaps,
             "SELECT g.area, coalesce(g.member_id, 0), g.what FROM zc_household_gaps($1::bigint) g",
             1);

/* The households within patterns $1 after id $2 with any gap (the one rule), at most $3, and
 * each gap. A gap needs an open problem entry of the household, or a water item of its village
 * not resolved: the candidates come from those, in household order (two ordered streams
 * merged, 0061's index for the first), and the rule decides for each until the page is full,
 * so that a page reads from its position on and stops there. */
DB_STATEMENT(store_guarantee_gaps,
             "WITH cand AS (SELECT DISTINCT x.id FROM ("
             " (SELECT e.household_id AS id FROM guarantee_entries e"
             "  WHERE e.resolved_on IS NULL AND e.household_id > $2::bigint"
             "  AND zc_guarantee_problem(e.kind, e.status, e.delivered, e.chronic, e.renovation)"
             "  AND e.village_code LIKE ANY ($1::text[]) ORDER BY e.household_id)"
             " UNION ALL"
             " (SELECT h.id FROM guarantee_entries e JOIN households h"
             "  ON h.village_code = e.village_code"
             "  WHERE e.household_id IS NULL AND e.resolved_on IS NULL"
             "  AND e.village_code LIKE ANY ($1::text[]) AND h.id > $2::bigint ORDER BY h.id)) x"
             " ORDER BY x.id"
             "), page AS ("
             " SELECT c.id FROM cand c WHERE EXISTS (SELECT 1 FROM zc_household_gaps(c.id))"
             " ORDER BY c.id LIMIT $3::integer)"
             " SELECT h.id, h.head_name, h.village_code, g.area, coalesce(g.member_id, 0), g.what"
             " FROM page p JOIN households h ON h.id = p.id"
             " CROSS JOIN LATERAL zc_household_gaps(p.id) g ORDER BY p.id",
             3);

DB_STATEMENT(store_labour_record,
             "SELECT zc_labour_record($1::bigint, zc_idem_bind($2, $15), $3::text[], $4::bigint,"
             " $5::bigint, $6::date, $7, $8, $9, $10, $11, $12, $13, $14)",
             15);

/* Labour records within patterns $1: of household $2 (or every one, 0), of year $3 (0: any),
 * newest first, at most $4. */
DB_STATEMENT(store_labour_list,
             "SELECT r.id, r.village_code, r.household_id, h.head_name, r.member_id, m.name,"
             " r.on_date::text, r.status, r.place, r.work, r.training, r.subsidy, r.note"
             " FROM labour_records r JOIN households h ON h.id = r.household_id"
             " JOIN household_members m ON m.id = r.member_id"
             " WHERE r.village_code LIKE ANY ($1::text[])"
             " AND ($2::bigint = 0 OR r.household_id = $2::bigint)"
             " AND ($3::integer = 0 OR (r.on_date >= make_date($3::integer, 1, 1)"
             "  AND r.on_date < make_date($3::integer + 1, 1, 1)))"
             " ORDER BY r.on_date DESC, r.id DESC LIMIT $4::integer",
             4);
