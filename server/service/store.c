/* service/store.c -- SQL for service cases and disputes (functions in 0080_service_cases.sql;
 * docs/services.md). */
#include "server/service/store.h"

/* Opens a case; keyed ($2, bound to the request's hash $14); the evidence a text[] of hex. */
DB_STATEMENT(store_service_case_create,
             "SELECT zc_service_case_create($1::bigint, zc_idem_bind($2, $14), $3::text[],"
             " $4::bigint, $5::bigint, $6, $7, $8::date, $9, $10::bigint, $11::text[], $12, $13)",
             14);

/* The category of case $1 within patterns $2 (no row: not the caller's), read before a step
 * or a close so that the rules can judge the body against it. */
DB_STATEMENT(store_service_case_category,
             "SELECT category FROM service_cases"
             " WHERE id = $1::bigint AND village_code LIKE ANY ($2::text[])",
             2);

DB_STATEMENT(store_service_case_step,
             "SELECT zc_service_case_step($1::bigint, zc_idem_bind($2, $11), $3::text[],"
             " $4::bigint, $5, $6::date, $7, $8::text[], $9, $10)",
             11);

DB_STATEMENT(store_service_case_close,
             "SELECT zc_service_case_close($1::bigint, zc_idem_bind($2, $12), $3::text[],"
             " $4::bigint, $5::date, $6, $7, $8::bigint, $9::text[], $10, $11)",
             12);

/* Household $1 within patterns $2 (no row: not the caller's). */
DB_STATEMENT(store_service_household,
             "SELECT village_code FROM households"
             " WHERE id = $1::bigint AND village_code LIKE ANY ($2::text[])",
             2);

#define SERVICE_CASE_COLUMNS                                                                       \
    "s.id, s.village_code, s.household_id, h.head_name, coalesce(s.member_id, 0),"                 \
    " coalesce(m.name, ''), s.category, s.subkind, s.summary, s.handler_id, u.display_name,"       \
    " s.opened_on::text, coalesce(s.closed_on::text, ''), coalesce(s.outcome, ''),"                \
    " coalesce(s.mediation, ''), coalesce(s.amount_fen, 0), coalesce(s.follows_id, 0),"            \
    " (SELECT count(*) FROM service_case_steps t WHERE t.case_id = s.id),"                         \
    " coalesce((SELECT max(t.on_date)::text FROM service_case_steps t WHERE t.case_id = s.id), "   \
    "'')"
#define SERVICE_CASE_FROM                                                                          \
    " FROM service_cases s JOIN households h ON h.id = s.household_id"                             \
    " JOIN users u ON u.id = s.handler_id"                                                         \
    " LEFT JOIN household_members m ON m.id = s.member_id"

/* Cases within patterns $1: of household $2 (0: any), category $3 ("": any), handler $4 (0:
 * any), open only ($5), opened in year $6 (0: any); newest first, at most $7. */
DB_STATEMENT(store_service_case_list,
             "SELECT " SERVICE_CASE_COLUMNS SERVICE_CASE_FROM
             " WHERE s.village_code LIKE ANY ($1::text[])"
             " AND ($2::bigint = 0 OR s.household_id = $2::bigint)"
             " AND ($3 = '' OR s.category = $3)"
             " AND ($4::bigint = 0 OR s.handler_id = $4::bigint)"
             " AND (NOT $5::boolean OR s.closed_on IS NULL)"
             " AND ($6::integer = 0 OR (s.opened_on >= make_date($6::integer, 1, 1)"
             "  AND s.opened_on < make_date($6::integer + 1, 1, 1)))"
             " ORDER BY s.opened_on DESC, s.id DESC LIMIT $7::integer",
             7);

/* Case $1 within patterns $2, then its steps as five arrays side by side and its evidence's
 * hashes (hex). */
DB_STATEMENT(
    store_service_case_show,
    "SELECT " SERVICE_CASE_COLUMNS ","
    " array(SELECT t.id FROM service_case_steps t WHERE t.case_id = s.id"
    "  ORDER BY t.on_date, t.id),"
    " array(SELECT t.step FROM service_case_steps t WHERE t.case_id = s.id"
    "  ORDER BY t.on_date, t.id),"
    " array(SELECT t.on_date::text FROM service_case_steps t WHERE t.case_id = s.id"
    "  ORDER BY t.on_date, t.id),"
    " array(SELECT t.note FROM service_case_steps t WHERE t.case_id = s.id"
    "  ORDER BY t.on_date, t.id),"
    " array(SELECT v.display_name FROM service_case_steps t JOIN users v"
    "  ON v.id = t.recorded_by WHERE t.case_id = s.id ORDER BY t.on_date, t.id),"
    " array(SELECT encode(a.sha256, 'hex') FROM attachment_links a"
    "  WHERE a.kind = 'service_case' AND a.record_id = s.id ORDER BY a.id)" SERVICE_CASE_FROM
    " WHERE s.id = $1::bigint AND s.village_code LIKE ANY ($2::text[])",
    2);

