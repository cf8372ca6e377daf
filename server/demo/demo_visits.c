/* demo_visits.c -- the visits step: the visit logs of last month and this month up to the
 * demo's today (the clock's: docs/clock.md), so that the due lists and the reports have
 * something to show.
 *
 * Each household is judged as docs/visit-rules.md says: every period of every rule kind (half
 * month, month, two months) whose end (or today, for the running one) finds the household in a
 * state that rule covers owes a visit, and gets one with the period's probability, on a day
 * drawn uniformly from the window (the period, from the day that state began, up to today).
 * The visitor is the serving captain of the village's team; about one visit in fifty raises a
 * problem, which becomes a follow-up item. The visits are streamed into COPY; the few items
 * are kept and copied afterwards, and each visit's day and mode are kept for the duties step
 * (demo.visits: about 6 million at province scale, 8 bytes each). */
#include "server/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/org.h"
#include "common/rules/visits.h"
#include "common/xmalloc.h"
#include "server/admin.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"

/* The chance that a period owed gets its visit, once it has ended; a running period's is that
 * times the share of it gone by (visits spread over the period, none piled on its first day). */
#define HALF_MONTH_DONE 0.85 /* V1: poverty-alleviated and monitored, present */
#define MONTH_DONE      0.90 /* V2: ordinary, present */
#define TWO_MONTHS_DONE 0.85 /* V3: absent */
#define PROBLEM_SHARE   0.02 /* visits raising one problem */
#define URGENT_SHARE    0.20

enum visit_period { VP_HALF_MONTH, VP_MONTH, VP_TWO_MONTHS };

struct visit_period_def {
    int kind;      /* enum visit_period */
    int32_t first; /* the period's first day, or the first visited day if later */
    int32_t last;  /* the period's last day */
    double done;
};

/* The periods visited: every period of each kind that holds a day from the first day of last
 * month to today. A period begun before that (a two-month one) is visited only from then: the
 * demo has no older visits. Returns how many (at most 12). */
static size_t visit_periods(int32_t today, struct visit_period_def out[12])
{
    static const struct {
        int kind;
        enum period_kind rule_kind;
        double done;
    } kinds[] = {
        {VP_HALF_MONTH, PERIOD_HALF_MONTH, HALF_MONTH_DONE},
        {VP_MONTH, PERIOD_MONTH, MONTH_DONE},
        {VP_TWO_MONTHS, PERIOD_TWO_MONTHS, TWO_MONTHS_DONE},
    };
    int32_t from = demo_month_first(today, -1);
    size_t n = 0;
    for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
        for (struct period p = rules_period_containing(kinds[k].rule_kind, from);
             p.first <= today && n < 12;
             p = rules_period_containing(kinds[k].rule_kind, p.last + 1)) {
            double done = kinds[k].done;
            if (p.last > today)
                done *= (today - p.first + 1) / (double)(p.last - p.first + 1);
            out[n++] = (struct visit_period_def){kinds[k].kind, p.first > from ? p.first : from,
                                                 p.last, done};
        }
    }
    return n;
}

static const char *const present_notes[] = {
    "入户走访，了解家庭生产生活情况（演示数据）",
    "入户走访，宣讲惠农政策（演示数据）",
    "入户走访，核实收入和就业情况（演示数据）",
    "入户走访，查看住房和饮水安全（演示数据）",
    "入户走访，了解医疗报销和慢病用药情况（演示数据）",
    "入户走访，了解子女上学情况（演示数据）",
    "入户走访，帮助联系务工信息（演示数据）",
    "入户走访，了解冬季取暖准备情况（演示数据）",
};
static const char *const phone_notes[] = {
    "电话回访，在外务工情况稳定（演示数据）",
    "电话回访，了解务工收入和返乡打算（演示数据）",
    "电话回访，告知村里近期政策（演示数据）",
    "电话回访，了解家中老人照料情况（演示数据）",
};
static const char *const problems[] = {
    "反映房屋漏雨，需要维修（演示数据）",       "反映自来水冬季易冻，需要改造管道（演示数据）",
    "家中老人慢性病用药报销有困难（演示数据）", "希望帮助联系就近务工岗位（演示数据）",
    "反映门前道路破损，出行不便（演示数据）",   "申请产业奖补，需协助准备材料（演示数据）",
    "子女上学交通困难，希望协调（演示数据）",   "反映低保待遇有疑问，需核实政策（演示数据）",
};
/* The ledger area each problem is an item of (0075, docs/ledger.md): the cadre's choice. */
static const char *const problem_areas[] = {
    "guarantees", "guarantees", "guarantees", "employment",
    "living",     "industry",   "guarantees", "policy",
};
_Static_assert(ARRAY_SIZE(problem_areas) == ARRAY_SIZE(problems), "an area for each problem");
static const char *const statuses[] = {"open", "in_progress", "done"};

