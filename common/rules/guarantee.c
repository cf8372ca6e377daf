/* guarantee.c -- the checks of the three guarantees, water and labour records (guarantee.h). */
#include "common/rules/guarantee.h"

#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/rules/org.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

static int one_of(const char *s, const char *const *values)
{
    for (; *values != NULL; values++)
        if (strcmp(s, *values) == 0)
            return 1;
    return 0;
}

int rules_compulsory_school_age(int birth, int day)
{
    int by, bm, bd, y, m, d;
    rules_civil_from_days(birth, &by, &bm, &bd);
    rules_civil_from_days(day, &y, &m, &d);
    int school_year = m >= 9 ? y : y - 1; /* the school year day falls in begins then */
    int first = by + COMPULSORY_SCHOOL_START_AGE + (bm >= 9 ? 1 : 0);
    return school_year >= first && school_year < first + COMPULSORY_SCHOOL_YEARS;
}

const char *rules_guarantee_area(const char *kind)
{
    static const char *const map[][2] = {{"schooling", "education"},
                                         {"insurance", "medical"},
                                         {"hospital", "medical"},
                                         {"housing", "housing"},
                                         {"water", "water"}};
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(kind, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

/* A date that is a real YYYY-MM-DD and not after today. */
static const char *date_problem(const char *s, int today)
{
    int ok;
    int day = rules_date_days(s, &ok);
    if (!ok)
        return "日期应为 YYYY-MM-DD";
    if (day > today)
        return "日期不能晚于今天";
    return NULL;
}

/* A text of at most max characters of valid UTF-8. */
static int text_ok(const char *s, long max)
{
    long n = rules_utf8_chars(s);
    return n >= 0 && n <= max;
}

const char *rules_guarantee_record_problem(const Zhucun__GuaranteeRecord *in, int today,
                                           const char **field)
{
    static const char *const schooling[] = {"enrolled", "transferred", "dropped_out",
                                            "home_schooling", NULL};
    static const char *const insurance[] = {"enrolled", "not_enrolled", NULL};
    static const char *const hospital[] = {"settled", "pending", NULL};
    static const char *const housing[] = {"A", "B", "C", "D", NULL};
    static const char *const water[] = {"source_short", "seasonal_shortage", "quality",
                                        "inconvenient", "broken_pipes",      NULL};
    static const char *const chronic[] = {"none", "covered", "not_covered", NULL};
    static const char *const renovation[] = {"none", "in_progress", "finished", NULL};
    const char *kind = in->kind, *problem;
    if (rules_guarantee_area(kind) == NULL) {
        *field = "kind";
        return "类别应为 schooling（就学）、insurance（医保）、hospital（住院）、housing（住房）或 "
               "water（饮水）";
    }
    int village_water = strcmp(kind, "water") == 0 && in->household_id <= 0;
    if (village_water && in->village_code[0] == '\0') {
        *field = "household_id";
        return "请给出农户（household_id），村里的饮水问题给出行政村（village_code）";
    }
    if (!village_water && in->household_id <= 0) {
        *field = "household_id";
        return "请给出农户（household_id）";
    }
    if (in->household_id > 0 && in->village_code[0] != '\0') {
        *field = "village_code";
        return "农户的记录不填行政村（village_code 只用于村里的饮水问题）";
    }
    int per_member = strcmp(kind, "schooling") == 0 || strcmp(kind, "insurance") == 0 ||
                     strcmp(kind, "hospital") == 0;
    if (per_member && in->member_id <= 0) {
        *field = "member_id";
        return "就学、医保和住院记录须指定家庭成员（member_id）";
    }
    if (!per_member && in->member_id > 0) {
        *field = "member_id";
        return "住房和饮水记录属于农户或村，不指定家庭成员";
    }
    if ((problem = date_problem(in->on_date, today)) != NULL) {
        *field = "on_date";
        return problem;
    }
    const char *const *statuses = strcmp(kind, "schooling") == 0   ? schooling
                                  : strcmp(kind, "insurance") == 0 ? insurance
                                  : strcmp(kind, "hospital") == 0  ? hospital
                                  : strcmp(kind, "housing") == 0   ? housing
                                                                   : water;
    if (!one_of(in->status, statuses)) {
        *field = "status";
        return statuses == schooling ? "就学情况应为 enrolled（在校）、transferred（转学）、"
                                       "dropped_out（辍学）或 home_schooling（送教上门）"
               : statuses == insurance ? "参保情况应为 enrolled（已参保）或 not_enrolled（未参保）"
               : statuses == hospital ? "住院报销应为 settled（已落实）或 pending（未落实）"
               : statuses == housing ? "住房安全鉴定等级应为 A、B、C 或 D"
                                     : "饮水问题应为 source_short（水源不足）、seasonal_shortage"
                                       "（季节性缺水）、quality（水质不达标）、inconvenient"
                                       "（用水不方便）或 broken_pipes（管网破损）";
    }
    if (!text_ok(in->place, GUARANTEE_PLACE_MAX)) {
        *field = "place";
        return "学校或医院名称过长（最多 " STR(GUARANTEE_PLACE_MAX) " 个字符）";
    }
    if (strcmp(kind, "schooling") == 0 && strcmp(in->status, "transferred") == 0 &&
        in->place[0] == '\0') {
        *field = "place";
        return "转学须填写转入的学校";
    }
    if (strcmp(kind, "hospital") == 0 && in->place[0] == '\0') {
        *field = "place";
        return "请填写住院的医院";
    }
    if (strcmp(kind, "insurance") == 0 && !one_of(in->chronic, chronic)) {
        *field = "chronic";
        return "慢性病保障应为 none（无慢性病）、covered（已纳入）或 not_covered（符合条件未纳入）";
    }
    if (strcmp(kind, "hospital") == 0) {
        if (in->cost_total_fen < 0 || in->cost_total_fen > GUARANTEE_COST_MAX_FEN) {
            *field = "cost_total_fen";
            return "住院总费用应在 0 到 1000 万元之间（单位：分）";
        }
        if (in->cost_own_fen < 0 || in->cost_own_fen > in->cost_total_fen) {
            *field = "cost_own_fen";
            return "个人自付应在 0 到住院总费用之间（单位：分）";
        }
    }
    if (strcmp(kind, "housing") == 0 && !one_of(in->renovation, renovation)) {
        *field = "renovation";
        return "危房改造应为 none（未改造）、in_progress（改造中）或 finished（已完成）";
    }
    if (!text_ok(in->note, GUARANTEE_NOTE_MAX)) {
        *field = "note";
        return "备注过长（最多 " STR(GUARANTEE_NOTE_MAX) " 个字符）";
    }
    return NULL;
}

const char *rules_guarantee_resolve_problem(const Zhucun__GuaranteeResolve *in, int today,
                                            const char **field)
{
    const char *problem = date_problem(in->resolved_on, today);
    if (problem != NULL) {
        *field = "resolved_on";
        return problem;
    }
    long n = rules_utf8_chars(in->resolution);
    if (n < 1 || n > GUARANTEE_RESOLUTION_MAX) {
        *field = "resolution";
        return "请写明如何解决（1 到 " STR(GUARANTEE_RESOLUTION_MAX) " 个字符）";
    }
    return NULL;
}

const char *rules_labour_record_problem(const Zhucun__LabourRecord *in, int today,
                                        const char **field)
{
    static const char *const status[] = {"local",         "in_province", "out_of_province",
                                         "self_employed", "not_working", NULL};
    static const char *const subsidy[] = {"none", "applied", "paid", NULL};
    const char *problem = date_problem(in->on_date, today);
    if (problem != NULL) {
        *field = "on_date";
        return problem;
    }
    if (!one_of(in->status, status)) {
        *field = "status";
        return "务工状态应为 "
               "local（本地务工）、in_province（省内外出）、out_of_province（省外务工）、"
               "self_employed（自主创业）或 not_working（未就业）";
    }
    const char *texts[3] = {in->place, in->work, in->training};
    static const char *const names[3] = {"place", "work", "training"};
    for (int i = 0; i < 3; i++) {
        if (!text_ok(texts[i], LABOUR_TEXT_MAX)) {
            *field = names[i];
            return "务工地点、工种和培训各最多 " STR(LABOUR_TEXT_MAX) " 个字符";
        }
    }
    if (!one_of(in->subsidy, subsidy)) {
        *field = "subsidy";
        return "一次性交通补贴应为 none（无）、applied（已申请）或 paid（已发放）";
    }
    if (strcmp(in->subsidy, "none") != 0 && strcmp(in->status, "in_province") != 0 &&
        strcmp(in->status, "out_of_province") != 0) {
        *field = "subsidy";
        return "一次性交通补贴只发给外出务工（in_province、out_of_province）的脱贫劳动力";
    }
    if (!text_ok(in->note, GUARANTEE_NOTE_MAX)) {
        *field = "note";
        return "备注过长（最多 " STR(GUARANTEE_NOTE_MAX) " 个字符）";
    }
    return NULL;
}

/* An org code of 12 digits, or none. */
static int org_code_ok(const char *code)
{
    return code[0] == '\0' || rules_code_level(code) >= 0;
}

const char *rules_guarantee_list_problem(const Zhucun__GuaranteeList *in, const char **field)
{
    if ((in->household_id > 0) == (in->village_code[0] != '\0')) {
        *field = "household_id";
        return "请给出农户（household_id）或行政村（village_code，村的饮水台账）之一";
    }
    if (in->village_code[0] != '\0' && rules_code_level(in->village_code) != ORG_VILLAGE) {
        *field = "village_code";
        return "请填写 12 位行政村代码";
    }
    return NULL;
}

const char *rules_guarantee_gaps_problem(const Zhucun__GuaranteeGaps *in, const char **field)
{
    if (!org_code_ok(in->org_code)) {
        *field = "org_code";
        return "区划代码应为 12 位数字";
    }
    if (in->after < 0) {
        *field = "after";
        return "after 应为上一页最后一户的编号";
    }
    return NULL;
}

const char *rules_labour_list_problem(const Zhucun__LabourList *in, int today, const char **field)
{
    int y, m, d;
    if (in->household_id > 0 && in->org_code[0] != '\0') {
        *field = "org_code";
        return "请给出农户（household_id）或区划（org_code）之一";
    }
    if (!org_code_ok(in->org_code)) {
        *field = "org_code";
        return "区划代码应为 12 位数字";
    }
    rules_civil_from_days(today, &y, &m, &d);
    if (in->year != 0 && (in->year < LABOUR_FIRST_YEAR || in->year > (unsigned)y)) {
        *field = "year";
        return "年份应在 " STR(LABOUR_FIRST_YEAR) " 年到今年之间";
    }
    return NULL;
}
