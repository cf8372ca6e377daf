-- 0029_duty_rules.sql -- every periodic duty a rule row (SPEC R1; issue 16; docs/duties.md).
--
-- One table, duty_rules, holds every periodic rule the policy sets: who owes it (a household,
-- a village, a team, a cadre, a dispatching unit, an office), what meets it (a kind of record
-- and how many), the period it is judged over (day, week Monday-Sunday, half month, month, two
-- months, quarter, half year, year) and the dates it is in force. Versions of one rule share
-- its code and never overlap in time (refused when written, ZC006). A period is judged by the
-- version in force on its last day, so a rule changed from a date leaves earlier periods to
-- the version of their time.
--
-- V1-V4 move here unchanged: visit_rules, which the visit duty machinery of 0006 and 0015
-- reads, becomes a view of the visit rows of duty_rules, with the same columns, ids and
-- values, so the duty rows, the due list and the report judge exactly as before. A2 (five
-- days, four nights) becomes a row read by the attendance judgement (0030); T2, M8, G1 and G2
-- get their rows now, in force from the policy's date, and are judged by the engine of 0031
-- (due and unmet until the records that meet them exist).

-- ---- periods ----

-- The period of kind p_kind that holds day p_day: its first and last day (NULLs for an unknown
-- kind; a rule's kind is checked by its table). Weeks run Monday to Sunday; half months 1st-15th
-- and 16th-end; two months Jan-Feb, Mar-Apr, ...; quarters Jan-Mar, ...; half years Jan-Jun,
-- Jul-Dec. common/rules/visits.c (rules_period_containing) computes the same in C.
CREATE FUNCTION zc_period_bounds(p_kind text, p_day date, OUT first date, OUT last date)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH f AS (
        SELECT CASE p_kind
            WHEN 'day' THEN p_day
            WHEN 'week' THEN p_day - (extract(isodow FROM p_day)::integer - 1)
            WHEN 'half_month' THEN date_trunc('month', p_day::timestamp)::date
                                   + CASE WHEN extract(day FROM p_day) > 15 THEN 15 ELSE 0 END
            WHEN 'month' THEN date_trunc('month', p_day::timestamp)::date
            WHEN 'two_months' THEN (date_trunc('month', p_day::timestamp)
                                    - ((extract(month FROM p_day)::integer - 1) % 2)
                                      * interval '1 month')::date
            WHEN 'quarter' THEN date_trunc('quarter', p_day::timestamp)::date
            WHEN 'half_year' THEN make_date(extract(year FROM p_day)::integer,
                                            CASE WHEN extract(month FROM p_day) <= 6 THEN 1
                                                 ELSE 7 END, 1)
            WHEN 'year' THEN date_trunc('year', p_day::timestamp)::date
        END AS first)
    SELECT f.first,
           CASE p_kind
               WHEN 'day' THEN f.first
               WHEN 'week' THEN f.first + 6
               WHEN 'half_month' THEN CASE WHEN extract(day FROM f.first) = 1 THEN f.first + 14
                                           ELSE (f.first - 15 + interval '1 month')::date - 1 END
               WHEN 'month' THEN (f.first + interval '1 month')::date - 1
               WHEN 'two_months' THEN (f.first + interval '2 months')::date - 1
               WHEN 'quarter' THEN (f.first + interval '3 months')::date - 1
               WHEN 'half_year' THEN (f.first + interval '6 months')::date - 1
               WHEN 'year' THEN (f.first + interval '1 year')::date - 1
           END
    FROM f
$$;

-- The periods of kind p_kind that end on or after p_from and begin on or before p_to, in order.
CREATE FUNCTION zc_period_series(p_kind text, p_from date, p_to date)
RETURNS TABLE (first date, last date)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH RECURSIVE s (first, last) AS (
        SELECT b.first, b.last FROM zc_period_bounds(p_kind, p_from) b
        WHERE b.first IS NOT NULL AND b.first <= p_to
        UNION ALL
        SELECT b.first, b.last FROM s, zc_period_bounds(p_kind, s.last + 1) b
        WHERE s.last < p_to AND b.first <= p_to)
    SELECT s.first, s.last FROM s
$$;

-- ---- what meets a duty ----

-- A kind of record that meets duties, and how a duty of the kind is judged:
--   visit_rows  the visit duty rows 0006_visit_duties.sql keeps (V1-V4)
--   attendance  five days and four nights from the week's check-ins (A2; 0030)
--   count       the records the kind's counter returns, their amounts summed per subject and
--               period: met when the sum reaches the rule's `required`
-- A counter is f(p_prefix text, p_from date, p_to date) RETURNS TABLE (subject text, day date,
-- amount integer): the records of subjects whose org code starts with p_prefix, dated in
-- [p_from, p_to]; subject is the subject's key as duty rows name it (a team's or unit's id, a
-- village's or office's org code, a person's or household's id). Until the records of a kind
-- exist its counter is zc_duty_no_records, and its duties are due and unmet, which is true.
-- The work that adds the records points the kind at its counter (docs/duties.md).
CREATE FUNCTION zc_duty_no_records(p_prefix text, p_from date, p_to date)
RETURNS TABLE (subject text, day date, amount integer)
LANGUAGE sql STABLE AS $$
    SELECT NULL::text, NULL::date, NULL::integer WHERE false
