-- 0021_keys_for_every_write.sql -- every write takes an idempotency key (issue 13): the writes
-- that still refused one get a keyed function, as LeaveEnd did in 0017. Each claims the key
-- (zc_idem_claim: a stored result means "done before": answer with it), does the write with
-- the existing function, and stores the first answer's fields (server/core/stored.h) in the
-- same transaction. Without a key (p_key '') zc_idem_claim claims nothing and zc_idem_store
-- stores nothing: the function returns the same text, so the server builds the first answer
-- and a retry's from the same fields. Each statement passes p_key through zc_idem_bind (0018).
--
-- What is stored: 'ok' for a write that answers an empty OK; the new row's id for one that
-- answers the row (the rest of the answer is the request's, which the key is bound to); for
-- UserAdd the user's and the person's ids and for UserResetPassword 'ok': never the generated
-- password, which the first answer alone carries (docs/calls.md).

CREATE FUNCTION zc_leave_resubmit_keyed(p_user bigint, p_leave bigint, p_first date,
                                        p_last date, p_reason text, p_actor text, p_addr text,
                                        p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_user, p_key, 'LeaveResubmit');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_leave_resubmit(p_user, p_leave, p_first, p_last, p_reason, p_actor, p_addr);
    RETURN zc_idem_store(p_user, p_key, jsonb_build_object('r', 'ok')) ->> 'r';
END
$$;

CREATE FUNCTION zc_delegation_create_keyed(p_user bigint, p_to text, p_role text, p_scope text,
                                           p_first date, p_last date, p_actor text, p_addr text,
                                           p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_user, p_key, 'DelegationCreate');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    RETURN zc_idem_store(p_user, p_key, jsonb_build_object('r',
        zc_delegation_create(p_user, p_to, p_role, p_scope, p_first, p_last, p_actor,
                             p_addr)::text)) ->> 'r';
END
$$;

CREATE FUNCTION zc_delegation_revoke_keyed(p_user bigint, p_id bigint, p_actor text,
                                           p_addr text, p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_user, p_key, 'DelegationRevoke');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_delegation_revoke(p_user, p_id, p_actor, p_addr);
    RETURN zc_idem_store(p_user, p_key, jsonb_build_object('r', 'ok')) ->> 'r';
END
$$;

CREATE FUNCTION zc_household_update_keyed(p_household bigint, p_patterns text[],
                                          p_set_phone boolean, p_phone text,
                                          p_set_address boolean, p_address text,
                                          p_actor_id bigint, p_actor text, p_addr text,
                                          p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'HouseholdUpdate');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_household_update(p_household, p_patterns, p_set_phone, p_phone, p_set_address,
                                p_address, p_actor_id, p_actor, p_addr);
    RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', 'ok')) ->> 'r';
END
$$;

CREATE FUNCTION zc_household_set_state_keyed(p_household bigint, p_patterns text[],
                                             p_from date, p_category text, p_absent boolean,
                                             p_note text, p_actor_id bigint, p_actor text,
                                             p_addr text, p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'HouseholdSetState');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_household_set_state(p_household, p_patterns, p_from, p_category, p_absent,
                                   p_note, p_actor_id, p_actor, p_addr);
    RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', 'ok')) ->> 'r';
END
$$;

CREATE FUNCTION zc_household_member_add_keyed(p_household bigint, p_patterns text[],
                                              p_name text, p_relation text, p_id_number text,
                                              p_labour text, p_health text, p_phone text,
                                              p_actor_id bigint, p_actor text, p_addr text,
                                              p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'HouseholdMemberAdd');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r',
        zc_household_member_add(p_household, p_patterns, p_name, p_relation, p_id_number,
                                p_labour, p_health, p_phone, p_actor_id, p_actor,
                                p_addr)::text)) ->> 'r';
END
$$;

