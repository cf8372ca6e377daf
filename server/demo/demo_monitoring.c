/* demo_monitoring.c -- return-to-poverty monitoring in the demo province (docs/monitoring.md).
 *
 * The households step already gave some households the category 'monitored' (from their
 * registration, or from a day this year) and took it from others this year (风险已消除, back
 * to poverty-alleviated or ordinary). Each of them gets its monitoring case, as the approvals
 * would have left it: a monitored household's case from the day it became so, of one of the
 * three kinds, with one or two risks (some closed) and one to three measures (some ended),
 * and for about one in seven of them, with nothing left open, its elimination signed and
 * waiting in the queues; an eliminated household's case with its closed risks, ended measures
 * and approved elimination on the day its category changed (a 脱贫不稳定户 when it went back to
 * poverty-alleviated). About one other household in seventy has just been found at risk: its
 * entry waits for the village's review. The rows go in by COPY, grouped in memory first (one
 * COPY at a time on the connection); the pending entries and eliminations are then submitted
 * through the engine's own function (zc_approval_submit), so every village team captain has
 * items in the queue. Deterministic: one random stream per village. */
#include "server/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/rules/date.h"
#include "common/rules/monitoring.h"
#include "common/rules/visits.h"
#include "common/xmalloc.h"
#include "server/admin.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"

enum { ST_PENDING, ST_MONITORED, ST_ELIMINATED };

struct mcase {
    int64_t id, household, user;
    int village, kind, found_by, status;
    int32_t found, entered, eliminated;
};

struct mrisk {
    int64_t id, case_id, user;
    int village, risk;
    int32_t identified, closed;
};

struct mmeasure {
    int64_t id, case_id, person, user;
    int village, kind;
    int32_t started, ended;
};

struct melim {
    int64_t id, case_id, user;
    int village, approved;
    int32_t signed_on;
};

struct gen {
    struct demo *d;
    struct mcase *cases;
    size_t ncases, cases_cap;
    struct mrisk *risks;
    size_t nrisks, risks_cap;
    struct mmeasure *measures;
    size_t nmeasures, measures_cap;
    struct melim *elims;
    size_t nelims, elims_cap;
    long nc, nr, nm, ne;   /* ids within the current village, per table */
    int64_t *cadre_person; /* by org index: a serving team member of the village, 0 for none */
    int64_t *cadre_user;   /* their account (the first account when they have none) */
};

#define PUSH(g, arr) DEMO_PUSH(g, arr)

static const char *const measure_text[] = {
    "落实产业奖补，发展庭院养殖", "安排公益性岗位",       "落实大病保险和医疗救助",
    "落实雨露计划和助学金",       "实施危房改造",         "入户管网维修，保障饮水",
    "纳入低保，落实临时救助",     "协调帮扶单位结对帮扶",
};
static const char *const outcome_text[] = {
    "已落实，家庭收入稳定增长",
    "已上岗，月收入1800元",
    "已报销，自付比例低于10%",
    "已发放，子女顺利入学",
    "已竣工验收",
    "已通水",
    "已纳入，按月发放",
    "已落实",
};

/* A serving team member of each village (their person and account), for the records' author
 * and the person responsible: one pass over the memberships. */
static void village_cadres(struct gen *g)
{
    const struct demo *d = g->d;
    g->cadre_person = xcalloc(d->norgs, sizeof(int64_t));
    g->cadre_user = xcalloc(d->norgs, sizeof(int64_t));
    for (size_t i = 0; i < d->norgs; i++)
        g->cadre_user[i] = d->users[0].id;
    for (size_t i = 0; i < d->nmembers; i++) {
        const struct demo_member *m = &d->members[i];
        int org = d->teams[m->team].org;
        if (m->end != 0 || g->cadre_person[org] != 0)
            continue;
        g->cadre_person[org] = d->persons[m->person].id;
        if (d->persons[m->person].user_id != 0)
            g->cadre_user[org] = d->persons[m->person].user_id;
    }
}

/* A case's risks (one or two; closed ones all_closed or by chance) and measures (one to three,
 * ended ones likewise), from its entry day on. */
static void case_records(struct gen *g, struct demo_rng *r, const struct mcase *c, int64_t person,
                         int all_closed, int32_t until)
{
    int nr = demo_rng_range(r, 1, 2);
    int first = demo_rng_range(r, 0, 10);
    for (int k = 0; k < nr; k++) {
        struct mrisk *x = PUSH(g, risks);
        x->id = demo_village_id(g->d, c->village, ++g->nr);
        x->case_id = c->id;
        x->user = c->user;
        x->village = c->village;
        x->risk = (first + 3 * k) % 11; /* the named types, not other */
        x->identified = c->found;
        if (all_closed || demo_rng_chance(r, 0.3))
            x->closed = c->entered + demo_rng_range(r, 0, (int)(until - c->entered));
    }
    if (person == 0)
        return;
    int nm = demo_rng_range(r, 1, 3);
    for (int k = 0; k < nm; k++) {
        struct mmeasure *x = PUSH(g, measures);
        x->id = demo_village_id(g->d, c->village, ++g->nm);
        x->case_id = c->id;
        x->person = person;
        x->user = c->user;
        x->village = c->village;
        x->kind = demo_rng_range(r, 0, 7);
        int span = (int)(until - c->entered);
        x->started = c->entered + demo_rng_range(r, 0, span > 0 ? span : 0);
        if (all_closed || demo_rng_chance(r, 0.5))
            x->ended = x->started + demo_rng_range(r, 0, (int)(until - x->started));
    }
}

