/* demo_training.c -- the training step (培训制度化 and the units' supervision, SPEC T1–T2, G2;
 * 0145_training.sql; docs/training.md), as of the demo's today:
 *
 * - a year of weekly collective study for every team (the 52 weeks before this one): a study
 *   on a weekday of most weeks a member served (about one week in ten missed, from
 *   md5(seed:team:week)), attended by most of the members serving that day;
 * - training sessions of the year half a year back: the province's for first secretaries (five
 *   days), each city's for captains (two days), each county's full-staff session in spring
 *   (three days, its rule row's minimum) and its two-day autumn refresher (shorter than the
 *   rule: the short-session list), each township's for new cadres (one day); attended by about
 *   nine in ten of the cadres each is for, so that some cadres are untrained;
 * - every unit with a cadre serving: a hearing of a team's report in most quarters of the last
 *   year and this one's, and its leader's visits (two a year, fewer for some units), never after
 *   today, at a team where a cadre of the unit serves that day.
 *
 * Set-based: one INSERT ... SELECT a table, the planner given the statistics of what it joins
 * (ANALYZE: the load is one transaction, which autovacuum does not see). Run after "teams" and
 * before "attach". */
#include "server/demo/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/xmalloc.h"

/* %1$s the subtree's LIKE prefix, %2$s the seed. A team's week: its Monday; a study on the
 * weekday the hash picks, never after today. */
static const char study_fmt[] =
    "INSERT INTO study_sessions (team_id, village_code, held_on, topic, recorded_at)"
    " SELECT t.id, t.org_code, w.monday + get_byte(h, 1) %% 5,"
    "  (ARRAY['学习习近平新时代中国特色社会主义思想', '学习党的二十大精神',"
    "   '学习乡村振兴促进法', '学习防止返贫动态监测政策', '学习驻村工作管理办法',"
    "   '学习农村集体经济发展政策'])[1 + get_byte(h, 2) %% 6],"
    "  (w.monday + get_byte(h, 1) %% 5)::timestamptz"
    " FROM teams t"
    " CROSS JOIN (SELECT (date_trunc('week', zc_today())::date - 7 * k) AS monday"
    "  FROM generate_series(1, 52) k) w"
    " CROSS JOIN LATERAL decode(md5('%2$s:study:' || t.id || ':' || w.monday), 'hex') h"
    " WHERE t.org_code LIKE '%1$s%%' AND get_byte(h, 0) >= 26"
    "  AND EXISTS (SELECT 1 FROM memberships m WHERE m.team_id = t.id"
    "   AND m.start_date <= w.monday + get_byte(h, 1) %% 5"
    "   AND (m.end_date IS NULL OR m.end_date >= w.monday + get_byte(h, 1) %% 5))"
    " ORDER BY t.id, w.monday";

static const char attendees_fmt[] =
    "INSERT INTO study_attendees (session_id, person_id, village_code)"
    " SELECT s.id, m.person_id, s.village_code FROM study_sessions s"
    " JOIN memberships m ON m.team_id = s.team_id AND m.start_date <= s.held_on"
    "  AND (m.end_date IS NULL OR m.end_date >= s.held_on)"
    " WHERE s.village_code LIKE '%1$s%%'"
    "  AND get_byte(decode(md5('%2$s:attend:' || s.id || ':' || m.person_id), 'hex'), 0) >= 20"
    " ORDER BY s.id, m.person_id";

/* The year of the sessions: half a year back, so that every session lies before today. */
#define TRAINING_YEAR "extract(year FROM zc_today() - 183)::integer"

static const char sessions_fmt[] =
    "INSERT INTO training_sessions (level, org_code, title, audience, starts_on, ends_on,"
    "  recorded_at)"
    " SELECT s.level, s.code, s.title, s.audience, s.first, s.first + s.days - 1,"
    "  s.first::timestamptz FROM ("
    "  SELECT 'province' AS level, '140000000000' AS code, '全省第一书记示范培训班' AS title,"
    "   'first_secretary' AS audience, make_date(" TRAINING_YEAR ", 4, 8) AS first, 5 AS days"
    "  UNION ALL SELECT 'city', o.code, o.name || '驻村工作队队长培训班', 'captain',"
    "   make_date(" TRAINING_YEAR ", 5, 12), 2 FROM org_units o"
    "   WHERE o.level = 2 AND o.code LIKE '%1$.4s%%'"
    "  UNION ALL SELECT 'county', o.code, o.name || '驻村干部全员培训班', 'all',"
    "   make_date(" TRAINING_YEAR ", 3, 6), 3 FROM org_units o"
    "   WHERE o.level = 3 AND o.code LIKE '%1$s%%'"
    "  UNION ALL SELECT 'county', o.code, o.name || '驻村干部秋季轮训班', 'all',"
    "   make_date(" TRAINING_YEAR ", 9, 15), 2 FROM org_units o"
    "   WHERE o.level = 3 AND o.code LIKE '%1$s%%'"
    "  UNION ALL SELECT 'township', o.code, o.name || '新选派干部岗前培训', 'new',"
    "   make_date(" TRAINING_YEAR ", 6, 3), 1 FROM org_units o"
    "   WHERE o.level = 4 AND o.code LIKE '%1$s%%') s"
    " WHERE s.first + s.days - 1 < zc_today()"
    " ORDER BY s.first, s.code";

/* Who a session is for: the cadres serving on its first day in a team under its place (the
 * province's: those of the subtree loaded), of the post its audience names; nine in ten. */
