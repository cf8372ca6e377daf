/* stars.c -- the checks of the stars and points calls, the periods, the clamp (stars.h). */
#include "common/rules/stars.h"

#include <stdio.h>
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

int rules_stars_clamp(int stars)
{
    return stars < STARS_MIN ? STARS_MIN : stars > STARS_MAX ? STARS_MAX : stars;
}

int rules_stars_rating(int base, const int *deltas, int n)
{
    long sum = base;
    for (int i = 0; i < n; i++)
        sum += deltas[i];
    return rules_stars_clamp(sum < -100 ? -100 : sum > 100 ? 100 : (int)sum);
}

static int digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

const char *rules_stars_period(const char *s, char kind, int today, char out[11], char last[11])
{
    static const char *const wants[] = {"半年应写作 2026H1 或 2026H2",
                                        "季度应写作 2026Q1 到 2026Q4", "年份应写作 2026",
                                        "期间应为季度（2026Q3）或年份（2026）"};
    const char *want = wants[kind == 'h' ? 0 : kind == 'q' ? 1 : kind == 'y' ? 2 : 3];
    size_t len = strlen(s);
    int y, m, d, first_m, months;
    if (len < 4 || !digits(s, 4))
        return want;
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    if (len == 4 && (kind == 'y' || kind == 'p')) {
        first_m = 1;
        months = 12;
    } else if (len == 6 && kind == 'h' && s[4] == 'H' && (s[5] == '1' || s[5] == '2')) {
        first_m = s[5] == '1' ? 1 : 7;
        months = 6;
    } else if (len == 6 && (kind == 'q' || kind == 'p') && s[4] == 'Q' && s[5] >= '1' &&
               s[5] <= '4') {
        first_m = (s[5] - '1') * 3 + 1;
        months = 3;
    } else {
        return want;
    }
    rules_civil_from_days(today, &y, &m, &d);
    if (year < STARS_FIRST_YEAR || year > y)
        return "年份应为 " STR(STARS_FIRST_YEAR) " 年到今年";
    int start = rules_days_from_civil(year, first_m, 1);
    if (start > today)
        return "期间尚未开始";
    rules_date_format(start, out);
    if (last != NULL) {
        int end_m = first_m + months;
        int end = end_m > 12 ? rules_days_from_civil(year + 1, 1, 1) - 1
                             : rules_days_from_civil(year, end_m, 1) - 1;
        rules_date_format(end, last);
    }
    return NULL;
}

const char *rules_stars_period_of(int day, char kind, char out[8])
{
    int y, m, d;
    rules_civil_from_days(day, &y, &m, &d);
    unsigned n = kind == 'h' ? (m <= 6 ? 1u : 2u) : (unsigned)(m - 1) / 3u % 4u + 1u;
    snprintf(out, 8, "%04u%c%u", (unsigned)y % 10000u, kind == 'h' ? 'H' : 'Q', n);
    return out;
}

static const char *county_problem(const char *code, const char **field)
{
    if (rules_code_level(code) != ORG_COUNTY)
        FAIL("county_code", "请给出区县的 12 位区划代码");
    return NULL;
}

static const char *period_problem(const char *s, char kind, int today, const char *name,
                                  const char **field)
{
    char day[11];
    const char *problem = rules_stars_period(s, kind, today, day, NULL);
    if (problem != NULL)
        FAIL(name, problem);
    return NULL;
}

static const char *reason_problem(const char *reason, const char **field)
{
    if (!rules_text_ok(reason, 1, STARS_REASON_MAX))
        FAIL("reason", "请填写理由（1 到 " STR(STARS_REASON_MAX) " 个字符）");
    return NULL;
}

/* A rule row's code: 1 to 20 letters, digits, '_' or '-'. */
static int code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 20)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

const char *rules_stars_compute_problem(const Zhucun__StarsCompute *in, int today,
                                        const char **field)
{
    const char *problem = county_problem(in->county_code, field);
    return problem != NULL ? problem : period_problem(in->half, 'h', today, "half", field);
}

const char *rules_stars_adjust_problem(const Zhucun__StarsAdjust *in, int today, const char **field)
{
    const char *problem;
    if (in->team_id <= 0)
        FAIL("team_id", "请给出工作队编号");
    if ((problem = period_problem(in->half, 'h', today, "half", field)) != NULL)
        return problem;
    if (!code_ok(in->code))
        FAIL("code", "请给出本市量化指标的代码（1 到 20 个字母、数字、_ 或 -）");
    return reason_problem(in->reason, field);
}

