-- 0041_session_proof_lean.sql -- the proof of a cached session (0040) reads one row.
--
-- zc_session_live joined sessions and users in a SECURITY DEFINER plpgsql function on every
-- request served from a server's cache: measured with pgbench beside the caller's settings
-- alone, it halved their rate. The user's auth_version now rides on each live session
-- (sessions.auth_version, kept equal by triggers), disabling a user bumps the version (0040),
-- and the proof is an expression in the statement that sets the caller
-- (server/core/db.c, db_caller_set): one primary-key read of sessions, and a function call only
-- to refuse. The statement is prepared and its permissions checked as the server's own role
-- before it switches role (the exports' zhucun_export never needs to read sessions).

ALTER TABLE sessions ADD COLUMN auth_version bigint NOT NULL DEFAULT 1;
UPDATE sessions s SET auth_version = u.auth_version FROM users u WHERE u.id = s.user_id;

CREATE FUNCTION zc_sessions_version_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.auth_version := (SELECT auth_version FROM users WHERE id = NEW.user_id);
    RETURN NEW;
END
$$;

CREATE TRIGGER sessions_auth_version BEFORE INSERT ON sessions
    FOR EACH ROW EXECUTE FUNCTION zc_sessions_version_new();

CREATE FUNCTION zc_users_version_to_sessions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sessions SET auth_version = NEW.auth_version
    WHERE user_id = NEW.id AND revoked_at IS NULL;
    RETURN NULL;
END
$$;

-- Not "UPDATE OF auth_version": a column trigger fires only for columns the UPDATE names, and
-- zc_users_auth_bump changes the version of updates that name others.
CREATE TRIGGER users_auth_version_sessions AFTER UPDATE ON users
    FOR EACH ROW WHEN (OLD.auth_version IS DISTINCT FROM NEW.auth_version)
    EXECUTE FUNCTION zc_users_version_to_sessions();

-- The refusal, called only when the proof fails: ZC016 when no live session answers to the
-- token (p_gone), ZC017 when it does with another auth_version.
CREATE FUNCTION zc_session_refuse(p_gone boolean) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    IF p_gone THEN
        RAISE EXCEPTION USING ERRCODE = 'ZC016', MESSAGE = '会话已过期或已注销，请重新登录';
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'ZC017', MESSAGE = '会话信息已变更，正在重新读取';
END
$$;

DROP FUNCTION zc_session_live(bytea, bigint, double precision);

-- The check returns the session's copy of the version, which the proof compares with.
CREATE OR REPLACE FUNCTION zc_session_check(p_token_hash bytea)
RETURNS TABLE (user_id bigint, username text, display_name text, must_change_password boolean,
               expires_at timestamptz, role text, scope_code text, scope_name text,
               unit_id bigint, auth_version bigint, idle_timeout_s double precision)
LANGUAGE plpgsql AS $$
DECLARE
    s sessions;
BEGIN
    SELECT * INTO s FROM sessions
    WHERE token_hash = p_token_hash AND revoked_at IS NULL AND sessions.expires_at > now()
      AND last_seen + idle_timeout > now();
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF s.last_seen < now() - least(interval '15 seconds', s.idle_timeout / 4) THEN
        UPDATE sessions SET last_seen = now() WHERE token_hash = p_token_hash;
    END IF;
    RETURN QUERY
    SELECT u.id, u.username, u.display_name, u.must_change_password, s.expires_at,
           g.role, g.scope_code, o.name, g.unit_id, s.auth_version,
           extract(epoch FROM s.idle_timeout)::double precision
    FROM users u
    LEFT JOIN role_grants g ON g.user_id = u.id
    LEFT JOIN org_units o ON o.code = g.scope_code
    WHERE u.id = s.user_id AND NOT u.disabled
    ORDER BY g.role, g.scope_code;
END
$$;
