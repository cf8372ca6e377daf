-- 0023_household_sealed_reads.sql -- step 2 of 3 (docs/encryption.md): the household
-- functions find duplicates by the ID number's keyed hash and name them by the masked form,
-- never by the clear number. "One person, one household at a time" is a unique index on the
-- hash, beside the index on the clear number for the rows not converted yet (written before
-- 0022, or by a server without keys: `zhucun-server rekey` converts them); both go to the
-- hash alone when the clear columns are dropped.

CREATE UNIQUE INDEX household_members_id_number_hmac ON household_members (id_number_hmac)
    WHERE left_on IS NULL;

-- The masked forms of those of p_ids (with their hashes p_ids_hmac and masked forms
-- p_masked, element by element) already on a household, each with its index in the arrays.
-- A row matches by hash, or, not yet converted, by its clear number.
CREATE FUNCTION zc_household_registered(p_ids text[], p_ids_hmac text[], p_masked text[])
RETURNS TABLE (i bigint, masked text)
LANGUAGE sql STABLE AS $$
    SELECT x.i, x.masked
    FROM unnest(p_ids, p_ids_hmac, p_masked) WITH ORDINALITY AS x(idn, hmac, masked, i)
    WHERE EXISTS (SELECT 1 FROM household_members m
                  WHERE m.left_on IS NULL AND m.id_number_hmac = x.hmac)
       OR EXISTS (SELECT 1 FROM household_members m
                  WHERE m.left_on IS NULL AND m.id_number_hmac IS NULL AND m.id_number = x.idn)
    ORDER BY x.i
$$;

CREATE OR REPLACE FUNCTION zc_household_create(p_village text, p_head text, p_phone text,
                                               p_address text, p_since date, p_category text,
                                               p_absent boolean, p_names text[],
                                               p_relations text[], p_ids text[],
                                               p_labour text[], p_health text[],
                                               p_phones text[], p_phone_enc text,
                                               p_phone_hmac text, p_ids_enc text[],
                                               p_ids_hmac text[], p_ids_masked text[],
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
    SELECT r.masked INTO dup FROM zc_household_registered(p_ids, p_ids_hmac, p_ids_masked) r
    LIMIT 1;
    IF dup IS NOT NULL THEN
        RAISE EXCEPTION '身份证号 % 已登记在另一户', dup USING ERRCODE = 'ZC006', COLUMN = 'members';
    END IF;
    INSERT INTO households (village_code, head_name, phone, address, since, phone_enc,
                            phone_hmac)
    VALUES (p_village, p_head, p_phone, p_address, p_since, p_phone_enc, p_phone_hmac)
    RETURNING id INTO hid;
    INSERT INTO household_states (household_id, valid_from, category, absent, recorded_by)
    VALUES (hid, p_since, p_category, p_absent, p_actor_id);
    INSERT INTO household_members (household_id, name, relation, id_number, birth_date, labour,
                                   health, phone, id_number_enc, id_number_hmac,
                                   id_number_masked, phone_enc, phone_hmac)
    SELECT hid, m.name, m.relation, m.idn, to_date(substr(m.idn, 7, 8), 'YYYYMMDD'), m.labour,
           m.health, m.phone, m.idn_enc, m.idn_hmac, m.idn_masked, m.phone_enc, m.phone_hmac
    FROM unnest(p_names, p_relations, p_ids, p_labour, p_health, p_phones, p_ids_enc,
                p_ids_hmac, p_ids_masked, p_phones_enc, p_phones_hmac)
         AS m(name, relation, idn, labour, health, phone, idn_enc, idn_hmac, idn_masked,
              phone_enc, phone_hmac);
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

-- Changes the household's phone and address. A changed phone is compared by its hash (by the
-- clear value for a row not converted yet), and the audit entry says that it changed, not
-- what it became: audit rows are never rewritten, so a number written there would stay in
-- clear for good.
CREATE OR REPLACE FUNCTION zc_household_update(p_household bigint, p_patterns text[],
                                               p_set_phone boolean, p_phone text,
                                               p_phone_enc text, p_phone_hmac text,
                                               p_set_address boolean, p_address text,
                                               p_actor_id bigint, p_actor text, p_addr text)
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
    IF p_set_phone AND (CASE WHEN h.phone_hmac IS NOT NULL AND p_phone_hmac IS NOT NULL
                             THEN p_phone_hmac IS DISTINCT FROM h.phone_hmac
                             ELSE p_phone IS DISTINCT FROM h.phone END) THEN
        changed := changed || jsonb_build_object('phone', 'changed');
    END IF;
    IF p_set_address AND p_address IS DISTINCT FROM h.address THEN
        changed := changed || jsonb_build_object('address', p_address);
    END IF;
    IF changed = '{}' THEN
        RETURN;  -- nothing changes, nothing to audit
    END IF;
    UPDATE households
    SET phone = CASE WHEN p_set_phone THEN p_phone ELSE phone END,
        phone_enc = CASE WHEN p_set_phone THEN p_phone_enc ELSE phone_enc END,
        phone_hmac = CASE WHEN p_set_phone THEN p_phone_hmac ELSE phone_hmac END,
        address = CASE WHEN p_set_address THEN p_address ELSE address END,
        updated_at = now()
    WHERE id = p_household;
    PERFORM zc_audit_append(p_actor_id, p_actor, p_addr, 'household.update',
                            'household:' || p_household, changed);
