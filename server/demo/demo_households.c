/* demo_households.c -- the households step: 60-120 households in every village, each a head
 * and up to five relatives (obviously fake names, ID numbers of the village's county with
 * valid check characters and birth dates that fit the relation, labour and health by age),
 * categories and presence in realistic shares, and a change of state in the year to the demo's
 * today for about one household in twenty. */
#include "server/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/idcard.h"
#include "common/rules/org.h"
#include "common/rules/visits.h"
#include "common/config.h"
#include "common/xmalloc.h"
#include "server/admin.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"
#include "server/household/seal.h"

/* The same in every village at every scale, so the county scale loads exactly the county's
 * rows of the province scale: a mean of 90 gives about 2,000,000 households for the
 * province's 22,496 villages. */
#define HOUSEHOLDS_MIN 60
#define HOUSEHOLDS_MAX 120
#define MEMBERS_MAX    6 /* the head and up to five others */

_Static_assert((HOUSEHOLDS_MAX) * (MEMBERS_MAX) < DEMO_VILLAGE_BLOCK,
               "a village's members are numbered within its id block");

/* Per cent of households with 1, 2, ... 6 members: small, ageing households, as in the
 * villages (a mean of about 3). */
static const int size_pct[MEMBERS_MAX] = {14, 30, 20, 18, 11, 7};

/* A village's shares, when its households were registered, vary around these means. The
 * changes of 2026 (mostly into monitoring, and away to work) bring them to about 39%
 * poverty-alleviated, 11% monitored and 8% absent by November. */
#define POVERTY_SHARE   0.40
#define MONITORED_SHARE 0.09
#define ABSENT_SHARE    0.06
#define CHANGE_SHARE    0.05 /* households with a second state, in the 327 days to today */
#define MOVE_SHARE      0.40 /* of those changes: leaving or returning, not a category change */

#define Y 365 /* days in a year, near enough for ages */

/* GB 11643: the 3-digit serial is odd for men, even for women, so 500 of each per county and
 * birth day. */
#define SERIALS_PER_SEX 500

enum relation {
    REL_HEAD,
    REL_SPOUSE,
    REL_CHILD,
    REL_GRANDCHILD,
    REL_PARENT,
    REL_IN_LAW,
    REL_SIBLING,
    REL_GRANDPARENT,
    REL_COUNT
};
static const char *const relations[REL_COUNT] = {"head",   "spouse", "child",   "grandchild",
                                                 "parent", "in_law", "sibling", "grandparent"};
/* How often each relative (after the spouse) is drawn when it fits the head's age, and how
 * many of them a household can have. */
static const int relation_weight[REL_COUNT] = {0, 0, 50, 22, 12, 8, 4, 2};
static const int relation_max[REL_COUNT] = {1, 1, 5, 5, 2, 2, 2, 2};

enum labour { LABOUR_FULL, LABOUR_PARTIAL, LABOUR_NONE, LABOUR_MINOR };
static const char *const labours[] = {"full", "partial", "none", "minor"};
enum health { HEALTH_HEALTHY, HEALTH_CHRONIC, HEALTH_SERIOUS, HEALTH_DISABLED };
static const char *const healths[] = {"healthy", "chronic", "serious", "disabled"};
static const char *const categories[] = {"poverty_alleviated", "monitored", "ordinary"};

struct member {
    int relation; /* enum relation */
    int male;
    int32_t birth; /* days since 1970-01-01 */
    int labour;    /* enum labour */
    int health;    /* enum health */
    long n;        /* its number in the village, for the id and the name */
    char name[64];
    char id_number[IDCARD_LEN + 1];
    char phone[16];
};

/* One household while it is written out. */
struct household {
    struct demo_household h;
    char address[200];
    char phone[16];
    int nmembers;
    struct member m[MEMBERS_MAX];
};

