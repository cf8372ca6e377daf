/* demo_assess.c -- the assessment part's demo step (考核, SPEC E1; 0131_assessment.sql; run
 * after "assessment", before "attach"): the indicator scores of the four published quarters'
 * results (each indicator at the result's score, so that the weighted total — the weights of a
 * version sum to 100 — is the published score; the system's indicators marked as such), and
 * this quarter's draft rounds of every county's teams and of its cadres: their cohorts
 * (zc_assess_cohort), the system's indicators computed by their registered functions from the
 * load's own records, the entered ones (study, excellence, discipline, recognition unless a part
 * registered a function for them) scored 60.00-99.99 from md5(seed:result:indicator) with a reason,
 * the totals; not yet ranked, so that the county's workbench has a round to rank, adjust and
 * submit. */
#include "server/demo/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/xmalloc.h"

/* %1$s the loaded subtree's LIKE prefix. */
static const char published_fmt[] =
    "INSERT INTO assessment_scores (result_id, indicator, org_code, score, source, reason,"
    "  evidence, updated_at)"
    " SELECT s.id, i.code, s.org_code, s.score,"
    "  CASE WHEN i.score_fn IS NULL THEN 'entered' ELSE 'system' END,"
    "  CASE WHEN i.score_fn IS NULL THEN '县驻村办季度评定' ELSE '' END,"
    "  CASE WHEN i.score_fn IS NULL THEN '' ELSE '得分 ' || s.score END, zc_now()"
    " FROM assessment_rounds r JOIN assessment_results s ON s.round_id = r.id"
    " CROSS JOIN assessment_indicators i"
    " WHERE r.status = 'published' AND r.county_code LIKE '%1$s%%'";

static const char rounds_fmt[] =
    "INSERT INTO assessment_rounds (county_code, quarter, subject, created_at, updated_at)"
    " SELECT o.code, date_trunc('quarter', zc_today())::date, s.subject, zc_now(), zc_now()"
    " FROM org_units o CROSS JOIN (VALUES ('team'), ('cadre')) s (subject)"
    " WHERE o.level = 3 AND o.code LIKE '%1$s%%'"
    " AND EXISTS (SELECT 1 FROM zc_assess_cohort(o.code, date_trunc('quarter', zc_today())::date,"
    "  s.subject))"
    " ORDER BY o.code, s.subject DESC";

static const char results_fmt[] =
    "INSERT INTO assessment_results (round_id, team_id, person_id, org_code, updated_at)"
    " SELECT r.id, c.team_id, c.person_id, c.org_code, zc_now()"
    " FROM assessment_rounds r, LATERAL zc_assess_cohort(r.county_code, r.quarter, r.subject) c"
    " WHERE r.status = 'draft' AND r.county_code LIKE '%1$s%%'";

/* %1$s the prefix, %2$s the indicator, %3$s its function's name. The function's rows of
 * every draft round first, then joined to the results by hash: joined directly, the planner
 * rescanned each round's function result for every result of the load (minutes at province
 * scale). */
static const char system_fmt[] =
    "WITH f AS MATERIALIZED (SELECT r.id AS round_id, f.team_id, coalesce(f.person_id, 0) AS"
    "  person_id, f.score, f.evidence"
    "  FROM assessment_rounds r, LATERAL %3$s(r.county_code, r.quarter, r.subject) f"
    "  WHERE r.status = 'draft' AND r.county_code LIKE '%1$s%%')"
    " INSERT INTO assessment_scores (result_id, indicator, org_code, score, source, evidence,"
    "  updated_at)"
    " SELECT s.id, '%2$s', s.org_code, least(greatest(f.score, 0), 100), 'system',"
    "  left(f.evidence, 200), zc_now()"
    " FROM f JOIN assessment_results s ON s.round_id = f.round_id AND s.team_id = f.team_id"
    "  AND coalesce(s.person_id, 0) = f.person_id";

/* %1$s the prefix, %2$s the seed. */
static const char entered_fmt[] =
    "INSERT INTO assessment_scores (result_id, indicator, org_code, score, source, reason,"
    "  updated_at)"
    " SELECT s.id, i.code, s.org_code,"
    "  60 + ((get_byte(h, 0) * 256 + get_byte(h, 1)) %% 4000) / 100.0, 'entered',"
    "  '县驻村办季度评定', zc_now()"
    " FROM assessment_rounds r JOIN assessment_results s ON s.round_id = r.id"
    " CROSS JOIN assessment_indicators i,"
    " LATERAL decode(md5('%2$s:' || s.id || ':' || i.code), 'hex') h"
    " WHERE r.status = 'draft' AND r.county_code LIKE '%1$s%%' AND i.score_fn IS NULL";

static const char totals_fmt[] =
    "UPDATE assessment_results s SET score = zc_assess_total(s.id, r.subject, r.quarter)"
    " FROM assessment_rounds r WHERE r.id = s.round_id AND r.status = 'draft'"
    " AND r.county_code LIKE '%1$s%%'";

/* The system's indicators of this quarter's drafts, by each registered function. */
static int system_scores(struct demo *d, const char *prefix)
{
    PGresult *res = PQexec(d->pg, "SELECT code, score_fn::regproc::text FROM"
                                  " assessment_indicators WHERE score_fn IS NOT NULL ORDER BY ord");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "zhucun-server: demo: assess: indicators: %s", PQresultErrorMessage(res));
        PQclear(res);
        return -1;
    }
    int rc = 0;
    for (int i = 0; rc == 0 && i < PQntuples(res); i++) {
        char *sql = xasprintf(system_fmt, prefix, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
        rc = demo_exec_counted(d, "assess", "assessment_scores", PQgetvalue(res, i, 0), sql);
        free(sql);
    }
    PQclear(res);
    return rc;
}

int demo_step_assess(struct demo *d)
{
    int len = d->scale == DEMO_SCALE_COUNTY ? 6 : d->scale == DEMO_SCALE_CITY ? 4 : 2;
    char prefix[13], seed[24];
    snprintf(prefix, sizeof(prefix), "%.*s", len, d->scope_code);
    snprintf(seed, sizeof(seed), "%" PRIu64, d->seed);
    char *published = xasprintf(published_fmt, prefix);
    char *rounds = xasprintf(rounds_fmt, prefix);
    char *results = xasprintf(results_fmt, prefix);
    char *entered = xasprintf(entered_fmt, prefix, seed);
    char *totals = xasprintf(totals_fmt, prefix);
    int rc = demo_exec_counted(d, "assess", "assessment_scores", "the published quarters' scores",
                               published);
    if (rc == 0)
        rc = demo_exec_counted(d, "assess", "assessment_rounds", "this quarter's rounds", rounds);
    if (rc == 0)
        rc =
            demo_exec_counted(d, "assess", "assessment_results", "this quarter's cohorts", results);
    if (rc == 0)
        rc = demo_exec_counted(d, "assess", NULL, "statistics", "ANALYZE assessment_results");
    if (rc == 0)
        rc = system_scores(d, prefix);
    if (rc == 0)
        rc = demo_exec_counted(d, "assess", "assessment_scores", "the entered scores", entered);
    if (rc == 0)
        rc = demo_exec_counted(d, "assess", NULL, "the totals", totals);
    free(published);
    free(rounds);
    free(results);
    free(entered);
    free(totals);
    return rc;
}
