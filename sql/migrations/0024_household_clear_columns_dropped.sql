-- 0024_household_clear_columns_dropped.sql -- step 3 of 3 for households (issue 14;
-- docs/encryption.md): household members' ID numbers and phones and households' phones are
-- kept sealed only. The clear columns go, with the unique index on the clear ID number and
-- the check of the birth date against it (the server computes the birth date from the number,
-- rules_idcard_birth_date, and checks a typed one with rules_hh_member_problem); the sealed
-- columns become NOT NULL; the write functions lose their clear parameters.
--
-- Persons' phones (people domain) start the same way here: sealed columns beside the clear
-- one, written by the server from now on; `zhucun-server rekey` seals the rows written before,
-- and 0025 drops the clear column (refusing while a row is not sealed).

-- Nothing can be encrypted here (the keys never reach the database): a row the server wrote
-- before 0022, or without a key file, holds its values in clear only and would be lost.
DO $$
DECLARE
    n_members bigint;
    n_households bigint;
BEGIN
    SELECT count(*) INTO n_members FROM household_members
    WHERE id_number_enc IS NULL OR id_number_hmac IS NULL OR id_number_masked IS NULL
       OR phone_enc IS NULL OR phone_hmac IS NULL;
    SELECT count(*) INTO n_households FROM households
    WHERE phone_enc IS NULL OR phone_hmac IS NULL;
    IF n_members + n_households > 0 THEN
        RAISE EXCEPTION '% household members and % households hold ID numbers or phones in clear only (not sealed yet)',
            n_members, n_households
            USING HINT = 'seal them with `zhucun-server rekey --config FILE` (the server''s '
                         'configuration, naming its [data] key_file), then migrate again '
                         '(docs/encryption.md)';
    END IF;
END
$$;

-- The functions that take clear values go first (their signatures name the clear columns'
-- values; the new ones below take the sealed forms only).
DROP FUNCTION zc_household_import(bigint, text, text[], integer[], text[], text[], text[],
                                  text[], date[], text[], boolean[], integer[], integer[],
                                  text[], text[], text[], text[], text[], text[], text[],
                                  text[], text[], text[], text[], text[], text[], text, text);
DROP FUNCTION zc_household_create_keyed(text, text, text, text, date, text, boolean, text[],
                                        text[], text[], text[], text[], text[], text, text,
                                        text[], text[], text[], text[], text[], bigint, text,
                                        text, text);
DROP FUNCTION zc_household_create(text, text, text, text, date, text, boolean, text[], text[],
                                  text[], text[], text[], text[], text, text, text[], text[],
                                  text[], text[], text[], bigint, text, text);
DROP FUNCTION zc_household_member_add_keyed(bigint, text[], text, text, text, text, text, text,
                                            text, text, text, text, text, bigint, text, text,
                                            text);
DROP FUNCTION zc_household_member_add(bigint, text[], text, text, text, text, text, text, text,
                                      text, text, text, text, bigint, text, text);
DROP FUNCTION zc_household_update_keyed(bigint, text[], boolean, text, text, text, boolean,
                                        text, bigint, text, text, text);
DROP FUNCTION zc_household_update(bigint, text[], boolean, text, text, text, boolean, text,
                                  bigint, text, text);
DROP FUNCTION zc_household_registered(text[], text[], text[]);

-- Dropping id_number drops its unique index (household_members_id_number, 0004) and the
-- check that birth_date is the date in it (0004) with it; the index is named to be plain.
DROP INDEX household_members_id_number;
ALTER TABLE household_members
    DROP COLUMN id_number,
    DROP COLUMN phone,
    ALTER COLUMN id_number_enc SET NOT NULL,
    ALTER COLUMN id_number_hmac SET NOT NULL,
    ALTER COLUMN id_number_masked SET NOT NULL,
    ALTER COLUMN phone_enc SET NOT NULL,
    ALTER COLUMN phone_enc SET DEFAULT '',
    ALTER COLUMN phone_hmac SET NOT NULL,
    ALTER COLUMN phone_hmac SET DEFAULT '';
