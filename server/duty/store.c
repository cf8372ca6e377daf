/* duty/store.c -- SQL for the duty report and the due list (the engine is in
 * 0031_duty_engine.sql; docs/duties.md).
 *
 * The report's statements take the same first parameters: $1 the rule codes (a text[]; '{}'
 * for every rule), $2 the scope's significant digits (a prefix), [$3, $4) the same as a code
 * range (byte order, for the visit summary's index: report/store.c says why), and [$5, $6] the
 * span. Each returns, in one result, one row per rule ('r', in the rules' order) and one per
 * group ('s' the unit itself, 'g' a child, team or cadre), each with due, met, overdue and
 * open; the duties are judged once (the MATERIALIZED CTE) for both. */
#include "server/duty/store.h"

/* The org unit $1's name, today, the tracking start, and the first of the codes $2 that no
 * rule has ('' when every one is a rule). No row: no such org unit. */
DB_STATEMENT(store_duty_head,
             "SELECT o.name, zc_today()::text, zc_duty_start()::text,"
             " coalesce((SELECT c FROM unnest($2::text[]) WITH ORDINALITY AS x (c, i)"
             "  WHERE NOT EXISTS (SELECT 1 FROM duty_rules r WHERE r.code = c)"
             "  ORDER BY i LIMIT 1), '')"
             " FROM org_units o WHERE o.code = $1",
             2);

/* The laid-out SQL below would not survive clang-format. */
// clang-format off
#define DUTIES                                                                                     \
    "WITH d AS MATERIALIZED (SELECT * FROM zc_duty_report($1::text[], $2, $3, $4, $5::date,"       \
    "  $6::date)),"                                                                                \
    " rl AS (SELECT DISTINCT ON (r.code) r.code, r.description, r.period, k.name AS record,"       \
    "  (SELECT min(r2.id) FROM duty_rules r2 WHERE r2.code = r.code) AS first_id"                 \
    "  FROM duty_rules r JOIN duty_record_kinds k ON k.kind = r.record_kind"                      \
    "  WHERE cardinality($1::text[]) = 0 OR r.code = ANY ($1::text[])"                            \
    "  ORDER BY r.code, r.effective_from DESC)"

/* due, met, overdue (not met, ended before today), open (not met, not ended) of the rows of d
 * a group holds; today is read once (a sub-select), not once a row. */
#define SUMS                                                                                       \
    " sum(d.due)::bigint AS due, sum(d.met)::bigint AS met,"                                       \
    " coalesce(sum(d.due - d.met) FILTER (WHERE d.period_last < (SELECT zc_today())), 0)::bigint"  \
    " AS overdue,"                                                                                 \
    " coalesce(sum(d.due - d.met) FILTER (WHERE d.period_last >= (SELECT zc_today())), 0)::bigint" \
    " AS open"

#define COUNTS(a)                                                                                  \
    " coalesce(" a ".due, 0), coalesce(" a ".met, 0), coalesce(" a ".overdue, 0),"                \
    " coalesce(" a ".open, 0)"

/* Columns: kind, rank, key, name, org code, org name, due, met, overdue, open, period kind,
 * record kind: the rules first, in the order of their first version. */
#define BY_RULE                                                                                    \
    " SELECT 'r' AS kind, rl.first_id::text AS rank, rl.code AS key, rl.description AS name,"     \
    "  '' AS org, '' AS org_name," COUNTS("a") ", rl.period, rl.record"                           \
    " FROM rl LEFT JOIN (SELECT r.code," SUMS " FROM d JOIN duty_rules r ON r.id = d.rule_id"     \
    "  GROUP BY r.code) a ON a.code = rl.code"

/* By child org unit of $7 (its code; the children's codes have $8 significant digits), after
 * the unit itself when duties are placed at its own code (its office's, units sitting there). */