/* A follow-up item, kept until the visits' COPY is done (a few tens of thousands at province
 * scale). */
struct item {
    int64_t id, visit_id, household_id, responsible;
    int village;
    int32_t visit_date, deadline, resolved; /* resolved: 0 unless resolved */
    uint8_t text, urgent, status;
};

struct items {
    struct item *items;
    size_t nitems, items_cap;
};

/* The rule kind that covers a household's state. */
static int kind_of(int category, int absent)
{
    if (absent)
        return VP_TWO_MONTHS;
    return category == CAT_ORDINARY ? VP_MONTH : VP_HALF_MONTH;
}

/* One village: its households' visits into c, their problems into its. */
static long village_visits(struct demo *d, int v, int64_t team_id, const struct demo_member *cap,
                           int32_t today, struct demo_copy *c, struct items *its)
{
    const struct demo_org *o = &d->orgs[v];
    int64_t cadre = d->persons[cap->person].id;
    int64_t user = d->persons[cap->person].user_id;
    char cadres[32];
    snprintf(cadres, sizeof(cadres), "{%lld}", (long long)cadre);
    struct visit_period_def periods[12];
    size_t nperiods = visit_periods(today, periods);
    struct demo_rng r;
    demo_rng_init(&r, d->seed, "visits", o->code);
    long n = 0;
    for (int i = o->household_first; i < o->household_first + o->household_count; i++) {
        struct demo_household *h = &d->households[i];
        h->visit_first = (int32_t)d->nvisits;
        for (size_t p = 0; p < nperiods; p++) {
            const struct visit_period_def *pe = &periods[p];
            int32_t first = pe->first;
            int32_t end = pe->last;
            if (end > today)
                end = today;
            /* The state on the period's end decides the duty, and its window starts when
             * that state began. */
            int s = h->changed != 0 && h->changed <= end;
            if (kind_of(h->category[s], h->absent[s]) != pe->kind)
                continue;
            int32_t lo = s ? h->changed : h->since;
            lo = lo > first ? lo : first;
            lo = lo > cap->start ? lo : cap->start;
            /* Draw always, so one period's outcome does not shift the next one's. */
            int done = demo_rng_chance(&r, pe->done);
            uint32_t roll = demo_rng_below(&r, 1u << 30);
            if (!done || lo > end)
                continue;
            int32_t day = lo + (int32_t)(roll % (uint32_t)(end - lo + 1));
            int phone = pe->kind == VP_TWO_MONTHS && demo_rng_chance(&r, 0.9);
            int64_t id = demo_village_id(d, v, ++n);
            const char *note =
                phone ? phone_notes[demo_rng_below(&r, (uint32_t)ARRAY_SIZE(phone_notes))]
                      : present_notes[demo_rng_below(&r, (uint32_t)ARRAY_SIZE(present_notes))];
            demo_copy_int(c, id);
            demo_copy_date(c, day);
            demo_copy_int(c, h->id);
            demo_copy_text(c, o->code);
            demo_copy_int(c, team_id);
            demo_copy_text(c, phone ? "phone" : "in_person");
            demo_copy_text(c, cadres);
            demo_copy_text(c, note);
            demo_copy_ref(c, user);
            demo_copy_row(c);
            *DEMO_PUSH(d, visits) = (struct demo_visit){day, phone ? MODE_PHONE : MODE_IN_PERSON};
            h->visit_count++;

            if (!demo_rng_chance(&r, PROBLEM_SHARE))
                continue;
            struct item *it = DEMO_PUSH(its, items);
            it->id = id; /* one item per visit at most: the visit's number in the village */
            it->visit_id = id;
            it->household_id = h->id;
            it->responsible = cadre;
            it->village = v;
            it->visit_date = day;
            it->deadline = day + demo_rng_range(&r, 15, 45);
            it->text = (uint8_t)demo_rng_below(&r, (uint32_t)ARRAY_SIZE(problems));
            it->urgent = (uint8_t)demo_rng_chance(&r, URGENT_SHARE);
            /* Older items are further along: about half of last month's are resolved, few of
             * the last fortnight's. */
            int age = today - day;
            uint32_t st = demo_rng_below(&r, 100);
            int resolved_pct = age * 100 / 90, progress_pct = 35;
            it->status = (int)st < resolved_pct ? 2 : (int)st < resolved_pct + progress_pct ? 1 : 0;
            if (it->status == 2) {
                int span = age < 1 ? 1 : age;
                it->resolved = day + demo_rng_range(&r, 1, span);
                if (it->resolved > today)
                    it->resolved = today;
            }
        }
    }
    return n;
}