/* One village's generation, and the county's ID serials given out so far. */
struct gen {
    struct demo *d;
    struct demo_rng r; /* the village's stream */
    int county, village;
    long households, members; /* numbered so far in the village */
    double poverty, monitored, absent;
    int groups;      /* 村民小组, for addresses */
    uint16_t *taken; /* per (birth day - birth_first, sex): serials used in the county */
    int32_t today;   /* the demo's today: ages, and the last day a state may change */
    int32_t birth_first, birth_last;
};

static int age_of(const struct gen *g, int32_t birth)
{
    return (int)((g->today - birth) / 365.2425);
}

static int32_t birth_at_age(struct gen *g, int age)
{
    int32_t b = g->today - (int32_t)(age * 365.2425) - (int32_t)demo_rng_below(&g->r, Y);
    return b > g->birth_last ? g->birth_last : b;
}

static int32_t min32(int32_t a, int32_t b)
{
    return a < b ? a : b;
}

static int32_t max32(int32_t a, int32_t b)
{
    return a > b ? a : b;
}

/* The birth days [*lo, *hi] a relative of the head may have; returns 0
 * when none fits (a parent of a head of 80, a grandchild of a head of 30). */
static int birth_range(const struct gen *g, int relation, const struct member *head, int32_t *lo,
                       int32_t *hi)
{
    int32_t b = head->birth, adult = g->today - 18 * Y;
    switch (relation) {
    case REL_SPOUSE: /* husbands a little older than their wives */
        *lo = head->male ? b - 3 * Y : b - 8 * Y;
        *hi = min32(head->male ? b + 8 * Y : b + 3 * Y, g->today - 20 * Y);
        break;
    case REL_CHILD:
        *lo = b + 20 * Y;
        *hi = min32(b + 42 * Y, g->birth_last);
        break;
    case REL_GRANDCHILD:
        *lo = b + 42 * Y;
        *hi = min32(b + 70 * Y, g->birth_last);
        break;
    case REL_IN_LAW: /* an adult child's spouse */
        *lo = b + 20 * Y;
        *hi = min32(b + 42 * Y, adult);
        break;
    case REL_PARENT:
        *lo = max32(b - 40 * Y, g->today - 96 * Y);
        *hi = b - 18 * Y;
        break;
    case REL_GRANDPARENT:
        *lo = max32(b - 75 * Y, g->today - 98 * Y);
        *hi = b - 40 * Y;
        break;
    default: /* REL_SIBLING */
        *lo = b - 12 * Y;
        *hi = min32(b + 12 * Y, g->today - 16 * Y);
        break;
    }
    *lo = max32(*lo, g->today - 98 * Y); /* nobody older than 98 */
    return *lo <= *hi;
}

/* Gives m the next free ID number of the county for its birth day and sex. */
static void assign_id_number(struct gen *g, struct member *m)
{
    /* A county has far fewer people than 500 of a sex per birth day; should a day fill up,
     * the person is born a day earlier, which keeps every number unique. */
    int32_t day = m->birth;
    while (g->taken[(day - g->birth_first) * 2 + m->male] >= SERIALS_PER_SEX &&
           day > g->birth_first)
        day--;
    m->birth = day;
    unsigned n = g->taken[(day - g->birth_first) * 2 + m->male]++;
    /* Serials start at a place that depends on the day, so they do not all read 001, 002. */
    unsigned slot = (n + (uint32_t)day * 2654435761u % SERIALS_PER_SEX) % SERIALS_PER_SEX;
    int y, mo, dd;
    rules_civil_from_days(day, &y, &mo, &dd);
    snprintf(m->id_number, sizeof(m->id_number), "%.6s%04d%02d%02d%03u", g->d->orgs[g->county].code,
             y, mo, dd, slot * 2 + (unsigned)m->male);
    m->id_number[IDCARD_LEN - 1] = rules_idcard_check_char(m->id_number);
    m->id_number[IDCARD_LEN] = '\0';
}

