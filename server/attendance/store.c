/* attendance/store.c -- SQL for check-ins, official business and the attendance week and
 * report (tables and functions in 0008_checkins.sql). Every excused day comes from
 * zc_excused_days, which later migrations extend (approved leave). */
#include "server/attendance/store.h"

/* What a check-in by user $1 at $2 (Unix microseconds) is judged against: the caller's
 * person and current team, one row per candidate village with its location and radius (the
 * team's village; every village of a township team's township; NULL village when a
 * township has none), the caller's latest check-in within $3 seconds before $2 (the
 * speed check needs no older one), and the hours within which a delayed check-in of that day
 * counts in the team's county (zc_checkin_late_hours, 0184). No row: the caller serves in no
 * team. */
DB_STATEMENT(
    store_checkin_context,
    "SELECT p.id, t.id, t.kind, t.org_code, coalesce(o.code, ''), o.lat, o.lon,"
    " coalesce(o.geofence_m, 0), coalesce(pc.s, 0), pc.lat, pc.lon,"
    " zc_checkin_late_hours(t.org_code, ((timestamptz 'epoch' + $2::bigint * interval '1 us')"
    "  AT TIME ZONE 'Asia/Shanghai')::date)"
    " FROM persons p"
    " JOIN memberships m ON m.person_id = p.id AND m.end_date IS NULL"
    " JOIN teams t ON t.id = m.team_id"
    " LEFT JOIN org_units o ON (t.kind = 'village' AND o.code = t.org_code)"
    "  OR (t.kind = 'township' AND o.parent_code = t.org_code AND o.level = 5)"
    " LEFT JOIN LATERAL (SELECT floor(extract(epoch FROM c.at))::bigint AS s, c.lat, c.lon"
    "  FROM checkins c WHERE c.person_id = p.id"
    "  AND c.at > timestamptz 'epoch' + ($2::bigint - $3::bigint * 1000000) * interval '1 us'"
    "  AND c.at <= timestamptz 'epoch' + $2::bigint * interval '1 us'"
    "  ORDER BY c.at DESC LIMIT 1) pc ON true"
    " WHERE p.user_id = $1::bigint ORDER BY o.code",
    3);

DB_STATEMENT(store_checkin_create,
             "SELECT zc_checkin_create($1::bigint, zc_idem_bind($2, $16), $3::bigint, $4::bigint, "
             "$5, $6::bigint,"
             " $7::bigint, $8::double precision, $9::double precision, $10::double precision, $11,"
             " $12::boolean, $13::integer, $14::text[], $15::double precision, $17::bigint,"
             " $18::integer)",
             18);

DB_STATEMENT(
    store_official_business_record,
    "SELECT zc_official_business_record($1::bigint, zc_idem_bind($2, $9), $3::text[], $4::bigint,"
    " $5::date, $6, $7, $8)",
    9);

/* The SQL below is laid out by hand: clang-format cannot follow the macros inside it. */
// clang-format off
/* The days of the week of Monday $M (offsets 0-6 from the Monday) on which person `pid` served
 * in a team: an int[] of the days their memberships overlap, NULL when none. */
#define SERVED(pid, M)                                                                             \
    "(SELECT array_agg(DISTINCT d) FROM memberships m2, generate_series(greatest(m2.start_date"    \
    " - " M ", 0), least(coalesce(m2.end_date - " M ", 6), 6)) d WHERE m2.person_id = " pid       \
    " AND m2.start_date <= " M " + 6 AND (m2.end_date IS NULL OR m2.end_date >= " M "))"

/* The week's window: Monday 06:00 to the next Monday 06:00, Asia/Shanghai (a check-in before
 * Monday 06:00 belongs to the Sunday night of the week before); 06:00 is the day_from of the
 * A2 version in force that week, `ar` (zc_attendance_rule, 0030). */
#define WEEK_FROM(M)                                                                               \
    "((" M ")::timestamp + make_interval(secs => ar.day_from_s)) AT TIME ZONE 'Asia/Shanghai'"
#define WEEK_TO(M)                                                                                 \
    "((" M ")::timestamp + interval '7 days' + make_interval(secs => ar.day_from_s))"            \
    " AT TIME ZONE 'Asia/Shanghai'"

/* The A2 rule of the week of Monday M as columns: required days and nights, the hours that
 * open the day and the night slots (seconds from midnight). */
#define RULE_COLUMNS "ar.days, ar.nights, ar.day_from_s, ar.night_from_s"

/* One cadre's week of Monday $4: person $1, or the caller's own person (user $2) when $1 is
 * 0; another person only when they served that week in a team within $3. Columns: person id,
 * name, team id, team name, team org code and name (their latest membership of the week, NULL
 * when none), the days served (SERVED), the excused days as two arrays that go together (day
 * offset, reason: a day may have several), the check-ins oldest first as six arrays that
 * go together (id, Unix seconds, flags, village, distance or -1, delay: 0184), and the week's A2 rule
 * (RULE_COLUMNS). An array of none is NULL. No row: no such person in scope. */
