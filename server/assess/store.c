/* assess/store.c -- SQL for the quarterly assessment (functions in 0131_assessment.sql;
 * docs/assessment.md). Every write is keyed: its key $2 bound to the request's hash (the last
 * parameter); $3 the caller's patterns (a county office's counties). */
#include "server/assess/store.h"

DB_STATEMENT(store_assess_round_open,
             "SELECT zc_assess_round_open($1::bigint, zc_idem_bind($2, $9), $3::text[], $4,"
             " $5::date, $6, $7, $8)",
             9);

DB_STATEMENT(store_assess_score_set,
             "SELECT zc_assess_score_set($1::bigint, zc_idem_bind($2, $10), $3::text[],"
             " $4::bigint, $5, $6::numeric / 100, $7, $8, $9)",
             10);

/* The round $2 (or the round of result $3) within the patterns $1, for the solver. */
DB_STATEMENT(store_assess_state,
             "SELECT round_id, version, status, result_id, score, grade, proposed, grades,"
             " shares, roundings, bounds FROM zc_assess_state($1::text[], $2::bigint, $3::bigint)",
             3);

DB_STATEMENT(store_assess_rank,
             "SELECT zc_assess_rank($1::bigint, zc_idem_bind($2, $11), $3::text[], $4::bigint,"
             " $5, $6::bigint[], $7::integer[], $8::text[], $9, $10)",
             11);

DB_STATEMENT(store_assess_override,
             "SELECT zc_assess_override($1::bigint, zc_idem_bind($2, $10), $3::text[],"
             " $4::bigint, $5, $6, $7, $8, $9)",
             10);

DB_STATEMENT(store_assess_submit,
             "SELECT zc_assess_submit($1::bigint, zc_idem_bind($2, $7), $3::text[], $4::bigint,"
             " $5, $6)",
             7);

/* The round $2 if its county is within the patterns $1 or the caller's place lies within
 * the county (a township: RLS shows it its results only): the round, its quotas and its
 * indicators with their weights. */
DB_STATEMENT(
    store_assess_show_head,
    "SELECT r.id, r.county_code, o.name, r.quarter::text, r.subject, r.status,"
    " coalesce(r.approval_id, 0), coalesce(r.published_on::text, ''),"
    " (SELECT array_agg(q.grade) FROM zc_assess_quotas(r.quarter) q),"
    " (SELECT array_agg(q.label) FROM zc_assess_quotas(r.quarter) q),"
    " (SELECT array_agg(q.share_pct) FROM zc_assess_quotas(r.quarter) q),"
    " (SELECT array_agg(q.rounding) FROM zc_assess_quotas(r.quarter) q),"
    " (SELECT array_agg(q.bound) FROM zc_assess_quotas(r.quarter) q),"
    " (SELECT array_agg(i.code ORDER BY i.ord) FROM assessment_indicators i),"
    " (SELECT array_agg(i.label ORDER BY i.ord) FROM assessment_indicators i),"
    " (SELECT array_agg(coalesce((w.weight * 100)::integer, 0) ORDER BY i.ord)"
    "  FROM assessment_indicators i LEFT JOIN zc_assess_weights(r.subject, r.quarter) w"
    "  ON w.indicator = i.code),"
    " (SELECT array_agg(i.score_fn IS NOT NULL ORDER BY i.ord) FROM assessment_indicators i)"
    " FROM assessment_rounds r JOIN org_units o ON o.code = r.county_code"
    " WHERE r.id = $2::bigint AND (r.county_code LIKE ANY ($1::text[])"
    "  OR EXISTS (SELECT 1 FROM unnest($1::text[]) p WHERE p LIKE left(r.county_code, 6) || '%'))",
    2);

/* The results of round $1 the caller sees (row-level security), best first, with their
 * indicator scores side by side in the indicators' order (-1: none yet). */
DB_STATEMENT(
    store_assess_show_results,
    "SELECT s.id, s.team_id, t.name, coalesce(s.person_id, 0), coalesce(p.name, ''), s.org_code,"
    " o.name, (s.score * 100)::integer, coalesce(s.rank, 0), coalesce(s.proposed, ''),"
    " coalesce(s.grade, ''), s.override_reason,"
    " array_agg(i.code ORDER BY i.ord),"
    " array_agg(coalesce((x.score * 100)::integer, -1) ORDER BY i.ord),"
    " array_agg(coalesce(x.source, 'missing') ORDER BY i.ord),"
    " array_agg(coalesce(x.reason, '') ORDER BY i.ord),"
    " array_agg(coalesce(x.evidence, '') ORDER BY i.ord)"
    " FROM assessment_results s JOIN teams t ON t.id = s.team_id"
    " JOIN org_units o ON o.code = s.org_code LEFT JOIN persons p ON p.id = s.person_id"
    " CROSS JOIN assessment_indicators i"
    " LEFT JOIN assessment_scores x ON x.result_id = s.id AND x.indicator = i.code"
    " WHERE s.round_id = $1::bigint"
    " GROUP BY s.id, t.name, p.name, o.name"
    " ORDER BY coalesce(s.rank, 2147483647), s.score DESC, s.id",
    1);

/* The rounds of the counties within the patterns $1 (or containing the caller's place), of
 * quarter $2 (NULL: any), newest first, $3 rows at most. */
DB_STATEMENT(
    store_assess_list,
    "SELECT r.id, r.county_code, o.name, r.quarter::text, r.subject, r.status,"
    " (SELECT count(*) FROM assessment_results s WHERE s.round_id = r.id),"
    " coalesce(r.approval_id, 0), coalesce(r.published_on::text, '')"
    " FROM assessment_rounds r JOIN org_units o ON o.code = r.county_code"
    " WHERE (r.county_code LIKE ANY ($1::text[])"
    "  OR EXISTS (SELECT 1 FROM unnest($1::text[]) p WHERE p LIKE left(r.county_code, 6) || '%'))"
    " AND ($2::date IS NULL OR r.quarter = $2::date)"
    " ORDER BY r.quarter DESC, r.county_code, r.subject LIMIT $3::integer",
    3);

/* The published results of quarter $2 and subject $3 in the counties within the patterns $1,
 * ranked within each city by score (equal scores share a rank) and, as published, within the
 * county; by city, city rank, county; $4 rows at most. */
DB_STATEMENT(
    store_assess_ranking,
    "SELECT x.city, cy.name, x.county_code, co.name, x.team_id, t.name, coalesce(x.person_id, 0),"
    " coalesce(pe.name, ''), v.name, (x.score * 100)::integer, x.grade, x.city_rank, x.rank"
    " FROM (SELECT p.*, left(p.county_code, 4) || '00000000' AS city,"
    "   rank() OVER (PARTITION BY left(p.county_code, 4) ORDER BY p.score DESC) AS city_rank"
    "  FROM assessment_published p WHERE p.quarter = $2::date AND p.subject = $3"
    "  AND p.county_code LIKE ANY ($1::text[])) x"
    " JOIN org_units cy ON cy.code = x.city JOIN org_units co ON co.code = x.county_code"
    " JOIN teams t ON t.id = x.team_id JOIN org_units v ON v.code = x.org_code"
    " LEFT JOIN persons pe ON pe.id = x.person_id"
    " ORDER BY x.city, x.city_rank, x.county_code, x.team_id, x.person_id LIMIT $4::integer",
    4);
