/* store.c -- the list of prepared statements every pool connection prepares. */
#include "server/store.h"

#include <stddef.h>

const struct db_statement *const store_statements[] = {
    &store_session_check,
    &store_login_begin,
    &store_login_failed,
    &store_login_ok,
    &store_logout,
    &store_password_get,
    &store_password_change,
    &store_idem_lookup,
    &store_org_show,
    &store_org_children,
    &store_org_search,
    &store_org_create,
    &store_org_update,
    &store_org_import,
    &store_unit_create,
    &store_unit_show,
    &store_unit_list,
    &store_unit_update,
    &store_user_add,
    &store_user_show,
    &store_user_disable,
    &store_user_reset_password,
    &store_user_grant,
    &store_team_create,
    &store_team_rows,
    &store_team_assign,
    &store_team_recall,
    &store_team_set_party_leader,
    NULL,
};
