-- 0014_follow_up_key.sql -- FollowUpUpdate takes an idempotency key: a retry after a lost
-- reply is answered as the first was, instead of failing on "already resolved" or adding a
-- second history row.
CREATE FUNCTION zc_follow_up_update_keyed(p_item bigint, p_patterns text[], p_status text,
                                          p_note text, p_actor_id bigint, p_actor text,
                                          p_addr text, p_key text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF zc_idem_claim(p_actor_id, p_key, 'FollowUpUpdate') IS NOT NULL THEN
        RETURN;
    END IF;
    PERFORM zc_follow_up_update(p_item, p_patterns, p_status, p_note, p_actor_id, p_actor,
                                p_addr);
    PERFORM zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', 'ok'));
END
$$;
