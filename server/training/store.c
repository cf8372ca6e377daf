/* training/store.c -- SQL for training, study and the units' supervision (functions in
 * 0145_training.sql; docs/training.md). Every write is keyed: its key $2 bound to the request's
 * hash (the last parameter); the evidence travels as hex text, each 32 bytes once decoded. */
#include "server/training/store.h"

#define EVIDENCE(n)                                                                                \
    "(SELECT coalesce(array_agg(decode(x, 'hex')), '{}') FROM unnest($" #n "::text[]) x)"

DB_STATEMENT(store_study_record,
             "SELECT zc_study_record($1::bigint, zc_idem_bind($2, $11), $3::text[], $4::bigint,"
             " $5::date, $6, $7::bigint[], " EVIDENCE(8) ", $9, $10)",
             11);

/* The studies of the teams within the patterns $1 (team $2 only when not 0) held from $3 to
 * $4, the newest first, $5 rows at most. */
DB_STATEMENT(store_study_list,
             "SELECT s.id, s.team_id, t.name, s.village_code, s.held_on::text, s.topic,"
             " (SELECT count(*) FROM study_attendees a WHERE a.session_id = s.id),"
             " (SELECT count(*) FROM attachment_links l WHERE l.kind = 'study_session'"
             "  AND l.record_id = s.id)"
             " FROM study_sessions s JOIN teams t ON t.id = s.team_id"
             " WHERE s.village_code LIKE ANY ($1::text[])"
             " AND ($2::bigint = 0 OR s.team_id = $2::bigint)"
             " AND s.held_on BETWEEN $3::date AND $4::date"
             " ORDER BY s.held_on DESC, s.id DESC LIMIT $5::integer",
             5);

/* The missed weeks (zc_study_missed) of the teams within $1 from $2 to $3, $4 rows at most,
 * each with how many there are in all. */
DB_STATEMENT(store_study_missed,
             "SELECT team_id, team_name, org_code, week::text, count(*) OVER ()"
             " FROM zc_study_missed($1::text[], $2::date, $3::date, zc_today())"
             " LIMIT $4::integer",
             4);

DB_STATEMENT(store_training_session_add,
             "SELECT zc_training_add($1::bigint, zc_idem_bind($2, $11), $3::text[], $4, $5, $6,"
             " $7::date, $8::date, $9, $10)",
             11);

DB_STATEMENT(store_training_attend,
             "SELECT zc_training_attend($1::bigint, zc_idem_bind($2, $10), $3::text[], $4::bigint,"
             " $5::bigint[], $6::date, $7::date, $8, $9)",
             10);

/* The sessions of year $2 organised within $1, only the short ones when $3; $4 rows at most. */
DB_STATEMENT(store_training_sessions,
             "SELECT id, level, org_code, title, audience, starts_on::text, ends_on::text, days,"
             " coalesce(min_days, 0), attendees"
             " FROM zc_training_sessions($1::text[], $2::integer, $3::boolean) LIMIT $4::integer",
             4);

/* The year's deadline, and the untrained cadres of the teams within $1 for year $2 (none: one
 * row of NULLs), $3 rows at most. */
DB_STATEMENT(store_training_untrained,
             "SELECT zc_training_deadline($2::integer)::text, u.person_id, u.name, u.team_id,"
             " u.team_name, u.org_code"
             " FROM (SELECT 1) one LEFT JOIN LATERAL ("
             "  SELECT * FROM zc_training_untrained($1::text[], $2::integer, zc_today())"
             "  LIMIT $3::integer) u ON true",
             3);

DB_STATEMENT(
    store_unit_supervision_record,
    "SELECT zc_unit_supervision_record($1::bigint, zc_idem_bind($2, $14), $3::text[],"
    " $4::bigint[], $5, $6::bigint, $7::bigint, $8::date, $9, $10, " EVIDENCE(11) ","
                                                                                  " $12, $13)",
    14);

/* The hearings and visits of year $5 of units placed within $1 or in $2 (a unit's
 * administrator), or held in a team within $1; unit $3 and kind $4 when given; the newest
 * first, $6 rows at most. */
DB_STATEMENT(
    store_unit_supervision_list,
    "SELECT s.id, s.kind, s.unit_id, u.name, s.team_id, t.name, s.village_code,"
    " s.held_on::text, s.who, s.note,"
    " (SELECT count(*) FROM attachment_links l WHERE l.kind = 'unit_supervision'"
    "  AND l.record_id = s.id)"
    " FROM unit_supervisions s JOIN dispatch_units u ON u.id = s.unit_id"
    " JOIN teams t ON t.id = s.team_id"
    " WHERE (u.org_code LIKE ANY ($1::text[]) OR s.village_code LIKE ANY ($1::text[])"
    "        OR s.unit_id = ANY ($2::bigint[]))"
    " AND ($3::bigint = 0 OR s.unit_id = $3::bigint) AND ($4 = '' OR s.kind = $4)"
    " AND s.held_on BETWEEN make_date($5::integer, 1, 1) AND make_date($5::integer, 12, 31)"
    " ORDER BY s.held_on DESC, s.id DESC LIMIT $6::integer",
    6);

/* The units behind (zc_units_behind): placed within $1 or in $2, level $3, on day $4; $5 rows
 * at most. */
DB_STATEMENT(store_units_behind,
             "SELECT unit_id, name, level, org_code, hearings, hearings_required, visits,"
             " visits_required"
             " FROM zc_units_behind($1::text[], $2::bigint[], $3, $4::date) LIMIT $5::integer",
             5);
