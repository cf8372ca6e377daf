-- 0002_org.sql -- the organisation tree in full (SPEC O1): village locations and check-in
-- radius, demonstration tags, name search, and the functions the org calls run.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE org_units
    ADD COLUMN lat double precision CHECK (lat BETWEEN -90 AND 90),
    ADD COLUMN lon double precision CHECK (lon BETWEEN -180 AND 180),
    ADD COLUMN geofence_m integer NOT NULL DEFAULT 1000 CHECK (geofence_m BETWEEN 50 AND 20000),
    ADD COLUMN tags text[] NOT NULL DEFAULT '{}' CHECK (tags <@ ARRAY['乡村振兴示范村',
        '乡村旅游振兴示范村', '数字乡村示范村', '特色产业示范基地']),
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD CONSTRAINT org_units_location_pair CHECK ((lat IS NULL) = (lon IS NULL)),
    ADD CONSTRAINT org_units_location_village CHECK (lat IS NULL OR level = 5);

CREATE INDEX org_units_parent ON org_units (parent_code, code);
CREATE INDEX org_units_name_trgm ON org_units USING gin (name gin_trgm_ops);

-- One unit with the number of its children.
CREATE FUNCTION zc_org_show(p_code text)
RETURNS TABLE (code text, name text, level smallint, parent_code text, lat double precision,
               lon double precision, geofence_m integer, tags text[], child_count bigint)
LANGUAGE sql STABLE AS $$
    SELECT o.code, o.name, o.level, o.parent_code, o.lat, o.lon, o.geofence_m, o.tags,
           (SELECT count(*) FROM org_units c WHERE c.parent_code = o.code)
    FROM org_units o WHERE o.code = p_code
$$;

