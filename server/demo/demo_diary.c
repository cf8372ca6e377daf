/* demo_diary.c -- the diary step (工作日志 / 民情日记, SPEC D3; 0170_diary.sql; docs/diary.md),
 * as of the demo's today: every cadre serving in the last 30 days writes an entry on most
 * working days they served (about one in six skipped, from md5(seed:diary:person:day), and no
 * weekend entry: those days are the missing days a reader sees), linked to the visits they made
 * that day and their check-ins of that day. Today has no entry yet.
 *
 * Set-based: one INSERT ... SELECT a table. Run after "visits" and "checkins", before
 * "attach". */
#include "server/demo/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/xmalloc.h"

/* %1$s the subtree's LIKE prefix, %2$s the seed. */
static const char entries_fmt[] =
    "INSERT INTO diary_entries (person_id, team_id, village_code, day, done, people_met,"
    "  problems, written_by, written_at)"
    " SELECT DISTINCT ON (m.person_id, d.day) m.person_id, t.id, t.org_code, d.day,"
    "  (ARRAY['入户走访脱贫户，核实家庭收入和两不愁三保障情况',"
    "   '参加村两委会议，研究产业项目推进', '走访监测户，落实帮扶措施',"
    "   '排查饮水安全，查看供水设施', '整理村级台账，更新防返贫监测信息'])[1 + get_byte(h, 1) %% "
    "5],"
    "  (ARRAY['村支书、监测户', '脱贫户户主', '村委会主任、网格员', '', '驻村队员'])"
    "   [1 + get_byte(h, 2) %% 5],"
    "  CASE WHEN get_byte(h, 3) < 90 THEN (ARRAY['村道排水沟堵塞，需协调修缮',"
    "   '一户因病支出大，建议纳入监测', '部分农户饮水水压不足'])[1 + get_byte(h, 4) %% 3]"
    "   ELSE '' END,"
    "  p.user_id, d.day + time '20:30'"
    " FROM (SELECT g::date AS day FROM generate_series(zc_today() - 30, zc_today() - 1,"
    "  interval '1 day') g) d"
    " JOIN memberships m ON m.start_date <= d.day AND (m.end_date IS NULL OR m.end_date >= d.day)"
    " JOIN teams t ON t.id = m.team_id AND t.org_code LIKE '%1$s%%'"
    " JOIN persons p ON p.id = m.person_id"
    " CROSS JOIN LATERAL decode(md5('%2$s:diary:' || m.person_id || ':' || d.day), 'hex') h"
    " WHERE get_byte(h, 0) >= 43 AND extract(isodow FROM d.day) <= 5"
    " ORDER BY m.person_id, d.day, m.start_date DESC, m.id DESC";

static const char visit_links_fmt[] =
    "INSERT INTO diary_links (entry_id, kind, record_id, village_code)"
    " SELECT DISTINCT e.id, 'visit', v.id, e.village_code FROM diary_entries e"
    " JOIN visits v ON v.visit_date = e.day AND e.person_id = ANY (v.cadre_ids)"
    " WHERE e.village_code LIKE '%1$s%%' AND v.visit_date >= zc_today() - 30"
    "  AND v.village_code LIKE '%1$s%%'"
    " ORDER BY 1, 3";

static const char checkin_links_fmt[] =
    "INSERT INTO diary_links (entry_id, kind, record_id, village_code)"
    " SELECT DISTINCT e.id, 'checkin', c.id, e.village_code FROM diary_entries e"
    " JOIN checkins c ON c.person_id = e.person_id"
    "  AND c.at >= (e.day::timestamp AT TIME ZONE 'Asia/Shanghai')"
    "  AND c.at < ((e.day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')"
    " WHERE e.village_code LIKE '%1$s%%' AND c.at >= zc_today() - 31"
    " ORDER BY 1, 3";

int demo_step_diary(struct demo *d)
{
    int len = d->scale == DEMO_SCALE_COUNTY ? 6 : d->scale == DEMO_SCALE_CITY ? 4 : 2;
    char prefix[13], seed[24];
    snprintf(prefix, sizeof(prefix), "%.*s", len, d->scope_code);
    snprintf(seed, sizeof(seed), "%" PRIu64, d->seed);
    const char *fmt[] = {entries_fmt, visit_links_fmt, checkin_links_fmt};
    const char *table[] = {"diary_entries", "diary_links", "diary_links"};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < ARRAY_SIZE(fmt); i++) {
        char *sql = xasprintf(fmt[i], prefix, seed);
        rc = demo_exec_counted(d, "diary", table[i], NULL, sql);
        free(sql);
        if (rc == 0 && i == 0)
            rc = demo_exec_counted(d, "diary", NULL, "statistics", "ANALYZE diary_entries");
    }
    return rc;
}
