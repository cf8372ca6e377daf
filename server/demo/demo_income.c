/* demo_income.c -- the income step: the monthly income sums (算账, SPEC M2) of every
 * poverty-alleviated and monitored household for the twelve months before the demo's today,
 * and of the running month for the households done so far; one-on-one plans for most of the
 * households whose projection is under the plan threshold (M3).
 *
 * Each household has a level of annual net income per person drawn once: most well above the
 * 10,000-yuan threshold, about one in seven between the monitoring line and it, one in sixteen
 * under the line (monitored households much more often), so that every list and the income
 * standard have households on both sides. A month's items follow the season: wages from work
 * (less in the months the workers are home), farming that costs in spring and pays at harvest
 * (a loss in some spring months: business income below zero), a pension per elder, subsidies
 * (the farmland subsidy in April), 低保 for some households, dividends of the collective's
 * assets in December, rent for a few. One household in twenty earns far less this year than
 * last (the "fell" list). Most months are acknowledged in person, absent households' by phone,
 * a few refused with a reason; one month in fifty was corrected (two versions). The figures are
 * computed by common/rules/income.c, as the server's. Ids: the household's id * 32 + the
 * month's index * 2 + the version - 1 (deterministic at every scale); a plan's id is its
 * household's. */
#include "server/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/income.h"
#include "common/rules/org.h"
#include "common/rules/visits.h"
#include "common/xmalloc.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"

#define MONTHS          12   /* full months before the running one */
#define DONE_SHARE      0.94 /* of the months owed, the ones done */
#define UNDER_LINE      0.06 /* households under the monitoring line (monitored: MONITORED_UNDER) */
#define NEAR_LINE       0.14 /* between the line and the plan threshold */
#define MONITORED_UNDER 0.30
#define MONITORED_NEAR  0.30
#define FELL_SHARE      0.05 /* households earning far less this year */
#define DIBAO_SHARE     0.15 /* monitored households: DIBAO_MONITORED */
#define DIBAO_MONITORED 0.45
#define DIVIDEND_SHARE  0.35
#define RENT_SHARE      0.05
#define REFUSED_SHARE   0.01
#define CORRECTED_SHARE 0.02
#define PLAN_SHARE      0.75 /* of the households under the threshold */
#define ID_SLOTS        32   /* ids per household: 13 months, 2 versions */

_Static_assert((MONTHS + 1) * 2 <= ID_SLOTS, "a household's sums fit in its id slots");

/* What one household earns, drawn once. */
struct earner {
    int64_t level; /* annual net income per person, fen */
    int fell;      /* this year far below last */
    int dibao, dividend, rent, elders;
};

struct gen {
    struct demo *d;
    struct demo_copy *c;
    int64_t *first_user;     /* per village: the team captain's user id (recorded_by), or 0 */
    int64_t *responsible;    /* per village: a serving cadre's person id, or 0 */
    int64_t line, threshold; /* this year's policy, fen */
    struct plan_row {
        int64_t household;
        int village;
    } * plan_rows;
    size_t nplan_rows, plan_rows_cap;
};

static int state_on(const struct demo_household *h, int32_t day, int *absent)
{
    int k = h->changed != 0 && day >= h->changed;
    *absent = h->absent[k];
    return h->category[k];
}

static void draw_earner(struct demo_rng *r, const struct demo_household *h, int monitored,
                        const struct gen *g, struct earner *e)
{
    double u = demo_rng_unit(r);
    double under = monitored ? MONITORED_UNDER : UNDER_LINE;
    double near = monitored ? MONITORED_NEAR : NEAR_LINE;
    int64_t lo, hi;
    if (u < under)
        lo = g->line * 70 / 100, hi = g->line;
    else if (u < under + near)
        lo = g->line, hi = g->threshold;
    else
        lo = g->threshold, hi = g->threshold * 26 / 10;
    e->level = lo + (int64_t)(demo_rng_unit(r) * (double)(hi - lo));
    e->fell = demo_rng_chance(r, FELL_SHARE);
    e->dibao = demo_rng_chance(r, monitored ? DIBAO_MONITORED : DIBAO_SHARE);
    e->dividend = demo_rng_chance(r, DIVIDEND_SHARE);
    e->rent = demo_rng_chance(r, RENT_SHARE);
    e->elders = h->members >= 3 ? demo_rng_range(r, 0, 2) : demo_rng_range(r, 0, 1);
}

/* The items of month m (1-12) for a household earning e with members people this year or
 * (last_year) the year before. */