/* A case of household h, entered on entered (0 for a pending entry, found in the last ten
 * days), of kind (-1: chosen), found some days before it. */
static struct mcase *new_case(struct gen *g, struct demo_rng *r, const struct demo_household *h,
                              int village, int64_t user, int status, int32_t entered, int kind)
{
    struct mcase *c = PUSH(g, cases);
    c->id = demo_village_id(g->d, village, ++g->nc);
    c->household = h->id;
    c->user = user;
    c->village = village;
    double k = demo_rng_unit(r);
    c->kind = kind >= 0 ? kind : k < 0.6 ? 0 : k < 0.9 ? 1 : 2;
    c->found_by = demo_rng_range(r, 0, 2);
    c->status = status;
    c->entered = entered;
    c->found = (entered ? entered : g->d->today) - demo_rng_range(r, entered ? 5 : 1, 30);
    if (c->found < h->since)
        c->found = h->since;
    return c;
}

/* An elimination of case c signed on day (approved a week later when approved). */
static void elimination(struct gen *g, const struct mcase *c, int32_t day, int approved)
{
    struct melim *e = PUSH(g, elims);
    e->id = demo_village_id(g->d, c->village, ++g->ne);
    e->case_id = c->id;
    e->user = c->user;
    e->village = c->village;
    e->approved = approved;
    e->signed_on = day;
}

static void village(struct gen *g, int v)
{
    struct demo *d = g->d;
    const struct demo_org *o = &d->orgs[v];
    struct demo_rng r;
    demo_rng_init(&r, d->seed, "monitoring", o->code);
    int64_t person = g->cadre_person[v], user = g->cadre_user[v];
    g->nc = g->nr = g->nm = g->ne = 0;
    for (int i = 0; i < o->household_count; i++) {
        const struct demo_household *h = &d->households[o->household_first + i];
        int before = h->category[0], now = h->changed ? h->category[1] : before;
        if (now == CAT_MONITORED) {
            /* Monitored from registration, or from the change that made it so. */
            int32_t entered = before == CAT_MONITORED ? h->since : h->changed;
            int kind = before == CAT_MONITORED ? -1 : before == CAT_POVERTY_ALLEVIATED ? 0 : 2;
            struct mcase c = *new_case(g, &r, h, v, user, ST_MONITORED, entered, kind);
            int settled = person != 0 && demo_rng_chance(&r, 0.15);
            case_records(g, &r, &c, person, settled, d->today);
            if (settled)
                elimination(g, &c, d->today, 0);
        } else if (before == CAT_MONITORED && h->changed != 0) {
            /* Eliminated this year: the households step's change is the decision. */
            int kind = now == CAT_POVERTY_ALLEVIATED ? 0 : 1;
            struct mcase *p = new_case(g, &r, h, v, user, ST_ELIMINATED, h->since, kind);
            p->eliminated = h->changed;
            struct mcase c = *p;
            case_records(g, &r, &c, person, 1,
                         c.eliminated > c.entered ? c.eliminated - 1 : c.entered);
            elimination(g, &c, c.eliminated > c.entered + 7 ? c.eliminated - 7 : c.entered, 1);
        } else if (demo_rng_chance(&r, 0.014)) {
            struct mcase c = *new_case(g, &r, h, v, user, ST_PENDING, 0, -1);
            struct mrisk *x = PUSH(g, risks);
            x->id = demo_village_id(d, v, ++g->nr);
            x->case_id = c.id;
            x->user = user;
            x->village = v;
            x->risk = demo_rng_range(&r, 0, 10);
            x->identified = c.found;
        }
    }
}

/* The kinds whose names the 0055 CHECKs take, by index. */
static const char *const kind_code[] = {"unstable", "marginal", "sudden"};
static const char *const status_code[] = {"pending", "monitored", "eliminated"};

