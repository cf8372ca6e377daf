/* org/store.c -- SQL for the organisation tree (functions in 0002_org.sql). */
#include "server/org/store.h"

#define ORG_COLUMNS                                                                                \
    "code, name, level, coalesce(parent_code, ''), lat, lon, geofence_m, tags, child_count"

DB_STATEMENT(store_org_show, "SELECT " ORG_COLUMNS " FROM zc_org_show($1)", 1);

DB_STATEMENT(
    store_org_children,
    "SELECT o.code, o.name, o.level, coalesce(o.parent_code, ''), o.lat, o.lon, o.geofence_m,"
    " o.tags, (SELECT count(*) FROM org_units c WHERE c.parent_code = o.code)"
    " FROM org_units o WHERE o.parent_code = $1 AND o.code > $2"
    " ORDER BY o.code LIMIT $3::integer",
    3);

/* Name contains $1 (LIKE-escaped by the caller), code within one of the patterns $2. */
DB_STATEMENT(
    store_org_search,
    "SELECT o.code, o.name, o.level, coalesce(o.parent_code, ''), o.lat, o.lon, o.geofence_m,"
    " o.tags, (SELECT count(*) FROM org_units c WHERE c.parent_code = o.code)"
    " FROM org_units o WHERE o.name LIKE '%' || $1 || '%' AND o.code LIKE ANY ($2::text[])"
    " ORDER BY o.level, o.code LIMIT $3::integer",
    3);

DB_STATEMENT(store_org_create,
             "SELECT zc_org_create_keyed($1, $2, $3::smallint, $4, $5::double precision,"
             " $6::double precision, $7::integer, $8::text[], $9::bigint, $10, $11,"
             " zc_idem_bind($12, $13))",
             13);

DB_STATEMENT(store_org_update,
             "SELECT zc_org_update_keyed($1, $2, $3::boolean, $4::double precision,"
             " $5::double precision, $6::integer, $7::text[], $8::bigint, $9, $10,"
             " zc_idem_bind($11, $12))",
             12);

DB_STATEMENT(store_org_import,
             "SELECT line, message FROM zc_org_import_keyed($1::integer[], $2::text[], $3::text[],"
             " $4::smallint[], $5::double precision[], $6::double precision[], $7::bigint, $8, $9,"
             " zc_idem_bind($10, $11))",
             11);
