/* auth/store.h -- the statements for sessions, logins and passwords (defined, and so registered, in
 * store.c). */
#ifndef ZHUCUN_AUTH_STORE_H
#define ZHUCUN_AUTH_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_login_begin;
extern const struct db_statement store_login_failed;
extern const struct db_statement store_login_ok;
extern const struct db_statement store_login_cert;
extern const struct db_statement store_logout;
extern const struct db_statement store_session_revoked;
extern const struct db_statement store_password_get;
extern const struct db_statement store_password_change;

#endif
