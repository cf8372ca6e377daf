/* notices/store.c -- SQL for notices (functions in 0160_notices.sql; docs/notices.md). Every
 * write is keyed: its key $2 bound to the request's hash (the last parameter); attachments
 * travel as hex text, each 32 bytes once decoded. */
#include "server/notices/store.h"

#define FILES(n)                                                                                   \
    "(SELECT coalesce(array_agg(decode(x, 'hex')), '{}') FROM unnest($" #n "::text[]) x)"

/* The columns of a notice as its recipient sees it (NoticeItem), r the receipt, n the notice. */
#define ITEM_COLUMNS                                                                               \
    "n.id, n.org_code, coalesce(u.name, o.name), n.title, zc_notice_at(n.sent_at),"                \
    " n.reply_required, coalesce(n.reply_by::text, ''), zc_notice_at(r.read_at),"                  \
    " zc_notice_at(r.replied_at), zc_notice_at(r.reminded_at),"                                    \
    " (r.read_at IS NULL OR r.reminded_at > r.seen_at)"

/* The sender's columns of a notice (SentNotice), n the notice. */
#define SENT_COLUMNS                                                                               \
    "n.id, n.org_code, coalesce(u.name, o.name), n.title, zc_notice_at(n.sent_at),"                \
    " n.reply_required, coalesce(n.reply_by::text, ''), n.recipients,"                             \
    " (SELECT count(*) FILTER (WHERE x.read_at IS NOT NULL) FROM notice_recipients x"              \
    "  WHERE x.notice_id = n.id),"                                                                 \
    " (SELECT count(*) FILTER (WHERE x.replied_at IS NOT NULL) FROM notice_recipients x"           \
    "  WHERE x.notice_id = n.id),"                                                                 \
    " (SELECT count(*) FROM notice_reminders m WHERE m.notice_id = n.id)"

DB_STATEMENT(store_notice_send,
             "SELECT zc_notice_send($1::bigint, zc_idem_bind($2, $19), $3::text[], $4::bigint[],"
             " $5, $6::bigint, $7, $8, $9::boolean, NULLIF($10, '')::date, $11, NULLIF($12, ''),"
             " $13::bigint, $14::bigint[], " FILES(15) ", $16::integer, $17, $18)",
             19);

/* The notices of user $1 (those needing attention only when $2), the last reminded or sent
 * first, $3 rows at most; each with the user's badge count. */
DB_STATEMENT(store_notice_list,
             "SELECT " ITEM_COLUMNS ","
             " (SELECT count(*) FROM notice_recipients x"
             "  WHERE zc_notice_mine(x.person_id, x.user_id, $1::bigint)"
             "  AND (x.read_at IS NULL OR x.reminded_at > x.seen_at))"
             " FROM notice_recipients r JOIN notices n ON n.id = r.notice_id"
             " JOIN org_units o ON o.code = n.org_code"
             " LEFT JOIN dispatch_units u ON u.id = n.unit_id"
             " WHERE zc_notice_mine(r.person_id, r.user_id, $1::bigint)"
             " AND (NOT $2::boolean OR r.read_at IS NULL OR r.reminded_at > r.seen_at)"
             " ORDER BY greatest(r.reminded_at, n.sent_at) DESC, n.id DESC LIMIT $3::integer",
             3);

/* Opens notice $2 for user $1 (zc_notice_open records the reading). */
DB_STATEMENT(store_notice_show,
             "SELECT id, org_code, CASE WHEN unit_name <> '' THEN unit_name ELSE org_name END,"
             " title, zc_notice_at(sent_at), reply_required, coalesce(reply_by::text, ''),"
             " zc_notice_at(read_at), zc_notice_at(replied_at), zc_notice_at(reminded_at), false,"
             " body, files, receipt_id, reply_text, reply_files"
             " FROM zc_notice_open($1::bigint, $2::bigint, $3, $4)",
             4);