static int copy_all(struct gen *g)
{
    struct demo *d = g->d;
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "monitoring_cases",
                        "id, household_id, village_code, kind, found_by, found_on, note, status, "
                        "entered_on, eliminated_on, created_by") != 0)
        return -1;
    for (size_t i = 0; i < g->ncases; i++) {
        const struct mcase *x = &g->cases[i];
        demo_copy_int(&c, x->id);
        demo_copy_int(&c, x->household);
        demo_copy_text(&c, d->orgs[x->village].code);
        demo_copy_text(&c, kind_code[x->kind]);
        demo_copy_text(&c, rules_monitor_found_bys[x->found_by]);
        demo_copy_date(&c, x->found);
        demo_copy_text(&c, "演示数据");
        demo_copy_text(&c, status_code[x->status]);
        demo_copy_date(&c, x->entered);
        demo_copy_date(&c, x->eliminated);
        demo_copy_int(&c, x->user);
        demo_copy_row(&c);
    }
    if (demo_copy_done(d, &c, 1) != 0 ||
        demo_copy_begin(&c, d->pg, "monitoring_risks",
                        "id, case_id, village_code, risk, identified_on, closed_on, close_note, "
                        "created_by") != 0)
        return -1;
    for (size_t i = 0; i < g->nrisks; i++) {
        const struct mrisk *x = &g->risks[i];
        demo_copy_int(&c, x->id);
        demo_copy_int(&c, x->case_id);
        demo_copy_text(&c, d->orgs[x->village].code);
        demo_copy_text(&c, rules_monitor_risks[x->risk]);
        demo_copy_date(&c, x->identified);
        demo_copy_date(&c, x->closed);
        demo_copy_text(&c, x->closed ? "风险已消除（演示数据）" : "");
        demo_copy_int(&c, x->user);
        demo_copy_row(&c);
    }
    if (demo_copy_done(d, &c, 1) != 0 ||
        demo_copy_begin(&c, d->pg, "monitoring_measures",
                        "id, case_id, village_code, kind, description, responsible_id, "
                        "started_on, ended_on, outcome, created_by") != 0)
        return -1;
    for (size_t i = 0; i < g->nmeasures; i++) {
        const struct mmeasure *x = &g->measures[i];
        demo_copy_int(&c, x->id);
        demo_copy_int(&c, x->case_id);
        demo_copy_text(&c, d->orgs[x->village].code);
        demo_copy_text(&c, rules_monitor_measures[x->kind]);
        demo_copy_text(&c, measure_text[x->kind]);
        demo_copy_int(&c, x->person);
        demo_copy_date(&c, x->started);
        demo_copy_date(&c, x->ended);
        demo_copy_text(&c, x->ended ? outcome_text[x->kind] : "");
        demo_copy_int(&c, x->user);
        demo_copy_row(&c);
    }
    if (demo_copy_done(d, &c, 1) != 0 ||
        demo_copy_begin(&c, d->pg, "monitoring_eliminations",
                        "id, case_id, village_code, note, status, signed_by, signed_on, "
                        "decided_at") != 0)
        return -1;
    for (size_t i = 0; i < g->nelims; i++) {
        const struct melim *x = &g->elims[i];
        char at[32];
        rules_date_format(x->signed_on + 7, at);
        demo_copy_int(&c, x->id);
        demo_copy_int(&c, x->case_id);
        demo_copy_text(&c, d->orgs[x->village].code);
        demo_copy_text(&c, "风险已消除，签字确认（演示数据）");
        demo_copy_text(&c, x->approved ? "approved" : "pending");
        demo_copy_int(&c, x->user);
        demo_copy_date(&c, x->signed_on);
        if (x->approved)
            demo_copy_text(&c, at);
        else
            demo_copy_null(&c);
        demo_copy_row(&c);
    }
    return demo_copy_done(d, &c, 1);
}

int demo_step_monitoring(struct demo *d)
{
    struct gen g = {.d = d};
    int rc = -1;
    village_cadres(&g);
    for (size_t v = 0; v < d->norgs; v++)
        if (d->orgs[v].level == 5 && d->orgs[v].household_count > 0)
            village(&g, (int)v);
    if (copy_all(&g) != 0)
        goto out;
    /* The pending entries and eliminations go to their approvals: the village's team captain
     * finds them in the queue. */
    rc = admin_exec(d->pg,
                    "SELECT count(zc_approval_submit('monitor_entry', c.id, '{\"org_level\": 5}',"
                    " c.village_code, NULL, '纳入监测：' || h.head_name || '（演示数据）',"
                    " c.created_by)) FROM monitoring_cases c JOIN households h"
                    " ON h.id = c.household_id WHERE c.status = 'pending'",
                    "submitting the demo monitoring entries");
    if (rc == 0)
        rc = admin_exec(d->pg,
                        "SELECT count(zc_approval_submit('monitor_exit', e.id,"
                        " '{\"org_level\": 5}', e.village_code, NULL, '风险消除：' ||"
                        " h.head_name || '（演示数据）', e.signed_by))"
                        " FROM monitoring_eliminations e JOIN monitoring_cases c"
                        " ON c.id = e.case_id JOIN households h ON h.id = c.household_id"
                        " WHERE e.status = 'pending'",
                        "submitting the demo risk eliminations");
out:
    free(g.cases);
    free(g.risks);
    free(g.measures);
    free(g.elims);
    free(g.cadre_person);
    free(g.cadre_user);
    return rc;
}
