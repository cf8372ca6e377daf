/* demo_assets.c -- the assets step (扶贫项目资产, SPEC P3; 0110_project_assets.sql;
 * docs/assets.md), after "projects", whose rows it reads in the demo's transaction:
 *
 *   - every project at accepted or later gets its assets: an industry project an operational
 *     asset (and, with named beneficiaries, up to three household-level ones owned by them),
 *     the other kinds a public-welfare asset (a second one now and then); together worth at
 *     most the budget. A registered project's assets are registered (确权) after its
 *     completion, a handed-over or maintained project's also handed over (移交) by the day it
 *     entered its state; an accepted project's not yet;
 *   - most villages have one to three public-welfare posts held by working-age members of
 *     distinct households (some ended), the first paid from the village's operational asset
 *     when it has one;
 *   - upkeep: a record about every ten months since an asset was handed over or registered
 *     (in the last three years: what the system holds), and for one asset in five none in the
 *     last thirteen months (due: AssetDue); the asset's
 *     condition is its latest record's;
 *   - last year's income of every operational asset registered before it, distributed to the
 *     collective, the project's beneficiaries in the asset's village and the posts it pays,
 *     the parts adding up to the income exactly (the remainder the collective's).
 *
 * Every choice is a hash of the seed and the row's key (md5, in SQL): the rows of a county
 * are the same at every scale, and their ids are demo_id's (county block + n, n in the
 * county's order). The database's triggers check every row as they would a call's. */
#include "server/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "server/admin.h"

/* A number 0 .. 2^28-1 from the step's seed and a key (created for the step's session). */
static const char hash_fn[] =
    "CREATE FUNCTION pg_temp.demo_h(p_seed text, p_key text) RETURNS int"
    " LANGUAGE sql IMMUTABLE AS"
    " $$ SELECT ('x' || substr(md5(p_seed || ':' || p_key), 1, 7))::bit(28)::int $$";

/* Each pass: $1 the seed's text, $2 today, $3 the loaded subtree's LIKE pattern. Ids: the
 * county's block (the first six digits of the village code) * 100000 + n, n in the county's
 * own order. */
