/* consume/store.c -- SQL for consumption assistance (functions in 0120_consumption.sql;
 * docs/consumption.md). Every write is keyed: its key $2 bound to the request's hash (the last
 * parameter); the evidence travels as hex text, each 32 bytes once decoded (0070's bytea[]). */
#include "server/consume/store.h"

DB_STATEMENT(store_purchase_record,
             "SELECT zc_consume_purchase($1::bigint, zc_idem_bind($2, $20), $3::bigint[],"
             " $4::bigint, $5, $6::bigint, $7::bigint, $8, $9, $10::bigint, $11, $12::date, $13,"
             " $14::bigint, $15, $16::bigint, (SELECT coalesce(array_agg(decode(x, 'hex')), '{}')"
             " FROM unnest($17::text[]) x), $18, $19)",
             20);

DB_STATEMENT(store_contract_record,
             "SELECT zc_consume_contract($1::bigint, zc_idem_bind($2, $20), $3::text[], $4, $5,"
             " $6, $7, $8::bigint, $9, $10::date, $11::date, $12::date, $13, $14::bigint, $15,"
             " $16::bigint, (SELECT coalesce(array_agg(decode(x, 'hex')), '{}')"
             " FROM unnest($17::text[]) x), $18, $19)",
             20);

/* The purchases of year $4 whose producer's village or whose unit's place lies within the
 * patterns $1, or of a unit in $2 (a unit's administrator); unit $3 only when not 0; the newest
 * first, $5 rows at most. */
DB_STATEMENT(
    store_purchase_list,
    "SELECT p.id, p.unit_id, u.name, p.buyer_kind, coalesce(pe.name, t.name, ''),"
    " p.village_code, o.name, p.producer_kind, coalesce(p.household_id, 0),"
    " p.producer_name, p.on_date::text, p.goods, p.quantity, p.qty_unit, p.amount,"
    " (SELECT count(*) FROM attachment_links a WHERE a.kind = 'consumption_purchase'"
    "  AND a.record_id = p.id)"
    " FROM consumption_purchases p JOIN dispatch_units u ON u.id = p.unit_id"
    " JOIN org_units o ON o.code = p.village_code"
    " LEFT JOIN persons pe ON pe.id = p.person_id LEFT JOIN teams t ON t.id = p.team_id"
    " WHERE (p.village_code LIKE ANY ($1::text[]) OR u.org_code LIKE ANY ($1::text[])"
    "        OR p.unit_id = ANY ($2::bigint[]))"
    " AND ($3::bigint = 0 OR p.unit_id = $3::bigint)"
    " AND p.on_date BETWEEN make_date($4::integer, 1, 1) AND make_date($4::integer, 12, 31)"
    " ORDER BY p.on_date DESC, p.id DESC LIMIT $5::integer",
    5);

/* The contracts of the villages within the patterns $1, signed in year $2 (0: any), the newest
 * first, $3 rows at most. */
DB_STATEMENT(store_contract_list,
             "SELECT c.id, c.village_code, o.name, c.buyer_name, c.buyer_kind, c.producer_kind,"
             " c.producer_name, c.signed_on::text, c.period_from::text, c.period_to::text,"
             " c.goods, c.quantity, c.qty_unit, c.amount"
             " FROM consumption_contracts c JOIN org_units o ON o.code = c.village_code"
             " WHERE c.village_code LIKE ANY ($1::text[])"
             " AND ($2::integer = 0 OR extract(year FROM c.signed_on) = $2::integer)"
             " ORDER BY c.signed_on DESC, c.id DESC LIMIT $3::integer",
             3);

/* Each unit's progress (zc_consume_progress): units placed within $1 or in $2, year $3,
 * shortfall only when $4. */
DB_STATEMENT(store_quota_progress,
             "SELECT unit_id, name, level, org_code, city_code, county_code, counted, bought,"
             " coalesce(quota, 0), quota IS NOT NULL, coalesce(permille, 0), shortfall"
             " FROM zc_consume_progress($1::text[], $2::bigint[], $3::integer, $4::boolean)",
             4);
