/* allowance/store.c -- SQL for the allowance statements (functions in 0175_allowances.sql;
 * docs/allowances.md). Every write is keyed: its key $2 bound to the request's hash (the last
 * parameter). The reads take the placement offices' patterns, the units the caller administers
 * and the caller's user (their own statements). */
#include "server/allowance/store.h"

DB_STATEMENT(store_allowance_compute,
             "SELECT zc_allowance_compute($1::bigint, zc_idem_bind($2, $11), $3::text[],"
             " $4::bigint[], $5::date, $6, $7::bigint, $8::bigint, $9, $10)",
             11);

DB_STATEMENT(store_allowance_confirm,
             "SELECT zc_allowance_confirm($1::bigint, zc_idem_bind($2, $7), $3::text[],"
             " $4::bigint[], $5, $6)",
             7);

DB_STATEMENT(store_allowance_submit,
             "SELECT zc_allowance_submit($1::bigint, zc_idem_bind($2, $7), $3::text[],"
             " $4::bigint[], $5, $6)",
             7);

DB_STATEMENT(store_allowance_correct,
             "SELECT zc_allowance_correct($1::bigint, zc_idem_bind($2, $9), $3::text[],"
             " $4::bigint[], $5::bigint, $6, $7, $8)",
             9);

/* The caller's own person (user $3), or none. */
#define ME "(SELECT p.id FROM persons p WHERE p.user_id = $3::bigint)"

#define COLUMNS                                                                                    \
    "l.id, l.person_id, l.person_name, l.month, l.version, l.unit_id, l.unit_name, l.unit_level,"  \
    " l.team_id, l.team_name, l.org_code, l.org_name, l.days_served, l.days_present,"              \
    " l.days_leave, l.days_business, l.living_rate_fen, l.transport_fen, l.living_fen,"            \
    " l.amount_fen, l.status, l.reason, l.corrects, l.approval_id, l.confirmed_by,"                \
    " l.confirmed_at, l.latest, l.current"

/* The statements within $1 (placement patterns), of units $2 or the caller's own, of month $4
 * (a first day; NULL every month) under org $5, unit $6, person $7, status $8, the statements
 * alone when $9; $10 rows at most; each with the rows' total amount. */
DB_STATEMENT(store_allowance_list,
             "SELECT " COLUMNS ", sum(l.amount_fen) OVER ()"
             " FROM zc_allowance_list($1::text[], $2::bigint[], " ME ", $4::date, $5, $6::bigint,"
             " $7::bigint, $8, $9::boolean, 0, $10::integer) l",
             10);

/* Statement $4 and every version of its cadre's month the caller reads (newest first); the
 * statement's row carries the month's days (zc_attendance_days) as arrays. */
DB_STATEMENT(store_allowance_show,
             "SELECT " COLUMNS ", d.days, d.served, d.excused, d.dp, d.np"
             " FROM zc_allowance_list($1::text[], $2::bigint[], " ME ", NULL, '', 0, 0, '',"
             " false, $4::bigint, 100) l"
             " LEFT JOIN LATERAL (SELECT array_agg(a.day::text ORDER BY a.day) AS days,"
             "  array_agg(a.served ORDER BY a.day) AS served,"
             "  array_agg(coalesce(a.excused, '') ORDER BY a.day) AS excused,"
             "  array_agg(a.day_present ORDER BY a.day) AS dp,"
             "  array_agg(a.night_present ORDER BY a.day) AS np"
             "  FROM zc_attendance_days(l.person_id, (l.month || '-01')::date,"
             "   ((l.month || '-01')::date + interval '1 month - 1 day')::date) a) d"
             " ON l.id = $4::bigint"
             " ORDER BY l.id = $4::bigint DESC, l.version DESC",
             4);

/* ---- the rates (0176_allowance_rates.sql) ---- */

/* $3 the caller holds the province office, $4 the patterns of their county office grants. */
DB_STATEMENT(store_allowance_rate_set,
             "SELECT zc_allowance_rate_set($1::bigint, zc_idem_bind($2, $13), $3::boolean,"
             " $4::text[], $5, $6, $7::bigint, $8::bigint, $9::date, $10, $11, $12)",
             13);

/* The rates of county $1 ("" the province-wide ones) on day $2. */
DB_STATEMENT(store_allowance_rate_list,
             "SELECT id, unit_level, source, county_code, county_name, living_fen_per_day,"
             " transport_fen, valid_from, valid_to, note, set_by, set_at, statements"
             " FROM zc_allowance_rate_list($1, $2::date)",
             2);