/* clang-format off */
static const struct {
    const char *table;
    const char *sql;
} passes[] = {
    /* Assets: one per project (60-80 % of the budget), for other kinds than industry now and
     * then a second (10 %), household-level ones of industry projects 5 % each. The village's
     * name by org_units' key in its collation (a project's village_code is COLLATE "C", with
     * which the key's index cannot answer: a scan of every org unit per asset, past 20
     * minutes at province scale). */
    {"project_assets",
     "WITH p AS (SELECT p.*, pg_temp.demo_h($1, 'p' || p.id) AS h,"
     "  least(p.status_on, coalesce(p.actual_end, p.status_on)"
     "   + pg_temp.demo_h($1, 'r' || p.id) % 20) AS reg,"
     "  (SELECT o.name FROM org_units o WHERE o.code = p.village_code COLLATE \"default\")"
     "   AS vname"
     "  FROM projects p WHERE p.village_code LIKE $3"
     "  AND p.status IN ('accepted', 'registered', 'handed_over', 'maintenance')),"
     " a AS ("
     "  SELECT p.*, 1::bigint AS n, CASE WHEN p.kind = 'industry' THEN 'operational'"
     "   ELSE 'public_welfare' END AS category, p.name AS aname, NULL::bigint AS owner,"
     "   p.budget_fen * (60 + p.h % 21) / 100 AS value FROM p"
     "  UNION ALL SELECT p.*, 2, 'public_welfare', p.name || '配套设施', NULL,"
     "   p.budget_fen / 10 FROM p WHERE p.kind <> 'industry' AND p.h % 4 = 0"
     "  UNION ALL SELECT p.*, 2 + b.k, 'household', '到户扶贫资产（' || h.head_name || '户）',"
     "   b.household_id, p.budget_fen / 20"
     "  FROM p JOIN LATERAL (SELECT x.household_id, row_number() OVER (ORDER BY x.household_id)"
     "   AS k FROM project_beneficiaries x WHERE x.project_id = p.id) b ON b.k <= 3"
     "  JOIN households h ON h.id = b.household_id WHERE p.kind = 'industry')"
     " INSERT INTO project_assets (id, project_id, village_code, category, name,"
     "  owner_household, custodian, custodian_person, value_fen, address, lat, lon,"
     "  registered_on, certificate_no, handed_over_on, handed_over_to, upkeep_by,"
     "  upkeep_funding, condition)"
     " SELECT left(a.village_code, 6)::bigint * 100000 + row_number() OVER"
     "   (PARTITION BY left(a.village_code, 6) ORDER BY a.village_code, a.id, a.n),"
     "  a.id, a.village_code, a.category, a.aname, a.owner,"
     "  CASE a.category WHEN 'household' THEN '受益农户' WHEN 'operational'"
     "   THEN a.vname || '股份经济合作社' ELSE a.vname || '村民委员会' END,"
     "  (ARRAY['王建国', '李春生', '张玉兰', '刘守田', '赵永红', '陈德明'])"
     "   [1 + pg_temp.demo_h($1, 'c' || a.id || ':' || a.n) % 6],"
     "  greatest(a.value, 1),"
     "  a.vname || (ARRAY['村委会东侧', '村南', '村北山坡', '主街西段'])[1 + a.h % 4],"
     "  CASE WHEN a.h % 2 = 0 THEN round(35 + (pg_temp.demo_h($1, 'y' || a.id || ':' || a.n)"
     "   % 500000) / 100000.0, 6) END,"
     "  CASE WHEN a.h % 2 = 0 THEN round(110.5 + (pg_temp.demo_h($1, 'x' || a.id || ':' || a.n)"
     "   % 400000) / 100000.0, 6) END,"
     "  CASE WHEN a.status <> 'accepted' THEN a.reg END,"
     "  CASE WHEN a.status <> 'accepted' THEN 'JZ' || a.year || '-' || a.id || '-' || a.n END,"
     "  CASE WHEN a.status IN ('handed_over', 'maintenance') THEN a.status_on END,"
     "  CASE WHEN a.status IN ('handed_over', 'maintenance') THEN CASE a.category"
     "   WHEN 'household' THEN '受益农户' ELSE a.vname || '村民委员会' END END,"
     "  CASE a.category WHEN 'household' THEN '受益农户' ELSE a.vname || '村民委员会' END,"
     "  (ARRAY['村集体经济收益', '县级管护资金', '一事一议财政奖补'])[1 + a.h % 3], 'good'"
     " FROM a"},
    /* Posts: in eight villages of ten, 1-3 holders, working-age members of distinct
     * households; one in five ended after a year or two. */
    {"welfare_posts",
     "WITH v AS MATERIALIZED (SELECT o.code, pg_temp.demo_h($1, 'v' || o.code) AS h"
     "  FROM org_units o WHERE o.level = 5 AND o.code LIKE $3),"
     " c AS MATERIALIZED (SELECT * FROM (SELECT v.code, v.h, hh.id AS household_id,"
     "  row_number() OVER (PARTITION BY v.code ORDER BY pg_temp.demo_h($1, 'm' || hh.id), hh.id)"
     "  AS rank FROM v JOIN households hh ON hh.village_code = v.code WHERE v.h % 10 < 8) x"
     "  WHERE x.rank <= 8),"
     /* each candidate's first working-age member, by one join */
     " m AS MATERIALIZED (SELECT x.code, x.h, x.member_id, x.household_id,"
     "  row_number() OVER (PARTITION BY x.code ORDER BY x.rank) AS k"
     "  FROM (SELECT DISTINCT ON (c.household_id) c.code, c.h, c.rank, y.id AS member_id,"
     "   c.household_id FROM c JOIN household_members y ON y.household_id = c.household_id"
     "   WHERE y.left_on IS NULL AND y.labour IN ('full', 'partial')"
     "   AND y.birth_date BETWEEN ($2::date - interval '60 years')::date"
     "   AND ($2::date - interval '20 years')::date ORDER BY c.household_id, y.id) x),"
     " s AS (SELECT m.*, make_date(2019 + pg_temp.demo_h($1, 'f' || m.member_id) % 6,"
     "   1 + pg_temp.demo_h($1, 'g' || m.member_id) % 12, 1) AS from_on,"
     "  (SELECT min(a.id) FROM project_assets a WHERE a.village_code = m.code"
     "   AND a.category = 'operational' AND a.registered_on IS NOT NULL) AS asset"
     "  FROM m WHERE m.k <= 1 + m.h % 3)"
     " INSERT INTO welfare_posts (id, village_code, kind, member_id, household_id, from_on,"
     "  to_on, monthly_pay_fen, funded_asset, funded_by, end_reason)"
     " SELECT left(s.code, 6)::bigint * 100000 + row_number() OVER"
     "   (PARTITION BY left(s.code, 6) ORDER BY s.code, s.k),"
     "  s.code, (ARRAY['cleaner', 'road_keeper', 'water_keeper', 'forest_ranger',"
     "   'power_keeper', 'care_worker', 'security', 'other'])[1 + (s.h + s.k::int) % 8],"
     "  s.member_id, s.household_id, s.from_on, e.to_on,"
     "  50000 + 5000 * (pg_temp.demo_h($1, 'w' || s.member_id) % 11),"
     "  CASE WHEN s.k = 1 THEN s.asset END,"
     "  CASE WHEN s.k = 1 AND s.asset IS NOT NULL THEN '' ELSE '公益岗位专项资金' END,"
     "  CASE WHEN e.to_on IS NOT NULL THEN '合同期满' ELSE '' END"
     " FROM s CROSS JOIN LATERAL (SELECT CASE WHEN pg_temp.demo_h($1, 'e' || s.member_id) % 5 = 0"
     "   AND s.from_on + 400 + pg_temp.demo_h($1, 'd' || s.member_id) % 400 <= $2::date"
     "   THEN s.from_on + 400 + pg_temp.demo_h($1, 'd' || s.member_id) % 400 END AS to_on) e"},
    /* Upkeep: about every ten months from handover (else registration), as recorded in the
     * system's last three years, to today; one asset in five without a record in its last
     * thirteen months. */
    {"project_asset_upkeep",
     "WITH a AS (SELECT a.id, a.village_code, greatest(coalesce(a.handed_over_on,"
     "  a.registered_on), $2::date - 1095) AS since, pg_temp.demo_h($1, 'u' || a.id) AS h"
     "  FROM project_assets a"
     "  WHERE a.village_code LIKE $3 AND a.registered_on IS NOT NULL),"
     " u AS (SELECT a.id, a.village_code, a.h, g.n,"
     "  a.since + g.n * 300 + pg_temp.demo_h($1, 't' || a.id || ':' || g.n) % 40 AS on_date,"
     "  pg_temp.demo_h($1, 'k' || a.id || ':' || g.n) % 100 AS roll"
     "  FROM a CROSS JOIN generate_series(1, 4) g(n))"
     " INSERT INTO project_asset_upkeep (id, asset_id, village_code, on_date, work, cost_fen,"
     "  done_by, condition)"
     " SELECT left(u.village_code, 6)::bigint * 100000 + row_number() OVER"
     "   (PARTITION BY left(u.village_code, 6) ORDER BY u.village_code, u.id, u.n),"
     "  u.id, u.village_code, u.on_date,"
     "  (ARRAY['日常巡查，清理杂物', '更换损坏部件', '设备检修保养', '路面修补', '管道疏通'])"
     "   [1 + u.roll % 5], (u.roll % 20) * 5000,"
     "  (ARRAY['村保洁队', '管护员', '县维修队', '施工单位保修'])[1 + u.roll % 4],"
     "  CASE WHEN u.roll < 80 THEN 'good' WHEN u.roll < 92 THEN 'needs_repair'"
     "   WHEN u.roll < 98 THEN 'damaged' ELSE 'out_of_use' END"
     " FROM u WHERE u.on_date <= $2::date - CASE WHEN u.h % 5 = 0 THEN 400 ELSE 0 END"},
    /* Last year's income (3-8 % of the value, in whole yuan) of the operational assets
     * registered before it. */
    {"project_asset_incomes",
     "WITH a AS (SELECT a.* FROM project_assets a WHERE a.village_code LIKE $3"
     "  AND a.category = 'operational'"
     "  AND a.registered_on < make_date(extract(year FROM $2::date)::int - 1, 1, 1))"
     " INSERT INTO project_asset_incomes (id, asset_id, village_code, period, amount_fen,"
     "  received_on, note)"
     " SELECT left(a.village_code, 6)::bigint * 100000 + row_number() OVER"
     "   (PARTITION BY left(a.village_code, 6) ORDER BY a.village_code, a.id),"
     "  a.id, a.village_code, (extract(year FROM $2::date)::int - 1)::text,"
     "  greatest(100, a.value_fen * (3 + pg_temp.demo_h($1, 'i' || a.id) % 6) / 10000 * 100),"
     "  least($2::date, make_date(extract(year FROM $2::date)::int, 1,"
     "   10 + pg_temp.demo_h($1, 'j' || a.id) % 15)), '年度经营收益'"
     " FROM a"},
    /* Its distribution: 10 % to the post the asset pays (held that year), half split among
     * the project's beneficiaries of the asset's village, the rest the collective's (what the
     * others got summed once per income and joined: a sum per income over the whole CTE was
     * quadratic, 140 s at city scale). */
    {"project_asset_shares",
     "WITH i AS (SELECT i.*, a.project_id FROM project_asset_incomes i JOIN project_assets a"
     "  ON a.id = i.asset_id WHERE i.village_code LIKE $3),"
     " posts AS (SELECT i.id AS income_id, i.village_code, 'post'::text AS kind,"
     "  NULL::bigint AS hh, w.id AS post, i.amount_fen / 10 AS amount, 2 AS ord, w.id AS k"
     "  FROM i JOIN welfare_posts w ON w.funded_asset = i.asset_id"
     "  AND w.village_code = i.village_code AND w.from_on <= make_date(i.period::int, 12, 31)"
     "  AND (w.to_on IS NULL OR w.to_on >= make_date(i.period::int, 1, 1))),"
     " b AS (SELECT i.id AS income_id, i.village_code, b.household_id,"
     "  count(*) OVER (PARTITION BY i.id) AS n, i.amount_fen FROM i"
     "  JOIN project_beneficiaries b ON b.project_id = i.project_id"
     "  AND b.village_code = i.village_code),"
     " hhs AS (SELECT b.income_id, b.village_code, 'household'::text, b.household_id,"
     "  NULL::bigint, b.amount_fen / 2 / b.n, 3, b.household_id FROM b),"
     " parts AS (SELECT * FROM posts UNION ALL SELECT * FROM hhs),"
     " given AS (SELECT x.income_id, sum(x.amount) AS amount FROM parts x"
     "  GROUP BY x.income_id),"
     " coll AS (SELECT i.id AS income_id, i.village_code, 'collective'::text AS kind,"
     "  NULL::bigint AS hh, NULL::bigint AS post,"
     "  (i.amount_fen - coalesce(g.amount, 0))::bigint AS amount, 1 AS ord,"
     "  0::bigint AS k FROM i LEFT JOIN given g ON g.income_id = i.id),"
     " alls AS (SELECT * FROM coll UNION ALL SELECT * FROM parts)"
     " INSERT INTO project_asset_shares (id, income_id, village_code, kind, household_id,"
     "  post_id, amount_fen)"
     " SELECT left(x.village_code, 6)::bigint * 100000 + row_number() OVER"
     "   (PARTITION BY left(x.village_code, 6) ORDER BY x.village_code, x.income_id, x.ord, x.k),"
     "  x.income_id, x.village_code, x.kind, x.hh, x.post, x.amount"
     " FROM alls x WHERE x.amount > 0"},
};
/* clang-format on */

