/* demo_projects.c -- the projects step (项目化实施, SPEC P1; 0100_project_contract.sql): every
 * village's projects since 2013, about PROJECTS_MIN..PROJECTS_MAX of them, in every state of
 * the life cycle. A project's state follows its age: those of past years are mostly handed
 * over and under maintenance (a few still being registered or handed over, some rejected or
 * cancelled with a reason); last year's are being completed, accepted and registered; this
 * year's are planned, applied, in the library or under construction. Each has its budget
 * split over one to three funding sources, a responsible unit (a dispatching unit of its
 * county now and then, which then pays part of it), a share of multi-village projects (with
 * the next village of the township), and for industry projects the households named as
 * beneficiaries. Ids: demo_id(county, n), counted per county in village order, deterministic at
 * every scale; the later
 * parts of the project work (construction, disbursements, assets, look-back) read the rows
 * this step wrote. */
#include "server/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/org.h"
#include "common/rules/visits.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"

#define PROJECTS_MIN      12
#define PROJECTS_MAX      18
#define FIRST_YEAR        2013
#define MULTI_VILLAGE     0.05 /* projects that also serve the next village */
#define UNIT_RESPONSIBLE  0.15 /* carried out by a dispatching unit of the county */
#define BENEFICIARIES_MAX 6

static const struct {
    const char *code;
    int weight;
    int64_t min_yuan, max_yuan;
    const char *names[4];
    const char *responsible;
} kinds[] = {
    {"industry",
     40,
     100000,
     2000000,
     {"光伏电站", "食用菌种植基地", "肉牛养殖场", "杂粮加工车间"},
     "县农业农村局"},
    {"infrastructure",
     25,
     200000,
     3000000,
     {"通村道路硬化", "安全饮水巩固提升工程", "农田水利设施", "生产便道"},
     "县交通运输局"},
    {"public_service",
     12,
     50000,
     800000,
     {"村卫生室改造", "村级综合服务中心", "幸福院", "文化广场"},
     "乡镇人民政府"},
    {"living",
     15,
     30000,
     600000,
     {"户厕改造", "生活污水管网", "垃圾收集转运点", "村庄绿化亮化"},
     "县乡村振兴局"},
    {"governance",
     8,
     20000,
     200000,
     {"党群服务中心", "村务公开栏", "积分超市", "矛盾调解室"},
     "乡镇人民政府"},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static const char *const reasons_rejected[] = {"不符合入库条件", "与已有项目重复",
                                               "资金来源未落实"};
static const char *const reasons_cancelled[] = {"选址调整，另行立项", "群众意愿变化",
                                                "并入县级统筹项目"};

struct gen {
    struct demo *d;
    struct demo_rng r;
    int today_year, today_doy;
    int pass;            /* the table being written: one COPY at a time on the connection */
    struct demo_copy *c; /* its COPY */
};

enum { PASS_PROJECTS, PASS_VILLAGES, PASS_FUNDS, PASS_BENEFICIARIES, NPASSES };

static int pick_kind(struct demo_rng *r)
{
    int total = 0;
    for (size_t k = 0; k < NKINDS; k++)
        total += kinds[k].weight;
    int x = (int)demo_rng_below(r, (uint32_t)total);
    for (size_t k = 0; k < NKINDS; k++) {
        if (x < kinds[k].weight)
            return (int)k;
        x -= kinds[k].weight;
    }
    return 0;
}

/* The state of a project planned in a year `age` years before today's. */
static const char *pick_status(struct demo_rng *r, int age)
{
    static const struct {
        const char *status;
        int w[3]; /* this year, last year, before */
    } table[] = {
        {"planned", {14, 0, 0}},       {"applied", {14, 0, 0}},     {"library", {14, 0, 0}},
        {"construction", {30, 10, 1}}, {"completed", {8, 15, 1}},   {"accepted", {5, 20, 2}},
        {"registered", {0, 15, 3}},    {"handed_over", {0, 10, 5}}, {"maintenance", {0, 22, 80}},
        {"rejected", {8, 4, 4}},       {"cancelled", {7, 4, 4}},
    };
    int col = age <= 0 ? 0 : age == 1 ? 1 : 2, total = 0;
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        total += table[i].w[col];
    int x = (int)demo_rng_below(r, (uint32_t)total);
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        if (x < table[i].w[col])
            return table[i].status;
        x -= table[i].w[col];
    }
    return "planned";
}

