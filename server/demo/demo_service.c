/* demo_service.c -- the service step: a year of service cases and disputes (SPEC S1,
 * docs/services.md) in every village, as its team's cadres would have recorded them to the
 * demo's today:
 *
 * - poverty-alleviated and monitored households about 0.7 cases a year, others about 0.12;
 * - the categories in the proportions a county's ledgers show (medical reimbursement and
 *   visits to the elderly living alone the most, orphans and legal aid the fewest), every
 *   category at every scale;
 * - a serious illness followed through hospital contact, admission and reimbursement, other
 *   cases with a progress note or two;
 * - cases older than two months nearly all closed, recent ones half; disputes (family,
 *   neighbours, the collective, petitions) closed with their mediation result, most mediated;
 *   money where the category carries it, within its limit (common/rules/service.c).
 *
 * and the competitions of part four: each county's rounds of the five kinds, closed ones with
 * their results and this season's open ones, entered by about a third of its village teams.
 *
 * The handler is a serving member of the village's team with an account (a village without
 * one has no cases). Deterministic: one random stream per village, ids in the village's own
 * block (village code * SERVICE_VILLAGE_BLOCK + n), so a county's rows are the same at every
 * scale. Both tables are written with COPY. */
#include "server/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/service.h"
#include "common/rules/visits.h"
#include "common/xmalloc.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"

#define SERVICE_VILLAGE_BLOCK 10000 /* a village's cases, and its steps: at most ~200 a year */
#define SERVICE_SPAN_DAYS     365   /* a year of cases */
#define HANDLERS_MAX          3     /* the serving cadres of a village who handle its cases */

/* The categories' weights per 1,000 cases, in service_categories[] order. */
static const int weights[] = {
    180, /* medical_reimbursement */
    80,  /* chronic_certificate */
    60,  /* student_loan */
    70,  /* micro_credit */
    30,  /* disability_certificate */
    110, /* wedding_funeral */
    40,  /* serious_illness */
    30,  /* family_crisis */
    150, /* elderly_visit */
    10,  /* orphan */
    35,  /* insurance_topup */
    55,  /* relief_payment */
    20,  /* legal_aid */
    90,  /* dispute */
    40,  /* rights */
};

static const char *const summaries[] = {
    "住院费用报销，协助办理一站式结算",
    "协助办理慢性病证",
    "协助申请生源地信用助学贷款",
    "协助申请脱贫人口小额信贷",
    "协助办理残疾证",
    "参加红白事，帮助操办",
    "大病住院，全程协助就医和报销",
    "家庭遭遇变故，上门了解情况",
    "探访独居老人",
    "关爱孤儿，落实基本生活保障",
    "防贫保险收入补差申报",
    "协助申领临时救助资金",
    "协助申请法律援助",
    "调解矛盾纠纷",
    "协助维护合法权益",
};

static const char *const outcomes[] = {
    "已报销到位",
    "慢性病证已办结",
    "贷款已发放",
    "贷款已发放",
    "残疾证已办结",
    "已参加并协助操办",
    "已报销，自付部分已申请医疗救助",
    "已协调解决困难",
    "老人身体状况良好，已登记需求",
    "生活保障已落实",
    "补差资金已到账",
    "救助资金已发放",
    "已对接县法律援助中心",
    "已调解",
    "已协调有关部门落实",
};

static const char *const mediation_outcomes[] = {"mediated", "partly", "failed", "referred"};
static const int mediation_weights[] = {70, 12, 8, 10};

struct gen {
    struct demo *d;
    struct demo_copy *cases, *steps;
    struct demo_rng r;
    int64_t village_code;
    char code[13];
    long n_cases, n_steps;
    int pass; /* 0: the cases are written, 1: the steps (the same draws, the other table) */
};

/* Up to HANDLERS_MAX serving team members with an account per village (index in d->orgs). */
static int64_t *village_handlers(const struct demo *d)
{
    int64_t *h = xcalloc(d->norgs * HANDLERS_MAX, sizeof(int64_t));
    for (size_t i = 0; i < d->nmembers; i++) {
        const struct demo_member *m = &d->members[i];
        const struct demo_team *t = &d->teams[m->team];
        int64_t user = d->persons[m->person].user_id;
        if (m->end != 0 || user == 0 || t->kind != DEMO_TEAM_VILLAGE)
            continue;
        int64_t *v = &h[(size_t)t->org * HANDLERS_MAX];
        for (int k = 0; k < HANDLERS_MAX; k++)
            if (v[k] == 0) {
                v[k] = user;
                break;
            }
    }
    return h;
}

