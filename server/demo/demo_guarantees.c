/* demo_guarantees.c -- the guarantees step: three guarantees and drinking water (SPEC M5) and the
 * labour ledger (SPEC M6) of the poverty-alleviated and monitored households the households step
 * made, as the cadres would have recorded them over the year to the demo's today:
 *
 * - every such household's housing appraisal (most A or B; C and D mostly renovated, some under
 *   way or not begun: open gaps);
 * - every member's basic medical insurance (about 2% not insured, half of them since insured),
 *   with chronic-illness coverage for the chronically and seriously ill (some not covered);
 * - hospital stays of about a quarter of the ill, with their cost and out-of-pocket share, the
 *   policies pending for some;
 * - a schooling check of every child of compulsory school age (a few dropped out, most of them
 *   back at school by a later check; home schooling for disabled children, not always
 *   delivered);
 * - water problems of about 3% of the households and 4% of the villages, half resolved;
 * - one labour record of each worker (16-64, full or partial labour): where and what, training,
 *   and for work away the transport subsidy (paid at most once: one record a year).
 *
 * The members are read back from the database (the households step streams them into COPY and
 * keeps none), then both tables are written with COPY. Deterministic: one random stream per
 * village, and ids in the village's own block (village code * GUARANTEE_VILLAGE_BLOCK + n), so a
 * county's rows are the same at every scale. */
#include "server/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/guarantee.h"
#include "common/xmalloc.h"
#include "server/admin.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"

/* A village's entries and labour records are numbered within its block: 120 households of six
 * members give at most about 2,000 entries. */
#define GUARANTEE_VILLAGE_BLOCK 10000
#define RECORD_SPAN_DAYS        300 /* entries are dated in the 300 days to today */

enum { LABOUR_FULL, LABOUR_PARTIAL, LABOUR_NONE, LABOUR_MINOR };
enum { HEALTH_HEALTHY, HEALTH_CHRONIC, HEALTH_SERIOUS, HEALTH_DISABLED };

/* A present member of a poverty-alleviated or monitored household. */
struct gmember {
    int64_t id, household;
    int32_t birth;
    int32_t from; /* the household poverty-alleviated or monitored since */
    uint8_t labour, health;
};

struct gen {
    struct demo *d;
    struct demo_copy *entries, *labour;
    struct demo_rng r;
    char village[13];
    long n_entries, n_labour; /* numbered so far in the village */
};

static int code_of(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return 0;
}

/* The members, in household order; *n of them (free the array). NULL after printing why. */
static struct gmember *read_members(struct demo *d, size_t *n)
{
    static const char *const labours[] = {"full", "partial", "none", "minor"};
    static const char *const healths[] = {"healthy", "chronic", "serious", "disabled"};
    char sql[768];
    snprintf(sql, sizeof(sql),
             "SELECT m.id, m.household_id, m.birth_date - DATE '1970-01-01', m.labour, m.health,"
             " s.valid_from - DATE '1970-01-01'"
             " FROM household_members m JOIN households h ON h.id = m.household_id"
             " CROSS JOIN LATERAL (SELECT s.category, s.valid_from FROM household_states s"
             "  WHERE s.household_id = h.id AND s.valid_from <= DATE '1970-01-01' + %d"
             "  ORDER BY s.valid_from DESC LIMIT 1) s"
             " WHERE m.left_on IS NULL AND s.category IN ('poverty_alleviated', 'monitored')"
             " ORDER BY m.household_id, m.id",
             (int)d->today);
    if (!PQsendQuery(d->pg, sql) || !PQsetSingleRowMode(d->pg)) {
        fprintf(stderr, "zhucun-server: demo: reading members: %s", PQerrorMessage(d->pg));
        return NULL;
    }
    size_t cap = 1024, count = 0;
    struct gmember *v = xmalloc(cap * sizeof(*v));
    int ok = 1;
    PGresult *res;
    while ((res = PQgetResult(d->pg)) != NULL) {
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_SINGLE_TUPLE) {
            if (count == cap) {
                cap *= 2;
                v = xrealloc(v, cap * sizeof(*v));
            }
            struct gmember *m = &v[count++];
            m->id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
            m->household = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
            m->birth = (int32_t)strtol(PQgetvalue(res, 0, 2), NULL, 10);
            m->labour = (uint8_t)code_of(PQgetvalue(res, 0, 3), labours, 4);
            m->health = (uint8_t)code_of(PQgetvalue(res, 0, 4), healths, 4);
            m->from = (int32_t)strtol(PQgetvalue(res, 0, 5), NULL, 10);
        } else if (st != PGRES_TUPLES_OK) {
            fprintf(stderr, "zhucun-server: demo: reading members: %s", PQresultErrorMessage(res));
            ok = 0;
        }
        PQclear(res);
    }
    if (!ok) {
        free(v);
        return NULL;
    }
    *n = count;
    return v;
}

