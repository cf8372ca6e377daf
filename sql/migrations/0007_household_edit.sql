-- 0007_household_edit.sql -- keeping the household register (SPEC H1): bulk import from CSV
-- (docs/household-import.md), the household's phone and address, members joining and
-- leaving (the row stays, as history, with the day and the reason).

ALTER TABLE household_members
    ADD COLUMN left_reason text CHECK (left_reason IN ('moved_out', 'deceased', 'married_out')),
    ADD CHECK (left_reason IS NULL OR left_on IS NOT NULL);

-- One head at a time: a new head comes in only as the old one leaves.
CREATE UNIQUE INDEX household_members_one_head ON household_members (household_id)
    WHERE relation = 'head' AND left_on IS NULL;

-- Changes the household's phone and address (each only when its flag is set).
CREATE FUNCTION zc_household_update(p_household bigint, p_patterns text[], p_set_phone boolean,
                                    p_phone text, p_set_address boolean, p_address text,
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
    IF p_set_phone AND p_phone IS DISTINCT FROM h.phone THEN
        changed := changed || jsonb_build_object('phone', p_phone);
    END IF;
    IF p_set_address AND p_address IS DISTINCT FROM h.address THEN
        changed := changed || jsonb_build_object('address', p_address);
    END IF;
    IF changed = '{}' THEN
        RETURN;  -- nothing changes, nothing to audit
    END IF;
    UPDATE households
    SET phone = CASE WHEN p_set_phone THEN p_phone ELSE phone END,
        address = CASE WHEN p_set_address THEN p_address ELSE address END,
        updated_at = now()
    WHERE id = p_household;
    PERFORM zc_audit_append(p_actor_id, p_actor, p_addr, 'household.update',
                            'household:' || p_household, changed);
END
$$;

-- Adds a member (not a head) to a household; returns the member's id.
CREATE FUNCTION zc_household_member_add(p_household bigint, p_patterns text[], p_name text,
                                        p_relation text, p_id_number text, p_labour text,
                                        p_health text, p_phone text, p_actor_id bigint,
                                        p_actor text, p_addr text)
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
    IF EXISTS (SELECT 1 FROM household_members m
               WHERE m.id_number = p_id_number AND m.left_on IS NULL) THEN
        RAISE EXCEPTION '身份证号 %…% 已登记在一户：同一人只能登记在一户（先办理离开原户）',
            substr(p_id_number, 1, 6), substr(p_id_number, 15)
            USING ERRCODE = 'ZC006', COLUMN = 'member.id_number';
    END IF;
    INSERT INTO household_members (household_id, name, relation, id_number, birth_date, labour,
                                   health, phone)
    VALUES (p_household, p_name, p_relation, p_id_number,
            to_date(substr(p_id_number, 7, 8), 'YYYYMMDD'), p_labour, p_health, p_phone)
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

-- A member leaves on p_on for p_reason; the row stays with left_on and left_reason. The head
-- leaves only by naming p_new_head, a present member of the household, who becomes the head
-- (the household's head_name follows).
CREATE FUNCTION zc_household_member_leave(p_household bigint, p_patterns text[], p_member bigint,
                                          p_on date, p_reason text, p_new_head bigint,
                                          p_actor_id bigint, p_actor text, p_addr text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    h households;
    m household_members;
    nh household_members;
BEGIN
    SELECT * INTO h FROM households WHERE id = p_household AND village_code LIKE ANY (p_patterns)
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION '农户不存在或不在您的管辖范围内' USING ERRCODE = 'ZC005',
            COLUMN = 'household_id';
    END IF;
    SELECT * INTO m FROM household_members WHERE id = p_member AND household_id = p_household;
    IF NOT FOUND THEN
        RAISE EXCEPTION '本户没有这名成员' USING ERRCODE = 'ZC005', COLUMN = 'member_id';
    END IF;
    IF m.left_on IS NOT NULL THEN
        RAISE EXCEPTION '该成员已于 % 离开本户', m.left_on USING ERRCODE = 'ZC009',
            COLUMN = 'member_id';
    END IF;
    IF p_on < h.since OR p_on < m.birth_date THEN
        RAISE EXCEPTION '离开日期不能早于该户登记日期 % 或该成员出生日期', h.since
            USING ERRCODE = 'ZC003', COLUMN = 'left_on';
    END IF;
    IF m.relation = 'head' THEN
        IF p_new_head IS NULL THEN
            IF NOT EXISTS (SELECT 1 FROM household_members o WHERE o.household_id = p_household
                           AND o.left_on IS NULL AND o.id <> p_member) THEN
                RAISE EXCEPTION '户主是本户唯一在册成员，不能办理离开' USING ERRCODE = 'ZC009',
                    COLUMN = 'member_id';
            END IF;
            RAISE EXCEPTION '户主离开须同时指定新户主（本户其他在册成员）' USING ERRCODE = 'ZC009',
                COLUMN = 'new_head_id';
        END IF;
        SELECT * INTO nh FROM household_members
        WHERE id = p_new_head AND household_id = p_household AND left_on IS NULL
          AND id <> p_member;
        IF NOT FOUND THEN
            RAISE EXCEPTION '新户主须是本户其他在册成员' USING ERRCODE = 'ZC003',
                COLUMN = 'new_head_id';
        END IF;
    ELSIF p_new_head IS NOT NULL THEN
        RAISE EXCEPTION '只有户主离开时才指定新户主' USING ERRCODE = 'ZC003',
            COLUMN = 'new_head_id';
    END IF;
    -- The old head leaves before the new one takes over (one head at a time).
    UPDATE household_members SET left_on = p_on, left_reason = p_reason WHERE id = p_member;
    IF nh.id IS NOT NULL THEN
        UPDATE household_members SET relation = 'head' WHERE id = nh.id;
        UPDATE households SET head_name = nh.name, updated_at = now() WHERE id = p_household;
    ELSE
        UPDATE households SET updated_at = now() WHERE id = p_household;
    END IF;
    PERFORM zc_audit_append(p_actor_id, p_actor, p_addr, 'household.member_leave',
                            'household:' || p_household,
                            jsonb_build_object('member', p_member, 'on', p_on, 'reason', p_reason)
                            || CASE WHEN nh.id IS NULL THEN '{}'::jsonb
                                    ELSE jsonb_build_object('new_head', nh.id,
                                                            'new_head_was', nh.relation) END);
END
$$;

-- Imports households checked row by row in C (docs/household-import.md): one element per
-- household in p_h_*, one per member in p_m_* (p_m_household: the 1-based household).
-- Returns (line, field, message) for each row the database rejects (a village that does not
-- exist or lies outside p_patterns, an ID number already on a household) and writes nothing;
-- else one row (0, '', 'households=N members=M'). Households are made by zc_household_create,
-- so an import does everything a single create does. With an idempotency key a retry gets
-- the first result; a rejected file leaves the key unused.
CREATE FUNCTION zc_household_import(p_user_id bigint, p_key text, p_patterns text[],
                                    p_h_lines integer[], p_villages text[], p_heads text[],
                                    p_phones text[], p_addresses text[], p_since date[],
                                    p_categories text[], p_absent boolean[],
                                    p_m_household integer[], p_m_lines integer[],
                                    p_names text[], p_relations text[], p_ids text[],
                                    p_labour text[], p_health text[], p_m_phones text[],
                                    p_actor text, p_addr text)
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
           format('身份证号 %s…%s 已登记在另一户：同一人只能登记在一户', substr(x.idn, 1, 6),
                  substr(x.idn, 15))
    FROM unnest(p_m_lines, p_ids) AS x(ln, idn)
    WHERE EXISTS (SELECT 1 FROM household_members hm
                  WHERE hm.id_number = x.idn AND hm.left_on IS NULL)
    ORDER BY 1;
    IF FOUND THEN
        DELETE FROM idempotency i WHERE i.user_id = p_user_id AND i.key = p_key
          AND i.result IS NULL;
        RETURN;
    END IF;

    FOR hh IN
        SELECT h.village, h.head, h.phone, h.address, h.since, h.category, h.absent, m.names,
               m.relations, m.ids, m.labour, m.health, m.phones
        FROM unnest(p_villages, p_heads, p_phones, p_addresses, p_since, p_categories, p_absent)
             WITH ORDINALITY AS h(village, head, phone, address, since, category, absent, i)
        JOIN (SELECT x.hh, array_agg(x.name ORDER BY x.ord) AS names,
                     array_agg(x.relation ORDER BY x.ord) AS relations,
                     array_agg(x.idn ORDER BY x.ord) AS ids,
                     array_agg(x.labour ORDER BY x.ord) AS labour,
                     array_agg(x.health ORDER BY x.ord) AS health,
                     array_agg(x.phone ORDER BY x.ord) AS phones
              FROM unnest(p_m_household, p_names, p_relations, p_ids, p_labour, p_health,
                          p_m_phones)
                   WITH ORDINALITY AS x(hh, name, relation, idn, labour, health, phone, ord)
              GROUP BY x.hh) m ON m.hh = h.i
        ORDER BY h.i
    LOOP
        -- The visit duties are computed once for the whole file below, not per household.
        PERFORM set_config('zhucun.defer_duties', 'on', true);
        ids := ids || zc_household_create(hh.village, hh.head, hh.phone, hh.address, hh.since,
                                          hh.category, hh.absent, hh.names, hh.relations,
                                          hh.ids, hh.labour, hh.health, hh.phones, p_user_id,
                                          p_actor, p_addr);
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
