/* demo_policy.c -- the policy step (SPEC M8; docs/policy-delivery.md): a year of every team's
 * policy videos and of every village's loudspeaker broadcasts, and each city office's monthly
 * phone quiz of its cadres with their scores.
 *
 * Realistic gaps: each team and each village has a diligence drawn once -- most meet the rule
 * nearly every week or day, one in ten about two weeks or days in three. A week's videos: one,
 * sometimes two (the policy's "one to two"), none in a week missed; a day's broadcast: 30 to 45
 * minutes, on some days split between morning and evening (two records that sum), a short one
 * (10-25 minutes) or none on a day missed. Only while the team serves (a member serving that
 * day) and the village has a village team. The quizzes: the twelve months before this one, per
 * city, QUIZ_DEMO_SAMPLE cadres drawn among those serving in the city that month, most reached
 * with a score, some not reached with a reason.
 *
 * Density: broadcasts are a row per village-day, which at province scale (about 22,000 villages
 * with a team) and a year would be 9-10 million rows; the province loads the last
 * BROADCAST_DAYS_PROVINCE days (the duty report's tracking window and more), the county and city
 * scales a year. Ids: a broadcast's is numbered within its village (demo_village_id, at most
 * two a day: under DEMO_VILLAGE_BLOCK), a video's its team's id * VIDEO_SLOTS + its week * 2 +
 * its number in the week, a quiz's and its cadres' in their city's block. */
#include "server/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/rules/policy.h"
#include "common/xmalloc.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"

#define WEEKS                   52
#define VIDEO_SLOTS             128 /* ids per team: 53 weeks, two each */
#define BROADCAST_DAYS          365
#define BROADCAST_DAYS_PROVINCE 92
#define SLACK_SHARE             0.10 /* teams and villages that miss about a third */
#define SPLIT_SHARE             0.25 /* days broadcast in two parts */
#define TWO_VIDEOS_SHARE        0.30 /* weeks with a second video */
#define QUIZ_MONTHS             12
#define QUIZ_DEMO_SAMPLE        20
#define QUIZ_CADRES_MAX         1000 /* ids per quiz in the city's block */
#define NOT_REACHED_SHARE       0.08

_Static_assert((WEEKS + 1) * 2 <= VIDEO_SLOTS, "a team's videos fit in its id slots");
_Static_assert(BROADCAST_DAYS * 2 < DEMO_VILLAGE_BLOCK, "a village's broadcasts fit its block");

static const char *const topics[] = {
    "防返贫监测帮扶政策", "小额信贷政策", "雨露计划", "医保参保缴费", "农村低保政策",
    "耕地地力保护补贴",   "森林防火",     "移风易俗", "秸秆禁烧",     "务工就业信息",
};
static const char *const titles[] = {
    "一分钟读懂防返贫监测", "脱贫户小额信贷怎么贷", "雨露计划补助申领指南",
    "城乡居民医保缴费提醒", "到户产业奖补政策解读", "公益性岗位申请流程",
};
static const char *const platforms[] = {"douyin", "kuaishou", "channels", "other"};
static const char *const hosts[] = {"https://v.douyin.com/", "https://v.kuaishou.com/",
                                    "https://channels.weixin.qq.com/", "https://www.ixigua.com/"};
static const char *const reasons[] = {"电话无人接听", "关机", "正在开会，约定改日未再接通",
                                      "号码停机"};

/* Whether team t has a member serving on day. */
static int team_serving(const struct demo *d, const struct demo_team *t, int32_t day)
{
    for (int j = 0; j < t->member_count; j++) {
        const struct demo_member *m = &d->members[t->member_first + j];
        if (m->start <= day && (m->end == 0 || m->end >= day))
            return 1;
    }
    return 0;
}

/* The account of a member serving in t (its captain's when there is one), or 0. */
static int64_t team_user(const struct demo *d, const struct demo_team *t)
{
    int64_t any = 0;
    for (int j = 0; j < t->member_count; j++) {
        const struct demo_member *m = &d->members[t->member_first + j];
        int64_t u = d->persons[m->person].user_id;
        if (m->end != 0 || u == 0)
            continue;
        if (m->post == DEMO_POST_CAPTAIN)
            return u;
        any = any != 0 ? any : u;
    }
    return any;
}