/* A day in the RECORD_SPAN_DAYS to today, and one from day to today. */
static int32_t some_day(struct gen *g)
{
    return g->d->today - demo_rng_range(&g->r, 1, RECORD_SPAN_DAYS);
}

static int32_t later_day(struct gen *g, int32_t day)
{
    return demo_rng_range(&g->r, day, g->d->today);
}

/* Starts a village's rows: its stream, its numbering. */
static void village(struct gen *g, const char *code, const char *stream)
{
    snprintf(g->village, sizeof(g->village), "%s", code);
    demo_rng_init(&g->r, g->d->seed, stream, code);
    g->n_entries = g->n_labour = 0;
}

static int64_t next_id(struct gen *g, long *n)
{
    return strtoll(g->village, NULL, 10) * GUARANTEE_VILLAGE_BLOCK + ++*n;
}

/* One entry; costs in fen (0 and 0 for none), resolved 0 for open. */
struct row {
    int64_t household, member;
    const char *kind, *status, *place, *chronic, *renovation, *resolution;
    int delivered; /* -1: none */
    int64_t total, own;
    int32_t on, resolved;
};

static void entry(struct gen *g, const struct row *w)
{
    struct demo_copy *c = g->entries;
    demo_copy_int(c, next_id(g, &g->n_entries));
    demo_copy_text(c, g->village);
    demo_copy_ref(c, w->household);
    demo_copy_ref(c, w->member);
    demo_copy_text(c, w->kind);
    demo_copy_date(c, w->on);
    demo_copy_text(c, w->status);
    demo_copy_text(c, w->place ? w->place : "");
    if (w->delivered < 0)
        demo_copy_null(c);
    else
        demo_copy_bool(c, w->delivered);
    demo_copy_text(c, w->chronic);
    if (w->total > 0 || w->own > 0) {
        char total[32], own[32];
        snprintf(total, sizeof(total), "%lld.%02lld", (long long)(w->total / 100),
                 (long long)(w->total % 100));
        snprintf(own, sizeof(own), "%lld.%02lld", (long long)(w->own / 100),
                 (long long)(w->own % 100));
        demo_copy_text(c, total);
        demo_copy_text(c, own);
    } else {
        demo_copy_null(c);
        demo_copy_null(c);
    }
    demo_copy_text(c, w->renovation);
    demo_copy_text(c, "（演示数据）");
    demo_copy_date(c, w->resolved);
    demo_copy_text(c, w->resolved ? w->resolution : NULL);
    demo_copy_row(c);
}

static const char *pick(struct gen *g, const char *const *v, int n)
{
    return v[demo_rng_below(&g->r, (uint32_t)n)];
}

static void schooling(struct gen *g, const struct gmember *m)
{
    static const char *const schools[] = {"乡中心小学", "县第二中学", "镇初级中学", "县实验小学",
                                          "市第五中学"};
    struct row w = {.household = m->household,
                    .member = m->id,
                    .kind = "schooling",
                    .status = "enrolled",
                    .delivered = -1};
    w.on = some_day(g);
    if (!rules_compulsory_school_age(m->birth, w.on))
        w.on = g->d->today; /* of school age this school year only: checked today */
    int pct = (int)demo_rng_below(&g->r, 100);
    if (m->health == HEALTH_DISABLED) {
        w.status = "home_schooling";
        w.delivered = demo_rng_chance(&g->r, 0.9);
    } else if (pct < 2) {
        w.status = "dropped_out";
        entry(g, &w);
        if (!demo_rng_chance(&g->r, 0.6))
            return;            /* not back yet: an open gap */
        w.status = "enrolled"; /* a later check: back at school */
        w.on = later_day(g, w.on);
        w.place = pick(g, schools, 5);
    } else {
        w.status = pct < 6 ? "transferred" : "enrolled";
        w.place = pick(g, schools, 5);
    }
    entry(g, &w);
}

