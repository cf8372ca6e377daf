-- 0006_visit_duties.sql -- every visit duty as a row (SPEC V1-V4, V6, R1), kept current as
-- households change and visits are logged, so that the compliance report for any org unit and
-- period is one aggregation over an index (docs/compliance-report.md says why).
--
-- The rule is the one docs/visit-rules.md fixes and common/rules/visits.c computes; here it is
-- written once more, as one set-based query (zc_duty_rows), and tests/integration/
-- test_compliance.c checks the two agree on every household it builds. A duty row is judged at
-- its period's end E: the rule in force on E, the household's state on E, the window from the
-- later of the period's first day and the day the matching run of states began. States and
-- visits are never dated after today, so for the running period this is what the C function
-- says with as_of = today; `overdue` (not met and the period has ended) is decided when read.

-- JIT compilation costs 0.3-0.5 s per query and the planner switches it on for the duty
-- generation and the province-wide report, which run 3-15 times slower with it (measured on
-- the county demo). Nothing this server runs benefits from it.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
END
$$;

CREATE TABLE visit_duties (
    village_code text NOT NULL,
    household_id bigint,           -- NULL for a village's duty (V4)
    rule_id      integer NOT NULL REFERENCES visit_rules (id),
    period_first date NOT NULL,
    period_last  date NOT NULL,
    window_first date NOT NULL,
    required     integer NOT NULL,
    done         integer NOT NULL DEFAULT 0,
    CHECK (window_first BETWEEN period_first AND period_last),
    UNIQUE NULLS NOT DISTINCT (village_code, household_id, rule_id, period_first)
) PARTITION BY RANGE (period_first);

DO $$
DECLARE
    m date := '2022-06-01';
BEGIN
    WHILE m < '2028-01-01' LOOP
        EXECUTE format('CREATE TABLE visit_duties_%s PARTITION OF visit_duties'
                       ' FOR VALUES FROM (%L) TO (%L)',
                       to_char(m, 'YYYYMM'), m, (m + interval '1 month')::date);
        m := (m + interval '1 month')::date;
    END LOOP;
END
$$;
CREATE TABLE visit_duties_other PARTITION OF visit_duties DEFAULT;
-- The unique key serves the report's prefix scans (village_code LIKE '1409%' within one or two
-- partitions); this one serves the updates a visit or a state change makes.
CREATE INDEX visit_duties_household ON visit_duties (household_id, period_last);

-- The periods (first, last) that have been generated for every household and village, so
-- that the daily roll generates each new period once.
CREATE TABLE visit_duty_periods (
    period       text NOT NULL,
    period_first date NOT NULL,
    generated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (period, period_first)
);

-- Duties are tracked for the periods that begin on or after this day: the visits before the
-- system went live were kept on paper. The migration sets it to the first day of the previous
-- month; an office that imports older visit logs moves it back and runs
-- `zhucun-server duties --rebuild`.
CREATE TABLE visit_duty_start (
    one   boolean PRIMARY KEY DEFAULT true CHECK (one),
    start date NOT NULL
);
INSERT INTO visit_duty_start (start)
VALUES ((date_trunc('month', (now() AT TIME ZONE 'Asia/Shanghai')) - interval '1 month')::date);

CREATE FUNCTION zc_duty_start() RETURNS date
LANGUAGE sql STABLE AS $$ SELECT start FROM visit_duty_start $$;

-- Today in the province's time zone (the same day rules_shanghai_day gives the server).
CREATE FUNCTION zc_today() RETURNS date
LANGUAGE sql STABLE AS $$ SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date $$;

-- Duties are kept for every period that begins by this day: the next period exists before it
-- starts, so no visit can be logged in a period that has no rows yet.
CREATE FUNCTION zc_duty_horizon() RETURNS date
LANGUAGE sql STABLE AS $$ SELECT zc_today() + 31 $$;

