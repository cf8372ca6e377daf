/* assess.c -- the quota solver and the checks of the assessment calls (assess.h). */
#include "common/rules/assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

#define FAIL(f, msg)                                                                               \
    do {                                                                                           \
        *field = (f);                                                                              \
        return (msg);                                                                              \
    } while (0)

const struct assess_policy assess_default_policy = {{
    {30, ASSESS_FLOOR, ASSESS_MAX},
    {60, ASSESS_FLOOR, ASSESS_REST},
    {5, ASSESS_FLOOR, ASSESS_MAX},
    {5, ASSESS_FLOOR, ASSESS_MAX},
}};

static const char *const grade_codes[] = {"excellent", "qualified", "basic", "unqualified"};
static const char *const grade_labels[] = {"优秀", "合格", "基本合格", "不合格"};
static const char *const rounding_codes[] = {"floor", "round", "ceil"};
static const char *const rounding_labels[] = {"向下取整", "四舍五入", "向上取整"};
static const char *const bound_codes[] = {"max", "min", "rest"};

static int parse(const char *s, const char *const *set, int n)
{
    for (int i = 0; s != NULL && i < n; i++)
        if (strcmp(s, set[i]) == 0)
            return i;
    return -1;
}

const char *assess_grade_code(int g)
{
    return g >= 0 && g < ASSESS_GRADES ? grade_codes[g] : "";
}

const char *assess_grade_label(int g)
{
    return g >= 0 && g < ASSESS_GRADES ? grade_labels[g] : "";
}

int assess_grade_parse(const char *code)
{
    return parse(code, grade_codes, ASSESS_GRADES);
}

const char *assess_rounding_code(int r)
{
    return r >= 0 && r < 3 ? rounding_codes[r] : "";
}

int assess_rounding_parse(const char *code)
{
    return parse(code, rounding_codes, 3);
}

const char *assess_bound_code(int b)
{
    return b >= 0 && b < 3 ? bound_codes[b] : "";
}

int assess_bound_parse(const char *code)
{
    return parse(code, bound_codes, 3);
}

/* The rest grade's index, or -1 when there is not exactly one. */
static int rest_grade(const struct assess_policy *p)
{
    int rest = -1;
    for (int g = 0; g < ASSESS_GRADES; g++)
        if (p->q[g].bound == ASSESS_REST) {
            if (rest >= 0)
                return -1;
            rest = g;
        }
    return rest;
}

const char *assess_policy_problem(const struct assess_policy *p)
{
    for (int g = 0; g < ASSESS_GRADES; g++) {
        const struct assess_quota *q = &p->q[g];
        if (q->share_pct < 0 || q->share_pct > 100)
            return "等次比例应为 0 到 100（%）";
        if ((unsigned)q->rounding > ASSESS_CEIL || (unsigned)q->bound > ASSESS_REST)
            return "取整规则应为 floor、round 或 ceil，限额应为 max、min 或 rest";
    }
    if (rest_grade(p) < 0)
        return "等次规则中应恰有一个等次为其余（rest）";
    return NULL;
}

int assess_quota_count(const struct assess_quota *q, int n)
{
    long x = (long)q->share_pct * n;
    switch (q->rounding) {
    case ASSESS_CEIL:
        return (int)((x + 99) / 100);
    case ASSESS_ROUND:
        return (int)((x + 50) / 100);
    default:
        return (int)(x / 100);
    }
}

struct ranked {
    int score, index;
};

static int by_score(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->index - y->index;
}

/* Fills grade g with whole groups of tied subjects taken from order[*from] onward (step +1)
 * or from order[*to - 1] backward (step -1), never crossing into the other end's grades. */
static void fill(const struct ranked *order, int *lo, int *hi, int step,
                 const struct assess_quota *q, int quota, int g, int *grade)
{
    int taken = 0;
    while (*lo < *hi) {
        int start = step > 0 ? *lo : *hi - 1, k = 1;
        while (start + step * k >= *lo && start + step * k < *hi &&
               order[start + step * k].score == order[start].score)
            k++;
        if (q->bound == ASSESS_MAX ? taken + k > quota : taken >= quota)
            break;
        for (int i = 0; i < k; i++)
            grade[order[start + step * i].index] = g;
        taken += k;
        if (step > 0)
            *lo += k;
        else
            *hi -= k;
    }
}

int assess_propose(const int *score, int n, const struct assess_policy *p, int *rank, int *grade)
{
    if (n < 0 || n > ASSESS_COHORT_MAX || assess_policy_problem(p) != NULL)
        return -1;
    if (n == 0)
        return 0;
    struct ranked *order = malloc(sizeof(*order) * (size_t)n);
    if (order == NULL)
        return -1;
    for (int i = 0; i < n; i++)
        order[i] = (struct ranked){score[i], i};
    qsort(order, (size_t)n, sizeof(*order), by_score);
    for (int i = 0; i < n; i++)
        rank[order[i].index] =
            i > 0 && order[i].score == order[i - 1].score ? rank[order[i - 1].index] : i + 1;
    int rest = rest_grade(p), lo = 0, hi = n;
    for (int g = 0; g < rest; g++)
        fill(order, &lo, &hi, 1, &p->q[g], assess_quota_count(&p->q[g], n), g, grade);
    for (int g = ASSESS_GRADES - 1; g > rest; g--)
        fill(order, &lo, &hi, -1, &p->q[g], assess_quota_count(&p->q[g], n), g, grade);
    for (int i = lo; i < hi; i++)
        grade[order[i].index] = rest;
    free(order);
    return 0;
}

