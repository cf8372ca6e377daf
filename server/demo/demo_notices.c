/* demo_notices.c -- the notices step (通知 with read receipts, SPEC D1; 0160_notices.sql;
 * docs/notices.md), as of the demo's today:
 *
 * - the loaded subtree's top office (the province, the city or the county) sends one notice to
 *   every cadre serving in it, a reply required within five days; each county office sends one
 *   to its county (no reply); every township sends three to its township, each a reply required
 *   within one to three days; about one dispatching unit in six sends one to its cadres;
 * - each sent one to four days back; about seven recipients in ten have read theirs, some hours
 *   later; about six in ten of those asked for a reply have replied;
 * - the top office reminded those who had not read its notice two hours ago.
 *
 * The notices go through zc_notice_send, the call's own fan-out (one INSERT … SELECT each); the
 * reads, replies and the reminder are set-based. Run after "teams" and before "attach". */
#include "server/demo/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/xmalloc.h"

/* The sender of a place's notice: an account of its office (the demo has one per office). */
#define OFFICE_USER                                                                                \
    "coalesce((SELECT g.user_id FROM role_grants g WHERE g.scope_code = o.code"                    \
    " AND g.role IN ('province_office', 'city_office', 'county_office', 'township')"               \
    " ORDER BY g.user_id LIMIT 1), (SELECT min(id) FROM users))"

/* Teams with a cadre serving today under the place o. */
#define SERVING                                                                                    \
    "EXISTS (SELECT 1 FROM memberships m JOIN teams t ON t.id = m.team_id"                         \
    " WHERE t.org_code LIKE zc_policy_scope_prefix(o.code, o.level) || '%%'"                       \
    " AND m.start_date <= zc_today() AND (m.end_date IS NULL OR m.end_date >= zc_today()))"

/* %1$s the subtree's LIKE prefix, %2$s the seed, %3$s the top office's code. */
static const char places_fmt[] =
    "SELECT zc_notice_send(" OFFICE_USER ", '',"
    "  ARRAY[zc_policy_scope_prefix(o.code, o.level) || '%%'], '{}', o.code, 0,"
    "  CASE WHEN o.code = '%3$s' THEN '关于报送驻村帮扶工作年度总结的通知'"
    "   WHEN o.level = 3 THEN '关于做好冬季防火和困难群众走访慰问工作的通知'"
    "   ELSE (ARRAY['关于报送本周入户走访情况的通知', '关于核实监测户收入情况的通知',"
    "    '关于做好村级组织换届准备工作的通知'])[k] END,"
    "  CASE WHEN o.code = '%3$s' THEN '请各驻村工作队对照年度帮扶计划，总结全年工作，"
    "附主要成效和存在问题，按期回复。'"
    "   WHEN o.level = 3 THEN '入冬以来火灾风险上升，请各工作队逐户排查，重点走访慰问独居老人和"
    "困难群众。'"
    "   ELSE '请各工作队于两日内回复本周入户走访户数和发现的问题。' END,"
    "  o.code = '%3$s' OR o.level = 4,"
    "  CASE WHEN o.code = '%3$s' THEN zc_today() + 5 WHEN o.level = 4 THEN zc_today() + 1"
    "   + get_byte(decode(md5('%2$s:notice:' || o.code || ':' || k), 'hex'), 0) %% 3 END,"
    "  'place', o.code, 0, '{}', '{}', 50000, 'demo', '')"
    " FROM org_units o CROSS JOIN generate_series(1, CASE o.level WHEN 4 THEN 3 ELSE 1 END) k"
    " WHERE o.code LIKE '%1$s%%' AND " SERVING
    "  AND (o.code = '%3$s' OR (o.level = 3 AND o.code <> '%3$s')"
    "       OR o.level = 4)"
    " ORDER BY o.level, o.code, k";

/* A unit's notice to its serving cadres, sent by its administrator. */
static const char units_fmt[] =
    "SELECT zc_notice_send(a.user_id, '', '{}', ARRAY[u.id], '', u.id,"
    "  '关于驻村干部年度考核材料报送的通知', '请本单位派驻干部按时报送年度述职材料。',"
    "  false, NULL, 'unit', '', u.id, '{}', '{}', 50000, 'demo', '')"
    " FROM dispatch_units u"
    " CROSS JOIN LATERAL (SELECT g.user_id FROM role_grants g WHERE g.role = 'unit_admin'"
    "  AND g.unit_id = u.id ORDER BY g.user_id LIMIT 1) a"
    " CROSS JOIN LATERAL decode(md5('%2$s:unit-notice:' || u.id), 'hex') h"
    " WHERE u.org_code LIKE '%1$s%%' AND get_byte(h, 0) < 43"
    "  AND EXISTS (SELECT 1 FROM memberships m WHERE m.unit_id = u.id"
    "   AND m.start_date <= zc_today() AND (m.end_date IS NULL OR m.end_date >= zc_today()))"
    " ORDER BY u.id";

/* Sent one to four days back; read by about seven in ten some hours later, never after now. */
static const char sent_fmt[] = "UPDATE notices n SET sent_at = zc_now() - make_interval(hours => 24"
                               "  + get_byte(decode(md5('%2$s:sent:' || n.id), 'hex'), 0) %% 72)"
                               " WHERE n.org_code LIKE '%1$s%%'";

