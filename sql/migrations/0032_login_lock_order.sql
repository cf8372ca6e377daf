-- 0032_login_lock_order.sql -- logins sent in parallel could deadlock (integration_auth's
-- parallel guesses, now and then: "并发冲突，请重试"): zc_login_begin flushed the refusal counts
-- into the audit first, taking the audit chain's lock (held to the end of the transaction), and
-- then waited for a name's or a source's row that another attempt held while it waited for the
-- audit's lock. The audit is now appended only after every row lock of an attempt (a refused
-- attempt appends as its last step already; the flush moves to the end), and one flusher runs
-- at a time (the others skip: the next attempt flushes).

CREATE OR REPLACE FUNCTION zc_login_refusals_flush() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    r login_refusals;
    k integer := 0;
BEGIN
    -- One flusher at a time; the others leave it to the next attempt (two deleting the same
    -- rows in different orders would wait for each other).
    IF NOT pg_try_advisory_xact_lock(724300019) THEN
        RETURN 0;
    END IF;
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

CREATE OR REPLACE FUNCTION zc_login_begin(p_username text, p_peer text, p_max integer, p_lock interval,
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
    -- Last, after every row lock of this attempt: the flush appends to the audit, whose lock
    -- (one for the whole chain) must never be held while waiting for a row.
    PERFORM zc_login_refusals_flush();
    RETURN QUERY SELECT u.id, u.password_phc, NULL::text, NULL::bigint;
END
$$;