$$;

CREATE TABLE duty_record_kinds (
    kind    text PRIMARY KEY CHECK (kind ~ '^[a-z][a-z0-9_]{0,31}$'),
    name    text NOT NULL CHECK (length(name) BETWEEN 1 AND 32),
    unit    text NOT NULL CHECK (length(unit) BETWEEN 1 AND 8),  -- what `required` counts
    judge   text NOT NULL CHECK (judge IN ('visit_rows', 'attendance', 'count')),
    counter regprocedure NOT NULL DEFAULT 'zc_duty_no_records(text,date,date)'
);

INSERT INTO duty_record_kinds (kind, name, unit, judge) VALUES
    ('visit', '走访', '次', 'visit_rows'),
    ('checkin', '定位打卡', '天', 'attendance'),
    ('study_session', '集中学习', '次', 'count'),
    ('policy_video', '政策宣讲视频', '条', 'count'),
    ('broadcast_minutes', '大喇叭广播', '分钟', 'count'),
    ('inspection', '暗访督查', '次', 'count'),
    ('unit_hearing', '派出单位听取汇报', '次', 'count'),
    ('leader_visit', '派出单位主要负责人到村', '次', 'count');

-- ---- the rules ----

CREATE TABLE duty_rules (
    id             integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    -- The rule, as the SPEC names it: V1, A2, G1-county. Its versions share it.
    code           text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9]{0,7}(-[a-z][a-z0-9_]{0,15})?$'),
    description    text NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
    -- Who owes it.
    subject        text NOT NULL CHECK (subject IN ('household', 'village', 'team', 'cadre',
                                                    'unit', 'office')),
    -- Which subjects of that kind owe it:
    --   household  those whose state on the period's last day has one of `categories` and
    --              is away from the village exactly when `absent`
    --   village    the villages that have a team of `team_kind` (village: the team stationed
    --              in it; township: the team of its township), which answers for the duty
    --   team       the teams (of `team_kind`, any when NULL) with a member serving in the period
    --   cadre      everyone serving in a team during the period
    --   unit       the dispatching units with a cadre serving in a team during the period
    --   office     the office of every org unit at `org_level` (1 province, 2 city, 3 county)
    categories     text[] NOT NULL DEFAULT '{}' CHECK (categories <@ ARRAY['poverty_alleviated',
                       'monitored', 'ordinary']),
    absent         boolean NOT NULL DEFAULT false,
    team_kind      text CHECK (team_kind IN ('village', 'township')),
    org_level      smallint CHECK (org_level BETWEEN 1 AND 3),
    -- What meets it: records of record_kind, `required` of them (their amounts) per period;
    -- for visits, of the modes that count; for attendance, `required` present days and
    -- `nights` present nights, a day counting from day_from to night_from and a night from
    -- night_from to the next day's day_from (Asia/Shanghai).
    record_kind    text NOT NULL REFERENCES duty_record_kinds (kind),
    required       integer NOT NULL CHECK (required BETWEEN 1 AND 100000),
    modes          text[] NOT NULL DEFAULT '{}' CHECK (modes <@ ARRAY['in_person', 'phone']),
    nights         integer CHECK (nights BETWEEN 0 AND 7),
    day_from       time,
    night_from     time,
    period         text NOT NULL CHECK (period IN ('day', 'week', 'half_month', 'month',
                                                   'two_months', 'quarter', 'half_year',
                                                   'year')),
    effective_from date NOT NULL,
    effective_to   date,
    CHECK (effective_to IS NULL OR effective_to >= effective_from),
    CHECK (subject <> 'household' OR categories <> '{}'),
    CHECK (subject <> 'village' OR team_kind IS NOT NULL),
    CHECK ((subject = 'office') = (org_level IS NOT NULL)),
    -- The visit duty machinery (0006) judges households and villages over these periods (a
    -- visit counts toward the duties of the 62 days before it), at most 31 visits each.
    CHECK (record_kind <> 'visit'
           OR (subject IN ('household', 'village') AND modes <> '{}' AND required <= 31
               AND period IN ('half_month', 'month', 'two_months'))),
    -- Five days and four nights: a cadre's week.
    CHECK ((record_kind = 'checkin')
           = (nights IS NOT NULL AND day_from IS NOT NULL AND night_from IS NOT NULL)),
    CHECK (record_kind <> 'checkin'
           OR (subject = 'cadre' AND period = 'week' AND required <= 7
               AND day_from < night_from))
);
CREATE INDEX duty_rules_code ON duty_rules (code, effective_from);