/* V4: the township team visits the village once a month, with the month's chance (a running
 * month's by how much of it has gone by), on a day the member served. The visits are numbered
 * after the village's household visits (n of them). */
static void village_v4(struct demo *d, int v, int64_t team_id, const struct demo_member *m,
                       int32_t today, long n, struct demo_copy *c)
{
    const struct demo_org *o = &d->orgs[v];
    char cadres[32];
    snprintf(cadres, sizeof(cadres), "{%lld}", (long long)d->persons[m->person].id);
    struct visit_period_def periods[12];
    size_t nperiods = visit_periods(today, periods);
    struct demo_rng r;
    demo_rng_init(&r, d->seed, "v4", o->code);
    d->orgs[v].visit_first = (int)d->nvisits;
    for (size_t p = 0; p < nperiods; p++) {
        const struct visit_period_def *pe = &periods[p];
        if (pe->kind != VP_MONTH)
            continue;
        int32_t lo = pe->first > m->start ? pe->first : m->start;
        int32_t hi = pe->last < today ? pe->last : today;
        int done = demo_rng_chance(&r, pe->done);
        uint32_t roll = demo_rng_below(&r, 1u << 30);
        if (!done || lo > hi)
            continue;
        int32_t day = lo + (int32_t)(roll % (uint32_t)(hi - lo + 1));
        demo_copy_int(c, demo_village_id(d, v, ++n));
        demo_copy_date(c, day);
        demo_copy_null(c);
        demo_copy_text(c, o->code);
        demo_copy_int(c, team_id);
        demo_copy_text(c, "in_person");
        demo_copy_text(c, cadres);
        demo_copy_text(c, "到村督导，查看村务和驻村工作队工作情况（演示数据）");
        demo_copy_ref(c, d->persons[m->person].user_id);
        demo_copy_row(c);
        *DEMO_PUSH(d, visits) = (struct demo_visit){day, MODE_IN_PERSON};
        d->orgs[v].visit_count++;
    }
}

