-- 0151_assess_county_reads.sql -- the task and study indicators (0131, 0145) read the county
-- once (docs/assessment.md "How the indicators read").
--
-- zc_assess_task joined every team of the cohort to the ledger items, visit duties and
-- households by `village_code LIKE <the team's pattern>`: a join no hash can serve, so each
-- team paid a scan of the tables (a county of 250 teams: 250 scans of the province's
-- households in one AssessRoundOpen). Here each table is read once, by the range of the
-- county's village codes, summed by village, and every village finds its teams by equality: a
-- village team by its village's code, a township team by the township's nine digits. A village
-- code of twelve digits never equals a township's nine, so one key column serves both kinds of
-- team.
--
-- The range is [the county's six digits, the next six digits): every code is digits only, so
-- the range holds the same rows under the C collation and the database's default one, and the
-- indexes of either serve it whatever plan a SQL function's parameters get.
--
-- zc_assess_circular numbered a round's circular by the count of the county's circulars of the
-- year plus one: two rounds published at once got the same number (and one publication failed on
-- the unique key), and an inspection circular's own number could be the same. It now takes the
-- next of its own series (the office's 代字, as the demo's circulars had it) under a lock, and
-- dates the circular by the round's publication, so that the demo can issue its published
-- rounds' circulars through it.
--
-- zc_study_indicator counted every week beginning in the quarter, also the weeks of the
-- current quarter still to come; it now counts the weeks that have ended (by yesterday), as the
-- presence indicator does, and scores 100 with '无已结束的周' a subject with no such week.

CREATE OR REPLACE FUNCTION zc_assess_task(p_county text, p_quarter date, p_subject text)
RETURNS TABLE (team_id bigint, person_id bigint, score numeric, evidence text)
LANGUAGE sql STABLE AS $$
    WITH c AS (SELECT * FROM zc_assess_cohort(p_county, p_quarter, p_subject)),
    r AS (
        SELECT left(p_county, 6) AS lo, lpad((left(p_county, 6)::int + 1)::text, 6, '0') AS hi,
               least(zc_quarter_last(p_quarter), zc_today() - 1) AS last
    ),
    t AS (   -- a team's key: its village's code, or its township's nine digits
        SELECT t.id, CASE t.kind WHEN 'village' THEN t.org_code::text
                                 ELSE left(t.org_code, 9) END AS k
        FROM teams t WHERE t.id IN (SELECT c.team_id FROM c)
    ),
    months AS (
        SELECT m::date AS m FROM r,
             generate_series(p_quarter, zc_quarter_last(p_quarter), interval '1 month') m
        WHERE (m + interval '1 month')::date <= r.last + 1
    ),
    h AS (   -- the county's households poverty-alleviated or monitored at the quarter's end
        SELECT h.id, h.village_code FROM r
        JOIN households h ON h.village_code >= r.lo AND h.village_code < r.hi
        WHERE (SELECT s.category FROM household_states s WHERE s.household_id = h.id
               AND s.valid_from <= zc_quarter_last(p_quarter)
               ORDER BY s.valid_from DESC LIMIT 1) IN ('poverty_alleviated', 'monitored')
    ),
    due AS (  -- what is due in the county, a row each: (village, kind, met)
        SELECT i.village_code::text AS vc, 'l' AS kind,
               i.status = 'done' AND i.done_at::date <= i.deadline AS ok
        FROM r JOIN ledger_items i ON i.village_code >= r.lo AND i.village_code < r.hi
                                  AND i.deadline BETWEEN p_quarter AND r.last
        UNION ALL
        SELECT d.village_code::text, 'v', d.done >= d.required
        FROM r JOIN visit_duties d ON d.village_code >= r.lo AND d.village_code < r.hi
                                  AND d.period_first >= p_quarter - 62
                                  AND d.period_last BETWEEN p_quarter AND r.last
        UNION ALL
        SELECT h.village_code::text, 'i',
               EXISTS (SELECT 1 FROM income_sums s
                       WHERE s.household_id = h.id AND s.month = months.m)
        FROM h CROSS JOIN months
    ),
    pv AS (   -- summed by village first: the key join below meets a village once, not a row
        SELECT vc, count(*) FILTER (WHERE kind = 'l') AS ld,
               count(*) FILTER (WHERE kind = 'l' AND ok) AS lo,
               count(*) FILTER (WHERE kind = 'v') AS vd,
               count(*) FILTER (WHERE kind = 'v' AND ok) AS vo,
               count(*) FILTER (WHERE kind = 'i') AS id_,
               count(*) FILTER (WHERE kind = 'i' AND ok) AS io
        FROM due GROUP BY vc
    ),
    pt AS (   -- each village's sums to its village team and its township's team
        SELECT t.id, sum(pv.ld) AS ld, sum(pv.lo) AS lo, sum(pv.vd) AS vd, sum(pv.vo) AS vo,
               sum(pv.id_) AS id_, sum(pv.io) AS io
        FROM pv CROSS JOIN LATERAL (VALUES (pv.vc), (left(pv.vc, 9))) k (k)
        JOIN t ON t.k = k.k
        GROUP BY t.id
    ),
    s AS (
        SELECT c.team_id, c.person_id,
               coalesce(pt.ld, 0) AS ld, coalesce(pt.lo, 0) AS lo,
               coalesce(pt.vd, 0) AS vd, coalesce(pt.vo, 0) AS vo,
               coalesce(pt.id_, 0) AS id_, coalesce(pt.io, 0) AS io
        FROM c LEFT JOIN pt ON pt.id = c.team_id
    )
    SELECT s.team_id, s.person_id,
           CASE WHEN s.ld + s.vd + s.id_ = 0 THEN 100
                ELSE round(100.0 * (s.lo + s.vo + s.io) / (s.ld + s.vd + s.id_), 2) END,
           format('台账 %s/%s，走访 %s/%s，收入 %s/%s', s.lo, s.ld, s.vo, s.vd, s.io, s.id_)
    FROM s
$$;

-- The study indicator (0145), over the weeks that have ended: for teams, the share of the
-- quarter's ended weeks (those beginning in it) in which the team studied, among the weeks a
-- member served; for cadres, the share of the ended weeks they served in which they attended
-- a study. Every subject of the assessment's cohort is scored: one with no ended week served
-- scores 100 ('无已结束的周').
CREATE OR REPLACE FUNCTION zc_study_indicator(p_county text, p_quarter date, p_subject text)
RETURNS TABLE (team_id bigint, person_id bigint, score numeric, evidence text)
LANGUAGE sql STABLE AS $$
    WITH wk AS (
        SELECT w::date AS monday
        FROM generate_series(date_trunc('week', p_quarter - 1)::date + 7,
                             (p_quarter + interval '3 months' - interval '1 day')::date,
                             interval '7 days') w
        WHERE w::date + 6 <= zc_today() - 1
    ), c AS (
        SELECT * FROM zc_assess_cohort(p_county, p_quarter, p_subject)
    ), ms AS (
        SELECT m.person_id, m.team_id, m.start_date, m.end_date
        FROM memberships m JOIN teams t ON t.id = m.team_id
        WHERE t.org_code LIKE left(p_county, 6) || '%'
          AND m.start_date < p_quarter + interval '3 months'
          AND (m.end_date IS NULL OR m.end_date >= p_quarter)
    ), served AS (   -- (team, person, week) served
        SELECT DISTINCT ms.team_id, ms.person_id, wk.monday FROM ms JOIN wk
            ON ms.start_date <= wk.monday + 6 AND (ms.end_date IS NULL OR ms.end_date >= wk.monday)
    ), studied AS (
        SELECT DISTINCT s.team_id, date_trunc('week', s.held_on)::date AS monday
        FROM study_sessions s JOIN (SELECT DISTINCT ms.team_id FROM ms) x ON x.team_id = s.team_id
        WHERE s.held_on >= (SELECT min(monday) FROM wk)
          AND s.held_on <= (SELECT max(monday) FROM wk) + 6
    ), attended AS (
        SELECT DISTINCT a.person_id, date_trunc('week', s.held_on)::date AS monday
        FROM study_attendees a JOIN study_sessions s ON s.id = a.session_id
        JOIN (SELECT DISTINCT ms.person_id FROM ms) x ON x.person_id = a.person_id
        WHERE s.held_on >= (SELECT min(monday) FROM wk)
          AND s.held_on <= (SELECT max(monday) FROM wk) + 6
    ), teams_q AS (
        SELECT sv.team_id, count(DISTINCT sv.monday) AS weeks,
               count(DISTINCT sv.monday) FILTER (WHERE st.team_id IS NOT NULL) AS done
        FROM served sv LEFT JOIN studied st ON st.team_id = sv.team_id AND st.monday = sv.monday
        GROUP BY sv.team_id
    ), cadres_q AS (
        SELECT sv.person_id, count(DISTINCT sv.monday) AS weeks,
               count(DISTINCT sv.monday) FILTER (WHERE at.person_id IS NOT NULL) AS done
        FROM served sv LEFT JOIN attended at ON at.person_id = sv.person_id
             AND at.monday = sv.monday
        GROUP BY sv.person_id
    ), q AS (
        SELECT c.team_id, NULL::bigint AS person_id, tq.weeks, tq.done
        FROM c LEFT JOIN teams_q tq ON tq.team_id = c.team_id WHERE p_subject = 'team'
        UNION ALL
        SELECT c.team_id, c.person_id, cq.weeks, cq.done
        FROM c LEFT JOIN cadres_q cq ON cq.person_id = c.person_id WHERE p_subject = 'cadre'
    )
    SELECT q.team_id, q.person_id,
           CASE WHEN coalesce(q.weeks, 0) = 0 THEN 100
                ELSE round(100.0 * q.done / q.weeks, 2) END,
           CASE WHEN coalesce(q.weeks, 0) = 0 THEN '无已结束的周'
                ELSE format('集体学习 %s/%s 周', q.done, q.weeks) END
    FROM q
$$;

-- The circular of a published round (kind 'assessment'): issued by the county's office on the
-- round's publication day, its document number 岢驻办考〔year〕n (the office's 代字: the county
-- name's first character, 驻办考), the next of the county's assessment circulars of that year
-- (0151: after the highest such number used, not the count of the office's circulars; taken
-- under a lock per county and year), the title, a body with the counts per grade and the
-- table (rank, team, village, score, grade; for cadres the cadre's name too). The demo
-- publishes its rounds' circulars through it too.
CREATE OR REPLACE FUNCTION zc_assess_circular(r assessment_rounds, p_user bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    y integer := extract(year FROM r.quarter);
    qn text := (ARRAY['一', '二', '三', '四'])[extract(quarter FROM r.quarter)];
    who text := CASE r.subject WHEN 'team' THEN '驻村工作队' ELSE '驻村干部' END;
    cname text := (SELECT name FROM org_units WHERE code = r.county_code);
    issued date := coalesce(r.published_on, zc_today());
    series text := left(cname, 1) || '驻办考';   -- 发文机关代字: 岢驻办考
    seq integer;
    counts text;
    tbl jsonb;
    cid bigint;
BEGIN
    -- one number at a time per office and year: two rounds published at once wait here
    PERFORM pg_advisory_xact_lock(hashtext('zc_assess_circular:' || r.county_code || ':' ||
                                           extract(year FROM issued)));
    SELECT coalesce(max(substring(doc_number FROM '〕([0-9]+)号$')::integer), 0) + 1 INTO seq
    FROM circulars
    WHERE org_code = r.county_code
      AND doc_number LIKE format('%s〔%s〕%%号', series, extract(year FROM issued));
    SELECT string_agg(format('%s %s 名', g.label, coalesce(c.n, 0)), '，' ORDER BY g.ord)
    INTO counts
    FROM assessment_grades g
    LEFT JOIN (SELECT grade, count(*) AS n FROM assessment_results WHERE round_id = r.id
               GROUP BY grade) c ON c.grade = g.code;
    SELECT jsonb_build_object(
               'columns', CASE r.subject WHEN 'team'
                   THEN jsonb_build_array('名次', '工作队', '村', '得分', '等次')
                   ELSE jsonb_build_array('名次', '姓名', '工作队', '村', '得分', '等次') END,
               'rows', coalesce(jsonb_agg(
                   CASE r.subject WHEN 'team'
                   THEN jsonb_build_array(s.rank, t.name, o.name, s.score::text, g.label)
                   ELSE jsonb_build_array(s.rank, p.name, t.name, o.name, s.score::text,
                                          g.label) END
                   ORDER BY s.rank, s.id), '[]'))
    INTO tbl
    FROM assessment_results s JOIN teams t ON t.id = s.team_id
    JOIN org_units o ON o.code = s.org_code
    JOIN assessment_grades g ON g.code = s.grade
    LEFT JOIN persons p ON p.id = s.person_id
    WHERE s.round_id = r.id;
    INSERT INTO circulars (kind, source_id, org_code, doc_number, title, body, table_json,
                           issued_on, created_by)
    VALUES ('assessment', r.id, r.county_code,
            format('%s〔%s〕%s号', series, extract(year FROM issued), seq),
            format('关于%s年第%s季度%s考核情况的通报', y, qn, who),
            format('根据驻村帮扶工作考核办法，%s驻村工作领导小组办公室对全县%s %s年第%s季度工作'
                   '进行了考核，经审批，现将考核结果通报如下：%s。名次与等次见下表。',
                   cname, who, y, qn, counts),
            tbl, issued, p_user)
    RETURNING id INTO cid;
    RETURN cid;
END
$$;
