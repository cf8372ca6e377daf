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
    village_code text COLLATE "C" NOT NULL,  -- digits: byte order, so code ranges use indexes
    household_id bigint,           -- NULL for a village's duty (V4)
    -- A visit_rules id. No foreign key: the rows are made from the rules table itself, rule
    -- rows are never deleted (a rule ends by its effective_to), and the per-row check cost a
    -- third of the duty generation's time.
    rule_id      integer NOT NULL,
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

-- Per village, rule and period: how many duties and how many met. Kept by the statement
-- triggers below from every change of visit_duties, so that the report above the village
-- level sums ~30,000 rows a month instead of ~3.6 million.
CREATE TABLE visit_duty_summary (
    village_code text COLLATE "C" NOT NULL,
    rule_id      integer NOT NULL,
    period_first date NOT NULL,
    period_last  date NOT NULL,
    due          integer NOT NULL,
    met          integer NOT NULL,
    PRIMARY KEY (village_code, period_first, rule_id)
);
CREATE INDEX visit_duty_summary_period ON visit_duty_summary (period_first, village_code);

-- Moves the summary by what a statement did to visit_duties: rows added (INSERT), taken away
-- (DELETE), or met or no longer met (UPDATE of done).
CREATE FUNCTION zc_duty_summary_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO visit_duty_summary AS s (village_code, rule_id, period_first, period_last,
                                             due, met)
        SELECT n.village_code, n.rule_id, n.period_first, n.period_last,
               CASE TG_OP WHEN 'INSERT' THEN count(*) ELSE 0 END,
               count(*) FILTER (WHERE n.done >= n.required)
        FROM new_rows n GROUP BY 1, 2, 3, 4
        ON CONFLICT (village_code, period_first, rule_id)
        DO UPDATE SET due = s.due + excluded.due, met = s.met + excluded.met;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE visit_duty_summary s SET due = s.due - o.due, met = s.met - o.met
        FROM (SELECT d.village_code, d.rule_id, d.period_first,
                     CASE TG_OP WHEN 'DELETE' THEN count(*) ELSE 0 END AS due,
                     count(*) FILTER (WHERE d.done >= d.required) AS met
              FROM old_rows d GROUP BY 1, 2, 3) o
        WHERE s.village_code = o.village_code AND s.rule_id = o.rule_id
          AND s.period_first = o.period_first;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER visit_duties_summary_ins AFTER INSERT ON visit_duties
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zc_duty_summary_sync();
CREATE TRIGGER visit_duties_summary_del AFTER DELETE ON visit_duties
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zc_duty_summary_sync();
CREATE TRIGGER visit_duties_summary_upd AFTER UPDATE ON visit_duties
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION zc_duty_summary_sync();

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
-- after p_from and begin on or before p_to (of kind p_period, or all), with the visits counted
-- that meet it. Set-based (window functions over the states, one join for the visits), so the
-- same query serves one household's refresh and the province's roll.
CREATE FUNCTION zc_duty_rows(p_households bigint[], p_from date, p_to date,
                             p_period text DEFAULT NULL)
RETURNS TABLE (village_code text, household_id bigint, rule_id integer, period_first date,
               period_last date, window_first date, required integer, done integer)
