/* demo_lookback.c -- the look-back step (回头看, SPEC P4; 0115_lookback.sql): this year's
 * campaign in each county of the load ("2026年扶贫项目资产回头看"), reviews of about half of
 * the projects it covers (carried out since 2013: in construction or later), and for the
 * reviews that are not good a finding each, made an item of the village's ledger (扶贫项目资产
 * 管理, task list, source look_back) for the village team's captain (or a member), due in
 * sixty days. Every choice is a byte of md5(seed:project): the same project gets the same
 * review at every scale. Run after "projects", whose rows it reads, and before "attach",
 * which links evidence to some reviews. Each village's responsible cadre is found once, in a
 * table of its own, and joined: a lookup per project (no statistics inside the load's
 * transaction) read the memberships over and over and ran past 90 s at city scale. */
#include "server/demo/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/xmalloc.h"

/* $PREFIX: the loaded subtree's LIKE prefix; $SEED the seed. Byte k of the project's hash is
 * b(k). */
static const char sql_fmt[] =
    "CREATE TEMP TABLE demo_lb_team ON COMMIT DROP AS"
    " SELECT DISTINCT ON (t.org_code) t.org_code, m.person_id"
    " FROM memberships m JOIN teams t ON t.id = m.team_id"
    " WHERE t.kind = 'village' AND t.org_code LIKE '%s%%' AND m.end_date IS NULL"
    " ORDER BY t.org_code, m.post = 'captain' DESC, m.id;"
    "CREATE TEMP TABLE demo_lb ON COMMIT DROP AS"
    " SELECT p.id, p.name, p.village_code, p.expected_households AS expected,"
    "  decode(md5('%s:' || p.id), 'hex') AS h, coalesce(c.person_id, 0) AS responsible"
    " FROM projects p LEFT JOIN demo_lb_team c ON c.org_code = p.village_code"
    " WHERE p.village_code LIKE '%s%%' AND p.year >= 2013"
    " AND p.status IN ('construction', 'completed', 'accepted', 'registered', 'handed_over',"
    "  'maintenance');"
    "DELETE FROM demo_lb WHERE get_byte(h, 0) >= 128;"
    "INSERT INTO lookback_campaigns (village_code, name, year, created_at)"
    " SELECT o.code, extract(year FROM zc_today()) || '年扶贫项目资产回头看',"
    "  extract(year FROM zc_today()), zc_now()"
    " FROM org_units o WHERE o.level = 3 AND o.code LIKE '%s%%';"
    "INSERT INTO lookback_reviews (campaign_id, project_id, village_code, reviewed_on,"
    "  docs_missing, households_expected, households_found, upkeep, verdict, note, created_at)"
    " SELECT c.id, x.id, x.village_code,"
    "  greatest(date_trunc('year', zc_today())::date, zc_today() - get_byte(x.h, 1) %% 60),"
    "  CASE WHEN get_byte(x.h, 2) < 190 THEN '{}'::text[] ELSE ARRAY[(ARRAY['approval',"
    "   'tender', 'acceptance', 'asset_registration', 'handover'])[1 + get_byte(x.h, 3) %% 5]]"
    "  END,"
    "  x.expected, greatest(0, x.expected - get_byte(x.h, 4) %% (x.expected / 4 + 1)),"
    "  CASE WHEN get_byte(x.h, 5) < 205 THEN 'in_use' WHEN get_byte(x.h, 5) < 235 THEN 'idle'"
    "   ELSE 'damaged' END,"
    "  CASE WHEN x.responsible = 0 OR (get_byte(x.h, 2) < 190 AND get_byte(x.h, 5) < 205"
    "    AND get_byte(x.h, 6) < 215) THEN 'good'"
    "   WHEN get_byte(x.h, 5) >= 235 THEN 'serious' ELSE 'rectify' END,"
    "  '', zc_now()"
    " FROM demo_lb x JOIN lookback_campaigns c ON c.village_code = left(x.village_code, 6) ||"
    "  '000000';"
    "INSERT INTO lookback_findings (review_id, village_code, text, area)"
    " SELECT r.id, r.village_code,"
    "  CASE WHEN r.upkeep = 'damaged' THEN '项目设施损坏，管护责任未落实'"
    "   WHEN r.upkeep = 'idle' THEN '项目资产闲置，未发挥带贫效益'"
    "   WHEN cardinality(r.docs_missing) > 0 THEN '项目档案不全，缺少' ||"
    "    (SELECT k.label FROM lookback_doc_kinds k WHERE k.code = r.docs_missing[1])"
    "   ELSE '实际受益户数少于计划，带贫效果不明显' END,"
    "  CASE WHEN r.upkeep = 'in_use' AND cardinality(r.docs_missing) = 0 THEN 'industry'"
    "   ELSE 'assets' END"
    " FROM lookback_reviews r WHERE r.verdict <> 'good'"
    " AND r.village_code LIKE '%s%%' ORDER BY r.id;"
    "WITH i AS (INSERT INTO ledger_items (village_code, text, responsible_id, deadline, urgent,"
    "  status, area, list, source_kind, source_id, created_at)"
    " SELECT f.village_code, left('【项目回头看】' || x.name || '：' || f.text, 1000),"
    "  x.responsible, zc_today() + 60, false, 'open', f.area, 'task', 'look_back', f.id, zc_now()"
    " FROM lookback_findings f JOIN lookback_reviews r ON r.id = f.review_id"
    " JOIN demo_lb x ON x.id = r.project_id WHERE f.village_code LIKE '%s%%'"
    " RETURNING id, source_id)"
    " UPDATE lookback_findings f SET ledger_item_id = i.id FROM i WHERE f.id = i.source_id;";

int demo_step_lookback(struct demo *d)
{
    int len = d->scale == DEMO_SCALE_COUNTY ? 6 : d->scale == DEMO_SCALE_CITY ? 4 : 2;
    char prefix[13], seed[24];
    snprintf(prefix, sizeof(prefix), "%.*s", len, d->scope_code);
    snprintf(seed, sizeof(seed), "%" PRIu64, d->seed);
    char *sql = xasprintf(sql_fmt, prefix, seed, prefix, prefix, prefix, prefix);
    PGresult *res = PQexec(d->pg, sql);
    free(sql);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
    if (rc != 0)
        fprintf(stderr, "zhucun-server: demo: look-back: %s", PQresultErrorMessage(res));
    PQclear(res);
    return rc;
}