static int weighted(struct demo_rng *r, const int *w, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    int x = (int)demo_rng_below(r, (uint32_t)total);
    for (int i = 0; i < n; i++)
        if ((x -= w[i]) < 0)
            return i;
    return n - 1;
}

static void step(struct gen *g, int64_t case_id, int64_t by, const char *what, int32_t day,
                 const char *note)
{
    int64_t id = g->village_code * SERVICE_VILLAGE_BLOCK + ++g->n_steps;
    if (g->pass != 1)
        return;
    struct demo_copy *c = g->steps;
    demo_copy_int(c, id);
    demo_copy_int(c, case_id);
    demo_copy_text(c, g->code);
    demo_copy_text(c, what);
    demo_copy_date(c, day);
    demo_copy_text(c, note);
    demo_copy_int(c, by);
    demo_copy_row(c);
}

/* One case of household, opened on day by handler, with its steps and (maybe) its close. */
static void one_case(struct gen *g, int64_t household, int64_t handler, int32_t opened)
{
    struct demo_rng *r = &g->r;
    int32_t today = g->d->today;
    int k = weighted(r, weights, (int)service_ncategories);
    const struct service_category *cat = &service_categories[k];
    int64_t id = g->village_code * SERVICE_VILLAGE_BLOCK + ++g->n_cases;
    int age = today - opened;
    int closed = demo_rng_chance(r, age > 60 ? 0.93 : 0.5);
    int32_t closed_on = 0;
    if (closed) {
        int span = age < 60 ? age : 60;
        closed_on = opened + demo_rng_range(r, span > 0 ? 1 : 0, span);
    }
    int32_t until = closed ? closed_on : today;
    /* the steps, in order, between the opening and the close (or today) */
    int32_t day = opened;
    if (strcmp(cat->code, "serious_illness") == 0) {
        static const char *const s[] = {"hospital_contact", "admission", "reimbursement"};
        static const char *const notes[] = {"联系县人民医院", "住院治疗", "一站式结算报销"};
        int n = closed ? 3 : demo_rng_range(r, 0, 2);
        for (int i = 0; i < n; i++) {
            day = demo_rng_range(r, day, until);
            step(g, id, handler, s[i], day, notes[i]);
        }
    } else {
        int n = demo_rng_range(r, 0, 2);
        for (int i = 0; i < n; i++) {
            day = demo_rng_range(r, day, until);
            step(g, id, handler, "progress", day, "上门了解进展，协调办理");
        }
    }
    if (closed && closed_on < day)
        closed_on = day;
    int nsub = 0;
    while (cat->subkinds != NULL && cat->subkinds[nsub] != NULL)
        nsub++;
    const char *subkind = nsub > 0 ? cat->subkinds[demo_rng_below(r, (uint32_t)nsub)] : "";
    int dispute = strcmp(cat->code, "dispute") == 0;
    const char *mediation = mediation_outcomes[weighted(r, mediation_weights, 4)];
    int64_t amount = (int64_t)demo_rng_range(r, 2, 100) * (cat->money_max_fen / 100);
    if (g->pass != 0)
        return;
    struct demo_copy *c = g->cases;
    demo_copy_int(c, id);
    demo_copy_text(c, g->code);
    demo_copy_int(c, household);
    demo_copy_text(c, cat->code);
    demo_copy_text(c, subkind);
    demo_copy_text(c, summaries[k]);
    demo_copy_int(c, handler);
    demo_copy_date(c, opened);
    demo_copy_date(c, closed ? closed_on : 0);
    demo_copy_text(c, closed ? outcomes[k] : NULL);
    demo_copy_text(c, dispute && closed ? mediation : NULL);
    if (closed && cat->money_max_fen > 0)
        demo_copy_int(c, amount);
    else
        demo_copy_null(c);
    demo_copy_ref(c, closed ? handler : 0);
    demo_copy_row(c);
}

/* One pass over the villages (g->pass says which table it writes): each village on its own
 * stream, its households' cases in the year to today, none before the household was
 * registered. */