static const char read_fmt[] =
    "UPDATE notice_recipients r SET read_at = v.at, seen_at = v.at"
    " FROM (SELECT x.id, least(n.sent_at + make_interval(mins => 10 + get_byte(h, 1) * 6),"
    "   zc_now()) AS at"
    "  FROM notice_recipients x JOIN notices n ON n.id = x.notice_id"
    "  CROSS JOIN LATERAL decode(md5('%2$s:read:' || x.id), 'hex') h"
    "  WHERE x.sender_org LIKE '%1$s%%' AND get_byte(h, 0) < 180) v"
    " WHERE r.id = v.id";

static const char reply_fmt[] =
    "UPDATE notice_recipients r SET replied_at = v.at, reply_text = v.text"
    " FROM (SELECT x.id, least(x.read_at + make_interval(mins => 30 + get_byte(h, 1) * 4),"
    "   zc_now()) AS at,"
    "  (ARRAY['已收到，按要求落实。', '已完成，材料已报送。',"
    "   '本周入户走访 12 户，发现问题已登记台账。', '已排查，暂无隐患。'])"
    "   [1 + get_byte(h, 2) %% 4] AS text"
    "  FROM notice_recipients x JOIN notices n ON n.id = x.notice_id"
    "  CROSS JOIN LATERAL decode(md5('%2$s:reply:' || x.id), 'hex') h"
    "  WHERE n.reply_required AND x.read_at IS NOT NULL AND x.sender_org LIKE '%1$s%%'"
    "   AND get_byte(h, 0) < 155) v"
    " WHERE r.id = v.id";

/* The top office (%1$s) reminds those who have not read its notice, two hours ago. */
static const char remind_fmt[] =
    "INSERT INTO notice_reminders (notice_id, what, reached, sent_by, sent_at, village_code)"
    " SELECT n.id, 'unread', (SELECT count(*) FROM notice_recipients r WHERE r.notice_id = n.id"
    "  AND r.read_at IS NULL), n.sent_by, zc_now() - interval '2 hours', n.org_code"
    " FROM notices n WHERE n.org_code = '%1$s' AND n.unit_id IS NULL";

static const char reminded_fmt[] =
    "UPDATE notice_recipients r SET reminded_at = m.sent_at, reminders = r.reminders + 1"
    " FROM notice_reminders m JOIN notices n ON n.id = m.notice_id"
    " WHERE m.notice_id = r.notice_id AND n.org_code = '%1$s' AND r.read_at IS NULL";

/* How many rows of table the step's sends wrote (the subtree's). */
static long count_of(struct demo *d, const char *sql)
{
    PGresult *res = PQexec(d->pg, sql);
    long n = PQresultStatus(res) == PGRES_TUPLES_OK ? strtol(PQgetvalue(res, 0, 0), NULL, 10) : -1;
    if (n < 0)
        fprintf(stderr, "zhucun-server: demo: notices: %s", PQresultErrorMessage(res));
    PQclear(res);
    return n;
}

int demo_step_notices(struct demo *d)
{
    int len = d->scale == DEMO_SCALE_COUNTY ? 6 : d->scale == DEMO_SCALE_CITY ? 4 : 2;
    char prefix[13], seed[24];
    snprintf(prefix, sizeof(prefix), "%.*s", len, d->scope_code);
    snprintf(seed, sizeof(seed), "%" PRIu64, d->seed);
    const char *step[] = {places_fmt, units_fmt, sent_fmt, read_fmt, reply_fmt};
    const char *what[] = {"notices of the offices", "notices of the units", "sent days back",
                          "reads", "replies"};
    int rc = demo_exec_counted(d, "notices", NULL, "statistics",
                               "ANALYZE teams, memberships, dispatch_units, role_grants");
    for (size_t i = 0; rc == 0 && i < ARRAY_SIZE(step); i++) {
        char *sql = xasprintf(step[i], prefix, seed, d->scope_code);
        rc = demo_exec_counted(d, "notices", NULL, what[i], sql);
        free(sql);
        if (rc == 0 && i == 1) {
            long notices = count_of(d, "SELECT count(*) FROM notices");
            long receipts = count_of(d, "SELECT count(*) FROM notice_recipients");
            rc = notices < 0 || receipts < 0 || demo_count_rows(d, "notices", notices, 0) != 0 ||
                         demo_count_rows(d, "notice_recipients", receipts, 0) != 0
                     ? -1
                     : demo_exec_counted(d, "notices", NULL, "statistics",
                                         "ANALYZE notices, notice_recipients");
        }
    }
    /* the reminder, then the rows it reached */
    char *sql = xasprintf(remind_fmt, d->scope_code);
    if (rc == 0)
        rc = demo_exec_counted(d, "notices", "notice_reminders", NULL, sql);
    free(sql);
    sql = xasprintf(reminded_fmt, d->scope_code);
    if (rc == 0)
        rc = demo_exec_counted(d, "notices", NULL, "reminded", sql);
    free(sql);
    return rc;
}
