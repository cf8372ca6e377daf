-- 0019_login_throttle.sql -- logins throttled per source as well as per name (docs/logins.md).
--
-- Until now failures were counted per username only: eight connections guessing one password
-- across many usernames reached the password check ~700 times a minute, and anyone who knew a
-- username could lock its owner out for 15 minutes from anywhere. Now:
--   * a lock is keyed on (username, address): five failures for a name from one address lock
--     that name from that address only; its owner elsewhere still logs in;
--   * every source is throttled whatever the names tried: the address, and its network (/24
--     for IPv4, /64 for IPv6). After p_addr_free (p_net_free) failures within p_window, each
--     further attempt must wait a delay that doubles with every failure, from p_delay up to
--     p_delay_max; an attempt that comes sooner is refused before any password is checked;
--   * refused attempts are audited once per (name, address, minute), or, when the source is
--     refused whatever the name, once per (address, minute), with the count of the rest when
--     the minute is over (login_refusals), not one audit row per guess.
-- The numbers are the server's ([auth] in deploy/server.conf.example), passed by the caller.
-- An attempt is counted before the password is checked and given back by a success, so that
-- guesses sent in parallel cannot all reach the check (docs/decisions.md).

-- login_throttle is now per (username, address): addr is the client's address without port
-- ('' in rows from before, which nothing reads and the housekeeping drops). Deleting by
-- username (an administrator's password reset) still clears a name everywhere.
DELETE FROM login_throttle;
ALTER TABLE login_throttle ADD COLUMN addr text NOT NULL DEFAULT '';
ALTER TABLE login_throttle DROP CONSTRAINT login_throttle_pkey;
ALTER TABLE login_throttle ADD PRIMARY KEY (username, addr);

-- Failures per source: 'a:<address>' or 'n:<network>', whatever the usernames.
CREATE TABLE login_sources (
    source       text PRIMARY KEY,
    failures     integer NOT NULL,
    last_failure timestamptz NOT NULL,
    next_at      timestamptz NOT NULL -- no attempt from this source before then
);

-- Refusals not yet in the audit in full: the first of each key went in at once, n counts all.
-- username is '' for a refusal of the source (then names holds the first few names tried).
CREATE TABLE login_refusals (
    minute   timestamptz NOT NULL,
    addr     text NOT NULL,
    username text NOT NULL,
    reason   text NOT NULL,
    n        integer NOT NULL,
    names    text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (minute, addr, username, reason)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON login_sources, login_refusals TO zhucun_app;

-- The client's address (no port) from the server's peer string: '203.0.113.7:51234' or
-- '[2001:db8::1]:51234'. An IPv4 address seen through a dual-stack listener
-- ('::ffff:203.0.113.7') is the IPv4 address, so that its network is a /24, not one /64
-- holding every IPv4 client. NULL when the string is no address ('unknown').
CREATE FUNCTION zc_login_addr(p_peer text) RETURNS inet
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    h text;
    a inet;
BEGIN
    IF p_peer LIKE '[%]%' THEN
        h := substring(p_peer FROM '^\[([^]]*)\]');
    ELSIF p_peer ~ '^[0-9.]+:[0-9]+$' THEN
        h := split_part(p_peer, ':', 1);
    ELSE
        h := p_peer;
    END IF;
    BEGIN
        a := host(h::inet)::inet;
    EXCEPTION WHEN others THEN
        RETURN NULL;
    END;
    IF family(a) = 6 AND host(a) ~* '^::ffff:[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$' THEN
        a := substring(host(a) FROM 8)::inet;
    END IF;
    RETURN a;
END
$$;

-- The keys of a peer: its address ('a:' || address) and its network ('n:' || /24 or /64).
CREATE FUNCTION zc_login_sources(p_peer text, OUT addr text, OUT a_key text, OUT n_key text)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    a inet := zc_login_addr(p_peer);
BEGIN
    addr := coalesce(host(a), left(coalesce(p_peer, ''), 64));
    a_key := 'a:' || addr;
    n_key := 'n:' || coalesce(network(set_masklen(a, CASE family(a) WHEN 4 THEN 24 ELSE 64 END))::text,
                              addr);
END
$$;

-- The wait after the n-th failure of a source: none for the first p_free, then p_delay,
-- doubling with each failure, at most p_max.
CREATE FUNCTION zc_login_delay(p_n integer, p_free integer, p_delay interval, p_max interval)
RETURNS interval
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_n <= p_free THEN interval '0'
                ELSE least(p_max, p_delay * power(2, least(p_n - p_free - 1, 40))) END
$$;

-- Writes out the refusals of minutes long over: one audit row per key, with the count of
-- those after its first (which went in when it happened). Two minutes of slack: a login that
-- started in the minute before may still be adding to it.
CREATE FUNCTION zc_login_refusals_flush() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    r login_refusals;
    k integer := 0;
BEGIN
    FOR r IN
        WITH gone AS (
            DELETE FROM login_refusals x
            WHERE x.minute < date_trunc('minute', now()) - interval '1 minute'
            RETURNING x.*)
        SELECT * FROM gone ORDER BY minute, addr, username, reason
    LOOP
        IF r.n > 1 THEN
            PERFORM zc_audit_append(NULL, CASE WHEN r.username = '' THEN '-' ELSE r.username END,
                                    r.addr,
                                    CASE WHEN r.username = '' THEN 'login.refused'
                                         ELSE 'login.failed' END,
                                    CASE WHEN r.username = '' THEN 'addr:' || r.addr
                                         ELSE 'user:' || r.username END,
                                    jsonb_build_object('reason', r.reason,
                                                       'minute', to_char(r.minute AT TIME ZONE 'UTC',
                                                                         'YYYY-MM-DD"T"HH24:MI"Z"'),
                                                       'more', r.n - 1, 'names', r.names));
            k := k + 1;
        END IF;
    END LOOP;
    RETURN k;
END
$$;

-- One refused attempt: counted under its key for this minute; the first of the minute goes to
-- the audit at once. p_username NULL: the source was refused, whatever the name (p_name).
CREATE FUNCTION zc_login_refused(p_username text, p_name text, p_addr text, p_peer text,
                                 p_reason text, p_detail jsonb)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    k integer;
    v_name text := left(coalesce(p_name, ''), 64);
    v_user text := left(p_username, 64);
    uid bigint;
BEGIN
    INSERT INTO login_refusals AS x (minute, addr, username, reason, n, names)
    VALUES (date_trunc('minute', now()), p_addr, coalesce(v_user, ''), p_reason, 1,
            CASE WHEN p_username IS NULL THEN ARRAY[v_name] ELSE '{}' END)
    ON CONFLICT (minute, addr, username, reason) DO UPDATE
        SET n = x.n + 1,
            names = CASE WHEN cardinality(x.names) < 10 AND NOT v_name = ANY (x.names)
                              AND p_username IS NULL
                         THEN x.names || v_name ELSE x.names END
    RETURNING x.n INTO k;
    IF k > 1 THEN
        RETURN;
    END IF;
    IF p_username IS NULL THEN
        PERFORM zc_audit_append(NULL, '-', p_peer, 'login.refused', 'addr:' || p_addr,
                                jsonb_build_object('reason', p_reason, 'name', v_name)
                                    || coalesce(p_detail, '{}'));
    ELSE
        SELECT id INTO uid FROM users WHERE username = v_user;
        PERFORM zc_audit_append(uid, v_user, p_peer, 'login.failed', 'user:' || v_user,
                                jsonb_build_object('reason', p_reason) || coalesce(p_detail, '{}'));
    END IF;
END
$$;

-- One more failure for the address and for its network, each waiting as its count says.
CREATE FUNCTION zc_login_count_sources(p_a_key text, p_n_key text, p_addr_free integer,
                                       p_net_free integer, p_delay interval,
                                       p_delay_max interval, p_window interval)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    k text;
    free integer;
BEGIN
    FOREACH k IN ARRAY ARRAY[p_a_key, p_n_key] LOOP
        free := CASE WHEN k = p_a_key THEN p_addr_free ELSE p_net_free END;
        INSERT INTO login_sources AS x (source, failures, last_failure, next_at)
        VALUES (k, 1, now(), now() + zc_login_delay(1, free, p_delay, p_delay_max))
        ON CONFLICT (source) DO UPDATE
            SET failures = CASE WHEN x.last_failure < now() - p_window THEN 1
                                ELSE x.failures + 1 END,
                last_failure = now(),
                next_at = now() + zc_login_delay(CASE WHEN x.last_failure < now() - p_window
                                                      THEN 1 ELSE x.failures + 1 END,
                                                 free, p_delay, p_delay_max);
    END LOOP;
END
$$;

DROP FUNCTION zc_login_begin(text, integer, interval);
DROP FUNCTION zc_login_failed(text, text, integer, interval);

-- Login, step 1, before any hashing. In order: the source (address, then network) must not be
-- waiting out a delay; the name must not be locked from this address; a password login of an
-- account bound to a client certificate is refused. Then the attempt is counted against the
-- name from this address and against both sources, as if it will fail (zc_login_password_ok
-- gives it back), and the stored hash returned (NULL for an unknown or impossible name).
-- refused: NULL to go on, or 'address' / 'network' / 'locked' / 'certificate'; retry_after:
-- whole seconds until the wait or lock ends, rounded up.
CREATE FUNCTION zc_login_begin(p_username text, p_peer text, p_max integer, p_lock interval,
                               p_addr_free integer, p_net_free integer, p_delay interval,
                               p_delay_max interval, p_window interval)
RETURNS TABLE (user_id bigint, password_phc text, refused text, retry_after bigint)
LANGUAGE plpgsql AS $$
DECLARE
    src record;
    v_valid boolean := p_username ~ '^[a-z0-9][a-z0-9._-]{2,63}$';
    t login_throttle;
    s login_sources;
    u users;
    k text;
BEGIN
    SELECT * INTO src FROM zc_login_sources(p_peer);
    PERFORM zc_login_refusals_flush();
    -- Sources and names nobody tried for a while (and not locked) are forgotten, a little at
    -- a time.
    IF random() < 0.01 THEN
        DELETE FROM login_sources x
        WHERE x.last_failure < now() - greatest(p_window, p_delay_max) AND x.next_at < now();
        DELETE FROM login_throttle x
        WHERE x.last_failure < now() - greatest(p_lock, p_window, interval '1 day')
          AND (x.locked_until IS NULL OR x.locked_until < now());
    END IF;
    -- The rows are locked in one order everywhere (name, address, network): no deadlocks.
    IF v_valid THEN
        SELECT * INTO t FROM login_throttle x
        WHERE x.username = p_username AND x.addr = src.addr FOR UPDATE;
    END IF;
    FOREACH k IN ARRAY ARRAY[src.a_key, src.n_key] LOOP
        SELECT * INTO s FROM login_sources x WHERE x.source = k FOR UPDATE;
        -- The clock, not now(): a transaction that started before the one whose row it
        -- waited for must not see that one's "now" as still to come.
        IF FOUND AND s.next_at > clock_timestamp() THEN
            PERFORM zc_login_refused(NULL, p_username, src.addr, p_peer,
                                     CASE WHEN k = src.a_key THEN 'address' ELSE 'network' END,
                                     jsonb_build_object('failures', s.failures));
            RETURN QUERY SELECT NULL::bigint, NULL::text,
                                CASE WHEN k = src.a_key THEN 'address' ELSE 'network' END,
                                ceil(extract(epoch FROM s.next_at - clock_timestamp()))::bigint;
            RETURN;
        END IF;
    END LOOP;
    IF t.locked_until > now() THEN
        PERFORM zc_login_refused(p_username, p_username, src.addr, p_peer, 'locked',
                                 jsonb_build_object('failures', t.failures));
        RETURN QUERY SELECT NULL::bigint, NULL::text, 'locked'::text,
                            ceil(extract(epoch FROM t.locked_until - now()))::bigint;
        RETURN;
    END IF;
    IF v_valid THEN
        SELECT * INTO u FROM users x WHERE x.username = p_username;
    END IF;
    IF u.cert_subject IS NOT NULL THEN
        -- Counted against the sources (it is a guess like any other) but not against the
        -- name: the account's certificate login must not be locked by it.
        PERFORM zc_login_count_sources(src.a_key, src.n_key, p_addr_free, p_net_free, p_delay,
                                       p_delay_max, p_window);
        PERFORM zc_login_refused(p_username, p_username, src.addr, p_peer, 'certificate', '{}');
        RETURN QUERY SELECT NULL::bigint, NULL::text, 'certificate'::text, NULL::bigint;
        RETURN;
    END IF;
    IF v_valid THEN
        INSERT INTO login_throttle AS x (username, addr, failures, last_failure)
        VALUES (p_username, src.addr, 1, now())
        ON CONFLICT (username, addr) DO UPDATE
            SET failures = CASE WHEN x.locked_until <= now()
                                  OR x.last_failure < now() - greatest(p_window, p_lock) THEN 1
                                ELSE x.failures + 1 END,
                locked_until = NULL,
                last_failure = now()
        RETURNING * INTO t;
        -- The attempt past p_max (sent in parallel with the ones that failed) locks at once;
        -- refused before the check, it costs the source nothing.
        IF t.failures > p_max THEN
            UPDATE login_throttle x SET locked_until = now() + p_lock
            WHERE x.username = p_username AND x.addr = src.addr;
            PERFORM zc_login_refused(p_username, p_username, src.addr, p_peer, 'locked',
                                     jsonb_build_object('failures', t.failures));
            RETURN QUERY SELECT NULL::bigint, NULL::text, 'locked'::text,
                                ceil(extract(epoch FROM p_lock))::bigint;
            RETURN;
        END IF;
    END IF;
    -- Counted against both sources, whatever the name (an impossible name too: it still costs
    -- a check against the dummy hash).
    PERFORM zc_login_count_sources(src.a_key, src.n_key, p_addr_free, p_net_free, p_delay,
                                   p_delay_max, p_window);
    RETURN QUERY SELECT u.id, u.password_phc, NULL::text, NULL::bigint;
END
$$;

-- Login failed (the attempt was counted by zc_login_begin): audit it (once per name, address
-- and minute), and lock the name from this address once p_max attempts failed. Returns the
-- lock's length in whole seconds, rounded up, or NULL when not locked.
CREATE FUNCTION zc_login_failed(p_username text, p_peer text, p_max integer, p_lock interval)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    src record;
    t login_throttle;
BEGIN
    SELECT * INTO src FROM zc_login_sources(p_peer);
    SELECT * INTO t FROM login_throttle
    WHERE username = p_username AND addr = src.addr FOR UPDATE;
    IF FOUND AND t.locked_until IS NULL AND t.failures >= p_max THEN
        t.locked_until := now() + p_lock;
        UPDATE login_throttle SET locked_until = t.locked_until
        WHERE username = p_username AND addr = src.addr;
    END IF;
    PERFORM zc_login_refused(p_username, p_username, src.addr, p_peer, 'password',
                             jsonb_build_object('failures', coalesce(t.failures, 0),
                                                'locked', t.locked_until IS NOT NULL));
    RETURN CASE WHEN t.locked_until IS NULL THEN NULL
                ELSE ceil(extract(epoch FROM t.locked_until - now()))::bigint END;
END
$$;

-- Login succeeded: open a session (zc_login_ok, which a certificate login calls too), clear
-- the name's count from this address; for a password login, give back what zc_login_begin
-- counted against the sources.
CREATE OR REPLACE FUNCTION zc_login_ok(p_user_id bigint, p_token_hash bytea, p_addr text,
                                       p_idle interval, p_max interval, p_new_phc text)
RETURNS TABLE (display_name text, must_change_password boolean, expires_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    u users;
    src record;
BEGIN
    SELECT * INTO src FROM zc_login_sources(p_addr);
    SELECT * INTO u FROM users WHERE id = p_user_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION '用户名或密码错误' USING ERRCODE = 'ZC016';
    END IF;
    IF u.disabled THEN
        RAISE EXCEPTION '账号已停用，请联系本级驻村办' USING ERRCODE = 'ZC007';
    END IF;
    -- Locked meanwhile by attempts that came in parallel with this one: refused all the same.
    IF EXISTS (SELECT 1 FROM login_throttle
               WHERE username = u.username AND addr = src.addr AND locked_until > now()) THEN
        RAISE EXCEPTION '登录失败次数过多，该用户名在此地址已暂时锁定，请稍后再试'
            USING ERRCODE = 'ZC008';
    END IF;
    DELETE FROM login_throttle WHERE username = u.username AND addr = src.addr;
    IF p_new_phc IS NOT NULL THEN
        UPDATE users SET password_phc = p_new_phc WHERE id = u.id;
    END IF;
    -- Sessions long past their end are of no use; drop them while we are here.
    DELETE FROM sessions s WHERE s.user_id = u.id AND s.expires_at < now() - interval '7 days';
    INSERT INTO sessions (token_hash, user_id, idle_timeout, expires_at, client_addr)
    VALUES (p_token_hash, u.id, p_idle, now() + p_max, p_addr);
    PERFORM zc_audit_append(u.id, u.username, p_addr, 'login', 'user:' || u.username,
                            jsonb_build_object('rehashed', p_new_phc IS NOT NULL));
    RETURN QUERY SELECT u.display_name, u.must_change_password, now() + p_max;
END
$$;

CREATE FUNCTION zc_login_password_ok(p_user_id bigint, p_token_hash bytea, p_addr text,
                                     p_idle interval, p_max interval, p_new_phc text,
                                     p_addr_free integer, p_net_free integer, p_delay interval,
                                     p_delay_max interval)
RETURNS TABLE (display_name text, must_change_password boolean, expires_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    src record;
    k text;
BEGIN
    SELECT * INTO src FROM zc_login_sources(p_addr);
    -- The name's row, the address, the network, then (zc_login_ok) the audit's lock: the
    -- order zc_login_begin locks in, so that neither waits for the other.
    PERFORM 1 FROM login_throttle x, users u
    WHERE u.id = p_user_id AND x.username = u.username AND x.addr = src.addr FOR UPDATE OF x;
    -- The wait restarts as after the failure before this attempt, never longer than the one
    -- this attempt set.
    FOREACH k IN ARRAY ARRAY[src.a_key, src.n_key] LOOP
        UPDATE login_sources x
        SET failures = greatest(x.failures - 1, 0),
            next_at = least(x.next_at,
                            now() + zc_login_delay(greatest(x.failures - 1, 0),
                                                   CASE WHEN k = src.a_key THEN p_addr_free
                                                        ELSE p_net_free END,
                                                   p_delay, p_delay_max))
        WHERE x.source = k;
    END LOOP;
    RETURN QUERY SELECT * FROM zc_login_ok(p_user_id, p_token_hash, p_addr, p_idle, p_max,
                                           p_new_phc);
END
$$;