LANGUAGE sql STABLE AS $$
    WITH rules AS (
        SELECT * FROM visit_rules
        WHERE subject = 'household' AND (p_period IS NULL OR period = p_period)
    ), covered AS (
        -- each state with the day the next begins, and per rule whether it covers the state
        SELECT s.household_id, s.valid_from,
               lead(s.valid_from) OVER (PARTITION BY s.household_id, r.id
                                        ORDER BY s.valid_from) AS next_from,
               r.id AS rid,
               s.category = ANY (r.categories) AND s.absent = r.absent AS cov
        FROM household_states s CROSS JOIN rules r
        WHERE p_households IS NULL OR s.household_id = ANY (p_households)
    ), runs AS (
        -- the unbroken runs of covered states: a run starts after the last state not covered
        SELECT c.*, count(*) FILTER (WHERE NOT c.cov)
                        OVER (PARTITION BY c.household_id, c.rid ORDER BY c.valid_from) AS grp
        FROM covered c
    ), starts AS (
        SELECT r.*, min(r.valid_from) FILTER (WHERE r.cov)
                        OVER (PARTITION BY r.household_id, r.rid, r.grp)
                    AS run_from
        FROM runs r
    ), periods AS (
        SELECT k.period, p.first, p.last
        FROM (SELECT DISTINCT period FROM rules) k,
             LATERAL zc_periods(k.period, p_from, p_to) p
        WHERE p.first >= zc_duty_start()
    ), judged AS (
        -- the rule in force on E judges the period; the household owes it when the state on
        -- E is one that rule covers
        SELECT st.household_id, r.id AS rid, p.first, p.last,
               greatest(p.first, st.run_from) AS wfirst, r.min_visits, r.modes
        FROM periods p
        JOIN rules r ON r.period = p.period AND r.effective_from <= p.last
             AND (r.effective_to IS NULL OR r.effective_to >= p.last)
        JOIN starts st ON st.rid = r.id AND st.cov AND st.valid_from <= p.last
             AND (st.next_from IS NULL OR st.next_from > p.last)
    )
    SELECT h.village_code, j.household_id, j.rid, j.first, j.last, j.wfirst, j.min_visits,
           count(v.household_id)::integer
    FROM judged j JOIN households h ON h.id = j.household_id
    LEFT JOIN visits v ON v.household_id = j.household_id
         AND v.visit_date BETWEEN j.wfirst AND j.last AND v.mode = ANY (j.modes)
    GROUP BY h.village_code, j.household_id, j.rid, j.first, j.last, j.wfirst, j.min_visits
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
-- Planned for its arguments each time (about 10 ms for one household): a generic plan would
-- not know the array holds one household and would scan every household's states.
CREATE FUNCTION zc_duties_refresh(p_households bigint[], p_from date)
RETURNS void
LANGUAGE plpgsql AS $$
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
    first_new date;
    last_new date;
    n integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('zc_duties_roll'));
    CREATE TEMP TABLE missing ON COMMIT DROP AS
    SELECT k.subject, k.period, p.first
    FROM (SELECT DISTINCT subject, period FROM visit_rules) k,
         LATERAL zc_periods(k.period, zc_duty_start(), zc_duty_horizon()) p
    WHERE p.first >= zc_duty_start() AND p.first <= zc_duty_horizon()
      AND NOT EXISTS (SELECT 1 FROM visit_duty_periods d
                      WHERE d.period = k.subject || ':' || k.period AND d.period_first = p.first);
    SELECT count(*), min(first), max(first) INTO n, first_new, last_new FROM missing;
    IF n = 0 THEN
        RETURN 0;
    END IF;
    -- One pass over every household for all the missing periods (ON CONFLICT: a household
    -- made since the period was due already has its rows).
    INSERT INTO visit_duties
    SELECT d.* FROM zc_duty_rows(NULL, first_new, last_new) d
    JOIN visit_rules r ON r.id = d.rule_id
    JOIN missing m ON m.subject = 'household' AND m.period = r.period
         AND m.first = d.period_first
    ON CONFLICT DO NOTHING;
    INSERT INTO visit_duties
    SELECT d.* FROM zc_village_duty_rows(NULL, first_new, last_new) d
    JOIN visit_rules r ON r.id = d.rule_id
    JOIN missing m ON m.subject = 'village' AND m.period = r.period
         AND m.first = d.period_first
    ON CONFLICT DO NOTHING;
    INSERT INTO visit_duty_periods (period, period_first)
    SELECT subject || ':' || period, first FROM missing;
    DROP TABLE missing;
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
GRANT SELECT, INSERT, UPDATE ON visit_duty_summary TO zhucun_app;