-- Creates one unit; the caller checked the code's shape, level and scope.
CREATE FUNCTION zc_org_create(p_code text, p_name text, p_level smallint, p_parent text,
                              p_lat double precision, p_lon double precision,
                              p_geofence integer, p_tags text[], p_actor_id bigint,
                              p_actor text, p_addr text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- Creates and imports take turns, so an import's checks still hold when it writes.
    PERFORM pg_advisory_xact_lock(724300002);
    IF NOT EXISTS (SELECT 1 FROM org_units WHERE code = p_parent) THEN
        RAISE EXCEPTION '上级单位 % 不存在，请先建立上级', p_parent
            USING ERRCODE = 'ZC009', COLUMN = 'code';
    END IF;
    BEGIN
        INSERT INTO org_units (code, name, level, parent_code, lat, lon, geofence_m, tags)
        VALUES (p_code, p_name, p_level, p_parent, p_lat, p_lon,
                coalesce(p_geofence, 1000), coalesce(p_tags, '{}'));
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION '区划代码 % 已存在', p_code USING ERRCODE = 'ZC006', COLUMN = 'code';
    END;
    PERFORM zc_audit_append(p_actor_id, p_actor, p_addr, 'org.create', 'org:' || p_code,
                            jsonb_build_object('name', p_name, 'level', p_level));
END
$$;

-- Renames, relocates or retags one unit (NULL keeps a value).
CREATE FUNCTION zc_org_update(p_code text, p_name text, p_set_location boolean,
                              p_lat double precision, p_lon double precision,
                              p_geofence integer, p_tags text[], p_actor_id bigint,
                              p_actor text, p_addr text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    old org_units;
BEGIN
    SELECT * INTO old FROM org_units WHERE code = p_code FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION '区划代码 % 不存在', p_code USING ERRCODE = 'ZC005', COLUMN = 'code';
    END IF;
    IF (p_set_location OR p_geofence IS NOT NULL OR p_tags IS NOT NULL) AND old.level <> 5 THEN
        RAISE EXCEPTION '只有行政村有打卡坐标、打卡范围和示范标签'
            USING ERRCODE = 'ZC009', COLUMN = 'code';
    END IF;
    UPDATE org_units SET
        name = coalesce(p_name, name),
        lat = CASE WHEN p_set_location THEN p_lat ELSE lat END,
        lon = CASE WHEN p_set_location THEN p_lon ELSE lon END,
        geofence_m = coalesce(p_geofence, geofence_m),
        tags = coalesce(p_tags, tags),
        updated_at = now()
    WHERE code = p_code;
    PERFORM zc_audit_append(p_actor_id, p_actor, p_addr, 'org.update', 'org:' || p_code,
        jsonb_strip_nulls(jsonb_build_object(
            'old_name', CASE WHEN p_name IS NOT NULL THEN old.name END,
            'name', p_name,
            'location', CASE WHEN p_set_location THEN jsonb_build_array(p_lat, p_lon) END,
            'geofence_m', p_geofence, 'tags', p_tags)));
END
$$;

-- Imports rows checked by the caller for shape and scope: every row is checked against the
-- database (parent exists here or earlier in the file, a code already present must have
-- the same name and level) and only when no row fails is anything written. Returns the
-- failures (line, message), or one row (0, 'created=N unchanged=M') when all went in.
CREATE FUNCTION zc_org_import(p_lines integer[], p_codes text[], p_names text[],
                              p_levels smallint[], p_lats double precision[],
                              p_lons double precision[], p_actor_id bigint, p_actor text,
                              p_addr text)
RETURNS TABLE (line integer, message text)
LANGUAGE plpgsql AS $$
DECLARE
    n_created integer;
    n_total integer := coalesce(array_length(p_codes, 1), 0);
BEGIN
    PERFORM pg_advisory_xact_lock(724300002);
    CREATE TEMP TABLE IF NOT EXISTS org_import_rows (
        line integer, code text, name text, level smallint, parent text,
        lat double precision, lon double precision) ON COMMIT DROP;
    TRUNCATE org_import_rows;
    INSERT INTO org_import_rows
    SELECT r.line, r.code, r.name, r.level,
           CASE r.level WHEN 2 THEN substr(r.code, 1, 2) || '0000000000'
                        WHEN 3 THEN substr(r.code, 1, 4) || '00000000'
                        WHEN 4 THEN substr(r.code, 1, 6) || '000000'
                        WHEN 5 THEN substr(r.code, 1, 9) || '000' END,
           r.lat, r.lon
    FROM unnest(p_lines, p_codes, p_names, p_levels, p_lats, p_lons)
         AS r(line, code, name, level, lat, lon);

    RETURN QUERY
    SELECT i.line, format('区划代码 %s 在第 %s 行已出现过', i.code, min(j.line))
    FROM org_import_rows i JOIN org_import_rows j ON j.code = i.code AND j.line < i.line
    GROUP BY i.line, i.code
    UNION ALL
    SELECT i.line, format('区划代码 %s 已存在，名称为「%s」（重命名请用 org rename）', i.code, o.name)
    FROM org_import_rows i JOIN org_units o ON o.code = i.code
    WHERE o.name <> i.name OR o.level <> i.level
    UNION ALL
    SELECT i.line, format('上级单位 %s 不存在（既不在系统中，也不在本文件中）', i.parent)
    FROM org_import_rows i
    WHERE NOT EXISTS (SELECT 1 FROM org_units o WHERE o.code = i.parent)
      AND NOT EXISTS (SELECT 1 FROM org_import_rows j WHERE j.code = i.parent)
    ORDER BY 1;
    IF FOUND THEN
        RETURN;
    END IF;

    -- Parents before children: insert level by level.
    INSERT INTO org_units (code, name, level, parent_code, lat, lon)
    SELECT i.code, i.name, i.level, i.parent, i.lat, i.lon
    FROM org_import_rows i
    WHERE NOT EXISTS (SELECT 1 FROM org_units o WHERE o.code = i.code)
    ORDER BY i.level, i.code;
    GET DIAGNOSTICS n_created = ROW_COUNT;
    PERFORM zc_audit_append(p_actor_id, p_actor, p_addr, 'org.import', 'org:import',
                            jsonb_build_object('rows', n_total, 'created', n_created));
    RETURN QUERY SELECT 0, format('created=%s unchanged=%s', n_created, n_total - n_created);
END
$$;

GRANT INSERT, UPDATE ON org_units TO zhucun_app;