static int copy_items(struct demo *d, const struct items *its)
{
    struct demo_copy c;
    /* A visit's problems are items of the ledger (0075): of the task list, their visit the
     * source. */
    if (demo_copy_begin(&c, d->pg, "ledger_items",
                        "id, village_code, household_id, visit_id, visit_date, text, "
                        "responsible_id, deadline, urgent, status, done_at, area, list, "
                        "source_kind, source_id") != 0)
        return -1;
    for (size_t i = 0; i < its->nitems; i++) {
        const struct item *it = &its->items[i];
        demo_copy_int(&c, it->id);
        demo_copy_text(&c, d->orgs[it->village].code);
        demo_copy_int(&c, it->household_id);
        demo_copy_int(&c, it->visit_id);
        demo_copy_date(&c, it->visit_date);
        demo_copy_text(&c, problems[it->text]);
        demo_copy_int(&c, it->responsible);
        demo_copy_date(&c, it->deadline);
        demo_copy_bool(&c, it->urgent);
        demo_copy_text(&c, statuses[it->status]);
        if (it->resolved != 0) {
            char day[11], at[32];
            rules_date_format(it->resolved, day);
            snprintf(at, sizeof(at), "%s 17:30:00+08", day);
            demo_copy_text(&c, at);
        } else {
            demo_copy_null(&c);
        }
        demo_copy_text(&c, problem_areas[it->text]);
        demo_copy_text(&c, "task");
        demo_copy_text(&c, "visit");
        demo_copy_int(&c, it->visit_id);
        demo_copy_row(&c);
    }
    return demo_copy_done(d, &c, 1);
}

int demo_step_visits(struct demo *d)
{
    int32_t today = d->today;
    /* Per village: its team and the team's serving captain. */
    int *team = xmalloc(d->norgs * sizeof(*team));
    int *captain = xmalloc(d->norgs * sizeof(*captain));
    for (size_t i = 0; i < d->norgs; i++)
        team[i] = captain[i] = -1;
    for (size_t t = 0; t < d->nteams; t++)
        if (d->teams[t].kind == DEMO_TEAM_VILLAGE)
            team[d->teams[t].org] = (int)t;
    /* Per township: its team and a serving member of it with an account (V4). */
    int *tteam = xmalloc(d->norgs * sizeof(*tteam));
    int *tmember = xmalloc(d->norgs * sizeof(*tmember));
    for (size_t i = 0; i < d->norgs; i++)
        tteam[i] = tmember[i] = -1;
    for (size_t t = 0; t < d->nteams; t++)
        if (d->teams[t].kind == DEMO_TEAM_TOWNSHIP)
            tteam[d->teams[t].org] = (int)t;
    for (size_t i = 0; i < d->nmembers; i++) {
        const struct demo_member *m = &d->members[i];
        if (m->end == 0 && m->post == DEMO_POST_CAPTAIN)
            captain[d->teams[m->team].org] = (int)i;
        int org = d->teams[m->team].org;
        if (m->end == 0 && d->teams[m->team].kind == DEMO_TEAM_TOWNSHIP && tmember[org] < 0 &&
            d->persons[m->person].user_id != 0)
            tmember[org] = (int)i;
    }

    struct items its = {0};
    struct demo_copy c;
    int rc = -1;
    static const char *const tables[] = {"visits", "ledger_items", NULL};
    PGresult *keys = demo_copy_drop_keys(d->pg, tables);
    if (keys == NULL)
        goto out;
    if (demo_copy_begin(&c, d->pg, "visits",
                        "id, visit_date, household_id, village_code, team_id, mode, cadre_ids, "
                        "notes, recorded_by") != 0)
        goto out;
    for (size_t v = 1; v < d->norgs; v++) {
        if (d->orgs[v].level != ORG_VILLAGE || d->orgs[v].household_count == 0 || team[v] < 0 ||
            captain[v] < 0)
            continue;
        long n = village_visits(d, (int)v, d->teams[team[v]].id, &d->members[captain[v]], today, &c,
                                &its);
        int town = d->orgs[v].parent;
        if (town >= 0 && tteam[town] >= 0 && tmember[town] >= 0)
            village_v4(d, (int)v, d->teams[tteam[town]].id, &d->members[tmember[town]], today, n,
                       &c);
    }
    if (demo_copy_done(d, &c, 1) != 0 || copy_items(d, &its) != 0)
        goto out;
    rc = demo_copy_restore_keys(d->pg, keys);
out:
    PQclear(keys);
    free(its.items);
    free(team);
    free(captain);
    free(tteam);
    free(tmember);
    return rc;
}
