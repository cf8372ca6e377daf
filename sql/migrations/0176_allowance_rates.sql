-- 0176_allowance_rates.sql -- publishing the allowance rates (issue 23: "rule rows per unit
-- level, and per county where the county adds its own"; SPEC D4; docs/allowances.md "The
-- rates"): AllowanceRateSet, by the province office (a level's rate for every county) or a
-- county office (its county's own rate for a level), effective from a month not before the
-- current one; AllowanceRateList, the rates that apply in a county on a day and where each came
-- from. The limits are common/rules/allowance.h's numbers.
--
-- A statement keeps the rate it was computed with: it holds the amounts (living_rate_fen,
-- transport_fen) and the row (rate_id); a version may only start in the current month or
-- later, so no ended (confirmed, approved, frozen) month changes its rate; and a row a
-- statement was computed with is never changed again (a new version from a later month).
--
-- No row-level security: the rates are published rules, not people's records; every reader
-- of the call reads every county's (docs/allowances.md says why).

ALTER TABLE allowance_rates
    ADD COLUMN set_by bigint REFERENCES users (id),
    ADD COLUMN set_at timestamptz,
    -- the export's place: the county of a county's own row, the province for the others
    ADD COLUMN org_code text COLLATE "C" NOT NULL
        GENERATED ALWAYS AS (coalesce(county_code, '140000000000')) STORED;

-- How many statements were computed with rate row p_rate, whoever asks: a province office
-- sees no statement under row-level security, yet may not change a rate one was computed with.
-- SECURITY DEFINER; it returns a count only.
CREATE FUNCTION zc_allowance_rate_used(p_rate bigint) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT count(*)::integer FROM allowance_statements s WHERE s.rate_id = p_rate
$$;

-- A row a statement was computed with keeps its amounts, whoever writes (the server, psql as
-- the owner): only its end (valid_to) may move, when a later version is published.
CREATE FUNCTION zc_allowance_rate_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.living_fen_per_day, NEW.transport_fen, NEW.unit_level, NEW.county_code,
        NEW.valid_from) IS DISTINCT FROM (OLD.living_fen_per_day, OLD.transport_fen,
                                          OLD.unit_level, OLD.county_code, OLD.valid_from)
       AND zc_allowance_rate_used(OLD.id) > 0 THEN
        RAISE EXCEPTION '补助标准 #% 已用于计算补助表，不能修改；请发布从以后月份起的新标准',
            OLD.id USING ERRCODE = 'ZC009', COLUMN = 'valid_from';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER allowance_rates_kept BEFORE UPDATE ON allowance_rates
    FOR EACH ROW EXECUTE FUNCTION zc_allowance_rate_kept();
CREATE FUNCTION zc_allowance_rate_no_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '补助标准不能删除；请发布新的标准' USING ERRCODE = 'ZC009';
END
$$;
CREATE TRIGGER allowance_rates_no_delete BEFORE DELETE ON allowance_rates
    FOR EACH ROW EXECUTE FUNCTION zc_allowance_rate_no_delete();

-- AllowanceRateSet: p_county '' a province-wide version (the caller holds the province office:
-- p_province), else county p_county's own (a county within p_patterns, the caller's county
-- office grants). From month p_from (not before the current month); the version before it of
-- the same level and county ends the month before, and the new one ends where a later one
-- starts. The same level, county and month published again replaces the amounts, unless a
-- statement was computed with them. Returns the row's id.
CREATE FUNCTION zc_allowance_rate_set(p_user bigint, p_key text, p_province boolean,
                                      p_patterns text[], p_level text, p_county text,
                                      p_living bigint, p_transport bigint, p_from date,
                                      p_note text, p_actor text, p_addr text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_user, p_key, 'AllowanceRateSet');
    county text := NULLIF(p_county, '');
    old allowance_rates;
    next_from date;
    rid bigint;
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    IF county IS NULL AND NOT p_province THEN
        RAISE EXCEPTION '全省的补助标准由省驻村办发布；县自行规定的标准请填写本县区划代码'
            USING ERRCODE = 'ZC007', COLUMN = 'county_code';
    END IF;
    IF county IS NOT NULL THEN
        IF cardinality(p_patterns) = 0 THEN
            RAISE EXCEPTION '县自行规定的补助标准由该县驻村办发布'
                USING ERRCODE = 'ZC007', COLUMN = 'county_code';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM org_units o WHERE o.code = county AND o.level = 3)
           OR NOT county LIKE ANY (p_patterns) THEN
            RAISE EXCEPTION '县 % 不存在或不在您的管辖范围内', county
                USING ERRCODE = 'ZC005', COLUMN = 'county_code';
        END IF;
    END IF;
    IF p_from < date_trunc('month', zc_today())::date THEN
        RAISE EXCEPTION '% 已过去：补助标准只能从本月（%）或以后的月份起施行，已计算的月份不变',
            to_char(p_from, 'YYYY"年"MM"月"'), to_char(zc_today(), 'YYYY"年"MM"月"')
            USING ERRCODE = 'ZC009', COLUMN = 'valid_from';
    END IF;
    -- one writer of a level's versions at a time
    PERFORM pg_advisory_xact_lock(hashtext('allowance_rates:' || p_level || ':'
                                           || coalesce(county, '')));
    SELECT * INTO old FROM allowance_rates r
    WHERE r.unit_level = p_level AND r.county_code IS NOT DISTINCT FROM county
      AND r.valid_from = p_from;
    IF FOUND THEN
        IF zc_allowance_rate_used(old.id) > 0 THEN
            RAISE EXCEPTION '% 起的补助标准已用于计算 % 张补助表，不能修改；请从以后的月份起发布新标准',
                to_char(p_from, 'YYYY"年"MM"月"'), zc_allowance_rate_used(old.id)
                USING ERRCODE = 'ZC009', COLUMN = 'valid_from';
        END IF;
        UPDATE allowance_rates SET living_fen_per_day = p_living, transport_fen = p_transport,
            note = p_note, set_by = NULLIF(p_user, 0), set_at = zc_now()
        WHERE id = old.id;
        rid := old.id;
    ELSE
        SELECT min(r.valid_from) INTO next_from FROM allowance_rates r
        WHERE r.unit_level = p_level AND r.county_code IS NOT DISTINCT FROM county
          AND r.valid_from > p_from;
        UPDATE allowance_rates r SET valid_to = (p_from - 1)
        WHERE r.unit_level = p_level AND r.county_code IS NOT DISTINCT FROM county
          AND r.valid_from < p_from AND (r.valid_to IS NULL OR r.valid_to >= p_from);
        INSERT INTO allowance_rates (unit_level, county_code, living_fen_per_day, transport_fen,
                                     valid_from, valid_to, note, set_by, set_at)
        VALUES (p_level, county, p_living, p_transport, p_from, next_from - 1, p_note,
                NULLIF(p_user, 0), zc_now())
        RETURNING id INTO rid;
    END IF;
    PERFORM zc_audit_append(p_user, p_actor, p_addr, 'allowance.rate_set',
                            coalesce('county:' || county, 'province'),
                            jsonb_build_object('rate', rid, 'unit_level', p_level,
                                               'valid_from', p_from,
                                               'living_fen_per_day', p_living,
                                               'transport_fen', p_transport,
                                               'replaced', old.id));
    RETURN zc_idem_store(p_user, p_key, jsonb_build_object('r', rid::text)) ->> 'r';
