/* demo_inspect.c -- the inspections step (暗访督查 and 通报, SPEC G1; 0140_inspections.sql):
 * over the last year, inspections by every office whose area holds the load (the province
 * quarterly, its cities every two months, its counties monthly), each office missing some
 * periods (one in about six at random, every county the month before last, and about two
 * counties in five last month, which the G1 report tracks from the system's start: offices
 * behind); each inspection visits up to four teams of the office's area,
 * about seven in ten of them with a finding (a fact of six, a named cadre in one of three, a
 * deduction of 1–3 points in one of four); every finding an item of its village's ledger
 * (source 'inspection', for the team's captain, due thirty days after the inspection; done
 * when that was more than five days ago) and its deduction cadre_points rows (the named
 * cadre, or each cadre serving in the team on the day); a circular (rows only, without files:
 * docs/circulars.md) for about one inspection in three with findings, and for every published
 * assessment round the circular its publication issues (zc_assess_circular, as the engine's
 * approval does). Every choice is a byte of md5(seed:…): the same office gets the same
 * inspections at every scale. Run after "assessment" (whose rounds it publishes as circulars)
 * and before "attach" (which gives some findings photos). */
#include "server/demo/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/xmalloc.h"

/* %1$s the loaded subtree's LIKE prefix, %2$s the seed. */
static const char setup_fmt[] =
    "CREATE TEMP TABLE demo_in_team ON COMMIT DROP AS"
    " SELECT t.id AS team_id, t.org_code COLLATE \"C\" AS org_code,"
    "  CASE WHEN t.kind = 'village' THEN t.org_code ELSE (SELECT min(v.code) FROM org_units v"
    "   WHERE v.level = 5 AND left(v.code, 9) = left(t.org_code, 9)) END AS village"
    " FROM teams t WHERE t.org_code LIKE '%1$s%%' AND EXISTS (SELECT 1 FROM memberships m"
    "  WHERE m.team_id = t.id AND m.end_date IS NULL);"
    "DELETE FROM demo_in_team WHERE village IS NULL;"
    "CREATE INDEX ON demo_in_team (org_code);"
    "ANALYZE demo_in_team;"
    "CREATE TEMP TABLE demo_in_off ON COMMIT DROP AS"
    " SELECT o.code, o.name, o.level, x.plen, x.months FROM org_units o,"
    "  LATERAL (SELECT CASE o.level WHEN 1 THEN 2 WHEN 2 THEN 4 ELSE 6 END AS plen,"
    "   CASE o.level WHEN 1 THEN 3 WHEN 2 THEN 2 ELSE 1 END AS months) x"
    " WHERE o.level BETWEEN 1 AND 3 AND (o.code LIKE '%1$s%%' OR (x.plen <= length('%1$s')"
    "  AND '%1$s' LIKE left(o.code, x.plen) || '%%'));"
    "CREATE TEMP TABLE demo_in ON COMMIT DROP AS"
    " SELECT f.code, f.name, f.level, f.plen, s.started_on,"
    "  least(s.started_on + get_byte(s.h, 2) %% 3, zc_today()) AS ended_on, s.h"
    " FROM demo_in_off f,"
    "  LATERAL generate_series(date_trunc('year', zc_today() - 365)::timestamp,"
    "   zc_today()::timestamp, make_interval(months => f.months)) p (p),"
    "  LATERAL (SELECT decode(md5('%2$s:' || f.code || ':' || p.p::date), 'hex') AS h) hh,"
    "  LATERAL (SELECT (p.p::date + get_byte(hh.h, 1) %% 20) AS started_on, hh.h) s"
    " WHERE p.p + make_interval(months => f.months) > zc_today() - 365"
    "  AND s.started_on <= zc_today() AND get_byte(s.h, 0) >= 40"
    "  AND NOT (f.level = 3"
    "   AND (p.p::date = (date_trunc('month', zc_today()) - interval '2 months')::date"
    "    OR (p.p::date = (date_trunc('month', zc_today()) - interval '1 month')::date"
    "     AND get_byte(decode(md5('%2$s:behind:' || f.code), 'hex'), 0) < 100)));"
    "INSERT INTO inspections (org_code, started_on, ended_on, inspectors, villages, team_ids,"
    "  note, created_at)"
    " SELECT x.code, x.started_on, x.ended_on,"
    "  (ARRAY['王建国', '李红', '张伟', '刘洋', '陈静', '杨帆'])[1 + get_byte(x.h, 3) %% 6] || '、'"
    "   || (ARRAY['赵磊', '孙丽', '周强', '吴敏', '郑涛', '冯雪'])[1 + get_byte(x.h, 4) %% 6],"
    "  ARRAY(SELECT DISTINCT v FROM unnest(t.villages) v ORDER BY 1), t.teams,"
    "  '不打招呼、不定路线，直奔基层、直插现场', x.started_on + time '09:00'"
    " FROM demo_in x, LATERAL (SELECT array_agg(y.team_id ORDER BY y.team_id) AS teams,"
    "   array_agg(y.village) AS villages FROM (SELECT d.team_id, d.village FROM demo_in_team d"
    "   WHERE d.org_code >= left(x.code, x.plen) AND d.org_code < left(x.code, x.plen) || ':'"
    "   ORDER BY md5('%2$s:' || x.code || ':' || x.started_on || ':' || d.team_id) LIMIT 4) y) t"
    " WHERE t.teams IS NOT NULL ORDER BY x.started_on, x.code;";