/* The row triggers the bulk passes go without (0110), switched off for them and on again:
 * the upkeep's, which sets its asset's condition (set once at the end instead); the guards,
 * which check one written row against the rows written before — each by a plan made when the
 * table was empty, so by a scan of the whole table per row: the assets' sum per project alone
 * ran past 20 minutes at province scale (10 s a city); and the deferred check that an
 * income's shares add up to it, which would queue a check per share for the commit. The rows
 * are made to hold what the triggers hold; test_demo's test_assets checks every rule of them
 * over the whole load at once. */
static const char *const guarded[][2] = {
    {"project_asset_upkeep", "project_asset_upkeep_condition"},
    {"project_assets", "project_assets_guard"},
    {"welfare_posts", "welfare_posts_guard"},
    {"project_asset_incomes", "project_asset_incomes_guard"},
    {"project_asset_shares", "project_asset_shares_guard"},
    {"project_asset_shares", "project_asset_shares_exact"},
};

static int switch_triggers(struct demo *d, const char *how)
{
    char sql[128];
    for (size_t i = 0; i < sizeof(guarded) / sizeof(guarded[0]); i++) {
        snprintf(sql, sizeof(sql), "ALTER TABLE %s %s TRIGGER %s", guarded[i][0], how,
                 guarded[i][1]);
        if (admin_exec(d->pg, sql, "demo assets: triggers") != 0)
            return -1;
    }
    return 0;
}

