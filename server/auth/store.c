/* auth/store.c -- SQL for sessions, logins and passwords (functions in 0001_foundation.sql,
 * 0019_login_throttle.sql and 0020_session_events.sql). */
#include "server/auth/store.h"

/* Login, step 1 (0019_login_throttle.sql): username, peer, max failures, lock, the address's
 * and the network's allowance, delay, longest delay, window. */
DB_STATEMENT(
    store_login_begin,
    "SELECT user_id, password_phc, refused, retry_after"
    " FROM zc_login_begin($1, $2, $3::integer, make_interval(secs => $4::double precision),"
    " $5::integer, $6::integer, make_interval(secs => $7::double precision),"
    " make_interval(secs => $8::double precision),"
    " make_interval(secs => $9::double precision))",
    9);

/* A failed password check: username, peer, max failures, lock; the lock's seconds, or NULL. */
DB_STATEMENT(store_login_failed,
             "SELECT zc_login_failed($1, $2, $3::integer,"
             " make_interval(secs => $4::double precision))",
             4);

/* A certificate login (0010_export.sql): username, subject, token hash, address, idle, max. */
DB_STATEMENT(
    store_login_cert,
    "SELECT display_name, must_change_password, extract(epoch FROM expires_at)::bigint"
    " FROM zc_login_cert($1, $2, $3::bytea, $4, make_interval(secs => $5::double precision),"
    " make_interval(secs => $6::double precision))",
    6);

/* A password login that succeeded: user, token hash, peer, idle, max, new hash or NULL, and
 * the throttle's numbers to give the attempt back (address and network allowance, delay,
 * longest delay). */
DB_STATEMENT(store_login_ok,
             "SELECT display_name, must_change_password, extract(epoch FROM expires_at)::bigint"
             " FROM zc_login_password_ok($1::bigint, $2::bytea, $3,"
             " make_interval(secs => $4::double precision),"
             " make_interval(secs => $5::double precision), $6, $7::integer, $8::integer,"
             " make_interval(secs => $9::double precision),"
             " make_interval(secs => $10::double precision))",
             10);

/* Whether the session of a token hash ($1) was revoked (0020_session_events.sql); $2 is the
 * event's id, the session's key, which the hash already pins down. */
DB_STATEMENT(store_session_revoked,
             "SELECT 1 FROM sessions WHERE token_hash = $1::bytea AND revoked_at IS NOT NULL"
             " AND $2::bigint > 0",
             2);

DB_STATEMENT(store_logout, "SELECT zc_logout($1::bytea, $2)", 2);

DB_STATEMENT(store_password_get,
             "SELECT password_phc FROM users WHERE id = $1::bigint AND NOT disabled", 1);

/* The key bound to the request's hash ($6, zc_idem_bind: 0018): another body under it is
 * refused. */
DB_STATEMENT(store_password_change,
             "SELECT zc_password_change($1::bigint, $2::bytea, $3, $4, zc_idem_bind($5, $6))::text",
             6);