void assess_counts(const int *grade, int n, int *counts)
{
    memset(counts, 0, sizeof(int) * ASSESS_GRADES);
    for (int i = 0; i < n; i++)
        if (grade[i] >= 0 && grade[i] < ASSESS_GRADES)
            counts[grade[i]]++;
}

const char *assess_check(const int *counts, int n, const struct assess_policy *p, char *buf,
                         size_t len, int *broken)
{
    for (int g = 0; g < ASSESS_GRADES; g++) {
        const struct assess_quota *q = &p->q[g];
        if (q->bound == ASSESS_REST)
            continue;
        int quota = assess_quota_count(q, n);
        if (q->bound == ASSESS_MAX ? counts[g] <= quota : counts[g] >= quota)
            continue;
        snprintf(buf, len, "%s不得%s %d 名（%d%%，%s）", grade_labels[g],
                 q->bound == ASSESS_MAX ? "超过" : "少于", quota, q->share_pct,
                 rounding_labels[q->rounding]);
        if (broken != NULL)
            *broken = g;
        return buf;
    }
    return NULL;
}

/* ---- the calls' checks ---- */

static const char *reason_problem(const char *reason, const char **field)
{
    if (!rules_text_ok(reason, 1, ASSESS_REASON_MAX))
        FAIL("reason", "请填写理由（1 到 " STR(ASSESS_REASON_MAX) " 个字符）");
    return NULL;
}

/* An indicator's code: a-z and _, 1-24 (0130's CHECK). */
static int code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 24 || s[0] < 'a' || s[0] > 'z')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
            return 0;
    return 1;
}

const char *rules_assess_round_open_problem(const Zhucun__AssessRoundOpen *in, int today,
                                            const char **field)
{
    if (rules_code_level(in->county_code) != ORG_COUNTY)
        FAIL("county_code", "请给出县级区划代码（12 位）");
    int y, m, d;
    if (rules_date_parse(in->quarter, &y, &m, &d) != 0 || d != 1 || (m - 1) % 3 != 0)
        FAIL("quarter", "季度应为其第一天：YYYY-01-01、YYYY-04-01、YYYY-07-01 或 YYYY-10-01");
    int ty, tm, td;
    rules_civil_from_days(today, &ty, &tm, &td);
    if (y < ASSESS_FIRST_YEAR || y * 4 + (m - 1) / 3 > ty * 4 + (tm - 1) / 3)
        FAIL("quarter", "只能考核 " STR(ASSESS_FIRST_YEAR) " 年以来已结束的季度或本季度");
    if (strcmp(in->subject, "team") != 0 && strcmp(in->subject, "cadre") != 0)
        FAIL("subject", "考核对象应为 team（工作队）或 cadre（队员）");
    return NULL;
}

const char *rules_assess_score_set_problem(const Zhucun__AssessScoreSet *in, const char **field)
{
    if (!code_ok(in->indicator))
        FAIL("indicator", "请给出考核指标代码（如 excellence、recognition）");
    if (in->score < 0 || in->score > ASSESS_SCORE_MAX)
        FAIL("score", "得分应为 0 到 100（精确到 0.01）");
    return reason_problem(in->reason, field);
}

const char *rules_assess_grade_override_problem(const Zhucun__AssessGradeOverride *in,
                                                const char **field)
{
    if (assess_grade_parse(in->grade) < 0)
        FAIL("grade", "等次应为 excellent（优秀）、qualified（合格）、basic（基本合格）或 "
                      "unqualified（不合格）");
    return reason_problem(in->reason, field);
}

static int quarter_ok(const char *s)
{
    int y, m, d;
    return rules_date_parse(s, &y, &m, &d) == 0 && d == 1 && (m - 1) % 3 == 0;
}

#define QUARTER_PROBLEM "季度应为其第一天：YYYY-01-01、YYYY-04-01、YYYY-07-01 或 YYYY-10-01"

const char *rules_assess_list_problem(const Zhucun__AssessList *in, const char **field)
{
    if (in->org_code[0] != '\0' && rules_code_level(in->org_code) < 0)
        FAIL("org_code", "区划代码应为 12 位数字");
    if (in->quarter[0] != '\0' && !quarter_ok(in->quarter))
        FAIL("quarter", QUARTER_PROBLEM);
    if (in->limit > ASSESS_LIST_MAX)
        FAIL("limit", "一次最多列出 " STR(ASSESS_LIST_MAX) " 轮");
    return NULL;
}

const char *rules_assess_ranking_problem(const Zhucun__AssessRanking *in, const char **field)
{
    if (in->org_code[0] != '\0' && rules_code_level(in->org_code) < 0)
        FAIL("org_code", "区划代码应为 12 位数字");
    if (!quarter_ok(in->quarter))
        FAIL("quarter", QUARTER_PROBLEM);
    if (strcmp(in->subject, "team") != 0 && strcmp(in->subject, "cadre") != 0)
        FAIL("subject", "考核对象应为 team（工作队）或 cadre（队员）");
    if (in->limit > ASSESS_RANKING_MAX)
        FAIL("limit", "一次最多列出 " STR(ASSESS_RANKING_MAX) " 名");
    return NULL;
}
