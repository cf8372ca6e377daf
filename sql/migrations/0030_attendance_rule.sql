-- 0030_attendance_rule.sql -- five days and four nights (SPEC A2) read from its rule row
-- (duty_rules code A2, 0029), judged per week by the version in force that week (issue 16).
--
-- The server judges a cadre's week in C (common/rules/attendance.c, rules_attendance_week)
-- with the numbers and hours of the row zc_attendance_rule gives for the week: AttendanceWeek,
-- AttendanceReport and CheckIn's slot read it in the same statement as the check-ins. The duty
-- report judges many weeks at once in SQL, zc_attendance_judge, the same arithmetic written
-- once more; tests/integration/test_duties.c holds the two against each other.

-- The A2 version in force on the week's last day (its Sunday; p_day is any day of the week):
-- its id, the required present days and nights, and the hours that open the day and the night
-- slots as seconds from midnight. When no version is in force that week nothing is owed: the
-- row then has no id, 0 days and 0 nights, and the hours of the latest version (the window of
-- check-ins a week reads still needs them).
CREATE FUNCTION zc_attendance_rule(p_day date)
RETURNS TABLE (rule_id integer, days integer, nights integer, day_from_s integer,
               night_from_s integer)
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN x.f THEN x.id END, CASE WHEN x.f THEN x.required ELSE 0 END,
           CASE WHEN x.f THEN x.nights ELSE 0 END, extract(epoch FROM x.day_from)::integer,
           extract(epoch FROM x.night_from)::integer
    FROM (SELECT r.*, r.effective_from <= w.last
                      AND (r.effective_to IS NULL OR r.effective_to >= w.last) AS f
          FROM duty_rules r, zc_period_bounds('week', p_day) w
          WHERE r.code = 'A2') x
    ORDER BY x.f DESC, x.effective_from DESC
    LIMIT 1
$$;

-- Cadres' weeks judged as rules_attendance_week judges them, many at once (the duty report
-- judges every cadre of a province for every week of a span: one pass over the check-ins, not
-- one query per cadre and week): the pairs (p_people[i], p_mondays[i]), with the version of A2
-- given by its required days and nights and slot hours (seconds from midnight).
-- - the excused days are those zc_excused_days gives (official business, approved leave)
--   and the days the cadre served in no team (nothing is owed for them);
-- - a valid check-in (no flags) counts for the day slot of its local day from day_from to
--   night_from, for that day's night from night_from to midnight, and for the night of the day
--   before from midnight to day_from; a week counts the slots of its seven days (a check-in on
--   the next Monday before day_from is its Sunday night);
-- - present days and nights are counted among the days not excused; each excused day lowers
--   both requirements by one.
CREATE FUNCTION zc_attendance_weeks(p_people bigint[], p_mondays date[], p_days integer,
                                    p_nights integer, p_day_from_s integer,
                                    p_night_from_s integer)