CREATE FUNCTION zc_household_member_leave_keyed(p_household bigint, p_patterns text[],
                                                p_member bigint, p_on date, p_reason text,
                                                p_new_head bigint, p_actor_id bigint,
                                                p_actor text, p_addr text, p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'HouseholdMemberLeave');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_household_member_leave(p_household, p_patterns, p_member, p_on, p_reason,
                                      p_new_head, p_actor_id, p_actor, p_addr);
    RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', 'ok')) ->> 'r';
END
$$;

CREATE FUNCTION zc_org_create_keyed(p_code text, p_name text, p_level smallint, p_parent text,
                                    p_lat double precision, p_lon double precision,
                                    p_geofence integer, p_tags text[], p_actor_id bigint,
                                    p_actor text, p_addr text, p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'OrgCreate');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_org_create(p_code, p_name, p_level, p_parent, p_lat, p_lon, p_geofence, p_tags,
                          p_actor_id, p_actor, p_addr);
    RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', 'ok')) ->> 'r';
END
$$;

CREATE FUNCTION zc_org_update_keyed(p_code text, p_name text, p_set_location boolean,
                                    p_lat double precision, p_lon double precision,
                                    p_geofence integer, p_tags text[], p_actor_id bigint,
                                    p_actor text, p_addr text, p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'OrgUpdate');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_org_update(p_code, p_name, p_set_location, p_lat, p_lon, p_geofence, p_tags,
                          p_actor_id, p_actor, p_addr);
    RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', 'ok')) ->> 'r';
END
$$;

-- As zc_org_import: the rows it refuses (nothing written, nothing stored: the key's claim
-- stays without a result and a retry runs again), or (0, 'created=N unchanged=M'), stored.
CREATE FUNCTION zc_org_import_keyed(p_lines integer[], p_codes text[], p_names text[],
                                    p_levels smallint[], p_lats double precision[],
                                    p_lons double precision[], p_actor_id bigint, p_actor text,
                                    p_addr text, p_key text)
RETURNS TABLE (line integer, message text)
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'OrgImport');
    lines integer[];
    messages text[];
BEGIN
    IF prev IS NOT NULL THEN
        RETURN QUERY SELECT 0, prev ->> 'r';
        RETURN;
    END IF;
    SELECT array_agg(i.line), array_agg(i.message) INTO lines, messages
    FROM zc_org_import(p_lines, p_codes, p_names, p_levels, p_lats, p_lons, p_actor_id, p_actor,
                       p_addr) AS i;
    IF lines = ARRAY[0] THEN
        RETURN QUERY SELECT 0, zc_idem_store(p_actor_id, p_key,
                                             jsonb_build_object('r', messages[1])) ->> 'r';
        RETURN;
    END IF;
    RETURN QUERY SELECT u.l, u.m FROM unnest(lines, messages) AS u(l, m);
END
$$;

CREATE FUNCTION zc_unit_create_keyed(p_name text, p_level text, p_org text, p_leader text,
                                     p_office text, p_actor_id bigint, p_actor text, p_addr text,
                                     p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'UnitCreate');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r',
        zc_unit_create(p_name, p_level, p_org, p_leader, p_office, p_actor_id, p_actor,
                       p_addr)::text)) ->> 'r';
END
$$;

CREATE FUNCTION zc_unit_update_keyed(p_id bigint, p_patterns text[], p_name text,
                                     p_leader text, p_office text, p_actor_id bigint,
                                     p_actor text, p_addr text, p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'UnitUpdate');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_unit_update(p_id, p_patterns, p_name, p_leader, p_office, p_actor_id, p_actor,
                           p_addr);
    RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', 'ok')) ->> 'r';
END
$$;

