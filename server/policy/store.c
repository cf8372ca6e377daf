/* policy/store.c -- SQL for the quiz, the videos and the broadcasts (functions in
 * 0090_policy_delivery.sql; docs/policy-delivery.md). */
#include "server/policy/store.h"

/* The evidence hashes travel as a text[] of hex strings and reach the function as bytea[]. */
#define EVIDENCE(n) "(SELECT array_agg(decode(x, 'hex')) FROM unnest(" n "::text[]) x)"

DB_STATEMENT(store_quiz_create,
             "SELECT zc_quiz_create($1::bigint, zc_idem_bind($2, $13), $3::text[], $4,"
             " ($5 || '-01')::date, $6, $7::text[], $8::text[], $9::integer, $10::bigint[], $11,"
             " $12)",
             13);

DB_STATEMENT(store_quiz_score,
             "SELECT zc_quiz_score($1::bigint, zc_idem_bind($2, $12), $3::text[], $4::bigint,"
             " $5::bigint, $6::date, $7::boolean, $8::integer, $9, $10, $11)",
             12);

/* Quiz $1 within patterns $2 (its office's, or one with a sampled cadre in them): one row per
 * sampled cadre the caller sees (one with NULL cadre columns for none), the quiz's columns on
 * each. */
DB_STATEMENT(store_quiz_show,
             "SELECT q.id, q.village_code, o.name, to_char(q.month, 'YYYY-MM'), q.title,"
             " q.questions, q.answers, c.person_id, p.name, c.team_id, t.name, c.village_code,"
             " c.how, CASE WHEN c.reached THEN 'reached' WHEN NOT c.reached THEN 'not_reached'"
             "  ELSE 'pending' END, coalesce(c.called_on::text, ''), coalesce(c.score, 0),"
             " coalesce(c.reason, '')"
             " FROM policy_quizzes q JOIN org_units o ON o.code = q.village_code"
             " LEFT JOIN policy_quiz_cadres c ON c.quiz_id = q.id"
             "  AND c.village_code LIKE ANY ($2::text[])"
             " LEFT JOIN persons p ON p.id = c.person_id LEFT JOIN teams t ON t.id = c.team_id"
             " WHERE q.id = $1::bigint AND (q.village_code LIKE ANY ($2::text[])"
             "  OR EXISTS (SELECT 1 FROM policy_quiz_cadres x WHERE x.quiz_id = q.id"
             "   AND x.village_code LIKE ANY ($2::text[])))"
             " ORDER BY c.how DESC, t.org_code, p.name, c.person_id",
             2);

/* Coverage of year [$2, $3] (to today) under prefix $1: the cadres serving there (each by their
 * latest team of the year), whether each was reached by a quiz of the year, their scores.
 * Rows: 'total' (quizzes in the last column), 'county', 'team', then 'missing' (the cadres not
 * reached, at most $4). Columns: kind, key, name, team_id, team name, village, serving,
 * quizzed, scores, average. */
DB_STATEMENT(store_quiz_report,
             "WITH s AS MATERIALIZED (SELECT * FROM zc_policy_serving($1, $2::date, $3::date)),"
             " r AS MATERIALIZED (SELECT c.person_id, c.quiz_id, c.score FROM policy_quiz_cadres c"
             "  JOIN policy_quizzes q ON q.id = c.quiz_id"
             "  WHERE c.reached AND q.month BETWEEN $2::date AND $3::date"
             "  AND c.person_id IN (SELECT s.person_id FROM s)),"
             " rp AS (SELECT r.person_id, count(*) AS n, sum(r.score) AS total FROM r"
             "  GROUP BY r.person_id),"
             " per AS (SELECT s.person_id, s.team_id, s.org_code,"
             "  left(s.org_code, 6) || '000000' AS county, coalesce(rp.n, 0) AS n, rp.total"
             "  FROM s LEFT JOIN rp ON rp.person_id = s.person_id),"
             " g AS (SELECT 'total' AS kind, '' AS key, count(*) AS serving,"
             "  count(*) FILTER (WHERE n > 0) AS quizzed, sum(n) AS scores, sum(total) AS pts"
             "  FROM per"
             "  UNION ALL SELECT 'county', county, count(*), count(*) FILTER (WHERE n > 0),"
             "  sum(n), sum(total) FROM per GROUP BY county"
             "  UNION ALL SELECT 'team', team_id::text, count(*), count(*) FILTER (WHERE n > 0),"
             "  sum(n), sum(total) FROM per GROUP BY team_id)"
             " (SELECT g.kind, g.key, coalesce(o.name, t.name, ''), 0::bigint, '', '',"
             "  g.serving, g.quizzed, coalesce(g.scores, 0),"
             "  CASE WHEN coalesce(g.scores, 0) > 0 THEN round(g.pts::numeric / g.scores, 1)"
             "   ELSE 0 END,"
             "  CASE WHEN g.kind = 'total' THEN (SELECT count(DISTINCT r.quiz_id) FROM r) END"
             " FROM g LEFT JOIN org_units o ON g.kind = 'county' AND o.code = g.key"
             " LEFT JOIN teams t ON g.kind = 'team' AND t.id::text = g.key"
             " ORDER BY g.kind, g.key)"
             " UNION ALL (SELECT 'missing', per.person_id::text, p.name, per.team_id, t.name,"
             "  per.org_code, 0, 0, 0, 0, NULL FROM per JOIN persons p ON p.id = per.person_id"
             "  JOIN teams t ON t.id = per.team_id WHERE per.n = 0"
             "  ORDER BY per.org_code, p.name, per.person_id LIMIT $4::integer)",
             4);

