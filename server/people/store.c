/* people/store.c -- SQL for dispatching units and accounts (functions in
 * 0003_people_teams.sql; persons' phones sealed since 0024). $patterns are the caller's scopes as
 * LIKE patterns. */
#include "server/people/store.h"

#define UNIT_COLUMNS                                                                               \
    "u.id, u.name, u.level, u.org_code, u.leader_name, u.handling_office,"                         \
    " (SELECT count(*) FROM memberships m WHERE m.unit_id = u.id AND m.end_date IS NULL)"

/* This write and those below take an idempotency key: their last two parameters are the key
 * ("" for none) and the request's hash (zc_idem_bind); they return the answer they stored
 * (0021_keys_for_every_write.sql). */
DB_STATEMENT(store_unit_create,
             "SELECT zc_unit_create_keyed($1, $2, $3, $4, $5, $6::bigint, $7, $8,"
             " zc_idem_bind($9, $10))",
             10);

DB_STATEMENT(
    store_unit_show,
    "SELECT " UNIT_COLUMNS " FROM dispatch_units u"
    " WHERE u.id = $1::bigint AND (u.org_code LIKE ANY ($2::text[]) OR u.id = ANY ($3::bigint[]))",
    3);

DB_STATEMENT(store_unit_list,
             "SELECT " UNIT_COLUMNS " FROM dispatch_units u"
             " WHERE (u.org_code LIKE ANY ($1::text[]) OR u.id = ANY ($2::bigint[]))"
             " AND ($3 = '' OR u.level = $3) AND u.org_code LIKE $4"
             " ORDER BY array_position(ARRAY['central', 'province', 'city', 'county'], u.level),"
             " u.org_code, u.name LIMIT 5001",
             4);

DB_STATEMENT(store_unit_update,
             "SELECT zc_unit_update_keyed($1::bigint, $2::text[], $3, $4, $5, $6::bigint, $7, $8,"
             " zc_idem_bind($9, $10))",
             10);

/* The person's phone sealed ($3 ciphertext, $4 hash; household/seal.h), the password's hash
 * in $8 (0024_household_clear_columns_dropped.sql). */
DB_STATEMENT(store_user_add,
             "SELECT zc_user_add_person_keyed($1, $2, $3, $4, $5::boolean, $6::bigint, $7, $8,"
             " $9, $10, $11::bigint, $12::text[], $13::bigint, $14, $15, zc_idem_bind($16, $17))",
             17);

/* One row per grant (role NULL when none), after the scope check. Column 2 is the person's
 * phone's ciphertext ('' for none, and for an account without a person). */
DB_STATEMENT(
    store_user_show,
    "SELECT coalesce(p.id, 0), coalesce(p.name, u.display_name), coalesce(p.phone_enc, ''),"
    " coalesce(p.party_member, false), coalesce(p.unit_id, 0), coalesce(p.org_code, ''),"
    " u.username, u.disabled, u.must_change_password, g.role, g.scope_code, o.name"
    " FROM users u LEFT JOIN persons p ON p.user_id = u.id"
    " LEFT JOIN role_grants g ON g.user_id = u.id LEFT JOIN org_units o ON o.code = g.scope_code"
    " WHERE u.id = zc_user_lookup($1, $2::text[]) ORDER BY g.role, g.scope_code",
    2);

DB_STATEMENT(store_user_disable,
             "SELECT zc_user_set_disabled_keyed($1, $2::text[], $3::boolean, $4::bigint, $5, $6,"
             " zc_idem_bind($7, $8))",
             8);

DB_STATEMENT(store_user_reset_password,
             "SELECT zc_user_reset_password_keyed($1, $2::text[], $3, $4::bigint, $5, $6,"
             " zc_idem_bind($7, $8))",
             8);

DB_STATEMENT(
    store_user_grant,
    "SELECT zc_user_grant_keyed($1, $2::text[], $3, $4, $5::bigint, $6::boolean, $7::bigint, $8,"
    " $9, zc_idem_bind($10, $11))",
    11);
