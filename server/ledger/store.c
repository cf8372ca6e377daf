/* ledger/store.c -- SQL for the ledgers and the board (functions in 0075_ledger.sql;
 * docs/ledger.md). */
#include "server/ledger/store.h"

/* An item's columns (LEDGER_ITEM_NCOLS, in LedgerItem's order) from ledger_items i, the
 * responsible person p, the village o and the household h; overdue on the pinned clock. */
#define ITEM_COLUMNS                                                                               \
    "i.id, i.village_code, o.name, coalesce(i.household_id, 0), coalesce(h.head_name, ''),"        \
    " i.area, i.list, coalesce(i.topic, ''), i.text, i.responsible_id, p.name, i.deadline::text,"  \
    " i.urgent, i.status, i.status <> 'done' AND i.deadline < zc_today(), i.source_kind,"          \
    " coalesce(i.source_id, 0), coalesce(i.visit_id, 0), coalesce(i.visit_date::text, ''),"        \
    " to_char(i.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+08:00\"'),"  \
    " coalesce(to_char(i.done_at AT TIME ZONE 'Asia/Shanghai',"                                    \
    "  'YYYY-MM-DD\"T\"HH24:MI:SS\"+08:00\"'), ''),"                                               \
    " coalesce((SELECT u.note FROM ledger_updates u WHERE u.item_id = i.id"                        \
    "  ORDER BY u.at DESC, u.id DESC LIMIT 1), '')"
#define ITEM_FROM                                                                                  \
    " FROM ledger_items i JOIN persons p ON p.id = i.responsible_id"                               \
    " JOIN org_units o ON o.code = i.village_code LEFT JOIN households h ON h.id = i.household_id"

/* Keyed ($2, bound to the request's hash $16); evidence as hex text ($13). */
DB_STATEMENT(store_ledger_item_create,
             "SELECT zc_ledger_item_create($1::bigint, zc_idem_bind($2, $16), $3::text[], $4,"
             " $5::bigint, $6, $7, $8, $9, $10::bigint, $11::date, $12::boolean, $13::text[],"
             " $14, $15)",
             16);

DB_STATEMENT(store_ledger_item_update,
             "SELECT zc_ledger_item_update($1::bigint, zc_idem_bind($2, $10), $3::text[],"
             " $4::bigint, $5, $6, $7::text[], $8, $9)",
             10);

DB_STATEMENT(store_ledger_from_gaps,
             "SELECT zc_ledger_from_gaps_keyed($1::bigint, zc_idem_bind($2, $10), $3::text[],"
             " $4::bigint, $5, $6::bigint, $7::date, $8, $9)",
             10);

/* Item $1 within patterns $2, then its history (five arrays, oldest first) and its evidence
 * (hex). No row: not the caller's. */
DB_STATEMENT(store_ledger_item_show,
             "SELECT " ITEM_COLUMNS
             ", coalesce(hs.ids, '{}'), coalesce(hs.ats, '{}'), coalesce(hs.bys, '{}'),"
             " coalesce(hs.sts, '{}'), coalesce(hs.notes, '{}'), coalesce(ev.shas, '{}')" ITEM_FROM
             " LEFT JOIN LATERAL (SELECT array_agg(u.id ORDER BY u.at, u.id) AS ids,"
             "  array_agg(to_char(u.at AT TIME ZONE 'Asia/Shanghai',"
             "   'YYYY-MM-DD\"T\"HH24:MI:SS\"+08:00\"') ORDER BY u.at, u.id) AS ats,"
             "  array_agg(coalesce(us.display_name, '') ORDER BY u.at, u.id) AS bys,"
             "  array_agg(u.status ORDER BY u.at, u.id) AS sts,"
             "  array_agg(u.note ORDER BY u.at, u.id) AS notes"
             "  FROM ledger_updates u LEFT JOIN users us ON us.id = u.by_user"
             "  WHERE u.item_id = i.id) hs ON true"
             " LEFT JOIN LATERAL (SELECT array_agg(encode(a.sha256, 'hex') ORDER BY a.id) AS shas"
             "  FROM attachment_links a WHERE a.kind = 'ledger_item' AND a.record_id = i.id) ev"
             "  ON true"
             " WHERE i.id = $1::bigint AND i.village_code LIKE ANY ($2::text[])",
             2);

/* Items within patterns $1 ([$2, $3) their byte range, for the board index), filtered by
 * area $4, list $5, status $6 ('' not done, 'overdue', 'all'), responsible $7, source $8 and
 * topic $9 ('' / 0: any); overdue first, then urgent, then by deadline; at most $10. */
DB_STATEMENT(store_ledger_list,
             "SELECT " ITEM_COLUMNS ITEM_FROM
             " WHERE i.village_code LIKE ANY ($1::text[]) AND i.village_code >= $2"
             " AND i.village_code < $3 AND ($4 = '' OR i.area = $4) AND ($5 = '' OR i.list = $5)"
             " AND (CASE $6 WHEN '' THEN i.status <> 'done' WHEN 'all' THEN true"
             "  WHEN 'overdue' THEN i.status <> 'done' AND i.deadline < zc_today()"
             "  ELSE i.status = $6 END)"
             " AND ($7::bigint = 0 OR i.responsible_id = $7::bigint)"
             " AND ($8 = '' OR i.source_kind = $8) AND ($9 = '' OR i.topic = $9)"
             " ORDER BY 15 DESC, i.urgent DESC, i.deadline, i.id LIMIT $10::integer",
             10);

/* The board of the villages under prefix $1 within patterns $2 (zc_ledger_board), with the
 * name of org unit $3 and the day overdue is judged on. */
DB_STATEMENT(store_ledger_board,
             "SELECT b.area, b.label, b.overdue, b.open, b.in_progress, b.done,"
             " coalesce((SELECT o.name FROM org_units o WHERE o.code = $3), ''), zc_today()::text"
             " FROM zc_ledger_board($1, $2::text[]) b",
             3);