static void month_items(struct demo_rng *r, const struct earner *e, int members, int m,
                        int this_year, struct income_items *it)
{
    memset(it, 0, sizeof(*it));
    int64_t level = e->fell && this_year ? e->level * 45 / 100 : e->level;
    int64_t target = level * members / 12;
    target = target * (85 + demo_rng_range(r, 0, 30)) / 100;
    /* transfers and property first: they do not follow the target */
    it->pension = (int64_t)e->elders * 18000;
    it->subsidy = m == 4 ? 60000 : demo_rng_range(r, 0, 4) * 1000;
    it->dibao = e->dibao ? (int64_t)members * 42000 : 0;
    it->dividend = e->dividend && m == 12 ? demo_rng_range(r, 300, 1200) * 100 : 0;
    it->rent = e->rent ? 20000 : 0;
    /* farming: inputs in spring (a loss some months), the harvest in autumn */
    int64_t farm = target / 4;
    if (m == 3 || m == 4) {
        it->business = -farm / 3 + demo_rng_range(r, -2000, 2000) * 10;
        it->costs = farm / 4;
    } else if (m == 9 || m == 10) {
        it->business = farm * 3;
        it->costs = farm / 3;
    } else {
        it->business = farm / 3;
        it->costs = farm / 20;
    }
    /* wages: the rest, less in the months workers are home (the spring festival) */
    int64_t rest = target - it->pension - it->subsidy - it->dibao - it->dividend - it->rent -
                   (it->business - it->costs);
    if (m == 1 || m == 2)
        rest = rest * 6 / 10;
    it->wages = rest > 0 ? rest : 0;
    if (it->wages > INCOME_ITEM_MAX_FEN)
        it->wages = INCOME_ITEM_MAX_FEN;
}

static void copy_sum(struct gen *g, const struct demo_household *h, int village, int index,
                     int version, int32_t month, const struct income_items *it, int members,
                     const char *ack, const char *ack_note, const char *reason, int current)
{
    struct demo_copy *c = g->c;
    demo_copy_int(c, h->id * ID_SLOTS + index * 2 + version - 1);
    demo_copy_int(c, h->id);
    demo_copy_text(c, g->d->orgs[village].code);
    demo_copy_date(c, month);
    demo_copy_int(c, version);
    demo_copy_int(c, it->wages);
    demo_copy_int(c, it->business);
    demo_copy_int(c, it->rent);
    demo_copy_int(c, it->dividend);
    demo_copy_int(c, it->pension);
    demo_copy_int(c, it->subsidy);
    demo_copy_int(c, it->dibao);
    demo_copy_int(c, it->other_transfer);
    demo_copy_int(c, it->costs);
    demo_copy_int(c, members);
    demo_copy_int(c, rules_income_net(it));
    demo_copy_int(c, rules_income_per_capita(it, members));
    demo_copy_text(c, ack);
    demo_copy_text(c, ack_note);
    demo_copy_text(c, reason);
    demo_copy_bool(c, current);
    demo_copy_ref(c, g->first_user[village]);
    demo_copy_row(c);
}

/* One household's months: the twelve before the running month and, by the day of the month,
 * the running one; its projection at the last month recorded decides a plan. */
static void household(struct gen *g, const struct demo_household *h, int village)
{
    struct demo *d = g->d;
    char key[24];
    snprintf(key, sizeof(key), "%lld", (long long)h->id);
    struct demo_rng r;
    demo_rng_init(&r, d->seed, "income", key);
    int y, mo, dd;
    rules_civil_from_days(d->today, &y, &mo, &dd);
    int absent;
    struct earner e;
    draw_earner(&r, h, state_on(h, d->today, &absent) == CAT_MONITORED, g, &e);
    int members = h->members > 0 ? h->members : 1;
    int64_t pc_this_year[MONTHS + 1];
    int n_this_year = 0;
    for (int k = -MONTHS; k <= 0; k++) {
        int32_t first = demo_month_first(d->today, k);
        int32_t last = k == 0 ? d->today : demo_month_first(d->today, k + 1) - 1;
        int my, mm, md;
        rules_civil_from_days(first, &my, &mm, &md);
        /* Draw every month's numbers whatever happens, so one month does not shift the next. */
        struct income_items it;
        month_items(&r, &e, members, mm, my == y, &it);
        double done_p = k < 0 ? DONE_SHARE : DONE_SHARE * dd / 31.0;
        int done = demo_rng_chance(&r, done_p);
        int refused = demo_rng_chance(&r, REFUSED_SHARE);
        int corrected = demo_rng_chance(&r, CORRECTED_SHARE);
        int cat = state_on(h, last, &absent);
        if (!done || (cat != CAT_POVERTY_ALLEVIATED && cat != CAT_MONITORED) ||
            first < demo_month_first(h->since, 0))
            continue;
        const char *ack = refused ? "refused" : absent ? "phone" : "signed";
        const char *note = refused ? "对分红数额有异议（演示数据）" : "";
        int index = k + MONTHS;
        if (corrected) {
            struct income_items before = it;
            before.wages = it.wages * 8 / 10;
            copy_sum(g, h, village, index, 1, first, &before, members, ack, note, "", 0);
            copy_sum(g, h, village, index, 2, first, &it, members, ack, note,
                     "补录漏报的务工收入（演示数据）", 1);
        } else {
            copy_sum(g, h, village, index, 1, first, &it, members, ack, note, "", 1);
        }
        if (my == y)
            pc_this_year[n_this_year++] = rules_income_per_capita(&it, members);
    }
    int64_t projected = n_this_year ? rules_income_project(pc_this_year, n_this_year) : 0;
    if (n_this_year > 0 && projected < g->threshold && g->responsible[village] != 0 &&
        demo_rng_chance(&r, PLAN_SHARE)) {
        struct plan_row *p = DEMO_PUSH(g, plan_rows);
        p->household = h->id;
        p->village = village;
    }
}

