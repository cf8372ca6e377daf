-- 0040_session_cache.sql -- one database round trip per authenticated call (issue 17).
--
-- Each server process keeps the sessions it has checked (server/core/sessions.c): token hash
-- -> user, grants, limits, and the user's auth_version when they were read. A request whose
-- session is in that cache runs its handler at once, and its first query's pipeline proves the
-- cache right in the same round trip: zc_session_live, called by the statement that sets the
-- query's caller (server/core/db.c), raises ZC016 when the session is revoked, expired, idle
-- past its timeout or its user disabled, and ZC017 when what the cache holds about the user is
-- out of date. Nothing the query would have done happens (the pipeline aborts before it), and
-- the server checks the session afresh and runs the request again. docs/sessions.md.

-- What a session carries about its user, versioned: bumped whenever the username, the display
-- name, must_change_password or disabled change, and whenever a grant of the user, or the name
-- of an org unit a grant of the user is scoped to, changes.
ALTER TABLE users ADD COLUMN auth_version bigint NOT NULL DEFAULT 1;

CREATE FUNCTION zc_users_auth_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.username IS DISTINCT FROM OLD.username
       OR NEW.display_name IS DISTINCT FROM OLD.display_name
       OR NEW.must_change_password IS DISTINCT FROM OLD.must_change_password
       OR NEW.disabled IS DISTINCT FROM OLD.disabled THEN
        NEW.auth_version := OLD.auth_version + 1;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER users_auth_version BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION zc_users_auth_bump();

-- Grants: one statement-level bump for every user whose grants a statement touched.
CREATE FUNCTION zc_grants_auth_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE users SET auth_version = auth_version + 1
        WHERE id IN (SELECT user_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE users SET auth_version = auth_version + 1
        WHERE id IN (SELECT user_id FROM old_rows);
    ELSE
        UPDATE users SET auth_version = auth_version + 1
        WHERE id IN (SELECT user_id FROM new_rows UNION SELECT user_id FROM old_rows);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER role_grants_auth_insert AFTER INSERT ON role_grants
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zc_grants_auth_bump();
CREATE TRIGGER role_grants_auth_update AFTER UPDATE ON role_grants
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION zc_grants_auth_bump();
CREATE TRIGGER role_grants_auth_delete AFTER DELETE ON role_grants
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zc_grants_auth_bump();

-- A renamed org unit: the scope names of the grants scoped to it.
CREATE FUNCTION zc_org_units_auth_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET auth_version = auth_version + 1
    WHERE id IN (SELECT g.user_id FROM role_grants g
                 JOIN new_rows n ON n.code = g.scope_code
                 JOIN old_rows o ON o.code = n.code
                 WHERE n.name IS DISTINCT FROM o.name);
    RETURN NULL;
END
$$;

CREATE TRIGGER org_units_auth_update AFTER UPDATE ON org_units
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION zc_org_units_auth_bump();

-- The session check of a request whose session is not cached: as before, plus auth_version
-- (read in the same snapshot as the rest, so the cache never pairs new data with an old
-- version) and the idle timeout in seconds.
DROP FUNCTION zc_session_check(bytea);
CREATE FUNCTION zc_session_check(p_token_hash bytea)
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
           g.role, g.scope_code, o.name, g.unit_id, u.auth_version,
           extract(epoch FROM s.idle_timeout)::double precision
    FROM users u
    LEFT JOIN role_grants g ON g.user_id = u.id
    LEFT JOIN org_units o ON o.code = g.scope_code
    WHERE u.id = s.user_id AND NOT u.disabled
    ORDER BY g.role, g.scope_code;
END
$$;

-- The proof a cached session is still good, run in the pipeline of a request's first query.
-- p_token_hash NULL: nothing to prove (no session, or one checked by zc_session_check in this
-- request). p_last_used: when this server process last served the session (epoch seconds),
-- which its write-behind touch may not have stored yet; idle time counts from the later of
-- that and last_seen. Reads sessions and users whatever the query's role (the exports run as
-- zhucun_export), so it runs as its owner.
CREATE FUNCTION zc_session_live(p_token_hash bytea, p_auth_version bigint,
                                p_last_used double precision)
RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v bigint;
BEGIN
    IF p_token_hash IS NULL THEN
        RETURN true;
    END IF;
    SELECT u.auth_version INTO v
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now()
      AND greatest(s.last_seen, to_timestamp(coalesce(p_last_used, 0))) + s.idle_timeout > now()
      AND NOT u.disabled;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'ZC016', MESSAGE = '会话已过期或已注销，请重新登录';
    END IF;
    IF v <> p_auth_version THEN
        RAISE EXCEPTION USING ERRCODE = 'ZC017', MESSAGE = '会话信息已变更，正在重新读取';
    END IF;
    RETURN true;
END
$$;
GRANT EXECUTE ON FUNCTION zc_session_live(bytea, bigint, double precision) TO PUBLIC;

-- The write-behind touch: the token hashes (hex) and times (epoch seconds) each server process
-- served its cached sessions, in one statement per batch. Never moves last_seen back, never past the end of a
-- session, never touches a revoked one. Every use a process records was proved live when it
-- happened (zc_session_live), so it is taken as it comes even when earlier uses were not
-- stored yet.
CREATE FUNCTION zc_sessions_touch(p_hashes text[], p_used double precision[])
RETURNS integer
LANGUAGE sql AS $$
    WITH t AS (SELECT decode(h, 'hex') AS h, to_timestamp(u) AS used
               FROM unnest(p_hashes, p_used) AS x (h, u)),
    upd AS (
        UPDATE sessions s SET last_seen = t.used
        FROM t
        WHERE s.token_hash = t.h AND s.revoked_at IS NULL AND t.used > s.last_seen
          AND t.used < s.expires_at
        RETURNING 1)
    SELECT count(*)::integer FROM upd
$$;
