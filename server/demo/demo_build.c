/* demo_build.c -- construction and disbursements in the demo province (docs/construction.md;
 * 0105_construction.sql): every project the projects step left under construction or later
 * (not rejected or cancelled) gets its task list of four phases over its planned dates, three
 * progress reports from its actual start, the focus of a quarter, a performance target with
 * its mid-term value (and its final one once accepted), and its money: a finished project is
 * paid in two parts, 60 % against its second report and the rest against its last (100 %); a
 * project under construction has 80 % of what its second report allows paid, and one in three
 * asks for what its last report allows on top, submitted through the engine's own function
 * (zc_approval_submit) by its village's team captain, so the county offices find requests in
 * their queues. Everything stays within 0105's limit, which test_demo checks. Deterministic:
 * the draws are arithmetic on the project's id, and the data is as of the clock's today. */
#include "server/demo/demo.h"

#include <stdio.h>

#include "common/rules/date.h"
#include "server/admin.h"

/* The projects built (the CTE every statement starts from), with T the clock's today: the
 * day construction's data stops (a finished project's actual end, else today) as stop. */
#define BUILT                                                                                      \
    "WITH b AS (SELECT p.*, coalesce(p.actual_end, '%s'::date) AS stop FROM projects p"            \
    " WHERE p.actual_start IS NOT NULL AND p.status IN ('construction', 'completed',"              \
    " 'accepted', 'registered', 'handed_over', 'maintenance'))"

/* A project's last percent: 100 once completed, else the share of its planned time gone,
 * from 5 up to where it stalls, 60 to 95 by the project (a late one stops short of done). */
#define LAST_PERCENT                                                                               \
    "CASE WHEN b.status <> 'construction' THEN 100 ELSE least(95 - (b.id %% 36)::int, greatest(5," \
    " (100 * (b.stop - b.actual_start) / greatest(b.planned_end - b.actual_start, 1))::int))"      \
    " END"

