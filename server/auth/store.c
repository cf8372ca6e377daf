/* auth/store.c -- SQL for sessions, logins and passwords (functions in 0001_foundation.sql). */
#include "server/auth/store.h"

DB_STATEMENT(store_login_begin,
             "SELECT user_id, password_phc, extract(epoch FROM locked_until)::bigint"
             " FROM zc_login_begin($1, $2::integer, make_interval(secs => $3::double precision))",
             3);

DB_STATEMENT(store_login_failed,
             "SELECT extract(epoch FROM zc_login_failed($1, $2, $3::integer,"
             " make_interval(secs => $4::double precision)))::bigint",
             4);

/* A certificate login (0010_export.sql): username, subject, token hash, address, idle, max. */
DB_STATEMENT(
    store_login_cert,
    "SELECT display_name, must_change_password, extract(epoch FROM expires_at)::bigint"
    " FROM zc_login_cert($1, $2, $3::bytea, $4, make_interval(secs => $5::double precision),"
    " make_interval(secs => $6::double precision))",
    6);

DB_STATEMENT(
    store_login_ok,
    "SELECT display_name, must_change_password, extract(epoch FROM expires_at)::bigint"
    " FROM zc_login_ok($1::bigint, $2::bytea, $3, make_interval(secs => $4::double precision),"
    " make_interval(secs => $5::double precision), $6)",
    6);

DB_STATEMENT(store_logout, "SELECT zc_logout($1::bytea, $2)", 2);

DB_STATEMENT(store_password_get,
             "SELECT password_phc FROM users WHERE id = $1::bigint AND NOT disabled", 1);

DB_STATEMENT(store_password_change,
             "SELECT zc_password_change($1::bigint, $2::bytea, $3, $4, $5)::text", 5);