static void pass(struct gen *g, const int64_t *handlers)
{
    struct demo *d = g->d;
    for (size_t vi = 0; vi < d->norgs; vi++) {
        const struct demo_org *o = &d->orgs[vi];
        const int64_t *h = &handlers[vi * HANDLERS_MAX];
        if (o->level != 5 || h[0] == 0)
            continue;
        int nh = 1;
        while (nh < HANDLERS_MAX && h[nh] != 0)
            nh++;
        snprintf(g->code, sizeof(g->code), "%s", o->code);
        g->village_code = strtoll(o->code, NULL, 10);
        g->n_cases = g->n_steps = 0;
        demo_rng_init(&g->r, d->seed, "service", o->code);
        for (int k = 0; k < o->household_count; k++) {
            const struct demo_household *hh = &d->households[o->household_first + k];
            int cat = hh->category[hh->changed != 0 ? 1 : 0];
            int n = cat == CAT_ORDINARY
                        ? demo_rng_chance(&g->r, 0.12)
                        : demo_rng_chance(&g->r, 0.5) + demo_rng_chance(&g->r, 0.15) +
                              demo_rng_chance(&g->r, 0.05);
            for (int i = 0; i < n; i++) {
                int32_t opened = d->today - demo_rng_range(&g->r, 0, SERVICE_SPAN_DAYS - 1);
                if (opened < hh->since)
                    opened = hh->since > d->today ? d->today : hh->since;
                int64_t handler = h[demo_rng_below(&g->r, (uint32_t)nh)];
                one_case(g, demo_village_id(d, (int)vi, k + 1), handler, opened);
            }
        }
    }
}

/* ---- the competitions (0081): each county's rounds of the five kinds that ended two months
 * ago, with its village teams' entries and their results, and this season's livestream and
 * tourism rounds still taking entries; the county office opens them and gives the results,
 * a serving cadre of each team enters. ---- */

#define CONTEST_ENTRY_SHARE 0.35 /* of a county's village teams enter a round */

struct round {
    int64_t id, office;
    int county, kind, open;
    int32_t starts, ends;
};

/* The county office account of each county (index in d->orgs), 0 for none. */
static int64_t county_office(const struct demo *d, int county)
{
    for (size_t i = 0; i < d->nusers; i++)
        if (d->users[i].scope == county && strcmp(d->users[i].role, "county_office") == 0)
            return d->users[i].id;
    return 0;
}

static struct round *contest_rounds(const struct demo *d, size_t *n)
{
    size_t cap = 16, count = 0;
    struct round *v = xmalloc(cap * sizeof(*v));
    for (size_t ci = 0; ci < d->norgs; ci++) {
        int64_t office = d->orgs[ci].level == 3 ? county_office(d, (int)ci) : 0;
        if (office == 0)
            continue;
        long k = 0;
        for (int kind = 0; contest_kinds[kind] != NULL; kind++)
            for (int open = 0; open < 2; open++) {
                if (open && kind > 1) /* livestream and tourism run a second, open round */
                    continue;
                if (count == cap)
                    v = xrealloc(v, (cap *= 2) * sizeof(*v));
                struct round *x = &v[count++];
                x->id = demo_id(d, (int)ci, ++k);
                x->office = office;
                x->county = (int)ci;
                x->kind = kind;
                x->open = open;
                x->starts = open ? d->today - 20 : d->today - 120;
                x->ends = open ? d->today + 20 : d->today - 60;
            }
    }
    *n = count;
    return v;
}

static int copy_rounds(struct demo *d, const struct round *v, size_t n)
{
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "contest_rounds",
                        "id, kind, org_code, title, starts_on, ends_on, opened_by") != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char title[200];
        snprintf(title, sizeof(title), "%s%s", d->orgs[v[i].county].name,
                 contest_kind_names[v[i].kind]);
        demo_copy_int(&c, v[i].id);
        demo_copy_text(&c, contest_kinds[v[i].kind]);
        demo_copy_text(&c, d->orgs[v[i].county].code);
        demo_copy_text(&c, title);
        demo_copy_date(&c, v[i].starts);
        demo_copy_date(&c, v[i].ends);
        demo_copy_int(&c, v[i].office);
        demo_copy_row(&c);
    }
    return demo_copy_done(d, &c, 1);
}