/* Health and labour by age, with more illness in poor households; a phone for most adults. */
static void health_and_labour(struct gen *g, struct member *m, int poor)
{
    static const struct {
        int age;                        /* the band's upper end */
        int chronic, serious, disabled; /* per mille */
    } bands[] = {
        {15, 10, 5, 15}, {39, 35, 10, 25}, {59, 120, 25, 35}, {74, 320, 40, 40}, {200, 430, 70, 70},
    };
    int age = age_of(g, m->birth);
    size_t b = 0;
    while (age > bands[b].age)
        b++;
    /* In poor households the roll shrinks by a third: illness is 1.5 times as common. */
    int roll = (int)demo_rng_below(&g->r, 1000) * 2 / (poor ? 3 : 2);
    if (roll < bands[b].disabled)
        m->health = HEALTH_DISABLED;
    else if (roll < bands[b].disabled + bands[b].serious)
        m->health = HEALTH_SERIOUS;
    else if (roll < bands[b].disabled + bands[b].serious + bands[b].chronic)
        m->health = HEALTH_CHRONIC;
    else
        m->health = HEALTH_HEALTHY;

    int pct = (int)demo_rng_below(&g->r, 100);
    int healthy = m->health == HEALTH_HEALTHY;
    if (age < 16)
        m->labour = LABOUR_MINOR;
    else if (m->health == HEALTH_SERIOUS || m->health == HEALTH_DISABLED)
        m->labour = pct < 70 ? LABOUR_NONE : LABOUR_PARTIAL;
    else if (age < 22) /* at school, or working */
        m->labour = pct < 50 ? LABOUR_NONE : LABOUR_FULL;
    else if (age < 60)
        m->labour = healthy ? (pct < 90   ? LABOUR_FULL
                               : pct < 98 ? LABOUR_PARTIAL
                                          : LABOUR_NONE)
                            : (pct < 40   ? LABOUR_FULL
                               : pct < 90 ? LABOUR_PARTIAL
                                          : LABOUR_NONE);
    else if (age < 70)
        m->labour = healthy ? (pct < 30   ? LABOUR_FULL
                               : pct < 85 ? LABOUR_PARTIAL
                                          : LABOUR_NONE)
                            : (pct < 50 ? LABOUR_PARTIAL : LABOUR_NONE);
    else
        m->labour = pct < (healthy ? 40 : 15) ? LABOUR_PARTIAL : LABOUR_NONE;

    m->phone[0] = '\0';
    int phone_pct = age < 16 ? 0 : age <= 75 ? 85 : 25;
    /* 1991 + seven digits: the persons' fake numbers start 1990. */
    if (demo_rng_chance(&g->r, phone_pct / 100.0))
        snprintf(m->phone, sizeof(m->phone), "1991%07u", demo_rng_below(&g->r, 10000000));
}

static struct member *add_member(struct gen *g, struct household *h, int relation, int male,
                                 int32_t birth, const char *surname)
{
    struct member *m = &h->m[h->nmembers++];
    char num[32]; /* 七百二十: villages number at most 720 members */
    m->relation = relation;
    m->male = male;
    m->birth = birth;
    m->n = ++g->members;
    demo_numeral((unsigned)m->n, num, sizeof(num));
    snprintf(m->name, sizeof(m->name), "演示%s%s", surname, num);
    assign_id_number(g, m);
    health_and_labour(g, m, h->h.category[0] != CAT_ORDINARY);
    return m;
}

static int head_age(struct gen *g, int size, int absent)
{
    uint32_t roll = demo_rng_below(&g->r, 100);
    if (absent) /* the family left to work in the cities */
        return demo_rng_range(&g->r, 25, 55);
    if (size == 1 && roll < 70) /* old people living alone */
        return demo_rng_range(&g->r, 62, 90);
    return roll < 15   ? demo_rng_range(&g->r, 25, 44)
           : roll < 60 ? demo_rng_range(&g->r, 45, 64)
           : roll < 93 ? demo_rng_range(&g->r, 65, 79)
                       : demo_rng_range(&g->r, 80, 89);
}

