-- 0044_outcomes_as_owner.sql -- what an approval's outcome does runs with the owner's rights.
--
-- A decision is checked by the engine (zc_approval_decide: the step is the decider's by grant
-- or by delegation, at its turn); what the decision then does to its subject — a leave
-- approved, a recall ending the cadre's membership, a household entering monitoring — is the
-- kind's `on_decided` function, and it ran with the decider's rights, so under row-level
-- security (0026, 0033, 0043) it saw only the decider's scope. A deputy from outside that scope
-- (a delegation needs no grant of the delegator's: 0009) approved a recall's last step, and
-- the membership, hidden from the deputy, was left serving without a word
-- (test_recall_decided_by_deputy_out_of_scope). Every kind's outcome is now SECURITY DEFINER
-- with a fixed search_path: it crosses the scope because the approval, already checked, says
-- so (docs/rls.md, "What may see past the scope"). A later kind's migration does the same for
-- its own function (docs/approvals.md, "Adding a kind"; test_approvals checks every row of
-- approval_kinds).
DO $$
DECLARE
    k record;
BEGIN
    FOR k IN SELECT on_decided FROM approval_kinds LOOP
        EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER SET search_path = public, pg_temp',
                       k.on_decided::regprocedure);
    END LOOP;
END
$$;
