-- 0010_export.sql -- incremental, resumable exports (SPEC X1; docs/export.md).
--
-- Every exported table gets `chg`, the id of the transaction that last wrote the row
-- (pg_current_xact_id(): 64-bit, never wraps), set on insert by the column default and on
-- update by a trigger, with an index on (chg, key). A pull is judged against two snapshots:
-- the previous pull's (the cursor) and its own, taken when it starts. A row belongs to the pull
-- when its chg is visible in the new snapshot and was not visible in the old one, so
--   - a transaction still running when the previous pull started (in that snapshot's xip list)
--     is picked up by the next pull once it commits, however late;
--   - a row appears in exactly one pull per version: an update gives it a new chg (a new
--     version, exported again), a delete leaves a tombstone with its own chg.
-- Each chunk of a pull is its own statement (no long transaction); the snapshot test, not the
-- statement's snapshot, decides what belongs to the pull, so chunks agree with each other.

CREATE FUNCTION zc_chg_touch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.chg := pg_current_xact_id();
    RETURN NEW;
END
$$;

-- A deleted row, exported as a tombstone (op "delete") with its key and scope.
CREATE TABLE export_tombstones (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       text NOT NULL,
    key        text NOT NULL,
    scope_code text COLLATE "C" NOT NULL,
    deleted_at timestamptz NOT NULL DEFAULT now(),
    chg        xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX export_tombstones_chg ON export_tombstones (kind, chg, id);

-- TG_ARGV: the export kind, the key column, the scope column ('' when the scope comes
-- through another table: memberships by their team, members by their household).
CREATE FUNCTION zc_chg_tombstone() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_row jsonb := to_jsonb(OLD);
    scope text;
BEGIN
    IF TG_ARGV[2] <> '' THEN
        scope := old_row ->> TG_ARGV[2];
    ELSIF TG_TABLE_NAME = 'memberships' THEN
        SELECT org_code INTO scope FROM teams WHERE id = (old_row ->> 'team_id')::bigint;
    ELSIF TG_TABLE_NAME = 'household_members' THEN
        SELECT village_code INTO scope FROM households
        WHERE id = (old_row ->> 'household_id')::bigint;
    END IF;
    INSERT INTO export_tombstones (kind, key, scope_code)
    VALUES (TG_ARGV[0], old_row ->> TG_ARGV[1], coalesce(scope, ''));
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('org_units', 'org_units', 'code', 'code'),
        ('units', 'dispatch_units', 'id', 'org_code'),
        ('teams', 'teams', 'id', 'org_code'),
        ('memberships', 'memberships', 'id', ''),
        ('households', 'households', 'id', 'village_code'),
        ('members', 'household_members', 'id', ''),
        ('visits', 'visits', 'id', 'village_code'),
        ('follow_up_items', 'follow_up_items', 'id', 'village_code'),
        ('checkins', 'checkins', 'id', 'village_code'),
        ('official_business', 'official_business', 'id', ''),
        ('leave_requests', 'leave_requests', 'id', 'village'),
        ('approvals', 'approvals', 'id', 'org_code'),
        ('approval_steps', 'approval_steps', 'id', ''),
        ('audit', 'audit', 'seq', '')) AS k(kind, tbl, key, scope)
    LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN chg xid8 NOT NULL'
                       ' DEFAULT pg_current_xact_id()', t.tbl);
        EXECUTE format('CREATE INDEX %I ON %I (chg, %I)', t.tbl || '_chg', t.tbl, t.key);
        IF t.tbl = 'audit' THEN
            -- zc_audit_append inserts a whole audit row (chg NULL): stamp it here. The log is
            -- never updated or deleted.
            EXECUTE 'CREATE TRIGGER audit_chg BEFORE INSERT ON audit FOR EACH ROW'
                    ' EXECUTE FUNCTION zc_chg_touch()';
        ELSE
            EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW'
                           ' EXECUTE FUNCTION zc_chg_touch()', t.tbl || '_chg', t.tbl);
            EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I FOR EACH ROW'
                           ' EXECUTE FUNCTION zc_chg_tombstone(%L, %L, %L)',
                           t.tbl || '_tombstone', t.tbl, t.kind, t.key, t.scope);
        END IF;
    END LOOP;
END
$$;

GRANT SELECT, INSERT ON export_tombstones TO zhucun_app;

-- Batch accounts log in with a client certificate (mutual TLS) instead of a password: the
-- certificate's subject, as the server reads it from a verified chain, names the account.
-- Only exporter accounts may; `zhucun-server cert-bind` sets the subject.
ALTER TABLE users ADD COLUMN cert_subject text UNIQUE;

