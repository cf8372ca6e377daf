-- 0033_approvals_rls.sql -- row-level security on approvals and their steps (docs/rls.md).
-- An approval's summary names the person and what they asked ("演示贾一 请假 2 天：家中老人住院"),
-- its steps who decided and why: records of people, held like leave since 0026. With the C
-- checks off, ApprovalHistory showed another county's approvals; now the database refuses.
--
-- An approval is the caller's when its place (the subject's village or township) is within
-- the scope, when they submitted it, or when they decided or may now decide one of its steps
-- (grants, deputies, escalation: zc_step_approvers). A step is the caller's with its approval.
-- The step test reads approval_steps through a SECURITY DEFINER function: a policy on
-- approvals that read approval_steps under approval_steps' own policy (which reads approvals)
-- would recurse.

-- Whether user p_user decided, or may now decide, a step of approval p_approval.
CREATE FUNCTION zc_approval_involves(p_approval bigint, p_user bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT p_user <> 0 AND EXISTS (
        SELECT 1 FROM approval_steps s
        WHERE s.approval_id = p_approval
          AND (s.decided_by = p_user
               OR (s.status = 'pending' AND p_user = ANY (zc_step_approvers(s.id)))))
$$;

ALTER TABLE approvals ENABLE ROW LEVEL SECURITY;
CREATE POLICY approvals_scope ON approvals
    USING (org_code LIKE ANY ((SELECT zc_scope())::text[])
           OR submitted_by = (SELECT zc_user())
           OR zc_approval_involves(id, (SELECT zc_user())));

ALTER TABLE approval_steps ENABLE ROW LEVEL SECURITY;
CREATE POLICY approval_steps_scope ON approval_steps
    USING (EXISTS (SELECT 1 FROM approvals a WHERE a.id = approval_id));

-- Leave's and recall's policies asked the same of the steps; they now ask the function (the
-- steps' own policy holds there too, and the question is the same).
ALTER POLICY leave_requests_scope ON leave_requests
    USING (village LIKE ANY ((SELECT zc_scope())::text[])
           OR created_by = (SELECT zc_user())
           OR person_id IN (SELECT p.id FROM persons p WHERE p.user_id = (SELECT zc_user()))
           OR EXISTS (SELECT 1 FROM approvals a
                      WHERE a.subject_kind = 'leave' AND a.subject_id = leave_requests.id));
ALTER POLICY recall_requests_scope ON recall_requests
    USING (org_code LIKE ANY ((SELECT zc_scope())::text[])
           OR created_by = (SELECT zc_user())
           OR EXISTS (SELECT 1 FROM approvals a
                      WHERE a.subject_kind = 'recall' AND a.subject_id = recall_requests.id));