-- Two versions of one rule may not be in force on the same day, and a rule keeps what it is
-- about (its subject and the kind of record that meets it) across versions: a change of
-- either is another rule, with its own code.
CREATE FUNCTION zc_duty_rule_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    other duty_rules;
BEGIN
    SELECT * INTO other FROM duty_rules r
    WHERE r.code = NEW.code AND r.id <> NEW.id
      AND daterange(r.effective_from, r.effective_to, '[]')
          && daterange(NEW.effective_from, NEW.effective_to, '[]')
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '规则 % 的版本（% 起）与另一版本（% 起）时间重叠', NEW.code,
            NEW.effective_from, other.effective_from
            USING ERRCODE = 'ZC006', COLUMN = 'effective_from';
    END IF;
    IF EXISTS (SELECT 1 FROM duty_rules r
               WHERE r.code = NEW.code AND r.id <> NEW.id
                 AND (r.subject, r.record_kind) IS DISTINCT FROM (NEW.subject, NEW.record_kind))
    THEN
        RAISE EXCEPTION '规则 % 的各版本须有相同的义务主体和记录种类', NEW.code
            USING ERRCODE = 'ZC003', COLUMN = 'subject';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER duty_rules_check BEFORE INSERT OR UPDATE ON duty_rules
    FOR EACH ROW EXECUTE FUNCTION zc_duty_rule_check();

-- Publishes a new version of rule p_code from p_from: the version in force then ends the day
-- before, and the new one is a copy of it with p_changes applied (a jsonb object of duty_rules
-- columns: {"required": 6, "nights": 5}). Returns the new version's id. For rule data in
-- migrations and for tests; rules are not edited by calls. A visit rule's new version takes
-- effect on the duty rows with `zhucun-server duties --rebuild` (docs/duties.md).
CREATE FUNCTION zc_duty_rule_publish(p_code text, p_from date, p_changes jsonb DEFAULT '{}',
                                     p_description text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    old duty_rules;
    nr duty_rules;
BEGIN
    SELECT * INTO old FROM duty_rules
    WHERE code = p_code AND effective_from <= p_from
      AND (effective_to IS NULL OR effective_to >= p_from)
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION '规则 % 在 % 没有生效的版本', p_code, p_from USING ERRCODE = 'ZC005',
            COLUMN = 'code';
    END IF;
    IF p_from <= old.effective_from THEN
        RAISE EXCEPTION '新版本须晚于现行版本的生效日 %', old.effective_from
            USING ERRCODE = 'ZC003', COLUMN = 'effective_from';
    END IF;
    IF p_changes ?| ARRAY['id', 'code', 'effective_from', 'effective_to'] THEN
        RAISE EXCEPTION '新版本的编号、代码和生效日期由发布决定' USING ERRCODE = 'ZC003',
            COLUMN = 'changes';
    END IF;
    UPDATE duty_rules SET effective_to = p_from - 1 WHERE id = old.id;
    nr := jsonb_populate_record(old, p_changes);
    nr.description := coalesce(p_description, old.description);
    nr.effective_from := p_from;
    nr.effective_to := old.effective_to;
    INSERT INTO duty_rules (code, description, subject, categories, absent, team_kind, org_level,
                            record_kind, required, modes, nights, day_from, night_from, period,
                            effective_from, effective_to)
    VALUES (nr.code, nr.description, nr.subject, nr.categories, nr.absent, nr.team_kind,
            nr.org_level, nr.record_kind, nr.required, nr.modes, nr.nights, nr.day_from,
            nr.night_from, nr.period, nr.effective_from, nr.effective_to)
    RETURNING id INTO nr.id;
    RETURN nr.id;
END
$$;
REVOKE ALL ON FUNCTION zc_duty_rule_publish(text, date, jsonb, text) FROM PUBLIC;

-- ---- V1-V4 move here: visit_rules becomes a view of them ----

-- Same ids (visit_duties.rule_id names them), same values. The household rules are answered
-- for by the village's team, V4 (a village's own duty) by its township's team.
INSERT INTO duty_rules (id, code, description, subject, categories, absent, team_kind,
                        record_kind, required, modes, period, effective_from, effective_to)
