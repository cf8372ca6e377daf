-- 0056_elimination_conditions.sql -- the sign-off's other two conditions (SPEC M4; issue 19;
-- docs/monitoring.md): the income standard (zc_income_standard, 0050_income.sql) and the three
-- guarantees and drinking water (zc_household_gaps, 0060_guarantees.sql), beside 0055's open
-- risks and measures, in the one function the sign-off and MonitorShow read.
--
-- PL/pgSQL: its body is resolved when it runs, so this migration may come before 0060, which
-- makes zc_household_gaps; every migration is applied before the server serves.

-- What still blocks the elimination of household p_household's risk on day p_on: one row per
-- failing condition, naming the field it concerns; none when the cadre may sign.
--   income      the income standard is not met (zc_income_standard: the projected annual
--               per-capita net income above the monitoring line, stably for the months the
--               policy requires)
--   guarantees  a gap of the three guarantees or drinking water (zc_household_gaps: one row
--               each; it reads today's state)
--   risks, measures  an open risk or measure of the case (zc_monitor_open_items, 0055)
CREATE OR REPLACE FUNCTION zc_elimination_problems(p_household bigint, p_on date)
RETURNS TABLE (field text, message text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
    SELECT 'income'::text,
           CASE WHEN s.projected_fen IS NULL
                THEN format('收入未达标：本年和上年没有收支测算（算账），监测线为 %s 元，须连续 %s 个月高于监测线',
                            to_char(s.line_fen / 100.0, 'FM9999999990.00'), s.months_required)
                ELSE format('收入未达标：测算年人均纯收入 %s 元，监测线 %s 元，已连续 %s 个月高于监测线（须 %s 个月）',
                            to_char(s.projected_fen / 100.0, 'FM9999999990.00'),
                            to_char(s.line_fen / 100.0, 'FM9999999990.00'), s.months_stable,
                            s.months_required) END
    FROM zc_income_standard(p_household, p_on) s
    WHERE NOT s.met;
    RETURN QUERY
    SELECT 'guarantees'::text,
           format('%s：%s', CASE g.area WHEN 'education' THEN '义务教育'
                                        WHEN 'medical' THEN '基本医疗'
                                        WHEN 'housing' THEN '住房安全'
                                        WHEN 'water' THEN '饮水安全' ELSE g.area END, g.what)
    FROM zc_household_gaps(p_household) g;
    RETURN QUERY SELECT * FROM zc_monitor_open_items(p_household, p_on);
END
$$;
