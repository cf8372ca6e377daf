-- 0012_housekeeping.sql -- the rows that only grow: sessions long ended, login throttles long
-- quiet, idempotency keys too old to be a retry. `zhucun-server cleanup` (run daily with the
-- duty generation, deploy/zhucun-duties.service) calls this.

-- Deletes what is past keeping and returns how many of each. An idempotency key older than
-- p_idem_days no longer protects a retry: a retry comes within seconds or minutes, and a week
-- is far beyond any client's retry.
CREATE FUNCTION zc_housekeeping(p_idem_days integer DEFAULT 7)
RETURNS TABLE (sessions bigint, throttles bigint, idempotency_keys bigint)
LANGUAGE plpgsql AS $$
DECLARE
    s bigint;
    t bigint;
    i bigint;
BEGIN
    DELETE FROM sessions x
    WHERE x.expires_at < now() - interval '7 days'
       OR x.revoked_at < now() - interval '7 days'
       OR x.last_seen + x.idle_timeout < now() - interval '7 days';
    GET DIAGNOSTICS s = ROW_COUNT;
    DELETE FROM login_throttle x
    WHERE (x.locked_until IS NULL OR x.locked_until < now())
      AND x.last_failure < now() - interval '1 day';
    GET DIAGNOSTICS t = ROW_COUNT;
    DELETE FROM idempotency x WHERE x.created_at < now() - make_interval(days => p_idem_days);
    GET DIAGNOSTICS i = ROW_COUNT;
    RETURN QUERY SELECT s, t, i;
END
$$;
