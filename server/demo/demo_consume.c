/* demo_consume.c -- the consumption assistance step (消费帮扶, SPEC M7; docs/consumption.md): this
 * year's purchases (1 January to the demo's today) of every dispatching unit whose cadres serve
 * in a village team, from producers of those villages, by the unit itself, its first
 * secretaries and its teams; and sales contracts in a share of the villages.
 *
 * Each unit's year is drawn once: most (REACH_SHARE) buy 105-160% of their quota (the rule rows
 * of 0120, read from the database for this year), the rest 30-90%; central units, which have no
 * target, 10,000-60,000 yuan. A unit without a serving cadre in a village team buys nothing
 * (and falls short). A purchase is dated on or after the day its buyer began serving, so the
 * rules of zc_consume_purchase hold for every row. Ids: the village's code * CONSUME_ID_BLOCK +
 * a step times a counter per table and village: 10 for purchases, 20 for contracts, so that the
 * attachments step (one record in 20 by id) gives every contract and every other purchase its
 * evidence. */
#include "server/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/xmalloc.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"

#define REACH_SHARE      0.80 /* units that reach their quota */
#define PURCHASES_MIN    3    /* a unit's purchases in the year */
#define PURCHASES_MAX    10
#define HOUSEHOLD_SHARE  0.40   /* purchases from a household (else a cooperative or company) */
#define CONTRACT_SHARE   0.15   /* villages with sales contracts */
#define CONSUME_ID_BLOCK 100000 /* 10 × the purchases of a village */

static const char *const goods[][2] = {
    {"小米", "斤"},   {"莜面", "斤"}, {"红芸豆", "斤"}, {"土豆", "斤"}, {"胡麻油", "桶"},
    {"沙棘汁", "箱"}, {"红枣", "箱"}, {"核桃", "斤"},   {"羊肉", "斤"}, {"杂粮礼盒", "盒"},
};
static const char *const cooperatives[] = {"杂粮种植专业合作社", "养殖专业合作社",
                                           "沙棘种植专业合作社", "马铃薯专业合作社"};
static const char *const companies[] = {"农产品开发有限公司", "食品有限公司", "农业科技有限公司"};
static const char *const platforms[] = {"832 平台（脱贫地区农副产品网络销售平台）", "拼多多",
                                        "京东", "抖音电商"};
static const char *const supermarkets[] = {"美特好超市", "华联超市", "贝斯特超市", "唐久便利"};

struct gen {
    struct demo *d;
    long *serial; /* per org index: the purchases numbered within their village */
    int64_t quota[4];
    int32_t first; /* 1 January of the demo's year */
};

static int64_t village_number(const struct demo *d, int v)
{
    return strtoll(d->orgs[v].code, NULL, 10);
}

/* A producer of village v into the row: household (its id; the name is the head's, set after
 * the COPY), cooperative or company. */
static void producer(struct demo_copy *c, struct demo_rng *r, const struct demo *d, int v)
{
    char name[160];
    const struct demo_org *o = &d->orgs[v];
    if (o->household_count > 0 && demo_rng_chance(r, HOUSEHOLD_SHARE)) {
        demo_copy_text(c, "household");
        demo_copy_int(
            c, demo_village_id(d, v, 1 + (long)demo_rng_below(r, (uint32_t)o->household_count)));
        demo_copy_text(c, "农户");
        return;
    }
    int coop = demo_rng_chance(r, 0.6);
    snprintf(name, sizeof(name), "%s%s", o->name,
             coop ? cooperatives[demo_rng_below(r, ARRAY_SIZE(cooperatives))]
                  : companies[demo_rng_below(r, ARRAY_SIZE(companies))]);
    demo_copy_text(c, coop ? "cooperative" : "company");
    demo_copy_ref(c, 0);
    demo_copy_text(c, name);
}

/* The members serving now in a village team for unit u (indexes in d->members) into out;
 * their number. */
static int unit_members(const struct demo *d, int u, int *out)
{
    int n = 0;
    for (size_t i = 0; i < d->nmembers; i++) {
        const struct demo_member *m = &d->members[i];
        if (m->unit == u && m->end == 0 && d->teams[m->team].kind == DEMO_TEAM_VILLAGE)
            out[n++] = (int)i;
    }
    return n;
}

