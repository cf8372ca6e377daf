/* demo_teams.c -- the teams step: a work team in every village (1-3 cadres) and township (2),
 * the cadres as persons with obviously fake names from dispatching units, memberships with a
 * little history (rotations and recalls with their successors), and party group leaders. */
#include "server/demo/demo.h"

#include <stdio.h>
#include <string.h>

#include "common/config.h"
#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"
#include "server/household/seal.h"

/* Shares of the cadres a county's teams get from each level of unit (the rest: central
 * and provincial units). Most come from the county's own units. */
#define FROM_COUNTY_PCT 65
#define FROM_CITY_PCT   20

/* Per thousand slots: a predecessor who was recalled, or rotated out. */
#define RECALL_PERMILLE   10
#define ROTATION_PERMILLE 60

#define PARTY_SHARE 0.55 /* of cadres other than first secretaries, who all are members */

static const char *const rotation_note = "派出单位工作需要，轮换（演示数据）";
static const char *const recall_notes[] = {
    "因身体原因不能继续驻村，召回（演示数据）",
    "年度考核不称职，召回（演示数据）",
    "违反驻村工作纪律，召回（演示数据）",
};

/* One county's generation: its stream and its id counters. */
struct county_gen {
    struct demo *d;
    struct demo_rng r;
    int county;
    long persons, teams, members;
};

static int pick_unit(struct county_gen *g)
{
    const struct demo *d = g->d;
    const struct demo_org *county = &d->orgs[g->county];
    const struct demo_org *from = &d->orgs[0];
    uint32_t roll = demo_rng_below(&g->r, 100);
    if (roll < FROM_COUNTY_PCT)
        from = county;
    else if (roll < FROM_COUNTY_PCT + FROM_CITY_PCT)
        from = &d->orgs[county->parent];
    if (from->unit_count == 0)
        from = &d->orgs[0];
    return from->unit_first + (int)demo_rng_below(&g->r, (uint32_t)from->unit_count);
}

static int add_person(struct county_gen *g, int org, int post)
{
    struct demo *d = g->d;
    int unit = pick_unit(g);
    int party = post == DEMO_POST_FIRST_SECRETARY || demo_rng_chance(&g->r, PARTY_SHARE);
    struct demo_person *p = DEMO_PUSH(d, persons);
    long n = ++g->persons;
    p->id = demo_id(d, g->county, n);
    demo_person_name(&g->r, (unsigned)n, p->name, sizeof(p->name));
    /* 1990 + the block's last three digits + the counter: unique, and obviously made up. */
    snprintf(p->phone, sizeof(p->phone), "1990%03d%04ld", (int)(p->id / DEMO_ID_BLOCK % 1000),
             n % 10000);
    p->party_member = party;
    p->unit = unit;
    p->org = org;
    return (int)d->npersons - 1;
}

static void add_member(struct county_gen *g, int team, int person, int post, int32_t start,
                       int32_t end, int reason, const char *note)
{
    struct demo *d = g->d;
    struct demo_member *m = DEMO_PUSH(d, members);
    m->id = demo_id(d, g->county, ++g->members);
    m->team = team;
    m->person = person;
    m->unit = d->persons[person].unit;
    m->post = post;
    m->start = start;
    m->end = end;
    m->end_reason = reason;
    m->end_note = note;
}

static void add_team(struct county_gen *g, int kind, int org)
{
    struct demo *d = g->d;
    struct demo_team *t = DEMO_PUSH(d, teams);
    int ti = (int)d->nteams - 1;
    t->id = demo_id(d, g->county, ++g->teams);
    t->kind = kind;
    t->org = org;
    t->party_leader = -1;
    t->member_first = (int)d->nmembers;

    int size = 2;
    if (kind == DEMO_TEAM_VILLAGE) {
        uint32_t roll = demo_rng_below(&g->r, 100);
        size = roll < 30 ? 1 : roll < 70 ? 2 : 3;
    }
    /* Teams were formed in the first months of 2025; successors came later. */
    int32_t formed = demo_days(2025, 1, 6) + (int32_t)demo_rng_below(&g->r, 100);
    for (int slot = 0; slot < size; slot++) {
        /* Village teams: captain, first secretary, member. Township teams have no first
         * secretary (a village party post): captain and member. */
        int post = slot == 0                    ? DEMO_POST_CAPTAIN
                   : kind == DEMO_TEAM_TOWNSHIP ? DEMO_POST_MEMBER
                   : slot == 1                  ? DEMO_POST_FIRST_SECRETARY
                                                : DEMO_POST_MEMBER;
        int32_t start = formed;
        uint32_t h = demo_rng_below(&g->r, 1000);
        if (h < RECALL_PERMILLE + ROTATION_PERMILLE) {
            int recall = h < RECALL_PERMILLE;
            int32_t end = formed + demo_rng_range(&g->r, 120, 440);
            const char *note =
                recall ? recall_notes[demo_rng_below(&g->r, (uint32_t)ARRAY_SIZE(recall_notes))]
                       : rotation_note;
            int before = add_person(g, org, post);
            add_member(g, ti, before, post, start, end,
                       recall ? DEMO_END_RECALL : DEMO_END_ROTATION, note);
            start = end + 1;
        }
        int now = add_person(g, org, post);
        add_member(g, ti, now, post, start, 0, DEMO_END_NONE, "");
    }
    t = &d->teams[ti];
    t->member_count = (int)d->nmembers - t->member_first;

    /* O4: with two or more party members serving, a party group led by the first secretary
     * when there is one, else by the first party member. */
    int party = 0, leader = -1;
    for (int i = t->member_first; i < t->member_first + t->member_count; i++) {
        const struct demo_member *m = &d->members[i];
        if (m->end != 0 || !d->persons[m->person].party_member)
            continue;
        party++;
        if (leader < 0 || m->post == DEMO_POST_FIRST_SECRETARY)
            leader = m->person;
    }
    if (party >= 2)
        t->party_leader = leader;
}

