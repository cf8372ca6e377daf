-- 0020_session_events.sql -- a revoked session is pushed to the connections that use it.
--
-- A session revoked while an approver's connection follows the queue (QueueFollow) was noticed
-- only at that connection's next request, which a listening connection may never make. Now
-- every revocation (Logout, ChangePassword ending the other sessions, an account disabled or
-- its password reset, zhucun-server passwd) notifies channel zc_session with
-- {"session": KEY, "sessions": [KEY]}; the server pushes UNAUTHENTICATED to the connections
-- that follow events with that session and closes them (server/auth, server/core/events.h).
-- KEY is zc_session_key of the token hash: the payload never carries the hash itself, and a
-- key that happens to match another session only costs that connection one lookup.

-- The first 8 bytes of the token hash, big-endian, shifted right by 2, plus 1: positive and
-- never 0 (events_session_key in server/core/events.c computes the same).
CREATE FUNCTION zc_session_key(p_token_hash bytea) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
    SELECT ((('x' || encode(substring(p_token_hash FROM 1 FOR 8), 'hex'))::bit(64) >> 2)::bigint)
           + 1
$$;

CREATE FUNCTION zc_session_revoked_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    k bigint := zc_session_key(NEW.token_hash);
BEGIN
    PERFORM pg_notify('zc_session',
                      json_build_object('session', k, 'sessions', json_build_array(k))::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_revoked AFTER UPDATE OF revoked_at ON sessions
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    EXECUTE FUNCTION zc_session_revoked_notify();