CREATE FUNCTION zc_user_bind_cert(p_username text, p_subject text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    uid bigint;
BEGIN
    SELECT u.id INTO uid FROM users u WHERE u.username = p_username
      AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.role = 'exporter');
    IF uid IS NULL THEN
        RAISE EXCEPTION '没有这个导出账号（只有 exporter 角色的账号可以用证书登录）'
            USING ERRCODE = 'ZC005', COLUMN = 'username';
    END IF;
    UPDATE users SET cert_subject = nullif(p_subject, '') WHERE id = uid;
    PERFORM zc_audit_append(NULL, 'cli:cert-bind', '', 'user.cert_bind', 'user:' || p_username,
                            jsonb_build_object('subject', p_subject));
END
$$;

-- A login by certificate: the account must be an exporter bound to exactly this subject; the
-- session is made as for a password login.
CREATE FUNCTION zc_login_cert(p_username text, p_subject text, p_token_hash bytea, p_addr text,
                              p_idle interval, p_max interval)
RETURNS TABLE (display_name text, must_change_password boolean, expires_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    u users;
BEGIN
    SELECT * INTO u FROM users WHERE username = p_username;
    IF NOT FOUND OR u.cert_subject IS NULL OR u.cert_subject <> p_subject
       OR NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.role = 'exporter')
    THEN
        RAISE EXCEPTION '客户端证书与账号不符，或该账号不能用证书登录' USING ERRCODE = 'ZC016';
    END IF;
    RETURN QUERY SELECT * FROM zc_login_ok(u.id, p_token_hash, p_addr, p_idle, p_max, NULL);
END
$$;

-- One function per kind, all of one shape: the rows of the scope [p_lo, p_hi) whose chg is
-- visible in this pull's snapshot and, when there was a previous pull, was not visible in
-- that one; after the keyset position (p_chg, p_key), in (chg, key) order, at most p_limit.
-- plpgsql keeps the plan (planning over the monthly partitions costs ~65 ms, more than a
-- chunk's work), and sorting is ruled out: a bulk load gives many rows one chg, and the
-- planner would then sort the whole table for every chunk instead of reading the index.
DO $do$
DECLARE
    k record;
BEGIN
    FOR k IN SELECT * FROM (VALUES
        ('org_units', 'org_units', 'org_units t', 't.code', 'code', 'text'),
        ('units', 'dispatch_units', 'dispatch_units t', 't.org_code', 'id', 'bigint'),
        ('teams', 'teams', 'teams t', 't.org_code', 'id', 'bigint'),
        ('memberships', 'memberships', 'memberships t JOIN teams s ON s.id = t.team_id',
         's.org_code', 'id', 'bigint'),
        ('households', 'households', 'households t', 't.village_code', 'id', 'bigint'),
        ('members', 'household_members',
         'household_members t JOIN households s ON s.id = t.household_id', 's.village_code',
         'id', 'bigint'),
        ('visits', 'visits', 'visits t', 't.village_code', 'id', 'bigint'),
        ('follow_up_items', 'follow_up_items', 'follow_up_items t', 't.village_code', 'id',
         'bigint'),
        ('checkins', 'checkins', 'checkins t', 't.village_code', 'id', 'bigint'),
        ('official_business', 'official_business',
         'official_business t JOIN persons s ON s.id = t.person_id', 's.org_code', 'id',
         'bigint'),
        ('leave_requests', 'leave_requests', 'leave_requests t', 't.village', 'id', 'bigint'),
        ('approvals', 'approvals', 'approvals t', 't.org_code', 'id', 'bigint'),
        ('approval_steps', 'approval_steps',
         'approval_steps t JOIN approvals s ON s.id = t.approval_id', 's.org_code', 'id',
         'bigint'),
        -- the audit log has no place: exported whole, to the province's exporter only
        ('audit', 'audit', 'audit t', '''140000000000''::text', 'seq', 'bigint'))
        AS x(kind, tbl, from_clause, scope, key, keytype)
    LOOP
        EXECUTE format($f$
            CREATE FUNCTION %I(p_lo text, p_hi text, p_prev pg_snapshot, p_target pg_snapshot,
                               p_chg xid8, p_key %s, p_limit integer)
            RETURNS SETOF %I
            LANGUAGE plpgsql STABLE SET enable_sort = off
                SET plan_cache_mode = force_generic_plan AS $b$
            BEGIN
                RETURN QUERY SELECT t.* FROM %s
                WHERE %s COLLATE "C" >= p_lo AND %s COLLATE "C" < p_hi
                  AND pg_visible_in_snapshot(t.chg, p_target)
                  AND (p_prev IS NULL OR (t.chg >= pg_snapshot_xmin(p_prev)
                                          AND NOT pg_visible_in_snapshot(t.chg, p_prev)))
                  AND (t.chg, t.%I) > (p_chg, p_key)
                ORDER BY t.chg, t.%I LIMIT p_limit;
            END
            $b$ $f$, 'zc_export_' || k.kind, k.keytype, k.tbl, k.from_clause, k.scope, k.scope,
            k.key, k.key);
    END LOOP;
END
$do$;