static int at_least(const char *status, const char *than)
{
    static const char *const order[] = {"planned",      "applied",     "library",
                                        "construction", "completed",   "accepted",
                                        "registered",   "handed_over", "maintenance"};
    int a = -1, b = -1;
    for (int i = 0; i < 9; i++) {
        if (strcmp(order[i], status) == 0)
            a = i;
        if (strcmp(order[i], than) == 0)
            b = i;
    }
    return a >= 0 && a >= b;
}

/* Days since 1970-01-01 of 1 January of year y. */
static int32_t jan1(int y)
{
    int64_t days = 0;
    for (int i = 1970; i < y; i++)
        days += (i % 4 == 0 && (i % 100 != 0 || i % 400 == 0)) ? 366 : 365;
    return (int32_t)days;
}

static void one_project(struct gen *g, int vi, int64_t id, int next_village)
{
    struct demo *d = g->d;
    const struct demo_org *o = &d->orgs[vi];
    struct demo_rng *r = &g->r;
    int k = pick_kind(r);
    int year = FIRST_YEAR + (int)demo_rng_below(r, (uint32_t)(g->today_year - FIRST_YEAR + 1));
    int age = g->today_year - year;
    const char *status = pick_status(r, age);
    int64_t yuan =
        kinds[k].min_yuan +
        (int64_t)demo_rng_below(r, (uint32_t)((kinds[k].max_yuan - kinds[k].min_yuan) / 1000)) *
            1000;
    int64_t budget = yuan * 100;

    /* Planned dates in the year; this year's are no later than today's quarter allows. */
    int32_t y0 = jan1(year);
    int start_doy = demo_rng_range(r, 30, 200);
    if (age == 0 && start_doy > g->today_doy - 20)
        start_doy = g->today_doy > 50 ? g->today_doy - 20 : 1;
    int32_t pstart = y0 + start_doy, pend = pstart + demo_rng_range(r, 60, 300);
    int32_t astart = 0, aend = 0;
    if (at_least(status, "construction")) {
        astart = pstart + demo_rng_range(r, 0, 20);
        if (astart > d->today)
            astart = d->today;
    }
    if (at_least(status, "completed")) {
        aend = pend + demo_rng_range(r, -20, 40);
        if (aend < astart)
            aend = astart;
        if (aend > d->today)
            aend = d->today;
    }
    int32_t status_on = aend ? aend + (at_least(status, "accepted") ? demo_rng_range(r, 0, 30) : 0)
                        : astart ? astart
                                 : pstart - demo_rng_range(r, 5, 60);
    if (status_on > d->today)
        status_on = d->today;
    if (status_on < y0)
        status_on = y0;
    const char *reason = "";
    if (strcmp(status, "rejected") == 0)
        reason = reasons_rejected[demo_rng_below(r, 3)];
    else if (strcmp(status, "cancelled") == 0)
        reason = reasons_cancelled[demo_rng_below(r, 3)];

    const struct demo_unit *u = NULL;
    int county = demo_county_of(d, vi);
    if (county >= 0 && d->orgs[county].unit_count > 0 && demo_rng_chance(r, UNIT_RESPONSIBLE))
        u = &d->units[d->orgs[county].unit_first +
                      (int)demo_rng_below(r, (uint32_t)d->orgs[county].unit_count)];
    int64_t unit = u ? u->id : 0;

    char name[200];
    snprintf(name, sizeof(name), "%s%d年%s", o->name, year, kinds[k].names[demo_rng_below(r, 4)]);
    int expected = o->household_count > 0 ? demo_rng_range(r, 1, o->household_count) : 0;
    int alleviated = expected * demo_rng_range(r, 20, 60) / 100;
    int monitored = expected * demo_rng_range(r, 0, 10) / 100;

    struct demo_copy *c = g->c;
    if (g->pass == PASS_PROJECTS) {
        demo_copy_int(c, id);
        demo_copy_text(c, o->code);
        demo_copy_text(c, name);
        demo_copy_text(c, kinds[k].code);
        demo_copy_int(c, year);
        demo_copy_int(c, budget);
        demo_copy_text(c, u ? u->name : kinds[k].responsible);
        demo_copy_ref(c, unit);
        demo_copy_date(c, pstart);
        demo_copy_date(c, pend);
        demo_copy_date(c, astart);
        demo_copy_date(c, aend);
        demo_copy_int(c, expected);
        demo_copy_int(c, alleviated);
        demo_copy_int(c, monitored);
        demo_copy_text(c, status);
        demo_copy_date(c, status_on);
        demo_copy_text(c, reason);
        demo_copy_row(c);
    }

    /* The villages: the lead, and now and then the next village of the township. */
    int multi = next_village >= 0 && demo_rng_chance(r, MULTI_VILLAGE);
    for (int i = 0; g->pass == PASS_VILLAGES && i <= multi; i++) {
        demo_copy_int(c, id);
        demo_copy_text(c, d->orgs[i ? next_village : vi].code);
        demo_copy_text(c, o->code);
        demo_copy_row(c);
    }

    /* The funds: the county's, the linkage funds and, for a unit's project, the unit's. */
    static const char *const sources[] = {"linkage", "county", "province", "central", "social"};
    int nsrc = demo_rng_range(r, 1, 3);
    int64_t left = budget;
    for (int i = 0; i < nsrc && left > 0; i++) {
        int last = i == nsrc - 1;
        int64_t part = last ? left : budget / 100 * demo_rng_range(r, 20, 60);
        if (part <= 0 || part > left)
            part = left;
        const char *src = unit && last ? "unit" : sources[(i + (int)(id % 3)) % 5];
        if (g->pass == PASS_FUNDS) {
            demo_copy_int(c, id);
            demo_copy_text(c, src);
            demo_copy_int(c, part);
            demo_copy_text(c, o->code);
            demo_copy_row(c);
        }
        left -= part;
    }

    /* Named beneficiaries of industry projects: households of the lead village that are or
     * were poor first. */
    if (k == 0 && o->household_count > 0) {
        int want = expected < BENEFICIARIES_MAX ? expected : BENEFICIARIES_MAX, got = 0;
        int first = (int)demo_rng_below(r, (uint32_t)o->household_count);
        for (int j = 0; j < o->household_count && got < want; j++) {
            int h = (first + j) % o->household_count;
            const struct demo_household *hh = &d->households[o->household_first + h];
            if (hh->category[0] == CAT_ORDINARY && got + (o->household_count - j) > want)
                continue;
            if (g->pass == PASS_BENEFICIARIES) {
                demo_copy_int(c, id);
                demo_copy_int(c, demo_village_id(d, vi, h + 1));
                demo_copy_text(c, o->code);
                demo_copy_row(c);
            }
            got++;
        }
    }
}