DB_STATEMENT(store_notice_reply,
             "SELECT zc_notice_reply($1::bigint, zc_idem_bind($2, $8), $3::bigint, $4, " FILES(
                 5) ", $6, $7)",
             8);

/* The notices sent from a place within $1 (by an office) or by a unit in $2, the newest first,
 * $3 rows at most. */
DB_STATEMENT(store_notice_sent,
             "SELECT " SENT_COLUMNS " FROM notices n JOIN org_units o ON o.code = n.org_code"
             " LEFT JOIN dispatch_units u ON u.id = n.unit_id"
             " WHERE (n.unit_id IS NULL AND n.org_code LIKE ANY ($1::text[]))"
             " OR n.unit_id = ANY ($2::bigint[])"
             " ORDER BY n.sent_at DESC, n.id DESC LIMIT $3::integer",
             3);

/* Notice $3 if sent from a place within $1 or by a unit in $2, its counts once (the lateral
 * sub-select is not flattened: OFFSET 0), then its counts by child unit (zc_notice_report):
 * no row when it is not the caller's. */
DB_STATEMENT(store_notice_report,
             "SELECT s.*, c.child_code, c.child_name, c.recipients, c.read, c.unread, c.replied,"
             " c.unreplied"
             " FROM zc_notice_of_sender($3::bigint, $1::text[], $2::bigint[]) n"
             " JOIN org_units o ON o.code = n.org_code"
             " LEFT JOIN dispatch_units u ON u.id = n.unit_id"
             " CROSS JOIN LATERAL (SELECT " SENT_COLUMNS " OFFSET 0) s"
             " CROSS JOIN LATERAL zc_notice_report(n.id) c",
             3);

/* The recipients of notice $3 (the caller's, as above) who have not read it ($4 'unread') or
 * not replied ('unreplied'), by place and name, $5 rows at most, each with how many in all; one
 * row of NULLs when none, no row when the notice is not the caller's. */
DB_STATEMENT(store_notice_pending,
             "SELECT n.id, x.person_id, x.name, x.team_id, x.team_name, x.village_code,"
             " x.read_at, x.reminders, x.total"
             " FROM zc_notice_of_sender($3::bigint, $1::text[], $2::bigint[]) n"
             " LEFT JOIN LATERAL ("
             "  SELECT coalesce(r.person_id, 0) AS person_id,"
             "   coalesce(pe.name, us.display_name, '#' || r.person_id) AS name,"
             "   coalesce(r.team_id, 0) AS team_id, coalesce(t.name, '') AS team_name,"
             "   r.village_code,"
             "   zc_notice_at(r.read_at) AS read_at, r.reminders, count(*) OVER () AS total"
             "  FROM notice_recipients r LEFT JOIN persons pe ON pe.id = r.person_id"
             "  LEFT JOIN users us ON us.id = r.user_id"
             "  LEFT JOIN teams t ON t.id = r.team_id"
             "  WHERE r.notice_id = n.id AND (CASE WHEN $4 = 'unread' THEN r.read_at IS NULL"
             "   ELSE n.reply_required AND r.replied_at IS NULL END)"
             "  ORDER BY r.village_code, name, r.person_id, r.user_id LIMIT $5::integer) x ON true"
             " WHERE n.id IS NOT NULL",
             5);

DB_STATEMENT(store_notice_remind,
             "SELECT zc_notice_remind($1::bigint, zc_idem_bind($2, $10), $3::text[], $4::bigint[],"
             " $5::bigint, $6, $7::integer, $8, $9)",
             10);

/* User $1's badge: their notices unread or reminded since last opened; and $2, the notice an
 * event names (0 for NoticeCount). Also the lookup of the pushes (events.h). */
DB_STATEMENT(store_notice_count,
             "SELECT count(*) FILTER (WHERE r.read_at IS NULL OR r.reminded_at > r.seen_at),"
             " $2::bigint FROM notice_recipients r"
             " WHERE zc_notice_mine(r.person_id, r.user_id, $1::bigint)",
             2);
