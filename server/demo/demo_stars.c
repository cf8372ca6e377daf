/* demo_stars.c -- the stars and points step (星级化评定, 积分制考核, SPEC E2, E3;
 * 0135_stars_points.sql): from the assessment step's published grades, every half year whose
 * later quarter was published gets its teams' stars -- a team's first half from its grade, a
 * later half from its previous stars moved by the province-wide indicators for about one team
 * in seven (+1 'model', -1 'circular'), always within 0–5 -- and the county's filing, approved,
 * except about a quarter of the counties that have not yet filed the latest half. Every
 * published cadre grade gets its first points, about one cadre-quarter in ten an add item
 * (a county commendation) and one in ten a deduct item (late reports), and every quarter but
 * the latest is filed in every county. These filings carry no approval (they are the state
 * after the province decided). Of the counties that have not filed the latest half, and of
 * all the counties for the latest quarter (just ended), two in three (at least one) file it
 * now through the engine, pending in the province office's queue. Run after "assessment" and
 * before "attach". */
#include "server/demo/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"

/* The statements name $SEED (the seed), $PREFIX (the subtree's code prefix) and $HALF (the
 * half's first day), replaced by subst(). md5(seed:...) as a byte 0-255: */
#define PICK(what) "get_byte(decode(md5('$SEED:' || " what "), 'hex'), 0)"

/* The halves, oldest first. */
static const char halves_fmt[] =
    "SELECT DISTINCT (quarter - interval '3 months')::date::text FROM assessment_rounds"
    " WHERE subject = 'team' AND status = 'published' AND extract(month FROM quarter) IN (4, 10)"
    " AND county_code LIKE '$PREFIX%' ORDER BY 1";

static const char stars_fmt[] =
    "INSERT INTO team_stars (team_id, half, county_code, org_code, grade, first, base, adjust,"
    "  stars, computed_at)"
    " SELECT s.team_id, '$HALF', r.county_code, s.org_code, s.grade, pv.stars IS NULL,"
    "  coalesce(pv.stars, gr.stars), 0, coalesce(pv.stars, gr.stars), zc_now()"
    " FROM assessment_rounds r JOIN assessment_results s ON s.round_id = r.id"
    "  AND s.person_id IS NULL AND s.grade IS NOT NULL"
    " CROSS JOIN LATERAL (SELECT g.stars FROM star_grade_rules g WHERE g.grade = s.grade"
    "  AND g.valid_from <= '$HALF' ORDER BY g.valid_from DESC LIMIT 1) gr"
    " LEFT JOIN LATERAL (SELECT x.stars FROM team_stars x WHERE x.team_id = s.team_id"
    "  AND x.half < '$HALF' ORDER BY x.half DESC LIMIT 1) pv ON true"
    " WHERE r.subject = 'team' AND r.status = 'published'"
    "  AND r.quarter = ('$HALF'::date + interval '3 months')::date"
    "  AND r.county_code LIKE '$PREFIX%'";

static const char adjust_fmt[] =
    "INSERT INTO star_adjustments (team_id, half, county_code, org_code, rule_id, delta, reason,"
    "  created_at)"
    " SELECT t.team_id, t.half, t.county_code, t.org_code, k.id, k.delta, k.label, zc_now()"
    " FROM team_stars t JOIN star_indicator_rules k ON k.city_code IS NULL"
    "  AND k.code = CASE WHEN " PICK(
        "t.team_id || ':' || t.half") " < 20 THEN 'model'"
                                      "   ELSE 'circular' END"
                                      " WHERE t.half = '$HALF' AND NOT t.first AND t.county_code "
                                      "LIKE '$PREFIX%'"
                                      "  AND " PICK("t.team_id || ':' || t.half") " < 38";

static const char apply_fmt[] =
    "UPDATE team_stars t SET adjust = a.d, stars = least(5, greatest(0, t.base + a.d))"
    " FROM (SELECT team_id, half, sum(delta)::smallint AS d FROM star_adjustments"
    "  WHERE half = '$HALF' AND county_code LIKE '$PREFIX%' GROUP BY team_id, half) a"
    " WHERE t.team_id = a.team_id AND t.half = a.half";

