-- 0031_duty_engine.sql -- one duty engine for every rule row (SPEC R1, V6; issue 16;
-- docs/duties.md): the subjects that owe a rule in each of its periods, how much of what meets
-- it they have, and from them the compliance report of any rule, org unit and span
-- (DutyReport) and what each caller owes (DutiesDue).
--
-- A period is judged by the rule version in force on its last day. Periods are counted from
-- the tracking start (zc_duty_start()) to the horizon (zc_duty_horizon(), a month ahead, as
-- far as visit duty rows are kept): a visit duty's period when it begins on or after the
-- tracking start (0006 keeps rows for those), any other duty's when it ends on or after it (a
-- quarter or a year that began before the system went live is owed as a whole: otherwise a
-- unit's yearly duty would first show the year after). Each is met, overdue (not met, ended
-- before today) or open (not met, not ended). Nothing here is stored: the visit rules are read
-- from the rows 0006 keeps, the others are judged when read.

-- The subjects that owe rule version p_rule in each of its periods that overlap
-- [p_from, p_to], end on or after the tracking start, begin by the horizon, and are judged by
-- this version (in force on their last day), among the subjects placed under org code prefix
-- p_prefix (its significant digits: '140105' for a county). Each with its key (as a counter
-- names it), name, the org code it is placed at, the team that answers for it and, for a cadre,
-- the person. duty_rules (0029) says which subjects of each kind owe a rule.
--
-- Each kind of subject is its own statement, planned for its arguments each time (EXECUTE): a
-- plan made once for every kind and any prefix would read the tables of the other kinds too,
-- and a province's M8-broadcast (22,000 villages a day) or A2 (47,000 cadres a week) is large.
-- The subjects under the prefix are found first (a province's villages, or one county's), then
-- who served when, as one multirange per team or unit (range_agg), so that "a member serving
-- in the period" is a test in memory, not a look-up per subject and period.
CREATE FUNCTION zc_duty_subjects(p_rule integer, p_prefix text, p_from date, p_to date)
RETURNS TABLE (subject_key text, subject_name text, org_code text, team_id bigint,
               person_id bigint, period_first date, period_last date)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    r duty_rules;
    per text := $q$
        WITH per AS (
            SELECT p.first, p.last
            FROM zc_period_series($5, greatest($3, zc_duty_start()), least($4, zc_duty_horizon())) p
            WHERE p.last >= zc_duty_start() AND p.first <= zc_duty_horizon()
              AND $6 <= p.last AND ($7 IS NULL OR $7 >= p.last)
        ) $q$;