/* The second state of a household that has one: a category change or a move. */
static void state_change(struct gen *g, struct demo_household *h)
{
    h->changed = demo_rng_range(&g->r, g->today - 327, g->today);
    h->category[1] = h->category[0];
    h->absent[1] = h->absent[0];
    if (demo_rng_chance(&g->r, MOVE_SHARE)) {
        h->absent[1] = !h->absent[0];
    } else if (h->category[0] == CAT_MONITORED) {
        /* Risk eliminated: back to what it was before monitoring. */
        h->category[1] = demo_rng_chance(&g->r, 0.5) ? CAT_POVERTY_ALLEVIATED : CAT_ORDINARY;
    } else {
        h->category[1] = CAT_MONITORED;
    }
}

static void generate_household(struct gen *g, struct household *h)
{
    struct demo_rng *r = &g->r;
    struct demo_household *s = &h->h;
    memset(s, 0, sizeof(*s));
    s->id = demo_village_id(g->d, g->village, ++g->households);

    int size = 1;
    for (int roll = (int)demo_rng_below(r, 100); roll >= size_pct[size - 1]; size++)
        roll -= size_pct[size - 1];
    /* Most households were registered when the system started, in 2019; the rest split off or
     * moved in later. */
    s->since = demo_rng_chance(r, 0.65)
                   ? demo_rng_range(r, demo_days(2019, 1, 1), demo_days(2019, 12, 31))
                   : demo_rng_range(r, demo_days(2020, 1, 1), demo_days(2025, 12, 31));
    double c = demo_rng_unit(r);
    s->category[0] = c < g->poverty                  ? CAT_POVERTY_ALLEVIATED
                     : c < g->poverty + g->monitored ? CAT_MONITORED
                                                     : CAT_ORDINARY;
    s->absent[0] = (uint8_t)demo_rng_chance(r, g->absent);
    if (demo_rng_chance(r, CHANGE_SHARE))
        state_change(g, s);

    /* The head, most often a man; the family name goes to children and grandchildren (a
     * woman heading the household passes on her husband's). */
    h->nmembers = 0;
    int male = demo_rng_chance(r, 0.85);
    const char *surname = demo_surname(r);
    const char *family = surname;
    const struct member *head =
        add_member(g, h, REL_HEAD, male, birth_at_age(g, head_age(g, size, s->absent[0])), surname);
    int count[REL_COUNT] = {1};
    int first_male[REL_COUNT] = {0}; /* of the first parent, grandparent */
    int32_t lo, hi;
    if (size > 1 && demo_rng_chance(r, 0.85) && birth_range(g, REL_SPOUSE, head, &lo, &hi)) {
        const char *spouse = demo_surname(r);
        add_member(g, h, REL_SPOUSE, !male, demo_rng_range(r, lo, hi), spouse);
        count[REL_SPOUSE]++;
        if (!male)
            family = spouse;
    } else if (!male) {
        family = demo_surname(r); /* a widow's, or a divorced woman's, children */
    }
    while (h->nmembers < size) {
        int total = 0, weight[REL_COUNT] = {0};
        for (int rel = REL_CHILD; rel < REL_COUNT; rel++) {
            if (count[rel] < relation_max[rel] && birth_range(g, rel, head, &lo, &hi))
                weight[rel] = relation_weight[rel];
            total += weight[rel];
        }
        if (total == 0)
            break;
        int rel = REL_CHILD;
        for (int roll = (int)demo_rng_below(r, (uint32_t)total); roll >= weight[rel]; rel++)
            roll -= weight[rel];
        birth_range(g, rel, head, &lo, &hi);
        int32_t birth = demo_rng_range(r, lo, hi);
        /* Parents and grandparents come in pairs: the second is of the other sex. Fathers
         * and grandfathers share the head's surname, mothers and in-laws have their own. */
        int pair = rel == REL_PARENT || rel == REL_GRANDPARENT;
        int sex = pair && count[rel] == 1 ? !first_male[rel]
                  : rel == REL_IN_LAW     ? demo_rng_chance(r, 0.15)
                                          : demo_rng_chance(r, 0.5);
        const char *name = rel == REL_CHILD || rel == REL_GRANDCHILD ? family
                           : rel == REL_SIBLING || (pair && sex)     ? surname
                                                                     : demo_surname(r);
        add_member(g, h, rel, sex, birth, name);
        first_male[rel] = count[rel] == 0 ? sex : first_male[rel];
        count[rel]++;
    }

    /* 村民小组 and a house number. */
    char group[32];
    demo_numeral((unsigned)demo_rng_range(r, 1, g->groups), group, sizeof(group));
    snprintf(h->address, sizeof(h->address), "%s%s组%d号", g->d->orgs[g->village].name, group,
             demo_rng_range(r, 1, 99));
    h->phone[0] = '\0';
    for (int i = 0; i < h->nmembers && h->phone[0] == '\0'; i++)
        memcpy(h->phone, h->m[i].phone, sizeof(h->phone));
}

