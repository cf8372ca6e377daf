/* points/store.c -- SQL for villager points (functions in 0085_points.sql; docs/points.md).
 * Every write is keyed: its key $2 bound to the request's hash (the last parameter). */
#include "server/points/store.h"

DB_STATEMENT(store_points_deed_set,
             "SELECT zc_points_deed_set($1::bigint, zc_idem_bind($2, $11), $3::text[], $4, $5,"
             " $6, $7::integer, $8::date, $9, $10)",
             11);

DB_STATEMENT(store_points_good_set,
             "SELECT zc_points_good_set($1::bigint, zc_idem_bind($2, $12), $3::text[], $4,"
             " $5::bigint, $6, $7, $8::integer, $9::date, $10, $11)",
             12);

/* The evidence travels as hex text ($8), each 32 bytes once decoded (0070's bytea[]). */
DB_STATEMENT(store_points_award,
             "SELECT zc_points_award($1::bigint, zc_idem_bind($2, $11), $3::text[], $4::bigint,"
             " $5, $6::date, $7, (SELECT coalesce(array_agg(decode(x, 'hex')), '{}')"
             " FROM unnest($8::text[]) x), $9, $10)",
             11);

DB_STATEMENT(store_points_donate,
             "SELECT zc_points_donate($1::bigint, zc_idem_bind($2, $12), $3::text[], $4, $5,"
             " $6::date, $7, $8::bigint[], $9::integer[], $10, $11)",
             12);

DB_STATEMENT(store_points_redeem,
             "SELECT zc_points_redeem($1::bigint, zc_idem_bind($2, $11), $3::text[], $4::bigint,"
             " $5::bigint, $6::integer, $7::date, $8::integer, $9, $10)",
             11);

DB_STATEMENT(store_points_correct,
             "SELECT zc_points_correct($1::bigint, zc_idem_bind($2, $8), $3::text[], $4::bigint,"
             " $5, $6, $7)",
             8);

/* The deeds of village $1 (within patterns $2) in force on day $3: each code's latest
 * version from that day or before. */
DB_STATEMENT(store_points_deeds,
             "SELECT DISTINCT ON (d.code) d.id, d.code, d.label, d.points, d.valid_from::text"
             " FROM points_deeds d WHERE d.village_code = $1 AND d.village_code LIKE ANY"
             " ($2::text[]) AND d.valid_from <= $3::date ORDER BY d.code, d.valid_from DESC",
             3);

/* The goods of village $1 (within patterns $2): the price in force on day $3 (0: none yet)
 * and the units in stock. */
DB_STATEMENT(store_points_goods,
             "SELECT g.id, g.name, g.unit, coalesce((SELECT p.price FROM points_prices p"
             "  WHERE p.good_id = g.id AND p.valid_from <= $3::date"
             "  ORDER BY p.valid_from DESC LIMIT 1), 0), coalesce(s.quantity, 0)"
             " FROM points_goods g LEFT JOIN points_stock s ON s.good_id = g.id"
             " WHERE g.village_code = $1 AND g.village_code LIKE ANY ($2::text[]) ORDER BY g.id",
             3);

/* Household $1 within patterns $2: its head, village and balance; no row: not the caller's. */
DB_STATEMENT(store_points_household,
             "SELECT h.head_name, h.village_code, coalesce(b.balance, 0) FROM households h"
             " LEFT JOIN points_balances b ON b.household_id = h.id"
             " WHERE h.id = $1::bigint AND h.village_code LIKE ANY ($2::text[])",
             2);

/* Household $1's movements (within patterns $2), newest first, at most $3. */
DB_STATEMENT(store_points_movements,
             "SELECT l.id, l.kind, l.on_date::text, l.points, coalesce(l.good_id, 0),"
             " coalesce(g.name, ''), l.quantity, coalesce(d.code, ''), coalesce(d.label, ''),"
             " l.reason, coalesce(l.reverses, 0),"
             " EXISTS (SELECT 1 FROM points_ledger c WHERE c.reverses = l.id)"
             " FROM points_ledger l LEFT JOIN points_goods g ON g.id = l.good_id"
             " LEFT JOIN points_deeds d ON d.id = l.deed_id"
             " WHERE l.household_id = $1::bigint AND l.village_code LIKE ANY ($2::text[])"
             " ORDER BY l.on_date DESC, l.id DESC LIMIT $3::integer",
             3);

/* Village $1's year $2 by month: points awarded and redeemed, a correction counted with the
 * kind it reverses in its own month; and (every row) the households with a balance and their
 * balances' total. */
DB_STATEMENT(store_points_months,
             "WITH m AS (SELECT to_char(l.on_date, 'YYYY-MM') AS month,"
             "  coalesce(sum(l.points) FILTER (WHERE coalesce(o.kind, l.kind) = 'award'), 0)"
             "   AS awarded,"
             "  coalesce(-sum(l.points) FILTER (WHERE coalesce(o.kind, l.kind) = 'redeem'), 0)"
             "   AS redeemed,"
             "  count(*) FILTER (WHERE l.kind = 'award') AS awards,"
             "  count(*) FILTER (WHERE l.kind = 'redeem') AS redemptions"
             "  FROM points_ledger l LEFT JOIN points_ledger o ON o.id = l.reverses"
             "  WHERE l.village_code = $1 AND l.village_code LIKE ANY ($3::text[])"
             "  AND l.household_id IS NOT NULL AND l.on_date >= make_date($2::integer, 1, 1)"
             "  AND l.on_date < make_date($2::integer + 1, 1, 1) GROUP BY 1),"
             " b AS (SELECT count(*) AS n, coalesce(sum(balance), 0) AS total"
             "  FROM points_balances WHERE village_code = $1"
             "  AND village_code LIKE ANY ($3::text[]))"
             " SELECT b.n, b.total, m.month, m.awarded, m.redeemed, m.awards, m.redemptions"
             " FROM b LEFT JOIN m ON true ORDER BY m.month",
             3);

/* Village $1's households awarded most in year $2 (net of corrections), at most $4. */
DB_STATEMENT(store_points_top,
             "SELECT h.id, h.head_name, sum(l.points), coalesce(b.balance, 0)"
             " FROM points_ledger l LEFT JOIN points_ledger o ON o.id = l.reverses"
             " JOIN households h ON h.id = l.household_id"
             " LEFT JOIN points_balances b ON b.household_id = h.id"
             " WHERE l.village_code = $1 AND l.village_code LIKE ANY ($3::text[])"
             " AND coalesce(o.kind, l.kind) = 'award'"
             " AND l.on_date >= make_date($2::integer, 1, 1)"
             " AND l.on_date < make_date($2::integer + 1, 1, 1)"
             " GROUP BY h.id, h.head_name, b.balance ORDER BY 3 DESC, h.id LIMIT $4::integer",
             4);

/* The check within patterns $1: the balances and stock rows checked, and one row per
 * difference (NULL columns when there is none). */
DB_STATEMENT(store_points_check,
             "SELECT n.h, n.g, c.what, c.id, c.village_code, c.kept, c.derived FROM"
             " (SELECT (SELECT count(*) FROM points_balances b"
             "   WHERE b.village_code LIKE ANY ($1::text[])) AS h,"
             "  (SELECT count(*) FROM points_stock s"
             "   WHERE s.village_code LIKE ANY ($1::text[])) AS g) n"
             " LEFT JOIN zc_points_check($1::text[]) c ON true",
             1);
