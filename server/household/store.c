/* household/store.c -- SQL for households (functions in 0004_households.sql and
 * 0007_household_edit.sql, with the sealed columns of 0022). Today is Asia/Shanghai's date. */
#include "server/household/store.h"

#define TODAY "zc_today()"

/* The household's phone clear ($3) and sealed ($14 ciphertext, $15 hash); the members' ID
 * numbers clear ($10) and sealed ($16 ciphertexts, $17 hashes, $18 masked), their phones clear
 * ($13) and sealed ($19, $20) (household/seal.h; NULL without keys). With an idempotency key
 * ($24, "" for none) bound to the request's hash ($25): a retry returns the first household's
 * id. */
DB_STATEMENT(
    store_household_create,
    "SELECT zc_household_create_keyed($1, $2, $3, $4, $5::date, $6, $7::boolean, $8::text[],"
    " $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14, $15, $16::text[],"
    " $17::text[], $18::text[], $19::text[], $20::text[], $21::bigint, $22, $23,"
    " zc_idem_bind($24, $25))",
    25);

/* One 'h' row (the household, today's state), then 'm' rows (members) and 's' rows (state
 * history, oldest first); nothing when the household is not within the patterns $2. The
 * sealed personal data (docs/encryption.md) comes in columns 12-14: a member's ID number's
 * ciphertext and masked form, a phone's ciphertext (the household's or the member's). The
 * clear columns (5: ID number, 6 or 9: phone) are read only for a row not converted yet (its
 * ciphertext NULL), else ''. */
DB_STATEMENT(
    store_household_show,
    "WITH vis AS (SELECT h.* FROM households h WHERE h.id = $1::bigint"
    " AND h.village_code LIKE ANY ($2::text[]))"
    " SELECT 'h' AS kind, '' AS k, vis.id::text, vis.village_code, o.name, vis.head_name,"
    " CASE WHEN vis.phone_enc IS NULL THEN vis.phone ELSE '' END, vis.address,"
    " vis.since::text, st.category, st.absent::text, '', NULL::text, NULL::text, vis.phone_enc"
    " FROM vis JOIN org_units o ON o.code = vis.village_code"
    " LEFT JOIN LATERAL zc_household_state_on(vis.id, " TODAY ") st ON true"
    " UNION ALL"
    " SELECT 'm', lpad(m.id::text, 20, '0'), m.id::text, m.name, m.relation,"
    " CASE WHEN m.id_number_enc IS NULL THEN m.id_number ELSE '' END, m.birth_date::text,"
    " m.labour, m.health, CASE WHEN m.phone_enc IS NULL THEN m.phone ELSE '' END,"
    " coalesce(m.left_on::text, ''), coalesce(m.left_reason, ''), m.id_number_enc,"
    " m.id_number_masked, m.phone_enc"
    " FROM household_members m JOIN vis ON vis.id = m.household_id"
    " UNION ALL"
    " SELECT 's', s.valid_from::text, '', s.valid_from::text, s.category, s.absent::text,"
    " s.note, '', '', '', '', '', NULL, NULL, NULL"
    " FROM household_states s JOIN vis ON vis.id = s.household_id"
    " ORDER BY 1, 2",
    2);

/* Households within the patterns $1 after id $2, filtered ($3 category, $4 presence, $5 name),
 * at most $6. [$7, $8) is the patterns' byte range (access_pattern_bounds): redundant for the
 * answer, it lets the (village_code, id) index serve a village's or a township's list, which
 * the LIKE patterns alone cannot (1 ms instead of 60 ms for a village at city scale). The
 * phone is sealed: column 10 its ciphertext, column 4 the clear phone of a row not converted
 * yet, else ''. */
DB_STATEMENT(
    store_household_list,
    "SELECT h.id, h.village_code, o.name, h.head_name,"
    " CASE WHEN h.phone_enc IS NULL THEN h.phone ELSE '' END, h.address, h.since::text,"
    " st.category, st.absent, (SELECT count(*) FROM household_members m"
    " WHERE m.household_id = h.id AND m.left_on IS NULL), h.phone_enc"
    " FROM households h JOIN org_units o ON o.code = h.village_code"
    " CROSS JOIN LATERAL zc_household_state_on(h.id, " TODAY ") st"
    " WHERE h.village_code LIKE ANY ($1::text[]) AND h.village_code >= $7"
    " AND h.village_code < $8 AND h.id > $2::bigint"
    " AND ($3 = '' OR st.category = $3) AND ($4::integer = 0 OR st.absent = ($4::integer = 2))"
    " AND ($5 = '' OR h.head_name LIKE '%' || $5 || '%')"
    " ORDER BY h.id LIMIT $6::integer",
    8);

/* This write and those below take an idempotency key: their last two parameters are the key
 * ("" for none) and the request's hash (zc_idem_bind); they return the answer they stored
 * (0021_keys_for_every_write.sql). */
DB_STATEMENT(store_household_set_state,
             "SELECT zc_household_set_state_keyed($1::bigint, $2::text[], $3::date, $4,"
             " $5::boolean, $6, $7::bigint, $8, $9, zc_idem_bind($10, $11))",
             11);

/* (line, field, message) for each row the database rejects, else (0, '', 'households=N
 * members=M'). $20-$21 the households' sealed phones, $22-$26 the members' sealed ID numbers
 * (ciphertext, hash, masked) and phones (ciphertext, hash). */
DB_STATEMENT(
    store_household_import,
    "SELECT line, field, message FROM zc_household_import($1::bigint, zc_idem_bind($2, $29),"
    " $3::text[],"
    " $4::integer[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::text[],"
    " $11::boolean[], $12::integer[], $13::integer[], $14::text[], $15::text[], $16::text[],"
    " $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[],"
    " $23::text[], $24::text[], $25::text[], $26::text[], $27, $28)",
    29);

/* The phone clear ($4) and sealed ($5 ciphertext, $6 hash). */
DB_STATEMENT(store_household_update,
             "SELECT zc_household_update_keyed($1::bigint, $2::text[], $3::boolean, $4, $5, $6,"
             " $7::boolean, $8, $9::bigint, $10, $11, zc_idem_bind($12, $13))",
             13);

/* The ID number clear ($5) and sealed ($9 ciphertext, $10 hash, $11 masked), the phone clear
 * ($8) and sealed ($12, $13). */
DB_STATEMENT(store_household_member_add,
             "SELECT zc_household_member_add_keyed($1::bigint, $2::text[], $3, $4, $5, $6, $7, $8,"
             " $9, $10, $11, $12, $13, $14::bigint, $15, $16, zc_idem_bind($17, $18))",
             18);

DB_STATEMENT(store_household_member_leave,
             "SELECT zc_household_member_leave_keyed($1::bigint, $2::text[], $3::bigint, $4::date,"
             " $5, nullif($6::bigint, 0), $7::bigint, $8, $9, zc_idem_bind($10, $11))",
             11);
