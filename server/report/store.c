/* report/store.c -- SQL for the visit compliance report (0006_visit_duties.sql;
 * docs/compliance-report.md). Every statement takes the same first parameters: the scope as a
 * code range [$1, $2) (byte order: org codes are digits and the columns are COLLATE "C", so
 * the range uses the indexes under any plan, which a LIKE parameter would not), and $3 the
 * month's first day. A duty belongs to the month when its period overlaps it; the range on
 * period_first also keeps the reads to the month and the one before (a two-month period).
 *
 * Above the household, the counts come from visit_duty_summary (one row per village, rule
 * and period); the household drill-down reads the duty rows themselves. */
#include "server/report/store.h"

#define IN_MONTH(t)                                                                                \
    " " t ".village_code >= $1 AND " t ".village_code < $2"                                        \
    " AND " t ".period_first BETWEEN ($3::date - interval '1 month')::date"                        \
    " AND ($3::date + interval '1 month')::date - 1 AND " t ".period_last >= $3::date"

#define SUMS                                                                                       \
    " sum(s.due)::bigint AS due, sum(s.met)::bigint AS met,"                                       \
    " coalesce(sum(s.due - s.met) FILTER (WHERE s.period_last < zc_today()), 0)::bigint"           \
    " AS overdue,"                                                                                 \
    " coalesce(sum(s.due - s.met) FILTER (WHERE s.period_last >= zc_today()), 0)::bigint AS open"

/* $4 the org unit's code: its name, today, the tracking start, whether the month's duties
 * exist, then one row per rule with its counts. No row: no such org unit. */
DB_STATEMENT(
    store_report_rules,
    "SELECT o.name, zc_today()::text, zc_duty_start()::text,"
    " EXISTS (SELECT 1 FROM visit_duty_periods WHERE period = 'household:month'"
    "  AND period_first = $3::date),"
    " r.code, r.description, coalesce(a.due, 0), coalesce(a.met, 0), coalesce(a.overdue, 0),"
    " coalesce(a.open, 0)"
    " FROM org_units o CROSS JOIN visit_rules r"
    " LEFT JOIN (SELECT s.rule_id," SUMS
    " FROM visit_duty_summary s WHERE" IN_MONTH("s") "  GROUP BY s.rule_id) a ON a.rule_id = r.id"
                                                     " WHERE o.code = $4 ORDER BY r.id",
    4);

/* Org units (which: a condition on c) with the counts of the villages under each, units
 * whose codes have $5 significant digits; a village's location (NULL above villages) follows
 * the ten columns every grouping gives. */
#define UNIT_ROWS(which)                                                                           \
    "SELECT c.code, c.name, c.code, c.name, coalesce(a.due, 0), coalesce(a.met, 0),"               \
    " coalesce(a.overdue, 0), coalesce(a.open, 0), 0, '', c.lat, c.lon"                            \
    " FROM org_units c LEFT JOIN (SELECT substr(s.village_code, 1, $5::integer) AS k," SUMS        \
    "  FROM visit_duty_summary s WHERE" IN_MONTH(                                                  \
        "s") " GROUP BY 1) a"                                                                      \
             "  ON a.k = substr(c.code, 1, $5::integer) WHERE " which " ORDER BY c.code"

/* By child org unit of $4. */
DB_STATEMENT(store_report_by_org, UNIT_ROWS("c.parent_code = $4"), 5);

/* By village: the units of level $4 (a village) in the scope's range, every village listed
 * whether it owes anything or not ($5 is 12: a village's code whole). */
DB_STATEMENT(store_report_by_village,
             UNIT_ROWS("c.code >= $1 AND c.code < $2 AND c.level = $4::smallint"), 5);

/* The duties of each village, with the team that owes them: the village's team for its
 * households, the township's team for the village itself (V4). */
