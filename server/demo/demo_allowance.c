/* demo_allowance.c -- the allowances step (驻村补助, SPEC D4; 0175_allowances.sql;
 * docs/allowances.md), as of the demo's today: two months of statements, the two months before
 * the current one, for every cadre serving from a dispatching unit.
 *
 * - The days come from check-ins, as everywhere: the checkins step makes the last two weeks',
 *   so this step first plants the mornings of the two months before those weeks (most days, by
 *   md5(seed:person:day); a morning check-in at the cadre's team's place) for the cadres who
 *   served those days.
 * - Each cadre's statement of each month is drafted by the one function the call uses
 *   (zc_allowance_write: the days from zc_attendance_days, the unit level's rate).
 * - The older month: every statement confirmed by the township, sent to the unit through the
 *   engine (zc_allowance_submit, as the township's account) and approved by the unit's
 *   administrator (zc_approval_decide), and one a county corrected after approval (a check-in
 *   recorded late: a second version, approved too). The newer month: about four in five
 *   confirmed and sent, of which the unit approved about half; the rest pending in the units'
 *   queues, and the unconfirmed ones drafts.
 *
 * Run after "training" (and so after "checkins", "leave" and "accounts") and before "attach". */
#include "server/demo/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/xmalloc.h"

#define PICK(x) "get_byte(decode(md5('%2$s:' || " x "), 'hex'), 0)"

/* The two months: the first day of the month before the current one's and of the one before. */
#define MONTHS                                                                                     \
    "(SELECT (date_trunc('month', zc_today()) - make_interval(months => k))::date AS first"        \
    " FROM generate_series(1, 2) k)"

/* A morning's minute past 08:00, and whether the cadre was in the village that day. */
#define MINUTE  PICK("'min:' || m.person_id || ':' || d.day") " %% 90"
#define PRESENT PICK("'day:' || m.person_id || ':' || d.day")

/* Mornings of the two months up to the checkins step's first day (the Monday a week before
 * this one's), for the cadres serving that day in a team of the subtree; about 22 days in 26. */
static const char checkins_fmt[] =
    "INSERT INTO checkins (at, person_id, team_id, village_code, client_time, lat, lon,"
    "  accuracy_m, flags)"
    " SELECT x.at, x.person_id, x.team_id, x.org_code, x.at, coalesce(o.lat, 37.87),"
    "  coalesce(o.lon, 112.55), 15, 0"
    " FROM (SELECT m.person_id, m.team_id, t.org_code,"
    "   (d.day + make_interval(hours => 8, mins => " MINUTE ")) AT TIME ZONE 'Asia/Shanghai'"
    "    AS at"
    "  FROM memberships m JOIN teams t ON t.id = m.team_id"
    "  CROSS JOIN LATERAL (SELECT g::date AS day FROM generate_series(greatest(m.start_date,"
    "    (SELECT min(first) FROM " MONTHS " mm)), least(coalesce(m.end_date, zc_today()),"
    "    date_trunc('week', zc_today())::date - 8), interval '1 day') g) d"
    "  WHERE t.org_code LIKE '%1$s%%' AND m.unit_id IS NOT NULL AND " PRESENT " < 220) x"
    " LEFT JOIN org_units o ON o.code = x.org_code"
    " ORDER BY x.at, x.person_id";

/* Every cadre's statement of each month (the call's own function). */
static const char draft_fmt[] =
    "SELECT count(zc_allowance_write(0, c.person_id, mm.first, NULL, 1, NULL, ''))"
    " FROM (SELECT DISTINCT m.person_id FROM memberships m JOIN teams t ON t.id = m.team_id"
    "  WHERE t.org_code LIKE '%1$s%%' AND m.unit_id IS NOT NULL"
    "   AND m.start_date < date_trunc('month', zc_today())::date"
    "   AND (m.end_date IS NULL OR m.end_date >= (SELECT min(first) FROM " MONTHS " x))) c"
    " CROSS JOIN " MONTHS " mm"
    " WHERE NOT EXISTS (SELECT 1 FROM allowance_statements a WHERE a.person_id = c.person_id"
    "  AND a.month = mm.first)";

/* Confirmed and sent, by the township of the placement (a township team's own; its county
 * office when the township has no account): the older month's all, the newer's four in five. */
static const char submit_fmt[] =
    "SELECT count(zc_allowance_confirm(o.user_id, NULL, ARRAY[o.pattern], ARRAY[a.id],"
    "  o.username, 'demo') || zc_allowance_submit(o.user_id, NULL, ARRAY[o.pattern],"
    "  ARRAY[a.id], o.username, 'demo'))"
    " FROM allowance_statements a"
    " CROSS JOIN LATERAL (SELECT g.user_id, u.username, zc_scope_pattern(g.scope_code) AS pattern"
    "  FROM role_grants g JOIN users u ON u.id = g.user_id"
    "  WHERE g.role IN ('township', 'county_office')"
    "   AND a.org_code LIKE zc_scope_pattern(g.scope_code)"
    "  ORDER BY g.role = 'township' DESC, g.user_id LIMIT 1) o"
    " WHERE a.org_code LIKE '%1$s%%' AND a.status = 'draft'"
    "  AND (a.month = (SELECT min(first) FROM " MONTHS " x)"
    "   OR " PICK("'send:' || a.id") " < 205)";