static const char attendance_fmt[] =
    "INSERT INTO training_attendance (session_id, session_org, person_id, village_code,"
    "  from_day, to_day, recorded_at)"
    " SELECT DISTINCT ON (s.id, m.person_id) s.id, s.org_code, m.person_id, t.org_code,"
    "  s.starts_on, s.ends_on, s.ends_on::timestamptz"
    " FROM (SELECT s.*, CASE s.level WHEN 'province' THEN 2 WHEN 'city' THEN 4"
    "   WHEN 'county' THEN 6 ELSE 9 END AS n FROM training_sessions s"
    "  WHERE s.org_code LIKE '%1$s%%' OR s.level = 'province') s"
    " JOIN (SELECT t.id, t.org_code, l.n FROM teams t CROSS JOIN (VALUES (2), (4), (6), (9)) l (n)"
    "  WHERE t.org_code LIKE '%1$s%%') t ON t.n = s.n AND left(t.org_code, t.n) = left(s.org_code, "
    "s.n)"
    " JOIN memberships m ON m.team_id = t.id AND m.start_date <= s.starts_on"
    "  AND (m.end_date IS NULL OR m.end_date >= s.starts_on)"
    " WHERE (s.audience IN ('all', 'new') OR (s.audience = 'first_secretary'"
    "   AND m.post = 'first_secretary') OR (s.audience = 'captain' AND m.post = 'captain'))"
    "  AND (s.audience <> 'new' OR m.start_date >= s.starts_on - 365)"
    "  AND get_byte(decode(md5('%2$s:train:' || s.id || ':' || m.person_id), 'hex'), 0) >= 26"
    " ORDER BY s.id, m.person_id, m.start_date DESC";

/* A unit's hearings (the last four quarters' and this one's, on a day of the quarter's middle
 * month) and its leader's visits (April and September of last year and this), at the lowest
 * team where a cadre of the unit serves that day; some skipped, none after today. */
static const char supervision_fmt[] =
    "INSERT INTO unit_supervisions (kind, unit_id, held_on, team_id, village_code, who, note,"
    "  recorded_at)"
    " SELECT e.kind, e.unit_id, e.day, x.team_id, x.org_code,"
    "  CASE WHEN u.leader_name <> '' THEN u.leader_name ELSE '单位主要负责人' END,"
    "  CASE e.kind WHEN 'hearing' THEN '党委（党组）会议听取工作队季度工作汇报'"
    "   ELSE '到村看望驻村干部，调研帮扶工作' END, e.day::timestamptz"
    " FROM (SELECT 'hearing' AS kind, u.id AS unit_id,"
    "   (date_trunc('quarter', zc_today()) - make_interval(months => 3 * k))::date + 31"
    "    + get_byte(h, 1) %% 20 AS day, get_byte(h, 0) AS pick"
    "  FROM dispatch_units u, generate_series(0, 4) k,"
    "   LATERAL decode(md5('%2$s:hearing:' || u.id || ':' || k), 'hex') h"
    "  UNION ALL SELECT 'leader_visit', u.id,"
    "   make_date(extract(year FROM zc_today())::integer - y, v.month, 5 + get_byte(h, 1) %% 20),"
    "   CASE WHEN v.month = 9 THEN get_byte(h, 0) ELSE 255 END"
    "  FROM dispatch_units u, generate_series(0, 1) y, (VALUES (4), (9)) v (month),"
    "   LATERAL decode(md5('%2$s:visit:' || u.id || ':' || y), 'hex') h) e"
    " JOIN dispatch_units u ON u.id = e.unit_id"
    " CROSS JOIN LATERAL (SELECT t.id AS team_id, t.org_code FROM memberships m"
    "  JOIN teams t ON t.id = m.team_id WHERE m.unit_id = e.unit_id"
    "   AND t.org_code LIKE '%1$s%%' AND m.start_date <= e.day"
    "   AND (m.end_date IS NULL OR m.end_date >= e.day)"
    "  ORDER BY t.id LIMIT 1) x"
    " WHERE e.day <= zc_today() AND e.pick >= 38"
    " ORDER BY e.unit_id, e.day, e.kind";

int demo_step_training(struct demo *d)
{
    int len = d->scale == DEMO_SCALE_COUNTY ? 6 : d->scale == DEMO_SCALE_CITY ? 4 : 2;
    char prefix[13], seed[24];
    snprintf(prefix, sizeof(prefix), "%.*s", len, d->scope_code);
    snprintf(seed, sizeof(seed), "%" PRIu64, d->seed);
    const char *fmt[] = {study_fmt, attendees_fmt, sessions_fmt, attendance_fmt, supervision_fmt};
    const char *table[] = {"study_sessions", "study_attendees", "training_sessions",
                           "training_attendance", "unit_supervisions"};
    int rc = demo_exec_counted(d, "training", NULL, "statistics",
                               "ANALYZE teams, memberships, dispatch_units");
    for (size_t i = 0; rc == 0 && i < ARRAY_SIZE(fmt); i++) {
        char *sql = xasprintf(fmt[i], prefix, seed);
        rc = demo_exec_counted(d, "training", table[i], NULL, sql);
        free(sql);
        if (rc == 0 && (i == 0 || i == 2))
            rc = demo_exec_counted(d, "training", NULL, "statistics",
                                   i == 0 ? "ANALYZE study_sessions" : "ANALYZE training_sessions");
    }
    return rc;
}
