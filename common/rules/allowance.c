/* allowance.c -- the checks of the allowance calls and money as yuan (allowance.h). */
#include "common/rules/allowance.h"

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

static const char *const STATUSES[] = {"draft",    "confirmed", "pending", "approved",
                                       "rejected", "returned",  NULL};

/* A month "YYYY-MM" from ALLOWANCE_FIRST_YEAR: its year and month, or the message. */
static const char *month_parse(const char *month, int *y, int *m)
{
    if (strlen(month) != 7 || rules_digits(month, 4) < 0 || month[4] != '-' ||
        rules_digits(month + 5, 2) < 0)
        return "月份格式应为 YYYY-MM";
    *y = rules_digits(month, 4);
    *m = rules_digits(month + 5, 2);
    if (*m < 1 || *m > 12)
        return "月份应为 01 到 12";
    if (*y < ALLOWANCE_FIRST_YEAR)
        return "驻村补助从 " STR(ALLOWANCE_FIRST_YEAR) " 年 1 月起";
    return NULL;
}

/* Months from today's month to y-m (negative: before it). */
static int months_from_today(int today, int y, int m)
{
    int ty, tm, td;
    rules_civil_from_days(today, &ty, &tm, &td);
    return (y - ty) * 12 + (m - tm);
}

const char *rules_allowance_month_problem(const char *month, int today, int *first)
{
    int y, m;
    const char *problem = month_parse(month, &y, &m);
    if (problem != NULL)
        return problem;
    if (months_from_today(today, y, m) > 0)
        return "不能是尚未到来的月份";
    *first = rules_days_from_civil(y, m, 1);
    return NULL;
}

/* Whose statements: a place ("" every place), a unit and a cadre (0: every one). */
static const char *whose_problem(const char *org_code, int64_t unit_id, int64_t person_id,
                                 const char **field)
{
    if (org_code[0] != '\0' && rules_code_level(org_code) < 0)
        FAIL("org_code", "区划代码应为 12 位数字");
    if (unit_id < 0)
        FAIL("unit_id", "派出单位编号应为正整数（0：全部单位）");
    if (person_id < 0)
        FAIL("person_id", "人员编号应为正整数（0：全部干部）");
    return NULL;
}

const char *rules_allowance_compute_problem(const Zhucun__AllowanceCompute *in, int today,
                                            const char **field)
{
    int first;
    const char *problem = rules_allowance_month_problem(in->month, today, &first);
    if (problem != NULL)
        FAIL("month", problem);
    if ((problem = whose_problem(in->org_code, in->unit_id, in->person_id, field)) != NULL)
        return problem;
    return NULL;
}

const char *rules_allowance_ids_problem(size_t n, const int64_t *ids, const char **field)
{
    if (n == 0)
        FAIL("ids", "请至少列出一张补助表");
    if (n > ALLOWANCE_BATCH_MAX)
        FAIL("ids", "一次至多处理 " STR(ALLOWANCE_BATCH_MAX) " 张补助表");
    for (size_t i = 0; i < n; i++) {
        if (ids[i] <= 0)
            FAIL("ids", "补助表编号应为正整数");
        for (size_t k = 0; k < i; k++)
            if (ids[k] == ids[i])
                FAIL("ids", "同一补助表不能重复列出");
    }
    return NULL;
}

const char *rules_allowance_correct_problem(const Zhucun__AllowanceCorrect *in, const char **field)
{
    if (!rules_text_ok(in->reason, 1, ALLOWANCE_REASON_MAX))
        FAIL("reason", "请说明更正的原因（1 到 " STR(ALLOWANCE_REASON_MAX) " 个字符）");
    return NULL;
}

const char *rules_allowance_list_problem(const Zhucun__AllowanceList *in, int today,
                                         const char **field)
{
    int first;
    const char *problem;
    if (in->month[0] != '\0' &&
        (problem = rules_allowance_month_problem(in->month, today, &first)) != NULL)
        FAIL("month", problem);
    if ((problem = whose_problem(in->org_code, in->unit_id, in->person_id, field)) != NULL)
        return problem;
    if (in->status[0] != '\0') {
        int known = 0;
        for (const char *const *s = STATUSES; *s != NULL; s++)
            known |= strcmp(*s, in->status) == 0;
        if (!known)
            FAIL("status", "状态应为 draft、confirmed、pending、approved、rejected 或 returned");
    }
    if (in->limit > ALLOWANCE_LIST_MAX)
        FAIL("limit", "条数至多为 " STR(ALLOWANCE_LIST_MAX));
    return NULL;
}

