-- 0034_recall_id_and_clock.sql -- TeamRecall answers the recall's own id too (ApprovalHistory
-- names a recall by it: subject_id for kind 'recall'), and an approval's submission time runs
-- on the clock (zc_now: on a pinned clock "submitted" and "pending since" agreed with nothing).

ALTER TABLE approvals ALTER COLUMN submitted_at SET DEFAULT zc_now();

-- TeamRecall: 'pending:<approval>:<recall>' for a recall sent for approval (0027 said
-- 'pending:<approval>'), 'ended' for any other reason. Otherwise as 0027.
CREATE OR REPLACE FUNCTION zc_team_recall_request(p_membership bigint, p_patterns text[], p_end date,
                                       p_reason text, p_note text, p_actor_id bigint,
                                       p_actor text, p_addr text, p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_actor_id, p_key, 'TeamRecall');
    m record;
    rid bigint;
    aid bigint;
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    IF p_reason <> 'recall' THEN
        PERFORM zc_team_recall(p_membership, p_patterns, p_end, p_reason, p_note, p_actor_id,
                               p_actor, p_addr);
        RETURN zc_idem_store(p_actor_id, p_key, jsonb_build_object('r', 'ended')) ->> 'r';
    END IF;
    SELECT ms.id, ms.team_id, ms.start_date, ms.end_date, t.org_code, t.kind AS team_kind,
           t.name AS team, coalesce(ms.unit_id, p.unit_id) AS unit_id, p.name
      INTO m
    FROM memberships ms JOIN teams t ON t.id = ms.team_id JOIN persons p ON p.id = ms.person_id
    WHERE ms.id = p_membership;
    IF NOT FOUND OR NOT zc_team_visible(m.team_id, p_patterns, '{}') THEN
        RAISE EXCEPTION '任职记录不存在或不在您的管辖范围内'
            USING ERRCODE = 'ZC005', COLUMN = 'membership_id';
    END IF;
    IF m.end_date IS NOT NULL THEN
        RAISE EXCEPTION '该任职已于 % 结束', m.end_date USING ERRCODE = 'ZC009',
            COLUMN = 'membership_id';
    END IF;
    IF p_end < m.start_date THEN
        RAISE EXCEPTION '结束日期不能早于任职开始日期 %', m.start_date USING ERRCODE = 'ZC003',
            COLUMN = 'end_date';
    END IF;
    IF p_end > zc_today() THEN
        RAISE EXCEPTION '结束日期不能晚于今天' USING ERRCODE = 'ZC003', COLUMN = 'end_date';
    END IF;
    IF EXISTS (SELECT 1 FROM recall_requests r WHERE r.membership_id = p_membership
               AND r.status IN ('pending', 'returned')) THEN
        RAISE EXCEPTION '该队员已有待审批的召回申请' USING ERRCODE = 'ZC006',
            COLUMN = 'membership_id';
    END IF;
    INSERT INTO recall_requests (membership_id, team_id, org_code, end_date, note, created_by)
    VALUES (p_membership, m.team_id, m.org_code, p_end, p_note, p_actor_id)
    RETURNING id INTO rid;
    aid := zc_approval_submit('recall', rid,
                              jsonb_build_object('team_kind', m.team_kind,
                                                 'unit_level',
                                                 coalesce((SELECT u.level FROM dispatch_units u
                                                           WHERE u.id = m.unit_id), 'none'),
                                                 'org_level', (SELECT o.level FROM org_units o
                                                               WHERE o.code = m.org_code)),
                              m.org_code, m.unit_id,
                              format('召回 %s（%s）：%s', m.name, m.team, p_note), p_actor_id);
    PERFORM zc_audit_append(p_actor_id, p_actor, p_addr, 'team.recall_request',
                            'team:' || m.team_id,
                            jsonb_build_object('membership', p_membership, 'recall', rid,
                                               'end', p_end, 'note', p_note, 'approval', aid));
    RETURN zc_idem_store(p_actor_id, p_key,
                         jsonb_build_object('r', 'pending:' || aid || ':' || rid)) ->> 'r';
END
$$;

-- Resubmitting a returned leave: submitted again on the clock. Otherwise as 0028.
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
        submitted_at = zc_now(), decided_at = NULL,
        summary = regexp_replace(summary, '请假 .*$', '') || format('请假 %s 天（%s 至 %s）：%s',
                  days, p_first, p_last, p_reason)
    WHERE id = a.id;
    PERFORM zc_approval_route(a.id);
    PERFORM zc_audit_append(p_user, p_actor, p_addr, 'leave.resubmit', 'leave:' || l.id,
                            jsonb_build_object('first', p_first, 'last', p_last,
                                               'days', days));
END
$$;
