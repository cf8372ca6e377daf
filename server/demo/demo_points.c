/* demo_points.c -- the points step (积分制, SPEC S2; docs/points.md): a share of the villages
 * (SCHEME_SHARE, drawn per village) run a points scheme for the year before the demo's today:
 * a catalogue of deeds (two of whose points change half-way: a second version), a shop of
 * goods with prices (one changes), donations received four times a year into the stock, and
 * day by day the awards of the households taking part and their redemptions when their balance
 * and the stock allow, with the odd award reversed the same day (a correction). The history is
 * generated in time order per village with the running balance of every household and the
 * stock of every good, so that neither goes below zero at any moment; the kept summaries
 * (points_balances, points_stock) are the final values, so `zhucun points check` finds
 * nothing (test_demo runs the check). Ids: the village's code * POINTS_ID_BLOCK + a counter
 * per table and village (deterministic at every scale). */
#include "server/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"

#define SCHEME_SHARE    0.40  /* villages that run a scheme */
#define TAKING_PART     0.85  /* of their households */
#define AWARD_PER_DAY   0.025 /* a taking-part household's chance of an award on a day */
#define REDEEM_PER_DAY  0.012
#define CORRECTED_SHARE 0.005 /* awards reversed the same day */
#define DAYS            365
#define CHANGE_DAY      180 /* the second versions begin this many days into the year */
#define POINTS_ID_BLOCK 100000
#define DONATIONS       4

static const struct {
    const char *code, *label;
    int points, later; /* later: the points from CHANGE_DAY on (0: unchanged) */
} deeds[] = {
    {"A01", "参加村庄清洁行动", 5, 8},
    {"A02", "门前三包达标", 3, 0},
    {"A03", "参加志愿服务", 5, 0},
    {"A04", "孝老爱亲", 10, 0},
    {"A05", "移风易俗（红白事简办）", 10, 0},
    {"A06", "参加技能培训", 3, 0},
    {"A07", "垃圾分类", 2, 3},
    {"A08", "见义勇为", 20, 0},
};
#define NDEEDS (sizeof(deeds) / sizeof(deeds[0]))

static const struct {
    const char *name, *unit;
    int price, later;
} goods[] = {
    {"食用油", "桶", 50, 0}, {"大米", "袋", 40, 45}, {"洗衣粉", "袋", 10, 0},
    {"毛巾", "条", 5, 0},    {"香皂", "块", 3, 0},   {"酱油", "瓶", 8, 0},
};
#define NGOODS (sizeof(goods) / sizeof(goods[0]))

static const char *const donors[] = {"县供销社", "太原某建材公司", "村籍在外人士", "县慈善总会"};

struct gen {
    struct demo *d;
    int32_t start;         /* the first day of the scheme's year */
    char *scheme;          /* per org: 1 for a village that runs a scheme */
    int64_t *balance;      /* per household (demo.households), at the end */
    int64_t stock[NGOODS]; /* the village being generated */
    long schemes, ledger_rows;
};

/* The id of the n-th row (from 1) of a points table in village v. */
static int64_t points_id(const struct gen *g, int v, long n)
{
    return strtoll(g->d->orgs[v].code, NULL, 10) * POINTS_ID_BLOCK + n;
}

static void choose_villages(struct gen *g)
{
    struct demo *d = g->d;
    for (size_t v = 1; v < d->norgs; v++) {
        if (d->orgs[v].level != ORG_VILLAGE || d->orgs[v].household_count == 0)
            continue;
        struct demo_rng r;
        demo_rng_init(&r, d->seed, "points-scheme", d->orgs[v].code);
        g->scheme[v] = (char)demo_rng_chance(&r, SCHEME_SHARE);
        g->schemes += g->scheme[v];
    }
}

/* The deeds and their versions (ids 1.. per village in the order written). */
static int copy_catalogue(struct gen *g)
{
    struct demo *d = g->d;
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "points_deeds",
                        "id, village_code, code, label, points, valid_from") != 0)
        return -1;
    for (size_t v = 1; v < d->norgs; v++) {
        if (!g->scheme[v])
            continue;
        long n = 0;
        for (size_t i = 0; i < NDEEDS; i++) {
            for (int later = 0; later < 2; later++) {
                if (later && deeds[i].later == 0)
                    continue;
                demo_copy_int(&c, points_id(g, (int)v, ++n));
                demo_copy_text(&c, d->orgs[v].code);
                demo_copy_text(&c, deeds[i].code);
                demo_copy_text(&c, deeds[i].label);
                demo_copy_int(&c, later ? deeds[i].later : deeds[i].points);
                demo_copy_date(&c, g->start + (later ? CHANGE_DAY : 0));
                demo_copy_row(&c);
            }
        }
    }
    return demo_copy_done(d, &c, 1);
}

