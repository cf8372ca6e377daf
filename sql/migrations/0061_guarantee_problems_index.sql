-- 0061_guarantee_problems_index.sql -- the open problems indexed as the gap list reads them
-- (GuaranteeGaps, server/guarantee/store.c; docs/guarantees.md): by household, only the entries
-- that are problems and not resolved, in household order, so that a page of the list reads the
-- candidates from its position on and stops once it has its households. The index of 0060 held
-- every unresolved entry (most of them checks that are no problem: 548,420 of 574,000 in the
-- city-scale demo), which a page read whole: 3.5 s a page of 500 households at city scale
-- (250,400 households), 93 ms with this one.
CREATE INDEX guarantee_entries_problems ON guarantee_entries (household_id)
    WHERE resolved_on IS NULL
      AND zc_guarantee_problem(kind, status, delivered, chronic, renovation);
DROP INDEX guarantee_entries_open;