ALTER TABLE households
    DROP COLUMN phone,
    ALTER COLUMN phone_enc SET NOT NULL,
    ALTER COLUMN phone_enc SET DEFAULT '',
    ALTER COLUMN phone_hmac SET NOT NULL,
    ALTER COLUMN phone_hmac SET DEFAULT '';

-- The masked forms of those of p_ids_hmac (with their masked forms p_masked, element by
-- element) already on a household, each with its index in the arrays: found by hash alone.
CREATE FUNCTION zc_household_registered(p_ids_hmac text[], p_masked text[])
RETURNS TABLE (i bigint, masked text)
LANGUAGE sql STABLE AS $$
    SELECT x.i, x.masked
    FROM unnest(p_ids_hmac, p_masked) WITH ORDINALITY AS x(hmac, masked, i)
    WHERE EXISTS (SELECT 1 FROM household_members m
                  WHERE m.left_on IS NULL AND m.id_number_hmac = x.hmac)
    ORDER BY x.i
$$;

-- Creates a household with its members (arrays, one element per member) and first state.
-- The household's phone comes sealed (p_phone_enc, p_phone_hmac: '' and '' for none); each
-- member's ID number sealed (p_ids_enc, p_ids_hmac, p_ids_masked) with the birth date the
-- server read from it (p_birth_dates), its phone sealed (p_phones_enc, p_phones_hmac).
CREATE FUNCTION zc_household_create(p_village text, p_head text, p_address text, p_since date,
                                    p_category text, p_absent boolean, p_names text[],
                                    p_relations text[], p_birth_dates date[], p_labour text[],
                                    p_health text[], p_phone_enc text, p_phone_hmac text,
                                    p_ids_enc text[], p_ids_hmac text[], p_ids_masked text[],
                                    p_phones_enc text[], p_phones_hmac text[],
                                    p_actor_id bigint, p_actor text, p_addr text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    hid bigint;
    dup text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM org_units WHERE code = p_village AND level = 5) THEN
        RAISE EXCEPTION '行政村 % 不存在', p_village USING ERRCODE = 'ZC005', COLUMN = 'village_code';
    END IF;
    SELECT r.masked INTO dup FROM zc_household_registered(p_ids_hmac, p_ids_masked) r LIMIT 1;
    IF dup IS NOT NULL THEN
        RAISE EXCEPTION '身份证号 % 已登记在另一户', dup USING ERRCODE = 'ZC006', COLUMN = 'members';
    END IF;
    INSERT INTO households (village_code, head_name, address, since, phone_enc, phone_hmac)
    VALUES (p_village, p_head, p_address, p_since, p_phone_enc, p_phone_hmac)
    RETURNING id INTO hid;
    INSERT INTO household_states (household_id, valid_from, category, absent, recorded_by)
    VALUES (hid, p_since, p_category, p_absent, p_actor_id);
    INSERT INTO household_members (household_id, name, relation, birth_date, labour, health,
                                   id_number_enc, id_number_hmac, id_number_masked, phone_enc,
                                   phone_hmac)
    SELECT hid, m.name, m.relation, m.birth, m.labour, m.health, m.idn_enc, m.idn_hmac,
           m.idn_masked, m.phone_enc, m.phone_hmac
    FROM unnest(p_names, p_relations, p_birth_dates, p_labour, p_health, p_ids_enc, p_ids_hmac,
                p_ids_masked, p_phones_enc, p_phones_hmac)
         AS m(name, relation, birth, labour, health, idn_enc, idn_hmac, idn_masked, phone_enc,
              phone_hmac);
    PERFORM zc_audit_append(p_actor_id, p_actor, p_addr, 'household.create',
                            'household:' || hid,
                            jsonb_build_object('village', p_village, 'members',
                                               coalesce(array_length(p_names, 1), 0),
                                               'category', p_category, 'absent', p_absent));
    RETURN hid;
EXCEPTION WHEN unique_violation THEN
    RAISE EXCEPTION '身份证号重复：同一人只能登记在一户' USING ERRCODE = 'ZC006', COLUMN = 'members';
END
$$;

