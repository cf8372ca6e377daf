-- 0152_stars_codes.sql -- the codes a county office chooses from (StarsCodes,
-- docs/stars-points.md): the star indicators in force in the county's city for a half year and
-- the cadre point items in force in the county for a quarter. Each code appears once, as the
-- row StarsAdjust (zc_stars_adjust) and CadrePointsAdd (zc_points_item_add) would apply: the
-- city's (county's) own row before the one of every city (the province's), the latest
-- valid_from first, in force on some day of the period.

-- The county p_county within the patterns (else NOT_FOUND naming county_code, zc_stars_county),
-- its indicators for the half starting p_half and its items for the quarter starting
-- p_quarter: kind 'indicator' or 'item', the code, the label, the delta or points as text, and
-- the city or county whose own row it is ('' for every city, the province's). Indicators first,
-- each kind the largest amount first, then by code.
CREATE FUNCTION zc_stars_codes(p_patterns text[], p_county text, p_half date, p_quarter date)
RETURNS TABLE (kind text, code text, label text, amount text, own text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    half_end date := (p_half + interval '6 months - 1 day')::date;
    quarter_end date := (p_quarter + interval '3 months - 1 day')::date;
BEGIN
    PERFORM zc_stars_county(p_county, p_patterns);
    RETURN QUERY
    SELECT z.kind, z.code, z.label, z.amount::text, z.own
    FROM ((SELECT DISTINCT ON (r.code) 'indicator'::text AS kind, 0 AS k, r.code, r.label,
                  r.delta::numeric AS amount, coalesce(r.city_code, '')::text AS own
           FROM star_indicator_rules r
           WHERE (r.city_code = zc_city_of(p_county) OR r.city_code IS NULL)
             AND r.valid_from <= half_end AND (r.valid_to IS NULL OR r.valid_to >= p_half)
           ORDER BY r.code, r.city_code IS NULL, r.valid_from DESC)
          UNION ALL
          (SELECT DISTINCT ON (i.code) 'item'::text, 1, i.code, i.label, i.points,
                  coalesce(i.county_code, '')::text
           FROM cadre_point_items i
           WHERE (i.county_code = p_county OR i.county_code IS NULL)
             AND i.valid_from <= quarter_end AND (i.valid_to IS NULL OR i.valid_to >= p_quarter)
           ORDER BY i.code, i.county_code IS NULL, i.valid_from DESC)) z
    ORDER BY z.k, z.amount DESC, z.code;
END
$$;
