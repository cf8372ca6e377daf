/* store.h -- every prepared statement, declared per domain; SQL text lives in
 * server/store_<domain>.c and the plpgsql functions in sql/migrations. */
#ifndef ZHUCUN_STORE_H
#define ZHUCUN_STORE_H

#include "server/db.h"

/* NULL-terminated list of all statements, prepared on every pool connection. */
extern const struct db_statement *const store_statements[];

/* store_auth.c */
extern const struct db_statement store_session_check;
extern const struct db_statement store_login_begin;
extern const struct db_statement store_login_failed;
extern const struct db_statement store_login_ok;
extern const struct db_statement store_logout;
extern const struct db_statement store_password_get;
extern const struct db_statement store_password_change;
extern const struct db_statement store_idem_lookup;

/* store_org.c */
extern const struct db_statement store_org_show;
extern const struct db_statement store_org_children;
extern const struct db_statement store_org_search;
extern const struct db_statement store_org_create;
extern const struct db_statement store_org_update;
extern const struct db_statement store_org_import;

#endif