/* What a pass does with each household of a village. */
typedef void (*household_fn)(struct demo_copy *c, const struct gen *g, const struct household *h);

/* Generates every household of every village in pre-order, county by county (the ID serials
 * are counted per county), and hands each to fn. */
static void each_household(struct demo *d, struct demo_copy *c, household_fn fn)
{
    struct gen g = {.d = d};
    g.today = d->today;
    g.birth_first = demo_days(1900, 1, 1);
    g.birth_last = demo_days(2025, 12, 31);
    size_t ndays = (size_t)(g.birth_last - g.birth_first + 1);
    g.taken = xmalloc(ndays * 2 * sizeof(*g.taken));
    struct household h;
    for (size_t ci = 1; ci < d->norgs; ci++) {
        if (d->orgs[ci].level != ORG_COUNTY)
            continue;
        g.county = (int)ci;
        memset(g.taken, 0, ndays * 2 * sizeof(*g.taken));
        for (size_t v = ci + 1; v < d->orgs[ci].end; v++) {
            const struct demo_org *o = &d->orgs[v];
            if (o->level != ORG_VILLAGE)
                continue;
            g.village = (int)v;
            g.households = g.members = 0;
            demo_rng_init(&g.r, d->seed, "households", o->code);
            int n = demo_rng_range(&g.r, HOUSEHOLDS_MIN, HOUSEHOLDS_MAX);
            g.poverty = POVERTY_SHARE - 0.10 + demo_rng_unit(&g.r) * 0.20;
            g.monitored = MONITORED_SHARE - 0.04 + demo_rng_unit(&g.r) * 0.08;
            g.absent = ABSENT_SHARE - 0.03 + demo_rng_unit(&g.r) * 0.06;
            g.groups = demo_rng_range(&g.r, 3, 9);
            for (int k = 0; k < n; k++) {
                generate_household(&g, &h);
                fn(c, &g, &h);
            }
        }
    }
    free(g.taken);
}

static void copy_household(struct demo_copy *c, const struct gen *g, const struct household *h)
{
    struct demo *d = g->d;
    struct demo_org *v = &d->orgs[g->village];
    if (v->household_count++ == 0)
        v->household_first = (int)d->nhouseholds;
    struct demo_household *k = DEMO_PUSH(d, households);
    *k = h->h;
    k->visit_first = k->visit_count = 0; /* the visits step counts them */
    k->members = (uint8_t)h->nmembers;
    demo_copy_int(c, h->h.id);
    demo_copy_text(c, v->code);
    demo_copy_text(c, h->m[0].name);
    demo_copy_text(c, h->address);
    demo_copy_date(c, h->h.since);
    struct seal s;
    demo_copy_seal(c, seal_phone(d->cfg->data_keys, SEAL_HOUSEHOLD_PHONE, h->phone, &s), &s);
    demo_copy_row(c);
}

