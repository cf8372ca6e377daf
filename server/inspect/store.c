/* inspect/store.c -- SQL for inspections and circulars (functions in 0140_inspections.sql;
 * docs/inspections.md, docs/circulars.md). Every write is keyed: its key $2 bound to the
 * request's hash (the last parameter); $3 the caller's patterns. */
#include "server/inspect/store.h"

/* $4 office, $5 and $6 the days, $7 inspectors, $8 villages, $9 teams, $10 note. */
DB_STATEMENT(store_inspection_record,
             "SELECT zc_inspection_record($1::bigint, zc_idem_bind($2, $13), $3::text[], $4,"
             " $5::date, $6::date, $7, $8::text[], $9::bigint[], $10, $11, $12)",
             13);

/* $4 inspection, $5 team, $6 person, $7 village, $8 area, $9 fact, $10 deadline, $11
 * deduction, $12 evidence (hex). */
DB_STATEMENT(store_finding_add,
             "SELECT zc_inspection_finding_add($1::bigint, zc_idem_bind($2, $15), $3::text[],"
             " $4::bigint, $5::bigint, $6::bigint, $7, $8, $9, $10::date, $11::numeric,"
             " (SELECT coalesce(array_agg(decode(x, 'hex')), '{}') FROM unnest($12::text[]) x),"
             " $13, $14)",
             15);

/* The inspections of the offices within the patterns $1 or above them; office $2 only when
 * not ''; begun from $3 to $4 (each '' for open); id $5 only when not 0; the newest first, $6
 * rows at most. Each with the findings within $1 and its circular. */
DB_STATEMENT(store_inspection_list,
             "SELECT i.id, i.org_code, o.name, i.started_on::text, i.ended_on::text, i.inspectors,"
             " i.villages::text[], i.team_ids::bigint[], i.note,"
             " (SELECT count(*) FROM inspection_findings f WHERE f.inspection_id = i.id"
             "  AND f.village_code LIKE ANY ($1::text[])),"
             " coalesce((SELECT c.id FROM circulars c WHERE c.kind = 'inspection'"
             "  AND c.source_id = i.id), 0)"
             " FROM inspections i JOIN org_units o ON o.code = i.org_code"
             " WHERE (i.org_code LIKE ANY ($1::text[]) OR i.org_code = ANY "
             "(zc_inspection_above($1::text[])))"
             " AND ($2 = '' OR i.org_code = $2)"
             " AND ($3 = '' OR i.started_on >= $3::date) AND ($4 = '' OR i.started_on <= $4::date)"
             " AND ($5::bigint = 0 OR i.id = $5::bigint)"
             " ORDER BY i.started_on DESC, i.id DESC LIMIT $6::integer",
             6);

/* The findings of inspection $2 within the patterns $1, with their items' state. */
DB_STATEMENT(store_inspection_findings,
             "SELECT f.id, f.team_id, t.name, coalesce(f.person_id, 0), coalesce(p.name, ''),"
             " f.village_code, v.name, f.area, f.fact, f.deadline::text, f.deduction::integer,"
             " coalesce(f.ledger_item_id, 0), coalesce(li.status, ''),"
             " li.status IS DISTINCT FROM 'done' AND li.deadline < zc_today(),"
             " (SELECT count(*) FROM attachment_links a WHERE a.kind = 'inspection_finding'"
             "  AND a.record_id = f.id)"
             " FROM inspection_findings f JOIN teams t ON t.id = f.team_id"
             " JOIN org_units v ON v.code = f.village_code"
             " LEFT JOIN persons p ON p.id = f.person_id"
             " LEFT JOIN ledger_items li ON li.id = f.ledger_item_id"
             " WHERE f.inspection_id = $2::bigint AND f.village_code LIKE ANY ($1::text[])"
             " ORDER BY f.id",
             2);

/* What a circular of inspection $2 shows (zc_circular_source) with the request's doc number
 * $3, title $4, body $5 and day $6: the office, those, the table, then its cells (row 0 the
 * columns; zc_circular_cells). */
DB_STATEMENT(store_circular_source,
             "SELECT s.org_name, $3, $4, $5, $6, s.table_json::text, c.r, c.c, c.v"
             " FROM zc_circular_source($1::text[], $2::bigint) s"
             " LEFT JOIN LATERAL zc_circular_cells(s.table_json) c ON true ORDER BY c.r, c.c",
             6);

/* The same of circular $1, as the caller sees it (row-level security: none when not). */
DB_STATEMENT(store_circular_cells,
             "SELECT o.name, c.doc_number, c.title, c.body, c.issued_on::text, c.table_json::text,"
             " x.r, x.c, x.v FROM circulars c JOIN org_units o ON o.code = c.org_code"
             " LEFT JOIN LATERAL zc_circular_cells(c.table_json) x ON true"
             " WHERE c.id = $1::bigint ORDER BY x.r, x.c",
             1);

/* Circular $2's files rendered by user $1 ($3, $4: one-element arrays of hex), stored
 * (zc_circular_render_store): the hashes stored afterwards. */
DB_STATEMENT(store_circular_render,
             "SELECT pdf_sha256, xlsx_sha256 FROM zc_circular_render_store($1::bigint, $2::bigint,"
             " decode(($3::text[])[1], 'hex'), decode(($4::text[])[1], 'hex'), $5, $6)",
             6);

/* $4 inspection, $5 doc number, $6 title, $7 body, $8 day, $9 table, $10 and $11 the PDF
 * and the workbook (each a one-element array of hex). */
DB_STATEMENT(store_circular_issue,
             "SELECT zc_circular_issue($1::bigint, zc_idem_bind($2, $14), $3::text[], $4::bigint,"
             " $5, $6, $7, $8::date, $9::jsonb, decode(($10::text[])[1], 'hex'),"
             " decode(($11::text[])[1], 'hex'), $12, $13)",
             14);

/* The circulars of the offices within the patterns $1 or above them; of kind $2 when not
 * ''; id $3 only when not 0; the newest first, $4 rows at most. */
DB_STATEMENT(store_circular_list,
             "SELECT c.id, c.kind, c.source_id, c.org_code, o.name, c.doc_number, c.title,"
             " c.issued_on::text, c.pdf_sha256, c.xlsx_sha256, c.body, c.table_json::text"
             " FROM circulars c JOIN org_units o ON o.code = c.org_code"
             " WHERE (c.org_code LIKE ANY ($1::text[]) OR c.org_code = ANY "
             "(zc_inspection_above($1::text[])))"
             " AND ($2 = '' OR c.kind = $2) AND ($3::bigint = 0 OR c.id = $3::bigint)"
             " ORDER BY c.issued_on DESC, c.id DESC LIMIT $4::integer",
             4);

/* A circular's files ($2, $3: whether each is wanted), as zc_circular_file reads them for the
 * session's scope. */
DB_STATEMENT(store_circular_get,
             "SELECT CASE WHEN $2::boolean THEN zc_circular_file($1::bigint, 'pdf') END,"
             " CASE WHEN $3::boolean THEN zc_circular_file($1::bigint, 'xlsx') END",
             3);
