/* stars/store.c -- SQL for stars and a cadre's points (functions in 0135_stars_points.sql;
 * docs/stars-points.md). Every write is keyed: its key $2 bound to the request's hash (the last
 * parameter); $3 the caller's LIKE patterns. */
#include "server/stars/store.h"

DB_STATEMENT(store_stars_compute,
             "SELECT zc_stars_compute($1::bigint, zc_idem_bind($2, $8), $3::text[], $4,"
             " $5::date, $6, $7)",
             8);

DB_STATEMENT(store_stars_adjust,
             "SELECT zc_stars_adjust($1::bigint, zc_idem_bind($2, $10), $3::text[], $4::bigint,"
             " $5::date, $6, $7, $8, $9)",
             10);

/* $4: stars or points. */
DB_STATEMENT(store_filing_submit,
             "SELECT zc_filing_submit($1::bigint, zc_idem_bind($2, $9), $3::text[], $4, $5,"
             " $6::date, $7, $8)",
             9);

/* The counties within $1 with their filing of kind $2 for the period starting $3. */
DB_STATEMENT(store_stars_status,
             "SELECT city_code, city_name, county_code, county_name, status, filed_at,"
             " approval_id FROM zc_filing_status($1::text[], $2, $3::date)",
             3);

/* County $1's teams with their stars of the half starting $2, the most stars first. */
DB_STATEMENT(store_stars_list,
             "SELECT s.team_id, t.name, s.org_code, s.grade, g.label, s.first, s.base, s.adjust,"
             " s.stars, coalesce(string_agg(r.code || ' ' || a.delta || ' ' || a.reason, '; '"
             "                              ORDER BY a.id), ''),"
             " coalesce((SELECT f.status FROM filings f WHERE f.kind = 'stars'"
             "           AND f.county_code = $1 AND f.period = $2::date), 'missing')"
             " FROM team_stars s JOIN teams t ON t.id = s.team_id"
             " JOIN assessment_grades g ON g.code = s.grade"
             " LEFT JOIN star_adjustments a ON a.team_id = s.team_id AND a.half = s.half"
             " LEFT JOIN star_indicator_rules r ON r.id = a.rule_id"
             " WHERE s.county_code = $1 AND s.half = $2::date"
             " GROUP BY s.id, t.name, g.label ORDER BY s.stars DESC, s.org_code, s.team_id",
             2);

/* Patterns $1, county $2, the half starting $3, the quarter starting $4 (0152). */
DB_STATEMENT(store_stars_codes,
             "SELECT kind, code, label, amount, own"
             " FROM zc_stars_codes($1::text[], $2, $3::date, $4::date)",
             4);

DB_STATEMENT(store_cadre_points_rate,
             "SELECT zc_points_rate($1::bigint, zc_idem_bind($2, $8), $3::text[], $4, $5::date,"
             " $6, $7)",
             8);

DB_STATEMENT(store_cadre_points_add,
             "SELECT zc_points_item_add($1::bigint, zc_idem_bind($2, $13), $3::text[],"
             " $4::bigint, $5::date, $6, $7, $8, $9::bigint,"
             " (SELECT coalesce(array_agg(decode(x, 'hex')), '{}') FROM unnest($10::text[]) x),"
             " $11, $12)",
             13);

/* Caller $1, patterns $2 (the office roles'), cadre $3 (0: the caller's own). */
DB_STATEMENT(store_cadre_points_history,
             "SELECT id, person_id, person_name, to_char(quarter, 'YYYY\"Q\"Q'), kind, item_code,"
             " points::text, running::text, reason, source_kind, source_id, county_code,"
             " evidence FROM zc_points_history($1::bigint, $2::text[], $3::bigint)",
             3);

/* Patterns $1, quarters from $2 to $3, $4 rows at most. */
DB_STATEMENT_CUSTOM(store_cadre_points_ranking,
                    "SELECT rank, person_id, name, county_code, county_name, org_code, total::text,"
                    " entries FROM zc_points_ranking($1::text[], $2::date, $3::date, $4::integer)",
                    4);
