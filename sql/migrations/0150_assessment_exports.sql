-- 0150_assessment_exports.sql -- the two records of 0130 that no part made an export kind:
-- a quarter's rounds (their status, approval and day of publication) and the circulars (the
-- text, the table and the hashes of their PDF and xlsx), exported incrementally like every
-- record people write (0045; docs/export.md), by the county and by the issuing office.
CALL zc_export_kind('assessment_rounds', 'county_code');
CALL zc_export_kind('circulars', 'org_code');
