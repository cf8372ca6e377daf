/* household/store.c -- SQL for households (functions in 0004_households.sql and
 * 0007_household_edit.sql, sealed-only since 0024_household_clear_columns_dropped.sql). Today
 * is Asia/Shanghai's date. */
#include "server/household/store.h"

#define TODAY "zc_today()"

/* The household's phone sealed ($12 ciphertext, $13 hash); the members' ID numbers sealed ($14
 * ciphertexts, $15 hashes, $16 masked) with the birth dates read from them ($9), their phones
 * sealed ($17, $18) (household/seal.h). With an idempotency key ($22, "" for none) bound to
 * the request's hash ($23): a retry returns the first household's id. */
DB_STATEMENT(
    store_household_create,
    "SELECT zc_household_create_keyed($1, $2, $3, $4::date, $5, $6::boolean, $7::text[],"
    " $8::text[], $9::date[], $10::text[], $11::text[], $12, $13, $14::text[], $15::text[],"
    " $16::text[], $17::text[], $18::text[], $19::bigint, $20, $21, zc_idem_bind($22, $23))",
    23);

/* One 'h' row (the household, today's state), then 'm' rows (members) and 's' rows (state
 * history, oldest first); nothing when the household is not within the patterns $2. The
 * personal data comes sealed (docs/encryption.md): column 6 is the household's phone's
 * ciphertext; a member's ID number's ciphertext is column 5 and its masked form column 12, its
 * phone's ciphertext column 9. */
DB_STATEMENT(
    store_household_show,
    "WITH vis AS (SELECT h.* FROM households h WHERE h.id = $1::bigint"
    " AND h.village_code LIKE ANY ($2::text[]))"
    " SELECT 'h' AS kind, '' AS k, vis.id::text, vis.village_code, o.name, vis.head_name,"
    " vis.phone_enc, vis.address, vis.since::text, st.category, st.absent::text, '', ''"
    " FROM vis JOIN org_units o ON o.code = vis.village_code"
    " LEFT JOIN LATERAL zc_household_state_on(vis.id, " TODAY ") st ON true"
    " UNION ALL"
    " SELECT 'm', lpad(m.id::text, 20, '0'), m.id::text, m.name, m.relation, m.id_number_enc,"
    " m.birth_date::text, m.labour, m.health, m.phone_enc, coalesce(m.left_on::text, ''),"
    " coalesce(m.left_reason, ''), m.id_number_masked"
    " FROM household_members m JOIN vis ON vis.id = m.household_id"
    " UNION ALL"
    " SELECT 's', s.valid_from::text, '', s.valid_from::text, s.category, s.absent::text,"
    " s.note, '', '', '', '', '', ''"
    " FROM household_states s JOIN vis ON vis.id = s.household_id"
    " ORDER BY 1, 2",
    2);

/* Households within the patterns $1 after id $2, filtered ($3 category, $4 presence, $5 name),
 * at most $6. [$7, $8) is the patterns' byte range (access_pattern_bounds): redundant for the
 * answer, it lets the (village_code, id) index serve a village's or a township's list, which
 * the LIKE patterns alone cannot (1 ms instead of 60 ms for a village at city scale). Column 4
 * is the phone's ciphertext. */
DB_STATEMENT(
    store_household_list,
    "SELECT h.id, h.village_code, o.name, h.head_name, h.phone_enc, h.address, h.since::text,"
    " st.category, st.absent, (SELECT count(*) FROM household_members m"
    " WHERE m.household_id = h.id AND m.left_on IS NULL)"
    " FROM households h JOIN org_units o ON o.code = h.village_code"
    " CROSS JOIN LATERAL zc_household_state_on(h.id, " TODAY ") st"
    " WHERE h.village_code LIKE ANY ($1::text[]) AND h.village_code >= $7"
    " AND h.village_code < $8 AND h.id > $2::bigint"
    " AND ($3 = '' OR st.category = $3) AND ($4::integer = 0 OR st.absent = ($4::integer = 2))"
    " AND ($5 = '' OR h.head_name LIKE '%' || $5 || '%' OR EXISTS (SELECT 1 FROM"
    " household_members m WHERE m.household_id = h.id AND m.left_on IS NULL"
    " AND m.name LIKE '%' || $5 || '%'))"
    " ORDER BY h.id LIMIT $6::integer",
    8);

/* HouseholdList by an ID number (0182): $9 its keyed hash; $10-$12 the user, the actor and
 * the address and $13 the masked number for the search's audit entry; the rows as above. */
DB_STATEMENT(store_household_list_id,
             "SELECT * FROM zc_household_list_by_id($1::text[], $2::bigint, $3, $4::integer, $5,"
             " $6::integer, $7, $8, $9, $10::bigint, $11, $12, $13)",
             13);

/* This write and those below take an idempotency key: their last two parameters are the key
 * ("" for none) and the request's hash (zc_idem_bind); they return the answer they stored
 * (0021_keys_for_every_write.sql). */
DB_STATEMENT(store_household_set_state,
             "SELECT zc_household_set_state_keyed($1::bigint, $2::text[], $3::date, $4,"
             " $5::boolean, $6, $7::bigint, $8, $9, zc_idem_bind($10, $11))",
             11);

/* (line, field, message) for each row the database rejects, else (0, '', 'households=N
 * members=M'). $4-$24 the arrays (household/handlers.c's A_*): $15 the members' birth dates,
 * $18-$19 the households' sealed phones, $20-$24 the members' sealed ID numbers (ciphertext,
 * hash, masked) and phones (ciphertext, hash). */
DB_STATEMENT(
    store_household_import,
    "SELECT line, field, message FROM zc_household_import($1::bigint, zc_idem_bind($2, $27),"
    " $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[], $8::date[], $9::text[],"
    " $10::boolean[], $11::integer[], $12::integer[], $13::text[], $14::text[], $15::date[],"
    " $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[],"
    " $22::text[], $23::text[], $24::text[], $25, $26)",
    27);

/* The phone sealed ($4 ciphertext, $5 hash). */
DB_STATEMENT(store_household_update,
             "SELECT zc_household_update_keyed($1::bigint, $2::text[], $3::boolean, $4, $5,"
             " $6::boolean, $7, $8::bigint, $9, $10, zc_idem_bind($11, $12))",
             12);

/* The birth date read from the ID number ($5), the ID number sealed ($8 ciphertext, $9 hash,
 * $10 masked), the phone sealed ($11, $12). */
DB_STATEMENT(store_household_member_add,
             "SELECT zc_household_member_add_keyed($1::bigint, $2::text[], $3, $4, $5::date, $6,"
             " $7, $8, $9, $10, $11, $12, $13::bigint, $14, $15, zc_idem_bind($16, $17))",
             17);

DB_STATEMENT(store_household_member_leave,
             "SELECT zc_household_member_leave_keyed($1::bigint, $2::text[], $3::bigint, $4::date,"
             " $5, nullif($6::bigint, 0), $7::bigint, $8, $9, zc_idem_bind($10, $11))",
             11);