RETURNS TABLE (person_id bigint, monday date, days_present integer, nights_present integer,
               excused integer, required_days integer, required_nights integer, met boolean)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    -- Planned for its arguments (EXECUTE): from one week of one cadre to a province's month,
    -- and every step a join (a plan that guessed a few cadres would loop over the rest).
    RETURN QUERY EXECUTE $q$
    WITH pw AS (
        SELECT DISTINCT x.person_id, x.monday
        FROM unnest($1::bigint[], $2::date[]) AS x (person_id, monday)
    ), ppl AS (
        SELECT pw.person_id, min(pw.monday) AS lo, max(pw.monday) + 6 AS hi
        FROM pw GROUP BY pw.person_id
    ), exc AS (
        -- every excused day of each cadre over their weeks, through the one function
        SELECT DISTINCT p.person_id, e.day FROM ppl p, zc_excused_days(p.person_id, p.lo, p.hi) e
    ), served AS (
        -- the days each cadre served in a team, as one multirange
        SELECT m.person_id, range_agg(daterange(m.start_date, m.end_date, '[]')) AS days
        FROM memberships m JOIN ppl p ON p.person_id = m.person_id
        GROUP BY m.person_id
    ), wk AS (
        -- the days of each week the cadre served (the week is [monday, monday + 7))
        SELECT pw.person_id, pw.monday,
               coalesce(sv.days, '{}'::datemultirange)
               * datemultirange(daterange(pw.monday, pw.monday + 7)) AS srv
        FROM pw LEFT JOIN served sv ON sv.person_id = pw.person_id
    ), slot AS (
        SELECT DISTINCT c.person_id,
               CASE WHEN c.s < $5 THEN c.t::date - 1 ELSE c.t::date END AS d,
               c.s >= $5 AND c.s < $6 AS is_day
        FROM (SELECT k.person_id, k.at AT TIME ZONE 'Asia/Shanghai' AS t,
                     extract(epoch FROM (k.at AT TIME ZONE 'Asia/Shanghai')::time)::integer AS s
              FROM ppl p JOIN checkins k ON k.person_id = p.person_id
              WHERE k.flags = 0
                AND k.at >= (p.lo + make_interval(secs => $5)) AT TIME ZONE 'Asia/Shanghai'
                AND k.at < (p.hi + 1 + make_interval(secs => $5)) AT TIME ZONE 'Asia/Shanghai'
             ) c
    ), exs AS (
        -- the served days of each week that leave or official business excuses
        SELECT wk.person_id, wk.monday, count(*)::integer AS n
        FROM wk JOIN exc e ON e.person_id = wk.person_id
             AND e.day BETWEEN wk.monday AND wk.monday + 6
        WHERE wk.srv @> e.day
        GROUP BY wk.person_id, wk.monday
    ), exw AS MATERIALIZED (
        -- excused: the days not served, and the served days excused
        SELECT wk.person_id, wk.monday,
               7 - coalesce((SELECT sum(upper(r) - lower(r)) FROM unnest(wk.srv) AS r), 0)::integer
               + coalesce(exs.n, 0) AS n
        FROM wk LEFT JOIN exs ON exs.person_id = wk.person_id AND exs.monday = wk.monday
    ), pres AS MATERIALIZED (
        -- the slots present on the week's days that are served and not excused
        SELECT wk.person_id, wk.monday, count(*) FILTER (WHERE s.is_day)::integer AS days,
               count(*) FILTER (WHERE NOT s.is_day)::integer AS nights
        FROM wk JOIN slot s ON s.person_id = wk.person_id
             AND s.d BETWEEN wk.monday AND wk.monday + 6
        WHERE wk.srv @> s.d
          AND NOT EXISTS (SELECT 1 FROM exc e WHERE e.person_id = s.person_id AND e.day = s.d)
        GROUP BY wk.person_id, wk.monday
    ), n AS (
        SELECT pw.person_id, pw.monday, exw.n AS exc, coalesce(pres.days, 0) AS dp,
               coalesce(pres.nights, 0) AS np
        FROM pw
        JOIN exw ON exw.person_id = pw.person_id AND exw.monday = pw.monday
        LEFT JOIN pres ON pres.person_id = pw.person_id AND pres.monday = pw.monday
    )
    SELECT n.person_id, n.monday, n.dp, n.np, n.exc, greatest(0, $3 - n.exc),
           greatest(0, $4 - n.exc),
           n.dp >= greatest(0, $3 - n.exc) AND n.np >= greatest(0, $4 - n.exc)
    FROM n $q$
    USING p_people, p_mondays, p_days, p_nights, p_day_from_s, p_night_from_s;
END
$$;

-- One cadre's week of Monday p_monday, judged by zc_attendance_weeks.
CREATE FUNCTION zc_attendance_judge(p_person bigint, p_monday date, p_days integer,
                                    p_nights integer, p_day_from_s integer,
                                    p_night_from_s integer)
RETURNS TABLE (days_present integer, nights_present integer, excused integer,
               required_days integer, required_nights integer, met boolean)
LANGUAGE sql STABLE AS $$
    SELECT w.days_present, w.nights_present, w.excused, w.required_days, w.required_nights,
           w.met
    FROM zc_attendance_weeks(ARRAY[p_person], ARRAY[p_monday], p_days, p_nights, p_day_from_s,
                             p_night_from_s) w
$$;