DB_STATEMENT(store_attendance_week,
    "SELECT p.id, p.name, coalesce(t.id, 0), coalesce(t.name, ''), coalesce(t.org_code, ''),"
    " coalesce(o.name, ''), " SERVED("p.id", "$4::date") ", ex.days, ex.reasons, ck.ids,"
    " ck.secs, ck.flags, ck.villages, ck.dists, ck.delays, " RULE_COLUMNS
    " FROM persons p CROSS JOIN zc_attendance_rule($4::date) ar"
    " LEFT JOIN LATERAL (SELECT m.team_id FROM memberships m WHERE m.person_id = p.id"
    "  AND m.start_date <= $4::date + 6 AND (m.end_date IS NULL OR m.end_date >= $4::date)"
    "  ORDER BY m.start_date DESC, m.id DESC LIMIT 1) lm ON true"
    " LEFT JOIN teams t ON t.id = lm.team_id"
    " LEFT JOIN org_units o ON o.code = t.org_code"
    " LEFT JOIN LATERAL (SELECT array_agg(e.day - $4::date) AS days, array_agg(e.reason) AS reasons"
    "  FROM zc_excused_days(p.id, $4::date, $4::date + 6) e) ex ON true"
    " LEFT JOIN LATERAL (SELECT array_agg(c.id ORDER BY c.at, c.id) AS ids,"
    "  array_agg(floor(extract(epoch FROM c.at))::bigint ORDER BY c.at, c.id) AS secs,"
    "  array_agg(c.flags ORDER BY c.at, c.id) AS flags,"
    "  array_agg(c.village_code ORDER BY c.at, c.id) AS villages,"
    "  array_agg(coalesce(round(c.distance_m::numeric, 1), -1) ORDER BY c.at, c.id) AS dists,"
    "  array_agg(c.delay_s ORDER BY c.at, c.id) AS delays"
    "  FROM checkins c WHERE c.person_id = p.id AND c.at >= " WEEK_FROM("$4::date")
    "  AND c.at < " WEEK_TO("$4::date") ") ck ON true"
    " WHERE CASE WHEN $1::bigint = 0 THEN p.user_id = $2::bigint"
    "  ELSE p.id = $1::bigint AND (p.user_id IS NOT DISTINCT FROM $2::bigint"
    "   OR EXISTS (SELECT 1 FROM memberships m JOIN teams t2 ON t2.id = m.team_id"
    "    WHERE m.person_id = p.id AND t2.org_code LIKE ANY ($3::text[])"
    "    AND m.start_date <= $4::date + 6"
    "    AND (m.end_date IS NULL OR m.end_date >= $4::date))) END",
    4);

/* The weekly report of org unit $1 (its code) for the week of Monday $2; $3 the LIKE pattern
 * of its subtree, $4 the significant digits of its children's codes (12 below a township).
 * Rows by kind: 'o' the org unit (none: no such unit), 'c' each child (for a township, also
 * the township itself, where its township team serves; for a village, the village), then
 * 'p' each cadre who served that week in a team of the subtree, with their latest such team,
 * the child it lies in, the days served (SERVED), the check-ins as two arrays that go
 * together (Unix seconds, flags) and the excused day offsets. An array of none is NULL. Every
 * row ends with the week's A2 rule (RULE_COLUMNS). */
DB_STATEMENT(store_attendance_report,
    "WITH mem AS (SELECT DISTINCT ON (m.person_id) m.person_id, m.team_id, t.org_code"
    "  FROM memberships m JOIN teams t ON t.id = m.team_id"
    "  WHERE t.org_code LIKE $3 AND m.start_date <= $2::date + 6"
    "  AND (m.end_date IS NULL OR m.end_date >= $2::date)"
    "  ORDER BY m.person_id, m.start_date DESC, m.id DESC),"
    " ar AS (SELECT * FROM zc_attendance_rule($2::date))"
    " SELECT k, code, name, pid, pname, tid, torg, torg_name, served, secs, flags, exc, "
    RULE_COLUMNS " FROM ("
    " SELECT 0 AS rank, 'o' AS k, o.code, o.name, 0::bigint AS pid, '' AS pname, 0::bigint AS tid,"
    "  '' AS torg, '' AS torg_name, NULL::integer[] AS served, NULL::bigint[] AS secs,"
    "  NULL::integer[] AS flags, NULL::integer[] AS exc"
    "  FROM org_units o WHERE o.code = $1"
    " UNION ALL SELECT 1, 'c', c.code, c.name, 0, '', 0, '', '', NULL, NULL, NULL, NULL"
    "  FROM org_units c WHERE c.parent_code = $1 OR (c.code = $1 AND c.level >= 4)"
    " UNION ALL SELECT 2, 'p', rpad(substr(mem.org_code, 1, $4::integer), 12, '0'), '',"
    "  mem.person_id, p.name, mem.team_id, mem.org_code, ot.name,"
    "  " SERVED("mem.person_id", "$2::date") ", ck.secs, ck.flags,"
    "  (SELECT array_agg(e.day - $2::date)"
    "   FROM zc_excused_days(mem.person_id, $2::date, $2::date + 6) e)"
    "  FROM mem JOIN persons p ON p.id = mem.person_id JOIN org_units ot ON ot.code = mem.org_code"
    "  CROSS JOIN ar"
    "  LEFT JOIN LATERAL (SELECT array_agg(floor(extract(epoch FROM c.at))::bigint"
    "   ORDER BY c.at, c.id) AS secs, array_agg(c.flags ORDER BY c.at, c.id) AS flags"
    "   FROM checkins c WHERE c.person_id = mem.person_id AND c.at >= " WEEK_FROM("$2::date")
    "   AND c.at < " WEEK_TO("$2::date") ") ck ON true"
    " ) x CROSS JOIN ar ORDER BY rank, code, torg, pid",
    4);
// clang-format on
