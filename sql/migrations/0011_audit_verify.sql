-- 0011_audit_verify.sql -- verifying the hash-chained audit trail (SPEC X2): one function
-- computes a row's hash, and both zc_audit_append and the walk zc_audit_verify use it
-- (docs/audit.md).
--
-- A row's hash is sha256(prev_hash || UTF-8 of zc_audit_canonical(row)), as 0001 has always
-- computed it; nothing here changes a stored hash.

-- Same body as in 0001; STABLE rather than IMMUTABLE, which is also the truth (concat_ws and
-- to_char are stable), so that the planner can inline it: the walk recomputes ~3x faster.
CREATE OR REPLACE FUNCTION zc_audit_canonical(a audit) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT concat_ws(E'\x1f', a.seq::text,
                     to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                     coalesce(a.actor_id::text, ''), a.actor, a.client_addr, a.action, a.object,
                     a.detail::text)
$$;

-- The hash a row must carry, given its prev_hash. The only place the chain's hash is spelt.
CREATE FUNCTION zc_audit_hash(a audit) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT sha256(a.prev_hash || convert_to(zc_audit_canonical(a), 'UTF8'))
$$;

CREATE OR REPLACE FUNCTION zc_audit_append(p_actor_id bigint, p_actor text, p_addr text,
                                           p_action text, p_object text, p_detail jsonb)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    r audit;
BEGIN
    -- One writer at a time until commit, so seq order is chain order (and commit order).
    PERFORM pg_advisory_xact_lock(724300001);
    SELECT a.hash INTO r.prev_hash FROM audit a ORDER BY a.seq DESC LIMIT 1;
    r.prev_hash := coalesce(r.prev_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
    r.seq := nextval('audit_seq');
    r.at := date_trunc('microseconds', clock_timestamp());
    r.actor_id := p_actor_id;
    r.actor := p_actor;
    r.client_addr := coalesce(p_addr, '');
    r.action := p_action;
    r.object := p_object;
    r.detail := coalesce(p_detail, '{}');
    r.hash := zc_audit_hash(r);
    -- Named columns: columns added later (0010's chg) take their defaults.
    INSERT INTO audit (seq, at, actor_id, actor, client_addr, action, object, detail, prev_hash,
                       hash)
    VALUES (r.seq, r.at, r.actor_id, r.actor, r.client_addr, r.action, r.object, r.detail,
            r.prev_hash, r.hash);
    RETURN r.seq;
END
$$;

-- --from TIME finds its starting row through this index (an audit log is read by time too).
CREATE INDEX audit_at ON audit (at);

-- Walks the chain in seq order and stops at the first broken link, after p_limit rows, or
-- once p_budget has passed (checked every 4096 rows), whichever comes first.
--
-- Where it starts:
--   p_after > 0      after row p_after, expecting p_prev as the next row's prev_hash (NULL:
--                    the stored hash of row p_after; ZC005 when that row does not exist);
--   p_from not NULL  at the earliest row at or after p_from, trusting its stored prev_hash
--                    (trusted_start is then true);
--   otherwise        at the first row, whose prev_hash must be 32 zero bytes.
--
-- A row is broken when its prev_hash is not the hash of the row before it (that row is
-- missing, or its hash was rewritten) -- problem 'prev_hash' -- or when its stored hash is not
-- zc_audit_hash of its content -- problem 'hash'. seq comes from a sequence, so gaps are
-- normal (an audited transaction that rolled back used a number); completeness is proven by
-- the prev_hash links, never by the numbers.
--
-- One query, one snapshot: rows appended meanwhile are not seen, and since appends commit in
-- seq order (the advisory lock above) the rows seen are always a prefix of the chain. Returns
-- one row; done is true when the end of the trail was reached.
CREATE FUNCTION zc_audit_verify(p_after bigint, p_prev bytea, p_from timestamptz,
                                p_limit bigint, p_budget interval)
RETURNS TABLE (checked bigint, first_seq bigint, first_at timestamptz, trusted_start boolean,
               last_seq bigint, last_at timestamptz, last_hash bytea, done boolean,
               bad_seq bigint, bad_at timestamptz, bad_action text, problem text,
               prev_seq bigint)
LANGUAGE plpgsql STABLE
-- A walk of millions of rows looks costly enough to the planner to JIT-compile, which took
-- ~1 s and made the walk 40% slower; there is nothing for JIT to win in a row loop.
SET jit = off
AS $$
DECLARE
    x record;
    v_after bigint := coalesce(p_after, 0);
    v_prev bytea := p_prev;
    v_deadline timestamptz := clock_timestamp() + coalesce(p_budget, interval '1 hour');
BEGIN
    IF p_limit IS NULL OR p_limit < 1 THEN
        RAISE EXCEPTION '每次校验的行数必须为正数' USING ERRCODE = 'ZC003', COLUMN = 'limit';
    END IF;
    IF v_prev IS NOT NULL AND length(v_prev) <> 32 THEN
        RAISE EXCEPTION '续接的哈希必须为 32 字节' USING ERRCODE = 'ZC003', COLUMN = 'after_hash';
    END IF;
    checked := 0;
    trusted_start := false;
    done := false;
    IF v_after > 0 THEN
        IF v_prev IS NULL THEN
            SELECT a.hash INTO v_prev FROM audit a WHERE a.seq = v_after;
            IF NOT FOUND THEN
                RAISE EXCEPTION '审计记录 % 不存在', v_after USING ERRCODE = 'ZC005',
                    COLUMN = 'after_seq';
            END IF;
        END IF;
        prev_seq := v_after;
    ELSIF p_from IS NOT NULL THEN
        SELECT a.seq - 1, a.prev_hash INTO v_after, v_prev
          FROM audit a WHERE a.at >= p_from ORDER BY a.at, a.seq LIMIT 1;
        IF NOT FOUND THEN
            done := true;
            RETURN NEXT;
            RETURN;
        END IF;
        trusted_start := true;
    ELSE
        v_prev := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    END IF;

    FOR x IN SELECT a.seq, a.at, a.action, a.prev_hash, a.hash, zc_audit_hash(a) AS want
               FROM audit a WHERE a.seq > v_after ORDER BY a.seq LIMIT p_limit
    LOOP
        IF first_seq IS NULL THEN
            first_seq := x.seq;
            first_at := x.at;
        END IF;
        IF x.prev_hash <> v_prev THEN
            problem := 'prev_hash';
        ELSIF x.hash <> x.want THEN
            problem := 'hash';
        END IF;
        IF problem IS NOT NULL THEN
            bad_seq := x.seq;
            bad_at := x.at;
            bad_action := x.action;
            RETURN NEXT;
            RETURN;
        END IF;
        checked := checked + 1;
        prev_seq := x.seq;
        last_seq := x.seq;
        last_at := x.at;
        last_hash := x.hash;
        v_prev := x.hash;
        IF checked % 4096 = 0 AND clock_timestamp() > v_deadline THEN
            RETURN NEXT;
            RETURN;
        END IF;
    END LOOP;
    done := checked < p_limit;
    RETURN NEXT;
END
$$;