-- With an idempotency key: a retry returns the first household's id (0013).
CREATE FUNCTION zc_household_create_keyed(p_village text, p_head text, p_address text,
                                          p_since date, p_category text, p_absent boolean,
                                          p_names text[], p_relations text[],
                                          p_birth_dates date[], p_labour text[],
                                          p_health text[], p_phone_enc text, p_phone_hmac text,
                                          p_ids_enc text[], p_ids_hmac text[],
                                          p_ids_masked text[], p_phones_enc text[],
                                          p_phones_hmac text[], p_actor_id bigint,
                                          p_actor text, p_addr text, p_key text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb;
    hid bigint;
BEGIN
    prev := zc_idem_claim(p_actor_id, p_key, 'HouseholdCreate');
    IF prev IS NOT NULL THEN
        RETURN (prev ->> 'r')::bigint;
    END IF;
    hid := zc_household_create(p_village, p_head, p_address, p_since, p_category, p_absent,
                               p_names, p_relations, p_birth_dates, p_labour, p_health,
                               p_phone_enc, p_phone_hmac, p_ids_enc, p_ids_hmac, p_ids_masked,
                               p_phones_enc, p_phones_hmac, p_actor_id, p_actor, p_addr);
    PERFORM zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', hid::text));
    RETURN hid;
END
$$;

-- Changes the household's phone (sealed) and address, each only when its flag is set. A
-- changed phone is told by its hash, and the audit entry says that it changed, not what it
-- became (0023).
CREATE FUNCTION zc_household_update(p_household bigint, p_patterns text[], p_set_phone boolean,
                                    p_phone_enc text, p_phone_hmac text, p_set_address boolean,
                                    p_address text, p_actor_id bigint, p_actor text,
                                    p_addr text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    h households;
    changed jsonb := '{}';
BEGIN
    SELECT * INTO h FROM households WHERE id = p_household AND village_code LIKE ANY (p_patterns)
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION '农户不存在或不在您的管辖范围内' USING ERRCODE = 'ZC005', COLUMN = 'id';
    END IF;
    IF p_set_phone AND p_phone_hmac IS DISTINCT FROM h.phone_hmac THEN
        changed := changed || jsonb_build_object('phone', 'changed');
    END IF;
    IF p_set_address AND p_address IS DISTINCT FROM h.address THEN
        changed := changed || jsonb_build_object('address', p_address);
    END IF;
    IF changed = '{}' THEN
        RETURN;  -- nothing changes, nothing to audit
    END IF;
    UPDATE households
    SET phone_enc = CASE WHEN p_set_phone THEN p_phone_enc ELSE phone_enc END,
        phone_hmac = CASE WHEN p_set_phone THEN p_phone_hmac ELSE phone_hmac END,
        address = CASE WHEN p_set_address THEN p_address ELSE address END,
        updated_at = now()
    WHERE id = p_household;
    PERFORM zc_audit_append(p_actor_id, p_actor, p_addr, 'household.update',
                            'household:' || p_household, changed);
END
$$;

CREATE FUNCTION zc_household_update_keyed(p_household bigint, p_patterns text[],
                                          p_set_phone boolean, p_phone_enc text,
                                          p_phone_hmac text, p_set_address boolean,
                                          p_address text, p_actor_id bigint, p_actor text,
                                          p_addr text, p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'HouseholdUpdate');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_household_update(p_household, p_patterns, p_set_phone, p_phone_enc,
                                p_phone_hmac, p_set_address, p_address, p_actor_id, p_actor,
                                p_addr);
    RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', 'ok')) ->> 'r';
END
$$;

-- Adds a member (not a head) to a household, its ID number sealed with the birth date read
-- from it, its phone sealed; returns the member's id (0007).
CREATE FUNCTION zc_household_member_add(p_household bigint, p_patterns text[], p_name text,
                                        p_relation text, p_birth_date date, p_labour text,
                                        p_health text, p_id_enc text, p_id_hmac text,
                                        p_id_masked text, p_phone_enc text, p_phone_hmac text,
                                        p_actor_id bigint, p_actor text, p_addr text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    mid bigint;
BEGIN
    PERFORM 1 FROM households WHERE id = p_household AND village_code LIKE ANY (p_patterns)
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION '农户不存在或不在您的管辖范围内' USING ERRCODE = 'ZC005',
            COLUMN = 'household_id';
    END IF;
    IF p_relation = 'head' THEN
        RAISE EXCEPTION '一户只能有一名户主：新户主在原户主离开时指定' USING ERRCODE = 'ZC003',
            COLUMN = 'member.relation';
    END IF;
    IF EXISTS (SELECT 1 FROM zc_household_registered(ARRAY[p_id_hmac], ARRAY[p_id_masked])) THEN
        RAISE EXCEPTION '身份证号 % 已登记在一户：同一人只能登记在一户（先办理离开原户）',
            p_id_masked USING ERRCODE = 'ZC006', COLUMN = 'member.id_number';
    END IF;
    INSERT INTO household_members (household_id, name, relation, birth_date, labour, health,
                                   id_number_enc, id_number_hmac, id_number_masked, phone_enc,
                                   phone_hmac)
    VALUES (p_household, p_name, p_relation, p_birth_date, p_labour, p_health, p_id_enc,
            p_id_hmac, p_id_masked, p_phone_enc, p_phone_hmac)
    RETURNING id INTO mid;
    UPDATE households SET updated_at = now() WHERE id = p_household;
    PERFORM zc_audit_append(p_actor_id, p_actor, p_addr, 'household.member_add',
                            'household:' || p_household,
                            jsonb_build_object('member', mid, 'relation', p_relation));
    RETURN mid;
EXCEPTION WHEN unique_violation THEN
    RAISE EXCEPTION '身份证号重复：同一人只能登记在一户' USING ERRCODE = 'ZC006',
        COLUMN = 'member.id_number';
END
$$;

CREATE FUNCTION zc_household_member_add_keyed(p_household bigint, p_patterns text[],
                                              p_name text, p_relation text, p_birth_date date,
                                              p_labour text, p_health text, p_id_enc text,
                                              p_id_hmac text, p_id_masked text,
                                              p_phone_enc text, p_phone_hmac text,
                                              p_actor_id bigint, p_actor text, p_addr text,
                                              p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'HouseholdMemberAdd');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r',
        zc_household_member_add(p_household, p_patterns, p_name, p_relation, p_birth_date,
                                p_labour, p_health, p_id_enc, p_id_hmac, p_id_masked,
                                p_phone_enc, p_phone_hmac, p_actor_id, p_actor,
                                p_addr)::text)) ->> 'r';
END
$$;

-- Imports households checked row by row in C (0007; docs/household-import.md): one element
-- per household in p_h_* (p_h_phones_enc, p_h_phones_hmac its sealed phone), one per member
-- in the member arrays (p_birth_dates read from the ID number by the server; p_m_ids_enc,
-- p_m_ids_hmac, p_m_ids_masked its sealed ID number; p_m_phones_enc, p_m_phones_hmac its
-- sealed phone).
CREATE FUNCTION zc_household_import(p_user_id bigint, p_key text, p_patterns text[],
                                    p_h_lines integer[], p_villages text[], p_heads text[],
                                    p_addresses text[], p_since date[], p_categories text[],
                                    p_absent boolean[], p_m_household integer[],
                                    p_m_lines integer[], p_names text[], p_relations text[],
                                    p_birth_dates date[], p_labour text[], p_health text[],
                                    p_h_phones_enc text[], p_h_phones_hmac text[],
                                    p_m_ids_enc text[], p_m_ids_hmac text[],
                                    p_m_ids_masked text[], p_m_phones_enc text[],
                                    p_m_phones_hmac text[], p_actor text, p_addr text)
RETURNS TABLE (line integer, field text, message text)
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb;
    n_h integer := coalesce(array_length(p_villages, 1), 0);
    n_m integer := coalesce(array_length(p_names, 1), 0);
    hh record;
    ids bigint[] := '{}';
BEGIN
    prev := zc_idem_claim(p_user_id, p_key, 'HouseholdImport');
    IF prev IS NOT NULL THEN
        RETURN QUERY SELECT 0, '', prev ->> 'r';
        RETURN;
    END IF;

    RETURN QUERY
    SELECT v.ln, 'village_code', format('行政村 %s 不存在或不在您的管辖范围内', v.code)
    FROM unnest(p_h_lines, p_villages) AS v(ln, code)
    WHERE NOT EXISTS (SELECT 1 FROM org_units o WHERE o.code = v.code AND o.level = 5
                      AND o.code LIKE ANY (p_patterns))
    UNION ALL
    SELECT x.ln, 'id_number',
           format('身份证号 %s 已登记在另一户：同一人只能登记在一户', r.masked)
    FROM zc_household_registered(p_m_ids_hmac, p_m_ids_masked) r
    JOIN unnest(p_m_lines) WITH ORDINALITY AS x(ln, i) ON x.i = r.i
    ORDER BY 1;
    IF FOUND THEN
        DELETE FROM idempotency i WHERE i.user_id = p_user_id AND i.key = p_key
          AND i.result IS NULL;
        RETURN;
    END IF;

    FOR hh IN
        SELECT h.village, h.head, h.address, h.since, h.category, h.absent, h.phone_enc,
               h.phone_hmac, m.names, m.relations, m.births, m.labour, m.health, m.ids_enc,
               m.ids_hmac, m.ids_masked, m.phones_enc, m.phones_hmac
        FROM unnest(p_villages, p_heads, p_addresses, p_since, p_categories, p_absent,
                    p_h_phones_enc, p_h_phones_hmac)
             WITH ORDINALITY AS h(village, head, address, since, category, absent, phone_enc,
                                  phone_hmac, i)
        JOIN (SELECT x.hh, array_agg(x.name ORDER BY x.ord) AS names,
                     array_agg(x.relation ORDER BY x.ord) AS relations,
                     array_agg(x.birth ORDER BY x.ord) AS births,
                     array_agg(x.labour ORDER BY x.ord) AS labour,
                     array_agg(x.health ORDER BY x.ord) AS health,
                     array_agg(x.idn_enc ORDER BY x.ord) AS ids_enc,
                     array_agg(x.idn_hmac ORDER BY x.ord) AS ids_hmac,
                     array_agg(x.idn_masked ORDER BY x.ord) AS ids_masked,
                     array_agg(x.phone_enc ORDER BY x.ord) AS phones_enc,
                     array_agg(x.phone_hmac ORDER BY x.ord) AS phones_hmac
              FROM unnest(p_m_household, p_names, p_relations, p_birth_dates, p_labour,
                          p_health, p_m_ids_enc, p_m_ids_hmac, p_m_ids_masked, p_m_phones_enc,
                          p_m_phones_hmac)
                   WITH ORDINALITY AS x(hh, name, relation, birth, labour, health, idn_enc,
                                        idn_hmac, idn_masked, phone_enc, phone_hmac, ord)
              GROUP BY x.hh) m ON m.hh = h.i
        ORDER BY h.i
    LOOP
        -- The visit duties are computed once for the whole file below, not per household.
        PERFORM set_config('zhucun.defer_duties', 'on', true);
        ids := ids || zc_household_create(hh.village, hh.head, hh.address, hh.since,
                                          hh.category, hh.absent, hh.names, hh.relations,
                                          hh.births, hh.labour, hh.health, hh.phone_enc,
                                          hh.phone_hmac, hh.ids_enc, hh.ids_hmac,
                                          hh.ids_masked, hh.phones_enc, hh.phones_hmac,
                                          p_user_id, p_actor, p_addr);
    END LOOP;
    PERFORM set_config('zhucun.defer_duties', 'off', true);
    PERFORM zc_duties_refresh(ids, (SELECT min(x) FROM unnest(p_since) AS x));
    PERFORM zc_audit_append(p_user_id, p_actor, p_addr, 'household.import', 'household:import',
                            jsonb_build_object('households', n_h, 'members', n_m));
    RETURN QUERY SELECT 0, '',
        zc_idem_store(p_user_id, p_key,
                      jsonb_build_object('r', format('households=%s members=%s', n_h, n_m)))
        ->> 'r';
END
$$;

-- ---- persons' phones: the sealed columns (0025 drops the clear one) ----

-- As the households' (0022): a ciphertext (column persons.phone) and its keyed hash, '' and ''
-- for no phone. NULL: not sealed yet (written before this migration); a row without a phone
-- needs no key and is sealed here.
ALTER TABLE persons
    ADD COLUMN phone_enc text CHECK (phone_enc ~ '^([0-9]{1,5}:[A-Za-z0-9+/]+={0,2})?$'),
    ADD COLUMN phone_hmac text CHECK (length(phone_hmac) IN (0, 44)),
    ADD CHECK ((phone_enc IS NULL) = (phone_hmac IS NULL)),
    ADD CHECK ((phone_enc = '') = (phone_hmac = ''));
UPDATE persons SET phone_enc = '', phone_hmac = '' WHERE phone = '';

DROP FUNCTION zc_user_add_person_keyed(text, text, text, boolean, bigint, text, text, text, text,
                                       bigint, text[], bigint, text, text, text);
DROP FUNCTION zc_user_add_person(text, text, text, boolean, bigint, text, text, text, text,
                                 bigint, text[], bigint, text, text);

-- Creates a person and their account with one grant (0003); the phone comes sealed
-- (p_phone_enc, p_phone_hmac), the clear column is left empty. Returns (user id, person id).
CREATE FUNCTION zc_user_add_person(p_username text, p_name text, p_phone_enc text,
                                   p_phone_hmac text, p_party boolean, p_unit bigint,
                                   p_org text, p_phc text, p_role text, p_scope text,
                                   p_grant_unit bigint, p_patterns text[], p_actor_id bigint,
                                   p_actor text, p_addr text)
RETURNS TABLE (user_id bigint, person_id bigint)
LANGUAGE plpgsql AS $$
DECLARE
    uid bigint;
    pid bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM org_units WHERE code = p_org) THEN
        RAISE EXCEPTION '区划代码 % 不存在', p_org USING ERRCODE = 'ZC005', COLUMN = 'org_code';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM org_units WHERE code = p_scope) THEN
        RAISE EXCEPTION '区划代码 % 不存在', p_scope USING ERRCODE = 'ZC005', COLUMN = 'scope_code';
    END IF;
    IF p_unit IS NOT NULL THEN
        PERFORM zc_check_unit_visible(p_unit, p_org, p_patterns, 'person.unit_id');
    END IF;
    IF p_grant_unit IS NOT NULL THEN
        PERFORM zc_check_unit_grant(p_grant_unit, p_scope, p_patterns);
    END IF;
    BEGIN
        INSERT INTO users (username, display_name, password_phc, must_change_password)
        VALUES (p_username, p_name, p_phc, true) RETURNING id INTO uid;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION '用户名 % 已存在', p_username USING ERRCODE = 'ZC006', COLUMN = 'username';
    END;
    INSERT INTO persons (name, phone_enc, phone_hmac, party_member, unit_id, org_code, user_id)
    VALUES (p_name, p_phone_enc, p_phone_hmac, p_party, p_unit, p_org, uid)
    RETURNING id INTO pid;
    INSERT INTO role_grants (user_id, role, scope_code, unit_id, granted_by)
    VALUES (uid, p_role, p_scope, p_grant_unit, p_actor_id);
    PERFORM zc_audit_append(p_actor_id, p_actor, p_addr, 'user.add', 'user:' || p_username,
                            jsonb_build_object('person', pid, 'role', p_role, 'scope', p_scope,
                                               'unit', p_unit, 'grant_unit', p_grant_unit));
    RETURN QUERY SELECT uid, pid;
END
$$;

-- 'USER_ID|PERSON_ID' is stored (0021): the first attempt returns 'USER_ID|PERSON_ID|set'.
CREATE FUNCTION zc_user_add_person_keyed(p_username text, p_name text, p_phone_enc text,
                                         p_phone_hmac text, p_party boolean, p_unit bigint,
                                         p_org text, p_phc text, p_role text, p_scope text,
                                         p_grant_unit bigint, p_patterns text[],
                                         p_actor_id bigint, p_actor text, p_addr text,
                                         p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'UserAdd');
    uid bigint;
    pid bigint;
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    SELECT a.user_id, a.person_id INTO uid, pid
    FROM zc_user_add_person(p_username, p_name, p_phone_enc, p_phone_hmac, p_party, p_unit,
                            p_org, p_phc, p_role, p_scope, p_grant_unit, p_patterns,
                            p_actor_id, p_actor, p_addr) AS a;
    RETURN (zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', uid || '|' || pid)) ->> 'r')
           || '|set';
END
$$;