static int copy_all(struct demo *d)
{
    static const char *const kinds[] = {"village", "township"};
    static const char *const posts[] = {"captain", "first_secretary", "member"};
    static const char *const reasons[] = {NULL, "rotation", "recall"};
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "persons",
                        "id, name, phone_enc, phone_hmac, party_member, unit_id, org_code") != 0)
        return -1;
    for (size_t i = 0; i < d->npersons; i++) {
        const struct demo_person *p = &d->persons[i];
        struct seal s;
        demo_copy_int(&c, p->id);
        demo_copy_text(&c, p->name);
        demo_copy_seal(&c, seal_phone(d->cfg->data_keys, SEAL_PERSON_PHONE, p->phone, &s), &s);
        demo_copy_bool(&c, p->party_member);
        demo_copy_int(&c, d->units[p->unit].id);
        demo_copy_text(&c, d->orgs[p->org].code);
        demo_copy_row(&c);
    }
    if (demo_copy_done(d, &c, 1) != 0)
        return -1;

    if (demo_copy_begin(&c, d->pg, "teams", "id, kind, org_code, name, party_leader_id") != 0)
        return -1;
    for (size_t i = 0; i < d->nteams; i++) {
        const struct demo_team *t = &d->teams[i];
        const struct demo_org *o = &d->orgs[t->org];
        char name[160];
        snprintf(name, sizeof(name), "%s%s", o->name,
                 t->kind == DEMO_TEAM_VILLAGE ? "驻村工作队" : "驻乡镇工作队");
        demo_copy_int(&c, t->id);
        demo_copy_text(&c, kinds[t->kind]);
        demo_copy_text(&c, o->code);
        demo_copy_text(&c, name);
        demo_copy_ref(&c, t->party_leader >= 0 ? d->persons[t->party_leader].id : 0);
        demo_copy_row(&c);
    }
    if (demo_copy_done(d, &c, 1) != 0)
        return -1;

    if (demo_copy_begin(&c, d->pg, "memberships",
                        "id, team_id, person_id, post, unit_id, start_date, end_date, "
                        "end_reason, end_note") != 0)
        return -1;
    for (size_t i = 0; i < d->nmembers; i++) {
        const struct demo_member *m = &d->members[i];
        demo_copy_int(&c, m->id);
        demo_copy_int(&c, d->teams[m->team].id);
        demo_copy_int(&c, d->persons[m->person].id);
        demo_copy_text(&c, posts[m->post]);
        demo_copy_int(&c, d->units[m->unit].id);
        demo_copy_date(&c, m->start);
        demo_copy_date(&c, m->end);
        demo_copy_text(&c, reasons[m->end_reason]);
        demo_copy_text(&c, m->end_note);
        demo_copy_row(&c);
    }
    return demo_copy_done(d, &c, 1);
}

int demo_step_teams(struct demo *d)
{
    for (size_t c = 1; c < d->norgs; c++) {
        if (d->orgs[c].level != ORG_COUNTY)
            continue;
        struct county_gen g = {.d = d, .county = (int)c};
        demo_rng_init(&g.r, d->seed, "teams", d->orgs[c].code);
        /* Pre-order: each township's team, then its villages' teams. */
        for (size_t i = c + 1; i < d->orgs[c].end; i++)
            add_team(&g, d->orgs[i].level == ORG_TOWNSHIP ? DEMO_TEAM_TOWNSHIP : DEMO_TEAM_VILLAGE,
                     (int)i);
    }
    return copy_all(d);
}
