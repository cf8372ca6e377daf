-- 0013_household_create_key.sql -- HouseholdCreate takes an idempotency key: a retry after a
-- lost reply gets the household made the first time instead of a second one (or a
-- "registered in another household" error for its own members).
CREATE FUNCTION zc_household_create_keyed(p_village text, p_head text, p_phone text,
                                          p_address text, p_since date, p_category text,
                                          p_absent boolean, p_names text[], p_relations text[],
                                          p_ids text[], p_labour text[], p_health text[],
                                          p_phones text[], p_actor_id bigint, p_actor text,
                                          p_addr text, p_key text)
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
    hid := zc_household_create(p_village, p_head, p_phone, p_address, p_since, p_category,
                               p_absent, p_names, p_relations, p_ids, p_labour, p_health,
                               p_phones, p_actor_id, p_actor, p_addr);
    PERFORM zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', hid::text));
    RETURN hid;
END
$$;
