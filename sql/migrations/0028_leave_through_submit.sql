-- 0028_leave_through_submit.sql -- leave submits through the engine's one function
-- (zc_approval_submit, 0027), with the attributes every kind's routes may choose by: its size in
-- days, the cadre's dispatching unit's level ('none' without one), the team's kind and the
-- level of its org unit. Resubmitting routes by the same attributes. Nothing else changes.

-- The attributes leave's routes choose by, for a request of p_days by the cadre serving in
-- team p_team with unit p_unit.
CREATE FUNCTION zc_leave_attrs(p_days integer, p_team bigint, p_unit bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'size', p_days,
        'unit_level', coalesce((SELECT u.level FROM dispatch_units u WHERE u.id = p_unit), 'none'),
        'team_kind', t.kind,
        'org_level', (SELECT o.level FROM org_units o WHERE o.code = t.org_code))
    FROM teams t WHERE t.id = p_team
$$;

CREATE OR REPLACE FUNCTION zc_leave_request(p_user bigint, p_key text, p_person bigint,
                                            p_patterns text[], p_first date, p_last date,
                                            p_reason text, p_channel text, p_actor text,
                                            p_addr text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb;
    m record;
    lid bigint;
    aid bigint;
    days integer := p_last - p_first + 1;
    attrs jsonb;
BEGIN
    prev := zc_idem_claim(p_user, p_key, 'LeaveRequest');
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    IF p_person IS NULL THEN  -- the caller's own request
        SELECT id INTO p_person FROM persons WHERE user_id = p_user;
    END IF;
    SELECT ms.team_id, t.org_code, coalesce(ms.unit_id, p.unit_id) AS unit_id, p.name
      INTO m
    FROM memberships ms JOIN teams t ON t.id = ms.team_id JOIN persons p ON p.id = ms.person_id
    WHERE ms.person_id = p_person AND ms.end_date IS NULL AND t.org_code LIKE ANY (p_patterns);
    IF NOT FOUND THEN
        RAISE EXCEPTION '队员不存在、不在任或不在您的管辖范围内' USING ERRCODE = 'ZC005',
            COLUMN = 'person_id';
    END IF;
    IF EXISTS (SELECT 1 FROM leave_requests l WHERE l.person_id = p_person
               AND l.status IN ('pending', 'approved', 'returned')
               AND l.first_day <= p_last
               AND coalesce(l.returned_on - 1, l.last_day) >= p_first) THEN
        RAISE EXCEPTION '与已有的请假申请日期重叠' USING ERRCODE = 'ZC006', COLUMN = 'first_day';
    END IF;
    attrs := zc_leave_attrs(days, m.team_id, m.unit_id);
    IF zc_route_for('leave', attrs, zc_today()) IS NULL THEN
        RAISE EXCEPTION '没有适用于 % 天请假的审批规则', days USING ERRCODE = 'ZC009',
            COLUMN = 'last_day';
    END IF;
    INSERT INTO leave_requests (person_id, team_id, village, first_day, last_day, reason,
                                channel, created_by)
    VALUES (p_person, m.team_id, m.org_code, p_first, p_last, p_reason, p_channel, p_user)
    RETURNING id INTO lid;
    aid := zc_approval_submit('leave', lid, attrs, m.org_code, m.unit_id,
                              format('%s 请假 %s 天（%s 至 %s）：%s', m.name, days, p_first,
                                     p_last, p_reason),
                              p_user);
    PERFORM zc_audit_append(p_user, p_actor, p_addr, 'leave.request', 'leave:' || lid,
                            jsonb_build_object('person', p_person, 'first', p_first,
                                               'last', p_last, 'days', days,
                                               'channel', p_channel, 'approval', aid));
    RETURN (zc_idem_store(p_user, p_key, jsonb_build_object('r', lid || ':' || aid))) ->> 'r';
END
$$;

CREATE OR REPLACE FUNCTION zc_leave_resubmit(p_user bigint, p_leave bigint, p_first date,
                                             p_last date, p_reason text, p_actor text,
                                             p_addr text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    l leave_requests;
    a approvals;
    days integer := p_last - p_first + 1;
    route integer;
BEGIN
    SELECT * INTO l FROM leave_requests WHERE id = p_leave FOR UPDATE;
    IF NOT FOUND OR l.created_by <> p_user THEN
        RAISE EXCEPTION '请假申请不存在或不是您提交的' USING ERRCODE = 'ZC005', COLUMN = 'id';
    END IF;
    IF l.status <> 'returned' THEN
        RAISE EXCEPTION '只有被退回的申请可以修改后重新提交（当前：%）', l.status
            USING ERRCODE = 'ZC009', COLUMN = 'id';
    END IF;
    IF EXISTS (SELECT 1 FROM leave_requests x WHERE x.person_id = l.person_id AND x.id <> l.id
               AND x.status IN ('pending', 'approved', 'returned') AND x.first_day <= p_last
               AND coalesce(x.returned_on - 1, x.last_day) >= p_first) THEN
        RAISE EXCEPTION '与已有的请假申请日期重叠' USING ERRCODE = 'ZC006', COLUMN = 'first_day';
    END IF;
    SELECT * INTO a FROM approvals WHERE subject_kind = 'leave' AND subject_id = l.id
    ORDER BY id DESC LIMIT 1 FOR UPDATE;
    route := zc_route_for('leave', zc_leave_attrs(days, l.team_id, a.unit_id), zc_today());
    IF route IS NULL THEN
        RAISE EXCEPTION '没有适用于 % 天请假的审批规则', days USING ERRCODE = 'ZC009',
            COLUMN = 'last_day';
    END IF;
    UPDATE leave_requests SET first_day = p_first, last_day = p_last, reason = p_reason,
        status = 'pending' WHERE id = l.id;
    UPDATE approvals SET status = 'pending', round = round + 1, route_id = route,
        submitted_at = now(), decided_at = NULL,
        summary = regexp_replace(summary, '请假 .*$', '') || format('请假 %s 天（%s 至 %s）：%s',
                  days, p_first, p_last, p_reason)
    WHERE id = a.id;
    PERFORM zc_approval_route(a.id);
    PERFORM zc_audit_append(p_user, p_actor, p_addr, 'leave.resubmit', 'leave:' || l.id,
                            jsonb_build_object('first', p_first, 'last', p_last,
                                               'days', days));
END
$$;
