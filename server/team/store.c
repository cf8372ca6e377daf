/* team/store.c -- SQL for work teams and memberships (functions in 0003_people_teams.sql). */
#include "server/team/store.h"

/* This write and those below take an idempotency key: their last two parameters are the key
 * ("" for none) and the request's hash (zc_idem_bind); they return the answer they stored
 * (0021_keys_for_every_write.sql). */
DB_STATEMENT(store_team_create,
             "SELECT zc_team_create_keyed($1, $2, $3, $4::bigint, $5, $6, zc_idem_bind($7, $8))",
             8);

DB_STATEMENT(store_team_rows,
             "SELECT id, kind, org_code, org_name, name, coalesce(party_leader_id, 0),"
             " coalesce(party_leader_name, ''), party_members, m_id, person_id, person_name, post,"
             " coalesce(unit_id, 0), coalesce(unit_name, ''), start_date::text,"
             " coalesce(end_date::text, ''), coalesce(end_reason, ''), coalesce(end_note, ''),"
             " party_member"
             " FROM zc_team_rows($1::bigint, $2, $3, $4::text[], $5::bigint[], $6::boolean)",
             6);

DB_STATEMENT(store_team_assign,
             "SELECT zc_team_assign_keyed($1::bigint, $2::text[], $3::bigint, $4, $5::bigint,"
             " $6::date, $7::bigint, $8, $9, zc_idem_bind($10, $11))",
             11);

/* A recall goes to the approval engine, any other reason ends the membership at once; keyed
 * ($9, bound to the request's hash $10): "ended" or "pending:<approval id>:<recall id>" (0034). */
DB_STATEMENT(store_team_recall,
             "SELECT zc_team_recall_request($1::bigint, $2::text[], $3::date, $4, $5, $6::bigint,"
             " $7, $8, zc_idem_bind($9, $10))",
             10);

DB_STATEMENT(
    store_team_set_party_leader,
    "SELECT zc_team_set_party_leader_keyed($1::bigint, $2::text[], $3::bigint, $4::bigint, $5,"
    " $6, zc_idem_bind($7, $8))",
    8);