-- The periods of a kind that end on or after p_from and begin on or before p_to
-- (common/rules/visits.c: rules_period_containing).
CREATE FUNCTION zc_periods(p_kind text, p_from date, p_to date)
RETURNS TABLE (first date, last date)
LANGUAGE sql IMMUTABLE AS $$
    SELECT f, l FROM (
        SELECT m::date AS f, (m + interval '1 month')::date - 1 AS l
        FROM generate_series(date_trunc('month', p_from::timestamp), p_to::timestamp,
                             interval '1 month') AS m
        WHERE p_kind = 'month'
        UNION ALL
        SELECT h.f, h.l
        FROM generate_series(date_trunc('month', p_from::timestamp), p_to::timestamp,
                             interval '1 month') AS m,
             LATERAL (VALUES (m::date, m::date + 14),
                             (m::date + 15, (m + interval '1 month')::date - 1)) AS h(f, l)
        WHERE p_kind = 'half_month'
        UNION ALL
        SELECT m::date, (m + interval '2 months')::date - 1
        FROM generate_series(date_trunc('month', p_from::timestamp)
                                 - ((extract(month FROM p_from)::int - 1) % 2) * interval '1 month',
                             p_to::timestamp, interval '2 months') AS m
        WHERE p_kind = 'two_months') AS p
    WHERE l >= p_from AND f <= p_to
$$;

-- Every duty of the households in p_households (all when NULL) for the periods that end on or
-- after p_from and begin on or before p_to, with the visits counted that meet it.
CREATE FUNCTION zc_duty_rows(p_households bigint[], p_from date, p_to date,
                             p_period text DEFAULT NULL)
RETURNS TABLE (village_code text, household_id bigint, rule_id integer, period_first date,
               period_last date, window_first date, required integer, done integer)
