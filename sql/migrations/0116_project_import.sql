-- 0116_project_import.sql -- the historical import of projects from a spreadsheet (SPEC P4;
-- issue 21; docs/lookback.md, "The historical import"): every project of a file written in
-- one transaction with origin 'import' in the state it is in (any state: the data is
-- history), with its villages and funds, or none when one row cannot be. The file's rows are
-- checked before (common/projimport.c, by the handler and by the CLI); this function checks
-- what needs rows: each village exists and is in the caller's scope, and the project (lead
-- village, name, year) is not there already.

-- ProjectImport: the arrays are the file's projects, one element each (villages and funds as
-- ';'-separated lists: "code;code", "source:fen;source:fen"). Returns (line, field, message)
-- for each problem and writes nothing; or one row (0, '', the stored result: "projects=N").
CREATE FUNCTION zc_project_import(p_user bigint, p_key text, p_patterns text[],
                                  p_lines integer[], p_names text[], p_villages text[],
                                  p_kinds text[], p_years integer[], p_budgets bigint[],
                                  p_funds text[], p_responsible text[], p_planned_start date[],
                                  p_planned_end date[], p_actual_start date[],
                                  p_actual_end date[], p_statuses text[], p_reasons text[],
                                  p_households integer[], p_alleviated integer[],
                                  p_monitored integer[], p_actor text, p_addr text)
RETURNS TABLE (line integer, field text, message text)
LANGUAGE plpgsql AS $$
DECLARE
    prev jsonb := zc_idem_claim(p_user, p_key, 'ProjectImport');
    n integer := coalesce(cardinality(p_names), 0);
    x record;
    pid bigint;
    v_lead text;
BEGIN
    IF prev IS NOT NULL THEN
        RETURN QUERY SELECT 0, ''::text, prev ->> 'r';
        RETURN;
    END IF;
    RETURN QUERY
    SELECT v.ln, 'village_code'::text, format('行政村 %s 不存在或不在您的管辖范围内', v.code)
    FROM unnest(p_lines, p_villages) AS r(ln, codes),
         LATERAL (SELECT r.ln, c AS code FROM unnest(string_to_array(r.codes, ';')) c) v
    WHERE NOT EXISTS (SELECT 1 FROM org_units o WHERE o.code = v.code AND o.level = 5
                      AND o.code LIKE ANY (p_patterns))
    UNION ALL
    SELECT r.ln, 'name'::text,
           format('项目“%s”（%s 年度）已在系统中（#%s）', r.name, r.year, p.id)
    FROM unnest(p_lines, p_names, p_villages, p_years) AS r(ln, name, codes, year)
    JOIN projects p ON p.village_code = split_part(r.codes, ';', 1) AND p.name = r.name
                   AND p.year = r.year
    ORDER BY 1;
    IF FOUND THEN
        DELETE FROM idempotency i WHERE i.user_id = p_user AND i.key = p_key
          AND i.result IS NULL;
        RETURN;
    END IF;
    FOR x IN
        SELECT * FROM unnest(p_names, p_villages, p_kinds, p_years, p_budgets, p_funds,
                             p_responsible, p_planned_start, p_planned_end, p_actual_start,
                             p_actual_end, p_statuses, p_reasons, p_households, p_alleviated,
                             p_monitored)
            AS r(name, villages, kind, year, budget, funds, responsible, planned_start,
                 planned_end, actual_start, actual_end, status, reason, households, alleviated,
                 monitored)
    LOOP
        v_lead := split_part(x.villages, ';', 1);
        INSERT INTO projects (village_code, name, kind, year, budget_fen, responsible,
                              planned_start, planned_end, actual_start, actual_end,
                              expected_households, expected_alleviated, expected_monitored,
                              status, status_on, status_reason, origin, created_by)
        VALUES (v_lead, x.name, x.kind, x.year, x.budget, x.responsible, x.planned_start,
                x.planned_end, x.actual_start, x.actual_end, x.households, x.alleviated,
                x.monitored, x.status,
                least(zc_today(), coalesce(x.actual_end, x.actual_start, x.planned_start)),
                x.reason, 'import', p_user)
        RETURNING id INTO pid;
        INSERT INTO project_villages (project_id, village_code, lead_code)
        SELECT pid, c, v_lead FROM unnest(string_to_array(x.villages, ';')) c;
        INSERT INTO project_funds (project_id, source, amount_fen, village_code)
        SELECT pid, split_part(f, ':', 1), split_part(f, ':', 2)::bigint, v_lead
        FROM unnest(string_to_array(x.funds, ';')) f;
    END LOOP;
    PERFORM zc_audit_append(p_user, p_actor, p_addr, 'project.import', 'project:import',
                            jsonb_build_object('projects', n,
                                               'villages', (SELECT count(DISTINCT split_part(v, ';', 1))
                                                            FROM unnest(p_villages) v)));
    RETURN QUERY SELECT 0, ''::text,
        zc_idem_store(p_user, p_key, jsonb_build_object('r', format('projects=%s', n))) ->> 'r';
END
$$;
