/* tasks/store.c -- SQL for the tasks sent down (functions in 0165_tasks.sql; docs/tasks.md).
 * Every write is keyed: its key $2 bound to the request's hash (the last parameter); the
 * evidence travels as hex text, each 32 bytes once decoded. */
#include "server/tasks/store.h"

DB_STATEMENT(store_task_send,
             "SELECT zc_task_send($1::bigint, zc_idem_bind($2, $11), $3::text[], $4, $5, $6, $7,"
             " $8::date, $9, $10)",
             11);

DB_STATEMENT(store_task_report,
             "SELECT zc_task_report($1::bigint, zc_idem_bind($2, $10), $3::text[], $4::bigint, $5,"
             " $6, (SELECT coalesce(array_agg(decode(x, 'hex')), '{}') FROM unnest($7::text[]) x),"
             " $8, $9)",
             10);

DB_STATEMENT(store_task_ledger,
             "SELECT zc_task_ledger($1::bigint, zc_idem_bind($2, $9), $3::text[], $4::bigint, $5,"
             " $6::bigint, $7, $8)",
             9);

/* A timestamp column as RFC 3339 in UTC. */
#define AT(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* An instance's columns (TaskInstance's fields in order), from i (task_instances), t (tasks)
 * and tm (teams). */
#define INSTANCE_COLS                                                                              \
    "i.id, i.task_id, t.title, i.office_code, i.team_id, tm.name, i.village_code,"                 \
    " i.due_on::text, i.status, i.status <> 'done' AND i.due_on < zc_today(),"                     \
    " coalesce((i.done_at AT TIME ZONE 'Asia/Shanghai')::date::text, ''),"                         \
    " (SELECT count(*) FROM task_reports r WHERE r.instance_id = i.id),"                           \
    " coalesce(i.ledger_item_id, 0)"
#define INSTANCE_FROM                                                                              \
    " FROM task_instances i JOIN tasks t ON t.id = i.task_id JOIN teams tm ON tm.id = i.team_id"

/* The instances of the teams within the patterns $1 (team $2 only when not 0; only those not
 * done when $3), overdue first, then by deadline; $4 rows at most. */
DB_STATEMENT(store_task_list,
             "SELECT " INSTANCE_COLS INSTANCE_FROM " WHERE i.village_code LIKE ANY ($1::text[])"
             " AND ($2::bigint = 0 OR i.team_id = $2::bigint)"
             " AND (NOT $3::boolean OR i.status <> 'done')"
             " ORDER BY 10 DESC, i.status = 'done', i.due_on, i.id LIMIT $4::integer",
             4);

/* Instance $2, the team's (its place within $1) or the office's (its office within $1), with
 * the task's text, scope and sending time, and a row per report (NULLs when none), oldest
 * first. No row: not the caller's. */
DB_STATEMENT(
    store_task_show,
    "SELECT " INSTANCE_COLS ", t.body, t.scope_code, " AT(
        "t.sent_at") ","
                     " r.id, r.status, r.note, u.display_name, " AT(
                         "r.reported_at") ","
                                          " (SELECT count(*) FROM attachment_links l WHERE l.kind "
                                          "= 'task_report'"
                                          "  AND l.record_id = r.id)" INSTANCE_FROM
                                          " LEFT JOIN task_reports r ON r.instance_id = i.id"
                                          " LEFT JOIN users u ON u.id = r.reported_by"
                                          " WHERE i.id = $2::bigint AND (i.village_code LIKE ANY "
                                          "($1::text[])"
                                          " OR i.office_code LIKE ANY ($1::text[]))"
                                          " ORDER BY r.reported_at, r.id",
    2);

/* The tasks sent by the offices within $1, newest first, each with its instances' counts
 * (done, in progress, not begun, overdue: they add up to the total); $2 rows at most. */
DB_STATEMENT(
    store_task_sent,
    "SELECT t.id, t.office_code, t.scope_code, t.title, t.due_on::text,"
    " " AT("t.sent_at") ","
                        " c.total, c.done, c.in_progress, c.not_begun, c.overdue"
                        " FROM tasks t CROSS JOIN LATERAL ("
                        "  SELECT sum(b.total) AS total, sum(b.done) AS done,"
                        "   sum(b.in_progress) AS in_progress, sum(b.not_begun) AS not_begun,"
                        "   sum(b.overdue) AS overdue"
                        "  FROM zc_task_board(t.id, t.scope_code, zc_today()) b) c"
                        " WHERE t.office_code LIKE ANY ($1::text[])"
                        " ORDER BY t.sent_at DESC, t.id DESC LIMIT $2::integer",
    2);

/* The board of task $2 below unit $3 ("": the task's scope when the caller's patterns $1 hold
 * it, else the caller's first unit within it): the task's title, the unit, the deadline,
 * zc_task_board's rows and the unit's name. No row: no instance of the task below a unit of the
 * caller's. */
DB_STATEMENT(store_task_board,
             "SELECT t.title, c.code, t.due_on::text, b.code, b.name, b.team_id, b.total, b.done,"
             " b.in_progress, b.not_begun, b.overdue,"
             " (SELECT o.name FROM org_units o WHERE o.code = c.code)"
             " FROM tasks t CROSS JOIN LATERAL (SELECT coalesce(nullif($3, ''),"
             "  CASE WHEN t.scope_code LIKE ANY ($1::text[]) THEN t.scope_code ELSE"
             "  (SELECT rpad(rtrim(p, '%'), 12, '0') FROM unnest($1::text[]) p"
             "   WHERE rpad(rtrim(p, '%'), 12, '0') LIKE zc_task_prefix(t.scope_code)"
             "   ORDER BY 1 LIMIT 1) END) AS code) c"
             " CROSS JOIN LATERAL zc_task_board(t.id, c.code, zc_today()) b"
             " WHERE t.id = $2::bigint AND c.code LIKE ANY ($1::text[])",
             3);