#define TEAM_DUTIES                                                                                    \
    "WITH a AS (SELECT s.village_code, r.subject = 'village' AS v," SUMS                               \
    "  FROM visit_duty_summary s JOIN visit_rules r ON r.id = s.rule_id"                               \
    "  WHERE" IN_MONTH(                                                                                \
        "s") " GROUP BY 1, 2),"                                                                        \
             " tm AS (SELECT coalesce(t.id, 0) AS id, coalesce(t.name, '（无工作队）') AS name," \
             "  coalesce(t.org_code, a.village_code) AS org_code, coalesce(t.kind, 'village') AS "     \
             "kind,"                                                                                   \
             "  sum(a.due) AS due, sum(a.met) AS met, sum(a.overdue) AS overdue, sum(a.open) AS "      \
             "open"                                                                                    \
             "  FROM a LEFT JOIN teams t ON t.kind = CASE WHEN a.v THEN 'township' ELSE "              \
             "'village' END"                                                                           \
             "  AND t.org_code = CASE WHEN a.v THEN substr(a.village_code, 1, 9) || '000'"             \
             "  ELSE a.village_code END GROUP BY 1, 2, 3, 4) "

DB_STATEMENT(store_report_by_team,
             TEAM_DUTIES
             "SELECT tm.id, tm.name, tm.org_code, o.name, tm.due, tm.met, tm.overdue, tm.open,"
             " 0, '' FROM tm JOIN org_units o ON o.code = tm.org_code"
             " ORDER BY tm.org_code, tm.id",
             3);

/* Each serving cadre with their team's counts and the visits they took part in that month
 * (the visits of the team's village, or of its township's villages). The bounds take the
 * visits column's collation: compared under "C" (the summary's), the visits index would not
 * serve and each cadre would scan the month. */
DB_STATEMENT(store_report_by_cadre,
             TEAM_DUTIES
             "SELECT p.id, p.name, tm.org_code, o.name, tm.due, tm.met, tm.overdue, tm.open,"
             " (SELECT count(*) FROM visits v WHERE v.village_code >="
             "  (CASE tm.kind WHEN 'village' THEN tm.org_code"
             "  ELSE substr(tm.org_code, 1, 9) || '000' END) COLLATE \"default\""
             "  AND v.village_code <= (CASE tm.kind WHEN 'village' THEN tm.org_code"
             "  ELSE substr(tm.org_code, 1, 9) || '999' END) COLLATE \"default\""
             "  AND v.visit_date BETWEEN $3::date AND ($3::date + interval '1 month')::date - 1"
             "  AND p.id = ANY (v.cadre_ids)), tm.name"
             " FROM tm JOIN memberships m ON m.team_id = tm.id AND m.end_date IS NULL"
             " JOIN persons p ON p.id = m.person_id JOIN org_units o ON o.code = tm.org_code"
             " ORDER BY tm.org_code, p.name, p.id",
             3);

/* Households after $4 (id order), at most $5 rows; $6: only those with a duty not met. The
 * month's duties of the scope (a county at most: the handler refuses above) are read first by
 * the village range, then grouped: ordered by household id alone, the planner would walk the
 * household index through the whole province. */
DB_STATEMENT(
    store_report_by_household,
    "WITH d AS MATERIALIZED (SELECT d.* FROM visit_duties d WHERE" IN_MONTH(
        "d") "  AND d.household_id > $4::bigint)"
             " SELECT h.id, h.head_name, h.village_code, o.name, count(*) AS due,"
             " count(*) FILTER (WHERE d.done >= d.required) AS met,"
             " count(*) FILTER (WHERE d.done < d.required AND d.period_last < zc_today()) AS "
             "overdue,"
             " count(*) FILTER (WHERE d.done < d.required AND d.period_last >= zc_today()) AS "
             "open, 0,"
             " coalesce(string_agg(r.code || ' ' || to_char(d.window_first, 'MM-DD') || '~'"
             "  || to_char(d.period_last, 'MM-DD') || CASE WHEN d.period_last < zc_today()"
             "  THEN ' 逾期' ELSE ' 待走访' END, '；' ORDER BY d.period_first, r.id)"
             "  FILTER (WHERE d.done < d.required), '')"
             " FROM d JOIN households h ON h.id = d.household_id"
             " JOIN visit_rules r ON r.id = d.rule_id JOIN org_units o ON o.code = h.village_code"
             " GROUP BY h.id, h.head_name, h.village_code, o.name"
             " HAVING NOT $6::boolean OR count(*) FILTER (WHERE d.done < d.required) > 0"
             " ORDER BY h.id LIMIT $5::integer",
    6);
