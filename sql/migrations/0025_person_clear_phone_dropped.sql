-- 0025_person_clear_phone_dropped.sql -- persons' phones (people domain) kept sealed only
-- (issue 14; docs/encryption.md). 0024 added the sealed columns and the server writes them;
-- a person written before holds the phone in clear only until `zhucun-server rekey` seals it.
-- The clear column goes here, once no row needs it.

DO $$
DECLARE
    n bigint;
BEGIN
    SELECT count(*) INTO n FROM persons WHERE phone_enc IS NULL OR phone_hmac IS NULL;
    IF n > 0 THEN
        RAISE EXCEPTION '% persons hold their phones in clear only (not sealed yet)', n
            USING HINT = 'seal them with `zhucun-server rekey --config FILE` (the server''s '
                         'configuration, naming its [data] key_file), then migrate again '
                         '(docs/encryption.md)';
    END IF;
END
$$;

ALTER TABLE persons
    DROP COLUMN phone,
    ALTER COLUMN phone_enc SET NOT NULL,
    ALTER COLUMN phone_enc SET DEFAULT '',
    ALTER COLUMN phone_hmac SET NOT NULL,
    ALTER COLUMN phone_hmac SET DEFAULT '';
