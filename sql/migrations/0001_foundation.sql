-- 0001_foundation.sql -- accounts, sessions, login throttling, idempotency keys and the
-- hash-chained audit trail; org units just far enough to bind roles to a scope.
--
-- Errors raised for people use SQLSTATE class ZC: ZC003 invalid argument, ZC005 not found,
-- ZC006 already exists, ZC007 permission denied, ZC009 failed precondition,
-- ZC016 unauthenticated (server/db_error.c maps them). COLUMN names the request field.

-- The server's own database role: it may read and write what it serves, and only append to
-- the audit trail. Roles are cluster-wide, so another database may have created it already.
DO $$
BEGIN
    CREATE ROLE zhucun_app LOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

CREATE TABLE org_units (
    code        text PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    level       smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
    parent_code text REFERENCES org_units (code),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((level = 1) = (parent_code IS NULL))
);
COMMENT ON TABLE org_units IS 'province, city, county, township, village; code prefix = scope';

-- Zhucun serves Shanxi: the province is the root every scope hangs from.
INSERT INTO org_units (code, name, level) VALUES ('140000000000', '山西省', 1);

CREATE TABLE users (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username             text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    display_name         text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 128),
    password_phc         text NOT NULL CHECK (password_phc LIKE '$argon2id$%'),
    must_change_password boolean NOT NULL DEFAULT false,
    disabled             boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    password_changed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE role_grants (
    user_id    bigint NOT NULL REFERENCES users (id),
    role       text NOT NULL CHECK (role IN ('province_office', 'city_office', 'county_office',
                   'township', 'unit_admin', 'county_captain', 'team_captain', 'cadre',
                   'inspector', 'exporter')),
    scope_code text NOT NULL REFERENCES org_units (code),
    granted_at timestamptz NOT NULL DEFAULT now(),
    granted_by bigint REFERENCES users (id),
    PRIMARY KEY (user_id, role, scope_code)
);

-- Only the SHA-256 of a token is stored: a copy of this table does not log anybody in.
CREATE TABLE sessions (
    token_hash   bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id      bigint NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen    timestamptz NOT NULL DEFAULT now(),
    idle_timeout interval NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    client_addr  text
);
CREATE INDEX sessions_user_live ON sessions (user_id) WHERE revoked_at IS NULL;

-- Failed logins per username, whether or not the username exists.
CREATE TABLE login_throttle (
    username     text PRIMARY KEY,
    failures     integer NOT NULL,
    last_failure timestamptz NOT NULL,
    locked_until timestamptz
);

-- A write with an idempotency key stores its result here in the same transaction; a retry
-- with the same key gets that result back and changes nothing.
CREATE TABLE idempotency (
    user_id    bigint NOT NULL REFERENCES users (id),
    key        text NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
    call       text NOT NULL,
    result     jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);

-- Append-only, hash-chained: hash = sha256(prev_hash || canonical text of the row).
CREATE TABLE audit (
    seq         bigint PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor_id    bigint,
    actor       text NOT NULL,
    client_addr text NOT NULL DEFAULT '',
    action      text NOT NULL,
    object      text NOT NULL,
    detail      jsonb NOT NULL DEFAULT '{}',
    prev_hash   bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash        bytea NOT NULL CHECK (length(hash) = 32)
);
CREATE SEQUENCE audit_seq;

CREATE FUNCTION zc_audit_canonical(a audit) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws(E'\x1f', a.seq::text,
                     to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                     coalesce(a.actor_id::text, ''), a.actor, a.client_addr, a.action, a.object,
                     a.detail::text)
$$;

