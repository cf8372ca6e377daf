/* monitoring/store.c -- SQL for monitoring (functions in 0055_monitoring.sql). Every write is
 * keyed: its key passes through zc_idem_bind with the request's hash. */
#include "server/monitoring/store.h"

/* $1 user, $2 key, $3 household, $4 patterns, $5 kind, $6 found_by, $7 found_on, $8 risks,
 * $9 their texts, $10 note, $11 actor, $12 address, $13 the request's hash. */
DB_STATEMENT(store_monitor_enter,
             "SELECT zc_monitor_enter($1::bigint, zc_idem_bind($2, $13), $3::bigint, $4::text[],"
             " $5, $6, $7::date, $8::text[], $9::text[], $10, $11, $12)",
             13);

DB_STATEMENT(store_monitor_risk_add,
             "SELECT zc_monitor_risk_add($1::bigint, zc_idem_bind($2, $10), $3::bigint,"
             " $4::text[], $5, $6, $7::date, $8, $9)",
             10);

/* Closing a risk and ending a measure: one function (zc_monitor_item_close). */
DB_STATEMENT(store_monitor_risk_close,
             "SELECT zc_monitor_item_close($1::bigint, zc_idem_bind($2, $9), 'risk', $3::bigint,"
             " $4::text[], $5::date, $6, $7, $8)",
             9);

DB_STATEMENT(store_measure_add,
             "SELECT zc_monitor_measure_add($1::bigint, zc_idem_bind($2, $11), $3::bigint,"
             " $4::text[], $5, $6, $7::bigint, $8::date, $9, $10)",
             11);

DB_STATEMENT(store_measure_close,
             "SELECT zc_monitor_item_close($1::bigint, zc_idem_bind($2, $9), 'measure',"
             " $3::bigint, $4::text[], $5::date, $6, $7, $8)",
             9);

DB_STATEMENT(store_monitor_review,
             "SELECT zc_monitor_review($1::bigint, zc_idem_bind($2, $10), $3::bigint, $4::date,"
             " $5::date, $6::date, $7, $8, $9)",
             10);

/* Rows (field, message, result): failing conditions, or one row with the stored result. */
DB_STATEMENT(store_monitor_sign_off,
             "SELECT field, message, result FROM zc_monitor_sign_off($1::bigint,"
             " zc_idem_bind($2, $8), $3::bigint, $4::text[], $5, $6, $7)",
             8);

DB_STATEMENT(store_monitor_show,
             "SELECT section, id, n1, n2, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10"
             " FROM zc_monitor_show($1::bigint, $2::bigint, $3::text[])",
             3);

/* The columns the lists share (zc_monitor_rows), decoded by one function in handlers.c. */
#define MONITOR_ROW_COLUMNS                                                                        \
    "SELECT r.id, r.household_id, r.approval_id, r.head_name, r.village_code, r.kind,"             \
    " r.found_by, r.found_on::text, r.status, coalesce(r.entered_on::text, ''),"                   \
    " coalesce(r.eliminated_on::text, ''), r.note, coalesce(r.last_measure_on::text, ''),"         \
    " r.risks, r.risk_texts"

/* $1 patterns, $2 org pattern, $3 kind, $4 risk, $5 status, $6 after, $7 limit. */
DB_STATEMENT(store_monitor_list,
             MONITOR_ROW_COLUMNS " FROM zc_monitor_rows($1::text[], $2, $3, $4, $5, NULL,"
                                 " $6::bigint, $7::integer) r",
             7);

/* $1 patterns, $2 org pattern, $3 after, $4 limit. The first columns as the list's (NULL id:
 * no case, when none is stale), then the months and their first day, on every row. */
DB_STATEMENT(store_monitor_stale,
             MONITOR_ROW_COLUMNS ", h.months, h.since::text"
                                 " FROM (SELECT zc_monitoring_rule('measure_gap_months',"
                                 " zc_today()) AS months, zc_monitor_stale_since(zc_today())"
                                 " AS since) h LEFT JOIN LATERAL zc_monitor_rows($1::text[], $2,"
                                 " '', '', 'monitored', h.since, $3::bigint, $4::integer) r"
                                 " ON true",
             4);