-- 'USER_ID|PERSON_ID' is stored: the initial password is in the first answer only. The
-- attempt that wrote returns 'USER_ID|PERSON_ID|set', so that its answer carries the password
-- it hashed; a retry that met the stored result (also one that waited here for the first
-- attempt) returns what is stored, and its own generated password was set nowhere.
CREATE FUNCTION zc_user_add_person_keyed(p_username text, p_name text, p_phone text,
                                         p_party boolean, p_unit bigint, p_org text,
                                         p_phc text, p_role text, p_scope text,
                                         p_grant_unit bigint, p_patterns text[],
                                         p_actor_id bigint, p_actor text, p_addr text,
                                         p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'UserAdd');
    uid bigint;
    pid bigint;
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    SELECT a.user_id, a.person_id INTO uid, pid
    FROM zc_user_add_person(p_username, p_name, p_phone, p_party, p_unit, p_org, p_phc, p_role,
                            p_scope, p_grant_unit, p_patterns, p_actor_id, p_actor,
                            p_addr) AS a;
    RETURN (zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', uid || '|' || pid)) ->> 'r')
           || '|set';
END
$$;

CREATE FUNCTION zc_user_set_disabled_keyed(p_username text, p_patterns text[],
                                           p_disabled boolean, p_actor_id bigint, p_actor text,
                                           p_addr text, p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'UserDisable');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_user_set_disabled(p_username, p_patterns, p_disabled, p_actor_id, p_actor,
                                 p_addr);
    RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', 'ok')) ->> 'r';
END
$$;

-- 'ok' is stored: the new password is in the first answer only; the attempt that wrote
-- returns 'ok|set' (as UserAdd above).
CREATE FUNCTION zc_user_reset_password_keyed(p_username text, p_patterns text[], p_phc text,
                                             p_actor_id bigint, p_actor text, p_addr text,
                                             p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'UserResetPassword');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_user_reset_password(p_username, p_patterns, p_phc, p_actor_id, p_actor, p_addr);
    RETURN (zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', 'ok')) ->> 'r') || '|set';
END
$$;

CREATE FUNCTION zc_user_grant_keyed(p_username text, p_patterns text[], p_role text,
                                    p_scope text, p_unit bigint, p_revoke boolean,
                                    p_actor_id bigint, p_actor text, p_addr text, p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'UserGrant');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_user_grant(p_username, p_patterns, p_role, p_scope, p_unit, p_revoke, p_actor_id,
                          p_actor, p_addr);
    RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', 'ok')) ->> 'r';
END
$$;

CREATE FUNCTION zc_team_create_keyed(p_kind text, p_org text, p_name text, p_actor_id bigint,
                                     p_actor text, p_addr text, p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'TeamCreate');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r',
        zc_team_create(p_kind, p_org, p_name, p_actor_id, p_actor, p_addr)::text)) ->> 'r';
END
$$;

-- 'MEMBERSHIP_ID|START_DATE': the start date defaults to the day of the first attempt.
CREATE FUNCTION zc_team_assign_keyed(p_team bigint, p_patterns text[], p_person bigint,
                                     p_post text, p_unit bigint, p_start date,
                                     p_actor_id bigint, p_actor text, p_addr text, p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'TeamAssign');
    mid bigint;
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    mid := zc_team_assign(p_team, p_patterns, p_person, p_post, p_unit, p_start, p_actor_id,
                         p_actor, p_addr);
    RETURN zc_idem_store(p_actor_id, p_key,
                         jsonb_build_object('r', mid || '|' || coalesce(p_start, zc_today())))
           ->> 'r';
END
$$;

CREATE FUNCTION zc_team_recall_keyed(p_membership bigint, p_patterns text[], p_end date,
                                     p_reason text, p_note text, p_actor_id bigint,
                                     p_actor text, p_addr text, p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'TeamRecall');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_team_recall(p_membership, p_patterns, p_end, p_reason, p_note, p_actor_id,
                           p_actor, p_addr);
    RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', 'ok')) ->> 'r';
END
$$;

CREATE FUNCTION zc_team_set_party_leader_keyed(p_team bigint, p_patterns text[],
                                               p_person bigint, p_actor_id bigint,
                                               p_actor text, p_addr text, p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'TeamSetPartyLeader');
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_team_set_party_leader(p_team, p_patterns, p_person, p_actor_id, p_actor, p_addr);
    RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', 'ok')) ->> 'r';
END
$$;
