-- 0035_audit_sealer.sql -- the audit chain without one lock for every writer (issue 18, item
-- 2; docs/audit.md).
--
-- Until now zc_audit_append took the advisory lock 724300001 until commit and computed the
-- row's hash from the row before it, so every audited write in the province queued behind the
-- one before. Now a writer only inserts its row, unsealed (prev_hash and hash NULL), with seq
-- from audit_seq; one sealer at a time (zc_audit_seal, under the advisory lock 724300002, run
-- by every server every 200 ms and by `zhucun-server audit-seal`) walks the committed rows
-- after the chain's head in seq order and sets prev_hash and hash exactly as before
-- (zc_audit_hash: nothing about the hash changes, and rows sealed before stay as they are).
--
-- The hole problem. seq order is chain order, so the sealer must never pass a number that may
-- still commit: a transaction takes its number, then commits later than writers that took
-- higher ones, and a transaction that rolls back leaves its number unused for ever. At a
-- missing number the sealer claims it: it inserts a sealed row of its own for that number
-- (action 'audit.gap') with INSERT ... ON CONFLICT DO NOTHING. The primary key decides:
--   - the writer's row is in the index, uncommitted: the insert waits for that transaction
--     (at most the function's lock_timeout, then the round ends there and the next one tries
--     again); committed, it wins and is sealed next; rolled back, the gap row goes in;
--   - the writer's row is committed (after the sealer's snapshot): nothing is inserted, the
--     sealer reads again;
--   - the writer took the number but its row has not reached the index yet (between nextval
--     and the insert): the gap row goes in and the writer's insert, which also says ON
--     CONFLICT DO NOTHING, finds it and takes another number (zc_audit_append loops).
-- So every number up to the head is either a write or a gap row, and no committed write can be
-- left below the head, unsealable. Nothing waits on anything but the one transaction that
-- holds the number in question.

-- Rows are appended unsealed; a sealed row has both hashes (the length checks of 0001 stay).
ALTER TABLE audit ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL;
ALTER TABLE audit ADD CONSTRAINT audit_sealed_whole CHECK ((prev_hash IS NULL) = (hash IS NULL));

-- The sealer's place: every row at or below head_seq is sealed (or is a gap row). One row. The
-- hash the next row links to is read from that audit row itself, never kept here; a head that
-- does not lead to a sealed row stops the sealer with an error (the damage is for
-- audit-verify to name). 0 before the first row, whose prev_hash is 32 zero bytes.
CREATE TABLE audit_seal_state (
    one       boolean PRIMARY KEY DEFAULT true CHECK (one),
    head_seq  bigint NOT NULL,
    sealed_at timestamptz NOT NULL
);
INSERT INTO audit_seal_state (head_seq, sealed_at)
SELECT coalesce(max(seq), 0), now() FROM audit;
GRANT SELECT ON audit_seal_state TO zhucun_app;

-- Only zc_audit_append inserts (as the owner): a writer cannot choose its seq or its time, nor
-- insert a row already sealed. The server's role keeps SELECT.
REVOKE INSERT ON audit FROM zhucun_app;

CREATE OR REPLACE FUNCTION zc_audit_append(p_actor_id bigint, p_actor text, p_addr text,
                                           p_action text, p_object text, p_detail jsonb)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_seq bigint;
BEGIN
    -- No lock, no read of the chain: the row goes in unsealed. ON CONFLICT: the sealer may
    -- have claimed the number as a gap between nextval and this insert; take another.
    LOOP
        INSERT INTO audit (seq, at, actor_id, actor, client_addr, action, object, detail)
        VALUES (nextval('audit_seq'), date_trunc('microseconds', clock_timestamp()), p_actor_id,
                p_actor, coalesce(p_addr, ''), p_action, p_object, coalesce(p_detail, '{}'))
        ON CONFLICT (seq) DO NOTHING
        RETURNING seq INTO v_seq;
        IF v_seq IS NOT NULL THEN
            RETURN v_seq;
        END IF;
    END LOOP;
