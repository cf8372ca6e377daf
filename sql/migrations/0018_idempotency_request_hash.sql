-- 0018_idempotency_request_hash.sql -- an idempotency key is bound to its request: the key
-- is stored with the SHA-256 of the request's body (the body message as protobuf-c packs it,
-- computed by the server's dispatch), and a key presented again with another body is refused
-- (FAILED_PRECONDITION naming idempotency_key) instead of being answered with the first
-- result while nothing of the new request is written (issue 13).
--
-- How the hash reaches the claim: every keyed statement passes its key through
-- zc_idem_bind(key, hash), as the argument of the keyed SQL function. An argument is
-- evaluated before the function runs, so the hash is set (for this transaction only) before
-- the function's zc_idem_claim reads it; no keyed function's signature changes, and a keyed
-- function cannot receive its key without the hash being bound first.
ALTER TABLE idempotency ADD COLUMN request_hash bytea CHECK (length(request_hash) = 32);
COMMENT ON COLUMN idempotency.request_hash IS
    'SHA-256 of the first request''s packed body; NULL for rows older than 0018, or a call '
    'whose statement does not bind it';

-- The key, after binding the request's hash (hex, '' for none) to the transaction.
CREATE FUNCTION zc_idem_bind(p_key text, p_hash text) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM set_config('zhucun.request_hash', coalesce(p_hash, ''), true);
    RETURN p_key;
END
$$;

-- As in 0001_foundation.sql, and the request's hash (zc_idem_bind) stored with a new key and
-- compared with a stored one: a different request under the same key is refused. A concurrent
-- first request still makes this wait for it to commit, then compare.
CREATE OR REPLACE FUNCTION zc_idem_claim(p_user_id bigint, p_key text, p_call text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    prev idempotency;
    h bytea := decode(nullif(current_setting('zhucun.request_hash', true), ''), 'hex');
BEGIN
    IF p_key IS NULL OR p_key = '' THEN
        RETURN NULL;
    END IF;
    INSERT INTO idempotency (user_id, key, call, request_hash)
    VALUES (p_user_id, p_key, p_call, h)
    ON CONFLICT DO NOTHING;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    SELECT * INTO prev FROM idempotency WHERE user_id = p_user_id AND key = p_key;
    IF prev.call <> p_call THEN
        RAISE EXCEPTION '幂等键已用于另一种操作（%）', prev.call
            USING ERRCODE = 'ZC003', COLUMN = 'idempotency_key';
    END IF;
    IF prev.request_hash <> h THEN
        RAISE EXCEPTION '幂等键已用于内容不同的请求：重试须发送与首次完全相同的请求，新的操作请用新的键'
            USING ERRCODE = 'ZC009', COLUMN = 'idempotency_key';
    END IF;
    RETURN prev.result;
END
$$;
