/* store_report.c -- SQL for the visit compliance report: aggregations over visit_duties
 * (0006_visit_duties.sql; docs/compliance-report.md). Every statement takes the same first
 * parameters: $1 the scope as a LIKE pattern ('140929%'), $2 the month's first day. A duty
 * belongs to the month when its period overlaps it; the range on period_first lets the
 * planner read only the month's partition and the one before (a two-month period). */
#include "server/store.h"

#define IN_MONTH                                                                                   \
    " d.village_code LIKE $1 AND d.period_first BETWEEN ($2::date - interval '1 month')::date"     \
    " AND ($2::date + interval '1 month')::date - 1 AND d.period_last >= $2::date"

#define COUNTS                                                                                     \
    " count(*) AS due, count(*) FILTER (WHERE d.done >= d.required) AS met,"                       \
    " count(*) FILTER (WHERE d.done < d.required AND d.period_last < zc_today()) AS overdue,"      \
    " count(*) FILTER (WHERE d.done < d.required AND d.period_last >= zc_today()) AS open"

/* $3 the org unit's code: its name, today, whether the month's duties exist (and the tracking
 * start), then one row per rule with its counts. No row: no such org unit. */
const struct db_statement store_report_rules = {
    "report_rules",
    "SELECT o.name, zc_today()::text, zc_duty_start()::text,"
    " EXISTS (SELECT 1 FROM visit_duty_periods WHERE period = 'household:month'"
    "  AND period_first = $2::date),"
    " r.code, r.description, coalesce(a.due, 0), coalesce(a.met, 0), coalesce(a.overdue, 0),"
    " coalesce(a.open, 0)"
    " FROM org_units o CROSS JOIN visit_rules r"
    " LEFT JOIN (SELECT d.rule_id," COUNTS " FROM visit_duties d WHERE" IN_MONTH
    "  GROUP BY d.rule_id) a ON a.rule_id = r.id"
    " WHERE o.code = $3 ORDER BY r.id",
    3};

/* By child org unit of $3, whose codes have $4 significant digits. */
const struct db_statement store_report_by_org = {
    "report_by_org",
    "SELECT c.code, c.name, c.code, c.name, coalesce(a.due, 0), coalesce(a.met, 0),"
    " coalesce(a.overdue, 0), coalesce(a.open, 0), 0, ''"
    " FROM org_units c LEFT JOIN (SELECT substr(d.village_code, 1, $4::integer) AS k," COUNTS
    "  FROM visit_duties d WHERE" IN_MONTH " GROUP BY 1) a"
    "  ON a.k = substr(c.code, 1, $4::integer)"
    " WHERE c.parent_code = $3 ORDER BY c.code",
    4};

/* The duties of each village, with the team that owes them: the village's team for its
 * households, the township's team for the village itself (V4). */
#define TEAM_DUTIES                                                                                \
    "WITH a AS (SELECT d.village_code, d.household_id IS NULL AS v," COUNTS                        \
    "  FROM visit_duties d WHERE" IN_MONTH " GROUP BY 1, 2),"                                      \
    " tm AS (SELECT coalesce(t.id, 0) AS id, coalesce(t.name, '（无工作队）') AS name,"      \
    "  coalesce(t.org_code, a.village_code) AS org_code, coalesce(t.kind, 'village') AS kind,"     \
    "  sum(a.due) AS due, sum(a.met) AS met, sum(a.overdue) AS overdue, sum(a.open) AS open"       \
    "  FROM a LEFT JOIN teams t ON t.kind = CASE WHEN a.v THEN 'township' ELSE 'village' END"      \
    "  AND t.org_code = CASE WHEN a.v THEN substr(a.village_code, 1, 9) || '000'"                  \
    "  ELSE a.village_code END GROUP BY 1, 2, 3, 4) "

const struct db_statement store_report_by_team = {
    "report_by_team",
    TEAM_DUTIES "SELECT tm.id, tm.name, tm.org_code, o.name, tm.due, tm.met, tm.overdue, tm.open,"
                " 0, '' FROM tm JOIN org_units o ON o.code = tm.org_code"
                " ORDER BY tm.org_code, tm.id",
    2};

/* Each serving cadre with their team's counts and the visits they took part in that month. */
const struct db_statement store_report_by_cadre = {
    "report_by_cadre",
    TEAM_DUTIES "SELECT p.id, p.name, tm.org_code, o.name, tm.due, tm.met, tm.overdue, tm.open,"
                " (SELECT count(*) FROM visits v WHERE v.village_code LIKE"
                "  substr(tm.org_code, 1, CASE tm.kind WHEN 'village' THEN 12 ELSE 9 END) || '%'"
                "  AND v.visit_date BETWEEN $2::date AND ($2::date + interval '1 month')::date - 1"
                "  AND p.id = ANY (v.cadre_ids)), tm.name"
                " FROM tm JOIN memberships m ON m.team_id = tm.id AND m.end_date IS NULL"
                " JOIN persons p ON p.id = m.person_id JOIN org_units o ON o.code = tm.org_code"
                " ORDER BY tm.org_code, p.name, p.id",
    2};

/* Households after $3 (id order), at most $4 rows; $5: only those with a duty not met. */
const struct db_statement store_report_by_household = {
    "report_by_household",
    "SELECT h.id, h.head_name, h.village_code, o.name," COUNTS ", 0,"
    " coalesce(string_agg(r.code || ' ' || to_char(d.window_first, 'MM-DD') || '~'"
    "  || to_char(d.period_last, 'MM-DD') || CASE WHEN d.period_last < zc_today()"
    "  THEN ' 逾期' ELSE ' 待走访' END, '；' ORDER BY d.period_first, r.id)"
    "  FILTER (WHERE d.done < d.required), '')"
    " FROM visit_duties d JOIN households h ON h.id = d.household_id"
    " JOIN visit_rules r ON r.id = d.rule_id JOIN org_units o ON o.code = h.village_code"
    " WHERE" IN_MONTH " AND d.household_id > $3::bigint"
    " GROUP BY h.id, h.head_name, h.village_code, o.name"
    " HAVING NOT $5::boolean OR count(*) FILTER (WHERE d.done < d.required) > 0"
    " ORDER BY h.id LIMIT $4::integer",
    5};