CREATE FUNCTION zc_audit_append(p_actor_id bigint, p_actor text, p_addr text, p_action text,
                                p_object text, p_detail jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    r audit;
BEGIN
    -- One writer at a time until commit, so seq order is chain order.
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
    r.hash := sha256(r.prev_hash || convert_to(zc_audit_canonical(r), 'UTF8'));
    INSERT INTO audit VALUES (r.*);
    RETURN r.seq;
END
$$;

CREATE FUNCTION zc_audit_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'ZC007';
END
$$;
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION zc_audit_immutable();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION zc_audit_immutable();

-- Login, step 1, before any hashing: count the attempt against the username (existing or
-- not) and return the stored hash (NULL for an unknown user) with the lock, if any. Counting
-- first means parallel guesses cannot all reach the password check: the attempt past
-- p_max locks the name at once. A successful login clears the count (zc_login_ok).
CREATE FUNCTION zc_login_begin(p_username text, p_max integer, p_lock interval)
RETURNS TABLE (user_id bigint, password_phc text, locked_until timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    t login_throttle;
BEGIN
    -- Names nobody tried for a day (and not locked) are forgotten, a little at a time.
    IF random() < 0.01 THEN
        DELETE FROM login_throttle lt
        WHERE lt.last_failure < now() - greatest(p_lock, interval '1 day')
          AND (lt.locked_until IS NULL OR lt.locked_until < now());
    END IF;
    INSERT INTO login_throttle AS lt (username, failures, last_failure)
    VALUES (p_username, 1, now())
    ON CONFLICT (username) DO UPDATE
        SET failures = CASE WHEN lt.locked_until IS NULL THEN lt.failures + 1
                            WHEN lt.locked_until <= now() THEN 1
                            ELSE lt.failures END,
            locked_until = CASE WHEN lt.locked_until <= now() THEN NULL
                                ELSE lt.locked_until END,
            last_failure = now()
    RETURNING * INTO t;
    IF t.locked_until IS NULL AND t.failures > p_max THEN
        t.locked_until := now() + p_lock;
        UPDATE login_throttle lt SET locked_until = t.locked_until WHERE lt.username = p_username;
    END IF;
    RETURN QUERY
    SELECT u.id, u.password_phc, t.locked_until
    FROM (SELECT 1) AS one
    LEFT JOIN users u ON u.username = p_username;
END
$$;

-- Login failed (the attempt was counted by zc_login_begin): lock the username once p_max
-- attempts failed, and audit. Returns the lock's end, if locked.
CREATE FUNCTION zc_login_failed(p_username text, p_addr text, p_max integer, p_lock interval)
RETURNS timestamptz
LANGUAGE plpgsql AS $$
DECLARE
    t login_throttle;
    uid bigint;
BEGIN
    SELECT * INTO t FROM login_throttle WHERE username = p_username FOR UPDATE;
    IF FOUND AND t.locked_until IS NULL AND t.failures >= p_max THEN
        t.locked_until := now() + p_lock;
        UPDATE login_throttle SET locked_until = t.locked_until WHERE username = p_username;
    END IF;
    SELECT id INTO uid FROM users WHERE username = p_username;
    PERFORM zc_audit_append(uid, p_username, p_addr, 'login.failed', 'user:' || p_username,
                            jsonb_build_object('failures', coalesce(t.failures, 0),
                                               'locked', t.locked_until IS NOT NULL));
    RETURN t.locked_until;
END
$$;

-- Login succeeded: open a session, clear the failure count, upgrade the hash if asked.
CREATE FUNCTION zc_login_ok(p_user_id bigint, p_token_hash bytea, p_addr text, p_idle interval,
                            p_max interval, p_new_phc text)
RETURNS TABLE (display_name text, must_change_password boolean, expires_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    u users;
BEGIN
    SELECT * INTO u FROM users WHERE id = p_user_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION '用户名或密码错误' USING ERRCODE = 'ZC016';
    END IF;
    IF u.disabled THEN
        RAISE EXCEPTION '账号已停用，请联系本级驻村办' USING ERRCODE = 'ZC007';
    END IF;
    -- Locked meanwhile by attempts that came in parallel with this one: refused all the same.
    IF EXISTS (SELECT 1 FROM login_throttle
               WHERE username = u.username AND locked_until > now()) THEN
        RAISE EXCEPTION '登录失败次数过多，该用户名已暂时锁定，请稍后再试' USING ERRCODE = 'ZC008';
    END IF;
    DELETE FROM login_throttle WHERE username = u.username;
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

-- The session behind a token, if it is live: one row per role grant (role NULL when the
-- user has none). Touches last_seen at most every 15 s (or a quarter of the idle timeout),
-- to keep the write rate low.
CREATE FUNCTION zc_session_check(p_token_hash bytea)
RETURNS TABLE (user_id bigint, username text, display_name text, must_change_password boolean,
               expires_at timestamptz, role text, scope_code text, scope_name text)
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
           g.role, g.scope_code, o.name
    FROM users u
    LEFT JOIN role_grants g ON g.user_id = u.id
    LEFT JOIN org_units o ON o.code = g.scope_code
    WHERE u.id = s.user_id AND NOT u.disabled
    ORDER BY g.role, g.scope_code;
END
$$;

-- Revokes the session behind a token; true when there was a live one.
CREATE FUNCTION zc_logout(p_token_hash bytea, p_addr text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    uid bigint;
    uname text;
BEGIN
    UPDATE sessions SET revoked_at = now()
    WHERE token_hash = p_token_hash AND revoked_at IS NULL
    RETURNING sessions.user_id INTO uid;
    IF uid IS NULL THEN
        RETURN false;
    END IF;
    SELECT username INTO uname FROM users WHERE id = uid;
    PERFORM zc_audit_append(uid, uname, p_addr, 'logout', 'user:' || uname, '{}');
    RETURN true;
END
$$;

-- Claims an idempotency key for a call. Returns NULL when the caller should go on and do the
-- work, or the stored result of the first request with this key. A concurrent first request
-- makes this wait for it to commit (the primary key), so only one of them applies.
CREATE FUNCTION zc_idem_claim(p_user_id bigint, p_key text, p_call text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    prev idempotency;
BEGIN
    IF p_key IS NULL OR p_key = '' THEN
        RETURN NULL;
    END IF;
    INSERT INTO idempotency (user_id, key, call) VALUES (p_user_id, p_key, p_call)
    ON CONFLICT DO NOTHING;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    SELECT * INTO prev FROM idempotency WHERE user_id = p_user_id AND key = p_key;
    IF prev.call <> p_call THEN
        RAISE EXCEPTION '幂等键已用于另一种操作（%）', prev.call
            USING ERRCODE = 'ZC003', COLUMN = 'idempotency_key';
    END IF;
    RETURN prev.result;
END
$$;

CREATE FUNCTION zc_idem_store(p_user_id bigint, p_key text, p_result jsonb) RETURNS jsonb
LANGUAGE sql AS $$
    UPDATE idempotency SET result = p_result WHERE user_id = p_user_id AND key = p_key
      AND p_key <> '';
    SELECT p_result;
$$;

-- Sets a new password and revokes every other session of the user.
CREATE FUNCTION zc_password_change(p_user_id bigint, p_keep bytea, p_phc text, p_addr text,
                                   p_key text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb;
    n integer;
    uname text;
BEGIN
    prev := zc_idem_claim(p_user_id, p_key, 'ChangePassword');
    IF prev IS NOT NULL THEN
        RETURN prev;
    END IF;
    UPDATE users SET password_phc = p_phc, must_change_password = false,
                     password_changed_at = now()
    WHERE id = p_user_id RETURNING username INTO uname;
    UPDATE sessions SET revoked_at = now()
    WHERE user_id = p_user_id AND token_hash <> p_keep AND revoked_at IS NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM zc_audit_append(p_user_id, uname, p_addr, 'password.change', 'user:' || uname,
                            jsonb_build_object('revoked_sessions', n));
    RETURN zc_idem_store(p_user_id, p_key, jsonb_build_object('revoked_sessions', n));
END
$$;

-- Creates an account with one role grant (zhucun-server useradd; the org issue adds the
-- office-facing calls).
CREATE FUNCTION zc_user_add(p_username text, p_display text, p_phc text, p_role text,
                            p_scope text, p_actor text, p_must_change boolean) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    uid bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM org_units WHERE code = p_scope) THEN
        RAISE EXCEPTION '组织机构 % 不存在', p_scope USING ERRCODE = 'ZC005', COLUMN = 'scope';
    END IF;
    BEGIN
        INSERT INTO users (username, display_name, password_phc, must_change_password)
        VALUES (p_username, p_display, p_phc, p_must_change) RETURNING id INTO uid;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION '用户名 % 已存在', p_username USING ERRCODE = 'ZC006', COLUMN = 'username';
    END;
    INSERT INTO role_grants (user_id, role, scope_code) VALUES (uid, p_role, p_scope);
    PERFORM zc_audit_append(NULL, p_actor, '', 'user.add', 'user:' || p_username,
                            jsonb_build_object('role', p_role, 'scope', p_scope));
    RETURN uid;
END
$$;

-- Sets a user's password from the server's command line and revokes all their sessions.
CREATE FUNCTION zc_user_set_password(p_username text, p_phc text, p_actor text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    uid bigint;
BEGIN
    UPDATE users SET password_phc = p_phc, password_changed_at = now(),
                     must_change_password = false
    WHERE username = p_username RETURNING id INTO uid;
    IF uid IS NULL THEN
        RAISE EXCEPTION '用户 % 不存在', p_username USING ERRCODE = 'ZC005', COLUMN = 'username';
    END IF;
    UPDATE sessions SET revoked_at = now() WHERE user_id = uid AND revoked_at IS NULL;
    DELETE FROM login_throttle WHERE username = p_username;
    PERFORM zc_audit_append(NULL, p_actor, '', 'password.set', 'user:' || p_username, '{}');
    RETURN uid;
END
$$;

GRANT USAGE ON SCHEMA public TO zhucun_app;
GRANT SELECT ON org_units TO zhucun_app;
GRANT SELECT, INSERT, UPDATE ON users, role_grants TO zhucun_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions, login_throttle, idempotency TO zhucun_app;
GRANT SELECT, INSERT ON audit TO zhucun_app;
GRANT USAGE ON SEQUENCE audit_seq TO zhucun_app;