/* Each round's entries: the county's village teams with a serving cadre, about
 * CONTEST_ENTRY_SHARE of them; a closed round's first three ranked, the others 优秀奖. */
static int copy_entries(struct demo *d, const struct round *v, size_t n, const int64_t *handlers)
{
    static const char *const titles[] = {"小米直播间", "红色旅游线路推介", "返乡创业带头人",
                                         "扎根基层的驻村队员", "美丽乡村示范村"};
    static const char *const awards[] = {"一等奖", "二等奖", "三等奖"};
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "contest_entries",
                        "id, round_id, team_id, village_code, title, description, entered_on,"
                        " entered_by, rank, award, result_by, result_at") != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const struct round *x = &v[i];
        struct demo_rng r;
        char key[32];
        snprintf(key, sizeof(key), "%lld", (long long)x->id);
        demo_rng_init(&r, d->seed, "contest", key);
        long k = 0;
        int ranked = 0;
        for (size_t t = 0; t < d->nteams; t++) {
            const struct demo_team *team = &d->teams[t];
            int64_t by = handlers[(size_t)team->org * HANDLERS_MAX];
            if (team->kind != DEMO_TEAM_VILLAGE || by == 0 ||
                demo_county_of(d, team->org) != x->county ||
                !demo_rng_chance(&r, CONTEST_ENTRY_SHARE))
                continue;
            int32_t last = x->ends < d->today ? x->ends : d->today;
            demo_copy_int(&c, demo_id(d, x->county, ++k + (long)(x->id % DEMO_ID_BLOCK) * 1000));
            demo_copy_int(&c, x->id);
            demo_copy_int(&c, team->id);
            demo_copy_text(&c, d->orgs[team->org].code);
            demo_copy_text(&c, titles[x->kind]);
            demo_copy_text(&c, "（演示数据）工作队组织的参赛作品");
            demo_copy_date(&c, demo_rng_range(&r, x->starts, last));
            demo_copy_int(&c, by);
            if (x->open) {
                for (int f = 0; f < 4; f++)
                    demo_copy_null(&c);
            } else {
                if (ranked < 3)
                    demo_copy_int(&c, ranked + 1);
                else
                    demo_copy_null(&c);
                demo_copy_text(&c, ranked < 3 ? awards[ranked] : "优秀奖");
                demo_copy_int(&c, x->office);
                demo_copy_date(&c, x->ends + 5);
                ranked++;
            }
            demo_copy_row(&c);
        }
    }
    return demo_copy_done(d, &c, 1);
}

int demo_step_service(struct demo *d)
{
    int64_t *handlers = village_handlers(d);
    struct demo_copy cases, steps;
    struct gen g = {.d = d, .cases = &cases, .steps = &steps};
    int rc = -1;
    static const char *const tables[] = {"service_cases", "service_case_steps", "contest_rounds",
                                         "contest_entries", NULL};
    PGresult *keys = demo_copy_drop_keys(d->pg, tables);
    if (keys == NULL)
        goto out;
    /* one COPY at a time on the connection: the cases, then the same draws again for their
     * steps */
    if (demo_copy_begin(&cases, d->pg, "service_cases",
                        "id, village_code, household_id, category, subkind, summary, handler_id,"
                        " opened_on, closed_on, outcome, mediation, amount_fen, closed_by") != 0)
        goto out;
    g.pass = 0;
    pass(&g, handlers);
    if (demo_copy_done(d, &cases, 1) != 0)
        goto out;
    if (demo_copy_begin(&steps, d->pg, "service_case_steps",
                        "id, case_id, village_code, step, on_date, note, recorded_by") != 0)
        goto out;
    g.pass = 1;
    pass(&g, handlers);
    if (demo_copy_done(d, &steps, 1) != 0)
        goto out;
    size_t nrounds;
    struct round *rounds = contest_rounds(d, &nrounds);
    int bad =
        copy_rounds(d, rounds, nrounds) != 0 || copy_entries(d, rounds, nrounds, handlers) != 0;
    free(rounds);
    if (bad || demo_copy_restore_keys(d->pg, keys) != 0)
        goto out;
    rc = 0;
out:
    PQclear(keys);
    free(handlers);
    return rc;
}