static const char *const statements[][2] = {
    {BUILT
     " INSERT INTO project_tasks (project_id, village_code, name, responsible,"
     " planned_start, planned_end, actual_start, actual_end)"
     " SELECT b.id, b.village_code, (ARRAY['施工准备', '主体施工', '配套工程', '竣工清理'])[i],"
     " (ARRAY['王建国', '李卫东', '张秀英', '赵志强'])[1 + (b.id + i) %% 4], t.ps, t.pe,"
     " CASE WHEN b.status <> 'construction' OR t.ps + t.shift <= '%s'::date"
     "  THEN least(t.ps + t.shift, '%s'::date) END,"
     " CASE WHEN b.status <> 'construction' THEN least(t.pe + t.shift, '%s'::date)"
     "  WHEN t.pe + t.shift <= '%s'::date AND (b.id + i) %% 5 <> 0 THEN t.pe + t.shift END"
     " FROM b, generate_series(1, 4) i,"
     " LATERAL (SELECT b.planned_start + (b.planned_end - b.planned_start) * (i - 1) / 4"
     "  AS ps, b.planned_start + (b.planned_end - b.planned_start) * i / 4 AS pe,"
     "  ((b.id * i) %% 7)::int AS shift) t",
     "the demo's construction tasks"},
    {BUILT " INSERT INTO project_progress (project_id, village_code, on_date, percent, narrative)"
           " SELECT b.id, b.village_code, b.actual_start + (b.stop - b.actual_start) * k / 3,"
           " (" LAST_PERCENT ") * k / 3,"
           " (ARRAY['开工，完成施工准备', '主体工程推进中', '按计划推进'])[k]"
           " || CASE WHEN k = 3 AND b.status <> 'construction' THEN '，已完工' ELSE '' END"
           " FROM b, generate_series(1, 3) k",
     "the demo's progress reports"},
    {BUILT " INSERT INTO project_focus (project_id, village_code, year, quarter, focus, targets)"
           " SELECT b.id, b.village_code, extract(year FROM b.stop)::int,"
           " extract(quarter FROM b.stop)::int, '完成' || b.name || '主体工程',"
           " '形象进度达到 ' || (" LAST_PERCENT ") || '%%' FROM b",
     "the demo's quarterly focus"},
    {BUILT " INSERT INTO project_targets (project_id, village_code, indicator, unit,"
           " target_value, direction)"
           " SELECT b.id, b.village_code, '带动受益户数', '户', greatest(b.expected_households, 1),"
           " 'at_least' FROM b",
     "the demo's performance targets"},
    {BUILT " INSERT INTO project_target_entries (target_id, project_id, village_code, on_date,"
           " stage, value)"
           " SELECT t.id, b.id, b.village_code, b.actual_start + (b.stop - b.actual_start) / 2,"
           " 'mid', floor(t.target_value / 2) FROM b JOIN project_targets t ON t.project_id = b.id"
           " UNION ALL"
           " SELECT t.id, b.id, b.village_code, b.stop, 'final',"
           " floor(t.target_value * (90 + b.id %% 21) / 100)"
           " FROM b JOIN project_targets t ON t.project_id = b.id"
           " WHERE b.status NOT IN ('construction', 'completed')",
     "the demo's monitored targets"},
    /* Paid: a finished project 60 % on its second report (70 %), the rest on its last; one
     * under construction 80 % of what its second report allows. */
    {BUILT
     ", r AS (SELECT r.*, row_number() OVER (PARTITION BY r.project_id ORDER BY r.id) AS k"
     " FROM project_progress r WHERE r.project_id IN (SELECT id FROM b))"
     " INSERT INTO disbursements (project_id, village_code, progress_id, amount_fen, payee,"
     " status, paid_on, decided_at)"
     " SELECT b.id, b.village_code, r.id, a.fen, b.responsible, 'paid', r.on_date, now()"
     " FROM b JOIN r ON r.project_id = b.id,"
     " LATERAL (SELECT CASE WHEN b.status <> 'construction' AND r.k = 2"
     "   THEN b.budget_fen * 60 / 100"
     "  WHEN b.status <> 'construction' AND r.k = 3 THEN b.budget_fen - b.budget_fen * 60 / 100"
     "  WHEN r.k = 2 THEN b.budget_fen * r.percent / 100 * 80 / 100 END AS fen) a"
     " WHERE a.fen > 0 ORDER BY b.id, r.k",
     "the demo's paid disbursements"},
    /* Pending: one project under construction in three asks for what its last report allows
     * (without the tolerance), submitted by its village's team captain. */
    {BUILT ", c AS (SELECT DISTINCT ON (g.scope_code) g.scope_code, g.user_id FROM role_grants g"
           " WHERE g.role = 'team_captain' ORDER BY g.scope_code, g.user_id),"
           " n AS (INSERT INTO disbursements (project_id, village_code, progress_id, amount_fen,"
           " payee, requested_by)"
           " SELECT b.id, b.village_code, r.id, b.budget_fen * r.percent / 100 - m.committed_fen,"
           " b.responsible, c.user_id"
           " FROM b JOIN c ON c.scope_code = b.village_code"
           " JOIN project_money m ON m.project_id = b.id,"
           " LATERAL (SELECT * FROM project_progress x WHERE x.project_id = b.id"
           "  ORDER BY x.id DESC LIMIT 1) r"
           " WHERE b.status = 'construction' AND b.id %% 3 = 0"
           " AND b.budget_fen * r.percent / 100 > m.committed_fen RETURNING *)"
           " SELECT count(zc_approval_submit('disbursement', n.id,"
           " jsonb_build_object('amount', n.amount_fen / 100.0, 'org_level', 5), n.village_code,"
           " NULL, '项目拨付：' || p.name || '（演示数据）', n.requested_by))"
           " FROM n JOIN projects p ON p.id = n.project_id",
     "submitting the demo's disbursement requests"},
};

int demo_step_build(struct demo *d)
{
    char today[11];
    rules_date_format(d->today, today);
    for (size_t i = 0; i < sizeof(statements) / sizeof(statements[0]); i++) {
        char sql[6000];
        /* every statement names today as often as its text asks: at most five times */
        snprintf(sql, sizeof(sql), statements[i][0], today, today, today, today, today);
        if (admin_exec(d->pg, sql, statements[i][1]) != 0)
            return -1;
    }
    return 0;
}