/* The deed version id of deed i on day k of the year (the numbering of copy_catalogue). */
static int64_t deed_id(const struct gen *g, int v, size_t i, int k)
{
    long n = 0;
    for (size_t j = 0; j < i; j++)
        n += deeds[j].later ? 2 : 1;
    return points_id(g, v, n + 1 + (deeds[i].later && k >= CHANGE_DAY ? 1 : 0));
}

static int deed_points(size_t i, int k)
{
    return deeds[i].later && k >= CHANGE_DAY ? deeds[i].later : deeds[i].points;
}

static int good_price(size_t i, int k)
{
    return goods[i].later && k >= CHANGE_DAY ? goods[i].later : goods[i].price;
}

/* The goods (ids 1..NGOODS per village), their prices, the donations. */
static int copy_shop(struct gen *g)
{
    struct demo *d = g->d;
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "points_goods", "id, village_code, name, unit") != 0)
        return -1;
    for (size_t v = 1; v < d->norgs; v++)
        for (size_t i = 0; g->scheme[v] && i < NGOODS; i++) {
            demo_copy_int(&c, points_id(g, (int)v, (long)i + 1));
            demo_copy_text(&c, d->orgs[v].code);
            demo_copy_text(&c, goods[i].name);
            demo_copy_text(&c, goods[i].unit);
            demo_copy_row(&c);
        }
    if (demo_copy_done(d, &c, 1) != 0 ||
        demo_copy_begin(&c, d->pg, "points_prices",
                        "id, village_code, good_id, price, valid_from") != 0)
        return -1;
    for (size_t v = 1; v < d->norgs; v++) {
        long n = 0;
        for (size_t i = 0; g->scheme[v] && i < NGOODS; i++)
            for (int later = 0; later < 2; later++) {
                if (later && goods[i].later == 0)
                    continue;
                demo_copy_int(&c, points_id(g, (int)v, ++n));
                demo_copy_text(&c, d->orgs[v].code);
                demo_copy_int(&c, points_id(g, (int)v, (long)i + 1));
                demo_copy_int(&c, later ? goods[i].later : goods[i].price);
                demo_copy_date(&c, g->start + (later ? CHANGE_DAY : 0));
                demo_copy_row(&c);
            }
    }
    if (demo_copy_done(d, &c, 1) != 0 ||
        demo_copy_begin(&c, d->pg, "points_donations", "id, village_code, donor, on_date, note") !=
            0)
        return -1;
    for (size_t v = 1; v < d->norgs; v++)
        for (int k = 0; g->scheme[v] && k < DONATIONS; k++) {
            demo_copy_int(&c, points_id(g, (int)v, k + 1));
            demo_copy_text(&c, d->orgs[v].code);
            demo_copy_text(&c, donors[k]);
            demo_copy_date(&c, g->start + k * (DAYS / DONATIONS));
            demo_copy_text(&c, "社会化募集（演示数据）");
            demo_copy_row(&c);
        }
    return demo_copy_done(d, &c, 1);
}

/* One ledger row of village v. */
static void ledger_row(struct gen *g, struct demo_copy *c, int v, long n, const char *kind,
                       int32_t day, int64_t household, int points, int good, int quantity,
                       int64_t deed, int donation, int64_t reverses, const char *reason)
{
    demo_copy_int(c, points_id(g, v, n));
    demo_copy_text(c, g->d->orgs[v].code);
    demo_copy_text(c, kind);
    demo_copy_date(c, day);
    demo_copy_ref(c, household);
    demo_copy_int(c, points);
    demo_copy_ref(c, good >= 0 ? points_id(g, v, good + 1) : 0);
    demo_copy_int(c, quantity);
    demo_copy_ref(c, deed);
    demo_copy_ref(c, donation > 0 ? points_id(g, v, donation) : 0);
    demo_copy_ref(c, reverses);
    demo_copy_text(c, reason);
    demo_copy_row(c);
    g->ledger_rows++;
}

/* Village v's year, day by day: donations in, each taking-part household's awards and
 * redemptions, the balance and the stock never below zero. */