static void copy_members(struct demo_copy *c, const struct gen *g, const struct household *h)
{
    for (int i = 0; i < h->nmembers; i++) {
        const struct member *m = &h->m[i];
        demo_copy_int(c, demo_village_id(g->d, g->village, m->n));
        demo_copy_int(c, h->h.id);
        demo_copy_text(c, m->name);
        demo_copy_text(c, relations[m->relation]);
        /* Not demo_copy_date, which writes day 0 (1970-01-01) as NULL. */
        char birth[11];
        rules_date_format(m->birth, birth);
        demo_copy_text(c, birth);
        demo_copy_text(c, labours[m->labour]);
        demo_copy_text(c, healths[m->health]);
        const struct crypt_keys *k = g->d->cfg->data_keys;
        struct seal s;
        int rc = seal_id_number(k, m->id_number, &s);
        demo_copy_text(c, s.masked);
        demo_copy_seal(c, rc, &s);
        demo_copy_seal(c, seal_phone(k, SEAL_MEMBER_PHONE, m->phone, &s), &s);
        demo_copy_row(c);
    }
}

/* Why a household's state changed. */
static const char *change_note(const struct demo_household *h)
{
    if (h->absent[1] != h->absent[0])
        return h->absent[1] ? "全家外出务工（演示数据）" : "外出务工返乡（演示数据）";
    if (h->category[1] != CAT_MONITORED)
        return "风险已消除，解除监测（演示数据）";
    return h->category[0] == CAT_POVERTY_ALLEVIATED ? "存在返贫风险，纳入监测（演示数据）"
                                                    : "突发严重困难，纳入监测（演示数据）";
}

/* The states, from what copy_household kept: the first as registered, the change recorded by
 * the captain of the village's team. */
static int copy_states(struct demo *d)
{
    int64_t *captain = xcalloc(d->norgs, sizeof(*captain));
    for (size_t i = 0; i < d->nmembers; i++) {
        const struct demo_member *m = &d->members[i];
        if (m->end == 0 && m->post == DEMO_POST_CAPTAIN)
            captain[d->teams[m->team].org] = d->persons[m->person].user_id;
    }
    struct demo_copy c;
    int rc = -1;
    if (demo_copy_begin(&c, d->pg, "household_states",
                        "household_id, valid_from, category, absent, note, recorded_by") != 0)
        goto out;
    for (size_t v = 1; v < d->norgs; v++) {
        const struct demo_org *o = &d->orgs[v];
        for (int i = o->household_first; i < o->household_first + o->household_count; i++) {
            const struct demo_household *h = &d->households[i];
            for (int s = 0; s < (h->changed != 0 ? 2 : 1); s++) {
                demo_copy_int(&c, h->id);
                demo_copy_date(&c, s == 0 ? h->since : h->changed);
                demo_copy_text(&c, categories[h->category[s]]);
                demo_copy_bool(&c, h->absent[s]);
                demo_copy_text(&c, s == 0 ? "" : change_note(h));
                demo_copy_ref(&c, s == 0 ? 0 : captain[v]);
                demo_copy_row(&c);
            }
        }
    }
    rc = demo_copy_done(d, &c, 0);
out:
    free(captain);
    return rc;
}

int demo_step_households(struct demo *d)
{
    static const char *const tables[] = {"households", "household_states", "household_members",
                                         NULL};
    PGresult *keys = demo_copy_drop_keys(d->pg, tables);
    if (keys == NULL)
        return -1;
    /* One COPY at a time on the connection, and the members are too many to keep: the
     * households are generated twice from the same streams, once for their own rows (keeping
     * what the states and later steps need) and once for their members'. */
    int rc = -1;
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "households",
                        "id, village_code, head_name, address, since, phone_enc, phone_hmac") != 0)
        goto out;
    each_household(d, &c, copy_household);
    if (demo_copy_done(d, &c, 1) != 0 || copy_states(d) != 0)
        goto out;
    if (demo_copy_begin(&c, d->pg, "household_members",
                        "id, household_id, name, relation, birth_date, labour, health,"
                        " id_number_masked, id_number_enc, id_number_hmac, phone_enc,"
                        " phone_hmac") != 0)
        goto out;
    each_household(d, &c, copy_members);
    if (demo_copy_done(d, &c, 1) != 0)
        goto out;
    rc = demo_copy_restore_keys(d->pg, keys);
out:
    PQclear(keys);
    return rc;
}
