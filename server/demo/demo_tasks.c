/* demo_tasks.c -- the tasks step (任务督办, SPEC D2; 0165_tasks.sql; docs/tasks.md), as of the
 * demo's today: every county office sends four tasks (sent 40, 25, 10 and 3 days back, due 20
 * and 5 days back, 5 and 20 days on), every township one (due two days back), every city and
 * the province one each to the part of their area loaded; each to every team of its scope with
 * a cadre serving the day it was sent. The instances stand at every stage, from
 * md5(seed:task:team): of a task past its deadline about seven in ten done and the rest overdue
 * (in progress or not begun), of a task still running some done, most in progress, some not
 * begun. A begun instance has its progress report the day after the task was sent, a done one
 * its completion report on the day it was done (the day before today at the latest). About one
 * village team's instance in five is an item of its village's task list, in the same state.
 *
 * Set-based: one INSERT ... SELECT a table. Run after "teams" and before "attach". */
#include "server/demo/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/xmalloc.h"

/* %1$s the subtree's LIKE prefix. An office above the loaded part sends to that part. */
static const char tasks_fmt[] =
    "INSERT INTO tasks (office_code, scope_code, title, body, due_on, sent_at)"
    " SELECT o.code, CASE WHEN length('%1$s') > length(rtrim(zc_task_prefix(o.code), '%%'))"
    "   THEN rpad('%1$s', 12, '0') ELSE o.code END, k.title, k.body,"
    "  zc_today() + k.due_off, (zc_today() + k.sent_off)::timestamptz + interval '9 hours'"
    " FROM org_units o JOIN (VALUES"
    "  (3, '饮水安全入户排查', '逐户排查饮水水量、水质、取水方便程度和供水保证率，填报排查表', -40,"
    "   -20),"
    "  (3, '秋冬季防火安全检查', '检查村内柴草堆放、电线私拉乱接和独居老人取暖安全', -25, -5),"
    "  (3, '防返贫监测集中排查', '对脱贫户和监测户逐户走访，核实收入和风险，更新监测台账', -10, 5),"
    "  (3, '人居环境整治百日行动', '清理村内垃圾和乱堆乱放，整治厕所和生活污水', -3, 20),"
    "  (4, '村级活动阵地检查', '检查村党组织活动场所的使用和管理情况', -15, -2),"
    "  (2, '驻村干部在岗情况自查', '对照五天四夜要求自查在岗情况，报送自查报告', -12, 3),"
    "  (1, '冬季安全生产大检查', '排查村内安全隐患，建立问题清单，限期整改', -8, 10)"
    " ) k (level, title, body, sent_off, due_off) ON k.level = o.level"
    " WHERE o.code LIKE '%1$s%%'"
    "  OR (o.level < 3 AND '%1$s' LIKE rtrim(zc_task_prefix(o.code), '%%') || '%%')"
    " ORDER BY o.code, k.sent_off";

/* %2$s the seed. The stage of a team's instance, and the day a done one was done. */
static const char instances_fmt[] =
    "INSERT INTO task_instances (task_id, team_id, village_code, office_code, due_on, status,"
    "  done_at, reported_at)"
    " SELECT t.id, tm.id, tm.org_code, t.office_code, t.due_on, s.status,"
    "  CASE WHEN s.status = 'done' THEN s.done_day + interval '16 hours' END,"
    "  CASE s.status WHEN 'done' THEN s.done_day + interval '16 hours'"
    "   WHEN 'in_progress' THEN t.sent_at + interval '1 day 2 hours' END"
    " FROM tasks t JOIN teams tm ON tm.org_code LIKE zc_task_prefix(t.scope_code)"
    " CROSS JOIN LATERAL decode(md5('%2$s:task:' || t.id || ':' || tm.id), 'hex') h"
    " CROSS JOIN LATERAL (SELECT CASE WHEN t.due_on < zc_today() THEN"
    "   CASE WHEN get_byte(h, 0) < 180 THEN 'done' WHEN get_byte(h, 0) < 220 THEN 'in_progress'"
    "    ELSE 'open' END"
    "  ELSE CASE WHEN get_byte(h, 0) < 60 THEN 'done' WHEN get_byte(h, 0) < 190 THEN 'in_progress'"
    "    ELSE 'open' END END AS status,"
    "  least(t.sent_at::date + 1 + get_byte(h, 1) %% greatest(1, least(t.due_on, zc_today())"
    "   - t.sent_at::date), zc_today() - 1) AS done_day) s"
    " WHERE tm.org_code LIKE '%1$s%%'"
    "  AND EXISTS (SELECT 1 FROM memberships m WHERE m.team_id = tm.id"
    "   AND m.start_date <= t.sent_at::date"
    "   AND (m.end_date IS NULL OR m.end_date >= t.sent_at::date))"
    " ORDER BY t.id, tm.id";