static void village_year(struct gen *g, struct demo_copy *c, int v)
{
    struct demo *d = g->d;
    const struct demo_org *o = &d->orgs[v];
    struct demo_rng r;
    demo_rng_init(&r, d->seed, "points", o->code);
    char *taking = xcalloc((size_t)o->household_count, 1);
    for (int i = 0; i < o->household_count; i++)
        taking[i] = (char)demo_rng_chance(&r, TAKING_PART);
    memset(g->stock, 0, sizeof(g->stock));
    long n = 0;
    for (int k = 0; k <= DAYS && n < POINTS_ID_BLOCK - 64; k++) {
        int32_t day = g->start + k;
        if (k % (DAYS / DONATIONS) == 0 && k / (DAYS / DONATIONS) < DONATIONS)
            for (size_t i = 0; i < NGOODS; i++) {
                int q = demo_rng_range(&r, 20, 120);
                g->stock[i] += q;
                ledger_row(g, c, v, ++n, "donation", day, 0, 0, (int)i, q, 0,
                           k / (DAYS / DONATIONS) + 1, 0, "");
            }
        for (int i = 0; i < o->household_count && n < POINTS_ID_BLOCK - 64; i++) {
            const struct demo_household *h = &d->households[o->household_first + i];
            int64_t *bal = &g->balance[o->household_first + i];
            /* every draw is made whatever happens, so one day does not shift the next */
            int award = demo_rng_chance(&r, AWARD_PER_DAY);
            size_t which = demo_rng_below(&r, NDEEDS);
            int corrected = demo_rng_chance(&r, CORRECTED_SHARE);
            int redeem = demo_rng_chance(&r, REDEEM_PER_DAY);
            size_t good = demo_rng_below(&r, NGOODS);
            int quantity = demo_rng_range(&r, 1, 2);
            if (!taking[i] || day < h->since)
                continue;
            if (award) {
                int p = deed_points(which, k);
                long id = ++n;
                ledger_row(g, c, v, id, "award", day, h->id, p, -1, 0, deed_id(g, v, which, k), 0,
                           0, deeds[which].label);
                *bal += p;
                if (corrected) {
                    ledger_row(g, c, v, ++n, "correction", day, h->id, -p, -1, 0,
                               deed_id(g, v, which, k), 0, points_id(g, v, id),
                               "重复登记，冲正（演示数据）");
                    *bal -= p;
                }
            }
            int cost = good_price(good, k) * quantity;
            if (redeem && *bal >= cost && g->stock[good] >= quantity) {
                ledger_row(g, c, v, ++n, "redeem", day, h->id, -cost, (int)good, -quantity, 0, 0, 0,
                           "");
                *bal -= cost;
                g->stock[good] -= quantity;
            }
        }
    }
    free(taking);
}

/* The ledger, then the kept summaries: each household's and good's final value. */
static int copy_ledger(struct gen *g)
{
    struct demo *d = g->d;
    struct demo_copy c, s;
    if (demo_copy_begin(&c, d->pg, "points_ledger",
                        "id, village_code, kind, on_date, household_id, points, good_id, quantity,"
                        " deed_id, donation_id, reverses, reason") != 0)
        return -1;
    int64_t(*stock)[NGOODS] = xcalloc(d->norgs, sizeof(*stock));
    for (size_t v = 1; v < d->norgs; v++)
        if (g->scheme[v]) {
            village_year(g, &c, (int)v);
            memcpy(stock[v], g->stock, sizeof(g->stock));
        }
    int rc = -1;
    if (demo_copy_done(d, &c, 1) != 0 ||
        demo_copy_begin(&s, d->pg, "points_balances", "household_id, village_code, balance") != 0)
        goto out;
    for (size_t v = 1; v < d->norgs; v++)
        for (int i = 0; g->scheme[v] && i < d->orgs[v].household_count; i++) {
            const struct demo_household *h = &d->households[d->orgs[v].household_first + i];
            demo_copy_int(&s, h->id);
            demo_copy_text(&s, d->orgs[v].code);
            demo_copy_int(&s, g->balance[d->orgs[v].household_first + i]);
            demo_copy_row(&s);
        }
    if (demo_copy_done(d, &s, 0) != 0 ||
        demo_copy_begin(&s, d->pg, "points_stock", "good_id, village_code, quantity") != 0)
        goto out;
    for (size_t v = 1; v < d->norgs; v++)
        for (size_t i = 0; g->scheme[v] && i < NGOODS; i++) {
            demo_copy_int(&s, points_id(g, (int)v, (long)i + 1));
            demo_copy_text(&s, d->orgs[v].code);
            demo_copy_int(&s, stock[v][i]);
            demo_copy_row(&s);
        }
    rc = demo_copy_done(d, &s, 0);
out:
    free(stock);
    return rc;
}

int demo_step_points(struct demo *d)
{
    struct gen g = {.d = d, .start = d->today - DAYS};
    g.scheme = xcalloc(d->norgs, 1);
    g.balance = xcalloc(d->nhouseholds > 0 ? d->nhouseholds : 1, sizeof(*g.balance));
    static const char *const tables[] = {
        "points_deeds",  "points_goods",    "points_prices", "points_donations",
        "points_ledger", "points_balances", "points_stock",  NULL};
    int rc = -1;
    choose_villages(&g);
    PGresult *keys = demo_copy_drop_keys(d->pg, tables);
    if (keys == NULL)
        goto out;
    if (copy_catalogue(&g) != 0 || copy_shop(&g) != 0 || copy_ledger(&g) != 0)
        goto out;
    rc = demo_copy_restore_keys(d->pg, keys);
out:
    PQclear(keys);
    free(g.scheme);
    free(g.balance);
    return rc;
}