DB_STATEMENT(store_duty_by_org,
    DUTIES
    " SELECT * FROM (" BY_RULE
    " UNION ALL SELECT 's', '', o.code, o.name || '（本级）', o.code, o.name," COUNTS("a") ", '', ''"
    " FROM org_units o, (SELECT" SUMS " FROM d WHERE d.org_code = $7) a"
    " WHERE o.code = $7 AND a.due > 0"
    " UNION ALL SELECT 'g', c.code, c.code, c.name, c.code, c.name," COUNTS("a") ", '', ''"
    " FROM org_units c LEFT JOIN (SELECT substr(d.org_code, 1, $8::integer) AS k," SUMS
    "  FROM d GROUP BY 1) a ON a.k = substr(c.code, 1, $8::integer)"
    " WHERE c.parent_code = $7"
    ") x ORDER BY position(x.kind IN 'rsg'), lpad(x.rank, 12, '0'), x.key",
    8);

/* By the team that answers for each duty; duties no team answers for (an office's, a unit's,
 * a village without a team) in one row, key 0. */
DB_STATEMENT(store_duty_by_team,
    DUTIES
    " SELECT * FROM (" BY_RULE
    " UNION ALL SELECT 'g', coalesce(t.org_code, ''), coalesce(t.id, 0)::text,"
    "  coalesce(t.name, '（无工作队承担）'), coalesce(t.org_code, ''), coalesce(o.name, ''),"
    COUNTS("a") ", '', ''"
    " FROM (SELECT d.team_id," SUMS " FROM d GROUP BY 1) a"
    " LEFT JOIN teams t ON t.id = a.team_id LEFT JOIN org_units o ON o.code = t.org_code"
    ") x ORDER BY position(x.kind IN 'rsg'), lpad(x.rank, 12, '0'),"
    " CASE x.kind WHEN 'g' THEN x.key::bigint END",
    6);

/* Each cadre who served in the span in a team under the prefix (their latest such team), with
 * that team's duties and their own (five days and four nights). The two sums are made once
 * (MATERIALIZED): with the policies of 0043 the planner expects a few cadres and would join
 * them in a loop that sorts and sums the team's duties again for each cadre (0.5 s -> 1 s for a
 * county). */
DB_STATEMENT(store_duty_by_cadre,
    DUTIES ","
    " cad AS (SELECT DISTINCT ON (m.person_id) m.person_id, m.team_id FROM memberships m"
    "  JOIN teams t ON t.id = m.team_id WHERE t.org_code LIKE $2 || '%'"
    "  AND m.start_date <= $6::date AND (m.end_date IS NULL OR m.end_date >= $5::date)"
    "  ORDER BY m.person_id, m.start_date DESC, m.id DESC),"
    " ts AS MATERIALIZED (SELECT d.team_id," SUMS " FROM d WHERE d.person_id IS NULL GROUP BY 1),"
    " ps AS MATERIALIZED (SELECT d.person_id," SUMS " FROM d WHERE d.person_id IS NOT NULL"
    "  GROUP BY 1)"
    " SELECT * FROM (" BY_RULE
    " UNION ALL SELECT 'g', t.org_code, p.id::text, p.name, t.org_code, o.name,"
    "  coalesce(ts.due, 0) + coalesce(ps.due, 0), coalesce(ts.met, 0) + coalesce(ps.met, 0),"
    "  coalesce(ts.overdue, 0) + coalesce(ps.overdue, 0),"
    "  coalesce(ts.open, 0) + coalesce(ps.open, 0), '', ''"
    " FROM cad JOIN persons p ON p.id = cad.person_id JOIN teams t ON t.id = cad.team_id"
    " JOIN org_units o ON o.code = t.org_code"
    " LEFT JOIN ts ON ts.team_id = cad.team_id LEFT JOIN ps ON ps.person_id = cad.person_id"
    ") x ORDER BY position(x.kind IN 'rsg'), lpad(x.rank, 12, '0'), x.name,"
    " CASE x.kind WHEN 'g' THEN x.key::bigint END",
    6);
// clang-format on

/* What user $1 owes on $2 (zc_duties_due, 0031), looking back $3 days: every duty judged, met
 * or not, the unmet overdue first. */
DB_STATEMENT(store_duties_due,
             "SELECT code, description, record_name, unit, subject, subject_key, subject_name,"
             " org_code, period_first::text, period_last::text, required, done, met, overdue,"
             " detail FROM zc_duties_due($1::bigint, $2::date, $3::integer)",
             3);
