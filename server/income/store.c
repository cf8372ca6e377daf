/* income/store.c -- SQL for the income sums, the one-on-one plans and M3's lists (functions in
 * 0050_income.sql and 0051_income_calls.sql; docs/income.md). Today is Asia/Shanghai's date. */
#include "server/income/store.h"

/* A month's sums: household $1 within patterns $2, month $3 (its first day), the nine items
 * $4 (a bigint[] in the order of IncomeItems), members $5, the net $6 and per capita $7
 * (common/rules/income.c), ack $8, ack_note $9, reason $10, the actor $11-$13, the key $14
 * bound to the request's hash $15. Returns 'id|version'. */
DB_STATEMENT(store_income_record,
             "SELECT zc_income_record_keyed($1::bigint, $2::text[], $3::date, $4::bigint[],"
             " $5::integer, $6::bigint, $7::bigint, $8, $9, $10, $11::bigint, $12, $13,"
             " zc_idem_bind($14, $15))",
             15);

/* Household $1 within patterns $2: one 'h' row (head, village, today's category, members
 * today, and zc_income_standard today: projected or '', line, stable, required, met), then
 * an 's' row for every version of the months $3..$4 (first days), newest month first, the
 * current version first. 23 columns; nothing when the household is not within the patterns. */
DB_STATEMENT(store_income_history,
             "WITH vis AS (SELECT h.* FROM households h WHERE h.id = $1::bigint"
             " AND h.village_code LIKE ANY ($2::text[]))"
             " SELECT 'h' AS kind, '' AS sk, 0 AS sv, vis.head_name, vis.village_code,"
             " coalesce(st.category, ''),"
             " (SELECT count(*) FROM household_members m WHERE m.household_id = vis.id"
             "  AND (m.left_on IS NULL OR m.left_on > zc_today()))::text,"
             " coalesce(sd.projected_fen::text, ''), sd.line_fen::text, sd.months_stable::text,"
             " sd.months_required::text, sd.met::text, '', '', '', '', '', '', '', '', '', ''"
             " FROM vis LEFT JOIN LATERAL zc_household_state_on(vis.id, zc_today()) st ON true"
             " CROSS JOIN LATERAL zc_income_standard(vis.id, zc_today()) sd"
             " UNION ALL"
             " SELECT 's', to_char(s.month, 'YYYY-MM'), s.version, s.id::text, s.current::text,"
             " s.wages_fen::text, s.business_fen::text, s.rent_fen::text, s.dividend_fen::text,"
             " s.pension_fen::text, s.subsidy_fen::text, s.dibao_fen::text,"
             " s.other_transfer_fen::text, s.costs_fen::text, s.members::text, s.net_fen::text,"
             " s.per_capita_fen::text, s.ack, s.ack_note, s.reason, coalesce(u.display_name, ''),"
             " to_char(s.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
             " FROM vis JOIN income_sums s ON s.household_id = vis.id"
             " AND s.month BETWEEN $3::date AND $4::date"
             " LEFT JOIN users u ON u.id = s.recorded_by"
             " ORDER BY 1, 2 DESC, 3 DESC",
             4);

/* The org unit $1's name and the policy row in force on the last day of month $2 (its first
 * day; today in the running month): plan threshold, fall share. No row: no such org unit. */
DB_STATEMENT(store_income_list_head,
             "SELECT o.name, p.plan_threshold_fen::text, p.fall_share_pct::text"
             " FROM org_units o, zc_income_policy_on(least(($2::date + interval '1 month'"
             " - interval '1 day')::date, zc_today())) p WHERE o.code = $1",
             2);

/* List $1 under prefix $2 as of month $3, after household $4, at most $5 households
 * (zc_income_list: 'r' rows, then one 't' row with the totals). */
DB_STATEMENT(store_income_list,
             "SELECT kind, household_id, head_name, village_code, village_name, category,"
             " member_id, member_name, relation, projected_fen, before_fen, months, households,"
             " people, remaining FROM zc_income_list($1, $2, $3::date, $4::bigint, $5::integer)",
             5);

/* A plan: household $1 within patterns $2, measures $3, responsible $4, review date $5, the
 * actor $6-$8, the key $9 bound to the request's hash $10. Returns the plan's version. */
DB_STATEMENT(store_income_plan_set,
             "SELECT zc_income_plan_set_keyed($1::bigint, $2::text[], $3::text[], $4::bigint,"
             " $5::date, $6::bigint, $7, $8, zc_idem_bind($9, $10))",
             10);

/* Household $1's plan within patterns $2: measures (text[]), responsible, their name, review
 * date, when and by whom last set, version; a row with an empty plan (version 0) when the
 * household has none; nothing when the household is not within the patterns. */
DB_STATEMENT(
    store_income_plan_show,
    "SELECT coalesce(p.measures, '{}'), coalesce(p.responsible_id, 0), coalesce(pe.name, ''),"
    " coalesce(p.review_on::text, ''),"
    " coalesce(to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''),"
    " coalesce(u.display_name, ''), coalesce(p.version, 0)"
    " FROM households h LEFT JOIN income_plans p ON p.household_id = h.id"
    " LEFT JOIN persons pe ON pe.id = p.responsible_id LEFT JOIN users u ON u.id = p.updated_by"
    " WHERE h.id = $1::bigint AND h.village_code LIKE ANY ($2::text[])",
    2);
