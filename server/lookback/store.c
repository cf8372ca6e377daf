/* lookback/store.c -- SQL for the look-back (functions in 0115_lookback.sql;
 * docs/lookback.md). */
#include "server/lookback/store.h"

DB_STATEMENT(store_lookback_campaign_create,
             "SELECT zc_lookback_campaign_create($1::bigint, zc_idem_bind($2, $9), $3::text[], $4,"
             " $5, $6::integer, $7, $8)",
             9);

/* $4 campaign, $5 project, $6 day, $7 missing documents, $8 households found, $9 upkeep, $10
 * verdict, $11 note, $12 and $13 the findings' texts and areas, $14 responsible, $15
 * deadline, $16 evidence (hex). */
DB_STATEMENT(store_lookback_review,
             "SELECT zc_lookback_review($1::bigint, zc_idem_bind($2, $19), $3::text[], $4::bigint,"
             " $5::bigint, $6::date, $7::text[], $8::integer, $9, $10, $11, $12::text[],"
             " $13::text[], $14::bigint, $15::date,"
             " (SELECT array_agg(decode(x, 'hex')) FROM unnest($16::text[]) x), $17, $18)",
             19);

/* The campaigns seen through patterns $1 (their office's, above or below them), newest first,
 * at most $2, with the reviews in the patterns. */
DB_STATEMENT(store_lookback_campaigns,
             "SELECT c.id, c.village_code, o.name, c.name, c.year, c.since_year,"
             " (SELECT count(*) FROM lookback_reviews r WHERE r.campaign_id = c.id"
             "  AND r.village_code LIKE ANY ($1::text[]))"
             " FROM lookback_campaigns c JOIN org_units o ON o.code = c.village_code"
             " WHERE zc_lookback_campaign_seen(c.village_code, $1::text[])"
             " ORDER BY c.year DESC, c.id DESC LIMIT $2::integer",
             2);

/* The reviews in patterns $1 of campaign $2 and project $3 (0: any), newest first, at most $4;
 * the findings as arrays side by side. */
DB_STATEMENT(store_lookback_reviews,
             "SELECT r.id, r.campaign_id, c.name, r.project_id, p.name, r.village_code,"
             " r.reviewed_on::text, r.docs_missing, r.households_expected, r.households_found,"
             " r.upkeep, r.verdict, r.note,"
             " (SELECT count(*) FROM attachment_links a WHERE a.kind = 'lookback_review'"
             "  AND a.record_id = r.id),"
             " coalesce(f.texts, '{}'), coalesce(f.areas, '{}'), coalesce(f.items, '{}')"
             " FROM lookback_reviews r JOIN lookback_campaigns c ON c.id = r.campaign_id"
             " JOIN projects p ON p.id = r.project_id"
             " LEFT JOIN LATERAL (SELECT array_agg(x.text ORDER BY x.id) AS texts,"
             "  array_agg(x.area ORDER BY x.id) AS areas,"
             "  array_agg(coalesce(x.ledger_item_id, 0) ORDER BY x.id) AS items"
             "  FROM lookback_findings x WHERE x.review_id = r.id) f ON true"
             " WHERE r.village_code LIKE ANY ($1::text[])"
             " AND ($2::bigint = 0 OR r.campaign_id = $2::bigint)"
             " AND ($3::bigint = 0 OR r.project_id = $3::bigint)"
             " ORDER BY r.reviewed_on DESC, r.id DESC LIMIT $4::integer",
             4);

/* Campaign $1's progress within patterns $2: its child units, then at most $3 projects not
 * yet reviewed. */
DB_STATEMENT(store_lookback_progress,
             "SELECT kind, code, name, projects, reviewed, project_id, village_code, year, status"
             " FROM zc_lookback_progress($1::bigint, $2::text[], $3::integer)",
             3);

/* $4.. the file's projects, one element each (0116_project_import.sql). */
DB_STATEMENT(store_project_import,
             "SELECT line, field, message FROM zc_project_import($1::bigint, zc_idem_bind($2, $23),"
             " $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[], $8::integer[],"
             " $9::bigint[], $10::text[], $11::text[], $12::date[], $13::date[], $14::date[],"
             " $15::date[], $16::text[], $17::text[], $18::integer[], $19::integer[],"
             " $20::integer[], $21, $22)",
             23);