END
$$;

-- AllowanceRateList: per unit level, the row zc_allowance_rate chooses for county p_county
-- ('' none: the province-wide rows) in day p_on's month, with where it came from and how many
-- statements were computed with it. NOT_FOUND naming county_code for a code that is not a
-- county.
CREATE FUNCTION zc_allowance_rate_list(p_county text, p_on date)
RETURNS TABLE (id bigint, unit_level text, source text, county_code text, county_name text,
               living_fen_per_day bigint, transport_fen bigint, valid_from text,
               valid_to text, note text, set_by text, set_at text, statements integer)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF p_county <> '' AND NOT EXISTS (SELECT 1 FROM org_units o WHERE o.code = p_county
                                      AND o.level = 3) THEN
        RAISE EXCEPTION '县 % 不存在', p_county USING ERRCODE = 'ZC005', COLUMN = 'county_code';
    END IF;
    RETURN QUERY
    SELECT r.id, r.unit_level, CASE WHEN r.county_code IS NULL THEN 'province' ELSE 'county' END,
           coalesce(r.county_code, ''), coalesce(o.name, ''), r.living_fen_per_day,
           r.transport_fen, r.valid_from::text, coalesce(r.valid_to::text, ''), r.note,
           coalesce(u.display_name, ''),
           coalesce(to_char(r.set_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), ''),
           zc_allowance_rate_used(r.id)
    FROM unnest(ARRAY['central', 'province', 'city', 'county']) WITH ORDINALITY AS l(level, n)
    CROSS JOIN LATERAL zc_allowance_rate(l.level, NULLIF(p_county, ''),
                                         date_trunc('month', p_on)::date) r
    LEFT JOIN org_units o ON o.code = r.county_code
    LEFT JOIN users u ON u.id = r.set_by
    WHERE r.id IS NOT NULL
    ORDER BY l.n;
END
$$;

GRANT INSERT, UPDATE ON allowance_rates TO zhucun_app;

CALL zc_export_kind('allowance_rates', 'org_code');