/* Per village: its village team's captain's account (recorded_by) and a serving cadre (a
 * plan's responsible). */
static void village_people(struct gen *g)
{
    struct demo *d = g->d;
    for (size_t t = 0; t < d->nteams; t++) {
        const struct demo_team *team = &d->teams[t];
        if (team->kind != DEMO_TEAM_VILLAGE)
            continue;
        for (int j = 0; j < team->member_count; j++) {
            const struct demo_member *m = &d->members[team->member_first + j];
            if (m->end != 0)
                continue;
            const struct demo_person *p = &d->persons[m->person];
            if (g->responsible[team->org] == 0)
                g->responsible[team->org] = p->id;
            if (m->post == DEMO_POST_CAPTAIN && p->user_id != 0)
                g->first_user[team->org] = p->user_id;
        }
    }
}

static int copy_plans(struct gen *g)
{
    static const char *const measures[][2] = {
        {"安排村级公益性岗位", "申请小额信贷发展养殖"},
        {"推荐县内企业务工", "落实中药材种植技术培训"},
        {"发展庭院经济", "协调残疾人两项补贴"},
    };
    struct demo *d = g->d;
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "income_plans",
                        "id, household_id, village_code, measures, responsible_id, review_on,"
                        " updated_by") != 0)
        return -1;
    for (size_t i = 0; i < g->nplan_rows; i++) {
        const struct plan_row *p = &g->plan_rows[i];
        demo_copy_int(&c, p->household);
        demo_copy_int(&c, p->household);
        demo_copy_text(&c, d->orgs[p->village].code);
        demo_copy_text_array(&c, measures[p->household % 3], 2);
        demo_copy_int(&c, g->responsible[p->village]);
        demo_copy_date(&c, d->today + 30 + (int32_t)(p->household % 60));
        demo_copy_ref(&c, g->first_user[p->village]);
        demo_copy_row(&c);
    }
    return demo_copy_done(d, &c, 1);
}

/* This year's monitoring line and plan threshold (the policy rows of 0050). */
static int policy(struct gen *g)
{
    char day[11];
    rules_date_format(g->d->today, day);
    const char *params[1] = {day};
    PGresult *res = PQexecParams(g->d->pg,
                                 "SELECT line_fen, plan_threshold_fen"
                                 " FROM zc_income_policy_on($1::date)",
                                 1, NULL, params, NULL, NULL, 0);
    int ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
    if (ok) {
        g->line = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        g->threshold = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
    } else {
        fprintf(stderr, "zhucun-server: demo: reading the income policy failed: %s",
                PQresultErrorMessage(res));
    }
    PQclear(res);
    return ok ? 0 : -1;
}

int demo_step_income(struct demo *d)
{
    struct gen g = {.d = d};
    g.first_user = xcalloc(d->norgs, sizeof(*g.first_user));
    g.responsible = xcalloc(d->norgs, sizeof(*g.responsible));
    int rc = -1;
    PGresult *keys = NULL;
    struct demo_copy c;
    if (policy(&g) != 0)
        goto out;
    village_people(&g);
    static const char *const tables[] = {"income_sums", "income_plans", NULL};
    keys = demo_copy_drop_keys(d->pg, tables);
    if (keys == NULL)
        goto out;
    if (demo_copy_begin(&c, d->pg, "income_sums",
                        "id, household_id, village_code, month, version, wages_fen,"
                        " business_fen, rent_fen, dividend_fen, pension_fen, subsidy_fen,"
                        " dibao_fen, other_transfer_fen, costs_fen, members, net_fen,"
                        " per_capita_fen, ack, ack_note, reason, current, recorded_by") != 0)
        goto out;
    g.c = &c;
    for (size_t v = 1; v < d->norgs; v++) {
        const struct demo_org *o = &d->orgs[v];
        if (o->level != ORG_VILLAGE)
            continue;
        for (int i = 0; i < o->household_count; i++)
            household(&g, &d->households[o->household_first + i], (int)v);
    }
    if (demo_copy_done(d, &c, 1) != 0 || copy_plans(&g) != 0)
        goto out;
    rc = demo_copy_restore_keys(d->pg, keys);
out:
    PQclear(keys);
    free(g.first_user);
    free(g.responsible);
    free(g.plan_rows);
    return rc;
}