END
$$;
REVOKE EXECUTE ON FUNCTION zc_audit_append(bigint, text, text, text, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION zc_audit_append(bigint, text, text, text, text, jsonb) TO zhucun_app;

-- Append-only still, for everyone: the one update allowed is the seal itself, an unsealed row
-- getting its prev_hash and hash (and a new chg, so that exports take the sealed version) with
-- nothing else changed. Only the owner may update at all (zc_audit_seal runs as it). The test
-- is the trigger's WHEN, so that a seal calls no function per row; anything else reaches
-- zc_audit_immutable (0001), which refuses.
DROP TRIGGER audit_no_update ON audit;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION zc_audit_immutable();
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    FOR EACH ROW WHEN ((OLD.hash IS NULL AND NEW.hash IS NOT NULL
                        AND NEW.seq = OLD.seq AND NEW.at = OLD.at
                        AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
                        AND NEW.actor = OLD.actor AND NEW.client_addr = OLD.client_addr
                        AND NEW.action = OLD.action AND NEW.object = OLD.object
                        AND NEW.detail = OLD.detail) IS NOT TRUE)
    EXECUTE FUNCTION zc_audit_immutable();

-- One sealing round: seals at most p_max rows (gap rows included) after the head, in seq
-- order, up to the last row committed when it starts, in this transaction. Returns what it
-- did; busy when another sealer held the lock (then nothing was done) -- at once, or with
-- p_wait after waiting up to 2 s for it. A number held by a transaction still running stops
-- the round at it once lock_timeout has passed: the rows after it wait for the next round.
CREATE FUNCTION zc_audit_seal(p_max integer, p_wait boolean DEFAULT false)
RETURNS TABLE (sealed integer, gaps integer, head_seq bigint, busy boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
-- How long a round waits for the one transaction that holds the next number.
SET lock_timeout = '200ms'
AS $$
DECLARE
    x audit;
    g audit;
    v_seq bigint;
    v_hash bytea;
    v_claimed bigint;
    v_conflict bigint := 0;
    v_again boolean;
    v_top bigint;
    -- The rows sealed, written in one UPDATE at the end of the round.
    u_seq bigint[] := '{}';
    u_prev bytea[] := '{}';
    u_hash bytea[] := '{}';
BEGIN
    sealed := 0;
    gaps := 0;
    busy := false;
    IF p_wait THEN
        -- Local to the transaction, and undone when the function returns (its SET clause).
        PERFORM set_config('lock_timeout', '2s', true);
        BEGIN
            PERFORM pg_advisory_xact_lock(724300002);
        EXCEPTION WHEN lock_not_available THEN
            busy := true;
        END;
        PERFORM set_config('lock_timeout', '200ms', true);
    ELSE
        busy := NOT pg_try_advisory_xact_lock(724300002);
    END IF;
    IF busy THEN
        RETURN NEXT;
        RETURN;
    END IF;
    SELECT s.head_seq INTO v_seq FROM audit_seal_state s;
    IF v_seq = 0 THEN
        v_hash := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    ELSE
        SELECT a.hash INTO v_hash FROM audit a WHERE a.seq = v_seq;
        IF v_hash IS NULL THEN
            RAISE EXCEPTION 'the audit chain''s head (seq %) is missing or unsealed: '
                            'run audit-verify', v_seq USING ERRCODE = 'ZC007';
        END IF;
    END IF;
    -- The round goes as far as the last row committed now, and no further: chasing writers
    -- that keep appending would keep it (and what it sealed, uncommitted) open for ever.
    SELECT max(a.seq) INTO v_top FROM audit a;
    <<rounds>>
    LOOP
        v_again := false;
        -- Each statement of this (volatile) function reads a fresh snapshot: a pass after a
        -- conflict sees the row that caused it.
        FOR x IN SELECT * FROM audit a WHERE a.seq > v_seq AND a.seq <= v_top ORDER BY a.seq
                  LIMIT p_max - sealed - gaps
        LOOP
            -- Numbers between the head and this row: claim each, in order.
            WHILE x.seq > v_seq + 1 LOOP
                IF sealed + gaps >= p_max THEN
                    EXIT rounds;
                END IF;
                g := NULL;
                g.seq := v_seq + 1;
                g.at := date_trunc('microseconds', clock_timestamp());
                g.actor := 'zhucun-server';
                g.client_addr := '';
                g.action := 'audit.gap';
                g.object := 'seq:' || g.seq;
                g.detail := '{}';
                g.prev_hash := v_hash;
                g.hash := zc_audit_hash(g);
                v_claimed := NULL;
                BEGIN
                    INSERT INTO audit (seq, at, actor_id, actor, client_addr, action, object,
                                       detail, prev_hash, hash)
                    VALUES (g.seq, g.at, NULL, g.actor, g.client_addr, g.action, g.object,
                            g.detail, g.prev_hash, g.hash)
                    ON CONFLICT (seq) DO NOTHING
                    RETURNING seq INTO v_claimed;
                EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
                    -- Still running: its number stops this round.
                    EXIT rounds;
                END;
                IF v_claimed IS NULL THEN
                    -- Committed after this pass began. Read again -- once: a snapshot that
                    -- does not move (REPEATABLE READ) would see the same gap for ever.
                    IF v_conflict = g.seq THEN
                        EXIT rounds;
                    END IF;
                    v_conflict := g.seq;
                    v_again := true;
                    EXIT;
                END IF;
                v_seq := g.seq;
                v_hash := g.hash;
                gaps := gaps + 1;
            END LOOP;
            IF v_again THEN
                EXIT;
            END IF;
            IF x.hash IS NOT NULL THEN
                RAISE EXCEPTION 'audit row % after the head (seq %) is already sealed: '
                                'run audit-verify', x.seq, v_seq USING ERRCODE = 'ZC007';
            END IF;
            x.prev_hash := v_hash;
            x.hash := zc_audit_hash(x);
            u_seq := u_seq || x.seq;
            u_prev := u_prev || x.prev_hash;
            u_hash := u_hash || x.hash;
            v_seq := x.seq;
            v_hash := x.hash;
            sealed := sealed + 1;
        END LOOP;
        EXIT WHEN NOT v_again;
    END LOOP;
    -- One statement for the round's rows (per row, the statement cost more than the seal).
    -- A pass re-read after a conflict starts past them, so none is read twice.
    IF sealed > 0 THEN
        UPDATE audit a SET prev_hash = u.p, hash = u.h, chg = pg_current_xact_id()
          FROM unnest(u_seq, u_prev, u_hash) AS u(s, p, h)
         WHERE a.seq = u.s;
    END IF;
    IF sealed + gaps > 0 THEN
        UPDATE audit_seal_state SET head_seq = v_seq, sealed_at = clock_timestamp();
    END IF;
    head_seq := v_seq;
    RETURN NEXT;
END
$$;

-- How far sealing lags: the committed rows after the head, and when the oldest was written.
CREATE FUNCTION zc_audit_lag()
RETURNS TABLE (head_seq bigint, unsealed bigint, oldest timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT s.head_seq, count(a.seq), min(a.at)
      FROM audit_seal_state s LEFT JOIN audit a ON a.seq > s.head_seq
     GROUP BY s.head_seq
$$;

-- The walk of 0011, over the sealed rows: the chain ends at the first unsealed row, and when
-- the walk gets there it says how far sealing lags (unsealed: the committed rows after the
-- sealer's head; unsealed_oldest: when the oldest of them was written). An unsealed row with a
-- sealed one after it cannot come from the sealer, which seals in order and claims every
-- number it passes: its hashes were removed (problem 'unsealed'). A chain that ends before the
-- sealer's head lost rows at its end (problem 'head', bad_seq the head, prev_seq the last row
-- found): the newest rows are no longer beyond notice, unless the state row was rewound too.
-- Otherwise as 0011; one snapshot throughout (a STABLE function's statements share the
-- caller's), so the rows seen sealed are always a prefix of the chain, and the head agrees.
DROP FUNCTION zc_audit_verify(bigint, bytea, timestamptz, bigint, interval);
CREATE FUNCTION zc_audit_verify(p_after bigint, p_prev bytea, p_from timestamptz,
                                p_limit bigint, p_budget interval)
RETURNS TABLE (checked bigint, first_seq bigint, first_at timestamptz, trusted_start boolean,
               last_seq bigint, last_at timestamptz, last_hash bytea, done boolean,
               bad_seq bigint, bad_at timestamptz, bad_action text, problem text,
               prev_seq bigint, unsealed bigint, unsealed_oldest timestamptz)
LANGUAGE plpgsql STABLE
-- As 0011: nothing for JIT to win in a row loop.
SET jit = off
AS $$
DECLARE
    x record;
    v_after bigint := coalesce(p_after, 0);
    v_prev bytea := p_prev;
    v_deadline timestamptz := clock_timestamp() + coalesce(p_budget, interval '1 hour');
    v_head bigint;
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
    unsealed := 0;
    IF v_after > 0 THEN
        IF v_prev IS NULL THEN
            SELECT a.hash INTO v_prev FROM audit a WHERE a.seq = v_after;
            IF v_prev IS NULL THEN
                RAISE EXCEPTION '审计记录 % 不存在或尚未封存', v_after USING ERRCODE = 'ZC005',
                    COLUMN = 'after_seq';
            END IF;
        END IF;
        prev_seq := v_after;
    ELSIF p_from IS NOT NULL THEN
        SELECT a.seq - 1, a.prev_hash INTO v_after, v_prev
          FROM audit a WHERE a.at >= p_from AND a.hash IS NOT NULL ORDER BY a.at, a.seq LIMIT 1;
        IF NOT FOUND THEN
            done := true;
        ELSE
            trusted_start := true;
        END IF;
    ELSE
        v_prev := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    END IF;

    IF NOT done THEN
        FOR x IN SELECT a.seq, a.at, a.action, a.prev_hash, a.hash, zc_audit_hash(a) AS want
                   FROM audit a WHERE a.seq > v_after ORDER BY a.seq LIMIT p_limit
        LOOP
            IF x.hash IS NULL THEN
                -- The end of the sealed chain, unless a sealed row follows.
                IF EXISTS (SELECT 1 FROM audit b WHERE b.seq > x.seq AND b.hash IS NOT NULL) THEN
                    problem := 'unsealed';
                ELSE
                    done := true;
                    EXIT;
                END IF;
            ELSIF x.prev_hash <> v_prev THEN
                problem := 'prev_hash';
            ELSIF x.hash <> x.want THEN
                problem := 'hash';
            END IF;
            IF first_seq IS NULL THEN
                first_seq := x.seq;
                first_at := x.at;
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
        done := done OR checked < p_limit;
    END IF;
    IF done THEN
        -- The sealer's head is the last sealed row; a chain that ends before it lost its end.
        SELECT s.head_seq INTO v_head FROM audit_seal_state s;
        IF (checked > 0 OR v_after > 0) AND coalesce(last_seq, v_after) < v_head THEN
            problem := 'head';
            bad_seq := v_head;
            prev_seq := coalesce(last_seq, v_after);
            RETURN NEXT;
            RETURN;
        END IF;
        SELECT l.unsealed, l.oldest INTO unsealed, unsealed_oldest FROM zc_audit_lag() l;
    END IF;
    RETURN NEXT;
END
$$;

-- What a walk from the start runs first, in a transaction of its own (AuditVerify and
-- `zhucun-server audit-verify`, before zc_audit_verify): seals what has committed, waiting up
-- to 2 s for a sealer at work to finish its round, so that the walk covers every write made
-- before it was asked for. Its own transaction, so that the sealer's lock is not held while
-- the walk reads. A chain the sealer refuses to extend (ZC007: its head is damaged) is left
-- for the walk to name: -1 then, rather than a failed walk. Returns the rows sealed.
CREATE FUNCTION zc_audit_seal_first() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    SELECT s.sealed + s.gaps INTO n FROM zc_audit_seal(10000, true) s;
    RETURN n;
EXCEPTION WHEN SQLSTATE 'ZC007' THEN
    RETURN -1;
END
$$;

-- The export of the audit kind (0010) takes sealed rows only: a row comes once, sealed, in the
-- pull whose snapshot first sees its seal (the seal gives it the sealer's chg). Otherwise as
-- 0010 made it.
CREATE OR REPLACE FUNCTION zc_export_audit(p_lo text, p_hi text, p_prev pg_snapshot,
                                           p_target pg_snapshot, p_chg xid8, p_key bigint,
                                           p_limit integer)
RETURNS SETOF audit
LANGUAGE plpgsql STABLE SET enable_sort = off SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    RETURN QUERY SELECT t.* FROM audit t
    WHERE '140000000000'::text COLLATE "C" >= p_lo AND '140000000000'::text COLLATE "C" < p_hi
      AND pg_visible_in_snapshot(t.chg, p_target)
      AND (p_prev IS NULL OR (t.chg >= pg_snapshot_xmin(p_prev)
                              AND NOT pg_visible_in_snapshot(t.chg, p_prev)))
      AND (t.chg, t.seq) > (p_chg, p_key)
      AND t.hash IS NOT NULL
    ORDER BY t.chg, t.seq LIMIT p_limit;
END
$$;