/* %1$s the seed. */
static const char findings_fmt[] =
    "INSERT INTO inspection_findings (inspection_id, team_id, person_id, village_code, area,"
    "  fact, deadline, deduction, created_at)"
    " SELECT i.id, d.team_id,"
    "  CASE WHEN get_byte(h.h, 1) %% 3 = 0 THEN (SELECT m.person_id FROM memberships m"
    "   WHERE m.team_id = d.team_id AND m.start_date <= i.started_on"
    "   AND (m.end_date IS NULL OR m.end_date >= i.started_on) ORDER BY m.id LIMIT 1) END,"
    "  d.village,"
    "  (ARRAY['party', 'party', 'party', 'living', 'monitoring', 'assets'])[k.k],"
    "  (ARRAY['驻村工作队员暗访当日不在岗，未履行请假手续', '民情日记记录不全，走访台账与实际不符',"
    "   '集体学习记录缺失，学习制度落实不到位', '村内环境卫生整治不到位，垃圾清运不及时',"
    "   '监测户帮扶措施未落实到位', '扶贫项目资产管护责任不明确'])[k.k],"
    "  i.started_on + 30,"
    "  CASE WHEN get_byte(h.h, 2) %% 4 = 0 THEN 1 + get_byte(h.h, 3) %% 3 ELSE 0 END,"
    "  i.created_at"
    " FROM inspections i CROSS JOIN LATERAL unnest(i.team_ids) tid (tid)"
    " JOIN demo_in_team d ON d.team_id = tid.tid,"
    "  LATERAL (SELECT decode(md5('%1$s:f:' || i.id || ':' || tid.tid), 'hex') AS h) h,"
    "  LATERAL (SELECT 1 + get_byte(h.h, 4) %% 6 AS k) k"
    " WHERE get_byte(h.h, 0) < 180 ORDER BY i.id, tid.tid;";

