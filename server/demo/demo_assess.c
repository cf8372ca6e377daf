/* demo_assess.c -- the assessment part's demo step (考核, SPEC E1; 0131_assessment.sql; run
 * after "assessment", before "attach"): the indicator scores of the four published quarters'
 * results (each indicator at the result's score, so that the weighted total — the weights of a
 * version sum to 100 — is the published score; the system's indicators marked as such), and
 * this quarter's draft rounds of every county's teams and of its cadres, opened by
 * AssessRoundOpen's function (zc_assess_round_open) as the county's office: their cohorts and
 * the system's indicators computed by their registered functions from the load's own records;
 * the entered ones (study, excellence, discipline, recognition unless a part
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

/* %1$s the prefix. This quarter's drafts, opened by AssessRoundOpen's own function as each
 * county's office: the cohort and the system's indicators, each indicator's function called
 * once per round with the county, quarter and subject as constants, as the server calls them
 * (joined laterally to every round in one statement instead, the planner inlined the
 * functions and read every partition of visit_duties for every round: minutes at province
 * scale). */
static const char open_fmt[] =
    "SELECT count(zc_assess_round_open(o.user_id, NULL, ARRAY[left(c.code, 6) || '%%'], c.code,"
    "  date_trunc('quarter', zc_today())::date, c.subject, o.username, 'demo'))"
    " FROM (SELECT c.code, s.subject FROM org_units c"
    "  CROSS JOIN (VALUES ('team'), ('cadre')) s (subject)"
    "  WHERE c.level = 3 AND c.code LIKE '%1$s%%'"
    "  AND EXISTS (SELECT 1 FROM zc_assess_cohort(c.code,"
    "   date_trunc('quarter', zc_today())::date, s.subject))"
    "  ORDER BY c.code, s.subject DESC) c"
    " CROSS JOIN LATERAL (SELECT g.user_id, u.username FROM role_grants g"
    "  JOIN users u ON u.id = g.user_id WHERE g.role = 'county_office'"
    "  AND g.scope_code = c.code ORDER BY g.user_id LIMIT 1) o";

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

int demo_step_assess(struct demo *d)
{
    int len = d->scale == DEMO_SCALE_COUNTY ? 6 : d->scale == DEMO_SCALE_CITY ? 4 : 2;
    char prefix[13], seed[24];
    snprintf(prefix, sizeof(prefix), "%.*s", len, d->scope_code);
    snprintf(seed, sizeof(seed), "%" PRIu64, d->seed);
    char *published = xasprintf(published_fmt, prefix);
    char *open = xasprintf(open_fmt, prefix);
    char *entered = xasprintf(entered_fmt, prefix, seed);
    char *totals = xasprintf(totals_fmt, prefix);
    int rc = demo_exec_counted(d, "assess", "assessment_scores", "the published quarters' scores",
                               published);
    if (rc == 0)
        rc = demo_exec_counted(d, "assess", "assessment_rounds", "this quarter's rounds", open);
    if (rc == 0)
        rc = demo_exec_counted(d, "assess", "assessment_scores", "the entered scores", entered);
    if (rc == 0)
        rc = demo_exec_counted(d, "assess", NULL, "the totals", totals);
    free(published);
    free(open);
    free(entered);
    free(totals);
    return rc;
}
