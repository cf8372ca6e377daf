-- 0153_stars_clock.sql -- the stars' and filings' times from the system clock (zc_now(), 0001;
-- docs/clock.md) instead of now(): a test run on a pinned day showed the filing of a half
-- dated the real day. The defaults and the two functions that set the times (0135) again,
-- with zc_now(); nothing else changes.

ALTER TABLE team_stars ALTER COLUMN computed_at SET DEFAULT zc_now();
ALTER TABLE star_adjustments ALTER COLUMN created_at SET DEFAULT zc_now();
ALTER TABLE filings ALTER COLUMN filed_at SET DEFAULT zc_now();
ALTER TABLE cadre_points ALTER COLUMN created_at SET DEFAULT zc_now();

-- StarsCompute: every team of the county with a published grade for the half (by the combine
-- rule in force on the half's last day) gets its stars; adjustments already applied stay.
-- Returns the number of teams rated.
CREATE OR REPLACE FUNCTION zc_stars_compute(p_user bigint, p_key text, p_patterns text[], p_county text,
                                 p_half date, p_actor text, p_addr text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_user, p_key, 'StarsCompute');
    last_day date := (p_half + interval '6 months - 1 day')::date;
    q1 date := p_half;
    q2 date := (p_half + interval '3 months')::date;
    how text;
    n integer;
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_stars_county(p_county, p_patterns);
    PERFORM zc_filing_open('stars', p_county, p_half, 'half');
    SELECT method INTO how FROM star_combine_rules WHERE valid_from <= last_day
    ORDER BY valid_from DESC LIMIT 1;
    IF NOT EXISTS (SELECT 1 FROM assessment_published
                   WHERE county_code = p_county AND subject = 'team'
                     AND quarter = CASE how WHEN 'earlier' THEN q1 ELSE q2 END) THEN
        RAISE EXCEPTION '% 的工作队考核等次尚未公布，不能评定星级',
            to_char(CASE how WHEN 'earlier' THEN q1 ELSE q2 END, 'YYYY"年"Q"季度"')
            USING ERRCODE = 'ZC009', COLUMN = 'half';
    END IF;
    WITH g AS (
        SELECT p.team_id, p.org_code, p.quarter, p.grade, ag.ord
        FROM assessment_published p JOIN assessment_grades ag ON ag.code = p.grade
        WHERE p.county_code = p_county AND p.subject = 'team' AND p.person_id IS NULL
          AND p.quarter IN (q1, q2)
    ), pick AS (
        SELECT DISTINCT ON (team_id) team_id, org_code, grade
        FROM g
        WHERE how IN ('lower', 'higher') OR quarter = CASE how WHEN 'earlier' THEN q1 ELSE q2 END
        ORDER BY team_id,
                 CASE how WHEN 'lower' THEN -ord WHEN 'higher' THEN ord ELSE 0 END
    ), calc AS (
        SELECT k.team_id, k.org_code, k.grade, pv.stars AS prev_stars,
               (SELECT r.stars FROM star_grade_rules r WHERE r.grade = k.grade
                  AND r.valid_from <= last_day ORDER BY r.valid_from DESC LIMIT 1) AS grade_stars,
               coalesce((SELECT sum(a.delta) FROM star_adjustments a
                         WHERE a.team_id = k.team_id AND a.half = p_half), 0)::smallint AS adj
        FROM pick k
        LEFT JOIN LATERAL (SELECT s.stars FROM team_stars s
                           WHERE s.team_id = k.team_id AND s.half < p_half
                           ORDER BY s.half DESC LIMIT 1) pv ON true
    )
    INSERT INTO team_stars (team_id, half, county_code, org_code, grade, first, base, adjust,
                            stars, computed_by)
    SELECT team_id, p_half, p_county, org_code, grade, prev_stars IS NULL,
           coalesce(prev_stars, grade_stars), adj,
           least(5, greatest(0, coalesce(prev_stars, grade_stars) + adj)), NULLIF(p_user, 0)
    FROM calc
    ON CONFLICT (team_id, half) DO UPDATE
        SET grade = EXCLUDED.grade, first = EXCLUDED.first, base = EXCLUDED.base,
            adjust = EXCLUDED.adjust, stars = EXCLUDED.stars,
            computed_by = EXCLUDED.computed_by, computed_at = zc_now();
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM zc_audit_append(p_user, p_actor, p_addr, 'stars.compute', 'county:' || p_county,
                            jsonb_build_object('half', p_half, 'method', how, 'teams', n));
    RETURN zc_idem_store(p_user, p_key, jsonb_build_object('r', n::text)) ->> 'r';
END
$$;

-- StarsFile / CadrePointsFile: the county's stars of a half year, or points of a quarter,
-- filed as an approval; a rejected or returned filing is filed again. Returns
-- 'filing|approval'.
CREATE OR REPLACE FUNCTION zc_filing_submit(p_user bigint, p_key text, p_patterns text[], p_kind text,
                                 p_county text, p_period date, p_actor text, p_addr text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_user, p_key,
                                CASE p_kind WHEN 'stars' THEN 'StarsFile'
                                            ELSE 'CadrePointsFile' END);
    fid bigint;
    aid bigint;
    n bigint;
    label text;
BEGIN
    IF prev IS NOT NULL THEN
        RETURN prev ->> 'r';
    END IF;
    PERFORM zc_stars_county(p_county, p_patterns);
    PERFORM zc_filing_open(p_kind, p_county, p_period, 'period');
    IF p_kind = 'stars' THEN
        SELECT count(*) INTO n FROM team_stars WHERE county_code = p_county AND half = p_period;
        label := to_char(p_period, 'YYYY"年"') ||
                 CASE WHEN extract(month FROM p_period) = 1 THEN '上半年' ELSE '下半年' END;
    ELSE
        SELECT count(*) INTO n FROM cadre_points
        WHERE county_code = p_county AND quarter = p_period AND kind = 'first';
        label := to_char(p_period, 'YYYY"年"Q"季度"');
    END IF;
    IF n = 0 THEN
        RAISE EXCEPTION '%尚未评定%，没有可备案的内容', label,
            CASE p_kind WHEN 'stars' THEN '星级' ELSE '初始积分' END
            USING ERRCODE = 'ZC009', COLUMN = 'period';
    END IF;
    INSERT INTO filings (kind, county_code, period, status, filed_by)
    VALUES (p_kind, p_county, p_period, 'pending', NULLIF(p_user, 0))
    ON CONFLICT (kind, county_code, period) DO UPDATE
        SET status = 'pending', filed_by = EXCLUDED.filed_by, filed_at = zc_now(),
            decided_at = NULL
    RETURNING id INTO fid;
    aid := zc_approval_submit(p_kind || '_filing', fid, jsonb_build_object('org_level', 3),
                              p_county, NULL,
                              format('%s%s%s备案（%s 条）',
                                     (SELECT name FROM org_units WHERE code = p_county), label,
                                     CASE p_kind WHEN 'stars' THEN '工作队星级'
                                                 ELSE '干部积分' END, n),
                              p_user);
    UPDATE filings SET approval_id = aid WHERE id = fid;
    PERFORM zc_audit_append(p_user, p_actor, p_addr, p_kind || '.file', 'county:' || p_county,
                            jsonb_build_object('period', p_period, 'filing', fid,
                                               'approval', aid, 'rows', n));
    RETURN zc_idem_store(p_user, p_key, jsonb_build_object('r', fid || '|' || aid)) ->> 'r';
END
$$;
