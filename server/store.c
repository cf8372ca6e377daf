/* store.c -- the list of prepared statements every pool connection prepares. */
#include "server/store.h"

#include <stddef.h>

const struct db_statement *const store_statements[] = {
    &store_session_check,   &store_login_begin, &store_login_failed,
    &store_login_ok,        &store_logout,      &store_password_get,
    &store_password_change, &store_idem_lookup, &store_org_show,
    &store_org_children,    &store_org_search,  &store_org_create,
    &store_org_update,      &store_org_import,  NULL,
};
