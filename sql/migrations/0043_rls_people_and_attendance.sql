-- 0043_rls_people_and_attendance.sql -- row-level security on people, teams and attendance
-- (docs/rls.md, "Not yet held by policies"): persons, teams, memberships, checkins,
-- official_business, visit_duties and delegations relied on the C checks alone. Each now has
-- one policy FOR ALL (its USING is also the WITH CHECK of inserts and updates), reading the
-- caller through (SELECT zc_scope()) and (SELECT zc_user()) init plans, as 0026.
--
-- The rules by place are those of docs/access.md; the rules that cross places are these:
--   a cadre's own team(s), past and present (their week, their leave, their duties), and the
--     teams where a unit's cadres serve now, for that unit's administrator (TeamShow,
--     TeamMembers: zc_team_visible's rule) -- zc_caller_teams, below;
--   a person kept by an office above the caller's area (a provincial or city unit's cadre a
--     county office assigns to one of its teams: zc_team_assign's rule) -- zc_scope_above;
--   a person serving or having served in a team the caller sees (their name in the team, the
--     attendance week and report, the duty report), and the caller's own person.
-- The policies read each other only downwards (persons -> memberships -> teams; checkins and
-- official_business -> persons / memberships), and the one rule that would read back up (the
-- teams where a unit's cadres serve, read from memberships) goes through a SECURITY DEFINER
-- function, so that no policy recurses.

-- The org codes above the caller's scope: for '{140105%}', the province's and the city's codes
-- ('140000000000', '140100000000'). No table is read. (The helpers below are plpgsql so that a
-- session plans their queries once; an SQL function that is not inlined is planned at every
-- statement that calls it.)
CREATE FUNCTION zc_scope_above() RETURNS text[]
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN (SELECT coalesce(array_agg(DISTINCT rpad(left(p, n), 12, '0')), '{}')
            FROM unnest(zc_scope()) p, unnest(ARRAY[2, 4, 6, 9]) n
            WHERE n < length(rtrim(p, '%')));
END
$$;

-- The caller's own person (0 for none), read under persons' policy (whose user branch lets it
-- through): for the "one's own" branches of check-ins and official business, one init plan
-- instead of persons' whole policy planned into theirs.
CREATE FUNCTION zc_user_person() RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN coalesce((SELECT p.id FROM persons p WHERE p.user_id = zc_user()), 0);
END
$$;

-- The teams user p_user sees past their area: those their own person served in (at any time:
-- their week and their leave name the team of the day), and those where a cadre of a unit
-- they administer serves now (by the membership's unit or, without one, the person's). It
-- crosses the scope by design -- a unit's cadres serve wherever they are sent -- and reads
-- memberships and persons as their owner because teams' policy cannot read memberships under
-- memberships' policy, which reads teams. Team ids only.
CREATE FUNCTION zc_caller_teams(p_user bigint) RETURNS bigint[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF p_user = 0 THEN
        RETURN '{}';
    END IF;
    RETURN (SELECT coalesce(array_agg(DISTINCT x.team_id), '{}') FROM (
        SELECT m.team_id FROM persons p JOIN memberships m ON m.person_id = p.id
        WHERE p.user_id = p_user
        UNION ALL
        SELECT m.team_id FROM role_grants g
        JOIN memberships m ON m.unit_id = g.unit_id AND m.end_date IS NULL
        WHERE g.user_id = p_user AND g.role = 'unit_admin'
        UNION ALL
        SELECT m.team_id FROM role_grants g
        JOIN persons p ON p.unit_id = g.unit_id
        JOIN memberships m ON m.person_id = p.id AND m.end_date IS NULL AND m.unit_id IS NULL
        WHERE g.user_id = p_user AND g.role = 'unit_admin'
    ) x);
END
$$;
-- A unit's serving cadres, for the function above (and UnitShow's count): by index, not by a
-- scan of every membership.
CREATE INDEX memberships_unit_active ON memberships (unit_id) WHERE end_date IS NULL;

-- Teams: by their village or township; or one of the caller's own or their unit's (above).
ALTER TABLE teams ENABLE ROW LEVEL SECURITY;
CREATE POLICY teams_scope ON teams
    USING (org_code LIKE ANY ((SELECT zc_scope())::text[])
           OR id = ANY ((SELECT zc_caller_teams((SELECT zc_user())))::bigint[]));

-- Memberships: those of a team the caller sees (the sub-select is held by teams' policy); and
-- those naming a dispatching unit of the caller's area (UnitShow counts the unit's serving
-- cadres, wherever they serve).
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
CREATE POLICY memberships_scope ON memberships
    USING (EXISTS (SELECT 1 FROM teams t WHERE t.id = team_id)
           OR unit_id IN (SELECT u.id FROM dispatch_units u
                          WHERE u.org_code LIKE ANY ((SELECT zc_scope())::text[])));

-- Persons: kept within the scope, or by an office above it (zc_team_assign takes them); the
-- caller's own; or one with a membership the caller sees (held by memberships' policy).
ALTER TABLE persons ENABLE ROW LEVEL SECURITY;
CREATE POLICY persons_scope ON persons
    USING (org_code LIKE ANY ((SELECT zc_scope())::text[])
           OR org_code = ANY ((SELECT zc_scope_above())::text[])
           OR user_id = (SELECT zc_user())
           OR EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = persons.id));

-- Check-ins: by the village whose geofence judged them; or the caller's own (their week, and
-- the speed check against their last check-in, after a move to another team).
ALTER TABLE checkins ENABLE ROW LEVEL SECURITY;
CREATE POLICY checkins_scope ON checkins
    USING (village_code LIKE ANY ((SELECT zc_scope())::text[])
           OR person_id = (SELECT zc_user_person()));
-- The policy reads village_code: with it in the index by person, the weekly judging of the duty
-- engine (zc_attendance_weeks) still reads the index alone, as it did before the policy.
CREATE INDEX checkins_person_village ON checkins (person_id, at) INCLUDE (flags, village_code);
DROP INDEX checkins_person;
ALTER INDEX checkins_person_village RENAME TO checkins_person;

-- Official business: of a cadre with a membership the caller sees (it is recorded for a day
-- served in a team within the scope: the team's area sees it, not the area where the cadre's
-- record happens to be kept), or the caller's own.
ALTER TABLE official_business ENABLE ROW LEVEL SECURITY;
CREATE POLICY official_business_scope ON official_business
    USING (EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = official_business.person_id)
           OR person_id = (SELECT zc_user_person()));

-- Visit duties: by their village. The table is partitioned; zhucun_app has no right on a
-- partition, so the parent's policy holds.
ALTER TABLE visit_duties ENABLE ROW LEVEL SECURITY;
CREATE POLICY visit_duties_scope ON visit_duties
    USING (village_code LIKE ANY ((SELECT zc_scope())::text[]));

-- Delegations: the caller's own, made by them or to them (DelegationList's rule). Who may
-- decide a step through a delegation is zc_step_approvers' question (SECURITY DEFINER, 0026).
ALTER TABLE delegations ENABLE ROW LEVEL SECURITY;
CREATE POLICY delegations_scope ON delegations
    USING (from_user = (SELECT zc_user()) OR to_user = (SELECT zc_user()));
