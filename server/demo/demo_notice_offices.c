/* demo_notice_offices.c -- the notice_offices step (0177_notice_offices.sql; docs/notices.md
 * "Offices as recipients"), as of the demo's today: every county office of the subtree whose
 * townships have accounts sends one notice to the offices below it (its townships' offices), a
 * reply required within five days, through zc_notice_send (the call's own function, as the
 * county office's account); sent two days back; of each notice's receipts every other one read
 * three hours after it was sent, and the first of each replied: partial reads at every scale.
 * Run after "notices" and before "attach". */
#include "server/demo/demo.h"

#include "common/xmalloc.h"

/* %1$s the subtree's LIKE prefix. */
static const char send_fmt[] =
    "SELECT count(zc_notice_send(g.user_id, '', ARRAY[zc_scope_pattern(o.code)], '{}', o.code,"
    "  0, '关于报送乡镇驻村工作月报的通知',"
    "  '请各乡镇驻村办于五日内报送本月驻村工作月报：在岗天数、入户走访、问题台账办结情况。',"
    "  true, zc_today() + 5, 'offices', o.code, 0, '{}', '{}', 50000, u.username, 'demo'))"
    " FROM org_units o"
    " CROSS JOIN LATERAL (SELECT g.user_id FROM role_grants g WHERE g.scope_code = o.code"
    "  AND g.role = 'county_office' ORDER BY g.user_id LIMIT 1) g"
    " JOIN users u ON u.id = g.user_id"
    " WHERE o.level = 3 AND o.code LIKE '%1$s%%'"
    "  AND EXISTS (SELECT 1 FROM zc_notice_offices(o.code))";

static const char sent_at_fmt[] = "UPDATE notices SET sent_at = zc_now() - interval '2 days'"
                                  " WHERE scope_kind = 'offices' AND org_code LIKE '%1$s%%'";

static const char read_fmt[] =
    "UPDATE notice_recipients r SET read_at = x.at, seen_at = x.at,"
    "  replied_at = CASE WHEN x.k = 1 THEN x.at + interval '1 hour' END,"
    "  reply_text = CASE WHEN x.k = 1 THEN '已报送，详见附表。' END"
    " FROM (SELECT r.id, n.sent_at + interval '3 hours' AS at,"
    "   row_number() OVER (PARTITION BY r.notice_id ORDER BY r.village_code, r.id) AS k"
    "  FROM notice_recipients r JOIN notices n ON n.id = r.notice_id"
    "  WHERE n.scope_kind = 'offices' AND n.org_code LIKE '%1$s%%') x"
    " WHERE r.id = x.id AND x.k %% 2 = 1";

int demo_step_notice_offices(struct demo *d)
{
    static const struct demo_part parts[] = {
        {send_fmt, "notices to offices"},
        {sent_at_fmt, "notices to offices dated"},
        {read_fmt, "offices' receipts read"},
    };
    return demo_exec_parts(d, "notice_offices", parts, ARRAY_SIZE(parts));
}
