-- 0026_row_level_security.sql -- row-level security, the second line behind the scope checks
-- in C (issue 14; docs/rls.md).
--
-- The server runs every query in one pipeline after a statement that sets, for that
-- transaction only, who the query runs for (server/core/db.c, db_caller_set):
--   zhucun.scope  a text[] literal of LIKE patterns on org codes: the scopes of the caller's
--                 grants with a role the call may be made with ('{}' for nobody)
--   zhucun.user   the caller's user id (0 for nobody)
--   role          zhucun_export for the export's statements, the connection's own otherwise
-- The policies below read them through zc_scope() and zc_user(). A query that set neither
-- (psql as zhucun_app, a statement sent outside the pipeline) sees no row of these tables and
-- can write none. The tables' owner (the migrations' and admin commands' role, admin_dsn) is
-- not held by them: demo, rekey, housekeeping and the duty roll work on the whole province.
--
-- Each policy is written once FOR ALL: its USING clause filters what is read, updated and
-- deleted, and serves as the WITH CHECK of what is inserted or updated. The settings are read
-- in sub-selects, so a statement reads them once (an init plan), not once per row.

CREATE FUNCTION zc_scope() RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(nullif(current_setting('zhucun.scope', true), ''), '{}')::text[]
$$;

CREATE FUNCTION zc_user() RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(nullif(current_setting('zhucun.user', true), ''), '0')::bigint
$$;

-- Households: by their village.
ALTER TABLE households ENABLE ROW LEVEL SECURITY;
CREATE POLICY households_scope ON households
    USING (village_code LIKE ANY ((SELECT zc_scope())::text[]));

-- A household's states and members: those of a household the caller sees (the sub-select is
-- itself held by households' policy).
ALTER TABLE household_states ENABLE ROW LEVEL SECURITY;
CREATE POLICY household_states_scope ON household_states
    USING (EXISTS (SELECT 1 FROM households h WHERE h.id = household_id));

ALTER TABLE household_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY household_members_scope ON household_members
    USING (EXISTS (SELECT 1 FROM households h WHERE h.id = household_id));

-- Visits and follow-up items: by their village; an item's updates with their item.
ALTER TABLE visits ENABLE ROW LEVEL SECURITY;
CREATE POLICY visits_scope ON visits
    USING (village_code LIKE ANY ((SELECT zc_scope())::text[]));

ALTER TABLE follow_up_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY follow_up_items_scope ON follow_up_items
    USING (village_code LIKE ANY ((SELECT zc_scope())::text[]));

ALTER TABLE follow_up_updates ENABLE ROW LEVEL SECURITY;
CREATE POLICY follow_up_updates_scope ON follow_up_updates
    USING (EXISTS (SELECT 1 FROM follow_up_items i WHERE i.id = item_id));

-- Leave: LeaveList's rule (server/approval/store.c, store_leave_list): within the scope by
-- the team's village or township; the cadre's own; submitted by the caller; or one whose
-- approval the caller took part in or may decide now (a deputy through zc_step_approvers).
ALTER TABLE leave_requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY leave_requests_scope ON leave_requests
    USING (village LIKE ANY ((SELECT zc_scope())::text[])
           OR created_by = (SELECT zc_user())
           OR person_id IN (SELECT p.id FROM persons p WHERE p.user_id = (SELECT zc_user()))
           OR EXISTS (SELECT 1 FROM approvals a JOIN approval_steps s ON s.approval_id = a.id
                      WHERE a.subject_kind = 'leave' AND a.subject_id = leave_requests.id
                        AND (s.decided_by = (SELECT zc_user())
                             OR (s.status = 'pending'
                                 AND (SELECT zc_user()) = ANY (zc_step_approvers(s.id))))));

-- What must see past the caller's scope, run as the owner (SECURITY DEFINER, with a fixed
-- search path), and returns no more than the rule needs:
--   "one person, one household" is province-wide: the ID numbers already registered, by hash,
--     answered with their masked forms only;
--   five days and four nights excuse a cadre's approved leave days wherever the leave was
--     filed (a team before the current one): days and a reason, nothing else;
--   who may decide a step (leave's policy asks it) reads every grant and delegation of the
--     step's role: user ids, nothing else.
ALTER FUNCTION zc_household_registered SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION zc_leave_days(bigint, date, date) SECURITY DEFINER
    SET search_path = public, pg_temp;
ALTER FUNCTION zc_step_approvers(bigint) SECURITY DEFINER SET search_path = public, pg_temp;

-- The export's own role: the export statements run as it (SET LOCAL ROLE in their pipeline;
-- server/export/store.c). It reads the exported tables and nothing else, writes nothing, and
-- is held by the same policies.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zhucun_export') THEN
        CREATE ROLE zhucun_export NOLOGIN;
    END IF;
END
$$;
GRANT zhucun_export TO zhucun_app;
GRANT USAGE ON SCHEMA public TO zhucun_export;
GRANT SELECT ON org_units, dispatch_units, teams, memberships, persons, households,
    household_members, visits, follow_up_items, checkins, official_business, leave_requests,
    approvals, approval_steps, audit, export_tombstones, zc_clock_pin TO zhucun_export;