static int copy_purchases(struct gen *g)
{
    struct demo *d = g->d;
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "consumption_purchases",
                        "id, unit_id, buyer_kind, person_id, team_id, village_code,"
                        " producer_kind, household_id, producer_name, on_date, goods, quantity,"
                        " qty_unit, amount") != 0)
        return -1;
    int *mine = xcalloc(d->nmembers + 1, sizeof(*mine));
    for (size_t u = 0; u < d->nunits; u++) {
        const struct demo_unit *unit = &d->units[u];
        int n = unit_members(d, (int)u, mine);
        if (n == 0)
            continue;
        struct demo_rng r;
        char key[40];
        snprintf(key, sizeof(key), "%lld", (long long)unit->id);
        demo_rng_init(&r, d->seed, "consume", key);
        int64_t quota = g->quota[unit->level];
        int64_t total = quota <= 0 ? (int64_t)demo_rng_range(&r, 10000, 60000) * 100
                        : demo_rng_chance(&r, REACH_SHARE)
                            ? quota * (105 + demo_rng_range(&r, 0, 55)) / 100
                            : quota * (30 + demo_rng_range(&r, 0, 60)) / 100;
        int k = demo_rng_range(&r, PURCHASES_MIN, PURCHASES_MAX);
        int64_t left = total;
        for (int i = 0; i < k; i++) {
            const struct demo_member *m = &d->members[mine[demo_rng_below(&r, (uint32_t)n)]];
            int32_t from = m->start > g->first ? m->start : g->first;
            if (from > d->today)
                continue;
            int64_t amount =
                i == k - 1 ? left : left / (k - i) * (70 + demo_rng_range(&r, 0, 60)) / 100;
            if (amount < 100)
                continue;
            left -= amount;
            int v = d->teams[m->team].org;
            const char *kind = m->post == DEMO_POST_FIRST_SECRETARY && demo_rng_chance(&r, 0.5)
                                   ? "secretary"
                               : demo_rng_chance(&r, 0.5) ? "team"
                                                          : "unit";
            int gi = (int)demo_rng_below(&r, ARRAY_SIZE(goods));
            demo_copy_int(&c, village_number(d, v) * CONSUME_ID_BLOCK + 10 * ++g->serial[v]);
            demo_copy_int(&c, unit->id);
            demo_copy_text(&c, kind);
            demo_copy_ref(&c, strcmp(kind, "secretary") == 0 ? d->persons[m->person].id : 0);
            demo_copy_ref(&c, strcmp(kind, "team") == 0 ? d->teams[m->team].id : 0);
            demo_copy_text(&c, d->orgs[v].code);
            producer(&c, &r, d, v);
            demo_copy_date(&c, from + demo_rng_range(&r, 0, d->today - from));
            demo_copy_text(&c, goods[gi][0]);
            demo_copy_int(&c, 1 + amount / 2000);
            demo_copy_text(&c, goods[gi][1]);
            demo_copy_int(&c, amount);
            demo_copy_row(&c);
        }
    }
    free(mine);
    return demo_copy_done(d, &c, 1);
}

static int copy_contracts(struct gen *g)
{
    struct demo *d = g->d;
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "consumption_contracts",
                        "id, village_code, buyer_name, buyer_kind, producer_kind, household_id,"
                        " producer_name, signed_on, period_from, period_to, goods, quantity,"
                        " qty_unit, amount") != 0)
        return -1;
    for (size_t v = 0; v < d->norgs; v++) {
        if (d->orgs[v].level != ORG_VILLAGE)
            continue;
        struct demo_rng r;
        demo_rng_init(&r, d->seed, "consume-contract", d->orgs[v].code);
        if (!demo_rng_chance(&r, CONTRACT_SHARE))
            continue;
        int n = demo_rng_range(&r, 1, 2);
        for (int i = 1; i <= n; i++) {
            int platform = demo_rng_chance(&r, 0.6);
            int gi = (int)demo_rng_below(&r, ARRAY_SIZE(goods));
            int32_t signed_on = d->today - demo_rng_range(&r, 0, 700);
            demo_copy_int(&c, village_number(d, (int)v) * CONSUME_ID_BLOCK + 20 * i);
            demo_copy_text(&c, d->orgs[v].code);
            demo_copy_text(&c, platform
                                   ? platforms[demo_rng_below(&r, ARRAY_SIZE(platforms))]
                                   : supermarkets[demo_rng_below(&r, ARRAY_SIZE(supermarkets))]);
            demo_copy_text(&c, platform ? "platform" : "supermarket");
            producer(&c, &r, d, (int)v);
            demo_copy_date(&c, signed_on);
            demo_copy_date(&c, signed_on);
            demo_copy_date(&c, signed_on + 364);
            demo_copy_text(&c, goods[gi][0]);
            int64_t quantity = 1000 * demo_rng_range(&r, 1, 50);
            demo_copy_int(&c, quantity);
            demo_copy_text(&c, goods[gi][1]);
            demo_copy_int(&c, quantity * demo_rng_range(&r, 300, 2000));
            demo_copy_row(&c);
        }
    }
    return demo_copy_done(d, &c, 1);
}

/* This year's quota of each unit level (enum demo_unit_level's order), from the rule rows. */
static int read_quotas(struct gen *g, int year)
{
    static const char *const levels[] = {"central", "province", "city", "county"};
    char sql[160];
    for (int i = 0; i < 4; i++) {
        snprintf(sql, sizeof(sql), "SELECT coalesce(zc_consume_quota('%s', %d), 0)", levels[i],
                 year);
        PGresult *res = PQexec(g->d->pg, sql);
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            fprintf(stderr, "zhucun-server: demo: quotas: %s", PQresultErrorMessage(res));
            PQclear(res);
            return -1;
        }
        g->quota[i] = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        PQclear(res);
    }
    return 0;
}

int demo_step_consume(struct demo *d)
{
    struct gen g = {.d = d};
    int y, m, day;
    rules_civil_from_days(d->today, &y, &m, &day);
    g.first = demo_days(y, 1, 1);
    if (read_quotas(&g, y) != 0)
        return -1;
    g.serial = xcalloc(d->norgs, sizeof(*g.serial));
    int rc = copy_purchases(&g) != 0 || copy_contracts(&g) != 0 ? -1 : 0;
    free(g.serial);
    if (rc != 0)
        return -1;
    /* a household producer's name is its head's */
    PGresult *res = PQexec(d->pg, "UPDATE consumption_purchases p SET producer_name = h.head_name"
                                  " FROM households h WHERE h.id = p.household_id;"
                                  " UPDATE consumption_contracts p SET producer_name = h.head_name"
                                  " FROM households h WHERE h.id = p.household_id");
    rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
    if (rc != 0)
        fprintf(stderr, "zhucun-server: demo: producers' names: %s", PQresultErrorMessage(res));
    PQclear(res);
    return rc;
}