/* A begun instance's progress report; a done one's completion report. */
static const char reports_fmt[] =
    "INSERT INTO task_reports (instance_id, village_code, status, note, reported_at)"
    " SELECT i.id, i.village_code, r.status, r.note, r.at"
    " FROM task_instances i JOIN tasks t ON t.id = i.task_id"
    " CROSS JOIN LATERAL (VALUES ('in_progress', '已召开队务会部署，正在逐户推进',"
    "   t.sent_at + interval '1 day 2 hours'),"
    "  ('done', '已全部完成，问题清单已建立并整改', i.done_at)) r (status, note, at)"
    " WHERE i.village_code LIKE '%1$s%%' AND i.status <> 'open'"
    "  AND (r.status = 'in_progress' OR i.status = 'done')"
    " ORDER BY i.id, r.at";

/* About one village team's instance in five becomes an item of the village's task list
 * (TaskLedger's way: source kind 'task', the instance's deadline and status, the first cadre
 * serving the day the task was sent responsible), a begun one with its history row (its id
 * after the ledger step's, which loads them by copy: the sequence is set when the load ends). */
static const char ledger_fmt[] =
    "WITH made AS (INSERT INTO ledger_items (village_code, text, responsible_id, deadline, urgent,"
    "  status, area, list, source_kind, source_id, source_key, created_at, done_at)"
    " SELECT i.village_code, t.title, r.person_id, i.due_on, false, i.status, 'guarantees', 'task',"
    "  'task', i.id, 'task:' || i.id, t.sent_at + interval '1 day 3 hours', i.done_at"
    " FROM task_instances i JOIN tasks t ON t.id = i.task_id"
    " JOIN org_units o ON o.code = i.village_code AND o.level = 5"
    " CROSS JOIN LATERAL (SELECT m.person_id FROM memberships m WHERE m.team_id = i.team_id"
    "  AND m.start_date <= t.sent_at::date"
    "  AND (m.end_date IS NULL OR m.end_date >= t.sent_at::date)"
    "  ORDER BY m.start_date, m.id LIMIT 1) r"
    " WHERE i.village_code LIKE '%1$s%%'"
    "  AND get_byte(decode(md5('%2$s:task-ledger:' || i.id), 'hex'), 0) < 52"
    " ORDER BY i.id RETURNING id, source_id)"
    " UPDATE task_instances i SET ledger_item_id = made.id FROM made WHERE i.id = made.source_id";

static const char ledger_updates_fmt[] =
    "INSERT INTO ledger_updates (id, item_id, at, status, note, village_code)"
    " SELECT (SELECT coalesce(max(id), 0) FROM ledger_updates) + row_number() OVER (ORDER BY l.id),"
    "  l.id, i.reported_at, i.status, '督办任务进展', l.village_code"
    " FROM ledger_items l JOIN task_instances i ON i.ledger_item_id = l.id"
    " WHERE l.source_kind = 'task' AND l.status <> 'open' AND l.village_code LIKE '%1$s%%'"
    " ORDER BY l.id";

int demo_step_tasks(struct demo *d)
{
    int len = d->scale == DEMO_SCALE_COUNTY ? 6 : d->scale == DEMO_SCALE_CITY ? 4 : 2;
    char prefix[13], seed[24];
    snprintf(prefix, sizeof(prefix), "%.*s", len, d->scope_code);
    snprintf(seed, sizeof(seed), "%" PRIu64, d->seed);
    const char *fmt[] = {tasks_fmt, instances_fmt, reports_fmt, ledger_fmt, ledger_updates_fmt};
    const char *table[] = {"tasks", "task_instances", "task_reports", "ledger_items",
                           "ledger_updates"};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < ARRAY_SIZE(fmt); i++) {
        char *sql = xasprintf(fmt[i], prefix, seed);
        rc = demo_exec_counted(d, "tasks", table[i], NULL, sql);
        free(sql);
        if (rc == 0 && i == 1)
            rc = demo_exec_counted(d, "tasks", NULL, "statistics", "ANALYZE task_instances");
    }
    return rc;
}