BEGIN
    SELECT * INTO r FROM duty_rules WHERE id = p_rule;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF r.subject = 'team' THEN
        -- a team with a member serving in the period
        RETURN QUERY EXECUTE per || $q$
            , tm AS MATERIALIZED (
                SELECT t.id, t.name, t.org_code, t.established FROM teams t
                WHERE t.org_code LIKE $2 || '%' AND ($8 IS NULL OR t.kind = $8)
            ), served AS MATERIALIZED (
                SELECT m.team_id, range_agg(daterange(m.start_date, m.end_date, '[]')) AS days
                FROM memberships m WHERE m.team_id IN (SELECT tm.id FROM tm) GROUP BY m.team_id
            )
            SELECT t.id::text, t.name, t.org_code, t.id, NULL::bigint, p.first, p.last
            FROM tm t JOIN served sv ON sv.team_id = t.id CROSS JOIN per p
            WHERE t.established <= p.last AND sv.days && daterange(p.first, p.last, '[]') $q$
        USING p_rule, p_prefix, p_from, p_to, r.period, r.effective_from, r.effective_to,
              r.team_kind;
    ELSIF r.subject = 'village' THEN
        -- a village with a team of the rule's kind serving in the period, which answers for it
        RETURN QUERY EXECUTE per || $q$
            , vt AS MATERIALIZED (
                SELECT o.code, o.name, t.id AS team_id, t.established FROM org_units o
                JOIN teams t ON t.kind = $8
                     AND t.org_code = CASE $8 WHEN 'village' THEN o.code
                                              ELSE substr(o.code, 1, 9) || '000' END
                WHERE o.level = 5 AND o.code LIKE $2 || '%'
            ), served AS MATERIALIZED (
                SELECT m.team_id, range_agg(daterange(m.start_date, m.end_date, '[]')) AS days
                FROM memberships m WHERE m.team_id IN (SELECT vt.team_id FROM vt)
                GROUP BY m.team_id
            )
            SELECT v.code, v.name, v.code, v.team_id, NULL::bigint, p.first, p.last
            FROM vt v JOIN served sv ON sv.team_id = v.team_id CROSS JOIN per p
            WHERE v.established <= p.last AND sv.days && daterange(p.first, p.last, '[]') $q$
        USING p_rule, p_prefix, p_from, p_to, r.period, r.effective_from, r.effective_to,
              r.team_kind;
    ELSIF r.subject = 'cadre' THEN
        -- a cadre serving in the period, in their latest team of the period under the prefix
        -- (the attendance report's choice)
        RETURN QUERY EXECUTE per || $q$
            SELECT DISTINCT ON (m.person_id, p.first) m.person_id::text, pe.name, t.org_code,
                   t.id, m.person_id, p.first, p.last
            FROM per p
            JOIN memberships m ON m.start_date <= p.last
                 AND (m.end_date IS NULL OR m.end_date >= p.first)
            JOIN teams t ON t.id = m.team_id
            JOIN persons pe ON pe.id = m.person_id
            WHERE t.org_code LIKE $2 || '%'
            ORDER BY m.person_id, p.first, m.start_date DESC, m.id DESC $q$
        USING p_rule, p_prefix, p_from, p_to, r.period, r.effective_from, r.effective_to;
    ELSIF r.subject = 'unit' THEN
        -- a dispatching unit (placed where it sits) with a cadre serving in the period
        RETURN QUERY EXECUTE per || $q$
            , un AS MATERIALIZED (
                SELECT u.id, u.name, u.org_code FROM dispatch_units u
                WHERE u.org_code LIKE $2 || '%'
            ), us AS MATERIALIZED (
                SELECT m.unit_id, range_agg(daterange(m.start_date, m.end_date, '[]')) AS days
                FROM memberships m WHERE m.unit_id IN (SELECT un.id FROM un) GROUP BY m.unit_id
            )
            SELECT u.id::text, u.name, u.org_code, NULL::bigint, NULL::bigint, p.first, p.last
            FROM un u JOIN us ON us.unit_id = u.id CROSS JOIN per p
            WHERE us.days && daterange(p.first, p.last, '[]') $q$
        USING p_rule, p_prefix, p_from, p_to, r.period, r.effective_from, r.effective_to;
    ELSIF r.subject = 'office' THEN
        -- the office of an org unit at the rule's level
        RETURN QUERY EXECUTE per || $q$
            SELECT o.code, o.name, o.code, NULL::bigint, NULL::bigint, p.first, p.last
            FROM per p CROSS JOIN org_units o
            WHERE o.level = $8 AND o.code LIKE $2 || '%' $q$
        USING p_rule, p_prefix, p_from, p_to, r.period, r.effective_from, r.effective_to,
              r.org_level;
    ELSIF r.subject = 'household' THEN
        -- a household whose state on the period's last day the rule covers; its village's
        -- team answers for it
        RETURN QUERY EXECUTE per || $q$
            SELECT h.id::text, h.head_name, h.village_code, t.id, NULL::bigint, p.first, p.last
            FROM per p
            CROSS JOIN households h
            JOIN LATERAL (SELECT s.category, s.absent FROM household_states s
                          WHERE s.household_id = h.id AND s.valid_from <= p.last
                          ORDER BY s.valid_from DESC LIMIT 1) st ON true
            LEFT JOIN teams t ON t.kind = 'village' AND t.org_code = h.village_code
            WHERE h.village_code LIKE $2 || '%' AND st.category = ANY ($8)
              AND st.absent = $9 $q$
        USING p_rule, p_prefix, p_from, p_to, r.period, r.effective_from, r.effective_to,
              r.categories, r.absent;
    END IF;
END
$$;

-- Every duty of rule version p_rule among the subjects zc_duty_subjects gives, judged: how
-- much is required, how much was done, whether it is met, and a detail for people.
--   visit_rows   the duty rows 0006 keeps (the visit duty machinery: its window, required and
--                done), placed at the village, answered for by the village's (households) or
--                the township's (V4) team;
--   attendance   the cadre's week by zc_attendance_judge (0030): required and done are present
--                days; met needs the nights too;
--   count        the amounts of the records the kind's counter returns, summed per subject
--                over the period.
CREATE FUNCTION zc_duty_subject_rows(p_rule integer, p_prefix text, p_from date, p_to date)
RETURNS TABLE (rule_id integer, subject_key text, subject_name text, org_code text,
               team_id bigint, person_id bigint, period_first date, period_last date,
               required integer, done integer, met boolean, detail text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    r duty_rules;
    k duty_record_kinds;
    hi text;
BEGIN
    SELECT * INTO r FROM duty_rules WHERE id = p_rule;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT * INTO k FROM duty_record_kinds WHERE kind = r.record_kind;
    IF k.judge = 'visit_rows' THEN
        -- The prefix as a code range on the rows' "C" collation (their unique key's order).
        hi := left(p_prefix, -1) || chr(ascii(right(p_prefix, 1)) + 1);
        RETURN QUERY EXECUTE $q$
            SELECT d.rule_id, coalesce(d.household_id::text, d.village_code::text),
                   coalesce(h.head_name, o.name), d.village_code::text, t.id, NULL::bigint,
                   d.period_first, d.period_last, d.required, d.done, d.done >= d.required,
                   to_char(d.window_first, 'YYYY-MM-DD') || '~'
                   || to_char(d.period_last, 'YYYY-MM-DD')
            FROM (SELECT d.*, CASE $6 WHEN 'village' THEN d.village_code::text
                                      ELSE substr(d.village_code, 1, 9) || '000' END AS tcode
                  FROM visit_duties d
                  WHERE d.rule_id = $1 AND d.village_code >= $2 AND d.village_code < $5
                    AND d.period_first BETWEEN $3 - 62 AND $4 AND d.period_last >= $3
                    AND d.period_first <= zc_duty_horizon()) d
            LEFT JOIN households h ON h.id = d.household_id
            LEFT JOIN org_units o ON d.household_id IS NULL AND o.code = d.village_code
            LEFT JOIN teams t ON t.kind = $6 AND t.org_code = d.tcode $q$
        USING p_rule, p_prefix, p_from, p_to, hi, r.team_kind;
    ELSIF k.judge = 'attendance' THEN
        -- every cadre's weeks in one pass (zc_attendance_weeks), by this version's numbers
        RETURN QUERY
        WITH s AS MATERIALIZED (
            SELECT * FROM zc_duty_subjects(p_rule, p_prefix, p_from, p_to)
        ), j AS (
            SELECT * FROM zc_attendance_weeks(
                (SELECT array_agg(s.person_id) FROM s), (SELECT array_agg(s.period_first) FROM s),
                r.required, r.nights, extract(epoch FROM r.day_from)::integer,
                extract(epoch FROM r.night_from)::integer)
        )
        SELECT r.id, s.subject_key, s.subject_name, s.org_code, s.team_id, s.person_id,
               s.period_first, s.period_last, j.required_days, j.days_present, j.met,
               format('白天 %s/%s，夜间 %s/%s，免除 %s 天', j.days_present, j.required_days,
                      j.nights_present, j.required_nights, j.excused)
        FROM s JOIN j ON j.person_id = s.person_id AND j.monday = s.period_first;
    ELSE
        -- The counter is the kind's function (a row of duty_record_kinds, not a parameter).
        RETURN QUERY EXECUTE format($q$
            WITH s AS MATERIALIZED (SELECT * FROM zc_duty_subjects($1, $2, $3, $4)),
                 rng AS (SELECT min(s.period_first) AS f, max(s.period_last) AS l FROM s),
                 rec AS (SELECT c.subject, c.day, c.amount FROM rng, %s($2, rng.f, rng.l) c
                         WHERE rng.f IS NOT NULL),
                 done AS (SELECT s.subject_key, s.period_first, sum(c.amount) AS n
                          FROM s JOIN rec c ON c.subject = s.subject_key
                               AND c.day BETWEEN s.period_first AND s.period_last
                          GROUP BY 1, 2)
            SELECT $1, s.subject_key, s.subject_name, s.org_code, s.team_id, s.person_id,
                   s.period_first, s.period_last, $5, coalesce(d.n, 0)::integer,
                   coalesce(d.n, 0) >= $5, ''::text
            FROM s LEFT JOIN done d ON d.subject_key = s.subject_key
                 AND d.period_first = s.period_first
            $q$, k.counter::regproc)
        USING p_rule, p_prefix, p_from, p_to, r.required;
    END IF;
END
$$;

-- The compliance of the rules p_codes (every rule when empty) among the subjects placed under
-- org code prefix p_prefix, for the periods that overlap [p_from, p_to]: per rule version, the
-- org code a duty is placed at, the team that answers for it, the person (a cadre's own duty),
-- and the period's last day, how many duties and how many met. The visit rules come from the
-- per-village summary 0006 keeps (one row per village, rule and period: the report reads
-- ~30,000 rows a month for the province, not 3.6 million); the others from
-- zc_duty_subject_rows. [p_lo, p_hi) is the prefix as a code range (the summary's index).
CREATE FUNCTION zc_duty_report(p_codes text[], p_prefix text, p_lo text, p_hi text,
                               p_from date, p_to date)
RETURNS TABLE (rule_id integer, org_code text, team_id bigint, person_id bigint,
               period_last date, due bigint, met bigint)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    rid integer;
BEGIN
    -- Planned for its arguments each time: a generic plan knows neither the rules nor the
    -- scope's size.
    RETURN QUERY EXECUTE $q$
        SELECT s.rule_id, s.village_code::text, t.id, NULL::bigint, s.period_last,
               s.due::bigint, s.met::bigint
        FROM (SELECT s.*, r.team_kind,
                     CASE r.team_kind WHEN 'village' THEN s.village_code::text
                          ELSE substr(s.village_code, 1, 9) || '000' END AS tcode
              FROM visit_duty_summary s JOIN duty_rules r ON r.id = s.rule_id
              WHERE (cardinality($1) = 0 OR r.code = ANY ($1))
                AND s.village_code >= $2 AND s.village_code < $3
                AND s.period_first BETWEEN $4 - 62 AND $5 AND s.period_last >= $4
                AND s.period_first <= zc_duty_horizon()) s
        LEFT JOIN teams t ON t.kind = s.team_kind AND t.org_code = s.tcode $q$
    USING p_codes, p_lo, p_hi, p_from, p_to;
    FOR rid IN SELECT d.id FROM duty_rules d JOIN duty_record_kinds k ON k.kind = d.record_kind
               WHERE k.judge <> 'visit_rows'
                 AND (cardinality(p_codes) = 0 OR d.code = ANY (p_codes))
               ORDER BY d.id LOOP
        RETURN QUERY
        SELECT x.rule_id, x.org_code, x.team_id, x.person_id, x.period_last, 1::bigint,
               x.met::integer::bigint
        FROM zc_duty_subject_rows(rid, p_prefix, p_from, p_to) x;
    END LOOP;
END
$$;

-- What user p_user owes on p_as_of, not yet met, in the periods that have begun by then and
-- ended no more than p_back days before: every kind of duty owed by a subject the user answers
-- for. A cadre: their team's (visit duties of its households or, for a township team, of its
-- villages; its own duties; its village's), their own (five days and four nights). An office
-- (province_office, city_office, county_office): its own (inspections). A unit's
-- administrator: the unit's (hearings, the leader's visits). Overdue first, oldest first.
CREATE FUNCTION zc_duties_due(p_user bigint, p_as_of date, p_back integer)
RETURNS TABLE (code text, description text, record_name text, unit text, subject text,
               subject_key text, subject_name text, org_code text, period_first date,
               period_last date, required integer, done integer, met boolean, overdue boolean,
               detail text)
LANGUAGE sql STABLE AS $$
    WITH me AS (
        SELECT p.id FROM persons p WHERE p.user_id = p_user
    ), mine AS (
        -- the subjects the user answers for: the teams they serve in over the days looked at,
        -- the offices of their grants, the units they administer
        SELECT DISTINCT 'team'::text AS kind, t.id::text AS key,
               CASE t.kind WHEN 'village' THEN t.org_code ELSE substr(t.org_code, 1, 9) END
                   AS prefix, t.id AS team
        FROM me JOIN memberships m ON m.person_id = me.id
        JOIN teams t ON t.id = m.team_id
        WHERE m.start_date <= p_as_of AND (m.end_date IS NULL OR m.end_date >= p_as_of - p_back)
        UNION
        SELECT 'office', g.scope_code, g.scope_code, NULL::bigint FROM role_grants g
        WHERE g.user_id = p_user AND g.role IN ('province_office', 'city_office', 'county_office')
        UNION
        SELECT 'unit', u.id::text, u.org_code, NULL FROM role_grants g
        JOIN dispatch_units u ON u.id = g.unit_id
        WHERE g.user_id = p_user AND g.role = 'unit_admin'
    ), owed AS (
        SELECT r.id AS rule_id, mi.*
        FROM duty_rules r JOIN mine mi
             ON (mi.kind = 'team' AND r.subject IN ('household', 'village', 'team', 'cadre'))
             OR (mi.kind = r.subject AND r.subject IN ('office', 'unit'))
        WHERE r.effective_from <= p_as_of
    )
    SELECT r.code, r.description, k.name, k.unit, r.subject, x.subject_key, x.subject_name,
           x.org_code, x.period_first, x.period_last, x.required, x.done, x.met,
           x.period_last < p_as_of, x.detail
    FROM owed o
    JOIN duty_rules r ON r.id = o.rule_id
    JOIN duty_record_kinds k ON k.kind = r.record_kind
    CROSS JOIN LATERAL zc_duty_subject_rows(o.rule_id, o.prefix, p_as_of - p_back, p_as_of) x
    WHERE x.period_first <= p_as_of
      AND CASE o.kind WHEN 'team' THEN x.team_id = o.team
                                       AND (x.person_id IS NULL
                                            OR x.person_id = (SELECT id FROM me))
                      ELSE x.subject_key = o.key END
    ORDER BY x.period_last < p_as_of DESC, x.period_last, r.code, x.subject_key
$$;
