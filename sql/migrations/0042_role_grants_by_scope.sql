-- 0042_role_grants_by_scope.sql -- who holds a grant at a scope, found by an index.
--
-- role_grants had only its primary key (user_id, role, scope_code): every question asked the
-- other way round ("the county office of 140929", "the administrators of unit 17") read the
-- whole table. zc_step_approvers asks it for every approval step opened (a leave request, a
-- recall, each decision that opens the next step), so a request's cost grew with the number of
-- accounts in the province: the demo province's 5,800 leave requests took 54 s, its city's 530
-- took 1 s (issue 18). The two indexes answer it directly; zc_step_approvers is written so
-- that the planner can use them (its CASE and OR could only be tested row by row).
CREATE INDEX role_grants_scope ON role_grants (scope_code, role);
CREATE INDEX role_grants_unit ON role_grants (unit_id, role) WHERE unit_id IS NOT NULL;

-- The users whose queue holds step s: holders of the step's grant (and, once it was raised,
-- of the grant it was raised to), and those they delegated to today. A delegate need not hold
-- the grant. The same set as 0027's, each kind of holder found by its own index. In plpgsql
-- because its plan is then kept for the session: a LANGUAGE sql function called from another
-- function is planned again at every call (0.5 ms of this query's 0.05 ms).
CREATE OR REPLACE FUNCTION zc_step_approvers(p_step bigint) RETURNS bigint[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (WITH s AS (SELECT * FROM approval_steps WHERE id = p_step),
    grants AS (
        SELECT g.* FROM s JOIN role_grants g ON g.unit_id = s.unit_id AND g.role = s.role
        UNION
        SELECT g.* FROM s JOIN role_grants g ON g.scope_code = s.org_code AND g.role = s.role
        WHERE s.unit_id IS NULL
        UNION
        SELECT g.* FROM s JOIN role_grants g ON g.scope_code = s.escalated_org
                                             AND g.role = s.escalated_role),
    holders AS (
        SELECT g.user_id, g.role, g.scope_code, g.unit_id
        FROM grants g JOIN users u ON u.id = g.user_id WHERE NOT u.disabled)
    SELECT coalesce(array_agg(DISTINCT x), '{}') FROM (
        SELECT user_id AS x FROM holders
        UNION
        SELECT d.to_user FROM delegations d JOIN holders h ON h.user_id = d.from_user
          AND h.role = d.role AND h.scope_code = d.scope_code
          AND h.unit_id IS NOT DISTINCT FROM d.unit_id
          JOIN users t ON t.id = d.to_user AND NOT t.disabled
        WHERE d.revoked_at IS NULL AND zc_today() BETWEEN d.first_day AND d.last_day) a);
END
$$;