/* Counts within patterns $1 (the org unit's significant digits $2), year $3, grouped by $4. */
DB_STATEMENT(store_service_report,
             "SELECT key, label, opened, closed, still_open, amount_fen, disputes, mediated"
             " FROM zc_service_report($1::text[], $2::integer, $3::integer, $4)",
             4);

/* ---- competitions (0081_competitions.sql) ---- */

DB_STATEMENT(store_contest_round_open,
             "SELECT zc_contest_round_open($1::bigint, zc_idem_bind($2, $11), $3::text[], $4, $5,"
             " $6, $7::date, $8::date, $9, $10)",
             11);

DB_STATEMENT(store_contest_enter,
             "SELECT zc_contest_enter($1::bigint, zc_idem_bind($2, $11), $3::text[], $4::bigint,"
             " $5::bigint, $6, $7, $8::text[], $9, $10)",
             11);

DB_STATEMENT(store_contest_result,
             "SELECT zc_contest_result($1::bigint, zc_idem_bind($2, $9), $3::text[], $4::bigint,"
             " $5::integer, $6, $7, $8)",
             9);

/* Team $1 within patterns $2 (no row: not the caller's). */
DB_STATEMENT(store_contest_team,
             "SELECT org_code FROM teams WHERE id = $1::bigint AND org_code LIKE ANY ($2::text[])",
             2);

/* The filters of both lists: rounds the caller sees (patterns $1, or above them), round $2
 * (0: any), with an entry of team $3 (0: any), of kind $4 ("": any), starting in year $5 (0:
 * any). */
#define CONTEST_FILTER                                                                             \
    " zc_contest_visible(r.org_code, $1::text[]) AND ($2::bigint = 0 OR r.id = $2::bigint)"        \
    " AND ($4 = '' OR r.kind = $4)"                                                                \
    " AND ($5::integer = 0 OR extract(year FROM r.starts_on) = $5::integer)"

/* The rounds, newest first, each with the entries the caller sees; at most $6. */
DB_STATEMENT(store_contest_rounds,
             "SELECT r.id, r.kind, r.org_code, o.name, r.title, r.starts_on::text,"
             " r.ends_on::text, u.display_name,"
             " (SELECT count(*) FROM contest_entries e WHERE e.round_id = r.id"
             "  AND e.village_code LIKE ANY ($1::text[]))"
             " FROM contest_rounds r JOIN org_units o ON o.code = r.org_code"
             " JOIN users u ON u.id = r.opened_by WHERE" CONTEST_FILTER
             " AND ($3::bigint = 0 OR EXISTS (SELECT 1 FROM contest_entries e"
             "  WHERE e.round_id = r.id AND e.team_id = $3::bigint))"
             " ORDER BY r.starts_on DESC, r.id DESC LIMIT $6::integer",
             6);

/* The entries in the caller's scope of those rounds (of team $3 when given), by round, rank,
 * id; at most $6. */
DB_STATEMENT(store_contest_entries,
             "SELECT e.id, e.round_id, e.team_id, t.name, e.village_code, e.title, e.description,"
             " e.entered_on::text, u.display_name, coalesce(e.rank, 0), coalesce(e.award, ''),"
             " (SELECT count(*) FROM attachment_links a WHERE a.kind = 'competition_entry'"
             "  AND a.record_id = e.id)"
             " FROM contest_entries e JOIN contest_rounds r ON r.id = e.round_id"
             " JOIN teams t ON t.id = e.team_id JOIN users u ON u.id = e.entered_by"
             " WHERE e.village_code LIKE ANY ($1::text[]) AND" CONTEST_FILTER
             " AND ($3::bigint = 0 OR e.team_id = $3::bigint)"
             " ORDER BY r.starts_on DESC, e.round_id DESC, coalesce(e.rank, 1001), e.id"
             " LIMIT $6::integer",
             6);
