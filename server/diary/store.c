/* diary/store.c -- SQL for the work diary (functions in 0170_diary.sql; docs/diary.md). The
 * write is keyed: its key $2 bound to the request's hash (the last parameter). */
#include "server/diary/store.h"

DB_STATEMENT(store_diary_write,
             "SELECT zc_diary_write($1::bigint, zc_idem_bind($2, $13), $3::text[], $4::date, $5,"
             " $6, $7, $8::bigint[], $9::bigint[], $10::bigint[], $11, $12)",
             13);

/* An entry's columns (DiaryEntry's fields in order) from e (diary_entries), p (persons) and t
 * (teams). */
#define ENTRY_COLS                                                                                 \
    "e.id, e.person_id, p.name, e.team_id, t.name, e.village_code, e.day::text, e.done,"           \
    " e.people_met, e.problems, (SELECT count(*) FROM diary_links l WHERE l.entry_id = e.id)"
#define ENTRY_JOINS " JOIN persons p ON p.id = e.person_id JOIN teams t ON t.id = e.team_id"

/* The caller $1's records of day $2 (NULLs when none), each row with the day's entry (NULLs
 * when none). */
DB_STATEMENT(store_diary_day,
             "SELECT r.kind, r.record_id, r.village_code, r.label, x.*"
             " FROM (SELECT 1) one"
             " LEFT JOIN LATERAL (SELECT " ENTRY_COLS " FROM diary_entries e" ENTRY_JOINS
             "  WHERE e.person_id = zc_diary_person($1::bigint) AND e.day = $2::date) x ON true"
             " LEFT JOIN LATERAL zc_diary_day_records(zc_diary_person($1::bigint), $1::bigint,"
             "  $2::date) r ON true",
             2);

/* The entries within the patterns $1 that the caller reads: of a place a reader's grant $2
 * covers, or the caller's own ($3); person $4 only when not 0; days $5 to $6; the newest
 * first; $7 rows at most. */
DB_STATEMENT(store_diary_list,
             "SELECT " ENTRY_COLS " FROM diary_entries e" ENTRY_JOINS
             " WHERE e.village_code LIKE ANY ($1::text[])"
             " AND (e.village_code LIKE ANY ($2::text[]) OR e.written_by = $3::bigint)"
             " AND ($4::bigint = 0 OR e.person_id = $4::bigint)"
             " AND e.day BETWEEN $5::date AND $6::date"
             " ORDER BY e.day DESC, e.village_code, p.name, e.id LIMIT $7::integer",
             7);

/* Person $2 (0: the caller $1's), seen when they served in a team within the patterns $3 in
 * the span: whether seen (every row), and the days $4 to $5 without an entry (NULLs when
 * none). */
DB_STATEMENT(store_diary_missing,
             "WITH who AS (SELECT CASE WHEN $2::bigint = 0 THEN zc_diary_person($1::bigint)"
             "  ELSE $2::bigint END AS person)"
             " SELECT EXISTS (SELECT 1 FROM memberships m JOIN teams t ON t.id = m.team_id"
             "  WHERE m.person_id = who.person AND t.org_code LIKE ANY ($3::text[])"
             "  AND m.start_date <= $5::date AND (m.end_date IS NULL OR m.end_date >= $4::date)),"
             " d.day::text, d.team_id, d.team_name"
             " FROM who LEFT JOIN LATERAL zc_diary_missing($3::text[], who.person, $4::date,"
             "  $5::date) d ON true",
             5);