LANGUAGE sql STABLE AS $$
    WITH judged AS (
        SELECT h.village_code, h.id AS hid, r.id AS rid, r.categories, r.absent AS rabsent,
               r.min_visits, r.modes, p.first, p.last, s.category, s.absent
        FROM households h
        CROSS JOIN (SELECT DISTINCT period FROM visit_rules WHERE subject = 'household'
                    AND (p_period IS NULL OR period = p_period)) k
        CROSS JOIN LATERAL zc_periods(k.period, greatest(p_from, h.since), p_to) p
        CROSS JOIN LATERAL (SELECT st.category, st.absent FROM household_states st
                            WHERE st.household_id = h.id AND st.valid_from <= p.last
                            ORDER BY st.valid_from DESC LIMIT 1) s
        JOIN visit_rules r ON r.subject = 'household' AND r.period = k.period
             AND r.effective_from <= p.last AND (r.effective_to IS NULL OR r.effective_to >= p.last)
             AND s.category = ANY (r.categories) AND s.absent = r.absent
        WHERE (p_households IS NULL OR h.id = ANY (p_households))
          AND p.first >= zc_duty_start()
    ), windowed AS (
        -- The matching run of states ends on E: it starts after the last state before E that
        -- the rule does not cover (or at the household's first state).
        SELECT j.*, greatest(j.first, (
                   SELECT min(x.valid_from) FROM household_states x
                   WHERE x.household_id = j.hid AND x.valid_from <= j.last
                     AND x.valid_from > coalesce((
                         SELECT max(y.valid_from) FROM household_states y
                         WHERE y.household_id = j.hid AND y.valid_from <= j.last
                           AND NOT (y.category = ANY (j.categories) AND y.absent = j.rabsent)),
                         '-infinity'::date))) AS wfirst
        FROM judged j
    )
    SELECT w.village_code, w.hid, w.rid, w.first, w.last, w.wfirst, w.min_visits,
           (SELECT count(*)::integer FROM visits v
            WHERE v.household_id = w.hid AND v.visit_date BETWEEN w.wfirst AND w.last
              AND v.mode = ANY (w.modes))
    FROM windowed w
$$;

-- Every village duty (V4: a township team visits each village of its township) of the
-- villages in p_villages (all when NULL) for the periods that end on or after p_from and
-- begin on or before p_to. A village owes it while its township has a township team (from the
-- day the team was made); visits without a household count.
CREATE FUNCTION zc_village_duty_rows(p_villages text[], p_from date, p_to date)
RETURNS TABLE (village_code text, household_id bigint, rule_id integer, period_first date,
               period_last date, window_first date, required integer, done integer)
LANGUAGE sql STABLE AS $$
    WITH judged AS (
        SELECT o.code, r.id AS rid, r.min_visits, r.modes, p.first, p.last,
               (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AS since
        FROM org_units o
        JOIN teams t ON t.kind = 'township' AND t.org_code = substr(o.code, 1, 9) || '000'
        CROSS JOIN (SELECT DISTINCT period FROM visit_rules WHERE subject = 'village') k
        CROSS JOIN LATERAL zc_periods(k.period, greatest(p_from,
                       (t.created_at AT TIME ZONE 'Asia/Shanghai')::date), p_to) p
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

-- Recomputes the duties of some households from p_from on (a new household, a change of
-- category or presence). The caller holds the households' rows locked (a visit's count takes
-- them FOR SHARE: zc_duties_on_visit), so no visit of theirs commits in between.
-- The generic plan: planning the inlined zc_duty_rows costs more than running it for a few
-- households, and its shape does not depend on the arguments.
CREATE FUNCTION zc_duties_refresh(p_households bigint[], p_from date)
RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    DELETE FROM visit_duties WHERE household_id = ANY (p_households) AND period_last >= p_from;
    INSERT INTO visit_duties
    SELECT * FROM zc_duty_rows(p_households, p_from, zc_duty_horizon());
END
$$;

CREATE FUNCTION zc_duties_on_state() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    hs bigint[];
    since date;
BEGIN
    -- A bulk writer (zc_household_import) refreshes once for everything it wrote.
    IF current_setting('zhucun.defer_duties', true) = 'on' THEN
        RETURN NULL;
    END IF;
    SELECT array_agg(DISTINCT n.household_id), min(n.valid_from) INTO hs, since FROM changed n;
    IF hs IS NOT NULL THEN
        PERFORM zc_duties_refresh(hs, since);
    END IF;
    RETURN NULL;
END
$$;
-- One refresh per statement, however many households it touched (an import, a demo load).
CREATE TRIGGER household_states_duties_ins AFTER INSERT ON household_states
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION zc_duties_on_state();
CREATE TRIGGER household_states_duties_upd AFTER UPDATE ON household_states
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION zc_duties_on_state();

-- A new township team: its villages owe V4 from the day it was made.
CREATE FUNCTION zc_duties_on_team() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO visit_duties
    SELECT * FROM zc_village_duty_rows(
        (SELECT array_agg(o.code) FROM org_units o
         WHERE o.level = 5 AND o.code LIKE substr(NEW.org_code, 1, 9) || '%'),
        zc_duty_start(), zc_duty_horizon())
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER teams_duties AFTER INSERT ON teams
    FOR EACH ROW WHEN (NEW.kind = 'township') EXECUTE FUNCTION zc_duties_on_team();

-- Generates each period that begins between the tracking start and the horizon and has not
-- been generated yet, for every household and village (ON CONFLICT: a household made since
-- already has its rows). Run daily (`zhucun-server duties`, and by the server at start and
-- every hour); a new period is generated a month before it starts, when no visit can be in it
-- yet. The demo load runs it once for all its periods. Returns how many periods it generated.
CREATE FUNCTION zc_duties_roll() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    k record;
    p record;
    n integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('zc_duties_roll'));
    FOR k IN SELECT DISTINCT period, subject FROM visit_rules LOOP
        FOR p IN SELECT * FROM zc_periods(k.period, zc_duty_start(), zc_duty_horizon())
                 WHERE first >= zc_duty_start() LOOP
            CONTINUE WHEN EXISTS (SELECT 1 FROM visit_duty_periods
                                  WHERE period = k.subject || ':' || k.period
                                    AND period_first = p.first);
            IF k.subject = 'household' THEN
                INSERT INTO visit_duties
                SELECT d.* FROM zc_duty_rows(NULL, p.first, p.first, k.period) d
                WHERE d.period_first = p.first
                ON CONFLICT DO NOTHING;
            ELSE
                INSERT INTO visit_duties
                SELECT d.* FROM zc_village_duty_rows(NULL, p.first, p.first) d
                WHERE d.period_first = p.first
                ON CONFLICT DO NOTHING;
            END IF;
            INSERT INTO visit_duty_periods VALUES (k.subject || ':' || k.period, p.first);
            n := n + 1;
        END LOOP;
    END LOOP;
    RETURN n;
END
$$;

-- A visit meets the duties whose window holds its date and whose rule counts its mode. The
-- household's row is taken FOR SHARE first: a change of its state (which holds it FOR UPDATE
-- while it recomputes the duties) either commits before this count sees the new rows, or
-- waits for this visit to commit and counts it itself.
CREATE FUNCTION zc_duties_on_visit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.household_id IS NOT NULL THEN
        PERFORM 1 FROM households WHERE id = NEW.household_id FOR SHARE;
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
CREATE TRIGGER visits_duties AFTER INSERT ON visits
    FOR EACH ROW EXECUTE FUNCTION zc_duties_on_visit();

GRANT SELECT, INSERT, UPDATE, DELETE ON visit_duties TO zhucun_app;
GRANT SELECT, INSERT ON visit_duty_periods TO zhucun_app;
GRANT SELECT ON visit_duty_start TO zhucun_app;