SELECT id, code, description, subject, categories, absent,
       CASE subject WHEN 'village' THEN 'township' ELSE 'village' END, 'visit', min_visits,
       modes, period, effective_from, effective_to
FROM visit_rules ORDER BY id;
SELECT setval(pg_get_serial_sequence('duty_rules', 'id'), (SELECT max(id) FROM duty_rules));

DROP TABLE visit_rules;
-- The columns and types 0005 gave the table, in its order: every reader (zc_duty_rows,
-- zc_village_duty_rows, zc_duties_on_visit, the report, VisitsDue, duties --check) reads the
-- view as it read the table.
CREATE VIEW visit_rules AS
SELECT r.id, r.code, r.description, r.subject, r.categories, r.absent, r.period,
       r.required AS min_visits, r.modes, r.effective_from, r.effective_to
FROM duty_rules r WHERE r.record_kind = 'visit';

-- ---- the other periodic duties of the SPEC, in force from the policy's date ----

INSERT INTO duty_rules (code, description, subject, team_kind, org_level, record_kind, required,
                        nights, day_from, night_from, period, effective_from) VALUES
    ('A2', '驻村干部每周五天四夜在岗（白天 6:00-20:00、夜间 20:00-次日 6:00 有效打卡）',
     'cadre', NULL, NULL, 'checkin', 5, 4, '06:00', '20:00', 'week', '2022-06-28'),
    ('T2', '工作队每周至少开展一次集体学习', 'team', NULL, NULL, 'study_session', 1, NULL,
     NULL, NULL, 'week', '2022-06-28'),
    ('M8-video', '工作队每周至少发布一条政策宣讲视频', 'team', NULL, NULL, 'policy_video', 1,
     NULL, NULL, NULL, 'week', '2022-06-28'),
    ('M8-broadcast', '村大喇叭每天广播政策 30 分钟', 'village', 'village', NULL,
     'broadcast_minutes', 30, NULL, NULL, NULL, 'day', '2022-06-28'),
    ('G1-province', '省驻村办每季度至少开展一次暗访', 'office', NULL, 1, 'inspection', 1, NULL,
     NULL, NULL, 'quarter', '2022-06-28'),
    ('G1-city', '市驻村办每两个月至少开展一次暗访', 'office', NULL, 2, 'inspection', 1, NULL,
     NULL, NULL, 'two_months', '2022-06-28'),
    ('G1-county', '县驻村办每月至少开展一次暗访', 'office', NULL, 3, 'inspection', 1, NULL,
     NULL, NULL, 'month', '2022-06-28'),
    ('G2-hearing', '派出单位每季度听取工作队汇报', 'unit', NULL, NULL, 'unit_hearing', 1, NULL,
     NULL, NULL, 'quarter', '2022-06-28'),
    ('G2-leader', '派出单位主要负责人每年至少两次到村', 'unit', NULL, NULL, 'leader_visit', 2,
     NULL, NULL, NULL, 'year', '2022-06-28');

-- Rules are policy data, not anyone's records: read by every caller, written by migrations.
GRANT SELECT ON duty_rules, duty_record_kinds, visit_rules TO zhucun_app;
