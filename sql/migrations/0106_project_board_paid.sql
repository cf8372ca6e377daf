-- 0106_project_board_paid.sql -- the project board with the money paid (issue 21): the
-- construction part keeps each project's paid sum (project_money, 0105), and the board, which
-- 0101 made before there was money to show, adds it by child unit, state and kind.

DROP FUNCTION zc_project_board(text[], integer, integer);

-- Projects under patterns p_patterns (by their lead village), of year p_year (0: any), counted
-- by child unit of the unit whose code has p_len significant digits (2 province, 4 city,
-- 6 county, 9 township), state and kind, with their budget and what has been paid of it.
CREATE FUNCTION zc_project_board(p_patterns text[], p_len integer, p_year integer)
RETURNS TABLE (code text, name text, status text, kind text, projects bigint,
               budget_fen bigint, paid_fen bigint)
LANGUAGE sql STABLE AS $$
    WITH c AS (
        SELECT rpad(substr(p.village_code, 1, CASE p_len WHEN 2 THEN 4 WHEN 4 THEN 6
                                                         WHEN 6 THEN 9 ELSE 12 END),
                    12, '0') AS code,
               p.status, p.kind, count(*) AS projects, sum(p.budget_fen)::bigint AS budget_fen,
               coalesce(sum(m.paid_fen), 0)::bigint AS paid_fen
        FROM projects p LEFT JOIN project_money m ON m.project_id = p.id
        WHERE p.village_code LIKE ANY (p_patterns)
          AND (p_year = 0 OR p.year = p_year)
        GROUP BY 1, 2, 3
    )
    SELECT c.code, coalesce(o.name, c.code), c.status, c.kind, c.projects, c.budget_fen,
           c.paid_fen
    FROM c LEFT JOIN org_units o ON o.code = c.code
    ORDER BY c.code, (SELECT ord FROM project_statuses s WHERE s.code = c.status),
             (SELECT ord FROM project_kinds k WHERE k.code = c.kind)
$$;