/* Filings: every county's halves and quarters, but the latest of each in about a quarter of
 * the counties. */
static const char filings_fmt[] =
    "INSERT INTO filings (kind, county_code, period, status, filed_at, decided_at)"
    " SELECT p.kind, p.county_code, p.period, 'approved', zc_now(), zc_now()"
    " FROM (SELECT DISTINCT 'stars' AS kind, county_code, half AS period FROM team_stars"
    "   WHERE county_code LIKE '$PREFIX%'"
    "  UNION SELECT DISTINCT 'points', county_code, quarter FROM cadre_points"
    "   WHERE county_code LIKE '$PREFIX%' AND kind = 'first') p"
    " WHERE p.period < (SELECT max(x.period) FROM (SELECT half AS period FROM team_stars"
    "   WHERE p.kind = 'stars' UNION ALL SELECT quarter FROM cadre_points"
    "   WHERE p.kind = 'points' AND kind = 'first') x)"
    "  OR (p.kind = 'stars' AND " PICK("p.kind || ':' || p.county_code") " >= 64)";

/* The pending filings: of the counties that have not filed the latest half or quarter, two in
 * three (at least one; by the pick) file it now, through StarsFile's and CadrePointsFile's own
 * function (zc_filing_submit) as their county office: each is an approval in the province
 * office's queue. The others stay missing. */
static const char pending_fmt[] =
    "SELECT count(zc_filing_submit(o.user_id, NULL, ARRAY[left(p.county_code, 6) || '%'],"
    "  p.kind, p.county_code, p.period, o.username, 'demo'))"
    " FROM (SELECT p.*, row_number() OVER (PARTITION BY p.kind ORDER BY"
    "   " PICK(
        "p.kind || ':' || p.county_code") " DESC, p.county_code) AS rn,"
                                          "   count(*) OVER (PARTITION BY p.kind) AS n"
                                          "  FROM (SELECT DISTINCT 'stars' AS kind, county_code, "
                                          "half AS period FROM team_stars"
                                          "    WHERE county_code LIKE '$PREFIX%' AND half = "
                                          "(SELECT max(half) FROM team_stars)"
                                          "   UNION SELECT DISTINCT 'points', county_code, quarter "
                                          "FROM cadre_points"
                                          "    WHERE county_code LIKE '$PREFIX%' AND kind = 'first'"
                                          "    AND quarter = (SELECT max(quarter) FROM "
                                          "cadre_points WHERE kind = 'first')) p"
                                          "  WHERE NOT EXISTS (SELECT 1 FROM filings f WHERE "
                                          "f.kind = p.kind"
                                          "   AND f.county_code = p.county_code AND f.period = "
                                          "p.period)) p"
                                          " CROSS JOIN LATERAL (SELECT g.user_id, u.username FROM "
                                          "role_grants g"
                                          "  JOIN users u ON u.id = g.user_id WHERE g.role = "
                                          "'county_office'"
                                          "  AND g.scope_code = p.county_code ORDER BY g.user_id "
                                          "LIMIT 1) o"
                                          " WHERE p.rn <= greatest(1, p.n * 2 / 3)";

static const char first_fmt[] =
    "INSERT INTO cadre_points (person_id, quarter, county_code, org_code, kind, points, reason,"
    "  source_kind, source_id, created_at)"
    " SELECT p.person_id, p.quarter, p.county_code, p.org_code, 'first', k.points,"
    "  to_char(p.quarter, 'YYYY\"年\"Q\"季度\"') || '考核' || g.label, 'assessment', p.round_id,"
    "  zc_now()"
    " FROM assessment_published p JOIN assessment_grades g ON g.code = p.grade"
    " CROSS JOIN LATERAL (SELECT r.points FROM cadre_point_rules r WHERE r.grade = p.grade"
    "  AND r.valid_from <= p.quarter ORDER BY r.valid_from DESC LIMIT 1) k"
    " WHERE p.subject = 'cadre' AND p.person_id IS NOT NULL AND p.county_code LIKE '$PREFIX%'"
    " ON CONFLICT (person_id, quarter) WHERE kind = 'first' DO NOTHING";

