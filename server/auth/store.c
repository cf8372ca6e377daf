/* auth/store.c -- SQL for sessions, logins and passwords (functions in 0001_foundation.sql). */
#include "server/store.h"

const struct db_statement store_session_check = {
    "session_check",
    "SELECT user_id, username, display_name, must_change_password,"
    " extract(epoch FROM expires_at)::bigint, role, scope_code, scope_name, unit_id"
    " FROM zc_session_check($1::bytea)",
    1};

const struct db_statement store_login_begin = {
    "login_begin",
    "SELECT user_id, password_phc, extract(epoch FROM locked_until)::bigint"
    " FROM zc_login_begin($1, $2::integer, make_interval(secs => $3::double precision))",
    3};

const struct db_statement store_login_failed = {
    "login_failed",
    "SELECT extract(epoch FROM zc_login_failed($1, $2, $3::integer,"
    " make_interval(secs => $4::double precision)))::bigint",
    4};

/* A certificate login (0010_export.sql): username, subject, token hash, address, idle, max. */
const struct db_statement store_login_cert = {
    "login_cert",
    "SELECT display_name, must_change_password, extract(epoch FROM expires_at)::bigint"
    " FROM zc_login_cert($1, $2, $3::bytea, $4, make_interval(secs => $5::double precision),"
    " make_interval(secs => $6::double precision))",
    6};

const struct db_statement store_login_ok = {
    "login_ok",
    "SELECT display_name, must_change_password, extract(epoch FROM expires_at)::bigint"
    " FROM zc_login_ok($1::bigint, $2::bytea, $3, make_interval(secs => $4::double precision),"
    " make_interval(secs => $5::double precision), $6)",
    6};

const struct db_statement store_logout = {"logout", "SELECT zc_logout($1::bytea, $2)", 2};

const struct db_statement store_password_get = {
    "password_get", "SELECT password_phc FROM users WHERE id = $1::bigint AND NOT disabled", 1};

const struct db_statement store_password_change = {
    "password_change", "SELECT zc_password_change($1::bigint, $2::bytea, $3, $4, $5)::text", 5};

const struct db_statement store_idem_lookup = {
    "idem_lookup",
    "SELECT call, result::text FROM idempotency WHERE user_id = $1::bigint AND key = $2", 2};