END
$$;

CREATE OR REPLACE FUNCTION zc_household_member_add(p_household bigint, p_patterns text[],
                                                   p_name text, p_relation text,
                                                   p_id_number text, p_labour text,
                                                   p_health text, p_phone text, p_id_enc text,
                                                   p_id_hmac text, p_id_masked text,
                                                   p_phone_enc text, p_phone_hmac text,
                                                   p_actor_id bigint, p_actor text,
                                                   p_addr text)
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
    IF EXISTS (SELECT 1 FROM zc_household_registered(ARRAY[p_id_number], ARRAY[p_id_hmac],
                                                     ARRAY[p_id_masked])) THEN
        RAISE EXCEPTION '身份证号 % 已登记在一户：同一人只能登记在一户（先办理离开原户）',
            p_id_masked USING ERRCODE = 'ZC006', COLUMN = 'member.id_number';
    END IF;
    INSERT INTO household_members (household_id, name, relation, id_number, birth_date, labour,
                                   health, phone, id_number_enc, id_number_hmac,
                                   id_number_masked, phone_enc, phone_hmac)
    VALUES (p_household, p_name, p_relation, p_id_number,
            to_date(substr(p_id_number, 7, 8), 'YYYYMMDD'), p_labour, p_health, p_phone,
            p_id_enc, p_id_hmac, p_id_masked, p_phone_enc, p_phone_hmac)
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

-- The import finds the ID numbers already registered the same way (0022's function otherwise).
CREATE OR REPLACE FUNCTION zc_household_import(p_user_id bigint, p_key text, p_patterns text[],
                                    p_h_lines integer[], p_villages text[], p_heads text[],
                                    p_phones text[], p_addresses text[], p_since date[],
                                    p_categories text[], p_absent boolean[],
                                    p_m_household integer[], p_m_lines integer[],
                                    p_names text[], p_relations text[], p_ids text[],
                                    p_labour text[], p_health text[], p_m_phones text[],
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
    FROM zc_household_registered(p_ids, p_m_ids_hmac, p_m_ids_masked) r
    JOIN unnest(p_m_lines) WITH ORDINALITY AS x(ln, i) ON x.i = r.i
    ORDER BY 1;
    IF FOUND THEN
        DELETE FROM idempotency i WHERE i.user_id = p_user_id AND i.key = p_key
          AND i.result IS NULL;
        RETURN;
    END IF;

    FOR hh IN
        SELECT h.village, h.head, h.phone, h.address, h.since, h.category, h.absent,
               h.phone_enc, h.phone_hmac, m.names, m.relations, m.ids, m.labour, m.health,
               m.phones, m.ids_enc, m.ids_hmac, m.ids_masked, m.phones_enc, m.phones_hmac
        FROM unnest(p_villages, p_heads, p_phones, p_addresses, p_since, p_categories, p_absent,
                    p_h_phones_enc, p_h_phones_hmac)
             WITH ORDINALITY AS h(village, head, phone, address, since, category, absent,
                                  phone_enc, phone_hmac, i)
        JOIN (SELECT x.hh, array_agg(x.name ORDER BY x.ord) AS names,
                     array_agg(x.relation ORDER BY x.ord) AS relations,
                     array_agg(x.idn ORDER BY x.ord) AS ids,
                     array_agg(x.labour ORDER BY x.ord) AS labour,
                     array_agg(x.health ORDER BY x.ord) AS health,
                     array_agg(x.phone ORDER BY x.ord) AS phones,
                     array_agg(x.idn_enc ORDER BY x.ord) AS ids_enc,
                     array_agg(x.idn_hmac ORDER BY x.ord) AS ids_hmac,
                     array_agg(x.idn_masked ORDER BY x.ord) AS ids_masked,
                     array_agg(x.phone_enc ORDER BY x.ord) AS phones_enc,
                     array_agg(x.phone_hmac ORDER BY x.ord) AS phones_hmac
              FROM unnest(p_m_household, p_names, p_relations, p_ids, p_labour, p_health,
                          p_m_phones, p_m_ids_enc, p_m_ids_hmac, p_m_ids_masked,
                          p_m_phones_enc, p_m_phones_hmac)
                   WITH ORDINALITY AS x(hh, name, relation, idn, labour, health, phone, idn_enc,
                                        idn_hmac, idn_masked, phone_enc, phone_hmac, ord)
              GROUP BY x.hh) m ON m.hh = h.i
        ORDER BY h.i
    LOOP
        -- The visit duties are computed once for the whole file below, not per household.
        PERFORM set_config('zhucun.defer_duties', 'on', true);
        ids := ids || zc_household_create(hh.village, hh.head, hh.phone, hh.address, hh.since,
                                          hh.category, hh.absent, hh.names, hh.relations,
                                          hh.ids, hh.labour, hh.health, hh.phones, hh.phone_enc,
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
