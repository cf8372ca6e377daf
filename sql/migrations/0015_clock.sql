-- 0015_clock.sql -- one source of "now" and "today" in the database (docs/clock.md), and
-- V4's duties owed from the day a township team began to serve (issue 11, defect 2).
--
-- The clock: zc_now() is now() moved by the pin's offset, zc_today() its date in Asia/Shanghai.
-- Business dates and deadlines (duty periods, leave limits, approval deadlines, "not after
-- today") read it; record times (created_at, decided_at) and security times (sessions, login
-- throttling) stay on the real clock. Only the migrations' owner writes the pin: the
-- application's role reads it, and a production build of the server refuses to start while a
-- pin exists (server/main.c), so a production server never runs on a fake date.

CREATE TABLE zc_clock_pin (
    one       boolean PRIMARY KEY DEFAULT true CHECK (one),
    offset_s  bigint NOT NULL,            -- seconds added to the real clock
    pinned_to timestamptz NOT NULL,       -- the instant it was pinned to (for people)
    pinned_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON zc_clock_pin TO zhucun_app;

-- The pin moves the clock only for a session that says it runs a test build
-- (zhucun.test_clock = on: the test build's server, its administrative commands and the test
-- harness set it when they connect). Any other session, a production server's among them, sees
-- the real clock even if a pin row exists.
CREATE FUNCTION zc_now() RETURNS timestamptz
LANGUAGE sql STABLE AS $$
    SELECT now() + make_interval(secs => coalesce((SELECT p.offset_s FROM zc_clock_pin p
        WHERE current_setting('zhucun.test_clock', true) = 'on'), 0))
$$;

CREATE OR REPLACE FUNCTION zc_today() RETURNS date
LANGUAGE sql STABLE AS $$ SELECT (zc_now() AT TIME ZONE 'Asia/Shanghai')::date $$;

-- Pins the clock p_offset seconds from the real one (tests only: the harness runs it as the
-- migrations' owner, with the offset it gives the test processes) and moves the tracking
-- start to the first day of the month before, as migration 0006 does for a new database.
-- NULL unpins.
CREATE FUNCTION zc_clock_pin_offset(p_offset bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM zc_clock_pin;
    IF p_offset IS NOT NULL THEN
        INSERT INTO zc_clock_pin (offset_s, pinned_to)
        VALUES (p_offset, now() + make_interval(secs => p_offset));
    END IF;
    UPDATE visit_duty_start
    SET start = (date_trunc('month', zc_today()::timestamp) - interval '1 month')::date;
END
$$;
REVOKE ALL ON FUNCTION zc_clock_pin_offset(bigint) FROM PUBLIC;

-- Approval deadlines run on the clock.
CREATE OR REPLACE FUNCTION zc_steps_open(p_approval bigint, p_round integer, p_seq integer,
                              p_deadline_days integer)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    st record;
BEGIN
    FOR st IN UPDATE approval_steps SET status = 'pending', pending_since = zc_now(),
                  deadline = zc_now() + make_interval(days => p_deadline_days)
              WHERE approval_id = p_approval AND round = p_round AND seq = p_seq
              RETURNING id LOOP
        PERFORM pg_notify('zc_queue', json_build_object('step', st.id,
                                                        'users', zc_step_approvers(st.id))::text);
    END LOOP;
END
$$;

-- A membership may not end after today: the clock's today.
CREATE OR REPLACE FUNCTION zc_team_recall(p_membership bigint, p_patterns text[], p_end date,
                               p_reason text, p_note text, p_actor_id bigint, p_actor text,
                               p_addr text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    m memberships;
    t teams;
    uid bigint;
    n integer;
    dropped integer := 0;
BEGIN
    SELECT * INTO m FROM memberships WHERE id = p_membership;
    IF FOUND THEN
        SELECT * INTO t FROM teams WHERE id = m.team_id FOR UPDATE;
        SELECT * INTO m FROM memberships WHERE id = p_membership FOR UPDATE;
    END IF;
    IF NOT FOUND OR NOT zc_team_visible(m.team_id, p_patterns, '{}') THEN
        RAISE EXCEPTION '任职记录不存在或不在您的管辖范围内'
            USING ERRCODE = 'ZC005', COLUMN = 'membership_id';
    END IF;
    IF m.end_date IS NOT NULL THEN
        RAISE EXCEPTION '该任职已于 % 结束', m.end_date USING ERRCODE = 'ZC009',
            COLUMN = 'membership_id';
    END IF;
    IF p_end < m.start_date THEN
        RAISE EXCEPTION '结束日期不能早于任职开始日期 %', m.start_date USING ERRCODE = 'ZC003',
            COLUMN = 'end_date';
    END IF;
    IF p_end > zc_today() THEN
        RAISE EXCEPTION '结束日期不能晚于今天' USING ERRCODE = 'ZC003', COLUMN = 'end_date';
    END IF;
    UPDATE memberships SET end_date = p_end, end_reason = p_reason, end_note = p_note
    WHERE id = p_membership;
    -- The party group needs two party members and a leader who serves (O4).
    SELECT count(*) INTO n FROM memberships am JOIN persons ap ON ap.id = am.person_id
    WHERE am.team_id = m.team_id AND am.end_date IS NULL AND ap.party_member;
    UPDATE teams SET party_leader_id = NULL
    WHERE id = m.team_id AND (party_leader_id = m.person_id OR n < 2);
    -- Whoever leaves the team loses the team's roles on its village or township.
    SELECT user_id INTO uid FROM persons WHERE id = m.person_id;
    IF uid IS NOT NULL THEN
        DELETE FROM role_grants
        WHERE user_id = uid AND scope_code = t.org_code AND role IN ('cadre', 'team_captain');
        GET DIAGNOSTICS dropped = ROW_COUNT;
    END IF;
    PERFORM zc_audit_append(p_actor_id, p_actor, p_addr, 'team.' || p_reason,
                            'team:' || m.team_id,
                            jsonb_build_object('membership', p_membership, 'person', m.person_id,
                                               'end', p_end, 'note', p_note,
                                               'grants_removed', dropped));
END
$$;

-- V4 (a township team visits each village of its township monthly) is owed from the day the
-- team began to serve: the earliest of the day it was recorded and its first member's start.
-- It was the day the row was written, so a team recorded after the tracking start (every team
-- of a demo loaded today, and every team an office enters for a team long in place) owed
-- nothing for the first tracked periods, and the report showed V4 due 0 for them.
ALTER TABLE teams ADD COLUMN established date;
UPDATE teams t SET established = least((t.created_at AT TIME ZONE 'Asia/Shanghai')::date,
                                       (SELECT min(m.start_date) FROM memberships m
                                        WHERE m.team_id = t.id));
ALTER TABLE teams ALTER COLUMN established SET DEFAULT zc_today(),
                  ALTER COLUMN established SET NOT NULL;

CREATE OR REPLACE FUNCTION zc_village_duty_rows(p_villages text[], p_from date, p_to date)
RETURNS TABLE (village_code text, household_id bigint, rule_id integer, period_first date,
               period_last date, window_first date, required integer, done integer)
LANGUAGE sql STABLE AS $$
    WITH judged AS (
        SELECT o.code, r.id AS rid, r.min_visits, r.modes, p.first, p.last,
               t.established AS since
        FROM org_units o
        JOIN teams t ON t.kind = 'township' AND t.org_code = substr(o.code, 1, 9) || '000'
        CROSS JOIN (SELECT DISTINCT period FROM visit_rules WHERE subject = 'village') k
        CROSS JOIN LATERAL zc_periods(k.period, greatest(p_from, t.established), p_to) p
        JOIN visit_rules r ON r.subject = 'village' AND r.period = k.period
             AND r.effective_from <= p.last AND (r.effective_to IS NULL OR r.effective_to >= p.last)
        WHERE o.level = 5 AND (p_villages IS NULL OR o.code = ANY (p_villages))
          AND p.first >= zc_duty_start()
    )
    SELECT j.code, NULL::bigint, j.rid, j.first, j.last, greatest(j.first, j.since), j.min_visits,
           (SELECT count(*)::integer FROM visits v
            WHERE v.household_id IS NULL AND v.village_code = j.code
              AND v.visit_date BETWEEN greatest(j.first, j.since) AND j.last
              AND v.mode = ANY (j.modes))
    FROM judged j
$$;

-- Recomputes the village duties (V4) of the villages of some townships (9-digit township code
-- prefixes) for every tracked period up to the horizon.
CREATE FUNCTION zc_village_duties_refresh(p_townships text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    villages text[];
BEGIN
    SELECT array_agg(o.code) INTO villages FROM org_units o
    WHERE o.level = 5 AND substr(o.code, 1, 9) = ANY (p_townships);
    IF villages IS NULL THEN
        RETURN;
    END IF;
    -- The township teams' rows first: a village visit's count takes them FOR SHARE
    -- (zc_duties_on_visit), so no visit commits between the DELETE and the INSERT uncounted.
    PERFORM 1 FROM teams
    WHERE kind = 'township' AND substr(org_code, 1, 9) = ANY (p_townships) FOR UPDATE;
    DELETE FROM visit_duties d
    WHERE d.household_id IS NULL AND d.village_code = ANY (villages)
      AND d.period_first >= zc_duty_start();
    INSERT INTO visit_duties
    SELECT * FROM zc_village_duty_rows(villages, zc_duty_start(), zc_duty_horizon());
END
$$;

-- A new township team: its villages owe V4 from the day it began to serve.
CREATE OR REPLACE FUNCTION zc_duties_on_team() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM zc_village_duties_refresh(ARRAY[substr(NEW.org_code, 1, 9)]);
    RETURN NULL;
END
$$;

-- A member who began to serve before the team's day moves the day back (a team entered
-- today for cadres stationed since last year); a township team's villages then owe V4 from
-- that day.
CREATE FUNCTION zc_team_established_on_member() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    t teams;
BEGIN
    UPDATE teams SET established = NEW.start_date
    WHERE id = NEW.team_id AND established > NEW.start_date
    RETURNING * INTO t;
    IF FOUND AND t.kind = 'township' THEN
        PERFORM zc_village_duties_refresh(ARRAY[substr(t.org_code, 1, 9)]);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER memberships_team_established AFTER INSERT ON memberships
    FOR EACH ROW EXECUTE FUNCTION zc_team_established_on_member();

-- New villages (created one by one or imported) under a township with a team owe V4 too.
CREATE FUNCTION zc_duties_on_villages() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    towns text[];
BEGIN
    SELECT array_agg(DISTINCT substr(n.code, 1, 9)) INTO towns FROM new_units n
    WHERE n.level = 5;
    IF towns IS NOT NULL THEN
        PERFORM zc_village_duties_refresh(towns);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER org_units_village_duties AFTER INSERT ON org_units
    REFERENCING NEW TABLE AS new_units FOR EACH STATEMENT
    EXECUTE FUNCTION zc_duties_on_villages();

-- A village visit (V4) takes its township team's row FOR SHARE before it counts, as a
-- household visit takes its household's: a refresh of the village duties either commits first
-- (the count sees the new rows) or waits and counts the visit itself.
CREATE OR REPLACE FUNCTION zc_duties_on_visit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.household_id IS NOT NULL THEN
        PERFORM 1 FROM households WHERE id = NEW.household_id FOR SHARE;
    ELSE
        PERFORM 1 FROM teams
        WHERE kind = 'township' AND org_code = substr(NEW.village_code, 1, 9) || '000'
        FOR SHARE;
    END IF;
    UPDATE visit_duties d SET done = d.done + 1
    FROM visit_rules r
    WHERE r.id = d.rule_id AND NEW.mode = ANY (r.modes)
      AND d.period_first BETWEEN NEW.visit_date - 62 AND NEW.visit_date
      AND NEW.visit_date BETWEEN d.window_first AND d.period_last
      AND d.village_code = NEW.village_code
      AND (d.household_id = NEW.household_id
           OR (NEW.household_id IS NULL AND d.household_id IS NULL));
    RETURN NULL;
END
$$;

-- The V4 rows of every village, owed from the new day.
SELECT zc_village_duties_refresh(array_agg(DISTINCT substr(org_code, 1, 9)))
FROM teams WHERE kind = 'township';

-- Every duty row the rules call for in the tracked periods that end on or after p_from (all
-- when NULL) and begin by p_to (today when NULL), compared with the rows kept: what is missing, what should not be there, and what holds another window, requirement
-- or count. `zhucun-server duties --check` reports it; empty when the rows are right.
CREATE FUNCTION zc_duties_check(p_from date DEFAULT NULL, p_to date DEFAULT NULL)
RETURNS TABLE (problem text, village_code text, household_id bigint, rule_id integer,
               period_first date)
LANGUAGE sql STABLE AS $$
    WITH want AS (
        SELECT * FROM zc_duty_rows(NULL, greatest(zc_duty_start(), p_from),
                                   coalesce(p_to, zc_today()))
        UNION ALL
        SELECT * FROM zc_village_duty_rows(NULL, greatest(zc_duty_start(), p_from),
                                           coalesce(p_to, zc_today()))
    ), have AS (
        SELECT d.* FROM visit_duties d
        WHERE d.period_first >= zc_duty_start()
          AND d.period_last >= coalesce(p_from, zc_duty_start())
          AND d.period_first <= coalesce(p_to, zc_today())
    )
    SELECT CASE WHEN h.rule_id IS NULL THEN 'missing'
                WHEN w.rule_id IS NULL THEN 'extra'
                ELSE 'differs' END,
           coalesce(w.village_code, h.village_code), coalesce(w.household_id, h.household_id),
           coalesce(w.rule_id, h.rule_id), coalesce(w.period_first, h.period_first)
    FROM want w
    FULL JOIN have h ON h.village_code = w.village_code
         AND h.household_id IS NOT DISTINCT FROM w.household_id
         AND h.rule_id = w.rule_id AND h.period_first = w.period_first
    WHERE h.rule_id IS NULL OR w.rule_id IS NULL
       OR (h.window_first, h.period_last, h.required, h.done)
          IS DISTINCT FROM (w.window_first, w.period_last, w.required, w.done)
$$;