const char *rules_filing_submit_problem(const char *county_code, const char *period, char kind,
                                        int today, const char **field)
{
    const char *problem = county_problem(county_code, field);
    return problem != NULL ? problem : period_problem(period, kind, today, "period", field);
}

const char *rules_stars_status_problem(const Zhucun__StarsStatus *in, int today, const char **field)
{
    char kind;
    if (strcmp(in->kind, "stars") == 0)
        kind = 'h';
    else if (strcmp(in->kind, "points") == 0)
        kind = 'q';
    else
        FAIL("kind", "备案种类应为 stars（星级，按半年）或 points（积分，按季度）");
    const char *problem = period_problem(in->period, kind, today, "period", field);
    if (problem != NULL)
        return problem;
    if (in->org_code[0] != '\0' && rules_code_level(in->org_code) < 0)
        FAIL("org_code", "区划代码应为 12 位数字");
    return NULL;
}

const char *rules_stars_list_problem(const Zhucun__StarsList *in, int today, const char **field)
{
    const char *problem = county_problem(in->county_code, field);
    return problem != NULL ? problem : period_problem(in->half, 'h', today, "half", field);
}

const char *rules_stars_codes_problem(const Zhucun__StarsCodes *in, int today, const char **field)
{
    const char *problem = county_problem(in->county_code, field);
    if (problem == NULL && in->half[0] != '\0')
        problem = period_problem(in->half, 'h', today, "half", field);
    if (problem == NULL && in->quarter[0] != '\0')
        problem = period_problem(in->quarter, 'q', today, "quarter", field);
    return problem;
}

const char *rules_cadre_points_rate_problem(const Zhucun__CadrePointsRate *in, int today,
                                            const char **field)
{
    const char *problem = county_problem(in->county_code, field);
    return problem != NULL ? problem : period_problem(in->quarter, 'q', today, "quarter", field);
}

const char *rules_cadre_points_add_problem(const Zhucun__CadrePointsAdd *in, int today,
                                           const char **field)
{
    const char *problem;
    if (in->person_id <= 0)
        FAIL("person_id", "请给出干部的人员编号");
    if ((problem = period_problem(in->quarter, 'q', today, "quarter", field)) != NULL)
        return problem;
    if (!code_ok(in->item_code))
        FAIL("item_code", "请给出加分或减分项目的代码（1 到 20 个字母、数字、_ 或 -）");
    if ((problem = reason_problem(in->reason, field)) != NULL)
        return problem;
    if (strcmp(in->source_kind, "inspection") == 0 || strcmp(in->source_kind, "assessment") == 0)
        FAIL("source_kind", "督查发现的扣分由督查记录写入，考核等次的初始积分由积分评定写入");
    if (strcmp(in->source_kind, "circular") != 0 && strcmp(in->source_kind, "commendation") != 0 &&
        strcmp(in->source_kind, "other") != 0)
        FAIL("source_kind", "来源应为 circular（通报）、commendation（表彰）或 other（其他）");
    if (in->source_id < 0 || (strcmp(in->source_kind, "other") != 0 && in->source_id == 0))
        FAIL("source_id", "通报或表彰请给出其编号");
    if (in->n_evidence > STARS_EVIDENCE_MAX)
        FAIL("evidence", "一条积分记录最多附 " STR(STARS_EVIDENCE_MAX) " 份证明材料");
    for (size_t i = 0; i < in->n_evidence; i++)
        if (in->evidence[i].len != STARS_SHA256_LEN)
            FAIL("evidence", "证明材料应以其 SHA-256（32 字节）给出");
    return NULL;
}

const char *rules_cadre_points_history_problem(const Zhucun__CadrePointsHistory *in,
                                               const char **field)
{
    if (in->person_id < 0)
        FAIL("person_id", "人员编号不能为负（0 表示本人）");
    return NULL;
}

const char *rules_cadre_points_ranking_problem(const Zhucun__CadrePointsRanking *in, int today,
                                               const char **field)
{
    int level = rules_code_level(in->org_code);
    if (in->org_code[0] != '\0' && (level < 1 || level > ORG_COUNTY))
        FAIL("org_code", "排名按区县或市（或全省）：请给出其 12 位区划代码");
    const char *problem = period_problem(in->period, 'p', today, "period", field);
    if (problem != NULL)
        return problem;
    if (in->limit > STARS_RANKING_MAX)
        FAIL("limit", "一次最多列出 " STR(STARS_RANKING_MAX) " 名");
    return NULL;
}
