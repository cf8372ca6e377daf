/* demo_org.c -- the org step: the real cities, counties and townships of the scale (from
 * shanxi-divisions.csv) and, under every township, generated villages with names, codes,
 * coordinates, check-in radius and demonstration tags. */
#include "server/demo/demo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/csvtable.h"
#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"

#define DIVISIONS_FILE "shanxi-divisions.csv"

/* Shanxi's bounding box, roughly: every coordinate is clamped into it. */
#define LAT_MIN 34.6
#define LAT_MAX 40.7
#define LON_MIN 110.3
#define LON_MAX 114.5

/* Townships lie within this many degrees of their county's centre, villages of their
 * township's. */
#define TOWNSHIP_SPREAD 0.15
#define VILLAGE_SPREAD  0.05

#define VILLAGES_MIN 8
#define VILLAGES_MAX 25

/* Where each city's seat is (approximately), so counties land in the right part of the
 * province; a county is placed around its city's seat by a hash of its code. */
static const struct {
    const char *code4;
    double lat, lon;
} city_seats[] = {
    {"1401", 37.87, 112.55}, /* 太原 */
    {"1402", 40.08, 113.30}, /* 大同 */
    {"1403", 37.86, 113.58}, /* 阳泉 */
    {"1404", 36.20, 113.12}, /* 长治 */
    {"1405", 35.49, 112.85}, /* 晋城 */
    {"1406", 39.33, 112.43}, /* 朔州 */
    {"1407", 37.69, 112.75}, /* 晋中 */
    {"1408", 35.03, 111.00}, /* 运城 */
    {"1409", 38.42, 112.73}, /* 忻州 */
    {"1410", 36.09, 111.52}, /* 临汾 */
    {"1411", 37.52, 111.14}, /* 吕梁 */
};

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Sets o's location, at least margin degrees inside the box. */
static void place(struct demo_org *o, double lat, double lon, double margin)
{
    o->lat = clamp(lat, LAT_MIN + margin, LAT_MAX - margin);
    o->lon = clamp(lon, LON_MIN + margin, LON_MAX - margin);
}

/* A county's centre depends on its code only (not on the seed). */
static void place_county(struct demo_org *o)
{
    double lat = 37.5, lon = 112.4;
    for (size_t i = 0; i < ARRAY_SIZE(city_seats); i++) {
        if (strncmp(o->code, city_seats[i].code4, 4) == 0) {
            lat = city_seats[i].lat;
            lon = city_seats[i].lon;
        }
    }
    struct demo_rng r;
    demo_rng_init(&r, 0, "county-centre", o->code);
    double dlat = demo_rng_offset(&r, 0.45);
    double dlon = demo_rng_offset(&r, 0.45);
    /* Far enough inside that its townships and villages need no clamping. */
    place(o, lat + dlat, lon + dlon, TOWNSHIP_SPREAD + VILLAGE_SPREAD);
}

static char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, n = 0, k;
    char *buf = xmalloc(cap);
    while ((k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        errno = EIO;
        return NULL;
    }
    *len = n;
    return buf;
}

/* 1 when name is taken by one of the villages from index first on. */
static int name_taken(const struct demo *d, size_t first, const char *name)
{
    for (size_t i = first; i < d->norgs; i++)
        if (strcmp(d->orgs[i].name, name) == 0)
            return 1;
    return 0;
}

/* Villages of the township at index t, drawn from its county's stream r. */
static void add_villages(struct demo *d, size_t t, struct demo_rng *r)
{
    int n = demo_rng_range(r, VILLAGES_MIN, VILLAGES_MAX);
    size_t first = d->norgs;
    for (int i = 1; i <= n; i++) {
        char base[96], name[104];
        demo_village_name(r, base, sizeof(base));
        snprintf(name, sizeof(name), "%s", base);
        /* Unique within the township: draw again, and after many tries number it (东王二村). */
        for (int tries = 0; name_taken(d, first, name); tries++) {
            if (tries < 50) {
                demo_village_name(r, base, sizeof(base));
                snprintf(name, sizeof(name), "%s", base);
            } else {
                char num[32];
                demo_numeral((unsigned)(tries - 48), num, sizeof(num));
                snprintf(name, sizeof(name), "%.*s%s村", (int)(strlen(base) - strlen("村")), base,
                         num);
            }
        }
        struct demo_org *v = DEMO_PUSH(d, orgs);
        const struct demo_org *town = &d->orgs[t];
        memcpy(v->code, town->code, 9);
        snprintf(v->code + 9, sizeof(v->code) - 9, "%03u", (unsigned)i % 1000u);
        snprintf(v->name, sizeof(v->name), "%s", name);
        v->level = ORG_VILLAGE;
        v->parent = (int)t;
        double dlat = demo_rng_offset(r, VILLAGE_SPREAD);
        double dlon = demo_rng_offset(r, VILLAGE_SPREAD);
        place(v, town->lat + dlat, town->lon + dlon, 0);
        uint32_t g = demo_rng_below(r, 100);
        v->geofence_m = g < 85 ? 1000 : g < 95 ? 1500 : 2000;
        v->tag = demo_rng_chance(r, 0.05) ? (int)demo_rng_below(r, 4) : -1;
        v->unit_first = v->unit_count = 0;
    }
}

/* Builds d->orgs from the divisions file: the province, then in pre-order every city,
 * county and township in or above d->scope_code, each township followed by its villages. */