static int copy_videos(struct demo *d)
{
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "policy_videos",
                        "id, team_id, village_code, platform, url, title, posted_on,"
                        " recorded_by") != 0)
        return -1;
    int32_t monday = rules_policy_monday(d->today);
    for (size_t i = 0; i < d->nteams; i++) {
        const struct demo_team *t = &d->teams[i];
        struct demo_rng r;
        char key[40];
        snprintf(key, sizeof(key), "%lld", (long long)t->id);
        demo_rng_init(&r, d->seed, "policy-video", key);
        double diligence = demo_rng_chance(&r, SLACK_SHARE) ? 0.6 : 0.9 + 0.09 * demo_rng_unit(&r);
        int64_t user = team_user(d, t);
        for (int w = WEEKS; w >= 0; w--) {
            int32_t first = monday - 7 * w;
            int days = w == 0 ? d->today - first + 1 : 7;
            if (!team_serving(d, t, first + days - 1) || !demo_rng_chance(&r, diligence))
                continue;
            int n = 1 + demo_rng_chance(&r, TWO_VIDEOS_SHARE);
            for (int k = 0; k < n; k++) {
                int64_t id = t->id * VIDEO_SLOTS + (WEEKS - w) * 2 + k;
                int p = demo_rng_range(&r, 0, 3);
                char url[96];
                snprintf(url, sizeof(url), "%s%llx/", hosts[p], (unsigned long long)id);
                demo_copy_int(&c, id);
                demo_copy_int(&c, t->id);
                demo_copy_text(&c, d->orgs[t->org].code);
                demo_copy_text(&c, platforms[p]);
                demo_copy_text(&c, url);
                demo_copy_text(&c, titles[demo_rng_below(&r, ARRAY_SIZE(titles))]);
                demo_copy_date(&c, first + demo_rng_range(&r, 0, days - 1));
                demo_copy_ref(&c, user);
                demo_copy_row(&c);
            }
        }
    }
    return demo_copy_done(d, &c, 1);
}

static void broadcast_row(struct demo_copy *c, const struct demo *d, int village, long *n,
                          int32_t day, int minutes, const char *topic, int64_t user)
{
    demo_copy_int(c, demo_village_id(d, village, ++*n));
    demo_copy_text(c, d->orgs[village].code);
    demo_copy_date(c, day);
    demo_copy_int(c, minutes);
    demo_copy_text(c, topic);
    demo_copy_ref(c, user);
    demo_copy_row(c);
}

static int copy_broadcasts(struct demo *d)
{
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "policy_broadcasts",
                        "id, village_code, on_date, minutes, topic, recorded_by") != 0)
        return -1;
    int days = d->scale == DEMO_SCALE_PROVINCE ? BROADCAST_DAYS_PROVINCE : BROADCAST_DAYS;
    for (size_t i = 0; i < d->nteams; i++) {
        const struct demo_team *t = &d->teams[i];
        if (t->kind != DEMO_TEAM_VILLAGE)
            continue;
        struct demo_rng r;
        demo_rng_init(&r, d->seed, "policy-broadcast", d->orgs[t->org].code);
        double diligence =
            demo_rng_chance(&r, SLACK_SHARE) ? 0.65 : 0.92 + 0.07 * demo_rng_unit(&r);
        int64_t user = team_user(d, t);
        long n = 0;
        for (int32_t day = d->today - days + 1; day <= d->today; day++) {
            if (!team_serving(d, t, day))
                continue;
            const char *topic = topics[demo_rng_below(&r, ARRAY_SIZE(topics))];
            if (!demo_rng_chance(&r, diligence)) {
                if (demo_rng_chance(&r, 0.5))
                    broadcast_row(&c, d, t->org, &n, day, demo_rng_range(&r, 10, 25), topic, user);
            } else if (demo_rng_chance(&r, SPLIT_SHARE)) {
                broadcast_row(&c, d, t->org, &n, day, demo_rng_range(&r, 15, 20), topic, user);
                broadcast_row(&c, d, t->org, &n, day, demo_rng_range(&r, 15, 25), topic, user);
            } else {
                broadcast_row(&c, d, t->org, &n, day, demo_rng_range(&r, 30, 45), topic, user);
            }
        }
    }
    return demo_copy_done(d, &c, 1);
}

/* One city's quizzes of the QUIZ_MONTHS months before this one: the quiz rows into q or (q
 * NULL) the sampled cadres into qc, the same draws either way. seen[] (per person, zeroed
 * before a pass) marks who is already in this month's pool. */