int rules_allowance_rates_ok(long long living_fen_per_day, long long transport_fen)
{
    return living_fen_per_day >= 0 && living_fen_per_day <= ALLOWANCE_LIVING_MAX_FEN &&
           transport_fen >= 0 && transport_fen <= ALLOWANCE_TRANSPORT_MAX_FEN;
}

long long rules_allowance_amount(int days_present, long long living_fen_per_day,
                                 long long transport_fen)
{
    if (days_present <= 0)
        return 0;
    return days_present * living_fen_per_day + transport_fen;
}

const char *rules_allowance_yuan(long long fen, char out[ALLOWANCE_YUAN_LEN])
{
    unsigned long long a = fen < 0 ? 0ULL - (unsigned long long)fen : (unsigned long long)fen;
    snprintf(out, ALLOWANCE_YUAN_LEN, "%s%llu.%02llu", fen < 0 ? "-" : "", a / 100, a % 100);
    return out;
}

int rules_allowance_level_ok(const char *level)
{
    static const char *const LEVELS[] = {"central", "province", "city", "county", NULL};
    for (const char *const *l = LEVELS; *l != NULL; l++)
        if (strcmp(*l, level) == 0)
            return 1;
    return 0;
}

/* "" or the code of a county (level 3). */
static int county_ok(const char *code)
{
    return code[0] == '\0' || rules_code_level(code) == 3;
}

const char *rules_allowance_rate_set_problem(const Zhucun__AllowanceRateSet *in, int today,
                                             const char **field)
{
    if (!rules_allowance_level_ok(in->unit_level))
        FAIL("unit_level", "单位级别应为 central、province、city 或 county");
    if (!county_ok(in->county_code))
        FAIL("county_code", "县的区划代码应为 12 位数字的县级代码（空：全省标准）");
    if (in->living_fen_per_day < 0 || in->living_fen_per_day > ALLOWANCE_LIVING_MAX_FEN)
        FAIL("living_fen_per_day",
             "生活补助标准应为每天 0 到 500 元（0 到 " STR(ALLOWANCE_LIVING_MAX_FEN) " 分）");
    if (in->transport_fen < 0 || in->transport_fen > ALLOWANCE_TRANSPORT_MAX_FEN)
        FAIL("transport_fen",
             "交通补助标准应为每月 0 到 5000 元（0 到 " STR(ALLOWANCE_TRANSPORT_MAX_FEN) " 分）");
    int y, m;
    const char *problem = month_parse(in->valid_from, &y, &m);
    if (problem != NULL)
        FAIL("valid_from", problem);
    int ahead = months_from_today(today, y, m);
    if (ahead < 0)
        FAIL("valid_from", "补助标准只能从本月或以后的月份起施行：已过去的月份不变");
    if (ahead > ALLOWANCE_RATE_AHEAD_MONTHS)
        FAIL("valid_from", "补助标准至多提前 " STR(ALLOWANCE_RATE_AHEAD_MONTHS) " 个月发布");
    if (!rules_text_ok(in->note, 0, ALLOWANCE_RATE_NOTE_MAX))
        FAIL("note", "说明至多 " STR(ALLOWANCE_RATE_NOTE_MAX) " 个字符");
    return NULL;
}

const char *rules_allowance_rate_list_problem(const Zhucun__AllowanceRateList *in,
                                              const char **field)
{
    if (!county_ok(in->county_code))
        FAIL("county_code", "县的区划代码应为 12 位数字的县级代码（空：全省标准）");
    if (in->on[0] != '\0') {
        int ok, day = rules_date_days(in->on, &ok);
        if (!ok)
            FAIL("on", "日期格式应为 YYYY-MM-DD");
        if (day < rules_days_from_civil(ALLOWANCE_FIRST_YEAR, 1, 1))
            FAIL("on", "驻村补助从 " STR(ALLOWANCE_FIRST_YEAR) " 年 1 月起");
    }
    return NULL;
}