static const char items_fmt[] =
    "INSERT INTO cadre_points (person_id, quarter, county_code, org_code, kind, item_code,"
    "  points, reason, source_kind, source_id, created_at)"
    " SELECT c.person_id, c.quarter, c.county_code, c.org_code,"
    "  CASE WHEN i.points > 0 THEN 'add' ELSE 'deduct' END, i.code, i.points, i.label,"
    "  CASE WHEN i.points > 0 THEN 'commendation' ELSE 'other' END,"
    "  CASE WHEN i.points > 0 THEN 1 + " PICK(
        "'doc:' || c.id") " END, zc_now()"
                          " FROM cadre_points c JOIN cadre_point_items i ON i.county_code IS NULL"
                          "  AND i.code = CASE WHEN " PICK(
                              "c.id") " < 26 THEN 'commend_county' ELSE 'late_report' END"
                                      " WHERE c.kind = 'first' AND c.county_code LIKE '$PREFIX%' "
                                      "AND " PICK("c.id") " < 52";

/* fmt with $SEED, $PREFIX and $HALF replaced, in a fresh string. */
static char *subst(const char *fmt, const char *seed, const char *prefix, const char *half)
{
    static const char *const names[] = {"$SEED", "$PREFIX", "$HALF"};
    const char *values[] = {seed, prefix, half};
    size_t cap = strlen(fmt) + 1, n = 0;
    for (const char *p = fmt; *p != '\0'; p++)
        if (*p == '$')
            cap += 32;
    char *out = xmalloc(cap);
    for (const char *p = fmt; *p != '\0';) {
        size_t k = 0;
        while (k < 3 && strncmp(p, names[k], strlen(names[k])) != 0)
            k++;
        if (k < 3) {
            size_t len = strlen(values[k]);
            memcpy(out + n, values[k], len);
            n += len;
            p += strlen(names[k]);
        } else {
            out[n++] = *p++;
        }
    }
    out[n] = '\0';
    return out;
}

/* One statement of fmt with the seed, the prefix and the half. */
static int run(struct demo *d, const char *table, const char *what, const char *fmt,
               const char *seed, const char *prefix, const char *half)
{
    char *sql = subst(fmt, seed, prefix, half);
    int rc = demo_exec_counted(d, "stars", table, what, sql);
    free(sql);
    return rc;
}

int demo_step_stars(struct demo *d)
{
    int len = d->scale == DEMO_SCALE_COUNTY ? 6 : d->scale == DEMO_SCALE_CITY ? 4 : 2;
    char prefix[13], seed[24];
    snprintf(prefix, sizeof(prefix), "%.*s", len, d->scope_code);
    snprintf(seed, sizeof(seed), "%" PRIu64, d->seed);
    char *sql = subst(halves_fmt, seed, prefix, "");
    PGresult *halves = PQexec(d->pg, sql);
    free(sql);
    int rc = PQresultStatus(halves) == PGRES_TUPLES_OK ? 0 : -1;
    if (rc != 0)
        fprintf(stderr, "zhucun-server: demo: stars: the halves: %s", PQresultErrorMessage(halves));
    for (int i = 0; rc == 0 && i < PQntuples(halves); i++) {
        const char *half = PQgetvalue(halves, i, 0);
        rc = run(d, "team_stars", NULL, stars_fmt, seed, prefix, half);
        if (rc == 0)
            rc = run(d, "star_adjustments", NULL, adjust_fmt, seed, prefix, half);
        if (rc == 0)
            rc = run(d, NULL, "the adjusted stars", apply_fmt, seed, prefix, half);
    }
    PQclear(halves);
    if (rc == 0)
        rc = run(d, "cadre_points", NULL, first_fmt, seed, prefix, "");
    if (rc == 0)
        rc = run(d, "cadre_points", NULL, items_fmt, seed, prefix, "");
    if (rc == 0)
        rc = run(d, "filings", NULL, filings_fmt, seed, prefix, "");
    if (rc == 0)
        rc = run(d, NULL, "the pending filings", pending_fmt, seed, prefix, "");
    return rc;
}
