-- 0017_leave_end_key.sql -- LeaveEnd takes an idempotency key (the example docs/adding-a-call.md
-- follows end to end): a cancellation or an early return (销假) retried after a lost reply is
-- answered as the first was, instead of being refused with "只能在假期开始前撤销…（当前：
-- cancelled）" although the first attempt had done what was asked.
CREATE FUNCTION zc_leave_end_keyed(p_user bigint, p_leave bigint, p_patterns text[],
                                   p_back date, p_actor text, p_addr text, p_key text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF zc_idem_claim(p_user, p_key, 'LeaveEnd') IS NOT NULL THEN
        RETURN;
    END IF;
    PERFORM zc_leave_end(p_user, p_leave, p_patterns, p_back, p_actor, p_addr);
    PERFORM zc_idem_store(p_user, p_key, jsonb_build_object('r', 'ok'));
END
$$;