/* The unit's administrator approves: every pending statement of the older month, about half of
 * the newer's (the steps their units' administrators may decide). */
static const char approve_fmt[] =
    "SELECT count(zc_approval_decide(s.id, g.user_id, NULL, 'approve', '', 'system',"
    "  u.username, 'demo'))"
    " FROM allowance_statements a JOIN approval_steps s ON s.approval_id = a.approval_id"
    "  AND s.status = 'pending'"
    " CROSS JOIN LATERAL (SELECT g.user_id FROM role_grants g WHERE g.role = 'unit_admin'"
    "  AND g.unit_id = a.unit_id ORDER BY g.user_id LIMIT 1) g"
    " JOIN users u ON u.id = g.user_id"
    " WHERE a.org_code LIKE '%1$s%%' AND a.status = 'pending'"
    "  AND (a.month = (SELECT min(first) FROM " MONTHS " x)"
    "   OR " PICK("'approve:' || a.id") " < 128)";

/* One correction in the subtree: the first approved statement of the older month with a day
 * not in the village gets that morning's check-in, recorded late, and a second version with
 * the reason, drafted by the call's function (zc_allowance_correct, as the county office). */
static const char correct_fmt[] =
    "WITH s AS (SELECT a.*, d.day FROM allowance_statements a"
    "  CROSS JOIN LATERAL (SELECT x.day FROM zc_attendance_days(a.person_id, a.month,"
    "   (a.month + interval '1 month - 1 day')::date) x"
    "   WHERE x.served AND x.excused IS NULL AND NOT x.day_present ORDER BY x.day LIMIT 1) d"
    "  WHERE a.org_code LIKE '%1$s%%' AND a.status = 'approved'"
    "   AND a.month = (SELECT min(first) FROM " MONTHS " x)"
    "  ORDER BY a.id LIMIT 1),"
    " c AS (INSERT INTO checkins (at, person_id, team_id, village_code, client_time, lat, lon,"
    "  accuracy_m) SELECT (s.day + time '09:10') AT TIME ZONE 'Asia/Shanghai', s.person_id,"
    "  s.team_id, s.org_code, (s.day + time '09:10') AT TIME ZONE 'Asia/Shanghai', 37.87,"
    "  112.55, 15 FROM s RETURNING person_id)"
    " SELECT count(*) FROM s, c";

static const char correct_version_fmt[] =
    "SELECT count(zc_allowance_correct(g.user_id, NULL, ARRAY[zc_scope_pattern(g.scope_code)],"
    "  '{}', a.id, to_char(a.month, 'FMMM\"月\"') || "
    "'有一天的打卡因网络原因未及时上传，已补录，更正在村天数',"
    "  u.username, 'demo'))"
    " FROM allowance_statements a"
    " CROSS JOIN LATERAL (SELECT g.user_id, g.scope_code FROM role_grants g"
    "  WHERE g.role = 'county_office' AND g.scope_code = zc_county_of(a.org_code)"
    "  ORDER BY g.user_id LIMIT 1) g"
    " JOIN users u ON u.id = g.user_id"
    " WHERE a.org_code LIKE '%1$s%%' AND a.status = 'approved'"
    "  AND a.month = (SELECT min(first) FROM " MONTHS " x)"
    "  AND a.days_present < (SELECT count(*) FROM zc_attendance_days(a.person_id, a.month,"
    "   (a.month + interval '1 month - 1 day')::date) x"
    "   WHERE x.served AND x.excused IS NULL AND x.day_present)"
    "  AND NOT EXISTS (SELECT 1 FROM allowance_statements b WHERE b.person_id = a.person_id"
    "   AND b.month = a.month AND b.version > a.version)";

int demo_step_allowance(struct demo *d)
{
    int len = d->scale == DEMO_SCALE_COUNTY ? 6 : d->scale == DEMO_SCALE_CITY ? 4 : 2;
    char prefix[13], seed[24];
    snprintf(prefix, sizeof(prefix), "%.*s", len, d->scope_code);
    snprintf(seed, sizeof(seed), "%" PRIu64, d->seed);
    static const struct {
        const char *fmt, *table, *what;
    } parts[] = {
        {checkins_fmt, "checkins", NULL},
        {"ANALYZE checkins, memberships", NULL, "statistics"},
        {draft_fmt, NULL, "statements drafted"},
        {"ANALYZE allowance_statements", NULL, "statistics"},
        {submit_fmt, NULL, "statements confirmed and sent"},
        {approve_fmt, NULL, "statements approved"},
        {correct_fmt, NULL, "late check-ins"},
        {correct_version_fmt, NULL, "corrections"},
        {submit_fmt, NULL, "corrections confirmed and sent"},
        {approve_fmt, NULL, "corrections approved"},
    };
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < ARRAY_SIZE(parts); i++) {
        char *sql = xasprintf(parts[i].fmt, prefix, seed);
        rc = demo_exec_counted(d, "allowances", parts[i].table, parts[i].what, sql);
        free(sql);
    }
    return rc;
}