static void city_quizzes(struct demo *d, int city, struct demo_copy *q, struct demo_copy *qc,
                         int *seen, int *pool)
{
    static const char *const questions[] = {"防返贫监测对象的识别程序是什么？",
                                            "驻村干部每周在岗有什么要求？",
                                            "小额信贷的支持对象和额度是多少？"};
    static const char *const answers[] = {"农户申请、乡村干部走访排查、部门筛查预警", "五天四夜",
                                          "脱贫户和监测户，5 万元以下"};
    const struct demo_org *o = &d->orgs[city];
    struct demo_rng r;
    demo_rng_init(&r, d->seed, "policy-quiz", o->code);
    int y, m, dd;
    rules_civil_from_days(d->today, &y, &m, &dd);
    for (int k = QUIZ_MONTHS; k >= 1; k--) {
        int my = y, mm = m - k;
        while (mm < 1)
            mm += 12, my--;
        int32_t first = rules_days_from_civil(my, mm, 1);
        int32_t last = first + rules_days_in_month(my, mm) - 1;
        /* the cadres serving in the city that month, each once */
        int n = 0;
        for (size_t i = 0; i < d->nmembers; i++) {
            const struct demo_member *mb = &d->members[i];
            int org = d->teams[mb->team].org;
            if ((size_t)org < (size_t)city || (size_t)org >= o->end || mb->start > last ||
                (mb->end != 0 && mb->end < first) || seen[mb->person] == k)
                continue;
            seen[mb->person] = k;
            pool[n++] = (int)i;
        }
        if (n == 0)
            continue;
        int64_t quiz = demo_id(d, city, QUIZ_MONTHS - k + 1);
        char seed[40];
        snprintf(seed, sizeof(seed), "demo:%llu", (unsigned long long)d->seed);
        int sample = n < QUIZ_DEMO_SAMPLE ? n : QUIZ_DEMO_SAMPLE;
        if (q != NULL) {
            demo_copy_int(q, quiz);
            demo_copy_text(q, o->code);
            demo_copy_date(q, first);
            demo_copy_text(q, "政策应知应会电话抽查");
            demo_copy_text_array(q, questions, 3);
            demo_copy_text_array(q, answers, 3);
            demo_copy_int(q, sample);
            demo_copy_text(q, seed);
            demo_copy_row(q);
        }
        /* a partial shuffle draws the sample */
        for (int j = 0; j < sample; j++) {
            int pick = j + (int)demo_rng_below(&r, (uint32_t)(n - j));
            int tmp = pool[j];
            pool[j] = pool[pick];
            pool[pick] = tmp;
            const struct demo_member *mb = &d->members[pool[j]];
            const struct demo_team *t = &d->teams[mb->team];
            int32_t called = first + demo_rng_range(&r, 5, 20);
            int reached = !demo_rng_chance(&r, NOT_REACHED_SHARE);
            int score = 60 + demo_rng_range(&r, 0, 8) * 5;
            const char *reason = reasons[demo_rng_below(&r, ARRAY_SIZE(reasons))];
            if (qc == NULL)
                continue;
            demo_copy_int(qc, demo_id(d, city, (long)(QUIZ_MONTHS - k) * QUIZ_CADRES_MAX + j + 1));
            demo_copy_int(qc, quiz);
            demo_copy_int(qc, d->persons[mb->person].id);
            demo_copy_int(qc, t->id);
            demo_copy_text(qc, d->orgs[t->org].code);
            demo_copy_text(qc, "drawn");
            demo_copy_date(qc, called);
            demo_copy_bool(qc, reached);
            if (reached)
                demo_copy_int(qc, score);
            else
                demo_copy_null(qc);
            if (reached)
                demo_copy_null(qc);
            else
                demo_copy_text(qc, reason);
            demo_copy_row(qc);
        }
    }
}

/* Two passes over the cities with the same random streams: the quizzes, then their cadres
 * (one COPY at a time on the connection; the cadres refer to the quizzes). */
static int copy_quizzes(struct demo *d)
{
    static const char *const columns[2] = {
        "id, village_code, month, title, questions, answers, sample_size, seed",
        "id, quiz_id, person_id, team_id, village_code, how, called_on, reached, score, reason"};
    static const char *const tables[2] = {"policy_quizzes", "policy_quiz_cadres"};
    int *seen = xcalloc(d->npersons + 1, sizeof(*seen));
    int *pool = xcalloc(d->nmembers + 1, sizeof(*pool));
    int rc = 0;
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        struct demo_copy c;
        if (demo_copy_begin(&c, d->pg, tables[pass], columns[pass]) != 0) {
            rc = -1;
            break;
        }
        memset(seen, 0, (d->npersons + 1) * sizeof(*seen));
        for (size_t o = 1; o < d->norgs; o++)
            if (d->orgs[o].level == ORG_CITY)
                city_quizzes(d, (int)o, pass == 0 ? &c : NULL, pass == 1 ? &c : NULL, seen, pool);
        rc = demo_copy_done(d, &c, 1);
    }
    free(seen);
    free(pool);
    return rc;
}

int demo_step_policy(struct demo *d)
{
    static const char *const tables[] = {"policy_videos", "policy_broadcasts", NULL};
    PGresult *keys = demo_copy_drop_keys(d->pg, tables);
    if (keys == NULL)
        return -1;
    int rc = copy_videos(d) == 0 && copy_broadcasts(d) == 0 && copy_quizzes(d) == 0
                 ? demo_copy_restore_keys(d->pg, keys)
                 : -1;
    PQclear(keys);
    return rc;
}