int demo_step_assets(struct demo *d)
{
    char seed[40], today[11], pattern[16];
    snprintf(seed, sizeof(seed), "%llu:assets", (unsigned long long)d->seed);
    rules_date_format(d->today, today);
    size_t n = strlen(d->scope_code);
    while (n > 0 && d->scope_code[n - 1] == '0')
        n--;
    snprintf(pattern, sizeof(pattern), "%.*s%%", (int)n, d->scope_code);
    const char *params[3] = {seed, today, pattern};
    const Oid types[3] = {25, 1082, 25}; /* text, date, text: not every pass reads each */
    if (admin_exec(d->pg, hash_fn, "demo assets: the hash") != 0)
        return -1;
    /* The planner's statistics of the rows the load wrote so far (autovacuum sees none of
     * them inside the load's transaction): without them it joins members to candidates by a
     * nested loop over both, 2 s for a county. */
    if (admin_exec(d->pg, "ANALYZE households, household_members, projects, project_beneficiaries",
                   "demo assets: statistics") != 0)
        return -1;
    if (switch_triggers(d, "DISABLE") != 0)
        return -1;
    for (size_t i = 0; i < sizeof(passes) / sizeof(passes[0]); i++) {
        PGresult *res = PQexecParams(d->pg, passes[i].sql, 3, types, params, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            fprintf(stderr, "zhucun-server: demo: %s: %s", passes[i].table,
                    PQresultErrorMessage(res));
            PQclear(res);
            return -1;
        }
        long rows = strtol(PQcmdTuples(res), NULL, 10);
        PQclear(res);
        if (demo_count_rows(d, passes[i].table, rows, 1) != 0)
            return -1;
        /* The next passes read this one's rows: their statistics too (at city scale the
         * passes planned without them took 140 s, against 1.7 s a county). */
        char analyze[96];
        snprintf(analyze, sizeof(analyze), "ANALYZE %s", passes[i].table);
        if (admin_exec(d->pg, analyze, "demo assets: statistics") != 0)
            return -1;
    }
    if (admin_exec(d->pg,
                   "UPDATE project_assets a SET condition = u.condition FROM"
                   " (SELECT DISTINCT ON (asset_id) asset_id, condition FROM project_asset_upkeep"
                   " ORDER BY asset_id, on_date DESC, id DESC) u"
                   " WHERE u.asset_id = a.id AND a.condition <> u.condition",
                   "demo assets: conditions") != 0 ||
        switch_triggers(d, "ENABLE") != 0)
        return -1;
    return 0;
}