static int build_tree(struct demo *d, const struct csv_table *t)
{
    const char *file = DIVISIONS_FILE;
    if (t->nrows < 2 || t->rows[0].nfields != 3 || strcmp(t->rows[0].fields[0], "code") != 0) {
        fprintf(stderr, "zhucun-server: demo: %s: expected a header code,name,level\n", file);
        return -1;
    }
    int last[ORG_VILLAGE + 1]; /* latest index at each level, for the parent check */
    for (int i = 0; i <= ORG_VILLAGE; i++)
        last[i] = -1;
    struct demo_rng county_rng = {{0}};
    for (size_t i = 1; i < t->nrows; i++) {
        const struct csv_row *row = &t->rows[i];
        const char *code = row->nfields == 3 ? row->fields[0] : "";
        const char *name = row->nfields == 3 ? row->fields[1] : "";
        int level = row->nfields == 3 ? rules_level_parse(row->fields[2]) : -1;
        if (level < ORG_PROVINCE || level > ORG_TOWNSHIP || rules_code_level(code) != level ||
            rules_org_name_problem(name) != NULL) {
            fprintf(stderr,
                    "zhucun-server: demo: %s line %d: expected a code, a name and a level "
                    "(province .. township) that agree\n",
                    file, row->line);
            return -1;
        }
        if ((level == ORG_PROVINCE) != (d->norgs == 0)) {
            fprintf(stderr, "zhucun-server: demo: %s line %d: the province must come first, once\n",
                    file, row->line);
            return -1;
        }
        if (level > ORG_PROVINCE && !rules_code_within(code, d->scope_code) &&
            !rules_code_within(d->scope_code, code))
            continue;
        int parent = -1;
        if (level > ORG_PROVINCE) {
            char pcode[ORG_CODE_LEN + 1];
            parent = last[level - 1];
            if (rules_code_parent(code, pcode) != level - 1 || parent < 0 ||
                strcmp(d->orgs[parent].code, pcode) != 0) {
                fprintf(stderr,
                        "zhucun-server: demo: %s line %d: %s does not follow its parent; the "
                        "file must list every unit after its parent\n",
                        file, row->line, code);
                return -1;
            }
        }
        size_t idx = d->norgs;
        struct demo_org *o = DEMO_PUSH(d, orgs);
        snprintf(o->code, sizeof(o->code), "%s", code);
        snprintf(o->name, sizeof(o->name), "%s", name);
        o->level = level;
        o->parent = parent;
        o->geofence_m = GEOFENCE_DEFAULT_M;
        o->tag = -1;
        last[level] = (int)idx;
        for (int l = level + 1; l <= ORG_VILLAGE; l++)
            last[l] = -1;
        if (level == ORG_COUNTY) {
            place_county(o);
            /* Everything random below a county comes from its own stream. */
            demo_rng_init(&county_rng, d->seed, "org", code);
        } else if (level == ORG_TOWNSHIP) {
            const struct demo_org *county = &d->orgs[parent];
            double dlat = demo_rng_offset(&county_rng, TOWNSHIP_SPREAD);
            double dlon = demo_rng_offset(&county_rng, TOWNSHIP_SPREAD);
            place(o, county->lat + dlat, county->lon + dlon, VILLAGE_SPREAD);
            add_villages(d, idx, &county_rng);
        }
    }
    if (d->norgs == 0 || strcmp(d->orgs[0].code, "140000000000") != 0) {
        fprintf(stderr, "zhucun-server: demo: %s: Shanxi (140000000000) is missing\n", file);
        return -1;
    }
    /* Subtree ends, children before parents. */
    for (size_t i = 0; i < d->norgs; i++)
        d->orgs[i].end = i + 1;
    for (size_t i = d->norgs; i-- > 1;) {
        struct demo_org *p = &d->orgs[d->orgs[i].parent];
        if (p->end < d->orgs[i].end)
            p->end = d->orgs[i].end;
    }
    return 0;
}

static int copy_orgs(struct demo *d)
{
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "org_units",
                        "code, name, level, parent_code, lat, lon, geofence_m, tags") != 0)
        return -1;
    /* The province is there already (migration 0001). */
    for (size_t i = 1; i < d->norgs; i++) {
        const struct demo_org *o = &d->orgs[i];
        demo_copy_text(&c, o->code);
        demo_copy_text(&c, o->name);
        demo_copy_int(&c, o->level);
        demo_copy_text(&c, d->orgs[o->parent].code);
        if (o->level == ORG_VILLAGE) {
            demo_copy_double(&c, o->lat);
            demo_copy_double(&c, o->lon);
        } else {
            demo_copy_null(&c);
            demo_copy_null(&c);
        }
        demo_copy_int(&c, o->geofence_m);
        demo_copy_text_array(&c, o->tag >= 0 ? &demo_tags[o->tag] : NULL, o->tag >= 0 ? 1 : 0);
        demo_copy_row(&c);
    }
    return demo_copy_done(d, &c, 0);
}

int demo_step_org(struct demo *d)
{
    char *path = xasprintf("%s/%s", d->dir, DIVISIONS_FILE);
    size_t len = 0;
    char *text = read_whole(path, &len);
    if (text == NULL) {
        fprintf(stderr, "zhucun-server: demo: could not read %s: %s\n", path, strerror(errno));
        free(path);
        return -1;
    }
    struct csv_table t = {0};
    char err[256];
    int rc = -1;
    if (csvtable_parse(text, len, 100000, 8, &t, err, sizeof(err)) != 0) {
        fprintf(stderr, "zhucun-server: demo: %s: %s\n", path, err);
        goto out;
    }
    rc = build_tree(d, &t);
    if (rc == 0)
        rc = copy_orgs(d);
out:
    csvtable_free(&t);
    free(text);
    free(path);
    return rc;
}
