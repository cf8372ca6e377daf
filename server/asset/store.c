/* asset/store.c -- SQL of project assets and public-welfare posts (functions in
 * 0110_project_assets.sql; docs/assets.md). Every write is keyed: its key $2 bound to the
 * request's hash (the last parameter); $3 the caller's patterns. Optional texts travel as ""
 * and optional ids as 0; the evidence as hex text, 32 bytes each once decoded. */
#include "server/asset/store.h"

#define EVIDENCE(n)                                                                                \
    "(SELECT coalesce(array_agg(decode(x, 'hex')), '{}') FROM unnest(" n "::text[]) x)"

DB_STATEMENT(store_asset_set,
             "SELECT zc_asset_set($1::bigint, zc_idem_bind($2, $25), $3::text[], $4::bigint,"
             " $5::bigint, $6, $7, $8, nullif($9::bigint, 0), $10, $11, $12::bigint, $13,"
             " $14::numeric, $15::numeric, nullif($16, '')::date, nullif($17, ''),"
             " nullif($18, '')::date, nullif($19, ''), $20, $21, " EVIDENCE("$22") ", $23, $24)",
             25);

DB_STATEMENT(store_asset_maintain,
             "SELECT zc_asset_maintain($1::bigint, zc_idem_bind($2, $13), $3::text[], $4::bigint,"
             " $5::date, $6, $7::bigint, $8, $9, " EVIDENCE("$10") ", $11, $12)",
             13);

DB_STATEMENT(store_asset_income,
             "SELECT zc_asset_income($1::bigint, zc_idem_bind($2, $15), $3::text[], $4::bigint,"
             " $5::bigint, nullif($6, ''), nullif($7::bigint, 0), nullif($8, '')::date, $9,"
             " $10::text[], $11::bigint[], $12::bigint[], $13, $14)",
             15);

DB_STATEMENT(store_welfare_post_set,
             "SELECT zc_welfare_post_set($1::bigint, zc_idem_bind($2, $14), $3::text[],"
             " $4::bigint, $5, $6, $7::bigint, $8::date, $9::bigint, $10::bigint, $11, $12, $13)",
             14);

DB_STATEMENT(store_welfare_post_end,
             "SELECT zc_welfare_post_end($1::bigint, zc_idem_bind($2, $9), $3::text[], $4::bigint,"
             " $5::date, $6, $7, $8)",
             9);

/* Assets within patterns $1 (by their village or their project's), of project $2 (0: any),
 * only due ones when $3, at most $4 rows, due as of day $5, asset $6 (0: any); due first
 * (longest overdue first), then by id. The last column: the rule's months. */
DB_STATEMENT(
    store_asset_list,
    "SELECT x.id, x.project_id, x.pname, x.pstatus, x.village_code, x.category, x.name,"
    " coalesce(x.owner_household, 0), x.custodian, x.custodian_person, x.value_fen,"
    " x.address, x.lat IS NOT NULL, coalesce(x.lat, 0), coalesce(x.lon, 0),"
    " coalesce(x.registered_on::text, ''), coalesce(x.certificate_no, ''),"
    " coalesce(x.handed_over_on::text, ''), coalesce(x.handed_over_to, ''), x.upkeep_by,"
    " x.upkeep_funding, x.condition, coalesce((SELECT max(k.on_date)::text"
    "  FROM project_asset_upkeep k WHERE k.asset_id = x.id), ''), x.due,"
    " zc_asset_rule('upkeep_months', $5::date)"
    " FROM (SELECT a.*, p.name AS pname, p.status AS pstatus, zc_asset_is_due("
    "  zc_asset_upkeep_since(a.id), a.condition, $5::date) AS due,"
    "  zc_asset_upkeep_since(a.id) AS since"
    "  FROM project_assets a JOIN projects p ON p.id = a.project_id"
    "  WHERE (a.village_code LIKE ANY ($1::text[]) OR p.village_code LIKE ANY ($1::text[]))"
    "  AND ($2::bigint = 0 OR a.project_id = $2::bigint)"
    "  AND ($6::bigint = 0 OR a.id = $6::bigint)) x"
    " WHERE NOT $3::boolean OR x.due"
    " ORDER BY NOT x.due, x.since, x.id LIMIT $4::integer",
    6);

/* Asset $1's maintenance records, newest first (its scope checked by the list's row). */
DB_STATEMENT(store_asset_upkeep,
             "SELECT u.id, u.on_date::text, u.work, u.cost_fen, u.done_by, u.condition"
             " FROM project_asset_upkeep u WHERE u.asset_id = $1::bigint"
             " ORDER BY u.on_date DESC, u.id DESC",
             1);

/* Asset $1's incomes, newest period first, each with its shares as kind:id:amount;... */
DB_STATEMENT(store_asset_incomes,
             "SELECT i.id, i.period, i.amount_fen, i.received_on::text, i.note,"
             " coalesce((SELECT string_agg(s.kind || ':' || coalesce(s.household_id, s.post_id, 0)"
             "  || ':' || s.amount_fen, ';' ORDER BY s.id) FROM project_asset_shares s"
             "  WHERE s.income_id = i.id), '')"
             " FROM project_asset_incomes i WHERE i.asset_id = $1::bigint ORDER BY i.period DESC",
             1);

/* The posts of village $1 within patterns $2, open ones (and ended ones too when $3). */
DB_STATEMENT(store_welfare_post_list,
             "SELECT w.id, w.village_code, w.kind, w.member_id, m.name, w.household_id,"
             " w.from_on::text, coalesce(w.to_on::text, ''), w.monthly_pay_fen,"
             " coalesce(w.funded_asset, 0), w.funded_by, w.end_reason"
             " FROM welfare_posts w JOIN household_members m ON m.id = w.member_id"
             " WHERE w.village_code = $1 AND w.village_code LIKE ANY ($2::text[])"
             " AND ($3::boolean OR w.to_on IS NULL OR w.to_on >= zc_today())"
             " ORDER BY w.to_on IS NOT NULL, w.from_on, w.id",
             3);

/* Household $1 within patterns $2: one row per dividend (a NULL row when it has none); no
 * row: not the caller's. */
DB_STATEMENT(store_asset_dividends,
             "SELECT d.asset_id, d.asset_name, d.period, d.amount_fen, d.received_on::text"
             " FROM households h LEFT JOIN LATERAL zc_household_dividends(h.id) d ON true"
             " WHERE h.id = $1::bigint AND h.village_code LIKE ANY ($2::text[])",
             2);