static void medical(struct gen *g, const struct gmember *m)
{
    static const char *const hospitals[] = {"县人民医院", "市第一人民医院", "县中医院",
                                            "省人民医院"};
    int ill = m->health == HEALTH_CHRONIC || m->health == HEALTH_SERIOUS;
    struct row w = {.household = m->household,
                    .member = m->id,
                    .kind = "insurance",
                    .status = "enrolled",
                    .chronic = "none",
                    .delivered = -1};
    w.on = some_day(g);
    if (demo_rng_chance(&g->r, 0.02)) {
        w.status = "not_enrolled";
        if (demo_rng_chance(&g->r, 0.5)) {
            w.resolved = later_day(g, w.on);
            w.resolution = "已协助补缴参保（演示数据）";
        }
    }
    if (ill) {
        w.chronic = demo_rng_chance(&g->r, 0.85) ? "covered" : "not_covered";
        if (w.resolved == 0 && strcmp(w.chronic, "not_covered") == 0 &&
            demo_rng_chance(&g->r, 0.4)) {
            w.resolved = later_day(g, w.on);
            w.resolution = "已协助办理慢性病证（演示数据）";
        }
    }
    entry(g, &w);
    if (!ill || !demo_rng_chance(&g->r, 0.25))
        return;
    struct row h = {.household = m->household,
                    .member = m->id,
                    .kind = "hospital",
                    .status = "settled",
                    .delivered = -1};
    h.place = pick(g, hospitals, 4);
    h.on = some_day(g);
    h.total = (int64_t)demo_rng_range(&g->r, 300000, 8000000);
    h.own = h.total * demo_rng_range(&g->r, 8, 30) / 100;
    if (demo_rng_chance(&g->r, 0.2)) {
        h.status = "pending";
        if (demo_rng_chance(&g->r, 0.5)) {
            h.resolved = later_day(g, h.on);
            h.resolution = "已报销，大病保险和医疗救助已落实（演示数据）";
        }
    }
    entry(g, &h);
}

/* A water problem of household (0: of the village), resolved half the time, so. */
static void water_item(struct gen *g, int64_t household, const char *resolution)
{
    static const char *const water[] = {"source_short", "seasonal_shortage", "quality",
                                        "inconvenient", "broken_pipes"};
    struct row p = {.household = household, .kind = "water", .delivered = -1};
    p.status = pick(g, water, 5);
    p.on = some_day(g);
    if (demo_rng_chance(&g->r, 0.5)) {
        p.resolved = later_day(g, p.on);
        p.resolution = resolution;
    }
    entry(g, &p);
}

static void housing_and_water(struct gen *g, int64_t household)
{
    int pct = (int)demo_rng_below(&g->r, 100);
    struct row w = {.household = household, .kind = "housing", .delivered = -1};
    w.status = pct < 60 ? "A" : pct < 90 ? "B" : pct < 97 ? "C" : "D";
    w.on = some_day(g);
    int r = (int)demo_rng_below(&g->r, 100);
    w.renovation = pct < 90 ? "none" : r < 60 ? "finished" : r < 90 ? "in_progress" : "none";
    entry(g, &w);
    if (demo_rng_chance(&g->r, 0.03))
        water_item(g, household, "已协调水务部门解决（演示数据）");
}