DB_STATEMENT(store_video_record,
             "SELECT zc_video_record($1::bigint, zc_idem_bind($2, $12), $3::text[], $4::bigint,"
             " $5, $6, $7, $8::date, " EVIDENCE("$9") ", $10, $11)",
             12);

DB_STATEMENT(store_broadcast_record,
             "SELECT zc_broadcast_record($1::bigint, zc_idem_bind($2, $11), $3::text[], $4,"
             " $5::date, $6::integer, $7, " EVIDENCE("$8") ", $9, $10)",
             11);

/* The rule's required amount in force on $1 for code $2 (0 without one), and the records of
 * the span: one row with NULL record columns when there are none. */
#define REQUIRED(code)                                                                             \
    "SELECT coalesce((SELECT d.required FROM duty_rules d WHERE d.code = '" code "'"               \
    " AND d.effective_from <= $4::date AND (d.effective_to IS NULL OR d.effective_to >= "          \
    "$4::date)),"                                                                                  \
    " 0) AS required"

/* Videos within patterns $1 of team $2 (0: every team) posted in [$3, $4], newest first, at
 * most $5, with how many there are in all. */
DB_STATEMENT(
    store_video_list,
    "SELECT q.required, x.* FROM (" REQUIRED(
        "M8-video") ") q LEFT JOIN LATERAL ("
                    " SELECT v.id, v.team_id, t.name, v.village_code, v.platform, v.url, v.title,"
                    " v.posted_on::text, (SELECT count(*) FROM attachment_links a"
                    "  WHERE a.kind = 'policy_video' AND a.record_id = v.id), count(*) OVER ()"
                    " FROM policy_videos v JOIN teams t ON t.id = v.team_id"
                    " WHERE v.village_code LIKE ANY ($1::text[])"
                    " AND ($2::bigint = 0 OR v.team_id = $2::bigint)"
                    " AND v.posted_on BETWEEN $3::date AND $4::date"
                    " ORDER BY v.posted_on DESC, v.id DESC LIMIT $5::integer) x ON true",
    5);

/* Broadcasts within patterns $1 on [$3, $4], newest first, at most $5, with the minutes of
 * all of them ($2 unused: the list's place is its patterns). */
DB_STATEMENT(
    store_broadcast_list,
    "SELECT q.required, x.* FROM (" REQUIRED(
        "M8-broadcast") ") q LEFT JOIN LATERAL ("
                        " SELECT b.id, b.village_code, o.name, b.on_date::text, b.minutes, b.topic,"
                        " (SELECT count(*) FROM attachment_links a"
                        "  WHERE a.kind = 'broadcast' AND a.record_id = b.id), sum(b.minutes) OVER "
                        "()"
                        " FROM policy_broadcasts b JOIN org_units o ON o.code = b.village_code"
                        " WHERE b.village_code LIKE ANY ($1::text[]) AND $2::bigint = 0"
                        " AND b.on_date BETWEEN $3::date AND $4::date"
                        " ORDER BY b.on_date DESC, b.id DESC LIMIT $5::integer) x ON true",
    5);