int demo_step_projects(struct demo *d)
{
    struct gen g = {.d = d};
    /* Today's year and day of the year, from the days since 1970. */
    g.today_year = 1970;
    while (jan1(g.today_year + 1) <= d->today)
        g.today_year++;
    g.today_doy = d->today - jan1(g.today_year);

    static const struct {
        const char *table, *columns;
        int has_id;
    } passes[NPASSES] = {
        {"projects",
         "id, village_code, name, kind, year, budget_fen, responsible, unit_id, planned_start, "
         "planned_end, actual_start, actual_end, expected_households, expected_alleviated, "
         "expected_monitored, status, status_on, status_reason",
         1},
        {"project_villages", "project_id, village_code, lead_code", 0},
        {"project_funds", "project_id, source, amount_fen, village_code", 0},
        {"project_beneficiaries", "project_id, household_id, village_code", 0},
    };
    /* Each pass makes the same draws (each village on its own stream) and writes one table. */
    for (g.pass = 0; g.pass < NPASSES; g.pass++) {
        struct demo_copy c;
        if (demo_copy_begin(&c, d->pg, passes[g.pass].table, passes[g.pass].columns) != 0)
            return -1;
        g.c = &c;
        int county = -1;
        long n_in_county = 0;
        for (size_t vi = 0; vi < d->norgs; vi++) {
            const struct demo_org *o = &d->orgs[vi];
            if (o->level != ORG_VILLAGE || o->household_count == 0)
                continue;
            /* The next village of the same township, for multi-village projects. */
            int next = -1;
            if (vi + 1 < d->norgs && d->orgs[vi + 1].level == ORG_VILLAGE &&
                d->orgs[vi + 1].parent == o->parent)
                next = (int)vi + 1;
            if (demo_county_of(d, (int)vi) != county) {
                county = demo_county_of(d, (int)vi);
                n_in_county = 0;
            }
            demo_rng_init(&g.r, d->seed, "projects", o->code);
            int n = demo_rng_range(&g.r, PROJECTS_MIN, PROJECTS_MAX);
            for (int i = 1; i <= n; i++)
                one_project(&g, (int)vi, demo_id(d, county, ++n_in_county), next);
        }
        if (demo_copy_done(d, &c, passes[g.pass].has_id) != 0)
            return -1;
    }
    return 0;
}