/* The findings' items and deductions, and the circulars. */
static const char rest_sql[] =
    "WITH it AS (INSERT INTO ledger_items (village_code, text, responsible_id, deadline, urgent,"
    "  status, done_at, area, list, source_kind, source_id, created_at)"
    " SELECT f.village_code, left('【暗访督查】' || f.fact, 1000), r.person_id, f.deadline, false,"
    "  CASE WHEN f.deadline < zc_today() - 5 THEN 'done' ELSE 'open' END,"
    "  CASE WHEN f.deadline < zc_today() - 5 THEN f.deadline - 3 + time '17:00' END,"
    "  f.area, 'task', 'inspection', f.id, f.created_at"
    " FROM inspection_findings f, LATERAL (SELECT m.person_id FROM memberships m"
    "  WHERE m.team_id = f.team_id AND m.end_date IS NULL"
    "  ORDER BY m.post = 'captain' DESC, m.id LIMIT 1) r"
    " ORDER BY f.id RETURNING id, source_id)"
    " UPDATE inspection_findings f SET ledger_item_id = it.id FROM it WHERE f.id = it.source_id;"
    "INSERT INTO cadre_points (person_id, quarter, county_code, org_code, kind, points, reason,"
    "  source_kind, source_id, created_at)"
    " SELECT DISTINCT ON (f.id, m.person_id) m.person_id,"
    "  date_trunc('quarter', i.started_on)::date, rpad(left(f.village_code, 6), 12, '0'),"
    "  t.org_code, 'deduct', -f.deduction, left('暗访督查发现问题：' || f.fact, 500),"
    "  'inspection', f.id, f.created_at"
    " FROM inspection_findings f JOIN inspections i ON i.id = f.inspection_id"
    " JOIN teams t ON t.id = f.team_id"
    " JOIN memberships m ON m.team_id = f.team_id"
    "  AND (f.person_id IS NULL OR m.person_id = f.person_id)"
    "  AND m.start_date <= i.started_on AND (m.end_date IS NULL OR m.end_date >= i.started_on)"
    " WHERE f.deduction > 0 ORDER BY f.id, m.person_id;"
    "INSERT INTO circulars (kind, source_id, org_code, doc_number, title, body, table_json,"
    "  issued_on, created_at)"
    " SELECT 'inspection', i.id, i.org_code,"
    "  CASE WHEN o.level = 1 THEN '晋' ELSE left(o.name, 1) END || '驻办通〔'"
    "   || extract(year FROM i.ended_on) || '〕' || row_number() OVER (PARTITION BY i.org_code,"
    "   extract(year FROM i.ended_on) ORDER BY i.started_on, i.id) || '号',"
    "  '关于' || to_char(i.started_on, 'YYYY\"年\"FMMM\"月\"') || '驻村工作暗访情况的通报',"
    "  '各' || CASE o.level WHEN 3 THEN '乡镇、各驻村工作队' ELSE '下级驻村工作办公室' END || '：'"
    "   || E'\\n' || o.name || '驻村工作办公室于' || to_char(i.started_on, 'FMMM\"月\"FMDD\"日\"')"
    "   || '对部分驻村工作队开展了暗访，发现问题' || c.n || '条。现将有关情况通报如下，'"
    "   || '请各工作队对照问题清单限期整改到位。',"
    "  jsonb_build_object('columns', jsonb_build_array('村', '工作队', '干部', '问题', '整改时限',"
    "   '扣分'), 'rows', c.rows),"
    "  least(i.ended_on + 3, zc_today()), least(i.ended_on + 3, zc_today()) + time '10:00'"
    " FROM inspections i JOIN org_units o ON o.code = i.org_code,"
    "  LATERAL (SELECT count(*) AS n, jsonb_agg(jsonb_build_array(v.name, t.name,"
    "   coalesce(p.name, ''), f.fact, f.deadline::text,"
    "   CASE WHEN f.deduction > 0 THEN (f.deduction::integer)::text ELSE '' END) ORDER BY f.id)"
    "   AS rows FROM inspection_findings f JOIN teams t ON t.id = f.team_id"
    "   JOIN org_units v ON v.code = f.village_code LEFT JOIN persons p ON p.id = f.person_id"
    "   WHERE f.inspection_id = i.id) c"
    " WHERE c.n > 0 AND get_byte(decode(md5('%1$s:c:' || i.id), 'hex'), 0) < 85"
    " ORDER BY i.id;"
    "SELECT count(zc_assess_circular(x.r, NULL)) FROM (SELECT r FROM assessment_rounds r"
    " WHERE r.status = 'published' AND r.county_code IN (SELECT code FROM demo_in_off)"
    " ORDER BY r.published_on, r.quarter, r.subject DESC, r.id) x;";

int demo_step_inspect(struct demo *d)
{
    int len = d->scale == DEMO_SCALE_COUNTY ? 6 : d->scale == DEMO_SCALE_CITY ? 4 : 2;
    char prefix[13], seed[24];
    snprintf(prefix, sizeof(prefix), "%.*s", len, d->scope_code);
    snprintf(seed, sizeof(seed), "%" PRIu64, d->seed);
    char *setup = xasprintf(setup_fmt, prefix, seed);
    char *findings = xasprintf(findings_fmt, seed);
    char *rest = xasprintf(rest_sql, seed);
    int rc = demo_exec_counted(d, "inspections", "inspections", NULL, setup);
    if (rc == 0)
        rc = demo_exec_counted(d, "inspections", "inspection_findings", NULL, findings);
    if (rc == 0)
        rc = demo_exec_counted(d, "inspections", NULL, "items, deductions and circulars", rest);
    free(setup);
    free(findings);
    free(rest);
    return rc;
}