static void labour(struct gen *g, const struct gmember *m)
{
    static const char *const status[] = {"local", "in_province", "out_of_province", "self_employed",
                                         "not_working"};
    static const int share[] = {30, 25, 25, 10, 10};
    static const char *const away_in[] = {"太原市", "大同市", "晋中市", "吕梁市"};
    static const char *const away_out[] = {"北京市", "江苏省苏州市", "广东省东莞市",
                                           "内蒙古鄂尔多斯市"};
    static const char *const work[] = {"建筑工",   "电子厂普工", "餐饮服务",
                                       "物流快递", "保洁",       "种植养殖"};
    static const char *const training[] = {"电工培训", "家政服务培训", "电商直播培训",
                                           "挖掘机操作培训"};
    int age = (int)((g->d->today - m->birth) / 365.2425);
    if (age < 16 || age > 64 || (m->labour != LABOUR_FULL && m->labour != LABOUR_PARTIAL))
        return;
    int pct = (int)demo_rng_below(&g->r, 100), s = 0;
    for (int acc = share[0]; pct >= acc; acc += share[++s])
        ;
    int away = s == 1 || s == 2;
    struct demo_copy *c = g->labour;
    int y, mo, dd;
    rules_civil_from_days(g->d->today, &y, &mo, &dd);
    int32_t first = demo_days(y, 1, 1); /* this year, while the household is one of them */
    if (first < m->from)
        first = m->from;
    demo_copy_int(c, next_id(g, &g->n_labour));
    demo_copy_text(c, g->village);
    demo_copy_int(c, m->household);
    demo_copy_int(c, m->id);
    demo_copy_date(c, demo_rng_range(&g->r, first, g->d->today));
    demo_copy_text(c, status[s]);
    demo_copy_text(c, s == 1   ? pick(g, away_in, 4)
                      : s == 2 ? pick(g, away_out, 4)
                      : s == 4 ? ""
                               : "本村");
    demo_copy_text(c, s == 4 ? "" : pick(g, work, 6));
    demo_copy_text(c, demo_rng_chance(&g->r, 0.3) ? pick(g, training, 4) : "");
    int sub = (int)demo_rng_below(&g->r, 100);
    demo_copy_text(c, !away ? "none" : sub < 60 ? "paid" : sub < 80 ? "applied" : "none");
    demo_copy_text(c, "（演示数据）");
    demo_copy_row(c);
}

/* A village's own water problems. */
static void village_water(struct gen *g)
{
    if (demo_rng_chance(&g->r, 0.04))
        water_item(g, 0, "已实施农村供水保障工程（演示数据）");
}

/* One pass over the villages and their members: each village on its own stream (stream:
 * "guarantees" for the entries, "labour" for the labour records), the rows into g's COPY. */
static void pass(struct gen *g, const struct gmember *m, size_t n, const char *stream,
                 int with_entries)
{
    struct demo *d = g->d;
    for (size_t vi = 0; vi < d->norgs; vi++) {
        const struct demo_org *o = &d->orgs[vi];
        if (o->level != 5)
            continue;
        village(g, o->code, stream);
        int64_t first = demo_village_id(d, (int)vi, 1), last = first + DEMO_VILLAGE_BLOCK - 1;
        /* the village's members: a binary search into the array (sorted by household) */
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (m[mid].household < first)
                lo = mid + 1;
            else
                hi = mid;
        }
        int64_t household = 0;
        for (size_t i = lo; i < n && m[i].household <= last; i++) {
            if (!with_entries) {
                labour(g, &m[i]);
                continue;
            }
            if (m[i].household != household) {
                household = m[i].household;
                housing_and_water(g, household);
            }
            medical(g, &m[i]);
            if (rules_compulsory_school_age(m[i].birth, d->today))
                schooling(g, &m[i]);
        }
        if (with_entries)
            village_water(g);
    }
}

int demo_step_guarantees(struct demo *d)
{
    size_t n = 0;
    struct gmember *m = read_members(d, &n);
    if (m == NULL)
        return -1;
    struct demo_copy c;
    struct gen g = {d, &c, &c, {{0}}, "", 0, 0};
    int rc = -1;
    static const char *const tables[] = {"guarantee_entries", "labour_records", NULL};
    PGresult *keys = demo_copy_drop_keys(d->pg, tables);
    if (keys == NULL)
        goto out;
    if (demo_copy_begin(&c, d->pg, "guarantee_entries",
                        "id, village_code, household_id, member_id, kind, on_date, status, place, "
                        "delivered, chronic, cost_total, cost_own, renovation, note, resolved_on, "
                        "resolution") != 0)
        goto out;
    pass(&g, m, n, "guarantees", 1);
    if (demo_copy_done(d, &c, 1) != 0)
        goto out;
    if (demo_copy_begin(&c, d->pg, "labour_records",
                        "id, village_code, household_id, member_id, on_date, status, place, "
                        "work, training, subsidy, note") != 0)
        goto out;
    pass(&g, m, n, "labour", 0);
    if (demo_copy_done(d, &c, 1) != 0)
        goto out;
    if (demo_copy_restore_keys(d->pg, keys) != 0)
        goto out;
    rc = 0;
out:
    PQclear(keys);
    free(m);
    return rc;
}
