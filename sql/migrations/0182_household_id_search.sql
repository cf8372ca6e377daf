-- 0182_household_id_search.sql -- HouseholdList by a full ID number (issue 24: the desk's
-- household search box). ID numbers are sealed (docs/encryption.md): the number typed is
-- found through its keyed hash (household_members.id_number_hmac, the unique index of a
-- current member). Knowing who holds an ID number is a disclosure of its own, so every such
-- search is audited (household.id_search): who asked, the number's masked form (never the
-- number or its hash), the households found (none is recorded too: a search that finds
-- nothing is still a look-up of a number). The caller's scope and the list's other filters
-- apply as to HouseholdList (server/household/store.c, store_household_list).

CREATE FUNCTION zc_household_list_by_id(p_patterns text[], p_after bigint, p_category text,
                                        p_presence integer, p_query text, p_limit integer,
                                        p_lo text, p_hi text, p_hmac text, p_user bigint,
                                        p_actor text, p_addr text, p_masked text)
RETURNS TABLE (o_id bigint, o_village_code text, o_village_name text, o_head_name text,
               o_phone_enc text, o_address text, o_since text, o_category text,
               o_absent boolean, o_members bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_found bigint[];
BEGIN
    SELECT coalesce(array_agg(f.id ORDER BY f.id), '{}') INTO v_found FROM (
        SELECT h.id FROM households h
        CROSS JOIN LATERAL zc_household_state_on(h.id, zc_today()) st
        WHERE h.village_code LIKE ANY (p_patterns) AND h.village_code >= p_lo
          AND h.village_code < p_hi AND h.id > p_after
          AND (p_category = '' OR st.category = p_category)
          AND (p_presence = 0 OR st.absent = (p_presence = 2))
          AND (p_query = '' OR h.head_name LIKE '%' || p_query || '%'
               OR EXISTS (SELECT 1 FROM household_members m WHERE m.household_id = h.id
                          AND m.left_on IS NULL AND m.name LIKE '%' || p_query || '%'))
          AND EXISTS (SELECT 1 FROM household_members m WHERE m.household_id = h.id
                      AND m.left_on IS NULL AND m.id_number_hmac = p_hmac)
        ORDER BY h.id LIMIT p_limit) f;
    PERFORM zc_audit_append(p_user, p_actor, p_addr, 'household.id_search',
                            'id_number:' || p_masked,
                            jsonb_build_object('households', to_jsonb(v_found)));
    RETURN QUERY
    SELECT h.id, h.village_code::text, o.name::text, h.head_name::text, h.phone_enc::text,
           h.address::text, h.since::text, st.category, st.absent,
           (SELECT count(*) FROM household_members m
            WHERE m.household_id = h.id AND m.left_on IS NULL)
    FROM households h JOIN org_units o ON o.code = h.village_code
    CROSS JOIN LATERAL zc_household_state_on(h.id, zc_today()) st
    WHERE h.id = ANY (v_found)
    ORDER BY h.id;
END;
$$;
