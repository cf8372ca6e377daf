/* demo_assessment.c -- the assessment step (考核, SPEC E1; 0130_assessment_contract.sql): the
 * four quarters before the demo's today, assessed and published in every county of the load,
 * for teams and for cadres. A quarter's cohort: every team with a member serving in it, every
 * cadre serving in it (placed by their latest team of the quarter). Each gets a score of
 * 60.00–99.99 from md5(seed:round:team:person), is ranked within the round, and is graded from
 * the ranking in the policy's proportions — excellent floor(30 %), basically qualified and
 * unqualified floor(5 %) each from the bottom, qualified the rest — with the proposed grade
 * kept. The round is published 15 days after the quarter (never after today). The later parts
 * (stars, points, circulars) read these rounds; the assessment part adds the indicator scores
 * and this quarter's drafts. Run after "teams" and before "attach". */
#include "server/demo/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/xmalloc.h"

/* %1$s the loaded subtree's LIKE prefix. */
static const char cohort_fmt[] =
    "CREATE TEMP TABLE demo_as ON COMMIT DROP AS"
    " SELECT DISTINCT ON (q.q, m.person_id) q.q, m.person_id, m.team_id, t.org_code,"
    "  left(t.org_code, 6) || '000000' AS county"
    " FROM (SELECT (date_trunc('quarter', zc_today()) - make_interval(months => 3 * k))::date"
    "  AS q FROM generate_series(1, 4) k) q"
    " JOIN memberships m ON m.start_date < q.q + interval '3 months'"
    "  AND (m.end_date IS NULL OR m.end_date >= q.q)"
    " JOIN teams t ON t.id = m.team_id"
    " WHERE t.org_code LIKE '%1$s%%'"
    " ORDER BY q.q, m.person_id, m.start_date DESC, m.id DESC";

static const char rounds_sql[] =
    "INSERT INTO assessment_rounds (county_code, quarter, subject, status, published_on,"
    "  created_at, updated_at)"
    " SELECT c.county, c.q, s.subject, 'published',"
    "  least((c.q + interval '3 months 14 days')::date, zc_today()), zc_now(), zc_now()"
    " FROM (SELECT DISTINCT county, q FROM demo_as) c,"
    "  (VALUES ('team'), ('cadre')) s (subject)"
    " ORDER BY c.county, c.q, s.subject";

/* %1$s the seed. */
static const char results_fmt[] =
    "INSERT INTO assessment_results (round_id, team_id, person_id, org_code, score, rank,"
    "  proposed, grade, updated_at)"
    " SELECT x.round_id, x.team_id, x.person_id, x.org_code, x.score,"
    "  rank() OVER (PARTITION BY x.round_id ORDER BY x.score DESC), x.g, x.g, zc_now()"
    " FROM (SELECT y.*, CASE"
    "   WHEN y.rn <= floor(y.n * 0.30) THEN 'excellent'"
    "   WHEN y.rn > y.n - floor(y.n * 0.05) THEN 'unqualified'"
    "   WHEN y.rn > y.n - 2 * floor(y.n * 0.05) THEN 'basic'"
    "   ELSE 'qualified' END AS g"
    "  FROM (SELECT z.*, row_number() OVER (PARTITION BY z.round_id"
    "    ORDER BY z.score DESC, z.team_id, z.person_id) AS rn,"
    "   count(*) OVER (PARTITION BY z.round_id) AS n"
    "   FROM (SELECT r.id AS round_id, s.team_id, s.person_id, s.org_code,"
    "     60 + ((get_byte(h, 0) * 256 + get_byte(h, 1)) %% 4000) / 100.0 AS score"
    "    FROM (SELECT 'team' AS subject, q, county, team_id, NULL::bigint AS person_id,"
    "      min(org_code) AS org_code FROM demo_as GROUP BY q, county, team_id"
    "     UNION ALL SELECT 'cadre', q, county, team_id, person_id, org_code FROM demo_as) s"
    "    JOIN assessment_rounds r ON r.county_code = s.county AND r.quarter = s.q"
    "     AND r.subject = s.subject,"
    "    LATERAL decode(md5('%1$s:' || r.id || ':' || s.team_id || ':' ||"
    "     coalesce(s.person_id, 0)), 'hex') h) z) y) x";

int demo_step_assessment(struct demo *d)
{
    int len = d->scale == DEMO_SCALE_COUNTY ? 6 : d->scale == DEMO_SCALE_CITY ? 4 : 2;
    char prefix[13], seed[24];
    snprintf(prefix, sizeof(prefix), "%.*s", len, d->scope_code);
    snprintf(seed, sizeof(seed), "%" PRIu64, d->seed);
    char *cohort = xasprintf(cohort_fmt, prefix);
    char *results = xasprintf(results_fmt, seed);
    int rc = demo_exec_counted(d, "assessment", NULL, "the cohorts", cohort);
    if (rc == 0)
        rc = demo_exec_counted(d, "assessment", NULL, "statistics", "ANALYZE demo_as");
    if (rc == 0)
        rc = demo_exec_counted(d, "assessment", "assessment_rounds", NULL, rounds_sql);
    if (rc == 0)
        rc = demo_exec_counted(d, "assessment", "assessment_results", NULL, results);
    free(cohort);
    free(results);
    return rc;
}
