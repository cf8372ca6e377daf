/* visit/store.c -- SQL for visits and due lists (functions in 0005_visits.sql). */
#include "server/visit/store.h"

DB_STATEMENT(store_visit_create,
             "SELECT zc_visit_create_ledger($1::bigint, zc_idem_bind($2, $16), $3::bigint, $4,"
             " $5::text[], $6::date, $7, $8::bigint[], $9, $10::text[], $11::bigint[], $12::date[],"
             " $13::boolean[], $17::text[], $14, $15)",
             17);

/* The rules in force at some day of [$1, $2], their categories and modes as arrays; a
 * village rule's subject shows as the category "village" (CAT_VILLAGE in
 * common/rules/visits.h). Each row also carries the tracking start: the due list judges the
 * periods the report counts, those that begin on or after it. */
DB_STATEMENT(
    store_visit_rules,
    "SELECT id, code, CASE subject WHEN 'village' THEN ARRAY['village']"
    " ELSE categories END, absent, period, min_visits, modes, effective_from::text,"
    " coalesce(effective_to::text, ''), zc_duty_start()::text FROM visit_rules"
    " WHERE effective_from <= $2::date AND (effective_to IS NULL OR effective_to >= $1::date)"
    " ORDER BY id",
    2);

/* Households within $1 with their state history (three arrays that go together: valid from,
 * category, absent; in order) and their visits in [$2, $3] (two: date, mode); one more than
 * the cap tells the caller to narrow. Then (id 0) the villages whose township team user $4
 * serves in (V4): one state, "village", from the day the team began to serve
 * (teams.established), and the visits logged for the village itself. [$5, $6) is the
 * patterns' byte range (access_pattern_bounds), for the village index. An array of none is
 * NULL. */
DB_STATEMENT(store_visit_due_households,
             "(SELECT h.id, h.head_name, h.village_code, st.froms, st.cats, st.absents, vs.dates,"
             " vs.modes"
             " FROM (SELECT h.id, h.head_name, h.village_code FROM households h"
             "  WHERE h.village_code LIKE ANY ($1::text[]) AND h.village_code >= $5"
             "  AND h.village_code < $6 ORDER BY h.id LIMIT 5001) h"
             " LEFT JOIN LATERAL (SELECT array_agg(s.valid_from ORDER BY s.valid_from) AS froms,"
             "  array_agg(s.category ORDER BY s.valid_from) AS cats,"
             "  array_agg(s.absent ORDER BY s.valid_from) AS absents"
             "  FROM household_states s WHERE s.household_id = h.id) st ON true"
             " LEFT JOIN LATERAL (SELECT array_agg(v.visit_date ORDER BY v.visit_date, v.id)"
             "  AS dates, array_agg(v.mode ORDER BY v.visit_date, v.id) AS modes FROM visits v"
             "  WHERE v.household_id = h.id AND v.visit_date BETWEEN $2::date AND $3::date) vs"
             "  ON true"
             " ORDER BY h.id)"
             " UNION ALL"
             " SELECT 0, o.name, o.code, ARRAY[t.established], ARRAY['village'], ARRAY[false],"
             " vs.dates, vs.modes"
             " FROM org_units o JOIN teams t ON t.kind = 'township'"
             "  AND t.org_code = substr(o.code, 1, 9) || '000'"
             " LEFT JOIN LATERAL (SELECT array_agg(v.visit_date ORDER BY v.visit_date, v.id)"
             "  AS dates, array_agg(v.mode ORDER BY v.visit_date, v.id) AS modes FROM visits v"
             "  WHERE v.village_code = o.code AND v.household_id IS NULL"
             "  AND v.visit_date BETWEEN $2::date AND $3::date) vs ON true"
             " WHERE o.level = 5 AND o.code LIKE ANY ($1::text[]) AND EXISTS (SELECT 1"
             "  FROM memberships m JOIN persons p ON p.id = m.person_id WHERE m.team_id = t.id"
             "  AND m.end_date IS NULL AND p.user_id = $4::bigint)",
             6);

/* Items within $1 (patterns; [$6, $7) their byte range, for the village index), optionally of
 * person $2 / team $3's village, of status $4 ('' = not resolved, 'all'); overdue first, then
 * urgent, then by deadline. */
DB_STATEMENT(store_follow_up_list,
             "SELECT i.id, i.village_code, coalesce(i.household_id, 0), coalesce(h.head_name, ''),"
             " i.visit_id, i.visit_date::text, i.text, i.responsible_id, p.name, i.deadline::text,"
             " i.urgent, i.status,"
             " i.status <> 'resolved' AND i.deadline < zc_today(),"
             " coalesce((SELECT u.note FROM follow_up_updates u WHERE u.item_id = i.id"
             "  ORDER BY u.at DESC LIMIT 1), '')"
             " FROM follow_up_items i JOIN persons p ON p.id = i.responsible_id"
             " LEFT JOIN households h ON h.id = i.household_id"
             " WHERE i.village_code LIKE ANY ($1::text[]) AND i.village_code >= $6"
             " AND i.village_code < $7 AND ($2::bigint = 0 OR i.responsible_id = $2::bigint)"
             " AND ($3::bigint = 0 OR i.village_code = (SELECT t.org_code FROM teams t"
             "  WHERE t.id = $3::bigint))"
             " AND (CASE $4 WHEN '' THEN i.status <> 'resolved' WHEN 'all' THEN true"
             "  ELSE i.status = $4 END)"
             " ORDER BY 13 DESC, i.urgent DESC, i.deadline, i.id LIMIT $5::integer",
             7);

/* Whether team $1 exists for a caller with area patterns $2 and dispatching units $3, as for
 * TeamShow (zc_team_visible, 0003_people_teams.sql). */
DB_STATEMENT(store_follow_up_team_visible,
             "SELECT zc_team_visible($1::bigint, $2::text[], $3::bigint[])", 3);

/* With an idempotency key ($8, "" for none): a retry is answered as the first was. */
DB_STATEMENT(store_follow_up_update,
             "SELECT zc_follow_up_update_keyed($1::bigint, $2::text[], $3, $4, $5::bigint, $6, $7,"
             " zc_idem_bind($8, $9))",
             9);
