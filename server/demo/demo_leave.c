/* demo_leave.c -- the requests that wait in the approval queues.
 *
 * The leave step: about one serving cadre in twelve asks for leave in the days
 * after the demo's today (the clock's, docs/clock.md), through the engine's own function
 * (zc_leave_request, 0009_approvals.sql), so every township, county office and dispatching unit
 * finds requests waiting in its queue: one day goes to the township, two to the county office,
 * three to six to the county office and the cadre's unit together. Deterministic: chosen and shaped
 * by the person id. */
#include "server/demo/demo.h"

#include <stdio.h>

#include "common/rules/date.h"
#include "server/admin.h"

int demo_step_leave(struct demo *d)
{
    char sql[2048], first[11];
    rules_date_format(d->today + 2, first);
    snprintf(
        sql, sizeof(sql),
        "SELECT count(zc_leave_request(u.id, NULL, NULL, ARRAY[t.org_code], s.first,"
        " s.first + s.days - 1, (ARRAY['家中老人住院，需陪护（演示数据）',"
        " '子女升学，回家办理手续（演示数据）', '本人身体不适，就医复查（演示数据）',"
        " '参加派出单位集中培训（演示数据）'])[1 + ((p.id / 36) %% 4)::int], 'system', u.username,"
        " 'demo'))"
        " FROM memberships m JOIN teams t ON t.id = m.team_id"
        " JOIN persons p ON p.id = m.person_id JOIN users u ON u.id = p.user_id"
        " CROSS JOIN LATERAL (SELECT DATE '%s' + (p.id %% 7)::int AS first,"
        "  CASE (p.id / 12) %% 3 WHEN 0 THEN 1 WHEN 1 THEN 2 ELSE 3 + (p.id %% 4)::int END AS "
        "days) s"
        " WHERE m.end_date IS NULL AND p.id %% 12 = 5"
        " AND (s.days < 3 OR coalesce(m.unit_id, p.unit_id) IS NOT NULL)",
        first);
    return admin_exec(d->pg, sql, "making the demo leave requests");
}

/* The recall step (O3): about one serving cadre in sixty is being recalled by the county office
 * of the team's county, through TeamRecall's own function (zc_team_recall_request, 0027): the
 * county office and the cadre's unit (the county office alone for a cadre without one) find
 * the recall in their queues, and the cadre serves until both approved. Deterministic. */
int demo_step_recall(struct demo *d)
{
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "SELECT count(zc_team_recall_request(m.id, ARRAY[substr(t.org_code, 1, 6) || '%%'],"
             " zc_today(), 'recall', (ARRAY['派出单位工作需要，申请召回（演示数据）',"
             " '年度考核不称职（演示数据）', '身体原因无法继续驻村（演示数据）'])"
             "[1 + (p.id %% 3)::int], o.user_id, o.username, 'demo', NULL))"
             " FROM memberships m JOIN teams t ON t.id = m.team_id"
             " JOIN persons p ON p.id = m.person_id"
             " CROSS JOIN LATERAL (SELECT g.user_id, u.username FROM role_grants g"
             "  JOIN users u ON u.id = g.user_id WHERE g.role = 'county_office'"
             "  AND g.scope_code = substr(t.org_code, 1, 6) || '000000'"
             "  ORDER BY g.user_id LIMIT 1) o"
             " WHERE m.end_date IS NULL AND p.id %% 60 = 17 AND m.start_date <= zc_today()");
    return admin_exec(d->pg, sql, "making the demo recall requests");
}
